// SPDX-License-Identifier: MIT
/*
 * test_highatomic.c - reserve_highatomic_pageblock and every form of
 * unreserve_highatomic_pageblock against spec §2.10, §2.11 (a)-(c), (e),
 * §3.1-§3.4 and §4.1, plus v1-1's dec_highatomic_pageblock and the
 * 88ed365ea227 steal guard.
 *
 * Zone Z of §5.0 unless stated: Normal [0, 65536), min 512 / low 640,
 * cap max 1167, block k = pfns 512k .. 512k+511.
 */
#include "support.h"
#include "show.h"

static unsigned long hblocks(struct zone *z)
{
	return zone_count_blocks(z, H);
}

/* ---- reserve_highatomic_pageblock through the allocator ---- */

/* An allocation from zone Z (v4.8) with [5120, free_end) and [0, low_end) free. */
struct alloc_case {
	const char *what;
	gfp_t gfp;
	unsigned int order;
	unsigned long free_end, low_end;
	int slowpath;		/* whether it takes the slow path */
};

static const struct alloc_case no_reserve[] = {
	{ "order 0 GFP_ATOMIC in the slow path (512 <= 640; 512 > 192)",
	  GFP_ATOMIC, 0, 5632, 0, 1 },
	{ "GFP_ATOMIC|__GFP_NOMEMALLOC: ALLOC_HIGH without HARDER",
	  GFP_ATOMIC | __GFP_NOMEMALLOC, 1, 5632, 0, 1 },
	{ "GFP_KERNEL order 1 in the slow path (F = 576: 575 <= 640 fast fails, "
	  "575 > 512 slow passes): no HARDER",
	  GFP_KERNEL, 1, 5632, 64, 1 },
	{ "an order-1 fast-path success (F large), even GFP_ATOMIC",
	  GFP_ATOMIC, 1, 5120 + 4 * PB, 0, 0 },
};

/* Build the zone and run @c's allocation, as an RT task if @rt; fatal if it fails. */
static struct page *alloc_in_Z(const struct alloc_case *c, bool rt)
{
	struct page *page;

	boot_Z("v4.8");
	node_free_range(5120, c->free_end);
	if (c->low_end)
		node_free_range(0, c->low_end);
	set_current(rt ? 1 : 0, rt);
	page = __alloc_pages_nodemask(c->gfp, c->order);
	set_current(0, false);
	KT_REQUIRE(page != NULL);
	return page;
}

static void test_reserve_via_allocator(void)
{
	struct zone *z;
	struct page *page;

	/* block 10 free (one order-9 MOVABLE buddy), F = 512 <= low:
	 * GFP_ATOMIC order 1: fast path 511 <= 640 fails; slow path 511 > 192 */
	z = boot_Z("v4.8");
	node_free_range(5120, 5632);
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 512);
	page = __alloc_pages_nodemask(GFP_ATOMIC, 1);
	KT_REQUIRE(page != NULL);
	KT_EQ(LA.slowpath, 1);
	KT_EQ(page_to_pfn(page), 5120);		/* fallback takes the order-9 buddy, keeps its head */
	KT_EQ(z->nr_reserved_highatomic, 512);	/* C += pb */
	KT_EQ(block_mt(5120), H);		/* block retyped */
	KT_EQ(hblocks(z), 1);
	KT_EQ(buddy_list_pages(z, H), 510);	/* all 510 remaining free pages moved to H */
	KT_EQ(buddy_list_pages(z, U) + buddy_list_pages(z, M), 0);
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 510);	/* moving changes no counter */
	/* freed later: the block reads H -> back on an H list, merged to order 9 */
	__free_pages(page, 1);
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 512);
	KT_EQ(on_buddy_list(z, 5120, 9, H), 1);
	KT_EQ(hat_checker.fired, 0);
	KT_EQ(check_node_full(), 0);

	/* requests that reserve nothing */
	for (unsigned int i = 0; i < ARRAY_SIZE(no_reserve); i++) {
		const struct alloc_case *c = &no_reserve[i];
		long failed = kt_failed();

		page = alloc_in_Z(c, false);
		z = node_zone(ZONE_NORMAL);
		KT_EQ(LA.slowpath, c->slowpath);
		KT_EQ(z->nr_reserved_highatomic, 0);
		KT_EQ(hblocks(z), 0);
		kt_case_end(failed, i, c->what);
	}

	/* the GFP_KERNEL order-1 slow-path request again, from an RT task:
	 * ALLOC_HARDER -> the block is reserved */
	page = alloc_in_Z(&no_reserve[2], true);
	z = node_zone(ZONE_NORMAL);
	KT_EQ(LA.slowpath, 1);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(page_to_pfn(page)), H);
	KT_EQ(hblocks(z), 1);

	/* at the cap (C = 1536 >= 1167) a HARDER order-1 success reserves nothing */
	z = boot_Z_h("v4.8", 3, -1, 1536);
	node_free_range(40 * PB, 41 * PB);
	page = __alloc_pages_nodemask(GFP_ATOMIC, 1);
	KT_REQUIRE(page != NULL);
	KT_EQ(page_to_pfn(page) / PB, 40);
	KT_EQ(z->nr_reserved_highatomic, 1536);
	KT_NE(block_mt(40 * PB), H);
	KT_EQ(hblocks(z), 3);
	KT_EQ(hat_checker.fired, 0);
}

