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
#include "../core.h"

#include <stdio.h>

typedef struct head {
    const char *section; /* "[yolo]", ... for messages */
    int64_t classes, num, coords, side, extra, max_boxes;
    double random;
    int counters;       /* counters_per_class= given: Darknet allocates classes floats */
    int has_embedding;  /* embedding_layer= given */
    int embedding;      /* its layer */
    double scale_x_y; /* yolo: grid-sensitive box centres (one more kernel per anchor when != 1) */
    int *mask, n_mask;
    double *anchors;
    int n_anchors;
} head;

static const char *const yolo_ignored[] = {
    "show_details", "max_delta", "label_smooth_eps",
    "objectness_smooth", "new_coords", "iou_normalizer", "obj_normalizer", "cls_normalizer",
    "delta_normalizer", "iou_loss", "iou_thresh_kind", "beta_nms", "nms_kind", "jitter",
    "resize", "focal_loss", "ignore_thresh", "truth_thresh", "iou_thresh",
    "track_history_size", "sim_thresh", "dets_for_track", "dets_for_show", "track_ciou_norm",
    "map", "uc_normalizer", "yolo_point", NULL};

static const char *const region_ignored[] = {
    "log", "sqrt", "softmax", "focal_loss", "jitter", "resize", "rescore", "thresh",
    "classfix", "absolute", "coord_scale", "object_scale", "noobject_scale",
    "mask_scale", "class_scale", "bias_match", "tree", "map", "forced", "reorg", NULL};

/* What training reads: random= (a float, detector.c resizes by the last
 * head's) and max= (truths per image, default 200). */
static int parse_train(yf_ctx *c, head *p)
{
    return yf_key_float(c, "random", 0, &p->random) ||
                   yf_key_int(c, "max", 200, 0, INT32_MAX, &p->max_boxes)
               ? c->err->code
               : YF_OK;
}

/* What a yolo-like head allocates besides its outputs: counters_per_class
 * (its values are read, one float each) and embedding_layer= (a copy of that
 * layer's output; parser.c:512-523 resolves a negative index as relative). */
static int parse_extras(yf_ctx *c, yf_node *n)
{
    head *p = n->priv;
    int64_t e;
    yf_key_ignore(c, (const char *const[]){"counters_per_class", NULL});
    p->counters = yf_key_has(c, "counters_per_class");
    if (yf_key_int(c, "embedding_layer", 999999, -YF_MAX_LAYERS, 999999, &e))
        return c->err->code;
    p->has_embedding = e != 999999;
    return p->has_embedding ? yf_ref_resolve(c, n->l, "embedding_layer", e, &p->embedding)
                            : YF_OK;
}

static int parse_anchors(yf_ctx *c, head *p)
{
    if (yf_key_floats(c, "anchors", &p->anchors, &p->n_anchors))
        return c->err->code;
    int line = yf_key_line(c, "anchors");
    if (p->n_anchors % 2)
        yf_ctx_warn(c, line, "'anchors' has %d values, not width,height pairs (a missing comma?)",
                    p->n_anchors);
    else if (p->n_anchors && p->n_anchors / 2 < p->num)
        yf_ctx_warn(c, line, "'anchors' has %d pairs, but 'num' is %lld", p->n_anchors / 2,
                    (long long)p->num);
    return YF_OK;
}

/* extra: channels per anchor besides the classes (4 box + 1 objectness;
 * Gaussian_yolo predicts a variance for each box value too). */
