// SPDX-License-Identifier: MIT
/*
 * reclaim.c - the slow path's reclaim and OOM steps of mm/page_alloc.c
 * (v6.1 .. v6.19): __alloc_pages_direct_reclaim, should_reclaim_retry,
 * __alloc_pages_may_oom; and the reclaim model behind try_to_free_pages
 * and zone_reclaimable_pages (inputs from outside, as in era 1).
 *
 * Modelled away: compaction (COMPACT_SKIPPED, never a page), kswapd,
 * cpusets, PF_MEMALLOC, PF_DUMPCORE, suspended storage, the oom_lock (one
 * task at a time: its trylock succeeds).  The OOM killer records its
 * decision and kills nothing.
 *
 * The forms a switch selects:
 *   ac3f3b0a5518  (v6.8, 6.1.y) every false return of should_reclaim_retry
 *                 first tries a forced unreserve; before, only the exit
 *                 after MAX_RECLAIM_RETRIES loops did (T2)
 */
#include "slowpath_int.h"

/* zone_reclaimable_pages(): the model's estimate, set by the caller. */
unsigned long zone_reclaimable_pages(const struct zone *zone)
{
	return contig_page_data.reclaim.reclaimable[zone->idx];
}

/* try_to_free_pages(): one round of the reclaim model (reclaim_model.h). */
unsigned long try_to_free_pages(gfp_t gfp_mask, unsigned int order)
{
	(void)gfp_mask;
	(void)order;
	contig_page_data.last_alloc.reclaim_rounds++;
	return reclaim_model_round(&contig_page_data.reclaim);
}

/*
 * __alloc_pages_direct_reclaim(): without progress, return at once (no
 * unreserve, no drain).  With progress, try again; if that fails, give
 * back one H block (keeping each zone's last), drain every pcp list and
 * try once more.  A stepped request stops after the drain.
 */
struct page *__alloc_pages_direct_reclaim(gfp_t gfp_mask, unsigned int order,
					  unsigned int alloc_flags,
					  const struct alloc_context *ac,
					  unsigned long *did_some_progress,
					  struct alloc_request *rq)
{
	bool drained = false;
	struct page *page;

	if (resume_point(rq) == SP_RECLAIM_DRAINED) {
		drained = true;
		goto retry;
	}
	*did_some_progress = try_to_free_pages(gfp_mask, order);
	if (unlikely(!*did_some_progress))
		return NULL;
retry:
	page = get_page_from_freelist(gfp_mask, order, alloc_flags, ac);
	if (!page && !drained) {
		unreserve_highatomic_pageblock(ac, false);
		drain_all_pages(NULL);
		drained = true;
		if (slowpath_stop(rq, SP_RECLAIM_DRAINED))
			return NULL;
		goto retry;
	}
	return page;
}

/*
 * The forced unreserve before OOM; a stepped request stops after it.  When
 * it gives nothing back, the decision event lets the checker see what it
 * saw: ops of other CPUs may run before the OOM decision.
 */
static bool unreserve_before_oom(gfp_t gfp_mask, unsigned int order,
				 const struct alloc_context *ac, unsigned int alloc_flags,
				 struct alloc_request *rq)
{
	bool unreserved = unreserve_highatomic_pageblock(ac, true);

	if (!unreserved)
		slowpath_decision(DEC_UNRESERVE_FAILED, gfp_mask, order, alloc_flags);
	if (slowpath_stop(rq, SP_RETRY_UNRESERVED)) {
		rq->unreserved = unreserved;
		return false;
	}
	return unreserved;
}

/* Would some eligible zone pass its min mark if all reclaimable pages were freed? */
static bool reclaim_could_succeed(unsigned int order, const struct alloc_context *ac,
				  unsigned int alloc_flags)
{
	struct zone *zone;
	int zidx;

	for_each_zone_zonelist(zone, zidx, ac->highest_zoneidx) {
		unsigned long available = zone_reclaimable_pages(zone);

		available += zone_page_state_snapshot(zone, NR_FREE_PAGES);
		if (__zone_watermark_ok(zone, order, min_wmark_pages(zone), ac->highest_zoneidx,
					alloc_flags, (long)available))
			return true;
	}
	return false;
}

