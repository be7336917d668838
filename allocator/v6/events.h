/* SPDX-License-Identifier: MIT */
/*
 * events.h - what the era-2 core tells the outside world as it runs.
 *
 * The model calls only through this table; it never calls a checker
 * function by name.  The checker (allocator/v6/oracle.c, later) subscribes
 * with v6_events_subscribe() and reads the model state in its full checks.
 * Every callback is optional.  Events carry pfns, never struct page *.
 */
#ifndef HATRACE_V6_EVENTS_H
#define HATRACE_V6_EVENTS_H

#include <stdint.h>

#include "mmzone.h"

/* The counters a counter event names. */
enum v6_counter {
	CNT_NR_RESERVED_HIGHATOMIC,	/* zone->nr_reserved_highatomic */
	CNT_NR_FREE_HIGHATOMIC,		/* zone->nr_free_highatomic */
	CNT_NR_FREE_PAGES,		/* vm_stat[NR_FREE_PAGES] */
	CNT_NR_FREE_CMA_PAGES,
	CNT_NR_FREE_PAGES_BLOCKS,
	NR_V6_COUNTERS
};

/* Slow-path decisions the checker's I6 family judges. */
enum v6_decision {
	DEC_OOM_KILL,		/* __alloc_pages_may_oom: out_of_memory() killed */
	DEC_OOM_NO_KILL,	/* out_of_memory() returned false (no __GFP_FS...) */
	DEC_OOM_SKIPPED,	/* may_oom returned without calling out_of_memory() */
	DEC_NOPAGE,		/* the slow path failed the request */
	DEC_STALL,		/* SLOWPATH_MAX_ROUNDS reached: livelock */
	DEC_RETRY,		/* should_reclaim_retry() said retry */
	DEC_UNRESERVE_FAILED,	/* its "Before OOM, exhaust highatomic_reserve"
				 * (the forced unreserve) gave nothing back */
	NR_V6_DECISIONS
};

/*
 * The warnings the kernel itself prints.  @args of the warn event are the
 * printf arguments of the kernel's message, in order.
 */
enum v6_warning {
	/* VM_WARN_ONCE in __add_to_free_list / move_to_free_list /
	 * __del_page_from_free_list (e0932b6c1f94):
	 * "page type is %d, passed migratetype is %d (nr=%d)" */
	WARN_FREELIST_TYPE,
	/* WARN_ON_ONCE(size > zone->nr_reserved_highatomic) in unreserve
	 * (Jackman 2025); no arguments */
	WARN_RESERVE_UNDERFLOW,
	/* WARN_ON_ONCE(ret == -1) after move_freepages_block() in unreserve:
	 * "should not fail on zone boundaries"; no arguments */
	WARN_UNRESERVE_MOVE_FAILED,
	/* set_pageblock_migratetype(MIGRATE_ISOLATE) after the isolate-bit
	 * rework: "Use set_pageblock_isolate() for pageblock isolation" */
	WARN_SET_ISOLATE_TYPE,
	/* set_pageblock_migratetype() on an isolated block (same rework):
	 * "Use clear_pageblock_isolate() to unisolate pageblock" */
	WARN_UNISOLATE_TYPE,
	NR_V6_WARNINGS
};

extern const char *const v6_warning_fmt[NR_V6_WARNINGS];
extern const char *const v6_counter_names[NR_V6_COUNTERS];
extern const char *const v6_decision_names[NR_V6_DECISIONS];

struct v6_events {
	/* a buddy of @order at @pfn put on free_list[@list_mt]; the block's type is @block_mt */
	void (*free_list_add)(void *arg, const struct zone *zone, unsigned long pfn,
			      unsigned int order, int list_mt, int block_mt);
	/* ... taken off free_list[@list_mt] */
	void (*free_list_del)(void *arg, const struct zone *zone, unsigned long pfn,
			      unsigned int order, int list_mt, int block_mt);
	/* ... moved from free_list[@old_mt] to free_list[@new_mt] */
	void (*free_list_move)(void *arg, const struct zone *zone, unsigned long pfn,
			       unsigned int order, int old_mt, int new_mt, int block_mt);
	/* account_freepages(zone, @nr_pages, @mt), or the pre-v6.10
	 * __mod_zone_freepage_state() / __mod_zone_page_state() */
	void (*account)(void *arg, const struct zone *zone, long nr_pages, int mt);
	/* a counter changed by @delta (after the change) in @func */
	void (*counter)(void *arg, const struct zone *zone, enum v6_counter c, long delta,
			const char *func);
	/* the counters @counter is called for, a bit per enum v6_counter (0:
	 * every one): NR_FREE_PAGES changes several times per page a pcp
	 * drain or refill moves */
	uint32_t counter_mask;
	/* the pageblock at @block_pfn changed type (isolation included) */
	void (*retype)(void *arg, unsigned long block_pfn, int old_mt, int new_mt,
		       const char *func);
	/* a page of @order at @pfn put on (@add) or taken off a pcp list */
	void (*pcp)(void *arg, const struct zone *zone, unsigned int cpu, unsigned long pfn,
		    unsigned int order, unsigned int pindex, bool add);
	/* a slow-path decision for the request of @order, @gfp */
	void (*decision)(void *arg, enum v6_decision d, unsigned int order, unsigned int gfp,
			 unsigned int alloc_flags);
	/* a kernel warning; @once: the *_ONCE form would print it (first time) */
	void (*warn)(void *arg, enum v6_warning w, unsigned long pfn, const long *args,
		     int nr_args, bool once);
	/* zone->lock released: the checker's end-of-section hook */
	void (*unlock)(void *arg, const struct zone *zone);
};

struct v6_event_sink {
	const struct v6_events *ops;
	void *arg;
};

extern struct v6_event_sink v6_event_sink;

/* Subscribe (NULL: nobody listens).  One subscriber at a time. */
void v6_events_subscribe(const struct v6_events *ops, void *arg);

#define V6_EVENT(name, ...)						\
	do {								\
		const struct v6_events *ops__ = v6_event_sink.ops;	\
		if (ops__ && ops__->name)				\
			ops__->name(v6_event_sink.arg, __VA_ARGS__);	\
	} while (0)

/* A counter event, for the subscriber that wants counter @c. */
#define V6_COUNTER_EVENT(zone, c, delta, func)					\
	do {									\
		const struct v6_events *ops__ = v6_event_sink.ops;		\
		if (ops__ && ops__->counter &&					\
		    (!ops__->counter_mask || (ops__->counter_mask & (1u << (c)))))	\
			ops__->counter(v6_event_sink.arg, zone, c, delta, func);	\
	} while (0)

/* A kernel warning: emitted every time, @once only for the first of its kind. */
void v6_warn(enum v6_warning w, unsigned long pfn, const long *args, int nr_args);

#endif /* HATRACE_V6_EVENTS_H */
