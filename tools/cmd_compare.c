// SPDX-License-Identifier: MIT
/*
 * cmd_compare.c - hatrace compare: a capture directory's trace replayed
 * from its first snapshot under each variant, the model held to the
 * kernel's own /proc snapshots at their markers (compare.h, capture.h,
 * docs/capture.md "Comparing with the kernel").
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "compare.h"
#include "proc.h"

#define CMD		"compare"
#define MAX_RUNS	16

void usage_compare(FILE *f)
{
	fprintf(f,
		"usage: hatrace compare CAPTURE_DIR [--variant V]... [--tolerance FIG=TOL[,...]]...\n"
		"                       [--plot PREFIX]\n"
		"\n"
		"Replays a capture directory (manifest.txt, its kmem trace and /proc snapshots\n"
		"at trace markers; or the layout of ../shared/traces: snapshots pre and post)\n"
		"from its first snapshot under each variant and, at the marker 'KTRACE_MARK\n"
		"snapshot NAME begin' of every later snapshot, compares the model with the\n"
		"kernel's files, per zone: HighAtomic blocks, nr_reserved_highatomic (where\n"
		"zoneinfo prints it), free pages on the buddy lists, pageblocks per type, free\n"
		"pages per list type and per order, pages on the per-cpu lists and their high\n"
		"and batch; and over the\n"
		"run: the model's OOM decisions against the kernel's OOM kills (oom/mark_victim\n"
		"in the trace, else the manifest's oom-kills, else the console), allocations\n"
		"one of them served and the other failed, reserves created and given back.\n"
		"A task's direct reclaim (vmscan/mm_vmscan_direct_reclaim_end) gives its\n"
		"allocation the kernel's progress.  Prints a table per snapshot (kernel,\n"
		"each variant, the tolerance; '!' marks a figure outside it) and a summary.\n"
		"\n"
		"options:\n"
		"  --variant V      a variant to replay under (repeatable, or V,V; default\n"
		"                   v6.1; era-1 variants too)\n"
		"  --tolerance FIG=TOL  TOL: N (pages, blocks, counts), N%% (of the kernel's\n"
		"                   figure) or info (shown, not judged); FIG and default:\n"
		"                   hblocks=0 counter=0 free=0.5%% blocks=1 order=info mt=info\n"
		"                   pcp=info pcpset=info ooms=0 allocs=0 reserves=info\n"
		"  --plot PREFIX    the timeline (free pages and HighAtomic blocks over trace\n"
		"                   time, each variant and the kernel's snapshots): PREFIX.dat,\n"
		"                   PREFIX.gp, and with gnuplot PREFIX.png and PREFIX.svg\n"
		"  -h, --help       this text\n"
		"\n"
		"exit codes: 0 every judged figure within its tolerance, 1 one is not, 2 bad\n"
		"input (a manifest line, a snapshot without its files or its marker: the\n"
		"message names the file and line), usage, or gnuplot failed\n"
		"\n"
		"example:\n"
		"  hatrace compare ../shared/traces --variant v6.1,v4.10 --plot timeline\n");
}

struct compare_args {
	struct hat_variant variants[MAX_RUNS];
	unsigned int nr_variants;
	struct cmp_tols tols;
	const char *plot;
};

static int compare_opt(const char *cmd, int argc, char **argv, int *i, void *ctx)
{
	struct compare_args *a = ctx;
	const char *val;
	char err[512];
	int m;

	if ((m = opt_value(cmd, argc, argv, i, "--variant", &val))) {
		char buf[512], *save = NULL, *tok;

		if (m < 0)
			return -1;
		snprintf(buf, sizeof(buf), "%s", val);
		for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (a->nr_variants == MAX_RUNS) {
				usage_error(cmd, "more than %d variants", MAX_RUNS);
				return -1;
			}
			if (parse_variant_arg(cmd, tok, &a->variants[a->nr_variants++]))
				return -1;
		}
		return 1;
	}
	if ((m = opt_value(cmd, argc, argv, i, "--tolerance", &val))) {
		if (m < 0)
			return -1;
		if (cmp_tols_parse(&a->tols, val, err, sizeof(err))) {
			usage_error(cmd, "%s", err);
			return -1;
		}
		return 1;
	}
	if ((m = opt_value(cmd, argc, argv, i, "--plot", &val))) {
		if (m < 0)
			return -1;
		a->plot = val;
		return 1;
	}
	return 0;
}

/*
 * The first snapshot, as `import proc` builds it, with its kpageflags if
 * there are: then the replay starts at the snapshot's begin marker.  The
 * files were read while the system ran: kpageflags by a task whose own
 * allocations and the pcp refills after its read (a show_mem's tasks) it
 * does not show, while the pages the window's events name already in the
 * state they leave them in are taken as they are (import ftrace's start
 * pages).  The highatomic capture's kernel took 269 pages off DMA32's
 * buddy lists in pre's window: from the end marker the model began 194
 * pages above the kernel's buddy count there, from the begin marker 13.
 */
