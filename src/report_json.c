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

static cJSON *model(const yf_model *m, const yf_render_opts *ro)
{
    cJSON *o = cJSON_CreateObject();
    add_int(o, "schema", 1);
    cJSON_AddStringToObject(o, "cfg", m->name);
    cJSON *in = shape(m->input);
    add_int(in, "batch", m->batch);
    cJSON_AddItemToObject(o, "input", in);
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

int yf_render_json(yf_model *const *models, int n, const yf_render_opts *ro, yf_buf *out,
                   yf_error *err)
{
    json_arena = yf_arena_new();
    if (!json_arena)
        return yf_error_set(err, YF_ERR_INPUT, "out of memory while writing JSON");
    cJSON_Hooks hooks = {arena_malloc, arena_free};
    cJSON_InitHooks(&hooks);
    cJSON *root = n == 1 ? model(models[0], ro) : cJSON_CreateArray();
    for (int i = 0; n != 1 && i < n; i++)
        cJSON_AddItemToArray(root, model(models[i], ro));
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
