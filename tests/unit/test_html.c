/* The HTML report: escaping, numbers as printf writes them, one
 * self-contained page, bars per layer and their aggregation, the charts'
 * building blocks with made-up data (the roofline the device views will
 * use). The page in a real browser: tests/html_browser.py. */
#include "helpers.h"
#include "render/html.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Occurrences of needle in hay. */
static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The text between the first `open` after `from` and the next `close`. */
static char *between(const char *hay, const char *from, const char *open, const char *close)
{
    const char *a = strstr(hay, from);
    assert_non_null(a);
    a = strstr(a, open);
    assert_non_null(a);
    a += strlen(open);
    const char *b = strstr(a, close);
    assert_non_null(b);
    char *out = malloc((size_t)(b - a) + 1);
    assert_non_null(out);
    memcpy(out, a, (size_t)(b - a));
    out[b - a] = '\0';
    return out;
}

static void to_buf(yf_buf *b, yf_writer *w)
{
    yf_buf_init(b);
    yf_writer_init(w, yf_buf_write, b);
}

static void html_should_escape_text(void **state)
{
    (void)state;
    yf_buf b;
    yf_writer w;
    to_buf(&b, &w);
    yf_html_esc(&w, "<a href='x'>&\"\x01\n");
    yf_html_esc(&w, NULL);
    assert_int_equal(yf_writer_finish(&w, NULL), YF_OK);
    assert_string_equal(b.data, "&lt;a href=&#39;x&#39;&gt;&amp;&quot;?&#10;");
    yf_buf_release(&b);
}

/* Every number the page writes by hand is the text printf would write. */
static void html_should_write_numbers_as_printf_does(void **state)
{
    (void)state;
    static const double reals[] = {0, 0.0005, 0.0015, 0.1495, 1.5, 2.5, 128.458794496, -0.0004,
                                   -3.25, 0.5, 1e-12, 123456.7890125, 5.570672640, 9.9995,
                                   1e11 + 0.5, 7e300, 0.1234567895, 2.6};
    char a[48], b[48], c[32];
    for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
        for (int d = 0; d <= 9; d++) {
            snprintf(b, sizeof(b), "%.*f", d, reals[i]);
            assert_string_equal(yf_html_fixed(a, reals[i], d), b);
        }
    uint64_t seed = 12345; /* and many more, of every magnitude */
    for (int i = 0; i < 20000; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        double v = (double)(seed >> 11) / (double)(1ULL << 53) * pow(10, (int)(seed % 15) - 4);
        if (seed & 1)
            v = -v;
        int d = (int)(seed >> 7) % 10;
        snprintf(b, sizeof(b), "%.*f", d, v);
        assert_string_equal(yf_html_fixed(a, v, d), b);
    }
    for (int64_t v = 0; v < INT64_MAX / 4; v = v * 3 + 7) {
        assert_string_equal(yf_html_int_text(a, v), yf_fmt_int(c, v));
        assert_string_equal(yf_html_int_text(a, -v), yf_fmt_int(c, -v));
    }
    assert_string_equal(yf_html_int_text(a, INT64_MAX), yf_fmt_int(c, INT64_MAX));
    assert_string_equal(yf_html_int_text(a, INT64_MIN), yf_fmt_int(c, INT64_MIN));
    assert_string_equal(yf_html_coord_text(a, 12.34), "12.3");
    assert_string_equal(yf_html_coord_text(a, 12.04), "12");
    assert_string_equal(yf_html_coord_text(a, -0.5), "-0.5");
    assert_string_equal(yf_html_coord_text(a, NAN), "0");
    const yf_figure_info bytes = {.show = YF_SHOW_BYTES}, counts = {.show = YF_SHOW_COUNT};
    assert_string_equal(yf_html_short(c, &bytes, 1000.0 * 1024 * 1024), "1000 MiB");
    assert_string_equal(yf_html_short(c, &bytes, 50 * 1024 * 1024), "50 MiB");
    assert_string_equal(yf_html_short(c, &counts, 1.5e9), "1.5G");
    assert_string_equal(yf_html_short(c, &counts, 0), "0");
    const yf_figure_info giga = {.show = YF_SHOW_GIGA};
    assert_string_equal(yf_html_short(c, &giga, 1.5e-5), "0.000015");
    assert_string_equal(yf_html_short(c, &giga, 1500), "1500");
}

