/*
 * yoloflops: what a Darknet .cfg network costs (parameters, FLOPs, memory).
 *
 * Ownership: yf_model_load_buffer() and yf_model_load_file() return a model
 * that owns everything reachable from it (file bytes, strings, layers,
 * warnings) in one arena; yf_model_free() releases all of it at once.
 * Every pointer the library hands out is borrowed from the model and stays
 * valid until then. The caller owns yf_error and yf_options (plain structs,
 * usually on the stack).
 *
 * Failure: every fallible function returns YF_OK (0) or a yf_status code and
 * fills the caller's yf_error, which is always last in the argument list.
 * The library never prints, never exits and never reads the environment.
 *
 * Units: counts are int64_t elements, operations or bytes as named
 * (params, macs, bytes, n_boxes); bflops is a double in units of 1e9, exactly
 * as Darknet computes it. Conventions are documented in docs/formulas.md.
 */
#ifndef YOLOFLOPS_H
#define YOLOFLOPS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define YF_VERSION "0.1.0"

/* Exit codes of the command-line tool, and status codes of the library. */
typedef enum yf_status {
    YF_OK = 0,
    YF_ERR_CHECK = 1, /* a requested check failed (CLI only) */
    YF_ERR_INPUT = 2  /* invalid input: cfg, option, number, file */
} yf_status;

/* What went wrong, precisely enough for a compiler-style message. */
typedef struct yf_error {
    int code;            /* yf_status; 0 when nothing failed */
    char file[256];      /* display name of the input, "" if none */
    int line;            /* 1-based line in the cfg, 0 if none */
    int layer;           /* Darknet layer index, -1 if none */
    char section[40];    /* section name without brackets, "" if none */
    char message[512];   /* lowercase, no trailing period */
} yf_error;

/* "file:line: error: [section] #layer: message" (parts present only when set). */
void yf_error_format(const yf_error *err, char *buf, size_t n);
void yf_error_clear(yf_error *err);

/* Caps on untrusted input; see docs/reliability.md. */
#define YF_MAX_FILE_BYTES (1024 * 1024) /* the largest Darknet cfg is ~30 KB */
#define YF_MAX_LAYERS 10000                /* the largest Darknet cfg has ~500 */
#define YF_MAX_KEYS 65536                  /* key=value lines in a file */
#define YF_MAX_SECTION_KEYS 1000           /* key=value lines in one section */
#define YF_MAX_DIM 1048576   /* width, height, channels, filters, batch */
#define YF_MAX_LIST 4096     /* entries in mask=, anchors=, layers=, from= */

/* Overrides applied on top of the cfg's [net] section; 0 = keep the cfg's. */
typedef struct yf_options {
    int64_t width, height, channels, batch;
    int bytes_per_element; /* 4 fp32 (default when 0), 2 fp16, 1 int8 */
} yf_options;

typedef struct yf_shape {
    int64_t w, h, c;
} yf_shape;

/* A detection head (yolo, Gaussian_yolo, region, detection). */
typedef struct yf_head {
    int64_t grid_w, grid_h;
    int64_t n_anchors;      /* anchors this head predicts per cell */
    int64_t classes;
    int64_t n_boxes;        /* grid_w * grid_h * n_anchors: candidates to NMS */
    const double *anchors;  /* 2 * n_anchors values (w,h pairs), or NULL */
} yf_head;

typedef struct yf_layer {
    int index;             /* Darknet's, 0-based, [net] excluded */
    int line;              /* line of the section header */
    const char *type;      /* canonical kind name, e.g. "convolutional" */
    char desc[48];         /* short parameters: "32 3x3/2", "-1,36", ... */
    yf_shape in;           /* what it reads: the previous output (a route: the concatenation) */
    yf_shape out;          /* Darknet's out_w/h/c */
    int64_t inputs, outputs;       /* Darknet's l.inputs / l.outputs */
    int64_t params, params_fused, buffers, weights_file_floats;
    int64_t macs, macs_fused;      /* thop (ultralytics-thop 2.1.6) */
    double bflops;                 /* Darknet's l.bflops */
    int64_t output_bytes;          /* outputs * batch * bytes per element */
    int is_head;
    yf_head head;
    /* private to the library */
    const void *kind_;
    void *priv_;
    int n_refs_;
    int *refs_;
    yf_shape next_;        /* what the next layer receives (antialiasing) */
    int64_t next_outputs_;
    int64_t extra_bytes_;  /* hidden buffers Darknet allocates (blur layer) */
    int alias_prev_;       /* output shares the previous layer's buffer */
    double step_x_, step_y_;   /* this layer's downsampling factor (0 = 1) */
    double scale_x_, scale_y_; /* cumulative stride from the network input */
} yf_layer;

