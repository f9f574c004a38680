/* The latency model (docs/latency.md): device specs, the timing formula on
 * hand-made networks, NMS and pre-processing, calibration, stage and kind
 * groups, and the built-in data. */
#include "helpers.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NET64 NET(64, 64, 3)
static const char conv_net[] = NET64 "[convolutional]\nfilters=32\nsize=3\npad=1\nactivation=linear\n";
static const char head_net[] = NET64 "[convolutional]\nfilters=255\nsize=1\nactivation=linear\n"
                                     "[yolo]\nmask=0,1,2\nanchors=10,13,16,30,33,23\nclasses=80\n"
                                     "num=3\n";

static yf_latency_db *db_open(void)
{
    yf_latency_db *db;
    yf_error err;
    assert_int_equal(yf_latency_db_new(NULL, 0, NULL, &db, &err), YF_OK);
    return db;
}

static yf_device spec(const char *text)
{
    yf_device d;
    yf_error err;
    if (yf_device_spec_parse(text, strlen(text), NULL, &d, &err))
        print_error("%s: %s\n", text, err.message);
    assert_int_equal(err.code, YF_OK);
    return d;
}

static yf_error spec_fails(const char *text)
{
    yf_device d;
    yf_error err;
    assert_int_not_equal(yf_device_spec_parse(text, strlen(text), NULL, &d, &err), YF_OK);
    return err;
}

static void near(double a, double b)
{
    if (fabs(a - b) > 1e-12 * fabs(b) + 1e-15)
        print_error("%.17g != %.17g\n", a, b);
    assert_true(fabs(a - b) <= 1e-12 * fabs(b) + 1e-15);
}

static void spec_should_read_pairs_with_suffixes(void **state)
{
    (void)state;
    yf_device d = spec("fp32=115.6G,bandwidth=28Gi,overhead_us=2,memory=8MiB,name=my-cpu");
    near(d.spec[YF_SPEC_FP32].value, 115.6e9);
    near(d.spec[YF_SPEC_BANDWIDTH].value, 28.0 * 1024 * 1024 * 1024);
    near(d.spec[YF_SPEC_MEMORY].value, 8.0 * 1024 * 1024);
    assert_int_equal(d.spec[YF_SPEC_FP32].tag, YF_TAG_USER);
    assert_int_equal(d.spec[YF_SPEC_FP16].tag, YF_TAG_NONE);
    assert_string_equal(d.id, "my-cpu");
    assert_int_equal(d.kind, YF_DEVICE_CPU); /* below 2 TFLOP/s without fp16 */
    assert_int_equal(spec("fp32=10T,bandwidth=1T").kind, YF_DEVICE_GPU);
    assert_int_equal(spec("int8=4T,bandwidth=1T,kind=npu").kind, YF_DEVICE_NPU);
    /* binary suffixes and 'B' only on the keys in bytes */
    assert_non_null(strstr(spec_fails("fp32=100Gi,bandwidth=1T").message,
                           "'fp32' counts FLOP/s, not bytes"));
    assert_non_null(strstr(spec_fails("fp32=1T,bandwidth=1T,host_cores=4B").message,
                           "'host_cores' counts a plain number, not bytes"));
    near(spec("fp32=1T,bandwidth=1TB,sram=2MiB").spec[YF_SPEC_SRAM].value, 2.0 * 1048576);
}

static void spec_should_read_json_and_preset_entries(void **state)
{
    (void)state;
    yf_device d = spec("{\"name\": \"g\", \"kind\": \"gpu\", \"fp32\": \"10T\", \"fp16\": 4e13, "
                       "\"bandwidth\": {\"value\": 5e11, \"tag\": \"datasheet\"}}");
    near(d.spec[YF_SPEC_FP16].value, 4e13);
    near(d.spec[YF_SPEC_BANDWIDTH].value, 5e11);
    /* a preset as `yoloflops devices --format json` writes it reads back */
    yf_latency_db *db = db_open();
    yf_device nano;
    yf_error err;
    assert_int_equal(yf_device_find(db, "nano", &nano, &err), YF_OK);
    yf_buf out;
    yf_writer w;
    yf_document doc;
    yf_buf_init(&out);
    yf_writer_init(&w, yf_buf_write, &out);
    yf_doc_begin(&doc, yf_renderer_find("json"), &w, NULL, 1);
    yf_doc_devices(&doc, db, &nano, 1, 1);
    yf_doc_end(&doc);
    assert_int_equal(yf_writer_finish(&w, NULL), YF_OK);
    cJSON *root = cJSON_Parse(out.data);
    char *entry = cJSON_Print(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "devices"), 0));
    yf_device back = spec(entry);
    for (int k = 0; k < YF_SPEC_COUNT; k++)
        if (nano.spec[k].tag)
            near(back.spec[k].value, nano.spec[k].value);
    assert_string_equal(back.id, "jetson-nano");
    assert_string_equal(back.host_name, nano.host_name);
    assert_int_equal(back.kind, YF_DEVICE_GPU);
    free(entry);
    cJSON_Delete(root);
    yf_buf_release(&out);
    yf_latency_db_free(db);
}

