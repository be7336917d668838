// SPDX-License-Identifier: MIT
/*
 * proc_layout.c - the free buddies of a /proc snapshot's zones (proc.h,
 * docs/capture.md, "From a /proc snapshot"): the free pages
 * /proc/kpageflags marks, cut into maximal aligned buddies, or, without
 * it, a layout synthesised from buddyinfo's or pagetypeinfo's counts.
 */
#include "proc_int.h"

#include <stdlib.h>
#include <string.h>

#include "input.h"

static int layout_push(struct layout *l, unsigned long pfn, unsigned int order)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct buddy *b = realloc(l->b, cap * sizeof(*b));

		if (!b)
			return -1;
		l->b = b;
		l->cap = cap;
	}
	l->b[l->n].pfn = pfn;
	l->b[l->n].order = (uint8_t)order;
	l->b[l->n].mt = -1;
	l->n++;
	return 0;
}

static int cmp_buddy(const void *a, const void *b)
{
	const struct buddy *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

/* Maximal aligned buddies of the free run [s, e). */
int layout_decompose(struct layout *l, unsigned long s, unsigned long e,
		     unsigned int max_order)
{
	while (s < e) {
		unsigned int o = 0;

		while (o + 1 < max_order && !(s & ((1UL << (o + 1)) - 1)) && s + (1UL << (o + 1)) <= e)
			o++;
		if (layout_push(l, s, o))
			return -1;
		s += 1UL << o;
	}
	return 0;
}

/*
 * Without kpageflags: @count[o] buddies of each order, first fit from the
 * zone start, largest order first.  A buddy below max_order-1 must not be
 * merged by the model with its buddy: one page of that buddy (the last one
 * not yet used) stays allocated as a guard, unless the buddy lies outside
 * the zone or already holds a guard.  The rest of the zone stays allocated.
 */
int synth_layout(struct layout *l, unsigned long zs, unsigned long ze,
		 const unsigned long *count, unsigned int max_order,
		 unsigned long *shortfall)
{
	enum { UNUSED, FREE, GUARD };
	unsigned long span = ze - zs;
	uint8_t *st = calloc(span, 1);

	if (!st)
		return -1;
	for (int o = (int)max_order - 1; o >= 0; o--) {
		unsigned long size = 1UL << o, p = (zs + size - 1) & ~(size - 1);

		shortfall[o] = 0;
		for (unsigned long k = 0; k < count[o]; k++) {
			bool placed = false;

			for (; p + size <= ze; p += size) {
				unsigned long b = p ^ size, q;
				bool ok = true, guard = false;

				for (q = p; q < p + size && ok; q++)
					ok = st[q - zs] == UNUSED;
				if (!ok)
					continue;
				if ((unsigned int)o + 1 < max_order && b >= zs && b + size <= ze) {
					unsigned long last = ~0UL;

					for (q = b; q < b + size; q++) {
						if (st[q - zs] == GUARD)
							guard = true;
						else if (st[q - zs] == UNUSED)
							last = q;
					}
					if (!guard) {
						if (last == ~0UL)
							continue;	/* its buddy is all free: it would merge */
						st[last - zs] = GUARD;
					}
				}
				memset(st + (p - zs), FREE, size);
				if (layout_push(l, p, (unsigned int)o)) {
					free(st);
					return -1;
				}
				p += size;
				placed = true;
				break;
			}
			if (!placed) {
				shortfall[o] = count[o] - k;
				break;
			}
		}
	}
	free(st);
	if (l->n)	/* (l->b is NULL without buddies) */
		qsort(l->b, l->n, sizeof(*l->b), cmp_buddy);
	return 0;
}

/* kpageflags: KPF_BUDDY (bit 10) set on every page of a free buddy (6.x; head only before 4.?) */
#define KPF_BUDDY	10

int read_kpageflags(const char *path, uint8_t *isfree, unsigned long node_end,
		    unsigned long *entries, unsigned long *beyond, char *err, size_t errlen)
{
	struct instream in;
	uint64_t buf[8192];
	unsigned long pfn = 0;
	size_t n;
	char cerr[256];

	*beyond = 0;
	if (instream_open(&in, path, err, errlen))
		return -1;
	while ((n = instream_read(&in, buf, sizeof(buf))) > 0) {
		if (n % 8) {
			instream_close(&in, true, cerr, sizeof(cerr));
			snprintf(err, errlen, "%s: %lu bytes is not a whole number of 8-byte entries",
				 path, (unsigned long)(in.bytes));
			return -1;
		}
		for (size_t i = 0; i < n / 8; i++, pfn++) {
			const uint8_t *b = (const uint8_t *)&buf[i];
			uint64_t v = 0;

			for (int k = 7; k >= 0; k--)	/* little-endian, as x86 writes it */
				v = (v << 8) | b[k];
			if (!(v & (1ULL << KPF_BUDDY)))
				continue;
			if (pfn < node_end)
				isfree[pfn >> 3] |= (uint8_t)(1u << (pfn & 7));
			else
				(*beyond)++;
		}
	}
	*entries = pfn;
	if (instream_close(&in, false, err, errlen))
		return -1;
	return 0;
}
