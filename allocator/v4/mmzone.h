/* SPDX-License-Identifier: MIT */
/*
 * mmzone.h - the data model of the v4.8 buddy allocator (spec §1):
 * migratetypes, zones, free areas, per-cpu pagesets, struct page and the
 * node that owns the memmap and the pageblock bits.
 *
 * Like the kernel (include/linux/mmzone.h), one node: contig_page_data.
 * The geometry (pageblock_order, MAX_ORDER, number of CPUs, zone spans) is
 * chosen at run time by node_init(); the macros below read it.
 */
#ifndef HATRACE_MMZONE_H
#define HATRACE_MMZONE_H

#include "kshim.h"
#include "model.h"
#include "reclaim_model.h"
#include "variant.h"

/* Migratetypes with CONFIG_CMA=y and CONFIG_MEMORY_ISOLATION=y (spec §1.3). */
enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_CMA,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

#define is_migrate_cma(mt)	((mt) == MIGRATE_CMA)
#define is_migrate_isolate(mt)	((mt) == MIGRATE_ISOLATE)

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	MAX_NR_ZONES
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	NR_WMARK
};

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_FREE_CMA_PAGES,
	NR_VM_ZONE_STAT_ITEMS
};

/* Page flags of the model (include/linux/page-flags.h subset). */
#define PG_buddy	0x1u	/* head of a free buddy: private = order */
#define PG_pcp		0x2u	/* on a per-cpu list: index = cached mt */
#define PG_reserved	0x4u	/* outside every zone (hole): never freed */

struct page {
	struct list_head lru;
	unsigned int owner;	/* harness handle of the allocation + 1, 0 = none */
	unsigned char flags;	/* PG_* */
	unsigned char private;	/* buddy order (set_page_order) */
	signed char index;	/* cached migratetype (set_pcppage_migratetype) */
	signed char zone;	/* enum zone_type, -1 in holes */
};

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;
};

struct per_cpu_pages {
	int count;
	int high;
	int batch;
	struct list_head lists[MIGRATE_PCPTYPES];
};

/*
 * Per-zone bookkeeping of the invariant checker (see invariants.h): kept
 * in the zone so that the cheap checks stay O(1).
 */
struct hat_zone_check {
	unsigned long nr_highatomic_blocks;	/* blocks of the zone typed H */
	long drift;				/* tolerated counter offset, pages */
	long free_drift;			/* NR_FREE_PAGES below the lists (I9), pages */
	long i1_reported;			/* last I1 mismatch reported */
	/* what the current zone->lock section did */
	int sec_inc, sec_dec, sec_to_h, sec_from_h;
	unsigned long sec_pfn;
	const char *sec_func;
	const char *sec_from_h_func;	/* the caller of its last retype away from H */
	/* pages flagged PG_buddy / PG_pcp: check_node_full() compares them
	 * with what it finds on the lists instead of scanning every page */
	unsigned long nr_buddy_flagged, nr_pcp_flagged;
};

struct zone {
	spinlock_t lock;
	struct pglist_data *zone_pgdat;
	const char *name;
	enum zone_type idx;
	bool populated;

	unsigned long watermark[NR_WMARK];
	long lowmem_reserve[MAX_NR_ZONES];
	unsigned long nr_reserved_highatomic;

	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	int nr_isolate_pageblock;

	struct free_area free_area[HAT_MAX_ORDER_LIMIT];
	struct per_cpu_pages pageset[HAT_MAX_CPUS];
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	/* the per-cpu vm_stat_diff[] of every CPU, summed: deltas not folded in yet */
	long vm_stat_diff[NR_VM_ZONE_STAT_ITEMS];
	/* model only: pages rmqueue_bulk() and free_pcppages_bulk() moved (a cost) */
	unsigned long pcp_moved;

	struct hat_zone_check check;
};

/* The running task, as far as the allocator looks at it. */
struct task_struct {
	unsigned int cpu;	/* smp_processor_id() */
	bool rt;		/* rt_task(current) */
	bool in_interrupt;
};

/*
 * What the checker saw when should_reclaim_retry()'s unreserve gave nothing
 * back (events.h unreserve_failed): the OOM decision that follows is judged
 * on what held then and still holds (invariants.c).  It travels with the
 * request across its stops, as last_alloc does; the model never reads it.
 */
struct unreserve_seen {
	bool valid;
	int reclaim_rounds;			/* the request's reclaim_rounds then */
	unsigned long h_inside[MAX_NR_ZONES];	/* free H pages unreserve could move */
};

/*
 * What the last __alloc_pages_nodemask() call did (for tests and reports):
 * struct hat_alloc_report (model.h); livelock is SLOWPATH_MAX_ROUNDS.
 */

struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct hat_geometry geom;
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;
	struct page *node_mem_map;
	unsigned char *pageblock_flags;	/* one migratetype per block (usemap) */
	unsigned long nr_pageblocks;
	bool mobility_disabled;		/* page_group_by_mobility_disabled */
	unsigned long min_free_kbytes;
	int watermark_scale_factor;
	int lowmem_reserve_ratio[MAX_NR_ZONES];

	struct hat_variant variant;
	struct reclaim_model reclaim;
	struct task_struct current_task;
	struct hat_alloc_report last_alloc;
	struct unreserve_seen unreserve_seen;	/* the checker's, beside last_alloc */
	unsigned long pgalloc, pgfree, nr_oom_kills;
};

