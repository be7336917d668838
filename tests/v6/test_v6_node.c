// SPDX-License-Identifier: MIT
/*
 * test_v6_node.c - building the era-2 node (node.c): geometry presets and
 * errors, the memmap and pageblocks, min_free_kbytes (the kernel's and
 * khugepaged's), watermarks, lowmem_reserve, pcp high/batch in both
 * forms, mobility grouping.
 *
 * The "Debian" geometry is the shared traces' VM as its
 * tests/import/data/zoneinfo-pre.txt shows it: 2 CPUs, DMA from pfn 1,
 * spanned 4095, managed 3840; DMA32 from 4096, spanned 258010, managed
 * 242028; no Normal.  Expected values are worked out in the comments.
 */
#include "v6_support.h"

#include <string.h>

static void debian_geometry(struct node_geometry *g)
{
	node_geometry_preset(g, ARCH_X86_64);
	g->zone_start_pfn[ZONE_DMA] = 1;
	g->zone_end_pfn[ZONE_DMA] = 4096;
	g->reserved_pages[ZONE_DMA] = 4095 - 3840;
	g->zone_start_pfn[ZONE_DMA32] = 4096;
	g->zone_end_pfn[ZONE_DMA32] = 4096 + 258010;
	g->reserved_pages[ZONE_DMA32] = 258010 - 242028;
}

static void boot(const struct node_geometry *g, uint64_t patches)
{
	char err[256];

	ev_subscribe();
	KT_REQUIRE(node_init(g, patches, err, sizeof(err)) == 0);
}

static void test_presets(void)
{
	struct node_geometry g;

	node_geometry_preset(&g, ARCH_X86_64);
	KT_EQ(g.pb_order, 9);
	KT_EQ(g.nr_page_orders, 11);
	KT_EQ(g.hpage_pmd_order, 9);
	node_geometry_preset(&g, ARCH_S390);
	KT_EQ(g.pb_order, 8);
	KT_EQ(g.nr_page_orders, 11);	/* pb < MAX_PAGE_ORDER - 1: T8's geometry */
	node_geometry_preset(&g, ARCH_ARM64_64K);
	KT_EQ(g.pb_order, 13);
	KT_EQ(g.nr_page_orders, 14);
	KT_EQ(g.page_size_kb, 64);
}

static void expect_error(const struct node_geometry *g, const char *needle)
{
	char err[256] = "";

	KT_EQ(node_init(g, 0, err, sizeof(err)), -1);
	KT_ASSERT(strstr(err, needle) != NULL);
}

/* One field of the Debian geometry changed at a time; the message names it. */
static void test_geometry_errors(void)
{
	struct node_geometry g;

	for (int i = 0; i < 6; i++) {
		const char *needle[] = { "pageblock_order 11", "nr_cpus 0", "zone DMA32",
					 "reserves 5000", "HPAGE_PMD_ORDER 11",
					 "nr_page_orders 15" };

		debian_geometry(&g);
		g.pb_order = i == 0 ? 11 : g.pb_order;
		g.nr_cpus = i == 1 ? 0 : g.nr_cpus;
		g.zone_start_pfn[ZONE_DMA32] = i == 2 ? 100 : g.zone_start_pfn[ZONE_DMA32];
		g.reserved_pages[ZONE_DMA] = i == 3 ? 5000 : g.reserved_pages[ZONE_DMA];
		g.hpage_pmd_order = i == 4 ? 11 : g.hpage_pmd_order;
		g.nr_page_orders = i == 5 ? 15 : g.nr_page_orders;
		expect_error(&g, needle[i]);
	}
}

/*
 * The memmap covers whole order-10 buddies; pfn 0 is a hole.  Blocks
 * whose first pfn is in a zone are MOVABLE; block 0 starts in the hole
 * and stays UNMOVABLE, as the kernel's pagetypeinfo shows (DMA: 1
 * Unmovable, 7 Movable).
 */
static void test_memmap(void)
{
	struct node_geometry g;

	debian_geometry(&g);
	boot(&g, SW_V610);
	/* end 262106 rounded up to 1024: 262144 */
	KT_EQ(contig_page_data.node_spanned_pages, 262144);
	KT_EQ(contig_page_data.nr_pageblocks, 512);
	KT_EQ(pg(0)->flags, PG_reserved);
	KT_EQ(pg(0)->zone, -1);
	KT_EQ(pg(1)->zone, ZONE_DMA);
	KT_EQ(pg(4096)->zone, ZONE_DMA32);
	KT_EQ(pg(262106)->flags, PG_reserved);
	KT_EQ(get_pageblock_migratetype(pg(1)), U);
	KT_EQ(zone_count_blocks(zone_of(ZONE_DMA), U), 1);
	KT_EQ(zone_count_blocks(zone_of(ZONE_DMA), M), 7);
	KT_EQ(get_pageblock_migratetype(pg(262105)), M);
	KT_EQ(zone_of(ZONE_DMA)->managed_pages, 3840);
	KT_EQ(zone_of(ZONE_DMA32)->managed_pages, 242028);
	KT_EQ(populated_zone(zone_of(ZONE_NORMAL)), false);
	KT_EQ(zone_page_state(zone_of(ZONE_DMA32), NR_FREE_PAGES), 0);
	KT_EQ(contig_page_data.mobility_disabled, false);
}

