// SPDX-License-Identifier: MIT
/*
 * test_oom.c - `hatrace import oom` (import/oom.h): the cover letter's
 * report (v4.x) and v6.x excerpts imported and replayed, the cover-letter
 * reproduction under each variant (v4.8 declares OOM with the DMA32
 * HighAtomic pages free, v1 unreserves and succeeds, v4.10 exits at
 * no_progress_loops 16, ac3f3b0a5518 closes it; with a drifted counter
 * v4.10 reaches its forced unreserve at 17), the reconstruction rules, and
 * malformed reports.
 *   test_oom SOURCE_ROOT
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "ktest.h"
#include "oom.h"
#include "model.h"
#include "text.h"

static const char *src;
static char err[2048];

static char *slurp(const char *rel, size_t *len)
{
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", src, rel);
	f = fopen(path, "rb");
	KT_REQUIRE(f != NULL);
	KT_REQUIRE(fseek(f, 0, SEEK_END) == 0);
	n = ftell(f);
	KT_REQUIRE(n >= 0 && fseek(f, 0, SEEK_SET) == 0);
	buf = malloc((size_t)n + 1);
	KT_REQUIRE(buf != NULL);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

#define CL	"corpus/reports/cover-letter-2016-10-07.txt"
#define DATA	"tests/import/data/"

/* Import @rel under @o into @t (parsed back); the report in @r. */
static void import(const char *rel, const struct oom_options *o, struct oom_report *r,
		   struct trace *t, char **textp)
{
	size_t len;
	char *buf = slurp(rel, &len), *text = NULL;
	int rc = oom_import(buf, len, rel, o, r, &text, err, sizeof(err));

	if (!KT_EQ(rc, 0))
		fprintf(stderr, "    %s\n", err);
	KT_REQUIRE(rc == 0 && text);
	trace_init(t, rel);
	rc = trace_parse_text(text, strlen(text), rel, t, err, sizeof(err));
	if (!KT_EQ(rc, 0))
		fprintf(stderr, "    %s\n", err);
	KT_REQUIRE(rc == 0);
	free(buf);
	if (textp)
		*textp = text;
	else
		free(text);
}

/* oom_import() of @text must fail; returns the message. */
static const char *import_fails(const char *text, const struct oom_options *o)
{
	static struct oom_report r;
	char *out = NULL;

	err[0] = '\0';
	KT_EQ(oom_import(text, strlen(text), "r.txt", o, &r, &out, err, sizeof(err)), -1);
	KT_ASSERT(out == NULL);
	free(out);
	return err;
}

static bool has(const char *s, const char *sub)
{
	if (strstr(s, sub))
		return true;
	fprintf(stderr, "    '%s' not in '%s'\n", sub, s);
	return false;
}

/* The first op of @kind (for @zone if >= 0). */
static const struct op *find_op(const struct trace *t, enum op_kind kind, int zone)
{
	for (uint32_t i = 0; i < t->nr_ops; i++)
		if (t->ops[i].kind == kind && (zone < 0 || t->ops[i].zone == zone))
			return &t->ops[i];
	return NULL;
}

static unsigned long count_ops(const struct trace *t, enum op_kind kind, int mt)
{
	unsigned long n = 0;

	for (uint32_t i = 0; i < t->nr_ops; i++)
		n += t->ops[i].kind == kind && (mt < 0 || t->ops[i].mt == mt);
	return n;
}

static int run(const struct trace *t, const char *variant, struct exec_result *r)
{
	struct exec_opts o;

	exec_opts_default(&o, t);
	KT_REQUIRE(variant_parse(variant, &o.variant, err, sizeof(err)) == 0);
	o.keep_going = true;
	return trace_exec(t, &o, r);
}

/* Run the set state only: the ops up to the last init-counter. */
static int run_init(const struct trace *t, struct exec_result *r)
{
	struct trace init = *t;

	while (init.nr_ops && init.ops[init.nr_ops - 1].kind != OP_INIT_COUNTER)
		init.nr_ops--;
	return run(&init, "v4.8", r);
}

/* Zone @z of the node as it is now (a fresh snapshot each call). */
static const struct hat_zone_snapshot *Z(int z)
{
	static struct hat_zone_snapshot zs;

	hat_active->zone_snapshot(z, &zs);
	return &zs;
}

/* What the last allocation did. */
static const struct hat_alloc_report *last_alloc(void)
{
	static struct hat_alloc_report rep;

	hat_active->last_report(&rep);
	return &rep;
}

/* Free pages of a zone: buddy lists (the counter with its per-cpu deltas) plus pcp lists. */
static unsigned long zone_free(int z)
{
	unsigned long n = Z(z)->nr_free_pages_snapshot;

	for (unsigned int cpu = 0; cpu < hat_geom.nr_cpus; cpu++)
		n += Z(z)->pcp_count[cpu];
	return n;
}

static unsigned long h_free(int z)
{
	unsigned long n = 0;

	for (unsigned int o = 0; o < hat_geom.max_order; o++)
		n += Z(z)->free_blocks[o][HAT_MT_HIGHATOMIC] << o;
	return n;
}

/* show_zone_free_areas() of zone @z, malloc()ed. */
static char *orders_line(int z)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	KT_REQUIRE(f != NULL);
	hat_active->show_zone_free_areas(f, z);
	fclose(f);
	return s;
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

/* ---- v6.x excerpts ---- */

/*
 * The ac3f3b0a5518 log (spec §7 item 7), as dmesg wrapped it: 6.x fields,
 * reserved_highatomic:8192KB, "lowmem_reserve[]: 0 32" (Normal, Movable).
 */
