/* Size sweeps: every total of a cfg at many input sizes, without building
 * the network at each one.
 *
 * Why it is exact: a layer's width is its input's width run through
 * Darknet's integer divisions by strides, products by upsampling strides
 * and copies. Within one residue class W = M*q + r, with M the least common
 * multiple of the layers' cumulative strides, every width is an affine
 * function of q (each division divides an affine function whose slope is a
 * multiple of its divisor), and likewise heights in q' for H. Every figure
 * of a layer is linear in its width and in its height (a conv's MACs are
 * weights x out_w x out_h; a [connected] layer's params are in_w x in_h x c
 * x outputs), so every sum of figures is A + B q + C q' + D q q'. Four
 * builds at the corners of the class fix A..D exactly (integers: the
 * divisions must come out even), and two more builds inside it must agree
 * to the last bit with what the fit predicts, for every total, every
 * layer's live memory and every layer's BFLOPs; otherwise, or when sizes
 * warn differently (a stride that truncates a grid, an overflow), every
 * size of the class is built. Maxima (peak memory, Darknet's largest
 * workspace) and Darknet's float sums are taken per size over fitted
 * per-layer values, in Darknet's order. A row of the closed form costs O(layers); a class of
 * fewer than 8 sizes is simply built. */
#include "core/core.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MIN_FIT = 8, MAX_PERIOD = 1 << 16, MAX_SHOWN_WARNINGS = 32 };

/* The int64 totals that are sums of layer figures: fitted directly. */
static const size_t summed[] = {
    offsetof(yf_totals, params),           offsetof(yf_totals, params_fused),
    offsetof(yf_totals, buffers),          offsetof(yf_totals, weights_file_floats),
    offsetof(yf_totals, macs),             offsetof(yf_totals, macs_fused),
    offsetof(yf_totals, ptflops[0].hook),  offsetof(yf_totals, ptflops[0].func),
    offsetof(yf_totals, ptflops[0].aten),  offsetof(yf_totals, ptflops[1].hook),
    offsetof(yf_totals, ptflops[1].func),  offsetof(yf_totals, ptflops[1].aten),
    offsetof(yf_totals, activation_bytes), offsetof(yf_totals, n_boxes)};
enum { N_SUMMED = sizeof(summed) / sizeof(summed[0]) };

#define FIELD(t, off) (*(int64_t *)((char *)(t) + (off)))

/* The int64 layer figures that totals take a maximum of or sum with one:
 * fitted per layer. */
enum { LIVE, DN_CPU, DN_WS, BFLOPS, N_LAYER_FITS };
static const size_t layer_field[] = {offsetof(yf_layer, live_bytes),
                                     offsetof(yf_layer, darknet_cpu_bytes),
                                     offsetof(yf_layer, darknet_workspace_bytes)};

/* a + b*dw + c*dh + d*dw*dh around the corner (qa_w, qa_h) of a class */
typedef struct fit {
    int64_t a, b, c, d;
} fit;

typedef struct group {
    int64_t rw, rh;          /* residues */
    int64_t qa_w, qa_h;      /* the corner the fits start from */
    int fitted;              /* 0: build every size */
    fit totals[N_SUMMED];
    fit dn_rest;             /* Darknet's CPU load besides its layers and largest workspace */
    fit *per[N_LAYER_FITS];  /* per layer: live bytes, Darknet CPU bytes and workspace,
                                Darknet's BFLOPs x 1e9 */
} group;

