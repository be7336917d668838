// SPDX-License-Identifier: MIT
/*
 * test_mutator.c - the structure-aware mutator (mutator.h) keeps every
 * output decodable, canonical and within max_size: 100,000 calls on the
 * seeds, on random bytes and on its own outputs (chains that grow to
 * thousands of ops), with crossover, in place, at small and large
 * max_size; the same input and seed give the same output; every op kind
 * the fuzz decoding keeps is generated, and requests are stepped with
 * other ops between their steps, stopping at lock-drop points on replay.  Then the AFL++ library
 * (libhatrace_afl_mutator.so) through its exported API.
 *
 * usage: test_mutator [LIBHATRACE_AFL_MUTATOR.so] [SEED.bin...]
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binary.h"
#include "exec.h"
#include "ktest.h"
#include "mutator.h"
#include "trace.h"

#define NR_CALLS	100000
#define POOL		64
#define BUF_MAX		65536

static uint64_t rng_state = 0x3c6ef372fe94f82bull;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

struct input {
	uint8_t *buf;
	size_t len;
};

static struct input seeds[64];
static unsigned int nr_seeds;
static long failures;
static unsigned long kinds_seen[NR_OP_KINDS];
/* outputs with another op between a request's alloc-begin and a step of it */
static unsigned long interleaved;
/* of a sample of outputs replayed: their requests' stops */
static unsigned long replayed, stops;

static void fail(const char *what, size_t len, size_t max)
{
	if (++failures <= 10)
		fprintf(stderr, "FAIL: %s (%zu bytes, max_size %zu)\n", what, len, max);
}

/* Whether some op of another handle comes between a request's begin and a step of it. */
static bool has_interleaved_request(const struct trace *d)
{
	for (uint32_t i = 0; i < d->nr_ops; i++) {
		if (d->ops[i].kind != OP_ALLOC_BEGIN)
			continue;
		for (uint32_t j = i + 1; j < d->nr_ops; j++) {
			const struct op *op = &d->ops[j];

			if (op_uses_handle(op->kind) && op->handle == d->ops[i].handle) {
				if (j > i + 1)
					return true;
				break;
			}
		}
	}
	return false;
}

/* Replay @d under v1 and count its requests' stops. */
static void replay(const struct trace *d)
{
	struct exec_result r;
	struct exec_opts o;

	exec_opts_default(&o, d);
	o.keep_going = true;
	trace_exec(d, &o, &r);
	replayed++;
	stops += r.stats.stops;
}

/*
 * An output: within @max, a valid trace under the fuzz limits, and (when
 * max leaves room for the header) canonical and a whole file.
 */
static void check_output(const uint8_t *out, size_t len, size_t max)
{
	struct trace d;
	char why[160];
	uint8_t *e;
	size_t l;

	if (len > max) {
		fail("output longer than max_size", len, max);
		return;
	}
	if (!len && max >= 512) {
		fail("empty output", len, max);
		return;
	}
	KT_REQUIRE(trace_decode_binary(out, len, "out", &decode_limits_fuzz, &d) == 0);
	if (trace_validate(&d, why, sizeof(why)) >= 0)
		fail("decoded output invalid", len, max);
	for (uint32_t i = 0; i < d.nr_ops; i++)
		kinds_seen[d.ops[i].kind]++;
	interleaved += has_interleaved_request(&d);
	if (below(64) == 0)
		replay(&d);
	if (max >= 512) {
		struct trace f;

		KT_REQUIRE(trace_encode_binary(&d, &e, &l) == 0);
		if (l != len || memcmp(e, out, l))
			fail("output not canonical", len, max);
		free(e);
		/* a whole file (its length field right), as the triage reads it */
		if (trace_read_binary(out, len, "out", &f, why, sizeof(why)))
			fail("output is not a whole file", len, max);
		trace_free(&f);
	}
	trace_free(&d);
}

static size_t pick_max(void)
{
	static const size_t sizes[] = { 1, 16, 64, 300, 512, 1024, 4096, 4096, 4096, 16384 };

	return sizes[below(sizeof(sizes) / sizeof(sizes[0]))];
}

static void random_bytes(struct input *in)
{
	in->len = below(600);
	for (size_t i = 0; i < in->len; i++)
		in->buf[i] = (uint8_t)(below(3) ? below(24) : rnd());
	if (below(2) && in->len >= 4)
		memcpy(in->buf, BINARY_MAGIC, 4);
}

