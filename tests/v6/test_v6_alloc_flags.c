// SPDX-License-Identifier: MIT
/*
 * test_v6_alloc_flags.c - allocator/v6/alloc_flags.c: gfp_to_alloc_flags
 * in its v6.1.0 form (__GFP_ATOMIC), Mel Gorman's v6.3 split
 * (eb2e2b425c69, 1ebbb21811b7), 6a204d4b14c9 (HIGHATOMIC only with
 * __GFP_HIGH), defrag_mode; gfp_to_alloc_flags_nonblocking,
 * gfp_to_alloc_flags_cma and alloc_flags_nofragment.
 */
#include "v6_support.h"

#define MIN_CPUSET	(ALLOC_WMARK_MIN | ALLOC_CPUSET)

static void test_v6_1_0(void)
{
	fixture_zone(V66_OLD_FLAGS, 8 * PB);
	/* GFP_ATOMIC: HIGH and HARDER, the cpuset ignored */
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC, 0), ALLOC_WMARK_MIN | ALLOC_HIGH | ALLOC_HARDER |
						ALLOC_KSWAPD);
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC, 2), ALLOC_WMARK_MIN | ALLOC_HIGH | ALLOC_HARDER |
						ALLOC_KSWAPD);
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC | __GFP_NOMEMALLOC, 0),
	      ALLOC_WMARK_MIN | ALLOC_HIGH | ALLOC_KSWAPD);
	/* GFP_NOWAIT gets nothing of the reserves in 6.1.0 */
	KT_EQ(gfp_to_alloc_flags(GFP_NOWAIT, 3), MIN_CPUSET | ALLOC_KSWAPD);
	/* an RT task may reclaim but dips deeper: HARDER */
	set_current(0, true);
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL, 0), MIN_CPUSET | ALLOC_KSWAPD | ALLOC_HARDER);
	current->in_interrupt = true;
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL, 0), MIN_CPUSET | ALLOC_KSWAPD);
	current->in_interrupt = false;
	set_current(0, false);
	/* eb2e2b425c69 alone: HARDER at order > 0 is a highatomic request */
	fixture_zone(V66_OLD_FLAGS | SW(EB2E2B425C69), 8 * PB);
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC, 2) & ALLOC_HIGHATOMIC, ALLOC_HIGHATOMIC);
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC, 0) & ALLOC_HIGHATOMIC, 0);
}

static void test_v6_3_split(void)
{
	/* v6.6: non-blocking = no direct reclaim, HIGHATOMIC without __GFP_HIGH */
	fixture_zone(preset("v6.6"), 8 * PB);
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC, 1), ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE |
		ALLOC_NON_BLOCK | ALLOC_HIGHATOMIC | ALLOC_KSWAPD);
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC, 0), ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE |
		ALLOC_NON_BLOCK | ALLOC_KSWAPD);
	KT_EQ(gfp_to_alloc_flags(GFP_NOWAIT, 1), MIN_CPUSET | ALLOC_NON_BLOCK |
		ALLOC_HIGHATOMIC | ALLOC_KSWAPD);
	KT_EQ(gfp_to_alloc_flags(GFP_NOWAIT | __GFP_NOMEMALLOC, 1), MIN_CPUSET | ALLOC_KSWAPD);
	/* __GFP_ATOMIC means nothing any more; blocking __GFP_HIGH keeps the cpuset */
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL | __GFP_ATOMIC | __GFP_HIGH, 1),
	      MIN_CPUSET | ALLOC_MIN_RESERVE | ALLOC_KSWAPD);
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL | __GFP_MOVABLE, 0), MIN_CPUSET | ALLOC_KSWAPD |
		ALLOC_CMA);
	set_current(1, true);
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL, 0), MIN_CPUSET | ALLOC_KSWAPD | ALLOC_MIN_RESERVE);
	KT_EQ(gfp_to_alloc_flags(GFP_NOWAIT, 0), MIN_CPUSET | ALLOC_KSWAPD | ALLOC_NON_BLOCK);
	set_current(0, false);

	/* 6a204d4b14c9: HIGHATOMIC only with __GFP_HIGH */
	fixture_zone(preset("v6.6") | SW(6A204D4B14C9), 8 * PB);
	KT_EQ(gfp_to_alloc_flags(GFP_NOWAIT, 1), MIN_CPUSET | ALLOC_NON_BLOCK | ALLOC_KSWAPD);
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC, 1) & ALLOC_HIGHATOMIC, ALLOC_HIGHATOMIC);
	KT_EQ(gfp_to_alloc_flags_nonblocking(GFP_NOWAIT, 1), ALLOC_NON_BLOCK);
	KT_EQ(gfp_to_alloc_flags_nonblocking(GFP_ATOMIC, 1), ALLOC_NON_BLOCK | ALLOC_HIGHATOMIC);
	KT_EQ(gfp_to_alloc_flags_nonblocking(GFP_ATOMIC, 0), ALLOC_NON_BLOCK);
	KT_EQ(gfp_to_alloc_flags_nonblocking(GFP_KERNEL | __GFP_HIGH, 1), 0);
	KT_EQ(gfp_to_alloc_flags_nonblocking(GFP_ATOMIC | __GFP_NOMEMALLOC, 1), 0);
}

static void test_defrag_mode_and_nofragment(void)
{
	struct zone *z = fixture_zone(preset("v6.18"), 8 * PB);
	struct zone *dma32 = &contig_page_data.node_zones[ZONE_DMA32];

	KT_EQ(alloc_flags_nofragment(z, GFP_KERNEL), ALLOC_KSWAPD | ALLOC_NOFRAGMENT);
	KT_EQ(alloc_flags_nofragment(z, GFP_KERNEL & ~__GFP_KSWAPD_RECLAIM), ALLOC_NOFRAGMENT);
	KT_EQ(alloc_flags_nofragment(dma32, GFP_KERNEL), ALLOC_KSWAPD);
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL, 0) & ALLOC_NOFRAGMENT, 0);
	contig_page_data.defrag_mode = true;
	KT_EQ(alloc_flags_nofragment(dma32, GFP_KERNEL), ALLOC_KSWAPD | ALLOC_NOFRAGMENT);
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL, 0) & ALLOC_NOFRAGMENT, ALLOC_NOFRAGMENT);
	/* no vm.defrag_mode before e3aa7df331bc */
	fixture_zone(preset("v6.12"), 8 * PB);
	contig_page_data.defrag_mode = true;
	KT_EQ(alloc_flags_nofragment(dma32, GFP_KERNEL), ALLOC_KSWAPD);
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL, 0) & ALLOC_NOFRAGMENT, 0);

	KT_EQ(gfp_to_alloc_flags_cma(GFP_HIGHUSER_MOVABLE, ALLOC_WMARK_LOW),
	      ALLOC_WMARK_LOW | ALLOC_CMA);
	KT_EQ(gfp_to_alloc_flags_cma(GFP_KERNEL | __GFP_RECLAIMABLE, 0), 0);
}

int main(void)
{
	test_v6_1_0();
	test_v6_3_split();
	test_defrag_mode_and_nofragment();
	node_exit();
	KT_MAIN_END();
}
