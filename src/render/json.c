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

/* Every figure with `flag`; training figures only with a training analysis. */
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

/* key: NULL in an array, "before"/"after" in a diff's pair */
static void layer(yf_json *j, const char *key, const yf_render_opts *ro, const yf_profile *p,
                  int i)
{
    const yf_layer *l = &p->model->layers[i];
    yf_json_object(j, key);
    yf_json_int(j, "index", l->index);
    yf_json_str(j, "type", l->type);
    yf_json_int(j, "line", l->line);
    yf_json_str(j, "description", l->desc);
    yf_json_int(j, "changed", l->changed);
    yf_json_int(j, "weight_bits", l->weight_bits);
    yf_json_int(j, "activation_bits", l->activation_bits);
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
        yf_json_str(j, "severity", yf_warning_severity(&m->warnings[i]));
        yf_json_str(j, "message", m->warnings[i].message);
        if (m->warnings[i].origin)
            yf_json_str(j, "edit", m->warnings[i].origin);
        else
            yf_json_null(j, "edit");
        yf_json_close(j);
    }
    yf_json_close(j);
}

static void str_or_null(yf_json *j, const char *key, const char *s)
{
    if (s)
        yf_json_str(j, key, s);
    else
        yf_json_null(j, key);
}

/* The weights' and activations' precisions and the quantization scheme. */
static void precisions(yf_json *j, const yf_model *m)
{
    yf_json_str(j, "weights_precision", yf_precision_label(m->weights_precision));
    yf_json_str(j, "activations_precision", yf_precision_label(m->activations_precision));
    yf_json_object(j, "quantization");
    yf_json_str(j, "scales", m->quant_per_tensor ? "per-tensor" : "per-channel");
    yf_json_bool(j, "zero_point", m->quant_asymmetric);
    yf_json_array(j, "keep_fp16");
    if (m->keep_fp16 & YF_KEEP_FIRST)
        yf_json_str(j, NULL, "first");
    if (m->keep_fp16 & YF_KEEP_HEADS)
        yf_json_str(j, NULL, "heads");
    yf_json_close(j);
    yf_json_close(j);
}

