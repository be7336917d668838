// SPDX-License-Identifier: MIT
/*
 * alloc_flags.c - from a gfp mask to the allocator's ALLOC_* flags
 * (mm/page_alloc.c, v6.1 .. 2026): gfp_to_alloc_flags() of the slow path,
 * its non-blocking part (Kobryn 2026), gfp_to_alloc_flags_cma() and
 * alloc_flags_nofragment().
 *
 * The forms a switch selects:
 *   v6.1.0        __GFP_ATOMIC gives ALLOC_HARDER (and drops CPUSET), else
 *                 an RT task gets ALLOC_HARDER
 *   eb2e2b425c69  (v6.3) ALLOC_HIGHATOMIC for order > 0 HARDER requests
 *   1ebbb21811b7  (v6.3) non-blocking = no __GFP_DIRECT_RECLAIM: NON_BLOCK,
 *                 and HIGHATOMIC at order > 0 (GFP_NOWAIT included); RT
 *                 tasks get ALLOC_MIN_RESERVE (c988dcbecf3f, folded in)
 *   6a204d4b14c9  (v6.18, 6.1.157, 6.12.5x) HIGHATOMIC only with __GFP_HIGH
 *   e3aa7df331bc  (v6.15) vm.defrag_mode adds ALLOC_NOFRAGMENT
 *   fastpath-highatomic (2026) the fast path takes the HIGHATOMIC bit of
 *                 gfp_to_alloc_flags_nonblocking()
 */
#include "page_alloc.h"
#include "slowpath_int.h"

/* The __GFP_KSWAPD_RECLAIM bit as ALLOC_KSWAPD (the kernel shares the bit). */
static unsigned int gfp_kswapd_flag(gfp_t gfp_mask)
{
	return (gfp_mask & __GFP_KSWAPD_RECLAIM) ? ALLOC_KSWAPD : 0;
}

/*
 * gfp_to_alloc_flags_nonblocking() (Kobryn v3, 2026; inline in
 * gfp_to_alloc_flags() since 1ebbb21811b7): a request that cannot reclaim
 * may dip deeper (NON_BLOCK), and a high-order one is a highatomic one.
 */
unsigned int gfp_to_alloc_flags_nonblocking(gfp_t gfp_mask, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_NON_BLOCK;

	if (gfp_mask & (__GFP_DIRECT_RECLAIM | __GFP_NOMEMALLOC))
		return 0;
	if (order > 0 && (!v6_has(V6_6A204D4B14C9) || (gfp_mask & __GFP_HIGH)))
		alloc_flags |= ALLOC_HIGHATOMIC;
	return alloc_flags;
}

unsigned int gfp_to_alloc_flags_cma(gfp_t gfp_mask, unsigned int alloc_flags)
{
	if (gfp_migratetype(gfp_mask) == MIGRATE_MOVABLE)
		alloc_flags |= ALLOC_CMA;
	return alloc_flags;
}

/* The v6.1.0 (and eb2e2b425c69) reading: __GFP_ATOMIC, or an RT task. */
static unsigned int atomic_alloc_flags(gfp_t gfp_mask, unsigned int order,
				       unsigned int alloc_flags)
{
	if (gfp_mask & __GFP_ATOMIC) {
		if (!(gfp_mask & __GFP_NOMEMALLOC)) {
			alloc_flags |= ALLOC_HARDER;
			if (order > 0 && v6_has(V6_EB2E2B425C69))
				alloc_flags |= ALLOC_HIGHATOMIC;
		}
		alloc_flags &= ~(unsigned int)ALLOC_CPUSET;
	} else if (unlikely(rt_or_dl_task(current)) && !in_interrupt()) {
		alloc_flags |= ALLOC_HARDER;
	}
	return alloc_flags;
}

/*
 * gfp_to_alloc_flags() (alloc_flags_slowpath() after the 2026 rename
 * [U]): the slow path's flags, at the min watermark.
 */
unsigned int gfp_to_alloc_flags(gfp_t gfp_mask, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	/* __GFP_HIGH is ALLOC_MIN_RESERVE's (v6.1: ALLOC_HIGH's) bit */
	alloc_flags |= gfp_mask & __GFP_HIGH;
	alloc_flags |= gfp_kswapd_flag(gfp_mask);

	if (!v6_has(V6_1EBBB21811B7)) {
		alloc_flags = atomic_alloc_flags(gfp_mask, order, alloc_flags);
	} else if (!(gfp_mask & __GFP_DIRECT_RECLAIM)) {
		alloc_flags |= gfp_to_alloc_flags_nonblocking(gfp_mask, order);
		/* non-blocking __GFP_HIGH ignores the cpuset rather than fail */
		if (alloc_flags & ALLOC_MIN_RESERVE)
			alloc_flags &= ~(unsigned int)ALLOC_CPUSET;
	} else if (unlikely(rt_or_dl_task(current)) && !in_interrupt()) {
		alloc_flags |= ALLOC_MIN_RESERVE;
	}

	alloc_flags = gfp_to_alloc_flags_cma(gfp_mask, alloc_flags);
	if (defrag_mode_on())
		alloc_flags |= ALLOC_NOFRAGMENT;
	return alloc_flags;
}

/*
 * alloc_flags_nofragment(): ALLOC_KSWAPD from the gfp mask, and
 * ALLOC_NOFRAGMENT when the preferred zone is ZONE_NORMAL (one node: the
 * fallback would be DMA32), or always in defrag_mode.
 */
unsigned int alloc_flags_nofragment(struct zone *zone, gfp_t gfp_mask)
{
	unsigned int alloc_flags = gfp_kswapd_flag(gfp_mask);

	if (defrag_mode_on())
		return alloc_flags | ALLOC_NOFRAGMENT;
	if (!zone || zone->idx != ZONE_NORMAL)
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}
