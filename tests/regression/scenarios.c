// SPDX-License-Identifier: MIT
/*
 * scenarios.c - the reproducers of spec §5 against the allocator model.
 *
 * Each run builds its node, sets the initial state directly (as the spec
 * allows), then drives the minimal event sequence through the kernel-named
 * functions.  Each expect() derives the outcome for ANY patch set from the
 * mechanism, so the regression test can check all 512 combinations; the
 * spec's table (§4.2) is the special case of its columns.
 */
#include "scenarios.h"

#include <stdio.h>
#include <string.h>

#include "page_alloc.h"
#include "setup.h"
#include "show.h"

#define has(v, p)	variant_has((v), PATCH_##p)
#define BIT(i)		(1u << (i))

static struct zone *zone_of(enum zone_type t)
{
	return &contig_page_data.node_zones[t];
}

static void outcome_init(struct scenario_outcome *o)
{
	o->fired = 0;
	o->alloc = -1;
	o->oom = -1;
	o->loops = -1;
	o->counter = -1;
	o->h_blocks = -1;
}

static void finish(struct scenario_outcome *o, enum zone_type t)
{
	check_node_full();
	o->fired = hat_checker.fired;
	o->counter = (long)zone_of(t)->nr_reserved_highatomic;
	o->h_blocks = (long)zone_count_blocks(zone_of(t), MIGRATE_HIGHATOMIC);
}

static void record_alloc(struct scenario_outcome *o, struct page *page)
{
	o->alloc = page != NULL;
	o->oom = contig_page_data.last_alloc.oom;
	o->loops = contig_page_data.last_alloc.no_progress_loops;
}

/* One zone [start, end) of type @t, 2 CPUs, x86-64 orders. */
static int one_zone(const struct hat_variant *v, enum zone_type t,
		    unsigned long start, unsigned long end, unsigned long reserved)
{
	struct node_geometry g;
	char err[160];

	node_geometry_default(&g);
	g.zone_start_pfn[t] = start;
	g.zone_end_pfn[t] = end;
	g.reserved_pages[t] = reserved;
	if (node_init(&g, v, err, sizeof(err))) {
		fprintf(stderr, "scenario setup: %s\n", err);
		return -1;
	}
	return 0;
}

/* Spec §5.0 zone Z: Normal [0, 65536), min 512 low 640 high 768, cap 1167. */
static int zone_z(const struct hat_variant *v)
{
	return one_zone(v, ZONE_NORMAL, 0, 65536, 0);
}

#define BLOCK(k)	((unsigned long)(k) * 512)

static const struct alloc_context ac_movable = {
	.high_zoneidx = ZONE_NORMAL, .migratetype = MIGRATE_MOVABLE,
	.classzone_idx = ZONE_NORMAL,
};

/* ---- R1: an H block stolen through a stale pcp type (v1-1) ---- */

static void r1_run(const struct hat_variant *v, struct scenario_outcome *o)
{
	unsigned long b = BLOCK(10);

	if (zone_z(v))
		return;
	node_free_range(b + 1, b + 512);	/* orders 0..8 at b+1 .. b+256, MOVABLE */
	set_current(0, false);
	__free_pages(pfn_to_page(b), 0);	/* P: cached MOVABLE on CPU0's pcp */
	set_current(1, false);
	__alloc_pages_nodemask(GFP_ATOMIC, 1);	/* steals B, then reserves it: B := H */
	drain_all_pages(NULL);			/* P merges onto a MOVABLE list */
	set_current(1, false);
	__alloc_pages_nodemask(GFP_ATOMIC, 0);	/* U fallback finds B's buddy */
	finish(o, ZONE_NORMAL);
}

static void r1_expect(const struct hat_variant *v, struct scenario_outcome *o)
{
	bool fixed = has(v, V1_1) || has(v, 88ED365EA227);

	o->counter = 512;
	o->h_blocks = fixed ? 1 : 0;
	o->fired = fixed ? 0 : BIT(INV_I4_RETYPE) | BIT(INV_I1);
}

