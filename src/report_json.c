/* JSON for CI (the only file that uses cJSON). Counts are written as raw
 * integer text so they stay exact past 2^53. Schema: docs/json.md.
 * While rendering, cJSON allocates from an arena (cJSON_InitHooks) that is
 * dropped at once afterwards: the tree holds thousands of small nodes, and
 * freeing them one by one cost a third of a yolov4 run. The default hooks are
 * restored before returning; do not render JSON from two threads at once. */
#include "internal.h"
#include "report.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_int(cJSON *o, const char *key, int64_t v)
{
    char s[32];
    snprintf(s, sizeof(s), "%" PRId64, v);
    cJSON_AddRawToObject(o, key, s);
}

static cJSON *shape(yf_shape s)
{
    cJSON *o = cJSON_CreateObject();
    add_int(o, "width", s.w);
    add_int(o, "height", s.h);
    add_int(o, "channels", s.c);
    return o;
}

static cJSON *head(const yf_head *h)
{
    cJSON *o = cJSON_CreateObject();
    add_int(o, "grid_width", h->grid_w);
    add_int(o, "grid_height", h->grid_h);
    add_int(o, "anchors_per_cell", h->n_anchors);
    add_int(o, "classes", h->classes);
    add_int(o, "boxes", h->n_boxes);
    cJSON *a = cJSON_AddArrayToObject(o, "anchors");
    for (int64_t i = 0; h->anchors && i < h->n_anchors; i++) {
        cJSON *pair = cJSON_CreateArray();
        cJSON_AddItemToArray(pair, cJSON_CreateNumber(h->anchors[2 * i]));
        cJSON_AddItemToArray(pair, cJSON_CreateNumber(h->anchors[2 * i + 1]));
        cJSON_AddItemToArray(a, pair);
    }
    return o;
}

static cJSON *layer(const yf_layer *l)
{
    cJSON *o = cJSON_CreateObject();
    add_int(o, "index", l->index);
    cJSON_AddStringToObject(o, "type", l->type);
    add_int(o, "line", l->line);
    cJSON_AddStringToObject(o, "description", l->desc);
    cJSON_AddItemToObject(o, "input", shape(l->in));
    cJSON_AddItemToObject(o, "output", shape(l->out));
    add_int(o, "outputs", l->outputs);
    add_int(o, "params", l->params);
    add_int(o, "params_fused", l->params_fused);
    add_int(o, "buffers", l->buffers);
    add_int(o, "weights_file_floats", l->weights_file_floats);
    cJSON_AddNumberToObject(o, "bflops", l->bflops);
    add_int(o, "macs", l->macs);
    add_int(o, "macs_fused", l->macs_fused);
    add_int(o, "output_bytes", l->output_bytes);
    if (l->is_head)
        cJSON_AddItemToObject(o, "head", head(&l->head));
    return o;
}

static cJSON *totals(const yf_totals *t)
{
    cJSON *o = cJSON_CreateObject();
    add_int(o, "params", t->params);
    add_int(o, "params_fused", t->params_fused);
    add_int(o, "buffers", t->buffers);
    add_int(o, "weights_file_floats", t->weights_file_floats);
    add_int(o, "weights_file_bytes", t->weights_file_bytes);
    cJSON_AddNumberToObject(o, "bflops", t->bflops);
    add_int(o, "macs", t->macs);
    add_int(o, "macs_fused", t->macs_fused);
    cJSON_AddNumberToObject(o, "gflops", t->gflops);
    cJSON_AddNumberToObject(o, "gflops_fused", t->gflops_fused);
    add_int(o, "weights_bytes", t->weights_bytes);
    add_int(o, "activation_bytes", t->activation_bytes);
    add_int(o, "peak_activation_bytes", t->peak_activation_bytes);
    add_int(o, "boxes", t->n_boxes);
    return o;
}

