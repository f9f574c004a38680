/* Entry point: picks the subcommand (git's commands[]), parses the options
 * and runs it. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Non-ASCII punctuation only where the locale says UTF-8 (the CLI, not the
 * library, reads the environment). */
static int utf8_locale(void)
{
    const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strstr(v, "UTF-8") || strstr(v, "utf8") || strstr(v, "UTF8") ||
                   strstr(v, "utf-8");
    }
    return 0;
}

static const struct command {
    const char *name;
    int id;
    int (*run)(cli *c);
} commands[] = {
    {"", CMD_PROFILE, yf_cmd_profile},
    {"diff", CMD_DIFF, yf_cmd_diff},
    {"check", CMD_CHECK, yf_cmd_check},
    {"devices", CMD_DEVICES, yf_cmd_devices},
};

int yf_cli_main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* A model's arena blocks are freed and allocated again for each cfg
     * (and each size of a sweep): keep them in the heap rather than giving
     * them back to the kernel, which zeroes fresh pages on every load. */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    cli c = {.command = CMD_PROFILE, .sort = -1,
             .topt = {.iterations = -1, .optimizer = YF_OPT_CFG, .workspace = -1}};
    const struct command *cmd = &commands[0];
    int first = 1;
    for (size_t i = 1; argc > 1 && i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            cmd = &commands[i];
            first = 2;
        }
    c.opt.on_lost_warning = yf_cli_lost_warning;
    c.opt.lost_warning_ctx = &c;
    c.command = cmd->id;
    c.command_name = cmd->name;
    c.format = yf_renderer_find("table");
    c.ro.ascii = !utf8_locale();
    c.files = calloc((size_t)argc + 1, sizeof(char *));
    c.sets = calloc((size_t)argc + 1, sizeof(char *));
    int status = c.files && c.sets ? yf_cli_parse(&c, argc, argv, first) : EXIT_OUTPUT;
    if (status == EXIT_OK && c.help)
        yf_cli_help(stdout, c.command);
    else if (status == EXIT_OK && c.man)
        yf_cli_man(stdout);
    else if (status == EXIT_OK && c.version)
        printf("yoloflops %s\n", YF_VERSION);
    else if (status == EXIT_OK)
        status = cmd->run(&c);
    if ((c.help || c.man || c.version) && status == EXIT_OK && fflush(stdout) != 0) {
        yf_cli_eprint("yoloflops: error: cannot write the output");
        status = EXIT_OUTPUT;
    }
    free(c.files);
    free(c.sets);
    free(c.sizes);
    /* A warning or error lost on stderr is a failed write like any other:
     * nothing can say so, but the exit code can. */
    if (status == EXIT_OK && (fflush(stderr) != 0 || ferror(stderr)))
        status = EXIT_OUTPUT;
    return status;
}
