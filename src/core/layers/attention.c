/* [scale_channels] (scale_channels_layer.c) and [sam] (sam_layer.c): the
 * previous layer's output multiplies the 'from' layer's output.
 *   out = the 'from' layer's shape (w2 x h2 x c2)
 *   scale_channels: c must equal c2 (scale_wh=1: w,h must equal w2,h2)
 *   sam: the input shape must equal the 'from' shape
 *   No weights, no BFLOPs, 0 thop MACs (elementwise multiply). */
#include "../core.h"

#include <stdio.h>

typedef struct attn {
    int64_t scale_wh;
    int sam;
} attn;

static int parse_sc(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    attn *p = n->priv;
    yf_activation(c, l, "linear");
    int wh;
    if (yf_key_flag(c, "scale_wh", 0, &wh))
        return c->err->code;
    p->scale_wh = wh;
    return yf_from_ref(c, n);
}

static int parse_sam(yf_ctx *c, yf_node *n)
{
    attn *p = n->priv;
    p->sam = 1;
    yf_activation(c, n->l, "linear");
    return yf_from_ref(c, n);
}

static int mismatch(yf_ctx *c, const yf_layer *l, const yf_layer *f, const char *rule)
{
    return yf_ctx_fail(c, YF_ERR_SHAPE, "from",
                       "%s: the previous layer outputs %lldx%lldx%lld, #%d outputs %lldx%lldx%lld",
                       rule, (long long)l->in.w, (long long)l->in.h, (long long)l->in.c, f->index,
                       (long long)f->out.w, (long long)f->out.h, (long long)f->out.c);
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    attn *p = n->priv;
    const yf_layer *f = yf_ctx_layer(c, n->refs[0]);
    int sam = p->sam;
    if (sam && (l->in.w != f->out.w || l->in.h != f->out.h || l->in.c != f->out.c))
        return mismatch(c, l, f, "[sam] needs equal shapes");
    /* make_scale_channels_layer asserts on the previous layer, then on 'from' */
    if (!sam && !p->scale_wh && (l->in.w != 1 || l->in.h != 1))
        return mismatch(c, l, f, "[scale_channels] needs a 1x1 previous layer (Darknet asserts "
                                 "w == 1 && h == 1, make_scale_channels_layer)");
    if (!sam && p->scale_wh && l->in.c != 1)
        return mismatch(c, l, f, "[scale_channels] scale_wh=1 needs a 1-channel previous layer "
                                 "(Darknet asserts c == 1, make_scale_channels_layer)");
    if (!sam && !p->scale_wh && l->in.c != f->out.c)
        return mismatch(c, l, f, "[scale_channels] needs equal channel counts (Darknet asserts "
                                 "l.out_c == l.c)");
    if (!sam && p->scale_wh && (l->in.w != f->out.w || l->in.h != f->out.h))
        return mismatch(c, l, f, "[scale_channels] scale_wh=1 needs equal width and height "
                                 "(Darknet asserts l.out_w == l.w && l.out_h == l.h)");
    l->out = f->out;
    l->outputs = yf_mul(yf_mul(l->out.w, l->out.h), l->out.c);
    return YF_OK;
}


/* make_scale_channels_layer, make_sam_layer: output and delta, always; the
 * 'from' layer keeps its delta even before a stopbackward (parser.c). */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    yf_dn_output_delta(x, n->l->outputs, m);
    m->keep = YF_DN_KEEP_REF0 | YF_DN_KEEP_ANYWHERE;
}

/* One multiply forward, two backward (both factors) per output; PyTorch
 * saves both inputs. */
static void train(const yf_node *n, yf_train_layer *t)
{
    t->fwd = n->l->outputs;
    t->bwd_input = yf_mul(2, n->l->outputs);
    t->saves_inputs = 1;
}

const yf_kind yf_kind_scale_channels = {
    .name = "scale_channels",
    .op = YF_OP_SCALE,
    .sections = (const char *const[]){"scale_channels", NULL},
    .priv_size = sizeof(attn),
    .parse = parse_sc,
    .infer = infer,
    .cost = yf_cost_activation,
    .describe = yf_describe_refs,
    .darknet_mem = darknet_mem,
    .train = train,
};

const yf_kind yf_kind_sam = {
    .name = "sam",
    .op = YF_OP_SCALE,
    .sections = (const char *const[]){"sam", NULL},
    .priv_size = sizeof(attn),
    .parse = parse_sam,
    .infer = infer,
    .cost = yf_cost_activation,
    .describe = yf_describe_refs,
    .darknet_mem = darknet_mem,
    .train = train,
};