static void test_v6_ac3f(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	struct exec_result res;
	const struct oom_zone *n = &r.zones[HAT_ZONE_NORMAL];
	const struct op *op;
	char *line;

	oom_options_default(&o);
	import(DATA "oom-v6-ac3f3b0a5518.txt", &o, &r, &t, NULL);
	KT_EQ(r.kver_major, 6);
	KT_EQ(r.kver_minor, 6);
	KT_ASSERT(r.v6_fields);
	KT_EQ(r.cpu, 2);
	KT_EQ(r.swap_free_kb, 0);
	KT_EQ(n->line, 23);
	KT_EQ(n->orders_line, 29);
	KT_EQ(n->boost_kb, 0);
	KT_EQ(n->high_kb, 1204);			/* from the wrapped continuation */
	KT_EQ(n->reserved_highatomic_kb, 8192);
	KT_EQ(n->present_kb, 70732);
	KT_EQ(n->managed_kb, 49224);
	KT_EQ(n->nr_lowmem, 2);
	KT_EQ(n->lowmem[1], 32);
	KT_EQ(n->nr[0], 508);
	KT_EQ(n->letters[0], 0xfu);			/* UMEH */
	KT_EQ(n->nr[4], 7);
	KT_EQ(n->total_kb, 7752);
	/* 0xcc0 is GFP_KERNEL in 6.x bits, __GFP_REPEAT|__GFP_NOFAIL|... in v4.8's */
	KT_EQ(t.ops[t.nr_ops - 1].gfp, GFP_KERNEL);
	KT_EQ(t.hdr.geom.nr_cpus, 3);
	KT_EQ(t.hdr.geom.zone_start_pfn[HAT_ZONE_NORMAL], 0);	/* the lowest zone */
	KT_EQ(t.hdr.geom.zone_end_pfn[HAT_ZONE_NORMAL], 17683);
	KT_EQ(t.hdr.geom.reserved_pages[HAT_ZONE_NORMAL], 17683 - 12306);
	op = find_op(&t, OP_LOWMEM_RESERVE, HAT_ZONE_NORMAL);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a + op->b + op->c, 0);		/* entry 1 is Movable */
	KT_EQ(find_op(&t, OP_INIT_COUNTER, HAT_ZONE_NORMAL)->a, 2048);	/* from the report */
	KT_EQ(find_op(&t, OP_RECLAIMABLE, HAT_ZONE_NORMAL)->a, 12);	/* no swap: file only */
	/* round-robin: 508 (UMEH) -> 127 each; H gets 127+60*2+35*4+16*8+3*16 */
	KT_EQ(count_ops(&t, OP_INIT_BLOCK, HAT_MT_HIGHATOMIC), 4);	/* 2048 / 512 */

	KT_EQ(run(&t, "v4.8", &res), 0);
	/*
	 * v4.8's order-0 zone_watermark_fast() ignores the reserve (until
	 * f27ce0e14088, v5.9): 1938 free pages pass, and the U lists serve.
	 */
	KT_EQ(res.stats.alloc_failed, 0);
	KT_ASSERT(!last_alloc()->slowpath);
	line = orders_line(HAT_ZONE_NORMAL);
	KT_ASSERT(has(line, "241*8kB (UMEH) 143*16kB (UMEH)"));
	free(line);
	KT_EQ(h_free(HAT_ZONE_NORMAL), 127 + 60 * 2 + 35 * 4 + 16 * 8 + 3 * 16);
	trace_free(&t);

	/* 4 MiB pageblocks, as on that machine: 2 H blocks, one of them without free pages */
	o.pb_order = 10;
	import(DATA "oom-v6-ac3f3b0a5518.txt", &o, &r, &t, NULL);
	KT_EQ(t.hdr.geom.pb_order, 10);
	KT_EQ(count_ops(&t, OP_INIT_BLOCK, HAT_MT_HIGHATOMIC), 2);
	KT_EQ(run(&t, "v4.8", &res), 0);
	KT_EQ(Z(HAT_ZONE_NORMAL)->blocks[HAT_MT_HIGHATOMIC], 2);
	KT_EQ(Z(HAT_ZONE_NORMAL)->nr_reserved_highatomic, 2048);
	trace_free(&t);

	/* reserved_highatomic: is not a whole number of 8 MiB blocks */
	o.pb_order = 10;
	{
		size_t len;
		char *buf = slurp(DATA "oom-v6-ac3f3b0a5518.txt", &len), *p;

		p = strstr(buf, "reserved_highatomic:8192KB");
		KT_REQUIRE(p != NULL);
		memcpy(p, "reserved_highatomic:6144KB", 26);
		KT_ASSERT(has(import_fails(buf, &o), "r.txt:23: zone Normal: reserved_highatomic:6144KB is not a whole number of 1024-page pageblocks"));
		free(buf);
	}
}

/*
 * A 6.1 report whose DMA32 free: (NR_FREE_PAGES, 378 pages) is below min
 * (413) while its per-order lines hold 423 pages: per-cpu vmstat drift.
 * The kernel's watermark checks read the counter and OOM-killed; so must
 * the model (DMA fails too: 164 <= 9 + lowmem_reserve 203).  With the
 * lists as the counter it served the request from DMA32.
 */
