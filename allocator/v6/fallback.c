// SPDX-License-Identifier: MIT
/*
 * fallback.c - when a type's own lists are empty (mm/page_alloc.c):
 * fallbacks[], boost_watermark(), should_try_claim_block() (was
 * can_steal_fallback()), find_suitable_fallback(), and the three forms of
 * the fallback itself:
 *  - v6.1 .. v6.9: __rmqueue_fallback() picks the largest fallback buddy
 *    (the smallest for a MOVABLE request that may not steal the block)
 *    and steal_suitable_fallback() moves every free page of its block to
 *    the requested type's lists before deciding whether the block changes
 *    type; __rmqueue() then retries the requested lists.
 *  - c0cd6f557b90 (v6.10 .. v6.14): nothing moves unless the block is
 *    claimed; otherwise the requested order is taken from the buddy found,
 *    the largest one, and the remainder stays on the block's lists.
 *  - c2f6ea38fc1b (v6.15): claim a whole block (__rmqueue_claim(),
 *    try_to_claim_block()), or steal from the smallest buddy
 *    (__rmqueue_steal()), as separate modes of __rmqueue().
 * H, CMA and ISOLATE are in no row of fallbacks[]: never claimed, never
 * stolen.
 */
#include "rmqueue_int.h"

/* fallbacks[]: each pcp type's two fallback types, in order of preference. */
const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE   },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE,   MIGRATE_MOVABLE   },
};

/* mult_frac(): x * n / d without overflowing x * n */
static unsigned long mult_frac(unsigned long x, unsigned long n, unsigned long d)
{
	return x / d * n + x % d * n / d;
}

/*
 * boost_watermark() (1c30844d2dfe, v5.0): raise the zone's watermarks by
 * a block, up to watermark_boost_factor/10000 of the high mark, so that
 * kswapd reclaims before the next fallback.  Not in zones under four
 * blocks, nor while the high mark is still 0.
 */
bool boost_watermark(struct zone *zone)
{
	int factor = contig_page_data.watermark_boost_factor;
	unsigned long max_boost;

	if (!factor)
		return false;
	if (pageblock_nr_pages * 4 > zone_managed_pages(zone))
		return false;
	max_boost = mult_frac(zone->_watermark[WMARK_HIGH], (unsigned long)factor, 10000);
	if (!max_boost)
		return false;
	max_boost = max(pageblock_nr_pages, max_boost);
	zone->watermark_boost = min(zone->watermark_boost + pageblock_nr_pages, max_boost);
	return true;
}

/*
 * should_try_claim_block() (v6.15; can_steal_fallback() before, same
 * rule): whether a fallback of @order should take the whole block for
 * @start_mt.  Yes for large orders, for U and R (they would pollute the
 * block anyway) and with mobility grouping off; small MOVABLE: no.
 */
bool should_try_claim_block(unsigned int order, int start_mt)
{
	if (order >= pageblock_order)
		return true;
	if (order >= pageblock_order / 2)
		return true;
	if (start_mt == MIGRATE_RECLAIMABLE || start_mt == MIGRATE_UNMOVABLE)
		return true;
	return page_group_by_mobility_disabled;
}

/*
 * find_suitable_fallback(): the first of @migratetype's fallback types
 * with a free buddy of @order, or -1.  @claimable (v6.15): -2 when the
 * order is too small to claim a block, whatever is free.  @can_steal
 * (before v6.15): whether a block may be stolen at @order (the buddy's
 * order, not the request's).  A request of no pcp type (both mobility
 * bits: the kernel VM_WARNs and reads past fallbacks[]) finds nothing.
 */
int find_suitable_fallback(struct free_area *area, unsigned int order, int migratetype,
			   bool claimable, bool *can_steal)
{
	if (claimable && !should_try_claim_block(order, migratetype))
		return -2;
	if (area->nr_free == 0 || migratetype >= MIGRATE_PCPTYPES)
		return -1;
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (free_area_empty(area, fallback_mt))
			continue;
		if (can_steal)
			*can_steal = should_try_claim_block(order, migratetype);
		return fallback_mt;
	}
	return -1;
}

/* Boost, and ask for kswapd when the request may wake it. */
static void boost_and_wake(struct zone *zone, unsigned int alloc_flags)
{
	if (boost_watermark(zone) && (alloc_flags & ALLOC_KSWAPD))
		zone_set_flag(zone, ZONE_BOOSTED_WATERMARK);
}

/*
 * How many allocated pages of the block are of the kind @start_type
 * allocates: movable ones for MOVABLE; for U/R from a MOVABLE block every
 * non-movable one; between U and R none (they cannot be told apart).
 */
static int alike_pages(int start_type, int block_type, int free_pages, int movable_pages)
{
	if (start_type == MIGRATE_MOVABLE)
		return movable_pages;
	if (block_type == MIGRATE_MOVABLE)
		return (int)pageblock_nr_pages - (free_pages + movable_pages);
	return 0;
}

