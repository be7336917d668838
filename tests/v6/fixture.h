/* SPDX-License-Identifier: MIT */
/*
 * fixture.h - what the era-2 watermark, reserve and slow-path tests
 * share: a node of x86-64 geometry (pageblock_order 9, MAX_PAGE_ORDER 10)
 * with one ZONE_NORMAL, the variant as a preset with switches added or
 * taken away, and an event log.  Static inline so that the KT_* checks
 * count in the including test (ktest.h counts per file).
 */
#ifndef HATRACE_TESTS_V6_FIXTURE_H
#define HATRACE_TESTS_V6_FIXTURE_H

#include "events.h"
#include "ktest.h"
#include "page_alloc.h"
#include "setup.h"

#define PB	512UL	/* pageblock_nr_pages: block k = pfns [512k, 512k + 511] */

#define U	MIGRATE_UNMOVABLE
#define M	MIGRATE_MOVABLE
#define R	MIGRATE_RECLAIMABLE
#define H	MIGRATE_HIGHATOMIC

#define BIT(p)	V6_BIT(V6_##p)

/* The switches of preset @name (which must exist). */
static inline uint64_t preset(const char *name)
{
	const struct v6_preset *p = v6_preset_find(name);

	KT_REQUIRE(p != NULL);
	return p->patches;
}

/*
 * A node whose only zone is ZONE_NORMAL [0, @end_pfn), switches
 * @patches, watermarks min 512 / low 640 / high 768 and nothing free:
 * every page allocated, nobody's.
 */
static inline struct zone *fixture_zone(uint64_t patches, unsigned long end_pfn)
{
	struct node_geometry g;
	struct zone *z = &contig_page_data.node_zones[ZONE_NORMAL];
	char err[128];

	node_geometry_preset(&g, ARCH_X86_64);
	g.zone_end_pfn[ZONE_NORMAL] = end_pfn;
	KT_REQUIRE(node_init(&g, patches, err, sizeof(err)) == 0);
	setup_watermarks(z, 512, 640, 768);
	return z;
}

/* The alloc_context of a request of type @mt that may use ZONE_NORMAL. */
static inline struct alloc_context normal_ac(int mt)
{
	struct alloc_context ac = {
		.highest_zoneidx = ZONE_NORMAL,
		.migratetype = mt,
		.preferred_zoneidx = ZONE_NORMAL,
	};

	return ac;
}

static inline int block_type(unsigned long block)
{
	return get_pageblock_migratetype(pfn_to_page(block * PB));
}

/* Block @block typed @mt with one free buddy of @order on @mt's list at its start. */
static inline void free_block_head(unsigned long block, unsigned int order, int mt)
{
	setup_pageblock_type(block * PB, mt);
	KT_REQUIRE(setup_free_buddy(block * PB, order, mt) == 0);
}

/* What the core told the outside world (events.h), summed. */
struct event_log {
	long reserved_delta;		/* sum of CNT_NR_RESERVED_HIGHATOMIC deltas */
	int warns[NR_V6_WARNINGS];
	int decisions[NR_V6_DECISIONS];
};

static inline struct event_log *event_log(void)
{
	static struct event_log log;

	return &log;
}

static inline void log_counter(void *arg, const struct zone *zone, enum v6_counter c,
			       long delta, const char *func)
{
	(void)arg;
	(void)zone;
	(void)func;
	if (c == CNT_NR_RESERVED_HIGHATOMIC)
		event_log()->reserved_delta += delta;
}

static inline void log_warn(void *arg, enum v6_warning w, unsigned long pfn, const long *args,
			    int nr_args, bool once)
{
	(void)arg;
	(void)pfn;
	(void)args;
	(void)nr_args;
	(void)once;
	event_log()->warns[w]++;
}

static inline void log_decision(void *arg, enum v6_decision d, unsigned int order,
				unsigned int gfp, unsigned int alloc_flags)
{
	(void)arg;
	(void)order;
	(void)gfp;
	(void)alloc_flags;
	event_log()->decisions[d]++;
}

/* Start logging afresh. */
static inline void log_start(void)
{
	static const struct v6_events ops = {
		.counter = log_counter,
		.warn = log_warn,
		.decision = log_decision,
	};

	memset(event_log(), 0, sizeof(*event_log()));
	v6_events_subscribe(&ops, NULL);
}

#endif /* HATRACE_TESTS_V6_FIXTURE_H */
