// SPDX-License-Identifier: MIT
/*
 * test_slowpath_step.c - the slow path as a resumable request (spec
 * §10.6, §10.7): where a stepped request stops, that other CPUs can take
 * what it just unreserved (R7), the retry after an OOM kill, several
 * requests in flight, and that a request stepped through with nothing in
 * between ends exactly as the one-step __alloc_pages_nodemask() does.
 *
 * Zone Z of §5.0: Normal [0, 65536), min 512 / low 640 / high 768.
 */
#include "exec.h"
#include "minimize.h"
#include "support.h"
#include "text.h"

#include <string.h>

/*
 * R7's state: blocks 10 and 20 H, C = 1024; block 10 has one free page
 * (5120, order 0 on an H list), block 20 is free (one order-9 H buddy);
 * nothing else is free (F = 513).  Reclaim estimates nothing (R = 0) and
 * reports @progress per round.
 */
static struct zone *boot_r7(const char *variant, long progress)
{
	struct zone *z = boot_Z(variant);

	make_h(10, -1);
	make_h(20, 9);
	put_buddy(10 * PB, 0, H);
	setup_reserved_highatomic(z, 1024);
	RM.progress = progress;
	return z;
}

/* Begin an order-0 GFP_HIGHUSER_MOVABLE request on CPU 1, stepped. */
static bool begin_cpu1(struct alloc_request *rq, gfp_t gfp)
{
	bool done;

	set_current(1, false);
	done = alloc_request_begin(rq, gfp, 0, true);
	set_current(0, false);
	return done;
}

/*
 * R7 under v4.8: the requester's direct reclaim unreserves block 10 (its
 * one free page) and drains; it stops there, CPU 0 takes the page, and the
 * requester's retry finds nothing: should_reclaim_retry's zone check fails
 * (F - C = 0, R = 0) and the OOM kill comes with block 20 free on H lists.
 */
static void test_stolen_before_retry(void)
{
	struct alloc_request rq;
	struct page *thief;
	struct zone *z = boot_r7("v4.8", 1);

	KT_EQ(begin_cpu1(&rq, GFP_HIGHUSER_MOVABLE), 0);
	KT_EQ(rq.point, SP_RECLAIM_DRAINED);
	KT_EQ(rq.stops, 1);
	KT_EQ(rq.rep.unreserve_calls, 1);
	KT_EQ(rq.rep.reclaim_rounds, 1);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(block_mt(10 * PB), M);
	KT_EQ(nr_free_pages(z), 513);
	KT_STREQ(slowpath_point_name(rq.point), "reclaim-drained");

	/* CPU 0 takes it: the slow path's first attempt (513 > min 512) */
	thief = __alloc_pages_nodemask(GFP_HIGHUSER_MOVABLE, 0);
	KT_EQ(pfn_of(thief), (long)(10 * PB));
	KT_EQ(LA.reclaim_rounds, 0);
	KT_EQ(hat_checker.fired, 0);

	/* the retry fails, the zone check too: OOM kill, I6; stopped after it */
	KT_EQ(alloc_request_resume(&rq, true), 0);
	KT_EQ(rq.point, SP_OOM);
	KT_EQ(rq.oom_killed, 1);
	KT_EQ(rq.rep.oom, 1);
	KT_EQ(rq.rep.no_progress_loops, 0);
	KT_EQ(current->cpu, 0);		/* the caller's task again */
	KT_EQ(inv_fired(INV_I6), 1);
	KT_EQ(contig_page_data.nr_oom_kills, 1);

	/* run to its end, it fails at the kill as the one-step alloc does */
	KT_EQ(alloc_request_resume(&rq, false), 1);
	KT_EQ(rq.point, SP_DONE);
	KT_EQ(rq.page == NULL, 1);
	KT_EQ(rq.rep.reclaim_rounds, 1);
	KT_EQ(LA.oom, 1);		/* last_alloc is its report again */
	KT_EQ(contig_page_data.nr_oom_kills, 1);
	/* resuming a completed request does nothing */
	KT_EQ(alloc_request_resume(&rq, true), 1);
	KT_EQ(rq.rep.reclaim_rounds, 1);

	/* with nothing in between, the retry takes the unreserved page */
	boot_r7("v4.8", 1);
	KT_EQ(begin_cpu1(&rq, GFP_HIGHUSER_MOVABLE), 0);
	KT_EQ(alloc_request_resume(&rq, true), 1);
	KT_EQ(pfn_of(rq.page), (long)(10 * PB));
	KT_EQ(rq.rep.oom, 0);
	KT_EQ(hat_checker.fired, 0);
}

