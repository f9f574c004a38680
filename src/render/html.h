/*
 * The HTML report's pieces (docs/html.md), below html.c (the renderer):
 *   html_text.c   escaping and the numbers HTML and SVG attributes need
 *   html_chart.c  inline SVG charts over layers: slotted bars with a
 *                 switchable figure, a curve; horizontal (stacked) bars
 *   html_xy.c     y against x: small multiples (a sweep), a roofline
 *                 (each chart's text alternative is written by the caller)
 *   html_assets.c the page's CSS (with the per-figure switch rules generated
 *                 from the figure registry) and its small script
 * Everything writes through a yf_writer as it goes and allocates nothing.
 * Coordinates are in a chart's viewBox units (YF_HTML_W wide); CSS scales it.
 */
#ifndef YF_RENDER_HTML_H
#define YF_RENDER_HTML_H

#include "render.h"

#include <string.h>

/* ---- html_text.c ---- */
/* s through a writer: yf_writer_put's work inline while s fits its buffer
 * (a page is written in some 30,000 pieces; a literal's length and copy are
 * known when compiled). */
static inline void yf_html_put(yf_writer *w, const char *s)
{
    size_t n = strlen(s);
    if (!w->failed && w->len + n <= sizeof(w->buf)) {
        memcpy(w->buf + w->len, s, n);
        w->len += n;
    } else {
        yf_writer_put(w, s, n);
    }
}

/* Text as HTML content or attribute value: & < > " ' escaped, control
 * characters replaced with '?' (the sanitizer's rule for messages). */
void yf_html_esc(yf_writer *w, const char *s);
/* A coordinate with at most one decimal: "12.3", "12", "-0.5". */
void yf_html_coord(yf_writer *w, double v);
const char *yf_html_coord_text(char buf[24], double v);
/* A short axis label for v in the figure's way of showing values: "1.5G",
 * "12 MiB", "0.40", "25%", "3.2 TFLOP". */
const char *yf_html_short(char buf[32], const yf_figure_info *f, double v);
/* Bytes as "1.49 GiB" (two decimals above KiB). */
const char *yf_html_bytes(char buf[32], int64_t v);
/* A figure's value as a table cell: the exact count grouped ("4,720,640";
 * bytes too), reals with 3 decimals, FLOPs with a prefix; and `title`
 * set to the exact text when the cell rounds (reals), else "". */
void yf_html_cell_text(char text[48], char title[48], const yf_figure_info *f, yf_value v);
/* 61949149 -> "61,949,149" (yf_fmt_int's text) */
const char *yf_html_int_text(char buf[32], int64_t v);
/* A value exactly: a count grouped, a real with 9 decimals; "" if absent. */
const char *yf_html_exact_text(char buf[48], const yf_figure_info *f, yf_value v);
/* v with d (<= 9) decimals, as printf's "%.*f" writes it. */
const char *yf_html_fixed(char buf[48], double v, int d);
/* The text of a yf_buf, escaped (text formatted by fmt.c's writers). */
void yf_html_esc_buf(yf_writer *w, const yf_buf *b);
/* SVG pieces: "<rect x y width height" (the caller closes it), "<text
 * class x y>" (the caller writes the text and "</text>"). */
void yf_html_rect(yf_writer *w, double x, double y, double wd, double h);
void yf_html_text_at(yf_writer *w, const char *cls, double x, double y);
/* A step of 1, 2 or 5 x 10^k (for bytes: of 1024^u units) giving about
 * `ticks` intervals up to max. */
double yf_html_nice_step(double max, int ticks, int bytes);
/* Labels along an axis: 1 and x noted in placed[] when x is at least dist
 * from every label placed (at most cap), else 0. */
int yf_html_room(double *placed, int *n, int cap, double x, double dist);

/* ---- html_chart.c ---- */
enum { YF_HTML_W = 1000 };

/* Items (layers, layer pairs) along x in slots: one item per slot, or k
 * consecutive items per slot (each slot draws their largest) when items
 * outnumber max_slots, so bars never get thinner than width / max_slots. */
typedef struct yf_html_slots {
    int n, k, slots;
    double left, width, sw; /* plot left edge, width, slot width */
} yf_html_slots;

void yf_html_slots_init(yf_html_slots *g, int n, int max_slots, double left, double width);
/* Left edge of slot s, and the slot of item i. */
double yf_html_slot_x(const yf_html_slots *g, int s);
int yf_html_slot_of(const yf_html_slots *g, int i);

/* A bar chart over items with one group per figure, shown by the figure
 * switch (CSS radio inputs, no script needed), and a transparent column
 * per slot whose <title> gives the exact values of every figure. Figures
 * proportional item by item (GFLOPs and MACs) draw one group, whose switch
 * label names them all. */
