/* Around the network, on one core of the host CPU (docs/latency.md,
 * "Around the network"); cycle counts from runtimes.json "host", estimates
 * (the reference data holds no NMS timings).
 *
 *   N candidates = sum over heads of grid_w x grid_h x anchors; K = max(1,
 *   keep x N) survive the confidence threshold; C classes.
 *   decode   N x scan + K x (decode + C x class)
 *   darknet  do_nms_sort: per class a sort of the K boxes and pairwise IoU
 *            over those scoring in the class (a share q = 1/C when keep < 1):
 *            C K log2 K cmp + C K skip + C q K^2/2 iou
 *   offset   class-offset single pass (YOLOv5/v8 batched NMS):
 *            K C class + K log2 K cmp_vec + K^2/2 iou
 *   pre-processing: letterbox of a frame_w x frame_h x 3 uint8 frame to the
 *   input, normalised to float: max(cycles / clock, bytes / (eff x host
 *   bandwidth)), cycles = 3 x resized pixels x resize + input elements x
 *   normalize, bytes = frame + 4 x input elements + resized.
 * Both per image (x batch). */
#include "analysis/latency_impl.h"

#include <math.h>

static double nms_cycles(const yf_jnode *c, int style, double n, double k, double classes,
                         int all)
{
    double lg = k > 2 ? log2(k) : 1;
    double cyc = n * yf_jnum(c, "cyc_scan", 2) +
                 k * (yf_jnum(c, "cyc_decode", 40) + classes * yf_jnum(c, "cyc_class", 2));
    if (style == YF_NMS_OFFSET)
        return cyc + k * classes * yf_jnum(c, "cyc_class", 2) + k * lg * yf_jnum(c, "cyc_cmp_vec", 6) +
               k * k / 2 * yf_jnum(c, "cyc_iou", 20);
    double q = all ? 1.0 : (1.0 / classes < 1 ? 1.0 / classes : 1.0);
    return cyc + classes * k * lg * yf_jnum(c, "cyc_cmp", 20) + classes * k * yf_jnum(c, "cyc_skip", 1) +
           classes * q * k * k / 2 * yf_jnum(c, "cyc_iou", 20);
}

void yf_host_costs(const yf_latency_db *db, const yf_model *m, const yf_device *d, int style,
                   double keep, int64_t frame_w, int64_t frame_h, yf_host_cost *out)
{
    const yf_jnode *c = yf_jget(db->runtimes, "host");
    const yf_spec_value *s = d->spec;
    double ghz = s[YF_SPEC_HOST_GHZ].tag ? s[YF_SPEC_HOST_GHZ].value
                                         : yf_jnum(c, "default_host_ghz", 3.0);
    double b = (double)(m->batch > 0 ? m->batch : 1), hz = ghz * 1e9;
    *out = (yf_host_cost){0};
    for (int i = 0; i < m->n_layers; i++) {
        const yf_layer *l = &m->layers[i];
        if (!(l->flags & YF_LAYER_HEAD))
            continue;
        out->candidates = yf_add(out->candidates, l->head.n_boxes);
        out->classes = l->head.classes > out->classes ? l->head.classes : out->classes;
    }
    if (out->candidates > 0) {
        double n = (double)out->candidates, classes = out->classes > 0 ? (double)out->classes : 1;
        double k = keep * n > 1 ? keep * n : 1;
        out->kept = k;
        out->nms_s = b * nms_cycles(c, style, n, k, classes, keep >= 1) / hz;
        out->nms_all_s = b * nms_cycles(c, style, n, n, classes, 1) / hz;
    }
    if (frame_w > 0 && frame_h > 0) {
        double w = (double)m->input.w, h = (double)m->input.h, fw = (double)frame_w;
        double fh = (double)frame_h, sc = w / fw < h / fh ? w / fw : h / fh;
        double resized = fw * sc * fh * sc * 3, elements = w * h * (double)m->input.c;
        double cyc = resized * yf_jnum(c, "cyc_resize", 4) + elements * yf_jnum(c, "cyc_normalize", 1);
        double bytes = fw * fh * 3 + elements * 4 + resized;
        double bw = s[YF_SPEC_HOST_BANDWIDTH].tag ? s[YF_SPEC_HOST_BANDWIDTH].value
                                                  : s[YF_SPEC_BANDWIDTH].value;
        double t_c = cyc / hz, t_m = bytes / (yf_jnum(c, "host_bw_eff", 0.5) * bw);
        out->preprocess_s = b * (t_c > t_m ? t_c : t_m);
    }
}
