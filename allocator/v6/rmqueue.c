// SPDX-License-Identifier: MIT
/*
 * rmqueue.c - taking pages off the free lists (mm/page_alloc.c, v6.1 ..
 * v6.19): CMA balancing and the modes of __rmqueue(), rmqueue_bulk(),
 * nr_pcp_alloc(), rmqueue_pcplist(), rmqueue_buddy(), rmqueue(),
 * prep_new_page().  The search of one type's lists (__rmqueue_smallest())
 * is in rmqueue_smallest.c, the fallbacks (claim, steal, and their older
 * forms) in fallback.c.
 *
 * Two eras of accounting, as in free_list.c: before e0932b6c1f94 (v6.10)
 * the list helpers touch no counter and rmqueue_buddy() / rmqueue_bulk()
 * take the pages out of NR_FREE_PAGES by the type the page was allocated
 * as; since, page_del_and_expand() accounts by list type.
 *
 * H pages are handed out in rmqueue_buddy() only: rmqueue_bulk() never
 * asks for MIGRATE_HIGHATOMIC and H is in no row of fallbacks[].
 */
#include "rmqueue_int.h"
#include "events.h"

/*
 * __rmqueue() before c2f6ea38fc1b (v6.15): the requested type, then CMA,
 * then __rmqueue_fallback() (whose v6.1 form ends in the kernel's
 * "goto retry" of __rmqueue_smallest()).
 */
static struct page *__rmqueue_before_modes(struct zone *zone, unsigned int order,
					   int migratetype, unsigned int alloc_flags)
{
	struct page *page = __rmqueue_smallest(zone, order, migratetype);

	if (page)
		return page;
	if (alloc_flags & ALLOC_CMA)
		page = __rmqueue_cma_fallback(zone, order);
	if (!page)
		page = __rmqueue_fallback(zone, order, migratetype, alloc_flags);
	return page;
}

/*
 * __rmqueue(): the buddy lists, zone->lock held.  CMA balancing first (a
 * movable request takes CMA while CMA holds over half the free pages).
 * Since v6.15 the fallbacks are modes tried in order of fragmentation
 * risk: NORMAL, CMA, CLAIM, STEAL (not with ALLOC_NOFRAGMENT).  With
 * "speed up fallbacks in rmqueue_bulk()" (90abee6d7895, Cc stable 6.10+,
 * seen in its 6.14-stable review) *@mode keeps
 * where the last call succeeded (CLAIM refilled the requested lists: back
 * to NORMAL), and a caller sharing it skips the modes that failed.
 * Without, every call starts at NORMAL: c2f6ea38fc1b's smallest, CMA,
 * then __rmqueue_fallback() = claim, and steal unless ALLOC_NOFRAGMENT.
 */
struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype,
		       unsigned int alloc_flags, enum rmqueue_mode *mode)
{
	struct page *page;

	if ((alloc_flags & ALLOC_CMA) &&
	    zone_page_state(zone, NR_FREE_CMA_PAGES) > zone_page_state(zone, NR_FREE_PAGES) / 2) {
		page = __rmqueue_cma_fallback(zone, order);
		if (page)
			return page;
	}

	if (!v6_has(V6_C2F6EA38FC1B))
		return __rmqueue_before_modes(zone, order, migratetype, alloc_flags);
	if (!v6_has(V6_90ABEE6D7895))
		*mode = RMQUEUE_NORMAL;

	switch (*mode) {
	case RMQUEUE_NORMAL:
		page = __rmqueue_smallest(zone, order, migratetype);
		if (page)
			return page;
		/* fall through */
	case RMQUEUE_CMA:
		if (alloc_flags & ALLOC_CMA) {
			page = __rmqueue_cma_fallback(zone, order);
			if (page) {
				*mode = RMQUEUE_CMA;
				return page;
			}
		}
		/* fall through */
	case RMQUEUE_CLAIM:
		page = __rmqueue_claim(zone, order, migratetype, alloc_flags);
		if (page) {
			*mode = RMQUEUE_NORMAL;
			return page;
		}
		/* fall through */
	case RMQUEUE_STEAL:
		if (!(alloc_flags & ALLOC_NOFRAGMENT)) {
			page = __rmqueue_steal(zone, order, migratetype);
			if (page) {
				*mode = RMQUEUE_STEAL;
				return page;
			}
		}
	}
	return NULL;
}

/*
 * rmqueue_bulk(): up to @count buddies of @order under one zone->lock
 * hold, each to the tail of @list (this CPU's pcp list of @migratetype and
 * @order, its only caller's); stops at the first failure.  One mode memo
 * for the whole refill (V6_90ABEE6D7895).  Before e0932b6c1f94 it took
 * the pages out of NR_FREE_PAGES (and NR_FREE_CMA_PAGES) itself.  The
 * orders its claims scanned raise contig_page_data.bulk_claim_scans.
 */
