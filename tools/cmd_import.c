// SPDX-License-Identifier: MIT
/*
 * cmd_import.c - hatrace import: real-world inputs into traces.
 *   import ftrace  a kmem ftrace text output (import/ftrace.h), optionally
 *                  replayed at once under variants (import/replay.h)
 *   import proc    a /proc snapshot (import/proc.h)
 *   import oom     an OOM report (cmd_import_oom.c)
 * docs/capture.md says how to capture the inputs and what becomes of them.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cmd.h"
#include "ftrace.h"
#include "gfp_names.h"
#include "input.h"
#include "load.h"
#include "proc.h"
#include "replay.h"
#include "text.h"

void usage_import(FILE *f)
{
	fprintf(f,
		"usage: hatrace import ftrace FILE [-o OUT] [--strict] [--geometry-from SNAPSHOT]\n"
		"                             [--replay V[,V...]] [OPTION]...\n"
		"       hatrace import proc --zoneinfo F [--pagetypeinfo F] [--buddyinfo F]\n"
		"                           [--kpageflags F] [-o OUT]\n"
		"       hatrace import oom REPORT [-o OUT] [OPTION]...\n"
		"       hatrace import ftrace|proc|oom --help\n"
		"\n"
		"Turns what a production machine gives into traces the model replays:\n"
		"  ftrace   a kmem trace (ftrace text of mm_page_alloc, mm_page_free, ...,\n"
		"           4.x or 5.x/6.x layout, plain, .xz or .gz): an op per allocation\n"
		"           and free, streamed in constant memory; --replay runs it at once\n"
		"  proc     a /proc snapshot: zones, watermarks, lowmem_reserve, pageblock\n"
		"           types, free buddies (exact with /proc/kpageflags)\n"
		"  oom      an OOM or page allocation failure report (docs/oom-reports.md)\n"
		"\n"
		"How to capture them and what the importers assume: docs/capture.md.\n"
		"OUT (-o) must not be an input; it is written beside itself and renamed into\n"
		"place only when the import succeeds (a device or FIFO is written through).\n"
		"\n"
		"example:\n"
		"  hatrace import proc --zoneinfo zoneinfo --pagetypeinfo pagetypeinfo \\\n"
		"      --buddyinfo buddyinfo --kpageflags kpageflags.xz -o snap.trace\n"
		"  hatrace import ftrace trace.txt.xz --geometry-from snap.trace -o real.trace \\\n"
		"      --replay presets --compare-pagetypeinfo pagetypeinfo-post\n");
}

static void usage_import_ftrace(FILE *f)
{
	fprintf(f,
		"usage: hatrace import ftrace FILE [-o OUT] [OPTION]...\n"
		"\n"
		"Reads FILE, the text output of ftrace (/sys/kernel/tracing/trace) or perf\n"
		"script with the kmem events mm_page_alloc, mm_page_free,\n"
		"mm_page_free_batched, mm_page_pcpu_drain, mm_page_alloc_zone_locked,\n"
		"mm_page_alloc_extfrag, the kprobe events bulk_alloc_page and\n"
		"isolate_free_page, and trace_marker lines; 4.x (pfn=123) and 5.x/6.x\n"
		"(pfn=0x7b) layouts; plain or compressed (xz, gzip, zstd, bzip2: by the\n"
		"file's magic, with the system's own decompressor); '-' is stdin.  Writes\n"
		"a trace: an alloc per allocation (failed ones too), a free per free of\n"
		"the allocation's handle, markers as comments.  The kernel's pfns only\n"
		"pair frees with allocations: the model picks its own pages.  A summary\n"
		"(events mapped and not, why, the first lines not mapped) goes to stderr.\n"
		"\n"
		"options:\n"
		"  -o, --output OUT        write the trace to OUT ('-': stdout, the default\n"
		"                          unless --replay is given)\n"
		"  --strict                the first malformed or unmappable line is an\n"
		"                          error: FILE:LINE: message, exit 2\n"
		"  --geometry-from SNAP    the start: a trace written by `import proc` (its\n"
		"                          header and init ops come first, so the trace\n"
		"                          replays from the real starting state) or a\n"
		"                          /proc/zoneinfo (its zones and watermarks, every\n"
		"                          managed page free).  Default: 1 GiB x86-64, DMA\n"
		"                          [1, 4096) + DMA32 [4096, 262144), every page free\n"
		"  --replay V[,V...]       replay the result under each variant ('presets':\n"
		"                          every era's, e.g. v4.8,v1,v4.10) with the checker on at\n"
		"                          every op; print per variant the allocations the\n"
		"                          model failed that the kernel satisfied, the\n"
		"                          reserves created, the pageblocks at the end\n"
		"  --compare-pagetypeinfo F  show F's block counts (the kernel's\n"
		"                          /proc/pagetypeinfo after the trace) beside them\n"
		"  --from-marker TEXT      skip the events before the first trace_marker\n"
		"                          line containing TEXT (counted)\n"
		"  --max-events N          stop after N events\n"
		"  --annotate              '# L<line>' after each op: its line in FILE\n"
		"  --bulk-gfp G            gfp of bulk_alloc_page allocations (default\n"
		"                          GFP_KERNEL: vmalloc's)\n"
		"  --vmemmap-base ADDR     struct page * -> pfn for the kprobe events:\n"
		"                          (page - ADDR) / --struct-page-size (defaults\n"
		"                          0xffffea0000000000, 64: x86-64 without KASLR)\n"
		"  --quiet                 no summary on stderr (warnings and errors only)\n"
		"  -h, --help              this text\n"
		"\n"
		"exit codes: 0 imported (and every replay passed), 1 a replay violated an\n"
		"invariant, 2 bad input (--strict: the first problem line), usage\n");
}

static void usage_import_proc(FILE *f)
{
	fprintf(f,
		"usage: hatrace import proc --zoneinfo F [--pagetypeinfo F] [--buddyinfo F]\n"
		"                           [--kpageflags F] [-o OUT] [--quiet]\n"
		"\n"
		"Rebuilds the zones of a /proc snapshot as a trace header and init ops:\n"
		"zone spans and managed pages, watermarks and lowmem_reserve (zoneinfo), the\n"
		"pageblock types (pagetypeinfo's block counts), the free buddies on their\n"
		"lists (pagetypeinfo's counts per order and type; with kpageflags the exact\n"
		"free pfns: KPF_BUDDY pages as maximal aligned buddies), the HighAtomic\n"
		"blocks and nr_reserved_highatomic.  Files may be xz/gzip-compressed.\n"
		"What the snapshot does not say is filled in by the rules of\n"
		"docs/capture.md; every assumption and disagreement between the files is\n"
		"written as a comment at the top of OUT and on stderr.\n"
		"\n"
		"options:\n"
		"  --zoneinfo F        /proc/zoneinfo (required)\n"
		"  --pagetypeinfo F    /proc/pagetypeinfo (without it: every block and list\n"
		"                      Movable)\n"
		"  --buddyinfo F       /proc/buddyinfo (a cross-check; the counts if there\n"
		"                      is no pagetypeinfo)\n"
		"  --kpageflags F      /proc/kpageflags, read in the same snapshot\n"
		"  -o, --output OUT    write the trace to OUT (default: stdout)\n"
		"  --quiet             the notes in OUT only, not on stderr\n"
		"  -h, --help          this text\n"
		"\n"
		"exit codes: 0 written, 2 bad input or usage\n");
}

#define FTRACE "import ftrace"
#define PROC "import proc"

/* -o OUT / --output OUT: 1 taken, 0 not this option, -1 usage error */
static int output_opt(const char *cmd, int argc, char **argv, int *i, const char **out)
{
	if (!strcmp(argv[*i], "-o")) {
		if (*i + 1 >= argc) {
			usage_error("import", "%s: option '-o' needs a value", cmd);
			return -1;
		}
		*out = argv[++*i];
		return 1;
	}
	return opt_value("import", argc, argv, i, "--output", out);
}

