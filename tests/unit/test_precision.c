/* Quantized sizes: model_bytes per precision and scheme, activation memory
 * at sub-byte precisions, layers kept at fp16 (docs/whatif.md). */
#include "helpers.h"

/* conv 3 -> 8, 3x3, BN: 216 kernel weights, 8 biases once folded, on 5x5 */
static const char *const net = "[net]\nwidth=5\nheight=5\nchannels=3\n"
                               "[convolutional]\nbatch_normalize=1\nfilters=8\nsize=3\npad=1\n"
                               "activation=leaky\n"
                               "[convolutional]\nfilters=1\nsize=1\nactivation=linear\n";

static yf_model *with(int w, int a, int per_tensor, int asym, unsigned keep)
{
    yf_error err;
    yf_options o = {.weights_precision = w, .activations_precision = a,
                    .quant_per_tensor = per_tensor, .quant_asymmetric = asym, .keep_fp16 = keep};
    yf_model *m = load_opt(net, &o, &err);
    assert_non_null(m);
    return m;
}

static void quantized_weights_should_count_scales_and_int32_biases(void **state)
{
    (void)state;
    struct { int w, per_tensor, asym; int64_t bytes0; } cases[] = {
        {YF_PREC_FP32, 0, 0, 224 * 4},           /* params_fused 224 */
        {YF_PREC_FP16, 0, 0, 224 * 2},
        {YF_PREC_BF16, 0, 0, 224 * 2},
        {YF_PREC_INT8, 0, 0, 216 + 8 * 4 + 8 * 4}, /* kernel, int32 biases, a scale per channel */
        {YF_PREC_INT8, 1, 0, 216 + 8 * 4 + 4},     /* one scale */
        {YF_PREC_INT8, 0, 1, 216 + 8 * 4 + 8 * 5}, /* a zero-point byte with each scale */
        {YF_PREC_INT4, 0, 0, 108 + 8 * 4 + 8 * 4}, /* two to a byte */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        yf_model *m = with(cases[i].w, 0, cases[i].per_tensor, cases[i].asym, 0);
        assert_int_equal(m->layers[0].quant_weights, 216);
        assert_int_equal(m->layers[0].quant_channels, 8);
        assert_int_equal(m->layers[0].model_bytes, cases[i].bytes0);
        assert_int_equal(m->totals.model_bytes, m->layers[0].model_bytes + m->layers[1].model_bytes);
        yf_model_free(m);
    }
}

static void kept_layers_should_stay_at_fp16(void **state)
{
    (void)state;
    yf_model *m = with(YF_PREC_INT8, YF_PREC_INT8, 0, 0, YF_KEEP_FIRST);
    assert_int_equal(m->layers[0].weight_bits, 16);
    assert_int_equal(m->layers[0].activation_bits, 16);
    assert_int_equal(m->layers[0].model_bytes, 224 * 2);
    assert_int_equal(m->layers[0].output_bytes, 5 * 5 * 8 * 2);
    assert_int_equal(m->layers[1].weight_bits, 8);
    assert_int_equal(m->layers[1].output_bytes, 5 * 5);
    yf_model_free(m);
}

static void sub_byte_activations_should_round_up(void **state)
{
    (void)state;
    yf_model *m = with(YF_PREC_FP32, YF_PREC_INT4, 0, 0, 0);
    assert_int_equal(m->layers[1].output_bytes, 13); /* 25 elements at 4 bits */
    assert_int_equal(m->activations_precision, YF_PREC_INT4);
    assert_string_equal(yf_precision_label(m->weights_precision), "fp32");
    yf_model_free(m);
}

static void names_should_round_trip(void **state)
{
    (void)state;
    for (int p = YF_PREC_FP32; p <= YF_PREC_INT4; p++)
        assert_int_equal(yf_precision_find(yf_precision_label(p)), p);
    assert_int_equal(yf_precision_find("int2"), -1);
    assert_int_equal(yf_precision_bits(YF_PREC_INT4), 4);
    assert_int_equal(yf_precision_bits(YF_PREC_BF16), 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quantized_weights_should_count_scales_and_int32_biases),
        cmocka_unit_test(kept_layers_should_stay_at_fp16),
        cmocka_unit_test(sub_byte_activations_should_round_up),
        cmocka_unit_test(names_should_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
