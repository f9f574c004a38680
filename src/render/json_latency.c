/* JSON of a latency estimate (docs/json.md): per layer its bound, stage and
 * (--kernels) kernels; the "latency" array, one object per device with the
 * run, where every figure and constant comes from, network-only and
 * end-to-end time and FPS, bottlenecks, time per stage; "by_stage" or
 * "by_kind" (--by); the devices listing and a calibration. */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void kernel(yf_json *j, const yf_kernel *k)
{
    yf_json_object(j, NULL);
    yf_json_str(j, "name", k->name);
    yf_json_str(j, "precision", yf_precision_label(k->precision));
    yf_json_str(j, "work", yf_work_name(k->work));
    yf_json_real(j, "compute_s", k->compute_s);
    yf_json_real(j, "memory_s", k->memory_s);
    yf_json_real(j, "link_s", k->link_s);
    yf_json_real(j, "parallel", k->parallel);
    yf_json_real(j, "reduction", k->reduction);
    yf_json_real(j, "launches", k->launches);
    yf_json_real(j, "fixed_s", k->fixed_s);
    yf_json_real(j, "flops", k->flops);
    yf_json_real(j, "bytes", k->bytes);
    yf_json_real(j, "written", k->written);
    yf_json_real(j, "ms", k->ms);
    yf_json_close(j);
}

static void kernels(yf_json *j, const yf_latency *lat, int first, int n)
{
    yf_json_array(j, "kernels");
    for (int k = first; k < first + n; k++)
        kernel(j, &lat->kernels[k]);
    yf_json_close(j);
}

void yf_json_layer_latency(yf_json *j, const yf_render_opts *ro, const yf_profile *p, int i)
{
    const yf_layer_latency *l = &p->latency->layers[i];
    yf_json_str(j, "bound", yf_bound_name(l->bound));
    yf_json_str(j, "stage", yf_layer_stage(p, i));
    if (ro->kernels)
        kernels(j, p->latency, l->first_kernel, l->n_kernels);
}

static void constant(yf_json *j, const char *key, const yf_constant *c)
{
    yf_json_object(j, key);
    yf_json_real(j, "value", c->value);
    yf_json_str(j, "tag", yf_tag_name(c->tag));
    yf_json_str(j, "source", c->source);
    yf_json_close(j);
}

static void spec(yf_json *j, const yf_device *d)
{
    yf_json_object(j, "spec");
    for (int k = 0; k < YF_SPEC_COUNT; k++) {
        const yf_spec_value *s = &d->spec[k];
        if (!s->tag)
            continue;
        yf_json_object(j, yf_spec_key_name(k));
        yf_json_real(j, "value", s->value);
        yf_json_str(j, "tag", yf_tag_name(s->tag));
        yf_json_str(j, "source", s->source ? s->source : "");
        if (s->note)
            yf_json_str(j, "note", s->note);
        yf_json_close(j);
    }
    if (d->host_name[0]) {
        yf_json_object(j, "host_name");
        yf_json_str(j, "value", d->host_name);
        yf_json_close(j);
    }
    yf_json_close(j);
}

/* A device as devices.json holds it: --device-spec reads it back. */
static void device(yf_json *j, const char *key, const yf_latency_db *db, const yf_device *d)
{
    yf_json_object(j, key);
    yf_json_str(j, "id", d->id);
    yf_json_str(j, "name", d->name);
    yf_json_str(j, "kind", yf_device_kind_name(d->kind));
    yf_json_str(j, "class", d->device_class);
    yf_json_array(j, "aliases");
    for (const char *a = d->aliases; *a;) {
        char one[64];
        size_t n = strcspn(a, ",");
        snprintf(one, sizeof(one), "%.*s", (int)(n < 63 ? n : 63), a);
        yf_json_str(j, NULL, one);
        a += n + (a[n] == ',');
    }
    yf_json_close(j);
    spec(j, d);
    yf_fit_group g[16];
    int n = db && d->preset ? yf_device_fits(db, d->id, g, 16) : 0;
    yf_json_array(j, "fitted");
    for (int i = 0; i < n && i < 16; i++) {
        yf_json_object(j, NULL);
        yf_json_str(j, "runtime", g[i].runtime);
        yf_json_str(j, "precision", yf_precision_label(g[i].precision));
        yf_json_real(j, "eta_compute", g[i].eta_compute);
        yf_json_real(j, "eta_memory", g[i].eta_memory);
        yf_json_real(j, "overhead_us", g[i].overhead_us);
        yf_json_int(j, "rows", g[i].rows);
        yf_json_int(j, "model_sizes", g[i].model_sizes);
        yf_json_close(j);
    }
    yf_json_close(j);
    yf_json_close(j);
}

