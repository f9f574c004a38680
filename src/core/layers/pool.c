/* [maxpool]/[max], [local_avgpool]/[local_avg] and [avgpool]/[avg] —
 * parser.c:parse_maxpool/parse_local_avgpool/parse_avgpool,
 * maxpool_layer.c:make_maxpool_layer, avgpool_layer.c:make_avgpool_layer.
 *
 *   stride default 1; stride_x/stride_y default stride; size default stride;
 *   padding default size-1 and it is a TOTAL over both sides:
 *   out_w = (w + padding - size)/stride_x + 1, out_h likewise, out_c = c
 *   maxpool_depth=1: out = w x h x out_channels (default 1)
 *   bflops = size^2 * c * out_h*out_w / 1e9   (c = input channels)
 *   thop: MaxPool2d 0 MACs; AvgPool2d (2.1.6) = c * sum of valid inputs over
 *   windows + Y, with Darknet's window offset -padding/2;
 *   global avgpool: 1x1xc, thop AdaptiveAvgPool2d(1) = c*h*w + c.
 *   No weights. antialiasing (maxpool) as in conv: stride-1 host + blur. */
#include "../core.h"

#include <stdio.h>

typedef struct pool {
    int64_t size, stride_x, stride_y, padding, depth, out_channels, aa, avg;
    int64_t blur_macs;
} pool;

static int parse_common(yf_ctx *c, yf_node *n)
{
    pool *p = n->priv;
    int64_t stride;
    if (yf_key_int(c, "stride", 1, 1, 65536, &stride) ||
        yf_key_int(c, "stride_x", stride, 1, 65536, &p->stride_x) ||
        yf_key_int(c, "stride_y", stride, 1, 65536, &p->stride_y) ||
        yf_key_int(c, "size", stride, 1, 65536, &p->size) ||
        yf_key_int(c, "padding", p->size - 1, 0, 65536, &p->padding))
        return c->err->code;
    n->l->attr = (yf_attrs){.size = p->size, .stride_x = p->stride_x, .stride_y = p->stride_y,
                            .padding = p->padding};
    return YF_OK;
}

static int parse_max(yf_ctx *c, yf_node *n)
{
    pool *p = n->priv;
    static const char *const ignored[] = {"maxpool_zero_nonmax", NULL};
    yf_key_ignore(c, ignored);
    int depth;
    if (parse_common(c, n) || yf_key_flag(c, "maxpool_depth", 0, &depth) ||
        yf_key_int(c, "out_channels", 1, 1, YF_MAX_DIM, &p->out_channels) ||
        yf_antialiasing(c, &p->aa))
        return c->err->code;
    p->depth = depth;
    return YF_OK;
}

static int parse_local_avg(yf_ctx *c, yf_node *n)
{
    pool *p = n->priv;
    p->avg = 1;
    return parse_common(c, n);
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    pool *p = n->priv;
    if (yf_shape_check(c, l, p->avg ? "[local_avgpool]" : "[maxpool]"))
        return c->err->code;
    int64_t sx = p->aa ? 1 : p->stride_x, sy = p->aa ? 1 : p->stride_y;
    if (!p->depth) {
        n->step_x = (double)p->stride_x;
        n->step_y = (double)p->stride_y;
    }
    if (p->depth) {
        l->out = (yf_shape){l->in.w, l->in.h, p->out_channels};
    } else {
        if (yf_window_fits(c, "size", p->size, l->in.w + p->padding, l->in.h + p->padding, sx,
                           sy, "padded input"))
            return c->err->code;
        l->out.w = (l->in.w + p->padding - p->size) / sx + 1;
        l->out.h = (l->in.h + p->padding - p->size) / sy + 1;
        l->out.c = l->in.c;
    }
    l->outputs = yf_mul(yf_mul(l->out.w, l->out.h), l->out.c);
    if (p->aa)
        return yf_blur(c, n, p->aa, p->stride_x, p->stride_y, &p->blur_macs);
    return YF_OK;
}

typedef __int128 wide; /* exact sums of products of int64 shapes */

/* Smallest o >= 0 with o*s + t >= 0 (s > 0). */
static wide first_ge(wide t, wide s)
{
    return t >= 0 ? 0 : (-t + s - 1) / s;
}

