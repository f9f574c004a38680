/* [crop] — parser.c:parse_crop, crop_layer.c:make_crop_layer.
 *   out = crop_width x crop_height x c (defaults 1); no weights, no cost. */
#include "../core.h"

#include <stdio.h>

typedef struct crop {
    int64_t w, h;
} crop;

static int parse(yf_ctx *c, yf_node *n)
{
    crop *p = n->priv;
    static const char *const keys[] = {"flip", "angle", "saturation", "exposure", "noadjust",
                                       "shift", NULL};
    yf_key_ignore(c, keys);
    return yf_key_int(c, "crop_height", 1, 1, YF_MAX_DIM, &p->h) ||
                   yf_key_int(c, "crop_width", 1, 1, YF_MAX_DIM, &p->w)
               ? c->err->code
               : YF_OK;
}

static int infer(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    crop *p = n->priv;
    if (yf_shape_check(c, l, "[crop]"))
        return c->err->code;
    if (p->w > l->in.w || p->h > l->in.h)
        return yf_ctx_fail(c, YF_ERR_SHAPE, p->w > l->in.w ? "crop_width" : "crop_height",
                           "crop %lldx%lld is larger than the input %lldx%lld (Darknet builds it and "
                           "reads outside its input at run time, crop_layer.c)", (long long)p->w,
                           (long long)p->h, (long long)l->in.w, (long long)l->in.h);
    l->out = (yf_shape){p->w, p->h, l->in.c};
    l->outputs = yf_mul(yf_mul(p->w, p->h), l->in.c);
    return YF_OK;
}

static void describe(yf_node *n)
{
    yf_layer *l = n->l;
    crop *p = n->priv;
    snprintf(l->desc, sizeof(l->desc), "%lldx%lld", (long long)p->w, (long long)p->h);
}

/* make_crop_layer (crop_layer.c:36-44): the output only, no delta; the
 * device adds 8 floats an image. */
static void darknet_mem(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    int64_t bo = yf_mul(4 * x->batch, n->l->outputs);
    yf_dn_host(m, YF_MEM_OUTPUTS, bo);
    if (x->gpu) {
        yf_dn_dev_moved(m, YF_MEM_OUTPUTS, bo);
        yf_dn_dev(m, YF_MEM_OTHER, 32 * x->batch);
    }
}

const yf_kind yf_kind_crop = {
    .name = "crop",
    .op = YF_OP_NONE,
    .sections = (const char *const[]){"crop", NULL},
    .priv_size = sizeof(crop),
    .parse = parse,
    .infer = infer,
    .cost = yf_cost_none,
    .describe = describe,
    .darknet_mem = darknet_mem,
};
