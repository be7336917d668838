// SPDX-License-Identifier: MIT
/*
 * test_binary_roundtrip.c - the binary encoding of valid traces: hand-built,
 * random and text-parsed traces decode to themselves, and their encodings
 * are a fixed point (harness/binary_encode.c, docs/binary-format.md).
 */
#include "binary_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* decode(encode(t)) == t and the encoding is a fixed point. */
static void check_round_trip(const struct trace *t, const struct decode_limits *lim)
{
	char why[160];
	struct trace d;
	uint8_t *e;
	size_t l;

	KT_REQUIRE(trace_validate(t, why, sizeof(why)) < 0);
	KT_REQUIRE(geom_ok(&t->hdr.geom, lim));
	KT_REQUIRE(trace_encode_binary(t, &e, &l) == 0);
	KT_REQUIRE(trace_decode_binary(e, l, t->name, lim, &d) == 0);
	if (!KT_ASSERT(trace_eq(t, &d)))
		fprintf(stderr, "    %s: %s\n", t->name, diff);
	KT_ASSERT(check_decoded(e, l, &d, lim, t->name));
	trace_free(&d);
	free(e);
}

static void test_round_trip(void)
{
	struct trace t;
	bool seen[NR_OP_KINDS] = { false };

	build_full(&t);
	for (uint32_t i = 0; i < t.nr_ops; i++)
		seen[t.ops[i].kind] = true;
	for (int k = 0; k < NR_OP_KINDS; k++)	/* era 2's: tests/harness/roundtrip.c */
		if (op_era(k) == 1 && !KT_ASSERT(seen[k]))
			fprintf(stderr, "    op %s missing from build_full\n", op_name((enum op_kind)k));
	check_round_trip(&t, &decode_limits_file);
	check_round_trip(&t, &limits_small);
	trace_free(&t);

	build_edges(&t);
	check_round_trip(&t, &decode_limits_file);
	trace_free(&t);

	build_small(&t);
	check_round_trip(&t, &decode_limits_file);
	check_round_trip(&t, &limits_small);
	trace_free(&t);

	/* random valid traces, both limits */
	for (int i = 0; i < 2000; i++) {
		const struct decode_limits *lim = i & 1 ? &decode_limits_file : &limits_small;

		gen_trace(&t, lim, (uint32_t)below(i % 100 ? 64 : 3000));
		check_round_trip(&t, lim);
		trace_free(&t);
	}
}

/* What the text parser produces round-trips too (the same canonical trace). */
static const char *const text_traces[] = {
	"hatrace-trace 1\n"
	"geometry pageblock_order=9 max_order=11 cpus=2\n"
	"zone Normal 0 65536\n"
	"variant v4.8\n"
	"expect -v1-2 -4855e4a7f29d : I1 I4\n"
	"expect : pass\n"
	"init-block 5120 HighAtomic\n"
	"init-counter Normal 1536\n"
	"init-free 5121 5632\n"
	"init-alloc P 5120 0\n"
	"free P cpu=0\n"
	"unreserve cpu=1 gfp=GFP_HIGHUSER_MOVABLE loops=1\n"
	"drain-all\n",

	"hatrace-trace 1\n"
	"geometry pageblock_order=3 max_order=5 cpus=3 min_free_kbytes=77 percpu_pagelist_fraction=8\n"
	"zone DMA 1 64\n"
	"zone DMA32 64 100\n"
	"zone Normal 128 512\n"
	"init-free 1 512\n"
	"init-buddy 128 3 Movable\n"
	"init-block 136 Isolate\n"
	"watermarks DMA32 1 2 3\n"
	"alloc a cpu=0 order=0 gfp=GFP_KERNEL\n"
	"alloc b cpu=1 order=2 gfp=GFP_ATOMIC rt lru\n"
	"alloc c cpu=2 order=1 gfp=GFP_NOWAIT\n"
	"isolate-free d 200 1\n"
	"free-begin b cpu=2\n"
	"free a cpu=1\n"
	"free-commit b\n"
	"drain cpu=0\n"
	"unreserve cpu=1 gfp=GFP_KERNEL force loops=64\n"
	"reclaimable DMA 9\n"
	"progress 5\n"
	"progress freed\n"
	"shrink 32\n"
	"isolate 300\n"
	"unisolate 300 Movable\n"
	"managed Normal -5\n"
	"check\n"
	"free d cpu=0\n"
	"free c cpu=0\n",

	"hatrace-trace 1\n"
	"zone Normal 0 4096\n"
	"init-free 0 4096\n"
	"alloc-begin a cpu=1 order=0 gfp=GFP_HIGHUSER_MOVABLE\n"
	"alloc-begin b cpu=0 order=3 gfp=GFP_KERNEL rt lru\n"
	"alloc x cpu=0 order=0 gfp=GFP_KERNEL\n"
	"alloc-step a\n"
	"alloc-end b\n"
	"free-begin b cpu=1\n"
	"alloc-step a\n"
	"free-commit b\n"
	"alloc-end a\n"
	"free a cpu=0\n"
	"alloc-begin c cpu=1 gfp=GFP_NOFS\n"
	"alloc-step c\n",
};

static void test_text_round_trip(void)
{
	for (size_t i = 0; i < sizeof(text_traces) / sizeof(text_traces[0]); i++) {
		struct trace t;
		char err[256];

		trace_init(&t, "text");
		if (!KT_ASSERT(trace_parse_text(text_traces[i], strlen(text_traces[i]), "text",
						&t, err, sizeof(err)) == 0)) {
			fprintf(stderr, "    %s\n", err);
			trace_free(&t);
			continue;
		}
		check_round_trip(&t, &decode_limits_file);
		trace_free(&t);
	}
}

int main(void)
{
	test_round_trip();
	test_text_round_trip();
	KT_MAIN_END();
}
