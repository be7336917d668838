// SPDX-License-Identifier: MIT
/*
 * test_text.c - the text encoding of a trace (harness/text.h, grammar in
 * docs/trace-format.md) and trace files (harness/load.h): canonical
 * printing as a fixed point, canonicalisation, the "NAME:LINE:COL:"
 * errors, expected-verdict rules and loading/saving.
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream, mkdtemp */

#include "ktest.h"
#include "binary.h"
#include "exec.h"
#include "load.h"
#include "text.h"
#include "invariants.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char err[1024];

#define HDR	"hatrace-trace 1\nzone Normal 0 4096\n"	/* ops start at line 3 */

/* Parse @len bytes of @text as "t.trace"; returns 0 or -1 (message in err). */
static int parse_n(const char *text, size_t len, struct trace *t)
{
	trace_init(t, "t.trace");
	err[0] = 0;
	return trace_parse_text(text, len, "t.trace", t, err, sizeof(err));
}

static int parse(const char *text, struct trace *t)
{
	return parse_n(text, strlen(text), t);
}

/* The canonical text of @t, malloc()ed. */
static char *print(const struct trace *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	KT_REQUIRE(f != NULL);
	trace_print_text(f, t);
	fclose(f);
	return buf;
}

static char *print_op(const struct op *op)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	KT_REQUIRE(f != NULL);
	op_print(f, op);
	fclose(f);
	return buf;
}

static char *print_gfp(gfp_t gfp)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	KT_REQUIRE(f != NULL);
	gfp_print(f, gfp);
	fclose(f);
	return buf;
}

/* Parse @text (must succeed) and return its canonical text. */
static char *canon(const char *text)
{
	struct trace t;
	char *out;

	if (!KT_EQ(parse(text, &t), 0)) {
		fprintf(stderr, "    %s\n", err);
		return strdup("");
	}
	out = print(&t);
	trace_free(&t);
	return out;
}

static bool same_ops(const struct trace *a, const struct trace *b)
{
	if (a->nr_ops != b->nr_ops || a->nr_handles != b->nr_handles)
		return false;
	for (uint32_t i = 0; i < a->nr_ops; i++) {
		struct op x = a->ops[i], y = b->ops[i];

		x.line = y.line = 0;
		if (memcmp(&x, &y, sizeof(x)))
			return false;
	}
	return true;
}

static bool same_header(const struct trace *a, const struct trace *b)
{
	return !memcmp(&a->hdr.geom, &b->hdr.geom, sizeof(a->hdr.geom)) &&
	       a->hdr.has_variant == b->hdr.has_variant &&
	       a->hdr.variant.patches == b->hdr.variant.patches &&
	       a->hdr.nr_rules == b->hdr.nr_rules &&
	       !memcmp(a->hdr.rules, b->hdr.rules, a->hdr.nr_rules * sizeof(a->hdr.rules[0]));
}

/* parse -> print -> parse -> print: the same text and the same trace. */
static void check_fixed_point(const char *text)
{
	struct trace t1, t2;
	char *p1, *p2;

	if (!KT_EQ(parse(text, &t1), 0)) {
		fprintf(stderr, "    %s\n", err);
		return;
	}
	p1 = print(&t1);
	if (!KT_EQ(parse(p1, &t2), 0))
		fprintf(stderr, "    %s\n--\n%s--\n", err, p1);
	p2 = print(&t2);
	KT_STREQ(p1, p2);
	KT_ASSERT(same_ops(&t1, &t2));
	KT_ASSERT(same_header(&t1, &t2));
	free(p1);
	free(p2);
	trace_free(&t1);
	trace_free(&t2);
}

/* Every op kind and every header line. */
static const char *const traces[] = {
	/* all header lines, every op kind */
	"hatrace-trace 1\n"
	"geometry pageblock_order=4 max_order=6 cpus=3 min_free_kbytes=1024 percpu_pagelist_fraction=8\n"
	"zone DMA 16 1024 reserved=7\n"
	"zone DMA32 1024 2048\n"
	"zone Normal 2048 4096 reserved=100\n"
	"variant v4.10+ac3f3b0a5518\n"
	"expect +v1-1 +v1-2 -88ed365ea227 : I1 I4 I4-retype\n"
	"expect -ac3f3b0a5518 : I6 I6-stranded\n"
	"expect +4855e4a7f29d : I2 I2-underflow I3 I3-blocks I5 I5-span I8 I9 I11\n"
	"expect : pass\n"
	"\n"
	"init-free 16 4096\n"
	"init-buddy 0x800 3 Movable\n"
	"init-block 2048 HighAtomic\n"
	"init-block 2064 CMA\n"
	"init-counter Normal 16\n"
	"watermarks DMA32 10 20 30\n"
	"lowmem-reserve DMA 0 1952 1099511627776\n"
	"nr-free-pages DMA32 1099511627776\n"
	"init-alloc pre 3000 2\n"
	"alloc a cpu=2 order=2 gfp=GFP_ATOMIC rt report\n"
	"alloc b gfp=GFP_HIGHUSER_MOVABLE lru\n"
	"alloc c order=5 gfp=GFP_KERNEL|__GFP_DMA rt lru\n"
	"free b cpu=1\n"
	"free-begin a cpu=1\n"
	"free-commit a\n"
	"drain cpu=2\n"
	"drain-all\n"
	"unreserve cpu=1 gfp=GFP_NOWAIT loops=64 force\n"
	"unreserve\n"
	"reclaimable Normal 1099511627776\n"
	"progress 0\n"
	"progress freed\n"
	"progress 17\n"
	"shrink 32\n"
	"isolate 2048\n"
	"unisolate 2048 Unmovable\n"
	"isolate-free iso 2056 3\n"
	"free iso\n"
	"free-begin pre cpu=0\n"
	"free-commit pre\n"
	"managed DMA -5\n"
	"managed Normal 1099511627776\n"
	"check\n"
	"alloc-begin r cpu=2 order=1 gfp=GFP_KERNEL rt lru\n"
	"alloc-begin s gfp=GFP_NOFS\n"
	"alloc-step r\n"
	"alloc-end r\n"
	"free-begin r cpu=1\n"
	"alloc-step s\n"
	"free-commit r\n",
	/* minimal: defaults everywhere */
	"hatrace-trace 1\nzone Normal 0 512\n",
	/* no ops, a variant preset, gfp 0 and odd masks */
	"hatrace-trace 1\ngeometry cpus=1\nzone DMA32 0 8192\nvariant v1\n"
	"alloc x gfp=0\nalloc y gfp=0x3ffffff\nalloc z gfp=__GFP_COLD|__GFP_NOWARN\n"
	"unreserve gfp=GFP_DMA32|__GFP_HIGH\n",
	/* the smallest geometry */
	"hatrace-trace 1\ngeometry pageblock_order=1 max_order=2 cpus=64\nzone DMA 0 2\n"
	"init-free 0 2\nalloc q cpu=63 order=1\nfree-begin q cpu=63\nfree-commit q\n"
	"init-free 2 2\n",
};

