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

/* The free buddy of @order on @migratetype's list that holds the hinted pfn, or NULL. */
struct page *hinted_buddy(struct zone *zone, unsigned int order, int migratetype)
{
	unsigned long pfn = contig_page_data.alloc_hint & ~((1UL << order) - 1);
	struct page *page = pfn_to_page(pfn);

	if (page_zone(page) == zone && PageBuddy(page) && buddy_order(page) == order &&
	    page->list_mt == migratetype)
		return page;
	return NULL;
}

/* pcp_hint_to_front()'s search, with a hint set. */
void __pcp_hint_to_front(struct list_head *list, unsigned int order)
{
	struct page *hint = pfn_to_page(contig_page_data.alloc_hint);
	struct list_head *pos;

	if (!(hint->flags & PG_pcp) || hint->private != order)
		return;
	list_for_each(pos, list) {
		if (pos == &hint->lru) {
			list_move(pos, list);
			return;
		}
	}
}
