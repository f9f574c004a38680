/* Budgets: limits on totals (--max-*, "max_*" in a budget file; --min-* and
 * "min_*" for figures limited from below, such as fps) and on increases
 * (--max-increase), over the figure registry, and the quantity
 * syntax they share ("25M", "64MiB", "1.5G", "5%"). This is the one file
 * that reads JSON (cJSON, for budget files). */
#include "analysis/jtree.h"
#include "core/core.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

int yf_quantity_parse(const char *s, double *value, int *percent, int *suffixed)
{
    static const struct {
        const char *suffix;
        double scale;
    } units[] = {{"Ki", 1024.0}, {"Mi", 1048576.0}, {"Gi", 1073741824.0},
                 {"Ti", 1099511627776.0}, {"K", 1e3}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9},
                 {"T", 1e12}, {"", 1}};
    double v;
    int range;
    const char *end = yf_scan_real(s, &v, &range);
    if (!end)
        return -1;
    *percent = 0;
    *suffixed = 0;
    if (strcmp(end, "%") == 0) {
        *percent = 1;
    } else {
        size_t i = 0, n = 0;
        for (; i < sizeof(units) / sizeof(units[0]); i++) {
            n = strlen(units[i].suffix);
            if (strncmp(end, units[i].suffix, n) == 0 &&
                (end[n] == '\0' || (end[n] == 'B' && end[n + 1] == '\0')))
                break;
        }
        if (i == sizeof(units) / sizeof(units[0]))
            return -1;
        if (n > 0)
            *suffixed = units[i].suffix[1] == 'i' ? YF_QTY_BINARY : YF_QTY_SI;
        if (end[n] == 'B')
            *suffixed |= YF_QTY_BYTES;
        v *= units[i].scale;
    }
    if (s[0] == '-' && v != 0)
        return -2;
    if (range || !isfinite(v) || v > 1e18)
        return -3;
    *value = v == 0 ? 0 : v; /* no "-0" */
    return 0;
}

int yf_limit_make(yf_figure f, const char *text, int increase, const char *origin,
                  yf_limit *out, yf_error *err)
{
    const yf_figure_info *info = yf_figure_get(f);
    double v;
    int pct, suffixed;
    int r = info ? yf_quantity_parse(text, &v, &pct, &suffixed) : -1;
    if (r == -2)
        return yf_error_set(err, YF_ERR_VALUE, "'%s' must be >= 0, got '%.40s'", origin, text);
    if (r == -3)
        return yf_error_set(err, YF_ERR_VALUE, "'%s' must be at most 1e18, got '%.40s'", origin,
                            text);
    if (r || (pct && !increase))
        return yf_error_set(err, YF_ERR_VALUE,
                            "'%s' must be a number with an optional suffix (25M, 1.5G, 64MiB%s), "
                            "got '%.40s'",
                            origin, increase ? ", 5%" : "", text);
    /* 70Gi GFLOPs would silently be 75.16 and 70GB just 70: refuse both */
    if ((suffixed & (YF_QTY_BINARY | YF_QTY_BYTES)) && !(info->flags & YF_FIG_BYTES))
        return yf_error_set(err, YF_ERR_VALUE,
                            "'%s' counts %s, not bytes: got '%.40s' (Ki, Mi, Gi, Ti and 'B' are "
                            "for sizes in bytes; use k, M, G, T)",
                            origin, info->column, text);
    if (!pct && info->unit != 1) {
        /* A figure counted in units (GFLOPs): a suffix or a huge bare number
         * means the raw count; a small bare number is in units already. */
        if (suffixed || v >= info->unit)
            v /= info->unit;
        else if (v >= 1e6)
            return yf_error_set(err, YF_ERR_VALUE,
                                "'%s' value '%.40s' is ambiguous: %s are counted in units of "
                                "%.0e, so write '%.40sG' for that many %s or give the raw count "
                                "with a suffix",
                                origin, text, info->column, info->unit, text, info->column);
    }
    *out = (yf_limit){.figure = f, .value = v, .percent = pct, .increase = increase};
    snprintf(out->origin, sizeof(out->origin), "%s", origin);
    return YF_OK;
}

