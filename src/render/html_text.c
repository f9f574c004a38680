/* Text for the HTML report: escaping, coordinates and the short labels of
 * chart axes. By hand where a page writes thousands of them. */
#include "html.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Characters that need an entity, or a replacement (control characters). */
static int special(unsigned char c)
{
    return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || c < 0x20 || c == 0x7f;
}

void yf_html_esc(yf_writer *w, const char *s)
{
    if (!s)
        return;
    while (*s) {
        const char *run = s;
        while (*s && !special((unsigned char)*s))
            s++;
        if (s > run)
            yf_writer_put(w, run, (size_t)(s - run));
        if (!*s)
            break;
        switch (*s) {
        case '&': yf_writer_puts(w, "&amp;"); break;
        case '<': yf_writer_puts(w, "&lt;"); break;
        case '>': yf_writer_puts(w, "&gt;"); break;
        case '"': yf_writer_puts(w, "&quot;"); break;
        case '\'': yf_writer_puts(w, "&#39;"); break;
        case '\n': yf_writer_puts(w, "&#10;"); break; /* a line break in titles */
        default: yf_writer_puts(w, "?");
        }
        s++;
    }
}

void yf_html_esc_buf(yf_writer *w, const yf_buf *b)
{
    if (b->data)
        yf_html_esc(w, b->data);
}