static void around(yf_json *j, const yf_latency *lat)
{
    yf_json_object(j, "nms");
    yf_json_str(j, "style", yf_nms_style_name(lat->nms_style));
    yf_json_real(j, "keep", lat->nms_keep);
    yf_json_int(j, "candidates", lat->candidates);
    yf_json_real(j, "kept", lat->kept);
    yf_json_int(j, "classes", lat->classes);
    yf_json_real(j, "ms", lat->nms_ms);
    yf_json_real(j, "ms_all_candidates", lat->nms_all_ms);
    yf_json_close(j);
    yf_json_object(j, "preprocess");
    if (lat->frame_w) {
        yf_json_array(j, "frame");
        yf_json_int(j, NULL, lat->frame_w);
        yf_json_int(j, NULL, lat->frame_h);
        yf_json_close(j);
    } else {
        yf_json_null(j, "frame");
    }
    yf_json_real(j, "ms", lat->preprocess_ms);
    yf_json_close(j);
    yf_json_object(j, "host");
    yf_json_str(j, "name", lat->device.host_name);
    const yf_spec_value *ghz = &lat->device.spec[YF_SPEC_HOST_GHZ];
    if (ghz->tag)
        yf_json_real(j, "ghz", ghz->value);
    else
        yf_json_null(j, "ghz");
    yf_json_close(j);
}

static void bottlenecks(yf_json *j, const yf_profile *p, const yf_latency *lat)
{
    yf_json_array(j, "bottlenecks");
    for (int k = 0; k < lat->n_bottlenecks; k++) {
        int i = lat->bottlenecks[k];
        yf_json_object(j, NULL);
        yf_json_int(j, "index", i);
        yf_json_str(j, "type", p->model->layers[i].type);
        yf_json_real(j, "latency_ms", lat->layers[i].ms);
        yf_json_real(j, "share", lat->ms > 0 ? lat->layers[i].ms / lat->ms : 0.0);
        yf_json_str(j, "bound", yf_bound_name(lat->layers[i].bound));
        yf_json_close(j);
    }
    yf_json_close(j);
}

static void stages(yf_json *j, const yf_profile *q)
{
    yf_figure f = yf_figure_find("latency_ms");
    yf_json_array(j, "stages");
    for (int g = 0; q->stages && g < q->stages->n; g++) {
        double ms = yf_value_real(yf_figure_group(q, f, q->stages, g));
        yf_json_object(j, NULL);
        yf_json_str(j, "stage", q->stages->groups[g].name);
        yf_json_int(j, "layers", q->stages->groups[g].n_layers);
        yf_json_real(j, "latency_ms", ms);
        yf_json_real(j, "share", q->latency->ms > 0 ? ms / q->latency->ms : 0.0);
        yf_json_close(j);
    }
    yf_json_close(j);
}

static void rows(yf_json *j, const yf_render_opts *ro, const yf_latency *lat)
{
    yf_json_array(j, "layers");
    for (int i = 0; i < lat->n_layers; i++) {
        yf_json_object(j, NULL);
        yf_json_int(j, "index", i);
        yf_json_real(j, "latency_ms", lat->layers[i].ms);
        yf_json_real(j, "compute_ms", lat->layers[i].compute_ms);
        yf_json_real(j, "memory_ms", lat->layers[i].memory_ms);
        yf_json_real(j, "overhead_ms", lat->layers[i].overhead_ms);
        yf_json_int(j, "launches", lat->layers[i].launches);
        yf_json_str(j, "bound", yf_bound_name(lat->layers[i].bound));
        yf_json_close(j);
    }
    yf_json_close(j);
    yf_json_array(j, "outside_layers");
    for (int i = 0; i < lat->n_extra; i++) {
        yf_json_object(j, NULL);
        yf_json_str(j, "name", lat->extra[i].name);
        yf_json_str(j, "about", lat->extra[i].about);
        yf_json_real(j, "latency_ms", lat->extra[i].ms);
        yf_json_str(j, "bound", yf_bound_name(lat->extra[i].bound));
        if (ro->kernels)
            kernels(j, lat, lat->extra[i].first_kernel, lat->extra[i].n_kernels);
        yf_json_close(j);
    }
    yf_json_close(j);
}

