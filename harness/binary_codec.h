/* SPDX-License-Identifier: MIT */
/*
 * binary_codec.h - private to the binary encoding (binary.h, layout:
 * docs/binary-format.md): the format's constants, the byte readers and
 * writers, the handle sets, the decoder's state, and what its files share.
 * binary_format.c holds the limits, the magic and the zones' numbering;
 * binary_handles.c the handle sets; binary_header.c the header, both ways;
 * binary_decode.c the total decoder of ops; binary_fuzz.c fuzz mode's
 * folding (dynamic_only); binary_file.c the strict reading of a file;
 * binary_encode.c the canonical encoding.
 */
#ifndef HATRACE_BINARY_CODEC_H
#define HATRACE_BINARY_CODEC_H

#include "binary.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model.h"

/* node.c's HAT_MAX_NODE_PAGES: the largest zone end node_init() accepts. */
#define NODE_PAGES_LIMIT	(1UL << 23)
/* trace_validate()'s bound on counts, pages and managed deltas. */
#define COUNT_MAX		(1LL << 40)
/* vm.min_free_kbytes is an int sysctl (>= 0); more overflows the model. */
#define MIN_FREE_KBYTES_MAX	((unsigned long)INT_MAX)

#define INV_MASK	(HAT_INV_BIT(NR_HAT_INV) - 1)

/* check_geometry()'s range of a non-zero vm.percpu_pagelist_fraction. */
#define PCP_FRACTION_MIN	8UL
#define PCP_FRACTION_MAX	(1UL << 20)

#define HDR_HAS_VARIANT		0x01
#define HDR_HAS_MIN_FREE	0x02
#define HDR_HAS_PCP_FRACTION	0x04
/* version 3 (and a fuzzer's input): the era, and masks as varints */
#define HDR_WIDE		0x08

_Static_assert(NR_HAT_INV < 64, "fired sets are varints below 2^64 - 1");
_Static_assert(HAT_MAX_ORDER_LIMIT == 14, "the order byte folds max_order into [2, 14]");
_Static_assert(NR_OP_KINDS <= 256, "opcodes are one byte");
_Static_assert(TRACE_MAX_RULES < 256, "the rule count is one byte");

/*
 * The multiplications of the bit tricks wrap on purpose (clang's
 * -fsanitize=unsigned-integer-overflow).
 */
#if defined(__clang__)
#define WRAPS	__attribute__((no_sanitize("unsigned-integer-overflow")))
#else
#define WRAPS
#endif

/* ---- the populated zones, counted as the format counts them (binary_format.c) ---- */

struct zones {
	unsigned int npop;
	uint8_t pop[HAT_NR_ZONES];	/* populated zones, ascending */
	uint8_t rank[HAT_NR_ZONES];	/* inverse of pop (0 for unpopulated) */
	unsigned long node_end;		/* end of the highest populated zone */
};

void zones_of(const struct hat_geometry *g, struct zones *z);

/* ---- handle sets: bitmaps, with a Fenwick tree over their words (binary_handles.c) ---- */

/* live; live of order > 0; freeing; in flight (alloc-begin .. alloc-end) */
enum { HS_LIVE, HS_BIG, HS_PEND, HS_FLIGHT, NR_HS };

/* Per-handle state bits. */
#define H_IS_LIVE	0x1
#define H_IS_BIG	0x2	/* order > 0 */
#define H_IS_PEND	0x4
#define H_IS_FLIGHT	0x8

/*
 * The sets: one bit per handle and set, and one Fenwick tree over
 * the 64-handle words counting each set's members in them (small enough
 * to stay in cache for millions of handles).
 */
struct hword {
	uint64_t bits[NR_HS];
};

struct hcount {
	int32_t c[NR_HS];
};

struct handles {
	uint32_t cap;			/* a power of two >= 64: handles 0 .. cap-1 */
	uint32_t nr;			/* handles defined */
	uint32_t n[NR_HS];		/* members of each set */
	struct hword *words;		/* cap / 64 */
	struct hcount *fw;		/* 1-based, cap / 64 + 1 entries */
	uint8_t *st;			/* H_IS_* per handle */
};

int handles_init(struct handles *h);
void handles_free(struct handles *h);
uint32_t hs_select_of(const struct handles *h, int s, uint32_t x);
uint32_t hs_pick(const struct handles *h, int s, uint64_t k);
bool st_in(uint8_t st, int s);
long handle_define(struct handles *h, enum op_kind k, unsigned int order);
int op_handle_set(enum op_kind k);
void handle_use(struct handles *h, enum op_kind k, uint32_t x);

/* ---- reading: the end of input reads as zero bits ---- */

struct rd {
	const uint8_t *p, *end;
	bool cut;		/* a read ran past the end (an error in a file) */
};

static inline uint8_t rd_u8(struct rd *r)
{
	if (r->p < r->end)
		return *r->p++;
	r->cut = true;
	return 0;
}

static inline uint16_t rd_u16(struct rd *r)
{
	uint16_t lo = rd_u8(r);

	return (uint16_t)(lo | rd_u8(r) << 8);
}

