// SPDX-License-Identifier: MIT
/*
 * mutator.c - structure-aware mutation of binary traces (mutator.h).
 *
 * Works on the decoded trace.  While mutating, op->handle is a handle *id*
 * rather than a number: a defining op (alloc, isolate-free) carries a
 * unique id and the ops that free it carry the same id, so ops can be
 * inserted, copied, moved and spliced without renumbering.  normalize()
 * then walks the ops once: it numbers the handles in definition order,
 * drops the uses that no longer have a live handle (a free before its
 * alloc, a second free, a free-commit without its free-begin), turns a
 * free-begin of an order-0 handle into a free, and folds every field into
 * the range the decoder would fold it to, so that the encoding is the
 * canonical one and decodes to exactly this trace.
 *
 * The ops chosen are the ones the highatomic reserve reacts to: atomic
 * high-order allocations (they create the reserve), order-0 traffic
 * through the pcp lists on several CPUs (the stale cached types), drains
 * and unreserves placed anywhere in the interleaving, the split order>0
 * free (the type read outside zone->lock), and allocations stepped
 * through their slow path's lock-drop points with other CPUs' ops in
 * between (alloc-begin, alloc-step, alloc-end).
 */
#include "mutator.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "binary.h"
#include "gfp.h"
#include "mmzone.h"
#include "trace.h"

#define COUNT_MAX	(1LL << 40)
#define MAX_LOOPS	64		/* unreserve loops: 0 .. 64 */
#define MAX_MUTATIONS	4

/* ---- the PRNG: splitmix64 ---- */

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); 0 when n is 0. */
static uint32_t below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnd(r) % n) : 0;
}

static bool chance(struct rng *r, unsigned int percent)
{
	return below(r, 100) < percent;
}

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

/* ---- the mutation context ---- */

struct mctx {
	struct rng r;
	struct trace *t;
	uint32_t next_id;		/* the next fresh handle id */
	/* the geometry, refreshed after a header change */
	unsigned int nr_cpus, max_order, pb_order;
	unsigned long node_end;
	unsigned int npop;
	uint8_t pop[MAX_NR_ZONES];
};

static void geom_refresh(struct mctx *c)
{
	const struct node_geometry *g = &c->t->hdr.geom;

	c->nr_cpus = g->nr_cpus ? g->nr_cpus : 1;
	c->max_order = g->max_order;
	c->pb_order = g->pb_order;
	c->npop = 0;
	c->node_end = 0;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (g->zone_end_pfn[z] > g->zone_start_pfn[z]) {
			c->pop[c->npop++] = (uint8_t)z;
			c->node_end = g->zone_end_pfn[z];
		}
}

/* Insert a zeroed op at @pos (1 <= pos <= nr_ops); NULL when full. */
static struct op *insert_at(struct trace *t, uint32_t pos)
{
	if (t->nr_ops >= decode_limits_fuzz.max_ops || !trace_push(t))
		return NULL;
	memmove(&t->ops[pos + 1], &t->ops[pos], (t->nr_ops - 1 - pos) * sizeof(struct op));
	memset(&t->ops[pos], 0, sizeof(struct op));
	return &t->ops[pos];
}

static void delete_range(struct trace *t, uint32_t pos, uint32_t n)
{
	if (pos >= t->nr_ops)
		return;
	if (n > t->nr_ops - pos)
		n = t->nr_ops - pos;
	memmove(&t->ops[pos], &t->ops[pos + n], (t->nr_ops - pos - n) * sizeof(struct op));
	t->nr_ops -= n;
}

/* A position for a new op: 1 .. nr_ops (op 0 frees the node). */
static uint32_t insert_pos(struct mctx *c)
{
	return 1 + below(&c->r, c->t->nr_ops);
}

/* An existing op other than op 0, or 0 when there is none. */
static uint32_t op_pos(struct mctx *c)
{
	return c->t->nr_ops > 1 ? 1 + below(&c->r, c->t->nr_ops - 1) : 0;
}

/* ---- handle states at a point of the stream ---- */

enum { HS_NONE, HS_LIVE, HS_PEND, HS_FREED, HS_FLIGHT };

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
static long pick_live(struct mctx *c, uint32_t pos, bool big)
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

