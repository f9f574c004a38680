/* Aligning two models layer by layer. The same sequence of layer kinds:
 * pairs by index (a cfg with another classes= or filters= shows its changed
 * layers as changed). Otherwise the common prefix and suffix are paired
 * directly and the middle is aligned by a best common subsequence that
 * pairs layers of the same kind, preferring those with the same parameters
 * (an O(n*m) table of the middle only, capped at YF_MAX_ALIGN cells), so an
 * inserted block (yolov3 -> yolov3-spp) shows as added layers. A pair is
 * "changed" when a shape or any per-layer figure of the registry differs. */
#include "core/core.h"

#include <string.h>

/* Reads other layers than the previous one (route, shortcut, sam, ...). */
static int has_refs(const yf_layer *l)
{
    return (l->flags & YF_LAYER_NO_PREV) || l->n_sources > 1;
}

/* Signature: type, filters (out channels) and, for kinds whose description
 * is size/stride (not layer references), the description. */
static int same_sig(const yf_layer *x, const yf_layer *y)
{
    if (x->type != y->type || x->out.c != y->out.c) /* type: the registry's own string */
        return 0;
    if (has_refs(x) || has_refs(y))
        return 1; /* references shift when layers move */
    return strcmp(x->desc, y->desc) == 0;
}

/* How well two layers pair: 2 the same signature, 1 the same kind, 0 not. */
static int affinity(const yf_layer *x, const yf_layer *y)
{
    return x->type != y->type ? 0 : same_sig(x, y) ? 2 : 1;
}

static int same_shape(yf_shape a, yf_shape b)
{
    return a.w == b.w && a.h == b.h && a.c == b.c;
}

static int same_figures(const yf_diff *d, int a, int b)
{
    const yf_layer *x = &d->a->model->layers[a], *y = &d->b->model->layers[b];
    if (!same_sig(x, y) || !same_shape(x->in, y->in) || !same_shape(x->out, y->out))
        return 0;
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        if (yf_figure_get(f)->flags & YF_FIG_SHARE)
            continue;
        yf_value u = yf_figure_value(d->a, f, a), v = yf_figure_value(d->b, f, b);
        if (u.kind != v.kind || u.i != v.i || (u.d != v.d && !(u.d != u.d && v.d != v.d)))
            return 0;
    }
    return 1;
}

static void push(yf_diff *d, int a, int b)
{
    yf_pair *p = &d->pairs[d->n_pairs++];
    p->a = a;
    p->b = b;
    if (a < 0) {
        p->kind = YF_PAIR_ADDED;
        d->n_added++;
    } else if (b < 0) {
        p->kind = YF_PAIR_REMOVED;
        d->n_removed++;
    } else if (same_figures(d, a, b)) {
        p->kind = YF_PAIR_SAME;
        d->n_same++;
    } else {
        p->kind = YF_PAIR_CHANGED;
        d->n_changed++;
    }
}

/* LCS over a[a0..a1) x b[b0..b1), emitting pairs in order. */
static int align_middle(yf_diff *d, int a0, int a1, int b0, int b1, yf_error *err)
{
    const yf_layer *la = d->a->model->layers, *lb = d->b->model->layers;
    size_t n = (size_t)(a1 - a0), m = (size_t)(b1 - b0);
    if (n && m && (n + 1) * (m + 1) > YF_MAX_ALIGN)
        return yf_error_set(err, YF_ERR_LIMIT,
                            "the cfgs differ in %zu x %zu layers, too many to align (limit %d "
                            "cells)",
                            n, m, YF_MAX_ALIGN);
    /* Scores fit 16 bits: at most 2 x YF_MAX_LAYERS. */
    uint16_t *t = yf_malloc(&d->alloc_, (n + 1) * (m + 1) * sizeof(uint16_t));
    if (!t)
        return yf_error_nomem(err);
#define T(i, j) t[(size_t)(i) * (m + 1) + (size_t)(j)]
    for (size_t i = 0; i <= n; i++)
        T(i, m) = 0;
    for (size_t j = 0; j <= m; j++)
        T(n, j) = 0;
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;) {
            int s = affinity(&la[a0 + (int)i], &lb[b0 + (int)j]);
            uint16_t best = T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
            if (s && T(i + 1, j + 1) + s > best)
                best = (uint16_t)(T(i + 1, j + 1) + s);
            T(i, j) = best;
        }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        int s = i < n && j < m ? affinity(&la[a0 + (int)i], &lb[b0 + (int)j]) : 0;
        if (s && T(i, j) == T(i + 1, j + 1) + s)
            push(d, a0 + (int)i++, b0 + (int)j++);
        else if (j < m && (i == n || T(i, j + 1) >= T(i + 1, j)))
            push(d, -1, b0 + (int)j++);
        else
            push(d, a0 + (int)i++, -1);
    }
#undef T
    yf_free(&d->alloc_, t);
    return YF_OK;
}

int yf_diff_compute(const yf_profile *a, const yf_profile *b, const yf_allocator *alloc,
                    yf_diff *d, yf_error *err)
{
    memset(d, 0, sizeof(*d));
    d->a = a;
    d->b = b;
    d->alloc_ = alloc ? *alloc : yf_default_allocator;
    int na = a->model->n_layers, nb = b->model->n_layers, pre = 0, suf = 0;
    const yf_layer *la = a->model->layers, *lb = b->model->layers;
    d->pairs = yf_malloc(&d->alloc_, sizeof(yf_pair) * (size_t)(na + nb + 1));
    if (!d->pairs)
        return yf_error_nomem(err);
    int same_kinds = na == nb;
    for (int i = 0; same_kinds && i < na; i++)
        same_kinds = la[i].type == lb[i].type;
    while (pre < na && pre < nb && same_sig(&la[pre], &lb[pre]))
        pre++;
    d->by_index = same_kinds;
    if (d->by_index)
        pre = na;
    while (!d->by_index && suf < na - pre && suf < nb - pre &&
           same_sig(&la[na - 1 - suf], &lb[nb - 1 - suf]))
        suf++;
    for (int i = 0; i < pre; i++)
        push(d, i, i);
    if (!d->by_index && align_middle(d, pre, na - suf, pre, nb - suf, err)) {
        yf_diff_release(d);
        return err->code;
    }
    for (int k = suf; k > 0; k--)
        push(d, na - k, nb - k);
    return YF_OK;
}

void yf_diff_release(yf_diff *d)
{
    yf_free(&d->alloc_, d->pairs);
    d->pairs = NULL;
    d->n_pairs = 0;
}

int yf_diff_differs(const yf_diff *d)
{
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        if (!(yf_figure_get(f)->flags & YF_FIG_TOTAL))
            continue;
        yf_value u = yf_figure_value(d->a, f, -1), v = yf_figure_value(d->b, f, -1);
        if (u.i != v.i || u.d != v.d)
            return 1;
    }
    return d->n_changed || d->n_added || d->n_removed;
}
