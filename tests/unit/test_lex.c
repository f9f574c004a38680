/* Lexing: what Darknet's read_cfg accepts, and precise errors otherwise. */
#include "helpers.h"

static void lex_should_accept_crlf_bom_tabs_and_comments(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF# comment\r\n[net]\r\n width = 32 \r\n\theight\t=\t32\r\n"
                       "channels=3 # trailing comment\r\n; another\r\n[convolutional]\r\n"
                       "filters = 8 ;why\r\nsize=3\r\npad=1\r\n";
    yf_model *m = load(text);
    assert_int_equal(m->n_layers, 1);
    assert_int_equal(m->layers[0].out.w, 32);
    assert_int_equal(m->layers[0].out.c, 8);
    assert_int_equal(m->n_warnings, 0);
    yf_model_free(m);
}

static void lex_should_record_section_lines(void **state)
{
    (void)state;
    yf_model *m = load(NET(8, 8, 1) "\n\n[maxpool]\nsize=2\nstride=2\n");
    assert_int_equal(m->layers[0].line, 7);
    yf_model_free(m);
}

static void lex_should_reject_key_before_section(void **state)
{
    (void)state;
    yf_error e = load_fail("width=3\n[net]\n");
    assert_int_equal(e.line, 1);
    assert_non_null(strstr(e.message, "before any [section]"));
}

static void lex_should_reject_unterminated_section(void **state)
{
    (void)state;
    yf_error e = load_fail_code(NET(8, 8, 1) "[convolutional\nfilters=3\n", YF_ERR_SYNTAX);
    assert_int_equal(e.line, 5);
    assert_non_null(strstr(e.message, "unterminated"));
}

static void lex_should_reject_line_without_equals(void **state)
{
    (void)state;
    yf_error e = load_fail(NET(8, 8, 1) "[convolutional]\nfilters\n");
    assert_int_equal(e.line, 6);
}

static void lex_should_reject_nul_bytes(void **state)
{
    (void)state;
    const char text[] = "[net]\nwidth=8\0\n";
    yf_error err;
    assert_null(yf_model_load_buffer(text, sizeof(text) - 1, "t.cfg", NULL, &err));
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "NUL"));
}

static void lex_should_reject_empty_input(void **state)
{
    (void)state;
    yf_error e = load_fail("# nothing\n\n");
    assert_non_null(strstr(e.message, "no sections"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lex_should_accept_crlf_bom_tabs_and_comments),
        cmocka_unit_test(lex_should_record_section_lines),
        cmocka_unit_test(lex_should_reject_key_before_section),
        cmocka_unit_test(lex_should_reject_unterminated_section),
        cmocka_unit_test(lex_should_reject_line_without_equals),
        cmocka_unit_test(lex_should_reject_nul_bytes),
        cmocka_unit_test(lex_should_reject_empty_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
