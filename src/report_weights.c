/* Rendering a .weights check: text (table format), Markdown, CSV; JSON is
 * in report_json.c. */
#include "internal.h"
#include "report.h"

#include <inttypes.h>
#include <stdio.h>

static const char *const status_names[] = {"match", "short", "long"};

static void verdict(const yf_weights_report *r, yf_buf *out)
{
    char n[32];
    int64_t d = r->file_floats - r->expected_floats;
    if (r->status == YF_WEIGHTS_MATCH)
        yf_buf_printf(out, "MATCH");
    else
        yf_buf_printf(out, "MISMATCH: %s floats %s", yf_fmt_int(n, d < 0 ? -d : d),
                      d < 0 ? "missing" : "extra");
}

static void details(const yf_model *m, const yf_weights_report *r, yf_buf *out, const char *bullet)
{
    char a[32], b[32];
    yf_buf_printf(out, "%sheader: version %d.%d.%d, seen %" PRIu64 " images (%d-byte header)\n",
                  bullet, r->major, r->minor, r->revision, r->seen, r->header_bytes);
    yf_buf_printf(out, "%sfile: %s bytes = %s floats", bullet, yf_fmt_int(a, r->file_bytes),
                  yf_fmt_int(b, r->file_floats));
    if (r->trailing_bytes)
        yf_buf_printf(out, " + %lld trailing bytes", (long long)r->trailing_bytes);
    yf_buf_printf(out, "\n%scfg: %s floats\n", bullet, yf_fmt_int(a, r->expected_floats));
    if (r->runs_out_layer >= 0) {
        const yf_layer *l = &m->layers[r->runs_out_layer];
        yf_buf_printf(out, "%sthe file ends inside layer #%d (%s %s, line %d) after %s of its %s "
                           "floats\n",
                      bullet, l->index, l->type, l->desc, l->line,
                      yf_fmt_int(a, r->runs_out_floats), yf_fmt_int(b, l->weights_file_floats));
    }
    if (r->hint_classes > 0) {
        int64_t cfg_classes = 0;
        for (int i = 0; i < m->n_layers && !cfg_classes; i++)
            if (m->layers[i].is_head)
                cfg_classes = m->layers[i].head.classes;
        yf_buf_printf(out, "%shint: the file's size fits classes=%lld in every head (the cfg says "
                           "classes=%lld): was it trained for another number of classes?\n",
                      bullet, (long long)r->hint_classes, (long long)cfg_classes);
    }
}

int yf_render_weights(yf_format fmt, const yf_model *m, const char *path,
                      const yf_weights_report *r, yf_buf *out, yf_error *err)
{
    switch (fmt) {
    case YF_FMT_JSON:
        return yf_render_weights_json(m, path, r, out, err);
    case YF_FMT_CSV:
        yf_buf_printf(out, "cfg,weights,status,expected_floats,file_floats,major,minor,revision,"
                           "seen,runs_out_layer,hint_classes\n\"%s\",\"%s\",%s,%lld,%lld,%d,%d,%d,"
                           "%" PRIu64 ",%d,%lld\n",
                      m->name, path, status_names[r->status], (long long)r->expected_floats,
                      (long long)r->file_floats, r->major, r->minor, r->revision, r->seen,
                      r->runs_out_layer, (long long)r->hint_classes);
        return YF_OK;
    case YF_FMT_MD:
        yf_buf_printf(out, "### `%s` vs `%s`: ", m->name, path);
        verdict(r, out);
        yf_buf_printf(out, "\n\n");
        details(m, r, out, "- ");
        return YF_OK;
    case YF_FMT_TABLE:
        break;
    }
    yf_buf_printf(out, "%s vs %s: ", m->name, path);
    verdict(r, out);
    yf_buf_printf(out, "\n");
    details(m, r, out, "  ");
    return YF_OK;
}
