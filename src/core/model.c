/* Building a model: sections -> nodes (registry) -> shapes -> costs ->
 * totals. Mirrors parser.c:parse_network_cfg_custom of AlexeyAB/darknet:
 * each layer receives the previous layer's output as its input ("params"),
 * indexes are 0-based with [net] excluded, and negative references are
 * relative to the layer that holds them. */
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* [net] keys Darknet reads for training that change no figure: accepted.
 * (batch, subdivisions, time_steps, max_batches, adam, optimized_memory,
 * resize_step and the schedule are read into yf_train_cfg.) */
static const char *const net_ignored[] = {
    "learning_rate", "learning_rate_min", "sgdr_cycle", "sgdr_mult", "momentum", "decay",
    "track", "augment_speed", "sequential_subdivisions", "try_fix_nan", "weights_reject_freq",
    "equidistant_point", "badlabels_rejection_percentage", "num_sigmas_reject_badlabels",
    "ema_alpha", "use_cuda_graph", "loss_scale", "dynamic_minibatch", "workspace_size_limit_MB",
    "B1", "B2", "eps", "max_crop", "min_crop", "flip", "blur", "gaussian_noise", "mixup",
    "cutmix", "mosaic", "letter_box", "mosaic_bound", "contrastive", "contrastive_jit_flip",
    "contrastive_color", "unsupervised", "label_smooth_eps", "attention", "adversarial_lr",
    "max_chart_loss", "angle", "aspect", "saturation", "exposure", "hue", "power", "burn_in",
    "step", "scale", "gamma", "show_receptive_field", NULL};

/* Keys Darknet reads on every layer (parse_network_cfg_custom) that change
 * no figure (stopbackward and onlyforward are read into yf_layer). */
static const char *const layer_ignored[] = {
    "clip", "dont_update", "burnin_update", "train_only_bn", "dontload", "dontloadscales",
    "learning_rate", "stream", "wait_stream", NULL};

/* parse_net_options reads `steps` up to a '#' and then one `scales` (and
 * `seq_scales`) value per step with strchr(p, ',') + 1: fewer values than
 * steps crash it. policy=steps needs both keys. */
static int check_schedule(yf_ctx *c, yf_train_cfg *t)
{
    const char *policy = yf_key_darknet_str(c, "policy", "constant");
    static const char *const known[] = {"random", "poly", "constant", "step", "exp",
                                        "sigmoid", "steps", "sgdr", NULL};
    int k = 0;
    while (known[k] && strcmp(policy, known[k]) != 0)
        k++;
    if (!known[k])
        yf_ctx_warn(c, yf_key_line(c, "policy"),
                    "unknown policy '%.40s': Darknet uses 'constant' instead", policy);
    t->policy = known[k] ? known[k] : "constant";
    int steps_policy = strcmp(policy, "steps") == 0;
    if (!steps_policy && strcmp(policy, "sgdr") != 0)
        return YF_OK;
    const char *steps = yf_key_darknet_str(c, "steps", NULL);
    const char *scales = yf_key_darknet_str(c, "scales", NULL);
    if (steps_policy && (!steps || !scales))
        return yf_ctx_fail(c, YF_ERR_VALUE, steps ? "scales" : "steps",
                           "policy=steps needs 'steps' and 'scales' (Darknet refuses: 'STEPS "
                           "policy must have steps and scales in cfg file')");
    if (!steps)
        return YF_OK;
    int n = 1;
    for (const char *p = steps; *p && *p != '#'; p++)
        n += *p == ',';
    const char *lists[] = {"scales", "seq_scales"};
    for (int i = 0; i < 2; i++) {
        const char *v = yf_key_darknet_str(c, lists[i], NULL);
        int values = 1;
        for (const char *p = v; p && *p; p++)
            values += *p == ',';
        if (v && values < n)
            return yf_ctx_fail(c, YF_ERR_VALUE, lists[i],
                               "'%s' has %d value%s for %d 'steps': Darknet crashes reading it "
                               "(parse_net_options)",
                               lists[i], values, values == 1 ? "" : "s", n);
    }
    t->n_steps = n; /* parse_net_options allocates steps, scales, seq_scales of n */
    return YF_OK;
}

