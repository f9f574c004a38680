/* The option table (git's parse-options): one typed row per option — value
 * type, range or choices, the subcommands that accept it, its help — drives
 * parsing, --help and the man page. Budget options (--max-<figure>) come
 * from the figure registry, so a new budget-able figure needs no row here. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef enum type { FLAG, INT, SIZE, CHOICE, CUSTOM } type;

struct option;
typedef int (*handler)(cli *c, const struct option *o, const char *name, const char *arg);

typedef struct option {
    const char *name;         /* long name without "--" */
    char short_name;          /* 0 if none */
    const char *arg;          /* value placeholder, NULL for flags */
    type type;
    size_t field;             /* offset of the int / int64 in cli (FLAG, INT) */
    int64_t min, max;         /* INT */
    const char *const *choices; /* CHOICE: NULL-terminated */
    handler fn;               /* SIZE, CHOICE, CUSTOM */
    int commands;             /* CMD_* where it applies */
    const char *help;
} option;

#define AT(f) offsetof(cli, f)

int yf_cli_usage_error(const cli *c, const char *fmt, ...)
{
    char msg[1600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (c && c->command != CMD_PROFILE)
        yf_cli_eprint("yoloflops: error: %s (see 'yoloflops %s --help')", msg, c->command_name);
    else
        yf_cli_eprint("yoloflops: error: %s (see 'yoloflops --help')", msg);
    return EXIT_INPUT;
}

/* The one number grammar of the library, with the messages cfg values get. */
static int integer(const cli *c, const char *name, const char *s, int64_t min, int64_t max,
                   int64_t *out)
{
    int range;
    const char *end = yf_scan_integer(s, out, &range);
    if (!end || *end)
        return yf_cli_usage_error(c, "'%s' must be an integer, got '%.40s'", name, s);
    if (range || *out > max)
        return yf_cli_usage_error(c, "'%s' must be <= %lld, got '%.40s'", name, (long long)max, s);
    if (*out < min)
        return yf_cli_usage_error(c, "'%s' must be %s %lld, got '%.40s'", name,
                                  min == 1 ? ">" : ">=", (long long)(min == 1 ? 0 : min), s);
    return EXIT_OK;
}

static int on_size(cli *c, const option *o, const char *name, const char *arg)
{
    int64_t *w = (int64_t *)((char *)c + o->field), *h = w + 1;
    const char *x = strpbrk(arg, "xX");
    char part[48];
    int range;
    if (!x)
        return integer(c, name, arg, 1, YF_MAX_DIM, w) ? EXIT_INPUT : (*h = *w, EXIT_OK);
    const char *end = (size_t)(x - arg) < sizeof(part) ? yf_scan_integer(x + 1, h, &range) : NULL;
    if (!end || *end || x == arg)
        return yf_cli_usage_error(c, "'%s' must be N or WxH, got '%.40s'", name, arg);
    memcpy(part, arg, (size_t)(x - arg));
    part[x - arg] = '\0';
    return integer(c, name, part, 1, YF_MAX_DIM, w) || integer(c, name, x + 1, 1, YF_MAX_DIM, h)
               ? EXIT_INPUT
               : EXIT_OK;
}

enum { MAX_SWEEP = 65536 };

static int sweep_add(cli *c, const char *name, int64_t w, int64_t h)
{
    if (c->n_sizes >= MAX_SWEEP)
        return yf_cli_usage_error(c, "'%s': more than %d input sizes", name, MAX_SWEEP);
    if (c->n_sizes % 256 == 0) {
        yf_size *grown = realloc(c->sizes, sizeof(yf_size) * (size_t)(c->n_sizes + 256));
        if (!grown)
            return yf_cli_usage_error(c, "'%s': out of memory", name);
        c->sizes = grown;
    }
    c->sizes[c->n_sizes++] = (yf_size){w, h};
    return EXIT_OK;
}

/* One item of a sweep: N, WxH, or FIRST:LAST[:STEP] (square sizes). */
static int sweep_item(cli *c, const char *name, const char *item)
{
    char part[3][48];
    int n = 0;
    for (const char *p = item; n < 3;) {
        size_t k = strcspn(p, ":");
        if (k == 0 || k >= sizeof(part[0]))
            return yf_cli_usage_error(c, "'%s' needs N, WxH or FIRST:LAST[:STEP] items, got "
                                         "'%.40s'", name, item);
        memcpy(part[n], p, k);
        part[n++][k] = '\0';
        if (!p[k])
            break;
        p += k + 1;
        if (n == 3)
            return yf_cli_usage_error(c, "'%s': a range is FIRST:LAST[:STEP], got '%.40s'",
                                      name, item);
    }
    if (n == 1) {
        int64_t wh[2];
        const char *x = strpbrk(part[0], "xX");
        if (!x) {
            if (integer(c, name, part[0], 1, YF_MAX_DIM, &wh[0]))
                return EXIT_INPUT;
            return sweep_add(c, name, wh[0], wh[0]);
        }
        part[0][x - part[0]] = '\0';
        if (integer(c, name, part[0], 1, YF_MAX_DIM, &wh[0]) ||
            integer(c, name, x + 1, 1, YF_MAX_DIM, &wh[1]))
            return EXIT_INPUT;
        return sweep_add(c, name, wh[0], wh[1]);
    }
    int64_t first, last, step = 32;
    if (integer(c, name, part[0], 1, YF_MAX_DIM, &first) ||
        integer(c, name, part[1], 1, YF_MAX_DIM, &last) ||
        (n == 3 && integer(c, name, part[2], 1, YF_MAX_DIM, &step)))
        return EXIT_INPUT;
    if (last < first)
        return yf_cli_usage_error(c, "'%s': the range %.40s ends before it starts", name, item);
    if ((last - first) / step >= MAX_SWEEP)
        return yf_cli_usage_error(c, "'%s': more than %d input sizes", name, MAX_SWEEP);
    for (int64_t v = first; v <= last; v += step)
        if (sweep_add(c, name, v, v))
            return EXIT_INPUT;
    return EXIT_OK;
}

/* --input: one size (N, WxH), or a sweep: a range FIRST:LAST[:STEP] (step
 * 32 by default) or a list of sizes and ranges separated by commas. */
static int on_input(cli *c, const option *o, const char *name, const char *arg)
{
    free(c->sizes);
    c->sizes = NULL;
    c->n_sizes = 0;
    if (!strpbrk(arg, ":,"))
        return on_size(c, o, name, arg);
    c->opt.width = c->opt.height = 0;
    char item[128];
    for (const char *p = arg;;) {
        size_t k = strcspn(p, ",");
        if (k == 0 || k >= sizeof(item))
            return yf_cli_usage_error(c, "'%s' needs sizes separated by commas, got '%.60s'",
                                      name, arg);
        memcpy(item, p, k);
        item[k] = '\0';
        if (sweep_item(c, name, item))
            return EXIT_INPUT;
        if (!p[k])
            return EXIT_OK;
        p += k + 1;
    }
}

/* --precision sets both; --weights-precision and --activations-precision one. */
static int on_precision(cli *c, const option *o, const char *name, const char *arg)
{
    int p = yf_precision_find(arg);
    if (p < 0)
        return yf_cli_usage_error(c, "'%s' must be fp32, fp16, bf16, int8 or int4, got '%.40s'",
                                  name, arg);
    if (strcmp(o->name, "activations-precision") != 0)
        c->opt.weights_precision = p;
    if (strcmp(o->name, "weights-precision") != 0) {
        c->opt.activations_precision = p;
        c->opt.bytes_per_element = (yf_precision_bits(p) + 7) / 8;
        c->compute_precision = p + 1; /* the latency estimate computes at the activations' */
    }
    return EXIT_OK;
}

static int on_quant(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    if (strcmp(arg, "per-channel") != 0 && strcmp(arg, "per-tensor") != 0)
        return yf_cli_usage_error(c, "'%s' must be per-channel or per-tensor, got '%.40s'", name,
                                  arg);
    c->opt.quant_per_tensor = strcmp(arg, "per-tensor") == 0;
    return EXIT_OK;
}

static int on_keep(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    c->opt.keep_fp16 = 0;
    if (strcmp(arg, "none") == 0)
        return EXIT_OK;
    for (const char *p = arg; *p;) {
        size_t n = strcspn(p, ",");
        if (n == 5 && strncmp(p, "first", 5) == 0)
            c->opt.keep_fp16 |= YF_KEEP_FIRST;
        else if (n == 5 && strncmp(p, "heads", 5) == 0)
            c->opt.keep_fp16 |= YF_KEEP_HEADS;
        else
            return yf_cli_usage_error(c, "'%s' takes first, heads, first,heads or none, got "
                                         "'%.40s'", name, arg);
        p += n + (p[n] == ',');
    }
    return EXIT_OK;
}

static int on_format(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    c->format = yf_renderer_find(arg);
    if (!c->format)
        return yf_cli_usage_error(c, "'%s' must be one of %s, got '%.40s'", name,
                                  yf_renderer_names(), arg);
    return EXIT_OK;
}

static int on_ptflops_backend(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    c->ptflops_backend = yf_ptflops_backend_find(arg);
    if (c->ptflops_backend < 0)
        return yf_cli_usage_error(c, "'%s' must be pytorch, pytorch_no_functional or aten, got "
                                     "'%.40s'", name, arg);
    return EXIT_OK;
}

/* Training figures exist only in a profile with training. */
static int training_figure(const cli *c, const char *origin, yf_figure f)
{
    if (c->command == CMD_DIFF && (yf_figure_get(f)->flags & YF_FIG_TRAINING))
        return yf_cli_usage_error(c, "%s: '%s' is a training figure: diff does not compute "
                                     "training (profile one cfg with --train)",
                                  origin, yf_figure_get(f)->name);
    return EXIT_OK;
}

static int figure_arg(const cli *c, const char *name, const char *arg, unsigned need,
                      yf_figure *out)
{
    *out = yf_figure_find(arg);
    if (*out >= 0 && (yf_figure_get(*out)->flags & need))
        return training_figure(c, name, *out);
    char list[1024] = "";
    size_t n = 0;
    for (yf_figure f = 0; f < yf_figure_count() && n < sizeof(list) - 64; f++) {
        unsigned fl = yf_figure_get(f)->flags;
        if ((fl & need) && !(c->command == CMD_DIFF && (fl & YF_FIG_TRAINING)))
            n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", n ? ", " : "",
                                  yf_figure_get(f)->name);
    }
    return yf_cli_usage_error(c, "'%s': unknown figure '%.40s' (%s)", name, arg, list);
}

