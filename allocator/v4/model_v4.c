// SPDX-License-Identifier: MIT
/*
 * model_v4.c - era 1's core behind the neutral interface (model.h): each
 * op names pages by pfn and calls the kernel function it stands for.
 */
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "invariants.h"
#include "node_image.h"
#include "page_alloc.h"
#include "setup.h"
#include "show.h"

struct hat_image {
	struct node_image img;
};

struct hat_request {
	struct alloc_request rq;
};

static struct zone *zone_of(int zone)
{
	return &contig_page_data.node_zones[zone];
}

static unsigned long pfn_of(const struct page *page)
{
	return page ? page_to_pfn(page) : HAT_NO_PFN;
}

/* node_init(), watched by the invariant checker */
static int v4_node_init(const struct hat_geometry *g, const struct hat_variant *v, char *err,
			size_t errlen)
{
	checker_subscribe();
	return node_init(g, v, err, errlen);
}

static unsigned long v4_node_pages(void)
{
	return contig_page_data.node_spanned_pages;
}

static struct hat_image *v4_image_new(void)
{
	return calloc(1, sizeof(struct hat_image));
}

static int v4_image_save(struct hat_image *img)
{
	return node_image_save(&img->img);
}

static bool v4_image_restore(const struct hat_image *img)
{
	return node_image_restore(&img->img);
}

static void v4_image_free(struct hat_image *img)
{
	if (img)
		node_image_free(&img->img);
	free(img);
}

/* init-block never makes or unmakes ISOLATE: nr_isolate_pageblock would lie. */
static void v4_setup_block(unsigned long pfn, int mt)
{
	struct page *page = pfn_to_page(pfn);

	if (mt == MIGRATE_ISOLATE || !page_zone(page) ||
	    get_pageblock_migratetype(page) == MIGRATE_ISOLATE)
		return;
	setup_pageblock_type(pfn, mt);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(zone_of(z)))
			model_event(counter_set, zone_of(z));
}

static void v4_setup_counter(int zone, unsigned long pages)
{
	setup_reserved_highatomic(zone_of(zone), pages);
}

static void v4_setup_watermarks(int zone, unsigned long min, unsigned long low,
				unsigned long high)
{
	setup_watermarks(zone_of(zone), min, low, high);
}

static void v4_setup_nr_free_pages(int zone, unsigned long pages)
{
	setup_nr_free_pages(zone_of(zone), pages);
}

/* as setup_per_zone_lowmem_reserve() left it, e.g. from an OOM report */
static void v4_setup_lowmem_reserve(int zone, const long reserve[HAT_NR_ZONES])
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		zone_of(zone)->lowmem_reserve[i] = reserve[i];
}

static void v4_set_owner(unsigned long pfn, unsigned int order, uint32_t owner)
{
	struct page *page = pfn_to_page(pfn);

	for (unsigned long i = 0; i < (1UL << order); i++)
		page[i].owner = owner;
}

static bool v4_range_unowned(unsigned long pfn, unsigned int order)
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

static unsigned long v4_alloc(gfp_t gfp, unsigned int order)
{
	return pfn_of(__alloc_pages_nodemask(gfp, order));
}

static struct hat_request *v4_request_new(void)
{
	return calloc(1, sizeof(struct hat_request));
}

static void v4_request_free(struct hat_request *rq)
{
	free(rq);
}

static bool v4_request_begin(struct hat_request *rq, gfp_t gfp, unsigned int order,
			     bool stepped)
{
	return alloc_request_begin(&rq->rq, gfp, order, stepped);
}

static bool v4_request_resume(struct hat_request *rq, bool stepped)
{
	return alloc_request_resume(&rq->rq, stepped);
}

static unsigned long v4_request_pfn(const struct hat_request *rq)
{
	return pfn_of(rq->rq.page);
}

static unsigned int v4_request_order(const struct hat_request *rq)
{
	return rq->rq.order;
}

