/* Timing the kernels (docs/latency.md, "Time of a kernel, a layer, a
 * forward pass"):
 *   t_compute = batch x work / (eta x peak) x (1 + K_half / K_red)
 *   t_memory  = (batch x (read + written) + weights) / (eta_m x bandwidth)
 *   u         = max(1, W_sat / (batch x outputs)), W_sat = sat x fp32 peak / 1e9
 *   t_kernel  = max(t_compute x u, t_memory) + host-link time
 *               + launches x overhead + fixed per-op cost
 * A layer is the sum of its kernels; the forward pass the sum of the layers,
 * the network input's kernels, a fixed cost per invocation (NPUs) and the
 * first touch of freshly written memory (PyTorch on a CPU). Work is linear
 * in the layers and independent of the input resolution. */
#include "analysis/latency_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The first peak a spec gives: element-wise work is counted against it. */
static double first_peak(const yf_device *d)
{
    for (int k = YF_SPEC_FP32; k <= YF_SPEC_INT8; k++)
        if (k != YF_SPEC_FP16_NOTC && d->spec[k].tag)
            return d->spec[k].value;
    return 1.0;
}

typedef struct run {
    const yf_latency_db *db;
    const yf_device *d;
    yf_rt rt;
    yf_ewtable ew;
    yf_params p;
    int prec, prec_asked;
    char fallback[200]; /* why prec is not prec_asked */
    int64_t batch;
    double sram_left; /* NPUs: parameter memory still free on chip */
} run;

/* A kernel's terms at efficiency 1. */
static yf_kernel terms(run *r, const yf_kspec *k, double par)
{
    const yf_spec_value *s = r->d->spec;
    double b = (double)r->batch, bw = s[YF_SPEC_BANDWIDTH].value;
    double link_bw = s[YF_SPEC_HOST_LINK].tag ? s[YF_SPEC_HOST_LINK].value : bw;
    yf_kernel t = {.name = k->name, .precision = k->prec, .launches = k->launches};
    t.bytes = b * (k->rd + k->wr) + k->wbytes;
    t.written = b * k->wr;
    t.memory_s = t.bytes / bw;
    t.link_s = k->link ? b * k->link / link_bw : 0;
    if (k->wbytes && s[YF_SPEC_SRAM].tag) { /* weights beyond the SRAM stream in every time */
        double spill = k->wbytes - (r->sram_left > 0 ? r->sram_left : 0);
        r->sram_left -= k->wbytes;
        t.link_s += spill > 0 ? spill / link_bw : 0;
    }
    par = par > 1 ? par : 1;
    t.parallel = b * par; /* a batch fills the device together */
    if (k->mac) {
        t.compute_s = b * k->work / yf_peak(r->d, &r->rt, k->prec, k->unit);
        t.work = k->unit == UNIT_GEMM && s[YF_SPEC_GEMM_FP32].tag ? YF_WORK_GEMM
                 : k->prec == r->prec                             ? YF_WORK_MAIN
                                                                  : YF_WORK_SECONDARY;
        t.reduction = k->work / 2.0 / par;
        t.flops = b * k->work;
    } else {
        t.compute_s = k->work ? b * k->work / first_peak(r->d) : 0;
        t.work = k->serial ? YF_WORK_SERIAL : YF_WORK_ELEMENTWISE;
    }
    /* a fixed cost per op of the table, by the kernel's base name ("act:mish" -> "act") */
    char base[32];
    size_t n = strcspn(k->name, ":/");
    snprintf(base, sizeof(base), "%.*s", (int)(n < 31 ? n : 31), k->name);
    t.fixed_s = k->launches ? yf_jnum(r->ew.fixed_us, base, 0) * 1e-6 : 0;
    return t;
}

/* The time of one kernel under constants; *bound gets what limits it. */
typedef struct consts {
    double eta_c, eta_m, eta_sec, overhead_s, wsat, k_half;
} consts;

typedef struct split {
    double t, core_compute, core_memory, over, roof_compute, roof_memory;
} split;

