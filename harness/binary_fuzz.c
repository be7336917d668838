// SPDX-License-Identifier: MIT
/*
 * binary_fuzz.c - fuzz mode (decode_limits.dynamic_only) of the binary
 * decoder: only states the kernel can reach.  The state-setting ops are
 * dropped (the decoder starts the trace with the implicit init-free of the
 * whole node), isolation is of whole pageblocks a zone spans and undone to
 * Movable, watermarks are sorted and lowmem reserves only against higher
 * zones, and the pcp lists can hold pages (docs/binary-format.md).
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

bool fuzz_fold_op(const struct dec *dc, struct op *o)
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
		break;
	}
	return true;
}
