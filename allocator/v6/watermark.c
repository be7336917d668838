// SPDX-License-Identifier: MIT
/*
 * watermark.c - the watermark checks of mm/page_alloc.c (v6.1 .. v6.19):
 * __zone_watermark_unusable_free, __zone_watermark_ok, zone_watermark_ok
 * and zone_watermark_fast.  Arithmetic is the kernel's: signed longs that
 * may go negative, compared against unsigned marks where the kernel does.
 *
 * The forms a switch selects:
 *   v6.1.0        ALLOC_HARDER / ALLOC_HIGH; H exempt for HARDER or OOM
 *   1ebbb21811b7  (with ab3508854353, v6.3) ALLOC_RESERVES exempt; MIN_RESERVE
 *                 halves, NON_BLOCK a further quarter inside it, OOM halves
 *   eb2e2b425c69  (v6.3) order>0 may count the H lists for HIGHATOMIC | OOM
 *   c928807f6f6b  (v6.12) subtract nr_free_highatomic, not nr_reserved
 *   f27ce0e14088  (v5.9) the fast order-0 check subtracts the unusable free
 *   9282012fc0aa  (v5.19) ... clamped at zero (without it: T4)
 *   2973d8229b78  (v6.3) the boost exception tests ALLOC_MIN_RESERVE, not
 *                 __GFP_ATOMIC
 * and kswapd's part in them: ZONE_RECLAIM_ACTIVE while it balances the
 * node, the boost taken back when it is done (kswapd_set_active()).
 */
#include "page_alloc.h"

/* The flags exempt from subtracting the highatomic reserve. */
static unsigned int highatomic_exempt_flags(void)
{
	if (v6_has(V6_1EBBB21811B7))
		return ALLOC_RESERVES;
	return ALLOC_HARDER | ALLOC_OOM;	/* v6.1.0 */
}

/*
 * __zone_watermark_unusable_free(): the free pages this request may not
 * count: the part of the order below it, the highatomic reserve for a
 * caller without reserve rights (the reserved blocks before c928807f6f6b,
 * whether free or not: T5), and free CMA without ALLOC_CMA.
 */
long __zone_watermark_unusable_free(struct zone *z, unsigned int order,
				    unsigned int alloc_flags)
{
	long unusable_free = (1L << order) - 1;

	if (likely(!(alloc_flags & highatomic_exempt_flags()))) {
		if (v6_has(V6_C928807F6F6B))
			unusable_free += (long)z->nr_free_highatomic;
		else
			unusable_free += (long)z->nr_reserved_highatomic;
	}
	if (!(alloc_flags & ALLOC_CMA))
		unusable_free += (long)zone_page_state(z, NR_FREE_CMA_PAGES);
	return unusable_free;
}

/* The min watermark after the request's reserve rights (v6.3 form). */
static long reserve_min(long min, unsigned int alloc_flags)
{
	if (likely(!(alloc_flags & ALLOC_RESERVES)))
		return min;
	if (alloc_flags & ALLOC_MIN_RESERVE) {
		min -= min / 2;
		if (alloc_flags & ALLOC_NON_BLOCK)
			min -= min / 4;
	}
	if (alloc_flags & ALLOC_OOM)
		min -= min / 2;
	return min;
}

/* v6.1.0: ALLOC_HIGH halves; then OOM halves, or else HARDER takes a quarter. */
static long reserve_min_v6_1(long min, unsigned int alloc_flags)
{
	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & (ALLOC_HARDER | ALLOC_OOM)) {
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
		else
			min -= min / 4;
	}
	return min;
}

/* Whether @area has a free buddy on a list this request may take. */
static bool area_has_usable(struct free_area *area, unsigned int alloc_flags)
{
	unsigned int h_flags = v6_has(V6_EB2E2B425C69) ? ALLOC_HIGHATOMIC | ALLOC_OOM :
							 ALLOC_HARDER | ALLOC_OOM;

	if (!area->nr_free)
		return false;
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		if (!free_area_empty(area, mt))
			return true;
	if ((alloc_flags & ALLOC_CMA) && !free_area_empty(area, MIGRATE_CMA))
		return true;
	return (alloc_flags & h_flags) && !free_area_empty(area, MIGRATE_HIGHATOMIC);
}

