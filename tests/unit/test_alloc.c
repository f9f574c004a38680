/* One allocation-failure policy, everywhere: an allocator that fails the
 * Nth request is walked N = 1, 2, ... through a whole profile of yolov4.cfg
 * (load, every renderer, budgets, a diff against another size) until a run
 * needs no failure (the training analysis included, at another size). Every
 * run must end in YF_ERR_NOMEM or success, never a
 * crash or a leak (ASan/valgrind in CI), and every block must be freed. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>

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
