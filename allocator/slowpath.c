// SPDX-License-Identifier: MIT
/*
 * slowpath.c - the allocation entry points of mm/page_alloc.c (v4.9
 * shape, spec §2.12, §2.17 - §2.22): gfp_to_alloc_flags,
 * get_page_from_freelist, __alloc_pages_direct_reclaim,
 * should_reclaim_retry, __alloc_pages_may_oom, __alloc_pages_slowpath,
 * __alloc_pages_nodemask; and the reclaim model behind
 * try_to_free_pages / zone_reclaimable_pages.
 *
 * Modelled away: compaction (never yields a page, never asks for a
 * retry), kswapd, cpusets, node reclaim, PF_MEMALLOC/TIF_MEMDIE, the
 * oom_lock (one task at a time: its trylock always succeeds).  The OOM
 * killer records the decision and kills nothing, so the request fails
 * there instead of retrying.
 */
#include "page_alloc.h"
#include "invariants.h"

#include <string.h>

#define variant_on(p)	variant_has(&contig_page_data.variant, (p))

/*
 * A request whose reclaim keeps reporting progress without the allocation
 * ever succeeding, or whose OOM path never kills (no __GFP_FS), loops
 * forever in the kernel; the model stops after this many reclaim rounds
 * and reports a livelock (I6-stall if H pages are still free then).
 */
#define SLOWPATH_MAX_ROUNDS	256

/* gfp_to_alloc_flags(): the slow path's flags (the fast path uses LOW). */
unsigned int gfp_to_alloc_flags(gfp_t gfp_mask)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	/* __GFP_HIGH and ALLOC_HIGH are the same bit */
	alloc_flags |= (gfp_mask & __GFP_HIGH);
	if (gfp_mask & __GFP_ATOMIC) {
		if (!(gfp_mask & __GFP_NOMEMALLOC))
			alloc_flags |= ALLOC_HARDER;
		alloc_flags &= ~(unsigned int)ALLOC_CPUSET;
	} else if (unlikely(rt_task(current)) && !in_interrupt()) {
		alloc_flags |= ALLOC_HARDER;
	}
	if (gfpflags_to_migratetype(gfp_mask) == MIGRATE_MOVABLE)
		alloc_flags |= ALLOC_CMA;
	return alloc_flags;
}

static bool gfp_pfmemalloc_allowed(gfp_t gfp_mask)
{
	return (gfp_mask & __GFP_MEMALLOC) && !(gfp_mask & __GFP_NOMEMALLOC);
}

/*
 * get_page_from_freelist(): the first eligible zone passing its watermark
 * that yields a page.  An order>0 ALLOC_HARDER success reserves the
 * page's block for high-order atomic use.
 */
struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order,
				    unsigned int alloc_flags,
				    const struct alloc_context *ac)
{
	struct zone *preferred = &contig_page_data.node_zones[ac->classzone_idx];
	struct zone *zone;
	int zidx;

	for_each_zone_zonelist(zone, zidx, ac->high_zoneidx) {
		unsigned long mark = zone->watermark[alloc_flags & ALLOC_WMARK_MASK];
		struct page *page;

		if (!zone_watermark_fast(zone, order, mark, ac->classzone_idx, alloc_flags) &&
		    !(alloc_flags & ALLOC_NO_WATERMARKS))
			continue;

		page = buffered_rmqueue(preferred, zone, order, gfp_mask, alloc_flags,
					ac->migratetype);
		if (page) {
			if (unlikely(order && (alloc_flags & ALLOC_HARDER)))
				reserve_highatomic_pageblock(page, zone, order);
			return page;
		}
	}
	return NULL;
}

/* zone_reclaimable_pages(): the model's estimate, set by the caller. */
unsigned long zone_reclaimable_pages(const struct zone *zone)
{
	return contig_page_data.reclaim.reclaimable[zone->idx];
}

/*
 * try_to_free_pages(): one reclaim round.  The shrinker (if any) frees
 * what it can; the round reports either that, or a fixed progress value
 * that need not match anything freed.
 */
unsigned long try_to_free_pages(gfp_t gfp_mask, unsigned int order)
{
	struct reclaim_model *rm = &contig_page_data.reclaim;
	unsigned long freed = 0;

	(void)gfp_mask;
	(void)order;
	contig_page_data.last_alloc.reclaim_rounds++;
	if (rm->shrink && rm->nr_to_reclaim)
		freed = rm->shrink(rm->shrink_arg, rm->nr_to_reclaim);
	if (rm->progress == RECLAIM_PROGRESS_FREED)
		return freed;
	return rm->progress > 0 ? (unsigned long)rm->progress : 0;
}