static void spec_should_refuse_bad_input_naming_the_key(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } bad[] = {
        {"fp32=1T,bandwith=1G", "unknown key 'bandwith' (did you mean 'bandwidth'?)"},
        {"fp32=1X,bandwidth=1G", "'fp32' must be a number with an optional suffix"},
        {"fp32=-1T,bandwidth=1G", "'fp32' must be > 0"},
        {"fp32=0,bandwidth=1G", "'fp32' must be > 0"},
        {"fp32=1T,bandwidth=1G,eff_compute=11", "'eff_compute' must be > 0 and <= 10"},
        {"fp32=1T,bandwidth=1G,host_cores=2.5", "'host_cores' must be a whole number"},
        {"fp32=1T", "needs 'bandwidth'"},
        {"bandwidth=1G", "needs a peak"},
        {"fp32=1T,fast", "'fast' is not key=value"},
        {"fp32=1T,bandwidth=1G,kind=tpu", "'kind' must be gpu, cpu or npu"},
        {"fp32=1T,bandwidth=1G,name=a=b", "'name' may not hold control characters, ',' or '='"},
        {"{\"fp32\": 1e12, \"bandwidth\": }", "invalid JSON at byte"},
        {"{\"fp32\": true, \"bandwidth\": 1e9}", "'fp32' must be a number"},
        {"[1, 2]", "not a JSON object"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        yf_error err = spec_fails(bad[i].text);
        if (!strstr(err.message, bad[i].message))
            print_error("%s: got '%s'\n", bad[i].text, err.message);
        assert_non_null(strstr(err.message, bad[i].message));
    }
}

static void spec_text_should_read_back(void **state)
{
    (void)state;
    yf_device d = spec("fp32=115.6G,fp16=231.2G,gemm_fp32=6G,bandwidth=28G,overhead_us=1.25,"
                       "eff_compute=0.333027,host_ghz=3.7,name=zen,kind=cpu");
    char text[1024];
    yf_device_spec_text(&d, text, sizeof(text));
    yf_device back = spec(text);
    for (int k = 0; k < YF_SPEC_COUNT; k++) {
        assert_int_equal(back.spec[k].tag != YF_TAG_NONE, d.spec[k].tag != YF_TAG_NONE);
        if (d.spec[k].tag)
            assert_true(fabs(back.spec[k].value / d.spec[k].value - 1) < 1e-6);
    }
    assert_string_equal(back.id, "zen");
    assert_int_equal(back.kind, YF_DEVICE_CPU);
}

static void device_find_should_take_aliases_and_suggest(void **state)
{
    (void)state;
    yf_latency_db *db = db_open();
    yf_device d;
    yf_error err;
    assert_int_equal(yf_device_find(db, "xavier-nx", &d, &err), YF_OK);
    assert_string_equal(d.id, "jetson-xavier-nx");
    assert_int_equal(d.preset, 1);
    assert_int_equal(d.spec[YF_SPEC_FP32].tag, YF_TAG_DERIVED);
    assert_non_null(yf_latency_source(db, d.spec[YF_SPEC_FP32].source));
    assert_int_not_equal(yf_device_find(db, "jetsn-nano", &d, &err), YF_OK);
    assert_non_null(strstr(err.message, "did you mean 'jetson-nano'?"));
    assert_int_not_equal(yf_device_find(db, "my-laptop", &d, &err), YF_OK);
    assert_null(strstr(err.message, "did you mean"));
    yf_latency_db_free(db);
}

/* One conv on a GPU spec, TensorRT fp32: the input copy and one fused conv. */
static yf_latency *estimate(yf_latency_db *db, const yf_model *m, const char *text,
                            const yf_latency_opts *o)
{
    yf_device d = spec(text);
    yf_latency *lat;
    yf_error err;
    if (yf_latency_new(db, m, &d, o, &lat, &err))
        print_error("%s\n", err.message);
    assert_int_equal(err.code, YF_OK);
    return lat;
}