static split timed(const consts *c, const yf_kernel *k)
{
    double tc = k->compute_s / (k->work == YF_WORK_SECONDARY ? c->eta_sec
                                : k->work == YF_WORK_GEMM    ? 1.0
                                                             : c->eta_c);
    if (k->reduction > 0 && c->k_half > 0) /* short reductions run below peak */
        tc *= 1.0 + c->k_half / k->reduction;
    double tm = k->memory_s / c->eta_m;
    double u = c->wsat > k->parallel && k->work != YF_WORK_ELEMENTWISE ? c->wsat / k->parallel
                                                                       : 1.0;
    double core = k->work == YF_WORK_SERIAL ? (tc > tm ? tc : tm) * u
                                            : (tc * u > tm ? tc * u : tm);
    split s = {.over = k->launches * c->overhead_s + k->fixed_s, .roof_compute = tc * u,
               .roof_memory = tm + k->link_s};
    if (tc * u >= tm)
        s.core_compute = core;
    else
        s.core_memory = core;
    s.core_memory += k->link_s;
    s.t = core + k->link_s + s.over;
    return s;
}

static consts consts_of(const run *r, double scale_c, double scale_m, double scale_ov)
{
    return (consts){.eta_c = r->p.eta_c.value * scale_c,
                    .eta_m = r->p.eta_m.value * scale_m,
                    .eta_sec = r->p.eta_sec.value,
                    .overhead_s = r->p.overhead_us.value * 1e-6 / scale_ov,
                    .wsat = r->p.sat.value * first_peak(r->d) / 1e9,
                    .k_half = r->p.k_half.value};
}

static int bound_of(split s)
{
    if (s.t == 0)
        return YF_BOUND_NONE;
    if (s.core_compute >= s.core_memory && s.core_compute >= s.over)
        return YF_BOUND_COMPUTE;
    return s.core_memory >= s.over ? YF_BOUND_MEMORY : YF_BOUND_OVERHEAD;
}

/* Sums kernels [first, first + n) into a row. */
static split row(const consts *c, yf_kernel *k, int first, int n, double *flops, double *bytes,
                 int *launches)
{
    split sum = {0};
    for (int i = first; i < first + n; i++) {
        split s = timed(c, &k[i]);
        k[i].ms = s.t * 1e3;
        sum.t += s.t, sum.core_compute += s.core_compute, sum.core_memory += s.core_memory;
        sum.over += s.over, sum.roof_compute += s.roof_compute, sum.roof_memory += s.roof_memory;
        *flops += k[i].flops;
        *bytes += k[i].bytes;
        *launches += (int)k[i].launches;
    }
    return sum;
}

/* Total seconds of a batch under constants c (for calibration). */
static double total_s(const run *r, const consts *c, const yf_kernel *k, int n, double extra_s)
{
    double t = r->p.fixed_us * 1e-6 + extra_s;
    for (int i = 0; i < n; i++)
        t += timed(c, &k[i]).t;
    return t;
}

/* A figure a preset states as 0 ("none" in devices.md); absent means unknown. */
static int lacks(const yf_device *d, int key)
{
    return d->spec[key].tag && d->spec[key].value == 0;
}

/* The precision the device runs for the one asked (docs/latency.md §4):
 * without an int8 path the runtime builds the next higher precision it
 * runs (fp16, else fp32), estimated as that precision is; Darknet's CUDNN_HALF
 * path needs tensor cores (compute capability >= 7.0), without them its
 * "fp16" runs fp32 throughout. */
static void fall_back(run *r)
{
    const yf_device *d = r->d;
    int p = r->prec;
    r->prec_asked = p;
    r->fallback[0] = '\0';
    if ((p == YF_PREC_INT8 || p == YF_PREC_INT4) && lacks(d, YF_SPEC_INT8_PATH)) {
        r->prec = yf_prec_higher(&r->rt, p == YF_PREC_INT4 ? YF_PREC_INT8 : p);
        snprintf(r->fallback, sizeof(r->fallback), "%.40s has no %s path: %s builds %s layers; "
                 "estimating %s", d->id, yf_precision_label(p), r->rt.name,
                 yf_precision_label(r->prec), yf_precision_label(r->prec));
        p = r->prec;
    }
    if ((p == YF_PREC_FP16 || p == YF_PREC_BF16) && r->rt.darknet_half &&
        lacks(d, YF_SPEC_TENSOR_CORES)) {
        r->prec = YF_PREC_FP32;
        snprintf(r->fallback, sizeof(r->fallback), "%.40s has no tensor cores: %s's fp16 "
                 "(CUDNN_HALF) needs compute capability >= 7.0, so every layer runs fp32; "
                 "estimating fp32", d->id, r->rt.name);
    }
}

