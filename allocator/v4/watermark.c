// SPDX-License-Identifier: MIT
/*
 * watermark.c - __zone_watermark_ok, zone_watermark_ok and
 * zone_watermark_fast (spec §2.9).  All arithmetic is signed, as in the
 * kernel: free counts may go negative after the subtractions.
 */
#include "page_alloc.h"

/*
 * __zone_watermark_ok(): @free_pages minus what this request may not use
 * must stay above the mark plus the lowmem reserve.  A caller without
 * ALLOC_HARDER may not use the reserve, so the whole counter is
 * subtracted (an over-estimate that saves walking the H lists).  For
 * order > 0, a buddy of that order must exist on a list the caller may
 * use: any list with ALLOC_HARDER, never a HIGHATOMIC list without it.
 */
bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int classzone_idx, unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;
	const bool alloc_harder = (alloc_flags & ALLOC_HARDER) != 0;

	free_pages -= (1L << order) - 1;
	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (likely(!alloc_harder))
		free_pages -= (long)z->nr_reserved_highatomic;
	else
		min -= min / 4;
	if (!(alloc_flags & ALLOC_CMA))
		free_pages -= (long)zone_page_state(z, NR_FREE_CMA_PAGES);

	if (free_pages <= min + z->lowmem_reserve[classzone_idx])
		return false;
	if (!order)
		return true;

	for (unsigned int o = order; o < MAX_ORDER; o++) {
		struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		if (alloc_harder)
			return true;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!list_empty(&area->free_list[mt]))
				return true;
		if ((alloc_flags & ALLOC_CMA) &&
		    !list_empty(&area->free_list[MIGRATE_CMA]))
			return true;
	}
	return false;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int classzone_idx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, classzone_idx, alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

/*
 * zone_watermark_fast(): the order-0 shortcut of get_page_from_freelist.
 * It does NOT subtract the highatomic reserve (only v5.9's f27ce0e14088
 * made it), so a zone whose free pages are all HIGHATOMIC passes it.
 */
bool zone_watermark_fast(struct zone *z, unsigned int order, unsigned long mark,
			 int classzone_idx, unsigned int alloc_flags)
{
	long free_pages = (long)zone_page_state(z, NR_FREE_PAGES);
	long cma_pages = 0;

	if (!(alloc_flags & ALLOC_CMA))
		cma_pages = (long)zone_page_state(z, NR_FREE_CMA_PAGES);
	if (!order && (free_pages - cma_pages) >
		      (long)mark + z->lowmem_reserve[classzone_idx])
		return true;
	return __zone_watermark_ok(z, order, mark, classzone_idx, alloc_flags,
				   free_pages);
}
