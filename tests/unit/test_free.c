// SPDX-License-Identifier: MIT
/*
 * test_free.c - the free side (spec §2.13, §2.14): __free_one_page
 * (merging, the pageblock limit with isolated blocks, list placement,
 * head/tail, nr_free and NR_FREE_PAGES), free_one_page, free_hot_cold_page
 * (pcp routing and the cached type), free_pcppages_bulk (round robin,
 * tail first, stale cached type vs. re-read), drain_pages /
 * drain_all_pages, and __free_pages_ok split in prepare / commit.
 *
 * Geometry unless stated: one Normal zone [0, 64), pageblock_order 3
 * (8-page blocks), MAX_ORDER 5 (orders 0..4, the largest buddy is 16
 * pages = 2 blocks), 2 CPUs.  64 pages >= pb x MIGRATE_TYPES = 48, so
 * mobility grouping stays enabled.  Every expected value below is derived
 * by hand from the spec, in the comment next to it.
 */
#include "support.h"

/* ---- helpers ---- */

/* __free_one_page under zone->lock, as free_one_page calls it (no re-read). */
static void free_buddy(unsigned long pfn, unsigned int order, int mt)
{
	struct zone *z = page_zone(pg(pfn));

	spin_lock(&z->lock);
	__free_one_page(pg(pfn), pfn, z, order, mt);
	spin_unlock(&z->lock);
}

static void set_pcp(struct zone *z, unsigned int cpu, int high, int batch)
{
	z->pageset[cpu].high = high;
	z->pageset[cpu].batch = batch;
}

/* Retype a block outside any allocator path and keep the counter in step. */
static void retype_block(struct zone *z, unsigned long pfn, int mt, unsigned long counter)
{
	setup_pageblock_type(pfn, mt);
	setup_reserved_highatomic(z, counter);
}

/* ---- __free_one_page ---- */

/* Order-0 frees merge step by step up to MAX_ORDER-1 and never beyond. */
static void test_merge_to_max_order(void)
{
	struct zone *z = boot_normal64();

	for (unsigned long pfn = 0; pfn < 8; pfn++)
		free_buddy(pfn, 0, M);
	/* 0..7 = one whole block: a single order-3 buddy at 0 */
	KT_EQ(z->free_area[3].nr_free, 1);
	KT_EQ(list_pfn(buddy_list(z, 3, M), 0), 0);
	KT_EQ(page_order(pg(0)), 3);
	for (unsigned int o = 0; o < 3; o++)
		KT_EQ(z->free_area[o].nr_free, 0);

	for (unsigned long pfn = 8; pfn < 16; pfn++)
		free_buddy(pfn, 0, M);
	/* blocks 0 and 1 (both MOVABLE, no isolation) merge past pageblock_order: order 4 */
	KT_EQ(z->free_area[4].nr_free, 1);
	KT_EQ(z->free_area[3].nr_free, 0);
	KT_ASSERT(PageBuddy(pg(0)));
	KT_EQ(page_order(pg(0)), 4);
	KT_ASSERT(!PageBuddy(pg(8)));	/* absorbed: no longer a head */

	for (unsigned long pfn = 16; pfn < 32; pfn++)
		free_buddy(pfn, 0, M);
	/* order 4 is MAX_ORDER-1: 0..15 and 16..31 stay two buddies */
	KT_EQ(z->free_area[4].nr_free, 2);
	KT_EQ(page_order(pg(0)), 4);
	KT_ASSERT(PageBuddy(pg(16)));
	KT_EQ(page_order(pg(16)), 4);
	KT_EQ(nr_free_pages(z), 32);
	expect_clean();
}

/* A free buddy of the right order in another zone never merges. */
static void test_no_merge_across_zones(void)
{
	/* DMA [0, 12), Normal [12, 64): order-2 buddies 8 (DMA) and 12 (Normal) */
	for (int run = 0; run < 2; run++) {
		struct zone *dma, *nor;

		boot_small(3, 5, 0, 12, 12, 64);
		dma = node_zone(ZONE_DMA);
		nor = node_zone(ZONE_NORMAL);
		if (run == 0) {		/* DMA's free finds the Normal buddy */
			free_buddy(12, 2, M);
			free_buddy(8, 2, M);
		} else {		/* Normal's free finds the DMA buddy */
			free_buddy(8, 2, M);
			free_buddy(12, 2, M);
		}
		KT_EQ(page_order(pg(8)), 2);
		KT_EQ(page_order(pg(12)), 2);
		KT_EQ(dma->free_area[2].nr_free, 1);
		KT_EQ(dma->free_area[3].nr_free, 0);
		KT_EQ(nor->free_area[2].nr_free, 1);
		KT_EQ(nor->free_area[3].nr_free, 0);
		KT_EQ(list_pfn(buddy_list(dma, 2, M), 0), 8);
		KT_EQ(list_pfn(buddy_list(nor, 2, M), 0), 12);
		KT_EQ(nr_free_pages(dma), 4);
		KT_EQ(nr_free_pages(nor), 4);
		expect_clean();
	}
}

