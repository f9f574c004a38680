/* The figure registry (figures.def): every figure the program reports, with
 * its name, unit, convention and one accessor that gives its value for a
 * layer (i >= 0) or its total (i < 0). Renderers, budgets, diffs, the CLI's
 * --max-* options and --help all read this table; nothing else lists
 * figures. */
#include "core/core.h"

#include <math.h>
#include <string.h>

static yf_value none(void)
{
    return (yf_value){.kind = YF_NONE};
}

static yf_value count(int64_t v)
{
    return (yf_value){.kind = YF_INT, .i = v, .d = (double)v};
}

static yf_value real(double v)
{
    return (yf_value){.kind = YF_REAL, .i = 0, .d = v};
}

double yf_value_real(yf_value v)
{
    return v.kind == YF_INT ? (double)v.i : v.d;
}

/* ---- accessors, one per row of figures.def ---- */
#define L(i) (p->model->layers[i])
#define T (p->model->totals)

static yf_value params(const yf_profile *p, int i)
{
    return count(i < 0 ? T.params : L(i).params);
}

static yf_value params_fused(const yf_profile *p, int i)
{
    return count(i < 0 ? T.params_fused : L(i).params_fused);
}

static yf_value buffers(const yf_profile *p, int i)
{
    return count(i < 0 ? T.buffers : L(i).buffers);
}

static yf_value weights_file_floats(const yf_profile *p, int i)
{
    return count(i < 0 ? T.weights_file_floats : L(i).weights_file_floats);
}

static yf_value weights_file_bytes(const yf_profile *p, int i)
{
    return i < 0 ? count(T.weights_file_bytes) : none();
}

static yf_value bflops(const yf_profile *p, int i)
{
    return real(i < 0 ? T.bflops : L(i).bflops);
}

static yf_value bflops_darknet(const yf_profile *p, int i)
{
    return i < 0 ? real(T.bflops_darknet) : none();
}

static yf_value macs(const yf_profile *p, int i)
{
    return count(i < 0 ? T.macs : L(i).macs);
}

static yf_value macs_fused(const yf_profile *p, int i)
{
    return count(i < 0 ? T.macs_fused : L(i).macs_fused);
}

static yf_value gflops(const yf_profile *p, int i)
{
    return real(2.0 * (double)(i < 0 ? T.macs : L(i).macs) / 1e9);
}

static yf_value gflops_fused(const yf_profile *p, int i)
{
    return real(2.0 * (double)(i < 0 ? T.macs_fused : L(i).macs_fused) / 1e9);
}

static yf_value macs_percent(const yf_profile *p, int i)
{
    if (i < 0 || T.macs == 0)
        return none();
    return real(100.0 * (double)L(i).macs / (double)T.macs);
}

static const char *const backends[] = {"pytorch", "pytorch_no_functional", "aten"};

const char *yf_ptflops_backend_name(int backend)
{
    return backend >= 0 && backend < 3 ? backends[backend] : NULL;
}

int yf_ptflops_backend_find(const char *name)
{
    for (int b = 0; b < 3; b++)
        if (strcmp(name, backends[b]) == 0)
            return b;
    return -1;
}

/* ptflops' backends from the three counts each layer keeps. */
static yf_value ptflops_of(const yf_profile *p, int i, int fused)
{
    const yf_ptflops *pt = i < 0 ? &T.ptflops[fused] : &L(i).ptflops[fused];
    switch (p->ptflops_backend) {
    case YF_PTFLOPS_NO_FUNCTIONAL: return count(pt->hook);
    case YF_PTFLOPS_ATEN: return count(pt->aten);
    case YF_PTFLOPS_PYTORCH: break;
    }
    return count(yf_add(pt->hook, pt->func));
}

static yf_value macs_ptflops(const yf_profile *p, int i)
{
    return ptflops_of(p, i, 0);
}

static yf_value macs_ptflops_fused(const yf_profile *p, int i)
{
    return ptflops_of(p, i, 1);
}

static yf_value output_bytes(const yf_profile *p, int i)
{
    return i < 0 ? none() : count(L(i).output_bytes);
}