static int setup(run *r, const yf_latency_db *db, const yf_model *m, const yf_device *d,
                 const yf_latency_opts *o, yf_error *err)
{
    *r = (run){.db = db, .d = d, .batch = m && m->batch > 0 ? m->batch : 1};
    const char *name = o && o->runtime ? o->runtime : yf_rt_default(db, d->kind);
    if (yf_rt_load(db, name, &r->rt, err))
        return err->code;
    if (!(r->rt.kinds & (1u << d->kind)))
        return yf_error_set(err, YF_ERR_VALUE, "runtime '%s' does not run on a %s (device '%s')",
                            r->rt.name, yf_device_kind_name(d->kind), d->id);
    r->prec = o && o->precision >= 0 ? o->precision : yf_rt_default_precision(&r->rt, d->kind);
    if (!(r->rt.precisions & (1u << r->prec))) {
        char list[64] = "";
        for (int p = 0, n = 0; p < YF_PREC_COUNT; p++)
            if (r->rt.precisions & (1u << p))
                n += snprintf(list + n, sizeof(list) - (size_t)n, "%s%s", n ? ", " : "",
                              yf_precision_label(p));
        return yf_error_set(err, YF_ERR_VALUE, "runtime '%s' has no %s mode (it runs %s)",
                            r->rt.name, yf_precision_label(r->prec), list);
    }
    fall_back(r);
    yf_ewtable_load(db, &r->rt, d->kind, &r->ew);
    yf_params_resolve(db, d, &r->rt, r->prec, &r->p);
    r->sram_left = d->spec[YF_SPEC_SRAM].tag ? d->spec[YF_SPEC_SRAM].value : 0;
    return YF_OK;
}

/* Every kernel: the input's first, then each layer's. k may be NULL to count. */
static int kernels(run *r, const yf_model *m, yf_kernel *k, int *n_input, int *per_layer)
{
    yf_kctx kc = {r->db, &r->rt, &r->ew, r->prec, r->batch};
    yf_kspec ks[YF_MAX_LAYER_KERNELS];
    int n = yf_input_kernels(&kc, m, ks);
    double nin = (double)(m->input.w * m->input.h * m->input.c);
    for (int i = 0; k && i < n; i++)
        k[i] = terms(r, &ks[i], nin);
    *n_input = n;
    int total = n;
    for (int l = 0; l < m->n_layers; l++) {
        int c = yf_layer_kernels(&kc, &m->layers[l], ks);
        for (int i = 0; k && i < c; i++)
            k[total + i] = terms(r, &ks[i], (double)m->layers[l].outputs);
        if (per_layer)
            per_layer[l] = c;
        total += c;
    }
    return total;
}

static double fresh_s(const run *r, const yf_kernel *k, int first, int n)
{
    double written = 0;
    for (int i = first; i < n; i++)
        written += k[i].written;
    return r->p.fresh_s_per_byte * written;
}

static void extra(yf_latency *lat, const char *name, const char *about, double s, int bound,
                  int first, int n)
{
    lat->extra[lat->n_extra++] =
        (yf_latency_extra){name, about, s * 1e3, s > 0 ? bound : YF_BOUND_NONE, first, n};
}