/*
 * With an isolated block in the zone, merging beyond pageblock_order stops
 * when exactly one of {freeing mt, buddy block's type} is ISOLATE.
 */
static void test_isolate_limits_merge(void)
{
	struct zone *z = boot_normal64();

	KT_EQ(set_migratetype_isolate(pg(8)), 0);	/* block 1 = 8..15 */
	KT_EQ(z->nr_isolate_pageblock, 1);

	/*
	 * free_one_page() with a stale MOVABLE: the zone has an isolated
	 * block, so the type is re-read (ISOLATE).  Inside the block the
	 * pages still merge up to order 3 = pageblock_order.
	 */
	for (unsigned long pfn = 8; pfn < 16; pfn++)
		free_one_page(z, pg(pfn), pfn, 0, M);
	KT_EQ(list_pfn(buddy_list(z, 3, ISO), 0), 8);
	KT_EQ(page_order(pg(8)), 3);
	KT_EQ(list_len(buddy_list(z, 0, M)), 0);
	KT_EQ(nr_free_pages(z), 0);		/* ISOLATE pages are not counted */

	/* MOVABLE block 0 beside the isolated block 1: stays order 3 */
	free_buddy(0, 3, M);
	KT_EQ(page_order(pg(0)), 3);
	KT_EQ(page_order(pg(8)), 3);
	KT_EQ(list_pfn(buddy_list(z, 3, M), 0), 0);
	KT_EQ(z->free_area[4].nr_free, 0);

	/* the other direction: freeing the ISOLATE block next to a free MOVABLE one */
	KT_EQ(set_migratetype_isolate(pg(24)), 0);	/* block 3 */
	free_buddy(16, 3, M);
	free_buddy(24, 3, ISO);
	KT_EQ(page_order(pg(16)), 3);
	KT_EQ(page_order(pg(24)), 3);
	KT_ASSERT(list_has_pfn(buddy_list(z, 3, ISO), 24));
	KT_ASSERT(list_has_pfn(buddy_list(z, 3, M), 16));

	/* both blocks isolated: they merge (32..47) */
	KT_EQ(set_migratetype_isolate(pg(32)), 0);
	KT_EQ(set_migratetype_isolate(pg(40)), 0);
	free_buddy(32, 3, ISO);
	free_buddy(40, 3, ISO);
	KT_EQ(page_order(pg(32)), 4);
	KT_ASSERT(list_has_pfn(buddy_list(z, 4, ISO), 32));

	/* neither isolated (48..63), in a zone that has isolated blocks: merge */
	free_buddy(48, 3, M);
	free_buddy(56, 3, M);
	KT_EQ(page_order(pg(48)), 4);
	KT_ASSERT(list_has_pfn(buddy_list(z, 4, M), 48));

	/* order 3: 0, 8, 16, 24; order 4: 32, 48 */
	KT_EQ(z->free_area[3].nr_free, 4);
	KT_EQ(z->free_area[4].nr_free, 2);
	/* counted: 0..7, 16..23, 48..63 = 8 + 8 + 16 */
	KT_EQ(nr_free_pages(z), 32);
	expect_clean();
}

/*
 * v4.9 set_migratetype_isolate() has no "already isolated" check (added by
 * 2c7452a075d4, v4.17): a second isolation counts the block again and
 * takes its free pages off NR_FREE_PAGES again; one unset undoes one.
 */
