/* [convolutional] / [conv] — parser.c:parse_convolutional,
 * convolutional_layer.c:make_convolutional_layer (AlexeyAB/darknet).
 *
 *   padding = pad ? size/2 : padding          (pad=1 overrides padding=)
 *   out_w   = (w + 2*padding - size)/stride_x + 1   (dilation ignored)
 *   out_h   = (h + 2*padding - size)/stride_y + 1,  out_c = filters
 *   nweights = (c/groups) * filters * size^2   (C integer division)
 *   bflops  = 2 * nweights * out_h*out_w / 1e9, /32 when xnor
 *   thop macs = nweights*out_h*out_w + 4*filters*out_h*out_w (BatchNorm2d)
 *   params  = nweights + (bn ? 2*filters (gamma, beta) : filters (bias))
 *   fused   = nweights + filters;  buffers = bn ? 2*filters : 0
 *   .weights floats = filters + (bn ? 3*filters : 0) + nweights; 0 with
 *   share_index (the weights belong to the shared layer).
 *   antialiasing: the conv runs at stride 1 and a hidden depthwise blur conv
 *   (3x3 pad 1, or 2x2 pad 0 for antialiasing=2) applies the stride; the next
 *   layer sees the blur's output. Darknet counts neither its BFLOPs nor its
 *   weights; thop MACs include it (it is a real Conv2d), params do not. */
#include "../core.h"

#include <stdio.h>

typedef struct conv {
    int64_t filters, groups, size, stride_x, stride_y, dilation, padding, aa;
    int bn, xnor, binary, deform;
    double assisted_excitation;
    int64_t share_raw;
    int has_share, share;
    int64_t blur_macs;
} conv;

static const char *const ignored[] = {"flipped", "dot", "angle", "grad_centr", "reverse",
                                      "coordconv", NULL};

static int parse_strides(yf_ctx *c, conv *p)
{
    int64_t sx, sy, s;
    if (yf_key_int(c, "stride_x", -1, INT64_MIN, 65536, &sx) ||
        yf_key_int(c, "stride_y", -1, INT64_MIN, 65536, &sy) ||
        yf_key_int(c, "stride", 1, 1, 65536, &s))
        return c->err->code;
    /* Both stride_x and stride_y >= 1 win; a missing one takes stride. */
    p->stride_x = sx < 1 ? s : sx;
    p->stride_y = sy < 1 ? s : sy;
    return YF_OK;
}

/* groups < 1 becomes 1 in make_convolutional_layer; xnor forces 1. */
static int parse_groups(yf_ctx *c, conv *p)
{
    if (yf_key_int(c, "groups", 1, INT32_MIN, YF_MAX_DIM, &p->groups))
        return c->err->code;
    if (p->groups < 1) {
        yf_ctx_warn(c, yf_key_line(c, "groups"),
                    "'groups=%lld' is read as groups=1 (Darknet uses 1 for groups < 1)",
                    (long long)p->groups);
        p->groups = 1;
    }
    return YF_OK;
}

/* antialiasing: 2 selects the 2x2 blur, any other non-zero value the 3x3. */
static int parse_antialiasing(yf_ctx *c, conv *p)
{
    return yf_antialiasing(c, &p->aa);
}

/* parse_convolutional refuses two deformations at once, and any with size 1. */
static int parse_deform(yf_ctx *c, conv *p)
{
    static const char *const keys[] = {"sway", "rotate", "stretch", "stretch_sway"};
    int64_t v[4], sum = 0, any = 0;
    for (int i = 0; i < 4; i++) {
        if (yf_key_int(c, keys[i], 0, INT32_MIN, INT32_MAX, &v[i]))
            return c->err->code;
        sum += v[i];
        any |= v[i] != 0;
    }
    if (sum > 1)
        return yf_ctx_fail(c, YF_ERR_VALUE, "sway",
                           "sway, rotate, stretch and stretch_sway add up to %lld: Darknet refuses "
                           "more than one ('should be used only 1 param', parse_convolutional)",
                           (long long)sum);
    if (any && p->size == 1)
        return yf_ctx_fail(c, YF_ERR_VALUE, "size",
                           "sway, rotate or stretch needs size >= 3: Darknet refuses them with "
                           "size=1 (parse_convolutional)");
    p->deform = any != 0;
    return YF_OK;
}

