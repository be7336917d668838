// SPDX-License-Identifier: MIT
/*
 * test_slowpath.c - the allocation entry points against spec §1.8, §2.8,
 * §2.12, §2.17 - §2.22 and the reproducers R3/R3a/R3b/R6 of §5:
 * gfp_to_alloc_flags, the fast path, __alloc_pages_direct_reclaim,
 * should_reclaim_retry, __alloc_pages_may_oom and the retry loop.
 *
 * Zone Z of §5.0 unless stated: Normal [0, 65536), min 512 / low 640.
 */
#include "report.h"
#include "show.h"
#include "support.h"
#include "text.h"

#include <string.h>

/* ---- gfp_to_alloc_flags (§2.17) ---- */

static void test_alloc_flags(void)
{
	boot_Z("v4.8");
	/* GFP_ATOMIC: WMARK_MIN | HIGH | HARDER, CPUSET dropped */
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC), ALLOC_WMARK_MIN | ALLOC_HIGH | ALLOC_HARDER);
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC) & ALLOC_CPUSET, 0);
	/* __GFP_NOMEMALLOC: no HARDER, CPUSET still dropped */
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC | __GFP_NOMEMALLOC), ALLOC_HIGH);
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL), ALLOC_WMARK_MIN | ALLOC_CPUSET);
	KT_EQ(gfp_to_alloc_flags(GFP_NOWAIT), ALLOC_CPUSET);
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL | __GFP_HIGH), ALLOC_HIGH | ALLOC_CPUSET);
	/* MOVABLE -> ALLOC_CMA */
	KT_EQ(gfp_to_alloc_flags(GFP_HIGHUSER_MOVABLE), ALLOC_CPUSET | ALLOC_CMA);
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC | __GFP_MOVABLE),
	      ALLOC_HIGH | ALLOC_HARDER | ALLOC_CMA);
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL | __GFP_RECLAIMABLE), ALLOC_CPUSET);
	/* RT task, not in interrupt: HARDER */
	set_current(1, true);
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL), ALLOC_CPUSET | ALLOC_HARDER);
	KT_EQ(gfp_to_alloc_flags(GFP_ATOMIC), ALLOC_HIGH | ALLOC_HARDER);
	KT_EQ(gfp_to_alloc_flags(GFP_HIGHUSER_MOVABLE), ALLOC_CPUSET | ALLOC_HARDER | ALLOC_CMA);
	/* RT task in interrupt: no HARDER */
	current->in_interrupt = true;
	KT_EQ(gfp_to_alloc_flags(GFP_KERNEL), ALLOC_CPUSET);
	current->in_interrupt = false;
	set_current(0, false);
	/* mobility grouping off: nothing maps to MOVABLE, no ALLOC_CMA */
	boot_zone("v4.8", ZONE_NORMAL, 0, 2048);
	KT_REQUIRE(page_group_by_mobility_disabled);
	KT_EQ(gfp_to_alloc_flags(GFP_HIGHUSER_MOVABLE), ALLOC_CPUSET);
}

/*
 * Both mobility bits (spec §10.9): gfpflags_to_migratetype() gives 3 =
 * MIGRATE_HIGHATOMIC (the kernel VM_WARNs and goes on), not MOVABLE.
 */
