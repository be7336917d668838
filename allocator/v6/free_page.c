// SPDX-License-Identifier: MIT
/*
 * free_page.c - the free side of mm/page_alloc.c: find_buddy_page_pfn(),
 * __free_one_page(), split_large_buddy(), free_one_page(),
 * __free_pages_ok(), free_unref_page() / free_unref_page_commit()
 * (__free_frozen_pages() / free_frozen_page_commit() since v6.15),
 * nr_pcp_free(), nr_pcp_high(), free_pcppages_bulk(), drain_pages_zone(),
 * drain_pages(), drain_all_pages(), __free_pages().
 *
 * The switches that change this file:
 *  - 7b086755fb8c (v6.6): when the pcp trylock fails, the page goes to the
 *    buddy with its block's type, not the MOVABLE list type H and CMA
 *    pages ride on the pcp (T1).
 *  - 17edeb5d3f76 (v6.10): no type cached in the page; a pcp drain reads
 *    the block type afresh.
 *  - 55612e80e722 (v6.10): free_one_page() reads each block's type under
 *    zone->lock (split_large_buddy()); before, the caller's unlocked read
 *    was used unless isolation was involved.
 *  - e0932b6c1f94 (v6.10): account_freepages() and the list-type checks.
 *  - e6cf9e1c4cde (v6.10): merging two mergeable types retypes the buddy's
 *    first block; Gordeev's fix (v6.19) every block of it (T8).
 *  - the pcp auto-tuning (v6.7): free_count / alloc_factor / high range
 *    replace v6.1's free_factor.
 */
#include "page_alloc.h"
#include "events.h"

/* page_is_buddy() / find_buddy_page_pfn(): a free buddy of @order in the zone */
struct page *find_buddy_page_pfn(struct page *page, unsigned long pfn, unsigned int order,
				 unsigned long *buddy_pfn)
{
	unsigned long __buddy_pfn = pfn ^ (1UL << order);
	struct page *buddy;

	if (buddy_pfn)
		*buddy_pfn = __buddy_pfn;
	if (!pfn_valid(__buddy_pfn))
		return NULL;
	buddy = pfn_to_page(__buddy_pfn);
	if (PageBuddy(buddy) && buddy_order(buddy) == order && buddy->zone == page->zone)
		return buddy;
	return NULL;
}

/* buddy_merge_likely(): the next-larger buddy is free too: queue at the tail */
static bool buddy_merge_likely(unsigned long pfn, unsigned long buddy_pfn, unsigned int order)
{
	unsigned long higher_page_pfn;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher_page_pfn = buddy_pfn & pfn;
	return find_buddy_page_pfn(pfn_to_page(higher_page_pfn), higher_page_pfn, order + 1,
				   NULL) != NULL;
}

/*
 * The type a buddy of @order brings into a merge: its own block's type
 * from pageblock order on; below, it shares the freeing page's block.
 */
static bool buddy_mergeable(struct page *buddy, unsigned long buddy_pfn, unsigned int order,
			    int migratetype, int *buddy_mt)
{
	*buddy_mt = migratetype;
	if (order < pageblock_order)
		return true;
	*buddy_mt = get_pfnblock_migratetype(buddy, buddy_pfn);
	return migratetype == *buddy_mt ||
	       (migratetype_is_mergeable(migratetype) && migratetype_is_mergeable(*buddy_mt));
}

/* Take the merged buddy off its list, retyping it as the hygiene series does. */
static void merge_buddy(struct zone *zone, struct page *buddy, unsigned int order,
			int migratetype, int buddy_mt)
{
	if (!v6_has(V6_E0932B6C1F94)) {
		/* v6.1: off whatever list it is on; the counters stay */
		__del_page_from_free_list(buddy, zone, order, buddy->list_mt);
		return;
	}
	__del_page_from_free_list(buddy, zone, order, buddy_mt);
	if (buddy_mt == migratetype || !v6_has(V6_E6CF9E1C4CDE))
		return;
	if (v6_has(V6_COALESCE_RETYPE_ALL))
		change_pageblock_range(buddy, (int)order, migratetype);
	else
		set_pageblock_migratetype(buddy, migratetype);
}