/*
 * should_reclaim_retry(): retry while reclaim made progress for a cheap
 * order, or while some zone could pass its min mark with what reclaim
 * might still free, up to MAX_RECLAIM_RETRIES loops without progress.
 * A false answer sends the request to OOM; before it, the reserve is
 * given back (forced: the last block too), and a block given back means
 * "retry" (ac3f3b0a5518: on every false answer; before: only on the loop
 * limit, so the watermark exit OOMs with H blocks intact, T2).
 */
bool should_reclaim_retry(gfp_t gfp_mask, unsigned int order,
			  const struct alloc_context *ac, unsigned int alloc_flags,
			  bool did_some_progress, int *no_progress_loops,
			  struct alloc_request *rq)
{
	switch (resume_point(rq)) {
	case SP_RETRY:
		return true;
	case SP_RETRY_UNRESERVED:
		return rq->unreserved;
	default:
		break;
	}
	/* costly orders may progress without their order getting any closer */
	if (did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER)
		*no_progress_loops = 0;
	else
		(*no_progress_loops)++;

	if (*no_progress_loops > MAX_RECLAIM_RETRIES)
		return unreserve_before_oom(gfp_mask, order, ac, alloc_flags, rq);

	if (reclaim_could_succeed(order, ac, alloc_flags)) {
		/* the slow path goes round again: cond_resched() first */
		if (slowpath_stop(rq, SP_RETRY))
			return false;
		return true;
	}
	if (v6_has(V6_AC3F3B0A5518))
		return unreserve_before_oom(gfp_mask, order, ac, alloc_flags, rq);
	return false;
}

/* out_of_memory(): the model kills nothing; it records the decision. */
static bool out_of_memory(gfp_t gfp_mask)
{
	struct pglist_data *pgdat = &contig_page_data;

	/* the OOM killer does not compensate for IO-less reclaim */
	if (!(gfp_mask & __GFP_FS)) {
		pgdat->last_alloc.oom_no_kill++;
		return true;
	}
	pgdat->last_alloc.oom = true;
	pgdat->nr_oom_kills++;
	return true;
}

/*
 * __alloc_pages_may_oom(): one last try at the high watermark (for a
 * racing free), then the OOM killer unless it cannot help: a costly
 * order, __GFP_RETRY_MAYFAIL or __GFP_THISNODE, a lowmem-only request.
 * Progress (the caller retries) after out_of_memory(); a __GFP_NOFAIL
 * request then may ignore the watermarks.
 */
struct page *__alloc_pages_may_oom(gfp_t gfp_mask, unsigned int order,
				   const struct alloc_context *ac,
				   unsigned long *did_some_progress)
{
	struct page *page;

	*did_some_progress = 0;
	page = get_page_from_freelist((gfp_mask | __GFP_HARDWALL) & ~__GFP_DIRECT_RECLAIM,
				      order, ALLOC_WMARK_HIGH | ALLOC_CPUSET, ac);
	if (page)
		return page;

	if (order > PAGE_ALLOC_COSTLY_ORDER ||
	    (gfp_mask & (__GFP_RETRY_MAYFAIL | __GFP_THISNODE)) ||
	    ac->highest_zoneidx < ZONE_NORMAL) {
		contig_page_data.last_alloc.oom_skipped = true;
		return NULL;
	}
	if (out_of_memory(gfp_mask)) {
		*did_some_progress = 1;
		if (gfp_mask & __GFP_NOFAIL)
			page = get_page_from_freelist(gfp_mask, order, ALLOC_NO_WATERMARKS, ac);
	}
	return page;
}
