// SPDX-License-Identifier: MIT
/*
 * scenarios_lists.c - T1, T7, T8, T13: pages of a block on another type's
 * free list (the pcp trylock failure, multi-block unreserve, coalescing,
 * the stale pcp type).
 */
#include "scenarios.h"

/*
 * T1 (7b086755fb8c): an H page freed while the pcp trylock fails.
 *   hatrace-trace 1
 *   zone Normal 0 65536
 *   init-free 5120 20480
 *   init-block 1536 HighAtomic
 *   init-counter Normal 512
 *   init-alloc P 1536 0
 *   trylock-fail cpu=0 on                        (new op)
 *   free P cpu=0
 *   trylock-fail cpu=0 off                       (new op)
 *   check
 * Before the fix the page goes to the buddy with the pcp list's type,
 * MOVABLE: an H block's page on the MOVABLE list (H-list).
 */
void t1_pcp_trylock_fail(uint64_t patches, struct scen_result *r)
{
	struct zone *z = fixture_zone(patches, SCEN_END);

	scen_free_blocks(10, 40);
	setup_pageblock_type(3 * PB, H);
	setup_reserved_highatomic(z, PB);
	scen_watch();
	set_current(0, false);
	current->pcp_trylock_fails = true;
	__free_pages(pfn_to_page(3 * PB), 0);
	current->pcp_trylock_fails = false;
	scen_finish(r);
}

/*
 * T7 (7cc5a5d65011): two adjacent reserved blocks merge into one order-10
 * H buddy, which unreserve gives back.
 *   zone Normal 0 65536
 *   watermarks Normal 1 2 3
 *   init-alloc A 5120 1
 *   init-alloc B 5632 1
 *   reserve A                                    (new op)
 *   reserve B                                    (new op)
 *   init-free 5120 6144
 *   unreserve cpu=0 gfp=GFP_HIGHUSER_MOVABLE force
 *   check
 *   alloc C cpu=0 order=9 gfp=GFP_HIGHUSER_MOVABLE
 * Before the fix unreserve takes one block off the counter and retypes
 * the buddy's first block only: block 11's pages sit on the MOVABLE list
 * (H-list), and since v6.10 the buddy's split warns (W-freelist-type).
 */
void t7_multiblock(uint64_t patches, struct scen_result *r)
{
	struct zone *z = fixture_zone(patches, SCEN_END);
	struct alloc_context ac = normal_ac(M);

	setup_watermarks(z, 1, 2, 3);
	scen_watch();
	reserve_highatomic_pageblock(pfn_to_page(10 * PB), 1, z);
	reserve_highatomic_pageblock(pfn_to_page(11 * PB), 1, z);
	KT_REQUIRE(setup_free_range(10 * PB, 12 * PB) == 2 * PB);
	unreserve_highatomic_pageblock(&ac, true);
	oracle_check_full();
	scen_alloc(GFP_HIGHUSER_MOVABLE, 9);
	scen_finish(r);
}

/*
 * T8 (Gordeev, coalesce-retype-all): on s390 (pageblock_order 8,
 * MAX_PAGE_ORDER 10) a free merges an U chunk with an order-9 R buddy
 * of two blocks.
 *   geometry pageblock_order=8 max_order=11
 *   zone Normal 0 16384
 *   watermarks Normal 16 20 24
 *   init-free 8192 16384
 *   init-block 0 Unmovable
 *   init-block 256 Unmovable
 *   init-block 512 Reclaimable
 *   init-block 768 Reclaimable
 *   init-buddy 512 9 Reclaimable
 *   init-buddy 0 8 Unmovable
 *   init-alloc P 256 8
 *   free P cpu=0
 *   drain cpu=0
 *   check
 *   alloc A order=9 gfp=GFP_KERNEL
 *   alloc B order=8 gfp=GFP_KERNEL
 * e6cf9e1c4cde retypes the R buddy's first block only: the order-10 U
 * buddy covers an R block (I8), whose split warns "page type is 2,
 * passed migratetype is 0 (nr=256)" (W-freelist-type).
 */
void t8_coalesce(uint64_t patches, struct scen_result *r)
{
	struct zone *z = &contig_page_data.node_zones[ZONE_NORMAL];
	struct node_geometry g;
	char err[128];

	node_geometry_preset(&g, ARCH_S390);
	g.zone_end_pfn[ZONE_NORMAL] = 16384;
	KT_REQUIRE(node_init(&g, patches, err, sizeof(err)) == 0);
	setup_watermarks(z, 16, 20, 24);
	KT_REQUIRE(setup_free_range(8192, 16384) == 8192);
	setup_pageblock_type(0, U);
	setup_pageblock_type(256, U);
	setup_pageblock_type(512, E);
	setup_pageblock_type(768, E);
	KT_REQUIRE(setup_free_buddy(512, 9, E) == 0);
	KT_REQUIRE(setup_free_buddy(0, 8, U) == 0);
	scen_watch();
	set_current(0, false);
	__free_pages(pfn_to_page(256), 8);	/* order 8 is s390's THP order: a pcp list */
	drain_pages(0);
	oracle_check_full();
	scen_alloc(GFP_KERNEL, 9);
	scen_alloc(GFP_KERNEL, 8);
	scen_finish(r);
}

/*
 * T13 (the v6.10 hygiene series, 17edeb5d3f76 first): an H page waits on
 * a pcp list while its block is unreserved.
 *   zone Normal 0 65536
 *   init-free 5120 20480
 *   init-block 1536 HighAtomic
 *   init-counter Normal 512
 *   init-free 1544 2048
 *   init-alloc P 1536 0
 *   free P cpu=0
 *   unreserve cpu=1 gfp=GFP_HIGHUSER_MOVABLE force
 *   drain cpu=0
 *   check
 * With the pcp type cache the drain puts P on the H list of a block that
 * is MOVABLE now (H-list); without it the drain reads the block.
 */
void t13_stale_pcp_type(uint64_t patches, struct scen_result *r)
{
	struct zone *z = fixture_zone(patches, SCEN_END);
	struct alloc_context ac = normal_ac(M);

	scen_free_blocks(10, 40);
	setup_pageblock_type(3 * PB, H);
	setup_reserved_highatomic(z, PB);
	KT_REQUIRE(setup_free_range(3 * PB + 8, 4 * PB) == PB - 8);
	scen_watch();
	set_current(0, false);
	__free_pages(pfn_to_page(3 * PB), 0);
	set_current(1, false);
	unreserve_highatomic_pageblock(&ac, true);
	drain_pages(0);
	scen_finish(r);
}