/*
 * __free_one_page(): count the pages free, merge upward while the buddy
 * is free, and queue the result on free_list[order][@migratetype].  From
 * pageblock order on the buddy's block type decides: equal types merge,
 * different ones only if both are mergeable (U/M/R; never H, CMA or
 * ISOLATE with anything else).
 */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, fpi_t fpi_flags)
{
	unsigned long buddy_pfn = 0;
	bool to_tail;

	VM_BUG_ON(migratetype < 0 || migratetype >= MIGRATE_TYPES);
	VM_BUG_ON(pfn & ((1UL << order) - 1));
	VM_BUG_ON(!zone_spans_pfn(zone, pfn));
	VM_BUG_ON(page->flags & (PG_buddy | PG_pcp | PG_reserved));

	if (v6_has(V6_E0932B6C1F94))
		account_freepages(zone, 1L << order, migratetype);
	else if (likely(!is_migrate_isolate(migratetype)))
		__mod_zone_freepage_state(zone, 1L << order, migratetype);

	while (order < MAX_PAGE_ORDER) {
		struct page *buddy = find_buddy_page_pfn(page, pfn, order, &buddy_pfn);
		unsigned long combined_pfn;
		int buddy_mt;

		if (!buddy || !buddy_mergeable(buddy, buddy_pfn, order, migratetype, &buddy_mt))
			break;
		merge_buddy(zone, buddy, order, migratetype, buddy_mt);
		combined_pfn = buddy_pfn & pfn;
		page = pfn_to_page(combined_pfn);
		pfn = combined_pfn;
		order++;
	}

	set_buddy_order(page, order);
	if (fpi_flags & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = buddy_merge_likely(pfn, buddy_pfn, order);
	__add_to_free_list(page, zone, order, migratetype, to_tail);
}

/* split_large_buddy() (v6.10): free in pageblock chunks, each with its type */
void split_large_buddy(struct zone *zone, struct page *page, unsigned long pfn,
		       unsigned int order, fpi_t fpi)
{
	unsigned long end = pfn + (1UL << order);

	VM_BUG_ON(PageBuddy(page));
	if (order > pageblock_order)
		order = pageblock_order;
	for (; pfn < end; pfn += 1UL << order)
		__free_one_page(pfn_to_page(pfn), pfn, zone, order,
				get_pfnblock_migratetype(pfn_to_page(pfn), pfn), fpi);
}

void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
		   unsigned int order, int migratetype, fpi_t fpi_flags)
{
	spin_lock(&zone->lock);
	if (v6_has(V6_55612E80E722)) {
		split_large_buddy(zone, page, pfn, order, fpi_flags);
	} else {
		if (unlikely(has_isolate_pageblock(zone) || is_migrate_isolate(migratetype)))
			migratetype = get_pfnblock_migratetype(page, pfn);
		__free_one_page(page, pfn, zone, order, migratetype, fpi_flags);
	}
	spin_unlock(&zone->lock);
}

/* free_pages_prepare(): the pages stop being anybody's. */
static void free_pages_prepare(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		BUG_ON(page[i].flags & (PG_buddy | PG_pcp | PG_reserved));
		page[i].owner = 0;
		page[i].flags &= (unsigned char)~PG_movable;
	}
	BUG_ON(!page_zone(page));
	contig_page_data.pgfree += 1UL << order;
}

int __free_pages_ok_prepare(struct page *page, unsigned int order)
{
	free_pages_prepare(page, order);
	return get_pfnblock_migratetype(page, page_to_pfn(page));
}

void __free_pages_ok_commit(struct page *page, unsigned int order, int migratetype,
			    fpi_t fpi_flags)
{
	free_one_page(page_zone(page), page, page_to_pfn(page), order, migratetype, fpi_flags);
}

void __free_pages_ok(struct page *page, unsigned int order, fpi_t fpi_flags)
{
	__free_pages_ok_commit(page, order, __free_pages_ok_prepare(page, order), fpi_flags);
}

/*
 * nr_pcp_free(): how many pages a pcp over its high frees.  v6.1 doubles
 * the batch with each free in a row (free_factor); the auto-tuned pcp
 * frees up to the consecutive-free count.  Both keep a batch on the list.
 */
int nr_pcp_free(struct per_cpu_pages *pcp, int batch, int high, bool free_high)
{
	int min_nr_free = batch, max_nr_free = high - batch;

	if (!v6_has(V6_PCP_AUTOTUNE)) {
		if (unlikely(free_high))
			return pcp->count;
		if (unlikely(high < batch))
			return 1;
		batch <<= pcp->free_factor;
		if (batch < max_nr_free && pcp->free_factor < CONFIG_PCP_BATCH_SCALE_MAX)
			pcp->free_factor++;
		return max(min(batch, max_nr_free), min_nr_free);
	}
	if (unlikely(free_high))
		return min(pcp->count, batch << CONFIG_PCP_BATCH_SCALE_MAX);
	if (unlikely(high < batch))
		return 1;
	return max(min((int)pcp->free_count, max_nr_free), min_nr_free);
}

