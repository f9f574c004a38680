/* Markdown: a totals table (what a bot posts on a pull request), then the
 * layers. */
#include "internal.h"
#include "report.h"

static void totals(const yf_model *m, yf_buf *out)
{
    char a[32], b[32];
    const yf_totals *t = &m->totals;
    yf_buf_printf(out, "| figure | value | convention |\n|---|---:|---|\n");
    yf_buf_printf(out, "| params | %s | PyTorch/thop trainable |\n", yf_fmt_int(a, t->params));
    yf_buf_printf(out, "| params (fused) | %s | BatchNorm folded into conv |\n",
                  yf_fmt_int(a, t->params_fused));
    yf_buf_printf(out, "| .weights file | %s bytes | %s floats + 20-byte header |\n",
                  yf_fmt_int(a, t->weights_file_bytes), yf_fmt_int(b, t->weights_file_floats));
    yf_buf_printf(out, "| BFLOPs | %.3f | Darknet Total BFLOPS |\n", t->bflops);
    yf_buf_printf(out, "| GFLOPs | %.3f | 2 x thop MACs / 1e9 (Ultralytics) |\n", t->gflops);
    yf_buf_printf(out, "| GFLOPs (fused) | %.3f | same, BatchNorm folded |\n", t->gflops_fused);
    yf_buf_printf(out, "| peak activations | %s bytes | inference, %s |\n",
                  yf_fmt_int(a, t->peak_activation_bytes),
                  yf_precision_name(m->bytes_per_element));
    yf_buf_printf(out, "| boxes | %s | candidates to NMS |\n", yf_fmt_int(a, t->n_boxes));
}

static void layers(const yf_model *m, yf_buf *out)
{
    char p[32];
    yf_buf_printf(out, "\n| # | type | filters size/strd | input | output | params | BFLOPs | "
                       "GFLOPs |\n|---:|---|---|---|---|---:|---:|---:|\n");
    for (int i = 0; i < m->n_layers; i++) {
        const yf_layer *l = &m->layers[i];
        yf_buf_printf(out, "| %d | %s | %s | %lldx%lldx%lld | %lldx%lldx%lld | %s | %.3f | %.3f |\n",
                      l->index, l->type, l->desc, (long long)l->in.w, (long long)l->in.h,
                      (long long)l->in.c, (long long)l->out.w, (long long)l->out.h,
                      (long long)l->out.c, yf_fmt_int(p, l->params), l->bflops,
                      2.0 * (double)l->macs / 1e9);
    }
}

int yf_render_md(yf_model *const *models, int n, const yf_render_opts *ro, yf_buf *out)
{
    for (int k = 0; k < n; k++) {
        const yf_model *m = models[k];
        yf_buf_printf(out, "%s### `%s` at %lldx%lld\n\n", k ? "\n" : "", m->name,
                      (long long)m->input.w, (long long)m->input.h);
        yf_render_headline(m, out);
        yf_buf_printf(out, "\n\n");
        totals(m, out);
        if (!ro->summary)
            layers(m, out);
    }
    return YF_OK;
}
