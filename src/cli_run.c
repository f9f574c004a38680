/* The CLI's commands: profile, diff and check. Results to stdout,
 * diagnostics to stderr, exit codes from yoloflops.h. */
#include "cli_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_warnings(const yf_model *m)
{
    for (int i = 0; i < m->n_warnings; i++)
        fprintf(stderr, "%s:%d: warning: %s\n", m->name, m->warnings[i].line,
                m->warnings[i].message);
}

static yf_model *load(const cli *c, const char *path, const yf_options *opt)
{
    yf_error err;
    yf_model *m = yf_model_load_file(path, opt, &err);
    if (!m) {
        char msg[1024];
        yf_error_format(&err, msg, sizeof(msg));
        fprintf(stderr, "%s\n", msg);
        if (err.line == 0 && (strcmp(path, "diff") == 0 || strcmp(path, "check") == 0))
            fprintf(stderr, "yoloflops: note: '%s' is a command only as the first argument: "
                            "yoloflops %s [options] ...\n", path, path);
    } else if (!c->quiet) {
        print_warnings(m);
    }
    return m;
}

static int emit(yf_buf *out, int status, const yf_error *err)
{
    if (status == YF_OK)
        fwrite(out->data, 1, out->len, stdout);
    else
        fprintf(stderr, "yoloflops: error: %s\n", err->message);
    yf_buf_release(out);
    return status;
}

/* Evaluates the budgets; prints each failure on stderr. Returns the number
 * of failed checks. `checks` must hold MAX_LIMITS entries. */
static int run_checks(const cli *c, const char *name, const yf_totals *before,
                      const yf_totals *after, yf_check *checks, int *n)
{
    int failed = 0;
    *n = yf_checks_eval(c->limits, c->n_limits, before, after, checks);
    for (int i = 0; i < *n; i++) {
        if (checks[i].ok)
            continue;
        yf_buf line;
        yf_buf_init(&line);
        yf_render_check_reason(&checks[i], &line);
        fprintf(stderr, "%s: budget exceeded: %s\n", name, line.data ? line.data : "");
        yf_buf_release(&line);
        failed++;
    }
    return failed;
}

int yf_cli_profile(cli *c)
{
    if (c->n_files == 0)
        return yf_cli_usage_error("no cfg file given");
    yf_model **models = calloc((size_t)c->n_files, sizeof(*models));
    yf_check *checks = calloc((size_t)c->n_files * MAX_LIMITS, sizeof(*checks));
    int status = models && checks ? YF_OK : YF_ERR_INPUT, failed = 0;
    for (int i = 0; status != YF_ERR_INPUT && models && i < c->n_files; i++)
        if (!(models[i] = load(c, c->files[i], &c->opt)))
            status = YF_ERR_INPUT;
    for (int i = 0; status == YF_OK && i < c->n_files; i++) {
        yf_check *mine = checks + (size_t)i * MAX_LIMITS;
        failed += run_checks(c, models[i]->name, NULL, &models[i]->totals, mine,
                             &models[i]->n_checks);
        models[i]->checks = mine;
    }
    if (status == YF_OK) {
        yf_buf out;
        yf_error err;
        yf_buf_init(&out);
        yf_error_clear(&err);
        status = emit(&out, yf_render(c->format, models, c->n_files, &c->ro, &out, &err), &err);
    }
    for (int i = 0; models && i < c->n_files; i++)
        yf_model_free(models[i]);
    free(models);
    free(checks);
    return status ? status : failed ? YF_ERR_CHECK : YF_OK;
}

int yf_cli_diff(cli *c)
{
    int two = c->n_files == 2;
    if (c->n_files < 1 || c->n_files > 2 || (!two && !c->vs_w))
        return yf_cli_usage_error("diff needs two cfgs, or one cfg and --vs-input");
    yf_options ob = c->opt;
    if (c->vs_w) {
        ob.width = c->vs_w;
        ob.height = c->vs_h;
    }
    yf_model *a = load(c, c->files[0], &c->opt);
    yf_model *b = a ? load(c, c->files[two], &ob) : NULL;
    int status = a && b ? YF_OK : YF_ERR_INPUT, failed = 0;
    yf_diff d;
    yf_error err;
    yf_check checks[MAX_LIMITS];
    yf_error_clear(&err);
    if (status == YF_OK && (status = yf_diff_compute(a, b, &d, &err)) != YF_OK)
        fprintf(stderr, "yoloflops: error: %s\n", err.message);
    if (status == YF_OK) {
        failed = run_checks(c, b->name, &a->totals, &b->totals, checks, &d.n_checks);
        d.checks = checks;
        yf_buf out;
        yf_buf_init(&out);
        status = emit(&out, yf_render_diff(c->format, &d, &c->ro, &out, &err), &err);
        if (c->exit_code && yf_diff_differs(&d))
            failed++;
        yf_diff_release(&d);
    }
    yf_model_free(a);
    yf_model_free(b);
    return status ? status : failed ? YF_ERR_CHECK : YF_OK;
}

int yf_cli_check(cli *c)
{
    if (c->n_files != 2)
        return yf_cli_usage_error("check needs a cfg and a .weights file");
    yf_model *m = load(c, c->files[0], &c->opt);
    if (!m)
        return YF_ERR_INPUT;
    yf_weights_report r;
    yf_error err;
    int status = yf_weights_check(m, c->files[1], &r, &err);
    if (status) {
        char msg[1024];
        yf_error_format(&err, msg, sizeof(msg));
        fprintf(stderr, "%s\n", msg);
    } else {
        yf_buf out;
        yf_buf_init(&out);
        status = emit(&out, yf_render_weights(c->format, m, c->files[1], &r, &out, &err), &err);
    }
    yf_model_free(m);
    return status ? status : r.status != YF_WEIGHTS_MATCH ? YF_ERR_CHECK : YF_OK;
}