static void bottlenecks(yf_latency *lat)
{
    for (int i = 0; i < lat->n_layers; i++) {
        int k = lat->n_bottlenecks;
        if (k == YF_LATENCY_TOP && lat->layers[lat->bottlenecks[k - 1]].ms >= lat->layers[i].ms)
            continue;
        if (k < YF_LATENCY_TOP)
            lat->n_bottlenecks++;
        else
            k--;
        while (k > 0 && lat->layers[lat->bottlenecks[k - 1]].ms < lat->layers[i].ms) {
            lat->bottlenecks[k] = lat->bottlenecks[k - 1];
            k--;
        }
        lat->bottlenecks[k] = i;
    }
}

static void fill(yf_latency *lat, run *r, const yf_model *m, yf_kernel *k, int n_input,
                 const int *per_layer, yf_layer_latency *rows)
{
    consts c = consts_of(r, 1, 1, 1);
    double t = r->p.fixed_us * 1e-6, flops = 0, bytes = 0;
    int launches = 0, first = n_input;
    split in = row(&c, k, 0, n_input, &flops, &bytes, &launches);
    flops = bytes = 0;
    for (int l = 0; l < m->n_layers; l++) {
        yf_layer_latency *y = &rows[l];
        *y = (yf_layer_latency){.first_kernel = first, .n_kernels = per_layer[l]};
        split s = row(&c, k, first, per_layer[l], &y->flops, &y->bytes, &y->launches);
        *y = (yf_layer_latency){s.t * 1e3, s.roof_compute * 1e3, s.roof_memory * 1e3,
                                s.over * 1e3, y->flops, y->bytes, y->launches, bound_of(s),
                                first, per_layer[l]};
        flops += y->flops, bytes += y->bytes, t += s.t;
        first += per_layer[l];
    }
    t += in.t;
    if (n_input)
        extra(lat, "input", "the network input brought in (copy, format change)", in.t,
              bound_of(in), 0, n_input);
    double fresh = fresh_s(r, k, n_input, first);
    if (fresh > 0)
        extra(lat, "allocator", "first touch of freshly mapped memory in a whole forward pass",
              fresh, YF_BOUND_OVERHEAD, 0, 0);
    if (r->p.fixed_us > 0)
        extra(lat, "invocation", "fixed cost of one invocation of the compiled network",
              r->p.fixed_us * 1e-6, YF_BOUND_OVERHEAD, 0, 0);
    lat->ms = (t + fresh) * 1e3;
    lat->fps = lat->ms > 0 ? (double)r->batch / (lat->ms * 1e-3) : 0;
    lat->flops = flops;
    lat->bytes = bytes;
}

static void describe(yf_latency *lat, const run *r)
{
    lat->device = *r->d;
    lat->runtime = r->rt.name;
    lat->runtime_about = r->rt.title;
    lat->precision = r->prec;
    lat->precision_asked = r->prec_asked;
    snprintf(lat->fallback, sizeof(lat->fallback), "%s", r->fallback);
    lat->calibrated = r->p.calibrated;
    lat->label = r->p.calibrated ? "calibrated" : "estimate, uncalibrated";
    lat->eta_compute = r->p.eta_c;
    lat->eta_memory = r->p.eta_m;
    lat->overhead_us = r->p.overhead_us;
    lat->eta_secondary = r->p.eta_sec;
    lat->saturation = r->p.sat;
    lat->k_half = r->p.k_half;
    snprintf(lat->basis, sizeof(lat->basis), "%s", r->p.basis);
    lat->peak = yf_peak(r->d, &r->rt, r->prec, UNIT_BEST);
    lat->ridge = r->p.eta_c.value * lat->peak /
                 (r->p.eta_m.value * r->d->spec[YF_SPEC_BANDWIDTH].value);
}

