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
 * killer records the decision and kills nothing, so a request run to its
 * end fails there instead of retrying.
 *
 * A request can also be stepped (alloc_request_begin/resume): the slow
 * path then returns at the lock-drop points of enum slowpath_point, where
 * other CPUs may run in the kernel (spec §10.7), and resumes there.  Its
 * locals live in struct alloc_request for that; otherwise the functions
 * are v4.9's, step for step.  A stepped request retries after an OOM kill,
 * as the kernel does, so that a trace can free the victim's pages first.
 */
#include "page_alloc.h"
#include "events.h"

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

/* try_to_free_pages(): one round of the reclaim model (reclaim_model.h). */
unsigned long try_to_free_pages(gfp_t gfp_mask, unsigned int order)
{
	(void)gfp_mask;
	(void)order;
	contig_page_data.last_alloc.reclaim_rounds++;
	return reclaim_model_round(&contig_page_data.reclaim);
}

/* The names of the points, for reports and dumps. */
static const char *const point_names[NR_SLOWPATH_POINTS] = {
	[SP_RUNNING] = "running",
	[SP_RECLAIM_DRAINED] = "reclaim-drained",
	[SP_RETRY_UNRESERVED] = "retry-unreserved",
	[SP_RETRY] = "retry",
	[SP_OOM] = "oom",
	[SP_DONE] = "done",
};

const char *slowpath_point_name(enum slowpath_point p)
{
	return (unsigned int)p < NR_SLOWPATH_POINTS ? point_names[p] : "?";
}

/* Where @rq resumes (SP_RUNNING: it does not); from here on it runs. */
static enum slowpath_point resume_point(struct alloc_request *rq)
{
	enum slowpath_point p = rq ? rq->point : SP_RUNNING;

	if (rq)
		rq->point = SP_RUNNING;
	return p;
}

/* A lock-drop point: a stepped request stops here (true) and resumes here. */
static bool slowpath_stop(struct alloc_request *rq, enum slowpath_point p)
{
	if (!rq || !rq->stop_at_points)
		return false;
	rq->point = p;
	rq->stops++;
	return true;
}

/* should_reclaim_retry()'s unreserve: a stop after it keeps its result. */
static bool stop_unreserved(struct alloc_request *rq, bool then_check, unsigned long unreserved)
{
	if (!slowpath_stop(rq, SP_RETRY_UNRESERVED))
		return false;
	rq->unreserve_then_check = then_check;
	rq->unreserved = unreserved;
	return true;
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
		if (!variant_on(PATCH_V1_3))
			unreserve_highatomic_pageblock(ac, false, 0);
		drain_all_pages(NULL);
		drained = true;
		/* zone->lock dropped after the unreserve, the pcp lists drained */
		if (slowpath_stop(rq, SP_RECLAIM_DRAINED))
			return NULL;
		goto retry;
	}
	return page;
}

/*
 * should_reclaim_retry()'s unreserve.  When it gives nothing back, the
 * checker notes what it left: an OOM decision may follow, and a stepped
 * request stops first, letting other CPUs run.
 */
static unsigned long reclaim_retry_unreserve(const struct alloc_context *ac, bool force,
					     int no_progress_loops)
{
	unsigned long unreserved = unreserve_highatomic_pageblock(ac, force, no_progress_loops);

	if (!unreserved)
		model_event(unreserve_failed, ac->high_zoneidx);
	return unreserved;
}

/*
 * should_reclaim_retry(): retry while some eligible zone could pass its
 * min watermark with its free pages plus a shrinking share of what reclaim
 * estimates it could free.  The variants differ in where the reserve is
 * given back (spec §2.20, §2.22).
 */
bool should_reclaim_retry(gfp_t gfp_mask, unsigned int order,
			  const struct alloc_context *ac, unsigned int alloc_flags,
			  bool did_some_progress, int *no_progress_loops,
			  struct alloc_request *rq)
{
	unsigned long unreserved = 0;
	struct zone *zone;
	int zidx;

	(void)gfp_mask;
	switch (resume_point(rq)) {
	case SP_RETRY:
		return true;
	case SP_RETRY_UNRESERVED:
		unreserved = rq->unreserved;
		if (rq->unreserve_then_check)
			goto v1_3_unreserved;
		return unreserved != 0;
	default:
		break;
	}
	if (did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER)
		*no_progress_loops = 0;
	else
		(*no_progress_loops)++;

