/* Shared by the CLI's option parsing (cli.c) and its commands (cli_run.c). */
#ifndef YF_CLI_INTERNAL_H
#define YF_CLI_INTERNAL_H

#include "yoloflops.h"

enum { CMD_PROFILE = 1, CMD_DIFF = 2, CMD_CHECK = 4, CMD_ALL = 7 };
enum { MAX_LIMITS = 64 };

typedef struct cli {
    int command;           /* CMD_* */
    yf_options opt;        /* applies to every cfg */
    int64_t vs_w, vs_h;    /* diff --vs-input */
    yf_format format;
    yf_render_opts ro;
    int quiet, help, version, exit_code;
    const char **files;
    int n_files;
    yf_limit limits[MAX_LIMITS];
    int n_limits;
} cli;

/* Prints "yoloflops: error: ..." and returns YF_ERR_INPUT. */
int yf_cli_usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

int yf_cli_profile(cli *c);
int yf_cli_diff(cli *c);
int yf_cli_check(cli *c);


#endif