static void test_invalid_mobility(void)
{
	const gfp_t both = GFP_KERNEL | __GFP_MOVABLE | __GFP_RECLAIMABLE;
	struct alloc_context ac = ac_normal(MIGRATE_HIGHATOMIC);
	struct zone *z;
	struct page *page;

	z = boot_Z_h("v4.8", 2, 9, 1024);
	KT_EQ(gfp_mobility_invalid(both), 1);
	KT_EQ(gfp_mobility_invalid(GFP_HIGHUSER_MOVABLE), 0);
	KT_EQ(gfpflags_to_migratetype(both), MIGRATE_HIGHATOMIC);
	KT_EQ(gfpflags_to_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	KT_EQ(gfp_to_alloc_flags(both), ALLOC_WMARK_MIN | ALLOC_CPUSET);	/* no CMA */

	/* order 1, no ALLOC_HARDER: __rmqueue(H) takes an H page all the same
	 * (blocks 40-41 free on Movable lists lift F - counter over low) */
	node_free_range(40 * PB, 42 * PB);
	page = __alloc_pages_nodemask(both, 1);
	KT_REQUIRE(page != NULL);
	KT_EQ(LA.slowpath, 0);
	KT_EQ(block_mt(page_to_pfn(page)), H);
	KT_EQ(buddy_list_pages(z, H), 1022);	/* the remainders stay on H lists */
	/* order 0: no pcp list for type 3 (the kernel indexes past the array):
	 * the model takes nothing, and stops there */
	KT_EQ(__alloc_pages_nodemask(both, 0) == NULL, 1);
	KT_EQ(LA.slowpath, 0);
	KT_EQ(LA.reclaim_rounds, 0);
	/* an H fallback reads the kernel's zero-filled row: UNMOVABLE; the
	 * order-10 buddy of blocks 50-51 is stolen for type 3, making both
	 * blocks H without an increment (I5, I1) */
	z = boot_Z("v4.8");
	make_block(50, U, 9);
	make_block(51, U, 9);
	page = __alloc_pages_nodemask(both, 1);
	KT_REQUIRE(page != NULL);
	KT_EQ(page_to_pfn(page), 50 * PB);
	KT_EQ(block_mt(50 * PB), H);
	KT_EQ(block_mt(51 * PB), H);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(inv_fired(INV_I5), 1);
	/* an unreserve for it retypes an H block to H: the counter drops alone */
	z = boot_Z_h("v4.8", 2, 9, 1024);
	unreserve_highatomic_pageblock(&ac, false, 0);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(zone_count_blocks(z, H), 2);
	KT_EQ(inv_fired(INV_I4), 1);
}

/* Replay counts such masks (alloc and unreserve ops) and warns once. */
static void test_invalid_mobility_warning(void)
{
	static const char text[] =
		"hatrace-trace 1\nzone Normal 0 4096\n"
		"alloc a gfp=GFP_KERNEL\n"
		"alloc b gfp=GFP_KERNEL|__GFP_MOVABLE|__GFP_RECLAIMABLE\n"
		"unreserve gfp=0x18\n";
	struct exec_result r;
	struct exec_opts o;
	struct trace t;
	const char *want = "w.trace: warning: 2 ops with __GFP_MOVABLE|__GFP_RECLAIMABLE "
			   "(first at line 4): migratetype 3 (HighAtomic)";
	char err[256], out[512] = "";
	FILE *f;

	trace_init(&t, "w.trace");
	KT_REQUIRE(trace_parse_text(text, strlen(text), "w.trace", &t, err, sizeof(err)) == 0);
	exec_opts_default(&o, &t);
	KT_EQ(trace_exec(&t, &o, &r), 0);
	KT_EQ(r.stats.invalid_gfp, 2);
	KT_EQ(r.stats.invalid_gfp_op, 1);
	f = tmpfile();
	KT_REQUIRE(f != NULL);
	report_warnings(f, &t, &r);
	rewind(f);
	KT_ASSERT(fread(out, 1, sizeof(out) - 1, f) > 0);
	fclose(f);
	KT_ASSERT(!strncmp(out, want, strlen(want)));
	KT_EQ(strchr(out, '\n') == out + strlen(out) - 1, 1);	/* one line */
	/* none: no output */
	r.stats.invalid_gfp = 0;
	f = tmpfile();
	KT_REQUIRE(f != NULL);
	report_warnings(f, &t, &r);
	KT_EQ(ftell(f), 0);
	fclose(f);
	trace_free(&t);
}

/* ---- the fast path: WMARK_LOW, never ALLOC_HARDER ---- */

static void test_fast_path(void)
{
	struct zone *z;
	struct page *page;

	/* GFP_ATOMIC order 1 with F = 2048: fast-path success, no reserve */
	z = boot_Z("v4.8");
	node_free_range(10 * PB, 14 * PB);
	page = __alloc_pages_nodemask(GFP_ATOMIC, 1);
	KT_REQUIRE(page != NULL);
	KT_EQ(LA.slowpath, 0);
	KT_EQ(z->nr_reserved_highatomic, 0);
	KT_EQ(zone_count_blocks(z, H), 0);
	/* an RT task's order-1 request likewise */
	set_current(1, true);
	page = __alloc_pages_nodemask(GFP_KERNEL, 1);
	set_current(0, false);
	KT_REQUIRE(page != NULL);
	KT_EQ(LA.slowpath, 0);
	KT_EQ(z->nr_reserved_highatomic, 0);

	/* low mark: F = 641 passes the fast path, F = 640 needs the slow path */
	z = boot_Z("v4.8");
	node_free_range(0, 641);
	page = __alloc_pages_nodemask(GFP_KERNEL, 0);
	KT_REQUIRE(page != NULL);
	KT_EQ(LA.slowpath, 0);
	z = boot_Z("v4.8");
	node_free_range(0, 640);
	page = __alloc_pages_nodemask(GFP_KERNEL, 0);
	KT_REQUIRE(page != NULL);
	KT_EQ(LA.slowpath, 1);		/* 640 > 512: the slow path's first attempt */
	KT_EQ(LA.reclaim_rounds, 0);

	/* order >= MAX_ORDER fails at once */
	KT_EQ(__alloc_pages_nodemask(GFP_KERNEL, 11) == NULL, 1);
	KT_EQ(LA.slowpath, 0);

	/* every free page H (F = 1536, C = 1536): order-0 GFP_ATOMIC fails (order 0
	 * never reads buddy H lists), order-1 GFP_ATOMIC succeeds from H */
	z = boot_Z_h("v4.8", 3, 9, 1536);
	RM.reclaimable[ZONE_NORMAL] = 60000;
	page = __alloc_pages_nodemask(GFP_ATOMIC, 0);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.slowpath, 1);
	KT_EQ(LA.reclaim_rounds, 0);
	page = __alloc_pages_nodemask(GFP_ATOMIC, 1);
	KT_REQUIRE(page != NULL);
	KT_EQ(block_mt(page_to_pfn(page)), H);
	KT_EQ(z->nr_reserved_highatomic, 1536);	/* already H: no new reserve */
	KT_EQ(hat_checker.fired, 0);
}