/*
 * After an OOM kill a stepped request retries (did_some_progress = 1,
 * no_progress_loops = 0): what the victim frees in between serves it.
 */
static void test_retry_after_kill(void)
{
	struct alloc_request rq;
	struct page *victim;
	struct zone *z = boot_r7("v4.8", 1);

	KT_EQ(begin_cpu1(&rq, GFP_HIGHUSER_MOVABLE), 0);
	victim = __alloc_pages_nodemask(GFP_HIGHUSER_MOVABLE, 0);
	KT_REQUIRE(victim != NULL);
	KT_EQ(alloc_request_resume(&rq, true), 0);
	KT_EQ(rq.point, SP_OOM);
	/* the victim exits: its page back to the buddy lists */
	__free_pages(victim, 0);
	drain_pages(0);
	KT_EQ(nr_free_pages(z), 513);
	KT_EQ(alloc_request_resume(&rq, true), 1);
	KT_EQ(pfn_of(rq.page), (long)(10 * PB));
	KT_EQ(rq.rep.oom, 1);		/* served after a kill */
	KT_EQ(rq.rep.reclaim_rounds, 1);
	KT_EQ(rq.stops, 2);

	/* nothing freed: the retry goes round again and kills again */
	boot_r7("v4.8", 1);
	KT_EQ(begin_cpu1(&rq, GFP_HIGHUSER_MOVABLE), 0);
	KT_REQUIRE(__alloc_pages_nodemask(GFP_HIGHUSER_MOVABLE, 0) != NULL);
	KT_EQ(alloc_request_resume(&rq, true), 0);
	KT_EQ(rq.point, SP_OOM);
	KT_EQ(alloc_request_resume(&rq, true), 0);
	KT_EQ(rq.point, SP_RECLAIM_DRAINED);	/* progress 1, C = 512: no unreserve */
	KT_EQ(rq.rep.unreserve_calls, 2);
	KT_EQ(alloc_request_resume(&rq, true), 0);
	KT_EQ(rq.point, SP_OOM);
	KT_EQ(contig_page_data.nr_oom_kills, 2);
	KT_EQ(alloc_request_resume(&rq, false), 1);
	KT_EQ(rq.page == NULL, 1);
}

/*
 * The sequence of points of an undisturbed stepped request on zone Z under
 * @variant with @nr blocks H and free (boot_Z_h()), counter @c and @r
 * reclaimable pages.
 */
static unsigned int trail(struct alloc_request *rq, const char *variant, unsigned int nr,
			  unsigned long c, unsigned long r, gfp_t gfp, bool rt,
			  enum slowpath_point *seen, unsigned int max)
{
	unsigned int n = 0;
	bool done;

	boot_Z_h(variant, nr, 9, c);
	RM.reclaimable[ZONE_NORMAL] = r;
	set_current(1, rt);
	done = alloc_request_begin(rq, gfp, 0, true);
	set_current(0, false);
	while (!done && n < max) {
		seen[n++] = rq->point;
		done = alloc_request_resume(rq, rq->point != SP_OOM || !rq->oom_killed);
	}
	return n;
}