static yf_value live_bytes(const yf_profile *p, int i)
{
    return i < 0 ? none() : count(L(i).live_bytes);
}

static yf_value weights_bytes(const yf_profile *p, int i)
{
    return i < 0 ? count(T.weights_bytes) : none();
}

static yf_value model_bytes(const yf_profile *p, int i)
{
    return count(i < 0 ? T.model_bytes : L(i).model_bytes);
}

static yf_value activation_bytes(const yf_profile *p, int i)
{
    return i < 0 ? count(T.activation_bytes) : none();
}

static yf_value peak_activation_bytes(const yf_profile *p, int i)
{
    return i < 0 ? count(T.peak_activation_bytes) : none();
}

static yf_value darknet_cpu_bytes(const yf_profile *p, int i)
{
    return count(i < 0 ? T.darknet_cpu_bytes : L(i).darknet_cpu_bytes);
}

#define TR (p->training)

static yf_value train_flops(const yf_profile *p, int i)
{
    if (!TR)
        return none();
    return count(i < 0 ? TR->flops_per_image : TR->layer_flops[i]);
}

static yf_value train_flops_iteration(const yf_profile *p, int i)
{
    return TR && i < 0 ? count(TR->flops_per_iteration) : none();
}

static yf_value train_flops_run(const yf_profile *p, int i)
{
    return TR && i < 0 ? real(TR->total_flops) : none();
}

static yf_value train_darknet_cpu_bytes(const yf_profile *p, int i)
{
    if (!TR)
        return none();
    return count(i < 0 ? TR->darknet_cpu.memory_bytes : TR->layer_darknet_cpu_bytes[i]);
}

static yf_value train_darknet_gpu_bytes(const yf_profile *p, int i)
{
    return TR && i < 0 ? count(TR->darknet_gpu.memory_bytes) : none();
}

static yf_value train_pytorch_bytes(const yf_profile *p, int i)
{
    return TR && i < 0 ? count(TR->pytorch.memory_bytes) : none();
}

static yf_value train_iteration_ms(const yf_profile *p, int i)
{
    return TR && i < 0 && TR->iteration_ms > 0 ? real(TR->iteration_ms) : none();
}

static yf_value train_run_hours(const yf_profile *p, int i)
{
    return TR && i < 0 && TR->iteration_ms > 0 ? real(TR->run_hours) : none();
}

#undef TR

static yf_value boxes(const yf_profile *p, int i)
{
    return i < 0 ? count(T.n_boxes) : none();
}

/* ---- figures of a latency estimate (none without --device) ---- */
#define LAT (p->latency)

static yf_value latency_ms(const yf_profile *p, int i)
{
    return !LAT ? none() : real(i < 0 ? LAT->ms : LAT->layers[i].ms);
}

static yf_value latency_percent(const yf_profile *p, int i)
{
    if (!LAT || i < 0 || LAT->ms <= 0)
        return none();
    return real(100.0 * LAT->layers[i].ms / LAT->ms);
}

static yf_value intensity(const yf_profile *p, int i)
{
    double flops = !LAT ? 0 : i < 0 ? LAT->flops : LAT->layers[i].flops;
    double bytes = !LAT ? 0 : i < 0 ? LAT->bytes : LAT->layers[i].bytes;
    return bytes > 0 ? real(flops / bytes) : none();
}

static yf_value bytes_moved(const yf_profile *p, int i)
{
    return !LAT ? none() : count(llround(i < 0 ? LAT->bytes : LAT->layers[i].bytes));
}

static yf_value fps(const yf_profile *p, int i)
{
    return LAT && i < 0 ? real(LAT->fps) : none();
}

static yf_value end_to_end_ms(const yf_profile *p, int i)
{
    return LAT && i < 0 ? real(LAT->end_to_end_ms) : none();
}

static yf_value fps_end_to_end(const yf_profile *p, int i)
{
    return LAT && i < 0 ? real(LAT->fps_end_to_end) : none();
}

static yf_value preprocess_ms(const yf_profile *p, int i)
{
    return LAT && i < 0 ? real(LAT->preprocess_ms) : none();
}

