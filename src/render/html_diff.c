/* A diff's section of the HTML report (docs/html.md): the totals as
 * deltas, both sides' bars per layer pair (before faded, after in the
 * kind's colour) over bands marking changed, added and removed pairs, and
 * the table of pairs. */
#include "html.h"

#include <stdio.h>
#include <string.h>

#define PUT(w, s) yf_html_put(w, s)
#define X(w, v) yf_html_coord(w, v)

enum { MAX_COLS = 64 };

static const char *const pair_names[] = {"same", "changed", "added", "removed"};
static const char *const pair_class[] = {"", "chg", "add", "rem"};

typedef struct dctx {
    const yf_diff *d;
    yf_html_kinds kinds;
} dctx;

static const yf_layer *side_layer(const yf_diff *d, int i, int s)
{
    const yf_pair *p = &d->pairs[i];
    int idx = s ? p->b : p->a;
    return idx < 0 ? NULL : &(s ? d->b : d->a)->model->layers[idx];
}

static yf_value pair_value(const void *ctx, yf_figure f, int i, int s)
{
    const yf_diff *d = ((const dctx *)ctx)->d;
    const yf_pair *p = &d->pairs[i];
    int idx = s ? p->b : p->a;
    return idx < 0 ? (yf_value){.kind = YF_NONE} : yf_figure_value(s ? d->b : d->a, f, idx);
}

static int pair_kind(const void *ctx, int i, int s)
{
    const dctx *c = ctx;
    const yf_layer *l = side_layer(c->d, i, s);
    return l ? yf_html_kind(&c->kinds, l->type) : -1;
}

static void pair_name(const void *ctx, yf_writer *w, int i)
{
    const yf_diff *d = ((const dctx *)ctx)->d;
    yf_writer_printf(w, "pair %d, %s", i, pair_names[d->pairs[i].kind]);
    for (int s = 0; s < 2; s++) {
        const yf_layer *l = side_layer(d, i, s);
        PUT(w, s ? "\nafter: " : "\nbefore: ");
        if (l)
            yf_html_layer_name(w, l);
        else
            PUT(w, "-");
    }
}

/* Bands behind the slots holding changed, added or removed pairs. */
static void pair_bands(const void *ctx, yf_writer *w, const yf_html_slots *g)
{
    const yf_diff *d = ((const dctx *)ctx)->d;
    for (int k = 0; k < g->slots; k++) {
        int kind = YF_PAIR_SAME;
        for (int i = k * g->k; i < (k + 1) * g->k && i < d->n_pairs; i++)
            if (d->pairs[i].kind != YF_PAIR_SAME && kind == YF_PAIR_SAME)
                kind = d->pairs[i].kind;
        if (kind == YF_PAIR_SAME)
            continue;
        yf_writer_printf(w, "<rect class=\"%sband\" x=\"", pair_class[kind]);
        X(w, yf_html_slot_x(g, k));
        yf_writer_printf(w, "\" y=\"%d\" width=\"", YF_HTML_T);
        X(w, g->sw);
        yf_writer_printf(w, "\" height=\"%d\"/>", YF_HTML_B - YF_HTML_T);
    }
}

static void pair_caption(const void *ctx, yf_writer *w, yf_figure f)
{
    const yf_diff *d = ((const dctx *)ctx)->d;
    const yf_figure_info *fi = yf_figure_get(f);
    yf_html_sum sum[2] = {{0, 0, 1}, {0, 0, 1}};
    double best = 0;
    int moved = 0, at = -1;
    char t[48], title[48];
    for (int i = 0; i < d->n_pairs; i++) {
        yf_value v[2];
        for (int s = 0; s < 2; s++) {
            v[s] = pair_value(ctx, f, i, s);
            yf_html_sum_add(&sum[s], v[s]);
        }
        double x = yf_value_real(v[0]), y = yf_value_real(v[1]);
        double change = y > x ? y - x : x - y;
        moved += change != 0;
        if (change > best)
            best = change, at = i;
    }
    PUT(w, "<b>");
    yf_html_esc(w, fi->column);
    yf_writer_printf(w, "</b> per layer pair, before (faded) and after: the sum goes from ");
    yf_html_cell_text(t, title, fi, yf_html_sum_value(&sum[0]));
    yf_writer_printf(w, "%s to ", t);
    yf_html_cell_text(t, title, fi, yf_html_sum_value(&sum[1]));
    yf_writer_printf(w, "%s; %d of %d pairs differ in it", t, moved, d->n_pairs);
    if (at >= 0) {
        yf_writer_printf(w, "; the largest change is pair %d (", at);
        for (int s = 0; s < 2; s++) {
            const yf_layer *l = side_layer(d, at, s);
            if (s)
                PUT(w, " \xE2\x86\x92 ");
            if (l) {
                yf_writer_printf(w, "#%d ", l->index);
                yf_html_esc(w, l->type);
            } else {
                PUT(w, "none");
            }
        }
        PUT(w, ")");
    }
    PUT(w, ".");
}