static unsigned int gen_order(struct mctx *c)
{
	unsigned int r = below(&c->r, 100), o;

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

static gfp_t gen_gfp(struct mctx *c)
{
	gfp_t g = interesting_gfp[below(&c->r, NR_GFP)];

	if (chance(&c->r, 3))
		g ^= 1u << below(&c->r, 26);	/* a stray bit */
	return gfp_fuzz_fold(g);
}

static unsigned int gen_cpu(struct mctx *c)
{
	return below(&c->r, c->nr_cpus);
}

static int64_t gen_pfn(struct mctx *c, unsigned int align_order)
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
	const struct node_geometry *g = &c->t->hdr.geom;

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
static void gen_op(struct mctx *c, struct op *op, enum op_kind kind)
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
	case OP_UNRESERVE:
		op->cpu = (uint8_t)gen_cpu(c);
		op->gfp = chance(&c->r, 60) ? GFP_HIGHUSER_MOVABLE : gen_gfp(c);
		op->flags = chance(&c->r, 20) ? OPF_FORCE : 0;
		op->a = chance(&c->r, 80) ?
			interesting_loops[below(&c->r, sizeof(interesting_loops))] :
			below(&c->r, MAX_LOOPS + 1);
		break;
	case OP_WATERMARKS:
		gen_watermarks(c, op);
		break;
	case OP_LOWMEM_RESERVE:
		op->zone = gen_zone(c);
		op->b = op->zone < ZONE_DMA32 ? gen_count(c, zone_managed(c, op->zone)) : 0;
		op->c = op->zone < ZONE_NORMAL ? gen_count(c, zone_managed(c, op->zone)) : 0;
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
		op->mt = kind == OP_UNISOLATE ? MIGRATE_MOVABLE : 0;
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

/* A kind for a new op, weighted towards what moves the reserve. */
static enum op_kind gen_kind(struct mctx *c)
{
	static const struct {
		uint8_t kind, weight;
	} w[] = {
		{ OP_ALLOC, 30 }, { OP_FREE, 22 }, { OP_FREE_BEGIN, 5 }, { OP_ALLOC_BEGIN, 6 },
		{ OP_DRAIN, 7 }, { OP_DRAIN_ALL, 7 }, { OP_UNRESERVE, 11 },
		{ OP_WATERMARKS, 3 }, { OP_RECLAIMABLE, 2 }, { OP_PROGRESS, 2 },
		{ OP_SHRINK, 1 }, { OP_ISOLATE, 2 }, { OP_UNISOLATE, 2 },
		{ OP_ISOLATE_FREE, 2 }, { OP_MANAGED, 2 }, { OP_LOWMEM_RESERVE, 1 },
		{ OP_CHECK, 1 },
	};
	unsigned int total = 0, x;

	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		total += w[i].weight;
	x = below(&c->r, total);
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		if (x < w[i].weight)
			return (enum op_kind)w[i].kind;
		x -= w[i].weight;
	}
	return OP_ALLOC;
}

/* ---- the mutations ---- */

/* Insert a free of a live handle at @pos; false if there is none. */
static bool insert_free(struct mctx *c, uint32_t pos)
{
	long id = pick_live(c, pos, false);
	struct op *op;

	if (id < 0 || !(op = insert_at(c->t, pos)))
		return false;
	op->kind = OP_FREE;
	op->handle = (uint32_t)id;
	op->cpu = (uint8_t)gen_cpu(c);
	return true;
}

/* free-begin at @pos, free-commit a few ops later. */
static bool insert_split_free(struct mctx *c, uint32_t pos)
{
	long id = pick_live(c, pos, true);
	uint32_t at;
	struct op *op;

	if (id < 0 || !(op = insert_at(c->t, pos)))
		return false;
	op->kind = OP_FREE_BEGIN;
	op->handle = (uint32_t)id;
	op->cpu = (uint8_t)gen_cpu(c);
	at = pos + 1 + below(&c->r, (c->t->nr_ops - pos - 1 < 4 ? c->t->nr_ops - pos - 1 : 4) + 1);
	if (!(op = insert_at(c->t, at)))
		return true;	/* left pending: fine */
	op->kind = OP_FREE_COMMIT;
	op->handle = (uint32_t)id;
	return true;
}