/*
 * OUT ('-' for standard output), which is none of the @n inputs @in (NULL
 * entries skipped), opened before the work: 0, or EXIT_USAGE.
 */
static int open_import_out(const char *cmd, struct outfile *of, const char *out,
			   const char *const *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (refuse_input(cmd, out, in[i]))
			return EXIT_USAGE;
	return open_output(cmd, of, out);
}

static void print_rusage(FILE *f, const char *when)
{
	struct rusage self, kids;

	if (getrusage(RUSAGE_SELF, &self) || getrusage(RUSAGE_CHILDREN, &kids))
		return;
	fprintf(f, "  peak RSS %s: %ld KiB (hatrace), %ld KiB (its largest child: the decompressor)\n",
		when, self.ru_maxrss, kids.ru_maxrss);
}

/* --geometry-from: a trace, or a /proc/zoneinfo (plain or compressed). */
static int load_start(const char *path, struct trace *t)
{
	struct instream in;
	bool zoneinfo = false;
	char err[512], *line;
	size_t len;

	if (instream_open(&in, path, err, sizeof(err))) {
		fprintf(stderr, "hatrace " FTRACE ": %s\n", err);
		return -1;
	}
	while ((line = instream_line(&in, &len))) {
		const char *p = line;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		zoneinfo = !strncmp(p, "Node ", 5);
		break;
	}
	instream_close(&in, true, err, sizeof(err));
	if (!zoneinfo)
		return load_trace(path, t);
	{
		struct proc_files pf = { .zoneinfo = path };

		if (proc_import(&pf, t, NULL, err, sizeof(err))) {
			fprintf(stderr, "hatrace " FTRACE ": %s\n", err);
			return -1;
		}
	}
	return 0;
}

