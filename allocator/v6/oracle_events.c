// SPDX-License-Identifier: MIT
/*
 * oracle_events.c - the oracle's subscription to the core's events: the
 * shadows (free pages per list kind, H blocks per zone), the checks that
 * judge one event (W-freelist-type, H-list on an add, the kernel's
 * warnings), and what a zone->lock section did, for oracle_section.c.
 */
#include "oracle_int.h"

/* A buddy of @order came onto (@sign 1) or left (-1) free_list[@mt]. */
static void shadow_list(const struct zone *zone, unsigned int order, int mt, long sign)
{
	free_counts_add(&oracle_zone(zone)->free, order, mt, sign * (1L << order));
}

/*
 * VM_WARN_ONCE in __add_to_free_list(), __del_page_from_free_list() and
 * move_to_free_list() (e0932b6c1f94): the head's block must have the type
 * the caller names.  Judged from the pageblock bits, not from the event's
 * own block type.  Tolerance: before e0932b6c1f94 a list type other than
 * the block's is how v6.1 works (steal moves free pages, expand() follows
 * the request's type), so nothing is reported.
 */
static void check_list_type(const struct zone *zone, unsigned long pfn, unsigned int order,
			    int mt, const char *func)
{
	int block_mt = oracle_block_mt(pfn);

	if (block_mt == mt || !v6_has(V6_E0932B6C1F94) || !v6_oracle.enabled)
		return;
	oracle_report(V6_W_FREELIST_TYPE, func, NULL, zone, pfn, block_mt, mt,
		      "page type is %d, passed migratetype is %d (nr=%d)", block_mt, mt, 1 << order);
}

/*
 * H-list on an add: an H block's free page put on another list (T1: the
 * pcp trylock-fail free before 7b086755fb8c), or a page of a block that
 * is not H put on an H list (the stale pcp type of v6.1, T13).  Moves are
 * judged at the next full check: reserve and unreserve move before they
 * retype (v6.10).  Tolerance: before v6.10 a block straddling the zone
 * keeps its pages where they were when it is retyped.
 */
static void check_add_h(const struct zone *zone, unsigned long pfn, unsigned int order, int mt)
{
	int block_mt = oracle_block_mt(pfn);
	unsigned long block_pfn = pageblock_start_pfn(pfn);

	if (!v6_oracle.enabled || is_migrate_isolate(mt) || is_migrate_isolate(block_mt) ||
	    is_migrate_highatomic(mt) == is_migrate_highatomic(block_mt))
		return;
	if (!v6_has(V6_E0932B6C1F94) && !oracle_block_in_zone(zone, block_pfn))
		return;
	oracle_report(V6_H_LIST, "__add_to_free_list", NULL, zone, pfn, block_mt, mt,
		      "order-%u page of a %s block put on free_list[%s]", order,
		      migratetype_names[block_mt], migratetype_names[mt]);
}

/*
 * The add checks, for a page whose list is not its block's type: out of
 * line, so that the usual add (a pcp drain, a split) runs no call.
 */
static __attribute__((noinline)) void check_add_mismatch(const struct zone *zone,
							 unsigned long pfn, unsigned int order,
							 int list_mt)
{
	check_list_type(zone, pfn, order, list_mt, "__add_to_free_list");
	check_add_h(zone, pfn, order, list_mt);
}

static void ev_free_list_add(void *arg, const struct zone *zone, unsigned long pfn,
			     unsigned int order, int list_mt, int block_mt)
{
	(void)arg;
	(void)block_mt;
	shadow_list(zone, order, list_mt, 1);
	/* both checks pass when the list is the block's type */
	if (unlikely(oracle_block_mt(pfn) != list_mt))
		check_add_mismatch(zone, pfn, order, list_mt);
	/* expand(): the upper halves come back down to the order served */
	if (order < v6_oracle.alloc_order && pfn > v6_oracle.alloc_pfn &&
	    pfn - v6_oracle.alloc_pfn == 1UL << order)
		v6_oracle.alloc_order = order;
	else
		v6_oracle.pcp_pfn = ~0UL;	/* a drain or a free: no pcp page served */
}

static void ev_free_list_del(void *arg, const struct zone *zone, unsigned long pfn,
			     unsigned int order, int list_mt, int block_mt)
{
	(void)arg;
	(void)block_mt;
	shadow_list(zone, order, list_mt, -1);
	if (unlikely(oracle_block_mt(pfn) != list_mt))
		check_list_type(zone, pfn, order, list_mt, "__del_page_from_free_list");
	v6_oracle.alloc_pfn = pfn;
	v6_oracle.alloc_order = order;
}

static void ev_free_list_move(void *arg, const struct zone *zone, unsigned long pfn,
			      unsigned int order, int old_mt, int new_mt, int block_mt)
{
	(void)arg;
	(void)block_mt;
	shadow_list(zone, order, old_mt, -1);
	shadow_list(zone, order, new_mt, 1);
	check_list_type(zone, pfn, order, old_mt, "move_to_free_list");
}

