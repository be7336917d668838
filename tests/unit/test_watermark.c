// SPDX-License-Identifier: MIT
/*
 * test_watermark.c - __zone_watermark_ok, zone_watermark_ok and
 * zone_watermark_fast against spec §2.9 and the gates of §5.0 (zone Z:
 * min 512, low 640, high 768).
 */
#include "support.h"

#define NORMAL	ZONE_NORMAL
#define HH	(ALLOC_HIGH | ALLOC_HARDER)	/* GFP_ATOMIC in the slow path */

/* §5.0 zone Z: Normal [0, 65536), nothing free. */
static struct zone *init_Z(void)
{
	struct zone *z = boot_Z("v4.8");

	KT_REQUIRE(min_wmark_pages(z) == 512);
	KT_REQUIRE(low_wmark_pages(z) == 640);
	return z;
}

static bool wm(struct zone *z, unsigned int order, unsigned long mark, int cz,
	       unsigned int flags, long free)
{
	return __zone_watermark_ok(z, order, mark, cz, flags, free);
}

/*
 * __zone_watermark_ok in Z at the min mark with plenty of free pages
 * claimed: for order > 0 only the search for a usable free buddy decides.
 */
static bool buddy_ok(struct zone *z, unsigned int order, unsigned int flags)
{
	return wm(z, order, 512, NORMAL, flags, 100000);
}

/*
 * The edge of __zone_watermark_ok: it passes with @free pages and fails
 * with one page fewer.  @line is the caller's, named on a failure.
 */
#define wm_edge(z, order, mark, cz, flags, free) \
	wm_edge_((z), (order), (mark), (cz), (flags), (free), __LINE__)
static void wm_edge_(struct zone *z, unsigned int order, unsigned long mark, int cz,
		     unsigned int flags, long free, int line)
{
	long failed = kt_failed();

	KT_EQ(wm(z, order, mark, cz, flags, free), 1);
	KT_EQ(wm(z, order, mark, cz, flags, free - 1), 0);
	if (kt_failed() != failed)
		fprintf(stderr, "    wm_edge(order %u, mark %lu, classzone %d, flags %#x, free %ld) at line %d\n",
			order, mark, cz, flags, free, line);
}

static void test_order0_arithmetic(void)
{
	struct zone *z = init_Z();

	/* plain: fail if free <= min */
	wm_edge(z, 0, 512, NORMAL, 0, 513);
	KT_EQ(wm(z, 0, 512, NORMAL, 0, 0), 0);
	wm_edge(z, 0, 0, NORMAL, 0, 1);		/* 1 > 0, 0 <= 0 */
	KT_EQ(wm(z, 0, 512, NORMAL, 0, -5), 0);
	/* ALLOC_HIGH: min -= min/2 -> 256 */
	wm_edge(z, 0, 512, NORMAL, ALLOC_HIGH, 257);
	/* ALLOC_HARDER: min -= min/4 -> 384 */
	wm_edge(z, 0, 512, NORMAL, ALLOC_HARDER, 385);
	/* both (GFP_ATOMIC): 512 -> 256 -> 256 - 64 = 192 (§5.0 "effective min 192") */
	wm_edge(z, 0, 512, NORMAL, HH, 193);
	/* odd mark 513: HIGH 513 - 256 = 257; HARDER 513 - 128 = 385; both 257 - 64 = 193 */
	wm_edge(z, 0, 513, NORMAL, ALLOC_HIGH, 258);
	wm_edge(z, 0, 513, NORMAL, ALLOC_HARDER, 386);
	wm_edge(z, 0, 513, NORMAL, HH, 194);
	/* the mark index bits and CPUSET do not change the arithmetic */
	KT_EQ(wm(z, 0, 512, NORMAL, ALLOC_WMARK_LOW | ALLOC_CPUSET, 513), 1);
	KT_EQ(wm(z, 0, 512, NORMAL, ALLOC_WMARK_HIGH | ALLOC_CPUSET, 512), 0);

	/* zone_watermark_ok() reads NR_FREE_PAGES: free [0, 513) -> F = 513 */
	node_free_range(0, 513);
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 513);
	KT_EQ(zone_watermark_ok(z, 0, 512, NORMAL, 0), 1);
	KT_EQ(zone_watermark_ok(z, 0, 513, NORMAL, 0), 0);
	KT_EQ(hat_checker.fired, 0);
}

