/* SPDX-License-Identifier: MIT */
/*
 * cmd.h - the subcommands of the hatrace tool and the helpers they share
 * (hatrace.c): option parsing, messages, file identity, escaping.
 *
 * Exit codes, for every subcommand:
 *   0  success: every invariant held (gate: every verdict as expected)
 *   1  an invariant was violated (gate, matrix: a verdict not as expected)
 *   2  bad input or usage: the message names the file and line or offset
 */
#ifndef HATRACE_TOOLS_CMD_H
#define HATRACE_TOOLS_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "exec.h"
#include "outfile.h"
#include "trace.h"
#include "model.h"

enum {
	EXIT_PASS = 0,
	EXIT_VIOLATION = 1,
	EXIT_USAGE = 2,
};

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);	/* argv[0] is the command name */
	void (*usage)(FILE *f);
};

extern const struct command commands[];
extern const unsigned int nr_commands;

int cmd_replay(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_minimize(int argc, char **argv);
int cmd_gate(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_import(int argc, char **argv);		/* cmd_import.c: ftrace, proc, oom */
int cmd_import_oom(int argc, char **argv);	/* cmd_import_oom.c */
int cmd_compare(int argc, char **argv);		/* cmd_compare*.c */

void usage_replay(FILE *f);
void usage_matrix(FILE *f);
void usage_convert(FILE *f);
void usage_minimize(FILE *f);
void usage_gate(FILE *f);
void usage_dump(FILE *f);
void usage_import(FILE *f);
void usage_compare(FILE *f);

/* ---- helpers (hatrace.c) ---- */

/*
 * A usage error of subcommand @cmd: "hatrace CMD: message" and a hint to
 * --help on stderr.  Returns EXIT_USAGE.
 */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Option parsing without getopt.  An argument loop calls, for argv[*i]:
 *   is_help(arg)                   -h / --help
 *   opt_value(argc, argv, i, name, &val)
 *       1 if argv[*i] is "--name VALUE" (then *i is advanced past VALUE)
 *       or "--name=VALUE"; 0 if it is not that option; -1 if the value
 *       is missing (a usage error has been printed)
 * Arguments after "--" are operands even if they start with '-'.
 */
bool is_help(const char *arg);
int opt_value(const char *cmd, int argc, char **argv, int *i, const char *name,
	      const char **val);
/* An unknown option ("-x", "--xyz"); "-" alone is an operand. */
bool is_option(const char *arg);

/* --variant V: parse or print a usage error; returns 0 or EXIT_USAGE. */
int parse_variant_arg(const char *cmd, const char *name, struct hat_variant *v);
/* Canonical variant name into a static buffer of the caller. */
const char *vname(const struct hat_variant *v, char buf[HAT_VARIANT_NAME_MAX]);

/* Whether @a and @b name the same existing file (st_dev/st_ino). */
bool same_file(const char *a, const char *b);
/* The last path component. */
const char *path_base(const char *path);
/* Whether @path ends in @suffix. */
bool has_suffix(const char *path, const char *suffix);

/*
 * Outputs (outfile.h: written beside OUT, renamed over it on success; a
 * device, FIFO or '-' written through).  Each returns 0, or EXIT_USAGE
 * with "hatrace CMD: ..." printed.
 *   refuse_input     OUT is @in (the same file under any name)
 *   refuse_existing  OUT is an existing regular file (or a dangling link),
 *                    unless @force (a positional OUT: never replace a file
 *                    by mistake)
 *   open_output      outfile_open(), before the work
 *   commit_output    outfile_commit()
 */
int refuse_input(const char *cmd, const char *out, const char *in);
int refuse_existing(const char *cmd, const char *out, bool force);
int open_output(const char *cmd, struct outfile *o, const char *out);
int commit_output(const char *cmd, struct outfile *o);

/* Load @path; on error print the message to stderr and return -1. */
int load_trace(const char *path, struct trace *t);

/* Print @s as a JSON string (quoted, escaped; invalid UTF-8 as U+FFFD). */
void json_string(FILE *f, const char *s);
/* Print @s escaped for XML text and attribute values. */
void xml_string(FILE *f, const char *s);

/* Monotonic seconds. */
double now_seconds(void);

/* ---- arguments and traces (options.c) ---- */

/* The --variant option: whether it was given, and the variant. */
struct variant_opt {
	bool given;
	struct hat_variant v;
};

/*
 * A subcommand's own options, for parse_args(): called with an option
 * argv[*i] that is not --variant; returns 1 if it took it (with opt_value(),
 * *i is advanced past a value), 0 if the subcommand has no such option, -1
 * after a usage error has been printed.
 */
typedef int (*opt_fn)(const char *cmd, int argc, char **argv, int *i, void *ctx);

/*
 * The argument loop of a subcommand: options anywhere, the operands packed
 * into argv[0 .. *nargs) (everything after "--" is an operand, "-" alone
 * too); "--variant V" into @variant unless it is NULL; other options to
 * @opt (NULL: none) with @ctx; anything else is an unknown option.
 * Returns 0, or EXIT_USAGE with the usage error printed.
 */
int parse_args(const char *cmd, int argc, char **argv, struct variant_opt *variant,
	       opt_fn opt, void *ctx, int *nargs);

/* exec_opts_default() for @t, under @variant if one was given (@variant may be NULL). */
void exec_opts_for(struct exec_opts *o, const struct trace *t,
		   const struct variant_opt *variant);

/* load_trace(), freeing @t again on failure: 0, or -1 with the message printed. */
int open_trace(const char *path, struct trace *t);
/*
 * Load (and free) each of the @n traces @paths, so that a bad input is
 * reported before any output or work: 0, or EXIT_USAGE with every error
 * printed.
 */
int check_traces(char *const *paths, int n);
/*
 * open_trace() and allocate the result @r of running it: 0, or -1 with the
 * message printed and nothing left to free.
 */
int open_trace_exec(const char *path, struct trace *t, struct exec_result **r);

#endif /* HATRACE_TOOLS_CMD_H */
