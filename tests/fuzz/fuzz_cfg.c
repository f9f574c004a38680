/* libFuzzer target: the whole path on arbitrary bytes — lex, build, shapes,
 * costs, memory, every output format — at the cfg's own size and at a large
 * override that drives the overflow checks. Must never crash, leak or hit
 * undefined behaviour; errors are fine. */
#include "yoloflops.h"

#include <stddef.h>
#include <stdint.h>

static void render_all(yf_model *m)
{
    yf_render_opts ro[2] = {{0}, {1}};
    for (int f = YF_FMT_TABLE; f <= YF_FMT_MD; f++) {
        for (int s = 0; s < 2; s++) {
            yf_buf b;
            yf_error err;
            yf_buf_init(&b);
            yf_error_clear(&err);
            yf_model *ms[2] = {m, m};
            (void)yf_render((yf_format)f, ms, s + 1, &ro[s], &b, &err);
            yf_buf_release(&b);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const yf_options opts[2] = {{0}, {.width = 8192, .height = 4096, .batch = 3,
                                      .bytes_per_element = 2}};
    for (int i = 0; i < 2; i++) {
        yf_error err;
        yf_model *m = yf_model_load_buffer((const char *)data, size, "fuzz.cfg", &opts[i], &err);
        if (m) {
            render_all(m);
            yf_model_free(m);
        } else {
            char msg[1024];
            yf_error_format(&err, msg, sizeof(msg));
        }
    }
    return 0;
}
