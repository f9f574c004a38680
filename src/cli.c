/* One option table drives parsing and --help (git's parse-options). */
#include "cli.h"
#include "yoloflops.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cli {
    yf_options opt;
    yf_format format;
    yf_render_opts ro;
    int quiet, help, version;
    const char **files;
    int n_files;
} cli;

typedef int (*handler)(cli *c, const char *opt, const char *arg);

typedef struct option {
    const char *name;  /* long name without "--" */
    char short_name;   /* 0 if none */
    const char *arg;   /* argument placeholder, NULL for flags */
    handler fn;
    const char *help;
} option;


#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "yoloflops: error: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (see 'yoloflops --help')\n");
    va_end(ap);
    return YF_ERR_INPUT;
}

/* The one number parser of the CLI: whole string, base 10, in [1, max]. */
static int parse_dim(const char *s, int64_t max, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno == ERANGE || v < 1 || v > max)
        return 0;
    *out = v;
    return 1;
}

static int number(const char *opt, const char *s, int64_t max, int64_t *out)
{
    if (!parse_dim(s, max, out))
        return usage_error("%s must be an integer from 1 to %lld, got '%.40s'", opt,
                           (long long)max, s);
    return YF_OK;
}

static int on_input(cli *c, const char *opt, const char *arg)
{
    const char *x = strchr(arg, 'x');
    if (!x)
        x = strchr(arg, 'X');
    if (!x) {
        if (number(opt, arg, YF_MAX_DIM, &c->opt.width))
            return YF_ERR_INPUT;
        c->opt.height = c->opt.width;
        return YF_OK;
    }
    char w[32];
    int64_t width, height;
    int ok = (size_t)(x - arg) < sizeof(w);
    if (ok) {
        memcpy(w, arg, (size_t)(x - arg));
        w[x - arg] = '\0';
        ok = parse_dim(w, YF_MAX_DIM, &width) && parse_dim(x + 1, YF_MAX_DIM, &height);
    }
    if (!ok)
        return usage_error("%s must be N or WxH with integers from 1 to %d, got '%.40s'", opt,
                           YF_MAX_DIM, arg);
    c->opt.width = width;
    c->opt.height = height;
    return YF_OK;
}

static int on_channels(cli *c, const char *opt, const char *arg)
{
    return number(opt, arg, YF_MAX_DIM, &c->opt.channels);
}

static int on_batch(cli *c, const char *opt, const char *arg)
{
    return number(opt, arg, 65536, &c->opt.batch);
}

static int on_precision(cli *c, const char *opt, const char *arg)
{
    static const struct { const char *name; int bytes; } p[] = {
        {"fp32", 4}, {"fp16", 2}, {"int8", 1}};
    for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++)
        if (strcmp(arg, p[i].name) == 0) {
            c->opt.bytes_per_element = p[i].bytes;
            return YF_OK;
        }
    return usage_error("%s must be fp32, fp16 or int8, got '%.40s'", opt, arg);
}

static int on_format(cli *c, const char *opt, const char *arg)
{
    static const struct { const char *name; yf_format f; } f[] = {
        {"table", YF_FMT_TABLE}, {"json", YF_FMT_JSON}, {"csv", YF_FMT_CSV}, {"md", YF_FMT_MD}};
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        if (strcmp(arg, f[i].name) == 0) {
            c->format = f[i].f;
            return YF_OK;
        }
    return usage_error("%s must be table, json, csv or md, got '%.40s'", opt, arg);
}

static int on_summary(cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->ro.summary = 1;
    return YF_OK;
}

static int on_quiet(cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->quiet = 1;
    return YF_OK;
}

static int on_help(cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->help = 1;
    return YF_OK;
}

static int on_version(cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->version = 1;
    return YF_OK;
}

static const option options[] = {
    {"input", 'i', "N|WxH", on_input, "input size, overriding [net] width/height"},
    {"channels", 0, "N", on_channels, "input channels, overriding [net] channels"},
    {"batch", 'b', "N", on_batch, "images per forward pass: scales MACs and memory (default 1)"},
    {"precision", 'p', "P", on_precision, "bytes per element for memory: fp32 (default), fp16, "
                                          "int8"},
    {"format", 'f', "F", on_format, "output: table (default), json, csv, md"},
    {"summary", 's', NULL, on_summary, "totals only, no per-layer rows"},
    {"quiet", 'q', NULL, on_quiet, "do not print warnings"},
    {"help", 'h', NULL, on_help, "show this help and exit"},
    {"version", 0, NULL, on_version, "show the version and exit"},
};

