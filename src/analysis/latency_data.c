/* The latency model's data (data/latency, docs/latency.md): the built-in
 * presets, runtime rules and fitted constants, a refit given as text in
 * place of the built-in constants, and the constants one run gets:
 *   runtimes.json defaults < medians of fitted groups of the runtime (per
 *   device kind, then per device class) < the fitted group of the preset
 *   (device/runtime/precision) < the user's spec (eff_compute, eff_memory
 *   default 1; overhead_us the runtime's when absent). */
#include "analysis/latency_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const prec_names[] = {"fp32", "fp16", "bf16", "int8", "int4"};
static const double prec_bytes[] = {4, 2, 2, 1, 0.5};

double yf_prec_bytes(int prec)
{
    return prec >= 0 && prec < YF_PREC_COUNT ? prec_bytes[prec] : 4;
}

const char *yf_tag_name(int tag)
{
    static const char *const names[] = {"none",    "datasheet", "derived", "unverified",
                                        "default", "fitted",    "calibrated", "user"};
    return tag >= 0 && tag <= YF_TAG_USER ? names[tag] : NULL;
}

const char *yf_nms_style_name(int style)
{
    return style == YF_NMS_OFFSET ? "offset" : "darknet";
}

const char *yf_bound_name(int bound)
{
    static const char *const names[] = {"none", "compute", "memory", "overhead"};
    return bound >= 0 && bound <= YF_BOUND_OVERHEAD ? names[bound] : NULL;
}

const char *yf_work_name(int work)
{
    static const char *const names[] = {"main", "secondary", "elementwise", "gemm", "serial"};
    return work >= 0 && work <= YF_WORK_SERIAL ? names[work] : NULL;
}

/* ---- the db ---- */

/* A refit must look like a fitted.json: the objects the model reads. */
static int check_fitted(const yf_jnode *f, yf_error *err)
{
    static const char *const objects[] = {"groups", "shared", "runtime_defaults", "tables"};
    if (f->type != YF_J_OBJECT)
        return yf_error_set(err, YF_ERR_VALUE, "fitted constants must be a JSON object");
    for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
        const yf_jnode *o = yf_jget(f, objects[i]);
        if (!o || o->type != YF_J_OBJECT)
            return yf_error_set(err, YF_ERR_VALUE,
                                "fitted constants need an object '%s' (as bench/latency_fit.py "
                                "writes it)",
                                objects[i]);
    }
    const yf_jnode *g = yf_jget(f, "groups");
    for (int i = 0; i < g->n; i++) {
        double eta = yf_jnum(&g->child[i], "eta_c", -1), ov = yf_jnum(&g->child[i], "overhead_us", -1);
        if (!(eta > 0 && eta <= 100) || !(ov >= 0 && ov <= 1e6))
            return yf_error_set(err, YF_ERR_VALUE,
                                "fitted group '%.60s' needs eta_c in (0, 100] and overhead_us in "
                                "[0, 1e6]",
                                g->child[i].key);
    }
    return YF_OK;
}

int yf_latency_db_new(const char *fitted, size_t len, const yf_allocator *alloc,
                      yf_latency_db **out, yf_error *err)
{
    yf_error_clear(err);
    *out = NULL;
    yf_latency_db *db = yf_malloc(alloc, sizeof(*db));
    if (!db)
        return yf_error_nomem(err);
    *db = (yf_latency_db){.alloc = alloc ? *alloc : yf_default_allocator,
                          .devices = yf_data_devices,
                          .runtimes = yf_data_runtimes,
                          .fitted = yf_data_fitted};
    if (fitted) {
        int status = yf_jparse(fitted, len, alloc, &db->fitted_block, err);
        if (!status)
            status = check_fitted(db->fitted_block, err);
        if (status) {
            yf_latency_db_free(db);
            return status;
        }
        db->fitted = db->fitted_block;
    }
    *out = db;
    return YF_OK;
}

void yf_latency_db_free(yf_latency_db *db)
{
    if (!db)
        return;
    yf_allocator a = db->alloc;
    yf_free(&a, db->fitted_block);
    yf_free(&a, db);
}

const char *yf_latency_source(const yf_latency_db *db, const char *key)
{
    return key ? yf_jstr(yf_jget(db->devices, "sources"), key, NULL) : NULL;
}

/* ---- runtimes ---- */