/* The training keys of [net], raw: Darknet clamps the mini-batch later
 * (parse_network_cfg_custom), the training analysis does the same. */
static int parse_train(yf_ctx *c, yf_train_cfg *t)
{
    int adam;
    if (yf_key_int(c, "batch", 1, INT32_MIN, INT32_MAX, &t->batch) ||
        yf_key_int(c, "subdivisions", 1, INT32_MIN, INT32_MAX, &t->subdivisions) ||
        yf_key_int(c, "time_steps", 1, INT32_MIN, INT32_MAX, &t->time_steps) ||
        yf_key_int(c, "max_batches", 0, INT32_MIN, INT32_MAX, &t->max_batches) ||
        yf_key_flag(c, "adam", 0, &adam) ||
        yf_key_int(c, "optimized_memory", 0, INT32_MIN, INT32_MAX, &t->optimized_memory) ||
        yf_key_float(c, "resize_step", 32, &t->resize_step))
        return c->err->code;
    if (t->subdivisions < 1)
        return yf_ctx_fail(c, YF_ERR_VALUE, "subdivisions",
                           "'subdivisions' must be > 0, got '%lld' (parse_net_options divides "
                           "'batch' by it: Darknet crashes or trains on a negative batch)",
                           (long long)t->subdivisions);
    t->adam = adam;
    return YF_OK;
}

static int parse_net(yf_ctx *c, const yf_options *opt, int64_t *inputs)
{
    yf_model *m = &c->model->pub;
    int64_t w, h, ch;
    if (yf_key_int(c, "width", 0, 0, YF_MAX_DIM, &w) ||
        yf_key_int(c, "height", 0, 0, YF_MAX_DIM, &h) ||
        yf_key_int(c, "channels", 0, 0, YF_MAX_DIM, &ch))
        return c->err->code;
    if (check_schedule(c, &m->train) || parse_train(c, &m->train))
        return c->err->code;
    yf_key_ignore(c, net_ignored);
    if (yf_key_has(c, "inputs") && opt && (opt->width || opt->height || opt->channels))
        return yf_ctx_fail(c, YF_ERR_VALUE, "inputs",
                           "this cfg sizes its input with 'inputs=' (Darknet reads it before "
                           "width, height and channels), so an input size or channels override "
                           "does not apply to it");
    static const char *const dims[] = {"width", "height", "channels"};
    for (int k = 0; k < 3 && yf_key_has(c, "inputs"); k++)
        if (yf_key_has(c, dims[k]) && yf_edit_origin(c->model, yf_key_line(c, dims[k])))
            return yf_ctx_fail(c, YF_ERR_VALUE, dims[k],
                               "this cfg sizes its input with 'inputs=' (Darknet reads it before "
                               "width, height and channels), so an edit of '%s' changes nothing",
                               dims[k]);
    if (opt && opt->width)
        w = opt->width;
    if (opt && opt->height)
        h = opt->height;
    if (opt && opt->channels)
        ch = opt->channels;
    if (yf_key_int(c, "inputs", yf_mul(yf_mul(w, h), ch), 0, INT64_MAX / 4, inputs))
        return c->err->code;
    if (*inputs == 0)
        return yf_ctx_fail(c, YF_ERR_VALUE, NULL,
                           "'width', 'height' and 'channels' (or 'inputs') must be set and > 0");
    m->input = (yf_shape){w, h, ch};
    m->batch = opt && opt->batch ? opt->batch : 1;
    m->bytes_per_element = opt && opt->bytes_per_element ? opt->bytes_per_element : 4;
    if (opt && opt->activations_precision)
        m->bytes_per_element = (yf_precision_bits(opt->activations_precision) + 7) / 8;
    return yf_ctx_unused(c);
}

