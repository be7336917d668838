// SPDX-License-Identifier: MIT
/*
 * mutator_gen.c - the mutator's building blocks (mutator_int.h): the
 * interesting request classes and loop counts, inserting and deleting ops
 * in the context's trace, the handle states at a point of the stream, and
 * new ops with generated arguments.
 */
#include "mutator_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- interesting values ---- */

/*
 * Request classes: what the kernel's callers pass.  GFP_ATOMIC (and rt)
 * is ALLOC_HARDER: at order > 0 it creates the reserve, and it may use
 * it; the others decide which zones, lists and slow-path steps apply.
 */
static const gfp_t interesting_gfp[] = {
	GFP_KERNEL,
	GFP_HIGHUSER_MOVABLE,
	GFP_ATOMIC,
	GFP_ATOMIC,
	GFP_ATOMIC | __GFP_NOWARN | __GFP_COMP,	/* network rx, high order */
	GFP_NOWAIT,
	GFP_NOWAIT | __GFP_HIGH,
	GFP_KERNEL | __GFP_HIGH,
	__GFP_HIGH | __GFP_ATOMIC,			/* atomic, no kswapd */
	GFP_KERNEL | __GFP_DMA32,
	GFP_ATOMIC | __GFP_DMA32,
	GFP_ATOMIC | __GFP_DMA,
	GFP_KERNEL | __GFP_DMA,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_KERNEL | __GFP_NORETRY,
	GFP_HIGHUSER_MOVABLE | __GFP_NORETRY | __GFP_NOWARN,	/* THP-like */
	GFP_KERNEL | __GFP_REPEAT,
	GFP_KERNEL | __GFP_NOFAIL,
	GFP_NOFS,
	GFP_NOIO,
	GFP_USER,
	GFP_ATOMIC | __GFP_MEMALLOC,
};

#define NR_GFP	(sizeof(interesting_gfp) / sizeof(interesting_gfp[0]))

/* no_progress_loops values around MAX_RECLAIM_RETRIES (16) */
static const uint8_t interesting_loops[] = { 0, 1, 2, 3, 8, 15, 16, 17, 64 };

void geom_refresh(struct mctx *c)
{
	const struct hat_geometry *g = &c->t->hdr.geom;

	c->nr_cpus = g->nr_cpus ? g->nr_cpus : 1;
	c->max_order = g->max_order;
	c->pb_order = g->pb_order;
	c->era = trace_era(&c->t->hdr);
	c->npop = 0;
	c->node_end = 0;
	for (int z = 0; z < HAT_NR_ZONES; z++)
		if (g->zone_end_pfn[z] > g->zone_start_pfn[z]) {
			c->pop[c->npop++] = (uint8_t)z;
			c->node_end = g->zone_end_pfn[z];
		}
}

/* Insert a zeroed op at @pos (1 <= pos <= nr_ops); NULL when full. */
struct op *insert_at(struct trace *t, uint32_t pos)
{
	if (t->nr_ops >= decode_limits_fuzz.max_ops || !trace_push(t))
		return NULL;
	memmove(&t->ops[pos + 1], &t->ops[pos], (t->nr_ops - 1 - pos) * sizeof(struct op));
	memset(&t->ops[pos], 0, sizeof(struct op));
	return &t->ops[pos];
}

void delete_range(struct trace *t, uint32_t pos, uint32_t n)
{
	if (pos >= t->nr_ops)
		return;
	if (n > t->nr_ops - pos)
		n = t->nr_ops - pos;
	memmove(&t->ops[pos], &t->ops[pos + n], (t->nr_ops - pos - n) * sizeof(struct op));
	t->nr_ops -= n;
}

/* A position for a new op: 1 .. nr_ops (op 0 frees the node). */
uint32_t insert_pos(struct mctx *c)
{
	return 1 + below(&c->r, c->t->nr_ops);
}

/* An existing op other than op 0, or 0 when there is none. */
uint32_t op_pos(struct mctx *c)
{
	return c->t->nr_ops > 1 ? 1 + below(&c->r, c->t->nr_ops - 1) : 0;
}

/* ---- handle states at a point of the stream ---- */

struct hstate {
	uint8_t *st;		/* per id */
	uint8_t *order;		/* per id */
	uint32_t n;		/* ids */
};

