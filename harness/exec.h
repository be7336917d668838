/* SPDX-License-Identifier: MIT */
/*
 * exec.h - deterministic replay of a trace on the allocator model, with
 * the invariant checker on.  The same trace and options give the same
 * verdict and the same final state hash on every build.
 */
#ifndef HATRACE_EXEC_H
#define HATRACE_EXEC_H

#include <stdint.h>

#include "model.h"
#include "signature.h"
#include "trace.h"

enum check_mode {
	CHECK_EVERY,	/* event checks, and check_node_cheap() after every op */
	CHECK_END,	/* no event checks; cheap and full checks at the end only */
};

/* A request begun by alloc-begin, as it completed. */
struct exec_request {
	uint32_t handle;
	uint32_t begin_op;		/* its alloc-begin */
	uint32_t end_op;		/* the op that completed it; ops stepped: at the end */
	const struct hat_request *rq;	/* the page, the report, how often it stopped (model.h) */
};

struct exec_opts {
	struct hat_variant variant;
	enum check_mode check;
	bool keep_going;	/* run to the end after a violation */
	bool full_at_end;	/* check_node_full() after the last op (default on) */
	bool history;		/* keep per-pageblock history for reports */
	/*
	 * restore the node after a first op init-free from boot_cache.h
	 * when it holds that state, save it there otherwise (replay loops:
	 * the fuzz targets); never with history
	 */
	bool reuse_boot;
	/*
	 * no state hash at the end (exec_result.state_hash 0): for callers
	 * that never read it (the fuzz targets); the walk is a good part of a
	 * short run
	 */
	bool skip_state_hash;
	/* called about every 2^16 ops with the op index; may be NULL */
	void (*progress)(uint32_t done, uint32_t total, void *arg);
	void *progress_arg;
	/*
	 * called after each alloc op, and when a request of an alloc-begin
	 * completes (op_index: the op that completed it, the number of ops
	 * stepped at the end), with whether the model gave it pages; may be NULL
	 */
	void (*on_alloc)(uint32_t op_index, bool ok, void *arg);
	void *on_alloc_arg;
	/* called when a request of an alloc-begin completes; may be NULL */
	void (*on_request)(const struct exec_request *er, void *arg);
	void *on_request_arg;
	/*
	 * whether a violation counts (NULL: all do); one that does not is
	 * neither recorded nor in fired (only in uncounted) and does not stop
	 * the run (the fuzz targets' HAT_FUZZ_ONLY, _IGNORE)
	 */
	bool (*counts)(const struct hat_violation *v, void *arg);
	void *counts_arg;
};

void exec_opts_default(struct exec_opts *o, const struct trace *t);

#define EXEC_MAX_RECORDED	HAT_MAX_RECORDED

struct exec_violation {
	struct hat_violation v;
	uint32_t op_index;	/* the op during which it was found; nr_ops = at the end */
};

/* What became of the request an imported OOM report is about (alloc ... report). */
enum request_outcome {
	REQUEST_NONE,		/* no such alloc ran */
	REQUEST_SERVED,		/* it got its pages */
	REQUEST_OOM,		/* __alloc_pages_may_oom() reached the OOM killer */
	REQUEST_STALLED,	/* stopped at the livelock bound (no __GFP_FS: no kill) */
	REQUEST_FAILED,		/* no pages, no OOM kill (costly order, NORETRY, ...) */
};
const char *request_outcome_name(enum request_outcome o);

struct exec_stats {
	unsigned long allocs, alloc_failed, ooms, livelocks;
	unsigned long frees, frees_skipped;	/* skipped: the allocation had failed */
	unsigned long requests;		/* alloc-begin ops run */
	unsigned long stops;		/* at lock-drop points, by the completed requests */
	unsigned long steps_skipped;	/* alloc-step/-end of a request completed already */
	unsigned long ended_at_end;	/* requests in flight at the end, run to it there */
	/* alloc/unreserve ops whose gfp has both mobility bits (gfp_mobility_invalid) */
	unsigned long invalid_gfp;
	uint32_t invalid_gfp_op;		/* the first of them */
	/* the last alloc marked report: its outcome, op and no_progress_loops */
	enum request_outcome request;
	uint32_t request_op;
	int request_loops;
};

struct exec_result {
	int status;		/* 0 all invariants held, 1 violated, 2 setup error */
	hat_invset fired;
	hat_invset uncounted;	/* the same, of the violations exec_opts.counts refused */
	unsigned long nr_violations;
	unsigned int nr_recorded;
	struct exec_violation recorded[EXEC_MAX_RECORDED];
	uint32_t ops_run;
	uint64_t state_hash;
	struct exec_stats stats;
	char err[256];
};

/*
 * Replay @t (valid: trace_validate) under @o.  The node is left in its
 * final state (or the state at the first violation, unless keep_going)
 * for dump/report until the next trace_exec() or node_init().
 */
int trace_exec(const struct trace *t, const struct exec_opts *o, struct exec_result *r);

/*
 * The same, an op at a time, for traces that are never whole in memory
 * (import ftrace --replay streams its ops).  exec_begin() builds the node
 * from @hdr's geometry under @o (NULL on a setup error: r->status 2 and
 * r->err); exec_step() runs one op (op_index = ops stepped so far) and
 * returns false once stopped (a violation without keep_going, or out of
 * memory); exec_end() runs the end-of-run checks, sets r->state_hash
 * (unless skip_state_hash) and r->status, frees the session and returns
 * the status.  trace_exec() is begin + step per op + end.
 *
 * exec_end() first runs the requests still in flight (alloc-begin without
 * its alloc-end) to their end, in the order they began, as alloc-end would.
 *
 * Handles need not be known up front, nor validated: the per-handle state
 * grows with the highest handle defined.  A defining op (alloc,
 * isolate-free, init-alloc) may reuse a handle whose page is no longer held
 * (freed, reclaimed, failed; not between free-begin and free-commit, nor
 * while its request is in flight), so a
 * producer that recycles freed handle numbers keeps the state bounded by
 * its live allocations; a defining op on a handle still held is skipped.
 * A free of a handle never defined counts as skipped, like a free of a
 * failed allocation; an alloc-step or alloc-end of a request not in flight
 * (completed, or never begun) counts as a step skipped.
 */
struct exec_session;
struct exec_session *exec_begin(const struct trace_header *hdr, const struct exec_opts *o,
				struct exec_result *r);
bool exec_step(struct exec_session *s, const struct op *op);
int exec_end(struct exec_session *s);

/* The signature that minimize and triage keep: the first violation's. */
bool exec_signature(const struct exec_result *r, struct signature *s);

#endif /* HATRACE_EXEC_H */
