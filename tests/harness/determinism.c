// SPDX-License-Identifier: MIT
/*
 * determinism.c - the same trace gives the same verdict and final state
 * on every build.  Replays every corpus trace under v4.8, v1 and v4.10
 * (a later era's trace: under each preset of its era), twice, and
 * compares "file variant verdict hash" lines with the golden
 * file that every build (gcc and clang, -O0 and -O2, with and without
 * sanitizers: scripts/test builds them) must reproduce byte for byte.
 * Each replay is also done op by op with recycled handle numbers, and with
 * each alloc as alloc-begin + alloc-end: the same verdict and state.
 *   determinism GOLDEN DIR...            check
 *   determinism --update GOLDEN DIR...   rewrite GOLDEN (after a model change)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "binary.h"
#include "boot_cache.h"
#include "exec.h"
#include "ktest.h"
#include "load.h"
#include "text.h"
#include "trace_dir.h"

static const char *const variants[] = { "v4.8", "v1", "v4.10" };
#define NR_ERA1_VARIANTS	(sizeof(variants) / sizeof(variants[0]))

/* The @k-th variant a trace of @era is replayed under (false: no more). */
static bool variant_k(uint8_t era, unsigned int k, struct hat_variant *v, const char **name)
{
	const struct hat_era_names *n = era_names(era);
	char err[256];

	if (era != 1) {
		if (k >= n->nr_presets)
			return false;
		*name = n->presets[k].name;
		*v = (struct hat_variant){ .era = era, .patches = n->presets[k].patches };
		return true;
	}
	if (k >= NR_ERA1_VARIANTS)
		return false;
	*name = variants[k];
	KT_REQUIRE(variant_parse(variants[k], v, err, sizeof(err)) == 0);
	return true;
}

/*
 * Replay @t op by op (exec_begin/exec_step/exec_end) with its handles
 * renumbered as a streaming producer does: a freed handle's number is
 * reused by the next allocation.  Must agree with trace_exec().
 */
static void exec_recycled(const struct trace *t, const struct exec_opts *o,
			  struct exec_result *r)
{
	uint32_t n = t->nr_handles ? t->nr_handles : 1, nfree = 0, next = 0;
	uint32_t *map = calloc(n, sizeof(*map)), *freelist = calloc(n, sizeof(*freelist));
	struct exec_session *s;

	KT_REQUIRE(map && freelist);
	s = exec_begin(&t->hdr, o, r);
	KT_REQUIRE(s != NULL);
	for (uint32_t i = 0; i < t->nr_ops; i++) {
		struct op op = t->ops[i];
		bool step;

		if (op_defines_handle(op.kind)) {
			map[op.handle] = nfree ? freelist[--nfree] : next++;
			op.handle = map[op.handle];
		} else if (op_uses_handle(op.kind)) {
			op.handle = map[op.handle];
		}
		step = exec_step(s, &op);
		if (op.kind == OP_FREE || op.kind == OP_FREE_COMMIT)
			freelist[nfree++] = op.handle;
		if (!step)
			break;
	}
	exec_end(s);
	free(map);
	free(freelist);
}

/*
 * Replay @t op by op with each alloc as alloc-begin and, right after it,
 * alloc-end: a request with nothing in between must end as the one-step
 * alloc does.
 */
static void exec_stepped(const struct trace *t, const struct exec_opts *o,
			 struct exec_result *r)
{
	struct exec_session *s = exec_begin(&t->hdr, o, r);

	KT_REQUIRE(s != NULL);
	for (uint32_t i = 0; i < t->nr_ops; i++) {
		struct op op = t->ops[i];

		if (op.kind == OP_ALLOC) {
			op.kind = OP_ALLOC_BEGIN;
			if (!exec_step(s, &op))
				break;
			op = (struct op){ .kind = OP_ALLOC_END, .handle = op.handle };
		}
		if (!exec_step(s, &op))
			break;
	}
	exec_end(s);
}

