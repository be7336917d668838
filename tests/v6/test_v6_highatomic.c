// SPDX-License-Identifier: MIT
/*
 * test_v6_highatomic.c - allocator/v6/highatomic.c: the reserve's cap
 * with and without 9cd20f3fe045 / d68e39fc45f7 (T3), v6.1's count-type-
 * move order against c0cd6f557b90's move-then-count, multi-block typing
 * (T7), unreserve's keep-one-block rule, its v6.1 decrement (only for an
 * H block), the underflow WARN, and the failed-move WARN.
 */
#include "v6_support.h"

/* Reserve after an order-1 atomic allocation in each of blocks 0..n-1; the counter. */
static unsigned long reserve_blocks(struct zone *z, unsigned long n)
{
	for (unsigned long b = 0; b < n; b++)
		reserve_highatomic_pageblock(pfn_to_page(b * PB + 2), 1, z);
	return z->nr_reserved_highatomic;
}

/* How many of blocks 0..n-1 are H. */
static unsigned long h_blocks(unsigned long n)
{
	unsigned long nr = 0;

	for (unsigned long b = 0; b < n; b++)
		nr += block_mt(b * PB) == H;
	return nr;
}

static void test_cap(void)
{
	uint64_t v66 = preset("v6.6");
	uint64_t v612 = preset("v6.12");
	struct zone *z;

	/* 128 blocks: managed/100 = 655; old cap 655 + 512 = 1167: 3 blocks */
	z = fixture_zone(v66, 128 * PB);
	ev_subscribe();
	KT_EQ(reserve_blocks(z, 5), 3 * PB);
	KT_EQ(h_blocks(5), 3);
	KT_EQ(ev.counter_sum[CNT_NR_RESERVED_HIGHATOMIC], 3 * PB);
	/* d68e39fc45f7: ALIGN(655, 512) = 1024: 2 blocks */
	z = fixture_zone(v612, 128 * PB);
	KT_EQ(reserve_blocks(z, 5), 2 * PB);
	KT_EQ(h_blocks(5), 2);

	/* T3, 40 blocks: managed/100 = 204 */
	z = fixture_zone(v66, 40 * PB);
	KT_EQ(reserve_blocks(z, 5), 2 * PB);		/* cap 716: 2 blocks, 2.5 % */
	z = fixture_zone(v612 & ~SW(9CD20F3FE045), 40 * PB);
	KT_EQ(reserve_blocks(z, 5), PB);		/* ALIGN(204, 512): 1 block */
	z = fixture_zone(v612, 40 * PB);
	KT_EQ(reserve_blocks(z, 5), 0);			/* under 100 blocks: none */
	KT_EQ(h_blocks(5), 0);
	/* ALIGN rounds up: a counter off the block grid (700) is under 1024, not 655 */
	z = fixture_zone(v612, 128 * PB);
	setup_reserved_highatomic(z, 700);
	reserve_highatomic_pageblock(pfn_to_page(2), 1, z);
	KT_EQ(z->nr_reserved_highatomic, 700 + PB);
	z = fixture_zone(v612 & ~SW(D68E39FC45F7), 128 * PB);
	KT_EQ(reserve_blocks(z, 5), 3 * PB);		/* size check alone: old cap */
}

static void test_reserve_moves_and_skips(void)
{
	struct zone *z = fixture_zone(preset("v6.12"), 128 * PB);

	/* the block's free pages move to the H lists and count as free H */
	setup_free_range(2 * PB + 64, 2 * PB + 128);
	reserve_highatomic_pageblock(pfn_to_page(2 * PB), 1, z);
	KT_EQ(block_mt(2 * PB), H);
	KT_EQ(z->nr_free_highatomic, 64);
	KT_EQ(get_page_from_free_area(&z->free_area[6], H), pfn_to_page(2 * PB + 64));
	/* a page served from H (or CMA, ISOLATE) reserves nothing */
	reserve_highatomic_pageblock(pfn_to_page(2 * PB + 8), 1, z);
	KT_EQ(z->nr_reserved_highatomic, PB);
	setup_pageblock_type(3 * PB, MIGRATE_CMA);
	reserve_highatomic_pageblock(pfn_to_page(3 * PB), 1, z);
	KT_EQ(z->nr_reserved_highatomic, PB);
	KT_EQ(block_mt(3 * PB), MIGRATE_CMA);
}

