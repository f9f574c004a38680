/* What Darknet allocates: the helpers every kind's darknet_mem hook uses,
 * and the two weight-carrying building blocks (AlexeyAB/darknet 59596d78).
 *
 *   CPU build (GPU=0): every xcalloc/calloc of make_*_layer, in bytes
 *   (float and int 4, pointer 8); reproduced byte for byte (tests/
 *   darknet_mem.py). GPU build (GPU=1 CUDNN=1): cuda_make_array requests
 *   4 bytes an element, counted as requested; each call is one allocation
 *   rounded up to 512 bytes (the rounding is an estimate, kept apart).
 *
 * make_convolutional_layer (convolutional_layer.c:557-769), with
 * W = (c/groups)*n*size^2 (groups 1 for xnor, 1 when < 1), O = out_w*out_h*n,
 * tb = batch*steps, T = params.train:
 *   weights 4(W+n), +T: updates 4(W+n), EMA 4(W+n)      (not with share_index)
 *   output 4*tb*O, +T (CPU): delta 4*tb*O
 *   BN: scales 4n, rolling 8n, +T: scale EMA/updates 8n, batch statistics 16n;
 *       +T (CPU): x, x_norm 8*tb*O
 *   swish/mish/hard_mish (CPU, also in inference): activation input 4*tb*O
 *   adam (also in inference and with share_index): m, v 8W, bias/scale m, v 16n
 *   binary, xnor: their packed copies (lines 595-617)
 * GPU device copies (682-769): weights and updates, fp16 copies 4(W/2+1)
 * with CUDNN_HALF, output, delta, BN statistics, x (cuDNN needs no x_norm),
 * activation input in training only.
 * make_connected_layer (connected_layer.c:79-148): output, delta 4*tb*O,
 * weights and updates 4(I*O + O) each, BN 32*O + x, x_norm 8*tb*O; no
 * training flag. */
#include "../core.h"

#include <string.h>

void yf_dn_host(yf_dn_layer *m, int kind, int64_t bytes)
{
    m->host[kind] = yf_add(m->host[kind], bytes);
}

void yf_dn_dev(yf_dn_layer *m, int kind, int64_t bytes)
{
    if (bytes <= 0)
        return;
    m->device[kind] = yf_add(m->device[kind], bytes);
    m->rounding = yf_add(m->rounding, yf_round512_waste(bytes));
    m->n_device++;
}

void yf_dn_dev_delta(yf_dn_layer *m, int64_t bytes)
{
    yf_dn_dev(m, YF_MEM_DELTAS, bytes);
    m->delta_gpu = yf_add(m->delta_gpu, bytes);
    m->delta_gpu_rounding = yf_add(m->delta_gpu_rounding, yf_round512_waste(bytes));
    m->delta_gpu_kind = YF_DN_OWN;
}

void yf_dn_dev_moved(yf_dn_layer *m, int kind, int64_t bytes)
{
    yf_dn_dev(m, kind, bytes);
    m->moved[kind] = yf_add(m->moved[kind], bytes);
}

void yf_dn_pinned(yf_dn_layer *m, int64_t bytes)
{
    m->pinned = yf_add(m->pinned, bytes);
}

static int has_activation_input(const char *act)
{
    return act && (!strcmp(act, "swish") || !strcmp(act, "mish") || !strcmp(act, "hard_mish"));
}

static int64_t conv_weights(const yf_dn_conv *cv)
{
    int64_t g = cv->xnor || cv->groups < 1 ? 1 : cv->groups;
    return yf_mul(yf_mul(cv->c / g, cv->n), yf_mul(cv->size, cv->size));
}

/* The host buffers (convolutional_layer.c:557-669). */
static void conv_host(const yf_dn_ctx *x, const yf_dn_conv *cv, int64_t W, int64_t bo,
                      yf_dn_layer *m)
{
    int64_t n = cv->n, t = cv->train, cpu = !x->gpu;
    if (!cv->share) {
        yf_dn_host(m, YF_MEM_WEIGHTS, yf_mul(4, yf_add(W, n)));
        yf_dn_host(m, YF_MEM_UPDATES, yf_mul(t * 4, yf_add(W, n)));
        yf_dn_host(m, YF_MEM_EMA, yf_mul(t * 4, yf_add(W, n)));
    }
    yf_dn_host(m, YF_MEM_OUTPUTS, bo);
    yf_dn_host(m, YF_MEM_DELTAS, cpu * t * bo);
    if (cv->binary) /* :597's scales leak when BN reassigns them at :632 */
        yf_dn_host(m, YF_MEM_BINARY, yf_add(yf_mul(5, W), 4 * n));
    if (cv->xnor) {
        int64_t hw = yf_mul(cv->out_h, cv->out_w), bit_align = yf_add(hw, 32 - hw % 32);
        int64_t k = yf_mul(yf_mul(cv->size, cv->size), cv->c), k_al = yf_add(k, 256 - k % 256);
        int64_t in = yf_mul(yf_mul(cv->w, cv->h), cv->c);
        yf_dn_host(m, YF_MEM_BINARY, yf_add(yf_add(yf_mul(4, W), yf_mul(yf_mul(4, in), cv->batch)), 4 * n));
        yf_dn_host(m, YF_MEM_BINARY, yf_mul(4, yf_add(yf_mul(cv->c / 32, yf_mul(cv->w, cv->h)), 1)));
        yf_dn_host(m, YF_MEM_BINARY, yf_mul(k_al, bit_align) / 8);
    }
    if (cv->bn && !cv->share) {
        yf_dn_host(m, YF_MEM_WEIGHTS, 12 * n); /* scales, rolling mean and variance */
        yf_dn_host(m, YF_MEM_EMA, t * 4 * n);
        yf_dn_host(m, YF_MEM_UPDATES, t * 4 * n);
        yf_dn_host(m, YF_MEM_BN_TRAIN, t * 16 * n);
    }
    if (cv->bn)
        yf_dn_host(m, YF_MEM_BN_X, yf_mul(cpu * t * 2, bo));
    if (has_activation_input(cv->activation))
        yf_dn_host(m, YF_MEM_ACTIVATION_INPUT, cpu * bo);
    if (cv->adam)
        yf_dn_host(m, YF_MEM_ADAM, yf_add(yf_mul(8, W), 16 * n));
}

