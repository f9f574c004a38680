/* Number formatting and the small pieces of text every text format shares:
 * the headline, a head's line, a budget check's line. */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *yf_fmt_int(char buf[32], int64_t v)
{
    char digits[24];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)u);
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

static int decimals(const yf_figure_info *f)
{
    return f->show == YF_SHOW_PERCENT ? 1 : 3;
}

const char *yf_fmt_value(char buf[48], const yf_figure_info *f, yf_value v, int human)
{
    char t[32];
    if (v.kind == YF_NONE)
        buf[0] = '\0';
    else if (v.kind == YF_INT && f->show == YF_SHOW_BYTES && human)
        snprintf(buf, 48, "%s", yf_fmt_bytes(t, v.i));
    else if (v.kind == YF_INT)
        snprintf(buf, 48, "%s", yf_fmt_int(t, v.i));
    else
        snprintf(buf, 48, "%.*f", decimals(f), v.d);
    return buf;
}

const char *yf_fmt_exact(char buf[48], const yf_figure_info *f, yf_value v)
{
    (void)f;
    if (v.kind == YF_NONE)
        buf[0] = '\0';
    else if (v.kind == YF_INT)
        snprintf(buf, 48, "%lld", (long long)v.i);
    else
        snprintf(buf, 48, "%.9f", v.d);
    return buf;
}

const char *yf_fmt_change(char buf[64], const yf_figure_info *f, yf_value before, yf_value after)
{
    char v[48];
    double b = yf_value_real(before), a = yf_value_real(after);
    yf_value d = after;
    if (after.kind == YF_INT && before.kind == YF_INT)
        d.i = after.i - before.i, d.i = d.i < 0 ? -d.i : d.i;
    else
        d = (yf_value){.kind = YF_REAL, .d = fabs(a - b)};
    yf_fmt_value(v, f, d, 0);
    char sign = a < b ? '-' : '+';
    if (b != 0)
        snprintf(buf, 64, "%c%s (%+.2f%%)", sign, v, 100.0 * (a - b) / b);
    else
        snprintf(buf, 64, "%c%s", sign, v);
    return buf;
}

const char *yf_batch_note(char buf[48], const yf_figure_info *f, int64_t batch)
{
    buf[0] = '\0';
    if (batch > 1 && (f->flags & YF_FIG_PER_BATCH))
        snprintf(buf, 48, " per batch of %lld", (long long)batch);
    else if (batch > 1 && (f->flags & YF_FIG_PER_IMAGE))
        snprintf(buf, 48, " per image");
    return buf;
}

const char *yf_precision_name(int bytes_per_element)
{
    return bytes_per_element == 2 ? "fp16" : bytes_per_element == 1 ? "int8" : "fp32";
}

const char *yf_sep(const yf_render_opts *ro)
{
    return ro && ro->ascii ? ", " : " \xC2\xB7 ";
}

void yf_shape_text(char *buf, size_t n, yf_shape s)
{
    snprintf(buf, n, "%lldx%lldx%lld", (long long)s.w, (long long)s.h, (long long)s.c);
}

void yf_render_headline(yf_writer *w, const yf_render_opts *ro, const yf_model *m)
{
    char p[32];
    const yf_totals *t = &m->totals;
    const char *sep = yf_sep(ro);
    if (m->batch > 1)
        yf_writer_printf(w, "%.3f BFLOPs an image (Darknet)%s%.3f GFLOPs a batch of %lld (thop, "
                            "%.3f fused)%s%s params",
                         t->bflops, sep, t->gflops, (long long)m->batch, t->gflops_fused, sep,
                         yf_fmt_int(p, t->params));
    else
        yf_writer_printf(w, "%.3f BFLOPs (Darknet)%s%.3f GFLOPs (thop/Ultralytics, %.3f fused)%s%s "
                            "params",
                         t->bflops, sep, t->gflops, t->gflops_fused, sep,
                         yf_fmt_int(p, t->params));
}

