/* SPDX-License-Identifier: MIT */
/*
 * slowpath_int.h - what alloc_flags.c, get_page.c, reclaim.c and
 * slowpath.c share: vm.defrag_mode, the decision event, and the stops of
 * a stepped request at the lock-drop points of enum slowpath_point.
 */
#ifndef HATRACE_V6_SLOWPATH_INT_H
#define HATRACE_V6_SLOWPATH_INT_H

#include "events.h"
#include "page_alloc.h"

/*
 * A request whose reclaim keeps reporting progress without the allocation
 * ever succeeding (or whose OOM path never kills: no __GFP_FS) loops
 * forever in the kernel; the model stops after this many reclaim rounds
 * and reports a stall (DEC_STALL).
 */
#define SLOWPATH_MAX_ROUNDS	256

/* vm.defrag_mode, which exists from e3aa7df331bc (v6.15) on. */
static inline bool defrag_mode_on(void)
{
	return v6_has(V6_E3AA7DF331BC) && contig_page_data.defrag_mode;
}

static inline void slowpath_decision(enum v6_decision d, gfp_t gfp_mask, unsigned int order,
				     unsigned int alloc_flags)
{
	V6_EVENT(decision, d, order, gfp_mask, alloc_flags);
}

/* Where @rq resumes (SP_RUNNING: it does not); from here on it runs. */
static inline enum slowpath_point resume_point(struct alloc_request *rq)
{
	enum slowpath_point p = rq ? rq->point : SP_RUNNING;

	if (rq)
		rq->point = SP_RUNNING;
	return p;
}

/* A lock-drop point: a stepped request stops here (true) and resumes here. */
static inline bool slowpath_stop(struct alloc_request *rq, enum slowpath_point p)
{
	if (!rq || !rq->stop_at_points)
		return false;
	rq->point = p;
	rq->stops++;
	return true;
}

#endif /* HATRACE_V6_SLOWPATH_INT_H */