static unsigned int v4_request_stops(const struct hat_request *rq)
{
	return rq->rq.stops;
}

static void v4_request_report(const struct hat_request *rq, struct hat_alloc_report *rep)
{
	*rep = rq->rq.rep;
}

static void v4_last_report(struct hat_alloc_report *rep)
{
	*rep = contig_page_data.last_alloc;
}

static void v4_free(unsigned long pfn, unsigned int order)
{
	__free_pages(pfn_to_page(pfn), order);
}

static int v4_free_begin(unsigned long pfn, unsigned int order)
{
	return __free_pages_ok_prepare(pfn_to_page(pfn), order);
}

static void v4_free_commit(unsigned long pfn, unsigned int order, int mt)
{
	__free_pages_ok_commit(pfn_to_page(pfn), order, mt);
}

static void v4_drain_all(void)
{
	drain_all_pages(NULL);
}

/*
 * unreserve_highatomic_pageblock() as @cpu for a request of @gfp; false
 * (nothing done) when no zone is eligible.
 */
static bool v4_unreserve(unsigned int cpu, gfp_t gfp, bool force, int no_progress_loops)
{
	struct alloc_context ac = {
		.high_zoneidx = gfp_zone(gfp),
		.migratetype = gfpflags_to_migratetype(gfp),
		.classzone_idx = -1,
	};

	for (int z = (int)ac.high_zoneidx; z >= 0; z--) {
		if (populated_zone(zone_of(z))) {
			ac.classzone_idx = z;
			break;
		}
	}
	if (ac.classzone_idx < 0)
		return false;
	set_current(cpu, false);
	unreserve_highatomic_pageblock(&ac, force, no_progress_loops);
	return true;
}

static void v4_set_reclaimable(int zone, unsigned long pages)
{
	contig_page_data.reclaim.reclaimable[zone] = pages;
}

static void v4_set_progress(long pages, bool freed)
{
	contig_page_data.reclaim.progress = freed ? RECLAIM_PROGRESS_FREED : pages;
}

static void v4_set_shrink(unsigned long nr_to_reclaim)
{
	contig_page_data.reclaim.nr_to_reclaim = nr_to_reclaim;
}

static void v4_set_shrinker(hat_shrink_fn fn, void *arg)
{
	contig_page_data.reclaim.shrink = fn;
	contig_page_data.reclaim.shrink_arg = arg;
}

static void v4_isolate(unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);

	if (page_zone(page))
		set_migratetype_isolate(page);
}

static void v4_unisolate(unsigned long pfn, int mt)
{
	struct page *page = pfn_to_page(pfn);

	if (page_zone(page) && mt != MIGRATE_ISOLATE)
		unset_migratetype_isolate(page, mt);
}

/* __isolate_free_page() of a free buddy of exactly @order at @pfn */
static bool v4_isolate_free(unsigned long pfn, unsigned int order)
{
	struct page *page = pfn_to_page(pfn);

	return page_zone(page) && PageBuddy(page) && page_order(page) == order &&
	       __isolate_free_page(page, order);
}

static void v4_managed(int zone, long delta)
{
	adjust_managed_page_count(zone_of(zone), delta);
}

static void v4_zone_snapshot(int z, struct hat_zone_snapshot *s)
{
	const struct zone *zone = zone_of(z);

	memset(s, 0, sizeof(*s));
	s->populated = populated_zone(zone);
	s->name = zone_names[z];
	if (!s->populated)
		return;
	s->start_pfn = zone->zone_start_pfn;
	s->spanned = zone->spanned_pages;
	s->present = zone->present_pages;
	s->managed = zone->managed_pages;
	for (int w = 0; w < NR_WMARK; w++)
		s->watermark[w] = zone->watermark[w];
	for (int i = 0; i < MAX_NR_ZONES; i++)
		s->lowmem_reserve[i] = zone->lowmem_reserve[i];
	s->nr_reserved_highatomic = zone->nr_reserved_highatomic;
	s->nr_free_pages = zone_page_state(zone, NR_FREE_PAGES);
	s->nr_free_pages_snapshot = zone_page_state_snapshot(zone, NR_FREE_PAGES);
	s->nr_free_pages_diff = zone->vm_stat_diff[NR_FREE_PAGES];
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		s->nr_free[o] = zone->free_area[o].nr_free;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			const struct list_head *pos;

			list_for_each(pos, &zone->free_area[o].free_list[mt])
				s->free_blocks[o][mt]++;
		}
	}
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		s->pcp_count[cpu] = (unsigned long)zone->pageset[cpu].count;
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		s->blocks[mt] = zone_count_blocks(zone, mt);
}

