/*
 * yoloflops: what a Darknet .cfg network costs (parameters, FLOPs, memory).
 *
 * Rooms, in the order data flows (each uses only the ones before it):
 *   core      yf_model_load_*: cfg text -> layers -> shapes -> costs -> memory
 *   figures   yf_figure_*: one registry of every figure (name, unit,
 *             convention, per-layer and total value) over a yf_profile;
 *             budgets (yf_limit/yf_check) and diffs (yf_diff) compare figures
 *   analyses  yf_weights_check: results computed from a const model
 *   render    yf_render_*: one renderer per output format, written through a
 *             yf_writer as it is produced
 *
 * Ownership: yf_model_load_buffer() and yf_model_load_file() return a model
 * that owns everything reachable from it (file bytes, strings, layers,
 * warnings) in one arena; yf_model_free() releases all of it at once.
 * Every pointer the library hands out is borrowed from the model and stays
 * valid until then. The caller owns yf_error, yf_options, yf_profile and
 * yf_writer (plain structs, usually on the stack).
 *
 * Failure: every fallible function returns YF_OK (0) or a yf_status code and
 * fills the caller's yf_error, which is always last in the argument list.
 * Out of memory is always YF_ERR_NOMEM, never a crash: every allocation goes
 * through the allocator of yf_options (malloc/free by default).
 * The library never prints, never exits, never reads the environment and
 * keeps no global mutable state.
 *
 * Units: counts are int64_t elements, operations or bytes as named
 * (params, macs, bytes, n_boxes); bflops is a double in units of 1e9, exactly
 * as Darknet computes it. Conventions are documented in docs/formulas.md.
 */
#ifndef YOLOFLOPS_H
#define YOLOFLOPS_H

#include <stddef.h>
#include <stdint.h>

#include "yoloflops_version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What failed. The command-line tool maps these to exit codes. */
typedef enum yf_status {
    YF_OK = 0,
    YF_ERR_NOMEM,  /* out of memory */
    YF_ERR_IO,     /* a file could not be opened or read, or output not written */
    YF_ERR_LIMIT,  /* an input exceeds a cap of docs/reliability.md (size, layers, keys) */
    YF_ERR_SYNTAX, /* the text is not [section] and key=value lines (or not JSON) */
    YF_ERR_VALUE,  /* a value is malformed, unknown or out of range */
    YF_ERR_GRAPH,  /* a layer reference points nowhere valid, or sections are misplaced */
    YF_ERR_SHAPE   /* shapes do not fit, shrink to nothing or overflow 64-bit figures */
} yf_status;

/* "no memory", "i/o", ... */
const char *yf_status_name(int status);

/* What went wrong, precisely enough for a compiler-style message. */
typedef struct yf_error {
    int code;            /* yf_status; 0 when nothing failed */
    char file[256];      /* display name of the input, "" if none */
    int line;            /* 1-based line in the cfg, 0 if none */
    int layer;           /* Darknet layer index, -1 if none */
    char section[40];    /* section name without brackets, "" if none */
    char message[512];   /* lowercase, no trailing period */
    char origin[160];    /* the edit it is about ("--set 12.filters=0"), "" if none */
} yf_error;

/* "file:line: error: [section] #layer: message" (parts present only when set;
 * an error about an edit reads "file: --set 12.filters=0: error: ...").
 * Every part is passed through the same sanitizer: no control characters. */
void yf_error_format(const yf_error *err, char *buf, size_t n);
/* The sanitizer itself, in place: control characters (C0, DEL, C1) and
 * invalid UTF-8 become '?', so no text can drive the terminal. */
void yf_sanitize(char *s);
void yf_error_clear(yf_error *err);

/* Caps on untrusted input; see docs/reliability.md. */
#define YF_MAX_FILE_BYTES (1024 * 1024) /* the largest Darknet cfg is ~30 KB */
#define YF_MAX_LAYERS 4096                 /* the largest Darknet cfg has ~500 */
#define YF_MAX_KEYS 65536                  /* key=value lines in a file */
#define YF_MAX_SECTION_KEYS 1000           /* key=value lines in one section */
#define YF_MAX_DIM 1048576   /* width, height, channels, filters, batch */
#define YF_MAX_LIST 4096     /* entries in mask=, anchors=, layers=, from= */

/* Where the library gets memory. malloc returns NULL when it cannot; the
 * library then fails with YF_ERR_NOMEM and frees what it took. */
typedef struct yf_allocator {
    void *(*malloc)(void *ctx, size_t n);
    void (*free)(void *ctx, void *p);
    void *ctx;
} yf_allocator;

/* An edit of the cfg, "TARGET.KEY=VALUE", applied after reading the text
 * and before building, as if the file said so. TARGET is "net" ([net]), a
 * layer index (negative counts from the end: -1 is the last layer) or a
 * section name ("yolo": every section of that kind). Spaces are removed as
 * Darknet removes them from cfg lines. `origin` names the edit in messages
 * ("--set 12.filters=64", "--classes 20"); NULL uses the text. Edits apply
 * in order (a later edit of the same key wins); a key the section lacks is
 * added, and must be one the section reads. */
typedef struct yf_edit {
    const char *text;
    const char *origin;
} yf_edit;

/* Checks an edit's syntax (not its target, which needs the cfg): YF_OK, or
 * YF_ERR_VALUE with a message. */
int yf_edit_check(const char *text, yf_error *err);

/* Number formats for inference, of weights and of activations. */
typedef enum yf_precision {
    YF_PREC_FP32, /* the default */
    YF_PREC_FP16,
    YF_PREC_BF16,
    YF_PREC_INT8,
    YF_PREC_INT4
} yf_precision;
#define YF_PREC_COUNT 5

/* "fp32", ...; NULL for another value. */
const char *yf_precision_label(int precision);
/* The precision named, or -1. */
int yf_precision_find(const char *name);
/* 32, 16, 16, 8, 4 (32 for another value) */
int yf_precision_bits(int precision);

/* Layers kept at fp16 when weights or activations are integers. */
enum { YF_KEEP_FIRST = 1, /* the first convolution (it sees raw pixels) */
       YF_KEEP_HEADS = 2  /* the convolutions feeding detection heads */ };

/* Overrides applied on top of the cfg's [net] section; 0 = keep the cfg's. */
struct yf_warning;

typedef struct yf_options {
    int64_t width, height, channels, batch;
    int bytes_per_element;     /* 4 fp32 (default when 0), 2 fp16, 1 int8 */
    const yf_allocator *alloc; /* NULL: malloc and free */
    const yf_edit *edits;      /* applied in order before building (borrowed) */
    int n_edits;
    int keep_cfg;              /* keep the (edited) cfg text in yf_model.cfg_text */
    yf_precision weights_precision;     /* model_bytes and weights_bytes */
    yf_precision activations_precision; /* activation memory; when fp32 and bytes_per_element
                                           is 2 or 1 (the older way): fp16 or int8 */
    int quant_per_tensor;      /* integer weights: one scale per tensor, not per output channel */
    int quant_asymmetric;      /* integer weights: a zero-point with every scale */
    unsigned keep_fp16;        /* YF_KEEP_*: layers kept at fp16 among integer ones */
    int no_reload;             /* the model will not be loaded again (yf_model_load_resized,
                                  yf_model_load_batch fail): it keeps no copy of the cfg text,
                                  about the cfg's size less memory (a diff holds two models) */
    /* When loading fails, the warnings found before the failure (an unknown
     * key that explains the error) would go with the model: each is handed
     * here first, sorted by line, with the cfg's display name. NULL: dropped. */
    void (*on_lost_warning)(void *ctx, const char *file, const struct yf_warning *w);
    void *lost_warning_ctx;
} yf_options;

typedef struct yf_shape {
    int64_t w, h, c;
} yf_shape;

/* A detection head (yolo, Gaussian_yolo, region, detection). */
typedef struct yf_head {
    int64_t grid_w, grid_h;
    int64_t n_anchors;      /* anchors this head predicts per cell */
    int64_t classes;
    int64_t per_anchor;     /* channels per anchor (classes + 5 for yolo); 0 for detection */
    int64_t n_boxes;        /* grid_w * grid_h * n_anchors: candidates to NMS */
    const double *anchors;  /* 2 * n_anchors values (w,h pairs), or NULL */
    int64_t per_class;      /* how much the feeding layer's filters (yolo, region: n_anchors)
                               or outputs (detection: side^2) grow per class */
    double random;          /* random= (float): training resizes the network (detector.c) */
    int64_t max_boxes;      /* max= (default 200): truths per image in training */
    double scale_x_y;       /* [yolo] scale_x_y (1 when absent or not a yolo head) */
} yf_head;

