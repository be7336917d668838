/* SPDX-License-Identifier: MIT */
/*
 * page_alloc.h - the era-2 core's functions, under the names of
 * mm/page_alloc.c (v6.1 .. v6.19, with the variant's switches),
 * mm/page_isolation.c and mm/internal.h.  Each .c file says which part of
 * the kernel it mirrors; each piece names the commit that shaped it.
 * Where a kernel function changed signature, the model keeps the newest
 * one and the older form is a switch inside it.
 */
#ifndef HATRACE_V6_PAGE_ALLOC_H
#define HATRACE_V6_PAGE_ALLOC_H

#include "gfp.h"
#include "mmzone.h"

/* fpi_t: the free path's flags (mm/page_alloc.c) */
typedef unsigned int fpi_t;
#define FPI_NONE		0u
#define FPI_SKIP_REPORT_NOTIFY	(1u << 0)
#define FPI_TO_TAIL		(1u << 1)
#define FPI_TRYLOCK		(1u << 2)	/* v6.15: free_pages_nolock() */

/* ---- node.c: geometry, memmap, sizing (free_area_init_core & co) ---- */

/* The geometry of @arch (see enum v6_arch), no zones, 2 CPUs, THP on. */
void node_geometry_preset(struct node_geometry *g, enum v6_arch arch);
/*
 * Build the node: memmap, zones, pageblock bits (all MOVABLE), watermarks,
 * lowmem_reserve, pcp high/batch, with the switches in @patches.  Every
 * page starts allocated (owner 0); the caller frees what should be free.
 * Returns 0, or -1 with a message in @err when the geometry is invalid.
 */
int node_init(const struct node_geometry *g, uint64_t patches, char *err, size_t errlen);
/* struct zone's per-cpu pagesets, by name (node_image.c restores those in use). */
#define NODE_IMAGE_ZONE_PCPS	per_cpu_pageset
/* Whether node_init()'s buffers are these and that large (node_image.c). */
bool node_buffers_hold(const struct page *memmap, const unsigned char *usemap,
		       unsigned long pages, unsigned long blocks);
/* Release the memmap (node_init() reuses it between nodes otherwise). */
void node_exit(void);
struct zone *pfn_zone(unsigned long pfn);
/* Run the next operations as @cpu, optionally as an RT task. */
void set_current(unsigned int cpu, bool rt);

/* calculate_min_free_kbytes() + setup_per_zone_wmarks() + lowmem reserve */
int init_per_zone_wmark_min(void);
void setup_per_zone_wmarks(void);
void setup_per_zone_lowmem_reserve(void);
void adjust_managed_page_count(struct zone *zone, long count);
/* zone_batchsize(), zone_highsize() (v5.14 .. v6.19) */
int zone_batchsize(const struct zone *zone);
int zone_highsize(const struct zone *zone, int batch, int cpu_online, int high_fraction);
/* pageset_update(): v6.1 sets high = high_min = high_max */
void pageset_update(struct per_cpu_pages *pcp, int high_min, int high_max, int batch);
void per_cpu_pages_init(struct per_cpu_pages *pcp);
void zone_set_pageset_high_and_batch(struct zone *zone, int cpu_online);
void zone_pcp_update(struct zone *zone, int cpu_online);
/* the vm.percpu_pagelist_high_fraction sysctl (0, or 8 and up) */
void percpu_pagelist_high_fraction_set(int fraction);

/* ---- pageblock.c: pageblock bits, moving a block's free pages ---- */

/* A block's byte as get_pageblock_migratetype() reports it: ISOLATE while the bit is set. */
static inline int pageblock_flags_migratetype(unsigned char flags)
{
	if (flags & PB_ISOLATE_BIT)
		return MIGRATE_ISOLATE;
	return flags & MIGRATETYPE_MASK;
}

/* Inline: every free-list change reads it (the type checks of e0932b6c1f94). */
static inline int get_pfnblock_migratetype(const struct page *page, unsigned long pfn)
{
	VM_BUG_ON(!page_zone(page) || !zone_spans_pfn(page_zone(page), pfn));
	return pageblock_flags_migratetype(contig_page_data.pageblock_flags[pfn >> pageblock_order]);
}