/*
 * The request defined at @pos (an alloc-begin): its alloc-end a few ops
 * later, often with alloc-steps in between, each one op or more apart so
 * that other ops run at its lock-drop points.
 */
static void insert_steps(struct mctx *c, uint32_t pos)
{
	uint32_t id = c->t->ops[pos].handle, at = pos;
	unsigned int steps = chance(&c->r, 50) ? 0 : 1 + below(&c->r, 4);

	for (unsigned int k = 0; k <= steps; k++) {
		uint32_t room = c->t->nr_ops - at - 1;
		struct op *op;

		at += 1 + (room ? below(&c->r, room < 3 ? room + 1 : 4) : 0);
		if (at > c->t->nr_ops)
			at = c->t->nr_ops;
		if (!(op = insert_at(c->t, at)))
			return;		/* in flight to the end: fine */
		op->kind = k == steps ? OP_ALLOC_END : OP_ALLOC_STEP;
		op->handle = id;
	}
}

static bool mut_insert(struct mctx *c)
{
	uint32_t pos = insert_pos(c);
	enum op_kind k = gen_kind(c);
	struct op *op;

	if (k == OP_FREE && insert_free(c, pos))
		return true;
	if (k == OP_FREE_BEGIN && insert_split_free(c, pos))
		return true;
	if (k == OP_FREE || k == OP_FREE_BEGIN)
		k = OP_ALLOC;
	if (!(op = insert_at(c->t, pos)))
		return false;
	gen_op(c, op, k);
	if (k == OP_ALLOC_BEGIN) {
		insert_steps(c, pos);
		return true;
	}
	/* an allocation is often freed again soon, maybe on another CPU */
	if (k == OP_ALLOC && chance(&c->r, 40) && pos + 1 <= c->t->nr_ops) {
		uint32_t id = op->handle;
		uint32_t at = pos + 1 + below(&c->r, c->t->nr_ops - pos);
		struct op *f = insert_at(c->t, at);

		if (f) {
			f->kind = OP_FREE;
			f->handle = id;
			f->cpu = (uint8_t)gen_cpu(c);
		}
	}
	return true;
}

static bool mut_delete(struct mctx *c)
{
	uint32_t pos = op_pos(c);

	if (!pos)
		return false;
	delete_range(c->t, pos, chance(&c->r, 75) ? 1 : 2 + below(&c->r, 7));
	return true;
}

/* Copy ops [i, i + n) to @at, with fresh handles for what the block defines. */
static bool mut_duplicate(struct mctx *c)
{
	uint32_t i = op_pos(c), n, at;
	uint32_t from[16], to[16], nmap = 0;
	struct op block[16];

	if (!i)
		return false;
	n = chance(&c->r, 50) ? 1 : 2 + below(&c->r, 15);
	if (n > c->t->nr_ops - i)
		n = c->t->nr_ops - i;
	memcpy(block, &c->t->ops[i], n * sizeof(struct op));
	for (uint32_t k = 0; k < n; k++) {
		struct op *op = &block[k];

		if (op_defines_handle(op->kind)) {
			from[nmap] = op->handle;
			to[nmap++] = op->handle = c->next_id++;
		} else if (op_uses_handle(op->kind)) {
			for (uint32_t m = 0; m < nmap; m++)
				if (from[m] == op->handle)
					op->handle = to[m];
		}
	}
	/* right after the block (a repetition) or anywhere */
	at = chance(&c->r, 50) ? i + n : insert_pos(c);
	for (uint32_t k = 0; k < n; k++) {
		struct op *op = insert_at(c->t, at + k);

		if (!op)
			break;
		*op = block[k];
	}
	return true;
}

static bool mut_swap(struct mctx *c)
{
	uint32_t i = op_pos(c), j;
	struct op tmp;

	if (!i || c->t->nr_ops < 3)
		return false;
	if (chance(&c->r, 60))
		j = i + 1 < c->t->nr_ops ? i + 1 : i - 1;
	else
		j = op_pos(c);
	if (!j || j == i)
		return false;
	tmp = c->t->ops[i];
	c->t->ops[i] = c->t->ops[j];
	c->t->ops[j] = tmp;
	return true;
}

