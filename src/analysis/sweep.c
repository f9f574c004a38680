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
    offsetof(yf_totals, activation_bytes), offsetof(yf_totals, n_boxes),
    offsetof(yf_totals, model_bytes)};
enum { N_SUMMED = sizeof(summed) / sizeof(summed[0]) };

#define FIELD(t, off) (*(int64_t *)((char *)(t) + (off)))

/* The int64 layer figures that totals take a maximum of or sum with one:
 * fitted per layer. */
enum { LIVE, DN_WS, OUTPUTS, DN_PRODUCT, BFLOPS, N_LAYER_FITS, N_MAXIMA = OUTPUTS + 1 };
static const size_t layer_field[] = {
    offsetof(yf_layer, live_bytes), offsetof(yf_layer, darknet_workspace_bytes),
    offsetof(yf_layer, outputs), offsetof(yf_layer, darknet_int_product)};

/* a + b*dw + c*dh + d*dw*dh around the corner (qa_w, qa_h) of a class */
typedef struct fit {
    int64_t a, b, c, d;
} fit;

typedef struct group {
    int64_t rw, rh;          /* residues */
    int64_t qa_w, qa_h;      /* the corner the fits start from */
    int fitted;              /* 0: build every size */
    int64_t span_w, span_h;  /* the class's q ranges from the corner */
    int diag;                /* every size on the diagonal (q - qa = q' - qa'): fits are
                                quadratics a + b t + d t^2 in t (c = 0) */
    int narrow;              /* every term of every per-layer fit fits int64 over the class */
    fit totals[N_SUMMED];
    fit dn_rest;             /* Darknet's CPU load besides its largest workspace */
    fit *per[N_LAYER_FITS];  /* per layer: live bytes, Darknet's workspace, outputs, Darknet's
                                int product, Darknet's BFLOPs x 1e9 */
    /* the layers each row must look at: those that can be the largest
     * (the others are below one of them over the whole class), those with
     * BFLOPs, those whose BFLOPs Darknet takes from an int product */
    int *cand[N_MAXIMA], n_cand[N_MAXIMA];
    int *flops, n_flops, *products, n_products;
} group;

struct yf_sweep {
    yf_arena *arena;
    const char *buf;
    size_t len;
    const char *name;
    yf_options opt;
    yf_options opt_user;     /* as given (its lost-warning hook) */
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
    /* the rows with the fewest and the most pixels, for the exponents */
    double px_lo, px_hi;
    yf_totals lo, hi;
    double *lo_dev, *hi_dev; /* per figure: the device figures of those rows (hooked sweeps) */
    int have_lo;
    int rows_built, rows_fitted, rows_failed, rows_over_budget, rows_off_stride;
    yf_sweep_hook hook;      /* a caller's analysis of each row's model (every row is built) */
    char note[400];          /* what the rows' extra figures are ("jetson-nano, tensorrt ...") */
    void *hook_ctx;
    unsigned hook_flags;
    int nomem;
};

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
        p = p / yf_gcd(p, k) * k;
        if (p > MAX_PERIOD)
            return 0;
    }
    return p;
}

/* The warnings of a first size that fails: the cfg's own only (each row
 * reports its size's). */
static void lost_cfg_warning(void *ctx, const char *file, const yf_warning *w)
{
    const yf_options *user = ctx;
    if (w->kind == YF_WARN_CFG)
        user->on_lost_warning(user->lost_warning_ctx, file, w);
}

static yf_model *build(yf_sweep *s, int64_t w, int64_t h, yf_error *err)
{
    yf_options o = s->opt;
    o.width = w;
    o.height = h;
    if (o.on_lost_warning) {
        o.on_lost_warning = lost_cfg_warning;
        o.lost_warning_ctx = &s->opt_user;
    }
    yf_model *m = yf_model_load_buffer(s->buf, s->len, s->name, &o, err);
    if (!m && err->code == YF_ERR_NOMEM)
        s->nomem = 1;
    return m;
}

/* A build the closed form may stand for: no warning about its size (a
 * truncated grid, an overhanging window, an overflow: those are reported
 * size by size), and the cfg's own warnings (Darknet's printout and
 * whether it builds aside: the figures and darknet_builds say those). */
