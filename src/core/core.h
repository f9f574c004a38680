/*
 * The core: building a model from cfg text. Data flows one way:
 *   lex.c (INI text -> sections) -> model.c (sections -> nodes through the
 *   kind registry, references resolved) -> each kind's infer (shapes) ->
 *   each kind's cost -> memory.c (activation and peak memory).
 * Everything here allocates from the model's arena and never frees alone.
 * Nothing here prints, exits or compares a kind's type name outside that
 * kind's own file: kinds declare what they are through registry flags.
 */
#ifndef YF_CORE_H
#define YF_CORE_H

#include "yoloflops.h"

#include <stdarg.h>
#include <stdbool.h>

#if defined(__GNUC__)
#define YF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define YF_PRINTF(a, b)
#endif

/* ---- arena.c: one per model; blocks freed together ---- */
typedef struct yf_arena yf_arena;
/* alloc may be NULL (malloc/free). NULL when out of memory. */
yf_arena *yf_arena_new(const yf_allocator *alloc);
void yf_arena_free(yf_arena *a);
/* Zeroed memory; NULL only when out of memory. */
void *yf_arena_alloc(yf_arena *a, size_t n);
/* The same without zeroing, for large scratch buffers. */
void *yf_arena_alloc_raw(yf_arena *a, size_t n);
char *yf_arena_strndup(yf_arena *a, const char *s, size_t n);
/* The allocator behind the arena (never NULL). */
const yf_allocator *yf_arena_allocator(const yf_arena *a);
/* malloc/free through an allocator (NULL = the default one). */
void *yf_malloc(const yf_allocator *a, size_t n);
void yf_free(const yf_allocator *a, void *p);
extern const yf_allocator yf_default_allocator;

/* ---- error.c ---- */
/* Sets code and message (printf-style); returns code so failing is one statement. */
int yf_error_set(yf_error *err, int code, const char *fmt, ...) YF_PRINTF(3, 4);
int yf_error_nomem(yf_error *err);
/* Fills every part of a located error (origin: the edit it is about, or
 * NULL; section: NULL keeps none) and returns code. */
int yf_error_locate(yf_error *err, int code, const char *origin, int line, int layer,
                    const char *section, const char *fmt, ...) YF_PRINTF(7, 8);
int yf_error_vlocate(yf_error *err, int code, const char *origin, int line, int layer,
                     const char *section, const char *fmt, va_list ap);

/* ---- checked int64 arithmetic (inline: every figure goes through it) ---- */
/* a*b and a+b saturating at INT64_MAX (negative operands of yf_mul too);
 * callers compare against a cap or check the totals. */
static inline int64_t yf_mul(int64_t a, int64_t b)
{
    int64_t r;
    if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &r))
        return INT64_MAX;
    return r;
}

static inline int64_t yf_add(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return INT64_MAX;
    return r;
}