/* A random op (other than op 0) satisfying @pred, or 0. */
static uint32_t find_op(struct mctx *c, bool (*pred)(const struct op *))
{
	uint32_t n = 0, k;

	for (uint32_t i = 1; i < c->t->nr_ops; i++)
		n += pred(&c->t->ops[i]);
	if (!n)
		return 0;
	k = below(&c->r, n);
	for (uint32_t i = 1; i < c->t->nr_ops; i++)
		if (pred(&c->t->ops[i]) && !k--)
			return i;
	return 0;
}

static bool pred_cpu(const struct op *op)
{
	return op_has_cpu(op->kind);
}

static bool mut_cpu(struct mctx *c)
{
	uint32_t i = find_op(c, pred_cpu);

	if (!i || c->nr_cpus < 2)
		return false;
	c->t->ops[i].cpu = (uint8_t)((c->t->ops[i].cpu + 1 + below(&c->r, c->nr_cpus - 1)) %
				     c->nr_cpus);
	return true;
}

static bool pred_args(const struct op *op)
{
	return !op_uses_handle(op->kind) && op->kind != OP_DRAIN && op->kind != OP_DRAIN_ALL &&
	       op->kind != OP_CHECK;
}

static bool mut_args(struct mctx *c)
{
	uint32_t i = find_op(c, pred_args);
	struct op *op;
	struct op fresh;

	if (!i)
		return false;
	op = &c->t->ops[i];
	switch (op->kind) {
	case OP_ALLOC:
	case OP_ALLOC_BEGIN:
		switch (below(&c->r, 4)) {
		case 0:
			op->order = (uint8_t)gen_order(c);
			break;
		case 1:
			op->gfp = gen_gfp(c);
			break;
		case 2:
			op->flags ^= OPF_RT;
			break;
		default:
			op->flags ^= chance(&c->r, 50) ? OPF_LRU : OPF_RT;
			op->gfp = gen_gfp(c);
			break;
		}
		break;
	case OP_UNRESERVE:
		switch (below(&c->r, 3)) {
		case 0:
			op->a = chance(&c->r, 70) ?
				interesting_loops[below(&c->r, sizeof(interesting_loops))] :
				below(&c->r, MAX_LOOPS + 1);
			break;
		case 1:
			op->flags ^= OPF_FORCE;
			break;
		default:
			op->gfp = gen_gfp(c);
			break;
		}
		break;
	case OP_ISOLATE_FREE:
		if (chance(&c->r, 50))
			op->order = (uint8_t)gen_order(c);
		op->a = gen_pfn(c, op->order);
		break;
	default:
		/* regenerate the arguments, keeping a handle if it defines one */
		memset(&fresh, 0, sizeof(fresh));
		gen_op(c, &fresh, (enum op_kind)op->kind);
		fresh.line = op->line;
		*op = fresh;
		break;
	}
	return true;
}

static bool pred_sync(const struct op *op)
{
	return op->kind == OP_DRAIN || op->kind == OP_DRAIN_ALL || op->kind == OP_UNRESERVE ||
	       op->kind == OP_ALLOC_STEP || op->kind == OP_ALLOC_END;
}

/*
 * Move a drain, drain-all, unreserve, alloc-step or alloc-end elsewhere in
 * the interleaving (a step or end moved before its alloc-begin is dropped
 * by normalize(): the request then runs further at once, or lands at the
 * end).
 */
static bool mut_move_sync(struct mctx *c)
{
	uint32_t i = find_op(c, pred_sync), at;
	struct op op, *o;

	if (!i) {
		uint32_t pos = insert_pos(c);

		if (!(o = insert_at(c->t, pos)))
			return false;
		gen_op(c, o, chance(&c->r, 50) ? OP_UNRESERVE :
			     chance(&c->r, 50) ? OP_DRAIN_ALL : OP_DRAIN);
		return true;
	}
	op = c->t->ops[i];
	delete_range(c->t, i, 1);
	if (chance(&c->r, 60)) {	/* nearby */
		int d = (int)below(&c->r, 9) - 4;
		long p = (long)i + d;

		at = p < 1 ? 1 : p > (long)c->t->nr_ops ? c->t->nr_ops : (uint32_t)p;
	} else {
		at = insert_pos(c);
	}
	if (!(o = insert_at(c->t, at)))
		return false;
	*o = op;
	if (chance(&c->r, 20) && op_has_cpu(o->kind))
		o->cpu = (uint8_t)gen_cpu(c);
	return true;
}