static int on_columns(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    char one[48];
    c->ro.n_columns = 0;
    for (const char *s = arg; *s;) {
        size_t n = strcspn(s, ",");
        if (n == 0 || n >= sizeof(one))
            return yf_cli_usage_error(c, "'%s' needs figure names separated by commas, got "
                                         "'%.60s'", name, arg);
        if (c->ro.n_columns >= MAX_COLUMNS)
            return yf_cli_usage_error(c, "'%s': more than %d columns", name, MAX_COLUMNS);
        memcpy(one, s, n);
        one[n] = '\0';
        if (figure_arg(c, name, one, YF_FIG_LAYER, &c->columns[c->ro.n_columns]))
            return EXIT_INPUT;
        c->ro.n_columns++;
        s += n + (s[n] == ',');
    }
    c->ro.columns = c->columns;
    return EXIT_OK;
}

static int on_sort(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    return figure_arg(c, name, arg, YF_FIG_LAYER, &c->sort);
}

static int add_limit(cli *c, const char *origin, yf_figure f, const char *q, int increase)
{
    yf_error err;
    if (training_figure(c, origin, f))
        return EXIT_INPUT;
    if (c->n_limits >= MAX_LIMITS)
        return yf_cli_usage_error(c, "more than %d budgets", MAX_LIMITS);
    yf_error_clear(&err);
    if (yf_limit_make(f, q, increase, origin, &c->limits[c->n_limits], &err))
        return yf_cli_usage_error(c, "%s", err.message);
    c->n_limits++;
    return EXIT_OK;
}

