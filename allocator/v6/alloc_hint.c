// SPDX-License-Identifier: MIT
/*
 * alloc_hint.c - the replay's hint (hatrace compare; hat_model's
 * alloc_hint): the pfn the kernel's allocation got, so that where the
 * model's lists allow it the model takes the kernel's pages rather than
 * its own choice among equals.  The hint picks only which buddy of a list
 * (and which page of a per-cpu list) a request takes, where the kernel
 * takes the first: never which list, order or zone.  Unset (no hint), the
 * core is the kernel's.
 */
#include "page_alloc.h"

void alloc_hint_set(unsigned long pfn)
{
	contig_page_data.has_alloc_hint = pfn_valid(pfn);
	contig_page_data.alloc_hint = pfn;
}

/*
 * get_page_from_free_area() with the hint: the free buddy of @order on
 * @migratetype's list that holds the hinted pfn, else the list's first.
 */
struct page *get_hinted_page(struct zone *zone, unsigned int order, int migratetype)
{
	if (contig_page_data.has_alloc_hint) {
		unsigned long pfn = contig_page_data.alloc_hint & ~((1UL << order) - 1);
		struct page *page = pfn_to_page(pfn);

		if (page_zone(page) == zone && PageBuddy(page) && buddy_order(page) == order &&
		    page->list_mt == migratetype)
			return page;
	}
	return get_page_from_free_area(&zone->free_area[order], migratetype);
}

/* The hinted page of @order first on the per-cpu @list, if it is there. */
void pcp_hint_to_front(struct list_head *list, unsigned int order)
{
	struct list_head *pos;
	struct page *hint;

	if (!contig_page_data.has_alloc_hint)
		return;
	hint = pfn_to_page(contig_page_data.alloc_hint);
	if (!(hint->flags & PG_pcp) || hint->private != order)
		return;
	list_for_each(pos, list) {
		if (pos == &hint->lru) {
			list_move(pos, list);
			return;
		}
	}
}
