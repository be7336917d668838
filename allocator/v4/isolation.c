// SPDX-License-Identifier: MIT
/*
 * isolation.c - compaction's free-page isolation (__isolate_free_page,
 * mm/page_alloc.c) and pageblock isolation (set_migratetype_isolate,
 * unset_migratetype_isolate, mm/page_isolation.c).  Spec §2.15, §2.16.
 *
 * The kernel calls __isolate_free_page with zone->lock held; here it
 * takes the lock itself so that a caller can use it as one step.
 */
#include "events.h"
#include "page_alloc.h"

#define variant_on(p)	variant_has(&contig_page_data.variant, (p))

static int isolate_free_page_locked(struct zone *zone, struct page *page,
				    unsigned int order)
{
	int mt = get_pageblock_migratetype(page);

	if (!is_migrate_isolate(mt)) {
		/* obey the watermark as an order-0 allocation would (no HARDER) */
		unsigned long watermark = min_wmark_pages(zone) + (1UL << order);

		if (!zone_watermark_ok(zone, 0, watermark, 0, ALLOC_CMA))
			return 0;
		__mod_zone_freepage_state(zone, -(1L << order), mt);
	}

	list_del(&page->lru);
	zone->free_area[order].nr_free--;
	rmv_page_order(page);

	/* a page of (almost) a whole block makes its blocks MOVABLE */
	if (order >= pageblock_order - 1) {
		struct page *endpage = page + (1UL << order) - 1;

		for (struct page *p = page; p < endpage; p += pageblock_nr_pages) {
			int bmt = get_pageblock_migratetype(p);

			if (is_migrate_isolate(bmt) || is_migrate_cma(bmt))
				continue;
			if (bmt == MIGRATE_HIGHATOMIC) {
				if (variant_on(PATCH_88ED365EA227))
					continue;	/* 88ed365ea227: leave H alone */
				if (variant_on(PATCH_V1_1)) {
					dec_highatomic_pageblock(zone, p, MIGRATE_MOVABLE);
					continue;
				}
			}
			__set_pageblock_migratetype(p, MIGRATE_MOVABLE, "__isolate_free_page");
		}
	}
	return 1 << order;
}

/*
 * __isolate_free_page(): take a free buddy off its list for compaction.
 * Returns the number of pages isolated, 0 if the watermark refused.
 */
int __isolate_free_page(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	int ret;

	BUG_ON(!PageBuddy(page) || page_order(page) != order);
	spin_lock(&zone->lock);
	ret = isolate_free_page_locked(zone, page, order);
	spin_unlock(&zone->lock);
	return ret;
}

/*
 * set_migratetype_isolate(): the block becomes ISOLATE and its free pages
 * leave NR_FREE_PAGES.  Nothing here touches nr_reserved_highatomic: an H
 * block isolated this way leaves the counter too high (tolerated drift,
 * spec §2.16).  has_unmovable_pages() is not modelled (every page in use
 * counts as movable), so it always succeeds and returns 0.
 *
 * v4.9 has no "already isolated" check (2c7452a075d4 added its -EBUSY in
 * v4.17): a block isolated again is counted in nr_isolate_pageblock once
 * more, and its free pages, already on ISOLATE lists and out of
 * NR_FREE_PAGES, are moved and taken off NR_FREE_PAGES a second time.  One
 * unset_migratetype_isolate() undoes one of each, the next finds the block
 * no longer isolated: NR_FREE_PAGES stays that much too low and
 * has_isolate_pageblock() true.  The checker counts those pages as drift.
 */
int set_migratetype_isolate(struct page *page)
{
	struct zone *zone = page_zone(page);
	int migratetype, nr_pages;

	spin_lock(&zone->lock);
	migratetype = get_pageblock_migratetype(page);
	set_pageblock_migratetype(page, MIGRATE_ISOLATE);
	zone->nr_isolate_pageblock++;
	nr_pages = move_freepages_block(zone, page, MIGRATE_ISOLATE);
	__mod_zone_freepage_state(zone, -nr_pages, migratetype);
	if (is_migrate_isolate(migratetype))
		model_event(free_drift, zone, nr_pages);
	spin_unlock(&zone->lock);
	drain_all_pages(zone);
	return 0;
}

/*
 * unset_migratetype_isolate(): back to @migratetype.  A free buddy of a
 * block or more that could not merge across the isolation boundary is
 * taken off and freed again so that it merges now.
 */
void unset_migratetype_isolate(struct page *page, int migratetype)
{
	struct zone *zone = page_zone(page);
	struct page *isolated_page = NULL;
	unsigned int order = 0;

	spin_lock(&zone->lock);
	if (!is_migrate_isolate(get_pageblock_migratetype(page))) {
		spin_unlock(&zone->lock);
		return;
	}
	if (PageBuddy(page)) {
		order = page_order(page);
		if (order >= pageblock_order) {
			unsigned long buddy_pfn = page_to_pfn(page) ^ (1UL << order);

			if (pfn_valid(buddy_pfn) &&
			    !is_migrate_isolate(get_pageblock_migratetype(pfn_to_page(buddy_pfn)))) {
				isolate_free_page_locked(zone, page, order);
				isolated_page = page;
			}
		}
	}
	if (!isolated_page) {
		int nr_pages = move_freepages_block(zone, page, migratetype);

		__mod_zone_freepage_state(zone, nr_pages, migratetype);
	}
	set_pageblock_migratetype(page, migratetype);
	zone->nr_isolate_pageblock--;
	spin_unlock(&zone->lock);
	if (isolated_page)
		__free_pages(isolated_page, order);
}