static inline int get_pageblock_migratetype(const struct page *page)
{
	return get_pfnblock_migratetype(page, page_to_pfn(page));
}
/* The block's type without the isolate bit (the type it goes back to). */
int get_pageblock_type_raw(const struct page *page);
#define set_pageblock_migratetype(page, mt) \
	__set_pageblock_migratetype(page, mt, __func__)
void __set_pageblock_migratetype(struct page *page, int migratetype, const char *caller);
bool get_pageblock_isolate(const struct page *page);
void set_pageblock_isolate(struct page *page);
void clear_pageblock_isolate(struct page *page);
/*
 * prep_move_freepages_block() (v6.10): the block's bounds, refused (false)
 * when they leave the zone; counts free and movable pages when asked.
 */
bool prep_move_freepages_block(struct zone *zone, struct page *page,
			       unsigned long *start_pfn, int *num_free, int *num_movable);
/* __move_freepages_block() (v6.10): the block's free pages, old to new list */
int __move_freepages_block(struct zone *zone, unsigned long start_pfn,
			   int old_mt, int new_mt);
/* move_freepages() (v6.1): [start, end] inclusive, any list to @migratetype */
int move_freepages(struct zone *zone, unsigned long start_pfn, unsigned long end_pfn,
		   int migratetype, int *num_movable);
/*
 * v6.1's move_freepages_block(zone, page, mt, num_movable), the form
 * before c0cd6f557b90: a block starting below the zone moves from @page
 * on, one ending past it moves nothing (0); the caller sets the type.
 */
int __move_freepages_block_v61(struct zone *zone, struct page *page, int migratetype,
			       int *num_movable);
/*
 * move_freepages_block(): moves every free buddy of @page's block from
 * @old_mt's lists to @new_mt's and retypes the block; returns the pages
 * moved, or -1 if the block straddles the zone.  Without c0cd6f557b90 it
 * is __move_freepages_block_v61(@new_mt): no retype, 0 when straddling.
 */
int move_freepages_block(struct zone *zone, struct page *page, int old_mt, int new_mt);
void change_pageblock_range(struct page *pageblock_page, int start_order, int migratetype);

/* ---- free_list.c: the lists and their accounting ---- */

/*
 * Inline (free_list.h): account_freepages() (e0932b6c1f94, v6.10;
 * nr_free_highatomic since c928807f6f6b: NR_FREE_PAGES unless isolated,
 * CMA and H counters), __mod_zone_page_state(), __add_to_free_list() and
 * __del_page_from_free_list() (list only, with the type warning of
 * v6.10), get_page_from_free_area(), free_area_empty().
 */
#include "free_list.h"
/* __mod_zone_freepage_state() (before v6.10): NR_FREE_PAGES and CMA */
void __mod_zone_freepage_state(struct zone *zone, long nr_pages, int migratetype);
/* add_to_free_list(): + account_freepages() (v6.10; v6.1: list only) */
void add_to_free_list(struct page *page, struct zone *zone, unsigned int order,
		      int migratetype, bool tail);
void del_page_from_free_list(struct page *page, struct zone *zone, unsigned int order,
			     int migratetype);
/* move_to_free_list(): checks @old_mt against the block (v6.10), accounts the move */
void move_to_free_list(struct page *page, struct zone *zone, unsigned int order,
		       int old_mt, int new_mt);

/* ---- free_page.c: the free side ---- */

/* page_is_buddy() / find_buddy_page_pfn() */
struct page *find_buddy_page_pfn(struct page *page, unsigned long pfn, unsigned int order,
				 unsigned long *buddy_pfn);
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, fpi_t fpi_flags);
/* split_large_buddy() (v6.10): free in pageblock chunks, each with its type */
void split_large_buddy(struct zone *zone, struct page *page, unsigned long pfn,
		       unsigned int order, fpi_t fpi);
/*
 * free_one_page(): takes zone->lock and frees; @migratetype is what the
 * caller read before the lock (v6.1), ignored after 55612e80e722, which
 * reads each block's type under the lock.
 */
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
		   unsigned int order, int migratetype, fpi_t fpi_flags);
