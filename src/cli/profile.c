/* yoloflops [options] <cfg>...: every cfg is profiled and written as soon as
 * it is done (one model in memory at a time); a cfg that fails gets its
 * error on stderr (and an error element in JSON) and the others go on, as
 * `gcc a.c b.c` does. Exit: 3 if the output failed, else 2 if any cfg
 * failed, else 1 if a budget failed. With training (--train, a training
 * option or figure), the cfg is loaded a second time at the size Darknet
 * trains at when random= changes it, and --batch is [net] batch. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

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

static int is_training(yf_figure f)
{
    return f >= 0 && (yf_figure_get(f)->flags & YF_FIG_TRAINING);
}

/* --train, a training option, or a training figure asked for. */
static int training_on(const cli *c)
{
    const yf_train_opts *o = &c->topt;
    int on = c->train || o->subdivisions || o->iterations >= 0 || o->optimizer >= 0 || o->amp ||
             o->memory || o->workspace >= 0 || o->no_random || o->no_cudnn_half ||
             is_training(c->sort);
    for (int i = 0; i < c->n_limits; i++)
        on |= is_training(c->limits[i].figure);
    for (int i = 0; i < c->ro.n_columns; i++)
        on |= is_training(c->columns[i]);
    return on;
}

/* The training analysis, with the model at Darknet's training size. */
static int train(const cli *c, const yf_model *m, yf_training *t, yf_error *err)
{
    int64_t w, h;
    yf_model *at = NULL;
    if (!c->topt.no_random && yf_training_size(m, &w, &h)) {
        at = yf_model_load_resized(m, w, h, err);
        if (!at)
            return err->code;
    }
    int status = yf_training_compute(m, at ? at : m, &c->topt, t, err);
    yf_model_free(at);
    return status;
}

/* A batch that is not a whole number of mini-batches: Darknet divides in
 * integers (parser.c) and trains fewer, or more, images than asked.
 * Returns 1 when it warned. */
static int batch_warning(const cli *c, const yf_model *m, const yf_training *t)
{
    if (t->batch % t->subdivisions == 0)
        return 0;
    if (!c->quiet) {
        char msg[400];
        if (t->batch < t->subdivisions)
            snprintf(msg, sizeof(msg),
                     "batch %lld is smaller than subdivisions %lld: Darknet's "
                     "mini-batch batch/subdivisions is 0, raised to 1, so an iteration trains "
                     "%lld images, not %lld",
                     (long long)t->batch, (long long)t->subdivisions,
                     (long long)t->images_per_iteration, (long long)t->batch);
        else
            snprintf(msg, sizeof(msg),
                     "batch %lld is not a multiple of subdivisions %lld: Darknet "
                     "divides in integers and trains %lld mini-batches of %lld, %lld images per "
                     "iteration, not %lld",
                     (long long)t->batch, (long long)t->subdivisions,
                     (long long)t->subdivisions, (long long)t->mini_batch,
                     (long long)t->images_per_iteration, (long long)t->batch);
        yf_warning w = {.line = 0, .message = msg};
        yf_cli_print_warning(c, m->name, &w);
    }
    return 1;
}

/* Training time on the first device: its estimate of a forward pass of the
 * mini-batch (the model loaded again with that batch), kept in *keep. */
static void train_time(const cli *c, const cli_devices *dv, const yf_model *m, yf_training *t,
                       yf_latency **keep)
{
    yf_error err;
    yf_model *mb = NULL;
    *keep = NULL;
    if (t->mini_batch != m->batch && !(mb = yf_model_load_batch(m, t->mini_batch, &err)))
        return; /* the figures are left out; the memory analysis said why if it matters */
    cli dn = *c; /* Darknet trains: its runtime unless --runtime says, where it runs */
    if (!dn.lat.runtime)
        dn.lat.runtime = "darknet";
    if (yf_cli_estimate(&dn, dv, mb ? mb : m, keep, &err) == YF_OK ||
        (dn.lat.runtime != c->lat.runtime && yf_cli_estimate(c, dv, mb ? mb : m, keep, &err) == YF_OK))
        yf_training_time(t, *keep);
    yf_model_free(mb);
}

/* Profiles one loaded model: training, latency estimates, budgets, rows,
 * rendering. */
