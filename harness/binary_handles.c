// SPDX-License-Identifier: MIT
/*
 * binary_handles.c - the handle sets of the binary encoding: handles are
 * named by position, not number.  A defining op takes the next number,
 * and free / free-begin / free-commit / alloc-step / alloc-end give a
 * selector k that picks the (k mod n)-th of the n candidate handles
 * counting from the newest one.  The candidate sets are bitmaps over
 * handle numbers with a Fenwick tree over their 64-bit words, so both
 * directions (k-th member, rank of a member) cost O(log handles) in a
 * structure that stays in cache, and a megabyte decodes in a few
 * milliseconds.
 */
#include "binary_codec.h"

#include <stdlib.h>

int handles_init(struct handles *h)
{
	memset(h, 0, sizeof(*h));
	h->cap = 64;
	h->st = calloc(h->cap, 1);
	h->words = calloc(1, sizeof(*h->words));
	h->fw = calloc(2, sizeof(*h->fw));
	return h->st && h->words && h->fw ? 0 : -1;
}

void handles_free(struct handles *h)
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
uint32_t hs_select_of(const struct handles *h, int s, uint32_t x)
{
	return h->n[s] - hs_prefix(h, s, x);
}

/* The member picked by selector @k (n > 0): the (k mod n)-th newest. */
uint32_t hs_pick(const struct handles *h, int s, uint64_t k)
{
	uint32_t n = h->n[s];
	uint32_t r = k <= UINT32_MAX ? (uint32_t)k % n : (uint32_t)(k % n);

	return hs_kth(h, s, n - 1 - r);
}

/* Whether state bits @st put a handle in set @s. */
bool st_in(uint8_t st, int s)
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
long handle_define(struct handles *h, enum op_kind k, unsigned int order)
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
int op_handle_set(enum op_kind k)
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
void handle_use(struct handles *h, enum op_kind k, uint32_t x)
{
	uint8_t big = h->st[x] & H_IS_BIG;

	if (k == OP_FREE_BEGIN)
		set_state(h, x, (uint8_t)(big | H_IS_PEND));
	else if (k == OP_ALLOC_END)
		set_state(h, x, (uint8_t)(big | H_IS_LIVE));	/* completed */
	else if (k != OP_ALLOC_STEP)
		set_state(h, x, big);	/* free, free-commit: gone */
}