static int add_variants(const char *list, struct hat_variant *v, unsigned int *n,
			unsigned int max)
{
	char buf[512], err[256];
	char *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "presets") || !strcmp(tok, "all")) {
			/* every era's presets, each era's smallest first (its table is longest first) */
			for (uint8_t e = 1; e <= hat_nr_eras(); e++) {
				const struct hat_era_names *names = era_names(e);

				for (unsigned int i = names->nr_presets; i-- > 0;)
					if (add_variants(names->presets[i].name, v, n, max))
						return -1;
			}
			continue;
		}
		if (*n >= max) {
			usage_error("import", "%s: --replay: more than %u variants", FTRACE, max);
			return -1;
		}
		if (variant_parse(tok, &v[*n], err, sizeof(err))) {
			usage_error("import", "%s: --replay: %s", FTRACE, err);
			return -1;
		}
		(*n)++;
	}
	return 0;
}

static int parse_u64_arg(const char *opt, const char *s, unsigned long long max,
			 unsigned long long *v)
{
	char *end;

	errno = 0;
	if (*s == '-' || *s == '+' || !*s)
		goto bad;
	*v = strtoull(s, &end, 0);
	if (errno || *end || *v > max)
		goto bad;
	return 0;
bad:
	usage_error("import", "%s: %s: '%s' is not a number in range", FTRACE, opt, s);
	return -1;
}

#define MAX_REPLAYS	16