static void test_isolate_twice(void)
{
	struct zone *z = boot_normal64();

	node_free_range(8, 24);			/* blocks 1 and 2 */
	KT_EQ(nr_free_pages(z), 16);
	KT_EQ(set_migratetype_isolate(pg(8)), 0);
	KT_EQ(nr_free_pages(z), 8);
	KT_EQ(set_migratetype_isolate(pg(8)), 0);	/* not refused */
	KT_EQ(z->nr_isolate_pageblock, 2);
	KT_EQ(z->vm_stat[NR_FREE_PAGES], 0);		/* 8 pages taken off twice */
	KT_EQ(z->check.free_drift, 8);
	KT_EQ(check_node_full(), 0);			/* I9 allows for the drift */

	unset_migratetype_isolate(pg(8), M);
	KT_EQ(block_mt(8), M);
	KT_EQ(z->nr_isolate_pageblock, 1);		/* has_isolate_pageblock() for good */
	KT_EQ(nr_free_pages(z), 8);			/* 16 on the lists */
	unset_migratetype_isolate(pg(8), M);		/* no longer isolated: nothing */
	KT_EQ(z->nr_isolate_pageblock, 1);
	KT_EQ(nr_free_pages(z), 8);
	/* the watermark checks see the low counter */
	KT_EQ(zone_watermark_ok(z, 0, 8, 0, 0), 0);
	expect_clean();
}

/* The merged buddy goes on the FREEING page's list, whatever the absorbed ones were on. */
static void test_placement_by_freeing_type(void)
{
	struct zone *z = boot_normal64();

	setup_pageblock_type(0, E);		/* nor does the block type decide */
	free_buddy(1, 0, E);
	free_buddy(2, 1, U);
	KT_EQ(list_pfn(buddy_list(z, 0, E), 0), 1);
	KT_EQ(list_pfn(buddy_list(z, 1, U), 0), 2);
	free_buddy(0, 0, M);			/* 0+1 -> order 1, +2..3 -> order 2 */
	KT_EQ(page_order(pg(0)), 2);
	KT_EQ(list_pfn(buddy_list(z, 2, M), 0), 0);
	KT_EQ(list_len(buddy_list(z, 0, E)), 0);
	KT_EQ(list_len(buddy_list(z, 1, U)), 0);
	KT_EQ(list_len(buddy_list(z, 2, E)), 0);
	KT_EQ(z->free_area[0].nr_free, 0);
	KT_EQ(z->free_area[1].nr_free, 0);
	KT_EQ(z->free_area[2].nr_free, 1);
	KT_EQ(get_pageblock_migratetype(pg(0)), E);	/* freeing never retypes */

	/* two blocks of different types merge into one order-4 buddy */
	setup_pageblock_type(16, U);		/* block 2 U, block 3 stays M */
	free_buddy(16, 3, U);
	free_buddy(24, 3, M);
	KT_EQ(page_order(pg(16)), 4);
	KT_EQ(list_pfn(buddy_list(z, 4, M), 0), 16);
	KT_EQ(list_len(buddy_list(z, 3, U)), 0);
	KT_EQ(get_pageblock_migratetype(pg(16)), U);
	KT_EQ(get_pageblock_migratetype(pg(24)), M);

	/* and the other way round: the later free's type wins (U) */
	free_buddy(32, 3, M);
	free_buddy(40, 3, U);
	KT_EQ(page_order(pg(32)), 4);
	KT_EQ(list_pfn(buddy_list(z, 4, U), 0), 32);
	KT_EQ(list_len(buddy_list(z, 3, M)), 0);

	KT_EQ(z->free_area[4].nr_free, 2);
	KT_EQ(nr_free_pages(z), 36);		/* 4 + 16 + 16 */
	expect_clean();
}

/*
 * Tail placement when the next-higher buddy is free and order <
 * MAX_ORDER-2 (= 3 here); head otherwise.
 */
