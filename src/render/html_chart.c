/* Inline SVG charts for the HTML report (docs/html.md). Each chart is a
 * <svg> with a viewBox YF_HTML_W units wide that CSS scales to the page;
 * colours come from CSS classes (k0..k35 kinds, c0..c9 series), so light and
 * dark themes and print need no change here. Nothing overlaps by
 * construction: items are put in slots (several items to a slot past
 * YF_HTML_MAX_SLOTS, the slot drawing their largest), tick labels keep a
 * minimum distance, head labels take up to three rows. */
#include "html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PUT(w, s) yf_html_put(w, s)
#define X(w, v) yf_html_coord(w, v)

void yf_html_slots_init(yf_html_slots *g, int n, int max_slots, double left, double width)
{
    g->n = n;
    g->k = n > max_slots ? (n + max_slots - 1) / max_slots : 1;
    g->slots = n > 0 ? (n + g->k - 1) / g->k : 0;
    g->left = left;
    g->width = width;
    g->sw = g->slots ? width / g->slots : width;
}

double yf_html_slot_x(const yf_html_slots *g, int s)
{
    return g->left + g->sw * s;
}

int yf_html_slot_of(const yf_html_slots *g, int i)
{
    return i / g->k;
}

/* Horizontal grid lines and labels from 0 to the axis top; returns the top. */
static double y_axis(yf_writer *w, const yf_figure_info *f, double max)
{
    int bytes = f->show == YF_SHOW_BYTES;
    double step = yf_html_nice_step(max, 4, bytes), top = step * ceil(max / step - 1e-9);
    char b[32];
    if (top <= 0)
        top = step;
    PUT(w, "<path class=\"grid\" d=\"");
    for (double v = 0; v <= top * (1 + 1e-9); v += step) {
        PUT(w, "M" "70 ");
        X(w, YF_HTML_B - (YF_HTML_B - YF_HTML_T) * v / top);
        PUT(w, "H990");
    }
    PUT(w, "\"/>");
    for (double v = 0; v <= top * (1 + 1e-9); v += step) {
        yf_html_text_at(w, "yl", YF_HTML_L - 6, YF_HTML_B - (YF_HTML_B - YF_HTML_T) * v / top + 3.5);
        yf_html_esc(w, yf_html_short(b, f, v));
        PUT(w, "</text>");
    }
    return top;
}

/* Item numbers under the x axis, every 1, 2 or 5 x 10^k items. */
static void x_axis(yf_writer *w, const yf_html_slots *g)
{
    if (g->n <= 0)
        return;
    double step = yf_html_nice_step(g->n / (g->width / 60.0), 1, 0);
    if (step < 1)
        step = 1;
    PUT(w, "<path class=\"axis\" d=\"M70 214H990\"/>");
    for (double v = 0; v < g->n; v += step) {
        int i = (int)v;
        yf_html_text_at(w, "xl", yf_html_slot_x(g, yf_html_slot_of(g, i)) + g->sw / 2, YF_HTML_B + 13);
        yf_writer_int(w, i);
        PUT(w, "</text>");
    }
}

/* ---- bars ---- */

typedef struct slotval {
    double v;
    int item, cls;
} slotval;

/* The largest value of each slot for figure f, series s; returns the max. */
static double slot_values(const yf_html_bars *b, const yf_html_slots *g, yf_figure f, int s,
                          slotval *out)
{
    double max = 0;
    for (int k = 0; k < g->slots; k++) {
        out[k] = (slotval){-1, -1, -1};
        int end = (k + 1) * g->k < b->n ? (k + 1) * g->k : b->n;
        for (int i = k * g->k; i < end; i++) {
            yf_value v = b->value(b->ctx, f, i, s);
            int cls = b->kind(b->ctx, i, s);
            if (v.kind == YF_NONE || cls < 0)
                continue;
            double x = yf_value_real(v);
            if (x > out[k].v)
                out[k] = (slotval){x, i, cls};
        }
        if (out[k].v > max)
            max = out[k].v;
    }
    return max;
}

