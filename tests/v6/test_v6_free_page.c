// SPDX-License-Identifier: MIT
/*
 * test_v6_free_page.c - the free side (free_page.c): merging and its
 * type rule, the retype on compatible merges (e6cf9e1c4cde first block,
 * Gordeev's every block: T8), tail placement, the pcp path (H riding the
 * MOVABLE list, the cached type of v6.1 against 17edeb5d3f76's fresh
 * read), the trylock failure of T1 (7b086755fb8c), pcp high and batch in
 * v6.1's form, free_pcppages_bulk()'s order, drains, split_large_buddy()
 * and the unlocked window of __free_pages_ok() that 55612e80e722 closed.
 *
 * Geometry unless stated: one Normal zone [0, 64), 8-page blocks, orders
 * 0..4 (the largest buddy, 16 pages, spans 2 blocks), 2 CPUs, no THP.
 */
#include "v6_support.h"

/* Sixteen order-0 frees end as one order-4 buddy, counted once each. */
static void test_merge_up(void)
{
	for (int hygiene = 0; hygiene < 2; hygiene++) {
		small_node(64, 3, 5, hygiene ? SW_HYGIENE : SW_V610);
		for (unsigned long pfn = 0; pfn < 16; pfn++)
			KT_EQ(setup_free_buddy(pfn, 0, M), 0);
		KT_EQ(normal()->free_area[4].nr_free, 1);
		KT_EQ(first_on(normal(), 4, M), 0);
		KT_EQ(normal()->free_area[0].nr_free, 0);
		KT_EQ(nr_free(), 16);
	}
}

/* From pageblock order on, H merges only with H (both forms). */
static void test_no_merge_across_types(void)
{
	for (int hygiene = 0; hygiene < 2; hygiene++) {
		small_node(64, 3, 5, hygiene ? SW_HYGIENE : SW_V610);
		block_type(0, H);
		block_type(16, ISO);
		KT_EQ(setup_free_buddy(0, 3, H), 0);
		KT_EQ(setup_free_buddy(8, 3, M), 0);
		KT_EQ(setup_free_buddy(16, 3, ISO), 0);
		KT_EQ(setup_free_buddy(24, 3, M), 0);
		KT_EQ(list_count(normal(), 3, H), 1);
		KT_EQ(list_count(normal(), 3, M), 2);
		KT_EQ(list_count(normal(), 3, ISO), 1);
		KT_EQ(normal()->free_area[4].nr_free, 0);
		KT_EQ(nr_free(), 24);		/* the isolated block is not counted */
		/* U and M do merge */
		block_type(32, U);
		KT_EQ(setup_free_buddy(32, 3, U), 0);
		KT_EQ(setup_free_buddy(40, 3, M), 0);
		KT_EQ(normal()->free_area[4].nr_free, 1);
	}
}

/*
 * T8's merge, 4-page blocks, orders 0..4: the U buddy [8, 16) spans two
 * blocks; freeing [0, 8) as M merges them into an order-4 M buddy.
 * Without e6cf9e1c4cde nothing is retyped, with it the buddy's first
 * block only, with Gordeev's fix both.
 */
static void t8_merge(uint64_t patches, int expect_8, int expect_12)
{
	small_node(64, 2, 5, patches);
	block_type(8, U);
	block_type(12, U);
	KT_EQ(setup_free_buddy(8, 3, U), 0);
	KT_EQ(setup_free_buddy(0, 3, M), 0);
	KT_EQ(first_on(normal(), 4, M), 0);
	KT_EQ(get_pageblock_migratetype(pg(8)), expect_8);
	KT_EQ(get_pageblock_migratetype(pg(12)), expect_12);
}

