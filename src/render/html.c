/* HTML: one self-contained page (docs/html.md) holding a section per item
 * of the document (a profile, a diff, a size sweep, a .weights check, a cfg
 * that failed), with inline SVG charts, inline CSS and a small script; no
 * network request (a Content-Security-Policy forbids any), readable without
 * the script, printable, light or dark as the reader's system prefers. */
#include "html.h"

#include <stdio.h>

static void begin(const yf_document *doc)
{
    yf_writer *w = doc->w;
    yf_writer_puts(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; "
                      "form-action 'none'\">\n<meta name=\"generator\" content=\"yoloflops "
                      YF_VERSION "\">\n<meta name=\"color-scheme\" content=\"light dark\">\n"
                      "<title>yoloflops report</title>\n");
    yf_html_style(w);
    yf_writer_puts(w, "</head>\n<body>\n<main>\n<h1>yoloflops " YF_VERSION " report</h1>\n");
}

static void end(const yf_document *doc)
{
    yf_writer *w = doc->w;
    yf_writer_puts(w, "<footer>Written by yoloflops " YF_VERSION ". A self-contained page: "
                      "inline SVG, CSS and script, no network request; every chart has its "
                      "numbers in its caption and tooltips, and every figure is in a table."
                      "</footer>\n</main>\n");
    yf_html_script(w);
    yf_writer_puts(w, "</body>\n</html>\n");
}

/* A cfg that failed: its error where its section would be. */
static void failure(const yf_document *doc, const yf_error *e)
{
    char id[16], msg[1400];
    snprintf(id, sizeof(id), "s%d", doc->index);
    yf_error_format(e, msg, sizeof(msg));
    yf_html_section(doc->w, "yf-failure", id, e->file[0] ? e->file : "error");
    yf_writer_puts(doc->w, "</header><p class=\"bad\">");
    yf_html_esc(doc->w, msg);
    yf_writer_puts(doc->w, "</p></section>\n");
}

const yf_renderer yf_renderer_html = {
    .name = "html",
    .begin = begin,
    .profile = yf_html_profile,
    .failure = failure,
    .diff = yf_html_diff,
    .weights = yf_html_weights,
    .sweep = yf_html_sweep,
    .devices = yf_html_devices,
    .calibration = yf_html_calibration,
    .end = end,
};
