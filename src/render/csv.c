/* CSV (RFC 4180): a header row, one row per layer and one "total" row per
 * cfg; the per-layer figure columns are every per-layer figure unless
 * --columns chooses. Every text field goes through yf_csv_field() (fmt.c), which quotes
 * and escapes; numbers are exact (integers as integer text). Also a diff
 * and a .weights check (columns in docs/usage.md). */
#include "render.h"

#include <stdio.h>
#include <string.h>

enum { MAX_COLS = 64 };

static int figure_columns(const yf_profile *p, const yf_render_opts *ro, yf_figure *cols)
{
    if (ro->columns || ro->wide) {
        return yf_profile_columns(p, ro, NULL, cols, MAX_COLS);
    }
    yf_render_opts all = *ro;
    all.wide = 1;
    return yf_profile_columns(p, &all, NULL, cols, MAX_COLS);
}

/* The training analysis's totals that have no per-layer value (per
 * iteration, per run, Darknet GPU and PyTorch memory): columns after the
 * others, empty on layer rows. */
static int training_totals(const yf_profile *p, yf_figure *out)
{
    int k = 0;
    for (yf_figure f = 0; p->training && f < yf_figure_count() && k < MAX_COLS; f++) {
        unsigned fl = yf_figure_get(f)->flags;
        if ((fl & YF_FIG_TRAINING) && (fl & YF_FIG_TOTAL) && !(fl & YF_FIG_LAYER) &&
            yf_figure_present(p, f))
            out[k++] = f;
    }
    return k;
}

static void training_cells(yf_writer *w, const yf_profile *p, int total)
{
    yf_figure extra[MAX_COLS];
    int n = training_totals(p, extra);
    char v[48];
    for (int c = 0; c < n; c++)
        yf_writer_printf(w, ",%s", total ? yf_fmt_exact(v, yf_figure_get(extra[c]),
                                                        yf_figure_value(p, extra[c], -1))
                                         : "");
}

static void total_row(yf_writer *w, const yf_profile *p, const yf_figure *cols, int n)
{
    const yf_model *m = p->model;
    char v[48];
    yf_csv_field(w, m->name);
    yf_writer_printf(w, ",,total,,%lld,%lld,%lld,,,", (long long)m->input.w, (long long)m->input.h,
                     (long long)m->input.c);
    for (int c = 0; c < n; c++)
        yf_writer_printf(w, ",%s", yf_fmt_exact(v, yf_figure_get(cols[c]),
                                                yf_figure_value(p, cols[c], -1)));
    if (p->latency)
        yf_csv_latency_cells(w, p, -1);
    training_cells(w, p, 1);
    yf_writer_puts(w, "\n");
}

static void profile(const yf_document *doc, const yf_profile *p)
{
    yf_writer *w = doc->w;
    const yf_render_opts *ro = doc->ro;
    int index = doc->index;
    yf_figure cols[MAX_COLS];
    int n = figure_columns(p, ro, cols);
    const yf_model *m = p->model;
    char v[48];
    if (p->by && !ro->summary) {
        yf_csv_groups(w, ro, p, index == 0);
        return;
    }
    if (index == 0) {
        yf_writer_puts(w, "cfg,index,type,description,in_w,in_h,in_c,out_w,out_h,out_c");
        for (int c = 0; c < n; c++)
            yf_writer_printf(w, ",%s", yf_figure_get(cols[c])->name);
        if (p->latency)
            yf_csv_latency_header(w);
        yf_figure extra[MAX_COLS];
        int ne = training_totals(p, extra);
        for (int c = 0; c < ne; c++)
            yf_writer_printf(w, ",%s", yf_figure_get(extra[c])->name);
        yf_writer_puts(w, "\n");
    }
    for (int k = 0; !ro->summary && k < yf_row_count(p); k++) {
        int i = yf_row_at(p, k);
        const yf_layer *l = &m->layers[i];
        yf_csv_field(w, m->name);
        yf_writer_printf(w, ",%d,", l->index);
        yf_csv_field(w, l->type);
        yf_writer_puts(w, ",");
        yf_csv_field(w, l->desc);
        yf_writer_printf(w, ",%lld,%lld,%lld,%lld,%lld,%lld", (long long)l->in.w,
                         (long long)l->in.h, (long long)l->in.c, (long long)l->out.w,
                         (long long)l->out.h, (long long)l->out.c);
        for (int c = 0; c < n; c++)
            yf_writer_printf(w, ",%s", yf_fmt_exact(v, yf_figure_get(cols[c]),
                                                    yf_figure_value(p, cols[c], i)));
        if (p->latency)
            yf_csv_latency_cells(w, p, i);
        training_cells(w, p, 0);
        yf_writer_puts(w, "\n");
    }
    for (int k = 0; k < (p->n_devices > 1 ? p->n_devices : 1); k++) {
        yf_profile q = *p; /* one total row per device */
        q.latency = p->n_devices ? p->devices[k] : p->latency;
        total_row(w, &q, cols, n);
    }
}

