/* What AlexeyAB Darknet (59596d78) allocates to load a cfg: every layer's
 * make_*_layer through its kind's darknet_mem hook, then the network level
 * of parse_network_cfg_custom (parser.c). Linear in layers and references.
 *
 *   net.batch = (batch/subdivisions) * time_steps in training, clamped to
 *   >= 1 and >= time_steps; 1 for inference. params.train is 0 for layers
 *   before the last stopbackward=1.
 *   network block: sizeof(layer) * n + 40 (network.c:246-255; a GPU build
 *   adds 48), steps/scales/seq_scales 12 * n_steps (parser.c:1264-1266)
 *   frozen deltas (training with stopbackward, parser.c:1684-1698): every
 *   layer before it that is kept (keep_delta_gpu: an input of a later
 *   route, the first 'from' of a later shortcut, the 'from' of sam and
 *   scale_channels, heads and losses; dropout and empty in a GPU build) and
 *   has no delta gets 4 * outputs * l.batch
 *   workspace: the largest l.workspace_size (CPU: calloc'd, independent of
 *   the batch), never allocated when no layer reads an input wider and
 *   taller than 1 (parser.c:1751 divides by that count: SIGFPE)
 * GPU build, device (optimized_memory >= 1 in training, parser.c:1707-1745:
 * layers not kept lose their delta to two shared buffers of the largest such
 * delta; >= 2 moves outputs, x and activation inputs to pinned host memory,
 * 8 GiB pre-allocated; >= 3 the kept deltas too): input_state_gpu and, in
 * training, input_gpu 4*B*inputs and truth_gpu (4*B*max*6 for a yolo,
 * Gaussian_yolo or region last layer, else its outputs); CUDNN_HALF
 * input16/output16 buffers; the cuDNN workspace 4*(ws/4 + 1). */
#include "core.h"

#include <string.h>

typedef struct net_state {
    int64_t *batch;  /* l.batch */
    int64_t *delta_gpu, *delta_rounding;
    char *keep, *delta, *delta_dev;
} net_state;

static void add_all(int64_t *to, const int64_t *from, int n)
{
    for (int k = 0; k < n; k++)
        to[k] = yf_add(to[k], from[k]);
}

static int64_t sum(const int64_t *v, int n)
{
    int64_t s = 0;
    for (int k = 0; k < n; k++)
        s = yf_add(s, v[k]);
    return s;
}

/* l.delta after the layer: its own, none, or the previous layer's. */
static char resolve(int kind, const char *prev, int i)
{
    return kind == YF_DN_ALIAS ? (i ? prev[i - 1] : 0) : kind == YF_DN_OWN;
}

/* parse_network_cfg_custom's keep_delta_gpu marks (parser.c:1450-1560). */
static void mark_keep(const yf_node *n, const yf_dn_layer *L, int gpu, int lsb, char *keep)
{
    int i = n->l->index;
    if ((L->keep & YF_DN_KEEP_SELF) || ((L->keep & YF_DN_KEEP_GPU) && gpu))
        keep[i] = 1;
    if (!(L->keep & (YF_DN_KEEP_REFS | YF_DN_KEEP_REF0)) || !n->n_refs)
        return;
    if (i < lsb && !(L->keep & YF_DN_KEEP_ANYWHERE))
        return;
    int count = L->keep & YF_DN_KEEP_REFS ? n->n_refs : 1;
    for (int r = 0; r < count; r++)
        keep[n->refs[r]] = 1;
}

static int64_t mini_batch(const yf_model *m, const yf_dn_opts *o, int64_t *ts)
{
    *ts = 1;
    if (!o->train)
        return 1;
    int64_t raw = m->train.time_steps; /* both int-ranged: the product fits */
    int64_t b = o->batch / o->subdivisions * raw;
    *ts = raw < 1 ? 1 : raw;
    if (b < 1)
        b = 1;
    return b < *ts ? *ts : b;
}

/* The network-level host buffers (network.c:246-264, parser.c:1264-1266). */
static void net_block(const yf_model *m, const yf_dn_opts *o, yf_dn_result *r)
{
    int64_t b = yf_add(yf_mul(YF_DN_SIZEOF_LAYER, m->n_layers), 40 + (o->gpu ? 48 : 0));
    r->host[YF_MEM_NET] = yf_add(b, 12 * (int64_t)m->train.n_steps);
}

static void frozen(const yf_model *m, const yf_dn_opts *o, int lsb, int opt, const net_state *s,
                   yf_dn_result *r)
{
    for (int j = 0; j < lsb; j++) {
        if (!s->keep[j])
            continue;
        int64_t b = yf_mul(yf_mul(4, m->layers[j].outputs), s->batch[j]);
        if (!s->delta[j])
            r->host[YF_MEM_FROZEN_DELTAS] = yf_add(r->host[YF_MEM_FROZEN_DELTAS], b);
        if (o->gpu && !s->delta_dev[j] && !opt)
            r->device[YF_MEM_FROZEN_DELTAS] = yf_add(r->device[YF_MEM_FROZEN_DELTAS], b);
    }
}