/* Where each variant stops, on the reproducers of §5. */
static void test_points(void)
{
	enum slowpath_point seen[64];
	struct alloc_request rq;
	unsigned int n;

	/* R3 v1-3: L = 1 unreserves one block: stop after it, then the retry */
	n = trail(&rq, "v1", 3, 1536, 60000, GFP_HIGHUSER_MOVABLE, false, seen, 64);
	KT_EQ(n, 1);
	KT_EQ(seen[0], SP_RETRY_UNRESERVED);
	KT_REQUIRE(rq.page != NULL);
	KT_EQ(rq.rep.no_progress_loops, 1);

	/* R3 v4.8: 15 zone checks say retry, the 16th fails: OOM */
	n = trail(&rq, "v4.8", 3, 1536, 60000, GFP_HIGHUSER_MOVABLE, false, seen, 64);
	KT_EQ(n, 16);
	for (unsigned int i = 0; i < 15; i++)
		KT_EQ(seen[i], SP_RETRY);
	KT_EQ(seen[15], SP_OOM);
	KT_EQ(rq.page == NULL, 1);

	/* R3a v4.10 (RT): 16 retries, then the forced unreserve at L = 17 */
	n = trail(&rq, "v4.10", 3, 1536, 60000, GFP_HIGHUSER_MOVABLE, true, seen, 64);
	KT_EQ(n, 17);
	KT_EQ(seen[15], SP_RETRY);
	KT_EQ(seen[16], SP_RETRY_UNRESERVED);
	KT_REQUIRE(rq.page != NULL);
	KT_EQ(rq.rep.no_progress_loops, 17);

	/* R6 + ac3f3b0a5518: the zone check's false exit unreserves first */
	n = trail(&rq, "v4.10+ac3f3b0a5518", 2, 1024, 0, GFP_KERNEL, false, seen, 64);
	KT_EQ(n, 1);
	KT_EQ(seen[0], SP_RETRY_UNRESERVED);
	KT_REQUIRE(rq.page != NULL);

	/* v1-3 with one block (C = 512): its unreserve skips the zone and
	 * returns 0, so the zone check follows the stop, and stops again */
	n = trail(&rq, "v1", 1, 512, 60000, GFP_HIGHUSER_MOVABLE, false, seen, 64);
	KT_EQ(seen[0], SP_RETRY_UNRESERVED);
	KT_EQ(seen[1], SP_RETRY);
	KT_EQ(seen[2], SP_RETRY_UNRESERVED);
	KT_LT(2, n);

	/* GFP_ATOMIC never reclaims: no point at all */
	KT_EQ(trail(&rq, "v4.8", 3, 1536, 0, GFP_ATOMIC, false, seen, 64), 0);
	KT_EQ(rq.point, SP_DONE);
	KT_EQ(rq.stops, 0);

	/* GFP_NOFS: the OOM path decides without a kill; the next step retries */
	n = trail(&rq, "v4.8", 3, 1536, 60000, GFP_NOFS, false, seen, 64);
	KT_EQ(n, 64);
	KT_EQ(seen[15], SP_OOM);
	KT_EQ(seen[16], SP_RETRY);
	KT_EQ(seen[63], SP_OOM);
	KT_EQ(rq.oom_killed, 0);
	KT_EQ(rq.rep.oom_no_kill, 4);	/* one per pass of 16 rounds */
}

/* Two requests in flight on two CPUs, each with its own report. */
static void test_two_in_flight(void)
{
	struct alloc_request a, b;
	struct zone *z = boot_r7("v4.8", 1);

	KT_EQ(begin_cpu1(&a, GFP_HIGHUSER_MOVABLE), 0);
	KT_EQ(a.point, SP_RECLAIM_DRAINED);
	/* CPU 0's request: its retry's unreserve skips (C = 512); it takes the
	 * page A unreserved, in its own retry after the drain */
	set_current(0, false);
	KT_EQ(alloc_request_begin(&b, GFP_HIGHUSER_MOVABLE, 0, true), 1);
	KT_EQ(pfn_of(b.page), (long)(10 * PB));
	KT_EQ(b.rep.slowpath, 1);
	KT_EQ(b.rep.reclaim_rounds, 0);
	KT_EQ(b.cpu, 0);
	/* A's report is its own */
	KT_EQ(a.rep.reclaim_rounds, 1);
	KT_EQ(a.cpu, 1);
	KT_EQ(alloc_request_resume(&a, true), 0);
	KT_EQ(a.point, SP_OOM);
	KT_EQ(z->nr_reserved_highatomic, 512);
	KT_EQ(inv_fired(INV_I6), 1);
}

/* ---- stepped through, undisturbed == one step ---- */

