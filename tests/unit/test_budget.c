/* Budgets: the quantity syntax, limits in a figure's unit, checks, files. */
#include "helpers.h"

static void quantity_should_read_si_binary_and_percent(void **state)
{
    (void)state;
    double v;
    int pct, suf;
    assert_int_equal(yf_quantity_parse("25M", &v, &pct, &suf), 0);
    assert_true(v == 25e6 && !pct && suf);
    assert_int_equal(yf_quantity_parse("1.5G", &v, &pct, &suf), 0);
    assert_true(v == 1.5e9);
    assert_int_equal(yf_quantity_parse("64MiB", &v, &pct, &suf), 0);
    assert_true(v == 64.0 * 1048576);
    assert_int_equal(yf_quantity_parse("2Ki", &v, &pct, &suf), 0);
    assert_true(v == 2048);
    assert_int_equal(yf_quantity_parse("250MB", &v, &pct, &suf), 0);
    assert_true(v == 250e6);
    assert_int_equal(yf_quantity_parse("5%", &v, &pct, &suf), 0);
    assert_true(v == 5 && pct);
    assert_int_equal(yf_quantity_parse("70", &v, &pct, &suf), 0);
    assert_true(v == 70 && !suf);
    /* which kind of suffix, for callers that count things rather than bytes */
    assert_int_equal(yf_quantity_parse("70G", &v, &pct, &suf), 0);
    assert_int_equal(suf, YF_QTY_SI);
    assert_int_equal(yf_quantity_parse("70Gi", &v, &pct, &suf), 0);
    assert_int_equal(suf, YF_QTY_BINARY);
    assert_int_equal(yf_quantity_parse("70GB", &v, &pct, &suf), 0);
    assert_int_equal(suf, YF_QTY_SI | YF_QTY_BYTES);
    assert_int_equal(yf_quantity_parse("70GiB", &v, &pct, &suf), 0);
    assert_int_equal(suf, YF_QTY_BINARY | YF_QTY_BYTES);
    assert_int_equal(yf_quantity_parse("70B", &v, &pct, &suf), 0);
    assert_true(v == 70 && suf == YF_QTY_BYTES);
    assert_int_equal(yf_quantity_parse("+3", &v, &pct, &suf), 0);
    const char *bad[] = {"", "M", "25X", "nan", "inf", "5%%", "3 M", " +5", "0x10", "1e", "5B5"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(yf_quantity_parse(bad[i], &v, &pct, &suf), -1);
    assert_int_equal(yf_quantity_parse("-1", &v, &pct, &suf), -2);
    assert_int_equal(yf_quantity_parse("1e300", &v, &pct, &suf), -3);
    assert_int_equal(yf_quantity_parse("1e999", &v, &pct, &suf), -3);
}

static void limit_should_read_giga_figures_in_their_unit(void **state)
{
    (void)state;
    yf_figure g = yf_figure_find("gflops");
    yf_limit l;
    yf_error err;
    const char *same[] = {"70", "70G", "70e9", "0.07T", "70000M"};
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        assert_int_equal(yf_limit_make(g, same[i], 0, "--max-gflops", &l, &err), YF_OK);
        assert_true(l.value > 69.999999 && l.value < 70.000001);
    }
    assert_int_equal(yf_limit_make(g, "5000000", 0, "--max-gflops", &l, &err), YF_ERR_VALUE);
    assert_non_null(strstr(err.message, "ambiguous"));
    assert_int_equal(yf_limit_make(g, "5%", 0, "--max-gflops", &l, &err), YF_ERR_VALUE);
    assert_int_equal(yf_limit_make(yf_figure_find("params"), "25M", 0, "--max-params", &l, &err),
                     YF_OK);
    assert_true(l.value == 25e6);
    assert_string_equal(l.origin, "--max-params");
}