static void print_help(void)
{
    printf("usage: yoloflops [options] <cfg>...\n\n"
           "Profiles Darknet .cfg networks: parameters, FLOPs and memory per layer and in total,\n"
           "exactly as Darknet (BFLOPs) and ultralytics-thop (MACs, GFLOPs) count them.\n\n"
           "options:\n");
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        const option *o = &options[i];
        char left[48];
        snprintf(left, sizeof(left), "%s%c%s--%s%s%s", o->short_name ? "-" : "",
                 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ", o->name,
                 o->arg ? " " : "", o->arg ? o->arg : "");
        printf("  %-28s %s\n", o->short_name ? left : left + 1, o->help);
    }
    printf("\nexit status:\n"
           "  0  success (warnings do not change it)\n"
           "  1  a requested check failed\n"
           "  2  invalid input: a cfg, an option, a number or an unreadable file\n"
           "\nSee docs/usage.md, docs/formulas.md and docs/json.md.\n");
}

static const option *find(const char *a, const char **inline_arg)
{
    *inline_arg = NULL;
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        const option *o = &options[i];
        size_t n = strlen(o->name);
        if (a[1] == '-' && strncmp(a + 2, o->name, n) == 0 && (a[2 + n] == '\0' || a[2 + n] == '=')) {
            *inline_arg = a[2 + n] == '=' ? a + 3 + n : NULL;
            return o;
        }
        if (a[1] != '-' && o->short_name && a[1] == o->short_name) {
            *inline_arg = a[2] ? a + 2 : NULL;
            return o;
        }
    }
    return NULL;
}

static int parse_args(cli *c, int argc, char **argv)
{
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *arg;
        if (only_files || a[0] != '-' || a[1] == '\0') {
            c->files[c->n_files++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_files = 1;
            continue;
        }
        const option *o = find(a, &arg);
        if (!o)
            return usage_error("unknown option '%s'", a);
        if (o->arg && !arg) {
            if (i + 1 >= argc)
                return usage_error("option '%s' needs a value (%s)", a, o->arg);
            arg = argv[++i];
        } else if (!o->arg && arg) {
            return usage_error("option '%s' takes no value", a);
        }
        char name[40];
        snprintf(name, sizeof(name), "--%s", o->name);
        if (o->fn(c, name, arg))
            return YF_ERR_INPUT;
    }
    return YF_OK;
}

static void print_warnings(const yf_model *m)
{
    for (int i = 0; i < m->n_warnings; i++)
        fprintf(stderr, "%s:%d: warning: %s\n", m->name, m->warnings[i].line,
                m->warnings[i].message);
}

static int run(cli *c)
{
    yf_model **models = calloc((size_t)c->n_files, sizeof(*models));
    int status = models ? YF_OK : YF_ERR_INPUT;
    for (int i = 0; models && i < c->n_files; i++) {
        yf_error err;
        models[i] = yf_model_load_file(c->files[i], &c->opt, &err);
        if (!models[i]) {
            char msg[1024];
            yf_error_format(&err, msg, sizeof(msg));
            fprintf(stderr, "%s\n", msg);
            status = YF_ERR_INPUT;
        } else if (!c->quiet) {
            print_warnings(models[i]);
        }
    }
    if (status == YF_OK) {
        yf_buf out;
        yf_error err;
        yf_buf_init(&out);
        yf_error_clear(&err);
        status = yf_render(c->format, models, c->n_files, &c->ro, &out, &err);
        if (status == YF_OK)
            fwrite(out.data, 1, out.len, stdout);
        else
            fprintf(stderr, "yoloflops: error: %s\n", err.message);
        yf_buf_release(&out);
    }
    for (int i = 0; models && i < c->n_files; i++)
        yf_model_free(models[i]);
    free(models);
    return status;
}

int yf_cli_main(int argc, char **argv)
{
    cli c = {0};
    c.files = calloc((size_t)argc + 1, sizeof(char *));
    int status = c.files ? parse_args(&c, argc, argv) : YF_ERR_INPUT;
    if (status == YF_OK && c.help)
        print_help();
    else if (status == YF_OK && c.version)
        printf("yoloflops %s\n", YF_VERSION);
    else if (status == YF_OK && c.n_files == 0)
        status = usage_error("no cfg file given");
    else if (status == YF_OK)
        status = run(&c);
    free(c.files);
    return status;
}
