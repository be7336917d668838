// SPDX-License-Identifier: MIT
/*
 * pageblock.c - the per-pageblock migratetype bits and moving a block's
 * free buddies between lists: get/set_pageblock_migratetype,
 * move_freepages, move_freepages_block, change_pageblock_range (spec
 * §1.4, §2.1, §2.2).  The bits live in the node, outside any zone, as in
 * SPARSEMEM's mem_section usemap: a block straddling a zone boundary has
 * one type shared by both zones.
 */
#include "page_alloc.h"
#include "events.h"

static inline unsigned long pfn_to_block(unsigned long pfn)
{
	return pfn >> pageblock_order;
}

/* get_pageblock_migratetype(): read without any lock. */
int get_pageblock_migratetype(const struct page *page)
{
	return contig_page_data.pageblock_flags[pfn_to_block(page_to_pfn(page))];
}

/*
 * set_pageblock_migratetype(): with mobility grouping off, every type
 * below MIGRATE_PCPTYPES is stored as UNMOVABLE; HIGHATOMIC and the
 * types above it are stored as they are.
 */
void __set_pageblock_migratetype(struct page *page, int migratetype,
				 const char *caller)
{
	unsigned long block = pfn_to_block(page_to_pfn(page));
	int old;

	BUG_ON(migratetype < 0 || migratetype >= MIGRATE_TYPES);
	if (unlikely(page_group_by_mobility_disabled &&
		     migratetype < MIGRATE_PCPTYPES))
		migratetype = MIGRATE_UNMOVABLE;
	old = contig_page_data.pageblock_flags[block];
	contig_page_data.pageblock_flags[block] = (unsigned char)migratetype;
	model_event(pageblock_retype, block << pageblock_order, old, migratetype, caller);
}

/*
 * move_freepages(): walk [start_page, end_page] and put every free buddy
 * head found there on free_list[its order][migratetype].  Tail pages and
 * allocated pages are stepped over one at a time; nr_free and
 * NR_FREE_PAGES do not change.  Returns the number of pages moved, which
 * can exceed a pageblock when a buddy larger than a block starts inside.
 */
int move_freepages(struct zone *zone, struct page *start_page,
		   struct page *end_page, int migratetype)
{
	struct page *page;
	int pages_moved = 0;

	for (page = start_page; page <= end_page;) {
		unsigned int order;

		if (!PageBuddy(page)) {
			page++;
			continue;
		}
		VM_BUG_ON(page_zone(page) != zone);
		order = page_order(page);
		list_move(&page->lru, &zone->free_area[order].free_list[migratetype]);
		page += 1UL << order;
		pages_moved += 1 << order;
	}
	return pages_moved;
}

/*
 * move_freepages_block(): the block around @page.  A block starting before
 * the zone is walked from @page; a block ending after the zone is not
 * walked at all and 0 is returned (the zone-span checks of spec §2.2).
 */
int move_freepages_block(struct zone *zone, struct page *page, int migratetype)
{
	unsigned long start_pfn, end_pfn;
	struct page *start_page, *end_page;

	start_pfn = page_to_pfn(page) & ~(pageblock_nr_pages - 1);
	start_page = pfn_to_page(start_pfn);
	end_page = start_page + pageblock_nr_pages - 1;
	end_pfn = start_pfn + pageblock_nr_pages - 1;

	if (!zone_spans_pfn(zone, start_pfn))
		start_page = page;
	if (!zone_spans_pfn(zone, end_pfn))
		return 0;

	return move_freepages(zone, start_page, end_page, migratetype);
}

/*
 * change_pageblock_range(): retype every block a large buddy covers.
 * v1-1 routes HIGHATOMIC blocks through dec_highatomic_pageblock().
 */
void change_pageblock_range(struct page *pageblock_page, int start_order,
			    int migratetype)
{
	int nr_pageblocks = 1 << (start_order - (int)pageblock_order);

	while (nr_pageblocks--) {
		if (variant_has(&contig_page_data.variant, PATCH_V1_1) &&
		    get_pageblock_migratetype(pageblock_page) == MIGRATE_HIGHATOMIC)
			dec_highatomic_pageblock(page_zone(pageblock_page),
						 pageblock_page, migratetype);
		else
			set_pageblock_migratetype(pageblock_page, migratetype);
		pageblock_page += pageblock_nr_pages;
	}
}
