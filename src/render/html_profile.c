/* A profile's section of the HTML report (docs/html.md): a list of views,
 * each writing nothing when its data is absent (--summary, no training). */
#include "html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PUT(w, s) yf_html_put(w, s)
#define X(w, v) yf_html_coord(w, v)

enum { MAX_COLS = 64 };

typedef struct prof {
    yf_writer *w;
    const yf_render_opts *ro;
    const yf_profile *p;
    const yf_model *m;
    char id[16];
    yf_html_kinds kinds;
    yf_figure cols[MAX_COLS]; /* the table's figure columns */
    int n_cols;
} prof;

static void header(const prof *q)
{
    char prec[96], b[32];
    const yf_model *m = q->m;
    int heads = 0;
    for (int i = 0; i < m->n_layers; i++)
        heads += (m->layers[i].flags & YF_LAYER_HEAD) != 0;
    yf_html_section(q->w, "yf-profile", q->id, m->name);
    yf_writer_printf(q->w, "<p class=\"yf-sub\">input %lldx%lldx%lld \xC2\xB7 batch %lld \xC2\xB7 ",
                     (long long)m->input.w, (long long)m->input.h, (long long)m->input.c,
                     (long long)m->batch);
    yf_html_esc(q->w, yf_precision_text(m, prec));
    yf_writer_printf(q->w, " \xC2\xB7 %d layers \xC2\xB7 %d head%s, %s boxes \xC2\xB7 ptflops "
                           "backend %s</p></header>",
                     m->n_layers, heads, heads == 1 ? "" : "s", yf_fmt_int(b, m->totals.n_boxes),
                     yf_ptflops_backend_name(q->p->ptflops_backend));
}

static void view_totals(prof *q)
{
    PUT(q->w, "<p class=\"yf-headline\">");
    yf_html_headline(q->w, q->m);
    PUT(q->w, "</p>");
    yf_html_totals(q->w, q->id, q->p);
}

/* ---- per-layer bars ---- */

static yf_value bar_value(const void *ctx, yf_figure f, int i, int s)
{
    (void)s;
    return yf_figure_value(((const prof *)ctx)->p, f, i);
}

static int bar_kind(const void *ctx, int i, int s)
{
    const prof *q = ctx;
    (void)s;
    return yf_html_kind(&q->kinds, q->m->layers[i].type);
}

static void bar_name(const void *ctx, yf_writer *w, int i)
{
    yf_html_layer_name(w, &((const prof *)ctx)->m->layers[i]);
}

static int stride_level(double s)
{
    int lv = 0;
    for (; s >= 2 && lv < 7; s /= 2)
        lv++;
    return lv;
}

/* Shaded bands over runs of layers at one cumulative stride, labelled
 * under the axis where they are wide enough. */
static void bar_bands(const void *ctx, yf_writer *w, const yf_html_slots *g)
{
    const yf_model *m = ((const prof *)ctx)->m;
    for (int i = 0, j; i < m->n_layers; i = j + 1) {
        const yf_layer *l = &m->layers[i];
        for (j = i; j + 1 < m->n_layers && m->layers[j + 1].stride_x == l->stride_x &&
                    m->layers[j + 1].stride_y == l->stride_y;)
            j++;
        double x0 = yf_html_slot_x(g, yf_html_slot_of(g, i));
        double x1 = yf_html_slot_x(g, yf_html_slot_of(g, j) + 1);
        yf_writer_printf(w, "<rect class=\"band lv%d\" x=\"",
                         stride_level(fmax(l->stride_x, l->stride_y)));
        X(w, x0);
        yf_writer_printf(w, "\" y=\"%d\" width=\"", YF_HTML_T);
        X(w, x1 - x0);
        yf_writer_printf(w, "\" height=\"%d\"/>", YF_HTML_B - YF_HTML_T);
        if (x1 - x0 < 26)
            continue;
        yf_html_text_at(w, "xl st", (x0 + x1) / 2, YF_HTML_B + 27);
        if (l->stride_x == l->stride_y)
            yf_writer_printf(w, "/%g</text>", l->stride_x);
        else
            yf_writer_printf(w, "/%gx%g</text>", l->stride_x, l->stride_y);
    }
}

