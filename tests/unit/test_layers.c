/* One test per Darknet shape or cost rule (docs/formulas.md), each on a
 * hand-sized network whose figures are worked out in the comments. */
#include "helpers.h"

#include <stdio.h>

#define CONV(extra) "[convolutional]\n" extra "\n"

static void conv_should_let_pad_override_padding(void **state)
{
    (void)state;
    yf_model *m = load(NET(10, 10, 1) CONV("size=3\npadding=5\npad=1") CONV("size=3\npadding=5"));
    assert_int_equal(m->layers[0].out.w, 10);      /* padding = size/2 = 1 */
    assert_int_equal(m->layers[1].out.w, 18);      /* (10 + 10 - 3)/1 + 1 */
    yf_model_free(m);
}

static void conv_should_ignore_dilation_in_the_shape(void **state)
{
    (void)state;
    yf_model *m = load(NET(10, 10, 1) CONV("size=3\npad=1\ndilation=2"));
    assert_int_equal(m->layers[0].out.w, 10);
    yf_model_free(m);
}

static void conv_should_take_stride_for_a_missing_stride_y(void **state)
{
    (void)state;
    yf_model *m = load(NET(10, 10, 1) CONV("size=1\nstride_x=2") CONV("size=1\nstride_x=2\nstride_y=5"));
    assert_int_equal(m->layers[0].out.w, 5);
    assert_int_equal(m->layers[0].out.h, 10);
    assert_int_equal(m->layers[1].out.w, 3);
    assert_int_equal(m->layers[1].out.h, 2);
    yf_model_free(m);
}

static void conv_should_count_every_convention(void **state)
{
    (void)state;
    /* c=3, n=4, 3x3, 8x8 out: nweights 108, macs 108*64 = 6912 (+ BN 4*256) */
    yf_model *m = load(NET(8, 8, 3) CONV("batch_normalize=1\nfilters=4\nsize=3\npad=1"));
    const yf_layer *l = &m->layers[0];
    assert_int_equal(l->macs_fused, 6912);
    assert_int_equal(l->macs, 6912 + 1024);
    assert_int_equal(l->params, 108 + 8);
    assert_int_equal(l->params_fused, 108 + 4);
    assert_int_equal(l->buffers, 8);
    assert_int_equal(l->weights_file_floats, 108 + 16);
    assert_true(l->bflops == 2.0 * 108 * 64 / 1e9);
    assert_int_equal(l->output_bytes, 4 * 64 * 4);
    yf_model_free(m);
}

static void conv_should_truncate_channels_per_group_and_warn(void **state)
{
    (void)state;
    yf_model *m = load(NET(4, 4, 48) CONV("filters=10\ngroups=5"));
    assert_int_equal(m->layers[0].weights_file_floats, 9 * 10 + 10);
    assert_true(has_warning(m, "truncates to 9 per group"));
    yf_model_free(m);
}

static void conv_should_divide_xnor_bflops_by_32(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 2) CONV("filters=4\nsize=1\nxnor=1"));
    assert_true(m->layers[0].bflops == 2.0 * 8 * 64 / 1e9 / 32);
    assert_int_equal(m->layers[0].macs, 8 * 64);
    yf_model_free(m);
}

static void conv_should_not_write_shared_weights(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 2) CONV("filters=2\nsize=1") CONV("filters=2\nsize=1\nshare_index=-1"));
    assert_int_equal(m->layers[1].weights_file_floats, 0);
    assert_int_equal(m->layers[1].params, 0);
    assert_int_equal(m->layers[1].macs, 4 * 64);
    yf_model_free(m);
}

static void conv_should_pass_the_blur_output_on_with_antialiasing(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) CONV("filters=2\nsize=3\nstride=2\npad=1\nantialiasing=1")
                           "[maxpool]\nsize=1\nstride=1\n");
    assert_int_equal(m->layers[0].out.w, 8); /* the stride-1 host */
    assert_int_equal(m->layers[1].in.w, 4);  /* (8 + 2 - 3)/2 + 1 */
    /* host macs 2*9*64 + blur 2*4*4 outputs * 9 taps */
    assert_int_equal(m->layers[0].macs, 2 * 9 * 64 + 32 * 9);
    yf_model_free(m);
}