/*
 * __alloc_pages_direct_reclaim(): without progress, return at once (no
 * unreserve, no drain).  With progress, retry; if that fails, unreserve
 * (not with v1-3, which moved it to should_reclaim_retry), drain every
 * pcp list and retry once more.  The unreserve runs BEFORE the drain.
 */
struct page *__alloc_pages_direct_reclaim(gfp_t gfp_mask, unsigned int order,
					  unsigned int alloc_flags,
					  const struct alloc_context *ac,
					  unsigned long *did_some_progress)
{
	bool drained = false;
	struct page *page;

	*did_some_progress = try_to_free_pages(gfp_mask, order);
	if (unlikely(!*did_some_progress))
		return NULL;
retry:
	page = get_page_from_freelist(gfp_mask, order, alloc_flags, ac);
	if (!page && !drained) {
		if (!variant_on(PATCH_V1_3))
			unreserve_highatomic_pageblock(ac, false, 0);
		drain_all_pages(NULL);
		drained = true;
		goto retry;
	}
	return page;
}

/*
 * should_reclaim_retry(): retry while some eligible zone could pass its
 * min watermark with its free pages plus a shrinking share of what reclaim
 * estimates it could free.  The variants differ in where the reserve is
 * given back (spec §2.20, §2.22).
 */
bool should_reclaim_retry(gfp_t gfp_mask, unsigned int order,
			  const struct alloc_context *ac, unsigned int alloc_flags,
			  bool did_some_progress, int *no_progress_loops)
{
	struct zone *zone;
	int zidx;

	(void)gfp_mask;
	if (did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER)
		*no_progress_loops = 0;
	else
		(*no_progress_loops)++;

	if (*no_progress_loops > MAX_RECLAIM_RETRIES) {
		/* 04c8716f7b00 (forced with 29fac03bef72), ac3f3b0a5518 */
		if (variant_on(PATCH_04C8716F7B00) || variant_on(PATCH_AC3F3B0A5518))
			return unreserve_highatomic_pageblock(ac, true, *no_progress_loops) != 0;
		return false;
	}

	/* v1-3: give back a growing share of the reserve on every retry */
	if (variant_on(PATCH_V1_3) &&
	    unreserve_highatomic_pageblock(ac, false, *no_progress_loops))
		return true;

	for_each_zone_zonelist(zone, zidx, ac->high_zoneidx) {
		unsigned long available = zone_reclaimable_pages(zone);

		available -= DIV_ROUND_UP((unsigned long)*no_progress_loops * available,
					  MAX_RECLAIM_RETRIES);
		available += zone_page_state_snapshot(zone, NR_FREE_PAGES);
		if (__zone_watermark_ok(zone, order, min_wmark_pages(zone),
					ac->classzone_idx, alloc_flags, (long)available))
			return true;
	}

	/* ac3f3b0a5518: no false return without a forced unreserve first */
	if (variant_on(PATCH_AC3F3B0A5518))
		return unreserve_highatomic_pageblock(ac, true, *no_progress_loops) != 0;
	return false;
}

/*
 * __alloc_pages_may_oom(): one last try at the high watermark, then the
 * OOM killer unless the request may not kill (costly order, lowmem-only,
 * THISNODE; no progress, the request fails).  In 4.8/4.9 out_of_memory()
 * itself then returns true without killing for a request that has neither
 * __GFP_FS nor __GFP_NOFAIL (GFP_NOFS, GFP_NOIO): "progress", so the slow
 * path resets no_progress_loops and retries.  Otherwise the model records
 * the kill, kills nothing and reports no progress.
 */
struct page *__alloc_pages_may_oom(gfp_t gfp_mask, unsigned int order,
				   const struct alloc_context *ac,
				   unsigned long *did_some_progress)
{
	struct page *page;

	*did_some_progress = 0;
	page = get_page_from_freelist(gfp_mask | __GFP_HARDWALL, order,
				      ALLOC_WMARK_HIGH | ALLOC_CPUSET, ac);
	if (page)
		return page;

	if (!(gfp_mask & __GFP_NOFAIL)) {
		if (order > PAGE_ALLOC_COSTLY_ORDER ||
		    ac->high_zoneidx < ZONE_NORMAL ||
		    (gfp_mask & __GFP_THISNODE)) {
			contig_page_data.last_alloc.oom_skipped = true;
			return NULL;
		}
	}
	/* out_of_memory(): the OOM killer does not help IO-less reclaim */
	if (gfp_mask && !(gfp_mask & (__GFP_FS | __GFP_NOFAIL))) {
		contig_page_data.last_alloc.oom_no_kill++;
		*did_some_progress = 1;
		return NULL;
	}
	check_oom_decision(ac->high_zoneidx, "__alloc_pages_may_oom");
	contig_page_data.last_alloc.oom = true;
	contig_page_data.nr_oom_kills++;
	return NULL;
}

