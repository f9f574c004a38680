/* Whole-model figures: overrides, totals, memory, overflow. */
#include "helpers.h"

#define CONV1 "[convolutional]\nfilters=1\nsize=1\n"

static void model_should_apply_input_overrides(void **state)
{
    (void)state;
    yf_options o = {.width = 32, .height = 16, .channels = 2};
    yf_error err;
    yf_model *m = load_opt(NET(8, 8, 1) CONV1, &o, &err);
    assert_non_null(m);
    assert_int_equal(m->layers[0].in.w, 32);
    assert_int_equal(m->layers[0].in.h, 16);
    assert_int_equal(m->layers[0].in.c, 2);
    yf_model_free(m);
}

static void model_should_scale_macs_and_memory_with_batch(void **state)
{
    (void)state;
    yf_options o = {.batch = 3, .bytes_per_element = 2};
    yf_error err;
    yf_model *m = load_opt(NET(8, 8, 1) CONV1, &o, &err);
    assert_non_null(m);
    assert_int_equal(m->totals.macs, 3 * 64);
    assert_int_equal(m->layers[0].output_bytes, 3 * 64 * 2);
    assert_true(m->totals.bflops == 2.0 * 64 / 1e9); /* Darknet's is per image */
    yf_model_free(m);
}

static void model_should_free_buffers_after_their_last_reader(void **state)
{
    (void)state;
    /* input 256 B, three 256 B outputs in a chain: two alive at a time */
    yf_model *m = load(NET(8, 8, 1) CONV1 CONV1 CONV1);
    assert_int_equal(m->totals.activation_bytes, 3 * 256);
    assert_int_equal(m->totals.peak_activation_bytes, 2 * 256);
    yf_model_free(m);
    /* a route back to layer 0 keeps it alive: three at once at layer 2 */
    m = load(NET(8, 8, 1) CONV1 CONV1 "[route]\nlayers=0,-1\n");
    assert_int_equal(m->totals.peak_activation_bytes, 256 * 2 + 512);
    yf_model_free(m);
}

static void model_should_share_dropout_buffers(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) CONV1 "[dropout]\n" CONV1);
    assert_int_equal(m->totals.activation_bytes, 2 * 256);
    yf_model_free(m);
}

static void model_should_total_weights_file_bytes(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 3) "[convolutional]\nfilters=4\nsize=3\npad=1\n");
    assert_int_equal(m->totals.weights_file_floats, 108 + 4);
    assert_int_equal(m->totals.weights_file_bytes, 20 + 4 * 112);
    assert_true(m->totals.gflops == 2.0 * 108 * 64 / 1e9);
    yf_model_free(m);
}

static void model_should_reject_overflow_and_zero_outputs(void **state)
{
    (void)state;
    yf_options o = {.width = 1048576, .height = 1048576};
    yf_error err;
    yf_model *m = load_opt(NET(8, 8, 1) "[convolutional]\nfilters=1048576\nsize=3\npad=1\n"
                                        "[convolutional]\nfilters=1048576\nsize=3\npad=1\n",
                           &o, &err);
    assert_null(m);
    assert_non_null(strstr(err.message, "overflow"));
    yf_error e = load_fail(NET(4, 4, 1) "[maxpool]\nsize=4\nstride=4\npadding=0\n"
                                        "[convolutional]\nsize=3\n");
    assert_non_null(strstr(e.message, "larger than the padded input"));
}

static void model_should_require_net_first(void **state)
{
    (void)state;
    yf_error e = load_fail("[convolutional]\nsize=1\n");
    assert_non_null(strstr(e.message, "first section must be [net]"));
    e = load_fail(NET(4, 4, 1) "[Convolutional]\n");
    assert_non_null(strstr(e.message, "did you mean '[convolutional]'"));
    e = load_fail("[net]\n[convolutional]\n");
    assert_non_null(strstr(e.message, "must be set"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_should_apply_input_overrides),
        cmocka_unit_test(model_should_scale_macs_and_memory_with_batch),
        cmocka_unit_test(model_should_free_buffers_after_their_last_reader),
        cmocka_unit_test(model_should_share_dropout_buffers),
        cmocka_unit_test(model_should_total_weights_file_bytes),
        cmocka_unit_test(model_should_reject_overflow_and_zero_outputs),
        cmocka_unit_test(model_should_require_net_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
