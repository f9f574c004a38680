/* Building a model: sections -> layers (registry) -> shapes -> costs ->
 * totals. Mirrors parser.c:parse_network_cfg_custom of AlexeyAB/darknet:
 * each layer receives the previous layer's output as its input ("params"),
 * indexes are 0-based with [net] excluded, and negative references are
 * relative to the layer that holds them. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* [net] keys Darknet reads for training only: accepted, never figures. */
static const char *const net_ignored[] = {
    "max_batches", "learning_rate", "learning_rate_min", "sgdr_cycle", "sgdr_mult", "momentum",
    "decay", "subdivisions", "track", "augment_speed", "sequential_subdivisions", "try_fix_nan",
    "weights_reject_freq", "equidistant_point", "badlabels_rejection_percentage",
    "num_sigmas_reject_badlabels", "ema_alpha", "use_cuda_graph", "loss_scale",
    "dynamic_minibatch", "optimized_memory", "workspace_size_limit_MB", "adam", "B1", "B2", "eps",
    "max_crop", "min_crop", "flip", "blur", "gaussian_noise", "mixup", "cutmix", "mosaic",
    "letter_box", "mosaic_bound", "contrastive", "contrastive_jit_flip", "contrastive_color",
    "unsupervised", "label_smooth_eps", "resize_step", "attention", "adversarial_lr",
    "max_chart_loss", "angle", "aspect", "saturation", "exposure", "hue", "power", "policy",
    "burn_in", "step", "scale", "steps", "scales", "seq_scales", "gamma", "show_receptive_field",
    "batch", "time_steps", NULL};

/* Keys Darknet reads on every layer (parse_network_cfg_custom). */
static const char *const layer_ignored[] = {
    "clip", "onlyforward", "dont_update", "burnin_update", "stopbackward", "train_only_bn",
    "dontload", "dontloadscales", "learning_rate", "stream", "wait_stream", NULL};

static int parse_net(yf_ctx *c, const yf_options *opt, int64_t *inputs)
{
    yf_model *m = c->model;
    int64_t w, h, ch;
    if (yf_key_int(c, "width", 0, 0, YF_MAX_DIM, &w) ||
        yf_key_int(c, "height", 0, 0, YF_MAX_DIM, &h) ||
        yf_key_int(c, "channels", 0, 0, YF_MAX_DIM, &ch))
        return YF_ERR_INPUT;
    yf_key_ignore(c, net_ignored);
    if (opt && opt->width)
        w = opt->width;
    if (opt && opt->height)
        h = opt->height;
    if (opt && opt->channels)
        ch = opt->channels;
    if (yf_key_int(c, "inputs", yf_mul(yf_mul(w, h), ch), 0, INT64_MAX / 4, inputs))
        return YF_ERR_INPUT;
    if (*inputs == 0)
        return yf_ctx_fail(c, NULL, "'width', 'height' and 'channels' (or 'inputs') must be "
                                    "set and > 0");
    m->input = (yf_shape){w, h, ch};
    m->batch = opt && opt->batch ? opt->batch : 1;
    m->bytes_per_element = opt && opt->bytes_per_element ? opt->bytes_per_element : 4;
    yf_ctx_unused(c);
    return YF_OK;
}

static int unknown_section(yf_ctx *c)
{
    const char *name = c->sec->name;
    static const char *const known[] = {
        "net", "convolutional", "connected", "maxpool", "avgpool", "local_avgpool", "route",
        "shortcut", "upsample", "yolo", "Gaussian_yolo", "region", "detection", "reorg",
        "reorg3d", "scale_channels", "sam", "batchnorm", "activation", "dropout", "softmax",
        "cost", "crop", "local", "implicit", "normalization", "contrastive", "empty", "crnn",
        "rnn", "gru", "lstm", "conv_lstm", "history", NULL};
    if (strcmp(name, "net") == 0 || strcmp(name, "network") == 0)
        return yf_ctx_fail(c, NULL, "[%s] must be the first section and appear once", name);
    for (int i = 0; known[i]; i++)
        if (strcasecmp(name, known[i]) == 0)
            return yf_ctx_fail(c, NULL, "unknown section '[%s]' (section names are "
                                        "case-sensitive: did you mean '[%s]'?)", name, known[i]);
    return yf_ctx_fail(c, NULL, "unknown section '[%s]'", name);
}