static void test_tail_vs_head_placement(void)
{
	struct zone *z = boot_normal64();

	/* the tail, like the head, is on the freeing type's list, not the block's */
	setup_pageblock_type(0, U);

	/* order 0 */
	free_buddy(9, 0, M);	/* 8 busy; next-higher buddy 10 (o1) busy: head */
	free_buddy(2, 1, M);	/* 0..1 busy; next-higher buddy 4 (o2) busy: head */
	free_buddy(0, 0, M);	/* 1 busy; next-higher buddy 2 (o1) FREE: tail */
	KT_EQ(page_order(pg(0)), 0);
	KT_EQ(list_pfn(buddy_list(z, 0, M), 0), 9);
	KT_EQ(list_pfn(buddy_list(z, 0, M), -1), 0);
	free_buddy(17, 0, M);	/* 16 busy; next-higher buddy 18 (o1) busy: head */
	KT_EQ(list_pfn(buddy_list(z, 0, M), 0), 17);
	KT_EQ(list_pfn(buddy_list(z, 0, M), 1), 9);
	KT_EQ(list_pfn(buddy_list(z, 0, M), 2), 0);
	KT_EQ(list_len(buddy_list(z, 0, U)), 0);

	/* order 2, the highest order that can go to the tail (2 < 3) */
	free_buddy(40, 3, M);	/* 32..39 busy, next-higher 48 (o4) busy: head */
	free_buddy(52, 2, M);	/* 48 busy, next-higher 56 (o3) busy: head */
	free_buddy(36, 2, M);	/* 32 busy, next-higher 40 (o3) FREE: tail */
	KT_EQ(list_pfn(buddy_list(z, 2, M), 0), 52);
	KT_EQ(list_pfn(buddy_list(z, 2, M), -1), 36);
	KT_EQ(list_len(buddy_list(z, 2, M)), 2);
	expect_clean();

	/* order 3 = MAX_ORDER-2: always the head, even with a free order-4 buddy */
	z = boot_normal64();
	free_buddy(0, 3, M);	/* 8 busy, 16 (o4) busy: head */
	free_buddy(48, 4, M);
	free_buddy(40, 3, M);	/* 32 busy, next-higher 48 (o4) free, but 3 >= 3: head */
	KT_EQ(list_pfn(buddy_list(z, 3, M), 0), 40);
	KT_EQ(list_pfn(buddy_list(z, 3, M), 1), 0);
	expect_clean();
}

/* nr_free per order and NR_FREE_PAGES (+ CMA counter, - ISOLATE) through merges. */
static void test_free_counters(void)
{
	struct zone *z = boot_normal64();

	free_buddy(0, 0, M);
	KT_EQ(z->free_area[0].nr_free, 1);
	KT_EQ(nr_free_pages(z), 1);
	free_buddy(1, 0, M);		/* merges: order-0 count -1, order-1 +1 */
	KT_EQ(z->free_area[0].nr_free, 0);
	KT_EQ(z->free_area[1].nr_free, 1);
	KT_EQ(nr_free_pages(z), 2);
	free_buddy(3, 0, M);		/* 2 busy: stays order 0 */
	KT_EQ(z->free_area[0].nr_free, 1);
	KT_EQ(z->free_area[1].nr_free, 1);
	KT_EQ(nr_free_pages(z), 3);
	free_buddy(2, 0, M);		/* 2+3 -> o1 at 2, + o1 at 0 -> o2 at 0 */
	KT_EQ(z->free_area[0].nr_free, 0);
	KT_EQ(z->free_area[1].nr_free, 0);
	KT_EQ(z->free_area[2].nr_free, 1);
	KT_EQ(nr_free_pages(z), 4);
	KT_EQ(z->vm_stat[NR_FREE_CMA_PAGES], 0);

	/* CMA: both counters */
	setup_pageblock_type(8, CMA);
	free_buddy(8, 2, CMA);
	KT_EQ(nr_free_pages(z), 8);
	KT_EQ(z->vm_stat[NR_FREE_CMA_PAGES], 4);
	free_buddy(12, 2, CMA);		/* merges to o3 at 8 on the CMA list */
	KT_EQ(nr_free_pages(z), 12);
	KT_EQ(z->vm_stat[NR_FREE_CMA_PAGES], 8);
	KT_EQ(z->free_area[3].nr_free, 1);
	KT_EQ(list_pfn(buddy_list(z, 3, CMA), 0), 8);

	/* ISOLATE: on the list and in nr_free, not in NR_FREE_PAGES */
	KT_EQ(set_migratetype_isolate(pg(16)), 0);
	free_buddy(16, 0, ISO);
	KT_EQ(z->free_area[0].nr_free, 1);
	KT_EQ(list_pfn(buddy_list(z, 0, ISO), 0), 16);
	KT_EQ(nr_free_pages(z), 12);
	KT_EQ(z->vm_stat[NR_FREE_CMA_PAGES], 8);
	expect_clean();
}

/* ---- free_hot_cold_page ---- */

/*
 * Order 0 goes to the current CPU's pcp list of the block's type; H and
 * CMA ride the MOVABLE list with their type cached; ISOLATE goes straight
 * to the buddy lists.
 */