/* ---- R2: double decrement through a stale cached H type (v1-2) ---- */

static void r2_state(void)
{
	setup_pageblock_type(BLOCK(10), MIGRATE_HIGHATOMIC);
	setup_pageblock_type(BLOCK(20), MIGRATE_HIGHATOMIC);
	setup_pageblock_type(BLOCK(30), MIGRATE_HIGHATOMIC);
	setup_reserved_highatomic(zone_of(ZONE_NORMAL), 1536);
}

/*
 * The reserve given back by whichever path the variant has: the direct
 * reclaim round with progress whose retry failed (baseline, merged), or
 * should_reclaim_retry at L = 1, 2 (v1-3).
 */
static void r2_unreserve_round(int loops)
{
	set_current(1, false);
	unreserve_highatomic_pageblock(&ac_movable, false, loops);
}

static void r2_run(const struct hat_variant *v, struct scenario_outcome *o)
{
	unsigned long b1 = BLOCK(10);

	if (zone_z(v))
		return;
	r2_state();
	node_free_range(b1 + 1, b1 + 512);	/* on H lists */
	set_current(0, false);
	__free_pages(pfn_to_page(b1), 0);	/* P: cached H, CPU0 pcp MOVABLE list */
	r2_unreserve_round(1);			/* B1 := MOVABLE, C 1536 -> 1024 */
	drain_all_pages(NULL);			/* P drains as H: order-9 H buddy in B1 */
	r2_unreserve_round(2);			/* finds B1's stray H buddy */
	finish(o, ZONE_NORMAL);
}

/* The order>0 window: __free_pages_ok reads H, unreserve runs, then the commit. */
static void r2o_run(const struct hat_variant *v, struct scenario_outcome *o)
{
	unsigned long b1 = BLOCK(10);
	int mt;

	if (zone_z(v))
		return;
	r2_state();
	node_free_range(b1 + 2, b1 + 512);
	set_current(0, false);
	mt = __free_pages_ok_prepare(pfn_to_page(b1), 1);	/* reads H, unlocked */
	r2_unreserve_round(1);
	set_current(0, false);
	__free_pages_ok_commit(pfn_to_page(b1), 1, mt);	/* onto an H list */
	r2_unreserve_round(2);
	finish(o, ZONE_NORMAL);
}

static void r2_expect(const struct hat_variant *v, struct scenario_outcome *o)
{
	bool fixed = has(v, V1_2) || has(v, 4855E4A7F29D);

	o->counter = fixed ? 1024 : 512;
	o->h_blocks = 2;
	o->fired = fixed ? 0 : BIT(INV_I4) | BIT(INV_I1);
}

/* ---- R3, R3a, R3b, R6: OOM with the reserve untouched ---- */

/* Blocks fully free on H lists, nothing else free, reclaim without progress. */
static void h_blocks_free(unsigned int n, unsigned long counter, unsigned long reclaimable)
{
	for (unsigned int i = 1; i <= n; i++) {
		setup_pageblock_type(BLOCK(10 * i), MIGRATE_HIGHATOMIC);
		node_free_range(BLOCK(10 * i), BLOCK(10 * i) + 512);
	}
	setup_reserved_highatomic(zone_of(ZONE_NORMAL), counter);
	contig_page_data.reclaim.reclaimable[ZONE_NORMAL] = reclaimable;
	contig_page_data.reclaim.progress = 0;
}

static void request(gfp_t gfp, bool rt, struct scenario_outcome *o)
{
	set_current(1, rt);
	record_alloc(o, __alloc_pages_nodemask(gfp, 0));
}

static void r3_run(const struct hat_variant *v, struct scenario_outcome *o)
{
	if (zone_z(v))
		return;
	h_blocks_free(3, 1536, 60000);
	request(GFP_HIGHUSER_MOVABLE, false, o);
	finish(o, ZONE_NORMAL);
}

