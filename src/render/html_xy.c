/* Charts of y against x for the HTML report (docs/html.md): small
 * multiples (a panel per series, each on its own linear axes, so lines
 * never hide one another: a size sweep's totals against the input size)
 * and a roofline (Williams, Waterman, Patterson 2009: attained FLOP/s
 * against arithmetic intensity under min(peak, bandwidth x intensity), on
 * log-log axes). */
#include "html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PUT(w, s) yf_html_put(w, s)
#define X(w, v) yf_html_coord(w, v)

/* ---- log-log axes (size sweeps, rooflines) ---- */

typedef struct logaxis {
    double lo, hi; /* natural logs of the ends */
    double p0, p1; /* their coordinates */
} logaxis;

static double lmap(const logaxis *a, double v)
{
    return a->p0 + (a->p1 - a->p0) * (log(v) - a->lo) / (a->hi - a->lo);
}

enum { LG_T = 20 };

/* ---- small multiples: one panel per series ---- */

enum { PN_H = 172, PN_L = 58, PN_R = 14, PN_T = 24, PN_B = 26, PN_MAX_SORT = 512,
       PN_MAX_POINTS = 400 };

/* Items in order of x: 1 and order[] filled when they are few or already
 * sorted, else 0 (points only, no line). */
static int x_order(const yf_html_lines *l, int *order)
{
    int sorted = 1;
    for (int i = 1; i < l->n_x && sorted; i++)
        sorted = l->x(l->ctx, i) >= l->x(l->ctx, i - 1);
    if (!sorted && l->n_x > PN_MAX_SORT)
        return 0;
    for (int i = 0; i < l->n_x && i < PN_MAX_SORT; i++) {
        int j = i;
        double xi = l->x(l->ctx, i);
        for (; j > 0 && !sorted && l->x(l->ctx, order[j - 1]) > xi; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    return 1;
}

typedef struct panel {
    double x0, y0, w, h;    /* plot area */
    double xlo, xhi, top;   /* data ranges: x linear, y from 0 to top */
} panel;

static double px(const panel *p, double x)
{
    return p->x0 + (p->xhi > p->xlo ? p->w * (x - p->xlo) / (p->xhi - p->xlo) : p->w / 2);
}

static double py(const panel *p, double y)
{
    return p->y0 + p->h - p->h * y / p->top;
}

static void panel_axes(yf_writer *w, const yf_html_lines *l, int s, const panel *p,
                       const int *order)
{
    const yf_figure_info *fi = l->fig(l->ctx, s);
    double step = yf_html_nice_step(p->top, 3, fi->show == YF_SHOW_BYTES);
    char b[32];
    PUT(w, "<path class=\"grid\" d=\"");
    for (double v = 0; v <= p->top * (1 + 1e-9); v += step) {
        PUT(w, "M");
        X(w, p->x0);
        PUT(w, " ");
        X(w, py(p, v));
        PUT(w, "h");
        X(w, p->w);
    }
    PUT(w, "\"/>");
    for (double v = 0; v <= p->top * (1 + 1e-9); v += step) {
        yf_html_text_at(w, "yl", p->x0 - 5, py(p, v) + 3.5);
        yf_html_esc(w, yf_html_short(b, fi, v));
        PUT(w, "</text>");
    }
    double placed[8];
    int np = 0;
    for (int k = 0; k < l->n_x; k++) {
        int i = order ? order[k] : k;
        double x = l->x(l->ctx, i);
        double at = px(p, x), right = p->x0 + p->w + PN_R - 2;
        int end = at + 30 > right; /* the last label ends at the panel's edge */
        if (x <= 0 || !yf_html_room(placed, &np, 8, end ? right - 30 : at, 78))
            continue;
        yf_html_text_at(w, end ? "xl end" : "xl", end ? right : at, p->y0 + p->h + 14);
        l->x_label(l->ctx, w, i);
        PUT(w, "</text>");
    }
    yf_html_text_at(w, "pt", p->x0, p->y0 - 9);
    l->heading(l->ctx, w, s);
    PUT(w, "</text>");
}

static int panel_series(yf_writer *w, const yf_html_lines *l, int s, const panel *p,
                        const int *order)
{
    int drawn = 0;
    if (order) {
        yf_writer_printf(w, "<polyline class=\"ln c%d\" points=\"", s % 10);
        for (int k = 0; k < l->n_x; k++) {
            double x = l->x(l->ctx, order[k]), y = l->y(l->ctx, s, order[k]);
            if (x <= 0 || y < 0)
                continue;
            X(w, px(p, x));
            PUT(w, ",");
            X(w, py(p, y));
            PUT(w, " ");
        }
        PUT(w, "\"/>");
    }
    if (l->n_x > PN_MAX_POINTS)
        return 0;
    yf_writer_printf(w, "<g class=\"pts c%d\">", s % 10);
    for (int i = 0; i < l->n_x; i++) {
        double x = l->x(l->ctx, i), y = l->y(l->ctx, s, i);
        if (x <= 0 || y < 0)
            continue;
        PUT(w, "<circle cx=\"");
        X(w, px(p, x));
        PUT(w, "\" cy=\"");
        X(w, py(p, y));
        PUT(w, "\" r=\"2.6\"><title>");
        l->title(l->ctx, w, s, i);
        PUT(w, "</title></circle>");
        drawn++;
    }
    PUT(w, "</g>");
    return drawn;
}

/* The range of x, and of series s's y (top: a nice value above its max). */
static void panel_range(const yf_html_lines *l, int s, panel *p)
{
    double top = 0;
    int any = 0;
    for (int i = 0; i < l->n_x; i++) {
        double x = l->x(l->ctx, i), y = l->y(l->ctx, s, i);
        if (x <= 0)
            continue;
        if (!any++)
            p->xlo = p->xhi = x;
        p->xlo = x < p->xlo ? x : p->xlo;
        p->xhi = x > p->xhi ? x : p->xhi;
        top = y > top ? y : top;
    }
    const yf_figure_info *fi = l->fig(l->ctx, s);
    double step = yf_html_nice_step(top > 0 ? top : 1, 3, fi->show == YF_SHOW_BYTES);
    p->top = step * ceil((top > 0 ? top : 1) / step - 1e-9);
}

int yf_html_lines_svg(yf_writer *w, const yf_html_lines *l)
{
    int cols = l->n_series < 3 ? (l->n_series > 0 ? l->n_series : 1) : 3;
    int rows = (l->n_series + cols - 1) / cols, drawn = 0, order[PN_MAX_SORT];
    int sorted = x_order(l, order);
    double pw = (double)YF_HTML_W / cols;
    yf_writer_printf(w, "<div class=\"yf-plot\"><svg viewBox=\"0 0 %d %d\" role=\"img\" "
                        "aria-labelledby=\"%s-cap\">",
                     YF_HTML_W, rows * PN_H + 4, l->id);
    for (int s = 0; s < l->n_series; s++) {
        panel p = {pw * (s % cols) + PN_L, PN_H * (s / cols) + PN_T + 4,
                   pw - PN_L - PN_R, PN_H - PN_T - PN_B, 0, 0, 1};
        panel_range(l, s, &p);
        yf_writer_printf(w, "<g class=\"panel\">");
        panel_axes(w, l, s, &p, sorted ? order : NULL);
        drawn += panel_series(w, l, s, &p, sorted ? order : NULL);
        PUT(w, "</g>");
    }
    PUT(w, "</svg></div>");
    return drawn;
}

/* ---- roofline ---- */

/* "0.1", "10", "1k" for a power of ten. */
static void decade(yf_writer *w, int e, const char *unit)
{
    static const char *const si[] = {"", "k", "M", "G", "T", "P", "E"};
    if (e < 0)
        yf_writer_printf(w, "%g%s", pow(10, e), unit);
    else
        yf_writer_printf(w, "%g%s%s", pow(10, e % 3), e / 3 < 7 ? si[e / 3] : "?", unit);
}

static void roof_grid(yf_writer *w, const logaxis *ax, const logaxis *ay)
{
    int x0 = (int)ceil(ax->lo / log(10) - 1e-9), x1 = (int)floor(ax->hi / log(10) + 1e-9);
    int y0 = (int)ceil(ay->lo / log(10) - 1e-9), y1 = (int)floor(ay->hi / log(10) + 1e-9);
    PUT(w, "<path class=\"grid\" d=\"");
    for (int e = x0; e <= x1; e++) {
        PUT(w, "M");
        X(w, lmap(ax, pow(10, e)));
        yf_writer_printf(w, " %dV%d", YF_HTML_B, LG_T);
    }
    for (int e = y0; e <= y1; e++) {
        PUT(w, "M70 ");
        X(w, lmap(ay, pow(10, e)));
        PUT(w, "H990");
    }
    PUT(w, "\"/>");
    for (int e = x0; e <= x1; e++) {
        yf_html_text_at(w, "xl", lmap(ax, pow(10, e)), YF_HTML_B + 13);
        decade(w, e, "");
        PUT(w, "</text>");
    }
    for (int e = y0; e <= y1; e++) {
        yf_html_text_at(w, "yl", YF_HTML_L - 6, lmap(ay, pow(10, e)) + 3.5);
        decade(w, e, "");
        PUT(w, "</text>");
    }
    yf_html_text_at(w, "xt", (YF_HTML_L + YF_HTML_R) / 2.0, YF_HTML_H - 4);
    PUT(w, "arithmetic intensity (FLOP per byte moved)</text>");
    yf_html_text_at(w, "yt", 4, 12);
    PUT(w, "attained FLOP/s</text>");
}

static void roof_line(yf_writer *w, const yf_html_roof *r, const logaxis *ax, const logaxis *ay,
                      int index)
{
    double xlo = exp(ax->lo), xhi = exp(ax->hi), ylo = exp(ay->lo);
    double ridge = r->peak / r->bandwidth, start = ylo / r->bandwidth;
    if (start < xlo)
        start = xlo;
    char b[32];
    yf_writer_printf(w, "<polyline class=\"roof c%d\" points=\"", index % 10);
    if (start < ridge) {
        X(w, lmap(ax, start));
        PUT(w, ",");
        X(w, lmap(ay, r->bandwidth * start));
        PUT(w, " ");
    }
    X(w, lmap(ax, ridge > start ? ridge : start));
    PUT(w, ",");
    X(w, lmap(ay, r->peak));
    PUT(w, " ");
    X(w, lmap(ax, xhi));
    PUT(w, ",");
    X(w, lmap(ay, r->peak));
    PUT(w, "\"/>");
    yf_html_text_at(w, "rl", YF_HTML_R - 4, lmap(ay, r->peak) - 4);
    yf_html_esc(w, r->label);
    const yf_figure_info flops = {.show = YF_SHOW_FLOPS};
    yf_writer_printf(w, " %s/s</text>", yf_html_short(b, &flops, r->peak));
}

int yf_html_roofline_svg(yf_writer *w, const char *id, const yf_html_point *pts, int n,
                         const yf_html_roof *roofs, int n_roofs)
{
    double x0 = 1e300, x1 = 0, y0 = 1e300, y1 = 0;
    int drawn = 0;
    for (int i = 0; i < n; i++)
        if (pts[i].x > 0 && pts[i].y > 0) {
            x0 = fmin(x0, pts[i].x), x1 = fmax(x1, pts[i].x);
            y0 = fmin(y0, pts[i].y), y1 = fmax(y1, pts[i].y);
        }
    for (int r = 0; r < n_roofs; r++)
        if (roofs[r].peak > 0 && roofs[r].bandwidth > 0) {
            double ridge = roofs[r].peak / roofs[r].bandwidth;
            x0 = fmin(x0, ridge / 10), x1 = fmax(x1, ridge * 10);
            y0 = fmin(y0, roofs[r].peak / 100), y1 = fmax(y1, roofs[r].peak * 2);
        }
    yf_writer_printf(w, "<div class=\"yf-plot\"><svg viewBox=\"0 0 %d %d\" role=\"img\" "
                        "aria-labelledby=\"%s-cap\">",
                     YF_HTML_W, YF_HTML_H, id);
    if (x1 > 0 && y1 > 0) {
        logaxis ax = {floor(log10(x0)) * log(10), ceil(log10(x1)) * log(10), YF_HTML_L,
                      YF_HTML_R};
        logaxis ay = {floor(log10(y0)) * log(10), ceil(log10(y1)) * log(10), YF_HTML_B, LG_T};
        if (ax.hi <= ax.lo)
            ax.hi = ax.lo + log(10);
        if (ay.hi <= ay.lo)
            ay.hi = ay.lo + log(10);
        roof_grid(w, &ax, &ay);
        for (int r = 0; r < n_roofs; r++)
            if (roofs[r].peak > 0 && roofs[r].bandwidth > 0)
                roof_line(w, &roofs[r], &ax, &ay, r);
        PUT(w, "<g class=\"pts\">");
        for (int i = 0; i < n; i++) {
            if (pts[i].x <= 0 || pts[i].y <= 0)
                continue;
            yf_writer_printf(w, "<circle class=\"k%d\" cx=\"", pts[i].cls % YF_HTML_COLOURS);
            X(w, lmap(&ax, pts[i].x));
            PUT(w, "\" cy=\"");
            X(w, lmap(&ay, pts[i].y));
            PUT(w, "\" r=\"3\"><title>");
            yf_html_esc(w, pts[i].title);
            PUT(w, "</title></circle>");
            drawn++;
        }
        PUT(w, "</g>");
    }
    PUT(w, "</svg></div>");
    return drawn;
}
