// SPDX-License-Identifier: MIT
/*
 * rmqueue.c - taking pages off the free lists (spec §2.3 - §2.8): expand,
 * __rmqueue_smallest, the fallbacks[] table, can_steal_fallback,
 * find_suitable_fallback, steal_suitable_fallback, __rmqueue_fallback,
 * __rmqueue, rmqueue_bulk, buffered_rmqueue.
 *
 * HIGHATOMIC lists are read in exactly one place: buffered_rmqueue for an
 * order>0 ALLOC_HARDER request.  They are never a fallback.
 */
#include "page_alloc.h"

/*
 * Where to look when a type's own lists are empty; MIGRATE_TYPES ends a
 * row.  The kernel's table has no HIGHATOMIC row: it reads as zeros, i.e.
 * UNMOVABLE (four times, then the next row's MIGRATE_TYPES ends the scan).
 * Only a request with an invalid gfp mask (both mobility bits) asks for
 * type 3.
 */
const int fallbacks[MIGRATE_TYPES][4] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE, MIGRATE_TYPES },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, MIGRATE_TYPES },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_TYPES },
	[MIGRATE_HIGHATOMIC]  = { MIGRATE_UNMOVABLE, MIGRATE_TYPES },
	[MIGRATE_CMA]         = { MIGRATE_TYPES },
	[MIGRATE_ISOLATE]     = { MIGRATE_TYPES },
};

/*
 * expand(): split an order-@high buddy down to order @low; each upper half
 * goes on the REQUESTED type's list, whatever the block's type.
 */
void expand(struct zone *zone, struct page *page, unsigned int low,
	    unsigned int high, struct free_area *area, int migratetype)
{
	unsigned long size = 1UL << high;

	(void)zone;
	while (high > low) {
		area--;
		high--;
		size >>= 1;
		list_add(&page[size].lru, &area->free_list[migratetype]);
		area->nr_free++;
		set_page_order(&page[size], high);
	}
}

/* __rmqueue_smallest(): the smallest buddy on @migratetype's own lists. */
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order,
				int migratetype)
{
	for (unsigned int current_order = order; current_order < MAX_ORDER; ++current_order) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page = list_first_entry_or_null(&area->free_list[migratetype],
							     struct page, lru);

		if (!page)
			continue;
		list_del(&page->lru);
		rmv_page_order(page);
		area->nr_free--;
		expand(zone, page, order, current_order, area, migratetype);
		set_pcppage_migratetype(page, migratetype);
		return page;
	}
	return NULL;
}

/*
 * can_steal_fallback(): whether taking from another type may claim the
 * whole block: large requests, and any unmovable or reclaimable request.
 */
bool can_steal_fallback(unsigned int order, int start_mt)
{
	if (order >= pageblock_order)
		return true;
	if (order >= pageblock_order / 2 ||
	    start_mt == MIGRATE_RECLAIMABLE ||
	    start_mt == MIGRATE_UNMOVABLE ||
	    page_group_by_mobility_disabled)
		return true;
	return false;
}

/* find_suitable_fallback(): first fallback type with a buddy at @order. */
int find_suitable_fallback(struct free_area *area, unsigned int order,
			   int migratetype, bool only_stealable, bool *can_steal)
{
	*can_steal = false;
	if (area->nr_free == 0)
		return -1;
	for (int i = 0;; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (fallback_mt == MIGRATE_TYPES)
			break;
		if (list_empty(&area->free_list[fallback_mt]))
			continue;
		if (can_steal_fallback(order, migratetype))
			*can_steal = true;
		if (!only_stealable)
			return fallback_mt;
		if (*can_steal)
			return fallback_mt;
	}
	return -1;
}

/*
 * steal_suitable_fallback(): a buddy of a whole block or more retypes its
 * blocks; otherwise move the block's free pages to @start_type and claim
 * the block if at least half of it was free.  In the baseline this knows
 * nothing of the reserve; v1-1 claims an H block through
 * dec_highatomic_pageblock().
 */
void steal_suitable_fallback(struct zone *zone, struct page *page, int start_type)
{
	unsigned int current_order = page_order(page);
	int pages;

	if (current_order >= pageblock_order) {
		change_pageblock_range(page, (int)current_order, start_type);
		return;
	}

	pages = move_freepages_block(zone, page, start_type);

	if (pages >= (1 << (pageblock_order - 1)) || page_group_by_mobility_disabled) {
		if (variant_has(&contig_page_data.variant, PATCH_V1_1) &&
		    get_pageblock_migratetype(page) == MIGRATE_HIGHATOMIC)
			dec_highatomic_pageblock(zone, page, start_type);
		else
			set_pageblock_migratetype(page, start_type);
	}
}