/* Little-endian 64-bit load (one mov on the usual targets). */
static inline uint64_t load_le64(const uint8_t *p)
{
	uint64_t v = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&v, p, sizeof(v));
#else
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
#endif
	return v;
}

/* LEB128, at most 10 bytes (bits past 64 are dropped). */
static inline uint64_t rd_varint_slow(struct rd *r)
{
	uint64_t v = 0;

	for (unsigned int shift = 0; shift < 70; shift += 7) {
		uint8_t b;

		if (r->p == r->end) {
			r->cut = true;
			break;
		}
		b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
	}
	return v;
}

/*
 * The usual case, without a branch per byte (fuzzed bytes make those
 * unpredictable): a varint of at most 8 bytes with 8 bytes readable.
 */
static inline uint64_t rd_varint(struct rd *r)
{
	if (r->end - r->p >= 8) {
		uint64_t x = load_le64(r->p);
		uint64_t stop = ~x & 0x8080808080808080ull;

		if (stop) {
			/* the bytes up to the first without the continuation bit */
			uint64_t m = x & (stop ^ (stop - 1)) & 0x7f7f7f7f7f7f7f7full;

			r->p += (__builtin_ctzll(stop) >> 3) + 1;
			m = (m & 0x007f007f007f007full) | ((m & 0x7f007f007f007f00ull) >> 1);
			m = (m & 0x00003fff00003fffull) | ((m & 0x3fff00003fff0000ull) >> 2);
			return (m & 0x000000000fffffffull) | ((m & 0x0fffffff00000000ull) >> 4);
		}
	}
	return rd_varint_slow(r);
}

/* A varint mod @n (n > 0); 32-bit division when it can. */
static inline unsigned long rd_fold(struct rd *r, unsigned long n)
{
	uint64_t v = rd_varint(r);

	if (v <= UINT32_MAX && n <= UINT32_MAX)
		return (uint32_t)v % (uint32_t)n;
	return (unsigned long)(v % n);
}

/* ---- writing: the caller reserves the room (binary_encode.c's wr_reserve()) ---- */

struct wr {
	uint8_t *buf;
	size_t len, cap;
};

static inline void wr_u8(struct wr *w, unsigned int v)
{
	w->buf[w->len++] = (uint8_t)v;
}

static inline void wr_u16(struct wr *w, unsigned int v)
{
	wr_u8(w, v & 0xff);
	wr_u8(w, (v >> 8) & 0xff);
}

static inline void wr_varint(struct wr *w, uint64_t v)
{
	while (v >= 0x80) {
		w->buf[w->len++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	w->buf[w->len++] = (uint8_t)v;
}

/* ---- the header, both ways (binary_header.c) ---- */

struct dec_geom {
	unsigned long max_pages;
	unsigned int max_cpus;
};

/* Read a header, folded into @lim (HDR_WIDE ignored in version 2: @v2). */
void decode_header(struct rd *r, const struct dec_geom *lim, bool v2,
		   struct trace_header *hdr);
void encode_header(struct wr *w, const struct trace_header *hdr);

/* ---- decoding the ops (binary_decode.c) ---- */

/*
 * x mod d for the divisors fixed by the header (node end, cpus, orders,
 * zones): Lemire's fastmod, a multiplication instead of a division.
 */
struct fold {
	uint64_t m;		/* 2^64 / d, rounded up (0 for d = 1) */
	uint32_t d;
};

/* The decoder's state past the header. */
struct dec {
	bool dynamic_only;
	bool block_isolation;		/* no buddy spans two pageblocks */
	const struct hat_geometry *geom;
	uint8_t era;			/* the trace's: ops of later eras are dropped */
	unsigned long pb_mask;		/* pageblock_nr_pages - 1 */
	struct rd r;
	struct zones z;
	struct handles h;
	struct fold pfn, cpu, order, zone;	/* mod node_end, nr_cpus, max_order, npop */
	int64_t managed[HAT_NR_ZONES];	/* managed_pages after the ops so far */
	bool cut;			/* a part ran past the end: */
	int cut_op;			/* the first one: an op kind, -1 the header */
	size_t cut_at;			/* and its offset */
};

/*
 * Decode the header and ops in dc->r (from @buf, for op->line) into @t,
 * trace_init()ed.  Returns 0, or -1 (with @t freed) when out of memory.
 * The first part that read past the end is noted in dc->cut (an error
 * for a file; the total decoder ignores it).
 */
int decode_body(struct dec *dc, const uint8_t *buf, const struct decode_limits *lim,
		bool v2, struct trace *t);

/* ---- fuzz mode, dynamic_only (binary_fuzz.c) ---- */

/* The header's defaults in fuzz mode: the pcp lists can hold pages. */
void fuzz_fold_header(struct trace_header *hdr);
/*
 * Fold a decoded op @o into what the kernel can reach; false when it is
 * dropped (it sets state directly, or no such op can happen here).
 */
bool fuzz_fold_op(const struct dec *dc, struct op *o);

#endif /* HATRACE_BINARY_CODEC_H */