static const char *const ew_names[EW_N] = {
    "leaky", "relu", "logistic", "swish", "mish", "hard_mish", "bn", "bias", "add",
    "concat", "copy", "upsample", "pool_out", "pool_row", "pool_win", "default"};

static int ew_find(const char *name)
{
    for (int i = 0; i < EW_N; i++)
        if (strcmp(name, ew_names[i]) == 0)
            return i;
    return -1;
}

static unsigned act_bits(const yf_latency_db *db, const yf_jnode *list)
{
    unsigned bits = 0;
    for (int i = 0; list && list->type == YF_J_ARRAY && i < list->n; i++) {
        int op = list->child[i].str ? yf_act_op(db, list->child[i].str) : -1;
        if (op >= 0)
            bits |= 1u << op;
    }
    return bits;
}

static int choice(const yf_jnode *v, const char *const *names, int n, int def)
{
    for (int i = 0; v && v->type == YF_J_STRING && i < n; i++)
        if (strcmp(v->str, names[i]) == 0)
            return i;
    return def;
}

static void read_rule(const yf_latency_db *db, yf_rt *rt, const yf_jnode *r)
{
    static const char *const routes[] = {"concat", "elide", "copy_each", "view"};
    static const char *const yolos[] = {"none", "darknet", "plugin", "one"};
    static const char *const inputs[] = {"none", "h2d", "d2d"};
    const char *k = r->key;
    int on = r->type == YF_J_TRUE;
    if (strcmp(k, "fuse_bn_act") == 0) rt->fuse_bn_act = on;
    else if (strcmp(k, "fuse_shortcut") == 0) rt->fuse_shortcut = on;
    else if (strcmp(k, "fused_acts") == 0) rt->fused_acts = act_bits(db, r);
    else if (strcmp(k, "plugin_acts") == 0) rt->plugin_acts = act_bits(db, r);
    else if (strcmp(k, "bn") == 0) rt->bn_separate = r->str && strcmp(r->str, "separate") == 0;
    else if (strcmp(k, "bn_kernels") == 0) rt->n_bn_kernels = r->n;
    else if (strcmp(k, "bias_kernel") == 0) rt->bias_kernel = on;
    else if (strcmp(k, "act_saves_input") == 0) rt->act_saves_input = on;
    else if (strcmp(k, "conv_precision") == 0)
        rt->darknet_half = r->str && strcmp(r->str, "darknet_cudnn_half") == 0;
    else if (strcmp(k, "grouped_conv_fp32_unit") == 0) rt->grouped_fp32 = on;
    else if (strcmp(k, "activations_at_prec") == 0) rt->activations_at_prec = on;
    else if (strcmp(k, "tensor_cores") == 0) rt->tensor_cores = on;
    else if (strcmp(k, "route") == 0) rt->route = choice(r, routes, 4, ROUTE_CONCAT);
    else if (strcmp(k, "route_groups") == 0) rt->route_groups = choice(r, routes, 4, ROUTE_COPY_EACH);
    else if (strcmp(k, "yolo") == 0) rt->yolo = choice(r, yolos, 4, YOLO_NONE);
    else if (strcmp(k, "input_copy") == 0) rt->input_copy = choice(r, inputs, 3, INPUT_NONE);
    else if (strcmp(k, "input_reformat") == 0) rt->input_reformat = on;
    else if (strcmp(k, "input_bytes") == 0) rt->input_bytes = r->num;
    else if (strcmp(k, "avgpool_serial") == 0) rt->avgpool_serial = on;
    else if (strcmp(k, "gemm_1x1") == 0) rt->gemm_1x1 = on;
    else if (strcmp(k, "pad_op_maxpool_s1") == 0) rt->pad_maxpool_s1 = on;
    else if (strcmp(k, "composite_acts") == 0)
        for (int i = 0; i < r->n; i++) {
            int op = yf_act_op(db, r->child[i].key);
            if (op >= 0)
                rt->composite[op] = (int)r->child[i].num;
        }
}

static const char *const kind_names[] = {"gpu", "cpu", "npu"};

const char *yf_device_kind_name(int kind)
{
    return kind >= 0 && kind <= YF_DEVICE_NPU ? kind_names[kind] : NULL;
}

static unsigned name_bits(const yf_jnode *list, const char *const *names, int n)
{
    unsigned bits = 0;
    for (int i = 0; list && i < list->n; i++)
        for (int k = 0; k < n; k++)
            if (list->child[i].str && strcmp(list->child[i].str, names[k]) == 0)
                bits |= 1u << k;
    return bits;
}