/* What a layer kind is, declared by its registry row (yf_layer.flags). */
enum {
    YF_LAYER_HEAD = 1 << 0,      /* a detection head: yf_layer.head is set */
    YF_LAYER_YOLO = 1 << 1,      /* a [yolo] head, what [contrastive] attaches to */
    YF_LAYER_CONV = 1 << 2,      /* a Darknet convolution: attr holds its parameters */
    YF_LAYER_ALIAS = 1 << 3,     /* its output is the previous layer's buffer (dropout) */
    YF_LAYER_NO_PREV = 1 << 4,   /* does not read the previous layer's output */
    YF_LAYER_RANDOM = 1 << 5     /* its random= drives `detector train`'s resizing (yolo,
                                    Gaussian_yolo, region: detector.c picks the last one) */
};

/* What a layer computes at inference, as cost models see it (yf_layer.op);
 * declared by the kind's registry row, so no one compares type names. */
typedef enum yf_op {
    YF_OP_OTHER = 0,  /* anything else: one element-wise pass over its output */
    YF_OP_CONV,       /* a convolution (flags has YF_LAYER_CONV) */
    YF_OP_CONNECTED,  /* a fully connected layer (one matrix product) */
    YF_OP_MAXPOOL,    /* a pooling window slid over the input (maxpool, local_avgpool) */
    YF_OP_AVGPOOL,    /* global average pooling */
    YF_OP_UPSAMPLE,
    YF_OP_ROUTE,      /* concatenates its sources (or takes a channel slice) */
    YF_OP_SHORTCUT,   /* sums its sources element by element */
    YF_OP_SCALE,      /* multiplies by another layer's output (scale_channels, sam) */
    YF_OP_REORG,      /* moves data: reorg, reorg3d */
    YF_OP_SOFTMAX,
    YF_OP_NONE,       /* nothing at inference: dropout, cost, empty, crop */
    YF_OP_HEAD        /* a detection head (flags has YF_LAYER_HEAD) */
} yf_op;

/* The hyper-parameters a section sets, as Darknet parses them; 0 (NULL for
 * activation) when the kind has no such key. */
typedef struct yf_attrs {
    int64_t filters;            /* conv-like: output channels */
    int64_t size;               /* kernel or window size */
    int64_t stride_x, stride_y;
    int64_t padding;            /* per side for convs, total for pools (Darknet) */
    int64_t groups;
    int batch_normalize;
    const char *activation;     /* "leaky", "mish", ...; NULL if none */
    const char *filters_key;    /* the key that sets `filters` ("filters", "output"), or NULL */
} yf_attrs;

/* What ptflops 0.7.6 (flops-counter.pytorch, mmcv's get_flops) counts for
 * a layer built in PyTorch: MACs its module hooks add, MACs its patched
 * functionals add, and what its aten backend counts. Its backends are
 * pytorch = hook + func, pytorch_no_functional = hook, aten = aten. */
typedef struct yf_ptflops {
    int64_t hook, func, aten;
} yf_ptflops;

typedef enum yf_ptflops_backend {
    YF_PTFLOPS_PYTORCH,        /* ptflops' default: module hooks and functionals */
    YF_PTFLOPS_NO_FUNCTIONAL,  /* backend_specific_config={'count_functional': False} */
    YF_PTFLOPS_ATEN            /* backend='aten': convolutions and matrix products */
} yf_ptflops_backend;

/* "pytorch", "pytorch_no_functional", "aten"; -1 for another name. */
const char *yf_ptflops_backend_name(int backend);
int yf_ptflops_backend_find(const char *name);

typedef struct yf_layer {
    int index;             /* Darknet's, 0-based, [net] excluded */
    int line;              /* line of the section header */
    const char *type;      /* canonical kind name, e.g. "convolutional" */
    unsigned flags;        /* YF_LAYER_* */
    yf_op op;              /* what it computes at inference */
    char desc[48];         /* short parameters: "32 3x3/2", "-1,36", ... */
    yf_attrs attr;
    yf_shape in;           /* what it reads: the previous output (a route: the concatenation) */
    yf_shape out;          /* Darknet's out_w/h/c */
    int64_t inputs;        /* elements it reads: the sum of its sources' outputs */
    int64_t outputs;       /* Darknet's l.outputs */
    /* The layers whose outputs this layer reads, in order: the previous
     * layer unless YF_LAYER_NO_PREV, then route/shortcut/sam/... references;
     * -1 is the network input. The one graph accessor. */
    int n_sources;
    const int *sources;
    int64_t params, params_fused, buffers, weights_file_floats;
    int64_t macs, macs_fused;      /* thop (ultralytics-thop 2.1.6), x batch */
    double bflops;                 /* Darknet's l.bflops, per image */
    yf_ptflops ptflops[2];         /* [0] as built, [1] BatchNorm folded; x batch */
    int64_t output_bytes;          /* outputs * batch * bytes per element */
    int64_t live_bytes;            /* activation bytes alive while it runs (peak_activation_bytes
                                      is the largest), buffers freed after their last reader */
    int live_until;                /* its output buffer (an alias's: its owner's) is alive from
                                      this layer to layer live_until, freed after its last
                                      reader; heads and the last layer keep theirs to the end */
    double stride_x, stride_y;     /* cumulative stride from the network input along its first
                                      source (32 for a 13x13 grid of a 416 input; 0.5 after an
                                      upsample of the input) */
    yf_head head;                  /* set when flags has YF_LAYER_HEAD */
    int changed;                   /* keys of its section that edits changed */
    int weight_bits, activation_bits; /* the precision it runs at (--keep-fp16 may raise it) */
    /* Weights a quantizer converts (conv and connected kernels, BN folded):
     * elements, their output channels and tensors; the rest of params_fused
     * (biases, standalone BN, implicit, shortcut weights) stays wider. */
    int64_t quant_weights, quant_channels, quant_tensors;
    int64_t model_bytes;           /* its deployed weights: see yf_totals.model_bytes */
    int64_t stopbackward;          /* stopbackward=: 1 freezes this layer and every earlier one
                                      in training (backward stops here) */
    int onlyforward;               /* onlyforward=1: no backward for this layer */
    /* What AlexeyAB Darknet's CPU build allocates for this layer when it
     * loads the cfg for inference (parse_network_cfg_custom(cfg, 1, 1):
     * batch 1), bytes, exact. */
    int64_t darknet_cpu_bytes;
    /* Its l.workspace_size (Darknet's CPU build allocates the largest one,
     * counted in the total), bytes; 0 when Darknet allocates no workspace. */
    int64_t darknet_workspace_bytes;
    /* Where Darknet computes this layer's BFLOPs from a C int product
     * (maxpool, shortcut, conv_lstm): that product's exact value, which
     * Darknet's int wraps beyond 2^31 - 1 (bflops_darknet), and the factor
     * Darknet then applies (1, or 2 for a weighted shortcut); else 0 and 0. */
    int64_t darknet_int_product;
    int darknet_int_scale;
} yf_layer;

typedef struct yf_totals {
    int64_t params, params_fused, buffers, weights_file_floats, weights_file_bytes;
    double bflops;         /* the exact sum of Darknet's per-layer BFLOPs */
    double bflops_darknet; /* Darknet's printed Total BFLOPS: a float sum, overflowed layers out */
    int64_t macs, macs_fused;
    double gflops, gflops_fused;
    yf_ptflops ptflops[2];
    int64_t weights_bytes, activation_bytes, peak_activation_bytes, n_boxes;
    /* Inference weights as deployed: BatchNorm folded; quant_weights at the
     * weights precision (int4 two to a byte), the other parameters at 4
     * bytes (int32 biases) for integer weights or at the weights precision;
     * for integer weights an fp32 scale (and a zero-point byte when
     * asymmetric) per output channel or per tensor; kept layers fp16. */
    int64_t model_bytes;
    /* Bytes Darknet's CPU build allocates to load the cfg for inference
     * (batch 1): the layers, the network block and the im2col workspace. */
    int64_t darknet_cpu_bytes;
} yf_totals;

/* What a warning depends on (yf_warning.kind). */
enum {
    YF_WARN_CFG = 0,     /* the cfg: the same at every input size */
    YF_WARN_SIZE = 1,    /* the input size: a stride that truncates a grid, a window that overhangs */
    YF_WARN_PRINTOUT = 2, /* only what Darknet prints differs (its Total BFLOPS, a layer's
                            overflowed BFLOPs): the figures stand; a note, not a warning */
    YF_WARN_DARKNET = 3, /* Darknet cannot build the network at this input size (an output its
                            int cannot hold): the figures stand (a 64-bit runtime's), a warning */
    YF_WARN_NOTE = 4     /* context for a message (the edits an error follows): a note */
};
/* Kinds of memory the training analysis and the Darknet figures break
 * totals into (yf_mem_name gives the JSON key). The first YF_MEM_LAYER_KINDS
 * are buffers a Darknet layer allocates; then Darknet's network-level
 * buffers; then PyTorch's terms. */