/* ---- the retry / OOM loop ---- */

/*
 * R3: blocks 10/20/30 H and free, C = @c (1536; R3b: 512), R = 60000,
 * progress 0; then an order-0 GFP_HIGHUSER_MOVABLE request, from an RT
 * task if @rt.
 */
static struct page *r3_alloc(const char *variant, unsigned long c, bool rt)
{
	struct page *page;

	boot_Z_h(variant, 3, 9, c);
	RM.reclaimable[ZONE_NORMAL] = 60000;
	RM.progress = 0;
	set_current(rt ? 1 : 0, rt);
	page = __alloc_pages_nodemask(GFP_HIGHUSER_MOVABLE, 0);
	set_current(0, false);
	return page;
}

/* r3_alloc() of a non-RT requester and what comes of it; -1: not checked. */
static const struct r3_case {
	const char *what;
	const char *variant;
	unsigned long c;
	bool ok;		/* the allocation succeeds */
	int oom;		/* LA.oom */
	int loops;		/* LA.no_progress_loops */
	int unreserve_calls;	/* LA.unreserve_calls */
	long c_after;		/* nr_reserved_highatomic */
	long h_blocks;		/* HIGHATOMIC blocks */
} r3_cases[] = {
	/* at L = 16 available = F = 1536, 1536 - 1536 <= 512 -> false before
	 * the L > 16 branch -> OOM with the reserve untouched */
	{ "R3 v4.10, non-HARDER", "v4.10", 1536, false, 1, 16, 0, 1536, -1 },
	{ "R3 v4.8: the same", "v4.8", 1536, false, 1, 16, -1, -1, -1 },
	/* L = 1 unreserves max(96, 512) = 512 pages -> retry -> success */
	{ "R3 v1-3", "v1", 1536, true, 0, 1, 1, 1024, -1 },
	/* R3b: C = 512 with three H blocks: 1536 - 512 > 512 up to L = 16;
	 * v4.8 OOM at L = 17; v4.10 forced unreserve -> C = 0 -> success,
	 * the past drift not repaired */
	{ "R3b v4.8", "v4.8", 512, false, 1, 17, -1, -1, -1 },
	{ "R3b v4.10", "v4.10", 512, true, -1, 17, -1, 0, 2 },
	/* preserve-one skips the zone at L = 17 -> OOM */
	{ "R3b 04c8716f7b00 alone", "v4.8+04c8716f7b00", 512, false, 1, 17, 1, 512, -1 },
};

