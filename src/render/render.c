/* Dispatch: the list of output formats and the document calls that reach
 * them. The formats depend on render.h and fmt.c, never on this file. */
#include "render.h"

#include <string.h>

extern const yf_renderer yf_renderer_table, yf_renderer_json, yf_renderer_jsonl,
    yf_renderer_csv, yf_renderer_md, yf_renderer_html;

static const yf_renderer *const renderers[] = {&yf_renderer_table, &yf_renderer_json,
                                               &yf_renderer_jsonl, &yf_renderer_csv,
                                               &yf_renderer_md, &yf_renderer_html};

const yf_renderer *yf_renderer_find(const char *name)
{
    for (size_t i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++)
        if (strcmp(renderers[i]->name, name) == 0)
            return renderers[i];
    return NULL;
}

const char *yf_renderer_names(void)
{
    return "table, json, jsonl, csv, md, html";
}

void yf_doc_begin(yf_document *d, const yf_renderer *r, yf_writer *w, const yf_render_opts *ro,
                  int n)
{
    static const yf_render_opts none = {0};
    *d = (yf_document){r, w, ro ? ro : &none, n, 0};
    if (r->begin)
        r->begin(d);
}

void yf_doc_profile(yf_document *d, const yf_profile *p)
{
    d->renderer->profile(d, p);
    d->index++;
}

void yf_doc_failure(yf_document *d, const yf_error *err)
{
    if (d->renderer->failure)
        d->renderer->failure(d, err);
    d->index++;
}

void yf_doc_diff(yf_document *d, const yf_diff *diff)
{
    d->renderer->diff(d, diff);
    d->index++;
}

void yf_doc_weights(yf_document *d, const yf_model *m, const char *weights_path,
                    const yf_weights_report *rep)
{
    d->renderer->weights(d, m, weights_path, rep);
    d->index++;
}

void yf_doc_sweep(yf_document *d, yf_sweep *s, const yf_size *sizes, int n)
{
    d->renderer->sweep(d, s, sizes, n);
    d->index++;
}

void yf_doc_devices(yf_document *d, const yf_latency_db *db, const yf_device *list, int n,
                    int detail)
{
    if (d->renderer->devices)
        d->renderer->devices(d, db, list, n, detail);
    d->index++;
}

void yf_doc_calibration(yf_document *d, const yf_calibration *c)
{
    if (d->renderer->calibration)
        d->renderer->calibration(d, c);
    d->index++;
}

void yf_doc_end(yf_document *d)
{
    if (d->renderer->end)
        d->renderer->end(d);
}