typedef enum yf_mem_kind {
    YF_MEM_WEIGHTS,          /* weights, biases, BN scales and rolling statistics */
    YF_MEM_UPDATES,          /* weight, bias and scale updates (the gradients) */
    YF_MEM_EMA,              /* EMA copies of weights, biases and scales */
    YF_MEM_BN_TRAIN,         /* BN batch mean and variance and their deltas */
    YF_MEM_OUTPUTS,          /* layer outputs */
    YF_MEM_DELTAS,           /* layer deltas (gradients of the outputs) */
    YF_MEM_BN_X,             /* BN x and x_norm */
    YF_MEM_ACTIVATION_INPUT, /* the pre-activation copy of swish, mish, hard_mish */
    YF_MEM_ADAM,             /* Adam's m and v */
    YF_MEM_INDEXES,          /* maxpool argmax indexes */
    YF_MEM_HEAD,             /* heads: labels, class ids, biases, mask, cost */
    YF_MEM_STATE,            /* recurrent state, gates and cells */
    YF_MEM_BINARY,           /* binary and xnor weights and packed inputs */
    YF_MEM_FP16,             /* GPU CUDNN_HALF: fp16 weight copies and input/output buffers */
    YF_MEM_STRUCTS,          /* nested struct layer (antialiasing blur, recurrent parts) */
    YF_MEM_ARRAYS,           /* route/shortcut index and size arrays */
    YF_MEM_OTHER,            /* dropout masks, LRN norms, local's column buffer, ... */
    YF_MEM_LAYER_KINDS,
    YF_MEM_NET = YF_MEM_LAYER_KINDS, /* the layers array, network scalars, schedule arrays */
    YF_MEM_WORKSPACE,        /* im2col workspace (CPU), exact */
    YF_MEM_FROZEN_DELTAS,    /* deltas stopbackward keeps for frozen layers */
    YF_MEM_SHARED_DELTAS,    /* GPU optimized_memory: the two shared delta buffers */
    YF_MEM_INPUT,            /* the input (and truth) batch buffers */
    YF_MEM_CUDNN_WORKSPACE,  /* GPU: cuDNN workspace, an estimate */
    YF_MEM_CONTEXT,          /* GPU: CUDA context, cuDNN and cuBLAS handles, an estimate */
    YF_MEM_ROUNDING,         /* GPU: cudaMalloc granularity (512 B), an estimate */
    YF_MEM_DATA_LOADER,      /* detector train's image buffers, an estimate */
    YF_MEM_BN_BUFFERS,       /* PyTorch: BN running mean/var and num_batches_tracked */
    YF_MEM_GRADIENTS,        /* PyTorch: .grad of every parameter */
    YF_MEM_OPTIMIZER_STATE,  /* PyTorch: momentum buffers, Adam exp_avg and exp_avg_sq */
    YF_MEM_SAVED,            /* PyTorch: activations saved for backward */
    YF_MEM_TRANSIENT,        /* PyTorch: backward's gradients and weight-gradient scratch */
    YF_MEM_COUNT
} yf_mem_kind;

/* "weights", "outputs", "cudnn_workspace", ... ; NULL out of range. */
const char *yf_mem_name(int kind);

/* What the cfg says about training, read as Darknet's parse_net_options
 * and parse_network_cfg_custom read it (raw values; the training analysis
 * applies Darknet's clamps). */
typedef struct yf_train_cfg {
    int64_t batch;            /* [net] batch=: images per iteration (default 1) */
    int64_t subdivisions;     /* [net] subdivisions= (default 1, > 0): mini-batches per iteration */
    int64_t time_steps;       /* [net] time_steps= as written (default 1) */
    int64_t max_batches;      /* [net] max_batches=: iterations of the run (default 0) */
    int adam;                 /* [net] adam=1: Adam buffers, allocated even for inference */
    int64_t optimized_memory; /* [net] optimized_memory= (changes only the GPU build) */
    double resize_step;       /* [net] resize_step= (a float, default 32) */
    const char *policy;       /* learning-rate policy as Darknet uses it (unknown: "constant") */
    int n_steps;              /* entries of steps= Darknet allocates (policy steps or sgdr) */
    int last_stop_backward;   /* the last layer with stopbackward=1, -1 if none */
    int random_layer;         /* the layer whose random= `detector train` reads: the last
                                 YF_LAYER_RANDOM layer, else the last layer */
    double random;            /* its random= (0: no resizing) */
} yf_train_cfg;

typedef struct yf_warning {
    int line;            /* 0 when it is about an edit's value */
    const char *message; /* "[section] #i: ..." without file or "warning:" */
    const char *origin;  /* the edit it is about, or NULL */
    int kind;            /* YF_WARN_* */
} yf_warning;

/* A key of the cfg that edits changed (the last edit of it is named). */
typedef struct yf_change {
    int layer;            /* -1 for [net] */
    int line;             /* the key's line in the cfg; 0 when an edit added the key */
    const char *section;  /* section name */
    const char *key;
    const char *before;   /* the cfg's value; NULL when the key was absent */
    const char *after;
    const char *origin;
} yf_change;

/* "warning", or "note" for a YF_WARN_PRINTOUT (only Darknet's printout differs;
 * the figures stand, and --strict does not fail on it). */
const char *yf_warning_severity(const yf_warning *w);
/* "file:line: warning: message" ("file: --set ...: warning: message" for an
 * edit; "note:" for a note), through the same sanitizer as errors. */
void yf_warning_format(const char *file, const yf_warning *w, char *buf, size_t n);

typedef struct yf_model {
    const char *name;     /* display name given to the loader */
    yf_shape input;       /* after overrides */
    int64_t batch;
    int bytes_per_element;      /* activations: 4, 2, 1 (int4: 1; activation_bits is exact) */
    yf_precision weights_precision, activations_precision;
    int quant_per_tensor, quant_asymmetric;
    unsigned keep_fp16;
    int n_layers;
    const yf_layer *layers;
    yf_totals totals;
    yf_train_cfg train;
    int n_warnings;
    const yf_warning *warnings; /* sorted by line */
    int n_changes;              /* keys edits changed (yf_options.edits), in cfg order */
    const yf_change *changes;
    const char *cfg_text;       /* with yf_options.keep_cfg: the cfg with the edits written */
    size_t cfg_len;             /* in (comments and layout kept), else NULL and 0 */
} yf_model;

/* Fills the totals derived from others (gflops from macs, weights file
 * bytes from floats, weights bytes), as loading does: for callers that
 * compute totals themselves (a size sweep). */
void yf_totals_derive(yf_totals *t, int weight_bits);

/* Parse, resolve, infer shapes and compute costs. `buf` need not be
 * NUL-terminated and is copied. `name` is used in messages. `opt` may be
 * NULL. Returns NULL and fills err on failure. */
yf_model *yf_model_load_buffer(const char *buf, size_t len, const char *name,
                               const yf_options *opt, yf_error *err);

/* Reads `path` (at most YF_MAX_FILE_BYTES; "-" is standard input, shown as
 * "<stdin>") and calls yf_model_load_buffer. */
yf_model *yf_model_load_file(const char *path, const yf_options *opt, yf_error *err);

/* Reads a cfg as yf_model_load_file does (the same checks and messages)
 * into *buf (free it with alloc's free, or free() when alloc is NULL), for
 * callers that load the same text more than once. */
int yf_file_read(const char *path, const yf_allocator *alloc, char **buf, size_t *len,
                 yf_error *err);
/* The same cfg loaded again at another input size, with the options m was
 * loaded with otherwise (the size Darknet trains at, yf_training_size).
 * A new model: free it with yf_model_free. */
yf_model *yf_model_load_resized(const yf_model *m, int64_t width, int64_t height,
                                yf_error *err);
/* The same cfg loaded again with another batch (images per forward pass),
 * at m's size: the training mini-batch a latency estimate times. */
yf_model *yf_model_load_batch(const yf_model *m, int64_t batch, yf_error *err);

void yf_model_free(yf_model *m);

/* The one number grammar of cfg values and options: an optional sign,
 * decimal digits, and for reals an optional fraction and exponent; no
 * spaces, no hex, no "inf" or "nan". Returns a pointer just past the
 * number, or NULL when s does not start with one. *range is set (and *out
 * clamped) when the number does not fit an int64 or a finite double. */
const char *yf_scan_integer(const char *s, int64_t *out, int *range);
const char *yf_scan_real(const char *s, double *out, int *range);

/* ==== figures ==== */