/* optimized_memory >= 1 in training (parser.c:1707-1745). */
static void shared_deltas(const yf_model *m, int64_t om, const net_state *s, yf_dn_result *r,
                          int64_t *rounding, int64_t *n_alloc)
{
    int64_t shared = 0, kept = 0, rnd = *rounding;
    for (int j = 0; j < m->n_layers; j++) {
        int64_t b = yf_mul(yf_mul(4, m->layers[j].outputs), s->batch[j]);
        r->device[YF_MEM_DELTAS] = yf_sub(r->device[YF_MEM_DELTAS], s->delta_gpu[j]);
        rnd = yf_sub(rnd, s->delta_rounding[j]);
        if (s->keep[j])
            kept = yf_add(kept, b);
        else if (b > shared)
            shared = b;
        if (s->keep[j] && om < 3)
            rnd = yf_add(rnd, yf_round512_waste(b)), ++*n_alloc;
    }
    if (om >= 3)
        r->pinned_bytes = yf_add(r->pinned_bytes, kept);
    else
        r->device[YF_MEM_DELTAS] = yf_add(r->device[YF_MEM_DELTAS], kept);
    r->device[YF_MEM_SHARED_DELTAS] = yf_mul(2, shared);
    *rounding = yf_add(rnd, 2 * yf_round512_waste(shared));
    *n_alloc += 2;
}

static void dev(yf_dn_result *r, int kind, int64_t bytes, int64_t *rounding)
{
    if (bytes <= 0)
        return;
    r->device[kind] = yf_add(r->device[kind], bytes);
    *rounding = yf_add(*rounding, yf_round512_waste(bytes));
}

/* After the layers: input, fp16, workspace buffers, the first training
 * iteration's input and truth, and the estimated terms. */
static void gpu_network(const yf_model *m, const yf_dn_opts *o, int64_t B, int64_t max_in,
                        int64_t max_out, int64_t ws, yf_dn_result *r, int64_t *rounding)
{
    int64_t in = yf_mul(yf_mul(4, B), m->layers[0].inputs);
    dev(r, YF_MEM_INPUT, in, rounding);
    r->pinned_bytes = yf_add(r->pinned_bytes, in);
    if (o->cudnn_half) {
        dev(r, YF_MEM_FP16, yf_mul(2, max_in), rounding);
        dev(r, YF_MEM_FP16, yf_mul(2, max_out), rounding);
    }
    int64_t w = o->workspace >= 0 ? o->workspace : ws;
    if (w > 0)
        dev(r, YF_MEM_CUDNN_WORKSPACE, yf_mul(4, w / 4 + 1), rounding);
    if (o->train) {
        const yf_layer *last = &m->layers[m->n_layers - 1];
        int64_t y = last->flags & YF_LAYER_RANDOM ? yf_mul(6, last->head.max_boxes)
                                                  : last->outputs;
        dev(r, YF_MEM_INPUT, in, rounding);
        dev(r, YF_MEM_INPUT, yf_mul(yf_mul(4, B), y ? y : last->outputs), rounding);
    }
}

static int alloc_state(const yf_model *m, net_state *s, void **block, yf_error *err)
{
    size_t n = (size_t)m->n_layers;
    const yf_allocator *a = yf_arena_allocator(((const yf_model_impl *)m)->arena);
    *block = yf_malloc(a, n * (3 * sizeof(int64_t) + 3));
    if (!*block)
        return yf_error_nomem(err);
    memset(*block, 0, n * (3 * sizeof(int64_t) + 3));
    s->batch = *block;
    s->delta_gpu = s->batch + n;
    s->delta_rounding = s->delta_gpu + n;
    s->keep = (char *)(s->delta_rounding + n);
    s->delta = s->keep + n;
    s->delta_dev = s->delta + n;
    return YF_OK;
}

typedef struct totals {
    int64_t ws, max_in, max_out, rounding, n_alloc;
    int64_t moved[YF_MEM_LAYER_KINDS];
    int spatial;
} totals;

static void layers(const yf_model *m, const yf_dn_opts *o, int64_t B, int64_t ts, int lsb,
                   net_state *s, yf_dn_result *r, int64_t *per_layer, char *delta, totals *t)
{
    const yf_model_impl *mi = (const yf_model_impl *)m;
    for (int i = 0; i < m->n_layers; i++) {
        const yf_node *n = &mi->nodes[i];
        const yf_layer *l = n->l;
        yf_dn_ctx x = {.batch = B, .time_steps = ts, .train = o->train && i >= lsb,
                       .adam = o->optimizer ? o->optimizer == 2 : m->train.adam, .gpu = o->gpu, .cudnn_half = o->cudnn_half,
                       .model = mi, .layer_batch = s->batch};
        yf_dn_layer L = {.batch = B, .inputs = l->inputs};
        if (n->kind->darknet_mem)
            n->kind->darknet_mem(n, &x, &L);
        s->batch[i] = L.batch;
        s->delta[i] = resolve(L.delta, s->delta, i);
        s->delta_dev[i] = resolve(L.delta == YF_DN_ALIAS ? YF_DN_ALIAS : L.delta_gpu_kind,
                                  s->delta_dev, i);
        s->delta_gpu[i] = L.delta_gpu;
        s->delta_rounding[i] = L.delta_gpu_rounding;
        mark_keep(n, &L, o->gpu, lsb, s->keep);
        add_all(r->host, L.host, YF_MEM_LAYER_KINDS);
        add_all(r->device, L.device, YF_MEM_LAYER_KINDS);
        add_all(t->moved, L.moved, YF_MEM_LAYER_KINDS);
        r->pinned_bytes = yf_add(r->pinned_bytes, L.pinned);
        t->rounding = yf_add(t->rounding, L.rounding);
        t->n_alloc += L.n_device;
        if (L.workspace > t->ws)
            t->ws = L.workspace;
        if (o->layer_workspace)
            o->layer_workspace[i] = L.workspace;
        if (L.inputs > t->max_in)
            t->max_in = L.inputs;
        if (l->outputs > t->max_out)
            t->max_out = l->outputs;
        t->spatial |= l->in.w > 1 && l->in.h > 1;
        if (per_layer)
            per_layer[i] = sum(o->gpu ? L.device : L.host, YF_MEM_LAYER_KINDS);
        if (delta)
            delta[i] = s->delta[i];
    }
}

