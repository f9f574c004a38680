/* Helpers shared by layer kinds: references, shape checks, and the figures
 * of Darknet's two weight-carrying building blocks (conv and connected),
 * which crnn, rnn, gru, lstm and conv_lstm are made of. */
#include "../core.h"

#include <stdio.h>
#include <string.h>

int yf_ref_resolve(yf_ctx *c, const yf_layer *l, const char *key, int64_t raw, int *out)
{
    int64_t idx = raw < 0 ? l->index + raw : raw;
    if (idx < 0)
        return yf_ctx_fail(c, YF_ERR_GRAPH, key,
                           "'%s' value %lld points before the first layer (layer %lld)", key,
                           (long long)raw, (long long)idx);
    if (idx >= l->index && l->index == 0)
        return yf_ctx_fail(c, YF_ERR_GRAPH, key,
                           "'%s' value %lld points to layer %lld, but the first layer has no "
                           "earlier layer to refer to (Darknet would read the unbuilt layer as "
                           "0x0x0)",
                           key, (long long)raw, (long long)idx);
    if (idx >= l->index)
        return yf_ctx_fail(c, YF_ERR_GRAPH, key,
                           "'%s' value %lld points to layer %lld, but only earlier layers (0..%d) "
                           "can be used (Darknet would read the unbuilt layer as 0x0x0)",
                           key, (long long)raw, (long long)idx, l->index - 1);
    *out = (int)idx;
    return YF_OK;
}

int yf_refs_resolve(yf_ctx *c, yf_node *n, const char *key, const int *raw, int count)
{
    n->refs = yf_arena_alloc(c->arena, sizeof(int) * (size_t)count);
    if (!n->refs)
        return yf_error_nomem(c->err);
    n->n_refs = count;
    for (int i = 0; i < count; i++)
        if (yf_ref_resolve(c, n->l, key, raw[i], &n->refs[i]))
            return c->err->code;
    return YF_OK;
}

int yf_shape_check(yf_ctx *c, const yf_layer *l, const char *what)
{
    if (l->in.w > 0 && l->in.h > 0 && l->in.c > 0)
        return YF_OK;
    return yf_ctx_fail(c, YF_ERR_SHAPE, NULL, "%s needs an image input (width x height x channels), but the "
                                "previous layer outputs %lldx%lldx%lld",
                       what, (long long)l->in.w, (long long)l->in.h, (long long)l->in.c);
}

int yf_count_check(yf_ctx *c, int64_t v, const char *what)
{
    if (v == INT64_MAX)
        return yf_ctx_fail(c, YF_ERR_SHAPE, NULL, "%s overflows 64-bit arithmetic", what);
    if (v <= 0)
        return yf_ctx_fail(c, YF_ERR_SHAPE, NULL, "%s shrinks to zero", what);
    return YF_OK;
}

int yf_window_fits(yf_ctx *c, const char *key, int64_t size, int64_t w, int64_t h, int64_t sx,
                   int64_t sy, const char *what)
{
    if (w >= size && h >= size)
        return YF_OK;
    int64_t ow = (w - size) / sx + 1, oh = (h - size) / sy + 1; /* C truncates toward zero */
    if (ow >= 1 && oh >= 1) {
        yf_ctx_warn_kind(c, YF_WARN_SIZE, yf_key_line(c, key),
                    "'%s' %lld is larger than the %s %lldx%lld: Darknet's integer division "
                    "still gives a %lldx%lld output (the window overhangs)",
                    key, (long long)size, what, (long long)w, (long long)h, (long long)ow,
                    (long long)oh);
        return YF_OK;
    }
    return yf_ctx_fail(c, YF_ERR_SHAPE, key,
                       "'%s' %lld is larger than the %s %lldx%lld: Darknet would build a "
                       "%lldx%lld output (C integer division)%s",
                       key, (long long)size, what, (long long)w, (long long)h, (long long)ow,
                       (long long)oh,
                       ow < 0 || oh < 0 ? ""
                                        : " and the next layer's 'must output image' check "
                                          "aborts");
}

void yf_stride_hint(const yf_ctx *c, double sx, double sy, char *buf, size_t n)
{
    yf_shape in = c->model->pub.input;
    buf[0] = '\0';
    if (!(sx >= 2 && sy >= 2 && sx <= (double)YF_MAX_DIM && sy <= (double)YF_MAX_DIM) || !in.w)
        return;
    int64_t ix = (int64_t)sx, iy = (int64_t)sy;
    if (in.w % ix == 0 && in.h % iy == 0)
        return;
    int64_t lw = in.w / ix * ix, lh = in.h / iy * iy, hw = lw + (in.w % ix ? ix : 0),
            hh = lh + (in.h % iy ? iy : 0);
    char stride[48];
    if (ix == iy)
        snprintf(stride, sizeof(stride), "%lld", (long long)ix);
    else
        snprintf(stride, sizeof(stride), "%lldx%lld", (long long)ix, (long long)iy);
    if (lw > 0 && lh > 0 && (lw != hw || lh != hh))
        snprintf(buf, n, "the nearest valid inputs for stride %s are %lldx%lld and %lldx%lld",
                 stride, (long long)lw, (long long)lh, (long long)hw, (long long)hh);
    else
        snprintf(buf, n, "the nearest valid input for stride %s is %lldx%lld", stride,
                 (long long)hw, (long long)hh);
}

