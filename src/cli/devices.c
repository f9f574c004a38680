/* yoloflops devices [id...]: the device presets of the latency estimate,
 * with their figures, each figure's tag and source, and the runtimes and
 * precisions fitted on published measurements; with ids, those devices in
 * full. */
#include "cli.h"

#include <stdlib.h>

int yf_cmd_devices(cli *c)
{
    cli_devices dv;
    int status = yf_cli_devices_open(c, &dv);
    if (status)
        return status;
    int n = c->n_files ? c->n_files : yf_device_count(dv.db);
    yf_device *list = malloc(sizeof(*list) * (size_t)(n ? n : 1));
    if (!list) {
        yf_cli_devices_close(&dv);
        yf_cli_eprint("yoloflops: error: out of memory");
        return EXIT_OUTPUT;
    }
    for (int i = 0; i < n && !status; i++) {
        yf_error err;
        if (!c->n_files)
            yf_device_at(dv.db, i, &list[i]);
        else if (yf_device_find(dv.db, c->files[i], &list[i], &err)) {
            yf_cli_eprint("yoloflops: error: %s", err.message);
            status = EXIT_INPUT;
        }
    }
    if (!status) {
        yf_writer w;
        yf_document doc;
        yf_cli_stdout(&w);
        yf_doc_begin(&doc, c->format, &w, &c->ro, 1);
        yf_doc_devices(&doc, dv.db, list, n, c->n_files > 0);
        yf_doc_end(&doc);
        status = yf_cli_flush(&w);
    }
    free(list);
    yf_cli_devices_close(&dv);
    return status;
}
