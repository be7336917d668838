// SPDX-License-Identifier: MIT
/*
 * model_v6.c - era 2's core behind the neutral interface (model.h), as
 * model_v4.c is era 1's: each op names pages by pfn and calls the kernel
 * function it stands for.  The oracle (oracle.h) is subscribed to the
 * core's events when the node is built; its violations go to the shared
 * recorder (violation.h) under the shared ids.
 *
 * State set directly (the init-* ops) is taken as the oracle's baseline:
 * the oracle is quiet while such an op runs and takes its shadows from the
 * state again (oracle_resync()) before the next op that is not one.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "model_show.h"
#include "node_image.h"
#include "oracle.h"
#include "events.h"
#include "page_alloc.h"
#include "setup.h"
#include "show.h"

struct hat_request {
	struct alloc_request rq;
};

/* A boot image: the node, and the oracle's shadows of it. */
struct hat_image {
	struct node_image node;
	struct v6_oracle_image oracle;
};

#define CORE_NR_ORDERS	NR_PAGE_ORDERS
#include "core_adapter.h"

/* The shared id of each oracle id: its era-1 equivalent's, else its own. */
static enum hat_inv inv_of[NR_V6_INV];
/* State was set directly since the oracle last took its shadows. */
static bool setup_dirty;

static void report(enum hat_inv id, const struct v6_violation *v, ...)
{
	va_list ap;

	va_start(ap, v);
	hat_vreport(id, v->func, v->detail, v->zone, v->pfn, v->expected, v->actual, "%s", ap);
	va_end(ap);
}

static void on_oracle_violation(const struct v6_violation *v, void *arg)
{
	(void)arg;
	report(inv_of[v->id], v, v->msg);
}

/* The shared ids of the oracle's, before anything reports. */
__attribute__((constructor)) static void map_inv_ids(void)
{
	for (int i = 0; i < NR_V6_INV; i++) {
		const char *name = v6_inv_desc[i].era1 ? v6_inv_desc[i].era1 : v6_inv_desc[i].name;
		int id = inv_lookup(name, strlen(name));

		BUG_ON(id < 0);
		inv_of[i] = (enum hat_inv)id;
	}
}

/*
 * The recorder's per-pageblock history (hat_checker.on_event): the
 * core's retypes to or from H and the reserve counter's changes, teed off
 * the events the oracle subscribes to.  A counter change names the block
 * retyped in the same zone->lock section, before it (reserve) or after
 * it (unreserve decrements first).
 */
static const struct v6_events *oracle_ops;
static struct v6_events tee_ops;
static struct {
	bool pending;		/* a counter change waits for its block */
	struct hat_event ev;
	unsigned long block_pfn;	/* the section's last H retype, HAT_NO_PFN */
} tee;

static void tee_emit(struct hat_event *e)
{
	if (hat_checker.on_event)
		hat_checker.on_event(e, hat_checker.event_arg);
}

static void tee_retype(void *arg, unsigned long block_pfn, int old_mt, int new_mt,
		       const char *func)
{
	struct hat_event e = {
		.kind = HAT_EV_RETYPE, .block_pfn = block_pfn, .zone = -1,
		.old_mt = old_mt, .new_mt = new_mt, .func = func,
	};

	if (oracle_ops->retype)
		oracle_ops->retype(arg, block_pfn, old_mt, new_mt, func);
	if (!is_migrate_highatomic(old_mt) && !is_migrate_highatomic(new_mt))
		return;
	tee_emit(&e);
	tee.block_pfn = block_pfn;
	if (tee.pending) {
		tee.ev.block_pfn = block_pfn;
		tee_emit(&tee.ev);
		tee.pending = false;
	}
}

static void tee_counter(void *arg, const struct zone *zone, enum v6_counter c, long delta,
			const char *func)
{
	if (oracle_ops->counter)
		oracle_ops->counter(arg, zone, c, delta, func);
	if (c != CNT_NR_RESERVED_HIGHATOMIC || !delta)
		return;
	tee.ev = (struct hat_event){
		.kind = delta > 0 ? HAT_EV_INC : HAT_EV_DEC, .block_pfn = tee.block_pfn,
		.zone = (int)zone->idx, .counter = zone->nr_reserved_highatomic, .func = func,
	};
	tee.pending = tee.block_pfn == HAT_NO_PFN;
	if (!tee.pending)
		tee_emit(&tee.ev);
}