/* ---- reserve_highatomic_pageblock called directly ---- */

static void test_reserve_direct(void)
{
	struct zone *z = boot_Z("v4.8");
	unsigned long nr_free3, nr_free8;

	/* ISOLATE, CMA and H blocks are refused */
	setup_pageblock_type(10 * PB, MIGRATE_ISOLATE);
	reserve_highatomic_pageblock(pfn_to_page(10 * PB + 2), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(block_mt(10 * PB), MIGRATE_ISOLATE);
	setup_pageblock_type(11 * PB, MIGRATE_CMA);
	reserve_highatomic_pageblock(pfn_to_page(11 * PB), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(block_mt(11 * PB), MIGRATE_CMA);
	make_h(12, -1);
	setup_reserved_highatomic(z, 512);
	reserve_highatomic_pageblock(pfn_to_page(12 * PB + 100), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 512);	/* already H: no-op */
	KT_EQ(hblocks(z), 1);

	/* a RECLAIMABLE block with free buddies: C += 512, retyped, buddies moved */
	setup_pageblock_type(13 * PB, E);
	put_buddy(13 * PB, 3, E);
	put_buddy(13 * PB + 256, 8, M);
	nr_free3 = z->free_area[3].nr_free;
	nr_free8 = z->free_area[8].nr_free;
	reserve_highatomic_pageblock(pfn_to_page(13 * PB + 100), z, 2);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	KT_EQ(block_mt(13 * PB), H);
	KT_EQ(on_buddy_list(z, 13 * PB, 3, H), 1);
	KT_EQ(on_buddy_list(z, 13 * PB + 256, 8, H), 1);
	KT_EQ(buddy_list_pages(z, E) + buddy_list_pages(z, M), 0);
	KT_EQ(z->free_area[3].nr_free, nr_free3);	/* nr_free unchanged */
	KT_EQ(z->free_area[8].nr_free, nr_free8);
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 264);	/* 8 + 256, unchanged */

	/* UNMOVABLE block: C 1024 < 1167 -> 1536 */
	reserve_highatomic_pageblock(pfn_to_page(14 * PB), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 1536);
	KT_EQ(block_mt(14 * PB), H);
	/* cap: 1536 >= 1167 -> refused; reachable max = 512 x ceil(1167/512) = 1536 */
	reserve_highatomic_pageblock(pfn_to_page(15 * PB), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 1536);
	KT_EQ(block_mt(15 * PB), M);
	KT_EQ(hblocks(z), 3);
	KT_EQ(hat_checker.fired, 0);			/* I3 not violated at the cap */

	/* cap an exact multiple of pb: managed 51200 -> 512 + 512 = 1024 -> 2 blocks */
	z = boot_zone("v4.8", ZONE_NORMAL, 0, 51200);
	KT_EQ(highatomic_max_managed(z), 1024);
	reserve_blocks(z, 3);
	KT_EQ(z->nr_reserved_highatomic, 1024);	/* 1024 >= 1024 stops the third */
	KT_EQ(hblocks(z), 2);
	KT_EQ(block_mt(30 * PB), M);

	/* one page more of managed: 513 + 512 = 1025 -> 3 blocks (1536) */
	z = boot_zone("v4.8", ZONE_NORMAL, 0, 51300);
	reserve_blocks(z, 4);
	KT_EQ(z->nr_reserved_highatomic, 1536);
	KT_EQ(hblocks(z), 3);
	KT_EQ(hat_checker.fired, 0);
}

/* ---- zone-straddling blocks: v4.8 counts them, v1-4 refuses them ---- */

static void setup_r4(void)
{
	/*
	 * R4: DMA [1, 4096); block 0's in-zone part free except Q = 256-257.
	 * Block 0 starts outside the zone, so it boots UNMOVABLE (§10.8).
	 */
	node_free_range(1, 256);
	node_free_range(258, 512);
}

static void test_straddle(void)
{
	struct zone *z;
	const struct hat_violation *vi;

	z = boot_zone("v4.8", ZONE_DMA, 1, 4096);
	setup_r4();
	KT_EQ(zone_page_state(z, NR_FREE_PAGES), 509);
	reserve_highatomic_pageblock(pfn_to_page(256), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 512);	/* full pb counted */
	KT_EQ(block_mt(0), H);
	/* move starts at Q: only buddies in [256, 511] move (254 pages) */
	KT_EQ(buddy_list_pages(z, H), 254);
	KT_EQ(buddy_list_pages(z, U), 255);	/* [1, 255] stay where they were */
	KT_EQ(on_buddy_list(z, 128, 7, U), 1);
	KT_EQ(on_buddy_list(z, 384, 7, H), 1);
	KT_EQ(inv_fired(INV_I5_SPAN), 1);
	KT_REQUIRE(hat_checker.nr_recorded >= 1);
	vi = &hat_checker.recorded[0];
	KT_EQ(vi->id, INV_I5_SPAN);
	KT_EQ(vi->pfn, 0);
	KT_EQ(vi->expected, 512);
	KT_EQ(vi->actual, 511);			/* pfns 1..511 of block 0 in DMA */

	z = boot_zone("v4.8+v1-4", ZONE_DMA, 1, 4096);
	setup_r4();
	reserve_highatomic_pageblock(pfn_to_page(256), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 0);	/* pfn 0 not spanned -> refused */
	KT_EQ(block_mt(0), U);
	KT_EQ(buddy_list_pages(z, H), 0);
	KT_EQ(hat_checker.fired, 0);
	/* DMA cap 4095/100 + 512 = 552 -> up to 512 x ceil(552/512) = 1024 */
	reserve_highatomic_pageblock(pfn_to_page(PB), z, 1);
	reserve_highatomic_pageblock(pfn_to_page(2 * PB), z, 1);
	reserve_highatomic_pageblock(pfn_to_page(3 * PB), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	KT_EQ(block_mt(PB), H);
	KT_EQ(block_mt(2 * PB), H);
	KT_EQ(block_mt(3 * PB), M);
	KT_EQ(hat_checker.fired, 0);

	/* zone end (R5): block 32 = [16384, 16896), Y ends at 16640 */
	z = boot_Y("v4.8");
	node_free_range(16386, 16640);
	reserve_highatomic_pageblock(pfn_to_page(16384), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(16384), H);
	KT_EQ(buddy_list_pages(z, H), 0);	/* end outside the zone: nothing moved */
	KT_EQ(buddy_list_pages(z, M), 254);
	KT_EQ(inv_fired(INV_I5_SPAN), 1);
	KT_EQ(hat_checker.recorded[0].actual, 256);	/* 16384..16639 */

	z = boot_Y("v4.8+v1-4");
	node_free_range(16386, 16640);
	reserve_highatomic_pageblock(pfn_to_page(16384), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 0);	/* 16895 not spanned -> refused */
	KT_EQ(block_mt(16384), M);
	KT_EQ(hat_checker.fired, 0);
	/* v4.10 still reserves it (§4.1: eligibility unchanged) */
	z = boot_Y("v4.10");
	reserve_highatomic_pageblock(pfn_to_page(16384), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(16384), H);
}

/*
 * Exactly at the zone edges: a block that sticks out of the zone by one
 * page at the start (its first pfn outside) or at the end (its last pfn
 * outside), and the block exactly inside at either edge.  Reserving it:
 * v4.8 counts a full block, I5-span names the edge crossed and the pages
 * in the zone; v1-4 refuses exactly the blocks that stick out.  Then with
 * its in-zone order-8 buddy free on an H list, 29fac03bef72's forced
 * unreserve (v4.10): a block that sticks out of the zone start is walked
 * from the head (moved), one out of the zone end is never walked (0 moved,
 * the head stays on the H list: R5's leftover) and the call goes on and
 * returns 0.
 */
static void test_zone_edges(void)
{
	static const struct {
		const char *what;
		unsigned long start, end, pfn;	/* zone [start, end), a page of the block */
		const char *edge;		/* I5-span's detail, NULL: inside */
		long in_zone;
		bool stranded;			/* unreserve moves nothing */
	} cases[] = {
		{ "block 0 out of [1, 16896) by pfn 0", 1, 16896, 256, "zone-start", 511, false },
		{ "block 0 inside [0, 16896)", 0, 16896, 256, NULL, 512, false },
		{ "block 32 out of [0, 16895) by pfn 16895", 0, 16895, 16384, "zone-end", 511,
		  true },
		{ "block 32 inside [0, 16896)", 0, 16896, 16384, NULL, 512, false },
	};
	struct alloc_context ac = ac_normal(M);

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long pfn = cases[i].pfn, block = pfn & ~(PB - 1);
		bool out = cases[i].edge != NULL;
		long failed = kt_failed();
		struct zone *z;

		z = boot_zone("v4.8", ZONE_NORMAL, cases[i].start, cases[i].end);
		reserve_highatomic_pageblock(pg(pfn), z, 1);
		KT_EQ(z->nr_reserved_highatomic, 512);
		KT_EQ(block_mt(block), H);
		KT_EQ(hat_checker.fired, out ? 1u << INV_I5_SPAN : 0);
		if (out) {
			KT_STREQ(hat_checker.recorded[0].detail, cases[i].edge);
			KT_EQ(hat_checker.recorded[0].pfn, block);
			KT_EQ(hat_checker.recorded[0].actual, cases[i].in_zone);
		}

		z = boot_zone("v4.8+v1-4", ZONE_NORMAL, cases[i].start, cases[i].end);
		reserve_highatomic_pageblock(pg(pfn), z, 1);
		KT_EQ(z->nr_reserved_highatomic, out ? 0 : 512);
		KT_EQ(block_mt(block) == H, !out);
		KT_EQ(hat_checker.fired, 0);

		z = boot_zone("v4.10", ZONE_NORMAL, cases[i].start, cases[i].end);
		setup_pageblock_type(block, H);
		put_buddy(pfn, 8, H);
		setup_reserved_highatomic(z, 512);
		KT_EQ(unreserve_highatomic_pageblock(&ac, true, 17), !cases[i].stranded);
		KT_EQ(z->nr_reserved_highatomic, 0);
		KT_EQ(block_mt(block), M);
		KT_EQ(buddy_list_pages(z, H), cases[i].stranded ? 256 : 0);
		KT_EQ(buddy_list_pages(z, M), cases[i].stranded ? 0 : 256);
		kt_case_end(failed, i, cases[i].what);
	}
}

/* ---- (a) baseline unreserve ---- */

/*
 * Zone Y under @variant with block 32 H, its in-zone head 16384/8 free on
 * an H list (the block ends outside Y), block 10 H and free, C = 1024.
 */
static struct zone *boot_Y_edge(const char *variant)
{
	struct zone *z = boot_Y(variant);

	make_h(32, 8);
	make_h(10, 9);
	setup_reserved_highatomic(z, 1024);
	return z;
}

static void test_unreserve_baseline(void)
{
	struct alloc_context ac = ac_normal(M);
	struct zone *z;

	/* preserve one block: C = 512 -> the zone is skipped (force means nothing here) */
	z = boot_Z_h("v4.8", 1, 9, 512);
	unreserve_highatomic_pageblock(&ac, false, 0);
	unreserve_highatomic_pageblock(&ac, true, 17);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(10 * PB), H);
	KT_EQ(on_buddy_list(z, 10 * PB, 9, H), 1);
	KT_EQ(LA.unreserve_calls, 2);

	/* one block per call, lowest order first, to ac->migratetype */
	z = boot_Z("v4.8");
	make_h(10, 3);
	make_h(20, 9);
	setup_reserved_highatomic(z, 1024);
	ac = ac_normal(E);
	unreserve_highatomic_pageblock(&ac, false, 0);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(10 * PB), E);
	KT_EQ(on_buddy_list(z, 10 * PB, 3, E), 1);
	KT_EQ(block_mt(20 * PB), H);		/* second block untouched */
	KT_EQ(on_buddy_list(z, 20 * PB, 9, H), 1);
	/* next call: C = 512 <= pb -> skipped */
	unreserve_highatomic_pageblock(&ac, false, 0);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(20 * PB), H);
	KT_EQ(hat_checker.fired, 0);
	KT_EQ(check_node_full(), 0);

	/* unconditional decrement: a stray H-listed page of a MOVABLE block */
	z = boot_Z_stray_h("v4.8");	/* block 10 stays MOVABLE */
	ac = ac_normal(M);
	unreserve_highatomic_pageblock(&ac, false, 0);
	KT_EQ(z->nr_reserved_highatomic, 512);	/* decremented although block 10 was not H */
	KT_EQ(hblocks(z), 2);
	KT_EQ(on_buddy_list(z, 10 * PB, 0, M), 1);
	KT_EQ(inv_fired(INV_I4), 1);		/* double decrement detected */
	KT_EQ(inv_fired(INV_I1), 1);

	/* retype even if nothing moved, and return after that one block */
	z = boot_Y_edge("v4.8");
	ac = ac_normal(U);
	unreserve_highatomic_pageblock(&ac, false, 0);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(16384), U);		/* retyped, 0 pages moved */
	KT_EQ(on_buddy_list(z, 16384, 8, H), 1);	/* the head stays on the H list */
	KT_EQ(block_mt(10 * PB), H);		/* no further scanning */
	KT_EQ(on_buddy_list(z, 10 * PB, 9, H), 1);
}

