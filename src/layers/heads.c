/* Detection heads: [yolo] (yolo_layer.c), [Gaussian_yolo]
 * (gaussian_yolo_layer.c), [region] (region_layer.c), [detection]
 * (detection_layer.c). None has weights, BFLOPs or thop MACs.
 *
 *   yolo: n = count of mask= entries, or num= (default 1) without a mask;
 *         out = w x h x n*(classes+5); Gaussian_yolo: n*(classes+9)
 *   region: out = w x h x num*(classes+coords+1)
 *   detection: outputs = inputs, out 0x0x0; needs
 *         side^2 * ((1+coords)*num + classes) == inputs
 *   candidate boxes (to NMS) = grid_w * grid_h * n; detection: side^2 * num
 *   Darknet refuses to load when a head's size differs from its input
 *   ("filters= in the [convolutional]-layer doesn't correspond to classes="),
 *   the most common Darknet mistake: we warn with the expected filters. */
#include "../internal.h"

#include <stdio.h>

typedef struct head {
    int64_t classes, num, coords, side, extra;
    int *mask, n_mask;
    double *anchors;
    int n_anchors;
} head;

static const char *const yolo_ignored[] = {
    "max", "show_details", "max_delta", "counters_per_class", "label_smooth_eps", "scale_x_y",
    "objectness_smooth", "new_coords", "iou_normalizer", "obj_normalizer", "cls_normalizer",
    "delta_normalizer", "iou_loss", "iou_thresh_kind", "beta_nms", "nms_kind", "jitter",
    "resize", "focal_loss", "ignore_thresh", "truth_thresh", "iou_thresh", "random",
    "track_history_size", "sim_thresh", "dets_for_track", "dets_for_show", "track_ciou_norm",
    "embedding_layer", "map", "uc_normalizer", "yolo_point", NULL};

static const char *const region_ignored[] = {
    "max", "log", "sqrt", "softmax", "focal_loss", "jitter", "resize", "rescore", "thresh",
    "classfix", "absolute", "random", "coord_scale", "object_scale", "noobject_scale",
    "mask_scale", "class_scale", "bias_match", "tree", "map", "forced", "reorg", NULL};

static int parse_anchors(yf_ctx *c, head *p)
{
    if (yf_key_floats(c, "anchors", &p->anchors, &p->n_anchors))
        return YF_ERR_INPUT;
    int line = yf_key_line(c, "anchors");
    if (p->n_anchors % 2)
        yf_ctx_warn(c, line, "'anchors' has %d values, not width,height pairs (a missing comma?)",
                    p->n_anchors);
    else if (p->n_anchors && p->n_anchors / 2 < p->num)
        yf_ctx_warn(c, line, "'anchors' has %d pairs, but 'num' is %lld", p->n_anchors / 2,
                    (long long)p->num);
    return YF_OK;
}

static int parse_yolo(yf_ctx *c, yf_layer *l)
{
    head *p = l->priv_;
    p->extra = l->type[0] == 'G' ? 9 : 5;
    yf_key_ignore(c, yolo_ignored);
    if (yf_key_int(c, "classes", 20, 0, YF_MAX_DIM, &p->classes) ||
        yf_key_int(c, "num", 1, 1, YF_MAX_LIST, &p->num) ||
        yf_key_ints(c, "mask", &p->mask, &p->n_mask) || parse_anchors(c, p))
        return YF_ERR_INPUT;
    for (int i = 0; i < p->n_mask; i++) {
        if (p->mask[i] < 0)
            return yf_ctx_fail(c, "mask", "'mask' entry %d must be >= 0, got '%d'", i + 1,
                               p->mask[i]);
        if (p->mask[i] >= p->num)
            yf_ctx_warn(c, yf_key_line(c, "mask"), "'mask' entry %d is %d, but anchors are numbered "
                                                "0..%lld ('num' is %lld): Darknet reads an "
                                                "anchor that is not set",
                        i + 1, p->mask[i], (long long)p->num - 1, (long long)p->num);
    }
    return YF_OK;
}

static int parse_region(yf_ctx *c, yf_layer *l)
{
    head *p = l->priv_;
    yf_key_ignore(c, region_ignored);
    if (yf_key_int(c, "coords", 4, 0, 65536, &p->coords) ||
        yf_key_int(c, "classes", 20, 0, YF_MAX_DIM, &p->classes) ||
        yf_key_int(c, "num", 1, 1, YF_MAX_LIST, &p->num) || parse_anchors(c, p))
        return YF_ERR_INPUT;
    return YF_OK;
}

static int parse_detection(yf_ctx *c, yf_layer *l)
{
    head *p = l->priv_;
    yf_key_ignore(c, region_ignored);
    return yf_key_int(c, "coords", 1, 0, 65536, &p->coords) ||
                   yf_key_int(c, "classes", 1, 0, YF_MAX_DIM, &p->classes) ||
                   yf_key_int(c, "num", 1, 1, YF_MAX_LIST, &p->num) ||
                   yf_key_int(c, "side", 7, 1, 65536, &p->side)
               ? YF_ERR_INPUT
               : YF_OK;
}

