/* Training: what a run costs in compute and what Darknet and PyTorch need in
 * memory (docs/training.md).
 *
 *   size: detector train resizes before its first iteration to the largest
 *   size random= reaches (detector.c:196-214, float arithmetic):
 *     coef = random == 1 ? 1.4 : random
 *     dim  = roundl(coef * init / resize_step + 1) * resize_step, >= resize_step
 *   FLOPs per image: each layer's forward + backward (its kind's train hook);
 *   no input gradient for layer 0 or after a layer without a delta; no
 *   backward at or before the last stopbackward=1 or for onlyforward=1
 *   (backward_network); per iteration batch x per image + the update (5
 *   FLOPs per trained weight for SGD with momentum and decay, 13 for Adam);
 *   per run x iterations.
 *   memory: Darknet's CPU build exactly and its GPU build from the source
 *   (core/dnmem.c) at the training size; PyTorch estimated at the cfg size
 *   (pytorch.c). With a memory size: whether the configuration fits, the
 *   largest mini-batch that fits and the smallest subdivisions dividing
 *   batch that fits, for each (memory grows with the mini-batch: bisection,
 *   each step linear in layers). */
#include "analysis.h"

#include <math.h>
#include <string.h>

static const char *const optimizers[] = {"sgd", "adam", "adamw"};

const char *yf_optimizer_name(int optimizer)
{
    return optimizer >= 0 && optimizer < 3 ? optimizers[optimizer] : NULL;
}

int yf_optimizer_find(const char *name)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, optimizers[i]) == 0)
            return i;
    return -1;
}

/* detector.c: roundl(rand_coef*init_w / net.resize_step + 1) * net.resize_step
 * in float, converted to int; resize_step at least. */
static int64_t max_dim(float coef, int64_t init, float step)
{
    float q = coef * (float)init / step + 1;
    long double d = roundl(q) * step;
    if (!(d >= step) || d > (long double)YF_MAX_DIM)
        return d > (long double)YF_MAX_DIM ? YF_MAX_DIM : (int64_t)step;
    return (int64_t)d;
}

static float random_coef(double random)
{
    float r = (float)random;
    return r == 1.0f ? 1.4f : r;
}

int yf_training_size(const yf_model *m, int64_t *width, int64_t *height)
{
    const yf_train_cfg *t = &m->train;
    float step = (float)t->resize_step;
    *width = m->input.w;
    *height = m->input.h;
    if ((float)t->random == 0 || !(step >= 1) || !m->input.w || !m->input.h)
        return 0;
    float coef = random_coef(t->random);
    *width = max_dim(coef, m->input.w, step);
    *height = max_dim(coef, m->input.h, step);
    return *width != m->input.w || *height != m->input.h;
}

/* ---- FLOPs ---- */
static int flops(const yf_model *m, const char *delta, yf_training *t, int64_t *per)
{
    const yf_model_impl *mi = (const yf_model_impl *)m;
    int lsb = m->train.last_stop_backward;
    int64_t fwd = 0, bwd = 0, trained = 0;
    for (int i = 0; i < m->n_layers; i++) {
        const yf_node *n = &mi->nodes[i];
        yf_train_layer x = {0};
        if (n->kind->train)
            n->kind->train(n, &x);
        if (i == 0 || !delta[i - 1] || i - 1 < lsb)
            x.bwd_input = 0;
        int64_t b = yf_add(yf_add(x.bwd_weights, x.bwd_input), x.bwd_other);
        if (i <= lsb || m->layers[i].onlyforward)
            b = 0;
        if (i > lsb)
            trained = yf_add(trained, x.weights);
        per[i] = yf_add(x.fwd, b);
        fwd = yf_add(fwd, x.fwd);
        bwd = yf_add(bwd, b);
    }
    t->forward_flops = fwd;
    t->backward_flops = bwd;
    t->flops_per_image = yf_add(fwd, bwd);
    t->update_flops = yf_mul(t->optimizer == YF_OPT_SGD ? 5 : 13, trained);
    t->flops_per_iteration = yf_add(yf_mul(t->images_per_iteration, t->flops_per_image),
                                    t->update_flops);
    t->total_flops = (double)t->flops_per_iteration * (double)t->iterations;
    return t->flops_per_iteration == INT64_MAX ? YF_ERR_SHAPE : YF_OK;
}