/* Append "name variant fired hash" lines for every trace of @dir to @out. */
static void replay_dir(const char *dir, FILE *out)
{
	char path[4096], err[512];
	unsigned int n;
	char **names = trace_dir_list(dir, &n);

	KT_REQUIRE(names != NULL);
	for (unsigned int i = 0; i < n; i++) {
		struct trace t;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		trace_init(&t, path);
		KT_REQUIRE(trace_load(path, &t, err, sizeof(err)) == 0);
		const char *vname;
		struct hat_variant var;

		for (unsigned int v = 0; variant_k(trace_era(&t.hdr), v, &var, &vname); v++) {
			struct exec_opts o;
			struct exec_result a, b;

			exec_opts_default(&o, &t);
			o.keep_going = true;
			o.variant = var;
			trace_exec(&t, &o, &a);
			trace_exec(&t, &o, &b);
			KT_EQ(a.fired, b.fired);
			KT_ASSERT(a.state_hash == b.state_hash);
			exec_recycled(&t, &o, &b);
			KT_EQ(a.fired, b.fired);
			KT_EQ(a.nr_violations, b.nr_violations);
			KT_EQ(a.ops_run, b.ops_run);
			KT_ASSERT(a.state_hash == b.state_hash);
			exec_stepped(&t, &o, &b);
			KT_EQ(a.fired, b.fired);
			KT_EQ(a.nr_violations, b.nr_violations);
			KT_EQ(a.stats.allocs, b.stats.allocs);
			KT_EQ(a.stats.alloc_failed, b.stats.alloc_failed);
			KT_EQ(a.stats.ooms, b.stats.ooms);
			KT_EQ(b.stats.ended_at_end, 0);
			KT_ASSERT(a.state_hash == b.state_hash);
			/* through the boot cache: saved, then restored */
			o.reuse_boot = true;
			for (int k = 0; k < 2; k++) {
				trace_exec(&t, &o, &b);
				KT_EQ(a.fired, b.fired);
				KT_EQ(a.nr_violations, b.nr_violations);
				KT_ASSERT(a.state_hash == b.state_hash);
			}
			fprintf(out, "%s %s %#llx %016llx\n", names[i], vname,
				(unsigned long long)a.fired,
				(unsigned long long)a.state_hash);
		}
		trace_free(&t);
	}
	trace_dir_free(names, n);
}

/*
 * Many LRU allocations, most freed at once (stale LRU entries, reused
 * handles when recycled), then a request only reclaim can satisfy: the
 * shrinker must free the same oldest live LRU pages either way, and an op
 * on a handle never defined is skipped, not a crash.
 */
static void lru_recycling(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct trace t;
	struct exec_opts o;
	struct exec_result a, b;
	struct exec_session *s;
	struct op bogus = { .kind = OP_FREE, .handle = 1u << 30 };
	char err[256];

	KT_REQUIRE(f != NULL);
	fputs("hatrace-trace 1\n"
	      "geometry pageblock_order=3 max_order=5 cpus=2 percpu_pagelist_fraction=8\n"
	      "zone DMA 1 64\nzone Normal 64 512\n\ninit-free 64 512\n", f);
	for (int i = 0; i < 300; i++) {
		fprintf(f, "alloc l%d cpu=%d order=0 gfp=GFP_HIGHUSER_MOVABLE lru\n", i, i & 1);
		if (i % 5)
			fprintf(f, "free l%d cpu=%d\n", i, i & 1);
	}
	for (int i = 0; i < 48; i++)
		fprintf(f, "alloc k%d cpu=0 order=3 gfp=GFP_KERNEL\n", i);
	fputs("watermarks Normal 300 380 460\nreclaimable Normal 64\nprogress freed\nshrink 16\n"
	      "alloc x cpu=0 order=0 gfp=GFP_KERNEL\nalloc y cpu=1 order=2 gfp=GFP_KERNEL\n"
	      "free x cpu=0\ndrain-all\ncheck\n", f);
	fclose(f);
	trace_init(&t, "lru-recycling");
	KT_REQUIRE(trace_parse_text(text, len, "lru-recycling", &t, err, sizeof(err)) == 0);
	exec_opts_default(&o, &t);
	o.keep_going = true;
	trace_exec(&t, &o, &a);
	KT_EQ(a.status, 0);
	exec_recycled(&t, &o, &b);
	KT_EQ(a.fired, b.fired);
	KT_EQ(a.stats.allocs, b.stats.allocs);
	KT_EQ(a.stats.alloc_failed, b.stats.alloc_failed);
	KT_ASSERT(a.state_hash == b.state_hash);
	/* an unknown handle: a skipped free */
	s = exec_begin(&t.hdr, &o, &b);
	KT_REQUIRE(s != NULL);
	for (uint32_t i = 0; i < 2; i++)
		exec_step(s, &t.ops[i]);
	KT_ASSERT(exec_step(s, &bogus));
	KT_EQ(exec_end(s), 0);
	KT_EQ(b.stats.frees_skipped, 1);
	trace_free(&t);
	free(text);
}