static void test_v61_counter_drift(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	struct exec_result res;
	const struct oom_zone *d32 = &r.zones[HAT_ZONE_DMA32];
	const struct op *op;
	const char *presets[] = { "v4.8", "v1", "v4.10", "v4.10+ac3f3b0a5518" };
	unsigned int drift_notes = 0;

	oom_options_default(&o);
	import(DATA "oom-v6.1-counter-drift.txt", &o, &r, &t, NULL);
	KT_EQ(r.kver_major, 6);
	KT_EQ(r.kver_minor, 1);
	KT_EQ(d32->free_kb, 1512);
	KT_EQ(d32->total_kb, 1692);
	KT_EQ(d32->nr_lowmem, 5);
	for (unsigned int i = 0; i < r.nr_notes; i++)
		drift_notes += r.note_line[i] == d32->line &&
			       strstr(r.notes[i], "free:1512kB (NR_FREE_PAGES, what the watermark checks read) is at or below min:1652kB, the free lists' 1692kB are above") != NULL;
	KT_EQ(drift_notes, 1);
	op = find_op(&t, OP_NR_FREE_PAGES, HAT_ZONE_DMA32);
	KT_REQUIRE(op != NULL);
	KT_EQ(op->a, 378);
	KT_EQ(find_op(&t, OP_NR_FREE_PAGES, HAT_ZONE_DMA)->a, 164);
	op = &t.ops[t.nr_ops - 1];
	KT_EQ(op->kind, OP_ALLOC);
	KT_EQ(op->flags, OPF_REPORT);
	KT_EQ(op->gfp, GFP_HIGHUSER_MOVABLE | __GFP_COMP);
	/* the set state: the lists are the report's, the counter is free: */
	KT_EQ(run_init(&t, &res), 0);
	KT_EQ(Z(HAT_ZONE_DMA32)->nr_free_pages, 378);
	KT_EQ(Z(HAT_ZONE_DMA32)->nr_free_pages_snapshot, 423);
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		KT_EQ(run(&t, presets[i], &res), 0);
		KT_EQ(res.stats.request, REQUEST_OOM);
		KT_EQ(res.stats.alloc_failed, 1);
		/* should_reclaim_retry() reads the snapshot (423 > 413): retries to L > 16 */
		KT_EQ(res.stats.request_loops, 17);
		KT_EQ(Z(HAT_ZONE_DMA32)->nr_free_pages, 378);
	}
	trace_free(&t);
}

/* Node prefixes, printk caller ids, free_highatomic:, a Movable zone skipped. */
static void test_v6_numa(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	struct exec_result res;
	const struct hat_geometry *g = &t.hdr.geom;
	const struct op *op;
	unsigned int movable = 0, fh = 0;

	oom_options_default(&o);
	import(DATA "oom-v6-numa-alloc-failure.txt", &o, &r, &t, NULL);
	KT_ASSERT(!r.is_oom);
	KT_STREQ(r.comm, "stress-ng-vm");
	KT_EQ(r.order, 4);
	KT_EQ(r.cpu, 5);
	KT_EQ(r.kver_major, 6);
	KT_EQ(r.kver_minor, 12);
	KT_EQ(r.swap_free_kb, 1024);
	for (unsigned int i = 0; i < r.nr_notes; i++) {
		movable += strstr(r.notes[i], "Movable") != NULL;
		fh += strstr(r.notes[i], "free_highatomic:2048KB") != NULL;
	}
	KT_EQ(movable, 2);	/* its zone line and its per-order line */
	KT_EQ(fh, 1);		/* Normal: the letter rule put 1104kB on H lists */
	KT_EQ(t.ops[t.nr_ops - 1].gfp, GFP_KERNEL | __GFP_COMP | __GFP_ZERO);
	KT_EQ(t.ops[t.nr_ops - 1].order, 4);
	KT_EQ(g->nr_cpus, 6);
	KT_EQ(g->zone_start_pfn[HAT_ZONE_DMA], 1);
	KT_EQ(g->zone_end_pfn[HAT_ZONE_DMA], 4096);
	KT_EQ(g->zone_start_pfn[HAT_ZONE_DMA32], 4096);
	KT_EQ(g->zone_end_pfn[HAT_ZONE_DMA32], 4096 + 258016);
	KT_EQ(g->zone_start_pfn[HAT_ZONE_NORMAL], 262144);	/* MAX_ORDER-aligned after DMA32 */
	op = find_op(&t, OP_LOWMEM_RESERVE, HAT_ZONE_DMA);
	KT_EQ(op->b, 1000);
	KT_EQ(op->c, 2000);
	op = find_op(&t, OP_LOWMEM_RESERVE, HAT_ZONE_DMA32);
	KT_EQ(op->c, 1000);
	KT_EQ(find_op(&t, OP_INIT_COUNTER, HAT_ZONE_DMA)->a, 0);
	KT_EQ(find_op(&t, OP_INIT_COUNTER, HAT_ZONE_DMA32)->a, 1024);
	KT_EQ(find_op(&t, OP_INIT_COUNTER, HAT_ZONE_NORMAL)->a, 512);
	/* DMA's three order-10 buddies fit below 16 MiB; its U pages use block 0's in-zone part */
	op = find_op(&t, OP_INIT_BLOCK, -1);
	KT_EQ(op->a, 1);
	KT_EQ(op->mt, HAT_MT_UNMOVABLE);
	KT_REQUIRE(run(&t, "v4.8", &res) != 2);
	KT_ASSERT(!last_alloc()->oom);	/* costly order: no OOM kill */
	trace_free(&t);
}

/* ---- v4.x: syslog prefixes, NUMA, an allocation failure ---- */

