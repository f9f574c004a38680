/* Markdown of a latency estimate: a table with one row per device
 * (network-only and end-to-end time and FPS, calibration), then for the
 * first device how it is calibrated, time by bound, bottlenecks, time per
 * stage and every figure used with its tag; layers grouped by stage or kind
 * (--by); the devices listing and a calibration. */
#include "render.h"

#include <stdio.h>
#include <string.h>

static void devices_table(yf_writer *w, const yf_profile *p)
{
    yf_writer_puts(w, "\n**latency** (estimate; docs/latency.md)\n\n"
                      "| device | runtime | precision | batch | network ms | FPS (network only) "
                      "| end-to-end ms | FPS end-to-end | calibration |\n"
                      "|---|---|---|---:|---:|---:|---:|---:|---|\n");
    for (int k = 0; k < p->n_devices; k++) {
        const yf_latency *l = p->devices[k];
        yf_writer_printf(w, "| %s | %s | %s | %lld | %.3f | %.1f | %.3f | %.1f | %s |\n",
                         l->device.id, l->runtime, yf_precision_label(l->precision),
                         (long long)l->batch, l->ms, l->fps, l->end_to_end_ms, l->fps_end_to_end,
                         l->label);
    }
}

static void details(yf_writer *w, const yf_render_opts *ro, const yf_profile *p)
{
    const yf_latency *lat = p->latency;
    const char *sep = yf_sep(ro);
    char t[160], v[48];
    double ms[4];
    yf_latency_title(t, sizeof(t), lat);
    yf_writer_printf(w, "\n- %s: %s (%s)\n", t, lat->label, lat->basis);
    if (lat->frame_w)
        yf_writer_printf(w, "- end-to-end adds pre-processing of a %lldx%lld frame (%.3f ms) "
                            "and ", (long long)lat->frame_w, (long long)lat->frame_h,
                         lat->preprocess_ms);
    else
        yf_writer_puts(w, "- end-to-end adds ");
    yf_writer_printf(w, "%s NMS of %g%% of %lld candidates (%.3f ms; %.3f ms for all), on one "
                        "host core, serially\n",
                     yf_nms_style_name(lat->nms_style), 100 * lat->nms_keep,
                     (long long)lat->candidates, lat->nms_ms, lat->nms_all_ms);
    yf_latency_bounds(lat, ms);
    yf_writer_printf(w, "- time bound by compute %.1f%%%smemory %.1f%%%soverhead %.1f%%%sridge "
                        "point %.1f FLOP/byte\n",
                     lat->ms > 0 ? 100 * ms[1] / lat->ms : 0.0, sep,
                     lat->ms > 0 ? 100 * ms[2] / lat->ms : 0.0, sep,
                     lat->ms > 0 ? 100 * ms[3] / lat->ms : 0.0, sep, lat->ridge);
    yf_writer_puts(w, "- bottlenecks:");
    for (int k = 0; k < lat->n_bottlenecks && k < 5; k++) {
        int i = lat->bottlenecks[k];
        yf_writer_printf(w, "%s#%d %s %.1f%% (%s)", k ? sep : " ", i, p->model->layers[i].type,
                         lat->ms > 0 ? 100 * lat->layers[i].ms / lat->ms : 0.0,
                         yf_bound_name(lat->layers[i].bound));
    }
    yf_writer_puts(w, "\n");
    if (p->stages) {
        yf_figure f = yf_figure_find("latency_ms");
        yf_writer_puts(w, "- time per stage:");
        for (int g = 0; g < p->stages->n; g++)
            yf_writer_printf(w, "%s%s %.1f%%", g ? sep : " ", p->stages->groups[g].name,
                             lat->ms > 0 ? 100 *
                                               yf_value_real(yf_figure_group(p, f, p->stages, g)) /
                                               lat->ms
                                         : 0.0);
        yf_writer_puts(w, "\n");
    }
    yf_writer_puts(w, "- figures used:");
    for (int k = 0, n = 0; k < YF_SPEC_COUNT; k++) {
        const yf_spec_value *s = &lat->device.spec[k];
        if (!s->tag || k == YF_SPEC_EFF_COMPUTE || k == YF_SPEC_EFF_MEMORY ||
            k == YF_SPEC_OVERHEAD_US)
            continue;
        yf_writer_printf(w, "%s%s %s (%s)", n++ ? sep : " ", yf_spec_key_name(k),
                         yf_fmt_spec(v, k, s->value), yf_tag_name(s->tag));
    }
    yf_writer_printf(w, "%seta_compute %.3g (%s: %s)%seta_memory %.3g (%s)%soverhead %.3g us "
                        "(%s)\n",
                     sep, lat->eta_compute.value, yf_tag_name(lat->eta_compute.tag),
                     lat->eta_compute.source, sep, lat->eta_memory.value,
                     yf_tag_name(lat->eta_memory.tag), sep, lat->overhead_us.value,
                     yf_tag_name(lat->overhead_us.tag));
}

