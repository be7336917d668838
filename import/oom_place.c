// SPDX-License-Identifier: MIT
/*
 * oom_place.c - placing a report's zones and free buddies (oom_int.h),
 * rules of docs/oom-reports.md:
 *
 *   - zone placement:   oom_place_zones()
 *   - letter rule:      oom_distribute()     (round-robin in letter order)
 *   - buddy placement:  oom_place_buddies()  (blocks per type, lowest pfn
 *                                             first, one allocated "pin"
 *                                             page in the buddy of every
 *                                             free buddy)
 */
#include <stdlib.h>
#include <string.h>

#include "oom_int.h"

void oom_zb_free(struct zbuild *zb)
{
	free(zb->pg);
	free(zb->claim);
	for (int mt = 0; mt < HAT_NR_MT; mt++)
		free(zb->claimed[mt]);
	free(zb->b);
}

int oom_claim_block(struct zbuild *zb, unsigned long blk, int mt)
{
	if (zb->nclaimed[mt] == zb->capclaimed[mt]) {
		unsigned long cap = zb->capclaimed[mt] ? 2 * zb->capclaimed[mt] : 16;
		unsigned long *n = realloc(zb->claimed[mt], cap * sizeof(*n));

		if (!n)
			return -1;
		zb->claimed[mt] = n;
		zb->capclaimed[mt] = cap;
	}
	zb->claimed[mt][zb->nclaimed[mt]++] = blk;
	zb->claim[blk] = (int8_t)mt;
	while (zb->unclaimed < zb->lb && zb->claim[zb->unclaimed] >= 0)
		zb->unclaimed++;
	return 0;
}

static int add_buddy(struct zbuild *zb, unsigned long pfn, unsigned int order, int mt)
{
	if (zb->nb == zb->capb) {
		unsigned long cap = zb->capb ? 2 * zb->capb : 64;
		struct buddy *n = realloc(zb->b, cap * sizeof(*n));

		if (!n)
			return -1;
		zb->b = n;
		zb->capb = cap;
	}
	zb->b[zb->nb++] = (struct buddy){ pfn, order, mt };
	memset(zb->pg + (pfn - zb->start), PG_FREE, 1UL << order);
	zb->free_pages[mt] += 1UL << order;
	return 0;
}

static bool range_is(const struct zbuild *zb, unsigned long pfn, unsigned long n, uint8_t st)
{
	const uint8_t *p = zb->pg + (pfn - zb->start);

	for (unsigned long i = 0; i < n; i++)
		if (p[i] != st)
			return false;
	return true;
}

/*
 * The buddy of [pfn, pfn + 2^order) must never be a whole free buddy of
 * the same order, or the two would merge: keep one page of it allocated
 * (a "pin"; the last one that is not free).  Returns the pin's pfn, ~0UL
 * if none is needed (the buddy lies outside the zone, or is pinned
 * already), or -2UL if impossible (the buddy is all free).
 */
static unsigned long pin_for(const struct zbuild *zb, unsigned long pfn, unsigned int order)
{
	unsigned long n = 1UL << order, q = pfn ^ n;

	if (order + 1 >= zb->max_order)
		return ~0UL;	/* MAX_ORDER-1 buddies never merge */
	if (q < zb->start || q + n > zb->end)
		return ~0UL;	/* outside the zone: __free_one_page will not merge */
	for (unsigned long i = 0; i < n; i++)
		if (zb->pg[q + i - zb->start] == PG_PIN)
			return ~0UL;
	for (unsigned long i = n; i-- > 0;)
		if (zb->pg[q + i - zb->start] == PG_ALLOC)
			return q + i;
	return ~1UL;
}

/* Place a free buddy of order < pageblock_order at @pfn if the rules allow. */
static bool try_place(struct zbuild *zb, unsigned long pfn, unsigned int order, int mt, int *err)
{
	unsigned long pin;

	if (pfn < zb->start || pfn + (1UL << order) > zb->end ||
	    !range_is(zb, pfn, 1UL << order, PG_ALLOC))
		return false;
	pin = pin_for(zb, pfn, order);
	if (pin == ~1UL)
		return false;
	if (pin != ~0UL)
		zb->pg[pin - zb->start] = PG_PIN;
	if (add_buddy(zb, pfn, order, mt))
		*err = -1;
	return true;
}

