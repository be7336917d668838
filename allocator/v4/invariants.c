// SPDX-License-Identifier: MIT
/*
 * invariants.c - the invariant checker (spec §6).  Cheap checks ride the
 * allocator's events: each pageblock retype to or from HIGHATOMIC keeps a
 * per-zone count of H blocks, each counter change is noted, and when the
 * zone->lock section closes the changes must pair up (I4, I5) and the
 * counter must equal pageblock_nr_pages x H blocks (I1).  Full checks walk
 * every list and the memmap (I8, I9, I11).
 */
#include "invariants.h"
#include "events.h"
#include "page_alloc.h"

#include <stdarg.h>
#include <string.h>

void report_violation(enum hat_inv id, const char *func, const struct zone *zone,
		      unsigned long pfn, long expected, long actual,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hat_vreport(id, func, NULL, zone ? (int)zone->idx : -1, pfn, expected, actual, fmt, ap);
	va_end(ap);
}

void report_violation_detail(enum hat_inv id, const char *func, const char *detail,
			     const struct zone *zone, unsigned long pfn, long expected,
			     long actual, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hat_vreport(id, func, detail, zone ? (int)zone->idx : -1, pfn, expected, actual, fmt, ap);
	va_end(ap);
}

/* ---- event hooks ---- */

static long i1_delta(const struct zone *zone)
{
	return (long)zone->nr_reserved_highatomic -
	       (long)(pageblock_nr_pages * zone->check.nr_highatomic_blocks) -
	       zone->check.drift;
}

/* I1, reported once per new mismatch so a drift does not flood the log. */
static void check_i1(struct zone *zone, const char *func)
{
	long delta = i1_delta(zone);

	if (delta == zone->check.i1_reported)
		return;
	zone->check.i1_reported = delta;
	if (!delta)
		return;
	report_violation(INV_I1, func, zone, ~0UL,
			 (long)(pageblock_nr_pages * zone->check.nr_highatomic_blocks) +
			 zone->check.drift,
			 (long)zone->nr_reserved_highatomic,
			 "%lu HighAtomic blocks counted as %lu pages",
			 zone->check.nr_highatomic_blocks, zone->nr_reserved_highatomic);
}

static void check_i2(struct zone *zone, const char *func)
{
	if (zone->nr_reserved_highatomic % pageblock_nr_pages)
		report_violation(INV_I2, func, zone, ~0UL, 0,
				 (long)(zone->nr_reserved_highatomic % pageblock_nr_pages),
				 "counter %lu is not a multiple of %lu",
				 zone->nr_reserved_highatomic, pageblock_nr_pages);
}

static void emit_counter_event(enum hat_event_kind kind, const struct zone *zone,
			       unsigned long block_pfn, const char *func)
{
	struct hat_event e = {
		.kind = kind, .block_pfn = block_pfn, .zone = (int)zone->idx,
		.counter = zone->nr_reserved_highatomic, .func = func,
	};

	hat_checker.on_event(&e, hat_checker.event_arg);
}

static bool block_in_zone(const struct zone *zone, unsigned long block_pfn)
{
	return zone_spans_pfn(zone, block_pfn) &&
	       zone_spans_pfn(zone, block_pfn + pageblock_nr_pages - 1);
}

/* Which edge of @zone the block at @block_pfn crosses: the I5-span detail. */
static const char *zone_edge_crossed(const struct zone *zone, unsigned long block_pfn)
{
	bool start = !zone_spans_pfn(zone, block_pfn);
	bool end = !zone_spans_pfn(zone, block_pfn + pageblock_nr_pages - 1);

	return start && end ? "zone-start-end" : start ? "zone-start" : end ? "zone-end" : NULL;
}

static bool block_touches_zone(const struct zone *zone, unsigned long block_pfn)
{
	return populated_zone(zone) && block_pfn < zone_end_pfn(zone) &&
	       block_pfn + pageblock_nr_pages > zone->zone_start_pfn;
}