static int on_max_increase(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    const char *eq = strchr(arg, '=');
    char fig[48];
    yf_figure f;
    if (!eq || (size_t)(eq - arg) >= sizeof(fig))
        return yf_cli_usage_error(c, "'%s' needs FIGURE=LIMIT (e.g. gflops=5%%), got '%.40s'",
                                  name, arg);
    memcpy(fig, arg, (size_t)(eq - arg));
    fig[eq - arg] = '\0';
    if (figure_arg(c, name, fig, YF_FIG_BUDGET_MAX, &f))
        return EXIT_INPUT;
    return add_limit(c, name, f, eq + 1, 1);
}

static int on_budget(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    yf_error err;
    yf_error_clear(&err);
    size_t n;
    char *buf = yf_cli_read_file(arg, 65536, &n, &err);
    if (!buf)
        return yf_cli_usage_error(c, "'%s': %s: %s", name, arg, err.message);
    int added = 0;
    int status = yf_budget_parse(buf, n, c->limits + c->n_limits, MAX_LIMITS - c->n_limits,
                                 &added, &err);
    free(buf);
    if (status)
        return yf_cli_usage_error(c, "'%s': %s: %s", name, arg, err.message);
    for (int i = 0; i < added; i++)
        if (training_figure(c, c->limits[c->n_limits + i].origin,
                            c->limits[c->n_limits + i].figure))
            return EXIT_INPUT;
    c->n_limits += added;
    return EXIT_OK;
}

static int on_set(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    yf_error err;
    yf_error_clear(&err);
    if (yf_edit_check(arg, &err))
        return yf_cli_usage_error(c, "'%s': %s", name, err.message);
    c->sets[c->n_sets++] = arg;
    return EXIT_OK;
}

static int on_width(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    int range;
    const char *end = yf_scan_real(arg, &c->width, &range);
    if (!end || *end || range || !(c->width > 0) || c->width > 64)
        return yf_cli_usage_error(c, "'%s' must be a multiplier above 0 and at most 64 (e.g. "
                                     "0.5), got '%.40s'",
                                  name, arg);
    return EXIT_OK;
}

static int on_optimizer(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    c->topt.optimizer = yf_optimizer_find(arg);
    if (c->topt.optimizer < 0)
        return yf_cli_usage_error(c, "'%s' must be sgd, adam or adamw, got '%.40s'", name, arg);
    return EXIT_OK;
}

/* A size in bytes: the budget quantity grammar (8GiB, 16G, 512M), whole. */
static int bytes_arg(const cli *c, const char *name, const char *arg, int64_t min, int64_t *out)
{
    double v;
    int pct, suffixed, r = yf_quantity_parse(arg, &v, &pct, &suffixed);
    if (r == -2 || (!r && !pct && v < (double)min))
        return yf_cli_usage_error(c, "'%s' must be %s 0, got '%.40s'", name, min ? ">" : ">=",
                                  arg);
    if (r == -3)
        return yf_cli_usage_error(c, "'%s' must be at most 1e18, got '%.40s'", name, arg);
    if (r || pct)
        return yf_cli_usage_error(c, "'%s' must be a size in bytes with an optional suffix (8GiB, "
                                     "16G, 512MiB), got '%.40s'",
                                  name, arg);
    *out = (int64_t)v;
    return EXIT_OK;
}

static int on_memory(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    return bytes_arg(c, name, arg, 1, &c->topt.memory);
}

static int on_workspace(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    return bytes_arg(c, name, arg, 0, &c->topt.workspace);
}

static const char *const precisions[] = {"fp32", "fp16", "bf16", "int8", "int4", NULL};
/* ---- the latency estimate ---- */

static int device_arg(cli *c, const char *name, const char *arg, int spec)
{
    if (c->n_device_args >= MAX_DEVICES)
        return yf_cli_usage_error(c, "'%s': more than %d devices", name, MAX_DEVICES);
    if (!*arg)
        return yf_cli_usage_error(c, "'%s' needs a value", name);
    c->device_is_spec[c->n_device_args] = spec;
    c->device_args[c->n_device_args++] = arg;
    return EXIT_OK;
}

static int on_device(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    return device_arg(c, name, arg, 0);
}

static int on_device_spec(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    return device_arg(c, name, arg, 1);
}

