// SPDX-License-Identifier: MIT
/*
 * binary.c - the compact encoding of a trace, for fuzzers (layout:
 * docs/binary-format.md).
 *
 * Decoding is total: every field is read without a bound check failing
 * (the end of input reads as zero bits), then folded into the range
 * trace_validate() and node_init() accept; a handle op with no handle to
 * refer to is dropped.  Encoding writes the one canonical form, whose
 * decoding is the trace itself (op->line aside), so encode(decode(x)) is
 * a fixed point for any x.  It frames the body with the magic, the
 * version and the body's length; a file (trace_read_binary) must match
 * its framing exactly, and no read may run past its end.
 *
 * Handles are named by position, not number: a defining op takes the
 * next number, and free / free-begin / free-commit give a selector k that
 * picks the (k mod n)-th of the n candidate handles counting from the
 * newest one.  The candidate sets are bitmaps over handle numbers with a
 * Fenwick tree over their 64-bit words, so both directions (k-th member,
 * rank of a member) cost O(log handles) in a structure that stays in
 * cache, and a megabyte decodes in a few milliseconds.
 */
#include "binary.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

const struct decode_limits decode_limits_file = {
	.max_node_pages = NODE_PAGES_LIMIT,
	.max_cpus = HAT_MAX_CPUS,
	.max_ops = TRACE_MAX_OPS,
};

const struct decode_limits decode_limits_fuzz = {
	.max_node_pages = 4096,
	.max_cpus = 4,
	.max_ops = 4096,
	.dynamic_only = true,
};

bool trace_is_binary(const uint8_t *buf, size_t len)
{
	return len >= BINARY_MAGIC_LEN && !memcmp(buf, BINARY_MAGIC, BINARY_MAGIC_LEN);
}

/* ---- handle sets: bitmaps, with a Fenwick tree over their words ---- */

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

static int handles_init(struct handles *h)
{
	memset(h, 0, sizeof(*h));
	h->cap = 64;
	h->st = calloc(h->cap, 1);
	h->words = calloc(1, sizeof(*h->words));
	h->fw = calloc(2, sizeof(*h->fw));
	return h->st && h->words && h->fw ? 0 : -1;
}

static void handles_free(struct handles *h)
{
	free(h->words);
	free(h->fw);
	free(h->st);
}

/*
 * Double the capacity.  Every member is below the old cap, in words
 * 1..W (1-based), so of the new Fenwick nodes (W, 2W] only 2W, which
 * covers (0, 2W], is non-zero: it holds all members.
 */
static int handles_grow(struct handles *h)
{
	uint32_t cap = h->cap * 2, w = h->cap / 64;
	uint8_t *st = realloc(h->st, cap);
	struct hword *words;
	struct hcount *fw;

	if (!st)
		return -1;
	h->st = st;
	memset(st + h->cap, 0, cap - h->cap);
	words = realloc(h->words, 2 * w * sizeof(*words));
	if (!words)
		return -1;
	h->words = words;
	memset(words + w, 0, w * sizeof(*words));
	fw = realloc(h->fw, (2 * w + 1) * sizeof(*fw));
	if (!fw)
		return -1;
	h->fw = fw;
	memset(fw + w + 1, 0, w * sizeof(*fw));
	for (int s = 0; s < NR_HS; s++)
		fw[2 * w].c[s] = (int32_t)h->n[s];
	h->cap = cap;
	return 0;
}

/*
 * Broadword rank and select (Vigna, "Broadword implementation of
 * rank/select queries"), without relying on a popcnt instruction.
 */
/* The multiplications below wrap on purpose (clang's -fsanitize=unsigned-integer-overflow). */
#if defined(__clang__)
#define WRAPS	__attribute__((no_sanitize("unsigned-integer-overflow")))
#else
#define WRAPS
#endif

#define ONES8	0x0101010101010101ull
#define HIGHS8	0x8080808080808080ull

