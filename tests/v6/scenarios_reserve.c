// SPDX-License-Identifier: MIT
/*
 * scenarios_reserve.c - T3, T9, T10: how far the reserve grows, and
 * whether the requests it is for use it.
 */
#include "scenarios.h"

/*
 * The slow path's first get_page_from_freelist() of a GFP_ATOMIC request
 * of @order (ALLOC_HIGHATOMIC: a success reserves), judged as done.
 */
static unsigned long atomic_request(unsigned int order)
{
	struct alloc_context ac = normal_ac(U);
	struct page *page = get_page_from_freelist(GFP_ATOMIC, order,
						   gfp_to_alloc_flags(GFP_ATOMIC, order), &ac);
	unsigned long pfn = page ? page_to_pfn(page) : ~0UL;

	oracle_alloc_done(GFP_ATOMIC, order, pfn, true);
	return pfn;
}

/*
 * T3: a zone of @blocks blocks whose free memory is one order-4 buddy at
 * the start of blocks 10 to 13; three atomic order-4 requests (the buddy
 * path: no pcp list), each served by claiming another block, so that
 * each reserves one.
 * Claiming boosts the watermarks by a block each time: boosting is off.
 *   zone Normal 0 (blocks x 512)
 *   watermarks Normal 1 2 3
 *   sysctl watermark_boost_factor=0              (new op)
 *   init-buddy 5120 4 Movable        (... 5632, 6144, 6656)
 *   alloc A cpu=0 order=4 gfp=GFP_ATOMIC         (x3: A, B, C)
 */
static void t3(uint64_t patches, unsigned long blocks, struct scen_result *r)
{
	struct zone *z = fixture_zone(patches, blocks * PB);

	setup_watermarks(z, 1, 2, 3);
	contig_page_data.watermark_boost_factor = 0;
	for (unsigned long b = 10; b < 14; b++)
		KT_REQUIRE(setup_free_buddy(b * PB, 4, M) == 0);
	scen_watch();
	set_current(0, false);
	for (int i = 0; i < 3; i++)
		atomic_request(4);
	scen_finish(r);
}

/*
 * T3a (9cd20f3fe045): 60 blocks, under 100: no reserve at all.  Before,
 * managed/100 + pageblock lets two blocks in (H-cap, small-zone).
 */
void t3a_small_zone(uint64_t patches, struct scen_result *r)
{
	t3(patches, 60, r);
}

/*
 * T3b (d68e39fc45f7): 150 blocks: the cap is ALIGN(768, 512) = 2 blocks;
 * before, 768 + 512 lets a third in (H-cap, over-cap).
 */
void t3b_cap(uint64_t patches, struct scen_result *r)
{
	t3(patches, 150, r);
}

/*
 * T9 (pcp-no-reserve-growth): block 3 is H with a free order-3 buddy; an
 * atomic order-1 request is served from the UNMOVABLE pcp list.
 *   zone Normal 0 65536
 *   init-free 5120 20480
 *   init-block 1536 HighAtomic
 *   init-counter Normal 512
 *   init-buddy 1536 3 HighAtomic
 *   init-block 2560 Unmovable
 *   init-pcp 2560 1 cpu=0                        (new op)
 *   alloc A cpu=0 order=1 gfp=GFP_ATOMIC
 * Before the fix the pcp success reserves block 5 too, with the reserve's
 * free pages unused (H-grow).
 */
void t9_pcp_creep(uint64_t patches, struct scen_result *r)
{
	struct zone *z = fixture_zone(patches, SCEN_END);

	scen_free_blocks(10, 40);
	make_h(3, 3);
	setup_reserved_highatomic(z, PB);
	setup_pageblock_type(5 * PB, U);
	KT_REQUIRE(setup_pcp_page(5 * PB, 1, 0) == 0);
	scen_watch();
	set_current(0, false);
	atomic_request(1);
	scen_finish(r);
}

/*
 * T10 (fastpath-highatomic): block 3 is H with a free order-3 buddy; an
 * atomic order-1 request on the fast path (the zone is above low).
 *   zone Normal 0 65536
 *   init-free 5120 20480
 *   init-block 1536 HighAtomic
 *   init-counter Normal 512
 *   init-buddy 1536 3 HighAtomic
 *   alloc A cpu=0 order=1 gfp=GFP_ATOMIC
 * Before the fix the fast path never uses the reserve: the page comes
 * from a MOVABLE block by a pcp refill (H-unused).
 */
void t10_fastpath(uint64_t patches, struct scen_result *r)
{
	struct zone *z = fixture_zone(patches, SCEN_END);

	scen_free_blocks(10, 40);
	make_h(3, 3);
	setup_reserved_highatomic(z, PB);
	scen_watch();
	set_current(0, false);
	scen_alloc(GFP_ATOMIC, 1);
	scen_finish(r);
}