static void maxpool_should_treat_padding_as_a_total(void **state)
{
    (void)state;
    yf_model *m = load(NET(13, 13, 3) "[maxpool]\nsize=2\nstride=2\n[maxpool]\nsize=2\nstride=1\n");
    assert_int_equal(m->layers[0].out.w, 7);
    assert_int_equal(m->layers[1].out.w, 7);
    assert_true(m->layers[0].bflops == (double)(4 * 3 * 49) / 1e9);
    assert_int_equal(m->layers[0].macs, 0);
    yf_model_free(m);
}

static void maxpool_should_pool_depth_into_out_channels(void **state)
{
    (void)state;
    yf_model *m = load(NET(5, 5, 8) "[maxpool]\nmaxpool_depth=1\nout_channels=2\n");
    assert_int_equal(m->layers[0].out.w, 5);
    assert_int_equal(m->layers[0].out.c, 2);
    yf_model_free(m);
}

static void avgpool_should_count_window_inputs_plus_outputs(void **state)
{
    (void)state;
    yf_model *m = load(NET(4, 4, 1) "[local_avgpool]\nsize=2\nstride=2\n[avgpool]\n");
    assert_int_equal(m->layers[0].out.w, 2);
    assert_int_equal(m->layers[0].macs, 16 + 4);
    assert_int_equal(m->layers[1].macs, 4 + 1);
    yf_model_free(m);
}

static void route_should_split_channels_into_groups(void **state)
{
    (void)state;
    yf_model *m = load(NET(6, 6, 1) CONV("filters=8\nsize=1") "[route]\nlayers=-1\ngroups=2\ngroup_id=1\n"
                           "[route]\nlayers=-2,0\n");
    assert_int_equal(m->layers[1].out.c, 4);
    assert_int_equal(m->layers[1].outputs, 6 * 6 * 4);
    assert_int_equal(m->layers[2].out.c, 16);
    yf_model_free(m);
}

static void route_should_reject_different_sizes_and_forward_refs(void **state)
{
    (void)state;
    yf_error e = load_fail_code(NET(8, 8, 1) CONV("size=1") "[maxpool]\nsize=2\nstride=2\n[route]\nlayers=-1,-2\n", YF_ERR_SHAPE);
    assert_non_null(strstr(e.message, "different sizes"));
    e = load_fail_code(NET(8, 8, 1) CONV("size=1") "[route]\nlayers=1\n", YF_ERR_GRAPH);
    assert_non_null(strstr(e.message, "only earlier layers"));
    e = load_fail(NET(8, 8, 1) CONV("size=1") "[route]\nlayers=-5\n");
    assert_non_null(strstr(e.message, "before the first layer"));
}

static void shortcut_should_count_weights_and_bflops(void **state)
{
    (void)state;
    yf_model *m = load(NET(4, 4, 2) CONV("filters=2\nsize=1") CONV("filters=2\nsize=1")
                           "[shortcut]\nfrom=0,-2\nweights_type=per_channel\n"
                           "weights_normalization=relu\n");
    const yf_layer *l = &m->layers[2];
    assert_int_equal(l->weights_file_floats, 3 * 2);
    assert_int_equal(l->params, 6);
    assert_true(l->bflops == (double)(4 * 4 * 2 * 2) / 1e9 * 2);
    yf_model_free(m);
}

static void shortcut_should_reject_different_sizes(void **state)
{
    (void)state;
    yf_error e = load_fail(NET(8, 8, 1) CONV("size=1") "[maxpool]\nsize=2\nstride=2\n[shortcut]\nfrom=-2\n");
    assert_non_null(strstr(e.message, "different sizes"));
    assert_int_equal(e.line, 11);
}

static void upsample_should_downsample_with_negative_stride(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 3) "[upsample]\nstride=-2\n[upsample]\n");
    assert_int_equal(m->layers[0].out.w, 4);
    assert_int_equal(m->layers[1].out.w, 8);
    yf_model_free(m);
}