static void test_pcp_free_routing(void)
{
	struct zone *z = boot_normal64();

	set_pcp(z, 0, 100, 4);
	set_pcp(z, 1, 100, 4);
	/* block 0 M (boot), 1 U, 2 E, 3 H, 4 CMA, 5 ISOLATE */
	setup_pageblock_type(8, U);
	setup_pageblock_type(16, E);
	retype_block(z, 24, H, 8);
	setup_pageblock_type(32, CMA);
	KT_EQ(set_migratetype_isolate(pg(40)), 0);

	set_current(1, false);
	free_hot_cold_page(pg(0), false);
	KT_EQ(list_pfn(pcp_list(z, 1, M), 0), 0);
	KT_EQ(z->pageset[1].count, 1);
	KT_EQ(z->pageset[0].count, 0);
	KT_EQ(list_len(pcp_list(z, 0, M)), 0);
	KT_EQ(get_pcppage_migratetype(pg(0)), M);
	KT_ASSERT(pg(0)->flags & PG_pcp);
	KT_ASSERT(!PageBuddy(pg(0)));
	KT_EQ(nr_free_pages(z), 0);		/* pcp pages are not in NR_FREE_PAGES */

	free_hot_cold_page(pg(2), false);	/* hot: head */
	free_hot_cold_page(pg(4), true);	/* cold: tail */
	KT_EQ(list_pfn(pcp_list(z, 1, M), 0), 2);
	KT_EQ(list_pfn(pcp_list(z, 1, M), 1), 0);
	KT_EQ(list_pfn(pcp_list(z, 1, M), 2), 4);

	free_hot_cold_page(pg(8), false);
	free_hot_cold_page(pg(16), false);
	KT_EQ(list_pfn(pcp_list(z, 1, U), 0), 8);
	KT_EQ(get_pcppage_migratetype(pg(8)), U);
	KT_EQ(list_pfn(pcp_list(z, 1, E), 0), 16);
	KT_EQ(get_pcppage_migratetype(pg(16)), E);

	free_hot_cold_page(pg(24), false);	/* H block: MOVABLE list, cached H */
	KT_EQ(list_pfn(pcp_list(z, 1, M), 0), 24);
	KT_EQ(get_pcppage_migratetype(pg(24)), H);
	free_hot_cold_page(pg(32), false);	/* CMA block: MOVABLE list, cached CMA */
	KT_EQ(list_pfn(pcp_list(z, 1, M), 0), 32);
	KT_EQ(get_pcppage_migratetype(pg(32)), CMA);
	KT_EQ(list_len(pcp_list(z, 1, M)), 5);	/* 32, 24, 2, 0, 4 */
	KT_EQ(list_len(pcp_list(z, 1, U)), 1);
	KT_EQ(list_len(pcp_list(z, 1, E)), 1);
	KT_EQ(z->pageset[1].count, 7);

	free_hot_cold_page(pg(40), false);	/* ISOLATE: buddy list at once */
	KT_EQ(z->pageset[1].count, 7);
	KT_ASSERT(!(pg(40)->flags & PG_pcp));
	KT_ASSERT(PageBuddy(pg(40)));
	KT_EQ(list_pfn(buddy_list(z, 0, ISO), 0), 40);
	KT_EQ(nr_free_pages(z), 0);

	set_current(0, false);
	free_hot_cold_page(pg(6), false);
	KT_EQ(list_pfn(pcp_list(z, 0, M), 0), 6);
	KT_EQ(z->pageset[0].count, 1);
	KT_EQ(z->pageset[1].count, 7);
	expect_clean();

	/* drained, each page goes to its cached type's buddy list */
	drain_all_pages(NULL);
	KT_EQ(z->pageset[0].count + z->pageset[1].count, 0);
	KT_ASSERT(list_has_pfn(buddy_list(z, 0, H), 24));
	KT_ASSERT(list_has_pfn(buddy_list(z, 0, CMA), 32));
	KT_EQ(z->vm_stat[NR_FREE_CMA_PAGES], 1);
	KT_EQ(nr_free_pages(z), 8);		/* 0, 2, 4, 6, 8, 16, 24, 32 */
	expect_clean();
}

