// SPDX-License-Identifier: MIT
/*
 * test_oom_cover.c - `hatrace import oom` (import/oom.h) of the cover
 * letter's report (v4.x): parsed, rebuilt, and the reproduction under each
 * variant (v4.8 declares OOM with the DMA32 HighAtomic pages free, v1
 * unreserves and succeeds, v4.10 exits at no_progress_loops 16,
 * ac3f3b0a5518 closes it; with a drifted counter v4.10 reaches its forced
 * unreserve at 17); the checked-in corpus trace.
 *   test_oom_cover SOURCE_ROOT
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */

#include "oom_support.h"

#define CL	"corpus/reports/cover-letter-2016-10-07.txt"

/* Free pages of a zone: buddy lists (the counter with its per-cpu deltas) plus pcp lists. */
static unsigned long zone_free(int z)
{
	unsigned long n = Z(z)->nr_free_pages_snapshot;

	for (unsigned int cpu = 0; cpu < hat_geom.nr_cpus; cpu++)
		n += Z(z)->pcp_count[cpu];
	return n;
}

/* ---- the cover letter (v4.x) ---- */

static void test_cover_letter_parse(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	const struct oom_zone *dma = &r.zones[HAT_ZONE_DMA], *d32 = &r.zones[HAT_ZONE_DMA32];
	const struct op *op;

	oom_options_default(&o);
	import(CL, &o, &r, &t, NULL);
	KT_EQ(r.request_line, 13);
	KT_ASSERT(r.is_oom);
	KT_STREQ(r.comm, "balloon");
	KT_ASSERT(r.has_hex && r.has_names);
	KT_EQ(r.gfp_hex, 0x24280ca);
	KT_STREQ(r.gfp_names, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO");
	KT_EQ(r.order, 0);
	KT_EQ(r.cpu, 1);
	KT_EQ(r.kver_major, 4);
	KT_EQ(r.kver_minor, 8);
	KT_ASSERT(!r.v6_fields);
	KT_EQ(r.swap_free_kb, 8);
	KT_EQ(dma->line, 39);
	KT_EQ(dma->free_kb, 8188);
	KT_EQ(dma->min_kb, 44);
	KT_EQ(dma->present_kb, 15992);
	KT_EQ(dma->managed_kb, 15908);
	KT_EQ(dma->reserved_highatomic_kb, -1);
	KT_EQ(dma->nr_lowmem, 4);
	KT_EQ(dma->lowmem[1], 1952);
	KT_EQ(dma->nr_orders, 11);
	KT_EQ(dma->nr[10], 2);
	KT_EQ(dma->letters[10], 1u << HAT_MT_HIGHATOMIC);
	KT_EQ(d32->line, 41);
	KT_EQ(d32->orders_line, 44);
	KT_EQ(d32->min_kb, 5628);
	KT_EQ(d32->low_kb, 7624);
	KT_EQ(d32->high_kb, 9620);
	KT_EQ(d32->active_anon_kb, 1528148);
	KT_EQ(d32->inactive_file_kb, 420);
	KT_EQ(d32->nr[2], 30);
	KT_EQ(d32->nr[9], 5);
	KT_EQ(d32->total_kb, 19484);
	KT_ASSERT(!r.zones[HAT_ZONE_NORMAL].line);
	KT_EQ(r.nr_notes, 0);

	/* the header: geometry and zones (docs/oom-reports.md "Zones") */
	KT_EQ(t.hdr.geom.pb_order, 9);
	KT_EQ(t.hdr.geom.max_order, 11);
	KT_EQ(t.hdr.geom.nr_cpus, 2);		/* CPU 1 ran the request */
	KT_EQ(t.hdr.geom.zone_start_pfn[HAT_ZONE_DMA], 1);
	KT_EQ(t.hdr.geom.zone_end_pfn[HAT_ZONE_DMA], 4096);	/* the first 16 MiB, holes reserved */
	KT_EQ(t.hdr.geom.reserved_pages[HAT_ZONE_DMA], 4095 - 3977);
	KT_EQ(t.hdr.geom.zone_start_pfn[HAT_ZONE_DMA32], 4096);
	KT_EQ(t.hdr.geom.zone_end_pfn[HAT_ZONE_DMA32], 4096 + 520160);
	KT_EQ(t.hdr.geom.reserved_pages[HAT_ZONE_DMA32], 520160 - 507523);
	KT_EQ(t.hdr.geom.zone_end_pfn[HAT_ZONE_NORMAL], 0);
	KT_ASSERT(t.hdr.has_variant && t.hdr.variant.patches == 0);	/* v4.8 */
	KT_EQ(t.hdr.nr_rules, 0);

	/* the ops */
	op = find_op(&t, OP_WATERMARKS, HAT_ZONE_DMA32);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a, 1407);
	KT_EQ(op->b, 1906);
	KT_EQ(op->c, 2405);
	op = find_op(&t, OP_LOWMEM_RESERVE, HAT_ZONE_DMA);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a, 0);
	KT_EQ(op->b, 1952);
	KT_EQ(op->c, 1952);
	op = find_op(&t, OP_LOWMEM_RESERVE, HAT_ZONE_DMA32);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->b + op->c, 0);
	/* DMA: the two order-10 H buddies at 2-block-aligned pfns, 4 H blocks */
	KT_EQ(count_ops(&t, OP_INIT_BLOCK, HAT_MT_HIGHATOMIC), 4 + 10);
	KT_EQ(count_ops(&t, OP_INIT_BLOCK, -1), 4 + 10);
	KT_EQ(count_ops(&t, OP_INIT_BUDDY, HAT_MT_HIGHATOMIC), count_ops(&t, OP_INIT_BUDDY, -1));
	op = find_op(&t, OP_INIT_BUDDY, -1);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a, 1024);
	KT_EQ(op->order, 10);
	KT_EQ(op[1].a, 2048);
	KT_EQ(op[1].order, 10);
	KT_EQ(op[2].kind, OP_NR_FREE_PAGES);	/* DMA's counter, free: */
	KT_EQ(op[3].kind, OP_WATERMARKS);	/* DMA32 starts */
	/* DMA32: the lowest blocks, the order-9 buddies first */
	op = find_op(&t, OP_WATERMARKS, HAT_ZONE_DMA32);
	KT_EQ(op[2].kind, OP_INIT_BLOCK);
	KT_EQ(op[2].a, 4096);
	KT_EQ(op[11].a, 4096 + 9 * 512);
	KT_EQ(op[12].kind, OP_INIT_BUDDY);
	KT_EQ(op[12].a, 4096);
	KT_EQ(op[12].order, 9);
	op = find_op(&t, OP_INIT_COUNTER, HAT_ZONE_DMA);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a, 2048);		/* exact: pb x 4 H blocks (above the cap: real history) */
	op = find_op(&t, OP_INIT_COUNTER, HAT_ZONE_DMA32);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a, 5120);		/* exact: pb x 10 */
	op = find_op(&t, OP_RECLAIMABLE, HAT_ZONE_DMA);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a, (7648 + 0 + 0 + 4) / 4);
	op = find_op(&t, OP_RECLAIMABLE, HAT_ZONE_DMA32);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a, (1528148 + 426896 + 60 + 420) / 4);	/* swap left: anon counts */
	op = find_op(&t, OP_PROGRESS, -1);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a, 0);
	KT_ASSERT(!(op->flags & OPF_FREED));
	op = &t.ops[t.nr_ops - 1];
	KT_EQ(op->kind, OP_ALLOC);
	KT_EQ(op->cpu, 1);
	KT_EQ(op->order, 0);
	KT_EQ(op->gfp, GFP_HIGHUSER_MOVABLE | __GFP_ZERO);
	KT_EQ(op->flags, OPF_REPORT);		/* not RT, not LRU: the report's request */
	KT_EQ(find_op(&t, OP_NR_FREE_PAGES, HAT_ZONE_DMA)->a, 8188 / 4);	/* free:, not the lists */
	KT_EQ(find_op(&t, OP_NR_FREE_PAGES, HAT_ZONE_DMA32)->a, 19404 / 4);
	trace_free(&t);
}