static void r3a_run(const struct hat_variant *v, struct scenario_outcome *o)
{
	if (zone_z(v))
		return;
	h_blocks_free(3, 1536, 60000);
	request(GFP_HIGHUSER_MOVABLE, true, o);	/* RT task: ALLOC_HARDER */
	finish(o, ZONE_NORMAL);
}

static void r3b_run(const struct hat_variant *v, struct scenario_outcome *o)
{
	if (zone_z(v))
		return;
	h_blocks_free(3, 512, 60000);		/* counter already drifted low */
	request(GFP_HIGHUSER_MOVABLE, false, o);
	finish(o, ZONE_NORMAL);
}

static void r6_run(const struct hat_variant *v, struct scenario_outcome *o)
{
	if (zone_z(v))
		return;
	h_blocks_free(2, 1024, 0);		/* nothing reclaimable at all */
	request(GFP_KERNEL, false, o);
	finish(o, ZONE_NORMAL);
}

static void oom_expect(struct scenario_outcome *o, bool ok, int loops)
{
	o->alloc = ok;
	o->oom = !ok;
	o->loops = loops;
	o->fired = ok ? 0 : BIT(INV_I6);
}

/*
 * R3: L = 1..15 pass the watermark loop, L = 16 fails it (F - C = 0), so
 * the L > 16 branch is never reached.  v1-3 unreserves at L = 1;
 * ac3f3b0a5518 unreserves on the watermark-loop exit at L = 16.
 */
static void r3_expect(const struct hat_variant *v, struct scenario_outcome *o)
{
	if (has(v, V1_3))
		oom_expect(o, true, 1);
	else
		oom_expect(o, has(v, AC3F3B0A5518), 16);
	o->counter = o->alloc ? 1024 : 1536;
	o->h_blocks = o->alloc ? 2 : 3;
}

/* R3a: ALLOC_HARDER keeps passing until L = 17, where 04c8716f7b00 unreserves. */
static void r3a_expect(const struct hat_variant *v, struct scenario_outcome *o)
{
	if (has(v, V1_3))
		oom_expect(o, true, 1);
	else
		oom_expect(o, has(v, 04C8716F7B00) || has(v, AC3F3B0A5518), 17);
	o->counter = o->alloc ? 1024 : 1536;
	o->h_blocks = o->alloc ? 2 : 3;
}

/*
 * R3b: counter 512 with 3 free H blocks: L = 1..16 pass (1536 - 512 > 512);
 * at L = 17 only a forced, preserve-one-ignoring unreserve (29fac03bef72,
 * reached through 04c8716f7b00 or ac3f3b0a5518) helps.  v1-3 drains all
 * three blocks at L = 16; the clamped decrements are reported.
 */
static void r3b_expect(const struct hat_variant *v, struct scenario_outcome *o)
{
	if (has(v, V1_3)) {
		oom_expect(o, true, 16);
		o->counter = 0;
		o->h_blocks = 0;
		o->fired = BIT(INV_I2_UNDERFLOW);
		return;
	}
	oom_expect(o, has(v, 29FAC03BEF72) &&
		   (has(v, 04C8716F7B00) || has(v, AC3F3B0A5518)), 17);
	o->counter = o->alloc ? 0 : 512;
	o->h_blocks = o->alloc ? 2 : 3;
}

/* R6: R = 0, so the watermark loop fails at L = 1 (1024 - 1024 <= 512). */
static void r6_expect(const struct hat_variant *v, struct scenario_outcome *o)
{
	oom_expect(o, has(v, V1_3) || has(v, AC3F3B0A5518), 1);
	o->counter = o->alloc ? 512 : 1024;
	o->h_blocks = o->alloc ? 1 : 2;
}

/* ---- R4: reserving a block that straddles the zone start (v1-4) ---- */