/* The device buffers of a GPU build (convolutional_layer.c:682-769). */
static void conv_device(const yf_dn_ctx *x, const yf_dn_conv *cv, int64_t W, int64_t bo,
                        yf_dn_layer *m)
{
    int64_t n = cv->n;
    int t = cv->train;
    if (t && has_activation_input(cv->activation))
        yf_dn_dev_moved(m, YF_MEM_ACTIVATION_INPUT, bo);
    if (cv->deform)
        yf_dn_dev(m, YF_MEM_OTHER, yf_mul(4, W));
    if (cv->adam) {
        yf_dn_dev(m, YF_MEM_ADAM, yf_mul(4, W));
        yf_dn_dev(m, YF_MEM_ADAM, yf_mul(4, W));
        for (int k = 0; k < 4; k++)
            yf_dn_dev(m, YF_MEM_ADAM, 4 * n);
    }
    if (!cv->share) {
        yf_dn_dev(m, YF_MEM_WEIGHTS, yf_mul(4, W));
        if (t)
            yf_dn_dev(m, YF_MEM_UPDATES, yf_mul(4, W));
        if (x->cudnn_half) {
            yf_dn_dev(m, YF_MEM_FP16, yf_mul(4, W / 2 + 1));
            if (t)
                yf_dn_dev(m, YF_MEM_FP16, yf_mul(4, W / 2 + 1));
        }
        yf_dn_dev(m, YF_MEM_WEIGHTS, 4 * n);
        if (t)
            yf_dn_dev(m, YF_MEM_UPDATES, 4 * n);
    }
    yf_dn_dev_moved(m, YF_MEM_OUTPUTS, bo);
    if (t && cv->primary)
        yf_dn_dev_delta(m, bo);
    else if (t)
        yf_dn_dev(m, YF_MEM_DELTAS, bo);
    if (cv->binary)
        yf_dn_dev(m, YF_MEM_BINARY, yf_mul(4, W));
    if (cv->xnor) {
        yf_dn_dev(m, YF_MEM_BINARY, yf_mul(4, W));
        yf_dn_dev(m, YF_MEM_BINARY, 4 * n);
        yf_dn_dev(m, YF_MEM_BINARY, yf_mul(yf_mul(4, yf_mul(cv->w, cv->h)), yf_mul(cv->c, cv->batch)));
    }
    if (cv->bn && !cv->share) {
        yf_dn_dev(m, YF_MEM_WEIGHTS, 4 * n);
        if (t) {
            yf_dn_dev(m, YF_MEM_UPDATES, 4 * n);
            for (int k = 0; k < 4; k++) /* mean, variance, their cbn averages */
                yf_dn_dev(m, YF_MEM_BN_TRAIN, 4 * n);
        }
        yf_dn_dev(m, YF_MEM_WEIGHTS, 4 * n);
        yf_dn_dev(m, YF_MEM_WEIGHTS, 4 * n);
    }
    if (cv->bn && t)
        yf_dn_dev_moved(m, YF_MEM_BN_X, bo); /* x_gpu; cuDNN needs no x_norm_gpu */
    if (cv->assisted_excitation) {
        int64_t ae = yf_mul(yf_mul(4, yf_mul(cv->out_w, cv->out_h)), cv->batch);
        yf_dn_dev(m, YF_MEM_OTHER, ae);
        yf_dn_dev(m, YF_MEM_OTHER, ae);
    }
}

