// SPDX-License-Identifier: MIT
/*
 * oracle_full.c - the oracle's full checks: every free list, pcp list,
 * pageblock and page of each zone, against the counters and the shadows
 * the events keep (I8, I9, I11, H-list, H-free, I1).
 */
#include "oracle_int.h"

#include <string.h>

#define ON_FREE_LIST	1u
#define ON_PCP_LIST	2u

struct walk {
	unsigned char *seen;	/* per pfn: ON_* */
	struct v6_free_counts free;	/* pages, as the shadows count them */
	/* the pages met on the lists flagged PG_buddy, PG_pcp */
	unsigned long buddies, pcps;
	bool broken;		/* a list did not end, or a page was met twice */
};

static const char *const full = "oracle_check_full";

/*
 * H-list and, with e0932b6c1f94, list type == block type, on every block
 * a free buddy covers (a merged multi-block buddy must be retyped whole:
 * the Gordeev fix, T8).  Tolerance: before v6.10 list and block types of
 * U, M and R differ as a matter of course, and a block straddling the
 * zone keeps its pages where they were when it is retyped.
 */
static void check_buddy_blocks(const struct zone *zone, unsigned long pfn, unsigned int order,
			       int mt)
{
	unsigned long start = pageblock_start_pfn(pfn);
	unsigned long end = start + max(1UL << order, pageblock_nr_pages);
	bool hygiene = v6_has(V6_E0932B6C1F94);

	for (unsigned long b = start; b < end; b += pageblock_nr_pages) {
		int bt = oracle_block_mt(b);

		if (bt == mt)
			continue;
		if (!is_migrate_isolate(mt) && !is_migrate_isolate(bt) &&
		    is_migrate_highatomic(mt) != is_migrate_highatomic(bt) &&
		    (hygiene || oracle_block_in_zone(zone, b))) {
			oracle_report(V6_H_LIST, full, NULL, zone, pfn, bt, mt,
				      "order-%u buddy on free_list[%s] covers a %s block at %lu",
				      order, migratetype_names[mt], migratetype_names[bt], b);
			return;
		}
		if (hygiene) {
			oracle_report(V6_I8, full, "list-type", zone, pfn, bt, mt,
				      "order-%u buddy on free_list[%s] covers a %s block at %lu",
				      order, migratetype_names[mt], migratetype_names[bt], b);
			return;
		}
	}
}

static void check_entry(const struct zone *zone, unsigned long pfn, unsigned int order, int mt)
{
	const struct page *page = pfn_to_page(pfn);

	if (!PageBuddy(page) || buddy_order(page) != order)
		oracle_report(V6_I8, full, "head", zone, pfn, (long)order,
			      PageBuddy(page) ? (long)buddy_order(page) : -1L,
			      "free_list[%u][%s] entry is not a buddy head of order %u",
			      order, migratetype_names[mt], order);
	if (page->list_mt != mt)
		oracle_report(V6_I8, full, "list_mt", zone, pfn, mt, page->list_mt,
			      "order-%u buddy on free_list[%s] says it is on list %d", order,
			      migratetype_names[mt], page->list_mt);
	if (pfn & ((1UL << order) - 1))
		oracle_report(V6_I8, full, "align", zone, pfn, 0,
			      (long)(pfn & ((1UL << order) - 1)),
			      "order-%u buddy not naturally aligned", order);
	if (!zone_spans_pfn(zone, pfn) || !zone_spans_pfn(zone, pfn + (1UL << order) - 1))
		oracle_report(V6_I8, full, "span", zone, pfn, 0, 1,
			      "order-%u buddy not inside the zone", order);
	check_buddy_blocks(zone, pfn, order, mt);
}

/* One free list; returns its entries. */
static unsigned long walk_free_list(const struct zone *zone, unsigned int order, int mt,
				    struct walk *w)
{
	const struct list_head *head = &zone->free_area[order].free_list[mt];
	unsigned long entries = 0, limit = contig_page_data.node_spanned_pages;
	const struct list_head *pos;

	for (pos = head->next; pos != head; pos = pos->next) {
		unsigned long pfn = page_to_pfn(list_entry(pos, struct page, lru));

		if (++entries > limit || pfn >= limit || (w->seen[pfn] & ON_FREE_LIST)) {
			oracle_report(V6_I8, full, "list", zone, pfn < limit ? pfn : ~0UL, 1, 2,
				      "free_list[%u][%s] does not end or holds a page twice",
				      order, migratetype_names[mt]);
			w->broken = true;
			break;
		}
		w->seen[pfn] |= ON_FREE_LIST;
		w->buddies += PageBuddy(pfn_to_page(pfn));
		check_entry(zone, pfn, order, mt);
		free_counts_add(&w->free, order, mt, 1L << order);
	}
	return entries;
}

/*
 * Two free buddies of one order inside one pageblock: __free_one_page()
 * merges them whatever their lists.  Tolerance: from pageblock_order on,
 * free neighbours stay apart when their types did not merge at the free
 * and a later retype (unreserve, claim) made them mergeable: the kernel
 * merges only as it frees.
 */