static bool pred_free_or_begin(const struct op *op)
{
	return op->kind == OP_FREE || op->kind == OP_FREE_BEGIN;
}

/*
 * A free becomes free-begin ... free-commit around the next few ops (the
 * type read outside zone->lock), or such a pair becomes one free again.
 */
static bool mut_toggle_split(struct mctx *c)
{
	struct trace *t = c->t;
	uint32_t i = find_op(c, pred_free_or_begin), id, at, span;
	struct op *op;

	if (!i)
		return insert_split_free(c, insert_pos(c));
	id = t->ops[i].handle;
	if (t->ops[i].kind == OP_FREE_BEGIN) {
		for (uint32_t j = i + 1; j < t->nr_ops; j++)
			if (t->ops[j].kind == OP_FREE_COMMIT && t->ops[j].handle == id) {
				delete_range(t, j, 1);
				break;
			}
		t->ops[i].kind = OP_FREE;
		return true;
	}
	/* only a handle of order > 0 can be split: find its definition */
	for (uint32_t j = i; j-- > 1;)
		if (op_defines_handle(t->ops[j].kind) && t->ops[j].handle == id) {
			if (!t->ops[j].order)
				return false;
			break;
		}
	t->ops[i].kind = OP_FREE_BEGIN;
	span = t->nr_ops - i - 1;
	at = i + 1 + (span ? 1 + below(&c->r, span < 6 ? span : 6) : 0);
	if (at > t->nr_ops)
		at = t->nr_ops;
	if (!(op = insert_at(t, at)))
		return true;
	op->kind = OP_FREE_COMMIT;
	op->handle = id;
	return true;
}

static bool pred_alloc(const struct op *op)
{
	return op->kind == OP_ALLOC || op->kind == OP_ALLOC_BEGIN;
}

/*
 * An alloc becomes alloc-begin ... alloc-end around the next few ops (its
 * slow path stops where other CPUs run), maybe with alloc-steps; or such a
 * request becomes one alloc again, without its steps and end.
 */
static bool mut_toggle_step(struct mctx *c)
{
	struct trace *t = c->t;
	uint32_t i = find_op(c, pred_alloc), id;

	if (!i) {
		uint32_t pos = insert_pos(c);
		struct op *op = insert_at(t, pos);

		if (!op)
			return false;
		gen_op(c, op, OP_ALLOC_BEGIN);
		insert_steps(c, pos);
		return true;
	}
	id = t->ops[i].handle;
	if (t->ops[i].kind == OP_ALLOC) {
		t->ops[i].kind = OP_ALLOC_BEGIN;
		insert_steps(c, i);
		return true;
	}
	t->ops[i].kind = OP_ALLOC;
	for (uint32_t j = t->nr_ops; j-- > i + 1;)
		if (t->ops[j].handle == id &&
		    (t->ops[j].kind == OP_ALLOC_STEP || t->ops[j].kind == OP_ALLOC_END))
			delete_range(t, j, 1);
	return true;
}

/* Splice the ops of @o (decoded) into the trace. */
static bool mut_splice(struct mctx *c, const struct trace *o)
{
	struct trace *t = c->t;
	uint32_t base = c->next_id, j, n, at;

	if (o->nr_ops < 2)
		return false;
	j = 1 + below(&c->r, o->nr_ops - 1);
	if (chance(&c->r, 50)) {
		/* our prefix, then the other's suffix */
		at = insert_pos(c);
		t->nr_ops = at;
		n = o->nr_ops - j;
	} else {
		/* a chunk of the other's ops inserted */
		at = insert_pos(c);
		n = 1 + below(&c->r, o->nr_ops - j < 32 ? o->nr_ops - j : 32);
	}
	for (uint32_t k = 0; k < n; k++) {
		struct op *op = insert_at(t, at + k);

		if (!op)
			break;
		*op = o->ops[j + k];
		if (op_defines_handle(op->kind) || op_uses_handle(op->kind))
			op->handle += base;
	}
	c->next_id = base + o->nr_handles;
	return true;
}