static void test_retype_on_merge(void)
{
	uint64_t hyg = SW_HYGIENE;

	t8_merge(hyg, U, U);
	t8_merge(hyg | SW(E6CF9E1C4CDE), M, U);
	t8_merge(hyg | SW(E6CF9E1C4CDE) | SW(COALESCE_RETYPE_ALL), M, M);
	/* the first-block-only state: the buddy's second block is off its list type */
	t8_merge(hyg | SW(E6CF9E1C4CDE), M, U);
	spin_lock(&normal()->lock);
	del_page_from_free_list(pg(0), normal(), 4, M);
	spin_unlock(&normal()->lock);
	ev_reset();
	spin_lock(&normal()->lock);
	set_buddy_order(pg(12), 2);
	__add_to_free_list(pg(12), normal(), 2, M, false);	/* what expand() does */
	spin_unlock(&normal()->lock);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 1);
	KT_EQ(ev.warn_args[0], U);
	KT_EQ(ev.warn_args[1], M);
	KT_EQ(ev.warn_args[2], 4);
}

/*
 * A page whose next-larger buddy is free goes to the list's tail
 * (buddy_merge_likely): page 0 with [2, 4) free, after page 6 went to
 * the head.  FPI_TO_TAIL forces the tail.
 */
static void test_tail_placement(void)
{
	small_node(64, 3, 5, SW_HYGIENE);
	KT_EQ(setup_free_buddy(2, 1, M), 0);
	KT_EQ(setup_free_buddy(6, 0, M), 0);
	KT_EQ(setup_free_buddy(0, 0, M), 0);
	KT_EQ(first_on(normal(), 0, M), 6);
	spin_lock(&normal()->lock);
	__free_one_page(pg(12), 12, normal(), 0, M, FPI_TO_TAIL);
	spin_unlock(&normal()->lock);
	KT_EQ(first_on(normal(), 0, M), 6);
	KT_EQ(list_count(normal(), 0, M), 3);
}

/* Order-0 free of an H page: MOVABLE pcp list, and back to H on a drain (cached or read). */
static void test_pcp_h_rides_movable(void)
{
	for (int fresh = 0; fresh < 2; fresh++) {
		small_node(64, 3, 5, SW_V610 | (fresh ? SW(17EDEB5D3F76) : 0));
		block_type(8, H);
		__free_pages(pg(9), 0);
		KT_EQ(normal()->per_cpu_pageset[0].count, 1);
		KT_ASSERT(!list_empty(&normal()->per_cpu_pageset[0].lists[order_to_pindex(M, 0)]));
		KT_EQ(nr_free(), 0);
		drain_all_pages(NULL);
		KT_EQ(normal()->per_cpu_pageset[0].count, 0);
		KT_EQ(list_count(normal(), 0, H), 1);
		KT_EQ(nr_free(), 1);
	}
}

/*
 * The cached type goes stale: freed to the pcp while its block was M,
 * drained after the block became H.  v6.1 frees it to M; 17edeb5d3f76
 * reads the block again.
 */
static void test_pcp_stale_type(void)
{
	small_node(64, 3, 5, SW_V610);
	__free_pages(pg(9), 0);
	block_type(8, H);
	drain_pages(0);
	KT_EQ(list_count(normal(), 0, M), 1);
	KT_EQ(list_count(normal(), 0, H), 0);

	small_node(64, 3, 5, SW_V610 | SW(17EDEB5D3F76));
	__free_pages(pg(9), 0);
	block_type(8, H);
	drain_pages(0);
	KT_EQ(list_count(normal(), 0, H), 1);
}

/*
 * T1: the pcp trylock fails while an H page is freed.  v6.1.0 passes the
 * pcp type, MOVABLE, to the buddy: an H page on the M list.  With
 * 7b086755fb8c it keeps H.  Under the hygiene checks the bug would say
 * "page type is 3, passed migratetype is 1 (nr=1)".
 */
static void t1_free(uint64_t patches)
{
	small_node(64, 3, 5, patches);
	block_type(8, H);
	current->pcp_trylock_fails = true;
	__free_pages(pg(9), 0);
	current->pcp_trylock_fails = false;
	KT_EQ(normal()->per_cpu_pageset[0].count, 0);
}