static int on_runtime(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    if (!*arg)
        return yf_cli_usage_error(c, "'%s' needs a value", name);
    c->lat.runtime = arg;
    return EXIT_OK;
}

static int on_fitted(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    (void)name;
    c->fitted = arg;
    return EXIT_OK;
}

/* A real in (0, max], with the messages cfg values get. */
static int real_arg(const cli *c, const char *name, const char *s, double max, double *out)
{
    int range;
    const char *end = yf_scan_real(s, out, &range);
    if (!end || *end)
        return yf_cli_usage_error(c, "'%s' must be a number, got '%.40s'", name, s);
    if (range || !(*out > 0) || *out > max)
        return yf_cli_usage_error(c, "'%s' must be > 0 and <= %g, got '%.40s'", name, max, s);
    return EXIT_OK;
}

static int on_nms_keep(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    return real_arg(c, name, arg, 1, &c->lat.nms_keep);
}

static int on_calibrate(cli *c, const option *o, const char *name, const char *arg)
{
    (void)o;
    return real_arg(c, name, arg, 1e9, &c->calibrate);
}

/* The index of 'arg' among the option's choices, or -1 after the usage error
 * naming them. Returning the index (rather than a status and an out
 * parameter) leaves no path where the caller reads an unset value. */
static int choice(const cli *c, const option *o, const char *name, const char *arg)
{
    char list[128] = "";
    size_t n = 0;
    for (int i = 0; o->choices[i]; i++) {
        if (strcmp(arg, o->choices[i]) == 0)
            return i;
        n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? " or " : "",
                              o->choices[i]);
    }
    yf_cli_usage_error(c, "'%s' must be %s, got '%.40s'", name, list, arg);
    return -1;
}

static int on_nms(cli *c, const option *o, const char *name, const char *arg)
{
    int i = choice(c, o, name, arg);
    if (i < 0)
        return EXIT_INPUT;
    c->lat.nms = i == 0 ? YF_NMS_DARKNET : YF_NMS_OFFSET;
    return EXIT_OK;
}

static int on_calibrate_mode(cli *c, const option *o, const char *name, const char *arg)
{
    int i = choice(c, o, name, arg);
    if (i < 0)
        return EXIT_INPUT;
    c->calibrate_mode = i;
    return EXIT_OK;
}

static int on_by(cli *c, const option *o, const char *name, const char *arg)
{
    int i = choice(c, o, name, arg);
    if (i < 0)
        return EXIT_INPUT;
    c->by = i == 0 ? YF_BY_STAGE : YF_BY_KIND;
    return EXIT_OK;
}

static int on_frame(cli *c, const option *o, const char *name, const char *arg)
{
    if (strcmp(arg, "none") == 0) {
        c->lat.frame_w = c->lat.frame_h = -1;
        return EXIT_OK;
    }
    if (!strpbrk(arg, "xX"))
        return yf_cli_usage_error(c, "'%s' must be WxH or none, got '%.40s'", name, arg);
    return on_size(c, o, name, arg);
}

static const char *const nms_styles[] = {"darknet", "offset", NULL};
static const char *const calibrate_modes[] = {"all", "compute", NULL};
static const char *const groupings[] = {"stage", "kind", NULL};