static void test_fixed_point(void)
{
	for (size_t i = 0; i < sizeof(traces) / sizeof(traces[0]); i++)
		check_fixed_point(traces[i]);
}

static void test_canonical(void)
{
	char *c;

	/* comments, tabs, CRLF, hex, defaults, key order, handle renaming */
	c = canon("# leading comment\r\n"
		  "\n"
		  "   hatrace-trace\t 1   # the version\r\n"
		  "geometry cpus=4 max_order=0xb\n"
		  "zone DMA32 0x1000 8192\n"
		  "zone DMA 0 4096 reserved=0x10   \n"
		  "variant v1+no-v1-2\n"
		  "expect -v1-2 +v1-1: I4 I1\n"
		  "expect +4855e4a7 -v1-4 -v1-3 +v1-1 :pass\n"
		  "  \t \n"
		  "alloc big order=3 gfp=__GFP_COMP|GFP_ATOMIC rt # an atomic request\n"
		  "alloc\tsmall   lru cpu=3\n"
		  "isolate-free h0 0x100 2\n"
		  "free small cpu=1\r\n"
		  "free-begin big\n"
		  "free-commit big\n"
		  "free h0\n"
		  "unreserve force loops=0x2 gfp=GFP_HIGHUSER_MOVABLE cpu=1\n"
		  "progress freed#no space before the comment\n"
		  "managed DMA32 +12\n"
		  "managed DMA32 -0x10\n"
		  "watermarks DMA 1 2 3");	/* no final newline */
	KT_STREQ(c,
		 "hatrace-trace 1\n"
		 "geometry pageblock_order=9 max_order=11 cpus=4\n"
		 "zone DMA 0 4096 reserved=16\n"
		 "zone DMA32 4096 8192\n"
		 "variant v4.8+v1-1+v1-3+v1-4\n"
		 "expect +v1-1 -v1-2 : I1 I4\n"
		 "expect +v1-1 +4855e4a7f29d -v1-3 -v1-4 : pass\n"
		 "\n"
		 "alloc h0 cpu=0 order=3 gfp=GFP_ATOMIC|__GFP_COMP rt\n"
		 "alloc h1 cpu=3 order=0 gfp=GFP_KERNEL lru\n"
		 "isolate-free h2 256 2\n"
		 "free h1 cpu=1\n"
		 "free-begin h0 cpu=0\n"
		 "free-commit h0\n"
		 "free h2 cpu=0\n"
		 "unreserve cpu=1 gfp=GFP_HIGHUSER_MOVABLE loops=2 force\n"
		 "progress freed\n"
		 "managed DMA32 12\n"
		 "managed DMA32 -16\n"
		 "watermarks DMA 1 2 3\n");
	free(c);

	/* the header alone: defaults printed, min_free_kbytes and reserved= only if set */
	c = canon("hatrace-trace 1\nzone Normal 0 1024 reserved=0\n"
		  "geometry percpu_pagelist_fraction=0 min_free_kbytes=0\n");
	KT_STREQ(c, "hatrace-trace 1\ngeometry pageblock_order=9 max_order=11 cpus=2\n"
		    "zone Normal 0 1024\n\n");
	free(c);

	/* a UTF-8 byte order mark and UTF-8 in comments are fine */
	c = canon("\xef\xbb\xbfhatrace-trace 1 # caf\xc3\xa9 \xe2\x86\x92 ok\nzone DMA 0 1024\n");
	KT_STREQ(c, "hatrace-trace 1\ngeometry pageblock_order=9 max_order=11 cpus=2\n"
		    "zone DMA 0 1024\n\n");
	free(c);

	/* the examples of the format */
	{
		struct op op = { .kind = OP_ALLOC, .handle = 0, .cpu = 1, .order = 1,
				 .gfp = GFP_ATOMIC, .flags = OPF_RT | OPF_LRU };
		char *s = print_op(&op);

		KT_STREQ(s, "alloc h0 cpu=1 order=1 gfp=GFP_ATOMIC rt lru");
		free(s);
		op = (struct op){ .kind = OP_FREE, .handle = 7 };
		s = print_op(&op);
		KT_STREQ(s, "free h7 cpu=0");
		free(s);
		op = (struct op){ .kind = OP_UNRESERVE, .cpu = 1, .gfp = GFP_HIGHUSER_MOVABLE,
				  .a = 2, .flags = OPF_FORCE };
		s = print_op(&op);
		KT_STREQ(s, "unreserve cpu=1 gfp=GFP_HIGHUSER_MOVABLE loops=2 force");
		free(s);
		op = (struct op){ .kind = OP_PROGRESS, .flags = OPF_FREED };
		s = print_op(&op);
		KT_STREQ(s, "progress freed");
		free(s);
		op = (struct op){ .kind = OP_INIT_BUDDY, .a = 1024, .order = 10, .mt = MIGRATE_HIGHATOMIC };
		s = print_op(&op);
		KT_STREQ(s, "init-buddy 1024 10 HighAtomic");
		free(s);
	}
}

/* lowmem-reserve: fields, canonical form, and what the replay sets. */
static void test_lowmem_reserve(void)
{
	struct trace t;
	struct exec_opts o;
	struct exec_result r;
	char *text;

	KT_REQUIRE(parse("hatrace-trace 1\nzone DMA 1 4096\nzone DMA32 4096 8192\n"
			 "lowmem-reserve DMA 0 0x7a0 1952   # from an OOM report\n"
			 "lowmem-reserve DMA32 0 0 7\n", &t) == 0);
	KT_EQ(t.nr_ops, 2);
	KT_EQ(t.ops[0].kind, OP_LOWMEM_RESERVE);
	KT_EQ(t.ops[0].zone, ZONE_DMA);
	KT_EQ(t.ops[0].a, 0);
	KT_EQ(t.ops[0].b, 1952);
	KT_EQ(t.ops[0].c, 1952);
	KT_EQ(t.ops[1].zone, ZONE_DMA32);
	KT_EQ(t.ops[1].c, 7);
	text = print(&t);
	KT_ASSERT(strstr(text, "\nlowmem-reserve DMA 0 1952 1952\nlowmem-reserve DMA32 0 0 7\n") != NULL);
	free(text);
	exec_opts_default(&o, &t);
	KT_EQ(trace_exec(&t, &o, &r), 0);
	KT_EQ(contig_page_data.node_zones[ZONE_DMA].lowmem_reserve[ZONE_DMA], 0);
	KT_EQ(contig_page_data.node_zones[ZONE_DMA].lowmem_reserve[ZONE_DMA32], 1952);
	KT_EQ(contig_page_data.node_zones[ZONE_DMA].lowmem_reserve[ZONE_NORMAL], 1952);
	KT_EQ(contig_page_data.node_zones[ZONE_DMA32].lowmem_reserve[ZONE_NORMAL], 7);
	trace_free(&t);
}