static int plain(const yf_model *m, const yf_model *ref)
{
    int i = 0, k = 0;
    for (;;) {
        while (i < m->n_warnings && (m->warnings[i].kind == YF_WARN_PRINTOUT ||
                                     m->warnings[i].kind == YF_WARN_DARKNET))
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

/* Exact quadratic a + b t + d t^2 through (0, f0), (t1, f1), (t2, f2). */
static int fit3(int64_t f0, int64_t f1, int64_t f2, int64_t t1, int64_t t2, fit *out)
{
    __int128 e1 = (__int128)f1 - f0, e2 = (__int128)f2 - f0;
    if (t1 <= 0 || t2 <= t1 || e1 % t1 || e2 % t2)
        return 0;
    __int128 u1 = e1 / t1, u2 = e2 / t2;
    if ((u2 - u1) % (t2 - t1))
        return 0;
    __int128 d = (u2 - u1) / (t2 - t1), b = u1 - d * t1;
    if (b > INT64_MAX || b < -INT64_MAX || d > INT64_MAX || d < -INT64_MAX)
        return 0;
    *out = (fit){f0, (int64_t)b, 0, (int64_t)d};
    return 1;
}

static int64_t eval(const fit *f, int64_t dw, int64_t dh)
{
    __int128 v = (__int128)f->a + (__int128)f->b * dw + (__int128)f->c * dh +
                 (__int128)f->d * dw * dh;
    return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : (int64_t)v;
}

/* eval in int64 when every term is known to fit (group.narrow) */
static inline int64_t eval_in(const group *g, const fit *f, int64_t dw, int64_t dh)
{
    if (g->narrow)
        return f->a + f->b * dw + f->c * dh + f->d * dw * dh;
    return eval(f, dw, dh);
}

static int64_t largest(const group *g, int f, int64_t dw, int64_t dh)
{
    int64_t m = 0;
    for (int k = 0; k < g->n_cand[f]; k++) {
        int64_t v = eval_in(g, &g->per[f][g->cand[f][k]], dw, dh);
        m = v > m ? v : m;
    }
    return m;
}

/* The totals at (dw, dh) from a class's fits, summed in Darknet's order. */
static void synthesize(const yf_sweep *s, const group *g, int64_t dw, int64_t dh, yf_totals *t)
{
    memset(t, 0, sizeof(*t));
    for (int k = 0; k < N_SUMMED; k++)
        FIELD(t, summed[k]) = eval(&g->totals[k], dw, dh);
    t->peak_activation_bytes = largest(g, LIVE, dw, dh);
    t->darknet_cpu_bytes = eval(&g->dn_rest, dw, dh) + largest(g, DN_WS, dw, dh);
    /* Darknet's BFLOPs: a double sum (exact figure) and a float sum of what
     * it prints, which for an int product is the product wrapped as its
     * int wraps; both in layer order */
    float printed = 0;
    for (int k = 0, p = 0; k < g->n_flops; k++) {
        int i = g->flops[k];
        double b = (double)eval_in(g, &g->per[BFLOPS][i], dw, dh) / 1e9;
        t->bflops += b;
        float v = (float)b;
        while (p < g->n_products && g->products[p] < i)
            p++;
        if (p < g->n_products && g->products[p] == i) {
            uint64_t prod = (uint64_t)eval_in(g, &g->per[DN_PRODUCT][i], dw, dh);
            v = (float)((double)(int32_t)(uint32_t)prod / 1e9) *
                (float)s->ref->layers[i].darknet_int_scale;
        }
        if (v > 0)
            printed += v;
    }
    t->bflops_darknet = printed;
    yf_totals_derive(t, yf_precision_bits(s->ref->weights_precision));
}

/* f_j - f_i >= 0 over the class's rectangle: a bilinear function is
 * smallest at a corner. */
static int dominates(const group *g, const fit *j, const fit *i)
{
    const int64_t cw[4] = {0, g->span_w, 0, g->span_w}, ch[4] = {0, 0, g->span_h, g->span_h};
    for (int k = 0; k < 4; k++)
        if (eval(j, cw[k], ch[k]) < eval(i, cw[k], ch[k]))
            return 0;
    if (!g->diag)
        return 1;
    /* on the diagonal the difference is a quadratic in t: also its vertex */
    __int128 db = (__int128)j->b - i->b, dd = (__int128)j->d - i->d;
    if (dd <= 0)
        return 1; /* concave or linear: smallest at an end */
    __int128 v = -db / (2 * dd);
    for (__int128 t = v - 1; t <= v + 1; t++)
        if (t > 0 && t < g->span_w && eval(j, (int64_t)t, (int64_t)t) < eval(i, (int64_t)t, (int64_t)t))
            return 0;
    return 1;
}

/* The layers a row must look at (see group). */
static int candidates(yf_sweep *s, group *g, int layers)
{
    const int64_t cw[4] = {0, g->span_w, 0, g->span_w}, ch[4] = {0, 0, g->span_h, g->span_h};
    for (int f = 0; f < N_MAXIMA; f++) {
        int top[4];
        for (int k = 0; k < 4; k++) { /* the largest at each corner */
            top[k] = 0;
            for (int i = 1; i < layers; i++)
                if (eval(&g->per[f][i], cw[k], ch[k]) > eval(&g->per[f][top[k]], cw[k], ch[k]))
                    top[k] = i;
        }
        g->cand[f] = yf_arena_alloc(s->arena, sizeof(int) * (size_t)layers);
        if (!g->cand[f])
            return YF_ERR_NOMEM;
        for (int i = 0; i < layers; i++) {
            int keep = 1;
            for (int k = 0; k < 4 && keep; k++)
                keep = top[k] == i || !dominates(g, &g->per[f][top[k]], &g->per[f][i]);
            if (keep)
                g->cand[f][g->n_cand[f]++] = i;
        }
    }
    g->narrow = 1;
    const __int128 lim = (__int128)1 << 60;
    __int128 sw = g->span_w, sh = g->span_h;
    for (int f = 0; f < N_LAYER_FITS && g->narrow; f++)
        for (int i = 0; i < layers && g->narrow; i++) {
            const fit *x = &g->per[f][i];
            __int128 terms[4] = {x->a, (__int128)x->b * sw, (__int128)x->c * sh,
                                 (__int128)x->d * sw * sh};
            for (int k = 0; k < 4; k++)
                if (terms[k] > lim || terms[k] < -lim)
                    g->narrow = 0;
        }
    g->flops = yf_arena_alloc(s->arena, sizeof(int) * (size_t)layers);
    g->products = yf_arena_alloc(s->arena, sizeof(int) * (size_t)layers);
    if (!g->flops || !g->products)
        return YF_ERR_NOMEM;
    for (int i = 0; i < layers; i++) {
        const fit *b = &g->per[BFLOPS][i];
        if (s->ref->layers[i].darknet_int_scale)
            g->products[g->n_products++] = i;
        if (b->a || b->b || b->c || b->d || s->ref->layers[i].darknet_int_scale)
            g->flops[g->n_flops++] = i;
    }
    return YF_OK;
}

static int totals_equal(const yf_totals *a, const yf_totals *b)
{
    return memcmp(a, b, sizeof(*a)) == 0;
}

/* Fits one figure from its values at the probes. */
static int fit_probes(const group *g, const int64_t *v, const int64_t *pw, fit *out)
{
    if (g->diag)
        return fit3(v[0], v[1], v[2], pw[1], pw[2], out);
    return fit4(v[0], v[1], v[2], v[3], g->span_w, g->span_h, out);
}

/* Builds the probes of a run of sizes of one class (its four corners, or
 * on the diagonal its ends and middle), fits, and checks that the fit gives
 * back every probe and one or two more sizes inside, to the bit. */
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
    g->span_w = qb_w - qa_w;
    g->span_h = qb_h - qa_h;
    const yf_size *mid = &s->sizes[members[count / 2]];
    int64_t tm = mid->w / s->mw - qa_w;
    g->diag = g->span_w == g->span_h && tm > 0 && tm < g->span_w;
    for (int k = 0; k < count && g->diag; k++)
        g->diag = s->sizes[members[k]].w / s->mw - qa_w == s->sizes[members[k]].h / s->mh - qa_h;
    int np = g->diag ? 3 : 4, nc = g->diag ? 1 : 2;
    int64_t pw[4], ph[4]; /* the probes, from the corner */
    if (g->diag) {
        pw[0] = ph[0] = 0;
        pw[1] = ph[1] = tm;
        pw[2] = ph[2] = g->span_w;
    } else {
        const int64_t w4[4] = {0, g->span_w, 0, g->span_w}, h4[4] = {0, 0, g->span_h, g->span_h};
        memcpy(pw, w4, sizeof(pw));
        memcpy(ph, h4, sizeof(ph));
    }
    /* Each probe is reduced to the numbers the fit needs and freed at once:
     * memory stays one model (besides the reference), whatever the cfg. */
    yf_totals ptot[4], ctot[2];
    int64_t pws[4];                 /* each probe's largest Darknet workspace */
    int64_t cw[2], ch[2];
    yf_error err;
    int ok = 1, layers = s->ref->n_layers;
    int64_t *lv = yf_malloc(s->opt.alloc, sizeof(int64_t) * N_LAYER_FITS * 4 * (size_t)layers);
    if (!lv) {
        s->nomem = 1;
        return 0;
    }
#define LV(i, f, p) lv[((size_t)(i) * N_LAYER_FITS + (size_t)(f)) * 4 + (size_t)(p)]
    for (int k = 0; k < np && ok; k++) {
        int64_t w = s->mw * (qa_w + pw[k]) + g->rw, h = s->mh * (qa_h + ph[k]) + g->rh;
        int same = -1; /* a probe at the same size, reduced before */
        for (int j = 0; j < k && same < 0; j++)
            if (pw[j] == pw[k] && ph[j] == ph[k])
                same = j;
        if (same >= 0) {
            ptot[k] = ptot[same];
            pws[k] = pws[same];
            for (int i = 0; i < layers; i++)
                for (int f = 0; f < N_LAYER_FITS; f++)
                    LV(i, f, k) = LV(i, f, same);
            continue;
        }
        int is_ref = s->ref->input.w == w && s->ref->input.h == h;
        yf_model *built = is_ref ? NULL : build(s, w, h, &err);
        const yf_model *m = is_ref ? s->ref : built;
        ok = m && m->n_layers == layers && plain(m, s->ref);
        if (ok) {
            ptot[k] = m->totals;
            pws[k] = 0;
            for (int i = 0; i < layers; i++) {
                if (m->layers[i].darknet_workspace_bytes > pws[k])
                    pws[k] = m->layers[i].darknet_workspace_bytes;
                for (int f = 0; f < BFLOPS; f++)
                    LV(i, f, k) = FIELD(&m->layers[i], layer_field[f]);
                ok = ok && bflops_count(m->layers[i].bflops, &LV(i, BFLOPS, k));
            }
        }
        yf_model_free(built);
    }
    for (int k = 0; k < nc && ok; k++) { /* sizes of the sweep inside the run */
        const yf_size *z = &s->sizes[members[k ? count / 3 : (3 * count) / 4]];
        yf_model *check = build(s, z->w, z->h, &err);
        ok = check && check->n_layers == layers && plain(check, s->ref);
        if (ok) {
            ctot[k] = check->totals;
            cw[k] = check->input.w;
            ch[k] = check->input.h;
        }
        yf_model_free(check);
    }
    int64_t v[4];
    for (int k = 0; ok && k < N_SUMMED; k++) {
        for (int p = 0; p < np; p++)
            v[p] = FIELD(&ptot[p], summed[k]);
        ok = fit_probes(g, v, pw, &g->totals[k]);
    }
    for (int f = 0; f < N_LAYER_FITS; f++) {
        g->per[f] = ok ? yf_arena_alloc(s->arena, sizeof(fit) * (size_t)(layers + 1)) : NULL;
        if (ok && !g->per[f]) {
            s->nomem = 1;
            ok = 0;
        }
    }
    for (int p = 0; p < np && ok; p++) /* Darknet's load besides its largest workspace */
        v[p] = ptot[p].darknet_cpu_bytes - pws[p];
    ok = ok && fit_probes(g, v, pw, &g->dn_rest);
    for (int i = 0; ok && i < layers; i++)
        for (int f = 0; f < N_LAYER_FITS && ok; f++) {
            int64_t lf[4];
            for (int p = 0; p < np; p++)
                lf[p] = LV(i, f, p);
            ok = fit_probes(g, lf, pw, &g->per[f][i]);
        }
#undef LV
    yf_free(s->opt.alloc, lv);
    if (ok && candidates(s, g, layers)) {
        s->nomem = 1;
        ok = 0;
    }
    /* the fit must give every build back, to the bit */
    yf_totals t;
    for (int p = 0; p < np && ok; p++) {
        synthesize(s, g, pw[p], ph[p], &t);
        ok = totals_equal(&t, &ptot[p]);
    }
    for (int k = 0; k < nc && ok; k++) {
        synthesize(s, g, cw[k] / s->mw - qa_w, ch[k] / s->mh - qa_h, &t);
        ok = totals_equal(&t, &ctot[k]);
    }
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

/* Fits a run of sizes of one class (sorted); where the fit does not hold
 * (a size that warns, an overflow from some size on), fits each half, down
 * to runs too short to be worth it, which are built size by size. */
static int fit_range(yf_sweep *s, int64_t rw, int64_t rh, const int *members, int count)
{
    if (count < MIN_FIT)
        return YF_OK;
    group *g = &s->groups[s->n_groups];
    g->rw = rw;
    g->rh = rh;
    if (fit_group(s, g, members, count)) {
        for (int k = 0; k < count; k++)
            s->group_of[members[k]] = s->n_groups;
        s->n_groups++;
        return YF_OK;
    }
    if (s->nomem)
        return YF_ERR_NOMEM;
    if (count < 2 * MIN_FIT)
        return YF_OK;
    return fit_range(s, rw, rh, members, count / 2) ||
           fit_range(s, rw, rh, members + count / 2, count - count / 2);
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
        for (int k = a; k < b; k++) /* by position in the class: q, then q' */
            keys[k] = (keyed){s->sizes[order[k]].w, s->sizes[order[k]].h, order[k]};
        qsort(keys + a, (size_t)(b - a), sizeof(keyed), by_class);
        for (int k = a; k < b; k++)
            order[k] = keys[k].index;
        if (fit_range(s, s->sizes[order[a]].w % s->mw, s->sizes[order[a]].h % s->mh, order + a,
                      b - a))
            return yf_error_nomem(err);
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
    s->opt_user = s->opt;
    s->sizes = sizes;
    s->n = n;
    /* the reference: the first size that builds (its warnings are the cfg's) */
    for (int k = 0; k < n && !s->ref; k++) {
        s->ref = build(s, sizes[k].w, sizes[k].h, err);
        s->opt.on_lost_warning = NULL; /* a failed first size said them */
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
    size_t nf = (size_t)yf_figure_count();
    s->lo_dev = yf_arena_alloc(a, nf * sizeof(double));
    s->hi_dev = yf_arena_alloc(a, nf * sizeof(double));
    if (!s->lo_dev || !s->hi_dev) {
        yf_sweep_free(s);
        yf_error_nomem(err);
        return NULL;
    }
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

/* Darknet's int l.outputs holds every layer's outputs (else its calloc fails). */
static int darknet_builds(const group *g, const yf_model *m, int64_t dw, int64_t dh)
{
    if (g)
        return largest(g, OUTPUTS, dw, dh) <= INT32_MAX;
    for (int i = 0; i < m->n_layers; i++)
        if (m->layers[i].outputs > INT32_MAX)
            return 0;
    return 1;
}

/* Every head's grid is whole: the input is a multiple of each head's stride. */
static int stride_ok(const yf_model *ref, int64_t w, int64_t h)
{
    for (int i = 0; i < ref->n_layers; i++) {
        const yf_layer *l = &ref->layers[i];
        if (!(l->flags & YF_LAYER_HEAD) || l->head.grid_w == 0)
            continue;
        if (!(l->stride_x >= 1 && l->stride_y >= 1)) /* a head finer than the input */
            continue;
        if (!(l->stride_x <= (double)YF_MAX_DIM && l->stride_y <= (double)YF_MAX_DIM))
            return 0; /* a stride beyond any input cannot divide it */
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

/* The values of the device figures (a hook's latency) of a row. */
static void device_values(const yf_profile *p, double *out)
{
    for (yf_figure f = 0; f < yf_figure_count(); f++)
        if ((yf_figure_get(f)->flags & YF_FIG_DEVICE) && (yf_figure_get(f)->flags & YF_FIG_TOTAL))
            out[f] = yf_figure_present(p, f) ? yf_value_real(yf_figure_value(p, f, -1)) : 0;
}

/* Keeps the rows with the fewest and the most pixels. */
static void accumulate(yf_sweep *s, const yf_sweep_row *row)
{
    const yf_model *m = &row->model;
    double px = (double)m->input.w * (double)m->input.h;
    if (!s->have_lo || px < s->px_lo) {
        s->px_lo = px;
        s->lo = m->totals;
        device_values(&row->profile, s->lo_dev);
    }
    if (!s->have_lo || px > s->px_hi) {
        s->px_hi = px;
        s->hi = m->totals;
        device_values(&row->profile, s->hi_dev);
    }
    s->have_lo = 1;
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
                            .batch = ref->batch, .bytes_per_element = ref->bytes_per_element,
                            .weights_precision = ref->weights_precision,
                            .activations_precision = ref->activations_precision,
                            .quant_per_tensor = ref->quant_per_tensor,
                            .quant_asymmetric = ref->quant_asymmetric,
                            .keep_fp16 = ref->keep_fp16};
    int gi = s->hook ? -1 : s->group_of[k];
    if (gi >= 0) {
        const group *g = &s->groups[gi];
        int64_t dw = z->w / s->mw - g->qa_w, dh = z->h / s->mh - g->qa_h;
        synthesize(s, g, dw, dh, &row->model.totals);
        row->darknet_builds = darknet_builds(g, NULL, dw, dh);
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
        row->darknet_builds = darknet_builds(NULL, s->built, 0, 0);
        row->profile = (yf_profile){.model = &row->model, .ptflops_backend = s->backend};
        if (s->hook && s->hook(s->hook_ctx, s->built, row)) {
            row->status = YF_ERR_NOMEM;
            row->error = "out of memory";
            s->rows_failed++;
            return YF_ERR_NOMEM;
        }
        row->n_warnings = own_warnings(s, s->built);
        row->warnings = s->row_warnings;
        row->built = 1;
        s->rows_built++;
    }
    row->stride_ok = stride_ok(ref, z->w, z->h);
    s->rows_off_stride += !row->stride_ok;
    if (!row->built)
        row->profile = (yf_profile){.model = &row->model, .ptflops_backend = s->backend};
    row->n_checks = yf_checks_eval(s->limits, s->n_limits, NULL, &row->profile, s->checks);
    row->checks = s->checks;
    row->profile.checks = s->checks;
    row->profile.n_checks = row->n_checks;
    int over = 0;
    for (int i = 0; i < row->n_checks; i++)
        over |= !row->checks[i].ok;
    s->rows_over_budget += over;
    accumulate(s, row);
    return YF_OK;
}

void yf_sweep_on_row(yf_sweep *s, yf_sweep_hook fn, void *ctx, unsigned figure_flags)
{
    s->hook = fn;
    s->hook_ctx = ctx;
    s->hook_flags = figure_flags;
}

unsigned yf_sweep_present(const yf_sweep *s)
{
    return s->hook_flags;
}

void yf_sweep_set_note(yf_sweep *s, const char *note)
{
    snprintf(s->note, sizeof(s->note), "%s", note ? note : "");
}

const char *yf_sweep_note(const yf_sweep *s)
{
    return s->note;
}

int yf_sweep_exponent(const yf_sweep *s, yf_figure f, double *out)
{
    if (!s->have_lo || !(s->px_hi > s->px_lo))
        return 0;
    yf_model lo = {.input = {1, 1, 0}, .batch = s->ref->batch, .totals = s->lo};
    yf_model hi = {.input = {1, 1, 0}, .batch = s->ref->batch, .totals = s->hi};
    yf_profile pl = {.model = &lo, .ptflops_backend = s->backend};
    yf_profile ph = {.model = &hi, .ptflops_backend = s->backend};
    int dev = (yf_figure_get(f)->flags & YF_FIG_DEVICE) != 0;
    double a = dev ? s->lo_dev[f] : yf_value_real(yf_figure_value(&pl, f, -1));
    double b = dev ? s->hi_dev[f] : yf_value_real(yf_figure_value(&ph, f, -1));
    if (!(a > 0) || !(b > 0))
        return 0;
    *out = log(b / a) / log(s->px_hi / s->px_lo);
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
    st->ptflops_backend = s->backend;
}
