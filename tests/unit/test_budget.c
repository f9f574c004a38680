/* Budgets: the quantity syntax, figures and checks. */
#include "helpers.h"

static void quantity_should_read_si_binary_and_percent(void **state)
{
    (void)state;
    double v;
    int pct;
    assert_int_equal(yf_quantity_parse("25M", &v, &pct), 0);
    assert_true(v == 25e6 && !pct);
    assert_int_equal(yf_quantity_parse("1.5G", &v, &pct), 0);
    assert_true(v == 1.5e9);
    assert_int_equal(yf_quantity_parse("64MiB", &v, &pct), 0);
    assert_true(v == 64.0 * 1048576);
    assert_int_equal(yf_quantity_parse("2Ki", &v, &pct), 0);
    assert_true(v == 2048);
    assert_int_equal(yf_quantity_parse("250MB", &v, &pct), 0);
    assert_true(v == 250e6);
    assert_int_equal(yf_quantity_parse("5%", &v, &pct), 0);
    assert_true(v == 5 && pct);
    assert_int_equal(yf_quantity_parse("70", &v, &pct), 0);
    assert_true(v == 70);
    const char *bad[] = {"", "M", "25X", "-1", "+3", "nan", "inf", "1e300", "5%%", "3 M"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(yf_quantity_parse(bad[i], &v, &pct), -1);
}

static void checks_should_compare_totals_and_increases(void **state)
{
    (void)state;
    yf_totals a = {.params = 100, .gflops = 10.0}, b = {.params = 120, .gflops = 10.4};
    yf_limit limits[] = {
        {YF_FIG_PARAMS, 110, 0, 0, "--max-params"},
        {YF_FIG_GFLOPS, 5, 1, 1, "--max-increase"},   /* 5% of 10 = 0.5, +0.4 ok */
        {YF_FIG_PARAMS, 10, 1, 1, "--max-increase"},  /* 10% of 100, +20 fails */
    };
    yf_check c[3];
    assert_int_equal(yf_checks_eval(limits, 3, &a, &b, c), 3);
    assert_false(c[0].ok);
    assert_true(c[0].measured == 120 && c[0].allowed == 110);
    assert_true(c[1].ok);
    assert_false(c[2].ok);
    /* without a "before", increase limits are skipped */
    assert_int_equal(yf_checks_eval(limits, 3, NULL, &b, c), 1);
    yf_buf out;
    yf_buf_init(&out);
    yf_render_check_line(&c[0], &out);
    assert_string_equal(out.data, "FAILED params: 120 > 110 (--max-params), over by 10 (9.09%)");
    yf_buf_release(&out);
}

static void budget_file_should_reject_unknown_keys(void **state)
{
    (void)state;
    yf_limit l[8];
    int n;
    yf_error err;
    const char *ok = "{\"max_params\": \"25M\", \"max_increase\": {\"gflops\": \"5%\"}}";
    assert_int_equal(yf_budget_parse(ok, strlen(ok), l, 8, &n, &err), YF_OK);
    assert_int_equal(n, 2);
    assert_true(l[0].figure == YF_FIG_PARAMS && l[0].value == 25e6);
    assert_true(l[1].increase && l[1].percent && l[1].value == 5);
    const char *typo = "{\"max_parms\": 1}";
    assert_int_equal(yf_budget_parse(typo, strlen(typo), l, 8, &n, &err), YF_ERR_INPUT);
    assert_string_equal(err.message, "unknown key 'max_parms'");
    const char *pct = "{\"max_gflops\": \"5%\"}";
    assert_int_equal(yf_budget_parse(pct, strlen(pct), l, 8, &n, &err), YF_ERR_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quantity_should_read_si_binary_and_percent),
        cmocka_unit_test(checks_should_compare_totals_and_increases),
        cmocka_unit_test(budget_file_should_reject_unknown_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
