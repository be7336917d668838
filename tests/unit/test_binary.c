// SPDX-License-Identifier: MIT
/*
 * test_binary.c - the binary trace encoding (harness/binary.c,
 * docs/binary-format.md): exact round trips of valid traces, total
 * decoding of arbitrary bytes, the canonical fixed point, truncation at
 * every offset (decoded totally; an error at its offset in a file), bytes
 * after a file's end, other versions, the fuzz mode (dynamic_only), and
 * decoding speed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "binary.h"
#include "invariants.h"
#include "ktest.h"
#include "page_alloc.h"
#include "text.h"
#include "trace.h"

/*
 * The fuzzing bounds without dynamic_only: every op kind round-trips
 * exactly under them (decode_limits_fuzz drops the init-* ops).
 */
static const struct decode_limits limits_small = { 4096, 4, 4096, false };

/* ---- a fixed-seed PRNG (splitmix64) ---- */

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. */
static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

/* A value in [0, max], biased to the edges and to small numbers. */
static uint64_t pick(uint64_t max)
{
	switch (below(6)) {
	case 0:
		return 0;
	case 1:
		return max;
	case 2:
		return below(max < 200 ? max + 1 : 200);
	default:
		return max == UINT64_MAX ? rnd() : below(max + 1);
	}
}

/* ---- comparing traces ---- */

static char diff[256];

static bool op_eq(const struct op *a, const struct op *b, uint32_t i)
{
#define F(f) if (a->f != b->f) { \
		snprintf(diff, sizeof(diff), "op %u (%s): " #f " %lld != %lld", i, \
			 op_name((enum op_kind)a->kind), (long long)a->f, (long long)b->f); \
		return false; }
	F(kind) F(cpu) F(order) F(flags) F(zone) F(mt) F(handle) F(gfp) F(a) F(b) F(c)
#undef F
	return true;
}

/* Equal header, handle count and ops, op->line aside. */
static bool trace_eq(const struct trace *a, const struct trace *b)
{
	const struct hat_geometry *ga = &a->hdr.geom, *gb = &b->hdr.geom;

#define H(f) if ((long long)(a->f) != (long long)(b->f)) { \
		snprintf(diff, sizeof(diff), #f " %lld != %lld", \
			 (long long)(a->f), (long long)(b->f)); \
		return false; }
	H(hdr.geom.pb_order) H(hdr.geom.max_order) H(hdr.geom.nr_cpus)
	H(hdr.geom.min_free_kbytes) H(hdr.geom.percpu_pagelist_fraction) H(hdr.geom.page_size_kb)
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (ga->zone_start_pfn[z] != gb->zone_start_pfn[z] ||
		    ga->zone_end_pfn[z] != gb->zone_end_pfn[z] ||
		    ga->reserved_pages[z] != gb->reserved_pages[z]) {
			snprintf(diff, sizeof(diff), "zone %d: [%lu, %lu) r %lu != [%lu, %lu) r %lu", z,
				 ga->zone_start_pfn[z], ga->zone_end_pfn[z], ga->reserved_pages[z],
				 gb->zone_start_pfn[z], gb->zone_end_pfn[z], gb->reserved_pages[z]);
			return false;
		}
	}
	H(hdr.has_variant) H(hdr.variant.patches) H(hdr.nr_rules)
	for (unsigned int i = 0; i < a->hdr.nr_rules; i++) {
		H(hdr.rules[i].have) H(hdr.rules[i].lack) H(hdr.rules[i].fired)
	}
	H(nr_handles) H(nr_ops)
#undef H
	for (uint32_t i = 0; i < a->nr_ops; i++)
		if (!op_eq(&a->ops[i], &b->ops[i], i))
			return false;
	return true;
}

/* check_geometry() (node.c) and the decode limits. */
static bool geom_ok(const struct hat_geometry *g, const struct decode_limits *lim)
{
	unsigned long prev_end = 0;
	bool any = false;

	if (g->max_order < 2 || g->max_order > HAT_MAX_ORDER_LIMIT ||
	    g->pb_order < 1 || g->pb_order > g->max_order - 1 ||
	    g->nr_cpus < 1 || g->nr_cpus > lim->max_cpus || g->page_size_kb != 4 ||
	    g->min_free_kbytes > 0x7fffffffUL ||
	    (g->percpu_pagelist_fraction && (g->percpu_pagelist_fraction < 8 ||
					     g->percpu_pagelist_fraction > (1UL << 20))))
		return false;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long s = g->zone_start_pfn[i], e = g->zone_end_pfn[i];

		if (e <= s)
			continue;
		if (s < prev_end || e > lim->max_node_pages || g->reserved_pages[i] > e - s)
			return false;
		prev_end = e;
		any = true;
	}
	return any;
}

static unsigned long node_end_of(const struct hat_geometry *g)
{
	unsigned long end = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (g->zone_end_pfn[z] > g->zone_start_pfn[z])
			end = g->zone_end_pfn[z];
	return end;
}

/* ---- building traces ---- */

static struct op *push(struct trace *t, enum op_kind k)
{
	struct op *op = trace_push(t);

	KT_REQUIRE(op != NULL);
	op->kind = (uint8_t)k;
	return op;
}

static struct op *push_def(struct trace *t, enum op_kind k, unsigned int order)
{
	struct op *op = push(t, k);

	op->order = (uint8_t)order;
	op->handle = t->nr_handles++;
	return op;
}

static struct op *push_use(struct trace *t, enum op_kind k, uint32_t h, unsigned int cpu)
{
	struct op *op = push(t, k);

	op->handle = h;
	if (op_has_cpu(k))
		op->cpu = (uint8_t)cpu;
	return op;
}