typedef struct yf_totals {
    int64_t params, params_fused, buffers, weights_file_floats, weights_file_bytes;
    double bflops;
    int64_t macs, macs_fused;
    double gflops, gflops_fused;
    int64_t weights_bytes, activation_bytes, peak_activation_bytes, n_boxes;
} yf_totals;

/* ---- budgets (budget.c) ---- */
typedef enum yf_figure {
    YF_FIG_PARAMS,
    YF_FIG_PARAMS_FUSED,
    YF_FIG_WEIGHTS_FILE_BYTES,
    YF_FIG_BFLOPS,
    YF_FIG_GFLOPS,
    YF_FIG_GFLOPS_FUSED,
    YF_FIG_PEAK_MEMORY,
    YF_FIG_BOXES,
    YF_FIG_COUNT
} yf_figure;

/* "params", "params_fused", "weights_file_bytes", "bflops", "gflops",
 * "gflops_fused", "peak_activation_bytes", "boxes" (the JSON totals' names). */
const char *yf_figure_name(yf_figure f);
/* Accepts the names above and the short forms of --max-*: "weights_bytes",
 * "peak_memory". Returns 0 and sets *out, or -1. */
int yf_figure_parse(const char *name, yf_figure *out);
double yf_figure_value(const struct yf_totals *t, yf_figure f);

/* Parses a quantity: "25M" (SI, 1e6), "64MiB"/"64Mi" (binary), "1.5G",
 * "70", "5%". A trailing "B" is allowed. Returns 0, or -1 if malformed,
 * negative, not finite or above 1e18. */
int yf_quantity_parse(const char *s, double *value, int *percent);

typedef struct yf_limit {
    yf_figure figure;
    double value;        /* absolute limit, or allowed increase */
    int percent;         /* value is a percentage of the "before" figure */
    int increase;        /* limits after - before (diff only) */
    const char *origin;  /* where it came from, e.g. "--max-gflops" (borrowed) */
} yf_limit;

typedef struct yf_check {
    yf_limit limit;
    double before, after; /* before is 0 for a plain profile */
    double measured;      /* the value compared: after, or after - before */
    double allowed;       /* the limit resolved to the figure's unit */
    int ok;
} yf_check;

/* Evaluates limits against `after` (and `before` for increase limits;
 * increase limits are skipped when before is NULL). Writes at most n checks
 * and returns how many were written. */
int yf_checks_eval(const yf_limit *limits, int n, const struct yf_totals *before,
                   const struct yf_totals *after, yf_check *out);

/* Reads budgets from JSON text: {"max_params": "25M", "max_gflops": 70,
 * "max_bflops": .., "max_params_fused", "max_gflops_fused",
 * "max_weights_bytes": "64MiB", "max_peak_memory", "max_boxes",
 * "max_increase": {"gflops": "5%", "params": "1M"}}. Unknown keys and bad
 * values fail with a message in err. Writes at most cap limits. */
int yf_budget_parse(const char *text, size_t len, yf_limit *limits, int cap, int *n,
                    yf_error *err);

typedef struct yf_warning {
    int line;
    const char *message; /* "[section] #i: ..." without file or "warning:" */
} yf_warning;

