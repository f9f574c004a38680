/* Recurrent layers, built by Darknet from hidden conv or connected layers
 * whose figures add up (their .weights blocks are written in this order):
 *   [crnn] crnn_layer.c: convs input c->hidden, self hidden->hidden,
 *          output hidden->output, all at the input's w x h with the same
 *          size/stride/padding; out = the output conv's shape;
 *          bflops = sum of the three convs' bflops.
 *   [conv_lstm] conv_lstm_layer.c: convs u{f,i,g,o} c->output,
 *          w{f,i,g,o} output->output (bottleneck=1: one wf 2*output->output),
 *          peephole=1 adds v{f,i,o} output->output;
 *          bflops = convs + (peephole ? 12 : 9) * outputs / 1e9.
 *   [rnn] rnn_layer.c: connected input inputs->hidden, self hidden->hidden,
 *          output hidden->output; out = 1 x 1 x output.
 *   [gru] gru_layer.c: connected u{z,r,h} inputs->output, w{z,r,h}
 *          output->output.  [lstm] lstm_layer.c: u{f,i,g,o} inputs->output,
 *          w{f,i,g,o} output->output.  out = 1 x 1 x output.
 *   thop MACs/params: the sum of the parts (Conv2d / Linear + BatchNorm),
 *   one time step; elementwise gates count 0 as in thop. */
#include "../core.h"

#include <stdio.h>

typedef struct rec {
    int64_t size, stride, padding, hidden, output, groups, bn, peephole, bottleneck, xnor;
    int conv;  /* crnn, conv_lstm */
    int gates; /* rnn 0, gru 3, lstm 4 */
} rec;

static int parse_conv_common(yf_ctx *c, rec *p, int64_t def_output)
{
    int64_t dilation;
    int pad, xnor, bn;
    static const char *const keys[] = {"shortcut", "state_constrain", "lstm_activation",
                                       "time_normalizer", NULL};
    yf_key_ignore(c, keys);
    p->conv = 1;
    if (yf_key_int(c, "size", 3, 1, 65536, &p->size) ||
        yf_key_int(c, "stride", 1, 1, 65536, &p->stride) ||
        yf_key_int(c, "dilation", 1, 1, 65536, &dilation) ||
        yf_key_flag(c, "pad", 0, &pad) ||
        yf_key_int(c, "padding", 0, 0, 65536, &p->padding) ||
        yf_key_int(c, "output", def_output, 1, YF_MAX_DIM, &p->output) ||
        yf_key_int(c, "groups", 1, 1, YF_MAX_DIM, &p->groups) ||
        yf_key_flag(c, "batch_normalize", 0, &bn) || yf_key_flag(c, "xnor", 0, &xnor))
        return c->err->code;
    p->bn = bn;
    p->xnor = xnor;
    if (pad)
        p->padding = p->size / 2;
    return YF_OK;
}

static int parse_crnn(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    rec *p = n->priv;
    yf_activation(c, l, "logistic");
    return parse_conv_common(c, p, 1) || yf_key_int(c, "hidden", 1, 1, YF_MAX_DIM, &p->hidden)
               ? c->err->code
               : YF_OK;
}

static int parse_conv_lstm(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    rec *p = n->priv;
    yf_activation(c, l, "linear");
    int peephole, bottleneck;
    if (parse_conv_common(c, p, 1) || yf_key_flag(c, "peephole", 0, &peephole) ||
        yf_key_flag(c, "bottleneck", 0, &bottleneck))
        return c->err->code;
    p->peephole = peephole;
    p->bottleneck = bottleneck;
    return YF_OK;
}

static int parse_fc(yf_ctx *c, yf_node *n, int gates)
{
    yf_layer *l = n->l;
    rec *p = n->priv;
    static const char *const keys[] = {"logistic", "shortcut", NULL};
    p->gates = gates;
    yf_key_ignore(c, keys);
    if (gates == 0) {
        yf_activation(c, l, "logistic");
        if (yf_key_int(c, "hidden", 1, 1, YF_MAX_DIM, &p->hidden))
            return c->err->code;
    }
    int bn;
    if (yf_key_int(c, "output", 1, 1, YF_MAX_DIM, &p->output) ||
        yf_key_flag(c, "batch_normalize", 0, &bn))
        return c->err->code;
    p->bn = bn;
    return YF_OK;
}

