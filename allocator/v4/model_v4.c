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

#define CORE_NR_ORDERS	MAX_ORDER
#include "core_adapter.h"

/* node_init(), watched by the invariant checker */
static int v4_node_init(const struct hat_geometry *g, const struct hat_variant *v, char *err,
			size_t errlen)
{
	checker_subscribe();
	return node_init(g, v, err, errlen);
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

static unsigned long v4_alloc(gfp_t gfp, unsigned int order)
{
	return pfn_of(__alloc_pages_nodemask(gfp, order));
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
		.classzone_idx = core_classzone(gfp),
	};

	if (ac.classzone_idx < 0)
		return false;
	set_current(cpu, false);
	unreserve_highatomic_pageblock(&ac, force, no_progress_loops);
	return true;
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
	const struct zone *zone = core_zone_snapshot(z, s);

	if (!zone)
		return;
	for (int w = 0; w < NR_WMARK; w++)
		s->watermark[w] = zone->watermark[w];
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct per_cpu_pages *pcp = &zone->pageset[cpu];

		s->pcp_count[cpu] = (unsigned long)pcp->count;
		s->pcp_high = max(s->pcp_high, (unsigned long)pcp->high);
		s->pcp_batch = max(s->pcp_batch, (unsigned long)pcp->batch);
	}
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
	.node_pages = core_node_pages,
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
	.setup_lowmem_reserve = core_setup_lowmem_reserve,
	.set_owner = core_set_owner,
	.range_unowned = core_range_unowned,
	.set_current = set_current,
	.alloc = v4_alloc,
	.request_new = core_request_new,
	.request_free = core_request_free,
	.request_begin = v4_request_begin,
	.request_resume = v4_request_resume,
	.request_pfn = core_request_pfn,
	.request_order = core_request_order,
	.request_stops = core_request_stops,
	.request_report = v4_request_report,
	.last_report = v4_last_report,
	.free = v4_free,
	.free_begin = v4_free_begin,
	.free_commit = v4_free_commit,
	.drain = drain_pages,
	.drain_all = v4_drain_all,
	.unreserve = v4_unreserve,
	.set_reclaimable = core_set_reclaimable,
	.set_progress = core_set_progress,
	.set_shrink = core_set_shrink,
	.set_shrinker = core_set_shrinker,
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