/* count >= high: free `batch` pages, tail (cold end) first, round robin. */
static void test_pcp_high_drain(void)
{
	struct zone *z = boot_normal64();

	/* only the UNMOVABLE list: M and E empty, so U's batch_free = 3 -> count */
	set_pcp(z, 0, 3, 2);
	setup_pageblock_type(8, U);
	free_hot_cold_page(pg(8), false);
	free_hot_cold_page(pg(10), false);
	KT_EQ(z->pageset[0].count, 2);		/* 2 < high 3: nothing freed */
	KT_EQ(nr_free_pages(z), 0);
	free_hot_cold_page(pg(12), false);	/* list [12, 10, 8], count 3 >= 3 */
	KT_EQ(z->pageset[0].count, 1);		/* 3 - batch 2 */
	KT_EQ(list_len(pcp_list(z, 0, U)), 1);
	KT_EQ(list_pfn(pcp_list(z, 0, U), 0), 12);	/* the hot head stays */
	KT_EQ(nr_free_pages(z), 2);
	/* 8 (tail) freed first, then 10, each to the head of the buddy list */
	KT_EQ(list_pfn(buddy_list(z, 0, U), 0), 10);
	KT_EQ(list_pfn(buddy_list(z, 0, U), 1), 8);
	expect_clean();

	/* mixed lists, high 4, batch 2: MOVABLE first, then RECLAIMABLE */
	z = boot_normal64();
	set_pcp(z, 0, 4, 2);
	setup_pageblock_type(8, U);
	setup_pageblock_type(16, E);
	free_hot_cold_page(pg(8), false);
	free_hot_cold_page(pg(10), false);
	free_hot_cold_page(pg(0), false);
	free_hot_cold_page(pg(16), false);	/* count 4 >= 4 */
	KT_EQ(z->pageset[0].count, 2);
	KT_EQ(list_len(pcp_list(z, 0, U)), 2);	/* UNMOVABLE's turn never came */
	KT_EQ(list_len(pcp_list(z, 0, M)), 0);
	KT_EQ(list_len(pcp_list(z, 0, E)), 0);
	KT_EQ(list_pfn(buddy_list(z, 0, M), 0), 0);
	KT_EQ(list_pfn(buddy_list(z, 0, E), 0), 16);
	KT_EQ(nr_free_pages(z), 2);
	expect_clean();
}

/* free_pcppages_bulk called directly: the round robin and batch_free growth. */
static void test_bulk_round_robin(void)
{
	struct zone *z = boot_normal64();
	struct per_cpu_pages *pcp = &z->pageset[0];

	set_pcp(z, 0, 100, 4);
	setup_pageblock_type(8, U);
	setup_pageblock_type(16, E);
	/* lists: U [10, 8], M [2, 0], E [18, 16] (head first) */
	free_hot_cold_page(pg(8), false);
	free_hot_cold_page(pg(10), false);
	free_hot_cold_page(pg(0), false);
	free_hot_cold_page(pg(2), false);
	free_hot_cold_page(pg(16), false);
	free_hot_cold_page(pg(18), false);
	KT_EQ(pcp->count, 6);

	/* count 2: M (first after index 0) gives its tail 0, E its tail 16 */
	free_pcppages_bulk(z, 2, pcp);
	pcp->count -= 2;
	KT_EQ(list_len(pcp_list(z, 0, M)), 1);
	KT_EQ(list_pfn(pcp_list(z, 0, M), 0), 2);
	KT_EQ(list_len(pcp_list(z, 0, E)), 1);
	KT_EQ(list_pfn(pcp_list(z, 0, E), 0), 18);
	KT_EQ(list_len(pcp_list(z, 0, U)), 2);
	KT_ASSERT(list_has_pfn(buddy_list(z, 0, M), 0));
	KT_ASSERT(list_has_pfn(buddy_list(z, 0, E), 16));
	KT_ASSERT(!PageBuddy(pg(8)));

	/* count 3: one from each list, M, E, U: U keeps its head 10 */
	free_pcppages_bulk(z, 3, pcp);
	pcp->count -= 3;
	KT_EQ(list_len(pcp_list(z, 0, M)), 0);
	KT_EQ(list_len(pcp_list(z, 0, E)), 0);
	KT_EQ(list_len(pcp_list(z, 0, U)), 1);
	KT_EQ(list_pfn(pcp_list(z, 0, U), 0), 10);
	KT_ASSERT(list_has_pfn(buddy_list(z, 0, U), 8));
	KT_EQ(nr_free_pages(z), 5);
	expect_clean();

	/* an empty list makes the next list's batch grow */
	z = boot_normal64();
	pcp = &z->pageset[0];
	set_pcp(z, 0, 100, 4);
	setup_pageblock_type(8, U);
	setup_pageblock_type(16, E);
	for (unsigned long pfn = 8; pfn < 14; pfn += 2)
		free_hot_cold_page(pg(pfn), false);	/* U [12, 10, 8] */
	for (unsigned long pfn = 16; pfn < 22; pfn += 2)
		free_hot_cold_page(pg(pfn), false);	/* E [20, 18, 16] */
	/* M empty: batch_free 1 -> 2 on reaching E, so E gives 2 and U none */
	free_pcppages_bulk(z, 2, pcp);
	pcp->count -= 2;
	KT_EQ(list_len(pcp_list(z, 0, E)), 1);
	KT_EQ(list_pfn(pcp_list(z, 0, E), 0), 20);
	KT_EQ(list_len(pcp_list(z, 0, U)), 3);
	KT_EQ(nr_free_pages(z), 2);
	expect_clean();
}