static void test_v4_syslog(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	struct exec_result res;

	oom_options_default(&o);
	import(DATA "oom-v4-syslog-alloc-failure.txt", &o, &r, &t, NULL);
	KT_EQ(r.request_line, 2);
	KT_STREQ(r.comm, "kswapd0");
	KT_ASSERT(!r.is_oom);
	KT_EQ(r.order, 2);
	KT_EQ(r.kver_minor, 9);
	KT_EQ(r.cpu, 3);
	KT_EQ(t.ops[t.nr_ops - 1].gfp, GFP_ATOMIC | __GFP_COMP | __GFP_ZERO);	/* hex 0x208c020 */
	KT_EQ(t.hdr.geom.zone_start_pfn[HAT_ZONE_DMA32], 0);
	KT_EQ(t.hdr.geom.zone_start_pfn[HAT_ZONE_NORMAL], 258048);
	KT_EQ(find_op(&t, OP_LOWMEM_RESERVE, HAT_ZONE_DMA32)->c, 995);
	KT_EQ(find_op(&t, OP_INIT_COUNTER, HAT_ZONE_DMA32)->a, 1024);	/* exact: 2 H blocks */
	KT_EQ(find_op(&t, OP_INIT_COUNTER, HAT_ZONE_NORMAL)->a, 512);
	KT_EQ(find_op(&t, OP_RECLAIMABLE, HAT_ZONE_NORMAL)->a, (240880 + 220440) / 4);	/* no swap */
	KT_EQ(run(&t, "v4.8", &res), 0);	/* GFP_ATOMIC order 2: the H lists serve it */
	KT_EQ(res.stats.alloc_failed, 0);
	trace_free(&t);
}

/* ---- files holding several reports, and a show_mem (sysrq-m) alone ---- */

/* oom_import() of @buf as report @which into @t (parsed back); the report in @r. */
static void import_buf(const char *buf, size_t len, unsigned int which, struct oom_report *r,
		       struct trace *t)
{
	struct oom_options o;
	char *text = NULL;
	int rc;

	oom_options_default(&o);
	o.report = which;
	rc = oom_import(buf, len, "d.txt", &o, r, &text, err, sizeof(err));
	if (!KT_EQ(rc, 0))
		fprintf(stderr, "    %s\n", err);
	KT_REQUIRE(rc == 0 && text);
	trace_init(t, "d.txt");
	KT_REQUIRE(trace_parse_text(text, strlen(text), "d.txt", t, err, sizeof(err)) == 0);
	free(text);
}

static bool has_note(const struct oom_report *r, uint32_t line, const char *sub)
{
	for (unsigned int i = 0; i < r->nr_notes; i++)
		if (r->note_line[i] == line && strstr(r->notes[i], sub))
			return true;
	fprintf(stderr, "    no note at line %u with '%s'\n", line, sub);
	return false;
}

/*
 * A saved dmesg: the 6.1 OOM report, then a sysrq-m show_mem after the
 * kill (the file was refused before: "a second DMA zone line").  The
 * first report is imported by default, the show_mem with --report 2, as
 * the zone state without a request.
 */
static void test_dmesg_oom_then_sysrq(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	struct exec_result res;
	size_t len;
	char *buf = slurp(DATA "dmesg-v6.1-oom-then-sysrq-m.txt", &len);

	import_buf(buf, len, 0, &r, &t);
	KT_EQ(r.nr_reports, 2);
	KT_EQ(r.report, 1);
	KT_EQ(r.request_line, 4);
	KT_EQ(r.zones[HAT_ZONE_DMA32].free_kb, 1512);
	KT_ASSERT(has_note(&r, 4, "2 reports in the file: line 4 (OOM kill), line 61 (show_mem); report 1 imported"));
	KT_EQ(find_op(&t, OP_NR_FREE_PAGES, HAT_ZONE_DMA32)->a, 378);
	KT_EQ(run(&t, "v4.8", &res), 0);
	KT_EQ(res.stats.request, REQUEST_OOM);
	trace_free(&t);

	import_buf(buf, len, 2, &r, &t);
	KT_EQ(r.report, 2);
	KT_EQ(r.report_line, 61);
	KT_EQ(r.request_line, 0);
	KT_EQ(r.zones[HAT_ZONE_DMA32].line, 74);
	KT_EQ(r.zones[HAT_ZONE_DMA32].free_kb, 155368);
	KT_EQ(count_ops(&t, OP_ALLOC, -1), 0);	/* no request */
	KT_EQ(find_op(&t, OP_NR_FREE_PAGES, HAT_ZONE_DMA32)->a, 155368 / 4);
	KT_EQ(find_op(&t, OP_INIT_COUNTER, HAT_ZONE_DMA32)->a, 512);	/* reserved_highatomic: */
	KT_EQ(run(&t, "v4.8", &res), 0);
	KT_EQ(res.stats.request, REQUEST_NONE);
	KT_EQ(h_free(HAT_ZONE_DMA32), 103);
	trace_free(&t);

	oom_options_default(&o);
	o.report = 3;
	KT_ASSERT(has(import_fails(buf, &o), "r.txt: --report 3: the file holds 2 reports: line 4 (OOM kill), line 61 (show_mem)"));
	free(buf);
}

