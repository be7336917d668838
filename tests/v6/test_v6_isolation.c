// SPDX-License-Identifier: MIT
/*
 * test_v6_isolation.c - pageblock isolation (isolation.c) in its three
 * forms: v6.1 (type ISOLATE, counted by the caller, a straddling buddy
 * left alone), v6.10 (the straddling buddy split, accounting by the list
 * moves) and the standalone isolate bit (the block keeps its type); the
 * unmovable-page refusal and the re-merge of an isolated buddy on undo.
 *
 * Geometry: one Normal zone [0, 64), 8-page blocks, orders 0..4.
 */
#include "v6_support.h"

/* A free block goes to the ISOLATE list, uncounted, and comes back. */
static void test_isolate_free_block(void)
{
	for (int hygiene = 0; hygiene < 2; hygiene++) {
		small_node(64, 3, 5, hygiene ? SW_HYGIENE : SW_V610);
		KT_EQ(setup_free_range(8, 16), 8);
		KT_EQ(set_migratetype_isolate(pg(8)), 0);
		KT_EQ(get_pageblock_migratetype(pg(8)), ISO);
		KT_EQ(list_count(normal(), 3, ISO), 1);
		KT_EQ(nr_free(), 0);
		KT_EQ(normal()->nr_isolate_pageblock, 1);
		KT_EQ(set_migratetype_isolate(pg(12)), -16);	/* -EBUSY: isolated already */
		unset_migratetype_isolate(pg(8), U);
		KT_EQ(get_pageblock_migratetype(pg(8)), U);
		KT_EQ(list_count(normal(), 3, U), 1);
		KT_EQ(nr_free(), 8);
		KT_EQ(normal()->nr_isolate_pageblock, 0);
	}
}

/* An allocated page that is not movable keeps the block from isolation. */
static void test_unmovable(void)
{
	small_node(64, 3, 5, SW_HYGIENE);
	KT_EQ(setup_free_range(16, 20), 4);
	KT_EQ(set_migratetype_isolate(pg(16)), -16);
	for (unsigned long pfn = 20; pfn < 24; pfn++)
		pg(pfn)->flags |= PG_movable;
	KT_EQ(set_migratetype_isolate(pg(16)), 0);
	KT_EQ(list_count(normal(), 2, ISO), 1);
}

/* Undo takes an isolated free buddy out and frees it again: it merges. */
static void test_undo_remerges(void)
{
	for (int hygiene = 0; hygiene < 2; hygiene++) {
		small_node(64, 3, 5, hygiene ? SW_HYGIENE : SW_V610);
		KT_EQ(setup_free_range(8, 16), 8);
		KT_EQ(set_migratetype_isolate(pg(8)), 0);
		KT_EQ(setup_free_range(0, 8), 8);
		KT_EQ(list_count(normal(), 3, M), 1);	/* no merge with the isolated block */
		unset_migratetype_isolate(pg(8), M);
		KT_EQ(list_count(normal(), 4, M), 1);
		KT_EQ(nr_free(), 16);
		KT_EQ(normal()->nr_isolate_pageblock, 0);
	}
}

/*
 * A free order-4 buddy straddles blocks 0 and 8.  v6.10 splits it and
 * isolates block 8's half; v6.1 finds no buddy head in block 8 and moves
 * nothing: the block is ISOLATE while its pages stay on the M list.
 */
static void test_straddling_buddy(void)
{
	small_node(64, 3, 5, SW_HYGIENE);
	KT_EQ(setup_free_range(0, 16), 16);
	KT_EQ(set_migratetype_isolate(pg(8)), 0);
	KT_EQ(list_count(normal(), 3, M), 1);
	KT_EQ(list_count(normal(), 3, ISO), 1);
	KT_EQ(nr_free(), 8);
	unset_migratetype_isolate(pg(8), M);
	KT_EQ(list_count(normal(), 4, M), 1);
	KT_EQ(nr_free(), 16);

	small_node(64, 3, 5, SW_V610);
	KT_EQ(setup_free_range(0, 16), 16);
	KT_EQ(set_migratetype_isolate(pg(8)), 0);
	KT_EQ(get_pageblock_migratetype(pg(8)), ISO);
	KT_EQ(list_count(normal(), 4, M), 1);
	KT_EQ(nr_free(), 16);
}

/* With the isolate bit the block returns to its own type, whatever the caller says. */
static void test_isolate_bit(void)
{
	small_node(64, 3, 5, SW_HYGIENE | SW(ISOLATE_BIT));
	block_type(8, U);
	KT_EQ(setup_free_range(8, 16), 8);
	KT_EQ(set_migratetype_isolate(pg(8)), 0);
	KT_EQ(get_pageblock_migratetype(pg(8)), ISO);
	KT_EQ(get_pageblock_type_raw(pg(8)), U);
	KT_EQ(list_count(normal(), 3, ISO), 1);
	unset_migratetype_isolate(pg(8), M);
	KT_EQ(get_pageblock_migratetype(pg(8)), U);
	KT_EQ(list_count(normal(), 3, U), 1);
	KT_EQ(ev.warns[WARN_SET_ISOLATE_TYPE] + ev.warns[WARN_UNISOLATE_TYPE], 0);
}

int main(void)
{
	test_isolate_free_block();
	test_unmovable();
	test_undo_remerges();
	test_straddling_buddy();
	test_isolate_bit();
	node_exit();
	KT_MAIN_END();
}