/* Where each series' bar of each slot starts, as text: the same in every
 * figure's group, written once. */
typedef struct bar_x {
    char x[2][YF_HTML_MAX_SLOTS][24];
    char width[32];
} bar_x;

static void bar_x_init(bar_x *bx, const yf_html_bars *b, const yf_html_slots *g)
{
    double gap = g->sw >= 2 ? g->sw * 0.15 : 0;
    double bw = (g->sw - 2 * gap) / b->series;
    char t[24];
    for (int s = 0; s < b->series && s < 2; s++)
        for (int k = 0; k < g->slots; k++)
            yf_html_coord_text(bx->x[s][k], yf_html_slot_x(g, k) + gap + s * bw);
    snprintf(bx->width, sizeof(bx->width), "h%sV0", yf_html_coord_text(t, bw));
}

/* One series' bars for one figure: a path per colour class, each bar a
 * subpath "M x 0 v h h width V 0" in the group's flipped coordinates (y up
 * from the axis), about a third of the text of a <rect> each. */
static void series_bars(yf_writer *w, const yf_html_bars *b, const yf_html_slots *g,
                        const slotval *sv, int s, double top, const bar_x *bx)
{
    char x[24];
    /* the slots by colour class, each class in slot order (a counting sort:
     * linear in slots whatever the number of colours) */
    int start[YF_HTML_COLOURS + 1] = {0}, order[YF_HTML_MAX_SLOTS];
    for (int k = 0; k < g->slots; k++)
        if (sv[k].v > 0)
            start[sv[k].cls % YF_HTML_COLOURS + 1]++;
    for (int c = 0; c < YF_HTML_COLOURS; c++)
        start[c + 1] += start[c];
    int fill[YF_HTML_COLOURS];
    memcpy(fill, start, sizeof(fill));
    for (int k = 0; k < g->slots; k++)
        if (sv[k].v > 0)
            order[fill[sv[k].cls % YF_HTML_COLOURS]++] = k;
    for (int cls = 0; cls < YF_HTML_COLOURS; cls++) {
        int open = 0;
        for (int o = start[cls]; o < start[cls + 1]; o++) {
            int k = order[o];
            if (!open) {
                yf_writer_printf(w, "<path class=\"%s%d\" d=\"", b->series > 1 && s == 0 ? "a" : "k",
                                 cls);
                open = 1;
            }
            double h = (YF_HTML_B - YF_HTML_T) * sv[k].v / top;
            if (h < 0.5)
                h = 0.5; /* a layer with any cost stays visible */
            PUT(w, "M");
            PUT(w, bx->x[s][k]);
            PUT(w, " 0v");
            PUT(w, yf_html_coord_text(x, h));
            PUT(w, bx->width);
        }
        if (open)
            PUT(w, "\"/>");
    }
}

static void figure_group(yf_writer *w, const yf_html_bars *b, const yf_html_slots *g,
                         yf_figure f, slotval *sv, const bar_x *bx)
{
    const yf_figure_info *fi = yf_figure_get(f);
    double max = 0;
    for (int s = 0; s < b->series; s++) {
        double m = slot_values(b, g, f, s, sv);
        max = m > max ? m : max;
    }
    yf_writer_printf(w, "<g class=\"fg f%d\">", f);
    if (max <= 0) {
        yf_html_text_at(w, "empty", (YF_HTML_L + YF_HTML_R) / 2.0, (YF_HTML_T + YF_HTML_B) / 2.0);
        PUT(w, "0 in every layer</text></g>");
        return;
    }
    double top = y_axis(w, fi, max);
    for (int s = 0; s < b->series; s++) {
        if (b->series > 1) /* sv holds the last series' values */
            slot_values(b, g, f, s, sv);
        yf_writer_printf(w, "<g class=\"bars s%d\" transform=\"matrix(1 0 0 -1 0 %d)\">", s,
                         YF_HTML_B);
        series_bars(w, b, g, sv, s, top, bx);
        PUT(w, "</g>");
    }
    PUT(w, "</g>");
}