/* A block changed type.  Tolerated: isolation moving H blocks (spec §2.16). */
void note_pageblock_retype(unsigned long block_pfn, int old_mt, int new_mt,
			   const char *caller)
{
	bool tolerated;
	int dir;

	if (old_mt == new_mt)
		return;
	if (new_mt == MIGRATE_HIGHATOMIC)
		dir = 1;
	else if (old_mt == MIGRATE_HIGHATOMIC)
		dir = -1;
	else
		return;
	/* (after the returns: libFuzzer intercepts strcmp, at a cost) */
	tolerated = !strcmp(caller, "set_migratetype_isolate") ||
		    !strcmp(caller, "unset_migratetype_isolate");
	if (hat_checker.on_event) {
		struct hat_event e = {
			.kind = HAT_EV_RETYPE, .block_pfn = block_pfn, .zone = -1,
			.old_mt = old_mt, .new_mt = new_mt, .func = caller,
		};

		hat_checker.on_event(&e, hat_checker.event_arg);
	}

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &contig_page_data.node_zones[i];
		struct hat_zone_check *c = &zone->check;

		if (!block_touches_zone(zone, block_pfn))
			continue;
		if (dir > 0)
			c->nr_highatomic_blocks++;
		else
			c->nr_highatomic_blocks--;
		if (tolerated) {
			c->drift -= dir * (long)pageblock_nr_pages;
			c->i1_reported = i1_delta(zone);
			continue;
		}
		if (!zone->lock.locked)
			continue;	/* another zone's section, or set up directly */
		if (dir > 0) {
			c->sec_to_h++;
		} else {
			c->sec_from_h++;
			c->sec_from_h_func = caller;
		}
		c->sec_pfn = block_pfn;
		c->sec_func = caller;
	}
}

void note_highatomic_inc(struct zone *zone, struct page *page, const char *func)
{
	struct hat_zone_check *c = &zone->check;
	unsigned long block_pfn = page_to_pfn(page) & ~(pageblock_nr_pages - 1);
	unsigned long max = highatomic_max_managed(zone);
	unsigned long cap = DIV_ROUND_UP(max, pageblock_nr_pages) * pageblock_nr_pages;
	unsigned long real = (c->nr_highatomic_blocks + 1) * pageblock_nr_pages;

	c->sec_inc++;
	c->sec_pfn = block_pfn;
	c->sec_func = func;
	if (hat_checker.on_event)
		emit_counter_event(HAT_EV_INC, zone, block_pfn, func);
	if (!hat_checker.enabled)
		return;
	if (zone->nr_reserved_highatomic > cap)
		report_violation(INV_I3, func, zone, block_pfn, (long)cap,
				 (long)zone->nr_reserved_highatomic,
				 "counter %lu above the cap %lu (managed %lu)",
				 zone->nr_reserved_highatomic, cap, zone->managed_pages);
	if (real > cap)
		report_violation(INV_I3_BLOCKS, func, zone, block_pfn, (long)cap, (long)real,
				 "reserving makes %lu HighAtomic blocks (%lu pages) while the counter says %lu, cap %lu",
				 c->nr_highatomic_blocks + 1, real,
				 zone->nr_reserved_highatomic, cap);
	if (!block_in_zone(zone, block_pfn)) {
		unsigned long end = min(zone_end_pfn(zone), block_pfn + pageblock_nr_pages);

		report_violation_detail(INV_I5_SPAN, func, zone_edge_crossed(zone, block_pfn), zone,
					block_pfn, (long)pageblock_nr_pages,
					(long)(end - max(zone->zone_start_pfn, block_pfn)),
					"block [%lu, %lu] straddles the zone [%lu, %lu): a full block counted, only part of it in the zone",
					block_pfn, block_pfn + pageblock_nr_pages - 1,
					zone->zone_start_pfn, zone_end_pfn(zone));
	}
}

void note_highatomic_dec(struct zone *zone, struct page *page, unsigned long before,
			 const char *func)
{
	struct hat_zone_check *c = &zone->check;
	unsigned long block_pfn = page_to_pfn(page) & ~(pageblock_nr_pages - 1);

	c->sec_dec++;
	c->sec_pfn = block_pfn;
	c->sec_func = func;
	if (hat_checker.on_event)
		emit_counter_event(HAT_EV_DEC, zone, block_pfn, func);
	if (before >= pageblock_nr_pages)
		return;
	/*
	 * min() clamped the decrement: a drift already present (reported when
	 * it arose, or set up as the starting state) is used up by this much.
	 */
	c->drift += (long)(pageblock_nr_pages - before);
	if (hat_checker.enabled)
		report_violation(INV_I2_UNDERFLOW, func, zone, block_pfn,
				 (long)pageblock_nr_pages, (long)before,
				 "decrement of a counter at %lu, clamped to 0", before);
}

void note_free_drift(struct zone *zone, long nr_pages)
{
	zone->check.free_drift += nr_pages;
}