static void test_trylock_fail(void)
{
	t1_free(SW_V610);
	KT_EQ(list_count(normal(), 0, M), 1);
	KT_EQ(ev.list_mismatch, 1);
	t1_free(SW_V610 | SW(7B086755FB8C));
	KT_EQ(list_count(normal(), 0, H), 1);
	KT_EQ(ev.list_mismatch, 0);
	t1_free(SW_V610 | SW(E0932B6C1F94));
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 1);
	KT_EQ(ev.warn_args[0], H);
	KT_EQ(ev.warn_args[1], M);
	KT_EQ(ev.warn_args[2], 1);
}

/*
 * v6.1's pcp: at count >= high, free nr_pcp_free(): batch << free_factor
 * within [batch, high - batch], free_factor growing while below the
 * maximum.  high 8, batch 2: the 8th page frees 2 (free_factor 0 -> 1),
 * the next time 4.
 */
static void test_pcp_high_v61(void)
{
	struct per_cpu_pages *pcp;

	small_node(64, 3, 5, SW_V610);
	pcp = &normal()->per_cpu_pageset[0];
	pageset_update(pcp, 8, 8, 2);
	for (unsigned long pfn = 0; pfn < 8; pfn++)
		__free_pages(pg(2 * pfn), 0);
	KT_EQ(pcp->count, 6);
	KT_EQ(pcp->free_factor, 1);
	__free_pages(pg(1), 0);
	__free_pages(pg(3), 0);
	KT_EQ(pcp->count, 4);		/* 8 again, minus 4 */
	KT_EQ(nr_free(), 6);
	/* an order-1 free after frees in a row: high 0, everything goes */
	__free_pages(pg(32), 1);
	KT_EQ(pcp->count, 0);
}

/*
 * The auto-tuned pcp (v6.7): high starts at high_min (8); the free that
 * reaches it raises high to free_count + batch = 10 and frees
 * clamp(free_count 8, batch 2, 8 - 2) = 6 pages, a batch at a time.
 */
static void test_pcp_high_autotune(void)
{
	struct per_cpu_pages *pcp;

	small_node(64, 3, 5, SW_V610 | SW(PCP_AUTOTUNE));
	pcp = &normal()->per_cpu_pageset[0];
	pageset_update(pcp, 8, 16, 2);
	KT_EQ(pcp->high, 0);
	for (unsigned long pfn = 0; pfn < 7; pfn++)
		__free_pages(pg(2 * pfn), 0);
	KT_EQ(pcp->count, 7);
	KT_EQ(pcp->high, 8);
	__free_pages(pg(14), 0);
	KT_EQ(pcp->count, 2);
	KT_EQ(pcp->high, 10);
	KT_EQ(pcp->free_count, 8);
	KT_EQ(nr_free(), 6);
}

/* free_pcppages_bulk() starts with the list it is given, from the cold end. */
static void test_bulk_order(void)
{
	struct per_cpu_pages *pcp;

	small_node(64, 3, 5, SW_V610);
	block_type(16, U);
	KT_EQ(setup_pcp_page(16, 1, 0), 0);
	KT_EQ(setup_pcp_page(8, 0, 0), 0);
	KT_EQ(setup_pcp_page(10, 0, 0), 0);
	pcp = &normal()->per_cpu_pageset[0];
	spin_lock(&pcp->lock);
	free_pcppages_bulk(normal(), 1, pcp, (int)order_to_pindex(M, 0));
	spin_unlock(&pcp->lock);
	KT_EQ(first_on(normal(), 0, M), 10);		/* the tail of the M list */
	KT_EQ(pcp->count, 3);
	spin_lock(&pcp->lock);
	free_pcppages_bulk(normal(), 2, pcp, (int)order_to_pindex(U, 1));
	spin_unlock(&pcp->lock);
	KT_EQ(first_on(normal(), 1, U), 16);
	KT_EQ(pcp->count, 1);
}

/* drain_all_pages(): every CPU, the pages merge back. */
static void test_drain_all(void)
{
	small_node(64, 3, 5, SW_HYGIENE);
	for (unsigned long pfn = 0; pfn < 8; pfn++) {
		set_current(pfn & 1, false);
		__free_pages(pg(pfn), 0);
	}
	set_current(0, false);
	KT_EQ(normal()->per_cpu_pageset[1].count, 4);
	drain_all_pages(normal());
	KT_EQ(zone_pcp_pages(normal()), 0);
	KT_EQ(first_on(normal(), 3, M), 0);
	KT_EQ(ev.pcp_adds, 8);
	KT_EQ(ev.pcp_dels, 8);
	KT_EQ(ev.pcp_del_cpus, 3);	/* drained from CPU 0 but named by their own CPU */
}

