/* The device views of the HTML report (docs/html.md): with a latency
 * estimate (--device), what it is (device, runtime, precision, calibrated
 * or not, network-only and end-to-end FPS, the bottlenecks), a roofline of
 * the layers under the device's roofs, and the time per stage. Each writes
 * nothing without an estimate. */
#include "html.h"

#include <stdio.h>
#include <string.h>

/* Device, runtime, precision, label; time and FPS; bottlenecks. */
void yf_html_device(yf_writer *w, const char *id, const yf_profile *p)
{
    const yf_latency *lat = p->latency;
    if (!lat)
        return;
    yf_writer_printf(w, "<h3>Time on %s</h3><div class=\"yf-device\" id=\"%s-device\"><p>",
                     lat->device.id, id);
    yf_html_esc(w, lat->device.name);
    yf_writer_puts(w, " \xC2\xB7 ");
    yf_html_esc(w, lat->runtime);
    yf_writer_printf(w, ", %s, batch %lld \xC2\xB7 <b class=\"%s\">", yf_precision_label(lat->precision),
                     (long long)lat->batch, lat->calibrated ? "cal" : "uncal");
    yf_html_esc(w, lat->label);
    yf_writer_puts(w, "</b> (");
    yf_html_esc(w, lat->basis);
    yf_writer_printf(w, ")</p><p class=\"yf-headline\">network %.3f ms, %.1f FPS \xC2\xB7 end to "
                        "end %.3f ms, %.1f FPS (pre-processing %.3f ms, NMS %.3f ms on the host) "
                        "\xC2\xB7 ridge point %.1f FLOP/byte</p>",
                     lat->ms, lat->fps, lat->end_to_end_ms, lat->fps_end_to_end,
                     lat->preprocess_ms, lat->nms_ms, lat->ridge);
    if (lat->n_bottlenecks) {
        yf_writer_puts(w, "<p>Bottlenecks: ");
        for (int k = 0; k < lat->n_bottlenecks && k < 5; k++) {
            int i = lat->bottlenecks[k];
            const yf_layer *l = &p->model->layers[i];
            yf_writer_printf(w, "%s#%d %s %s (%.3f ms, %.1f%%, %s-bound)", k ? ", " : "", i,
                             l->type, l->desc, lat->layers[i].ms,
                             lat->ms > 0 ? 100.0 * lat->layers[i].ms / lat->ms : 0.0,
                             yf_bound_name(lat->layers[i].bound));
        }
        yf_writer_puts(w, "</p>");
    }
    yf_writer_puts(w, "</div>");
}

/* Each layer with FLOPs at its arithmetic intensity and attained rate,
 * under the roofs of the device's precisions. */
