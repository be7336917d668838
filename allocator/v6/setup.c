// SPDX-License-Identifier: MIT
/*
 * setup.c - direct state construction for the era-2 core (see setup.h).
 */
#include "setup.h"
#include "events.h"
#include "page_alloc.h"

/* The buddy head whose range holds @pfn, if any. */
static const struct page *covering_buddy(unsigned long pfn)
{
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		const struct page *head = pfn_to_page(pfn & ~((1UL << o) - 1));

		if (PageBuddy(head) && buddy_order(head) >= o)
			return head;
	}
	return NULL;
}

/* The pcp page whose range holds @pfn, if any. */
static const struct page *covering_pcp_page(unsigned long pfn)
{
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		const struct page *head = pfn_to_page(pfn & ~((1UL << o) - 1));

		if ((head->flags & PG_pcp) && head->private >= o)
			return head;
	}
	return NULL;
}

bool pfn_is_free(unsigned long pfn)
{
	return pfn_valid(pfn) && (covering_buddy(pfn) || covering_pcp_page(pfn));
}

/* In @zone, no flag (PG_buddy, PG_pcp: no free head), owned by nobody. */
static bool page_clear(unsigned long pfn, const struct zone *zone)
{
	const struct page *page = pfn_to_page(pfn);

	return page_zone(page) == zone && !page->flags && !page->owner;
}

/* Allocated, owned by nobody, not free: what the boot leaves to memblock_free_all(). */
static bool page_unused(unsigned long pfn, const struct zone *zone)
{
	return page_clear(pfn, zone) && !pfn_is_free(pfn);
}

/* [pfn, pfn + 2^order) aligned, inside one zone and unused: that zone. */
static struct zone *unused_range_zone(unsigned long pfn, unsigned int order)
{
	struct zone *zone;

	if (order >= NR_PAGE_ORDERS || (pfn & ((1UL << order) - 1)) ||
	    !pfn_valid(pfn + (1UL << order) - 1))
		return NULL;
	zone = pfn_zone(pfn);
	if (!zone)
		return NULL;
	for (unsigned long i = 0; i < (1UL << order); i++)
		if (!page_unused(pfn + i, zone))
			return NULL;
	return zone;
}

static void free_to_buddy(struct zone *zone, unsigned long pfn, unsigned int order, int mt)
{
	spin_lock(&zone->lock);
	__free_one_page(pfn_to_page(pfn), pfn, zone, order, mt, FPI_NONE);
	spin_unlock(&zone->lock);
}

int setup_free_buddy(unsigned long pfn, unsigned int order, int mt)
{
	struct zone *zone = unused_range_zone(pfn, order);

	if (!zone || mt < 0 || mt >= MIGRATE_TYPES)
		return -1;
	free_to_buddy(zone, pfn, order, mt);
	return 0;
}

/*
 * The largest order a chunk at @pfn (unused) can have: aligned, within
 * @end_pfn, every page unused.  A chunk grows by its upper half, and a
 * free buddy or pcp page met there ends the growth.  page_clear() is
 * enough: a free range holding a page of the half, aligned to its order,
 * either starts inside the half, at or before that page, with a flag the
 * scan stops at, or is larger than the half and holds @pfn, which is not
 * free.  (page_unused() walks every order for every page.)
 */
static unsigned int largest_unused_order(unsigned long pfn, unsigned long end_pfn,
					 const struct zone *zone)
{
	unsigned int order = 0;

	while (order + 1 < NR_PAGE_ORDERS && !(pfn & ((2UL << order) - 1)) &&
	       pfn + (2UL << order) <= end_pfn) {
		unsigned long upper = pfn + (1UL << order);
		unsigned long q = upper;

		while (q < upper + (1UL << order) && page_clear(q, zone))
			q++;
		if (q < upper + (1UL << order))
			break;
		order++;
	}
	return order;
}

unsigned long setup_free_range(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long freed = 0;

	end_pfn = min(end_pfn, contig_page_data.node_spanned_pages);
	for (unsigned long pfn = start_pfn; pfn < end_pfn;) {
		struct zone *zone = pfn_zone(pfn);
		const struct page *head = covering_buddy(pfn);
		unsigned int order;

		if (head) {
			pfn = page_to_pfn(head) + (1UL << buddy_order(head));
			continue;
		}
		if (!zone || !page_unused(pfn, zone)) {
			pfn++;
			continue;
		}
		order = largest_unused_order(pfn, end_pfn, zone);
		free_to_buddy(zone, pfn, order,
			      get_pfnblock_migratetype(pfn_to_page(pfn), pfn));
		freed += 1UL << order;
		pfn += 1UL << order;
	}
	return freed;
}

int setup_pcp_page(unsigned long pfn, unsigned int order, unsigned int cpu)
{
	struct zone *zone = unused_range_zone(pfn, order);
	struct page *page = pfn_to_page(pfn);
	struct per_cpu_pages *pcp;
	unsigned int pindex;
	int mt;

	if (!zone || !pcp_allowed_order(order) || cpu >= nr_cpu_ids)
		return -1;
	mt = get_pfnblock_migratetype(page, pfn);
	if (is_migrate_isolate(mt))
		return -1;
	set_pcppage_migratetype(page, mt);
	pindex = order_to_pindex(mt >= MIGRATE_PCPTYPES ? MIGRATE_MOVABLE : mt, order);
	pcp = &zone->per_cpu_pageset[cpu];
	list_add_tail(&page->lru, &pcp->lists[pindex]);
	page_flag_set(page, PG_pcp);
	page->private = (unsigned char)order;
	pcp->count += 1 << order;
	V6_EVENT(pcp, zone, cpu, pfn, order, pindex, true);
	return 0;
}

void setup_pageblock_type(unsigned long pfn, int mt)
{
	set_pageblock_migratetype(pfn_to_page(pageblock_start_pfn(pfn)), mt);
}

void setup_reserved_highatomic(struct zone *zone, unsigned long pages)
{
	long delta = (long)pages - (long)zone->nr_reserved_highatomic;

	zone->nr_reserved_highatomic = pages;
	V6_COUNTER_EVENT(zone, CNT_NR_RESERVED_HIGHATOMIC, delta, __func__);
}

void setup_nr_free_pages(struct zone *zone, unsigned long pages)
{
	zone->vm_stat_diff[NR_FREE_PAGES] += zone->vm_stat[NR_FREE_PAGES] - (long)pages;
	zone->vm_stat[NR_FREE_PAGES] = (long)pages;
}

void setup_watermarks(struct zone *zone, unsigned long min, unsigned long low,
		      unsigned long high)
{
	const unsigned long marks[] = { [WMARK_MIN] = min, [WMARK_LOW] = low, [WMARK_HIGH] = high };

	for (int w = WMARK_MIN; w <= WMARK_HIGH; w++)
		zone->_watermark[w] = marks[w];
	zone_pcp_update(zone, 0);	/* setup_per_zone_wmarks(): pcp high follows the low mark */
}
