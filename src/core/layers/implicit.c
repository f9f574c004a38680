/* [implicit] — parser.c:parse_implicit, implicit_layer.c (YOLOR's learned
 * constant). It ignores its input.
 *   out = 1 x atoms x filters; .weights floats = params = filters*atoms.
 *   No BFLOPs, 0 thop MACs (a parameter read). */
#include "../core.h"

#include <stdio.h>

typedef struct implicit {
    int64_t filters, atoms;
} implicit;

static int parse(yf_ctx *c, yf_node *n)
{
    implicit *p = n->priv;
    static const char *const keys[] = {"mean", "std", NULL};
    yf_key_ignore(c, keys);
    return yf_key_int(c, "filters", 128, 1, YF_MAX_DIM, &p->filters) ||
                   yf_key_int(c, "atoms", 1, 1, YF_MAX_DIM, &p->atoms)
               ? c->err->code
               : YF_OK;
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    (void)c;
    implicit *p = n->priv;
    l->out = (yf_shape){1, p->atoms, p->filters};
    l->outputs = yf_mul(p->atoms, p->filters);
    return YF_OK;
}

static int cost(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    (void)c;
    l->weights_file_floats = l->params = l->params_fused = l->outputs;
    return YF_OK;
}

static void describe(yf_node *n)
{
    yf_layer *l = n->l;
    implicit *p = n->priv;
    snprintf(l->desc, sizeof(l->desc), "%lld", (long long)p->filters);
}

/* make_implicit_layer (representation_layer.c:28-49): the learned values
 * and their updates 4*filters*atoms each, output and delta 4BO. */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    int64_t w = 4 * n->l->outputs;
    yf_dn_host(m, YF_MEM_UPDATES, w);
    yf_dn_host(m, YF_MEM_WEIGHTS, w);
    yf_dn_output_delta(x, n->l->outputs, m);
    if (x->gpu) {
        yf_dn_dev(m, YF_MEM_WEIGHTS, w);
        yf_dn_dev(m, YF_MEM_UPDATES, w);
    }
}

/* The learned values: their gradient is the output's, one a value. */
static void train(const yf_node *n, yf_train_layer *t)
{
    t->bwd_weights = n->l->outputs;
    t->weights = n->l->params;
    t->param_tensors = 1;
}

const yf_kind yf_kind_implicit = {
    .name = "implicit",
    .sections = (const char *const[]){"implicit", NULL},
    .flags = YF_LAYER_NO_PREV,
    .priv_size = sizeof(implicit),
    .parse = parse,
    .infer = infer,
    .cost = cost,
    .describe = describe,
    .darknet_mem = darknet_mem,
    .train = train,
};
