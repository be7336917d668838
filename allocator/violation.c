// SPDX-License-Identifier: MIT
/*
 * violation.c - the invariants' names and the recorder every core's
 * checker reports to.
 */
#include "violation.h"

#include <stdio.h>
#include <string.h>

#include "model.h"

struct hat_checker hat_checker = { .enabled = true };

static const struct {
	const char *name;
	const char *title;
} inv_desc[NR_HAT_INV] = {
	[INV_I1] = { "I1", "nr_reserved_highatomic == pageblock_nr_pages x HIGHATOMIC blocks" },
	[INV_I2] = { "I2", "nr_reserved_highatomic is a multiple of pageblock_nr_pages" },
	[INV_I2_UNDERFLOW] = { "I2-underflow", "decrement of a counter below one pageblock (clamped by min())" },
	[INV_I3] = { "I3", "counter within managed_pages/100 + pageblock_nr_pages (rounded up to blocks)" },
	[INV_I3_BLOCKS] = { "I3-blocks", "HighAtomic blocks within the cap (exceeded when the counter runs low)" },
	[INV_I4] = { "I4", "each decrement pairs with one block leaving HIGHATOMIC (double decrement)" },
	[INV_I4_RETYPE] = { "I4-retype", "a HIGHATOMIC block retyped without a decrement (phantom reserve)" },
	[INV_I5] = { "I5", "each increment pairs with one block becoming HIGHATOMIC" },
	[INV_I5_SPAN] = { "I5-span", "a reserved block lies fully inside its zone" },
	[INV_I6] = { "I6", "no OOM while an eligible zone holds a free HIGHATOMIC buddy that unreserve can move" },
	[INV_I6_STRANDED] = { "I6-stranded", "no OOM while free pages sit on an H list in a block crossing the zone end, unmovable by unreserve" },
	[INV_I8] = { "I8", "free lists: nr_free, buddy heads, alignment, zone span, eager merging" },
	[INV_I9] = { "I9", "NR_FREE_PAGES == pages on the non-ISOLATE free lists" },
	[INV_I11] = { "I11", "pcp count == pages on the pcp lists" },
	[INV_I6_STALL] = { "I6-stall", "no request gives up at the livelock bound while an eligible zone holds free HIGHATOMIC pages" },
	[INV_W_FREELIST_TYPE] = { "W-freelist-type", "the kernel's \"page type is %d, passed migratetype is %d\" (list type != block type, v6.10+)" },
	[INV_W_UNRESERVE_MOVE] = { "W-unreserve-move", "unreserve's move_freepages_block() failed on a zone boundary (WARN_ON_ONCE)" },
	[INV_H_CAP] = { "H-cap", "at a reservation, the counter within ALIGN(managed/100, pageblock), none below 100 blocks" },
	[INV_H_LIST] = { "H-list", "free pages of an H block on H lists only, and H lists hold H blocks' pages only" },
	[INV_H_FREE] = { "H-free", "nr_free_highatomic == free pages on the H lists" },
	[INV_H_GROW] = { "H-grow", "the reserve does not grow while an H list holds a free buddy the order fits" },
	[INV_I6_NOPAGE] = { "I6-nopage", "a request with reserve access does not fail while a zone passing its mark holds a free H buddy of its order" },
	[INV_LIVELOCK] = { "livelock", "the slow path ends within its bound unless reclaim or the OOM killer claims progress" },
	[INV_I6_WMARK] = { "I6-wmark", "no OOM while a zone passes its min watermark but for its free H pages" },
	[INV_WMARK_FAST] = { "wmark-fast", "the fast path serves a zone only above its mark, less the unusable reserve" },
	[INV_H_UNUSED] = { "H-unused", "a non-blocking __GFP_HIGH order > 0 request is served from a fitting reserve buddy" },
	[INV_C_CLAIM_SCANS] = { "C-claim-scans", "one rmqueue_bulk() call scans the claim orders at most once (a cost, checked when a trace asks)" },
};

const char *inv_name(enum hat_inv id)
{
	return (unsigned int)id < NR_HAT_INV ? inv_desc[id].name : "?";
}

const char *inv_title(enum hat_inv id)
{
	return (unsigned int)id < NR_HAT_INV ? inv_desc[id].title : "?";
}

int inv_lookup(const char *name, size_t len)
{
	for (int i = 0; i < NR_HAT_INV; i++)
		if (strlen(inv_desc[i].name) == len && !strncmp(inv_desc[i].name, name, len))
			return i;
	return -1;
}

void checker_reset(void)
{
	hat_checker.fired = 0;
	hat_checker.count = 0;
	hat_checker.nr_recorded = 0;
}

void hat_vreport(enum hat_inv id, const char *func, const char *detail, int zone,
		 unsigned long pfn, long expected, long actual, const char *fmt, va_list ap)
{
	struct hat_violation v = {
		.id = id, .func = func, .detail = detail, .zone = zone,
		.pfn = pfn, .expected = expected, .actual = actual,
	};

	vsnprintf(v.msg, sizeof(v.msg), fmt, ap);
	hat_checker.fired |= HAT_INV_BIT(id);
	hat_checker.count++;
	if (hat_checker.nr_recorded < HAT_MAX_RECORDED)
		hat_checker.recorded[hat_checker.nr_recorded++] = v;
	if (hat_checker.on_violation)
		hat_checker.on_violation(&v, hat_checker.arg);
}

void format_violation(const struct hat_violation *v, char *buf, size_t len)
{
	char where[64] = "";

	if (v->zone >= 0 && v->pfn != ~0UL)
		snprintf(where, sizeof(where), "zone %s pfn %lu", hat_zone_names[v->zone], v->pfn);
	else if (v->zone >= 0)
		snprintf(where, sizeof(where), "zone %s", hat_zone_names[v->zone]);
	snprintf(buf, len, "%s in %s: %s: expected %ld, actual %ld: %s",
		 inv_name(v->id), v->func, where, v->expected, v->actual, v->msg);
}
