/* Where the cost sits: layers grouped by stage or by kind (yoloflops.h).
 *   stage: "s<stride>", stride = round(input width / output width) (a layer
 *   without a spatial output takes the previous layer's); a detection head
 *   and the convolutions right before it become "head-s<stride>".
 *   kind: "conv KxK" (+ " dw" for depthwise, " grouped" for other groups),
 *   else the layer type.
 * Names are found through a hash table, so grouping is linear in layers. */
#include "core/core.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *yf_by_name(int by)
{
    return by == YF_BY_STAGE ? "stage" : by == YF_BY_KIND ? "kind" : "none";
}

static void stage_of(const yf_model *m, int i, const char *prev, char *out, size_t n)
{
    const yf_layer *l = &m->layers[i];
    if (l->out.w <= 0 || m->input.w <= 0) {
        snprintf(out, n, "%s", prev ? prev : "s1");
        return;
    }
    double s = floor((double)m->input.w / (double)l->out.w + 0.5);
    snprintf(out, n, "s%.0f", s < 1 ? 1.0 : s);
}

static void kind_of(const yf_layer *l, char *out, size_t n)
{
    if (!(l->flags & YF_LAYER_CONV)) {
        snprintf(out, n, "%s", l->type);
        return;
    }
    const char *g = l->attr.groups <= 1           ? ""
                    : l->attr.groups == l->in.c ? " dw"
                                                  : " grouped";
    snprintf(out, n, "conv %lldx%lld%s", (long long)l->attr.size, (long long)l->attr.size, g);
}

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The group named `name`, added when new. */
static int group(yf_groups *g, int *slots, unsigned mask, const char *name)
{
    for (unsigned h = hash(name) & mask;; h = (h + 1) & mask) {
        if (slots[h] < 0) {
            slots[h] = g->n;
            g->groups[g->n] = (yf_group){.n_layers = 0};
            snprintf(g->groups[g->n].name, sizeof(g->groups[0].name), "%s", name);
            return g->n++;
        }
        if (strcmp(g->groups[slots[h]].name, name) == 0)
            return slots[h];
    }
}

/* Stage names of every layer into names[i]. */
static void stage_names(const yf_model *m, char (*names)[32])
{
    for (int i = 0; i < m->n_layers; i++)
        stage_of(m, i, i ? names[i - 1] : NULL, names[i], sizeof(names[i]));
    for (int i = 0; i < m->n_layers; i++) {
        if (!(m->layers[i].flags & YF_LAYER_HEAD))
            continue;
        char head[32];
        snprintf(head, sizeof(head), "head-%.24s", names[i]);
        snprintf(names[i], sizeof(names[i]), "%s", head);
        for (int j = i - 1; j >= 0 && m->layers[j].op == YF_OP_CONV; j--)
            snprintf(names[j], sizeof(names[j]), "%s", head);
    }
}

int yf_groups_init(yf_groups *g, const yf_model *m, int by, const yf_allocator *alloc,
                   yf_error *err)
{
    int n = m->n_layers;
    unsigned cap = 16;
    while (cap < 2u * (unsigned)n + 2)
        cap *= 2;
    *g = (yf_groups){.by = by, .alloc_ = alloc ? *alloc : yf_default_allocator};
    g->groups = yf_malloc(alloc, sizeof(yf_group) * (size_t)(n + 1));
    g->of_layer = yf_malloc(alloc, sizeof(int) * (size_t)(n + 1) * 2);
    int *slots = yf_malloc(alloc, sizeof(int) * cap);
    char (*names)[32] = yf_malloc(alloc, sizeof(*names) * (size_t)(n + 1));
    if (!g->groups || !g->of_layer || !slots || !names) {
        yf_free(alloc, slots);
        yf_free(alloc, names);
        yf_groups_release(g);
        return yf_error_nomem(err);
    }
    g->members = g->of_layer + n + 1;
    memset(slots, -1, sizeof(int) * cap);
    if (by == YF_BY_STAGE)
        stage_names(m, names);
    for (int i = 0; i < n; i++) {
        if (by != YF_BY_STAGE)
            kind_of(&m->layers[i], names[i], sizeof(names[i]));
        g->of_layer[i] = group(g, slots, cap - 1, names[i]);
        g->groups[g->of_layer[i]].n_layers++;
    }
    for (int k = 1; k < g->n; k++)
        g->groups[k].first = g->groups[k - 1].first + g->groups[k - 1].n_layers;
    for (int k = 0; k < g->n; k++)
        g->groups[k].n_layers = 0;
    for (int i = 0; i < n; i++) {
        yf_group *grp = &g->groups[g->of_layer[i]];
        g->members[grp->first + grp->n_layers++] = i;
    }
    yf_free(alloc, slots);
    yf_free(alloc, names);
    return YF_OK;
}

void yf_groups_release(yf_groups *g)
{
    yf_free(&g->alloc_, g->groups);
    yf_free(&g->alloc_, g->of_layer);
    g->groups = NULL;
    g->of_layer = g->members = NULL;
    g->n = 0;
}
