/* Caller-owned errors (jansson's json_error_t). */
#include "core.h"

#include <stdio.h>
#include <string.h>

const char *yf_status_name(int status)
{
    static const char *const names[] = {"ok",    "no memory", "i/o",   "limit",
                                        "syntax", "value",    "graph", "shape"};
    return status >= 0 && status < (int)(sizeof(names) / sizeof(names[0])) ? names[status] : "?";
}

void yf_error_clear(yf_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof(*err));
    err->layer = -1;
}

/* Length of a valid UTF-8 sequence at s that is not a control character
 * (C0, DEL or C1), else 0. */
static int printable_utf8(const unsigned char *s)
{
    if (s[0] >= 0x20 && s[0] < 0x7f)
        return 1;
    int n = s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
    if (n == 0 || (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)) /* C1 controls are U+0080..U+009F */
        return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((n == 3 && s[0] == 0xe0 && s[1] < 0xa0) || (n == 4 && s[0] == 0xf0 && s[1] < 0x90) ||
        (n == 4 && s[0] == 0xf4 && s[1] >= 0x90) || (n == 3 && s[0] == 0xed && s[1] >= 0xa0))
        return 0; /* overlong, beyond U+10FFFF, or a surrogate */
    return n;
}

void yf_sanitize(char *s)
{
    unsigned char *r = (unsigned char *)s, *w = r;
    while (*r) {
        int n = printable_utf8(r);
        if (n == 0) {
            *w++ = '?';
            r++;
            continue;
        }
        while (n--)
            *w++ = *r++;
    }
    *w = '\0';
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

int yf_error_vlocate(yf_error *err, int code, const char *origin, int line, int layer,
                     const char *section, const char *fmt, va_list ap)
{
    if (origin) {
        snprintf(err->origin, sizeof(err->origin), "%s", origin);
        yf_sanitize(err->origin);
    }
    err->line = line;
    err->layer = layer;
    if (section)
        snprintf(err->section, sizeof(err->section), "%s", section);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    yf_sanitize(err->message);
    err->code = code;
    return code;
}

int yf_error_locate(yf_error *err, int code, const char *origin, int line, int layer,
                    const char *section, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    yf_error_vlocate(err, code, origin, line, layer, section, fmt, ap);
    va_end(ap);
    return code;
}

int yf_error_nomem(yf_error *err)
{
    return yf_error_set(err, YF_ERR_NOMEM, "out of memory");
}

void yf_error_format(const yf_error *err, char *buf, size_t n)
{
    char where[480] = "", what[80] = "";
    if (err->file[0] && err->line > 0)
        snprintf(where, sizeof(where), "%s:%d: ", err->file, err->line);
    else if (err->file[0] && err->origin[0])
        snprintf(where, sizeof(where), "%s: %s: ", err->file, err->origin);
    else if (err->file[0])
        snprintf(where, sizeof(where), "%s: ", err->file);
    else if (err->origin[0])
        snprintf(where, sizeof(where), "%s: ", err->origin);
    if (err->section[0] && err->layer >= 0)
        snprintf(what, sizeof(what), "[%s] #%d: ", err->section, err->layer);
    else if (err->section[0])
        snprintf(what, sizeof(what), "[%s]: ", err->section);
    snprintf(buf, n, "%serror: %s%s", where, what, err->message);
    yf_sanitize(buf);
}

const char *yf_warning_severity(const yf_warning *w)
{
    return w->kind == YF_WARN_PRINTOUT || w->kind == YF_WARN_NOTE ? "note" : "warning";
}

void yf_warning_format(const char *file, const yf_warning *w, char *buf, size_t n)
{
    const char *sev = yf_warning_severity(w);
    if (w->origin)
        snprintf(buf, n, "%s: %s: %s: %s", file, w->origin, sev, w->message);
    else if (w->line <= 0)
        snprintf(buf, n, "%s: %s: %s", file, sev, w->message);
    else
        snprintf(buf, n, "%s:%d: %s: %s", file, w->line, sev, w->message);
    yf_sanitize(buf);
}
