// SPDX-License-Identifier: MIT
/*
 * test_sizing.c - the sizing functions of node.c against spec §2.23, §5.0,
 * §1.1, §1.4, §2.1, §2.10: zone_batchsize / pageset_set_batch, watermarks,
 * min_free_kbytes, lowmem_reserve, the highatomic cap, adjust_managed_page_count
 * and page_group_by_mobility_disabled.
 *
 * Every expected literal is derived by hand from the spec formulas; the
 * comment next to it shows the arithmetic.
 */
#include "support.h"

/* One populated zone @idx spanning [start, end), @reserved boot-reserved pages. */
static void init_one(int idx, unsigned long start, unsigned long end,
		     unsigned long reserved, unsigned long min_free_kbytes)
{
	struct hat_geometry g;

	geom_one_zone(&g, idx, start, end);
	g.reserved_pages[idx] = reserved;
	g.min_free_kbytes = min_free_kbytes;
	boot_node(&g, "v4.8");
}

/* The min, low and high watermarks of @z. */
static void expect_wmarks(const struct zone *z, unsigned long min, unsigned long low,
			  unsigned long high)
{
	KT_EQ(min_wmark_pages(z), min);
	KT_EQ(low_wmark_pages(z), low);
	KT_EQ(high_wmark_pages(z), high);
}

static void test_batchsize(void)
{
	struct per_cpu_pages pcp = { 0 };

	/* 2 GiB zone: 524288/1024 = 512 -> cap 128 -> /4 = 32 -> rd_pow2(48) - 1 = 31 */
	init_one(ZONE_NORMAL, 0, 524288, 0, 0);
	KT_EQ(zone_batchsize(node_zone(ZONE_NORMAL)), 31);
	/* node_init applied pageset_set_batch(31) to every CPU: high = 6 x 31 = 186 */
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		KT_EQ(node_zone(ZONE_NORMAL)->pageset[cpu].batch, 31);
		KT_EQ(node_zone(ZONE_NORMAL)->pageset[cpu].high, 186);
		KT_EQ(node_zone(ZONE_NORMAL)->pageset[cpu].count, 0);
	}

	/* 16 MiB DMA-ish, managed 4095 - 118 = 3977: 3 -> /4 = 0 -> min 1 -> rd(1) - 1 = 0 */
	init_one(ZONE_DMA, 1, 4096, 118, 0);
	KT_EQ(node_zone(ZONE_DMA)->managed_pages, 3977);
	KT_EQ(node_zone(ZONE_DMA)->present_pages, 4095);	/* spanned minus no holes */
	KT_EQ(zone_batchsize(node_zone(ZONE_DMA)), 0);
	/* pageset_set_batch(0): high 6 x 0 = 0, batch max(1, 0) = 1 */
	KT_EQ(node_zone(ZONE_DMA)->pageset[0].high, 0);
	KT_EQ(node_zone(ZONE_DMA)->pageset[0].batch, 1);

	/* 256 MiB (zone Z of §5.0): 64 -> /4 = 16 -> rd(24) - 1 = 15; high 90 */
	init_one(ZONE_NORMAL, 0, 65536, 0, 0);
	KT_EQ(zone_batchsize(node_zone(ZONE_NORMAL)), 15);
	KT_EQ(node_zone(ZONE_NORMAL)->pageset[1].batch, 15);
	KT_EQ(node_zone(ZONE_NORMAL)->pageset[1].high, 90);

	/* the formula at other managed sizes (same zone, managed changed) */
	node_zone(ZONE_NORMAL)->managed_pages = 8192;	/* 8 -> 2 -> rd(3) - 1 = 1 */
	KT_EQ(zone_batchsize(node_zone(ZONE_NORMAL)), 1);
	node_zone(ZONE_NORMAL)->managed_pages = 4096;	/* 4 -> 1 -> rd(1) - 1 = 0 */
	KT_EQ(zone_batchsize(node_zone(ZONE_NORMAL)), 0);
	node_zone(ZONE_NORMAL)->managed_pages = 4194304;	/* 4096 -> cap 128 -> 32 -> 31 */
	KT_EQ(zone_batchsize(node_zone(ZONE_NORMAL)), 31);
	node_zone(ZONE_NORMAL)->managed_pages = 131072;	/* 128 -> 32 -> rd(48) - 1 = 31 */
	KT_EQ(zone_batchsize(node_zone(ZONE_NORMAL)), 31);
	node_zone(ZONE_NORMAL)->managed_pages = 122880;	/* 120 -> 30 -> rd(45) - 1 = 31 */
	KT_EQ(zone_batchsize(node_zone(ZONE_NORMAL)), 31);
	node_zone(ZONE_NORMAL)->managed_pages = 61440;	/* 60 -> 15 -> rd(22) - 1 = 15 */
	KT_EQ(zone_batchsize(node_zone(ZONE_NORMAL)), 15);

	/* pageset_set_batch directly */
	pageset_set_batch(&pcp, 7);		/* high 42, batch 7 */
	KT_EQ(pcp.high, 42);
	KT_EQ(pcp.batch, 7);
	pageset_set_batch(&pcp, 0);		/* high 0, batch 1 */
	KT_EQ(pcp.high, 0);
	KT_EQ(pcp.batch, 1);
}

