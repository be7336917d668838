/* SPDX-License-Identifier: MIT */
/*
 * free_list.h - the buddy list helpers every buddy move goes through (a
 * pcp drain or refill: several per page), inline so that the hot loops of
 * free_page.c and rmqueue_smallest.c carry no call per list operation:
 * __mod_zone_page_state(), account_freepages(), __add_to_free_list(),
 * __del_page_from_free_list(), get_page_from_free_area(),
 * free_area_empty().  The rest of the list code, and the two eras of
 * accounting, are in free_list.c.  Included by page_alloc.h, after the
 * pageblock helpers it uses.
 */
#ifndef HATRACE_V6_FREE_LIST_H
#define HATRACE_V6_FREE_LIST_H

#include "events.h"

static inline void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item,
					 long delta)
{
	static const enum v6_counter counter[NR_VM_ZONE_STAT_ITEMS] = {
		[NR_FREE_PAGES] = CNT_NR_FREE_PAGES,
		[NR_FREE_PAGES_BLOCKS] = CNT_NR_FREE_PAGES_BLOCKS,
		[NR_FREE_CMA_PAGES] = CNT_NR_FREE_CMA_PAGES,
	};

	zone->vm_stat[item] += delta;
	V6_COUNTER_EVENT(zone, counter[item], delta, __func__);
}

static inline void account_freepages(struct zone *zone, long nr_pages, int migratetype)
{
	BUG_ON(!zone->lock.locked);
	V6_EVENT(account, zone, nr_pages, migratetype);
	if (is_migrate_isolate(migratetype))
		return;
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
	if (is_migrate_cma(migratetype)) {
		__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, nr_pages);
	} else if (is_migrate_highatomic(migratetype) && v6_has(V6_C928807F6F6B)) {
		zone->nr_free_highatomic = (unsigned long)((long)zone->nr_free_highatomic +
							   nr_pages);
		V6_COUNTER_EVENT(zone, CNT_NR_FREE_HIGHATOMIC, nr_pages, __func__);
	}
}

/* The blocks counter moves only for buddies of pageblock order or more. */
static inline void account_free_blocks(struct zone *zone, unsigned int order, long nr_pages)
{
	if (order >= pageblock_order && v6_has(V6_E3AA7DF331BC))
		__mod_zone_page_state(zone, NR_FREE_PAGES_BLOCKS, nr_pages);
}

/*
 * The hygiene check of e0932b6c1f94: the block type must be the list
 * type the caller names.  Returns the block type, for the event.
 */
static inline int free_list_type_check(const struct page *page, int migratetype, unsigned int order)
{
	int block_mt = get_pageblock_migratetype(page);

	if (block_mt != migratetype && v6_has(V6_E0932B6C1F94)) {
		long args[3] = { block_mt, migratetype, 1L << order };

		v6_warn(WARN_FREELIST_TYPE, page_to_pfn(page), args, 3);
	}
	return block_mt;
}

static inline void __add_to_free_list(struct page *page, struct zone *zone, unsigned int order,
				      int migratetype, bool tail)
{
	struct free_area *area = &zone->free_area[order];
	int block_mt = free_list_type_check(page, migratetype, order);

	if (tail)
		list_add_tail(&page->lru, &area->free_list[migratetype]);
	else
		list_add(&page->lru, &area->free_list[migratetype]);
	area->nr_free++;
	page->list_mt = (signed char)migratetype;
	if (!is_migrate_isolate(migratetype))
		account_free_blocks(zone, order, 1L << order);
	V6_EVENT(free_list_add, zone, page_to_pfn(page), order, migratetype, block_mt);
}

static inline void __del_page_from_free_list(struct page *page, struct zone *zone,
					     unsigned int order, int migratetype)
{
	int block_mt = free_list_type_check(page, migratetype, order);

	VM_BUG_ON(!PageBuddy(page) || buddy_order(page) != order);
	list_del(&page->lru);
	__ClearPageBuddy(page);
	page->list_mt = -1;
	zone->free_area[order].nr_free--;
	if (!is_migrate_isolate(migratetype))
		account_free_blocks(zone, order, -(1L << order));
	V6_EVENT(free_list_del, zone, page_to_pfn(page), order, migratetype, block_mt);
}

static inline struct page *get_page_from_free_area(struct free_area *area, int migratetype)
{
	return list_first_entry_or_null(&area->free_list[migratetype], struct page, lru);
}

static inline bool free_area_empty(const struct free_area *area, int migratetype)
{
	return list_empty(&area->free_list[migratetype]);
}

#endif /* HATRACE_V6_FREE_LIST_H */