static void latency_should_follow_the_roofline(void **state)
{
    (void)state;
    yf_latency_db *db = db_open();
    yf_model *m = load(conv_net);
    const yf_layer *l = &m->layers[0];
    yf_latency_opts o = {.runtime = "tensorrt", .precision = YF_PREC_FP32, .frame_w = -1};
    /* compute-bound: 1 TFLOP/s against 1 TB/s */
    yf_latency *lat = estimate(db, m, "kind=gpu,fp32=1T,bandwidth=1T,overhead_us=3", &o);
    double nin = 64.0 * 64 * 3, nout = (double)l->outputs;
    double compute = 2.0 * (double)l->macs_fused / 1e12;
    double bytes = nin * 4 + nout * 4 + (double)l->params_fused * 4;
    near(lat->layers[0].ms, (compute + 3e-6) * 1e3);
    near(lat->layers[0].bytes, bytes);
    assert_int_equal(lat->layers[0].bound, YF_BOUND_COMPUTE);
    assert_int_equal(lat->layers[0].launches, 1);
    double input = nin * 8 / 1e12 + 3e-6; /* device-to-device copy of the fp32 input */
    near(lat->ms, (compute + 3e-6 + input) * 1e3);
    near(lat->fps, 1.0 / (lat->ms * 1e-3));
    near(lat->ridge, 1.0); /* efficiencies 1: peak / bandwidth */
    assert_int_equal(lat->calibrated, 0);
    assert_string_equal(lat->label, "estimate, uncalibrated");
    yf_latency_free(lat);
    /* memory-bound: the same bytes over 10 GB/s; efficiencies divide */
    lat = estimate(db, m, "kind=gpu,fp32=1T,bandwidth=10G,overhead_us=0,eff_memory=0.5,"
                          "eff_compute=0.8", &o);
    near(lat->layers[0].ms, bytes / (10e9 * 0.5) * 1e3);
    assert_int_equal(lat->layers[0].bound, YF_BOUND_MEMORY);
    near(lat->ridge, 0.8 * 1e12 / (0.5 * 10e9));
    assert_int_equal(lat->calibrated, 1);
    yf_latency_free(lat);
    yf_model_free(m);
    yf_latency_db_free(db);
}

static void latency_should_scale_with_the_batch(void **state)
{
    (void)state;
    yf_latency_db *db = db_open();
    yf_options two = {.batch = 2};
    yf_error err;
    yf_model *m1 = load(conv_net), *m2 = load_opt(conv_net, &two, &err);
    assert_non_null(m2);
    yf_latency_opts o = {.runtime = "tensorrt", .precision = YF_PREC_FP32, .frame_w = -1};
    const char *s = "kind=gpu,fp32=1T,bandwidth=1T,overhead_us=3";
    yf_latency *a = estimate(db, m1, s, &o), *b = estimate(db, m2, s, &o);
    /* work and activations double; the launch does not */
    near(b->layers[0].ms - 3e-3, 2 * (a->layers[0].ms - 3e-3));
    near(b->fps, 2.0 / (b->ms * 1e-3));
    yf_latency_free(a);
    yf_latency_free(b);
    yf_model_free(m1);
    yf_model_free(m2);
    yf_latency_db_free(db);
}

static void host_costs_should_follow_their_formulas(void **state)
{
    (void)state;
    yf_latency_db *db = db_open();
    yf_model *m = load(head_net);
    yf_latency_opts o = {.runtime = "tensorrt", .precision = YF_PREC_FP32, .nms = YF_NMS_DARKNET,
                         .nms_keep = 0.01, .frame_w = 128, .frame_h = 64};
    yf_latency *lat = estimate(db, m, "kind=gpu,fp32=1T,bandwidth=1T,host_ghz=1,"
                                      "host_bandwidth=10G", &o);
    double n = 64.0 * 64 * 3, c = 80, k = 0.01 * n, q = 1 / c;
    double cycles = n * 2 + k * (40 + 2 * c) + c * k * log2(k) * 20 + c * k +
                    c * q * k * k / 2 * 20;
    assert_int_equal(lat->candidates, 12288);
    assert_int_equal(lat->classes, 80);
    near(lat->nms_ms, cycles / 1e9 * 1e3);
    double resized = 64.0 * 32 * 3, elements = 64.0 * 64 * 3;
    double pre = fmax((resized * 4 + elements) / 1e9,
                      (128.0 * 64 * 3 + elements * 4 + resized) / (0.5 * 10e9));
    near(lat->preprocess_ms, pre * 1e3);
    near(lat->end_to_end_ms, lat->ms + lat->nms_ms + lat->preprocess_ms);
    yf_latency_free(lat);
    o.nms = YF_NMS_OFFSET;
    lat = estimate(db, m, "kind=gpu,fp32=1T,bandwidth=1T,host_ghz=1", &o);
    cycles = n * 2 + k * (40 + 2 * c) + k * c * 2 + k * log2(k) * 6 + k * k / 2 * 20;
    near(lat->nms_ms, cycles / 1e9 * 1e3);
    yf_latency_free(lat);
    yf_model_free(m);
    yf_latency_db_free(db);
}

