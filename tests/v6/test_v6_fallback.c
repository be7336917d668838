// SPDX-License-Identifier: MIT
/*
 * test_v6_fallback.c - fallbacks[], should_try_claim_block(),
 * find_suitable_fallback(), boost_watermark(), try_to_claim_block(),
 * __rmqueue_claim(), __rmqueue_steal(), and the older forms:
 * steal_suitable_fallback() / __rmqueue_fallback() of v6.1 (free pages
 * move before the block's type is decided) and of v6.10 .. v6.14 (the
 * request taken from the largest fallback buddy).
 *
 * Node: one Normal zone [0, 64), pageblock_order 3 (block k = [8k, 8k+8),
 * half a block = 4 pages, pageblock_order / 2 = 1), orders 0..4, unless a
 * test says otherwise.  Watermarks set to min 4, low 5, high 20: the
 * boost cap is 20 * 15000 / 10000 = 30.
 */
#include "rmq_support.h"

static void node(uint64_t patches)
{
	small_node(64, 3, 5, patches);
	setup_watermarks(normal(), 4, 5, 20);
	normal()->watermark_boost = 0;
}

/* The table: two fallbacks per pcp type; H and CMA in no row. */
static void test_fallbacks_table(void)
{
	static const int want[MIGRATE_PCPTYPES][2] = {
		[U] = { E, M }, [M] = { E, U }, [E] = { U, M },
	};

	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		for (int i = 0; i < 2; i++) {
			KT_EQ(fallbacks[mt][i], want[mt][i]);
			KT_ASSERT(fallbacks[mt][i] != H && fallbacks[mt][i] != CMA);
		}
}

static void test_should_try_claim_block(void)
{
	node(SW_HYGIENE);
	KT_ASSERT(should_try_claim_block(3, M));
	KT_ASSERT(should_try_claim_block(1, M));	/* >= pageblock_order / 2 */
	KT_ASSERT(!should_try_claim_block(0, M));
	KT_ASSERT(should_try_claim_block(0, U));
	KT_ASSERT(should_try_claim_block(0, E));
	contig_page_data.mobility_disabled = true;
	KT_ASSERT(should_try_claim_block(0, M));
	contig_page_data.mobility_disabled = false;
}

static void test_find_suitable_fallback(void)
{
	struct free_area *area;
	bool can_steal = true;

	node(SW_HYGIENE);
	area = &normal()->free_area[0];
	/* -2 comes before the emptiness test: the order decides */
	KT_EQ(find_suitable_fallback(area, 0, M, true, NULL), -2);
	KT_EQ(find_suitable_fallback(area, 0, M, false, NULL), -1);
	KT_EQ(find_suitable_fallback(area, 0, U, true, NULL), -1);
	put(8, 0, U);
	KT_EQ(find_suitable_fallback(area, 0, M, false, &can_steal), U);
	KT_ASSERT(!can_steal);
	put(16, 0, E);
	KT_EQ(find_suitable_fallback(area, 0, M, false, &can_steal), E);
	KT_EQ(find_suitable_fallback(area, 0, U, false, &can_steal), E);
	KT_ASSERT(can_steal);
	KT_EQ(find_suitable_fallback(area, 0, E, false, NULL), U);
	KT_EQ(find_suitable_fallback(area, 0, H, false, NULL), -1);
	KT_EQ(find_suitable_fallback(&normal()->free_area[1], 1, U, false, NULL), -1);
}

/* boost_watermark(): a block at a time, capped at 30; not in small zones. */
static void test_boost_watermark(void)
{
	static const unsigned long steps[] = { 8, 16, 24, 30, 30 };

	node(SW_HYGIENE);
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		KT_ASSERT(boost_watermark(normal()));
		KT_EQ(normal()->watermark_boost, steps[i]);
	}
	contig_page_data.watermark_boost_factor = 0;
	normal()->watermark_boost = 0;
	KT_ASSERT(!boost_watermark(normal()));
	KT_EQ(normal()->watermark_boost, 0);

	node(SW_HYGIENE);
	setup_watermarks(normal(), 0, 0, 0);
	KT_ASSERT(!boost_watermark(normal()));

	/* a high mark of 4 caps at 6: a whole block still goes */
	node(SW_HYGIENE);
	setup_watermarks(normal(), 1, 2, 4);
	KT_ASSERT(boost_watermark(normal()));
	KT_EQ(normal()->watermark_boost, 8);

	small_node(24, 3, 5, SW_HYGIENE);	/* 3 blocks < 4 */
	setup_watermarks(normal(), 4, 5, 20);
	KT_ASSERT(!boost_watermark(normal()));
}

