// SPDX-License-Identifier: MIT
/*
 * binary_decode.c - decoding a binary trace, totally: every field is read
 * without a bound check failing (the end of input reads as zero bits),
 * then folded into the range trace_validate() and node_init() accept; a
 * handle op with no handle to refer to is dropped, and so is an op of a
 * later era than the trace's.  trace_decode_binary() takes any bytes,
 * with or without a file's framing; binary_file.c checks a file's.
 */
#include "binary_codec.h"

static inline int64_t rd_count(struct rd *r)
{
	uint64_t v = rd_varint(r);

	return v > (uint64_t)COUNT_MAX ? COUNT_MAX : (int64_t)v;
}

static inline int64_t rd_delta(struct rd *r)
{
	uint64_t u = rd_varint(r);
	int64_t v = u & 1 ? -(int64_t)(u >> 1) - 1 : (int64_t)(u >> 1);

	return v > COUNT_MAX ? COUNT_MAX : v < -COUNT_MAX ? -COUNT_MAX : v;
}

#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 u128;
#endif

static void fold_init(struct fold *f, uint32_t d)
{
	f->d = d;
	f->m = d > 1 ? UINT64_MAX / d + 1 : 0;
}

WRAPS static inline uint32_t rd_fold_by(struct rd *r, const struct fold *f)
{
	uint64_t v = rd_varint(r);

	if (v > UINT32_MAX)
		return (uint32_t)(v % f->d);
#ifdef __SIZEOF_INT128__
	return (uint32_t)(((u128)(uint64_t)(f->m * (uint32_t)v) * f->d) >> 64);
#else
	return (uint32_t)v % f->d;
#endif
}

/* A gfp mask: fuzz mode folds it (gfp_fuzz_fold()), a file keeps it. */
static gfp_t rd_gfp(struct rd *r, bool dynamic_only)
{
	uint64_t gfp = rd_varint(r);

	return dynamic_only ? gfp_fuzz_fold(gfp) : (gfp_t)(gfp & __GFP_BITS_MASK);
}

/*
 * Decode the fields of one op of kind o->kind into @o (zeroed).  Returns
 * false when the op is dropped (a handle op with nothing to refer to); its
 * bytes are consumed all the same: the layout depends on the opcode alone.
 * @define is the order of the handle the op defines, or -1.
 */
static bool decode_op(struct dec *dc, struct op *o, long *define)
{
	struct rd *r = &dc->r;
	struct handles *h = &dc->h;
	const struct zones *z = &dc->z;
	unsigned long node_end = z->node_end;
	uint64_t sel;
	int set;

	*define = -1;
	switch ((enum op_kind)o->kind) {
	case OP_INIT_FREE:
		o->a = (int64_t)rd_fold(r, node_end + 1);
		o->b = o->a + (int64_t)rd_fold(r, node_end - (unsigned long)o->a + 1);
		break;
	case OP_INIT_BUDDY:
		o->a = (int64_t)rd_fold_by(r, &dc->pfn);
		o->order = (uint8_t)rd_fold_by(r, &dc->order);
		o->mt = (uint8_t)rd_fold(r, HAT_NR_MT);
		break;
	case OP_INIT_BLOCK:
	case OP_UNISOLATE:
		o->a = (int64_t)rd_fold_by(r, &dc->pfn);
		o->mt = (uint8_t)rd_fold(r, HAT_NR_MT);
		break;
	case OP_INIT_COUNTER:
	case OP_RECLAIMABLE:
	case OP_NR_FREE_PAGES:
		o->zone = z->pop[rd_fold_by(r, &dc->zone)];
		o->a = rd_count(r);
		if (o->kind == OP_INIT_COUNTER)	/* whole pageblocks, as the kernel counts */
			o->a &= ~(int64_t)dc->pb_mask;
		break;
	case OP_WATERMARKS:
	case OP_LOWMEM_RESERVE:
		o->zone = z->pop[rd_fold_by(r, &dc->zone)];
		o->a = rd_count(r);
		o->b = rd_count(r);
		o->c = rd_count(r);
		break;
	case OP_ALLOC:
	case OP_ALLOC_BEGIN:
		o->cpu = (uint8_t)rd_fold_by(r, &dc->cpu);
		o->order = (uint8_t)rd_fold_by(r, &dc->order);
		o->gfp = rd_gfp(r, dc->dynamic_only);
		o->flags = (uint8_t)(rd_varint(r) & (OPF_RT | OPF_LRU | OPF_REPORT));
		*define = o->order;
		break;
	case OP_FREE:
	case OP_FREE_BEGIN:
	case OP_FREE_COMMIT:
	case OP_ALLOC_STEP:
	case OP_ALLOC_END:
		sel = rd_varint(r);
		if (op_has_cpu(o->kind))
			o->cpu = (uint8_t)rd_fold_by(r, &dc->cpu);
		set = op_handle_set((enum op_kind)o->kind);
		if (!h->n[set])
			return false;
		o->handle = hs_pick(h, set, sel);
		handle_use(h, (enum op_kind)o->kind, o->handle);
		break;
	case OP_DRAIN:
		o->cpu = (uint8_t)rd_fold_by(r, &dc->cpu);
		break;
	case OP_UNRESERVE:
		o->cpu = (uint8_t)rd_fold_by(r, &dc->cpu);
		o->gfp = rd_gfp(r, dc->dynamic_only);
		o->flags = (uint8_t)(rd_varint(r) & OPF_FORCE);
		o->a = (int64_t)rd_fold(r, 65);
		break;
	case OP_PROGRESS:
		o->a = rd_count(r);
		o->flags = (uint8_t)(rd_varint(r) & OPF_FREED);
		break;
	case OP_SHRINK:
		o->a = rd_count(r);
		break;
	case OP_ISOLATE:
		o->a = (int64_t)rd_fold_by(r, &dc->pfn);
		break;
	case OP_ISOLATE_FREE:
	case OP_INIT_ALLOC:
		o->a = (int64_t)rd_fold_by(r, &dc->pfn);
		o->order = (uint8_t)rd_fold_by(r, &dc->order);
		*define = o->order;
		break;
	case OP_MANAGED:
		o->zone = z->pop[rd_fold_by(r, &dc->zone)];
		o->a = rd_delta(r);
		if (o->a < -dc->managed[o->zone])	/* never below 0 pages */
			o->a = -dc->managed[o->zone];
		dc->managed[o->zone] += o->a;
		break;
	case OP_PCP_TRYLOCK:
		o->cpu = (uint8_t)rd_fold_by(r, &dc->cpu);
		o->flags = (uint8_t)(rd_varint(r) & OPF_FAIL);
		break;
	case OP_SYSCTL:
		o->a = (int64_t)rd_fold(r, HAT_NR_SYSCTLS);
		o->b = (int64_t)rd_fold(r, (unsigned long)hat_sysctls[o->a].max + 1);
		break;
	case OP_DRAIN_ALL:
	case OP_CHECK:
	case NR_OP_KINDS:
		break;
	}
	if (op_era(o->kind) > dc->era)
		return false;	/* the trace's era has no such op */
	if (dc->dynamic_only)
		return fuzz_fold_op(dc, o);
	return true;
}