/* What the estimate is: device, runtime, precision, batch, calibration,
 * basis and constants (the members its figures are of). */
static void about(yf_json *j, const yf_latency *lat)
{
    device(j, "device", NULL, &lat->device);
    yf_json_str(j, "runtime", lat->runtime);
    yf_json_str(j, "runtime_about", lat->runtime_about);
    yf_json_str(j, "precision", yf_precision_label(lat->precision));
    if (lat->fallback[0]) {
        yf_json_str(j, "precision_asked", yf_precision_label(lat->precision_asked));
        yf_json_str(j, "fallback", lat->fallback);
    }
    yf_json_int(j, "batch", lat->batch);
    yf_json_bool(j, "calibrated", lat->calibrated);
    yf_json_str(j, "label", lat->label);
    yf_json_str(j, "basis", lat->basis);
    yf_json_object(j, "constants");
    constant(j, "eta_compute", &lat->eta_compute);
    constant(j, "eta_memory", &lat->eta_memory);
    constant(j, "overhead_us", &lat->overhead_us);
    constant(j, "eta_secondary", &lat->eta_secondary);
    constant(j, "saturation", &lat->saturation);
    constant(j, "k_half", &lat->k_half);
    yf_json_close(j);
}

void yf_json_estimate(yf_json *j, const char *key, const yf_latency *lat)
{
    if (!lat) {
        yf_json_null(j, key);
        return;
    }
    yf_json_object(j, key);
    about(j, lat);
    yf_json_close(j);
}

static void one(yf_json *j, const yf_render_opts *ro, const yf_profile *p, const yf_latency *lat)
{
    yf_profile q = *p;
    q.latency = lat;
    yf_json_object(j, NULL);
    about(j, lat);
    yf_json_real(j, "peak_ops", lat->peak);
    yf_json_real(j, "ridge_flop_per_byte", lat->ridge);
    yf_json_real(j, "latency_ms", lat->ms);
    yf_json_real(j, "fps", lat->fps);
    yf_json_real(j, "end_to_end_ms", lat->end_to_end_ms);
    yf_json_real(j, "fps_end_to_end", lat->fps_end_to_end);
    yf_json_str(j, "scope", "latency_ms and fps: one forward pass of the batch, network only; "
                            "end_to_end adds pre-processing and NMS on one host core, serially");
    around(j, lat);
    bottlenecks(j, p, lat);
    stages(j, &q);
    rows(j, ro, lat);
    yf_json_close(j);
}

void yf_json_latency(yf_json *j, const yf_render_opts *ro, const yf_profile *p)
{
    yf_json_array(j, "latency");
    for (int k = 0; k < p->n_devices; k++)
        one(j, ro, p, p->devices[k]);
    yf_json_close(j);
}

void yf_json_groups(yf_json *j, const yf_profile *p)
{
    const yf_groups *g = p->by;
    char key[32];
    double all[256];
    for (yf_figure f = 0; f < yf_figure_count() && f < 256; f++)
        all[f] = yf_figure_present(p, f) ? yf_layers_sum(p, f) : 0;
    snprintf(key, sizeof(key), "by_%s", yf_by_name(g->by));
    yf_json_array(j, key);
    for (int i = 0; i < g->n; i++) {
        yf_json_object(j, NULL);
        yf_json_str(j, "name", g->groups[i].name);
        yf_json_array(j, "layers");
        for (int k = g->groups[i].first; k < g->groups[i].first + g->groups[i].n_layers; k++)
            yf_json_int(j, NULL, g->members[k]);
        yf_json_close(j);
        yf_json_object(j, "figures");
        for (yf_figure f = 0; f < yf_figure_count(); f++) {
            const yf_figure_info *fi = yf_figure_get(f);
            if ((fi->flags & YF_FIG_LAYER) && !(fi->flags & YF_FIG_RATIO) &&
                yf_figure_present(p, f))
                yf_json_value(j, fi->name, yf_figure_group(p, f, g, i));
        }
        yf_json_close(j);
        yf_json_object(j, "percent");
        for (yf_figure f = 0; f < yf_figure_count(); f++) {
            const yf_figure_info *fi = yf_figure_get(f);
            if (!(fi->flags & YF_FIG_LAYER) || (fi->flags & (YF_FIG_RATIO | YF_FIG_SHARE)) ||
                !yf_figure_present(p, f) || f >= 256)
                continue;
            double s = yf_share(yf_figure_group(p, f, g, i), all[f]);
            if (s < 0)
                yf_json_null(j, fi->name);
            else
                yf_json_real(j, fi->name, s);
        }
        yf_json_close(j);
        yf_json_close(j);
    }
    yf_json_close(j);
}

