/* Typed key getters over one section (inih's handler idea, made strict):
 * every value goes through one checked parser (strtoll/strtod + end pointer
 * + errno + range), the first occurrence of a key wins as in Darknet's
 * option_find(), and every read key is marked so the rest can be reported
 * as unused with their line numbers (Darknet's option_unused). */
#include "core.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_WARNINGS = 1000 };

static void vwarn(yf_ctx *c, int line, const char *fmt, va_list ap)
{
    yf_model_impl *m = c->model;
    int n = m->pub.n_warnings;
    if (n >= MAX_WARNINGS)
        return;
    char msg[400], full[480];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    yf_sanitize(msg);
    if (c->layer >= 0)
        snprintf(full, sizeof(full), "[%s] #%d: %s", c->sec->name, c->layer, msg);
    else
        snprintf(full, sizeof(full), "[%s]: %s", c->sec ? c->sec->name : "net", msg);
    char *text = yf_arena_strndup(c->arena, full, strlen(full));
    if (n == m->warn_cap) { /* grow at powers of two */
        int cap = n ? n * 2 : 4;
        yf_warning *w = yf_arena_alloc(c->arena, (size_t)cap * sizeof(*w));
        if (!w || !text)
            return; /* out of memory loses a warning, never the model */
        if (n)
            memcpy(w, m->warnings, (size_t)n * sizeof(*w));
        m->warnings = w;
        m->warn_cap = cap;
        m->pub.warnings = w;
    }
    if (!text)
        return;
    m->warnings[n].line = line;
    m->warnings[n].message = text;
    m->pub.n_warnings = n + 1;
}

/* Insertion sort: warnings arrive almost in line order. */
void yf_warnings_sort(yf_model_impl *m)
{
    for (int i = 1; i < m->pub.n_warnings; i++) {
        yf_warning w = m->warnings[i];
        int j = i;
        for (; j > 0 && m->warnings[j - 1].line > w.line; j--)
            m->warnings[j] = m->warnings[j - 1];
        m->warnings[j] = w;
    }
}

void yf_ctx_warn(yf_ctx *c, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(c, line, fmt, ap);
    va_end(ap);
}

static yf_kv *find(yf_ctx *c, const char *key)
{
    yf_kv *first = NULL;
    for (int i = 0; i < c->sec->n_kv; i++) {
        yf_kv *kv = &c->sec->kv[i];
        if (strcmp(kv->key, key) != 0)
            continue;
        if (!first) {
            first = kv;
        } else if (!kv->used) {
            yf_ctx_warn(c, kv->line, "duplicate key '%s' ignored (line %d is used, as in Darknet)",
                        key, first->line);
        }
        kv->used = 1;
    }
    return first;
}

int yf_key_line(const yf_ctx *c, const char *key)
{
    if (!c->sec)
        return 0;
    for (int i = 0; key && i < c->sec->n_kv; i++)
        if (strcmp(c->sec->kv[i].key, key) == 0)
            return c->sec->kv[i].line;
    return c->sec->line;
}

int yf_ctx_fail(yf_ctx *c, int code, const char *key, const char *fmt, ...)
{
    yf_error *err = c->err;
    err->line = yf_key_line(c, key);
    err->layer = c->layer;
    if (c->sec)
        snprintf(err->section, sizeof(err->section), "%s", c->sec->name);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    yf_sanitize(err->message);
    err->code = code;
    return code;
}

bool yf_key_has(const yf_ctx *c, const char *key)
{
    for (int i = 0; i < c->sec->n_kv; i++)
        if (strcmp(c->sec->kv[i].key, key) == 0)
            return true;
    return false;
}

/* The one integer parser: whole string, base 10, no overflow. */
static int parse_int(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0')
        return -1;
    if (errno == ERANGE)
        return -2;
    *out = v;
    return 0;
}

