/* yoloflops [options] <cfg>...: every cfg is profiled and written as soon as
 * it is done (one model in memory at a time); a cfg that fails gets its
 * error on stderr (and an error element in JSON) and the others go on, as
 * `gcc a.c b.c` does. Exit: 3 if the output failed, else 2 if any cfg
 * failed, else 1 if a budget failed. */
#include "cli.h"

#include <stdlib.h>

typedef struct ranked {
    double v;
    int i;
} ranked;

static int by_value(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->v != b->v)
        return a->v < b->v ? 1 : -1;
    return a->i - b->i;
}

/* --sort and --top: the layers to list, in order; NULL when all in order. */
static int *order(const cli *c, const yf_profile *p, int *n, int *oom)
{
    int total = p->model->n_layers;
    *oom = 0;
    if (c->sort < 0 && (c->top == 0 || c->top >= total))
        return NULL;
    ranked *r = malloc(sizeof(*r) * (size_t)(total + 1));
    int *idx = malloc(sizeof(int) * (size_t)(total + 1));
    if (!r || !idx) {
        free(r);
        free(idx);
        *oom = 1;
        return NULL;
    }
    for (int i = 0; i < total; i++) {
        yf_value v = c->sort >= 0 ? yf_figure_value(p, c->sort, i) : (yf_value){0};
        r[i] = (ranked){v.kind == YF_NONE ? -1e300 : yf_value_real(v), i};
    }
    if (c->sort >= 0)
        qsort(r, (size_t)total, sizeof(*r), by_value);
    *n = c->top && c->top < total ? (int)c->top : total;
    for (int k = 0; k < *n; k++)
        idx[k] = r[k].i;
    free(r);
    return idx;
}

/* Profiles one loaded model: latency estimates, budgets, rows, rendering. */
static int one(const cli *c, const cli_devices *dv, yf_document *doc, const yf_model *m,
               int *failed_checks)
{
    yf_check checks[MAX_CHECKS];
    yf_profile p = {.model = m, .ptflops_backend = c->ptflops_backend};
    cli_latency lat;
    int oom, status = yf_cli_latency(c, dv, m, &p, &lat);
    if (status)
        return status;
    *failed_checks += yf_cli_checks(c, m->name, NULL, &p, checks, &p.n_checks);
    *failed_checks += yf_cli_device_checks(c, m->name, &p, checks, &p.n_checks, MAX_CHECKS);
    p.checks = checks;
    int *rows = order(c, &p, &p.n_order, &oom);
    if (oom) {
        fprintf(stderr, "yoloflops: error: out of memory\n");
        yf_cli_latency_release(&lat);
        return EXIT_OUTPUT;
    }
    p.order = rows;
    yf_doc_profile(doc, &p);
    free(rows);
    yf_cli_latency_release(&lat);
    return EXIT_OK;
}

int yf_cmd_profile(cli *c)
{
    if (c->n_files == 0)
        return yf_cli_usage_error(c, "no cfg file given");
    cli_devices dv;
    int opened = yf_cli_devices_open(c, &dv);
    if (opened)
        return opened;
    if (c->calibrate > 0) {
        opened = yf_cli_calibrate(c, &dv);
        yf_cli_devices_close(&dv);
        return opened;
    }
    yf_writer w;
    yf_document doc;
    yf_cli_stdout(&w);
    yf_doc_begin(&doc, c->format, &w, &c->ro, c->n_files);
    int bad_input = 0, failed_checks = 0;
    for (int i = 0; i < c->n_files; i++) {
        yf_error err;
        yf_model *m = yf_cli_load(c, c->files[i], &c->opt, &err);
        int status = EXIT_OK;
        if (m) {
            status = one(c, &dv, &doc, m, &failed_checks);
            yf_model_free(m);
        } else {
            yf_doc_failure(&doc, &err);
            bad_input = 1;
            status = err.code == YF_ERR_NOMEM ? EXIT_OUTPUT : EXIT_OK;
        }
        if (status || yf_cli_flush(&w)) {
            yf_cli_devices_close(&dv);
            return EXIT_OUTPUT;
        }
    }
    yf_cli_devices_close(&dv);
    yf_doc_end(&doc);
    if (yf_cli_flush(&w))
        return EXIT_OUTPUT;
    return bad_input ? EXIT_INPUT : failed_checks ? EXIT_CHECK : EXIT_OK;
}