static void test_watermarks(void)
{
	struct zone *z;

	/* §5.0 Z: min_free_kbytes = sqrt(16 x 262144) = 2048 -> 512 pages;
	 * t = max(512/4, 65536 x 10 / 10000 = 65) = 128 */
	init_one(ZONE_NORMAL, 0, 65536, 0, 0);
	z = node_zone(ZONE_NORMAL);
	KT_EQ(contig_page_data.min_free_kbytes, 2048);
	expect_wmarks(z, 512, 640, 768);
	KT_EQ(contig_page_data.watermark_scale_factor, 10);	/* §1.1 default */

	/* 2 GiB: sqrt(16 x 2097152) = 5792 kB -> 1448 pages; t = max(362, 524) = 524 */
	init_one(ZONE_NORMAL, 0, 524288, 0, 0);
	z = node_zone(ZONE_NORMAL);
	KT_EQ(contig_page_data.min_free_kbytes, 5792);
	expect_wmarks(z, 1448, 1448 + 524, 1448 + 2 * 524);

	/* a user-set min_free_kbytes is taken as is: 4096 kB = 1024 pages;
	 * t = max(256, 65) = 256 */
	init_one(ZONE_NORMAL, 0, 65536, 0, 4096);
	z = node_zone(ZONE_NORMAL);
	KT_EQ(contig_page_data.min_free_kbytes, 4096);
	expect_wmarks(z, 1024, 1280, 1536);

	/* clamp [128, 65536]: 128 pages = 512 kB: sqrt(8192) = 90 -> 128 */
	init_one(ZONE_NORMAL, 0, 128, 0, 0);
	KT_EQ(contig_page_data.min_free_kbytes, 128);
	/* 1024 pages = 4096 kB: sqrt(65536) = 256 (no clamp) */
	init_one(ZONE_NORMAL, 0, 1024, 0, 0);
	KT_EQ(contig_page_data.min_free_kbytes, 256);

	/* boot-reserved pages are not managed: 65536 - 1536 = 64000 managed;
	 * sqrt(16 x 256000) = 2023 kB -> 505 pages; t = max(126, 64) = 126 */
	init_one(ZONE_NORMAL, 0, 65536, 1536, 0);
	z = node_zone(ZONE_NORMAL);
	KT_EQ(z->spanned_pages, 65536);
	KT_EQ(z->managed_pages, 64000);
	KT_EQ(contig_page_data.min_free_kbytes, 2023);
	expect_wmarks(z, 505, 631, 757);
}