static int cmd_import_ftrace(int argc, char **argv)
{
	struct ftrace_import_opts o;
	struct ftrace_stats st = { 0 };
	struct hat_variant variants[MAX_REPLAYS];
	unsigned int nvariants = 0;
	const char *out = NULL, *geom = NULL, *compare = NULL, *val;
	struct proc_pagetypeinfo kernel;
	struct trace start, mem;
	struct import_replay *r = NULL;
	struct import_replay_stream rs;
	struct ftrace_sink sink;
	bool quiet = false, operands = false, have_start = false;
	char err[1024];
	int nargs = 0, ret = EXIT_PASS;
	struct outfile of = { 0 };

	ftrace_import_opts_default(&o);
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		unsigned long long v;
		int m;

		if (operands || !is_option(arg)) {
			argv[nargs++] = argv[i];
		} else if (!strcmp(arg, "--")) {
			operands = true;
		} else if (is_help(arg)) {
			usage_import_ftrace(stdout);
			return EXIT_PASS;
		} else if ((m = output_opt(FTRACE, argc, argv, &i, &val))) {
			if (m < 0)
				return EXIT_USAGE;
			out = val;
		} else if (!strcmp(arg, "--strict")) {
			o.strict = true;
		} else if (!strcmp(arg, "--annotate")) {
			o.annotate = true;
		} else if (!strcmp(arg, "--quiet") || !strcmp(arg, "-q")) {
			quiet = true;
		} else if ((m = opt_value("import", argc, argv, &i, "--geometry-from", &val))) {
			if (m < 0)
				return EXIT_USAGE;
			geom = val;
		} else if ((m = opt_value("import", argc, argv, &i, "--replay", &val))) {
			if (m < 0 || add_variants(val, variants, &nvariants, MAX_REPLAYS))
				return EXIT_USAGE;
		} else if ((m = opt_value("import", argc, argv, &i, "--compare-pagetypeinfo", &val))) {
			if (m < 0)
				return EXIT_USAGE;
			compare = val;
		} else if ((m = opt_value("import", argc, argv, &i, "--from-marker", &val))) {
			if (m < 0)
				return EXIT_USAGE;
			o.from_marker = val;
		} else if ((m = opt_value("import", argc, argv, &i, "--max-events", &val))) {
			if (m < 0 || parse_u64_arg("--max-events", val, 1ULL << 40, &v))
				return EXIT_USAGE;
			o.max_events = (unsigned long)v;
		} else if ((m = opt_value("import", argc, argv, &i, "--vmemmap-base", &val))) {
			if (m < 0 || parse_u64_arg("--vmemmap-base", val, ~0ULL, &v))
				return EXIT_USAGE;
			o.vmemmap_base = v;
		} else if ((m = opt_value("import", argc, argv, &i, "--struct-page-size", &val))) {
			if (m < 0 || parse_u64_arg("--struct-page-size", val, 4096, &v) || !v)
				return EXIT_USAGE;
			o.struct_page_size = (unsigned int)v;
		} else if ((m = opt_value("import", argc, argv, &i, "--bulk-gfp", &val))) {
			bool nearest;
			const char *bad;
			size_t badlen;

			if (m < 0)
				return EXIT_USAGE;
			if (!gfp_decode(val, strlen(val), &o.bulk_gfp, &nearest, &bad, &badlen))
				return usage_error("import", "%s: --bulk-gfp: unknown gfp name '%.*s'",
						   FTRACE, (int)badlen, bad);
		} else {
			return usage_error("import", "%s: unknown option '%s'", FTRACE, arg);
		}
	}
	if (nargs != 1)
		return usage_error("import", "%s: expected one FILE, got %d", FTRACE, nargs);
	o.path = argv[0];
	if (compare && !nvariants)
		return usage_error("import", "%s: --compare-pagetypeinfo needs --replay", FTRACE);
	if (compare && proc_read_pagetypeinfo(compare, &kernel, err, sizeof(err))) {
		fprintf(stderr, "hatrace " FTRACE ": %s\n", err);
		return EXIT_USAGE;
	}
	trace_init(&start, geom ? geom : "default");
	trace_init(&mem, out && strcmp(out, "-") ? out : o.path);
	if (geom) {
		if (load_start(geom, &start)) {
			ret = EXIT_USAGE;
			goto done;
		}
		have_start = true;
		o.start = &start;
		o.start_name = geom;
	}
	if (out || !nvariants) {
		const char *in[] = { o.path, geom, compare };

		if (open_import_out(FTRACE, &of, out ? out : "-", in, 3)) {
			ret = EXIT_USAGE;
			goto done;
		}
		if (of.f != stdout)
			setvbuf(of.f, NULL, _IOFBF, 1 << 20);
		o.out = of.f;
		o.out_name = out && strcmp(out, "-") ? out : "<stdout>";
	}
	/*
	 * --replay streams: the import runs once per variant, each op going
	 * straight to the replay (the first pass also writes OUT), so memory
	 * stays with the live allocations.  Standard input cannot be read
	 * twice: there the first pass keeps the trace in memory for the others.
	 */
	if (nvariants) {
		r = calloc(nvariants, sizeof(*r));
		if (!r) {
			fprintf(stderr, "hatrace " FTRACE ": out of memory\n");
			ret = EXIT_USAGE;
			goto done;
		}
		import_replay_stream_init(&rs, &variants[0], &r[0]);
		sink = import_replay_sink(&rs);
		o.sink = &sink;
		if (nvariants > 1 && !strcmp(o.path, "-"))
			o.trace = &mem;
	}
	if (ftrace_import(&o, &st, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		ret = EXIT_USAGE;
	}
	if (nvariants)
		import_replay_finish(&rs);
	if (!ret) {	/* after an error: the error alone */
		ftrace_print_warnings(stderr, "hatrace " FTRACE ": ", o.path, &st);
		if (!quiet) {
			ftrace_print_summary(stderr, o.path, &st);
			print_rusage(stderr, "after the import");
		}
	}
	if (o.out && !ret && commit_output(FTRACE, &of))
		ret = EXIT_USAGE;
	outfile_abort(&of);	/* no half trace left behind */
	if (!ret && nvariants) {
		FILE *rf = o.out == stdout ? stderr : stdout;
		struct ftrace_import_opts again = o;
		char why[256];

		if (o.trace && st.too_many_ops)
			fprintf(stderr, "hatrace " FTRACE ": the trace has more than %u ops: the replays after the first stop there (use --max-events)\n",
				TRACE_MAX_OPS);
		if (o.trace && trace_validate(&mem, why, sizeof(why)) >= 0) {
			fprintf(stderr, "hatrace " FTRACE ": internal error: the imported trace is invalid: %s\n",
				why);
			ret = EXIT_USAGE;
			goto done;
		}
		again.out = NULL;	/* out_name stays: op lines refer to OUT */
		again.trace = NULL;
		for (unsigned int i = 0; i < nvariants; i++) {
			if (i && o.trace) {
				import_replay_run(&mem, st.kernel_failed_ops, st.nr_kernel_failed_ops,
						  &variants[i], &r[i]);
			} else if (i) {
				struct ftrace_stats st2;

				import_replay_stream_init(&rs, &variants[i], &r[i]);
				sink = import_replay_sink(&rs);
				again.sink = &sink;
				if (ftrace_import(&again, &st2, err, sizeof(err)))
					fprintf(stderr, "%s\n", err);
				import_replay_finish(&rs);
				ftrace_stats_free(&st2);
			}
			if (r[i].status == 2)
				ret = EXIT_USAGE;
			else if (r[i].status == 1 && ret == EXIT_PASS)
				ret = EXIT_VIOLATION;
		}
		if (!have_start)
			ftrace_default_start(&mem);	/* its header, for the table */
		fprintf(rf, "%s: %lu ops replayed from %s (%s)\n", o.path, st.ops,
			have_start ? geom : "the default start", st.tool ? st.tool : "plain text");
		import_replay_print(rf, have_start ? &start.hdr : &mem.hdr, r, nvariants,
				    compare ? &kernel : NULL, compare);
		fflush(rf);
		if (!quiet)
			print_rusage(stderr, "after the replays");
	}
done:
	free(r);
	outfile_abort(&of);
	ftrace_stats_free(&st);
	trace_free(&start);
	trace_free(&mem);
	return ret;
}