/* sum over o in [a, b) of (o*s + t); 0 when the range is empty. */
static wide series(wide a, wide b, wide s, wide t)
{
    return b > a ? s * (a + b - 1) * (b - a) / 2 + t * (b - a) : 0;
}

static wide clamp(wide v, wide lo, wide hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Sum over the `out` windows [o*s + off, o*s + off + size) of how many of
 * the `in` positions each covers, in closed form (no loop over a dimension):
 * every window's size, minus what sticks out on the left and on the right,
 * plus back what was taken twice from windows lying wholly outside. */
static int64_t valid_sum(int64_t in, int64_t out, int64_t size, int64_t s, int64_t off)
{
    wide o1 = clamp(first_ge(off, s), 0, out);             /* windows starting >= 0 */
    wide o2 = clamp(first_ge(off + size - in - 1, s), 0, out); /* ending beyond in */
    wide o3 = clamp(first_ge(off + size - 1, s), 0, out);  /* ending > 0 */
    wide o4 = clamp(first_ge(off - in, s), 0, out);        /* starting >= in */
    wide left = -series(0, o1, s, off);                  /* o*s + off < 0 */
    wide right = series(o2, out, s, off + size - in);    /* o*s + off + size > in */
    wide wholly_left = -series(0, o3, s, off + size);    /* the window ends <= 0 */
    wide wholly_right = series(o4, out, s, off - in);    /* the window starts >= in */
    wide sum = (wide)out * size - left - right + wholly_left + wholly_right;
    return sum > INT64_MAX ? INT64_MAX : (int64_t)sum;
}

static int cost(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    (void)c;
    pool *p = n->priv;
    /* maxpool_layer.c: l.size*l.size*l.c * l.out_h*l.out_w / 1e9 (in double
     * here: Darknet's int product overflows at large sizes) */
    l->bflops = (double)p->size * (double)p->size * (double)l->in.c * (double)l->out.w *
                (double)l->out.h / 1e9;
    const int64_t f[] = {p->size, p->size, l->in.c, l->out.h, l->out.w};
    yf_darknet_int_bflops(n, f, 5, 0, "size*size*c*out_h*out_w");
    l->macs = l->macs_fused = p->blur_macs;
    if (p->avg) {
        int64_t off = -p->padding / 2;
        int64_t win = yf_mul(valid_sum(l->in.w, l->out.w, p->size, p->stride_x, off),
                             valid_sum(l->in.h, l->out.h, p->size, p->stride_y, off));
        l->macs = l->macs_fused = yf_add(yf_mul(win, l->in.c), l->outputs);
    }
    /* ptflops: the pool module's hook and F.*_pool2d count its input; the
     * PyTorch builder pads size=2 stride=1 pools by one row and column */
    int64_t grow = p->size == 2 && p->stride_x == 1 && p->stride_y == 1;
    int64_t x = yf_mul(yf_mul(l->in.w + grow, l->in.h + grow), l->in.c);
    yf_pt_add(l, x, x, 0);
    yf_pt_add(l, p->blur_macs, 0, p->blur_macs);
    return YF_OK;
}

/* make_maxpool_layer, make_local_avgpool_layer (maxpool_layer.c:113-139):
 * output 4BO, in training delta 4BO and (max) int indexes 4BO; the
 * antialiasing blur as in conv. */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    const pool *p = n->priv;
    int64_t bo = yf_mul(4 * x->batch, n->l->outputs), t = x->train;
    yf_dn_host(m, YF_MEM_INDEXES, (!p->avg && t) * bo);
    yf_dn_host(m, YF_MEM_DELTAS, t * bo);
    yf_dn_host(m, YF_MEM_OUTPUTS, bo);
    m->delta = t ? YF_DN_OWN : YF_DN_NONE;
    if (x->gpu) {
        yf_dn_dev(m, YF_MEM_INDEXES, (!p->avg && t) * bo);
        if (t)
            yf_dn_dev_delta(m, bo);
        yf_dn_dev_moved(m, YF_MEM_OUTPUTS, bo);
    }
    if (p->aa)
        yf_dn_blur_add(x, n, n->l->out.c, (int)p->aa, m);
}