static int unknown_section(yf_ctx *c)
{
    const char *name = c->sec->name;
    if (yf_is_net(name))
        return yf_ctx_fail(c, YF_ERR_GRAPH, NULL, "[%s] must be the first section and appear once",
                           name);
    const char *near = yf_kind_suggest(name);
    if (near && strcasecmp(near, name) == 0)
        return yf_ctx_fail(c, YF_ERR_VALUE, NULL,
                           "unknown section '[%s]' (section names are case-sensitive: did you mean "
                           "'[%s]'?)",
                           name, near);
    if (near)
        return yf_ctx_fail(c, YF_ERR_VALUE, NULL, "unknown section '[%s]' (did you mean '[%s]'?)",
                           name, near);
    return yf_ctx_fail(c, YF_ERR_VALUE, NULL, "unknown section '[%s]'", name);
}

static int build_layers(yf_ctx *c, const yf_cfg *cfg)
{
    yf_model_impl *m = c->model;
    int n = cfg->n_sections - 1;
    m->layers = yf_arena_alloc(c->arena, sizeof(yf_layer) * (size_t)(n + 1));
    m->nodes = yf_arena_alloc(c->arena, sizeof(yf_node) * (size_t)(n + 1));
    if (!m->layers || !m->nodes)
        return yf_error_nomem(c->err);
    m->pub.layers = m->layers;
    m->pub.n_layers = n;
    for (int i = 0; i < n; i++) {
        yf_layer *l = &m->layers[i];
        yf_node *node = &m->nodes[i];
        c->sec = &cfg->sections[i + 1];
        c->layer = i;
        const yf_kind *k = yf_kind_find(c->sec->name);
        if (!k)
            return unknown_section(c);
        l->index = i;
        l->line = c->sec->line;
        l->type = k->name;
        l->flags = k->flags;
        l->op = k->op;
        node->l = l;
        node->kind = k;
        node->priv = yf_arena_alloc(c->arena, k->priv_size ? k->priv_size : 1);
        if (!node->priv)
            return yf_error_nomem(c->err);
        if (k->parse(c, node) ||
            yf_key_int(c, "stopbackward", 0, INT32_MIN, INT32_MAX, &l->stopbackward) ||
            yf_key_flag(c, "onlyforward", 0, &l->onlyforward))
            return c->err->code;
        yf_key_ignore(c, layer_ignored);
        if (yf_ctx_unused(c))
            return c->err->code;
    }
    return YF_OK;
}

/* The graph: what each layer reads (the previous layer unless the kind says
 * otherwise, then its references), and Darknet's l.inputs. */
static int link_sources(yf_ctx *c, yf_node *n, int64_t prev_outputs)
{
    yf_layer *l = n->l;
    int prev = !(l->flags & YF_LAYER_NO_PREV);
    int *src = yf_arena_alloc(c->arena, sizeof(int) * (size_t)(n->n_refs + prev));
    if (!src)
        return yf_error_nomem(c->err);
    int k = 0;
    if (prev)
        src[k++] = l->index - 1;
    for (int r = 0; r < n->n_refs; r++)
        src[k++] = n->refs[r];
    l->sources = src;
    l->n_sources = k;
    l->inputs = prev_outputs;
    if (!prev && n->n_refs) {
        l->inputs = 0;
        for (int r = 0; r < n->n_refs; r++)
            l->inputs = yf_add(l->inputs, c->model->layers[n->refs[r]].outputs);
    }
    return YF_OK;
}

static void add_totals(yf_model *m, const yf_layer *l)
{
    yf_totals *t = &m->totals;
    t->params = yf_add(t->params, l->params);
    t->params_fused = yf_add(t->params_fused, l->params_fused);
    t->buffers = yf_add(t->buffers, l->buffers);
    t->weights_file_floats = yf_add(t->weights_file_floats, l->weights_file_floats);
    t->bflops += l->bflops;
    t->macs = yf_add(t->macs, l->macs);
    t->macs_fused = yf_add(t->macs_fused, l->macs_fused);
    for (int v = 0; v < 2; v++) {
        t->ptflops[v].hook = yf_add(t->ptflops[v].hook, l->ptflops[v].hook);
        t->ptflops[v].func = yf_add(t->ptflops[v].func, l->ptflops[v].func);
        t->ptflops[v].aten = yf_add(t->ptflops[v].aten, l->ptflops[v].aten);
    }
    if (l->flags & YF_LAYER_HEAD)
        t->n_boxes = yf_add(t->n_boxes, l->head.n_boxes);
}

