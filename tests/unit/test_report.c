/* Renderers: number formatting, the JSON contract and the writer's failures. */
#include "helpers.h"
#include "render/render.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>

static void fmt_should_group_thousands(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(yf_fmt_int(b, 0), "0");
    assert_string_equal(yf_fmt_int(b, 999), "999");
    assert_string_equal(yf_fmt_int(b, 61949149), "61,949,149");
    assert_string_equal(yf_fmt_int(b, -1234), "-1,234");
    assert_string_equal(yf_fmt_int(b, INT64_MAX), "9,223,372,036,854,775,807");
    assert_string_equal(yf_fmt_int(b, INT64_MIN), "-9,223,372,036,854,775,808");
    assert_string_equal(yf_fmt_bytes(b, 1023), "1023 B");
    assert_string_equal(yf_fmt_bytes(b, 248007048), "236.5 MiB");
}

static void json_should_keep_the_schema_and_exact_integers(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 3) "[convolutional]\nfilters=4\nsize=3\npad=1\nfliters=2\n");
    m->totals.macs = (INT64_C(1) << 53) + 1; /* not representable as a double */
    yf_profile p = {.model = m};
    yf_buf out;
    render(&out, "json", &p, NULL);
    assert_non_null(strstr(out.data, "9007199254740993"));
    cJSON *root = cJSON_Parse(out.data);
    assert_non_null(root);
    assert_int_equal(cJSON_GetObjectItem(root, "schema")->valueint, 1);
    cJSON *layer = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "layers"), 0);
    const char *keys[] = {"index", "type", "line", "input", "output", "sources", "inputs",
                          "outputs"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        assert_non_null(cJSON_GetObjectItem(layer, keys[i]));
    /* every per-layer figure of the registry, and every total; training
     * figures only with a training analysis */
    cJSON *totals = cJSON_GetObjectItem(root, "totals");
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        const yf_figure_info *fi = yf_figure_get(f);
        if (!yf_figure_present(&p, f)) { /* needs --device or --train: left out */
            assert_null(cJSON_GetObjectItem(layer, fi->name));
            assert_null(cJSON_GetObjectItem(totals, fi->name));
            continue;
        }
        int shown = 1;
        if (fi->flags & YF_FIG_LAYER)
            assert_int_equal(cJSON_GetObjectItem(layer, fi->name) != NULL, shown);
        if (fi->flags & YF_FIG_TOTAL)
            assert_int_equal(cJSON_GetObjectItem(totals, fi->name) != NULL, shown);
        assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "conventions"), fi->name));
    }
    assert_null(cJSON_GetObjectItem(root, "training"));
    cJSON *w = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "warnings"), 0);
    assert_int_equal(cJSON_GetObjectItem(w, "line")->valueint, 9);
    cJSON_Delete(root);
    yf_buf_release(&out);
    yf_model_free(m);
}

/* The same object that cJSON would print from the same tree. */
/* issue 11's contract: training.{flops_per_image, flops_per_iteration,
 * total_flops, mini_batch, train_width, train_height} and darknet_cpu,
 * darknet_gpu, pytorch with memory_bytes, breakdown and (with a memory
 * size) fits. */
