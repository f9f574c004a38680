/* The table's pieces of a latency estimate: the footer block (the run and
 * how it is calibrated, network-only and end-to-end FPS, time by bound,
 * bottlenecks, time per stage, the figures used with their tags), one row
 * per device when there are several; layers grouped by stage or kind
 * (--by); the devices listing and a calibration. */
#include "render.h"

#include <stdio.h>
#include <string.h>

enum { LINE = 120, INDENT = 14 };

/* Items joined by the separator, wrapped under the first at 120 columns. */
typedef struct wrap {
    yf_writer *w;
    const char *sep;
    int col, items;
} wrap;

static void start(wrap *x, yf_writer *w, const yf_render_opts *ro, const char *label)
{
    *x = (wrap){w, yf_sep(ro), INDENT, 0};
    yf_writer_printf(w, "  %-11s ", label);
}

static void item(wrap *x, const char *text)
{
    int len = (int)strlen(text);
    if (x->items && x->col + 3 + len > LINE) {
        yf_writer_printf(x->w, "\n%*s", INDENT, "");
        x->col = INDENT;
    } else if (x->items) {
        yf_writer_puts(x->w, x->sep);
        x->col += 3;
    }
    yf_writer_puts(x->w, text);
    x->col += len;
    x->items++;
}

static void end(wrap *x)
{
    yf_writer_puts(x->w, "\n");
}

static void head(yf_writer *w, const yf_render_opts *ro, const yf_latency *lat)
{
    char t[160], text[400], keep[48], cand[32];
    wrap x;
    yf_latency_title(t, sizeof(t), lat);
    start(&x, w, ro, "latency");
    snprintf(text, sizeof(text), "%s: %s (%s)", t, lat->label, lat->basis);
    item(&x, text);
    if (lat->fallback[0])
        item(&x, lat->fallback);
    end(&x);
    start(&x, w, ro, "");
    snprintf(text, sizeof(text), "%.3f ms a forward pass%s", lat->ms,
             lat->batch > 1 ? " of the batch" : "");
    item(&x, text);
    snprintf(text, sizeof(text), "%.1f FPS network only", lat->fps);
    item(&x, text);
    snprintf(keep, sizeof(keep), "%g%%", 100 * lat->nms_keep);
    yf_fmt_int(cand, lat->candidates);
    if (lat->frame_w)
        snprintf(text, sizeof(text), "end-to-end %.3f ms, %.1f FPS: + pre-processing of a %lldx%lld "
                 "frame %.3f ms + %s NMS of %s of %s candidates %.3f ms, on one host core, "
                 "serially", lat->end_to_end_ms, lat->fps_end_to_end, (long long)lat->frame_w,
                 (long long)lat->frame_h, lat->preprocess_ms, yf_nms_style_name(lat->nms_style),
                 keep, cand, lat->nms_ms);
    else
        snprintf(text, sizeof(text), "end-to-end %.3f ms, %.1f FPS: + %s NMS of %s of %s "
                 "candidates %.3f ms, on one host core", lat->end_to_end_ms, lat->fps_end_to_end,
                 yf_nms_style_name(lat->nms_style), keep, cand, lat->nms_ms);
    item(&x, text);
    end(&x);
}

static void bounds(yf_writer *w, const yf_render_opts *ro, const yf_latency *lat)
{
    double ms[4];
    char text[160];
    wrap x;
    yf_latency_bounds(lat, ms);
    start(&x, w, ro, "");
    for (int b = YF_BOUND_COMPUTE; b <= YF_BOUND_OVERHEAD; b++) {
        snprintf(text, sizeof(text), "%s-bound %.1f%%", yf_bound_name(b),
                 lat->ms > 0 ? 100 * ms[b] / lat->ms : 0.0);
        item(&x, text);
    }
    snprintf(text, sizeof(text), "ridge point %.1f FLOP/byte", lat->ridge);
    item(&x, text);
    for (int i = 0; i < lat->n_extra; i++) {
        snprintf(text, sizeof(text), "%s %.3f ms", lat->extra[i].name, lat->extra[i].ms);
        item(&x, text);
    }
    end(&x);
}

static void bottlenecks(yf_writer *w, const yf_render_opts *ro, const yf_profile *p)
{
    const yf_latency *lat = p->latency;
    char text[160];
    wrap x;
    start(&x, w, ro, "bottlenecks");
    for (int k = 0; k < lat->n_bottlenecks && k < 5; k++) {
        int i = lat->bottlenecks[k];
        snprintf(text, sizeof(text), "#%d %s %.1f%% (%s)", i, p->model->layers[i].type,
                 lat->ms > 0 ? 100 * lat->layers[i].ms / lat->ms : 0.0,
                 yf_bound_name(lat->layers[i].bound));
        item(&x, text);
    }
    end(&x);
}

