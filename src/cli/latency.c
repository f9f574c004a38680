/* The latency estimate on the command line: --device and --device-spec
 * resolved once per run (with --fitted constants when given), the estimate
 * of every cfg on every device, budgets on each device's figures, and
 * --calibrate. Errors are one line on stderr and exit 2. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FILE = 1 << 20 };

/* The precision of the estimate: --precision, else the runtime's default. */
static yf_latency_opts options_of(const cli *c)
{
    yf_latency_opts o = c->lat;
    o.precision = c->compute_precision - 1; /* -1: the runtime's default on the device */
    return o;
}

static int fail(const char *what, const char *message)
{
    yf_cli_eprint("yoloflops: error: %s: %s", what, message);
    return EXIT_INPUT;
}

/* A whole file into a malloc'd buffer (at most MAX_FILE bytes), read as
 * cfgs are (regular files only, never blocking on a FIFO). */
static char *slurp(const char *what, const char *path, size_t *len)
{
    yf_error err;
    yf_error_clear(&err);
    char *buf = yf_cli_read_file(path, MAX_FILE, len, &err);
    if (!buf)
        yf_cli_eprint("yoloflops: error: %s: %s: %s", what, path, err.message);
    return buf;
}

/* Options that mean nothing without a device. */
static int needs_device(const cli *c)
{
    static const char *const msg = "needs --device or --device-spec";
    for (int i = 0; i < c->n_limits; i++)
        if (yf_figure_get(c->limits[i].figure)->flags & YF_FIG_DEVICE)
            return yf_cli_usage_error(c, "'%s' %s", c->limits[i].origin, msg);
    for (int i = 0; i < c->ro.n_columns; i++)
        if (yf_figure_get(c->ro.columns[i])->flags & YF_FIG_DEVICE)
            return yf_cli_usage_error(c, "'--columns %s' %s",
                                      yf_figure_get(c->ro.columns[i])->name, msg);
    if (c->sort >= 0 && (yf_figure_get(c->sort)->flags & YF_FIG_DEVICE))
        return yf_cli_usage_error(c, "'--sort %s' %s", yf_figure_get(c->sort)->name, msg);
    const char *opt = c->calibrate > 0       ? "--calibrate"
                      : c->lat.runtime       ? "--runtime"
                      : c->lat.nms           ? "--nms"
                      : c->lat.nms_keep > 0  ? "--nms-keep"
                      : c->lat.frame_w       ? "--frame"
                      : c->ro.kernels        ? "--kernels"
                      : c->fitted            ? "--fitted"
                                             : NULL;
    return opt ? yf_cli_usage_error(c, "'%s' %s", opt, msg) : EXIT_OK;
}