/* Whether the block has enough free or alike pages to change its type. */
static bool claim_worth_it(int free_pages, int alike)
{
	return free_pages + alike >= 1 << (pageblock_order - 1) ||
	       page_group_by_mobility_disabled;
}

/*
 * A buddy of a block's order or more becomes @start_type's at once: off
 * @block_type's list, its blocks retyped, the remainder on @start_type's
 * lists (v6.10 .. v6.19; no boost).
 */
static struct page *claim_whole_buddy(struct zone *zone, struct page *page,
				      unsigned int current_order, unsigned int order,
				      int start_type, int block_type)
{
	unsigned int nr_added;

	del_page_from_free_list(page, zone, current_order, block_type);
	change_pageblock_range(page, (int)current_order, start_type);
	nr_added = expand(zone, page, order, current_order, start_type);
	if (v6_has(V6_E0932B6C1F94))
		account_freepages(zone, nr_added, start_type);
	set_alloc_migratetype(page, start_type);
	return page;
}

/*
 * Move the rest of a block to @start_type (its free pages, its type) when
 * half of it is free or alike, and allocate from @start_type's lists,
 * which may pick a page outside this block (v6.10 .. v6.19).  NULL: the
 * block straddles the zone, or is not worth it.
 */
static struct page *claim_block_if_alike(struct zone *zone, struct page *page,
					 unsigned int order, int start_type, int block_type)
{
	int free_pages, movable_pages;
	unsigned long start_pfn;

	if (!prep_move_freepages_block(zone, page, &start_pfn, &free_pages, &movable_pages))
		return NULL;
	if (!claim_worth_it(free_pages,
			    alike_pages(start_type, block_type, free_pages, movable_pages)))
		return NULL;
	__move_freepages_block(zone, start_pfn, block_type, start_type);
	set_pageblock_migratetype(pfn_to_page(start_pfn), start_type);
	return __rmqueue_smallest(zone, order, start_type);
}

/*
 * try_to_claim_block() (v6.15): the whole buddy when it is a block or
 * more; else boost, and the block when half of it is free or alike.
 */
struct page *try_to_claim_block(struct zone *zone, struct page *page,
				unsigned int current_order, unsigned int order,
				int start_type, int block_type, unsigned int alloc_flags)
{
	if (current_order >= pageblock_order)
		return claim_whole_buddy(zone, page, current_order, order, start_type, block_type);
	boost_and_wake(zone, alloc_flags);
	return claim_block_if_alike(zone, page, order, start_type, block_type);
}

/*
 * __rmqueue_claim() (v6.15): from the largest order down, the first
 * fallback buddy whose block can be claimed; with ALLOC_NOFRAGMENT only
 * whole blocks.  The scan stops at the first order too small to claim
 * (-2, the v6.19 form; c2f6ea38fc1b and 90abee6d7895 stopped at the
 * first such order that had a fallback buddy: the same claims, one scan
 * more per empty order below the threshold).  The orders a call that
 * claims nothing looked at count in contig_page_data.claim_scans: the
 * vain scans 90abee6d7895 saves (with it a refill claims again only
 * after a claim succeeded, whose scan is no waste).
 */
struct page *__rmqueue_claim(struct zone *zone, unsigned int order, int start_migratetype,
			     unsigned int alloc_flags)
{
	int min_order = (int)order;
	unsigned long scans = 0;

	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = (int)pageblock_order;
	for (int current_order = (int)MAX_PAGE_ORDER; current_order >= min_order;
	     --current_order) {
		struct free_area *area = &zone->free_area[current_order];
		int fallback_mt;
		struct page *page;

		scans++;
		fallback_mt = find_suitable_fallback(area, (unsigned int)current_order,
						     start_migratetype, true, NULL);
		if (fallback_mt == -1)
			continue;
		if (fallback_mt == -2)
			break;
		page = get_hinted_page(zone, (unsigned int)current_order, fallback_mt);
		page = try_to_claim_block(zone, page, (unsigned int)current_order, order,
					  start_migratetype, fallback_mt, alloc_flags);
		if (page)
			return page;
	}
	contig_page_data.claim_scans += scans;
	return NULL;
}

/*
 * __rmqueue_steal() (v6.15): the smallest fallback buddy; the request is
 * split off it and the rest stays on the fallback type's lists, the
 * block keeping its type.
 */
struct page *__rmqueue_steal(struct zone *zone, unsigned int order, int start_migratetype)
{
	for (unsigned int current_order = order; current_order < NR_PAGE_ORDERS; current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		int fallback_mt = find_suitable_fallback(area, current_order, start_migratetype,
							 false, NULL);
		struct page *page;

		if (fallback_mt == -1)
			continue;
		page = get_hinted_page(zone, (unsigned int)current_order, fallback_mt);
		page_del_and_expand(zone, page, order, current_order, fallback_mt);
		return page;
	}
	return NULL;
}