typedef struct yf_html_bars {
    const char *id;                 /* element id of the chart, e.g. "s0-bars" */
    int n;                          /* items along x */
    int series;                     /* bars per item: 1, or 2 (a diff: before, after) */
    const yf_figure *figs;          /* the switchable figures */
    int n_figs;
    int checked;                    /* index into figs shown first */
    const void *ctx;
    /* figure f of item i in series s; YF_NONE: no bar */
    yf_value (*value)(const void *ctx, yf_figure f, int i, int s);
    /* colour class (kN) of item i in series s; < 0: none (no bar) */
    int (*kind)(const void *ctx, int i, int s);
    /* the tooltip's first line for item i ("#12 convolutional 1024 3x3/1") */
    void (*name)(const void *ctx, yf_writer *w, int i);
    /* optional: drawn under the bars (stride bands, changed pairs), and
     * over them (head markers), with the chart's geometry */
    void (*under)(const void *ctx, yf_writer *w, const yf_html_slots *g);
    void (*over)(const void *ctx, yf_writer *w, const yf_html_slots *g);
    /* optional: the caption of figure f (its text alternative), written
     * inside a <span> shown with its group */
    void (*caption)(const void *ctx, yf_writer *w, yf_figure f);
} yf_html_bars;

/* Geometry shared by the charts over items (bars, the memory curve). */
enum { YF_HTML_L = 70, YF_HTML_R = 990, YF_HTML_T = 40, YF_HTML_B = 214, YF_HTML_H = 254 };
enum { YF_HTML_MAX_SLOTS = 460 };

/* <figure> with the switch, the <svg> and the captions. */
void yf_html_bars_chart(yf_writer *w, const yf_html_bars *b);

/* A curve over items (live memory over the forward pass): the largest
 * value of each slot, a filled step line, a marker at item `peak` with its
 * label, a <title> per slot. */
typedef struct yf_html_curve {
    const char *id;
    int n;
    const yf_figure_info *fig;      /* how values are shown (bytes) */
    const void *ctx;
    double (*value)(const void *ctx, int i);
    void (*name)(const void *ctx, yf_writer *w, int i);
    int peak;                        /* item marked, -1 none */
    const char *peak_label;          /* text beside the marker */
} yf_html_curve;

void yf_html_curve_svg(yf_writer *w, const yf_html_curve *c);

/* Horizontal bars, each a stack of segments: a comparison of totals (one
 * segment a bar), a memory breakdown (several), with an optional limit
 * line (a card's memory). Values in one unit, drawn on one linear scale. */
typedef struct yf_html_segment {
    double value;
    int cls;                 /* colour class kN, N < YF_HTML_COLOURS */
    const char *label;       /* for the title: "outputs" */
} yf_html_segment;

typedef struct yf_html_hbar {
    const char *label;       /* left of the bar */
    const char *note;        /* right of the bar ("37.7 GiB: does not fit") */
    const yf_html_segment *seg;
    int n_seg;
} yf_html_hbar;

void yf_html_hbars_svg(yf_writer *w, const char *id, const yf_figure_info *unit,
                       const yf_html_hbar *bars, int n, double limit, const char *limit_label);

/* Small multiples: one panel per series, each a line of y against x on
 * its own linear axes from 0 (a size sweep: each total against the input's
 * pixels). Items in increasing x are joined by a line (a list of more than
 * 512 sizes out of order gets points only); points (with tooltips) are
 * drawn for at most 400 items. */
typedef struct yf_html_lines {
    const char *id;
    int n_x;                 /* points along x */
    int n_series;
    const void *ctx;
    double (*x)(const void *ctx, int i);           /* > 0, or <= 0 to skip the item */
    double (*y)(const void *ctx, int s, int i);    /* >= 0, or < 0 to skip the point */
    const yf_figure_info *(*fig)(const void *ctx, int s);  /* how y values are shown */
    void (*x_label)(const void *ctx, yf_writer *w, int i);  /* tick text ("608x608") */
    void (*title)(const void *ctx, yf_writer *w, int s, int i); /* a point's tooltip */
    void (*heading)(const void *ctx, yf_writer *w, int s);     /* a panel's title */
} yf_html_lines;

/* Returns the number of points drawn. */
int yf_html_lines_svg(yf_writer *w, const yf_html_lines *l);

/* A roofline (Williams et al. 2009): points at arithmetic intensity (FLOPs
 * per byte moved) and attained rate (FLOP/s), under the roofs of a device:
 * min(peak, bandwidth x intensity) for each precision. Log-log. */
typedef struct yf_html_point {
    double x, y;             /* intensity FLOP/byte, attained FLOP/s; <= 0 skipped */
    int cls;                 /* colour class */
    const char *title;       /* tooltip ("#12 convolutional: 2.1 ms, memory-bound") */
} yf_html_point;