static yf_value nms_ms(const yf_profile *p, int i)
{
    return LAT && i < 0 ? real(LAT->nms_ms) : none();
}

#undef LAT

#undef L
#undef T

/* ---- the table ---- */
enum {
    LAYER = YF_FIG_LAYER,
    TOTAL = YF_FIG_TOTAL,
    LT = LAYER | TOTAL,
    BUDGET = YF_FIG_BUDGET_MAX,
    SHARE = YF_FIG_SHARE,
    BATCH = YF_FIG_PER_BATCH,
    IMAGE = YF_FIG_PER_IMAGE,
    TRAINING = YF_FIG_TRAINING,
    DEVICE = YF_FIG_DEVICE,
    BUDGET_MIN = YF_FIG_BUDGET_MIN,
    RATIO = YF_FIG_RATIO,
    BYTES = YF_FIG_BYTES
};

typedef struct row {
    yf_figure_info info;
    yf_value (*get)(const yf_profile *p, int i);
} row;

static const row rows[] = {
/* A figure shown as bytes counts bytes: YF_FIG_BYTES without repeating it. */
#define X(fn, nm, col, bud, show, fl, un, grp, lab, conv)                                        \
    {{nm, col, bud, conv, show, (fl) | ((show) == YF_SHOW_BYTES ? YF_FIG_BYTES : 0), un, grp, lab}, \
     fn},
#include "figures.def"
#undef X
};

enum { N_FIGURES = sizeof(rows) / sizeof(rows[0]) };

int yf_figure_count(void)
{
    return N_FIGURES;
}

const yf_figure_info *yf_figure_get(yf_figure f)
{
    return f >= 0 && f < N_FIGURES ? &rows[f].info : NULL;
}

yf_value yf_figure_value(const yf_profile *p, yf_figure f, int i)
{
    if (f < 0 || f >= N_FIGURES || !p || !p->model)
        return none();
    return rows[f].get(p, i);
}

/* Compares a name with a budget name, '-' and '_' alike. */
static int budget_name_is(const char *budget, const char *name)
{
    for (; *budget && *name; budget++, name++)
        if (*budget != *name && !(*budget == '-' && *name == '_'))
            return 0;
    return *budget == *name;
}

yf_figure yf_figure_find(const char *name)
{
    static const struct {
        const char *alias;
        const char *name;
    } aliases[] = {{"weights", "weights_file_bytes"},
                   {"peak", "peak_activation_bytes"},
                   {"latency", "latency_ms"}};
    for (int f = 0; f < N_FIGURES; f++)
        if (strcmp(name, rows[f].info.name) == 0 ||
            (rows[f].info.budget && budget_name_is(rows[f].info.budget, name)))
            return f;
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
        if (strcmp(name, aliases[i].alias) == 0)
            return yf_figure_find(aliases[i].name);
    return -1;
}

int yf_figure_present(const yf_profile *p, yf_figure f)
{
    const yf_figure_info *fi = yf_figure_get(f);
    return fi && (!(fi->flags & YF_FIG_DEVICE) || (p && p->latency)) &&
           (!(fi->flags & YF_FIG_TRAINING) || (p && p->training));
}

yf_value yf_figure_group(const yf_profile *p, yf_figure f, const yf_groups *g, int group)
{
    const yf_figure_info *fi = yf_figure_get(f);
    if (!fi || !(fi->flags & YF_FIG_LAYER) || (fi->flags & YF_FIG_RATIO) || group < 0 ||
        group >= g->n)
        return none();
    yf_value sum = none();
    const yf_group *grp = &g->groups[group];
    for (int k = grp->first; k < grp->first + grp->n_layers; k++) {
        yf_value v = yf_figure_value(p, f, g->members[k]);
        if (v.kind == YF_INT && sum.kind != YF_REAL)
            sum = count(yf_add(sum.kind == YF_INT ? sum.i : 0, v.i));
        else if (v.kind != YF_NONE)
            sum = real(yf_value_real(sum) + yf_value_real(v));
    }
    return sum;
}
