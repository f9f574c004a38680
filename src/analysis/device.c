/* Devices: the built-in presets (data/latency/devices.json, every figure
 * with its tag and source) and a user's spec (--device-spec), as key=value
 * pairs with SI suffixes or as JSON, checked key by key. */
#include "analysis/latency_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct key {
    const char *name, *unit;
    double min, max; /* allowed range; min < 0 means "> 0" */
} keys[YF_SPEC_COUNT] = {
    [YF_SPEC_FP32] = {"fp32", "FLOP/s", -1, 1e18},
    [YF_SPEC_FP16] = {"fp16", "FLOP/s", -1, 1e18},
    [YF_SPEC_FP16_NOTC] = {"fp16_notc", "FLOP/s", -1, 1e18},
    [YF_SPEC_INT8] = {"int8", "OP/s", -1, 1e18},
    [YF_SPEC_GEMM_FP32] = {"gemm_fp32", "FLOP/s", -1, 1e18},
    [YF_SPEC_BANDWIDTH] = {"bandwidth", "bytes/s", -1, 1e16},
    [YF_SPEC_MEMORY] = {"memory", "bytes", 0, 1e16},
    [YF_SPEC_OVERHEAD_US] = {"overhead_us", "us", 0, 1e6},
    [YF_SPEC_EFF_COMPUTE] = {"eff_compute", "", -1, 10},
    [YF_SPEC_EFF_MEMORY] = {"eff_memory", "", -1, 10},
    [YF_SPEC_HOST_FP32] = {"host_fp32", "FLOP/s", -1, 1e18},
    [YF_SPEC_HOST_GHZ] = {"host_ghz", "GHz", -1, 100},
    [YF_SPEC_HOST_CORES] = {"host_cores", "", 1, 1e6},
    [YF_SPEC_HOST_BANDWIDTH] = {"host_bandwidth", "bytes/s", -1, 1e16},
    [YF_SPEC_HOST_LINK] = {"host_link", "bytes/s", -1, 1e16},
    [YF_SPEC_SRAM] = {"sram", "bytes", 0, 1e16},
    [YF_SPEC_TENSOR_CORES] = {"tensor_cores", "", 0, 1},
    [YF_SPEC_INT8_PATH] = {"int8_path", "", 0, 1},
};

const char *yf_spec_key_name(int key)
{
    return key >= 0 && key < YF_SPEC_COUNT ? keys[key].name : NULL;
}

const char *yf_spec_key_unit(int key)
{
    return key >= 0 && key < YF_SPEC_COUNT ? keys[key].unit : NULL;
}

static int key_find(const char *name)
{
    for (int k = 0; k < YF_SPEC_COUNT; k++)
        if (strcmp(name, keys[k].name) == 0)
            return k;
    return -1;
}

static int tag_find(const char *name)
{
    for (int t = YF_TAG_DATASHEET; name && t <= YF_TAG_USER; t++)
        if (strcmp(name, yf_tag_name(t)) == 0)
            return t;
    return YF_TAG_UNVERIFIED;
}

static int kind_find(const char *name)
{
    for (int k = YF_DEVICE_GPU; name && k <= YF_DEVICE_NPU; k++)
        if (strcmp(name, yf_device_kind_name(k)) == 0)
            return k;
    return -1;
}

/* ---- presets ---- */

static const yf_jnode *presets(const yf_latency_db *db)
{
    return yf_jget(db->devices, "devices");
}

int yf_device_count(const yf_latency_db *db)
{
    const yf_jnode *p = presets(db);
    return p ? p->n : 0;
}

