/* SPDX-License-Identifier: MIT */
/*
 * ftrace_checks.h - the cross-checks `import ftrace` makes on every event
 * (used by ftrace.c; counted in struct ftrace_stats, reported as warnings
 * by ftrace_print_warnings()): the timestamps of each CPU never go
 * backwards, the pfns lie in the zones of the start given, one file holds
 * one layout (4.x decimal pfn= or 5.x/6.x hex pfn=0x..).
 */
#ifndef HATRACE_IMPORT_FTRACE_CHECKS_H
#define HATRACE_IMPORT_FTRACE_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ftrace.h"

/* The last timestamp of each CPU seen (CPUs 0 .. FTRACE_MAX_CLOCKS-1; the others unchecked). */
#define FTRACE_MAX_CLOCKS	8192	/* NR_CPUS of the largest kernel configurations */

struct ftrace_clock {
	uint64_t sec;
	uint32_t ns;
	bool seen;
	unsigned long line;
};

struct ftrace_clocks {
	struct ftrace_clock *cpu;
	unsigned int n;
};

/* The event of @fl, at @line: is its timestamp behind its CPU's previous one? */
void ftrace_check_clock(struct ftrace_clocks *k, struct ftrace_stats *st, unsigned long line,
			const struct ftrace_line *fl);
void ftrace_clocks_free(struct ftrace_clocks *k);

/*
 * An event's pfn (@hex: as the input wrote it) and order, at @line: is
 * [pfn, pfn + 2^order) inside one zone of @g, the start's geometry
 * (@start_name)?
 */
void ftrace_check_pfn(struct ftrace_stats *st, unsigned long line, const struct hat_geometry *g,
		      const char *start_name, uint64_t pfn, unsigned int order, bool hex);

/*
 * An allocation's gfp_flags= (@text, @len bytes, mapped to @gfp) at @line:
 * does it have both mobility bits, which gfpflags_to_migratetype() turns
 * into 3, HAT_MT_HIGHATOMIC (a caller bug the kernel VM_WARNs about)?
 */
void ftrace_check_gfp(struct ftrace_stats *st, unsigned long line, gfp_t gfp, const char *text,
		      size_t len);

/* An event with a pfn= (@hex: 0x..) at @line: count its layout. */
void ftrace_note_layout(struct ftrace_stats *st, unsigned long line, bool hex);

#endif /* HATRACE_IMPORT_FTRACE_CHECKS_H */
