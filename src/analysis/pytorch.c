/* PyTorch's training memory for a cfg run as a PyTorch model (the
 * ultralytics/yolov3 archive's create_modules layout: Conv2d + BatchNorm2d +
 * activation module, MaxPool2d, nn.Upsample, route = a view or torch.cat,
 * shortcut = an add; the loss reads the [yolo] inputs). An estimate,
 * checked against measured steps (tests/pytorch_mem.py, docs/training.md):
 *
 *   weights 4*params; BN buffers 4*buffers + 8 per BN (num_batches_tracked)
 *   input 4*B*inputs of layer 0
 *   gradients 4*params; optimizer state: SGD momentum 4*params, Adam/AdamW
 *   8*params + 4 per parameter tensor (step)
 *   saved for backward, per image x B: each output a consumer saves (its
 *   kind's train hook: saves_inputs through views), the extra activations
 *   conv/BN/activation modules save, int64 indices, masks; BN's save_mean
 *   and save_invstd 8 per channel
 *   backward, from the last layer to the first: the saved tensors still
 *   needed (each freed after its earliest saving consumer's backward), the
 *   gradient of the layer's output and input and the weight gradient's
 *   scratch (2 x 4W in a steady step, 1 x in the first)
 *   peak = max(steady step, first step's backward without optimizer state,
 *   first step's optimizer.step with Adam's one-tensor temporary)
 *   AMP: activations and their gradients 2 bytes; fp16 weight copies 2W.
 * Linear in layers and references. */
#include "analysis.h"

#include <limits.h>
#include <string.h>

typedef struct plan {
    yf_train_layer *t;
    int *base, *reader;
    char *saved;
    int64_t *freed; /* elements freed after each layer's backward (per image) */
} plan;

typedef struct sums {
    int64_t params, buffers, n_bn, bn_stats, tensors, scratch, max_scratch;
    int64_t saved_out, internal_e, internal_b;
} sums;

static int alloc_plan(const yf_allocator *a, int n, plan *p, void **block, yf_error *err)
{
    size_t each = sizeof(yf_train_layer) + 2 * sizeof(int) + 1 + sizeof(int64_t);
    *block = yf_malloc(a, each * (size_t)n);
    if (!*block)
        return yf_error_nomem(err);
    memset(*block, 0, each * (size_t)n);
    p->t = *block;
    p->freed = (int64_t *)(p->t + n);
    p->base = (int *)(p->freed + n);
    p->reader = p->base + n;
    p->saved = (char *)(p->reader + n);
    return YF_OK;
}

/* Which outputs stay saved, and after whose backward they are freed. */
static void mark_saved(const yf_model *m, plan *p)
{
    const yf_model_impl *mi = (const yf_model_impl *)m;
    for (int i = 0; i < m->n_layers; i++) {
        const yf_node *n = &mi->nodes[i];
        if (n->kind->train)
            n->kind->train(n, &p->t[i]);
        const yf_layer *l = &m->layers[i];
        int src = l->n_sources ? l->sources[0] : -1;
        p->base[i] = p->t[i].view && src >= 0 ? p->base[src] : i;
        p->reader[i] = INT_MAX;
    }
    for (int c = 0; c < m->n_layers; c++) {
        const yf_layer *l = &m->layers[c];
        const yf_train_layer *t = &p->t[c];
        for (int s = 0; (t->saves_inputs || t->keeps_output) && s < l->n_sources; s++) {
            int b = l->sources[s] < 0 ? -1 : p->base[l->sources[s]];
            if (b < 0)
                continue;
            if (t->saves_inputs || s == 0)
                p->saved[b] = 1;
            if (c < p->reader[b])
                p->reader[b] = c;
        }
        if (t->saves_output)
            p->saved[c] = 1;
    }
    for (int j = 0; j < m->n_layers; j++)
        if (p->saved[j]) {
            int r = p->reader[j] == INT_MAX ? j : p->reader[j];
            p->freed[r] = yf_add(p->freed[r], m->layers[j].outputs);
        }
}

static void add_up(const yf_model *m, const plan *p, sums *s)
{
    memset(s, 0, sizeof(*s));
    for (int i = 0; i < m->n_layers; i++) {
        const yf_layer *l = &m->layers[i];
        const yf_train_layer *t = &p->t[i];
        s->params = yf_add(s->params, l->params);
        s->buffers = yf_add(s->buffers, l->buffers);
        s->n_bn += t->bn_channels > 0;
        s->bn_stats = yf_add(s->bn_stats, yf_mul(8, t->bn_channels));
        s->tensors = yf_add(s->tensors, t->param_tensors);
        s->scratch = yf_add(s->scratch, t->scratch_weights);
        if (t->scratch_weights > s->max_scratch)
            s->max_scratch = t->scratch_weights;
        if (p->saved[i])
            s->saved_out = yf_add(s->saved_out, l->outputs);
        s->internal_e = yf_add(s->internal_e, t->saved_elems);
        s->internal_b = yf_add(s->internal_b, t->saved_bytes);
    }
}

