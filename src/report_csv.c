/* CSV: one row per layer and one "total" row per cfg, fixed columns
 * (docs/usage.md). Text fields are quoted; numbers are exact integers. */
#include "internal.h"
#include "report.h"

static void quoted(yf_buf *out, const char *s)
{
    yf_buf_append(out, "\"", 1);
    for (; *s; s++) {
        if (*s == '"')
            yf_buf_append(out, "\"\"", 2);
        else
            yf_buf_append(out, s, 1);
    }
    yf_buf_append(out, "\"", 1);
}

int yf_render_csv(yf_model *const *models, int n, const yf_render_opts *ro, yf_buf *out)
{
    yf_buf_printf(out, "cfg,index,type,description,in_w,in_h,in_c,out_w,out_h,out_c,params,"
                       "params_fused,buffers,weights_file_floats,bflops,macs,macs_fused,"
                       "output_bytes\n");
    for (int k = 0; k < n; k++) {
        const yf_model *m = models[k];
        for (int i = 0; !ro->summary && i < m->n_layers; i++) {
            const yf_layer *l = &m->layers[i];
            quoted(out, m->name);
            yf_buf_printf(out, ",%d,%s,", l->index, l->type);
            quoted(out, l->desc);
            yf_buf_printf(out, ",%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%.9f,%lld,%lld,"
                               "%lld\n",
                          (long long)l->in.w, (long long)l->in.h, (long long)l->in.c,
                          (long long)l->out.w, (long long)l->out.h, (long long)l->out.c,
                          (long long)l->params, (long long)l->params_fused,
                          (long long)l->buffers, (long long)l->weights_file_floats, l->bflops,
                          (long long)l->macs, (long long)l->macs_fused,
                          (long long)l->output_bytes);
        }
        const yf_totals *t = &m->totals;
        quoted(out, m->name);
        yf_buf_printf(out, ",,total,,%lld,%lld,%lld,,,,%lld,%lld,%lld,%lld,%.9f,%lld,%lld,%lld\n",
                      (long long)m->input.w, (long long)m->input.h, (long long)m->input.c,
                      (long long)t->params, (long long)t->params_fused, (long long)t->buffers,
                      (long long)t->weights_file_floats, t->bflops, (long long)t->macs,
                      (long long)t->macs_fused, (long long)t->peak_activation_bytes);
    }
    return YF_OK;
}
