// SPDX-License-Identifier: MIT
/*
 * test_binary_total.c - total decoding (trace_decode_binary(),
 * harness/binary_decode.c): the empty input, every prefix of valid
 * encodings, 200,000 random and mutated byte strings (each a valid trace
 * at the fixed point; a sample through node_init()), and decoding speed.
 */
#include "binary_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "page_alloc.h"

static void test_empty(void)
{
	const struct decode_limits *lims[] = { &decode_limits_file, &limits_small,
					       &decode_limits_fuzz };

	for (int i = 0; i < 3; i++) {
		struct trace d;
		char err[160];
		uint32_t implicit = lims[i]->dynamic_only;	/* the init-free of the node */

		KT_REQUIRE(trace_decode_binary((const uint8_t *)"", 0, "empty", lims[i], &d) == 0);
		KT_EQ(d.nr_ops, implicit);
		KT_ASSERT(check_decoded((const uint8_t *)"", 0, &d, lims[i], "empty"));
		KT_EQ(node_init(&d.hdr.geom, &d.hdr.variant, err, sizeof(err)), 0);
		trace_free(&d);
		KT_REQUIRE(trace_decode_binary((const uint8_t *)BINARY_MAGIC, BINARY_MAGIC_LEN,
					       "magic", lims[i], &d) == 0);
		KT_EQ(d.nr_ops, implicit);
		KT_ASSERT(check_decoded((const uint8_t *)BINARY_MAGIC, BINARY_MAGIC_LEN, &d,
					lims[i], "magic"));
		KT_EQ(node_init(&d.hdr.geom, &d.hdr.variant, err, sizeof(err)), 0);
		trace_free(&d);
	}
	node_exit();
	KT_ASSERT(!trace_is_binary((const uint8_t *)"HTR", 3));
	KT_ASSERT(!trace_is_binary((const uint8_t *)"alloc h0", 8));
	KT_ASSERT(trace_is_binary((const uint8_t *)"HTRB", 4));
}

/* Decoding a prefix keeps every op that the prefix holds whole. */
static void check_truncations(const struct trace *t, const struct decode_limits *lim)
{
	struct trace full;
	uint8_t *e;
	size_t l, hdr_end;

	KT_REQUIRE(trace_encode_binary(t, &e, &l) == 0);
	KT_REQUIRE(trace_decode_binary(e, l, "full", lim, &full) == 0);
	hdr_end = full.nr_ops ? full.ops[0].line : l;
	for (size_t cut = 0; cut <= l; cut++) {
		struct trace d;
		uint32_t whole = 0;

		KT_REQUIRE(trace_decode_binary(e, cut, "cut", lim, &d) == 0);
		check_decoded(e, cut, &d, lim, "truncated");
		while (whole < full.nr_ops &&
		       (whole + 1 < full.nr_ops ? full.ops[whole + 1].line : l) <= cut)
			whole++;
		if (cut >= hdr_end) {
			bool same = d.nr_ops >= whole;

			for (uint32_t i = 0; same && i < whole; i++)
				same = op_eq(&d.ops[i], &full.ops[i], i);
			if (!same) {
				snprintf(diff, sizeof(diff), "cut %zu: %u whole ops, %u decoded",
					 cut, whole, d.nr_ops);
				fail("a truncated encoding lost whole ops", t->name);
			}
		}
		trace_free(&d);
	}
	trace_free(&full);
	free(e);
}

static void test_truncation(void)
{
	long before = failures;
	struct trace t;

	build_full(&t);
	check_truncations(&t, &decode_limits_file);
	trace_free(&t);
	build_edges(&t);
	check_truncations(&t, &decode_limits_file);
	trace_free(&t);
	for (int i = 0; i < 50; i++) {
		gen_trace(&t, &limits_small, 40);
		check_truncations(&t, &limits_small);
		trace_free(&t);
	}
	KT_EQ(failures - before, 0);
}

/* Decode @buf under @lim and check it; sometimes build the node too. */
static void check_bytes(const uint8_t *buf, size_t len, const struct decode_limits *lim,
			bool node, const char *ctx)
{
	struct trace d;
	char err[160];

	KT_REQUIRE(trace_decode_binary(buf, len, "x", lim, &d) == 0);
	check_decoded(buf, len, &d, lim, ctx);
	if (node && node_end_of(&d.hdr.geom) <= (1UL << 16)) {
		int rc = node_init(&d.hdr.geom, &d.hdr.variant, err, sizeof(err));

		if (rc) {
			snprintf(diff, sizeof(diff), "%s", err);
			fail("node_init rejected a decoded geometry", ctx);
		}
	}
	trace_free(&d);
}

