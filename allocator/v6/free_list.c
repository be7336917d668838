// SPDX-License-Identifier: MIT
/*
 * free_list.c - the buddy lists and the counters kept with them
 * (mm/page_alloc.c, include/linux/vmstat.h): __mod_zone_freepage_state(),
 * add_to_free_list(), del_page_from_free_list(), move_to_free_list();
 * the helpers under them that every buddy move runs (account_freepages(),
 * __add_to_free_list(), __del_page_from_free_list(), ...) are inline in
 * free_list.h.
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

void __mod_zone_freepage_state(struct zone *zone, long nr_pages, int migratetype)
{
	V6_EVENT(account, zone, nr_pages, migratetype);
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
	if (is_migrate_cma(migratetype))
		__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, nr_pages);
}

void add_to_free_list(struct page *page, struct zone *zone, unsigned int order,
		      int migratetype, bool tail)
{
	__add_to_free_list(page, zone, order, migratetype, tail);
	if (v6_has(V6_E0932B6C1F94))
		account_freepages(zone, 1L << order, migratetype);
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
	int block_mt = free_list_type_check(page, old_mt, order);

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