static void delta_totals(yf_writer *w, const char *id, const yf_diff *d)
{
    char a[48], b[48], c[64];
    yf_writer_printf(w, "<div class=\"yf-wrap\"><table class=\"yf-totals yf-delta\" id=\"%s-totals\">"
                        "<thead><tr><th>total</th><th class=\"n\">before</th><th class=\"n\">"
                        "after</th><th class=\"n\">change</th><th>convention</th></tr></thead>"
                        "<tbody>",
                     id);
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        const yf_figure_info *fi = yf_figure_get(f);
        if (!(fi->flags & YF_FIG_TOTAL) || (fi->flags & YF_FIG_TRAINING) ||
            !yf_diff_present(d, f)) /* neither side has it (no --device): no row, as in text */
            continue;
        yf_value u = yf_figure_value(d->a, f, -1), v = yf_figure_value(d->b, f, -1);
        double x = yf_value_real(u), y = yf_value_real(v);
        PUT(w, "<tr><th scope=\"row\">");
        yf_html_esc(w, fi->name);
        yf_writer_printf(w, "</th><td class=\"n\">%s</td><td class=\"n\">%s</td>",
                         yf_fmt_value(a, fi, u, 0), yf_fmt_value(b, fi, v, 0));
        /* "up" (red) is a cost that grew; for a figure wanted large (FPS, --min-*) a fall */
        int larger_better = (fi->flags & YF_FIG_BUDGET_MIN) != 0;
        int worse = larger_better ? y < x : y > x, better = larger_better ? y > x : y < x;
        yf_writer_printf(w, "<td class=\"n%s\">", worse ? " up" : better ? " down" : "");
        yf_html_esc(w, x == y ? "=" : yf_fmt_change(c, fi, u, v));
        PUT(w, "</td><td class=\"c\">");
        yf_html_esc(w, fi->convention);
        PUT(w, "</td></tr>");
    }
    PUT(w, "</tbody></table></div>");
}

static void side_cell(yf_writer *w, const yf_layer *l)
{
    char out[48];
    PUT(w, "<td>");
    if (l) {
        yf_shape_text(out, sizeof(out), l->out);
        yf_writer_printf(w, "#%d ", l->index);
        yf_html_esc(w, l->desc);
        yf_writer_printf(w, " \xC2\xB7 %s", out);
    }
    PUT(w, "</td>");
}

static void pair_row(yf_writer *w, const dctx *c, int i, const yf_figure *cols, int nc)
{
    const yf_diff *d = c->d;
    const yf_layer *la = side_layer(d, i, 0), *lb = side_layer(d, i, 1), *l = lb ? lb : la;
    char t[48], title[48], u[48];
    int kind = d->pairs[i].kind;
    yf_writer_printf(w, "<tr%s%s%s><td>%d</td><td>%s</td><td><i class=\"k%d\"></i>",
                     kind ? " class=\"" : "", pair_class[kind], kind ? "\"" : "", i,
                     pair_names[kind], yf_html_kind(&c->kinds, l->type));
    yf_html_esc(w, l->type);
    PUT(w, "</td>");
    side_cell(w, la);
    side_cell(w, lb);
    for (int k = 0; k < nc; k++) {
        const yf_figure_info *fi = yf_figure_get(cols[k]);
        yf_value a = pair_value(c, cols[k], i, 0), b = pair_value(c, cols[k], i, 1);
        yf_html_cell_text(t, title, fi, b.kind == YF_NONE ? a : b);
        yf_writer_printf(w, "<td data-v=\"%.17g\">", yf_value_real(b.kind == YF_NONE ? a : b));
        if (a.kind != YF_NONE && b.kind != YF_NONE && (a.i != b.i || a.d != b.d)) {
            yf_html_cell_text(u, title, fi, a);
            yf_writer_printf(w, "%s \xE2\x86\x92 ", u);
        }
        yf_writer_printf(w, "%s</td>", t);
    }
    PUT(w, "</tr>");
}

static void pair_table(yf_writer *w, const char *id, const dctx *c, const yf_render_opts *ro,
                       const yf_figure *cols, int nc)
{
    yf_writer_printf(w, "<h3>Layer pairs</h3><div class=\"yf-wrap\"><table class=\"yf-sort "
                        "yf-pairs\" id=\"%s-pairs\"><thead><tr><th>pair</th><th>status</th>"
                        "<th>type</th><th>before</th><th>after</th>",
                     id);
    for (int k = 0; k < nc; k++) {
        const yf_figure_info *fi = yf_figure_get(cols[k]);
        PUT(w, "<th title=\"");
        yf_html_esc(w, fi->convention);
        PUT(w, "\">");
        yf_html_esc(w, fi->column);
        PUT(w, "</th>");
    }
    PUT(w, "</tr></thead><tbody>");
    for (int i = 0; i < c->d->n_pairs; i++)
        if (ro->all_layers || c->d->pairs[i].kind != YF_PAIR_SAME)
            pair_row(w, c, i, cols, nc);
    PUT(w, "</tbody></table></div>");
    if (!ro->all_layers && c->d->n_same)
        yf_writer_printf(w, "<p class=\"yf-note\">%d unchanged pairs not listed (--all lists "
                            "them).</p>",
                         c->d->n_same);
}

