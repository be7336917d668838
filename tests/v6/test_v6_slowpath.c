// SPDX-License-Identifier: MIT
/*
 * test_v6_slowpath.c - allocator/v6/slowpath.c: get_page_from_freelist
 * (the reserve after a highatomic success; T9 with and without
 * pcp-no-reserve-growth), the fast path (T10 with and without
 * fastpath-highatomic), __alloc_pages end to end (T2 with and without
 * ac3f3b0a5518, T5 with and without c928807f6f6b; T12: defrag_mode
 * bounded only with its fix; an atomic request's nopage), and a stepped
 * request's stops.
 */
#include "v6_support.h"

#define END	(128 * PB)

/* Blocks [from, to) free as M: plenty above every watermark. */
static void free_blocks(unsigned long from, unsigned long to)
{
	KT_REQUIRE(setup_free_range(from * PB, to * PB) == (to - from) * PB);
}

static unsigned long pfn_block(const struct page *page)
{
	return page_to_pfn(page) / PB;
}

static struct page *gpfl_atomic(unsigned int order)
{
	struct alloc_context ac = normal_ac(U);

	return get_page_from_freelist(GFP_ATOMIC, order, gfp_to_alloc_flags(GFP_ATOMIC, order),
				      &ac);
}

static void test_gpfl_reserves(void)
{
	struct zone *z = fixture_zone(preset("v6.12"), END);
	struct alloc_context ac = normal_ac(U);
	struct page *page;

	free_blocks(10, 40);
	page = gpfl_atomic(1);
	KT_REQUIRE(page != NULL);
	KT_EQ(z->nr_reserved_highatomic, PB);
	KT_EQ(block_mt(page_to_pfn(page)), H);
	/* order 0 (no ALLOC_HIGHATOMIC): no reserve */
	KT_NE(gpfl_atomic(0), NULL);
	KT_EQ(z->nr_reserved_highatomic, PB);
	/* a zone under its mark is skipped, unless ALLOC_NO_WATERMARKS */
	setup_watermarks(z, 100000, 100000, 100000);
	KT_EQ(get_page_from_freelist(GFP_KERNEL, 0, ALLOC_WMARK_MIN, &ac), NULL);
	KT_NE(get_page_from_freelist(GFP_KERNEL, 0, ALLOC_NO_WATERMARKS, &ac), NULL);

	/* v6.1.0 had no HIGHATOMIC flag: order > 0 and HARDER reserves */
	z = fixture_zone(V66_OLD_FLAGS, END);
	free_blocks(10, 40);
	KT_NE(get_page_from_freelist(GFP_ATOMIC, 1, ALLOC_WMARK_MIN | ALLOC_HARDER, &ac), NULL);
	KT_EQ(z->nr_reserved_highatomic, PB);
}

/*
 * T9: an order-1 GFP_ATOMIC request served from the UNMOVABLE pcp list
 * (block 5 is U, a page of it waits there).  Returns the counter after.
 */
static unsigned long t9(uint64_t patches, bool pcp_page)
{
	struct zone *z = fixture_zone(patches, END);
	struct page *page;

	free_blocks(10, 40);
	setup_pageblock_type(5 * PB, U);
	if (pcp_page)
		KT_REQUIRE(setup_pcp_page(5 * PB, 1, 0) == 0);
	page = gpfl_atomic(1);
	KT_REQUIRE(page != NULL);
	if (pcp_page)
		KT_EQ(page_to_pfn(page), 5 * PB);
	return z->nr_reserved_highatomic;
}

static void test_t9_pcp_reserve_growth(void)
{
	uint64_t main = preset("mainline");

	KT_EQ(t9(main & ~SW(PCP_NO_RESERVE_GROWTH), true), PB);	/* grows */
	KT_EQ(block_mt(5 * PB), H);
	KT_EQ(t9(main, true), 0);					/* fixed */
	KT_EQ(block_mt(5 * PB), U);
	/* an empty pcp list: the buddy serves it, and the reserve grows */
	KT_EQ(t9(main, false), PB);
}

/*
 * T10: block 3 is H with a free order-3 buddy; an order-1 request on the
 * fast path.  Returns the page's block.
 */
