/* SPDX-License-Identifier: MIT */
/*
 * gfp_bits.h - the GFP bits of the trace language, with their v4.8 values
 * (so that gfp_mask=0x... in a real report decodes the same way), and the
 * usual composites.  Neutral: every core reads its requests in these bits
 * and maps them onto its own era's meaning.
 */
#ifndef HATRACE_GFP_BITS_H
#define HATRACE_GFP_BITS_H

#include <stdbool.h>

typedef unsigned int gfp_t;

#define __GFP_DMA		0x01u
#define __GFP_HIGHMEM		0x02u
#define __GFP_DMA32		0x04u
#define __GFP_MOVABLE		0x08u
#define __GFP_RECLAIMABLE	0x10u
#define __GFP_HIGH		0x20u
#define __GFP_IO		0x40u
#define __GFP_FS		0x80u
#define __GFP_COLD		0x100u
#define __GFP_NOWARN		0x200u
#define __GFP_REPEAT		0x400u
#define __GFP_NOFAIL		0x800u
#define __GFP_NORETRY		0x1000u
#define __GFP_MEMALLOC		0x2000u
#define __GFP_COMP		0x4000u
#define __GFP_ZERO		0x8000u
#define __GFP_NOMEMALLOC	0x10000u
#define __GFP_HARDWALL		0x20000u
#define __GFP_THISNODE		0x40000u
#define __GFP_ATOMIC		0x80000u
#define __GFP_ACCOUNT		0x100000u
#define __GFP_NOTRACK		0x200000u
#define __GFP_DIRECT_RECLAIM	0x400000u
#define __GFP_OTHER_NODE	0x800000u
#define __GFP_WRITE		0x1000000u
#define __GFP_KSWAPD_RECLAIM	0x2000000u
#define __GFP_BITS_MASK		0x3ffffffu

#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_ATOMIC		(__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO		(__GFP_RECLAIM)
#define GFP_NOFS		(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER		(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA			__GFP_DMA
#define GFP_DMA32		__GFP_DMA32
#define GFP_HIGHUSER		(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)

#define GFP_MOVABLE_MASK	(__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT	3

/*
 * Both mobility bits: a mask the kernel warns about (VM_WARN_ON in
 * gfpflags_to_migratetype, CONFIG_DEBUG_VM only) and then uses anyway.
 */
static inline bool gfp_mobility_invalid(gfp_t gfp_flags)
{
	return (gfp_flags & GFP_MOVABLE_MASK) == GFP_MOVABLE_MASK;
}

/*
 * The migratetype the mobility bits name (gfpflags_to_migratetype() of 4.x,
 * gfp_migratetype() of 6.x, grouping by mobility on): both bits give 3.
 * Not named after either: each core has its own, under its kernel's name.
 */
static inline int gfp_mobility_type(gfp_t gfp_flags)
{
	return (int)((gfp_flags & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

/*
 * The highest zone the zone bits allow, as an index (0 DMA, 1 DMA32,
 * 2 Normal: model.h's HAT_ZONE_*), for each core's gfp_zone().  x86-64
 * has no HIGHMEM and the models no ZONE_MOVABLE: both mean Normal.
 */
static inline int gfp_zone_index(gfp_t flags)
{
	if (flags & __GFP_DMA)
		return 0;
	if (flags & __GFP_DMA32)
		return 1;
	return 2;
}

#endif /* HATRACE_GFP_BITS_H */
