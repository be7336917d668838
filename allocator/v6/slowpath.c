// SPDX-License-Identifier: MIT
/*
 * slowpath.c - the allocation entry points of mm/page_alloc.c (v6.1 ..
 * 2026): __alloc_pages_slowpath and __alloc_pages (__alloc_frozen_pages
 * since v6.14), as a request that can stop at the slow path's lock-drop
 * points and resume there (as era 1's).  The zone walk both paths take,
 * get_page_from_freelist(), is in get_page.c.
 *
 * The slow path is v6.1 .. v6.18's, with compaction modelled away (it
 * never yields a page nor asks for a retry).  v6.19 moved the first
 * compaction attempt into the loop (compact_first); with compaction
 * modelled away the two shapes try the free lists alike, and a costly
 * __GFP_NORETRY request gets one reclaim round in both [6.1's early exit
 * for it after a skipped compaction: U].  A request run to its end fails
 * at an OOM kill (the model's victim frees nothing); a stepped one
 * retries, as the kernel does, so that a trace can free the victim's
 * pages first.
 *
 * The forms a switch selects:
 *   2973d8229b78  (v6.3) no __GFP_ATOMIC left to strip from a blocking request
 *   e3aa7df331bc  (v6.15) defrag_mode: NOFRAGMENT kept to the end, then
 *                 dropped before OOM, as posted: `alloc_flags &=
 *                 ALLOC_NOFRAGMENT` and no check of a retry taken (T12)
 *   defrag-mode-oom-fix  ... cleared properly, and only once
 *   fastpath-highatomic (2026) the fast path uses the reserve (T10)
 */
#include "slowpath_int.h"

#include <string.h>

/* __gfp_pfmemalloc_flags(): no PF_MEMALLOC task or OOM victim in the model. */
static unsigned int gfp_pfmemalloc_flags(gfp_t gfp_mask)
{
	if (unlikely(gfp_mask & __GFP_NOMEMALLOC))
		return 0;
	return (gfp_mask & __GFP_MEMALLOC) ? ALLOC_NO_WATERMARKS : 0;
}

static const char *const point_names[NR_SLOWPATH_POINTS] = {
	[SP_RUNNING] = "running",
	[SP_RECLAIM_DRAINED] = "reclaim-drained",
	[SP_RETRY_UNRESERVED] = "retry-unreserved",
	[SP_RETRY] = "retry",
	[SP_NOFRAGMENT_DROPPED] = "nofragment-dropped",
	[SP_OOM] = "oom",
	[SP_DONE] = "done",
};

const char *slowpath_point_name(enum slowpath_point p)
{
	return (unsigned int)p < NR_SLOWPATH_POINTS ? point_names[p] : "?";
}

/*
 * defrag_mode's last try before OOM without ALLOC_NOFRAGMENT.  As posted
 * (e3aa7df331bc) it kept ONLY that flag and retried every time, so the
 * slow path never reached OOM (T12); the fix clears it, once.  True:
 * retry.
 */
static bool defrag_mode_drop(struct alloc_request *rq)
{
	if (!defrag_mode_on())
		return false;
	if (v6_has(V6_DEFRAG_MODE_OOM_FIX)) {
		if (!(rq->alloc_flags & ALLOC_NOFRAGMENT))
			return false;
		rq->alloc_flags &= ~(unsigned int)ALLOC_NOFRAGMENT;
	} else {
		rq->alloc_flags &= ALLOC_NOFRAGMENT;
	}
	rq->nofragment_dropped = true;
	contig_page_data.last_alloc.nofragment_drops++;
	return true;
}

/* The OOM step: its decision as an event, a stop after out_of_memory(). */
static struct page *slowpath_oom(struct alloc_request *rq)
{
	struct alloc_report *rep = &contig_page_data.last_alloc;
	unsigned long kills = contig_page_data.nr_oom_kills;
	bool was_skipped = rep->oom_skipped;
	int no_kills = rep->oom_no_kill;
	struct page *page;
	enum v6_decision d;
	bool skipped;

	rep->no_progress_loops = rq->no_progress_loops;
	rep->oom_skipped = false;
	page = __alloc_pages_may_oom(rq->gfp_mask, rq->order, &rq->ac, &rq->did_some_progress);
	skipped = rep->oom_skipped;
	rep->oom_skipped |= was_skipped;
	if (page)
		return page;
	rq->oom_killed = contig_page_data.nr_oom_kills != kills;
	if (rq->oom_killed)
		d = DEC_OOM_KILL;
	else if (rep->oom_no_kill != no_kills)
		d = DEC_OOM_NO_KILL;
	else if (skipped)
		d = DEC_OOM_SKIPPED;
	else
		return NULL;
	slowpath_decision(d, rq->gfp_mask, rq->order, rq->alloc_flags);
	if (rq->did_some_progress)
		slowpath_stop(rq, SP_OOM);
	return NULL;
}

