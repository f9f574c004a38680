/* Budgets: limits on totals (--max-*) and on increases (--max-increase),
 * and the quantity syntax they share ("25M", "64MiB", "1.5G", "5%"). */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[YF_FIG_COUNT] = {
    "params", "params_fused", "weights_file_bytes", "bflops",
    "gflops", "gflops_fused", "peak_activation_bytes", "boxes"};

const char *yf_figure_name(yf_figure f)
{
    return f < YF_FIG_COUNT ? names[f] : "?";
}

int yf_figure_parse(const char *name, yf_figure *out)
{
    static const struct { const char *alias; yf_figure f; } aliases[] = {
        {"weights_bytes", YF_FIG_WEIGHTS_FILE_BYTES}, {"weights", YF_FIG_WEIGHTS_FILE_BYTES},
        {"peak_memory", YF_FIG_PEAK_MEMORY}, {"peak", YF_FIG_PEAK_MEMORY}};
    for (int i = 0; i < YF_FIG_COUNT; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (yf_figure)i;
            return 0;
        }
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (strcmp(name, aliases[i].alias) == 0) {
            *out = aliases[i].f;
            return 0;
        }
    return -1;
}

double yf_figure_value(const yf_totals *t, yf_figure f)
{
    switch (f) {
    case YF_FIG_PARAMS: return (double)t->params;
    case YF_FIG_PARAMS_FUSED: return (double)t->params_fused;
    case YF_FIG_WEIGHTS_FILE_BYTES: return (double)t->weights_file_bytes;
    case YF_FIG_BFLOPS: return t->bflops;
    case YF_FIG_GFLOPS: return t->gflops;
    case YF_FIG_GFLOPS_FUSED: return t->gflops_fused;
    case YF_FIG_PEAK_MEMORY: return (double)t->peak_activation_bytes;
    case YF_FIG_BOXES: return (double)t->n_boxes;
    case YF_FIG_COUNT: break;
    }
    return 0;
}

int yf_quantity_parse(const char *s, double *value, int *percent)
{
    static const struct { const char *suffix; double scale; } units[] = {
        {"Ki", 1024.0}, {"Mi", 1048576.0}, {"Gi", 1073741824.0}, {"Ti", 1099511627776.0},
        {"K", 1e3}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"", 1}};
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(v) || v < 0 || s[0] == '+' || s[0] == '-')
        return -1;
    *percent = 0;
    if (strcmp(end, "%") == 0) {
        *percent = 1;
        *value = v;
        return 0;
    }
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        size_t n = strlen(units[i].suffix);
        if (strncmp(end, units[i].suffix, n) != 0)
            continue;
        const char *rest = end + n;
        if (*rest == 'B')
            rest++;
        if (*rest != '\0')
            continue;
        v *= units[i].scale;
        if (v > 1e18)
            return -1;
        *value = v;
        return 0;
    }
    return -1;
}

int yf_checks_eval(const yf_limit *limits, int n, const yf_totals *before, const yf_totals *after,
                   yf_check *out)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        const yf_limit *l = &limits[i];
        if (l->increase && !before)
            continue;
        yf_check *c = &out[k++];
        c->limit = *l;
        c->after = yf_figure_value(after, l->figure);
        c->before = before ? yf_figure_value(before, l->figure) : 0;
        c->measured = l->increase ? c->after - c->before : c->after;
        c->allowed = l->percent ? (l->increase ? c->before : 1.0) * l->value / 100.0 : l->value;
        /* compare at the precision the figure is printed with */
        c->ok = c->measured <= c->allowed + fabs(c->allowed) * 1e-12;
    }
    return k;
}