static void tee_unlock(void *arg, const struct zone *zone)
{
	if (oracle_ops->unlock)
		oracle_ops->unlock(arg, zone);
	if (tee.pending) {	/* no block retyped: the zone's first */
		tee.ev.block_pfn = pageblock_start_pfn(zone->zone_start_pfn);
		tee_emit(&tee.ev);
	}
	tee.pending = false;
	tee.block_pfn = HAT_NO_PFN;
}

/* The oracle's subscription, with the history teed off it. */
static void tee_attach(void)
{
	oracle_ops = v6_event_sink.ops;
	tee_ops = *oracle_ops;
	tee_ops.retype = tee_retype;
	tee_ops.counter = tee_counter;
	tee_ops.unlock = tee_unlock;
	tee.pending = false;
	tee.block_pfn = HAT_NO_PFN;
	v6_events_subscribe(&tee_ops, v6_event_sink.arg);
}

/* Before an op that is not a setup op: the oracle as the recorder says, on the state. */
static void settle(void)
{
	v6_oracle.enabled = hat_checker.enabled;
	if (setup_dirty) {
		setup_dirty = false;
		oracle_resync();
	}
}

/* Around a setup op: the oracle does not judge what it sets. */
static void setup_begin(void)
{
	v6_oracle.enabled = false;
}

static void setup_end(void)
{
	setup_dirty = true;
	v6_oracle.enabled = hat_checker.enabled;
}

/* The neutral geometry as the kernel's: the THP order is the pageblock's. */
static void node_geometry_of(const struct hat_geometry *g, struct node_geometry *ng)
{
	memset(ng, 0, sizeof(*ng));
	ng->pb_order = g->pb_order;
	ng->nr_page_orders = g->max_order;
	ng->hpage_pmd_order = g->pb_order;
	ng->thp = g->pb_order > PAGE_ALLOC_COSTLY_ORDER && g->pb_order < g->max_order;
	ng->nr_cpus = g->nr_cpus;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		ng->zone_start_pfn[i] = g->zone_start_pfn[i];
		ng->zone_end_pfn[i] = g->zone_end_pfn[i];
		ng->reserved_pages[i] = g->reserved_pages[i];
	}
	ng->min_free_kbytes = g->min_free_kbytes;
	/* vm.percpu_pagelist_fraction became percpu_pagelist_high_fraction (v5.14) */
	ng->percpu_pagelist_high_fraction = (unsigned int)g->percpu_pagelist_fraction;
	ng->page_size_kb = g->page_size_kb;
}

static int v6_node_init(const struct hat_geometry *g, const struct hat_variant *v, char *err,
			size_t errlen)
{
	struct node_geometry ng;
	int p = v6_patches_inconsistent(v->patches);

	if (p >= 0) {
		snprintf(err, errlen, "patch %s needs a patch the variant lacks",
			 v6_patches[p].name);
		return -1;
	}
	node_geometry_of(g, &ng);
	if (node_init(&ng, v->patches, err, errlen))
		return -1;
	checker_reset();	/* as era 1's node_init(): no violation carries over */
	v6_oracle.on_violation = on_oracle_violation;
	oracle_attach();
	tee_attach();
	setup_dirty = false;
	return 0;
}

static void v6_node_exit(void)
{
	oracle_detach();
	node_exit();
}

static struct hat_image *v6_image_new(void)
{
	return calloc(1, sizeof(struct hat_image));
}

/* Saved settled: the oracle's shadows taken from the state saved (settle()). */
static int v6_image_save(struct hat_image *img)
{
	settle();
	if (node_image_save(&img->node))
		return -1;
	if (oracle_image_save(&img->oracle)) {
		img->node.valid = false;
		return -1;
	}
	return 0;
}

