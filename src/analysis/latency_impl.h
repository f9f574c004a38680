/*
 * Inside the latency model (docs/latency.md): the data (latency_data.c:
 * runtime rules, element-wise cost tables, the constants a device gets),
 * device specs (device.c), the kernels a runtime makes of a layer
 * (latency_kernels.c), their timing (latency.c) and the host's share
 * (nms.c). Data flows data -> kernels -> timing.
 */
#ifndef YF_LATENCY_IMPL_H
#define YF_LATENCY_IMPL_H

#include "analysis/jtree.h"
#include "core/core.h"

/* Element-wise operations with a cost per element in the ew tables. */
enum {
    EW_LEAKY, EW_RELU, EW_LOGISTIC, EW_SWISH, EW_MISH, EW_HARD_MISH, EW_BN, EW_BIAS, EW_ADD,
    EW_CONCAT, EW_COPY, EW_UPSAMPLE, EW_POOL_OUT, EW_POOL_ROW, EW_POOL_WIN, EW_DEFAULT, EW_N
};

struct yf_latency_db {
    yf_allocator alloc;
    const yf_jnode *devices, *runtimes, *fitted; /* roots */
    yf_jnode *fitted_block;                      /* owned: a refit given as text */
};

/* What a runtime makes of layers (runtimes.json "rules"). */
enum { ROUTE_CONCAT, ROUTE_ELIDE, ROUTE_COPY_EACH, ROUTE_VIEW };
enum { YOLO_NONE, YOLO_DARKNET, YOLO_PLUGIN, YOLO_ONE };
enum { INPUT_NONE, INPUT_H2D, INPUT_D2D };

typedef struct yf_rt {
    const char *name, *title;
    const yf_jnode *node;
    unsigned kinds, precisions;   /* bits: 1 << yf_device_kind, 1 << yf_precision */
    int fuse_bn_act, fuse_shortcut, bn_separate, n_bn_kernels, bias_kernel;
    unsigned fused_acts, plugin_acts; /* bits: 1 << EW_* */
    int composite[EW_N];          /* an activation exported as that many kernels */
    int act_saves_input, darknet_half, grouped_fp32, activations_at_prec, tensor_cores;
    int route, route_groups, yolo, input_copy, input_reformat;
    double input_bytes;
    int avgpool_serial, gemm_1x1, pad_maxpool_s1;
    int nms;                      /* yf_nms_style */
} yf_rt;

/* Finds a runtime by name and reads its rules; YF_ERR_VALUE if unknown
 * (the message lists the runtimes). */
int yf_rt_load(const yf_latency_db *db, const char *name, yf_rt *rt, yf_error *err);
/* The runtime (runtimes.json default_runtime) and the precision
 * (default_precision) a device kind gets when none is asked for. */
const char *yf_rt_default(const yf_latency_db *db, int kind);
int yf_rt_default_precision(const yf_rt *rt, int kind);

/* Cost per element of each EW_* operation (FLOP-equivalents at the
 * device's first peak), with the fixed costs per op of the table. */
typedef struct yf_ewtable {
    double cost[EW_N];
    const yf_jnode *fixed_us;   /* {kernel base name: microseconds}, or NULL */
    double overhead_us;         /* < 0: the table sets none */
    const char *name;
} yf_ewtable;
void yf_ewtable_load(const yf_latency_db *db, const yf_rt *rt, int kind, yf_ewtable *t);
/* The EW_* cost class of an activation, or -1 (linear: no kernel). */
int yf_act_op(const yf_latency_db *db, const char *activation);

/* The constants a run gets (precedence in docs/latency.md). */
typedef struct yf_params {
    yf_constant eta_c, eta_m, overhead_us, eta_sec, sat, k_half;
    double fixed_us;       /* per invocation (NPUs) */
    double fresh_s_per_byte; /* first touch of written memory (PyTorch on a CPU), 0 if none */
    int calibrated;
    char basis[160];
} yf_params;
void yf_params_resolve(const yf_latency_db *db, const yf_device *d, const yf_rt *rt, int prec,
                       yf_params *p);

/* The next higher precision the runtime runs (int4 -> int8 -> fp16 -> fp32,
 * bf16 -> fp32); -1 above fp32. */
int yf_prec_higher(const yf_rt *rt, int prec);

/* Bytes of one element at a precision (int4 is half a byte). */
double yf_prec_bytes(int prec);

/* ---- kernels (latency_kernels.c) ---- */
enum { UNIT_BEST, UNIT_FP32, UNIT_GEMM };

typedef struct yf_kspec {
    const char *name;  /* static text */
    int prec;
    double work;       /* per image: FLOPs (mac) or FLOP-equivalents */
    int mac;
    double rd, wr;     /* activation bytes per image */
    double wbytes;     /* weight bytes, once per batch */
    double launches;   /* per batch */
    int unit;          /* UNIT_* */
    double link;       /* host-link bytes per image */
    int serial;
} yf_kspec;

typedef struct yf_kctx {
    const yf_latency_db *db;
    const yf_rt *rt;
    const yf_ewtable *ew;
    int prec;
    int64_t batch;
} yf_kctx;

enum { YF_MAX_LAYER_KERNELS = 8 };
/* The kernels of layer l (at most YF_MAX_LAYER_KERNELS); returns how many. */
int yf_layer_kernels(const yf_kctx *k, const yf_layer *l, yf_kspec *out);
/* The kernels that bring the network input in (copy, format change). */
int yf_input_kernels(const yf_kctx *k, const yf_model *m, yf_kspec *out);

/* ---- peaks (latency_data.c), used by the timing (latency.c) ---- */
/* Peak FLOP/s for a kernel at a precision on a unit. */
double yf_peak(const yf_device *d, const yf_rt *rt, int prec, int unit);

/* ---- around the network (nms.c) ---- */
typedef struct yf_host_cost {
    double nms_s, nms_all_s, preprocess_s, kept;
    int64_t candidates, classes;
} yf_host_cost;
void yf_host_costs(const yf_latency_db *db, const yf_model *m, const yf_device *d, int style,
                   double keep, int64_t frame_w, int64_t frame_h, yf_host_cost *out);

#endif