static int cmd_import_proc(int argc, char **argv)
{
	struct proc_files pf = { 0 };
	const char *out = NULL, *val;
	char err[1024], *notes = NULL;
	size_t notes_len = 0;
	bool quiet = false;
	struct outfile of;
	struct trace t;
	FILE *nf, *f;
	int ret = EXIT_PASS;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int m;

		if (is_help(arg)) {
			usage_import_proc(stdout);
			return EXIT_PASS;
		} else if ((m = output_opt(PROC, argc, argv, &i, &val))) {
			if (m < 0)
				return EXIT_USAGE;
			out = val;
		} else if ((m = opt_value("import", argc, argv, &i, "--zoneinfo", &val))) {
			if (m < 0)
				return EXIT_USAGE;
			pf.zoneinfo = val;
		} else if ((m = opt_value("import", argc, argv, &i, "--pagetypeinfo", &val))) {
			if (m < 0)
				return EXIT_USAGE;
			pf.pagetypeinfo = val;
		} else if ((m = opt_value("import", argc, argv, &i, "--buddyinfo", &val))) {
			if (m < 0)
				return EXIT_USAGE;
			pf.buddyinfo = val;
		} else if ((m = opt_value("import", argc, argv, &i, "--kpageflags", &val))) {
			if (m < 0)
				return EXIT_USAGE;
			pf.kpageflags = val;
		} else if (!strcmp(arg, "--quiet") || !strcmp(arg, "-q")) {
			quiet = true;
		} else if (is_option(arg)) {
			return usage_error("import", "%s: unknown option '%s'", PROC, arg);
		} else {
			return usage_error("import", "%s: unexpected argument '%s' (the files come with --zoneinfo, --pagetypeinfo, ...)",
					   PROC, arg);
		}
	}
	if (!pf.zoneinfo)
		return usage_error("import", "%s: --zoneinfo F is required", PROC);
	{
		const char *in[] = { pf.zoneinfo, pf.pagetypeinfo, pf.buddyinfo, pf.kpageflags };

		if (open_import_out(PROC, &of, out ? out : "-", in, 4))
			return EXIT_USAGE;
	}
	nf = open_memstream(&notes, &notes_len);
	if (!nf) {
		fprintf(stderr, "hatrace " PROC ": out of memory\n");
		outfile_abort(&of);
		return EXIT_USAGE;
	}
	trace_init(&t, out ? out : "<stdout>");
	if (proc_import(&pf, &t, nf, err, sizeof(err))) {
		fclose(nf);
		fprintf(stderr, "hatrace " PROC ": %s\n", err);
		ret = EXIT_USAGE;
		goto done;
	}
	fclose(nf);
	f = of.f;
	fprintf(f, "# imported by `hatrace import proc` from:\n");
	fprintf(f, "#   zoneinfo %s\n", pf.zoneinfo);
	if (pf.pagetypeinfo)
		fprintf(f, "#   pagetypeinfo %s\n", pf.pagetypeinfo);
	if (pf.buddyinfo)
		fprintf(f, "#   buddyinfo %s\n", pf.buddyinfo);
	if (pf.kpageflags)
		fprintf(f, "#   kpageflags %s\n", pf.kpageflags);
	fprintf(f, "# (rules for what /proc does not say: docs/capture.md)\n");
	for (char *p = notes, *nl; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		fprintf(f, "# %.*s\n", (int)(nl - p), p);
		if (!quiet)
			fprintf(stderr, "hatrace " PROC ": %.*s\n", (int)(nl - p), p);
	}
	trace_print_text(f, &t);
	if (commit_output(PROC, &of))
		ret = EXIT_USAGE;
done:
	outfile_abort(&of);
	free(notes);
	trace_free(&t);
	return ret;
}

int cmd_import(int argc, char **argv)
{
	if (argc < 2) {
		usage_import(stderr);
		return EXIT_USAGE;
	}
	if (is_help(argv[1])) {
		usage_import(stdout);
		return EXIT_PASS;
	}
	if (!strcmp(argv[1], "ftrace"))
		return cmd_import_ftrace(argc - 1, argv + 1);
	if (!strcmp(argv[1], "proc"))
		return cmd_import_proc(argc - 1, argv + 1);
	if (!strcmp(argv[1], "oom"))
		return cmd_import_oom(argc - 1, argv + 1);
	return usage_error("import", "unknown input '%s' (ftrace, proc, oom)", argv[1]);
}