/*
 * A block that straddles the zone end (zone [0, 128.5 blocks)): v6.1
 * counts and types it before a move that does nothing; c0cd6f557b90
 * refuses it.
 */
static void test_reserve_order_of_ops(void)
{
	unsigned long end = 128 * PB + PB / 2;
	struct zone *z = fixture_zone(preset("v6.1"), end);

	ev_subscribe();
	reserve_highatomic_pageblock(pfn_to_page(128 * PB), 1, z);
	KT_EQ(z->nr_reserved_highatomic, PB);
	KT_EQ(block_mt(128 * PB), H);
	KT_EQ(ev.counter_sum[CNT_NR_RESERVED_HIGHATOMIC], PB);

	z = fixture_zone(preset("v6.12"), end);
	reserve_highatomic_pageblock(pfn_to_page(128 * PB), 1, z);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(block_mt(128 * PB), M);
}

/* T7: an order-10 highatomic allocation covers blocks 4 and 5 */
static void test_multiblock(void)
{
	uint64_t v612 = preset("v6.12");
	struct alloc_context ac = normal_ac(U);
	struct zone *z;

	z = fixture_zone(v612, 128 * PB);
	reserve_highatomic_pageblock(pfn_to_page(4 * PB), 10, z);
	KT_EQ(z->nr_reserved_highatomic, 2 * PB);
	KT_EQ(block_mt(4 * PB), H);
	KT_EQ(block_mt(5 * PB), H);
	z = fixture_zone(v612 & ~SW(7CC5A5D65011), 128 * PB);
	reserve_highatomic_pageblock(pfn_to_page(4 * PB), 10, z);
	KT_EQ(z->nr_reserved_highatomic, PB);
	KT_EQ(block_mt(4 * PB), H);
	KT_EQ(block_mt(5 * PB), M);

	/* unreserve of a free order-10 H buddy over blocks 8, 9 (+ block 2 H) */
	z = fixture_zone(v612, 128 * PB);
	setup_pageblock_type(9 * PB, H);
	make_h(8, 10);
	setup_reserved_highatomic(z, 3 * PB);
	ev_subscribe();
	KT_EQ(unreserve_highatomic_pageblock(&ac, false), 1);
	KT_EQ(z->nr_reserved_highatomic, PB);
	KT_EQ(ev.counter_sum[CNT_NR_RESERVED_HIGHATOMIC], -2 * (long)PB);
	KT_EQ(block_mt(8 * PB), U);
	KT_EQ(block_mt(9 * PB), U);
	KT_EQ(get_page_from_free_area(&z->free_area[10], U), pfn_to_page(8 * PB));
	KT_EQ(z->nr_free_highatomic, 0);
	/* before 7cc5a5d65011: one block off the counter, the second stays H */
	z = fixture_zone(v612 & ~SW(7CC5A5D65011), 128 * PB);
	setup_pageblock_type(9 * PB, H);
	make_h(8, 10);
	setup_reserved_highatomic(z, 3 * PB);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false), 1);
	KT_EQ(z->nr_reserved_highatomic, 2 * PB);
	KT_EQ(block_mt(8 * PB), U);
	KT_EQ(block_mt(9 * PB), H);
}

static void test_unreserve_keeps_one(void)
{
	struct alloc_context ac = normal_ac(M);
	struct zone *z = fixture_zone(preset("v6.18"), 128 * PB);

	make_h(6, 2);
	setup_reserved_highatomic(z, PB);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false), 0);
	KT_EQ(z->nr_reserved_highatomic, PB);
	KT_EQ(block_mt(6 * PB), H);
	KT_EQ(unreserve_highatomic_pageblock(&ac, true), 1);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(block_mt(6 * PB), M);
	KT_EQ(contig_page_data.last_alloc.unreserve_calls, 2);
	KT_EQ(contig_page_data.last_alloc.unreserved, 1);
	/* nothing left on an H list: false */
	KT_EQ(unreserve_highatomic_pageblock(&ac, true), 0);
	/* the lowest order first */
	make_h(7, 5);
	make_h(9, 3);
	setup_reserved_highatomic(z, 2 * PB);
	KT_EQ(unreserve_highatomic_pageblock(&ac, true), 1);
	KT_EQ(block_mt(9 * PB), M);
	KT_EQ(block_mt(7 * PB), H);
}