static void mutate(uint8_t *buf, size_t *len, size_t cap)
{
	for (int n = 1 + (int)below(4); n; n--) {
		size_t at = *len ? (size_t)below(*len) : 0;

		switch (below(6)) {
		case 0:		/* flip a bit */
			if (*len)
				buf[at] ^= (uint8_t)(1u << below(8));
			break;
		case 1:		/* set a byte */
			if (*len)
				buf[at] = (uint8_t)rnd();
			break;
		case 2:		/* insert a byte */
			if (*len < cap) {
				memmove(buf + at + 1, buf + at, *len - at);
				buf[at] = (uint8_t)rnd();
				(*len)++;
			}
			break;
		case 3:		/* delete a byte */
			if (*len) {
				memmove(buf + at, buf + at + 1, *len - at - 1);
				(*len)--;
			}
			break;
		case 4:		/* truncate */
			*len = at;
			break;
		default:	/* small delta */
			if (*len)
				buf[at] = (uint8_t)(buf[at] + below(5) - 2);
			break;
		}
	}
}

#define NR_RANDOM	200000

static void test_random_bytes(void)
{
	static uint8_t buf[4096];
	long before = failures;
	long nodes = 0;

	for (long i = 0; i < NR_RANDOM; i++) {
		const struct decode_limits *lim = i % 8 == 0 ? &decode_limits_file :
						  i % 8 < 4 ? &limits_small : &decode_limits_fuzz;
		size_t len = (size_t)below(513);
		bool node = i % 16 == 1;

		switch (i % 5) {
		case 0:
		case 1:		/* garbage */
			for (size_t j = 0; j < len; j++)
				buf[j] = (uint8_t)rnd();
			break;
		case 2: {	/* magic (half the time, and the version) and garbage */
			size_t m = BINARY_MAGIC_LEN + (i % 10 == 7);

			memcpy(buf, BINARY_MAGIC, BINARY_MAGIC_LEN);
			buf[BINARY_MAGIC_LEN] = BINARY_VERSION;
			if (len < m)
				len = m;
			for (size_t j = m; j < len; j++)
				buf[j] = (uint8_t)(below(3) ? below(24) : rnd());
			break;
		}
		default: {	/* a mutated encoding of a valid trace */
			struct trace t;
			uint8_t *e;
			size_t l;

			gen_trace(&t, &limits_small, (uint32_t)below(60));
			KT_REQUIRE(trace_encode_binary(&t, &e, &l) == 0);
			len = l < sizeof(buf) ? l : sizeof(buf);
			memcpy(buf, e, len);
			free(e);
			trace_free(&t);
			mutate(buf, &len, sizeof(buf));
			break;
		}
		}
		nodes += node;
		check_bytes(buf, len, lim, node, "random");
	}
	node_exit();
	printf("random inputs: %d decoded, %ld nodes built, %ld failures\n",
	       NR_RANDOM, nodes, failures - before);
	KT_EQ(failures - before, 0);
}

static double now_ms(void)
{
	struct timespec ts;

	timespec_get(&ts, TIME_UTC);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_speed(void)
{
	size_t len = 1 << 20;
	uint8_t *buf = malloc(len), *e;
	struct trace d, t;
	double best = 1e9, best_enc = 1e9, best_valid = 1e9;
	size_t l;
	uint32_t nops = 0;

	KT_REQUIRE(buf != NULL);
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)rnd();
	for (int r = 0; r < 5; r++) {
		double t0 = now_ms();

		KT_REQUIRE(trace_decode_binary(buf, len, "1M", &decode_limits_file, &d) == 0);
		t0 = now_ms() - t0;
		best = t0 < best ? t0 : best;
		nops = d.nr_ops;
		trace_free(&d);
	}
	/* a valid trace of mostly handle ops, encoded to about a megabyte */
	gen_trace(&t, &decode_limits_file, 250000);
	KT_REQUIRE(trace_encode_binary(&t, &e, &l) == 0);
	for (int r = 0; r < 5; r++) {
		double t0 = now_ms(), t1;

		KT_REQUIRE(trace_decode_binary(e, l, "enc", &decode_limits_file, &d) == 0);
		t1 = now_ms() - t0;
		best_valid = t1 < best_valid ? t1 : best_valid;
		trace_free(&d);
		free(e);
		t0 = now_ms();
		KT_REQUIRE(trace_encode_binary(&t, &e, &l) == 0);
		t1 = now_ms() - t0;
		best_enc = t1 < best_enc ? t1 : best_enc;
	}
	printf("decode 1 MiB of random bytes: %.2f ms (%u ops); "
	       "a valid %zu-byte trace of %u ops: decode %.2f ms, encode %.2f ms\n",
	       best, nops, l, t.nr_ops, best_valid, best_enc);
	/* generous: sanitizer builds are several times slower */
	KT_LT(best, 1000);
	free(e);
	trace_free(&t);
	free(buf);
}

int main(void)
{
	test_empty();
	test_truncation();
	test_random_bytes();
	test_speed();
	KT_MAIN_END();
}