struct outcome {
	long pfn;
	struct hat_alloc_report rep;
	uint64_t hash;
	unsigned long kills, counter;
	unsigned int fired;
};

static void outcome_of(struct outcome *o, const struct page *page)
{
	o->pfn = pfn_of(page);
	o->rep = LA;
	o->hash = node_state_hash();
	o->kills = contig_page_data.nr_oom_kills;
	o->counter = node_zone(ZONE_NORMAL)->nr_reserved_highatomic;
	o->fired = hat_checker.fired;
}

static void expect_same(const struct outcome *a, const struct outcome *b)
{
	KT_EQ(a->pfn, b->pfn);
	KT_EQ(a->rep.slowpath, b->rep.slowpath);
	KT_EQ(a->rep.oom, b->rep.oom);
	KT_EQ(a->rep.oom_skipped, b->rep.oom_skipped);
	KT_EQ(a->rep.oom_no_kill, b->rep.oom_no_kill);
	KT_EQ(a->rep.no_progress_loops, b->rep.no_progress_loops);
	KT_EQ(a->rep.reclaim_rounds, b->rep.reclaim_rounds);
	KT_EQ(a->rep.unreserve_calls, b->rep.unreserve_calls);
	KT_EQ(a->rep.retries, b->rep.retries);
	KT_EQ(a->rep.livelock, b->rep.livelock);
	KT_ASSERT(a->hash == b->hash);
	KT_EQ(a->kills, b->kills);
	KT_EQ(a->counter, b->counter);
	KT_EQ(a->fired, b->fired);
}

/* The states of the scenarios: zone Z set up under @variant. */
enum { S_R3, S_R3B, S_R6, S_R7, S_LIVELOCK, S_FREE, NR_SCENARIOS };

static void setup(unsigned int s, const char *variant)
{
	switch (s) {
	case S_R3:
	case S_R3B:
		boot_Z_h(variant, 3, 9, s == S_R3 ? 1536 : 512);
		RM.reclaimable[ZONE_NORMAL] = 60000;
		break;
	case S_R6:
		boot_Z_h(variant, 2, 9, 1024);
		break;
	case S_R7:
		boot_r7(variant, 1);
		break;
	case S_LIVELOCK:	/* progress for ever: 256 rounds */
		boot_Z_h(variant, 2, 9, 1024);
		RM.progress = 5;
		break;
	default:	/* blocks 40-41 free: the slow path's first attempt */
		boot_Z(variant);
		node_free_range(40 * PB, 41 * PB + 100);
		break;
	}
}

/*
 * Every scenario under each variant and request: one step, then stepped
 * to its end with nothing in between (after a kill: run to the end, as
 * alloc-end does), then begun stepped and run to the end at once.  Page,
 * report, node state, counter, kills and verdict agree.
 */
static void test_stepped_equals_one_step(void)
{
	static const char *const variants[] = {
		"v4.8", "v1", "v4.10", "v4.10+ac3f3b0a5518", "v1+ac3f3b0a5518", "v4.8+v1-3",
	};
	static const struct {
		gfp_t gfp;
		unsigned int order;
		bool rt;
	} reqs[] = {
		{ GFP_HIGHUSER_MOVABLE, 0, false }, { GFP_KERNEL, 0, true },
		{ GFP_NOFS, 0, false }, { GFP_KERNEL | __GFP_NORETRY, 0, false },
		{ GFP_ATOMIC, 1, false }, { GFP_KERNEL | __GFP_REPEAT, 4, false },
	};
	unsigned long stops = 0;

	for (unsigned int s = 0; s < NR_SCENARIOS; s++)
		for (unsigned int v = 0; v < ARRAY_SIZE(variants); v++)
			for (unsigned int q = 0; q < ARRAY_SIZE(reqs); q++) {
				struct outcome one, stepped, begun;
				struct alloc_request rq;
				long failed = kt_failed();
				bool done;

				setup(s, variants[v]);
				set_current(1, reqs[q].rt);
				outcome_of(&one, __alloc_pages_nodemask(reqs[q].gfp,
									reqs[q].order));

				setup(s, variants[v]);
				set_current(1, reqs[q].rt);
				done = alloc_request_begin(&rq, reqs[q].gfp, reqs[q].order, true);
				while (!done)
					done = alloc_request_resume(&rq, rq.point != SP_OOM ||
									  !rq.oom_killed);
				stops += rq.stops;
				outcome_of(&stepped, rq.page);

				setup(s, variants[v]);
				set_current(1, reqs[q].rt);
				if (!alloc_request_begin(&rq, reqs[q].gfp, reqs[q].order, true))
					KT_EQ(alloc_request_resume(&rq, false), 1);
				outcome_of(&begun, rq.page);
				set_current(0, false);

				expect_same(&one, &stepped);
				expect_same(&one, &begun);
				kt_case_end(failed, (s * 16 + v) * 16 + q, variants[v]);
			}
	KT_LT(1000, stops);	/* the requests did stop, and often */
}

