// SPDX-License-Identifier: MIT
/*
 * cmd_minimize.c - hatrace minimize: shrink a failing trace (minimize.h)
 * and write it next to the original, never over it.
 */
#define _POSIX_C_SOURCE 200809L	/* isatty, fileno */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "load.h"
#include "minimize.h"

void usage_minimize(FILE *f)
{
	fprintf(f,
		"usage: hatrace minimize [--variant V] [--max-replays N] [--signature PATTERN]\n"
		"                        [--unless V2] [--force] IN OUT\n"
		"\n"
		"Replays IN and, if it violates an invariant, shrinks it while the first\n"
		"violation keeps its signature, ID:FUNCTION[:DETAIL] (the invariant, the\n"
		"detecting kernel function and what tells causes apart,\n"
		"docs/fuzzing/signatures.md):\n"
		"chunks of ops are removed (halving the chunk down to single ops; an\n"
		"allocation goes with its frees, handles are renumbered), then single ops\n"
		"are simplified (flags dropped, cpu 0, order 0, loops 1), until nothing\n"
		"changes.  The header (geometry, variant, expect rules) is kept.  OUT is\n"
		"written in IN's encoding, as text if it ends in .trace, binary if .bin;\n"
		"it must not be IN, nor an existing file unless --force.  OUT is written\n"
		"beside itself and renamed into place only once complete (a character\n"
		"device or FIFO is written through).\n"
		"\n"
		"options:\n"
		"  --variant V       replay under V instead of the trace's header variant\n"
		"  --max-replays N   stop after N replays (default %d); the result is still\n"
		"                    a failing trace, only maybe not a minimal one\n"
		"  --signature ID[:FUNCTION[:DETAIL]]\n"
		"                    keep a violation this pattern matches (a signature, or\n"
		"                    one cut before a ':', e.g. I4:unreserve_highatomic_pageblock\n"
		"                    or I6:__alloc_pages_may_oom:wmark-exit) wherever it comes:\n"
		"                    the others do not count (as with replay --only PATTERN),\n"
		"                    instead of the first violation's signature (fuzz triage\n"
		"                    of a finding behind another violation)\n"
		"  --unless V2       keep only traces that variant V2 passes (no violation at\n"
		"                    all): a differential finding (a fuzz target's\n"
		"                    HAT_FUZZ_UNLESS) stays one; IN must pass under V2\n"
		"  --force           replace OUT if it exists\n"
		"  -h, --help        this text\n"
		"\n"
		"prints: minimize: N ops -> M ops (removed K), signature ID:FUNCTION[:DETAIL]\n"
		"\n"
		"exit codes: 0 OUT written, 2 IN has no violation to keep (with --unless:\n"
		"or V2 does not pass IN), bad input,\n"
		"usage, OUT is IN or exists already\n"
		"\n"
		"example:\n"
		"  hatrace minimize --variant v4.8 crash.trace crash-min.trace\n",
		MINIMIZE_DEFAULT_REPLAYS);
}

struct mprogress {
	double start;
	int shown;
};

static void on_progress(unsigned long replays, uint32_t nr_ops, void *arg)
{
	struct mprogress *p = arg;
	int n;

	if (replays % 64 || now_seconds() - p->start < 1.0)
		return;
	n = fprintf(stderr, "\r[minimize] %lu replays, %u ops", replays, nr_ops);
	if (n > p->shown)
		p->shown = n;
	fflush(stderr);
}

struct minimize_args {
	unsigned long max_replays;
	bool force, has_unless;
	const char *keep_sig;
	struct hat_variant unless;
};

/* --signature ID[:FUNCTION[:DETAIL]] into @a. */
static int signature_opt(const char *cmd, const char *val, struct minimize_args *a)
{
	char err[160];

	if (!*val || strchr(val, ',')) {
		usage_error(cmd, "--signature: '%s' is not one ID[:FUNCTION[:DETAIL]]", val);
		return -1;
	}
	if (signature_list_check(val, err, sizeof(err))) {
		usage_error(cmd, "--signature: %s", err);
		return -1;
	}
	a->keep_sig = val;
	return 1;
}

/*
 * --max-replays N, --signature PATTERN, --unless V2, --force into the
 * struct minimize_args @ctx (opt_fn).
 */
