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
    int64_t size, stride, padding, hidden, output, groups, bn, peephole, bottleneck;
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

#define REC(sym, parsefn)                                                                        \
    const yf_kind yf_kind_##sym = {                                                            \
        .name = #sym,                                                                          \
        .sections = (const char *const[]){#sym, NULL},                                         \
        .priv_size = sizeof(rec),                                                              \
        .parse = parsefn,                                                                      \
        .infer = infer,                                                                        \
        .cost = cost,                                                                          \
        .describe = describe,                                                                  \
    };

REC(crnn, parse_crnn)
REC(conv_lstm, parse_conv_lstm)
REC(rnn, parse_rnn)
REC(gru, parse_gru)
REC(lstm, parse_lstm)
