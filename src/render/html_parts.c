/* Pieces every section of the HTML report shares: the colour classes of
 * layer kinds, a layer's name for tooltips, lists of budgets, edits and
 * warnings, the totals table. */
#include "html.h"

#include <stdio.h>
#include <string.h>

#define PUT(w, s) yf_html_put(w, s)

const yf_figure_info yf_html_bytes_info = {.name = "bytes", .column = "bytes",
                                           .show = YF_SHOW_BYTES};
const yf_figure_info yf_html_us_info = {.name = "us", .column = "\xC2\xB5s", .show = YF_SHOW_COUNT};

void yf_html_list_items(yf_writer *w, yf_buf *b)
{
    for (char *s = b->data, *e; s && *s; s = *e ? e + 1 : e) {
        e = strchr(s, '\n');
        if (!e)
            e = s + strlen(s);
        char keep = *e;
        *e = '\0';
        PUT(w, "<li>");
        yf_html_esc(w, s);
        PUT(w, "</li>");
        *e = keep;
    }
}

void yf_html_kinds_add(yf_html_kinds *k, const yf_model *m)
{
    for (int i = 0; i < m->n_layers; i++) {
        const char *t = m->layers[i].type;
        int j = 0;
        while (j < k->n && k->name[j] != t && strcmp(k->name[j], t) != 0)
            j++;
        if (j == k->n && k->n < YF_HTML_KINDS)
            k->name[k->n++] = t;
        if (j < k->n)
            k->count[j]++;
    }
}

int yf_html_kind(const yf_html_kinds *k, const char *type)
{
    (void)k;
    int n = yf_kind_count();
    for (int j = 0; j < n; j++) /* a layer's type is its kind's name: compare pointers first */
        if (yf_kind_at(j)->name == type)
            return j % YF_HTML_COLOURS;
    for (int j = 0; j < n; j++)
        if (strcmp(yf_kind_at(j)->name, type) == 0)
            return j % YF_HTML_COLOURS;
    return YF_HTML_COLOURS - 1;
}

void yf_html_kinds_legend(yf_writer *w, const yf_html_kinds *k)
{
    for (int j = 0; j < k->n; j++) {
        yf_writer_printf(w, "<li><i class=\"k%d\"></i>", yf_html_kind(k, k->name[j]));
        yf_html_esc(w, k->name[j]);
        yf_writer_printf(w, " (%d)</li>", k->count[j]);
    }
}

/* Text written by a fmt.c function, escaped. */
#define ESCAPED(w, call)                                                                       \
    do {                                                                                       \
        yf_buf b_;                                                                             \
        yf_writer bw_;                                                                         \
        yf_buf_init(&b_);                                                                      \
        yf_writer_init(&bw_, yf_buf_write, &b_);                                               \
        call;                                                                                  \
        yf_writer_finish(&bw_, NULL);                                                          \
        yf_html_esc_buf(w, &b_);                                                               \
        yf_buf_release(&b_);                                                                   \
    } while (0)

void yf_html_shape(yf_writer *w, yf_shape s)
{
    yf_writer_int(w, s.w);
    PUT(w, "x");
    yf_writer_int(w, s.h);
    PUT(w, "x");
    yf_writer_int(w, s.c);
}

void yf_html_layer_label(yf_writer *w, const yf_layer *l)
{
    PUT(w, "#");
    yf_writer_int(w, l->index);
    PUT(w, " ");
    yf_html_esc(w, l->type);
    PUT(w, " ");
    yf_html_esc(w, l->desc);
}

void yf_html_layer_name(yf_writer *w, const yf_layer *l)
{
    yf_html_layer_label(w, l);
    PUT(w, " \xC2\xB7 ");
    yf_html_shape(w, l->in);
    PUT(w, " \xE2\x86\x92 ");
    yf_html_shape(w, l->out);
    if (l->flags & YF_LAYER_HEAD) {
        PUT(w, "\n");
        ESCAPED(w, yf_render_head_line(&bw_, l));
    }
}

void yf_html_head_line(yf_writer *w, const yf_layer *l)
{
    ESCAPED(w, yf_render_head_line(&bw_, l));
}

void yf_html_headline(yf_writer *w, const yf_model *m)
{
    static const yf_render_opts utf8 = {0};
    ESCAPED(w, yf_render_headline(&bw_, &utf8, m));
}

