// SPDX-License-Identifier: MIT
/*
 * test_oom_malformed.c - `hatrace import oom` (import/oom.h) of malformed
 * reports and lines, what it tolerates, the reconstruction rules' letters
 * and names, and the expect rules.
 *   test_oom_malformed SOURCE_ROOT
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */

#include "oom_support.h"

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
	static void (*const tests[])(void) = {
		test_malformed_files, test_malformed_lines, test_tolerated, test_letters_and_names,
		test_expect_rules
	};

	return oom_test_main(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
