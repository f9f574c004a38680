/* Reading constant JSON node trees (jtree.h), and building one from JSON
 * text through cJSON: one allocation holds the nodes, breadth first so
 * every node's children are contiguous, then the strings. */
#include "analysis/jtree.h"
#include "core/core.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

const yf_jnode *yf_jget(const yf_jnode *obj, const char *key)
{
    if (!obj || obj->type != YF_J_OBJECT)
        return NULL;
    for (int i = 0; i < obj->n; i++)
        if (obj->child[i].key && strcmp(obj->child[i].key, key) == 0)
            return &obj->child[i];
    return NULL;
}

double yf_jnum(const yf_jnode *obj, const char *key, double def)
{
    const yf_jnode *v = yf_jget(obj, key);
    return v && v->type == YF_J_NUMBER ? v->num : def;
}

const char *yf_jstr(const yf_jnode *obj, const char *key, const char *def)
{
    const yf_jnode *v = yf_jget(obj, key);
    return v && v->type == YF_J_STRING ? v->str : def;
}

int yf_jbool(const yf_jnode *obj, const char *key, int def)
{
    const yf_jnode *v = yf_jget(obj, key);
    return v && (v->type == YF_J_TRUE || v->type == YF_J_FALSE) ? v->type == YF_J_TRUE : def;
}

int yf_jcontains(const yf_jnode *arr, const char *s)
{
    for (int i = 0; arr && arr->type == YF_J_ARRAY && i < arr->n; i++)
        if (arr->child[i].type == YF_J_STRING && strcmp(arr->child[i].str, s) == 0)
            return 1;
    return 0;
}

enum { MAX_DEPTH = 64, MAX_NODES = 100000 };

/* Nodes and string bytes below j; -1 when too deep or too many. */
static int measure(const cJSON *j, int depth, int *nodes, size_t *bytes)
{
    if (depth > MAX_DEPTH || ++*nodes > MAX_NODES)
        return -1;
    if (j->string)
        *bytes += strlen(j->string) + 1;
    if (cJSON_IsString(j))
        *bytes += strlen(j->valuestring) + 1;
    for (const cJSON *c = j->child; c; c = c->next)
        if (measure(c, depth + 1, nodes, bytes))
            return -1;
    return 0;
}

static const char *copy(char **pool, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = memcpy(*pool, s, n);
    *pool += n;
    return d;
}

static int jtype(const cJSON *j)
{
    if (cJSON_IsNull(j))
        return YF_J_NULL;
    if (cJSON_IsFalse(j))
        return YF_J_FALSE;
    if (cJSON_IsTrue(j))
        return YF_J_TRUE;
    if (cJSON_IsNumber(j))
        return YF_J_NUMBER;
    if (cJSON_IsString(j))
        return YF_J_STRING;
    return cJSON_IsArray(j) ? YF_J_ARRAY : YF_J_OBJECT;
}

/* Breadth first into nodes[0..total): the queue is the node order itself. */
static void fill(const cJSON *root, yf_jnode *nodes, const cJSON **queue, int total, char *pool)
{
    int next = 1;
    queue[0] = root;
    for (int head = 0; head < total; head++) {
        const cJSON *j = queue[head];
        yf_jnode *d = &nodes[head];
        int n = 0;
        for (const cJSON *c = j->child; c; c = c->next)
            queue[next + n++] = c;
        *d = (yf_jnode){.type = jtype(j), .n = n, .child = n ? &nodes[next] : NULL};
        d->key = copy(&pool, j->string);
        d->str = cJSON_IsString(j) ? copy(&pool, j->valuestring) : NULL;
        d->num = cJSON_IsNumber(j) ? j->valuedouble : 0.0;
        next += n;
    }
}

static int only_space(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return 1;
}

/* ---- duplicate keys ---- */

typedef struct keyref {
    const char *key;
    int order; /* the key's place among all the text's keys, in text order */
} keyref;

