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
#include "../internal.h"

#include <stdio.h>

typedef struct pool {
    int64_t size, stride_x, stride_y, padding, depth, out_channels, aa, avg;
    int64_t blur_macs;
} pool;

static int parse_common(yf_ctx *c, pool *p)
{
    int64_t stride;
    if (yf_key_int(c, "stride", 1, 1, 65536, &stride) ||
        yf_key_int(c, "stride_x", stride, 1, 65536, &p->stride_x) ||
        yf_key_int(c, "stride_y", stride, 1, 65536, &p->stride_y) ||
        yf_key_int(c, "size", stride, 1, 65536, &p->size) ||
        yf_key_int(c, "padding", p->size - 1, 0, 65536, &p->padding))
        return YF_ERR_INPUT;
    return YF_OK;
}

static int parse_max(yf_ctx *c, yf_layer *l)
{
    pool *p = l->priv_;
    static const char *const ignored[] = {"maxpool_zero_nonmax", NULL};
    yf_key_ignore(c, ignored);
    return parse_common(c, p) || yf_key_int(c, "maxpool_depth", 0, 0, 1, &p->depth) ||
                   yf_key_int(c, "out_channels", 1, 1, YF_MAX_DIM, &p->out_channels) ||
                   yf_key_int(c, "antialiasing", 0, 0, 2, &p->aa)
               ? YF_ERR_INPUT
               : YF_OK;
}

static int parse_local_avg(yf_ctx *c, yf_layer *l)
{
    pool *p = l->priv_;
    p->avg = 1;
    return parse_common(c, p);
}

static int infer(yf_ctx *c, yf_layer *l)
{
    pool *p = l->priv_;
    if (yf_shape_check(c, l, p->avg ? "[local_avgpool]" : "[maxpool]"))
        return YF_ERR_INPUT;
    int64_t sx = p->aa ? 1 : p->stride_x, sy = p->aa ? 1 : p->stride_y;
    if (!p->depth) {
        l->step_x_ = (double)p->stride_x;
        l->step_y_ = (double)p->stride_y;
    }
    if (p->depth) {
        l->out = (yf_shape){l->in.w, l->in.h, p->out_channels};
    } else {
        if (l->in.w + p->padding < p->size || l->in.h + p->padding < p->size)
            return yf_ctx_fail(c, "size", "'size' %lld is larger than the padded input "
                                          "%lldx%lld (padding %lld in total)",
                               (long long)p->size, (long long)(l->in.w + p->padding),
                               (long long)(l->in.h + p->padding), (long long)p->padding);
        l->out.w = (l->in.w + p->padding - p->size) / sx + 1;
        l->out.h = (l->in.h + p->padding - p->size) / sy + 1;
        l->out.c = l->in.c;
    }
    l->outputs = yf_mul(yf_mul(l->out.w, l->out.h), l->out.c);
    if (p->aa)
        return yf_blur(c, l, p->aa, p->stride_x, p->stride_y, &p->blur_macs);
    return YF_OK;
}

/* Sum over output positions of the inputs inside each window, one axis. */
static int64_t valid_sum(int64_t in, int64_t out, int64_t size, int64_t stride, int64_t offset)
{
    int64_t sum = 0;
    for (int64_t o = 0; o < out; o++) {
        int64_t lo = o * stride + offset, hi = lo + size;
        lo = lo < 0 ? 0 : lo;
        hi = hi > in ? in : hi;
        sum += hi > lo ? hi - lo : 0;
    }
    return sum;
}

static int cost(yf_ctx *c, yf_layer *l)
{
    (void)c;
    pool *p = l->priv_;
    l->bflops = ((double)yf_mul(yf_mul(p->size * p->size, l->in.c), l->out.w * l->out.h)) / 1e9;
    l->macs = l->macs_fused = p->blur_macs;
    if (p->avg) {
        int64_t off = -p->padding / 2;
        int64_t win = yf_mul(valid_sum(l->in.w, l->out.w, p->size, p->stride_x, off),
                             valid_sum(l->in.h, l->out.h, p->size, p->stride_y, off));
        l->macs = l->macs_fused = yf_add(yf_mul(win, l->in.c), l->outputs);
    }
    return YF_OK;
}

static void describe(yf_layer *l)
{
    pool *p = l->priv_;
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
    .sections = (const char *const[]){"maxpool", "max", NULL},
    .priv_size = sizeof(pool),
    .parse = parse_max,
    .infer = infer,
    .cost = cost,
    .describe = describe,
};

const yf_kind yf_kind_local_avgpool = {
    .name = "local_avgpool",
    .sections = (const char *const[]){"local_avgpool", "local_avg", NULL},
    .priv_size = sizeof(pool),
    .parse = parse_local_avg,
    .infer = infer,
    .cost = cost,
    .describe = describe,
};

/* ---- global average pooling ---- */
static int parse_avg(yf_ctx *c, yf_layer *l)
{
    (void)c;
    (void)l;
    return YF_OK;
}

static int infer_avg(yf_ctx *c, yf_layer *l)
{
    if (yf_shape_check(c, l, "[avgpool]"))
        return YF_ERR_INPUT;
    l->out = (yf_shape){1, 1, l->in.c};
    l->outputs = l->in.c;
    return YF_OK;
}

static int cost_avg(yf_ctx *c, yf_layer *l)
{
    (void)c;
    l->macs = l->macs_fused = yf_add(yf_mul(yf_mul(l->in.w, l->in.h), l->in.c), l->in.c);
    return YF_OK;
}

static void describe_avg(yf_layer *l)
{
    snprintf(l->desc, sizeof(l->desc), "global");
}

const yf_kind yf_kind_avgpool = {
    .name = "avgpool",
    .sections = (const char *const[]){"avgpool", "avg", NULL},
    .priv_size = 0,
    .parse = parse_avg,
    .infer = infer_avg,
    .cost = cost_avg,
    .describe = describe_avg,
};
