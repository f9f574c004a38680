/* libFuzzer target: the .weights check on arbitrary headers and sizes
 * against a small cfg, and every renderer of its report. The first 8 bytes
 * choose the file size; the rest is the header. */
#include "yoloflops.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static const char cfg[] = "[net]\nwidth=8\nheight=8\nchannels=3\n"
                          "[convolutional]\nfilters=4\nsize=3\npad=1\n"
                          "[connected]\noutput=5\n"
                          "[convolutional]\nfilters=18\nsize=1\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const formats[] = {"table", "json", "jsonl", "csv", "md"};
    yf_error err;
    int64_t file_bytes = 0;
    if (size >= 8) {
        uint64_t u;
        memcpy(&u, data, 8);
        file_bytes = (int64_t)(u >> 1);
        data += 8;
        size -= 8;
    }
    yf_model *m = yf_model_load_buffer(cfg, sizeof(cfg) - 1, "fuzz.cfg", NULL, &err);
    if (!m)
        return 0;
    yf_weights_report r;
    if (yf_weights_check_header(m, data, size, file_bytes, &r, &err) == YF_OK) {
        for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
            yf_buf b;
            yf_writer w;
            yf_document doc;
            yf_buf_init(&b);
            yf_writer_init(&w, yf_buf_write, &b);
            yf_doc_begin(&doc, yf_renderer_find(formats[f]), &w, NULL, 1);
            yf_doc_weights(&doc, m, "fuzz.weights", &r);
            yf_doc_end(&doc);
            (void)yf_writer_finish(&w, NULL);
            yf_buf_release(&b);
        }
    }
    yf_model_free(m);
    return 0;
}
