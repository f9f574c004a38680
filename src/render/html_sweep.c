/* A size sweep's section of the HTML report (docs/html.md): one line per
 * total against the input's pixels, a panel each (with the exponent of
 * figure ~ pixels^e), then every size in a table. Also the short section
 * of a .weights check. */
#include "html.h"

#include <stdio.h>
#include <string.h>

#define PUT(w, s) yf_html_put(w, s)

/* The chart samples at most SW_ROWS sizes (every k-th, and the last) of at
 * most SW_FIGS totals; the table has them all. */
enum { SW_ROWS = 256, SW_FIGS = 24, MAX_COLS = 64 };

typedef struct sweep_ctx {
    const yf_size *sizes;
    int n_rows;
    int row[SW_ROWS];        /* index into sizes */
    int ok[SW_ROWS];
    double v[SW_ROWS][SW_FIGS];
    double base[SW_FIGS];    /* the value at the smallest size that builds */
    int base_row;            /* that size's sample, -1 if none */
    const yf_figure *cols;
    int nc;
    yf_sweep *s;
} sweep_ctx;

static double sw_x(const void *ctx, int i)
{
    const sweep_ctx *c = ctx;
    const yf_size *z = &c->sizes[c->row[i]];
    return c->ok[i] ? (double)z->w * (double)z->h : 0;
}

static double sw_y(const void *ctx, int s, int i)
{
    const sweep_ctx *c = ctx;
    return c->ok[i] ? c->v[i][s] : -1;
}

static const yf_figure_info *sw_fig(const void *ctx, int s)
{
    return yf_figure_get(((const sweep_ctx *)ctx)->cols[s]);
}

static void sw_heading(const void *ctx, yf_writer *w, int s)
{
    const sweep_ctx *c = ctx;
    double e;
    yf_html_esc(w, sw_fig(ctx, s)->column);
    if (yf_sweep_exponent(c->s, c->cols[s], &e))
        yf_writer_printf(w, " ~ pixels^%.2f", e == 0 ? 0.0 : e);
}

/* A total as text: exact for counts, 3 decimals for reals. */
static void value_text(char t[48], const yf_figure_info *fi, double v)
{
    char title[48];
    if (fi->show == YF_SHOW_COUNT || fi->show == YF_SHOW_BYTES) /* exact counts */
        yf_html_cell_text(t, title, fi, (yf_value){.kind = YF_INT, .i = (int64_t)v, .d = v});
    else
        yf_html_cell_text(t, title, fi, (yf_value){.kind = YF_REAL, .d = v});
}

static void sw_label(const void *ctx, yf_writer *w, int i)
{
    const sweep_ctx *c = ctx;
    const yf_size *z = &c->sizes[c->row[i]];
    yf_writer_printf(w, "%lldx%lld", (long long)z->w, (long long)z->h);
}

static void sw_title(const void *ctx, yf_writer *w, int s, int i)
{
    const sweep_ctx *c = ctx;
    const yf_figure_info *fi = sw_fig(ctx, s);
    char t[48];
    sw_label(ctx, w, i);
    value_text(t, fi, c->v[i][s]);
    PUT(w, ": ");
    yf_html_esc(w, fi->column);
    yf_writer_printf(w, " %s", t);
    if (c->base[s] > 0)
        yf_writer_printf(w, " (x%.3g of the smallest size)", c->v[i][s] / c->base[s]);
}

/* The text alternative: the totals at the smallest and the largest size
 * drawn, and how each grows. */
static void caption(yf_writer *w, const char *id, const sweep_ctx *c)
{
    char t[48];
    int last = -1;
    double most = 0;
    for (int j = 0; j < c->n_rows; j++) {
        double pxl = (double)c->sizes[c->row[j]].w * (double)c->sizes[c->row[j]].h;
        if (c->ok[j] && pxl > most)
            most = pxl, last = j;
    }
    yf_writer_printf(w, "<figcaption id=\"%s-cap\">Each total against the input size (%d "
                        "size%s drawn, x: pixels), on its own axis from 0; the exponent e of "
                        "figure ~ pixels^e is fitted over every size.",
                     id, c->n_rows, c->n_rows == 1 ? "" : "s");
    if (c->base_row >= 0 && last >= 0) {
        PUT(w, " From ");
        sw_label(c, w, c->base_row);
        PUT(w, " to ");
        sw_label(c, w, last);
        PUT(w, ":");
        for (int f = 0; f < c->nc; f++) {
            const yf_figure_info *fi = yf_figure_get(c->cols[f]);
            PUT(w, f ? "; " : " ");
            yf_html_esc(w, fi->column);
            value_text(t, fi, c->base[f]);
            yf_writer_printf(w, " %s \xE2\x86\x92 ", t);
            value_text(t, fi, c->v[last][f]);
            yf_writer_printf(w, "%s", t);
        }
        PUT(w, ". The table gives every size exactly.");
    }
    PUT(w, "</figcaption>");
}