void yf_html_checks(yf_writer *w, const char *id, const yf_check *c, int n)
{
    if (!n)
        return;
    yf_writer_printf(w, "<h3>Budgets</h3><ul class=\"yf-list yf-checks\" id=\"%s-checks\">", id);
    for (int i = 0; i < n; i++) {
        yf_writer_printf(w, "<li class=\"%s\">", c[i].ok ? "ok" : "bad");
        ESCAPED(w, yf_render_check_line(&bw_, &c[i]));
        PUT(w, "</li>");
    }
    PUT(w, "</ul>");
}

void yf_html_changes(yf_writer *w, const char *id, const yf_model *m)
{
    if (!m->n_changes)
        return;
    yf_writer_printf(w, "<h3>What-if edits</h3><ul class=\"yf-list yf-changes\" id=\"%s-changes\">",
                     id);
    for (int i = 0; i < m->n_changes; i++) {
        PUT(w, "<li>");
        ESCAPED(w, yf_render_change(&bw_, &m->changes[i]));
        PUT(w, "</li>");
    }
    PUT(w, "</ul>");
}

void yf_html_warnings(yf_writer *w, const char *id, const char *title, const yf_model *m)
{
    if (!m->n_warnings)
        return;
    PUT(w, "<h3>");
    yf_html_esc(w, title);
    yf_writer_printf(w, "</h3><ul class=\"yf-list yf-warnings\" id=\"%s-warnings\">", id);
    for (int i = 0; i < m->n_warnings; i++) {
        const yf_warning *wn = &m->warnings[i];
        PUT(w, "<li>");
        if (wn->origin) {
            yf_html_esc(w, wn->origin);
            PUT(w, ": ");
        } else {
            yf_writer_printf(w, "line %d: ", wn->line);
        }
        if (wn->kind == YF_WARN_PRINTOUT)
            PUT(w, "note: ");
        yf_html_esc(w, wn->message);
        PUT(w, "</li>");
    }
    PUT(w, "</ul>");
}

/* One row of totals: the value as people read it, exactly, and how it is
 * counted. */
static void total_row(yf_writer *w, const yf_figure_info *fi, yf_value v, int64_t batch)
{
    char human[48], text[48], exact[48], per[48], hb[32];
    if (fi->show == YF_SHOW_BYTES && v.kind == YF_INT)
        snprintf(human, sizeof(human), "%s", yf_html_bytes(hb, v.i));
    else
        yf_fmt_value(human, fi, v, 1);
    yf_html_cell_text(text, exact, fi, v);
    PUT(w, "<tr><th scope=\"row\">");
    yf_html_esc(w, fi->name);
    PUT(w, "</th><td class=\"n\">");
    yf_html_esc(w, human);
    PUT(w, "</td><td class=\"n\">");
    yf_html_esc(w, exact[0] ? exact : text);
    PUT(w, "</td><td class=\"c\">");
    yf_html_esc(w, fi->convention);
    yf_html_esc(w, yf_batch_note(per, fi, batch));
    PUT(w, "</td></tr>");
}

void yf_html_totals(yf_writer *w, const char *id, const yf_profile *p)
{
    yf_writer_printf(w, "<div class=\"yf-wrap\"><table class=\"yf-totals\" id=\"%s-totals\">"
                        "<thead><tr><th>total</th><th class=\"n\">value</th><th class=\"n\">exact"
                        "</th><th>convention</th></tr></thead><tbody>",
                     id);
    for (yf_figure f = 0; f < yf_figure_count(); f++) {
        const yf_figure_info *fi = yf_figure_get(f);
        yf_value v = yf_figure_value(p, f, -1);
        if ((fi->flags & YF_FIG_TOTAL) && v.kind != YF_NONE)
            total_row(w, fi, v, p->model->batch);
    }
    PUT(w, "</tbody></table></div>");
}

void yf_html_section(yf_writer *w, const char *cls, const char *id, const char *title)
{
    yf_writer_printf(w, "<section class=\"yf-item %s\" id=\"%s\"><header><h2>", cls, id);
    yf_html_esc(w, title);
    PUT(w, "</h2>");
}

void yf_html_sum_add(yf_html_sum *s, yf_value v)
{
    if (v.kind == YF_NONE)
        return;
    s->real += yf_value_real(v);
    if (v.kind == YF_INT)
        s->count = yf_add(s->count, v.i);
    else
        s->integer = 0;
}

yf_value yf_html_sum_value(const yf_html_sum *s)
{
    return s->integer ? (yf_value){.kind = YF_INT, .i = s->count, .d = s->real}
                      : (yf_value){.kind = YF_REAL, .d = s->real};
}