/* Two OOM reports of a 4.9 machine, 26 s apart: --report picks one. */
static void test_dmesg_two_reports(void)
{
	struct oom_report r;
	struct trace t;
	size_t len;
	char *buf = slurp(DATA "dmesg-v4.9-two-reports.txt", &len);

	import_buf(buf, len, 0, &r, &t);
	KT_EQ(r.nr_reports, 2);
	KT_STREQ(r.comm, "mysqld");
	KT_EQ(r.cpu, 0);
	KT_EQ(r.zones[HAT_ZONE_DMA32].free_kb, 3628);
	KT_EQ(r.zones[HAT_ZONE_DMA32].total_kb, 3636);
	KT_ASSERT(has_note(&r, 1, "2 reports in the file: line 1 (OOM kill), line 51 (OOM kill); report 1 imported"));
	trace_free(&t);
	import_buf(buf, len, 2, &r, &t);
	KT_EQ(r.request_line, 51);
	KT_STREQ(r.comm, "apache2");
	KT_EQ(r.cpu, 1);
	KT_EQ(r.zones[HAT_ZONE_DMA32].line, 79);
	KT_EQ(r.zones[HAT_ZONE_DMA32].free_kb, 3596);
	KT_EQ(r.zones[HAT_ZONE_DMA32].total_kb, 3588);
	KT_EQ(r.swap_free_kb, 0);
	KT_EQ(t.ops[t.nr_ops - 1].cpu, 1);
	trace_free(&t);
	free(buf);
}

/*
 * A show_mem alone imports as the zone state; before an OOM report it is
 * report 1, but the default is the first report with a request.
 */
static void test_show_mem(void)
{
	struct oom_report r;
	struct trace t;
	struct exec_result res;
	size_t l1, l2;
	char *sysrq = slurp(DATA "sysrq-m-v6.1.txt", &l1);
	char *oom = slurp(DATA "oom-v6.1-counter-drift.txt", &l2);
	char *both = malloc(l1 + l2);

	import_buf(sysrq, l1, 0, &r, &t);
	KT_EQ(r.nr_reports, 1);
	KT_EQ(r.nr_notes, 0);
	KT_EQ(r.request_line, 0);
	KT_EQ(r.report_line, 1);
	KT_EQ(count_ops(&t, OP_ALLOC, -1), 0);
	KT_EQ(t.hdr.geom.nr_cpus, 2);
	KT_EQ(run(&t, "v1", &res), 0);
	KT_EQ(Z(HAT_ZONE_DMA)->nr_free_pages, 13716 / 4);
	trace_free(&t);

	KT_REQUIRE(both != NULL);
	memcpy(both, sysrq, l1);
	memcpy(both + l1, oom, l2);
	import_buf(both, l1 + l2, 0, &r, &t);
	KT_EQ(r.nr_reports, 2);
	KT_EQ(r.report, 2);
	KT_EQ(r.request_line, 27 + 1);	/* after the show_mem's 27 lines */
	KT_EQ(t.ops[t.nr_ops - 1].flags, OPF_REPORT);
	trace_free(&t);
	free(both);
	free(sysrq);
	free(oom);
}

/* ---- malformed reports ---- */

static void test_malformed_files(void)
{
	struct oom_options o;
	struct oom_report r;
	size_t len;
	char *buf, *text = NULL;

	oom_options_default(&o);
	buf = slurp(DATA "oom-missing-request.txt", &len);	/* a show_mem: the zone state */
	KT_EQ(oom_import(buf, len, "m.txt", &o, &r, &text, err, sizeof(err)), 0);
	KT_EQ(r.request_line, 0);
	KT_EQ(r.report_line, 2);	/* Mem-Info: */
	KT_ASSERT(has(text, "# No request, line 2: a show_mem (sysrq-m): the zone state only."));
	KT_ASSERT(!strstr(text, "\nalloc "));
	free(text);
	text = NULL;
	free(buf);
	buf = slurp(DATA "oom-bad-order-line.txt", &len);
	KT_EQ(oom_import(buf, len, "b.txt", &o, &r, &text, err, sizeof(err)), -1);
	KT_ASSERT(has(err, "b.txt:8: DMA32: bad per-order entry for order 3"));
	free(buf);
	buf = slurp(DATA "oom-bad-total.txt", &len);
	KT_EQ(oom_import(buf, len, "t.txt", &o, &r, &text, err, sizeof(err)), -1);
	KT_ASSERT(has(err, "t.txt:8: DMA32: per-order line: the entries add up to 2796kB but the line says = 2800kB (inconsistent totals)"));
	free(buf);
	KT_ASSERT(text == NULL);
}

#define REQ	"x invoked oom-killer: gfp_mask=0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD), order=0, oom_score_adj=0\n"
#define ZL	"Normal free:8kB min:4kB low:8kB high:12kB present:8192kB managed:8000kB\n"
#define LR	"lowmem_reserve[]: 0 0 0 0\n"
#define PO(s)	"Normal: " s "\n"
#define TAIL	"0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 8kB"