/* Keeps row r of size i when it is one of the chart's samples (every k-th
 * size and the last); base: the smallest size that builds. */
static void keep(sweep_ctx *c, const yf_sweep_row *r, int ok, int i, int n)
{
    int k = n > SW_ROWS ? (n + SW_ROWS - 1) / SW_ROWS : 1;
    if ((i % k && i != n - 1) || c->n_rows == SW_ROWS)
        return;
    int j = c->n_rows++;
    c->row[j] = i;
    c->ok[j] = ok;
    for (int f = 0; f < c->nc && ok; f++)
        c->v[j][f] = yf_value_real(yf_figure_value(&r->profile, c->cols[f], -1));
    const yf_size *z = &c->sizes[i];
    if (ok && (c->base_row < 0 || (double)z->w * (double)z->h <
                                      (double)c->sizes[c->row[c->base_row]].w *
                                          (double)c->sizes[c->row[c->base_row]].h))
        c->base_row = j;
}

static void size_row(yf_writer *w, sweep_ctx *c, yf_sweep *s, int k, int n, const yf_figure *cols,
                     int nc)
{
    yf_sweep_row r;
    char t[48], title[48];
    const yf_size *z = &c->sizes[k];
    int st = yf_sweep_at(s, k, &r), ok = !st && !r.status;
    keep(c, &r, ok, k, n);
    yf_writer_printf(w, "<tr%s><td data-v=\"%.17g\">%lldx%lld</td><td>%s</td>",
                     ok ? "" : " class=\"rem\"", (double)z->w * (double)z->h, (long long)z->w,
                     (long long)z->h, !ok ? "" : r.stride_ok ? "ok" : "no");
    for (int f = 0; f < nc; f++) {
        if (ok)
            yf_html_cell_text(t, title, yf_figure_get(cols[f]),
                              yf_figure_value(&r.profile, cols[f], -1));
        yf_writer_printf(w, "<td>%s</td>", ok ? t : "");
    }
    PUT(w, "<td>");
    if (!ok)
        yf_html_esc(w, st ? "out of memory" : r.error);
    for (int i = 0; ok && i < r.n_warnings; i++) {
        PUT(w, i ? "; " : "");
        yf_html_esc(w, r.warnings[i]);
    }
    for (int i = 0; ok && i < r.n_checks; i++) {
        if (r.checks[i].ok)
            continue;
        PUT(w, "<span class=\"bad\">budget exceeded: ");
        yf_buf b;
        yf_writer bw;
        yf_buf_init(&b);
        yf_writer_init(&bw, yf_buf_write, &b);
        yf_render_check_reason(&bw, &r.checks[i]);
        yf_writer_finish(&bw, NULL);
        yf_html_esc_buf(w, &b);
        yf_buf_release(&b);
        PUT(w, "</span> ");
    }
    PUT(w, "</td></tr>");
}

/* The table of every size, computing each row once (a row of the sweep
 * is computed as it is asked for, and counted), keeping the chart's
 * samples on the way. */
static void size_table(yf_writer *w, const char *id, sweep_ctx *c, yf_sweep *s, int n,
                       const yf_figure *cols, int nc)
{
    yf_writer_printf(w, "<h3>Sizes</h3><div class=\"yf-wrap\"><table class=\"yf-sort yf-sizes\" "
                        "id=\"%s-sizes\"><thead><tr><th>input</th><th>stride</th>",
                     id);
    for (int f = 0; f < nc; f++) {
        const yf_figure_info *fi = yf_figure_get(cols[f]);
        PUT(w, "<th title=\"");
        yf_html_esc(w, fi->convention);
        PUT(w, "\">");
        yf_html_esc(w, fi->column);
        PUT(w, "</th>");
    }
    PUT(w, "<th>notes</th></tr></thead><tbody>");
    c->n_rows = 0;
    c->base_row = -1;
    for (int k = 0; k < n; k++)
        size_row(w, c, s, k, n, cols, nc);
    PUT(w, "</tbody></table></div>");
    for (int f = 0; f < c->nc; f++)
        c->base[f] = c->base_row >= 0 ? c->v[c->base_row][f] : 0;
}

