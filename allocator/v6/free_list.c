// SPDX-License-Identifier: MIT
/*
 * free_list.c - the buddy lists and the counters kept with them
 * (mm/page_alloc.c, include/linux/vmstat.h): account_freepages(),
 * __mod_zone_freepage_state(), __add_to_free_list(), add_to_free_list(),
 * __del_page_from_free_list(), del_page_from_free_list(),
 * move_to_free_list(), get_page_from_free_area().
 *
 * Two eras of accounting:
 *  - v6.1: the list helpers touch only the lists; NR_FREE_PAGES (and the
 *    CMA counter) are kept by the callers with __mod_zone_freepage_state()
 *    for the type they believe the pages have, and a page may sit on a
 *    list that is not its block's type.
 *  - e0932b6c1f94 (v6.10): the list type must equal the block type
 *    (VM_WARN_ONCE "page type is %d, passed migratetype is %d (nr=%d)"),
 *    and account_freepages() keeps the counters by list type;
 *    c928807f6f6b (v6.12) adds nr_free_highatomic to it.
 * NR_FREE_PAGES_BLOCKS (free pages in buddies of pageblock order or more,
 * outside isolated blocks) exists with defrag_mode's series (v6.15).
 */
#include "page_alloc.h"
#include "events.h"

void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long delta)
{
	static const enum v6_counter counter[NR_VM_ZONE_STAT_ITEMS] = {
		[NR_FREE_PAGES] = CNT_NR_FREE_PAGES,
		[NR_FREE_PAGES_BLOCKS] = CNT_NR_FREE_PAGES_BLOCKS,
		[NR_FREE_CMA_PAGES] = CNT_NR_FREE_CMA_PAGES,
	};

	zone->vm_stat[item] += delta;
	V6_EVENT(counter, zone, counter[item], delta, __func__);
}

void __mod_zone_freepage_state(struct zone *zone, long nr_pages, int migratetype)
{
	V6_EVENT(account, zone, nr_pages, migratetype);
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
	if (is_migrate_cma(migratetype))
		__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, nr_pages);
}

void account_freepages(struct zone *zone, long nr_pages, int migratetype)
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
		V6_EVENT(counter, zone, CNT_NR_FREE_HIGHATOMIC, nr_pages, __func__);
	}
}

/* The blocks counter moves only for buddies of pageblock order or more. */
static void account_free_blocks(struct zone *zone, unsigned int order, long nr_pages)
{
	if (order >= pageblock_order && v6_has(V6_E3AA7DF331BC))
		__mod_zone_page_state(zone, NR_FREE_PAGES_BLOCKS, nr_pages);
}

/*
 * The hygiene check of e0932b6c1f94: the block type must be the list
 * type the caller names.  Returns the block type, for the event.
 */
static int check_list_type(const struct page *page, int migratetype, unsigned int order)
{
	int block_mt = get_pageblock_migratetype(page);

	if (block_mt != migratetype && v6_has(V6_E0932B6C1F94)) {
		long args[3] = { block_mt, migratetype, 1L << order };

		v6_warn(WARN_FREELIST_TYPE, page_to_pfn(page), args, 3);
	}
	return block_mt;
}

void __add_to_free_list(struct page *page, struct zone *zone, unsigned int order,
			int migratetype, bool tail)
{
	struct free_area *area = &zone->free_area[order];
	int block_mt = check_list_type(page, migratetype, order);

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

void add_to_free_list(struct page *page, struct zone *zone, unsigned int order,
		      int migratetype, bool tail)
{
	__add_to_free_list(page, zone, order, migratetype, tail);
	if (v6_has(V6_E0932B6C1F94))
		account_freepages(zone, 1L << order, migratetype);
}

void __del_page_from_free_list(struct page *page, struct zone *zone, unsigned int order,
			       int migratetype)
{
	int block_mt = check_list_type(page, migratetype, order);

	VM_BUG_ON(!PageBuddy(page) || buddy_order(page) != order);
	list_del(&page->lru);
	__ClearPageBuddy(page);
	page->list_mt = -1;
	zone->free_area[order].nr_free--;
	if (!is_migrate_isolate(migratetype))
		account_free_blocks(zone, order, -(1L << order));
	V6_EVENT(free_list_del, zone, page_to_pfn(page), order, migratetype, block_mt);
}

void del_page_from_free_list(struct page *page, struct zone *zone, unsigned int order,
			     int migratetype)
{
	__del_page_from_free_list(page, zone, order, migratetype);
	if (v6_has(V6_E0932B6C1F94))
		account_freepages(zone, -(1L << order), migratetype);
}

/*
 * move_to_free_list(): to the tail of @new_mt's list.  The type check is
 * on @old_mt, the move coming before the block's retype.
 */
void move_to_free_list(struct page *page, struct zone *zone, unsigned int order,
		       int old_mt, int new_mt)
{
	struct free_area *area = &zone->free_area[order];
	long nr_pages = 1L << order;
	int block_mt = check_list_type(page, old_mt, order);

	list_del(&page->lru);
	list_add_tail(&page->lru, &area->free_list[new_mt]);
	page->list_mt = (signed char)new_mt;
	V6_EVENT(free_list_move, zone, page_to_pfn(page), order, old_mt, new_mt, block_mt);
	if (v6_has(V6_E0932B6C1F94)) {
		account_freepages(zone, -nr_pages, old_mt);
		account_freepages(zone, nr_pages, new_mt);
	}
	if (is_migrate_isolate(old_mt) != is_migrate_isolate(new_mt))
		account_free_blocks(zone, order, is_migrate_isolate(old_mt) ? nr_pages : -nr_pages);
}

struct page *get_page_from_free_area(struct free_area *area, int migratetype)
{
	return list_first_entry_or_null(&area->free_list[migratetype], struct page, lru);
}

bool free_area_empty(const struct free_area *area, int migratetype)
{
	return list_empty(&area->free_list[migratetype]);
}
