// SPDX-License-Identifier: MIT
/*
 * cmd_replay.c - hatrace replay: run traces with the invariant checker and
 * report each violation with the op, the pageblock history and the zone
 * state at that point.
 */
#define _POSIX_C_SOURCE 200809L	/* isatty, fileno */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "load.h"
#include "report.h"

void usage_replay(FILE *f)
{
	fprintf(f,
		"usage: hatrace replay [--variant V] [--check every|end] [--keep-going]\n"
		"                      [--only LIST] [--ignore LIST] [--quiet] FILE...\n"
		"\n"
		"Replays each trace on the allocator model with the invariant checker on and\n"
		"prints one line per file:\n"
		"  FILE: pass (variant V, N ops, state HASH[; not counted: I6])\n"
		"  FILE: FAIL I4 in FUNCTION at op N (line L); ...\n"
		"and, for a trace imported from an OOM report (an alloc marked 'report'),\n"
		"  FILE: the report's request (line L): served|OOM-kill|stalled|failed ...\n"
		"followed, for a failure, by the report: each violation (up to %d) with\n"
		"its op, the history of the pageblocks involved, and the zone state at the\n"
		"violation (show_free_areas, /proc/pagetypeinfo).\n"
		"\n"
		"options:\n"
		"  --variant V       replay under V instead of the trace's header variant\n"
		"                    (default v1 if the header names none)\n"
		"  --check every     cheap checks at every event and after every op, full\n"
		"                    checks at the end (default)\n"
		"  --check end       cheap and full checks at the end only\n"
		"  --keep-going      run to the end after a violation (the state shown is\n"
		"                    then the final one)\n"
		"  --only LIST       only the violations whose signature a pattern of LIST\n"
		"                    matches count (ID[:FUNCTION[:DETAIL]], comma-separated,\n"
		"                    e.g. I4,I6:__alloc_pages_may_oom:wmark-exit-L16)\n"
		"  --ignore LIST     the violations a pattern of LIST matches do not count\n"
		"                    (either: the others are neither reported nor stop the\n"
		"                    replay; as HAT_FUZZ_ONLY, HAT_FUZZ_IGNORE,\n"
		"                    docs/fuzzing/signatures.md)\n"
		"  --quiet           the per-file line only, no report\n"
		"  -h, --help        this text\n"
		"\n"
		"exit codes: 0 every trace passed, 1 an invariant was violated, 2 a file\n"
		"could not be loaded (every file is loaded before the first replay: a bad\n"
		"one is reported alone) or run, usage\n"
		"\n"
		"example:\n"
		"  hatrace replay --variant v4.8 corpus/regression/R2-double-decrement.trace\n",
		REPORT_MAX_VIOLATIONS);
}

struct replay_args {
	struct variant_opt variant;
	enum check_mode check;
	bool keep_going, quiet;
	struct signature_filter filter;
};

struct progress {
	const char *name;
	double start;
	int shown;	/* width of the line on the terminal, 0: none */
};

static void on_progress(uint32_t done, uint32_t total, void *arg)
{
	struct progress *p = arg;
	int n;

	if (now_seconds() - p->start < 1.0)
		return;
	n = fprintf(stderr, "\r[replay] %s: %u/%u ops (%.0f%%)", p->name, done, total,
		    total ? 100.0 * done / total : 100.0);
	if (n > p->shown)
		p->shown = n;
	fflush(stderr);
}

static void progress_clear(struct progress *p)
{
	if (!p->shown)
		return;
	fprintf(stderr, "\r%*s\r", p->shown, "");
	fflush(stderr);
}

/* What became of the report's request (an alloc marked report), if the trace has one. */
static void print_request(const char *path, const struct trace *t, const struct exec_result *r)
{
	const struct exec_stats *s = &r->stats;
	char where[48];
	uint32_t i = s->request_op;

	if (s->request == REQUEST_NONE) {
		for (i = t->nr_ops; i-- > 0;)
			if (t->ops[i].kind == OP_ALLOC && (t->ops[i].flags & OPF_REPORT))
				break;
		if (i == UINT32_MAX)
			return;
	}
	printf("%s: the report's request (%s): ", path, report_where(t, &t->ops[i], where,
								     sizeof(where)));
	if (s->request == REQUEST_NONE)
		printf("not run (the replay stopped before it; --keep-going runs it)\n");
	else
		printf("%s at no_progress_loops %d\n", request_outcome_name(s->request),
		       s->request_loops);
}