/* Every op kind, every header field, several rules. */
static void build_full(struct trace *t)
{
	struct hat_geometry *g = &t->hdr.geom;
	struct op *op;

	trace_init(t, "full");
	g->pb_order = 3;
	g->max_order = 6;
	g->nr_cpus = 3;
	g->zone_start_pfn[ZONE_DMA] = 8;
	g->zone_end_pfn[ZONE_DMA] = 64;
	g->reserved_pages[ZONE_DMA] = 5;
	g->zone_start_pfn[ZONE_DMA32] = 64;
	g->zone_end_pfn[ZONE_DMA32] = 300;
	g->zone_start_pfn[ZONE_NORMAL] = 512;
	g->zone_end_pfn[ZONE_NORMAL] = 1024;
	g->reserved_pages[ZONE_NORMAL] = 512;
	g->min_free_kbytes = 1234567;
	g->percpu_pagelist_fraction = 8;
	t->hdr.has_variant = true;
	t->hdr.variant.patches = PATCHES_V1 | (1u << PATCH_AC3F3B0A5518);
	t->hdr.nr_rules = 3;
	t->hdr.rules[0] = (struct expect_rule){ 1u << PATCH_V1_2, 0, 0 };
	t->hdr.rules[1] = (struct expect_rule){ PATCHES_V4_10, 1u << PATCH_V1_1,
						(1u << INV_I1) | (1u << INV_I4) };
	t->hdr.rules[2] = (struct expect_rule){ 0, 0, (1u << NR_HAT_INV) - 1 };

	op = push(t, OP_INIT_FREE); op->a = 8; op->b = 1024;
	op = push(t, OP_INIT_FREE); op->a = 1024; op->b = 1024;
	op = push(t, OP_INIT_BUDDY); op->a = 512; op->order = 5; op->mt = MIGRATE_ISOLATE;
	op = push(t, OP_INIT_BLOCK); op->a = 1023; op->mt = MIGRATE_HIGHATOMIC;
	op = push(t, OP_INIT_COUNTER); op->zone = ZONE_NORMAL; op->a = 1LL << 40;
	op = push(t, OP_WATERMARKS); op->zone = ZONE_DMA; op->a = 1; op->b = 2; op->c = 1LL << 40;
	op = push(t, OP_LOWMEM_RESERVE); op->zone = ZONE_DMA; op->a = 0; op->b = 1952; op->c = 1LL << 40;
	op = push(t, OP_NR_FREE_PAGES); op->zone = ZONE_DMA32; op->a = 1LL << 40;
	op = push_def(t, OP_ALLOC, 0); op->cpu = 2; op->gfp = GFP_KERNEL; op->flags = OPF_RT | OPF_LRU;
	op = push_def(t, OP_ALLOC, 5); op->cpu = 1; op->gfp = __GFP_BITS_MASK; op->flags = OPF_LRU;
	op = push_def(t, OP_ALLOC, 3); op->gfp = GFP_ATOMIC | __GFP_DMA32; op->flags = OPF_REPORT;
	op = push_def(t, OP_ISOLATE_FREE, 2); op->a = 520;
	op = push_def(t, OP_INIT_ALLOC, 0); op->a = 0;
	op = push_def(t, OP_ALLOC_BEGIN, 1); op->cpu = 1; op->gfp = GFP_KERNEL;
	op->flags = OPF_RT | OPF_LRU;
	op = push_def(t, OP_ALLOC_BEGIN, 0); op->cpu = 2; op->gfp = GFP_NOFS;
	push_use(t, OP_ALLOC_STEP, 5, 0);
	push_use(t, OP_ALLOC_STEP, 6, 0);
	push_use(t, OP_ALLOC_END, 5, 0);
	push_use(t, OP_FREE_BEGIN, 5, 1);
	push_use(t, OP_ALLOC_STEP, 6, 0);	/* h6 stays in flight to the end */
	push_use(t, OP_FREE_COMMIT, 5, 0);
	push_use(t, OP_FREE_BEGIN, 1, 2);
	push_use(t, OP_FREE, 0, 1);
	push_use(t, OP_FREE_BEGIN, 3, 0);
	push_use(t, OP_FREE_COMMIT, 1, 0);
	op = push(t, OP_DRAIN); op->cpu = 2;
	push(t, OP_DRAIN_ALL);
	op = push(t, OP_UNRESERVE); op->cpu = 1; op->gfp = GFP_KERNEL; op->flags = OPF_FORCE; op->a = 64;
	op = push(t, OP_UNRESERVE); op->gfp = 0; op->a = 0;
	op = push(t, OP_RECLAIMABLE); op->zone = ZONE_DMA32; op->a = 77;
	op = push(t, OP_PROGRESS); op->a = 1LL << 40;
	op = push(t, OP_PROGRESS); op->flags = OPF_FREED;
	op = push(t, OP_SHRINK); op->a = 32;
	op = push(t, OP_ISOLATE); op->a = 600;
	op = push(t, OP_UNISOLATE); op->a = 600; op->mt = MIGRATE_MOVABLE;
	op = push(t, OP_MANAGED); op->zone = ZONE_NORMAL; op->a = 1LL << 40;
	op = push(t, OP_MANAGED); op->zone = ZONE_NORMAL; op->a = -(1LL << 40);
	op = push(t, OP_MANAGED); op->zone = ZONE_DMA; op->a = -51;	/* all it manages */
	op = push(t, OP_MANAGED); op->zone = ZONE_DMA32; op->a = -1;
	push(t, OP_CHECK);
	push_use(t, OP_FREE, 4, 0);
	push_use(t, OP_FREE, 2, 1);
	push_use(t, OP_FREE_COMMIT, 3, 0);
}