static void test_three_zones(void)
{
	struct zone *dma, *dma32, *normal;

	boot_three_zones();
	dma = node_zone(ZONE_DMA);
	dma32 = node_zone(ZONE_DMA32);
	normal = node_zone(ZONE_NORMAL);
	KT_EQ(dma->managed_pages, 3977);
	KT_EQ(dma32->managed_pages, 520192);
	KT_EQ(normal->managed_pages, 65536);

	/* §1.1 ratios DMA 256, DMA32 256, Normal 32 */
	KT_EQ(contig_page_data.lowmem_reserve_ratio[ZONE_DMA], 256);
	KT_EQ(contig_page_data.lowmem_reserve_ratio[ZONE_DMA32], 256);
	KT_EQ(contig_page_data.lowmem_reserve_ratio[ZONE_NORMAL], 32);

	/* §2.23: lowmem_reserve[j] of lower zone i = (sum managed i+1..j) / ratio[i] */
	KT_EQ(dma->lowmem_reserve[ZONE_DMA], 0);
	KT_EQ(dma->lowmem_reserve[ZONE_DMA32], 2032);	/* 520192 / 256 */
	KT_EQ(dma->lowmem_reserve[ZONE_NORMAL], 2288);	/* (520192 + 65536) / 256 */
	KT_EQ(dma32->lowmem_reserve[ZONE_DMA], 0);
	KT_EQ(dma32->lowmem_reserve[ZONE_DMA32], 0);
	KT_EQ(dma32->lowmem_reserve[ZONE_NORMAL], 256);	/* 65536 / 256 (ratio of DMA32, not 32) */
	for (int j = 0; j < MAX_NR_ZONES; j++)
		KT_EQ(normal->lowmem_reserve[j], 0);	/* nothing above Normal */

	/* §2.23 watermarks over three zones: total managed 589705;
	 * min_free_kbytes = sqrt(16 x 2358820) = 6143 -> pages_min 1535 */
	KT_EQ(contig_page_data.min_free_kbytes, 6143);
	/* DMA: 1535 x 3977 / 589705 = 10; t = max(2, 3) = 3 */
	expect_wmarks(dma, 10, 13, 16);
	/* DMA32: 1535 x 520192 / 589705 = 1354; t = max(338, 520) = 520 */
	expect_wmarks(dma32, 1354, 1874, 2394);
	/* Normal: 1535 x 65536 / 589705 = 170; t = max(42, 65) = 65 */
	expect_wmarks(normal, 170, 235, 300);

	/* per-zone pcp: DMA 0 -> (high 0, batch 1); DMA32 31/186; Normal 15/90 */
	KT_EQ(dma->pageset[0].high, 0);
	KT_EQ(dma->pageset[0].batch, 1);
	KT_EQ(dma32->pageset[0].high, 186);
	KT_EQ(dma32->pageset[0].batch, 31);
	KT_EQ(normal->pageset[0].high, 90);
	KT_EQ(normal->pageset[0].batch, 15);

	/* §2.10 cap per zone: managed/100 + 512 */
	KT_EQ(highatomic_max_managed(dma), 551);	/* 39 + 512 */
	KT_EQ(highatomic_max_managed(dma32), 5713);	/* 5201 + 512 */
	KT_EQ(highatomic_max_managed(normal), 1167);	/* 655 + 512 */

	/* setup_per_zone_lowmem_reserve() follows a ratio change */
	contig_page_data.lowmem_reserve_ratio[ZONE_DMA32] = 32;
	setup_per_zone_lowmem_reserve();
	KT_EQ(dma32->lowmem_reserve[ZONE_NORMAL], 2048);	/* 65536 / 32 */
	KT_EQ(dma->lowmem_reserve[ZONE_NORMAL], 2288);	/* ratio of DMA unchanged */
}

/* A block's boot type, and why: test_boot_block_types(). */
struct boot_type {
	unsigned long pfn;
	int mt;
	const char *why;
};

/* The @n blocks of @t have their types (the node is booted). */
static void check_boot_types(const struct boot_type *t, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		long failed = kt_failed();

		KT_EQ(get_pageblock_migratetype(pfn_to_page(t[i].pfn)), t[i].mt);
		kt_case_end(failed, i, t[i].why);
	}
}

/*
 * §10.8, memmap_init_zone(): only a block whose first pfn lies inside a
 * zone boots MOVABLE; any other block keeps 0 = UNMOVABLE.
 */