/*
 * steal_suitable_fallback(), v6.1 form: the buddy's block is stolen
 * whole when @whole_block and half of it is free or alike, but its free
 * pages move to @start_type's lists first in any case
 * (move_freepages_block()); a buddy of a block's order or more retypes its
 * blocks.  The buddy itself always ends on @start_type's list, where the
 * caller's retry finds it.  An H block only gives up the buddy.
 */
static void steal_suitable_fallback_v61(struct zone *zone, struct page *page,
					unsigned int current_order, int start_type,
					unsigned int alloc_flags, bool whole_block)
{
	int old_block_type = get_pageblock_migratetype(page);
	int free_pages, movable_pages;

	if (is_migrate_highatomic(old_block_type))
		goto single_page;
	if (current_order >= pageblock_order) {
		change_pageblock_range(page, (int)current_order, start_type);
		goto single_page;
	}
	boost_and_wake(zone, alloc_flags);
	if (!whole_block)
		goto single_page;
	free_pages = __move_freepages_block_v61(zone, page, start_type, &movable_pages);
	/* 0: the block straddles the zone */
	if (!free_pages)
		goto single_page;
	if (claim_worth_it(free_pages,
			   alike_pages(start_type, old_block_type, free_pages, movable_pages)))
		set_pageblock_migratetype(page, start_type);
	return;
single_page:
	move_to_free_list(page, zone, current_order, page->list_mt, start_type);
}

/*
 * steal_suitable_fallback(), c0cd6f557b90 form (v6.10 .. v6.14): the whole
 * buddy or block as try_to_claim_block() does (an H block never), else
 * the request taken from this buddy, the rest left on its block's lists.
 */
static struct page *steal_suitable_fallback_v610(struct zone *zone, struct page *page,
						 unsigned int current_order, unsigned int order,
						 int start_type, unsigned int alloc_flags,
						 bool whole_block)
{
	int block_type = get_pageblock_migratetype(page);
	struct page *claimed;

	if (is_migrate_highatomic(block_type))
		goto single_page;
	if (current_order >= pageblock_order)
		return claim_whole_buddy(zone, page, current_order, order, start_type, block_type);
	boost_and_wake(zone, alloc_flags);
	if (!whole_block)
		goto single_page;
	claimed = claim_block_if_alike(zone, page, order, start_type, block_type);
	if (claimed)
		return claimed;
single_page:
	page_del_and_expand(zone, page, order, current_order, block_type);
	return page;
}

/*
 * steal_suitable_fallback(): the page allocated (c0cd6f557b90 form), or
 * NULL in the v6.1 form, which only moves pages to @start_type's lists.
 */
struct page *steal_suitable_fallback(struct zone *zone, struct page *page,
				     unsigned int current_order, unsigned int order,
				     int start_type, unsigned int alloc_flags, bool whole_block)
{
	if (v6_has(V6_C0CD6F557B90))
		return steal_suitable_fallback_v610(zone, page, current_order, order, start_type,
						    alloc_flags, whole_block);
	steal_suitable_fallback_v61(zone, page, current_order, start_type, alloc_flags,
				    whole_block);
	return NULL;
}

/*
 * __rmqueue_fallback() (before v6.15): the largest fallback buddy from the
 * top order down (whole blocks only with ALLOC_NOFRAGMENT); a MOVABLE
 * request that may not steal that block takes the smallest fallback
 * buddy instead.  Each top-down order looked at counts in claim_scans.
 * The v6.1 form then allocates from the requested lists (the kernel's
 * "goto retry" in __rmqueue()).
 */
struct page *__rmqueue_fallback(struct zone *zone, unsigned int order, int start_migratetype,
				unsigned int alloc_flags)
{
	int min_order = (int)order;
	int current_order, fallback_mt = -1;
	bool can_steal = false;
	struct free_area *area;
	struct page *page;

	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = (int)pageblock_order;
	for (current_order = (int)MAX_PAGE_ORDER; current_order >= min_order; --current_order) {
		contig_page_data.claim_scans++;
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(area, (unsigned int)current_order,
						     start_migratetype, false, &can_steal);
		if (fallback_mt != -1)
			break;
	}
	if (fallback_mt == -1)
		return NULL;
	if (!can_steal && start_migratetype == MIGRATE_MOVABLE && current_order > (int)order) {
		/* find_smallest: there is one, the scan above found it */
		for (current_order = (int)order; ; current_order++) {
			BUG_ON(current_order >= (int)NR_PAGE_ORDERS);
			area = &zone->free_area[current_order];
			fallback_mt = find_suitable_fallback(area, (unsigned int)current_order,
							     start_migratetype, false, &can_steal);
			if (fallback_mt != -1)
				break;
		}
	}
	page = get_hinted_page(zone, (unsigned int)current_order, fallback_mt);
	page = steal_suitable_fallback(zone, page, (unsigned int)current_order, order,
				       start_migratetype, alloc_flags, can_steal);
	if (!v6_has(V6_C0CD6F557B90))
		page = __rmqueue_smallest(zone, order, start_migratetype);
	return page;
}