/* Per byte, the number of set bits of that byte. */
static inline uint64_t byte_counts(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	return (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
}

WRAPS static inline unsigned int popcount64(uint64_t x)
{
	return (unsigned int)((byte_counts(x) * ONES8) >> 56);
}

/* How many bytes of the cumulative counts @cum are <= @k (< 128). */
WRAPS static inline unsigned int bytes_le(uint64_t cum, unsigned int k)
{
	uint64_t le = ((k * ONES8) | HIGHS8) - cum;

	return (unsigned int)((((le & HIGHS8) >> 7) * ONES8) >> 56);
}

/* Position of the set bit of @x with @k set bits below it (k < popcount). */
WRAPS static inline unsigned int select64(uint64_t x, unsigned int k)
{
	uint64_t cum = byte_counts(x) * ONES8;	/* bits in bytes 0..i */
	unsigned int b = bytes_le(cum, k);	/* the byte holding it */
	uint64_t y = (x >> (8 * b)) & 0xff;
	uint64_t lanes;

	k -= (unsigned int)((cum << 8) >> (8 * b)) & 0xff;
	/* the same within the byte: one lane per bit */
	lanes = ((y * ONES8) & 0x8040201008040201ull) + 0x7f7f7f7f7f7f7f7full;
	lanes = (lanes >> 7) & ONES8;
	return 8 * b + bytes_le(lanes * ONES8, k);
}

/* Lowest set bit of @i > 0. */
static inline uint32_t lowbit(uint32_t i)
{
	return i & (~i + 1);
}

/* Members of set @s that are <= @x. */
static uint32_t hs_prefix(const struct handles *h, int s, uint32_t x)
{
	int32_t sum = 0;

	for (uint32_t i = x / 64; i; i &= i - 1)
		sum += h->fw[i].c[s];
	return (uint32_t)sum + popcount64(h->words[x / 64].bits[s] << (63 - x % 64));
}

/* The member of set @s with exactly @k members below it (k < n). */
static uint32_t hs_kth(const struct handles *h, int s, uint32_t k)
{
	uint32_t pos = 0;

	/* the word: fw[words] counts all n > k, so the search stays below */
	for (uint32_t step = h->cap / 128; step; step >>= 1) {
		uint32_t c = (uint32_t)h->fw[pos + step].c[s];
		bool go = c <= k;

		k -= go ? c : 0;
		pos += go ? step : 0;
	}
	return pos * 64 + select64(h->words[pos].bits[s], k);
}

/* Selector of member @x: how many members of @s are newer (greater). */
static uint32_t hs_select_of(const struct handles *h, int s, uint32_t x)
{
	return h->n[s] - hs_prefix(h, s, x);
}

/* The member picked by selector @k (n > 0): the (k mod n)-th newest. */
static uint32_t hs_pick(const struct handles *h, int s, uint64_t k)
{
	uint32_t n = h->n[s];
	uint32_t r = k <= UINT32_MAX ? (uint32_t)k % n : (uint32_t)(k % n);

	return hs_kth(h, s, n - 1 - r);
}

/* Whether state bits @st put a handle in set @s. */
static bool st_in(uint8_t st, int s)
{
	switch (s) {
	case HS_LIVE:
		return st & H_IS_LIVE;
	case HS_BIG:
		return (st & (H_IS_LIVE | H_IS_BIG)) == (H_IS_LIVE | H_IS_BIG);
	case HS_PEND:
		return st & H_IS_PEND;
	default:
		return st & H_IS_FLIGHT;
	}
}

/* Set handle @x's state to @st, moving it between the sets. */
static void set_state(struct handles *h, uint32_t x, uint8_t st)
{
	uint8_t old = h->st[x];
	int32_t d[NR_HS];
	uint32_t words = h->cap / 64;

	for (int s = 0; s < NR_HS; s++) {
		d[s] = (int32_t)st_in(st, s) - (int32_t)st_in(old, s);
		if (d[s])
			h->words[x / 64].bits[s] ^= 1ull << (x % 64);
		h->n[s] = (uint32_t)((int32_t)h->n[s] + d[s]);
	}
	/* one walk up the tree for all the sets */
	for (uint32_t i = x / 64 + 1; i <= words; i += lowbit(i))
		for (int s = 0; s < NR_HS; s++)
			h->fw[i].c[s] += d[s];
	h->st[x] = st;
}

/*
 * Define the next handle, of @order, by an op of kind @k: live, or in
 * flight for alloc-begin; returns its number or -1.
 */
static long handle_define(struct handles *h, enum op_kind k, unsigned int order)
{
	uint32_t x = h->nr;

	if (x >= h->cap && handles_grow(h))
		return -1;
	h->nr++;
	set_state(h, x, (uint8_t)((k == OP_ALLOC_BEGIN ? H_IS_FLIGHT : H_IS_LIVE) |
				  (order ? H_IS_BIG : 0)));
	return x;
}

/* Set of candidates an op's selector picks from. */
static int op_handle_set(enum op_kind k)
{
	switch (k) {
	case OP_FREE:
		return HS_LIVE;
	case OP_FREE_BEGIN:
		return HS_BIG;
	case OP_FREE_COMMIT:
		return HS_PEND;
	default:	/* alloc-step, alloc-end */
		return HS_FLIGHT;
	}
}

/* What op @k does to a handle it picked. */
static void handle_use(struct handles *h, enum op_kind k, uint32_t x)
{
	uint8_t big = h->st[x] & H_IS_BIG;

	if (k == OP_FREE_BEGIN)
		set_state(h, x, (uint8_t)(big | H_IS_PEND));
	else if (k == OP_ALLOC_END)
		set_state(h, x, (uint8_t)(big | H_IS_LIVE));	/* completed */
	else if (k != OP_ALLOC_STEP)
		set_state(h, x, big);	/* free, free-commit: gone */
}

/* ---- the populated zones, counted as the format counts them ---- */

struct zones {
	unsigned int npop;
	uint8_t pop[HAT_NR_ZONES];	/* populated zones, ascending */
	uint8_t rank[HAT_NR_ZONES];	/* inverse of pop (0 for unpopulated) */
	unsigned long node_end;		/* end of the highest populated zone */
};

static void zones_of(const struct hat_geometry *g, struct zones *z)
{
	memset(z, 0, sizeof(*z));
	for (int i = 0; i < HAT_NR_ZONES; i++)
		if (g->zone_end_pfn[i] > g->zone_start_pfn[i]) {
			z->rank[i] = (uint8_t)z->npop;
			z->pop[z->npop++] = (uint8_t)i;
			z->node_end = g->zone_end_pfn[i];
		}
}

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
static uint64_t rd_varint_slow(struct rd *r)
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

/* A varint mod @n (n > 0); 32-bit division when it can. */
static inline unsigned long rd_fold(struct rd *r, unsigned long n)
{
	uint64_t v = rd_varint(r);

	if (v <= UINT32_MAX && n <= UINT32_MAX)
		return (uint32_t)v % (uint32_t)n;
	return (unsigned long)(v % n);
}

/*
 * x mod d for the divisors fixed by the header (node end, cpus, orders,
 * zones): Lemire's fastmod, a multiplication instead of a division.
 */
struct fold {
	uint64_t m;		/* 2^64 / d, rounded up (0 for d = 1) */
	uint32_t d;
};

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

/* ---- decoding ---- */

struct dec_geom {
	unsigned long max_pages;
	unsigned int max_cpus;
	bool dynamic_only;
};

/* The patches era @era knows. */
static uint64_t patch_mask(uint8_t era)
{
	unsigned int n = era_names(era)->nr_patches;

	return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/*
 * A mask of the header: u16 in version 2 (era 1 then), a varint with
 * HDR_WIDE (version 3 and a fuzzer's input).
 */
static uint64_t rd_mask(struct rd *r, bool wide, uint64_t mask)
{
	return (wide ? rd_varint(r) : rd_u16(r)) & mask;
}

static void decode_header(struct rd *r, const struct dec_geom *lim, bool v2,
			  struct trace_header *hdr)
{
	struct hat_geometry *g = &hdr->geom;
	uint8_t flags = rd_u8(r), orders = rd_u8(r);
	bool wide = (flags & HDR_WIDE) && !v2;
	uint64_t pmask;
	unsigned long prev_end = 0;
	bool any = false;

	geometry_default(g);
	g->max_order = 2 + (orders & 0xf) % 13;
	g->pb_order = 1 + (unsigned int)(orders >> 4) % (g->max_order - 1);
	g->nr_cpus = 1 + (unsigned int)rd_fold(r, lim->max_cpus);
	if (flags & HDR_HAS_MIN_FREE) {
		uint64_t v = rd_varint(r);

		g->min_free_kbytes = v > MIN_FREE_KBYTES_MAX ? MIN_FREE_KBYTES_MAX : (unsigned long)v;
	}
	if (flags & HDR_HAS_PCP_FRACTION)
		g->percpu_pagelist_fraction = PCP_FRACTION_MIN +
			rd_fold(r, PCP_FRACTION_MAX - PCP_FRACTION_MIN + 1);
	else if (lim->dynamic_only)
		/*
		 * zone_batchsize() gives pcp->high 0 to any zone below 8192
		 * pages (all of the fuzzing node): no page would ever wait on
		 * a pcp list, and the pcp races could not happen.
		 */
		g->percpu_pagelist_fraction = PCP_FRACTION_MIN;
	for (int i = 0; i < HAT_NR_ZONES; i++) {
		uint64_t gap = rd_varint(r), len = rd_varint(r), resv = rd_varint(r);
		unsigned long start, end;

		if (gap >= lim->max_pages - prev_end || !len)
			continue;	/* starts past the limit, or empty */
		start = prev_end + (unsigned long)gap;
		end = len > lim->max_pages - start ? lim->max_pages : start + (unsigned long)len;
		g->zone_start_pfn[i] = start;
		g->zone_end_pfn[i] = end;
		g->reserved_pages[i] = resv > end - start ? end - start : (unsigned long)resv;
		prev_end = end;
		any = true;
	}
	if (!any) {
		unsigned long n = 8UL << g->pb_order;

		g->zone_end_pfn[HAT_ZONE_NORMAL] = n < lim->max_pages ? n : lim->max_pages;
	}
	if (flags & HDR_HAS_VARIANT) {
		hdr->has_variant = true;
		hdr->variant.era = wide ? (uint8_t)(1 + rd_u8(r) % hat_nr_eras()) : HAT_ERA_DEFAULT;
		hdr->variant.patches = rd_mask(r, wide, patch_mask(hdr->variant.era));
	}
	pmask = patch_mask(trace_era(hdr));
	hdr->nr_rules = rd_u8(r) % (TRACE_MAX_RULES + 1);
	for (unsigned int i = 0; i < hdr->nr_rules; i++) {
		struct expect_rule *e = &hdr->rules[i];

		e->have = rd_mask(r, wide, pmask);
		/* a patch both required and excluded: the text cannot say it */
		e->lack = rd_mask(r, wide, pmask & ~e->have);
		e->fired = rd_mask(r, wide, INV_MASK);
	}
}

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

/* A gfp mask: fuzz mode folds it (gfp_fuzz_fold()), a file keeps it. */
static gfp_t rd_gfp(struct rd *r, bool dynamic_only)
{
	uint64_t gfp = rd_varint(r);

	return dynamic_only ? gfp_fuzz_fold(gfp) : (gfp_t)(gfp & __GFP_BITS_MASK);
}

/* Whether one zone spans all of [start, start + n). */
static bool block_in_zone(const struct hat_geometry *g, unsigned long start, unsigned long n)
{
	for (int i = 0; i < HAT_NR_ZONES; i++)
		if (g->zone_end_pfn[i] > g->zone_start_pfn[i] && start >= g->zone_start_pfn[i] &&
		    start + n <= g->zone_end_pfn[i])
			return true;
	return false;
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
	if (dc->dynamic_only) {
		/* the implicit init-free is the only set state */
		if (op_sets_state(o->kind)) {
			*define = -1;
			return false;
		}
		switch ((enum op_kind)o->kind) {
		case OP_UNISOLATE:
		case OP_ISOLATE:
			/*
			 * The kernel isolates MAX_ORDER-aligned ranges
			 * (alloc_contig_range, offline_pages): one block
			 * alone only when a buddy cannot span two blocks.
			 */
			if (!dc->block_isolation) {
				*define = -1;
				return false;
			}
			/* block-aligned pages; undo restores MOVABLE */
			o->a &= ~(int64_t)dc->pb_mask;
			if (o->kind == OP_UNISOLATE)
				o->mt = HAT_MT_MOVABLE;
			/* and never a block that a zone spans only in part */
			if (!block_in_zone(dc->geom, (unsigned long)o->a, dc->pb_mask + 1))
				return false;
			break;
		case OP_WATERMARKS:
			watermarks_fuzz_fold(o);
			break;
		case OP_LOWMEM_RESERVE:
			/*
			 * setup_per_zone_lowmem_reserve() only ever sets a
			 * zone's reserve against higher zones' requests.
			 */
			o->a = 0;	/* every zone is at or above DMA */
			if (o->zone >= HAT_ZONE_DMA32)
				o->b = 0;
			if (o->zone >= HAT_ZONE_NORMAL)
				o->c = 0;
			break;
		default:
			break;
		}
	}
	return true;
}

/*
 * Decode the header and ops in dc->r (from @buf, for op->line) into @t,
 * trace_init()ed.  Returns 0, or -1 (with @t freed) when out of memory.
 * The first part that read past the end is noted in dc->cut (an error
 * for a file; the total decoder ignores it).
 */
static int decode(struct dec *dc, const uint8_t *buf, const struct decode_limits *lim,
		  bool v2, struct trace *t)
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
	dl.dynamic_only = lim->dynamic_only;
	max_ops = lim->max_ops < TRACE_MAX_OPS ? lim->max_ops : TRACE_MAX_OPS;

	dc->dynamic_only = lim->dynamic_only;
	dc->cut_at = (size_t)(dc->r.p - buf);
	dc->cut_op = -1;
	decode_header(&dc->r, &dl, v2, &t->hdr);
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
	return decode(&dc, buf, lim, v2, t);
}

/* "NAME: byte offset AT: message"; returns -1. */
__attribute__((format(printf, 5, 6)))
static int read_error(char *err, size_t errlen, const char *name, size_t at,
		      const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "%s: byte offset %zu: ", name, at);

	if (n >= 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* The framing of a file: where its body starts and ends, or -1 with @err. */
static int read_framing(const uint8_t *buf, size_t len, const char *name, size_t *body,
			size_t *end, bool *v2, char *err, size_t errlen)
{
	const size_t at_len = BINARY_MAGIC_LEN + 1;	/* the length field's offset */
	struct rd r = { buf + at_len, buf + len, false };
	uint64_t size;

	if (len < BINARY_MAGIC_LEN || memcmp(buf, BINARY_MAGIC, BINARY_MAGIC_LEN)) {
		if (len < BINARY_MAGIC_LEN && !memcmp(buf, BINARY_MAGIC, len))
			return read_error(err, errlen, name, len,
					  "truncated: the file ends inside the magic \"%s\"",
					  BINARY_MAGIC);
		return read_error(err, errlen, name, 0, "not a binary trace (no \"%s\" magic)",
				  BINARY_MAGIC);
	}
	if (len == BINARY_MAGIC_LEN)
		return read_error(err, errlen, name, len,
				  "truncated: the file ends before the format version");
	if (buf[BINARY_MAGIC_LEN] < 8)
		return read_error(err, errlen, name, BINARY_MAGIC_LEN,
				  "a version 1 binary trace, which this hatrace no longer reads (it has no length field, so a file cut short could not be told from a shorter trace): convert the text trace again, or read a fuzzer's input with `hatrace convert --fuzz`");
	if (buf[BINARY_MAGIC_LEN] != BINARY_VERSION && buf[BINARY_MAGIC_LEN] != BINARY_VERSION_2)
		return read_error(err, errlen, name, BINARY_MAGIC_LEN,
				  "unknown binary trace version 0x%02x (this hatrace reads versions %c and %c)",
				  buf[BINARY_MAGIC_LEN], BINARY_VERSION_2, BINARY_VERSION);
	*v2 = buf[BINARY_MAGIC_LEN] == BINARY_VERSION_2;
	size = rd_varint(&r);
	*body = (size_t)(r.p - buf);
	if (r.cut)
		return read_error(err, errlen, name, len,
				  "truncated: the file ends inside the length field (at byte offset %zu)",
				  at_len);
	if (size > len - *body)
		return read_error(err, errlen, name, len,
				  "truncated: the file ends here, after %zu of the %llu bytes that its length field (at byte offset %zu) gives the trace",
				  len - *body, (unsigned long long)size, at_len);
	*end = *body + (size_t)size;
	if (*end < len)
		return read_error(err, errlen, name, *end,
				  "%zu bytes after the end of the trace (its length field, at byte offset %zu, says it ends here)",
				  len - *end, at_len);
	return 0;
}

int trace_read_binary(const uint8_t *buf, size_t len, const char *name, struct trace *t,
		      char *err, size_t errlen)
{
	size_t body = 0, end = 0;
	bool v2 = false;
	struct dec dc;

	trace_init(t, name);
	if (read_framing(buf, len, name, &body, &end, &v2, err, errlen))
		return -1;
	dc.r = (struct rd){ buf + body, buf + end, false };
	if (decode(&dc, buf, &decode_limits_file, v2, t)) {
		trace_init(t, name);
		snprintf(err, errlen, "%s: out of memory decoding the binary trace", name);
		return -1;
	}
	if (dc.cut || dc.r.p < dc.r.end) {
		size_t at = dc.cut ? dc.cut_at : (size_t)(dc.r.p - buf);

		trace_free(t);
		trace_init(t, name);
		if (!dc.cut)
			return read_error(err, errlen, name, at, "more than %u ops (TRACE_MAX_OPS)",
					  TRACE_MAX_OPS);
		return read_error(err, errlen, name, at,
				  "%s%s runs past the end of the trace, which its length field puts at byte offset %zu",
				  dc.cut_op < 0 ? "the header" : "op ",
				  dc.cut_op < 0 ? "" : op_name((enum op_kind)dc.cut_op), end);
	}
	return 0;
}

/* ---- encoding ---- */

struct wr {
	uint8_t *buf;
	size_t len, cap;
};

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

static inline void wr_delta(struct wr *w, int64_t v)
{
	wr_varint(w, v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1);
}

/* The longest op: opcode and four varints. */
#define OP_MAX_BYTES	(1 + 4 * 10)

/*
 * Whether the header needs HDR_WIDE: a variant of another era than the
 * default, or a mask beyond 16 bits; else it is written as version 2 had it.
 */
static bool header_wide(const struct trace_header *hdr)
{
	uint64_t bits = 0;

	if (hdr->has_variant && variant_era(&hdr->variant) != HAT_ERA_DEFAULT)
		return true;
	if (hdr->has_variant)
		bits |= hdr->variant.patches;
	for (unsigned int i = 0; i < hdr->nr_rules && i < TRACE_MAX_RULES; i++)
		bits |= hdr->rules[i].have | hdr->rules[i].lack | hdr->rules[i].fired;
	return bits >> 16;
}

static void wr_mask(struct wr *w, bool wide, uint64_t v)
{
	if (wide)
		wr_varint(w, v);
	else
		wr_u16(w, (unsigned int)v);
}

static void encode_header(struct wr *w, const struct trace_header *hdr)
{
	const struct hat_geometry *g = &hdr->geom;
	unsigned long prev_end = 0;
	unsigned int flags = 0;

	if (hdr->has_variant)
		flags |= HDR_HAS_VARIANT;
	if (header_wide(hdr))
		flags |= HDR_WIDE;
	if (g->min_free_kbytes)
		flags |= HDR_HAS_MIN_FREE;
	if (g->percpu_pagelist_fraction)
		flags |= HDR_HAS_PCP_FRACTION;
	wr_u8(w, flags);
	wr_u8(w, ((g->max_order - 2) & 0xf) | ((g->pb_order - 1) & 0xf) << 4);
	wr_varint(w, g->nr_cpus ? g->nr_cpus - 1 : 0);
	if (flags & HDR_HAS_MIN_FREE)
		wr_varint(w, g->min_free_kbytes);
	if (flags & HDR_HAS_PCP_FRACTION)
		wr_varint(w, g->percpu_pagelist_fraction >= PCP_FRACTION_MIN ?
			     g->percpu_pagelist_fraction - PCP_FRACTION_MIN : 0);
	for (int i = 0; i < HAT_NR_ZONES; i++) {
		unsigned long s = g->zone_start_pfn[i], e = g->zone_end_pfn[i];

		if (e <= s || s < prev_end) {
			wr_varint(w, 0);
			wr_varint(w, 0);
			wr_varint(w, 0);
			continue;
		}
		wr_varint(w, s - prev_end);
		wr_varint(w, e - s);
		wr_varint(w, g->reserved_pages[i]);
		prev_end = e;
	}
	if (hdr->has_variant) {
		if (flags & HDR_WIDE)
			wr_u8(w, variant_era(&hdr->variant) - 1);
		wr_mask(w, flags & HDR_WIDE, hdr->variant.patches);
	}
	wr_u8(w, hdr->nr_rules <= TRACE_MAX_RULES ? hdr->nr_rules : TRACE_MAX_RULES);
	for (unsigned int i = 0; i < hdr->nr_rules && i < TRACE_MAX_RULES; i++) {
		wr_mask(w, flags & HDR_WIDE, hdr->rules[i].have);
		wr_mask(w, flags & HDR_WIDE, hdr->rules[i].lack);
		wr_mask(w, flags & HDR_WIDE, hdr->rules[i].fired & INV_MASK);
	}
}

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
