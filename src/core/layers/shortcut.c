/* [shortcut] — parser.c:parse_shortcut, shortcut_layer.c:make_shortcut_layer.
 *
 *   from = a,b,...  output = the previous layer's shape; every 'from' layer
 *   must have the same w and h (AlexeyAB asserts); a channel mismatch is
 *   allowed (Darknet adds the overlapping channels) and warned about.
 *   n = number of 'from' layers
 *   bflops = out_w*out_h*out_c*n / 1e9, x2 with weights_type
 *   weights (in .weights, and thop 2.1.6 params since it counts a custom
 *   module's own nn.Parameter): per_feature/per_layer n+1, per_channel
 *   (n+1)*c, none 0. 0 thop MACs (elementwise add). */
#include "../core.h"

#include <stdio.h>
#include <string.h>

typedef struct shortcut {
    int *raw, n;
    int weights_type; /* 0 none, 1 per_feature, 2 per_channel */
} shortcut;

static int parse(yf_ctx *c, yf_node *n)
{
    shortcut *p = n->priv;
    if (yf_key_refs(c, "from", &p->raw, &p->n))
        return c->err->code;
    if (!p->n)
        return yf_ctx_fail(c, YF_ERR_GRAPH, NULL, "'from' is required (the layer to add)");
    const char *wt = yf_key_darknet_str(c, "weights_type", "none");
    if (strcmp(wt, "per_feature") == 0 || strcmp(wt, "per_layer") == 0)
        p->weights_type = 1;
    else if (strcmp(wt, "per_channel") == 0)
        p->weights_type = 2;
    else if (strcmp(wt, "none") != 0)
        return yf_ctx_fail(c, YF_ERR_VALUE, "weights_type",
                           "'weights_type' must be none, per_feature, per_layer or per_channel, got "
                           "'%.40s' (Darknet refuses it: 'Incorrect weights_type', parse_shortcut)",
                           wt);
    /* parse_shortcut: with weights, only relu, avg_relu or softmax pass
     * (Darknet's own default 'none' is refused: a Darknet bug); without
     * weights the value is not checked. */
    const char *wn = yf_key_darknet_str(c, "weights_normalization", "none");
    int normalized = !strcmp(wn, "relu") || !strcmp(wn, "avg_relu") || !strcmp(wn, "softmax");
    if (p->weights_type && !normalized)
        return yf_ctx_fail(c, YF_ERR_VALUE, "weights_normalization",
                           "'weights_type' is set, so 'weights_normalization' must be relu, "
                           "avg_relu or softmax, got '%.40s': Darknet refuses anything else, even "
                           "its documented 'none' ('Incorrect weights_normalization', "
                           "parse_shortcut)",
                           wn);
    if (!p->weights_type && !normalized && strcmp(wn, "none") != 0)
        yf_ctx_warn(c, yf_key_line(c, "weights_normalization"),
                    "'weights_normalization=%.40s' is not none, relu, avg_relu or softmax: Darknet "
                    "ignores it because weights_type is none",
                    wn);
    yf_activation(c, n->l, "linear");
    return yf_refs_resolve(c, n, "from", p->raw, p->n);
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    if (yf_shape_check(c, l, "[shortcut]"))
        return c->err->code;
    for (int i = 0; i < n->n_refs; i++) {
        const yf_layer *f = yf_ctx_layer(c, n->refs[i]);
        if (f->out.w != l->in.w || f->out.h != l->in.h)
            return yf_ctx_fail(c, YF_ERR_SHAPE, "from",
                               "'from' joins layers of different sizes: the previous layer outputs "
                               "%lldx%lldx%lld, #%d outputs %lldx%lldx%lld (AlexeyAB Darknet "
                               "asserts here)",
                               (long long)l->in.w, (long long)l->in.h, (long long)l->in.c,
                               f->index, (long long)f->out.w, (long long)f->out.h,
                               (long long)f->out.c);
        if (f->out.c != l->in.c)
            yf_ctx_warn(c, l->line, "'from' layer #%d has %lld channels, the previous layer "
                                    "%lld: Darknet adds only the channels both have",
                        f->index, (long long)f->out.c, (long long)l->in.c);
    }
    yf_same_shape(l);
    return YF_OK;
}