/*
 * nr-free-pages and the report flag of alloc: fields, canonical form, and
 * what the replay does with them (the counter apart from the lists; the
 * report's request's outcome in the stats).
 */
static void test_nr_free_pages(void)
{
	struct trace t;
	struct exec_opts o;
	struct exec_result r;
	char *text;

	KT_REQUIRE(parse(HDR "init-free 0 1024\n"
			 "nr-free-pages Normal 0x3e8   # free: of an OOM report\n"
			 "alloc a gfp=GFP_KERNEL report\n", &t) == 0);
	KT_EQ(t.ops[1].kind, OP_NR_FREE_PAGES);
	KT_EQ(t.ops[1].zone, ZONE_NORMAL);
	KT_EQ(t.ops[1].a, 1000);
	KT_EQ(t.ops[2].flags, OPF_REPORT);
	text = print(&t);
	KT_ASSERT(strstr(text, "\nnr-free-pages Normal 1000\nalloc h0 cpu=0 order=0 gfp=GFP_KERNEL report\n") != NULL);
	free(text);
	exec_opts_default(&o, &t);
	KT_EQ(trace_exec(&t, &o, &r), 0);	/* the full checks at the end: no I9 */
	KT_EQ(r.stats.request, REQUEST_SERVED);
	KT_EQ(r.stats.request_op, 2);
	KT_EQ(contig_page_data.node_zones[ZONE_NORMAL].vm_stat_diff[NR_FREE_PAGES], 1024 - 1000);
	trace_free(&t);
}

/* What the parser put into struct op. */
static void test_fields(void)
{
	struct trace t;
	const struct op *o;

	KT_REQUIRE(parse(HDR
			 "init-free 1 4096\n"			/* 0 */
			 "init-buddy 8 3 Reclaimable\n"		/* 1 */
			 "watermarks Normal 5 6 7\n"		/* 2 */
			 "alloc x cpu=1 order=2 gfp=GFP_NOIO rt lru\n"	/* 3 */
			 "unreserve cpu=1 gfp=0x20 loops=3 force\n"	/* 4 */
			 "progress freed\n"			/* 5 */
			 "progress 9\n"				/* 6 */
			 "managed Normal -3\n"			/* 7 */
			 "isolate-free y 16 4\n"		/* 8 */
			 "free y cpu=1\n"			/* 9 */
			 "unreserve\n", &t) == 0);		/* 10 */
	KT_EQ(t.nr_ops, 11);
	KT_EQ(t.nr_handles, 2);
	KT_ASSERT(!t.binary);
	o = t.ops;
	KT_EQ(o[0].kind, OP_INIT_FREE);
	KT_EQ(o[0].a, 1);
	KT_EQ(o[0].b, 4096);
	KT_EQ(o[0].line, 3);
	KT_EQ(o[1].a, 8);
	KT_EQ(o[1].order, 3);
	KT_EQ(o[1].mt, MIGRATE_RECLAIMABLE);
	KT_EQ(o[2].zone, ZONE_NORMAL);
	KT_EQ(o[2].a, 5);
	KT_EQ(o[2].b, 6);
	KT_EQ(o[2].c, 7);
	KT_EQ(o[3].handle, 0);
	KT_EQ(o[3].cpu, 1);
	KT_EQ(o[3].order, 2);
	KT_EQ(o[3].gfp, GFP_NOIO);
	KT_EQ(o[3].flags, OPF_RT | OPF_LRU);
	KT_EQ(o[4].gfp, __GFP_HIGH);
	KT_EQ(o[4].a, 3);
	KT_EQ(o[4].flags, OPF_FORCE);
	KT_EQ(o[5].flags, OPF_FREED);
	KT_EQ(o[5].a, 0);
	KT_EQ(o[6].flags, 0);
	KT_EQ(o[6].a, 9);
	KT_EQ(o[7].a, -3);
	KT_EQ(o[8].handle, 1);
	KT_EQ(o[8].a, 16);
	KT_EQ(o[8].order, 4);
	KT_EQ(o[9].handle, 1);
	KT_EQ(o[9].cpu, 1);
	KT_EQ(o[10].gfp, GFP_KERNEL);	/* defaults */
	KT_EQ(o[10].cpu, 0);
	KT_EQ(o[10].a, 0);
	KT_EQ(o[10].flags, 0);
	KT_EQ(o[10].line, 13);
	KT_EQ(trace_validate(&t, err, sizeof(err)), -1);
	/* trace_validate() backs the parser: managed below 0, part of a block */
	t.ops[7].a = -4097;
	KT_EQ(trace_validate(&t, err, sizeof(err)), 7);
	KT_ASSERT(strstr(err, "takes managed_pages below 0 (it is 4096)") != NULL);
	t.ops[7].a = -3;
	t.ops[2].kind = OP_INIT_COUNTER;
	t.ops[2].a = 100;
	KT_EQ(trace_validate(&t, err, sizeof(err)), 2);
	KT_ASSERT(strstr(err, "not a multiple of pageblock_nr_pages (512)") != NULL);
	KT_ASSERT(!t.hdr.has_variant);
	KT_EQ(t.hdr.geom.pb_order, 9);
	KT_EQ(t.hdr.geom.max_order, 11);
	KT_EQ(t.hdr.geom.nr_cpus, 2);
	KT_EQ(t.hdr.geom.min_free_kbytes, 0);
	KT_EQ(t.hdr.geom.zone_end_pfn[ZONE_NORMAL], 4096);
	KT_EQ(t.hdr.geom.zone_end_pfn[ZONE_DMA], 0);
	trace_free(&t);
}