/* ---- v1-2 / 4855e4a7f29d: decrement only while the block is H ---- */

static void test_unreserve_decrement_rule(void)
{
	const char *variants[] = { "v4.8+v1-2", "v4.8+4855e4a7f29d", "v4.10" };
	struct alloc_context ac = ac_normal(M);
	struct zone *z;

	for (unsigned int i = 0; i < 3; i++) {
		z = boot_Z_stray_h(variants[i]);
		unreserve_highatomic_pageblock(&ac, false, 0);
		KT_EQ(z->nr_reserved_highatomic, 1024);	/* block 10 not H: no decrement */
		KT_EQ(on_buddy_list(z, 10 * PB, 0, M), 1);	/* still moved to ac's type */
		KT_EQ(buddy_list_pages(z, H), 0);
		KT_EQ(hblocks(z), 2);
		KT_EQ(hat_checker.fired, 0);
	}

	/* R5 shape: the zone-edge head is found again and again */
	for (unsigned int i = 0; i < 2; i++) {
		bool fixed = i == 1;

		z = boot_Y(fixed ? "v4.8+4855e4a7f29d" : "v4.8");
		make_h(32, 8);
		make_h(10, -1);
		make_h(20, -1);
		setup_reserved_highatomic(z, 1536);
		unreserve_highatomic_pageblock(&ac, false, 0);
		KT_EQ(z->nr_reserved_highatomic, 1024);	/* block 32 was H: one decrement */
		KT_EQ(block_mt(16384), M);
		KT_EQ(on_buddy_list(z, 16384, 8, H), 1);
		unreserve_highatomic_pageblock(&ac, false, 0);
		/* v4.8 decrements again (512); 4855e4a7f29d does not (1024) */
		KT_EQ(z->nr_reserved_highatomic, fixed ? 1024 : 512);
		KT_EQ(inv_fired(INV_I4), !fixed);
	}
}