/* A dashed line at each head, labelled on the first of three rows where
 * the label (about 6 units a character) keeps clear of the others. */
static void bar_heads(const void *ctx, yf_writer *w, const yf_html_slots *g)
{
    const yf_model *m = ((const prof *)ctx)->m;
    double placed[3][32];
    int n[3] = {0, 0, 0};
    char label[96];
    for (int i = 0; i < m->n_layers; i++) {
        const yf_layer *l = &m->layers[i];
        if (!(l->flags & YF_LAYER_HEAD))
            continue;
        double x = yf_html_slot_x(g, yf_html_slot_of(g, i)) + g->sw / 2;
        PUT(w, "<path class=\"headmark\" d=\"M");
        X(w, x);
        yf_writer_printf(w, " %dV%d\"/>", YF_HTML_T - 4, YF_HTML_B);
        snprintf(label, sizeof(label), "#%d %s %lldx%lld", l->index, l->type,
                 (long long)l->head.grid_w, (long long)l->head.grid_h);
        double half = 3.1 * (double)strlen(label);
        int end = x + half > YF_HTML_W - 4, start = x - half < 4;
        double mid = end ? x - half : start ? x + half : x;
        for (int r = 0; r < 3; r++) {
            if (!yf_html_room(placed[r], &n[r], 32, mid, 2 * half + 8))
                continue;
            yf_html_text_at(w, end ? "hm end" : start ? "hm start" : "hm", x, 11 + 11 * r);
            yf_html_esc(w, label);
            PUT(w, "</text>");
            break;
        }
    }
}

static void short_name(yf_writer *w, const yf_layer *l)
{
    yf_writer_printf(w, "#%d ", l->index);
    yf_html_esc(w, l->type);
    PUT(w, " ");
    yf_html_esc(w, l->desc);
}

/* The text alternative of one figure's bars: the total, the largest layer
 * and the share of the three largest. */
static void bar_caption(const void *ctx, yf_writer *w, yf_figure f)
{
    const prof *q = ctx;
    const yf_figure_info *fi = yf_figure_get(f);
    yf_html_sum sum = {0, 0, 1};
    double tv[3] = {0, 0, 0};
    int top[3] = {-1, -1, -1}, nz = 0;
    char t[48], title[48];
    for (int i = 0; i < q->m->n_layers; i++) {
        yf_value val = yf_figure_value(q->p, f, i);
        double v = yf_value_real(val);
        yf_html_sum_add(&sum, val);
        nz += v > 0;
        for (int r = 0; r < 3 && v > 0; r++)
            if (v > tv[r]) {
                for (int s = 2; s > r; s--)
                    tv[s] = tv[s - 1], top[s] = top[s - 1];
                tv[r] = v, top[r] = i;
                break;
            }
    }
    PUT(w, "<b>");
    yf_html_esc(w, fi->column);
    PUT(w, "</b> per layer (");
    yf_html_esc(w, fi->convention);
    yf_value total = yf_figure_value(q->p, f, -1);
    yf_html_cell_text(t, title, fi, total.kind == YF_NONE ? yf_html_sum_value(&sum) : total);
    yf_writer_printf(w, "): %s %s", total.kind == YF_NONE ? "sum" : "total", t);
    if (top[0] >= 0 && sum.real > 0) {
        yf_html_cell_text(t, title, fi, yf_figure_value(q->p, f, top[0]));
        PUT(w, "; the largest, ");
        short_name(w, &q->m->layers[top[0]]);
        yf_writer_printf(w, ", has %s (%.1f%%)", t, 100 * tv[0] / sum.real);
        if (top[2] >= 0)
            yf_writer_printf(w, "; the 3 largest hold %.1f%%",
                             100 * (tv[0] + tv[1] + tv[2]) / sum.real);
    }
    yf_writer_printf(w, "; %d of %d layers are above 0.", nz, q->m->n_layers);
}