void note_counter_set(struct zone *zone)
{
	zone->check.drift = (long)zone->nr_reserved_highatomic -
			    (long)(pageblock_nr_pages * zone->check.nr_highatomic_blocks);
	zone->check.i1_reported = 0;
}

void note_stale_free(const struct page *page, unsigned int order, int mt, int block_mt,
		     const char *func)
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

/* zone->lock released: do the section's counter changes pair with retypes? */
void check_zone_section(struct zone *zone)
{
	struct hat_zone_check *c = &zone->check;
	const char *func;

	if (likely(!(c->sec_inc | c->sec_dec | c->sec_to_h | c->sec_from_h)))
		return;
	func = c->sec_func;
	if (hat_checker.enabled) {
		if (c->sec_inc != c->sec_to_h)
			report_violation(INV_I5, func, zone, c->sec_pfn, c->sec_inc,
					 c->sec_to_h,
					 "%d increments, %d blocks became HighAtomic",
					 c->sec_inc, c->sec_to_h);
		if (c->sec_dec > c->sec_from_h)
			report_violation(INV_I4, func, zone, c->sec_pfn, c->sec_from_h,
					 c->sec_dec,
					 "%d decrements, %d blocks left HighAtomic: block already unreserved",
					 c->sec_dec, c->sec_from_h);
		if (c->sec_from_h > c->sec_dec)
			report_violation_detail(INV_I4_RETYPE, func, c->sec_from_h_func, zone,
						c->sec_pfn, c->sec_from_h, c->sec_dec,
						"%d blocks left HighAtomic, %d decrements: the counter keeps a phantom block (retyped by %s)",
						c->sec_from_h, c->sec_dec, c->sec_from_h_func);
		check_i2(zone, func);
		for (int i = 0; i < MAX_NR_ZONES; i++)
			if (populated_zone(&contig_page_data.node_zones[i]))
				check_i1(&contig_page_data.node_zones[i], func);
	}
	c->sec_inc = c->sec_dec = c->sec_to_h = c->sec_from_h = 0;
	c->sec_func = c->sec_from_h_func = NULL;
}

/*
 * Free pages on a zone's H lists: those unreserve can move, and those of a
 * block that ends beyond the zone end, which move_freepages_block() never
 * walks (stranded, R5).  A block that starts before the zone is walked
 * from the head unreserve takes, so its pages count as movable (I6).
 */
struct h_free {
	unsigned long inside, stranded, pfn_in, pfn_out;
};

static void count_h_free(struct zone *zone, struct h_free *h)
{
	*h = (struct h_free){ .pfn_in = ~0UL, .pfn_out = ~0UL };
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		struct list_head *pos;

		list_for_each(pos, &zone->free_area[o].free_list[MIGRATE_HIGHATOMIC]) {
			unsigned long pfn = page_to_pfn(list_entry(pos, struct page, lru));
			unsigned long block = pfn & ~(pageblock_nr_pages - 1);

			if (zone_spans_pfn(zone, block + pageblock_nr_pages - 1)) {
				h->inside += 1UL << o;
				h->pfn_in = min(h->pfn_in, pfn);
			} else {
				h->stranded += 1UL << o;
				h->pfn_out = min(h->pfn_out, pfn);
			}
		}
	}
}

/*
 * Which exit of should_reclaim_retry() led to the OOM decision, the I6
 * detail: its branches, from the loop count L and the variant.  A forced
 * unreserve runs at the L > 16 exit with 04c8716f7b00 or ac3f3b0a5518 and
 * at the watermark exit with ac3f3b0a5518; reaching the OOM after one
 * means it returned 0.  Otherwise the watermark check failed at L < 16,
 * at L = 16 (no reclaimable share left: R3 against R6), or L passed 16.
 */
static const char *oom_exit_tag(int loops)
{
	const struct hat_variant *v = &contig_page_data.variant;
	bool forced_at_wmark = variant_has(v, PATCH_AC3F3B0A5518);

	if (loops > MAX_RECLAIM_RETRIES)
		return forced_at_wmark || variant_has(v, PATCH_04C8716F7B00) ?
		       "after-forced-unreserve" : "retries-exhausted";
	if (forced_at_wmark)
		return "after-forced-unreserve";
	return loops == MAX_RECLAIM_RETRIES ? "wmark-exit-L16" : "wmark-exit";
}