/* The slow path's start: its flags, and the 6.1 sanity fix of the mask. */
static void slowpath_start(struct alloc_request *rq)
{
	contig_page_data.last_alloc.slowpath = true;
	/* before 2973d8229b78: an atomic request that may sleep is not atomic */
	if (!v6_has(V6_2973D8229B78) &&
	    (rq->gfp_mask & (__GFP_ATOMIC | __GFP_DIRECT_RECLAIM)) ==
	    (__GFP_ATOMIC | __GFP_DIRECT_RECLAIM))
		rq->gfp_mask &= ~__GFP_ATOMIC;
	rq->no_progress_loops = 0;
	rq->compaction_retries = 0;
	rq->alloc_flags = gfp_to_alloc_flags(rq->gfp_mask, rq->order);
}

/*
 * The model's bound on a request that the kernel would loop on forever:
 * after SLOWPATH_MAX_ROUNDS reclaim rounds it stops as a stall.
 */
static bool slowpath_stalled(struct alloc_request *rq)
{
	struct alloc_report *rep = &contig_page_data.last_alloc;

	if (rep->reclaim_rounds < SLOWPATH_MAX_ROUNDS)
		return false;
	rep->livelock = true;
	slowpath_decision(DEC_STALL, rq->gfp_mask, rq->order, rq->alloc_flags);
	return true;
}

/* The flags of a __GFP_NOFAIL request's last resort (6.1.0: ALLOC_HARDER). */
static unsigned int nofail_flags(void)
{
	return v6_has(V6_1EBBB21811B7) ? ALLOC_MIN_RESERVE : ALLOC_HARDER;
}

/*
 * __alloc_pages_slowpath() of @rq, whose fields are the kernel function's
 * arguments and locals.  A stepped request returns NULL at each lock-drop
 * point with rq->point saying which; called again, it resumes there.  It
 * sets rq->point to SP_DONE when it ends, with the page or NULL.
 */
struct page *__alloc_pages_slowpath(struct alloc_request *rq)
{
	bool can_direct_reclaim = rq->gfp_mask & __GFP_DIRECT_RECLAIM;
	bool can_compact = can_direct_reclaim && (rq->gfp_mask & __GFP_IO);
	struct alloc_report *rep = &contig_page_data.last_alloc;
	const struct alloc_context *ac = &rq->ac;
	unsigned int order = rq->order;
	unsigned int reserve_flags;
	struct page *page = NULL;	/* a request resumed at SP_OOM may fail at once */
	bool again;

	switch (rq->point) {
	case SP_RECLAIM_DRAINED:
		goto direct_reclaim;
	case SP_RETRY_UNRESERVED:
	case SP_RETRY:
		goto reclaim_retry;
	case SP_NOFRAGMENT_DROPPED:
		rq->point = SP_RUNNING;
		goto retry;
	case SP_OOM:
		rq->point = SP_RUNNING;
		goto oom_decided;
	default:
		break;
	}

	slowpath_start(rq);
	/* the adjusted flags may succeed at once, and create the reserve */
	page = get_page_from_freelist(rq->gfp_mask, order, rq->alloc_flags, ac);
	if (page)
		goto got_pg;
retry:
	reserve_flags = gfp_pfmemalloc_flags(rq->gfp_mask);
	if (reserve_flags)
		rq->alloc_flags = gfp_to_alloc_flags_cma(rq->gfp_mask, reserve_flags) |
				  (rq->alloc_flags & ALLOC_KSWAPD);
	page = get_page_from_freelist(rq->gfp_mask, order, rq->alloc_flags, ac);
	if (page)
		goto got_pg;
	if (!can_direct_reclaim)
		goto nopage;

direct_reclaim:
	page = __alloc_pages_direct_reclaim(rq->gfp_mask, order, rq->alloc_flags, ac,
					    &rq->did_some_progress, rq);
	if (rq->point)
		return NULL;	/* stopped in it */
	if (page)
		goto got_pg;

	if (rq->gfp_mask & __GFP_NORETRY)
		goto nopage;
	if (order > PAGE_ALLOC_COSTLY_ORDER &&
	    (!can_compact || !(rq->gfp_mask & __GFP_RETRY_MAYFAIL)))
		goto nopage;
	if (slowpath_stalled(rq))
		goto fail;
	rep->retries++;
reclaim_retry:
	again = should_reclaim_retry(rq->gfp_mask, order, ac, rq->alloc_flags,
				     rq->did_some_progress > 0, &rq->no_progress_loops, rq);
	if (rq->point)
		return NULL;	/* stopped in it */
	if (again) {
		slowpath_decision(DEC_RETRY, rq->gfp_mask, order, rq->alloc_flags);
		goto retry;
	}
	/* should_compact_retry(): never, without a compaction model */

