/* SPDX-License-Identifier: MIT */
/*
 * invariants.h - the invariant checker (spec §6).
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

enum hat_inv {
	INV_I1,			/* counter == pb x H blocks (+ tolerated drift) */
	INV_I2,			/* counter is a multiple of pageblock_nr_pages */
	INV_I2_UNDERFLOW,	/* a decrement found counter < pb (min() clamps it) */
	INV_I3,			/* counter beyond the cap at a reservation */
	INV_I3_BLOCKS,		/* real H blocks beyond the cap (counter too low) */
	INV_I4,			/* decrement without an H block leaving H (double decrement) */
	INV_I4_RETYPE,		/* H block retyped without a decrement (phantom reserve) */
	INV_I5,			/* increment without exactly one block becoming H */
	INV_I5_SPAN,		/* reserved a block the zone does not span fully (v1-4) */
	INV_I6,			/* OOM while an eligible zone has a free H buddy inside it */
	INV_I6_STRANDED,	/* OOM while free pages are stranded on an H list at the zone end */
	INV_I8,			/* free list structure, nr_free, missed merge */
	INV_I9,			/* NR_FREE_PAGES == pages on non-ISOLATE free lists */
	INV_I11,		/* pcp count == pages on the pcp lists */
	INV_I6_STALL,		/* livelock bound reached while a zone has free H pages */
	NR_HAT_INV
};

#define HAT_MAX_RECORDED	16

struct hat_violation {
	enum hat_inv id;
	const char *func;	/* kernel function in which it was detected */
	/*
	 * what tells causes of one id and function apart, a static string
	 * from a small fixed set, or NULL (the signature's third field,
	 * harness/signature.h): I6, I6-stranded the exit of the slow path
	 * (oom_exit_tag()), I6-stall why it looped, I4-retype the caller that
	 * retyped the block, I5-span the zone edge the block crosses
	 */
	const char *detail;
	int zone;		/* enum zone_type, -1 for none */
	unsigned long pfn;	/* pageblock start or page; ~0UL for none */
	long expected;
	long actual;
	char msg[192];
};

/* What the event observer sees (for per-pageblock history). */
enum hat_event_kind {
	HAT_EV_RETYPE,		/* a pageblock changed type */
	HAT_EV_INC,		/* nr_reserved_highatomic grew */
	HAT_EV_DEC,		/* nr_reserved_highatomic shrank */
	HAT_EV_STALE_FREE,	/* a free used a list type other than its block's */
};

struct hat_event {
	enum hat_event_kind kind;
	unsigned long block_pfn;
	int zone;		/* -1 for a retype (the block's bits are node-wide) */
	int old_mt, new_mt;	/* retype; stale free: block type, list type */
	unsigned long pfn;	/* stale free: the page */
	unsigned int order;	/* stale free */
	unsigned long counter;	/* inc/dec: the counter after the change */
	const char *func;
};

struct hat_checker {
	bool enabled;		/* cheap checks on events */
	unsigned int fired;	/* bit per enum hat_inv */
	unsigned long count;	/* all violations seen */
	unsigned int nr_recorded;
	struct hat_violation recorded[HAT_MAX_RECORDED];
	/* called for every violation (e.g. to abort a fuzz run); may be NULL */
	void (*on_violation)(const struct hat_violation *v, void *arg);
	void *arg;
	/* called for every retype to/from HIGHATOMIC and counter change; may be NULL */
	void (*on_event)(const struct hat_event *e, void *arg);
	void *event_arg;
};

extern struct hat_checker hat_checker;

const char *inv_name(enum hat_inv id);		/* "I1", "I4-retype", ... */
const char *inv_title(enum hat_inv id);		/* one line */
int inv_lookup(const char *name, size_t len);	/* inverse of inv_name, -1 if none */

void checker_reset(void);
static inline bool inv_fired(enum hat_inv id)
{
	return hat_checker.fired & (1u << id);
}

/* Report a violation (used by the allocator's hooks and the full checks). */
void report_violation(enum hat_inv id, const char *func, const struct zone *zone,
		      unsigned long pfn, long expected, long actual,
		      const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The same with the violation's detail (struct hat_violation). */
void report_violation_detail(enum hat_inv id, const char *func, const char *detail,
			     const struct zone *zone, unsigned long pfn, long expected,
			     long actual, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
void format_violation(const struct hat_violation *v, char *buf, size_t len);

/* ---- hooks called by the allocator ---- */

/* zone->lock released: check what the section did to the counter. */
void check_zone_section(void *zone);
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
static inline void note_stale_free(const struct page *page, unsigned int order,
				   int mt, int block_mt, const char *func)
{
	if (unlikely(hat_checker.on_event) && mt != block_mt) {
		struct hat_event e = {
			.kind = HAT_EV_STALE_FREE,
			.block_pfn = page_to_pfn(page) & ~(pageblock_nr_pages - 1),
			.zone = page->zone, .old_mt = block_mt, .new_mt = mt,
			.pfn = page_to_pfn(page), .order = order, .func = func,
		};

		hat_checker.on_event(&e, hat_checker.event_arg);
	}
}
void check_oom_decision(enum zone_type high_zoneidx, const char *func);
/* The slow path gives up at its livelock bound: the same look as at an OOM. */
void check_stall_decision(enum zone_type high_zoneidx, const char *func);

/* ---- on demand ---- */

/* I1/I2 on every zone, O(zones). Returns the number of new violations. */
unsigned long check_node_cheap(void);
/* Everything, walking all lists and the memmap. */
unsigned long check_node_full(void);

#endif /* HATRACE_INVARIANTS_H */