static void limit_should_refuse_byte_units_on_counts(void **state)
{
    (void)state;
    yf_limit l;
    yf_error err;
    /* 70Gi would be 75.162 GFLOPs, 70GB just 70: both are errors naming the figure */
    const char *bad[] = {"70Gi", "70GB", "70GiB", "70B", "1Ti"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(yf_limit_make(yf_figure_find("gflops"), bad[i], 0, "--max-gflops", &l,
                                       &err),
                         YF_ERR_VALUE);
        assert_non_null(strstr(err.message, "'--max-gflops' counts GFLOPs, not bytes"));
    }
    assert_int_equal(yf_limit_make(yf_figure_find("params"), "25Mi", 0, "--max-params", &l, &err),
                     YF_ERR_VALUE);
    assert_int_equal(yf_limit_make(yf_figure_find("params"), "1MB", 1, "--max-increase", &l, &err),
                     YF_ERR_VALUE);
    assert_int_equal(yf_limit_make(yf_figure_find("boxes"), "3Ki", 0, "--max-boxes", &l, &err),
                     YF_ERR_VALUE);
    /* sizes in bytes take them all */
    const char *sizes[] = {"peak_activation_bytes", "weights_file_bytes", "model_bytes",
                           "darknet_cpu_bytes"};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        yf_figure f = yf_figure_find(sizes[i]);
        assert_int_equal(yf_limit_make(f, "64MiB", 0, "--max", &l, &err), YF_OK);
        assert_true(l.value == 64.0 * 1048576);
        assert_int_equal(yf_limit_make(f, "64MB", 0, "--max", &l, &err), YF_OK);
        assert_true(l.value == 64e6);
        assert_int_equal(yf_limit_make(f, "512B", 0, "--max", &l, &err), YF_OK);
    }
}

static void checks_should_compare_totals_and_increases(void **state)
{
    (void)state;
    yf_model *a = load(NET(8, 8, 3) "[convolutional]\nfilters=10\nsize=1\n");
    yf_model *b = load(NET(8, 8, 3) "[convolutional]\nfilters=12\nsize=1\n");
    yf_profile pa = {.model = a}, pb = {.model = b};
    yf_figure params = yf_figure_find("params"), gflops = yf_figure_find("gflops");
    yf_limit limits[3];
    yf_error err;
    assert_int_equal(yf_limit_make(params, "47", 0, "--max-params", &limits[0], &err), YF_OK);
    assert_int_equal(yf_limit_make(gflops, "25%", 1, "--max-increase", &limits[1], &err), YF_OK);
    assert_int_equal(yf_limit_make(params, "10%", 1, "--max-increase", &limits[2], &err), YF_OK);
    yf_check c[3];
    assert_int_equal(yf_checks_eval(limits, 3, &pa, &pb, c), 3);
    assert_false(c[0].ok); /* 48 params > 47 */
    assert_true(c[0].measured == 48 && c[0].allowed == 47);
    assert_true(c[1].ok);  /* +20% <= 25% */
    assert_false(c[2].ok); /* +8 > 10% of 40 */
    /* without a "before", increase limits are skipped */
    assert_int_equal(yf_checks_eval(limits, 3, NULL, &pb, c), 1);
    yf_buf out;
    yf_writer w;
    yf_buf_init(&out);
    yf_writer_init(&w, yf_buf_write, &out);
    yf_render_check_reason(&w, &c[0]);
    assert_int_equal(yf_writer_finish(&w, NULL), YF_OK);
    assert_string_equal(out.data, "params: 48 > 47 (--max-params), over by 1 (2.13%)");
    yf_buf_release(&out);
    yf_model_free(a);
    yf_model_free(b);
}

static void check_message_should_show_the_excess(void **state)
{
    (void)state;
    yf_check c = {.measured = 66.1702, .allowed = 66.17, .ok = 0};
    yf_error err;
    assert_int_equal(yf_limit_make(yf_figure_find("gflops"), "66.17", 0, "--max-gflops",
                                   &c.limit, &err), YF_OK);
    yf_buf out;
    yf_writer w;
    yf_buf_init(&out);
    yf_writer_init(&w, yf_buf_write, &out);
    yf_render_check_reason(&w, &c);
    yf_writer_finish(&w, NULL);
    assert_string_equal(out.data, "gflops: 66.1702 > 66.1700 GFLOPs (--max-gflops), over by "
                                  "0.0002 (0.00%)");
    yf_buf_release(&out);
}