static void test_retry_loop(void)
{
	struct zone *z = node_zone(ZONE_NORMAL);
	struct page *page;

	/* R3a v4.8: RT requester (HARDER, min 384) passes the zone test up to
	 * L = 16 (1536 > 384); L = 17 > 16 -> false -> OOM */
	page = r3_alloc("v4.8", 1536, true);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.slowpath, 1);
	KT_EQ(LA.oom, 1);
	KT_EQ(LA.oom_skipped, 0);
	KT_EQ(LA.no_progress_loops, 17);
	KT_EQ(LA.retries, 17);
	KT_EQ(LA.reclaim_rounds, 17);
	KT_EQ(LA.unreserve_calls, 0);	/* progress 0: direct reclaim never unreserves */
	KT_EQ(z->nr_reserved_highatomic, 1536);
	KT_EQ(contig_page_data.nr_oom_kills, 1);

	/* R3a v4.10: L = 17 -> forced unreserve converts one block -> retry -> success */
	page = r3_alloc("v4.10", 1536, true);
	KT_REQUIRE(page != NULL);
	KT_EQ(LA.oom, 0);
	KT_EQ(LA.no_progress_loops, 17);
	KT_EQ(LA.unreserve_calls, 1);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	KT_EQ(block_mt(page_to_pfn(page)), M);

	for (unsigned int i = 0; i < ARRAY_SIZE(r3_cases); i++) {
		const struct r3_case *c = &r3_cases[i];
		long failed = kt_failed();

		page = r3_alloc(c->variant, c->c, false);
		if (c->ok)
			KT_REQUIRE(page != NULL);
		else
			KT_EQ(page == NULL, 1);
		if (c->oom >= 0)
			KT_EQ(LA.oom, c->oom);
		KT_EQ(LA.no_progress_loops, c->loops);
		if (c->unreserve_calls >= 0)
			KT_EQ(LA.unreserve_calls, c->unreserve_calls);
		if (c->c_after >= 0)
			KT_EQ(z->nr_reserved_highatomic, c->c_after);
		if (c->h_blocks >= 0)
			KT_EQ(zone_count_blocks(z, H), c->h_blocks);
		kt_case_end(failed, i, c->what);
	}
}

/* R6: C = 1024, blocks 10/20 H and free, R = 0: watermark exit at L = 1 */
static void test_r6(void)
{
	const char *variants[] = { "v4.8", "v4.10", "v4.10+ac3f3b0a5518" };

	for (unsigned int i = 0; i < 3; i++) {
		struct zone *z = boot_Z_h(variants[i], 2, 9, 1024);
		struct page *page;

		page = __alloc_pages_nodemask(GFP_KERNEL, 0);
		KT_EQ(LA.no_progress_loops, 1);
		KT_EQ(LA.reclaim_rounds, 1);
		if (i < 2) {
			/* 1024 - 1024 <= 512 -> false at L = 1 -> OOM */
			KT_EQ(page == NULL, 1);
			KT_EQ(LA.oom, 1);
			KT_EQ(LA.unreserve_calls, 0);
			KT_EQ(z->nr_reserved_highatomic, 1024);
		} else {
			/* ac3f3b0a5518: the false return first force-unreserves */
			KT_REQUIRE(page != NULL);
			KT_EQ(LA.oom, 0);
			KT_EQ(LA.unreserve_calls, 1);
			KT_EQ(z->nr_reserved_highatomic, 512);
			KT_EQ(block_mt(page_to_pfn(page)), U);
		}
	}
}

/* should_reclaim_retry() called directly */
static void test_should_reclaim_retry(void)
{
	struct alloc_context ac = ac_normal(U);
	const unsigned int fl = ALLOC_WMARK_MIN | ALLOC_CPUSET;
	struct zone *z;
	int loops;

	/* F = 0, R = 911: available = 911 - ceil(L x 911 / 16) */
	z = boot_Z("v4.8");
	RM.reclaimable[ZONE_NORMAL] = 911;
	loops = 5;
	/* L 6: 911 - ceil(341.625) = 569 > 512 */
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl, false, &loops, NULL), 1);
	KT_EQ(loops, 6);
	/* L 7: 911 - ceil(398.5625) = 512 <= 512 (a floor would give 513) */
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl, false, &loops, NULL), 0);
	KT_EQ(loops, 7);
	/* progress at order <= COSTLY resets L */
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl, true, &loops, NULL), 1);
	KT_EQ(loops, 0);
	loops = 9;
	/* no order-3 buddy */
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 3, &ac, fl, true, &loops, NULL), 0);
	KT_EQ(loops, 0);
	/* costly order: L counts up despite progress */
	loops = 2;
	should_reclaim_retry(GFP_KERNEL, 4, &ac, fl, true, &loops, NULL);
	KT_EQ(loops, 3);

	/* the counter is subtracted for non-HARDER callers only:
	 * C = 1536, L 7: 512 - 1536 fails; HARDER: 512 > 384 */
	setup_reserved_highatomic(z, 1536);
	loops = 6;
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl, false, &loops, NULL), 0);
	loops = 6;
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl | ALLOC_HARDER, false, &loops, NULL), 1);
	/* L 11: 911 - ceil(626.3125) = 284 <= 384 */
	loops = 10;
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl | ALLOC_HARDER, false, &loops, NULL), 0);

	/* L 16 -> 17 > MAX_RECLAIM_RETRIES: v4.8 says false, no unreserve */
	z = boot_Z_h("v4.8", 2, 9, 1024);
	RM.reclaimable[ZONE_NORMAL] = 60000;
	loops = 16;
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl | ALLOC_HARDER, false, &loops, NULL), 0);
	KT_EQ(loops, 17);
	KT_EQ(LA.unreserve_calls, 0);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	/* v4.10: forced unreserve, true while it moves pages */
	z = boot_Z_h("v4.10", 1, 9, 512);
	loops = 16;
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl, false, &loops, NULL), 1);
	KT_EQ(LA.unreserve_calls, 1);
	KT_EQ(z->nr_reserved_highatomic, 0);	/* preserve-one ignored */
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl, false, &loops, NULL), 0);
	KT_EQ(loops, 18);
	KT_EQ(LA.unreserve_calls, 2);
	/* v1-3: unreserve(ac, L) before the zone loop, non-zero -> true */
	z = boot_Z_h("v1", 3, 9, 1536);
	loops = 0;
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl, false, &loops, NULL), 1);
	KT_EQ(loops, 1);
	KT_EQ(LA.unreserve_calls, 1);
	KT_EQ(z->nr_reserved_highatomic, 1024);
	/* v1-3 at L > 16: false, no unreserve */
	loops = 16;
	KT_EQ(should_reclaim_retry(GFP_KERNEL, 0, &ac, fl, false, &loops, NULL), 0);
	KT_EQ(LA.unreserve_calls, 1);
}

