/* The table a Darknet user expects, sized for a 120-column terminal: index,
 * type, filters and size/stride, input -> output, then the selected figure
 * columns; a footer giving every total with its convention (grouped as the
 * figure registry says); the budgets checked. Also the text forms of a diff
 * and of a .weights check. */
#include "render.h"

#include <stdio.h>
#include <string.h>

enum { MAX_COLS = 64, LINE = 120, INDENT = 14 };

static const char *const default_columns[] = {"params", "bflops", "gflops", "macs_percent",
                                              "output_bytes", NULL};
/* With a device: the time takes the place of BFLOPs and memory. */
static const char *const latency_columns[] = {"params", "gflops", "latency_ms", "latency_percent",
                                              NULL};

static int width(const yf_figure_info *f)
{
    int w = f->show == YF_SHOW_GIGA ? 8 : f->show == YF_SHOW_PERCENT ? 5
            : f->show == YF_SHOW_BYTES ? 10 : f->show == YF_SHOW_FLOPS ? 13 : 11;
    int h = (int)strlen(f->column);
    return h > w ? h : w;
}

/* With a latency estimate whose time is shown, each layer's bound follows. */
static int show_bound(const yf_profile *p, const yf_figure *cols, int n)
{
    for (int c = 0; p->latency && c < n; c++)
        if (cols[c] == yf_figure_find("latency_ms"))
            return 1;
    return 0;
}

/* With a batch, which columns count the batch and which one image, on a
 * line above the header (marking each column would widen the table past 120
 * columns for large batches): "per batch of 8: GFLOPs, out mem; per image:
 * BFLOPs". Nothing at batch 1, where the two are the same. */
static void header(yf_writer *w, const yf_figure *cols, int n, int bound)
{
    yf_writer_printf(w, "%5s  %-13s %-17s %14s    %-14s", "layer", "type", "filters size/str",
                     "input", "output");
    for (int c = 0; c < n; c++) {
        const yf_figure_info *f = yf_figure_get(cols[c]);
        yf_writer_printf(w, " %*s", width(f), f->column);
    }
    yf_writer_puts(w, bound ? " bound\n" : "\n");
}

/* A cell of `width` columns that pays back what earlier cells overran
 * (scale_channels is wider than the type column): the row keeps its width
 * where the next cells have room. Returns what is still owed. */
static int cell(yf_writer *w, const char *s, int width, int owed, int right)
{
    int n = (int)strlen(s), room = width - owed;
    if (right)
        yf_write_padded(w, s, room);
    else
        yf_write_left(w, s, room);
    return n > room ? n - room : 0;
}

static void rows(yf_writer *w, const yf_render_opts *ro, const yf_profile *p)
{
    yf_figure cols[MAX_COLS];
    int n = yf_profile_columns(p, ro, p->latency ? latency_columns : default_columns, cols,
                               MAX_COLS);
    char in[48], out[48], v[48];
    int bound = show_bound(p, cols, n);
    yf_batch_columns_note(w, cols, n, p->model->batch);
    header(w, cols, n, bound);
    for (int k = 0; k < yf_row_count(p); k++) {
        int i = yf_row_at(p, k);
        const yf_layer *l = &p->model->layers[i];
        yf_shape_text(in, sizeof(in), l->in);
        yf_shape_text(out, sizeof(out), l->out);
        char idx[16];
        snprintf(idx, sizeof(idx), "%d", l->index);
        yf_write_padded(w, idx, 5);
        yf_writer_puts(w, l->changed ? "* " : "  ");
        int owed = cell(w, l->type, 13, 0, 0);
        yf_writer_put(w, " ", 1);
        owed = cell(w, l->desc, 17, owed, 0);
        yf_writer_put(w, " ", 1);
        owed = cell(w, in, 14, owed, 1);
        yf_writer_puts(w, " -> ");
        cell(w, out, 14, owed, 0);
        for (int c = 0; c < n; c++) {
            const yf_figure_info *f = yf_figure_get(cols[c]);
            yf_writer_put(w, " ", 1);
            yf_write_padded(w, yf_fmt_value(v, f, yf_figure_value(p, cols[c], i), 1), width(f));
        }
        if (bound)
            yf_writer_printf(w, " %s", yf_bound_name(p->latency->layers[i].bound));
        yf_writer_puts(w, "\n");
    }
}