/*
 * should_reclaim_retry()'s unreserve gave nothing back: what I6 judges, per
 * eligible zone, as it left it.  Between it and the OOM decision other CPUs
 * may free, drain or reserve (a GFP_ATOMIC request making ordinary free
 * pages H); the kernel guards that window only with __alloc_pages_may_oom()'s
 * high-watermark attempt, so only what held at the unreserve and still holds
 * at the decision is the reserve's fault.
 */
void note_unreserve_failed(enum zone_type high_zoneidx)
{
	struct unreserve_seen *seen = &contig_page_data.unreserve_seen;
	struct zone *zone;
	int zidx;

	if (!hat_checker.enabled)
		return;
	seen->valid = true;
	seen->reclaim_rounds = contig_page_data.last_alloc.reclaim_rounds;
	for_each_zone_zonelist(zone, zidx, high_zoneidx) {
		struct h_free h;

		count_h_free(zone, &h);
		seen->h_inside[zone->idx] = h.inside;
	}
}

/*
 * The request's view when its unreserve gave nothing back, if its OOM
 * decision follows that unreserve (no reclaim round since: a new round
 * means it went round again); NULL: judge the state as it is now.
 */
static const struct unreserve_seen *oom_seen(void)
{
	const struct unreserve_seen *seen = &contig_page_data.unreserve_seen;

	return seen->valid && seen->reclaim_rounds == contig_page_data.last_alloc.reclaim_rounds ?
	       seen : NULL;
}

/*
 * out_of_memory() is about to run: no eligible zone may still hold a free
 * buddy on a HIGHATOMIC list.  Pages on pcp lists do not count (unreserve
 * cannot see them, spec I6 (c)); a buddy whose block crosses the zone end
 * can never be moved by unreserve and is reported apart (R5).  After an
 * unreserve that gave nothing back, I6 needs such pages then and now (a
 * broken unreserve leaves them); stranded pages are the zone edge's,
 * whoever put them there.
 */
void check_oom_decision(enum zone_type high_zoneidx, const char *func)
{
	const struct unreserve_seen *seen = oom_seen();
	struct zone *zone;
	int zidx;

	/* which exit of should_reclaim_retry led here: R3/R6 vs the drain */
	int loops = contig_page_data.last_alloc.no_progress_loops;
	const char *exit = loops > MAX_RECLAIM_RETRIES ? "after the L > 16 exit" :
			   "watermark exit";
	const char *tag = oom_exit_tag(loops);

	if (!hat_checker.enabled)
		return;
	for_each_zone_zonelist(zone, zidx, high_zoneidx) {
		unsigned long c = zone->nr_reserved_highatomic;
		struct h_free h;

		count_h_free(zone, &h);
		if (seen && !seen->h_inside[zone->idx])
			h.inside = 0;
		if (h.inside)
			report_violation_detail(INV_I6, func, tag, zone, h.pfn_in, 0,
						(long)h.inside,
						"OOM with %lu free pages on HighAtomic lists (counter %lu) at L = %d, %s",
						h.inside, c, loops, exit);
		if (h.stranded)
			report_violation_detail(INV_I6_STRANDED, func, tag, zone, h.pfn_out, 0,
						(long)h.stranded,
						"OOM with %lu free pages on HighAtomic lists in a block crossing the zone end (counter %lu) at L = %d, %s",
						h.stranded, c, loops, exit);
	}
}

/*
 * The slow path stops at its livelock bound: the request gives up (in the
 * kernel it would loop for ever) while the reserve may still hold free
 * pages, the harm of I6 without an OOM kill.  Why it looped, the detail:
 * out_of_memory() returned without a kill (no __GFP_FS, 4.8/4.9), or
 * reclaim kept reporting progress.  Pages in a block crossing the zone end
 * count too (their share is named).
 */
void check_stall_decision(enum zone_type high_zoneidx, const char *func)
{
	const struct hat_alloc_report *rep = &contig_page_data.last_alloc;
	const char *tag = rep->oom_no_kill ? "oom-no-kill" : "reclaim-progress";
	char why[96];
	struct zone *zone;
	int zidx;

	if (!hat_checker.enabled)
		return;
	if (rep->oom_no_kill)
		snprintf(why, sizeof(why), "the OOM path did not kill %d times (no __GFP_FS)",
			 rep->oom_no_kill);
	else
		snprintf(why, sizeof(why), "reclaim reported progress every round");
	for_each_zone_zonelist(zone, zidx, high_zoneidx) {
		struct h_free h;

		count_h_free(zone, &h);
		if (!h.inside && !h.stranded)
			continue;
		report_violation_detail(INV_I6_STALL, func, tag, zone, min(h.pfn_in, h.pfn_out), 0,
					(long)(h.inside + h.stranded),
					"livelock bound (%d reclaim rounds) with %lu free pages on HighAtomic lists (%lu at the zone end), counter %lu, L = %d; %s",
					rep->reclaim_rounds, h.inside + h.stranded, h.stranded,
					zone->nr_reserved_highatomic, rep->no_progress_loops, why);
	}
}