typedef struct yf_html_roof {
    const char *label;       /* "fp16" */
    double peak;             /* FLOP/s */
    double bandwidth;        /* bytes/s */
} yf_html_roof;

/* Returns the number of points drawn. */
int yf_html_roofline_svg(yf_writer *w, const char *id, const yf_html_point *pts, int n,
                         const yf_html_roof *roofs, int n_roofs);

/* ---- html_parts.c: what sections share ---- */
enum { YF_HTML_KINDS = 64, YF_HTML_COLOURS = 36 /* colour classes k0..k35 */ };

/* The layer kinds of a section (legend: name and count), in order of first appearance
 * over the models added (a diff adds both sides). */
typedef struct yf_html_kinds {
    const char *name[YF_HTML_KINDS];
    int count[YF_HTML_KINDS];
    int n;
} yf_html_kinds;

void yf_html_kinds_add(yf_html_kinds *k, const yf_model *m);
/* The colour class of a layer kind: its registry index, so a kind has the
 * same colour in every section and page (the kinds seen do not matter). */
int yf_html_kind(const yf_html_kinds *k, const char *type);
/* <li> items: a swatch, the kind and its count. */
void yf_html_kinds_legend(yf_writer *w, const yf_html_kinds *k);
/* "#12 convolutional 64 3x3/1" (escaped). */
void yf_html_layer_label(yf_writer *w, const yf_layer *l);
/* "#12 convolutional 1024 3x3/1 · 13x13x512 → 13x13x1024" (and a head's
 * line below it), escaped. */
void yf_html_layer_name(yf_writer *w, const yf_layer *l);
/* "416x416x3" */
void yf_html_shape(yf_writer *w, yf_shape s);
void yf_html_head_line(yf_writer *w, const yf_layer *l);
/* The headline of the text formats ("65.879 BFLOPs (Darknet) · ..."). */
void yf_html_headline(yf_writer *w, const yf_model *m);
/* <h3> and a list, or nothing when there is none: id-checks, id-changes,
 * id-warnings. */
void yf_html_checks(yf_writer *w, const char *id, const yf_check *c, int n);
void yf_html_changes(yf_writer *w, const char *id, const yf_model *m);
void yf_html_warnings(yf_writer *w, const char *id, const char *title, const yf_model *m);
/* Table id-totals: every total of the registry with its convention. */
void yf_html_totals(yf_writer *w, const char *id, const yf_profile *p);
/* <section class="yf-item cls" id><header><h2>title</h2> (the caller
 * closes the header and the section). */
void yf_html_section(yf_writer *w, const char *cls, const char *id, const char *title);

/* A sum of a figure's values: exact while they are integers. */
typedef struct yf_html_sum {
    double real;
    int64_t count;
    int integer; /* start at 1 */
} yf_html_sum;
void yf_html_sum_add(yf_html_sum *s, yf_value v);
yf_value yf_html_sum_value(const yf_html_sum *s);
/* How a count of bytes is shown (an axis in bytes). */
extern const yf_figure_info yf_html_bytes_info;
extern const yf_figure_info yf_html_us_info; /* a time in microseconds */

/* ---- html_device.c: the views of a latency estimate (nothing without one) ---- */
void yf_html_device(yf_writer *w, const char *id, const yf_profile *p);
void yf_html_roofline(yf_writer *w, const char *id, const yf_profile *p);
void yf_html_stage_times(yf_writer *w, const char *id, const yf_profile *p);
void yf_html_devices(const yf_document *doc, const yf_latency_db *db, const yf_device *list,
                     int n, int detail);
void yf_html_calibration(const yf_document *doc, const yf_calibration *c);
/* One <li> per line of b (text written by fmt.c), escaped. */
void yf_html_list_items(yf_writer *w, yf_buf *b);

/* ---- the sections: html_profile.c, html_diff.c, html_sweep.c ---- */
void yf_html_profile(const yf_document *doc, const yf_profile *p);
void yf_html_diff(const yf_document *doc, const yf_diff *d);
void yf_html_sweep(const yf_document *doc, yf_sweep *s, const yf_size *sizes, int n);
/* html_train.c: training memory against --memory, and the notes */
void yf_html_training(yf_writer *w, const char *id, const yf_profile *p);
void yf_html_weights(const yf_document *doc, const yf_model *m, const char *path,
                     const yf_weights_report *r);

/* ---- html_assets.c ---- */
/* <style> with the page's CSS, including one switch rule per figure of the
 * registry; <script> with sorting, tooltips and the page title. */
void yf_html_style(yf_writer *w);
void yf_html_script(yf_writer *w);

#endif
