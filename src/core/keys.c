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

/* The edit behind a key line (< 0: edit.c gives edited keys such lines). */
const char *yf_edit_origin(const yf_model_impl *m, int line)
{
    int i = -line - 1;
    return line < 0 && i < m->pub.n_changes ? m->changes[i].origin : NULL;
}


static void vwarn(yf_ctx *c, int kind, int line, const char *fmt, va_list ap)
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
    const char *origin = yf_edit_origin(m, line);
    m->warnings[n].line = origin ? 0 : line;
    m->warnings[n].message = text;
    m->warnings[n].origin = origin;
    m->warnings[n].kind = kind;
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
    vwarn(c, YF_WARN_CFG, line, fmt, ap);
    va_end(ap);
}

void yf_ctx_warn_kind(yf_ctx *c, int kind, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(c, kind, line, fmt, ap);
    va_end(ap);
}

/* Damerau-Levenshtein distance (adjacent swaps count one), capped: names
 * longer than 40 characters are never close. */
int yf_edit_distance(const char *a, const char *b)
{
    enum { N = 41 };
    size_t n = strlen(a), m = strlen(b);
    if (n >= N || m >= N)
        return 99;
    int d[N][N];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

/* Remembers every key a kind asks for, so an unknown key can be matched
 * against them ("did you mean"). Kept as asked, repeats included: the
 * search for the closest key does not mind them, and a lookup here made
 * loading quadratic in the keys a section asks for. */
static void asked(yf_ctx *c, const char *key)
{
    if (c->n_asked < (int)(sizeof(c->asked) / sizeof(c->asked[0])))
        c->asked[c->n_asked++] = key;
}

/* One of 64 bits for a key name: most keys a kind asks for are absent. */
static uint64_t key_bit(const char *key)
{
    size_t n = strlen(key);
    unsigned h = (unsigned char)key[0] * 31u + (unsigned)n * 7u + (unsigned char)key[n ? n - 1 : 0];
    return (uint64_t)1 << (h % 64);
}

static yf_kv *find(yf_ctx *c, const char *key)
{
    asked(c, key);
    if (c->mask_of != c->sec) {
        c->mask = 0;
        for (int i = 0; i < c->sec->n_kv; i++)
            c->mask |= key_bit(c->sec->kv[i].key);
        c->mask_of = c->sec;
    }
    if (!(c->mask & key_bit(key)))
        return NULL;
    yf_kv *first = NULL;
    for (int i = 0; i < c->sec->n_kv; i++) {
        yf_kv *kv = &c->sec->kv[i];
        if (kv->key[0] != key[0] || strcmp(kv->key, key) != 0)
            continue;
        if (!first) {
            first = kv;
        } else if (!kv->used && first->line < 0) {
            yf_ctx_warn(c, kv->line, "duplicate key '%s' ignored (the edited value is used)", key);
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
    int line = yf_key_line(c, key);
    const char *origin = yf_edit_origin(c->model, line);
    va_list ap;
    va_start(ap, fmt);
    yf_error_vlocate(c->err, code, origin, origin ? 0 : line, c->layer,
                     c->sec ? c->sec->name : NULL, fmt, ap);
    va_end(ap);
    return code;
}

bool yf_key_has(const yf_ctx *c, const char *key)
{
    for (int i = 0; i < c->sec->n_kv; i++)
        if (strcmp(c->sec->kv[i].key, key) == 0)
            return true;
    return false;
}

/* What Darknet reads from a value with atoi ((int)strtol(s, 0, 10)): the
 * leading sign and digits, saturated to a long, its low 32 bits kept. */
int64_t yf_darknet_atoi(const char *s)
{
    int neg = *s == '-';
    const char *p = s + (*s == '-' || *s == '+');
    uint64_t v = 0;
    int saturated = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (UINT64_C(1) << 63) / 10) {
            saturated = 1;
            continue;
        }
        v = v * 10 + (uint64_t)(*p - '0');
    }
    if (v > (UINT64_C(1) << 63) - !neg)
        saturated = 1;
    uint64_t l = saturated ? (neg ? UINT64_C(1) << 63 : (UINT64_C(1) << 63) - 1)
                           : (neg ? (uint64_t)0 - v : v);
    return (int32_t)(uint32_t)l;
}

/* ", Darknet's atoi reads N" when that differs from the text, else "". */
static const char *atoi_note(char buf[80], const char *text)
{
    int64_t d = yf_darknet_atoi(text);
    char back[32];
    snprintf(back, sizeof(back), "%lld", (long long)d);
    if (strcmp(back, text) == 0)
        buf[0] = '\0';
    else
        snprintf(buf, 80, " (Darknet's atoi reads %lld)", (long long)d);
    return buf;
}

int yf_key_int(yf_ctx *c, const char *key, int64_t def, int64_t min, int64_t max, int64_t *out)
{
    yf_kv *kv = find(c, key);
    char note[80];
    if (!kv) {
        *out = def;
        return YF_OK;
    }
    if (!kv->value[0])
        return yf_ctx_fail(c, YF_ERR_VALUE, key,
                           "'%s' is empty: Darknet ignores this line and uses its default %lld", key,
                           (long long)def);
    int64_t v;
    int range;
    const char *end = yf_scan_integer(kv->value, &v, &range);
    if (!end || *end)
        return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' must be an integer, got '%.40s'%s", key,
                           kv->value, atoi_note(note, kv->value));
    if (v > max)
        return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' must be <= %lld, got '%.40s'%s", key,
                           (long long)max, kv->value, atoi_note(note, kv->value));
    if (v < min)
        return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' must be %s %lld, got '%.40s'%s", key,
                           min == 1 ? ">" : ">=", (long long)(min == 1 ? 0 : min), kv->value,
                           atoi_note(note, kv->value));
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
    int range;
    const char *end = yf_scan_real(kv->value, out, &range);
    if (!kv->value[0])
        return yf_ctx_fail(c, YF_ERR_VALUE, key,
                           "'%s' is empty: Darknet ignores this line and uses its default %g", key,
                           def);
    if (!end || *end)
        return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' must be a number, got '%.40s'", key,
                           kv->value);
    if (range)
        return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' is out of range, got '%.40s'", key,
                           kv->value);
    return YF_OK;
}