/* ---- (e) 29fac03bef72 (with 04c8716f7b00 and 4855e4a7f29d: v4.10) ---- */

static void test_unreserve_reliable(void)
{
	struct alloc_context ac = ac_normal(M);
	struct zone *z;

	/* force ignores preserve-one */
	z = boot_Z_h("v4.10", 1, 9, 512);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 0), 0);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(10 * PB), H);
	KT_EQ(unreserve_highatomic_pageblock(&ac, true, 0), 1);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(block_mt(10 * PB), M);
	KT_EQ(on_buddy_list(z, 10 * PB, 9, M), 1);
	KT_EQ(hat_checker.fired, 0);

	/* 0 moved: keep scanning higher orders (non-forced, C > pb) */
	z = boot_Y_edge("v4.10");
	ac = ac_normal(U);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 0), 1);
	KT_EQ(z->nr_reserved_highatomic, 0);	/* both blocks were H: two decrements */
	KT_EQ(block_mt(16384), U);
	KT_EQ(block_mt(10 * PB), U);
	KT_EQ(on_buddy_list(z, 16384, 8, H), 1);	/* stranded head */
	KT_EQ(on_buddy_list(z, 10 * PB, 9, U), 1);
	KT_EQ(hat_checker.fired, 0);

	/* true only if pages moved: only the edge head -> false, C still drops */
	z = boot_Y("v4.10");
	make_h(32, 8);
	setup_reserved_highatomic(z, 512);
	KT_EQ(unreserve_highatomic_pageblock(&ac, true, 17), 0);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(block_mt(16384), U);
	KT_EQ(on_buddy_list(z, 16384, 8, H), 1);
	/* again: block no longer H -> no decrement, still false */
	KT_EQ(unreserve_highatomic_pageblock(&ac, true, 18), 0);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(hat_checker.fired, 0);

	/* clamped decrement: C = 256 < pb, forced -> 0, not a wrap */
	z = boot_Z_h("v4.10", 1, 9, 256);
	ac = ac_normal(M);
	KT_EQ(unreserve_highatomic_pageblock(&ac, true, 17), 1);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(inv_fired(INV_I2_UNDERFLOW), 1);

	/* no H page anywhere: false */
	z = boot_Z_h("v4.10", 1, -1, 512);
	KT_EQ(unreserve_highatomic_pageblock(&ac, true, 17), 0);
	KT_EQ(z->nr_reserved_highatomic, 512);
}