/* ---- the trace ops: alloc-begin, alloc-step, alloc-end ---- */

#define R7_STATE \
	"hatrace-trace 1\nzone Normal 0 65536\n" \
	"init-block 5120 HighAtomic\ninit-block 10240 HighAtomic\n" \
	"init-free 5120 5121\ninit-free 10240 10752\ninit-counter Normal 1024\n" \
	"progress 1\n"

static struct exec_request last_req;
static unsigned int nr_reqs;

static void on_request(const struct exec_request *er, void *arg)
{
	(void)arg;
	last_req = *er;
	nr_reqs++;
}

/* Replay @text under @variant; the result in @r. */
static int replay(const char *text, const char *variant, struct exec_result *r)
{
	struct exec_opts o;
	struct trace t;
	char err[256];
	int ret;

	trace_init(&t, "r7");
	KT_REQUIRE(trace_parse_text(text, strlen(text), "r7", &t, err, sizeof(err)) == 0);
	exec_opts_default(&o, &t);
	KT_REQUIRE(variant_parse(variant, &o.variant, err, sizeof(err)) == 0);
	o.keep_going = true;
	o.on_request = on_request;
	nr_reqs = 0;
	ret = trace_exec(&t, &o, r);
	trace_free(&t);
	return ret;
}

static void test_trace_ops(void)
{
	struct exec_result r;

	/* R7: the theft between the unreserve and the retry */
	KT_EQ(replay(R7_STATE
		     "alloc-begin A cpu=1 gfp=GFP_HIGHUSER_MOVABLE\n"
		     "alloc T cpu=0 gfp=GFP_HIGHUSER_MOVABLE\n"
		     "alloc-end A\n"
		     "free A\n", "v4.8", &r), 1);
	KT_EQ(r.fired, 1u << INV_I6);
	KT_EQ(r.recorded[0].op_index, 8);	/* alloc-end */
	KT_EQ(r.stats.requests, 1);
	KT_EQ(r.stats.allocs, 2);
	KT_EQ(r.stats.alloc_failed, 1);
	KT_EQ(r.stats.ooms, 1);
	KT_EQ(r.stats.stops, 1);
	KT_EQ(r.stats.frees_skipped, 1);
	KT_EQ(nr_reqs, 1);
	KT_EQ(last_req.handle, 0);
	KT_EQ(last_req.begin_op, 6);
	KT_EQ(last_req.end_op, 8);
	KT_EQ(last_req.rq == NULL, 0);
	/* without the theft, and under ac3f3b0a5518 with it */
	KT_EQ(replay(R7_STATE "alloc-begin A cpu=1 gfp=GFP_HIGHUSER_MOVABLE\nalloc-end A\n",
		     "v4.8", &r), 0);
	KT_EQ(r.stats.alloc_failed, 0);
	KT_EQ(replay(R7_STATE
		     "alloc-begin A cpu=1 gfp=GFP_HIGHUSER_MOVABLE\n"
		     "alloc T cpu=0 gfp=GFP_HIGHUSER_MOVABLE\n"
		     "alloc-end A\n", "v4.10+ac3f3b0a5518", &r), 0);

	/* the victim's pages freed after the kill serve the retry */
	KT_EQ(replay(R7_STATE
		     "alloc-begin A cpu=1 gfp=GFP_HIGHUSER_MOVABLE\n"
		     "alloc T cpu=0 gfp=GFP_HIGHUSER_MOVABLE\n"
		     "alloc-step A\n"		/* the OOM kill */
		     "free T cpu=0\n"
		     "drain cpu=0\n"
		     "alloc-step A\n"		/* the retry */
		     "alloc-step A\n"		/* completed: skipped */
		     "alloc-end A\n"
		     "free A cpu=1\n", "v4.8", &r), 1);
	KT_EQ(r.fired, 1u << INV_I6);
	KT_EQ(r.stats.alloc_failed, 0);
	KT_EQ(r.stats.ooms, 1);		/* served after a kill */
	KT_EQ(r.stats.stops, 2);
	KT_EQ(r.stats.steps_skipped, 2);
	KT_EQ(r.stats.frees_skipped, 0);
	KT_EQ(last_req.end_op, 11);

	/* in flight at the end: run to its end there, as alloc-end does */
	KT_EQ(replay(R7_STATE
		     "alloc-begin A cpu=1 gfp=GFP_HIGHUSER_MOVABLE\n"
		     "alloc-begin B cpu=0 gfp=GFP_HIGHUSER_MOVABLE\n", "v4.8", &r), 1);
	KT_EQ(r.stats.requests, 2);
	KT_EQ(r.stats.ended_at_end, 1);	/* B took A's page at its first retry */
	KT_EQ(r.stats.alloc_failed, 1);
	KT_EQ(r.fired, 1u << INV_I6);
	KT_EQ(r.recorded[0].op_index, 8);	/* the end of the trace */
	KT_EQ(last_req.handle, 0);
	KT_EQ(last_req.end_op, 8);
}