/* The keys what-if edits changed. */
static void changes(yf_json *j, const yf_model *m)
{
    yf_json_array(j, "changes");
    for (int i = 0; i < m->n_changes; i++) {
        const yf_change *c = &m->changes[i];
        yf_json_object(j, NULL);
        if (c->layer >= 0)
            yf_json_int(j, "layer", c->layer);
        else
            yf_json_null(j, "layer");
        yf_json_str(j, "section", c->section);
        yf_json_str(j, "key", c->key);
        if (c->line > 0)
            yf_json_int(j, "line", c->line);
        else
            yf_json_null(j, "line");
        str_or_null(j, "before", c->before);
        yf_json_str(j, "after", c->after);
        yf_json_str(j, "edit", c->origin);
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

/* ---- training (docs/json.md, docs/training.md) ---- */
static const char *const train_conventions[][2] = {
    {"flops", "2 FLOPs per MAC; per image forward + backward, backward = gradient w.r.t. the "
              "weights + gradient w.r.t. the input (2x forward for conv/connected; no input "
              "gradient for layer 0 or after a layer without a delta; no backward at or before "
              "the last stopbackward=1); BatchNorm 7 forward and 10 backward FLOPs per element; "
              "activations 1 FLOP per operation of Darknet's kernels; maxpool size^2 comparisons "
              "per output forward, 1 backward; shortcut 1 add per source per element; route, "
              "reorg, crop 0; losses 0; the update 5 (SGD) or 13 (Adam) FLOPs per trained weight "
              "per iteration"},
    {"darknet_cpu", "exact: bytes AlexeyAB Darknet's CPU build (59596d78) allocates in "
                    "parse_network_cfg at the training size and mini-batch; data_loader_bytes "
                    "(detector train's image buffers) is an estimate, added for fits"},
    {"darknet_gpu", "estimate: device bytes of Darknet's GPU build (GPU=1 CUDNN=1) from the "
                    "source, exact as requested, plus estimates of the cuDNN workspace (default: "
                    "the largest im2col buffer, or --workspace), the CUDA context and cudaMalloc's "
                    "512-byte rounding"},
    {"pytorch", "estimate: the peak one PyTorch training step reaches (weights, BN buffers, "
                "input batch, gradients, optimizer state, activations saved for backward, "
                "backward transients) for the cfg run as an ultralytics create_modules model at "
                "the cfg size; allocator caching and CUDA context not included"},
};

static void train_mem(yf_json *j, const char *key, const yf_train_mem *m, int exact,
                      int64_t limit)
{
    yf_json_object(j, key);
    yf_json_bool(j, "exact", exact);
    yf_json_int(j, "memory_bytes", m->memory_bytes);
    yf_json_object(j, "breakdown");
    for (int k = 0; k < YF_MEM_COUNT; k++)
        if (m->breakdown[k])
            yf_json_int(j, yf_mem_name(k), m->breakdown[k]);
    yf_json_close(j);
    if (limit) {
        yf_json_bool(j, "fits", m->fits);
        yf_json_int(j, "compared_bytes", m->compared_bytes);
        yf_json_int(j, "largest_mini_batch", m->largest_mini_batch);
        if (m->smallest_subdivisions > 0)
            yf_json_int(j, "smallest_subdivisions", m->smallest_subdivisions);
        else
            yf_json_null(j, "smallest_subdivisions");
    }
}

static void train_random(yf_json *j, const yf_training *t)
{
    if (t->random == 0) {
        yf_json_null(j, "random");
        return;
    }
    yf_json_object(j, "random");
    yf_json_int(j, "layer", t->random_layer);
    yf_json_real(j, "value", t->random);
    yf_json_real(j, "coef", t->random_coef);
    yf_json_real(j, "resize_step", t->resize_step);
    yf_json_close(j);
}

static void training(yf_json *j, const yf_training *t)
{
    yf_json_object(j, "training");
    yf_json_int(j, "flops_per_image", t->flops_per_image);
    yf_json_int(j, "forward_flops_per_image", t->forward_flops);
    yf_json_int(j, "backward_flops_per_image", t->backward_flops);
    yf_json_int(j, "flops_per_iteration", t->flops_per_iteration);
    yf_json_int(j, "update_flops_per_iteration", t->update_flops);
    yf_json_int(j, "iterations", t->iterations);
    yf_json_str(j, "iterations_from", t->iterations_from_cfg ? "max_batches" : "--iterations");
    yf_json_real(j, "total_flops", t->total_flops);
    yf_json_int(j, "batch", t->batch);
    yf_json_int(j, "subdivisions", t->subdivisions);
    yf_json_int(j, "mini_batch", t->mini_batch);
    yf_json_int(j, "time_steps", t->time_steps);
    yf_json_int(j, "images_per_iteration", t->images_per_iteration);
    yf_json_int(j, "width", t->width);
    yf_json_int(j, "height", t->height);
    yf_json_int(j, "train_width", t->train_width);
    yf_json_int(j, "train_height", t->train_height);
    train_random(j, t);
    yf_json_str(j, "optimizer", yf_optimizer_name(t->optimizer));
    yf_json_bool(j, "amp", t->amp);
    if (t->memory_limit)
        yf_json_int(j, "memory_limit", t->memory_limit);
    else
        yf_json_null(j, "memory_limit");
    if (*t->memory_from)
        yf_json_str(j, "memory_from", t->memory_from);
    else
        yf_json_null(j, "memory_from");
    train_mem(j, "darknet_cpu", &t->darknet_cpu, 1, t->memory_limit);
    yf_json_int(j, "data_loader_bytes", t->data_loader_bytes);
    yf_json_bool(j, "sigfpe", t->sigfpe);
    yf_json_close(j);
    train_mem(j, "darknet_gpu", &t->darknet_gpu, 0, t->memory_limit);
    yf_json_int(j, "exact_device_bytes", t->darknet_gpu_exact_bytes);
    yf_json_int(j, "cudnn_workspace_bytes", t->cudnn_workspace_bytes);
    yf_json_bool(j, "workspace_estimated", t->workspace_estimated);
    yf_json_int(j, "context_bytes", t->darknet_gpu.breakdown[YF_MEM_CONTEXT]);
    yf_json_bool(j, "cudnn_half", t->cudnn_half);
    yf_json_int(j, "optimized_memory", t->optimized_memory);
    yf_json_int(j, "host_bytes", t->darknet_gpu_host_bytes);
    yf_json_int(j, "pinned_host_bytes", t->darknet_gpu_pinned_bytes);
    yf_json_int(j, "allocations", t->darknet_gpu_allocations);
    yf_json_close(j);
    train_mem(j, "pytorch", &t->pytorch, 0, t->memory_limit);
    yf_json_int(j, "width", t->width);
    yf_json_int(j, "height", t->height);
    yf_json_int(j, "mini_batch", t->mini_batch);
    yf_json_str(j, "optimizer", yf_optimizer_name(t->optimizer));
    yf_json_str(j, "precision", t->amp ? "amp" : "fp32");
    yf_json_close(j);
    if (t->iteration_ms > 0) {
        yf_json_object(j, "time");
        yf_json_bool(j, "exact", 0);
        yf_json_str(j, "device", t->time_device);
        yf_json_str(j, "runtime", t->time_runtime);
        yf_json_str(j, "precision", yf_precision_label(t->time_precision));
        yf_json_bool(j, "forward_calibrated", t->time_calibrated);
        yf_json_bool(j, "training_calibrated", 0);
        yf_json_real(j, "mini_batch_forward_ms", t->mini_batch_ms);
        yf_json_real(j, "flops_ratio", t->time_ratio);
        yf_json_real(j, "iteration_ms", t->iteration_ms);
        yf_json_real(j, "run_hours", t->run_hours);
        yf_json_close(j);
    } else {
        yf_json_null(j, "time");
    }
    yf_json_object(j, "conventions");
    for (size_t k = 0; k < sizeof(train_conventions) / sizeof(train_conventions[0]); k++)
        yf_json_str(j, train_conventions[k][0], train_conventions[k][1]);
    yf_json_close(j);
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
    yf_json_str(&j, "precision", yf_precision_label(m->activations_precision));
    precisions(&j, m);
    yf_json_str(&j, "ptflops_backend", yf_ptflops_backend_name(p->ptflops_backend));
    conventions(&j, p);
    changes(&j, m);
    yf_json_array(&j, "layers");
    for (int k = 0; !ro->summary && k < yf_row_count(p); k++)
        layer(&j, NULL, ro, p, yf_row_at(p, k));
    yf_json_close(&j);
    yf_json_object(&j, "totals");
    figures(&j, p, -1, YF_FIG_TOTAL);
    yf_json_close(&j);
    if (p->training)
        training(&j, p->training);
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
    if (e->origin[0])
        yf_json_str(&j, "edit", e->origin);
    else
        yf_json_null(&j, "edit");
    yf_json_str(&j, "kind", yf_status_name(e->code));
    yf_json_str(&j, "message", e->message);
    yf_json_close(&j);
    yf_json_close(&j);
    item_end(doc);
}

/* ---- diff ---- */
static const char *const pair_names[] = {"same", "changed", "added", "removed"};

static void side(yf_json *j, const char *key, const yf_profile *p)
{
    const yf_model *m = p->model;
    yf_json_object(j, key);
    yf_json_str(j, "cfg", m->name);
    input(j, m);
    yf_json_int(j, "layers", m->n_layers);
    warnings(j, m);
    yf_json_estimate(j, "estimate", p->latency); /* what its device figures are */
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
    side(&j, "a", d->a);
    side(&j, "b", d->b);
    char na[YF_NOTE_MAX], nb[YF_NOTE_MAX], both[2 * YF_NOTE_MAX + 32];
    int notes = yf_diff_notes(d, na, nb); /* the sweep's "estimate", said once */
    snprintf(both, sizeof(both), "before: %s; after: %s", na, nb);
    if (notes)
        yf_json_str(&j, "estimate", notes == 1 ? na : both);
    else
        yf_json_null(&j, "estimate");
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
            layer(&j, "before", ro, d->a, p->a);
        else
            yf_json_null(&j, "before");
        if (lb)
            layer(&j, "after", ro, d->b, p->b);
        else
            yf_json_null(&j, "after");
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

/* ---- size sweep ---- */
static void sweep_input(yf_json *j, const yf_model *m, const yf_size *z)
{
    yf_json_object(j, "input");
    yf_json_int(j, "width", z->w);
    yf_json_int(j, "height", z->h);
    yf_json_int(j, "channels", m->input.c);
    yf_json_int(j, "batch", m->batch);
    yf_json_close(j);
}

/* One size: its totals, or its error. */
static void sweep_row(yf_json *j, const yf_model *m, const yf_size *z, const yf_sweep_row *r,
                      int st, const yf_figure *cols, int nc)
{
    sweep_input(j, m, z);
    int ok = !st && !r->status;
    yf_json_bool(j, "stride_ok", ok && r->stride_ok);
    yf_json_bool(j, "darknet_builds", ok && r->darknet_builds);
    yf_json_bool(j, "built", ok && r->built);
    if (ok)
        yf_json_null(j, "error");
    else
        yf_json_str(j, "error", st ? "out of memory" : r->error);
    yf_json_array(j, "warnings");
    for (int i = 0; ok && i < r->n_warnings; i++)
        yf_json_str(j, NULL, r->warnings[i]);
    yf_json_close(j);
    if (!ok) {
        yf_json_null(j, "totals");
        return;
    }
    yf_json_object(j, "totals");
    for (int c = 0; c < nc; c++)
        yf_json_value(j, yf_figure_get(cols[c])->name, yf_figure_value(&r->profile, cols[c], -1));
    yf_json_close(j);
    checks(j, r->checks, r->n_checks);
}

static void sweep(const yf_document *doc, yf_sweep *s, const yf_size *sizes, int n)
{
    yf_figure cols[64];
    int nc = yf_sweep_columns(doc->ro, s, 1, cols, 64);
    const yf_model *m = yf_sweep_model(s);
    yf_json j;
    if (compact(doc)) { /* JSON Lines: one object per size */
        for (int k = 0; k < n; k++) {
            yf_sweep_row r;
            int st = yf_sweep_at(s, k, &r);
            yf_json_init(&j, doc->w, 1, 0);
            yf_json_object(&j, NULL);
            yf_json_int(&j, "schema", 1);
            yf_json_str(&j, "cfg", m->name);
            if (*yf_sweep_note(s))
                yf_json_str(&j, "estimate", yf_sweep_note(s));
            sweep_row(&j, m, &sizes[k], &r, st, cols, nc);
            yf_json_close(&j);
            yf_writer_puts(doc->w, "\n");
        }
        return;
    }
    item_start(&j, doc);
    yf_json_object(&j, NULL);
    yf_json_int(&j, "schema", 1);
    yf_json_str(&j, "cfg", m->name);
    yf_json_str(&j, "precision", yf_precision_label(m->activations_precision));
    precisions(&j, m);
    yf_sweep_stats st;
    yf_sweep_get_stats(s, &st);
    yf_json_str(&j, "ptflops_backend", yf_ptflops_backend_name(st.ptflops_backend));
    yf_profile sp = {.model = m, .ptflops_backend = st.ptflops_backend};
    conventions(&j, &sp);
    changes(&j, m);
    yf_json_object(&j, "sweep");
    if (*yf_sweep_note(s))
        yf_json_str(&j, "estimate", yf_sweep_note(s));
    else
        yf_json_null(&j, "estimate");
    yf_json_array(&j, "rows");
    for (int k = 0; k < n; k++) {
        yf_sweep_row r;
        int status = yf_sweep_at(s, k, &r);
        yf_json_object(&j, NULL);
        sweep_row(&j, m, &sizes[k], &r, status, cols, nc);
        yf_json_close(&j);
    }
    yf_json_close(&j);
    yf_json_object(&j, "exponents");
    for (int c = 0; c < nc; c++) {
        double e;
        if (yf_sweep_exponent(s, cols[c], &e))
            yf_json_real(&j, yf_figure_get(cols[c])->name, e);
        else
            yf_json_null(&j, yf_figure_get(cols[c])->name);
    }
    yf_json_close(&j);
    yf_sweep_get_stats(s, &st);
    yf_json_object(&j, "method");
    yf_json_int(&j, "period_width", st.period_w);
    yf_json_int(&j, "period_height", st.period_h);
    yf_json_int(&j, "closed_form", st.fitted);
    yf_json_int(&j, "built", st.built);
    yf_json_int(&j, "failed", st.failed);
    yf_json_close(&j);
    yf_json_close(&j);
    warnings(&j, m);
    yf_json_close(&j);
}

const yf_renderer yf_renderer_json = {
    .name = "json",
    .begin = begin,
    .profile = profile,
    .failure = failure,
    .diff = diff,
    .weights = weights,
    .sweep = sweep,
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
    .sweep = sweep,
    .devices = yf_json_devices,
    .calibration = yf_json_calibration,
};
