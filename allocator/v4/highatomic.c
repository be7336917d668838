// SPDX-License-Identifier: MIT
/*
 * highatomic.c - the MIGRATE_HIGHATOMIC reserve: reserve_highatomic_pageblock
 * and every form of unreserve_highatomic_pageblock (spec §2.10, §2.11, §3):
 *   (a) v4.8 baseline                 void, one block, preserve one block
 *   (b) v1-3                          one head per order, budget per zone, wraps
 *   (c) 04c8716f7b00                  as (a), returns whether pages moved
 *   (e) 29fac03bef72 (merged v4.10)   force flag, success only if pages moved
 * plus v1-1's dec_highatomic_pageblock and the decrement rule of v1-2 /
 * 4855e4a7f29d (decrement only when the found block is still H).
 */
#include "page_alloc.h"
#include "events.h"

#include <limits.h>

#define variant_on(p)	variant_has(&contig_page_data.variant, (p))

/* every form reports under the kernel's one name */
#define UNRESERVE	"unreserve_highatomic_pageblock"

/* "1 pageblock or roughly 1% of a zone" (the 4.x cap). */
unsigned long highatomic_max_managed(const struct zone *zone)
{
	return zone->managed_pages / 100 + pageblock_nr_pages;
}

static void highatomic_inc(struct zone *zone, struct page *page)
{
	zone->nr_reserved_highatomic += pageblock_nr_pages;
	model_event(highatomic_inc, zone, page, "reserve_highatomic_pageblock");
}

/* The kernel clamps with min() so the unsigned counter never wraps. */
static void highatomic_dec(struct zone *zone, struct page *page, const char *func)
{
	unsigned long before = zone->nr_reserved_highatomic;

	zone->nr_reserved_highatomic -= min(pageblock_nr_pages, before);
	model_event(highatomic_dec, zone, page, before, func);
}

/*
 * reserve_highatomic_pageblock(): after an order>0 ALLOC_HARDER success,
 * turn the page's block into a HIGHATOMIC block while under the cap.  The
 * racy unlocked pre-check is kept for shape; the locked re-check decides.
 */
void reserve_highatomic_pageblock(struct page *page, struct zone *zone,
				  unsigned int order)
{
	unsigned long max_managed = highatomic_max_managed(zone);
	int mt;

	(void)order;
	if (zone->nr_reserved_highatomic >= max_managed)
		return;

	spin_lock(&zone->lock);
	if (zone->nr_reserved_highatomic >= max_managed)
		goto out_unlock;

	mt = get_pageblock_migratetype(page);
	if (mt != MIGRATE_HIGHATOMIC && !is_migrate_isolate(mt) && !is_migrate_cma(mt)) {
		if (variant_on(PATCH_V1_4)) {
			/* v1-4: a block the zone does not span fully is never reserved */
			unsigned long start = page_to_pfn(page) & ~(pageblock_nr_pages - 1);

			if (!zone_spans_pfn(zone, start) ||
			    !zone_spans_pfn(zone, start + pageblock_nr_pages - 1))
				goto out_unlock;
		}
		highatomic_inc(zone, page);
		set_pageblock_migratetype(page, MIGRATE_HIGHATOMIC);
		move_freepages_block(zone, page, MIGRATE_HIGHATOMIC);
	}
out_unlock:
	spin_unlock(&zone->lock);
}

/*
 * v1-1: dec_highatomic_pageblock() - an H block leaves the reserve only
 * while more than one block is counted; otherwise it stays H.
 */
void dec_highatomic_pageblock(struct zone *zone, struct page *page, int new_mt)
{
	if (zone->nr_reserved_highatomic <= pageblock_nr_pages)
		return;
	highatomic_dec(zone, page, __func__);
	set_pageblock_migratetype(page, new_mt);
}

/*
 * The decrement for a found H-list head.  Baseline: always.  v1-2 and
 * 4855e4a7f29d: only if the block still reads H under zone->lock, because
 * a racing free can put pages of an already unreserved block back on an
 * H list.  Returns whether it decremented.
 */
static bool unreserve_dec(struct zone *zone, struct page *page)
{
	if ((variant_on(PATCH_V1_2) || variant_on(PATCH_4855E4A7F29D)) &&
	    get_pageblock_migratetype(page) != MIGRATE_HIGHATOMIC)
		return false;
	highatomic_dec(zone, page, UNRESERVE);
	return true;
}

