/* SPDX-License-Identifier: MIT */
/*
 * report.h - printing what a replay found: the violations with the op that
 * triggered them, the history of the pageblocks involved and the zone
 * state in the kernel's formats.  Used by `hatrace replay` and by fuzz
 * triage; it reads the node as trace_exec() left it.
 */
#ifndef HATRACE_REPORT_H
#define HATRACE_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "exec.h"
#include "trace.h"

/* How many recorded violations report_print() details. */
#define REPORT_MAX_VIOLATIONS	4

/* "I1,I4" for a fired mask (invariant order), "pass" for 0.  Returns @buf. */
const char *report_fired(hat_invset fired, char *buf, size_t len);

/* "line 14" or "offset 120" (binary traces), for op @op of @t. */
const char *report_where(const struct trace *t, const struct op *op, char *buf, size_t len);

/* One recorded violation: ids, function, zone, pfn, values, op. */
void report_one_violation(FILE *f, const struct trace *t, const struct exec_violation *ev,
			  unsigned int index, unsigned long total);

/* The history of every distinct pageblock named by the first @max violations. */
void report_history(FILE *f, const struct exec_result *r, unsigned int max);

/*
 * Warnings about the input that do not make a verdict: ops with a gfp mask
 * the kernel would VM_WARN about (both mobility bits).  One line each,
 * "NAME: warning: ...", nothing if there is none.
 */
void report_warnings(FILE *f, const struct trace *t, const struct exec_result *r);

/*
 * One request of an alloc-begin of @t as it completed (exec_opts.on_request):
 * the call, served or failed and how, its stops, where it completed.
 */
void report_request(FILE *f, const struct trace *t, const struct exec_request *er);

/* show_free_areas() and pagetypeinfo_show() of the node as it is now. */
void report_state(FILE *f);

/*
 * The whole report: up to @max violations (0: REPORT_MAX_VIOLATIONS), a
 * note of how many more there were, the pageblock histories and the zone
 * state.  Call it right after a trace_exec() with exec_opts.history on
 * (otherwise the histories are those of an earlier run, or missing).
 */
void report_print(FILE *f, const struct trace *t, const struct exec_result *r,
		  unsigned int max);

#endif /* HATRACE_REPORT_H */