/* Cumulative stride of each layer (from its first source). */
static void set_stride(yf_ctx *c, yf_node *n)
{
    yf_model_impl *m = c->model;
    const yf_layer *l = n->l;
    const yf_node *base = l->n_sources && l->sources[0] >= 0 ? &m->nodes[l->sources[0]] : NULL;
    n->scale_x = (base ? base->scale_x : 1.0) * (n->step_x > 0 ? n->step_x : 1.0);
    n->scale_y = (base ? base->scale_y : 1.0) * (n->step_y > 0 ? n->step_y : 1.0);
    n->l->stride_x = n->scale_x;
    n->l->stride_y = n->scale_y;
}

/* A head's whole stride in 1 .. YF_MAX_DIM, or 0 when there is nothing to
 * say (a fractional stride, or one beyond the largest input). */
static int64_t whole_stride(double s)
{
    if (!(s >= 1 && s <= (double)YF_MAX_DIM) || (double)(int64_t)s != s)
        return 0;
    return (int64_t)s;
}

/* The least common multiple, 0 once it passes the largest input. */
static int64_t lcm(int64_t a, int64_t b)
{
    if (!a || !b)
        return 0;
    int64_t v = a / yf_gcd(a, b) * b;
    return v <= YF_MAX_DIM ? v : 0;
}

static int is_head(const yf_layer *l)
{
    return (l->flags & YF_LAYER_HEAD) && l->head.grid_w != 0;
}

/* A head whose stride does not divide the input gets truncated grids
 * (Darknet only warns for the last layer, with a fixed 32:
 * parse_network_cfg_custom). After every layer, so the sizes suggested are
 * valid for every head: a multiple of the lcm of their strides (yolov3-tiny
 * at 500: 480 or 512, not the 496 that suits stride 16 but not 32). */
static void check_strides(yf_ctx *c, const yf_cfg *cfg)
{
    yf_model_impl *m = c->model;
    const yf_shape in = m->pub.input;
    int64_t lx = 1, ly = 1;
    for (int i = 0; i < m->pub.n_layers; i++)
        if (is_head(&m->layers[i]) && whole_stride(m->nodes[i].scale_x) &&
            whole_stride(m->nodes[i].scale_y)) {
            lx = lcm(lx, whole_stride(m->nodes[i].scale_x));
            ly = lcm(ly, whole_stride(m->nodes[i].scale_y));
        }
    for (int i = 0; i < m->pub.n_layers && in.w; i++) {
        const yf_layer *l = &m->layers[i];
        int64_t ix = whole_stride(m->nodes[i].scale_x), iy = whole_stride(m->nodes[i].scale_y);
        if (!is_head(l) || !ix || !iy || (in.w % ix == 0 && in.h % iy == 0))
            continue;
        c->sec = &cfg->sections[i + 1];
        c->layer = i;
        char hint[200] = "";
        int all = lx && ly && (lx != ix || ly != iy);
        yf_stride_hint(c, (double)(all ? lx : ix), (double)(all ? ly : iy), hint, sizeof(hint));
        yf_ctx_warn_kind(c, YF_WARN_SIZE, l->line,
                    "the input %lldx%lld is not a multiple of this head's stride %lldx%lld: "
                    "integer divisions truncate the grid to %lldx%lld; %s%s",
                    (long long)in.w, (long long)in.h, (long long)ix, (long long)iy,
                    (long long)l->head.grid_w, (long long)l->head.grid_h, hint,
                    all ? " (a multiple of every head's stride)" : "");
    }
}

/* Every dimension fits Darknet's int (so sums of a dimension and a padding
 * fit int64 everywhere); an output larger than an int holds is a network
 * Darknet cannot build at this size (its calloc fails): said once. */