/*
 * v4.10 on DMA32 [0, 32768) and Normal [32768, 65536): block 10 (DMA32) H
 * and free, block 80 (Normal) H, free if @normal_free; C = 512 in both.
 */
static void boot_h_in_two_zones(bool normal_free)
{
	boot_dma32_normal("v4.10");
	make_h(10, 9);
	make_h(80, normal_free ? 9 : -1);
	setup_reserved_highatomic(node_zone(ZONE_DMA32), 512);
	setup_reserved_highatomic(node_zone(ZONE_NORMAL), 512);
}

/* zonelist order: from high_zoneidx down, next zone when nothing moved */
static void test_unreserve_zonelist(void)
{
	struct zone *dma32 = node_zone(ZONE_DMA32), *normal = node_zone(ZONE_NORMAL);
	struct alloc_context ac = ac_normal(M);

	boot_h_in_two_zones(true);
	/* request limited to DMA32 never touches Normal */
	ac.high_zoneidx = ZONE_DMA32;
	ac.classzone_idx = ZONE_DMA32;
	KT_EQ(unreserve_highatomic_pageblock(&ac, true, 17), 1);
	KT_EQ(dma32->nr_reserved_highatomic, 0);
	KT_EQ(normal->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(80 * PB), H);
	/* Normal first for a Normal request */
	ac = ac_normal(M);
	KT_EQ(unreserve_highatomic_pageblock(&ac, true, 17), 1);
	KT_EQ(normal->nr_reserved_highatomic, 0);
	KT_EQ(block_mt(80 * PB), M);

	/* Normal has no H page: the scan goes on to DMA32 */
	boot_h_in_two_zones(false);
	KT_EQ(unreserve_highatomic_pageblock(&ac, true, 17), 1);
	KT_EQ(normal->nr_reserved_highatomic, 512);
	KT_EQ(dma32->nr_reserved_highatomic, 0);
	KT_EQ(block_mt(10 * PB), M);
	/* non-forced: preserve-one in both zones */
	boot_dma32_normal("v4.10");
	make_h(10, 9);
	setup_reserved_highatomic(dma32, 512);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 0), 0);
	KT_EQ(block_mt(10 * PB), H);
}