static int hstate_at(struct mctx *c, uint32_t pos, struct hstate *h)
{
	const struct trace *t = c->t;

	h->n = c->next_id;
	h->st = calloc(h->n ? h->n : 1, 1);
	h->order = calloc(h->n ? h->n : 1, 1);
	if (!h->st || !h->order) {
		free(h->st);
		free(h->order);
		return -1;
	}
	for (uint32_t i = 1; i < pos && i < t->nr_ops; i++) {
		const struct op *op = &t->ops[i];
		uint32_t id = op->handle;

		if (id >= h->n)
			continue;
		if (op_defines_handle(op->kind) && h->st[id] == HS_NONE) {
			h->st[id] = op->kind == OP_ALLOC_BEGIN ? HS_FLIGHT : HS_LIVE;
			h->order[id] = op->order;
		} else if (op->kind == OP_ALLOC_END && h->st[id] == HS_FLIGHT) {
			h->st[id] = HS_LIVE;
		} else if (op->kind == OP_FREE && h->st[id] == HS_LIVE) {
			h->st[id] = HS_FREED;
		} else if (op->kind == OP_FREE_BEGIN && h->st[id] == HS_LIVE) {
			h->st[id] = h->order[id] ? HS_PEND : HS_FREED;
		} else if (op->kind == OP_FREE_COMMIT && h->st[id] == HS_PEND) {
			h->st[id] = HS_FREED;
		}
	}
	return 0;
}

static void hstate_free(struct hstate *h)
{
	free(h->st);
	free(h->order);
}

/* A random live id at @pos (of order > 0 if @big), or -1. */
long pick_live(struct mctx *c, uint32_t pos, bool big)
{
	struct hstate h;
	uint32_t n = 0, k;
	long found = -1;

	if (hstate_at(c, pos, &h))
		return -1;
	for (uint32_t id = 0; id < h.n; id++)
		n += h.st[id] == HS_LIVE && (!big || h.order[id]);
	if (n) {
		/* the newest handles more often: what was just allocated */
		k = chance(&c->r, 50) ? n - 1 - below(&c->r, n < 4 ? n : 4) : below(&c->r, n);
		for (uint32_t id = 0; id < h.n; id++)
			if (h.st[id] == HS_LIVE && (!big || h.order[id]) && !k--) {
				found = id;
				break;
			}
	}
	hstate_free(&h);
	return found;
}

/* ---- generating op arguments ---- */

unsigned int gen_order(struct mctx *c)
{
	unsigned int r = below(&c->r, 100), o;

	if (c->era >= 2)
		return gen_order_era2(c);
	if (r < 45)
		o = 0;
	else if (r < 70)
		o = 1;
	else if (r < 80)
		o = 2;
	else if (r < 88)
		o = c->pb_order;
	else
		o = below(&c->r, c->max_order);
	return o < c->max_order ? o : c->max_order - 1;
}

gfp_t gen_gfp(struct mctx *c)
{
	gfp_t g = c->era >= 2 ? gen_gfp_era2(c) : interesting_gfp[below(&c->r, NR_GFP)];

	if (chance(&c->r, 3))
		g ^= 1u << below(&c->r, 26);	/* a stray bit */
	return gfp_fuzz_fold(g);
}

unsigned int gen_cpu(struct mctx *c)
{
	return below(&c->r, c->nr_cpus);
}

int64_t gen_pfn(struct mctx *c, unsigned int align_order)
{
	unsigned long pfn = below(&c->r, (uint32_t)c->node_end);

	if (chance(&c->r, 70))
		pfn &= ~((1UL << align_order) - 1);
	return (int64_t)pfn;
}

static uint8_t gen_zone(struct mctx *c)
{
	return c->pop[below(&c->r, c->npop)];
}

static unsigned long zone_managed(struct mctx *c, unsigned int z)
{
	const struct hat_geometry *g = &c->t->hdr.geom;

	return g->zone_end_pfn[z] - g->zone_start_pfn[z] - g->reserved_pages[z];
}

static int64_t gen_count(struct mctx *c, unsigned long scale)
{
	switch (below(&c->r, 6)) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return (int64_t)(1UL << c->pb_order);
	case 3:
		return (int64_t)below(&c->r, 64);
	case 4:
		return 60000;
	default:
		return (int64_t)below(&c->r, (uint32_t)(scale + 1));
	}
}

static void gen_watermarks(struct mctx *c, struct op *op)
{
	unsigned long m;
	int64_t min, low, high;

	op->zone = gen_zone(c);
	m = zone_managed(c, op->zone);
	/* from a fast path that fails to one that always succeeds */
	min = below(&c->r, (uint32_t)(m / 2 + 1));
	low = min + below(&c->r, (uint32_t)(m / 4 + 1));
	high = low + below(&c->r, (uint32_t)(m / 4 + 1));
	if (chance(&c->r, 20)) {
		low = min + min / 4;	/* __setup_per_zone_wmarks() */
		high = min + min / 2;
	}
	op->a = min;
	op->b = low;
	op->c = high;
}

