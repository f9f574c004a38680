/*
 * The command line, outside the library: parses argv from one typed option
 * table (options.c, which also writes --help and the man page), runs one
 * subcommand (one file each: profile.c, diff.c, check.c), writes results to
 * stdout and diagnostics to stderr, and maps library status codes to exit
 * codes (here alone).
 */
#ifndef YF_CLI_H
#define YF_CLI_H

#include "yoloflops.h"

#include <stdarg.h>
#include <stdio.h>

/* Exit codes (documented in --help, the man page and docs/usage.md). */
enum {
    EXIT_OK = 0,
    EXIT_CHECK = 1,   /* a requested check failed: budget, diff --exit-code, .weights mismatch */
    EXIT_INPUT = 2,   /* invalid input: a cfg, an option, a number, an unreadable file */
    EXIT_OUTPUT = 3,  /* the output could not be written, or out of memory */
    EXIT_PARTIAL = 4  /* check: the .weights file holds only the first layers (a backbone) */
};

enum { CMD_PROFILE = 1, CMD_DIFF = 2, CMD_CHECK = 4, CMD_ALL = 7, CMD_DEVICES = 8 };
enum { MAX_LIMITS = 64, MAX_COLUMNS = 64, MAX_DEVICES = 32, MAX_CHECKS = 256 };

typedef struct cli {
    int command;            /* CMD_* */
    const char *command_name;
    yf_options opt;         /* applies to every cfg */
    int64_t vs_w, vs_h;     /* diff --vs-input */
    const yf_renderer *format;
    yf_render_opts ro;
    yf_figure columns[MAX_COLUMNS];
    int quiet, strict, exit_code, help, version, man;
    int ptflops_backend;    /* yf_ptflops_backend */
    yf_figure sort;         /* -1: layer order */
    int64_t top;            /* 0: every row */
    const char **files;
    int n_files;
    yf_limit limits[MAX_LIMITS];
    int n_limits;
    const char **sets;      /* --set edits, in order */
    int n_sets;
    int64_t classes;        /* --classes, 0 when not given */
    double width;           /* --width multiplier, 0 when not given */
    int64_t width_divisor;  /* --width-divisor, 0 = 8 */
    int emit_cfg;
    yf_size *sizes;         /* --input sweep (a range or a list), else NULL */
    int n_sizes;
    int train;              /* --train, or implied by a training option or figure */
    yf_train_opts topt;     /* --subdivisions, --iterations, --optimizer, --amp, --memory, ... */
    /* the latency estimate (latency.c) */
    const char *device_args[MAX_DEVICES]; /* --device lists and --device-spec texts, in order */
    int device_is_spec[MAX_DEVICES];
    int n_device_args;
    yf_latency_opts lat;    /* --runtime, --nms, --nms-keep, --frame */
    double calibrate;       /* --calibrate FPS; 0: none */
    int calibrate_mode;     /* yf_calibrate_mode */
    const char *fitted;     /* --fitted FILE */
    int by;                 /* --by: yf_by */
    int compute_precision;  /* 1 + the precision --precision or --activations-precision gave
                               the latency estimate; 0: the runtime's default */
} cli;

/* The devices of a run: the model's data and every --device and
 * --device-spec, resolved (latency.c). */
typedef struct cli_devices {
    yf_latency_db *db;
    yf_device list[MAX_DEVICES];
    int n;
} cli_devices;

/* A profile's estimates and groups, owned until yf_cli_latency_release. */
typedef struct cli_latency {
    yf_latency *lat[MAX_DEVICES];
    const yf_latency *view[MAX_DEVICES];
    int n;
    yf_groups stages, by;
} cli_latency;

int yf_cli_main(int argc, char **argv);