static cJSON *checks(const yf_check *c, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "figure", yf_figure_name(c[i].limit.figure));
        cJSON_AddStringToObject(o, "kind", c[i].limit.increase ? "max_increase" : "max");
        cJSON_AddStringToObject(o, "origin", c[i].limit.origin);
        cJSON_AddNumberToObject(o, "limit", c[i].limit.value);
        cJSON_AddBoolToObject(o, "percent", c[i].limit.percent);
        cJSON_AddNumberToObject(o, "allowed", c[i].allowed);
        cJSON_AddNumberToObject(o, "value", c[i].measured);
        if (c[i].limit.increase) {
            cJSON_AddNumberToObject(o, "before", c[i].before);
            cJSON_AddNumberToObject(o, "after", c[i].after);
        }
        cJSON_AddNumberToObject(o, "excess", c[i].ok ? 0.0 : c[i].measured - c[i].allowed);
        cJSON_AddBoolToObject(o, "ok", c[i].ok);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *conventions(void)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "bflops", YF_CONV_BFLOPS);
    cJSON_AddStringToObject(o, "macs", YF_CONV_MACS);
    cJSON_AddStringToObject(o, "macs_fused", YF_CONV_MACS_FUSED);
    cJSON_AddStringToObject(o, "gflops", YF_CONV_GFLOPS);
    cJSON_AddStringToObject(o, "params", YF_CONV_PARAMS);
    return o;
}

static cJSON *input(const yf_model *m)
{
    cJSON *in = shape(m->input);
    add_int(in, "batch", m->batch);
    return in;
}

static cJSON *model(const yf_model *m, const yf_render_opts *ro)
{
    cJSON *o = cJSON_CreateObject();
    add_int(o, "schema", 1);
    cJSON_AddStringToObject(o, "cfg", m->name);
    cJSON_AddItemToObject(o, "input", input(m));
    cJSON_AddStringToObject(o, "precision", yf_precision_name(m->bytes_per_element));
    cJSON_AddItemToObject(o, "conventions", conventions());
    cJSON *layers = cJSON_AddArrayToObject(o, "layers");
    for (int i = 0; !ro->summary && i < m->n_layers; i++)
        cJSON_AddItemToArray(layers, layer(&m->layers[i]));
    cJSON_AddItemToObject(o, "totals", totals(&m->totals));
    cJSON *w = cJSON_AddArrayToObject(o, "warnings");
    for (int i = 0; i < m->n_warnings; i++) {
        cJSON *x = cJSON_CreateObject();
        add_int(x, "line", m->warnings[i].line);
        cJSON_AddStringToObject(x, "message", m->warnings[i].message);
        cJSON_AddItemToArray(w, x);
    }
    cJSON_AddItemToObject(o, "checks", checks(m->checks, m->n_checks));
    return o;
}

static const char *const pair_names[] = {"same", "changed", "added", "removed"};

static cJSON *pair_side(const yf_layer *l)
{
    return l ? layer(l) : cJSON_CreateNull();
}

static cJSON *diff_side(const yf_model *m)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "cfg", m->name);
    cJSON_AddItemToObject(o, "input", input(m));
    add_int(o, "layers", m->n_layers);
    return o;
}

static cJSON *diff(const void *ctx)
{
    const yf_diff *d = ctx;
    cJSON *o = cJSON_CreateObject();
    add_int(o, "schema", 1);
    cJSON_AddItemToObject(o, "a", diff_side(d->a));
    cJSON_AddItemToObject(o, "b", diff_side(d->b));
    cJSON *t = cJSON_AddObjectToObject(o, "totals");
    for (int i = 0; i < YF_FIG_COUNT; i++) {
        yf_figure f = (yf_figure)i;
        double x = yf_figure_value(&d->a->totals, f), y = yf_figure_value(&d->b->totals, f);
        cJSON *v = cJSON_AddObjectToObject(t, yf_figure_name(f));
        cJSON_AddNumberToObject(v, "before", x);
        cJSON_AddNumberToObject(v, "after", y);
        cJSON_AddNumberToObject(v, "change", y - x);
        if (x != 0)
            cJSON_AddNumberToObject(v, "percent", 100.0 * (y - x) / x);
        else
            cJSON_AddNullToObject(v, "percent");
    }
    cJSON_AddStringToObject(o, "paired_by", d->by_index ? "index" : "lcs");
    cJSON *n = cJSON_AddObjectToObject(o, "counts");
    add_int(n, "same", d->n_same);
    add_int(n, "changed", d->n_changed);
    add_int(n, "added", d->n_added);
    add_int(n, "removed", d->n_removed);
    cJSON *ls = cJSON_AddArrayToObject(o, "layers");
    for (int i = 0; i < d->n_pairs; i++) {
        const yf_pair *p = &d->pairs[i];
        const yf_layer *la = p->a >= 0 ? &d->a->layers[p->a] : NULL;
        const yf_layer *lb = p->b >= 0 ? &d->b->layers[p->b] : NULL;
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "status", pair_names[p->kind]);
        cJSON_AddStringToObject(x, "type", la ? la->type : lb->type);
        cJSON_AddItemToObject(x, "before", pair_side(la));
        cJSON_AddItemToObject(x, "after", pair_side(lb));
        cJSON_AddItemToArray(ls, x);
    }
    cJSON_AddItemToObject(o, "checks", checks(d->checks, d->n_checks));
    cJSON_AddBoolToObject(o, "differs", yf_diff_differs(d));
    return o;
}

