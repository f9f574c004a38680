/* Output/loss layers: [softmax]/[soft] (softmax_layer.c), [cost]
 * (cost_layer.c), [contrastive] (representation_layer.c).
 *   outputs = inputs; Darknet leaves out_w/h/c at 0 for all three.
 *   No weights, no BFLOPs. thop Softmax: (X/n)*(3n-1) with X = inputs and
 *   n = inputs/groups (the softmax dimension); cost and contrastive are
 *   losses, not part of the inference graph: 0. */
#include "../core.h"

#include <stdio.h>
#include <string.h>

typedef struct loss {
    int64_t groups;
    int64_t yolo_raw;
    int yolo;
} loss;

static int parse_softmax(yf_ctx *c, yf_node *n)
{
    loss *p = n->priv;
    static const char *const keys[] = {"temperature", "tree", "spatial", "noloss", NULL};
    yf_key_ignore(c, keys);
    return yf_key_int(c, "groups", 1, 1, YF_MAX_DIM, &p->groups) ? c->err->code : YF_OK;
}

static int parse_cost(yf_ctx *c, yf_node *n)
{
    (void)n;
    static const char *const types[] = {"seg", "sse", "masked", "smooth", "L1", "wgan", NULL};
    static const char *const keys[] = {"scale", "ratio", "noobject_scale", "thresh", NULL};
    const char *t = yf_key_str(c, "type", "sse");
    yf_key_ignore(c, keys);
    for (int i = 0; types[i]; i++)
        if (strcmp(t, types[i]) == 0)
            return YF_OK;
    return yf_ctx_fail(c, YF_ERR_VALUE, "type",
                       "'type' must be one of sse, masked, smooth, L1, seg, wgan, got '%.40s'", t);
}

static int parse_contrastive(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    loss *p = n->priv;
    int64_t classes;
    static const char *const keys[] = {"temperature", "cls_normalizer", "max_delta",
                                       "contrastive_neg_max", NULL};
    yf_key_ignore(c, keys);
    if (yf_key_int(c, "classes", 1000, 1, YF_MAX_DIM, &classes) ||
        yf_key_int(c, "yolo_layer", 0, -YF_MAX_LAYERS, YF_MAX_LAYERS, &p->yolo_raw))
        return c->err->code;
    if (p->yolo_raw == 0)
        return yf_ctx_fail(c, YF_ERR_GRAPH, "yolo_layer",
                           "'yolo_layer' must point to a [yolo] layer (Darknet crashes without it)");
    return yf_ref_resolve(c, l, "yolo_layer", p->yolo_raw, &p->yolo);
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    loss *p = n->priv;
    if (p->groups > l->inputs)
        return yf_ctx_fail(c, YF_ERR_SHAPE, "groups", "'groups' %lld is larger than the %lld inputs",
                           (long long)p->groups, (long long)l->inputs);
    if (p->yolo_raw && !(yf_ctx_layer(c, p->yolo)->flags & YF_LAYER_YOLO))
        return yf_ctx_fail(c, YF_ERR_GRAPH, "yolo_layer",
                           "'yolo_layer' points to layer %d, which is a [%s], not a [yolo]", p->yolo,
                           yf_ctx_layer(c, p->yolo)->type);
    l->out = (yf_shape){0, 0, 0};
    l->outputs = l->inputs;
    return YF_OK;
}

static int cost_softmax(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    (void)c;
    loss *p = n->priv;
    int64_t dim = l->inputs / p->groups; /* the softmax dimension, >= 1 */
    l->macs = l->macs_fused = yf_mul(l->inputs / dim, yf_add(yf_mul(3, dim), -1));
    yf_pt_add(l, 0, l->inputs, 0); /* no module rule; the patched F.softmax counts X */
    return YF_OK;
}

/* Output and delta of the inputs, always, plus (kept for the loss): softmax
 * loss 4BI and cost 4 (softmax_layer.c:39-52), cost 4 (cost_layer.c:44-55),
 * contrastive loss and cost 8 (softmax_layer.c:169-172; only the variant with
 * yolo_layer= loads) and on the device its contrast_p_gpu of
 * (max*B)^2 * 28/4 floats (an int in Darknet: wraps). */
static void darknet_mem_softmax(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    int64_t bi = yf_mul(4 * x->batch, n->l->inputs);
    yf_dn_host(m, YF_MEM_HEAD, yf_add(bi, 4));
    yf_dn_output_delta(x, n->l->inputs, m);
    if (x->gpu)
        yf_dn_dev(m, YF_MEM_HEAD, bi);
    m->keep = YF_DN_KEEP_SELF;
}

static void darknet_mem_cost(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    yf_dn_host(m, YF_MEM_HEAD, 4);
    yf_dn_output_delta(x, n->l->inputs, m);
    m->keep = YF_DN_KEEP_SELF;
}

static void darknet_mem_contrastive(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    const loss *p = n->priv;
    yf_dn_host(m, YF_MEM_HEAD, 8);
    yf_dn_output_delta(x, n->l->inputs, m);
    m->keep = YF_DN_KEEP_SELF;
    if (!x->gpu)
        return;
    uint64_t q = (uint64_t)x->model->layers[p->yolo].head.max_boxes * (uint64_t)x->batch;
    uint64_t floats = (uint32_t)(q * q * 28 / 4);
    yf_dn_dev(m, YF_MEM_OTHER, (int64_t)(4 * floats));
}

/* Losses: no FLOPs counted; PyTorch keeps cost's and contrastive's input
 * for the loss, softmax saves its output. */
static void train_loss(const yf_node *n, yf_train_layer *t)
{
    (void)n;
    t->keeps_output = 1;
}

static void train_softmax(const yf_node *n, yf_train_layer *t)
{
    (void)n;
    t->saves_output = 1;
}

#define LOSS(sym, nm, op_, parsefn, costfn, memfn, trainfn, ...)                                              \
    const yf_kind yf_kind_##sym = {                                                            \
        .name = nm,                                                                            \
        .op = op_,                                                                             \
        .sections = (const char *const[]){__VA_ARGS__, NULL},                                  \
        .priv_size = sizeof(loss),                                                             \
        .parse = parsefn,                                                                      \
        .infer = infer,                                                                        \
        .cost = costfn,                                                                        \
        .describe = yf_describe_none,                                                          \
        .darknet_mem = memfn,                                                                  \
        .train = trainfn,                                                                      \
    };

LOSS(softmax, "softmax", YF_OP_SOFTMAX, parse_softmax, cost_softmax, darknet_mem_softmax,
     train_softmax, "softmax", "soft")
LOSS(cost, "cost", YF_OP_NONE, parse_cost, yf_cost_none, darknet_mem_cost, train_loss, "cost")
LOSS(contrastive, "contrastive", YF_OP_OTHER, parse_contrastive, yf_cost_none,
     darknet_mem_contrastive, train_loss, "contrastive")