static void test_reserve_and_cma(void)
{
	struct zone *z = init_Z();

	/* counter C = 1536 (3 blocks' worth, set directly) */
	setup_reserved_highatomic(z, 1536);
	/* without HARDER the whole counter is subtracted: free - 1536 > 512 */
	wm_edge(z, 0, 512, NORMAL, 0, 2049);
	/* ALLOC_HIGH alone still subtracts it: free - 1536 > 256 */
	wm_edge(z, 0, 512, NORMAL, ALLOC_HIGH, 1793);
	/* ALLOC_HARDER: no subtraction, min 384 */
	wm_edge(z, 0, 512, NORMAL, ALLOC_HARDER, 385);
	wm_edge(z, 0, 512, NORMAL, HH, 193);

	/* CMA: a free CMA block -> NR_FREE_CMA_PAGES 512 */
	setup_reserved_highatomic(z, 0);
	make_block(40, CMA, 9);
	KT_EQ(zone_page_state(z, NR_FREE_CMA_PAGES), 512);
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 512);
	/* without ALLOC_CMA: free - 512 > 512 */
	wm_edge(z, 0, 512, NORMAL, 0, 1025);
	/* HARDER does not exempt from the CMA subtraction: free - 512 > 384 */
	wm_edge(z, 0, 512, NORMAL, ALLOC_HARDER, 897);
	/* with ALLOC_CMA: nothing subtracted */
	wm_edge(z, 0, 512, NORMAL, ALLOC_CMA, 513);
	/* counter and CMA both: free - 1024 - 512 > 512 */
	setup_reserved_highatomic(z, 1024);
	wm_edge(z, 0, 512, NORMAL, 0, 2049);
	wm_edge(z, 0, 512, NORMAL, ALLOC_CMA, 1537);
}

static void test_lowmem_reserve(void)
{
	struct zone *dma, *dma32;

	boot_three_zones();
	dma = node_zone(ZONE_DMA);
	dma32 = node_zone(ZONE_DMA32);
	/* from test_sizing: DMA32 min 1354, lowmem_reserve[NORMAL] = 65536/256 = 256 */
	KT_REQUIRE(min_wmark_pages(dma32) == 1354);
	/* classzone NORMAL: free > 1354 + 256 */
	wm_edge(dma32, 0, 1354, ZONE_NORMAL, 0, 1611);
	/* classzone DMA32 (own zone): no reserve */
	wm_edge(dma32, 0, 1354, ZONE_DMA32, 0, 1355);
	/* HARDER cuts the mark, not the reserve: 1354 - 338 + 256 = 1272 */
	wm_edge(dma32, 0, 1354, ZONE_NORMAL, ALLOC_HARDER, 1273);
	/* ALLOC_HIGH likewise: 1354 - 677 + 256 = 933 */
	wm_edge(dma32, 0, 1354, ZONE_NORMAL, ALLOC_HIGH, 934);
	/* DMA min 10: reserve 2288 for NORMAL, 2032 for DMA32, 0 for DMA */
	wm_edge(dma, 0, 10, ZONE_NORMAL, 0, 2299);
	wm_edge(dma, 0, 10, ZONE_DMA32, 0, 2043);
	wm_edge(dma, 0, 10, ZONE_DMA, 0, 11);

	/* zone_watermark_fast's order-0 shortcut adds the reserve too:
	 * F = 1610 in DMA32 -> classzone NORMAL fails (1610 <= 1610), DMA32 passes */
	node_free_range(4096, 4096 + 1610);
	KT_EQ(zone_page_state(dma32, NR_FREE_PAGES), 1610);
	KT_EQ(zone_watermark_fast(dma32, 0, 1354, ZONE_NORMAL, 0), 0);
	KT_EQ(zone_watermark_fast(dma32, 0, 1354, ZONE_DMA32, 0), 1);
	node_free_range(8192, 8193);			/* F = 1611 */
	KT_EQ(zone_watermark_fast(dma32, 0, 1354, ZONE_NORMAL, 0), 1);
}

