// SPDX-License-Identifier: MIT
/*
 * test_v6_rmqueue.c - expand(), page_del_and_expand(), __rmqueue_smallest(),
 * __rmqueue() (CMA balancing, the v6.15 modes and their memo) and
 * rmqueue_bulk() (accounting, pcp marks, T11's claim scans with and
 * without "speed up fallbacks in rmqueue_bulk()").
 *
 * Node: one Normal zone [0, 64), pageblock_order 3 (blocks of 8, block k =
 * [8k, 8k + 8)), orders 0..4, every page allocated until put() frees it.
 */
#include "rmq_support.h"

#define SW_V618		preset("v6.18")

static void node(uint64_t patches)
{
	small_node(64, 3, 5, patches);
}

/* expand(): halves of an order-3 buddy go to orders 2, 1, 0 at 4, 2, 1. */
static void test_expand_halves(void)
{
	struct zone *z;
	unsigned int added;

	node(SW_HYGIENE);
	z = normal();
	put(0, 3, M);
	ev_reset();
	zlock();
	__del_page_from_free_list(pg(0), z, 3, M);
	added = expand(z, pg(0), 0, 3, M);
	zunlock();
	KT_EQ(added, 7);
	KT_EQ(first_on(z, 2, M), 4);
	KT_EQ(first_on(z, 1, M), 2);
	KT_EQ(first_on(z, 0, M), 1);
	KT_EQ(buddy_order(pg(4)), 2);
	KT_ASSERT(PageBuddy(pg(1)) && !PageBuddy(pg(0)));
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 0);
}

/*
 * The halves go on the REQUESTED type's lists: in v6.1 silently, with
 * e0932b6c1f94 each one trips the free-list type warning.
 */
static void test_expand_requested_type(void)
{
	static const struct {
		uint64_t patches;
		int warns;
	} cases[] = {
		{ SW_V610, 0 },
		{ SW_HYGIENE, 3 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct zone *z;

		node(cases[i].patches);
		z = normal();
		put(8, 3, M);
		ev_reset();
		zlock();
		__del_page_from_free_list(pg(8), z, 3, M);
		expand(z, pg(8), 0, 3, U);
		zunlock();
		KT_EQ(list_count(z, 2, U), 1);
		KT_EQ(list_count(z, 2, M), 0);
		KT_EQ(ev.warns[WARN_FREELIST_TYPE], cases[i].warns);
	}
}

/*
 * page_del_and_expand(): with e0932b6c1f94 it takes the net pages out of
 * NR_FREE_PAGES; in v6.1 it accounts nothing and caches the list type
 * in the page for rmqueue_buddy()/rmqueue_bulk() (17edeb5d3f76 removed
 * the cache).
 */
static void test_page_del_and_expand(void)
{
	static const struct {
		uint64_t patches;
		long accounted;		/* taken out of NR_FREE_PAGES */
		int cached;		/* the pcp type cache afterwards */
	} cases[] = {
		{ SW_HYGIENE, 2, U },
		{ SW_V610, 0, M },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		long before;

		node(cases[i].patches);
		put(0, 3, M);
		before = nr_free();
		set_pcppage_migratetype(pg(0), U);
		zlock();
		page_del_and_expand(normal(), pg(0), 1, 3, M);
		zunlock();
		KT_EQ(nr_free(), before - cases[i].accounted);
		KT_EQ(first_on(normal(), 1, M), 2);
		KT_EQ(first_on(normal(), 2, M), 4);
		KT_EQ(get_pcppage_migratetype(pg(0)), cases[i].cached);
	}
}

/* __rmqueue_smallest(): the smallest order with a page of the type asked. */
static void test_rmqueue_smallest(void)
{
	struct zone *z;

	node(SW_HYGIENE);
	z = normal();
	put(8, 1, M);
	put(16, 3, M);
	put(24, 0, H);
	zlock();
	KT_EQ(pfn_of(__rmqueue_smallest(z, 0, M)), 8);
	KT_EQ(first_on(z, 0, M), 9);
	KT_EQ(pfn_of(__rmqueue_smallest(z, 2, M)), 16);
	KT_EQ(first_on(z, 2, M), 20);
	KT_EQ(pfn_of(__rmqueue_smallest(z, 0, U)), -1);
	KT_EQ(pfn_of(__rmqueue_smallest(z, 3, M)), -1);
	KT_EQ(pfn_of(__rmqueue_smallest(z, 0, H)), 24);
	zunlock();
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 0);
}

