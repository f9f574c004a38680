/* Size sweeps: every row equals building the cfg at that size, whether it
 * came from a class's closed form or was built. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>

static char *slurp(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/cfg/%s", YF_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

/* Every row of a sweep against a build at its size; returns rows fitted. */
static int compare(const char *cfg, const yf_size *sizes, int n, const yf_options *base)
{
    size_t len;
    char *text = slurp(cfg, &len);
    yf_error err;
    yf_sweep *s = yf_sweep_new(text, len, cfg, base, sizes, n, &err);
    if (!s)
        fail_msg("%s: %s", cfg, err.message);
    for (int k = 0; k < n; k++) {
        yf_sweep_row row;
        assert_int_equal(yf_sweep_at(s, k, &row), YF_OK);
        yf_options o = base ? *base : (yf_options){0};
        o.width = sizes[k].w;
        o.height = sizes[k].h;
        yf_model *m = yf_model_load_buffer(text, len, cfg, &o, &err);
        if (!m) {
            assert_int_not_equal(row.status, YF_OK);
            continue;
        }
        assert_int_equal(row.status, YF_OK);
        if (memcmp(&row.model.totals, &m->totals, sizeof(yf_totals)) != 0)
            fail_msg("%s at %lldx%lld: the sweep's totals differ from a build (%s)", cfg,
                     (long long)sizes[k].w, (long long)sizes[k].h, row.built ? "built" : "fitted");
        yf_model_free(m);
    }
    yf_sweep_stats st;
    yf_sweep_get_stats(s, &st);
    yf_sweep_free(s);
    free(text);
    return st.fitted;
}

static void a_stride_range_should_equal_builds_and_mostly_be_fitted(void **state)
{
    (void)state;
    yf_size sizes[31];
    for (int k = 0; k < 31; k++)
        sizes[k] = (yf_size){320 + 32 * k, 320 + 32 * k};
    const char *cfgs[] = {"yolov4.cfg", "yolov3-tiny.cfg", "yolov4-csp.cfg", "yolov3-spp.cfg"};
    for (size_t c = 0; c < sizeof(cfgs) / sizeof(cfgs[0]); c++)
        assert_int_equal(compare(cfgs[c], sizes, 31, NULL), 31);
    yf_options o = {.batch = 4, .bytes_per_element = 2};
    assert_int_equal(compare("yolov4-tiny.cfg", sizes, 31, &o), 31);
}

static void sizes_where_darknet_overflows_should_equal_builds(void **state)
{
    (void)state;
    static yf_size sizes[600];
    for (int k = 0; k < 600; k++) /* 32 .. 19200: maxpool int products wrap from ~5000 */
        sizes[k] = (yf_size){32 + 32 * k, 32 + 32 * k};
    assert_int_equal(compare("yolov4.cfg", sizes, 600, NULL), 600);
    assert_int_equal(compare("yolov3-spp.cfg", sizes, 600, NULL), 600);
}

static void odd_sizes_and_lists_should_equal_builds(void **state)
{
    (void)state;
    yf_size sizes[200];
    unsigned seed = 7;
    for (int k = 0; k < 200; k++) {
        seed = seed * 1103515245u + 12345u;
        int64_t w = 8 + (seed >> 8) % 1500;
        seed = seed * 1103515245u + 12345u;
        int64_t h = k % 3 ? w : 8 + (seed >> 8) % 1500;
        sizes[k] = (yf_size){w, h};
    }
    compare("yolov4-tiny.cfg", sizes, 200, NULL);
    compare("yolov3.cfg", sizes, 200, NULL);
    for (int k = 0; k < 200; k++) /* one class, not square */
        sizes[k] = (yf_size){64 + 32 * k, 32 + 64 * (k % 40)};
    assert_int_equal(compare("yolov4.cfg", sizes, 200, NULL), 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_stride_range_should_equal_builds_and_mostly_be_fitted),
        cmocka_unit_test(sizes_where_darknet_overflows_should_equal_builds),
        cmocka_unit_test(odd_sizes_and_lists_should_equal_builds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
