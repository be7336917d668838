// SPDX-License-Identifier: MIT
/*
 * proc_types.c - the free list of every free buddy and the type of every
 * pageblock of a /proc snapshot's zone, from pagetypeinfo's counts
 * (docs/capture.md, "Types").
 */
#include "proc_int.h"

/* The type order in which budgets are handed out to blocks that are not wholly free. */
static const int remaining_order[] = {
	HAT_MT_HIGHATOMIC, HAT_MT_RECLAIMABLE, HAT_MT_UNMOVABLE, HAT_MT_CMA, HAT_MT_MOVABLE,
};

static unsigned long block_of(const struct zone_build *zb, unsigned long pfn)
{
	return (pfn >> zb->pb) - (zb->zs >> zb->pb);
}

static int richest_type(const struct zone_build *zb)
{
	int best = HAT_MT_MOVABLE;

	for (int mt = 0; mt < HAT_MT_ISOLATE; mt++)
		if (zb->budget[mt] > zb->budget[best])
			best = mt;
	return best;
}

/*
 * Give every buddy a free list and every pageblock a type (docs/capture.md,
 * "Types"): (1) buddies of pageblock_order and above, in pfn order, take
 * the list types pagetypeinfo counts at their order in the order
 * Unmovable, Movable, Reclaimable, HighAtomic, CMA, and their blocks that
 * type; (2) the other blocks get the remaining block counts, type by type
 * (HighAtomic, Reclaimable, Unmovable, CMA, Movable), in pfn order, first
 * blocks holding free pages while that type's lists still need pages, then
 * blocks without free pages, then any; (3) smaller buddies take their
 * block's type while pagetypeinfo still counts buddies of that order and
 * type, then the first type still counted.
 */
void assign_types(struct zone_build *zb, struct layout *l, FILE *notes)
{
	const char *zn = hat_zone_names[zb->z];
	unsigned long excess = 0, untyped = 0;

	for (unsigned long i = 0; i < zb->nblocks; i++)
		zb->btype[i] = -1;
	for (size_t i = 0; i < l->n; i++)
		if (l->b[i].order < zb->pb)
			zb->bfree[block_of(zb, l->b[i].pfn)] += 1UL << l->b[i].order;
	/* (1) */
	for (int o = (int)zb->max_order - 1; o >= (int)zb->pb; o--) {
		int mt = 0;

		for (size_t i = 0; i < l->n; i++) {
			struct buddy *b = &l->b[i];
			int t;

			if (b->order != o)
				continue;
			while (mt < HAT_MT_ISOLATE && zb->need[mt][o] <= 0)
				mt++;
			if (mt < HAT_MT_ISOLATE) {
				t = mt;
				zb->need[mt][o]--;
			} else {
				t = richest_type(zb);
				excess++;
			}
			b->mt = (int8_t)t;
			for (unsigned long k = 0; k < (1UL << (o - (int)zb->pb)); k++) {
				unsigned long blk = block_of(zb, b->pfn) + k;

				if (blk < zb->nblocks) {
					zb->btype[blk] = (int8_t)t;
					zb->budget[t]--;
				}
			}
		}
	}
	/* (2) */
	for (size_t k = 0; k < sizeof(remaining_order) / sizeof(remaining_order[0]); k++) {
		int t = remaining_order[k];
		long demand = 0;

		for (unsigned int o = 0; o < zb->pb; o++)
			demand += zb->need[t][o] * (1L << o);
		for (int pass = 0; pass < 3; pass++) {
			for (unsigned long i = 0; i < zb->nblocks && zb->budget[t] > 0; i++) {
				if (zb->btype[i] >= 0)
					continue;
				if (pass == 0 && (demand <= 0 || !zb->bfree[i]))
					continue;
				if (pass == 1 && zb->bfree[i])
					continue;
				zb->btype[i] = (int8_t)t;
				zb->budget[t]--;
				demand -= (long)zb->bfree[i];
			}
		}
	}
	for (unsigned long i = 0; i < zb->nblocks; i++) {
		if (zb->btype[i] < 0) {
			zb->btype[i] = HAT_MT_MOVABLE;
			untyped++;
		}
	}
	/* (3) */
	for (unsigned int o = 0; o < zb->pb; o++) {
		for (int pass = 0; pass < 2; pass++) {
			for (size_t i = 0; i < l->n; i++) {
				struct buddy *b = &l->b[i];
				int bt = zb->btype[block_of(zb, b->pfn)], t = -1;

				if (b->order != o || b->mt >= 0)
					continue;
				if (pass == 0) {
					if (zb->need[bt][o] > 0)
						t = bt;
				} else {
					for (int mt = 0; mt < HAT_MT_ISOLATE && t < 0; mt++)
						if (zb->need[mt][o] > 0)
							t = mt;
					if (t < 0) {
						t = bt;
						excess++;
					}
				}
				if (t < 0)
					continue;
				if (zb->need[t][o] > 0)
					zb->need[t][o]--;
				b->mt = (int8_t)t;
			}
		}
	}
	if (excess)
		note(notes, "zone %s: %lu free buddies more than pagetypeinfo lists: each put on its block's type (or the type with the most blocks left)",
		     zn, excess);
	if (untyped)
		note(notes, "zone %s: %lu pageblocks more than pagetypeinfo counts: typed Movable", zn, untyped);
	for (int mt = 0; mt < HAT_MT_ISOLATE; mt++) {
		long lack = 0;

		for (unsigned int o = 0; o < zb->max_order; o++)
			if (zb->need[mt][o] > 0)
				lack += zb->need[mt][o];
		if (lack)
			note(notes, "zone %s: pagetypeinfo lists %ld more free %s buddies than the layout has",
			     zn, lack, hat_mt_names[mt]);
		if (zb->budget[mt] > 0)
			note(notes, "zone %s: %ld %s pageblocks of pagetypeinfo found no block", zn,
			     zb->budget[mt], hat_mt_names[mt]);
		else if (zb->budget[mt] < 0)
			note(notes, "zone %s: %ld %s pageblocks more than pagetypeinfo counts (wholly free blocks on %s lists)",
			     zn, -zb->budget[mt], hat_mt_names[mt], hat_mt_names[mt]);
	}
}
