/* Shared by the unit tests: load a cfg from a string, render to a string. */
#ifndef YF_TEST_HELPERS_H
#define YF_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "yoloflops.h"

static inline yf_model *load_opt(const char *text, const yf_options *opt, yf_error *err)
{
    return yf_model_load_buffer(text, strlen(text), "t.cfg", opt, err);
}

static inline yf_model *load(const char *text)
{
    yf_error err;
    yf_model *m = load_opt(text, NULL, &err);
    if (!m)
        print_error("unexpected error: %s (line %d)\n", err.message, err.line);
    assert_non_null(m);
    return m;
}

/* Loads text that must fail with `code`; returns the error. */
static inline yf_error load_fail_code(const char *text, int code)
{
    yf_error err;
    yf_model *m = load_opt(text, NULL, &err);
    assert_null(m);
    if (err.code != code)
        print_error("error %s: %s\n", yf_status_name(err.code), err.message);
    assert_int_equal(err.code, code);
    return err;
}

/* Loads text that must fail (any status); returns the error. */
static inline yf_error load_fail(const char *text)
{
    yf_error err;
    yf_model *m = load_opt(text, NULL, &err);
    assert_null(m);
    assert_true(err.code > YF_OK);
    return err;
}

static inline int has_warning(const yf_model *m, const char *needle)
{
    for (int i = 0; i < m->n_warnings; i++)
        if (strstr(m->warnings[i].message, needle))
            return 1;
    return 0;
}

/* Renders one profile in a format into b (release with yf_buf_release). */
static inline void render(yf_buf *b, const char *format, const yf_profile *p,
                          const yf_render_opts *ro)
{
    yf_writer w;
    yf_document doc;
    yf_buf_init(b);
    yf_writer_init(&w, yf_buf_write, b);
    yf_doc_begin(&doc, yf_renderer_find(format), &w, ro, 1);
    yf_doc_profile(&doc, p);
    yf_doc_end(&doc);
    assert_int_equal(yf_writer_finish(&w, NULL), YF_OK);
}

#define NET(w, h, c) "[net]\nwidth=" #w "\nheight=" #h "\nchannels=" #c "\n"

#endif
