/* JSON for CI (docs/json.md), written as it is produced: one cfg gives an
 * object, several an array; JSON Lines (jsonl) gives one object per line.
 * Layer objects and totals carry every figure of the registry, and
 * "conventions" names each one's convention. */
#include "render.h"

#include <stdio.h>
#include <string.h>

static void shape(yf_json *j, const char *key, yf_shape s)
{
    yf_json_object(j, key);
    yf_json_int(j, "width", s.w);
    yf_json_int(j, "height", s.h);
    yf_json_int(j, "channels", s.c);
    yf_json_close(j);
}

static void head(yf_json *j, const yf_head *h)
{
    yf_json_object(j, "head");
    yf_json_int(j, "grid_width", h->grid_w);
    yf_json_int(j, "grid_height", h->grid_h);
    yf_json_int(j, "anchors_per_cell", h->n_anchors);
    yf_json_int(j, "classes", h->classes);
    yf_json_int(j, "boxes", h->n_boxes);
    yf_json_array(j, "anchors");
    for (int64_t i = 0; h->anchors && i < h->n_anchors; i++) {
        yf_json_array(j, NULL);
        yf_json_real(j, NULL, h->anchors[2 * i]);
        yf_json_real(j, NULL, h->anchors[2 * i + 1]);
        yf_json_close(j);
    }
    yf_json_close(j);
    yf_json_close(j);
}

static void figures(yf_json *j, const yf_profile *p, int i, unsigned flag)
{
    for (yf_figure f = 0; f < yf_figure_count(); f++)
        if ((yf_figure_get(f)->flags & flag) && yf_figure_present(p, f))
            yf_json_value(j, yf_figure_get(f)->name, yf_figure_value(p, f, i));
}

/* Per-layer figures: every one, or those --columns chose. */
static void layer_figures(yf_json *j, const yf_render_opts *ro, const yf_profile *p, int i)
{
    if (!ro->columns) {
        figures(j, p, i, YF_FIG_LAYER);
        return;
    }
    for (int c = 0; c < ro->n_columns; c++)
        yf_json_value(j, yf_figure_get(ro->columns[c])->name,
                      yf_figure_value(p, ro->columns[c], i));
}

static void layer(yf_json *j, const yf_render_opts *ro, const yf_profile *p, int i)
{
    const yf_layer *l = &p->model->layers[i];
    yf_json_object(j, NULL);
    yf_json_int(j, "index", l->index);
    yf_json_str(j, "type", l->type);
    yf_json_int(j, "line", l->line);
    yf_json_str(j, "description", l->desc);
    shape(j, "input", l->in);
    shape(j, "output", l->out);
    yf_json_array(j, "sources");
    for (int s = 0; s < l->n_sources; s++)
        yf_json_int(j, NULL, l->sources[s]);
    yf_json_close(j);
    yf_json_int(j, "inputs", l->inputs);
    yf_json_int(j, "outputs", l->outputs);
    layer_figures(j, ro, p, i);
    if (p->latency)
        yf_json_layer_latency(j, ro, p, i);
    if (l->flags & YF_LAYER_HEAD)
        head(j, &l->head);
    yf_json_close(j);
}

static void checks(yf_json *j, const yf_check *c, int n)
{
    yf_json_array(j, "checks");
    for (int i = 0; i < n; i++) {
        yf_json_object(j, NULL);
        yf_json_str(j, "figure", yf_figure_get(c[i].limit.figure)->name);
        yf_json_str(j, "kind", c[i].limit.increase  ? "max_increase"
                               : c[i].limit.minimum ? "min"
                                                    : "max");
        yf_json_str(j, "origin", c[i].limit.origin);
        yf_json_real(j, "limit", c[i].limit.value);
        yf_json_bool(j, "percent", c[i].limit.percent);
        yf_json_real(j, "allowed", c[i].allowed);
        yf_json_real(j, "value", c[i].measured);
        if (c[i].limit.increase) {
            yf_json_real(j, "before", c[i].before);
            yf_json_real(j, "after", c[i].after);
        }
        yf_json_real(j, "excess", c[i].ok              ? 0.0
                                  : c[i].limit.minimum ? c[i].allowed - c[i].measured
                                                       : c[i].measured - c[i].allowed);
        yf_json_bool(j, "ok", c[i].ok);
        yf_json_close(j);
    }
    yf_json_close(j);
}

static void warnings(yf_json *j, const yf_model *m)
{
    yf_json_array(j, "warnings");
    for (int i = 0; i < m->n_warnings; i++) {
        yf_json_object(j, NULL);
        yf_json_int(j, "line", m->warnings[i].line);
        yf_json_str(j, "message", m->warnings[i].message);
        yf_json_close(j);
    }
    yf_json_close(j);
}

