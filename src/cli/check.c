/* yoloflops check cfg file.weights: does the file fit the cfg? Reads the
 * header and the size only. Exit 0 match, 1 mismatch, 4 a partial file
 * (the first layers only, as Darknet's `partial` writes a backbone). */
#include "cli.h"

int yf_cmd_check(cli *c)
{
    if (c->n_files != 2)
        return yf_cli_usage_error(c, "check needs a cfg and a .weights file");
    if (c->n_sizes)
        return yf_cli_usage_error(c, "a .weights file does not depend on the input size: check "
                                     "takes no range or list for --input");
    yf_error err;
    yf_model *m = yf_cli_load_edited(c, c->files[0], &c->opt, &err);
    if (!m)
        return yf_cli_exit_code(err.code);
    yf_weights_report r;
    int status = yf_weights_check(m, c->files[1], &r, &err);
    if (status) {
        yf_cli_print_error(&err);
        status = yf_cli_exit_code(status);
    } else {
        yf_writer w;
        yf_document doc;
        yf_cli_stdout(&w);
        yf_doc_begin(&doc, c->format, &w, &c->ro, 1);
        yf_doc_weights(&doc, m, c->files[1], &r);
        yf_doc_end(&doc);
        status = yf_cli_flush(&w);
    }
    yf_model_free(m);
    if (status)
        return status;
    return r.status == YF_WEIGHTS_MATCH     ? EXIT_OK
           : r.status == YF_WEIGHTS_PARTIAL ? EXIT_PARTIAL
                                            : EXIT_CHECK;
}
