/*
 * JSON as a tree of constant nodes: each node's children lie next to each
 * other, so a tree is one array and needs no parsing to read. The latency
 * data built into the library is in this form (generated from data/latency
 * by tools/embed_json.c at build time); JSON a caller hands in (a refitted
 * fitted.json, a --device-spec file) is parsed with cJSON and converted
 * into one allocated block of the same form.
 */
#ifndef YF_JTREE_H
#define YF_JTREE_H

#include "yoloflops.h"

typedef enum yf_jtype {
    YF_J_NULL,
    YF_J_FALSE,
    YF_J_TRUE,
    YF_J_NUMBER,
    YF_J_STRING,
    YF_J_ARRAY,
    YF_J_OBJECT
} yf_jtype;

typedef struct yf_jnode {
    int type;                     /* yf_jtype */
    int n;                        /* children (arrays and objects) */
    const struct yf_jnode *child; /* the first of the n children, NULL if none */
    const char *key;              /* member name inside an object, else NULL */
    const char *str;              /* YF_J_STRING */
    double num;                   /* YF_J_NUMBER */
} yf_jnode;

/* The data files, built in (roots at index 0). */
extern const yf_jnode yf_data_devices[], yf_data_runtimes[], yf_data_fitted[];

/* The member `key` of an object, or NULL (absent, or obj not an object). */
const yf_jnode *yf_jget(const yf_jnode *obj, const char *key);
/* A member's number, string or truth; `def` when absent or of another type. */
double yf_jnum(const yf_jnode *obj, const char *key, double def);
const char *yf_jstr(const yf_jnode *obj, const char *key, const char *def);
int yf_jbool(const yf_jnode *obj, const char *key, int def);
/* True when the array `arr` holds the string s. */
int yf_jcontains(const yf_jnode *arr, const char *s);

/* Parses JSON text into one block (nodes and strings) from the allocator:
 * release it with yf_free(a, *out). Fails with YF_ERR_SYNTAX (not JSON, or
 * text after it), YF_ERR_LIMIT (deeper than 64 or more than 100000 nodes)
 * or YF_ERR_NOMEM. */
int yf_jparse(const char *text, size_t len, const yf_allocator *a, yf_jnode **out,
              yf_error *err);

/* JSON leaves repeated keys undefined and cJSON keeps both, so a later one
 * would win (or lose) silently: every JSON input (budgets, device specs,
 * fitted data) refuses them. YF_ERR_VALUE "duplicate key 'K' at byte N"
 * (the repeated occurrence, in the text `root` was parsed from),
 * YF_ERR_NOMEM (its scratch from a, NULL: malloc), or YF_OK. */
struct cJSON;
int yf_json_check_keys(const struct cJSON *root, const char *text, size_t len,
                       const yf_allocator *a, yf_error *err);

#endif
