/* Caller-owned errors (jansson's json_error_t) and checked arithmetic. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

void yf_error_clear(yf_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof(*err));
    err->layer = -1;
}

void yf_sanitize(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

int yf_error_set(yf_error *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    yf_sanitize(err->message);
    return code;
}

void yf_error_format(const yf_error *err, char *buf, size_t n)
{
    char where[300] = "", what[80] = "";
    if (err->file[0] && err->line > 0)
        snprintf(where, sizeof(where), "%s:%d: ", err->file, err->line);
    else if (err->file[0])
        snprintf(where, sizeof(where), "%s: ", err->file);
    if (err->section[0] && err->layer >= 0)
        snprintf(what, sizeof(what), "[%s] #%d: ", err->section, err->layer);
    else if (err->section[0])
        snprintf(what, sizeof(what), "[%s]: ", err->section);
    snprintf(buf, n, "%serror: %s%s", where, what, err->message);
}

int64_t yf_mul(int64_t a, int64_t b)
{
    int64_t r;
    if (a < 0 || b < 0)
        return INT64_MAX;
    if (__builtin_mul_overflow(a, b, &r))
        return INT64_MAX;
    return r;
}

int64_t yf_add(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return INT64_MAX;
    return r;
}
