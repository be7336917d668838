// SPDX-License-Identifier: MIT
/*
 * test_v6_rmqueue_buddy.c - rmqueue_buddy() (the H lists first for
 * ALLOC_HIGHATOMIC, v6.1.0's order > 0 ALLOC_HARDER rule, the H fallback
 * of eb2e2b425c69 for OOM victims and of 281dd25c1a01 for every
 * non-blocking request, accounting in both eras), rmqueue() (pcp first,
 * the buddy when the pcp trylock fails, the boost flag) and
 * prep_new_page().
 *
 * Node: one Normal zone [0, 64), pageblock_order 3 (block k = [8k, 8k+8)),
 * orders 0..4, no THP (order 4 never uses the pcp lists), CPU 0.
 */
#include "rmq_support.h"

/* GFP_ATOMIC's alloc_flags in the slow path: non-blocking, __GFP_HIGH */
#define ATOMIC_FLAGS	(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE)

static void node(uint64_t patches)
{
	small_node(64, 3, 5, patches);
}

static struct page *buddy(unsigned int order, unsigned int alloc_flags, int mt)
{
	struct page *page = rmqueue_buddy(normal(), normal(), order, alloc_flags, mt);

	KT_ASSERT(!normal()->lock.locked);
	return page;
}

/* An H block with a free order-1 buddy at 8, MOVABLE free at [16, 24). */
static void h_and_movable(uint64_t patches)
{
	node(patches);
	put(8, 1, H);
	put(16, 3, M);
}

/*
 * H first: v6.1.0 for any order > 0 ALLOC_HARDER request; since
 * eb2e2b425c69 only with ALLOC_HIGHATOMIC (ALLOC_NON_BLOCK, the same bit
 * as ALLOC_HARDER, no longer enough).
 */
static void test_highatomic_first(void)
{
	h_and_movable(SW_V610);
	KT_EQ(pfn_of(buddy(0, ALLOC_HARDER, M)), 16);
	KT_EQ(pfn_of(buddy(1, ALLOC_HARDER, M)), 8);

	h_and_movable(preset("v6.6"));
	KT_EQ(pfn_of(buddy(1, ALLOC_NON_BLOCK, M)), 16);
	KT_EQ(pfn_of(buddy(1, ALLOC_NON_BLOCK | ALLOC_HIGHATOMIC, M)), 8);
}

/*
 * Only H is free: who may fall back to it when __rmqueue() fails.  None
 * in v6.1.0; OOM victims since eb2e2b425c69; an order-0 GFP_ATOMIC since
 * 281dd25c1a01 (v6.12, and Debian's 6.1.y: preset v6.1).
 */
