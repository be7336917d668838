// SPDX-License-Identifier: MIT
/*
 * highatomic.c - the MIGRATE_HIGHATOMIC reserve of mm/page_alloc.c
 * (v6.1 .. v6.19): reserve_highatomic_pageblock() and
 * unreserve_highatomic_pageblock().  Counter changes and warnings go out
 * through events.h; block retypes through the pageblock setters.
 *
 * The forms a switch selects:
 *   cap           managed/100 + pageblock (v6.1); 9cd20f3fe045 (v6.8) no
 *                 reserve below 100 blocks; d68e39fc45f7 (v6.8)
 *                 ALIGN(managed/100, pageblock) (T3)
 *   c0cd6f557b90  (v6.10) move first, count only if the move was not
 *                 refused (-1); before: count, retype, move, result ignored
 *   7cc5a5d65011  (v6.10) a buddy of pageblock order or more is typed and
 *                 counted whole, reserve and unreserve (T7)
 *   underflow     Jackman 2025 (v6.15): WARN before clamping the decrement
 */
#include "events.h"
#include "page_alloc.h"

static void nr_reserved_add(struct zone *zone, long delta, const char *func)
{
	if (delta < 0)
		zone->nr_reserved_highatomic -= (unsigned long)-delta;
	else
		zone->nr_reserved_highatomic += (unsigned long)delta;
	V6_COUNTER_EVENT(zone, CNT_NR_RESERVED_HIGHATOMIC, delta, func);
}

/* The reserve's cap, 0 when the zone may not reserve at all. */
static unsigned long highatomic_max_managed(const struct zone *zone)
{
	unsigned long managed = zone_managed_pages(zone);

	if (v6_has(V6_9CD20F3FE045) && managed / 100 < pageblock_nr_pages)
		return 0;
	if (v6_has(V6_D68E39FC45F7))
		return DIV_ROUND_UP(managed / 100, pageblock_nr_pages) * pageblock_nr_pages;
	return managed / 100 + pageblock_nr_pages;
}

/* The v6.1 .. v6.9 body: count and type the block, then move its pages. */
static void reserve_block_v6_1(struct zone *zone, struct page *page, int mt)
{
	nr_reserved_add(zone, (long)pageblock_nr_pages, "reserve_highatomic_pageblock");
	set_pageblock_migratetype(page, MIGRATE_HIGHATOMIC);
	move_freepages_block(zone, page, mt, MIGRATE_HIGHATOMIC);
}

/*
 * reserve_highatomic_pageblock(): after a successful high-order atomic
 * allocation, turn the block(s) around @page into MIGRATE_HIGHATOMIC
 * while the zone is under its cap.  Only U, M and R blocks qualify: a
 * page served from the reserve itself reserves nothing.
 */
void reserve_highatomic_pageblock(struct page *page, int order, struct zone *zone)
{
	unsigned long max_managed = highatomic_max_managed(zone);
	int mt;

	/* the racy unlocked check, then the one under the lock */
	if (!max_managed || zone->nr_reserved_highatomic >= max_managed)
		return;
	spin_lock(&zone->lock);
	if (zone->nr_reserved_highatomic >= max_managed)
		goto out_unlock;

	mt = get_pageblock_migratetype(page);
	if (!migratetype_is_mergeable(mt))
		goto out_unlock;

	if (!v6_has(V6_C0CD6F557B90)) {
		reserve_block_v6_1(zone, page, mt);
	} else if ((unsigned int)order < pageblock_order || !v6_has(V6_7CC5A5D65011)) {
		if (move_freepages_block(zone, page, mt, MIGRATE_HIGHATOMIC) == -1)
			goto out_unlock;
		nr_reserved_add(zone, (long)pageblock_nr_pages, __func__);
	} else {
		change_pageblock_range(page, order, MIGRATE_HIGHATOMIC);
		nr_reserved_add(zone, 1L << order, __func__);
	}
out_unlock:
	spin_unlock(&zone->lock);
}

/*
 * The decrement of unreserve, before the move.  v6.1 .. v6.9: only when
 * the found page's block is still H, one block, clamped by min().  Since
 * 7cc5a5d65011 always, the whole buddy when it spans several blocks; the
 * underflow patch WARNs before clamping.
 */
static void unreserve_dec(struct zone *zone, struct page *page, unsigned int order)
{
	unsigned long size = pageblock_nr_pages;

	if (!v6_has(V6_7CC5A5D65011)) {
		if (get_pageblock_migratetype(page) != MIGRATE_HIGHATOMIC)
			return;
	} else {
		size = max(pageblock_nr_pages, 1UL << order);
	}
	if (size > zone->nr_reserved_highatomic) {
		if (v6_has(V6_UNDERFLOW_WARN))
			v6_warn(WARN_RESERVE_UNDERFLOW, page_to_pfn(page), NULL, 0);
		size = zone->nr_reserved_highatomic;
	}
	nr_reserved_add(zone, -(long)size, "unreserve_highatomic_pageblock");
}

/*
 * Give the block(s) of the H buddy @page at @order back to @mt.  Returns
 * the pages moved (> 0: done), 0, or -1 when the block leaves the zone.
 */
static int unreserve_move(struct zone *zone, struct page *page, unsigned int order, int mt)
{
	int ret;

	if (!v6_has(V6_C0CD6F557B90)) {
		/* v6.1: retype first, then move whatever lists the pages are on */
		set_pageblock_migratetype(page, mt);
		return move_freepages_block(zone, page, MIGRATE_HIGHATOMIC, mt);
	}
	if (order < pageblock_order || !v6_has(V6_7CC5A5D65011)) {
		ret = move_freepages_block(zone, page, MIGRATE_HIGHATOMIC, mt);
	} else {
		move_to_free_list(page, zone, order, MIGRATE_HIGHATOMIC, mt);
		change_pageblock_range(page, (int)order, mt);
		ret = 1;
	}
	/* reserving it succeeded, so it should not fail on zone boundaries */
	if (ret == -1 && v6_has(V6_7CC5A5D65011))
		v6_warn(WARN_UNRESERVE_MOVE_FAILED, page_to_pfn(page), NULL, 0);
	return ret;
}

/*
 * unreserve_highatomic_pageblock(): before failing an allocation under
 * pressure, give one H block (or one multi-block H buddy) back to the
 * request's type: the first H buddy of the lowest order, in the first
 * eligible zone with one.  Without @force a zone keeps its last block.
 * True when a block's pages moved.
 */
bool unreserve_highatomic_pageblock(const struct alloc_context *ac, bool force)
{
	struct zone *zone;
	int zidx;

	contig_page_data.last_alloc.unreserve_calls++;
	for_each_zone_zonelist(zone, zidx, ac->highest_zoneidx) {
		if (!force && zone->nr_reserved_highatomic <= pageblock_nr_pages)
			continue;
		spin_lock(&zone->lock);
		for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
			struct page *page = get_page_from_free_area(&zone->free_area[order],
								    MIGRATE_HIGHATOMIC);

			if (!page)
				continue;
			unreserve_dec(zone, page, order);
			if (unreserve_move(zone, page, order, ac->migratetype) > 0) {
				spin_unlock(&zone->lock);
				contig_page_data.last_alloc.unreserved++;
				return true;
			}
		}
		spin_unlock(&zone->lock);
	}
	return false;
}