static unsigned long t10(uint64_t patches, gfp_t gfp)
{
	struct zone *z = fixture_zone(patches, END);
	struct page *page;

	free_blocks(10, 40);
	make_h(3, 3);
	setup_reserved_highatomic(z, PB);
	page = __alloc_pages(gfp, 1);
	KT_REQUIRE(page != NULL);
	KT_EQ(contig_page_data.last_alloc.slowpath, 0);
	KT_EQ(z->nr_reserved_highatomic, PB);	/* no growth at the low mark */
	return pfn_block(page);
}

static void test_t10_fastpath_highatomic(void)
{
	uint64_t main = preset("mainline");

	KT_EQ(t10(main, GFP_ATOMIC), 3);
	KT_NE(t10(main & ~SW(FASTPATH_HIGHATOMIC), GFP_ATOMIC), 3);
	KT_NE(t10(main, GFP_NOWAIT), 3);	/* no __GFP_HIGH: not highatomic */
	KT_NE(t10(main, GFP_KERNEL), 3);

	/* no H block: the fast path's highatomic success does not grow the reserve */
	{
		struct zone *z = fixture_zone(main, END);

		free_blocks(10, 40);
		KT_NE(__alloc_pages(GFP_ATOMIC, 1), NULL);
		KT_EQ(contig_page_data.last_alloc.slowpath, 0);
		KT_EQ(z->nr_reserved_highatomic, 0);
	}
}

/*
 * T2 end to end: blocks 3, 4 wholly free H, nothing else, no reclaim
 * progress.  GFP_KERNEL order 0: with ac3f3b0a5518 the retries give both
 * blocks back and the request succeeds; before, it OOMs with them intact.
 */
static struct page *t2(uint64_t patches)
{
	struct zone *z = fixture_zone(patches, END);
	struct page *page;

	make_h(3, 9);
	make_h(4, 9);
	setup_reserved_highatomic(z, 2 * PB);
	ev_subscribe();
	page = __alloc_pages(GFP_KERNEL, 0);
	KT_EQ(contig_page_data.last_alloc.slowpath, 1);
	return page;
}

static void test_t2_end_to_end(void)
{
	struct zone *z = &contig_page_data.node_zones[ZONE_NORMAL];

	KT_NE(t2(preset("v6.12")), NULL);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(ev.decisions[DEC_OOM_KILL], 0);
	KT_EQ(contig_page_data.last_alloc.unreserved, 2);

	KT_EQ(t2(preset("v6.6")), NULL);
	KT_EQ(z->nr_reserved_highatomic, 2 * PB);
	KT_EQ(ev.decisions[DEC_OOM_KILL], 1);
	KT_EQ(ev.decisions[DEC_NOPAGE], 1);
	KT_EQ(contig_page_data.last_alloc.oom, 1);
	KT_EQ(contig_page_data.last_alloc.unreserve_calls, 0);
}

/*
 * T5: blocks 3 and 4 reserved and wholly allocated; 1000 free M pages,
 * above min (512) but below min plus the reserve.  Before c928807f6f6b
 * the reserved (not the free) H pages come off: GFP_KERNEL order 0 OOMs.
 */
static struct page *t5(uint64_t patches)
{
	struct zone *z = fixture_zone(patches, END);

	setup_pageblock_type(3 * PB, H);
	setup_pageblock_type(4 * PB, H);
	setup_reserved_highatomic(z, 2 * PB);
	KT_REQUIRE(setup_free_range(10 * PB, 10 * PB + 1000) == 1000);
	ev_subscribe();
	return __alloc_pages(GFP_KERNEL, 0);
}

static void test_t5_reserved_not_free(void)
{
	KT_NE(t5(preset("v6.12")), NULL);
	KT_EQ(contig_page_data.last_alloc.slowpath, 0);
	KT_EQ(t5(preset("v6.12") & ~SW(C928807F6F6B)), NULL);
	KT_EQ(ev.decisions[DEC_OOM_KILL], 1);
}

/* An atomic request cannot reclaim: nopage after its two tries. */
static void test_atomic_nopage(void)
{
	fixture_zone(preset("v6.18"), END);
	ev_subscribe();
	KT_EQ(__alloc_pages(GFP_ATOMIC, 0), NULL);
	KT_EQ(contig_page_data.last_alloc.reclaim_rounds, 0);
	KT_EQ(ev.decisions[DEC_NOPAGE], 1);
	KT_EQ(ev.decisions[DEC_OOM_KILL], 0);
	/* costly orders do not OOM; GFP_NOFS does not kill */
	KT_EQ(__alloc_pages(GFP_KERNEL | __GFP_RETRY_MAYFAIL, 4), NULL);
	KT_EQ(ev.decisions[DEC_OOM_SKIPPED], 1);
	KT_EQ(__alloc_pages(GFP_KERNEL, 4), NULL);
	KT_EQ(contig_page_data.last_alloc.reclaim_rounds, 1);
	KT_EQ(ev.decisions[DEC_OOM_KILL], 0);
}