/* The header: CPUs, block and zone sizes, pcp sizing, min_free_kbytes. */
static bool mut_header(struct mctx *c)
{
	struct node_geometry *g = &c->t->hdr.geom;
	static const unsigned long sizes[] = { 64, 256, 512, 1024, 2048, 4096 };
	static const unsigned long fractions[] = { 8, 8, 16, 64, 1024, 1UL << 20 };
	unsigned long max = decode_limits_fuzz.max_node_pages;

	switch (below(&c->r, 5)) {
	case 0:
		g->nr_cpus = 1 + below(&c->r, decode_limits_fuzz.max_cpus);
		break;
	case 1:
		g->pb_order = 1 + below(&c->r, g->max_order - 1 < 6 ? g->max_order - 1 : 6);
		if (chance(&c->r, 30)) {
			g->max_order = g->pb_order + 1 + below(&c->r, 3);
			if (g->max_order > HAT_MAX_ORDER_LIMIT)
				g->max_order = HAT_MAX_ORDER_LIMIT;
		}
		break;
	case 2: {
		/* Normal (or the highest zone) to another size */
		int z = c->pop[c->npop - 1];
		unsigned long s = g->zone_start_pfn[z];
		unsigned long e = s + sizes[below(&c->r, sizeof(sizes) / sizeof(sizes[0]))];

		if (e > max)
			e = max;
		if (e <= s)
			return false;
		g->zone_end_pfn[z] = e;
		if (g->reserved_pages[z] > e - s)
			g->reserved_pages[z] = e - s;
		break;
	}
	case 3:
		g->percpu_pagelist_fraction = fractions[below(&c->r, 6)];
		break;
	default:
		g->min_free_kbytes = chance(&c->r, 30) ? 0 : 4 + below(&c->r, 4096);
		break;
	}
	geom_refresh(c);
	return true;
}

/* ---- normalize: handle numbers, dropped uses, fields in range ---- */

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void fix_fields(struct mctx *c, struct op *op)
{
	if (op_has_cpu(op->kind))
		op->cpu = (uint8_t)(op->cpu % c->nr_cpus);
	else
		op->cpu = 0;
	switch (op->kind) {
	case OP_ALLOC:
	case OP_ALLOC_BEGIN:
		op->order = (uint8_t)(op->order % c->max_order);
		op->gfp = gfp_fuzz_fold(op->gfp);
		op->flags &= OPF_RT | OPF_LRU;
		break;
	case OP_ISOLATE_FREE:
		op->order = (uint8_t)(op->order % c->max_order);
		op->a = (int64_t)((uint64_t)op->a % c->node_end);
		break;
	case OP_ISOLATE:
	case OP_UNISOLATE:
		/* whole pageblocks, as the decoder folds them (normalize drops
		 * them when a buddy can span two blocks) */
		op->a = (int64_t)((uint64_t)op->a % c->node_end) & ~(int64_t)((1UL << c->pb_order) - 1);
		op->mt = op->kind == OP_UNISOLATE ? MIGRATE_MOVABLE : 0;
		break;
	case OP_UNRESERVE:
		op->gfp = gfp_fuzz_fold(op->gfp);
		op->flags &= OPF_FORCE;
		op->a = clamp(op->a, 0, MAX_LOOPS);
		break;
	case OP_WATERMARKS:
	case OP_LOWMEM_RESERVE:
	case OP_RECLAIMABLE:
	case OP_MANAGED: {
		bool pop = false;

		for (unsigned int z = 0; z < c->npop; z++)
			pop |= c->pop[z] == op->zone;
		if (!pop)
			op->zone = c->pop[op->zone % c->npop];
		if (op->kind == OP_MANAGED) {
			op->a = clamp(op->a, -COUNT_MAX, COUNT_MAX);
			break;
		}
		op->a = clamp(op->a, 0, COUNT_MAX);
		op->b = clamp(op->b, 0, COUNT_MAX);
		op->c = clamp(op->c, 0, COUNT_MAX);
		if (op->kind == OP_LOWMEM_RESERVE) {
			op->a = 0;
			if (op->zone >= ZONE_DMA32)
				op->b = 0;
			if (op->zone >= ZONE_NORMAL)
				op->c = 0;
		}
		break;
	}
	case OP_PROGRESS:
		op->a = clamp(op->a, 0, COUNT_MAX);
		op->flags &= OPF_FREED;
		break;
	case OP_SHRINK:
		op->a = clamp(op->a, 0, COUNT_MAX);
		break;
	default:
		break;
	}
}

