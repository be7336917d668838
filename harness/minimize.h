/* SPDX-License-Identifier: MIT */
/*
 * minimize.h - shrinking a failing trace while it keeps failing the same
 * way (the first violation's signature, signature.h: its invariant, the
 * kernel function that detected it and its detail).  Used by `hatrace minimize` and by
 * fuzz triage.  Deterministic: the same input and options give the same
 * output.
 */
#ifndef HATRACE_MINIMIZE_H
#define HATRACE_MINIMIZE_H

#include <stdbool.h>
#include <stdint.h>

#include "exec.h"
#include "trace.h"

#define MINIMIZE_DEFAULT_REPLAYS	20000

struct minimize_opts {
	struct hat_variant variant;	/* replayed under this variant */
	unsigned long max_replays;	/* 0: MINIMIZE_DEFAULT_REPLAYS */
	bool no_simplify;		/* only remove ops, never rewrite one */
	/*
	 * keep_sig: keep a trace with a violation that this pattern matches
	 * (signature.h, e.g. "I4:unreserve_highatomic_pageblock"), wherever
	 * it comes (the others do not count: exec_opts.counts), instead of
	 * the first violation's signature; NULL: the first violation's
	 */
	const char *keep_sig;
	/*
	 * unless: keep only a trace this variant passes (no violation at
	 * all): a differential finding, as the fuzz targets' HAT_FUZZ_UNLESS
	 * counts it, stays one; NULL: no such condition
	 */
	const struct hat_variant *unless;
	/* called after every replay; may be NULL */
	void (*progress)(unsigned long replays, uint32_t nr_ops, void *arg);
	void *progress_arg;
};

struct minimize_result {
	/* of the input, kept by the output (keep_sig: its first match) */
	struct signature sig;
	uint32_t ops_before, ops_after;
	unsigned long replays;
	unsigned long simplified;	/* ops rewritten (flags dropped, ...) */
	bool capped;			/* stopped at max_replays */
	char err[256];
};

/* The trace's own variant (or the default one), no cap override. */
void minimize_opts_default(struct minimize_opts *o, const struct trace *t);

/*
 * Shrink @in (valid) into @out (trace_init()ed by the caller, which frees
 * it with trace_free()): ddmin-style removal of chunks of ops, halving the
 * chunk size down to one op, then rewriting single ops into simpler ones
 * (flags dropped, cpu 0, order 0, loops 1, an alloc-begin into an alloc
 * without its alloc-step and alloc-end), repeated while anything
 * changes.  The header is kept.  Returns 0, 1 if @in shows no violation
 * under the variant (with @o->keep_sig: none with that signature; with
 * @o->unless: or @in does not pass under that one; @out left empty), or
 * -1 with @r->err (out of memory,
 * or the node cannot be set up).
 */
int trace_minimize(const struct trace *in, const struct minimize_opts *o,
		   struct trace *out, struct minimize_result *r);

/*
 * @out := @in without the ops with @drop[i] set, nor the ops that then
 * lose their handle (the uses of a dropped alloc, alloc-begin, init-alloc
 * or isolate-free; the free-commit of a dropped free-begin; the frees of a
 * request whose alloc-end is dropped); handles are
 * renumbered in definition order.  @drop has @in->nr_ops entries and is
 * updated with the ops dropped as a consequence.  @out is replaced.
 * Returns 0 or -1 (memory).  The result still needs trace_validate().
 */
int trace_drop_ops(const struct trace *in, bool *drop, struct trace *out);

#endif /* HATRACE_MINIMIZE_H */