/* Whether the profile has figure f for some layer (an analysis not run
 * gives none). */
static int present(const prof *q, yf_figure f)
{
    for (int i = 0; i < q->m->n_layers; i++)
        if (yf_figure_value(q->p, f, i).kind != YF_NONE)
            return 1;
    return 0;
}

static void view_bars(prof *q)
{
    yf_figure figs[MAX_COLS];
    int n = 0, checked = 0;
    if (q->ro->summary || !q->m->n_layers)
        return;
    for (int c = 0; c < q->n_cols; c++)
        if (!(yf_figure_get(q->cols[c])->flags & YF_FIG_SHARE) && present(q, q->cols[c]))
            figs[n++] = q->cols[c];
    for (int c = 0; n == 0 && c < q->n_cols; c++)
        figs[n++] = q->cols[c];
    if (!n)
        return;
    for (int j = 0; j < n; j++)
        if (figs[j] == yf_figure_find("macs"))
            checked = j;
    char id[32];
    snprintf(id, sizeof(id), "%s-bars", q->id);
    yf_html_bars b = {id, q->m->n_layers, 1, figs, n, checked, q,
                      bar_value, bar_kind, bar_name, bar_bands, bar_heads, bar_caption};
    PUT(q->w, "<h3>Per layer</h3>");
    yf_html_bars_chart(q->w, &b);
    PUT(q->w, "<ul class=\"yf-legend\">");
    yf_html_kinds_legend(q->w, &q->kinds);
    PUT(q->w, "<li><i class=\"headmark\"></i>detection head</li><li><i class=\"band\"></i>"
              "cumulative stride (darker: deeper)</li></ul>");
}

/* ---- activation memory over the forward pass ---- */

static void live_name(const void *ctx, yf_writer *w, int i)
{
    yf_html_layer_label(w, &((const prof *)ctx)->m->layers[i]);
}

static double live_value(const void *ctx, int i)
{
    return (double)((const prof *)ctx)->m->layers[i].live_bytes;
}

/* The buffers alive at layer p, largest first: the first `show` named. */
static void holders(const prof *q, int p, int show)
{
    const yf_model *m = q->m;
    int input = 0, n = 0;
    char b[32];
    for (int i = 0; i < m->n_layers; i++) {
        const yf_layer *l = &m->layers[i];
        for (int s = 0; s < l->n_sources; s++)
            input |= l->sources[s] < 0 && i >= p;
        n += i <= p && !(l->flags & YF_LAYER_ALIAS) && l->live_until >= p;
    }
    yf_writer_printf(q->w, "held by %d buffer%s", n + input, n + input == 1 ? "" : "s");
    int64_t below = INT64_MAX;
    int last = -1, named = 0;
    while (named < show && named < n) { /* the next largest, ties by index */
        int best = -1;
        for (int i = 0; i <= p && i < m->n_layers; i++) {
            const yf_layer *l = &m->layers[i];
            if ((l->flags & YF_LAYER_ALIAS) || l->live_until < p)
                continue;
            int64_t v = l->output_bytes;
            if ((v < below || (v == below && i > last)) &&
                (best < 0 || v > m->layers[best].output_bytes))
                best = i;
        }
        if (best < 0)
            break;
        PUT(q->w, named ? ", " : ": ");
        short_name(q->w, &m->layers[best]);
        yf_writer_printf(q->w, " (%s)", yf_html_bytes(b, m->layers[best].output_bytes));
        below = m->layers[best].output_bytes;
        last = best;
        named++;
    }
    if (input)
        PUT(q->w, named ? ", the network input" : ": the network input");
    if (n > named)
        yf_writer_printf(q->w, " and %d more", n - named);
}

