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
#define YF_MAX_FILE_BYTES (8 * 1024 * 1024)
#define YF_MAX_LAYERS 100000
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
    yf_shape in, out;      /* Darknet's l.w/h/c (as passed on) and out_w/h/c */
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
    void *arena_;         /* private */
} yf_model;

/* Parse, resolve, infer shapes and compute costs. `buf` need not be
 * NUL-terminated and is copied. `name` is used in messages. `opt` may be
 * NULL. Returns NULL and fills err on failure. */
yf_model *yf_model_load_buffer(const char *buf, size_t len, const char *name,
                               const yf_options *opt, yf_error *err);

/* Reads `path` (at most YF_MAX_FILE_BYTES) and calls yf_model_load_buffer. */
yf_model *yf_model_load_file(const char *path, const yf_options *opt, yf_error *err);

void yf_model_free(yf_model *m);

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

typedef enum yf_format { YF_FMT_TABLE, YF_FMT_JSON, YF_FMT_CSV, YF_FMT_MD } yf_format;

typedef struct yf_render_opts {
    int summary; /* totals only */
} yf_render_opts;

/* Renders n models; JSON gives one object for n == 1, an array otherwise. */
int yf_render(yf_format fmt, yf_model *const *models, int n, const yf_render_opts *ro,
              yf_buf *out, yf_error *err);

#ifdef __cplusplus
}
#endif
#endif