int yf_rt_load(const yf_latency_db *db, const char *name, yf_rt *rt, yf_error *err)
{
    const yf_jnode *all = yf_jget(db->runtimes, "runtimes");
    const yf_jnode *node = yf_jget(all, name);
    if (!node) {
        char list[256] = "";
        size_t n = 0;
        for (int i = 0; all && i < all->n && n < sizeof(list) - 32; i++)
            n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
                                  all->child[i].key);
        return yf_error_set(err, YF_ERR_VALUE, "unknown runtime '%.40s' (runtimes: %s)", name,
                            list);
    }
    *rt = (yf_rt){.name = node->key, .title = yf_jstr(node, "title", ""), .node = node,
                  .activations_at_prec = 1, .tensor_cores = 1, .route = ROUTE_CONCAT,
                  .route_groups = ROUTE_COPY_EACH, .input_bytes = 4, .n_bn_kernels = 1,
                  .bn_separate = 1};
    rt->kinds = name_bits(yf_jget(node, "kinds"), kind_names, 3);
    rt->precisions = name_bits(yf_jget(node, "precisions"), prec_names, YF_PREC_COUNT);
    rt->nms = strcmp(yf_jstr(node, "nms", "darknet"), "offset") == 0 ? YF_NMS_OFFSET
                                                                     : YF_NMS_DARKNET;
    const yf_jnode *rules = yf_jget(node, "rules");
    for (int i = 0; rules && i < rules->n; i++)
        read_rule(db, rt, &rules->child[i]);
    return YF_OK;
}

const char *yf_rt_default(const yf_latency_db *db, int kind)
{
    return yf_jstr(yf_jget(db->runtimes, "default_runtime"), kind_names[kind], "tensorrt");
}

int yf_rt_default_precision(const yf_rt *rt, int kind)
{
    const char *p = yf_jstr(yf_jget(rt->node, "default_precision"), kind_names[kind], "fp32");
    return yf_precision_find(p) >= 0 ? yf_precision_find(p) : YF_PREC_FP32;
}

/* A table by name: the fitted tables first, then the hand-set ones. */
static const yf_jnode *table(const yf_latency_db *db, const char *name)
{
    const yf_jnode *t = yf_jget(yf_jget(db->fitted, "tables"), name);
    return t ? t : yf_jget(yf_jget(db->runtimes, "tables"), name);
}

void yf_ewtable_load(const yf_latency_db *db, const yf_rt *rt, int kind, yf_ewtable *t)
{
    const yf_jnode *names = yf_jget(rt->node, "ew_cost");
    const char *name = yf_jstr(names, kind_names[kind], yf_jstr(names, "gpu", "gpu_ew_cost"));
    const yf_jnode *tab = table(db, name);
    double def = yf_jnum(tab, "default", 2.0);
    for (int i = 0; i < EW_N; i++)
        t->cost[i] = yf_jnum(tab, ew_names[i], def);
    t->fixed_us = yf_jget(tab, "fixed_us");
    t->overhead_us = yf_jnum(tab, "overhead_us", -1);
    t->name = name;
}

int yf_act_op(const yf_latency_db *db, const char *activation)
{
    const yf_jnode *map = yf_jget(yf_jget(db->runtimes, "activations"), "map");
    const yf_jnode *v = activation ? yf_jget(map, activation) : NULL;
    if (!activation || (v && v->type == YF_J_NULL))
        return -1;
    return v && v->str && ew_find(v->str) >= 0 ? ew_find(v->str) : EW_LOGISTIC;
}

/* ---- the constants of a run ---- */

static void set(yf_constant *c, double v, int tag, const char *fmt, ...) YF_PRINTF(4, 5);
static void set(yf_constant *c, double v, int tag, const char *fmt, ...)
{
    va_list ap;
    c->value = v;
    c->tag = tag;
    va_start(ap, fmt);
    vsnprintf(c->source, sizeof(c->source), fmt, ap);
    va_end(ap);
}