/* v6.1: a stale H-list page in a block no longer H is moved without a decrement */
static void test_unreserve_v61_decrement(void)
{
	struct alloc_context ac = normal_ac(U);
	struct zone *z = fixture_zone(preset("v6.1"), 128 * PB);

	setup_pageblock_type(3 * PB, M);
	KT_REQUIRE(setup_free_buddy(3 * PB, 2, H) == 0);	/* on H, block M */
	setup_reserved_highatomic(z, 2 * PB);
	KT_EQ(unreserve_highatomic_pageblock(&ac, true), 1);
	KT_EQ(z->nr_reserved_highatomic, 2 * PB);
	KT_EQ(block_mt(3 * PB), U);
	KT_EQ(get_page_from_free_area(&z->free_area[2], U), pfn_to_page(3 * PB));
	/* an H block: one block off */
	make_h(5, 2);
	KT_EQ(unreserve_highatomic_pageblock(&ac, true), 1);
	KT_EQ(z->nr_reserved_highatomic, PB);
	KT_EQ(block_mt(5 * PB), U);
}

/* One H block with a free page, the counter set to @reserved; unreserve forced. */
static void underflow(uint64_t patches, unsigned long reserved)
{
	struct alloc_context ac = normal_ac(U);
	struct zone *z = fixture_zone(patches, 128 * PB);

	make_h(5, 0);
	setup_reserved_highatomic(z, reserved);
	ev_subscribe();
	KT_EQ(unreserve_highatomic_pageblock(&ac, true), 1);
	KT_EQ(z->nr_reserved_highatomic, 0);
}

static void test_underflow_warn(void)
{
	underflow(preset("v6.18"), 100);
	KT_EQ(ev.warns[WARN_RESERVE_UNDERFLOW], 1);
	KT_EQ(ev.counter_sum[CNT_NR_RESERVED_HIGHATOMIC], -100);
	underflow(preset("v6.12"), 100);	/* a silent min() */
	KT_EQ(ev.warns[WARN_RESERVE_UNDERFLOW], 0);
	underflow(preset("v6.18"), PB);
	KT_EQ(ev.warns[WARN_RESERVE_UNDERFLOW], 0);
}

/*
 * An H block straddling the zone end with a free H page: the counter is
 * lowered before the move; the move fails: 7cc5a5d65011 WARNs, v6.1's
 * 0-page move just goes on.
 */
static void straddling_h(uint64_t patches)
{
	struct alloc_context ac = normal_ac(U);
	struct zone *z = fixture_zone(patches, 128 * PB + PB / 2);

	setup_pageblock_type(128 * PB, H);
	KT_REQUIRE(setup_free_buddy(128 * PB, 3, H) == 0);
	setup_reserved_highatomic(z, PB);
	ev_subscribe();
	KT_EQ(unreserve_highatomic_pageblock(&ac, true), 0);
	KT_EQ(z->nr_reserved_highatomic, 0);
}

static void test_unreserve_move_fails(void)
{
	straddling_h(preset("v6.12"));
	KT_EQ(ev.warns[WARN_UNRESERVE_MOVE_FAILED], 1);
	KT_EQ(block_mt(128 * PB), H);
	straddling_h(preset("v6.1"));
	KT_EQ(ev.warns[WARN_UNRESERVE_MOVE_FAILED], 0);
	KT_EQ(block_mt(128 * PB), U);	/* v6.1 retypes before the move */
}

int main(void)
{
	test_cap();
	test_reserve_moves_and_skips();
	test_reserve_order_of_ops();
	test_multiblock();
	test_unreserve_keeps_one();
	test_unreserve_v61_decrement();
	test_underflow_warn();
	test_unreserve_move_fails();
	node_exit();
	KT_MAIN_END();
}
