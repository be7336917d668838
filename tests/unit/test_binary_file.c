// SPDX-License-Identifier: MIT
/*
 * test_binary_file.c - binary trace files (trace_read_binary(),
 * harness/binary_file.c): whole encodings read back; every prefix, bytes
 * after the end, damaged framing and other versions are errors at their
 * offset; version 2 files and HDR_WIDE headers (version 3) read right.
 */
#include "binary_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- files: trace_read_binary() ---- */

/*
 * trace_read_binary() rejects @buf[0, @len) with an error at byte offset
 * @at that says @what, and leaves its trace empty.
 */
static void check_rejected(const uint8_t *buf, size_t len, size_t at, const char *what,
			   const char *ctx)
{
	char err[512], want[64];
	struct trace d;

	snprintf(want, sizeof(want), "f: byte offset %zu: ", at);
	if (!trace_read_binary(buf, len, "f", &d, err, sizeof(err))) {
		snprintf(diff, sizeof(diff), "%zu bytes read as %u ops", len, d.nr_ops);
		fail("a damaged file was read", ctx);
	} else if (strncmp(err, want, strlen(want)) || !strstr(err, what) || d.nr_ops) {
		snprintf(diff, sizeof(diff), "%zu bytes: \"%.120s\", wanted \"%.40s...%.40s\"", len, err,
			 want, what);
		fail("wrong error for a damaged file", ctx);
	}
	trace_free(&d);
}

/*
 * The encoding of @t reads back as a file; every prefix of it and every
 * extension is an error at the offset where the file ends or the trace
 * should have.
 */
static void check_file(const struct trace *t)
{
	char err[512];
	struct trace d;
	uint8_t *e, *big;
	size_t l;

	KT_REQUIRE(trace_encode_binary(t, &e, &l) == 0);
	if (trace_read_binary(e, l, "f", &d, err, sizeof(err))) {
		snprintf(diff, sizeof(diff), "%.200s", err);
		fail("a whole file was rejected", t->name);
	} else if (!trace_eq(t, &d)) {
		fail("a file read back differs", t->name);
	}
	trace_free(&d);
	for (size_t cut = 0; cut < l; cut++)
		check_rejected(e, cut, cut, "truncated", t->name);
	big = malloc(2 * l);
	KT_REQUIRE(big != NULL);
	memcpy(big, e, l);
	memcpy(big + l, e, l);		/* the file twice */
	check_rejected(big, 2 * l, l, "after the end", t->name);
	for (size_t extra = 1; extra < 8 && extra < l; extra++) {
		for (size_t i = 0; i < extra; i++)
			big[l + i] = (uint8_t)rnd();
		check_rejected(big, l + extra, l, "after the end", t->name);
	}
	free(big);
	free(e);
}

static void test_file(void)
{
	long before = failures;
	struct trace t;

	build_full(&t);
	check_file(&t);
	trace_free(&t);
	build_edges(&t);
	check_file(&t);
	trace_free(&t);
	build_small(&t);
	check_file(&t);
	trace_free(&t);
	for (int i = 0; i < 200; i++) {
		gen_trace(&t, i & 1 ? &limits_small : &decode_limits_file, (uint32_t)below(40));
		check_file(&t);
		trace_free(&t);
	}
	KT_EQ(failures - before, 0);
}

/*
 * Damaged framing: no magic, other versions, a length field that ends the
 * trace inside its header or an op.  And a version 1 file (no version
 * byte, no length): refused as a file, decoded as before by the fuzzers.
 */
static void test_file_framing(void)
{
	long before = failures;
	struct trace t, a, b;
	uint8_t *e, buf[64];
	size_t l, body, alloc_at;
	struct op *op;

	build_small(&t);
	op = push_def(&t, OP_ALLOC, 0);
	op->gfp = GFP_KERNEL;	/* the last op: alloc, its last field one byte */
	KT_REQUIRE(trace_encode_binary(&t, &e, &l) == 0);
	KT_REQUIRE(l < sizeof(buf) && l < 128 && e[4] == BINARY_VERSION && e[5] == l - 6);
	body = 6;
	KT_REQUIRE(trace_decode_binary(e, l, "v2", &decode_limits_file, &a) == 0);
	KT_REQUIRE(a.nr_ops == 2 && a.ops[1].kind == OP_ALLOC);
	alloc_at = a.ops[1].line;
	trace_free(&a);

	memcpy(buf, e, l);
	buf[0] = 'h';
	check_rejected(buf, l, 0, "not a binary trace", "no magic");
	memcpy(buf, e, l);
	buf[4] = '4';
	check_rejected(buf, l, 4, "unknown binary trace version 0x34", "version 4");
	/* the length field one short: the alloc runs past the end */
	memcpy(buf, e, l);
	buf[5]--;
	check_rejected(buf, l - 1, alloc_at, "op alloc runs past the end", "short length");
	/* a length field of 2: the header runs past the end */
	buf[5] = 2;
	check_rejected(buf, body + 2, body, "the header runs past the end", "short header");
	/* a length field that never ends */
	memset(buf + 5, 0xff, 10);
	check_rejected(buf, 15, 15, "truncated", "long length");

	/* version 1: the magic, then the header */
	memcpy(buf, e, BINARY_MAGIC_LEN);
	memcpy(buf + BINARY_MAGIC_LEN, e + body, l - body);
	check_rejected(buf, l - 2, 4, "a version 1 binary trace", "version 1");
	KT_REQUIRE(trace_decode_binary(buf, l - 2, "v1", &decode_limits_fuzz, &a) == 0);
	KT_REQUIRE(trace_decode_binary(e, l, "v2", &decode_limits_fuzz, &b) == 0);
	KT_ASSERT(trace_eq(&a, &b));
	KT_EQ(a.nr_ops, 3);	/* the implicit init-free, check, alloc */
	trace_free(&a);
	trace_free(&b);
	free(e);
	trace_free(&t);
	KT_EQ(failures - before, 0);
}

