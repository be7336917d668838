// SPDX-License-Identifier: MIT
/*
 * oracle_section.c - what the oracle judges as a zone->lock section
 * closes: the counters against the shadows (I1, H-free, I9), and what the
 * section did to the reserve (H-claim, H-cap, H-grow).  O(1) unless the
 * reserve grew (H-grow walks the zone's H lists then).
 */
#include "oracle_int.h"

void oracle_section_reset(struct v6_oracle_zone *oz)
{
	oz->sec_dec = oz->sec_from_h = 0;
	oz->sec_from_h_func = oz->sec_func = NULL;
	oz->sec_pfn = ~0UL;
	oz->sec_grow = 0;
	oz->sec_h_lo = ~0UL;
	oz->sec_h_hi = 0;
}

unsigned long oracle_h_free_from(const struct zone *zone, unsigned int order,
				 unsigned long lo, unsigned long hi)
{
	unsigned long pages = 0;

	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		const struct list_head *head = &zone->free_area[o].free_list[MIGRATE_HIGHATOMIC];
		const struct list_head *pos;

		for (pos = head->next; pos != head; pos = pos->next) {
			unsigned long pfn = page_to_pfn(list_entry(pos, struct page, lru));

			if (pfn < lo || pfn >= hi)
				pages += 1UL << o;
		}
	}
	return pages;
}

/*
 * I1: the counter against the H blocks.  A block straddling the zone edge
 * may be counted or not (v6.1 reserves one, v6.10 refuses it): the
 * counter must lie between the blocks inside and the blocks touching.
 * Reported once per new mismatch, so that a drift does not flood.
 */
static void check_i1(struct zone *zone, struct v6_oracle_zone *oz, const char *func)
{
	long pb = (long)pageblock_nr_pages;
	long counter = (long)zone->nr_reserved_highatomic - oz->drift_reserved;
	long delta = 0;

	if (counter < oz->h_inside * pb)
		delta = counter - oz->h_inside * pb;
	else if (counter > oz->h_touching * pb)
		delta = counter - oz->h_touching * pb;
	if (delta == oz->i1_reported)
		return;
	oz->i1_reported = delta;
	if (!delta)
		return;
	oracle_report(V6_I1, func, NULL, zone, oz->sec_pfn, (counter - delta) + oz->drift_reserved,
		      (long)zone->nr_reserved_highatomic,
		      "%ld HighAtomic blocks (%ld touching the zone) counted as %lu pages",
		      oz->h_inside, oz->h_touching, zone->nr_reserved_highatomic);
}

static void check_counter(struct zone *zone, enum v6_inv id, const char *what, long counter,
			  long listed, const char *func)
{
	if (counter != listed)
		oracle_report(id, func, NULL, zone, ~0UL, listed, counter,
			      "%s %ld, free lists hold %ld", what, counter, listed);
}

/*
 * The counters against the free pages the events put on the lists.
 * Tolerance: NR_FREE_PAGES_BLOCKS exists only with defrag_mode's series,
 * nr_free_highatomic only with c928807f6f6b.
 */
void oracle_check_counters(struct zone *zone, const char *func)
{
	struct v6_oracle_zone *oz = oracle_zone(zone);

	if (!v6_oracle.enabled || !populated_zone(zone))
		return;
	check_i1(zone, oz, func);
	if (v6_has(V6_C928807F6F6B))
		check_counter(zone, V6_H_FREE, "nr_free_highatomic",
			      (long)zone->nr_free_highatomic - oz->drift_h, oz->free.h, func);
	check_counter(zone, V6_I9, "NR_FREE_PAGES",
		      zone->vm_stat[NR_FREE_PAGES] + zone->vm_stat_diff[NR_FREE_PAGES] -
		      oz->drift_free, oz->free.listed, func);
	check_counter(zone, V6_I9, "NR_FREE_CMA_PAGES",
		      zone->vm_stat[NR_FREE_CMA_PAGES] - oz->drift_cma, oz->free.cma, func);
	if (v6_has(V6_E3AA7DF331BC))
		check_counter(zone, V6_I9, "NR_FREE_PAGES_BLOCKS",
			      zone->vm_stat[NR_FREE_PAGES_BLOCKS] - oz->drift_blocks,
			      oz->free.blocks, func);
}