/* ---- (c) 04c8716f7b00 alone ---- */

static void test_unreserve_04c8(void)
{
	struct alloc_context ac = ac_normal(M);
	struct zone *z;

	z = boot_Z_h("v4.8+04c8716f7b00", 2, 9, 1024);
	KT_NE(unreserve_highatomic_pageblock(&ac, false, 0), 0);	/* pages moved: true */
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(hblocks(z), 1);				/* one block per call */
	/* preserve-one always, even when asked to force */
	KT_EQ(unreserve_highatomic_pageblock(&ac, true, 17), 0);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(hblocks(z), 1);

	/* the found block moved nothing: false, and no scanning on */
	z = boot_Y_edge("v4.8+04c8716f7b00");
	KT_EQ(unreserve_highatomic_pageblock(&ac, true, 17), 0);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(16384), M);
	KT_EQ(block_mt(10 * PB), H);
	KT_EQ(on_buddy_list(z, 10 * PB, 9, H), 1);

	/* no head at all: false */
	z = boot_Z_h("v4.8+04c8716f7b00", 2, -1, 1024);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 0), 0);
	KT_EQ(z->nr_reserved_highatomic, 1024);
}

/* ---- (b) v1-3 as posted: one head per order, a budget that wraps ---- */

/*
 * Zone Z under @variant with blocks 10, 20, 30, 40 H, the only free pages
 * of block 10 + 10k one buddy of order k (1 + 2 + 4 + 8 = 15 pages), and
 * the counter at @c.
 */
