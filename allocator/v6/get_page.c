// SPDX-License-Identifier: MIT
/*
 * get_page.c - get_page_from_freelist() of mm/page_alloc.c (v6.1 .. 2026):
 * the zone walk the fast path, the slow path and its reclaim and OOM
 * steps all take (slowpath.c, reclaim.c), and the reserve it grows after
 * a highatomic success.
 *
 * The forms a switch selects:
 *   eb2e2b425c69  (v6.3) reserve after an ALLOC_HIGHATOMIC success (before:
 *                 an order > 0 ALLOC_HARDER one)
 *   pcp-autotune  (v6.7) the high-watermark check first (ZONE_BELOW_HIGH)
 *   e3aa7df331bc  (v6.15) defrag_mode: no retry without ALLOC_NOFRAGMENT
 *   pcp-no-reserve-growth (2026) reserve only when the buddy served the page
 *   fastpath-highatomic (2026) the reserve grows only at ALLOC_WMARK_MIN (T10)
 */
#include "slowpath_int.h"

/* The pages on this CPU's pcp lists of @zone. */
static int pcp_count(const struct zone *zone)
{
	return zone->per_cpu_pageset[smp_processor_id()].count;
}

/*
 * Whether a successful allocation reserves its block.  With
 * pcp-no-reserve-growth the pcp lists are not refilled for an
 * ALLOC_HIGHATOMIC request, so its pcp count dropping (@pcp_before) is
 * exactly "served from the pcp list" (rmqueue() does not say).
 */
static bool should_reserve(struct zone *zone, unsigned int order, unsigned int alloc_flags,
			   int pcp_before)
{
	if (!v6_has(V6_EB2E2B425C69))
		return order && (alloc_flags & ALLOC_HARDER);
	if (likely(!(alloc_flags & ALLOC_HIGHATOMIC)))
		return false;
	if (v6_has(V6_FASTPATH_HIGHATOMIC) &&
	    (alloc_flags & ALLOC_WMARK_MASK) != ALLOC_WMARK_MIN)
		return false;
	return !v6_has(V6_PCP_NO_RESERVE_GROWTH) || pcp_count(zone) >= pcp_before;
}

/*
 * Whether @zone passes the request's watermark.  With the v6.7 pcp
 * tuning the high mark is tried first, and failing it sets
 * ZONE_BELOW_HIGH (a memo the free path clears) until then.
 */
static bool zone_allows(struct zone *zone, unsigned int order, unsigned int alloc_flags,
			const struct alloc_context *ac, gfp_t gfp_mask)
{
	unsigned long mark;

	if (v6_has(V6_PCP_AUTOTUNE) && !zone_test_flag(zone, ZONE_BELOW_HIGH)) {
		if (zone_watermark_fast(zone, order, high_wmark_pages(zone), ac->highest_zoneidx,
					alloc_flags, gfp_mask))
			return true;
		zone_set_flag(zone, ZONE_BELOW_HIGH);
	}
	mark = wmark_pages(zone, (enum zone_watermarks)(alloc_flags & ALLOC_WMARK_MASK));
	if (zone_watermark_fast(zone, order, mark, ac->highest_zoneidx, alloc_flags, gfp_mask))
		return true;
	return alloc_flags & ALLOC_NO_WATERMARKS;
}

/*
 * get_page_from_freelist(): the first eligible zone, from the preferred
 * one down, that passes its watermark and yields a page.  A highatomic
 * success may reserve the page's block.  Nothing found under
 * ALLOC_NOFRAGMENT: again without it (not in defrag_mode).
 */
struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order,
				    unsigned int alloc_flags, const struct alloc_context *ac)
{
	struct zone *preferred = &contig_page_data.node_zones[ac->preferred_zoneidx];
	struct zone *zone;
	bool no_fallback;
	int zidx;

retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	for_each_zone_zonelist(zone, zidx, ac->highest_zoneidx) {
		struct page *page;
		int pcp_before;

		if (!zone_allows(zone, order, alloc_flags, ac, gfp_mask))
			continue;
		pcp_before = pcp_count(zone);
		page = rmqueue(preferred, zone, order, gfp_mask, alloc_flags, ac->migratetype);
		if (!page)
			continue;
		prep_new_page(page, order, gfp_mask, alloc_flags);
		if (unlikely(should_reserve(zone, order, alloc_flags, pcp_before)))
			reserve_highatomic_pageblock(page, (int)order, zone);
		contig_page_data.last_alloc.alloc_flags = alloc_flags;
		return page;
	}
	if (no_fallback && !defrag_mode_on()) {
		alloc_flags &= ~(unsigned int)ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}