static void test_malformed_lines(void)
{
	struct oom_options o;

	oom_options_default(&o);
	KT_ASSERT(has(import_fails(REQ "Normal free:8kB min:4kB low:8kB high:12kB present:8192kB managed:9000kB\n" LR
				   PO("2*4kB (M) " TAIL), &o), "r.txt:2: zone Normal: managed:9000kB exceeds present:8192kB"));
	KT_ASSERT(has(import_fails(REQ ZL LR PO("2*4kB (UMH) " TAIL), &o), "r.txt:4: Normal: order 0: 3 types named for 2 buddies"));
	KT_ASSERT(has(import_fails(REQ ZL LR PO("2*4kB (R) " TAIL), &o), "r.txt:4: Normal: order 0: type letter 'R' (MIGRATE_RESERVE) is from a pre-4.4 kernel"));
	KT_ASSERT(has(import_fails(REQ ZL LR PO("2*4kB (X) " TAIL), &o), "unknown type letter 'X'"));
	KT_ASSERT(has(import_fails(REQ ZL LR PO("2*4kB " TAIL), &o), "order 0: 2 free buddies without type letters"));
	KT_ASSERT(has(import_fails(REQ ZL LR PO("0*4kB (M) 0*8kB = 0kB"), &o), "order 0: type letters for an empty order"));
	KT_ASSERT(has(import_fails(REQ ZL LR PO("2*4kB (M) 0*16kB = 8kB"), &o), "order 1 has size 16kB, expected 8kB"));
	KT_ASSERT(has(import_fails(REQ ZL LR PO("2*64kB (M) = 128kB"), &o), "only 4 KiB pages are modelled"));
	KT_ASSERT(has(import_fails(REQ ZL LR PO("2*4kB (M) 0*8kB"), &o), "r.txt:4: Normal: per-order line does not end with '= TOTALkB'"));
	KT_ASSERT(has(import_fails(REQ ZL LR PO("2*4kB (M) 0*8kB = 8kB junk"), &o), "unexpected text after the total"));
	KT_ASSERT(has(import_fails(REQ "Normal free:8kB min:4kB low:8kB high:12kB present:8192kB\n" LR PO("2*4kB (M) " TAIL), &o),
		      "r.txt:2: zone Normal: the zone line has no 'managed:' field"));
	KT_ASSERT(has(import_fails(REQ PO("2*4kB (M) " TAIL), &o), "r.txt:2: per-order line of Normal without its zone line"));
	/* fuzz_import_oom: a free: beyond every count the trace can set was an internal error */
	KT_ASSERT(has(import_fails(REQ "Normal free:8796093022208kB min:4kB low:8kB high:12kB present:8192kB managed:8000kB\n" LR
				   PO("2*4kB (M) " TAIL), &o), "r.txt:2: zone Normal: free:8796093022208kB exceeds present:8192kB"));
	KT_ASSERT(has(import_fails(REQ "Normal free:8kB min:8796093022208kB low:8kB high:12kB present:8192kB managed:8000kB\n" LR
				   PO("2*4kB (M) " TAIL), &o), "r.txt:2: zone Normal: min:8796093022208kB exceeds present:8192kB"));
	KT_ASSERT(has(import_fails(REQ "Normal free:8kB min:4kB low:8kB high:12kB present:8192kB managed:8000kB active_anon:8796093022208kB\n" LR
				   PO("2*4kB (M) " TAIL), &o), "r.txt:2: zone Normal: active_anon:8796093022208kB exceeds present:8192kB"));
	KT_ASSERT(has(import_fails(REQ "Normal free:8kB min:4kB low:8kB high:12kB present:8192kB managed:8192kB reserved_highatomic:8796093022208KB\n" LR
				   PO("2*4kB (M) " TAIL), &o), "r.txt:2: zone Normal: reserved_highatomic:8796093022208kB exceeds present:8192kB"));
	KT_ASSERT(has(import_fails(REQ ZL LR, &o), "r.txt:2: zone Normal has no per-order line"));
	KT_ASSERT(has(import_fails(REQ LR ZL, &o), "r.txt:2: lowmem_reserve[] line without a zone line"));
	KT_ASSERT(has(import_fails(REQ ZL LR ZL, &o), "r.txt:4: a second Normal zone line (the first is at line 2)"));
	KT_ASSERT(has(import_fails(REQ "lowmem_reserve[]: 0 x\n", &o), "r.txt:2: "));
	KT_ASSERT(has(import_fails(REQ, &o), "end of report: no zone of the model"));
	KT_ASSERT(has(import_fails("CPU: 0 PID: 1 Comm: x Not tainted 4.8.0 #1\nno report\n", &o),
		      "r.txt:2: end of file: no report: no 'COMM invoked"));
	KT_ASSERT(has(import_fails("", &o), "r.txt: end of file: no report"));
	KT_ASSERT(has(import_fails("x invoked oom-killer: order=0\n", &o), "r.txt:1: 'invoked oom-killer' line without 'gfp_mask='"));
	KT_ASSERT(has(import_fails("x invoked oom-killer: gfp_mask=0x24201ca, oom_score_adj=0\n", &o), "r.txt:1: no 'order=' on the request line"));
	/* gfp: a later kernel's hex needs its names; names must be known */
	KT_ASSERT(has(import_fails("x invoked oom-killer: gfp_mask=0xcc0, order=0\n"
				   "CPU: 0 PID: 1 Comm: x Not tainted 6.1.0 #1\n" ZL LR PO("2*4kB (M) " TAIL), &o),
		      "r.txt:1: gfp mask 0xcc0 of a later kernel (bits renumbered since v4.10) without its symbolic names"));
	KT_ASSERT(has(import_fails("x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL|__GFP_BOGUS), order=0\n"
				   "CPU: 0 PID: 1 Comm: x Not tainted 6.1.0 #1\n" ZL LR PO("2*4kB (M) " TAIL), &o),
		      "unknown gfp flag(s) __GFP_BOGUS"));
	/* both mobility bits: migratetype 3, a warning (the hex mask, or 6.x names) */
	{
		static const char *const req[] = {
			"x invoked oom-killer: gfp_mask=0x24201da(GFP_HIGHUSER_MOVABLE|__GFP_RECLAIMABLE|__GFP_COLD), order=0\n",
			"x invoked oom-killer: gfp_mask=0x140cda(GFP_HIGHUSER_MOVABLE|__GFP_RECLAIMABLE|__GFP_COMP), order=0\n"
			"CPU: 0 PID: 1 Comm: x Not tainted 6.1.0 #1\n",
		};
		struct oom_report r;
		char text[1024], *out = NULL;

		for (size_t i = 0; i < 2; i++) {
			snprintf(text, sizeof(text), "%s" ZL LR PO("2*4kB (M) " TAIL), req[i]);
			KT_EQ(oom_import(text, strlen(text), "r.txt", &o, &r, &out, err,
					 sizeof(err)), 0);
			KT_REQUIRE(out != NULL);
			KT_ASSERT(has(out, "# warning: line 1: the gfp mask has both __GFP_MOVABLE and __GFP_RECLAIMABLE: gfpflags_to_migratetype() makes it 3, MIGRATE_HIGHATOMIC"));
			KT_ASSERT(has(out, "gfp=GFP_HIGHUSER_MOVABLE|__GFP_RECLAIMABLE"));
			free(out);
			out = NULL;
		}
		snprintf(text, sizeof(text), "%s" ZL LR PO("2*4kB (M) " TAIL), REQ);
		KT_EQ(oom_import(text, strlen(text), "r.txt", &o, &r, &out, err, sizeof(err)), 0);
		KT_ASSERT(!strstr(out, "MIGRATE_HIGHATOMIC"));
		free(out);
	}
	/* options */
	o.reserved_highatomic = 100;
	KT_ASSERT(has(import_fails(REQ ZL LR PO("2*4kB (M) " TAIL), &o), "--reserved-highatomic 100 is not a multiple of pageblock_nr_pages (512)"));
	o.reserved_highatomic = -1;
	o.zone = HAT_ZONE_DMA;
	KT_ASSERT(has(import_fails(REQ ZL LR PO("2*4kB (M) " TAIL), &o), "--zone DMA: the report has no such zone"));
	o.zone = -1;
	/* more than the zone can hold */
	KT_ASSERT(has(import_fails(REQ "Normal free:8kB min:4kB low:8kB high:12kB present:4000kB managed:3900kB\n" LR
				   PO("0*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 1*4096kB (M) = 4096kB"), &o),
		      "zone Normal: no room for free buddy 1 of 1 of order 10 (Movable)"));
}

