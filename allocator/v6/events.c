// SPDX-License-Identifier: MIT
/*
 * events.c - the one subscriber of the core's events, and the kernel's
 * warnings as events (the *_ONCE forms remembered per node).
 */
#include "events.h"

struct v6_event_sink v6_event_sink;

const char *const v6_warning_fmt[NR_V6_WARNINGS] = {
	[WARN_FREELIST_TYPE] = "page type is %d, passed migratetype is %d (nr=%d)",
	[WARN_RESERVE_UNDERFLOW] = "WARN_ON_ONCE(size > zone->nr_reserved_highatomic)",
	[WARN_UNRESERVE_MOVE_FAILED] = "should not fail on zone boundaries",
	[WARN_SET_ISOLATE_TYPE] = "Use set_pageblock_isolate() for pageblock isolation",
	[WARN_UNISOLATE_TYPE] = "Use clear_pageblock_isolate() to unisolate pageblock",
};

const char *const v6_counter_names[NR_V6_COUNTERS] = {
	[CNT_NR_RESERVED_HIGHATOMIC] = "nr_reserved_highatomic",
	[CNT_NR_FREE_HIGHATOMIC] = "nr_free_highatomic",
	[CNT_NR_FREE_PAGES] = "NR_FREE_PAGES",
	[CNT_NR_FREE_CMA_PAGES] = "NR_FREE_CMA_PAGES",
	[CNT_NR_FREE_PAGES_BLOCKS] = "NR_FREE_PAGES_BLOCKS",
};

const char *const v6_decision_names[NR_V6_DECISIONS] = {
	[DEC_OOM_KILL] = "oom-kill",
	[DEC_OOM_NO_KILL] = "oom-no-kill",
	[DEC_OOM_SKIPPED] = "oom-skipped",
	[DEC_NOPAGE] = "nopage",
	[DEC_STALL] = "stall",
	[DEC_RETRY] = "retry",
	[DEC_UNRESERVE_FAILED] = "unreserve-failed",
};

void v6_events_subscribe(const struct v6_events *ops, void *arg)
{
	v6_event_sink.ops = ops;
	v6_event_sink.arg = arg;
}

void v6_warn(enum v6_warning w, unsigned long pfn, const long *args, int nr_args)
{
	uint32_t bit = UINT32_C(1) << w;
	bool once = !(contig_page_data.warned_once & bit);

	contig_page_data.warned_once |= bit;
	V6_EVENT(warn, w, pfn, args, nr_args, once);
}