static int open_db(const cli *c, cli_devices *d)
{
    yf_error err;
    size_t len = 0;
    char *text = c->fitted ? slurp("'--fitted'", c->fitted, &len) : NULL;
    if (c->fitted && !text)
        return EXIT_INPUT;
    int status = yf_latency_db_new(text, len, NULL, &d->db, &err);
    free(text);
    if (status == YF_ERR_NOMEM)
        return fail("'--fitted'", "out of memory"), EXIT_OUTPUT;
    if (status) {
        yf_cli_eprint("yoloflops: error: '--fitted': %s: %s", c->fitted, err.message);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* --device-spec: inline key=value or JSON text, else a file. */
static int add_spec(cli_devices *d, const char *arg)
{
    yf_error err;
    int inline_text = strchr(arg, '=') || arg[0] == '{';
    size_t len = strlen(arg);
    char *text = inline_text ? NULL : slurp("'--device-spec'", arg, &len);
    if (!inline_text && !text)
        return EXIT_INPUT;
    int status = yf_device_spec_parse(text ? text : arg, len, NULL, &d->list[d->n], &err);
    free(text);
    if (status) {
        char what[300];
        snprintf(what, sizeof(what), "'--device-spec'%s%.200s", inline_text ? "" : ": ",
                 inline_text ? "" : arg);
        return status == YF_ERR_NOMEM ? (fail(what, err.message), EXIT_OUTPUT)
                                      : fail(what, err.message);
    }
    d->n++;
    return EXIT_OK;
}

/* --device a,b,c */
static int add_ids(cli_devices *d, const char *arg)
{
    char id[64];
    yf_error err;
    for (const char *s = arg; *s;) {
        size_t n = strcspn(s, ",");
        if (n == 0 || n >= sizeof(id))
            return fail("'--device'", "needs device ids separated by commas");
        if (d->n >= MAX_DEVICES)
            return fail("'--device'", "too many devices");
        memcpy(id, s, n);
        id[n] = '\0';
        if (yf_device_find(d->db, id, &d->list[d->n], &err))
            return fail("'--device'", err.message);
        d->n++;
        s += n + (s[n] == ',');
    }
    return EXIT_OK;
}

int yf_cli_devices_open(const cli *c, cli_devices *d)
{
    *d = (cli_devices){0};
    if (!c->n_device_args && c->command != CMD_DEVICES)
        return needs_device(c);
    int status = open_db(c, d);
    for (int i = 0; !status && i < c->n_device_args; i++)
        status = c->device_is_spec[i] ? add_spec(d, c->device_args[i])
                                      : add_ids(d, c->device_args[i]);
    yf_latency_opts o = options_of(c);
    for (int i = 0; !status && i < d->n; i++) {
        yf_error err;
        const char *rt;
        int prec;
        char why[200];
        if (yf_latency_check(d->db, &d->list[i], &o, &rt, &prec, why, sizeof(why), &err))
            status = fail(c->lat.runtime ? "'--runtime'" : "'--device'", err.message);
        else if (why[0])
            yf_cli_eprint("yoloflops: warning: %s", why);
    }
    if (!status && c->command == CMD_DIFF && d->n > 1)
        status = yf_cli_usage_error(c, "diff estimates one device, got %d", d->n);
    if (status)
        yf_cli_devices_close(d);
    return status;
}

void yf_cli_devices_close(cli_devices *d)
{
    yf_latency_db_free(d->db);
    d->db = NULL;
}

int yf_cli_latency(const cli *c, const cli_devices *d, const yf_model *m, yf_profile *p,
                   cli_latency *out)
{
    yf_error err;
    yf_latency_opts o = options_of(c);
    memset(out, 0, sizeof(*out));
    for (int k = 0; k < d->n; k++) {
        if (yf_latency_new(d->db, m, &d->list[k], &o, &out->lat[k], &err)) {
            yf_cli_eprint("yoloflops: error: %s: device '%s': %s", m->name, d->list[k].id,
                    err.message);
            yf_cli_latency_release(out);
            return yf_cli_exit_code(err.code);
        }
        out->view[k] = out->lat[k];
        out->n = k + 1;
    }
    int status = YF_OK;
    if (d->n || c->by == YF_BY_STAGE)
        status = yf_groups_init(&out->stages, m, YF_BY_STAGE, NULL, &err);
    if (!status && c->by == YF_BY_KIND)
        status = yf_groups_init(&out->by, m, YF_BY_KIND, NULL, &err);
    if (status) {
        yf_cli_eprint("yoloflops: error: out of memory");
        yf_cli_latency_release(out);
        return EXIT_OUTPUT;
    }
    p->latency = out->n ? out->lat[0] : NULL;
    p->devices = out->view;
    p->n_devices = out->n;
    p->stages = out->stages.groups ? &out->stages : NULL;
    p->by = c->by == YF_BY_KIND ? &out->by : c->by == YF_BY_STAGE ? &out->stages : NULL;
    return EXIT_OK;
}

int yf_cli_estimate(const cli *c, const cli_devices *d, const yf_model *m, yf_latency **out,
                    yf_error *err)
{
    yf_latency_opts o = options_of(c);
    return yf_latency_new(d->db, m, &d->list[0], &o, out, err);
}

void yf_cli_latency_release(cli_latency *l)
{
    for (int k = 0; k < l->n; k++)
        yf_latency_free(l->lat[k]);
    l->n = 0;
    if (l->stages.groups)
        yf_groups_release(&l->stages);
    if (l->by.groups)
        yf_groups_release(&l->by);
}

int yf_cli_device_checks(const cli *c, const char *name, const yf_profile *p, yf_check *out,
                         int *n, int cap)
{
    int failed = 0;
    if (p->n_devices < 2)
        return 0; /* the first device's checks are named by yf_cli_checks */
    for (int k = 1; k < p->n_devices; k++) {
        yf_profile q = *p;
        q.latency = p->devices[k];
        for (int i = 0; i < c->n_limits && *n < cap; i++) {
            yf_limit l = c->limits[i];
            if (!(yf_figure_get(l.figure)->flags & YF_FIG_DEVICE))
                continue;
            yf_cli_name_device(&l, q.latency->device.id);
            if (yf_checks_eval(&l, 1, NULL, &q, &out[*n]) != 1)
                continue;
            if (!out[*n].ok) {
                yf_buf line;
                yf_writer w;
                yf_buf_init(&line);
                yf_writer_init(&w, yf_buf_write, &line);
                yf_render_check_reason(&w, &out[*n]);
                yf_writer_finish(&w, NULL);
                yf_cli_eprint("%s: budget exceeded: %s", name, line.data ? line.data : "");
                yf_buf_release(&line);
                failed++;
            }
            ++*n;
        }
    }
    return failed;
}

int yf_cli_calibrate(cli *c, const cli_devices *d)
{
    if (d->n != 1)
        return yf_cli_usage_error(c, "'--calibrate' needs exactly one device, got %d", d->n);
    if (c->n_files != 1)
        return yf_cli_usage_error(c, "'--calibrate' needs exactly one cfg, got %d", c->n_files);
    yf_error err;
    yf_model *m = yf_cli_load(c, c->files[0], &c->opt, &err);
    if (!m)
        return yf_cli_exit_code(err.code);
    yf_latency_opts o = options_of(c);
    yf_latency *before = NULL;
    yf_calibration cal = {.model = m, .mode = c->calibrate_mode, .fps_measured = c->calibrate};
    int status = yf_latency_new(d->db, m, &d->list[0], &o, &before, &err);
    if (!status)
        status = yf_latency_calibrate(d->db, m, &d->list[0], &o, c->calibrate, c->calibrate_mode,
                                      &cal.device, &cal.scale, &err);
    if (status) {
        yf_cli_eprint("yoloflops: error: %s: %s", m->name, err.message);
        yf_latency_free(before);
        yf_model_free(m);
        return yf_cli_exit_code(status);
    }
    cal.runtime = before->runtime;
    cal.precision = before->precision;
    cal.fps_before = before->fps;
    yf_writer w;
    yf_document doc;
    yf_cli_stdout(&w);
    yf_doc_begin(&doc, c->format, &w, &c->ro, 1);
    yf_doc_calibration(&doc, &cal);
    yf_doc_end(&doc);
    status = yf_cli_flush(&w);
    yf_latency_free(before);
    yf_model_free(m);
    return status;
}
