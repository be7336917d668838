/* SPDX-License-Identifier: MIT */
/*
 * violation.h - the invariant ids of every era and the one recorder of
 * violations (spec §6), outside the cores: a core's checker reports through
 * hat_report(), the harness reads struct hat_checker.
 *
 * Every violation carries a stable identifier, the zone, the pfn of the
 * pageblock or page, expected and actual values and the kernel function
 * in which it was detected.  Ids are one namespace for both eras: era 1's
 * come first, in their historical order (the binary format and the golden
 * files carry them as bits); later eras append theirs.
 */
#ifndef HATRACE_VIOLATION_H
#define HATRACE_VIOLATION_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
	/* era 2 (allocator/v6/oracle.h; the ids of the same meaning are era 1's above) */
	INV_W_FREELIST_TYPE,	/* "page type is %d, passed migratetype is %d" */
	INV_W_UNRESERVE_MOVE,	/* unreserve's move failed on a zone boundary */
	INV_H_CAP,		/* counter past the cap at a reservation */
	INV_H_LIST,		/* free pages of H blocks on H lists only, and the reverse */
	INV_H_FREE,		/* nr_free_highatomic == free pages on H lists */
	INV_H_GROW,		/* reserve grew while an H buddy could serve */
	INV_I6_NOPAGE,		/* a request entitled to H fails beside a free H buddy */
	INV_LIVELOCK,		/* livelock bound reached, nothing making progress */
	INV_I6_WMARK,		/* OOM while a zone passes min but for its free H pages */
	INV_WMARK_FAST,		/* the fast path served a zone at or below its mark */
	INV_H_UNUSED,		/* a request the reserve is for served elsewhere */
	INV_C_CLAIM_SCANS,	/* one pcp refill scanned the claim orders more than once */
	NR_HAT_INV
};

/* A set of invariants: bit per enum hat_inv. */
typedef uint64_t hat_invset;
#define HAT_INV_BIT(id)		((hat_invset)1 << (id))
_Static_assert(NR_HAT_INV <= 64, "a hat_invset holds every invariant");

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
	int zone;		/* zone index, -1 for none */
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
	hat_invset fired;
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
	return hat_checker.fired & HAT_INV_BIT(id);
}

/* Record a violation of @id in zone index @zone (-1: none): what a core's checker calls. */
void hat_vreport(enum hat_inv id, const char *func, const char *detail, int zone,
		 unsigned long pfn, long expected, long actual, const char *fmt, va_list ap)
	__attribute__((format(printf, 8, 0)));
void format_violation(const struct hat_violation *v, char *buf, size_t len);

#endif /* HATRACE_VIOLATION_H */
