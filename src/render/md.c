/* Markdown (what a bot posts on a pull request): a totals table with the
 * convention of every figure, the budgets checked, the warnings, then the
 * layers. Also a diff (with each side's warnings) and a .weights check. */
#include "render.h"

#include <stdio.h>
#include <string.h>

enum { MAX_COLS = 64 };

static const char *const default_columns[] = {"params", "bflops", "gflops", "macs_percent", NULL};
static const char *const latency_columns[] = {"params", "gflops", "latency_ms", "latency_percent",
                                              NULL};

/* Markdown cells may not hold '|' or a newline. */
static void cell(yf_writer *w, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            yf_writer_puts(w, "\\|");
        else if (*s == '\n')
            yf_writer_puts(w, " ");
        else
            yf_writer_put(w, s, 1);
    }
}

static void totals(yf_writer *w, const yf_profile *p)
{
    char v[48];
    yf_writer_puts(w, "| figure | value | convention |\n|---|---:|---|\n");
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        const yf_figure_info *fi = yf_figure_get(f);
        yf_value val = yf_figure_value(p, f, -1);
        if (!(fi->flags & YF_FIG_TOTAL) || val.kind == YF_NONE)
            continue;
        char per[48];
        yf_writer_printf(w, "| %s | %s | %s%s |\n", fi->name, yf_fmt_value(v, fi, val, 0),
                         fi->convention, yf_batch_note(per, fi, p->model->batch));
    }
}

static void checks(yf_writer *w, const yf_check *c, int n)
{
    if (n)
        yf_writer_puts(w, "\n**budgets**\n\n");
    for (int i = 0; i < n; i++) {
        yf_writer_puts(w, "- ");
        yf_render_check_line(w, &c[i]);
        yf_writer_puts(w, "\n");
    }
}

/* side: NULL in a profile; "before" or "after" in a diff, with its cfg. */
static void warnings(yf_writer *w, const yf_model *m, const char *side)
{
    if (m->n_warnings && side)
        yf_writer_printf(w, "\n**warnings, %s** (`%s`)\n\n", side, m->name);
    else if (m->n_warnings)
        yf_writer_puts(w, "\n**warnings**\n\n");
    for (int i = 0; i < m->n_warnings; i++) {
        if (m->warnings[i].origin) {
            yf_writer_puts(w, "- ");
            cell(w, m->warnings[i].origin);
            yf_writer_puts(w, ": ");
        } else {
            yf_writer_printf(w, "- line %d: ", m->warnings[i].line);
        }
        if (m->warnings[i].kind == YF_WARN_PRINTOUT)
            yf_writer_puts(w, "note: ");
        cell(w, m->warnings[i].message);
        yf_writer_puts(w, "\n");
    }
}

/* The keys what-if edits changed (their layers are marked '*'). */
static void changes(yf_writer *w, const yf_model *m)
{
    if (m->n_changes)
        yf_writer_puts(w, "\n**edited** (layers marked \\*)\n\n");
    for (int i = 0; i < m->n_changes; i++) {
        yf_buf b;
        yf_writer bw;
        yf_buf_init(&b);
        yf_writer_init(&bw, yf_buf_write, &b);
        yf_render_change(&bw, &m->changes[i]);
        yf_writer_finish(&bw, NULL);
        yf_writer_puts(w, "- ");
        cell(w, b.data ? b.data : "");
        yf_writer_puts(w, "\n");
        yf_buf_release(&b);
    }
}

static void layers(yf_writer *w, const yf_render_opts *ro, const yf_profile *p)
{
    yf_figure cols[MAX_COLS];
    int n = yf_profile_columns(p, ro, p->latency ? latency_columns : default_columns, cols,
                               MAX_COLS);
    char in[48], out[48], v[48];
    int bound = 0;
    for (int c = 0; p->latency && c < n; c++)
        bound |= cols[c] == yf_figure_find("latency_ms");
    if (p->model->batch > 1) {
        yf_writer_puts(w, "\n");
        yf_batch_columns_note(w, cols, n, p->model->batch);
    }
    yf_writer_puts(w, "\n| # | type | filters size/str | input | output |");
    for (int c = 0; c < n; c++)
        yf_writer_printf(w, " %s |", yf_figure_get(cols[c])->column);
    yf_writer_puts(w, bound ? " bound |" : "");
    yf_writer_puts(w, "\n|---:|---|---|---|---|");
    for (int c = 0; c < n; c++)
        yf_writer_puts(w, "---:|");
    yf_writer_puts(w, bound ? "---|\n" : "\n");
    for (int k = 0; k < yf_row_count(p); k++) {
        int i = yf_row_at(p, k);
        const yf_layer *l = &p->model->layers[i];
        yf_shape_text(in, sizeof(in), l->in);
        yf_shape_text(out, sizeof(out), l->out);
        yf_writer_printf(w, "| %d%s | %s | %s | %s | %s |", l->index, l->changed ? "\\*" : "",
                         l->type, l->desc, in, out);
        for (int c = 0; c < n; c++)
            yf_writer_printf(w, " %s |", yf_fmt_value(v, yf_figure_get(cols[c]),
                                                      yf_figure_value(p, cols[c], i), 1));
        if (bound)
            yf_writer_printf(w, " %s |", yf_bound_name(p->latency->layers[i].bound));
        yf_writer_puts(w, "\n");
    }
}

