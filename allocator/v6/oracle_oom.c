// SPDX-License-Identifier: MIT
/*
 * oracle_oom.c - the I6 family for this era: what the slow path decided
 * (OOM, giving up, the livelock bound) against the free H pages of the
 * zones the request could use.
 */
#include "oracle_int.h"
#include "gfp.h"

/*
 * Free pages on a zone's H lists: those the variant's unreserve can move
 * (@movable) and those it cannot (@stranded).  Pages on pcp lists are not
 * counted: unreserve never sees them.  v6.10's move_freepages_block()
 * refuses a block leaving the zone on either side (-1, WARN); v6.1's
 * moves nothing when the block ends past the zone and moves from the page
 * on when it starts before it.  A multi-block H buddy moves whole with
 * 7cc5a5d65011 and by its first block before (inside the zone either way).
 */
struct h_free {
	unsigned long movable, stranded, pfn;
};

static void count_h_free(const struct zone *zone, struct h_free *h)
{
	bool hygiene = v6_has(V6_E0932B6C1F94);

	*h = (struct h_free){ .pfn = ~0UL };
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		const struct list_head *head = &zone->free_area[o].free_list[MIGRATE_HIGHATOMIC];
		const struct list_head *pos;

		for (pos = head->next; pos != head; pos = pos->next) {
			unsigned long pfn = page_to_pfn(list_entry(pos, struct page, lru));
			unsigned long block = pageblock_start_pfn(pfn);
			bool end_in = zone_spans_pfn(zone, block + pageblock_nr_pages - 1);
			bool start_in = zone_spans_pfn(zone, block);

			if (o >= pageblock_order || (end_in && (start_in || !hygiene)))
				h->movable += 1UL << o;
			else
				h->stranded += 1UL << o;
			h->pfn = min(h->pfn, pfn);
		}
	}
}

/*
 * The livelock bound: I6-stall when the reserve still holds free pages;
 * otherwise "livelock" unless something claimed progress (reclaim, or the
 * OOM path without a kill in this request, as the kernel loops for
 * __GFP_NOFS: the request's own report counts them, so no other request
 * or execution excuses it): T12's defrag_mode retry loop.  A __GFP_NOFAIL
 * request is no livelock: the slow path's nopage step retries it for ever
 * by design ("Make sure that __GFP_NOFAIL request doesn't leak out and
 * make sure we always retry"), waiting on the OOM killer, which frees
 * nothing in the model.
 */
static void check_stall(gfp_t gfp)
{
	const char *why = contig_page_data.last_alloc.oom_no_kill ? "oom-no-kill" :
			  contig_page_data.reclaim.progress ? "reclaim-progress" : NULL;
	unsigned long h_total = 0;
	struct zone *zone;
	int zidx;

	for_each_zone_zonelist(zone, zidx, gfp_zone(gfp)) {
		struct h_free h;

		count_h_free(zone, &h);
		h_total += h.movable + h.stranded;
		if (h.movable + h.stranded)
			oracle_report(V6_I6_STALL, "__alloc_pages_slowpath", why ? why : "no-progress",
				      zone, h.pfn, 0, (long)(h.movable + h.stranded),
				      "livelock bound with %lu free pages on HighAtomic lists (%lu stranded), counter %lu",
				      h.movable + h.stranded, h.stranded,
				      zone->nr_reserved_highatomic);
	}
	if (!h_total && !why && !(gfp & __GFP_NOFAIL))
		oracle_report(V6_LIVELOCK, "__alloc_pages_slowpath", NULL, NULL, ~0UL, 0, 1,
			      "the slow path looped to its bound with no reclaim progress and no OOM decision");
}

/* A free buddy of order >= @order on a list the request may count (v6.3 rules). */
static bool has_usable_buddy(const struct zone *zone, unsigned int order,
			     unsigned int alloc_flags)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (!list_empty(&zone->free_area[o].free_list[mt]) &&
			    (mt < MIGRATE_PCPTYPES ||
			     (is_migrate_cma(mt) && (alloc_flags & ALLOC_CMA)) ||
			     (is_migrate_highatomic(mt) &&
			      (alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)))))
				return true;
	return false;
}

/*
 * __zone_watermark_ok() as the fixed kernels judge it (v6.3 rules): H held
 * back (@h_unusable) unless the request has reserve access, min shrunk by
 * MIN_RESERVE/2, NON_BLOCK/4 (nested), OOM/2; order > 0 needs a buddy on
 * a list it may count.
 */