int yf_key_flag(yf_ctx *c, const char *key, int def, int *out)
{
    int64_t v;
    if (yf_key_int(c, key, def, INT32_MIN, INT32_MAX, &v))
        return c->err->code;
    if (v != 0 && v != 1)
        yf_ctx_warn(c, yf_key_line(c, key),
                    "'%s=%lld' is read as %s=1 (Darknet tests it for non-zero)", key, (long long)v,
                    key);
    *out = v != 0;
    return YF_OK;
}

const char *yf_key_str(yf_ctx *c, const char *key, const char *def)
{
    yf_kv *kv = find(c, key);
    return kv ? kv->value : def;
}

const char *yf_key_darknet_str(yf_ctx *c, const char *key, const char *def)
{
    yf_kv *kv = find(c, key);
    return kv ? kv->raw : def;
}

void yf_key_ignore(yf_ctx *c, const char *const *keys)
{
    for (; *keys; keys++)
        (void)find(c, *keys);
}

/* One entry of a list, up to the next ',' or the end. */
static int one_int(const char *s, const char **end, void *out)
{
    int64_t v;
    int range;
    *end = yf_scan_integer(s, &v, &range);
    if (!*end || (**end && **end != ','))
        return -1;
    if (range || v < INT32_MIN || v > INT32_MAX)
        return -2;
    *(int *)out = (int)v;
    return 0;
}

static int one_float(const char *s, const char **end, void *out)
{
    int range;
    *end = yf_scan_real(s, out, &range);
    if (!*end || (**end && **end != ','))
        return -1;
    return range ? -2 : 0;
}

/* Splits a comma list; each entry goes through `one`. */
static int list(yf_ctx *c, const char *key, void **out, int *n, size_t size,
                int (*one)(const char *, const char **, void *))
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
        return yf_ctx_fail(c, YF_ERR_LIMIT, key, "'%s' has %d entries, more than %d", key, count,
                           YF_MAX_LIST);
    if (!*s)
        return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' is empty", key);
    char *items = yf_arena_alloc(c->arena, size * (size_t)count);
    if (!items)
        return yf_error_nomem(c->err);
    for (int i = 0; i < count; i++) {
        const char *end;
        size_t len = strcspn(s, ",");
        int r = len ? one(s, &end, items + size * (size_t)i) : -1;
        if (r == -2)
            return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' entry %d is out of range: '%.*s'", key,
                               i + 1, (int)(len < 40 ? len : 40), s);
        if (r)
            return yf_ctx_fail(c, YF_ERR_VALUE, key, "'%s' entry %d is not a number: '%.*s'", key,
                               i + 1, (int)(len < 40 ? len : 40), s);
        s += len + (s[len] == ',');
    }
    *out = items;
    *n = count;
    return YF_OK;
}