static void around(yf_latency *lat, const run *r, const yf_model *m, const yf_latency_opts *o)
{
    int style = o && o->nms ? o->nms : r->rt.nms;
    double keep = o && o->nms_keep > 0 ? o->nms_keep : 0.01;
    int64_t fw = o && o->frame_w ? o->frame_w : 1920, fh = o && o->frame_h ? o->frame_h : 1080;
    if (fw < 0 || fh < 0)
        fw = fh = 0;
    yf_host_cost h;
    yf_host_costs(r->db, m, r->d, style, keep, fw, fh, &h);
    lat->nms_style = style;
    lat->nms_keep = keep;
    lat->nms_ms = h.nms_s * 1e3;
    lat->nms_all_ms = h.nms_all_s * 1e3;
    lat->candidates = h.candidates;
    lat->classes = h.classes;
    lat->kept = h.kept;
    lat->frame_w = fw;
    lat->frame_h = fh;
    lat->preprocess_ms = h.preprocess_s * 1e3;
    lat->end_to_end_ms = lat->ms + lat->nms_ms + lat->preprocess_ms;
    lat->fps_end_to_end = lat->end_to_end_ms > 0 ? (double)r->batch / (lat->end_to_end_ms * 1e-3)
                                                 : 0;
}

int yf_latency_check(const yf_latency_db *db, const yf_device *d, const yf_latency_opts *o,
                     const char **runtime, int *precision, char *fallback, size_t n,
                     yf_error *err)
{
    run r;
    yf_error_clear(err);
    if (setup(&r, db, NULL, d, o, err))
        return err->code;
    *runtime = r.rt.name;
    *precision = r.prec;
    if (fallback && n)
        snprintf(fallback, n, "%s", r.fallback);
    return YF_OK;
}

const char *yf_latency_note(const yf_latency *lat, char *buf, size_t n)
{
    if (n)
        snprintf(buf, n, "network-only time and FPS on %s (%s), %s, %s: %s", lat->device.id,
                 lat->device.name, lat->runtime, yf_precision_label(lat->precision), lat->label);
    return buf;
}

int yf_latency_new(const yf_latency_db *db, const yf_model *m, const yf_device *d,
                   const yf_latency_opts *o, yf_latency **out, yf_error *err)
{
    const yf_allocator *alloc = o ? o->alloc : NULL;
    run r;
    int n_input;
    yf_error_clear(err);
    *out = NULL;
    if (setup(&r, db, m, d, o, err))
        return err->code;
    int total = kernels(&r, m, NULL, &n_input, NULL);
    size_t rows = sizeof(yf_layer_latency) * (size_t)m->n_layers;
    size_t size = sizeof(yf_latency) + rows + sizeof(int) * (size_t)m->n_layers +
                  sizeof(yf_kernel) * (size_t)total;
    yf_latency *lat = yf_malloc(alloc, size);
    if (!lat)
        return yf_error_nomem(err);
    memset(lat, 0, sizeof(*lat));
    yf_layer_latency *y = (yf_layer_latency *)(lat + 1);
    yf_kernel *k = (yf_kernel *)(y + m->n_layers);
    int *per_layer = (int *)(k + total);
    r.sram_left = d->spec[YF_SPEC_SRAM].tag ? d->spec[YF_SPEC_SRAM].value : 0;
    kernels(&r, m, k, &n_input, per_layer);
    lat->alloc_ = alloc ? *alloc : yf_default_allocator;
    lat->batch = r.batch;
    lat->n_layers = m->n_layers;
    lat->layers = y;
    lat->kernels = k;
    lat->n_kernels = total;
    describe(lat, &r);
    fill(lat, &r, m, k, n_input, per_layer, y);
    around(lat, &r, m, o);
    bottlenecks(lat);
    *out = lat;
    return YF_OK;
}

void yf_latency_free(yf_latency *lat)
{
    if (lat) {
        yf_allocator a = lat->alloc_;
        yf_free(&a, lat);
    }
}

/* ---- calibration from one measurement ---- */

static double calibrated_s(const run *r, const yf_latency *lat, int mode, double s)
{
    consts c = consts_of(r, s, mode == YF_CALIBRATE_ALL ? s : 1, mode == YF_CALIBRATE_ALL ? s : 1);
    double fresh = 0;
    for (int i = 0; i < lat->n_extra; i++)
        if (strcmp(lat->extra[i].name, "allocator") == 0)
            fresh = lat->extra[i].ms * 1e-3;
    return total_s(r, &c, lat->kernels, lat->n_kernels, fresh);
}