static const option options[] = {
    {"input", 'i', "N|WxH|A:B:S", SIZE, AT(opt.width), 0, 0, NULL, on_input, CMD_ALL,
     "input size, overriding [net] width/height; a range (320:1280:32) or list (320,416,608) "
     "profiles every size"},
    {"channels", 0, "N", INT, AT(opt.channels), 1, YF_MAX_DIM, NULL, NULL, CMD_ALL,
     "input channels, overriding [net] channels"},
    {"batch", 'b', "N", INT, AT(opt.batch), 1, 65536, NULL, NULL, CMD_PROFILE | CMD_DIFF,
     "images per forward pass: scales MACs and memory (default 1); with --train: [net] batch, "
     "images per iteration"},
    {"precision", 'p', "P", CHOICE, 0, 0, 0, precisions, on_precision, CMD_PROFILE | CMD_DIFF,
     "weights and activations: fp32 (default), fp16, bf16, int8, int4; also the precision "
     "of a latency estimate (default: the runtime's on the device)"},
    {"weights-precision", 0, "P", CHOICE, 0, 0, 0, precisions, on_precision,
     CMD_PROFILE | CMD_DIFF, "what if: the weights' precision (model_bytes, weights_bytes)"},
    {"activations-precision", 0, "P", CHOICE, 0, 0, 0, precisions, on_precision,
     CMD_PROFILE | CMD_DIFF, "what if: the activations' precision (activation memory)"},
    {"quant", 0, "G", CUSTOM, 0, 0, 0, NULL, on_quant, CMD_PROFILE | CMD_DIFF,
     "integer weights: a scale per-channel (default) or per-tensor"},
    {"quant-asymmetric", 0, NULL, FLAG, AT(opt.quant_asymmetric), 0, 0, NULL, NULL,
     CMD_PROFILE | CMD_DIFF, "integer weights: a zero-point with every scale"},
    {"keep-fp16", 0, "LIST", CUSTOM, 0, 0, 0, NULL, on_keep, CMD_PROFILE | CMD_DIFF,
     "integer precisions: keep first, heads (or both) at fp16"},
    {"set", 0, "T.KEY=V", CUSTOM, 0, 0, 0, NULL, on_set, CMD_ALL,
     "what if: set a cfg key first: net.width=640, 12.filters=128, yolo.ignore_thresh=0.5"},
    {"classes", 0, "N", INT, AT(classes), 1, YF_MAX_DIM, NULL, NULL, CMD_ALL,
     "what if: N classes in every head (and the filters feeding it)"},
    {"width", 0, "M", CUSTOM, 0, 0, 0, NULL, on_width, CMD_ALL,
     "what if: conv filters x M (not head convs), rounded as MobileNet"},
    {"width-divisor", 0, "N", INT, AT(width_divisor), 1, 1024, NULL, NULL, CMD_ALL,
     "--width rounds filters to a multiple of N (default 8)"},
    {"emit-cfg", 0, NULL, FLAG, AT(emit_cfg), 0, 0, NULL, NULL, CMD_PROFILE,
     "write the edited cfg to stdout instead of profiling it"},
    {"device", 0, "ID[,ID]", CUSTOM, 0, 0, 0, NULL, on_device, CMD_PROFILE | CMD_DIFF,
     "estimate time per layer and FPS on these devices ('yoloflops devices' lists the ids)"},
    {"device-spec", 0, "SPEC", CUSTOM, 0, 0, 0, NULL, on_device_spec,
     CMD_PROFILE | CMD_DIFF,
     "a device of your own: fp32=115.6G,bandwidth=28G,overhead_us=2,name=my-cpu or a JSON "
     "file (docs/latency.md)"},
    {"runtime", 0, "R", CUSTOM, 0, 0, 0, NULL, on_runtime, CMD_PROFILE | CMD_DIFF,
     "runtime of the estimate: tensorrt, darknet, opencv, ncnn, onnxruntime, pytorch, "
     "vendor-npu (default: tensorrt on GPUs, onnxruntime on CPUs, vendor-npu on NPUs)"},
    {"nms", 0, "S", CHOICE, 0, 0, 0, nms_styles, on_nms, CMD_PROFILE,
     "NMS after the network: darknet (do_nms_sort) or offset (YOLOv5/v8 batched); default "
     "the runtime's"},
    {"nms-keep", 0, "F", CUSTOM, 0, 0, 0, NULL, on_nms_keep, CMD_PROFILE,
     "share of candidate boxes above the confidence threshold, in (0, 1] (default 0.01)"},
    {"frame", 0, "WxH|none", SIZE, AT(lat.frame_w), 0, 0, NULL, on_frame, CMD_PROFILE,
     "camera frame letterboxed and normalised before the network (default 1920x1080)"},
    {"calibrate", 0, "FPS", CUSTOM, 0, 0, 0, NULL, on_calibrate, CMD_PROFILE,
     "your measured network-only FPS (this cfg, input, batch, runtime and precision): print "
     "the device spec that reproduces it"},
    {"calibrate-mode", 0, "M", CHOICE, 0, 0, 0, calibrate_modes, on_calibrate_mode,
     CMD_PROFILE,
     "all (compute, memory and overhead scaled together; default) or compute"},
    {"fitted", 0, "FILE", CUSTOM, 0, 0, 0, NULL, on_fitted, CMD_PROFILE | CMD_DIFF | CMD_DEVICES,
     "fitted constants to use instead of the built-in ones (bench/latency_fit.py writes them)"},
    {"kernels", 0, NULL, FLAG, AT(ro.kernels), 0, 0, NULL, NULL, CMD_PROFILE,
     "JSON: the kernels of each layer's estimate, with their terms (for refitting)"},
    {"by", 0, "G", CHOICE, 0, 0, 0, groupings, on_by, CMD_PROFILE,
     "stage or kind: totals and shares per group of layers instead of per layer (JSON adds "
     "them)"},
    {"format", 'f', "F", CHOICE, 0, 0, 0, NULL, on_format, CMD_ALL | CMD_DEVICES,
     "output: table (default), json, jsonl (one object per line), csv, md, html"},
    {"ptflops-backend", 0, "B", CHOICE, 0, 0, 0, NULL, on_ptflops_backend,
     CMD_PROFILE | CMD_DIFF,
     "ptflops backend for macs_ptflops: pytorch (default), pytorch_no_functional, aten"},
    {"summary", 's', NULL, FLAG, AT(ro.summary), 0, 0, NULL, NULL, CMD_PROFILE | CMD_DIFF,
     "totals only, no per-layer rows"},
    {"wide", 'w', NULL, FLAG, AT(ro.wide), 0, 0, NULL, NULL, CMD_PROFILE | CMD_DIFF,
     "every per-layer figure as a column"},
    {"columns", 0, "LIST", CUSTOM, 0, 0, 0, NULL, on_columns, CMD_PROFILE | CMD_DIFF,
     "per-layer figure columns, e.g. params,macs,bflops"},
    {"sort", 0, "FIGURE", CUSTOM, 0, 0, 0, NULL, on_sort, CMD_PROFILE,
     "list layers by this figure, largest first (e.g. macs)"},
    {"top", 0, "N", INT, AT(top), 1, YF_MAX_LAYERS, NULL, NULL, CMD_PROFILE,
     "only the first N listed layers (with --sort: the N largest)"},
    {"quiet", 'q', NULL, FLAG, AT(quiet), 0, 0, NULL, NULL, CMD_ALL, "do not print warnings"},
    {"strict", 0, NULL, FLAG, AT(strict), 0, 0, NULL, NULL, CMD_ALL,
     "treat every warning as an error (exit 2; notes about Darknet's printout pass); also -Werror"},
    {"vs-input", 0, "N|WxH", SIZE, AT(vs_w), 0, 0, NULL, on_size, CMD_DIFF,
     "diff: input size of the second side"},
    {"all", 'a', NULL, FLAG, AT(ro.all_layers), 0, 0, NULL, NULL, CMD_DIFF,
     "diff: list unchanged layers too"},
    {"exit-code", 0, NULL, FLAG, AT(exit_code), 0, 0, NULL, NULL, CMD_DIFF,
     "diff: exit 1 when the figures differ"},
    {"max-increase", 0, "FIG=Q", CUSTOM, 0, 0, 0, NULL, on_max_increase, CMD_DIFF,
     "diff budget on the change, e.g. gflops=5% or params=1M"},
    {"budget", 0, "FILE", CUSTOM, 0, 0, 0, NULL, on_budget, CMD_PROFILE | CMD_DIFF,
     "budgets from a JSON file (docs/ci.md)"},
    {"train", 0, NULL, FLAG, AT(train), 0, 0, NULL, NULL, CMD_PROFILE,
     "training compute and memory: Darknet CPU (exact), Darknet GPU and PyTorch (estimates); "
     "the options below imply it (docs/training.md)"},
    {"subdivisions", 0, "N", INT, AT(topt.subdivisions), 1, 65536, NULL, NULL, CMD_PROFILE,
     "training: [net] subdivisions, mini-batches per iteration"},
    {"iterations", 0, "N", INT, AT(topt.iterations), 0, INT64_C(1000000000000), NULL, NULL,
     CMD_PROFILE, "training: iterations of the run (default [net] max_batches)"},
    {"optimizer", 0, "O", CHOICE, 0, 0, 0, NULL, on_optimizer, CMD_PROFILE,
     "training: sgd, adam or adamw for Darknet (its adam=; AdamW as Adam) and PyTorch (default "
     "adam when the cfg says adam=1, else sgd)"},
    {"amp", 0, NULL, FLAG, AT(topt.amp), 0, 0, NULL, NULL, CMD_PROFILE,
     "training: PyTorch with automatic mixed precision (fp16 activations)"},
    {"memory", 0, "Q", CUSTOM, 0, 0, 0, NULL, on_memory, CMD_PROFILE,
     "training: a memory size (8GiB): fits?, the largest mini-batch and the smallest "
     "subdivisions that fit"},
    {"workspace", 0, "Q", CUSTOM, 0, 0, 0, NULL, on_workspace, CMD_PROFILE,
     "training: Darknet GPU cuDNN workspace (default: the largest im2col buffer, an estimate)"},
    {"no-random", 0, NULL, FLAG, AT(topt.no_random), 0, 0, NULL, NULL, CMD_PROFILE,
     "training: Darknet memory at the cfg size, not at the size random= starts at"},
    {"no-cudnn-half", 0, NULL, FLAG, AT(topt.no_cudnn_half), 0, 0, NULL, NULL, CMD_PROFILE,
     "training: a Darknet GPU build without CUDNN_HALF (fp16 weight copies)"},
    {"help", 'h', NULL, FLAG, AT(help), 0, 0, NULL, NULL, CMD_ALL | CMD_DEVICES,
     "show this help and exit"},
    {"version", 0, NULL, FLAG, AT(version), 0, 0, NULL, NULL, CMD_ALL,
     "show the version and exit"},
    {"man", 0, NULL, FLAG, AT(man), 0, 0, NULL, NULL, CMD_ALL,
     "print the manual page (roff) and exit"},
};