static int check_dims(yf_ctx *c, const yf_layer *l)
{
    if (l->out.w > INT32_MAX || l->out.h > INT32_MAX || l->out.c > INT32_MAX)
        return yf_ctx_fail(c, YF_ERR_SHAPE, NULL,
                           "the output %lldx%lldx%lld has a dimension beyond 2^31 - 1",
                           (long long)l->out.w, (long long)l->out.h, (long long)l->out.c);
    yf_model_impl *m = c->model;
    if (l->outputs > INT32_MAX && !m->too_big_warned) {
        m->too_big_warned = 1;
        yf_ctx_warn_kind(c, YF_WARN_DARKNET, l->line,
                    "Darknet cannot build this network at this size: this layer has %lld outputs "
                    "per image, more than Darknet's int l.outputs holds (its calloc fails); the "
                    "figures are what a 64-bit runtime such as PyTorch computes",
                    (long long)l->outputs);
    }
    return YF_OK;
}

/* Darknet's own printout: layers whose int BFLOPs product overflowed, and
 * its Total BFLOPS, a float running sum that leaves out values <= 0
 * (parse_network_cfg_custom). Warned when it differs from the exact. */
static void darknet_printout(yf_ctx *c, const yf_cfg *cfg)
{
    yf_model_impl *m = c->model;
    float total = 0;
    for (int i = 0; i < m->pub.n_layers; i++) {
        const yf_node *n = &m->nodes[i];
        float v = (float)n->dn_bflops;
        if (v > 0)
            total += v;
        if (!n->dn_overflow)
            continue;
        c->sec = &cfg->sections[i + 1];
        c->layer = i;
        yf_ctx_warn_kind(c, YF_WARN_PRINTOUT, n->l->line,
                    "Darknet prints %.3f BFLOPs for this layer, not %.3f: its C int product %s "
                    "overflows%s",
                    v, n->l->bflops, n->dn_product,
                    v > 0 ? "" : ", so it leaves the layer out of its Total BFLOPS");
    }
    m->pub.totals.bflops_darknet = total;
    char a[32], b[32];
    snprintf(a, sizeof(a), "%.3f", (double)total);
    snprintf(b, sizeof(b), "%.3f", m->pub.totals.bflops);
    if (strcmp(a, b) == 0)
        return;
    c->sec = &cfg->sections[0];
    c->layer = -1;
    yf_ctx_warn_kind(c, YF_WARN_PRINTOUT, c->sec->line,
                "Darknet prints Total BFLOPS %s for this network, the exact sum of its layers is "
                "%s (Darknet adds them as floats and leaves out layers it computes as <= 0)",
                a, b);
}

/* What training reads across layers: the last stopbackward=1 (parse_network_
 * cfg_custom), and the head whose random= detector.c resizes by. */
static void train_layers(yf_model *m)
{
    yf_train_cfg *t = &m->train;
    t->last_stop_backward = -1;
    t->random_layer = m->n_layers - 1;
    for (int i = 0; i < m->n_layers; i++) {
        if (m->layers[i].stopbackward == 1)
            t->last_stop_backward = i;
        if (m->layers[i].flags & YF_LAYER_RANDOM)
            t->random_layer = i;
    }
    const yf_layer *r = &m->layers[t->random_layer];
    t->random = r->flags & YF_LAYER_HEAD ? r->head.random : 0;
}

/* Shapes and costs, layer by layer, in Darknet's order. */
static int infer_all(yf_ctx *c, const yf_cfg *cfg, int64_t net_inputs)
{
    yf_model_impl *m = c->model;
    for (int i = 0; i < m->pub.n_layers; i++) {
        yf_node *n = &m->nodes[i];
        yf_layer *l = n->l;
        const yf_kind *k = n->kind;
        c->sec = &cfg->sections[i + 1];
        c->layer = i;
        l->in = i ? m->nodes[i - 1].next : m->pub.input;
        if (link_sources(c, n, i ? m->nodes[i - 1].next_outputs : net_inputs))
            return c->err->code;
        n->next.w = -1; /* set by kinds whose successor sees another shape */
        if (k->infer(c, n) || check_dims(c, l))
            return c->err->code;
        if (n->next.w < 0) {
            n->next = l->out;
            n->next_outputs = l->outputs;
        }
        if (yf_count_check(c, l->outputs, "output size") || k->cost(c, n) ||
            yf_check_figures(c, l))
            return c->err->code;
        if (!n->dn_product)
            n->dn_bflops = (float)l->bflops;
        k->describe(n);
        set_stride(c, n);
        add_totals(&m->pub, l);
    }
    check_strides(c, cfg);
    return YF_OK;
}