	if (*no_progress_loops > MAX_RECLAIM_RETRIES) {
		/* 04c8716f7b00 (forced with 29fac03bef72), ac3f3b0a5518 */
		if (variant_on(PATCH_04C8716F7B00) || variant_on(PATCH_AC3F3B0A5518)) {
			unreserved = reclaim_retry_unreserve(ac, true, *no_progress_loops);
			/* zone->lock dropped after the unreserve */
			if (stop_unreserved(rq, false, unreserved))
				return false;
			return unreserved != 0;
		}
		return false;
	}

	/* v1-3: give back a growing share of the reserve on every retry */
	if (variant_on(PATCH_V1_3)) {
		unreserved = reclaim_retry_unreserve(ac, false, *no_progress_loops);
		if (stop_unreserved(rq, true, unreserved))
			return false;
	}
v1_3_unreserved:
	if (unreserved)
		return true;

	for_each_zone_zonelist(zone, zidx, ac->high_zoneidx) {
		unsigned long available = zone_reclaimable_pages(zone);

		available -= DIV_ROUND_UP((unsigned long)*no_progress_loops * available,
					  MAX_RECLAIM_RETRIES);
		available += zone_page_state_snapshot(zone, NR_FREE_PAGES);
		if (__zone_watermark_ok(zone, order, min_wmark_pages(zone),
					ac->classzone_idx, alloc_flags, (long)available)) {
			/* the slow path goes round again: cond_resched() first */
			if (slowpath_stop(rq, SP_RETRY))
				return false;
			return true;
		}
	}

	/* ac3f3b0a5518: no false return without a forced unreserve first */
	if (variant_on(PATCH_AC3F3B0A5518)) {
		unreserved = reclaim_retry_unreserve(ac, true, *no_progress_loops);
		if (stop_unreserved(rq, false, unreserved))
			return false;
		return unreserved != 0;
	}
	return false;
}

/*
 * __alloc_pages_may_oom(): one last try at the high watermark, then the
 * OOM killer unless the request may not kill (costly order, lowmem-only,
 * THISNODE; no progress, the request fails).  In 4.8/4.9 out_of_memory()
 * itself then returns true without killing for a request that has neither
 * __GFP_FS nor __GFP_NOFAIL (GFP_NOFS, GFP_NOIO): "progress", so the slow
 * path resets no_progress_loops and retries.  Otherwise the model records
 * the kill (and kills nothing) and reports progress, as the kernel does
 * (spec §10.6); the slow path decides whether to retry.
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
	model_event(oom_decision, ac->high_zoneidx, "__alloc_pages_may_oom");
	contig_page_data.last_alloc.oom = true;
	contig_page_data.nr_oom_kills++;
	*did_some_progress = 1;
	return NULL;
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
	struct hat_alloc_report *rep = &contig_page_data.last_alloc;
	const struct alloc_context *ac = &rq->ac;
	unsigned int order = rq->order;
	unsigned long kills;
	struct page *page;
	bool again;

	/* a stopped request resumes in the call that stopped, or after it */
	switch (rq->point) {
	case SP_RECLAIM_DRAINED:
		goto direct_reclaim;
	case SP_RETRY_UNRESERVED:
	case SP_RETRY:
		goto reclaim_retry;
	case SP_OOM:
		rq->point = SP_RUNNING;
		goto oom_decided;
	default:
		break;
	}

	rep->slowpath = true;
	/* an atomic request that may sleep is not atomic */
	if ((rq->gfp_mask & (__GFP_ATOMIC | __GFP_DIRECT_RECLAIM)) ==
	    (__GFP_ATOMIC | __GFP_DIRECT_RECLAIM))
		rq->gfp_mask &= ~__GFP_ATOMIC;

	rq->alloc_flags = gfp_to_alloc_flags(rq->gfp_mask);

	/* the first ALLOC_HARDER attempt: may use and create the reserve */
	page = get_page_from_freelist(rq->gfp_mask, order, rq->alloc_flags, ac);
	if (page)
		goto got_pg;

retry:
	if (gfp_pfmemalloc_allowed(rq->gfp_mask))
		rq->alloc_flags = ALLOC_NO_WATERMARKS;
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

	/* __alloc_pages_direct_compact(): compaction is not modelled */

	if (rq->gfp_mask & __GFP_NORETRY)
		goto nopage;
	if (order > PAGE_ALLOC_COSTLY_ORDER && !(rq->gfp_mask & __GFP_REPEAT))
		goto nopage;

	if (rep->reclaim_rounds >= SLOWPATH_MAX_ROUNDS) {
		rep->livelock = true;
		rep->no_progress_loops = rq->no_progress_loops;	/* for the report */
		model_event(stall_decision, ac->high_zoneidx, "__alloc_pages_slowpath");
		goto nopage;
	}
	rep->retries++;
