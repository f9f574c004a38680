/* libFuzzer target: the command line's option parser (and --help/--man),
 * on argv vectors made from the input split at NUL bytes. Arguments that
 * name paths are skipped: the target parses, it does not read files. */
#include "cli/cli.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096 || memchr(data, '/', size))
        return 0;
    char *text = malloc(size + 1);
    char *argv[130];
    int argc = 0;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    argv[argc++] = "yoloflops";
    for (char *p = text; p < text + size && argc < 128; p += strlen(p) + 1)
        argv[argc++] = p;
    argv[argc] = NULL;
    static const int commands[] = {CMD_PROFILE, CMD_DIFF, CMD_CHECK};
    FILE *null = fopen("/dev/null", "w");
    FILE *saved = stderr;
    stderr = null ? null : stderr; /* usage errors go to stderr: keep the log readable */
    for (int k = 0; k < 3; k++) {
        cli c = {.command = commands[k], .command_name = k ? "diff" : "", .sort = -1};
        c.format = yf_renderer_find("table");
        c.files = calloc((size_t)argc + 1, sizeof(char *));
        c.sets = calloc((size_t)argc + 1, sizeof(char *));
        if (c.files && c.sets)
            (void)yf_cli_parse(&c, argc, argv, 1);
        free(c.files);
        free(c.sets);
        free(c.sizes);
    }
    if (null) {
        yf_cli_help(null, commands[size % 3]);
        if (size % 7 == 0)
            yf_cli_man(null);
        fclose(null);
    }
    stderr = saved;
    free(text);
    return 0;
}