typedef struct yf_model {
    const char *name;     /* display name given to the loader */
    yf_shape input;       /* after overrides */
    int64_t batch;
    int bytes_per_element;
    int n_layers;
    yf_layer *layers;
    yf_totals totals;
    int n_warnings;
    yf_warning *warnings;
    /* Set by the caller before rendering to report budget results (borrowed). */
    const yf_check *checks;
    int n_checks;
    void *arena_;         /* private */
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

/* ---- comparing two models (diff.c) ---- */
typedef enum yf_pair_kind { YF_PAIR_SAME, YF_PAIR_CHANGED, YF_PAIR_ADDED, YF_PAIR_REMOVED } yf_pair_kind;

typedef struct yf_pair {
    int a, b;          /* layer indexes in model a and b; -1 when absent */
    yf_pair_kind kind;
} yf_pair;

typedef struct yf_diff {
    const yf_model *a, *b;  /* borrowed */
    int by_index;           /* same structure: paired by index, not aligned */
    int n_pairs, n_same, n_changed, n_added, n_removed;
    yf_pair *pairs;         /* owned: yf_diff_release */
    const yf_check *checks; /* set by the caller for rendering (borrowed) */
    int n_checks;
} yf_diff;

/* Pairs the layers of a and b: by index when both have the same sequence
 * of layer signatures (type, filters, size, stride), otherwise by a longest
 * common subsequence of signatures so an inserted block shows as added
 * layers and the rest still pairs up. A pair is CHANGED when any figure or
 * shape differs. Fails only when out of memory or when the layer counts
 * are too large to align (more than YF_MAX_ALIGN cells). */
#define YF_MAX_ALIGN (4 * 1024 * 1024)
int yf_diff_compute(const yf_model *a, const yf_model *b, yf_diff *out, yf_error *err);
void yf_diff_release(yf_diff *d);
/* True when any total or any layer differs. */
int yf_diff_differs(const yf_diff *d);

/* ---- .weights files (weights.c) ---- */
typedef enum yf_weights_status { YF_WEIGHTS_MATCH, YF_WEIGHTS_SHORT, YF_WEIGHTS_LONG } yf_weights_status;

typedef struct yf_weights_report {
    int32_t major, minor, revision;
    uint64_t seen;
    int header_bytes;          /* 20 (64-bit seen) or 16 (32-bit seen, version < 0.2) */
    int64_t file_bytes, file_floats, expected_floats;
    int64_t trailing_bytes;    /* bytes after the last whole float */
    yf_weights_status status;
    int runs_out_layer;        /* SHORT: layer whose floats the file cuts, else -1 */
    int64_t runs_out_floats;   /* SHORT: floats of that layer present in the file */
    int64_t hint_classes;      /* > 0: the file's size fits the heads with this classes= */
} yf_weights_report;

/* Reads only the header of `path` and its size (the file is never loaded)
 * and compares the float count with the model's weights_file_floats.
 * Fails (YF_ERR_INPUT) on unreadable, empty, truncated or non-weights files. */
int yf_weights_check(const yf_model *m, const char *path, yf_weights_report *r, yf_error *err);
/* The same from a header already read (at least 20 bytes, or fewer if the
 * file is shorter) and the file's total size: for tests and streams. */
int yf_weights_check_header(const yf_model *m, const unsigned char *head, size_t head_len,
                            int64_t file_bytes, yf_weights_report *r, yf_error *err);

/* Output formats. Each renderer appends to a growable buffer. */
typedef struct yf_buf {
    char *data;
    size_t len, cap;
    int oom;
} yf_buf;

void yf_buf_init(yf_buf *b);
void yf_buf_release(yf_buf *b);
void yf_buf_append(yf_buf *b, const char *s, size_t n);
void yf_buf_printf(yf_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* "FAILED gflops: 66.170 > 60.000 (--max-gflops), over by 6.170 (10.28%)" */
void yf_render_check_line(const yf_check *c, yf_buf *out);
/* The same without the leading "ok    " / "FAILED " status word. */
void yf_render_check_reason(const yf_check *c, yf_buf *out);

typedef enum yf_format { YF_FMT_TABLE, YF_FMT_JSON, YF_FMT_CSV, YF_FMT_MD } yf_format;

typedef struct yf_render_opts {
    int summary;    /* totals only */
    int all_layers; /* diff: also list unchanged layer pairs */
} yf_render_opts;

/* Renders n models; JSON gives one object for n == 1, an array otherwise. */
int yf_render(yf_format fmt, yf_model *const *models, int n, const yf_render_opts *ro,
              yf_buf *out, yf_error *err);
/* Renders a comparison: totals side by side, then the aligned layers
 * (only the differing ones unless ro->all_layers; JSON always has all). */
int yf_render_diff(yf_format fmt, const yf_diff *d, const yf_render_opts *ro, yf_buf *out,
                   yf_error *err);
/* Renders a .weights check. */
int yf_render_weights(yf_format fmt, const yf_model *m, const char *weights_path,
                      const yf_weights_report *r, yf_buf *out, yf_error *err);

#ifdef __cplusplus
}
#endif
#endif
