/* The kernels a runtime makes of a layer (docs/latency.md, "Kernels per
 * runtime"), from the runtime's rules in runtimes.json: what is fused into
 * the convolution, elided or copied, which precision each kernel computes
 * and stores in, and how many launches it takes per batch. A kernel's work
 * is FLOPs (2 x fused MACs, for convolutions and connected layers) or
 * elements x a cost per element (element-wise work); its bytes are what it
 * reads and writes per image plus its weights once per batch. */
#include "analysis/latency_impl.h"

enum { F4 = 4 };

static yf_kspec kernel(const char *name, int prec, double work, double rd, double wr)
{
    return (yf_kspec){.name = name, .prec = prec, .work = work, .rd = rd, .wr = wr,
                      .launches = 1, .unit = UNIT_BEST};
}

static const char *act_name(int op)
{
    static const char *const names[EW_N] = {
        [EW_LEAKY] = "act:leaky",         [EW_RELU] = "act:relu",  [EW_LOGISTIC] = "act:logistic",
        [EW_SWISH] = "act:swish",         [EW_MISH] = "act:mish",
        [EW_HARD_MISH] = "act:hard_mish"};
    return names[op] ? names[op] : "act";
}

/* The activation after a layer, unless fused into it. sb: bytes per element
 * of the activations it reads and writes. */
static int activation(const yf_kctx *k, const yf_layer *l, double sb, int fused, yf_kspec *out)
{
    const yf_rt *rt = k->rt;
    int op = yf_act_op(k->db, l->attr.activation);
    double nout = (double)l->outputs, c = op >= 0 ? k->ew->cost[op] : 0;
    if (op < 0 || (fused && (rt->fused_acts & (1u << op))))
        return 0;
    if ((rt->plugin_acts & (1u << op)) && k->prec != YF_PREC_FP32) {
        /* an fp32 plugin inside a lower-precision engine: fp32 bytes; the
         * format changes are taken as absorbed by the neighbouring convs */
        out[0] = kernel(act_name(op), YF_PREC_FP32, nout * c, nout * F4, nout * F4);
        return 1;
    }
    if (rt->composite[op] > 1) { /* exported as several ops, e.g. softplus, tanh, mul */
        int n = rt->composite[op] < YF_MAX_LAYER_KERNELS - 2 ? rt->composite[op]
                                                             : YF_MAX_LAYER_KERNELS - 2;
        for (int i = 0; i < n; i++)
            out[i] = kernel(act_name(op), k->prec, nout * c / rt->composite[op],
                            nout * sb * (i == n - 1 ? 2 : 1), nout * sb);
        return n;
    }
    double extra = rt->act_saves_input && (op == EW_MISH || op == EW_SWISH || op == EW_HARD_MISH)
                       ? nout * sb
                       : 0;
    out[0] = kernel(act_name(op), k->prec, nout * c, nout * sb, nout * sb + extra);
    return 1;
}

/* Darknet with CUDNN_HALF runs a conv in fp16 only when it is not layer 0,
 * has more than 1x1, no groups and channel counts divisible by 8
 * (convolutional_kernels.cu); everything else stays fp32. */
static int darknet_half_ok(const yf_layer *l, int64_t cin_g)
{
    return l->index != 0 && cin_g % 8 == 0 && l->attr.filters % 8 == 0 &&
           l->attr.groups <= 1 && l->attr.size > 1;
}