int decode_body(struct dec *dc, const uint8_t *buf, const struct decode_limits *lim, bool v2,
		struct trace *t)
{
	const struct hat_geometry *g = &t->hdr.geom;
	struct dec_geom dl;
	uint32_t max_ops;

	t->binary = true;
	dl.max_pages = lim->max_node_pages;
	if (dl.max_pages > NODE_PAGES_LIMIT)
		dl.max_pages = NODE_PAGES_LIMIT;
	if (dl.max_pages < 1)
		dl.max_pages = 1;
	dl.max_cpus = lim->max_cpus;
	if (dl.max_cpus > HAT_MAX_CPUS)
		dl.max_cpus = HAT_MAX_CPUS;
	if (dl.max_cpus < 1)
		dl.max_cpus = 1;
	max_ops = lim->max_ops < TRACE_MAX_OPS ? lim->max_ops : TRACE_MAX_OPS;

	dc->dynamic_only = lim->dynamic_only;
	dc->cut_at = (size_t)(dc->r.p - buf);
	dc->cut_op = -1;
	decode_header(&dc->r, &dl, v2, &t->hdr);
	if (dc->dynamic_only)
		fuzz_fold_header(&t->hdr);
	dc->cut = dc->r.cut;
	zones_of(g, &dc->z);
	dc->geom = g;
	dc->era = trace_era(&t->hdr);
	dc->pb_mask = (1UL << g->pb_order) - 1;
	dc->block_isolation = g->max_order - 1 <= g->pb_order;
	fold_init(&dc->pfn, (uint32_t)dc->z.node_end);
	fold_init(&dc->cpu, g->nr_cpus);
	fold_init(&dc->order, g->max_order);
	fold_init(&dc->zone, dc->z.npop);
	trace_managed_start(g, dc->managed);
	if (handles_init(&dc->h))
		goto oom;
	if (dc->dynamic_only && max_ops) {
		/* the node as boot leaves it: every page free (the first op) */
		struct op *op = trace_push(t);
		size_t off = (size_t)(dc->r.p - buf);

		if (!op)
			goto oom;
		op->kind = OP_INIT_FREE;
		op->a = 0;
		op->b = (int64_t)dc->z.node_end;
		op->line = off > UINT32_MAX ? UINT32_MAX : (uint32_t)off;
	}

	while (dc->r.p < dc->r.end && t->nr_ops < max_ops) {
		size_t off = (size_t)(dc->r.p - buf);
		struct op *op = trace_push(t);
		long define;
		bool keep;

		if (!op)
			goto oom;
		op->kind = (uint8_t)(*dc->r.p++ % NR_OP_KINDS);
		keep = decode_op(dc, op, &define);
		if (dc->r.cut && !dc->cut) {
			dc->cut = true;
			dc->cut_op = op->kind;
			dc->cut_at = off;
		}
		if (!keep) {
			t->nr_ops--;	/* dropped */
			continue;
		}
		if (define >= 0) {
			long x = handle_define(&dc->h, (enum op_kind)op->kind,
					       (unsigned int)define);

			if (x < 0)
				goto oom;
			op->handle = (uint32_t)x;
		}
		op->line = off > UINT32_MAX ? UINT32_MAX : (uint32_t)off;
	}
	t->nr_handles = dc->h.nr;
	handles_free(&dc->h);
	return 0;
oom:
	handles_free(&dc->h);
	trace_free(t);
	return -1;
}

int trace_decode_binary(const uint8_t *buf, size_t len, const char *name,
			const struct decode_limits *lim, struct trace *t)
{
	static const uint8_t none[1];
	bool v2 = false;
	struct dec dc;

	if (!buf) {
		buf = none;
		len = 0;
	}
	trace_init(t, name);
	dc.r = (struct rd){ buf, buf + len, false };
	/* a file's framing, if any: the magic, then the version and length */
	if (trace_is_binary(buf, len)) {
		dc.r.p += BINARY_MAGIC_LEN;
		if (dc.r.p < dc.r.end &&
		    (*dc.r.p == BINARY_VERSION || *dc.r.p == BINARY_VERSION_2)) {
			v2 = *dc.r.p++ == BINARY_VERSION_2;
			rd_varint(&dc.r);
		}
	}
	return decode_body(&dc, buf, lim, v2, t);
}
