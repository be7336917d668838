// SPDX-License-Identifier: MIT
/*
 * test_scenarios.c - T1-T13 (spec §3) on the era-2 core, judged by the
 * oracle: each under its fixing preset without its fix (its check fires,
 * exactly), with it (nothing fires), and under every preset (the verdict
 * written here).  Prints the verdict matrix.  T11 is a cost: the claim
 * scans of one pcp refill, at most one scan of the orders.
 */
#include "scenarios.h"

#include <stdio.h>

#define I(id)	(UINT32_C(1) << V6_##id)
#define COST	UINT32_C(0x80000000)	/* T11: more than one claim scan */
#define NR_PRESETS	5

static const char *const preset_names[NR_PRESETS] = {
	"v6.1", "v6.6", "v6.12", "v6.18", "mainline"
};

struct scen {
	const char *name;
	scen_fn run;
	const char *fixing;	/* the first preset with the fix */
	enum v6_patch fix;
	uint32_t without;	/* what fires under fixing - fix */
	uint32_t expect[NR_PRESETS];
};

/*
 * What a fix needs besides, to fix its scenario alone: Kobryn's v3 was
 * posted on a tree with van der Linden's patch; without it T10's order-1
 * request still refills the UNMOVABLE pcp list from a MOVABLE block.
 */
static uint64_t fix_needs(enum v6_patch fix)
{
	return fix == V6_FASTPATH_HIGHATOMIC ? V6_BIT(V6_PCP_NO_RESERVE_GROWTH) : 0;
}

#define SCEN(n, fn, pre, p, w, ...) \
	{ .name = n, .run = fn, .fixing = pre, .fix = V6_##p, .without = w, .expect = { __VA_ARGS__ } }

static const struct scen scens[] = {
	SCEN("T1", t1_pcp_trylock_fail, "v6.6", 7B086755FB8C, I(H_LIST), 0, 0, 0, 0, 0),
	SCEN("T2", t2_oom_with_reserve, "v6.12", AC3F3B0A5518, I(I6), 0, I(I6), 0, 0, 0),
	SCEN("T3a", t3a_small_zone, "v6.12", 9CD20F3FE045, I(H_CAP), I(H_CAP), I(H_CAP), 0, 0, 0),
	SCEN("T3b", t3b_cap, "v6.12", D68E39FC45F7, I(H_CAP), I(H_CAP), I(H_CAP), 0, 0, 0),
	/* v6.6 OOMs at the end: T2's and T5's bugs, not T4's */
	SCEN("T4", t4_fast_negative, "v6.1", 9282012FC0AA, I(WMARK_FAST),
	     0, I(I6) | I(I6_WMARK), 0, 0, 0),
	SCEN("T5", t5_reserved_not_free, "v6.12", C928807F6F6B, I(I6_WMARK),
	     I(I6_WMARK), I(I6_WMARK), 0, 0, 0),
	SCEN("T6", t6_atomic_order0, "v6.12", 281DD25C1A01, I(I6_NOPAGE), 0, I(I6_NOPAGE), 0, 0, 0),
	SCEN("T7", t7_multiblock, "v6.12", 7CC5A5D65011, I(H_LIST) | I(W_FREELIST_TYPE),
	     I(H_LIST), I(H_LIST), 0, 0, 0),
	SCEN("T8", t8_coalesce, "mainline", COALESCE_RETYPE_ALL, I(I8) | I(W_FREELIST_TYPE),
	     0, 0, I(I8) | I(W_FREELIST_TYPE), I(I8) | I(W_FREELIST_TYPE), 0),
	SCEN("T9", t9_pcp_creep, "mainline", PCP_NO_RESERVE_GROWTH, I(H_GROW),
	     I(H_GROW), I(H_GROW), I(H_GROW), I(H_GROW), 0),
	SCEN("T10", t10_fastpath, "mainline", FASTPATH_HIGHATOMIC, I(H_UNUSED),
	     I(H_UNUSED), I(H_UNUSED), I(H_UNUSED), I(H_UNUSED), 0),
	SCEN("T11", t11_claim_scans, "v6.18", 90ABEE6D7895, COST, COST, COST, COST, 0, 0),
	SCEN("T12", t12_defrag_mode, "v6.18", DEFRAG_MODE_OOM_FIX, I(LIVELOCK), 0, 0, 0, 0, 0),
	SCEN("T13", t13_stale_pcp_type, "v6.12", 17EDEB5D3F76, I(H_LIST),
	     I(H_LIST), I(H_LIST), 0, 0, 0),
};

/* @patches without @fix and every switch that builds on it. */
static uint64_t without(uint64_t patches, enum v6_patch fix)
{
	uint64_t gone = V6_BIT(fix);
	bool more = true;

	while (more) {
		more = false;
		for (int p = 0; p < NR_V6_PATCHES; p++)
			if ((patches & V6_BIT(p) & ~gone) && (v6_patches[p].requires & gone)) {
				gone |= V6_BIT(p);
				more = true;
			}
	}
	return patches & ~gone;
}

/* The scenario's verdict: the oracle's checks, and COST for T11's scans. */
static uint32_t verdict(const struct scen *s, uint64_t patches, unsigned long *scans)
{
	struct scen_result r = { 0, 0 };

	s->run(patches, &r);
	*scans = r.scans;
	if (r.scans > NR_PAGE_ORDERS)
		r.fired |= COST;
	return r.fired;
}

static void print_verdict(uint32_t v, unsigned long scans, bool cost)
{
	char buf[96] = "";
	size_t n = 0;

	for (int i = 0; i < NR_V6_INV; i++)
		if (v & (UINT32_C(1) << i))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "," : "",
					      v6_inv_name(i));
	if (cost)
		snprintf(buf + n, sizeof(buf) - n, "%sscans=%lu", n ? "," : "", scans);
	printf(" %-26s", n || cost ? buf : "pass");
}