/*
 * __free_pages_ok() in two steps, so that other CPUs can run in the
 * unlocked window between reading the block type and taking zone->lock
 * (a window 55612e80e722 closed).  prepare returns the type it read.
 */
int __free_pages_ok_prepare(struct page *page, unsigned int order);
void __free_pages_ok_commit(struct page *page, unsigned int order, int migratetype,
			    fpi_t fpi_flags);
void __free_pages_ok(struct page *page, unsigned int order, fpi_t fpi_flags);
/*
 * free_unref_page() (v6.1 .. v6.14; __free_frozen_pages() since): a pcp
 * order goes to this CPU's pcp list (H and CMA ride the MOVABLE list,
 * ISOLATE goes to the buddy); when pcp_spin_trylock() fails, straight to
 * the buddy with the type 7b086755fb8c fixed.  Other orders: __free_pages_ok.
 */
void free_unref_page(struct page *page, unsigned int order);
void free_unref_page_commit(struct zone *zone, struct per_cpu_pages *pcp,
			    struct page *page, int migratetype, unsigned int order);
/* nr_pcp_free() / nr_pcp_high(): the free batch and the current high */
int nr_pcp_free(struct per_cpu_pages *pcp, int batch, int high, bool free_high);
int nr_pcp_high(struct per_cpu_pages *pcp, struct zone *zone, int batch, bool free_high);
void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp,
			int pindex);
void drain_pages_zone(unsigned int cpu, struct zone *zone);
void drain_pages(unsigned int cpu);
void drain_all_pages(struct zone *zone);
/* __free_pages(): the entry point (free_the_page() picks the path) */
void __free_pages(struct page *page, unsigned int order);

/* ---- rmqueue.c: taking pages off the free lists ---- */

/* fallbacks[] (v6.1 had H/CMA rows of MIGRATE_TYPES; never read for them) */
extern const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1];

/*
 * The modes of __rmqueue() ("speed up fallbacks in rmqueue_bulk()",
 * v6.15): within one rmqueue_bulk() a failed mode is not retried.
 */
enum rmqueue_mode {
	RMQUEUE_NORMAL,
	RMQUEUE_CMA,
	RMQUEUE_CLAIM,
	RMQUEUE_STEAL,
};

/* expand(): halves onto free_list[@migratetype]; returns pages added (v6.10) */
unsigned int expand(struct zone *zone, struct page *page, unsigned int low,
		    unsigned int high, int migratetype);
void page_del_and_expand(struct zone *zone, struct page *page, unsigned int low,
			 unsigned int high, int migratetype);
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int migratetype);
struct page *__rmqueue_cma_fallback(struct zone *zone, unsigned int order);
/*
 * alloc_hint.c: the replay's hint, the buddy or pcp page the kernel's
 * allocation took.  Inline tests of the flag: without a hint (fuzzing,
 * replay) the hot paths pay one predicted branch, no call.
 */
void alloc_hint_set(unsigned long pfn);
struct page *hinted_buddy(struct zone *zone, unsigned int order, int migratetype);
void __pcp_hint_to_front(struct list_head *list, unsigned int order);

/* get_page_from_free_area() with the hint: the hinted buddy, else the list's first */
static inline struct page *get_hinted_page(struct zone *zone, unsigned int order,
					   int migratetype)
{
	if (unlikely(contig_page_data.has_alloc_hint)) {
		struct page *page = hinted_buddy(zone, order, migratetype);

		if (page)
			return page;
	}
	return get_page_from_free_area(&zone->free_area[order], migratetype);
}

/* The hinted page of @order first on the per-cpu @list, if it is there. */
static inline void pcp_hint_to_front(struct list_head *list, unsigned int order)
{
	if (unlikely(contig_page_data.has_alloc_hint))
		__pcp_hint_to_front(list, order);
}
/* boost_watermark() (v5.0): returns whether the zone was boosted */
bool boost_watermark(struct zone *zone);
/* should_try_claim_block() (v6.15; can_steal_fallback() before) */
bool should_try_claim_block(unsigned int order, int start_mt);
/*
 * find_suitable_fallback(): the first fallback type with a free page of
 * @order, -1 if none; with @claimable (v6.15), -2 when the claim is not
 * worth trying.  The pre-v6.15 form reports stealability in *@can_steal.
 */