static int conv(const yf_kctx *k, const yf_layer *l, yf_kspec *out)
{
    const yf_rt *rt = k->rt;
    int connected = l->op == YF_OP_CONNECTED;
    double nin = (double)(l->in.w * l->in.h * l->in.c), nout = (double)l->outputs;
    int64_t groups = connected || l->attr.groups < 1 ? 1 : l->attr.groups;
    int64_t size = connected ? 1 : l->attr.size, stride = connected ? 1 : l->attr.stride_x;
    int64_t cin_g = connected ? (int64_t)nin : l->in.c / groups;
    double work = 2.0 * (double)l->macs_fused / (double)k->batch;
    int prec = k->prec, unit = UNIT_BEST, n = 0;
    if (rt->darknet_half && prec == YF_PREC_FP16 && !darknet_half_ok(l, cin_g))
        prec = YF_PREC_FP32;
    if (groups > 1 && rt->grouped_fp32)
        unit = UNIT_FP32;
    if (rt->gemm_1x1 && size == 1 && stride == 1 && groups == 1)
        unit = UNIT_GEMM;
    double sb = yf_prec_bytes(prec);
    double io = rt->activations_at_prec && !rt->darknet_half ? yf_prec_bytes(k->prec) : F4;
    double wbytes = (double)l->params_fused * sb;
    if (rt->darknet_half && prec == YF_PREC_FP16) {
        out[n++] = kernel("f32->f16", YF_PREC_FP16, 0, nin * F4, nin * 2);
        out[n] = kernel("conv", YF_PREC_FP16, work, nin * 2, nout * 2);
        out[n].mac = 1, out[n].wbytes = (double)l->params_fused * 2, out[n++].unit = unit;
        out[n++] = kernel("f16->f32", YF_PREC_FP16, 0, nout * 2, nout * F4);
    } else {
        out[n] = kernel("conv", prec, work, nin * io, nout * io);
        out[n].mac = 1, out[n].wbytes = wbytes, out[n++].unit = unit;
    }
    if (l->attr.batch_normalize && !rt->fuse_bn_act && rt->bn_separate)
        for (int i = 0; i < rt->n_bn_kernels && n < YF_MAX_LAYER_KERNELS - 3; i++)
            out[n++] = kernel("bn", k->prec, nout * k->ew->cost[EW_BN] / rt->n_bn_kernels,
                              nout * io, nout * io);
    else if (!rt->fuse_bn_act && rt->bias_kernel && (!l->attr.batch_normalize || !rt->bn_separate))
        out[n++] = kernel("add_bias", k->prec, nout * k->ew->cost[EW_BIAS], nout * io, nout * io);
    return n + activation(k, l, io, rt->fuse_bn_act, out + n);
}

static int maxpool(const yf_kctx *k, const yf_layer *l, yf_kspec *out)
{
    double s = yf_prec_bytes(k->prec), nin = (double)(l->in.w * l->in.h * l->in.c);
    double nout = (double)l->outputs, size = (double)l->attr.size;
    const double *c = k->ew->cost;
    int n = 0;
    if (k->rt->pad_maxpool_s1 && l->attr.stride_x == 1 && l->attr.size % 2 == 0)
        out[n++] = kernel("pad", k->prec, nin * c[EW_COPY], nin * s, nout * s);
    out[n++] = kernel("maxpool", k->prec,
                      nout * (c[EW_POOL_OUT] + size * c[EW_POOL_ROW] + size * size * c[EW_POOL_WIN]),
                      nin * s, nout * s);
    return n;
}

static int route(const yf_kctx *k, const yf_layer *l, yf_kspec *out)
{
    const yf_rt *rt = k->rt;
    double s = yf_prec_bytes(k->prec), nout = (double)l->outputs;
    double copy = k->ew->cost[EW_COPY], each = (double)l->n_sources * (double)k->batch;
    if (l->attr.groups > 1) { /* a channel slice */
        if (rt->route_groups == ROUTE_VIEW)
            return 0;
        out[0] = kernel("route-slice", k->prec, nout * copy, nout * s, nout * s);
        out[0].launches = rt->route_groups == ROUTE_COPY_EACH ? each : 1;
        return 1;
    }
    if (l->n_sources == 1 || rt->route == ROUTE_ELIDE) {
        if (l->n_sources > 1 || rt->route != ROUTE_COPY_EACH)
            return 0;
    } else if (rt->route != ROUTE_COPY_EACH) {
        out[0] = kernel("concat", k->prec, nout * k->ew->cost[EW_CONCAT], nout * s, nout * s);
        return 1;
    }
    out[0] = kernel("route-copy", k->prec, nout * copy, nout * s, nout * s);
    out[0].launches = each;
    return 1;
}

