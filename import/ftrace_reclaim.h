/* SPDX-License-Identifier: MIT */
/*
 * ftrace_reclaim.h - a task's direct reclaim as the trace shows it
 * (vmscan/mm_vmscan_direct_reclaim_end nr_reclaimed=N), kept until the
 * task's allocation comes: the import gives that allocation's slow path
 * the kernel's progress (a `progress N` op before it, `progress 0` after),
 * so the model's direct reclaim drains and retries where the kernel's did.
 */
#ifndef HATRACE_IMPORT_FTRACE_RECLAIM_H
#define HATRACE_IMPORT_FTRACE_RECLAIM_H

#include <stdbool.h>

#define FTRACE_RECLAIMERS	64	/* tasks in direct reclaim at once, at most */

struct ftrace_reclaim {
	struct {
		long pid, nr_reclaimed;
	} t[FTRACE_RECLAIMERS];
	unsigned int n;
};

/* Task @pid's direct reclaim ended with @nr_reclaimed pages (its last round counts). */
void ftrace_reclaim_end(struct ftrace_reclaim *r, long pid, long nr_reclaimed);
/* Task @pid allocates: its pending reclaim's progress into *@nr (then forgotten). */
bool ftrace_reclaim_take(struct ftrace_reclaim *r, long pid, long *nr);

#endif /* HATRACE_IMPORT_FTRACE_RECLAIM_H */