struct cursor {
	unsigned long idx, pos;
};

/* Whether a buddy of @order fits at @pfn of an unclaimed block (no side effects). */
static bool fits(const struct zbuild *zb, unsigned long pfn, unsigned int order)
{
	return pfn >= zb->start && pfn + (1UL << order) <= zb->end &&
	       range_is(zb, pfn, 1UL << order, PG_ALLOC) && pin_for(zb, pfn, order) != ~1UL;
}

/* Claim @blk for @mt if a buddy of @order fits in it, and place it. */
static int try_new_block(struct zbuild *zb, unsigned long blk, unsigned int order, int mt,
			 struct cursor *c)
{
	unsigned long size = 1UL << order, base = blk * zb->pb;
	int e = 0;

	if (zb->claim[blk] >= 0)
		return 1;
	for (unsigned long pos = 0; pos < zb->pb; pos += size) {
		if (!fits(zb, base + pos, order))
			continue;
		if (oom_claim_block(zb, blk, mt))
			return -1;
		c->idx = zb->nclaimed[mt] - 1;
		c->pos = pos;
		try_place(zb, base + pos, order, mt, &e);
		c->pos += size;
		return e;
	}
	return 1;
}

/*
 * A buddy smaller than a block: in the type's blocks, lowest position
 * first, else in a new block: the lowest unclaimed block fully inside the
 * zone, else (not for HighAtomic) the in-zone part of a block that
 * straddles the zone's start or end.
 */
static int place_small(struct zbuild *zb, unsigned int order, int mt, struct cursor *c)
{
	unsigned long size = 1UL << order;
	unsigned long first = zb->start / zb->pb, last = zb->nblocks - 1;
	int e = 0, rc;

	for (; c->idx < zb->nclaimed[mt]; c->idx++, c->pos = 0) {
		unsigned long base = zb->claimed[mt][c->idx] * zb->pb;

		for (; c->pos < zb->pb; c->pos += size) {
			if (try_place(zb, base + c->pos, order, mt, &e)) {
				c->pos += size;
				return e;
			}
		}
	}
	for (unsigned long blk = zb->unclaimed; blk < zb->lb; blk++)
		if ((rc = try_new_block(zb, blk, order, mt, c)) <= 0)
			return rc;
	if (mt == HAT_MT_HIGHATOMIC)
		return 1;	/* never an H block across a zone edge (spec R4, R5) */
	if (first < zb->fb && (rc = try_new_block(zb, first, order, mt, c)) <= 0)
		return rc;
	if (last >= zb->lb && last != first && (rc = try_new_block(zb, last, order, mt, c)) <= 0)
		return rc;
	return 1;	/* no room */
}

/* A buddy of a block or more: the lowest aligned group of unclaimed blocks. */
static int place_big(struct zbuild *zb, unsigned int order, int mt)
{
	unsigned long nblk = 1UL << (order - zb->pbo);
	unsigned long g = (zb->fb + nblk - 1) / nblk * nblk;

	for (; g + nblk <= zb->lb; g += nblk) {
		unsigned long pfn = g * zb->pb, pin;
		bool free_group = true;

		for (unsigned long k = 0; k < nblk && free_group; k++)
			free_group = zb->claim[g + k] < 0;
		if (!free_group || !range_is(zb, pfn, nblk * zb->pb, PG_ALLOC))
			continue;
		pin = pin_for(zb, pfn, order);
		if (pin == ~1UL)
			continue;
		if (pin != ~0UL)
			zb->pg[pin - zb->start] = PG_PIN;
		for (unsigned long k = 0; k < nblk; k++)
			if (oom_claim_block(zb, g + k, mt))
				return -1;
		if (add_buddy(zb, pfn, order, mt))
			return -1;
		return 0;
	}
	return 1;
}