static int parse_yolo_like(yf_ctx *c, yf_node *n, const char *section, int64_t extra)
{
    head *p = n->priv;
    p->section = section;
    p->extra = extra;
    yf_key_ignore(c, yolo_ignored);
    if (yf_key_int(c, "classes", 20, 0, YF_MAX_DIM, &p->classes) ||
        yf_key_int(c, "num", 1, 1, YF_MAX_LIST, &p->num) ||
        yf_key_float(c, "scale_x_y", 1.0, &p->scale_x_y) ||
        yf_key_mask(c, "mask", &p->mask, &p->n_mask) || parse_anchors(c, p) ||
        parse_train(c, p) || parse_extras(c, n))
        return c->err->code;
    for (int i = 0; i < p->n_mask; i++) {
        if (p->mask[i] < 0)
            return yf_ctx_fail(c, YF_ERR_VALUE, "mask", "'mask' entry %d must be >= 0, got '%d'",
                               i + 1, p->mask[i]);
        if (p->mask[i] >= p->num)
            yf_ctx_warn(c, yf_key_line(c, "mask"),
                        "'mask' entry %d is %d, but anchors are numbered 0..%lld ('num' is %lld): "
                        "Darknet reads an anchor that is not set",
                        i + 1, p->mask[i], (long long)p->num - 1, (long long)p->num);
    }
    return YF_OK;
}

static int parse_yolo(yf_ctx *c, yf_node *n)
{
    return parse_yolo_like(c, n, "[yolo]", 5);
}

static int parse_gaussian(yf_ctx *c, yf_node *n)
{
    return parse_yolo_like(c, n, "[Gaussian_yolo]", 9);
}

static int parse_region(yf_ctx *c, yf_node *n)
{
    head *p = n->priv;
    p->section = "[region]";
    p->scale_x_y = 1.0;
    yf_key_ignore(c, region_ignored);
    if (yf_key_int(c, "coords", 4, 0, 65536, &p->coords) ||
        yf_key_int(c, "classes", 20, 0, YF_MAX_DIM, &p->classes) ||
        yf_key_int(c, "num", 1, 1, YF_MAX_LIST, &p->num) || parse_anchors(c, p) ||
        parse_train(c, p))
        return c->err->code;
    return YF_OK;
}

static int parse_detection(yf_ctx *c, yf_node *n)
{
    head *p = n->priv;
    p->scale_x_y = 1.0;
    yf_key_ignore(c, region_ignored);
    return yf_key_int(c, "coords", 1, 0, 65536, &p->coords) ||
                   yf_key_int(c, "classes", 1, 0, YF_MAX_DIM, &p->classes) ||
                   yf_key_int(c, "num", 1, 1, YF_MAX_LIST, &p->num) ||
                   yf_key_int(c, "side", 7, 1, 65536, &p->side) || parse_train(c, p)
               ? c->err->code
               : YF_OK;
}

static void set_head(yf_layer *l, head *p, int64_t gw, int64_t gh, int64_t anchors,
                     int64_t per_anchor)
{
    l->head.grid_w = gw;
    l->head.grid_h = gh;
    l->head.n_anchors = anchors;
    l->head.classes = p->classes;
    l->head.per_anchor = per_anchor;
    l->head.n_boxes = yf_mul(yf_mul(gw, gh), anchors);
    l->head.anchors = NULL;
    l->head.random = p->random;
    l->head.max_boxes = p->max_boxes;
    l->head.scale_x_y = p->scale_x_y;
}

/* Anchors this head uses: the masked pairs (yolo) or the first num pairs. */
static int pick_anchors(yf_ctx *c, yf_layer *l, head *p, int64_t count)
{
    if (!p->n_anchors)
        return YF_OK;
    double *a = yf_arena_alloc(c->arena, sizeof(double) * 2 * (size_t)count);
    if (!a)
        return yf_error_nomem(c->err);
    for (int64_t i = 0; i < count; i++) {
        int64_t k = p->n_mask ? p->mask[i] : i;
        if (2 * k + 1 >= p->n_anchors || k >= p->num)
            return YF_OK;
        a[2 * i] = p->anchors[2 * k];
        a[2 * i + 1] = p->anchors[2 * k + 1];
    }
    l->head.anchors = a;
    return YF_OK;
}