static void input(yf_json *j, const yf_model *m)
{
    yf_json_object(j, "input");
    yf_json_int(j, "width", m->input.w);
    yf_json_int(j, "height", m->input.h);
    yf_json_int(j, "channels", m->input.c);
    yf_json_int(j, "batch", m->batch);
    yf_json_close(j);
}

/* Each figure's convention, and with a batch above 1 whether it counts the
 * batch or one image. */
static void conventions(yf_json *j, const yf_profile *p)
{
    int64_t batch = p->model->batch;
    yf_json_object(j, "conventions");
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        const yf_figure_info *fi = yf_figure_get(f);
        if (!yf_figure_present(p, f))
            continue;
        char text[400], per[48];
        snprintf(text, sizeof(text), "%s%s", fi->convention, yf_batch_note(per, fi, batch));
        yf_json_str(j, fi->name, text);
    }
    yf_json_close(j);
}

/* JSON Lines writes the same objects as JSON, one per line. */
static int compact(const yf_document *doc)
{
    return doc->renderer->lines;
}

/* An item of a document: an element of the array when there are several. */
static void item_start(yf_json *j, const yf_document *doc)
{
    yf_json_init(j, doc->w, compact(doc), 0);
    if (!compact(doc) && doc->n != 1) {
        j->depth = 1;
        j->open[0] = '[';
        j->count[0] = doc->index;
    }
}

static void item_end(const yf_document *doc)
{
    if (compact(doc))
        yf_writer_puts(doc->w, "\n");
}

static void profile(const yf_document *doc, const yf_profile *p)
{
    const yf_render_opts *ro = doc->ro;
    yf_json j;
    const yf_model *m = p->model;
    item_start(&j, doc);
    yf_json_object(&j, NULL);
    yf_json_int(&j, "schema", 1);
    yf_json_str(&j, "cfg", m->name);
    input(&j, m);
    yf_json_str(&j, "precision", yf_precision_name(m->bytes_per_element));
    yf_json_str(&j, "ptflops_backend", yf_ptflops_backend_name(p->ptflops_backend));
    conventions(&j, p);
    yf_json_array(&j, "layers");
    for (int k = 0; !ro->summary && k < yf_row_count(p); k++)
        layer(&j, ro, p, yf_row_at(p, k));
    yf_json_close(&j);
    yf_json_object(&j, "totals");
    figures(&j, p, -1, YF_FIG_TOTAL);
    yf_json_close(&j);
    if (p->latency)
        yf_json_latency(&j, ro, p);
    if (p->by)
        yf_json_groups(&j, p);
    warnings(&j, m);
    checks(&j, p->checks, p->n_checks);
    yf_json_close(&j);
    item_end(doc);
}

static void failure(const yf_document *doc, const yf_error *e)
{
    yf_json j;
    item_start(&j, doc);
    yf_json_object(&j, NULL);
    yf_json_int(&j, "schema", 1);
    yf_json_str(&j, "cfg", e->file);
    yf_json_object(&j, "error");
    yf_json_str(&j, "file", e->file);
    if (e->line > 0)
        yf_json_int(&j, "line", e->line);
    else
        yf_json_null(&j, "line");
    if (e->layer >= 0)
        yf_json_int(&j, "layer", e->layer);
    else
        yf_json_null(&j, "layer");
    yf_json_str(&j, "section", e->section);
    yf_json_str(&j, "kind", yf_status_name(e->code));
    yf_json_str(&j, "message", e->message);
    yf_json_close(&j);
    yf_json_close(&j);
    item_end(doc);
}

/* ---- diff ---- */
static const char *const pair_names[] = {"same", "changed", "added", "removed"};

static void side(yf_json *j, const char *key, const yf_model *m)
{
    yf_json_object(j, key);
    yf_json_str(j, "cfg", m->name);
    input(j, m);
    yf_json_int(j, "layers", m->n_layers);
    warnings(j, m);
    yf_json_close(j);
}

static void diff_totals(yf_json *j, const yf_diff *d)
{
    yf_json_object(j, "totals");
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        const yf_figure_info *fi = yf_figure_get(f);
        if (!(fi->flags & YF_FIG_TOTAL) || !yf_diff_present(d, f))
            continue;
        yf_value u = yf_figure_value(d->a, f, -1), v = yf_figure_value(d->b, f, -1);
        double x = yf_value_real(u), y = yf_value_real(v);
        yf_json_object(j, fi->name);
        yf_json_value(j, "before", u);
        yf_json_value(j, "after", v);
        if (u.kind == YF_INT && v.kind == YF_INT)
            yf_json_int(j, "change", v.i - u.i);
        else
            yf_json_real(j, "change", y - x);
        if (x != 0)
            yf_json_real(j, "percent", 100.0 * (y - x) / x);
        else
            yf_json_null(j, "percent");
        yf_json_close(j);
    }
    yf_json_close(j);
}