int find_suitable_fallback(struct free_area *area, unsigned int order, int migratetype,
			   bool claimable, bool *can_steal);
/* try_to_claim_block() (v6.15): the whole block for @start_type, or NULL */
struct page *try_to_claim_block(struct zone *zone, struct page *page,
				unsigned int current_order, unsigned int order,
				int start_type, int block_type, unsigned int alloc_flags);
struct page *__rmqueue_claim(struct zone *zone, unsigned int order, int start_migratetype,
			     unsigned int alloc_flags);
struct page *__rmqueue_steal(struct zone *zone, unsigned int order, int start_migratetype);
/*
 * Before v6.15: steal_suitable_fallback() (v6.10 form: returns the page,
 * v6.1 form: moves to start_type's list and the caller retries) and
 * __rmqueue_fallback().
 */
struct page *steal_suitable_fallback(struct zone *zone, struct page *page,
				     unsigned int current_order, unsigned int order,
				     int start_type, unsigned int alloc_flags, bool whole_block);
struct page *__rmqueue_fallback(struct zone *zone, unsigned int order, int start_migratetype,
				unsigned int alloc_flags);
struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype,
		       unsigned int alloc_flags, enum rmqueue_mode *mode);
/* rmqueue_bulk(): @count buddies of @order onto @list; returns how many */
int rmqueue_bulk(struct zone *zone, unsigned int order, unsigned long count,
		 struct list_head *list, int migratetype, unsigned int alloc_flags);
int nr_pcp_alloc(struct per_cpu_pages *pcp, struct zone *zone, unsigned int order);
struct page *__rmqueue_pcplist(struct zone *zone, unsigned int order, int migratetype,
			       unsigned int alloc_flags, struct per_cpu_pages *pcp,
			       struct list_head *list);
struct page *rmqueue_pcplist(struct zone *preferred_zone, struct zone *zone,
			     unsigned int order, int migratetype, unsigned int alloc_flags);
struct page *rmqueue_buddy(struct zone *preferred_zone, struct zone *zone,
			   unsigned int order, unsigned int alloc_flags, int migratetype);
struct page *rmqueue(struct zone *preferred_zone, struct zone *zone, unsigned int order,
		     gfp_t gfp_flags, unsigned int alloc_flags, int migratetype);
/* prep_new_page(): the page is the caller's (model: owner set by the caller) */
void prep_new_page(struct page *page, unsigned int order, gfp_t gfp_flags,
		   unsigned int alloc_flags);

/* ---- watermark.c ---- */

long __zone_watermark_unusable_free(struct zone *z, unsigned int order,
				    unsigned int alloc_flags);
bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags, long free_pages);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);
bool zone_watermark_fast(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags, gfp_t gfp_mask);
/* kswapd's balance_pgdat() begins (@active) or is done: its flag, the boost taken back */
void kswapd_set_active(bool active);

/* ---- highatomic.c: the reserve ---- */

struct alloc_context {
	enum zone_type highest_zoneidx;
	int migratetype;
	int preferred_zoneidx;	/* ac->preferred_zoneref's zone */
};

/* reserve_highatomic_pageblock() (v6.19 argument order) */
void reserve_highatomic_pageblock(struct page *page, int order, struct zone *zone);
/* unreserve_highatomic_pageblock(): true if a block was moved */
bool unreserve_highatomic_pageblock(const struct alloc_context *ac, bool force);

/* ---- isolation.c: mm/page_isolation.c (isolation ops of the model table) ---- */

/* Isolate @page's block: 0, or -EBUSY (isolated already, unmovable pages). */
int set_migratetype_isolate(struct page *page);
/* Undo it; without the isolate bit the block becomes @migratetype. */
void unset_migratetype_isolate(struct page *page, int migratetype);
/* Take the free buddy @page of @order off its list, as compaction does (zone->lock held). */
bool __isolate_free_page(struct zone *zone, struct page *page, unsigned int order);

