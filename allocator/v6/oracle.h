/* SPDX-License-Identifier: MIT */
/*
 * oracle.h - the era-2 checker: the kernel's own warnings and the
 * invariants of the highatomic reserve, judged for the node's variant.
 *
 * The oracle subscribes to the core's events (events.h); the core never
 * calls it.  Cheap checks ride the events and close with each zone->lock
 * section (O(1) each, from shadows the events keep); the full checks walk
 * the free lists, the pcp lists and the pages.  What a variant's kernel
 * tolerates is not reported for that variant: each tolerance is named
 * where it is applied (oracle_*.c) and listed in v6_inv_desc[].
 *
 * Violation ids: this enum, until they move into the shared namespace of
 * allocator/violation.h (enum hat_inv): v6_inv_desc[].era1 names the
 * era-1 id of the same meaning, onto which those map; the rest are
 * appended, and oracle_report() becomes a call of hat_vreport().
 *
 * The driver: oracle_attach() after node_init(), oracle_resync() after
 * any state set directly, oracle_alloc_done() after each allocation,
 * oracle_check_cheap() / oracle_check_full() as the model table's checks.
 */
#ifndef HATRACE_V6_ORACLE_H
#define HATRACE_V6_ORACLE_H

#include <stdbool.h>
#include <stdint.h>

#include "mmzone.h"

enum v6_inv {
	/* what the kernel itself prints */
	V6_W_FREELIST_TYPE,	/* "page type is %d, passed migratetype is %d" */
	V6_W_RESERVE_UNDERFLOW,	/* WARN_ON_ONCE(size > nr_reserved_highatomic) */
	V6_W_UNRESERVE_MOVE,	/* WARN_ON_ONCE(ret == -1) in unreserve */
	/* the reserve */
	V6_I1,			/* counter == pageblock_nr_pages x H blocks */
	V6_H_CAP,		/* counter within the cap, one multi-block buddy past it */
	V6_H_CLAIM,		/* an H block left H without unreserve (claimed), or stolen */
	V6_H_LIST,		/* free pages of H blocks on H lists only, and the reverse */
	V6_H_FREE,		/* nr_free_highatomic == free pages on H lists */
	V6_H_GROW,		/* reserve grew while the zone had a free H buddy to serve */
	/* the free lists and the per-cpu lists */
	V6_I8,			/* free list structure, nr_free, missed merges */
	V6_I9,			/* NR_FREE_PAGES (and CMA, blocks) == free pages listed */
	V6_I11,			/* pcp count == pages on the pcp lists */
	/* slow-path decisions */
	V6_I6,			/* OOM while unreserve could free H pages */
	V6_I6_STRANDED,		/* OOM with H pages unreserve cannot move */
	V6_I6_STALL,		/* livelock bound with free H pages */
	V6_I6_NOPAGE,		/* a request entitled to H fails while a zone passing
				 * its watermark holds a free H buddy of its order */
	V6_LIVELOCK,		/* livelock bound reached with nothing making progress */
	V6_I6_WMARK,		/* OOM while a zone passes min counting free H only */
	/* one allocation, judged when it is done (oracle_alloc_done()) */
	V6_WMARK_FAST,		/* the fast path served a zone at or below its mark */
	V6_H_UNUSED,		/* a request the reserve is for served elsewhere */
	/* a cost, checked only when asked (claim_scan_guard) */
	V6_C_CLAIM_SCANS,	/* one pcp refill scanned the claim orders more than once */
	NR_V6_INV
};

_Static_assert(NR_V6_INV <= 32, "fired is a 32-bit mask");

struct v6_inv_desc {
	const char *name;	/* "W-freelist-type", "I1", ... */
	const char *title;	/* one line */
	const char *era1;	/* the era-1 id of the same meaning, or NULL */
};

extern const struct v6_inv_desc v6_inv_desc[NR_V6_INV];

const char *v6_inv_name(enum v6_inv id);
/* Inverse of v6_inv_name(), -1 if none. */
int v6_inv_lookup(const char *name);

#define V6_MAX_RECORDED	16

struct v6_violation {
	enum v6_inv id;
	const char *func;	/* kernel function in which it was detected */
	const char *detail;	/* what tells causes of one id apart, or NULL */
	int zone;		/* enum zone_type, -1 for none */
	unsigned long pfn;	/* pageblock start or page; ~0UL for none */
	long expected;
	long actual;
	char msg[192];
};

