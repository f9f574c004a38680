/* The command line: one option table drives parsing and --help (git's
 * parse-options); subcommands come from a table (git's commands[]). */
#include "cli.h"
#include "cli_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*handler)(cli *c, const char *opt, const char *arg);

typedef struct option {
    const char *name;  /* long name without "--" */
    char short_name;   /* 0 if none */
    const char *arg;   /* argument placeholder, NULL for flags */
    handler fn;
    int commands;      /* CMD_* where it applies */
    const char *help;
} option;

int yf_cli_usage_error(const char *fmt, ...)
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
        return yf_cli_usage_error("%s must be an integer from 1 to %lld, got '%.40s'", opt,
                                  (long long)max, s);
    return YF_OK;
}

static int size_arg(const char *opt, const char *arg, int64_t *w, int64_t *h)
{
    const char *x = strpbrk(arg, "xX");
    if (!x)
        return number(opt, arg, YF_MAX_DIM, w) ? YF_ERR_INPUT : (*h = *w, YF_OK);
    char ws[32];
    int ok = (size_t)(x - arg) < sizeof(ws);
    if (ok) {
        memcpy(ws, arg, (size_t)(x - arg));
        ws[x - arg] = '\0';
        ok = parse_dim(ws, YF_MAX_DIM, w) && parse_dim(x + 1, YF_MAX_DIM, h);
    }
    if (!ok)
        return yf_cli_usage_error("%s must be N or WxH with integers from 1 to %d, got '%.40s'",
                                  opt, YF_MAX_DIM, arg);
    return YF_OK;
}

static int on_input(cli *c, const char *opt, const char *arg)
{
    return size_arg(opt, arg, &c->opt.width, &c->opt.height);
}

static int on_vs_input(cli *c, const char *opt, const char *arg)
{
    return size_arg(opt, arg, &c->vs_w, &c->vs_h);
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
    return yf_cli_usage_error("%s must be fp32, fp16 or int8, got '%.40s'", opt, arg);
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
    return yf_cli_usage_error("%s must be table, json, csv or md, got '%.40s'", opt, arg);
}

static int add_limit(cli *c, const char *origin, yf_figure f, const char *q, int increase)
{
    double v;
    int pct;
    if (c->n_limits >= MAX_LIMITS)
        return yf_cli_usage_error("more than %d budgets", MAX_LIMITS);
    if (yf_quantity_parse(q, &v, &pct) || (pct && !increase))
        return yf_cli_usage_error("%s needs a number with an optional suffix (25M, 1.5G, 64MiB%s), "
                                  "got '%.40s'",
                                  origin, increase ? ", 5%" : "", q);
    c->limits[c->n_limits++] = (yf_limit){f, v, pct, increase, origin};
    return YF_OK;
}

/* --max-<figure> Q: the figure is named by the option itself. */
static int on_max(cli *c, const char *opt, const char *arg)
{
    static const struct { const char *opt; yf_figure f; } map[] = {
        {"--max-params", YF_FIG_PARAMS}, {"--max-gflops", YF_FIG_GFLOPS},
        {"--max-bflops", YF_FIG_BFLOPS}, {"--max-weights-bytes", YF_FIG_WEIGHTS_FILE_BYTES},
        {"--max-peak-memory", YF_FIG_PEAK_MEMORY}};
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(opt, map[i].opt) == 0)
            return add_limit(c, map[i].opt, map[i].f, arg, 0);
    return YF_ERR_INPUT;
}

static int on_max_increase(cli *c, const char *opt, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char name[40];
    yf_figure f;
    if (!eq || (size_t)(eq - arg) >= sizeof(name))
        return yf_cli_usage_error("%s needs FIGURE=LIMIT (e.g. gflops=5%%), got '%.40s'", opt, arg);
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    if (yf_figure_parse(name, &f))
        return yf_cli_usage_error("%s: unknown figure '%s' (params, params_fused, weights_bytes, "
                                  "bflops, gflops, gflops_fused, peak_memory, boxes)",
                                  opt, name);
    return add_limit(c, "--max-increase", f, eq + 1, 1);
}