	if (defrag_mode_drop(rq)) {
		if (slowpath_stop(rq, SP_NOFRAGMENT_DROPPED))
			return NULL;
		goto retry;
	}

	page = slowpath_oom(rq);
	if (page)
		goto got_pg;
	if (rq->point)
		return NULL;	/* stopped after out_of_memory() */
oom_decided:
	if (rq->oom_killed && !rq->stop_at_points)
		goto nopage;
	if (rq->did_some_progress) {
		rq->no_progress_loops = 0;
		goto retry;
	}
nopage:
	/* __GFP_NOFAIL never fails a request that may reclaim */
	if (unlikely(rq->gfp_mask & __GFP_NOFAIL) && can_direct_reclaim && !slowpath_stalled(rq)) {
		page = get_page_from_freelist(rq->gfp_mask, order, nofail_flags(), ac);
		if (page)
			goto got_pg;
		goto retry;
	}
fail:
	slowpath_decision(DEC_NOPAGE, rq->gfp_mask, order, rq->alloc_flags);
got_pg:
	rep->no_progress_loops = rq->no_progress_loops;
	rq->point = SP_DONE;
	return page;
}

/* prepare_alloc_pages(): the request's zones and type; false: nothing to try. */
static bool prepare_alloc_pages(struct alloc_request *rq)
{
	struct alloc_context *ac = &rq->ac;

	ac->highest_zoneidx = gfp_zone(rq->gfp_mask);
	ac->migratetype = gfp_migratetype(rq->gfp_mask);
	for (int zidx = (int)ac->highest_zoneidx; zidx >= 0; zidx--) {
		if (populated_zone(&contig_page_data.node_zones[zidx])) {
			ac->preferred_zoneidx = zidx;
			return true;
		}
	}
	return false;
}

/*
 * __alloc_pages() as @rq: the fast path at the low watermark, then the
 * slow path.  Both mobility bits (MIGRATE_HIGHATOMIC) is a caller bug the
 * kernel only VM_WARNs about; it would index the pcp lists wrongly, so
 * the model refuses it.
 */
static struct page *alloc_pages_request(struct alloc_request *rq)
{
	unsigned int alloc_flags = ALLOC_WMARK_LOW;
	struct zone *preferred;
	struct page *page;

	rq->point = SP_DONE;	/* unless the slow path runs */
	if (rq->order > MAX_PAGE_ORDER || !prepare_alloc_pages(rq) ||
	    rq->ac.migratetype >= MIGRATE_PCPTYPES)
		return NULL;

	preferred = &contig_page_data.node_zones[rq->ac.preferred_zoneidx];
	alloc_flags = gfp_to_alloc_flags_cma(rq->gfp_mask, alloc_flags);
	alloc_flags |= alloc_flags_nofragment(preferred, rq->gfp_mask);
	/* Kobryn 2026: non-blocking __GFP_HIGH high orders use the reserve here too */
	if (v6_has(V6_FASTPATH_HIGHATOMIC))
		alloc_flags |= gfp_to_alloc_flags_nonblocking(rq->gfp_mask, rq->order) &
			       ALLOC_HIGHATOMIC;

	page = get_page_from_freelist(rq->gfp_mask, rq->order, alloc_flags, &rq->ac);
	if (likely(page))
		return page;
	rq->point = SP_RUNNING;
	return __alloc_pages_slowpath(rq);
}

/* Run @rq as far as it goes now; its report is last_alloc meanwhile. */
static bool alloc_request_run(struct alloc_request *rq, bool stepped,
			      struct page *(*run)(struct alloc_request *rq))
{
	rq->stop_at_points = stepped;
	rq->page = run(rq);
	rq->rep = contig_page_data.last_alloc;
	return rq->point == SP_DONE;
}

bool alloc_request_begin(struct alloc_request *rq, gfp_t gfp_mask, unsigned int order,
			 bool stepped)
{
	memset(rq, 0, sizeof(*rq));
	rq->cpu = current->cpu;
	rq->rt = current->rt;
	rq->gfp_mask = gfp_mask;
	rq->order = order;
	memset(&contig_page_data.last_alloc, 0, sizeof(contig_page_data.last_alloc));
	return alloc_request_run(rq, stepped, alloc_pages_request);
}

bool alloc_request_resume(struct alloc_request *rq, bool stepped)
{
	struct task_struct caller = *current;
	bool done;

	if (rq->point == SP_DONE)
		return true;
	contig_page_data.last_alloc = rq->rep;
	set_current(rq->cpu, rq->rt);
	done = alloc_request_run(rq, stepped, __alloc_pages_slowpath);
	*current = caller;
	return done;
}

/* __alloc_pages(): one request, run to its end, as current. */
struct page *__alloc_pages(gfp_t gfp_mask, unsigned int order)
{
	struct alloc_request rq;

	alloc_request_begin(&rq, gfp_mask, order, false);
	return rq.page;
}
