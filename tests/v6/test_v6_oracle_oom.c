// SPDX-License-Identifier: MIT
/*
 * test_v6_oracle_oom.c - the oracle's I6 family: the slow path's
 * decisions (OOM, giving up, the livelock bound) against the free H pages
 * of the zones the request may use.  The decisions are sent as the slow
 * path sends them.
 * Zone: Normal [0, 1024), blocks of 8, block [8, 16) H (oracle_support.h).
 */
#include "oracle_support.h"

static void decide(enum v6_decision d, unsigned int order, gfp_t gfp, unsigned int alloc_flags)
{
	V6_EVENT(decision, d, order, gfp, alloc_flags);
}

/* The zone of oracle_support.h under a min watermark its free pages do not pass. */
static struct zone *pressed_node(uint64_t patches)
{
	struct zone *zone = oracle_node(patches);

	setup_watermarks(zone, 4000, 4100, 4200);
	return zone;
}

/* OOM with a free H block: I6; with the reserve all used: nothing. */
static void test_oom(void)
{
	struct zone *zone = pressed_node(preset("v6.6"));
	const struct v6_violation *v;

	decide(DEC_OOM_KILL, 0, GFP_KERNEL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, INV(V6_I6));
	v = recorded(V6_I6);
	KT_REQUIRE(v != NULL);
	KT_EQ(v->actual, 8);
	KT_STREQ(v->detail, "oom-kill");
	oracle_reset();
	decide(DEC_OOM_SKIPPED, 4, GFP_KERNEL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, INV(V6_I6));
	oracle_reset();
	/* a DMA request cannot use Normal's reserve */
	decide(DEC_OOM_KILL, 0, GFP_KERNEL | __GFP_DMA, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, 0);
	/* H pages on a pcp list: unreserve cannot see them */
	take_buddy(zone, 8, 3);
	KT_REQUIRE(setup_pcp_page(8, 3, 0) == 0);
	decide(DEC_OOM_KILL, 0, GFP_KERNEL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();
}

/*
 * straddle_node(): the H block [512, 520) has its DMA32 pages free;
 * unreserve cannot move them (the block leaves the zone).
 */
static void test_stranded(void)
{
	straddle_node(preset("v6.18"));
	block_type(512, H);
	for (unsigned long pfn = 512; pfn < 516; pfn++)
		KT_REQUIRE(setup_free_buddy(pfn, 0, H) == 0);
	oracle_attach();
	KT_EQ(oracle_check_full(), 0);
	decide(DEC_OOM_KILL, 0, GFP_KERNEL | __GFP_DMA32, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, INV(V6_I6_STRANDED));
	KT_EQ(recorded(V6_I6_STRANDED)->actual, 4);
	oracle_detach();
}

/*
 * OOM while the zone passes min with only its free H pages held back: the
 * whole reserve was held back (T5, before c928807f6f6b).
 */
static void test_oom_wmark(void)
{
	struct zone *zone = oracle_node(preset("v6.6"));

	take_buddy(zone, 8, 3);		/* the reserve all allocated */
	setup_watermarks(zone, 1000, 1010, 1020);	/* 1016 free */
	decide(DEC_OOM_KILL, 0, GFP_KERNEL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, INV(V6_I6_WMARK));
	KT_EQ(recorded(V6_I6_WMARK)->actual, 1016);
	oracle_reset();
	/* no free buddy of order 5 (the top is 4): the OOM is right */
	decide(DEC_OOM_SKIPPED, 5, GFP_KERNEL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, 0);
	setup_watermarks(zone, 1016, 1020, 1024);
	decide(DEC_OOM_KILL, 0, GFP_KERNEL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();
}

/*
 * I6-wmark needs the reserve to count more than its free H pages: with
 * all of it free, the watermark before c928807f6f6b judges alike.
 */
static void test_oom_wmark_counter(void)
{
	struct zone *zone = oracle_node(preset("v6.6"));

	setup_watermarks(zone, 1000, 1010, 1020);	/* 1024 free, 8 of them H */
	decide(DEC_OOM_KILL, 0, GFP_KERNEL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, INV(V6_I6));
	oracle_detach();
}

/* A GFP_KERNEL order-0 request's decision @d, under a min watermark of @min. */
static void kernel_decides(struct zone *zone, unsigned long min, enum v6_decision d)
{
	setup_watermarks(zone, min, min + 10, min + 20);
	decide(d, 0, GFP_KERNEL, ALLOC_WMARK_MIN);
}

/*
 * After the forced unreserve gave nothing back, the OOM decision is judged
 * on what held then and still holds: another CPU's GFP_ATOMIC request may
 * turn ordinary free pages into a reserve in between (they could not have
 * served the request either), or the watermarks may move.
 */
static void test_oom_after_unreserve(void)
{
	struct zone *zone = oracle_node(preset("mainline"));

	take_buddy(zone, 8, 3);		/* the reserve all allocated */
	kernel_decides(zone, 4000, DEC_UNRESERVE_FAILED);
	reserve_by_hand(zone, 0);	/* a new reserve, its 8 pages free */
	kernel_decides(zone, 1000, DEC_OOM_KILL);	/* 1008 free outside H */
	KT_EQ(v6_oracle.fired, 0);
	/* a forced unreserve that leaves movable H pages is broken: I6 */
	kernel_decides(zone, 4000, DEC_UNRESERVE_FAILED);
	kernel_decides(zone, 4000, DEC_OOM_KILL);
	KT_EQ(v6_oracle.fired, INV(V6_I6));
	KT_EQ(recorded(V6_I6)->actual, 8);
	oracle_reset();
	/* ... unless they are gone by the decision */
	take_buddy(zone, 0, 3);
	kernel_decides(zone, 4000, DEC_OOM_KILL);
	KT_EQ(v6_oracle.fired, 0);
	/* I6-wmark's test held then and holds now */
	kernel_decides(zone, 1000, DEC_UNRESERVE_FAILED);
	kernel_decides(zone, 1000, DEC_OOM_KILL);
	KT_EQ(v6_oracle.fired, INV(V6_I6_WMARK));
	oracle_reset();
	/* a reclaim round since: the request went round again, judged as it is */
	kernel_decides(zone, 4000, DEC_UNRESERVE_FAILED);
	contig_page_data.last_alloc.reclaim_rounds++;
	list_by_hand(zone, 0, 3, H);
	kernel_decides(zone, 1000, DEC_OOM_KILL);
	KT_EQ(v6_oracle.fired, INV(V6_I6) | INV(V6_I6_WMARK));
	oracle_detach();
}

/*
 * The same end to end: a stepped GFP_KERNEL request stops after its forced
 * unreserve found no free H page; a GFP_ATOMIC order-1 request then passes
 * its lower watermark and reserves a block; the first request's OOM is no
 * I6 (the new reserve's free pages were Movable when it failed).
 */
static void test_stepped_reserve_between(void)
{
	struct zone *zone = oracle_node(preset("mainline"));
	struct alloc_request rq;

	take_buddy(zone, 8, 3);
	setup_watermarks(zone, 2000, 2100, 2200);	/* 1016 free: 3/8 of min for atomic */
	contig_page_data.reclaim.progress = 0;
	KT_EQ(alloc_request_begin(&rq, GFP_KERNEL, 0, true), 0);
	KT_EQ(rq.point, SP_RETRY_UNRESERVED);
	KT_EQ(rq.unreserved, 0);
	KT_NE(__alloc_pages(GFP_ATOMIC, 1), NULL);
	KT_EQ(zone->nr_reserved_highatomic, 16);
	KT_LT(0, zone->nr_free_highatomic);
	KT_EQ(alloc_request_resume(&rq, true), 0);
	KT_EQ(rq.point, SP_OOM);
	KT_EQ(rq.oom_killed, 1);
	if (v6_oracle.fired)
		print_recorded();
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();
}

/*
 * The livelock bound: I6-stall with free H, "livelock" with nothing going
 * on but for a __GFP_NOFAIL request.
 */
static void test_stall(void)
{
	struct zone *zone = pressed_node(preset("v6.18"));

	contig_page_data.reclaim.progress = 0;
	decide(DEC_STALL, 0, GFP_KERNEL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, INV(V6_I6_STALL));
	KT_STREQ(recorded(V6_I6_STALL)->detail, "no-progress");
	oracle_reset();
	take_buddy(zone, 8, 3);
	decide(DEC_STALL, 0, GFP_KERNEL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, INV(V6_LIVELOCK));
	oracle_reset();
	/* reclaim claims progress: the kernel loops too */
	contig_page_data.reclaim.progress = 1;
	decide(DEC_STALL, 0, GFP_KERNEL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, 0);
	/* the OOM path without a kill (GFP_NOFS) in this request: the kernel loops too */
	contig_page_data.reclaim.progress = 0;
	contig_page_data.last_alloc.oom_no_kill = 1;
	decide(DEC_OOM_NO_KILL, 0, GFP_NOFS, ALLOC_WMARK_MIN);
	decide(DEC_STALL, 0, GFP_NOFS, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, 0);
	contig_page_data.last_alloc.oom_no_kill = 0;	/* a new request */
	decide(DEC_STALL, 0, GFP_NOFS, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, INV(V6_LIVELOCK));
	oracle_reset();
	/* __GFP_NOFAIL: the kernel retries it for ever by design */
	decide(DEC_STALL, 0, GFP_KERNEL | __GFP_NOFAIL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, 0);
	decide(DEC_STALL, 6, GFP_NOFS | __GFP_NOFAIL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();
}

/* A request with reserve access fails with a fitting free H buddy (T6). */
static void test_nopage(void)
{
	unsigned int atomic = ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK;
	struct zone *zone = oracle_node(preset("v6.6"));

	decide(DEC_NOPAGE, 0, GFP_ATOMIC, atomic);
	KT_EQ(v6_oracle.fired, INV(V6_I6_NOPAGE));
	oracle_reset();
	/* no reserve access (GFP_KERNEL gave up): not this check's */
	decide(DEC_NOPAGE, 0, GFP_KERNEL, ALLOC_WMARK_MIN);
	KT_EQ(v6_oracle.fired, 0);
	/* order 4: the H block's buddy is order 3 */
	decide(DEC_NOPAGE, 4, GFP_ATOMIC, atomic | ALLOC_HIGHATOMIC);
	KT_EQ(v6_oracle.fired, 0);
	/* the zone fails its watermark: failing is right */
	setup_watermarks(zone, 4000, 4100, 4200);	/* 3/8 of 4000 > 1024 free */
	decide(DEC_NOPAGE, 0, GFP_ATOMIC, atomic);
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();
}

int main(void)
{
	test_oom();
	test_oom_wmark();
	test_oom_wmark_counter();
	test_oom_after_unreserve();
	test_stepped_reserve_between();
	test_stranded();
	test_stall();
	test_nopage();
	KT_MAIN_END();
}