static int cost(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    (void)c;
    shortcut *p = n->priv;
    int64_t k = p->n;
    /* shortcut_layer.c: l.out_w * l.out_h * l.out_c * l.n / 1e9 (in double
     * here: Darknet's int product overflows at large sizes) */
    l->bflops = (double)l->out.w * (double)l->out.h * (double)l->out.c * (double)k / 1e9;
    if (p->weights_type)
        l->bflops *= 2;
    const int64_t f[] = {l->out.w, l->out.h, l->out.c, k};
    yf_darknet_int_bflops(n, f, 4, p->weights_type != 0, "out_w*out_h*out_c*n");
    int64_t w = p->weights_type == 1 ? k + 1 : p->weights_type == 2 ? yf_mul(k + 1, l->out.c) : 0;
    l->weights_file_floats = l->params = l->params_fused = w;
    return YF_OK;
}

/* parser.c:947-950 (layers, sizes: 4k; output and delta pointers: 8k) and
 * make_shortcut_layer (shortcut_layer.c:46-85): output 4BO, in training
 * delta 4BO; weights 4nw (+ updates in training, raw callocs); swish/mish
 * keep their input (CPU: always; GPU: on the device). */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    const shortcut *p = n->priv;
    const yf_layer *l = n->l;
    int64_t k = p->n, bo = yf_mul(4 * x->batch, l->outputs), t = x->train;
    int64_t nw = p->weights_type == 1 ? k + 1 : p->weights_type == 2 ? yf_mul(k + 1, l->in.c) : 0;
    int act = !strcmp(l->attr.activation, "swish") || !strcmp(l->attr.activation, "mish");
    yf_dn_host(m, YF_MEM_ARRAYS, 24 * k);
    yf_dn_host(m, YF_MEM_DELTAS, t * bo);
    yf_dn_host(m, YF_MEM_OUTPUTS, bo);
    yf_dn_host(m, YF_MEM_WEIGHTS, 4 * nw);
    yf_dn_host(m, YF_MEM_UPDATES, t * 4 * nw);
    yf_dn_host(m, YF_MEM_ACTIVATION_INPUT, (act && !x->gpu) * bo);
    m->delta = t ? YF_DN_OWN : YF_DN_NONE;
    m->keep = YF_DN_KEEP_REF0;
    if (!x->gpu)
        return;
    if (act)
        yf_dn_dev_moved(m, YF_MEM_ACTIVATION_INPUT, bo);
    yf_dn_dev(m, YF_MEM_WEIGHTS, 4 * nw);
    yf_dn_dev(m, YF_MEM_UPDATES, t * 4 * nw);
    if (t)
        yf_dn_dev_delta(m, bo);
    yf_dn_dev_moved(m, YF_MEM_OUTPUTS, bo);
    yf_dn_dev(m, YF_MEM_ARRAYS, 4 * k);
    yf_dn_dev(m, YF_MEM_ARRAYS, 8 * k);
    yf_dn_dev(m, YF_MEM_ARRAYS, 8 * k);
}

/* One add per source per element each way (two with weights, as l.bflops),
 * the weights' gradient one per element and source; the activation. */
static void train(const yf_node *n, yf_train_layer *t)
{
    const shortcut *p = n->priv;
    const yf_layer *l = n->l;
    int64_t af, ab, adds = yf_mul(l->outputs, p->n * (p->weights_type ? 2 : 1));
    yf_act_flops(l->attr.activation, &af, &ab);
    t->fwd = yf_add(adds, yf_mul(af, l->outputs));
    t->bwd_input = adds;
    t->bwd_other = yf_mul(ab, l->outputs);
    t->bwd_weights = p->weights_type ? yf_mul(l->outputs, p->n + 1) : 0;
    t->weights = l->params;
    t->saves_inputs = p->weights_type != 0;
    t->param_tensors = p->weights_type != 0;
    t->saved_elems = yf_act_saves(l->attr.activation) == 1 ? l->outputs : 0;
}

const yf_kind yf_kind_shortcut = {
    .name = "shortcut",
    .op = YF_OP_SHORTCUT,
    .sections = (const char *const[]){"shortcut", NULL},
    .priv_size = sizeof(shortcut),
    .parse = parse,
    .infer = infer,
    .cost = cost,
    .describe = yf_describe_refs,
    .darknet_mem = darknet_mem,
    .train = train,
};