int rmqueue_bulk(struct zone *zone, unsigned int order, unsigned long count,
		 struct list_head *list, int migratetype, unsigned int alloc_flags)
{
	unsigned int pindex = order_to_pindex(migratetype, order);
	enum rmqueue_mode rmqm = RMQUEUE_NORMAL;
	unsigned long i, scans = contig_page_data.claim_scans;

	spin_lock(&zone->lock);
	for (i = 0; i < count; ++i) {
		struct page *page = __rmqueue(zone, order, migratetype, alloc_flags, &rmqm);

		if (!page)
			break;
		list_add_tail(&page->lru, list);
		page_flag_set(page, PG_pcp);
		page->private = (unsigned char)order;
		V6_EVENT(pcp, zone, smp_processor_id(), page_to_pfn(page), order, pindex, true);
		if (!v6_has(V6_E0932B6C1F94) && is_migrate_cma(get_alloc_migratetype(page)))
			__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, -(1L << order));
	}
	if (!v6_has(V6_E0932B6C1F94))
		__mod_zone_page_state(zone, NR_FREE_PAGES, -(long)(i << order));
	zone->pcp_moved += i << order;
	spin_unlock(&zone->lock);
	scans = contig_page_data.claim_scans - scans;
	if (scans > contig_page_data.bulk_claim_scans)
		contig_page_data.bulk_claim_scans = scans;
	return (int)i;
}

/*
 * nr_pcp_alloc() (v6.7 pcp auto-tuning, "scale the number of pages that
 * are batch allocated"): how many to refill with; on the way pcp->high
 * grows towards high_max while the zone is above its high watermark, and
 * order-0 refills double (alloc_factor) while nothing is freed.  Before
 * (v6.1): the batch, scaled down by the order.
 */
int nr_pcp_alloc(struct per_cpu_pages *pcp, struct zone *zone, unsigned int order)
{
	int base_batch = pcp->batch;
	int high, batch;

	if (v6_has(V6_PCP_AUTOTUNE)) {
		high = pcp->high = min(max(pcp->high, pcp->high_min), pcp->high_max);
		/* PCP disabled, or the boot pageset */
		if (high < base_batch)
			return 1;
		batch = order ? base_batch : base_batch << pcp->alloc_factor;
		if (pcp->high_min != pcp->high_max && !zone_test_flag(zone, ZONE_BELOW_HIGH))
			high = pcp->high = min(high + batch, pcp->high_max);
		if (!order) {
			int max_nr_alloc = max(high - pcp->count - base_batch, base_batch);

			if (batch <= max_nr_alloc &&
			    pcp->alloc_factor < CONFIG_PCP_BATCH_SCALE_MAX)
				pcp->alloc_factor++;
			batch = min(batch, max_nr_alloc);
		}
	} else {
		batch = base_batch;
	}
	if (batch > 1)
		batch = max(batch >> order, 2);
	return batch;
}

/*
 * __rmqueue_pcplist(): the first page of @list, refilled by rmqueue_bulk()
 * when empty.  V6_PCP_NO_RESERVE_GROWTH (van der Linden, 2026): an
 * ALLOC_HIGHATOMIC request does not refill an empty list and goes to
 * rmqueue_buddy(), which tries the H lists first (exact form [U]: from
 * the posting's description).
 */
struct page *__rmqueue_pcplist(struct zone *zone, unsigned int order, int migratetype,
			       unsigned int alloc_flags, struct per_cpu_pages *pcp,
			       struct list_head *list)
{
	struct page *page;

	if (list_empty(list)) {
		int alloced;

		if (v6_has(V6_PCP_NO_RESERVE_GROWTH) && (alloc_flags & ALLOC_HIGHATOMIC))
			return NULL;
		alloced = rmqueue_bulk(zone, order, (unsigned long)nr_pcp_alloc(pcp, zone, order),
				       list, migratetype, alloc_flags);
		pcp->count += alloced << order;
		if (list_empty(list))
			return NULL;
	}
	pcp_hint_to_front(list, order);
	page = list_first_entry(list, struct page, lru);
	list_del(&page->lru);
	pcp->count -= 1 << order;
	page_flag_clear(page, PG_pcp);
	V6_EVENT(pcp, zone, smp_processor_id(), page_to_pfn(page), order,
		 order_to_pindex(migratetype, order), false);
	return page;
}

/*
 * rmqueue_pcplist(): this CPU's list of (@migratetype, @order).  When
 * pcp_spin_trylock() fails (an IRQ or a remote drain holds the pcp) it
 * returns NULL and rmqueue() takes the buddy path.  An allocation halves
 * the free batching factor (free_count since v6.7, free_factor before).
 */