const char *yf_html_coord_text(char buf[24], double v)
{
    if (!(v > -1e15 && v < 1e15)) /* NaN or absurd: never a broken attribute */
        v = 0;
    long long t = (long long)(v * 10 + (v < 0 ? -0.5 : 0.5)); /* llround, inline */
    char rev[24];
    int n = 0, o = 0;
    unsigned long long u = t < 0 ? (unsigned long long)-t : (unsigned long long)t;
    if (u % 10) {
        rev[n++] = (char)('0' + u % 10);
        rev[n++] = '.';
    }
    u /= 10;
    do {
        rev[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (t < 0)
        buf[o++] = '-';
    while (n)
        buf[o++] = rev[--n];
    buf[o] = '\0';
    return buf;
}

void yf_html_coord(yf_writer *w, double v)
{
    char b[24];
    yf_writer_puts(w, yf_html_coord_text(b, v));
}

/* v with 3 significant digits and a prefix of `base` (1000 or 1024). */
static const char *scaled(char buf[32], double v, double base, const char *const *prefix,
                          const char *sep)
{
    int u = 0;
    while (fabs(v) >= base && u < 6) {
        v /= base;
        u++;
    }
    /* 3 significant digits, but never an exponent ("1000 MiB", not "1e+03 MiB") */
    snprintf(buf, 32, fabs(v) >= 1000 ? "%.0f%s%s" : "%.3g%s%s", v,
             u || *prefix[0] ? sep : "", prefix[u]);
    return buf;
}

const char *yf_html_short(char buf[32], const yf_figure_info *f, double v)
{
    static const char *const si[] = {"", "k", "M", "G", "T", "P", "E"};
    static const char *const bin[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    static const char *const flop[] = {"FLOP", "kFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP",
                                       "EFLOP"};
    switch (f->show) {
    case YF_SHOW_BYTES: return scaled(buf, v, 1024, bin, " ");
    case YF_SHOW_FLOPS: return scaled(buf, v, 1000, flop, " ");
    case YF_SHOW_COUNT: return scaled(buf, v, 1000, si, "");
    default: break; /* figures in units of 1e9, percentages, any other real */
    }
    const char *unit = f->show == YF_SHOW_PERCENT ? "%" : "";
    if (v != 0 && fabs(v) < 1e-3) /* 0.000015, not 1.5e-05 */
        snprintf(buf, 32, "%.*f%s", (int)-floor(log10(fabs(v))) + 1, v, unit);
    else
        snprintf(buf, 32, fabs(v) >= 1000 ? "%.0f%s" : "%.3g%s", v, unit);
    return buf;
}

const char *yf_html_bytes(char buf[32], int64_t v)
{
    static const char *const units[] = {" B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB"};
    double x = (double)v;
    int u = 0;
    while (fabs(x) >= 1024 && u < 6) {
        x /= 1024;
        u++;
    }
    char num[48];
    if (u == 0)
        yf_html_int_text(num, v); /* whole bytes, grouped */
    else
        yf_html_fixed(num, x, fabs(x) < 100 ? 2 : 1);
    size_t n = strlen(num);
    memcpy(buf, num, n);
    strcpy(buf + n, units[u]);
    return buf;
}

/* yf_fmt_int's text ("61,949,149"), digits written from the end. */
const char *yf_html_int_text(char buf[32], int64_t v)
{
    char tmp[32], *p = tmp + sizeof(tmp);
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int d = 0;
    do {
        if (d++ == 3) {
            *--p = ',';
            d = 1;
        }
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    size_t n = (size_t)(tmp + sizeof(tmp) - p);
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

/* v with d decimals exactly as printf's "%.*f" writes it: by hand when
 * v x 10^d is an ordinary number not near a rounding tie (a page writes
 * thousands of them), else through snprintf. */
const char *yf_html_fixed(char buf[48], double v, int d)
{
    static const double p10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    double x = fabs(v) * (d >= 0 && d <= 9 ? p10[d] : 1), fl = floor(x);
    if (!(x < 1e12) || d < 0 || d > 9 || fabs(x - fl - 0.5) < 1e-3) {
        snprintf(buf, 48, "%.*f", d, v);
        return buf;
    }
    uint64_t n = (uint64_t)fl + (x - fl > 0.5);
    char tmp[48], *p = tmp + sizeof(tmp);
    int i = 0;
    do {
        if (i == d && d)
            *--p = '.';
        *--p = (char)('0' + n % 10);
        n /= 10;
        i++;
    } while (n || i <= d);
    if (signbit(v))
        *--p = '-';
    size_t len = (size_t)(tmp + sizeof(tmp) - p);
    memcpy(buf, p, len);
    buf[len] = '\0';
    return buf;
}

const char *yf_html_exact_text(char buf[48], const yf_figure_info *f, yf_value v)
{
    (void)f;
    if (v.kind == YF_NONE)
        buf[0] = '\0';
    else if (v.kind == YF_INT)
        yf_html_int_text(buf, v.i);
    else
        yf_html_fixed(buf, v.d, 9);
    return buf;
}

void yf_html_cell_text(char text[48], char title[48], const yf_figure_info *f, yf_value v)
{
    title[0] = '\0';
    if (v.kind == YF_NONE) {
        text[0] = '\0';
        return;
    }
    if (v.kind == YF_INT && f->show != YF_SHOW_FLOPS) {
        yf_html_int_text(text, v.i);
        return;
    }
    if (v.kind == YF_INT) {
        yf_fmt_value(text, f, v, 0);
        yf_html_int_text(title, v.i);
        return;
    }
    if (f->show == YF_SHOW_FLOPS)
        yf_fmt_value(text, f, v, 0);
    else
        yf_html_fixed(text, v.d, f->show == YF_SHOW_PERCENT ? 1 : 3);
    yf_html_fixed(title, v.d, 9); /* yf_fmt_exact's "%.9f" */
}

/* ---- SVG pieces shared by the charts ---- */

double yf_html_nice_step(double max, int ticks, int bytes)
{
    double unit = 1;
    if (bytes)
        while (max / unit >= 1024 * 4 && unit < 1e18)
            unit *= 1024;
    double raw = max / unit / ticks;
    double mag = pow(10, floor(log10(raw)));
    double r = raw / mag;
    double step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
    return step * unit;
}

void yf_html_rect(yf_writer *w, double x, double y, double wd, double h)
{
    yf_writer_puts(w, "<rect x=\"");
    yf_html_coord(w, x);
    yf_writer_puts(w, "\" y=\"");
    yf_html_coord(w, y);
    yf_writer_puts(w, "\" width=\"");
    yf_html_coord(w, wd);
    yf_writer_puts(w, "\" height=\"");
    yf_html_coord(w, h);
    yf_writer_puts(w, "\"");
}

void yf_html_text_at(yf_writer *w, const char *cls, double x, double y)
{
    yf_writer_printf(w, "<text class=\"%s\" x=\"", cls);
    yf_html_coord(w, x);
    yf_writer_puts(w, "\" y=\"");
    yf_html_coord(w, y);
    yf_writer_puts(w, "\">");
}

int yf_html_room(double *placed, int *n, int cap, double x, double dist)
{
    for (int i = 0; i < *n; i++)
        if (fabs(placed[i] - x) < dist)
            return 0;
    if (*n >= cap)
        return 0;
    placed[(*n)++] = x;
    return 1;
}

