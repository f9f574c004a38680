/* [connected] / [conn] — parser.c:parse_connected,
 * connected_layer.c:make_connected_layer.
 *   inputs = the previous layer's outputs; out = 1 x 1 x output
 *   .weights floats = output + output*inputs + (bn ? 3*output : 0)
 *   thop: Linear in*out MACs (+ BatchNorm1d 4*output);
 *   params = in*out + (bn ? 2*output : output (bias))
 *   bflops: Darknet never sets l.bflops for connected layers (0). */
#include "../core.h"

#include <stdio.h>

typedef struct connected {
    int64_t output, bn;
} connected;

static int parse(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    connected *p = n->priv;
    yf_activation(c, l, "logistic");
    int bn;
    if (yf_key_int(c, "output", 1, 1, YF_MAX_DIM, &p->output) ||
        yf_key_flag(c, "batch_normalize", 0, &bn))
        return c->err->code;
    p->bn = bn;
    l->attr.filters = p->output;
    l->attr.filters_key = "output";
    l->attr.batch_normalize = p->bn != 0;
    return YF_OK;
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    (void)c;
    connected *p = n->priv;
    l->out = (yf_shape){1, 1, p->output};
    l->outputs = p->output;
    return YF_OK;
}

static int cost(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    (void)c;
    connected *p = n->priv;
    yf_convfig f;
    yf_connected_figures(l->inputs, p->output, p->bn != 0, l->attr.activation, &f);
    yf_layer_add(l, &f);
    return YF_OK;
}

static void describe(yf_node *n)
{
    yf_layer *l = n->l;
    connected *p = n->priv;
    snprintf(l->desc, sizeof(l->desc), "%lld", (long long)p->output);
}

/* make_connected_layer (layers/darknet.c). */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    const connected *p = n->priv;
    yf_dn_connected_add(x, x->batch, 1, n->l->inputs, p->output, p->bn != 0, 1, m);
}

/* As a conv: 2 FLOPs a MAC each way; BatchNorm1d over the outputs. */
static void train(const yf_node *n, yf_train_layer *t)
{
    const connected *p = n->priv;
    const yf_layer *l = n->l;
    yf_train_affine(t, yf_mul(l->inputs, p->output), p->output, p->bn != 0, l->attr.activation,
                    l->params);
    t->bn_channels = p->bn ? p->output : 0;
    t->param_tensors = p->bn ? 4 : 2;
}

const yf_kind yf_kind_connected = {
    .name = "connected",
    .op = YF_OP_CONNECTED,
    .sections = (const char *const[]){"connected", "conn", NULL},
    .priv_size = sizeof(connected),
    .parse = parse,
    .infer = infer,
    .cost = cost,
    .describe = describe,
    .darknet_mem = darknet_mem,
    .train = train,
};