/* A value: absent (the figure does not apply), an exact integer, or a real. */
typedef struct yf_value {
    enum { YF_NONE, YF_INT, YF_REAL } kind;
    int64_t i;
    double d;
} yf_value;

double yf_value_real(yf_value v);

/* What the budget checks and renderers know of one cfg: the model and the
 * results of analyses run on it (borrowed; NULL when not run). */
typedef struct yf_check yf_check;
typedef struct yf_training yf_training;
typedef struct yf_latency yf_latency;
typedef struct yf_groups yf_groups;
typedef struct yf_profile {
    const yf_model *model;
    const yf_training *training; /* --train: training compute and memory (NULL: not run) */
    const yf_check *checks;  /* budgets evaluated on it */
    int n_checks;
    const int *order;        /* layers to show, in this order (NULL: all, in index order) */
    int n_order;
    yf_ptflops_backend ptflops_backend;
    const yf_latency *latency;        /* the first device's time estimate, or NULL; the
                                         figures that need a device read it */
    const yf_latency *const *devices; /* every device's estimate ([0] is latency) */
    int n_devices;
    const yf_groups *stages;          /* layers by stage (a latency's time per stage), or NULL */
    const yf_groups *by;              /* --by: groups that text formats show instead of the
                                         layers (JSON adds them), or NULL */
} yf_profile;

/* How a figure is shown: an exact count (grouped in tables), bytes (KiB, MiB
 * in tables), a figure in units of 1e9 (3 decimals), a percentage, FLOPs, a real
 * figure in its own unit. */
typedef enum yf_show {
    YF_SHOW_COUNT,
    YF_SHOW_BYTES,
    YF_SHOW_GIGA,
    YF_SHOW_PERCENT,
    YF_SHOW_FLOPS /* a count of FLOPs, shown with an SI prefix ("24.86 TFLOP") */,
    YF_SHOW_REAL /* a real figure in its own unit (ms, FPS, FLOP/byte), 3 decimals */
} yf_show;

enum {
    YF_FIG_LAYER = 1 << 0,      /* has a value per layer */
    YF_FIG_TOTAL = 1 << 1,      /* has a total */
    YF_FIG_BUDGET_MAX = 1 << 2, /* --max-<budget> and "max_<budget>" limit it */
    YF_FIG_SHARE = 1 << 3,      /* a share of a total: moves when other layers change, so a
                                   diff does not compare it */
    YF_FIG_PER_BATCH = 1 << 4,  /* counts the whole batch (--batch scales it) */
    YF_FIG_PER_IMAGE = 1 << 5,  /* counts one image whatever the batch (Darknet's BFLOPs) */
    YF_FIG_TRAINING = 1 << 6,   /* computed by the training analysis (--train) only */
    YF_FIG_DEVICE = 1 << 7,     /* needs a device (--device): absent, and left out of every
                                   format, without a latency estimate */
    YF_FIG_BUDGET_MIN = 1 << 8, /* --min-<budget> and "min_<budget>" limit it from below */
    YF_FIG_RATIO = 1 << 9,      /* a ratio: summing it over layers means nothing */
    YF_FIG_BYTES = 1 << 10      /* counts bytes (every YF_SHOW_BYTES figure, and the .weights
                                   size): only its quantities take binary suffixes and 'B' */
};

typedef struct yf_figure_info {
    const char *name;        /* JSON key: "params", "gflops", ... */
    const char *column;      /* column header: "params", "GFLOPs" */
    const char *budget;      /* budget name: "--max-<budget>", NULL if none */
    const char *convention;  /* what it counts, in a sentence */
    yf_show show;
    unsigned flags;          /* YF_FIG_* */
    double unit;             /* a budget "70" means 70 x unit of the raw count (1e9 for GFLOPs) */
    const char *group;       /* the table footer line it appears on, NULL if none */
    const char *label;       /* the words after its value there */
} yf_figure_info;

typedef int yf_figure; /* an index into the registry, 0 .. yf_figure_count() - 1 */

int yf_figure_count(void);
const yf_figure_info *yf_figure_get(yf_figure f);
/* Accepts a figure's name, its budget name with '-' or '_', and a few aliases
 * ("weights_bytes", "peak_memory"). Returns the figure or -1. */
yf_figure yf_figure_find(const char *name);
/* The value of a figure for layer i, or its total when i < 0. */
yf_value yf_figure_value(const yf_profile *p, yf_figure f, int i);
/* Whether a profile has the figure at all (a YF_FIG_DEVICE figure needs a
 * latency estimate); formats leave out figures it does not have. */
int yf_figure_present(const yf_profile *p, yf_figure f);
/* The sum of a per-layer figure over a group's layers (none for ratios). */
yf_value yf_figure_group(const yf_profile *p, yf_figure f, const yf_groups *g, int group);

/* ==== budgets ==== */

/* Parses a quantity: a number of the grammar above followed by an optional
 * unit suffix — SI "K"/"k", "M", "G", "T" (1e3 ...), binary "Ki", "Mi",
 * "Gi", "Ti" (1024 ...), each optionally followed by "B" (a bare "B" too) —
 * or by "%". Returns 0; -1 if malformed, -2 if negative, -3 if not finite or
 * above 1e18. *suffixed is 0 without a unit suffix, else YF_QTY_* bits:
 * which kind of prefix, and whether "B" (bytes) followed. Binary prefixes
 * and "B" only make sense for sizes in bytes; callers reading counts (FLOPs,
 * params) refuse them. */
enum { YF_QTY_SI = 1, YF_QTY_BINARY = 2, YF_QTY_BYTES = 4 };
int yf_quantity_parse(const char *s, double *value, int *percent, int *suffixed);

typedef struct yf_limit {
    yf_figure figure;
    double value;        /* absolute limit in the figure's display unit, or allowed increase */
    int percent;         /* value is a percentage of the "before" figure */
    int increase;        /* limits after - before (diff only) */
    int minimum;         /* a lower limit (--min-fps): the figure must be at least value */
    char origin[48];     /* where it came from: "--max-gflops", "budget max_params", ... */
} yf_limit;

/* Makes a limit on figure f from a quantity text, in the figure's display
 * unit: for a figure counted in 1e9 ("70", "70G" and "70e9" are the same 70
 * GFLOPs; a bare number between 1e6 and 1e9 is ambiguous and refused).
 * Percentages only for increases; binary suffixes and "B" only for figures
 * in bytes (YF_FIG_BYTES). Fails (YF_ERR_VALUE) with a message that names
 * `origin`. */
int yf_limit_make(yf_figure f, const char *text, int increase, const char *origin,
                  yf_limit *out, yf_error *err);

struct yf_check {
    yf_limit limit;
    int64_t batch;        /* the batch of the figure checked (for per-batch figures) */
    double before, after; /* before is 0 for a plain profile */
    double measured;      /* the value compared: after, or after - before */
    double allowed;       /* the limit resolved to the figure's unit */
    int ok;
};

/* Evaluates limits against `after` (and `before` for increase limits;
 * increase limits are skipped when before is NULL). Writes at most n checks
 * and returns how many were written. */
int yf_checks_eval(const yf_limit *limits, int n, const yf_profile *before,
                   const yf_profile *after, yf_check *out);

/* Reads budgets from JSON text: {"max_params": "25M", "max_gflops": 70,
 * ..., "max_increase": {"gflops": "5%", "params": "1M"}}: a "max_<budget>"
 * key for every figure with a budget, "min_<budget>" for those limited from
 * below ("min_fps": 30). Unknown keys and bad values fail with a message in
 * err. Writes at most cap limits. */
int yf_budget_parse(const char *text, size_t len, yf_limit *limits, int cap, int *n,
                    yf_error *err);

/* ==== comparing two models (diff) ==== */
typedef enum yf_pair_kind { YF_PAIR_SAME, YF_PAIR_CHANGED, YF_PAIR_ADDED, YF_PAIR_REMOVED } yf_pair_kind;

typedef struct yf_pair {
    int a, b;          /* layer indexes in model a and b; -1 when absent */
    yf_pair_kind kind;
} yf_pair;

typedef struct yf_diff {
    const yf_profile *a, *b; /* borrowed */
    int by_index;            /* same structure: paired by index, not aligned */
    int n_pairs, n_same, n_changed, n_added, n_removed;
    yf_pair *pairs;          /* owned: yf_diff_release */
    const yf_check *checks;  /* set by the caller for rendering (borrowed) */
    int n_checks;
    yf_allocator alloc_;     /* private */
} yf_diff;

/* Pairs the layers of a and b: by index when both have the same sequence
 * of layer signatures (type, filters, size, stride), otherwise by a longest
 * common subsequence of signatures so an inserted block shows as added
 * layers and the rest still pairs up. A pair is CHANGED when any figure or
 * shape differs. Fails only when out of memory or when the layer counts
 * are too large to align (more than YF_MAX_ALIGN cells). */