static int parse(yf_ctx *c, yf_node *n)
{
    conv *p = n->priv;
    yf_layer *l = n->l;
    int pad, cbn, bin_output;
    if (yf_key_int(c, "filters", 1, 1, YF_MAX_DIM, &p->filters) || parse_groups(c, p) ||
        yf_key_int(c, "size", 1, 1, 65536, &p->size) || parse_strides(c, p) ||
        yf_key_int(c, "dilation", 1, 1, 65536, &p->dilation) || parse_antialiasing(c, p) ||
        yf_key_flag(c, "pad", 0, &pad) || yf_key_int(c, "padding", 0, 0, 65536, &p->padding) ||
        yf_key_flag(c, "batch_normalize", 0, &p->bn) || yf_key_flag(c, "cbn", 0, &cbn) ||
        yf_key_flag(c, "xnor", 0, &p->xnor) || yf_key_flag(c, "binary", 0, &p->binary) ||
        yf_key_flag(c, "bin_output", 0, &bin_output) || parse_deform(c, p) ||
        yf_key_float(c, "assisted_excitation", 0, &p->assisted_excitation) ||
        yf_key_int(c, "share_index", 0, -YF_MAX_LAYERS, YF_MAX_LAYERS, &p->share_raw))
        return c->err->code;
    p->has_share = yf_key_has(c, "share_index");
    if (pad)
        p->padding = p->size / 2;
    if (cbn)
        p->bn = 2;
    if (p->xnor)
        p->groups = 1;
    yf_activation(c, l, "logistic");
    yf_key_ignore(c, ignored);
    l->attr = (yf_attrs){.filters = p->filters, .size = p->size, .stride_x = p->stride_x,
                         .stride_y = p->stride_y, .padding = p->padding, .groups = p->groups,
                         .batch_normalize = p->bn != 0, .activation = l->attr.activation,
                         .filters_key = "filters"};
    if (p->has_share)
        return yf_ref_resolve(c, l, "share_index", p->share_raw, &p->share);
    return YF_OK;
}

static int check_fit(yf_ctx *c, const yf_layer *l, const conv *p)
{
    if (yf_window_fits(c, "size", p->size, l->in.w + 2 * p->padding, l->in.h + 2 * p->padding,
                       p->aa ? 1 : p->stride_x, p->aa ? 1 : p->stride_y, "padded input"))
        return c->err->code;
    if (p->groups > l->in.c)
        yf_ctx_warn(c, yf_key_line(c, "groups"),
                    "'groups' %lld is larger than the %lld input channels: Darknet's filters get "
                    "%lld/%lld = 0 weights each (only the bias or BatchNorm remains, 0 BFLOPs); "
                    "PyTorch cannot build this conv",
                    (long long)p->groups, (long long)l->in.c, (long long)l->in.c,
                    (long long)p->groups);
    else if (l->in.c % p->groups)
        yf_ctx_warn(c, l->line, "'groups' %lld does not divide the %lld input channels: Darknet "
                                "truncates to %lld per group",
                    (long long)p->groups, (long long)l->in.c, (long long)(l->in.c / p->groups));
    /* make_convolutional_layer keeps nweights in an int */
    int64_t nweights = yf_mul(yf_mul(l->in.c / p->groups, p->filters), p->size * p->size);
    if (nweights > INT32_MAX)
        return yf_ctx_fail(c, YF_ERR_SHAPE, "filters",
                           "(c/groups) x filters x size^2 = %lld weights overflow Darknet's int "
                           "l.nweights (make_convolutional_layer): Darknet cannot build this conv",
                           (long long)nweights);
    return YF_OK;
}

/* make_convolutional_layer refuses a share_layer of another size, weight
 * count, input channels or filters; a BatchNorm layer sharing a conv without
 * one takes NULL statistics and crashes in the forward pass. */
static int check_share(yf_ctx *c, const yf_node *n, const conv *p)
{
    const yf_node *s = yf_ctx_node(c, p->share);
    const yf_layer *l = n->l, *sl = s->l;
    if (s->kind != n->kind)
        return yf_ctx_fail(c, YF_ERR_GRAPH, "share_index",
                           "'share_index' points to layer %d, which is a [%s], not a "
                           "[convolutional] (Darknet refuses it: 'don't match for the "
                           "share_layer', make_convolutional_layer)",
                           p->share, sl->type);
    const conv *q = s->priv;
    int64_t w = yf_mul(yf_mul(l->in.c / p->groups, p->filters), p->size * p->size);
    int64_t sw = yf_mul(yf_mul(sl->in.c / q->groups, q->filters), q->size * q->size);
    if (q->size != p->size || sw != w || sl->in.c != l->in.c || q->filters != p->filters)
        return yf_ctx_fail(c, YF_ERR_GRAPH, "share_index",
                           "'share_index' layer %d has size %lld, %lld weights, %lld input "
                           "channels and %lld filters, this layer %lld, %lld, %lld and %lld: "
                           "Darknet refuses it ('Layer size, nweights, channels or filters don't "
                           "match for the share_layer', make_convolutional_layer)",
                           p->share, (long long)q->size, (long long)sw, (long long)sl->in.c,
                           (long long)q->filters, (long long)p->size, (long long)w,
                           (long long)l->in.c, (long long)p->filters);
    if (p->bn && !q->bn)
        return yf_ctx_fail(c, YF_ERR_GRAPH, "share_index",
                           "this layer has batch_normalize but the shared layer %d has none: "
                           "Darknet takes NULL BatchNorm statistics from it and crashes in the "
                           "forward pass",
                           p->share);
    return YF_OK;
}