/* Free pages on a zone's lists, as the counters count them. */
struct v6_free_counts {
	long listed;		/* on non-ISOLATE lists: NR_FREE_PAGES */
	long h;			/* on H lists: nr_free_highatomic */
	long cma;		/* on CMA lists: NR_FREE_CMA_PAGES */
	long blocks;		/* buddies >= pageblock_order: NR_FREE_PAGES_BLOCKS */
};

/* What the oracle keeps per zone between events (its shadows). */
struct v6_oracle_zone {
	struct v6_free_counts free;	/* from the list events */
	/* H blocks (raw type H) wholly inside the zone, and touching it */
	long h_inside, h_touching;
	/* counters minus what they should be at the last resync (state set directly) */
	long drift_free, drift_h, drift_cma, drift_blocks, drift_reserved;
	long i1_reported;	/* I1: the last mismatch reported (no flood) */
	/* this zone->lock section */
	long sec_dec;		/* pages nr_reserved_highatomic lost */
	int sec_from_h;		/* blocks that left H (not by isolation) */
	const char *sec_from_h_func;
	const char *sec_func;	/* the last function that retyped or counted */
	unsigned long sec_pfn;	/* ... and its block */
	long sec_grow;		/* what the counter grew by */
	unsigned long sec_h_lo, sec_h_hi;	/* pfns of the blocks that became H */
};

struct v6_oracle {
	bool enabled;
	uint32_t fired;		/* bit per enum v6_inv */
	unsigned long count;	/* violations seen */
	unsigned int nr_recorded;
	struct v6_violation recorded[V6_MAX_RECORDED];
	/* called for every violation; may be NULL */
	void (*on_violation)(const struct v6_violation *v, void *arg);
	void *arg;

	struct v6_oracle_zone zone[MAX_NR_ZONES];
	uint8_t *h_block;	/* raw type H, one byte per pageblock */
	unsigned long nr_blocks;
	/* the last page handed out: its pfn and order (expand() narrows it) */
	unsigned long alloc_pfn;
	unsigned int alloc_order;
	unsigned long pcp_pfn;	/* the last page taken off a pcp list */
	unsigned long pcp_refilled;	/* pages gone from the buddy to a pcp list */
	bool claim_scan_guard;	/* judge C-claim-scans (hatrace.claim_scan_guard) */
};

extern struct v6_oracle v6_oracle;

static inline bool v6_inv_fired(enum v6_inv id)
{
	return v6_oracle.fired & (UINT32_C(1) << id);
}

/* Subscribe to the core's events over the node as it is (resets, resyncs). */
void oracle_attach(void);
void oracle_detach(void);
/* The oracle beside a node image (model_v6.c's boot images). */
struct v6_oracle_image {
	struct v6_oracle o;
	uint8_t *h_block;	/* a copy of o.nr_blocks bytes of o.h_block */
	unsigned long h_cap;
};

/* Copy the oracle into @img; -1 when out of memory. */
int oracle_image_save(struct v6_oracle_image *img);
/* The oracle as oracle_image_save() found it, subscribed to the events. */
void oracle_image_restore(const struct v6_oracle_image *img);
void oracle_image_free(struct v6_oracle_image *img);
/* Forget the violations seen (not the shadows). */
void oracle_reset(void);
/*
 * State was set directly (setup ops): take the shadows from the lists
 * again and what the counters say as the new baseline.
 */
void oracle_resync(void);

/* Counters against the shadows, every zone: O(zones).  Returns new violations. */
unsigned long oracle_check_cheap(void);
/* Everything, walking the free lists, the pcp lists and the zones' pages. */
unsigned long oracle_check_full(void);

/*
 * The driver (harness, test) tells the oracle an allocation completed:
 * @pfn (~0UL: failed) of @order for @gfp, and whether it took the slow
 * path.  Judges wmark-fast, H-unused, H-claim (stolen) and, with
 * claim_scan_guard, C-claim-scans; the core never
 * calls it.
 */
void oracle_alloc_done(unsigned int gfp, unsigned int order, unsigned long pfn, bool slowpath);

void oracle_report(enum v6_inv id, const char *func, const char *detail,
		   const struct zone *zone, unsigned long pfn, long expected, long actual,
		   const char *fmt, ...) __attribute__((format(printf, 8, 9)));
void oracle_format(const struct v6_violation *v, char *buf, size_t len);

#endif /* HATRACE_V6_ORACLE_H */