/*
 * The cached type is read at free time and used at drain time even when
 * the block was retyped in between, unless the zone has an isolated
 * block: then the block is re-read.
 */
static void test_bulk_cached_type(void)
{
	struct zone *z = boot_normal64();

	set_pcp(z, 0, 100, 4);
	setup_pageblock_type(8, U);
	retype_block(z, 24, H, 8);
	free_hot_cold_page(pg(8), false);
	free_hot_cold_page(pg(24), false);
	/* the blocks change type while the pages sit on the pcp lists */
	retype_block(z, 8, M, 8);
	retype_block(z, 24, M, 0);		/* e.g. unreserved on another CPU */
	KT_EQ(get_pcppage_migratetype(pg(8)), U);
	KT_EQ(get_pcppage_migratetype(pg(24)), H);
	KT_EQ(list_pfn(pcp_list(z, 0, U), 0), 8);	/* still on the list it went to */
	drain_pages(0);
	KT_EQ(z->pageset[0].count, 0);
	KT_EQ(list_pfn(buddy_list(z, 0, U), 0), 8);	/* stale U, block now M */
	KT_EQ(list_pfn(buddy_list(z, 0, H), 0), 24);	/* stale H: the v1-2 situation */
	KT_EQ(list_len(buddy_list(z, 0, M)), 0);
	KT_EQ(nr_free_pages(z), 2);
	expect_clean();

	/* the same with an isolated block elsewhere in the zone: re-read */
	z = boot_normal64();
	set_pcp(z, 0, 100, 4);
	KT_EQ(set_migratetype_isolate(pg(48)), 0);	/* block 6 (it drains pcps) */
	setup_pageblock_type(8, U);
	retype_block(z, 24, H, 8);
	free_hot_cold_page(pg(8), false);
	free_hot_cold_page(pg(24), false);
	KT_EQ(get_pcppage_migratetype(pg(24)), H);
	retype_block(z, 8, E, 8);
	retype_block(z, 24, M, 0);
	drain_pages(0);
	KT_EQ(list_pfn(buddy_list(z, 0, E), 0), 8);
	KT_EQ(list_pfn(buddy_list(z, 0, M), 0), 24);
	KT_EQ(list_len(buddy_list(z, 0, U)), 0);
	KT_EQ(list_len(buddy_list(z, 0, H)), 0);
	KT_EQ(nr_free_pages(z), 2);
	expect_clean();
}