static struct zone *boot_Z_h_orders(const char *variant, unsigned long c)
{
	struct zone *z = boot_Z(variant);

	for (unsigned int k = 0; k < 4; k++)
		make_h(10 * (k + 1), (int)k);
	setup_reserved_highatomic(z, c);
	return z;
}

static void test_unreserve_v1_3(void)
{
	struct alloc_context ac = ac_normal(M);
	struct zone *z;

	/* L = 1, C = 1536: budget max(1 x 1536 / 16 = 96, 512) = 512 -> one block */
	z = boot_Z_h("v4.8+v1-3", 3, 9, 1536);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 1), 512);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	KT_EQ(hblocks(z), 2);
	KT_EQ(buddy_list_pages(z, M), 512);

	/* L = 8: budget max(768, 512) = 768, 256 left after the first head, but
	 * the three heads share order 9 and only the first head of an order is
	 * taken */
	z = boot_Z_h("v4.8+v1-3", 3, 9, 1536);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 8), 512);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	KT_EQ(hblocks(z), 2);

	/* L < 16 with C <= pb: preserve one block */
	z = boot_Z_h("v4.8+v1-3", 1, 9, 512);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 15), 0);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(10 * PB), H);
	/* L = 16: unlimited and no preserve-one */
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 16), 512);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(block_mt(10 * PB), M);

	/* L = 16 with three blocks (R3b): "everything" is one head of order 9 */
	z = boot_Z_h("v4.8+v1-3", 3, 9, 1536);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 16), 512);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	KT_EQ(hblocks(z), 2);
	KT_EQ(buddy_list_pages(z, H), 1024);
	KT_EQ(hat_checker.fired, 0);

	/* the budget drops by min(pb, counter after the decrement), not by the
	 * pages moved: L = 8, C = 2048: 1024 -> 512 -> 0 after blocks 10, 20 */
	z = boot_Z_h_orders("v4.8+v1-2+v1-3", 2048);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 8), 1 + 2);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	KT_EQ(block_mt(30 * PB), H);
	KT_EQ(block_mt(40 * PB), H);
	KT_EQ(buddy_list_pages(z, H), 4 + 8);

	/* ... and wraps: L = 10: 1280 -> 768 -> 256 -> 256 - 512 wraps -> all four */
	z = boot_Z_h_orders("v4.8+v1-2+v1-3", 2048);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 10), 1 + 2 + 4 + 8);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(hblocks(z), 0);
	KT_EQ(buddy_list_pages(z, M), 15);
	KT_EQ(hat_checker.fired, 0);

	/* the result counts the pages of the found heads, not the pages moved:
	 * head 5200/0 found first, its move takes 5120/3 along (9 pages) */
	z = boot_Z("v4.8+v1-3");
	make_h(10, 3);
	put_buddy(10 * PB + 80, 0, H);
	make_h(20, -1);
	setup_reserved_highatomic(z, 1024);
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 1), 1);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(buddy_list_pages(z, M), 9);
	KT_EQ(buddy_list_pages(z, H), 0);

	/* a stray head (v1-2: its block is no longer H) is moved but counts
	 * nothing: 0, so should_reclaim_retry goes on to its watermark loop */
	z = boot_Z_stray_h("v4.8+v1-2+v1-3");
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 1), 0);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	KT_EQ(on_buddy_list(z, 10 * PB, 0, M), 1);
	KT_EQ(hat_checker.fired, 0);
	/* without v1-2 the decrement, its cost and its count go with every head */
	z = boot_Z_stray_h("v4.8+v1-3");
	KT_EQ(unreserve_highatomic_pageblock(&ac, false, 1), 1);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(on_buddy_list(z, 10 * PB, 0, M), 1);
	KT_EQ(inv_fired(INV_I4), 1);
}

