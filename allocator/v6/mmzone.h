/* SPDX-License-Identifier: MIT */
/*
 * mmzone.h - the data model of the era-2 page allocator (v6.1 .. 2026):
 * include/linux/mmzone.h, include/linux/pageblock-flags.h and the parts of
 * include/linux/mm_types.h the allocator reads.
 *
 * One node, contig_page_data, as in era 1.  The geometry (pageblock_order,
 * NR_PAGE_ORDERS, HPAGE_PMD_ORDER, CPUs, zone spans) is chosen at run time
 * by node_init(); the macros below read it as the kernel reads its
 * compile-time constants.  Which commits are applied is the node's
 * variant (variant.h), read with v6_has().
 */
#ifndef HATRACE_V6_MMZONE_H
#define HATRACE_V6_MMZONE_H

#include <stdint.h>

#include "../kshim.h"
#include "reclaim_model.h"
#include "variant.h"

/* Hard limits on the run-time geometry (array sizes). */
#define HAT_MAX_ORDER_LIMIT	14	/* NR_PAGE_ORDERS: arm64 64K pages has 14 */
#define HAT_MAX_CPUS		64

/*
 * Migratetypes, CONFIG_CMA=y and CONFIG_MEMORY_ISOLATION=y.  The numbers
 * are the trace language's (0 U, 1 M, 2 R, 3 H, 4 CMA, 5 ISOLATE).  Since
 * the 2025 isolation rework (Zi Yan, "make page isolation a standalone
 * bit", version [U]) ISOLATE is no longer stored as a type but as the
 * PB_migrate_isolate bit; get_pageblock_migratetype() still reports it as
 * MIGRATE_ISOLATE, as the kernel does.  The model always keeps the bit
 * (the block's own type survives isolation); pageblock.c says why that is
 * the pre-rework behaviour too.
 */
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

#define is_migrate_cma(mt)		((mt) == MIGRATE_CMA)
#define is_migrate_isolate(mt)		((mt) == MIGRATE_ISOLATE)
#define is_migrate_highatomic(mt)	((mt) == MIGRATE_HIGHATOMIC)
#define is_migrate_movable(mt)		((mt) == MIGRATE_MOVABLE || is_migrate_cma(mt))

/* migratetype_is_mergeable() (v5.19, 1dd214b8f21c): U, M and R only. */
static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/* include/linux/pageblock-flags.h: bits of one block's word in the usemap. */
enum pageblock_bits {
	PB_migrate,			/* 3 bits of migratetype */
	PB_migrate_end = PB_migrate + 3 - 1,
	PB_compact_skip,
	PB_migrate_isolate,		/* the standalone isolation bit */
	NR_PAGEBLOCK_BITS
};

#define MIGRATETYPE_MASK		((1u << (PB_migrate_end + 1)) - 1)
#define PB_ISOLATE_BIT			(1u << PB_migrate_isolate)
#define MIGRATETYPE_AND_ISO_MASK	(MIGRATETYPE_MASK | PB_ISOLATE_BIT)

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
	WMARK_PROMO,
	NR_WMARK
};

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_FREE_PAGES_BLOCKS,	/* free pages in buddies >= pageblock_order (v6.15) */
	NR_FREE_CMA_PAGES,
	NR_VM_ZONE_STAT_ITEMS
};

/* enum zone_flags (the ones the allocator sets or reads). */
enum zone_flags {
	ZONE_BOOSTED_WATERMARK,	/* boost_watermark() ran, kswapd to wake */
	ZONE_BELOW_HIGH,	/* get_page_from_freelist()'s memo (v6.7 pcp tuning) */
	ZONE_RECLAIM_ACTIVE,	/* kswapd balances the node: an input (hatrace.kswapd_active) */
};

/*
 * Per-cpu lists: one per pcp migratetype for each order up to
 * PAGE_ALLOC_COSTLY_ORDER, plus NR_PCP_THP for the THP order: 1 list
 * since 5d0a661d808f (v5.19), 2 (movable, other) since bf14ed81f571
 * (v6.10, in 6.1.y too).
 * The number in use is pcp_nr_lists(); arrays have room for 2.
 */
#define PAGE_ALLOC_COSTLY_ORDER	3
#define NR_PCP_THP_MAX		2
#define NR_LOWORDER_PCP_LISTS	(MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS		(NR_LOWORDER_PCP_LISTS + NR_PCP_THP_MAX)

