// SPDX-License-Identifier: MIT
/*
 * test_v6_reclaim.c - allocator/v6/reclaim.c: __alloc_pages_direct_reclaim
 * (no progress: no unreserve, no drain; progress: unreserve(false), drain,
 * one retry, a stop after the drain), should_reclaim_retry (T2's forced
 * unreserve with and without ac3f3b0a5518, the loop limit, stops) and
 * __alloc_pages_may_oom (its skips, a kill, GFP_NOFS).
 */
#include "v6_support.h"

#define END	(128 * PB)

/* Blocks 3 and 4 reserved, a free H buddy of @order at each start; nothing else free. */
static struct zone *two_free_h_blocks(uint64_t patches, unsigned int order)
{
	struct zone *z = fixture_zone(patches, END);

	make_h(3, order);
	make_h(4, order);
	setup_reserved_highatomic(z, 2 * PB);
	return z;
}

static unsigned long direct_reclaim(long progress, struct alloc_request *rq)
{
	struct alloc_context ac = normal_ac(U);
	unsigned long did_some_progress = 0;
	struct page *page;

	contig_page_data.reclaim.progress = progress;
	page = __alloc_pages_direct_reclaim(GFP_KERNEL, 0, gfp_to_alloc_flags(GFP_KERNEL, 0),
					    &ac, &did_some_progress, rq);
	KT_EQ(page, NULL);
	return did_some_progress;
}

static void test_direct_reclaim(void)
{
	struct zone *z = two_free_h_blocks(preset("v6.12"), 5);
	struct alloc_request rq = { .stop_at_points = true };

	setup_pageblock_type(20 * PB, U);
	KT_REQUIRE(setup_pcp_page(20 * PB, 0, 1) == 0);	/* on CPU 1's list */
	/* no progress: back at once */
	KT_EQ(direct_reclaim(0, NULL), 0);
	KT_EQ(contig_page_data.last_alloc.reclaim_rounds, 1);
	KT_EQ(contig_page_data.last_alloc.unreserve_calls, 0);
	KT_EQ(z->per_cpu_pageset[1].count, 1);
	/* progress, still nothing: one block back (of two), pcp drained, retried */
	KT_EQ(direct_reclaim(3, NULL), 3);
	KT_EQ(contig_page_data.last_alloc.unreserve_calls, 1);
	KT_EQ(z->nr_reserved_highatomic, PB);
	KT_EQ(z->per_cpu_pageset[1].count, 0);
	/* the non-forced unreserve keeps the last block */
	KT_EQ(direct_reclaim(3, NULL), 3);
	KT_EQ(contig_page_data.last_alloc.unreserve_calls, 2);
	KT_EQ(z->nr_reserved_highatomic, PB);

	/* stepped: a stop after the drain, the retry when resumed */
	direct_reclaim(3, &rq);
	KT_EQ(rq.point, SP_RECLAIM_DRAINED);
	KT_EQ(contig_page_data.last_alloc.reclaim_rounds, 4);
	direct_reclaim(3, &rq);
	KT_EQ(rq.point, SP_RUNNING);
	KT_EQ(contig_page_data.last_alloc.reclaim_rounds, 4);	/* resumed, not reclaimed */
	KT_EQ(rq.stops, 1);
}

/* Pages held on another CPU's pcp lists come back with the drain: the retry succeeds. */
static void test_direct_reclaim_drain_helps(void)
{
	struct alloc_context ac = normal_ac(U);
	unsigned long did_some_progress = 0;
	struct zone *z = fixture_zone(preset("v6.12"), END);

	setup_pageblock_type(20 * PB, U);
	setup_pageblock_type(21 * PB, U);
	for (unsigned long pfn = 20 * PB; pfn < 20 * PB + 640; pfn += 8)
		KT_REQUIRE(setup_pcp_page(pfn, 3, 1) == 0);
	contig_page_data.reclaim.progress = 1;
	KT_NE(__alloc_pages_direct_reclaim(GFP_KERNEL, 0, gfp_to_alloc_flags(GFP_KERNEL, 0), &ac,
					   &did_some_progress, NULL), NULL);
	KT_EQ(z->per_cpu_pageset[1].count, 0);
	KT_EQ(contig_page_data.last_alloc.unreserve_calls, 1);
}

static bool retry(bool progress, int *loops, struct alloc_request *rq)
{
	struct alloc_context ac = normal_ac(U);

	return should_reclaim_retry(GFP_KERNEL, 0, &ac, gfp_to_alloc_flags(GFP_KERNEL, 0),
				    progress, loops, rq);
}

