// SPDX-License-Identifier: MIT
/*
 * test_mutator.c - the structure-aware mutator (mutator.h) keeps every
 * output decodable, canonical and within max_size: 100,000 calls on the
 * seeds, on random bytes and on its own outputs (chains that grow to
 * thousands of ops), with crossover, in place, at small and large
 * max_size; the same input and seed give the same output; every op kind
 * the fuzz decoding keeps is generated, and requests are stepped with
 * other ops between their steps, stopping at lock-drop points on replay.  An
 * era-2 input (its header's variant of the v6 core) gets what that era's
 * bugs need: the request classes of the v6.3 ALLOC_* split, the THP order
 * and multi-block orders, bursts of one request, pcp-trylock windows
 * around a CPU's ops, knobs turned on, geometries with pageblock_order <
 * MAX_PAGE_ORDER - 1; an era-1 input none of era 2's ops.  Then the AFL++
 * library (libhatrace_afl_mutator.so) through its exported API.
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

/* What the era-2 outputs hold (test_era2). */
struct era2_seen {
	unsigned long outputs, windows, bursts, thp, multiblock, knobs_on, low_pb;
	/* order > 0 requests by ALLOC_* class (v6.3): non-blocking __GFP_HIGH
	 * (NON_BLOCK | MIN_RESERVE | HIGHATOMIC), non-blocking without it
	 * (NON_BLOCK, HIGHATOMIC before 6a204d4b14c9), blocking __GFP_HIGH
	 * (MIN_RESERVE), __GFP_NOMEMALLOC (no reserve) */
	unsigned long atomic_hi, nowait, blocking_high, nomemalloc;
};

/* A pcp-trylock fail, then an op of that CPU before its pcp-trylock ok. */
static bool has_trylock_window(const struct trace *d)
{
	for (uint32_t i = 0; i < d->nr_ops; i++) {
		const struct op *f = &d->ops[i];

		if (f->kind != OP_PCP_TRYLOCK || !(f->flags & OPF_FAIL))
			continue;
		for (uint32_t j = i + 1; j < d->nr_ops; j++) {
			const struct op *op = &d->ops[j];

			if (op->kind == OP_PCP_TRYLOCK && op->cpu == f->cpu)
				break;
			if ((op->kind == OP_ALLOC || op->kind == OP_FREE) && op->cpu == f->cpu)
				return true;
		}
	}
	return false;
}

/* Three allocations in a row of the same CPU, order, gfp and flags. */
static bool has_burst(const struct trace *d)
{
	for (uint32_t i = 2; i < d->nr_ops; i++) {
		const struct op *a = &d->ops[i - 2], *b = &d->ops[i - 1], *c = &d->ops[i];
		bool same = a->kind == OP_ALLOC && b->kind == OP_ALLOC && c->kind == OP_ALLOC;

		for (const struct op *x = b; same && x <= c; x++)
			same = x->cpu == a->cpu && x->order == a->order && x->gfp == a->gfp &&
			       x->flags == a->flags;
		if (same)
			return true;
	}
	return false;
}

static void count_era2(const struct trace *d, struct era2_seen *s)
{
	const struct hat_geometry *g = &d->hdr.geom;

	s->outputs++;
	s->windows += has_trylock_window(d);
	s->bursts += has_burst(d);
	s->low_pb += g->pb_order + 2 < g->max_order;
	for (uint32_t i = 0; i < d->nr_ops; i++) {
		const struct op *op = &d->ops[i];
		bool blocking = op->gfp & __GFP_DIRECT_RECLAIM;

		if (op->kind == OP_SYSCTL && op->b == hat_sysctls[op->a].max)
			s->knobs_on++;
		if (op->kind != OP_ALLOC && op->kind != OP_ALLOC_BEGIN)
			continue;
		s->thp += g->pb_order > 3 && op->order == g->pb_order;
		s->multiblock += op->order > g->pb_order;
		if (!op->order)
			continue;
		if (op->gfp & __GFP_NOMEMALLOC)
			s->nomemalloc++;
		else if (!blocking && (op->gfp & __GFP_HIGH))
			s->atomic_hi++;
		else if (!blocking)
			s->nowait++;
		else if (op->gfp & __GFP_HIGH)
			s->blocking_high++;
	}
}

/*
 * A chain of 3000 mutations from @in (restarted from it now and then),
 * each output checked as above; era-2 outputs counted into @s, era-2 ops
 * of era-1 outputs into @wrong.
 */