static int calibrate_with(const run *r, const yf_latency *lat, double fps, int mode,
                          yf_device *out, double *scale, yf_error *err)
{
    double want = (double)lat->batch / fps, fixed = r->p.fixed_us * 1e-6;
    for (int i = 0; i < lat->n_kernels; i++)
        fixed += lat->kernels[i].link_s;
    for (int i = 0; i < lat->n_extra; i++)
        if (strcmp(lat->extra[i].name, "allocator") == 0)
            fixed += lat->extra[i].ms * 1e-3;
    if (want <= fixed * 1.0001)
        return yf_error_set(err, YF_ERR_VALUE, "impossible calibration: %g FPS means %.3f ms a "
                            "batch, below the %.3f ms no efficiency changes (host transfers, fixed "
                            "costs)", fps, want * 1e3, fixed * 1e3);
    double lo = 1e-4, hi = 1e4;
    if (mode == YF_CALIBRATE_COMPUTE && calibrated_s(r, lat, mode, hi) > want)
        return yf_error_set(err, YF_ERR_VALUE, "impossible calibration: even infinite compute "
                            "efficiency takes %.3f ms > %.3f ms measured (memory and overhead "
                            "alone are slower: calibrate them all)",
                            calibrated_s(r, lat, mode, hi) * 1e3, want * 1e3);
    if (calibrated_s(r, lat, mode, lo) < want)
        return yf_error_set(err, YF_ERR_VALUE, "impossible calibration: %.3f ms measured is "
                            "slower than the model allows (%.3f ms at 1/10000 of its efficiency)",
                            want * 1e3, calibrated_s(r, lat, mode, lo) * 1e3);
    for (int i = 0; i < 200; i++) {
        double mid = sqrt(lo * hi);
        if (calibrated_s(r, lat, mode, mid) > want)
            lo = mid;
        else
            hi = mid;
    }
    double s = sqrt(lo * hi), eta = r->p.eta_c.value * s;
    if (eta > 5 || eta < 1e-3)
        return yf_error_set(err, YF_ERR_VALUE, "implausible calibration: eff_compute would be "
                            "%.3g (outside 0.001 .. 5): check the FPS, the runtime and the "
                            "precision of the measurement", eta);
    *out = *r->d;
    out->preset = 0;
    out->device_class[0] = '\0';
    snprintf(out->calibrated_at, sizeof(out->calibrated_at), "%s", yf_precision_label(r->prec));
    char id[sizeof(out->id)];
    snprintf(id, sizeof(id), "%.30s-%s-%s-calibrated", r->d->id, r->rt.name,
             yf_precision_label(r->prec));
    snprintf(out->id, sizeof(out->id), "%s", id);
    snprintf(out->name, sizeof(out->name), "%s", id);
    int all = mode == YF_CALIBRATE_ALL;
    out->spec[YF_SPEC_EFF_COMPUTE] = (yf_spec_value){eta, YF_TAG_CALIBRATED, "calibrated", NULL};
    out->spec[YF_SPEC_EFF_MEMORY] = (yf_spec_value){r->p.eta_m.value * (all ? s : 1),
                                                    YF_TAG_CALIBRATED, "calibrated", NULL};
    out->spec[YF_SPEC_OVERHEAD_US] = (yf_spec_value){r->p.overhead_us.value / (all ? s : 1),
                                                     YF_TAG_CALIBRATED, "calibrated", NULL};
    *scale = s;
    return YF_OK;
}

int yf_latency_calibrate(const yf_latency_db *db, const yf_model *m, const yf_device *d,
                         const yf_latency_opts *o, double fps, int mode, yf_device *out,
                         double *scale, yf_error *err)
{
    yf_latency *lat;
    run r;
    if (!(fps > 0) || !isfinite(fps))
        return yf_error_set(err, YF_ERR_VALUE, "calibration FPS must be > 0, got %g", fps);
    if (yf_latency_new(db, m, d, o, &lat, err) || setup(&r, db, m, d, o, err))
        return err->code;
    int status = calibrate_with(&r, lat, fps, mode, out, scale, err);
    yf_latency_free(lat);
    return status;
}