static void r4_run(const struct hat_variant *v, struct scenario_outcome *o)
{
	struct page *q;

	/* x86 DMA: [1, 4096), 3977 managed: cap 39 + 512 = 551 */
	if (one_zone(v, ZONE_DMA, 1, 4096, 118))
		return;
	node_free_range(1, 512);		/* block 0's in-zone part */
	/* under pressure: the fast path fails, the slow path's HARDER passes */
	setup_watermarks(zone_of(ZONE_DMA), 384, 512, 640);
	set_current(0, false);
	q = __alloc_pages_nodemask(GFP_ATOMIC | GFP_DMA, 1);
	record_alloc(o, q);
	o->loops = -1;
	finish(o, ZONE_DMA);
	if (q && page_to_pfn(q) != 256)
		o->alloc = 0;			/* not the spec's Q = 256-257 */
}

static void r4_expect(const struct hat_variant *v, struct scenario_outcome *o)
{
	bool fixed = has(v, V1_4);

	o->alloc = 1;
	o->oom = 0;
	o->counter = fixed ? 0 : 512;
	o->h_blocks = fixed ? 0 : 1;
	o->fired = fixed ? 0 : BIT(INV_I5_SPAN);
}

/* ---- R5: a zone-end block whose stray H pages unreserve cannot drain ---- */

/* Zone Y [0, 16640): block 32 = [16384, 16896) is half outside. */
static struct page *r5_reserve(const struct hat_variant *v)
{
	struct page *q;

	if (one_zone(v, ZONE_NORMAL, 0, 16640, 0))
		return NULL;
	node_free_range(16384, 16640);
	set_current(0, false);
	q = __alloc_pages_nodemask(GFP_ATOMIC, 1);	/* Q = 16384, reserves block 32 */
	return q;
}

static void r5_run(const struct hat_variant *v, struct scenario_outcome *o)
{
	struct page *q = r5_reserve(v);

	if (!q)
		return;
	__free_pages(q, 1);				/* order-8 buddy at 16384 */
	contig_page_data.reclaim.progress = 0;
	request(GFP_HIGHUSER_MOVABLE, true, o);		/* RT: reaches L = 17 */
	finish(o, ZONE_NORMAL);
}

/*
 * R5: without v1-4 the block is reserved with nothing moved; once Q is
 * freed its 256 pages sit on an H list that unreserve can never drain, so
 * the RT request OOMs at L = 17 whatever unreserve form runs.  Only forms
 * that reach the head (forced 29fac03bef72, or v1-3 at L = 16) take the
 * counter to 0 on the way.
 */
static void r5_expect(const struct hat_variant *v, struct scenario_outcome *o)
{
	if (has(v, V1_4)) {
		oom_expect(o, true, 0);
		o->counter = 0;
		o->h_blocks = 0;
		return;
	}
	if (has(v, V1_3) && (has(v, 04C8716F7B00) || has(v, AC3F3B0A5518))) {
		/*
		 * Mixing the series: v1-3's unreserve counts the head it found
		 * even though nothing moved, and the L > 16 call site of
		 * 04c8716f7b00 / ac3f3b0a5518 turns that into "retry" for
		 * ever: the model stops the livelock, no OOM is declared, and
		 * without v1-2/4855e4a7f29d every round decrements again.
		 */
		bool once = has(v, V1_2) || has(v, 4855E4A7F29D);

		o->alloc = 0;
		o->oom = 0;
		o->counter = 0;
		o->h_blocks = 0;
		o->fired = BIT(INV_I5_SPAN) |
			   (once ? 0 : BIT(INV_I4) | BIT(INV_I1) | BIT(INV_I2_UNDERFLOW));
		return;
	}
	oom_expect(o, false, 17);
	o->fired = BIT(INV_I5_SPAN) | BIT(INV_I6_STRANDED);
	o->counter = has(v, V1_3) ||
		     (has(v, 29FAC03BEF72) && (has(v, 04C8716F7B00) || has(v, AC3F3B0A5518)))
		     ? 0 : 512;
	o->h_blocks = o->counter ? 1 : 0;
}

