// SPDX-License-Identifier: MIT
/*
 * setup.c - direct state construction (see setup.h).
 */
#include "setup.h"
#include "events.h"
#include "page_alloc.h"

bool pfn_is_free(unsigned long pfn)
{
	if (!pfn_valid(pfn))
		return false;
	if (pfn_to_page(pfn)->flags & PG_pcp)
		return true;
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		unsigned long head = pfn & ~((1UL << o) - 1);
		const struct page *h = pfn_to_page(head);

		if (PageBuddy(h) && head + (1UL << page_order(h)) > pfn)
			return true;
	}
	return false;
}

int setup_free_buddy(unsigned long pfn, unsigned int order, int mt)
{
	struct zone *zone;

	if (order >= MAX_ORDER || mt < 0 || mt >= MIGRATE_TYPES ||
	    (pfn & ((1UL << order) - 1)) || !pfn_valid(pfn + (1UL << order) - 1))
		return -1;
	zone = pfn_zone(pfn);
	if (!zone || pfn_zone(pfn + (1UL << order) - 1) != zone)
		return -1;
	for (unsigned long i = 0; i < (1UL << order); i++) {
		const struct page *p = pfn_to_page(pfn + i);

		if (p->flags || p->owner || pfn_is_free(pfn + i))
			return -1;
	}
	/* as the boot-time free of memblock ranges: straight to the buddy lists */
	spin_lock(&zone->lock);
	__free_one_page(pfn_to_page(pfn), pfn, zone, order, mt);
	spin_unlock(&zone->lock);
	return 0;
}

void setup_pageblock_type(unsigned long pfn, int mt)
{
	set_pageblock_migratetype(pfn_to_page(pfn & ~(pageblock_nr_pages - 1)), mt);
}

void setup_reserved_highatomic(struct zone *zone, unsigned long pages)
{
	zone->nr_reserved_highatomic = pages;
	model_event(counter_set, zone);
}

void setup_nr_free_pages(struct zone *zone, unsigned long pages)
{
	zone->vm_stat_diff[NR_FREE_PAGES] += zone->vm_stat[NR_FREE_PAGES] - (long)pages;
	zone->vm_stat[NR_FREE_PAGES] = (long)pages;
}

void setup_watermarks(struct zone *zone, unsigned long min, unsigned long low,
		      unsigned long high)
{
	zone->watermark[WMARK_MIN] = min;
	zone->watermark[WMARK_LOW] = low;
	zone->watermark[WMARK_HIGH] = high;
}

static bool page_freeable(const struct page *p, const struct zone *zone)
{
	return p->zone == (signed char)zone->idx && !p->flags && !p->owner;
}

/*
 * Chunks grow by their upper half, checked page by page without
 * pfn_is_free(): a free buddy holding a page of that half either starts
 * inside it (its head, PG_buddy, is met first) or, being aligned as the
 * chunk is, contains the whole chunk and so its first page, which was
 * checked in full.
 */
unsigned long setup_free_range(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn = start_pfn, freed = 0;

	if (end_pfn > contig_page_data.node_spanned_pages)
		end_pfn = contig_page_data.node_spanned_pages;
	while (pfn < end_pfn) {
		struct zone *zone = pfn_zone(pfn);
		const struct page *page = pfn_to_page(pfn);
		unsigned int order = 0;

		if (PageBuddy(page)) {
			pfn += 1UL << page_order(page);	/* a free buddy: past it */
			continue;
		}
		if (!zone || !page_freeable(page, zone) || pfn_is_free(pfn)) {
			pfn++;
			continue;
		}
		/* grow the chunk while it stays aligned, in range and freeable */
		while (order + 1 < MAX_ORDER && !(pfn & ((1UL << (order + 1)) - 1)) &&
		       pfn + (1UL << (order + 1)) <= end_pfn) {
			unsigned long half = pfn + (1UL << order);
			bool ok = true;

			for (unsigned long q = half; q < half + (1UL << order) && ok; q++)
				ok = page_freeable(pfn_to_page(q), zone);
			if (!ok)
				break;
			order++;
		}
		spin_lock(&zone->lock);
		__free_one_page(pfn_to_page(pfn), pfn, zone, order,
				get_pageblock_migratetype(pfn_to_page(pfn)));
		spin_unlock(&zone->lock);
		freed += 1UL << order;
		pfn += 1UL << order;
	}
	return freed;
}
