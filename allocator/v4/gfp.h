/* SPDX-License-Identifier: MIT */
/*
 * gfp.h - what the v4.8 core makes of the GFP bits (gfp_bits.h): the
 * migratetype and zone of a request, and the slow path's ALLOC_* flags
 * (spec §1.8, §2.17).
 */
#ifndef HATRACE_GFP_H
#define HATRACE_GFP_H

#include "gfp_bits.h"
#include "mmzone.h"

/* mm/internal.h */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_HARDER		0x10
#define ALLOC_HIGH		0x20
#define ALLOC_CPUSET		0x40
#define ALLOC_CMA		0x80

_Static_assert((__GFP_MOVABLE >> GFP_MOVABLE_SHIFT) == MIGRATE_MOVABLE &&
	       (__GFP_RECLAIMABLE >> GFP_MOVABLE_SHIFT) == MIGRATE_RECLAIMABLE &&
	       (GFP_MOVABLE_MASK >> GFP_MOVABLE_SHIFT) == MIGRATE_HIGHATOMIC,
	       "the mobility bits shift onto the migratetypes, as in the kernel");

/*
 * gfpflags_to_migratetype(): the mobility bits shifted down, so both of
 * them give 3 = MIGRATE_HIGHATOMIC (spec §10.9): an order>0 request then
 * takes H pages first, like ALLOC_HARDER, and an unreserve for it leaves
 * the block H.
 */
static inline int gfpflags_to_migratetype(gfp_t gfp_flags)
{
	if (unlikely(page_group_by_mobility_disabled))
		return MIGRATE_UNMOVABLE;
	return gfp_mobility_type(gfp_flags);
}

/* gfp_zone(): the highest zone the request may use. */
static inline enum zone_type gfp_zone(gfp_t flags)
{
	return (enum zone_type)gfp_zone_index(flags);
}

#endif /* HATRACE_GFP_H */