/*
 * Without THP: min_free_kbytes = isqrt(16 x 245868 x 4) = isqrt(15735552)
 * = 3966; pages_min 991; DMA32 min = 991 x 242028 / 245868 = 975, step
 * max(975 >> 2, 242) = 243: low 1218, high 1461.
 */
static void test_min_free_kbytes_no_thp(void)
{
	struct node_geometry g;
	struct zone *z;

	debian_geometry(&g);
	g.thp = false;
	boot(&g, SW_V610);
	z = zone_of(ZONE_DMA32);
	KT_EQ(contig_page_data.min_free_kbytes, 3966);
	KT_EQ(min_wmark_pages(z), 975);
	KT_EQ(low_wmark_pages(z), 1218);
	KT_EQ(high_wmark_pages(z), 1461);
	KT_EQ(z->_watermark[WMARK_PROMO], 1704);
}

/*
 * With THP khugepaged raises it to 512 x 2 zones x 11 = 11264 pages =
 * 45056 KiB (5 % of the 244386 pages above high is 12219, no cap).
 * pages_min 11264: DMA32 11264 x 242028 / 245868 = 11088, step 2772:
 * 13860, 16632; DMA 175, step 43: 218, 261.  (The kernel's zoneinfo shows
 * 11086/13857/16628 and 177/221/265: its managed counts moved after boot.)
 */
static void test_min_free_kbytes_thp(void)
{
	struct node_geometry g;

	debian_geometry(&g);
	boot(&g, SW_V610);
	KT_EQ(contig_page_data.min_free_kbytes, 45056);
	KT_EQ(min_wmark_pages(zone_of(ZONE_DMA32)), 11088);
	KT_EQ(low_wmark_pages(zone_of(ZONE_DMA32)), 13860);
	KT_EQ(high_wmark_pages(zone_of(ZONE_DMA32)), 16632);
	KT_EQ(min_wmark_pages(zone_of(ZONE_DMA)), 175);
	KT_EQ(low_wmark_pages(zone_of(ZONE_DMA)), 218);
	KT_EQ(high_wmark_pages(zone_of(ZONE_DMA)), 261);
	/* a geometry's own value is final: no raise */
	g.min_free_kbytes = 8192;
	boot(&g, SW_V610);
	KT_EQ(contig_page_data.min_free_kbytes, 8192);
	KT_EQ(min_wmark_pages(zone_of(ZONE_DMA32)), 2048 * 242028 / 245868);
}

/* lowmem_reserve: DMA keeps 242028 / 256 = 945 from DMA32 and Normal requests. */
static void test_lowmem_reserve(void)
{
	struct node_geometry g;

	debian_geometry(&g);
	boot(&g, SW_V610);
	KT_EQ(zone_of(ZONE_DMA)->lowmem_reserve[ZONE_DMA], 0);
	KT_EQ(zone_of(ZONE_DMA)->lowmem_reserve[ZONE_DMA32], 945);
	KT_EQ(zone_of(ZONE_DMA)->lowmem_reserve[ZONE_NORMAL], 945);
	KT_EQ(zone_of(ZONE_DMA32)->lowmem_reserve[ZONE_NORMAL], 0);
	adjust_managed_page_count(zone_of(ZONE_DMA32), -2560);
	KT_EQ(zone_of(ZONE_DMA)->lowmem_reserve[ZONE_DMA32], 935);	/* 239468 / 256 */
}

/*
 * pcp sizing against the kernel's own numbers: with zoneinfo's
 * watermarks, high = low / 2 CPUs (DMA32 13857 / 2 = 6928, DMA 221 / 2 =
 * 110), batch = 2^n - 1 below 1.5 x (managed >> 12): DMA32 59 -> 63,
 * DMA 0 -> 1.  zoneinfo-pre.txt shows exactly these.
 */
/* the Debian node under v6.1 with zoneinfo-pre.txt's watermarks, pcp sized from them */
static void debian_pcp_boot(void)
{
	struct node_geometry g;

	debian_geometry(&g);
	boot(&g, SW_V610);
	setup_watermarks(zone_of(ZONE_DMA32), 11086, 13857, 16628);
	setup_watermarks(zone_of(ZONE_DMA), 177, 221, 265);
	zone_pcp_update(zone_of(ZONE_DMA32), 0);
	zone_pcp_update(zone_of(ZONE_DMA), 0);
}

