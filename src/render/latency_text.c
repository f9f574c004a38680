/* Text of the latency estimate that the text formats share: rates with SI
 * prefixes, a run's title, time by bound, group shares, tag letters. */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *yf_fmt_rate(char buf[48], double v, const char *unit)
{
    static const struct {
        const char *prefix;
        double scale;
    } si[] = {{"P", 1e15}, {"T", 1e12}, {"G", 1e9}, {"M", 1e6}, {"k", 1e3}};
    for (size_t i = 0; i < sizeof(si) / sizeof(si[0]); i++)
        if (fabs(v) >= si[i].scale) {
            snprintf(buf, 48, "%.4g %s%s", v / si[i].scale, si[i].prefix, unit);
            return buf;
        }
    snprintf(buf, 48, "%.4g %s", v, unit);
    return buf;
}

const char *yf_fmt_spec(char buf[48], int key, double v)
{
    const char *unit = yf_spec_key_unit(key);
    char t[32];
    if (strcmp(unit, "bytes") == 0)
        snprintf(buf, 48, "%s", yf_fmt_bytes(t, (int64_t)v));
    else if (strcmp(unit, "bytes/s") == 0)
        yf_fmt_rate(buf, v, "B/s");
    else if (strcmp(unit, "FLOP/s") == 0 || strcmp(unit, "OP/s") == 0)
        yf_fmt_rate(buf, v, unit);
    else
        snprintf(buf, 48, "%.6g%s%s", v, *unit ? " " : "", unit);
    return buf;
}

void yf_latency_title(char *buf, size_t n, const yf_latency *lat)
{
    snprintf(buf, n, "%s, %s, %s, batch %lld", lat->device.id, lat->runtime,
             yf_precision_label(lat->precision), (long long)lat->batch);
}

void yf_latency_bounds(const yf_latency *lat, double ms[4])
{
    ms[0] = ms[1] = ms[2] = ms[3] = 0;
    for (int i = 0; i < lat->n_layers; i++)
        ms[lat->layers[i].bound] += lat->layers[i].ms;
    for (int i = 0; i < lat->n_extra; i++)
        ms[lat->extra[i].bound] += lat->extra[i].ms;
}

double yf_layers_sum(const yf_profile *p, yf_figure f)
{
    yf_value total = (yf_figure_get(f)->flags & YF_FIG_TOTAL) ? yf_figure_value(p, f, -1)
                                                               : (yf_value){.kind = YF_NONE};
    double all = 0;
    if (total.kind != YF_NONE) /* the total: a latency's includes time outside the layers */
        return yf_value_real(total);
    for (int i = 0; i < p->model->n_layers; i++)
        all += yf_value_real(yf_figure_value(p, f, i));
    return all;
}

double yf_share(yf_value part, double all)
{
    return part.kind == YF_NONE || all == 0 ? -1 : 100.0 * yf_value_real(part) / all;
}

const char *yf_layer_stage(const yf_profile *p, int i)
{
    return p->stages ? p->stages->groups[p->stages->of_layer[i]].name : "";
}

char yf_tag_letter(int tag)
{
    static const char letters[] = "-Dduxfcs";
    return tag >= 0 && tag <= YF_TAG_USER ? letters[tag] : '?';
}

void yf_fits_text(char *buf, size_t n, const yf_latency_db *db, const char *id)
{
    yf_fit_group g[16];
    int k = yf_device_fits(db, id, g, 16);
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < k && i < 16 && o < n; i++)
        o += (size_t)snprintf(buf + o, n - o, "%s%s/%s", i ? ", " : "", g[i].runtime,
                              yf_precision_label(g[i].precision));
}
