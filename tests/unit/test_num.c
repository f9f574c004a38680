/* The one number grammar shared by cfg values, options and budget files. */
#include "helpers.h"

static void integers_should_be_decimal_digits_only(void **state)
{
    (void)state;
    int64_t v;
    int range;
    const char *end = yf_scan_integer("-42", &v, &range);
    assert_true(end && !*end && v == -42 && !range);
    end = yf_scan_integer("+5", &v, &range);
    assert_true(end && !*end && v == 5);
    assert_null(yf_scan_integer(" 5", &v, &range));
    assert_null(yf_scan_integer("x", &v, &range));
    end = yf_scan_integer("0x10", &v, &range);
    assert_string_equal(end, "x10"); /* the caller sees what follows */
    end = yf_scan_integer("16.0", &v, &range);
    assert_string_equal(end, ".0");
    end = yf_scan_integer("99999999999999999999", &v, &range);
    assert_true(end && !*end && range && v == INT64_MAX);
    end = yf_scan_integer("-99999999999999999999", &v, &range);
    assert_true(range && v == INT64_MIN);
}

static void reals_should_reject_hex_inf_and_nan(void **state)
{
    (void)state;
    double d;
    int range;
    const char *end = yf_scan_real("1.5e3", &d, &range);
    assert_true(end && !*end && d == 1500 && !range);
    end = yf_scan_real(".5", &d, &range);
    assert_true(end && !*end && d == 0.5);
    end = yf_scan_real("1e999", &d, &range);
    assert_true(end && !*end && range);
    assert_null(yf_scan_real("inf", &d, &range));
    assert_null(yf_scan_real("nan", &d, &range));
    assert_null(yf_scan_real(".", &d, &range));
    end = yf_scan_real("0x1p3", &d, &range);
    assert_string_equal(end, "x1p3");
    end = yf_scan_real("1e", &d, &range);
    assert_string_equal(end, "e");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(integers_should_be_decimal_digits_only),
        cmocka_unit_test(reals_should_reject_hex_inf_and_nan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