void yf_render_head_line(yf_writer *w, const yf_layer *l)
{
    char b[32];
    const yf_head *h = &l->head;
    yf_writer_printf(w, "#%d %s: %lldx%lld grid, %lld anchors", l->index, l->type,
                     (long long)h->grid_w, (long long)h->grid_h, (long long)h->n_anchors);
    for (int64_t i = 0; h->anchors && i < h->n_anchors; i++)
        yf_writer_printf(w, "%s%g,%g", i ? " " : " (", h->anchors[2 * i], h->anchors[2 * i + 1]);
    yf_writer_printf(w, "%s, %lld classes, %s boxes", h->anchors ? ")" : "",
                     (long long)h->classes, yf_fmt_int(b, h->n_boxes));
}

/* A real with the fewest decimals (at least `min`) that tell a from b. */
static void distinct(char *out, size_t n, double a, double b, int min)
{
    int d = min;
    char x[64], y[64];
    for (;; d++) {
        snprintf(x, sizeof(x), "%.*f", d, a);
        snprintf(y, sizeof(y), "%.*f", d, b);
        if (strcmp(x, y) != 0 || d >= 12)
            break;
    }
    snprintf(out, n, "%s", x);
}

/* A count grouped when it is a whole number in range, else with decimals. */
static void count_text(char *out, size_t n, double v)
{
    char t[32];
    if (v == floor(v) && fabs(v) < 9e18)
        snprintf(out, n, "%s", yf_fmt_int(t, (int64_t)v));
    else
        snprintf(out, n, "%.3f", v);
}

void yf_render_check_reason(yf_writer *w, const yf_check *c)
{
    const yf_figure_info *f = yf_figure_get(c->limit.figure);
    char m[64], a[64], by[64];
    double over = c->limit.minimum ? c->allowed - c->measured : c->measured - c->allowed;
    int real = f->show == YF_SHOW_GIGA || f->show == YF_SHOW_PERCENT ||
               f->show == YF_SHOW_REAL || c->limit.percent;
    if (real) {
        int d = decimals(f);
        distinct(m, sizeof(m), c->measured, c->allowed, d);
        distinct(a, sizeof(a), c->allowed, c->measured, d);
        distinct(by, sizeof(by), over, 0, d);
    } else {
        count_text(m, sizeof(m), c->measured);
        count_text(a, sizeof(a), c->allowed);
        count_text(by, sizeof(by), over);
    }
    const char *unit = f->show == YF_SHOW_GIGA ? f->column : "";
    char per[48];
    yf_batch_note(per, f, c->batch);
    if (c->limit.increase)
        yf_writer_printf(w, "increase of %s%s: %s%s %s %s%s%s (%s)", f->name, per,
                         c->measured < 0 ? "" : "+", m, c->ok ? "<=" : ">", a, *unit ? " " : "",
                         unit, c->limit.origin);
    else if (c->limit.minimum)
        yf_writer_printf(w, "%s%s: %s %s %s%s%s (%s)", f->name, per, m, c->ok ? ">=" : "<", a,
                         *unit ? " " : "", unit, c->limit.origin);
    else
        yf_writer_printf(w, "%s%s: %s %s %s%s%s (%s)", f->name, per, m, c->ok ? "<=" : ">", a,
                         *unit ? " " : "", unit, c->limit.origin);
    if (!c->ok && c->limit.minimum)
        yf_writer_printf(w, ", under by %s (%.2f%%)", by,
                         c->allowed > 0 ? 100.0 * over / c->allowed : 100.0);
    else if (!c->ok)
        yf_writer_printf(w, ", over by %s (%.2f%%)", by,
                         c->allowed > 0 ? 100.0 * over / c->allowed : 100.0);
}

void yf_render_check_line(yf_writer *w, const yf_check *c)
{
    yf_writer_puts(w, c->ok ? "ok     " : "FAILED ");
    yf_render_check_reason(w, c);
}

int yf_columns(const yf_render_opts *ro, const char *const *defaults, yf_figure *out, int cap)
{
    int n = 0;
    if (ro->columns) {
        for (int i = 0; i < ro->n_columns && n < cap; i++)
            out[n++] = ro->columns[i];
        return n;
    }
    if (ro->wide) {
        for (yf_figure f = 0; f < yf_figure_count() && n < cap; f++)
            if (yf_figure_get(f)->flags & YF_FIG_LAYER)
                out[n++] = f;
        return n;
    }
    for (; *defaults && n < cap; defaults++) {
        yf_figure f = yf_figure_find(*defaults);
        if (f >= 0)
            out[n++] = f;
    }
    return n;
}