void yf_dn_conv_add(const yf_dn_ctx *x, const yf_dn_conv *cv, yf_dn_layer *m)
{
    int64_t W = conv_weights(cv);
    int64_t O = yf_mul(yf_mul(cv->out_w, cv->out_h), cv->n);
    int64_t bo = yf_mul(yf_mul(4, O), yf_mul(cv->batch, cv->steps));
    conv_host(x, cv, W, bo, m);
    if (x->gpu)
        conv_device(x, cv, W, bo, m);
    if (cv->primary)
        m->delta = !x->gpu && cv->train ? YF_DN_OWN : YF_DN_NONE;
}

int64_t yf_dn_conv_workspace(const yf_dn_conv *cv)
{
    int64_t hw = yf_mul(cv->out_h, cv->out_w), k2 = yf_mul(cv->size, cv->size);
    if (cv->xnor) {
        int64_t bit_align = yf_add(hw, 32 - hw % 32);
        int64_t ws = yf_mul(yf_mul(bit_align, k2), 4 * cv->c);
        int64_t in = yf_mul(yf_mul(cv->w, cv->h), 4 * cv->c);
        return ws > in ? ws : in;
    }
    int64_t g = cv->groups < 1 ? 1 : cv->groups;
    return yf_mul(yf_mul(hw, k2), 4 * (cv->c / g));
}

void yf_dn_blur_add(const yf_dn_ctx *x, const yf_node *n, int64_t ch, int aa, yf_dn_layer *m)
{
    const yf_layer *l = n->l;
    yf_dn_conv blur = {.batch = x->batch, .steps = 1, .w = l->out.w, .h = l->out.h, .c = ch,
                       .n = ch, .groups = ch, .size = aa == 2 ? 2 : 3, .out_w = n->next.w,
                       .out_h = n->next.h, .train = x->train, .activation = "linear"};
    yf_dn_host(m, YF_MEM_STRUCTS, YF_DN_SIZEOF_LAYER); /* l.input_layer, a raw calloc */
    yf_dn_conv_add(x, &blur, m);
    if (x->gpu) /* input_antialiasing_gpu: l.batch*l.outputs of the host */
        yf_dn_dev(m, YF_MEM_OUTPUTS, yf_mul(yf_mul(4, l->outputs), x->batch));
}

void yf_dn_connected_add(const yf_dn_ctx *x, int64_t batch, int64_t steps, int64_t inputs,
                         int64_t outputs, int bn, int primary, yf_dn_layer *m)
{
    int64_t bo = yf_mul(yf_mul(4, outputs), yf_mul(batch, steps));
    int64_t w = yf_mul(yf_mul(4, inputs), outputs), b = yf_mul(4, outputs);
    yf_dn_host(m, YF_MEM_OUTPUTS, bo);
    yf_dn_host(m, YF_MEM_DELTAS, bo);
    yf_dn_host(m, YF_MEM_UPDATES, yf_add(w, b));
    yf_dn_host(m, YF_MEM_WEIGHTS, yf_add(w, b));
    if (bn) {
        yf_dn_host(m, YF_MEM_WEIGHTS, yf_mul(3, b)); /* scales, rolling mean and variance */
        yf_dn_host(m, YF_MEM_UPDATES, b);
        yf_dn_host(m, YF_MEM_BN_TRAIN, yf_mul(4, b));
        yf_dn_host(m, YF_MEM_BN_X, yf_mul(2, bo));
    }
    if (primary)
        m->delta = YF_DN_OWN;
    if (!x->gpu)
        return;
    yf_dn_dev(m, YF_MEM_WEIGHTS, w);
    yf_dn_dev(m, YF_MEM_WEIGHTS, b);
    yf_dn_dev(m, YF_MEM_UPDATES, w);
    yf_dn_dev(m, YF_MEM_UPDATES, b);
    yf_dn_dev_moved(m, YF_MEM_OUTPUTS, bo);
    if (primary)
        yf_dn_dev_delta(m, bo);
    else
        yf_dn_dev(m, YF_MEM_DELTAS, bo);
    if (!bn)
        return;
    for (int k = 0; k < 3; k++)
        yf_dn_dev(m, YF_MEM_WEIGHTS, b);
    yf_dn_dev(m, YF_MEM_UPDATES, b);
    for (int k = 0; k < 4; k++)
        yf_dn_dev(m, YF_MEM_BN_TRAIN, b);
    yf_dn_dev(m, YF_MEM_BN_X, bo);
    yf_dn_dev(m, YF_MEM_BN_X, bo);
}

/* An output and a delta whatever the mode: avgpool_layer.c:21-22 and the
 * same pair in route, upsample, reorg, reorg3d, sam, scale_channels,
 * activation (deltas Darknet allocates even for inference). */
void yf_dn_output_delta(const yf_dn_ctx *x, int64_t outputs, yf_dn_layer *m)
{
    int64_t bo = yf_mul(4 * x->batch, outputs);
    yf_dn_host(m, YF_MEM_OUTPUTS, bo);
    yf_dn_host(m, YF_MEM_DELTAS, bo);
    m->delta = YF_DN_OWN;
    if (x->gpu) {
        yf_dn_dev_moved(m, YF_MEM_OUTPUTS, bo);
        yf_dn_dev_delta(m, bo);
    }
}