static void calibration_should_reproduce_the_measurement(void **state)
{
    (void)state;
    yf_latency_db *db = db_open();
    yf_model *m = load(head_net);
    yf_device nano, out;
    yf_error err;
    double scale;
    assert_int_equal(yf_device_find(db, "jetson-nano", &nano, &err), YF_OK);
    yf_latency_opts o = {.precision = YF_PREC_FP16};
    for (int mode = YF_CALIBRATE_ALL; mode <= YF_CALIBRATE_COMPUTE; mode++) {
        assert_int_equal(yf_latency_calibrate(db, m, &nano, &o, 150, mode, &out, &scale, &err),
                         YF_OK);
        assert_int_equal(out.spec[YF_SPEC_EFF_COMPUTE].tag, YF_TAG_CALIBRATED);
        assert_string_equal(out.id, "jetson-nano-tensorrt-fp16-calibrated");
        yf_latency *lat;
        assert_int_equal(yf_latency_new(db, m, &out, &o, &lat, &err), YF_OK);
        assert_true(fabs(lat->fps / 150 - 1) < 1e-9);
        assert_int_equal(lat->calibrated, 1);
        yf_latency_free(lat);
        /* and through the text a user copies */
        char text[1024];
        yf_device_spec_text(&out, text, sizeof(text));
        yf_device back = spec(text);
        assert_int_equal(yf_latency_new(db, m, &back, &o, &lat, &err), YF_OK);
        assert_true(fabs(lat->fps / 150 - 1) < 1e-5);
        yf_latency_free(lat);
    }
    assert_int_not_equal(yf_latency_calibrate(db, m, &nano, &o, 0, 0, &out, &scale, &err), YF_OK);
    assert_non_null(strstr(err.message, "must be > 0"));
    assert_int_not_equal(yf_latency_calibrate(db, m, &nano, &o, 1e6, 0, &out, &scale, &err),
                         YF_OK);
    assert_non_null(strstr(err.message, "calibration"));
    assert_int_not_equal(yf_latency_calibrate(db, m, &nano, &o, 1e-6, 0, &out, &scale, &err),
                         YF_OK);
    assert_non_null(strstr(err.message, "impossible calibration"));
    yf_model_free(m);
    yf_latency_db_free(db);
}

static void groups_should_name_stages_and_kinds(void **state)
{
    (void)state;
    yf_model *m = load(NET64 "[convolutional]\nfilters=8\nsize=3\nstride=2\npad=1\n"
                             "[convolutional]\nfilters=8\nsize=3\npad=1\ngroups=8\n"
                             "[maxpool]\nsize=2\nstride=2\n"
                             "[convolutional]\nfilters=255\nsize=1\nactivation=linear\n"
                             "[yolo]\nmask=0,1,2\nanchors=1,1,2,2,3,3\nclasses=80\nnum=3\n");
    yf_groups g;
    yf_error err;
    assert_int_equal(yf_groups_init(&g, m, YF_BY_STAGE, NULL, &err), YF_OK);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.groups[0].name, "s2");
    assert_string_equal(g.groups[1].name, "s4");      /* the maxpool */
    assert_string_equal(g.groups[2].name, "head-s4"); /* the yolo head and its conv */
    assert_int_equal(g.groups[2].n_layers, 2);
    assert_int_equal(g.of_layer[2], 1);
    assert_int_equal(g.members[g.groups[2].first], 3);
    yf_groups_release(&g);
    assert_int_equal(yf_groups_init(&g, m, YF_BY_KIND, NULL, &err), YF_OK);
    assert_int_equal(g.n, 5);
    assert_string_equal(g.groups[0].name, "conv 3x3");
    assert_string_equal(g.groups[1].name, "conv 3x3 dw");
    assert_string_equal(g.groups[2].name, "maxpool");
    assert_string_equal(g.groups[3].name, "conv 1x1");
    assert_string_equal(g.groups[4].name, "yolo");
    yf_groups_release(&g);
    /* figures summed over a group */
    yf_profile p = {.model = m};
    assert_int_equal(yf_groups_init(&g, m, YF_BY_KIND, NULL, &err), YF_OK);
    yf_value v = yf_figure_group(&p, yf_figure_find("params"), &g, 3);
    assert_int_equal(v.kind, YF_INT);
    assert_int_equal(v.i, m->layers[3].params);
    yf_groups_release(&g);
    yf_model_free(m);
}