struct page *rmqueue_pcplist(struct zone *preferred_zone, struct zone *zone,
			     unsigned int order, int migratetype, unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = this_cpu_pcp(zone);
	struct page *page;

	(void)preferred_zone;
	if (!pcp_spin_trylock(pcp))
		return NULL;
	if (v6_has(V6_PCP_AUTOTUNE))
		pcp->free_count >>= 1;
	else
		pcp->free_factor >>= 1;
	page = __rmqueue_pcplist(zone, order, migratetype, alloc_flags, pcp,
				 &pcp->lists[order_to_pindex(migratetype, order)]);
	pcp_spin_unlock(pcp);
	if (page)
		contig_page_data.pgalloc += 1UL << order;
	return page;
}

/*
 * Whether rmqueue_buddy() tries the H lists before __rmqueue(): a request
 * with ALLOC_HIGHATOMIC (eb2e2b425c69, v6.3); in v6.1.0 any order > 0
 * request with ALLOC_HARDER.
 */
static bool highatomic_first(unsigned int order, unsigned int alloc_flags)
{
	if (v6_has(V6_EB2E2B425C69))
		return alloc_flags & ALLOC_HIGHATOMIC;
	return order > 0 && (alloc_flags & ALLOC_HARDER);
}

/*
 * Whether rmqueue_buddy() falls back to the H lists when __rmqueue()
 * failed: OOM victims (eb2e2b425c69), and any non-blocking request, order
 * 0 included, since 281dd25c1a01 (v6.12; 6.1.116 and 6.11.y too).
 */
static bool highatomic_last(unsigned int alloc_flags)
{
	if (!v6_has(V6_EB2E2B425C69))
		return false;
	if (v6_has(V6_281DD25C1A01))
		return alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK);
	return alloc_flags & ALLOC_OOM;
}

/* rmqueue_buddy(): the zone's buddy lists under zone->lock. */
struct page *rmqueue_buddy(struct zone *preferred_zone, struct zone *zone,
			   unsigned int order, unsigned int alloc_flags, int migratetype)
{
	struct page *page = NULL;

	(void)preferred_zone;
	spin_lock(&zone->lock);
	if (highatomic_first(order, alloc_flags))
		page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
	if (!page) {
		enum rmqueue_mode rmqm = RMQUEUE_NORMAL;

		page = __rmqueue(zone, order, migratetype, alloc_flags, &rmqm);
		if (!page && highatomic_last(alloc_flags))
			page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
		if (!page) {
			spin_unlock(&zone->lock);
			return NULL;
		}
	}
	if (!v6_has(V6_E0932B6C1F94))
		__mod_zone_freepage_state(zone, -(1L << order), get_alloc_migratetype(page));
	spin_unlock(&zone->lock);
	contig_page_data.pgalloc += 1UL << order;
	return page;
}

/*
 * rmqueue(): the pcp lists for the orders they hold, else (or when they
 * fail) the buddy.  A fallback that boosted the watermark asked for
 * kswapd: the flag is cleared (kswapd is outside the model).  6.1 also
 * skipped the MOVABLE pcp list without ALLOC_CMA (gone in "remove stale
 * CMA guard code", 2023): the model always gives ALLOC_CMA to MOVABLE
 * requests, so the guard never fired.  6.1 cleared the boost flag without
 * ALLOC_KSWAPD too; nothing in the model reads it.
 */
struct page *rmqueue(struct zone *preferred_zone, struct zone *zone, unsigned int order,
		     gfp_t gfp_flags, unsigned int alloc_flags, int migratetype)
{
	struct page *page = NULL;

	(void)gfp_flags;
	if (pcp_allowed_order(order))
		page = rmqueue_pcplist(preferred_zone, zone, order, migratetype, alloc_flags);
	if (!page)
		page = rmqueue_buddy(preferred_zone, zone, order, alloc_flags, migratetype);
	if ((alloc_flags & ALLOC_KSWAPD) && zone_test_flag(zone, ZONE_BOOSTED_WATERMARK))
		zone_clear_flag(zone, ZONE_BOOSTED_WATERMARK);
	return page;
}

/*
 * prep_new_page() / post_alloc_hook(): the page leaves the allocator.
 * Model: a movable allocation's pages count as movable (PageLRU()) for the
 * fallbacks' "alike" count until they are allocated again as another type.
 */
void prep_new_page(struct page *page, unsigned int order, gfp_t gfp_flags,
		   unsigned int alloc_flags)
{
	bool movable = gfp_migratetype(gfp_flags) == MIGRATE_MOVABLE;

	(void)alloc_flags;
	page->private = 0;
	for (unsigned long i = 0; i < 1UL << order; i++) {
		if (movable)
			page[i].flags |= PG_movable;
		else
			page[i].flags &= (unsigned char)~PG_movable;
	}
}
