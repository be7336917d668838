// SPDX-License-Identifier: MIT
/*
 * test_binary_fuzz.c - the binary decoder's fuzz mode (dynamic_only,
 * harness/binary_fuzz.c): state-setting ops dropped, an all-free node,
 * the pcp lists on, reachable isolation, watermarks and lowmem reserves;
 * its canonical encodings decode the same as files.
 */
#include "binary_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fuzz mode: state-setting ops dropped, an all-free node, pcp lists on. */
static void test_dynamic(void)
{
	const uint8_t hdr[] = {
		0, 0, 1,		/* no flags; max_order 2, pageblock_order 1; 2 cpus */
		0, 0, 0, 0, 0, 0,	/* DMA, DMA32 unpopulated */
		0, 64, 0,		/* Normal [0, 64) */
		0,			/* no rules */
	};
	const uint8_t ops[] = {
		OP_INIT_FREE, 0, 10,		/* dropped */
		OP_INIT_ALLOC, 4, 1,		/* dropped: defines no handle */
		OP_ALLOC, 0, 1, 0x18, 0,	/* h0: MOVABLE|RECLAIMABLE, folded */
		OP_INIT_BLOCK, 8, 3,		/* dropped */
		OP_INIT_COUNTER, 0, 8,		/* dropped */
		OP_INIT_BUDDY, 0, 0, 0,		/* dropped */
		OP_FREE, 0, 1,			/* h0 */
		OP_ISOLATE, 9,				/* the block: pfn 8 */
		OP_UNISOLATE, 9, MIGRATE_HIGHATOMIC,	/* pfn 8, restores Movable */
		OP_LOWMEM_RESERVE, 0, 5, 6, 7,	/* Normal's reserve against Normal: 0 */
		OP_WATERMARKS, 0, 3, 1, 2,	/* kept, sorted: min <= low <= high */
		OP_MANAGED, 0, 5,		/* kept: ballooning */
		OP_NR_FREE_PAGES, 0, 8,		/* dropped */
	};
	const enum op_kind want[] = {
		OP_INIT_FREE, OP_ALLOC, OP_FREE, OP_ISOLATE, OP_UNISOLATE,
		OP_LOWMEM_RESERVE, OP_WATERMARKS, OP_MANAGED,
	};
	uint8_t buf[sizeof(hdr) + sizeof(ops) + 8];
	struct decode_limits lim = decode_limits_fuzz;
	long before = failures;
	struct trace d, f;
	uint8_t *e;
	size_t n = 0, l;

	KT_ASSERT(decode_limits_fuzz.dynamic_only);
	KT_ASSERT(!decode_limits_file.dynamic_only);
	memcpy(buf, hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), ops, sizeof(ops));
	n = sizeof(hdr) + sizeof(ops);
	KT_REQUIRE(trace_decode_binary(buf, n, "dyn", &decode_limits_fuzz, &d) == 0);
	KT_EQ(d.hdr.geom.percpu_pagelist_fraction, 8);
	KT_REQUIRE(d.nr_ops == sizeof(want) / sizeof(want[0]));
	for (uint32_t i = 0; i < d.nr_ops; i++)
		KT_EQ(d.ops[i].kind, want[i]);
	KT_EQ(d.ops[0].a, 0);
	KT_EQ(d.ops[0].b, 64);
	KT_EQ(d.ops[0].line, sizeof(hdr));	/* where the ops start */
	KT_EQ(d.nr_handles, 1);
	KT_EQ(d.ops[1].handle, 0);
	KT_EQ(d.ops[1].order, 1);
	KT_EQ(d.ops[1].gfp, __GFP_MOVABLE);	/* a correct caller's mask */
	KT_EQ(d.ops[2].handle, 0);
	KT_EQ(d.ops[2].cpu, 1);
	KT_EQ(d.ops[3].a, 8);
	KT_EQ(d.ops[4].a, 8);
	KT_EQ(d.ops[4].mt, MIGRATE_MOVABLE);
	KT_EQ(d.ops[5].a + d.ops[5].b + d.ops[5].c, 0);
	KT_EQ(d.ops[6].a, 1);
	KT_EQ(d.ops[6].b, 2);
	KT_EQ(d.ops[6].c, 3);
	KT_EQ(d.ops[7].a, -3);
	KT_ASSERT(check_decoded(buf, n, &d, &decode_limits_fuzz, "dynamic"));

	/* the canonical encoding decodes to the same trace as a file */
	KT_REQUIRE(trace_encode_binary(&d, &e, &l) == 0);
	KT_REQUIRE(trace_decode_binary(e, l, "file", &decode_limits_file, &f) == 0);
	if (!KT_ASSERT(trace_eq(&d, &f)))
		fprintf(stderr, "    %s\n", diff);
	trace_free(&f);
	free(e);
	trace_free(&d);

	/* file mode keeps every op and the default pcp sizing */
	KT_REQUIRE(trace_decode_binary(buf, n, "file", &decode_limits_file, &f) == 0);
	KT_EQ(f.hdr.geom.percpu_pagelist_fraction, 0);
	KT_EQ(f.nr_ops, 13);
	KT_EQ(f.nr_handles, 2);
	KT_EQ(f.ops[2].gfp, __GFP_MOVABLE | __GFP_RECLAIMABLE);	/* kept, replay warns */
	KT_EQ(f.ops[7].a, 9);
	KT_EQ(f.ops[8].mt, MIGRATE_HIGHATOMIC);
	KT_EQ(f.ops[10].a, 3);	/* a file's watermarks as written */
	trace_free(&f);

	/* a fraction the header gives is kept */
	buf[0] = 0x04;
	memmove(buf + 4, buf + 3, n - 3);
	buf[3] = 100;
	KT_REQUIRE(trace_decode_binary(buf, n + 1, "frac", &decode_limits_fuzz, &d) == 0);
	KT_EQ(d.hdr.geom.percpu_pagelist_fraction, 108);
	KT_EQ(d.nr_ops, 8);
	trace_free(&d);

	/* max_ops counts the implicit op */
	lim.max_ops = 1;
	KT_REQUIRE(trace_decode_binary(buf, n + 1, "one", &lim, &d) == 0);
	KT_EQ(d.nr_ops, 1);
	KT_EQ(d.ops[0].kind, OP_INIT_FREE);
	trace_free(&d);
	lim.max_ops = 0;
	KT_REQUIRE(trace_decode_binary(buf, n + 1, "none", &lim, &d) == 0);
	KT_EQ(d.nr_ops, 0);
	trace_free(&d);

	/* random valid traces, encoded, then decoded in fuzz mode: checked */
	for (int i = 0; i < 500; i++) {
		struct trace t;

		gen_trace(&t, &decode_limits_fuzz, (uint32_t)below(80));
		KT_REQUIRE(trace_encode_binary(&t, &e, &l) == 0);
		KT_REQUIRE(trace_decode_binary(e, l, "gen", &decode_limits_fuzz, &d) == 0);
		check_decoded(e, l, &d, &decode_limits_fuzz, "dynamic gen");
		trace_free(&d);
		/* and every prefix */
		if (i < 20)
			for (size_t cut = 0; cut < l; cut++) {
				KT_REQUIRE(trace_decode_binary(e, cut, "cut", &decode_limits_fuzz,
							       &d) == 0);
				check_decoded(e, cut, &d, &decode_limits_fuzz, "dynamic prefix");
				trace_free(&d);
			}
		free(e);
		trace_free(&t);
	}
	KT_EQ(failures - before, 0);
}

int main(void)
{
	test_dynamic();
	KT_MAIN_END();
}
