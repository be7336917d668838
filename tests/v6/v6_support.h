/* SPDX-License-Identifier: MIT */
/*
 * v6_support.h - what the era-2 core's unit tests share: a small node
 * (one Normal zone, pageblock_order 3, orders 0..4, 2 CPUs) or an x86-64
 * one (fixture_zone(): pageblock_order 9, MAX_PAGE_ORDER 10), unless a
 * test builds another; switch sets and presets; an event log that counts
 * what the core reported through events.h.
 *
 * Helpers that check are static inline, so that their checks count in
 * the calling test's ktest counters; the rest is in v6_support.c.
 */
#ifndef HATRACE_TESTS_V6_SUPPORT_H
#define HATRACE_TESTS_V6_SUPPORT_H

#include "core_support.h"
#include "events.h"
#include "ktest.h"
#include "page_alloc.h"
#include "setup.h"
#include "show.h"

#define SW(p)	V6_BIT(V6_##p)
/* v6.1.0 as released: no hygiene, no auto-tuning, no 6.1.y backports */
#define SW_V610	(SW(F27CE0E14088) | SW(9282012FC0AA))
/* the hygiene series as a whole */
#define SW_HYGIENE	(SW(17EDEB5D3F76) | SW(55612E80E722) | SW(C0CD6F557B90) | \
			 SW(E0932B6C1F94))

/* The switches of preset @name (which must exist). */
static inline uint64_t preset(const char *name)
{
	const struct v6_preset *p = v6_preset_find(name);

	KT_REQUIRE(p != NULL);
	return p->patches;
}

/* v6.6 less v6.3's flag series (eb2e2b425c69, 1ebbb21811b7, 2973d8229b78): v6.1.0's flags */
#define V66_OLD_FLAGS	(preset("v6.6") & ~(SW(EB2E2B425C69) | SW(1EBBB21811B7) | \
					    SW(2973D8229B78)))

/* What the core reported since the last ev_reset(). */
struct ev_log {
	int warns[NR_V6_WARNINGS];
	int decisions[NR_V6_DECISIONS];
	long warn_args[3];		/* the last warning's */
	int retypes;
	int adds, dels, moves;
	int pcp_adds, pcp_dels;
	unsigned int pcp_del_cpus;	/* bit n: a page left CPU n's pcp */
	int unlocks;
	long counter_sum[NR_V6_COUNTERS];
	long list_mismatch;		/* list ops whose list type != block type */
};

extern struct ev_log ev;
void ev_reset(void);
/* Subscribe the log and start it afresh (every test does, before building its node). */
void ev_subscribe(void);

/*
 * The small node: one Normal zone [0, @pages), pageblock_order @pb,
 * orders 0..@orders-1, 2 CPUs, no THP, with @patches.  Fatal on error.
 */
void small_node(unsigned long pages, unsigned int pb, unsigned int orders, uint64_t patches);

/*
 * An x86-64 node whose only zone is ZONE_NORMAL [0, @end_pfn), switches
 * @patches, watermarks min 512 / low 640 / high 768 and nothing free:
 * every page allocated, nobody's.  The log is left as it was.
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

static inline struct zone *zone_of(int idx)
{
	return &contig_page_data.node_zones[idx];
}

/* The small node's one zone, and its NR_FREE_PAGES. */
static inline struct zone *normal(void)
{
	return zone_of(ZONE_NORMAL);
}

static inline unsigned long nr_free(void)
{
	return zone_page_state(normal(), NR_FREE_PAGES);
}

/* Buddies on free_list[order][mt] of @zone. */
static inline unsigned long list_count(const struct zone *zone, unsigned int order, int mt)
{
	return list_count_nodes(&zone->free_area[order].free_list[mt]);
}

/* Free pages on @mt's lists of @zone, all orders. */
static inline unsigned long free_pages_of(const struct zone *zone, int mt)
{
	unsigned long n = 0;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		n += list_count(zone, o, mt) << o;
	return n;
}

/* The head of the first buddy on free_list[order][mt], as a pfn (-1: none). */
static inline long first_on(const struct zone *zone, unsigned int order, int mt)
{
	const struct list_head *head = &zone->free_area[order].free_list[mt];

	return list_empty(head) ? -1 : (long)page_to_pfn(list_first_entry(head, struct page, lru));
}

/* Retype the block of @pfn outside any allocator path. */
static inline void block_type(unsigned long pfn, int mt)
{
	setup_pageblock_type(pfn, mt);
}


#endif /* HATRACE_TESTS_V6_SUPPORT_H */