reclaim_retry:
	again = should_reclaim_retry(rq->gfp_mask, order, ac, rq->alloc_flags,
				     rq->did_some_progress > 0, &rq->no_progress_loops, rq);
	if (rq->point)
		return NULL;	/* stopped in it */
	if (again)
		goto retry;

	/* should_compact_retry(): never, without a compaction model */

	rep->no_progress_loops = rq->no_progress_loops;	/* for the OOM report */
	kills = contig_page_data.nr_oom_kills;
	page = __alloc_pages_may_oom(rq->gfp_mask, order, ac, &rq->did_some_progress);
	if (page)
		goto got_pg;
	rq->oom_killed = contig_page_data.nr_oom_kills != kills;
	/* out_of_memory() decided: the victim exits, other CPUs run */
	if (rq->did_some_progress && slowpath_stop(rq, SP_OOM))
		return NULL;
oom_decided:
	/*
	 * The model's victim frees nothing: run to its end, the request fails
	 * at the kill, where retrying would find the same state.  A stepped
	 * request retries, as the kernel does, after the trace has freed what
	 * the victim held.
	 */
	if (rq->oom_killed && !rq->stop_at_points)
		goto nopage;
	if (rq->did_some_progress) {
		rq->no_progress_loops = 0;
		goto retry;
	}
nopage:
	rep->no_progress_loops = rq->no_progress_loops;
	rq->point = SP_DONE;
	return NULL;
got_pg:
	rep->no_progress_loops = rq->no_progress_loops;
	rq->point = SP_DONE;
	return page;
}

/*
 * __alloc_pages_nodemask() as @rq: the fast path at the low watermark
 * (never ALLOC_HARDER), then the slow path.
 */
static struct page *alloc_pages_request(struct alloc_request *rq)
{
	struct pglist_data *pgdat = &contig_page_data;
	unsigned int alloc_flags = ALLOC_WMARK_LOW | ALLOC_CPUSET;
	struct alloc_context *ac = &rq->ac;
	struct page *page;
	int zidx;

	rq->point = SP_DONE;	/* unless the slow path runs */
	if (rq->order >= MAX_ORDER)
		return NULL;

	ac->high_zoneidx = gfp_zone(rq->gfp_mask);
	ac->migratetype = gfpflags_to_migratetype(rq->gfp_mask);
	ac->classzone_idx = -1;
	for (zidx = (int)ac->high_zoneidx; zidx >= 0; zidx--) {
		if (populated_zone(&pgdat->node_zones[zidx])) {
			ac->classzone_idx = zidx;
			break;
		}
	}
	if (ac->classzone_idx < 0)
		return NULL;
	/*
	 * Type 3 (both mobility bits) has no pcp list: the kernel's order-0
	 * path would index pcp->lists past its end.  Not followed there.
	 */
	if (!rq->order && ac->migratetype >= MIGRATE_PCPTYPES)
		return NULL;
	if (ac->migratetype == MIGRATE_MOVABLE)
		alloc_flags |= ALLOC_CMA;

	page = get_page_from_freelist(rq->gfp_mask | __GFP_HARDWALL, rq->order, alloc_flags, ac);
	if (likely(page))
		return page;
	rq->point = SP_RUNNING;
	return __alloc_pages_slowpath(rq);
}

/* Run @rq as far as it goes now; its report is last_alloc meanwhile. */
static bool alloc_request_run(struct alloc_request *rq, bool stepped,
			      struct page *(*run)(struct alloc_request *rq))
{
	struct pglist_data *pgdat = &contig_page_data;

	rq->stop_at_points = stepped;
	rq->page = run(rq);
	rq->rep = pgdat->last_alloc;
	rq->seen = pgdat->unreserve_seen;
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
	memset(&contig_page_data.unreserve_seen, 0, sizeof(contig_page_data.unreserve_seen));
	return alloc_request_run(rq, stepped, alloc_pages_request);
}

bool alloc_request_resume(struct alloc_request *rq, bool stepped)
{
	struct task_struct caller = *current;
	bool done;

	if (rq->point == SP_DONE)
		return true;
	contig_page_data.last_alloc = rq->rep;
	contig_page_data.unreserve_seen = rq->seen;
	set_current(rq->cpu, rq->rt);
	done = alloc_request_run(rq, stepped, __alloc_pages_slowpath);
	*current = caller;
	return done;
}

/* __alloc_pages_nodemask(): one request, run to its end, as current. */
struct page *__alloc_pages_nodemask(gfp_t gfp_mask, unsigned int order)
{
	struct alloc_request rq;

	alloc_request_begin(&rq, gfp_mask, order, false);
	return rq.page;
}
