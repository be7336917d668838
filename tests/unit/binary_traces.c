// SPDX-License-Identifier: MIT
/*
 * binary_traces.c - traces for the binary encoding's tests: a fixed-seed
 * PRNG, hand-built traces (every op kind and header field; the geometry's
 * edges; the smallest) and random valid traces under given limits.
 */
#include "binary_support.h"

#include <stdlib.h>

const struct decode_limits limits_small = { 4096, 4, 4096, false };

/* ---- a fixed-seed PRNG (splitmix64) ---- */

static uint64_t rng_state = 0x243f6a8885a308d3ull;

uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t below(uint64_t n)
{
	return rnd() % n;
}

uint64_t pick(uint64_t max)
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

/* ---- building traces ---- */

struct op *push(struct trace *t, enum op_kind k)
{
	struct op *op = trace_push(t);

	KT_REQUIRE(op != NULL);
	op->kind = (uint8_t)k;
	return op;
}

struct op *push_def(struct trace *t, enum op_kind k, unsigned int order)
{
	struct op *op = push(t, k);

	op->order = (uint8_t)order;
	op->handle = t->nr_handles++;
	return op;
}

struct op *push_use(struct trace *t, enum op_kind k, uint32_t h, unsigned int cpu)
{
	struct op *op = push(t, k);

	op->handle = h;
	if (op_has_cpu(k))
		op->cpu = (uint8_t)cpu;
	return op;
}

void build_full(struct trace *t)
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

void build_edges(struct trace *t)
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

void build_small(struct trace *t)
{
	trace_init(t, "small");
	t->hdr.geom.zone_end_pfn[ZONE_NORMAL] = 1;
	push(t, OP_CHECK);
}

void gen_trace(struct trace *t, const struct decode_limits *lim, uint32_t nops)
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