static int parse_rnn(yf_ctx *c, yf_node *n) { return parse_fc(c, n, 0); }
static int parse_gru(yf_ctx *c, yf_node *n) { return parse_fc(c, n, 3); }
static int parse_lstm(yf_ctx *c, yf_node *n) { return parse_fc(c, n, 4); }

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    rec *p = n->priv;
    l->attr = (yf_attrs){.filters = p->output, .size = p->size, .stride_x = p->stride,
                         .stride_y = p->stride, .padding = p->padding, .groups = p->groups,
                         .batch_normalize = p->bn != 0, .activation = l->attr.activation};
    if (!p->conv) { /* inputs > 0: every layer's output was checked */
        l->out = (yf_shape){1, 1, p->output};
        l->outputs = p->output;
        return YF_OK;
    }
    if (yf_shape_check(c, l, p->hidden ? "[crnn]" : "[conv_lstm]"))
        return c->err->code;
    if (yf_window_fits(c, "size", p->size, l->in.w + 2 * p->padding, l->in.h + 2 * p->padding,
                       p->stride, p->stride, "padded input"))
        return c->err->code;
    l->out.w = yf_conv_out(l->in.w, p->padding, p->size, p->stride);
    l->out.h = yf_conv_out(l->in.h, p->padding, p->size, p->stride);
    l->out.c = p->output;
    l->outputs = yf_mul(yf_mul(l->out.w, l->out.h), l->out.c);
    return YF_OK;
}

/* The activation applies to each part of crnn and rnn; conv_lstm, gru and
 * lstm parts are linear (their gates are elementwise, 0 in thop and ptflops). */
static const char *part_activation(const yf_layer *l, const rec *p)
{
    return p->hidden ? l->attr.activation : "linear";
}

static void conv_part(yf_layer *l, const rec *p, int64_t cin, int64_t cout, int times)
{
    yf_convfig f;
    yf_conv_figures(cin, cout, p->groups, p->size, l->out.w, l->out.h, (int)p->bn,
                    part_activation(l, p), &f);
    for (int i = 0; i < times; i++)
        yf_layer_add(l, &f);
}

static void fc_part(yf_layer *l, const rec *p, int64_t in, int64_t out, int times)
{
    yf_convfig f;
    yf_connected_figures(in, out, (int)p->bn, part_activation(l, p), &f);
    for (int i = 0; i < times; i++)
        yf_layer_add(l, &f);
}

static int cost(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    (void)c;
    rec *p = n->priv;
    int64_t o = p->output;
    if (p->conv && p->hidden) { /* crnn */
        conv_part(l, p, l->in.c, p->hidden, 1);
        conv_part(l, p, p->hidden, p->hidden, 1);
        conv_part(l, p, p->hidden, o, 1);
    } else if (p->conv) { /* conv_lstm */
        conv_part(l, p, l->in.c, o, 4);
        if (p->bottleneck)
            conv_part(l, p, 2 * o, o, 1);
        else
            conv_part(l, p, o, o, 4);
        if (p->peephole)
            conv_part(l, p, o, o, 3);
        l->bflops += (p->peephole ? 12.0 : 9.0) * (double)l->outputs / 1e9;
        /* conv_lstm_layer.c adds (12 or 9)*l.outputs*l.batch / 1e9 in int to the convs' */
        double convs = (float)(l->bflops - (p->peephole ? 12.0 : 9.0) * (double)l->outputs / 1e9);
        const int64_t f[] = {p->peephole ? 12 : 9, l->outputs};
        n->dn_bflops = (float)(convs + yf_darknet_int_bflops(n, f, 2, 0, "12*l.outputs*l.batch"));
    } else if (p->gates == 0) { /* rnn */
        fc_part(l, p, l->inputs, p->hidden, 1);
        fc_part(l, p, p->hidden, p->hidden, 1);
        fc_part(l, p, p->hidden, o, 1);
    } else {
        fc_part(l, p, l->inputs, o, p->gates);
        fc_part(l, p, o, o, p->gates);
    }
    return YF_OK;
}

static void describe(yf_node *n)
{
    yf_layer *l = n->l;
    rec *p = n->priv;
    if (p->conv)
        snprintf(l->desc, sizeof(l->desc), "%lld %lldx%lld/%lld", (long long)p->output,
                 (long long)p->size, (long long)p->size, (long long)p->stride);
    else
        snprintf(l->desc, sizeof(l->desc), "%lld", (long long)p->output);
}

/* ---- what Darknet allocates: the parts (each a struct layer, 2616
 * bytes, and a conv or connected layer of b = batch/time_steps rows over s
 * = time_steps steps) plus the state buffers of make_*_layer ---- */