/* drain_pages(cpu): every zone of one CPU; drain_all_pages(zone|NULL): every CPU. */
static void test_drains(void)
{
	struct zone *dma, *nor;

	boot_small(3, 5, 0, 64, 64, 128);
	dma = node_zone(ZONE_DMA);
	nor = node_zone(ZONE_NORMAL);
	for (unsigned int cpu = 0; cpu < 2; cpu++) {
		set_pcp(dma, cpu, 100, 4);
		set_pcp(nor, cpu, 100, 4);
	}
	set_current(0, false);
	free_hot_cold_page(pg(2), false);	/* DMA cpu0 */
	free_hot_cold_page(pg(66), false);	/* Normal cpu0 */
	free_hot_cold_page(pg(68), false);	/* Normal cpu0 */
	set_current(1, false);
	free_hot_cold_page(pg(70), false);	/* Normal cpu1 */
	free_hot_cold_page(pg(4), false);	/* DMA cpu1 */
	KT_EQ(dma->pageset[0].count, 1);
	KT_EQ(dma->pageset[1].count, 1);
	KT_EQ(nor->pageset[0].count, 2);
	KT_EQ(nor->pageset[1].count, 1);
	KT_EQ(nr_free_pages(dma) + nr_free_pages(nor), 0);

	drain_pages(1);				/* cpu 1, both zones */
	KT_EQ(dma->pageset[1].count, 0);
	KT_EQ(nor->pageset[1].count, 0);
	KT_EQ(dma->pageset[0].count, 1);
	KT_EQ(nor->pageset[0].count, 2);
	KT_ASSERT(PageBuddy(pg(4)) && !(pg(4)->flags & PG_pcp));
	KT_ASSERT(PageBuddy(pg(70)));
	KT_ASSERT(pg(2)->flags & PG_pcp);
	KT_EQ(nr_free_pages(dma), 1);
	KT_EQ(nr_free_pages(nor), 1);

	drain_all_pages(nor);			/* every CPU, Normal only */
	KT_EQ(nor->pageset[0].count, 0);
	KT_EQ(dma->pageset[0].count, 1);
	KT_EQ(nr_free_pages(nor), 3);
	KT_EQ(nr_free_pages(dma), 1);

	drain_all_pages(NULL);			/* every CPU, every zone */
	KT_EQ(dma->pageset[0].count, 0);
	KT_EQ(nr_free_pages(dma), 2);
	KT_ASSERT(PageBuddy(pg(2)));
	expect_clean();
}

/* ---- __free_pages_ok split, __free_pages ---- */

/*
 * The type read in prepare is what commit uses, even if the block changed
 * in between (the order>0 race, spec §1.9); only an isolated block in the
 * zone makes free_one_page re-read it.
 */
static void test_free_pages_ok_split(void)
{
	struct zone *z = boot_normal64();
	unsigned long pgfree;
	int mt;

	retype_block(z, 16, H, 8);
	pg(16)->owner = 7;
	pgfree = contig_page_data.pgfree;
	mt = __free_pages_ok_prepare(pg(16), 1);
	KT_EQ(mt, H);
	KT_EQ(pg(16)->owner, 0);
	KT_EQ(contig_page_data.pgfree, pgfree + 2);
	KT_EQ(nr_free_pages(z), 0);		/* not freed yet */
	KT_ASSERT(!PageBuddy(pg(16)));
	retype_block(z, 16, M, 0);		/* another CPU unreserves the block */
	__free_pages_ok_commit(pg(16), 1, mt);
	KT_EQ(page_order(pg(16)), 1);
	KT_EQ(list_pfn(buddy_list(z, 1, H), 0), 16);	/* the type read in prepare */
	KT_EQ(list_len(buddy_list(z, 1, M)), 0);
	KT_EQ(nr_free_pages(z), 2);
	expect_clean();

	/* an isolated block in the zone: free_one_page re-reads (M) */
	z = boot_normal64();
	KT_EQ(set_migratetype_isolate(pg(48)), 0);
	retype_block(z, 16, H, 8);
	mt = __free_pages_ok_prepare(pg(16), 1);
	KT_EQ(mt, H);
	retype_block(z, 16, M, 0);
	__free_pages_ok_commit(pg(16), 1, mt);
	KT_EQ(list_pfn(buddy_list(z, 1, M), 0), 16);
	KT_EQ(list_len(buddy_list(z, 1, H)), 0);
	KT_EQ(nr_free_pages(z), 2);
	expect_clean();

	/* __free_pages: order 0 to the pcp, order > 0 to the buddy lists */
	z = boot_normal64();
	set_pcp(z, 0, 100, 4);
	__free_pages(pg(32), 0);
	__free_pages(pg(34), 1);
	KT_ASSERT(pg(32)->flags & PG_pcp);
	KT_EQ(z->pageset[0].count, 1);
	KT_EQ(list_pfn(buddy_list(z, 1, M), 0), 34);
	KT_EQ(nr_free_pages(z), 2);
	expect_clean();
}

int main(void)
{
	test_merge_to_max_order();
	test_no_merge_across_zones();
	test_isolate_limits_merge();
	test_isolate_twice();
	test_placement_by_freeing_type();
	test_tail_vs_head_placement();
	test_free_counters();
	test_pcp_free_routing();
	test_pcp_high_drain();
	test_bulk_round_robin();
	test_bulk_cached_type();
	test_drains();
	test_free_pages_ok_split();
	node_exit();
	KT_MAIN_END();
}