/* Geometry edges: one zone at the file limit, largest orders and cpus. */
static void build_edges(struct trace *t)
{
	struct hat_geometry *g = &t->hdr.geom;
	struct op *op;

	trace_init(t, "edges");
	g->pb_order = 13;
	g->max_order = 14;
	g->nr_cpus = HAT_MAX_CPUS;
	g->zone_start_pfn[ZONE_DMA32] = 1;
	g->zone_end_pfn[ZONE_DMA32] = 1UL << 23;
	g->reserved_pages[ZONE_DMA32] = (1UL << 23) - 1;
	g->min_free_kbytes = 0x7fffffff;
	g->percpu_pagelist_fraction = 1UL << 20;
	t->hdr.has_variant = true;
	t->hdr.variant.patches = 0;
	t->hdr.nr_rules = TRACE_MAX_RULES;
	for (unsigned int i = 0; i < TRACE_MAX_RULES; i++)
		t->hdr.rules[i] = (struct expect_rule){ (uint16_t)(i * 37 & ((1u << NR_HAT_PATCHES) - 1)),
							(uint16_t)(((1u << NR_HAT_PATCHES) - 1 - i) &
								   ~(i * 37)),
							(i * 1031) & ((1u << NR_HAT_INV) - 1) };
	op = push(t, OP_INIT_FREE); op->a = (1L << 23) - 5; op->b = 1L << 23;
	op = push(t, OP_INIT_BUDDY); op->a = (1L << 23) - 1; op->order = 13; op->mt = 0;
	for (unsigned int i = 0; i < 300; i++) {
		op = push_def(t, OP_ALLOC, i % 14);
		op->cpu = (uint8_t)(i % HAT_MAX_CPUS);
		op->gfp = (gfp_t)(i * 0x12345u) & __GFP_BITS_MASK;
	}
	/* free from the middle, the oldest, and the newest */
	for (unsigned int i = 0; i < 300; i += 7)
		push_use(t, i % 14 ? OP_FREE_BEGIN : OP_FREE, i, 63);
	for (unsigned int i = 0; i < 300; i += 7)
		if (i % 14)
			push_use(t, OP_FREE_COMMIT, i, 0);
	push_use(t, OP_FREE, 299, 0);
	push_use(t, OP_FREE, 1, 0);
	op = push(t, OP_WATERMARKS); op->zone = ZONE_DMA32;
	op->a = 1LL << 40; op->b = 1LL << 40; op->c = 0;
	op = push(t, OP_UNRESERVE); op->cpu = 63; op->a = 33;
	op = push_def(t, OP_ALLOC, 0); op->cpu = 0;
}

/* The default geometry (no zone given): trace_init's, plus one zone. */
static void build_small(struct trace *t)
{
	trace_init(t, "small");
	t->hdr.geom.zone_end_pfn[ZONE_NORMAL] = 1;
	push(t, OP_CHECK);
}