static int replay_one(const char *path, const struct replay_args *a)
{
	char vbuf[HAT_VARIANT_NAME_MAX], fired[128], where[48];
	struct progress prog = { .name = path };
	struct exec_result *r;
	struct exec_opts o;
	struct trace t;
	int ret;

	if (open_trace_exec(path, &t, &r))
		return EXIT_USAGE;
	exec_opts_for(&o, &t, &a->variant);
	o.check = a->check;
	o.keep_going = a->keep_going;
	o.history = true;
	if (a->filter.only || a->filter.ignore) {
		o.counts = signature_counts;
		o.counts_arg = (void *)&a->filter;
	}
	if (isatty(fileno(stderr))) {
		prog.start = now_seconds();
		o.progress = on_progress;
		o.progress_arg = &prog;
	}
	ret = trace_exec(&t, &o, r);
	progress_clear(&prog);
	if (ret != 2)
		report_warnings(stderr, &t, r);
	vname(&o.variant, vbuf);
	if (ret == 2) {
		fprintf(stderr, "%s: cannot replay: %s\n", path, r->err);
		ret = EXIT_USAGE;
	} else if (ret == 0) {
		printf("%s: pass (variant %s, %u ops, state %016llx", path, vbuf, t.nr_ops,
		       (unsigned long long)r->state_hash);
		if (r->uncounted)
			printf("; not counted: %s",
			       report_fired(r->uncounted, fired, sizeof(fired)));
		printf(")\n");
		print_request(path, &t, r);
		ret = EXIT_PASS;
	} else {
		const struct exec_violation *first = &r->recorded[0];

		printf("%s: FAIL %s in %s", path, inv_name(first->v.id),
		       first->v.func ? first->v.func : "?");
		if (first->op_index < t.nr_ops)
			printf(" at op %u (%s)", first->op_index,
			       report_where(&t, &t.ops[first->op_index], where, sizeof(where)));
		else
			printf(" at the end of the trace");
		printf("; fired %s (variant %s, %lu violation%s, %u of %u ops run)\n",
		       report_fired(r->fired, fired, sizeof(fired)), vbuf, r->nr_violations,
		       r->nr_violations == 1 ? "" : "s", r->ops_run, t.nr_ops);
		print_request(path, &t, r);
		if (!a->quiet) {
			putchar('\n');
			report_print(stdout, &t, r, 0);
			putchar('\n');
		}
		ret = EXIT_VIOLATION;
	}
	fflush(stdout);
	free(r);
	trace_free(&t);
	return ret;
}

/* --only or --ignore LIST into *@list: 1, 0 if it is neither, -1 on an error. */
static int filter_opt(const char *cmd, int argc, char **argv, int *i, const char *name,
		      const char **list)
{
	char err[160];
	int k = opt_value(cmd, argc, argv, i, name, list);

	if (k > 0 && signature_list_check(*list, err, sizeof(err))) {
		usage_error(cmd, "%s: %s", name, err);
		return -1;
	}
	return k;
}

/*
 * --check every|end, --keep-going, --quiet, --only, --ignore into the
 * struct replay_args @ctx (opt_fn).
 */
static int replay_opt(const char *cmd, int argc, char **argv, int *i, void *ctx)
{
	struct replay_args *a = ctx;
	const char *arg = argv[*i], *val;
	int k;

	if ((k = filter_opt(cmd, argc, argv, i, "--only", &a->filter.only)) ||
	    (k = filter_opt(cmd, argc, argv, i, "--ignore", &a->filter.ignore)))
		return k;
	if ((k = opt_value(cmd, argc, argv, i, "--check", &val))) {
		if (k < 0)
			return -1;
		if (!strcmp(val, "every")) {
			a->check = CHECK_EVERY;
		} else if (!strcmp(val, "end")) {
			a->check = CHECK_END;
		} else {
			usage_error(cmd, "--check: '%s' is neither 'every' nor 'end'", val);
			return -1;
		}
	} else if (!strcmp(arg, "--keep-going")) {
		a->keep_going = true;
	} else if (!strcmp(arg, "--quiet") || !strcmp(arg, "-q")) {
		a->quiet = true;
	} else {
		return 0;
	}
	return 1;
}

int cmd_replay(int argc, char **argv)
{
	struct replay_args a = { .check = CHECK_EVERY };
	int nfiles, worst = EXIT_PASS;

	/* options anywhere; the operands are packed into argv[0 .. nfiles) */
	if (parse_args("replay", argc, argv, &a.variant, replay_opt, &a, &nfiles))
		return EXIT_USAGE;
	if (!nfiles)
		return usage_error("replay", "no trace file given");
	if (nfiles > 1 && check_traces(argv, nfiles))	/* (one is checked before its output) */
		return EXIT_USAGE;

	for (int i = 0; i < nfiles; i++) {
		int ret = replay_one(argv[i], &a);

		if (ret == EXIT_USAGE || (ret == EXIT_VIOLATION && worst == EXIT_PASS))
			worst = ret;
	}
	return worst;
}
