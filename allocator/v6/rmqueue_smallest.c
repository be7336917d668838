// SPDX-License-Identifier: MIT
/*
 * rmqueue_smallest.c - the search of one migratetype's free lists
 * (mm/page_alloc.c, v6.1 .. v6.19): expand(), page_del_and_expand(),
 * __rmqueue_smallest(), __rmqueue_cma_fallback().  Used by __rmqueue()
 * (rmqueue.c) and by the fallbacks (fallback.c), which it does not call.
 *
 * Accounting as in rmqueue.c: before e0932b6c1f94 (v6.10) the list
 * helpers touch no counter; since, page_del_and_expand() accounts by list
 * type.
 */
#include "rmqueue_int.h"

/*
 * expand(): split the order-@high buddy at @page down to order @low, each
 * upper half onto free_list[@migratetype] (the requested type, whatever
 * the block's).  Returns the pages put back (v6.10; void before).
 */
unsigned int expand(struct zone *zone, struct page *page, unsigned int low,
		    unsigned int high, int migratetype)
{
	unsigned int size = 1u << high;
	unsigned int nr_added = 0;

	while (high > low) {
		high--;
		size >>= 1;
		__add_to_free_list(&page[size], zone, high, migratetype, false);
		set_buddy_order(&page[size], high);
		nr_added += size;
	}
	return nr_added;
}

/*
 * page_del_and_expand() (e0932b6c1f94, v6.10): take the order-@high buddy
 * off free_list[@migratetype], put back what the order-@low allocation
 * leaves, and account the difference; v6.1's del_page_from_free_list() +
 * expand() pair, which accounted nothing.
 */
void page_del_and_expand(struct zone *zone, struct page *page, unsigned int low,
			 unsigned int high, int migratetype)
{
	long nr_pages = 1L << high;

	__del_page_from_free_list(page, zone, high, migratetype);
	nr_pages -= expand(zone, page, low, high, migratetype);
	if (v6_has(V6_E0932B6C1F94))
		account_freepages(zone, -nr_pages, migratetype);
	set_alloc_migratetype(page, migratetype);
}

/* __rmqueue_smallest(): the smallest buddy on @migratetype's own lists. */
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int migratetype)
{
	for (unsigned int current_order = order; current_order < NR_PAGE_ORDERS; ++current_order) {
		struct page *page = get_hinted_page(zone, current_order, migratetype);

		if (!page)
			continue;
		page_del_and_expand(zone, page, order, current_order, migratetype);
		return page;
	}
	return NULL;
}

/* __rmqueue_cma_fallback() (CONFIG_CMA=y) */
struct page *__rmqueue_cma_fallback(struct zone *zone, unsigned int order)
{
	return __rmqueue_smallest(zone, order, MIGRATE_CMA);
}