enum { N_OPTIONS = sizeof(options) / sizeof(options[0]) };
enum { BUDGETS = CMD_PROFILE | CMD_DIFF };

static const char *command_label(int command)
{
    return command == CMD_DIFF      ? "diff"
           : command == CMD_CHECK   ? "check"
           : command == CMD_DEVICES ? "devices"
                                    : "profiling";
}

static int apply(cli *c, const option *o, const char *name, const char *arg)
{
    if (!(o->commands & c->command))
        return yf_cli_usage_error(c, "option '%s' does not apply to %s", name,
                                  command_label(c->command));
    switch (o->type) {
    case FLAG:
        *(int *)((char *)c + o->field) = 1;
        return EXIT_OK;
    case INT:
        return integer(c, name, arg, o->min, o->max, (int64_t *)((char *)c + o->field));
    case SIZE:
    case CHOICE:
    case CUSTOM:
        return o->fn(c, o, name, arg);
    }
    return EXIT_INPUT;
}

/* --max-<budget> (--min-<budget>, *minimum set): a budget option from the
 * figure registry, or -1. */
static yf_figure budget_option(const char *longname, size_t n, int *minimum)
{
    char name[64];
    *minimum = strncmp(longname, "min-", 4) == 0;
    if (n <= 4 || n >= sizeof(name) || (strncmp(longname, "max-", 4) != 0 && !*minimum))
        return -1;
    memcpy(name, longname + 4, n - 4);
    name[n - 4] = '\0';
    yf_figure f = yf_figure_find(name);
    const yf_figure_info *fi = f >= 0 ? yf_figure_get(f) : NULL;
    unsigned need = *minimum ? YF_FIG_BUDGET_MIN : YF_FIG_BUDGET_MAX;
    return fi && (fi->flags & need) && strcmp(fi->budget, name) == 0 ? f : -1;
}