static void reorg_should_move_space_into_channels(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 4) "[reorg3d]\nstride=2\n[reorg]\nstride=2\nreverse=1\n");
    assert_int_equal(m->layers[0].out.w, 4);
    assert_int_equal(m->layers[0].out.c, 16);
    assert_int_equal(m->layers[1].out.w, 8);
    assert_int_equal(m->layers[1].out.c, 4);
    yf_model_free(m);
}

static void yolo_should_use_num_without_mask_and_refuse_wrong_filters(void **state)
{
    (void)state;
    yf_model *m = load(NET(4, 4, 1) CONV("filters=21\nsize=1") "[yolo]\nclasses=2\nnum=3\n");
    const yf_layer *l = &m->layers[1];
    assert_int_equal(l->out.c, 21);
    assert_int_equal(l->head.n_boxes, 48);
    assert_int_equal(m->totals.n_boxes, 48);
    yf_model_free(m);
    /* Darknet refuses a head whose size differs from its input (parse_yolo) */
    yf_error e = load_fail_code(NET(4, 4, 1) CONV("filters=20\nsize=1") "[yolo]\nclasses=2\nnum=3\n",
                                YF_ERR_SHAPE);
    assert_non_null(strstr(e.message, "set filters=21"));
}

static void connected_should_count_bias_or_batchnorm(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) "[connected]\noutput=10\nbatch_normalize=1\n");
    const yf_layer *l = &m->layers[0];
    assert_int_equal(l->out.c, 10);
    assert_int_equal(l->weights_file_floats, 10 + 640 + 30);
    assert_int_equal(l->params, 640 + 20);
    assert_int_equal(l->params_fused, 650);
    assert_int_equal(l->macs, 640 + 40);
    assert_true(l->bflops == 0);
    yf_model_free(m);
}

static void batchnorm_local_implicit_should_count_weights(void **state)
{
    (void)state;
    yf_model *m = load(NET(4, 4, 2) "[batchnorm]\n[local]\nfilters=3\nsize=3\npad=1\n"
                           "[implicit]\nfilters=5\natoms=2\n");
    assert_int_equal(m->layers[0].weights_file_floats, 8);
    assert_int_equal(m->layers[1].out.w, 4);
    assert_int_equal(m->layers[1].weights_file_floats, 48 + 9 * 2 * 48);
    assert_int_equal(m->layers[2].out.h, 2);
    assert_int_equal(m->layers[2].out.c, 5);
    assert_int_equal(m->layers[2].weights_file_floats, 10);
    yf_model_free(m);
}

static void crnn_should_sum_its_three_convs(void **state)
{
    (void)state;
    yf_model *m = load(NET(5, 5, 8) "[crnn]\nhidden=4\noutput=2\nsize=3\npad=1\nbatch_normalize=1\n");
    const yf_layer *l = &m->layers[0];
    assert_int_equal(l->out.c, 2);
    assert_int_equal(l->weights_file_floats, 288 + 16 + 144 + 16 + 72 + 8);
    assert_true(l->bflops == 2.0 * 288 * 25 / 1e9 + 2.0 * 144 * 25 / 1e9 + 2.0 * 72 * 25 / 1e9);
    yf_model_free(m);
}

static void recurrent_should_sum_connected_gates(void **state)
{
    (void)state;
    yf_model *m = load("[net]\ninputs=6\n[rnn]\nhidden=4\noutput=3\n[gru]\noutput=2\n[lstm]\noutput=2\n");
    assert_int_equal(m->layers[0].weights_file_floats, (4 + 24) + (4 + 16) + (3 + 12));
    assert_int_equal(m->layers[1].weights_file_floats, 3 * (2 + 6) + 3 * (2 + 4));
    assert_int_equal(m->layers[2].weights_file_floats, 4 * (2 + 4) + 4 * (2 + 4));
    yf_model_free(m);
}