/* A random valid trace under @lim with about @nops ops. */
static void gen_trace(struct trace *t, const struct decode_limits *lim, uint32_t nops)
{
	struct hat_geometry *g = &t->hdr.geom;
	unsigned long prev_end = 0, node_end;
	int64_t managed[MAX_NR_ZONES];
	uint8_t *state, *order;
	uint8_t pop[MAX_NR_ZONES];
	unsigned int npop = 0;

	trace_init(t, "gen");
	g->max_order = 2 + (unsigned int)below(13);
	g->pb_order = 1 + (unsigned int)below(g->max_order - 1);
	g->nr_cpus = 1 + (unsigned int)below(lim->max_cpus);
	if (below(2))
		g->min_free_kbytes = pick(0x7fffffff);
	if (below(2))
		g->percpu_pagelist_fraction = 8 + pick((1UL << 20) - 8);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long room = lim->max_node_pages - prev_end, gap, len;

		if (room < 2 || below(3) == 0)
			continue;
		gap = pick(below(2) ? room - 1 : (room - 1) / 4);
		len = 1 + pick(below(2) ? room - gap - 1 : (room - gap - 1) / 4);
		g->zone_start_pfn[z] = prev_end + gap;
		g->zone_end_pfn[z] = prev_end + gap + len;
		g->reserved_pages[z] = pick(len);
		prev_end = g->zone_end_pfn[z];
	}
	if (!prev_end)
		g->zone_end_pfn[ZONE_NORMAL] = 1 + pick(lim->max_node_pages - 1);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (g->zone_end_pfn[z] > g->zone_start_pfn[z])
			pop[npop++] = (uint8_t)z;
	node_end = node_end_of(g);
	trace_managed_start(g, managed);
	if (below(2)) {
		t->hdr.has_variant = true;
		t->hdr.variant.patches = (unsigned int)rnd() & ((1u << NR_HAT_PATCHES) - 1);
	}
	t->hdr.nr_rules = (unsigned int)(below(4) ? below(4) : below(TRACE_MAX_RULES + 1));
	for (unsigned int i = 0; i < t->hdr.nr_rules; i++) {
		uint16_t have = (uint16_t)(rnd() & ((1u << NR_HAT_PATCHES) - 1));

		/* a valid rule never requires and excludes the same patch */
		t->hdr.rules[i] = (struct expect_rule){
			have, (uint16_t)(rnd() & ((1u << NR_HAT_PATCHES) - 1) & ~have),
			(uint32_t)(rnd() & ((1u << NR_HAT_INV) - 1)) };
	}

	state = calloc(nops + 1, 1);	/* 0 unused, 1 live, 2 freeing, 3 freed, 4 in flight */
	order = calloc(nops + 1, 1);
	KT_REQUIRE(state && order);
	while (t->nr_ops < nops) {
		enum op_kind k = (enum op_kind)below(NR_OP_KINDS);
		uint32_t cand[64], n = 0, hn = t->nr_handles;
		struct op *op;

		if (op_era(k) > trace_era(&t->hdr))
			continue;	/* an era-1 trace: era 2's ops are invalid */

		/* a few random candidates among the handles */
		if (op_uses_handle(k)) {
			for (uint32_t j = 0; j < 4 * 64 && n < 64 && hn; j++) {
				uint32_t x = j < 8 && hn > j ? hn - 1 - j : (uint32_t)below(hn);

				if ((k == OP_FREE && state[x] == 1) ||
				    (k == OP_FREE_BEGIN && state[x] == 1 && order[x]) ||
				    (k == OP_FREE_COMMIT && state[x] == 2) ||
				    ((k == OP_ALLOC_STEP || k == OP_ALLOC_END) && state[x] == 4))
					cand[n++] = x;
			}
			if (!n)
				continue;
			op = push_use(t, k, cand[below(n)], (unsigned int)below(g->nr_cpus));
			if (k != OP_ALLOC_STEP)
				state[op->handle] = k == OP_FREE_BEGIN ? 2 :
						    k == OP_ALLOC_END ? 1 : 3;
			continue;
		}
		op = push(t, k);
		switch (k) {
		case OP_INIT_FREE:
			op->a = (int64_t)pick(node_end);
			op->b = op->a + (int64_t)pick(node_end - (unsigned long)op->a);
			break;
		case OP_INIT_BUDDY:
			op->order = (uint8_t)below(g->max_order);
			/* fall through */
		case OP_INIT_BLOCK:
		case OP_UNISOLATE:
			op->mt = (uint8_t)below(MIGRATE_TYPES);
			/* fall through */
		case OP_ISOLATE:
			op->a = (int64_t)pick(node_end - 1);
			break;
		case OP_WATERMARKS:
		case OP_LOWMEM_RESERVE:
			op->b = (int64_t)pick(1ULL << 40);
			op->c = (int64_t)pick(1ULL << 40);
			/* fall through */
		case OP_INIT_COUNTER:
		case OP_RECLAIMABLE:
		case OP_NR_FREE_PAGES:
			op->zone = pop[below(npop)];
			/* fall through */
		case OP_SHRINK:
			op->a = (int64_t)pick(1ULL << 40);
			if (k == OP_INIT_COUNTER)	/* whole pageblocks */
				op->a &= ~(int64_t)((1UL << g->pb_order) - 1);
			break;
		case OP_PROGRESS:
			op->a = (int64_t)pick(1ULL << 40);
			op->flags = below(2) ? OPF_FREED : 0;
			break;
		case OP_MANAGED:	/* never below 0 pages */
			op->zone = pop[below(npop)];
			op->a = (int64_t)pick(1ULL << 41) - (1LL << 40);
			if (op->a < -managed[op->zone])
				op->a = -managed[op->zone];
			managed[op->zone] += op->a;
			break;
		case OP_ALLOC:
		case OP_ALLOC_BEGIN:
			op->cpu = (uint8_t)below(g->nr_cpus);
			op->gfp = (gfp_t)rnd() & __GFP_BITS_MASK;
			op->flags = (uint8_t)(below(4) | (below(2) ? OPF_REPORT : 0));
			/* fall through */
		case OP_ISOLATE_FREE:
		case OP_INIT_ALLOC:
			op->order = (uint8_t)below(g->max_order);
			if (k != OP_ALLOC && k != OP_ALLOC_BEGIN)
				op->a = (int64_t)pick(node_end - 1);
			op->handle = t->nr_handles++;
			state[op->handle] = k == OP_ALLOC_BEGIN ? 4 : 1;
			order[op->handle] = op->order;
			break;
		case OP_DRAIN:
			op->cpu = (uint8_t)below(g->nr_cpus);
			break;
		case OP_UNRESERVE:
			op->cpu = (uint8_t)below(g->nr_cpus);
			op->gfp = (gfp_t)rnd() & __GFP_BITS_MASK;
			op->flags = below(2) ? OPF_FORCE : 0;
			op->a = (int64_t)below(65);
			break;
		default:
			break;
		}
	}
	free(state);
	free(order);
}

/* ---- properties ---- */

static long failures;

static void fail(const char *what, const char *ctx)
{
	if (++failures <= 10)
		fprintf(stderr, "FAIL: %s (%s): %s\n", what, ctx, diff);
}

/* One zone spans the whole pageblock at @start. */
static bool block_spanned(const struct hat_geometry *g, unsigned long start)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (g->zone_end_pfn[z] > g->zone_start_pfn[z] && start >= g->zone_start_pfn[z] &&
		    start + (1UL << g->pb_order) <= g->zone_end_pfn[z])
			return true;
	return false;
}

/*
 * What fuzz mode (dynamic_only) guarantees: the first op frees the whole
 * node, no other op sets state directly, unisolate restores Movable, a
 * zone's lowmem_reserve is against higher zones only, its watermarks are
 * min <= low <= high, and the pcp lists can hold pages.
 */