static void conv_part_mem(const yf_node *n, const yf_dn_ctx *x, int64_t b, int64_t cin,
                          int64_t cout, int primary, yf_dn_layer *m)
{
    const rec *p = n->priv;
    const yf_layer *l = n->l;
    yf_dn_conv cv = {.batch = b, .steps = x->time_steps, .w = l->in.w, .h = l->in.h, .c = cin,
                     .n = cout, .groups = p->groups, .size = p->size, .out_w = l->out.w,
                     .out_h = l->out.h, .bn = p->bn != 0, .xnor = (int)p->xnor,
                     .train = x->train, .activation = l->attr.activation, .primary = primary};
    int64_t ws = yf_dn_conv_workspace(&cv);
    yf_dn_host(m, YF_MEM_STRUCTS, YF_DN_SIZEOF_LAYER);
    yf_dn_conv_add(x, &cv, m);
    if (ws > m->workspace)
        m->workspace = ws;
}

static void fc_part_mem(const yf_dn_ctx *x, int64_t b, int64_t in, int64_t out, int bn,
                        int primary, yf_dn_layer *m)
{
    yf_dn_host(m, YF_MEM_STRUCTS, YF_DN_SIZEOF_LAYER);
    yf_dn_connected_add(x, b, x->time_steps, in, out, bn, primary, m);
}

/* n buffers of `each` bytes on the host and, one by one, on the device. */
static void state(const yf_dn_ctx *x, int n, int64_t each, yf_dn_layer *m)
{
    yf_dn_host(m, YF_MEM_STATE, yf_mul(n, each));
    for (int k = 0; x->gpu && k < n; k++)
        yf_dn_dev(m, YF_MEM_STATE, each);
}

/* crnn_layer.c:51-86: state 4*b*(w*h*hidden)*(s+1); convs input, self,
 * output (the output conv's delta is the layer's). */
static void crnn_mem(const yf_node *n, const yf_dn_ctx *x, int64_t b, yf_dn_layer *m)
{
    const rec *p = n->priv;
    const yf_layer *l = n->l;
    int64_t hid = yf_mul(yf_mul(l->in.w, l->in.h), p->hidden);
    yf_dn_host(m, YF_MEM_STATE, yf_mul(yf_mul(4 * hid, b), x->time_steps + 1));
    conv_part_mem(n, x, b, l->in.c, p->hidden, 0, m);
    conv_part_mem(n, x, b, p->hidden, p->hidden, 0, m);
    conv_part_mem(n, x, b, p->hidden, p->output, 1, m);
    if (x->gpu)
        yf_dn_dev(m, YF_MEM_STATE, yf_mul(yf_mul(4 * hid, b), x->time_steps + 1));
}

/* conv_lstm_layer.c:70-230: convs u(f,i,g,o) c->out, w(f,i,g,o) out->out
 * (bottleneck: one 2out->out and three bare structs), v(f,i,o) with
 * peephole (else bare structs); output 4*b*O*s, 15 state buffers (three of
 * them x s on the host... see the lines); no host delta. */
static void conv_lstm_mem(const yf_node *n, const yf_dn_ctx *x, int64_t b, yf_dn_layer *m)
{
    const rec *p = n->priv;
    const yf_layer *l = n->l;
    int64_t o = p->output, s = x->time_steps, bo = yf_mul(4 * b, l->outputs);
    for (int k = 0; k < 4; k++)
        conv_part_mem(n, x, b, l->in.c, o, 0, m);
    if (p->bottleneck) {
        yf_dn_host(m, YF_MEM_STRUCTS, 3 * YF_DN_SIZEOF_LAYER);
        conv_part_mem(n, x, b, 2 * o, o, 0, m);
    }
    for (int k = 0; !p->bottleneck && k < 4; k++)
        conv_part_mem(n, x, b, o, o, 0, m);
    for (int k = 0; k < 3; k++) {
        if (p->peephole)
            conv_part_mem(n, x, b, o, o, 0, m);
        else
            yf_dn_host(m, YF_MEM_STRUCTS, YF_DN_SIZEOF_LAYER);
    }
    yf_dn_host(m, YF_MEM_OUTPUTS, yf_mul(bo, s));
    yf_dn_host(m, YF_MEM_STATE, yf_add(yf_mul(15, bo), yf_mul(bo, s)));
    m->delta = YF_DN_NONE;
    if (!x->gpu)
        return;
    yf_dn_dev_moved(m, YF_MEM_OUTPUTS, yf_mul(bo, s));
    yf_dn_dev_delta(m, yf_mul(bo, s));
    state(x, 2, bo, m);
    yf_dn_dev(m, YF_MEM_STATE, yf_mul(bo, s));
    state(x, 15, bo, m);
    if (p->bottleneck)
        state(x, 2, yf_mul(2, bo), m);
}