static void mark_free(uint8_t *map, unsigned long pfn, unsigned long n)
{
	for (unsigned long p = pfn; p < pfn + n && p < contig_page_data.node_spanned_pages; p++)
		map[p >> 3] |= (uint8_t)(1u << (p & 7));
}

static void v4_free_map(uint8_t *map)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = zone_of(z);

		if (!populated_zone(zone))
			continue;
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				struct list_head *pos;

				list_for_each(pos, &zone->free_area[o].free_list[mt])
					mark_free(map, page_to_pfn(list_entry(pos, struct page, lru)),
						  1UL << o);
			}
		}
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
				struct list_head *pos;

				list_for_each(pos, &zone->pageset[cpu].lists[mt])
					mark_free(map, page_to_pfn(list_entry(pos, struct page, lru)),
						  1);
			}
		}
	}
}

static void v4_show_zone_free_areas(FILE *f, int zone)
{
	show_zone_free_areas(f, zone_of(zone));
}

HAT_MODEL_EXPORT const struct hat_model hat_model_v4 = {
	.era = 1,
	.name = "v4",
	.names = &era1_names,
	.node_init = v4_node_init,
	.node_exit = node_exit,
	.node_pages = v4_node_pages,
	.image_new = v4_image_new,
	.image_save = v4_image_save,
	.image_restore = v4_image_restore,
	.image_free = v4_image_free,
	.setup_free_range = setup_free_range,
	.setup_free_buddy = setup_free_buddy,
	.setup_block = v4_setup_block,
	.setup_counter = v4_setup_counter,
	.setup_watermarks = v4_setup_watermarks,
	.setup_nr_free_pages = v4_setup_nr_free_pages,
	.setup_lowmem_reserve = v4_setup_lowmem_reserve,
	.set_owner = v4_set_owner,
	.range_unowned = v4_range_unowned,
	.set_current = set_current,
	.alloc = v4_alloc,
	.request_new = v4_request_new,
	.request_free = v4_request_free,
	.request_begin = v4_request_begin,
	.request_resume = v4_request_resume,
	.request_pfn = v4_request_pfn,
	.request_order = v4_request_order,
	.request_stops = v4_request_stops,
	.request_report = v4_request_report,
	.last_report = v4_last_report,
	.free = v4_free,
	.free_begin = v4_free_begin,
	.free_commit = v4_free_commit,
	.drain = drain_pages,
	.drain_all = v4_drain_all,
	.unreserve = v4_unreserve,
	.set_reclaimable = v4_set_reclaimable,
	.set_progress = v4_set_progress,
	.set_shrink = v4_set_shrink,
	.set_shrinker = v4_set_shrinker,
	.isolate = v4_isolate,
	.unisolate = v4_unisolate,
	.isolate_free = v4_isolate_free,
	.managed = v4_managed,
	.check_cheap = check_node_cheap,
	.check_full = check_node_full,
	.state_hash = node_state_hash,
	.zone_snapshot = v4_zone_snapshot,
	.free_map = v4_free_map,
	.show_free_areas = show_free_areas,
	.show_zone_free_areas = v4_show_zone_free_areas,
	.pagetypeinfo_show = pagetypeinfo_show,
	.buddyinfo_show = buddyinfo_show,
};