/*
 * Block 10 free (one order-9 buddy), nothing else: F = 512, no progress.
 * A stepped request stops after should_reclaim_retry's unreserve, which
 * finds no H page; a GFP_ATOMIC order-1 request on CPU 0 then reserves
 * block 10 from ordinary free pages, and the request's OOM decision comes
 * with its 510 pages on H lists: the window's doing, not the reserve's.
 */
#define WINDOW_ZONE	"hatrace-trace 1\nzone Normal 0 65536\n"
#define WINDOW_FREE	"init-free 5120 5632\nprogress 0\n"
#define WINDOW_STATE	WINDOW_ZONE WINDOW_FREE
#define WINDOW_OPS \
	"alloc-begin A cpu=1 gfp=GFP_HIGHUSER_MOVABLE\n" \
	"alloc T cpu=0 order=1 gfp=GFP_ATOMIC\n" \
	"alloc-end A\n"

static void test_oom_window(void)
{
	static const char *const variants[] = { "v1", "v4.10+ac3f3b0a5518", "v4.8+ac3f3b0a5518" };
	struct exec_result r;

	for (unsigned int i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		long failed = kt_failed();

		/* reserved between the failed unreserve and the OOM: no I6 */
		KT_EQ(replay(WINDOW_STATE WINDOW_OPS, variants[i], &r), 0);
		KT_EQ(r.stats.ooms, 1);
		KT_EQ(r.stats.stops, 1);
		KT_EQ(contig_page_data.node_zones[ZONE_NORMAL].nr_reserved_highatomic, 512);
		/*
		 * block 10 H from the start, one block: v1-3 skips it below
		 * L = 16, ac3f3b0a5518 without 29fac03bef72's reliable form
		 * too; its pages were there then and still are: I6
		 */
		KT_EQ(replay(WINDOW_ZONE "init-block 5120 HighAtomic\ninit-counter Normal 512\n"
			     WINDOW_FREE WINDOW_OPS, variants[i], &r), i == 1 ? 0 : 1);
		KT_EQ(r.fired, i == 1 ? 0 : 1u << INV_I6);
		KT_EQ(r.stats.ooms, 1);
		kt_case_end(failed, i, variants[i]);
	}
	/* run to its end, the request OOMs before the reserve: no I6 either */
	KT_EQ(replay(WINDOW_STATE "alloc A cpu=1 gfp=GFP_HIGHUSER_MOVABLE\n"
		     "alloc T cpu=0 order=1 gfp=GFP_ATOMIC\n", "v1", &r), 0);
	KT_EQ(r.stats.ooms, 1);
	/* the reserve in place before the unreserve, in the window again: I6 */
	KT_EQ(replay(WINDOW_STATE "alloc T cpu=0 order=1 gfp=GFP_ATOMIC\n"
		     "alloc-begin A cpu=1 gfp=GFP_HIGHUSER_MOVABLE\n"
		     "alloc U cpu=0 order=1 gfp=GFP_ATOMIC\n"
		     "alloc-end A\n", "v1", &r), 1);
	KT_EQ(r.fired, 1u << INV_I6);
}