static int long_option(cli *c, const char *a, int argc, char **argv, int *i)
{
    const char *eq = strchr(a + 2, '=');
    size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
    const char *arg = eq ? eq + 1 : NULL;
    char name[72];
    snprintf(name, sizeof(name), "--%.*s", (int)(n < 64 ? n : 64), a + 2);
    const option *o = NULL;
    for (int k = 0; k < N_OPTIONS && !o; k++)
        if (strlen(options[k].name) == n && strncmp(a + 2, options[k].name, n) == 0)
            o = &options[k];
    int minimum = 0;
    yf_figure budget = o ? -1 : budget_option(a + 2, n, &minimum);
    if (!o && budget < 0)
        return yf_cli_usage_error(c, "unknown option '%.60s'", a);
    int takes = budget >= 0 || o->arg;
    if (takes && !arg) {
        if (*i + 1 >= argc)
            return yf_cli_usage_error(c, "option '%s' needs a value (%s)", name,
                                      budget >= 0 ? "Q" : o->arg);
        arg = argv[++*i];
    } else if (!takes && arg) {
        return yf_cli_usage_error(c, "option '%s' takes no value", name);
    }
    if (budget >= 0) {
        if (!(c->command & BUDGETS))
            return yf_cli_usage_error(c, "option '%s' does not apply to %s", name,
                                      command_label(c->command));
        if (add_limit(c, name, budget, arg, 0))
            return EXIT_INPUT;
        c->limits[c->n_limits - 1].minimum = minimum;
        return EXIT_OK;
    }
    return apply(c, o, name, arg);
}

/* -x, -xVALUE, -x VALUE and bundles such as -qs or -qi416. */
static int short_options(cli *c, const char *a, int argc, char **argv, int *i)
{
    for (const char *p = a + 1; *p; p++) {
        const option *o = NULL;
        for (int k = 0; k < N_OPTIONS && !o; k++)
            if (options[k].short_name == *p)
                o = &options[k];
        if (!o)
            return yf_cli_usage_error(c, "unknown option '-%c' in '%.40s'", *p, a);
        char name[48];
        snprintf(name, sizeof(name), "--%s", o->name);
        if (!o->arg) {
            if (apply(c, o, name, NULL))
                return EXIT_INPUT;
            continue;
        }
        const char *arg = p[1] ? p + 1 : NULL;
        if (!arg && *i + 1 >= argc)
            return yf_cli_usage_error(c, "option '-%c' needs a value (%s)", *p, o->arg);
        return apply(c, o, name, arg ? arg : argv[++*i]);
    }
    return EXIT_OK;
}

int yf_cli_parse(cli *c, int argc, char **argv, int first)
{
    int only_files = 0;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        int status = EXIT_OK;
        if (only_files || a[0] != '-' || a[1] == '\0')
            c->files[c->n_files++] = a;
        else if (strcmp(a, "--") == 0)
            only_files = 1;
        else if (strcmp(a, "-Werror") == 0)
            c->strict = 1;
        else if (a[1] == '-')
            status = long_option(c, a, argc, argv, &i);
        else
            status = short_options(c, a, argc, argv, &i);
        if (status)
            return status;
    }
    /* quantization options without an integer precision: said, not silent */
    int wq = c->opt.weights_precision >= YF_PREC_INT8;
    int aq = c->opt.activations_precision >= YF_PREC_INT8 || c->opt.bytes_per_element == 1;
    if (!c->quiet && !wq && (c->opt.quant_per_tensor || c->opt.quant_asymmetric))
        yf_cli_eprint("yoloflops: warning: --quant and --quant-asymmetric apply to int8 or int4 "
                      "weights (--weights-precision, --precision): at %s they change nothing",
                yf_precision_label(c->opt.weights_precision));
    if (!c->quiet && !wq && !aq && c->opt.keep_fp16)
        yf_cli_eprint("yoloflops: warning: --keep-fp16 applies to int8 or int4 weights or "
                      "activations (--precision): at %s it changes nothing",
                yf_precision_label(c->opt.weights_precision));
    return EXIT_OK;
}

/* ---- --help and the man page, from the same rows ---- */
static const struct {
    int command;
    const char *usage, *about;
} commands[] = {
    {CMD_PROFILE, "yoloflops [options] <cfg>...",
     "Profiles Darknet .cfg networks: parameters, FLOPs and memory per layer and in total,\n"
     "exactly as Darknet (BFLOPs) and ultralytics-thop (MACs, GFLOPs) count them."},
    {CMD_DIFF, "yoloflops diff [options] <a.cfg> <b.cfg>\n"
               "  yoloflops diff [options] <cfg> --input A --vs-input B",
     "Compares two cfgs, or one cfg at two input sizes, layer by layer."},
    {CMD_CHECK, "yoloflops check [options] <cfg> <file.weights>",
     "Checks that a Darknet .weights file fits a cfg, reading only its header and size."},
    {CMD_DEVICES, "yoloflops devices [options] [<id>...]",
     "Lists the devices of the latency estimate with their figures, the source and tag of\n"
     "each figure, and the runtimes and precisions fitted on published measurements;\n"
     "with ids, every figure of those devices."},
};