static void test_boot_block_types(void)
{
	static const struct boot_type blocks[] = {
		{ 0, MIGRATE_UNMOVABLE, "block 0: pfn 0 before DMA [1, 32)" },
		{ 8, MIGRATE_MOVABLE, "block 1: inside DMA" },
		{ 24, MIGRATE_MOVABLE, "block 3: inside DMA" },
		{ 32, MIGRATE_UNMOVABLE, "block 4: a hole [32, 44)" },
		{ 40, MIGRATE_UNMOVABLE, "block 5: starts in the hole, Normal from 44" },
		{ 48, MIGRATE_MOVABLE, "block 6: inside Normal" },
		{ 88, MIGRATE_MOVABLE, "block 11: starts inside Normal, ends past 92" },
	}, edges[] = {
		{ 8, MIGRATE_UNMOVABLE, "block 1: out of DMA [9, 39) by pfn 8" },
		{ 16, MIGRATE_MOVABLE, "block 2: the first inside DMA" },
		{ 32, MIGRATE_MOVABLE, "block 4: out of DMA [9, 39) by pfn 39" },
		{ 40, MIGRATE_UNMOVABLE, "block 5: in no zone (DMA ends at 39, Normal starts at 48)" },
		{ 48, MIGRATE_MOVABLE, "block 6: exactly inside Normal [48, 57) at its start" },
		{ 56, MIGRATE_MOVABLE, "block 7: its first pfn the last of Normal [48, 57)" },
	};

	/* pb 8: DMA [1, 32), Normal [44, 92) */
	boot_small(3, 5, 1, 32, 44, 92);
	check_boot_types(blocks, ARRAY_SIZE(blocks));

	/*
	 * Exactly at the edges, pb 8: DMA [9, 39), Normal [48, 57).  A block
	 * out of the zone start by one page (its first pfn outside) keeps
	 * UNMOVABLE, one out of the zone end by one page (its first pfn
	 * inside) boots MOVABLE, as a block exactly inside does.
	 */
	boot_small(3, 5, 9, 39, 48, 57);
	check_boot_types(edges, ARRAY_SIZE(edges));

	/* x86: DMA starts at pfn 1, its block 0 is UNMOVABLE, the rest MOVABLE */
	boot_three_zones();
	KT_EQ(get_pageblock_migratetype(pfn_to_page(1)), MIGRATE_UNMOVABLE);
	for (unsigned long pfn = PB; pfn < 589824; pfn += PB)
		if (get_pageblock_migratetype(pfn_to_page(pfn)) != MIGRATE_MOVABLE)
			KT_EQ(pfn, 0);		/* names the first wrong block */
}

static void test_cap_and_managed(void)
{
	struct zone *z;
	unsigned long wmin, wlow, whigh;

	init_one(ZONE_NORMAL, 0, 65536, 0, 0);
	z = node_zone(ZONE_NORMAL);
	/* §5.0: cap max = 65536/100 + 512 = 655 + 512 = 1167 */
	KT_EQ(highatomic_max_managed(z), 1167);

	/* make the counter non-zero through a real reserve */
	reserve_highatomic_pageblock(pfn_to_page(5120), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 512);

	wmin = min_wmark_pages(z);
	wlow = low_wmark_pages(z);
	whigh = high_wmark_pages(z);
	adjust_managed_page_count(z, -1000);
	KT_EQ(z->managed_pages, 64536);			/* 65536 - 1000 */
	KT_EQ(z->present_pages, 65536);			/* only managed changes */
	KT_EQ(min_wmark_pages(z), wmin);		/* watermarks left alone */
	KT_EQ(low_wmark_pages(z), wlow);
	KT_EQ(high_wmark_pages(z), whigh);
	KT_EQ(z->nr_reserved_highatomic, 512);		/* counter left alone */
	KT_EQ(z->pageset[0].batch, 15);			/* pcp left alone */
	/* the cap reads managed at reservation time: 64536/100 + 512 = 1157 */
	KT_EQ(highatomic_max_managed(z), 1157);

	adjust_managed_page_count(z, 2000);
	KT_EQ(z->managed_pages, 66536);
	KT_EQ(highatomic_max_managed(z), 1177);		/* 665 + 512 */
	KT_EQ(min_wmark_pages(z), wmin);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(hat_checker.fired, 0);
}