struct yf_sweep {
    yf_arena *arena;
    const char *buf;
    size_t len;
    const char *name;
    yf_options opt;
    const yf_size *sizes;
    int n;
    yf_model *ref;           /* the model at the first size that builds: cfg warnings, layers */
    int64_t mw, mh;          /* the period: 0 when the strides give none */
    int n_groups;
    group *groups;
    int *group_of;           /* per size */
    const yf_limit *limits;
    int n_limits;
    yf_ptflops_backend backend;
    /* the row being handed out */
    yf_model *built;         /* freed at the next row */
    yf_check checks[64]; /* the row's budgets (at most 64 limits) */
    const char *row_warnings[MAX_SHOWN_WARNINGS];
    char row_error[700];
    /* least squares of log(figure) on log(pixels), per total figure */
    double *sx, *sy, *sxx, *sxy;
    int *cnt;
    int rows_built, rows_fitted, rows_failed, rows_over_budget, rows_off_stride;
    int nomem;
};

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The least common multiple of the layers' whole cumulative strides along
 * one axis; 0 when a stride is not a whole number or the period is huge. */
static int64_t period(const yf_model *m, int y)
{
    int64_t p = 1;
    for (int i = 0; i < m->n_layers; i++) {
        double s = y ? m->layers[i].stride_y : m->layers[i].stride_x;
        if (s < 1) {
            double inv = 1.0 / s; /* an upsample before any downsampling */
            if (inv != floor(inv))
                return 0;
            continue;
        }
        if (s != floor(s) || s > MAX_PERIOD)
            return 0;
        int64_t k = (int64_t)s;
        p = p / gcd64(p, k) * k;
        if (p > MAX_PERIOD)
            return 0;
    }
    return p;
}

static yf_model *build(yf_sweep *s, int64_t w, int64_t h, yf_error *err)
{
    yf_options o = s->opt;
    o.width = w;
    o.height = h;
    yf_model *m = yf_model_load_buffer(s->buf, s->len, s->name, &o, err);
    if (!m && err->code == YF_ERR_NOMEM)
        s->nomem = 1;
    return m;
}

/* A build the closed form may stand for: no warning about its size (a
 * truncated grid, an overhanging window, an overflow: those are reported
 * size by size), and the cfg's own warnings (Darknet's printed total
 * aside, which the figures show). */
static int plain(const yf_model *m, const yf_model *ref)
{
    int i = 0, k = 0;
    for (;;) {
        while (i < m->n_warnings && m->warnings[i].kind == YF_WARN_PRINTOUT)
            i++;
        while (k < ref->n_warnings && ref->warnings[k].kind != YF_WARN_CFG)
            k++;
        if (i == m->n_warnings || k == ref->n_warnings)
            return i == m->n_warnings && k == ref->n_warnings;
        if (m->warnings[i].kind != YF_WARN_CFG || m->warnings[i].line != ref->warnings[k].line ||
            strcmp(m->warnings[i].message, ref->warnings[k].message) != 0)
            return 0;
        i++;
        k++;
    }
}

/* Darknet's BFLOPs of a layer as a whole count of operations, when the
 * double is exactly that count / 1e9 (every formula here is). */
static int bflops_count(double v, int64_t *out)
{
    if (!(v >= 0) || v > 9e6)
        return 0;
    *out = llround(v * 1e9);
    return (double)*out / 1e9 == v;
}

/* Exact fit from the values at the corners; 0 when not bilinear. */
static int fit4(int64_t f00, int64_t f10, int64_t f01, int64_t f11, int64_t dw, int64_t dh,
                fit *out)
{
    __int128 b = 0, c = 0, d = 0;
    if (dw) {
        if ((f10 - f00) % dw)
            return 0;
        b = (f10 - f00) / dw;
    } else if (f10 != f00) {
        return 0;
    }
    if (dh) {
        if ((f01 - f00) % dh)
            return 0;
        c = (f01 - f00) / dh;
    } else if (f01 != f00) {
        return 0;
    }
    __int128 cross = (__int128)f11 - f10 - f01 + f00;
    if (dw && dh) {
        __int128 area = (__int128)dw * dh;
        if (cross % area)
            return 0;
        d = cross / area;
    } else if (cross != 0) {
        return 0;
    }
    if (b > INT64_MAX || b < -INT64_MAX || c > INT64_MAX || c < -INT64_MAX || d > INT64_MAX ||
        d < -INT64_MAX)
        return 0;
    *out = (fit){f00, (int64_t)b, (int64_t)c, (int64_t)d};
    return 1;
}