/* Operation counts are per image until here; thop and ptflops figures are
 * reported for the batch (Darknet's BFLOPs stay per image). */
static void scale_ops(int64_t *macs, int64_t *macs_fused, yf_ptflops pt[2], int64_t batch)
{
    *macs = yf_mul(*macs, batch);
    *macs_fused = yf_mul(*macs_fused, batch);
    for (int v = 0; v < 2; v++) {
        pt[v].hook = yf_mul(pt[v].hook, batch);
        pt[v].func = yf_mul(pt[v].func, batch);
        pt[v].aten = yf_mul(pt[v].aten, batch);
    }
}

static void finish_totals(yf_model_impl *mi)
{
    yf_model *m = &mi->pub;
    yf_totals *t = &m->totals;
    scale_ops(&t->macs, &t->macs_fused, t->ptflops, m->batch);
    for (int i = 0; i < m->n_layers; i++) {
        yf_layer *l = &mi->layers[i];
        scale_ops(&l->macs, &l->macs_fused, l->ptflops, m->batch);
    }
    yf_totals_derive(t, yf_precision_bits(m->weights_precision));
}

void yf_totals_derive(yf_totals *t, int weight_bits)
{
    t->weights_file_bytes = yf_add(20, yf_mul(4, t->weights_file_floats));
    t->gflops = 2.0 * (double)t->macs / 1e9;
    t->gflops_fused = 2.0 * (double)t->macs_fused / 1e9;
    t->weights_bytes = yf_bits_bytes(yf_add(t->params, t->buffers), weight_bits);
}

/* Saturated arithmetic (yf_mul/yf_add) leaves INT64_MAX behind on overflow:
 * never print such a figure. Totals are sums of non-negative layer figures,
 * so checking them covers every layer. */
static int check_totals(const yf_model *m, yf_error *err)
{
    const yf_totals *t = &m->totals;
    const int64_t v[] = {t->params, t->params_fused, t->buffers, t->weights_file_floats,
                         t->weights_file_bytes, t->macs, t->macs_fused, t->weights_bytes,
                         t->activation_bytes, t->peak_activation_bytes, t->n_boxes,
                         t->darknet_cpu_bytes, t->model_bytes,
                         t->ptflops[0].hook, t->ptflops[0].func, t->ptflops[0].aten,
                         t->ptflops[1].hook, t->ptflops[1].func, t->ptflops[1].aten};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        if (v[i] == INT64_MAX || v[i] < 0)
            return yf_error_set(err, YF_ERR_SHAPE,
                                "totals overflow 64-bit integers (input size or batch too large)");
    return YF_OK; /* a saturated layer figure saturates its total too */
}

/* Builds the model from the lexed text (which lives in a scratch arena
 * dropped after loading: the model keeps no pointer into it). */
static int build(yf_model_impl *m, const yf_cfg *cfg_, const yf_options *opt, yf_error *err)
{
    yf_cfg cfg = *cfg_;
    yf_ctx c = {.arena = m->arena, .model = m, .layer = -1, .err = err};
    if (cfg.n_sections == 0)
        return yf_error_set(err, YF_ERR_GRAPH, "no sections: expected '[net]' followed by layers");
    c.sec = &cfg.sections[0];
    if (!yf_is_net(c.sec->name))
        return yf_ctx_fail(&c, YF_ERR_GRAPH, NULL,
                           "the first section must be [net] or [network], got '[%s]'",
                           c.sec->name);
    int64_t net_inputs;
    if (parse_net(&c, opt, &net_inputs))
        return err->code;
    if (cfg.n_sections == 1) {
        err->line = c.sec->line;
        return yf_error_set(err, YF_ERR_GRAPH, "[net] is followed by no layer");
    }
    if (build_layers(&c, &cfg) || infer_all(&c, &cfg, net_inputs))
        return err->code;
    darknet_printout(&c, &cfg);
    train_layers(&m->pub);
    yf_precision_apply(m, opt);
    finish_totals(m);
    if (yf_memory(m, err) || yf_darknet_inference(m, err) || check_totals(&m->pub, err))
        return err->code;
    yf_edits_finish(m);
    yf_warnings_sort(m);
    return YF_OK;
}

