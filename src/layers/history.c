/* [history] — parser.c:parse_history, make_history_layer: keeps the last
 * history_size inputs stacked on channels.
 *   out = w x h x c*history_size; no weights, no cost. */
#include "../internal.h"

#include <stdio.h>

typedef struct history {
    int64_t size;
} history;

static int parse(yf_ctx *c, yf_layer *l)
{
    history *p = l->priv_;
    return yf_key_int(c, "history_size", 4, 1, 65536, &p->size) ? YF_ERR_INPUT : YF_OK;
}

static int infer(yf_ctx *c, yf_layer *l)
{
    history *p = l->priv_;
    if (yf_shape_check(c, l, "[history]"))
        return YF_ERR_INPUT;
    l->out = (yf_shape){l->in.w, l->in.h, yf_mul(l->in.c, p->size)};
    l->outputs = yf_mul(l->inputs, p->size);
    return YF_OK;
}

static void describe(yf_layer *l)
{
    history *p = l->priv_;
    snprintf(l->desc, sizeof(l->desc), "x%lld", (long long)p->size);
}

const yf_kind yf_kind_history = {
    .name = "history",
    .sections = (const char *const[]){"history", NULL},
    .priv_size = sizeof(history),
    .parse = parse,
    .infer = infer,
    .cost = yf_cost_none,
    .describe = describe,
};