/* alloc-begin, alloc-step, alloc-end: fields, and trace_validate()'s rules. */
static void test_requests(void)
{
	struct trace t, u;
	const struct op *o;

	/* alloc-begin reads alloc's fields */
	KT_REQUIRE(parse(HDR "alloc a cpu=1 order=2 gfp=GFP_NOIO rt lru\n", &u) == 0);
	u.ops[0].kind = OP_ALLOC_BEGIN;
	KT_REQUIRE(parse(HDR
			 "alloc-begin a cpu=1 order=2 gfp=GFP_NOIO rt lru\n"	/* 0 */
			 "alloc-begin b\n"					/* 1 */
			 "alloc-step a\n"					/* 2 */
			 "alloc-end a\n"					/* 3 */
			 "free a cpu=1\n"					/* 4 */
			 "alloc-step b\n", &t) == 0);			/* 5: b still in flight */
	KT_EQ(t.nr_ops, 6);
	KT_EQ(t.nr_handles, 2);
	o = t.ops;
	KT_ASSERT(!memcmp(&o[0], &u.ops[0], sizeof(*o)));
	trace_free(&u);
	KT_EQ(o[1].gfp, GFP_KERNEL);
	KT_EQ(o[1].handle, 1);
	KT_EQ(o[2].kind, OP_ALLOC_STEP);
	KT_EQ(o[2].handle, 0);
	KT_EQ(o[2].cpu, 0);
	KT_EQ(o[3].kind, OP_ALLOC_END);
	KT_EQ(o[5].handle, 1);
	KT_EQ(trace_validate(&t, err, sizeof(err)), -1);
	/* the backstop: a free while in flight, a step of a completed request */
	t.ops[3].kind = OP_ALLOC_STEP;
	KT_EQ(trace_validate(&t, err, sizeof(err)), 4);
	KT_ASSERT(strstr(err, "handle h0 used before its request completes (alloc-end)") != NULL);
	t.ops[3].kind = OP_ALLOC_END;
	t.ops[5].handle = 0;
	KT_EQ(trace_validate(&t, err, sizeof(err)), 5);
	KT_ASSERT(strstr(err, "alloc-step of handle h0, which is not in flight") != NULL);
	t.ops[1].kind = OP_ALLOC;
	t.ops[5].handle = 1;
	KT_EQ(trace_validate(&t, err, sizeof(err)), 5);
	trace_free(&t);
}

static void test_gfp(void)
{
	static const struct { gfp_t gfp; const char *text; } cases[] = {
		{ 0, "0" },
		{ GFP_KERNEL, "GFP_KERNEL" },
		{ GFP_ATOMIC, "GFP_ATOMIC" },
		{ GFP_NOWAIT, "GFP_NOWAIT" },
		{ GFP_NOIO, "GFP_NOIO" },
		{ GFP_NOFS, "GFP_NOFS" },
		{ GFP_USER, "GFP_USER" },
		{ GFP_HIGHUSER, "GFP_HIGHUSER" },
		{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
		{ GFP_DMA, "GFP_DMA" },
		{ GFP_DMA32, "GFP_DMA32" },
		{ GFP_KERNEL | __GFP_DMA32, "GFP_KERNEL|__GFP_DMA32" },
		{ GFP_KERNEL | GFP_ATOMIC, "GFP_KERNEL|__GFP_HIGH|__GFP_ATOMIC" },
		{ GFP_HIGHUSER_MOVABLE | __GFP_ZERO | __GFP_COMP,
		  "GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO" },
		{ __GFP_COLD | __GFP_NOWARN, "__GFP_COLD|__GFP_NOWARN" },
		{ __GFP_HIGH | __GFP_DIRECT_RECLAIM, "__GFP_HIGH|__GFP_DIRECT_RECLAIM" },
		{ GFP_NOWAIT | __GFP_HIGH, "GFP_NOWAIT|__GFP_HIGH" },
		{ __GFP_RECLAIM | __GFP_HIGH, "GFP_NOIO|__GFP_HIGH" },
	};
	char line[2048];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = print_gfp(cases[i].gfp);

		KT_STREQ(s, cases[i].text);
		free(s);
	}
	/* every bit, and a deterministic sample of masks, print and parse back */
	for (unsigned int n = 0; n < 600; n++) {
		gfp_t gfp = n < 26 ? 1u << n : (gfp_t)((n * 2654435761u) ^ (n << 7)) & __GFP_BITS_MASK;
		char *s = print_gfp(gfp);
		struct trace t;

		snprintf(line, sizeof(line), HDR "alloc a gfp=%s\nunreserve gfp=%s\n", s, s);
		if (KT_EQ(parse(line, &t), 0)) {
			KT_EQ(t.ops[0].gfp, gfp);
			KT_EQ(t.ops[1].gfp, gfp);
			trace_free(&t);
		} else {
			fprintf(stderr, "    %s\n", err);
		}
		free(s);
	}
	/* input-only spellings */
	{
		struct trace t;

		KT_REQUIRE(parse(HDR "alloc a gfp=__GFP_RECLAIM|0x20|__GFP_IO\n"
				 "alloc b gfp=GFP_DMA|GFP_DMA32|0X8\n", &t) == 0);
		KT_EQ(t.ops[0].gfp, __GFP_RECLAIM | __GFP_HIGH | __GFP_IO);
		KT_EQ(t.ops[1].gfp, __GFP_DMA | __GFP_DMA32 | __GFP_MOVABLE);
		trace_free(&t);
	}
}

/* @text must fail at @line:@col with @word in the message. */
static void check_error(const char *text, size_t len, unsigned int line, unsigned int col,
			const char *word, int srcline)
{
	struct trace t;
	unsigned int l = 0, c = 0;
	int n = 0;
	bool ok;

	if (!kt_check_(parse_n(text, len, &t) == -1, __FILE__, srcline, "parse fails")) {
		trace_free(&t);
		return;
	}
	ok = sscanf(err, "t.trace:%u:%u: %n", &l, &c, &n) == 2 && n > 0;
	ok = kt_check_(ok, __FILE__, srcline, "message starts with NAME:LINE:COL:") && ok;
	ok = kt_check_(l == line && c == col, __FILE__, srcline, "error line:col") && ok;
	ok = kt_check_(strstr(err, word) != NULL, __FILE__, srcline, "error message word") && ok;
	if (!ok)
		fprintf(stderr, "    want %u:%u '%s'\n    got  %s\n", line, col, word, err);
	/* a failed parse leaves the trace empty */
	KT_EQ(t.nr_ops, 0);
	KT_ASSERT(t.ops == NULL);
	trace_free(&t);
}

#define ERR(text, line, col, word) check_error(text, strlen(text), line, col, word, __LINE__)
/* @text: a string literal that may hold NUL bytes */
#define ERRN(text, line, col, word) check_error(text, sizeof(text) - 1, line, col, word, __LINE__)