/*
 * T12: vm.defrag_mode = 1, nothing free, no reclaim progress.  With the
 * fix NOFRAGMENT is dropped once and the request reaches OOM in a few
 * rounds; as posted it never does (the model stops it as a stall).
 */
static void t12(uint64_t patches)
{
	fixture_zone(patches, END);
	contig_page_data.defrag_mode = true;
	ev_subscribe();
	KT_EQ(__alloc_pages(GFP_KERNEL, 0), NULL);
}

static void test_t12_defrag_mode(void)
{
	struct alloc_report *rep = &contig_page_data.last_alloc;
	uint64_t v618 = preset("v6.18");

	t12(v618);
	KT_EQ(rep->nofragment_drops, 1);
	KT_EQ(rep->livelock, 0);
	KT_LE(rep->reclaim_rounds, 3);
	KT_EQ(ev.decisions[DEC_OOM_KILL], 1);
	KT_EQ(ev.decisions[DEC_STALL], 0);

	t12(v618 & ~SW(DEFRAG_MODE_OOM_FIX));
	KT_EQ(rep->livelock, 1);
	KT_EQ(rep->reclaim_rounds, 256);
	KT_LT(100, rep->nofragment_drops);
	KT_EQ(ev.decisions[DEC_OOM_KILL], 0);
	KT_EQ(ev.decisions[DEC_STALL], 1);
}

/* A stepped GFP_KERNEL request with reclaim progress that frees nothing. */
static void test_stepped(void)
{
	struct alloc_request rq;
	struct page *page;

	fixture_zone(preset("v6.18"), END);
	contig_page_data.reclaim.progress = 1;
	contig_page_data.defrag_mode = true;
	KT_EQ(alloc_request_begin(&rq, GFP_KERNEL, 0, true), 0);
	KT_EQ(rq.point, SP_RECLAIM_DRAINED);
	KT_EQ(alloc_request_resume(&rq, true), 0);
	KT_EQ(rq.point, SP_RETRY_UNRESERVED);
	KT_EQ(rq.unreserved, 0);
	KT_EQ(alloc_request_resume(&rq, true), 0);
	KT_EQ(rq.point, SP_NOFRAGMENT_DROPPED);
	KT_EQ(rq.alloc_flags & ALLOC_NOFRAGMENT, 0);
	KT_EQ(alloc_request_resume(&rq, true), 0);
	KT_EQ(rq.point, SP_RECLAIM_DRAINED);
	KT_EQ(alloc_request_resume(&rq, true), 0);
	KT_EQ(rq.point, SP_RETRY_UNRESERVED);
	KT_EQ(alloc_request_resume(&rq, true), 0);
	KT_EQ(rq.point, SP_OOM);
	KT_EQ(rq.oom_killed, 1);
	KT_EQ(rq.stops, 6);
	/* the victim's pages come back: the retry succeeds */
	free_blocks(10, 20);
	KT_EQ(alloc_request_resume(&rq, true), 1);
	KT_EQ(rq.point, SP_DONE);
	page = rq.page;
	KT_NE(page, NULL);
	KT_STREQ(slowpath_point_name(SP_NOFRAGMENT_DROPPED), "nofragment-dropped");
	/* run to its end: the request fails at the kill */
	fixture_zone(preset("v6.18"), END);
	contig_page_data.reclaim.progress = 1;
	KT_EQ(alloc_request_begin(&rq, GFP_KERNEL, 0, false), 1);
	KT_EQ(rq.page, NULL);
	KT_EQ(rq.rep.oom, 1);
	KT_EQ(rq.stops, 0);
}

int main(void)
{
	test_gpfl_reserves();
	test_t9_pcp_reserve_growth();
	test_t10_fastpath_highatomic();
	test_t2_end_to_end();
	test_t5_reserved_not_free();
	test_atomic_nopage();
	test_t12_defrag_mode();
	test_stepped();
	node_exit();
	KT_MAIN_END();
}