/* ---- direct reclaim: unreserve, then drain_all_pages ---- */

/* Z under @variant: C = 1024 (blocks 10/20 H, free); CPU1 holds pfn 40960 (block 80) on its pcp. */
static struct zone *boot_two_h_and_pcp(const char *variant)
{
	struct zone *z = boot_Z_h(variant, 2, 9, 1024);

	free_page_on_cpu(40960, 1);
	return z;
}

/* __alloc_pages_direct_reclaim() of an order-0 GFP_KERNEL request, with RM.progress = @model. */
static struct page *direct_reclaim(struct alloc_context *ac, unsigned long model,
				   unsigned long *progress)
{
	memset(&LA, 0, sizeof(LA));
	RM.progress = model;
	return __alloc_pages_direct_reclaim(GFP_KERNEL, 0, ALLOC_WMARK_MIN | ALLOC_CPUSET,
					    ac, progress, NULL);
}

static void test_direct_reclaim(void)
{
	struct alloc_context ac = ac_normal(U);
	unsigned long progress = 0;
	struct zone *z;
	struct page *page;

	/* v4.8: C = 1024 (blocks 10/20 H, free); CPU1 holds pfn 40960 (block 80)
	 * on its pcp; progress 1: the retry fails, unreserve converts one block,
	 * the drain empties CPU1's pcp, the second retry succeeds */
	z = boot_two_h_and_pcp("v4.8");
	KT_EQ(z->pageset[1].count, 1);
	RM.progress = 1;
	page = __alloc_pages_nodemask(GFP_KERNEL, 0);
	KT_REQUIRE(page != NULL);
	KT_EQ(LA.slowpath, 1);
	KT_EQ(LA.reclaim_rounds, 1);
	KT_EQ(LA.unreserve_calls, 1);
	KT_EQ(LA.retries, 0);
	KT_EQ(LA.no_progress_loops, 0);
	KT_EQ(z->pageset[1].count, 0);		/* drained */
	KT_EQ(on_buddy_list(z, 40960, 0, M), 1);	/* back on the buddy lists */
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(page_to_pfn(page)), U);	/* from the unreserved block */
	KT_EQ(zone_count_blocks(z, H), 1);
	KT_EQ(hat_checker.fired, 0);

	/* v1-3: no unreserve in direct reclaim, the drain stays: the drained
	 * MOVABLE page is what the retry gets */
	z = boot_two_h_and_pcp("v4.8+v1-3");
	RM.progress = 1;
	page = __alloc_pages_nodemask(GFP_KERNEL, 0);
	KT_REQUIRE(page != NULL);
	KT_EQ(page_to_pfn(page), 40960);
	KT_EQ(LA.unreserve_calls, 0);
	KT_EQ(z->pageset[1].count, 0);
	KT_EQ(z->nr_reserved_highatomic, 1024);

	/* v4.10: direct reclaim's unreserve is not forced (§2.19): with one
	 * block (C = 512) preserve-one keeps it; then should_reclaim_retry
	 * (progress -> L = 0; 512 - 512 <= 512) says no -> OOM */
	z = boot_Z_h("v4.10", 1, 9, 512);
	RM.progress = 1;
	page = __alloc_pages_nodemask(GFP_KERNEL, 0);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.reclaim_rounds, 1);
	KT_EQ(LA.unreserve_calls, 1);
	KT_EQ(LA.no_progress_loops, 0);
	KT_EQ(LA.oom, 1);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(10 * PB), H);

	/* progress 0: return at once, no unreserve and no drain */
	z = boot_two_h_and_pcp("v4.8");
	page = direct_reclaim(&ac, 0, &progress);
	KT_EQ(page == NULL, 1);
	KT_EQ(progress, 0);
	KT_EQ(LA.reclaim_rounds, 1);
	KT_EQ(LA.unreserve_calls, 0);
	KT_EQ(z->pageset[1].count, 1);
	KT_EQ(z->nr_reserved_highatomic, 1024);

	/*
	 * The order (§2.19): unreserve runs BEFORE the drain.  Block 10 is H
	 * with one free page 5121 on an H list; its buddy P = 5120 sits on
	 * CPU1's pcp with cached type H.  Unreserve converts block 10 (5121 to
	 * the U list), then the drain frees P with its stale H type: P absorbs
	 * 5121 into an order-1 buddy on an H list of a now-UNMOVABLE block, and
	 * the retry finds nothing.  (Drain first would have let unreserve move
	 * that order-1 buddy to U and the retry succeed.)
	 */
	z = boot_Z("v4.8");
	setup_pageblock_type(10 * PB, H);
	put_buddy(10 * PB + 1, 0, H);
	make_h(20, 9);
	setup_reserved_highatomic(z, 1024);
	free_page_on_cpu(10 * PB, 1);
	KT_EQ(get_pcppage_migratetype(pfn_to_page(10 * PB)), H);
	page = direct_reclaim(&ac, 1, &progress);
	KT_EQ(page == NULL, 1);
	KT_EQ(progress, 1);
	KT_EQ(LA.unreserve_calls, 1);
	KT_EQ(z->pageset[1].count, 0);
	KT_EQ(block_mt(10 * PB), U);
	KT_EQ(on_buddy_list(z, 10 * PB, 1, H), 1);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(20 * PB), H);
}

