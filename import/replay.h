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
#include "proc.h"
#include "trace.h"

struct import_replay {
	struct hat_variant variant;
	int status;			/* trace_exec(): 0 pass, 1 violated, 2 error */
	char err[256];
	unsigned int fired;
	unsigned long nr_violations;
	struct exec_violation first;	/* valid if nr_violations */
	struct exec_stats stats;
	uint32_t ops_run;
	unsigned long allocs, model_failed;	/* alloc ops, and how many got no pages */
	unsigned long isolates, isolates_failed;	/* isolate-free ops */
	unsigned long model_failed_kernel_ok;	/* the kernel's allocation succeeded */
#define IMPORT_REPLAY_EXAMPLES	5
	uint32_t failed_ex[IMPORT_REPLAY_EXAMPLES];	/* op indices of the first ones */
	unsigned int nr_failed_ex;
	unsigned long both_failed;
	unsigned long kernel_failed_model_ok;
	unsigned long reserves, unreserves;	/* the counter went up / down */
	unsigned long blocks[MAX_NR_ZONES][MIGRATE_TYPES];
	unsigned long reserved[MAX_NR_ZONES];	/* nr_reserved_highatomic at the end */
	unsigned long free_pages[MAX_NR_ZONES];	/* NR_FREE_PAGES at the end */
	uint64_t state_hash;
	double seconds;
};

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
void import_replay_print(FILE *f, const struct trace *t, const struct import_replay *r,
			 unsigned int n, const struct proc_pagetypeinfo *kernel,
			 const char *kernel_name);

#endif /* HATRACE_IMPORT_REPLAY_H */
