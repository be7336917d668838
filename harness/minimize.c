// SPDX-License-Identifier: MIT
/*
 * minimize.c - delta debugging of a failing trace.
 *
 * A candidate is the current trace with a chunk of ops removed (closed
 * under handle use: an allocation takes its frees with it) or with one op
 * rewritten into a simpler one (a stepped request into an alloc, without
 * its alloc-step and alloc-end).  It is kept when it is statically valid
 * (trace_validate) and its replay still fails with the same signature.
 * Chunks halve from half the trace down to single ops; the whole round
 * repeats until nothing changes or the replay budget is spent.  Every
 * step only ever shortens the trace or lowers a field, so it terminates
 * even without the budget.
 */
#include "minimize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void minimize_opts_default(struct minimize_opts *o, const struct trace *t)
{
	struct exec_opts eo;

	memset(o, 0, sizeof(*o));
	exec_opts_default(&eo, t);
	o->variant = eo.variant;
}

/* Make room for @n ops in @t (whose contents are replaced). */
static int reserve_ops(struct trace *t, uint32_t n)
{
	if (t->cap_ops < n || !t->ops) {
		uint32_t cap = n ? n : 1;
		struct op *ops = realloc(t->ops, (size_t)cap * sizeof(*ops));

		if (!ops)
			return -1;
		t->ops = ops;
		t->cap_ops = cap;
	}
	return 0;
}

static void copy_meta(const struct trace *in, struct trace *out)
{
	out->hdr = in->hdr;
	out->name = in->name;
	out->binary = in->binary;
}

static int trace_copy(const struct trace *in, struct trace *out)
{
	if (reserve_ops(out, in->nr_ops))
		return -1;
	copy_meta(in, out);
	if (in->nr_ops)
		memcpy(out->ops, in->ops, (size_t)in->nr_ops * sizeof(*in->ops));
	out->nr_ops = in->nr_ops;
	out->nr_handles = in->nr_handles;
	return 0;
}

enum { H_KEPT, H_GONE, H_BEGIN_GONE, H_END_GONE };

int trace_drop_ops(const struct trace *in, bool *drop, struct trace *out)
{
	size_t nh = in->nr_handles ? in->nr_handles : 1;
	uint8_t *state = calloc(nh, 1);
	uint32_t *map = calloc(nh, sizeof(*map));
	uint32_t next = 0, n = 0;

	if (!state || !map || reserve_ops(out, in->nr_ops)) {
		free(state);
		free(map);
		return -1;
	}
	copy_meta(in, out);
	for (uint32_t i = 0; i < in->nr_ops; i++) {
		const struct op *op = &in->ops[i];
		uint32_t h = op->handle;

		if (op_defines_handle(op->kind) && h < in->nr_handles) {
			if (drop[i])
				state[h] = H_GONE;
		} else if (op_uses_handle(op->kind) && h < in->nr_handles) {
			/* without its alloc-end, a request is in flight to the end */
			if (state[h] == H_GONE ||
			    (op->kind == OP_FREE_COMMIT && state[h] == H_BEGIN_GONE) ||
			    (op->kind != OP_ALLOC_STEP && state[h] == H_END_GONE))
				drop[i] = true;
			else if (op->kind == OP_FREE_BEGIN && drop[i])
				state[h] = H_BEGIN_GONE;
			else if (op->kind == OP_ALLOC_END && drop[i])
				state[h] = H_END_GONE;
		}
		if (drop[i])
			continue;
		out->ops[n] = *op;
		if (op_defines_handle(op->kind) && h < in->nr_handles) {
			map[h] = next;
			out->ops[n].handle = next++;
		} else if (op_uses_handle(op->kind) && h < in->nr_handles) {
			out->ops[n].handle = map[h];
		}
		n++;
	}
	out->nr_ops = n;
	out->nr_handles = next;
	free(state);
	free(map);
	return 0;
}

struct mctx {
	const struct minimize_opts *o;
	struct minimize_result *r;
	struct exec_opts eo;
	struct exec_opts ueo;		/* under o->unless */
	struct signature_filter keep;	/* keep_sig: only its matches count */
	struct exec_result res;
	unsigned long max;
	char why[256];
};

/*
 * Is the signature kept by @res: the first violation's, or with keep_sig
 * any that the pattern matches (the only ones that count)?
 */
static bool has_sig(const struct mctx *c, const struct exec_result *res)
{
	struct signature s;

	return res->status == 1 && (c->o->keep_sig ||
				    (exec_signature(res, &s) && signature_equal(&s, &c->r->sig)));
}

/* With o->unless: does @t pass under it (one more replay)? */
static bool passes_unless(struct mctx *c, const struct trace *t)
{
	if (!c->o->unless)
		return true;
	c->r->replays++;
	return trace_exec(t, &c->ueo, &c->res) == 0;
}

/*
 * Does @cand keep the signature (and, with o->unless, pass under that)?
 * Invalid candidates cost no replay.
 */
static bool keeps(struct mctx *c, const struct trace *cand)
{
	bool kept;

	if (c->r->replays >= c->max) {
		c->r->capped = true;
		return false;
	}
	if (trace_validate(cand, c->why, sizeof(c->why)) >= 0)
		return false;
	c->r->replays++;
	trace_exec(cand, &c->eo, &c->res);
	kept = has_sig(c, &c->res) && passes_unless(c, cand);
	if (c->o->progress)
		c->o->progress(c->r->replays, cand->nr_ops, c->o->progress_arg);
	return kept;
}

static void swap(struct trace *a, struct trace *b)
{
	struct trace t = *a;

	*a = *b;
	*b = t;
}