static void softmax_should_count_thop_ops_and_zero_shape(void **state)
{
    (void)state;
    yf_model *m = load(NET(1, 1, 10) "[softmax]\n[cost]\n");
    assert_int_equal(m->layers[0].out.w, 0);
    assert_int_equal(m->layers[0].outputs, 10);
    assert_int_equal(m->layers[0].macs, 29);
    assert_int_equal(m->layers[1].outputs, 10);
    yf_model_free(m);
}

static void detection_should_check_its_input_size(void **state)
{
    (void)state;
    yf_error e = load_fail(NET(1, 1, 10) "[detection]\nside=7\nnum=2\nclasses=20\ncoords=4\n");
    assert_non_null(strstr(e.message, "= 1470"));
}

/* The window sum of local_avgpool's thop MACs is a closed form; check it
 * against counting every window, over many shapes. */
static int64_t brute_windows(int64_t in, int64_t out, int64_t size, int64_t s, int64_t off)
{
    int64_t sum = 0;
    for (int64_t o = 0; o < out; o++)
        for (int64_t x = o * s + off; x < o * s + off + size; x++)
            sum += x >= 0 && x < in;
    return sum;
}

static void local_avgpool_should_count_windows_in_closed_form(void **state)
{
    (void)state;
    unsigned seed = 12345;
    for (int t = 0; t < 300; t++) {
        seed = seed * 1103515245u + 12345u;
        int w = 1 + (int)(seed >> 16) % 23, h = 1 + (int)(seed >> 8) % 17;
        int size = 1 + (int)(seed >> 4) % 7, stride = 1 + (int)(seed >> 20) % 4;
        int pad = (int)(seed >> 12) % 9;
        if (w + pad < size || h + pad < size)
            continue;
        char text[256];
        snprintf(text, sizeof(text),
                 "[net]\nwidth=%d\nheight=%d\nchannels=2\n[local_avgpool]\nsize=%d\nstride=%d\n"
                 "padding=%d\n",
                 w, h, size, stride, pad);
        yf_model *m = load(text);
        const yf_layer *l = &m->layers[0];
        int64_t off = -pad / 2;
        int64_t want = brute_windows(w, l->out.w, size, stride, off) *
                           brute_windows(h, l->out.h, size, stride, off) * 2 +
                       l->outputs;
        assert_int_equal(l->macs, want);
        yf_model_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(local_avgpool_should_count_windows_in_closed_form),
        cmocka_unit_test(conv_should_let_pad_override_padding),
        cmocka_unit_test(conv_should_ignore_dilation_in_the_shape),
        cmocka_unit_test(conv_should_take_stride_for_a_missing_stride_y),
        cmocka_unit_test(conv_should_count_every_convention),
        cmocka_unit_test(conv_should_truncate_channels_per_group_and_warn),
        cmocka_unit_test(conv_should_divide_xnor_bflops_by_32),
        cmocka_unit_test(conv_should_not_write_shared_weights),
        cmocka_unit_test(conv_should_pass_the_blur_output_on_with_antialiasing),
        cmocka_unit_test(maxpool_should_treat_padding_as_a_total),
        cmocka_unit_test(maxpool_should_pool_depth_into_out_channels),
        cmocka_unit_test(avgpool_should_count_window_inputs_plus_outputs),
        cmocka_unit_test(route_should_split_channels_into_groups),
        cmocka_unit_test(route_should_reject_different_sizes_and_forward_refs),
        cmocka_unit_test(shortcut_should_count_weights_and_bflops),
        cmocka_unit_test(shortcut_should_reject_different_sizes),
        cmocka_unit_test(upsample_should_downsample_with_negative_stride),
        cmocka_unit_test(reorg_should_move_space_into_channels),
        cmocka_unit_test(yolo_should_use_num_without_mask_and_refuse_wrong_filters),
        cmocka_unit_test(connected_should_count_bias_or_batchnorm),
        cmocka_unit_test(batchnorm_local_implicit_should_count_weights),
        cmocka_unit_test(crnn_should_sum_its_three_convs),
        cmocka_unit_test(recurrent_should_sum_connected_gates),
        cmocka_unit_test(softmax_should_count_thop_ops_and_zero_shape),
        cmocka_unit_test(detection_should_check_its_input_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