static const char small_cfg[] = NET(64, 64, 3)
    "[convolutional]\nfilters=8\nsize=3\nstride=1\npad=1\nbatch_normalize=1\nactivation=leaky\n"
    "[maxpool]\nsize=2\nstride=2\n"
    "[convolutional]\nfilters=16\nsize=3\nstride=1\npad=1\nbatch_normalize=1\nactivation=leaky\n"
    "[route]\nlayers=-1,-2\n"
    "[convolutional]\nfilters=18\nsize=1\nstride=1\npad=1\nactivation=linear\n"
    "[yolo]\nmask=0,1,2\nanchors=10,14,23,27,37,58\nclasses=1\nnum=3\n";

static void render_html(yf_buf *out, const yf_profile *p)
{
    render(out, "html", p, NULL);
}

/* One page: doctype to </html>, every style and script inline, no URL at
 * all (a Content-Security-Policy forbids fetching anything), the cfg's
 * name escaped. */
static void html_should_write_one_self_contained_page(void **state)
{
    (void)state;
    yf_error err;
    yf_model *m = yf_model_load_buffer(small_cfg, strlen(small_cfg), "<b>&'x\".cfg", NULL, &err);
    assert_non_null(m);
    yf_profile p = {.model = m};
    yf_buf out;
    render_html(&out, &p);
    assert_int_equal(strncmp(out.data, "<!DOCTYPE html>\n", 16), 0);
    assert_string_equal(out.data + out.len - 8, "</html>\n");
    assert_non_null(strstr(out.data, "Content-Security-Policy\" content=\"default-src 'none'"));
    const char *external[] = {"http:", "https:", "//", " src=", "href=", "@import", "url(",
                              "<link", "<img", "<iframe"};
    for (size_t i = 0; i < sizeof(external) / sizeof(external[0]); i++) {
        if (strstr(out.data, external[i]))
            print_error("found '%s'\n", external[i]);
        assert_null(strstr(out.data, external[i]));
    }
    assert_int_equal(count(out.data, "<style>"), 1);
    assert_int_equal(count(out.data, "<script>"), 1);
    assert_null(strstr(out.data, "<b>&"));
    assert_non_null(strstr(out.data, "<h2>&lt;b&gt;&amp;&#39;x&quot;.cfg</h2>"));
    /* the views, by their stable ids */
    const char *ids[] = {"id=\"s0\"", "id=\"s0-totals\"", "id=\"s0-bars\"", "id=\"s0-bars-cap\"",
                         "id=\"s0-mem\"", "id=\"s0-mem-cap\"", "id=\"s0-layers\""};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
        assert_non_null(strstr(out.data, ids[i]));
    /* a switch input per distinct per-layer figure, one checked */
    assert_int_equal(count(out.data, " checked>"), 1);
    /* a row per layer, a hit column per layer, one head marked */
    char *body = between(out.data, "id=\"s0-layers\"", "<tbody>", "</tbody>");
    assert_int_equal(count(body, "<tr"), m->n_layers);
    free(body);
    char *hits = between(out.data, "id=\"s0-bars\"", "<g class=\"hits\">", "</g>");
    assert_int_equal(count(hits, "<rect "), m->n_layers);
    free(hits);
    assert_int_equal(count(out.data, "class=\"headmark\" d="), 1);
    yf_buf_release(&out);
    yf_model_free(m);
}

/* The group of the figure shown first (MACs) has a bar (a subpath) for
 * each layer with MACs, in paths coloured by kind. */
static void html_should_draw_a_bar_per_layer_with_a_value(void **state)
{
    (void)state;
    yf_model *m = load(small_cfg);
    yf_profile p = {.model = m};
    yf_buf out;
    render_html(&out, &p);
    char id[16];
    snprintf(id, sizeof(id), "\"fg f%d\"", yf_figure_find("macs"));
    char *group = between(out.data, id, "<g class=\"bars s0\"", "</g>");
    int with = 0;
    for (int i = 0; i < m->n_layers; i++)
        with += m->layers[i].macs > 0;
    assert_int_equal(count(group, "M"), with);
    assert_non_null(strstr(group, "<path class=\"k0\""));
    free(group);
    /* GFLOPs are 2 x MACs / 1e9 per layer: the same bars, one switch */
    assert_non_null(strstr(out.data, "MACs \xC2\xB7 GFLOPs</label>"));
    snprintf(id, sizeof(id), "\"fg f%d\"", yf_figure_find("gflops"));
    assert_null(strstr(out.data, id));
    yf_buf_release(&out);
    yf_model_free(m);
}

/* 1,000 layers: at most YF_HTML_MAX_SLOTS slots (3 layers each), a
 * tooltip per slot naming the largest, a row per layer. */
