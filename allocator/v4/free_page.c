// SPDX-License-Identifier: MIT
/*
 * free_page.c - the free side of mm/page_alloc.c (spec §2.13, §2.14):
 * __free_one_page, free_one_page, __free_pages_ok, free_hot_cold_page,
 * free_pcppages_bulk, drain_pages_zone/drain_pages/drain_all_pages,
 * __free_pages.
 *
 * The block type is read without zone->lock on both free paths.  For
 * order-0 pages the type is cached in the page and used when the pcp list
 * drains (possibly much later); for order>0 pages __free_pages_ok is split
 * into a prepare step (the read) and a commit step (under the lock) so
 * that a caller can run other operations in between.
 */
#include "page_alloc.h"
#include "events.h"

/* page_is_buddy(): a free head of the same order in the same zone. */
static bool page_is_buddy(const struct page *page, unsigned long buddy_pfn,
			  unsigned int order)
{
	const struct page *buddy;

	if (!pfn_valid(buddy_pfn))
		return false;
	buddy = pfn_to_page(buddy_pfn);
	return PageBuddy(buddy) && page_order(buddy) == order &&
	       buddy->zone == page->zone;
}

/*
 * __free_one_page(): merge with free buddies as far as possible and put
 * the result on free_list[order][migratetype], the FREEING page's type,
 * whatever the absorbed buddies' lists or blocks were.  Merging stops at
 * pageblock_order unless no isolated block is involved.
 */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype)
{
	unsigned int max_order = min(MAX_ORDER, pageblock_order + 1);
	unsigned long buddy_pfn = 0, combined_pfn;
	bool have_buddy = false;

	VM_BUG_ON(!zone_spans_pfn(zone, pfn));
	VM_BUG_ON(pfn & ((1UL << order) - 1));
	VM_BUG_ON(page->flags & (PG_buddy | PG_pcp | PG_reserved));

	if (likely(!is_migrate_isolate(migratetype)))
		__mod_zone_freepage_state(zone, 1L << order, migratetype);

continue_merging:
	while (order < max_order - 1) {
		buddy_pfn = pfn ^ (1UL << order);
		have_buddy = true;
		if (!page_is_buddy(page, buddy_pfn, order))
			goto done_merging;
		list_del(&pfn_to_page(buddy_pfn)->lru);
		zone->free_area[order].nr_free--;
		rmv_page_order(pfn_to_page(buddy_pfn));
		combined_pfn = buddy_pfn & pfn;
		page = pfn_to_page(combined_pfn);
		pfn = combined_pfn;
		order++;
	}
	if (max_order < MAX_ORDER) {
		/*
		 * Beyond pageblock_order two blocks merge only if neither is
		 * isolated, or both are.
		 */
		if (unlikely(has_isolate_pageblock(zone))) {
			int buddy_mt;

			buddy_pfn = pfn ^ (1UL << order);
			have_buddy = true;
			if (pfn_valid(buddy_pfn)) {
				buddy_mt = get_pageblock_migratetype(pfn_to_page(buddy_pfn));
				if (migratetype != buddy_mt &&
				    (is_migrate_isolate(migratetype) ||
				     is_migrate_isolate(buddy_mt)))
					goto done_merging;
			}
		}
		max_order++;
		goto continue_merging;
	}

done_merging:
	set_page_order(page, order);
	/*
	 * If the next-larger buddy is free too, this one will likely merge
	 * soon: queue it at the tail so it is allocated last.
	 */
	if (order < MAX_ORDER - 2 && have_buddy && pfn_valid(buddy_pfn)) {
		unsigned long higher_pfn = buddy_pfn & pfn;
		unsigned long higher_buddy = higher_pfn ^ (1UL << (order + 1));

		if (page_is_buddy(pfn_to_page(higher_pfn), higher_buddy, order + 1)) {
			list_add_tail(&page->lru,
				      &zone->free_area[order].free_list[migratetype]);
			goto out;
		}
	}
	list_add(&page->lru, &zone->free_area[order].free_list[migratetype]);
out:
	zone->free_area[order].nr_free++;
}

/* free_one_page(): re-read the type only if isolation is involved. */
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
		   unsigned int order, int migratetype)
{
	spin_lock(&zone->lock);
	if (unlikely(has_isolate_pageblock(zone) || is_migrate_isolate(migratetype)))
		migratetype = get_pageblock_migratetype(page);
	model_event(stale_free, page, order, migratetype, get_pageblock_migratetype(page),
		    __func__);
	__free_one_page(page, pfn, zone, order, migratetype);
	spin_unlock(&zone->lock);
}