static void chain(const uint8_t *in, size_t in_len, struct era2_seen *s, unsigned long *wrong)
{
	static uint8_t buf[BUF_MAX], out[BUF_MAX];
	size_t len = in_len;

	memcpy(buf, in, len);
	for (int k = 0; k < 3000; k++) {
		size_t n = hat_mutate(buf, len, NULL, 0, out, 4096, rnd());
		struct trace d;

		check_output(out, n, 4096);
		KT_REQUIRE(trace_decode_binary(out, n, "out", &decode_limits_fuzz, &d) == 0);
		if (trace_era(&d.hdr) >= 2) {
			count_era2(&d, s);
		} else {
			for (uint32_t j = 0; j < d.nr_ops; j++)
				*wrong += op_era(d.ops[j].kind) > 1;
		}
		trace_free(&d);
		if (n && k % 50) {
			memcpy(buf, out, n);
			len = n;
		} else {
			memcpy(buf, in, in_len);
			len = in_len;
		}
	}
}

/*
 * The era-1 seeds (no pcp-trylock, no burst, pageblock_order =
 * MAX_PAGE_ORDER, no THP order, no sysctl), as they are and made era-2
 * traces (the variant mainline in their header): the era-2 ingredients
 * in the outputs of the latter come from the mutator, and each shows up
 * in a fair share of them; the former get no era-2 op.  The era-2 seeds'
 * outputs are checked too.
 */
static void test_era2(void)
{
	struct era2_seen s = { 0 }, ignored = { 0 };
	unsigned long era1_with_era2_ops = 0;
	unsigned int nr_era1 = 0;
	char err[128];

	for (unsigned int i = 0; i < nr_seeds; i++) {
		struct trace t;
		uint8_t *e;
		size_t len;

		KT_REQUIRE(trace_decode_binary(seeds[i].buf, seeds[i].len, "seed",
					       &decode_limits_fuzz, &t) == 0);
		if (trace_era(&t.hdr) >= 2) {
			trace_free(&t);
			chain(seeds[i].buf, seeds[i].len, &ignored, &era1_with_era2_ops);
			continue;
		}
		nr_era1++;
		chain(seeds[i].buf, seeds[i].len, &ignored, &era1_with_era2_ops);
		t.hdr.has_variant = true;
		KT_REQUIRE(variant_parse("mainline", &t.hdr.variant, err, sizeof(err)) == 0);
		t.hdr.nr_rules = 0;
		KT_REQUIRE(trace_encode_binary(&t, &e, &len) == 0);
		trace_free(&t);
		chain(e, len, &s, &era1_with_era2_ops);
		free(e);
	}
	printf("era 2: %u era-1 seeds made era 2, %lu outputs: %lu with a pcp-trylock window, "
	       "%lu with a burst, %lu with pageblock_order < MAX_PAGE_ORDER - 1; requests: %lu "
	       "THP order, %lu multi-block, order > 0 by class: %lu atomic __GFP_HIGH, %lu "
	       "non-blocking, %lu blocking __GFP_HIGH, %lu NOMEMALLOC; %lu knobs turned on\n",
	       nr_era1, s.outputs, s.windows, s.bursts, s.low_pb, s.thp, s.multiblock,
	       s.atomic_hi, s.nowait, s.blocking_high, s.nomemalloc, s.knobs_on);
	KT_ASSERT(nr_era1 > 0);
	KT_EQ(era1_with_era2_ops, 0);
	KT_LT(s.outputs / 10, (long)s.windows);
	KT_LT(s.outputs / 10, (long)s.bursts);
	KT_LT(s.outputs / 50, (long)s.low_pb);
	KT_LT(s.outputs / 50, (long)s.thp);
	KT_LT(s.outputs / 20, (long)s.multiblock);
	KT_LT(s.outputs / 20, (long)s.atomic_hi);
	KT_LT(s.outputs / 50, (long)s.nowait);
	KT_LT(s.outputs / 50, (long)s.blocking_high);
	KT_LT(s.outputs / 50, (long)s.nomemalloc);
	KT_LT(s.outputs / 50, (long)s.knobs_on);
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
	test_era2();
	if (lib)
		test_afl_library(lib);
	for (unsigned int i = 0; i < nr_seeds; i++)
		free(seeds[i].buf);
	KT_MAIN_END();
}
