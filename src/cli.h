/* The command-line front end: parses argv, runs the library, prints results
 * to stdout and diagnostics to stderr, returns the exit code. */
#ifndef YF_CLI_H
#define YF_CLI_H

int yf_cli_main(int argc, char **argv);

#endif