static void test_high_order(void)
{
	struct zone *z = init_Z();

	/* nothing free: order > 0 fails however much "free" is claimed */
	KT_EQ(buddy_ok(z, 1, 0), 0);
	KT_EQ(buddy_ok(z, 1, HH), 0);
	KT_EQ(buddy_ok(z, 0, 0), 1);		/* order 0 needs no buddy */

	/* two order-0 buddies (not mutual buddies): still no order-1 buddy */
	put_buddy(5120, 0, MIGRATE_MOVABLE);
	put_buddy(5122, 0, MIGRATE_MOVABLE);
	KT_EQ(z->free_area[0].nr_free, 2);
	KT_EQ(buddy_ok(z, 1, 0), 0);
	KT_EQ(buddy_ok(z, 1, HH), 0);

	/* an order-1 buddy on an H list: usable only with ALLOC_HARDER */
	setup_pageblock_type(6144, MIGRATE_HIGHATOMIC);
	put_buddy(6144, 1, MIGRATE_HIGHATOMIC);
	KT_EQ(buddy_ok(z, 1, 0), 0);
	KT_EQ(buddy_ok(z, 1, ALLOC_HIGH), 0);
	KT_EQ(buddy_ok(z, 1, ALLOC_CMA), 0);
	KT_EQ(buddy_ok(z, 1, ALLOC_HARDER), 1);
	KT_EQ(buddy_ok(z, 1, HH), 1);
	KT_EQ(buddy_ok(z, 2, HH), 0);		/* no buddy of order >= 2 */

	/* an order-2 buddy on a CMA list: only with ALLOC_CMA (or HARDER) */
	setup_pageblock_type(7168, MIGRATE_CMA);
	put_buddy(7168, 2, MIGRATE_CMA);
	KT_EQ(zone_page_state(z, NR_FREE_CMA_PAGES), 4);
	KT_EQ(buddy_ok(z, 2, 0), 0);
	KT_EQ(buddy_ok(z, 1, 0), 0);		/* H at 1, CMA at 2: neither usable */
	KT_EQ(buddy_ok(z, 2, ALLOC_CMA), 1);
	KT_EQ(buddy_ok(z, 1, ALLOC_CMA), 1);	/* CMA order 2 >= 1 */
	KT_EQ(buddy_ok(z, 2, ALLOC_HARDER), 1);

	/* an order-5 buddy on an ISOLATE list: any list counts for HARDER */
	setup_pageblock_type(9216, MIGRATE_ISOLATE);
	put_buddy(9216, 5, MIGRATE_ISOLATE);
	KT_EQ(buddy_ok(z, 5, ALLOC_CMA), 0);
	KT_EQ(buddy_ok(z, 5, ALLOC_HARDER), 1);
	KT_EQ(buddy_ok(z, 6, ALLOC_HARDER), 0);

	/* an order-3 MOVABLE buddy: order 1..3 pass for everyone */
	put_buddy(8192, 3, MIGRATE_MOVABLE);
	KT_EQ(buddy_ok(z, 1, 0), 1);
	KT_EQ(buddy_ok(z, 3, 0), 1);
	KT_EQ(buddy_ok(z, 4, 0), 0);
	/* order o subtracts 2^o - 1 (and CMA 4 without ALLOC_CMA):
	 * order 3, ALLOC_CMA: free - 7 > 512 */
	wm_edge(z, 3, 512, NORMAL, ALLOC_CMA, 520);
	/* order 3, no ALLOC_CMA: free - 7 - 4 > 512 */
	wm_edge(z, 3, 512, NORMAL, 0, 524);
	/* §5.0 GFP_ATOMIC gate, order 1: free - 1 - 4 > 192 */
	wm_edge(z, 1, 512, NORMAL, HH, 198);
	/* order 1, with a counter: non-HARDER subtracts it, HARDER does not */
	setup_reserved_highatomic(z, 512);
	wm_edge(z, 1, 512, NORMAL, ALLOC_CMA, 1026);	/* 1026 - 1 - 512 = 513 */
	wm_edge(z, 1, 512, NORMAL, ALLOC_HARDER | ALLOC_CMA, 386);	/* 385 > 384 */
}

