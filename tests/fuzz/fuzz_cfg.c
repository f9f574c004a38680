/* libFuzzer target: the whole path on arbitrary bytes — lex, build, shapes,
 * costs, memory, every output format, budgets, and `diff` of the input
 * against itself and against itself at another size — at the cfg's own size
 * and at a large override that drives the overflow checks. Must never crash,
 * leak or hit undefined behaviour; errors are fine. */
#include "yoloflops.h"

#include <stddef.h>
#include <stdint.h>

static void render_all(yf_model *m)
{
    const yf_render_opts ro[2] = {{.summary = 0}, {.summary = 1, .all_layers = 1}};
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

static void diff_all(const yf_model *a, const yf_model *b)
{
    yf_diff d;
    yf_error err;
    const yf_limit limits[2] = {
        {.figure = YF_FIG_GFLOPS, .value = 1, .origin = "--max-gflops"},
        {.figure = YF_FIG_PARAMS, .value = 5, .percent = 1, .increase = 1, .origin = "--max-increase"}};
    yf_check checks[2];
    if (yf_diff_compute(a, b, &d, &err))
        return;
    d.n_checks = yf_checks_eval(limits, 2, &a->totals, &b->totals, checks);
    d.checks = checks;
    for (int f = YF_FMT_TABLE; f <= YF_FMT_MD; f++) {
        yf_buf buf;
        const yf_render_opts ro = {.all_layers = f == YF_FMT_TABLE};
        yf_buf_init(&buf);
        (void)yf_render_diff((yf_format)f, &d, &ro, &buf, &err);
        yf_buf_release(&buf);
    }
    (void)yf_diff_differs(&d);
    yf_diff_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const yf_options opts[2] = {{0}, {.width = 8192, .height = 4096, .batch = 3,
                                      .bytes_per_element = 2}};
    yf_model *m[2];
    for (int i = 0; i < 2; i++) {
        yf_error err;
        m[i] = yf_model_load_buffer((const char *)data, size, "fuzz.cfg", &opts[i], &err);
        if (m[i]) {
            render_all(m[i]);
        } else {
            char msg[1024];
            yf_error_format(&err, msg, sizeof(msg));
        }
    }
    if (m[0]) {
        diff_all(m[0], m[0]);
        if (m[1])
            diff_all(m[0], m[1]);
    }
    yf_model_free(m[0]);
    yf_model_free(m[1]);
    return 0;
}
