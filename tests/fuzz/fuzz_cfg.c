/* libFuzzer target: the whole path on arbitrary bytes — lex, build, shapes,
 * costs, memory, every output format, budgets, and `diff` of the input
 * against itself and against itself at another size — at the cfg's own size
 * and at a large override that drives the overflow checks. Must never crash,
 * leak or hit undefined behaviour; errors are fine. */
#include "yoloflops.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static const char *const formats[] = {"table", "json", "jsonl", "csv", "md"};

/* A writer that fails after `budget` bytes: the output path must stop
 * cleanly and report the failure, whatever it was writing. */
typedef struct failing {
    size_t budget, written;
    int refused;
} failing;

static int write_failing(void *ctx, const char *p, size_t n)
{
    failing *f = ctx;
    (void)p;
    if (f->written + n > f->budget) {
        f->refused = 1;
        return -1;
    }
    f->written += n;
    return 0;
}

static void render_failing(const yf_profile *p, size_t budget)
{
    for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
        failing state = {budget, 0, 0};
        yf_writer w;
        yf_document doc;
        yf_writer_init(&w, write_failing, &state);
        yf_doc_begin(&doc, yf_renderer_find(formats[f]), &w, NULL, 1);
        yf_doc_profile(&doc, p);
        yf_doc_end(&doc);
        if (yf_writer_finish(&w, NULL) == YF_OK && state.refused)
            abort(); /* success must never follow a lost write */
    }
}

static void render_all(const yf_profile *p)
{
    static const yf_figure cols[] = {0, 5, 10};
    const yf_render_opts ro[3] = {{.summary = 0},
                                  {.summary = 1, .all_layers = 1, .ascii = 1},
                                  {.wide = 1, .columns = cols, .n_columns = 3}};
    for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
        for (int s = 0; s < 3; s++) {
            yf_buf b;
            yf_writer w;
            yf_document doc;
            yf_buf_init(&b);
            yf_writer_init(&w, yf_buf_write, &b);
            yf_doc_begin(&doc, yf_renderer_find(formats[f]), &w, &ro[s], s + 1);
            for (int k = 0; k <= s; k++)
                yf_doc_profile(&doc, p);
            yf_doc_end(&doc);
            (void)yf_writer_finish(&w, NULL);
            yf_buf_release(&b);
        }
    }
}

static void diff_all(const yf_profile *a, const yf_profile *b)
{
    yf_diff d;
    yf_error err;
    yf_limit limits[2];
    yf_check checks[2];
    if (yf_limit_make(yf_figure_find("gflops"), "1", 0, "--max-gflops", &limits[0], &err) ||
        yf_limit_make(yf_figure_find("params"), "5%", 1, "--max-increase", &limits[1], &err) ||
        yf_diff_compute(a, b, NULL, &d, &err))
        return;
    d.n_checks = yf_checks_eval(limits, 2, a, b, checks);
    d.checks = checks;
    for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
        yf_buf buf;
        yf_writer w;
        yf_document doc;
        const yf_render_opts ro = {.all_layers = f == 0};
        yf_buf_init(&buf);
        yf_writer_init(&w, yf_buf_write, &buf);
        yf_doc_begin(&doc, yf_renderer_find(formats[f]), &w, &ro, 1);
        yf_doc_diff(&doc, &d);
        yf_doc_end(&doc);
        (void)yf_writer_finish(&w, NULL);
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
    yf_profile p[2];
    for (int i = 0; i < 2; i++) {
        yf_error err;
        m[i] = yf_model_load_buffer((const char *)data, size, "fuzz.cfg", &opts[i], &err);
        p[i] = (yf_profile){.model = m[i]};
        if (m[i]) {
            render_all(&p[i]);
            render_failing(&p[i], size * 7 % 20000);
        } else {
            char msg[1024];
            yf_error_format(&err, msg, sizeof(msg));
        }
    }
    if (m[0]) {
        diff_all(&p[0], &p[0]);
        if (m[1])
            diff_all(&p[0], &p[1]);
    }
    yf_model_free(m[0]);
    yf_model_free(m[1]);
    return 0;
}