static const struct model_events checker_events = {
	.highatomic_inc = note_highatomic_inc,
	.highatomic_dec = note_highatomic_dec,
	.pageblock_retype = note_pageblock_retype,
	.zone_unlocked = check_zone_section,
	.counter_set = note_counter_set,
	.free_drift = note_free_drift,
	.stale_free = note_stale_free,
	.unreserve_failed = note_unreserve_failed,
	.oom_decision = check_oom_decision,
	.stall_decision = check_stall_decision,
};

void checker_subscribe(void)
{
	model_events = &checker_events;
}

/* ---- on-demand checks ---- */

unsigned long check_node_cheap(void)
{
	unsigned long before = hat_checker.count;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &contig_page_data.node_zones[i];

		if (!populated_zone(zone))
			continue;
		check_i1(zone, "check_node_cheap");
		check_i2(zone, "check_node_cheap");
	}
	return hat_checker.count - before;
}

#define PG_checked	0x80u

/*
 * Walk one free list, marking its pages PG_checked; returns pages on it,
 * or stops at the first defect (*broken).  *buddies counts the marked
 * pages that carry PG_buddy.
 */
static unsigned long check_free_list(struct zone *zone, unsigned int order, int mt,
				     unsigned long *entries, unsigned long *buddies,
				     bool *broken)
{
	struct list_head *head = &zone->free_area[order].free_list[mt];
	unsigned long pages = 0, limit = contig_page_data.node_spanned_pages;
	struct list_head *pos;

	list_for_each(pos, head) {
		struct page *page = list_entry(pos, struct page, lru);
		unsigned long pfn = page_to_pfn(page);

		if (++*entries > limit) {
			report_violation(INV_I8, "check_node_full", zone, pfn, (long)limit,
					 (long)*entries, "free_list[%u][%s] does not end",
					 order, migratetype_names[mt]);
			*broken = true;
			break;
		}
		if (page->flags & PG_checked) {
			report_violation(INV_I8, "check_node_full", zone, pfn, 1, 2,
					 "page on two free lists (again on free_list[%u][%s])",
					 order, migratetype_names[mt]);
			*broken = true;
			break;
		}
		page->flags |= PG_checked;
		*buddies += PageBuddy(page);
		if (!PageBuddy(page) || page_order(page) != order)
			report_violation(INV_I8, "check_node_full", zone, pfn, (long)order,
					 PageBuddy(page) ? (long)page_order(page) : -1L,
					 "free_list[%u][%s] entry is not a buddy head of order %u",
					 order, migratetype_names[mt], order);
		if (pfn & ((1UL << order) - 1))
			report_violation(INV_I8, "check_node_full", zone, pfn, 0,
					 (long)(pfn & ((1UL << order) - 1)),
					 "order-%u buddy not naturally aligned", order);
		if (!zone_spans_pfn(zone, pfn) || !zone_spans_pfn(zone, pfn + (1UL << order) - 1))
			report_violation(INV_I8, "check_node_full", zone, pfn, 0, 1,
					 "order-%u buddy not inside the zone", order);
		pages += 1UL << order;
	}
	return pages;
}

static void check_missed_merges(struct zone *zone)
{
	for (unsigned int o = 0; o + 1 < MAX_ORDER; o++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct list_head *pos;

			list_for_each(pos, &zone->free_area[o].free_list[mt]) {
				struct page *page = list_entry(pos, struct page, lru);
				unsigned long pfn = page_to_pfn(page);
				unsigned long buddy = pfn ^ (1UL << o);
				struct page *bp;

				if (buddy < pfn || !pfn_valid(buddy))
					continue;
				bp = pfn_to_page(buddy);
				if (!PageBuddy(bp) || page_order(bp) != o || bp->zone != page->zone)
					continue;
				if (o >= pageblock_order &&
				    (is_migrate_isolate(get_pageblock_migratetype(page)) ||
				     is_migrate_isolate(get_pageblock_migratetype(bp))))
					continue;	/* isolation stops merging here */
				report_violation(INV_I8, "check_node_full", zone, pfn, 0, 1,
						 "free order-%u buddies %lu and %lu not merged",
						 o, pfn, buddy);
			}
		}
	}
}