/*
 * The letter rule: the N buddies of an order go to the types its letters
 * name, round-robin in letter order (U M E H C I): buddy i to the
 * (i mod k)-th of the k letters.  Every named list gets at least one.
 */
void oom_distribute(struct zbuild *zb, const struct oom_zone *z)
{
	for (unsigned int o = 0; o < z->nr_orders; o++) {
		int types[HAT_NR_MT], k = 0;

		for (int mt = 0; mt < HAT_NR_MT; mt++)
			if (z->letters[o] & (1u << mt))
				types[k++] = mt;
		for (int j = 0; j < k; j++)
			zb->cnt[o][types[j]] = z->nr[o] / (unsigned int)k +
					       ((unsigned long long)j < z->nr[o] % (unsigned int)k);
	}
}

/*
 * Place every buddy: orders from the largest down, within an order the
 * types in letter order; see docs/oom-reports.md "Free pages".
 */
int oom_place_buddies(struct zbuild *zb, const char *name, uint32_t line, char *err, size_t errlen)
{
	for (unsigned int o = zb->max_order; o-- > 0;) {
		for (int mt = 0; mt < HAT_NR_MT; mt++) {
			struct cursor c = { 0, 0 };

			for (unsigned long long k = 0; k < zb->cnt[o][mt]; k++) {
				int rc = o >= zb->pbo ? place_big(zb, o, mt) : place_small(zb, o, mt, &c);

				if (rc < 0)
					return oom_fail(err, errlen, name, 0, "out of memory");
				if (rc > 0)
					return oom_fail(err, errlen, name, line,
							"zone %s: no room for free buddy %llu of %llu of order %u (%s) in [%lu, %lu): the free lists do not fit in the zone as rebuilt",
							hat_zone_names[zb->zone], k + 1, zb->cnt[o][mt],
							o, hat_mt_names[mt], zb->start,
							zb->end);
			}
		}
	}
	return 0;
}

int oom_cmp_buddy(const void *a, const void *b)
{
	const struct buddy *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

int oom_cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/*
 * Zone placement: present pages become a span without holes.  DMA starts
 * at pfn 1 (pfn 0 is reserved on x86) and, as on x86, spans at least the
 * first 16 MiB, [1, 4096): its holes there (the BIOS and ISA areas: a
 * present of 3998 pages) count as reserved pages, so managed stays
 * exact.  Every other zone starts at the first MAX_ORDER-aligned pfn at or
 * after the end of the zone below it (pfn 0 for the lowest zone).  On
 * x86-64 this puts DMA32 at 16 MiB (pfn 4096), as the kernel has it.
 */
int oom_place_zones(const struct oom_report *r, struct hat_geometry *g, char *err, size_t errlen)
{
	unsigned long prev_end = 0, align = 1UL << (g->max_order - 1);
	bool first = true;

	for (int z = 0; z < HAT_NR_ZONES; z++) {
		const struct oom_zone *zz = &r->zones[z];
		unsigned long present, start;

		if (!zz->line)
			continue;
		present = (unsigned long)(zz->present_kb / 4);
		if (z == HAT_ZONE_DMA)
			start = 1;
		else if (first)
			start = 0;
		else
			start = (prev_end + align - 1) / align * align;
		if (start > NODE_PAGES_LIMIT || present > NODE_PAGES_LIMIT - start)
			return oom_fail(err, errlen, r->name, zz->line,
					"zone %s: %lu present pages from pfn %lu end beyond the model's node limit of %lu pages (32 GiB)",
					hat_zone_names[z], present, start, NODE_PAGES_LIMIT);
		if (z == HAT_ZONE_DMA && present < DMA_END_PFN - start)
			present = DMA_END_PFN - start;	/* the holes below 16 MiB */
		g->zone_start_pfn[z] = start;
		g->zone_end_pfn[z] = start + present;
		g->reserved_pages[z] = present - (unsigned long)(zz->managed_kb / 4);
		prev_end = start + present;
		first = false;
	}
	return 0;
}