/* ---- memory ---- */
enum { CPU, GPU, TORCH };

typedef struct setup {
    const yf_model *m, *at;
    const yf_train_opts *o;
    yf_training *t;
    int64_t loader_image; /* data loader bytes per image */
} setup;

/* Darknet's optimizer: the one trained with (it has no AdamW: Adam's memory). */
static int dn_optimizer(const yf_training *t)
{
    return t->optimizer == YF_OPT_SGD ? 1 : 2;
}

/* Darknet at batch/subdivisions, or PyTorch at their mini-batch. */
static int runtime(const setup *s, int which, int64_t batch, int64_t subdivisions,
                   yf_train_mem *out, int64_t *per_layer, char *delta, yf_error *err)
{
    memset(out->breakdown, 0, sizeof(out->breakdown));
    if (which == TORCH) {
        int64_t b = batch / subdivisions < 1 ? 1 : batch / subdivisions;
        if (yf_pytorch_peak(s->m, b, s->t->optimizer, s->t->amp, &out->memory_bytes,
                            out->breakdown, err))
            return err->code;
        out->compared_bytes = out->memory_bytes;
        return YF_OK;
    }
    yf_dn_opts d = {.train = 1, .batch = batch, .subdivisions = subdivisions, .gpu = which == GPU,
                    .cudnn_half = !s->o->no_cudnn_half, .workspace = s->o->workspace,
                    .context = YF_TRAIN_DEFAULT_CONTEXT, .optimizer = dn_optimizer(s->t)};
    yf_dn_result r;
    if (yf_darknet_mem(s->at, &d, &r, per_layer, delta, err))
        return err->code;
    memcpy(out->breakdown, which == GPU ? r.device : r.host, sizeof(out->breakdown));
    out->memory_bytes = which == GPU ? r.device_bytes : r.host_bytes;
    out->compared_bytes = out->memory_bytes;
    if (which == CPU) { /* two data sets of an iteration's images, one mini-batch copy */
        int64_t mini = r.net_batch / r.time_steps, images = s->t->images_per_iteration;
        s->t->data_loader_bytes = yf_mul(s->loader_image, yf_add(yf_mul(2, images), mini));
        out->compared_bytes = yf_add(out->memory_bytes, s->t->data_loader_bytes);
    } else {
        s->t->darknet_gpu_exact_bytes = r.device_exact;
        s->t->darknet_gpu_host_bytes = r.host_bytes;
        s->t->darknet_gpu_pinned_bytes = r.pinned_bytes;
        s->t->darknet_gpu_allocations = r.n_device;
        s->t->cudnn_workspace_bytes = s->o->workspace >= 0 ? s->o->workspace : r.workspace_size;
    }
    return YF_OK;
}

/* The bytes compared with the memory size at mini-batch b (images; the data
 * loader holds the configured iteration, or one of b images if that is more:
 * a mini-batch of b needs a batch of b at least); details are not kept. */
static int need(const setup *s, int which, int64_t b, int64_t *bytes, yf_error *err)
{
    yf_training keep = *s->t;
    yf_train_mem x;
    if (s->t->images_per_iteration < b)
        s->t->images_per_iteration = b;
    int status = runtime(s, which, b, 1, &x, NULL, NULL, err);
    *s->t = keep;
    *bytes = x.compared_bytes;
    return status;
}

static int fits(const setup *s, int which, int64_t b, int *ok, yf_error *err)
{
    int64_t bytes = INT64_MAX;
    if (b <= YF_MAX_DIM && need(s, which, b, &bytes, err))
        return err->code;
    *ok = bytes <= s->o->memory;
    return YF_OK;
}