static void test_fast_with_reserve(void)
{
	struct zone *z = init_Z();

	/* §5.0: F = 1536 all in three free H blocks, C = 1536 */
	make_h(10, 9);
	make_h(20, 9);
	make_h(30, 9);
	setup_reserved_highatomic(z, 1536);
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 1536);

	/* fast order 0 ignores the counter: 1536 > 640 */
	KT_EQ(zone_watermark_fast(z, 0, 640, NORMAL, ALLOC_WMARK_LOW | ALLOC_CPUSET), 1);
	/* ... also at the min mark with slow-path flags (1536 > 512) */
	KT_EQ(zone_watermark_fast(z, 0, 512, NORMAL, ALLOC_WMARK_MIN | ALLOC_CPUSET), 1);
	/* slow non-HARDER order 0: 1536 - 1536 = 0 <= 512 */
	KT_EQ(zone_watermark_ok(z, 0, 512, NORMAL, ALLOC_WMARK_MIN | ALLOC_CPUSET), 0);
	/* HARDER (RT task): no subtraction, 1536 > 384 */
	KT_EQ(zone_watermark_ok(z, 0, 512, NORMAL, ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_HARDER), 1);
	/* GFP_ATOMIC: 1536 > 192 */
	KT_EQ(zone_watermark_ok(z, 0, 512, NORMAL, HH), 1);
	/* fast order 1 goes through __zone_watermark_ok: 1536 - 1 - 1536 <= 640 */
	KT_EQ(zone_watermark_fast(z, 1, 640, NORMAL, ALLOC_WMARK_LOW | ALLOC_CPUSET), 0);
	/* order 1 GFP_ATOMIC: 1535 > 192 and H buddies count */
	KT_EQ(zone_watermark_fast(z, 1, 512, NORMAL, HH), 1);
	/* order 1 non-HARDER even without the counter: only H buddies exist */
	setup_reserved_highatomic(z, 0);
	KT_EQ(zone_watermark_fast(z, 1, 640, NORMAL, ALLOC_WMARK_LOW), 0);
	KT_EQ(zone_watermark_fast(z, 1, 640, NORMAL, ALLOC_HARDER), 1);
}