static struct page *rmq(unsigned int order, int mt, unsigned int alloc_flags,
			enum rmqueue_mode *mode)
{
	struct page *page;

	zlock();
	page = __rmqueue(normal(), order, mt, alloc_flags, mode);
	zunlock();
	return page;
}

/*
 * CMA balancing: a MOVABLE request with ALLOC_CMA takes CMA first while
 * CMA holds over half the free pages; otherwise CMA only when the
 * requested lists are empty (mode CMA remembered).
 */
static void test_rmqueue_cma_balance(void)
{
	enum rmqueue_mode mode = RMQUEUE_NORMAL;

	node(SW_V618);
	put(0, 3, CMA);		/* 8 CMA of 10 free */
	put(8, 1, M);
	KT_EQ(mt_of(rmq(0, M, ALLOC_CMA, &mode)), CMA);
	KT_EQ(pfn_of(rmq(0, M, 0, &mode)), 8);

	node(SW_V618);
	put(0, 0, CMA);		/* 1 CMA of 9 free */
	put(8, 3, M);
	KT_EQ(pfn_of(rmq(0, M, ALLOC_CMA, &mode)), 8);
	KT_EQ(mode, RMQUEUE_NORMAL);

	node(SW_V618);
	put(0, 0, CMA);		/* 1 CMA of 9 free, no MOVABLE */
	put(8, 3, U);
	KT_EQ(pfn_of(rmq(0, M, ALLOC_CMA, &mode)), 0);
	KT_EQ(mode, RMQUEUE_CMA);
}

/* Four order-0 frees at 8, 10, 12, 14 in UNMOVABLE block 1: steal fodder. */
static void scattered_unmovable(void)
{
	for (unsigned long pfn = 8; pfn < 16; pfn += 2)
		put(pfn, 0, U);
}

static bool in_block1(const struct page *page)
{
	return page && page_to_pfn(page) >= 8 && page_to_pfn(page) < 16;
}

/*
 * The modes (v6.15): a STEAL success is remembered, and with the memo
 * (V6_90ABEE6D7895) the next call steals again although the requested
 * lists now have a page; without it every call starts at NORMAL.
 */
static void test_rmqueue_mode_memo(void)
{
	static const struct {
		bool memo;
		bool steals_again;
	} cases[] = { { true, true }, { false, false } };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		enum rmqueue_mode mode = RMQUEUE_NORMAL;
		uint64_t patches = SW_V618;
		struct page *page;

		if (!cases[i].memo)
			patches &= ~SW(90ABEE6D7895);
		node(patches);
		scattered_unmovable();
		page = rmq(0, M, 0, &mode);
		KT_ASSERT(in_block1(page));
		KT_EQ(block_mt(8), U);
		KT_EQ(mode, RMQUEUE_STEAL);
		put(16, 0, M);
		page = rmq(0, M, 0, &mode);
		KT_EQ(in_block1(page), cases[i].steals_again);
		KT_EQ(pfn_of(page) == 16, !cases[i].steals_again);
	}
}

/* A CLAIM success refilled the requested lists: back to NORMAL. */
static void test_rmqueue_claim_resets_mode(void)
{
	enum rmqueue_mode mode = RMQUEUE_CLAIM;

	node(SW_V618);
	put(8, 2, U);		/* half of block 1 free: claimable */
	KT_ASSERT(in_block1(rmq(0, M, 0, &mode)));
	KT_EQ(block_mt(8), M);
	KT_EQ(mode, RMQUEUE_NORMAL);
	/* ALLOC_NOFRAGMENT: no STEAL mode, whole blocks only */
	node(SW_V618);
	scattered_unmovable();
	mode = RMQUEUE_NORMAL;
	KT_EQ(pfn_of(rmq(0, M, ALLOC_NOFRAGMENT, &mode)), -1);
}

static int bulk(unsigned long count, int mt, struct list_head *list)
{
	INIT_LIST_HEAD(list);
	return rmqueue_bulk(normal(), 0, count, list, mt, 0);
}

/*
 * rmqueue_bulk(): the pages go to the list's tail marked as pcp pages
 * (order in private), one pcp event each; NR_FREE_PAGES drops by exactly
 * what was taken in both accounting eras; it stops at the first failure.
 */