/* The value of figure f for item i as tooltip text: "1,234" or "1,234 -> 2,345". */
static void tip_value(yf_writer *w, const yf_html_bars *b, yf_figure f, int i)
{
    char t[48];
    const yf_figure_info *fi = yf_figure_get(f);
    for (int s = 0; s < b->series; s++) {
        yf_value v = b->value(b->ctx, f, i, s);
        if (s)
            PUT(w, " \xE2\x86\x92 ");
        PUT(w, v.kind == YF_NONE ? "-" : yf_html_exact_text(t, fi, v));
    }
}

/* Whether figure f is 0 (or absent) for item i on every side. */
static int all_zero(const yf_html_bars *b, yf_figure f, int i)
{
    for (int s = 0; s < b->series; s++)
        if (yf_value_real(b->value(b->ctx, f, i, s)) != 0)
            return 0;
    return 1;
}

/* One transparent column per slot; its title holds every figure above 0. */
static void hits(yf_writer *w, const yf_html_bars *b, const yf_html_slots *g)
{
    char x[24], rest[64];
    snprintf(rest, sizeof(rest), "\" y=\"%d\" width=\"%s\" height=\"%d\"><title>", YF_HTML_T,
             yf_html_coord_text(x, g->sw), YF_HTML_B - YF_HTML_T);
    PUT(w, "<g class=\"hits\">");
    for (int k = 0; k < g->slots; k++) {
        int first = k * g->k, last = (k + 1) * g->k < b->n ? (k + 1) * g->k - 1 : b->n - 1;
        PUT(w, "<rect x=\"");
        PUT(w, yf_html_coord_text(x, yf_html_slot_x(g, k)));
        PUT(w, rest);
        if (first == last) {
            int zero = 0;
            b->name(b->ctx, w, first);
            for (int j = 0; j < b->n_figs; j++) {
                if (all_zero(b, b->figs[j], first)) {
                    zero++;
                    continue;
                }
                PUT(w, "\n");
                PUT(w, yf_figure_get(b->figs[j])->column);
                PUT(w, ": ");
                tip_value(w, b, b->figs[j], first);
            }
            if (zero)
                PUT(w, zero == b->n_figs ? "\nevery figure 0" : "\nthe other figures 0");
        } else {
            yf_writer_printf(w, "#%d to #%d (%d), the largest of each figure:", first, last,
                             last - first + 1);
            for (int j = 0; j < b->n_figs; j++) {
                slotval best = {-1, -1, -1};
                for (int i = first; i <= last; i++)
                    for (int s = 0; s < b->series; s++) {
                        yf_value v = b->value(b->ctx, b->figs[j], i, s);
                        if (v.kind != YF_NONE && yf_value_real(v) > best.v)
                            best = (slotval){yf_value_real(v), i, 0};
                    }
                yf_writer_printf(w, "\n%s: ", yf_figure_get(b->figs[j])->column);
                if (best.item < 0) {
                    PUT(w, "-");
                    continue;
                }
                tip_value(w, b, b->figs[j], best.item);
                yf_writer_printf(w, " at #%d", best.item);
            }
        }
        PUT(w, "</title></rect>");
    }
    PUT(w, "</g>");
}

/* Whether figure g's values are figure f's times one factor, item by item
 * (GFLOPs and MACs): such figures draw the same bars. */
static int proportional(const yf_html_bars *b, yf_figure f, yf_figure g)
{
    double c = 0;
    for (int i = 0; i < b->n; i++)
        for (int s = 0; s < b->series; s++) {
            yf_value u = b->value(b->ctx, f, i, s), v = b->value(b->ctx, g, i, s);
            if ((u.kind == YF_NONE) != (v.kind == YF_NONE))
                return 0;
            double x = yf_value_real(u), y = yf_value_real(v);
            if ((x == 0) != (y == 0))
                return 0;
            if (x == 0)
                continue;
            if (c == 0)
                c = y / x;
            else if (fabs(y - c * x) > 1e-9 * fabs(y))
                return 0;
        }
    return c > 0;
}

