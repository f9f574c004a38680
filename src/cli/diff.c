/* yoloflops diff a.cfg b.cfg, or one cfg --input A --vs-input B, or one cfg
 * and what-if edits (the cfg as written against the edited one): pairs the
 * layers, checks --max-* on b and --max-increase on b - a, renders. With
 * two cfgs, edits apply to both. */
#include "cli.h"

#include <string.h>

/* Two cfgs whose [net] sections differ run at different sizes unless
 * --input sets one: say so, or the totals mislead. */
static void warn_sizes(const cli *c, const yf_model *a, const yf_model *b)
{
    if (c->quiet || c->opt.width || c->vs_w || c->n_files != 2)
        return;
    if (a->input.w != b->input.w || a->input.h != b->input.h)
        yf_cli_eprint(
                "yoloflops: warning: the two sides run at different input sizes (%lldx%lld and "
                "%lldx%lld) because their [net] sections differ; --input N compares both at N",
                (long long)a->input.w, (long long)a->input.h, (long long)b->input.w,
                (long long)b->input.h);
}

int yf_cmd_diff(cli *c)
{
    int two = c->n_files == 2, edits = yf_cli_has_edits(c);
    if (c->n_sizes)
        return yf_cli_usage_error(c, "diff compares one input size per side: use --input and "
                                     "--vs-input, not a range or list");
    if (c->n_files < 1 || c->n_files > 2 || (!two && !c->vs_w && !edits))
        return yf_cli_usage_error(c, "diff needs two cfgs, or one cfg and --vs-input or what-if "
                                     "edits (--set, --classes, --width)");
    yf_options oa = c->opt, ob = c->opt; /* a diff trains nothing: no copy of the text */
    oa.no_reload = ob.no_reload = 1;
    if (c->vs_w) {
        ob.width = c->vs_w;
        ob.height = c->vs_h;
    }
    yf_error err;
    cli_devices dv;
    cli_latency la, lb;
    int opened = yf_cli_devices_open(c, &dv);
    if (opened)
        return opened;
    yf_model *a = two ? yf_cli_load_edited(c, c->files[0], &oa, &err)
                      : yf_cli_load(c, c->files[0], &oa, &err);
    yf_model *b = a ? yf_cli_load_edited(c, c->files[two], &ob, &err) : NULL;
    if (!a || !b) {
        int code = yf_cli_exit_code(err.code);
        yf_model_free(a);
        yf_cli_devices_close(&dv);
        return code;
    }
    warn_sizes(c, a, b);
    yf_profile pa = {.model = a, .ptflops_backend = c->ptflops_backend};
    yf_profile pb = {.model = b, .ptflops_backend = c->ptflops_backend};
    opened = yf_cli_latency(c, &dv, a, &pa, &la);
    if (!opened && (opened = yf_cli_latency(c, &dv, b, &pb, &lb)) != 0)
        yf_cli_latency_release(&la);
    if (opened) {
        yf_model_free(a);
        yf_model_free(b);
        yf_cli_devices_close(&dv);
        return opened;
    }
    yf_diff d;
    yf_check checks[MAX_LIMITS];
    int status = EXIT_OK, failed = 0;
    yf_error_clear(&err);
    if (yf_diff_compute(&pa, &pb, NULL, &d, &err)) {
        yf_cli_print_error(&err);
        status = yf_cli_exit_code(err.code);
    } else {
        failed = yf_cli_checks(c, b->name, &pa, &pb, checks, &d.n_checks);
        d.checks = checks;
        yf_writer w;
        yf_document doc;
        yf_cli_stdout(&w);
        yf_doc_begin(&doc, c->format, &w, &c->ro, 1);
        yf_doc_diff(&doc, &d);
        yf_doc_end(&doc);
        status = yf_cli_flush(&w);
        if (c->exit_code && yf_diff_differs(&d))
            failed++;
        yf_diff_release(&d);
    }
    yf_cli_latency_release(&la);
    yf_cli_latency_release(&lb);
    yf_cli_devices_close(&dv);
    yf_model_free(a);
    yf_model_free(b);
    return status ? status : failed ? EXIT_CHECK : EXIT_OK;
}
