/* SPDX-License-Identifier: MIT */
/*
 * replay.h - replaying an imported trace under a variant and saying how
 * the model fared against the kernel it came from: allocations the model
 * failed that the kernel satisfied, highatomic reserves created and
 * released, the pageblock types at the end beside the kernel's own
 * /proc/pagetypeinfo taken after the trace.
 */
#ifndef HATRACE_IMPORT_REPLAY_H
#define HATRACE_IMPORT_REPLAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exec.h"
#include "ftrace.h"
#include "proc.h"
#include "trace.h"

struct import_replay {
	struct hat_variant variant;
	int status;			/* trace_exec(): 0 pass, 1 violated, 2 error */
	char err[256];
	hat_invset fired;
	unsigned long nr_violations;
	struct exec_violation first;	/* valid if nr_violations */
	struct op first_op;		/* its op, if first_at_op (else: at the end) */
	bool first_at_op;
	struct exec_stats stats;
	uint32_t ops_run;
	unsigned long allocs, model_failed;	/* alloc ops, and how many got no pages */
	unsigned long isolates, isolates_failed;	/* isolate-free ops */
	unsigned long model_failed_kernel_ok;	/* the kernel's allocation succeeded */
	unsigned long model_failed_oom;		/* ... of which the model decided to OOM-kill */
	/*
	 * The model's OOM kills: its OOM decisions are episodes, as the
	 * kernel kills once and lets the allocations wait for the victim to
	 * exit (the model kills nothing: each allocation meanwhile decides
	 * again).  One opens at an OOM decision and closes when the model
	 * serves an allocation that may reclaim (the shortage is over).
	 */
	unsigned long oom_kills;
	bool in_oom_episode;
#define IMPORT_REPLAY_EXAMPLES	5
	uint32_t failed_ex[IMPORT_REPLAY_EXAMPLES];	/* op indices of the first ones */
	struct op failed_ex_op[IMPORT_REPLAY_EXAMPLES];	/* and the ops */
	unsigned int nr_failed_ex;
	unsigned long both_failed;
	unsigned long kernel_failed_model_ok;
	unsigned long reserves, unreserves;	/* the counter went up / down */
	unsigned long blocks[HAT_NR_ZONES][HAT_NR_MT];
	unsigned long reserved[HAT_NR_ZONES];	/* nr_reserved_highatomic at the end */
	unsigned long free_pages[HAT_NR_ZONES];	/* NR_FREE_PAGES at the end */
	unsigned long pcp_pages[HAT_NR_ZONES];	/* on the per-cpu lists at the end */
	uint64_t state_hash;
	double seconds;
};

/*
 * A replay fed an op at a time (import ftrace's sink: the trace is never
 * whole in memory).  import_replay_stream_init(), then give
 * import_replay_sink() to ftrace_import() (or call import_replay_begin()
 * and import_replay_op() by hand), then import_replay_finish(), which
 * fills @r as import_replay_run() does and returns r->status.
 */
struct import_replay_stream {
	struct import_replay *r;
	struct exec_opts o;
	struct exec_result *res;
	struct exec_session *s;
	const struct op *cur;		/* the canonical op being run */
	bool cur_kernel_failed, have_first, begun;
	const uint32_t *kfail;		/* import_replay_run()'s list, or NULL */
	size_t nkfail, next;
	double t0;
};

void import_replay_stream_init(struct import_replay_stream *s, const struct hat_variant *v,
			       struct import_replay *r);
void import_replay_begin(struct import_replay_stream *s, const struct trace_header *hdr);
void import_replay_op(struct import_replay_stream *s, const struct op *canon,
		      const struct op *op, bool kernel_failed);
struct ftrace_sink import_replay_sink(struct import_replay_stream *s);
int import_replay_finish(struct import_replay_stream *s);

/*
 * Replay @t under @v with the invariant checker on at every op (run to the
 * end through violations).  @kfail: the sorted op indices of allocations
 * that failed in the kernel.  Returns r->status.
 */
int import_replay_run(const struct trace *t, const uint32_t *kfail, size_t nkfail,
		      const struct hat_variant *v, struct import_replay *r);

/*
 * One paragraph per replay, then the pageblock table: each replay's final
 * block counts (and free pages) per zone beside @kernel's (may be NULL).
 */
void import_replay_print(FILE *f, const struct trace_header *hdr, const struct import_replay *r,
			 unsigned int n, const struct proc_pagetypeinfo *kernel,
			 const char *kernel_name);

#endif /* HATRACE_IMPORT_REPLAY_H */