extern struct pglist_data contig_page_data;
#define NODE_DATA(nid)		(&contig_page_data)
#define current			(&contig_page_data.current_task)
#define smp_processor_id()	(current->cpu)
#define rt_task(p)		((p)->rt)
#define in_interrupt()		(current->in_interrupt)

/* The run-time geometry, read like the kernel's compile-time constants. */
#define MAX_ORDER		(contig_page_data.geom.max_order)
#define pageblock_order		(contig_page_data.geom.pb_order)
#define pageblock_nr_pages	(1UL << pageblock_order)
#define nr_cpu_ids		(contig_page_data.geom.nr_cpus)
#define page_group_by_mobility_disabled \
	(contig_page_data.mobility_disabled)

#define PAGE_ALLOC_COSTLY_ORDER	3
#define MAX_RECLAIM_RETRIES	16

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - contig_page_data.node_mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return contig_page_data.node_mem_map + pfn;
}

/* pfn_valid(): inside the node's memmap. Holes have PG_reserved pages. */
static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < contig_page_data.node_spanned_pages;
}

static inline struct zone *page_zone(const struct page *page)
{
	return page->zone < 0 ? NULL : &contig_page_data.node_zones[page->zone];
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn &&
	       pfn < zone->zone_start_pfn + zone->spanned_pages;
}

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->populated;
}

static inline bool has_isolate_pageblock(const struct zone *zone)
{
	return zone->nr_isolate_pageblock != 0;
}

static inline bool PageBuddy(const struct page *page)
{
	return page->flags & PG_buddy;
}

static inline unsigned int page_order(const struct page *page)
{
	return page->private;
}

/* The zone's count of pages carrying @flag, for the full check. */
static inline unsigned long *page_flag_count(const struct page *page, unsigned int flag)
{
	struct hat_zone_check *check = &contig_page_data.node_zones[page->zone].check;

	return flag == PG_buddy ? &check->nr_buddy_flagged : &check->nr_pcp_flagged;
}

static inline void page_flag_set(struct page *page, unsigned int flag)
{
	if (!(page->flags & flag))
		(*page_flag_count(page, flag))++;
	page->flags |= flag;
}

static inline void page_flag_clear(struct page *page, unsigned int flag)
{
	if (page->flags & flag)
		(*page_flag_count(page, flag))--;
	page->flags &= ~flag;
}

static inline void set_page_order(struct page *page, unsigned int order)
{
	page->private = (unsigned char)order;
	page_flag_set(page, PG_buddy);
}

static inline void rmv_page_order(struct page *page)
{
	page_flag_clear(page, PG_buddy);
	page->private = 0;
}

static inline void set_pcppage_migratetype(struct page *page, int mt)
{
	page->index = (signed char)mt;
}

static inline int get_pcppage_migratetype(const struct page *page)
{
	return page->index;
}

static inline unsigned long zone_page_state(const struct zone *zone,
					    enum zone_stat_item item)
{
	long x = zone->vm_stat[item];

	return x < 0 ? 0 : (unsigned long)x;
}

/* zone_page_state_snapshot(): the counter with the per-cpu deltas added. */
static inline unsigned long zone_page_state_snapshot(const struct zone *zone,
						     enum zone_stat_item item)
{
	long x = zone->vm_stat[item] + zone->vm_stat_diff[item];

	return x < 0 ? 0 : (unsigned long)x;
}

static inline void __mod_zone_page_state(struct zone *zone,
					 enum zone_stat_item item, long delta)
{
	zone->vm_stat[item] += delta;
}

/* __mod_zone_freepage_state(): NR_FREE_PAGES, and the CMA counter for CMA. */
static inline void __mod_zone_freepage_state(struct zone *zone, long nr_pages,
					     int migratetype)
{
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
	if (is_migrate_cma(migratetype))
		__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, nr_pages);
}

static inline unsigned long min_wmark_pages(const struct zone *z)
{
	return z->watermark[WMARK_MIN];
}

static inline unsigned long low_wmark_pages(const struct zone *z)
{
	return z->watermark[WMARK_LOW];
}

static inline unsigned long high_wmark_pages(const struct zone *z)
{
	return z->watermark[WMARK_HIGH];
}

/* Zonelist walk: eligible zones from the highest allowed one down. */
#define for_each_zone_zonelist(zone, zidx, high_zoneidx)		\
	for ((zidx) = (int)(high_zoneidx); (zidx) >= 0; (zidx)--)	\
		if (((zone) = &contig_page_data.node_zones[(zidx)]),	\
		    !populated_zone(zone)) {} else

/* The names are the neutral ones (model.h). */
#define migratetype_names	hat_mt_names
#define zone_names		hat_zone_names

_Static_assert((int)MAX_NR_ZONES == (int)HAT_NR_ZONES && (int)MIGRATE_TYPES == (int)HAT_NR_MT &&
	       (int)MIGRATE_PCPTYPES == (int)HAT_NR_PCPTYPES &&
	       (int)MIGRATE_HIGHATOMIC == (int)HAT_MT_HIGHATOMIC &&
	       (int)MIGRATE_ISOLATE == (int)HAT_MT_ISOLATE &&
	       (int)ZONE_NORMAL == (int)HAT_ZONE_NORMAL,
	       "zones and migratetypes are the neutral numbers");

#endif /* HATRACE_MMZONE_H */