static void test_errors(void)
{
	/* garbage bytes */
	ERR(HDR "al\x01loc h0\n", 3, 3, "control byte 0x01");
	ERRN("hatrace-trace 1\n\0\0\0\0", 2, 1, "NUL byte");
	ERRN(HDR "check\ncheck \0", 4, 7, "NUL byte");
	ERR("\x89PNG\r\n\x1a\n", 1, 1, "non-ASCII");
	ERR(HDR "check # fine: caf\xc3\xa9\ncheck # bad: \xc3(\n", 4, 14, "UTF-8");
	ERR(HDR "check\rcheck\n", 3, 6, "carriage return");
	ERR("HTRB\x01\x02", 1, 5, "control byte");
	/* truncated ops: missing arguments point past the last word */
	ERR(HDR "alloc", 3, 6, "missing HANDLE");
	ERR(HDR "init-buddy 0 3", 3, 15, "missing MT");
	ERR(HDR "watermarks Normal 1 2   # no HIGH\n", 3, 22, "missing HIGH");
	ERR(HDR "progress\n", 3, 9, "missing");
	ERR(HDR "init-free 0\n", 3, 12, "missing END");
	/* unknown op or keyword */
	ERR(HDR "check\n      alocc h0\n", 4, 7, "unknown op 'alocc' (did you mean 'alloc'?)");
	ERR(HDR "frobnicate\n", 3, 1, "unknown op");
	ERR("hatrace-trace 1\ngeometri cpus=2\n", 2, 1, "did you mean 'geometry'");
	/* handles */
	ERR(HDR "alloc a\nfree b\n", 4, 6, "handle 'b' was never allocated");
	ERR(HDR "alloc a\nfree a\nfree  a cpu=1\n", 5, 7, "double free of handle 'a' (freed at line 4)");
	ERR(HDR "alloc a order=1\nfree-begin a\nfree a\n", 5, 6, "double free");
	ERR(HDR "alloc a\nalloc a\n", 4, 7, "handle 'a' already defined at line 3");
	ERR(HDR "alloc a\nisolate-free a 0 0\n", 4, 14, "already defined");
	ERR(HDR "alloc a order=1\nfree-commit a\n", 4, 13, "without its free-begin");
	ERR(HDR "alloc a order=1\nfree-begin a\nfree-commit a\nfree-commit a\n", 6, 13,
	    "without its free-begin");
	ERR(HDR "alloc a\nfree-begin a\n", 4, 12, "order-0");
	ERR(HDR "alloc 9a\n", 3, 7, "expected a handle name");
	ERR(HDR "free cpu=1\n", 3, 6, "expected a handle name");
	/* requests: in flight from alloc-begin to alloc-end */
	ERR(HDR "alloc-step a\n", 3, 12, "handle 'a' was never allocated (no alloc, alloc-begin");
	ERR(HDR "alloc a\nalloc-step a\n", 4, 12,
	    "alloc-step of handle 'a', which is not in flight (defined at line 3)");
	ERR(HDR "alloc-begin a\nalloc-end a\nalloc-end a\n", 5, 11,
	    "alloc-end of handle 'a', which is not in flight");
	ERR(HDR "alloc-begin a\nalloc-end a\nfree a\nalloc-step a\n", 6, 12, "not in flight");
	ERR(HDR "alloc-begin a\nfree a\n", 4, 6,
	    "handle 'a' is used before its request completes (alloc-begin at line 3 needs its alloc-end first)");
	ERR(HDR "alloc-begin a order=1\nalloc-step a\nfree-begin a\n", 5, 12,
	    "before its request completes");
	ERR(HDR "alloc-begin a\nalloc-begin a\n", 4, 13, "already defined at line 3");
	ERR(HDR "alloc-begin a order=11\n", 3, 21, "order 11 out of range");
	ERR(HDR "alloc-begin a cpu=2\n", 3, 19, "cpu 2 out of range");
	ERR(HDR "alloc-begin a loops=1\n", 3, 15, "unexpected argument 'loops=1'");
	ERR(HDR "alloc-begin a\nalloc-step a cpu=1\n", 4, 14, "unexpected argument");
	ERR(HDR "alloc-begin\n", 3, 12, "alloc-begin: missing HANDLE");
	ERR(HDR "alloc-end\n", 3, 10, "alloc-end: missing HANDLE");
	/* numbers */
	ERR(HDR "unreserve loops=65\n", 3, 17, "loops 65 out of range [0, 64]");
	ERR(HDR "shrink 99999999999999999999999\n", 3, 8, "out of range");
	ERR(HDR "shrink 1099511627777\n", 3, 8, "out of range");
	ERR(HDR "shrink -1\n", 3, 8, "out of range");
	ERR(HDR "shrink 12abc\n", 3, 8, "not a number");
	ERR(HDR "shrink 0x\n", 3, 8, "not a number");
	ERR(HDR "managed Normal 1099511627777\n", 3, 16, "out of range");
	ERR(HDR "alloc a order=11\n", 3, 15, "order 11 out of range");
	ERR(HDR "init-buddy 0 -1 Movable\n", 3, 14, "order -1 out of range");
	/* beyond 64 bits: each field's own range, never int64's */
	ERR(HDR "alloc a order=99999999999999999999\n", 3, 15,
	    "order 99999999999999999999 out of range [0, max_order-1 = 10]");
	ERR(HDR "init-buddy 0 -0x10000000000000000 Movable\n", 3, 14,
	    "order -0x10000000000000000 out of range [0, max_order-1 = 10]");
	ERR(HDR "drain cpu=18446744073709551616\n", 3, 11,
	    "cpu 18446744073709551616 out of range: the node has 2 cpus (0..1)");
	ERR(HDR "isolate 0x10000000000000000\n", 3, 9,
	    "pfn 0x10000000000000000 outside the node [0, 4096)");
	ERR(HDR "init-free -99999999999999999999 5\n", 3, 11,
	    "START -99999999999999999999 outside the node [0, 4096)");
	ERR("hatrace-trace 99999999999999999999\n", 1, 15,
	    "unsupported trace version 99999999999999999999 (this hatrace reads version 1)");
	ERR("hatrace-trace 1\nzone DMA 0 100 reserved=99999999999999999999\n", 2, 25,
	    "reserved 99999999999999999999 out of range [0, 100]");
	ERR("hatrace-trace 1\nzone DMA 99999999999999999999 100\n", 2, 10,
	    "START 99999999999999999999 out of range [0, 8388607]");
	ERR("hatrace-trace 1\ngeometry cpus=99999999999999999999\n", 2, 15,
	    "cpus 99999999999999999999 out of range [1, 64]");
	ERR(HDR "managed Normal -99999999999999999999\n", 3, 16,
	    "DELTA -99999999999999999999 out of range [-1099511627776, 1099511627776]");
	ERR(HDR "unreserve loops=18446744073709551616\n", 3, 17,
	    "loops 18446744073709551616 out of range [0, 64]");
	ERR(HDR "watermarks Normal 1 2 18446744073709551616\n", 3, 23,
	    "HIGH 18446744073709551616 out of range [0, 1099511627776]");
	/* managed pages never go below 0 (4096 in Normal, 60 in DMA here) */
	ERR(HDR "managed Normal -4097\n", 3, 16,
	    "DELTA -4097 takes zone Normal's managed pages below 0: it manages 4096 here");
	ERR(HDR "managed Normal 10\nmanaged Normal -4000\nmanaged Normal -0x6b\n", 5, 16,
	    "DELTA -0x6b takes zone Normal's managed pages below 0: it manages 106 here");
	ERR("hatrace-trace 1\nzone DMA 0 100 reserved=40\nzone Normal 100 200\n"
	    "managed Normal -100\nmanaged DMA -61\n", 5, 13,
	    "DELTA -61 takes zone DMA's managed pages below 0: it manages 60 here");
	{
		struct trace t;

		KT_REQUIRE(parse(HDR "managed Normal -4096\nmanaged Normal 5\n"
				 "managed Normal -5\n", &t) == 0);
		KT_EQ(t.nr_ops, 3);
		trace_free(&t);
	}
	/* zones */
	ERR(HDR "reclaimable Highmem 5\n", 3, 13, "unknown zone 'Highmem'");
	ERR(HDR "reclaimable DMA 5\n", 3, 13, "zone DMA is not populated");
	ERR(HDR "init-counter DMA32 512\n", 3, 14, "not populated");
	/* the kernel's counter moves by whole pageblocks (512 pages here) */
	ERR(HDR "init-counter Normal 100\n", 3, 21,
	    "init-counter 100 is not a multiple of pageblock_nr_pages (512)");
	ERR("hatrace-trace 1\ngeometry pageblock_order=3 max_order=5\nzone Normal 0 64\n"
	    "init-counter Normal 16\ninit-counter Normal 0x0c\n", 5, 21,
	    "init-counter 0x0c is not a multiple of pageblock_nr_pages (8)");
	ERR("hatrace-trace 1\nzone normal 0 4096\n", 2, 6, "unknown zone");
	/* pfns */
	ERR(HDR "isolate 4096\n", 3, 9, "pfn 4096 outside the node [0, 4096)");
	ERR(HDR "init-free 0 4097\n", 3, 13, "END 4097 outside the node");
	ERR(HDR "init-free 10 5\n", 3, 14, "below START");
	ERR(HDR "isolate-free a 0x1000 0\n", 3, 16, "outside the node");
	ERR(HDR "init-alloc a -1 0\n", 3, 14, "outside the node");
	/* cpus */
	ERR(HDR "drain cpu=2\n", 3, 11, "cpu 2 out of range");
	ERR("hatrace-trace 1\ngeometry cpus=4\nzone DMA 0 64\nalloc a cpu=4 order=1\n", 4, 13, "cpu 4");
	ERR(HDR "alloc a cpu=1 cpu=1\n", 3, 15, "duplicate argument 'cpu'");
	/* arguments */
	ERR(HDR "check now\n", 3, 7, "unexpected argument 'now'");
	ERR(HDR "free-commit a b\n", 3, 13, "never allocated");
	ERR(HDR "alloc a force\n", 3, 9, "unexpected argument 'force'");
	ERR(HDR "drain-all cpu=1\n", 3, 11, "unexpected argument");
	ERR(HDR "init-block 0 Highatomic\n", 3, 14, "unknown migratetype");
	ERR(HDR "alloc a gfp=GFP_KERNEL|__GFP_FOO\n", 3, 24, "unknown gfp flag '__GFP_FOO'");
	ERR(HDR "alloc a gfp=0x4000000\n", 3, 13, "__GFP_BITS_MASK");
	ERR(HDR "alloc a gfp=GFP_KERNEL||__GFP_HIGH\n", 3, 24, "empty");
	ERR(HDR "unreserve gfp=\n", 3, 15, "empty gfp");
	/* the header */
	ERR("zone Normal 0 4096\nhatrace-trace 1\n", 1, 1, "missing header");
	ERR("", 1, 1, "missing header");
	ERR("# nothing but a comment\n\n", 1, 1, "missing header");
	ERR("  hatrace-trace 2\n", 1, 17, "unsupported trace version 2");
	ERR("hatrace-trace\n", 1, 14, "missing version");
	ERR("hatrace-trace 1 2\n", 1, 17, "unexpected argument");
	ERR(HDR "hatrace-trace 1\n", 3, 1, "duplicate 'hatrace-trace' line (first at line 1)");
	ERR(HDR "check\nzone DMA 4096 8192\n", 4, 1, "header line 'zone' after the first op (line 3)");
	ERR(HDR "geometry cpus=1\ngeometry cpus=1\n", 4, 1, "duplicate 'geometry'");
	ERR(HDR "variant v1\nvariant v1\n", 4, 1, "duplicate 'variant'");
	ERR(HDR "variant v5\n", 3, 9, "bad variant");
	ERR(HDR "zone Normal 0 4096\n", 2 + 1, 6, "duplicate zone Normal (first at line 2)");
	ERR("hatrace-trace 1\ncheck\n", 2, 1, "no zone");
	ERR("hatrace-trace 1\ngeometry cpus=2\n", 3, 1, "no zone");
	ERR("hatrace-trace 1\ngeometry cpus=2", 2, 1, "no zone");
	ERR("hatrace-trace 1\ngeometry pageblock_order=11 max_order=11\n", 2, 10,
	    "pageblock_order 11 must be below max_order 11");
	ERR("hatrace-trace 1\ngeometry max_order=9\n", 2, 10, "must be below");
	ERR("hatrace-trace 1\ngeometry max_order=15\n", 2, 20, "max_order 15 out of range [2, 14]");
	ERR("hatrace-trace 1\ngeometry cpus=65\n", 2, 15, "cpus 65 out of range [1, 64]");
	ERR("hatrace-trace 1\ngeometry cpus=0\n", 2, 15, "out of range");
	ERR("hatrace-trace 1\ngeometry cpus=2 cpus=2\n", 2, 17, "duplicate field");
	ERR("hatrace-trace 1\ngeometry percpu_pagelist_fraction=7\n", 2, 35, "out of range");
	ERR("hatrace-trace 1\ngeometry percpu_pagelist_fraction=1048577\n", 2, 35, "out of range");
	ERR("hatrace-trace 1\ngeometry min_free_kbytes=2147483648\n", 2, 26, "out of range");
	ERR(HDR "watermarks Normal 1 2 1099511627777\n", 3, 23, "HIGH 1099511627777 out of range");
	ERR(HDR "lowmem-reserve Normal 0 1 1099511627777\n", 3, 27, "V2 1099511627777 out of range");
	ERR(HDR "lowmem-reserve Normal 0 -1 0\n", 3, 25, "out of range");
	ERR(HDR "lowmem-reserve DMA 0 1 2\n", 3, 16, "DMA");
	ERR(HDR "lowmem-reserve Normal 0 1\n", 3, 26, "missing V2");
	ERR(HDR "nr-free-pages Normal -1\n", 3, 22, "out of range");
	ERR(HDR "nr-free-pages DMA 1\n", 3, 15, "DMA");
	ERR(HDR "nr-free-pages Normal\n", 3, 21, "missing PAGES");
	ERR(HDR "unreserve report\n", 3, 11, "unexpected argument 'report'");
	ERR(HDR "lowmem-reserve Normal 0 1 2 3\n", 3, 29, "unexpected argument");
	ERR("hatrace-trace 1\ngeometry nodes=2\n", 2, 10, "unexpected argument 'nodes=2'");
	ERR("hatrace-trace 1\nzone Normal 0 8388609\n", 2, 15, "out of range");
	ERR("hatrace-trace 1\nzone Normal 100 100\n", 2, 17, "empty");
	ERR("hatrace-trace 1\nzone DMA 0 100\nzone DMA32 50 200\n", 3, 12, "overlap");
	ERR("hatrace-trace 1\nzone Normal 0 100\nzone DMA 200 300\n", 3, 10, "must ascend");
	ERR("hatrace-trace 1\nzone DMA 0 100 reserved=101\n", 2, 25,
	    "reserved 101 out of range [0, 100] (the zone's pages)");
	ERR("hatrace-trace 1\nzone DMA 0 100 present=1\n", 2, 16, "unexpected argument");
	/* expect rules */
	ERR(HDR "expect +v1-9 : I1\n", 3, 9, "unknown patch 'v1-9'");
	ERR(HDR "expect +v1 : pass\n", 3, 9, "unknown patch");
	ERR(HDR "expect +485 : pass\n", 3, 9, "unknown patch");	/* 4+ hex digits only */
	ERR(HDR "expect v1-1 : pass\n", 3, 8, "expected +PATCH");
	ERR(HDR "expect +v1-1 I4\n", 3, 14, "expected +PATCH, -PATCH or ':', got 'I4'");
	ERR(HDR "expect +v1-1\n", 3, 13, "missing ':'");
	ERR(HDR "expect +v1-1 :\n", 3, 15, "missing verdict");
	ERR(HDR "expect : I7\n", 3, 10, "unknown invariant 'I7'");
	ERR(HDR "expect : pass I1\n", 3, 15, "'pass' cannot be combined");
	ERR(HDR "expect : I1 pass\n", 3, 13, "'pass' cannot be combined");
	ERR(HDR "expect +v1-1 -v1-1 : pass\n", 3, 14, "both required (+) and excluded (-)");
	ERR(HDR "expect : I1 : I2\n", 3, 13, "second ':'");
	{
		char buf[4096] = HDR;

		for (int i = 0; i < TRACE_MAX_RULES; i++)
			strcat(buf, "expect : pass\n");
		strcat(buf, "expect +v1-2 : I4\n");
		ERR(buf, 3 + TRACE_MAX_RULES, 1, "too many expect rules");
	}
	/* what trace_validate() would say, had the parser let it through */
	ERR(HDR "alloc a order=1\nfree-begin a\nfree-begin a\n", 5, 12, "double free");
}

