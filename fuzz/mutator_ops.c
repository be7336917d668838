// SPDX-License-Identifier: MIT
/*
 * mutator_ops.c - the op-level mutations (mutator_int.h): insert, delete,
 * duplicate, swap, re-CPU or re-argument ops, move a sync op, split or
 * join a free, step or join an alloc, splice another trace, change the
 * header.  Each returns false when it found nothing to do.
 */
#include "mutator_int.h"

#include <string.h>

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

bool mut_insert(struct mctx *c)
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

bool mut_delete(struct mctx *c)
{
	uint32_t pos = op_pos(c);

	if (!pos)
		return false;
	delete_range(c->t, pos, chance(&c->r, 75) ? 1 : 2 + below(&c->r, 7));
	return true;
}

/* Copy ops [i, i + n) to @at, with fresh handles for what the block defines. */
bool mut_duplicate(struct mctx *c)
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

bool mut_swap(struct mctx *c)
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

bool mut_cpu(struct mctx *c)
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

bool mut_args(struct mctx *c)
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
			op->a = gen_loops(c, 70);
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
bool mut_move_sync(struct mctx *c)
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
bool mut_toggle_split(struct mctx *c)
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
bool mut_toggle_step(struct mctx *c)
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
bool mut_splice(struct mctx *c, const struct trace *o)
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
bool mut_header(struct mctx *c)
{
	struct hat_geometry *g = &c->t->hdr.geom;
	static const unsigned long sizes[] = { 64, 256, 512, 1024, 2048, 4096 };
	static const unsigned long fractions[] = { 8, 8, 16, 64, 1024, 1UL << 20 };
	unsigned long max = decode_limits_fuzz.max_node_pages;

	if (c->era >= 2 && chance(&c->r, 40)) {
		header_era2(c);
		geom_refresh(c);
		return true;
	}
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