/* pcp->flags (v6.7) */
#define PCPF_PREV_FREE_HIGH_ORDER	(1u << 0)
#define PCPF_FREE_HIGH_BATCH		(1u << 1)
#define CONFIG_PCP_BATCH_SCALE_MAX	5
#define BOOT_PAGESET_HIGH		0
#define BOOT_PAGESET_BATCH		1

/* Page flags of the model (include/linux/page-flags.h subset). */
#define PG_buddy	0x1u	/* head of a free buddy: private = order */
#define PG_pcp		0x2u	/* on a per-cpu list: private = order */
#define PG_reserved	0x4u	/* outside every zone (hole): never freed */
/* an allocated page prep_move_freepages_block() counts as movable
 * (PageLRU() || page_has_movable_ops()): set by whoever allocates it */
#define PG_movable	0x8u

struct page {
	struct list_head lru;	/* buddy_list / pcp_list */
	unsigned int owner;	/* harness handle of the allocation + 1, 0 = none */
	unsigned char flags;	/* PG_* */
	unsigned char private;	/* buddy order (set_buddy_order), pcp order */
	/* set_pcppage_migratetype(): the type cached while on a pcp list,
	 * before 17edeb5d3f76 (v6.10) removed the cache */
	signed char index;
	signed char zone;	/* enum zone_type, -1 in holes */
	/* model only: the free list a buddy is on (the kernel would have to
	 * walk the lists to know; before v6.10 it may differ from the block) */
	signed char list_mt;
};

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;
};

struct per_cpu_pages {
	spinlock_t lock;	/* pcp_spin_trylock() fails while it is held */
	int count;		/* pages on the lists */
	int high;		/* drain above this */
	int high_min;		/* v6.7 auto-tuning bounds */
	int high_max;
	int batch;		/* chunk size for buddy add/remove */
	unsigned char flags;	/* PCPF_* */
	unsigned char alloc_factor;	/* v6.7: batch scaling on allocation */
	short free_count;	/* v6.7: consecutive frees (was free_factor) */
	short free_factor;	/* v6.1: batch scaling on free */
	struct list_head lists[NR_PCP_LISTS];
};

struct zone {
	spinlock_t lock;
	struct pglist_data *zone_pgdat;
	const char *name;
	enum zone_type idx;
	bool populated;
	unsigned long flags;	/* enum zone_flags bits */

	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	long lowmem_reserve[MAX_NR_ZONES];
	unsigned long nr_reserved_highatomic;
	unsigned long nr_free_highatomic;	/* c928807f6f6b (v6.12) */

	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	int nr_isolate_pageblock;
	/* model only: pages flagged PG_buddy / PG_pcp (page_flag_set/clear):
	 * the oracle's full check scans every page only when it met fewer */
	unsigned long nr_buddy_flagged, nr_pcp_flagged;

	/* zone_set_pageset_high_and_batch(): what every CPU's pcp is sized to */
	int pageset_high_min;
	int pageset_high_max;
	int pageset_batch;

	struct free_area free_area[HAT_MAX_ORDER_LIMIT];
	struct per_cpu_pages per_cpu_pageset[HAT_MAX_CPUS];
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	/* the per-cpu vm_stat_diff[] of every CPU, summed: not folded in yet */
	long vm_stat_diff[NR_VM_ZONE_STAT_ITEMS];
	/* model only: pages rmqueue_bulk() and free_pcppages_bulk() moved (a cost) */
	unsigned long pcp_moved;
};

/* The running task, as far as the allocator looks at it. */
struct task_struct {
	unsigned int cpu;	/* smp_processor_id() */
	bool rt;		/* rt_or_dl_task(current) */
	bool in_interrupt;
	/* pcp_spin_trylock() fails: the pcp is held by the context this one
	 * interrupted (an IRQ free, the T1 trigger), or by a remote drain */
	bool pcp_trylock_fails;
};

/*
 * What the checker saw when the request's forced unreserve gave nothing
 * back (DEC_UNRESERVE_FAILED): its OOM decision is judged on what held
 * then and still holds (oracle_oom.c).  It travels with the request's
 * report across its stops; the core never reads it.
 */
