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

/* make_batchnorm_layer (batchnorm_layer.c:18-77): output, delta, x, x_norm
 * 4BO each and ten per-channel arrays, whatever the mode; the device holds
 * output, x and the delta in training only. */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    int64_t bo = yf_mul(4 * x->batch, n->l->outputs), c4 = 4 * n->l->in.c;
    yf_dn_host(m, YF_MEM_OUTPUTS, bo);
    yf_dn_host(m, YF_MEM_DELTAS, bo);
    yf_dn_host(m, YF_MEM_WEIGHTS, 4 * c4);
    yf_dn_host(m, YF_MEM_UPDATES, 2 * c4);
    yf_dn_host(m, YF_MEM_BN_TRAIN, 4 * c4);
    yf_dn_host(m, YF_MEM_BN_X, yf_mul(2, bo));
    m->delta = YF_DN_OWN;
    if (!x->gpu)
        return;
    yf_dn_dev_moved(m, YF_MEM_OUTPUTS, bo);
    yf_dn_dev(m, YF_MEM_WEIGHTS, c4);
    yf_dn_dev(m, YF_MEM_WEIGHTS, c4);
    if (x->train) {
        yf_dn_dev_delta(m, bo);
        yf_dn_dev(m, YF_MEM_UPDATES, c4);
        yf_dn_dev(m, YF_MEM_UPDATES, c4);
        yf_dn_dev(m, YF_MEM_BN_TRAIN, c4);
        yf_dn_dev(m, YF_MEM_BN_TRAIN, c4);
    }
    for (int k = 0; k < 4; k++)
        yf_dn_dev(m, YF_MEM_WEIGHTS, c4);
    if (x->train)
        yf_dn_dev_moved(m, YF_MEM_BN_X, bo);
}

/* BN: 7 FLOPs forward and 10 backward per element; scales and biases. */
static void train(const yf_node *n, yf_train_layer *t)
{
    const yf_layer *l = n->l;
    t->fwd = yf_mul(7, l->outputs);
    t->bwd_other = yf_mul(10, l->outputs);
    t->weights = yf_mul(2, l->in.c);
    t->saves_inputs = 1;
    t->param_tensors = 2;
    t->bn_channels = l->in.c;
}

const yf_kind yf_kind_batchnorm = {
    .name = "batchnorm",
    .sections = (const char *const[]){"batchnorm", NULL},
    .priv_size = 0,
    .parse = yf_parse_none,
    .infer = infer,
    .cost = cost,
    .describe = yf_describe_none,
    .darknet_mem = darknet_mem,
    .train = train,
};