int yf_key_ints(yf_ctx *c, const char *key, int **out, int *n)
{
    return list(c, key, (void **)out, n, sizeof(int), one_int);
}

int yf_key_floats(yf_ctx *c, const char *key, double **out, int *n)
{
    return list(c, key, (void **)out, n, sizeof(double), one_float);
}

/* Darknet's parse_route/parse_shortcut count every ',' of the whole value and
 * read each entry with atoi: a '#' inside the value is no comment to them
 * (parse_yolo_mask stops counting at '#' but not at ';'). When that reading
 * differs from the one without the comment, use Darknet's (it builds that
 * network) and say so. */
static int darknet_ints(yf_ctx *c, const char *key, int stop_at_hash, int **out, int *n)
{
    if (yf_key_ints(c, key, out, n))
        return c->err->code;
    const yf_kv *kv = NULL;
    for (int i = 0; i < c->sec->n_kv && !kv; i++)
        if (strcmp(c->sec->kv[i].key, key) == 0)
            kv = &c->sec->kv[i];
    if (!kv || !kv->comment)
        return YF_OK;
    int count = 1;
    for (const char *p = kv->raw; *p && !(stop_at_hash && *p == '#'); p++)
        count += *p == ',';
    if (count > YF_MAX_LIST)
        return yf_ctx_fail(c, YF_ERR_LIMIT, key, "'%s' has %d entries, more than %d", key, count,
                           YF_MAX_LIST);
    int *dn = yf_arena_alloc(c->arena, sizeof(int) * (size_t)count), same = count == *n;
    char text[160];
    size_t k = 0;
    if (!dn)
        return yf_error_nomem(c->err);
    const char *s = kv->raw;
    for (int i = 0; i < count; i++) {
        dn[i] = (int)yf_darknet_atoi(s);
        same = same && dn[i] == (*out)[i];
        if (k < sizeof(text) - 16)
            k += (size_t)snprintf(text + k, sizeof(text) - k, "%s%d", i ? "," : "", dn[i]);
        s += strcspn(s, ",") + (s[strcspn(s, ",")] == ',');
    }
    if (same)
        return YF_OK;
    yf_ctx_warn(c, kv->line,
                "'%s=%.40s': Darknet does not treat '#' or ';' inside a value as a comment and "
                "reads %s=%s (%d entr%s), as computed here; put the comment on its own line",
                key, kv->raw, key, text, count, count == 1 ? "y" : "ies");
    *out = dn;
    *n = count;
    return YF_OK;
}

int yf_key_refs(yf_ctx *c, const char *key, int **out, int *n)
{
    return darknet_ints(c, key, 0, out, n);
}

int yf_key_mask(yf_ctx *c, const char *key, int **out, int *n)
{
    return darknet_ints(c, key, 1, out, n);
}

/* The key this section reads that a misspelt one is closest to: up to two
 * edits (a swap counts one) and fewer than half its letters. */
static const char *nearest_key(const yf_ctx *c, const char *key)
{
    const char *best = NULL;
    int best_d = 3;
    for (int i = 0; i < c->n_asked; i++) {
        int d = yf_edit_distance(key, c->asked[i]);
        if (d < best_d && 2 * d < (int)strlen(c->asked[i])) {
            best = c->asked[i];
            best_d = d;
        }
    }
    return best;
}

int yf_ctx_unused(yf_ctx *c)
{
    for (int i = 0; i < c->sec->n_kv; i++) {
        yf_kv *kv = &c->sec->kv[i];
        if (kv->used)
            continue;
        const char *near = nearest_key(c, kv->key);
        if (kv->line < 0)
            return yf_ctx_fail(c, YF_ERR_VALUE, kv->key,
                               "this section does not read '%s'%s%s%s", kv->key,
                               near ? " (did you mean '" : "", near ? near : "",
                               near ? "'?)" : "");
        if (near)
            yf_ctx_warn(c, kv->line,
                        "unknown key '%s' ignored (Darknet does not read it; did you mean '%s'?)",
                        kv->key, near);
        else
            yf_ctx_warn(c, kv->line, "unknown key '%s' ignored (Darknet does not read it)",
                        kv->key);
    }
    c->n_asked = 0;
    return YF_OK;
}

yf_node *yf_ctx_node(yf_ctx *c, int index)
{
    return &c->model->nodes[index];
}

const yf_layer *yf_ctx_layer(yf_ctx *c, int index)
{
    return &c->model->layers[index];
}
