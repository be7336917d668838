/* SPDX-License-Identifier: MIT */
/*
 * setup.h - constructing an era-2 state directly, without replaying its
 * history: what a trace header or a /proc snapshot describes.  Nothing
 * here exists in the kernel; each function says which state it stands
 * for.  They mirror era 1's allocator/setup.h, plus the pcp lists.
 */
#ifndef HATRACE_V6_SETUP_H
#define HATRACE_V6_SETUP_H

#include "mmzone.h"

/*
 * Put the allocated, unowned buddy [pfn, pfn + 2^order) on
 * free_list[order][mt] of its zone, merging as __free_one_page() does
 * (memblock's boot-time free).  Returns 0, or -1 if the range is not an
 * aligned, allocated, unowned range of one zone or @mt is not a type.
 */
int setup_free_buddy(unsigned long pfn, unsigned int order, int mt);
/*
 * Free every allocated, unowned page of [start_pfn, end_pfn) (holes,
 * free pages and owned pages are left alone) in the largest aligned
 * chunks, straight to the buddy lists with their block's type.  Returns
 * the number of pages freed.
 */
unsigned long setup_free_range(unsigned long start_pfn, unsigned long end_pfn);
/*
 * Put the allocated, unowned page of @order at @pfn on @cpu's pcp list
 * of its block's type (H and CMA: MOVABLE), as a free to the pcp that
 * does not reach high would.  Returns 0, or -1 if the page cannot be
 * there (not a pcp order, not aligned, not allocated and unowned,
 * isolated block, no such CPU).
 */
int setup_pcp_page(unsigned long pfn, unsigned int order, unsigned int cpu);
/* Whether @pfn is free: in a free buddy (head or tail) or in a pcp page. */
bool pfn_is_free(unsigned long pfn);
/* Set a pageblock's type outside any allocator path (boot, snapshot). */
void setup_pageblock_type(unsigned long pfn, int mt);
/* Set nr_reserved_highatomic (a state that already drifted, e.g. T4's). */
void setup_reserved_highatomic(struct zone *zone, unsigned long pages);
/*
 * Set NR_FREE_PAGES and leave the lists alone: the difference is taken
 * as per-cpu vmstat deltas not folded in yet (vm_stat_diff), which
 * zone_page_state_snapshot() adds back.
 */
void setup_nr_free_pages(struct zone *zone, unsigned long pages);
/* Set the watermarks of a zone explicitly (e.g. from /proc/zoneinfo). */
void setup_watermarks(struct zone *zone, unsigned long min, unsigned long low,
		      unsigned long high);

#endif /* HATRACE_V6_SETUP_H */