/* What the parser tolerates: prefixes, wrapping, several reports, later names. */
static void test_tolerated(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	char *text = NULL;
	const char *rep =
		"<4>[ 1.000000][  T99] " REQ
		"Oct  7 01:45:49 host kernel: [ 1.000001] CPU: 9 PID: 1 Comm: x Not tainted 4.8.0 #1\n"
		"[ 1.000002] Normal free:8kB min:4kB low:8kB\n"
		"high:12kB present:8192kB\n"
		"managed:8000kB active_file:400kB\n"
		"[ 1.000003] lowmem_reserve[]: 0 0 0 0\n"
		"[ 1.000004] Normal: 1*4kB (M) 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB\n"
		"0*256kB 0*512kB 0*1024kB (\n"		/* garbage continuation: not an entry */
		"0*2048kB 0*4096kB = 4kB\n"
		"Free swap  = 0kB\n"
		"[ 2.0] y invoked oom-killer: gfp_mask=0x0, order=3\n"
		"Normal free:0kB\n";
	oom_options_default(&o);
	/* the "(" line is taken as a continuation, and is then a bad entry */
	KT_ASSERT(has(import_fails(rep, &o), "r.txt:7: Normal: order 8: unknown type letter ' '"));
	rep =
		"<4>[ 1.000000][  T99] " REQ
		"Oct  7 01:45:49 host kernel: [ 1.000001] CPU: 9 PID: 1 Comm: x Not tainted 4.8.0 #1\n"
		"[ 1.000002] Normal free:4kB min:4kB low:8kB\n"
		"high:12kB present:8192kB\n"
		"managed:8000kB active_file:400kB\n"
		"[ 1.000003] lowmem_reserve[]: 0 0 0 0\n"
		"[ 1.000004] Normal: 1*4kB (M) 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB\n"
		"0*256kB 0*512kB 0*1024kB\n"
		"0*2048kB 0*4096kB = 4kB\n"
		"Free swap  = 0kB\n"
		"[ 2.0] y invoked oom-killer: gfp_mask=0x0, order=3\n"
		"Normal free:0kB\n";
	KT_EQ(oom_import(rep, strlen(rep), "r.txt", &o, &r, &text, err, sizeof(err)), 0);
	KT_STREQ(r.comm, "x");
	KT_EQ(r.cpu, 9);
	KT_EQ(r.zones[HAT_ZONE_NORMAL].managed_kb, 8000);
	KT_EQ(r.zones[HAT_ZONE_NORMAL].total_kb, 4);
	KT_EQ(r.nr_notes, 1);
	KT_EQ(r.note_line[0], 1);
	KT_ASSERT(has(r.notes[0], "2 reports in the file: line 1 (OOM kill), line 11 (OOM kill); report 1 imported"));
	KT_ASSERT(has(text, "# warning: line 1: 2 reports in the file"));
	trace_init(&t, "r");
	KT_EQ(trace_parse_text(text, strlen(text), "r", &t, err, sizeof(err)), 0);
	KT_EQ(t.hdr.geom.nr_cpus, 10);
	KT_EQ(t.ops[t.nr_ops - 1].cpu, 9);
	KT_EQ(find_op(&t, OP_RECLAIMABLE, HAT_ZONE_NORMAL)->a, 100);
	trace_free(&t);
	free(text);
	/* the second report is cut short: its errors are its own */
	o.report = 2;
	KT_ASSERT(has(import_fails(rep, &o), "r.txt:12: zone Normal has no per-order line"));
}

