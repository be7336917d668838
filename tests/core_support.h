/* SPDX-License-Identifier: MIT */
/*
 * core_support.h - the test helpers both cores' unit tests share
 * (tests/unit/support.h, tests/v6/v6_support.h).  They use only what the
 * two cores name alike (MIGRATE_*, pfn_to_page(), page_to_pfn(),
 * get_pageblock_migratetype(), setup.h's setup_*), so the same text builds
 * against whichever core's headers the test's include path holds.
 *
 * Static inline, so that their checks count in the calling test's ktest
 * counters (ktest.h counts per source file).
 */
#ifndef HATRACE_TESTS_CORE_SUPPORT_H
#define HATRACE_TESTS_CORE_SUPPORT_H

#include "ktest.h"
#include "page_alloc.h"
#include "setup.h"

/* the migratetypes by their pagetypeinfo letters */
enum { U = MIGRATE_UNMOVABLE, M = MIGRATE_MOVABLE, E = MIGRATE_RECLAIMABLE,
       H = MIGRATE_HIGHATOMIC, CMA = MIGRATE_CMA, ISO = MIGRATE_ISOLATE };

/* pageblock_nr_pages of x86-64 (pageblock_order 9): block k = pfns 512k .. 512k+511 */
#define PB	512UL

static inline struct page *pg(unsigned long pfn)
{
	return pfn_to_page(pfn);
}

/* The pfn of @page, -1 for NULL (a failed check, not a crash). */
static inline long pfn_of(const struct page *page)
{
	return page ? (long)page_to_pfn(page) : -1;
}

/* The type of the pageblock of @pfn. */
static inline int block_mt(unsigned long pfn)
{
	return get_pageblock_migratetype(pg(pfn));
}

/* setup_free_buddy(), fatal on error. */
static inline void put_buddy(unsigned long pfn, unsigned int order, int mt)
{
	KT_REQUIRE(setup_free_buddy(pfn, order, mt) == 0);
}

/*
 * Block @blk of PB pages typed @mt; if @order >= 0, one free buddy of
 * @order at its start on @mt's list (order 9: the whole block free).
 */
static inline void make_block(unsigned long blk, int mt, int order)
{
	setup_pageblock_type(blk * PB, mt);
	if (order >= 0)
		put_buddy(blk * PB, (unsigned int)order, mt);
}

/* make_block() of type HIGHATOMIC. */
static inline void make_h(unsigned long blk, int order)
{
	make_block(blk, H, order);
}

#endif /* HATRACE_TESTS_CORE_SUPPORT_H */