/* ---- slowpath.c: the allocation entry points ---- */

/*
 * The lock-drop points of __alloc_pages_slowpath() at which a stepped
 * request stops, as in era 1: zone->lock is not held, and what the request
 * has just done is there for other CPUs to see before its next look.
 */
enum slowpath_point {
	SP_RUNNING,		/* not stopped */
	SP_RECLAIM_DRAINED,	/* direct reclaim: unreserve and drain done, before its retry */
	SP_RETRY_UNRESERVED,	/* should_reclaim_retry: after its forced unreserve */
	SP_RETRY,		/* should_reclaim_retry said retry: the retry comes next */
	SP_NOFRAGMENT_DROPPED,	/* defrag_mode: ALLOC_NOFRAGMENT dropped, the retry next */
	SP_OOM,			/* after __alloc_pages_may_oom's out_of_memory() decision */
	SP_DONE,		/* the request has completed: rq->page, or failed */
	NR_SLOWPATH_POINTS
};

const char *slowpath_point_name(enum slowpath_point p);

/* One __alloc_pages() call as a request that can stop and resume. */
struct alloc_request {
	/* the call */
	unsigned int cpu;
	bool rt;
	gfp_t gfp_mask;
	unsigned int order;
	struct alloc_context ac;
	/* __alloc_pages_slowpath()'s locals, kept across stops */
	unsigned int alloc_flags;
	unsigned long did_some_progress;
	int no_progress_loops;
	int compaction_retries;
	bool nofragment_dropped;	/* defrag_mode's one retry taken */
	/* stopping */
	bool stop_at_points;
	enum slowpath_point point;
	bool unreserved;	/* SP_RETRY_UNRESERVED: what the unreserve returned */
	bool oom_killed;	/* SP_OOM: out_of_memory() killed */
	unsigned int stops;
	/* the result */
	struct page *page;
	struct alloc_report rep;
};

bool alloc_request_begin(struct alloc_request *rq, gfp_t gfp_mask, unsigned int order,
			 bool stepped);
bool alloc_request_resume(struct alloc_request *rq, bool stepped);

/* gfp_to_alloc_flags() (alloc_flags_slowpath() after the 2026 rename [U]) */
unsigned int gfp_to_alloc_flags(gfp_t gfp_mask, unsigned int order);
/* gfp_to_alloc_flags_nonblocking() (Kobryn v3, 2026): the fast path's H flag */
unsigned int gfp_to_alloc_flags_nonblocking(gfp_t gfp_mask, unsigned int order);
unsigned int gfp_to_alloc_flags_cma(gfp_t gfp_mask, unsigned int alloc_flags);
/* alloc_flags_nofragment(): ALLOC_NOFRAGMENT for ZONE_NORMAL, ALLOC_KSWAPD */
unsigned int alloc_flags_nofragment(struct zone *zone, gfp_t gfp_mask);
struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order,
				    unsigned int alloc_flags, const struct alloc_context *ac);
unsigned long zone_reclaimable_pages(const struct zone *zone);
unsigned long try_to_free_pages(gfp_t gfp_mask, unsigned int order);
/* Compaction is outside the model: it reports COMPACT_SKIPPED. */
struct page *__alloc_pages_direct_reclaim(gfp_t gfp_mask, unsigned int order,
					  unsigned int alloc_flags,
					  const struct alloc_context *ac,
					  unsigned long *did_some_progress,
					  struct alloc_request *rq);
bool should_reclaim_retry(gfp_t gfp_mask, unsigned int order,
			  const struct alloc_context *ac, unsigned int alloc_flags,
			  bool did_some_progress, int *no_progress_loops,
			  struct alloc_request *rq);
struct page *__alloc_pages_may_oom(gfp_t gfp_mask, unsigned int order,
				   const struct alloc_context *ac,
				   unsigned long *did_some_progress);
struct page *__alloc_pages_slowpath(struct alloc_request *rq);
struct page *__alloc_pages(gfp_t gfp_mask, unsigned int order);

#endif /* HATRACE_V6_PAGE_ALLOC_H */
