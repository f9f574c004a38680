/* [route] — parser.c:parse_route, route_layer.c:make_route_layer.
 *
 *   layers = a,b,...  (negative = relative to this layer)
 *   out_w, out_h = first input's out_w, out_h; out_c = sum of out_c
 *   (Darknet zeroes the output when inputs differ in w/h; we reject it)
 *   groups/group_id: out_c /= groups, outputs = sum(outputs) / groups;
 *   group_id only picks which slice is used at run time.
 *   No weights, no BFLOPs, 0 thop MACs (torch.cat). */
#include "../core.h"

#include <stdio.h>
#include <string.h>

typedef struct route {
    int *raw, n;
    int64_t groups, group_id;
} route;

static int parse(yf_ctx *c, yf_node *n)
{
    route *p = n->priv;
    if (yf_key_refs(c, "layers", &p->raw, &p->n))
        return c->err->code;
    if (!p->n)
        return yf_ctx_fail(c, YF_ERR_GRAPH, NULL,
                           "'layers' is required (the layers to concatenate)");
    if (yf_key_int(c, "groups", 1, INT32_MIN, YF_MAX_DIM, &p->groups) ||
        yf_key_int(c, "group_id", 0, INT32_MIN, YF_MAX_DIM, &p->group_id))
        return c->err->code;
    if (p->groups < 1)
        return yf_ctx_fail(c, YF_ERR_VALUE, "groups",
                           "'groups' must be > 0, got '%lld' (make_route_layer divides by it: "
                           "Darknet crashes or fails to allocate)",
                           (long long)p->groups);
    if (p->group_id < 0 || p->group_id >= p->groups)
        return yf_ctx_fail(c, YF_ERR_VALUE, "group_id",
                           "'group_id' must be 0..%lld (groups - 1), got '%lld': Darknet builds "
                           "this, but its forward pass reads outside the routed outputs "
                           "(forward_route_layer)",
                           (long long)p->groups - 1, (long long)p->group_id);
    n->l->attr.groups = p->groups;
    return yf_refs_resolve(c, n, "layers", p->raw, p->n);
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    route *p = n->priv;
    const yf_layer *first = yf_ctx_layer(c, n->refs[0]);
    int64_t ch = 0, outputs = 0;
    for (int i = 0; i < p->n; i++) {
        const yf_layer *in = yf_ctx_layer(c, n->refs[i]);
        if (in->out.w != first->out.w || in->out.h != first->out.h) {
            /* the deepest stride so far is the one the network input must divide by */
            double sx = 1, sy = 1;
            for (int k = 0; k < l->index; k++) {
                const yf_node *s = yf_ctx_node(c, k);
                sx = s->scale_x > sx ? s->scale_x : sx;
                sy = s->scale_y > sy ? s->scale_y : sy;
            }
            char hint[160];
            yf_stride_hint(c, sx, sy, hint, sizeof(hint));
            return yf_ctx_fail(c, YF_ERR_SHAPE, "layers",
                               "'layers' joins layers of different sizes: #%d outputs %lldx%lld, "
                               "#%d outputs %lldx%lld (%s%s)",
                               first->index, (long long)first->out.w, (long long)first->out.h,
                               in->index, (long long)in->out.w, (long long)in->out.h,
                               hint[0] ? "the input is not a multiple of the network stride: "
                                       : "they come from different strides",
                               hint);
        }
        ch = yf_add(ch, in->out.c);
        outputs = yf_add(outputs, in->outputs);
    }
    if (ch % p->groups)
        yf_ctx_warn(c, l->line, "'groups' %lld does not divide the %lld routed channels: Darknet "
                                "truncates to %lld",
                    (long long)p->groups, (long long)ch, (long long)(ch / p->groups));
    l->in = (yf_shape){first->out.w, first->out.h, ch};
    l->out = (yf_shape){first->out.w, first->out.h, ch / p->groups};
    l->outputs = outputs / p->groups;
    return YF_OK;
}

static void describe(yf_node *n)
{
    yf_layer *l = n->l;
    route *p = n->priv;
    yf_describe_refs(n);
    size_t k = strlen(l->desc);
    if (p->groups > 1 && k < sizeof(l->desc) - 1)
        snprintf(l->desc + k, sizeof(l->desc) - k, " %lld/%lld", (long long)p->group_id,
                 (long long)p->groups);
}

/* parser.c:1080-1081 (input_layers, input_sizes: 4k each) and
 * make_route_layer: output and delta, always (route_layer.c:29-30). Its
 * l.inputs is its outputs. Marks its inputs keep_delta_gpu. */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    yf_dn_host(m, YF_MEM_ARRAYS, 8 * (int64_t)n->n_refs);
    yf_dn_output_delta(x, n->l->outputs, m);
    m->inputs = n->l->outputs;
    m->keep = YF_DN_KEEP_REFS;
}

/* No FLOPs (a copy); PyTorch: one input is a view of it (groups: a slice),
 * several a torch.cat that saves nothing. */
static void train(const yf_node *n, yf_train_layer *t)
{
    t->view = n->n_refs == 1;
}

const yf_kind yf_kind_route = {
    .name = "route",
    .op = YF_OP_ROUTE,
    .sections = (const char *const[]){"route", NULL},
    .flags = YF_LAYER_NO_PREV,
    .priv_size = sizeof(route),
    .parse = parse,
    .infer = infer,
    .cost = yf_cost_none,
    .describe = describe,
    .darknet_mem = darknet_mem,
    .train = train,
};