/* ---- v1-1: dec_highatomic_pageblock, and the steal paths ---- */

static void dec_highatomic_locked(struct zone *z, unsigned long pfn, int new_mt)
{
	spin_lock(&z->lock);
	dec_highatomic_pageblock(z, pg(pfn), new_mt);
	spin_unlock(&z->lock);
}

static void test_dec_highatomic(void)
{
	struct zone *z;

	z = boot_Z_h("v4.8+v1-1", 1, -1, 512);
	dec_highatomic_locked(z, 10 * PB, U);
	KT_EQ(z->nr_reserved_highatomic, 512);	/* C <= pb: the block stays H */
	KT_EQ(block_mt(10 * PB), H);

	make_h(20, -1);
	setup_reserved_highatomic(z, 1024);
	dec_highatomic_locked(z, 10 * PB, U);
	KT_EQ(z->nr_reserved_highatomic, 512);	/* C > pb: -512 and retyped */
	KT_EQ(block_mt(10 * PB), U);
	KT_EQ(block_mt(20 * PB), H);
	KT_EQ(hat_checker.fired, 0);
}

/*
 * An H block whose free pages sit on a MOVABLE list as one order-9 buddy
 * (the R1 end state): an UNMOVABLE fallback reaches it.
 *   v4.8: change_pageblock_range retypes it, C unchanged (I4-retype)
 *   v1-1: dec_highatomic_pageblock keeps it H (C = 512 <= pb)
 *   88ed365ea227: no steal, the block stays H
 */
static void test_steal_h_block(void)
{
	const char *variants[] = { "v4.8", "v4.8+v1-1", "v4.8+88ed365ea227" };

	for (unsigned int i = 0; i < 3; i++) {
		struct zone *z = boot_Z_h(variants[i], 1, -1, 512);
		struct page *page;

		put_buddy(10 * PB, 9, M);
		page = fallback_locked(z, 0, U);
		KT_REQUIRE(page != NULL);
		KT_EQ(page_to_pfn(page), 10 * PB);
		KT_EQ(z->nr_reserved_highatomic, 512);
		KT_EQ(block_mt(10 * PB), i == 0 ? U : H);
		KT_EQ(inv_fired(INV_I4_RETYPE), i == 0);
		/* the remainders go to the requested type's lists */
		KT_EQ(buddy_list_pages(z, U), 511);
	}
}

int main(void)
{
	test_reserve_via_allocator();
	test_reserve_direct();
	test_straddle();
	test_zone_edges();
	test_unreserve_baseline();
	test_unreserve_decrement_rule();
	test_unreserve_reliable();
	test_unreserve_zonelist();
	test_unreserve_04c8();
	test_unreserve_v1_3();
	test_dec_highatomic();
	test_steal_h_block();
	node_exit();
	KT_MAIN_END();
}