static void profile(const yf_document *doc, const yf_profile *p)
{
    char prec[96];
    yf_writer *w = doc->w;
    const yf_render_opts *ro = doc->ro;
    int index = doc->index;
    const yf_model *m = p->model;
    yf_writer_printf(w, "%s### `%s` at %lldx%lld\n\n", index ? "\n" : "", m->name,
                     (long long)m->input.w, (long long)m->input.h);
    yf_render_headline(w, ro, m);
    yf_writer_printf(w, " (batch %lld, %s)\n\n", (long long)m->batch,
                     yf_precision_text(m, prec));
    totals(w, p);
    if (p->training) {
        yf_writer_puts(w, "\n**training**\n\n");
        yf_render_training_notes(w, p, "- ");
    }
    if (p->latency)
        yf_md_latency(w, ro, p);
    checks(w, p->checks, p->n_checks);
    changes(w, m);
    warnings(w, m, NULL);
    if (!ro->summary && p->by)
        yf_md_groups(w, ro, p, p->latency ? latency_columns : default_columns);
    else if (!ro->summary)
        layers(w, ro, p);
}

/* ---- diff ---- */
static const char *const pair_names[] = {"same", "changed", "added", "removed"};

static void side(const yf_render_opts *ro, const yf_layer *l, char *buf, size_t n)
{
    char p[32], shape[48];
    const char *sep = yf_sep(ro);
    if (!l) {
        buf[0] = '\0';
        return;
    }
    yf_shape_text(shape, sizeof(shape), l->out);
    snprintf(buf, n, "%s%s%s%s%s params%s%.3f BF", l->desc, sep, shape, sep,
             yf_fmt_int(p, l->params), sep, l->bflops);
}

static void diff(const yf_document *doc, const yf_diff *d)
{
    yf_writer *w = doc->w;
    const yf_render_opts *ro = doc->ro;
    int index = doc->index;
    const yf_model *a = d->a->model, *b = d->b->model;
    char x[128], y[128], bv[48], av[48], c[64];
    yf_writer_printf(w, "%s### yoloflops diff: `%s` (%lldx%lld) %s `%s` (%lldx%lld)\n\n",
                     index ? "\n" : "", a->name, (long long)a->input.w, (long long)a->input.h,
                     ro->ascii ? "->" : "\xE2\x86\x92", b->name, (long long)b->input.w,
                     (long long)b->input.h);
    char na[YF_NOTE_MAX], nb[YF_NOTE_MAX]; /* what the device figures are, as a sweep says */
    int notes = yf_diff_notes(d, na, nb);
    if (notes == 1)
        yf_writer_printf(w, "%s\n\n", na);
    else if (notes == 2)
        yf_writer_printf(w, "- before: %s\n- after: %s\n\n", na, nb);
    yf_writer_puts(w, "| figure | before | after | change |\n|---|---:|---:|---:|\n");
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        const yf_figure_info *fi = yf_figure_get(f);
        if (!(fi->flags & YF_FIG_TOTAL) || !yf_diff_present(d, f))
            continue;
        yf_value u = yf_figure_value(d->a, f, -1), v = yf_figure_value(d->b, f, -1);
        yf_writer_printf(w, "| %s | %s | %s | %s |\n", fi->name, yf_fmt_value(bv, fi, u, 0),
                         yf_fmt_value(av, fi, v, 0),
                         u.i == v.i && u.d == v.d ? "=" : yf_fmt_change(c, fi, u, v));
    }
    if (!ro->summary) {
        yf_writer_printf(w, "\nlayers: %d -> %d, paired %s: %d changed, %d added, %d removed, %d "
                            "unchanged\n\n",
                         a->n_layers, b->n_layers,
                         d->by_index ? "by index" : "by longest common subsequence", d->n_changed,
                         d->n_added, d->n_removed, d->n_same);
        yf_writer_puts(w, "| | a | b | type | before | after |\n|---|---:|---:|---|---|---|\n");
        for (int i = 0; i < d->n_pairs; i++) {
            const yf_pair *p = &d->pairs[i];
            if (p->kind == YF_PAIR_SAME && !ro->all_layers)
                continue;
            const yf_layer *la = p->a >= 0 ? &a->layers[p->a] : NULL;
            const yf_layer *lb = p->b >= 0 ? &b->layers[p->b] : NULL;
            side(ro, la, x, sizeof(x));
            side(ro, lb, y, sizeof(y));
            yf_writer_printf(w, "| %s | ", pair_names[p->kind]);
            if (la)
                yf_writer_printf(w, "%d", p->a);
            yf_writer_puts(w, " | ");
            if (lb)
                yf_writer_printf(w, "%d", p->b);
            yf_writer_printf(w, " | %s | %s | %s |\n", la ? la->type : lb->type, x, y);
        }
    }
    checks(w, d->checks, d->n_checks);
    warnings(w, a, "before"); /* each side's, as the profile and the HTML diff show them */
    warnings(w, b, "after");
}