static void test_letters_and_names(void)
{
	struct oom_options o;
	struct oom_report r;
	struct trace t;
	struct exec_result res;
	char *text = NULL, *line;
	gfp_t gfp;
	char unknown[64], ignored[64], nearest[64];
	/* 7 buddies over U M E H: 2 2 2 1; 3 over M C I: 1 each */
	const char *rep = REQ
		"Normal free:60kB min:4kB low:8kB high:12kB present:16384kB managed:16000kB\n" LR
		"Normal: 7*4kB (UMEH) 3*8kB (MCI) 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 52kB\n";

	oom_options_default(&o);
	KT_EQ(oom_import(rep, strlen(rep), "r.txt", &o, &r, &text, err, sizeof(err)), 0);
	trace_init(&t, "r");
	KT_REQUIRE(trace_parse_text(text, strlen(text), "r", &t, err, sizeof(err)) == 0);
	KT_EQ(count_ops(&t, OP_INIT_BUDDY, HAT_MT_UNMOVABLE), 2);
	KT_EQ(count_ops(&t, OP_INIT_BUDDY, HAT_MT_RECLAIMABLE), 2);
	KT_EQ(count_ops(&t, OP_INIT_BUDDY, HAT_MT_HIGHATOMIC), 1);
	KT_EQ(count_ops(&t, OP_INIT_BUDDY, HAT_MT_CMA), 1);
	KT_EQ(count_ops(&t, OP_INIT_BUDDY, HAT_MT_MOVABLE), 4);	/* 2 + 1 + the Isolate one */
	KT_EQ(count_ops(&t, OP_ISOLATE, -1), 1);
	KT_EQ(count_ops(&t, OP_INIT_BLOCK, HAT_MT_CMA), 1);
	KT_EQ(run_init(&t, &res), 0);
	line = orders_line(HAT_ZONE_NORMAL);
	KT_STREQ(line, "Normal: 7*4kB (UMEH) 3*8kB (MCI) 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 52kB\n");
	free(line);
	trace_free(&t);
	free(text);

	KT_EQ(oom_gfp_from_names("GFP_KERNEL|__GFP_NOLOCKDEP|0x1000000|__GFP_RETRY_MAYFAIL", &gfp,
				 unknown, sizeof(unknown), ignored, sizeof(ignored), nearest,
				 sizeof(nearest)), 0);
	KT_EQ(gfp, GFP_KERNEL | __GFP_REPEAT);
	KT_STREQ(ignored, "__GFP_NOLOCKDEP 0x1000000");
	KT_STREQ(nearest, "__GFP_RETRY_MAYFAIL");
	KT_EQ(oom_gfp_from_names("GFP_ATOMIC|__GFP_NOPE", &gfp, unknown, sizeof(unknown), ignored,
				 sizeof(ignored), nearest, sizeof(nearest)), -1);
	KT_STREQ(unknown, "__GFP_NOPE");
	KT_EQ(oom_gfp_from_names("GFP_ATOMIC", &gfp, unknown, sizeof(unknown), ignored,
				 sizeof(ignored), nearest, sizeof(nearest)), 0);
	KT_EQ(gfp, GFP_ATOMIC);		/* 6.3+ GFP_ATOMIC has no __GFP_ATOMIC: the meaning is kept */
}

static void test_expect_rules(void)
{
	struct expect_rule e;

	KT_EQ(oom_parse_expect("+v1-3 -ac3f : I6 I1", &e, err, sizeof(err)), 0);
	KT_EQ(e.have, 1ULL << era_patch_lookup(1, "v1-3", 4));
	KT_EQ(e.lack, 1ULL << era_patch_lookup(1, "ac3f3b0a5518", 12));
	KT_EQ(e.fired, HAT_INV_BIT(INV_I1) | HAT_INV_BIT(INV_I6));
	KT_EQ(oom_parse_expect(": pass", &e, err, sizeof(err)), 0);
	KT_EQ(e.have | e.lack | e.fired, 0);
	KT_EQ(oom_parse_expect("+v1-3 pass", &e, err, sizeof(err)), -1);
	KT_ASSERT(has(err, "expect rule '+v1-3 pass': "));
	KT_EQ(oom_parse_expect(": I99", &e, err, sizeof(err)), -1);
	KT_EQ(oom_parse_expect(": pass\nzone DMA 0 1", &e, err, sizeof(err)), -1);
	KT_EQ(oom_parse_expect(": pass # c", &e, err, sizeof(err)), -1);
}

int main(int argc, char **argv)
{
	KT_REQUIRE(argc == 2);
	src = argv[1];
	test_cover_letter_parse();
	test_cover_letter_rebuilt();
	test_cover_letter_variants();
	test_cover_letter_drifted();
	test_corpus_trace();
	test_v6_ac3f();
	test_v6_numa();
	test_v61_counter_drift();
	test_v4_syslog();
	test_dmesg_oom_then_sysrq();
	test_dmesg_two_reports();
	test_show_mem();
	test_malformed_files();
	test_malformed_lines();
	test_tolerated();
	test_letters_and_names();
	test_expect_rules();
	hat_node_exit();
	KT_MAIN_END();
}