/* Peak, all activations and Darknet's load as three bars. */
static void memory_bars(const prof *q, const char *id)
{
    static const char *const names[] = {"peak_activation_bytes", "activation_bytes",
                                        "darknet_cpu_bytes"};
    yf_html_segment seg[3];
    yf_html_hbar bars[3];
    char notes[3][64], b[32];
    int n = 0;
    double peak = (double)q->m->totals.peak_activation_bytes;
    for (int k = 0; k < 3; k++) {
        yf_figure f = yf_figure_find(names[k]);
        yf_value v = yf_figure_value(q->p, f, -1);
        if (f < 0 || v.kind != YF_INT)
            continue;
        const yf_figure_info *fi = yf_figure_get(f);
        seg[n] = (yf_html_segment){(double)v.i, k == 0 ? 0 : k == 1 ? 6 : 16, fi->label};
        if (k && peak > 0)
            snprintf(notes[n], sizeof(notes[n]), "%s (%.1fx the peak)", yf_html_bytes(b, v.i),
                     (double)v.i / peak);
        else
            snprintf(notes[n], sizeof(notes[n]), "%s", yf_html_bytes(b, v.i));
        bars[n] = (yf_html_hbar){fi->column, notes[n], &seg[n], 1};
        n++;
    }
    yf_html_hbars_svg(q->w, id, &yf_html_bytes_info, bars, n, 0, NULL);
}

static void view_memory(prof *q)
{
    const yf_model *m = q->m;
    yf_figure live = yf_figure_find("live_bytes");
    if (q->ro->summary || !m->n_layers || live < 0)
        return;
    int p = 0;
    for (int i = 1; i < m->n_layers; i++)
        if (m->layers[i].live_bytes > m->layers[p].live_bytes)
            p = i;
    char id[32], label[96], b[32], c[32];
    snprintf(id, sizeof(id), "%s-mem", q->id);
    snprintf(label, sizeof(label), "peak %s at #%d", yf_html_bytes(b, m->layers[p].live_bytes), p);
    yf_html_curve cv = {id, m->n_layers, yf_figure_get(live), q, live_value, live_name, p, label};
    yf_writer_printf(q->w, "<h3>Activation memory over the forward pass</h3><figure class=\""
                           "yf-chart yf-memory\" id=\"%s\">",
                     id);
    yf_html_curve_svg(q->w, &cv);
    memory_bars(q, id);
    yf_writer_printf(q->w, "<figcaption id=\"%s-cap\">Activation bytes alive while each layer "
                           "runs, each buffer freed after its last reader (heads and the last "
                           "layer kept to the end). Peak %s (%s B) while ",
                     id, yf_html_bytes(b, m->totals.peak_activation_bytes),
                     yf_fmt_int(c, m->totals.peak_activation_bytes));
    short_name(q->w, &m->layers[p]);
    PUT(q->w, " runs, ");
    holders(q, p, 5);
    yf_writer_printf(q->w, ". Allocating every output at once (activation_bytes) takes %s; "
                           "Darknet's CPU build allocates %s to load the cfg (darknet_cpu_bytes, "
                           "batch 1, exact).</figcaption></figure>",
                     yf_html_bytes(b, m->totals.activation_bytes),
                     yf_html_bytes(c, m->totals.darknet_cpu_bytes));
}

/* ---- the table of layers ---- */

