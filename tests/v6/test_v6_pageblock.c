// SPDX-License-Identifier: MIT
/*
 * test_v6_pageblock.c - pageblock bits and block moves (pageblock.c):
 * the isolate bit in both forms with the kernel's warnings,
 * prep_move_freepages_block() (bounds, free and movable counts),
 * move_freepages_block() in the v6.10 form (-1 on a straddling block,
 * retype) and v6.1's (partial start, 0 at a straddling end, no retype),
 * change_pageblock_range().
 *
 * Geometry: 8-page blocks (pageblock_order 3), orders 0..4.  The
 * straddle tests use DMA [0, 20) and Normal [20, 64): block [16, 24) lies
 * in both.
 */
#include "v6_support.h"

static void two_zone_node(uint64_t patches)
{
	struct node_geometry g = {
		.pb_order = 3, .nr_page_orders = 5, .nr_cpus = 2, .page_size_kb = 4,
		.zone_end_pfn[ZONE_DMA] = 20,
		.zone_start_pfn[ZONE_NORMAL] = 20, .zone_end_pfn[ZONE_NORMAL] = 64,
	};
	char err[256];

	ev_subscribe();
	KT_REQUIRE(node_init(&g, patches, err, sizeof(err)) == 0);
	ev_reset();
}

static void locked_move(struct zone *z, unsigned long pfn, int old_mt, int new_mt, int expect)
{
	spin_lock(&z->lock);
	KT_EQ(move_freepages_block(z, pg(pfn), old_mt, new_mt), expect);
	spin_unlock(&z->lock);
}

/* With the standalone bit the type survives isolation; misuse warns. */
static void test_isolate_bit(void)
{
	small_node(64, 3, 5, SW(ISOLATE_BIT));
	set_pageblock_isolate(pg(8));
	KT_EQ(get_pageblock_migratetype(pg(9)), ISO);
	KT_EQ(get_pageblock_type_raw(pg(9)), M);
	KT_EQ(get_pageblock_isolate(pg(15)), true);
	KT_EQ(ev.retypes, 1);
	set_pageblock_migratetype(pg(8), ISO);
	KT_EQ(ev.warns[WARN_SET_ISOLATE_TYPE], 1);
	KT_EQ(ev.retypes, 1);
	set_pageblock_migratetype(pg(8), H);	/* clears the bit, with a warning */
	KT_EQ(ev.warns[WARN_UNISOLATE_TYPE], 1);
	KT_EQ(get_pageblock_migratetype(pg(8)), H);
	KT_EQ(get_pageblock_isolate(pg(8)), false);
	clear_pageblock_isolate(pg(8));
	KT_EQ(ev.retypes, 2);			/* M -> ISO, ISO -> H; the clear changed nothing */
}

/* Before the rework MIGRATE_ISOLATE is written as the type, silently. */
static void test_isolate_as_type(void)
{
	small_node(64, 3, 5, SW_V610);
	set_pageblock_migratetype(pg(8), ISO);
	KT_EQ(get_pageblock_migratetype(pg(8)), ISO);
	KT_EQ(get_pageblock_type_raw(pg(8)), ISO);
	KT_EQ(ev.warns[WARN_SET_ISOLATE_TYPE], 0);
	set_pageblock_migratetype(pg(8), M);
	KT_EQ(get_pageblock_migratetype(pg(8)), M);
	KT_EQ(ev.retypes, 2);
}

/* Free pages and movable allocated pages of a block; a straddling block is refused. */
static void test_prep_move(void)
{
	unsigned long start = 0;
	int nr_free = -1, nr_movable = -1;

	two_zone_node(SW_V610);
	KT_EQ(setup_free_buddy(40, 1, M), 0);
	KT_EQ(setup_free_buddy(44, 2, M), 0);
	pg(42)->flags |= PG_movable;
	KT_EQ(prep_move_freepages_block(zone_of(ZONE_NORMAL), pg(43), &start, &nr_free,
					&nr_movable), true);
	KT_EQ(start, 40);
	KT_EQ(nr_free, 6);
	KT_EQ(nr_movable, 1);
	KT_EQ(prep_move_freepages_block(zone_of(ZONE_NORMAL), pg(20), &start, NULL, NULL),
	      false);
	KT_EQ(prep_move_freepages_block(zone_of(ZONE_DMA), pg(17), &start, NULL, NULL), false);
}

/* v6.10: every free buddy moves old -> new, the block is retyped; -1 at a zone edge. */
static void test_move_block_v610(void)
{
	struct zone *normal;

	two_zone_node(SW_HYGIENE);
	normal = zone_of(ZONE_NORMAL);
	KT_EQ(setup_free_range(40, 48), 8);		/* one order-3 buddy */
	KT_EQ(free_pages_of(normal, M), 8);
	locked_move(normal, 41, M, H, 8);
	KT_EQ(get_pageblock_migratetype(pg(40)), H);
	KT_EQ(list_count(normal, 3, H), 1);
	KT_EQ(ev.moves, 1);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 0);
	/* the caller named the wrong old type: the hygiene check fires */
	locked_move(normal, 40, M, U, 8);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 1);
	KT_EQ(ev.warn_args[0], H);
	KT_EQ(ev.warn_args[1], M);
	KT_EQ(ev.warn_args[2], 8);
	ev_reset();
	locked_move(normal, 20, M, H, -1);
	KT_EQ(get_pageblock_migratetype(pg(20)), M);
	KT_EQ(ev.moves + ev.retypes, 0);
}

/*
 * v6.1: a block starting below the zone moves from the page on; one
 * ending past it moves nothing; the type is the caller's business.
 */
static void test_move_block_v61(void)
{
	struct zone *normal, *dma;
	int movable = -1;

	two_zone_node(SW_V610);
	normal = zone_of(ZONE_NORMAL);
	dma = zone_of(ZONE_DMA);
	KT_EQ(setup_free_buddy(20, 2, M), 0);
	KT_EQ(setup_free_buddy(16, 2, M), 0);		/* the DMA part of the block */
	spin_lock(&normal->lock);
	KT_EQ(__move_freepages_block_v61(normal, pg(21), H, &movable), 0);	/* from 21: no head */
	KT_EQ(__move_freepages_block_v61(normal, pg(20), H, &movable), 4);
	spin_unlock(&normal->lock);
	KT_EQ(movable, 0);
	KT_EQ(list_count(normal, 2, H), 1);
	KT_EQ(list_count(dma, 2, M), 1);		/* [16, 20) untouched */
	KT_EQ(get_pageblock_migratetype(pg(20)), M);	/* no retype */
	locked_move(dma, 17, M, H, 0);			/* end 23 is past DMA */
	KT_EQ(list_count(dma, 2, M), 1);
	/* the v6.1 form moves from whatever list: a buddy's list type goes with it */
	KT_EQ(pg(20)->list_mt, H);
}

/* change_pageblock_range(): 2^(order - pageblock_order) blocks, no more. */
static void test_change_range(void)
{
	small_node(64, 3, 5, SW_V610);
	change_pageblock_range(pg(16), 4, H);
	KT_EQ(get_pageblock_migratetype(pg(16)), H);
	KT_EQ(get_pageblock_migratetype(pg(24)), H);
	KT_EQ(get_pageblock_migratetype(pg(32)), M);
	KT_EQ(get_pageblock_migratetype(pg(8)), M);
	KT_EQ(ev.retypes, 2);
}

int main(void)
{
	test_isolate_bit();
	test_isolate_as_type();
	test_prep_move();
	test_move_block_v610();
	test_move_block_v61();
	test_change_range();
	node_exit();
	KT_MAIN_END();
}