/*
 * Fuzz inputs (random bytes, decoded as the fuzz targets do: each starts
 * with an init-free of the whole node) under variants of both eras taking
 * turns, with the boot cache (exec_opts.reuse_boot) and without: the same
 * verdicts, violations and final states.  Half the inputs use 3 hot
 * geometries, the other half hundreds (more than the cache's 64 entries),
 * so that entries are restored, evicted and saved again.  And as the fuzz
 * targets run them, without the state hash: the same verdicts.
 */
static void boot_cache_equivalence(void)
{
	static const char *const names[] = { "v4.8", "v1", "v4.10", "v1+no-v1-2", "v6.1",
					     "mainline", "v6.12" };
	unsigned int restored_era[3] = { 0 };
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned int restored = 0;
	uint8_t buf[256];

	for (unsigned int n = 0; n < 3000; n++) {
		struct exec_opts o;
		struct exec_result a, b, c;
		struct trace t;
		char err[128];
		size_t len = 13 + n % 200;
		bool hot = !(n % 2), hit;

		for (size_t i = 13; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] = (uint8_t)x;
		}
		/* flags 0, orders, cpus, zones DMA [1, 65) and Normal (gap 0), no rules */
		memcpy(buf, (const uint8_t[]){ 0,
			(uint8_t)(0x12 + ((hot ? n / 2 : n) % 3) * 0x11),
			(uint8_t)(hot ? 0 : n / 3 % 2), 1, 64, 2, 0, 0, 0, 0,
			(uint8_t)(hot ? 64 : 20 + n % 97), 3, 0 }, 13);
		KT_REQUIRE(trace_decode_binary(buf, len, "random", &decode_limits_fuzz, &t) == 0);
		exec_opts_default(&o, &t);
		KT_REQUIRE(variant_parse(names[(n + n / 7) % (sizeof(names) / sizeof(names[0]))],
					 &o.variant, err, sizeof(err)) == 0);
		o.keep_going = n & 1;
		trace_exec(&t, &o, &a);
		o.reuse_boot = true;
		hit = t.nr_ops && t.ops[0].kind == OP_INIT_FREE &&
		      boot_cache_has(&t.hdr.geom, &o.variant);
		restored += hit;
		restored_era[variant_era(&o.variant)] += hit;
		trace_exec(&t, &o, &b);
		KT_EQ(a.status, b.status);
		KT_EQ(a.fired, b.fired);
		KT_EQ(a.nr_violations, b.nr_violations);
		KT_EQ(a.ops_run, b.ops_run);
		KT_EQ(a.stats.alloc_failed, b.stats.alloc_failed);
		KT_ASSERT(a.state_hash == b.state_hash);
		o.skip_state_hash = true;
		trace_exec(&t, &o, &c);
		KT_EQ(c.status, b.status);
		KT_EQ(c.fired, b.fired);
		KT_EQ(c.ops_run, b.ops_run);
		KT_ASSERT(c.state_hash == 0);
		trace_free(&t);
	}
	/* the cache was used, in both eras, not bypassed, and not all of it hit */
	KT_ASSERT(restored > 1100);
	KT_ASSERT(restored < 2900);
	KT_ASSERT(restored_era[1] > 600);
	KT_ASSERT(restored_era[2] > 400);
}