int yf_checks_eval(const yf_limit *limits, int n, const yf_profile *before,
                   const yf_profile *after, yf_check *out)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        const yf_limit *l = &limits[i];
        if (l->increase && !before)
            continue;
        yf_check *c = &out[k++];
        c->limit = *l;
        c->batch = after->model->batch;
        c->after = yf_value_real(yf_figure_value(after, l->figure, -1));
        c->before = before ? yf_value_real(yf_figure_value(before, l->figure, -1)) : 0;
        c->measured = l->increase ? c->after - c->before : c->after;
        c->allowed = l->percent ? (l->increase ? c->before : 1.0) * l->value / 100.0 : l->value;
        c->ok = l->minimum ? c->measured >= c->allowed : c->measured <= c->allowed;
    }
    return k;
}

/* ---- budget files ---- */

/* One "max_<budget>" or "min_<budget>" key (or, inside max_increase, a
 * figure name). */
static int budget_entry(const cJSON *it, int increase, yf_limit *out, yf_error *err)
{
    const char *key = it->string;
    yf_figure f = -1;
    int minimum = !increase && strncmp(key, "min_", 4) == 0;
    if (!increase && (minimum || strncmp(key, "max_", 4) == 0))
        f = yf_figure_find(key + 4);
    else if (increase)
        f = yf_figure_find(key);
    unsigned need = minimum ? YF_FIG_BUDGET_MIN : YF_FIG_BUDGET_MAX;
    if (f < 0 || !(yf_figure_get(f)->flags & need))
        return yf_error_set(err, YF_ERR_VALUE, "unknown key '%.60s'", key);
    char origin[64], text[64];
    snprintf(origin, sizeof(origin), "budget %s%.40s", increase ? "max_increase." : "", key);
    if (cJSON_IsNumber(it) && !isfinite(it->valuedouble))
        return yf_error_set(err, YF_ERR_VALUE, "'%s' must be at most 1e18", origin);
    if (cJSON_IsNumber(it))
        snprintf(text, sizeof(text), "%.17g", it->valuedouble);
    else if (cJSON_IsString(it) && strlen(it->valuestring) < sizeof(text))
        snprintf(text, sizeof(text), "%s", it->valuestring);
    else
        return yf_error_set(err, YF_ERR_VALUE,
                            "'%s' must be a number or a quantity such as \"25M\"%s", origin,
                            increase ? " or \"5%\"" : "");
    int status = yf_limit_make(f, text, increase, origin, out, err);
    out->minimum = minimum;
    return status;
}

static int take(const cJSON *it, int increase, yf_limit *limits, int cap, int *n, yf_error *err)
{
    if (*n >= cap)
        return yf_error_set(err, YF_ERR_LIMIT, "more than %d budgets", cap);
    if (budget_entry(it, increase, &limits[*n], err))
        return err->code;
    ++*n;
    return YF_OK;
}

/* Byte offset of the first non-whitespace byte at or after `from`, or len. */
static size_t skip_space(const char *text, size_t from, size_t len)
{
    while (from < len && (text[from] == ' ' || text[from] == '\t' || text[from] == '\n' ||
                          text[from] == '\r'))
        from++;
    return from;
}

int yf_budget_parse(const char *text, size_t len, yf_limit *limits, int cap, int *n,
                    yf_error *err)
{
    const char *end = NULL;
    *n = 0;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    int status = YF_OK;
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        status = at && at >= text && at <= text + len
                     ? yf_error_set(err, YF_ERR_SYNTAX, "invalid JSON at byte %ld",
                                    (long)(at - text))
                     : yf_error_set(err, YF_ERR_SYNTAX, "invalid JSON");
    } else if (!cJSON_IsObject(root)) {
        status = yf_error_set(err, YF_ERR_SYNTAX, "not a JSON object");
    } else {
        size_t rest = skip_space(text, (size_t)(end - text), len);
        if (rest < len)
            status = yf_error_set(err, YF_ERR_SYNTAX,
                                  "unexpected content after the JSON object at byte %zu", rest);
        else
            status = yf_json_check_keys(root, text, len, NULL, err);
    }
    for (cJSON *it = status ? NULL : root->child; it && !status; it = it->next) {
        if (strcmp(it->string, "max_increase") != 0) {
            status = take(it, 0, limits, cap, n, err);
        } else if (!cJSON_IsObject(it)) {
            status = yf_error_set(err, YF_ERR_VALUE,
                                  "'max_increase' must be an object such as {\"gflops\": \"5%%\"}");
        } else {
            for (cJSON *x = it->child; x && !status; x = x->next)
                status = take(x, 1, limits, cap, n, err);
        }
    }
    cJSON_Delete(root);
    return status;
}