/* The text the model keeps to load itself again at another size
 * (yf_model_load_resized): the cfg with its edits written in, so the
 * options kept need no edits. */
static int keep_text(yf_model_impl *m, yf_arena *scratch, const char *buf, size_t len,
                     const yf_cfg *cfg, const yf_options *opt, yf_error *err)
{
    if (opt)
        m->opt = *opt;
    m->opt.edits = NULL;
    m->opt.n_edits = 0;
    m->opt.keep_cfg = 0;
    if (opt && opt->no_reload && !opt->keep_cfg)
        return YF_OK; /* m->text stays NULL: nothing loads it again */
    if ((opt && opt->keep_cfg) || m->pub.n_changes) {
        if (yf_edits_text(m, scratch, buf, len, cfg, err))
            return err->code;
        m->text = m->pub.cfg_text;
        m->text_len = m->pub.cfg_len;
        if (!(opt && opt->keep_cfg)) {
            m->pub.cfg_text = NULL;
            m->pub.cfg_len = 0;
        }
        return YF_OK;
    }
    char *text = yf_arena_alloc_raw(m->arena, len + 1);
    if (!text)
        return yf_error_nomem(err);
    if (len)
        memcpy(text, buf, len);
    text[len] = '\0';
    m->text = text;
    m->text_len = len;
    return YF_OK;
}

/* Lexes buf, applies the edits, keeps the text, releases buf (`owned`, when
 * the caller handed it over), then builds. */
/* A failed load hands its warnings to the caller before they go (not the
 * notes on Darknet's printout: no figure is printed). */
static void lost_warnings(yf_model_impl *m, const yf_options *opt)
{
    if (!m || !opt || !opt->on_lost_warning || !m->pub.n_warnings)
        return;
    yf_warnings_sort(m);
    for (int i = 0; i < m->pub.n_warnings; i++)
        if (m->pub.warnings[i].kind != YF_WARN_PRINTOUT)
            opt->on_lost_warning(opt->lost_warning_ctx, m->pub.name, &m->pub.warnings[i]);
}

static yf_model *load(const char *buf, size_t len, char *owned, const yf_options *opt,
                      yf_error *err)
{
    const yf_allocator *alloc = opt ? opt->alloc : NULL;
    yf_arena *a = yf_arena_new(alloc), *scratch = yf_arena_new(alloc);
    yf_model_impl *m = a ? yf_arena_alloc(a, sizeof(yf_model_impl)) : NULL;
    const char *shown = m ? yf_arena_strndup(a, err->file, strlen(err->file)) : NULL;
    yf_cfg cfg;
    int status = shown && scratch ? yf_lex(scratch, buf, len, &cfg, err) : yf_error_nomem(err);
    if (!status) {
        m->arena = a;
        m->pub.name = shown;
        status = yf_edits_apply(scratch, m, &cfg, opt, err);
    }
    if (!status)
        status = keep_text(m, scratch, buf, len, &cfg, opt, err);
    yf_free(alloc, owned);
    if (!status)
        status = build(m, &cfg, opt, err);
    yf_arena_free(scratch);
    if (status) {
        lost_warnings(m, opt);
        yf_arena_free(a);
        return NULL;
    }
    return &m->pub;
}

