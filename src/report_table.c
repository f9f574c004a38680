/* The table a Darknet user expects: index, type, filters and size/stride,
 * input -> output, then params, BFLOPs, GFLOPs and output memory, with a
 * footer that names the convention of every total. */
#include "internal.h"
#include "report.h"

#include <stdio.h>

static void shape_text(char *buf, size_t n, yf_shape s)
{
    snprintf(buf, n, "%lldx%lldx%lld", (long long)s.w, (long long)s.h, (long long)s.c);
}

static void rows(const yf_model *m, yf_buf *out)
{
    char in[48], o[48], p[32], mem[32];
    yf_buf_printf(out, "%5s  %-14s %-18s %16s    %-16s %13s %9s %9s %11s\n", "layer", "type",
                  "filters size/strd", "input", "output", "params", "BFLOPs", "GFLOPs",
                  "output");
    for (int i = 0; i < m->n_layers; i++) {
        const yf_layer *l = &m->layers[i];
        shape_text(in, sizeof(in), l->in);
        shape_text(o, sizeof(o), l->out);
        yf_buf_printf(out, "%5d  %-14s %-18s %16s -> %-16s %13s %9.3f %9.3f %11s\n", l->index,
                      l->type, l->desc, in, o, yf_fmt_int(p, l->params), l->bflops,
                      2.0 * (double)l->macs / 1e9, yf_fmt_bytes(mem, l->output_bytes));
    }
}

static void footer(const yf_model *m, yf_buf *out)
{
    char a[32], b[32], c[32], d[32], e[32];
    const yf_totals *t = &m->totals;
    yf_buf_printf(out, "total: ");
    yf_render_headline(m, out);
    yf_buf_printf(out, "\n  params      %s trainable (PyTorch/thop), %s after folding "
                       "BatchNorm, %s BatchNorm running mean/var\n",
                  yf_fmt_int(a, t->params), yf_fmt_int(b, t->params_fused),
                  yf_fmt_int(c, t->buffers));
    yf_buf_printf(out, "  .weights    %s floats = %s bytes (20-byte header + 4 x floats)\n",
                  yf_fmt_int(a, t->weights_file_floats), yf_fmt_int(b, t->weights_file_bytes));
    yf_buf_printf(out, "  compute     %.3f BFLOPs (Darknet Total BFLOPS) · %s MACs = %.3f GFLOPs "
                       "(ultralytics-thop 2.1.6) · %s MACs = %.3f GFLOPs fused\n",
                  t->bflops, yf_fmt_int(a, t->macs), t->gflops, yf_fmt_int(b, t->macs_fused),
                  t->gflops_fused);
    yf_buf_printf(out, "  memory      weights %s · activations %s (all outputs) · peak %s "
                       "(inference, %s, batch %lld)\n",
                  yf_fmt_bytes(c, t->weights_bytes), yf_fmt_bytes(d, t->activation_bytes),
                  yf_fmt_bytes(e, t->peak_activation_bytes),
                  yf_precision_name(m->bytes_per_element), (long long)m->batch);
    if (t->n_boxes) {
        yf_buf_printf(out, "  heads       %s candidate boxes to NMS\n", yf_fmt_int(a, t->n_boxes));
        for (int i = 0; i < m->n_layers; i++) {
            if (!m->layers[i].is_head)
                continue;
            yf_buf_printf(out, "              ");
            yf_render_head_line(&m->layers[i], out);
            yf_buf_printf(out, "\n");
        }
    }
}

int yf_render_table(yf_model *const *models, int n, const yf_render_opts *ro, yf_buf *out)
{
    for (int k = 0; k < n; k++) {
        const yf_model *m = models[k];
        if (k)
            yf_buf_printf(out, "\n");
        yf_buf_printf(out, "%s: input %lldx%lldx%lld, batch %lld, %s\n", m->name,
                      (long long)m->input.w, (long long)m->input.h, (long long)m->input.c,
                      (long long)m->batch, yf_precision_name(m->bytes_per_element));
        if (!ro->summary)
            rows(m, out);
        footer(m, out);
    }
    return YF_OK;
}
