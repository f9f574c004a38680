/* CSV of a latency estimate: columns after the figures (each layer's bound
 * and stage, the device, runtime, precision and calibration of the row,
 * FPS on the total rows: one total row per device); layers grouped by
 * stage or kind (--by); the devices listing and a calibration. */
#include "render.h"

#include <stdio.h>
#include <string.h>


static void cell(yf_writer *w, const char *s)
{
    yf_writer_puts(w, ",");
    yf_csv_field(w, s);
}

void yf_csv_estimate_header(yf_writer *w)
{
    yf_writer_puts(w, ",device,runtime,precision,calibration,basis");
}

static const char *about(const yf_latency *lat, int k)
{
    return !lat    ? "none"
           : k == 0 ? lat->device.id
           : k == 1 ? lat->runtime
           : k == 2 ? yf_precision_label(lat->precision)
           : k == 3 ? lat->label
                    : lat->basis;
}

void yf_csv_estimate_cells(yf_writer *w, const yf_latency *lat, const yf_latency *after)
{
    char t[512];
    for (int k = 0; k < 5; k++) {
        const char *x = about(lat, k), *y = about(after ? after : lat, k);
        if (strcmp(x, y))
            snprintf(t, sizeof(t), "before: %s; after: %s", x, y);
        cell(w, strcmp(x, y) ? t : x);
    }
}

void yf_csv_latency_header(yf_writer *w)
{
    yf_writer_puts(w, ",bound,stage");
    yf_csv_estimate_header(w);
    yf_writer_puts(w, ",fps,fps_end_to_end");
}

void yf_csv_latency_cells(yf_writer *w, const yf_profile *p, int i)
{
    const yf_latency *lat = p->latency;
    cell(w, i >= 0 ? yf_bound_name(lat->layers[i].bound) : "");
    cell(w, i >= 0 ? yf_layer_stage(p, i) : "");
    yf_csv_estimate_cells(w, lat, NULL);
    if (i >= 0)
        yf_writer_puts(w, ",,");
    else
        yf_writer_printf(w, ",%.9f,%.9f", lat->fps, lat->fps_end_to_end);
}

void yf_csv_groups(yf_writer *w, const yf_render_opts *ro, const yf_profile *p, int header)
{
    yf_figure cols[64];
    double all[64];
    char v[48];
    yf_render_opts every = *ro; /* every per-layer figure unless --columns, as the layer CSV */
    every.wide = !ro->columns;
    int n = yf_profile_columns(p, &every, NULL, cols, 64), k = 0;
    for (int c = 0; c < n; c++)
        if (!(yf_figure_get(cols[c])->flags & (YF_FIG_SHARE | YF_FIG_RATIO)))
            cols[k++] = cols[c];
    n = k;
    if (header) {
        yf_writer_puts(w, "cfg,by,group,layers");
        for (int c = 0; c < n; c++)
            yf_writer_printf(w, ",%s,%s_percent", yf_figure_get(cols[c])->name,
                             yf_figure_get(cols[c])->name);
        if (p->latency) /* what the latency columns are of, as the layer CSV says */
            yf_csv_estimate_header(w);
        yf_writer_puts(w, "\n");
    }
    for (int c = 0; c < n; c++)
        all[c] = yf_layers_sum(p, cols[c]);
    const yf_groups *g = p->by;
    for (int i = 0; i < g->n; i++) {
        yf_csv_field(w, p->model->name);
        yf_writer_printf(w, ",%s", yf_by_name(g->by));
        cell(w, g->groups[i].name);
        yf_writer_printf(w, ",%d", g->groups[i].n_layers);
        for (int c = 0; c < n; c++) {
            yf_value x = yf_figure_group(p, cols[c], g, i);
            double s = yf_share(x, all[c]);
            yf_writer_printf(w, ",%s,", yf_fmt_exact(v, yf_figure_get(cols[c]), x));
            if (s >= 0)
                yf_writer_printf(w, "%.9f", s);
        }
        if (p->latency)
            yf_csv_estimate_cells(w, p->latency, NULL);
        yf_writer_puts(w, "\n");
    }
}

/* ---- devices ---- */

static void device_row(yf_writer *w, const yf_latency_db *db, const yf_device *d)
{
    char fits[256];
    yf_csv_field(w, d->id);
    cell(w, d->name);
    cell(w, yf_device_kind_name(d->kind));
    cell(w, d->device_class);
    cell(w, d->aliases);
    for (int k = 0; k < YF_SPEC_COUNT; k++) {
        const yf_spec_value *s = &d->spec[k];
        if (s->tag)
            yf_writer_printf(w, ",%.17g", s->value);
        else
            yf_writer_puts(w, ",");
        cell(w, s->tag ? yf_tag_name(s->tag) : "");
        cell(w, s->tag && s->source ? s->source : "");
    }
    yf_fits_text(fits, sizeof(fits), db, d->id);
    cell(w, d->preset ? fits : "");
}

static void device_header(yf_writer *w)
{
    yf_writer_puts(w, "id,name,kind,class,aliases");
    for (int k = 0; k < YF_SPEC_COUNT; k++)
        yf_writer_printf(w, ",%s,%s_tag,%s_source", yf_spec_key_name(k), yf_spec_key_name(k),
                         yf_spec_key_name(k));
    yf_writer_puts(w, ",fitted\n");
}

void yf_csv_devices(const yf_document *doc, const yf_latency_db *db, const yf_device *list,
                    int n, int detail)
{
    (void)detail;
    device_header(doc->w);
    for (int i = 0; i < n; i++) {
        device_row(doc->w, db, &list[i]);
        yf_writer_puts(doc->w, "\n");
    }
}

void yf_csv_calibration(const yf_document *doc, const yf_calibration *c)
{
    char spec[1024];
    yf_writer *w = doc->w;
    yf_writer_puts(w, "cfg,width,height,batch,runtime,precision,mode,fps_measured,fps_before,"
                      "scale,device_spec\n");
    yf_device_spec_text(&c->device, spec, sizeof(spec));
    yf_csv_field(w, c->model->name);
    yf_writer_printf(w, ",%lld,%lld,%lld,%s,%s,%s,%.9f,%.9f,%.9f", (long long)c->model->input.w,
                     (long long)c->model->input.h, (long long)c->model->batch, c->runtime,
                     yf_precision_label(c->precision),
                     c->mode == YF_CALIBRATE_COMPUTE ? "compute" : "all", c->fps_measured,
                     c->fps_before, c->scale);
    cell(w, spec);
    yf_writer_puts(w, "\n");
}