static void test_fast_boundaries(void)
{
	struct zone *z = init_Z();

	/* F = 640 exactly: fast order 0 at low fails (640 <= 640) */
	node_free_range(0, 640);
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 640);
	KT_EQ(zone_watermark_fast(z, 0, 640, NORMAL, ALLOC_WMARK_LOW), 0);
	node_free_range(1024, 1025);			/* F = 641 */
	KT_EQ(zone_watermark_fast(z, 0, 640, NORMAL, ALLOC_WMARK_LOW), 1);
	/* fast order 1 with C = 0 and M buddies: 641 - 1 > 640 fails, 642 - 1 passes */
	KT_EQ(zone_watermark_fast(z, 1, 640, NORMAL, ALLOC_WMARK_LOW), 0);
	node_free_range(2048, 2049);			/* F = 642 */
	KT_EQ(zone_watermark_fast(z, 1, 640, NORMAL, ALLOC_WMARK_LOW), 1);
	/* the order-1 fast check subtracts the counter */
	setup_reserved_highatomic(z, 512);
	KT_EQ(zone_watermark_fast(z, 1, 640, NORMAL, ALLOC_WMARK_LOW), 0);
	KT_EQ(zone_watermark_fast(z, 0, 640, NORMAL, ALLOC_WMARK_LOW), 1);

	/* shortcut fails but __zone_watermark_ok passes thanks to the flags:
	 * F = 300: 300 <= 512, then HIGH|HARDER min 192 < 300 */
	z = init_Z();
	node_free_range(0, 300);
	KT_EQ(zone_watermark_fast(z, 0, 512, NORMAL, HH), 1);
	KT_EQ(zone_watermark_fast(z, 0, 512, NORMAL, ALLOC_HARDER), 0);	/* 300 <= 384 */
	KT_EQ(zone_watermark_fast(z, 0, 512, NORMAL, 0), 0);

	/* CMA in the order-0 shortcut: F = 512 CMA + 200 other = 712 */
	z = init_Z();
	make_block(40, CMA, 9);
	node_free_range(0, 200);
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 712);
	/* without ALLOC_CMA: 712 - 512 = 200 <= 640 (and __zone_watermark_ok too) */
	KT_EQ(zone_watermark_fast(z, 0, 640, NORMAL, ALLOC_WMARK_LOW), 0);
	/* with ALLOC_CMA: 712 > 640 */
	KT_EQ(zone_watermark_fast(z, 0, 640, NORMAL, ALLOC_WMARK_LOW | ALLOC_CMA), 1);
	KT_EQ(hat_checker.fired, 0);
}

/*
 * NR_FREE_PAGES apart from the lists (setup_nr_free_pages(), an OOM
 * report's free: below its per-order lines): the watermark checks of
 * get_page_from_freelist read the counter, should_reclaim_retry() reads
 * zone_page_state_snapshot(), the counter with the per-cpu deltas added,
 * which is the lists.
 */
static void test_counter_drift(void)
{
	struct alloc_context ac = ac_normal(MIGRATE_UNMOVABLE);
	const unsigned int fl = ALLOC_WMARK_MIN | ALLOC_CPUSET;
	struct zone *z = init_Z();
	int loops = 0;

	node_free_range(0, 600);
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 600);
	setup_nr_free_pages(z, 500);
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 500);
	KT_EQ(zone_page_state_snapshot(z, NR_FREE_PAGES), 600);
	KT_EQ(z->vm_stat_diff[NR_FREE_PAGES], 100);
	expect_clean();		/* I9: the lists are the counter plus the deltas */
	/* 500 <= 512 fails the min mark; 600 > 512 passes the retry check */
	KT_ASSERT(!zone_watermark_ok(z, 0, 512, NORMAL, fl));
	KT_ASSERT(!zone_watermark_fast(z, 0, 512, NORMAL, fl));
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl, false, &loops, NULL), 1);
	/* set again: the deltas follow, a counter above the lists is a negative delta */
	setup_nr_free_pages(z, 700);
	KT_EQ(z->vm_stat_diff[NR_FREE_PAGES], -100);
	KT_EQ(zone_page_state_snapshot(z, NR_FREE_PAGES), 600);
	KT_ASSERT(zone_watermark_ok(z, 0, 640, NORMAL, fl));
	loops = 0;
	setup_nr_free_pages(z, 0);
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl, false, &loops, NULL), 1);
	expect_clean();
}

int main(void)
{
	test_order0_arithmetic();
	test_reserve_and_cma();
	test_lowmem_reserve();
	test_high_order();
	test_fast_with_reserve();
	test_fast_boundaries();
	test_counter_drift();
	node_exit();
	KT_MAIN_END();
}
