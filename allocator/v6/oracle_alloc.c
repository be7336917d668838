// SPDX-License-Identifier: MIT
/*
 * oracle_alloc.c - one allocation judged when the driver says it is done
 * (the core emits no event per allocation): the fast path's watermark
 * (wmark-fast, T4), whether a request the reserve is for used it
 * (H-unused, T10), whether one it is not for did (H-claim, stolen), and
 * what its pcp refills cost (C-claim-scans, T11).
 */
#include "oracle_int.h"
#include "gfp.h"

/* The requests the 2026 kernels serve from the reserve: non-blocking __GFP_HIGH, order > 0. */
static bool reserve_is_for(gfp_t gfp, unsigned int order)
{
	return order > 0 && (gfp & __GFP_HIGH) &&
	       !(gfp & (__GFP_DIRECT_RECLAIM | __GFP_NOMEMALLOC));
}

/* The fast path's own flags: WMARK_LOW, CMA for movable, H with Kobryn's patch. */
static bool fast_may_use_h(gfp_t gfp, unsigned int order)
{
	return v6_has(V6_FASTPATH_HIGHATOMIC) && reserve_is_for(gfp, order);
}

/*
 * wmark-fast: the fast path served @zone, so zone_watermark_fast() passed
 * at the low mark: free pages (before the allocation: what a pcp refill
 * took counts, as does the page the buddy gave) less the unusable
 * part must have exceeded mark + lowmem_reserve.  Without 9282012fc0aa a
 * reserve larger than the free pages made the difference negative and the
 * order-0 shortcut passed (T4).  Tolerance: the mark without the boost,
 * which a claim in this very allocation may have raised after the check.
 */
static void check_fast(const struct zone *zone, gfp_t gfp, unsigned int order, bool from_pcp)
{
	int highest = (int)gfp_zone(gfp);
	long free = (long)(zone_page_state(zone, NR_FREE_PAGES) + v6_oracle.pcp_refilled) +
		    (from_pcp ? 0 : 1L << order);
	long unusable = (1L << order) - 1;
	long mark = (long)zone->_watermark[WMARK_LOW] + zone->lowmem_reserve[highest];

	if (!fast_may_use_h(gfp, order))
		unusable += (long)(v6_has(V6_C928807F6F6B) ? zone->nr_free_highatomic :
				   zone->nr_reserved_highatomic);
	if (gfp_migratetype(gfp) != MIGRATE_MOVABLE)
		unusable += zone->vm_stat[NR_FREE_CMA_PAGES];
	if (free - unusable > mark)
		return;
	oracle_report(V6_WMARK_FAST, "zone_watermark_fast", NULL, zone, ~0UL, mark,
		      free - unusable,
		      "order-%u request served by the fast path: %ld free, %ld unusable, mark %ld",
		      order, free, unusable, mark);
}

/*
 * H-unused: such a request was served from outside the reserve while its
 * zone's H lists held a buddy of its order (rmqueue_buddy() of that zone
 * would have tried them first).  Tolerances: a pcp list that already held
 * the page (no refill) serves first in every kernel; and a request served
 * with ALLOC_NO_WATERMARKS (__GFP_MEMALLOC, or __GFP_NOFAIL after the OOM
 * killer) had its flags replaced: the slow path's reserve_flags retry
 * takes gfp_to_alloc_flags_cma(gfp_mask, reserve_flags), without
 * ALLOC_HIGHATOMIC, so rmqueue_buddy() does not try the H lists first.
 */
static void check_unused(gfp_t gfp, unsigned int order, unsigned long pfn, bool from_pcp)
{
	const struct zone *zone = page_zone(pfn_to_page(pfn));
	unsigned long fit;

	if (!reserve_is_for(gfp, order) || oracle_block_raw(pfn) == MIGRATE_HIGHATOMIC ||
	    (from_pcp && v6_oracle.pcp_refilled == 0) ||
	    (contig_page_data.last_alloc.alloc_flags & ALLOC_NO_WATERMARKS))
		return;
	fit = oracle_h_free_from(zone, order, 0, 0);
	if (fit)
		oracle_report(V6_H_UNUSED, "get_page_from_freelist", NULL, zone, pfn, 0, (long)fit,
			      "order-%u %s request served from a %s block with %lu free pages of order >= %u on HighAtomic lists",
			      order, from_pcp ? "pcp-refilled" : "buddy",
			      migratetype_names[oracle_block_raw(pfn)], fit, order);
}

/*
 * H-claim, stolen: a request that may sleep never has reserve access
 * (no ALLOC_HIGHATOMIC, NON_BLOCK or OOM in the model), yet the buddy
 * gave it a page of an H block.  Tolerance: H pages ride the MOVABLE pcp
 * list, where any movable request of the order may take them (spec §2.3d).
 */
static void check_stolen(gfp_t gfp, unsigned int order, unsigned long pfn, bool from_pcp)
{
	if (!(gfp & __GFP_DIRECT_RECLAIM) || from_pcp ||
	    oracle_block_raw(pfn) != MIGRATE_HIGHATOMIC)
		return;
	oracle_report(V6_H_CLAIM, "rmqueue_buddy", "stolen", page_zone(pfn_to_page(pfn)), pfn,
		      0, 1L << order, "order-%u request that may sleep got a page of an H block",
		      order);
}

/*
 * C-claim-scans (T11), a cost and not a wrong state, so judged only with
 * claim_scan_guard: a pcp refill of this allocation looked at more than
 * NR_PAGE_ORDERS orders in claims that failed, i.e. scanned them in vain
 * more than once.  Before "speed up fallbacks in rmqueue_bulk()"
 * (90abee6d7895) each page of the batch started over at the claim that
 * had failed for the last.  With it a refill claims again only after a
 * claim succeeded, whose scan the core does not count (claim_scans).
 */
static void check_claim_scans(void)
{
	unsigned long scans = contig_page_data.bulk_claim_scans;

	contig_page_data.bulk_claim_scans = 0;
	if (!v6_oracle.enabled || !v6_oracle.claim_scan_guard || scans <= NR_PAGE_ORDERS)
		return;
	oracle_report(V6_C_CLAIM_SCANS, "rmqueue_bulk", NULL, NULL, ~0UL, NR_PAGE_ORDERS,
		      (long)scans, "one pcp refill scanned %lu orders for a claim (%u orders)",
		      scans, NR_PAGE_ORDERS);
}

void oracle_alloc_done(unsigned int gfp, unsigned int order, unsigned long pfn, bool slowpath)
{
	bool from_pcp = pfn == v6_oracle.pcp_pfn;

	check_claim_scans();
	if (v6_oracle.enabled && pfn_valid(pfn)) {
		if (!slowpath)
			check_fast(page_zone(pfn_to_page(pfn)), gfp, order, from_pcp);
		check_unused(gfp, order, pfn, from_pcp);
		check_stolen(gfp, order, pfn, from_pcp);
	}
	v6_oracle.pcp_refilled = 0;
	v6_oracle.pcp_pfn = ~0UL;
	v6_oracle.alloc_pfn = ~0UL;
}