static int by_key(const void *a, const void *b)
{
    const keyref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Pre-order over the tree numbers the keys as they appear in the text. The
 * first object (in that order) with a repeated key sets *dup to the later
 * occurrence. Returns YF_ERR_NOMEM or YF_OK. */
static int find_repeat(const cJSON *j, const yf_allocator *a, int *order, int *dup,
                       const char **dup_key)
{
    int n = 0;
    for (const cJSON *c = j->child; c; c = c->next)
        n++;
    keyref *refs = cJSON_IsObject(j) && n > 1 ? yf_malloc(a, sizeof(*refs) * (size_t)n)
                                                     : NULL;
    if (cJSON_IsObject(j) && n > 1 && !refs)
        return YF_ERR_NOMEM;
    int i = 0, status = YF_OK;
    for (const cJSON *c = j->child; c && !status; c = c->next, i++) {
        if (cJSON_IsObject(j) && refs)
            refs[i] = (keyref){c->string, *order};
        *order += cJSON_IsObject(j);
        status = find_repeat(c, a, order, dup, dup_key);
    }
    if (refs && !status && *dup < 0) {
        qsort(refs, (size_t)n, sizeof(*refs), by_key);
        for (i = 1; i < n; i++)
            if (strcmp(refs[i - 1].key, refs[i].key) == 0 && (*dup < 0 || refs[i].order < *dup)) {
                *dup = refs[i].order;
                *dup_key = refs[i].key;
            }
    }
    yf_free(a, refs);
    return status;
}

/* Byte offset of the k-th key (0-based) of valid JSON text: a string that
 * ':' follows. */
static size_t key_offset(const char *text, size_t len, int k)
{
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '"')
            continue;
        size_t start = i++;
        while (i < len && text[i] != '"')
            i += text[i] == '\\' ? 2 : 1;
        size_t after = i + 1;
        while (after < len && (text[after] == ' ' || text[after] == '\t' ||
                               text[after] == '\n' || text[after] == '\r'))
            after++;
        if (after < len && text[after] == ':' && k-- == 0)
            return start;
    }
    return len;
}

int yf_json_check_keys(const cJSON *root, const char *text, size_t len, const yf_allocator *a,
                       yf_error *err)
{
    int order = 0, dup = -1;
    const char *key = NULL;
    if (find_repeat(root, a, &order, &dup, &key))
        return yf_error_nomem(err);
    if (dup < 0)
        return YF_OK;
    return yf_error_set(err, YF_ERR_VALUE, "duplicate key '%.60s' at byte %zu", key,
                        key_offset(text, len, dup));
}

int yf_jparse(const char *text, size_t len, const yf_allocator *a, yf_jnode **out,
              yf_error *err)
{
    const char *end = NULL;
    *out = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        if (at && at >= text && at <= text + len)
            return yf_error_set(err, YF_ERR_SYNTAX, "invalid JSON at byte %ld", (long)(at - text));
        return yf_error_set(err, YF_ERR_SYNTAX, "invalid JSON");
    }
    int nodes = 0, status = YF_OK;
    size_t bytes = 0;
    if (!only_space(end, text + len))
        status = yf_error_set(err, YF_ERR_SYNTAX, "unexpected content after the JSON value at "
                                                  "byte %ld",
                              (long)(end - text));
    else if (measure(root, 0, &nodes, &bytes))
        status = yf_error_set(err, YF_ERR_LIMIT, "JSON deeper than %d or with more than %d "
                                                 "values",
                              MAX_DEPTH, MAX_NODES);
    else
        status = yf_json_check_keys(root, text, len, a, err);
    size_t size = sizeof(yf_jnode) * (size_t)nodes;
    yf_jnode *block = status ? NULL : yf_malloc(a, size + bytes);
    const cJSON **queue = block ? yf_malloc(a, sizeof(*queue) * (size_t)nodes) : NULL;
    if (!status && !queue) {
        yf_free(a, block);
        block = NULL;
        status = yf_error_nomem(err);
    }
    if (!status) {
        fill(root, block, queue, nodes, (char *)block + size);
        *out = block;
    }
    yf_free(a, queue);
    cJSON_Delete(root);
    return status;
}
