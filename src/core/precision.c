/* Precision: the number format each layer runs at for inference, and what
 * its weights take once deployed (model_bytes). Weights and activations
 * have their own precision; with integers, --keep-fp16 keeps the first
 * convolution (it sees raw pixels) and the convolutions feeding detection
 * heads (their outputs are the boxes) at fp16, as quantization toolkits
 * commonly do. Conventions (docs/whatif.md):
 *   quantized weights: quant_weights x bits / 8, rounded up per layer
 *   other parameters:  4 bytes (int32 biases) with integer weights, else the
 *                      weights' own size
 *   integer scales:    an fp32 scale per output channel (or per tensor) and,
 *                      asymmetric, a one-byte zero-point with each */
#include "core.h"

#include <string.h>

static const char *const names[YF_PREC_COUNT] = {"fp32", "fp16", "bf16", "int8", "int4"};
static const int bits[YF_PREC_COUNT] = {32, 16, 16, 8, 4};

const char *yf_precision_label(int p)
{
    return p >= 0 && p < YF_PREC_COUNT ? names[p] : NULL;
}

int yf_precision_find(const char *name)
{
    for (int p = 0; p < YF_PREC_COUNT; p++)
        if (strcmp(name, names[p]) == 0)
            return p;
    return -1;
}

int yf_precision_bits(int p)
{
    return p >= 0 && p < YF_PREC_COUNT ? bits[p] : 32;
}

/* Bytes of n elements of `b` bits, rounded up. */
int64_t yf_bits_bytes(int64_t n, int b)
{
    return yf_mul(n, b) / 8 + (yf_mul(n, b) % 8 != 0);
}

static int64_t layer_model_bytes(const yf_layer *l, int per_tensor, int asymmetric)
{
    int b = l->weight_bits;
    int64_t other = l->params_fused - l->quant_weights;
    int64_t bytes = yf_add(yf_bits_bytes(l->quant_weights, b),
                           yf_mul(other < 0 ? 0 : other, b < 16 ? 4 : b / 8));
    if (b < 16 && l->quant_weights > 0) {
        int64_t scales = per_tensor ? l->quant_tensors : l->quant_channels;
        bytes = yf_add(bytes, yf_mul(scales, asymmetric ? 5 : 4));
    }
    return bytes;
}

void yf_precision_apply(yf_model_impl *mi, const yf_options *opt)
{
    yf_model *m = &mi->pub;
    int w = opt ? opt->weights_precision : YF_PREC_FP32;
    int a = opt ? opt->activations_precision : YF_PREC_FP32;
    if (w < 0 || w >= YF_PREC_COUNT)
        w = YF_PREC_FP32;
    if (a <= YF_PREC_FP32 || a >= YF_PREC_COUNT) { /* bytes_per_element: the older way */
        int bpe = opt ? opt->bytes_per_element : 0;
        a = bpe == 2 ? YF_PREC_FP16 : bpe == 1 ? YF_PREC_INT8 : YF_PREC_FP32;
    }
    m->weights_precision = w;
    m->activations_precision = a;
    m->quant_per_tensor = opt && opt->quant_per_tensor;
    m->quant_asymmetric = opt && opt->quant_asymmetric;
    m->keep_fp16 = opt ? opt->keep_fp16 : 0;
    m->bytes_per_element = (yf_precision_bits(a) + 7) / 8;
    int first = -1;
    for (int i = 0; i < m->n_layers && first < 0; i++)
        if (m->layers[i].flags & YF_LAYER_CONV)
            first = i;
    int64_t total = 0;
    for (int i = 0; i < m->n_layers; i++) {
        yf_layer *l = &mi->layers[i];
        const yf_layer *next = i + 1 < m->n_layers ? &mi->layers[i + 1] : NULL;
        int head_conv = (l->flags & YF_LAYER_CONV) && next && (next->flags & YF_LAYER_HEAD) &&
                        next->n_sources && next->sources[0] == i;
        int kept = ((m->keep_fp16 & YF_KEEP_FIRST) && i == first) ||
                   ((m->keep_fp16 & YF_KEEP_HEADS) && head_conv);
        l->weight_bits = yf_precision_bits(w);
        l->activation_bits = yf_precision_bits(a);
        if (kept && l->weight_bits < 16)
            l->weight_bits = 16;
        if (kept && l->activation_bits < 16)
            l->activation_bits = 16;
        l->model_bytes = layer_model_bytes(l, m->quant_per_tensor, m->quant_asymmetric);
        total = yf_add(total, l->model_bytes);
    }
    m->totals.model_bytes = total;
}