static void budget_file_should_reject_unknown_keys_and_trailing_content(void **state)
{
    (void)state;
    yf_limit l[8];
    int n;
    yf_error err;
    const char *ok = "{\"max_params\": \"25M\", \"max_increase\": {\"gflops\": \"5%\"}}\n";
    assert_int_equal(yf_budget_parse(ok, strlen(ok), l, 8, &n, &err), YF_OK);
    assert_int_equal(n, 2);
    assert_true(l[0].figure == yf_figure_find("params") && l[0].value == 25e6);
    assert_true(l[1].increase && l[1].percent && l[1].value == 5);
    const char *typo = "{\"max_parms\": 1}";
    assert_int_equal(yf_budget_parse(typo, strlen(typo), l, 8, &n, &err), YF_ERR_VALUE);
    assert_string_equal(err.message, "unknown key 'max_parms'");
    const char *pct = "{\"max_gflops\": \"5%\"}";
    assert_int_equal(yf_budget_parse(pct, strlen(pct), l, 8, &n, &err), YF_ERR_VALUE);
    const char *two = "{\"max_params\": 1} {\"max_params\": 2}";
    assert_int_equal(yf_budget_parse(two, strlen(two), l, 8, &n, &err), YF_ERR_SYNTAX);
    const char nul[] = "{\"max_params\": 1}\0junk";
    assert_int_equal(yf_budget_parse(nul, sizeof(nul) - 1, l, 8, &n, &err), YF_ERR_SYNTAX);
    const char *inf = "{\"max_params\": 1e999}";
    assert_int_equal(yf_budget_parse(inf, strlen(inf), l, 8, &n, &err), YF_ERR_VALUE);
}

static void budget_file_should_reject_duplicate_keys_naming_the_byte(void **state)
{
    (void)state;
    yf_limit l[8];
    int n;
    yf_error err;
    const char *twice = "{\"max_params\":1e9,\"max_params\":1}";
    assert_int_equal(yf_budget_parse(twice, strlen(twice), l, 8, &n, &err), YF_ERR_VALUE);
    assert_string_equal(err.message, "duplicate key 'max_params' at byte 18");
    const char *nested = "{\"max_increase\": {\"gflops\": \"5%\", \"gflops\": \"1%\"}}";
    assert_int_equal(yf_budget_parse(nested, strlen(nested), l, 8, &n, &err), YF_ERR_VALUE);
    assert_string_equal(err.message, "duplicate key 'gflops' at byte 34");
    const char *escaped = "{\"max_params\":1, \"max_p\\u0061rams\":2}";
    assert_int_equal(yf_budget_parse(escaped, strlen(escaped), l, 8, &n, &err), YF_ERR_VALUE);
    assert_string_equal(err.message, "duplicate key 'max_params' at byte 17");
    const char *apart = "{\"max_params\":1, \"max_increase\": {\"max_params\": 1}}";
    assert_int_equal(yf_budget_parse(apart, strlen(apart), l, 8, &n, &err), YF_ERR_VALUE);
    assert_string_equal(err.message, "unknown key 'max_params'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quantity_should_read_si_binary_and_percent),
        cmocka_unit_test(limit_should_read_giga_figures_in_their_unit),
        cmocka_unit_test(limit_should_refuse_byte_units_on_counts),
        cmocka_unit_test(checks_should_compare_totals_and_increases),
        cmocka_unit_test(check_message_should_show_the_excess),
        cmocka_unit_test(budget_file_should_reject_unknown_keys_and_trailing_content),
        cmocka_unit_test(budget_file_should_reject_duplicate_keys_naming_the_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