/* As the decoder: one zone spans the whole pageblock at @start. */
static bool block_in_zone(const struct mctx *c, unsigned long start)
{
	const struct node_geometry *g = &c->t->hdr.geom;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (g->zone_end_pfn[i] > g->zone_start_pfn[i] && start >= g->zone_start_pfn[i] &&
		    start + (1UL << c->pb_order) <= g->zone_end_pfn[i])
			return true;
	return false;
}

static int normalize(struct mctx *c)
{
	struct trace *t = c->t;
	uint32_t n = c->next_id ? c->next_id : 1, w = 1, nh = 0;
	int64_t managed[MAX_NR_ZONES];
	uint32_t *num = malloc(n * sizeof(*num));
	uint8_t *st = calloc(n, 1), *ord = calloc(n, 1);

	if (!num || !st || !ord) {
		free(num);
		free(st);
		free(ord);
		return -1;
	}
	if (!t->nr_ops && !trace_push(t))
		goto oom;
	memset(&t->ops[0], 0, sizeof(struct op));
	t->ops[0].kind = OP_INIT_FREE;
	t->ops[0].b = (int64_t)c->node_end;
	trace_managed_start(&t->hdr.geom, managed);
	for (uint32_t i = 1; i < t->nr_ops && w < decode_limits_fuzz.max_ops; i++) {
		struct op op = t->ops[i];
		uint32_t id = op.handle;
		bool keep = true;

		fix_fields(c, &op);
		switch (op.kind) {
		case OP_INIT_FREE:
		case OP_INIT_BUDDY:
		case OP_INIT_BLOCK:
		case OP_INIT_COUNTER:
		case OP_INIT_ALLOC:
		case OP_NR_FREE_PAGES:
			keep = false;
			break;
		case OP_ISOLATE:
		case OP_UNISOLATE:
			keep = c->max_order - 1 <= c->pb_order &&
			       block_in_zone(c, (unsigned long)op.a);
			break;
		case OP_ALLOC:
		case OP_ISOLATE_FREE:
		case OP_ALLOC_BEGIN:
			if (id >= n || st[id] != HS_NONE) {
				keep = false;
				break;
			}
			st[id] = op.kind == OP_ALLOC_BEGIN ? HS_FLIGHT : HS_LIVE;
			ord[id] = op.order;
			num[id] = nh++;
			op.handle = num[id];
			break;
		case OP_ALLOC_STEP:
		case OP_ALLOC_END:
			if (id >= n || st[id] != HS_FLIGHT) {
				keep = false;
				break;
			}
			if (op.kind == OP_ALLOC_END)
				st[id] = HS_LIVE;
			op.handle = num[id];
			break;
		case OP_FREE:
		case OP_FREE_BEGIN:
			if (id >= n || st[id] != HS_LIVE) {
				keep = false;
				break;
			}
			if (op.kind == OP_FREE_BEGIN && !ord[id])
				op.kind = OP_FREE;	/* order 0 frees through the pcp lists */
			st[id] = op.kind == OP_FREE ? HS_FREED : HS_PEND;
			op.handle = num[id];
			break;
		case OP_FREE_COMMIT:
			if (id >= n || st[id] != HS_PEND) {
				keep = false;
				break;
			}
			st[id] = HS_FREED;
			op.handle = num[id];
			break;
		case OP_MANAGED:	/* as the decoder: never below 0 pages */
			op.a = op.a < -managed[op.zone] ? -managed[op.zone] : op.a;
			managed[op.zone] += op.a;
			op.handle = 0;
			break;
		default:
			op.handle = 0;
			break;
		}
		op.mt = op.kind == OP_UNISOLATE ? MIGRATE_MOVABLE : 0;
		if (keep)
			t->ops[w++] = op;
	}
	t->nr_ops = w;
	t->nr_handles = nh;
	free(num);
	free(st);
	free(ord);
	return 0;
oom:
	free(num);
	free(st);
	free(ord);
	return -1;
}

/* ---- encoding within max_size ---- */

/*
 * Encode @t into @out (at most @max_out bytes), without the ops from the
 * first that does not fit on (the length field then counts what is left).
 * Returns the length, or 0 (memory).
 */