static void weights(const yf_document *doc, const yf_model *m, const char *path,
                    const yf_weights_report *r)
{
    yf_writer *w = doc->w;
    int index = doc->index;
    yf_writer_printf(w, "%s### `%s` vs `%s`: ", index ? "\n" : "", m->name, path);
    yf_render_weights_verdict(w, r);
    yf_writer_puts(w, "\n\n");
    yf_render_weights_details(w, m, r, "- ");
}

/* ---- size sweep ---- */
static void sweep(const yf_document *doc, yf_sweep *s, const yf_size *sizes, int n)
{
    char prec[96];
    yf_writer *w = doc->w;
    yf_figure cols[64];
    int nc = yf_sweep_columns(doc->ro, s, 0, cols, 64);
    char v[48];
    const yf_model *m = yf_sweep_model(s);
    yf_writer_printf(w, "%s### `%s`: %d input size%s\n\n", doc->index ? "\n" : "", m->name, n,
                     n == 1 ? "" : "s");
    if (*yf_sweep_note(s))
        yf_writer_printf(w, "%s\n\n", yf_sweep_note(s));
    yf_writer_printf(w, "batch %lld, %s, channels %lld\n\n| input | stride |", (long long)m->batch,
                     yf_precision_text(m, prec), (long long)m->input.c);
    for (int c = 0; c < nc; c++)
        yf_writer_printf(w, " %s |", yf_figure_get(cols[c])->column);
    yf_writer_puts(w, "\n|---|---|");
    for (int c = 0; c < nc; c++)
        yf_writer_puts(w, "---:|");
    yf_writer_puts(w, "\n");
    for (int k = 0; k < n; k++) {
        yf_sweep_row r;
        int st = yf_sweep_at(s, k, &r);
        yf_writer_printf(w, "| %lldx%lld | ", (long long)sizes[k].w, (long long)sizes[k].h);
        if (st || r.status) {
            yf_writer_puts(w, "error: ");
            cell(w, st ? "out of memory" : r.error);
            yf_writer_puts(w, " |");
            for (int c = 1; c < nc; c++)
                yf_writer_puts(w, " |");
            yf_writer_puts(w, "\n");
            continue;
        }
        yf_writer_puts(w, r.stride_ok ? "ok |" : "no |");
        for (int c = 0; c < nc; c++)
            yf_writer_printf(w, " %s |", yf_fmt_value(v, yf_figure_get(cols[c]),
                                                      yf_figure_value(&r.profile, cols[c], -1), 1));
        yf_writer_puts(w, "\n");
    }
    yf_writer_puts(w, "\n");
    yf_sweep_exponents(w, doc->ro, s, cols, nc);
}

const yf_renderer yf_renderer_md = {
    .name = "md",
    .profile = profile,
    .diff = diff,
    .weights = weights,
    .sweep = sweep,
    .devices = yf_md_devices,
    .calibration = yf_md_calibration,
};
