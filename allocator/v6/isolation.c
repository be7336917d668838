// SPDX-License-Identifier: MIT
/*
 * isolation.c - pageblock isolation (mm/page_isolation.c and its helpers
 * in mm/page_alloc.c): set_migratetype_isolate(),
 * unset_migratetype_isolate(), has_unmovable_pages(),
 * __move_freepages_block_isolate(), __isolate_free_page(),
 * __putback_isolated_page().
 *
 * Three forms:
 *  - v6.1: the block is retyped ISOLATE, its free pages moved to the
 *    ISOLATE lists and NR_FREE_PAGES lowered by the caller; unisolating
 *    moves them to the type the caller names, and an isolated free
 *    buddy of pageblock order or more is taken out and freed again so
 *    that it can merge with its neighbour.
 *  - v6.10 (c0cd6f557b90's series, b54ccd3c6bac): move_freepages_block
 *    for isolation moves with the accounting of move_to_free_list(), and
 *    first splits a free buddy that straddles the block.
 *  - the standalone isolate bit (Zi Yan, V6_ISOLATE_BIT): the block keeps
 *    its type and goes back to it.
 */
#include "page_alloc.h"

#define EBUSY	16

/* find_large_buddy(): a free buddy that starts before @start_pfn and covers it */
static unsigned long find_large_buddy(unsigned long start_pfn)
{
	unsigned int order = start_pfn ? (unsigned int)__builtin_ctzl(start_pfn) : MAX_PAGE_ORDER;
	unsigned long pfn = start_pfn;

	while (!PageBuddy(pfn_to_page(pfn))) {
		if (++order > MAX_PAGE_ORDER)
			return start_pfn;
		pfn &= ~0UL << order;
	}
	if (pfn + (1UL << buddy_order(pfn_to_page(pfn))) > start_pfn)
		return pfn;
	return start_pfn;
}

/* Mark the block isolated or not: the bit, or (before it) the type itself. */
static void toggle_pageblock_isolate(struct page *page, bool isolate, int migratetype)
{
	if (!v6_has(V6_ISOLATE_BIT))
		set_pageblock_migratetype(page, isolate ? MIGRATE_ISOLATE : migratetype);
	else if (isolate)
		set_pageblock_isolate(page);
	else
		clear_pageblock_isolate(page);
}

/*
 * __move_freepages_block_isolate() (v6.10): move the block's free pages
 * to or from the ISOLATE lists; a free buddy larger than the block is
 * split into blocks first, each freed with its own type.  @migratetype is
 * the type an unisolated block gets back without the isolate bit.
 */
static bool __move_freepages_block_isolate(struct zone *zone, struct page *page, bool isolate,
					   int migratetype)
{
	unsigned long start_pfn, buddy_pfn;
	int from_mt, to_mt;

	if (isolate == is_migrate_isolate(get_pageblock_migratetype(page)))
		return false;
	if (!prep_move_freepages_block(zone, page, &start_pfn, NULL, NULL))
		return false;
	buddy_pfn = find_large_buddy(start_pfn);
	if (pageblock_order != MAX_PAGE_ORDER && PageBuddy(pfn_to_page(buddy_pfn)) &&
	    buddy_order(pfn_to_page(buddy_pfn)) > pageblock_order) {
		struct page *buddy = pfn_to_page(buddy_pfn);
		unsigned int order = buddy_order(buddy);

		del_page_from_free_list(buddy, zone, order,
					get_pfnblock_migratetype(buddy, buddy_pfn));
		toggle_pageblock_isolate(page, isolate, migratetype);
		split_large_buddy(zone, buddy, buddy_pfn, order, FPI_NONE);
		return true;
	}
	if (v6_has(V6_ISOLATE_BIT))
		migratetype = get_pageblock_type_raw(page);
	from_mt = isolate ? get_pageblock_migratetype(page) : MIGRATE_ISOLATE;
	to_mt = isolate ? MIGRATE_ISOLATE : migratetype;
	__move_freepages_block(zone, start_pfn, from_mt, to_mt);
	toggle_pageblock_isolate(pfn_to_page(start_pfn), isolate, migratetype);
	return true;
}

/*
 * has_unmovable_pages(): an allocated page that cannot be migrated
 * (neither PG_movable nor free), or a reserved one, in the block.  Free
 * pages (refcount 0: buddies, their tails, pcp pages) are skipped.
 */
static bool has_unmovable_pages(unsigned long start_pfn)
{
	unsigned long pfn = find_large_buddy(start_pfn);

	if (PageBuddy(pfn_to_page(pfn)))
		pfn += 1UL << buddy_order(pfn_to_page(pfn));
	for (pfn = max(pfn, start_pfn); pfn < start_pfn + pageblock_nr_pages;) {
		const struct page *page = pfn_to_page(pfn);

		if (page->flags & (PG_buddy | PG_pcp)) {
			pfn += 1UL << page->private;
			continue;
		}
		if (!(page->flags & PG_movable))
			return true;
		pfn++;
	}
	return false;
}

