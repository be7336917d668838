// SPDX-License-Identifier: MIT
/*
 * move_freepages.c - moving a block's free pages to another type's lists
 * (mm/page_alloc.c): prep_move_freepages_block(), __move_freepages_block()
 * and move_freepages_block() (v6.10 forms), move_freepages() and v6.1's
 * move_freepages_block().  Over free_list.c's list helpers and
 * pageblock.c's bits, neither of which calls back here.
 */
#include "page_alloc.h"

/*
 * prep_move_freepages_block(): the block around @page, unless it starts
 * or ends outside @zone.  With @num_free, count its free pages and the
 * allocated pages that could be migrated.
 */
bool prep_move_freepages_block(struct zone *zone, struct page *page,
			       unsigned long *start_pfn, int *num_free, int *num_movable)
{
	unsigned long start = pageblock_start_pfn(page_to_pfn(page));
	unsigned long end = start + pageblock_nr_pages;

	if (!zone_spans_pfn(zone, start) || !zone_spans_pfn(zone, end - 1))
		return false;
	*start_pfn = start;
	if (!num_free)
		return true;
	*num_free = 0;
	*num_movable = 0;
	for (unsigned long pfn = start; pfn < end;) {
		const struct page *p = pfn_to_page(pfn);

		if (PageBuddy(p)) {
			*num_free += 1 << buddy_order(p);
			pfn += 1UL << buddy_order(p);
			continue;
		}
		if (p->flags & PG_movable)
			(*num_movable)++;
		pfn++;
	}
	return true;
}

/*
 * __move_freepages_block(): every free buddy of the block from @old_mt's
 * lists to @new_mt's; the caller retypes the block.  Returns pages moved.
 */
int __move_freepages_block(struct zone *zone, unsigned long start_pfn, int old_mt, int new_mt)
{
	unsigned long end_pfn = start_pfn + pageblock_nr_pages;
	int pages_moved = 0;

	VM_BUG_ON(!pageblock_aligned(start_pfn));
	for (unsigned long pfn = start_pfn; pfn < end_pfn;) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order;

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		VM_BUG_ON(page_zone(page) != zone);
		order = buddy_order(page);
		move_to_free_list(page, zone, order, old_mt, new_mt);
		pfn += 1UL << order;
		pages_moved += 1 << order;
	}
	return pages_moved;
}

/*
 * move_freepages() (v6.1): the free buddies of [start_pfn, end_pfn], from
 * whatever list they are on, to @migratetype's; counts the movable
 * allocated pages on the way.
 */
int move_freepages(struct zone *zone, unsigned long start_pfn, unsigned long end_pfn,
		   int migratetype, int *num_movable)
{
	int pages_moved = 0;

	for (unsigned long pfn = start_pfn; pfn <= end_pfn;) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order;

		if (!PageBuddy(page)) {
			if (num_movable && (page->flags & PG_movable))
				(*num_movable)++;
			pfn++;
			continue;
		}
		VM_BUG_ON(page_zone(page) != zone);
		order = buddy_order(page);
		move_to_free_list(page, zone, order, page->list_mt, migratetype);
		pfn += 1UL << order;
		pages_moved += 1 << order;
	}
	return pages_moved;
}

/*
 * v6.1's move_freepages_block(): a block whose start lies below the zone
 * is moved from @page on; one whose end lies past the zone moves nothing
 * (returns 0).  The caller sets the block type.
 */
int __move_freepages_block_v61(struct zone *zone, struct page *page, int migratetype,
			       int *num_movable)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned long start_pfn = pageblock_start_pfn(pfn);
	unsigned long end_pfn = pageblock_end_pfn(pfn) - 1;

	if (num_movable)
		*num_movable = 0;
	if (!zone_spans_pfn(zone, start_pfn))
		start_pfn = pfn;
	if (!zone_spans_pfn(zone, end_pfn))
		return 0;
	return move_freepages(zone, start_pfn, end_pfn, migratetype, num_movable);
}

/*
 * move_freepages_block(): since v6.10 (c0cd6f557b90 and its series) it
 * refuses a zone-straddling block (-1), moves from @old_mt to @new_mt and
 * retypes the block.  Before, it is v6.1's form above.
 */
int move_freepages_block(struct zone *zone, struct page *page, int old_mt, int new_mt)
{
	unsigned long start_pfn;
	int moved;

	if (!v6_has(V6_C0CD6F557B90))
		return __move_freepages_block_v61(zone, page, new_mt, NULL);
	if (!prep_move_freepages_block(zone, page, &start_pfn, NULL, NULL))
		return -1;
	moved = __move_freepages_block(zone, start_pfn, old_mt, new_mt);
	set_pageblock_migratetype(pfn_to_page(start_pfn), new_mt);
	return moved;
}