void yf_html_roofline(yf_writer *w, const char *id, const yf_profile *p)
{
    const yf_latency *lat = p->latency;
    if (!lat || !p->model->n_layers)
        return;
    const yf_model *m = p->model;
    enum { MAX_POINTS = 4096 };
    static const struct {
        int key;
        const char *label;
    } peaks[] = {{YF_SPEC_FP32, "fp32"}, {YF_SPEC_FP16, "fp16"}, {YF_SPEC_INT8, "int8"}};
    double bw = lat->device.spec[YF_SPEC_BANDWIDTH].value;
    yf_html_roof roofs[3];
    int nr = 0;
    for (size_t k = 0; k < sizeof(peaks) / sizeof(peaks[0]); k++) {
        const yf_spec_value *v = &lat->device.spec[peaks[k].key];
        if (v->tag != YF_TAG_NONE && v->value > 0 && bw > 0)
            roofs[nr++] = (yf_html_roof){peaks[k].label, v->value, bw};
    }
    yf_html_point *pts;
    char(*titles)[96];
    yf_buf store; /* the points and their tooltips, in one block */
    yf_buf_init(&store);
    int n = m->n_layers < MAX_POINTS ? m->n_layers : MAX_POINTS;
    size_t need = (sizeof(yf_html_point) + 96) * (size_t)n;
    for (size_t k = 0; k < need; k += 4096) { /* grow the buffer to hold them */
        static const char zeros[4096];
        if (yf_buf_write(&store, zeros, need - k < 4096 ? need - k : 4096)) {
            yf_buf_release(&store);
            return;
        }
    }
    pts = (yf_html_point *)(void *)store.data;
    titles = (char (*)[96])(void *)(store.data + sizeof(yf_html_point) * (size_t)n);
    int np = 0, compute = 0, memory = 0, overhead = 0;
    for (int i = 0; i < n; i++) {
        const yf_layer_latency *ll = &lat->layers[i];
        if (!(ll->flops > 0) || !(ll->bytes > 0) || !(ll->ms > 0))
            continue;
        compute += ll->bound == YF_BOUND_COMPUTE;
        memory += ll->bound == YF_BOUND_MEMORY;
        overhead += ll->bound == YF_BOUND_OVERHEAD;
        snprintf(titles[np], 96, "#%d %s %s: %.3f ms, %s-bound", i, m->layers[i].type,
                 m->layers[i].desc, ll->ms, yf_bound_name(ll->bound));
        pts[np] = (yf_html_point){ll->flops / ll->bytes, ll->flops / (ll->ms / 1e3),
                                  ll->bound == YF_BOUND_COMPUTE  ? 0
                                  : ll->bound == YF_BOUND_MEMORY ? 6
                                                                  : 16,
                                  titles[np]};
        np++;
    }
    char cid[48];
    snprintf(cid, sizeof(cid), "%s-roofline", id);
    yf_writer_printf(w, "<h3>Roofline on %s</h3><figure class=\"yf-chart yf-roofline\" id=\"%s\">",
                     lat->device.id, cid);
    int drawn = yf_html_roofline_svg(w, cid, pts, np, roofs, nr);
    yf_writer_printf(w, "<figcaption id=\"%s-cap\">Each layer with FLOPs at its arithmetic "
                        "intensity (FLOPs per byte it moves) and the rate it attains in the "
                        "estimate (FLOPs / its time), under the device's roofs: peak FLOP/s per "
                        "precision and %.1f GB/s of bandwidth; the ridge point of the estimate "
                        "is %.1f FLOP/byte. %d layers drawn: %d compute-bound, %d memory-bound, "
                        "%d bound by launch overhead (an estimate, %s).</figcaption></figure>",
                     cid, bw / 1e9, lat->ridge, drawn, compute, memory, overhead, lat->label);
    yf_buf_release(&store);
}

/* The time of each stage (output stride, head branch) as bars. */
void yf_html_stage_times(yf_writer *w, const char *id, const yf_profile *p)
{
    const yf_latency *lat = p->latency;
    const yf_groups *g = p->stages;
    if (!lat || !g || g->n <= 0)
        return;
    enum { MAX_STAGES = 64 };
    yf_html_segment seg[MAX_STAGES];
    yf_html_hbar bars[MAX_STAGES];
    char notes[MAX_STAGES][48];
    int n = g->n < MAX_STAGES ? g->n : MAX_STAGES;
    double total = 0;
    for (int s = 0; s < n; s++) {
        double ms = 0;
        const yf_group *grp = &g->groups[s];
        for (int k = grp->first; k < grp->first + grp->n_layers; k++)
            ms += lat->layers[g->members[k]].ms;
        total += ms;
        seg[s] = (yf_html_segment){ms * 1e3, s % YF_HTML_COLOURS, NULL}; /* in microseconds */
        snprintf(notes[s], sizeof(notes[s]), "%.3f ms (%.1f%%)", ms,
                 lat->ms > 0 ? 100.0 * ms / lat->ms : 0.0);
        bars[s] = (yf_html_hbar){grp->name, notes[s], &seg[s], 1};
    }
    char cid[48];
    snprintf(cid, sizeof(cid), "%s-stages", id);
    yf_writer_printf(w, "<h3>Time per stage</h3><figure class=\"yf-chart yf-stages\" id=\"%s\">",
                     cid);
    yf_html_hbars_svg(w, cid, &yf_html_us_info, bars, n, 0, NULL);
    yf_writer_printf(w, "<figcaption id=\"%s-cap\">The estimated time of each stage: layers "
                        "grouped by output stride (s8 is 1/8 of the input) and each detection "
                        "head's branch; %d stages, %.3f ms in all (%s).</figcaption></figure>",
                     cid, n, total, lat->label);
}

/* `yoloflops devices -f html`: the presets, every figure with its tag, and
 * with ids each figure's source. */