static int64_t eval(const fit *f, int64_t dw, int64_t dh)
{
    __int128 v = (__int128)f->a + (__int128)f->b * dw + (__int128)f->c * dh +
                 (__int128)f->d * dw * dh;
    return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : (int64_t)v;
}

/* The totals at (dw, dh) from a class's fits, summed in Darknet's order. */
static void synthesize(const yf_sweep *s, const group *g, int64_t dw, int64_t dh, yf_totals *t)
{
    memset(t, 0, sizeof(*t));
    for (int k = 0; k < N_SUMMED; k++)
        FIELD(t, summed[k]) = eval(&g->totals[k], dw, dh);
    int64_t peak = 0, ws = 0, dn = eval(&g->dn_rest, dw, dh);
    float printed = 0;
    for (int i = 0; i < s->ref->n_layers; i++) {
        int64_t live = eval(&g->per[LIVE][i], dw, dh), w = eval(&g->per[DN_WS][i], dw, dh);
        peak = live > peak ? live : peak;
        ws = w > ws ? w : ws;
        dn += eval(&g->per[DN_CPU][i], dw, dh);
        double b = (double)eval(&g->per[BFLOPS][i], dw, dh) / 1e9;
        t->bflops += b;
        float v = (float)b;
        if (v > 0)
            printed += v;
    }
    t->peak_activation_bytes = peak;
    t->darknet_cpu_bytes = dn + ws;
    t->bflops_darknet = printed;
    yf_totals_derive(t, s->ref->bytes_per_element);
}

static int totals_equal(const yf_totals *a, const yf_totals *b)
{
    return memcmp(a, b, sizeof(*a)) == 0;
}

/* Builds the corners of a class and two sizes inside it, fits, and checks
 * the fit reproduces those builds exactly. Returns 1 when it does. */