struct unreserve_seen {
	bool valid;
	int reclaim_rounds;	/* the request's reclaim_rounds then */
	uint8_t wmark;		/* zones where I6-wmark's test held, bit per zone */
	unsigned long h_movable[MAX_NR_ZONES];	/* free H pages unreserve could move */
};

/* What the last __alloc_pages() call did (for tests, reports, the checker). */
struct alloc_report {
	bool slowpath;
	bool oom;		/* __alloc_pages_may_oom reached out_of_memory() */
	bool oom_skipped;	/* OOM path taken but the kill was not allowed */
	int oom_no_kill;	/* out_of_memory() returned without a kill (no __GFP_FS) */
	int no_progress_loops;	/* value when the slow path ended */
	int reclaim_rounds;
	int unreserve_calls;	/* unreserve_highatomic_pageblock() calls */
	int unreserved;		/* ... of which moved a block */
	int retries;
	int nofragment_drops;	/* defrag_mode: ALLOC_NOFRAGMENT dropped */
	bool livelock;		/* stopped after SLOWPATH_MAX_ROUNDS reclaim rounds */
	/* the alloc_flags of the get_page_from_freelist() that served it */
	unsigned int alloc_flags;
	struct unreserve_seen unreserve_seen;
};

/* Architectures whose geometry node_geometry_preset() knows. */
enum v6_arch {
	ARCH_X86_64,		/* 4K pages: pageblock_order 9, MAX_PAGE_ORDER 10 */
	ARCH_S390,		/* 4K pages, 1M segments: 8, 10 */
	ARCH_ARM64_64K,		/* 64K pages, 512M PMD: 13, 13 */
	NR_V6_ARCHES
};

struct node_geometry {
	unsigned int pb_order;		/* pageblock_order */
	unsigned int nr_page_orders;	/* NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1 */
	unsigned int hpage_pmd_order;	/* HPAGE_PMD_ORDER (the THP pcp order) */
	bool thp;			/* CONFIG_TRANSPARENT_HUGEPAGE */
	unsigned int nr_cpus;
	/* [start_pfn, end_pfn) per zone; end <= start means not populated */
	unsigned long zone_start_pfn[MAX_NR_ZONES];
	unsigned long zone_end_pfn[MAX_NR_ZONES];
	/* boot-reserved pages per zone (managed = present - reserved) */
	unsigned long reserved_pages[MAX_NR_ZONES];
	unsigned long min_free_kbytes;	/* 0: computed as the kernel does */
	unsigned int watermark_scale_factor;	/* 0: the default, 10 */
	/* vm.percpu_pagelist_high_fraction (0: sized from the low watermark) */
	unsigned int percpu_pagelist_high_fraction;
	unsigned long page_size_kb;	/* 4, or 64 */
};

struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct node_geometry geom;
	uint64_t patches;		/* the variant: bit n = enum v6_patch n */
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;
	struct page *node_mem_map;
	unsigned char *pageblock_flags;	/* one byte per block (usemap) */
	unsigned long nr_pageblocks;
	bool mobility_disabled;		/* page_group_by_mobility_disabled */
	bool defrag_mode;		/* vm.defrag_mode (e3aa7df331bc) */
	unsigned long min_free_kbytes;
	int watermark_scale_factor;
	int watermark_boost_factor;	/* 15000 */
	int percpu_pagelist_high_fraction;
	int lowmem_reserve_ratio[MAX_NR_ZONES];

	struct reclaim_model reclaim;
	struct task_struct current_task;
	struct alloc_report last_alloc;
	unsigned long pgalloc, pgfree, nr_oom_kills;
	/* orders a __rmqueue_claim() that claimed nothing (any
	 * __rmqueue_fallback() before v6.15) looked at: the cost "speed up
	 * fallbacks in rmqueue_bulk()" cut (T11) */
	unsigned long claim_scans;
	/* ... in the costliest rmqueue_bulk() call since the oracle last looked */
	unsigned long bulk_claim_scans;
	/* the replay's hint: the kernel's pfn for this allocation (alloc_hint.c) */
	bool has_alloc_hint;
	unsigned long alloc_hint;
	/* CPUs whose pcp_spin_trylock() fails (bit per CPU): set_current() copies it */
	uint64_t pcp_trylock_fails;
	/* the kernel's *_ONCE warnings: whether each has printed (events.h) */
	uint32_t warned_once;
};