/* Greatest common divisor of non-negative a and b (gcd(a, 0) = a). */
static inline int64_t yf_gcd(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* a-b for taking back what was added: a saturated operand stays saturated
 * (INT64_MAX), so a total that overflowed on the way stays an error. */
static inline int64_t yf_sub(int64_t a, int64_t b)
{
    int64_t r;
    if (a == INT64_MAX || b == INT64_MAX || __builtin_sub_overflow(a, b, &r))
        return INT64_MAX;
    return r;
}

/* The bytes a 512-byte-aligned allocation of `bytes` wastes (cudaMalloc's
 * granularity); 0 for a saturated size. */
static inline int64_t yf_round512_waste(int64_t bytes)
{
    return bytes <= 0 || bytes == INT64_MAX ? 0 : (512 - bytes % 512) % 512;
}

/* ---- lex.c: the INI-like text, nothing YOLO-specific ---- */
typedef struct yf_kv {
    const char *key, *value; /* whitespace removed, trailing comment cut */
    const char *raw;         /* the value as Darknet sees it: whitespace removed, nothing cut */
    int line;
    int used;                /* set by the getters in keys.c */
    int comment;             /* the value had a '#' or ';' comment cut from it */
} yf_kv;

typedef struct yf_section {
    const char *name; /* without brackets, e.g. "convolutional" */
    int line;
    int n_kv;
    yf_kv *kv;
} yf_section;

typedef struct yf_cfg {
    int n_sections;
    yf_section *sections;
} yf_cfg;

/* Lexes buf[0..len) as Darknet's read_cfg does. On error fills err->line. */
int yf_lex(yf_arena *a, const char *buf, size_t len, yf_cfg *out, yf_error *err);

/* ---- the model under construction ---- */
struct yf_kind;

/* A layer's private side: what only the core and its kind see. */
typedef struct yf_node {
    yf_layer *l;                /* the public layer */
    const struct yf_kind *kind;
    void *priv;                 /* the kind's parameters */
    int n_refs;                 /* resolved references to layers it reads */
    int *refs;
    yf_shape next;              /* what the next layer receives (antialiasing) */
    int64_t next_outputs;
    int64_t extra_elems;        /* hidden buffers Darknet allocates (the blur), elements */
    double step_x, step_y;      /* this layer's downsampling factor (0 = 1) */
    double scale_x, scale_y;    /* cumulative stride from the network input */
    /* What Darknet stores in l.bflops (a float), where its C int product
     * overflows at large inputs (maxpool, shortcut, conv_lstm); set with
     * yf_darknet_int_bflops, else the exact figure rounded to a float. */
    int dn_overflow;
    double dn_bflops;
    const char *dn_product;     /* the C expression, for the warning */
} yf_node;

typedef struct yf_model_impl {
    yf_model pub;               /* first: yf_model * converts to it */
    yf_arena *arena;
    yf_layer *layers;           /* writable view of pub.layers */
    yf_node *nodes;
    yf_warning *warnings;       /* writable view of pub.warnings */
    int warn_cap;
    yf_change *changes;         /* writable view of pub.changes */
    int change_cap;
    int too_big_warned;         /* a layer's outputs exceed Darknet's int: said once */
    const char *text;           /* the cfg bytes and the options it was loaded with, */
    size_t text_len;            /* for yf_model_load_resized */
    yf_options opt;
} yf_model_impl;

/* ---- keys.c: typed getters that record which keys were read ---- */
typedef struct yf_ctx {
    yf_arena *arena;
    yf_model_impl *model;
    const yf_section *sec;
    int layer;         /* index of the layer being built, -1 for [net] */
    yf_error *err;
    const char *asked[512]; /* keys the section's kind asked for (for "did you mean") */
    int n_asked;
    const yf_section *mask_of; /* the section `mask` was made for */
    uint64_t mask;             /* a bit per key present (keys.c: a key absent is answered fast) */
} yf_ctx;

/* Integer key in [min, max]; `def` when absent. Errors name the key. */
int yf_key_int(yf_ctx *c, const char *key, int64_t def, int64_t min, int64_t max, int64_t *out);
/* An on/off key as Darknet tests it (any non-zero integer is on); warns
 * when the value is not 0 or 1. */
int yf_key_flag(yf_ctx *c, const char *key, int def, int *out);
int yf_key_float(yf_ctx *c, const char *key, double def, double *out);
/* String key, NULL when absent and def is NULL. */
const char *yf_key_str(yf_ctx *c, const char *key, const char *def);
/* A string key as Darknet compares it (strcmp of the whole value: a '#'
 * comment inside it is part of the text). */
const char *yf_key_darknet_str(yf_ctx *c, const char *key, const char *def);
bool yf_key_has(const yf_ctx *c, const char *key);
/* Line of the key's first occurrence, or of the section header when absent. */
int yf_key_line(const yf_ctx *c, const char *key);
/* Comma-separated integers (int range; a trailing '#' comment cut). */
int yf_key_ints(yf_ctx *c, const char *key, int **out, int *n);
/* Layer references (route layers=, shortcut from=) as Darknet reads them:
 * every ',' of the whole value counts, each entry read with atoi; warns
 * when a '#' or ';' makes that differ from the cut reading. */
int yf_key_refs(yf_ctx *c, const char *key, int **out, int *n);
/* The same for [yolo] mask=, which Darknet counts up to a '#' but not a ';'. */
int yf_key_mask(yf_ctx *c, const char *key, int **out, int *n);
/* What Darknet's atoi reads from a value. */
int64_t yf_darknet_atoi(const char *s);
int yf_key_floats(yf_ctx *c, const char *key, double **out, int *n);
/* Marks keys Darknet reads but that cannot change any figure. */
void yf_key_ignore(yf_ctx *c, const char *const *keys);
/* Fails with `code` at the key's line, or at the section line when the key
 * is absent or NULL. */
int yf_ctx_fail(yf_ctx *c, int code, const char *key, const char *fmt, ...) YF_PRINTF(4, 5);
void yf_ctx_warn(yf_ctx *c, int line, const char *fmt, ...) YF_PRINTF(3, 4);
/* A warning that depends on the input size (kind YF_WARN_SIZE or
 * YF_WARN_PRINTOUT): a size sweep reports it per size. */
void yf_ctx_warn_kind(yf_ctx *c, int kind, int line, const char *fmt, ...) YF_PRINTF(4, 5);
/* Warns on every key that no getter read (Darknet's option_unused), with
 * the closest key the section does read; starts the next section's list.
 * An unread key an edit set fails instead (an edit that changes nothing is
 * a mistake). */
int yf_ctx_unused(yf_ctx *c);
/* The edit behind a key line (< 0), or NULL for a line of the file. */
const char *yf_edit_origin(const yf_model_impl *m, int line);
/* Damerau-Levenshtein distance (an adjacent swap counts one); 99 for names
 * longer than 40 characters. */
int yf_edit_distance(const char *a, const char *b);
/* Warnings in line order (stable). */
void yf_warnings_sort(yf_model_impl *m);

/* The model under construction: layers before the current one are complete. */
yf_node *yf_ctx_node(yf_ctx *c, int index);
const yf_layer *yf_ctx_layer(yf_ctx *c, int index);

/* ---- what Darknet allocates (the kinds' darknet_mem hooks, layers/darknet.c,
 * dnmem.c): AlexeyAB Darknet 59596d78, byte for byte in the CPU build ---- */
enum { YF_DN_SIZEOF_LAYER = 2616 }; /* sizeof(struct layer), the same in a GPU build */

/* The build and mode a layer is made in (parse_network_cfg_custom's params). */
typedef struct yf_dn_ctx {
    int64_t batch;         /* net.batch: mini-batch x time_steps in training, 1 for inference */
    int64_t time_steps;    /* net.time_steps (recurrent layers hold batch/time_steps) */
    int train;             /* params.train of this layer (0 before the last stopbackward=1) */
    int adam;              /* net.adam */
    int gpu;               /* 0: CPU build (GPU=0); 1: GPU build with cuDNN */
    int cudnn_half;        /* GPU build with CUDNN_HALF on compute capability >= 7.0 */
    const yf_model_impl *model;
    const int64_t *layer_batch; /* l.batch of the layers built before this one */
} yf_dn_ctx;

enum { YF_DN_NONE = 0, YF_DN_OWN = 1, YF_DN_ALIAS = 2 }; /* l.delta after the layer is built */
enum {
    YF_DN_KEEP_SELF = 1,    /* l.keep_delta_gpu = 1 on this layer (heads, losses) */
    YF_DN_KEEP_GPU = 2,     /* ... in a GPU build only (dropout, empty) */
    YF_DN_KEEP_REFS = 4,    /* on every layer it references, if at or after the last stopbackward */
    YF_DN_KEEP_REF0 = 8,    /* on its first reference, if at or after the last stopbackward */
    YF_DN_KEEP_ANYWHERE = 16 /* the reference marks hold before the last stopbackward too */
};

/* One layer's allocations, filled by its kind's darknet_mem hook. */
typedef struct yf_dn_layer {
    int64_t host[YF_MEM_LAYER_KINDS];   /* malloc/calloc bytes */
    int64_t device[YF_MEM_LAYER_KINDS]; /* cudaMalloc bytes (GPU build) */
    int64_t pinned;          /* cudaHostAlloc bytes (GPU build) */
    int64_t n_device;        /* cudaMalloc calls */
    int64_t rounding;        /* bytes the 512-byte cudaMalloc granularity adds (estimate) */
    int64_t workspace;       /* l.workspace_size: im2col bytes per image (CPU formula) */
    int64_t batch;           /* l.batch (the caller sets x->batch) */
    int64_t inputs;          /* l.inputs (the caller sets the layer's; route: its outputs) */
    int64_t delta_gpu;       /* bytes of the layer's own l.delta_gpu (optimized_memory frees it) */
    int64_t delta_gpu_rounding;
    int64_t moved[YF_MEM_LAYER_KINDS]; /* device bytes optimized_memory >= 2 moves to pinned
                                host memory (outputs, x, activation inputs) */
    int delta, delta_gpu_kind; /* YF_DN_*: l.delta and l.delta_gpu after the build */
    unsigned keep;           /* YF_DN_KEEP_* */
} yf_dn_layer;

/* Allocation helpers for the hooks (layers/darknet.c): saturating sums. */
void yf_dn_host(yf_dn_layer *m, int kind, int64_t bytes);
/* One cudaMalloc of `bytes`. */
void yf_dn_dev(yf_dn_layer *m, int kind, int64_t bytes);
/* The layer's own l.delta_gpu (optimized_memory frees it). */
void yf_dn_dev_delta(yf_dn_layer *m, int64_t bytes);
/* A device buffer optimized_memory >= 2 moves to pinned memory. */
void yf_dn_dev_moved(yf_dn_layer *m, int kind, int64_t bytes);
void yf_dn_pinned(yf_dn_layer *m, int64_t bytes);

/* An output and a delta of `outputs` per image, whatever the mode (avgpool,
 * route, upsample, reorg, sam, scale_channels, activation; pool.c). */
void yf_dn_output_delta(const yf_dn_ctx *x, int64_t outputs, yf_dn_layer *m);

/* make_convolutional_layer's buffers (conv, antialiasing blurs, crnn and
 * conv_lstm parts). */
typedef struct yf_dn_conv {
    int64_t batch, steps;      /* l.batch and time steps (buffers of batch*steps outputs) */
    int64_t w, h, c, n, groups, size, out_w, out_h;
    int bn, binary, xnor, adam, train;
    int share;                 /* share_index: weights belong to another layer */
    const char *activation;
    int primary;               /* the layer's own conv (not a blur or a recurrent part) */
    int assisted_excitation, deform;
} yf_dn_conv;
void yf_dn_conv_add(const yf_dn_ctx *x, const yf_dn_conv *cv, yf_dn_layer *m);
/* get_workspace_size32 (CPU): bytes per image. */
int64_t yf_dn_conv_workspace(const yf_dn_conv *cv);
/* The blur after a stride-1 antialiased host (conv, maxpool): sizeof(layer)
 * plus a depthwise linear conv of `ch` channels over the host's output. */
void yf_dn_blur_add(const yf_dn_ctx *x, const yf_node *n, int64_t ch, int aa, yf_dn_layer *m);
/* make_connected_layer's buffers (connected, rnn, gru, lstm parts);
 * primary: its delta_gpu is the layer's. */
void yf_dn_connected_add(const yf_dn_ctx *x, int64_t batch, int64_t steps, int64_t inputs,
                         int64_t outputs, int bn, int primary, yf_dn_layer *m);

/* What training computes for a layer and what a PyTorch port of it keeps
 * for backward, per image (the kinds' train hook; docs/training.md). */
typedef struct yf_train_layer {
    int64_t fwd;             /* forward FLOPs (2 a MAC; BN 7, activations per yf_act_flops) */
    int64_t bwd_weights;     /* gradient w.r.t. the weights */
    int64_t bwd_input;       /* gradient w.r.t. the input: the caller drops it where the
                                previous layer has no delta (layer 0, after crop, ...) */
    int64_t bwd_other;       /* BN, activation and fixed-weight (blur) backward */
    int64_t weights;         /* values the optimizer updates */
    /* PyTorch, ultralytics/yolov3 create_modules layout: */
    int saves_inputs;        /* saves its sources' outputs (conv, maxpool, connected, ...) */
    int saves_output;        /* saves its own output (logistic, tanh, softmax) */
    int keeps_output;        /* a head: its input stays alive for the loss */
    int view;                /* passes its one source through (one-input route, empty) */
    int64_t saved_elems;     /* other activations saved, elements (dtype of activations) */
    int64_t saved_bytes;     /* saved tensors of a fixed dtype, bytes (int64 indices, masks) */
    int64_t param_tensors;   /* parameter tensors (Adam keeps a step for each) */
    int64_t bn_channels;     /* BatchNorm channels (0: no BatchNorm) */
    int64_t scratch_weights; /* weights of a weight gradient (its scratch, AMP's fp16 copy) */
} yf_train_layer;

/* Forward and backward FLOPs per element of an activation (one per
 * arithmetic operation or transcendental of Darknet's kernels). */
void yf_act_flops(const char *act, int64_t *fwd, int64_t *bwd);
/* What autograd saves for an activation: 1 its input, 2 its output, 0 none. */
int yf_act_saves(const char *act);
/* A conv, connected or local layer with `macs` MACs and `outputs` elements
 * per image, BatchNorm and an activation: fwd, bwd_*, weights (params) and
 * the PyTorch fields but bn_channels and param_tensors. */
void yf_train_affine(yf_train_layer *t, int64_t macs, int64_t outputs, int bn, const char *act,
                     int64_t params);

/* ---- dnmem.c: a whole network's allocations ---- */
typedef struct yf_dn_opts {
    int train;             /* 1: parse_network_cfg (detector train); 0: parse_network_cfg_custom
                              (cfg, 1, 1) (detector test, demo) */
    int64_t batch, subdivisions; /* training: [net] batch and subdivisions (or overrides) */
    int gpu, cudnn_half;   /* the build (yf_dn_ctx) */
    int64_t workspace;     /* GPU: cuDNN workspace bytes; < 0: the estimate (largest im2col) */
    int64_t context;       /* GPU: CUDA context and handles, bytes (an estimate) */
    int64_t *layer_workspace; /* optional out: each layer's l.workspace_size, bytes */
    int optimizer;         /* 0: the cfg's adam=; 1: SGD (adam=0); 2: Adam (adam=1) */
} yf_dn_opts;

typedef struct yf_dn_result {
    int64_t net_batch;     /* net.batch: mini-batch x time_steps, clamped as Darknet does */
    int64_t time_steps;
    int64_t host[YF_MEM_COUNT];   /* malloc/calloc bytes by kind (layers and network) */
    int64_t device[YF_MEM_COUNT]; /* GPU build: device bytes by kind, estimates included */
    int64_t host_bytes, device_bytes, pinned_bytes;
    int64_t device_exact;  /* device bytes as requested, without the estimated terms */
    int64_t n_device;      /* cudaMalloc calls */
    int64_t workspace_size; /* the largest l.workspace_size */
    int sigfpe;            /* no layer reads an image wider and taller than 1: Darknet divides by
                              zero (parser.c:1751) before it allocates the workspace */
} yf_dn_result;

/* What Darknet allocates for the whole network in the build and mode o
 * asks for; per_layer (n_layers entries, or NULL) gets each layer's bytes
 * (host in a CPU build, device in a GPU build) and delta (or NULL) whether
 * the layer has l.delta. Fails only out of memory. */
int yf_darknet_mem(const yf_model *m, const yf_dn_opts *o, yf_dn_result *r, int64_t *per_layer,
                   char *delta, yf_error *err);

/* Fills yf_layer.darknet_cpu_bytes and yf_totals.darknet_cpu_bytes: the
 * CPU build loading the cfg for inference (batch 1). */
int yf_darknet_inference(yf_model_impl *m, yf_error *err);

/* ---- layers/registry.c ---- */
typedef struct yf_kind {
    const char *name;                   /* canonical type name */
    const char *const *sections;        /* section names that select it */
    unsigned flags;                     /* YF_LAYER_* it always has */
    yf_op op;                           /* what it computes at inference (YF_OP_OTHER if unset) */
    size_t priv_size;
    /* Reads the section's keys into n->priv and n->l->attr; no shapes yet. */
    int (*parse)(yf_ctx *c, yf_node *n);
    /* Given l->in (previous output) and resolved refs, sets l->out,
     * l->outputs, n->next*; fails on impossible shapes. */
    int (*infer)(yf_ctx *c, yf_node *n);
    /* Sets params, params_fused, buffers, weights_file_floats, macs,
     * macs_fused, bflops and head info from shapes. */
    int (*cost)(yf_ctx *c, yf_node *n);
    /* Fills l->desc. */
    void (*describe)(yf_node *n);
    /* Adds what Darknet's make_*_layer allocates for this layer in the build
     * and mode of x (mirrors the kind's Darknet source); NULL: nothing. */
    void (*darknet_mem)(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m);
    /* Fills what training computes and keeps for this layer; NULL: nothing. */
    void (*train)(const yf_node *n, yf_train_layer *t);
} yf_kind;

const yf_kind *yf_kind_find(const char *section_name);
/* The section name closest to a misspelt one (case or up to two edits), or NULL. */
const char *yf_kind_suggest(const char *section_name);
/* Every section name, one after another, for "did you mean" searches. */
int yf_kind_count(void);
const yf_kind *yf_kind_at(int i);

/* Helpers shared by kinds (layers/common.c). */
int yf_ref_resolve(yf_ctx *c, const yf_layer *l, const char *key, int64_t raw, int *out);
/* Resolves a list of references into n->refs (the layers it reads). */
int yf_refs_resolve(yf_ctx *c, yf_node *n, const char *key, const int *raw, int count);
int yf_shape_check(yf_ctx *c, const yf_layer *l, const char *what);
int yf_count_check(yf_ctx *c, int64_t v, const char *what);
/* A window (kernel or pool) of `size` over a w x h input (padding
 * included) with strides sx, sy. Darknet's (w - size)/stride + 1 truncates
 * toward zero: a window larger than the input still gives 1 when the
 * overhang is smaller than the stride (a warning), else 0 or less (an
 * error: Darknet builds a 0x0 or negative output). `what` names the input. */
int yf_window_fits(yf_ctx *c, const char *key, int64_t size, int64_t w, int64_t h, int64_t sx,
                   int64_t sy, const char *what);
/* "the nearest valid inputs for stride 32 are 1280x704 and 1280x736" for
 * the network input and a stride (whole numbers), or "". */
void yf_stride_hint(const yf_ctx *c, double sx, double sy, char *buf, size_t n);
/* Darknet's conv output size: (x + 2*pad - size)/stride + 1. */
int64_t yf_conv_out(int64_t x, int64_t pad, int64_t size, int64_t stride);
/* A Darknet conv's figures for reuse by conv, crnn, conv_lstm. */
typedef struct yf_convfig {
    int64_t nweights, out_elems, params, params_fused, buffers, floats, macs, macs_fused;
    int64_t qweights, qchannels;   /* what a quantizer converts: kernel elements, channels */
    double bflops;
    yf_ptflops pt[2];
} yf_convfig;
/* act: the activation after it (ptflops counts some as modules). */
void yf_conv_figures(int64_t c, int64_t n, int64_t groups, int64_t size, int64_t out_w,
                     int64_t out_h, int bn, const char *act, yf_convfig *f);
/* A Darknet connected layer's figures (connected, rnn, gru, lstm). */
void yf_connected_figures(int64_t inputs, int64_t outputs, int bn, const char *act,
                          yf_convfig *f);
void yf_layer_add(yf_layer *l, const yf_convfig *f);
/* ptflops terms added to both variants (as built and fused). */
void yf_pt_add(yf_layer *l, int64_t hook, int64_t func, int64_t aten);
/* ptflops terms of an activation module on n elements. */
void yf_pt_act(yf_layer *l, const char *act, int64_t n);
/* Validates activation= (default def) into l->attr.activation; warns and
 * returns relu's name on a typo, as Darknet does. */
void yf_activation(yf_ctx *c, yf_layer *l, const char *def);
/* Fails when a figure saturated (overflow). */
int yf_check_figures(yf_ctx *c, const yf_layer *l);
/* antialiasing= as conv and maxpool read it: 2 the 2x2 blur, any other
 * non-zero value the 3x3 (warned when not 0, 1 or 2). */
int yf_antialiasing(yf_ctx *c, int64_t *aa);
/* Antialiasing's hidden depthwise blur after a stride-1 host (conv,
 * maxpool): sets n->next*, n->extra_elems and the blur's thop MACs. */
int yf_blur(yf_ctx *c, yf_node *n, int64_t aa, int64_t sx, int64_t sy, int64_t *macs);
/* Trivial kind callbacks. */
int yf_parse_none(yf_ctx *c, yf_node *n);
int yf_cost_none(yf_ctx *c, yf_node *n);
/* Cost of an elementwise layer: only its activation module (ptflops). */
int yf_cost_activation(yf_ctx *c, yf_node *n);
void yf_describe_none(yf_node *n);
/* Reads the single 'from=' reference into n->refs[0]. */
int yf_from_ref(yf_ctx *c, yf_node *n);
/* In/out shape passed through unchanged. */
void yf_same_shape(yf_layer *l);
/* Writes "a,b,c" of the node's references into l->desc. */
void yf_describe_refs(yf_node *n);

/* ---- edit.c: what-if edits on the lexed cfg ---- */
/* [net] or [network]. */
int yf_is_net(const char *section_name);
/* Applies opt->edits to cfg (keys replaced or added in scratch), recording
 * yf_change entries in the model; an edited key's line becomes
 * -(1 + its change), so messages about it name the edit. */
int yf_edits_apply(yf_arena *scratch, yf_model_impl *m, yf_cfg *cfg, const yf_options *opt,
                   yf_error *err);
/* Writes the edited cfg (from the original bytes) into m->pub.cfg_text. */
int yf_edits_text(yf_model_impl *m, yf_arena *scratch, const char *buf, size_t len,
                  const yf_cfg *cfg, yf_error *err);
/* After building: counts changes per layer, sorts them by layer. */
void yf_edits_finish(yf_model_impl *m);

/* ---- precision.c ---- */
/* Each layer's weight and activation bits (--keep-fp16) and model_bytes;
 * the model's precisions. After costs, before memory. */
void yf_precision_apply(yf_model_impl *m, const yf_options *opt);
/* Bytes of n elements of `bits` bits, rounded up (saturating). */
int64_t yf_bits_bytes(int64_t n, int bits);

/* ---- model.c ---- */
/* Opens a file for reading without blocking (a FIFO without a writer would
 * block forever) and refuses what is not a regular file: a descriptor, or
 * -1 with YF_ERR_IO in err. */
int yf_open_input(const char *path, yf_error *err);

/* Darknet's `int` product p of a BFLOPs formula (it wraps mod 2^32), over
 * 1e9 and times `twice` + 1, as the float it stores: sets n->dn_* and
 * returns the value. `expr` is the C expression named in the warning. */
double yf_darknet_int_bflops(yf_node *n, const int64_t *factors, int k, int twice,
                             const char *expr);

/* ---- memory.c ---- */
int yf_memory(yf_model_impl *m, yf_error *err);

#endif