/* The figures that draw different bars; of[j] is the figure each of
 * b->figs draws as (itself, or an earlier proportional one). */
static int distinct(const yf_html_bars *b, yf_figure *shown, int *of)
{
    int n = 0;
    for (int j = 0; j < b->n_figs; j++) {
        of[j] = j;
        for (int k = 0; k < j && of[j] == j; k++)
            if (of[k] == k && proportional(b, b->figs[k], b->figs[j]))
                of[j] = k;
    }
    /* the figure shown first stands for its group */
    int root = of[b->checked];
    for (int j = 0; j < b->n_figs && root != b->checked; j++)
        if (of[j] == root)
            of[j] = b->checked;
    for (int j = 0; j < b->n_figs; j++)
        if (of[j] == j)
            shown[n++] = b->figs[j];
    return n;
}

/* The figure switch: radio inputs, each followed by its label (naming the
 * proportional figures it also stands for), siblings of the plot and the
 * captions so CSS shows the checked figure's group (html_assets.c): no
 * script needed. */
static void switch_inputs(yf_writer *w, const yf_html_bars *b, const int *of)
{
    int checked = of[b->checked];
    for (int j = 0; j < b->n_figs; j++) {
        if (of[j] != j)
            continue;
        const yf_figure_info *fi = yf_figure_get(b->figs[j]);
        yf_writer_printf(w, "<input type=\"radio\" name=\"%s-f\" id=\"%s-f%d\" class=\"f%d\"%s>",
                         b->id, b->id, b->figs[j], b->figs[j], j == checked ? " checked" : "");
        yf_writer_printf(w, "<label for=\"%s-f%d\" title=\"", b->id, b->figs[j]);
        yf_html_esc(w, fi->convention);
        PUT(w, "\">");
        yf_html_esc(w, fi->column);
        for (int k = 0; k < b->n_figs; k++)
            if (of[k] == j && k != j) {
                PUT(w, " \xC2\xB7 ");
                yf_html_esc(w, yf_figure_get(b->figs[k])->column);
            }
        PUT(w, "</label>");
    }
}

void yf_html_bars_chart(yf_writer *w, const yf_html_bars *b)
{
    slotval sv[YF_HTML_MAX_SLOTS];
    bar_x bx;
    yf_figure shown[64];
    int of[64];
    yf_html_bars d = *b; /* the distinct figures */
    yf_html_slots g;
    d.n_figs = b->n_figs < 64 ? b->n_figs : 64;
    d.n_figs = distinct(&d, shown, of);
    d.figs = shown;
    yf_html_slots_init(&g, b->n, YF_HTML_MAX_SLOTS / b->series, YF_HTML_L, YF_HTML_R - YF_HTML_L);
    yf_writer_printf(w, "<figure class=\"yf-chart yf-bars\" id=\"%s\">", b->id);
    switch_inputs(w, b, of);
    yf_writer_printf(w, "<div class=\"yf-plot\"><svg viewBox=\"0 0 %d %d\" role=\"img\" "
                        "aria-labelledby=\"%s-cap\">",
                     YF_HTML_W, YF_HTML_H, b->id);
    if (b->under)
        b->under(b->ctx, w, &g);
    bar_x_init(&bx, b, &g);
    for (int j = 0; j < d.n_figs; j++)
        figure_group(w, &d, &g, d.figs[j], sv, &bx);
    x_axis(w, &g);
    if (b->over)
        b->over(b->ctx, w, &g);
    hits(w, &d, &g);
    yf_writer_printf(w, "</svg></div><figcaption id=\"%s-cap\">", b->id);
    for (int j = 0; b->caption && j < d.n_figs; j++) {
        yf_writer_printf(w, "<span class=\"fc f%d\">", d.figs[j]);
        b->caption(b->ctx, w, d.figs[j]);
        PUT(w, "</span>");
    }
    PUT(w, "</figcaption></figure>");
}