/*
 * H-cap, judged by the fixed rule (d68e39fc45f7, 9cd20f3fe045): the cap
 * is ALIGN(managed/100, pageblock_nr_pages), and a zone under 100 blocks
 * holds no reserve.  Tolerance: a reservation starts below the cap, so
 * the counter may end what it grew by minus one block past the cap: one
 * block for a two-block buddy typed whole (7cc5a5d65011 on x86-64), three
 * on s390; a one-block growth must stay within it.
 */
static void check_cap(struct zone *zone, struct v6_oracle_zone *oz)
{
	unsigned long pb = pageblock_nr_pages;
	unsigned long cap = zone->managed_pages / 100;
	unsigned long bound = 0;

	if (cap >= pb)
		bound = DIV_ROUND_UP(cap, pb) * pb - pb + max(pb, (unsigned long)oz->sec_grow);
	if (zone->nr_reserved_highatomic <= bound)
		return;
	oracle_report(V6_H_CAP, oz->sec_func, cap < pb ? "small-zone" : "over-cap", zone,
		      oz->sec_pfn, (long)bound, (long)zone->nr_reserved_highatomic,
		      "counter %lu past %lu (managed %lu: %s)", zone->nr_reserved_highatomic,
		      bound, zone->managed_pages,
		      cap < pb ? "under 100 blocks, no reserve" : "cap ALIGN(managed/100)");
}

/*
 * H-grow: the section reserved a block while the zone's H lists held a
 * free buddy of the order just served, outside the blocks it reserved
 * (the request could have been served from the reserve: the 2026
 * "don't increase highatomic reserve after pcp alloc").
 */
static void check_grow(struct zone *zone, struct v6_oracle_zone *oz)
{
	unsigned int order = v6_oracle.alloc_order;
	unsigned long fit = oracle_h_free_from(zone, order, oz->sec_h_lo, oz->sec_h_hi);

	if (!fit)
		return;
	oracle_report(V6_H_GROW, oz->sec_func, NULL, zone, oz->sec_h_lo, 0, (long)fit,
		      "reserve grew to %lu after an order-%u allocation while %lu free pages of order >= %u sat on H lists",
		      zone->nr_reserved_highatomic, order, fit, order);
}

void oracle_section_close(struct zone *zone)
{
	struct v6_oracle_zone *oz = oracle_zone(zone);
	const char *func = oz->sec_func ? oz->sec_func : "spin_unlock";

	if (v6_oracle.enabled) {
		long left = oz->sec_from_h * (long)pageblock_nr_pages;
		/* a decrement clamped at zero: the drift I1 reported, no claim */
		bool clamped = oz->sec_dec > 0 && zone->nr_reserved_highatomic == 0;

		if (left > oz->sec_dec && !clamped) {
			oracle_report(V6_H_CLAIM, func, oz->sec_from_h_func, zone, oz->sec_pfn,
				      left, oz->sec_dec,
				      "%d blocks (%ld pages) left HighAtomic, the counter lost %ld (retyped by %s)",
				      oz->sec_from_h, left, oz->sec_dec, oz->sec_from_h_func);
			/* the phantom blocks are this report's, not I1's */
			oz->drift_reserved += left - oz->sec_dec;
		}
		if (oz->sec_grow > 0) {
			check_cap(zone, oz);
			check_grow(zone, oz);
		}
		oracle_check_counters(zone, func);
	}
	oracle_section_reset(oz);
}

unsigned long oracle_check_cheap(void)
{
	unsigned long before = v6_oracle.count;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		oracle_check_counters(&contig_page_data.node_zones[i], "oracle_check_cheap");
	return v6_oracle.count - before;
}