/* ---- who never reclaims or kills ---- */

/* Zone Z under @variant, R = 60000 reclaimable pages, try_to_free_pages() giving @progress. */
static void boot_Z_reclaim(const char *variant, long progress)
{
	boot_Z(variant);
	RM.reclaimable[ZONE_NORMAL] = 60000;
	RM.progress = progress;
}

static void test_exits(void)
{
	struct page *page;

	/* GFP_ATOMIC: no __GFP_DIRECT_RECLAIM -> nopage, never reclaim or OOM */
	boot_Z_reclaim("v4.10", 5);
	page = __alloc_pages_nodemask(GFP_ATOMIC, 0);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.slowpath, 1);
	KT_EQ(LA.reclaim_rounds, 0);
	KT_EQ(LA.retries, 0);
	KT_EQ(LA.unreserve_calls, 0);
	KT_EQ(LA.oom, 0);
	KT_EQ(LA.oom_skipped, 0);
	page = __alloc_pages_nodemask(GFP_NOWAIT, 2);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.reclaim_rounds, 0);
	KT_EQ(LA.oom, 0);
	KT_EQ(contig_page_data.nr_oom_kills, 0);

	/* __GFP_ATOMIC with __GFP_DIRECT_RECLAIM: ATOMIC dropped (no HARDER, no
	 * reserve; min 512 - 256 = 256 < 511) and it may reclaim; without
	 * __GFP_FS its OOM path never kills (R = 0: one round per pass) */
	{
		struct zone *z = boot_Z("v4.8");

		node_free_range(10 * PB, 11 * PB);
		page = __alloc_pages_nodemask(GFP_ATOMIC | __GFP_DIRECT_RECLAIM, 1);
		KT_REQUIRE(page != NULL);
		KT_EQ(LA.slowpath, 1);
		KT_EQ(z->nr_reserved_highatomic, 0);
		KT_EQ(zone_count_blocks(z, H), 0);
		boot_Z("v4.8");
		page = __alloc_pages_nodemask(GFP_ATOMIC | __GFP_DIRECT_RECLAIM, 0);
		KT_EQ(page == NULL, 1);
		KT_EQ(LA.oom, 0);
		KT_EQ(LA.livelock, 1);
		KT_EQ(LA.oom_no_kill, LA.reclaim_rounds - 1);
	}

	/* __GFP_NORETRY: one reclaim round, then nopage */
	boot_Z_reclaim("v4.8", 0);
	page = __alloc_pages_nodemask(GFP_KERNEL | __GFP_NORETRY, 0);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.reclaim_rounds, 1);
	KT_EQ(LA.retries, 0);
	KT_EQ(LA.oom, 0);
	KT_EQ(LA.oom_skipped, 0);
	RM.progress = 3;
	page = __alloc_pages_nodemask(GFP_KERNEL | __GFP_NORETRY, 0);
	KT_EQ(LA.reclaim_rounds, 1);
	KT_EQ(LA.unreserve_calls, 1);		/* progress: unreserve + drain ran */
	KT_EQ(LA.retries, 0);
	RM.progress = 0;

	/* costly order (4 > 3) without __GFP_REPEAT: one round, nopage */
	page = __alloc_pages_nodemask(GFP_KERNEL, 4);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.reclaim_rounds, 1);
	KT_EQ(LA.retries, 0);
	KT_EQ(LA.oom, 0);
	KT_EQ(LA.oom_skipped, 0);
	/* with __GFP_REPEAT: should_reclaim_retry (no order-4 buddy -> false at
	 * L = 1), then the OOM kill is skipped for order > COSTLY */
	page = __alloc_pages_nodemask(GFP_KERNEL | __GFP_REPEAT, 4);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.retries, 1);
	KT_EQ(LA.no_progress_loops, 1);
	KT_EQ(LA.oom, 0);
	KT_EQ(LA.oom_skipped, 1);
	/* order 3 (= COSTLY) goes on to the OOM kill */
	page = __alloc_pages_nodemask(GFP_KERNEL, 3);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.retries, 1);
	KT_EQ(LA.oom, 1);
	KT_EQ(LA.oom_skipped, 0);
	/* __GFP_THISNODE: no kill */
	page = __alloc_pages_nodemask(GFP_KERNEL | __GFP_THISNODE, 0);
	KT_EQ(LA.oom, 0);
	KT_EQ(LA.oom_skipped, 1);

	/* lowmem-only requests (high_zoneidx < NORMAL) never OOM-kill */
	boot_zone("v4.8", ZONE_DMA32, 0, 65536);
	page = __alloc_pages_nodemask(GFP_KERNEL | GFP_DMA32, 0);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.slowpath, 1);
	KT_EQ(LA.oom, 0);
	KT_EQ(LA.oom_skipped, 1);
	KT_EQ(contig_page_data.nr_oom_kills, 0);
	/* ... unless __GFP_NOFAIL */
	page = __alloc_pages_nodemask(GFP_KERNEL | GFP_DMA32 | __GFP_NOFAIL, 0);
	KT_EQ(LA.oom, 1);
	KT_EQ(LA.oom_skipped, 0);
	/* the same zone reached by a GFP_KERNEL request (high_zoneidx NORMAL) */
	page = __alloc_pages_nodemask(GFP_KERNEL, 0);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.oom, 1);
	KT_EQ(LA.oom_skipped, 0);
	KT_EQ(contig_page_data.nr_oom_kills, 2);

	/* no __GFP_FS: the lowmem skip comes first, the request fails at once */
	page = __alloc_pages_nodemask(GFP_NOFS | GFP_DMA32, 0);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.oom_skipped, 1);
	KT_EQ(LA.oom_no_kill, 0);
	KT_EQ(LA.livelock, 0);
}

