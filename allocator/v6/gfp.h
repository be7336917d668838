/* SPDX-License-Identifier: MIT */
/*
 * gfp.h - what the era-2 core makes of the GFP bits (gfp_bits.h, the trace
 * language's, with v4.8's values: a v6 kernel numbers them differently,
 * traces carry names and these values, and the importers translate):
 * gfp_migratetype(), gfp_zone(), and mm/internal.h's ALLOC_* flags under
 * both eras' names (the v6.3 series renamed ALLOC_HARDER / ALLOC_HIGH to
 * ALLOC_NON_BLOCK / ALLOC_MIN_RESERVE, same bits).  __GFP_ATOMIC is kept:
 * pre-v6.3 kernels read it.
 */
#ifndef HATRACE_V6_GFP_H
#define HATRACE_V6_GFP_H

#include "gfp_bits.h"
#include "mmzone.h"

/* v4.15+ name of __GFP_REPEAT's bit */
#define __GFP_RETRY_MAYFAIL	__GFP_REPEAT

/* mm/internal.h: the ALLOC_* flags (values of v6.3 .. v6.19). */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM		0x08	/* CONFIG_MMU */
#define ALLOC_NON_BLOCK		0x10	/* v6.3 (1ebbb21811b7); before: ALLOC_HARDER */
#define ALLOC_MIN_RESERVE	0x20	/* v6.3 (524c48072e56); before: ALLOC_HIGH */
#define ALLOC_CPUSET		0x40
#define ALLOC_CMA		0x80
#define ALLOC_NOFRAGMENT	0x100
#define ALLOC_HIGHATOMIC	0x200	/* v6.3 (eb2e2b425c69) */
#define ALLOC_TRYLOCK		0x400	/* v6.15 */
#define ALLOC_KSWAPD		0x800

/* The v6.1 names of the same bits (before Mel Gorman's v6.3 series). */
#define ALLOC_HARDER		ALLOC_NON_BLOCK
#define ALLOC_HIGH		ALLOC_MIN_RESERVE

/* Flags that may use the reserves below the min watermark (v6.3). */
#define ALLOC_RESERVES	(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

_Static_assert(__GFP_HIGH == ALLOC_MIN_RESERVE,
	       "gfp_to_alloc_flags() copies __GFP_HIGH into ALLOC_MIN_RESERVE");
_Static_assert((__GFP_MOVABLE >> GFP_MOVABLE_SHIFT) == MIGRATE_MOVABLE &&
	       (__GFP_RECLAIMABLE >> GFP_MOVABLE_SHIFT) == MIGRATE_RECLAIMABLE,
	       "the mobility bits shift onto the migratetypes, as in the kernel");

/*
 * gfp_migratetype(): the mobility bits shifted down.  Both bits give 3,
 * MIGRATE_HIGHATOMIC: the kernel VM_WARNs (CONFIG_DEBUG_VM) and uses it.
 */
static inline int gfp_migratetype(gfp_t gfp_flags)
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

/* gfpflags_allow_blocking() */
static inline bool gfpflags_allow_blocking(gfp_t gfp_flags)
{
	return gfp_flags & __GFP_DIRECT_RECLAIM;
}

#endif /* HATRACE_V6_GFP_H */