int64_t yf_conv_out(int64_t x, int64_t pad, int64_t size, int64_t stride)
{
    return (x + 2 * pad - size) / stride + 1;
}

/* ptflops 0.7.6: an activation module's hook and patched functional, n
 * elements (nn.LeakyReLU: hook only, F.leaky_relu is not patched; nn.ReLU,
 * ELU, GELU: both; nn.ReLU6 runs F.hardtanh, not patched; Sigmoid, Tanh,
 * the archive's Mish/Swish (in-place mul_): no rule). */
static void pt_act_terms(const char *act, int64_t n, int64_t *hook, int64_t *func)
{
    *hook = *func = 0;
    if (!act)
        return;
    if (strcmp(act, "leaky") == 0 || strcmp(act, "relu6") == 0)
        *hook = n;
    else if (strcmp(act, "relu") == 0 || strcmp(act, "elu") == 0 || strcmp(act, "gelu") == 0)
        *hook = *func = n;
}

/* A Conv2d or Linear with `macs` and y outputs, BatchNorm unless fused, then
 * the activation: unfused hook = macs + (bn ? 2y : y) (bias or BN's 2y),
 * aten = macs + (bn ? 0 : y); fused hook = aten = macs + y (bias). */
static void pt_affine(yf_ptflops pt[2], int64_t macs, int64_t y, int bn, const char *act)
{
    int64_t ah, af;
    pt_act_terms(act, y, &ah, &af);
    pt[0].hook = yf_add(yf_add(macs, yf_mul(bn ? 2 : 1, y)), ah);
    pt[0].func = af;
    pt[0].aten = yf_add(macs, bn ? 0 : y);
    pt[1].hook = yf_add(yf_add(macs, y), ah);
    pt[1].func = af;
    pt[1].aten = yf_add(macs, y);
}

void yf_pt_add(yf_layer *l, int64_t hook, int64_t func, int64_t aten)
{
    for (int v = 0; v < 2; v++) {
        l->ptflops[v].hook = yf_add(l->ptflops[v].hook, hook);
        l->ptflops[v].func = yf_add(l->ptflops[v].func, func);
        l->ptflops[v].aten = yf_add(l->ptflops[v].aten, aten);
    }
}

void yf_pt_act(yf_layer *l, const char *act, int64_t n)
{
    int64_t h, f;
    pt_act_terms(act, n, &h, &f);
    yf_pt_add(l, h, f, 0);
}

void yf_conv_figures(int64_t c, int64_t n, int64_t groups, int64_t size, int64_t out_w,
                     int64_t out_h, int bn, const char *act, yf_convfig *f)
{
    int64_t area = yf_mul(out_w, out_h);
    f->nweights = yf_mul(yf_mul(c / groups, n), yf_mul(size, size));
    f->out_elems = yf_mul(n, area);
    f->macs_fused = yf_mul(f->nweights, area);
    f->macs = yf_add(f->macs_fused, bn ? yf_mul(4, f->out_elems) : 0);
    f->params = yf_add(f->nweights, bn ? 2 * n : n);
    f->params_fused = yf_add(f->nweights, n);
    f->buffers = bn ? 2 * n : 0;
    f->floats = yf_add(f->nweights, bn ? 4 * n : n);
    f->qweights = f->nweights;
    f->qchannels = n;
    /* convolutional_layer.c: (2.0 * l.nweights * l.out_h*l.out_w) / 1e9 */
    f->bflops = (2.0 * (double)f->nweights * (double)out_h * (double)out_w) / 1e9;
    pt_affine(f->pt, f->macs_fused, f->out_elems, bn, act);
}

void yf_connected_figures(int64_t inputs, int64_t outputs, int bn, const char *act,
                          yf_convfig *f)
{
    f->nweights = yf_mul(inputs, outputs);
    f->out_elems = outputs;
    f->macs_fused = f->nweights;
    f->macs = yf_add(f->nweights, bn ? yf_mul(4, outputs) : 0);
    f->params = yf_add(f->nweights, bn ? yf_mul(2, outputs) : outputs);
    f->params_fused = yf_add(f->nweights, outputs);
    f->buffers = bn ? yf_mul(2, outputs) : 0;
    f->floats = yf_add(f->nweights, bn ? yf_mul(4, outputs) : outputs);
    f->qweights = f->nweights;
    f->qchannels = outputs;
    f->bflops = 0; /* Darknet never sets l.bflops for connected layers */
    pt_affine(f->pt, f->nweights, outputs, bn, act);
}

