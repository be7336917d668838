/* SPDX-License-Identifier: MIT */
/*
 * invariants.h - the invariant checker of the v4.8 core (spec §6); the
 * ids and the recorder are violation.h's.
 *
 * Cheap checks run inside the allocator as events happen (each change of
 * nr_reserved_highatomic, each pageblock changing to or from HIGHATOMIC,
 * each OOM decision) and cost O(1), except the OOM check which walks the
 * eligible zones' HIGHATOMIC lists.  Full structural checks (free lists,
 * nr_free, NR_FREE_PAGES, pcp counts, alignment, missed merges) walk the
 * node and run on demand: check_node_full().
 *
 * Every violation carries a stable identifier, the zone, the pfn of the
 * pageblock or page, expected and actual values and the kernel function
 * in which it was detected.  What the kernel deliberately tolerates
 * (spec §6 "Tolerated") is not reported.
 */
#ifndef HATRACE_INVARIANTS_H
#define HATRACE_INVARIANTS_H

#include "mmzone.h"
#include "violation.h"

/* Report a violation (used by the allocator's hooks and the full checks). */
void report_violation(enum hat_inv id, const char *func, const struct zone *zone,
		      unsigned long pfn, long expected, long actual,
		      const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The same with the violation's detail (struct hat_violation). */
void report_violation_detail(enum hat_inv id, const char *func, const char *detail,
			     const struct zone *zone, unsigned long pfn, long expected,
			     long actual, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/*
 * The checker subscribes to the model's events (events.h): the handlers
 * below, which its unit tests also call directly.  The model never calls
 * them by name.
 */
void checker_subscribe(void);

/* ---- the event handlers ---- */

/* zone->lock released: check what the section did to the counter. */
void check_zone_section(struct zone *zone);
void note_highatomic_inc(struct zone *zone, struct page *page, const char *func);
void note_highatomic_dec(struct zone *zone, struct page *page, unsigned long before,
			 const char *func);
void note_pageblock_retype(unsigned long block_pfn, int old_mt, int new_mt,
			   const char *caller);
void note_counter_set(struct zone *zone);	/* state set directly: re-baseline */
/* NR_FREE_PAGES lost @nr_pages the lists still hold (tolerated, not the reserve's) */
void note_free_drift(struct zone *zone, long nr_pages);
/*
 * A page goes back to the buddy lists with @mt while its block reads
 * otherwise: the stale pcp type or the unlocked __free_pages_ok read
 * (mm_page_pcpu_drain with migratetype=3 of a block no longer H is the
 * spec's §3.2 race signature).  Only reported to the event observer.
 */
void note_stale_free(const struct page *page, unsigned int order, int mt, int block_mt,
		     const char *func);
/* should_reclaim_retry()'s unreserve gave nothing back: note what it left. */
void note_unreserve_failed(enum zone_type high_zoneidx);
/* After such an unreserve, I6 judges what held then and still holds. */
void check_oom_decision(enum zone_type high_zoneidx, const char *func);
/* The slow path gives up at its livelock bound: the same look as at an OOM. */
void check_stall_decision(enum zone_type high_zoneidx, const char *func);

/* ---- on demand ---- */

/* I1/I2 on every zone, O(zones). Returns the number of new violations. */
unsigned long check_node_cheap(void);
/* Everything, walking all lists and the memmap. */
unsigned long check_node_full(void);

#endif /* HATRACE_INVARIANTS_H */