static int fit_group(yf_sweep *s, group *g, const int *members, int count)
{
    int64_t qa_w = INT64_MAX, qb_w = 0, qa_h = INT64_MAX, qb_h = 0;
    for (int k = 0; k < count; k++) {
        const yf_size *z = &s->sizes[members[k]];
        int64_t qw = z->w / s->mw, qh = z->h / s->mh;
        qa_w = qw < qa_w ? qw : qa_w;
        qb_w = qw > qb_w ? qw : qb_w;
        qa_h = qh < qa_h ? qh : qa_h;
        qb_h = qh > qb_h ? qh : qb_h;
    }
    g->qa_w = qa_w;
    g->qa_h = qa_h;
    int64_t dw = qb_w - qa_w, dh = qb_h - qa_h;
    const int64_t cw[4] = {qa_w, qb_w, qa_w, qb_w}, ch[4] = {qa_h, qa_h, qb_h, qb_h};
    yf_model *corner[4] = {NULL};
    yf_model *check[2] = {NULL};
    yf_error err;
    int ok = 1, layers = s->ref->n_layers;
    for (int k = 0; k < 4 && ok; k++) {
        corner[k] = build(s, s->mw * cw[k] + g->rw, s->mh * ch[k] + g->rh, &err);
        ok = corner[k] && corner[k]->n_layers == layers && plain(corner[k], s->ref);
    }
    /* two sizes of the sweep inside the class */
    for (int k = 0; k < 2 && ok; k++) {
        const yf_size *z = &s->sizes[members[k ? count / 2 : count / 3]];
        check[k] = build(s, z->w, z->h, &err);
        ok = check[k] && check[k]->n_layers == layers && plain(check[k], s->ref);
    }
    for (int k = 0; ok && k < N_SUMMED; k++)
        ok = fit4(FIELD(&corner[0]->totals, summed[k]), FIELD(&corner[1]->totals, summed[k]),
                  FIELD(&corner[2]->totals, summed[k]), FIELD(&corner[3]->totals, summed[k]), dw,
                  dh, &g->totals[k]);
    for (int f = 0; f < N_LAYER_FITS; f++) {
        g->per[f] = ok ? yf_arena_alloc(s->arena, sizeof(fit) * (size_t)(layers + 1)) : NULL;
        if (ok && !g->per[f]) {
            s->nomem = 1;
            ok = 0;
        }
    }
    int64_t rest[4] = {0};
    for (int k = 0; k < 4 && ok; k++) { /* Darknet's load besides layers and workspace */
        int64_t ws = 0;
        rest[k] = corner[k]->totals.darknet_cpu_bytes;
        for (int i = 0; i < layers; i++) {
            rest[k] -= corner[k]->layers[i].darknet_cpu_bytes;
            if (corner[k]->layers[i].darknet_workspace_bytes > ws)
                ws = corner[k]->layers[i].darknet_workspace_bytes;
        }
        rest[k] -= ws;
    }
    ok = ok && fit4(rest[0], rest[1], rest[2], rest[3], dw, dh, &g->dn_rest);
    for (int i = 0; ok && i < layers; i++) {
        int64_t v[N_LAYER_FITS][4];
        for (int k = 0; k < 4 && ok; k++) {
            for (int f = 0; f < BFLOPS; f++)
                v[f][k] = FIELD(&corner[k]->layers[i], layer_field[f]);
            ok = bflops_count(corner[k]->layers[i].bflops, &v[BFLOPS][k]);
        }
        for (int f = 0; f < N_LAYER_FITS && ok; f++)
            ok = fit4(v[f][0], v[f][1], v[f][2], v[f][3], dw, dh, &g->per[f][i]);
    }
    /* the fit must give every build back, to the bit */
    yf_totals t;
    for (int k = 0; k < 4 && ok; k++) {
        synthesize(s, g, cw[k] - qa_w, ch[k] - qa_h, &t);
        ok = totals_equal(&t, &corner[k]->totals);
    }
    for (int k = 0; k < 2 && ok; k++) {
        synthesize(s, g, check[k]->input.w / s->mw - qa_w, check[k]->input.h / s->mh - qa_h, &t);
        ok = totals_equal(&t, &check[k]->totals);
    }
    for (int k = 0; k < 4; k++)
        yf_model_free(corner[k]);
    yf_model_free(check[0]);
    yf_model_free(check[1]);
    return ok;
}

typedef struct keyed {
    int64_t rw, rh;
    int index;
} keyed;

static int by_class(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    if (a->rw != b->rw)
        return a->rw < b->rw ? -1 : 1;
    if (a->rh != b->rh)
        return a->rh < b->rh ? -1 : 1;
    return a->index - b->index;
}

/* Groups the sizes into residue classes and fits those with enough sizes. */
static int plan(yf_sweep *s, yf_error *err)
{
    s->group_of = yf_arena_alloc(s->arena, sizeof(int) * (size_t)s->n);
    s->groups = yf_arena_alloc(s->arena, sizeof(group) * (size_t)s->n);
    int *order = yf_arena_alloc(s->arena, sizeof(int) * (size_t)s->n);
    keyed *keys = yf_arena_alloc(s->arena, sizeof(keyed) * (size_t)s->n);
    if (!s->group_of || !s->groups || !order || !keys)
        return yf_error_nomem(err);
    for (int k = 0; k < s->n; k++)
        s->group_of[k] = -1;
    if (!s->mw || !s->mh)
        return YF_OK;
    for (int k = 0; k < s->n; k++)
        keys[k] = (keyed){s->sizes[k].w % s->mw, s->sizes[k].h % s->mh, k};
    qsort(keys, (size_t)s->n, sizeof(keyed), by_class);
    for (int k = 0; k < s->n; k++)
        order[k] = keys[k].index;
    for (int a = 0, b; a < s->n; a = b) {
        for (b = a + 1; b < s->n; b++)
            if (keys[b].rw != keys[a].rw || keys[b].rh != keys[a].rh)
                break;
        group *g = &s->groups[s->n_groups];
        g->rw = keys[a].rw;
        g->rh = keys[a].rh;
        g->fitted = b - a >= MIN_FIT && fit_group(s, g, order + a, b - a);
        if (s->nomem)
            return yf_error_nomem(err);
        for (int k = a; k < b; k++)
            s->group_of[order[k]] = g->fitted ? s->n_groups : -1;
        s->n_groups++;
    }
    return YF_OK;
}