void yf_device_at(const yf_latency_db *db, int i, yf_device *out)
{
    const yf_jnode *e = &presets(db)->child[i], *spec = yf_jget(e, "spec");
    *out = (yf_device){.preset = 1};
    snprintf(out->id, sizeof(out->id), "%s", yf_jstr(e, "id", "?"));
    snprintf(out->name, sizeof(out->name), "%s", yf_jstr(e, "name", out->id));
    snprintf(out->device_class, sizeof(out->device_class), "%s", yf_jstr(e, "class", ""));
    const yf_jnode *al = yf_jget(e, "aliases");
    for (int a = 0, o = 0; al && a < al->n && al->child[a].str && o < (int)sizeof(out->aliases);
         a++)
        o += snprintf(out->aliases + o, sizeof(out->aliases) - (size_t)o, "%s%s", a ? "," : "",
                      al->child[a].str);
    int kind = kind_find(yf_jstr(e, "kind", NULL));
    out->kind = kind >= 0 ? kind : YF_DEVICE_GPU;
    for (int i2 = 0; spec && i2 < spec->n; i2++) {
        const yf_jnode *v = &spec->child[i2];
        const yf_jnode *value = yf_jget(v, "value");
        if (strcmp(v->key, "host_name") == 0 && value && value->str) {
            snprintf(out->host_name, sizeof(out->host_name), "%s", value->str);
            continue;
        }
        int k = key_find(v->key);
        if (k < 0 || !value || value->type != YF_J_NUMBER)
            continue;
        out->spec[k] = (yf_spec_value){value->num, tag_find(yf_jstr(v, "tag", NULL)),
                                       yf_jstr(v, "source", NULL), yf_jstr(v, "note", NULL)};
    }
}

static int names_it(const yf_jnode *e, const char *name)
{
    return strcmp(yf_jstr(e, "id", ""), name) == 0 || yf_jcontains(yf_jget(e, "aliases"), name);
}

int yf_device_find(const yf_latency_db *db, const char *name, yf_device *out, yf_error *err)
{
    const yf_jnode *p = presets(db);
    const char *best = NULL;
    int best_d = 99;
    for (int i = 0; p && i < p->n; i++) {
        if (names_it(&p->child[i], name)) {
            yf_device_at(db, i, out);
            return YF_OK;
        }
        const char *id = yf_jstr(&p->child[i], "id", "");
        int d = yf_edit_distance(name, id);
        const yf_jnode *al = yf_jget(&p->child[i], "aliases");
        for (int a = 0; al && a < al->n; a++)
            if (al->child[a].str && yf_edit_distance(name, al->child[a].str) < d)
                d = yf_edit_distance(name, al->child[a].str);
        if (d < best_d) {
            best_d = d;
            best = id;
        }
    }
    if (best && best_d <= 3)
        return yf_error_set(err, YF_ERR_VALUE, "unknown device '%.40s' (did you mean '%s'? "
                                               "'yoloflops devices' lists them)",
                            name, best);
    return yf_error_set(err, YF_ERR_VALUE, "unknown device '%.40s' ('yoloflops devices' lists "
                                           "them; --device-spec describes another)",
                        name);
}

/* ---- a user's spec ---- */

static int set_value(yf_device *d, const char *key, double v, yf_error *err)
{
    int k = key_find(key);
    const struct key *s = &keys[k];
    if (!isfinite(v) || (s->min < 0 ? v <= 0 : v < s->min) || v > s->max)
        return yf_error_set(err, YF_ERR_VALUE, "'%s' must be %s%g and <= %g%s%s, "
                                               "got %g",
                            key, s->min < 0 ? "> " : ">= ", s->min < 0 ? 0 : s->min, s->max,
                            *s->unit ? " " : "", s->unit, v);
    if (k == YF_SPEC_HOST_CORES && v != floor(v))
        return yf_error_set(err, YF_ERR_VALUE, "'host_cores' must be a whole "
                                               "number, got %g",
                            v);
    if ((k == YF_SPEC_TENSOR_CORES || k == YF_SPEC_INT8_PATH) && v != floor(v))
        return yf_error_set(err, YF_ERR_VALUE, "'%s' must be 0 or 1, got %g", key, v);
    d->spec[k] = (yf_spec_value){v, YF_TAG_USER, "user", NULL};
    return YF_OK;
}