/* rnn_layer.c:43-74: state 4*b*hidden*(s+1); connected input, self, output
 * (the output's delta is the layer's). */
static void rnn_mem(const yf_node *n, const yf_dn_ctx *x, int64_t b, yf_dn_layer *m)
{
    const rec *p = n->priv;
    int64_t st = yf_mul(yf_mul(4 * b, p->hidden), x->time_steps + 1);
    int bn = p->bn != 0;
    yf_dn_host(m, YF_MEM_STATE, st);
    fc_part_mem(x, b, n->l->inputs, p->hidden, bn, 0, m);
    fc_part_mem(x, b, p->hidden, p->hidden, bn, 0, m);
    fc_part_mem(x, b, p->hidden, p->output, bn, 1, m);
    if (x->gpu)
        yf_dn_dev(m, YF_MEM_STATE, st);
}

/* gru_layer.c:39-105 (6 connected parts) and lstm_layer.c:42-140 (8):
 * per gate an input part and a recurrent part, then the state. */
static void gates_mem(const yf_node *n, const yf_dn_ctx *x, int64_t b, yf_dn_layer *m)
{
    const rec *p = n->priv;
    int64_t o = p->output, s = x->time_steps, bo = yf_mul(4 * b, o);
    int bn = p->bn != 0, gru = p->gates == 3;
    for (int k = 0; k < p->gates; k++) {
        fc_part_mem(x, b, n->l->inputs, o, bn, 0, m);
        if (gru)
            fc_part_mem(x, b, o, o, bn, 0, m);
    }
    for (int k = 0; !gru && k < p->gates; k++)
        fc_part_mem(x, b, o, o, bn, 0, m);
    yf_dn_host(m, YF_MEM_OUTPUTS, yf_mul(bo, s));
    if (gru) {
        yf_dn_host(m, YF_MEM_DELTAS, yf_mul(bo, s));
        yf_dn_host(m, YF_MEM_STATE, yf_mul(7, bo));
    } else {
        yf_dn_host(m, YF_MEM_STATE, yf_add(yf_mul(14, bo), yf_mul(bo, s)));
    }
    m->delta = gru ? YF_DN_OWN : YF_DN_NONE;
    if (!x->gpu)
        return;
    if (gru)
        state(x, 4, bo, m);
    yf_dn_dev_moved(m, YF_MEM_OUTPUTS, yf_mul(bo, s));
    yf_dn_dev_delta(m, yf_mul(bo, s));
    if (!gru) {
        state(x, 2, bo, m);
        yf_dn_dev(m, YF_MEM_STATE, yf_mul(bo, s));
    }
    state(x, gru ? 3 : 11, bo, m);
}

/* Per image and time step, its parts as conv or connected layers: 2 FLOPs a
 * MAC forward and for each gradient; conv_lstm's gates add (peephole ? 12 :
 * 9) per output forward. Not in the PyTorch layout (no fields). */
static void train(const yf_node *n, yf_train_layer *t)
{
    const rec *p = n->priv;
    yf_layer parts = {.in = n->l->in, .out = n->l->out, .inputs = n->l->inputs,
                      .outputs = n->l->outputs, .attr = n->l->attr};
    yf_node copy = *n;
    copy.l = &parts;
    cost(NULL, &copy);
    int64_t macs = yf_mul(2, parts.macs_fused);
    t->fwd = yf_add(macs, p->conv && !p->hidden ? yf_mul(p->peephole ? 12 : 9, parts.outputs) : 0);
    t->bwd_weights = t->bwd_input = macs;
    t->weights = n->l->params;
}

static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    const rec *p = n->priv;
    int64_t b = x->batch / x->time_steps;
    m->batch = b;
    if (p->conv && p->hidden)
        crnn_mem(n, x, b, m);
    else if (p->conv)
        conv_lstm_mem(n, x, b, m);
    else if (p->gates == 0)
        rnn_mem(n, x, b, m);
    else
        gates_mem(n, x, b, m);
}

#define REC(sym, parsefn)                                                                        \
    const yf_kind yf_kind_##sym = {                                                            \
        .name = #sym,                                                                          \
        .sections = (const char *const[]){#sym, NULL},                                         \
        .priv_size = sizeof(rec),                                                              \
        .parse = parsefn,                                                                      \
        .infer = infer,                                                                        \
        .cost = cost,                                                                          \
        .describe = describe,                                                                  \
        .darknet_mem = darknet_mem,                                                            \
        .train = train,                                                                        \
    };

REC(crnn, parse_crnn)
REC(conv_lstm, parse_conv_lstm)
REC(rnn, parse_rnn)
REC(gru, parse_gru)
REC(lstm, parse_lstm)
