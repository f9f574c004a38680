/* Output dispatch and the number formatting shared by all renderers. */
#include "internal.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void yf_buf_init(yf_buf *b)
{
    memset(b, 0, sizeof(*b));
}

void yf_buf_release(yf_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

static int reserve(yf_buf *b, size_t extra)
{
    if (b->oom)
        return 0;
    if (b->len + extra + 1 <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return 0;
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

void yf_buf_append(yf_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void yf_buf_printf(yf_buf *b, const char *fmt, ...)
{
    if (!reserve(b, 256))
        return;
    va_list ap;
    va_start(ap, fmt); /* one pass when it fits, a second one after growing */
    int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= b->cap - b->len) {
        if (!reserve(b, (size_t)n))
            return;
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

const char *yf_fmt_int(char buf[32], int64_t v)
{
    char digits[24];
    int n = snprintf(digits, sizeof(digits), "%lld", (long long)(v < 0 ? -v : v));
    int o = 0;
    if (v < 0)
        buf[o++] = '-';
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

const char *yf_fmt_bytes(char buf[32], int64_t v)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double x = (double)v;
    int u = 0;
    while (x >= 1024 && u < 6) {
        x /= 1024;
        u++;
    }
    if (u == 0)
        snprintf(buf, 32, "%lld B", (long long)v);
    else
        snprintf(buf, 32, "%.1f %s", x, units[u]);
    return buf;
}

const char *yf_precision_name(int bytes_per_element)
{
    return bytes_per_element == 2 ? "fp16" : bytes_per_element == 1 ? "int8" : "fp32";
}

int yf_render(yf_format fmt, yf_model *const *models, int n, const yf_render_opts *ro,
              yf_buf *out, yf_error *err)
{
    yf_render_opts none = {0};
    if (!ro)
        ro = &none;
    int r = YF_OK;
    switch (fmt) {
    case YF_FMT_TABLE: r = yf_render_table(models, n, ro, out); break;
    case YF_FMT_JSON: r = yf_render_json(models, n, ro, out, err); break;
    case YF_FMT_CSV: r = yf_render_csv(models, n, ro, out); break;
    case YF_FMT_MD: r = yf_render_md(models, n, ro, out); break;
    }
    if (!r && out->oom)
        r = yf_error_set(err, YF_ERR_INPUT, "out of memory while rendering");
    return r;
}

int yf_render_diff(yf_format fmt, const yf_diff *d, const yf_render_opts *ro, yf_buf *out,
                   yf_error *err)
{
    yf_render_opts none = {0};
    if (!ro)
        ro = &none;
    int r = YF_OK;
    switch (fmt) {
    case YF_FMT_TABLE: r = yf_render_diff_table(d, ro, out, 0); break;
    case YF_FMT_MD: r = yf_render_diff_table(d, ro, out, 1); break;
    case YF_FMT_CSV: r = yf_render_diff_csv(d, out); break;
    case YF_FMT_JSON: r = yf_render_diff_json(d, out, err); break;
    }
    if (!r && out->oom)
        r = yf_error_set(err, YF_ERR_INPUT, "out of memory while rendering");
    return r;
}

void yf_render_headline(const yf_model *m, yf_buf *out)
{
    char p[32];
    const yf_totals *t = &m->totals;
    yf_buf_printf(out, "%.3f BFLOPs (Darknet) · %.3f GFLOPs (thop/Ultralytics, %.3f fused) · %s "
                       "params",
                  t->bflops, t->gflops, t->gflops_fused, yf_fmt_int(p, t->params));
}

void yf_render_head_line(const yf_layer *l, yf_buf *out)
{
    char b[32];
    const yf_head *h = &l->head;
    yf_buf_printf(out, "#%d %s: %lldx%lld grid, %lld anchors", l->index, l->type,
                  (long long)h->grid_w, (long long)h->grid_h, (long long)h->n_anchors);
    for (int64_t i = 0; h->anchors && i < h->n_anchors; i++)
        yf_buf_printf(out, "%s%g,%g", i ? " " : " (", h->anchors[2 * i], h->anchors[2 * i + 1]);
    yf_buf_printf(out, "%s, %lld classes, %s boxes", h->anchors ? ")" : "", (long long)h->classes,
                  yf_fmt_int(b, h->n_boxes));
}

static int figure_is_count(yf_figure f)
{
    return f != YF_FIG_BFLOPS && f != YF_FIG_GFLOPS && f != YF_FIG_GFLOPS_FUSED;
}

const char *yf_fmt_figure(char buf[40], yf_figure f, double v)
{
    if (figure_is_count(f) && v > -9e18 && v < 9e18) /* the cast is defined in this range */
        return yf_fmt_int(buf, (int64_t)(v < 0 ? v - 0.5 : v + 0.5));
    if (figure_is_count(f)) {
        snprintf(buf, 40, "%.0f", v);
        return buf;
    }
    snprintf(buf, 40, "%.3f", v);
    return buf;
}

const char *yf_fmt_change(char buf[64], yf_figure f, double before, double after)
{
    char v[40];
    double d = after - before;
    yf_fmt_figure(v, f, d < 0 ? -d : d);
    if (before != 0)
        snprintf(buf, 64, "%c%s (%+.2f%%)", d < 0 ? '-' : '+', v, 100.0 * d / before);
    else
        snprintf(buf, 64, "%c%s", d < 0 ? '-' : '+', v);
    return buf;
}

void yf_render_check_reason(const yf_check *c, yf_buf *out)
{
    char m[40], a[40], by[40];
    yf_figure f = c->limit.figure;
    double over = c->measured - c->allowed;
    yf_fmt_figure(m, f, c->measured);
    yf_fmt_figure(a, f, c->allowed);
    yf_fmt_figure(by, f, over);
    if (c->limit.increase)
        yf_buf_printf(out, "increase of %s: %s%s %s %s (%s)", yf_figure_name(f),
                      c->measured < 0 ? "" : "+", m, c->ok ? "<=" : ">", a, c->limit.origin);
    else
        yf_buf_printf(out, "%s: %s %s %s (%s)", yf_figure_name(f), m, c->ok ? "<=" : ">", a,
                      c->limit.origin);
    if (!c->ok)
        yf_buf_printf(out, ", over by %s (%.2f%%)", by,
                      c->allowed > 0 ? 100.0 * over / c->allowed : 100.0);
}

void yf_render_check_line(const yf_check *c, yf_buf *out)
{
    yf_buf_printf(out, "%s ", c->ok ? "ok    " : "FAILED");
    yf_render_check_reason(c, out);
}