yf_sweep *yf_sweep_new(const char *buf, size_t len, const char *name, const yf_options *opt,
                       const yf_size *sizes, int n, yf_error *err)
{
    yf_error_clear(err);
    snprintf(err->file, sizeof(err->file), "%s", name);
    const yf_allocator *alloc = opt ? opt->alloc : NULL;
    yf_arena *a = yf_arena_new(alloc);
    yf_sweep *s = a ? yf_arena_alloc(a, sizeof(yf_sweep)) : NULL;
    if (!s) {
        yf_arena_free(a);
        yf_error_nomem(err);
        return NULL;
    }
    s->arena = a;
    s->buf = buf;
    s->len = len;
    s->name = name;
    s->opt = opt ? *opt : (yf_options){0};
    s->sizes = sizes;
    s->n = n;
    size_t nf = (size_t)yf_figure_count();
    s->sx = yf_arena_alloc(a, sizeof(double) * nf);
    s->sy = yf_arena_alloc(a, sizeof(double) * nf);
    s->sxx = yf_arena_alloc(a, sizeof(double) * nf);
    s->sxy = yf_arena_alloc(a, sizeof(double) * nf);
    s->cnt = yf_arena_alloc(a, sizeof(int) * nf);
    if (!s->sx || !s->sy || !s->sxx || !s->sxy || !s->cnt) {
        yf_arena_free(a);
        yf_error_nomem(err);
        return NULL;
    }
    /* the reference: the first size that builds (its warnings are the cfg's) */
    for (int k = 0; k < n && !s->ref; k++) {
        s->ref = build(s, sizes[k].w, sizes[k].h, err);
        if (s->nomem)
            break;
    }
    if (!s->ref) {
        if (!s->nomem)
            err->code = err->code ? err->code : YF_ERR_VALUE;
        yf_arena_free(a);
        return NULL;
    }
    s->mw = period(s->ref, 0);
    s->mh = period(s->ref, 1);
    if (plan(s, err)) {
        yf_sweep_free(s);
        return NULL;
    }
    yf_error_clear(err);
    return s;
}

void yf_sweep_free(yf_sweep *s)
{
    if (!s)
        return;
    yf_model_free(s->built);
    yf_model_free(s->ref);
    yf_arena_free(s->arena);
}

const yf_model *yf_sweep_model(const yf_sweep *s)
{
    return s->ref;
}

void yf_sweep_budgets(yf_sweep *s, const yf_limit *limits, int n, yf_ptflops_backend backend)
{
    s->limits = limits;
    s->n_limits = n > 64 ? 64 : n;
    s->backend = backend;
}

/* Every head's grid is whole: the input is a multiple of each head's stride. */
static int stride_ok(const yf_model *ref, int64_t w, int64_t h)
{
    for (int i = 0; i < ref->n_layers; i++) {
        const yf_layer *l = &ref->layers[i];
        if (!(l->flags & YF_LAYER_HEAD) || l->head.grid_w == 0 || l->stride_x < 1)
            continue;
        int64_t sx = (int64_t)l->stride_x, sy = (int64_t)l->stride_y;
        if ((double)sx != l->stride_x || (double)sy != l->stride_y || w % sx || h % sy)
            return 0;
    }
    return 1;
}