static void test_mutate(void)
{
	static struct input pool[POOL];
	static uint8_t out[BUF_MAX], other[BUF_MAX];
	unsigned long changed = 0, cross = 0, inplace = 0;
	size_t biggest = 0;

	for (int i = 0; i < POOL; i++) {
		pool[i].buf = malloc(BUF_MAX);
		KT_REQUIRE(pool[i].buf != NULL);
		if (nr_seeds && i % 2) {
			pool[i].len = seeds[i % nr_seeds].len;
			memcpy(pool[i].buf, seeds[i % nr_seeds].buf, pool[i].len);
		} else {
			random_bytes(&pool[i]);
		}
	}
	for (long i = 0; i < NR_CALLS; i++) {
		struct input *in = &pool[below(POOL)];
		size_t max = pick_max(), n, olen = 0;
		uint64_t seed = rnd();
		bool with_other = below(4) == 0;

		if (with_other) {
			const struct input *o = below(2) && nr_seeds ? &seeds[below(nr_seeds)] :
					       &pool[below(POOL)];

			olen = o->len;
			memcpy(other, o->buf, olen);
		}
		if (below(10) == 0) {
			n = hat_crossover(in->buf, in->len, other, olen, out, max, seed);
			cross++;
		} else if (below(10) == 0 && max <= BUF_MAX) {
			/* in place, as libFuzzer calls it */
			memcpy(out, in->buf, in->len);
			n = hat_mutate(out, in->len, with_other ? other : NULL, olen, out, max, seed);
			inplace++;
		} else {
			n = hat_mutate(in->buf, in->len, with_other ? other : NULL, olen, out, max, seed);
		}
		check_output(out, n, max);
		if (n != in->len || memcmp(out, in->buf, n))
			changed++;
		/* chains: outputs become inputs, so traces grow and age */
		if (n && max >= 512 && below(3)) {
			memcpy(in->buf, out, n);
			in->len = n;
			if (n > biggest)
				biggest = n;
		}
		if (below(500) == 0)
			random_bytes(in);
	}
	printf("mutator: %d calls (%lu crossovers, %lu in place), %lu changed the input, "
	       "largest output %zu bytes; %lu with a request stepped around other ops, "
	       "%lu stops in %lu outputs replayed\n", NR_CALLS, cross, inplace, changed, biggest,
	       interleaved, stops, replayed);
	KT_EQ(failures, 0);
	KT_LT(NR_CALLS / 2, (long)changed);
	KT_LT(NR_CALLS / 20, (long)interleaved);
	KT_LT((long)replayed / 20, (long)stops);
	for (int i = 0; i < POOL; i++)
		free(pool[i].buf);
}

/* The same input, partner and seed give the same output. */
static void test_deterministic(void)
{
	static uint8_t a[8192], b[8192];
	long bad = 0;

	for (int i = 0; i < 2000; i++) {
		const struct input *in = nr_seeds ? &seeds[i % nr_seeds] : NULL;
		const struct input *o = nr_seeds ? &seeds[(i / 3) % nr_seeds] : NULL;
		size_t na, nb;
		uint64_t seed = rnd();

		if (!in)
			break;
		na = hat_mutate(in->buf, in->len, i % 2 ? o->buf : NULL, o->len, a, sizeof(a), seed);
		nb = hat_mutate(in->buf, in->len, i % 2 ? o->buf : NULL, o->len, b, sizeof(b), seed);
		bad += na != nb || memcmp(a, b, na);
	}
	KT_EQ(bad, 0);
}

/* Every op kind that fuzz decoding keeps shows up in the outputs. */
static void test_kinds(void)
{
	for (int k = 0; k < NR_OP_KINDS; k++) {
		bool dropped = k == OP_INIT_BUDDY || k == OP_INIT_BLOCK || k == OP_INIT_COUNTER ||
			       k == OP_INIT_ALLOC || k == OP_NR_FREE_PAGES;

		if (dropped)
			KT_EQ(kinds_seen[k], 0);
		else if (!KT_ASSERT(kinds_seen[k] > 0))
			fprintf(stderr, "    op %s never generated\n", op_name((enum op_kind)k));
	}
}

/* libhatrace_afl_mutator.so through afl_custom_init / _fuzz / _deinit. */
static void test_afl_library(const char *path)
{
	void *(*init)(void *, unsigned int);
	size_t (*fuzz)(void *, uint8_t *, size_t, uint8_t **, uint8_t *, size_t, size_t);
	void (*deinit)(void *);
	static uint8_t buf[8192];
	size_t len;
	void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL), *m;
	long before = failures;

	if (!KT_ASSERT(lib != NULL)) {
		fprintf(stderr, "    dlopen %s: %s\n", path, dlerror());
		return;
	}
	*(void **)&init = dlsym(lib, "afl_custom_init");
	*(void **)&fuzz = dlsym(lib, "afl_custom_fuzz");
	*(void **)&deinit = dlsym(lib, "afl_custom_deinit");
	KT_REQUIRE(init && fuzz && deinit);
	KT_ASSERT(!dlsym(lib, "afl_custom_splice_optout"));	/* we want add_buf */
	m = init(NULL, 1234);
	KT_REQUIRE(m != NULL);
	len = nr_seeds ? seeds[0].len : 0;
	if (len)
		memcpy(buf, seeds[0].buf, len);
	for (int i = 0; i < 10000; i++) {
		uint8_t *out = NULL;
		size_t max = i % 10 ? 4096 : 1 + (size_t)below(1024);
		const struct input *add = nr_seeds ? &seeds[i % nr_seeds] : NULL;
		size_t n = fuzz(m, buf, len, &out, add ? add->buf : NULL, add ? add->len : 0, max);

		KT_REQUIRE(out != NULL);
		check_output(out, n, max);
		if (n && max >= 512 && n <= sizeof(buf)) {
			memcpy(buf, out, n);
			len = n;
		}
	}
	deinit(m);
	dlclose(lib);
	KT_EQ(failures - before, 0);
}

static void load_seed(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct input *in;

	if (!KT_ASSERT(f != NULL) || nr_seeds >= sizeof(seeds) / sizeof(seeds[0])) {
		if (f)
			fclose(f);
		return;
	}
	in = &seeds[nr_seeds++];
	in->buf = malloc(BUF_MAX);
	KT_REQUIRE(in->buf != NULL);
	in->len = fread(in->buf, 1, BUF_MAX, f);
	fclose(f);
}

int main(int argc, char **argv)
{
	const char *lib = NULL;

	for (int i = 1; i < argc; i++) {
		size_t l = strlen(argv[i]);

		if (l > 3 && !strcmp(argv[i] + l - 3, ".so"))
			lib = argv[i];
		else
			load_seed(argv[i]);
	}
	printf("%u seeds\n", nr_seeds);
	test_deterministic();
	test_mutate();
	test_kinds();
	if (lib)
		test_afl_library(lib);
	for (unsigned int i = 0; i < nr_seeds; i++)
		free(seeds[i].buf);
	KT_MAIN_END();
}
