// SPDX-License-Identifier: MIT
/*
 * cmd_dump.c - hatrace dump: run a trace through (violations included)
 * and print the final state the way the kernel prints its own.
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "load.h"
#include "report.h"
#include "model.h"

void usage_dump(FILE *f)
{
	fprintf(f,
		"usage: hatrace dump [--variant V] [--format all|free_areas|pagetypeinfo|buddyinfo]\n"
		"                    FILE\n"
		"\n"
		"Runs the trace to its end (through violations) and prints the final zone\n"
		"state in the kernel's formats, then per zone a line with\n"
		"nr_reserved_highatomic and the number of HighAtomic pageblocks (and, where\n"
		"NR_FREE_PAGES was set apart from the free lists, as an OOM report's free:\n"
		"is, the counter and its drift from the lists), and (with --format all) a\n"
		"line per request of an alloc-begin: served or failed, its stops, where it\n"
		"completed.  The invariants that fired are noted on standard error.\n"
		"\n"
		"options:\n"
		"  --variant V       replay under V instead of the trace's header variant\n"
		"  --format all      everything below (default)\n"
		"  --format free_areas    show_free_areas(), as in an OOM report\n"
		"  --format pagetypeinfo  /proc/pagetypeinfo\n"
		"  --format buddyinfo     /proc/buddyinfo\n"
		"  -h, --help        this text\n"
		"\n"
		"exit codes: 0 every invariant held, 1 an invariant was violated (the state\n"
		"is printed all the same), 2 bad input or usage\n"
		"\n"
		"example:\n"
		"  hatrace dump --format pagetypeinfo corpus/regression/R2-double-decrement.trace\n");
}

enum { F_FREE_AREAS = 1, F_PAGETYPEINFO = 2, F_BUDDYINFO = 4, F_ALL = 7 };

/* The requests of alloc-begin ops as they complete, printed after the state. */
struct requests {
	const struct trace *t;
	FILE *f;
};

static void on_request(const struct exec_request *er, void *arg)
{
	struct requests *rs = arg;

	report_request(rs->f, rs->t, er);
}

/* --format F into *(int *)@ctx (opt_fn). */
static int dump_opt(const char *cmd, int argc, char **argv, int *i, void *ctx)
{
	int *format = ctx;
	const char *val;
	int k = opt_value(cmd, argc, argv, i, "--format", &val);

	if (k <= 0)
		return k;
	if (!strcmp(val, "all"))
		*format = F_ALL;
	else if (!strcmp(val, "free_areas"))
		*format = F_FREE_AREAS;
	else if (!strcmp(val, "pagetypeinfo"))
		*format = F_PAGETYPEINFO;
	else if (!strcmp(val, "buddyinfo"))
		*format = F_BUDDYINFO;
	else {
		usage_error(cmd, "--format: unknown format '%s' (all, free_areas, pagetypeinfo, buddyinfo)",
			    val);
		return -1;
	}
	return 1;
}

int cmd_dump(int argc, char **argv)
{
	char vbuf[HAT_VARIANT_NAME_MAX], fired[128];
	struct variant_opt variant = { 0 };
	int nargs, format = F_ALL, ret;
	struct requests rs = { NULL, NULL };
	char *reqs = NULL;
	size_t reqs_len = 0;
	struct exec_result *r;
	struct exec_opts o;
	struct trace t;

	if (parse_args("dump", argc, argv, &variant, dump_opt, &format, &nargs))
		return EXIT_USAGE;
	if (nargs != 1)
		return usage_error("dump", "expected one trace FILE, got %d", nargs);
	if (open_trace_exec(argv[0], &t, &r))
		return EXIT_USAGE;
	exec_opts_for(&o, &t, &variant);
	o.keep_going = true;
	rs.t = &t;
	rs.f = open_memstream(&reqs, &reqs_len);
	if (!rs.f) {
		fprintf(stderr, "%s: cannot replay: out of memory\n", argv[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	o.on_request = on_request;
	o.on_request_arg = &rs;
	ret = trace_exec(&t, &o, r);
	fclose(rs.f);
	vname(&o.variant, vbuf);
	if (ret == 2) {
		fprintf(stderr, "%s: cannot replay: %s\n", argv[0], r->err);
		ret = EXIT_USAGE;
		goto out;
	}
	if (format & F_FREE_AREAS) {
		if (format == F_ALL)
			printf("# show_free_areas\n");
		hat_active->show_free_areas(stdout);
	}
	if (format & F_PAGETYPEINFO) {
		if (format == F_ALL)
			printf("\n# /proc/pagetypeinfo\n");
		hat_active->pagetypeinfo_show(stdout);
	}
	if (format & F_BUDDYINFO) {
		if (format == F_ALL)
			printf("\n# /proc/buddyinfo\n");
		hat_active->buddyinfo_show(stdout);
	}
	if (format == F_ALL)
		printf("\n# reserve\n");
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		struct hat_zone_snapshot zs;
		unsigned long h;

		hat_active->zone_snapshot(z, &zs);
		if (!zs.populated)
			continue;
		h = zs.blocks[HAT_MT_HIGHATOMIC];
		printf("zone %8s nr_reserved_highatomic %lu HighAtomic blocks %lu (%lu pages)\n",
		       zs.name, zs.nr_reserved_highatomic, h, h * hat_pageblock_pages());
		if (zs.nr_free_pages_diff)
			printf("zone %8s NR_FREE_PAGES %lu, with the per-cpu deltas %lu: the counter drifts %+ld from the free lists\n",
			       zs.name, zs.nr_free_pages, zs.nr_free_pages_snapshot,
			       -zs.nr_free_pages_diff);
	}
	if (format == F_ALL && reqs_len)
		printf("\n# requests\n%s", reqs);
	fprintf(stderr, "%s: variant %s, %u ops, %s", argv[0], vbuf, t.nr_ops,
		ret ? "FAIL " : "");
	fprintf(stderr, "%s", report_fired(r->fired, fired, sizeof(fired)));
	if (ret)
		fprintf(stderr, " (%lu violation%s; see hatrace replay)", r->nr_violations,
			r->nr_violations == 1 ? "" : "s");
	fprintf(stderr, "\n");
	ret = ret ? EXIT_VIOLATION : EXIT_PASS;
out:
	free(reqs);
	free(r);
	trace_free(&t);
	return ret;
}