/* ---- documents of their own ---- */

static void item_end(const yf_document *doc)
{
    if (doc->renderer->lines)
        yf_writer_puts(doc->w, "\n");
}

void yf_json_devices(const yf_document *doc, const yf_latency_db *db, const yf_device *list,
                     int n, int detail)
{
    (void)detail;
    yf_json j;
    const char *used[64];
    int n_used = 0;
    yf_json_init(&j, doc->w, doc->renderer->lines, 0);
    yf_json_object(&j, NULL);
    yf_json_int(&j, "schema", 1);
    yf_json_array(&j, "devices");
    for (int i = 0; i < n; i++) {
        device(&j, NULL, db, &list[i]);
        for (int k = 0; k < YF_SPEC_COUNT; k++) {
            const char *s = list[i].spec[k].source;
            int seen = !s || !list[i].spec[k].tag;
            for (int u = 0; u < n_used && !seen; u++)
                seen = strcmp(used[u], s) == 0;
            if (!seen && n_used < 64)
                used[n_used++] = s;
        }
    }
    yf_json_close(&j);
    yf_json_object(&j, "tags");
    for (int t = YF_TAG_DATASHEET; t <= YF_TAG_USER; t++)
        yf_json_str(&j, yf_tag_name(t), t == YF_TAG_DATASHEET    ? "read in a vendor's primary text"
                                        : t == YF_TAG_DERIVED    ? "arithmetic on named inputs"
                                        : t == YF_TAG_UNVERIFIED ? "a secondary source, or memory"
                                        : t == YF_TAG_DEFAULT    ? "a default of the model"
                                        : t == YF_TAG_FITTED     ? "fitted on published measurements"
                                        : t == YF_TAG_CALIBRATED ? "from the user's measurement"
                                                                 : "given by the user");
    yf_json_close(&j);
    yf_json_object(&j, "sources");
    for (int u = 0; u < n_used; u++) {
        const char *text = yf_latency_source(db, used[u]);
        yf_json_str(&j, used[u], text ? text : "");
    }
    yf_json_close(&j);
    yf_json_close(&j);
    item_end(doc);
}

void yf_json_calibration(const yf_document *doc, const yf_calibration *c)
{
    yf_json j;
    char text[1024];
    const yf_model *m = c->model;
    yf_json_init(&j, doc->w, doc->renderer->lines, 0);
    yf_json_object(&j, NULL);
    yf_json_int(&j, "schema", 1);
    yf_json_str(&j, "cfg", m->name);
    yf_json_object(&j, "input");
    yf_json_int(&j, "width", m->input.w);
    yf_json_int(&j, "height", m->input.h);
    yf_json_int(&j, "channels", m->input.c);
    yf_json_int(&j, "batch", m->batch);
    yf_json_close(&j);
    yf_json_object(&j, "calibration");
    yf_json_str(&j, "runtime", c->runtime);
    yf_json_str(&j, "precision", yf_precision_label(c->precision));
    yf_json_str(&j, "mode", c->mode == YF_CALIBRATE_COMPUTE ? "compute" : "all");
    yf_json_real(&j, "fps_measured", c->fps_measured);
    yf_json_real(&j, "fps_before", c->fps_before);
    yf_json_real(&j, "scale", c->scale);
    yf_device_spec_text(&c->device, text, sizeof(text));
    yf_json_str(&j, "device_spec", text);
    device(&j, "device", NULL, &c->device);
    yf_json_close(&j);
    yf_json_close(&j);
    item_end(doc);
}