void yf_md_latency(yf_writer *w, const yf_render_opts *ro, const yf_profile *p)
{
    devices_table(w, p);
    details(w, ro, p);
}

void yf_md_groups(yf_writer *w, const yf_render_opts *ro, const yf_profile *p,
                  const char *const *defaults)
{
    yf_figure cols[64];
    double all[64];
    char v[48];
    int n = yf_profile_columns(p, ro, defaults, cols, 64), k = 0;
    for (int c = 0; c < n; c++)
        if (!(yf_figure_get(cols[c])->flags & (YF_FIG_SHARE | YF_FIG_RATIO)))
            cols[k++] = cols[c];
    n = k;
    const yf_groups *g = p->by;
    yf_writer_printf(w, "\n| %s | layers |", yf_by_name(g->by));
    for (int c = 0; c < n; c++) {
        yf_writer_printf(w, " %s | %% |", yf_figure_get(cols[c])->column);
        all[c] = yf_layers_sum(p, cols[c]);
    }
    yf_writer_puts(w, "\n|---|---:|");
    for (int c = 0; c < n; c++)
        yf_writer_puts(w, "---:|---:|");
    yf_writer_puts(w, "\n");
    for (int i = 0; i < g->n; i++) {
        yf_writer_printf(w, "| %s | %d |", g->groups[i].name, g->groups[i].n_layers);
        for (int c = 0; c < n; c++) {
            yf_value x = yf_figure_group(p, cols[c], g, i);
            double s = yf_share(x, all[c]);
            yf_writer_printf(w, " %s |", yf_fmt_value(v, yf_figure_get(cols[c]), x, 1));
            if (s >= 0)
                yf_writer_printf(w, " %.1f |", s);
            else
                yf_writer_puts(w, " |");
        }
        yf_writer_puts(w, "\n");
    }
}

void yf_md_devices(const yf_document *doc, const yf_latency_db *db, const yf_device *list,
                   int n, int detail)
{
    yf_writer *w = doc->w;
    char v[48], fits[128];
    yf_writer_puts(w, "| device | aliases | kind | fp32 | fp16 | int8 | bandwidth | memory | "
                      "fitted |\n|---|---|---|---:|---:|---:|---:|---:|---|\n");
    static const int keys[] = {YF_SPEC_FP32, YF_SPEC_FP16, YF_SPEC_INT8, YF_SPEC_BANDWIDTH,
                               YF_SPEC_MEMORY};
    for (int i = 0; i < n; i++) {
        yf_writer_printf(w, "| %s | %s | %s |", list[i].id, list[i].aliases,
                         yf_device_kind_name(list[i].kind));
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
            const yf_spec_value *s = &list[i].spec[keys[k]];
            if (s->tag)
                yf_writer_printf(w, " %s (%s) |", yf_fmt_spec(v, keys[k], s->value),
                                 yf_tag_name(s->tag));
            else
                yf_writer_puts(w, " - |");
        }
        yf_fits_text(fits, sizeof(fits), db, list[i].id);
        yf_writer_printf(w, " %s |\n", fits[0] ? fits : "-");
    }
    for (int i = 0; detail && i < n; i++) {
        yf_writer_printf(w, "\n**%s**: %s\n\n", list[i].id, list[i].name);
        for (int k = 0; k < YF_SPEC_COUNT; k++) {
            const yf_spec_value *s = &list[i].spec[k];
            if (!s->tag)
                continue;
            const char *text = s->source ? yf_latency_source(db, s->source) : NULL;
            yf_writer_printf(w, "- %s: %s (%s; %s%s%s%s%s)\n", yf_spec_key_name(k),
                             yf_fmt_spec(v, k, s->value), yf_tag_name(s->tag),
                             s->source ? s->source : "", text ? ": " : "", text ? text : "",
                             s->note ? "; " : "", s->note ? s->note : "");
        }
    }
}

void yf_md_calibration(const yf_document *doc, const yf_calibration *c)
{
    char spec[1024];
    const yf_model *m = c->model;
    yf_device_spec_text(&c->device, spec, sizeof(spec));
    yf_writer_printf(doc->w, "### calibration of `%s` at %lldx%lld, batch %lld\n\n"
                             "%s, %s: %g FPS measured, %.3f FPS estimated before; efficiencies "
                             "x %.4g (%s)\n\n```\n--device-spec '%s' --runtime %s --precision "
                             "%s\n```\n",
                     m->name, (long long)m->input.w, (long long)m->input.h, (long long)m->batch,
                     c->runtime, yf_precision_label(c->precision), c->fps_measured,
                     c->fps_before, c->scale, c->mode == YF_CALIBRATE_COMPUTE ? "compute only" : "all",
                     spec, c->runtime, yf_precision_label(c->precision));
}
