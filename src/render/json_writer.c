/* JSON written as it is produced, in the layout cJSON_Print gives (tabs,
 * "key":<tab>value, arrays inline with ", ") or on one line for JSON Lines.
 * Integers are written as integer text, exact past 2^53; reals as cJSON
 * prints them (the shortest of %.15g / %.17g that reads back). */
#include "render.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yf_json_init(yf_json *j, yf_writer *w, int compact, int depth)
{
    memset(j, 0, sizeof(*j));
    j->w = w;
    j->compact = compact;
    j->depth = depth;
}

static void indent(yf_json *j, int depth)
{
    static const char tabs[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
    if (!j->compact && depth > 0)
        yf_writer_put(j->w, tabs, (size_t)(depth < 16 ? depth : 16));
}

static void put_string(yf_writer *w, const char *s)
{
    yf_writer_put(w, "\"", 1);
    const unsigned char *run = (const unsigned char *)s, *p = run;
    for (;; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue; /* plain characters go out in runs */
        if (p > run)
            yf_writer_put(w, (const char *)run, (size_t)(p - run));
        run = p + 1;
        if (!*p)
            break;
        char esc[8];
        const char *e = esc;
        switch (*p) {
        case '"': e = "\\\""; break;
        case '\\': e = "\\\\"; break;
        case '\b': e = "\\b"; break;
        case '\f': e = "\\f"; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '\t': e = "\\t"; break;
        default: snprintf(esc, sizeof(esc), "\\u%04x", *p);
        }
        yf_writer_puts(w, e);
    }
    yf_writer_put(w, "\"", 1);
}

/* Separator, indentation and key before a value at the current level. */
static void start(yf_json *j, const char *key)
{
    int level = j->depth;
    if (level > 0 && level <= 32) {
        int k = level - 1;
        if (j->open[k] == '{') {
            if (j->count[k])
                yf_writer_puts(j->w, j->compact ? "," : ",\n");
            indent(j, level);
        } else if (j->count[k]) {
            yf_writer_puts(j->w, j->compact ? "," : ", ");
        }
        j->count[k]++;
    }
    if (key) {
        put_string(j->w, key);
        yf_writer_puts(j->w, j->compact ? ":" : ":\t");
    }
}

static void open_container(yf_json *j, const char *key, char kind)
{
    start(j, key);
    yf_writer_put(j->w, &kind, 1);
    if (kind == '{' && !j->compact)
        yf_writer_put(j->w, "\n", 1);
    if (j->depth < 32) {
        j->open[j->depth] = kind;
        j->count[j->depth] = 0;
    }
    j->depth++;
}

void yf_json_object(yf_json *j, const char *key)
{
    open_container(j, key, '{');
}

void yf_json_array(yf_json *j, const char *key)
{
    open_container(j, key, '[');
}

void yf_json_close(yf_json *j)
{
    int k = --j->depth;
    char kind = k < 32 ? j->open[k] : '{';
    if (kind == '{') {
        if (k < 32 && j->count[k] && !j->compact)
            yf_writer_put(j->w, "\n", 1);
        indent(j, k);
        yf_writer_put(j->w, "}", 1);
    } else {
        yf_writer_put(j->w, "]", 1);
    }
}

void yf_json_int(yf_json *j, const char *key, int64_t v)
{
    start(j, key);
    yf_writer_int(j->w, v);
}

void yf_json_uint(yf_json *j, const char *key, uint64_t v)
{
    start(j, key);
    yf_writer_printf(j->w, "%llu", (unsigned long long)v);
}

/* What "%1.15g" gives for v = n / 1e9 exactly (as double division rounds
 * it), without printf: the figures in units of 1e9 (BFLOPs, GFLOPs) are
 * such quotients, and a size sweep writes thousands. 0 when v is not one
 * (or is tiny, huge or negative): then printf decides. */
static int giga_text(double v, char buf[32])
{
    if (!(v >= 1e-4 && v < 1e6))
        return 0;
    int64_t n = llround(v * 1e9);
    if ((double)n / 1e9 != v)
        return 0;
    int64_t whole = n / 1000000000, frac = n % 1000000000;
    int len = 0;
    char rev[24];
    do {
        rev[len++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    int o = 0;
    while (len)
        buf[o++] = rev[--len];
    if (frac) {
        buf[o++] = '.';
        for (int64_t d = 100000000; frac; d /= 10) {
            buf[o++] = (char)('0' + frac / d);
            frac %= d;
        }
    }
    buf[o] = '\0';
    return 1;
}

static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The `digits` significant decimal digits of v (1e-4 <= v < 1e15), rounded
 * as printf rounds the exact binary value: *m (digits long) x 10^-*k. The
 * product v x 10^k is taken in long double; 0 when it falls too near a
 * rounding tie to tell (printf decides then). */
static int sig_digits(double v, int digits, int64_t *m, int *k)
{
    int e = (int)floor(log10(v)); /* v = d.ddd x 10^e, give or take one */
    for (int pass = 0; pass < 2; pass++) {
        int kk = digits - 1 - e;
        if (kk < 0 || kk > 22)
            return 0;
        long double x = (long double)v * (long double)pow10_exact[kk];
        long double lo = (long double)pow10_exact[digits - 1], hi = lo * 10;
        if (x < lo - 0.5L) { /* e was one too high */
            e--;
            continue;
        }
        if (x >= hi - 0.5L) { /* one too low (or rounds up to 10^digits) */
            if (x < hi) /* x rounds to 10^digits: a tie window or not, printf decides */
                return 0;
            e++;
            continue;
        }
        long double f = x - floorl(x);
        long double tol = x * LDBL_EPSILON * 4;
        if (fabsl(f - 0.5L) <= tol || f <= tol || 1 - f <= tol)
            return 0; /* too near a tie, or too near a whole number to know the floor */
        *m = (int64_t)(f < 0.5L ? floorl(x) : floorl(x) + 1);
        *k = kk;
        return 1;
    }
    return 0;
}

/* m x 10^-k as "%g" writes it in fixed notation (no trailing zeros). */
static void fixed_text(int64_t m, int k, char buf[40])
{
    char d[24];
    int n = 0;
    do {
        d[n++] = (char)('0' + m % 10);
        m /= 10;
    } while (m);
    /* d holds the digits reversed; the decimal point sits k digits from the right */
    int strip = 0;
    while (strip < k && d[strip] == '0')
        strip++;
    int o = 0;
    if (n <= k) { /* 0.000ddd */
        buf[o++] = '0';
        buf[o++] = '.';
        for (int z = 0; z < k - n; z++)
            buf[o++] = '0';
        for (int i = n - 1; i >= strip; i--)
            buf[o++] = d[i];
    } else {
        for (int i = n - 1; i >= k; i--)
            buf[o++] = d[i];
        if (strip < k) {
            buf[o++] = '.';
            for (int i = k - 1; i >= strip; i--)
                buf[o++] = d[i];
        }
    }
    buf[o] = '\0';
}

/* cJSON's text for v without printf or strtod where that is certain:
 * "%1.15g" when it reads back within DBL_EPSILON of v, else "%1.17g"; fixed
 * notation only (1e-4 <= |v| < 1e15). The read-back is Clinger's fast path
 * (a mantissa below 2^53 and a power of ten up to 1e22 are exact, so one
 * division is correctly rounded, as strtod rounds). 0 when unsure. */
static int real_text(double v, char buf[40])
{
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 1e15))
        return 0;
    int64_t m;
    int k;
    if (!sig_digits(a, 15, &m, &k))
        return 0;
    char *out = buf;
    if (v < 0)
        *out++ = '-';
    double back = (double)m / pow10_exact[k], scale = back > a ? back : a;
    if (fabs(back - a) <= scale * DBL_EPSILON) { /* cJSON's test of its 15 digits */
        fixed_text(m, k, out);
        return 1;
    }
    if (a >= 1e13 || !sig_digits(a, 17, &m, &k)) /* 17 digits of a number near 1e15 overflow */
        return 0;
    fixed_text(m, k, out);
    return 1;
}

void yf_json_real(yf_json *j, const char *key, double v)
{
    char buf[40];
    start(j, key);
    if (isnan(v) || isinf(v)) {
        yf_writer_puts(j->w, "null");
        return;
    }
    if (giga_text(v, buf)) { /* the same text as below, faster */
        yf_writer_puts(j->w, buf);
        return;
    }
    int as_int = v >= INT32_MIN && v <= INT32_MAX && v == (double)(int32_t)v;
    if (as_int) {
        snprintf(buf, sizeof(buf), "%d", (int)v);
    } else if (real_text(v, buf)) {
        /* the text printf and strtod would settle on, faster */
    } else {
        snprintf(buf, sizeof(buf), "%1.15g", v);
        double back = strtod(buf, NULL);
        double scale = fabs(back) > fabs(v) ? fabs(back) : fabs(v);
        if (!(fabs(back - v) <= scale * DBL_EPSILON))
            snprintf(buf, sizeof(buf), "%1.17g", v);
    }
    yf_writer_puts(j->w, buf);
}

void yf_json_str(yf_json *j, const char *key, const char *s)
{
    start(j, key);
    put_string(j->w, s ? s : "");
}

void yf_json_bool(yf_json *j, const char *key, int v)
{
    start(j, key);
    yf_writer_puts(j->w, v ? "true" : "false");
}

void yf_json_null(yf_json *j, const char *key)
{
    start(j, key);
    yf_writer_puts(j->w, "null");
}

void yf_json_value(yf_json *j, const char *key, yf_value v)
{
    if (v.kind == YF_INT)
        yf_json_int(j, key, v.i);
    else if (v.kind == YF_REAL)
        yf_json_real(j, key, v.d);
    else
        yf_json_null(j, key);
}