static int minimize_opt(const char *cmd, int argc, char **argv, int *i, void *ctx)
{
	struct minimize_args *a = ctx;
	unsigned long *max_replays = &a->max_replays;
	const char *val;
	char *end;
	int k = opt_value(cmd, argc, argv, i, "--signature", &val);

	if (k < 0)
		return k;
	if (k > 0)
		return signature_opt(cmd, val, a);
	k = opt_value(cmd, argc, argv, i, "--unless", &val);
	if (k < 0 || (k > 0 && parse_variant_arg(cmd, val, &a->unless)))
		return -1;
	if (k > 0) {
		a->has_unless = true;
		return 1;
	}
	if (!strcmp(argv[*i], "--force")) {
		a->force = true;
		return 1;
	}
	k = opt_value(cmd, argc, argv, i, "--max-replays", &val);
	if (k <= 0)
		return k;
	*max_replays = strtoul(val, &end, 10);
	if (!*val || *end || !*max_replays || val[0] == '-') {
		usage_error(cmd, "--max-replays: '%s' is not a positive number", val);
		return -1;
	}
	return 1;
}

int cmd_minimize(int argc, char **argv)
{
	struct mprogress prog = { 0 };
	struct minimize_opts mo;
	struct minimize_result mr;
	struct variant_opt variant = { 0 };
	struct minimize_args ma = { 0 };
	const char *in, *out;
	struct outfile of;
	struct trace t, m;
	char sig[SIGNATURE_MAX];
	bool binary;
	int nargs, ret;

	if (parse_args("minimize", argc, argv, &variant, minimize_opt, &ma, &nargs))
		return EXIT_USAGE;
	if (nargs != 2)
		return usage_error("minimize", "expected IN and OUT, got %d argument%s", nargs,
				   nargs == 1 ? "" : "s");
	in = argv[0];
	out = argv[1];
	if (!strcmp(out, "-"))
		return usage_error("minimize", "OUT must be a file");
	if (refuse_input("minimize", out, in) || refuse_existing("minimize", out, ma.force))
		return EXIT_USAGE;
	if (open_trace(in, &t))
		return EXIT_USAGE;
	if (open_output("minimize", &of, out)) {
		trace_free(&t);
		return EXIT_USAGE;
	}
	minimize_opts_default(&mo, &t);
	if (variant.given)
		mo.variant = variant.v;
	mo.max_replays = ma.max_replays;
	mo.keep_sig = ma.keep_sig;
	mo.unless = ma.has_unless ? &ma.unless : NULL;
	if (isatty(fileno(stderr))) {
		prog.start = now_seconds();
		mo.progress = on_progress;
		mo.progress_arg = &prog;
	}
	trace_init(&m, in);
	ret = trace_minimize(&t, &mo, &m, &mr);
	if (prog.shown)
		fprintf(stderr, "\r%*s\r", prog.shown, "");
	if (ret < 0) {
		fprintf(stderr, "%s: cannot replay: %s\n", in, mr.err);
		ret = EXIT_USAGE;
		goto out;
	}
	if (ret == 1) {
		char vbuf[HAT_VARIANT_NAME_MAX], ubuf[HAT_VARIANT_NAME_MAX];

		if (mo.unless)
			fprintf(stderr, "%s: no violation%s%s to keep (variant %s) that %s passes\n",
				in, mo.keep_sig ? " " : "", mo.keep_sig ? mo.keep_sig : "",
				vname(&mo.variant, vbuf), vname(mo.unless, ubuf));
		else if (mo.keep_sig)
			fprintf(stderr, "%s: no violation %s to keep (variant %s, keep-going)\n",
				in, mo.keep_sig, vname(&mo.variant, vbuf));
		else
			fprintf(stderr, "%s: no violation to keep (variant %s)\n", in,
				vname(&mo.variant, vbuf));
		ret = EXIT_USAGE;
		goto out;
	}
	binary = t.binary;
	if (has_suffix(out, ".trace"))
		binary = false;
	else if (has_suffix(out, ".bin"))
		binary = true;
	if (trace_write(of.f, &m, binary)) {
		fprintf(stderr, "hatrace minimize: out of memory\n");
		ret = EXIT_USAGE;
		goto out;
	}
	if (commit_output("minimize", &of)) {
		ret = EXIT_USAGE;
		goto out;
	}
	printf("minimize: %u ops -> %u ops (removed %u), signature %s\n", mr.ops_before,
	       mr.ops_after, mr.ops_before - mr.ops_after,
	       signature_format(&mr.sig, sig, sizeof(sig)));
	if (mr.capped)
		fprintf(stderr, "hatrace minimize: stopped after %lu replays (--max-replays); %s may shrink further\n",
			mr.replays, out);
	ret = EXIT_PASS;
out:
	outfile_abort(&of);
	trace_free(&m);
	trace_free(&t);
	return ret;
}