/* Items joined by the separator, wrapped under the first at 120 columns. */
typedef struct line {
    yf_writer *w;
    const char *sep;
    int col, items;
} line;

static void item(line *ln, const char *text)
{
    int len = (int)strlen(text), sep = 3; /* " · " is 3 columns wide */
    if (ln->items && ln->col + sep + len > LINE) {
        yf_writer_printf(ln->w, "\n%*s", INDENT, "");
        ln->col = INDENT;
    } else if (ln->items) {
        yf_writer_puts(ln->w, ln->sep);
        ln->col += sep;
    }
    yf_writer_puts(ln->w, text);
    ln->col += len;
    ln->items++;
}

static void group(yf_writer *w, const yf_render_opts *ro, const yf_profile *p, const char *name)
{
    line ln = {w, yf_sep(ro), INDENT, 0};
    char v[48], text[200];
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        const yf_figure_info *fi = yf_figure_get(f);
        if (!fi->group || strcmp(fi->group, name) != 0 || !(fi->flags & YF_FIG_TOTAL))
            continue;
        yf_value val = yf_figure_value(p, f, -1);
        if (val.kind == YF_NONE)
            continue;
        if (!ln.items)
            yf_writer_printf(w, "  %-11s ", name);
        char per[48];
        snprintf(text, sizeof(text), "%s %s%s", yf_fmt_value(v, fi, val, 1), fi->label,
                 yf_batch_note(per, fi, p->model->batch));
        item(&ln, text);
    }
    if (ln.items)
        yf_writer_puts(w, "\n");
}

/* The keys what-if edits changed (their layers are marked '*'). */
static void edits(yf_writer *w, const yf_model *m)
{
    enum { SHOWN = 12 };
    for (int i = 0; i < m->n_changes && i < SHOWN; i++) {
        yf_writer_printf(w, "  %-11s ", i ? "" : "edited");
        yf_render_change(w, &m->changes[i]);
        yf_writer_puts(w, "\n");
    }
    if (m->n_changes > SHOWN)
        yf_writer_printf(w, "%*s... %d more (every one in --format json or md)\n", INDENT, "",
                         m->n_changes - SHOWN);
}

static void footer(yf_writer *w, const yf_render_opts *ro, const yf_profile *p)
{
    const yf_model *m = p->model;
    yf_writer_puts(w, "total: ");
    yf_render_headline(w, ro, m);
    yf_writer_puts(w, "\n");
    /* Footer groups in the order the registry first names them. */
    const char *seen[16];
    int n_seen = 0;
    for (yf_figure f = 0; f < yf_figure_count() && n_seen < 16; f++) {
        const char *g = yf_figure_get(f)->group;
        int dup = !g;
        for (int k = 0; k < n_seen && !dup; k++)
            dup = strcmp(seen[k], g) == 0;
        if (!dup)
            seen[n_seen++] = g;
    }
    int heads = 0;
    for (int i = 0; i < m->n_layers; i++)
        heads += (m->layers[i].flags & YF_LAYER_HEAD) != 0;
    for (int k = 0; k < n_seen; k++) {
        int is_heads = strcmp(seen[k], "heads") == 0;
        if (is_heads && !heads)
            continue;
        group(w, ro, p, seen[k]);
        if (strcmp(seen[k], "training") == 0)
            yf_render_training_notes(w, p, "              ");
        if (!is_heads)
            continue;
        for (int i = 0; i < m->n_layers; i++) {
            if (!(m->layers[i].flags & YF_LAYER_HEAD))
                continue;
            yf_writer_printf(w, "%*s", INDENT, "");
            yf_render_head_line(w, &m->layers[i]);
            yf_writer_puts(w, "\n");
        }
    }
    if (p->latency)
        yf_table_latency(w, ro, p);
    for (int i = 0; i < p->n_checks; i++) {
        yf_writer_printf(w, "  %-11s ", i ? "" : "budgets");
        yf_render_check_line(w, &p->checks[i]);
        yf_writer_puts(w, "\n");
    }
    edits(w, m);
}