/* Whether either side has figure f for some layer (an analysis neither
 * side ran gives none). */
static int present(const yf_diff *d, yf_figure f)
{
    for (int s = 0; s < 2; s++) {
        const yf_profile *p = s ? d->b : d->a;
        for (int i = 0; i < p->model->n_layers; i++)
            if (yf_figure_value(p, f, i).kind != YF_NONE)
                return 1;
    }
    return 0;
}

/* The figures a diff compares per layer: --columns, or every per-layer
 * figure that is not a share of a total and that the sides have (training
 * figures do not apply). */
static int diff_columns(const yf_render_opts *ro, const yf_diff *d, yf_figure *cols)
{
    int n = 0;
    if (ro->columns) {
        for (int i = 0; i < ro->n_columns && n < MAX_COLS; i++)
            cols[n++] = ro->columns[i];
        return n;
    }
    for (yf_figure f = 0; f < yf_figure_count() && n < MAX_COLS; f++) {
        unsigned fl = yf_figure_get(f)->flags;
        if ((fl & YF_FIG_LAYER) && !(fl & (YF_FIG_SHARE | YF_FIG_TRAINING)) && present(d, f))
            cols[n++] = f;
    }
    return n;
}

static void header(yf_writer *w, const char *id, const yf_diff *d)
{
    const yf_model *a = d->a->model, *b = d->b->model;
    char title[600];
    snprintf(title, sizeof(title), "%s \xE2\x86\x92 %s", a->name, b->name);
    yf_html_section(w, "yf-diff", id, title);
    yf_writer_printf(w, "<p class=\"yf-sub\">input %lldx%lld \xE2\x86\x92 %lldx%lld \xC2\xB7 "
                        "%d \xE2\x86\x92 %d layers, paired %s: %d changed, %d added, %d removed, "
                        "%d unchanged</p>",
                     (long long)a->input.w, (long long)a->input.h, (long long)b->input.w,
                     (long long)b->input.h, a->n_layers, b->n_layers,
                     d->by_index ? "by index" : "by longest common subsequence", d->n_changed,
                     d->n_added, d->n_removed, d->n_same);
    char na[YF_NOTE_MAX], nb[YF_NOTE_MAX]; /* what the device figures are, as a sweep says */
    int notes = yf_diff_notes(d, na, nb);
    for (int k = 0; k < notes; k++) {
        PUT(w, "<p class=\"estimate\">");
        if (notes == 2)
            PUT(w, k ? "after: " : "before: ");
        yf_html_esc(w, k ? nb : na);
        PUT(w, "</p>");
    }
    PUT(w, "</header>");
}

void yf_html_diff(const yf_document *doc, const yf_diff *d)
{
    yf_writer *w = doc->w;
    char id[16], bid[32];
    yf_figure cols[MAX_COLS];
    dctx c = {.d = d};
    yf_html_kinds_add(&c.kinds, d->a->model);
    yf_html_kinds_add(&c.kinds, d->b->model);
    snprintf(id, sizeof(id), "s%d", doc->index);
    header(w, id, d);
    delta_totals(w, id, d);
    int nc = diff_columns(doc->ro, d, cols), checked = 0;
    if (!doc->ro->summary && d->n_pairs && nc) {
        for (int k = 0; k < nc; k++)
            if (cols[k] == yf_figure_find("macs"))
                checked = k;
        snprintf(bid, sizeof(bid), "%s-bars", id);
        yf_html_bars b = {bid,        d->n_pairs, 2,         cols,       nc,  checked, &c,
                          pair_value, pair_kind,  pair_name, pair_bands, NULL, pair_caption};
        PUT(w, "<h3>Per layer pair</h3>");
        yf_html_bars_chart(w, &b);
        PUT(w, "<ul class=\"yf-legend\">");
        yf_html_kinds_legend(w, &c.kinds);
        PUT(w, "<li><i class=\"k0 faded\"></i>before</li><li><i class=\"chgband\"></i>changed</li>"
               "<li><i class=\"addband\"></i>added</li><li><i class=\"remband\"></i>removed</li>"
               "</ul>");
        pair_table(w, id, &c, doc->ro, cols, nc);
    }
    yf_html_checks(w, id, d->checks, d->n_checks);
    yf_html_changes(w, id, d->b->model); /* one cfg against its what-if edits */
    char side[24];
    snprintf(side, sizeof(side), "%s-a", id);
    yf_html_warnings(w, side, "Warnings, before", d->a->model);
    snprintf(side, sizeof(side), "%s-b", id);
    yf_html_warnings(w, side, "Warnings, after", d->b->model);
    PUT(w, "</section>\n");
}