/* free_pages_prepare(): the page stops being anybody's. */
static void free_pages_prepare(struct page *page, unsigned int order)
{
	BUG_ON(page->flags & (PG_buddy | PG_pcp | PG_reserved));
	BUG_ON(!page_zone(page));
	page->owner = 0;
	contig_page_data.pgfree += 1UL << order;
}

/* __free_pages_ok(), first half: prepare and read the block type, unlocked. */
int __free_pages_ok_prepare(struct page *page, unsigned int order)
{
	free_pages_prepare(page, order);
	return get_pageblock_migratetype(page);
}

/* __free_pages_ok(), second half: free with the type read earlier. */
void __free_pages_ok_commit(struct page *page, unsigned int order, int migratetype)
{
	free_one_page(page_zone(page), page, page_to_pfn(page), order, migratetype);
}

void __free_pages_ok(struct page *page, unsigned int order)
{
	__free_pages_ok_commit(page, order, __free_pages_ok_prepare(page, order));
}

/*
 * free_pcppages_bulk(): free @count pages from the pcp lists, round robin
 * over the lists starting after UNMOVABLE, a growing number from each,
 * from the cold (tail) end.  Each page goes back with its cached type,
 * unless the zone has isolated blocks, in which case the block is re-read.
 */
void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp)
{
	int migratetype = 0;
	int batch_free = 0;
	bool isolated_pageblocks;

	BUG_ON(count > pcp->count);
	zone->pcp_moved += (unsigned long)count;
	spin_lock(&zone->lock);
	isolated_pageblocks = has_isolate_pageblock(zone);

	while (count) {
		struct list_head *list;

		do {
			batch_free++;
			if (++migratetype == MIGRATE_PCPTYPES)
				migratetype = 0;
			list = &pcp->lists[migratetype];
		} while (list_empty(list));

		/* only one list left: take everything from it */
		if (batch_free == MIGRATE_PCPTYPES)
			batch_free = count;

		do {
			struct page *page = list_last_entry(list, struct page, lru);
			int mt;

			list_del(&page->lru);
			page_flag_clear(page, PG_pcp);
			mt = get_pcppage_migratetype(page);
			VM_BUG_ON(is_migrate_isolate(mt));
			if (unlikely(isolated_pageblocks))
				mt = get_pageblock_migratetype(page);
			model_event(stale_free, page, 0, mt, get_pageblock_migratetype(page),
				    __func__);
			__free_one_page(page, page_to_pfn(page), zone, 0, mt);
		} while (--count && --batch_free && !list_empty(list));
	}
	spin_unlock(&zone->lock);
}

/*
 * free_hot_cold_page(): an order-0 free goes to this CPU's pcp list.  The
 * block type read now is cached in the page; HIGHATOMIC and CMA pages ride
 * the MOVABLE list keeping their cached type, ISOLATE pages go straight
 * to the buddy lists.
 */
void free_hot_cold_page(struct page *page, bool cold)
{
	struct zone *zone = page_zone(page);
	unsigned long pfn = page_to_pfn(page);
	struct per_cpu_pages *pcp;
	int migratetype;

	free_pages_prepare(page, 0);
	migratetype = get_pageblock_migratetype(page);
	set_pcppage_migratetype(page, migratetype);

	if (migratetype >= MIGRATE_PCPTYPES) {
		if (unlikely(is_migrate_isolate(migratetype))) {
			free_one_page(zone, page, pfn, 0, migratetype);
			return;
		}
		migratetype = MIGRATE_MOVABLE;
	}

	pcp = &zone->pageset[smp_processor_id()];
	if (!cold)
		list_add(&page->lru, &pcp->lists[migratetype]);
	else
		list_add_tail(&page->lru, &pcp->lists[migratetype]);
	page_flag_set(page, PG_pcp);
	pcp->count++;
	if (pcp->count >= pcp->high) {
		int batch = pcp->batch;

		free_pcppages_bulk(zone, batch, pcp);
		pcp->count -= batch;
	}
}

/* drain_pages_zone(): empty one CPU's pcp lists of one zone. */
void drain_pages_zone(unsigned int cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->pageset[cpu];

	if (pcp->count) {
		free_pcppages_bulk(zone, pcp->count, pcp);
		pcp->count = 0;
	}
}

/* drain_pages(): one CPU, every zone. */
void drain_pages(unsigned int cpu)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (populated_zone(&contig_page_data.node_zones[i]))
			drain_pages_zone(cpu, &contig_page_data.node_zones[i]);
}

/* drain_all_pages(): every CPU, in CPU order; one zone or (NULL) all. */
void drain_all_pages(struct zone *zone)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (zone)
			drain_pages_zone(cpu, zone);
		else
			drain_pages(cpu);
	}
}

void __free_pages(struct page *page, unsigned int order)
{
	if (order == 0)
		free_hot_cold_page(page, false);
	else
		__free_pages_ok(page, order);
}
