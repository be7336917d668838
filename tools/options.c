// SPDX-License-Identifier: MIT
/*
 * options.c - what the subcommands share around their arguments (cmd.h):
 * the argument loop with --variant, and loading a trace to run it.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

int parse_args(const char *cmd, int argc, char **argv, struct variant_opt *variant,
	       opt_fn opt, void *ctx, int *nargs)
{
	bool operands = false;
	const char *val;

	*nargs = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int k;

		if (operands || !is_option(arg)) {
			argv[(*nargs)++] = argv[i];
		} else if (!strcmp(arg, "--")) {
			operands = true;
		} else if (variant && (k = opt_value(cmd, argc, argv, &i, "--variant", &val))) {
			if (k < 0 || parse_variant_arg(cmd, val, &variant->v))
				return EXIT_USAGE;
			variant->given = true;
		} else if (opt && (k = opt(cmd, argc, argv, &i, ctx))) {
			if (k < 0)
				return EXIT_USAGE;
		} else {
			return usage_error(cmd, "unknown option '%s'", arg);
		}
	}
	return 0;
}

void exec_opts_for(struct exec_opts *o, const struct trace *t,
		   const struct variant_opt *variant)
{
	exec_opts_default(o, t);
	if (variant && variant->given)
		o->variant = variant->v;
}

int open_trace(const char *path, struct trace *t)
{
	if (load_trace(path, t)) {
		trace_free(t);
		return -1;
	}
	return 0;
}

int check_traces(char *const *paths, int n)
{
	int ret = 0;

	for (int i = 0; i < n; i++) {
		struct trace t;

		if (open_trace(paths[i], &t))
			ret = EXIT_USAGE;
		else
			trace_free(&t);
	}
	return ret;
}

int open_trace_exec(const char *path, struct trace *t, struct exec_result **r)
{
	if (open_trace(path, t))
		return -1;
	*r = malloc(sizeof(**r));
	if (!*r) {
		fprintf(stderr, "%s: out of memory\n", path);
		trace_free(t);
		return -1;
	}
	return 0;
}