static void test_highatomic_last_resort(void)
{
	static const struct {
		const char *preset;
		unsigned int alloc_flags;
		long pfn;
	} cases[] = {
		{ "v6.6", ATOMIC_FLAGS, -1 },
		{ "v6.6", ALLOC_OOM, 8 },
		{ "v6.6", ALLOC_MIN_RESERVE, -1 },
		{ "v6.12", ATOMIC_FLAGS, 8 },
		{ "v6.12", ALLOC_OOM, 8 },
		{ "v6.12", ALLOC_MIN_RESERVE, -1 },
		{ "v6.1", ATOMIC_FLAGS, 8 },
		{ "v6.12", ATOMIC_FLAGS | ALLOC_NOFRAGMENT, 8 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		node(preset(cases[i].preset));
		put(8, 1, H);
		KT_EQ(pfn_of(buddy(0, cases[i].alloc_flags, M)), cases[i].pfn);
	}
	node(SW_V610);
	put(8, 1, H);
	KT_EQ(pfn_of(buddy(0, ALLOC_OOM, M)), -1);
	KT_EQ(pfn_of(buddy(0, ATOMIC_FLAGS, M)), -1);
}

/*
 * NR_FREE_PAGES (and NR_FREE_CMA_PAGES) drop by exactly the pages
 * allocated in both accounting eras: v6.1 by rmqueue_buddy() itself with
 * the cached type, v6.10+ inside page_del_and_expand().  PGALLOC counts
 * the pages.
 */
static void test_buddy_accounting(void)
{
	static const uint64_t eras[] = { SW_V610, SW_HYGIENE };

	for (size_t i = 0; i < ARRAY_SIZE(eras); i++) {
		unsigned long pgalloc;

		node(eras[i]);
		put(0, 3, M);
		pgalloc = contig_page_data.pgalloc;
		KT_EQ(pfn_of(buddy(1, 0, M)), 0);
		KT_EQ(nr_free(), 6);
		KT_EQ(contig_page_data.pgalloc, pgalloc + 2);

		node(eras[i]);
		put(8, 1, CMA);
		KT_EQ(mt_of(buddy(0, ALLOC_CMA, M)), CMA);
		KT_EQ(zone_page_state(normal(), NR_FREE_CMA_PAGES), 1);
		KT_EQ(nr_free(), 1);
	}
}

static struct page *rmq(unsigned int order, unsigned int alloc_flags, int mt)
{
	return rmqueue(normal(), normal(), order, GFP_KERNEL, alloc_flags, mt);
}

/*
 * rmqueue(): the pcp list first; when pcp_spin_trylock() fails, the
 * buddy, leaving the pcp list alone.
 */
static void test_rmqueue_pcp_then_buddy(void)
{
	struct per_cpu_pages *pcp;

	node(preset("v6.18"));
	pcp = this_cpu_pcp(normal());
	block_type(8, U);
	KT_REQUIRE(setup_pcp_page(8, 0, 0) == 0);
	KT_REQUIRE(setup_pcp_page(10, 0, 0) == 0);
	put(16, 3, U);
	KT_EQ(pfn_of(rmq(0, 0, U)), 8);
	KT_EQ(pcp->count, 1);
	current->pcp_trylock_fails = true;
	KT_EQ(pfn_of(rmq(0, 0, U)), 16);
	current->pcp_trylock_fails = false;
	KT_EQ(pcp->count, 1);
	KT_EQ(pfn_of(rmq(0, 0, U)), 10);
}

/*
 * An order-1 ALLOC_HIGHATOMIC request with an UNMOVABLE order-1 pcp page
 * and a free H buddy: the pcp serves it (no H used: the 2026 reports'
 * root); when the pcp trylock fails, the buddy path takes H first.
 */
static void test_rmqueue_highatomic_pcp(void)
{
	static const struct {
		bool trylock_fails;
		long pfn;
	} cases[] = { { false, 10 }, { true, 24 } };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		node(preset("v6.18"));
		block_type(8, U);
		KT_REQUIRE(setup_pcp_page(10, 1, 0) == 0);
		put(24, 1, H);
		current->pcp_trylock_fails = cases[i].trylock_fails;
		KT_EQ(pfn_of(rmq(1, ALLOC_HIGHATOMIC | ATOMIC_FLAGS, U)), cases[i].pfn);
		current->pcp_trylock_fails = false;
	}
}

/*
 * Orders the pcp does not hold go straight to the buddy; the boost flag
 * is cleared by a request that may wake kswapd, kept otherwise.
 */
static void test_rmqueue_buddy_orders_and_boost(void)
{
	node(preset("v6.18"));
	put(32, 4, M);
	ev_reset();
	KT_EQ(pfn_of(rmq(4, 0, M)), 32);
	KT_EQ(ev.pcp_adds, 0);
	KT_EQ(this_cpu_pcp(normal())->count, 0);

	zone_set_flag(normal(), ZONE_BOOSTED_WATERMARK);
	rmq(0, 0, M);
	KT_ASSERT(zone_test_flag(normal(), ZONE_BOOSTED_WATERMARK));
	rmq(0, ALLOC_KSWAPD, M);
	KT_ASSERT(!zone_test_flag(normal(), ZONE_BOOSTED_WATERMARK));
}

/* prep_new_page(): private cleared; a movable allocation's pages count as movable. */
static void test_prep_new_page(void)
{
	node(SW_HYGIENE);
	pg(0)->private = 3;
	prep_new_page(pg(0), 1, GFP_HIGHUSER_MOVABLE, 0);
	KT_EQ(pg(0)->private, 0);
	KT_ASSERT(pg(0)->flags & PG_movable);
	KT_ASSERT(pg(1)->flags & PG_movable);
	KT_ASSERT(!(pg(2)->flags & PG_movable));
	prep_new_page(pg(0), 1, GFP_KERNEL, 0);
	KT_ASSERT(!(pg(0)->flags & PG_movable));
	KT_ASSERT(!(pg(1)->flags & PG_movable));
}

int main(void)
{
	test_highatomic_first();
	test_highatomic_last_resort();
	test_buddy_accounting();
	test_rmqueue_pcp_then_buddy();
	test_rmqueue_highatomic_pcp();
	test_rmqueue_buddy_orders_and_boost();
	test_prep_new_page();
	KT_MAIN_END();
}