static int build_start(const struct capture *c, struct trace *start, char *from, size_t fromlen,
		       char *err, size_t errlen)
{
	char zi[CAPTURE_PATH_MAX + 64], pti[sizeof(zi)], bi[sizeof(zi)], kpf[sizeof(zi)];
	struct proc_files pf = { .zoneinfo = zi, .pagetypeinfo = pti };

	capture_file(c, 0, "zoneinfo", zi, sizeof(zi));
	capture_file(c, 0, "pagetypeinfo", pti, sizeof(pti));
	if (capture_file(c, 0, "buddyinfo", bi, sizeof(bi)))
		pf.buddyinfo = bi;
	from[0] = '\0';
	if (capture_file(c, 0, "kpageflags", kpf, sizeof(kpf))) {
		pf.kpageflags = kpf;
		snprintf(from, fromlen, "KTRACE_MARK snapshot %s begin", c->snap[0].name);
	}
	if (proc_import(&pf, start, NULL, err, errlen))
		return -1;
	for (unsigned int i = 0; i < c->nr_sysctls; i++) {
		struct op *op = trace_push(start);

		if (!op) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		op->kind = OP_SYSCTL;
		op->a = c->sysctl[i].knob;
		op->b = c->sysctl[i].value;
	}
	return 0;
}

static int kernel_figs(const struct capture *c, struct cmp_figs *k, char *err, size_t errlen)
{
	for (unsigned int i = 0; i < c->nr_snapshots; i++) {
		char zi[CAPTURE_PATH_MAX + 64], pti[sizeof(zi)], bi[sizeof(zi)], sm[sizeof(zi)];
		struct cmp_files f = { .zoneinfo = zi, .pagetypeinfo = pti };

		capture_file(c, i, "zoneinfo", zi, sizeof(zi));
		capture_file(c, i, "pagetypeinfo", pti, sizeof(pti));
		if (capture_file(c, i, "buddyinfo", bi, sizeof(bi)))
			f.buddyinfo = bi;
		if (capture_file(c, i, "showmem", sm, sizeof(sm)))
			f.showmem = sm;
		if (cmp_kernel_figs(&f, &k[i], err, errlen))
			return -1;
	}
	return 0;
}