static void set_head(yf_layer *l, head *p, int64_t gw, int64_t gh, int64_t n)
{
    l->is_head = 1;
    l->head.grid_w = gw;
    l->head.grid_h = gh;
    l->head.n_anchors = n;
    l->head.classes = p->classes;
    l->head.n_boxes = yf_mul(yf_mul(gw, gh), n);
    l->head.anchors = NULL;
}

/* Anchors this head uses: the masked pairs (yolo) or the first num pairs. */
static void pick_anchors(yf_ctx *c, yf_layer *l, head *p, int64_t n)
{
    if (!p->n_anchors)
        return;
    double *a = yf_arena_alloc(c->arena, sizeof(double) * 2 * (size_t)n);
    if (!a)
        return;
    for (int64_t i = 0; i < n; i++) {
        int64_t k = p->n_mask ? p->mask[i] : i;
        if (2 * k + 1 >= p->n_anchors || k >= p->num)
            return;
        a[2 * i] = p->anchors[2 * k];
        a[2 * i + 1] = p->anchors[2 * k + 1];
    }
    l->head.anchors = a;
}

static int infer_grid(yf_ctx *c, yf_layer *l, int64_t n, int64_t per_anchor, const char *what)
{
    head *p = l->priv_;
    if (yf_shape_check(c, l, l->type[0] == 'y' ? "[yolo]" : l->type[0] == 'G' ? "[Gaussian_yolo]"
                                                                               : "[region]"))
        return YF_ERR_INPUT;
    int64_t ch = yf_mul(n, per_anchor);
    if (ch != l->in.c)
        yf_ctx_warn(c, l->line, "the previous layer has %lld channels, but %s needs %lld: set "
                                "filters=%lld in the [convolutional] before it (Darknet refuses "
                                "to load this)",
                    (long long)l->in.c, what, (long long)ch, (long long)ch);
    l->out = (yf_shape){l->in.w, l->in.h, ch};
    l->outputs = yf_mul(yf_mul(l->in.w, l->in.h), ch);
    set_head(l, p, l->in.w, l->in.h, n);
    pick_anchors(c, l, p, n);
    return YF_OK;
}

static int infer_yolo(yf_ctx *c, yf_layer *l)
{
    head *p = l->priv_;
    int64_t n = p->n_mask ? p->n_mask : p->num;
    char what[96];
    snprintf(what, sizeof(what), "%lld anchors x (classes %lld + %lld)", (long long)n,
             (long long)p->classes, (long long)p->extra);
    return infer_grid(c, l, n, p->classes + p->extra, what);
}

static int infer_region(yf_ctx *c, yf_layer *l)
{
    head *p = l->priv_;
    char what[120];
    snprintf(what, sizeof(what), "num %lld x (classes %lld + coords %lld + 1)",
             (long long)p->num, (long long)p->classes, (long long)p->coords);
    return infer_grid(c, l, p->num, p->classes + p->coords + 1, what);
}

static int infer_detection(yf_ctx *c, yf_layer *l)
{
    head *p = l->priv_;
    int64_t want = yf_mul(p->side * p->side, yf_add(yf_mul(1 + p->coords, p->num), p->classes));
    if (want != l->inputs)
        return yf_ctx_fail(c, NULL, "the previous layer outputs %lld values, but side %lld^2 x "
                                    "((1 + coords %lld) x num %lld + classes %lld) = %lld",
                           (long long)l->inputs, (long long)p->side, (long long)p->coords,
                           (long long)p->num, (long long)p->classes, (long long)want);
    l->out = (yf_shape){0, 0, 0};
    l->outputs = l->inputs;
    set_head(l, p, p->side, p->side, p->num);
    return YF_OK;
}

static void describe(yf_layer *l)
{
    snprintf(l->desc, sizeof(l->desc), "%lld cls %lld anc", (long long)l->head.classes,
             (long long)l->head.n_anchors);
}

const yf_kind yf_kind_yolo = {
    .name = "yolo",
    .sections = (const char *const[]){"yolo", NULL},
    .priv_size = sizeof(head),
    .parse = parse_yolo,
    .infer = infer_yolo,
    .cost = yf_cost_none,
    .describe = describe,
};

const yf_kind yf_kind_gaussian_yolo = {
    .name = "Gaussian_yolo",
    .sections = (const char *const[]){"Gaussian_yolo", NULL},
    .priv_size = sizeof(head),
    .parse = parse_yolo,
    .infer = infer_yolo,
    .cost = yf_cost_none,
    .describe = describe,
};

const yf_kind yf_kind_region = {
    .name = "region",
    .sections = (const char *const[]){"region", NULL},
    .priv_size = sizeof(head),
    .parse = parse_region,
    .infer = infer_region,
    .cost = yf_cost_none,
    .describe = describe,
};

const yf_kind yf_kind_detection = {
    .name = "detection",
    .sections = (const char *const[]){"detection", NULL},
    .priv_size = sizeof(head),
    .parse = parse_detection,
    .infer = infer_detection,
    .cost = yf_cost_none,
    .describe = describe,
};