/* ---- diff ---- */
static const char *const pair_names[] = {"same", "changed", "added", "removed"};

static void layer_cells(yf_writer *w, const yf_layer *la, const yf_layer *lb, int what)
{
    const yf_layer *ls[2] = {la, lb};
    for (int k = 0; k < 2; k++) {
        const yf_layer *l = ls[k];
        char t[64] = "";
        if (l && what == 0)
            yf_shape_text(t, sizeof(t), l->out);
        else if (l && what == 1)
            snprintf(t, sizeof(t), "%lld", (long long)l->params);
        else if (l && what == 2)
            snprintf(t, sizeof(t), "%.9f", l->bflops);
        else if (l)
            snprintf(t, sizeof(t), "%lld", (long long)l->macs);
        yf_writer_printf(w, ",%s", t);
    }
}

static void diff(const yf_document *doc, const yf_diff *d)
{
    yf_writer *w = doc->w;
    const yf_render_opts *ro = doc->ro;
    int index = doc->index;
    char x[48], y[48];
    /* With a device, what its figures are of, on their rows, as the layer CSV says */
    const yf_latency *la = d->a->latency, *lb = d->b->latency, *lat = la ? la : lb;
    if (index == 0) {
        yf_writer_puts(w, "status,a_index,b_index,type,a_out,b_out,a_params,b_params,a_bflops,"
                          "b_bflops,a_macs,b_macs");
        if (lat)
            yf_csv_estimate_header(w);
        yf_writer_puts(w, "\n");
    }
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        const yf_figure_info *fi = yf_figure_get(f);
        if (!(fi->flags & YF_FIG_TOTAL) || !yf_diff_present(d, f))
            continue;
        yf_writer_printf(w, "total,,,%s,,,%s,%s,,,,", fi->name,
                         yf_fmt_exact(x, fi, yf_figure_value(d->a, f, -1)),
                         yf_fmt_exact(y, fi, yf_figure_value(d->b, f, -1)));
        if (lat && (fi->flags & YF_FIG_DEVICE))
            yf_csv_estimate_cells(w, la, lb);
        else if (lat)
            yf_writer_puts(w, ",,,,,");
        yf_writer_puts(w, "\n");
    }
    for (int i = 0; !ro->summary && i < d->n_pairs; i++) {
        const yf_pair *p = &d->pairs[i];
        const yf_layer *pa = p->a >= 0 ? &d->a->model->layers[p->a] : NULL;
        const yf_layer *pb = p->b >= 0 ? &d->b->model->layers[p->b] : NULL;
        yf_writer_printf(w, "%s,", pair_names[p->kind]);
        if (pa)
            yf_writer_printf(w, "%d", p->a);
        yf_writer_puts(w, ",");
        if (pb)
            yf_writer_printf(w, "%d", p->b);
        yf_writer_printf(w, ",%s", pa ? pa->type : pb->type);
        for (int what = 0; what < 4; what++)
            layer_cells(w, pa, pb, what);
        yf_writer_puts(w, lat ? ",,,,,\n" : "\n");
    }
}