static unsigned int bits(int a, int b, int c)
{
	return (a >= 0 ? 1u << a : 0) | (b >= 0 ? 1u << b : 0) | (c >= 0 ? 1u << c : 0);
}

static long expected(const struct trace *t, const char *variant)
{
	struct hat_variant v;
	char why[256];

	KT_REQUIRE(variant_parse(variant, &v, why, sizeof(why)) == 0);
	return trace_expected(t, &v);
}

/* Era 2's ops (tests/harness/roundtrip.c): an era-1 trace refuses them at their line. */
static void test_era2_ops(void)
{
	ERR(HDR "check\npcp-trylock fail\n", 4, 1, "'pcp-trylock' is an op of era 2");
	ERR("hatrace-trace 1\nzone Normal 0 4096\nvariant v4.8\nsysctl defrag_mode 1\n", 4, 1,
	    "'sysctl' is an op of era 2");
}

static void test_expected(void)
{
	struct trace t;

	KT_REQUIRE(parse(HDR
			 "expect +v1-2 : pass\n"
			 "expect +v1-1 -v1-2 : I4 I1\n"
			 "expect +4855e4a7 +29fa : I2-underflow\n"	/* commit prefixes */
			 "expect -ac3f3b0a5518 : I6-stranded I5-span\n", &t) == 0);
	KT_EQ(t.hdr.nr_rules, 4);
	KT_EQ(t.hdr.rules[0].have, 1u << PATCH_V1_2);
	KT_EQ(t.hdr.rules[0].lack, 0);
	KT_EQ(t.hdr.rules[0].fired, 0);
	KT_EQ(t.hdr.rules[1].have, 1u << PATCH_V1_1);
	KT_EQ(t.hdr.rules[1].lack, 1u << PATCH_V1_2);
	KT_EQ(t.hdr.rules[1].fired, bits(INV_I1, INV_I4, -1));
	KT_EQ(t.hdr.rules[2].have, (1u << PATCH_4855E4A7F29D) | (1u << PATCH_29FAC03BEF72));
	KT_EQ(t.hdr.rules[3].lack, 1u << PATCH_AC3F3B0A5518);

	KT_EQ(expected(&t, "v1"), 0);				/* first rule */
	KT_EQ(expected(&t, "v1+no-v1-2"), bits(INV_I1, INV_I4, -1));
	KT_EQ(expected(&t, "v4.8+v1-1"), bits(INV_I1, INV_I4, -1));
	KT_EQ(expected(&t, "v4.10"), bits(INV_I2_UNDERFLOW, -1, -1));
	KT_EQ(expected(&t, "v4.8+4855e4a7f29d"), bits(INV_I5_SPAN, INV_I6_STRANDED, -1));
	KT_EQ(expected(&t, "v4.8"), bits(INV_I5_SPAN, INV_I6_STRANDED, -1));
	KT_EQ(expected(&t, "v4.8+ac3f3b0a5518"), -1);		/* no rule matches */
	KT_EQ(expected(&t, "v4.10+ac3f3b0a5518"), bits(INV_I2_UNDERFLOW, -1, -1));
	trace_free(&t);

	/* a catch-all rule, and no rule at all */
	KT_REQUIRE(parse(HDR "expect : pass\n", &t) == 0);
	KT_EQ(expected(&t, "v4.8"), 0);
	KT_EQ(expected(&t, "v4.10+ac3f3b0a5518"), 0);
	trace_free(&t);
	KT_REQUIRE(parse(HDR, &t) == 0);
	KT_EQ(expected(&t, "v1"), -1);
	trace_free(&t);
}