#define YF_MAX_ALIGN (1024 * 1024)
int yf_diff_compute(const yf_profile *a, const yf_profile *b, const yf_allocator *alloc,
                    yf_diff *out, yf_error *err);
void yf_diff_release(yf_diff *d);
/* True when any total or any layer differs. */
int yf_diff_differs(const yf_diff *d);

/* ==== .weights files (analysis) ==== */
typedef enum yf_weights_status {
    YF_WEIGHTS_MATCH,
    YF_WEIGHTS_SHORT,   /* ends inside a layer, or short for another reason */
    YF_WEIGHTS_LONG,
    YF_WEIGHTS_PARTIAL  /* exactly the first layers: what Darknet's `partial` writes */
} yf_weights_status;

typedef struct yf_weights_report {
    int32_t major, minor, revision;
    uint64_t seen;
    int header_bytes;          /* 20 (64-bit seen) or 16 (32-bit seen, version < 0.2) */
    int transposed;            /* major or minor > 1000: Darknet transposes connected weights */
    int looks_like_text;       /* the header is printable text: probably not a .weights file */
    int64_t file_bytes, file_floats, expected_floats;
    int64_t trailing_bytes;    /* bytes after the last whole float */
    yf_weights_status status;
    int runs_out_layer;        /* SHORT: layer whose floats the file cuts, else -1 */
    int partial_layers;        /* PARTIAL: layers #0 .. partial_layers - 1 are in the file */
    int64_t runs_out_floats;   /* SHORT: floats of that layer present in the file */
    int64_t hint_classes;      /* > 0: the file's size fits the heads with this classes= */
} yf_weights_report;

/* Reads only the header of `path` and its size (the file is never loaded)
 * and compares the float count with the model's weights_file_floats.
 * Fails (YF_ERR_IO, YF_ERR_VALUE) on unreadable, empty, truncated or
 * non-weights files. */
int yf_weights_check(const yf_model *m, const char *path, yf_weights_report *r, yf_error *err);
/* The same from a header already read (at least 20 bytes, or fewer if the
 * file is shorter) and the file's total size: for tests and streams. */
int yf_weights_check_header(const yf_model *m, const unsigned char *head, size_t head_len,
                            int64_t file_bytes, yf_weights_report *r, yf_error *err);

/* ==== what-ifs (analysis): edits computed from a model ==== */

/* A growable list of edits that owns its texts, to pass as yf_options.edits. */
typedef struct yf_edit_list {
    yf_edit *items;
    int n, cap;
    const yf_allocator *alloc;
} yf_edit_list;

void yf_edit_list_init(yf_edit_list *l, const yf_allocator *alloc);
/* Appends a printf-formatted edit (origin copied; may be NULL): YF_OK,
 * YF_ERR_NOMEM, or YF_ERR_VALUE when the text exceeds 511 bytes. */