/* maxpool: size^2 comparisons per output per input channel forward (l.bflops),
 * one per output backward (scatter), PyTorch saves its input and int64
 * indexes; local_avgpool: size^2 + 1 forward, size^2 backward per output;
 * the antialiasing blur as in conv. */
static void train(const yf_node *n, yf_train_layer *t)
{
    const pool *p = n->priv;
    const yf_layer *l = n->l;
    int64_t k2 = p->size * p->size;
    if (p->avg) {
        t->fwd = yf_mul(k2 + 1, l->outputs);
        t->bwd_input = yf_mul(k2, l->outputs);
    } else {
        t->fwd = yf_mul(yf_mul(k2, l->in.c), yf_mul(l->out.w, l->out.h));
        t->bwd_input = l->outputs;
        t->saves_inputs = 1;
        t->saved_bytes = yf_mul(8, l->outputs);
    }
    t->fwd = yf_add(t->fwd, yf_mul(2, p->blur_macs));
    t->bwd_other = yf_mul(2, p->blur_macs);
}

static void describe(yf_node *n)
{
    yf_layer *l = n->l;
    pool *p = n->priv;
    if (p->stride_x == p->stride_y)
        snprintf(l->desc, sizeof(l->desc), "%lldx%lld/%lld%s", (long long)p->size,
                 (long long)p->size, (long long)p->stride_x, p->aa ? " aa" : "");
    else
        snprintf(l->desc, sizeof(l->desc), "%lldx%lld/%lldx%lld%s", (long long)p->size,
                 (long long)p->size, (long long)p->stride_x, (long long)p->stride_y,
                 p->aa ? " aa" : "");
}

const yf_kind yf_kind_maxpool = {
    .name = "maxpool",
    .op = YF_OP_MAXPOOL,
    .sections = (const char *const[]){"maxpool", "max", NULL},
    .priv_size = sizeof(pool),
    .parse = parse_max,
    .infer = infer,
    .cost = cost,
    .describe = describe,
    .darknet_mem = darknet_mem,
    .train = train,
};

const yf_kind yf_kind_local_avgpool = {
    .name = "local_avgpool",
    .op = YF_OP_MAXPOOL,
    .sections = (const char *const[]){"local_avgpool", "local_avg", NULL},
    .priv_size = sizeof(pool),
    .parse = parse_local_avg,
    .infer = infer,
    .cost = cost,
    .describe = describe,
    .darknet_mem = darknet_mem,
    .train = train,
};

/* ---- global average pooling ---- */
static int infer_avg(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    if (yf_shape_check(c, l, "[avgpool]"))
        return c->err->code;
    l->out = (yf_shape){1, 1, l->in.c};
    l->outputs = l->in.c;
    return YF_OK;
}

static int cost_avg(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    (void)c;
    int64_t x = yf_mul(yf_mul(l->in.w, l->in.h), l->in.c);
    l->macs = l->macs_fused = yf_add(x, l->in.c);
    yf_pt_add(l, x, x, 0); /* AdaptiveAvgPool2d(1): hook and F.adaptive_avg_pool2d */
    return YF_OK;
}

/* make_avgpool_layer (avgpool_layer.c:21-22): output and delta, always. */
static void darknet_mem_avg(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    yf_dn_output_delta(x, n->l->outputs, m);
}

/* One FLOP per input element each way (a mean). */
static void train_avg(const yf_node *n, yf_train_layer *t)
{
    const yf_layer *l = n->l;
    t->fwd = t->bwd_input = yf_mul(yf_mul(l->in.w, l->in.h), l->in.c);
}

static void describe_avg(yf_node *n)
{
    yf_layer *l = n->l;
    snprintf(l->desc, sizeof(l->desc), "global");
}

const yf_kind yf_kind_avgpool = {
    .name = "avgpool",
    .op = YF_OP_AVGPOOL,
    .sections = (const char *const[]){"avgpool", "avg", NULL},
    .priv_size = 0,
    .parse = yf_parse_none,
    .infer = infer_avg,
    .cost = cost_avg,
    .describe = describe_avg,
    .darknet_mem = darknet_mem_avg,
    .train = train_avg,
};