static size_t encode_fit(const struct trace *t, uint8_t *out, size_t max_out)
{
	uint8_t *e;
	size_t len;

	if (trace_encode_binary(t, &e, &len))
		return 0;
	if (len > max_out) {
		struct trace d, cut = *t;	/* shares t's ops */
		uint32_t keep = 0;

		/* the op offsets of the encoding: decode it (it is canonical) */
		if (trace_decode_binary(e, len, "fit", &decode_limits_fuzz, &d)) {
			free(e);
			return 0;
		}
		/* d.ops[i] is t->ops[i]: the implicit init-free stands for t's */
		for (uint32_t i = 1; i < d.nr_ops; i++)
			if (d.ops[i].line <= max_out)
				keep = i;
		trace_free(&d);
		if (keep) {
			/* a shorter length field: it fits in the bytes op keep took */
			free(e);
			cut.nr_ops = keep;
			if (trace_encode_binary(&cut, &e, &len))
				return 0;
		} else {
			len = max_out;	/* the header alone is too long: any prefix decodes */
		}
	}
	memcpy(out, e, len);
	free(e);
	return len;
}

/* ---- entry points ---- */

static size_t run(const uint8_t *in, size_t len, const uint8_t *other, size_t olen,
		  uint8_t *out, size_t max_out, uint64_t seed, bool splice_only)
{
	struct trace t, o;
	struct mctx c;
	bool have_other = false;
	size_t ret = 0;
	unsigned int n;

	if (!max_out)
		return 0;
	if (trace_decode_binary(in, len, "mutate", &decode_limits_fuzz, &t))
		return 0;
	if (other && olen) {
		if (trace_decode_binary(other, olen, "other", &decode_limits_fuzz, &o)) {
			trace_free(&t);
			return 0;
		}
		have_other = true;
	}
	memset(&c, 0, sizeof(c));
	c.r.s = seed ^ 0x6a09e667f3bcc909ull;
	c.t = &t;
	c.next_id = t.nr_handles;
	geom_refresh(&c);
	if (!t.nr_ops && !trace_push(&t))
		goto out;

	if (splice_only) {
		if (!have_other || !mut_splice(&c, &o))
			mut_insert(&c);
	} else {
		/* 1 mutation half the time, 2 a quarter, ... up to MAX_MUTATIONS */
		for (n = 1; n < MAX_MUTATIONS && chance(&c.r, 50); n++)
			;
		for (unsigned int done = 0, tries = 0; done < n && tries < 4 * n; tries++) {
			unsigned int x = below(&c.r, 100);
			bool ok;

			if (x < 22)
				ok = mut_insert(&c);
			else if (x < 32)
				ok = mut_delete(&c);
			else if (x < 42)
				ok = mut_duplicate(&c);
			else if (x < 50)
				ok = mut_swap(&c);
			else if (x < 58)
				ok = mut_cpu(&c);
			else if (x < 72)
				ok = mut_args(&c);
			else if (x < 83)
				ok = mut_move_sync(&c);
			else if (x < 87)
				ok = mut_toggle_split(&c);
			else if (x < 91)
				ok = mut_toggle_step(&c);
			else if (x < 97)
				ok = have_other ? mut_splice(&c, &o) : mut_insert(&c);
			else
				ok = mut_header(&c);
			done += ok;
		}
	}
	if (normalize(&c))
		goto out;
	ret = encode_fit(&t, out, max_out);
out:
	trace_free(&t);
	if (have_other)
		trace_free(&o);
	return ret;
}

size_t hat_mutate(const uint8_t *in, size_t len, const uint8_t *other, size_t olen,
		  uint8_t *out, size_t max_out, uint64_t seed)
{
	return run(in, len, other, olen, out, max_out, seed, false);
}

size_t hat_crossover(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
		     uint8_t *out, size_t max_out, uint64_t seed)
{
	return run(a, alen, b, blen, out, max_out, seed, true);
}

size_t hat_canonicalize(const uint8_t *in, size_t len, uint8_t *out, size_t max_out)
{
	struct trace t;
	size_t ret;

	if (!max_out || trace_decode_binary(in, len, "canon", &decode_limits_fuzz, &t))
		return 0;
	ret = encode_fit(&t, out, max_out);
	trace_free(&t);
	return ret;
}