static bool v6_image_restore(const struct hat_image *img)
{
	if (!node_image_restore(&img->node))
		return false;
	oracle_image_restore(&img->oracle);
	tee_attach();
	setup_dirty = false;
	return true;
}

static void v6_image_free(struct hat_image *img)
{
	if (img) {
		node_image_free(&img->node);
		oracle_image_free(&img->oracle);
	}
	free(img);
}

static unsigned long v6_setup_free_range(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long n;

	setup_begin();
	n = setup_free_range(start_pfn, end_pfn);
	setup_end();
	return n;
}

static int v6_setup_free_buddy(unsigned long pfn, unsigned int order, int mt)
{
	int ret;

	setup_begin();
	ret = setup_free_buddy(pfn, order, mt);
	setup_end();
	return ret;
}

/* init-block never makes or unmakes ISOLATE: nr_isolate_pageblock would lie. */
static void v6_setup_block(unsigned long pfn, int mt)
{
	struct page *page = pfn_to_page(pfn);

	if (mt == MIGRATE_ISOLATE || !page_zone(page) ||
	    get_pageblock_migratetype(page) == MIGRATE_ISOLATE)
		return;
	setup_begin();
	setup_pageblock_type(pfn, mt);
	setup_end();
}

static void v6_setup_counter(int zone, unsigned long pages)
{
	setup_begin();
	setup_reserved_highatomic(zone_of(zone), pages);
	setup_end();
}

static void v6_setup_watermarks(int zone, unsigned long min, unsigned long low,
				unsigned long high)
{
	setup_watermarks(zone_of(zone), min, low, high);
}

static void v6_setup_nr_free_pages(int zone, unsigned long pages)
{
	setup_begin();
	setup_nr_free_pages(zone_of(zone), pages);
	setup_end();
}

static void v6_sysctl(int knob, long value)
{
	switch ((enum hat_sysctl)knob) {
	case HAT_SYSCTL_DEFRAG_MODE:
		contig_page_data.defrag_mode = value != 0;
		break;
	case HAT_SYSCTL_WATERMARK_BOOST_FACTOR:
		contig_page_data.watermark_boost_factor = (int)value;
		break;
	case HAT_SYSCTL_CLAIM_SCAN_GUARD:
		v6_oracle.claim_scan_guard = value != 0;
		break;
	case HAT_SYSCTL_KSWAPD_ACTIVE:
		kswapd_set_active(value != 0);
		break;
	case HAT_SYSCTL_PERCPU_PAGELIST_HIGH_FRACTION:
		percpu_pagelist_high_fraction_set((int)value);
		break;
	case HAT_NR_SYSCTLS:
		break;
	}
}

/* pcp_spin_trylock() fails on @cpu: its pcp is held by the context a free interrupted */
static void v6_pcp_trylock(unsigned int cpu, bool fail)
{
	if (fail)
		contig_page_data.pcp_trylock_fails |= UINT64_C(1) << cpu;
	else
		contig_page_data.pcp_trylock_fails &= ~(UINT64_C(1) << cpu);
	if (current->cpu == cpu)
		current->pcp_trylock_fails = fail;
}

static void v6_set_current(unsigned int cpu, bool rt)
{
	settle();
	set_current(cpu, rt);
}

/* The oracle judges each allocation once it is done (oracle_alloc_done()). */
static void alloc_judged(gfp_t gfp, unsigned int order, const struct page *page,
			 bool slowpath)
{
	oracle_alloc_done(gfp, order, page ? page_to_pfn(page) : ~0UL, slowpath);
}

static unsigned long v6_alloc(gfp_t gfp, unsigned int order)
{
	struct page *page;

	settle();
	page = __alloc_pages(gfp, order);
	alloc_judged(gfp, order, page, contig_page_data.last_alloc.slowpath);
	return pfn_of(page);
}

static bool request_judged(struct hat_request *rq, bool done)
{
	if (done)
		alloc_judged(rq->rq.gfp_mask, rq->rq.order, rq->rq.page, rq->rq.rep.slowpath);
	return done;
}