/* Handles: numbered by first definition, any identifier, up to many of them. */
static void test_handles(void)
{
	struct trace t;
	char *buf, *p;
	size_t n = 20000;

	buf = malloc(n * 40 + 64);
	KT_REQUIRE(buf != NULL);
	p = buf + sprintf(buf, HDR);
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "alloc _Handle_%zu\n", n - i);
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "free _Handle_%zu\n", i + 1);
	KT_REQUIRE(parse(buf, &t) == 0);
	KT_EQ(t.nr_handles, n);
	KT_EQ(t.nr_ops, 2 * n);
	KT_EQ(t.ops[0].handle, 0);
	KT_EQ(t.ops[n - 1].handle, n - 1);
	KT_EQ(t.ops[n].handle, n - 1);		/* _Handle_1 was defined last */
	KT_EQ(t.ops[2 * n - 1].handle, 0);
	trace_free(&t);
	free(buf);
}

static char tmpdir[64];

static char *tmp_path(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	KT_REQUIRE(f != NULL);
	KT_EQ(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void test_load(void)
{
	struct trace t, u;
	char path[128], *a, *b;

	KT_REQUIRE(mkdtemp(strcpy(tmpdir, "/tmp/test_text.XXXXXX")) != NULL);

	/* missing file, empty file, a directory */
	snprintf(path, sizeof(path), "%s", tmp_path("missing.trace"));
	KT_EQ(trace_load(path, &t, err, sizeof(err)), -1);
	KT_ASSERT(!strncmp(err, path, strlen(path)) && strstr(err, ": cannot open:"));
	trace_free(&t);
	snprintf(path, sizeof(path), "%s", tmp_path("empty.trace"));
	write_file(path, "", 0);
	KT_EQ(trace_load(path, &t, err, sizeof(err)), -1);
	KT_ASSERT(strstr(err, ": empty trace") != NULL);
	KT_ASSERT(!strncmp(err, path, strlen(path)));
	trace_free(&t);
	KT_EQ(trace_load(tmpdir, &t, err, sizeof(err)), -1);
	KT_ASSERT(!strncmp(err, tmpdir, strlen(tmpdir)));
	trace_free(&t);

	/* over 1 GiB (a sparse file): refused before reading */
	snprintf(path, sizeof(path), "%s", tmp_path("huge.trace"));
	write_file(path, "hatrace-trace 1\n", 16);
	if (KT_EQ(truncate(path, (1L << 30) + 1), 0)) {
		KT_EQ(trace_load(path, &t, err, sizeof(err)), -1);
		KT_ASSERT(strstr(err, ": file too large") != NULL);
		trace_free(&t);
	}
	unlink(path);

	/* a text error carries PATH:LINE:COL */
	snprintf(path, sizeof(path), "%s", tmp_path("bad.trace"));
	write_file(path, HDR "alloc a\nfree b\n", strlen(HDR "alloc a\nfree b\n"));
	KT_EQ(trace_load(path, &t, err, sizeof(err)), -1);
	{
		char want[256];

		snprintf(want, sizeof(want), "%s:4:6: handle 'b' was never allocated", path);
		KT_ASSERT(!strncmp(err, want, strlen(want)));
	}
	trace_free(&t);

	/* text: load = parse; save as text and as binary, load both back */
	snprintf(path, sizeof(path), "%s", tmp_path("all.trace"));
	write_file(path, traces[0], strlen(traces[0]));
	KT_REQUIRE(trace_load(path, &t, err, sizeof(err)) == 0);
	KT_STREQ(t.name, path);
	KT_EQ(t.nr_ops, 40);
	a = print(&t);

	snprintf(path, sizeof(path), "%s", tmp_path("saved.trace"));
	KT_EQ(trace_save(path, &t, false, err, sizeof(err)), 0);
	KT_REQUIRE(trace_load(path, &u, err, sizeof(err)) == 0);
	b = print(&u);
	KT_STREQ(a, b);
	KT_ASSERT(same_ops(&t, &u));
	KT_ASSERT(!u.binary);
	free(b);
	trace_free(&u);

	/* binary: trace_save writes the magic, trace_load recognises it */
	snprintf(path, sizeof(path), "%s", tmp_path("saved.bin"));
	KT_EQ(trace_save(path, &t, true, err, sizeof(err)), 0);
	{
		FILE *f = fopen(path, "rb");
		char magic[BINARY_MAGIC_LEN] = { 0 };

		KT_REQUIRE(f != NULL);
		KT_EQ(fread(magic, 1, sizeof(magic), f), sizeof(magic));
		fclose(f);
		KT_ASSERT(!memcmp(magic, BINARY_MAGIC, BINARY_MAGIC_LEN));
	}
	if (KT_EQ(trace_load(path, &u, err, sizeof(err)), 0)) {
		b = print(&u);
		KT_STREQ(a, b);
		KT_ASSERT(same_ops(&t, &u));
		KT_ASSERT(u.binary);
		KT_STREQ(u.name, path);
		free(b);
	} else {
		fprintf(stderr, "    %s\n", err);
	}
	trace_free(&u);
	free(a);
	trace_free(&t);

	/* writing where one cannot */
	KT_EQ(trace_save(tmpdir, &t, false, err, sizeof(err)), -1);
	KT_ASSERT(!strncmp(err, tmpdir, strlen(tmpdir)));

	unlink(tmp_path("empty.trace"));
	unlink(tmp_path("bad.trace"));
	unlink(tmp_path("all.trace"));
	unlink(tmp_path("saved.trace"));
	unlink(tmp_path("saved.bin"));
	rmdir(tmpdir);
}

int main(void)
{
	test_fixed_point();
	test_canonical();
	test_fields();
	test_requests();
	test_lowmem_reserve();
	test_nr_free_pages();
	test_gfp();
	test_errors();
	test_era2_ops();
	test_expected();
	test_handles();
	test_load();
	KT_MAIN_END();
}