/* Where the kernel's OOM kills come from: the trace, the manifest, the console. */
static void kernel_kills(const struct capture *c, struct cmp_job *j)
{
	unsigned long traced = j->runs[0].st.ev[FEV_OOM_VICTIM];
	static char from[CAPTURE_PATH_MAX + 128];

	j->kills_total = -1;
	j->kills_from = "unknown (no oom/mark_victim in the trace, no manifest oom-kills, no console)";
	if (c->has_oom_kills) {
		j->kills_total = (long)c->oom_kills;
		snprintf(from, sizeof(from), "%s:%lu: oom-kills %lu", c->manifest, c->oom_kills_line,
			 c->oom_kills);
		j->kills_from = from;
	} else if ((j->kills_total = capture_console_kills(c)) >= 0) {
		snprintf(from, sizeof(from), "%s: %ld 'Killed process' lines", c->console,
			 j->kills_total);
		j->kills_from = from;
	}
	if (traced) {
		if (j->kills_total >= 0 && (unsigned long)j->kills_total != traced)
			fprintf(stderr, "hatrace " CMD ": warning: %lu oom/mark_victim events in %s, but %s\n",
				traced, c->trace, j->kills_from);
		snprintf(from, sizeof(from), "%lu oom/mark_victim events in the trace", traced);
		j->kills_from = from;
		j->kills_total = (long)traced;
	}
	/* none at all: none before any snapshot either */
	j->kills_traced = traced || j->kills_total == 0;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_args a = { 0 };
	struct capture *c = malloc(sizeof(*c));
	struct cmp_figs *kernel = calloc(CAPTURE_MAX_SNAPSHOTS, sizeof(*kernel));
	struct cmp_run *runs = calloc(MAX_RUNS, sizeof(*runs));
	struct cmp_job j = { 0 };
	struct trace start;
	char err[1024], vbuf[HAT_VARIANT_NAME_MAX], from[CAPTURE_NAME_MAX + 32];
	int nargs, ret = EXIT_USAGE;
	unsigned int nr_runs = 0;

	trace_init(&start, "start");
	if (!c || !kernel || !runs) {
		fprintf(stderr, "hatrace " CMD ": out of memory\n");
		goto out;
	}
	cmp_tols_default(&a.tols);
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			usage_compare(stdout);
			ret = EXIT_PASS;
			goto out;
		}
	}
	if (parse_args(CMD, argc, argv, NULL, compare_opt, &a, &nargs))
		goto out;
	if (nargs != 1) {
		usage_error(CMD, "expected one CAPTURE_DIR, got %d", nargs);
		goto out;
	}
	if (!a.nr_variants && parse_variant_arg(CMD, "v6.1", &a.variants[a.nr_variants++]))
		goto out;
	if (capture_open(argv[0], c, err, sizeof(err)) || kernel_figs(c, kernel, err, sizeof(err)) ||
	    build_start(c, &start, from, sizeof(from), err, sizeof(err))) {
		fprintf(stderr, "hatrace " CMD ": %s\n", err);
		goto out;
	}
	for (; nr_runs < a.nr_variants; nr_runs++) {
		if (cmp_run(c, &start, c->snap[0].name, from[0] ? from : NULL, &a.variants[nr_runs],
			    &runs[nr_runs], err, sizeof(err))) {
			fprintf(stderr, "hatrace " CMD ": %s\n", err);
			nr_runs++;
			goto out;
		}
	}
	j = (struct cmp_job){ .c = c, .kernel = kernel, .tols = &a.tols, .nr_runs = nr_runs,
			      .variants = a.variants, .runs = runs };
	kernel_kills(c, &j);
	printf("capture %s: %s%s%s, trace %s, %u snapshots, from %s%s\n", c->dir,
	       c->workload[0] ? c->workload : "(no manifest)", c->kernel[0] ? ", kernel " : "",
	       c->kernel, c->trace, c->nr_snapshots, c->snap[0].name,
	       runs[0].st.ev[FEV_RECLAIM_END] ? "; direct reclaim progress from the trace" : "");
	for (unsigned int r = 0; r < nr_runs; r++)
		printf("  %s: %lu ops, %.2f s\n", vname(&a.variants[r], vbuf), runs[r].st.ops,
		       runs[r].r.seconds);
	{
		unsigned long outside = cmp_print(stdout, &j);

		printf("\n%lu judged figure%s outside %s tolerance: %s\n", outside,
		       outside == 1 ? "" : "s", outside == 1 ? "its" : "their",
		       outside ? "the model differs from the kernel (exit 1)" :
				 "the model follows the kernel (exit 0)");
		ret = outside ? EXIT_VIOLATION : EXIT_PASS;
	}
	fflush(stdout);
	if (a.plot && cmp_plot(&j, a.plot))
		ret = EXIT_USAGE;
out:
	for (unsigned int r = 0; r < nr_runs; r++)
		cmp_run_free(&runs[r]);
	trace_free(&start);
	free(runs);
	free(kernel);
	free(c);
	return ret;
}
