/* SPDX-License-Identifier: MIT */
/*
 * core_adapter.h - the model-table ops (model.h) whose code is the same
 * in every core, written with the kernel names each core defines
 * (contig_page_data, struct page's owner, pfn_to_page(), pfn_zone(),
 * zone_end_pfn(), pfn_is_free(), gfp_zone(), the zone's counters and free
 * lists, zone_count_blocks(), the reclaim model, struct alloc_request;
 * CORE_NR_ORDERS, the number of orders, by the kernel's name of the era).
 * A core's adapter (model_v4.c, model_v6.c) includes it after its own
 * headers and its struct hat_request { struct alloc_request rq; }, so
 * that each core compiles them against its own structures: everything
 * here is static, nothing is shared at link time.
 */
#ifndef HATRACE_CORE_ADAPTER_H
#define HATRACE_CORE_ADAPTER_H

#include <stdlib.h>
#include <string.h>

static inline struct zone *zone_of(int zone)
{
	return &contig_page_data.node_zones[zone];
}

static inline unsigned long pfn_of(const struct page *page)
{
	return page ? page_to_pfn(page) : HAT_NO_PFN;
}

static unsigned long core_node_pages(void)
{
	return contig_page_data.node_spanned_pages;
}

/* as setup_per_zone_lowmem_reserve() left it, e.g. from an OOM report */
static void core_setup_lowmem_reserve(int zone, const long reserve[HAT_NR_ZONES])
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		zone_of(zone)->lowmem_reserve[i] = reserve[i];
}

static void core_set_owner(unsigned long pfn, unsigned int order, uint32_t owner)
{
	struct page *page = pfn_to_page(pfn);

	for (unsigned long i = 0; i < (1UL << order); i++)
		page[i].owner = owner;
}

static bool core_range_unowned(unsigned long pfn, unsigned int order)
{
	unsigned long n = 1UL << order;
	struct zone *zone = pfn_zone(pfn);

	if (!zone || (pfn & (n - 1)) || pfn + n > zone_end_pfn(zone))
		return false;
	for (unsigned long i = 0; i < n; i++) {
		const struct page *p = pfn_to_page(pfn + i);

		if (p->flags || p->owner || pfn_is_free(pfn + i))
			return false;
	}
	return true;
}

static struct hat_request *core_request_new(void)
{
	return calloc(1, sizeof(struct hat_request));
}

static void core_request_free(struct hat_request *rq)
{
	free(rq);
}

static unsigned long core_request_pfn(const struct hat_request *rq)
{
	return pfn_of(rq->rq.page);
}

static unsigned int core_request_order(const struct hat_request *rq)
{
	return rq->rq.order;
}

static unsigned int core_request_stops(const struct hat_request *rq)
{
	return rq->rq.stops;
}

static void core_set_reclaimable(int zone, unsigned long pages)
{
	contig_page_data.reclaim.reclaimable[zone] = pages;
}

static void core_set_progress(long pages, bool freed)
{
	contig_page_data.reclaim.progress = freed ? RECLAIM_PROGRESS_FREED : pages;
}

static void core_set_shrink(unsigned long nr_to_reclaim)
{
	contig_page_data.reclaim.nr_to_reclaim = nr_to_reclaim;
}

static void core_set_shrinker(hat_shrink_fn fn, void *arg)
{
	contig_page_data.reclaim.shrink = fn;
	contig_page_data.reclaim.shrink_arg = arg;
}

/* The highest populated zone a request of @gfp may use, -1 if none. */
static int core_classzone(gfp_t gfp)
{
	for (int z = (int)gfp_zone(gfp); z >= 0; z--)
		if (populated_zone(zone_of(z)))
			return z;
	return -1;
}

/*
 * What zone_snapshot() fills alike in every core: all but the watermarks
 * and the pcp counts, which the core adds.  Returns the zone, or NULL
 * when it is not populated (nothing more to fill).
 */
static const struct zone *core_zone_snapshot(int z, struct hat_zone_snapshot *s)
{
	const struct zone *zone = zone_of(z);

	memset(s, 0, sizeof(*s));
	s->populated = populated_zone(zone);
	s->name = zone_names[z];
	if (!s->populated)
		return NULL;
	s->start_pfn = zone->zone_start_pfn;
	s->spanned = zone->spanned_pages;
	s->present = zone->present_pages;
	s->managed = zone->managed_pages;
	for (int i = 0; i < MAX_NR_ZONES; i++)
		s->lowmem_reserve[i] = zone->lowmem_reserve[i];
	s->nr_reserved_highatomic = zone->nr_reserved_highatomic;
	s->nr_free_pages = zone_page_state(zone, NR_FREE_PAGES);
	s->nr_free_pages_snapshot = zone_page_state_snapshot(zone, NR_FREE_PAGES);
	s->nr_free_pages_diff = zone->vm_stat_diff[NR_FREE_PAGES];
	s->pcp_moved = zone->pcp_moved;
	for (unsigned int o = 0; o < CORE_NR_ORDERS; o++) {
		s->nr_free[o] = zone->free_area[o].nr_free;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			const struct list_head *pos;

			list_for_each(pos, &zone->free_area[o].free_list[mt])
				s->free_blocks[o][mt]++;
		}
	}
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		s->blocks[mt] = zone_count_blocks(zone, mt);
	return zone;
}

#endif /* HATRACE_CORE_ADAPTER_H */