static void test_should_reclaim_retry(void)
{
	struct alloc_request rq = { .stop_at_points = true };
	struct zone *z;
	int loops = 0;

	/* T2, ac3f3b0a5518: the watermark says no; a forced unreserve first, "retry" */
	z = two_free_h_blocks(preset("v6.12"), 9);
	KT_EQ(retry(false, &loops, NULL), 1);
	KT_EQ(loops, 1);
	KT_EQ(z->nr_reserved_highatomic, PB);
	KT_EQ(retry(false, &loops, NULL), 1);	/* forced: the last block too */
	KT_EQ(z->nr_reserved_highatomic, 0);
	/* now it is free U: 1024 free > min 512 */
	KT_EQ(retry(false, &loops, NULL), 1);
	KT_EQ(contig_page_data.last_alloc.unreserve_calls, 2);

	/* T2 before ac3f3b0a5518 (v6.6): OOM with the reserve intact */
	z = two_free_h_blocks(preset("v6.6"), 9);
	loops = 0;
	KT_EQ(retry(false, &loops, NULL), 0);
	KT_EQ(z->nr_reserved_highatomic, 2 * PB);
	KT_EQ(contig_page_data.last_alloc.unreserve_calls, 0);
	/* ... only past MAX_RECLAIM_RETRIES */
	loops = MAX_RECLAIM_RETRIES;
	KT_EQ(retry(false, &loops, NULL), 1);
	KT_EQ(loops, MAX_RECLAIM_RETRIES + 1);
	KT_EQ(z->nr_reserved_highatomic, PB);
	/* progress at a cheap order resets the count; reclaimable pages mean "retry" */
	contig_page_data.reclaim.reclaimable[ZONE_NORMAL] = 1000;
	KT_EQ(retry(true, &loops, NULL), 1);
	KT_EQ(loops, 0);
	KT_EQ(z->nr_reserved_highatomic, PB);

	/* stepped: a stop before the retry, and after the forced unreserve */
	KT_EQ(retry(false, &loops, &rq), 0);
	KT_EQ(rq.point, SP_RETRY);
	KT_EQ(retry(false, &loops, &rq), 1);
	KT_EQ(loops, 1);
	z = two_free_h_blocks(preset("v6.12"), 9);
	loops = 0;
	KT_EQ(retry(false, &loops, &rq), 0);
	KT_EQ(rq.point, SP_RETRY_UNRESERVED);
	KT_EQ(rq.unreserved, 1);
	KT_EQ(retry(false, &loops, &rq), 1);
	KT_EQ(loops, 1);
	KT_EQ(z->nr_reserved_highatomic, PB);
}

static struct page *may_oom(gfp_t gfp, unsigned int order, enum zone_type highest,
			    unsigned long *progress)
{
	struct alloc_context ac = normal_ac(gfp_migratetype(gfp));

	ac.highest_zoneidx = highest;
	return __alloc_pages_may_oom(gfp, order, &ac, progress);
}

static void test_may_oom(void)
{
	struct alloc_report *rep = &contig_page_data.last_alloc;
	unsigned long progress = 7;

	fixture_zone(preset("v6.12"), END);
	KT_EQ(may_oom(GFP_KERNEL, 0, ZONE_NORMAL, &progress), NULL);
	KT_EQ(progress, 1);
	KT_EQ(contig_page_data.nr_oom_kills, 1);
	KT_EQ(rep->oom, 1);
	/* GFP_NOFS: out_of_memory() says progress without a kill */
	KT_EQ(may_oom(GFP_NOFS, 0, ZONE_NORMAL, &progress), NULL);
	KT_EQ(progress, 1);
	KT_EQ(rep->oom_no_kill, 1);
	KT_EQ(contig_page_data.nr_oom_kills, 1);
	/* the skips: no progress, no kill */
	KT_EQ(may_oom(GFP_KERNEL, 4, ZONE_NORMAL, &progress), NULL);
	KT_EQ(progress, 0);
	KT_EQ(rep->oom_skipped, 1);
	rep->oom_skipped = false;
	KT_EQ(may_oom(GFP_KERNEL | __GFP_RETRY_MAYFAIL, 0, ZONE_NORMAL, &progress), NULL);
	KT_EQ(rep->oom_skipped, 1);
	rep->oom_skipped = false;
	KT_EQ(may_oom(GFP_KERNEL | __GFP_THISNODE, 0, ZONE_NORMAL, &progress), NULL);
	KT_EQ(rep->oom_skipped, 1);
	rep->oom_skipped = false;
	KT_EQ(may_oom(GFP_KERNEL, 0, ZONE_DMA32, &progress), NULL);
	KT_EQ(rep->oom_skipped, 1);
	KT_EQ(contig_page_data.nr_oom_kills, 1);
	/* the last try at the high mark finds a racing free */
	setup_free_range(10 * PB, 20 * PB);
	progress = 7;
	KT_NE(may_oom(GFP_KERNEL, 0, ZONE_NORMAL, &progress), NULL);
	KT_EQ(progress, 0);
}

int main(void)
{
	test_direct_reclaim();
	test_direct_reclaim_drain_helps();
	test_should_reclaim_retry();
	test_may_oom();
	node_exit();
	KT_MAIN_END();
}
