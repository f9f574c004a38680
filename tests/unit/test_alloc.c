/* One allocation-failure policy, everywhere: an allocator that fails the
 * Nth request is walked N = 1, 2, ... through a whole profile of yolov4.cfg
 * (load, every renderer but HTML, a diff against another size, the training
 * analysis at another size, a latency estimate on a device with stages,
 * kinds, a refit, a user spec and a calibration, rendered in every format)
 * until a run needs no failure. Every run must end in YF_ERR_NOMEM or
 * success, never a
 * crash or a leak (ASan/valgrind in CI), and every block must be freed. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct counting {
    long calls, fail_at, live;
} counting;

static void *fail_nth(void *ctx, size_t n)
{
    counting *c = ctx;
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(n);
    c->live += p != NULL;
    return p;
}

static void release(void *ctx, void *p)
{
    counting *c = ctx;
    c->live -= p != NULL;
    free(p);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    *len = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    return buf;
}

static void render_all(const yf_profile *p)
{
    const char *formats[] = {"table", "json", "jsonl", "csv", "md"};
    yf_render_opts kernels = {.kernels = 1};
    for (size_t k = 0; k < sizeof(formats) / sizeof(formats[0]); k++) {
        yf_buf out;
        render(&out, formats[k], p, &kernels);
        yf_buf_release(&out);
    }
}

/* --device jetson-nano --by kind, and the rest of the latency estimate. */
static int latency(const yf_model *m, const yf_allocator *alloc, yf_error *err);
static int latency(const yf_model *m, const yf_allocator *alloc, yf_error *err)
{
    static const char refit[] = "{\"groups\": {}, \"shared\": {}, \"runtime_defaults\": {}, "
                                "\"tables\": {}}";
    static const char user[] = "{\"fp32\": \"1T\", \"bandwidth\": 1e11, \"name\": \"x\"}";
    yf_latency_db *db = NULL, *db2 = NULL;
    yf_latency *lat = NULL;
    yf_groups stages = {0}, kinds = {0};
    yf_device d, mine, calibrated;
    yf_latency_opts o = {.alloc = alloc};
    double scale;
    int status = yf_latency_db_new(NULL, 0, alloc, &db, err);
    if (!status)
        status = yf_latency_db_new(refit, strlen(refit), alloc, &db2, err);
    if (!status)
        status = yf_device_find(db, "jetson-nano", &d, err);
    if (!status)
        status = yf_device_spec_parse(user, strlen(user), alloc, &mine, err);
    if (!status)
        status = yf_latency_new(db, m, &d, &o, &lat, err);
    if (!status)
        status = yf_groups_init(&stages, m, YF_BY_STAGE, alloc, err);
    if (!status)
        status = yf_groups_init(&kinds, m, YF_BY_KIND, alloc, err);
    if (!status)
        status = yf_latency_calibrate(db, m, &d, &o, 3, YF_CALIBRATE_ALL, &calibrated, &scale,
                                      err);
    if (!status) {
        const yf_latency *devices[] = {lat};
        yf_profile p = {.model = m, .latency = lat, .devices = devices, .n_devices = 1,
                        .stages = &stages, .by = &kinds};
        render_all(&p);
    }
    if (stages.groups)
        yf_groups_release(&stages);
    if (kinds.groups)
        yf_groups_release(&kinds);
    yf_latency_free(lat);
    yf_latency_db_free(db);
    yf_latency_db_free(db2);
    return status;
}

/* Everything a profile does with the model; returns the first failure. */
static int profile(const char *text, size_t len, counting *c)
{
    yf_allocator alloc = {fail_nth, release, c};
    yf_options small = {.alloc = &alloc}, big = {.alloc = &alloc, .width = 608, .height = 608};
    yf_error err;
    yf_edit_list edits;
    yf_edit_list_init(&edits, &alloc);
    yf_model *a = yf_model_load_buffer(text, len, "yolov4.cfg", &small, &err);
    int status = a ? YF_OK : err.code;
    /* the other side: what-if edits computed from the first, its text kept */
    if (!status)
        status = yf_whatif_classes(a, 20, "--classes 20", &edits, &err);
    if (!status)
        status = yf_whatif_width(a, 0.5, 8, "--width 0.5", &edits, &err);
    if (!status && yf_edit_list_add(&edits, "--set", "yolo.ignore_thresh=0.5"))
        status = YF_ERR_NOMEM;
    big.edits = edits.items;
    big.n_edits = edits.n;
    big.keep_cfg = 1;
    yf_model *b = status ? NULL : yf_model_load_buffer(text, len, "yolov4.cfg", &big, &err);
    if (!status && !b)
        status = err.code;
    if (!status)
        status = yf_whatif_check(a, b, "--width 0.5", &err);
    yf_edit_list_release(&edits);
    yf_training t;
    yf_train_opts o = {.iterations = -1, .optimizer = YF_OPT_CFG, .workspace = -1,
                       .memory = 1 << 20};
    yf_model *at = status ? NULL : yf_model_load_resized(b, 608, 608, &err);
    status = status ? status : !at ? err.code : yf_training_compute(b, at, &o, &t, &err);
    yf_model_free(at);
    if (!status) {
        yf_profile pa = {.model = a}, pb = {.model = b, .training = &t};
        const char *formats[] = {"table", "json", "jsonl", "csv", "md"};
        for (size_t k = 0; k < sizeof(formats) / sizeof(formats[0]); k++) {
            yf_buf out;
            render(&out, formats[k], &pb, NULL);
            yf_buf_release(&out);
        }
        yf_training_release(&t);
        yf_diff d;
        pb.training = NULL;
        status = yf_diff_compute(&pa, &pb, &alloc, &d, &err);
        if (!status)
            yf_diff_release(&d);
    }
    if (!status && (status = latency(a, &alloc, &err)) != 0 && status != YF_ERR_NOMEM)
        print_error("latency: %s\n", err.message);
    yf_model_free(a);
    yf_model_free(b);
    return status;
}

static void every_allocation_failure_should_be_reported(void **state)
{
    (void)state;
    size_t len;
    char path[512];
    snprintf(path, sizeof(path), "%s/cfg/yolov4.cfg", YF_SOURCE_DIR);
    const char *text = slurp(path, &len);
    long n;
    for (n = 1;; n++) {
        counting c = {0, n, 0};
        int status = profile(text, len, &c);
        assert_int_equal(c.live, 0);
        if (c.calls < n) { /* no allocation failed: the whole run succeeded */
            assert_int_equal(status, YF_OK);
            break;
        }
        if (status != YF_ERR_NOMEM)
            print_error("allocation %ld failed: status %d\n", n, status);
        assert_int_equal(status, YF_ERR_NOMEM);
    }
    print_message("walked %ld allocations\n", n - 1);
    assert_true(n > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_allocation_failure_should_be_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