/* The set state alone prints the report's per-order lines and fires nothing. */
static void test_cover_letter_rebuilt(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	struct exec_result res;
	char *line;

	oom_options_default(&o);
	import(CL, &o, &r, &t, NULL);
	KT_EQ(run_init(&t, &res), 0);
	KT_EQ(res.fired, 0);
	line = orders_line(HAT_ZONE_DMA);
	KT_STREQ(line, "DMA: 0*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 2*4096kB (H) = 8192kB\n");
	free(line);
	line = orders_line(HAT_ZONE_DMA32);
	KT_STREQ(line, "DMA32: 7*4kB (H) 8*8kB (H) 30*16kB (H) 31*32kB (H) 14*64kB (H) 9*128kB (H) 2*256kB (H) 2*512kB (H) 4*1024kB (H) 5*2048kB (H) 0*4096kB = 19484kB\n");
	free(line);
	KT_EQ(Z(HAT_ZONE_DMA32)->blocks[HAT_MT_HIGHATOMIC], 10);
	KT_EQ(Z(HAT_ZONE_DMA)->blocks[HAT_MT_HIGHATOMIC], 4);
	KT_EQ(Z(HAT_ZONE_DMA32)->nr_reserved_highatomic, 5120);
	KT_EQ(Z(HAT_ZONE_DMA)->lowmem_reserve[HAT_ZONE_DMA32], 1952);
	KT_EQ(Z(HAT_ZONE_DMA32)->watermark[0], 1407);
	KT_EQ(Z(HAT_ZONE_DMA32)->managed, 507523);
	KT_EQ(Z(HAT_ZONE_DMA)->managed, 3977);
	KT_EQ(Z(HAT_ZONE_DMA32)->nr_free_pages, 4851);	/* free:19404kB */
	KT_EQ(Z(HAT_ZONE_DMA32)->nr_free_pages_diff, 20);
	trace_free(&t);
}