/*
 * set_migratetype_isolate(): isolate the block of @page unless it is
 * isolated already or holds unmovable pages (-EBUSY).
 */
int set_migratetype_isolate(struct page *page)
{
	struct zone *zone = page_zone(page);
	unsigned long start_pfn = pageblock_start_pfn(page_to_pfn(page));
	int ret = 0;

	spin_lock(&zone->lock);
	if (is_migrate_isolate(get_pageblock_migratetype(page)) ||
	    has_unmovable_pages(start_pfn)) {
		ret = -EBUSY;
	} else if (v6_has(V6_C0CD6F557B90)) {
		if (!__move_freepages_block_isolate(zone, page, true, MIGRATE_ISOLATE))
			ret = -EBUSY;
		else
			zone->nr_isolate_pageblock++;
	} else {
		int mt = get_pageblock_migratetype(page);
		int nr_pages;

		set_pageblock_migratetype(page, MIGRATE_ISOLATE);
		zone->nr_isolate_pageblock++;
		nr_pages = __move_freepages_block_v61(zone, page, MIGRATE_ISOLATE, NULL);
		__mod_zone_freepage_state(zone, -nr_pages, mt);
	}
	spin_unlock(&zone->lock);
	return ret;
}

/*
 * __isolate_free_page() (compaction taking a free buddy), under
 * zone->lock: the min watermark plus the buddy must hold unless the block
 * is isolated; a buddy of half a block or more turns its mergeable blocks
 * MOVABLE (moving their free pages since c0cd6f557b90).  True: taken (the
 * kernel returns the pages taken).
 */
bool __isolate_free_page(struct zone *zone, struct page *page, unsigned int order)
{
	int mt = get_pageblock_migratetype(page);
	long nr = 1L << order;

	if (!is_migrate_isolate(mt) &&
	    !zone_watermark_ok(zone, 0, min_wmark_pages(zone) + (unsigned long)nr, 0, ALLOC_CMA))
		return false;
	if (v6_has(V6_E0932B6C1F94)) {
		del_page_from_free_list(page, zone, order, mt);
	} else {
		if (!is_migrate_isolate(mt))
			__mod_zone_freepage_state(zone, -nr, mt);
		__del_page_from_free_list(page, zone, order, page->list_mt);
	}
	if (order + 1 < pageblock_order)
		return true;
	for (struct page *p = page; p < page + nr; p += pageblock_nr_pages) {
		int bmt = get_pageblock_migratetype(p);

		if (!migratetype_is_mergeable(bmt) || bmt == MIGRATE_MOVABLE)
			continue;
		if (v6_has(V6_C0CD6F557B90))
			move_freepages_block(zone, p, bmt, MIGRATE_MOVABLE);
		else
			set_pageblock_migratetype(p, MIGRATE_MOVABLE);
	}
	return true;
}

/*
 * __isolate_free_page() for a buddy of an isolated block (no watermark
 * check then, nothing counted) and __putback_isolated_page(): off the
 * lists, and freed again at the tail of @migratetype's list.
 */
static void reinsert_isolated_buddy(struct zone *zone, struct page *page, unsigned int order,
				    int migratetype)
{
	if (v6_has(V6_E0932B6C1F94))
		del_page_from_free_list(page, zone, order, MIGRATE_ISOLATE);
	else
		__del_page_from_free_list(page, zone, order, page->list_mt);
	toggle_pageblock_isolate(page, false, migratetype);
	__free_one_page(page, page_to_pfn(page), zone, order, get_pageblock_migratetype(page),
			FPI_SKIP_REPORT_NOTIFY | FPI_TO_TAIL);
}

/*
 * unset_migratetype_isolate(): give the block back, as @migratetype
 * without the isolate bit, as its own type with it.  A free buddy of
 * pageblock order or more whose buddy is not isolated is taken out and
 * freed again, so that the two merge.
 */
void unset_migratetype_isolate(struct page *page, int migratetype)
{
	struct zone *zone = page_zone(page);

	spin_lock(&zone->lock);
	if (!is_migrate_isolate(get_pageblock_migratetype(page)))
		goto out;
	if (PageBuddy(page) && buddy_order(page) >= pageblock_order &&
	    buddy_order(page) < MAX_PAGE_ORDER) {
		struct page *buddy = find_buddy_page_pfn(page, page_to_pfn(page),
							 buddy_order(page), NULL);

		if (buddy && !is_migrate_isolate(get_pageblock_migratetype(buddy))) {
			reinsert_isolated_buddy(zone, page, buddy_order(page), migratetype);
			zone->nr_isolate_pageblock--;
			goto out;
		}
	}
	if (v6_has(V6_C0CD6F557B90)) {
		__move_freepages_block_isolate(zone, page, false, migratetype);
	} else {
		int nr_pages = __move_freepages_block_v61(zone, page, migratetype, NULL);

		__mod_zone_freepage_state(zone, nr_pages, migratetype);
		set_pageblock_migratetype(page, migratetype);
	}
	zone->nr_isolate_pageblock--;
out:
	spin_unlock(&zone->lock);
}