static void test_rmqueue_bulk(void)
{
	static const uint64_t eras[] = { SW_V610, SW_HYGIENE };

	for (size_t i = 0; i < ARRAY_SIZE(eras); i++) {
		struct list_head list, *pos;
		struct page *page;
		unsigned long expect = 0;

		node(eras[i]);
		put(0, 3, M);
		ev_reset();
		KT_EQ(bulk(3, M, &list), 3);
		KT_EQ(nr_free(), 5);
		KT_EQ(ev.pcp_adds, 3);
		list_for_each(pos, &list) {
			page = list_entry(pos, struct page, lru);
			KT_EQ(page_to_pfn(page), expect++);
			KT_ASSERT(page->flags & PG_pcp);
			KT_ASSERT(!PageBuddy(page));
		}
		KT_EQ(bulk(10, M, &list), 5);
		KT_EQ(nr_free(), 0);
	}
}

/* ... and the CMA counter for pages of CMA blocks (v6.1: by the cached type). */
static void test_rmqueue_bulk_cma(void)
{
	static const uint64_t eras[] = { SW_V610, SW_HYGIENE };

	for (size_t i = 0; i < ARRAY_SIZE(eras); i++) {
		struct list_head list;

		node(eras[i]);
		put(0, 1, CMA);
		KT_EQ(zone_page_state(normal(), NR_FREE_CMA_PAGES), 2);
		INIT_LIST_HEAD(&list);
		KT_EQ(rmqueue_bulk(normal(), 0, 1, &list, M, ALLOC_CMA), 1);
		KT_EQ(zone_page_state(normal(), NR_FREE_CMA_PAGES), 1);
		KT_EQ(nr_free(), 1);
	}
}

/*
 * T11: a refill of 4 order-0 MOVABLE pages from a block of scattered
 * UNMOVABLE singles.  Each claim scan looks at orders 4..0 (the last one
 * -2).  With the mode memo only the first __rmqueue() scans (5); without
 * it, and before v6.15 (__rmqueue_fallback()'s top-down scan), all four
 * do (20).
 */
static void test_t11_claim_scans(void)
{
	static const struct {
		const char *preset;
		uint64_t without;
		unsigned long scans;
	} cases[] = {
		{ "v6.18", 0, 5 },
		{ "v6.18", SW(90ABEE6D7895), 20 },
		{ "v6.12", 0, 20 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct list_head list, *pos;

		node(preset(cases[i].preset) & ~cases[i].without);
		scattered_unmovable();
		contig_page_data.claim_scans = 0;
		KT_EQ(bulk(4, M, &list), 4);
		KT_EQ(contig_page_data.claim_scans, cases[i].scans);
		list_for_each(pos, &list)
			KT_ASSERT(in_block1(list_entry(pos, struct page, lru)));
		KT_EQ(block_mt(8), U);
	}
}

/*
 * A refill of 24 order-0 MOVABLE pages from three whole free UNMOVABLE
 * blocks: with the mode memo each claim takes a block and the refill
 * claims again once the block is used up.  Three claims that succeed
 * (orders 4, 3 each: 6 orders) waste no scan: none counts.
 */
static void test_claims_not_counted(void)
{
	struct list_head list;

	node(SW_V618);
	put(8, 3, U);
	put(24, 3, U);
	put(40, 3, U);
	contig_page_data.claim_scans = 0;
	contig_page_data.bulk_claim_scans = 0;
	KT_EQ(bulk(24, M, &list), 24);
	KT_EQ(block_mt(8), M);
	KT_EQ(block_mt(24), M);
	KT_EQ(block_mt(40), M);
	KT_EQ(contig_page_data.claim_scans, 0);
	KT_EQ(contig_page_data.bulk_claim_scans, 0);
}

int main(void)
{
	test_expand_halves();
	test_expand_requested_type();
	test_page_del_and_expand();
	test_rmqueue_smallest();
	test_rmqueue_cma_balance();
	test_rmqueue_mode_memo();
	test_rmqueue_claim_resets_mode();
	test_rmqueue_bulk();
	test_rmqueue_bulk_cma();
	test_t11_claim_scans();
	test_claims_not_counted();
	KT_MAIN_END();
}