/*
 * 4.8/4.9's out_of_memory() kills nothing for a request with neither
 * __GFP_FS nor __GFP_NOFAIL and reports progress: the slow path starts
 * again at L = 0 (spec §10.5).  R = 60000, F = 0: each pass exits
 * should_reclaim_retry at L = 16; the model stops at its livelock bound.
 */
static void test_oom_without_fs(void)
{
	const gfp_t no_fs[] = { GFP_NOFS, GFP_NOIO, GFP_NOFS | __GFP_HIGHMEM | __GFP_MOVABLE };

	for (unsigned int i = 0; i < ARRAY_SIZE(no_fs); i++) {
		long failed = kt_failed();

		boot_Z_reclaim("v4.8", 0);
		KT_EQ(__alloc_pages_nodemask(no_fs[i], 0) == NULL, 1);
		KT_EQ(LA.oom, 0);
		KT_EQ(LA.oom_skipped, 0);
		KT_EQ(LA.livelock, 1);
		KT_EQ(contig_page_data.nr_oom_kills, 0);
		/* passes of 16 rounds, each but the last ended by a no-kill OOM */
		KT_EQ(LA.reclaim_rounds % MAX_RECLAIM_RETRIES, 0);
		KT_LT(MAX_RECLAIM_RETRIES, LA.reclaim_rounds);
		KT_EQ(LA.oom_no_kill, LA.reclaim_rounds / MAX_RECLAIM_RETRIES - 1);
		KT_EQ(LA.no_progress_loops, MAX_RECLAIM_RETRIES - 1);
		kt_case_end(failed, i, "a request without __GFP_FS");
	}

	/* __GFP_NOFAIL, or __GFP_FS: the kill is recorded at the first L = 16 exit */
	boot_Z_reclaim("v4.8", 0);
	KT_EQ(__alloc_pages_nodemask(GFP_NOFS | __GFP_NOFAIL, 0) == NULL, 1);
	KT_EQ(LA.oom, 1);
	KT_EQ(LA.oom_no_kill, 0);
	KT_EQ(LA.reclaim_rounds, MAX_RECLAIM_RETRIES);
	KT_EQ(__alloc_pages_nodemask(GFP_KERNEL, 0) == NULL, 1);
	KT_EQ(LA.oom, 1);
	KT_EQ(contig_page_data.nr_oom_kills, 2);
}