static void profile(const yf_document *doc, const yf_profile *p)
{
    char prec[96];
    yf_writer *w = doc->w;
    const yf_render_opts *ro = doc->ro;
    int index = doc->index;
    const yf_model *m = p->model;
    if (index)
        yf_writer_puts(w, "\n");
    yf_writer_printf(w, "%s: input %lldx%lldx%lld, batch %lld, %s\n", m->name,
                     (long long)m->input.w, (long long)m->input.h, (long long)m->input.c,
                     (long long)m->batch, yf_precision_text(m, prec));
    if (!ro->summary && p->by)
        yf_table_groups(w, ro, p, p->latency ? latency_columns : default_columns);
    else if (!ro->summary)
        rows(w, ro, p);
    yf_wrap wrap; /* footer lines fit 120 columns */
    footer(yf_wrap_begin(&wrap, w), ro, p);
    yf_wrap_end(&wrap);
}

/* ---- diff ---- */
static const char pair_marks[] = {' ', '~', '+', '-'};

/* One side of a pair in 44 columns: filters size/str, output, params, BFLOPs. */
static void side(const yf_layer *l, char *buf, size_t n)
{
    char p[32], shape[48];
    if (!l) {
        snprintf(buf, n, "%44s", "");
        return;
    }
    yf_shape_text(shape, sizeof(shape), l->out);
    snprintf(buf, n, "%-12.12s %-12s %10s %7.3f", l->desc, shape, yf_fmt_int(p, l->params),
             l->bflops);
}

static void diff_totals(yf_writer *w, const yf_diff *d)
{
    char b[48], a[48], c[64];
    yf_writer_printf(w, "%-24s %18s %18s   %s\n", "figure", "before", "after", "change");
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        const yf_figure_info *fi = yf_figure_get(f);
        if (!(fi->flags & YF_FIG_TOTAL) || !yf_diff_present(d, f))
            continue;
        yf_value x = yf_figure_value(d->a, f, -1), y = yf_figure_value(d->b, f, -1);
        int same = x.i == y.i && x.d == y.d;
        yf_writer_printf(w, "%-24s %18s %18s   %s\n", fi->name, yf_fmt_value(b, fi, x, 0),
                         yf_fmt_value(a, fi, y, 0), same ? "=" : yf_fmt_change(c, fi, x, y));
    }
}

static void diff_layers(yf_writer *w, const yf_render_opts *ro, const yf_diff *d)
{
    char x[128], y[128], ia[16], ib[16];
    const yf_model *a = d->a->model, *b = d->b->model;
    yf_writer_printf(w, "layers: %d -> %d, paired %s: %d changed, %d added, %d removed, %d "
                        "unchanged\n",
                     a->n_layers, b->n_layers,
                     d->by_index ? "by index" : "by longest common subsequence", d->n_changed,
                     d->n_added, d->n_removed, d->n_same);
    yf_writer_printf(w, "  %4s %4s  %-13s %-12s %-12s %10s %7s | %-12s %-12s %10s %7s\n", "a", "b",
                     "type", "a: filters", "a: output", "a: params", "a: BF", "b: filters",
                     "b: output", "b: params", "b: BF");
    for (int i = 0; i < d->n_pairs; i++) {
        const yf_pair *p = &d->pairs[i];
        if (p->kind == YF_PAIR_SAME && !ro->all_layers)
            continue;
        const yf_layer *la = p->a >= 0 ? &a->layers[p->a] : NULL;
        const yf_layer *lb = p->b >= 0 ? &b->layers[p->b] : NULL;
        side(la, x, sizeof(x));
        side(lb, y, sizeof(y));
        snprintf(ia, sizeof(ia), "%d", p->a);
        snprintf(ib, sizeof(ib), "%d", p->b);
        yf_writer_printf(w, "%c %4s %4s  %-13s %s | %s\n", pair_marks[p->kind], la ? ia : "-",
                         lb ? ib : "-", la ? la->type : lb->type, x, y);
    }
}

