// SPDX-License-Identifier: MIT
/*
 * test_v6_soak.c - the oracle over a random workload (fixed seeds) on
 * the era-2 core: allocations of every kind and order, frees, drains and
 * unreserves under pressure, the full checks every 50 ops (and the
 * zones' flagged-page counts they rely on); in one 160-block x86-64 zone,
 * and on s390 in DMA32 and Normal meeting inside a block.  Under mainline
 * nothing may fire; under the other presets only the checks of the bugs
 * the verdict matrix gives them (test_scenarios).
 * This is the oracle's false-positive guard, and the proof that the
 * workload reaches reserves and OOMs.
 */
#include "scenarios.h"

#define I(id)	(UINT32_C(1) << V6_##id)
#define BLOCKS	160
#define MAX_HELD	8192

struct held {
	unsigned long pfn;
	unsigned int order;
};

static uint64_t rnd_state;

static unsigned long rnd(unsigned long n)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned long)(rnd_state >> 33) % n;
}

struct soak {
	unsigned long max_reserved;	/* the highest counter seen */
	unsigned long oom_kills;
	uint32_t fired;
};

static void one_op(struct held *held, int *nheld)
{
	static const gfp_t gfps[] = {
		GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_HIGHUSER_MOVABLE, GFP_NOFS,
		GFP_KERNEL | __GFP_RETRY_MAYFAIL, GFP_ATOMIC | __GFP_DMA32,
	};
	unsigned long r = rnd(100);

	set_current((unsigned int)rnd(2), false);
	if (r < 62 && *nheld < MAX_HELD) {
		unsigned int order = (unsigned int)(rnd(4) ? rnd(4) : rnd(NR_PAGE_ORDERS));
		unsigned long pfn = scen_alloc(gfps[rnd(ARRAY_SIZE(gfps))], order);

		if (pfn != ~0UL)
			held[(*nheld)++] = (struct held){ pfn, order };
	} else if (r < 95 && *nheld) {
		unsigned long k = rnd((unsigned long)*nheld);

		__free_pages(pfn_to_page(held[k].pfn), held[k].order);
		held[k] = held[--(*nheld)];
	} else if (r < 98) {
		drain_pages((unsigned int)rnd(2));
	} else {
		struct alloc_context ac = normal_ac((int)rnd(3));

		unreserve_highatomic_pageblock(&ac, rnd(2));
	}
}

/*
 * The node: x86-64 with one Normal zone of BLOCKS blocks, or s390 with
 * DMA32 and Normal meeting 3 pages into block 40.  Everything free.
 */
static void soak_node(const char *name, enum v6_arch arch)
{
	struct node_geometry g;
	char err[128];
	unsigned long pb, end;

	node_geometry_preset(&g, arch);
	pb = 1UL << g.pb_order;
	end = BLOCKS * pb;
	g.zone_end_pfn[ZONE_NORMAL] = end;
	if (arch == ARCH_S390) {
		g.zone_end_pfn[ZONE_DMA32] = 40 * pb + 3;
		g.zone_start_pfn[ZONE_NORMAL] = 40 * pb + 3;
	}
	KT_REQUIRE(node_init(&g, preset(name), err, sizeof(err)) == 0);
	KT_REQUIRE(setup_free_range(0, end) == end);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		setup_watermarks(&contig_page_data.node_zones[i], 128, 160, 192);
}

/*
 * Each zone's counts of the pages flagged PG_buddy and PG_pcp are those
 * pages (the full check trusts them to skip its page scan).
 */
static void check_flag_counts(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &contig_page_data.node_zones[z];
		unsigned long buddy = 0, pcp = 0;

		if (!populated_zone(zone))
			continue;
		for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn++) {
			buddy += PageBuddy(pfn_to_page(pfn));
			pcp += !!(pfn_to_page(pfn)->flags & PG_pcp);
		}
		KT_EQ(zone->nr_buddy_flagged, buddy);
		KT_EQ(zone->nr_pcp_flagged, pcp);
	}
}

static void soak(const char *name, enum v6_arch arch, uint64_t seed, int ops, struct soak *s)
{
	static struct held held[MAX_HELD];
	int nheld = 0;

	rnd_state = seed;
	soak_node(name, arch);
	scen_watch();
	for (int i = 0; i < ops; i++) {
		one_op(held, &nheld);
		for (int z = 0; z < MAX_NR_ZONES; z++)
			s->max_reserved = max(s->max_reserved,
					      contig_page_data.node_zones[z].nr_reserved_highatomic);
		if (i % 50 == 0) {
			oracle_check_full();
			check_flag_counts();
		}
	}
	s->oom_kills += contig_page_data.nr_oom_kills;
	oracle_check_full();
	s->fired |= v6_oracle.fired;
	oracle_detach();
}

int main(void)
{
	static const struct {
		const char *name;
		uint32_t allowed;	/* the bugs of the preset (the verdict matrix) */
	} presets[] = {
		{ "v6.1", I(H_CAP) | I(H_LIST) | I(H_GROW) | I(H_UNUSED) | I(I6_WMARK) },
		{ "v6.6", I(H_CAP) | I(H_LIST) | I(H_GROW) | I(H_UNUSED) | I(I6_WMARK) | I(I6) |
			  I(I6_STALL) | I(I6_NOPAGE) },
		{ "v6.12", I(H_GROW) | I(H_UNUSED) },
		{ "v6.18", I(H_GROW) | I(H_UNUSED) },
		{ "mainline", 0 },
	};

	for (size_t p = 0; p < ARRAY_SIZE(presets); p++) {
		struct soak s = { 0, 0, 0 };

		for (uint64_t seed = 1; seed <= 3; seed++) {
			soak(presets[p].name, ARCH_X86_64, seed, 6000, &s);
			soak(presets[p].name, ARCH_S390, seed, 6000, &s);
		}
		printf("%-9s fired %#x, max counter %lu, %lu OOM kills\n", presets[p].name,
		       s.fired, s.max_reserved, s.oom_kills);
		KT_EQ(s.fired & ~presets[p].allowed, 0);
		KT_LT(0, s.max_reserved);
		KT_LT(0, s.oom_kills);
	}
	node_exit();
	KT_MAIN_END();
}