static int one(const cli *c, const cli_devices *dv, yf_document *doc, const yf_model *m,
               int *failed_checks)
{
    yf_check checks[MAX_CHECKS];
    yf_profile p = {.model = m, .ptflops_backend = c->ptflops_backend};
    yf_training t;
    yf_error err;
    int oom;
    yf_error_clear(&err);
    if (c->train && train(c, m, &t, &err)) {
        snprintf(err.file, sizeof(err.file), "%s", m->name);
        yf_cli_print_error(&err);
        yf_doc_failure(doc, &err);
        return err.code == YF_ERR_NOMEM ? EXIT_OUTPUT : EXIT_INPUT;
    }
    p.training = c->train ? &t : NULL;
    if (p.training && batch_warning(c, m, &t) && c->strict) {
        err.code = YF_ERR_VALUE;
        snprintf(err.message, sizeof(err.message), "1 warning treated as errors (--strict)");
        snprintf(err.file, sizeof(err.file), "%s", m->name);
        yf_cli_print_error(&err);
        yf_doc_failure(doc, &err);
        yf_training_release(&t);
        return EXIT_INPUT;
    }
    cli_latency lat;
    int status = yf_cli_latency(c, dv, m, &p, &lat);
    if (status) {
        if (p.training)
            yf_training_release(&t);
        return status;
    }
    yf_latency *mini = NULL;
    if (p.training && p.latency)
        train_time(c, dv, m, &t, &mini);
    *failed_checks += yf_cli_checks(c, m->name, NULL, &p, checks, &p.n_checks);
    *failed_checks += yf_cli_device_checks(c, m->name, &p, checks, &p.n_checks, MAX_CHECKS);
    p.checks = checks;
    int *rows = order(c, &p, &p.n_order, &oom);
    if (oom) {
        yf_cli_eprint("yoloflops: error: out of memory");
        if (p.training)
            yf_training_release(&t);
        yf_cli_latency_release(&lat);
        yf_latency_free(mini);
        return EXIT_OUTPUT;
    }
    p.order = rows;
    yf_doc_profile(doc, &p);
    free(rows);
    if (p.training)
        yf_training_release(&t);
    yf_cli_latency_release(&lat);
    yf_latency_free(mini);
    return EXIT_OK;
}

/* Training on a device without --memory: whether it fits the device's
 * memory (the first device's, when its spec gives one). */
static void device_memory(cli *c, const cli_devices *dv)
{
    if (!c->train || c->topt.memory || dv->n < 1)
        return;
    double bytes = dv->list[0].spec[YF_SPEC_MEMORY].value;
    if (!(bytes >= 1) || bytes > 9e18)
        return;
    c->topt.memory = (int64_t)bytes;
    memcpy(c->topt.memory_from, dv->list[0].id, sizeof(c->topt.memory_from));
}

/* --emit-cfg: the edited cfg instead of its profile. */
static int emit(cli *c)
{
    if (c->n_files != 1)
        return yf_cli_usage_error(c, "--emit-cfg writes one cfg, got %d", c->n_files);
    yf_error err;
    yf_model *m = yf_cli_load_edited(c, c->files[0], &c->opt, &err);
    if (!m)
        return yf_cli_exit_code(err.code);
    yf_writer w;
    yf_cli_stdout(&w);
    yf_writer_put(&w, m->cfg_text, m->cfg_len);
    yf_model_free(m);
    return yf_cli_flush(&w);
}

int yf_cmd_profile(cli *c)
{
    if (c->n_files == 0)
        return yf_cli_usage_error(c, "no cfg file given");
    c->train = training_on(c);
    if (c->train) { /* --batch is [net] batch: the model stays per image */
        c->topt.batch = c->opt.batch;
        c->opt.batch = 0;
    }
    if (c->emit_cfg)
        return emit(c);
    if (c->n_sizes && c->train)
        return yf_cli_usage_error(c, "training figures are for one input size: --train takes "
                                     "no range or list for --input");
    if (c->n_sizes && (c->sort >= 0 || c->top))
        return yf_cli_usage_error(c, "--sort and --top order layers: a size sweep lists sizes");
    if (c->n_sizes && (c->by || c->calibrate > 0))
        return yf_cli_usage_error(c, "%s is about one input size: a size sweep takes neither "
                                     "--by nor --calibrate", c->by ? "--by" : "--calibrate");
    cli_devices dv;
    int opened = yf_cli_devices_open(c, &dv);
    if (opened)
        return opened;
    device_memory(c, &dv);
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
        if (c->n_sizes) {
            int code = yf_cli_sweep(c, &dv, &doc, c->files[i]);
            if (code == EXIT_OUTPUT || yf_cli_flush(&w)) {
                yf_cli_devices_close(&dv);
                return EXIT_OUTPUT;
            }
            bad_input |= code == EXIT_INPUT;
            failed_checks += code == EXIT_CHECK;
            continue;
        }
        yf_model *m = yf_cli_load_edited(c, c->files[i], &c->opt, &err);
        int status = EXIT_OK;
        if (m) {
            status = one(c, &dv, &doc, m, &failed_checks);
            bad_input |= status == EXIT_INPUT;
            status = status == EXIT_INPUT ? EXIT_OK : status;
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