static struct page *first_highatomic(struct zone *zone, unsigned int order)
{
	return list_first_entry_or_null(
		&zone->free_area[order].free_list[MIGRATE_HIGHATOMIC], struct page, lru);
}

/*
 * (a) baseline, (c) 04c8716f7b00 and (e) 29fac03bef72.  The first H head
 * found (lowest order, zonelist order) has its block converted to the
 * caller's type and its free pages moved; zones holding one block or less
 * are skipped unless the reliable form is forced.  (a)/(c) stop at that
 * first head even if nothing moved and return the pages moved ((a)'s
 * callers ignore it).  (e) succeeds only when pages moved, otherwise goes
 * on to higher orders and the next zones: a head whose block ends beyond
 * the zone moves nothing and stays listed, the zone-edge leftover of R5.
 */
static unsigned long unreserve_first_block(const struct alloc_context *ac,
					   bool reliable, bool force)
{
	struct zone *zone;
	int zidx;

	for_each_zone_zonelist(zone, zidx, ac->high_zoneidx) {
		if (!(reliable && force) &&
		    zone->nr_reserved_highatomic <= pageblock_nr_pages)
			continue;
		spin_lock(&zone->lock);
		for (unsigned int order = 0; order < MAX_ORDER; order++) {
			struct page *page = first_highatomic(zone, order);
			int moved;

			if (!page)
				continue;
			unreserve_dec(zone, page);
			__set_pageblock_migratetype(page, ac->migratetype, UNRESERVE);
			moved = move_freepages_block(zone, page, ac->migratetype);
			if (!reliable || moved) {
				spin_unlock(&zone->lock);
				return reliable ? 1 : (unsigned long)moved;
			}
		}
		spin_unlock(&zone->lock);
	}
	return 0;
}

/*
 * (b) v1-3 as posted: called on every should_reclaim_retry.  Per zone, the
 * first head of each order's H list (at most one head per order), while a
 * budget of max(L x counter / 16, pageblock) pages lasts; at L = 16 the
 * budget is ULONG_MAX and zones holding one block or less are no longer
 * skipped.  The budget and the result go with the decrement: a head whose
 * block is decremented (with v1-2, which v1-3 was posted on: only a block
 * still H) takes min(pageblock, counter after the decrement) off the
 * budget and counts 1 << order; a stray head (v1-2: a block no longer H)
 * is converted and moved all the same, but costs and counts nothing.
 * Returns the pages counted; non-zero means "retry".
 *
 * The budget is unsigned and wraps as the kernel's does: L = 10, counter
 * 2048 gives 1280 -> 768 -> 256 -> 2^64 - 256, after which every
 * remaining order is taken.  Hence no sanitizer check of unsigned wraps
 * here.
 */
static __no_sanitize_unsigned_wrap unsigned long
unreserve_proportional(const struct alloc_context *ac, int no_progress_loops)
{
	bool drain_all = no_progress_loops >= MAX_RECLAIM_RETRIES;
	unsigned long counted = 0;
	struct zone *zone;
	int zidx;

	for_each_zone_zonelist(zone, zidx, ac->high_zoneidx) {
		unsigned long budget;

		if (!drain_all && zone->nr_reserved_highatomic <= pageblock_nr_pages)
			continue;
		spin_lock(&zone->lock);
		budget = drain_all ? ULONG_MAX :
			max((unsigned long)no_progress_loops *
			    zone->nr_reserved_highatomic / MAX_RECLAIM_RETRIES,
			    pageblock_nr_pages);
		for (unsigned int order = 0; order < MAX_ORDER && budget; order++) {
			struct page *page = first_highatomic(zone, order);

			if (!page)
				continue;
			if (unreserve_dec(zone, page)) {
				budget -= min(pageblock_nr_pages, zone->nr_reserved_highatomic);
				counted += 1UL << order;
			}
			__set_pageblock_migratetype(page, ac->migratetype, UNRESERVE);
			move_freepages_block(zone, page, ac->migratetype);
		}
		spin_unlock(&zone->lock);
	}
	return counted;
}

unsigned long unreserve_highatomic_pageblock(const struct alloc_context *ac,
					     bool force, int no_progress_loops)
{
	contig_page_data.last_alloc.unreserve_calls++;
	if (variant_on(PATCH_V1_3))
		return unreserve_proportional(ac, no_progress_loops);
	return unreserve_first_block(ac, variant_on(PATCH_29FAC03BEF72), force);
}
