/* [local] — parser.c:parse_local, local_layer.c (locally connected: one
 * filter bank per output position).
 *   out_w = (pad ? w-1 : w-size)/stride + 1, out_h likewise, out_c = filters
 *   .weights floats = outputs (biases) + size^2*c*filters*out_w*out_h
 *   thop-style MACs: as a conv at every position, out_w*out_h*filters*c*size^2
 *   (thop itself has no rule for a custom module); params = floats.
 *   bflops: Darknet never sets l.bflops here (0). */
#include "../core.h"

#include <stdio.h>

typedef struct local {
    int64_t filters, size, stride, pad;
} local;

static int parse(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    local *p = n->priv;
    int pad;
    yf_activation(c, l, "logistic");
    if (yf_key_int(c, "filters", 1, 1, YF_MAX_DIM, &p->filters) ||
        yf_key_int(c, "size", 1, 1, 65536, &p->size) ||
        yf_key_int(c, "stride", 1, 1, 65536, &p->stride) || yf_key_flag(c, "pad", 0, &pad))
        return c->err->code;
    p->pad = pad;
    l->attr = (yf_attrs){.filters = p->filters, .size = p->size, .stride_x = p->stride,
                         .stride_y = p->stride, .padding = p->pad, .activation = l->attr.activation,
                         .filters_key = "filters"};
    return YF_OK;
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    local *p = n->priv;
    if (yf_shape_check(c, l, "[local]"))
        return c->err->code;
    if (!p->pad && yf_window_fits(c, "size", p->size, l->in.w, l->in.h, p->stride, p->stride,
                                  "input"))
        return c->err->code;
    int64_t cut = p->pad ? 1 : p->size;
    l->out = (yf_shape){(l->in.w - cut) / p->stride + 1, (l->in.h - cut) / p->stride + 1,
                        p->filters};
    l->outputs = yf_mul(yf_mul(l->out.w, l->out.h), l->out.c);
    return YF_OK;
}

static int cost(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    (void)c;
    local *p = n->priv;
    int64_t w = yf_mul(yf_mul(p->size * p->size, l->in.c), l->outputs);
    l->macs = l->macs_fused = w;
    l->weights_file_floats = l->params = l->params_fused = yf_add(w, l->outputs);
    l->quant_weights = w; /* a kernel per output position, one bias per output */
    l->quant_channels = l->out.c;
    l->quant_tensors = 1;
    yf_pt_add(l, yf_add(w, l->outputs), 0, yf_add(w, l->outputs)); /* as a conv with bias */
    yf_pt_act(l, l->attr.activation, l->outputs);
    return YF_OK;
}

static void describe(yf_node *n)
{
    yf_layer *l = n->l;
    local *p = n->priv;
    snprintf(l->desc, sizeof(l->desc), "%lld %lldx%lld/%lld", (long long)p->filters,
             (long long)p->size, (long long)p->size, (long long)p->stride);
}

/* make_local_layer (local_layer.c:50-81), L = out_w*out_h: weights and
 * their updates 4*c*n*size^2*L each, biases and updates 4O each, the column
 * buffer 4*L*size^2*c, output and delta 4BO, whatever the mode. */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    const local *p = n->priv;
    const yf_layer *l = n->l;
    int64_t area = yf_mul(l->out.w, l->out.h), k = yf_mul(p->size * p->size, l->in.c);
    int64_t w = yf_mul(yf_mul(4, yf_mul(k, p->filters)), area), col = yf_mul(4 * area, k);
    yf_dn_host(m, YF_MEM_WEIGHTS, yf_add(w, 4 * l->outputs));
    yf_dn_host(m, YF_MEM_UPDATES, yf_add(w, 4 * l->outputs));
    yf_dn_host(m, YF_MEM_OTHER, col);
    yf_dn_output_delta(x, l->outputs, m);
    if (!x->gpu)
        return;
    yf_dn_dev(m, YF_MEM_WEIGHTS, w);
    yf_dn_dev(m, YF_MEM_UPDATES, w);
    yf_dn_dev(m, YF_MEM_WEIGHTS, 4 * l->outputs);
    yf_dn_dev(m, YF_MEM_UPDATES, 4 * l->outputs);
    yf_dn_dev(m, YF_MEM_OTHER, col);
}

/* As a conv with its own filters at every position. */
static void train(const yf_node *n, yf_train_layer *t)
{
    const local *p = n->priv;
    const yf_layer *l = n->l;
    yf_train_affine(t, yf_mul(yf_mul(p->size * p->size, l->in.c), l->outputs), l->outputs, 0,
                    l->attr.activation, l->params);
    t->param_tensors = 2;
}

const yf_kind yf_kind_local = {
    .name = "local",
    .sections = (const char *const[]){"local", NULL},
    .priv_size = sizeof(local),
    .parse = parse,
    .infer = infer,
    .cost = cost,
    .describe = describe,
    .darknet_mem = darknet_mem,
    .train = train,
};
