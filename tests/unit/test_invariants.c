// SPDX-License-Identifier: MIT
/*
 * test_invariants.c - the invariant checker (invariants.h) against spec §6:
 * the cheap event checks (I1, I2, I2-underflow, I3, I4, I4-retype, I5,
 * I5-span, I6, I6-stranded), the tolerated isolation drift (§2.16), the
 * full structural checks (I8, I9, I11) and the violation records.
 *
 * Zone Z of §5.0 unless stated: Normal [0, 65536), block k = 512k..512k+511.
 */
#include "support.h"
#include "show.h"

#include <string.h>

/* The first recorded violation of @id, or NULL. */
static const struct hat_violation *rec(enum hat_inv id)
{
	for (unsigned int i = 0; i < hat_checker.nr_recorded; i++)
		if (hat_checker.recorded[i].id == id)
			return &hat_checker.recorded[i];
	return NULL;
}

/* The first recorded violation of @id; fatal if there is none. */
static const struct hat_violation *must_rec(enum hat_inv id)
{
	const struct hat_violation *v = rec(id);

	KT_REQUIRE(v != NULL);
	return v;
}

static unsigned int nr_fired(void)
{
	return (unsigned int)__builtin_popcount(hat_checker.fired);
}

static void test_names(void)
{
	static const struct {
		enum hat_inv id;
		const char *name;
	} names[] = {
		{ INV_I1, "I1" }, { INV_I2_UNDERFLOW, "I2-underflow" }, { INV_I4, "I4" },
		{ INV_I4_RETYPE, "I4-retype" }, { INV_I5_SPAN, "I5-span" }, { INV_I6, "I6" },
		{ INV_I6_STRANDED, "I6-stranded" }, { INV_I8, "I8" }, { INV_I9, "I9" },
		{ INV_I11, "I11" }, { INV_I6_STALL, "I6-stall" }, { NR_HAT_INV, "?" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		KT_STREQ(inv_name(names[i].id), names[i].name);
	for (int i = 0; i < NR_HAT_INV; i++)
		KT_ASSERT(strlen(inv_title((enum hat_inv)i)) > 10);
}

/* ---- I1 ---- */

static void test_i1(void)
{
	struct zone *z;
	const struct hat_violation *v;

	/* a raw counter write inside a zone->lock section, no retype, no hook:
	 * the event checks see nothing; the on-demand check does */
	z = boot_Z_h("v4.8", 1, 9, 512);
	KT_EQ(check_node_cheap(), 0);
	spin_lock(&z->lock);
	z->nr_reserved_highatomic += PB;
	spin_unlock(&z->lock);
	KT_EQ(hat_checker.fired, 0);
	KT_EQ(check_node_cheap(), 1);
	KT_EQ(inv_fired(INV_I1), 1);
	v = must_rec(INV_I1);
	KT_STREQ(v->func, "check_node_cheap");
	KT_EQ(v->zone, ZONE_NORMAL);
	KT_EQ(v->pfn, ~0UL);
	KT_EQ(v->expected, 512);		/* 1 H block */
	KT_EQ(v->actual, 1024);
	KT_EQ(check_node_cheap(), 0);		/* one report per new mismatch */

	/* the next section with an event (a valid reserve) reports it */
	z = boot_Z_h("v4.8", 1, 9, 512);
	spin_lock(&z->lock);
	z->nr_reserved_highatomic += PB;
	spin_unlock(&z->lock);
	reserve_highatomic_pageblock(pfn_to_page(20 * PB), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 1536);
	KT_EQ(inv_fired(INV_I1), 1);
	KT_EQ(inv_fired(INV_I5), 0);		/* the reserve itself was paired */
	v = must_rec(INV_I1);
	KT_STREQ(v->func, "reserve_highatomic_pageblock");
	KT_EQ(v->expected, 1024);		/* 2 H blocks */
	KT_EQ(v->actual, 1536);

	/* an increment hook without a block becoming H: I5 and I1 at unlock */
	z = boot_Z_h("v4.8", 1, 9, 512);
	spin_lock(&z->lock);
	z->nr_reserved_highatomic += PB;
	note_highatomic_inc(z, pfn_to_page(20 * PB), "reserve_highatomic_pageblock");
	KT_EQ(hat_checker.fired, 0);		/* nothing until the section ends */
	spin_unlock(&z->lock);
	KT_EQ(inv_fired(INV_I5), 1);
	KT_EQ(inv_fired(INV_I1), 1);
	v = must_rec(INV_I5);
	KT_EQ(v->pfn, 20 * PB);
	KT_EQ(v->expected, 1);			/* one increment ... */
	KT_EQ(v->actual, 0);			/* ... no block became H */
	v = must_rec(INV_I1);
	KT_EQ(v->expected, 512);
	KT_EQ(v->actual, 1024);

	/* I2: a counter that is not a multiple of pb */
	z = boot_Z("v4.8");
	spin_lock(&z->lock);
	z->nr_reserved_highatomic += 300;
	note_highatomic_inc(z, pfn_to_page(20 * PB), "reserve_highatomic_pageblock");
	spin_unlock(&z->lock);
	KT_EQ(inv_fired(INV_I2), 1);
	v = must_rec(INV_I2);
	KT_EQ(v->actual, 300);			/* 300 % 512 */
}

/* ---- I4: a decrement without a block leaving H ---- */

static void test_i4(void)
{
	struct alloc_context ac = ac_normal(M);
	struct zone *z;
	const struct hat_violation *v;
	unsigned long before;

	/* simulated: inside a section, decrement through the hook, no retype */
	z = boot_Z_h("v4.8", 2, -1, 1024);
	spin_lock(&z->lock);
	before = z->nr_reserved_highatomic;
	z->nr_reserved_highatomic -= PB;
	note_highatomic_dec(z, pfn_to_page(10 * PB), before, "unreserve_highatomic_pageblock");
	spin_unlock(&z->lock);
	KT_EQ(inv_fired(INV_I4), 1);
	KT_EQ(inv_fired(INV_I4_RETYPE), 0);
	KT_EQ(inv_fired(INV_I2_UNDERFLOW), 0);	/* 1024 >= pb */
	v = must_rec(INV_I4);
	KT_EQ(v->zone, ZONE_NORMAL);
	KT_EQ(v->pfn, 10 * PB);
	KT_EQ(v->expected, 0);			/* blocks that left H */
	KT_EQ(v->actual, 1);			/* decrements */
	v = must_rec(INV_I1);
	KT_EQ(v->expected, 1024);
	KT_EQ(v->actual, 512);

	/* the real thing (§3.2 step 5): v4.8 unreserve finds a stray H-listed
	 * page of a MOVABLE block and decrements for it */
	z = boot_Z_stray_h("v4.8");
	unreserve_highatomic_pageblock(&ac, false, 0);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(inv_fired(INV_I4), 1);
	v = must_rec(INV_I4);
	KT_EQ(v->pfn, 10 * PB);
	/* the decrement happened in unreserve_highatomic_pageblock (invariants.h:
	 * "the kernel function in which it was detected") */
	KT_STREQ(v->func, "unreserve_highatomic_pageblock");

	/* 4855e4a7f29d: no decrement, nothing to report */
	z = boot_Z_stray_h("v4.10");
	unreserve_highatomic_pageblock(&ac, false, 0);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	KT_EQ(hat_checker.fired, 0);

	/* a regular unreserve (decrement + H block retyped) is paired */
	z = boot_Z_h("v4.8", 2, 9, 1024);
	unreserve_highatomic_pageblock(&ac, false, 0);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(hat_checker.fired, 0);
}

/* ---- I4-retype: an H block retyped without a decrement ---- */

/*
 * Zone Z under @variant with block 10 H (C = 512) but its free pages on
 * MOVABLE lists (10 * PB / 8 and + 256 / 7), then an order-0 UNMOVABLE
 * fallback, which takes a page of that block; returns the zone.
 */
static struct zone *fallback_into_h_block(const char *variant)
{
	struct zone *z = boot_Z_h(variant, 1, -1, 512);

	put_buddy(10 * PB, 8, M);
	put_buddy(10 * PB + 256, 7, M);
	KT_REQUIRE(fallback_locked(z, 0, U) != NULL);
	return z;
}

static void test_i4_retype(void)
{
	struct zone *z;
	const struct hat_violation *v;

	z = boot_Z_h("v4.8", 1, -1, 512);
	/* non-H -> non-H retypes in a section are no event */
	spin_lock(&z->lock);
	set_pageblock_migratetype(pfn_to_page(30 * PB), U);
	spin_unlock(&z->lock);
	KT_EQ(hat_checker.fired, 0);
	/* H -> MOVABLE inside a section, no decrement */
	spin_lock(&z->lock);
	set_pageblock_migratetype(pfn_to_page(10 * PB), M);
	spin_unlock(&z->lock);
	KT_EQ(inv_fired(INV_I4_RETYPE), 1);
	KT_EQ(inv_fired(INV_I4), 0);
	v = must_rec(INV_I4_RETYPE);
	KT_STREQ(v->func, __func__);		/* the caller of set_pageblock_migratetype */
	KT_STREQ(v->detail, __func__);		/* the caller that retyped the block */
	KT_EQ(v->zone, ZONE_NORMAL);
	KT_EQ(v->pfn, 10 * PB);
	KT_EQ(v->expected, 1);			/* blocks that left H */
	KT_EQ(v->actual, 0);			/* decrements */
	v = must_rec(INV_I1);
	KT_EQ(v->expected, 0);			/* phantom reserve: 0 H blocks */
	KT_EQ(v->actual, 512);

	/* a retype set up directly (outside any zone->lock section) is no event */
	z = boot_Z_h("v4.8", 1, -1, 512);
	setup_pageblock_type(10 * PB, M);
	KT_EQ(hat_checker.fired, 0);

	/* §3.1 step 4, v4.8: a fallback claims an H block whose free pages sit
	 * on a MOVABLE list (order 8 + order 7 = 384 >= 256 moved) */
	z = fallback_into_h_block("v4.8");
	KT_EQ(get_pageblock_migratetype(pfn_to_page(10 * PB)), U);
	KT_EQ(z->nr_reserved_highatomic, 512);
	v = must_rec(INV_I4_RETYPE);
	KT_STREQ(v->func, "steal_suitable_fallback");
	KT_STREQ(v->detail, "steal_suitable_fallback");
	KT_EQ(v->pfn, 10 * PB);
	KT_EQ(must_rec(INV_I1)->detail == NULL, 1);	/* no detail for the others */

	/* the detail names the retyping caller, the function the last event's */
	z = boot_Z_h("v4.8", 1, -1, 512);
	spin_lock(&z->lock);
	__set_pageblock_migratetype(pfn_to_page(10 * PB), M, "__isolate_free_page");
	z->nr_reserved_highatomic += PB;
	note_highatomic_inc(z, pfn_to_page(20 * PB), "reserve_highatomic_pageblock");
	set_pageblock_migratetype(pfn_to_page(20 * PB), H);
	spin_unlock(&z->lock);
	v = must_rec(INV_I4_RETYPE);
	KT_STREQ(v->func, __func__);
	KT_STREQ(v->detail, "__isolate_free_page");
	KT_ASSERT(strstr(v->msg, "(retyped by __isolate_free_page)") != NULL);
	/* 88ed365ea227: the block is not stolen, nothing to report */
	fallback_into_h_block("v4.10");
	KT_EQ(get_pageblock_migratetype(pfn_to_page(10 * PB)), H);
	KT_EQ(hat_checker.fired, 0);
}

/* ---- I5-span, I2-underflow, I3 ---- */

static void test_span_underflow_cap(void)
{
	struct alloc_context ac = ac_normal(M);
	struct zone *z;
	const struct hat_violation *v;

	/* R4: DMA [1, 4096), block 0 straddles the zone start */
	z = boot_zone("v4.8", ZONE_DMA, 1, 4096);
	reserve_highatomic_pageblock(pfn_to_page(256), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(inv_fired(INV_I5_SPAN), 1);
	KT_EQ(nr_fired(), 1);			/* counter and flags agree: no I1/I5 */
	v = must_rec(INV_I5_SPAN);
	KT_STREQ(v->func, "reserve_highatomic_pageblock");
	KT_STREQ(v->detail, "zone-start");
	KT_EQ(v->zone, ZONE_DMA);
	KT_EQ(v->pfn, 0);
	KT_EQ(v->expected, 512);
	KT_EQ(v->actual, 511);
	/* v1-4 never reserves it */
	z = boot_zone("v1", ZONE_DMA, 1, 4096);
	reserve_highatomic_pageblock(pfn_to_page(256), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(hat_checker.fired, 0);
	/* R5: zone end */
	z = boot_Y("v4.10");
	reserve_highatomic_pageblock(pfn_to_page(16384), z, 1);
	v = must_rec(INV_I5_SPAN);
	KT_EQ(v->pfn, 16384);
	KT_EQ(v->actual, 256);
	KT_STREQ(v->detail, "zone-end");
	/* a zone smaller than a block: both edges */
	z = boot_zone("v4.10", ZONE_NORMAL, 16400, 16800);
	reserve_highatomic_pageblock(pfn_to_page(16400), z, 1);
	KT_STREQ(must_rec(INV_I5_SPAN)->detail, "zone-start-end");

	/* I2-underflow: a forced unreserve with C = 256 < pb clamps to 0 */
	z = boot_Z_h("v4.10", 1, 9, 256);
	KT_EQ(unreserve_highatomic_pageblock(&ac, true, 17), 1);
	KT_EQ(z->nr_reserved_highatomic, 0);
	v = must_rec(INV_I2_UNDERFLOW);
	KT_STREQ(v->func, "unreserve_highatomic_pageblock");
	KT_EQ(v->pfn, 10 * PB);
	KT_EQ(v->expected, 512);
	KT_EQ(v->actual, 256);
	KT_EQ(inv_fired(INV_I4), 0);

	/* I3: the counter itself above pb x ceil(1167/512) = 1536 */
	z = boot_Z_h("v4.8", 3, -1, 1536);
	spin_lock(&z->lock);
	z->nr_reserved_highatomic += PB;	/* as reserve does: count, then retype */
	note_highatomic_inc(z, pfn_to_page(40 * PB), "reserve_highatomic_pageblock");
	set_pageblock_migratetype(pfn_to_page(40 * PB), H);
	spin_unlock(&z->lock);
	KT_EQ(inv_fired(INV_I3), 1);
	KT_EQ(inv_fired(INV_I5), 0);
	KT_EQ(inv_fired(INV_I1), 0);
	v = must_rec(INV_I3);
	KT_EQ(v->expected, 1536);
	KT_EQ(v->actual, 2048);

	/* I3 tolerance (§6 I3): managed shrinking later leaves the counter above
	 * the new cap; nothing reports it, the reserve just stops */
	z = boot_Z("v4.8");
	reserve_blocks(z, 3);
	adjust_managed_page_count(z, -30000);	/* cap 355 + 512 = 867 < 1536 */
	reserve_highatomic_pageblock(pfn_to_page(40 * PB), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 1536);
	KT_EQ(check_node_cheap(), 0);
	KT_EQ(hat_checker.fired, 0);

	/* §3.2 symptom (i): 3 H blocks counted as 512 (an R2 end state); the cap
	 * check sees the counter, so a 4th block is reserved (C 1024 <= 1167)
	 * and 4 blocks = 2048 pages are H.  The counter obeys the cap (spec §6
	 * I3: no I3), the real blocks exceed pb x ceil(1167/512) = 1536: that
	 * is how the undercount shows, I3-blocks. */
	z = boot_Z_h("v4.8", 3, -1, 512);
	reserve_highatomic_pageblock(pfn_to_page(40 * PB), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	KT_EQ(zone_count_blocks(z, H), 4);
	KT_EQ(inv_fired(INV_I1), 0);		/* the drift was the starting state */
	KT_EQ(inv_fired(INV_I3), 0);
	KT_EQ(inv_fired(INV_I3_BLOCKS), 1);
	v = must_rec(INV_I3_BLOCKS);
	KT_EQ(v->expected, 1536);
	KT_EQ(v->actual, 2048);
}

/* ---- I6 / I6-stranded at the OOM decision ---- */

static void test_i6(void)
{
	struct zone *z;
	const struct hat_violation *v;

	/* R6 on v4.8: OOM at L = 1 with blocks 10 and 20 free on H lists */
	z = boot_Z_h("v4.8", 2, 9, 1024);
	KT_EQ(__alloc_pages_nodemask(GFP_KERNEL, 0) == NULL, 1);
	KT_EQ(LA.oom, 1);
	KT_EQ(inv_fired(INV_I6), 1);
	KT_EQ(inv_fired(INV_I6_STRANDED), 0);
	KT_EQ(nr_fired(), 1);
	v = must_rec(INV_I6);
	KT_STREQ(v->func, "__alloc_pages_may_oom");
	KT_STREQ(v->detail, "wmark-exit");
	KT_EQ(v->zone, ZONE_NORMAL);
	KT_EQ(v->pfn, 10 * PB);			/* lowest H head */
	KT_EQ(v->expected, 0);
	KT_EQ(v->actual, 1024);			/* free pages on H lists */

	/* OOM with no H page: nothing */
	boot_Z("v4.8");
	KT_EQ(__alloc_pages_nodemask(GFP_KERNEL, 0) == NULL, 1);
	KT_EQ(LA.oom, 1);
	KT_EQ(hat_checker.fired, 0);

	/* GFP_ATOMIC fails without OOM (tolerance (e)): nothing */
	z = boot_Z_h("v4.8", 1, 9, 512);
	KT_EQ(__alloc_pages_nodemask(GFP_ATOMIC, 0) == NULL, 1);
	KT_EQ(LA.oom, 0);
	KT_EQ(hat_checker.fired, 0);

	/* tolerance (c): an H-cached page on a pcp list is invisible */
	z = boot_Z_h("v4.8", 1, -1, 512);
	set_current(1, false);
	__free_pages(pfn_to_page(10 * PB), 0);
	set_current(0, false);
	KT_EQ(__alloc_pages_nodemask(GFP_KERNEL, 0) == NULL, 1);
	KT_EQ(LA.oom, 1);
	KT_EQ(hat_checker.fired, 0);
	/* once drained it is a free H buddy inside the zone */
	drain_all_pages(NULL);
	check_oom_decision(ZONE_NORMAL, "out_of_memory");
	KT_EQ(inv_fired(INV_I6), 1);
	KT_EQ(rec(INV_I6)->actual, 1);

	/* tolerance (d): zones above high_zoneidx are not considered */
	boot_dma32_normal("v4.8");
	make_h(80, 9);
	setup_reserved_highatomic(node_zone(ZONE_NORMAL), 512);
	check_oom_decision(ZONE_DMA32, "out_of_memory");
	KT_EQ(hat_checker.fired, 0);
	check_oom_decision(ZONE_NORMAL, "out_of_memory");
	KT_EQ(inv_fired(INV_I6), 1);
	KT_EQ(rec(INV_I6)->zone, ZONE_NORMAL);

	/* R5 on v4.10: the forced unreserve at L = 17 moves nothing from the
	 * zone-edge head -> OOM with 256 pages stranded on the H list */
	z = boot_Y("v4.10");
	make_h(32, 8);
	setup_reserved_highatomic(z, 512);
	set_current(1, true);
	KT_EQ(__alloc_pages_nodemask(GFP_HIGHUSER_MOVABLE, 0) == NULL, 1);
	set_current(0, false);
	KT_EQ(LA.oom, 1);
	KT_EQ(LA.no_progress_loops, 17);
	KT_EQ(LA.unreserve_calls, 1);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(inv_fired(INV_I6_STRANDED), 1);
	KT_EQ(inv_fired(INV_I6), 0);
	v = must_rec(INV_I6_STRANDED);
	KT_STREQ(v->func, "__alloc_pages_may_oom");
	KT_STREQ(v->detail, "after-forced-unreserve");
	KT_EQ(v->pfn, 16384);
	KT_EQ(v->actual, 256);
}

/*
 * I6 / I6-stranded at exactly the zone edges.  One H block holds a free
 * order-8 buddy (256 pages, counter 512); nothing else is free or
 * reclaimable.  A block that sticks out of the zone start by one page is
 * walked from the head unreserve takes (move_freepages_block), so its pages
 * are I6's; one that sticks out of the zone end by one page is never walked:
 * I6-stranded; a block exactly inside at either edge is I6's.  An RT
 * request (ALLOC_HARDER: 256 free pages pass the watermark check of these
 * small zones) reaches L = 17: v4.8 OOMs with the pages there, v4.10's
 * forced unreserve serves it unless the block crosses the zone end.
 */
static void test_i6_zone_edges(void)
{
	static const struct {
		const char *what;
		unsigned long start, end, block, buddy;
		enum hat_inv id;
		bool served_v4_10;
	} cases[] = {
		{ "block 0 out of [1, 16896) by pfn 0", 1, 16896, 0, 256, INV_I6, true },
		{ "block 0 inside [0, 16896)", 0, 16896, 0, 256, INV_I6, true },
		{ "block 32 out of [0, 16895) by pfn 16895", 0, 16895, 32, 16384,
		  INV_I6_STRANDED, false },
		{ "block 32 inside [0, 16896)", 0, 16896, 32, 16384, INV_I6, true },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		long failed = kt_failed();
		const struct hat_violation *v;
		struct zone *z;

		for (int v4_10 = 0; v4_10 <= 1; v4_10++) {
			z = boot_zone(v4_10 ? "v4.10" : "v4.8", ZONE_NORMAL, cases[i].start,
				      cases[i].end);
			setup_pageblock_type(cases[i].block * PB, H);
			put_buddy(cases[i].buddy, 8, H);
			setup_reserved_highatomic(z, 512);
			set_current(1, v4_10);
			KT_EQ(__alloc_pages_nodemask(GFP_HIGHUSER_MOVABLE, 0) != NULL,
			      v4_10 && cases[i].served_v4_10);
			set_current(0, false);
			if (v4_10 && cases[i].served_v4_10) {
				KT_EQ(hat_checker.fired, 0);
				continue;
			}
			KT_EQ(LA.oom, 1);
			KT_EQ(hat_checker.fired, 1u << cases[i].id);
			v = rec(cases[i].id);
			if (!KT_ASSERT(v != NULL))
				continue;
			KT_EQ(v->pfn, cases[i].buddy);
			KT_EQ(v->actual, 256);
		}
		kt_case_end(failed, i, cases[i].what);
	}
}

/*
 * The I6 detail: which exit of should_reclaim_retry led to the OOM.  R6:
 * blocks 10, 20 H and free, C = 1024, nothing reclaimable: the watermark
 * check fails at L = 1.  R3: blocks 10, 20, 30, C = 1536, reclaimable
 * 60000: it fails at L = 16 once the reclaimable share is gone; an RT
 * requester (ALLOC_HARDER) passes it and leaves at L = 17 (R3a).
 */
static void test_i6_exit_tags(void)
{
	static const struct {
		const char *variant;
		bool r3, rt;
		int loops;
		const char *tag;
	} cases[] = {
		{ "v4.8", false, false, 1, "wmark-exit" },		/* R6 */
		{ "v4.10", false, false, 1, "wmark-exit" },
		{ "v4.8", true, false, 16, "wmark-exit-L16" },		/* R3 */
		{ "v4.10", true, false, 16, "wmark-exit-L16" },
		{ "v4.8", true, true, 17, "retries-exhausted" },	/* R3a */
		{ "v1+no-v1-3", true, true, 17, "retries-exhausted" },
		/* a forced unreserve that skips the one-block zone (no 29fac03bef72) */
		{ "v4.8+ac3f3b0a5518", false, false, 1, "after-forced-unreserve" },
		{ "v4.8+04c8716f7b00", false, false, 1, "wmark-exit" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		long failed = kt_failed();
		const struct hat_violation *v;

		if (cases[i].r3) {
			boot_Z_h(cases[i].variant, 3, 9, 1536);
			RM.reclaimable[ZONE_NORMAL] = 60000;
		} else if (!strstr(cases[i].variant, "+")) {
			boot_Z_h(cases[i].variant, 2, 9, 1024);
		} else {
			boot_Z_h(cases[i].variant, 1, 9, 512);
		}
		set_current(1, cases[i].rt);
		KT_EQ(__alloc_pages_nodemask(GFP_HIGHUSER_MOVABLE, 0) == NULL, 1);
		set_current(0, false);
		KT_EQ(LA.oom, 1);
		KT_EQ(LA.no_progress_loops, cases[i].loops);
		v = rec(INV_I6);
		KT_ASSERT(v != NULL);
		if (v)
			KT_STREQ(v->detail, cases[i].tag);
		kt_case_end(failed, i, cases[i].variant);
	}

	/* the L > 16 exit with 04c8716f7b00's forced unreserve, which moves
	 * nothing from the zone-end block (R5 on v4.10, without 29fac03bef72) */
	boot_Y("v4.8+04c8716f7b00");
	make_h(32, 8);
	make_h(10, 9);
	setup_reserved_highatomic(node_zone(ZONE_NORMAL), 1024);
	set_current(1, true);
	KT_EQ(__alloc_pages_nodemask(GFP_HIGHUSER_MOVABLE, 0) == NULL, 1);
	set_current(0, false);
	KT_EQ(LA.no_progress_loops, 17);
	KT_STREQ(must_rec(INV_I6_STRANDED)->detail, "after-forced-unreserve");
}

/* ---- I6-stall at the livelock bound ---- */

static void test_i6_stall(void)
{
	struct zone *z;
	const struct hat_violation *v;

	/* R3 with GFP_NOFS on v4.8: no kill (no __GFP_FS), L back to 0 after
	 * every L = 16 exit, stopped at the bound with 1536 free H pages */
	z = boot_Z_h("v4.8", 3, 9, 1536);
	RM.reclaimable[ZONE_NORMAL] = 60000;
	KT_EQ(__alloc_pages_nodemask(GFP_NOFS, 0) == NULL, 1);
	KT_EQ(LA.oom, 0);
	KT_EQ(LA.livelock, 1);
	KT_EQ(inv_fired(INV_I6_STALL), 1);
	KT_EQ(nr_fired(), 1);			/* no I6: nothing was killed */
	v = must_rec(INV_I6_STALL);
	KT_STREQ(v->func, "__alloc_pages_slowpath");
	KT_STREQ(v->detail, "oom-no-kill");
	KT_EQ(v->zone, ZONE_NORMAL);
	KT_EQ(v->pfn, 10 * PB);			/* lowest H head */
	KT_EQ(v->expected, 0);
	KT_EQ(v->actual, 1536);
	KT_ASSERT(strstr(v->msg, "counter 1536") != NULL);
	KT_ASSERT(strstr(v->msg, "L = 15") != NULL);
	KT_ASSERT(strstr(v->msg, "no __GFP_FS") != NULL);
	KT_EQ(z->nr_reserved_highatomic, 1536);

	/* the other livelock: reclaim reports progress for ever; the direct
	 * reclaim unreserve skips a zone holding one block (preserve-one) */
	boot_Z_h("v4.8", 1, 9, 512);
	RM.reclaimable[ZONE_NORMAL] = 60000;
	RM.progress = 5;
	KT_EQ(__alloc_pages_nodemask(GFP_KERNEL, 0) == NULL, 1);
	KT_EQ(LA.livelock, 1);
	KT_EQ(LA.oom, 0);
	v = must_rec(INV_I6_STALL);
	KT_EQ(v->actual, 512);
	KT_ASSERT(strstr(v->msg, "reclaim reported progress") != NULL);
	KT_STREQ(v->detail, "reclaim-progress");

	/* a livelock with no free H page: nothing */
	boot_Z("v4.8");
	RM.reclaimable[ZONE_NORMAL] = 60000;
	RM.progress = 5;
	KT_EQ(__alloc_pages_nodemask(GFP_KERNEL, 0) == NULL, 1);
	KT_EQ(LA.livelock, 1);
	KT_EQ(hat_checker.fired, 0);

	/* the zone-edge head of R5 counts, and is named */
	z = boot_Y("v4.8");
	make_h(32, 8);
	setup_reserved_highatomic(z, 512);
	RM.reclaimable[ZONE_NORMAL] = 60000;
	KT_EQ(__alloc_pages_nodemask(GFP_NOIO, 0) == NULL, 1);
	v = must_rec(INV_I6_STALL);
	KT_EQ(v->pfn, 16384);
	KT_EQ(v->actual, 256);
	KT_ASSERT(strstr(v->msg, "(256 at the zone end)") != NULL);
}

/* ---- tolerated drift: isolation of an H block (§2.16) ---- */

static void test_isolation_drift(void)
{
	struct zone *z = boot_Z("v4.8");
	struct page *page = pfn_to_page(10 * PB);

	make_h(10, 9);
	setup_reserved_highatomic(z, 512);
	KT_EQ(set_migratetype_isolate(page), 0);
	KT_EQ(get_pageblock_migratetype(page), MIGRATE_ISOLATE);
	KT_EQ(z->nr_reserved_highatomic, 512);	/* counter not touched */
	KT_EQ(hat_checker.fired, 0);		/* no I1, no I4-retype */
	KT_EQ(check_node_cheap(), 0);
	/* later sections still accept the drift */
	reserve_highatomic_pageblock(pfn_to_page(20 * PB), z, 1);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	KT_EQ(hat_checker.fired, 0);
	KT_EQ(check_node_full(), 0);
	/* back to H: also tolerated, the drift goes away again */
	unset_migratetype_isolate(page, H);
	KT_EQ(get_pageblock_migratetype(page), H);
	KT_EQ(hat_checker.fired, 0);
	KT_EQ(check_node_cheap(), 0);
	/* the same retype from any other caller is I4-retype */
	spin_lock(&z->lock);
	set_pageblock_migratetype(page, MIGRATE_ISOLATE);
	spin_unlock(&z->lock);
	KT_EQ(inv_fired(INV_I4_RETYPE), 1);
}

/* ---- full checks ---- */

static void build_rich_state(struct zone *z)
{
	node_free_range(0, 3000);
	make_h(10, 9);
	setup_reserved_highatomic(z, 512);
	setup_pageblock_type(40 * PB, MIGRATE_CMA);
	put_buddy(40 * PB, 9, MIGRATE_CMA);
	node_free_range(30 * PB, 31 * PB);
	KT_REQUIRE(set_migratetype_isolate(pfn_to_page(30 * PB)) == 0);
	put_buddy(6000, 1, M);
	set_current(0, false);
	__free_pages(pfn_to_page(50000), 0);
	set_current(1, false);
	__free_pages(pfn_to_page(50002), 0);
	__free_pages(pfn_to_page(50004), 0);
	set_current(0, false);
	KT_REQUIRE(z->pageset[0].count == 1 && z->pageset[1].count == 2);
}

static void test_full(void)
{
	struct zone *z = boot_Z("v4.8");
	struct page *p;
	const struct hat_violation *v;

	build_rich_state(z);
	KT_EQ(check_node_full(), 0);
	KT_EQ(check_node_cheap(), 0);
	KT_EQ(hat_checker.fired, 0);

	/* nr_free off by one */
	z->free_area[3].nr_free++;
	KT_LE(1, check_node_full());
	KT_EQ(inv_fired(INV_I8), 1);
	KT_EQ(nr_fired(), 1);
	v = must_rec(INV_I8);
	KT_EQ(v->actual, v->expected + 1);
	z->free_area[3].nr_free--;
	checker_reset();
	KT_EQ(check_node_full(), 0);

	/* NR_FREE_PAGES off by one */
	z->vm_stat[NR_FREE_PAGES]++;
	KT_EQ(check_node_full(), 1);
	KT_EQ(inv_fired(INV_I9), 1);
	KT_EQ(nr_fired(), 1);
	v = must_rec(INV_I9);
	KT_EQ(v->actual, v->expected + 1);
	KT_EQ(v->expected, 3000 + 512 + 512 + 2);	/* ISOLATE block excluded */
	z->vm_stat[NR_FREE_PAGES]--;
	checker_reset();
	KT_EQ(check_node_full(), 0);

	/* pcp count off by one */
	z->pageset[1].count++;
	KT_EQ(check_node_full(), 1);
	KT_EQ(inv_fired(INV_I11), 1);
	KT_EQ(nr_fired(), 1);
	v = must_rec(INV_I11);
	KT_EQ(v->expected, 2);
	KT_EQ(v->actual, 3);
	z->pageset[1].count--;
	checker_reset();
	KT_EQ(check_node_full(), 0);

	/*
	 * A buddy on no list (taken off its list, nr_free and NR_FREE_PAGES
	 * adjusted, PG_buddy kept): found although every list is consistent,
	 * i.e. the full check cannot rely on the lists alone.
	 */
	p = pfn_to_page(6000);
	list_del(&p->lru);
	z->free_area[1].nr_free--;
	z->vm_stat[NR_FREE_PAGES] -= 2;
	KT_EQ(check_node_full(), 1);
	KT_EQ(inv_fired(INV_I8), 1);
	v = must_rec(INV_I8);
	KT_EQ(v->pfn, 6000);
	KT_ASSERT(strstr(v->msg, "buddy page on no list") != NULL);
	list_add(&p->lru, &z->free_area[1].free_list[M]);
	z->free_area[1].nr_free++;
	z->vm_stat[NR_FREE_PAGES] += 2;
	checker_reset();
	KT_EQ(check_node_full(), 0);

	/* a pcp page on no list (count adjusted, PG_pcp kept): I11 */
	p = pfn_to_page(50002);
	list_del(&p->lru);
	z->pageset[1].count--;
	KT_EQ(check_node_full(), 1);
	KT_EQ(inv_fired(INV_I11), 1);
	KT_EQ(must_rec(INV_I11)->pfn, 50002);
	list_add(&p->lru, &z->pageset[1].lists[get_pcppage_migratetype(p)]);
	z->pageset[1].count++;
	checker_reset();
	KT_EQ(check_node_full(), 0);

	/* two free order-0 buddies 6000/6001 left unmerged (the order-1 buddy split by hand) */
	p = pfn_to_page(6000);
	list_del(&p->lru);
	z->free_area[1].nr_free--;
	set_page_order(p, 0);
	set_page_order(p + 1, 0);
	list_add(&p->lru, &z->free_area[0].free_list[M]);
	list_add(&p[1].lru, &z->free_area[0].free_list[M]);
	z->free_area[0].nr_free += 2;
	KT_EQ(check_node_full(), 1);
	KT_EQ(inv_fired(INV_I8), 1);
	KT_EQ(nr_fired(), 1);			/* page count still right: no I9 */
	v = must_rec(INV_I8);
	KT_EQ(v->pfn, 6000);
	list_del(&p->lru);
	list_del(&p[1].lru);
	z->free_area[0].nr_free -= 2;
	rmv_page_order(p + 1);
	set_page_order(p, 1);
	list_add(&p->lru, &z->free_area[1].free_list[M]);
	z->free_area[1].nr_free++;
	checker_reset();
	KT_EQ(check_node_full(), 0);

	/* a list entry that is no buddy head */
	p = pfn_to_page(6000);
	p->flags &= ~PG_buddy;
	KT_LE(1, check_node_full());
	KT_EQ(inv_fired(INV_I8), 1);
	p->flags |= PG_buddy;
	checker_reset();
	KT_EQ(check_node_full(), 0);

	/* the full check includes I1 */
	z->nr_reserved_highatomic += PB;
	KT_EQ(check_node_full(), 1);
	KT_EQ(inv_fired(INV_I1), 1);
	KT_STREQ(rec(INV_I1)->func, "check_node_full");
}

/* ---- records, format, callback, enable ---- */

static unsigned long cb_count;
static enum hat_inv cb_last;

static void on_violation(const struct hat_violation *v, void *arg)
{
	(void)arg;
	cb_count++;
	cb_last = v->id;
}

static void test_format(void)
{
	struct zone *z;
	char buf[512], want[256];

	z = boot_Z_h("v4.8", 1, -1, 512);
	spin_lock(&z->lock);
	set_pageblock_migratetype(pfn_to_page(10 * PB), M);
	spin_unlock(&z->lock);
	KT_REQUIRE(rec(INV_I4_RETYPE) != NULL);
	format_violation(rec(INV_I4_RETYPE), buf, sizeof(buf));
	/* invariant, function, zone, pfn, expected, actual */
	snprintf(want, sizeof(want),
		 "I4-retype in %s: zone Normal pfn 5120: expected 1, actual 0: ", __func__);
	KT_EQ(strncmp(buf, want, strlen(want)), 0);
	KT_ASSERT(strlen(buf) > strlen(want));	/* followed by the message */

	/* no pfn: zone only */
	checker_reset();
	z->nr_reserved_highatomic += PB;
	KT_EQ(check_node_cheap(), 1);
	format_violation(rec(INV_I1), buf, sizeof(buf));
	KT_EQ(strncmp(buf, "I1 in check_node_cheap: zone Normal: expected 0, actual 1024: ",
		      strlen("I1 in check_node_cheap: zone Normal: expected 0, actual 1024: ")), 0);

	/* report_violation directly: no zone, formatted message */
	checker_reset();
	report_violation(INV_I9, "some_function", NULL, ~0UL, 7, -8, "msg %d", 42);
	KT_EQ(hat_checker.count, 1);
	KT_EQ(hat_checker.recorded[0].zone, -1);
	format_violation(&hat_checker.recorded[0], buf, sizeof(buf));
	KT_ASSERT(strstr(buf, "I9 in some_function") == buf);
	KT_ASSERT(strstr(buf, "expected 7, actual -8") != NULL);
	KT_ASSERT(strstr(buf, "msg 42") != NULL);
	KT_ASSERT(strstr(buf, "zone") == NULL);
	KT_ASSERT(strstr(buf, "pfn") == NULL);
	/* truncation is safe */
	format_violation(&hat_checker.recorded[0], buf, 8);
	KT_EQ(strlen(buf), 7);

	/* the record list keeps the first HAT_MAX_RECORDED, the count all */
	checker_reset();
	for (int i = 0; i < HAT_MAX_RECORDED + 4; i++)
		report_violation(INV_I8, "f", z, (unsigned long)i, 0, 1, "x");
	KT_EQ(hat_checker.count, HAT_MAX_RECORDED + 4);
	KT_EQ(hat_checker.nr_recorded, HAT_MAX_RECORDED);
	KT_EQ(hat_checker.recorded[HAT_MAX_RECORDED - 1].pfn, HAT_MAX_RECORDED - 1);
	checker_reset();
	KT_EQ(hat_checker.count, 0);
	KT_EQ(hat_checker.fired, 0);
	KT_EQ(hat_checker.nr_recorded, 0);

	/* the callback sees every violation */
	z = boot_Z_h("v4.8", 1, -1, 512);
	cb_count = 0;
	hat_checker.on_violation = on_violation;
	spin_lock(&z->lock);
	set_pageblock_migratetype(pfn_to_page(10 * PB), M);
	spin_unlock(&z->lock);
	hat_checker.on_violation = NULL;
	KT_EQ(cb_count, 2);			/* I4-retype and I1 */
	KT_EQ(cb_count, hat_checker.count);
	KT_EQ(cb_last, INV_I1);

	/* enabled = false: event checks are off */
	z = boot_Z_h("v4.8", 1, -1, 512);
	hat_checker.enabled = false;
	spin_lock(&z->lock);
	set_pageblock_migratetype(pfn_to_page(10 * PB), M);
	spin_unlock(&z->lock);
	hat_checker.enabled = true;
	KT_EQ(hat_checker.fired, 0);
}

int main(void)
{
	test_names();
	test_i1();
	test_i4();
	test_i4_retype();
	test_span_underflow_cap();
	test_i6();
	test_i6_exit_tags();
	test_i6_zone_edges();
	test_i6_stall();
	test_isolation_drift();
	test_full();
	test_format();
	node_exit();
	KT_MAIN_END();
}