typedef struct weights_ctx {
    const yf_model *m;
    const char *path;
    const yf_weights_report *r;
} weights_ctx;

static cJSON *weights(const void *ctx)
{
    const weights_ctx *w = ctx;
    const yf_weights_report *r = w->r;
    static const char *const status[] = {"match", "short", "long"};
    char seen[32];
    cJSON *o = cJSON_CreateObject();
    add_int(o, "schema", 1);
    cJSON_AddStringToObject(o, "cfg", w->m->name);
    cJSON_AddStringToObject(o, "weights", w->path);
    cJSON *h = cJSON_AddObjectToObject(o, "header");
    add_int(h, "major", r->major);
    add_int(h, "minor", r->minor);
    add_int(h, "revision", r->revision);
    snprintf(seen, sizeof(seen), "%" PRIu64, r->seen);
    cJSON_AddRawToObject(h, "seen", seen);
    add_int(h, "bytes", r->header_bytes);
    add_int(o, "file_bytes", r->file_bytes);
    add_int(o, "file_floats", r->file_floats);
    add_int(o, "trailing_bytes", r->trailing_bytes);
    add_int(o, "expected_floats", r->expected_floats);
    cJSON_AddStringToObject(o, "status", status[r->status]);
    add_int(o, "missing_floats", r->status == YF_WEIGHTS_SHORT ? r->expected_floats - r->file_floats : 0);
    add_int(o, "extra_floats", r->status == YF_WEIGHTS_LONG ? r->file_floats - r->expected_floats : 0);
    if (r->runs_out_layer >= 0) {
        add_int(o, "runs_out_in_layer", r->runs_out_layer);
        add_int(o, "runs_out_after_floats", r->runs_out_floats);
    } else {
        cJSON_AddNullToObject(o, "runs_out_in_layer");
    }
    if (r->hint_classes > 0)
        add_int(o, "hint_classes", r->hint_classes);
    else
        cJSON_AddNullToObject(o, "hint_classes");
    return o;
}

static yf_arena *json_arena;

static void *arena_malloc(size_t n)
{
    return yf_arena_alloc(json_arena, n);
}

static void arena_free(void *p)
{
    (void)p; /* released with the arena */
}

/* Builds a tree with `build` and prints it, all inside the arena. */
static int emit(cJSON *(*build)(const void *), const void *ctx, yf_buf *out, yf_error *err)
{
    json_arena = yf_arena_new();
    if (!json_arena)
        return yf_error_set(err, YF_ERR_INPUT, "out of memory while writing JSON");
    cJSON_Hooks hooks = {arena_malloc, arena_free};
    cJSON_InitHooks(&hooks);
    cJSON *root = build(ctx);
    char *text = root ? cJSON_Print(root) : NULL;
    if (text) {
        yf_buf_append(out, text, strlen(text));
        yf_buf_append(out, "\n", 1);
    }
    cJSON_InitHooks(NULL);
    yf_arena_free(json_arena);
    json_arena = NULL;
    if (!text)
        return yf_error_set(err, YF_ERR_INPUT, "out of memory while writing JSON");
    return YF_OK;
}

typedef struct models_ctx {
    yf_model *const *models;
    int n;
    const yf_render_opts *ro;
} models_ctx;

static cJSON *models(const void *ctx)
{
    const models_ctx *c = ctx;
    if (c->n == 1)
        return model(c->models[0], c->ro);
    cJSON *root = cJSON_CreateArray();
    for (int i = 0; i < c->n; i++)
        cJSON_AddItemToArray(root, model(c->models[i], c->ro));
    return root;
}

int yf_render_json(yf_model *const *ms, int n, const yf_render_opts *ro, yf_buf *out,
                   yf_error *err)
{
    models_ctx c = {ms, n, ro};
    return emit(models, &c, out, err);
}

