/* Number formatting and the small pieces of text every text format shares:
 * the headline, a head's line, a budget check's line. */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *yf_fmt_int(char buf[32], int64_t v)
{
    char rev[24], digits[24];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int n = 0;
    do { /* digits by hand: tables of a size sweep print thousands */
        rev[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    for (int i = 0; i < n; i++)
        digits[i] = rev[n - 1 - i];
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

const char *yf_fmt_fixed(char *buf, size_t n, double v, int decimals)
{
    static const long double scale[] = {1, 10, 100, 1000};
    /* v x 10^d is exact in a long double (64-bit mantissa) for d <= 3, so
     * rounding it to an integer (to nearest, ties to even) is what printf
     * does with the exact binary value; beyond that, printf itself */
    if (decimals < 0 || decimals > 3 || !(fabs(v) < 4e15) || sizeof(long double) < 10) {
        snprintf(buf, n, "%.*f", decimals, v);
        return buf;
    }
    long long k = llrintl(fabsl((long double)v) * scale[decimals]);
    char rev[40];
    int len = 0;
    for (int d = 0; d <= decimals || k; d++) {
        rev[len++] = (char)('0' + k % 10);
        k /= 10;
        if (d + 1 == decimals)
            rev[len++] = '.';
    }
    if (signbit(v))
        rev[len++] = '-';
    size_t o = 0;
    while (len && o + 1 < n)
        buf[o++] = rev[--len];
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
    if (u == 0) {
        snprintf(buf, 32, "%lld B", (long long)v);
        return buf;
    }
    yf_fmt_fixed(buf, 24, x, 1);
    size_t o = strlen(buf);
    buf[o++] = ' ';
    memcpy(buf + o, units[u], strlen(units[u]) + 1);
    return buf;
}

static int decimals(const yf_figure_info *f)
{
    return f->show == YF_SHOW_PERCENT ? 1 : 3;
}

/* 2.4856e13 -> "24.856 TFLOP" */
static const char *fmt_flops(char buf[48], double v)
{
    static const char *const prefix[] = {"", "k", "M", "G", "T", "P", "E", "Z"};
    int u = 0;
    while (fabs(v) >= 1000 && u < 7) {
        v /= 1000;
        u++;
    }
    snprintf(buf, 48, u ? "%.3f %sFLOP" : "%.0f FLOP", v, prefix[u]);
    return buf;
}

const char *yf_fmt_value(char buf[48], const yf_figure_info *f, yf_value v, int human)
{
    char t[32];
    if (v.kind == YF_NONE)
        buf[0] = '\0';
    else if (f->show == YF_SHOW_FLOPS)
        fmt_flops(buf, yf_value_real(v));
    else if (v.kind == YF_INT && f->show == YF_SHOW_BYTES && human)
        memcpy(buf, yf_fmt_bytes(t, v.i), 32);
    else if (v.kind == YF_INT)
        memcpy(buf, yf_fmt_int(t, v.i), 32);
    else
        yf_fmt_fixed(buf, 48, v.d, decimals(f));
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

const char *yf_precision_text(const yf_model *m, char buf[96])
{
    const char *w = yf_precision_label(m->weights_precision);
    const char *a = yf_precision_label(m->activations_precision);
    if (!w || !a) /* a model made by hand (a test, a sweep row) */
        w = a = "fp32";
    int n = strcmp(w, a) == 0 ? snprintf(buf, 96, "%s", w)
                              : snprintf(buf, 96, "%s weights, %s activations", w, a);
    int integer = m->weights_precision >= YF_PREC_INT8;
    int kept = m->keep_fp16 && (integer || m->activations_precision >= YF_PREC_INT8);
    const char *keep = m->keep_fp16 == (YF_KEEP_FIRST | YF_KEEP_HEADS) ? "first and head convs fp16"
                       : m->keep_fp16 == YF_KEEP_FIRST                 ? "first conv fp16"
                                                                        : "head convs fp16";
    char scales[48] = "";
    if (integer)
        snprintf(scales, sizeof(scales), "%s scales%s",
                 m->quant_per_tensor ? "per-tensor" : "per-channel",
                 m->quant_asymmetric ? " and zero-points" : "");
    if ((integer || kept) && n > 0 && n < 96)
        snprintf(buf + n, (size_t)(96 - n), " (%s%s%s)", scales, integer && kept ? ", " : "",
                 kept ? keep : "");
    return buf;
}

const char *yf_sep(const yf_render_opts *ro)
{
    return ro && ro->ascii ? ", " : " \xC2\xB7 ";
}

void yf_shape_text(char *buf, size_t n, yf_shape s)
{
    char out[80];
    const int64_t v[3] = {s.w, s.h, s.c};
    size_t o = 0;
    for (int i = 0; i < 3; i++) { /* by hand: every table row has two */
        uint64_t u = v[i] < 0 ? (uint64_t)0 - (uint64_t)v[i] : (uint64_t)v[i];
        int len = 0;
        char rev[24];
        do {
            rev[len++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v[i] < 0)
            rev[len++] = '-';
        if (i)
            out[o++] = 'x';
        while (len)
            out[o++] = rev[--len];
    }
    out[o] = '\0';
    if (n) {
        size_t k = o < n - 1 ? o : n - 1;
        memcpy(buf, out, k);
        buf[k] = '\0';
    }
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

void yf_render_change(yf_writer *w, const yf_change *c)
{
    if (c->layer >= 0)
        yf_writer_printf(w, "#%d [%s] ", c->layer, c->section);
    else
        yf_writer_printf(w, "[%s] ", c->section);
    yf_writer_printf(w, "%s: %s -> %s (%s)", c->key, c->before ? c->before : "(not set)", c->after,
                     c->origin);
}

void yf_render_check_line(yf_writer *w, const yf_check *c)
{
    yf_writer_puts(w, c->ok ? "ok     " : "FAILED ");
    yf_render_check_reason(w, c);
}

int yf_columns(const yf_render_opts *ro, const yf_profile *p, const char *const *defaults,
               yf_figure *out, int cap)
{
    int n = 0;
    if (ro->columns) {
        for (int i = 0; i < ro->n_columns && n < cap; i++)
            out[n++] = ro->columns[i];
        return n;
    }
    if (ro->wide) {
        for (yf_figure f = 0; f < yf_figure_count() && n < cap; f++) {
            unsigned fl = yf_figure_get(f)->flags;
            if ((fl & YF_FIG_LAYER) && yf_figure_present(p, f))
                out[n++] = f;
        }
        return n;
    }
    for (; *defaults && n < cap; defaults++) {
        yf_figure f = yf_figure_find(*defaults);
        if (f >= 0)
            out[n++] = f;
    }
    return n;
}

int yf_sweep_columns(const yf_render_opts *ro, const yf_sweep *s, int wide, yf_figure *out,
                     int cap)
{
    static const char *const defaults[] = {"params", "bflops", "gflops", "peak_activation_bytes",
                                           "darknet_cpu_bytes", "boxes", NULL};
    static const char *const with_device[] = {"params", "bflops", "gflops", "peak_activation_bytes",
                                              "boxes", "latency_ms", "fps", NULL};
    unsigned present = yf_sweep_present(s);
    int n = 0;
    if (ro->columns) {
        for (int i = 0; i < ro->n_columns && n < cap; i++)
            out[n++] = ro->columns[i];
        return n;
    }
    if (ro->wide || wide) {
        for (yf_figure f = 0; f < yf_figure_count() && n < cap; f++) {
            unsigned fl = yf_figure_get(f)->flags;
            if ((fl & YF_FIG_TOTAL) && !(fl & YF_FIG_TRAINING) &&
                (!(fl & YF_FIG_DEVICE) || (present & YF_FIG_DEVICE)))
                out[n++] = f;
        }
        return n;
    }
    for (const char *const *d = present & YF_FIG_DEVICE ? with_device : defaults; *d && n < cap;
         d++) {
        yf_figure f = yf_figure_find(*d);
        if (f >= 0)
            out[n++] = f;
    }
    return n;
}

void yf_write_padded(yf_writer *w, const char *s, int width)
{
    static const char spaces[] = "                                ";
    int n = (int)strlen(s);
    for (int pad = width - n; pad > 0; pad -= 32)
        yf_writer_put(w, spaces, (size_t)(pad < 32 ? pad : 32));
    yf_writer_put(w, s, (size_t)n);
}

void yf_write_left(yf_writer *w, const char *s, int width)
{
    static const char spaces[] = "                                ";
    int n = (int)strlen(s);
    yf_writer_put(w, s, (size_t)n);
    for (int pad = width - n; pad > 0; pad -= 32)
        yf_writer_put(w, spaces, (size_t)(pad < 32 ? pad : 32));
}

void yf_sweep_headline(yf_writer *w, const yf_sweep *s, int n_sizes)
{
    char prec[96];
    const yf_model *m = yf_sweep_model(s);
    yf_writer_printf(w, "%s: %d input size%s, channels %lld, batch %lld, %s", m->name, n_sizes,
                     n_sizes == 1 ? "" : "s", (long long)m->input.c, (long long)m->batch,
                     yf_precision_text(m, prec));
    if (*yf_sweep_note(s))
        yf_writer_printf(w, "\n%s", yf_sweep_note(s));
}

/* RFC 4180: quoted when it holds a comma, quote or line break (the one
 * escaper of every CSV text field). */
void yf_csv_field(yf_writer *w, const char *s)
{
    if (!s[strcspn(s, ",\"\r\n")]) {
        yf_writer_puts(w, s);
        return;
    }
    yf_writer_put(w, "\"", 1);
    for (; *s; s++)
        yf_writer_put(w, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
    yf_writer_put(w, "\"", 1);
}

/* With batch > 1: a line naming the columns that count the batch and those
 * per image ("per batch of 8: GFLOPs, out mem; per image: BFLOPs"). */
void yf_batch_columns_note(yf_writer *w, const yf_figure *cols, int n, int64_t batch)
{
    static const unsigned kinds[] = {YF_FIG_PER_BATCH, YF_FIG_PER_IMAGE};
    if (batch <= 1)
        return;
    int any = 0;
    for (int k = 0; k < 2; k++) {
        int listed = 0;
        for (int c = 0; c < n; c++) {
            const yf_figure_info *f = yf_figure_get(cols[c]);
            if (!(f->flags & kinds[k]))
                continue;
            if (!listed && k == 0)
                yf_writer_printf(w, "per batch of %lld: ", (long long)batch);
            else if (!listed)
                yf_writer_puts(w, any ? "; per image: " : "per image: ");
            yf_writer_printf(w, "%s%s", listed ? ", " : "", f->column);
            listed = any = 1;
        }
    }
    if (any)
        yf_writer_puts(w, "\n");
}

/* Columns of UTF-8 text: bytes that do not continue a character. */
static size_t text_columns(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* The byte after `width` columns of s (n bytes). */
static size_t column_end(const char *s, size_t n, size_t width)
{
    size_t c = 0, i = 0;
    for (; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && c++ == width)
            break;
    }
    return i;
}

static void wrap_emit(yf_wrap *x, int newline)
{
    const char *s = x->line;
    size_t n = x->n, room = YF_WRAP_WIDTH;
    while (text_columns(s, n) > room) {
        size_t brk = column_end(s, n, room);
        while (brk > YF_WRAP_INDENT && s[brk] != ' ')
            brk--;
        if (brk <= YF_WRAP_INDENT)
            break; /* one word wider than the line: left as it is */
        yf_writer_put(x->out, s, brk);
        yf_writer_printf(x->out, "\n%*s", YF_WRAP_INDENT, "");
        while (brk < n && s[brk] == ' ')
            brk++;
        s += brk;
        n -= brk;
        room = YF_WRAP_WIDTH - YF_WRAP_INDENT;
    }
    yf_writer_put(x->out, s, n);
    if (newline)
        yf_writer_put(x->out, "\n", 1);
    x->n = 0;
}

static int wrap_write(void *ctx, const char *p, size_t n)
{
    yf_wrap *x = ctx;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n') {
            wrap_emit(x, 1);
            continue;
        }
        if (x->n == sizeof(x->line))
            wrap_emit(x, 0); /* a line longer than the buffer goes out unwrapped */
        x->line[x->n++] = p[i];
    }
    return 0;
}

yf_writer *yf_wrap_begin(yf_wrap *x, yf_writer *out)
{
    x->out = out;
    x->n = 0;
    yf_writer_init(&x->w, wrap_write, x);
    return &x->w;
}

void yf_wrap_end(yf_wrap *x)
{
    yf_error err;
    (void)yf_writer_finish(&x->w, &err); /* wrap_write does not fail; `out` keeps failures */
    if (x->n)
        wrap_emit(x, 0);
}

void yf_sweep_exponents(yf_writer *w, const yf_render_opts *ro, const yf_sweep *s,
                        const yf_figure *cols, int n)
{
    int shown = 0, col = 0;
    for (int c = 0; c < n; c++) {
        double e;
        if (!yf_sweep_exponent(s, cols[c], &e))
            continue;
        char item[96];
        int len = snprintf(item, sizeof(item), "%s ~ pixels^%.2f", yf_figure_get(cols[c])->column,
                           e == 0 ? 0.0 : e);
        if (!shown) {
            yf_writer_puts(w, "scaling, smallest to largest size: ");
            col = 35;
        } else if (col + 3 + len > 118) {
            yf_writer_puts(w, "\n  ");
            col = 2;
        } else {
            yf_writer_puts(w, yf_sep(ro));
            col += 3;
        }
        yf_writer_puts(w, item);
        col += len;
        shown++;
    }
    if (shown)
        yf_writer_puts(w, "\n");
}

int yf_profile_columns(const yf_profile *p, const yf_render_opts *ro, const char *const *defaults,
                       yf_figure *out, int cap)
{
    int n = yf_columns(ro, p, defaults, out, cap), k = 0;
    for (int i = 0; i < n; i++)
        if (yf_figure_present(p, out[i]))
            out[k++] = out[i];
    return k;
}

int yf_diff_present(const yf_diff *d, yf_figure f)
{
    return yf_figure_present(d->a, f) || yf_figure_present(d->b, f);
}

int yf_diff_notes(const yf_diff *d, char a[YF_NOTE_MAX], char b[YF_NOTE_MAX])
{
    const yf_latency *la = d->a->latency, *lb = d->b->latency;
    snprintf(a, YF_NOTE_MAX, "none");
    snprintf(b, YF_NOTE_MAX, "none");
    if (la)
        yf_latency_note(la, a, YF_NOTE_MAX);
    if (lb)
        yf_latency_note(lb, b, YF_NOTE_MAX);
    return !la && !lb ? 0 : strcmp(a, b) ? 2 : 1;
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

/* ---- training notes (table and Markdown) ---- */

/* "outputs 20.1 GiB, deltas 12.0 GiB, ..." : the `top` largest terms. */
static void top_terms(yf_writer *w, const int64_t *bd, int top)
{
    char b[32];
    int used[YF_MEM_COUNT] = {0};
    for (int n = 0; n < top; n++) {
        int best = -1;
        for (int k = 0; k < YF_MEM_COUNT; k++)
            if (!used[k] && bd[k] > 0 && (best < 0 || bd[k] > bd[best]))
                best = k;
        if (best < 0)
            return;
        used[best] = 1;
        yf_writer_printf(w, "%s%s %s", n ? ", " : "", yf_mem_name(best), yf_fmt_bytes(b, bd[best]));
    }
}

static void fit_line(yf_writer *w, const char *bullet, const char *name, const yf_train_mem *m,
                     const yf_training *t)
{
    char b[32], c[32];
    yf_writer_printf(w, "%s%s: %s %s %s", bullet, name, yf_fmt_bytes(b, m->compared_bytes),
                     m->fits ? "fits in" : "does not fit in", yf_fmt_bytes(c, t->memory_limit));
    if (*t->memory_from)
        yf_writer_printf(w, " (%s's memory)", t->memory_from);
    if (m->largest_mini_batch > 0)
        yf_writer_printf(w, "; largest mini-batch %lld", (long long)m->largest_mini_batch);
    else
        yf_writer_puts(w, "; not even mini-batch 1");
    if (m->smallest_subdivisions > 0)
        yf_writer_printf(w, "; smallest subdivisions dividing batch %lld: %lld (mini-batch %lld)",
                         (long long)t->batch, (long long)m->smallest_subdivisions,
                         (long long)(t->batch / m->smallest_subdivisions));
    else
        yf_writer_printf(w, "; no subdivisions dividing batch %lld fits", (long long)t->batch);
    yf_writer_puts(w, "\n");
}

static void size_line(yf_writer *w, const yf_training *t, const char *bullet)
{
    if (!t->train_width) {
        yf_writer_printf(w, "%sDarknet memory for the cfg's inputs= (no resizing)\n", bullet);
        return;
    }
    yf_writer_printf(w, "%sDarknet memory at %lldx%lld", bullet, (long long)t->train_width,
                     (long long)t->train_height);
    if (t->train_width != t->width || t->train_height != t->height)
        yf_writer_printf(w, ": random=%g on layer #%d makes detector train start at the largest "
                            "size it reaches (%lldx%lld x %g, resize_step %g); --no-random for the "
                            "cfg size",
                         t->random, t->random_layer, (long long)t->width, (long long)t->height,
                         t->random_coef, t->resize_step);
    else
        yf_writer_printf(w, ", the cfg size%s", t->no_random ? " (--no-random)"
                                                 : t->random ? "" : " (random=0)");
    yf_writer_puts(w, "\n");
}

void yf_render_training_notes(yf_writer *w, const yf_profile *p, const char *bullet)
{
    const yf_training *t = p->training;
    char a[32], b[32], c[32], d[32];
    if (!t)
        return;
    yf_writer_printf(w, "%srun: batch %lld = %lld subdivisions x mini-batch %lld", bullet,
                     (long long)t->batch, (long long)t->subdivisions, (long long)t->mini_batch);
    if (t->time_steps > 1)
        yf_writer_printf(w, " x %lld time steps", (long long)t->time_steps);
    yf_writer_printf(w, ", %s iterations (%s), %s\n", yf_fmt_int(a, t->iterations),
                     t->iterations_from_cfg ? "[net] max_batches" : "--iterations",
                     yf_optimizer_name(t->optimizer));
    if (t->iteration_ms > 0)
        yf_writer_printf(w, "%stime (estimate): %s, %s, %s forward of a mini-batch of %lld at %lldx%lld "
                            "%.3f ms (%s) x %.3f (forward + backward FLOPs / forward) x %lld "
                            "subdivisions; no training measurement calibrates it\n",
                         bullet, t->time_device, t->time_runtime,
                         yf_precision_label(t->time_precision), (long long)t->mini_batch,
                         (long long)t->width, (long long)t->height, t->mini_batch_ms,
                         t->time_calibrated ? "calibrated" : "uncalibrated", t->time_ratio,
                         (long long)t->subdivisions);
    size_line(w, t, bullet);
    yf_writer_printf(w, "%sDarknet CPU, exact: ", bullet);
    top_terms(w, t->darknet_cpu.breakdown, 4);
    yf_writer_printf(w, "; + %s data loader (estimate)\n", yf_fmt_bytes(a, t->data_loader_bytes));
    if (t->sigfpe)
        yf_writer_printf(w, "%sDarknet dies of SIGFPE loading this cfg (no layer reads an image "
                            "wider and taller than 1, parser.c): its workspace is never "
                            "allocated\n",
                         bullet);
    const int64_t *g = t->darknet_gpu.breakdown;
    yf_writer_printf(w, "%sDarknet GPU: %s device buffers (from the source) + %s cuDNN workspace "
                        "(%s) + %s CUDA context (estimate) + %s allocation rounding (estimate); "
                        "CUDNN_HALF %s, optimized_memory=%lld\n",
                     bullet, yf_fmt_bytes(a, t->darknet_gpu_exact_bytes),
                     yf_fmt_bytes(b, g[YF_MEM_CUDNN_WORKSPACE]),
                     t->workspace_estimated ? "estimate: the largest im2col buffer" : "--workspace",
                     yf_fmt_bytes(c, g[YF_MEM_CONTEXT]), yf_fmt_bytes(d, g[YF_MEM_ROUNDING]),
                     t->cudnn_half ? "on" : "off", (long long)t->optimized_memory);
    yf_writer_printf(w, "%sPyTorch (estimate) at %lldx%lld, mini-batch %lld, %s, %s: ", bullet,
                     (long long)t->width, (long long)t->height, (long long)t->mini_batch,
                     yf_optimizer_name(t->optimizer), t->amp ? "AMP" : "fp32");
    top_terms(w, t->pytorch.breakdown, 4);
    yf_writer_puts(w, "\n");
    if (!t->memory_limit)
        return;
    fit_line(w, bullet, "fits? Darknet GPU (estimate)", &t->darknet_gpu, t);
    fit_line(w, bullet, "fits? Darknet CPU (exact + data loader estimate)", &t->darknet_cpu, t);
    fit_line(w, bullet, "fits? PyTorch (estimate)", &t->pytorch, t);
}
