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
    (void)n;
    static const char *const keys[] = {"dropblock_size_rel", "dropblock_size_abs", NULL};
    double prob;
    int64_t dropblock;
    yf_key_ignore(c, keys);
    if (yf_key_float(c, "probability", 0.2, &prob) ||
        yf_key_int(c, "dropblock", 0, 0, 1, &dropblock))
        return c->err->code;
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

#define PASS(sym, nm, fl, op_, parsefn, inferfn, costfn, ...)                                    \
    const yf_kind yf_kind_##sym = {                                                            \
        .name = nm,                                                                            \
        .sections = (const char *const[]){__VA_ARGS__, NULL},                                  \
        .flags = fl,                                                                           \
        .op = op_,                                                                             \
        .priv_size = 0,                                                                        \
        .parse = parsefn,                                                                      \
        .infer = inferfn,                                                                      \
        .cost = costfn,                                                                        \
        .describe = yf_describe_none,                                                          \
    };

PASS(activation, "activation", 0, YF_OP_OTHER, parse_activation, infer, yf_cost_activation, "activation")
PASS(dropout, "dropout", YF_LAYER_ALIAS, YF_OP_NONE, parse_dropout, infer, yf_cost_none, "dropout")
PASS(empty, "empty", YF_LAYER_ALIAS, YF_OP_NONE, yf_parse_none, infer, yf_cost_none, "empty", "silence")
PASS(normalization, "normalization", 0, YF_OP_OTHER, parse_normalization, infer_image,
     cost_normalization, "normalization", "lrn")
