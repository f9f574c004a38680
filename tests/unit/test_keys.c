/* Typed getters: checked numbers, duplicate and unknown keys. */
#include "helpers.h"

static void keys_should_warn_on_misspelt_key_with_its_line(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) "[convolutional]\nfliters=16\nsize=1\n");
    assert_int_equal(m->n_warnings, 1);
    assert_int_equal(m->warnings[0].line, 6);
    assert_non_null(strstr(m->warnings[0].message, "unknown key 'fliters'"));
    assert_int_equal(m->layers[0].out.c, 1); /* Darknet's default filters=1 */
    yf_model_free(m);
}

static void keys_should_use_first_duplicate_and_warn(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) "[convolutional]\nfilters=4\nfilters=9\n");
    assert_int_equal(m->layers[0].out.c, 4);
    assert_true(has_warning(m, "duplicate key 'filters'"));
    yf_model_free(m);
}

static void keys_should_reject_non_numeric(void **state)
{
    (void)state;
    yf_error e = load_fail_code(NET(8, 8, 1) "[convolutional]\nsize=abc\n", YF_ERR_VALUE);
    assert_string_equal(e.message, "'size' must be an integer, got 'abc' (Darknet's atoi reads 0)");
    assert_int_equal(e.line, 6);
    assert_int_equal(e.layer, 0);
    assert_string_equal(e.section, "convolutional");
}

static void keys_should_reject_zero_and_negative(void **state)
{
    (void)state;
    yf_error e = load_fail(NET(8, 8, 1) "[convolutional]\nsize=0\n");
    assert_string_equal(e.message, "'size' must be > 0, got '0'");
    e = load_fail(NET(8, 8, 1) "[convolutional]\nfilters=-4\n");
    assert_string_equal(e.message, "'filters' must be > 0, got '-4'");
}

static void keys_should_reject_overflowing_numbers(void **state)
{
    (void)state;
    yf_error e = load_fail(NET(8, 8, 1) "[convolutional]\nfilters=99999999999999999999\n");
    assert_non_null(strstr(e.message, "must be <= 1048576"));
}

static void keys_should_format_errors_compiler_style(void **state)
{
    (void)state;
    yf_error e = load_fail(NET(8, 8, 1) "[convolutional]\nsize=0\n");
    char buf[600];
    yf_error_format(&e, buf, sizeof(buf));
    assert_string_equal(buf, "t.cfg:6: error: [convolutional] #0: 'size' must be > 0, got '0'");
}

static void keys_should_warn_on_unknown_activation(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) "[convolutional]\nactivation=leeky\n");
    assert_true(has_warning(m, "unknown activation 'leeky'"));
    yf_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keys_should_warn_on_misspelt_key_with_its_line),
        cmocka_unit_test(keys_should_use_first_duplicate_and_warn),
        cmocka_unit_test(keys_should_reject_non_numeric),
        cmocka_unit_test(keys_should_reject_zero_and_negative),
        cmocka_unit_test(keys_should_reject_overflowing_numbers),
        cmocka_unit_test(keys_should_format_errors_compiler_style),
        cmocka_unit_test(keys_should_warn_on_unknown_activation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
