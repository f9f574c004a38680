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
} yf_error;

/* "file:line: error: [section] #layer: message" (parts present only when set).
 * Every part is passed through the same sanitizer: no control characters. */
void yf_error_format(const yf_error *err, char *buf, size_t n);
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

/* Overrides applied on top of the cfg's [net] section; 0 = keep the cfg's. */
typedef struct yf_options {
    int64_t width, height, channels, batch;
    int bytes_per_element;     /* 4 fp32 (default when 0), 2 fp16, 1 int8 */
    const yf_allocator *alloc; /* NULL: malloc and free */
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
    double scale_x_y;       /* [yolo] scale_x_y (1 when absent or not a yolo head) */
} yf_head;

/* What a layer kind is, declared by its registry row (yf_layer.flags). */
enum {
    YF_LAYER_HEAD = 1 << 0,      /* a detection head: yf_layer.head is set */
    YF_LAYER_YOLO = 1 << 1,      /* a [yolo] head, what [contrastive] attaches to */
    YF_LAYER_CONV = 1 << 2,      /* a Darknet convolution: attr holds its parameters */
    YF_LAYER_ALIAS = 1 << 3,     /* its output is the previous layer's buffer (dropout) */
    YF_LAYER_NO_PREV = 1 << 4    /* does not read the previous layer's output */
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
    yf_head head;                  /* set when flags has YF_LAYER_HEAD */
} yf_layer;

typedef struct yf_totals {
    int64_t params, params_fused, buffers, weights_file_floats, weights_file_bytes;
    double bflops;         /* the exact sum of Darknet's per-layer BFLOPs */
    double bflops_darknet; /* Darknet's printed Total BFLOPS: a float sum, overflowed layers out */
    int64_t macs, macs_fused;
    double gflops, gflops_fused;
    yf_ptflops ptflops[2];
    int64_t weights_bytes, activation_bytes, peak_activation_bytes, n_boxes;
} yf_totals;

typedef struct yf_warning {
    int line;
    const char *message; /* "[section] #i: ..." without file or "warning:" */
} yf_warning;

/* "file:line: warning: message", through the same sanitizer as errors. */
void yf_warning_format(const char *file, const yf_warning *w, char *buf, size_t n);

typedef struct yf_model {
    const char *name;     /* display name given to the loader */
    yf_shape input;       /* after overrides */
    int64_t batch;
    int bytes_per_element;
    int n_layers;
    const yf_layer *layers;
    yf_totals totals;
    int n_warnings;
    const yf_warning *warnings; /* sorted by line */
} yf_model;

/* Parse, resolve, infer shapes and compute costs. `buf` need not be
 * NUL-terminated and is copied. `name` is used in messages. `opt` may be
 * NULL. Returns NULL and fills err on failure. */
yf_model *yf_model_load_buffer(const char *buf, size_t len, const char *name,
                               const yf_options *opt, yf_error *err);

/* Reads `path` (at most YF_MAX_FILE_BYTES; "-" is standard input, shown as
 * "<stdin>") and calls yf_model_load_buffer. */
yf_model *yf_model_load_file(const char *path, const yf_options *opt, yf_error *err);

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
typedef struct yf_profile {
    const yf_model *model;
    const yf_check *checks;  /* budgets evaluated on it */
    int n_checks;
    const int *order;        /* layers to show, in this order (NULL: all, in index order) */
    int n_order;
    yf_ptflops_backend ptflops_backend;
} yf_profile;

/* How a figure is shown: an exact count (grouped in tables), bytes (KiB, MiB
 * in tables), a figure in units of 1e9 (3 decimals), a percentage. */
typedef enum yf_show { YF_SHOW_COUNT, YF_SHOW_BYTES, YF_SHOW_GIGA, YF_SHOW_PERCENT } yf_show;

enum {
    YF_FIG_LAYER = 1 << 0,      /* has a value per layer */
    YF_FIG_TOTAL = 1 << 1,      /* has a total */
    YF_FIG_BUDGET_MAX = 1 << 2, /* --max-<budget> and "max_<budget>" limit it */
    YF_FIG_SHARE = 1 << 3,      /* a share of a total: moves when other layers change, so a
                                   diff does not compare it */
    YF_FIG_PER_BATCH = 1 << 4,  /* counts the whole batch (--batch scales it) */
    YF_FIG_PER_IMAGE = 1 << 5   /* counts one image whatever the batch (Darknet's BFLOPs) */
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

/* ==== budgets ==== */

/* Parses a quantity: a number of the grammar above followed by an optional
 * unit suffix — SI "K"/"k", "M", "G", "T" (1e3 ...), binary "Ki", "Mi",
 * "Gi", "Ti" (1024 ...), each optionally followed by "B" — or by "%".
 * Returns 0; -1 if malformed, -2 if negative, -3 if not finite or above
 * 1e18. *suffixed is set when a unit suffix was given. */
int yf_quantity_parse(const char *s, double *value, int *percent, int *suffixed);

typedef struct yf_limit {
    yf_figure figure;
    double value;        /* absolute limit in the figure's display unit, or allowed increase */
    int percent;         /* value is a percentage of the "before" figure */
    int increase;        /* limits after - before (diff only) */
    char origin[48];     /* where it came from: "--max-gflops", "budget max_params", ... */
} yf_limit;

/* Makes a limit on figure f from a quantity text, in the figure's display
 * unit: for a figure counted in 1e9 ("70", "70G" and "70e9" are the same 70
 * GFLOPs; a bare number between 1e6 and 1e9 is ambiguous and refused).
 * Percentages only for increases. Fails (YF_ERR_VALUE) with a message that
 * names `origin`. */
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
 * key for every figure with a budget. Unknown keys and bad values fail with
 * a message in err. Writes at most cap limits. */
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
} yf_render_opts;

/* Output formats, by name: "table", "json", "jsonl", "csv", "md". */
typedef struct yf_renderer yf_renderer;
const yf_renderer *yf_renderer_find(const char *name);
/* "table, json, jsonl, csv, md" */
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
void yf_doc_end(yf_document *d);

/* "gflops: 66.170 > 60.000 (--max-gflops), over by 6.170 (10.28%)" */
void yf_render_check_reason(yf_writer *w, const yf_check *c);

#ifdef __cplusplus
}
#endif
#endif