int yf_render_diff_json(const yf_diff *d, yf_buf *out, yf_error *err)
{
    return emit(diff, d, out, err);
}

int yf_render_weights_json(const yf_model *m, const char *path, const yf_weights_report *r,
                           yf_buf *out, yf_error *err)
{
    weights_ctx w = {m, path, r};
    return emit(weights, &w, out, err);
}

/* ---- --budget files ---- */

/* Static origins so checks can borrow them. */
static const struct {
    const char *key;
    yf_figure f;
    const char *origin;
} budget_keys[] = {
    {"max_params", YF_FIG_PARAMS, "budget max_params"},
    {"max_params_fused", YF_FIG_PARAMS_FUSED, "budget max_params_fused"},
    {"max_gflops", YF_FIG_GFLOPS, "budget max_gflops"},
    {"max_gflops_fused", YF_FIG_GFLOPS_FUSED, "budget max_gflops_fused"},
    {"max_bflops", YF_FIG_BFLOPS, "budget max_bflops"},
    {"max_weights_bytes", YF_FIG_WEIGHTS_FILE_BYTES, "budget max_weights_bytes"},
    {"max_peak_memory", YF_FIG_PEAK_MEMORY, "budget max_peak_memory"},
    {"max_boxes", YF_FIG_BOXES, "budget max_boxes"},
};

static int budget_value(const cJSON *v, int increase, double *value, int *percent)
{
    if (cJSON_IsNumber(v) && v->valuedouble >= 0) {
        *value = v->valuedouble;
        *percent = 0;
        return 0;
    }
    if (cJSON_IsString(v) && !yf_quantity_parse(v->valuestring, value, percent) &&
        (increase || !*percent))
        return 0;
    return -1;
}

static int budget_entry(const cJSON *it, int increase, yf_limit *out, char *why, size_t n)
{
    for (size_t k = 0; k < sizeof(budget_keys) / sizeof(budget_keys[0]); k++) {
        const char *key = increase ? budget_keys[k].key + 4 : budget_keys[k].key;
        if (strcmp(it->string, key) != 0)
            continue;
        double v;
        int pct;
        if (budget_value(it, increase, &v, &pct)) {
            snprintf(why, n, "'%s' must be a number or a quantity such as \"25M\"%s", it->string,
                     increase ? " or \"5%\"" : "");
            return -1;
        }
        *out = (yf_limit){budget_keys[k].f, v, pct, increase,
                          increase ? "budget max_increase" : budget_keys[k].origin};
        return 0;
    }
    snprintf(why, n, "unknown key '%.60s'", it->string);
    return -1;
}

/* Appends one budget; -1 with a reason when full or malformed. */
static int take(const cJSON *it, int increase, yf_limit *limits, int cap, int *n, char *why,
                size_t why_len)
{
    if (*n >= cap) {
        snprintf(why, why_len, "too many budgets");
        return -1;
    }
    if (budget_entry(it, increase, &limits[*n], why, why_len))
        return -1;
    ++*n;
    return 0;
}

int yf_budget_parse(const char *text, size_t len, yf_limit *limits, int cap, int *n,
                    yf_error *err)
{
    char why[256] = "";
    size_t why_len = sizeof(why);
    *n = 0;
    cJSON *root = cJSON_ParseWithLength(text, len);
    int bad = !cJSON_IsObject(root);
    const char *at = root ? NULL : cJSON_GetErrorPtr();
    if (bad && at && at >= text && at <= text + len)
        snprintf(why, why_len, "invalid JSON at byte %ld", (long)(at - text));
    else if (bad)
        snprintf(why, why_len, "not a JSON object");
    for (cJSON *it = bad ? NULL : root->child; it && !bad; it = it->next) {
        if (strcmp(it->string, "max_increase") != 0) {
            bad = take(it, 0, limits, cap, n, why, why_len);
        } else if (!cJSON_IsObject(it)) {
            snprintf(why, why_len, "'max_increase' must be an object such as {\"gflops\": \"5%%\"}");
            bad = 1;
        } else {
            for (cJSON *x = it->child; x && !bad; x = x->next)
                bad = take(x, 1, limits, cap, n, why, why_len);
        }
    }
    cJSON_Delete(root);
    return bad ? yf_error_set(err, YF_ERR_INPUT, "%s", why) : YF_OK;
}