static void html_should_aggregate_a_thousand_layers(void **state)
{
    (void)state;
    yf_buf cfg;
    yf_writer w;
    to_buf(&cfg, &w);
    yf_writer_puts(&w, NET(64, 64, 3));
    for (int i = 0; i < 999; i++)
        yf_writer_puts(&w, i % 3 == 2 ? "[shortcut]\nfrom=-2\n"
                                      : "[convolutional]\nfilters=8\nsize=3\npad=1\n");
    yf_writer_puts(&w, "[yolo]\nmask=0\nanchors=10,14\nclasses=3\nnum=1\n");
    assert_int_equal(yf_writer_finish(&w, NULL), YF_OK);
    yf_model *m = load(cfg.data);
    assert_int_equal(m->n_layers, 1000);
    yf_profile p = {.model = m};
    yf_buf out;
    render_html(&out, &p);
    char *hits = between(out.data, "id=\"s0-bars\"", "<g class=\"hits\">", "</g>");
    int k = (1000 + YF_HTML_MAX_SLOTS - 1) / YF_HTML_MAX_SLOTS;
    assert_int_equal(count(hits, "<rect "), (1000 + k - 1) / k);
    assert_non_null(strstr(hits, "#0 to #2 (3), the largest of each figure:"));
    free(hits);
    char *body = between(out.data, "id=\"s0-layers\"", "<tbody>", "</tbody>");
    assert_int_equal(count(body, "<tr"), 1000);
    free(body);
    assert_true(out.len < 1500000);
    yf_buf_release(&out);
    yf_buf_release(&cfg);
    yf_model_free(m);
}

/* The roofline the device views will draw, with made-up numbers: a point
 * per layer with intensity and rate (those at 0 skipped), a memory
 * diagonal and a flat compute roof per precision, labelled. */
static void roofline_should_draw_points_under_roofs(void **state)
{
    (void)state;
    const yf_html_point pts[] = {{0.5, 2e9, 0, "#0 a"}, {10, 4e11, 1, "#1 b"},
                                 {100, 9e11, 0, "#2 <c>"}, {0, 1e9, 2, "skipped"},
                                 {2, 0, 2, "skipped"}};
    const yf_html_roof roofs[] = {{"fp32", 1e12, 25.6e9}, {"fp16", 4e12, 25.6e9}};
    yf_buf b;
    yf_writer w;
    to_buf(&b, &w);
    assert_int_equal(yf_html_roofline_svg(&w, "r", pts, 5, roofs, 2), 3);
    assert_int_equal(yf_writer_finish(&w, NULL), YF_OK);
    assert_int_equal(count(b.data, "<polyline class=\"roof c"), 2);
    assert_int_equal(count(b.data, "<circle "), 3);
    assert_non_null(strstr(b.data, "<title>#2 &lt;c&gt;</title>"));
    assert_non_null(strstr(b.data, ">fp16 4 TFLOP/s</text>"));
    assert_non_null(strstr(b.data, "aria-labelledby=\"r-cap\""));
    /* each roof: up the diagonal to its ridge (peak / bandwidth), then flat */
    char *roof = between(b.data, "roof c0", "points=\"", "\"");
    assert_int_equal(count(roof, ","), 3);
    free(roof);
    yf_buf_release(&b);
    /* nothing to draw: an empty chart, no failure */
    to_buf(&b, &w);
    assert_int_equal(yf_html_roofline_svg(&w, "r", NULL, 0, NULL, 0), 0);
    assert_int_equal(yf_writer_finish(&w, NULL), YF_OK);
    assert_non_null(strstr(b.data, "</svg>"));
    yf_buf_release(&b);
}

/* Small multiples: a panel and a line per series, a point per item. */
static double lx(const void *ctx, int i)
{
    (void)ctx;
    return (double)((i * 7) % 5 + 1) * 1000; /* out of order */
}

static double ly(const void *ctx, int s, int i)
{
    (void)ctx;
    return s == 0 ? lx(ctx, i) * 2 : i == 3 ? -1 : 5; /* series 1 skips item 3 */
}

static const yf_figure_info *lfig(const void *ctx, int s)
{
    (void)ctx;
    return yf_figure_get(s);
}

static void lwrite(const void *ctx, yf_writer *w, int i)
{
    (void)ctx;
    yf_writer_printf(w, "x%d", i);
}

static void ltitle(const void *ctx, yf_writer *w, int s, int i)
{
    (void)ctx;
    yf_writer_printf(w, "s%d i%d", s, i);
}

static void lhead(const void *ctx, yf_writer *w, int s)
{
    (void)ctx;
    yf_writer_printf(w, "series %d", s);
}