static bool v6_request_begin(struct hat_request *rq, gfp_t gfp, unsigned int order,
			     bool stepped)
{
	settle();
	return request_judged(rq, alloc_request_begin(&rq->rq, gfp, order, stepped));
}

static bool v6_request_resume(struct hat_request *rq, bool stepped)
{
	if (rq->rq.point == SP_DONE)
		return true;
	settle();
	return request_judged(rq, alloc_request_resume(&rq->rq, stepped));
}

static void report_of(const struct alloc_report *r, struct hat_alloc_report *rep)
{
	*rep = (struct hat_alloc_report){
		.slowpath = r->slowpath,
		.oom = r->oom,
		.oom_skipped = r->oom_skipped,
		.oom_no_kill = r->oom_no_kill,
		.no_progress_loops = r->no_progress_loops,
		.reclaim_rounds = r->reclaim_rounds,
		.unreserve_calls = r->unreserve_calls,
		.retries = r->retries,
		.livelock = r->livelock,
	};
}

static void v6_request_report(const struct hat_request *rq, struct hat_alloc_report *rep)
{
	report_of(&rq->rq.rep, rep);
}

static void v6_last_report(struct hat_alloc_report *rep)
{
	report_of(&contig_page_data.last_alloc, rep);
}

static void v6_free(unsigned long pfn, unsigned int order)
{
	settle();
	__free_pages(pfn_to_page(pfn), order);
}

static int v6_free_begin(unsigned long pfn, unsigned int order)
{
	settle();
	return __free_pages_ok_prepare(pfn_to_page(pfn), order);
}

static void v6_free_commit(unsigned long pfn, unsigned int order, int mt)
{
	settle();
	__free_pages_ok_commit(pfn_to_page(pfn), order, mt, FPI_NONE);
}

static void v6_drain(unsigned int cpu)
{
	settle();
	drain_pages(cpu);
}

static void v6_drain_all(void)
{
	settle();
	drain_all_pages(NULL);
}

/*
 * unreserve_highatomic_pageblock() as @cpu for a request of @gfp; false
 * (nothing done) when no zone is eligible.  @no_progress_loops is era 1's
 * (the v1-3 argument): no era-2 kernel passes it.
 */
static bool v6_unreserve(unsigned int cpu, gfp_t gfp, bool force, int no_progress_loops)
{
	struct alloc_context ac = {
		.highest_zoneidx = gfp_zone(gfp),
		.migratetype = gfp_migratetype(gfp),
		.preferred_zoneidx = core_classzone(gfp),
	};

	(void)no_progress_loops;
	if (ac.preferred_zoneidx < 0)
		return false;
	settle();
	set_current(cpu, false);
	unreserve_highatomic_pageblock(&ac, force);
	return true;
}

static void v6_isolate(unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);

	if (!page_zone(page))
		return;
	settle();
	set_migratetype_isolate(page);
}

static void v6_unisolate(unsigned long pfn, int mt)
{
	struct page *page = pfn_to_page(pfn);

	if (!page_zone(page) || mt == MIGRATE_ISOLATE)
		return;
	settle();
	unset_migratetype_isolate(page, mt);
}

/* isolate-free: a free buddy of exactly @order at @pfn */
static bool v6_isolate_free(unsigned long pfn, unsigned int order)
{
	struct page *page = pfn_to_page(pfn);
	struct zone *zone = page_zone(page);
	bool ok;

	if (!zone || !PageBuddy(page) || buddy_order(page) != order)
		return false;
	settle();
	spin_lock(&zone->lock);
	ok = __isolate_free_page(zone, page, order);
	spin_unlock(&zone->lock);
	return ok;
}

static void v6_managed(int zone, long delta)
{
	settle();
	adjust_managed_page_count(zone_of(zone), delta);
}

static unsigned long v6_check_cheap(void)
{
	settle();
	return oracle_check_cheap();
}

static unsigned long v6_check_full(void)
{
	settle();
	return oracle_check_full();
}

