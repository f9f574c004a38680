/* Aligning two models layer by layer. Same signature sequence: pairs by
 * index. Otherwise the common prefix and suffix are paired directly and the
 * middle is aligned by a longest common subsequence of signatures (an
 * O(n*m) table of the middle only, capped at YF_MAX_ALIGN cells), so an
 * inserted block (yolov3 -> yolov3-spp) shows as added layers. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Signature: type, filters (out channels) and, for kinds whose description
 * is size/stride (not layer references), the description. */
static int same_sig(const yf_layer *x, const yf_layer *y)
{
    if (strcmp(x->type, y->type) != 0 || x->out.c != y->out.c)
        return 0;
    if (x->n_refs_ || y->n_refs_)
        return 1; /* route/shortcut/sam: references shift when layers move */
    return strcmp(x->desc, y->desc) == 0;
}

static int same_figures(const yf_layer *x, const yf_layer *y)
{
    return same_sig(x, y) && x->in.w == y->in.w && x->in.h == y->in.h && x->in.c == y->in.c &&
           x->out.w == y->out.w && x->out.h == y->out.h && x->params == y->params &&
           x->params_fused == y->params_fused && x->weights_file_floats == y->weights_file_floats &&
           x->macs == y->macs && x->macs_fused == y->macs_fused && x->bflops == y->bflops &&
           x->output_bytes == y->output_bytes;
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
    } else if (same_figures(&d->a->layers[a], &d->b->layers[b])) {
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
    size_t n = (size_t)(a1 - a0), m = (size_t)(b1 - b0);
    if (n && m && (n + 1) * (m + 1) > YF_MAX_ALIGN)
        return yf_error_set(err, YF_ERR_INPUT, "the cfgs differ in %zu x %zu layers, too many to "
                                               "align (limit %d cells)",
                            n, m, YF_MAX_ALIGN);
    uint32_t *t = calloc((n + 1) * (m + 1), sizeof(uint32_t));
    if (!t)
        return yf_error_set(err, YF_ERR_INPUT, "out of memory");
#define T(i, j) t[(size_t)(i) * (m + 1) + (size_t)(j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;) {
            if (same_sig(&d->a->layers[a0 + (int)i], &d->b->layers[b0 + (int)j]))
                T(i, j) = T(i + 1, j + 1) + 1;
            else
                T(i, j) = T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
        }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && same_sig(&d->a->layers[a0 + (int)i], &d->b->layers[b0 + (int)j])) {
            push(d, a0 + (int)i++, b0 + (int)j++);
        } else if (j < m && (i == n || T(i, j + 1) >= T(i + 1, j))) {
            push(d, -1, b0 + (int)j++);
        } else {
            push(d, a0 + (int)i++, -1);
        }
    }
#undef T
    free(t);
    return YF_OK;
}

int yf_diff_compute(const yf_model *a, const yf_model *b, yf_diff *d, yf_error *err)
{
    memset(d, 0, sizeof(*d));
    d->a = a;
    d->b = b;
    d->pairs = calloc((size_t)(a->n_layers + b->n_layers + 1), sizeof(yf_pair));
    if (!d->pairs)
        return yf_error_set(err, YF_ERR_INPUT, "out of memory");
    int na = a->n_layers, nb = b->n_layers, pre = 0, suf = 0;
    while (pre < na && pre < nb && same_sig(&a->layers[pre], &b->layers[pre]))
        pre++;
    d->by_index = pre == na && pre == nb;
    while (!d->by_index && suf < na - pre && suf < nb - pre &&
           same_sig(&a->layers[na - 1 - suf], &b->layers[nb - 1 - suf]))
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
    free(d->pairs);
    d->pairs = NULL;
    d->n_pairs = 0;
}

int yf_diff_differs(const yf_diff *d)
{
    for (int f = 0; f < YF_FIG_COUNT; f++)
        if (yf_figure_value(&d->a->totals, (yf_figure)f) !=
            yf_figure_value(&d->b->totals, (yf_figure)f))
            return 1;
    return d->n_changed || d->n_added || d->n_removed || d->a->totals.macs != d->b->totals.macs;
}