struct page *__alloc_pages_slowpath(gfp_t gfp_mask, unsigned int order,
				    struct alloc_context *ac)
{
	bool can_direct_reclaim = gfp_mask & __GFP_DIRECT_RECLAIM;
	struct alloc_report *rep = &contig_page_data.last_alloc;
	unsigned long did_some_progress;
	unsigned int alloc_flags;
	int no_progress_loops = 0;
	struct page *page;

	rep->slowpath = true;
	/* an atomic request that may sleep is not atomic */
	if ((gfp_mask & (__GFP_ATOMIC | __GFP_DIRECT_RECLAIM)) ==
	    (__GFP_ATOMIC | __GFP_DIRECT_RECLAIM))
		gfp_mask &= ~__GFP_ATOMIC;

	alloc_flags = gfp_to_alloc_flags(gfp_mask);

	/* the first ALLOC_HARDER attempt: may use and create the reserve */
	page = get_page_from_freelist(gfp_mask, order, alloc_flags, ac);
	if (page)
		goto got_pg;

retry:
	if (gfp_pfmemalloc_allowed(gfp_mask))
		alloc_flags = ALLOC_NO_WATERMARKS;
	page = get_page_from_freelist(gfp_mask, order, alloc_flags, ac);
	if (page)
		goto got_pg;

	if (!can_direct_reclaim)
		goto nopage;

	page = __alloc_pages_direct_reclaim(gfp_mask, order, alloc_flags, ac,
					    &did_some_progress);
	if (page)
		goto got_pg;

	/* __alloc_pages_direct_compact(): compaction is not modelled */

	if (gfp_mask & __GFP_NORETRY)
		goto nopage;
	if (order > PAGE_ALLOC_COSTLY_ORDER && !(gfp_mask & __GFP_REPEAT))
		goto nopage;

	if (rep->reclaim_rounds >= SLOWPATH_MAX_ROUNDS) {
		rep->livelock = true;
		rep->no_progress_loops = no_progress_loops;	/* for the report */
		check_stall_decision(ac->high_zoneidx, "__alloc_pages_slowpath");
		goto nopage;
	}
	rep->retries++;
	if (should_reclaim_retry(gfp_mask, order, ac, alloc_flags,
				 did_some_progress > 0, &no_progress_loops))
		goto retry;

	/* should_compact_retry(): never, without a compaction model */

	rep->no_progress_loops = no_progress_loops;	/* for the OOM report */
	page = __alloc_pages_may_oom(gfp_mask, order, ac, &did_some_progress);
	if (page)
		goto got_pg;
	if (did_some_progress) {
		no_progress_loops = 0;
		goto retry;
	}
nopage:
	rep->no_progress_loops = no_progress_loops;
	return NULL;
got_pg:
	rep->no_progress_loops = no_progress_loops;
	return page;
}

/*
 * __alloc_pages_nodemask(): the fast path at the low watermark (never
 * ALLOC_HARDER), then the slow path.  Runs as current (set_current()).
 */
struct page *__alloc_pages_nodemask(gfp_t gfp_mask, unsigned int order)
{
	struct pglist_data *pgdat = &contig_page_data;
	unsigned int alloc_flags = ALLOC_WMARK_LOW | ALLOC_CPUSET;
	struct alloc_context ac = { 0 };
	struct page *page;
	int zidx;

	memset(&pgdat->last_alloc, 0, sizeof(pgdat->last_alloc));
	if (order >= MAX_ORDER)
		return NULL;

	ac.high_zoneidx = gfp_zone(gfp_mask);
	ac.migratetype = gfpflags_to_migratetype(gfp_mask);
	ac.classzone_idx = -1;
	for (zidx = (int)ac.high_zoneidx; zidx >= 0; zidx--) {
		if (populated_zone(&pgdat->node_zones[zidx])) {
			ac.classzone_idx = zidx;
			break;
		}
	}
	if (ac.classzone_idx < 0)
		return NULL;
	/*
	 * Type 3 (both mobility bits) has no pcp list: the kernel's order-0
	 * path would index pcp->lists past its end.  Not followed there.
	 */
	if (!order && ac.migratetype >= MIGRATE_PCPTYPES)
		return NULL;
	if (ac.migratetype == MIGRATE_MOVABLE)
		alloc_flags |= ALLOC_CMA;

	page = get_page_from_freelist(gfp_mask | __GFP_HARDWALL, order, alloc_flags, &ac);
	if (likely(page))
		return page;
	return __alloc_pages_slowpath(gfp_mask, order, &ac);
}