static int build_layers(yf_ctx *c, const yf_cfg *cfg)
{
    yf_model *m = c->model;
    m->n_layers = cfg->n_sections - 1;
    m->layers = yf_arena_alloc(c->arena, sizeof(yf_layer) * (size_t)(m->n_layers + 1));
    if (!m->layers)
        return yf_error_set(c->err, YF_ERR_INPUT, "out of memory");
    for (int i = 0; i < m->n_layers; i++) {
        yf_layer *l = &m->layers[i];
        c->sec = &cfg->sections[i + 1];
        c->layer = i;
        const yf_kind *k = yf_kind_find(c->sec->name);
        if (!k)
            return unknown_section(c);
        l->index = i;
        l->line = c->sec->line;
        l->type = k->name;
        l->kind_ = k;
        l->priv_ = yf_arena_alloc(c->arena, k->priv_size ? k->priv_size : 1);
        if (!l->priv_)
            return yf_error_set(c->err, YF_ERR_INPUT, "out of memory");
        if (k->parse(c, l))
            return YF_ERR_INPUT;
        yf_key_ignore(c, layer_ignored);
        yf_ctx_unused(c);
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
    if (l->is_head)
        t->n_boxes = yf_add(t->n_boxes, l->head.n_boxes);
}

/* Cumulative stride of each layer; a head whose stride does not divide the
 * input gets truncated grids (Darknet only warns for the last layer, with a
 * fixed 32: parse_network_cfg_custom). */
static void check_stride(yf_ctx *c, yf_layer *l)
{
    yf_model *m = c->model;
    const yf_layer *base = l->n_refs_ && strcmp(l->type, "route") == 0
                               ? &m->layers[l->refs_[0]]
                               : (l->index ? &m->layers[l->index - 1] : NULL);
    l->scale_x_ = (base ? base->scale_x_ : 1.0) * (l->step_x_ > 0 ? l->step_x_ : 1.0);
    l->scale_y_ = (base ? base->scale_y_ : 1.0) * (l->step_y_ > 0 ? l->step_y_ : 1.0);
    if (!l->is_head || l->head.grid_w == 0 || !m->input.w)
        return;
    double sx = l->scale_x_, sy = l->scale_y_;
    if (!(sx >= 1 && sy >= 1 && sx <= (double)YF_MAX_DIM && sy <= (double)YF_MAX_DIM))
        return; /* a stride beyond the largest input cannot divide it: nothing to say */
    int64_t ix = (int64_t)sx, iy = (int64_t)sy;
    if ((double)ix != sx || (double)iy != sy)
        return;
    if (m->input.w % ix || m->input.h % iy)
        yf_ctx_warn(c, l->line, "the input %lldx%lld is not a multiple of this head's stride "
                                "%lldx%lld: integer divisions truncate the grid to %lldx%lld",
                    (long long)m->input.w, (long long)m->input.h, (long long)ix, (long long)iy,
                    (long long)l->head.grid_w, (long long)l->head.grid_h);
}

/* Shapes and costs, layer by layer, in Darknet's order. */
static int infer_all(yf_ctx *c, const yf_cfg *cfg, int64_t net_inputs)
{
    yf_model *m = c->model;
    for (int i = 0; i < m->n_layers; i++) {
        yf_layer *l = &m->layers[i];
        const yf_kind *k = l->kind_;
        c->sec = &cfg->sections[i + 1];
        c->layer = i;
        l->in = i ? m->layers[i - 1].next_ : m->input;
        l->inputs = i ? m->layers[i - 1].next_outputs_ : net_inputs;
        l->next_.w = -1; /* set by kinds whose successor sees another shape */
        if (k->infer(c, l))
            return YF_ERR_INPUT;
        if (l->next_.w < 0) {
            l->next_ = l->out;
            l->next_outputs_ = l->outputs;
        }
        if (yf_count_check(c, l->outputs, "output size") || k->cost(c, l) ||
            yf_check_figures(c, l))
            return YF_ERR_INPUT;
        k->describe(l);
        check_stride(c, l);
        add_totals(m, l);
    }
    return YF_OK;
}

static void finish_totals(yf_model *m)
{
    yf_totals *t = &m->totals;
    t->macs = yf_mul(t->macs, m->batch);
    t->macs_fused = yf_mul(t->macs_fused, m->batch);
    for (int i = 0; i < m->n_layers; i++) {
        m->layers[i].macs = yf_mul(m->layers[i].macs, m->batch);
        m->layers[i].macs_fused = yf_mul(m->layers[i].macs_fused, m->batch);
    }
    t->weights_file_bytes = yf_add(20, yf_mul(4, t->weights_file_floats));
    t->gflops = 2.0 * (double)t->macs / 1e9;
    t->gflops_fused = 2.0 * (double)t->macs_fused / 1e9;
    t->weights_bytes = yf_mul(yf_add(t->params, t->buffers), m->bytes_per_element);
}

/* Saturated arithmetic (yf_mul/yf_add) leaves INT64_MAX behind on overflow:
 * never print such a figure. Totals are sums of non-negative layer figures,
 * so checking them covers every layer. */
static int check_totals(const yf_model *m, yf_error *err)
{
    const yf_totals *t = &m->totals;
    const int64_t v[] = {t->params, t->params_fused, t->buffers, t->weights_file_floats,
                         t->weights_file_bytes, t->macs, t->macs_fused, t->weights_bytes,
                         t->activation_bytes, t->peak_activation_bytes, t->n_boxes};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        if (v[i] == INT64_MAX || v[i] < 0)
            return yf_error_set(err, YF_ERR_INPUT, "totals overflow 64-bit integers (input size "
                                                   "or batch too large)");
    return YF_OK; /* a saturated layer figure saturates its total too */
}

static int load(yf_model *m, const char *buf, size_t len, const yf_options *opt, yf_error *err)
{
    yf_cfg cfg;
    yf_ctx c = {.arena = m->arena_, .model = m, .layer = -1, .err = err};
    if (yf_lex(m->arena_, buf, len, &cfg, err))
        return err->code;
    if (cfg.n_sections == 0)
        return yf_error_set(err, YF_ERR_INPUT, "no sections: expected '[net]' followed by layers");
    c.sec = &cfg.sections[0];
    if (strcmp(c.sec->name, "net") != 0 && strcmp(c.sec->name, "network") != 0)
        return yf_ctx_fail(&c, NULL, "the first section must be [net] or [network], got '[%s]'",
                           c.sec->name);
    int64_t net_inputs;
    if (parse_net(&c, opt, &net_inputs))
        return err->code;
    if (cfg.n_sections == 1) {
        err->line = c.sec->line;
        return yf_error_set(err, YF_ERR_INPUT, "[net] is followed by no layer");
    }
    if (build_layers(&c, &cfg) || infer_all(&c, &cfg, net_inputs))
        return err->code;
    finish_totals(m);
    if (yf_memory(m, err))
        return err->code;
    return check_totals(m, err);
}

yf_model *yf_model_load_buffer(const char *buf, size_t len, const char *name,
                               const yf_options *opt, yf_error *err)
{
    yf_error_clear(err);
    snprintf(err->file, sizeof(err->file), "%s", name ? name : "<buffer>");
    if (len > YF_MAX_FILE_BYTES) {
        yf_error_set(err, YF_ERR_INPUT, "file is larger than %d bytes", YF_MAX_FILE_BYTES);
        return NULL;
    }
    yf_arena *a = yf_arena_new();
    yf_model *m = a ? yf_arena_alloc(a, sizeof(yf_model)) : NULL;
    if (!m) {
        yf_arena_free(a);
        yf_error_set(err, YF_ERR_INPUT, "out of memory");
        return NULL;
    }
    m->arena_ = a;
    m->name = yf_arena_strndup(a, err->file, strlen(err->file));
    if (load(m, buf, len, opt, err)) {
        yf_arena_free(a);
        return NULL;
    }
    return m;
}

/* Reads at most YF_MAX_FILE_BYTES + 1 bytes, growing the buffer as needed
 * (the size of a pipe is not known in advance). */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || cap > YF_MAX_FILE_BYTES)
            break;
        size_t next = cap * 2 > YF_MAX_FILE_BYTES + 1 ? YF_MAX_FILE_BYTES + 1 : cap * 2;
        char *p = realloc(buf, next);
        if (!p) {
            free(buf);
            return NULL;
        }
        buf = p;
        cap = next;
    }
    *len = n;
    return buf;
}

yf_model *yf_model_load_file(const char *path, const yf_options *opt, yf_error *err)
{
    yf_error_clear(err);
    int is_stdin = strcmp(path, "-") == 0;
    if (is_stdin)
        path = "<stdin>";
    snprintf(err->file, sizeof(err->file), "%s", path);
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        yf_error_set(err, YF_ERR_INPUT, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t len = 0;
    char *buf = read_all(f, &len);
    int bad = !buf || ferror(f);
    int saved = errno;
    if (!is_stdin)
        fclose(f);
    yf_model *m = NULL;
    if (bad)
        yf_error_set(err, YF_ERR_INPUT, "cannot read: %s",
                     saved == EISDIR ? "is a directory" : strerror(saved));
    else if (len > YF_MAX_FILE_BYTES)
        yf_error_set(err, YF_ERR_INPUT, "file is larger than %d bytes", YF_MAX_FILE_BYTES);
    else
        m = yf_model_load_buffer(buf, len, path, opt, err);
    free(buf);
    return m;
}

void yf_model_free(yf_model *m)
{
    if (m)
        yf_arena_free(m->arena_);
}

yf_layer *yf_ctx_layer(yf_ctx *c, int index)
{
    return &c->model->layers[index];
}
