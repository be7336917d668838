// SPDX-License-Identifier: MIT
/*
 * mutator_canon.c - the mutator's output (mutator_int.h): normalize() makes
 * the mutated trace the one its canonical encoding decodes to (handle
 * numbers, dropped uses, fields in range), and encode_fit() encodes it
 * within the engine's max_size.
 */
#include "mutator_int.h"

#include <stdlib.h>
#include <string.h>

#define COUNT_MAX	(1LL << 40)

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
		op->a = (int64_t)((uint64_t)op->a % c->node_end) &
			~(int64_t)((1UL << c->pb_order) - 1);
		op->mt = op->kind == OP_UNISOLATE ? HAT_MT_MOVABLE : 0;
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
			if (op->zone >= HAT_ZONE_DMA32)
				op->b = 0;
			if (op->zone >= HAT_ZONE_NORMAL)
				op->c = 0;
		}
		if (op->kind == OP_WATERMARKS)
			watermarks_fuzz_fold(op);
		break;
	}
	case OP_PROGRESS:
		op->a = clamp(op->a, 0, COUNT_MAX);
		op->flags &= OPF_FREED;
		break;
	case OP_SHRINK:
		op->a = clamp(op->a, 0, COUNT_MAX);
		break;
	case OP_PCP_TRYLOCK:
		op->flags &= OPF_FAIL;
		break;
	case OP_SYSCTL:
		op->a = clamp(op->a, 0, HAT_NR_SYSCTLS - 1);
		op->b = clamp(op->b, 0, hat_sysctls[op->a].max);
		break;
	default:
		break;
	}
}

/* As the decoder: one zone spans the whole pageblock at @start. */
static bool block_in_zone(const struct mctx *c, unsigned long start)
{
	const struct hat_geometry *g = &c->t->hdr.geom;

	for (int i = 0; i < HAT_NR_ZONES; i++)
		if (g->zone_end_pfn[i] > g->zone_start_pfn[i] && start >= g->zone_start_pfn[i] &&
		    start + (1UL << c->pb_order) <= g->zone_end_pfn[i])
			return true;
	return false;
}

int normalize(struct mctx *c)
{
	struct trace *t = c->t;
	uint32_t n = c->next_id ? c->next_id : 1, w = 1, nh = 0;
	struct fuzz_reclaim fr;
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
	fuzz_reclaim_start(&fr, &t->hdr.geom);
	for (uint32_t i = 1; i < t->nr_ops && w < decode_limits_fuzz.max_ops; i++) {
		struct op op = t->ops[i];
		uint32_t id = op.handle;
		bool keep = true;

		fix_fields(c, &op);
		/* fuzz mode drops them, as the decoder, and ops of a later era
		 * (crossover from a trace of another); reclaim as it reads it */
		if (op_sets_state(op.kind) || op_era(op.kind) > trace_era(&t->hdr) ||
		    !fuzz_reclaim_fold(&fr, &op))
			continue;
		switch (op.kind) {
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
		default:
			op.handle = 0;
			break;
		}
		op.mt = op.kind == OP_UNISOLATE ? HAT_MT_MOVABLE : 0;
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
size_t encode_fit(const struct trace *t, uint8_t *out, size_t max_out)
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
