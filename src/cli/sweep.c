/* yoloflops --input 320:1280:32 cfg (or a list): one row per input size
 * with every total, per cfg. The cfg's own warnings are printed once; what
 * depends on the size (a stride that truncates grids, a size Darknet
 * refuses, a budget exceeded) is in the rows and summed up on stderr.
 * Exit: 2 when the cfg builds at none of the sizes, 1 when a budget fails
 * at any size, else 0 (sizes that do not build are reported, not fatal;
 * --strict makes them fatal). */
#include "cli.h"

#include <stdlib.h>

/* Says on stderr what the rows hold that a reader of stdout may miss. */
static int summary(const cli *c, const char *name, const yf_sweep *s)
{
    yf_sweep_stats st;
    yf_sweep_get_stats(s, &st);
    if (!c->quiet && st.off_stride)
        yf_cli_eprint("%s: warning: %d of %d sizes are not a multiple of every head's stride: "
                        "their grids are truncated (the stride column says 'no')",
                name, st.off_stride, st.rows);
    if (!c->quiet && st.failed)
        yf_cli_eprint("%s: warning: %d of %d sizes do not build (their rows give the error)",
                name, st.failed, st.rows);
    if (st.over_budget)
        yf_cli_eprint("%s: budget exceeded at %d of %d sizes (see the rows)", name,
                st.over_budget, st.rows);
    if (c->strict && (st.off_stride || st.failed)) {
        yf_cli_eprint("%s: error: sizes that warn or fail treated as errors (--strict)",
                name);
        return EXIT_INPUT;
    }
    return st.over_budget ? EXIT_CHECK : EXIT_OK;
}

/* Each row's latency estimate on the device (a sweep with --device). */
typedef struct estimate {
    const cli *c;
    const cli_devices *dv;
    yf_latency *lat;
    yf_error err;
} estimate;

static int estimate_row(void *ctx, const yf_model *m, yf_sweep_row *row)
{
    estimate *e = ctx;
    yf_latency_free(e->lat);
    e->lat = NULL;
    if (yf_cli_estimate(e->c, e->dv, m, &e->lat, &e->err))
        return e->err.code;
    row->profile.latency = e->lat;
    return YF_OK;
}

int yf_cli_sweep(cli *c, const cli_devices *dv, yf_document *doc, const char *path)
{
    if (dv->n > 1)
        return yf_cli_usage_error(c, "a size sweep estimates one device, got %d", dv->n);
    char *buf = NULL;
    size_t len = 0;
    yf_error err;
    if (yf_file_read(path, NULL, &buf, &len, &err)) {
        yf_cli_print_error(&err);
        yf_doc_failure(doc, &err);
        return err.code == YF_ERR_NOMEM ? EXIT_OUTPUT : EXIT_INPUT;
    }
    char name[256];
    snprintf(name, sizeof(name), "%s", err.file);
    yf_edit_list list;
    yf_edit_list_init(&list, NULL);
    yf_model *before = NULL;
    yf_sweep *s = NULL;
    int status = yf_cli_edits(c, buf, len, name, &c->opt, &list, &before, &err);
    if (!status) {
        yf_options opt = c->opt;
        opt.edits = list.items;
        opt.n_edits = list.n;
        s = yf_sweep_new(buf, len, name, &opt, c->sizes, c->n_sizes, &err);
        status = s ? yf_cli_check_edits(c, before, yf_sweep_model(s), &err) : err.code;
    }
    int code = EXIT_OK;
    if (status) {
        yf_cli_print_error(&err);
        yf_doc_failure(doc, &err);
        code = status == YF_ERR_NOMEM ? EXIT_OUTPUT : EXIT_INPUT;
    } else if ((status = yf_cli_print_cfg_warnings(c, yf_sweep_model(s), 1)) && c->strict) {
        yf_cli_eprint("%s: error: %d warning%s treated as errors (--strict)", name, status,
                status == 1 ? "" : "s");
        yf_doc_failure(doc, &err);
        code = EXIT_INPUT;
    } else {
        estimate e = {.c = c, .dv = dv};
        if (dv->n && !yf_cli_estimate(c, dv, yf_sweep_model(s), &e.lat, &e.err)) {
            char note[512]; /* what every row's time is, said once */
            yf_sweep_set_note(s, yf_latency_note(e.lat, note, sizeof(note)));
        }
        if (dv->n)
            yf_sweep_on_row(s, estimate_row, &e, YF_FIG_DEVICE);
        yf_sweep_budgets(s, c->limits, c->n_limits, c->ptflops_backend);
        yf_doc_sweep(doc, s, c->sizes, c->n_sizes);
        yf_latency_free(e.lat);
        code = summary(c, name, s);
    }
    yf_sweep_free(s);
    yf_model_free(before);
    yf_edit_list_release(&list);
    free(buf);
    return code;
}