static void run(const struct scen *s)
{
	uint64_t fixing = preset(s->fixing);
	unsigned long scans;
	uint32_t v;
	bool cost = s->without == COST;

	KT_REQUIRE(v6_patches_inconsistent(without(fixing, s->fix)) == -1);
	printf("%-4s %-22s", s->name, v6_patches[s->fix].name);
	v = verdict(s, without(fixing, s->fix), &scans);
	print_verdict(v, scans, cost);
	if (!KT_EQ(v, s->without))
		fprintf(stderr, "    %s under %s-no-%s\n", s->name, s->fixing,
			v6_patches[s->fix].name);
	v = verdict(s, fixing, &scans);
	print_verdict(v, scans, cost);
	if (!KT_EQ(v, 0))
		fprintf(stderr, "    %s under %s\n", s->name, s->fixing);
	for (int p = 0; p < NR_PRESETS; p++) {
		v = verdict(s, preset(preset_names[p]), &scans);
		print_verdict(v, scans, cost);
		if (!KT_EQ(v, s->expect[p]))
			fprintf(stderr, "    %s under %s\n", s->name, preset_names[p]);
	}
	printf("\n");
}

/*
 * The fix alone (and what it needs besides) takes the scenario's check
 * away from every preset that lacks it, where the set stays consistent (a fix that builds on later
 * commits cannot be added to an old preset alone).  Returns how many
 * presets it was tried on.
 */
static int fix_alone(const struct scen *s)
{
	unsigned long scans;
	int tried = 0;

	for (int p = 0; p < NR_PRESETS; p++) {
		uint64_t patches = preset(preset_names[p]) | V6_BIT(s->fix) | fix_needs(s->fix);

		if ((preset(preset_names[p]) & V6_BIT(s->fix)) ||
		    v6_patches_inconsistent(patches) != -1)
			continue;
		tried++;
		if (!KT_EQ(verdict(s, patches, &scans) & s->without, 0))
			fprintf(stderr, "    %s under %s+%s\n", s->name, preset_names[p],
				v6_patches[s->fix].name);
	}
	return tried;
}

/*
 * Every preset with one switch taken out (and what builds on it): while
 * the fix (and what it needs) is in, the scenario's own check never
 * fires.  Returns the variants tried.
 */
static int single_patch_sweep(const struct scen *s)
{
	uint64_t fix = V6_BIT(s->fix) | fix_needs(s->fix);
	unsigned long scans;
	int tried = 0;

	for (int p = 0; p < NR_PRESETS; p++) {
		uint64_t base = preset(preset_names[p]);

		for (int q = 0; q < NR_V6_PATCHES; q++) {
			uint64_t patches = without(base, (enum v6_patch)q);

			if (!(base & V6_BIT(q)) || (patches & fix) != fix)
				continue;
			tried++;
			if (!KT_EQ(verdict(s, patches, &scans) & s->without, 0))
				fprintf(stderr, "    %s under %s-no-%s\n", s->name, preset_names[p],
					v6_patches[q].name);
		}
	}
	return tried;
}

int main(void)
{
	printf("%-4s %-22s %-26s %-26s", "T", "fix", "fixing preset - fix", "fixing preset");
	for (int p = 0; p < NR_PRESETS; p++)
		printf(" %-26s", preset_names[p]);
	printf("\n");
	for (size_t i = 0; i < ARRAY_SIZE(scens); i++)
		run(&scens[i]);
	printf("the fix added alone to an older preset:");
	for (size_t i = 0; i < ARRAY_SIZE(scens); i++)
		printf(" %s %d", scens[i].name, fix_alone(&scens[i]));
	printf(" (presets tried)\n");
	printf("one switch out of a preset, the fix in:");
	for (size_t i = 0; i < ARRAY_SIZE(scens); i++)
		printf(" %s %d", scens[i].name, single_patch_sweep(&scens[i]));
	printf(" (variants tried)\n");
	node_exit();
	KT_MAIN_END();
}