/* Words of a spec: printable, not empty; an id is written back into
 * key=value text, so it has no ',' or '=' either. */
static int text_ok(const char *key, const char *v, size_t max, int id, yf_error *err)
{
    size_t n = strlen(v);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 32 || v[i] == 127 || (id && (v[i] == ',' || v[i] == '=')))
            return yf_error_set(err, YF_ERR_VALUE, "'%s' may not hold control "
                                                   "characters%s",
                                key, id ? ", ',' or '='" : "");
    if (n == 0 || n > max)
        return yf_error_set(err, YF_ERR_VALUE, "'%s' must be 1 to %d characters",
                            key, (int)max);
    return YF_OK;
}

static int unknown_key(const char *key, yf_error *err)
{
    const char *best = NULL;
    int best_d = 3;
    static const char *const words[] = {"name", "kind", "host_name", "calibrated_at"};
    for (int k = 0; k < YF_SPEC_COUNT + 4; k++) {
        const char *w = k < YF_SPEC_COUNT ? keys[k].name : words[k - YF_SPEC_COUNT];
        int d = yf_edit_distance(key, w);
        if (d < best_d) {
            best_d = d;
            best = w;
        }
    }
    if (best)
        return yf_error_set(err, YF_ERR_VALUE, "unknown key '%.40s' (did you mean "
                                               "'%s'?)",
                            key, best);
    return yf_error_set(err, YF_ERR_VALUE, "unknown key '%.40s' (keys: fp32, fp16, "
                                           "fp16_notc, int8, gemm_fp32, bandwidth, memory, "
                                           "overhead_us, eff_compute, eff_memory, host_fp32, "
                                           "host_ghz, host_cores, host_bandwidth, host_link, sram, "
                                           "tensor_cores, int8_path, kind, name, host_name, "
                                           "calibrated_at)",
                        key);
}

/* One key with its value as text (a number with an optional suffix, or a word). */
static int take_text(yf_device *d, const char *key, const char *v, yf_error *err)
{
    if (strcmp(key, "id") == 0 || (strcmp(key, "name") == 0 && !d->id[0])) {
        if (text_ok(key, v, sizeof(d->id) - 1, 1, err))
            return err->code;
        snprintf(d->id, sizeof(d->id), "%s", v);
    }
    if (strcmp(key, "name") == 0 || (strcmp(key, "id") == 0 && !d->name[0])) {
        snprintf(d->name, sizeof(d->name), "%s", v);
        return text_ok(key, v, sizeof(d->name) - 1, 0, err);
    }
    if (strcmp(key, "id") == 0)
        return YF_OK;
    if (strcmp(key, "host_name") == 0) {
        snprintf(d->host_name, sizeof(d->host_name), "%s", v);
        return text_ok(key, v, sizeof(d->host_name) - 1, 0, err);
    }
    if (strcmp(key, "calibrated_at") == 0) {
        int p = yf_precision_find(v);
        if (p < 0)
            return yf_error_set(err, YF_ERR_VALUE, "'calibrated_at' must be a precision "
                                                   "(fp32, fp16, int8, ...), got '%.40s'",
                                v);
        snprintf(d->calibrated_at, sizeof(d->calibrated_at), "%s", yf_precision_label(p));
        return YF_OK;
    }
    if (strcmp(key, "kind") == 0) {
        d->kind = kind_find(v);
        if (d->kind < 0)
            return yf_error_set(err, YF_ERR_VALUE, "'kind' must be gpu, cpu or "
                                                   "npu, got '%.40s'",
                                v);
        return YF_OK;
    }
    if (key_find(key) < 0)
        return unknown_key(key, err);
    double x;
    int pct, suffixed, r = yf_quantity_parse(v, &x, &pct, &suffixed);
    if (r == -2)
        return yf_error_set(err, YF_ERR_VALUE, "'%s' must be > 0, got '%.40s'", key,
                            v);
    if (r || pct)
        return yf_error_set(err, YF_ERR_VALUE, "'%s' must be a number with an "
                                               "optional suffix (115.6G, 28G, 8Mi), got '%.40s'",
                            key, v);
    const char *unit = keys[key_find(key)].unit;
    if ((suffixed & (YF_QTY_BINARY | YF_QTY_BYTES)) && strncmp(unit, "bytes", 5) != 0)
        return yf_error_set(err, YF_ERR_VALUE,
                            "'%s' counts %s, not bytes: got '%.40s' (Ki, Mi, Gi, Ti and 'B' are "
                            "for sizes in bytes; use k, M, G, T)",
                            key, *unit ? unit : "a plain number", v);
    return set_value(d, key, x, err);
}