static bool check_dynamic(const struct trace *d, const struct decode_limits *lim,
			  const char *ctx)
{
	if (!d->hdr.geom.percpu_pagelist_fraction) {
		snprintf(diff, sizeof(diff), "percpu_pagelist_fraction 0");
		fail("fuzz mode: default pcp sizing", ctx);
		return false;
	}
	if (lim->max_ops && (!d->nr_ops || d->ops[0].kind != OP_INIT_FREE || d->ops[0].a != 0 ||
			     (unsigned long)d->ops[0].b != node_end_of(&d->hdr.geom))) {
		snprintf(diff, sizeof(diff), "%u ops", d->nr_ops);
		fail("fuzz mode: the first op is not init-free of the whole node", ctx);
		return false;
	}
	for (uint32_t i = 1; i < d->nr_ops; i++) {
		const struct op *op = &d->ops[i];
		bool bad;

		switch (op->kind) {
		case OP_INIT_FREE:
		case OP_INIT_BUDDY:
		case OP_INIT_BLOCK:
		case OP_INIT_COUNTER:
		case OP_INIT_ALLOC:
		case OP_NR_FREE_PAGES:
			bad = true;
			break;
		case OP_UNISOLATE:
		case OP_ISOLATE:
			bad = (op->kind == OP_UNISOLATE && op->mt != MIGRATE_MOVABLE) ||
			      (op->a & ((1L << d->hdr.geom.pb_order) - 1)) ||
			      d->hdr.geom.max_order - 1 > d->hdr.geom.pb_order ||
			      !block_spanned(&d->hdr.geom, (unsigned long)op->a);
			break;
		case OP_LOWMEM_RESERVE:
			bad = op->a || (op->zone >= ZONE_DMA32 && op->b) ||
			      (op->zone >= ZONE_NORMAL && op->c);
			break;
		case OP_WATERMARKS:
			bad = op->a > op->b || op->b > op->c;
			break;
		default:
			bad = false;
			break;
		}
		if (bad) {
			snprintf(diff, sizeof(diff), "op %u: %s", i, op_name((enum op_kind)op->kind));
			fail("fuzz mode: an op that sets state directly", ctx);
			return false;
		}
	}
	return true;
}

/*
 * Everything a decoded trace must be: valid, within the limits, lines
 * pointing at the opcodes, and canonical (encode/decode is a fixed point).
 */
static bool check_decoded(const uint8_t *buf, size_t len, const struct trace *d,
			  const struct decode_limits *lim, const char *ctx)
{
	char why[160];
	long bad = trace_validate(d, why, sizeof(why));
	struct trace d2;
	uint8_t *e1, *e2;
	size_t l1, l2;
	bool ok = true;

	if (bad >= 0) {
		snprintf(diff, sizeof(diff), "op %ld: %s", bad, why);
		fail("decoded trace invalid", ctx);
		return false;
	}
	if (!geom_ok(&d->hdr.geom, lim) || d->nr_ops > lim->max_ops || !d->binary) {
		snprintf(diff, sizeof(diff), "geometry or limits");
		fail("decoded trace outside the limits", ctx);
		return false;
	}
	if (lim->dynamic_only && !check_dynamic(d, lim, ctx))
		return false;
	for (uint32_t i = lim->dynamic_only; i < d->nr_ops; i++)
		if (d->ops[i].line >= len || buf[d->ops[i].line] % NR_OP_KINDS != d->ops[i].kind ||
		    (i > lim->dynamic_only && d->ops[i].line <= d->ops[i - 1].line)) {
			snprintf(diff, sizeof(diff), "op %u line %u", i, d->ops[i].line);
			fail("op->line is not the opcode offset", ctx);
			return false;
		}
	KT_REQUIRE(trace_encode_binary(d, &e1, &l1) == 0);
	KT_REQUIRE(trace_is_binary(e1, l1));
	KT_REQUIRE(trace_decode_binary(e1, l1, "d2", lim, &d2) == 0);
	if (!trace_eq(d, &d2)) {
		fail("decode(encode(decode(x))) != decode(x)", ctx);
		ok = false;
	}
	KT_REQUIRE(trace_encode_binary(&d2, &e2, &l2) == 0);
	if (l1 != l2 || memcmp(e1, e2, l1)) {
		snprintf(diff, sizeof(diff), "%zu vs %zu bytes", l1, l2);
		fail("encode(decode(encode(t))) != encode(t)", ctx);
		ok = false;
	}
	if (lim->dynamic_only) {
		/* a fuzzer's input, written canonically, replays the same as a file */
		struct trace f;
		char err[256];

		if (trace_read_binary(e1, l1, "file", &f, err, sizeof(err))) {
			snprintf(diff, sizeof(diff), "%.200s", err);
			fail("encode(decode_fuzz(x)) is not a whole file", ctx);
			ok = false;
		} else if (!trace_eq(d, &f)) {
			fail("decode_file(encode(decode_fuzz(x))) != decode_fuzz(x)", ctx);
			ok = false;
		}
		trace_free(&f);
	}
	free(e1);
	free(e2);
	trace_free(&d2);
	return ok;
}

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

/*
 * The header @base with byte @at set to @v, then @ops, decodes to @nwant
 * ops whose field a is @want.
 */
static void check_folded(const uint8_t *base, size_t nbase, size_t at, uint8_t v,
			 const uint8_t *ops, size_t nops, const int64_t *want, uint32_t nwant,
			 const char *ctx)
{
	uint8_t buf[256];
	struct trace d;

	KT_REQUIRE(nbase + nops <= sizeof(buf) && at < nbase);
	memcpy(buf, base, nbase);
	buf[at] = v;
	memcpy(buf + nbase, ops, nops);
	KT_REQUIRE(trace_decode_binary(buf, nbase + nops, ctx, &limits_small, &d) == 0);
	if (KT_EQ(d.nr_ops, nwant))
		for (uint32_t i = 0; i < nwant; i++)
			if (!KT_EQ(d.ops[i].a, want[i]))
				fprintf(stderr, "    %s: op %u\n", ctx, i);
	KT_ASSERT(check_decoded(buf, nbase + nops, &d, &limits_small, ctx));
	trace_free(&d);
}

