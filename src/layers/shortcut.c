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
#include "../internal.h"

#include <stdio.h>
#include <string.h>

typedef struct shortcut {
    int *raw, n;
    int weights_type; /* 0 none, 1 per_feature, 2 per_channel */
} shortcut;

static int parse(yf_ctx *c, yf_layer *l)
{
    shortcut *p = l->priv_;
    if (yf_key_ints(c, "from", &p->raw, &p->n))
        return YF_ERR_INPUT;
    if (!p->n)
        return yf_ctx_fail(c, NULL, "'from' is required (the layer to add)");
    const char *wt = yf_key_str(c, "weights_type", "none");
    if (strcmp(wt, "per_feature") == 0 || strcmp(wt, "per_layer") == 0)
        p->weights_type = 1;
    else if (strcmp(wt, "per_channel") == 0)
        p->weights_type = 2;
    else if (strcmp(wt, "none") != 0)
        return yf_ctx_fail(c, "weights_type", "'weights_type' must be none, per_feature, "
                                              "per_layer or per_channel, got '%.40s'", wt);
    const char *wn = yf_key_str(c, "weights_normalization", "none");
    if (strcmp(wn, "none") && strcmp(wn, "relu") && strcmp(wn, "avg_relu") &&
        strcmp(wn, "softmax"))
        return yf_ctx_fail(c, "weights_normalization", "'weights_normalization' must be none, "
                                                       "relu, avg_relu or softmax, got '%.40s'",
                           wn);
    (void)yf_activation(c, "linear");
    l->refs_ = yf_arena_alloc(c->arena, sizeof(int) * (size_t)p->n);
    l->n_refs_ = p->n;
    for (int i = 0; i < p->n; i++)
        if (yf_ref_resolve(c, l, "from", p->raw[i], &l->refs_[i]))
            return YF_ERR_INPUT;
    return YF_OK;
}

static int infer(yf_ctx *c, yf_layer *l)
{
    if (yf_shape_check(c, l, "[shortcut]"))
        return YF_ERR_INPUT;
    for (int i = 0; i < l->n_refs_; i++) {
        const yf_layer *f = yf_ctx_layer(c, l->refs_[i]);
        if (f->out.w != l->in.w || f->out.h != l->in.h)
            return yf_ctx_fail(c, "from", "'from' joins layers of different sizes: the previous "
                                          "layer outputs %lldx%lldx%lld, #%d outputs "
                                          "%lldx%lldx%lld (AlexeyAB Darknet asserts here)",
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

static int cost(yf_ctx *c, yf_layer *l)
{
    (void)c;
    shortcut *p = l->priv_;
    int64_t n = p->n;
    l->bflops = (double)yf_mul(yf_mul(l->out.w * l->out.h, l->out.c), n) / 1e9;
    if (p->weights_type)
        l->bflops *= 2;
    int64_t w = p->weights_type == 1 ? n + 1 : p->weights_type == 2 ? yf_mul(n + 1, l->out.c) : 0;
    l->weights_file_floats = l->params = l->params_fused = w;
    return YF_OK;
}

static void describe(yf_layer *l)
{
    int n = 0;
    for (int i = 0; i < l->n_refs_ && n < (int)sizeof(l->desc) - 12; i++)
        n += snprintf(l->desc + n, sizeof(l->desc) - (size_t)n, "%s%d", i ? "," : "",
                      l->refs_[i]);
}

const yf_kind yf_kind_shortcut = {
    .name = "shortcut",
    .sections = (const char *const[]){"shortcut", NULL},
    .priv_size = sizeof(shortcut),
    .parse = parse,
    .infer = infer,
    .cost = cost,
    .describe = describe,
};