/* A key may appear once: a second value would silently replace the first.
 * *seen has a bit per spec key, then name, kind, host_name and id. */
static int once(const char *key, unsigned *seen, yf_error *err)
{
    static const char *const words[] = {"name", "kind", "host_name", "id", "calibrated_at"};
    int bit = key_find(key);
    for (int w = 0; bit < 0 && w < 5; w++)
        if (strcmp(key, words[w]) == 0)
            bit = YF_SPEC_COUNT + w;
    if (bit < 0)
        return YF_OK; /* unknown: take_text names it */
    if (*seen & (1u << bit))
        return yf_error_set(err, YF_ERR_VALUE, "'%.40s' is given twice (each key once)", key);
    *seen |= 1u << bit;
    return YF_OK;
}

static int parse_pairs(const char *text, size_t len, yf_device *d, yf_error *err)
{
    char item[128];
    unsigned seen = 0;
    if (len > 0 && text[len - 1] == ',')
        return yf_error_set(err, YF_ERR_VALUE, "empty item at the end (key=value items are "
                                               "separated by single commas)");
    for (size_t i = 0; i < len;) {
        size_t n = 0;
        while (i + n < len && text[i + n] != ',')
            n++;
        if (n >= sizeof(item))
            return yf_error_set(err, YF_ERR_VALUE, "an item is longer than %d characters",
                                (int)sizeof(item) - 1);
        memcpy(item, text + i, n);
        item[n] = '\0';
        i += n + 1;
        if (n == 0)
            return yf_error_set(err, YF_ERR_VALUE, "empty item at character %d (key=value items "
                                                   "are separated by single commas)",
                                (int)(i - n));
        char *eq = strchr(item, '=');
        if (!eq || eq == item)
            return yf_error_set(err, YF_ERR_VALUE, "'%.40s' is not key=value", item);
        *eq = '\0';
        if (once(item, &seen, err) || take_text(d, item, eq + 1, err))
            return err->code;
    }
    return YF_OK;
}

/* A JSON member: a number, a quantity string, or a preset's {value, ...}. */
static int take_json(yf_device *d, const yf_jnode *v, yf_error *err)
{
    const yf_jnode *x = v->type == YF_J_OBJECT && yf_jget(v, "value") ? yf_jget(v, "value") : v;
    if (x->type == YF_J_STRING)
        return take_text(d, v->key, x->str, err);
    if (x->type != YF_J_NUMBER || key_find(v->key) < 0) {
        if (key_find(v->key) < 0 && strcmp(v->key, "name") && strcmp(v->key, "kind") &&
            strcmp(v->key, "host_name") && strcmp(v->key, "id") &&
            strcmp(v->key, "calibrated_at"))
            return unknown_key(v->key, err);
        return yf_error_set(err, YF_ERR_VALUE, "'%.40s' must be a %s", v->key,
                            key_find(v->key) < 0 ? "string" : "number");
    }
    return set_value(d, v->key, x->num, err);
}

