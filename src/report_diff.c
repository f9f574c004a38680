/* Rendering a comparison (table, Markdown, CSV) and a .weights check (text,
 * Markdown, CSV). JSON for both lives in report_json.c. */
#include "internal.h"
#include "report.h"

#include <stdio.h>
#include <string.h>

static const char *const pair_names[] = {"same", "changed", "added", "removed"};
static const char pair_marks[] = {' ', '~', '+', '-'};

static void side(const yf_layer *l, char *buf, size_t n, int md)
{
    char p[32], shape[48];
    if (!l) {
        snprintf(buf, n, "%s", "");
        return;
    }
    snprintf(shape, sizeof(shape), "%lldx%lldx%lld", (long long)l->out.w, (long long)l->out.h,
             (long long)l->out.c);
    if (md)
        snprintf(buf, n, "%s · %s · %s params · %.3f BF", l->desc, shape, yf_fmt_int(p, l->params),
                 l->bflops);
    else
        snprintf(buf, n, "%-16s %-14s %11s %8.3f", l->desc, shape, yf_fmt_int(p, l->params),
                 l->bflops);
}

static void totals(const yf_diff *d, yf_buf *out, int md)
{
    char b[40], a[40], c[64];
    if (md)
        yf_buf_printf(out, "| figure | before | after | change |\n|---|---:|---:|---:|\n");
    else
        yf_buf_printf(out, "%-24s %18s %18s   %s\n", "figure", "before", "after", "change");
    for (int i = 0; i < YF_FIG_COUNT; i++) {
        yf_figure f = (yf_figure)i;
        double x = yf_figure_value(&d->a->totals, f), y = yf_figure_value(&d->b->totals, f);
        yf_fmt_figure(b, f, x);
        yf_fmt_figure(a, f, y);
        const char *ch = x == y ? "=" : yf_fmt_change(c, f, x, y);
        if (md)
            yf_buf_printf(out, "| %s | %s | %s | %s |\n", yf_figure_name(f), b, a, ch);
        else
            yf_buf_printf(out, "%-24s %18s %18s   %s\n", yf_figure_name(f), b, a, ch);
    }
}

static void layers(const yf_diff *d, const yf_render_opts *ro, yf_buf *out, int md)
{
    char x[128], y[128], ia[16], ib[16];
    yf_buf_printf(out, "%slayers: %d -> %d, paired %s: %d changed, %d added, %d removed, %d "
                       "unchanged%s\n",
                  md ? "\n" : "", d->a->n_layers, d->b->n_layers,
                  d->by_index ? "by index" : "by longest common subsequence", d->n_changed,
                  d->n_added, d->n_removed, d->n_same, md ? "\n" : "");
    if (md)
        yf_buf_printf(out, "| | a | b | type | before | after |\n|---|---:|---:|---|---|---|\n");
    else
        yf_buf_printf(out, "  %5s %5s  %-14s %-16s %-14s %11s %8s    %s\n", "a", "b", "type",
                      "before", "output", "params", "BFLOPs", "after");
    for (int i = 0; i < d->n_pairs; i++) {
        const yf_pair *p = &d->pairs[i];
        if (p->kind == YF_PAIR_SAME && !ro->all_layers)
            continue;
        const yf_layer *la = p->a >= 0 ? &d->a->layers[p->a] : NULL;
        const yf_layer *lb = p->b >= 0 ? &d->b->layers[p->b] : NULL;
        side(la, x, sizeof(x), md);
        side(lb, y, sizeof(y), md);
        snprintf(ia, sizeof(ia), "%d", p->a);
        snprintf(ib, sizeof(ib), "%d", p->b);
        const char *type = la ? la->type : lb->type;
        if (md)
            yf_buf_printf(out, "| %s | %s | %s | %s | %s | %s |\n", pair_names[p->kind],
                          la ? ia : "", lb ? ib : "", type, x, y);
        else
            yf_buf_printf(out, "%c %5s %5s  %-14s %-53s -> %s\n", pair_marks[p->kind],
                          la ? ia : "-", lb ? ib : "-", type, x, y);
    }
}

static void checks(const yf_check *c, int n, yf_buf *out, int md)
{
    for (int i = 0; i < n; i++) {
        yf_buf_printf(out, md ? "- " : "  ");
        yf_render_check_line(&c[i], out);
        yf_buf_printf(out, "\n");
    }
}

int yf_render_diff_table(const yf_diff *d, const yf_render_opts *ro, yf_buf *out, int md)
{
    const yf_model *a = d->a, *b = d->b;
    yf_buf_printf(out, md ? "### yoloflops diff: `%s` (%lldx%lld) → `%s` (%lldx%lld)\n\n"
                          : "diff: %s (%lldx%lld) -> %s (%lldx%lld)\n",
                  a->name, (long long)a->input.w, (long long)a->input.h, b->name,
                  (long long)b->input.w, (long long)b->input.h);
    totals(d, out, md);
    if (!ro->summary)
        layers(d, ro, out, md);
    if (d->n_checks)
        yf_buf_printf(out, md ? "\n**budgets**\n\n" : "budgets:\n");
    checks(d->checks, d->n_checks, out, md);
    return YF_OK;
}

/* One CSV cell: empty when the layer is absent. */
static void cell(yf_buf *out, const yf_layer *l, const char *text)
{
    yf_buf_printf(out, ",%s", l ? text : "");
}

static void layer_cells(yf_buf *out, const yf_layer *la, const yf_layer *lb, int what)
{
    const yf_layer *ls[2] = {la, lb};
    for (int k = 0; k < 2; k++) {
        const yf_layer *l = ls[k];
        char t[64] = "";
        if (l && what == 0)
            snprintf(t, sizeof(t), "%lldx%lldx%lld", (long long)l->out.w, (long long)l->out.h,
                     (long long)l->out.c);
        else if (l && what == 1)
            snprintf(t, sizeof(t), "%lld", (long long)l->params);
        else if (l && what == 2)
            snprintf(t, sizeof(t), "%.9f", l->bflops);
        else if (l)
            snprintf(t, sizeof(t), "%lld", (long long)l->macs);
        cell(out, l, t);
    }
}

int yf_render_diff_csv(const yf_diff *d, yf_buf *out)
{
    yf_buf_printf(out, "status,a_index,b_index,type,a_out,b_out,a_params,b_params,a_bflops,"
                       "b_bflops,a_macs,b_macs\n");
    for (int i = 0; i < YF_FIG_COUNT; i++) {
        yf_figure f = (yf_figure)i;
        yf_buf_printf(out, "total,,,%s,,,%.17g,%.17g,,,,\n", yf_figure_name(f),
                      yf_figure_value(&d->a->totals, f), yf_figure_value(&d->b->totals, f));
    }
    for (int i = 0; i < d->n_pairs; i++) {
        const yf_pair *p = &d->pairs[i];
        const yf_layer *la = p->a >= 0 ? &d->a->layers[p->a] : NULL;
        const yf_layer *lb = p->b >= 0 ? &d->b->layers[p->b] : NULL;
        char ia[16], ib[16];
        snprintf(ia, sizeof(ia), "%d", p->a);
        snprintf(ib, sizeof(ib), "%d", p->b);
        yf_buf_printf(out, "%s", pair_names[p->kind]);
        cell(out, la, ia);
        cell(out, lb, ib);
        yf_buf_printf(out, ",%s", la ? la->type : lb->type);
        for (int what = 0; what < 4; what++)
            layer_cells(out, la, lb, what);
        yf_buf_printf(out, "\n");
    }
    return YF_OK;
}