/* The largest mini-batch that fits (at most YF_MAX_DIM). Memory grows with
 * it, and for Darknet exactly linearly but for allocation rounding: guess
 * from mini-batches 1 and 2, bracket around the guess by doubling steps,
 * bisect; a handful of evaluations, each linear in layers. */
static int largest(const setup *s, int which, int64_t *best, yf_error *err)
{
    int64_t m1, m2, limit = s->o->memory;
    int ok = 0;
    *best = 0;
    if (need(s, which, 1, &m1, err) || need(s, which, 2, &m2, err))
        return err->code;
    if (m1 > limit)
        return YF_OK;
    int64_t guess = m2 > m1 ? 1 + (limit - m1) / (m2 - m1) : YF_MAX_DIM;
    guess = guess < 1 ? 1 : guess > YF_MAX_DIM ? YF_MAX_DIM : guess;
    int64_t lo = 1, hi = guess; /* lo fits, hi does not (past YF_MAX_DIM never does) */
    if (fits(s, which, guess, &ok, err))
        return err->code;
    for (int64_t step = 1; ok; step *= 2) { /* upwards from a guess that fits */
        lo = hi;
        hi = lo + step;
        if (fits(s, which, hi, &ok, err))
            return err->code;
    }
    for (int64_t step = 1; lo == 1 && hi - step > 1; step *= 2) { /* downwards */
        if (fits(s, which, hi - step, &ok, err))
            return err->code;
        *(ok ? &lo : &hi) = hi - step;
    }
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (fits(s, which, mid, &ok, err))
            return err->code;
        *(ok ? &lo : &hi) = mid;
    }
    *best = lo;
    return YF_OK;
}

/* The smallest divisor of batch whose mini-batch is at most `fit` images
 * (memory depends on the mini-batch alone). 0 when none. */
static int64_t smallest(int64_t batch, int64_t fit)
{
    int64_t best = 0;
    for (int64_t d = 1; fit > 0 && d <= batch / d; d++) {
        if (batch % d)
            continue;
        if (batch / d <= fit)
            return d; /* divisors up to sqrt(batch) rise */
        if (d <= fit && (!best || batch / d < best))
            best = batch / d;
    }
    return best;
}

static int one(const setup *s, int which, yf_train_mem *out, int64_t *per_layer, char *delta,
               yf_error *err)
{
    yf_training *t = s->t;
    if (runtime(s, which, t->batch, t->subdivisions, out, per_layer, delta, err))
        return err->code;
    out->fits = -1;
    out->largest_mini_batch = out->smallest_subdivisions = -1;
    if (!s->o->memory)
        return YF_OK;
    out->fits = out->compared_bytes <= s->o->memory;
    if (largest(s, which, &out->largest_mini_batch, err))
        return err->code;
    out->smallest_subdivisions = smallest(t->batch, out->largest_mini_batch);
    return YF_OK;
}

static void settings(const yf_model *m, const yf_model *at, const yf_train_opts *o,
                     yf_training *t)
{
    const yf_train_cfg *c = &m->train;
    t->batch = o->batch ? o->batch : c->batch;
    t->subdivisions = o->subdivisions ? o->subdivisions : c->subdivisions;
    t->iterations_from_cfg = o->iterations < 0;
    t->iterations = o->iterations < 0 ? c->max_batches : o->iterations;
    t->optimizer = o->optimizer >= 0 ? o->optimizer : c->adam ? YF_OPT_ADAM : YF_OPT_SGD;
    t->amp = o->amp;
    t->width = m->input.w;
    t->height = m->input.h;
    t->train_width = at->input.w;
    t->train_height = at->input.h;
    t->random_layer = m->n_layers ? c->random_layer : -1;
    t->random = c->random;
    t->random_coef = (float)c->random == 1.0f ? 1.4 : (float)c->random != 0 ? c->random : 0;
    t->resize_step = c->resize_step;
    t->no_random = o->no_random;
    t->memory_limit = o->memory;
    memcpy(t->memory_from, o->memory_from, sizeof(t->memory_from));
    t->cudnn_half = !o->no_cudnn_half;
    t->workspace_estimated = o->workspace < 0;
    t->optimized_memory = c->optimized_memory;
}