static int parse_json(const char *text, size_t len, const yf_allocator *a, yf_device *d,
                      yf_error *err)
{
    static const char *const entry_only[] = {"aliases", "class", "fitted"};
    yf_jnode *root;
    if (yf_jparse(text, len, a, &root, err))
        return err->code;
    int status = root->type == YF_J_OBJECT
                     ? YF_OK
                     : yf_error_set(err, YF_ERR_VALUE, "not a JSON object");
    const yf_jnode *spec = yf_jget(root, "spec");
    unsigned seen = 0;
    for (int pass = 0; pass < 2 && !status; pass++) {
        const yf_jnode *obj = pass == 0 ? root : spec;
        for (int i = 0; obj && i < obj->n && !status; i++) {
            const yf_jnode *v = &obj->child[i];
            int skip = pass == 0 && spec && strcmp(v->key, "spec") == 0;
            for (size_t k = 0; pass == 0 && spec && k < 3; k++)
                skip |= strcmp(v->key, entry_only[k]) == 0;
            if (!skip)
                status = once(v->key, &seen, err) ? err->code : take_json(d, v, err);
        }
        if (!spec)
            break;
    }
    yf_free(a, root);
    return status;
}

int yf_device_spec_parse(const char *text, size_t len, const yf_allocator *alloc,
                         yf_device *out, yf_error *err)
{
    yf_error_clear(err);
    *out = (yf_device){.kind = -1};
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    int json = i < len && (text[i] == '{' || text[i] == '[');
    int status = json ? parse_json(text, len, alloc, out, err) : parse_pairs(text, len, out, err);
    if (status)
        return status;
    const yf_spec_value *s = out->spec;
    if (!s[YF_SPEC_FP32].tag && !s[YF_SPEC_FP16].tag && !s[YF_SPEC_INT8].tag)
        return yf_error_set(err, YF_ERR_VALUE, "a device spec needs a peak: fp32, fp16 or int8 "
                                               "(FLOP/s, e.g. fp32=115.6G)");
    if (!s[YF_SPEC_BANDWIDTH].tag)
        return yf_error_set(err, YF_ERR_VALUE, "a device spec needs 'bandwidth' (bytes/s, e.g. "
                                               "bandwidth=28G)");
    if (!out->id[0])
        snprintf(out->id, sizeof(out->id), "custom");
    if (!out->name[0])
        snprintf(out->name, sizeof(out->name), "%s", out->id);
    if (out->kind < 0)
        out->kind = s[YF_SPEC_FP32].value < 2e12 && !s[YF_SPEC_FP16].tag ? YF_DEVICE_CPU
                                                                          : YF_DEVICE_GPU;
    return YF_OK;
}

/* 236000000000 -> "236G"; six significant digits read back within 1e-6. */
static void quantity(char *buf, size_t n, double v)
{
    static const struct {
        const char *suffix;
        double scale;
    } si[] = {{"T", 1e12}, {"G", 1e9}, {"M", 1e6}, {"k", 1e3}};
    for (size_t i = 0; i < sizeof(si) / sizeof(si[0]); i++)
        if (fabs(v) >= si[i].scale) {
            snprintf(buf, n, "%.6g%s", v / si[i].scale, si[i].suffix);
            return;
        }
    snprintf(buf, n, "%.6g", v);
}

void yf_device_spec_text(const yf_device *d, char *buf, size_t n)
{
    size_t o = (size_t)snprintf(buf, n, "kind=%s", yf_device_kind_name(d->kind));
    char q[48];
    for (int k = 0; k < YF_SPEC_COUNT && o < n; k++) {
        if (!d->spec[k].tag)
            continue;
        quantity(q, sizeof(q), d->spec[k].value);
        o += (size_t)snprintf(buf + o, n - o, ",%s=%s", keys[k].name, q);
    }
    if (o < n && d->calibrated_at[0])
        o += (size_t)snprintf(buf + o, n - o, ",calibrated_at=%s", d->calibrated_at);
    if (o < n)
        snprintf(buf + o, n - o, ",name=%s", d->id);
}