/*
 * An order-4 page over blocks H and M.  55612e80e722 frees it block by
 * block with each block's type; v6.1 frees it whole with the type read
 * from its first block.
 */
static void test_split_large_buddy(void)
{
	small_node(64, 3, 5, SW_HYGIENE);
	block_type(0, H);
	__free_pages(pg(0), 4);
	KT_EQ(list_count(normal(), 3, H), 1);
	KT_EQ(list_count(normal(), 3, M), 1);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 0);

	small_node(64, 3, 5, SW_V610);
	block_type(0, H);
	__free_pages(pg(0), 4);
	KT_EQ(list_count(normal(), 4, H), 1);
}

/*
 * The unlocked window: the type is read (M), the block becomes H, then
 * the free completes.  v6.1 uses the stale M; 55612e80e722 reads again.
 */
static void test_free_window(void)
{
	int mt;

	small_node(64, 3, 5, SW_V610);
	mt = __free_pages_ok_prepare(pg(8), 3);
	block_type(8, H);
	__free_pages_ok_commit(pg(8), 3, mt, FPI_NONE);
	KT_EQ(list_count(normal(), 3, M), 1);

	small_node(64, 3, 5, SW_HYGIENE);
	mt = __free_pages_ok_prepare(pg(8), 3);
	block_type(8, H);
	__free_pages_ok_commit(pg(8), 3, mt, FPI_NONE);
	KT_EQ(list_count(normal(), 3, H), 1);
	KT_EQ(contig_page_data.pgfree, 8);
}

/*
 * The THP order rides the pcp too: one list for it before bf14ed81f571,
 * then a movable and a non-movable one.  THP order 4 here (16 pages).
 */
static void test_thp_pcp_lists(void)
{
	for (int two = 0; two < 2; two++) {
		struct node_geometry g = {
			.pb_order = 3, .nr_page_orders = 5, .hpage_pmd_order = 4, .thp = true,
			.nr_cpus = 2, .page_size_kb = 4, .zone_end_pfn[ZONE_NORMAL] = 64,
		};
		char err[256];
		struct per_cpu_pages *pcp;

		KT_REQUIRE(node_init(&g, SW_V610 | (two ? SW(BF14ED81F571) : 0), err,
				     sizeof(err)) == 0);
		KT_EQ(pcp_nr_lists(), NR_LOWORDER_PCP_LISTS + 1 + two);
		block_type(16, U);
		pcp = &normal()->per_cpu_pageset[0];
		pageset_update(pcp, 1000, 1000, 1);	/* no drain on free */
		__free_pages(pg(0), 4);		/* M */
		__free_pages(pg(16), 4);	/* U */
		KT_EQ(pcp->count, 32);
		KT_EQ(list_empty(&pcp->lists[NR_LOWORDER_PCP_LISTS + two]), false);
		KT_EQ(pindex_to_order(NR_LOWORDER_PCP_LISTS + two), 4);
		KT_EQ(order_to_pindex(U, 4), NR_LOWORDER_PCP_LISTS);
		drain_pages(0);
		KT_EQ(list_count(normal(), 4, M), 1);
		KT_EQ(list_count(normal(), 4, U), 1);
	}
}

int main(void)
{
	test_merge_up();
	test_no_merge_across_types();
	test_retype_on_merge();
	test_tail_placement();
	test_pcp_h_rides_movable();
	test_pcp_stale_type();
	test_trylock_fail();
	test_pcp_high_v61();
	test_pcp_high_autotune();
	test_bulk_order();
	test_drain_all();
	test_split_large_buddy();
	test_free_window();
	test_thp_pcp_lists();
	node_exit();
	KT_MAIN_END();
}