/*
 * Minimizing turns a request that needs no interleaving into an alloc; a
 * dropped alloc-end takes the frees of its handle along (they would come
 * while it is in flight), not its steps.
 */
static void test_minimize(void)
{
	static const char r3[] =
		"hatrace-trace 1\nzone Normal 0 65536\n"
		"init-block 5120 HighAtomic\ninit-free 5120 5632\ninit-counter Normal 512\n"
		"reclaimable Normal 60000\n"
		"alloc-begin A cpu=1 gfp=GFP_HIGHUSER_MOVABLE\n"
		"drain-all\n"
		"alloc-step A\n"
		"alloc-end A\n"
		"free A\n";
	static const char text[] = R7_STATE
		"alloc-begin X cpu=0 gfp=GFP_ATOMIC\n"	/* no reclaim: completes at once */
		"alloc-step X\n"
		"alloc-end X\n"
		"drain-all\n"
		"alloc-begin A cpu=1 gfp=GFP_HIGHUSER_MOVABLE\n"
		"drain cpu=1\n"
		"alloc T cpu=0 gfp=GFP_HIGHUSER_MOVABLE\n"
		"alloc-step A\n"
		"alloc-end A\n"
		"free X cpu=1\n";
	struct minimize_result res;
	struct minimize_opts mo;
	struct trace t, out;
	char err[256];
	bool drop[16] = { false };

	trace_init(&t, "r3");
	KT_REQUIRE(trace_parse_text(r3, strlen(r3), "r3", &t, err, sizeof(err)) == 0);
	minimize_opts_default(&mo, &t);
	KT_REQUIRE(variant_parse("v4.8", &mo.variant, err, sizeof(err)) == 0);
	trace_init(&out, "min");
	KT_EQ(trace_minimize(&t, &mo, &out, &res), 0);
	KT_EQ(res.sig.id, INV_I6);
	KT_LT(0, res.simplified);
	/* the request's alloc-begin became an alloc, its step and end went */
	KT_EQ(out.nr_handles, 1);
	for (uint32_t i = 0; i < out.nr_ops; i++)
		if (op_defines_handle(out.ops[i].kind))
			KT_EQ(out.ops[i].kind, OP_ALLOC);
		else
			KT_ASSERT(!op_uses_handle(out.ops[i].kind));
	trace_free(&out);
	trace_free(&t);

	trace_init(&t, "r7");
	KT_REQUIRE(trace_parse_text(text, strlen(text), "r7", &t, err, sizeof(err)) == 0);

	/* X's alloc-end dropped: its steps stay, its free goes */
	drop[8] = true;
	KT_EQ(trace_drop_ops(&t, drop, &out), 0);
	KT_EQ(out.nr_ops, t.nr_ops - 2);
	KT_EQ(out.ops[7].kind, OP_ALLOC_STEP);
	KT_EQ(out.ops[out.nr_ops - 1].kind, OP_ALLOC_END);
	KT_EQ(drop[15], 1);
	KT_EQ(trace_validate(&out, err, sizeof(err)), -1);
	trace_free(&out);
	trace_free(&t);
}

int main(void)
{
	test_stolen_before_retry();
	test_retry_after_kill();
	test_points();
	test_two_in_flight();
	test_stepped_equals_one_step();
	test_trace_ops();
	test_oom_window();
	test_minimize();
	node_exit();
	KT_MAIN_END();
}