static void refits_should_be_checked(void **state)
{
    (void)state;
    yf_latency_db *db;
    yf_error err;
    static const char *const bad[] = {
        "{", "[]", "{\"groups\": {}, \"shared\": {}}",
        "{\"groups\": {\"a/b/fp32\": {\"eta_c\": -1, \"overhead_us\": 1}}, \"shared\": {}, "
        "\"runtime_defaults\": {}, \"tables\": {}}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_not_equal(yf_latency_db_new(bad[i], strlen(bad[i]), NULL, &db, &err), YF_OK);
    const char *ok = "{\"groups\": {\"jetson-nano/tensorrt/fp16\": {\"eta_c\": 0.25, "
                     "\"overhead_us\": 10, \"eta_m\": 0.8, \"n_rows\": 3}}, \"shared\": {}, "
                     "\"runtime_defaults\": {}, \"tables\": {}}";
    assert_int_equal(yf_latency_db_new(ok, strlen(ok), NULL, &db, &err), YF_OK);
    yf_device nano;
    yf_fit_group g[4];
    assert_int_equal(yf_device_find(db, "nano", &nano, &err), YF_OK);
    assert_int_equal(yf_device_fits(db, "jetson-nano", g, 4), 1);
    assert_true(g[0].eta_compute == 0.25 && g[0].precision == YF_PREC_FP16);
    yf_latency_db_free(db);
}

/* Every preset, runtime and table of data/latency is usable. */
static void builtin_data_should_be_complete(void **state)
{
    (void)state;
    yf_latency_db *db = db_open();
    yf_model *m = load(head_net);
    static const char *const runtimes[] = {"tensorrt", "darknet", "opencv", "ncnn",
                                           "onnxruntime", "pytorch", "vendor-npu"};
    assert_true(yf_device_count(db) >= 22);
    int estimates = 0;
    for (int i = 0; i < yf_device_count(db); i++) {
        yf_device d;
        yf_error err;
        yf_device_at(db, i, &d);
        assert_true(d.spec[YF_SPEC_BANDWIDTH].value > 0);
        assert_true(d.spec[YF_SPEC_FP32].tag || d.spec[YF_SPEC_FP16].tag ||
                    d.spec[YF_SPEC_INT8].tag);
        for (int k = 0; k < YF_SPEC_COUNT; k++)
            if (d.spec[k].tag) /* every figure cites a source the file explains */
                assert_non_null(yf_latency_source(db, d.spec[k].source));
        for (size_t r = 0; r < sizeof(runtimes) / sizeof(runtimes[0]); r++)
            for (int p = 0; p < YF_PREC_COUNT; p++) {
                yf_latency_opts o = {.runtime = runtimes[r], .precision = p};
                const char *name;
                int prec;
                yf_latency *lat;
                if (yf_latency_check(db, &d, &o, &name, &prec, NULL, 0, &err))
                    continue;
                assert_int_equal(yf_latency_new(db, m, &d, &o, &lat, &err), YF_OK);
                assert_true(isfinite(lat->ms) && lat->ms > 0 && lat->fps > 0);
                assert_true(isfinite(lat->end_to_end_ms) && lat->end_to_end_ms >= lat->ms);
                yf_latency_free(lat);
                estimates++;
            }
    }
    print_message("%d device/runtime/precision estimates\n", estimates);
    assert_true(estimates > 100);
    yf_model_free(m);
    yf_latency_db_free(db);
}

/* Rate of the main precision's kernels: efficiency x peak (docs/latency.md §4). */
static double rate_at(const yf_latency_db *db, const yf_model *m, const yf_device *d,
                      const char *runtime, int prec, yf_latency **keep)
{
    yf_latency_opts o = {.runtime = runtime, .precision = prec};
    yf_latency *lat;
    yf_error err;
    assert_int_equal(yf_latency_new(db, m, d, &o, &lat, &err), YF_OK);
    double r = lat->eta_compute.value * lat->peak;
    *keep = lat;
    return r;
}

static void lower_precision_should_never_compute_slower(void **state)
{
    (void)state;
    yf_latency_db *db = db_open();
    yf_model *m = load(head_net);
    static const char *const runtimes[] = {"tensorrt", "onnxruntime", "ncnn"};
    for (int i = 0; i < yf_device_count(db); i++) {
        yf_device d;
        yf_device_at(db, i, &d);
        if (d.kind != YF_DEVICE_GPU)
            continue;
        for (size_t r = 0; r < sizeof(runtimes) / sizeof(runtimes[0]); r++) {
            yf_latency *lat[3];
            double rate[3];
            static const int precs[3] = {YF_PREC_FP32, YF_PREC_FP16, YF_PREC_INT8};
            for (int p = 0; p < 3; p++)
                rate[p] = rate_at(db, m, &d, runtimes[r], precs[p], &lat[p]);
            for (int p = 1; p < 3; p++) /* defaults never below the next higher precision */
                if (lat[p]->eta_compute.tag != YF_TAG_FITTED)
                    assert_true(rate[p] >= rate[p - 1] * (1 - 1e-9));
            if (d.spec[YF_SPEC_INT8_PATH].tag && d.spec[YF_SPEC_INT8_PATH].value == 0) {
                assert_int_equal(lat[2]->precision, YF_PREC_FP16);
                assert_int_equal(lat[2]->precision_asked, YF_PREC_INT8);
                assert_non_null(strstr(lat[2]->fallback, "no int8 path"));
                assert_true(lat[2]->ms == lat[1]->ms);
            }
            for (int p = 0; p < 3; p++)
                yf_latency_free(lat[p]);
        }
    }
    yf_model_free(m);
    yf_latency_db_free(db);
}

static void darknet_fp16_should_be_fp32_without_tensor_cores(void **state)
{
    (void)state;
    yf_latency_db *db = db_open();
    yf_model *m = load(head_net);
    for (int i = 0; i < yf_device_count(db); i++) {
        yf_device d;
        yf_device_at(db, i, &d);
        if (!d.spec[YF_SPEC_TENSOR_CORES].tag || d.spec[YF_SPEC_TENSOR_CORES].value != 0)
            continue;
        yf_latency *half, *full;
        rate_at(db, m, &d, "darknet", YF_PREC_FP16, &half);
        rate_at(db, m, &d, "darknet", YF_PREC_FP32, &full);
        assert_int_equal(half->precision, YF_PREC_FP32);
        assert_true(half->ms == full->ms);
        assert_non_null(strstr(half->fallback, "no tensor cores"));
        yf_latency_free(half);
        yf_latency_free(full);
    }
    yf_model_free(m);
    yf_latency_db_free(db);
}

static void names_should_round_trip(void **state)
{
    (void)state;
    for (int p = 0; p < YF_PREC_COUNT; p++)
        assert_int_equal(yf_precision_find(yf_precision_label(p)), p);
    assert_int_equal(yf_precision_find("fp64"), -1);
    assert_string_equal(yf_tag_name(YF_TAG_DATASHEET), "datasheet");
    assert_string_equal(yf_bound_name(YF_BOUND_OVERHEAD), "overhead");
    assert_string_equal(yf_spec_key_name(YF_SPEC_HOST_LINK), "host_link");
    assert_null(yf_spec_key_name(YF_SPEC_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_should_read_pairs_with_suffixes),
        cmocka_unit_test(spec_should_read_json_and_preset_entries),
        cmocka_unit_test(spec_should_refuse_bad_input_naming_the_key),
        cmocka_unit_test(spec_text_should_read_back),
        cmocka_unit_test(device_find_should_take_aliases_and_suggest),
        cmocka_unit_test(latency_should_follow_the_roofline),
        cmocka_unit_test(latency_should_scale_with_the_batch),
        cmocka_unit_test(host_costs_should_follow_their_formulas),
        cmocka_unit_test(calibration_should_reproduce_the_measurement),
        cmocka_unit_test(groups_should_name_stages_and_kinds),
        cmocka_unit_test(refits_should_be_checked),
        cmocka_unit_test(builtin_data_should_be_complete),
        cmocka_unit_test(lower_precision_should_never_compute_slower),
        cmocka_unit_test(darknet_fp16_should_be_fp32_without_tensor_cores),
        cmocka_unit_test(names_should_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