/*
 * nr_pcp_high(): the high a free compares with.  v6.1: pcp->high (0 when
 * freeing high orders in a row).  Auto-tuned: pcp->high is clamped into
 * [high_min, high_max], shrinks while the zone is below its high
 * watermark and grows to hold a batch of frees otherwise.  While kswapd
 * reclaims (ZONE_RECLAIM_ACTIVE, an input) both hold at most four batches.
 */
int nr_pcp_high(struct per_cpu_pages *pcp, struct zone *zone, int batch, bool free_high)
{
	int high;

	if (!v6_has(V6_PCP_AUTOTUNE)) {
		if (free_high || !pcp->high)
			return 0;
		if (zone_test_flag(zone, ZONE_RECLAIM_ACTIVE))
			return min(batch << 2, pcp->high);
		return pcp->high;
	}
	high = pcp->high = max(min(pcp->high, pcp->high_max), pcp->high_min);
	if (unlikely(!high))
		return 0;
	if (unlikely(free_high)) {
		pcp->high = max(high - (batch << CONFIG_PCP_BATCH_SCALE_MAX), pcp->high_min);
		return 0;
	}
	if (zone_test_flag(zone, ZONE_RECLAIM_ACTIVE)) {
		pcp->high = max(high - max((int)pcp->free_count, batch), pcp->high_min);
		return min(batch << 2, pcp->high);
	}
	if (pcp->high_min == pcp->high_max)
		return high;
	if (zone_test_flag(zone, ZONE_BELOW_HIGH)) {
		pcp->high = max(high - max((int)pcp->free_count, batch), pcp->high_min);
		return max(pcp->count, pcp->high_min);
	}
	if (pcp->count >= high && pcp->high < pcp->free_count + batch)
		pcp->high = max(min(pcp->free_count + batch, pcp->high_max), pcp->high_min);
	return high;
}