static struct page *claim(unsigned long pfn, unsigned int current_order, unsigned int order,
			  int start, int block, unsigned int alloc_flags)
{
	struct page *page;

	zlock();
	page = try_to_claim_block(normal(), pg(pfn), current_order, order, start, block, alloc_flags);
	zunlock();
	return page;
}

/*
 * A buddy of two blocks is claimed whole: both blocks retyped, the
 * remainder (15 pages) on the new type's lists, no boost, one page
 * accounted.
 */
static void test_claim_whole_buddy(void)
{
	long before;

	node(SW_HYGIENE);
	put(16, 4, U);
	before = nr_free();
	KT_EQ(pfn_of(claim(16, 4, 0, M, U, ALLOC_KSWAPD)), 16);
	KT_EQ(block_mt(16), M);
	KT_EQ(block_mt(24), M);
	KT_EQ(free_pages_of(normal(), M), 15);
	KT_EQ(free_pages_of(normal(), U), 0);
	KT_EQ(normal()->watermark_boost, 0);
	KT_EQ(nr_free(), before - 1);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 0);
}

/*
 * Part of a block: claimed when free + alike >= 4.  For MOVABLE, alike =
 * movable pages; for U from a MOVABLE block, the non-movable ones.  The
 * boost (and ZONE_BOOSTED_WATERMARK with ALLOC_KSWAPD) comes first, even
 * when the claim fails.
 */
static void test_claim_half_block(void)
{
	node(SW_HYGIENE);
	put(8, 1, U);
	movable_pages(10, 1);			/* 2 free + 1 movable < 4 */
	KT_EQ(pfn_of(claim(8, 1, 0, M, U, ALLOC_KSWAPD)), -1);
	KT_EQ(block_mt(8), U);
	KT_EQ(first_on(normal(), 1, U), 8);
	KT_EQ(normal()->watermark_boost, 8);
	KT_ASSERT(zone_test_flag(normal(), ZONE_BOOSTED_WATERMARK));
	movable_pages(11, 1);			/* 2 free + 2 movable */
	KT_EQ(pfn_of(claim(8, 1, 0, M, U, 0)), 8);
	KT_EQ(block_mt(8), M);
	KT_EQ(first_on(normal(), 0, M), 9);

	node(SW_HYGIENE);
	put(8, 1, M);				/* 2 free + 6 unmovable: alike */
	KT_EQ(pfn_of(claim(8, 1, 0, U, M, 0)), 8);
	KT_EQ(block_mt(8), U);
	KT_ASSERT(!zone_test_flag(normal(), ZONE_BOOSTED_WATERMARK));

	node(SW_HYGIENE);
	put(8, 1, M);
	movable_pages(10, 6);			/* 2 free + 0 alike */
	KT_EQ(pfn_of(claim(8, 1, 0, U, M, 0)), -1);
	KT_EQ(block_mt(8), M);
}

static struct page *claim_scan(unsigned int order, int mt, unsigned int alloc_flags)
{
	struct page *page;

	contig_page_data.claim_scans = 0;
	zlock();
	page = __rmqueue_claim(normal(), order, mt, alloc_flags);
	zunlock();
	return page;
}

/*
 * __rmqueue_claim(): top order down; whole blocks only with
 * ALLOC_NOFRAGMENT; the scan stops at the first order too small to claim.
 * Only a call that claims nothing counts its scans.
 */