static void diff(const yf_document *doc, const yf_diff *d)
{
    yf_writer *w = doc->w;
    const yf_render_opts *ro = doc->ro;
    int index = doc->index;
    const yf_model *a = d->a->model, *b = d->b->model;
    if (index)
        yf_writer_puts(w, "\n");
    yf_writer_printf(w, "diff: %s (%lldx%lld) -> %s (%lldx%lld)\n", a->name, (long long)a->input.w,
                     (long long)a->input.h, b->name, (long long)b->input.w, (long long)b->input.h);
    char na[YF_NOTE_MAX], nb[YF_NOTE_MAX]; /* what the device figures are, as a sweep says */
    int notes = yf_diff_notes(d, na, nb);
    if (notes == 1)
        yf_writer_printf(w, "%s\n", na);
    else if (notes == 2)
        yf_writer_printf(w, "before: %s\nafter: %s\n", na, nb);
    diff_totals(w, d);
    if (!ro->summary)
        diff_layers(w, ro, d);
    if (d->n_checks)
        yf_writer_puts(w, "budgets:\n");
    for (int i = 0; i < d->n_checks; i++) {
        yf_writer_puts(w, "  ");
        yf_render_check_line(w, &d->checks[i]);
        yf_writer_puts(w, "\n");
    }
}

/* ---- .weights check ---- */
static void weights(const yf_document *doc, const yf_model *m, const char *path,
                    const yf_weights_report *r)
{
    yf_writer *w = doc->w;
    int index = doc->index;
    if (index)
        yf_writer_puts(w, "\n");
    yf_writer_printf(w, "%s vs %s: ", m->name, path);
    yf_render_weights_verdict(w, r);
    yf_writer_puts(w, "\n");
    yf_render_weights_details(w, m, r, "  ");
}

/* ---- size sweep ---- */
static void sweep(const yf_document *doc, yf_sweep *s, const yf_size *sizes, int n)
{
    yf_writer *w = doc->w;
    yf_figure cols[MAX_COLS];
    int nc = yf_sweep_columns(doc->ro, s, 0, cols, MAX_COLS);
    char v[48], in[48];
    if (doc->index)
        yf_writer_puts(w, "\n");
    yf_wrap wrap; /* the device line fits 120 columns */
    yf_sweep_headline(yf_wrap_begin(&wrap, w), s, n);
    yf_wrap_end(&wrap);
    yf_writer_printf(w, "\n%11s %-6s", "input", "stride");
    for (int c = 0; c < nc; c++) {
        const yf_figure_info *f = yf_figure_get(cols[c]);
        yf_writer_printf(w, " %*s", width(f), f->column);
    }
    yf_writer_puts(w, "\n");
    for (int k = 0; k < n; k++) {
        yf_sweep_row r;
        int st = yf_sweep_at(s, k, &r);
        snprintf(in, sizeof(in), "%lldx%lld", (long long)sizes[k].w, (long long)sizes[k].h);
        if (st || r.status) {
            yf_write_padded(w, in, 11);
            yf_writer_puts(w, " -      ");
            yf_writer_puts(w, st ? "error: out of memory" : r.error);
            yf_writer_puts(w, "\n");
            continue;
        }
        yf_write_padded(w, in, 11);
        yf_writer_puts(w, r.stride_ok ? " ok    " : " no    ");
        for (int c = 0; c < nc; c++) {
            const yf_figure_info *f = yf_figure_get(cols[c]);
            yf_writer_put(w, " ", 1);
            yf_write_padded(w, yf_fmt_value(v, f, yf_figure_value(&r.profile, cols[c], -1), 1),
                            width(f));
        }
        for (int i = 0; i < r.n_checks; i++)
            if (!r.checks[i].ok) {
                yf_writer_puts(w, "  over budget: ");
                yf_render_check_reason(w, &r.checks[i]);
                break;
            }
        yf_writer_puts(w, "\n");
    }
    yf_sweep_exponents(w, doc->ro, s, cols, nc);
}

const yf_renderer yf_renderer_table = {
    .name = "table",
    .profile = profile,
    .diff = diff,
    .weights = weights,
    .sweep = sweep,
    .devices = yf_table_devices,
    .calibration = yf_table_calibration,
};