static void test_pcp_sizing_v61(void)
{
	struct zone *dma32 = zone_of(ZONE_DMA32), *dma = zone_of(ZONE_DMA);

	debian_pcp_boot();
	KT_EQ(dma32->per_cpu_pageset[1].high, 6928);
	KT_EQ(dma32->per_cpu_pageset[1].batch, 63);
	KT_EQ(dma->per_cpu_pageset[0].high, 110);
	KT_EQ(dma->per_cpu_pageset[0].batch, 1);
	KT_EQ(zone_batchsize(dma32), 63);
	/* high is at least 4 batches: 110 < 4 x 64 */
	KT_EQ(zone_highsize(dma, 64, 0, 0), 256);
	/* vm.percpu_pagelist_high_fraction 100: 242028 / 100 / 2 = 1210 */
	KT_EQ(zone_highsize(dma32, 63, 0, 100), 1210);
}

/*
 * `sysctl percpu_pagelist_high_fraction V` (the model's sysctl entry
 * calls percpu_pagelist_high_fraction_set()): 100 resizes both zones'
 * lists (DMA32 242028 / 100 / 2 = 1210; DMA 3840 / 100 / 2 = 19, at least
 * 4 x 1), 5 is refused (the kernel's -EINVAL: 1210 stays), 0 goes back to
 * the low watermark's 6928.
 */
static void test_pcp_high_fraction_sysctl(void)
{
	struct zone *dma32 = zone_of(ZONE_DMA32), *dma = zone_of(ZONE_DMA);

	debian_pcp_boot();
	KT_EQ(dma32->per_cpu_pageset[0].high, 6928);
	percpu_pagelist_high_fraction_set(100);
	KT_EQ(contig_page_data.percpu_pagelist_high_fraction, 100);
	for (unsigned int cpu = 0; cpu < 2; cpu++) {
		KT_EQ(dma32->per_cpu_pageset[cpu].high, 1210);
		KT_EQ(dma32->per_cpu_pageset[cpu].batch, 63);
		KT_EQ(dma->per_cpu_pageset[cpu].high, 19);
	}
	percpu_pagelist_high_fraction_set(5);
	KT_EQ(contig_page_data.percpu_pagelist_high_fraction, 100);
	KT_EQ(dma32->per_cpu_pageset[1].high, 1210);
	percpu_pagelist_high_fraction_set(0);
	KT_EQ(dma32->per_cpu_pageset[1].high, 6928);
	KT_EQ(dma->per_cpu_pageset[1].high, 110);
}

/*
 * Auto-tuned (v6.7): high_min from the low watermark as before, high_max
 * = 242028 / 8 / 2 = 15126; pcp->high starts at 0 and is clamped on use.
 */
static void test_pcp_sizing_autotune(void)
{
	struct node_geometry g;
	struct per_cpu_pages *pcp;

	debian_geometry(&g);
	boot(&g, SW_V610 | SW(PCP_AUTOTUNE));
	pcp = &zone_of(ZONE_DMA32)->per_cpu_pageset[0];
	KT_EQ(pcp->high_min, 13860 / 2);
	KT_EQ(pcp->high_max, 15126);
	KT_EQ(pcp->high, 0);
	KT_EQ(pcp->batch, 63);
	/* without auto-tuning the range is one value */
	boot(&g, SW_V610);
	pcp = &zone_of(ZONE_DMA32)->per_cpu_pageset[0];
	KT_EQ(pcp->high_min, pcp->high_max);
	KT_EQ(pcp->high, 6930);
}

/* build_all_zonelists(): grouping off below one block per migratetype. */
static void test_mobility_grouping(void)
{
	small_node(40, 3, 5, SW_V610);		/* 40 < 8 x 6 */
	KT_EQ(contig_page_data.mobility_disabled, true);
	block_type(0, H);			/* kept: not a pcp type */
	KT_EQ(get_pageblock_migratetype(pg(0)), H);
	block_type(8, E);			/* folded into UNMOVABLE */
	KT_EQ(get_pageblock_migratetype(pg(8)), U);
	small_node(48, 3, 5, SW_V610);
	KT_EQ(contig_page_data.mobility_disabled, false);
}

int main(void)
{
	test_presets();
	test_geometry_errors();
	test_memmap();
	test_min_free_kbytes_no_thp();
	test_min_free_kbytes_thp();
	test_lowmem_reserve();
	test_pcp_sizing_v61();
	test_pcp_high_fraction_sysctl();
	test_pcp_sizing_autotune();
	test_mobility_grouping();
	node_exit();
	KT_MAIN_END();
}