static bool wmark_ok(const struct zone *zone, unsigned int order, unsigned int alloc_flags,
		     int highest_zoneidx, unsigned long h_unusable)
{
	long free = zone->vm_stat[NR_FREE_PAGES] - ((1L << order) - 1);
	long min = (long)wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK);

	if (alloc_flags & ALLOC_NO_WATERMARKS)
		return true;
	if (!(alloc_flags & ALLOC_RESERVES))
		free -= (long)h_unusable;
	if (!(alloc_flags & ALLOC_CMA))
		free -= zone->vm_stat[NR_FREE_CMA_PAGES];
	if (alloc_flags & ALLOC_MIN_RESERVE) {
		min -= min / 2;
		if (alloc_flags & ALLOC_NON_BLOCK)
			min -= min / 4;
	}
	if (alloc_flags & ALLOC_OOM)
		min -= min / 2;
	if (free <= min + zone->lowmem_reserve[highest_zoneidx])
		return false;
	return !order || has_usable_buddy(zone, order, alloc_flags);
}

/* Free buddies of order >= @order outside H and ISOLATE (and CMA unless allowed). */
static unsigned long free_takeable(const struct zone *zone, unsigned int order,
				   unsigned int alloc_flags)
{
	unsigned long pages = 0;

	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			const struct list_head *head = &zone->free_area[o].free_list[mt];
			const struct list_head *pos;

			if (is_migrate_highatomic(mt) || is_migrate_isolate(mt) ||
			    (is_migrate_cma(mt) && !(alloc_flags & ALLOC_CMA)))
				continue;
			for (pos = head->next; pos != head; pos = pos->next)
				pages += 1UL << o;
		}
	return pages;
}

/*
 * I6-wmark's test: @zone passes its min watermark with only its free H
 * pages held back (the watermark of c928807f6f6b) and holds a buddy the
 * request may take, while the reserve counts more than its free H pages:
 * otherwise the watermark before the fix, which held back the whole
 * reserve, allocated H pages included, judges alike (T5).
 */
static bool oom_wmark_holds(const struct zone *zone, unsigned int order, gfp_t gfp,
			    unsigned int alloc_flags, unsigned long *h_free, unsigned long *takeable)
{
	*h_free = oracle_h_free_from(zone, 0, 0, 0);
	if (zone->nr_reserved_highatomic <= *h_free)
		return false;
	*takeable = free_takeable(zone, order, alloc_flags);
	return *takeable && wmark_ok(zone, order, alloc_flags, (int)gfp_zone(gfp), *h_free);
}

/*
 * The request's view when its forced unreserve gave nothing back, if its
 * OOM decision follows that unreserve (no reclaim round since: a new round
 * means it went round again); NULL: judge the state as it is now.
 */
static const struct unreserve_seen *oom_seen(void)
{
	const struct alloc_report *rep = &contig_page_data.last_alloc;
	const struct unreserve_seen *seen = &rep->unreserve_seen;

	return seen->valid && seen->reclaim_rounds == rep->reclaim_rounds ? seen : NULL;
}

/*
 * DEC_UNRESERVE_FAILED: what I6 and I6-wmark judge, per eligible zone, as
 * the forced unreserve left it.  Between it and the OOM decision other
 * CPUs may free, drain, reserve (a GFP_ATOMIC request making ordinary free
 * pages H) or move the watermarks; the kernel guards that window only with
 * __alloc_pages_may_oom()'s high-watermark attempt, so only what held at
 * the unreserve and still holds at the decision is the reserve's fault.
 */
static void note_unreserve_failed(unsigned int order, gfp_t gfp, unsigned int alloc_flags)
{
	struct alloc_report *rep = &contig_page_data.last_alloc;
	struct unreserve_seen *seen = &rep->unreserve_seen;
	struct zone *zone;
	int zidx;

	seen->valid = true;
	seen->reclaim_rounds = rep->reclaim_rounds;
	seen->wmark = 0;
	for_each_zone_zonelist(zone, zidx, gfp_zone(gfp)) {
		unsigned long h_free = 0, takeable = 0;
		struct h_free h;

		count_h_free(zone, &h);
		seen->h_movable[zone->idx] = h.movable;
		if (oom_wmark_holds(zone, order, gfp, alloc_flags, &h_free, &takeable))
			seen->wmark |= (uint8_t)(1u << zone->idx);
	}
}