int yf_profile_columns(const yf_profile *p, const yf_render_opts *ro, const char *const *defaults,
                       yf_figure *out, int cap)
{
    int n = yf_columns(ro, defaults, out, cap), k = 0;
    for (int i = 0; i < n; i++)
        if (yf_figure_present(p, out[i]))
            out[k++] = out[i];
    return k;
}

int yf_diff_present(const yf_diff *d, yf_figure f)
{
    return yf_figure_present(d->a, f) || yf_figure_present(d->b, f);
}

int yf_row_count(const yf_profile *p)
{
    return p->order ? p->n_order : p->model->n_layers;
}

int yf_row_at(const yf_profile *p, int k)
{
    return p->order ? p->order[k] : k;
}

/* ---- a .weights check, as text (table and Markdown) ---- */
void yf_render_weights_verdict(yf_writer *w, const yf_weights_report *r)
{
    char n[32];
    int64_t d = r->file_floats - r->expected_floats;
    if (r->status == YF_WEIGHTS_MATCH)
        yf_writer_puts(w, "MATCH");
    else if (r->status == YF_WEIGHTS_PARTIAL)
        yf_writer_printf(w, "PARTIAL: holds layers #0-#%d (a pretrained backbone, as Darknet's "
                            "'partial' writes it)",
                         r->partial_layers - 1);
    else
        yf_writer_printf(w, "MISMATCH: %s floats %s", yf_fmt_int(n, d < 0 ? -d : d),
                         d < 0 ? "missing" : "extra");
}

void yf_render_weights_details(yf_writer *w, const yf_model *m, const yf_weights_report *r,
                               const char *bullet)
{
    char a[32], b[32];
    yf_writer_printf(w, "%sheader: version %d.%d.%d, seen %llu images (%d-byte header)%s\n",
                     bullet, r->major, r->minor, r->revision, (unsigned long long)r->seen,
                     r->header_bytes,
                     r->transposed ? "; major or minor > 1000: Darknet transposes [connected] "
                                     "weights as it loads them"
                                   : "");
    yf_writer_printf(w, "%sfile: %s bytes = %s floats", bullet, yf_fmt_int(a, r->file_bytes),
                     yf_fmt_int(b, r->file_floats));
    if (r->trailing_bytes)
        yf_writer_printf(w, " + %lld trailing bytes", (long long)r->trailing_bytes);
    yf_writer_printf(w, "\n%scfg: %s floats in %d layers\n", bullet,
                     yf_fmt_int(a, r->expected_floats), m->n_layers);
    if (r->status == YF_WEIGHTS_PARTIAL)
        yf_writer_printf(w, "%sthe file ends exactly after layer #%d of %d: Darknet loads it and "
                            "leaves the later layers to training\n",
                         bullet, r->partial_layers - 1, m->n_layers);
    if (r->runs_out_layer >= 0) {
        const yf_layer *l = &m->layers[r->runs_out_layer];
        yf_writer_printf(w, "%sthe file ends inside layer #%d (%s %s, line %d) after %s of its %s "
                            "floats\n",
                         bullet, l->index, l->type, l->desc, l->line,
                         yf_fmt_int(a, r->runs_out_floats), yf_fmt_int(b, l->weights_file_floats));
    }
    if (r->looks_like_text)
        yf_writer_printf(w, "%shint: the header reads as text, not numbers: is this a .weights "
                            "file? (Darknet would load it all the same)\n",
                         bullet);
    if (r->hint_classes > 0) {
        int64_t cfg_classes = 0;
        for (int i = 0; i < m->n_layers && !cfg_classes; i++)
            if (m->layers[i].flags & YF_LAYER_HEAD)
                cfg_classes = m->layers[i].head.classes;
        yf_writer_printf(w, "%shint: the file's size fits classes=%lld in every head (the cfg says "
                            "classes=%lld): was it trained for another number of classes?\n",
                         bullet, (long long)r->hint_classes, (long long)cfg_classes);
    }
}
