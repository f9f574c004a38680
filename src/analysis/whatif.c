/* What-ifs computed from a built model: the edits a Darknet user makes by
 * hand for another number of classes (--classes) or thinner layers
 * (--width), written as "TARGET.KEY=VALUE" edits that the core applies
 * like --set, so the result is a cfg Darknet reads (--emit-cfg writes it).
 * Only the public model is read; a kind says what it is through its
 * attributes (attr.filters_key, head.per_class), never its name. */
#include "core/core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void yf_edit_list_init(yf_edit_list *l, const yf_allocator *alloc)
{
    memset(l, 0, sizeof(*l));
    l->alloc = alloc;
}

void yf_edit_list_release(yf_edit_list *l)
{
    for (int i = 0; i < l->n; i++)
        yf_free(l->alloc, (void *)l->items[i].text); /* text and origin share a block */
    yf_free(l->alloc, l->items);
    memset(l, 0, sizeof(*l));
}

int yf_edit_list_add(yf_edit_list *l, const char *origin, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(text))
        return YF_ERR_VALUE;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        yf_edit *items = yf_malloc(l->alloc, sizeof(yf_edit) * (size_t)cap);
        if (!items)
            return YF_ERR_NOMEM;
        if (l->n)
            memcpy(items, l->items, sizeof(yf_edit) * (size_t)l->n);
        yf_free(l->alloc, l->items);
        l->items = items;
        l->cap = cap;
    }
    size_t olen = origin ? strlen(origin) : 0;
    char *block = yf_malloc(l->alloc, (size_t)n + olen + 2);
    if (!block)
        return YF_ERR_NOMEM;
    memcpy(block, text, (size_t)n + 1);
    if (origin)
        memcpy(block + n + 1, origin, olen + 1);
    l->items[l->n++] = (yf_edit){block, origin ? block + n + 1 : NULL};
    return YF_OK;
}

static int layer_index(const yf_layer *l)
{
    return l ? l->index : -1;
}

static const char *layer_type(const yf_layer *l)
{
    return l ? l->type : NULL;
}

#define fail(err, code, origin, l, ...)                                                          \
    yf_error_locate((err), (code), (origin), 0, layer_index(l), layer_type(l), __VA_ARGS__)

static int added(const char *origin, int status, yf_error *err)
{
    if (status == YF_ERR_NOMEM)
        return yf_error_nomem(err);
    if (status)
        return fail(err, status, origin, NULL, "an edit is too long");
    return YF_OK;
}

int yf_whatif_classes(const yf_model *m, int64_t classes, const char *origin, yf_edit_list *out,
                      yf_error *err)
{
    int heads = 0;
    for (int i = 0; i < m->n_layers; i++) {
        const yf_layer *h = &m->layers[i];
        if (!(h->flags & YF_LAYER_HEAD))
            continue;
        heads++;
        const yf_layer *f = h->n_sources && h->sources[0] >= 0 ? &m->layers[h->sources[0]] : NULL;
        if (!f || !f->attr.filters_key)
            return fail(err, YF_ERR_VALUE, origin, h,
                        "the layer this head reads (%s%s) has no filters to change: edit it "
                        "by hand",
                        f ? "a " : "the network input", f ? f->type : "");
        int64_t filters = f->attr.filters + (classes - h->head.classes) * h->head.per_class;
        if (filters < 1 || filters > YF_MAX_DIM)
            return fail(err, YF_ERR_VALUE, origin, h,
                        "%lld classes need %s=%lld in #%d, outside 1..%d", (long long)classes,
                        f->attr.filters_key, (long long)filters, f->index, YF_MAX_DIM);
        int st = yf_edit_list_add(out, origin, "%d.%s=%lld", f->index, f->attr.filters_key,
                                  (long long)filters);
        if (!st)
            st = yf_edit_list_add(out, origin, "%d.classes=%lld", h->index, (long long)classes);
        if (added(origin, st, err))
            return err->code;
    }
    if (!heads)
        return fail(err, YF_ERR_VALUE, origin, NULL,
                    "the cfg has no detection head ([yolo], [Gaussian_yolo], [region], "
                    "[detection]); for a classifier, set its last layer's filters with --set");
    return YF_OK;
}