/* ---- a curve over items (live memory) ---- */

static double curve_slot(const yf_html_curve *c, const yf_html_slots *g, int k, int *at)
{
    double best = -1;
    int end = (k + 1) * g->k < c->n ? (k + 1) * g->k : c->n;
    for (int i = k * g->k; i < end; i++) {
        double v = c->value(c->ctx, i);
        if (v > best) {
            best = v;
            *at = i;
        }
    }
    return best < 0 ? 0 : best;
}

static void curve_hits(yf_writer *w, const yf_html_curve *c, const yf_html_slots *g)
{
    char b[48], t[48], x[24], rest[64];
    snprintf(rest, sizeof(rest), "\" y=\"%d\" width=\"%s\" height=\"%d\"><title>", YF_HTML_T,
             yf_html_coord_text(x, g->sw), YF_HTML_B - YF_HTML_T);
    PUT(w, "<g class=\"hits\">");
    for (int k = 0; k < g->slots; k++) {
        int at = k * g->k;
        double v = curve_slot(c, g, k, &at);
        PUT(w, "<rect x=\"");
        PUT(w, yf_html_coord_text(x, yf_html_slot_x(g, k)));
        PUT(w, rest);
        if (g->k > 1)
            yf_writer_printf(w, "#%d to #%d, the largest at ", k * g->k,
                             (k + 1) * g->k < c->n ? (k + 1) * g->k - 1 : c->n - 1);
        c->name(c->ctx, w, at);
        yf_html_cell_text(b, t, c->fig, (yf_value){.kind = YF_INT, .i = (int64_t)v, .d = v});
        PUT(w, "\n");
        PUT(w, c->fig->column);
        PUT(w, ": ");
        PUT(w, b);
        if (c->fig->show == YF_SHOW_BYTES) {
            PUT(w, " B, ");
            PUT(w, yf_html_bytes(t, (int64_t)v));
        }
        PUT(w, "</title></rect>");
    }
    PUT(w, "</g>");
}

void yf_html_curve_svg(yf_writer *w, const yf_html_curve *c)
{
    yf_html_slots g;
    int at = 0;
    double max = 0;
    yf_html_slots_init(&g, c->n, YF_HTML_MAX_SLOTS, YF_HTML_L, YF_HTML_R - YF_HTML_L);
    for (int k = 0; k < g.slots; k++) {
        double v = curve_slot(c, &g, k, &at);
        max = v > max ? v : max;
    }
    yf_writer_printf(w, "<div class=\"yf-plot\"><svg viewBox=\"0 %d %d %d\" role=\"img\" "
                        "aria-labelledby=\"%s-cap\">",
                     YF_HTML_T - 24, YF_HTML_W, YF_HTML_B + 44 - YF_HTML_T, c->id);
    double top = y_axis(w, c->fig, max > 0 ? max : 1);
    PUT(w, "<path class=\"area\" d=\"M70 214");
    for (int k = 0; k < g.slots; k++) {
        PUT(w, "V");
        X(w, YF_HTML_B - (YF_HTML_B - YF_HTML_T) * curve_slot(c, &g, k, &at) / top);
        PUT(w, "H");
        X(w, yf_html_slot_x(&g, k + 1));
    }
    PUT(w, "V214Z\"/>");
    x_axis(w, &g);
    if (c->peak >= 0 && c->peak < c->n) {
        int k = yf_html_slot_of(&g, c->peak);
        double x = yf_html_slot_x(&g, k) + g.sw / 2;
        double y = YF_HTML_B - (YF_HTML_B - YF_HTML_T) * c->value(c->ctx, c->peak) / top;
        PUT(w, "<circle class=\"peak\" cx=\"");
        X(w, x);
        PUT(w, "\" cy=\"");
        X(w, y);
        PUT(w, "\" r=\"4\"/>");
        yf_html_text_at(w, x > 700 ? "pl end" : "pl", x > 700 ? x - 8 : x + 8, y < 52 ? 52 : y - 6);
        yf_html_esc(w, c->peak_label);
        PUT(w, "</text>");
    }
    curve_hits(w, c, &g);
    PUT(w, "</svg></div>");
}