static void test_mobility(void)
{
	struct hat_geometry g;

	/* §1.4: disabled when total pages < pb x MIGRATE_TYPES = 512 x 6 = 3072 */
	KT_EQ(MIGRATE_TYPES, 6);
	init_one(ZONE_NORMAL, 0, 3071, 0, 0);
	KT_EQ(page_group_by_mobility_disabled, 1);
	init_one(ZONE_NORMAL, 0, 3072, 0, 0);
	KT_EQ(page_group_by_mobility_disabled, 0);

	/* small geometry: pb = 4 -> threshold 4 x 6 = 24 pages */
	geom_one_zone(&g, ZONE_NORMAL, 0, 23);
	g.pb_order = 2;
	g.max_order = 4;
	boot_node(&g, "v4.8");
	KT_EQ(pageblock_nr_pages, 4);
	KT_EQ(page_group_by_mobility_disabled, 1);
	g.zone_end_pfn[ZONE_NORMAL] = 24;
	boot_node(&g, "v4.8");
	KT_EQ(page_group_by_mobility_disabled, 0);

	/* grouping on: every type is stored as asked */
	setup_pageblock_type(0, MIGRATE_RECLAIMABLE);
	KT_EQ(get_pageblock_migratetype(pfn_to_page(0)), MIGRATE_RECLAIMABLE);
	KT_EQ(gfpflags_to_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);

	/* grouping off (tiny zone) */
	init_one(ZONE_NORMAL, 0, 2048, 0, 0);
	KT_REQUIRE(page_group_by_mobility_disabled);
	/* §1.4: boot initialises every block MOVABLE (memmap_init_zone) */
	KT_EQ(get_pageblock_migratetype(pfn_to_page(0)), MIGRATE_MOVABLE);
	KT_EQ(get_pageblock_migratetype(pfn_to_page(1536)), MIGRATE_MOVABLE);
	/* §2.1: types below MIGRATE_PCPTYPES are forced to UNMOVABLE */
	set_pageblock_migratetype(pfn_to_page(0), MIGRATE_MOVABLE);
	KT_EQ(get_pageblock_migratetype(pfn_to_page(0)), MIGRATE_UNMOVABLE);
	set_pageblock_migratetype(pfn_to_page(512), MIGRATE_RECLAIMABLE);
	KT_EQ(get_pageblock_migratetype(pfn_to_page(512)), MIGRATE_UNMOVABLE);
	/* H (= PCPTYPES), CMA and ISOLATE are stored as they are */
	set_pageblock_migratetype(pfn_to_page(1024), MIGRATE_HIGHATOMIC);
	KT_EQ(get_pageblock_migratetype(pfn_to_page(1024)), MIGRATE_HIGHATOMIC);
	set_pageblock_migratetype(pfn_to_page(1536), MIGRATE_CMA);
	KT_EQ(get_pageblock_migratetype(pfn_to_page(1536)), MIGRATE_CMA);
	set_pageblock_migratetype(pfn_to_page(1536), MIGRATE_ISOLATE);
	KT_EQ(get_pageblock_migratetype(pfn_to_page(1536)), MIGRATE_ISOLATE);
	/* the whole block shares one type: a pfn inside the block reads it */
	KT_EQ(get_pageblock_migratetype(pfn_to_page(1024 + 511)), MIGRATE_HIGHATOMIC);
	KT_EQ(get_pageblock_migratetype(pfn_to_page(1024 + 512)), MIGRATE_ISOLATE);
	/* gfpflags_to_migratetype(): UNMOVABLE for everything */
	KT_EQ(gfpflags_to_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_UNMOVABLE);
	KT_EQ(gfpflags_to_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_UNMOVABLE);
}

int main(void)
{
	test_batchsize();
	test_watermarks();
	test_three_zones();
	test_boot_block_types();
	test_cap_and_managed();
	test_mobility();
	node_exit();
	KT_MAIN_END();
}