static void test_rmqueue_claim(void)
{
	node(SW_HYGIENE);
	put(8, 1, U);
	movable_pages(10, 2);
	KT_EQ(pfn_of(claim_scan(0, M, ALLOC_NOFRAGMENT)), -1);
	KT_EQ(contig_page_data.claim_scans, 2);		/* orders 4, 3 */
	KT_EQ(pfn_of(claim_scan(0, M, 0)), 8);
	KT_EQ(contig_page_data.claim_scans, 0);		/* a claim: no vain scan */
	KT_EQ(block_mt(8), M);

	node(SW_HYGIENE);
	put(8, 0, U);
	put(10, 0, U);
	KT_EQ(pfn_of(claim_scan(0, M, 0)), -1);
	KT_EQ(contig_page_data.claim_scans, 5);		/* order 0: -2 */
	KT_EQ(list_count(normal(), 0, U), 2);
}

/*
 * __rmqueue_steal(): the smallest fallback buddy first; what is left of
 * a split one stays on the fallback type's lists; no block changes type.
 */
static void test_rmqueue_steal(void)
{
	struct page *page;

	node(SW_HYGIENE);
	put(8, 2, U);
	put(16, 0, U);
	ev_reset();
	zlock();
	page = __rmqueue_steal(normal(), 0, M);
	KT_EQ(pfn_of(page), 16);
	page = __rmqueue_steal(normal(), 0, M);
	KT_EQ(pfn_of(page), 8);
	zunlock();
	KT_EQ(first_on(normal(), 1, U), 10);
	KT_EQ(first_on(normal(), 0, U), 9);
	KT_EQ(block_mt(8), U);
	KT_EQ(block_mt(16), U);
	KT_EQ(ev.retypes, 0);
	KT_EQ(nr_free(), 3);
}

static struct page *rmq(unsigned int order, int mt, unsigned int alloc_flags)
{
	enum rmqueue_mode mode = RMQUEUE_NORMAL;
	struct page *page;

	zlock();
	page = __rmqueue(normal(), order, mt, alloc_flags, &mode);
	zunlock();
	return page;
}

/*
 * Block A (2: [16, 24)) MOVABLE with a free order-1 buddy at 16 and six
 * movable pages: not claimable for U (2 free + 0 alike).  Block B (3:
 * [24, 32)) MOVABLE with one free page at 24 and seven unmovable pages:
 * claimable for U (1 + 7).
 */
static void two_movable_blocks(uint64_t patches)
{
	node(patches);
	put(16, 1, M);
	movable_pages(18, 6);
	put(24, 0, M);
}

/*
 * One UNMOVABLE order-0 request, three kernels:
 * v6.1 steals from A, the largest: A's free pages move to U's lists
 * though A stays MOVABLE; v6.12 takes the page from A's buddy in place,
 * the rest left on A's list; v6.18 tries A, then claims B.
 */
static void test_fallback_three_forms(void)
{
	two_movable_blocks(SW_V610);
	KT_EQ(pfn_of(rmq(0, U, 0)), 16);
	KT_EQ(block_mt(16), M);
	KT_EQ(first_on(normal(), 0, U), 17);	/* a U list page in an M block */
	KT_EQ(first_on(normal(), 0, M), 24);
	KT_EQ(block_mt(24), M);

	two_movable_blocks(preset("v6.12"));
	KT_EQ(pfn_of(rmq(0, U, 0)), 16);
	KT_EQ(block_mt(16), M);
	KT_EQ(list_count(normal(), 0, M), 2);	/* 17 and 24 */
	KT_EQ(list_count(normal(), 0, U), 0);
	KT_EQ(block_mt(24), M);

	two_movable_blocks(preset("v6.18"));
	KT_EQ(pfn_of(rmq(0, U, 0)), 24);
	KT_EQ(block_mt(24), U);
	KT_EQ(first_on(normal(), 1, M), 16);
	KT_EQ(block_mt(16), M);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 0);
}

/*
 * A MOVABLE request that may not steal the largest buddy's block takes
 * the smallest fallback buddy instead (pageblock_order 5 here: orders
 * under 2 may not steal).  Every form ends with the smallest: v6.1 and
 * v6.12 by find_smallest, v6.18 by __rmqueue_steal().
 */