static void lines_should_draw_a_panel_per_series(void **state)
{
    (void)state;
    yf_html_lines l = {"l", 5, 2, NULL, lx, ly, lfig, lwrite, ltitle, lhead};
    yf_buf b;
    yf_writer w;
    to_buf(&b, &w);
    assert_int_equal(yf_html_lines_svg(&w, &l), 9);
    assert_int_equal(yf_writer_finish(&w, NULL), YF_OK);
    assert_int_equal(count(b.data, "<g class=\"panel\">"), 2);
    assert_int_equal(count(b.data, "<polyline"), 2);
    assert_non_null(strstr(b.data, ">series 1</text>"));
    /* the line joins the items in order of x: x1000 is item 3 (x0 is 1000 too) */
    char *line = between(b.data, "ln c0", "points=\"", "\"");
    assert_int_equal(count(line, ","), 5);
    free(line);
    yf_buf_release(&b);
}

/* A diff: both sides per pair, bands on the pairs that differ, the totals
 * as deltas. */
static void html_should_show_both_sides_of_a_diff(void **state)
{
    (void)state;
    yf_model *a = load(small_cfg);
    char edited[sizeof(small_cfg) + 16];
    snprintf(edited, sizeof(edited), "%s", small_cfg);
    memcpy(strstr(edited, "filters=16"), "filters=32", 10);
    yf_model *b = load(edited);
    yf_profile pa = {.model = a}, pb = {.model = b};
    yf_diff d;
    yf_error err;
    assert_int_equal(yf_diff_compute(&pa, &pb, NULL, &d, &err), YF_OK);
    yf_buf out;
    yf_writer w;
    yf_document doc;
    to_buf(&out, &w);
    yf_doc_begin(&doc, yf_renderer_find("html"), &w, NULL, 1);
    yf_doc_diff(&doc, &d);
    yf_doc_end(&doc);
    assert_int_equal(yf_writer_finish(&w, NULL), YF_OK);
    assert_non_null(strstr(out.data, "class=\"yf-item yf-diff\" id=\"s0\""));
    assert_non_null(strstr(out.data, "id=\"s0-totals\""));
    assert_non_null(strstr(out.data, "<g class=\"bars s1\""));
    assert_int_equal(count(out.data, "<rect class=\"chgband\""), d.n_changed);
    char *rows = between(out.data, "id=\"s0-pairs\"", "<tbody>", "</tbody>");
    assert_int_equal(count(rows, "<tr class=\"chg\">"), d.n_changed);
    free(rows);
    assert_non_null(strstr(out.data, "<td class=\"n up\">"));
    yf_buf_release(&out);
    yf_diff_release(&d);
    yf_model_free(a);
    yf_model_free(b);
}

/* A kind's colour is its registry index: the same whichever kinds a page
 * has or in what order they come, and distinct for every kind. */
static void kinds_should_keep_their_colour(void **state)
{
    (void)state;
    yf_html_kinds a = {0}, b = {0};
    yf_layer one[2] = {{.type = "shortcut"}, {.type = "convolutional"}};
    yf_layer other[3] = {{.type = "maxpool"}, {.type = "upsample"}, {.type = "shortcut"}};
    yf_model ma = {.n_layers = 2, .layers = one}, mb = {.n_layers = 3, .layers = other};
    yf_html_kinds_add(&a, &ma);
    yf_html_kinds_add(&b, &mb);
    assert_int_equal(a.n, 2);
    assert_int_equal(yf_html_kind(&a, "shortcut"), yf_html_kind(&b, "shortcut"));
    int n = yf_kind_count(), seen[YF_HTML_COLOURS] = {0};
    assert_true(n <= YF_HTML_COLOURS);
    for (int i = 0; i < n; i++) {
        int c = yf_html_kind(&a, yf_kind_at(i)->name);
        assert_int_equal(c, i);
        assert_int_equal(seen[c]++, 0);
    }
    assert_int_equal(yf_html_kind(&a, "other"), YF_HTML_COLOURS - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_should_escape_text),
        cmocka_unit_test(html_should_write_numbers_as_printf_does),
        cmocka_unit_test(html_should_write_one_self_contained_page),
        cmocka_unit_test(html_should_draw_a_bar_per_layer_with_a_value),
        cmocka_unit_test(html_should_aggregate_a_thousand_layers),
        cmocka_unit_test(roofline_should_draw_points_under_roofs),
        cmocka_unit_test(lines_should_draw_a_panel_per_series),
        cmocka_unit_test(html_should_show_both_sides_of_a_diff),
        cmocka_unit_test(kinds_should_keep_their_colour),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