/*
 * The reproduction (spec §3.0, §2.20; docs/oom-reports.md): with the
 * exact counter C = 5120 > F = 4871, should_reclaim_retry's zone test
 * fails at L = 16 in DMA32 (F - C < min 1407) and in DMA (2048 - 2048 <
 * 11 + 1952), so v4.8 and v4.10 OOM there; v1-3 unreserves at L = 1,
 * ac3f3b0a5518 on the false return at L = 16.
 */
static void test_cover_letter_variants(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	struct exec_result res;

	oom_options_default(&o);
	import(CL, &o, &r, &t, NULL);

	KT_EQ(run(&t, "v4.8", &res), 1);
	KT_EQ(res.fired, 1u << INV_I6);
	KT_EQ(res.stats.ooms, 1);
	KT_EQ(res.stats.alloc_failed, 1);
	KT_ASSERT(last_alloc()->oom);
	KT_EQ(last_alloc()->no_progress_loops, 16);
	KT_EQ(last_alloc()->unreserve_calls, 0);
	KT_EQ(h_free(HAT_ZONE_DMA32), 4871);	/* the DMA32 reserve still free */
	KT_EQ(h_free(HAT_ZONE_DMA), 2048);
	KT_EQ(Z(HAT_ZONE_DMA32)->nr_reserved_highatomic, 5120);

	KT_EQ(res.stats.request, REQUEST_OOM);

	KT_EQ(run(&t, "v1", &res), 0);
	KT_EQ(res.stats.alloc_failed, 0);
	KT_EQ(res.stats.ooms, 0);
	KT_EQ(res.stats.request, REQUEST_SERVED);
	KT_EQ(last_alloc()->no_progress_loops, 1);
	KT_ASSERT(Z(HAT_ZONE_DMA32)->nr_reserved_highatomic < 5120);	/* unreserved */
	KT_EQ(zone_free(HAT_ZONE_DMA32), 4871 - 1);			/* and served from DMA32 */

	KT_EQ(run(&t, "v4.10", &res), 1);
	KT_EQ(res.fired, 1u << INV_I6);
	KT_EQ(last_alloc()->no_progress_loops, 16);	/* the watermark exit */
	KT_EQ(Z(HAT_ZONE_DMA32)->nr_reserved_highatomic, 5120);
	KT_EQ(h_free(HAT_ZONE_DMA32), 4871);

	KT_EQ(run(&t, "v4.10+ac3f3b0a5518", &res), 0);
	KT_EQ(res.stats.alloc_failed, 0);
	KT_EQ(last_alloc()->no_progress_loops, 16);
	KT_EQ(Z(HAT_ZONE_DMA32)->nr_reserved_highatomic, 4608);	/* one block, forced */
	KT_EQ(zone_free(HAT_ZONE_DMA32), 4871 - 1);
	trace_free(&t);
}