static void test_fallback_movable_smallest(void)
{
	static const char *const presets[] = { "v6.6", "v6.12", "v6.18" };

	for (size_t i = 0; i < ARRAY_SIZE(presets); i++) {
		small_node(256, 5, 7, preset(presets[i]));
		put(32, 1, U);
		put(64, 0, U);
		contig_page_data.claim_scans = 0;
		KT_EQ(pfn_of(rmq(0, M, 0)), 64);
		KT_EQ(contig_page_data.claim_scans, 6);	/* orders 6..1 */
		KT_EQ(first_on(normal(), 1, U), 32);
		KT_EQ(block_mt(32), U);
		KT_EQ(block_mt(64), U);
	}
}

/*
 * v6.1: a buddy on a fallback list inside an H block (a stale list, which
 * v6.1 allows) is moved alone, the block staying H although half of it
 * is free; the retry takes it.
 */
static void test_steal_v61_highatomic_block(void)
{
	node(SW_V610);
	block_type(8, H);
	KT_REQUIRE(setup_free_buddy(8, 2, U) == 0);
	KT_EQ(pfn_of(rmq(0, M, 0)), 8);
	KT_EQ(block_mt(8), H);
	KT_EQ(first_on(normal(), 0, M), 9);
	KT_EQ(first_on(normal(), 1, M), 10);
}

/* v6.1: a free half block is stolen whole for U: type and pages. */
static void test_steal_v61_whole_block(void)
{
	struct page *page;

	node(SW_V610);
	put(8, 2, M);
	zlock();
	page = steal_suitable_fallback(normal(), pg(8), 2, 0, U, 0, true);
	zunlock();
	KT_EQ(pfn_of(page), -1);		/* v6.1: the caller's retry allocates */
	KT_EQ(block_mt(8), U);
	KT_EQ(first_on(normal(), 2, U), 8);
	KT_EQ(normal()->watermark_boost, 8);
}

/*
 * Block 0 straddles DMA [0, 4) and Normal [4, 64); Normal's buddy [4, 8)
 * is free on U's list.  A MOVABLE request: v6.1's move_freepages_block()
 * moves from the page on and counts 4 free of 8 (half), so the block,
 * DMA's half included, becomes MOVABLE; since v6.10 a straddling block
 * is never claimed, and v6.18 steals the page, the block staying U.
 */
static void test_fallback_zone_straddle(void)
{
	static const struct {
		const char *preset;
		int block;
	} cases[] = { { "v6.6", M }, { "v6.18", U } };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct node_geometry g = {
			.pb_order = 3, .nr_page_orders = 5, .nr_cpus = 2, .page_size_kb = 4,
			.zone_end_pfn = { [ZONE_DMA] = 4, [ZONE_NORMAL] = 64 },
			.zone_start_pfn = { [ZONE_NORMAL] = 4 },
		};
		char err[256];

		KT_REQUIRE(node_init(&g, preset(cases[i].preset), err, sizeof(err)) == 0);
		set_current(0, false);
		put(4, 2, U);
		KT_EQ(pfn_of(rmq(0, M, 0)), 4);
		KT_EQ(block_mt(4), cases[i].block);
	}
}

/* Before v6.15, ALLOC_NOFRAGMENT keeps the fallback to whole blocks too. */
static void test_fallback_nofragment(void)
{
	node(preset("v6.12"));
	put(8, 1, U);
	KT_EQ(pfn_of(rmq(0, M, ALLOC_NOFRAGMENT)), -1);
	KT_EQ(pfn_of(rmq(0, M, 0)), 8);
}

int main(void)
{
	test_fallbacks_table();
	test_should_try_claim_block();
	test_find_suitable_fallback();
	test_boost_watermark();
	test_claim_whole_buddy();
	test_claim_half_block();
	test_rmqueue_claim();
	test_rmqueue_steal();
	test_fallback_three_forms();
	test_fallback_movable_smallest();
	test_steal_v61_highatomic_block();
	test_steal_v61_whole_block();
	test_fallback_zone_straddle();
	test_fallback_nofragment();
	KT_MAIN_END();
}
