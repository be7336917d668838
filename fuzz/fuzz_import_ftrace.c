// SPDX-License-Identifier: MIT
/*
 * fuzz_import_ftrace.c - `hatrace import ftrace` over the bytes: the kmem
 * ftrace line parser and the mapping of events to ops (import/ftrace.h),
 * from a small start state with pages allocated before the trace (so that
 * frees of pre-trace pages and allocations of pages the start holds are
 * reached), with --annotate.  Rejecting the input is fine; an accepted
 * import must have written a trace that parses back (trace_parse_text) to
 * the in-memory trace the import built beside it.  A mismatch prints both
 * and aborts.
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ftrace.h"
#include "fuzz_text.h"
#include "text.h"

/*
 * A 64 MiB node whose last 2048 pages are allocated, owned by nobody (the
 * import builds the start on the model for every input: small is fast).
 */
static const char start_text[] =
	"hatrace-trace 1\n"
	"geometry pageblock_order=9 max_order=11 cpus=2\n"
	"zone DMA 1 4096\n"
	"zone DMA32 4096 16384\n"
	"init-free 0 14336\n";

static const struct trace *start(void)
{
	static struct trace t;
	static bool ready;
	char err[512];

	if (!ready) {
		trace_init(&t, "start");
		if (trace_parse_text(start_text, sizeof(start_text) - 1, "start", &t, err,
				     sizeof(err)))
			fuzz_mismatch("the start state does not parse", err, NULL);
		ready = true;
	}
	return &t;
}

/* The written text must parse, and print as the in-memory trace does. */
static void check(const char *out, size_t out_len, const struct trace *mem)
{
	struct trace back;
	char err[512], *p1, *p2;
	size_t l1 = 0, l2 = 0;

	trace_init(&back, "written");
	if (trace_parse_text(out, out_len, "written", &back, err, sizeof(err))) {
		fprintf(stderr, "==hatrace fuzz== the imported trace does not parse: %s\n", err);
		fuzz_mismatch("the written trace is invalid", out, NULL);
	}
	p1 = fuzz_print_trace(&back, &l1);
	p2 = fuzz_print_trace(mem, &l2);
	if (p1 && p2 && (l1 != l2 || memcmp(p1, p2, l1)))
		fuzz_mismatch("the written trace differs from the in-memory one", p1, p2);
	free(p1);
	free(p2);
	trace_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ftrace_import_opts o;
	struct ftrace_stats st;
	struct trace mem;
	char err[1024], *out = NULL;
	size_t out_len = 0;
	FILE *f = open_memstream(&out, &out_len);
	int rc;

	if (!f)
		return 0;
	trace_init(&mem, "in-memory");
	ftrace_import_opts_default(&o);
	o.path = "fuzz-input";
	o.data = data;
	o.data_len = size;
	o.annotate = true;
	o.start = start();
	o.start_name = "start";
	o.out = f;
	o.out_name = "written";
	o.trace = &mem;
	rc = ftrace_import(&o, &st, err, sizeof(err));
	if (fclose(f))
		rc = -1;	/* out of memory */
	fuzz_verdict(rc ? "rejected" : "imported");
	if (!rc && !st.too_many_ops)
		check(out, out_len, &mem);
	ftrace_stats_free(&st);
	trace_free(&mem);
	free(out);
	return 0;
}
