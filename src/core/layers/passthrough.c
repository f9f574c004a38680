/* Layers that pass their input through with its shape unchanged and cost
 * nothing in either convention: [activation] (activation_layer.c),
 * [dropout] (dropout_layer.c; shares the previous layer's output buffer),
 * [empty]/[silence] (shares the buffer too), [normalization]/[lrn]
 * (normalization_layer.c; thop has no rule for LocalResponseNorm: 0). */
#include "../core.h"

static int parse_activation(yf_ctx *c, yf_node *n)
{
    yf_activation(c, n->l, "linear");
    return YF_OK;
}

static int parse_dropout(yf_ctx *c, yf_node *n)
{
    static const char *const keys[] = {"dropblock_size_rel", "dropblock_size_abs", NULL};
    double prob;
    int64_t dropblock;
    yf_key_ignore(c, keys);
    if (yf_key_float(c, "probability", 0.2, &prob) ||
        yf_key_int(c, "dropblock", 0, 0, 1, &dropblock))
        return c->err->code;
    *(int *)n->priv = dropblock != 0;
    if (prob < 0 || prob > 1)
        return yf_ctx_fail(c, YF_ERR_VALUE, "probability",
                           "'probability' must be in [0, 1], got '%g'", prob);
    return YF_OK;
}

static int parse_normalization(yf_ctx *c, yf_node *n)
{
    static const char *const keys[] = {"alpha", "beta", "kappa", NULL};
    yf_key_ignore(c, keys);
    return yf_key_int(c, "size", 5, 1, 65536, &n->l->attr.size) ? c->err->code : YF_OK;
}

static int infer(yf_ctx *c, yf_node *n)
{
    (void)c;
    yf_same_shape(n->l);
    return YF_OK;
}

static int infer_image(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    if (yf_shape_check(c, l, "[normalization]"))
        return c->err->code;
    yf_same_shape(l);
    return YF_OK;
}

/* ptflops 0.7.6 has no rule for LocalResponseNorm's module; its patched
 * F.local_response_norm counts 3X + (c + size - 1) * h * w. */
static int cost_normalization(yf_ctx *c, yf_node *n)
{
    (void)c;
    yf_layer *l = n->l;
    int64_t hw = yf_mul(l->in.w, l->in.h);
    yf_pt_add(l, 0, yf_add(yf_mul(3, l->outputs), yf_mul(l->in.c + l->attr.size - 1, hw)), 0);
    return YF_OK;
}

/* make_activation_layer (activation_layer.c:21-31): output and delta of
 * its inputs, always. */
static void darknet_mem_activation(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    yf_dn_output_delta(x, n->l->inputs, m);
}

/* make_dropout_layer (dropout_layer.c:28-38): the random mask 4BI; output
 * and delta are the previous layer's (parser.c). dropblock adds 4B of
 * device and pinned memory. A GPU build keeps its delta. */
static void darknet_mem_dropout(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    int64_t bi = yf_mul(4 * x->batch, n->l->inputs);
    yf_dn_host(m, YF_MEM_OTHER, bi);
    m->delta = YF_DN_ALIAS;
    m->keep = YF_DN_KEEP_GPU;
    if (!x->gpu)
        return;
    yf_dn_dev(m, YF_MEM_OTHER, bi);
    if (*(const int *)n->priv) {
        yf_dn_pinned(m, 4 * x->batch);
        yf_dn_dev(m, YF_MEM_OTHER, 4 * x->batch);
    }
}

/* An empty layer allocates nothing: the previous layer's buffers. */
static void darknet_mem_empty(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    (void)n;
    (void)x;
    m->delta = YF_DN_ALIAS;
    m->keep = YF_DN_KEEP_GPU;
}

/* make_normalization_layer (normalization_layer.c:19-35): output, delta,
 * squared and norms, 4BO each, always. */
static void darknet_mem_normalization(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    int64_t bo = yf_mul(4 * x->batch, n->l->outputs);
    yf_dn_output_delta(x, n->l->outputs, m);
    yf_dn_host(m, YF_MEM_OTHER, yf_mul(2, bo));
    if (x->gpu) {
        yf_dn_dev(m, YF_MEM_OTHER, bo);
        yf_dn_dev(m, YF_MEM_OTHER, bo);
    }
}

/* The activation per element each way; PyTorch saves its input or output. */
static void train_activation(const yf_node *n, yf_train_layer *t)
{
    const yf_layer *l = n->l;
    int64_t af, ab;
    yf_act_flops(l->attr.activation, &af, &ab);
    t->fwd = yf_mul(af, l->outputs);
    t->bwd_input = yf_mul(ab, l->outputs);
    t->saves_inputs = yf_act_saves(l->attr.activation) == 1;
    t->saves_output = yf_act_saves(l->attr.activation) == 2;
}

/* One multiply each way per element; PyTorch keeps a bool mask. */
static void train_dropout(const yf_node *n, yf_train_layer *t)
{
    t->fwd = t->bwd_input = n->l->outputs;
    t->saved_bytes = n->l->inputs;
}

static void train_empty(const yf_node *n, yf_train_layer *t)
{
    (void)n;
    t->view = 1;
}

#define PASS(sym, nm, fl, size, op_, parsefn, inferfn, costfn, memfn, trainfn, ...)             \
    const yf_kind yf_kind_##sym = {                                                            \
        .name = nm,                                                                            \
        .sections = (const char *const[]){__VA_ARGS__, NULL},                                  \
        .flags = fl,                                                                           \
        .op = op_,                                                                             \
        .priv_size = size,                                                                     \
        .parse = parsefn,                                                                      \
        .infer = inferfn,                                                                      \
        .cost = costfn,                                                                        \
        .describe = yf_describe_none,                                                          \
        .darknet_mem = memfn,                                                                  \
        .train = trainfn,                                                                      \
    };

PASS(activation, "activation", 0, 0, YF_OP_OTHER, parse_activation, infer, yf_cost_activation,
     darknet_mem_activation, train_activation, "activation")
PASS(dropout, "dropout", YF_LAYER_ALIAS, sizeof(int), YF_OP_NONE, parse_dropout, infer,
     yf_cost_none, darknet_mem_dropout, train_dropout, "dropout")
PASS(empty, "empty", YF_LAYER_ALIAS, 0, YF_OP_NONE, yf_parse_none, infer, yf_cost_none,
     darknet_mem_empty, train_empty, "empty", "silence")
PASS(normalization, "normalization", 0, 0, YF_OP_OTHER, parse_normalization, infer_image,
     cost_normalization, darknet_mem_normalization, NULL, "normalization", "lrn")