static int infer_grid(yf_ctx *c, yf_node *n, int64_t anchors, int64_t per_anchor,
                      const char *what)
{
    yf_layer *l = n->l;
    head *p = n->priv;
    if (yf_shape_check(c, l, p->section))
        return c->err->code;
    int64_t ch = yf_mul(anchors, per_anchor);
    if (ch != l->in.c) /* parse_yolo, parse_gaussian_yolo, parse_region: l.outputs != inputs */
        return yf_ctx_fail(c, YF_ERR_SHAPE, NULL,
                           "the previous layer has %lld channels, but %s needs %lld: set "
                           "filters=%lld in the [convolutional] before it (Darknet refuses this: "
                           "'filters= in the [convolutional]-layer doesn't correspond to classes=')",
                           (long long)l->in.c, what, (long long)ch, (long long)ch);
    l->out = (yf_shape){l->in.w, l->in.h, ch};
    l->outputs = yf_mul(yf_mul(l->in.w, l->in.h), ch);
    set_head(l, p, l->in.w, l->in.h, anchors, per_anchor);
    l->head.per_class = anchors;
    return pick_anchors(c, l, p, anchors);
}

static int infer_yolo(yf_ctx *c, yf_node *n)
{
    head *p = n->priv;
    int64_t anchors = p->n_mask ? p->n_mask : p->num;
    char what[96];
    snprintf(what, sizeof(what), "%lld anchors x (classes %lld + %lld)", (long long)anchors,
             (long long)p->classes, (long long)p->extra);
    return infer_grid(c, n, anchors, p->classes + p->extra, what);
}

static int infer_region(yf_ctx *c, yf_node *n)
{
    head *p = n->priv;
    char what[120];
    snprintf(what, sizeof(what), "num %lld x (classes %lld + coords %lld + 1)",
             (long long)p->num, (long long)p->classes, (long long)p->coords);
    return infer_grid(c, n, p->num, p->classes + p->coords + 1, what);
}

static int infer_detection(yf_ctx *c, yf_node *n)
{
    yf_layer *l = n->l;
    head *p = n->priv;
    int64_t want = yf_mul(p->side * p->side, yf_add(yf_mul(1 + p->coords, p->num), p->classes));
    if (want != l->inputs)
        return yf_ctx_fail(c, YF_ERR_SHAPE, NULL,
                           "the previous layer outputs %lld values, but side %lld^2 x ((1 + coords "
                           "%lld) x num %lld + classes %lld) = %lld",
                           (long long)l->inputs, (long long)p->side, (long long)p->coords,
                           (long long)p->num, (long long)p->classes, (long long)want);
    l->out = (yf_shape){0, 0, 0};
    l->outputs = l->inputs;
    set_head(l, p, p->side, p->side, p->num, 0);
    l->head.per_class = p->side * p->side;
    return YF_OK;
}

/* make_yolo_layer (yolo_layer.c:30-74) and make_gaussian_yolo_layer
 * (gaussian_yolo_layer.c:39-77), m = anchors used, num = anchors given:
 * cost 4, biases 8*num, mask 4m, bias updates 8m, (yolo) labels and class
 * ids 4*B*w*h*m each, output and delta 4BO each, always (pinned host memory
 * in a GPU build; the device adds output, delta and yolo's output_avg). */
static void darknet_mem_yolo(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    const head *p = n->priv;
    const yf_layer *l = n->l;
    int64_t used = p->n_mask ? p->n_mask : p->num, bo = yf_mul(4 * x->batch, l->outputs);
    int yolo = (l->flags & YF_LAYER_YOLO) != 0;
    int64_t cells = yf_mul(yf_mul(l->out.w, l->out.h), used);
    yf_dn_host(m, YF_MEM_HEAD, 4 + 8 * p->num + 12 * used);
    yf_dn_host(m, YF_MEM_HEAD, yolo * yf_mul(8 * x->batch, cells));
    yf_dn_host(m, YF_MEM_HEAD, p->counters * 4 * p->classes);
    if (p->has_embedding) {
        int64_t e = p->embedding;
        yf_dn_host(m, YF_MEM_OUTPUTS,
                   yf_mul(4 * x->layer_batch[e], x->model->layers[e].outputs));
    }
    m->delta = YF_DN_OWN;
    m->keep = YF_DN_KEEP_SELF;
    if (!x->gpu) {
        yf_dn_host(m, YF_MEM_OUTPUTS, bo);
        yf_dn_host(m, YF_MEM_DELTAS, bo);
        return;
    }
    yf_dn_pinned(m, yf_mul(2, bo));
    yf_dn_dev_moved(m, YF_MEM_OUTPUTS, bo);
    if (yolo)
        yf_dn_dev(m, YF_MEM_OUTPUTS, bo);
    yf_dn_dev_delta(m, bo);
}