yf_model *yf_model_load_buffer(const char *buf, size_t len, const char *name,
                               const yf_options *opt, yf_error *err)
{
    yf_error_clear(err);
    snprintf(err->file, sizeof(err->file), "%s", name ? name : "<buffer>");
    if (len > YF_MAX_FILE_BYTES) {
        yf_error_set(err, YF_ERR_LIMIT, "file is larger than %d bytes", YF_MAX_FILE_BYTES);
        return NULL;
    }
    return load(buf, len, NULL, opt, err);
}

int yf_open_input(const char *path, yf_error *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        yf_error_set(err, YF_ERR_IO, "cannot open: %s", strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int dir = S_ISDIR(st.st_mode);
        close(fd);
        yf_error_set(err, YF_ERR_IO, "cannot read: %s",
                     dir ? "is a directory" : "not a regular file");
        return -1;
    }
    (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

/* Reads at most YF_MAX_FILE_BYTES + 1 bytes: one byte more than allowed
 * tells an oversized file. */
static char *read_all(int fd, const yf_allocator *alloc, size_t *len, yf_error *err)
{
    const size_t cap = YF_MAX_FILE_BYTES + 1;
    char *buf = yf_malloc(alloc, cap);
    size_t n = 0;
    if (!buf) {
        yf_error_nomem(err);
        return NULL;
    }
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r == 0)
            break;
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            yf_error_set(err, YF_ERR_IO, "cannot read: %s", strerror(errno));
            yf_free(alloc, buf);
            return NULL;
        }
        n += (size_t)r;
    }
    *len = n;
    return buf;
}

int yf_file_read(const char *path, const yf_allocator *alloc, char **out, size_t *len,
                 yf_error *err)
{
    yf_error_clear(err);
    int is_stdin = strcmp(path, "-") == 0;
    snprintf(err->file, sizeof(err->file), "%s", is_stdin ? "<stdin>" : path);
    *out = NULL;
    *len = 0;
    int fd = is_stdin ? STDIN_FILENO : yf_open_input(path, err);
    if (fd < 0)
        return err->code;
    char *buf = read_all(fd, alloc, len, err);
    if (!is_stdin)
        close(fd);
    if (!buf)
        return err->code;
    if (*len > YF_MAX_FILE_BYTES) {
        yf_free(alloc, buf);
        return yf_error_set(err, YF_ERR_LIMIT, "file is larger than %d bytes", YF_MAX_FILE_BYTES);
    }
    *out = buf;
    return YF_OK;
}

yf_model *yf_model_load_file(const char *path, const yf_options *opt, yf_error *err)
{
    const yf_allocator *alloc = opt ? opt->alloc : NULL;
    char *buf;
    size_t len;
    if (yf_file_read(path, alloc, &buf, &len, err))
        return NULL;
    return load(buf, len, buf, opt, err);
}

static yf_model *reload_refused(const yf_model *m, yf_error *err)
{
    yf_error_clear(err);
    snprintf(err->file, sizeof(err->file), "%s", m->name);
    yf_error_set(err, YF_ERR_VALUE, "the model was loaded with no_reload: it cannot load again");
    return NULL;
}

yf_model *yf_model_load_resized(const yf_model *m, int64_t width, int64_t height,
                                yf_error *err)
{
    const yf_model_impl *mi = (const yf_model_impl *)m;
    yf_options o = mi->opt;
    o.width = width;
    o.height = height;
    o.on_lost_warning = NULL; /* the caller has seen the cfg's warnings */
    if (!mi->text)
        return reload_refused(m, err);
    return yf_model_load_buffer(mi->text, mi->text_len, m->name, &o, err);
}

yf_model *yf_model_load_batch(const yf_model *m, int64_t batch, yf_error *err)
{
    const yf_model_impl *mi = (const yf_model_impl *)m;
    yf_options o = mi->opt;
    o.width = m->input.w;
    o.height = m->input.h;
    o.batch = batch;
    o.on_lost_warning = NULL; /* the caller has seen the cfg's warnings */
    if (!mi->text)
        return reload_refused(m, err);
    return yf_model_load_buffer(mi->text, mi->text_len, m->name, &o, err);
}

void yf_model_free(yf_model *m)
{
    if (m)
        yf_arena_free(((yf_model_impl *)m)->arena);
}