static int on_budget(cli *c, const char *opt, const char *arg)
{
    FILE *f = fopen(arg, "rb");
    if (!f)
        return yf_cli_usage_error("%s: cannot open '%s': %s", opt, arg, strerror(errno));
    char buf[65537];
    yf_error err;
    size_t n = fread(buf, 1, sizeof(buf), f);
    int bad = ferror(f);
    fclose(f);
    if (bad || n == sizeof(buf))
        return yf_cli_usage_error("%s: cannot read '%s' (or larger than 64 KiB)", opt, arg);
    int added = 0;
    if (yf_budget_parse(buf, n, c->limits + c->n_limits, MAX_LIMITS - c->n_limits, &added, &err))
        return yf_cli_usage_error("%s: %s: %s", opt, arg, err.message);
    c->n_limits += added;
    return YF_OK;
}

#define FLAG(field)                                                                              \
    static int on_##field(cli *c, const char *opt, const char *arg)                            \
    {                                                                                          \
        (void)opt, (void)arg;                                                                  \
        c->field = 1;                                                                          \
        return YF_OK;                                                                          \
    }
FLAG(quiet)
FLAG(help)
FLAG(version)
FLAG(exit_code)

static int on_summary(cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->ro.summary = 1;
    return YF_OK;
}

static int on_all(cli *c, const char *opt, const char *arg)
{
    (void)opt, (void)arg;
    c->ro.all_layers = 1;
    return YF_OK;
}

static const option options[] = {
    {"input", 'i', "N|WxH", on_input, CMD_ALL, "input size, overriding [net] width/height"},
    {"channels", 0, "N", on_channels, CMD_ALL, "input channels, overriding [net] channels"},
    {"batch", 'b', "N", on_batch, CMD_PROFILE | CMD_DIFF,
     "images per forward pass: scales MACs and memory (default 1)"},
    {"precision", 'p', "P", on_precision, CMD_PROFILE | CMD_DIFF,
     "bytes per element for memory: fp32 (default), fp16, int8"},
    {"format", 'f', "F", on_format, CMD_ALL, "output: table (default), json, csv, md"},
    {"summary", 's', NULL, on_summary, CMD_PROFILE | CMD_DIFF, "totals only, no per-layer rows"},
    {"quiet", 'q', NULL, on_quiet, CMD_ALL, "do not print warnings"},
    {"vs-input", 0, "N|WxH", on_vs_input, CMD_DIFF, "diff: input size of the second side"},
    {"all", 'a', NULL, on_all, CMD_DIFF, "diff: list unchanged layers too"},
    {"exit-code", 0, NULL, on_exit_code, CMD_DIFF, "diff: exit 1 when the figures differ"},
    {"max-params", 0, "Q", on_max, CMD_PROFILE | CMD_DIFF, "budget: trainable parameters"},
    {"max-gflops", 0, "Q", on_max, CMD_PROFILE | CMD_DIFF, "budget: GFLOPs (thop/Ultralytics)"},
    {"max-bflops", 0, "Q", on_max, CMD_PROFILE | CMD_DIFF, "budget: BFLOPs (Darknet)"},
    {"max-weights-bytes", 0, "Q", on_max, CMD_PROFILE | CMD_DIFF,
     "budget: size of the .weights file"},
    {"max-peak-memory", 0, "Q", on_max, CMD_PROFILE | CMD_DIFF,
     "budget: peak activation bytes"},
    {"max-increase", 0, "FIG=Q", on_max_increase, CMD_DIFF,
     "diff budget on the change, e.g. gflops=5% or params=1M"},
    {"budget", 0, "FILE", on_budget, CMD_PROFILE | CMD_DIFF, "budgets from a JSON file"},
    {"help", 'h', NULL, on_help, CMD_ALL, "show this help and exit"},
    {"version", 0, NULL, on_version, CMD_ALL, "show the version and exit"},
};