int yf_edit_list_add(yf_edit_list *l, const char *origin, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void yf_edit_list_release(yf_edit_list *l);

/* The edits for another number of classes: classes= of every detection
 * head and the filters= (or output=) of the layer each reads, grown by
 * yf_head.per_class per class ((classes + 5) x masks for [yolo], ...).
 * Fails when the cfg has no head or a head reads a layer without filters. */
int yf_whatif_classes(const yf_model *m, int64_t classes, const char *origin, yf_edit_list *out,
                      yf_error *err);

/* The edits for a channel multiplier: filters= of every convolution except
 * those whose filters are the network's answer (feeding a detection head,
 * or with no layer with filters after them), rounded with
 * yf_width_round; depthwise convs (groups = filters) keep groups = filters.
 * Fails when the rounded filters break a conv's groups. */
int yf_whatif_width(const yf_model *m, double multiplier, int64_t divisor, const char *origin,
                    yf_edit_list *out, yf_error *err);
/* MobileNet's _make_divisible: the multiple of divisor nearest v (half up),
 * at least divisor, and never more than 10 % below v. */
int64_t yf_width_round(double v, int64_t divisor);
/* After building the edited model: fails (YF_ERR_SHAPE, naming the layer)
 * where an edit broke what held before: a shortcut-like layer combining
 * equal channels, or a conv's groups dividing its input channels. */
int yf_whatif_check(const yf_model *before, const yf_model *after, const char *origin,
                    yf_error *err);

/* ==== size sweeps (analysis) ==== */

typedef struct yf_size {
    int64_t w, h;
} yf_size;

/* Every total of a cfg at many input sizes: sizes of one residue class of
 * the network's strides share an exact closed form (fitted on builds at the
 * class's corners and checked on two more to the bit); classes of fewer
 * than 8 sizes, or whose sizes warn differently, are built size by size.
 * docs/whatif.md explains why this is exact. */
typedef struct yf_sweep yf_sweep;

typedef struct yf_sweep_row {
    int index;                  /* into the sizes given */
    int status;                 /* YF_OK, or why the network does not build at this size */
    const char *error;          /* "[section] #i: message" when status is not YF_OK */
    int built;                  /* built at this size (else from its class's closed form) */
    int stride_ok;              /* the input is a multiple of every head's stride */
    int darknet_builds;         /* every layer's outputs fit Darknet's int (else its calloc
                                   fails: the figures are a 64-bit runtime's) */
    yf_model model;             /* the input and every total at this size (no layers) */
    yf_profile profile;         /* over model, with the budgets checked */
    const yf_check *checks;
    int n_checks;
    const char *const *warnings; /* this size's warnings the cfg has not at every size */
    int n_warnings;
} yf_sweep_row;

typedef struct yf_sweep_stats {
    int rows, built, fitted, failed, over_budget, off_stride;
    int64_t period_w, period_h; /* the residue classes' period (0: none) */
    int ptflops_backend;        /* the backend the rows' macs_ptflops follow */
} yf_sweep_stats;

/* Plans a sweep of `text` (kept, not copied: it must outlive the sweep)
 * over sizes (borrowed) with the options (edits included). Fails, with the
 * error of the first size, when the cfg builds at none of them. */
yf_sweep *yf_sweep_new(const char *text, size_t len, const char *name, const yf_options *opt,
                       const yf_size *sizes, int n, yf_error *err);
/* Budgets checked on every row (borrowed; at most 64). */
void yf_sweep_budgets(yf_sweep *s, const yf_limit *limits, int n, yf_ptflops_backend backend);
/* Computes row k (valid until the next call): YF_OK, or YF_ERR_NOMEM. */
int yf_sweep_at(yf_sweep *s, int k, yf_sweep_row *row);
/* The cfg at the first size that builds: its warnings are the cfg's own. */
const yf_model *yf_sweep_model(const yf_sweep *s);
/* A caller's analysis of every row (a latency estimate): every size is then
 * built, and fn gets the model and the row (valid until the next row) to
 * point row->profile at its results; figure_flags (YF_FIG_DEVICE) says
 * which figures the rows then have. fn returns YF_OK or YF_ERR_NOMEM. */
typedef int (*yf_sweep_hook)(void *ctx, const yf_model *m, yf_sweep_row *row);
void yf_sweep_on_row(yf_sweep *s, yf_sweep_hook fn, void *ctx, unsigned figure_flags);
/* The figure flags the rows have beyond the model's (yf_sweep_on_row). */
unsigned yf_sweep_present(const yf_sweep *s);
/* A line saying what those figures are (the device, runtime, precision and
 * whether the estimate is calibrated), shown with the sweep; "" if none. */
void yf_sweep_set_note(yf_sweep *s, const char *note);
const char *yf_sweep_note(const yf_sweep *s);
/* The exponent e of figure ~ pixels^e (least squares of the logs over the
 * rows computed so far); 0 when it cannot be said (fewer than two sizes). */
int yf_sweep_exponent(const yf_sweep *s, yf_figure f, double *out);
void yf_sweep_get_stats(const yf_sweep *s, yf_sweep_stats *st);
void yf_sweep_free(yf_sweep *s);
/* ==== training (analysis): compute and memory of a training run ==== */
typedef enum yf_optimizer { YF_OPT_CFG = -1, YF_OPT_SGD, YF_OPT_ADAM, YF_OPT_ADAMW } yf_optimizer;

/* "sgd", "adam", "adamw"; -1 for another name. */
const char *yf_optimizer_name(int optimizer);
int yf_optimizer_find(const char *name);

/* What to compute; zero values take the cfg's. */
typedef struct yf_train_opts {
    int64_t batch, subdivisions; /* overriding [net] batch and subdivisions (0: the cfg's) */
    int64_t iterations;          /* iterations of the run; < 0: [net] max_batches */
    int optimizer;               /* yf_optimizer; YF_OPT_CFG: adam if the cfg says adam=1 */
    int amp;                     /* PyTorch autocast fp16 */
    int64_t memory;              /* a memory size to fit, bytes; 0: none */
    int64_t workspace;           /* Darknet GPU cuDNN workspace, bytes; < 0: the estimate */
    int no_cudnn_half;           /* a GPU build without CUDNN_HALF (default: with) */
    int no_random;               /* the caller chose the cfg size over random='s (noted) */
    char memory_from[64];        /* the device id whose memory `memory` is; "": --memory */
} yf_train_opts;

/* One runtime's memory for a training step. */
typedef struct yf_train_mem {
    int64_t memory_bytes;            /* the total */
    int64_t breakdown[YF_MEM_COUNT]; /* by yf_mem_kind; sums to memory_bytes */
    int64_t compared_bytes;          /* what a memory size is compared with (Darknet CPU adds
                                        the data loader estimate) */
    int fits;                        /* -1: no memory size given */
    int64_t largest_mini_batch;      /* images per mini-batch that fit; 0: not even 1; -1 no size */
    int64_t smallest_subdivisions;   /* the smallest subdivisions dividing batch that fit; 0:
                                        none; -1: no size given */
} yf_train_mem;

#define YF_TRAIN_DEFAULT_CONTEXT ((int64_t)600 << 20) /* CUDA context estimate, bytes */

struct yf_training {
    /* the run */
    int64_t batch, subdivisions;  /* images per iteration and mini-batches per iteration */
    int64_t mini_batch;           /* images per mini-batch (Darknet: net.batch / time_steps) */
    int64_t images_per_iteration; /* net.batch x subdivisions: batch rounded down to a whole
                                     number of mini-batches (detector.c's imgs) */
    int64_t time_steps;
    int64_t iterations;           /* of the run: [net] max_batches or yf_train_opts.iterations */
    int iterations_from_cfg;
    int optimizer;                /* yf_optimizer used (never YF_OPT_CFG) */
    int amp;
    /* size: Darknet trains at the largest size random= reaches (detector.c) */
    int64_t width, height;        /* the cfg size (FLOPs, PyTorch) */
    int64_t train_width, train_height; /* Darknet's start size (Darknet memory) */
    int random_layer;             /* the layer whose random= decides, -1 none */
    double random, random_coef, resize_step;
    int no_random;                /* yf_train_opts.no_random */
    /* compute, FLOPs (2 per MAC; docs/training.md) */
    int64_t forward_flops, backward_flops; /* per image */
    int64_t flops_per_image;
    int64_t update_flops;         /* per iteration: 5 (SGD) or 13 (Adam) per trained weight */
    int64_t flops_per_iteration;  /* images_per_iteration x flops_per_image + update_flops */
    double total_flops;           /* iterations x flops_per_iteration (may exceed int64) */
    const int64_t *layer_flops;   /* per layer, per image */
    /* memory */
    int64_t memory_limit;         /* 0: none given */
    char memory_from[64];         /* the device it is the memory of; "": --memory */
    yf_train_mem darknet_cpu, darknet_gpu, pytorch;
    const int64_t *layer_darknet_cpu_bytes; /* per layer, the CPU build at the training size */
    int64_t data_loader_bytes;    /* detector train's image buffers (host, estimate) */
    int64_t darknet_gpu_exact_bytes; /* device bytes as requested, without estimates */
    int64_t darknet_gpu_host_bytes, darknet_gpu_pinned_bytes, darknet_gpu_allocations;
    int64_t cudnn_workspace_bytes; /* the workspace size used (given or estimated) */
    int workspace_estimated, cudnn_half;
    int64_t optimized_memory;
    int sigfpe;                   /* Darknet dies of SIGFPE loading this cfg (no spatial layer) */
    /* time, with a device (yf_training_time): an estimate, 0 without one */
    double iteration_ms;          /* subdivisions x a mini-batch's forward + backward */
    double run_hours;             /* iterations x iteration_ms */
    double time_ratio;            /* (forward + backward) / forward FLOPs per image */
    double mini_batch_ms;         /* the estimated forward pass of a mini-batch */
    const char *time_device;      /* the device id, runtime (borrowed from the estimate) */
    const char *time_runtime;
    int time_precision;
    int time_calibrated;          /* the forward estimate's calibration (never of training) */
    yf_allocator alloc_;          /* private */
};

/* The size `detector train` starts at: with random= on the head detector.c
 * reads, the largest its resizing reaches (416 -> 608, 608 -> 896), else the
 * cfg size. Returns 1 when that differs from the cfg size. */
int yf_training_size(const yf_model *m, int64_t *width, int64_t *height);

/* Training compute and memory. m: the model at the cfg size (FLOPs,
 * PyTorch); at: the same cfg loaded at the training size (Darknet memory),
 * or m itself. Arrays come from m's allocator: yf_training_release frees
 * them (a failed call frees them itself). Fails only out of memory, or with
 * YF_ERR_SHAPE when FLOPs overflow 64 bits. */
int yf_training_compute(const yf_model *m, const yf_model *at, const yf_train_opts *o,
                        yf_training *out, yf_error *err);
void yf_training_release(yf_training *t);
/* Training time on a device from a latency estimate of one forward pass of
 * the mini-batch (lat->batch images at the cfg size): each mini-batch takes
 * that x the FLOPs ratio (forward + backward) / forward, an iteration
 * subdivisions of them, the run iterations of those. An estimate that no
 * training measurement calibrates (docs/training.md). lat must outlive t's
 * use of time_device and time_runtime. */
void yf_training_time(yf_training *t, const yf_latency *lat);
/* ==== latency (analysis): where the frame time goes on a device ====
 *
 * Per layer, the kernels a runtime launches for it, each timed as
 *   max(FLOPs / (eta_c x peak[precision]), bytes / (eta_m x bandwidth))
 *   + launches x overhead
 * with efficiencies fitted on published measurements (docs/latency.md).
 * The model's data (device presets with the source of every figure,
 * runtime rules, fitted constants) is built into the library; a refit can
 * replace the fitted constants (yf_latency_db_new). */

/* Where a number comes from. */
typedef enum yf_tag {
    YF_TAG_NONE,       /* not given */
    YF_TAG_DATASHEET,  /* read in a vendor's primary text */
    YF_TAG_DERIVED,    /* arithmetic on named inputs */
    YF_TAG_UNVERIFIED, /* a secondary source, or memory */
    YF_TAG_DEFAULT,    /* a default of the model, not a measurement */
    YF_TAG_FITTED,     /* fitted on published measurements (fitted.json) */
    YF_TAG_CALIBRATED, /* from the user's own measurement (--calibrate) */
    YF_TAG_USER        /* given by the user (--device-spec) */
} yf_tag;
const char *yf_tag_name(int tag);

/* The keys of a device spec (--device-spec and the presets). */
typedef enum yf_spec_key {
    YF_SPEC_FP32,           /* peak FLOP/s, dense */
    YF_SPEC_FP16,           /* peak FLOP/s of the best unit (tensor cores where present) */
    YF_SPEC_FP16_NOTC,      /* FP16 FLOP/s without tensor cores, where it differs */
    YF_SPEC_INT8,           /* peak op/s */
    YF_SPEC_GEMM_FP32,      /* FLOP/s of the BLAS path (PyTorch 1x1 convs on one thread) */
    YF_SPEC_BANDWIDTH,      /* bytes/s of device memory */
    YF_SPEC_MEMORY,         /* bytes */
    YF_SPEC_OVERHEAD_US,    /* microseconds per kernel launch */
    YF_SPEC_EFF_COMPUTE,    /* achieved share of the compute peak (user specs; default 1) */
    YF_SPEC_EFF_MEMORY,     /* achieved share of the bandwidth (user specs; default 1) */
    YF_SPEC_HOST_FP32,      /* FLOP/s of the host CPU */
    YF_SPEC_HOST_GHZ,       /* host core clock (NMS and pre-processing run on one core) */
    YF_SPEC_HOST_CORES,
    YF_SPEC_HOST_BANDWIDTH, /* bytes/s of host memory */
    YF_SPEC_HOST_LINK,      /* bytes/s between host and device */
    YF_SPEC_SRAM,           /* bytes of on-chip parameter memory (NPUs) */
    YF_SPEC_TENSOR_CORES,   /* 1: the GPU has tensor cores (compute capability >= 7.0), 0: none */
    YF_SPEC_INT8_PATH,      /* 0: no int8 kernels (int8 requests fall back), 1: there are */
    YF_SPEC_COUNT
} yf_spec_key;
/* "fp32", "bandwidth", ...; NULL for another value. */
const char *yf_spec_key_name(int key);
/* "FLOP/s", "bytes/s", "us", ... */
const char *yf_spec_key_unit(int key);

typedef struct yf_spec_value {
    double value;
    int tag;            /* yf_tag; YF_TAG_NONE when the spec does not give it */
    const char *source; /* a source key (yf_latency_source), "user", ...; static text */
    const char *note;   /* how it was obtained, or NULL; static text */
} yf_spec_value;

typedef enum yf_device_kind { YF_DEVICE_GPU, YF_DEVICE_CPU, YF_DEVICE_NPU } yf_device_kind;
/* "gpu", "cpu", "npu" */
const char *yf_device_kind_name(int kind);

/* A device: a built-in preset or a user's spec (a plain value: copy it). */
typedef struct yf_device {
    char id[64];            /* preset id, or the spec's name */
    char name[128];         /* what it is, in words */
    char host_name[96];     /* the CPU that runs NMS and pre-processing */
    int kind;               /* yf_device_kind */
    char device_class[16];  /* "embedded-gpu", "discrete-gpu", "cpu", "npu"; "" for user specs */
    int preset;             /* 1 for a built-in preset */
    char aliases[96];       /* other names of a preset, comma-separated */
    char calibrated_at[8];  /* the precision --calibrate fitted its efficiencies at ("fp16"),
                               "" if none: at another precision they are uncalibrated */
    yf_spec_value spec[YF_SPEC_COUNT];
} yf_device;

/* The model's data: the built-in presets and runtime rules, and fitted
 * constants: the built-in ones when `fitted` is NULL, else the JSON text of
 * a fitted.json (bench/latency_fit.py writes one) used instead. Fails with
 * YF_ERR_SYNTAX or YF_ERR_VALUE on text that is not such a file. */
typedef struct yf_latency_db yf_latency_db;
int yf_latency_db_new(const char *fitted, size_t len, const yf_allocator *alloc,
                      yf_latency_db **out, yf_error *err);
void yf_latency_db_free(yf_latency_db *db);

/* The presets, in the order of devices.json. */
int yf_device_count(const yf_latency_db *db);
void yf_device_at(const yf_latency_db *db, int i, yf_device *out);
/* A preset by id or alias; fails (YF_ERR_VALUE) naming the closest id. */
int yf_device_find(const yf_latency_db *db, const char *name, yf_device *out, yf_error *err);
/* The text of a source key of the presets ("NV-TUR" -> "NVIDIA ..."), or NULL. */
const char *yf_latency_source(const yf_latency_db *db, const char *key);

/* A user's device: a JSON object (spec keys with numbers, or a preset's
 * entry as `yoloflops devices --format json` writes it) or key=value pairs
 * separated by commas, numbers with an optional SI suffix, or binary suffix
 * and "B" on the keys in bytes or bytes/s (115.6G, 28G, 8Mi): fp32=115.6G,bandwidth=28G,overhead_us=2,name=my-cpu.
 * Needs a peak (fp32, fp16 or int8) and bandwidth; kind defaults to cpu
 * below 2 TFLOP/s fp32 without fp16, else gpu. Fails (YF_ERR_VALUE,
 * YF_ERR_SYNTAX) naming the key. */
int yf_device_spec_parse(const char *text, size_t len, const yf_allocator *alloc,
                         yf_device *out, yf_error *err);
/* The key=value text that yf_device_spec_parse reads back. */
void yf_device_spec_text(const yf_device *d, char *buf, size_t n);

/* One (device, runtime, precision) group of the fitted constants. */
typedef struct yf_fit_group {
    const char *runtime;  /* borrowed from the db */
    int precision;
    double eta_compute, eta_memory, overhead_us;
    int rows, model_sizes; /* published measurements it was fitted on */
} yf_fit_group;
/* The groups fitted for a preset; writes at most cap, returns how many exist. */
int yf_device_fits(const yf_latency_db *db, const char *id, yf_fit_group *out, int cap);

typedef enum yf_nms_style { YF_NMS_DEFAULT, YF_NMS_DARKNET, YF_NMS_OFFSET } yf_nms_style;
/* "darknet", "offset" */
const char *yf_nms_style_name(int style);

typedef struct yf_latency_opts {
    const char *runtime;      /* NULL: the default for the device's kind */
    int precision;            /* yf_precision, or -1: the runtime's default on the device */
    int nms;                  /* yf_nms_style */
    double nms_keep;          /* share of candidates above the confidence threshold; 0: 0.01 */
    int64_t frame_w, frame_h; /* camera frame to pre-process; 0: 1920x1080; -1: none */
    const yf_allocator *alloc; /* NULL: malloc and free */
} yf_latency_opts;

/* What limits a layer's time: the compute roof, the memory roof (with host
 * transfers) or the per-kernel launch overhead. */
typedef enum yf_bound { YF_BOUND_NONE, YF_BOUND_COMPUTE, YF_BOUND_MEMORY, YF_BOUND_OVERHEAD } yf_bound;
/* "none", "compute", "memory", "overhead" */
const char *yf_bound_name(int bound);

/* Which efficiency divides a kernel's compute time. */
typedef enum yf_work {
    YF_WORK_MAIN,        /* the run's precision: eta_c */
    YF_WORK_SECONDARY,   /* another precision inside the run (Darknet fp32 convs in fp16) */
    YF_WORK_ELEMENTWISE, /* element-wise work: eta_c, never stretched by saturation */
    YF_WORK_GEMM,        /* a spec's gemm_fp32 path: the stated rate, no efficiency */
    YF_WORK_SERIAL       /* one thread per output (Darknet's global average pool) */
} yf_work;
const char *yf_work_name(int work);

/* One kernel a runtime launches (or fuses away) for a layer. The terms at
 * efficiency 1 let a fit re-time it under other constants (docs/latency.md). */
typedef struct yf_kernel {
    const char *name;    /* "conv", "act:mish", "route-copy", ... */
    int precision;       /* what it computes and stores in */
    int work;            /* yf_work */
    double compute_s;    /* batch x work / peak, at efficiency 1 */
    double memory_s;     /* (batch x (read + written) + weights) / bandwidth, at efficiency 1 */
    double link_s;       /* host-link transfers */
    double parallel;     /* output elements of the batch (saturation) */
    double reduction;    /* MACs per output element (MAC kernels), else 0 */
    double launches;     /* per batch */
    double fixed_s;      /* fixed per-launch cost of the op (PyTorch on a CPU) */
    double flops;        /* 2 x MACs x batch (MAC kernels), else 0 */
    double bytes;        /* device-memory bytes, whole batch */
    double written;      /* of which written, whole batch */
    double ms;           /* its time under the constants used */
} yf_kernel;

typedef struct yf_layer_latency {
    double ms;          /* the layer's time for the batch */
    double compute_ms;  /* its kernels' compute time (the compute roof) */
    double memory_ms;   /* their memory time, with host-link transfers */
    double overhead_ms; /* launches x overhead + fixed per-op costs */
    double flops;       /* FLOPs of its MAC kernels (batch) */
    double bytes;       /* device-memory bytes it moves (batch; weights once) */
    int launches;       /* kernel launches */
    int bound;          /* yf_bound */
    int first_kernel, n_kernels;
} yf_layer_latency;

/* Time outside the layers: the network input's copies, PyTorch's first
 * touch of fresh memory on a CPU, an NPU's fixed cost per invocation. */
typedef struct yf_latency_extra {
    const char *name;  /* "input", "allocator", "invocation" */
    const char *about;
    double ms;
    int bound;
    int first_kernel, n_kernels;
} yf_latency_extra;

/* A constant of the model and where it comes from. */
typedef struct yf_constant {
    double value;
    int tag;           /* yf_tag */
    char source[128];  /* "fitted group jetson-nano/tensorrt/fp16 (8 rows)", ... */
} yf_constant;

#define YF_LATENCY_TOP 10

typedef struct yf_latency {
    yf_device device;
    const char *runtime;       /* borrowed from the db */
    const char *runtime_about; /* the kernels it runs, in words */
    int precision;             /* what is estimated */
    int precision_asked;       /* what was asked; differs when the device cannot run it */
    char fallback[200];        /* why they differ, in words; "" when they do not */
    int64_t batch;
    int calibrated;            /* efficiencies fitted for this device, runtime and precision,
                                  or given (a spec's eff_compute) */
    const char *label;         /* "calibrated" or "estimate, uncalibrated" */
    char basis[160];           /* where the efficiencies come from, in words */
    yf_constant eta_compute, eta_memory, overhead_us, eta_secondary, saturation, k_half;
    double peak;               /* FLOP/s (op/s) of the main precision's unit */
    double ridge;              /* FLOP/byte where compute and memory roofs meet */
    double ms, fps;            /* one forward pass of the batch; images per second (network only) */
    double flops, bytes;       /* totals of the layers */
    /* around the network, on one core of the host CPU, run serially */
    int nms_style;             /* yf_nms_style */
    double nms_keep, nms_ms, nms_all_ms; /* kept share; NMS of the kept, and of all candidates */
    int64_t candidates, classes;
    double kept;
    int64_t frame_w, frame_h;  /* 0 when no pre-processing */
    double preprocess_ms;
    double end_to_end_ms, fps_end_to_end;
    int n_layers;
    const yf_layer_latency *layers;
    int n_extra;
    yf_latency_extra extra[3];
    int n_kernels;
    const yf_kernel *kernels;
    int n_bottlenecks;         /* the layers taking the most time, largest first */
    int bottlenecks[YF_LATENCY_TOP];
    yf_allocator alloc_;       /* private */
} yf_latency;

/* Fails as yf_latency_new would before looking at a model: an unknown
 * runtime, one that does not run on the device's kind or at the precision.
 * *runtime and *precision get what the estimate would use; fallback (n
 * bytes, may be NULL) gets why that precision is not the one asked for
 * (a device without an int8 path, Darknet fp16 without tensor cores), or "". */
int yf_latency_check(const yf_latency_db *db, const yf_device *d, const yf_latency_opts *o,
                     const char **runtime, int *precision, char *fallback, size_t n,
                     yf_error *err);

/* Estimates m's forward pass (at its input size and batch) on device d.
 * Fails (YF_ERR_VALUE) for an unknown runtime, a runtime that does not run
 * on the device's kind or at the precision, a spec without the figures the
 * precision needs; YF_ERR_NOMEM. */
int yf_latency_new(const yf_latency_db *db, const yf_model *m, const yf_device *d,
                   const yf_latency_opts *o, yf_latency **out, yf_error *err);

/* What an estimate's figures are, in one line that every format shows with
 * them: "network-only time and FPS on jetson-nano (NVIDIA Jetson Nano),
 * tensorrt, fp16: calibrated" (the label: calibrated or estimate,
 * uncalibrated). Writes at most n bytes, truncated; returns buf. */
const char *yf_latency_note(const yf_latency *lat, char *buf, size_t n);
void yf_latency_free(yf_latency *lat);

typedef enum yf_calibrate_mode {
    YF_CALIBRATE_ALL,    /* compute, memory and overhead scaled by one factor */
    YF_CALIBRATE_COMPUTE /* the compute efficiency alone */
} yf_calibrate_mode;

/* The device spec that makes the model give `fps` (network only, images
 * per second, as measured with m's input size and batch and o's runtime
 * and precision): *out is d with eff_compute, eff_memory and overhead_us
 * set, named "<id>-<runtime>-<precision>-calibrated"; *scale is the factor
 * applied. Fails (YF_ERR_VALUE) when no efficiency reproduces it. */
int yf_latency_calibrate(const yf_latency_db *db, const yf_model *m, const yf_device *d,
                         const yf_latency_opts *o, double fps, int mode, yf_device *out,
                         double *scale, yf_error *err);

/* What --calibrate found, for rendering. */
typedef struct yf_calibration {
    const yf_model *model;
    const char *runtime;  /* borrowed */
    int precision;
    int mode;             /* yf_calibrate_mode */
    double fps_measured, fps_before, scale;
    yf_device device;     /* the calibrated spec */
} yf_calibration;

/* ==== where the cost sits: layers grouped by stage or by kind ==== */
typedef enum yf_by { YF_BY_NONE, YF_BY_STAGE, YF_BY_KIND } yf_by;
/* "stage", "kind" */
const char *yf_by_name(int by);

typedef struct yf_group {
    char name[32];   /* "s8", "head-s32", "conv 3x3", "maxpool", ... */
    int n_layers;
    int first;       /* its layers are members[first .. first + n_layers) */
} yf_group;

/* Stages: the output stride of each layer (s2, s4, ...: backbone and neck
 * levels), and each detection head's branch: the head and the convolutions
 * right before it (head-s8, ...; heads at the same stride share one).
 * Kinds: convolutions by kernel size (conv 3x3, conv 1x1, conv 3x3 dw,
 * conv 3x3 grouped), other layers by type. Groups are in order of first
 * appearance. */
typedef struct yf_groups {
    int by;            /* yf_by */
    int n;
    yf_group *groups;  /* owned */
    int *of_layer;     /* owned: the group of each layer */
    int *members;      /* owned: layer indexes, group by group, in layer order */
    yf_allocator alloc_;
} yf_groups;
int yf_groups_init(yf_groups *g, const yf_model *m, int by, const yf_allocator *alloc,
                   yf_error *err);
void yf_groups_release(yf_groups *g);

/* ==== rendering ==== */

/* Where renderers write: a callback that takes bytes (returns 0, or -1 with
 * errno set), behind a small buffer. The first failure sticks: later writes
 * are dropped and yf_writer_finish() reports it. */
typedef struct yf_writer {
    int (*write)(void *ctx, const char *p, size_t n);
    void *ctx;
    size_t len;
    int failed;       /* 0, or the errno of the first failed write */
    char buf[8192];
} yf_writer;

void yf_writer_init(yf_writer *w, int (*write)(void *ctx, const char *p, size_t n), void *ctx);
void yf_writer_put(yf_writer *w, const char *s, size_t n);
void yf_writer_puts(yf_writer *w, const char *s);
/* The integer as decimal text ("%lld"). */
void yf_writer_int(yf_writer *w, int64_t v);
void yf_writer_printf(yf_writer *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Flushes; YF_OK, or YF_ERR_IO with the failure in err. */
int yf_writer_finish(yf_writer *w, yf_error *err);

/* A growable string, for tests and callers that want the text in memory;
 * yf_buf_write is a yf_writer callback appending to a yf_buf. */
typedef struct yf_buf {
    char *data;
    size_t len, cap;
} yf_buf;
void yf_buf_init(yf_buf *b);
void yf_buf_release(yf_buf *b);
int yf_buf_write(void *buf, const char *p, size_t n);

typedef struct yf_render_opts {
    int summary;              /* totals only */
    int all_layers;           /* diff: also list unchanged layer pairs */
    int wide;                 /* every per-layer figure as a column */
    int ascii;                /* no UTF-8 punctuation (a non-UTF-8 terminal) */
    const yf_figure *columns; /* per-layer figure columns (NULL: the format's default) */
    int n_columns;
    int kernels;              /* JSON: the kernels of each layer's latency estimate */
} yf_render_opts;

/* Output formats, by name: "table", "json", "jsonl", "csv", "md", "html". */
typedef struct yf_renderer yf_renderer;
const yf_renderer *yf_renderer_find(const char *name);
/* "table, json, jsonl, csv, md, html" */
const char *yf_renderer_names(void);

/* A document of items of one kind (profiles, diffs or .weights checks),
 * each written as soon as it is ready: begin, one call per item, end. `n`
 * is how many items it will hold (JSON: an object for one, an array for
 * several; JSON Lines: one object per line). */
typedef struct yf_document {
    const yf_renderer *renderer;
    yf_writer *w;
    const yf_render_opts *ro;
    int n;     /* items the document holds */
    int index; /* index of the item being written */
} yf_document;

void yf_doc_begin(yf_document *d, const yf_renderer *r, yf_writer *w, const yf_render_opts *ro,
                  int n);
void yf_doc_profile(yf_document *d, const yf_profile *p);
/* An item that failed (a cfg that did not load): JSON writes an element
 * with an "error" object in its place; text formats write nothing (the CLI
 * prints the error on stderr). */
void yf_doc_failure(yf_document *d, const yf_error *err);
void yf_doc_diff(yf_document *d, const yf_diff *diff);
void yf_doc_weights(yf_document *d, const yf_model *m, const char *weights_path,
                    const yf_weights_report *rep);
/* A size sweep: one row per size, computed as it is written (the sweep's
 * rows are produced by yf_sweep_at). */
void yf_doc_sweep(yf_document *d, yf_sweep *s, const yf_size *sizes, int n);
void yf_doc_end(yf_document *d);

/* The devices of the latency estimate (`yoloflops devices`): with detail,
 * every figure with its tag, source and note, and the fitted groups. */
void yf_doc_devices(yf_document *d, const yf_latency_db *db, const yf_device *list, int n,
                    int detail);
/* What --calibrate found, and the device spec to reuse. */
void yf_doc_calibration(yf_document *d, const yf_calibration *c);

/* "gflops: 66.170 > 60.000 (--max-gflops), over by 6.170 (10.28%)" */
void yf_render_check_reason(yf_writer *w, const yf_check *c);

#ifdef __cplusplus
}
#endif
#endif