void yf_layer_add(yf_layer *l, const yf_convfig *f)
{
    l->params = yf_add(l->params, f->params);
    l->params_fused = yf_add(l->params_fused, f->params_fused);
    l->buffers = yf_add(l->buffers, f->buffers);
    l->weights_file_floats = yf_add(l->weights_file_floats, f->floats);
    l->quant_weights = yf_add(l->quant_weights, f->qweights);
    l->quant_channels = yf_add(l->quant_channels, f->qchannels);
    l->quant_tensors += f->qweights > 0;
    l->macs = yf_add(l->macs, f->macs);
    l->macs_fused = yf_add(l->macs_fused, f->macs_fused);
    l->bflops += f->bflops;
    for (int v = 0; v < 2; v++) {
        l->ptflops[v].hook = yf_add(l->ptflops[v].hook, f->pt[v].hook);
        l->ptflops[v].func = yf_add(l->ptflops[v].func, f->pt[v].func);
        l->ptflops[v].aten = yf_add(l->ptflops[v].aten, f->pt[v].aten);
    }
}

void yf_same_shape(yf_layer *l)
{
    l->out = l->in;
    l->outputs = l->inputs;
}

/* activations.c:get_activation; Darknet falls back to relu on a typo. */
void yf_activation(yf_ctx *c, yf_layer *l, const char *def)
{
    static const char *const names[] = {
        "logistic", "loggy", "relu", "elu", "selu", "gelu", "relie", "plse", "hardtan", "lhtan",
        "linear", "ramp", "leaky", "tanh", "stair", "relu6", "swish", "mish", "hard_mish",
        "normalize_channels", "normalize_channels_softmax", "normalize_channels_softmax_maxval",
        NULL};
    const char *a = yf_key_darknet_str(c, "activation", def);
    for (int i = 0; names[i]; i++)
        if (strcmp(a, names[i]) == 0) {
            l->attr.activation = names[i];
            return;
        }
    yf_ctx_warn(c, yf_key_line(c, "activation"),
                "unknown activation '%s': Darknet uses 'relu' instead%s", a,
                strpbrk(a, "#;") ? " (a '#' or ';' inside a value is no comment to Darknet)" : "");
    l->attr.activation = "relu";
}

int yf_check_figures(yf_ctx *c, const yf_layer *l)
{
    const int64_t v[] = {l->params, l->params_fused, l->buffers, l->weights_file_floats,
                         l->macs, l->macs_fused, l->ptflops[0].hook, l->ptflops[0].func,
                         l->ptflops[0].aten, l->ptflops[1].hook, l->ptflops[1].func,
                         l->ptflops[1].aten};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        if (v[i] == INT64_MAX || v[i] < 0)
            return yf_ctx_fail(c, YF_ERR_SHAPE, NULL,
                               "figures overflow 64-bit integers (sizes too large)");
    return YF_OK;
}

int yf_blur(yf_ctx *c, yf_node *n, int64_t aa, int64_t sx, int64_t sy, int64_t *macs)
{
    const yf_layer *l = n->l;
    int64_t bsize = aa == 2 ? 2 : 3, bpad = aa == 2 ? 0 : 1;
    n->next.w = yf_conv_out(l->out.w, bpad, bsize, sx);
    n->next.h = yf_conv_out(l->out.h, bpad, bsize, sy);
    n->next.c = l->out.c;
    if (l->out.w + 2 * bpad < bsize || l->out.h + 2 * bpad < bsize)
        return yf_ctx_fail(c, YF_ERR_SHAPE, "antialiasing",
                           "the antialiasing blur's output shrinks to zero");
    n->next_outputs = yf_mul(yf_mul(n->next.w, n->next.h), n->next.c);
    n->extra_elems = n->next_outputs;
    *macs = yf_mul(n->next_outputs, bsize * bsize); /* depthwise: 1 input channel */
    return YF_OK;
}

double yf_darknet_int_bflops(yf_node *n, const int64_t *factors, int k, int twice,
                             const char *expr)
{
    uint64_t p = 1;
    double exact = 1;
    for (int i = 0; i < k; i++) {
        p *= (uint64_t)factors[i]; /* unsigned: wraps like Darknet's int, without UB */
        exact *= (double)factors[i];
    }
    int32_t wrapped = (int32_t)(uint32_t)p;
    float v = (float)((double)wrapped / 1e9);
    if (twice)
        v *= 2;
    n->dn_overflow = exact > (double)INT32_MAX;
    n->dn_bflops = v;
    n->dn_product = expr;
    n->l->darknet_int_product = exact < 9e18 ? (int64_t)p : INT64_MAX;
    n->l->darknet_int_scale = twice ? 2 : 1;
    return v;
}

