/* Shared by the unit tests: load a cfg from a string. */
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

/* Loads text that must fail; returns the error. */
static inline yf_error load_fail(const char *text)
{
    yf_error err;
    yf_model *m = load_opt(text, NULL, &err);
    assert_null(m);
    assert_int_equal(err.code, YF_ERR_INPUT);
    return err;
}

static inline int has_warning(const yf_model *m, const char *needle)
{
    for (int i = 0; i < m->n_warnings; i++)
        if (strstr(m->warnings[i].message, needle))
            return 1;
    return 0;
}

#define NET(w, h, c) "[net]\nwidth=" #w "\nheight=" #h "\nchannels=" #c "\n"

#endif