static void layer_row(const prof *q, int i)
{
    const yf_layer *l = &q->m->layers[i];
    char t[48], title[48];
    yf_writer *w = q->w;
    int head = (l->flags & YF_LAYER_HEAD) != 0;
    PUT(w, head ? (l->changed ? "<tr class=\"head chg\"><td>" : "<tr class=\"head\"><td>")
                : l->changed ? "<tr class=\"chg\"><td>" : "<tr><td>");
    yf_writer_int(w, l->index);
    yf_writer_printf(w, "</td><td><i class=\"k%d\"></i>", yf_html_kind(&q->kinds, l->type));
    yf_html_esc(w, l->type);
    PUT(w, "</td><td>");
    yf_html_esc(w, l->desc);
    PUT(w, "</td><td>");
    yf_html_shape(w, l->in);
    PUT(w, "</td><td>");
    yf_html_shape(w, l->out);
    PUT(w, "</td>");
    for (int c = 0; c < q->n_cols; c++) {
        yf_html_cell_text(t, title, yf_figure_get(q->cols[c]), yf_figure_value(q->p, q->cols[c], i));
        if (title[0]) {
            PUT(w, "<td title=\"");
            PUT(w, title);
            PUT(w, "\">");
        } else {
            PUT(w, "<td>");
        }
        PUT(w, t);
        PUT(w, "</td>");
    }
    PUT(w, "</tr>");
}

static void view_layers(prof *q)
{
    if (q->ro->summary)
        return;
    yf_writer_printf(q->w, "<h3>Layers</h3><div class=\"yf-wrap\"><table class=\"yf-sort "
                           "yf-layers\" id=\"%s-layers\"><thead><tr><th>#</th><th>type</th>"
                           "<th>parameters</th><th>input</th><th>output</th>",
                     q->id);
    for (int c = 0; c < q->n_cols; c++) {
        const yf_figure_info *fi = yf_figure_get(q->cols[c]);
        PUT(q->w, "<th title=\"");
        yf_html_esc(q->w, fi->convention);
        PUT(q->w, "\">");
        yf_html_esc(q->w, fi->column);
        PUT(q->w, "</th>");
    }
    PUT(q->w, "</tr></thead><tbody>");
    for (int k = 0; k < yf_row_count(q->p); k++)
        layer_row(q, yf_row_at(q->p, k));
    PUT(q->w, "</tbody></table></div>");
}

static void view_notes(prof *q)
{
    yf_html_checks(q->w, q->id, q->p->checks, q->p->n_checks);
    yf_html_changes(q->w, q->id, q->m);
    yf_html_warnings(q->w, q->id, "Warnings", q->m);
}

static void view_device(prof *q)
{
    yf_html_device(q->w, q->id, q->p);
}

static void view_roofline(prof *q)
{
    yf_html_roofline(q->w, q->id, q->p);
}

static void view_stages(prof *q)
{
    yf_html_stage_times(q->w, q->id, q->p);
}

static void view_training(prof *q)
{
    if (q->p->training)
        yf_html_training(q->w, q->id, q->p);
}

/* The views in page order. A view for an analysis writes nothing when the
 * profile does not carry it: the device views (html_device.c) without a
 * latency estimate, training without --train. latency_ms, a per-layer
 * figure of the registry, joins the bar switch and the table by itself. */
static const struct view {
    const char *name;
    void (*write)(prof *q);
} views[] = {
    {"totals", view_totals},     {"device", view_device},   {"bars", view_bars},
    {"roofline", view_roofline}, {"stages", view_stages},   {"memory", view_memory},
    {"training", view_training}, {"layers", view_layers},   {"notes", view_notes},
};

void yf_html_profile(const yf_document *doc, const yf_profile *p)
{
    static const char *const none[] = {NULL};
    prof q = {.w = doc->w, .ro = doc->ro, .p = p, .m = p->model};
    snprintf(q.id, sizeof(q.id), "s%d", doc->index);
    yf_html_kinds_add(&q.kinds, q.m);
    yf_render_opts r = *doc->ro;
    if (!r.columns)
        r.wide = 1; /* every per-layer figure: the page has room */
    q.n_cols = yf_columns(&r, p, none, q.cols, MAX_COLS);
    header(&q);
    for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++)
        views[v].write(&q);
    PUT(q.w, "</section>\n");
}