static void ev_counter(void *arg, const struct zone *zone, enum v6_counter c, long delta,
		       const char *func)
{
	struct v6_oracle_zone *oz = oracle_zone(zone);

	(void)arg;
	if (c != CNT_NR_RESERVED_HIGHATOMIC || !zone->lock.locked)
		return;
	if (delta < 0)
		oz->sec_dec -= delta;
	else
		oz->sec_grow += delta;
	oz->sec_func = func;
}

/*
 * A block changed type.  The oracle keeps which blocks are H by their raw
 * type bits (an isolated H block stays H under the isolate bit).
 * Tolerance: isolation that writes ISOLATE as the type (before the
 * isolate-bit rework) takes an H block out without a decrement, and
 * putting it back restores it: the counter's baseline follows.
 */
static void ev_retype(void *arg, unsigned long block_pfn, int old_mt, int new_mt,
		      const char *func)
{
	unsigned long b = block_pfn >> pageblock_order;
	bool h = oracle_block_raw(block_pfn) == MIGRATE_HIGHATOMIC;
	bool isolation = is_migrate_isolate(old_mt) || is_migrate_isolate(new_mt);
	long dir = h ? 1 : -1;

	(void)arg;
	if (b >= v6_oracle.nr_blocks || v6_oracle.h_block[b] == h)
		return;
	v6_oracle.h_block[b] = h;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *zone = &contig_page_data.node_zones[i];
		struct v6_oracle_zone *oz = &v6_oracle.zone[i];

		if (!oracle_block_touches_zone(zone, block_pfn))
			continue;
		oz->h_touching += dir;
		oz->h_inside += oracle_block_in_zone(zone, block_pfn) ? dir : 0;
		if (isolation) {
			/* which zone counts a straddling block is unknown: not followed */
			if (oracle_block_in_zone(zone, block_pfn))
				oz->drift_reserved -= dir * (long)pageblock_nr_pages;
			continue;
		}
		if (!zone->lock.locked)
			continue;	/* set directly: the caller resyncs */
		oz->sec_pfn = block_pfn;
		oz->sec_func = func;
		if (h) {
			oz->sec_h_lo = min(oz->sec_h_lo, block_pfn);
			oz->sec_h_hi = max(oz->sec_h_hi, block_pfn + pageblock_nr_pages);
		} else {
			oz->sec_from_h++;
			oz->sec_from_h_func = func;
		}
	}
}

static void ev_pcp(void *arg, const struct zone *zone, unsigned int cpu, unsigned long pfn,
		   unsigned int order, unsigned int pindex, bool add)
{
	(void)arg;
	(void)zone;
	(void)cpu;
	(void)pindex;
	if (add) {
		/* rmqueue_bulk(): the page __rmqueue() just took */
		if (pfn == v6_oracle.alloc_pfn) {
			v6_oracle.pcp_refilled += 1UL << order;
			v6_oracle.alloc_pfn = ~0UL;
		}
		return;
	}
	v6_oracle.alloc_pfn = pfn;
	v6_oracle.alloc_order = order;
	v6_oracle.pcp_pfn = pfn;
}

/* The kernel's warnings that are checks of their own (W-freelist-type is judged above). */
static void ev_warn(void *arg, enum v6_warning w, unsigned long pfn, const long *args,
		    int nr_args, bool once)
{
	const struct zone *zone = pfn_valid(pfn) ? page_zone(pfn_to_page(pfn)) : NULL;

	(void)arg;
	(void)args;
	(void)nr_args;
	if (!v6_oracle.enabled)
		return;
	if (w == WARN_RESERVE_UNDERFLOW)
		oracle_report(V6_W_RESERVE_UNDERFLOW, "unreserve_highatomic_pageblock", NULL, zone,
			      pfn, 0, zone ? (long)zone->nr_reserved_highatomic : -1,
			      "WARN_ON_ONCE(size > zone->nr_reserved_highatomic)%s",
			      once ? "" : " (again)");
	else if (w == WARN_UNRESERVE_MOVE_FAILED)
		oracle_report(V6_W_UNRESERVE_MOVE, "unreserve_highatomic_pageblock", NULL, zone,
			      pfn, 0, -1, "move_freepages_block() returned -1: %s%s",
			      v6_warning_fmt[w], once ? "" : " (again)");
}

static void ev_unlock(void *arg, const struct zone *zone)
{
	(void)arg;
	oracle_section_close(&contig_page_data.node_zones[zone->idx]);
}

const struct v6_events oracle_events = {
	.free_list_add = ev_free_list_add,
	.free_list_del = ev_free_list_del,
	.free_list_move = ev_free_list_move,
	.counter = ev_counter,
	/* ev_counter() and the history's tee (model_v6.c) follow the reserve only */
	.counter_mask = 1u << CNT_NR_RESERVED_HIGHATOMIC,
	.retype = ev_retype,
	.pcp = ev_pcp,
	.decision = oracle_decision,
	.warn = ev_warn,
	.unlock = ev_unlock,
};