extern struct pglist_data contig_page_data;
_Static_assert((int)MAX_NR_ZONES == (int)HAT_NR_ZONES,
	       "the reclaim model (reclaim_model.h) has a slot per zone");
#define NODE_DATA(nid)		(&contig_page_data)
#define current			(&contig_page_data.current_task)
#define smp_processor_id()	(current->cpu)
#define rt_or_dl_task(p)	((p)->rt)
#define in_interrupt()		(current->in_interrupt)

static inline bool v6_has(enum v6_patch p)
{
	return contig_page_data.patches & (UINT64_C(1) << p);
}

/* pcp_spin_trylock() / pcp_spin_unlock() (v6.0, 4b23a68f9536) */
static inline bool pcp_spin_trylock(struct per_cpu_pages *pcp)
{
	if (current->pcp_trylock_fails)
		return false;
	spin_lock(&pcp->lock);
	return true;
}

static inline void pcp_spin_unlock(struct per_cpu_pages *pcp)
{
	spin_unlock(&pcp->lock);
}

static inline struct per_cpu_pages *this_cpu_pcp(struct zone *zone)
{
	return &zone->per_cpu_pageset[smp_processor_id()];
}

/* The CPU a pcp of @zone belongs to. */
static inline unsigned int pcp_cpu(const struct zone *zone, const struct per_cpu_pages *pcp)
{
	return (unsigned int)(pcp - zone->per_cpu_pageset);
}

/* The run-time geometry, read like the kernel's compile-time constants. */
#define NR_PAGE_ORDERS		(contig_page_data.geom.nr_page_orders)
#define MAX_PAGE_ORDER		(NR_PAGE_ORDERS - 1)
#define pageblock_order		(contig_page_data.geom.pb_order)
#define pageblock_nr_pages	(1UL << pageblock_order)
#define HPAGE_PMD_ORDER		(contig_page_data.geom.hpage_pmd_order)
#define nr_cpu_ids		(contig_page_data.geom.nr_cpus)
#define page_group_by_mobility_disabled \
	(contig_page_data.mobility_disabled)
#define MAX_RECLAIM_RETRIES	16

#define pageblock_start_pfn(pfn)	((pfn) & ~(pageblock_nr_pages - 1))
#define pageblock_end_pfn(pfn)		(pageblock_start_pfn(pfn) + pageblock_nr_pages)
#define pageblock_aligned(pfn)		(((pfn) & (pageblock_nr_pages - 1)) == 0)

/* NR_PCP_THP: 2 with the two-lists commit, 1 before; 0 without THP. */
static inline unsigned int pcp_nr_thp_lists(void)
{
	if (!contig_page_data.geom.thp)
		return 0;
	return v6_has(V6_BF14ED81F571) ? 2 : 1;
}

static inline unsigned int pcp_nr_lists(void)
{
	return NR_LOWORDER_PCP_LISTS + pcp_nr_thp_lists();
}

/* pcp_allowed_order(): orders 0..3, and the THP order with THP. */
static inline bool pcp_allowed_order(unsigned int order)
{
	if (order <= PAGE_ALLOC_COSTLY_ORDER)
		return true;
	return contig_page_data.geom.thp && order == HPAGE_PMD_ORDER;
}

/*
 * order_to_pindex(): MIGRATE_PCPTYPES * order + mt for the low orders;
 * the THP order's list(s) after them (movable second when there are two).
 */
static inline unsigned int order_to_pindex(int migratetype, unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER) {
		VM_BUG_ON(!pcp_allowed_order(order));
		if (pcp_nr_thp_lists() == 2)
			return NR_LOWORDER_PCP_LISTS + (migratetype == MIGRATE_MOVABLE);
		return NR_LOWORDER_PCP_LISTS;
	}
	return (unsigned int)(MIGRATE_PCPTYPES * (int)order + migratetype);
}

/* pindex_to_order() */
static inline unsigned int pindex_to_order(unsigned int pindex)
{
	if (pindex >= NR_LOWORDER_PCP_LISTS)
		return HPAGE_PMD_ORDER;
	return pindex / MIGRATE_PCPTYPES;
}

/*
 * FLATMEM's memmap (include/asm-generic/memory_model.h); pfn_valid():
 * inside the node's memmap, holes included (their pages are PG_reserved).
 */