/* options.c */
int yf_cli_parse(cli *c, int argc, char **argv, int first);
void yf_cli_help(FILE *f, int command);
void yf_cli_man(FILE *f);
/* Prints "yoloflops: error: ... (see 'yoloflops --help')" and returns EXIT_INPUT. */
int yf_cli_usage_error(const cli *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* output.c */
/* Every diagnostic goes through here: one line, formatted, passed whole
 * through yf_sanitize (file names, options and values are user text), then
 * written to stderr with its newline. */
void yf_cli_eprint(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
void yf_cli_veprint(const char *fmt, va_list ap);
/* Reads a file the CLI needs (--budget, --device-spec, --fitted) through the
 * same path as cfgs (yf_file_read: regular files only, a FIFO refused without
 * blocking, "-" is a file of that name here), at most cap bytes: the text
 * (free() it) or NULL with err set ("cannot open: ...", "file is larger than
 * N bytes"). */
char *yf_cli_read_file(const char *path, size_t cap, size_t *len, yf_error *err);
/* A writer on standard output. */
void yf_cli_stdout(yf_writer *w);
/* The exit code for a library status (input errors 2, memory 3). */
int yf_cli_exit_code(int status);
/* Prints an error in compiler style on stderr. */
void yf_cli_print_error(const yf_error *err);
/* Prints a model's warnings (unless quiet); returns how many there were. */
int yf_cli_print_warnings(const cli *c, const yf_model *m);
/* The same, only the warnings about the cfg itself when cfg_only (a size
 * sweep reports those about a size in its rows). */
int yf_cli_print_cfg_warnings(const cli *c, const yf_model *m, int cfg_only);
/* Loads a cfg, printing its error or warnings; NULL on failure (err set). */
/* A warning or note as "file:line: warning: ..." on stderr, unless c->quiet
 * (c NULL: always, for a note that goes with an error). */
void yf_cli_print_warning(const cli *c, const char *file, const yf_warning *w);
/* yf_options.on_lost_warning: the warnings of a cfg that then failed, before
 * its error (an unknown key that explains it); ctx is the cli. */
void yf_cli_lost_warning(void *ctx, const char *file, const yf_warning *w);
yf_model *yf_cli_load(const cli *c, const char *path, const yf_options *opt, yf_error *err);
/* With --strict: prints "N warnings treated as errors", frees m, returns NULL. */
yf_model *yf_cli_strict_fail(yf_model *m, yf_error *err);

/* edit.c: the what-if options */
int yf_cli_has_edits(const cli *c);
/* The edits of the what-if options for the cfg text (*before: the cfg built
 * as written, when --classes or --width need it; free it). Prints nothing. */
int yf_cli_edits(const cli *c, const char *buf, size_t len, const char *name,
                 const yf_options *base, yf_edit_list *list, yf_model **before, yf_error *err);
/* After building with them: what --width must keep (shortcuts, groups). */
int yf_cli_check_edits(const cli *c, const yf_model *before, const yf_model *after,
                       yf_error *err);
/* Loads a cfg with the --set/--classes/--width edits (yf_cli_load when
 * there are none), printing errors and warnings; NULL on failure. */
yf_model *yf_cli_load_edited(const cli *c, const char *path, const yf_options *opt,
                             yf_error *err);
/* Evaluates the budgets, prints each failure on stderr; returns how many failed. */
int yf_cli_checks(const cli *c, const char *name, const yf_profile *before,
                  const yf_profile *after, yf_check *out, int *n);
/* Flushes the output after an item; EXIT_OUTPUT (with a message) if it failed. */
int yf_cli_flush(yf_writer *w);

/* sweep.c: profiles one cfg at every size of an --input range or list;
 * returns an exit code (2 input, 1 budget, 3 memory). */
int yf_cli_sweep(cli *c, const cli_devices *dv, yf_document *doc, const char *path);
/* latency.c */
/* Opens the model's data (--fitted) and resolves every device; checks that
 * the options that need a device have one. Prints the error and returns
 * EXIT_INPUT (or EXIT_OUTPUT when out of memory); d->db is NULL when the
 * run has no device. */
int yf_cli_devices_open(const cli *c, cli_devices *d);
void yf_cli_devices_close(cli_devices *d);
/* Estimates m on every device and groups its layers as the options ask,
 * and points p at them. Prints the error and returns an exit code. */
int yf_cli_latency(const cli *c, const cli_devices *d, const yf_model *m, yf_profile *p,
                   cli_latency *out);
void yf_cli_latency_release(cli_latency *l);
/* The estimate of m on the first device (a size sweep's rows). */
int yf_cli_estimate(const cli *c, const cli_devices *d, const yf_model *m, yf_latency **out,
                    yf_error *err);
/* Appends " on ID" to a limit's origin: which device a check is about. */
void yf_cli_name_device(yf_limit *l, const char *id);
/* Budget checks on the figures of every device after the first, appended
 * to out[*n..cap); prints each failure; returns how many failed. */
int yf_cli_device_checks(const cli *c, const char *name, const yf_profile *p, yf_check *out,
                         int *n, int cap);
/* --calibrate: prints the device spec that reproduces the measured FPS. */
int yf_cli_calibrate(cli *c, const cli_devices *d);

/* One file per subcommand. */
int yf_cmd_profile(cli *c);
int yf_cmd_diff(cli *c);
int yf_cmd_check(cli *c);
int yf_cmd_devices(cli *c);

#endif
