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

const yf_kind yf_kind_connected = {
    .name = "connected",
    .op = YF_OP_CONNECTED,
    .sections = (const char *const[]){"connected", "conn", NULL},
    .priv_size = sizeof(connected),
    .parse = parse,
    .infer = infer,
    .cost = cost,
    .describe = describe,
};