/* I6-wmark: the OOM path was reached while @zone passes its test (then and now). */
static void check_oom_wmark(enum v6_decision d, const struct zone *zone, unsigned int order,
			    gfp_t gfp, unsigned int alloc_flags, const struct unreserve_seen *seen)
{
	unsigned long h_free = 0, takeable = 0;

	if ((seen && !(seen->wmark & (1u << zone->idx))) ||
	    !oom_wmark_holds(zone, order, gfp, alloc_flags, &h_free, &takeable))
		return;
	oracle_report(V6_I6_WMARK, "__alloc_pages_may_oom", v6_decision_names[d], zone, ~0UL,
		      (long)min_wmark_pages(zone), zone->vm_stat[NR_FREE_PAGES] - (long)h_free,
		      "%s with %ld free pages (%lu of them H, counter %lu, %lu takeable of order >= %u) over min %lu",
		      v6_decision_names[d], zone->vm_stat[NR_FREE_PAGES], h_free,
		      zone->nr_reserved_highatomic, takeable, order, min_wmark_pages(zone));
}

/*
 * out_of_memory() decided (or was skipped, the request failing): I6,
 * I6-stranded.  After a forced unreserve that gave nothing back, I6 needs
 * movable free H pages then and now (a broken unreserve leaves them);
 * stranded pages are the zone edge's, whoever put them there.
 */
static void check_oom(enum v6_decision d, unsigned int order, gfp_t gfp,
		      unsigned int alloc_flags)
{
	const struct unreserve_seen *seen = oom_seen();
	struct zone *zone;
	int zidx;

	for_each_zone_zonelist(zone, zidx, gfp_zone(gfp)) {
		struct h_free h;

		count_h_free(zone, &h);
		if (seen && !seen->h_movable[zone->idx])
			h.movable = 0;
		if (h.movable)
			oracle_report(V6_I6, "__alloc_pages_may_oom", v6_decision_names[d], zone,
				      h.pfn, 0, (long)h.movable,
				      "%s with %lu free pages on HighAtomic lists unreserve can move (counter %lu)",
				      v6_decision_names[d], h.movable, zone->nr_reserved_highatomic);
		if (h.stranded)
			oracle_report(V6_I6_STRANDED, "__alloc_pages_may_oom", v6_decision_names[d],
				      zone, h.pfn, 0, (long)h.stranded,
				      "%s with %lu free pages on HighAtomic lists in a block leaving the zone (counter %lu)",
				      v6_decision_names[d], h.stranded, zone->nr_reserved_highatomic);
		check_oom_wmark(d, zone, order, gfp, alloc_flags, seen);
	}
}

/*
 * I6-nopage: a request with reserve access failed while a zone it may use
 * passed its watermark and held a free H buddy of its order: rmqueue_buddy
 * could have served it from the reserve (281dd25c1a01 lets NON_BLOCK and
 * OOM requests of any order do so).
 */
static void check_nopage(unsigned int order, gfp_t gfp, unsigned int alloc_flags)
{
	struct zone *zone;
	int zidx;

	if (!(alloc_flags & (ALLOC_NON_BLOCK | ALLOC_OOM | ALLOC_HIGHATOMIC)))
		return;
	for_each_zone_zonelist(zone, zidx, gfp_zone(gfp)) {
		unsigned long fit = oracle_h_free_from(zone, order, 0, 0);

		if (!fit || !wmark_ok(zone, order, alloc_flags, (int)gfp_zone(gfp), 0))
			continue;
		oracle_report(V6_I6_NOPAGE, "__alloc_pages_slowpath", NULL, zone, ~0UL, 0,
			      (long)fit,
			      "order-%u request (alloc_flags %#x) failed with %lu free pages of order >= %u on HighAtomic lists",
			      order, alloc_flags, fit, order);
	}
}

void oracle_decision(void *arg, enum v6_decision d, unsigned int order, unsigned int gfp,
		     unsigned int alloc_flags)
{
	(void)arg;
	if (!v6_oracle.enabled)
		return;
	switch (d) {
	case DEC_OOM_NO_KILL:
	case DEC_OOM_KILL:
	case DEC_OOM_SKIPPED:
		check_oom(d, order, gfp, alloc_flags);
		break;
	case DEC_NOPAGE:
		check_nopage(order, gfp, alloc_flags);
		break;
	case DEC_STALL:
		check_stall(gfp);
		break;
	case DEC_UNRESERVE_FAILED:
		note_unreserve_failed(order, gfp, alloc_flags);
		break;
	default:
		break;
	}
}