typedef struct command {
    const char *name;
    int id;
    int (*run)(cli *c);
    const char *usage;
} command;

static const command commands[] = {
    {"", CMD_PROFILE, yf_cli_profile, "  yoloflops [options] <cfg>...\n"},
    {"diff", CMD_DIFF, yf_cli_diff,
     "  yoloflops diff [options] <a.cfg> <b.cfg>\n"
     "  yoloflops diff [options] <cfg> --input A --vs-input B\n"},
    {"check", CMD_CHECK, yf_cli_check, "  yoloflops check [options] <cfg> <file.weights>\n"},
};

static void print_help(int cmd)
{
    printf("usage:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (cmd == CMD_PROFILE || commands[i].id == cmd)
            printf("%s", commands[i].usage);
    printf("\nProfiles Darknet .cfg networks: parameters, FLOPs and memory per layer and in total,\n"
           "exactly as Darknet (BFLOPs) and ultralytics-thop (MACs, GFLOPs) count them. 'diff'\n"
           "compares two cfgs (or one at two sizes); 'check' compares a .weights file with a cfg.\n"
           "Budgets take SI or binary suffixes: 25M, 1.5G, 64MiB.\n\noptions:\n");
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        const option *o = &options[i];
        if (!(o->commands & cmd))
            continue;
        char left[48];
        if (o->short_name)
            snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        printf("  %-26s %s\n", left, o->help);
    }
    printf("\nexit status:\n"
           "  0  success (warnings do not change it)\n"
           "  1  a requested check failed: a budget, 'diff --exit-code', or a .weights mismatch\n"
           "  2  invalid input: a cfg, an option, a number or an unreadable file\n"
           "\nSee docs/usage.md, docs/ci.md, docs/formulas.md and docs/json.md.\n");
}

static const option *find(const char *a, const char **inline_arg)
{
    *inline_arg = NULL;
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        const option *o = &options[i];
        size_t n = strlen(o->name);
        if (a[1] == '-' && strncmp(a + 2, o->name, n) == 0 &&
            (a[2 + n] == '\0' || a[2 + n] == '=')) {
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

static const char *command_name(int id)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (commands[i].id == id)
            return commands[i].name[0] ? commands[i].name : "profiling";
    return "?";
}

static int parse_args(cli *c, int argc, char **argv, int first)
{
    int only_files = 0;
    for (int i = first; i < argc; i++) {
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
            return yf_cli_usage_error("unknown option '%s'", a);
        char name[40];
        snprintf(name, sizeof(name), "--%s", o->name);
        if (!(o->commands & c->command))
            return yf_cli_usage_error("option '%s' does not apply to %s", name,
                                      command_name(c->command));
        if (o->arg && !arg) {
            if (i + 1 >= argc)
                return yf_cli_usage_error("option '%s' needs a value (%s)", a, o->arg);
            arg = argv[++i];
        } else if (!o->arg && arg) {
            return yf_cli_usage_error("option '%s' takes no value", a);
        }
        if (o->fn(c, name, arg))
            return YF_ERR_INPUT;
    }
    return YF_OK;
}

int yf_cli_main(int argc, char **argv)
{
    cli c = {.command = CMD_PROFILE};
    const command *cmd = &commands[0];
    int first = 1;
    for (size_t i = 1; argc > 1 && i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            cmd = &commands[i];
            first = 2;
        }
    c.command = cmd->id;
    c.files = calloc((size_t)argc + 1, sizeof(char *));
    int status = c.files ? parse_args(&c, argc, argv, first) : YF_ERR_INPUT;
    if (status == YF_OK && c.help)
        print_help(c.command);
    else if (status == YF_OK && c.version)
        printf("yoloflops %s\n", YF_VERSION);
    else if (status == YF_OK)
        status = cmd->run(&c);
    free(c.files);
    return status;
}
