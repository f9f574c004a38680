/* [upsample] — parser.c:parse_upsample, upsample_layer.c:make_upsample_layer.
 *
 *   stride default 2: out = w*stride x h*stride x c
 *   stride < 0 ("downsample"): out = w/|stride| x h/|stride| x c
 *   No weights, no BFLOPs; thop 2.1.6 counts nearest Upsample as 0 MACs
 *   (thop <= 2.1.1 counted one per output element; see docs/formulas.md). */
#include "../core.h"

#include <stdio.h>

typedef struct upsample {
    int64_t stride;
} upsample;

static int parse(yf_ctx *c, yf_node *n)
{
    upsample *p = n->priv;
    static const char *const ignored[] = {"scale", NULL};
    yf_key_ignore(c, ignored);
    if (yf_key_int(c, "stride", 2, -65536, 65536, &p->stride))
        return c->err->code;
    if (p->stride == 0)
        return yf_ctx_fail(c, YF_ERR_VALUE, "stride", "'stride' must not be 0, got '0'");
    n->l->attr.stride_x = n->l->attr.stride_y = p->stride;
    return YF_OK;
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    upsample *p = n->priv;
    if (yf_shape_check(c, l, "[upsample]"))
        return c->err->code;
    n->step_x = n->step_y = p->stride > 0 ? 1.0 / (double)p->stride : (double)-p->stride;
    if (p->stride > 0) {
        l->out = (yf_shape){yf_mul(l->in.w, p->stride), yf_mul(l->in.h, p->stride), l->in.c};
        if (l->out.w > YF_MAX_DIM || l->out.h > YF_MAX_DIM)
            return yf_ctx_fail(c, YF_ERR_SHAPE, "stride", "upsampled size %lldx%lld exceeds %d",
                               (long long)l->out.w, (long long)l->out.h, YF_MAX_DIM);
    } else {
        l->out = (yf_shape){l->in.w / -p->stride, l->in.h / -p->stride, l->in.c};
    }
    l->outputs = yf_mul(yf_mul(l->out.w, l->out.h), l->out.c);
    return YF_OK;
}

static int cost(yf_ctx *c, yf_node *n)
{
    (void)c;
    yf_pt_add(n->l, n->l->outputs, n->l->outputs, 0); /* nn.Upsample hook + F.interpolate */
    return YF_OK;
}

static void describe(yf_node *n)
{
    yf_layer *l = n->l;
    upsample *p = n->priv;
    if (p->stride > 0)
        snprintf(l->desc, sizeof(l->desc), "x%lld", (long long)p->stride);
    else
        snprintf(l->desc, sizeof(l->desc), "/%lld", (long long)-p->stride);
}

/* make_upsample_layer: output and delta, always (upsample_layer.c:28-29). */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    yf_dn_output_delta(x, n->l->outputs, m);
}

/* A copy forward; backward sums stride^2 outputs into each input: one a
 * output. */
static void train(const yf_node *n, yf_train_layer *t)
{
    t->bwd_input = n->l->outputs;
}

const yf_kind yf_kind_upsample = {
    .name = "upsample",
    .op = YF_OP_UPSAMPLE,
    .sections = (const char *const[]){"upsample", NULL},
    .priv_size = sizeof(upsample),
    .parse = parse,
    .infer = infer,
    .cost = cost,
    .describe = describe,
    .darknet_mem = darknet_mem,
    .train = train,
};