/* R5b: with more blocks counted, every unreserve finds the same stray head. */
static void r5b_run(const struct hat_variant *v, struct scenario_outcome *o)
{
	struct page *q = r5_reserve(v);
	struct zone *y = zone_of(ZONE_NORMAL);

	if (!q)
		return;
	/* two more reserves happened later (blocks fully allocated) */
	setup_pageblock_type(BLOCK(1), MIGRATE_HIGHATOMIC);
	setup_pageblock_type(BLOCK(2), MIGRATE_HIGHATOMIC);
	setup_reserved_highatomic(y, y->nr_reserved_highatomic + 1024);
	__free_pages(q, 1);
	r2_unreserve_round(1);
	r2_unreserve_round(2);
	finish(o, ZONE_NORMAL);
}

static void r5b_expect(const struct hat_variant *v, struct scenario_outcome *o)
{
	bool once = has(v, V1_2) || has(v, 4855E4A7F29D);

	if (has(v, V1_4)) {
		o->counter = 1024;
		o->h_blocks = 2;
		o->fired = 0;
		return;
	}
	o->counter = once ? 1024 : 512;
	o->h_blocks = 2;
	o->fired = BIT(INV_I5_SPAN) | (once ? 0 : BIT(INV_I4) | BIT(INV_I1));
}

const struct scenario scenarios[] = {
	{ "R1", "steal of an H block via a stale pcp type", INV_I4_RETYPE, r1_run, r1_expect },
	{ "R2", "double decrement via a stale cached H type", INV_I4, r2_run, r2_expect },
	{ "R2o", "double decrement via the __free_pages_ok window", INV_I4, r2o_run, r2_expect },
	{ "R3", "zero-progress OOM, exact counter, non-HARDER", INV_I6, r3_run, r3_expect },
	{ "R3a", "same, ALLOC_HARDER (RT) requester", INV_I6, r3a_run, r3a_expect },
	{ "R3b", "same, counter 512 with 3 free H blocks", INV_I6, r3b_run, r3b_expect },
	{ "R4", "reserve of a zone-start-straddling block", INV_I5_SPAN, r4_run, r4_expect },
	{ "R5", "zone-end block: stray H pages, OOM", INV_I6_STRANDED, r5_run, r5_expect },
	{ "R5b", "zone-end block: repeated decrements", INV_I4, r5b_run, r5b_expect },
	{ "R6", "watermark-exit OOM with R = 0", INV_I6, r6_run, r6_expect },
};

const unsigned int nr_scenarios = sizeof(scenarios) / sizeof(scenarios[0]);

int scenario_run(const struct scenario *s, const struct hat_variant *v,
		 struct scenario_outcome *out)
{
	outcome_init(out);
	s->run(v, out);
	return out->counter < 0 ? -1 : 0;
}

void scenario_cell(const struct scenario *s, const struct scenario_outcome *o,
		   char *buf, size_t len)
{
	char res[24] = "";

	if (o->alloc == 0 && o->oom == 1)
		snprintf(res, sizeof(res), " OOM@%d", o->loops);
	else if (o->alloc == 1 && o->loops >= 0)
		snprintf(res, sizeof(res), " ok@%d", o->loops);
	else if (o->alloc == 0)
		snprintf(res, sizeof(res), " fail");
	snprintf(buf, len, "%s%s C%ld/H%ld",
		 o->fired & BIT(s->bug) ? "BUG" : "ok", res, o->counter, o->h_blocks);
}