/* One sweep per chunk size, halving down to 1.  Returns 1 if anything went, -1 on memory. */
static int remove_round(struct mctx *c, struct trace *cur, struct trace *cand)
{
	bool *drop = NULL;
	int changed = 0;

	for (uint32_t chunk = cur->nr_ops / 2 ? cur->nr_ops / 2 : 1;; chunk /= 2) {
		uint32_t start = 0;

		while (start < cur->nr_ops && !c->r->capped) {
			uint32_t end = start + chunk < cur->nr_ops ? start + chunk : cur->nr_ops;
			bool *d = realloc(drop, cur->nr_ops ? cur->nr_ops : 1);

			if (!d) {
				free(drop);
				return -1;
			}
			drop = d;
			memset(drop, 0, cur->nr_ops);
			memset(drop + start, 1, end - start);
			if (trace_drop_ops(cur, drop, cand)) {
				free(drop);
				return -1;
			}
			if (keeps(c, cand)) {
				swap(cur, cand);
				changed = 1;
			} else {
				start = end;
			}
		}
		if (chunk <= 1 || c->r->capped)
			break;
	}
	free(drop);
	return changed;
}

/* The simpler forms of an op, in the order they are tried; returns how many were written. */
static unsigned int simpler(const struct op *op, struct op out[8])
{
	unsigned int n = 0;

	for (unsigned int bit = 1; bit <= OPF_FREED; bit <<= 1) {
		if (op->flags & bit) {
			out[n] = *op;
			out[n].flags = (uint8_t)(op->flags & ~bit);
			n++;
		}
	}
	if (op->cpu && op_has_cpu(op->kind)) {
		out[n] = *op;
		out[n].cpu = 0;
		n++;
	}
	if ((op->kind == OP_ALLOC || op->kind == OP_ALLOC_BEGIN) && op->order) {
		out[n] = *op;
		out[n].order = 0;
		n++;
	}
	if (op->kind == OP_UNRESERVE && op->a > 1) {
		out[n] = *op;
		out[n].a = 1;
		n++;
	}
	return n;
}

/* @cand := @cur with the alloc-begin at @i an alloc, its steps and end gone. */
static int unstep(const struct trace *cur, uint32_t i, struct trace *cand)
{
	bool *drop = calloc(cur->nr_ops, sizeof(*drop));
	int ret;

	if (!drop)
		return -1;
	for (uint32_t j = i + 1; j < cur->nr_ops; j++)
		drop[j] = cur->ops[j].handle == cur->ops[i].handle &&
			  (cur->ops[j].kind == OP_ALLOC_STEP || cur->ops[j].kind == OP_ALLOC_END);
	ret = trace_drop_ops(cur, drop, cand);
	free(drop);
	if (!ret)
		cand->ops[i].kind = OP_ALLOC;	/* nothing before it went */
	return ret;
}

static int simplify_round(struct mctx *c, struct trace *cur, struct trace *cand)
{
	int changed = 0;

	for (uint32_t i = 0; i < cur->nr_ops && !c->r->capped; i++) {
		struct op alt[8];
		unsigned int n = simpler(&cur->ops[i], alt);

		if (cur->ops[i].kind == OP_ALLOC_BEGIN) {
			if (unstep(cur, i, cand))
				return -1;
			if (keeps(c, cand)) {
				swap(cur, cand);
				c->r->simplified++;
				changed = 1;
				continue;
			}
		}

		for (unsigned int k = 0; k < n && !c->r->capped; k++) {
			if (trace_copy(cur, cand))
				return -1;
			cand->ops[i] = alt[k];
			if (keeps(c, cand)) {
				swap(cur, cand);
				c->r->simplified++;
				changed = 1;
				break;	/* the op changed: its other forms are stale */
			}
		}
	}
	return changed;
}

int trace_minimize(const struct trace *in, const struct minimize_opts *o,
		   struct trace *out, struct minimize_result *r)
{
	struct mctx *c = calloc(1, sizeof(*c));
	struct trace cand;
	int ret = -1, changed;

	memset(r, 0, sizeof(*r));
	r->ops_before = r->ops_after = in->nr_ops;
	trace_init(&cand, in->name);
	if (!c) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		return -1;
	}
	c->o = o;
	c->r = r;
	c->max = o->max_replays ? o->max_replays : MINIMIZE_DEFAULT_REPLAYS;
	exec_opts_default(&c->eo, in);
	c->eo.variant = o->variant;
	if (o->keep_sig) {
		/* past the violations it does not match, to one it does */
		c->keep.only = o->keep_sig;
		c->eo.counts = signature_counts;
		c->eo.counts_arg = &c->keep;
	}

	r->replays = 1;
	if (trace_exec(in, &c->eo, &c->res) == 2) {
		snprintf(r->err, sizeof(r->err), "%s", c->res.err);
		goto out;
	}
	if (c->res.status != 1 || !exec_signature(&c->res, &r->sig)) {
		ret = 1;
		goto out;
	}
	if (o->unless) {
		exec_opts_default(&c->ueo, in);
		c->ueo.variant = *o->unless;
		if (!passes_unless(c, in)) {
			ret = 1;
			goto out;
		}
	}
	if (trace_copy(in, out))
		goto oom;
	do {
		changed = remove_round(c, out, &cand);
		if (changed < 0)
			goto oom;
		if (!o->no_simplify && !r->capped) {
			int s = simplify_round(c, out, &cand);

			if (s < 0)
				goto oom;
			changed |= s;
		}
	} while (changed && !r->capped);
	r->ops_after = out->nr_ops;
	ret = 0;
	goto out;
oom:
	snprintf(r->err, sizeof(r->err), "out of memory");
out:
	trace_free(&cand);
	free(c);
	return ret;
}