/* Fill @op (zeroed) as a new op of @kind that uses no handle; @id for a definition. */
void gen_op(struct mctx *c, struct op *op, enum op_kind kind)
{
	op->kind = (uint8_t)kind;
	switch (kind) {
	case OP_ALLOC:
	case OP_ALLOC_BEGIN:
		op->cpu = (uint8_t)gen_cpu(c);
		op->order = (uint8_t)gen_order(c);
		op->gfp = gen_gfp(c);
		op->flags = (uint8_t)((chance(&c->r, 10) ? OPF_RT : 0) |
				      (chance(&c->r, 15) ? OPF_LRU : 0));
		op->handle = c->next_id++;
		break;
	case OP_ISOLATE_FREE:
		op->order = (uint8_t)gen_order(c);
		op->a = gen_pfn(c, op->order);
		op->handle = c->next_id++;
		break;
	case OP_DRAIN:
		op->cpu = (uint8_t)gen_cpu(c);
		break;
	case OP_PCP_TRYLOCK:
		op->cpu = (uint8_t)gen_cpu(c);
		op->flags = chance(&c->r, 50) ? OPF_FAIL : 0;
		break;
	case OP_SYSCTL:
		op->a = below(&c->r, HAT_NR_SYSCTLS);
		op->b = gen_sysctl_value(c, (unsigned int)op->a);
		break;
	case OP_UNRESERVE:
		op->cpu = (uint8_t)gen_cpu(c);
		op->gfp = chance(&c->r, 60) ? GFP_HIGHUSER_MOVABLE : gen_gfp(c);
		op->flags = chance(&c->r, 20) ? OPF_FORCE : 0;
		op->a = gen_loops(c, 80);
		break;
	case OP_WATERMARKS:
		gen_watermarks(c, op);
		break;
	case OP_LOWMEM_RESERVE:
		op->zone = gen_zone(c);
		op->b = op->zone < HAT_ZONE_DMA32 ? gen_count(c, zone_managed(c, op->zone)) : 0;
		op->c = op->zone < HAT_ZONE_NORMAL ? gen_count(c, zone_managed(c, op->zone)) : 0;
		break;
	case OP_RECLAIMABLE:
		op->zone = gen_zone(c);
		op->a = gen_count(c, zone_managed(c, op->zone));
		break;
	case OP_PROGRESS:
		if (chance(&c->r, 40))
			op->flags = OPF_FREED;
		else
			op->a = gen_count(c, 64);
		break;
	case OP_SHRINK:
		op->a = gen_count(c, 64);
		break;
	case OP_ISOLATE:
	case OP_UNISOLATE:
		op->a = gen_pfn(c, c->pb_order);
		op->mt = kind == OP_UNISOLATE ? HAT_MT_MOVABLE : 0;
		break;
	case OP_MANAGED:
		op->zone = gen_zone(c);
		op->a = (int64_t)(below(&c->r, 2u << c->pb_order) + 1);
		if (chance(&c->r, 60))
			op->a = -op->a;
		break;
	default:	/* drain-all, check */
		break;
	}
}

/* Unreserve loops: an interesting value @percent of the time, else any. */
uint32_t gen_loops(struct mctx *c, unsigned int percent)
{
	return chance(&c->r, percent) ?
	       interesting_loops[below(&c->r, sizeof(interesting_loops))] :
	       below(&c->r, MAX_LOOPS + 1);
}

/* A kind for a new op of the trace's era, weighted towards what moves the reserve. */
enum op_kind gen_kind(struct mctx *c)
{
	static const struct {
		uint8_t kind, weight;
	} w[] = {
		{ OP_ALLOC, 30 }, { OP_FREE, 22 }, { OP_FREE_BEGIN, 5 }, { OP_ALLOC_BEGIN, 6 },
		{ OP_DRAIN, 7 }, { OP_DRAIN_ALL, 7 }, { OP_UNRESERVE, 11 },
		{ OP_WATERMARKS, 3 }, { OP_RECLAIMABLE, 2 }, { OP_PROGRESS, 2 },
		{ OP_SHRINK, 1 }, { OP_ISOLATE, 2 }, { OP_UNISOLATE, 2 },
		{ OP_ISOLATE_FREE, 2 }, { OP_MANAGED, 2 }, { OP_LOWMEM_RESERVE, 1 },
		{ OP_CHECK, 1 }, { OP_PCP_TRYLOCK, 1 }, { OP_SYSCTL, 1 },
	};
	uint8_t era = c->era;
	unsigned int total = 0, x;

	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (op_era(w[i].kind) <= era)
			total += w[i].weight;
	x = below(&c->r, total);
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		if (op_era(w[i].kind) > era)
			continue;
		if (x < w[i].weight)
			return (enum op_kind)w[i].kind;
		x -= w[i].weight;
	}
	return OP_ALLOC;
}