bool scenario_matches(const struct scenario_outcome *got,
		      const struct scenario_outcome *exp, char *why, size_t len)
{
	static const char *const names[] = { "alloc", "oom", "loops", "counter", "h_blocks" };
	const long g[] = { got->alloc, got->oom, got->loops, got->counter, got->h_blocks };
	const long e[] = { exp->alloc, exp->oom, exp->loops, exp->counter, exp->h_blocks };

	if (got->fired != exp->fired) {
		int n = snprintf(why, len, "invariants fired:");

		for (int i = 0; i < NR_HAT_INV && n > 0 && (size_t)n < len; i++)
			if ((got->fired ^ exp->fired) & BIT(i))
				n += snprintf(why + n, len - (size_t)n, " %s%s",
					      got->fired & BIT(i) ? "+" : "-",
					      inv_name((enum hat_inv)i));
		return false;
	}
	for (unsigned int i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		if (e[i] != -1 && g[i] != e[i]) {
			snprintf(why, len, "%s: expected %ld, got %ld", names[i], e[i], g[i]);
			return false;
		}
	}
	return true;
}

const struct matrix_column matrix_single[] = {
	{ "v4.8", "v4.8" },
	{ "v4.8+v1-1", "+v1-1" },
	{ "v4.8+v1-2", "+v1-2" },
	{ "v4.8+v1-3", "+v1-3" },
	{ "v4.8+v1-4", "+v1-4" },
	{ "v1", "v1" },
	{ "v4.8+88ed365ea227", "+88ed" },
	{ "v4.8+4855e4a7f29d", "+4855" },
	{ "v4.8+04c8716f7b00", "+04c8" },
	{ "v4.8+29fac03bef72", "+29fa" },
	{ "v4.10", "v4.10" },
	{ "v4.10+ac3f3b0a5518", "+ac3f" },
};
const unsigned int nr_matrix_single = sizeof(matrix_single) / sizeof(matrix_single[0]);

/* Spec §4.2: each series applied cumulatively up to the column. */
const struct matrix_column matrix_cumulative[] = {
	{ "v4.8", "v4.8" },
	{ "v4.8+v1-1", "v1-1" },
	{ "v4.8+v1-1+v1-2", "v1-2" },
	{ "v4.8+v1-1+v1-2+v1-3", "v1-3" },
	{ "v1", "v1-4" },
	{ "v4.8+88ed365ea227", "88ed" },
	{ "v4.8+88ed+4855", "4855" },
	{ "v4.8+88ed+4855+04c8", "04c8" },
	{ "v4.10", "29fa" },
};
const unsigned int nr_matrix_cumulative =
	sizeof(matrix_cumulative) / sizeof(matrix_cumulative[0]);

int print_matrix(FILE *f, const struct matrix_column *cols, unsigned int n)
{
	int mismatches = 0;

	fprintf(f, "%-5s", "");
	for (unsigned int c = 0; c < n; c++)
		fprintf(f, " | %-20s", cols[c].label);
	fprintf(f, "\n");
	for (unsigned int i = 0; i < nr_scenarios; i++) {
		const struct scenario *s = &scenarios[i];

		fprintf(f, "%-5s", s->id);
		for (unsigned int c = 0; c < n; c++) {
			struct scenario_outcome got, exp;
			struct hat_variant v;
			char err[256], cell[40];

			if (variant_parse(cols[c].variant, &v, err, sizeof(err))) {
				fprintf(stderr, "%s\n", err);
				return -1;
			}
			if (scenario_run(s, &v, &got))
				return -1;
			outcome_init(&exp);
			s->expect(&v, &exp);
			scenario_cell(s, &got, cell, sizeof(cell));
			if (!scenario_matches(&got, &exp, err, sizeof(err))) {
				mismatches++;
				cell[sizeof(cell) - 2] = '\0';
				strncat(cell, "!", sizeof(cell) - strlen(cell) - 1);
			}
			fprintf(f, " | %-20s", cell);
		}
		fprintf(f, "\n");
	}
	fprintf(f, "cells: BUG = the scenario's invariant fired; OOM@L / ok@L = request outcome at no_progress_loops L;\n"
		"C = nr_reserved_highatomic, H = HighAtomic blocks; '!' = differs from the expected outcome.\n");
	return mismatches;
}