/* "  left  help" with the help wrapped at 100 columns under itself. */
static void help_line(FILE *f, const char *left, const char *help)
{
    enum { COL = 29, WIDTH = 100 };
    int col = fprintf(f, "  %-26s", left);
    if (col > COL - 1) {
        fprintf(f, "\n%*s", COL - 1, "");
        col = COL - 1;
    }
    for (const char *p = help; *p;) {
        size_t word = strcspn(p, " ");
        if (col + 1 + (int)word > WIDTH && col > COL - 1) {
            fprintf(f, "\n%*s", COL - 1, "");
            col = COL - 1;
        }
        fprintf(f, " %.*s", (int)word, p);
        col += 1 + (int)word;
        p += word;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

static void left_column(char *buf, size_t n, const option *o)
{
    if (o->short_name)
        snprintf(buf, n, "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
    else
        snprintf(buf, n, "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

void yf_cli_help(FILE *f, int command)
{
    fprintf(f, "usage:\n");
    for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
        if (command == CMD_PROFILE || commands[k].command == command)
            fprintf(f, "  %s\n", commands[k].usage);
    for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
        if (commands[k].command == command)
            fprintf(f, "\n%s\n", commands[k].about);
    fprintf(f, "\noptions:\n");
    char left[64];
    for (int k = 0; k < N_OPTIONS; k++) {
        if (!(options[k].commands & command))
            continue;
        left_column(left, sizeof(left), &options[k]);
        help_line(f, left, options[k].help);
    }
    if (command & BUDGETS) {
        fprintf(f, "\nbudgets (exit 1 when exceeded; Q is a number with an optional SI or binary\n"
                   "suffix: 25M, 1.5G, 64MiB; GFLOPs and BFLOPs take 70, 70G or 70e9 alike):\n");
        for (yf_figure fig = 0; fig < yf_figure_count(); fig++) {
            const yf_figure_info *fi = yf_figure_get(fig);
            if (!(fi->flags & (YF_FIG_BUDGET_MAX | YF_FIG_BUDGET_MIN)) ||
                (command == CMD_DIFF && (fi->flags & YF_FIG_TRAINING)))
                continue;
            snprintf(left, sizeof(left), "    --%s-%s Q",
                     fi->flags & YF_FIG_BUDGET_MIN ? "min" : "max", fi->budget);
            help_line(f, left, fi->convention);
        }
    }
    fprintf(f, "\nShort flags bundle (-qs, -qi416); '--' ends the options; a cfg named '-' is\n"
               "read from standard input. Results go to stdout, warnings and errors to stderr.\n");
    if (command == CMD_PROFILE)
        fprintf(f, "'yoloflops diff --help', 'yoloflops check --help' and 'yoloflops devices "
                   "--help' show each\ncommand's options. Figures that need a device (time, "
                   "FPS) appear with --device.\n");
    fprintf(f, "\nexit status:\n"
               "  0  success (warnings do not change it, unless --strict)\n"
               "  1  a requested check failed: a budget, 'diff --exit-code', or a .weights "
               "mismatch\n"
               "  2  invalid input: a cfg, an option, a number or an unreadable file (with\n"
               "     several cfgs: any of them; the others are still profiled)\n"
               "  3  the output could not be written, or out of memory\n"
               "  4  check: the .weights file holds only the first layers (a partial file)\n"
               "\nSee docs/usage.md, docs/ci.md, docs/formulas.md, docs/latency.md and "
               "docs/json.md.\n");
}

/* roff needs backslashes and leading dots escaped. */
static void roff(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", f);
        else if (*s == '-')
            fputs("\\-", f);
        else
            fputc(*s, f);
    }
}

void yf_cli_man(FILE *f)
{
    fprintf(f, ".TH YOLOFLOPS 1 \"\" \"yoloflops %s\" \"User Commands\"\n", YF_VERSION);
    fprintf(f, ".SH NAME\nyoloflops \\- what a Darknet YOLO .cfg network costs\n.SH SYNOPSIS\n");
    for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
        fputs(".PP\n", f);
        roff(f, commands[k].usage);
        fputs("\n", f);
    }
    fputs(".SH DESCRIPTION\n", f);
    for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
        roff(f, commands[k].about);
        fputs("\n.PP\n", f);
    }
    fputs(".SH OPTIONS\n", f);
    char left[64];
    for (int k = 0; k < N_OPTIONS; k++) {
        left_column(left, sizeof(left), &options[k]);
        fputs(".TP\n.B ", f);
        roff(f, left[0] == ' ' ? left + 4 : left);
        fputs("\n", f);
        roff(f, options[k].help);
        fprintf(f, "%s\n", options[k].commands == CMD_ALL ? ""
                           : options[k].commands == CMD_DIFF ? " (diff only)"
                           : options[k].commands == CMD_PROFILE ? " (profiling only)"
                                                                : "");
    }
    fputs(".SH BUDGETS\nQ is a number with an optional SI or binary suffix (25M, 1.5G, 64MiB).\n",
          f);
    for (yf_figure fig = 0; fig < yf_figure_count(); fig++) {
        const yf_figure_info *fi = yf_figure_get(fig);
        if (!(fi->flags & (YF_FIG_BUDGET_MAX | YF_FIG_BUDGET_MIN)))
            continue;
        fputs(".TP\n.B ", f);
        snprintf(left, sizeof(left), "--%s-%s Q", fi->flags & YF_FIG_BUDGET_MIN ? "min" : "max",
                 fi->budget);
        roff(f, left);
        fputs("\n", f);
        roff(f, fi->convention);
        fputs("\n", f);
    }
    fputs(".SH EXIT STATUS\n.TP\n0\nsuccess\n.TP\n1\na requested check failed\n.TP\n2\ninvalid "
          "input\n.TP\n3\nthe output could not be written, or out of memory\n.TP\n4\ncheck: a "
          "partial .weights file\n.SH SEE ALSO\ndocs/usage.md, docs/json.md, docs/formulas.md\n",
          f);
}