static void weights(const yf_document *doc, const yf_model *m, const char *path,
                    const yf_weights_report *r)
{
    yf_writer *w = doc->w;
    int index = doc->index;
    static const char *const status[] = {"match", "short", "long", "partial"};
    if (index == 0)
        yf_writer_puts(w, "cfg,weights,status,expected_floats,file_floats,major,minor,revision,"
                          "seen,runs_out_layer,hint_classes,partial_layers\n");
    yf_csv_field(w, m->name);
    yf_writer_puts(w, ",");
    yf_csv_field(w, path);
    yf_writer_printf(w, ",%s,%lld,%lld,%d,%d,%d,%llu,", status[r->status],
                     (long long)r->expected_floats, (long long)r->file_floats, r->major, r->minor,
                     r->revision, (unsigned long long)r->seen);
    if (r->runs_out_layer >= 0)
        yf_writer_printf(w, "%d", r->runs_out_layer);
    yf_writer_puts(w, ",");
    if (r->hint_classes > 0)
        yf_writer_printf(w, "%lld", (long long)r->hint_classes);
    /* last, so readers of the older columns by position keep working */
    yf_writer_puts(w, ",");
    if (r->status == YF_WEIGHTS_PARTIAL)
        yf_writer_printf(w, "%d", r->partial_layers);
    yf_writer_puts(w, "\n");
}

/* ---- size sweep: one row per size, every total ---- */
static void sweep(const yf_document *doc, yf_sweep *s, const yf_size *sizes, int n)
{
    yf_writer *w = doc->w;
    yf_figure cols[MAX_COLS];
    int nc = yf_sweep_columns(doc->ro, s, 1, cols, MAX_COLS);
    char v[48];
    const yf_model *m = yf_sweep_model(s);
    if (doc->index == 0) {
        yf_writer_puts(w, "cfg,input_w,input_h,channels,batch,stride_ok,darknet_builds");
        for (int c = 0; c < nc; c++)
            yf_writer_printf(w, ",%s", yf_figure_get(cols[c])->name);
        yf_writer_puts(w, *yf_sweep_note(s) ? ",error,estimate\n" : ",error\n");
    }
    for (int k = 0; k < n; k++) {
        yf_sweep_row r;
        int st = yf_sweep_at(s, k, &r);
        yf_csv_field(w, m->name);
        yf_writer_printf(w, ",%lld,%lld,%lld,%lld,", (long long)sizes[k].w, (long long)sizes[k].h,
                         (long long)m->input.c, (long long)m->batch);
        if (st || r.status) {
            for (int c = 0; c < nc; c++)
                yf_writer_puts(w, ",");
            yf_writer_puts(w, ",,");
            yf_csv_field(w, st ? "out of memory" : r.error);
            if (*yf_sweep_note(s))
                yf_writer_puts(w, ",");
            yf_writer_puts(w, "\n");
            continue;
        }
        yf_writer_puts(w, r.stride_ok ? "1," : "0,");
        yf_writer_puts(w, r.darknet_builds ? "1" : "0");
        for (int c = 0; c < nc; c++) {
            yf_value x = yf_figure_value(&r.profile, cols[c], -1);
            yf_writer_put(w, ",", 1);
            if (x.kind == YF_INT)
                yf_writer_int(w, x.i);
            else
                yf_writer_puts(w, yf_fmt_exact(v, yf_figure_get(cols[c]), x));
        }
        yf_writer_puts(w, ",");
        if (*yf_sweep_note(s))
            yf_writer_put(w, ",", 1), yf_csv_field(w, yf_sweep_note(s));
        yf_writer_puts(w, "\n");
    }
}

const yf_renderer yf_renderer_csv = {
    .name = "csv",
    .profile = profile,
    .diff = diff,
    .weights = weights,
    .sweep = sweep,
    .devices = yf_csv_devices,
    .calibration = yf_csv_calibration,
};