static void json_should_write_the_training_contract(void **state)
{
    (void)state;
    yf_model *m = load(NET(32, 32, 3) "batch=8\nsubdivisions=2\nmax_batches=10\n"
                                      "[convolutional]\nfilters=4\nsize=3\npad=1\n"
                                      "batch_normalize=1\nactivation=leaky\n");
    yf_training t;
    yf_error err;
    yf_train_opts o = {.iterations = -1, .optimizer = YF_OPT_CFG, .workspace = -1,
                       .memory = INT64_C(1) << 30};
    assert_int_equal(yf_training_compute(m, m, &o, &t, &err), YF_OK);
    yf_profile p = {.model = m, .training = &t};
    yf_buf out;
    render(&out, "json", &p, NULL);
    cJSON *root = cJSON_Parse(out.data);
    cJSON *tr = cJSON_GetObjectItem(root, "training");
    const char *keys[] = {"flops_per_image", "flops_per_iteration", "total_flops", "mini_batch",
                          "train_width", "train_height"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        assert_non_null(cJSON_GetObjectItem(tr, keys[i]));
    assert_int_equal(cJSON_GetObjectItem(tr, "mini_batch")->valueint, 4);
    const char *runtimes[] = {"darknet_cpu", "darknet_gpu", "pytorch"};
    for (int r = 0; r < 3; r++) {
        cJSON *x = cJSON_GetObjectItem(tr, runtimes[r]);
        assert_non_null(cJSON_GetObjectItem(x, "memory_bytes"));
        assert_true(cJSON_IsBool(cJSON_GetObjectItem(x, "fits")));
        /* the breakdown adds up to the total */
        double sum = 0;
        for (cJSON *b = cJSON_GetObjectItem(x, "breakdown")->child; b; b = b->next)
            sum += b->valuedouble;
        assert_true(sum == cJSON_GetObjectItem(x, "memory_bytes")->valuedouble);
    }
    cJSON *totals = cJSON_GetObjectItem(root, "totals");
    for (yf_figure f = 0; f < yf_figure_count(); f++) /* device figures need --device */
        if ((yf_figure_get(f)->flags & YF_FIG_TOTAL) && !(yf_figure_get(f)->flags & YF_FIG_DEVICE))
            assert_non_null(cJSON_GetObjectItem(totals, yf_figure_get(f)->name));
    cJSON_Delete(root);
    yf_buf_release(&out);
    yf_training_release(&t);
    yf_model_free(m);
}

static void json_should_print_as_cjson_does(void **state)
{
    (void)state;
    yf_model *m = load(NET(16, 16, 3) "[convolutional]\nfilters=5\nsize=3\npad=1\n"
                                      "[yolo]\nclasses=0\nnum=1\nanchors=1.5,2\n"
                                      "[route]\nlayers=-2\n[convolutional]\nfilters=1\nsize=1\n");
    yf_profile p = {.model = m};
    yf_buf out;
    render(&out, "json", &p, NULL);
    cJSON *root = cJSON_Parse(out.data);
    assert_non_null(root);
    char *again = cJSON_Print(root);
    size_t n = strlen(again);
    assert_int_equal(n + 1, out.len); /* ours ends with a newline */
    assert_memory_equal(again, out.data, n);
    cJSON_free(again);
    cJSON_Delete(root);
    yf_buf_release(&out);
    yf_model_free(m);
}

/* Reals as cJSON prints them, through the fast path for n / 1e9 (BFLOPs,
 * GFLOPs) and printf for the rest: every text must be cJSON's own. */
static void reals_should_print_as_cjson_does(void **state)
{
    (void)state;
    yf_buf out;
    yf_writer w;
    yf_json j;
    yf_buf_init(&out);
    yf_writer_init(&w, yf_buf_write, &out);
    yf_json_init(&j, &w, 0, 0);
    yf_json_array(&j, NULL);
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift */
        int64_t n = (int64_t)(x % 2000000000000000ull) >> (x % 50);
        double v = i % 3 ? (double)n / 1e9 : (double)(float)((double)n / 1e9);
        yf_json_real(&j, NULL, i % 7 ? v : -v);
    }
    for (int i = 0; i < 300000; i++) { /* any real: estimates, shares, FLOP/byte */
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v;
        if (i % 3 == 0) {
            memcpy(&v, &x, sizeof(v));
            if (!isfinite(v))
                continue;
        } else {
            v = (double)(x >> 11) / 9007199254740992.0 * pow(10, (double)(int)(x % 22) - 6);
        }
        yf_json_real(&j, NULL, i % 5 ? v : -v);
    }
    const double edges[] = {0, 1e-4, 0.0001000000001, 9.999999999e-5, 999999.999999999, 1e6,
                            999999999999999.9, 99999999999999.99, 1e15, 1e13, 0.1, 0.3,
                            1.0 / 3, 2.0 / 3, 1e-3 / 3, 123456789012345.6, 0.000123456789012345678,
                            65.879, 0.5, 1, 2147483647, 2147483648.5, 1e-9, 3.296255962};
    for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
        yf_json_real(&j, NULL, edges[i]);
    yf_json_close(&j);
    yf_writer_finish(&w, NULL);
    assert_int_equal(yf_buf_write(&out, "", 1), 0);
    cJSON *root = cJSON_Parse(out.data);
    assert_non_null(root);
    char *again = cJSON_Print(root);
    assert_string_equal(again, out.data);
    cJSON_free(again);
    cJSON_Delete(root);
    yf_buf_release(&out);
}

