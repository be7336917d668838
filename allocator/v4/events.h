/* SPDX-License-Identifier: MIT */
/*
 * events.h - what the v4.8 model tells an observer as it runs: counter
 * changes of nr_reserved_highatomic, pageblock retypes, a zone->lock
 * section closing, state set directly, OOM and stall decisions.  The model
 * calls through model_events and never names its subscriber; the invariant
 * checker (invariants.c) subscribes, and reads the model's state for its
 * checks.  No subscriber (NULL): the model runs unobserved.
 */
#ifndef HATRACE_EVENTS_H
#define HATRACE_EVENTS_H

#include "mmzone.h"

struct model_events {
	/* nr_reserved_highatomic grew by a block, for the block of @page */
	void (*highatomic_inc)(struct zone *zone, struct page *page, const char *func);
	/* it shrank, from @before, for the block of @page */
	void (*highatomic_dec)(struct zone *zone, struct page *page, unsigned long before,
			       const char *func);
	/* the block at @block_pfn changed type, by @caller */
	void (*pageblock_retype)(unsigned long block_pfn, int old_mt, int new_mt,
				 const char *caller);
	/* zone->lock released: the end of a section */
	void (*zone_unlocked)(struct zone *zone);
	/* the counter or the block types were set directly: re-baseline */
	void (*counter_set)(struct zone *zone);
	/* NR_FREE_PAGES lost @nr_pages the lists still hold (tolerated) */
	void (*free_drift)(struct zone *zone, long nr_pages);
	/*
	 * a page goes back to the buddy lists with @mt while its block reads
	 * @block_mt (the stale pcp type, or the unlocked __free_pages_ok read)
	 */
	void (*stale_free)(const struct page *page, unsigned int order, int mt, int block_mt,
			   const char *func);
	/*
	 * should_reclaim_retry()'s unreserve gave nothing back: an OOM decision
	 * may follow, with other CPUs' ops in between if the request is stepped
	 */
	void (*unreserve_failed)(enum zone_type high_zoneidx);
	/* the slow path decides to OOM, or gives up at its livelock bound */
	void (*oom_decision)(enum zone_type high_zoneidx, const char *func);
	void (*stall_decision)(enum zone_type high_zoneidx, const char *func);
};

/* The subscriber (invariants.c's checker_subscribe()), or NULL. */
extern const struct model_events *model_events;

/* Tell the subscriber, if any: model_event(pageblock_retype, pfn, old, new, caller). */
#define model_event(ev, ...)						\
	do {								\
		if (model_events)					\
			model_events->ev(__VA_ARGS__);			\
	} while (0)

#endif /* HATRACE_EVENTS_H */