/* Specific folding rules of docs/binary-format.md. */
static void test_folding(void)
{
	struct trace d;
	/* flags 0, orders 0 (max 2, pb 1), cpus 0 (1), zones empty, 0 rules */
	const uint8_t base[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t buf[64];
	size_t n = sizeof(base);

	/* no zone: the default Normal [0, 8 << pb) */
	KT_REQUIRE(trace_decode_binary(base, n, "f", &limits_small, &d) == 0);
	KT_EQ(d.hdr.geom.max_order, 2);
	KT_EQ(d.hdr.geom.pb_order, 1);
	KT_EQ(d.hdr.geom.nr_cpus, 1);
	KT_EQ(d.hdr.geom.zone_start_pfn[ZONE_NORMAL], 0);
	KT_EQ(d.hdr.geom.zone_end_pfn[ZONE_NORMAL], 16);
	trace_free(&d);

	/* orders 0xff: max 2 + 15 % 13 = 4, pb 1 + 15 % 3 = 1; cpus 9 % 4 + 1 */
	memcpy(buf, base, n);
	buf[1] = 0xff;
	buf[2] = 9;
	/* DMA: gap 5000 (past the fuzz limit: empty), DMA32: gap 3, len 9999, resv 99999 */
	{
		const uint8_t z[] = { 0x88, 0x27, 7, 7, 3, 0x8f, 0x4e, 0x9f, 0x8d, 0x06 };

		memcpy(buf + 3, z, sizeof(z));
		buf[13] = 0; buf[14] = 0; buf[15] = 0;	/* Normal: empty */
		buf[16] = 40;				/* 40 % 33 = 7 rules, all zero */
		n = 17;
	}
	KT_REQUIRE(trace_decode_binary(buf, n, "f", &limits_small, &d) == 0);
	KT_EQ(d.hdr.geom.max_order, 4);
	KT_EQ(d.hdr.geom.pb_order, 1);
	KT_EQ(d.hdr.geom.nr_cpus, 2);
	KT_EQ(d.hdr.geom.zone_end_pfn[ZONE_DMA], 0);
	KT_EQ(d.hdr.geom.zone_start_pfn[ZONE_DMA32], 3);
	KT_EQ(d.hdr.geom.zone_end_pfn[ZONE_DMA32], 4096);
	KT_EQ(d.hdr.geom.reserved_pages[ZONE_DMA32], 4093);
	KT_EQ(d.hdr.geom.zone_end_pfn[ZONE_NORMAL], 0);
	KT_EQ(d.hdr.nr_rules, 7);
	trace_free(&d);

	/* ops: handles by position, newest first; dropped ops; truncated varint */
	memcpy(buf, base, sizeof(base));
	n = sizeof(base);
	{
		const uint8_t ops[] = {
			OP_FREE_COMMIT, 5,		/* nothing pending: dropped */
			OP_FREE, 0, 0,			/* nothing live: dropped */
			OP_ALLOC, 0, 1, 0, 0,		/* h0 order 1 */
			OP_ALLOC, 0, 0, 0, 0,		/* h1 order 0 */
			OP_ALLOC + NR_OP_KINDS, 0, 1, 0, 0, /* h2 order 1 (opcode folded) */
			OP_FREE_BEGIN, 0, 0,		/* newest of order > 0: h2 */
			OP_FREE, 1, 0,			/* live {h0, h1}: 1 from newest: h0 */
			OP_FREE_BEGIN, 7, 0,		/* none of order > 0 live: dropped */
			OP_FREE_COMMIT, 3,		/* h2 */
			OP_PCP_TRYLOCK, 1, 1,		/* era 2's: dropped in era 1 */
			OP_SYSCTL, 0, 1,		/* era 2's: dropped in era 1 */
			OP_SHRINK, 0x85,		/* truncated varint: 5 */
		};

		memcpy(buf + n, ops, sizeof(ops));
		n += sizeof(ops);
	}
	KT_REQUIRE(trace_decode_binary(buf, n, "f", &limits_small, &d) == 0);
	KT_REQUIRE(d.nr_ops == 7);
	KT_EQ(d.nr_handles, 3);
	KT_EQ(d.ops[0].kind, OP_ALLOC);
	KT_EQ(d.ops[0].line, sizeof(base) + 5);
	KT_EQ(d.ops[2].kind, OP_ALLOC);
	KT_EQ(d.ops[2].handle, 2);
	KT_EQ(d.ops[3].kind, OP_FREE_BEGIN);
	KT_EQ(d.ops[3].handle, 2);
	KT_EQ(d.ops[4].kind, OP_FREE);
	KT_EQ(d.ops[4].handle, 0);
	KT_EQ(d.ops[5].kind, OP_FREE_COMMIT);
	KT_EQ(d.ops[5].handle, 2);
	KT_EQ(d.ops[6].kind, OP_SHRINK);
	KT_EQ(d.ops[6].a, 5);
	KT_ASSERT(check_decoded(buf, n, &d, &limits_small, "ops"));
	trace_free(&d);

	/* requests: in flight from alloc-begin to alloc-end, not live before */
	memcpy(buf, base, sizeof(base));
	n = sizeof(base);
	{
		const uint8_t ops[] = {
			OP_ALLOC_STEP, 0,		/* nothing in flight: dropped */
			OP_ALLOC_BEGIN, 0, 1, 0, 0,	/* h0 order 1, in flight */
			OP_FREE, 0, 0,			/* nothing live: dropped */
			OP_ALLOC_BEGIN, 0, 0, 0, 0,	/* h1 */
			OP_ALLOC_STEP, 1,		/* in flight {h0, h1}: h0 */
			OP_ALLOC_END, 2,		/* 2 % 2 from newest: h1 */
			OP_FREE_BEGIN, 0, 0,		/* live of order > 0: none */
			OP_ALLOC_END, 5,		/* h0 */
			OP_FREE_BEGIN, 0, 0,		/* h0 */
			OP_ALLOC_END, 0,		/* nothing in flight: dropped */
		};

		memcpy(buf + n, ops, sizeof(ops));
		n += sizeof(ops);
	}
	KT_REQUIRE(trace_decode_binary(buf, n, "f", &limits_small, &d) == 0);
	KT_REQUIRE(d.nr_ops == 6);
	KT_EQ(d.nr_handles, 2);
	KT_EQ(d.ops[0].order, 1);
	{
		static const uint8_t kinds[] = {
			OP_ALLOC_BEGIN, OP_ALLOC_BEGIN, OP_ALLOC_STEP, OP_ALLOC_END, OP_ALLOC_END,
			OP_FREE_BEGIN,
		};
		static const uint32_t handles[] = { 0, 1, 0, 1, 0, 0 };

		for (uint32_t i = 0; i < 6; i++)
			if (!KT_EQ(d.ops[i].kind, kinds[i]) || !KT_EQ(d.ops[i].handle, handles[i]))
				fprintf(stderr, "    requests: op %u\n", i);
	}
	KT_ASSERT(check_decoded(buf, n, &d, &limits_small, "requests"));
	trace_free(&d);

	/* field folding: pfn % node_end, order % max_order, loops % 65, clamps */
	memcpy(buf, base, sizeof(base));
	buf[3 + 6 + 1] = 100;		/* Normal: gap 0, len 100 */
	n = sizeof(base);
	{
		const uint8_t ops[] = {
			OP_INIT_BUDDY, 0xe9, 0x07, 3, 13,	/* pfn 1001 % 100, order 3 % 2, mt 13 % 6 */
			OP_UNRESERVE, 0, 0xff, 0x7f, 0xff, 0x01, 66,	/* gfp, flags 0xff & FORCE, 66 % 65 */
			OP_MANAGED, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
			OP_INIT_FREE, 90, 50,			/* [90, 90 + 50 % 11) */
			OP_SHRINK, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1,
		};

		memcpy(buf + n, ops, sizeof(ops));
		n += sizeof(ops);
	}
	KT_REQUIRE(trace_decode_binary(buf, n, "f", &limits_small, &d) == 0);
	KT_REQUIRE(d.nr_ops >= 5);
	KT_EQ(d.ops[0].a, 1);
	KT_EQ(d.ops[0].order, 1);
	KT_EQ(d.ops[0].mt, 1);
	KT_EQ(d.ops[1].gfp, 0x3fff);
	KT_EQ(d.ops[1].flags, OPF_FORCE);
	KT_EQ(d.ops[1].a, 1);
	KT_EQ(d.ops[2].zone, ZONE_NORMAL);	/* the only populated zone */
	KT_EQ(d.ops[2].a, -100);		/* -2^63, clamped: Normal manages 100 */
	KT_EQ(d.ops[3].a, 90);
	KT_EQ(d.ops[3].b, 96);
	KT_EQ(d.ops[4].a, 1LL << 40);		/* 10-byte varint, clamped */
	KT_EQ(d.ops[5].kind, 0xff % NR_OP_KINDS);	/* the 11th 0xff starts an op */
	KT_ASSERT(check_decoded(buf, n, &d, &limits_small, "fold"));
	trace_free(&d);

	/* init-counter: rounded down to whole pageblocks (8 pages here) */
	{
		static const uint8_t ops[] = {
			OP_INIT_COUNTER, 0, 13,
			OP_INIT_COUNTER, 0, 7,
			OP_INIT_COUNTER, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1,
		};
		static const int64_t want[] = { 8, 0, 1LL << 40 };

		/* orders 0x23: max_order 5, pageblock_order 3 */
		check_folded(base, sizeof(base), 1, 0x23, ops, sizeof(ops), want, 3, "init-counter");
	}
	/* managed: clamped to [-2^40, 2^40], and never below 0 pages */
	{
		static const uint8_t ops[] = {
			OP_MANAGED, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
			OP_MANAGED, 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
			OP_MANAGED, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
			OP_MANAGED, 0, 1,	/* -1: nothing left */
			OP_MANAGED, 0, 6,	/* +3 */
			OP_MANAGED, 0, 9,	/* -5: 3 left */
		};
		static const int64_t want[] = { -100, 1LL << 40, -(1LL << 40), 0, 3, -3 };

		/* Normal: gap 0, len 100 */
		check_folded(base, sizeof(base), 3 + 6 + 1, 100, ops, sizeof(ops), want, 6, "managed");
	}

	/* max_ops: the rest of the input is ignored */
	{
		static uint8_t big[8192];
		struct decode_limits lim = { 4096, 4, 10, false };

		memset(big, OP_CHECK, sizeof(big));
		memcpy(big, base, sizeof(base));
		KT_REQUIRE(trace_decode_binary(big, sizeof(big), "f", &lim, &d) == 0);
		KT_EQ(d.nr_ops, 10);
		trace_free(&d);
		KT_REQUIRE(trace_decode_binary(big, sizeof(big), "f", &limits_small, &d) == 0);
		KT_EQ(d.nr_ops, 4096);
		trace_free(&d);
	}
}

static size_t put_varint(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* Folding is the exact remainder, for every divisor the header fixes. */
static void test_modulo(void)
{
	static uint8_t buf[1 << 16];
	uint64_t want[2000][3];
	long bad = 0;

	for (int round = 0; round < 300; round++) {
		unsigned int max_order = 2 + (unsigned int)below(13);
		unsigned int cpus = 1 + (unsigned int)below(64);
		unsigned long end = 1 + (unsigned long)pick((1UL << 23) - 1);
		unsigned int nops = (unsigned int)below(2000);
		struct trace d;
		size_t n = 0;

		buf[n++] = 0;				/* flags */
		buf[n++] = (uint8_t)(max_order - 2);	/* pageblock_order 1 */
		n += put_varint(buf + n, cpus - 1 + 64 * below(1000));
		for (int z = 0; z < 2; z++)
			buf[n++] = 0, buf[n++] = 0, buf[n++] = 0;
		buf[n++] = 0;
		n += put_varint(buf + n, end);
		buf[n++] = 0;
		buf[n++] = 0;				/* no rules */
		for (unsigned int i = 0; i < nops; i++) {
			uint64_t v[3];

			for (int f = 0; f < 3; f++)
				v[f] = below(4) ? rnd() >> (below(64)) : rnd() & 0xffffffffu;
			if (i & 1) {
				buf[n++] = OP_ISOLATE;
				n += put_varint(buf + n, v[0]);
				want[i][0] = v[0] % end;
			} else {
				buf[n++] = OP_ALLOC;
				n += put_varint(buf + n, v[1]);
				n += put_varint(buf + n, v[2]);
				buf[n++] = 0;
				buf[n++] = 0;
				want[i][1] = v[1] % cpus;
				want[i][2] = v[2] % max_order;
			}
		}
		KT_REQUIRE(trace_decode_binary(buf, n, "mod", &decode_limits_file, &d) == 0);
		KT_REQUIRE(d.nr_ops == nops && d.hdr.geom.nr_cpus == cpus &&
			   d.hdr.geom.max_order == max_order &&
			   d.hdr.geom.zone_end_pfn[ZONE_NORMAL] == end);
		for (unsigned int i = 0; i < nops; i++) {
			const struct op *op = &d.ops[i];

			if (i & 1)
				bad += (uint64_t)op->a != want[i][0];
			else
				bad += op->cpu != want[i][1] || op->order != want[i][2];
		}
		trace_free(&d);
	}
	KT_EQ(bad, 0);
	/* a NULL buffer is the empty input */
	{
		struct trace d;

		KT_REQUIRE(trace_decode_binary(NULL, 0, "null", &limits_small, &d) == 0);
		KT_EQ(d.nr_ops, 0);
		KT_ASSERT(geom_ok(&d.hdr.geom, &limits_small));
		trace_free(&d);
	}
}

/* Selectors pick the (k mod n)-th newest candidate (checked naively). */
static void test_selectors(void)
{
	static uint8_t buf[1 << 20];
	static uint32_t want[1 << 17];
	/* 1 live, 2 freeing, 3 freed, 4 in flight */
	static uint8_t state[1 << 17], order[1 << 17];
	long bad = 0;

	for (int round = 0; round < 20; round++) {
		uint32_t nh = 0, nops = 0, cand[1 << 15];
		struct trace d;
		size_t n = 0;

		buf[n++] = 0;
		buf[n++] = 0xa; /* max_order 12, pageblock_order 1 */
		buf[n++] = 0;
		for (int z = 0; z < 3; z++)
			buf[n++] = 0, buf[n++] = 0, buf[n++] = 0;
		buf[n++] = 0;
		while (nops < 30000) {
			static const uint8_t kinds[] = {
				OP_ALLOC, OP_ALLOC, OP_ALLOC, OP_FREE, OP_FREE_BEGIN,
				OP_FREE_BEGIN, OP_FREE_COMMIT, OP_FREE_COMMIT,
				OP_ALLOC_BEGIN, OP_ALLOC_STEP, OP_ALLOC_END,
			};
			enum op_kind kind = kinds[below(round & 1 ? 4 : sizeof(kinds))];
			uint64_t sel = below(3) ? below(4) : rnd() >> below(64);
			uint32_t c = 0;

			buf[n++] = (uint8_t)kind;
			if (op_defines_handle(kind)) {
				order[nh] = (uint8_t)below(3);
				buf[n++] = 0;
				buf[n++] = order[nh];
				buf[n++] = 0;
				buf[n++] = 0;
				state[nh] = kind == OP_ALLOC ? 1 : 4;
				want[nops++] = nh++;
				continue;
			}
			n += put_varint(buf + n, sel);
			if (op_has_cpu(kind))
				buf[n++] = 0;
			for (uint32_t x = nh; x-- > 0 && c < (1 << 15);)	/* newest first */
				if ((kind == OP_FREE && state[x] == 1) ||
				    (kind == OP_FREE_BEGIN && state[x] == 1 && order[x]) ||
				    (kind == OP_FREE_COMMIT && state[x] == 2) ||
				    ((kind == OP_ALLOC_STEP || kind == OP_ALLOC_END) &&
				     state[x] == 4))
					cand[c++] = x;
			if (!c)
				continue;	/* dropped */
			want[nops] = cand[sel % c];
			if (kind != OP_ALLOC_STEP)
				state[want[nops]] = kind == OP_FREE_BEGIN ? 2 :
						    kind == OP_ALLOC_END ? 1 : 3;
			nops++;
		}
		KT_REQUIRE(trace_decode_binary(buf, n, "sel", &decode_limits_file, &d) == 0);
		KT_REQUIRE(d.nr_ops == nops);
		for (uint32_t i = 0; i < nops; i++)
			bad += d.ops[i].handle != want[i];
		KT_ASSERT(check_decoded(buf, n, &d, &decode_limits_file, "selectors"));
		trace_free(&d);
	}
	KT_EQ(bad, 0);
}

static double now_ms(void)
{
	struct timespec ts;

	timespec_get(&ts, TIME_UTC);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

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
	test_folding();
	test_modulo();
	test_selectors();
	test_round_trip();
	test_text_round_trip();
	test_truncation();
	test_file();
	test_file_framing();
	test_version3();
	test_dynamic();
	test_random_bytes();
	test_speed();
	KT_MAIN_END();
}