/* The most bytes backward holds at once beyond what stays (saved tensors,
 * gradients of a layer's output and input, weight-gradient scratch). */
static int64_t sweep(const yf_model *m, const plan *p, int64_t saved, int64_t B, int64_t es,
                     int scratch)
{
    int64_t best = 0, live = saved;
    for (int i = m->n_layers - 1; i >= 0; i--) {
        const yf_layer *l = &m->layers[i];
        const yf_train_layer *t = &p->t[i];
        int64_t grads = yf_mul(yf_mul(es, B), yf_add(l->outputs, i > 0 ? l->inputs : 0));
        int64_t v = yf_add(yf_add(live, grads), yf_mul(4 * scratch, t->scratch_weights));
        if (v > best)
            best = v;
        int64_t gone = yf_mul(B, yf_add(yf_mul(es, yf_add(t->saved_elems, p->freed[i])),
                                        t->saved_bytes));
        live = yf_sub(live, gone);
    }
    return best;
}

int yf_pytorch_peak(const yf_model *m, int64_t B, int optimizer, int amp, int64_t *peak,
                    int64_t *bd, yf_error *err)
{
    const yf_allocator *a = yf_arena_allocator(((const yf_model_impl *)m)->arena);
    plan p;
    sums s;
    void *block = NULL;
    if (alloc_plan(a, m->n_layers, &p, &block, err))
        return err->code;
    mark_saved(m, &p);
    add_up(m, &p, &s);
    int64_t es = amp ? 2 : 4;
    int64_t saved = yf_add(yf_add(yf_mul(yf_mul(es, B), yf_add(s.saved_out, s.internal_e)),
                                  yf_mul(B, s.internal_b)),
                           s.bn_stats);
    int64_t steady = sweep(m, &p, saved, B, es, 2), first = sweep(m, &p, saved, B, es, 1);
    yf_free(a, block);
    memset(bd, 0, sizeof(int64_t) * YF_MEM_COUNT);
    bd[YF_MEM_WEIGHTS] = yf_mul(4, s.params);
    bd[YF_MEM_BN_BUFFERS] = yf_add(yf_mul(4, s.buffers), yf_mul(8, s.n_bn));
    bd[YF_MEM_INPUT] = yf_mul(yf_mul(4, B), m->layers[0].inputs);
    bd[YF_MEM_FP16] = amp ? yf_mul(2, s.scratch) : 0;
    bd[YF_MEM_GRADIENTS] = yf_mul(4, s.params);
    int64_t state = optimizer == YF_OPT_SGD ? yf_mul(4, s.params)
                                            : yf_add(yf_mul(8, s.params), yf_mul(4, s.tensors));
    int64_t fixed = 0;
    for (int k = 0; k < YF_MEM_COUNT; k++)
        fixed = yf_add(fixed, bd[k]);
    /* the steady step, the first step's backward (no optimizer state yet,
     * .grad created in place), the first step's optimizer.step */
    int64_t v_steady = yf_add(yf_add(fixed, state), steady), v_first = yf_add(fixed, first);
    int64_t adam_tmp = optimizer == YF_OPT_SGD ? 0 : yf_mul(4, s.max_scratch);
    int64_t v_step = yf_add(yf_add(fixed, state), adam_tmp);
    if (v_steady >= v_first && v_steady >= v_step) {
        bd[YF_MEM_OPTIMIZER_STATE] = state;
        bd[YF_MEM_SAVED] = saved;
        bd[YF_MEM_TRANSIENT] = yf_sub(steady, saved);
    } else if (v_first >= v_step) {
        bd[YF_MEM_SAVED] = saved;
        bd[YF_MEM_TRANSIENT] = yf_sub(first, saved);
    } else {
        bd[YF_MEM_OPTIMIZER_STATE] = state;
        bd[YF_MEM_TRANSIENT] = adam_tmp;
    }
    *peak = 0;
    for (int k = 0; k < YF_MEM_COUNT; k++)
        *peak = yf_add(*peak, bd[k]);
    return YF_OK;
}