/*
 * Version 3: what it encodes without HDR_WIDE is version 2's body, so a
 * version 2 file still reads the same.  With HDR_WIDE (version 3, and a
 * fuzzer's input) the variant carries its era and the masks are varints;
 * a version 2 file ignores the flag and reads them as u16.
 */
static void test_version3(void)
{
	static const uint8_t wide[] = {
		'H', 'T', 'R', 'B', '3', 21,
		0x09, 0x18, 0x01,	/* flags: variant, wide; max_order 10, pb_order 2; 2 cpus */
		0, 0, 0, 0, 0, 0, 0, 64, 0,	/* zones: Normal [0, 64) */
		0x00, 0x85, 0x02,	/* era 1 + 0, patches 0x105 */
		1, 0x01, 0x04, 0x80, 0x80, 0x01,	/* rule: +0 -2 : bit 14 */
	};
	char err[256];
	struct trace t, a, b;
	uint8_t *e, buf[sizeof(wide)];
	size_t l;

	build_small(&t);
	t.hdr.has_variant = true;
	t.hdr.variant.patches = PATCHES_V1;
	KT_REQUIRE(trace_encode_binary(&t, &e, &l) == 0);
	KT_EQ(e[BINARY_MAGIC_LEN], BINARY_VERSION);
	KT_EQ(e[6] & 0x08, 0);	/* era 1, masks below 2^16: no HDR_WIDE */
	e[BINARY_MAGIC_LEN] = BINARY_VERSION_2;
	KT_REQUIRE(trace_read_binary(e, l, "v2", &a, err, sizeof(err)) == 0);
	KT_ASSERT(trace_eq(&t, &a));
	trace_free(&a);
	free(e);
	trace_free(&t);

	KT_REQUIRE(trace_read_binary(wide, sizeof(wide), "v3", &a, err, sizeof(err)) == 0);
	KT_ASSERT(a.hdr.has_variant);
	KT_EQ(a.hdr.variant.era, 1);
	KT_EQ(a.hdr.variant.patches, 0x105);
	KT_EQ(a.hdr.nr_rules, 1);
	KT_EQ(a.hdr.rules[0].have, 1);
	KT_EQ(a.hdr.rules[0].lack, 4);
	KT_EQ(a.hdr.rules[0].fired, HAT_INV_BIT(INV_I6_STALL));
	/* canonical: encoded again without HDR_WIDE, read back the same */
	KT_REQUIRE(trace_encode_binary(&a, &e, &l) == 0);
	KT_EQ(e[6] & 0x08, 0);
	KT_REQUIRE(trace_read_binary(e, l, "v3", &b, err, sizeof(err)) == 0);
	KT_ASSERT(trace_eq(&a, &b));
	trace_free(&b);
	free(e);
	/* the same body in a version 2 file: the flag ignored, u16 masks */
	memcpy(buf, wide, sizeof(wide));
	buf[BINARY_MAGIC_LEN] = BINARY_VERSION_2;
	KT_REQUIRE(trace_decode_binary(buf, sizeof(buf), "v2", &decode_limits_file, &b) == 0);
	KT_EQ(b.hdr.variant.era, 1);
	KT_EQ(b.hdr.variant.patches, (0x8500 & ((1u << NR_HAT_PATCHES) - 1)));
	KT_ASSERT(!trace_eq(&a, &b));
	trace_free(&b);
	trace_free(&a);
}

int main(void)
{
	test_file();
	test_file_framing();
	test_version3();
	KT_MAIN_END();
}