static int head(const yf_kctx *k, const yf_layer *l, yf_kspec *out)
{
    double nout = (double)l->outputs, logistic = k->ew->cost[EW_LOGISTIC];
    double per = 2 + (l->head.scale_x_y != 1.0);
    int n = 0;
    switch (k->rt->yolo) {
    case YOLO_DARKNET:
    case YOLO_PLUGIN:
        out[n++] = kernel("yolo-copy", YF_PREC_FP32, 0, nout * F4, nout * F4);
        out[n] = kernel("yolo-logistic", YF_PREC_FP32, nout * logistic, nout * F4, nout * F4);
        out[n++].launches = (double)k->batch * (double)l->head.n_anchors * per;
        if (k->rt->yolo == YOLO_DARKNET) { /* the output is pulled to the host */
            out[n] = kernel("yolo-d2h", YF_PREC_FP32, 0, 0, 0);
            out[n++].link = nout * F4;
        }
        return n;
    case YOLO_ONE:
        out[0] = kernel("yolo", k->prec, nout * logistic, nout * yf_prec_bytes(k->prec),
                        nout * yf_prec_bytes(k->prec));
        return 1;
    }
    return 0; /* the decode is post-processing */
}

int yf_layer_kernels(const yf_kctx *k, const yf_layer *l, yf_kspec *out)
{
    double s = yf_prec_bytes(k->prec), nin = (double)(l->in.w * l->in.h * l->in.c);
    double nout = (double)l->outputs;
    const double *c = k->ew->cost;
    if (l->flags & YF_LAYER_HEAD)
        return head(k, l, out);
    switch (l->op) {
    case YF_OP_CONV:
    case YF_OP_CONNECTED:
        return conv(k, l, out);
    case YF_OP_MAXPOOL:
        return maxpool(k, l, out);
    case YF_OP_AVGPOOL:
        out[0] = kernel("avgpool", k->prec, nin * c[EW_ADD], nin * s, nout * s);
        out[0].serial = k->rt->avgpool_serial;
        return 1;
    case YF_OP_UPSAMPLE:
        out[0] = kernel("upsample", k->prec, nout * c[EW_UPSAMPLE], nin * s, nout * s);
        return 1;
    case YF_OP_ROUTE:
        return route(k, l, out);
    case YF_OP_SHORTCUT: {
        double n = (double)l->n_sources;
        out[0] = kernel("add", k->prec, nout * (n - 1) * c[EW_ADD], nout * s * n, nout * s);
        out[0].launches = k->rt->fuse_shortcut ? 0 : 1;
        return 1 + activation(k, l, s, 0, out + 1);
    }
    case YF_OP_SCALE:
        out[0] = kernel(l->type, k->prec, nout * c[EW_ADD], nout * s + nin * s, nout * s);
        return 1;
    case YF_OP_REORG:
    case YF_OP_SOFTMAX:
        out[0] = kernel(l->type, k->prec, nout * c[EW_COPY], nin * s, nout * s);
        return 1;
    case YF_OP_NONE:
    case YF_OP_HEAD:
        return 0;
    case YF_OP_OTHER:
        break;
    }
    out[0] = kernel(l->type, k->prec, nout * c[EW_DEFAULT], nin * s, nout * s);
    return 1;
}

int yf_input_kernels(const yf_kctx *k, const yf_model *m, yf_kspec *out)
{
    const yf_rt *rt = k->rt;
    double nin = (double)(m->input.w * m->input.h * m->input.c);
    int n = 0;
    if (rt->input_copy == INPUT_NONE)
        return 0;
    if (rt->input_copy == INPUT_H2D) {
        out[n] = kernel("input-h2d", YF_PREC_FP32, 0, 0, 0);
        out[n++].link = nin * rt->input_bytes;
    } else {
        out[n++] = kernel("input-copy", YF_PREC_FP32, 0, nin * F4, nin * F4);
    }
    if (k->prec != YF_PREC_FP32 && rt->input_reformat)
        out[n++] = kernel("input-reformat", k->prec, 0, nin * F4, nin * yf_prec_bytes(k->prec));
    return n;
}
