// SPDX-License-Identifier: MIT
/*
 * test_v6_soak.c - the oracle over a random workload (fixed seeds) on
 * the era-2 core: allocations of every kind and order, frees, drains and
 * unreserves in a 160-block zone under pressure, the full checks every
 * 50 ops.  Under mainline nothing may fire; under the other presets only
 * the checks of the bugs the verdict matrix gives them (test_scenarios).
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
		GFP_KERNEL | __GFP_RETRY_MAYFAIL,
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

static void soak(const char *name, uint64_t seed, int ops, struct soak *s)
{
	static struct held held[MAX_HELD];
	struct zone *z = fixture_zone(preset(name), BLOCKS * PB);
	int nheld = 0;

	rnd_state = seed;
	scen_free_blocks(0, BLOCKS);
	setup_watermarks(z, 256, 320, 384);
	scen_watch();
	for (int i = 0; i < ops; i++) {
		one_op(held, &nheld);
		s->max_reserved = max(s->max_reserved, z->nr_reserved_highatomic);
		if (i % 50 == 0)
			oracle_check_full();
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

		for (uint64_t seed = 1; seed <= 4; seed++)
			soak(presets[p].name, seed, 6000, &s);
		printf("%-9s fired %#x, max counter %lu, %lu OOM kills\n", presets[p].name,
		       s.fired, s.max_reserved, s.oom_kills);
		KT_EQ(s.fired & ~presets[p].allowed, 0);
		KT_LT(0, s.max_reserved);
		KT_LT(0, s.oom_kills);
	}
	node_exit();
	KT_MAIN_END();
}
