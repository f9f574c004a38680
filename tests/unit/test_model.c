/* Whole-model figures: overrides, totals, memory, overflow. */
#include "helpers.h"

#include <stdio.h>

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

static void model_should_suggest_misspelt_sections(void **state)
{
    (void)state;
    yf_error e = load_fail_code(NET(4, 4, 1) "[maxpol]\n", YF_ERR_VALUE);
    assert_non_null(strstr(e.message, "did you mean '[maxpool]'"));
    e = load_fail(NET(4, 4, 1) "[convolutoinal]\n");
    assert_non_null(strstr(e.message, "did you mean '[convolutional]'"));
    e = load_fail(NET(4, 4, 1) "[zzz]\n");
    assert_null(strstr(e.message, "did you mean"));
}

static yf_model *load_path(const char *path)
{
    yf_error err;
    yf_model *m = yf_model_load_file(path, NULL, &err);
    if (!m)
        print_error("%s: %s\n", path, err.message);
    assert_non_null(m);
    return m;
}

/* yf_layer.inputs: a route reads the sum of what it routes, every other
 * layer the previous layer's output; sources name those layers. */
static void model_should_know_what_each_layer_reads(void **state)
{
    (void)state;
    const char *cfgs[] = {"yolov3-tiny", "yolov3", "yolov3-spp", "yolov4-tiny", "yolov4",
                          "yolov4-csp"};
    for (size_t k = 0; k < sizeof(cfgs) / sizeof(cfgs[0]); k++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/cfg/%s.cfg", YF_SOURCE_DIR, cfgs[k]);
        yf_model *m = load_path(path);
        for (int i = 0; i < m->n_layers; i++) {
            const yf_layer *l = &m->layers[i];
            int64_t want = i ? m->layers[i - 1].outputs : m->input.w * m->input.h * m->input.c;
            if (l->flags & YF_LAYER_NO_PREV) {
                want = 0;
                for (int s = 0; s < l->n_sources; s++)
                    want += m->layers[l->sources[s]].outputs;
            } else {
                assert_int_equal(l->sources[0], i - 1);
            }
            assert_int_equal(l->inputs, want);
        }
        if (k == 0)
            assert_int_equal(m->layers[17].inputs, 13 * 13 * 256);
        yf_model_free(m);
    }
}

static void model_should_sort_warnings_by_line(void **state)
{
    (void)state;
    /* the stride warning of the head (line 7) is found after the unknown key (line 12) */
    yf_model *m = load("[net]\nwidth=11\nheight=10\nchannels=5\n[maxpool]\nsize=2\nstride=2\n"
                       "[yolo]\nclasses=0\n"
                       "[convolutional]\nsize=1\nfliters=1\n");
    assert_true(m->n_warnings >= 2);
    for (int i = 1; i < m->n_warnings; i++)
        assert_true(m->warnings[i - 1].line <= m->warnings[i].line);
    yf_model_free(m);
}

static void model_should_record_training_settings(void **state)
{
    (void)state;
    yf_model *m = load("[net]\nwidth=32\nheight=32\nchannels=3\nbatch=64\nsubdivisions=16\n"
                       "max_batches=6000\nadam=1\noptimized_memory=2\nresize_step=64\n"
                       "policy=steps\nsteps=4800,5400\nscales=.1,.1\n"
                       CONV1 "stopbackward=1\n" CONV1 "onlyforward=1\n"
                       "[convolutional]\nfilters=18\nsize=1\n"
                       "[yolo]\nmask=0,1,2\nnum=3\nclasses=1\nrandom=1.2\nmax=90\n" CONV1);
    const yf_train_cfg *t = &m->train;
    assert_int_equal(t->batch, 64);
    assert_int_equal(t->subdivisions, 16);
    assert_int_equal(t->time_steps, 1);
    assert_int_equal(t->max_batches, 6000);
    assert_int_equal(t->adam, 1);
    assert_int_equal(t->optimized_memory, 2);
    assert_true(t->resize_step == 64);
    assert_string_equal(t->policy, "steps");
    assert_int_equal(t->n_steps, 2);
    assert_int_equal(t->last_stop_backward, 0);
    assert_int_equal(m->layers[1].onlyforward, 1);
    assert_int_equal(t->random_layer, 3); /* the last head, not the last layer */
    assert_true(t->random == 1.2);
    assert_int_equal(m->layers[3].head.max_boxes, 90);
    assert_int_equal(m->n_warnings, 0);
    yf_model_free(m);
    /* defaults; no head: the last layer, random 0 */
    m = load(NET(8, 8, 1) CONV1);
    assert_int_equal(m->train.batch, 1);
    assert_int_equal(m->train.subdivisions, 1);
    assert_true(m->train.resize_step == 32);
    assert_string_equal(m->train.policy, "constant");
    assert_int_equal(m->train.last_stop_backward, -1);
    assert_int_equal(m->train.random_layer, 0);
    assert_true(m->train.random == 0);
    yf_model_free(m);
    yf_error e = load_fail_code(NET(8, 8, 1) "subdivisions=0\n" CONV1, YF_ERR_VALUE);
    assert_non_null(strstr(e.message, "'subdivisions' must be > 0"));
}

/* A model loads again at another size or batch, unless loaded with
 * no_reload (it then keeps no copy of the text). */
static void model_should_reload_unless_told_not_to(void **state)
{
    (void)state;
    yf_options o = {0};
    yf_error err;
    yf_model *m = load_opt(NET(8, 8, 1) CONV1, &o, &err);
    assert_non_null(m);
    yf_model *r = yf_model_load_resized(m, 16, 16, &err);
    assert_non_null(r);
    assert_int_equal(r->layers[0].out.w, 16);
    yf_model *b = yf_model_load_batch(m, 4, &err);
    assert_non_null(b);
    assert_int_equal(b->batch, 4);
    assert_int_equal(b->totals.macs, 4 * m->totals.macs);
    yf_model_free(r);
    yf_model_free(b);
    yf_model_free(m);
    o.no_reload = 1;
    m = load_opt(NET(8, 8, 1) CONV1, &o, &err);
    assert_non_null(m);
    assert_null(yf_model_load_resized(m, 16, 16, &err));
    assert_int_equal(err.code, YF_ERR_VALUE);
    assert_null(yf_model_load_batch(m, 4, &err));
    assert_int_equal(err.code, YF_ERR_VALUE);
    yf_model_free(m);
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
        cmocka_unit_test(model_should_suggest_misspelt_sections),
        cmocka_unit_test(model_should_know_what_each_layer_reads),
        cmocka_unit_test(model_should_sort_warnings_by_line),
        cmocka_unit_test(model_should_record_training_settings),
        cmocka_unit_test(model_should_reload_unless_told_not_to),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