static void stages(yf_writer *w, const yf_render_opts *ro, const yf_profile *p)
{
    yf_figure f = yf_figure_find("latency_ms");
    char text[96];
    wrap x;
    if (!p->stages)
        return;
    start(&x, w, ro, "stages");
    for (int g = 0; g < p->stages->n; g++) {
        yf_value v = yf_figure_group(p, f, p->stages, g);
        snprintf(text, sizeof(text), "%s %.1f%%", p->stages->groups[g].name,
                 p->latency->ms > 0 ? 100 * yf_value_real(v) / p->latency->ms : 0.0);
        item(&x, text);
    }
    end(&x);
}

static void constant(wrap *x, const char *name, const yf_constant *c, const char *unit)
{
    char text[96];
    snprintf(text, sizeof(text), "%s %.3g%s (%s)", name, c->value, unit, yf_tag_name(c->tag));
    item(x, text);
}

/* Every figure the estimate used, with its tag. */
static void used(yf_writer *w, const yf_render_opts *ro, const yf_latency *lat)
{
    char text[128], v[48];
    wrap x;
    start(&x, w, ro, "figures");
    for (int k = 0; k < YF_SPEC_COUNT; k++) {
        const yf_spec_value *s = &lat->device.spec[k];
        if (!s->tag || k == YF_SPEC_EFF_COMPUTE || k == YF_SPEC_EFF_MEMORY ||
            k == YF_SPEC_OVERHEAD_US)
            continue;
        snprintf(text, sizeof(text), "%s %s (%s)", yf_spec_key_name(k),
                 yf_fmt_spec(v, k, s->value), yf_tag_name(s->tag));
        item(&x, text);
    }
    constant(&x, "eta_compute", &lat->eta_compute, "");
    constant(&x, "eta_memory", &lat->eta_memory, "");
    constant(&x, "overhead", &lat->overhead_us, " us");
    end(&x);
}

/* One row per device when there are several. */
static void devices(yf_writer *w, const yf_profile *p)
{
    yf_writer_printf(w, "  %-11s %-22s %-11s %-5s %10s %9s %10s %9s  %s\n", "devices", "device",
                     "runtime", "prec", "network ms", "FPS", "e2e ms", "FPS e2e", "calibration");
    for (int k = 0; k < p->n_devices; k++) {
        const yf_latency *l = p->devices[k];
        yf_writer_printf(w, "  %-11s %-22s %-11s %-5s %10.3f %9.1f %10.3f %9.1f  %s\n", "",
                         l->device.id, l->runtime, yf_precision_label(l->precision), l->ms,
                         l->fps, l->end_to_end_ms, l->fps_end_to_end, l->label);
    }
}

void yf_table_latency(yf_writer *w, const yf_render_opts *ro, const yf_profile *p)
{
    if (p->n_devices > 1)
        devices(w, p);
    head(w, ro, p->latency);
    bounds(w, ro, p->latency);
    bottlenecks(w, ro, p);
    stages(w, ro, p);
    used(w, ro, p->latency);
}

/* ---- layers by stage or kind ---- */

static int col_width(const yf_figure_info *f)
{
    int w = f->show == YF_SHOW_GIGA ? 8 : f->show == YF_SHOW_BYTES ? 10 : 11;
    int h = (int)strlen(f->column);
    return h > w ? h : w;
}

void yf_table_groups(yf_writer *w, const yf_render_opts *ro, const yf_profile *p,
                     const char *const *defaults)
{
    yf_figure cols[64];
    double all[64];
    char v[48];
    int n = yf_profile_columns(p, ro, defaults, cols, 64), k = 0;
    for (int c = 0; c < n; c++) /* shares are per cent already: each column gets its % */
        if (!(yf_figure_get(cols[c])->flags & (YF_FIG_SHARE | YF_FIG_RATIO)))
            cols[k++] = cols[c];
    n = k;
    const yf_groups *g = p->by;
    yf_writer_printf(w, "%-16s %6s", yf_by_name(g->by), "layers");
    for (int c = 0; c < n; c++) {
        all[c] = yf_layers_sum(p, cols[c]);
        yf_writer_printf(w, " %*s %6s", col_width(yf_figure_get(cols[c])),
                         yf_figure_get(cols[c])->column, "%");
    }
    yf_writer_puts(w, "\n");
    for (int i = 0; i < g->n; i++) {
        yf_writer_printf(w, "%-16s %6d", g->groups[i].name, g->groups[i].n_layers);
        for (int c = 0; c < n; c++) {
            const yf_figure_info *f = yf_figure_get(cols[c]);
            yf_value x = yf_figure_group(p, cols[c], g, i);
            double s = yf_share(x, all[c]);
            yf_writer_printf(w, " %*s ", col_width(f), yf_fmt_value(v, f, x, 1));
            if (s < 0)
                yf_writer_printf(w, "%6s", "");
            else
                yf_writer_printf(w, "%6.1f", s);
        }
        yf_writer_puts(w, "\n");
    }
}

/* ---- the devices listing ---- */

static void spec_cell(char *buf, size_t n, const yf_spec_value *s, double scale)
{
    if (!s->tag)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.4g%c", s->value / scale, yf_tag_letter(s->tag));
}