/* @text parsed as a trace named @name, replayed to its end; its verdict in @r. */
static void exec_text(const char *name, const char *text, bool reuse_boot,
		      struct exec_result *r)
{
	struct exec_opts o;
	struct trace t;
	char err[256];

	trace_init(&t, name);
	KT_REQUIRE(trace_parse_text(text, strlen(text), name, &t, err, sizeof(err)) == 0);
	exec_opts_default(&o, &t);
	o.keep_going = true;
	o.reuse_boot = reuse_boot;
	trace_exec(&t, &o, r);
	trace_free(&t);
}

/*
 * No request's state reaches another's, nor one execution's the next:
 * request A (GFP_NOFS) reaches the OOM path without a kill, then gets
 * the pages freed meanwhile; request B loops in T12's defrag_mode retry
 * without an OOM decision of its own and stops at the livelock bound.
 */
#define CARRY_HEAD	"hatrace-trace 1\nzone Normal 0 4096\n" \
			"variant v6.18+no-defrag-mode-oom-fix\n\nprogress 0\n"
#define CARRY_A		"watermarks Normal 0 0 0\ninit-alloc h0 1024 4\n" \
			"alloc-begin A cpu=0 order=0 gfp=GFP_NOFS\nalloc-step A\n" \
			"free h0 cpu=0\nalloc-end A\n"
#define CARRY_B		"watermarks Normal 100 100 100\nsysctl defrag_mode 1\n" \
			"alloc B cpu=0 order=0 gfp=GFP_KERNEL\n"

/* B is a livelock alone, after A in the same process (boot cache or not), after A in its trace. */
static void no_carry_over(void)
{
	const hat_invset livelock = HAT_INV_BIT(INV_LIVELOCK);
	struct exec_result r;

	exec_text("b", CARRY_HEAD CARRY_B, false, &r);
	KT_EQ(r.fired, livelock);
	for (int reuse_boot = 0; reuse_boot < 2; reuse_boot++) {
		exec_text("a", CARRY_HEAD CARRY_A, reuse_boot, &r);
		KT_EQ(r.fired, 0);
		exec_text("b", CARRY_HEAD CARRY_B, reuse_boot, &r);
		KT_EQ(r.fired, livelock);
	}
	exec_text("ab", CARRY_HEAD CARRY_A CARRY_B, false, &r);
	KT_EQ(r.fired, livelock);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);

		if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
			*len = fread(buf, 1, (size_t)n, f);
			buf[*len] = '\0';
		}
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	bool update = argc > 1 && !strcmp(argv[1], "--update");
	int first = update ? 2 : 1;
	char *got, *want;
	size_t got_len = 0, want_len = 0;
	FILE *mem;

	KT_REQUIRE(argc >= first + 2);
	lru_recycling();
	boot_cache_equivalence();
	no_carry_over();
	mem = tmpfile();
	KT_REQUIRE(mem != NULL);
	for (int i = first + 1; i < argc; i++)
		replay_dir(argv[i], mem);
	rewind(mem);
	got = malloc(1 << 20);
	KT_REQUIRE(got != NULL);
	got_len = fread(got, 1, (1 << 20) - 1, mem);
	got[got_len] = '\0';
	fclose(mem);

	if (update) {
		FILE *f = fopen(argv[first], "w");

		KT_REQUIRE(f != NULL);
		fputs("# file variant fired-invariants state-hash (tests/harness/determinism.c)\n", f);
		fwrite(got, 1, got_len, f);
		fclose(f);
		printf("wrote %s\n", argv[first]);
		free(got);
		KT_MAIN_END();
	}
	want = slurp(argv[first], &want_len);
	KT_REQUIRE(want != NULL);
	/* skip the comment line */
	{
		char *body = strchr(want, '\n');

		KT_REQUIRE(body != NULL);
		if (!KT_STREQ(got, body + 1))
			fprintf(stderr, "state hashes differ from %s: a model change needs "
				"`determinism --update`, anything else is non-determinism\n",
				argv[first]);
	}
	free(got);
	free(want);
	KT_MAIN_END();
}
