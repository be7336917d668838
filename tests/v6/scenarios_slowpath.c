// SPDX-License-Identifier: MIT
/*
 * scenarios_slowpath.c - T2, T4, T5, T6, T11, T12: watermarks, the slow
 * path's decisions, the fallback's cost.
 */
#include "scenarios.h"

/*
 * T2 (ac3f3b0a5518): blocks 3 and 4 wholly free H, nothing else, no
 * reclaim progress; GFP_KERNEL order 0.
 *   zone Normal 0 65536
 *   init-block 1536 HighAtomic
 *   init-block 2048 HighAtomic
 *   init-buddy 1536 9 HighAtomic
 *   init-buddy 2048 9 HighAtomic
 *   init-counter Normal 1024
 *   reclaimable Normal 0
 *   progress 0
 *   alloc A cpu=0 order=0 gfp=GFP_KERNEL
 * Before the fix should_reclaim_retry's watermark exit OOMs with the
 * reserve intact (I6).
 */
void t2_oom_with_reserve(uint64_t patches, struct scen_result *r)
{
	struct zone *z = fixture_zone(patches, SCEN_END);

	make_h(3, 9);
	make_h(4, 9);
	setup_reserved_highatomic(z, 2 * PB);
	scen_watch();
	scen_alloc(GFP_KERNEL, 0);
	scen_finish(r);
}

/*
 * T4 (9282012fc0aa): eight H blocks with an order-4 buddy free each
 * (counter 4096), two MOVABLE blocks free: NR_FREE_PAGES 1152 < 4096.
 *   zone Normal 0 65536
 *   init-block 1536 HighAtomic        (... blocks 3 to 10)
 *   init-buddy 1536 4 HighAtomic      (... the start of each)
 *   init-counter Normal 4096
 *   init-free 10240 11264
 *   alloc A cpu=0 order=0 gfp=GFP_KERNEL
 * Before the fix free - reserved is negative and the order-0 fast check
 * passes (wmark-fast).
 */
void t4_fast_negative(uint64_t patches, struct scen_result *r)
{
	struct zone *z = fixture_zone(patches, SCEN_END);

	for (unsigned long b = 3; b < 11; b++)
		make_h(b, 4);
	setup_reserved_highatomic(z, 8 * PB);
	scen_free_blocks(20, 22);
	scen_watch();
	scen_alloc(GFP_KERNEL, 0);
	scen_finish(r);
}

/*
 * T5 (c928807f6f6b): blocks 3 and 4 H and wholly allocated (counter
 * 1024); 700 MOVABLE pages free: above min (512), below min + 1024.
 *   zone Normal 0 65536
 *   init-block 1536 HighAtomic
 *   init-block 2048 HighAtomic
 *   init-counter Normal 1024
 *   init-free 5120 5820
 *   reclaimable Normal 0
 *   progress 0
 *   alloc A cpu=0 order=0 gfp=GFP_KERNEL
 * Before the fix the watermark holds back the whole reserve, allocated
 * pages included: OOM with 700 usable free pages (I6-wmark).
 */
void t5_reserved_not_free(uint64_t patches, struct scen_result *r)
{
	struct zone *z = fixture_zone(patches, SCEN_END);

	setup_pageblock_type(3 * PB, H);
	setup_pageblock_type(4 * PB, H);
	setup_reserved_highatomic(z, 2 * PB);
	KT_REQUIRE(setup_free_range(10 * PB, 10 * PB + 700) == 700);
	scen_watch();
	scen_alloc(GFP_KERNEL, 0);
	scen_finish(r);
}

/*
 * T6 (281dd25c1a01): all free memory is block 3, H; GFP_ATOMIC order 0.
 *   zone Normal 0 65536
 *   init-block 1536 HighAtomic
 *   init-buddy 1536 9 HighAtomic
 *   init-counter Normal 512
 *   alloc A cpu=0 order=0 gfp=GFP_ATOMIC
 * The watermark passes (reserve callers count H) but __rmqueue cannot
 * take H: before the fix the request fails (I6-nopage).
 */
void t6_atomic_order0(uint64_t patches, struct scen_result *r)
{
	struct zone *z = fixture_zone(patches, SCEN_END);

	make_h(3, 9);
	setup_reserved_highatomic(z, PB);
	scen_watch();
	scen_alloc(GFP_ATOMIC, 0);
	scen_finish(r);
}

/*
 * T11 ("speed up fallbacks in rmqueue_bulk()"): blocks 10..73 MOVABLE,
 * each with one free page and the rest allocated movable: no block can be
 * claimed.  One order-0 UNMOVABLE pcp refill.
 *   zone Normal 0 65536
 *   init-buddy 5120 0 Movable         (... the start of blocks 10 to 73)
 *   init-movable 5121 37888           (new op: allocated pages on the LRU)
 *   alloc A cpu=0 order=0 gfp=GFP_KERNEL
 * Counted: the claim scans' orders (scans); one scan per refill with
 * the fix, one per page of the batch before.
 */
void t11_claim_scans(uint64_t patches, struct scen_result *r)
{
	struct zone *z = fixture_zone(patches, SCEN_END);
	unsigned long before;

	setup_watermarks(z, 1, 2, 3);
	for (unsigned long b = 10; b < 74; b++) {
		KT_REQUIRE(setup_free_buddy(b * PB, 0, M) == 0);
		for (unsigned long pfn = b * PB + 1; pfn < (b + 1) * PB; pfn++)
			pfn_to_page(pfn)->flags |= PG_movable;
	}
	scen_watch();
	set_current(0, false);
	before = contig_page_data.claim_scans;
	KT_REQUIRE(rmqueue(z, z, 0, GFP_KERNEL, ALLOC_WMARK_LOW, U) != NULL);
	r->scans = contig_page_data.claim_scans - before;
	scen_finish(r);
}

/*
 * T12 (defrag_mode's retry & OOM fix): vm.defrag_mode = 1, nothing
 * free, no reclaim progress; GFP_KERNEL order 0.
 *   zone Normal 0 65536
 *   sysctl defrag_mode=1                         (new op)
 *   progress 0
 *   alloc A cpu=0 order=0 gfp=GFP_KERNEL
 * Before the fix ALLOC_NOFRAGMENT is dropped and set again on every
 * round: the slow path never reaches the OOM (livelock).
 */
void t12_defrag_mode(uint64_t patches, struct scen_result *r)
{
	fixture_zone(patches, SCEN_END);
	contig_page_data.defrag_mode = true;
	scen_watch();
	scen_alloc(GFP_KERNEL, 0);
	scen_finish(r);
}