/*
 * __zone_watermark_ok(): @free_pages less the unusable part must stay
 * above the (reduced) mark plus the lowmem reserve; for order > 0 a buddy
 * of at least that order must sit on a list the request may use.
 */
bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;

	free_pages -= __zone_watermark_unusable_free(z, order, alloc_flags);
	if (v6_has(V6_1EBBB21811B7))
		min = reserve_min(min, alloc_flags);
	else
		min = reserve_min_v6_1(min, alloc_flags);

	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		if (area_has_usable(&z->free_area[o], alloc_flags))
			return true;
	return false;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

/*
 * The order-0 shortcut of zone_watermark_fast(): what the request may use
 * against the mark, no min reductions.  The kernel compares its long with
 * the unsigned long `mark + lowmem_reserve`, so a negative value converts
 * to a huge one and passes: before 9282012fc0aa a reserve larger than the
 * free pages let every order-0 request through (T4).
 */
static bool fast_order0_ok(struct zone *z, unsigned long mark, int highest_zoneidx,
			   unsigned int alloc_flags, long free_pages)
{
	unsigned long limit = mark + (unsigned long)z->lowmem_reserve[highest_zoneidx];
	long usable_free = free_pages;

	if (!v6_has(V6_F27CE0E14088)) {
		/* v5.8: only free CMA is left out */
		if (!(alloc_flags & ALLOC_CMA))
			usable_free -= (long)zone_page_state(z, NR_FREE_CMA_PAGES);
	} else if (v6_has(V6_9282012FC0AA)) {
		long reserved = __zone_watermark_unusable_free(z, 0, alloc_flags);

		usable_free -= min(usable_free, reserved);
	} else {
		usable_free -= __zone_watermark_unusable_free(z, 0, alloc_flags);
	}
	return (unsigned long)usable_free > limit;
}

/*
 * zone_watermark_fast(): get_page_from_freelist's check.  Order 0 first
 * tries the shortcut, then every order the full check; an order-0
 * __GFP_HIGH request at the min mark of a boosted zone is finally judged
 * against the unboosted min (the boost only wakes kswapd early).
 */
bool zone_watermark_fast(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags, gfp_t gfp_mask)
{
	long free_pages = (long)zone_page_state(z, NR_FREE_PAGES);
	bool high;

	if (!order && fast_order0_ok(z, mark, highest_zoneidx, alloc_flags, free_pages))
		return true;
	if (__zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags, free_pages))
		return true;

	if (v6_has(V6_2973D8229B78))
		high = alloc_flags & ALLOC_MIN_RESERVE;
	else
		high = gfp_mask & __GFP_ATOMIC;
	if (unlikely(!order && high && z->watermark_boost &&
		     (alloc_flags & ALLOC_WMARK_MASK) == WMARK_MIN))
		return __zone_watermark_ok(z, order, z->_watermark[WMARK_MIN], highest_zoneidx,
					   alloc_flags, free_pages);
	return false;
}

/*
 * kswapd balancing the node, from the replay's kswapd window (the sysctl
 * hatrace.kswapd_active): balance_pgdat() (mm/vmscan.c) sets
 * ZONE_RECLAIM_ACTIVE on the zones while it runs and clears it when it
 * returns, and then takes back the watermark boost each zone had when it
 * began.  A boost raised meanwhile wakes kswapd again (rmqueue() with
 * ZONE_BOOSTED_WATERMARK), for another pass that takes it back: the window
 * holds those passes (events less than FTRACE_KSWAPD_IDLE apart), so at
 * its end no boost is left.
 */
void kswapd_set_active(bool active)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		if (active) {
			zone_set_flag(zone, ZONE_RECLAIM_ACTIVE);
			continue;
		}
		zone_clear_flag(zone, ZONE_RECLAIM_ACTIVE);
		zone->watermark_boost = 0;
	}
}
