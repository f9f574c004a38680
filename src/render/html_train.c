/* The training view of the HTML report (docs/html.md, docs/training.md):
 * each runtime's memory for one training step, stacked by kind of buffer,
 * against the memory size given with --memory; then the notes the text
 * formats print. */
#include "html.h"

#include <stdio.h>
#include <string.h>

#define PUT(w, s) yf_html_put(w, s)

/* Each kind of buffer its own colour class, fixed by its yf_mem_kind
 * (YF_MEM_COUNT <= YF_HTML_COLOURS): the same kind looks the same in every
 * page, and segments, drawn in kind order, differ from their neighbours. */
static void colour_kinds(int *cls)
{
    for (int k = 0; k < YF_MEM_COUNT; k++)
        cls[k] = k % YF_HTML_COLOURS;
}

static void legend(yf_writer *w, const int64_t *top, const int *cls)
{
    PUT(w, "<ul class=\"yf-legend\">");
    for (int r = 0; r < YF_MEM_COUNT; r++)
        for (int k = 0; k < YF_MEM_COUNT; k++) {
            int rank = 0;
            for (int j = 0; j < YF_MEM_COUNT; j++)
                rank += top[j] > top[k] || (top[j] == top[k] && j < k);
            if (rank != r || top[k] <= 0)
                continue;
            yf_writer_printf(w, "<li><i class=\"k%d\"></i>", cls[k]);
            yf_html_esc(w, yf_mem_name(k));
            PUT(w, "</li>");
        }
    PUT(w, "</ul>");
}

/* The lines of yf_render_training_notes as list items. */
static void notes(yf_writer *w, const char *id, const yf_profile *p)
{
    yf_buf b;
    yf_writer bw;
    yf_buf_init(&b);
    yf_writer_init(&bw, yf_buf_write, &b);
    yf_render_training_notes(&bw, p, "");
    yf_writer_finish(&bw, NULL);
    yf_writer_printf(w, "<ul class=\"yf-list yf-train-notes\" id=\"%s-train-notes\">", id);
    yf_html_list_items(w, &b);
    PUT(w, "</ul>");
    yf_buf_release(&b);
}

static void caption(yf_writer *w, const char *id, const yf_training *t,
                    const yf_train_mem *const *mem, const char *const *names)
{
    char b[32], c[32];
    yf_writer_printf(w, "<figcaption id=\"%s-train-cap\">Memory of one training step by kind of "
                        "buffer: ",
                     id);
    for (int r = 0; r < 3; r++)
        yf_writer_printf(w, "%s%s %s", r ? "; " : "", names[r],
                         yf_html_bytes(b, mem[r]->memory_bytes));
    yf_writer_printf(w, ". Darknet at %lldx%lld, PyTorch at %lldx%lld, mini-batch %lld.",
                     (long long)t->train_width, (long long)t->train_height, (long long)t->width,
                     (long long)t->height, (long long)t->mini_batch);
    if (t->memory_limit) {
        yf_writer_printf(w, " Against %s (", yf_html_bytes(c, t->memory_limit));
        yf_html_esc(w, *t->memory_from ? t->memory_from : "--memory");
        PUT(w, *t->memory_from ? "'s memory):" : "):");
        for (int r = 0; r < 3; r++)
            yf_writer_printf(w, "%s %s %s with %s (largest mini-batch %lld)", r ? ";" : "",
                             names[r], mem[r]->fits ? "fits" : "does not fit",
                             yf_html_bytes(b, mem[r]->compared_bytes),
                             (long long)mem[r]->largest_mini_batch);
        PUT(w, ".");
    }
    PUT(w, "</figcaption>");
}

void yf_html_training(yf_writer *w, const char *id, const yf_profile *p)
{
    const yf_training *t = p->training;
    const yf_train_mem *const mem[3] = {&t->darknet_gpu, &t->darknet_cpu, &t->pytorch};
    static const char *const names[3] = {"Darknet GPU (estimate)", "Darknet CPU (exact)",
                                         "PyTorch (estimate)"};
    int64_t top[YF_MEM_COUNT] = {0};
    int cls[YF_MEM_COUNT];
    for (int r = 0; r < 3; r++)
        for (int k = 0; k < YF_MEM_COUNT; k++)
            top[k] = mem[r]->breakdown[k] > top[k] ? mem[r]->breakdown[k] : top[k];
    if (t->memory_limit && t->data_loader_bytes > top[YF_MEM_DATA_LOADER])
        top[YF_MEM_DATA_LOADER] = t->data_loader_bytes;
    colour_kinds(cls);
    yf_html_segment seg[3][YF_MEM_COUNT];
    yf_html_hbar bars[3];
    char note[3][96], b[32], limit[112], cid[40];
    for (int r = 0; r < 3; r++) {
        int n = 0;
        for (int k = 0; k < YF_MEM_COUNT; k++) {
            int64_t v = mem[r]->breakdown[k];
            if (r == 1 && k == YF_MEM_DATA_LOADER && t->memory_limit)
                v = t->data_loader_bytes; /* what --memory compares (an estimate) */
            if (v > 0)
                seg[r][n++] = (yf_html_segment){(double)v, cls[k], yf_mem_name(k)};
        }
        int64_t shown = t->memory_limit ? mem[r]->compared_bytes : mem[r]->memory_bytes;
        snprintf(note[r], sizeof(note[r]), "%s%s", yf_html_bytes(b, shown),
                 !t->memory_limit ? "" : mem[r]->fits ? ": fits" : ": does not fit");
        bars[r] = (yf_html_hbar){names[r], note[r], seg[r], n};
    }
    snprintf(limit, sizeof(limit), "%s (%s%s)", yf_html_bytes(b, t->memory_limit),
             *t->memory_from ? t->memory_from : "--memory", *t->memory_from ? "'s memory" : "");
    snprintf(cid, sizeof(cid), "%s-train", id);
    yf_writer_printf(w, "<h3>Training memory</h3><figure class=\"yf-chart yf-train\" id=\"%s\">",
                     cid);
    yf_html_hbars_svg(w, cid, &yf_html_bytes_info, bars, 3,
                      (double)t->memory_limit, limit);
    caption(w, id, t, mem, names);
    PUT(w, "</figure>");
    legend(w, top, cls);
    notes(w, id, p);
}
