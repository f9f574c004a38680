/* libFuzzer target: the whole path on arbitrary bytes — lex, build, shapes,
 * costs, memory, every output format, budgets, and `diff` of the input
 * against itself and against itself at another size — at the cfg's own size
 * and at a large override that drives the overflow checks. Must never crash,
 * leak or hit undefined behaviour; errors are fine. Two oracles abort on a
 * wrong number: a what-if (--classes, --width, and a '#set T.K=V' line of
 * the input as --set) must profile as the cfg it emits, and every row of a
 * size sweep must equal a build at that size. */
#include "yoloflops.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const formats[] = {"table", "json", "jsonl", "csv", "md", "html"};

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

/* The what-if oracle: edits applied, emitted, loaded again: same totals. */
static void whatif(const char *text, size_t size, const yf_model *m)
{
    yf_edit_list l;
    yf_error err;
    yf_edit_list_init(&l, NULL);
    (void)yf_whatif_classes(m, 3, "--classes 3", &l, &err);
    (void)yf_whatif_width(m, 0.5, 8, "--width 0.5", &l, &err);
    const char *set = NULL;
    for (size_t i = 0; i + 5 <= size && !set; i++)
        if (memcmp(text + i, "#set ", 5) == 0)
            set = text + i;
    if (set) {
        char edit[128];
        size_t n = 0;
        for (const char *p = set + 5; p < text + size && *p != '\n' && n < sizeof(edit) - 1; p++)
            edit[n++] = *p;
        edit[n] = '\0';
        if (yf_edit_check(edit, &err) == YF_OK)
            (void)yf_edit_list_add(&l, "--set", "%s", edit);
    }
    yf_options o = {.edits = l.items, .n_edits = l.n, .keep_cfg = 1};
    yf_model *e = yf_model_load_buffer(text, size, "fuzz.cfg", &o, &err);
    if (e) {
        yf_model *again = yf_model_load_buffer(e->cfg_text, e->cfg_len, "emitted.cfg", NULL, &err);
        if (!again || memcmp(&again->totals, &e->totals, sizeof(yf_totals)) != 0 ||
            again->n_layers != e->n_layers)
            abort(); /* the emitted cfg is not what was profiled */
        (void)yf_whatif_check(m, e, "--width 0.5", &err);
        yf_model_free(again);
    }
    yf_model_free(e);
    yf_edit_list_release(&l);
}

/* The sweep oracle: 12 sizes of one residue class (enough to fit). */
static void sweep(const char *text, size_t size)
{
    yf_size sizes[12];
    for (int k = 0; k < 12; k++)
        sizes[k] = (yf_size){32 * (k + 1), 32 * (k % 3 ? k + 1 : 12 - k)};
    yf_error err;
    yf_sweep *s = yf_sweep_new(text, size, "fuzz.cfg", NULL, sizes, 12, &err);
    for (int k = 0; s && k < 12; k++) {
        yf_sweep_row r;
        if (yf_sweep_at(s, k, &r))
            break;
        yf_options o = {.width = sizes[k].w, .height = sizes[k].h};
        yf_model *m = yf_model_load_buffer(text, size, "fuzz.cfg", &o, &err);
        if (!m != (r.status != YF_OK))
            abort(); /* a size builds in one and not the other */
        if (m && memcmp(&m->totals, &r.model.totals, sizeof(yf_totals)) != 0)
            abort(); /* the closed form differs from a build */
        yf_model_free(m);
    }
    yf_sweep_free(s);
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
        whatif((const char *)data, size, m[0]);
        if (size % 4 == 0)
            sweep((const char *)data, size);
    }
    yf_model_free(m[0]);
    yf_model_free(m[1]);
    return 0;
}