/* Medians of the fitted groups of the runtime, per kind then per class. */
static void runtime_medians(const yf_latency_db *db, const yf_device *d, const yf_rt *rt,
                            int prec, yf_params *p)
{
    const yf_jnode *all = yf_jget(db->fitted, "runtime_defaults");
    char key[96];
    for (int level = 0; level < 2; level++) {
        if (level == 0)
            snprintf(key, sizeof(key), "%s/%s", rt->name, kind_names[d->kind]);
        else
            snprintf(key, sizeof(key), "%s/%s/%s", rt->name, kind_names[d->kind], d->device_class);
        const yf_jnode *rd = yf_jget(all, key);
        if (!rd)
            continue;
        const yf_jnode *eta = yf_jget(yf_jget(rd, "eta_c"), prec_names[prec]);
        if (eta && eta->type == YF_J_NUMBER) {
            set(&p->eta_c, eta->num, YF_TAG_DEFAULT, "median of the fitted %s groups", key);
            snprintf(p->basis, sizeof(p->basis), "no published measurement of this device, "
                     "runtime and precision: median of the fitted %.60s groups", key);
        }
        const yf_jnode *ov = yf_jget(rd, "overhead_us");
        if (ov && ov->type == YF_J_NUMBER)
            set(&p->overhead_us, ov->num, YF_TAG_DEFAULT, "median of the fitted %s groups", key);
        if (yf_jget(rd, "eta_m"))
            set(&p->eta_m, yf_jnum(rd, "eta_m", p->eta_m.value), YF_TAG_DEFAULT,
                "memory efficiency of %s (set, not fitted)", rt->name);
    }
}

static void fitted_group(const yf_latency_db *db, const yf_device *d, const yf_rt *rt, int prec,
                         yf_params *p)
{
    char key[160];
    snprintf(key, sizeof(key), "%s/%s/%s", d->id, rt->name, prec_names[prec]);
    const yf_jnode *g = yf_jget(yf_jget(db->fitted, "groups"), key);
    if (!g)
        return;
    char rows[48];
    snprintf(rows, sizeof(rows), "%d", (int)yf_jnum(g, "n_rows", 0));
    set(&p->eta_c, yf_jnum(g, "eta_c", p->eta_c.value), YF_TAG_FITTED,
        "fitted group %s (%s published rows)", key, rows);
    if (yf_jbool(g, "overhead_fitted", 1))
        set(&p->overhead_us, yf_jnum(g, "overhead_us", p->overhead_us.value), YF_TAG_FITTED,
            "fitted group %s (%s published rows)", key, rows);
    else
        set(&p->overhead_us, yf_jnum(g, "overhead_us", p->overhead_us.value), YF_TAG_DEFAULT,
            "median of the runtime's fitted groups (group %s has one model size)", key);
    p->eta_m.value = yf_jnum(g, "eta_m", p->eta_m.value);
    p->calibrated = 1;
    snprintf(p->basis, sizeof(p->basis), "fitted on %.8s published measurements of %.100s", rows,
             key);
}

static void user_spec(const yf_device *d, int prec, yf_params *p)
{
    const yf_spec_value *s = d->spec;
    if (s[YF_SPEC_OVERHEAD_US].tag)
        set(&p->overhead_us, s[YF_SPEC_OVERHEAD_US].value, s[YF_SPEC_OVERHEAD_US].tag,
            "device spec %s", d->id);
    if (s[YF_SPEC_EFF_COMPUTE].tag)
        set(&p->eta_c, s[YF_SPEC_EFF_COMPUTE].value, s[YF_SPEC_EFF_COMPUTE].tag,
            "device spec %s", d->id);
    else
        set(&p->eta_c, 1.0, YF_TAG_DEFAULT, "device spec %s without eff_compute: 1", d->id);
    if (s[YF_SPEC_EFF_MEMORY].tag)
        set(&p->eta_m, s[YF_SPEC_EFF_MEMORY].value, s[YF_SPEC_EFF_MEMORY].tag,
            "device spec %s", d->id);
    else
        set(&p->eta_m, 1.0, YF_TAG_DEFAULT, "device spec %s without eff_memory: 1", d->id);
    p->calibrated = s[YF_SPEC_EFF_COMPUTE].tag != YF_TAG_NONE;
    if (p->calibrated && d->calibrated_at[0] &&
        strcmp(d->calibrated_at, prec_names[prec]) != 0) {
        p->calibrated = 0; /* a measurement at one precision says nothing of another */
        snprintf(p->basis, sizeof(p->basis), "device spec %.60s calibrated at %s, used at %s: "
                 "its efficiencies are uncalibrated for %s", d->id, d->calibrated_at,
                 prec_names[prec], prec_names[prec]);
    } else if (p->calibrated)
        snprintf(p->basis, sizeof(p->basis), "device spec %s with its efficiencies", d->id);
    else
        snprintf(p->basis, sizeof(p->basis), "device spec %s without eff_compute: its peaks are "
                 "taken as achieved", d->id);
}