static void diff(const yf_document *doc, const yf_diff *d)
{
    const yf_render_opts *ro = doc->ro;
    yf_json j;
    item_start(&j, doc);
    yf_json_object(&j, NULL);
    yf_json_int(&j, "schema", 1);
    side(&j, "a", d->a->model);
    side(&j, "b", d->b->model);
    diff_totals(&j, d);
    yf_json_str(&j, "paired_by", d->by_index ? "index" : "lcs");
    yf_json_object(&j, "counts");
    yf_json_int(&j, "same", d->n_same);
    yf_json_int(&j, "changed", d->n_changed);
    yf_json_int(&j, "added", d->n_added);
    yf_json_int(&j, "removed", d->n_removed);
    yf_json_close(&j);
    yf_json_array(&j, "layers");
    for (int i = 0; !ro->summary && i < d->n_pairs; i++) {
        const yf_pair *p = &d->pairs[i];
        const yf_layer *la = p->a >= 0 ? &d->a->model->layers[p->a] : NULL;
        const yf_layer *lb = p->b >= 0 ? &d->b->model->layers[p->b] : NULL;
        yf_json_object(&j, NULL);
        yf_json_str(&j, "status", pair_names[p->kind]);
        yf_json_str(&j, "type", la ? la->type : lb->type);
        if (la)
            layer(&j, ro, d->a, p->a);
        else
            yf_json_null(&j, NULL);
        if (lb)
            layer(&j, ro, d->b, p->b);
        else
            yf_json_null(&j, NULL);
        yf_json_close(&j);
    }
    yf_json_close(&j);
    checks(&j, d->checks, d->n_checks);
    yf_json_bool(&j, "differs", yf_diff_differs(d));
    yf_json_close(&j);
    item_end(doc);
}

/* ---- .weights check ---- */
static void weights(const yf_document *doc, const yf_model *m, const char *path,
                    const yf_weights_report *r)
{
    static const char *const status[] = {"match", "short", "long", "partial"};
    yf_json j;
    item_start(&j, doc);
    yf_json_object(&j, NULL);
    yf_json_int(&j, "schema", 1);
    yf_json_str(&j, "cfg", m->name);
    yf_json_str(&j, "weights", path);
    yf_json_object(&j, "header");
    yf_json_int(&j, "major", r->major);
    yf_json_int(&j, "minor", r->minor);
    yf_json_int(&j, "revision", r->revision);
    yf_json_uint(&j, "seen", r->seen);
    yf_json_int(&j, "bytes", r->header_bytes);
    yf_json_bool(&j, "transposed", r->transposed);
    yf_json_bool(&j, "looks_like_text", r->looks_like_text);
    yf_json_close(&j);
    yf_json_int(&j, "file_bytes", r->file_bytes);
    yf_json_int(&j, "file_floats", r->file_floats);
    yf_json_int(&j, "trailing_bytes", r->trailing_bytes);
    yf_json_int(&j, "expected_floats", r->expected_floats);
    yf_json_str(&j, "status", status[r->status]);
    yf_json_int(&j, "missing_floats",
                r->status == YF_WEIGHTS_SHORT ? r->expected_floats - r->file_floats : 0);
    yf_json_int(&j, "extra_floats",
                r->status == YF_WEIGHTS_LONG ? r->file_floats - r->expected_floats : 0);
    if (r->runs_out_layer >= 0) {
        yf_json_int(&j, "runs_out_in_layer", r->runs_out_layer);
        yf_json_int(&j, "runs_out_after_floats", r->runs_out_floats);
    } else {
        yf_json_null(&j, "runs_out_in_layer");
        yf_json_null(&j, "runs_out_after_floats");
    }
    if (r->status == YF_WEIGHTS_PARTIAL)
        yf_json_int(&j, "partial_layers", r->partial_layers);
    else
        yf_json_null(&j, "partial_layers");
    if (r->hint_classes > 0)
        yf_json_int(&j, "hint_classes", r->hint_classes);
    else
        yf_json_null(&j, "hint_classes");
    yf_json_close(&j);
    item_end(doc);
}

static void begin(const yf_document *doc)
{
    if (doc->n != 1)
        yf_writer_puts(doc->w, "[");
}

static void end(const yf_document *doc)
{
    yf_writer_puts(doc->w, doc->n != 1 ? "]\n" : "\n");
}

const yf_renderer yf_renderer_json = {
    .name = "json",
    .begin = begin,
    .profile = profile,
    .failure = failure,
    .diff = diff,
    .weights = weights,
    .devices = yf_json_devices,
    .calibration = yf_json_calibration,
    .end = end,
};

/* JSON Lines: the same objects, one per line, no enclosing array. */
const yf_renderer yf_renderer_jsonl = {
    .name = "jsonl",
    .lines = 1,
    .profile = profile,
    .failure = failure,
    .diff = diff,
    .weights = weights,
    .devices = yf_json_devices,
    .calibration = yf_json_calibration,
};