static void list(yf_writer *w, const yf_latency_db *db, const yf_device *d, int n)
{
    char c[5][32], fits[128];
    yf_writer_printf(w, "%-22s %-22s %-4s %9s %9s %9s %9s %8s  %s\n", "device", "aliases", "kind",
                     "fp32 TF/s", "fp16 TF/s", "int8 TO/s", "mem GB/s", "mem GiB",
                     "fitted runtime/precision");
    for (int i = 0; i < n; i++) {
        const yf_spec_value *s = d[i].spec;
        spec_cell(c[0], 32, &s[YF_SPEC_FP32], 1e12);
        spec_cell(c[1], 32, &s[YF_SPEC_FP16], 1e12);
        spec_cell(c[2], 32, &s[YF_SPEC_INT8], 1e12);
        spec_cell(c[3], 32, &s[YF_SPEC_BANDWIDTH], 1e9);
        spec_cell(c[4], 32, &s[YF_SPEC_MEMORY], 1073741824.0);
        yf_fits_text(fits, sizeof(fits), db, d[i].id);
        yf_writer_printf(w, "%-22s %-22.22s %-4s %9s %9s %9s %9s %8s  %s\n", d[i].id,
                         d[i].aliases, yf_device_kind_name(d[i].kind), c[0], c[1], c[2], c[3],
                         c[4], fits[0] ? fits : "-");
    }
    yf_writer_puts(w, "tags after each figure: D datasheet, d derived, u unverified, x default of "
                      "the model; 'yoloflops devices ID' shows each figure's source\n");
}

static void detail(yf_writer *w, const yf_latency_db *db, const yf_device *d)
{
    char v[48];
    const char *used[YF_SPEC_COUNT];
    int n_used = 0;
    yf_writer_printf(w, "%s: %s (%s%s%s%s%s)\n", d->id, d->name, yf_device_kind_name(d->kind),
                     d->device_class[0] ? ", " : "", d->device_class,
                     d->aliases[0] ? "; aliases " : "", d->aliases);
    if (d->host_name[0])
        yf_writer_printf(w, "  %-15s %s\n", "host", d->host_name);
    for (int k = 0; k < YF_SPEC_COUNT; k++) {
        const yf_spec_value *s = &d->spec[k];
        if (!s->tag)
            continue;
        yf_fmt_spec(v, k, s->value);
        yf_writer_printf(w, "  %-15s %-16s %-10s %s%s%s\n", yf_spec_key_name(k), v,
                         yf_tag_name(s->tag), s->source ? s->source : "", s->note ? ": " : "",
                         s->note ? s->note : "");
        int seen = !s->source;
        for (int i = 0; i < n_used && !seen; i++)
            seen = strcmp(used[i], s->source) == 0;
        if (!seen)
            used[n_used++] = s->source;
    }
    yf_fit_group g[16];
    int k = yf_device_fits(db, d->id, g, 16);
    for (int i = 0; i < k && i < 16; i++)
        yf_writer_printf(w, "  %-15s %s %s: eta_compute %.3f, eta_memory %.2f, overhead %.1f us "
                            "(%d published rows, %d model sizes)\n",
                         i ? "" : "fitted", g[i].runtime, yf_precision_label(g[i].precision),
                         g[i].eta_compute, g[i].eta_memory, g[i].overhead_us, g[i].rows,
                         g[i].model_sizes);
    if (!k)
        yf_writer_printf(w, "  %-15s none: estimates on it are uncalibrated\n", "fitted");
    for (int i = 0; i < n_used; i++) {
        const char *text = yf_latency_source(db, used[i]);
        yf_writer_printf(w, "  %-15s %s: %s\n", i ? "" : "sources", used[i], text ? text : "");
    }
}

void yf_table_devices(const yf_document *doc, const yf_latency_db *db, const yf_device *d,
                      int n, int details)
{
    if (!details) {
        list(doc->w, db, d, n);
        return;
    }
    for (int i = 0; i < n; i++) {
        if (i)
            yf_writer_puts(doc->w, "\n");
        detail(doc->w, db, &d[i]);
    }
}

void yf_table_calibration(const yf_document *doc, const yf_calibration *c)
{
    char spec[1024];
    const yf_model *m = c->model;
    yf_device_spec_text(&c->device, spec, sizeof(spec));
    yf_writer_printf(doc->w, "%s at %lldx%lld, batch %lld, %s, %s: %g FPS measured, %.3f FPS "
                             "estimated before; efficiencies x %.4g (%s)\n",
                     m->name, (long long)m->input.w, (long long)m->input.h, (long long)m->batch,
                     c->runtime, yf_precision_label(c->precision), c->fps_measured, c->fps_before,
                     c->scale, c->mode == YF_CALIBRATE_COMPUTE ? "compute only" : "all");
    yf_writer_printf(doc->w, "--device-spec '%s' --runtime %s --precision %s\n", spec, c->runtime,
                     yf_precision_label(c->precision));
}