/* The high-order burst rule of free_frozen_page_commit() (v6.7). */
static bool pcp_free_high_autotuned(struct per_cpu_pages *pcp, unsigned int order, int batch)
{
	bool free_high = false;

	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		free_high = pcp->free_count >= batch + pcp->high_min / 2 &&
			    (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			    (!(pcp->flags & PCPF_FREE_HIGH_BATCH) || pcp->count >= batch);
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else {
		pcp->flags &= (unsigned char)~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < (batch << CONFIG_PCP_BATCH_SCALE_MAX))
		pcp->free_count = (short)(pcp->free_count + (1 << order));
	return free_high;
}

/*
 * free_unref_page_commit(): onto the pcp list of @migratetype (a pcp
 * type) and @order; over high, free back to the buddy in batches.
 */
void free_unref_page_commit(struct zone *zone, struct per_cpu_pages *pcp,
			    struct page *page, int migratetype, unsigned int order)
{
	unsigned int pindex = order_to_pindex(migratetype, order);
	int batch = pcp->batch, high, to_free;
	bool free_high;

	list_add(&page->lru, &pcp->lists[pindex]);
	page_flag_set(page, PG_pcp);
	page->private = (unsigned char)order;
	pcp->count += 1 << order;
	V6_EVENT(pcp, zone, pcp_cpu(zone, pcp), page_to_pfn(page), order, pindex, true);

	if (!v6_has(V6_PCP_AUTOTUNE)) {
		free_high = pcp->free_factor && order && order <= PAGE_ALLOC_COSTLY_ORDER;
		high = nr_pcp_high(pcp, zone, batch, free_high);
		if (pcp->count >= high)
			free_pcppages_bulk(zone, nr_pcp_free(pcp, batch, high, free_high), pcp,
					   (int)pindex);
		return;
	}
	pcp->alloc_factor >>= 1;
	free_high = pcp_free_high_autotuned(pcp, order, batch);
	high = nr_pcp_high(pcp, zone, batch, free_high);
	if (pcp->count < high)
		return;
	for (to_free = nr_pcp_free(pcp, batch, high, free_high); to_free > 0 && pcp->count > 0;
	     to_free -= batch)
		free_pcppages_bulk(zone, min(to_free, batch), pcp, (int)pindex);
	if (zone_test_flag(zone, ZONE_BELOW_HIGH) &&
	    zone_watermark_ok(zone, 0, high_wmark_pages(zone), MAX_NR_ZONES - 1, 0))
		zone_clear_flag(zone, ZONE_BELOW_HIGH);
}

/*
 * free_unref_page() (__free_frozen_pages() since v6.15): a pcp order goes
 * to this CPU's list of its block's type; H and CMA pages ride the
 * MOVABLE list, ISOLATE ones go to the buddy.  If the pcp trylock fails
 * the page goes to the buddy: with its block's type since 7b086755fb8c,
 * before that with MOVABLE, the type it would have had on the pcp.
 */
void free_unref_page(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	struct zone *zone = page_zone(page);
	struct per_cpu_pages *pcp;
	int migratetype, pcpmigratetype;

	if (!pcp_allowed_order(order)) {
		__free_pages_ok(page, order, FPI_NONE);
		return;
	}
	free_pages_prepare(page, order);
	migratetype = get_pfnblock_migratetype(page, pfn);
	if (!v6_has(V6_17EDEB5D3F76))
		set_pcppage_migratetype(page, migratetype);
	pcpmigratetype = migratetype;
	if (unlikely(migratetype >= MIGRATE_PCPTYPES)) {
		if (unlikely(is_migrate_isolate(migratetype))) {
			free_one_page(zone, page, pfn, order, migratetype, FPI_NONE);
			return;
		}
		pcpmigratetype = MIGRATE_MOVABLE;
	}
	pcp = this_cpu_pcp(zone);
	if (!pcp_spin_trylock(pcp)) {
		free_one_page(zone, page, pfn, order,
			      v6_has(V6_7B086755FB8C) ? migratetype : pcpmigratetype, FPI_NONE);
		return;
	}
	free_unref_page_commit(zone, pcp, page, pcpmigratetype, order);
	pcp_spin_unlock(pcp);
}

/* The type a page drained from a pcp list goes back to the buddy with. */
static int pcp_drain_migratetype(const struct page *page, unsigned long pfn,
				 bool isolated_pageblocks)
{
	if (v6_has(V6_17EDEB5D3F76) || unlikely(isolated_pageblocks))
		return get_pfnblock_migratetype(page, pfn);
	VM_BUG_ON(is_migrate_isolate(get_pcppage_migratetype(page)));
	return get_pcppage_migratetype(page);
}

/*
 * free_pcppages_bulk(): free @count pages, round robin over the lists
 * starting with @pindex, each list from its cold (tail) end until it is
 * empty or the count is reached.
 */
void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp, int pindex)
{
	int nr_lists = (int)pcp_nr_lists();
	unsigned int cpu = pcp_cpu(zone, pcp);
	bool isolated_pageblocks;

	count = min(pcp->count, count);
	pindex--;
	spin_lock(&zone->lock);
	isolated_pageblocks = has_isolate_pageblock(zone);
	while (count > 0) {
		struct list_head *list;
		unsigned int order;

		do {
			if (++pindex >= nr_lists)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));
		order = pindex_to_order((unsigned int)pindex);
		do {
			struct page *page = list_last_entry(list, struct page, lru);
			unsigned long pfn = page_to_pfn(page);

			list_del(&page->lru);
			page_flag_clear(page, PG_pcp);
			count -= 1 << order;
			pcp->count -= 1 << order;
			zone->pcp_moved += 1UL << order;
			V6_EVENT(pcp, zone, cpu, pfn, order, (unsigned int)pindex, false);
			__free_one_page(page, pfn, zone, order,
					pcp_drain_migratetype(page, pfn, isolated_pageblocks),
					FPI_NONE);
		} while (count > 0 && !list_empty(list));
	}
	spin_unlock(&zone->lock);
}

/* drain_pages_zone(): empty one CPU's pcp of one zone, a bounded batch at a time. */
void drain_pages_zone(unsigned int cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
	int count;

	do {
		spin_lock(&pcp->lock);
		count = pcp->count;
		if (count) {
			int to_drain = min(count, pcp->batch << CONFIG_PCP_BATCH_SCALE_MAX);

			free_pcppages_bulk(zone, to_drain, pcp, 0);
			count -= to_drain;
		}
		spin_unlock(&pcp->lock);
	} while (count);
}

/* drain_pages(): one CPU, every populated zone. */
void drain_pages(unsigned int cpu)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		drain_pages_zone(cpu, zone);
}

/* __drain_all_pages()'s test: whether @cpu has pcp pages of @zone (NULL: any). */
static bool cpu_has_pcps(unsigned int cpu, const struct zone *zone)
{
	struct zone *z;

	for_each_populated_zone(z)
		if ((!zone || z == zone) && z->per_cpu_pageset[cpu].count)
			return true;
	return false;
}

/* drain_all_pages(): every CPU with pcp pages, in CPU order. */
void drain_all_pages(struct zone *zone)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!cpu_has_pcps(cpu, zone))
			continue;
		if (zone)
			drain_pages_zone(cpu, zone);
		else
			drain_pages(cpu);
	}
}

/* __free_pages(): free_the_page() picks the pcp or the buddy path. */
void __free_pages(struct page *page, unsigned int order)
{
	free_unref_page(page, order);
}
