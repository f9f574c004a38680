/* What the CLI prints and how it ends: standard output through a checked
 * writer, compiler-style diagnostics on stderr, library status -> exit code. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void yf_cli_veprint(const char *fmt, va_list ap)
{
    char line[2048];
    vsnprintf(line, sizeof(line), fmt, ap);
    yf_sanitize(line);
    fputs(line, stderr);
    fputc('\n', stderr);
}

void yf_cli_eprint(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    yf_cli_veprint(fmt, ap);
    va_end(ap);
}

char *yf_cli_read_file(const char *path, size_t cap, size_t *len, yf_error *err)
{
    char *buf;
    int literal = strcmp(path, "-") == 0; /* standard input is the cfgs' */
    if (yf_file_read(literal ? "./-" : path, NULL, &buf, len, err))
        return NULL;
    if (*len > cap) {
        free(buf);
        err->code = YF_ERR_LIMIT;
        snprintf(err->message, sizeof(err->message), "file is larger than %zu bytes", cap);
        return NULL;
    }
    return buf;
}

static int write_stdout(void *ctx, const char *p, size_t n)
{
    (void)ctx;
    if (fwrite(p, 1, n, stdout) != n)
        return -1;
    return fflush(stdout) == 0 ? 0 : -1;
}

void yf_cli_stdout(yf_writer *w)
{
    yf_writer_init(w, write_stdout, NULL);
}

int yf_cli_exit_code(int status)
{
    return status == YF_OK ? EXIT_OK : status == YF_ERR_NOMEM ? EXIT_OUTPUT : EXIT_INPUT;
}

void yf_cli_print_error(const yf_error *err)
{
    char msg[1400];
    yf_error_format(err, msg, sizeof(msg));
    yf_cli_eprint("%s%s", err->file[0] ? "" : "yoloflops: ", msg);
}

int yf_cli_print_warnings(const cli *c, const yf_model *m)
{
    return yf_cli_print_cfg_warnings(c, m, 0);
}

/* Prints the warnings (and notes) and returns how many are warnings: notes
 * say only that Darknet's printout differs, so --strict lets them pass. */
int yf_cli_print_cfg_warnings(const cli *c, const yf_model *m, int cfg_only)
{
    int n = 0;
    for (int i = 0; i < m->n_warnings; i++) {
        if (cfg_only && m->warnings[i].kind != YF_WARN_CFG)
            continue;
        n += m->warnings[i].kind != YF_WARN_PRINTOUT;
        yf_cli_print_warning(c, m->name, &m->warnings[i]);
    }
    return n;
}

void yf_cli_print_warning(const cli *c, const char *file, const yf_warning *w)
{
    char line[1200];
    if (c && c->quiet)
        return;
    yf_warning_format(file, w, line, sizeof(line));
    yf_cli_eprint("%s", line);
}

void yf_cli_lost_warning(void *ctx, const char *file, const yf_warning *w)
{
    yf_cli_print_warning(ctx, file, w);
}

yf_model *yf_cli_strict_fail(yf_model *m, yf_error *err)
{
    int n = 0;
    for (int i = 0; i < m->n_warnings; i++)
        n += m->warnings[i].kind != YF_WARN_PRINTOUT;
    yf_error_clear(err);
    snprintf(err->file, sizeof(err->file), "%s", m->name);
    err->code = YF_ERR_VALUE;
    snprintf(err->message, sizeof(err->message), "%d warning%s treated as errors (--strict)", n,
             n == 1 ? "" : "s");
    yf_cli_print_error(err);
    yf_model_free(m);
    return NULL;
}

yf_model *yf_cli_load(const cli *c, const char *path, const yf_options *opt, yf_error *err)
{
    yf_model *m = yf_model_load_file(path, opt, err);
    if (!m) {
        yf_cli_print_error(err);
        if (err->line == 0 && (strcmp(path, "diff") == 0 || strcmp(path, "check") == 0 ||
                               strcmp(path, "devices") == 0))
            yf_cli_eprint("yoloflops: note: '%s' is a command only as the first argument: "
                            "yoloflops %s [options] ...",
                    path, path);
        return NULL;
    }
    if (yf_cli_print_warnings(c, m) && c->strict)
        return yf_cli_strict_fail(m, err);
    return m;
}

void yf_cli_name_device(yf_limit *l, const char *id)
{
    size_t n = strlen(l->origin);
    snprintf(l->origin + n, sizeof(l->origin) - n, " on %s", id);
}

int yf_cli_checks(const cli *c, const char *name, const yf_profile *before,
                  const yf_profile *after, yf_check *out, int *n)
{
    int failed = 0;
    *n = yf_checks_eval(c->limits, c->n_limits, before, after, out);
    for (int i = 0; i < *n; i++) {
        if (after && after->n_devices > 1 && (yf_figure_get(out[i].limit.figure)->flags &
                                              YF_FIG_DEVICE)) /* which device, of several */
            yf_cli_name_device(&out[i].limit, after->latency->device.id);
        if (out[i].ok)
            continue;
        yf_buf line;
        yf_writer w;
        yf_buf_init(&line);
        yf_writer_init(&w, yf_buf_write, &line);
        yf_render_check_reason(&w, &out[i]);
        yf_writer_finish(&w, NULL);
        yf_cli_eprint("%s: budget exceeded: %s", name, line.data ? line.data : "");
        yf_buf_release(&line);
        failed++;
    }
    return failed;
}

int yf_cli_flush(yf_writer *w)
{
    yf_error err;
    yf_error_clear(&err);
    if (yf_writer_finish(w, &err) == YF_OK)
        return EXIT_OK;
    yf_cli_eprint("yoloflops: error: %s", err.message);
    return EXIT_OUTPUT;
}
