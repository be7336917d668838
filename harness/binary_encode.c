// SPDX-License-Identifier: MIT
/*
 * binary_encode.c - the canonical binary encoding of a valid trace: the
 * one form whose decoding is the trace itself (op->line aside), so that
 * encode(decode(x)) is a fixed point for any x.  The body is framed with
 * the magic, the version and the body's length.
 */
#include "binary_codec.h"

#include <stdlib.h>

/* Room for @n more bytes. */
static int wr_reserve(struct wr *w, size_t n)
{
	size_t cap = w->cap ? w->cap : 256;
	uint8_t *b;

	if (w->len + n <= w->cap)
		return 0;
	while (cap < w->len + n)
		cap *= 2;
	b = realloc(w->buf, cap);
	if (!b)
		return -1;
	w->buf = b;
	w->cap = cap;
	return 0;
}

static inline void wr_delta(struct wr *w, int64_t v)
{
	wr_varint(w, v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1);
}

/* The longest op: opcode and four varints. */
#define OP_MAX_BYTES	(1 + 4 * 10)

/*
 * The fields of @op, mirroring decode_op().  @op is assumed valid; an
 * invalid one encodes as something that decodes, not as itself.
 */
static int encode_op(struct wr *w, const struct op *op, const struct zones *z,
		     struct handles *h)
{
	uint32_t x = op->handle;
	int set;

	wr_u8(w, op->kind);
	switch ((enum op_kind)op->kind) {
	case OP_INIT_FREE:
		wr_varint(w, (uint64_t)op->a);
		wr_varint(w, (uint64_t)op->b - (uint64_t)op->a);
		break;
	case OP_INIT_BUDDY:
		wr_varint(w, (uint64_t)op->a);
		wr_varint(w, op->order);
		wr_varint(w, op->mt);
		break;
	case OP_INIT_BLOCK:
	case OP_UNISOLATE:
		wr_varint(w, (uint64_t)op->a);
		wr_varint(w, op->mt);
		break;
	case OP_INIT_COUNTER:
	case OP_RECLAIMABLE:
	case OP_NR_FREE_PAGES:
		wr_varint(w, op->zone < HAT_NR_ZONES ? z->rank[op->zone] : 0);
		wr_varint(w, (uint64_t)op->a);
		break;
	case OP_WATERMARKS:
	case OP_LOWMEM_RESERVE:
		wr_varint(w, op->zone < HAT_NR_ZONES ? z->rank[op->zone] : 0);
		wr_varint(w, (uint64_t)op->a);
		wr_varint(w, (uint64_t)op->b);
		wr_varint(w, (uint64_t)op->c);
		break;
	case OP_ALLOC:
	case OP_ALLOC_BEGIN:
		wr_varint(w, op->cpu);
		wr_varint(w, op->order);
		wr_varint(w, op->gfp);
		wr_varint(w, op->flags & (OPF_RT | OPF_LRU | OPF_REPORT));
		return handle_define(h, (enum op_kind)op->kind, op->order) < 0 ? -1 : 0;
	case OP_FREE:
	case OP_FREE_BEGIN:
	case OP_FREE_COMMIT:
	case OP_ALLOC_STEP:
	case OP_ALLOC_END:
		set = op_handle_set((enum op_kind)op->kind);
		if (x < h->nr && st_in(h->st[x], set)) {
			wr_varint(w, hs_select_of(h, set, x));
			handle_use(h, (enum op_kind)op->kind, x);
		} else {
			wr_varint(w, 0);	/* invalid: whatever selector 0 picks */
		}
		if (op_has_cpu(op->kind))
			wr_varint(w, op->cpu);
		break;
	case OP_DRAIN:
		wr_varint(w, op->cpu);
		break;
	case OP_UNRESERVE:
		wr_varint(w, op->cpu);
		wr_varint(w, op->gfp);
		wr_varint(w, op->flags & OPF_FORCE);
		wr_varint(w, (uint64_t)op->a);
		break;
	case OP_PROGRESS:
		wr_varint(w, (uint64_t)op->a);
		wr_varint(w, op->flags & OPF_FREED);
		break;
	case OP_SHRINK:
	case OP_ISOLATE:
		wr_varint(w, (uint64_t)op->a);
		break;
	case OP_ISOLATE_FREE:
	case OP_INIT_ALLOC:
		wr_varint(w, (uint64_t)op->a);
		wr_varint(w, op->order);
		return handle_define(h, (enum op_kind)op->kind, op->order) < 0 ? -1 : 0;
	case OP_MANAGED:
		wr_varint(w, op->zone < HAT_NR_ZONES ? z->rank[op->zone] : 0);
		wr_delta(w, op->a);
		break;
	case OP_PCP_TRYLOCK:
		wr_varint(w, op->cpu);
		wr_varint(w, op->flags & OPF_FAIL);
		break;
	case OP_SYSCTL:
		wr_varint(w, (uint64_t)op->a);
		wr_varint(w, (uint64_t)op->b);
		break;
	case OP_DRAIN_ALL:
	case OP_CHECK:
	case NR_OP_KINDS:
		break;
	}
	return 0;
}

/* The framing: magic, version and the length of the rest (a varint). */
#define FRAME_MAX	(BINARY_MAGIC_LEN + 1 + 10)

int trace_encode_binary(const struct trace *t, uint8_t **out, size_t *outlen)
{
	struct wr w = { NULL, 0, 0 };
	uint8_t frame[FRAME_MAX];
	struct wr f = { frame, 0, sizeof(frame) };
	struct handles h;
	struct zones z;

	*out = NULL;
	*outlen = 0;
	if (handles_init(&h))
		goto oom;
	/* framing, flags, orders, cpus, min_free, fraction, 3 zones, variant, rules */
	if (wr_reserve(&w, FRAME_MAX + 3 + 10 + 10 + 10 + 3 * 30 + 11 + 1 +
			   TRACE_MAX_RULES * 30))
		goto oom;
	w.len = FRAME_MAX;	/* the body, after room for the framing */
	encode_header(&w, &t->hdr);
	zones_of(&t->hdr.geom, &z);
	for (uint32_t i = 0; i < t->nr_ops; i++) {
		if (wr_reserve(&w, OP_MAX_BYTES) || encode_op(&w, &t->ops[i], &z, &h))
			goto oom;
	}
	handles_free(&h);
	/* the framing, now that the length is known, right before the body */
	memcpy(frame, BINARY_MAGIC, BINARY_MAGIC_LEN);
	f.len = BINARY_MAGIC_LEN;
	wr_u8(&f, BINARY_VERSION);
	wr_varint(&f, w.len - FRAME_MAX);
	memmove(w.buf + f.len, w.buf + FRAME_MAX, w.len - FRAME_MAX);
	memcpy(w.buf, frame, f.len);
	*out = w.buf;
	*outlen = w.len - (FRAME_MAX - f.len);
	return 0;
oom:
	handles_free(&h);
	free(w.buf);
	return -1;
}