static void check_missed_merges(const struct zone *zone)
{
	for (unsigned int o = 0; o < pageblock_order && o + 1 < NR_PAGE_ORDERS; o++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			const struct list_head *head = &zone->free_area[o].free_list[mt];
			const struct list_head *pos;

			for (pos = head->next; pos != head; pos = pos->next) {
				unsigned long pfn = page_to_pfn(list_entry(pos, struct page, lru));
				unsigned long buddy = pfn ^ (1UL << o);
				const struct page *bp;

				if (buddy < pfn || !zone_spans_pfn(zone, buddy))
					continue;
				bp = pfn_to_page(buddy);
				if (!PageBuddy(bp) || buddy_order(bp) != o)
					continue;
				oracle_report(V6_I8, full, "merge", zone, pfn, 0, 1,
					      "free order-%u buddies %lu and %lu not merged",
					      o, pfn, buddy);
			}
		}
	}
}

static void check_pcp(const struct zone *zone, unsigned int cpu, struct walk *w)
{
	const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
	unsigned long limit = contig_page_data.node_spanned_pages;
	long pages = 0;

	for (unsigned int pindex = 0; pindex < pcp_nr_lists(); pindex++) {
		const struct list_head *head = &pcp->lists[pindex];
		unsigned int order = pindex_to_order(pindex);
		const struct list_head *pos;
		unsigned long n = 0;

		for (pos = head->next; pos != head; pos = pos->next) {
			const struct page *page = list_entry(pos, struct page, lru);
			unsigned long pfn = page_to_pfn(page);

			if (++n > limit || pfn >= limit || w->seen[pfn]) {
				oracle_report(V6_I11, full, NULL, zone, pfn < limit ? pfn : ~0UL, 1, 2,
					      "cpu %u pcp list %u does not end or holds a page twice",
					      cpu, pindex);
				w->broken = true;
				break;
			}
			w->seen[pfn] |= ON_PCP_LIST;
			w->pcps += !!(page->flags & PG_pcp);
			if (!(page->flags & PG_pcp) || PageBuddy(page) || page->private != order ||
			    page_zone(page) != zone)
				oracle_report(V6_I11, full, NULL, zone, pfn, (long)order,
					      (long)page->private,
					      "cpu %u pcp list %u: entry is not a pcp page of order %u in the zone",
					      cpu, pindex, order);
			pages += 1L << order;
		}
	}
	if (pages != pcp->count)
		oracle_report(V6_I11, full, NULL, zone, ~0UL, pages, pcp->count,
			      "cpu %u pcp count %d, its lists hold %ld pages", cpu, pcp->count, pages);
}

/*
 * Every page of the zone flagged buddy or pcp must have been met on a
 * list: when the lists held as many flagged pages as the zone counts
 * (page_flag_set/clear), there is no other to look for.  Only a flag
 * written past those (a corruption test) escapes the count.
 */
static void check_unlisted(const struct zone *zone, const struct walk *w)
{
	if (w->buddies == zone->nr_buddy_flagged && w->pcps == zone->nr_pcp_flagged)
		return;
	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn++) {
		const struct page *page = pfn_to_page(pfn);

		if (PageBuddy(page) && !(w->seen[pfn] & ON_FREE_LIST))
			oracle_report(V6_I8, full, "unlisted", zone, pfn, 1, 0,
				      "buddy page on no free list");
		if ((page->flags & PG_pcp) && !(w->seen[pfn] & ON_PCP_LIST))
			oracle_report(V6_I11, full, NULL, zone, pfn, 1, 0, "pcp page on no pcp list");
	}
}

/* The shadows the events kept against the walk: an event the core did not send. */
static void check_shadows(const struct zone *zone, const struct walk *w)
{
	const struct v6_oracle_zone *oz = oracle_zone(zone);

	if (w->broken || !memcmp(&oz->free, &w->free, sizeof(w->free)))
		return;
	oracle_report(V6_I8, full, "events", zone, ~0UL, w->free.listed, oz->free.listed,
		      "the free-list events account for %ld pages (%ld H), the lists hold %ld (%ld H)",
		      oz->free.listed, oz->free.h, w->free.listed, w->free.h);
}

static void check_zone_full(struct zone *zone, unsigned char *seen)
{
	struct v6_oracle_zone *oz = oracle_zone(zone);
	struct walk w = { .seen = seen };

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		unsigned long entries = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			entries += walk_free_list(zone, o, mt, &w);
		if (!w.broken && entries != zone->free_area[o].nr_free)
			oracle_report(V6_I8, full, "nr_free", zone, ~0UL, (long)entries,
				      (long)zone->free_area[o].nr_free,
				      "nr_free[%u] differs from the entries on its lists", o);
	}
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		check_pcp(zone, cpu, &w);
	if (w.broken)
		return;
	check_unlisted(zone, &w);
	check_missed_merges(zone);
	check_shadows(zone, &w);
	/* the counters against the walk, as the section checks judge them */
	oz->free = w.free;
	oracle_check_counters(zone, full);
}

unsigned long oracle_check_full(void)
{
	unsigned long before = v6_oracle.count;
	unsigned char *seen = calloc(contig_page_data.node_spanned_pages + 1, 1);

	BUG_ON(!seen);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &contig_page_data.node_zones[i];

		if (!populated_zone(zone))
			continue;
		check_zone_full(zone, seen);
	}
	free(seen);
	return v6_oracle.count - before;
}
