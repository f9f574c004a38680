/* libFuzzer target: budget files (the one JSON reader), the quantity syntax
 * and limits made from it, and checks evaluated on a model. */
#include "yoloflops.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char cfg[] = "[net]\nwidth=8\nheight=8\nchannels=3\n"
                              "[convolutional]\nfilters=4\nsize=3\npad=1\n";
    yf_error err;
    yf_limit limits[16];
    yf_check checks[16];
    int n = 0;
    yf_model *m = yf_model_load_buffer(cfg, sizeof(cfg) - 1, "fuzz.cfg", NULL, &err);
    if (!m)
        return 0;
    yf_profile p = {.model = m};
    if (yf_budget_parse((const char *)data, size, limits, 16, &n, &err) == YF_OK)
        (void)yf_checks_eval(limits, n, &p, &p, checks);
    char *text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
        double v;
        int pct, suf;
        (void)yf_quantity_parse(text, &v, &pct, &suf);
        for (yf_figure f = 0; f < yf_figure_count(); f++)
            if (yf_limit_make(f, text, (int)(size & 1), "--fuzz", &limits[0], &err) == YF_OK)
                (void)yf_checks_eval(limits, 1, &p, &p, checks);
        int64_t i;
        int range;
        (void)yf_scan_integer(text, &i, &range);
        (void)yf_scan_real(text, &v, &range);
        free(text);
    }
    yf_model_free(m);
    return 0;
}