/* ---- reclaim model: livelock bound, shrinker ---- */

static unsigned long shrink_calls;

static unsigned long shrink_nothing(void *arg, unsigned long nr)
{
	(void)arg;
	(void)nr;
	shrink_calls++;
	return 0;
}

/* frees blocks 50-51 on the first call (the caller's "LRU") */
static unsigned long shrink_block(void *arg, unsigned long nr)
{
	(void)arg;
	(void)nr;
	if (shrink_calls++)
		return 0;
	node_free_range(50 * PB, 52 * PB);
	return 2 * PB;
}

/* Progress = what @shrink frees, 32 pages asked per round. */
static void use_shrinker(unsigned long (*shrink)(void *arg, unsigned long nr))
{
	shrink_calls = 0;
	RM.progress = RECLAIM_PROGRESS_FREED;
	RM.nr_to_reclaim = 32;
	RM.shrink = shrink;
}

static void test_livelock_and_shrink(void)
{
	struct page *page;

	/* progress > 0 forever, nothing freed: L never grows, the model stops */
	boot_Z_reclaim("v4.8", 5);
	page = __alloc_pages_nodemask(GFP_KERNEL, 0);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.livelock, 1);
	KT_EQ(LA.oom, 0);
	KT_EQ(LA.no_progress_loops, 0);
	KT_LT(MAX_RECLAIM_RETRIES + 1, LA.reclaim_rounds);	/* beyond any L exit */
	KT_EQ(LA.unreserve_calls, LA.reclaim_rounds);	/* each round: retry failed */
	KT_EQ(LA.retries, LA.reclaim_rounds - 1);	/* the last round stopped */

	/* progress = what the shrinker freed: nothing -> progress 0 -> OOM at
	 * L = 16 (R = 60000, F = 0: 60000 - 60000 + 0 <= 512) */
	boot_Z_reclaim("v4.8", 0);
	use_shrinker(shrink_nothing);
	page = __alloc_pages_nodemask(GFP_KERNEL, 0);
	KT_EQ(page == NULL, 1);
	KT_EQ(LA.livelock, 0);
	KT_EQ(LA.oom, 1);
	KT_EQ(LA.no_progress_loops, 16);
	KT_EQ(shrink_calls, 16);

	/* a shrinker that frees two blocks: progress 1024, F = 1024 > 512,
	 * the retry after reclaim succeeds */
	boot_Z("v4.8");
	use_shrinker(shrink_block);
	page = __alloc_pages_nodemask(GFP_KERNEL, 0);
	KT_REQUIRE(page != NULL);
	KT_EQ(page_to_pfn(page) / PB, 50);
	KT_EQ(LA.reclaim_rounds, 1);
	KT_EQ(LA.oom, 0);
}

int main(void)
{
	test_alloc_flags();
	test_invalid_mobility();
	test_invalid_mobility_warning();
	test_fast_path();
	test_retry_loop();
	test_r6();
	test_should_reclaim_retry();
	test_direct_reclaim();
	test_exits();
	test_oom_without_fs();
	test_livelock_and_shrink();
	node_exit();
	KT_MAIN_END();
}