/* PG_checked off again, list by list (the lists were walked whole). */
static void clear_listed(struct zone *zone)
{
	struct list_head *pos;

	for (unsigned int o = 0; o < MAX_ORDER; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			list_for_each(pos, &zone->free_area[o].free_list[mt])
				list_entry(pos, struct page, lru)->flags &= ~PG_checked;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			list_for_each(pos, &zone->pageset[cpu].lists[mt])
				list_entry(pos, struct page, lru)->flags &= ~PG_checked;
}

/*
 * Every page of the zone: a buddy or pcp page on no list is reported,
 * PG_checked goes off, and the flag counts are set to what is there (only
 * a flag written past page_flag_set/clear, as the corruption tests do,
 * makes them differ).
 */
static void scan_unlisted(struct zone *zone)
{
	unsigned long buddy = 0, pcp = 0;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn++) {
		struct page *page = pfn_to_page(pfn);

		buddy += PageBuddy(page);
		pcp += !!(page->flags & PG_pcp);
		if ((page->flags & (PG_buddy | PG_pcp)) && !(page->flags & PG_checked))
			report_violation(page->flags & PG_pcp ? INV_I11 : INV_I8,
					 "check_node_full", zone, pfn, 1, 0,
					 "%s page on no list",
					 page->flags & PG_pcp ? "pcp" : "buddy");
		page->flags &= ~PG_checked;
	}
	zone->check.nr_buddy_flagged = buddy;
	zone->check.nr_pcp_flagged = pcp;
}

static void check_zone_full(struct zone *zone)
{
	unsigned long counted = 0, buddies = 0, pcps = 0;
	bool broken = false;

	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		unsigned long entries = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long pages = check_free_list(zone, o, mt, &entries,
							      &buddies, &broken);

			if (!is_migrate_isolate(mt))
				counted += pages;
		}
		if (entries != zone->free_area[o].nr_free)
			report_violation(INV_I8, "check_node_full", zone, ~0UL,
					 (long)entries, (long)zone->free_area[o].nr_free,
					 "nr_free[%u] differs from the entries on its lists", o);
	}
	/* less the tolerated drift: a block isolated twice (isolation.c), per-cpu deltas */
	if ((long)counted != zone->vm_stat[NR_FREE_PAGES] + zone->vm_stat_diff[NR_FREE_PAGES] +
			     zone->check.free_drift)
		report_violation(INV_I9, "check_node_full", zone, ~0UL,
				 (long)counted - zone->check.free_drift -
				 zone->vm_stat_diff[NR_FREE_PAGES], zone->vm_stat[NR_FREE_PAGES],
				 "NR_FREE_PAGES differs from the pages on the free lists");
	check_missed_merges(zone);

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->pageset[cpu];
		long n = 0;

		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
			struct list_head *pos;

			list_for_each(pos, &pcp->lists[mt]) {
				struct page *page = list_entry(pos, struct page, lru);

				if (++n > (long)contig_page_data.node_spanned_pages ||
				    (page->flags & PG_checked) || !(page->flags & PG_pcp) ||
				    page->zone != (signed char)zone->idx) {
					report_violation(INV_I11, "check_node_full", zone,
							 page_to_pfn(page), 1, 0,
							 "cpu %u pcp list %s: bad entry",
							 cpu, migratetype_names[mt]);
					broken = true;
					break;
				}
				page->flags |= PG_checked;
				pcps++;
			}
		}
		if (n != pcp->count)
			report_violation(INV_I11, "check_node_full", zone, ~0UL, n, pcp->count,
					 "cpu %u pcp count differs from its lists", cpu);
	}

	/*
	 * Every flagged page was met on a list: no page to look for, only
	 * the marks to take off.  Otherwise (or after a broken walk) scan.
	 */
	if (!broken && buddies == zone->check.nr_buddy_flagged &&
	    pcps == zone->check.nr_pcp_flagged)
		clear_listed(zone);
	else
		scan_unlisted(zone);
}

unsigned long check_node_full(void)
{
	unsigned long before = hat_checker.count;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &contig_page_data.node_zones[i];

		if (!populated_zone(zone))
			continue;
		check_zone_full(zone);
		check_i1(zone, "check_node_full");
		check_i2(zone, "check_node_full");
	}
	return hat_checker.count - before;
}
