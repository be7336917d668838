// SPDX-License-Identifier: MIT
/*
 * binary_fuzz.c - fuzz mode (decode_limits.dynamic_only) of the binary
 * decoder: only states the kernel can reach.  The state-setting ops are
 * dropped (the decoder starts the trace with the implicit init-free of the
 * whole node), isolation is of whole pageblocks a zone spans and undone to
 * Movable, watermarks are sorted and lowmem reserves only against higher
 * zones, reclaim's inputs stay within the zone and its progress follows
 * the shrinker, and the pcp lists can hold pages (docs/binary-format.md).
 */
#include "binary_codec.h"

void fuzz_fold_header(struct trace_header *hdr)
{
	/*
	 * zone_batchsize() gives pcp->high 0 to any zone below 8192
	 * pages (all of the fuzzing node): no page would ever wait on
	 * a pcp list, and the pcp races could not happen.
	 */
	if (!hdr->geom.percpu_pagelist_fraction)
		hdr->geom.percpu_pagelist_fraction = PCP_FRACTION_MIN;
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

void fuzz_reclaim_start(struct fuzz_reclaim *fr, const struct hat_geometry *g)
{
	trace_managed_start(g, fr->managed);
	for (int z = 0; z < HAT_NR_ZONES; z++)
		fr->span[z] = g->zone_end_pfn[z] > g->zone_start_pfn[z] ?
			      (int64_t)(g->zone_end_pfn[z] - g->zone_start_pfn[z]) : 0;
	fr->fixed_zero = true;
}

bool fuzz_reclaim_fold(struct fuzz_reclaim *fr, struct op *o)
{
	switch ((enum op_kind)o->kind) {
	case OP_MANAGED:
		/* adjust_managed_page_count(): pages of the zone, freed or taken */
		managed_fold(fr->managed, o, fr->span[o->zone]);
		break;
	case OP_RECLAIMABLE:
		/* zone_reclaimable_pages() counts the zone's LRU pages */
		if (o->a > fr->span[o->zone])
			o->a = fr->span[o->zone];
		break;
	case OP_PROGRESS:
		/* try_to_free_pages() returns nr_reclaimed: what a shrinker freed */
		if (!o->a)
			o->flags |= OPF_FREED;
		fr->fixed_zero = false;
		break;
	case OP_SHRINK:
		return !o->a || !fr->fixed_zero;
	default:
		break;
	}
	return true;
}

bool fuzz_fold_op(struct dec *dc, struct op *o)
{
	/* the implicit init-free is the only set state */
	if (op_sets_state(o->kind))
		return false;
	switch ((enum op_kind)o->kind) {
	case OP_UNISOLATE:
	case OP_ISOLATE:
		/*
		 * The kernel isolates MAX_ORDER-aligned ranges
		 * (alloc_contig_range, offline_pages): one block
		 * alone only when a buddy cannot span two blocks.
		 */
		if (!dc->block_isolation)
			return false;
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
		return fuzz_reclaim_fold(&dc->fr, o);
	}
	return true;
}