static int parse_float(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int yf_key_int(yf_ctx *c, const char *key, int64_t def, int64_t min, int64_t max, int64_t *out)
{
    yf_kv *kv = find(c, key);
    if (!kv) {
        *out = def;
        return YF_OK;
    }
    int64_t v;
    int r = parse_int(kv->value, &v);
    if (r == -1)
        return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' must be an integer, got '%.40s'", key, kv->value);
    if (r == -2 || v > max)
        return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' must be <= %lld, got '%.40s'", key, (long long)max,
                           kv->value);
    if (v < min)
        return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' must be %s %lld, got '%.40s'", key,
                           min == 1 ? ">" : ">=", (long long)(min == 1 ? 0 : min), kv->value);
    *out = v;
    return YF_OK;
}

int yf_key_float(yf_ctx *c, const char *key, double def, double *out)
{
    yf_kv *kv = find(c, key);
    if (!kv) {
        *out = def;
        return YF_OK;
    }
    if (parse_float(kv->value, out))
        return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' must be a number, got '%.40s'", key, kv->value);
    return YF_OK;
}

int yf_key_flag(yf_ctx *c, const char *key, int def, int *out)
{
    int64_t v;
    if (yf_key_int(c, key, def, INT32_MIN, INT32_MAX, &v))
        return c->err->code;
    if (v != 0 && v != 1)
        yf_ctx_warn(c, yf_key_line(c, key), "'%s=%lld' is read as on (Darknet tests for non-zero)",
                    key, (long long)v);
    *out = v != 0;
    return YF_OK;
}

const char *yf_key_str(yf_ctx *c, const char *key, const char *def)
{
    yf_kv *kv = find(c, key);
    return kv ? kv->value : def;
}

void yf_key_ignore(yf_ctx *c, const char *const *keys)
{
    for (; *keys; keys++)
        (void)find(c, *keys);
}

/* Splits a comma list; each item goes through `one`. */
static int list(yf_ctx *c, const char *key, void **out, int *n, size_t size,
                int (*one)(const char *, void *))
{
    *out = NULL;
    *n = 0;
    yf_kv *kv = find(c, key);
    if (!kv)
        return YF_OK;
    const char *s = kv->value;
    int count = 1;
    for (const char *p = s; *p; p++)
        count += *p == ',';
    if (count > YF_MAX_LIST)
        return yf_ctx_fail(c, YF_ERR_LIMIT, key, "'%s' has %d entries, more than %d", key, count, YF_MAX_LIST);
    char *items = yf_arena_alloc(c->arena, size * (size_t)count);
    char item[64];
    if (!items)
        return yf_error_nomem(c->err);
    for (int i = 0; i < count; i++) {
        size_t len = strcspn(s, ",");
        if (len == 0 && count == 1)
            return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' is empty", key);
        snprintf(item, sizeof(item), "%.*s", (int)(len < 63 ? len : 63), s);
        if (len == 0 || len > 63 || one(item, items + size * (size_t)i))
            return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' entry %d is not a number: '%.40s'", key, i + 1,
                               item);
        s += len + (s[len] == ',');
    }
    *out = items;
    *n = count;
    return YF_OK;
}

static int one_int(const char *s, void *out)
{
    int64_t v;
    if (parse_int(s, &v) || v < -YF_MAX_LAYERS * 2LL || v > YF_MAX_LAYERS * 2LL)
        return -1;
    *(int *)out = (int)v;
    return 0;
}

static int one_float(const char *s, void *out)
{
    return parse_float(s, out);
}

int yf_key_ints(yf_ctx *c, const char *key, int **out, int *n)
{
    return list(c, key, (void **)out, n, sizeof(int), one_int);
}

int yf_key_floats(yf_ctx *c, const char *key, double **out, int *n)
{
    return list(c, key, (void **)out, n, sizeof(double), one_float);
}

void yf_ctx_unused(yf_ctx *c)
{
    for (int i = 0; i < c->sec->n_kv; i++) {
        yf_kv *kv = &c->sec->kv[i];
        if (!kv->used)
            yf_ctx_warn(c, kv->line, "unknown key '%s' ignored (Darknet does not read it)",
                        kv->key);
    }
}

yf_node *yf_ctx_node(yf_ctx *c, int index)
{
    return &c->model->nodes[index];
}

const yf_layer *yf_ctx_layer(yf_ctx *c, int index)
{
    return &c->model->layers[index];
}
