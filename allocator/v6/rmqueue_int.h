/* SPDX-License-Identifier: MIT */
/*
 * rmqueue_int.h - what rmqueue.c, rmqueue_smallest.c and fallback.c
 * share and nobody else needs: the pcp migratetype cache of an allocated page before
 * 17edeb5d3f76 (v6.10) removed it.
 */
#ifndef HATRACE_V6_RMQUEUE_INT_H
#define HATRACE_V6_RMQUEUE_INT_H

#include "page_alloc.h"

/*
 * __rmqueue_smallest() (v6.1): set_pcppage_migratetype(page, migratetype),
 * the type of the list the page was taken from.  rmqueue_buddy() and
 * rmqueue_bulk() account the page by it, the free path keeps it.
 */
static inline void set_alloc_migratetype(struct page *page, int migratetype)
{
	if (!v6_has(V6_17EDEB5D3F76))
		set_pcppage_migratetype(page, migratetype);
}

/*
 * The type an allocation is accounted by before e0932b6c1f94: the cached
 * one, or since 17edeb5d3f76 the block's (get_pageblock_migratetype() in
 * rmqueue_buddy() and rmqueue_bulk(), as read in that patch's v2 mail).
 */
static inline int get_alloc_migratetype(const struct page *page)
{
	if (v6_has(V6_17EDEB5D3F76))
		return get_pageblock_migratetype(page);
	return get_pcppage_migratetype(page);
}

#endif /* HATRACE_V6_RMQUEUE_INT_H */
