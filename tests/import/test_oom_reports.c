// SPDX-License-Identifier: MIT
/*
 * test_oom_reports.c - `hatrace import oom` (import/oom.h) of v6.x and
 * v4.x excerpts imported and replayed, and of files holding several
 * reports or a show_mem alone.
 *   test_oom_reports SOURCE_ROOT
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */

#include "oom_support.h"

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

int main(int argc, char **argv)
{
	static void (*const tests[])(void) = {
		test_v6_ac3f, test_v6_numa, test_v61_counter_drift, test_v4_syslog,
		test_dmesg_oom_then_sysrq, test_dmesg_two_reports, test_show_mem
	};

	return oom_test_main(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