int yf_darknet_mem(const yf_model *m, const yf_dn_opts *o, yf_dn_result *r, int64_t *per_layer,
                   char *delta, yf_error *err)
{
    net_state s = {0};
    void *block = NULL;
    totals t = {0};
    memset(r, 0, sizeof(*r));
    if (alloc_state(m, &s, &block, err))
        return err->code;
    int64_t ts, B = mini_batch(m, o, &ts);
    int lsb = o->train ? m->train.last_stop_backward : -1;
    int64_t om = o->train && o->gpu ? m->train.optimized_memory : 0;
    r->net_batch = B;
    r->time_steps = ts;
    layers(m, o, B, ts, lsb, &s, r, per_layer, delta, &t);
    net_block(m, o, r);
    frozen(m, o, lsb, om >= 1, &s, r);
    if (o->gpu && om >= 1)
        shared_deltas(m, om, &s, r, &t.rounding, &t.n_alloc);
    r->workspace_size = t.ws;
    r->sigfpe = !t.spatial;
    if (!o->gpu && !r->sigfpe)
        r->host[YF_MEM_WORKSPACE] = t.ws;
    if (o->gpu && !r->sigfpe)
        gpu_network(m, o, B, t.max_in, t.max_out, t.ws, r, &t.rounding);
    if (o->gpu && om >= 2) { /* pre_allocate_pinned_memory(8 GiB), parser.c:1364 */
        int64_t moved = sum(t.moved, YF_MEM_LAYER_KINDS), gib8 = (int64_t)8 << 30;
        for (int k = 0; k < YF_MEM_LAYER_KINDS; k++)
            r->device[k] = yf_sub(r->device[k], t.moved[k]);
        r->pinned_bytes = yf_add(r->pinned_bytes, moved > gib8 ? moved : gib8);
    }
    if (o->gpu) {
        r->device_exact = yf_sub(sum(r->device, YF_MEM_COUNT), r->device[YF_MEM_CUDNN_WORKSPACE]);
        r->device[YF_MEM_ROUNDING] = t.rounding;
        r->device[YF_MEM_CONTEXT] = o->context;
        r->n_device = t.n_alloc;
    }
    r->host_bytes = sum(r->host, YF_MEM_COUNT);
    r->device_bytes = sum(r->device, YF_MEM_COUNT);
    yf_free(yf_arena_allocator(((const yf_model_impl *)m)->arena), block);
    return YF_OK;
}

int yf_darknet_inference(yf_model_impl *mi, yf_error *err)
{
    yf_model *m = &mi->pub;
    yf_dn_opts o = {.train = 0, .workspace = -1};
    yf_dn_result r;
    int64_t *per = yf_arena_alloc(mi->arena, sizeof(int64_t) * (size_t)m->n_layers * 2);
    if (!per)
        return yf_error_nomem(err);
    o.layer_workspace = per + m->n_layers;
    if (yf_darknet_mem(m, &o, &r, per, NULL, err))
        return err->code;
    for (int i = 0; i < m->n_layers; i++) {
        mi->layers[i].darknet_cpu_bytes = per[i];
        mi->layers[i].darknet_workspace_bytes = r.sigfpe ? 0 : per[m->n_layers + i];
    }
    m->totals.darknet_cpu_bytes = r.host_bytes;
    return YF_OK;
}

const char *yf_mem_name(int kind)
{
    static const char *const names[YF_MEM_COUNT] = {
        "weights", "updates", "ema", "bn_train", "outputs", "deltas", "bn_x",
        "activation_input", "adam", "indexes", "head", "recurrent_state", "binary", "fp16",
        "layer_structs", "arrays", "other", "net", "workspace", "frozen_deltas",
        "shared_deltas", "input", "cudnn_workspace", "context", "rounding", "data_loader",
        "bn_buffers", "gradients", "optimizer_state", "saved_for_backward",
        "backward_transient"};
    return kind >= 0 && kind < YF_MEM_COUNT ? names[kind] : NULL;
}
