/*
 * Internal interfaces of the library core. Data flows one way:
 *   lex.c (INI text -> sections)  ->  model.c (sections -> layers via the
 *   registry, references resolved)  ->  each kind's infer (shapes)  ->  each
 *   kind's cost  ->  memory.c (activation and peak memory)  ->  report_*.c.
 * Everything here allocates from the model's arena and never frees alone.
 */
#ifndef YF_INTERNAL_H
#define YF_INTERNAL_H

#include "yoloflops.h"

#include <stdarg.h>
#include <stdbool.h>

/* ---- arena.c: one per model; blocks freed together ---- */
typedef struct yf_arena yf_arena;
yf_arena *yf_arena_new(void);
void yf_arena_free(yf_arena *a);
/* Zeroed memory; NULL only when the system is out of memory. */
void *yf_arena_alloc(yf_arena *a, size_t n);
char *yf_arena_strndup(yf_arena *a, const char *s, size_t n);

/* ---- error.c ---- */
/* Sets code and message (printf-style); returns code so failing is one statement. */
int yf_error_set(yf_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Replaces control characters (which a hostile cfg can put into a quoted
 * value) with '?', so messages cannot drive the terminal. */
void yf_sanitize(char *s);

/* ---- lex.c: the INI-like text, nothing YOLO-specific ---- */
typedef struct yf_kv {
    const char *key, *value; /* whitespace removed, trailing comment cut */
    int line;
    int used;                /* set by the getters in keys.c */
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

/* ---- keys.c: typed getters that record which keys were read ---- */
typedef struct yf_ctx {
    yf_arena *arena;
    yf_model *model;
    const yf_section *sec;
    int layer;         /* index of the layer being built, -1 for [net] */
    yf_error *err;
} yf_ctx;

/* Integer key in [min, max]; `def` when absent. Errors name the key. */
int yf_key_int(yf_ctx *c, const char *key, int64_t def, int64_t min, int64_t max, int64_t *out);
int yf_key_float(yf_ctx *c, const char *key, double def, double *out);
/* String key, NULL when absent and def is NULL. */
const char *yf_key_str(yf_ctx *c, const char *key, const char *def);
bool yf_key_has(const yf_ctx *c, const char *key);
/* Line of the key's first occurrence, or of the section header when absent. */
int yf_key_line(const yf_ctx *c, const char *key);
/* Comma-separated integers (Darknet atoi lists; text after '#' ignored). */
int yf_key_ints(yf_ctx *c, const char *key, int **out, int *n);
int yf_key_floats(yf_ctx *c, const char *key, double **out, int *n);
/* Marks keys Darknet reads but that cannot change any figure. */
void yf_key_ignore(yf_ctx *c, const char *const *keys);
/* Fails at the key's line, or at the section line when the key is absent. */
int yf_ctx_fail(yf_ctx *c, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void yf_ctx_warn(yf_ctx *c, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Warns on every key that no getter read (Darknet's option_unused). */
void yf_ctx_unused(yf_ctx *c);

/* ---- checked int64 arithmetic ---- */
/* a*b*... saturating at INT64_MAX; callers compare against a cap. */
int64_t yf_mul(int64_t a, int64_t b);
int64_t yf_add(int64_t a, int64_t b);

/* ---- layers/registry.c ---- */
typedef struct yf_kind {
    const char *name;                   /* canonical type name */
    const char *const *sections;        /* section names that select it */
    size_t priv_size;
    /* Reads the section's keys into l->priv_; no shapes are known yet. */
    int (*parse)(yf_ctx *c, yf_layer *l);
    /* Given l->in (previous output) and resolved refs, sets l->out,
     * l->inputs/outputs, l->next_*; fails on impossible shapes. */
    int (*infer)(yf_ctx *c, yf_layer *l);
    /* Sets params, params_fused, buffers, weights_file_floats, macs,
     * macs_fused, bflops and head info from shapes; fails on overflow. */
    int (*cost)(yf_ctx *c, yf_layer *l);
    /* Fills l->desc. */
    void (*describe)(yf_layer *l);
} yf_kind;

const yf_kind *yf_kind_find(const char *section_name);

/* Helpers shared by kinds (layers/common.c). */
int yf_ref_resolve(yf_ctx *c, yf_layer *l, const char *key, int64_t raw, int *out);
int yf_shape_check(yf_ctx *c, const yf_layer *l, const char *what);
int yf_count_check(yf_ctx *c, int64_t v, const char *what);
/* Darknet's conv output size: (x + 2*pad - size)/stride + 1. */
int64_t yf_conv_out(int64_t x, int64_t pad, int64_t size, int64_t stride);
/* A Darknet conv's figures for reuse by conv, crnn, conv_lstm. */
typedef struct yf_convfig {
    int64_t nweights, out_elems, params, params_fused, buffers, floats, macs, macs_fused;
    double bflops;
} yf_convfig;
void yf_conv_figures(int64_t c, int64_t n, int64_t groups, int64_t size, int64_t out_w,
                     int64_t out_h, int bn, yf_convfig *f);
/* A Darknet connected layer's figures (connected, rnn, gru, lstm). */
void yf_connected_figures(int64_t inputs, int64_t outputs, int bn, yf_convfig *f);
void yf_layer_add(yf_layer *l, const yf_convfig *f);
/* Validates activation= (default def); warns and returns relu's index on a typo. */
int yf_activation(yf_ctx *c, const char *def);
/* Fails when a figure saturated (overflow). */
int yf_check_figures(yf_ctx *c, const yf_layer *l);
/* Antialiasing's hidden depthwise blur after a stride-1 host (conv,
 * maxpool): sets l->next_*, l->extra_bytes_ and the blur's thop MACs. */
int yf_blur(yf_ctx *c, yf_layer *l, int64_t aa, int64_t sx, int64_t sy, int64_t *macs);
/* Trivial kind callbacks. */
int yf_parse_none(yf_ctx *c, yf_layer *l);
int yf_cost_none(yf_ctx *c, yf_layer *l);
void yf_describe_none(yf_layer *l);
/* Reads the single 'from=' reference into l->refs_[0]. */
int yf_from_ref(yf_ctx *c, yf_layer *l);
/* In/out shape passed through unchanged. */
void yf_same_shape(yf_layer *l);

/* The model under construction: layers before l are complete. */
yf_layer *yf_ctx_layer(yf_ctx *c, int index);

/* ---- memory.c ---- */
int yf_memory(yf_model *m, yf_error *err);

#endif