static void v6_zone_snapshot(int z, struct hat_zone_snapshot *s)
{
	const struct zone *zone = core_zone_snapshot(z, s);

	if (!zone)
		return;
	for (int w = WMARK_MIN; w <= WMARK_HIGH; w++)
		s->watermark[w] = wmark_pages(zone, (enum zone_watermarks)w);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		s->pcp_count[cpu] = (unsigned long)pcp->count;
		s->pcp_high = max(s->pcp_high, (unsigned long)pcp->high);
		s->pcp_batch = max(s->pcp_batch, (unsigned long)pcp->batch);
	}
}

/* The pages of every entry of @head, each of 2^order pages (its private). */
static void mark_list(uint8_t *map, const struct list_head *head)
{
	const struct list_head *pos;

	list_for_each(pos, head) {
		const struct page *page = list_entry(pos, struct page, lru);
		unsigned long pfn = page_to_pfn(page);

		for (unsigned long p = pfn; p < pfn + (1UL << page->private) &&
		     p < contig_page_data.node_spanned_pages; p++)
			map[p >> 3] |= (uint8_t)(1u << (p & 7));
	}
}

static void v6_free_map(uint8_t *map)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				mark_list(map, &zone->free_area[o].free_list[mt]);
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			for (unsigned int i = 0; i < pcp_nr_lists(); i++)
				mark_list(map, &zone->per_cpu_pageset[cpu].lists[i]);
	}
}

/* show_free_areas(): every zone's summary line, then every zone's orders */
static void v6_show_free_areas(FILE *f)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		show_zone_summary(f, zone);
	for_each_populated_zone(zone)
		show_zone_free_areas(f, zone);
}

static void v6_show_zone_free_areas(FILE *f, int zone)
{
	show_zone_free_areas(f, zone_of(zone));
}

HAT_MODEL_EXPORT const struct hat_model hat_model_v6 = {
	.era = 2,
	.name = "v6",
	.names = &v6_era_names,
	.node_init = v6_node_init,
	.node_exit = v6_node_exit,
	.node_pages = core_node_pages,
	.image_new = v6_image_new,
	.image_save = v6_image_save,
	.image_restore = v6_image_restore,
	.image_free = v6_image_free,
	.setup_free_range = v6_setup_free_range,
	.setup_free_buddy = v6_setup_free_buddy,
	.setup_block = v6_setup_block,
	.setup_counter = v6_setup_counter,
	.setup_watermarks = v6_setup_watermarks,
	.setup_nr_free_pages = v6_setup_nr_free_pages,
	.setup_lowmem_reserve = core_setup_lowmem_reserve,
	.set_owner = core_set_owner,
	.range_unowned = core_range_unowned,
	.set_current = v6_set_current,
	.alloc = v6_alloc,
	.request_new = core_request_new,
	.request_free = core_request_free,
	.request_begin = v6_request_begin,
	.request_resume = v6_request_resume,
	.request_pfn = core_request_pfn,
	.request_order = core_request_order,
	.request_stops = core_request_stops,
	.request_report = v6_request_report,
	.last_report = v6_last_report,
	.free = v6_free,
	.free_begin = v6_free_begin,
	.free_commit = v6_free_commit,
	.drain = v6_drain,
	.drain_all = v6_drain_all,
	.unreserve = v6_unreserve,
	.set_reclaimable = core_set_reclaimable,
	.set_progress = core_set_progress,
	.set_shrink = core_set_shrink,
	.sysctl = v6_sysctl,
	.pcp_trylock = v6_pcp_trylock,
	.alloc_hint = alloc_hint_set,
	.set_shrinker = core_set_shrinker,
	.isolate = v6_isolate,
	.unisolate = v6_unisolate,
	.isolate_free = v6_isolate_free,
	.managed = v6_managed,
	.check_cheap = v6_check_cheap,
	.check_full = v6_check_full,
	.state_hash = node_state_hash,
	.zone_snapshot = v6_zone_snapshot,
	.free_map = v6_free_map,
	.show_free_areas = v6_show_free_areas,
	.show_zone_free_areas = v6_show_zone_free_areas,
	.pagetypeinfo_show = hat_pagetypeinfo_show,
	.buddyinfo_show = hat_buddyinfo_show,
};
