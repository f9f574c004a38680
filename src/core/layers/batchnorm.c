/* [batchnorm] — parser.c:parse_batchnorm, batchnorm_layer.c.
 *   shape unchanged; .weights floats = 4*c (biases, scales, mean, variance)
 *   thop: BatchNorm2d 4*X MACs, params 2*c (gamma, beta), buffers 2*c.
 *   A standalone BatchNorm has no conv to fold into: fused figures equal
 *   the unfused ones. */
#include "../core.h"

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    if (yf_shape_check(c, l, "[batchnorm]"))
        return c->err->code;
    yf_same_shape(l);
    return YF_OK;
}

static int cost(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    (void)c;
    int64_t ch = l->in.c;
    l->weights_file_floats = yf_mul(4, ch);
    l->params = l->params_fused = l->buffers = yf_mul(2, ch);
    l->macs = l->macs_fused = yf_mul(4, l->outputs);
    yf_pt_add(l, yf_mul(2, l->outputs), 0, 0); /* BatchNorm2d, nothing to fold into */
    l->attr.batch_normalize = 1;
    return YF_OK;
}

const yf_kind yf_kind_batchnorm = {
    .name = "batchnorm",
    .sections = (const char *const[]){"batchnorm", NULL},
    .priv_size = 0,
    .parse = yf_parse_none,
    .infer = infer,
    .cost = cost,
    .describe = yf_describe_none,
};
