// SPDX-License-Identifier: MIT
/*
 * ftrace_reclaim.c - pending direct reclaims per task (ftrace_reclaim.h).
 */
#include "ftrace_reclaim.h"

void ftrace_reclaim_end(struct ftrace_reclaim *r, long pid, long nr_reclaimed)
{
	unsigned int i;

	for (i = 0; i < r->n && r->t[i].pid != pid; i++)
		;
	if (i == r->n) {
		if (r->n == FTRACE_RECLAIMERS)
			i = 0;	/* one goes: tasks that never allocated after it */
		else
			r->n++;
	}
	r->t[i].pid = pid;
	r->t[i].nr_reclaimed = nr_reclaimed;
}

bool ftrace_reclaim_take(struct ftrace_reclaim *r, long pid, long *nr)
{
	for (unsigned int i = 0; i < r->n; i++) {
		if (r->t[i].pid != pid)
			continue;
		*nr = r->t[i].nr_reclaimed;
		r->t[i] = r->t[--r->n];
		return true;
	}
	return false;
}