int yf_antialiasing(yf_ctx *c, int64_t *aa)
{
    if (yf_key_int(c, "antialiasing", 0, INT32_MIN, INT32_MAX, aa))
        return c->err->code;
    if (*aa != 0 && *aa != 1 && *aa != 2)
        yf_ctx_warn(c, yf_key_line(c, "antialiasing"),
                    "'antialiasing=%lld' is read as antialiasing=1, the 3x3 blur (Darknet takes "
                    "any non-zero value but 2 for it)",
                    (long long)*aa);
    *aa = *aa == 2 ? 2 : *aa != 0;
    return YF_OK;
}

int yf_cost_activation(yf_ctx *c, yf_node *n)
{
    (void)c;
    yf_pt_act(n->l, n->l->attr.activation, n->l->outputs);
    return YF_OK;
}

int yf_cost_none(yf_ctx *c, yf_node *n)
{
    (void)c;
    (void)n;
    return YF_OK;
}

void yf_describe_none(yf_node *n)
{
    n->l->desc[0] = '\0';
}

int yf_parse_none(yf_ctx *c, yf_node *n)
{
    (void)c;
    (void)n;
    return YF_OK;
}

int yf_from_ref(yf_ctx *c, yf_node *n)
{
    int64_t raw;
    if (!yf_key_has(c, "from"))
        return yf_ctx_fail(c, YF_ERR_GRAPH, NULL, "'from' is required");
    if (yf_key_int(c, "from", 0, -YF_MAX_LAYERS, YF_MAX_LAYERS, &raw))
        return c->err->code;
    int r = (int)raw;
    return yf_refs_resolve(c, n, "from", &r, 1);
}

void yf_describe_refs(yf_node *n)
{
    yf_layer *l = n->l;
    int k = 0;
    l->desc[0] = '\0';
    for (int i = 0; i < n->n_refs && k < (int)sizeof(l->desc) - 12; i++)
        k += snprintf(l->desc + k, sizeof(l->desc) - (size_t)k, "%s%d", i ? "," : "", n->refs[i]);
}

/* (forward, backward) FLOPs per element: one per arithmetic operation or
 * transcendental in activations.c / activation_kernels.cu. */
void yf_act_flops(const char *act, int64_t *fwd, int64_t *bwd)
{
    static const struct {
        const char *name;
        int f, b;
    } t[] = {{"linear", 0, 0}, {"leaky", 1, 1}, {"relu", 1, 1}, {"relu6", 2, 1},
             {"logistic", 3, 3}, {"loggy", 4, 3}, {"tanh", 5, 3}, {"elu", 3, 2}, {"selu", 4, 2},
             {"gelu", 8, 10}, {"swish", 4, 4}, {"mish", 8, 11}, {"hard_mish", 3, 3},
             {"relie", 1, 1}, {"ramp", 2, 1}, {"plse", 2, 1}, {"hardtan", 2, 1}, {"lhtan", 2, 1},
             {"stair", 3, 1}, {"normalize_channels", 4, 4}, {"normalize_channels_softmax", 5, 5},
             {"normalize_channels_softmax_maxval", 6, 5}};
    *fwd = *bwd = 0;
    for (size_t i = 0; act && i < sizeof(t) / sizeof(t[0]); i++)
        if (strcmp(act, t[i].name) == 0) {
            *fwd = t[i].f;
            *bwd = t[i].b;
            return;
        }
}

/* torch.autograd: leaky_relu, relu, hardtanh, elu, gelu, mish, silu save
 * their input; sigmoid and tanh their output; linear nothing. */
int yf_act_saves(const char *act)
{
    if (!act || strcmp(act, "linear") == 0 || strncmp(act, "normalize_channels", 18) == 0)
        return 0;
    if (strcmp(act, "logistic") == 0 || strcmp(act, "tanh") == 0)
        return 2;
    return 1;
}

void yf_train_affine(yf_train_layer *t, int64_t macs, int64_t outputs, int bn, const char *act,
                     int64_t params)
{
    int64_t af, ab;
    yf_act_flops(act, &af, &ab);
    t->fwd = yf_add(yf_mul(2, macs), yf_mul(outputs, (bn ? 7 : 0) + af));
    t->bwd_weights = t->bwd_input = yf_mul(2, macs);
    t->bwd_other = yf_mul(outputs, (bn ? 10 : 0) + ab);
    t->weights = params;
    t->saves_inputs = 1;
    t->saves_output = yf_act_saves(act) == 2;
    t->saved_elems = yf_mul(outputs, (bn ? 1 : 0) + (yf_act_saves(act) == 1));
    t->scratch_weights = params;
}