static void fixed_decimals_should_print_as_printf_does(void **state)
{
    (void)state;
    uint64_t x = 1234567;
    for (int i = 0; i < 300000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v;
        if (i % 4 == 0)
            v = (double)(int64_t)(x % 2000001 - 1000000) / 8.0 / (double)(1 << (x % 12)); /* ties */
        else if (i % 4 == 1)
            v = (double)(x % 1000000000000ull) / 1e9;
        else
            memcpy(&v, &x, sizeof(v));
        if (!isfinite(v))
            continue;
        for (int d = 0; d <= 3; d++) {
            char mine[64], theirs[400];
            yf_fmt_fixed(mine, sizeof(mine), v, d);
            snprintf(theirs, sizeof(theirs), "%.*f", d, v);
            if (strlen(theirs) < sizeof(mine) && strcmp(mine, theirs) != 0)
                fail_msg("%.17g with %d decimals: %s, printf %s", v, d, mine, theirs);
        }
    }
    char b[16];
    assert_string_equal(yf_fmt_fixed(b, sizeof(b), -0.0001, 3), "-0.000");
    assert_string_equal(yf_fmt_fixed(b, sizeof(b), 2.0625, 3), "2.062");
    assert_string_equal(yf_fmt_fixed(b, sizeof(b), 0.5, 0), "0");
}

static void documents_should_give_an_array_for_several_items(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 3) "[maxpool]\n");
    yf_profile p = {.model = m};
    yf_error failed;
    yf_error_clear(&failed);
    snprintf(failed.file, sizeof(failed.file), "bad.cfg");
    failed.code = YF_ERR_VALUE;
    failed.line = 3;
    snprintf(failed.message, sizeof(failed.message), "'size' must be > 0, got '0'");
    yf_render_opts ro = {.summary = 1};
    const char *formats[] = {"json", "jsonl"};
    for (int k = 0; k < 2; k++) {
        yf_buf out;
        yf_writer w;
        yf_document doc;
        yf_buf_init(&out);
        yf_writer_init(&w, yf_buf_write, &out);
        yf_doc_begin(&doc, yf_renderer_find(formats[k]), &w, &ro, 3);
        yf_doc_profile(&doc, &p);
        yf_doc_failure(&doc, &failed);
        yf_doc_profile(&doc, &p);
        yf_doc_end(&doc);
        assert_int_equal(yf_writer_finish(&w, NULL), YF_OK);
        cJSON *items[3];
        if (k == 0) {
            cJSON *root = cJSON_Parse(out.data);
            assert_true(cJSON_IsArray(root));
            assert_int_equal(cJSON_GetArraySize(root), 3);
            for (int i = 0; i < 3; i++)
                items[i] = cJSON_Duplicate(cJSON_GetArrayItem(root, i), 1);
            cJSON_Delete(root);
        } else {
            char *line = out.data;
            for (int i = 0; i < 3; i++) {
                char *nl = strchr(line, '\n');
                assert_non_null(nl);
                *nl = '\0';
                items[i] = cJSON_Parse(line);
                line = nl + 1;
            }
            assert_int_equal(*line, '\0');
        }
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(items[0], "layers")), 0);
        cJSON *e = cJSON_GetObjectItem(items[1], "error");
        assert_non_null(e);
        assert_int_equal(cJSON_GetObjectItem(e, "line")->valueint, 3);
        assert_string_equal(cJSON_GetObjectItem(e, "kind")->valuestring, "value");
        for (int i = 0; i < 3; i++)
            cJSON_Delete(items[i]);
        yf_buf_release(&out);
    }
    yf_model_free(m);
}

static int failing_write(void *ctx, const char *p, size_t n)
{
    (void)p, (void)n;
    int *calls = ctx;
    ++*calls;
    errno = ENOSPC;
    return -1;
}

static void writer_should_report_a_failed_write(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 3) "[maxpool]\n");
    yf_profile p = {.model = m};
    const char *formats[] = {"table", "json", "jsonl", "csv", "md", "html"};
    for (size_t k = 0; k < sizeof(formats) / sizeof(formats[0]); k++) {
        int calls = 0;
        yf_writer w;
        yf_document doc;
        yf_error err;
        yf_writer_init(&w, failing_write, &calls);
        yf_doc_begin(&doc, yf_renderer_find(formats[k]), &w, NULL, 1);
        yf_doc_profile(&doc, &p);
        yf_doc_end(&doc);
        assert_int_equal(yf_writer_finish(&w, &err), YF_ERR_IO);
        assert_non_null(strstr(err.message, "No space left"));
        assert_int_equal(calls, 1); /* the first failure sticks */
    }
    yf_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fmt_should_group_thousands),
        cmocka_unit_test(json_should_keep_the_schema_and_exact_integers),
        cmocka_unit_test(json_should_write_the_training_contract),
        cmocka_unit_test(json_should_print_as_cjson_does),
        cmocka_unit_test(reals_should_print_as_cjson_does),
        cmocka_unit_test(fixed_decimals_should_print_as_printf_does),
        cmocka_unit_test(documents_should_give_an_array_for_several_items),
        cmocka_unit_test(writer_should_report_a_failed_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