/* Shared constants (fitted.json "shared"). */
static void shared(const yf_latency_db *db, const yf_device *d, const yf_rt *rt, int prec,
                   yf_params *p)
{
    const yf_jnode *sh = yf_jget(db->fitted, "shared");
    set(&p->sat, yf_jnum(sh, "sat_outputs_per_gflops", 0), YF_TAG_FITTED,
        "fitted over the GPU groups (outputs per GFLOP/s of fp32 peak)");
    set(&p->k_half, yf_jnum(yf_jget(sh, "k_half"), kind_names[d->kind], 0),
        d->kind == YF_DEVICE_GPU ? YF_TAG_FITTED : YF_TAG_DEFAULT,
        "short-reduction constant of a %s", kind_names[d->kind]);
    const yf_jnode *sec = yf_jget(yf_jget(yf_jget(sh, "eta_secondary"), rt->name), "fp32");
    if (prec != YF_PREC_FP32 && sec && sec->type == YF_J_NUMBER)
        set(&p->eta_sec, sec->num, YF_TAG_FITTED,
            "fp32 efficiency inside %s runs of lower precision", rt->name);
    else
        set(&p->eta_sec, p->eta_c.value, p->eta_c.tag, "%s", p->eta_c.source);
    const yf_jnode *frac = yf_jget(yf_jget(sh, "fresh_fraction"), rt->name);
    const yf_jnode *page = yf_jget(yf_jget(sh, "fresh_page_us"), rt->name);
    if (d->kind == YF_DEVICE_CPU && frac && page)
        p->fresh_s_per_byte = page->num * 1e-6 * frac->num / 4096.0;
}

/* Peak FLOP/s at a precision on a unit (docs/latency.md §4). */
double yf_peak(const yf_device *d, const yf_rt *rt, int prec, int unit)
{
    const yf_spec_value *s = d->spec;
#define V(k) (s[k].tag ? s[k].value : 0.0)
    double fp32 = V(YF_SPEC_FP32), fp16 = V(YF_SPEC_FP16), notc = V(YF_SPEC_FP16_NOTC);
    double int8 = V(YF_SPEC_INT8), gemm = V(YF_SPEC_GEMM_FP32);
#undef V
    double best = fp32;
    if (unit == UNIT_GEMM && gemm > 0)
        return gemm;
    if (prec == YF_PREC_FP32 || unit == UNIT_FP32)
        return fp32 > 0 ? fp32 : fp16 > 0 ? fp16 : int8;
    if (prec == YF_PREC_FP16 || prec == YF_PREC_BF16) {
        /* the fastest unit the runtime may use, as TensorRT picks kernels */
        best = notc > best ? notc : best;
        if (fp16 > best && (rt->tensor_cores || notc <= 0))
            best = fp16;
        return best;
    }
    best = int8 > best ? int8 : best;
    return rt->tensor_cores && fp16 > best ? fp16 : best;
}

/* The next higher precision the runtime runs: int4 -> int8 -> fp16 -> fp32,
 * bf16 -> fp32; -1 above fp32. */
int yf_prec_higher(const yf_rt *rt, int prec)
{
    static const int next[YF_PREC_COUNT] = {[YF_PREC_FP32] = -1, [YF_PREC_FP16] = YF_PREC_FP32,
                                            [YF_PREC_BF16] = YF_PREC_FP32,
                                            [YF_PREC_INT8] = YF_PREC_FP16,
                                            [YF_PREC_INT4] = YF_PREC_INT8};
    int h = next[prec];
    while (h >= 0 && !(rt->precisions & (1u << h)))
        h = next[h];
    return h;
}

/* A default (not fitted) efficiency at a lower precision must not make the
 * device compute slower than it does at the next higher precision (which
 * is resolved the same way): the runtime would build that precision's
 * kernels instead. A default launch overhead is that precision's too: it
 * belongs to the device and runtime. Fitted groups stay as fitted
 * (docs/latency.md §4). */