/* The warnings about this size (the cfg's own are said once). */
static int own_warnings(yf_sweep *s, const yf_model *m)
{
    int n = 0;
    for (int i = 0; i < m->n_warnings && n < MAX_SHOWN_WARNINGS; i++)
        if (m->warnings[i].kind == YF_WARN_SIZE)
            s->row_warnings[n++] = m->warnings[i].message;
    return n;
}

static void accumulate(yf_sweep *s, const yf_profile *p)
{
    double x = log((double)p->model->input.w * (double)p->model->input.h);
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        if (!(yf_figure_get(f)->flags & YF_FIG_TOTAL))
            continue;
        yf_value v = yf_figure_value(p, f, -1);
        double y = yf_value_real(v);
        if (v.kind == YF_NONE || !(y > 0))
            continue;
        y = log(y);
        s->sx[f] += x;
        s->sy[f] += y;
        s->sxx[f] += x * x;
        s->sxy[f] += x * y;
        s->cnt[f]++;
    }
}

int yf_sweep_at(yf_sweep *s, int k, yf_sweep_row *row)
{
    yf_model_free(s->built);
    s->built = NULL;
    memset(row, 0, sizeof(*row));
    const yf_size *z = &s->sizes[k];
    const yf_model *ref = s->ref;
    row->index = k;
    row->model = (yf_model){.name = ref->name, .input = {z->w, z->h, ref->input.c},
                            .batch = ref->batch, .bytes_per_element = ref->bytes_per_element};
    int gi = s->group_of[k];
    if (gi >= 0) {
        const group *g = &s->groups[gi];
        synthesize(s, g, z->w / s->mw - g->qa_w, z->h / s->mh - g->qa_h, &row->model.totals);
        s->rows_fitted++;
    } else {
        yf_error err;
        s->built = build(s, z->w, z->h, &err);
        if (!s->built) {
            row->status = err.code;
            err.file[0] = '\0';
            err.line = 0;
            yf_error_format(&err, s->row_error, sizeof(s->row_error));
            row->error = s->row_error + strlen("error: ");
            s->rows_failed++;
            return s->nomem ? YF_ERR_NOMEM : YF_OK;
        }
        row->model.totals = s->built->totals;
        row->n_warnings = own_warnings(s, s->built);
        row->warnings = s->row_warnings;
        row->built = 1;
        s->rows_built++;
    }
    row->stride_ok = stride_ok(ref, z->w, z->h);
    s->rows_off_stride += !row->stride_ok;
    row->profile = (yf_profile){.model = &row->model, .ptflops_backend = s->backend};
    row->n_checks = yf_checks_eval(s->limits, s->n_limits, NULL, &row->profile, s->checks);
    row->checks = s->checks;
    row->profile.checks = s->checks;
    row->profile.n_checks = row->n_checks;
    int over = 0;
    for (int i = 0; i < row->n_checks; i++)
        over |= !row->checks[i].ok;
    s->rows_over_budget += over;
    accumulate(s, &row->profile);
    return YF_OK;
}

int yf_sweep_exponent(const yf_sweep *s, yf_figure f, double *out)
{
    if (f < 0 || f >= yf_figure_count() || s->cnt[f] < 2)
        return 0;
    double n = s->cnt[f], var = s->sxx[f] - s->sx[f] * s->sx[f] / n;
    if (!(var > 1e-12))
        return 0;
    *out = (s->sxy[f] - s->sx[f] * s->sy[f] / n) / var;
    return 1;
}

void yf_sweep_get_stats(const yf_sweep *s, yf_sweep_stats *st)
{
    st->rows = s->n;
    st->built = s->rows_built;
    st->fitted = s->rows_fitted;
    st->failed = s->rows_failed;
    st->over_budget = s->rows_over_budget;
    st->off_stride = s->rows_off_stride;
    st->period_w = s->mw;
    st->period_h = s->mh;
}
