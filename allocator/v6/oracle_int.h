/* SPDX-License-Identifier: MIT */
/*
 * oracle_int.h - what the oracle's files share: reading the state without
 * the core's functions (the oracle judges them), and the event table.
 */
#ifndef HATRACE_V6_ORACLE_INT_H
#define HATRACE_V6_ORACLE_INT_H

#include "events.h"
#include "oracle.h"

/* The block's type as the usemap holds it: bits 0-2, the isolate bit apart. */
static inline int oracle_block_raw(unsigned long pfn)
{
	return contig_page_data.pageblock_flags[pfn >> pageblock_order] & MIGRATETYPE_MASK;
}

/* get_pageblock_migratetype(): ISOLATE while the isolate bit is set. */
static inline int oracle_block_mt(unsigned long pfn)
{
	unsigned char flags = contig_page_data.pageblock_flags[pfn >> pageblock_order];

	return flags & PB_ISOLATE_BIT ? MIGRATE_ISOLATE : flags & MIGRATETYPE_MASK;
}

static inline bool oracle_block_in_zone(const struct zone *zone, unsigned long block_pfn)
{
	return zone_spans_pfn(zone, block_pfn) &&
	       zone_spans_pfn(zone, block_pfn + pageblock_nr_pages - 1);
}

static inline bool oracle_block_touches_zone(const struct zone *zone, unsigned long block_pfn)
{
	return populated_zone(zone) && block_pfn < zone_end_pfn(zone) &&
	       block_pfn + pageblock_nr_pages > zone->zone_start_pfn;
}

static inline struct v6_oracle_zone *oracle_zone(const struct zone *zone)
{
	return &v6_oracle.zone[zone->idx];
}

/* @n pages of free_list[@order][@mt] (negative: gone) into @c. */
static inline void free_counts_add(struct v6_free_counts *c, unsigned int order, int mt,
				   long n)
{
	if (is_migrate_isolate(mt))
		return;
	c->listed += n;
	if (is_migrate_highatomic(mt))
		c->h += n;
	else if (is_migrate_cma(mt))
		c->cma += n;
	if (order >= pageblock_order)
		c->blocks += n;
}

/* The events the oracle subscribes with (oracle_events.c). */
extern const struct v6_events oracle_events;

/* Free pages on @zone's H lists of order >= @order outside [@lo, @hi) (walks them). */
unsigned long oracle_h_free_from(const struct zone *zone, unsigned int order,
				 unsigned long lo, unsigned long hi);
/* A new zone->lock section: nothing done in it yet. */
void oracle_section_reset(struct v6_oracle_zone *oz);
/* The section's checks as zone->lock is released (oracle_section.c). */
void oracle_section_close(struct zone *zone);
/* The counter checks of one zone against the shadows (oracle_section.c). */
void oracle_check_counters(struct zone *zone, const char *func);
/* The slow path decided (oracle_oom.c). */
void oracle_decision(void *arg, enum v6_decision d, unsigned int order, unsigned int gfp,
		     unsigned int alloc_flags);

#endif /* HATRACE_V6_ORACLE_INT_H */