static void no_slower(const yf_latency_db *db, const yf_device *d, const yf_rt *rt, int prec,
                      yf_params *p)
{
    int h = yf_prec_higher(rt, prec);
    if (h < 0)
        return;
    yf_params q;
    yf_params_resolve(db, d, rt, h, &q);
    if (p->overhead_us.tag == YF_TAG_DEFAULT && q.overhead_us.tag == YF_TAG_FITTED)
        set(&p->overhead_us, q.overhead_us.value, YF_TAG_DEFAULT, "%s's: %.100s", prec_names[h],
            q.overhead_us.source);
    double peak = yf_peak(d, rt, prec, UNIT_BEST), rate = q.eta_c.value * yf_peak(d, rt, h,
                                                                                     UNIT_BEST);
    if (!(peak > 0) || p->eta_c.value * peak >= rate)
        return;
    set(&p->eta_c, rate / peak, YF_TAG_DEFAULT, "raised to the %s rate (%.3g x %.3g TFLOP/s; %s)",
        prec_names[h], q.eta_c.value, yf_peak(d, rt, h, UNIT_BEST) / 1e12,
        q.eta_c.tag == YF_TAG_FITTED ? "fitted" : "default");
    size_t n = strlen(p->basis);
    snprintf(p->basis + n, sizeof(p->basis) - n, "; compute rate raised to %s's", prec_names[h]);
}

void yf_params_resolve(const yf_latency_db *db, const yf_device *d, const yf_rt *rt, int prec,
                       yf_params *p)
{
    const yf_jnode *def = yf_jget(yf_jget(rt->node, "defaults"), kind_names[d->kind]);
    *p = (yf_params){0};
    set(&p->eta_c, yf_jnum(yf_jget(def, "eta_c"), prec_names[prec], 0.5), YF_TAG_DEFAULT,
        "default of %s (runtimes.json, unverified)", rt->name);
    set(&p->eta_m, yf_jnum(def, "eta_m", 0.7), YF_TAG_DEFAULT,
        "default of %s (runtimes.json, unverified)", rt->name);
    double ov = yf_jnum(def, "overhead_us", d->spec[YF_SPEC_OVERHEAD_US].tag
                                                ? d->spec[YF_SPEC_OVERHEAD_US].value
                                                : 5.0);
    set(&p->overhead_us, ov, YF_TAG_DEFAULT, "default of %s (runtimes.json, unverified)", rt->name);
    p->fixed_us = yf_jnum(def, "fixed_us", 0);
    snprintf(p->basis, sizeof(p->basis), "no published measurement of %s on %s devices: "
             "hand-set defaults", rt->name, kind_names[d->kind]);
    yf_ewtable t;
    yf_ewtable_load(db, rt, d->kind, &t);
    if (t.overhead_us >= 0)
        set(&p->overhead_us, t.overhead_us, YF_TAG_FITTED, "micro-benchmark table %s", t.name);
    runtime_medians(db, d, rt, prec, p);
    if (d->preset)
        fitted_group(db, d, rt, prec, p);
    else
        user_spec(d, prec, p);
    if (p->eta_c.tag == YF_TAG_DEFAULT && d->preset)
        no_slower(db, d, rt, prec, p);
    shared(db, d, rt, prec, p);
}

/* ---- fitted groups of a preset (for listings) ---- */
int yf_device_fits(const yf_latency_db *db, const char *id, yf_fit_group *out, int cap)
{
    const yf_jnode *g = yf_jget(db->fitted, "groups");
    const yf_jnode *rts = yf_jget(db->runtimes, "runtimes");
    size_t n = strlen(id);
    int k = 0;
    for (int i = 0; g && i < g->n; i++) {
        const yf_jnode *e = &g->child[i];
        const char *key = e->key;
        if (strncmp(key, id, n) != 0 || key[n] != '/')
            continue;
        const char *rt = key + n + 1, *slash = strchr(rt, '/');
        if (!slash)
            continue;
        const yf_jnode *rtnode = NULL;
        for (int r = 0; rts && r < rts->n && !rtnode; r++)
            if (strlen(rts->child[r].key) == (size_t)(slash - rt) &&
                strncmp(rts->child[r].key, rt, (size_t)(slash - rt)) == 0)
                rtnode = &rts->child[r];
        if (k < cap && rtnode)
            out[k] = (yf_fit_group){.runtime = rtnode->key,
                                    .precision = yf_precision_find(slash + 1),
                                    .eta_compute = yf_jnum(e, "eta_c", 0),
                                    .eta_memory = yf_jnum(e, "eta_m", 0),
                                    .overhead_us = yf_jnum(e, "overhead_us", 0),
                                    .rows = (int)yf_jnum(e, "n_rows", 0),
                                    .model_sizes = (int)yf_jnum(e, "n_units", 0)};
        k += rtnode != NULL;
    }
    return k;
}