static void header(yf_writer *w, const char *id, yf_sweep *s, int n)
{
    char prec[96];
    const yf_model *m = yf_sweep_model(s);
    yf_sweep_stats st;
    yf_sweep_get_stats(s, &st);
    yf_html_section(w, "yf-sweep", id, m->name);
    yf_writer_printf(w, "<p class=\"yf-sub\">%d input size%s \xC2\xB7 channels %lld \xC2\xB7 "
                        "batch %lld \xC2\xB7 ",
                     n, n == 1 ? "" : "s", (long long)m->input.c, (long long)m->batch);
    yf_html_esc(w, yf_precision_text(m, prec));
    yf_writer_printf(w, " \xC2\xB7 %d from exact closed forms, %d built, %d failed</p>",
                     st.fitted, st.built, st.failed);
    if (*yf_sweep_note(s)) {
        yf_writer_puts(w, "<p class=\"estimate\">");
        yf_html_esc(w, yf_sweep_note(s));
        yf_writer_puts(w, "</p>");
    }
    yf_writer_puts(w, "</header>");
}

void yf_html_sweep(const yf_document *doc, yf_sweep *s, const yf_size *sizes, int n)
{
    yf_writer *w = doc->w;
    yf_figure cols[MAX_COLS];
    int nc = yf_sweep_columns(doc->ro, s, 0, cols, MAX_COLS);
    char id[16], cid[32];
    sweep_ctx c = {.sizes = sizes, .cols = cols, .nc = nc < SW_FIGS ? nc : SW_FIGS, .s = s};
    snprintf(id, sizeof(id), "s%d", doc->index);
    snprintf(cid, sizeof(cid), "%s-sweep", id);
    /* The table first, into memory: the chart above it needs every row. */
    yf_buf table;
    yf_writer tw;
    yf_buf_init(&table);
    yf_writer_init(&tw, yf_buf_write, &table);
    size_table(&tw, id, &c, s, n, cols, nc);
    if (yf_writer_finish(&tw, NULL) != YF_OK && !w->failed)
        w->failed = tw.failed; /* out of memory: the page's output fails with it */
    header(w, id, s, n);
    yf_html_lines l = {cid, c.n_rows, c.nc, &c, sw_x, sw_y, sw_fig, sw_label, sw_title, sw_heading};
    yf_writer_printf(w, "<h3>Totals against input size</h3><figure class=\"yf-chart yf-lines\" "
                        "id=\"%s\">",
                     cid);
    yf_html_lines_svg(w, &l);
    caption(w, cid, &c);
    PUT(w, "</figure>");
    if (table.data)
        yf_writer_put(w, table.data, table.len);
    yf_buf_release(&table);
    yf_html_warnings(w, id, "Warnings", yf_sweep_model(s));
    PUT(w, "</section>\n");
}

/* ---- a .weights check ---- */

void yf_html_weights(const yf_document *doc, const yf_model *m, const char *path,
                     const yf_weights_report *r)
{
    yf_writer *w = doc->w;
    char id[16], title[600];
    yf_buf b;
    yf_writer bw;
    snprintf(id, sizeof(id), "s%d", doc->index);
    snprintf(title, sizeof(title), "%s \xC2\xB7 %s", m->name, path);
    yf_html_section(w, "yf-check", id, title);
    yf_writer_printf(w, "<p class=\"yf-sub\">does the .weights file fit the cfg? %d layers, "
                        "header and size read</p></header><p class=\"yf-verdict %s\" "
                        "id=\"%s-verdict\">",
                     m->n_layers, r->status == YF_WEIGHTS_MATCH ? "ok" : "bad", id);
    yf_buf_init(&b);
    yf_writer_init(&bw, yf_buf_write, &b);
    yf_render_weights_verdict(&bw, r);
    yf_writer_finish(&bw, NULL);
    yf_html_esc_buf(w, &b);
    yf_buf_release(&b);
    yf_writer_printf(w, "</p><ul class=\"yf-list\" id=\"%s-details\">", id);
    yf_buf_init(&b);
    yf_writer_init(&bw, yf_buf_write, &b);
    yf_render_weights_details(&bw, m, r, "");
    yf_writer_finish(&bw, NULL);
    yf_html_list_items(w, &b);
    yf_buf_release(&b);
    PUT(w, "</ul></section>\n");
}