/* make_region_layer (region_layer.c:29-50): cost 4, biases and their
 * updates 16*num, output and delta 4BO each. */
static void darknet_mem_region(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    const head *p = n->priv;
    yf_dn_host(m, YF_MEM_HEAD, 4 + 16 * p->num);
    yf_dn_output_delta(x, n->l->outputs, m);
    m->keep = YF_DN_KEEP_SELF;
}

/* make_detection_layer (detection_layer.c:28-40): cost 4, output and delta
 * of its inputs. */
static void darknet_mem_detection(const yf_node *n, const yf_dn_ctx *x, yf_dn_layer *m)
{
    yf_dn_host(m, YF_MEM_HEAD, 4);
    yf_dn_output_delta(x, n->l->inputs, m);
}

/* The loss reads the head's input: no FLOPs counted (data dependent, under
 * 0.1 %), and PyTorch keeps that input until the loss. */
static void train(const yf_node *n, yf_train_layer *t)
{
    (void)n;
    t->keeps_output = 1;
}

static void describe(yf_node *n)
{
    yf_layer *l = n->l;
    snprintf(l->desc, sizeof(l->desc), "%lld cls %lld anc", (long long)l->head.classes,
             (long long)l->head.n_anchors);
}

const yf_kind yf_kind_yolo = {
    .name = "yolo",
    .op = YF_OP_HEAD,
    .sections = (const char *const[]){"yolo", NULL},
    .flags = YF_LAYER_HEAD | YF_LAYER_YOLO | YF_LAYER_RANDOM,
    .priv_size = sizeof(head),
    .parse = parse_yolo,
    .infer = infer_yolo,
    .cost = yf_cost_none,
    .describe = describe,
    .darknet_mem = darknet_mem_yolo,
    .train = train,
};

const yf_kind yf_kind_gaussian_yolo = {
    .name = "Gaussian_yolo",
    .op = YF_OP_HEAD,
    .sections = (const char *const[]){"Gaussian_yolo", NULL},
    .flags = YF_LAYER_HEAD | YF_LAYER_RANDOM,
    .priv_size = sizeof(head),
    .parse = parse_gaussian,
    .infer = infer_yolo,
    .cost = yf_cost_none,
    .describe = describe,
    .darknet_mem = darknet_mem_yolo,
    .train = train,
};

const yf_kind yf_kind_region = {
    .name = "region",
    .op = YF_OP_HEAD,
    .sections = (const char *const[]){"region", NULL},
    .flags = YF_LAYER_HEAD | YF_LAYER_RANDOM,
    .priv_size = sizeof(head),
    .parse = parse_region,
    .infer = infer_region,
    .cost = yf_cost_none,
    .describe = describe,
    .darknet_mem = darknet_mem_region,
    .train = train,
};

const yf_kind yf_kind_detection = {
    .name = "detection",
    .op = YF_OP_HEAD,
    .sections = (const char *const[]){"detection", NULL},
    .flags = YF_LAYER_HEAD,
    .priv_size = sizeof(head),
    .parse = parse_detection,
    .infer = infer_detection,
    .cost = yf_cost_none,
    .describe = describe,
    .darknet_mem = darknet_mem_detection,
    .train = train,
};