/*
 * __rmqueue_fallback(): take the LARGEST buddy of a fallback type, maybe
 * steal its block, and split it with the remainders on @start_migratetype's
 * lists.  88ed365ea227 leaves a HIGHATOMIC block alone: the page is still
 * taken, the block is not stolen.
 */
struct page *__rmqueue_fallback(struct zone *zone, unsigned int order,
				int start_migratetype)
{
	for (int current_order = (int)MAX_ORDER - 1; current_order >= (int)order;
	     --current_order) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page;
		bool can_steal;
		int fallback_mt;

		fallback_mt = find_suitable_fallback(area, (unsigned int)current_order,
						     start_migratetype, false, &can_steal);
		if (fallback_mt == -1)
			continue;

		page = list_first_entry(&area->free_list[fallback_mt], struct page, lru);
		if (can_steal &&
		    !(variant_has(&contig_page_data.variant, PATCH_88ED365EA227) &&
		      get_pageblock_migratetype(page) == MIGRATE_HIGHATOMIC))
			steal_suitable_fallback(zone, page, start_migratetype);

		area->nr_free--;
		list_del(&page->lru);
		rmv_page_order(page);
		expand(zone, page, order, (unsigned int)current_order, area,
		       start_migratetype);
		/* the cached type is the requested one, not the block's */
		set_pcppage_migratetype(page, start_migratetype);
		return page;
	}
	return NULL;
}

/* __rmqueue(): own type, then CMA for movable requests, then fallback. */
struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype)
{
	struct page *page = __rmqueue_smallest(zone, order, migratetype);

	if (unlikely(!page)) {
		if (migratetype == MIGRATE_MOVABLE)
			page = __rmqueue_smallest(zone, order, MIGRATE_CMA);
		if (!page)
			page = __rmqueue_fallback(zone, order, migratetype);
	}
	return page;
}

/*
 * rmqueue_bulk(): refill a pcp list with up to @count pages, appended in
 * the order taken, all on the REQUESTED type's pcp list.
 */
int rmqueue_bulk(struct zone *zone, unsigned int order, unsigned long count,
		 struct list_head *list, int migratetype, bool cold)
{
	unsigned long i;
	int alloced = 0;

	spin_lock(&zone->lock);
	for (i = 0; i < count; ++i) {
		struct page *page = __rmqueue(zone, order, migratetype);

		if (unlikely(page == NULL))
			break;
		if (likely(!cold))
			list_add(&page->lru, list);
		else
			list_add_tail(&page->lru, list);
		page_flag_set(page, PG_pcp);
		list = &page->lru;
		alloced++;
		if (is_migrate_cma(get_pcppage_migratetype(page)))
			__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, -(1L << order));
	}
	__mod_zone_page_state(zone, NR_FREE_PAGES, -(long)(i << order));
	zone->pcp_moved += i << order;
	spin_unlock(&zone->lock);
	return alloced;
}

/*
 * buffered_rmqueue(): order 0 from this CPU's pcp list of the requested
 * type (refilled by rmqueue_bulk; never from buddy H lists); order > 0
 * from the buddy lists under zone->lock, HIGHATOMIC first for
 * ALLOC_HARDER.
 */
struct page *buffered_rmqueue(struct zone *preferred_zone, struct zone *zone,
			      unsigned int order, gfp_t gfp_flags,
			      unsigned int alloc_flags, int migratetype)
{
	bool cold = (gfp_flags & __GFP_COLD) != 0;
	struct page *page;

	(void)preferred_zone;
	if (likely(order == 0)) {
		struct per_cpu_pages *pcp = &zone->pageset[smp_processor_id()];
		struct list_head *list = &pcp->lists[migratetype];

		if (list_empty(list)) {
			pcp->count += rmqueue_bulk(zone, 0, (unsigned long)pcp->batch,
						   list, migratetype, cold);
			if (unlikely(list_empty(list)))
				return NULL;
		}
		if (cold)
			page = list_last_entry(list, struct page, lru);
		else
			page = list_first_entry(list, struct page, lru);
		list_del(&page->lru);
		page_flag_clear(page, PG_pcp);
		pcp->count--;
	} else {
		spin_lock(&zone->lock);
		page = NULL;
		if (alloc_flags & ALLOC_HARDER)
			page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
		if (!page)
			page = __rmqueue(zone, order, migratetype);
		if (!page) {
			spin_unlock(&zone->lock);
			return NULL;
		}
		__mod_zone_freepage_state(zone, -(1L << order),
					  get_pcppage_migratetype(page));
		spin_unlock(&zone->lock);
	}
	contig_page_data.pgalloc += 1UL << order;
	return page;
}
