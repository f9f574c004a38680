/* [reorg3d] (REORG, reorg_layer.c) and [reorg] (REORG_OLD,
 * reorg_old_layer.c) — same shapes:
 *   reverse=0: out = w/stride x h/stride x c*stride^2
 *   reverse=1: out = w*stride x h*stride x c/stride^2
 *   No weights, no BFLOPs, 0 thop MACs (a reshape). */
#include "../core.h"

#include <stdio.h>

typedef struct reorg {
    const char *section; /* for messages */
    int64_t stride, reverse;
} reorg;

static int parse(yf_ctx *c, yf_node *n, const char *section)
{
    reorg *p = n->priv;
    p->section = section;
    int reverse;
    if (yf_key_int(c, "stride", 1, 1, 65536, &p->stride) || yf_key_flag(c, "reverse", 0, &reverse))
        return c->err->code;
    p->reverse = reverse;
    n->l->attr.stride_x = n->l->attr.stride_y = p->stride;
    return YF_OK;
}

static int parse_reorg(yf_ctx *c, yf_node *n)
{
    return parse(c, n, "[reorg]");
}

static int parse_reorg3d(yf_ctx *c, yf_node *n)
{
    return parse(c, n, "[reorg3d]");
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    reorg *p = n->priv;
    int64_t s = p->stride;
    if (yf_shape_check(c, l, p->section))
        return c->err->code;
    n->step_x = n->step_y = p->reverse ? 1.0 / (double)s : (double)s;
    if (p->reverse)
        l->out = (yf_shape){yf_mul(l->in.w, s), yf_mul(l->in.h, s), l->in.c / (s * s)};
    else
        l->out = (yf_shape){l->in.w / s, l->in.h / s, yf_mul(l->in.c, s * s)};
    if ((p->reverse ? l->in.c % (s * s) : (l->in.w % s) | (l->in.h % s)) != 0)
        yf_ctx_warn_kind(c, YF_WARN_SIZE, l->line, "'stride' %lld does not divide the input %lldx%lldx%lld: Darknet "
                                "truncates",
                    (long long)s, (long long)l->in.w, (long long)l->in.h, (long long)l->in.c);
    l->outputs = yf_mul(yf_mul(l->out.w, l->out.h), l->out.c);
    return YF_OK;
}

static void describe(yf_node *n)
{
    yf_layer *l = n->l;
    reorg *p = n->priv;
    snprintf(l->desc, sizeof(l->desc), "/%lld%s", (long long)p->stride,
             p->reverse ? " reverse" : "");
}

/* make_reorg_layer, make_reorg_old_layer: output and delta, always (:31-32). */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    yf_dn_output_delta(x, n->l->outputs, m);
}

const yf_kind yf_kind_reorg = {
    .name = "reorg",
    .op = YF_OP_REORG,
    .sections = (const char *const[]){"reorg", NULL},
    .priv_size = sizeof(reorg),
    .parse = parse_reorg,
    .infer = infer,
    .cost = yf_cost_none,
    .describe = describe,
    .darknet_mem = darknet_mem,
};

const yf_kind yf_kind_reorg3d = {
    .name = "reorg3d",
    .op = YF_OP_REORG,
    .sections = (const char *const[]){"reorg3d", NULL},
    .priv_size = sizeof(reorg),
    .parse = parse_reorg3d,
    .infer = infer,
    .cost = yf_cost_none,
    .describe = describe,
    .darknet_mem = darknet_mem,
};
