/* SPDX-License-Identifier: MIT */
/*
 * rmq_support.h - what the allocation-side tests (test_v6_rmqueue,
 * test_v6_fallback, test_v6_pcp_alloc, test_v6_rmqueue_buddy,
 * test_v6_alloc_hint) share on top of v6_support.h: the zone's lock, free
 * buddies of a given type, the node with a pcp, movable pages.
 */
#ifndef HATRACE_TESTS_V6_RMQ_SUPPORT_H
#define HATRACE_TESTS_V6_RMQ_SUPPORT_H

#include "v6_support.h"

/* zone->lock around the calls the kernel makes with it held */
static inline void zlock(void)
{
	spin_lock(&normal()->lock);
}

static inline void zunlock(void)
{
	spin_unlock(&normal()->lock);
}

/* A free buddy of @order at @pfn on @mt's list, its block(s) typed @mt first. */
static inline void put(unsigned long pfn, unsigned int order, int mt)
{
	for (unsigned long b = pfn; b < pfn + (1UL << order); b += pageblock_nr_pages)
		block_type(b, mt);
	KT_REQUIRE(setup_free_buddy(pfn, order, mt) == 0);
}

/*
 * The small node [0, 64), pageblock_order 3, orders 0..4, with @patches,
 * and CPU 0's pcp: a batch of 4, a fixed high (high_min, high_max) of 64.
 */
static inline struct per_cpu_pages *pcp_node(uint64_t patches)
{
	struct per_cpu_pages *pcp;

	small_node(64, 3, 5, patches);
	pcp = this_cpu_pcp(normal());
	pcp->batch = 4;
	pcp->high = pcp->high_min = pcp->high_max = 64;
	return pcp;
}

/* Mark allocated pages [pfn, pfn + n) as movable (PageLRU) for the "alike" count. */
static inline void movable_pages(unsigned long pfn, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		pg(pfn + i)->flags |= PG_movable;
}

/* The block type of @page, -1 for NULL. */
static inline int mt_of(const struct page *page)
{
	return page ? get_pageblock_migratetype(page) : -1;
}

#endif /* HATRACE_TESTS_V6_RMQ_SUPPORT_H */