/* detector train's data: 4 bytes per pixel and 6 floats per truth box. */
static int64_t loader_image(const yf_model *at)
{
    const yf_train_cfg *c = &at->train;
    const yf_layer *r = &at->layers[c->random_layer];
    int64_t boxes = r->flags & YF_LAYER_RANDOM ? r->head.max_boxes : 200;
    int64_t pixels = yf_mul(yf_mul(at->input.w, at->input.h), at->input.c);
    return yf_mul(4, yf_add(pixels, yf_mul(6, boxes)));
}

int yf_training_compute(const yf_model *m, const yf_model *at, const yf_train_opts *o,
                        yf_training *t, yf_error *err)
{
    memset(t, 0, sizeof(*t));
    t->alloc_ = *yf_arena_allocator(((const yf_model_impl *)m)->arena);
    settings(m, at, o, t);
    size_t n = (size_t)m->n_layers;
    int64_t *per = yf_malloc(&t->alloc_, 2 * n * sizeof(int64_t) + n);
    if (!per)
        return yf_error_nomem(err);
    char *delta = (char *)(per + 2 * n);
    t->layer_flops = per;
    t->layer_darknet_cpu_bytes = per + n;
    setup s = {m, at, o, t, loader_image(at)};
    yf_dn_opts d = {.train = 1, .batch = t->batch, .subdivisions = t->subdivisions,
                    .optimizer = dn_optimizer(t)};
    yf_dn_result r;
    int status = yf_darknet_mem(at, &d, &r, NULL, NULL, err);
    if (!status) {
        t->time_steps = r.time_steps;
        t->mini_batch = r.net_batch / r.time_steps;
        t->images_per_iteration = yf_mul(r.net_batch, t->subdivisions);
        t->sigfpe = r.sigfpe;
    }
    if (!status && (one(&s, CPU, &t->darknet_cpu, per + n, delta, err) ||
                    one(&s, GPU, &t->darknet_gpu, NULL, NULL, err) ||
                    one(&s, TORCH, &t->pytorch, NULL, NULL, err)))
        status = err->code;
    if (!status && flops(m, delta, t, per))
        status = yf_error_set(err, YF_ERR_SHAPE, "training FLOPs overflow 64-bit integers "
                                                 "(batch or input size too large)");
    if (!status && (t->darknet_cpu.compared_bytes == INT64_MAX ||
                    t->darknet_gpu.memory_bytes == INT64_MAX ||
                    t->pytorch.memory_bytes == INT64_MAX))
        status = yf_error_set(err, YF_ERR_SHAPE, "training memory overflows 64-bit integers "
                                                 "(batch or input size too large)");
    if (status)
        yf_training_release(t);
    return status;
}

void yf_training_time(yf_training *t, const yf_latency *lat)
{
    if (!lat || !(lat->ms > 0) || t->forward_flops <= 0)
        return;
    t->time_ratio = (double)t->flops_per_image / (double)t->forward_flops;
    t->mini_batch_ms = lat->ms;
    t->iteration_ms = (double)t->subdivisions * lat->ms * t->time_ratio;
    t->run_hours = (double)t->iterations * t->iteration_ms / 3.6e6;
    t->time_device = lat->device.id;
    t->time_runtime = lat->runtime;
    t->time_precision = lat->precision;
    t->time_calibrated = lat->calibrated;
}

void yf_training_release(yf_training *t)
{
    if (t && t->layer_flops)
        yf_free(&t->alloc_, (void *)t->layer_flops);
    if (t)
        t->layer_flops = t->layer_darknet_cpu_bytes = NULL;
}
