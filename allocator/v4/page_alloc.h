/* SPDX-License-Identifier: MIT */
/*
 * page_alloc.h - the allocator model's functions, under the names of
 * mm/page_alloc.c (v4.8/v4.9) and mm/page_isolation.c.  Each .c file says
 * which part of the kernel it mirrors.
 */
#ifndef HATRACE_PAGE_ALLOC_H
#define HATRACE_PAGE_ALLOC_H

#include "gfp.h"
#include "mmzone.h"

/* ---- node.c: geometry, memmap, sizing (free_area_init_core & co) ---- */

/*
 * Build the node: memmap, zones, pageblock bits (all MOVABLE), watermarks,
 * lowmem_reserve, pcp batch/high.  Every page starts allocated (owner 0);
 * the caller frees what should be free (or uses node_free_range()).
 * Returns 0, or -1 with a message in @err when the geometry is invalid.
 */
int node_init(const struct hat_geometry *g, const struct hat_variant *v,
	      char *err, size_t errlen);
/* struct zone's per-cpu pagesets, by name (node_image.c restores those in use). */
#define NODE_IMAGE_ZONE_PCPS	pageset
/* Whether node_init()'s buffers are these and that large (node_image.c). */
bool node_buffers_hold(const struct page *memmap, const unsigned char *usemap,
		       unsigned long pages, unsigned long blocks);
/* Release the memmap (node_init() reuses it between nodes otherwise). */
void node_exit(void);
/* Free [start, end) into the buddy allocator, as memblock_free_all would. */
void node_free_range(unsigned long start_pfn, unsigned long end_pfn);

unsigned long zone_batchsize(const struct zone *zone);
void pageset_set_batch(struct per_cpu_pages *pcp, unsigned long batch);
void pageset_set_high(struct per_cpu_pages *pcp, unsigned long high);
void zone_pcp_update(struct zone *zone);
void setup_per_zone_wmarks(void);
void setup_per_zone_lowmem_reserve(void);
void init_per_zone_wmark_min(void);
void adjust_managed_page_count(struct zone *zone, long count);
struct zone *pfn_zone(unsigned long pfn);

/* ---- pageblock.c: pageblock bits and moving free pages between lists ---- */

int get_pageblock_migratetype(const struct page *page);
#define set_pageblock_migratetype(page, mt) \
	__set_pageblock_migratetype(page, mt, __func__)
void __set_pageblock_migratetype(struct page *page, int migratetype,
				 const char *caller);
int move_freepages(struct zone *zone, struct page *start_page,
		   struct page *end_page, int migratetype);
int move_freepages_block(struct zone *zone, struct page *page, int migratetype);
void change_pageblock_range(struct page *pageblock_page, int start_order,
			    int migratetype);

/* ---- free_page.c: the free side ---- */

void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype);
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
		   unsigned int order, int migratetype);
/*
 * __free_pages_ok() in two steps so that another CPU can run in the
 * unlocked window between reading the block type and taking zone->lock
 * (spec §1.9, the order>0 form of the v1-2 race).
 */
int __free_pages_ok_prepare(struct page *page, unsigned int order);
void __free_pages_ok_commit(struct page *page, unsigned int order, int migratetype);
void __free_pages_ok(struct page *page, unsigned int order);
void free_hot_cold_page(struct page *page, bool cold);
void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp);
void drain_pages_zone(unsigned int cpu, struct zone *zone);
void drain_pages(unsigned int cpu);
void drain_all_pages(struct zone *zone);
void __free_pages(struct page *page, unsigned int order);

/* ---- rmqueue.c: taking pages off the free lists ---- */

extern const int fallbacks[MIGRATE_TYPES][4];
void expand(struct zone *zone, struct page *page, unsigned int low,
	    unsigned int high, struct free_area *area, int migratetype);
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order,
				int migratetype);
bool can_steal_fallback(unsigned int order, int start_mt);
int find_suitable_fallback(struct free_area *area, unsigned int order,
			   int migratetype, bool only_stealable, bool *can_steal);
void steal_suitable_fallback(struct zone *zone, struct page *page, int start_type);
struct page *__rmqueue_fallback(struct zone *zone, unsigned int order,
				int start_migratetype);
struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype);
int rmqueue_bulk(struct zone *zone, unsigned int order, unsigned long count,
		 struct list_head *list, int migratetype, bool cold);
struct page *buffered_rmqueue(struct zone *preferred_zone, struct zone *zone,
			      unsigned int order, gfp_t gfp_flags,
			      unsigned int alloc_flags, int migratetype);

/* ---- watermark.c ---- */

bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int classzone_idx, unsigned int alloc_flags, long free_pages);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int classzone_idx, unsigned int alloc_flags);
bool zone_watermark_fast(struct zone *z, unsigned int order, unsigned long mark,
			 int classzone_idx, unsigned int alloc_flags);

/* ---- highatomic.c: the reserve (spec §2.10, §2.11, §3) ---- */

void reserve_highatomic_pageblock(struct page *page, struct zone *zone,
				  unsigned int order);

struct alloc_context {
	enum zone_type high_zoneidx;
	int migratetype;
	int classzone_idx;	/* ac_classzone_idx(): the preferred zone */
};