void yf_html_devices(const yf_document *doc, const yf_latency_db *db, const yf_device *list,
                     int n, int detail)
{
    yf_writer *w = doc->w;
    static const int keys[] = {YF_SPEC_FP32, YF_SPEC_FP16, YF_SPEC_INT8, YF_SPEC_BANDWIDTH,
                               YF_SPEC_MEMORY};
    char v[48], fits[128], id[16];
    snprintf(id, sizeof(id), "s%d", doc->index);
    yf_html_section(w, "yf-devices", id, "Devices of the latency estimate");
    yf_writer_printf(w, "</header><div class=\"yf-wrap\"><table class=\"yf-sort\" id=\"%s-devices\">"
                        "<thead><tr><th>device</th><th>aliases</th><th>kind</th><th>fp32</th>"
                        "<th>fp16</th><th>int8</th><th>bandwidth</th><th>memory</th>"
                        "<th>fitted</th></tr></thead><tbody>",
                     id);
    for (int i = 0; i < n; i++) {
        yf_writer_puts(w, "<tr><td title=\"");
        yf_html_esc(w, list[i].name);
        yf_writer_puts(w, "\">");
        yf_html_esc(w, list[i].id);
        yf_writer_puts(w, "</td><td>");
        yf_html_esc(w, list[i].aliases);
        yf_writer_printf(w, "</td><td>%s</td>", yf_device_kind_name(list[i].kind));
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
            const yf_spec_value *s = &list[i].spec[keys[k]];
            if (s->tag)
                yf_writer_printf(w, "<td title=\"%s\">%s</td>", yf_tag_name(s->tag),
                                 yf_fmt_spec(v, keys[k], s->value));
            else
                yf_writer_puts(w, "<td>-</td>");
        }
        yf_fits_text(fits, sizeof(fits), db, list[i].id);
        yf_writer_puts(w, "<td>");
        yf_html_esc(w, fits[0] ? fits : "-");
        yf_writer_puts(w, "</td></tr>");
    }
    yf_writer_puts(w, "</tbody></table></div>");
    for (int i = 0; detail && i < n; i++) {
        yf_writer_puts(w, "<h3>");
        yf_html_esc(w, list[i].id);
        yf_writer_puts(w, ": ");
        yf_html_esc(w, list[i].name);
        yf_writer_puts(w, "</h3><ul>");
        for (int k = 0; k < YF_SPEC_COUNT; k++) {
            const yf_spec_value *s = &list[i].spec[k];
            if (!s->tag)
                continue;
            const char *text = s->source ? yf_latency_source(db, s->source) : NULL;
            yf_writer_printf(w, "<li>%s: %s (%s", yf_spec_key_name(k), yf_fmt_spec(v, k, s->value),
                             yf_tag_name(s->tag));
            if (s->source) {
                yf_writer_puts(w, "; ");
                yf_html_esc(w, s->source);
            }
            if (text) {
                yf_writer_puts(w, ": ");
                yf_html_esc(w, text);
            }
            if (s->note) {
                yf_writer_puts(w, "; ");
                yf_html_esc(w, s->note);
            }
            yf_writer_puts(w, ")</li>");
        }
        yf_writer_puts(w, "</ul>");
    }
    yf_writer_puts(w, "</section>\n");
}

/* --calibrate -f html: the spec that reproduces the measured FPS. */
void yf_html_calibration(const yf_document *doc, const yf_calibration *c)
{
    yf_writer *w = doc->w;
    char spec[1024], id[16];
    const yf_model *m = c->model;
    snprintf(id, sizeof(id), "s%d", doc->index);
    yf_device_spec_text(&c->device, spec, sizeof(spec));
    yf_html_section(w, "yf-calibration", id, m->name);
    yf_writer_printf(w, "<p class=\"yf-sub\">calibration at %lldx%lld, batch %lld</p></header>"
                        "<p>",
                     (long long)m->input.w, (long long)m->input.h, (long long)m->batch);
    yf_html_esc(w, c->runtime);
    yf_writer_printf(w, ", %s: %g FPS measured, %.3f FPS estimated before; efficiencies x %.4g "
                        "(%s)</p><pre>--device-spec '",
                     yf_precision_label(c->precision), c->fps_measured, c->fps_before, c->scale,
                     c->mode == YF_CALIBRATE_COMPUTE ? "compute only" : "all");
    yf_html_esc(w, spec);
    yf_writer_puts(w, "' --runtime ");
    yf_html_esc(w, c->runtime);
    yf_writer_printf(w, " --precision %s</pre></section>\n", yf_precision_label(c->precision));
}