/*
 * --reserved-highatomic 512: C = 512 with 10 H blocks in DMA32.  At L = 16
 * F - C = 4359 > 1407 passes; at L = 17 v4.8 gives up (I6) while v4.10's
 * forced unreserve (C -> 0) succeeds.  04c8716f7b00 alone keeps the
 * preserve-one rule: DMA32 (C <= pb) is skipped and a DMA block (C 2048)
 * serves the request.
 */
static void test_cover_letter_drifted(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	struct exec_result res;
	const struct op *op;

	oom_options_default(&o);
	o.reserved_highatomic = 512;
	import(CL, &o, &r, &t, NULL);
	op = find_op(&t, OP_INIT_COUNTER, HAT_ZONE_DMA32);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a, 512);
	op = find_op(&t, OP_INIT_COUNTER, HAT_ZONE_DMA);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a, 2048);		/* --zone defaults to DMA32, the highest with H pages */

	KT_EQ(run(&t, "v4.8", &res), 1);
	KT_EQ(res.fired, 1u << INV_I6);
	KT_EQ(last_alloc()->no_progress_loops, 17);

	KT_EQ(run(&t, "v4.10", &res), 0);
	KT_EQ(res.stats.alloc_failed, 0);
	KT_EQ(last_alloc()->no_progress_loops, 17);	/* forced unreserve */
	KT_EQ(Z(HAT_ZONE_DMA32)->nr_reserved_highatomic, 0);
	KT_EQ(Z(HAT_ZONE_DMA32)->blocks[HAT_MT_HIGHATOMIC], 9);	/* drift stays */
	KT_EQ(zone_free(HAT_ZONE_DMA32), 4871 - 1);

	KT_EQ(run(&t, "v4.8+04c8716f7b00", &res), 0);
	KT_EQ(Z(HAT_ZONE_DMA32)->nr_reserved_highatomic, 512);
	KT_EQ(Z(HAT_ZONE_DMA)->nr_reserved_highatomic, 1536);
	KT_EQ(zone_free(HAT_ZONE_DMA), 2048 - 1);

	KT_EQ(run(&t, "v4.8+29fac03bef72", &res), 1);	/* force, but no caller at L > 16 */
	KT_EQ(res.fired, 1u << INV_I6);
	trace_free(&t);

	/* --zone picks the zone; the other keeps exact accounting */
	o.zone = HAT_ZONE_DMA;
	o.reserved_highatomic = 1024;
	import(CL, &o, &r, &t, NULL);
	KT_EQ(find_op(&t, OP_INIT_COUNTER, HAT_ZONE_DMA)->a, 1024);
	KT_EQ(find_op(&t, OP_INIT_COUNTER, HAT_ZONE_DMA32)->a, 5120);
	trace_free(&t);
}

/* The checked-in corpus trace is what the importer writes (also regenerated by test_oom_cli.sh). */
static void test_corpus_trace(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	char *text, *want;
	size_t len;
	const char *rules[] = { "+v1-3 : pass", "+ac3f3b0a5518 : pass", ": I6" };

	oom_options_default(&o);
	for (size_t i = 0; i < 3; i++)
		KT_REQUIRE(oom_parse_expect(rules[i], &o.rules[o.nr_rules++], err, sizeof(err)) == 0);
	o.source = "cover-letter-2016-10-07.txt";
	o.command = "hatrace import oom cover-letter-2016-10-07.txt --expect '+v1-3 : pass' "
		    "--expect '+ac3f3b0a5518 : pass' --expect ': I6'";
	import(CL, &o, &r, &t, &text);
	want = slurp("corpus/regression/cover-letter-oom.trace", &len);
	KT_STREQ(text, want);
	free(text);
	free(want);
	trace_free(&t);
}

int main(int argc, char **argv)
{
	static void (*const tests[])(void) = {
		test_cover_letter_parse, test_cover_letter_rebuilt, test_cover_letter_variants,
		test_cover_letter_drifted, test_corpus_trace
	};

	return oom_test_main(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