/* MobileNet's _make_divisible: the multiple of `divisor` nearest to v (half
 * up), at least `divisor`, and never more than 10 % below v. */
int64_t yf_width_round(double v, int64_t divisor)
{
    int64_t r = (int64_t)(v + (double)divisor / 2) / divisor * divisor;
    if (r < divisor)
        r = divisor;
    if ((double)r < 0.9 * v)
        r += divisor;
    return r;
}

/* A layer whose filters are the network's answer: it feeds a detection
 * head, or no later layer has filters (a classifier's last conv). */
static int keeps_filters(const yf_model *m, int i)
{
    if (i + 1 < m->n_layers) {
        const yf_layer *next = &m->layers[i + 1];
        if ((next->flags & YF_LAYER_HEAD) && next->n_sources && next->sources[0] == i)
            return 1;
    }
    for (int k = i + 1; k < m->n_layers; k++)
        if (m->layers[k].attr.filters_key)
            return 0;
    return 1;
}

int yf_whatif_width(const yf_model *m, double mult, int64_t divisor, const char *origin,
                    yf_edit_list *out, yf_error *err)
{
    for (int i = 0; i < m->n_layers; i++) {
        const yf_layer *l = &m->layers[i];
        if (!(l->flags & YF_LAYER_CONV) || keeps_filters(m, i))
            continue;
        int64_t f = yf_width_round((double)l->attr.filters * mult, divisor);
        if (f > YF_MAX_DIM)
            return fail(err, YF_ERR_VALUE, origin, l, "filters %lld x %g = %lld is above %d",
                        (long long)l->attr.filters, mult, (long long)f, YF_MAX_DIM);
        int64_t g = l->attr.groups;
        int depthwise = g > 1 && g == l->attr.filters;
        if (g > 1 && !depthwise && f % g)
            return fail(err, YF_ERR_VALUE, origin, l,
                        "filters %lld x %g rounds to %lld, which groups=%lld does not divide; "
                        "try another --width or --width-divisor",
                        (long long)l->attr.filters, mult, (long long)f, (long long)g);
        if (f == l->attr.filters)
            continue;
        int st = yf_edit_list_add(out, origin, "%d.filters=%lld", i, (long long)f);
        if (!st && depthwise)
            st = yf_edit_list_add(out, origin, "%d.groups=%lld", i, (long long)f);
        if (added(origin, st, err))
            return err->code;
    }
    return YF_OK;
}

static int64_t source_c(const yf_model *m, int s)
{
    return s < 0 ? m->input.c : m->layers[s].out.c;
}

int yf_whatif_check(const yf_model *before, const yf_model *after, const char *origin,
                    yf_error *err)
{
    if (before->n_layers != after->n_layers)
        return YF_OK;
    for (int i = 0; i < after->n_layers; i++) {
        const yf_layer *a = &before->layers[i], *b = &after->layers[i];
        /* a layer that combined equal channels element by element (shortcut,
         * sam, scale_channels: its output has that many channels too) */
        if (a->n_sources >= 2 && b->n_sources == a->n_sources) {
            int64_t ca = source_c(before, a->sources[0]);
            int equal = a->out.c == ca;
            for (int s = 1; s < a->n_sources && equal; s++)
                equal = source_c(before, a->sources[s]) == ca;
            for (int s = 1; s < b->n_sources && equal; s++) {
                int64_t x = source_c(after, b->sources[0]), y = source_c(after, b->sources[s]);
                if (x != y)
                    return fail(err, YF_ERR_SHAPE, origin, b,
                                "it combines #%d (%lld channels) with #%d (%lld channels), which "
                                "had %lld each before: try another --width or --width-divisor",
                                b->sources[0], (long long)x, b->sources[s], (long long)y,
                                (long long)ca);
            }
        }
        int64_t g = b->attr.groups;
        if ((b->flags & YF_LAYER_CONV) && g > 1 && a->in.c % a->attr.groups == 0 && b->in.c % g)
            return fail(err, YF_ERR_SHAPE, origin, b,
                        "groups=%lld does not divide its %lld input channels any more (it did "
                        "%lld): try another --width or --width-divisor",
                        (long long)g, (long long)b->in.c, (long long)a->in.c);
    }
    return YF_OK;
}