/*
 * One entry point for every form of unreserve_highatomic_pageblock():
 * the variant picks the form (spec §2.11 (a), (b), (c), (e)).  @force is
 * the 29fac03bef72 flag; @no_progress_loops is the v1-3 argument.
 * Returns what the chosen form returns: pages of the heads found for v1-3,
 * 1/0 for 29fac03bef72, pages moved for 04c8716f7b00 and for the void
 * baseline (whose callers ignore it).  Without 29fac03bef72 @force is
 * ignored: the form the variant has is the form that runs.
 */
unsigned long unreserve_highatomic_pageblock(const struct alloc_context *ac,
					     bool force, int no_progress_loops);
/* v1-1's helper: retype an H block only if more than one block is counted. */
void dec_highatomic_pageblock(struct zone *zone, struct page *page, int new_mt);
/* The reserve cap of 4.x: managed/100 + pageblock_nr_pages. */
unsigned long highatomic_max_managed(const struct zone *zone);

/* ---- isolation.c ---- */

int __isolate_free_page(struct page *page, unsigned int order);
int set_migratetype_isolate(struct page *page);
void unset_migratetype_isolate(struct page *page, int migratetype);

/* ---- slowpath.c: the allocation entry points ---- */

/*
 * The lock-drop points of __alloc_pages_slowpath() at which a stepped
 * request stops (spec §10.7): zone->lock is not held, and what the request
 * has just done (an unreserve, a drain, an OOM decision) is there for other
 * CPUs to see, or take, before its next look at the free lists.
 */
enum slowpath_point {
	SP_RUNNING,		/* not stopped */
	SP_RECLAIM_DRAINED,	/* direct reclaim: unreserve and drain done, before its retry */
	SP_RETRY_UNRESERVED,	/* should_reclaim_retry: after its unreserve */
	SP_RETRY,		/* should_reclaim_retry said retry: the retry comes next */
	SP_OOM,			/* after __alloc_pages_may_oom's out_of_memory() decision */
	SP_DONE,		/* the request has completed: rq->page, or failed */
	NR_SLOWPATH_POINTS
};

/* "reclaim-drained", "retry-unreserved", "retry", "oom", ... */
const char *slowpath_point_name(enum slowpath_point p);

/*
 * One __alloc_pages_nodemask() call as a request that can stop at the slow
 * path's lock-drop points and resume later, with other CPUs' operations in
 * between: the call's arguments and task, __alloc_pages_slowpath()'s locals,
 * where it stopped, and the result.
 */
struct alloc_request {
	/* the call */
	unsigned int cpu;
	bool rt;
	gfp_t gfp_mask;		/* as the slow path adjusted it */
	unsigned int order;
	struct alloc_context ac;
	/* __alloc_pages_slowpath()'s locals, kept across stops */
	unsigned int alloc_flags;
	unsigned long did_some_progress;
	int no_progress_loops;
	/* stopping */
	bool stop_at_points;	/* stop at the next point (else run to the end) */
	enum slowpath_point point;
	bool unreserve_then_check;	/* SP_RETRY_UNRESERVED: v1-3's, the zone check follows */
	unsigned long unreserved;	/* SP_RETRY_UNRESERVED: what the unreserve returned */
	bool oom_killed;		/* SP_OOM: out_of_memory() killed */
	unsigned int stops;
	/* the result */
	struct page *page;
	struct hat_alloc_report rep;	/* last_alloc while it runs */
	struct unreserve_seen seen;	/* unreserve_seen while it runs */
};

/*
 * Start a request as current (set_current()): __alloc_pages_nodemask()'s
 * fast path and the slow path, up to the first lock-drop point if
 * @stepped, else to the end.  alloc_request_resume() runs it again as its
 * own CPU and task (current is the caller's again after it), to the next
 * point (@stepped) or to the end.  Run to
 * the end, a request fails at an OOM kill, as __alloc_pages_nodemask()
 * does; a stepped one stops after the kill and its next step retries, as
 * the kernel does (did_some_progress = 1).  Both return true once the
 * request is done (rq->point SP_DONE); contig_page_data.last_alloc is then
 * its report, as after __alloc_pages_nodemask().
 */
bool alloc_request_begin(struct alloc_request *rq, gfp_t gfp_mask, unsigned int order,
			 bool stepped);
bool alloc_request_resume(struct alloc_request *rq, bool stepped);

unsigned int gfp_to_alloc_flags(gfp_t gfp_mask);
struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order,
				    unsigned int alloc_flags,
				    const struct alloc_context *ac);
unsigned long zone_reclaimable_pages(const struct zone *zone);
unsigned long try_to_free_pages(gfp_t gfp_mask, unsigned int order);
/*
 * The slow path's steps.  @rq is the request they belong to, which may
 * stop in them (rq->point set, the result then meaningless) and resumes
 * there when called again; NULL runs them through.
 */
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
struct page *__alloc_pages_nodemask(gfp_t gfp_mask, unsigned int order);

/* ---- state_hash.c ---- */

/* A hash of the node: free lists in list order, pcp lists, block types, counters. */
uint64_t node_state_hash(void);

/* Run the next operations as @cpu, optionally as an RT task. */
void set_current(unsigned int cpu, bool rt);

#endif /* HATRACE_PAGE_ALLOC_H */
