// SPDX-License-Identifier: MIT
/*
 * regression.c - every reproducer of spec §5 under every one of the 512
 * patch sets, against the outcome derived from the spec; then the bug x
 * variant matrix for the presets, single patches and the spec's §4.2
 * columns, which must agree cell by cell.
 */
#include "scenarios.h"
#include "ktest.h"

#include <string.h>

static void check_all_patch_sets(const struct scenario *s)
{
	unsigned int bad = 0;

	for (unsigned int set = 0; set < (1u << NR_HAT_PATCHES); set++) {
		struct hat_variant v = { .patches = set };
		struct scenario_outcome got, exp = { 0 };
		char why[256], name[HAT_VARIANT_NAME_MAX];

		KT_REQUIRE(scenario_run(s, &v, &got) == 0);
		exp.alloc = exp.oom = exp.loops = -1;
		exp.counter = exp.h_blocks = -1;
		s->expect(&v, &exp);
		if (!KT_ASSERT(scenario_matches(&got, &exp, why, sizeof(why))) && bad++ < 4)
			fprintf(stderr, "    %s under %s: %s\n", s->id,
				variant_name(&v, name, sizeof(name)), why);
	}
	printf("%-4s %-50s %u of %u patch sets as expected\n", s->id, s->title,
	       (1u << NR_HAT_PATCHES) - bad, 1u << NR_HAT_PATCHES);
}

/* The bug must show on the baseline and not with the series: the point. */
static void check_baseline_and_series(const struct scenario *s)
{
	struct hat_variant base = { 0 }, v1 = { .patches = PATCHES_V1 };
	struct scenario_outcome o;

	KT_REQUIRE(scenario_run(s, &base, &o) == 0);
	KT_ASSERT(o.fired & (1u << s->bug));
	KT_REQUIRE(scenario_run(s, &v1, &o) == 0);
	KT_ASSERT(!(o.fired & (1u << s->bug)));
}

int main(void)
{
	for (unsigned int i = 0; i < nr_scenarios; i++) {
		check_all_patch_sets(&scenarios[i]);
		check_baseline_and_series(&scenarios[i]);
	}
	printf("\nBug x variant (v4.8 plus one patch; presets):\n");
	KT_EQ(print_matrix(stdout, matrix_single, nr_matrix_single), 0);
	printf("\nBug x variant, spec section 4.2 columns (series applied cumulatively):\n");
	KT_EQ(print_matrix(stdout, matrix_cumulative, nr_matrix_cumulative), 0);
	KT_MAIN_END();
}