static int infer(yf_ctx *c, yf_node *n)
{
    conv *p = n->priv;
    yf_layer *l = n->l;
    if (yf_shape_check(c, l, "[convolutional]") || check_fit(c, l, p) ||
        (p->has_share && check_share(c, n, p)))
        return c->err->code;
    int64_t sx = p->aa ? 1 : p->stride_x, sy = p->aa ? 1 : p->stride_y;
    n->step_x = (double)p->stride_x;
    n->step_y = (double)p->stride_y;
    l->out.w = yf_conv_out(l->in.w, p->padding, p->size, sx);
    l->out.h = yf_conv_out(l->in.h, p->padding, p->size, sy);
    l->out.c = p->filters;
    l->outputs = yf_mul(yf_mul(l->out.w, l->out.h), l->out.c);
    if (p->aa)
        return yf_blur(c, n, p->aa, p->stride_x, p->stride_y, &p->blur_macs);
    return YF_OK;
}

static int cost(yf_ctx *c, yf_node *n)
{
    (void)c;
    conv *p = n->priv;
    yf_layer *l = n->l;
    yf_convfig f;
    yf_conv_figures(l->in.c, p->filters, p->groups, p->size, l->out.w, l->out.h, p->bn != 0,
                    l->attr.activation, &f);
    if (p->xnor)
        f.bflops /= 32;
    if (p->has_share)
        f.params = f.params_fused = f.buffers = f.floats = f.qweights = f.qchannels = 0;
    f.macs = yf_add(f.macs, p->blur_macs);
    f.macs_fused = yf_add(f.macs_fused, p->blur_macs);
    yf_layer_add(l, &f);
    yf_pt_add(l, p->blur_macs, 0, p->blur_macs); /* the blur: a Conv2d without bias */
    return YF_OK;
}

/* make_convolutional_layer (layers/darknet.c), plus the antialiasing blur:
 * the host runs at stride 1, the blur applies the stride. */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    const conv *p = n->priv;
    const yf_layer *l = n->l;
    yf_dn_conv cv = {.batch = x->batch, .steps = 1, .w = l->in.w, .h = l->in.h, .c = l->in.c,
                     .n = p->filters, .groups = p->groups, .size = p->size, .out_w = l->out.w,
                     .out_h = l->out.h, .bn = p->bn != 0, .binary = p->binary, .xnor = p->xnor,
                     .adam = x->adam, .train = x->train, .share = p->has_share,
                     .activation = l->attr.activation, .primary = 1,
                     .assisted_excitation = p->assisted_excitation != 0, .deform = p->deform};
    yf_dn_conv_add(x, &cv, m);
    m->workspace = yf_dn_conv_workspace(&cv);
    if (p->aa)
        yf_dn_blur_add(x, n, p->filters, (int)p->aa, m);
}

/* 2 FLOPs a MAC forward, the same for each gradient; BN 7/10 and the
 * activation per element; the blur's fixed weights need no gradient. */
static void train(const yf_node *n, yf_train_layer *t)
{
    const conv *p = n->priv;
    const yf_layer *l = n->l;
    int64_t w = yf_mul(yf_mul(l->in.c / p->groups, p->filters), p->size * p->size);
    yf_train_affine(t, yf_mul(w, yf_mul(l->out.w, l->out.h)), l->outputs, p->bn != 0,
                    l->attr.activation, l->params);
    t->bn_channels = p->bn ? p->filters : 0;
    t->param_tensors = p->has_share ? 0 : p->bn ? 3 : 2;
    t->fwd = yf_add(t->fwd, yf_mul(2, p->blur_macs));
    t->bwd_other = yf_add(t->bwd_other, yf_mul(2, p->blur_macs));
}

static void describe(yf_node *n)
{
    conv *p = n->priv;
    yf_layer *l = n->l;
    char extra[32] = "";
    int k = 0;
    if (p->groups > 1)
        k += snprintf(extra + k, sizeof(extra) - (size_t)k, " g%lld", (long long)p->groups);
    if (p->dilation > 1 && p->size > 1)
        k += snprintf(extra + k, sizeof(extra) - (size_t)k, " d%lld", (long long)p->dilation);
    if (p->xnor)
        k += snprintf(extra + k, sizeof(extra) - (size_t)k, " xnor");
    if (p->aa)
        snprintf(extra + k, sizeof(extra) - (size_t)k, " aa");
    if (p->stride_x == p->stride_y)
        snprintf(l->desc, sizeof(l->desc), "%lld %lldx%lld/%lld%s", (long long)p->filters,
                 (long long)p->size, (long long)p->size, (long long)p->stride_x, extra);
    else
        snprintf(l->desc, sizeof(l->desc), "%lld %lldx%lld/%lldx%lld%s", (long long)p->filters,
                 (long long)p->size, (long long)p->size, (long long)p->stride_x,
                 (long long)p->stride_y, extra);
}

const yf_kind yf_kind_conv = {
    .name = "convolutional",
    .op = YF_OP_CONV,
    .sections = (const char *const[]){"convolutional", "conv", NULL},
    .flags = YF_LAYER_CONV,
    .priv_size = sizeof(conv),
    .parse = parse,
    .infer = infer,
    .cost = cost,
    .describe = describe,
    .darknet_mem = darknet_mem,
    .train = train,
};