/* ---- horizontal (stacked) bars ---- */

enum { HB_LABEL = 226, HB_BAR = 232, HB_END = 800, HB_NOTE = 808, HB_ROW = 26, HB_TOP = 24 };

static void hbar_row(yf_writer *w, const yf_figure_info *unit, const yf_html_hbar *b, int row,
                     double scale)
{
    char t[48], title[48];
    double y = HB_TOP + row * HB_ROW, x = HB_BAR;
    yf_html_text_at(w, "hl", HB_LABEL, y + 13);
    yf_html_esc(w, b->label);
    PUT(w, "</text>");
    for (int s = 0; s < b->n_seg; s++) {
        const yf_html_segment *sg = &b->seg[s];
        double wd = sg->value * scale;
        if (sg->value <= 0)
            continue;
        yf_writer_printf(w, "<rect class=\"seg k%d\"", sg->cls % YF_HTML_COLOURS);
        PUT(w, " x=\"");
        X(w, x);
        PUT(w, "\" y=\"");
        X(w, y);
        PUT(w, "\" width=\"");
        X(w, wd < 0.5 ? 0.5 : wd);
        PUT(w, "\" height=\"18\"><title>");
        yf_html_esc(w, sg->label ? sg->label : b->label);
        yf_html_cell_text(t, title, unit,
                          (yf_value){.kind = YF_INT, .i = (int64_t)sg->value, .d = sg->value});
        PUT(w, ": ");
        if (unit->show == YF_SHOW_BYTES) {
            char hb[32];
            yf_writer_printf(w, "%s (%s B)", yf_html_bytes(hb, (int64_t)sg->value), t);
        } else {
            PUT(w, t);
            if (unit->show == YF_SHOW_COUNT && unit->column) { /* "7,014 µs" */
                PUT(w, " ");
                yf_html_esc(w, unit->column);
            }
        }
        PUT(w, "</title></rect>");
        if (sg->label && wd > 6.2 * (double)strlen(sg->label) + 8) {
            yf_html_text_at(w, "sl", x + 4, y + 13);
            yf_html_esc(w, sg->label);
            PUT(w, "</text>");
        }
        x += wd;
    }
    yf_html_text_at(w, "hn", HB_NOTE, y + 13);
    yf_html_esc(w, b->note);
    PUT(w, "</text>");
}

void yf_html_hbars_svg(yf_writer *w, const char *id, const yf_figure_info *unit,
                       const yf_html_hbar *bars, int n, double limit, const char *limit_label)
{
    double max = limit > 0 ? limit : 0;
    for (int r = 0; r < n; r++) {
        double sum = 0;
        for (int s = 0; s < bars[r].n_seg; s++)
            sum += bars[r].seg[s].value > 0 ? bars[r].seg[s].value : 0;
        max = sum > max ? sum : max;
    }
    int h = HB_TOP + n * HB_ROW + 8;
    double scale = max > 0 ? (HB_END - HB_BAR) / max : 0;
    yf_writer_printf(w, "<div class=\"yf-plot\"><svg viewBox=\"0 0 %d %d\" role=\"img\" "
                        "aria-labelledby=\"%s-cap\">",
                     YF_HTML_W, h, id);
    for (int r = 0; r < n; r++)
        hbar_row(w, unit, &bars[r], r, scale);
    if (limit > 0) {
        double x = HB_BAR + limit * scale;
        PUT(w, "<path class=\"limit\" d=\"M");
        X(w, x);
        yf_writer_printf(w, " %dV%d\"/>", HB_TOP - 6, h - 4);
        yf_html_text_at(w, "ll", x, HB_TOP - 9);
        yf_html_esc(w, limit_label);
        PUT(w, "</text>");
    }
    PUT(w, "</svg></div>");
}