#define page_to_pfn(page)	((unsigned long)((page) - contig_page_data.node_mem_map))
#define pfn_to_page(pfn)	(contig_page_data.node_mem_map + (pfn))
#define pfn_valid(pfn)		((pfn) < contig_page_data.node_spanned_pages)

/* page_zone(): NULL for a hole's page */
static inline struct zone *page_zone(const struct page *page)
{
	if (page->zone < 0)
		return NULL;
	return contig_page_data.node_zones + page->zone;
}

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return pfn >= zone->zone_start_pfn && pfn < zone_end_pfn(zone);
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->populated;
}

static inline unsigned long zone_managed_pages(const struct zone *zone)
{
	return zone->managed_pages;
}

static inline bool has_isolate_pageblock(const struct zone *zone)
{
	return zone->nr_isolate_pageblock != 0;
}

static inline bool PageBuddy(const struct page *page)
{
	return page->flags & PG_buddy;
}

static inline unsigned int buddy_order(const struct page *page)
{
	return page->private;
}

/* The zone's count of pages carrying @flag (PG_buddy or PG_pcp), for the full check. */
static inline unsigned long *page_flag_count(const struct page *page, unsigned int flag)
{
	struct zone *zone = &contig_page_data.node_zones[page->zone];

	return flag == PG_buddy ? &zone->nr_buddy_flagged : &zone->nr_pcp_flagged;
}

static inline void page_flag_set(struct page *page, unsigned int flag)
{
	if (!(page->flags & flag))
		(*page_flag_count(page, flag))++;
	page->flags |= (unsigned char)flag;
}

static inline void page_flag_clear(struct page *page, unsigned int flag)
{
	if (page->flags & flag)
		(*page_flag_count(page, flag))--;
	page->flags &= (unsigned char)~flag;
}

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = (unsigned char)order;
	page_flag_set(page, PG_buddy);
}

static inline void __ClearPageBuddy(struct page *page)
{
	page_flag_clear(page, PG_buddy);
	page->private = 0;
}

/* set_pcppage_migratetype() / get_pcppage_migratetype(): before v6.10 */
#define set_pcppage_migratetype(page, mt)	((page)->index = (signed char)(mt))
#define get_pcppage_migratetype(page)		((int)(page)->index)

/* A vmstat counter reads as 0 while per-cpu deltas hold it below. */
static inline unsigned long vmstat_read(long x)
{
	return x > 0 ? (unsigned long)x : 0;
}

#define zone_page_state(zone, item)	vmstat_read((zone)->vm_stat[item])
/* zone_page_state_snapshot(): the counter with the per-cpu deltas added. */
#define zone_page_state_snapshot(zone, item) \
	vmstat_read((zone)->vm_stat[item] + (zone)->vm_stat_diff[item])

/* The watermarks include the boost (mmzone.h's *_wmark_pages()). */
static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks w)
{
	return z->_watermark[w] + z->watermark_boost;
}

#define min_wmark_pages(z)	wmark_pages(z, WMARK_MIN)
#define low_wmark_pages(z)	wmark_pages(z, WMARK_LOW)
#define high_wmark_pages(z)	wmark_pages(z, WMARK_HIGH)

static inline bool zone_test_flag(const struct zone *z, enum zone_flags f)
{
	return z->flags & (1UL << f);
}

static inline void zone_set_flag(struct zone *z, enum zone_flags f)
{
	z->flags |= 1UL << f;
}

static inline void zone_clear_flag(struct zone *z, enum zone_flags f)
{
	z->flags &= ~(1UL << f);
}

#define for_each_populated_zone(zone)						\
	for ((zone) = contig_page_data.node_zones;				\
	     (zone) < contig_page_data.node_zones + MAX_NR_ZONES; (zone)++)	\
		if (!populated_zone(zone)) {} else

/* Zonelist walk: eligible zones from the highest allowed one down. */
#define for_each_zone_zonelist(zone, zidx, highest_zoneidx)		\
	for ((zidx) = (int)(highest_zoneidx); (zidx) >= 0; (zidx)--)	\
		if (((zone) = &contig_page_data.node_zones[(zidx)]),	\
		    !populated_zone(zone)) {} else

extern const char *const migratetype_names[MIGRATE_TYPES];
extern const char *const zone_names[MAX_NR_ZONES];

#endif /* HATRACE_V6_MMZONE_H */
