/* [history] — parser.c:parse_history, make_history_layer: keeps the last
 * history_size inputs stacked on channels.
 *   out = w x h x c*history_size; no weights, no cost. */
#include "../core.h"

#include <stdio.h>

typedef struct history {
    int64_t size;
} history;

static int parse(yf_ctx *c, yf_node *n)
{
    history *p = n->priv;
    return yf_key_int(c, "history_size", 4, 1, 65536, &p->size) ? c->err->code : YF_OK;
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    history *p = n->priv;
    if (yf_shape_check(c, l, "[history]"))
        return c->err->code;
    l->out = (yf_shape){l->in.w, l->in.h, yf_mul(l->in.c, p->size)};
    l->outputs = yf_mul(l->inputs, p->size);
    return YF_OK;
}

static void describe(yf_node *n)
{
    yf_layer *l = n->l;
    history *p = n->priv;
    snprintf(l->desc, sizeof(l->desc), "x%lld", (long long)p->size);
}

/* make_history_layer (conv_lstm_layer.c:265-278): output, delta and the
 * previous state, 4BO each. */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    int64_t bo = yf_mul(4 * x->batch, n->l->outputs);
    yf_dn_output_delta(x, n->l->outputs, m);
    yf_dn_host(m, YF_MEM_STATE, bo);
    if (x->gpu)
        yf_dn_dev(m, YF_MEM_STATE, bo);
}

const yf_kind yf_kind_history = {
    .name = "history",
    .sections = (const char *const[]){"history", NULL},
    .priv_size = sizeof(history),
    .parse = parse,
    .infer = infer,
    .cost = yf_cost_none,
    .describe = describe,
    .darknet_mem = darknet_mem,
};
