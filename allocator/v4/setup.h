/* SPDX-License-Identifier: MIT */
/*
 * setup.h - constructing a state directly, without replaying its history:
 * the "initial state (set directly)" of the spec's reproducers, and what a
 * trace header or a /proc snapshot describes.  Nothing here exists in the
 * kernel; each function says which kernel state it stands for.
 */
#ifndef HATRACE_SETUP_H
#define HATRACE_SETUP_H

#include "mmzone.h"

/*
 * Put the allocated, unowned buddy [pfn, pfn + 2^order) on
 * free_list[order][mt] of its zone, merging as __free_one_page would.
 * Returns 0, or -1 if the range is not an aligned, allocated, in-zone
 * block of one zone.
 */
int setup_free_buddy(unsigned long pfn, unsigned int order, int mt);
/*
 * Free every page of [start_pfn, end_pfn) that is allocated and owned by
 * nobody (pages in holes, free pages and pages with an owner are left
 * alone), in the largest aligned chunks, straight to the buddy lists.
 * Returns the number of pages freed.
 */
unsigned long setup_free_range(unsigned long start_pfn, unsigned long end_pfn);
/* Whether @pfn is free: in a free buddy (head or tail) or on a pcp list. */
bool pfn_is_free(unsigned long pfn);
/* Set a pageblock's type outside any allocator path (boot, snapshot). */
void setup_pageblock_type(unsigned long pfn, int mt);
/*
 * Set nr_reserved_highatomic.  The checker takes the difference from
 * pageblock_nr_pages x H blocks as the starting drift (a state that
 * already drifted, e.g. R3b), so only later changes are reported.
 */
void setup_reserved_highatomic(struct zone *zone, unsigned long pages);
/*
 * Set NR_FREE_PAGES (what zone_page_state() and the watermark checks read)
 * and leave the free lists alone: the difference is taken as per-cpu
 * vmstat deltas not folded in yet (vm_stat_diff), which
 * zone_page_state_snapshot() adds back -- the drift between an OOM
 * report's free: and its per-order lines.
 */
void setup_nr_free_pages(struct zone *zone, unsigned long pages);
/* Set the watermarks of a zone explicitly (e.g. from an OOM report). */
void setup_watermarks(struct zone *zone, unsigned long min, unsigned long low,
		      unsigned long high);

#endif /* HATRACE_SETUP_H */
