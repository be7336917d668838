// SPDX-License-Identifier: MIT
/*
 * test_v6_variant.c - the era-2 switch table and presets (variant.c):
 * every switch described, names unique, presets that nest as the
 * releases do, v6.1 holding exactly the 6.1.y backports read in source,
 * and the requirement check.
 */
#include "v6_support.h"

#include <string.h>

static bool name_is_commit_id(const char *name)
{
	if (strlen(name) != 12)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
			return false;
	return true;
}

/* Every switch has a name, title and version; ids are 12 hex digits. */
static void test_table_complete(void)
{
	for (int p = 0; p < NR_V6_PATCHES; p++) {
		const struct v6_patch_desc *d = &v6_patches[p];

		KT_ASSERT(d->name && d->title && d->version);
		KT_EQ(name_is_commit_id(d->name), d->id_known);
		for (int q = 0; q < p; q++)
			KT_ASSERT(strcmp(d->name, v6_patches[q].name) != 0);
	}
	KT_STREQ(v6_patches[V6_C928807F6F6B].name, "c928807f6f6b");
	KT_STREQ(v6_patches[V6_C928807F6F6B].version, "v6.12");
	KT_EQ(v6_patches[V6_UNDERFLOW_WARN].id_known, false);
}

/* Each later release holds every switch of the one before, and more. */
static void test_presets_nest(void)
{
	static const char *const order[] = { "v6.6", "v6.12", "v6.18", "mainline" };

	for (size_t i = 1; i < ARRAY_SIZE(order); i++) {
		uint64_t a = preset(order[i - 1]), b = preset(order[i]);

		KT_EQ(a & ~b, 0);
		KT_NE(a, b);
	}
	KT_ASSERT(v6_preset_find("v6.2") == NULL);
	KT_EQ(nr_v6_presets, 5);
}

/* v6.1: the 6.1.y backports and nothing of the later reworks. */
static void test_v61_contents(void)
{
	uint64_t v61 = preset("v6.1");
	uint64_t in = SW(F27CE0E14088) | SW(9282012FC0AA) | SW(EB2E2B425C69) | SW(1EBBB21811B7) |
		      SW(7B086755FB8C) | SW(AC3F3B0A5518) | SW(BF14ED81F571) | SW(281DD25C1A01) |
		      SW(6A204D4B14C9);

	KT_EQ(v61, in);
	KT_EQ(v61 & SW(2973D8229B78), 0);	/* __GFP_ATOMIC still read in 6.1.y */
	KT_EQ(v61 & SW(E0932B6C1F94), 0);
	KT_EQ(v61 & SW(C928807F6F6B), 0);
	KT_EQ(v61 & SW(D68E39FC45F7), 0);
	/* v6.6 as tagged lacks the 6.1.y backports made after it */
	KT_EQ(preset("v6.6") & SW(281DD25C1A01), 0);
	KT_NE(preset("v6.12") & SW(281DD25C1A01), 0);
	KT_EQ(preset("v6.18") & SW(COALESCE_RETYPE_ALL), 0);
	KT_NE(preset("mainline") & SW(FASTPATH_HIGHATOMIC), 0);
}

/* Every preset satisfies its own requirements; a broken set is named. */
static void test_requirements(void)
{
	for (size_t i = 0; i < nr_v6_presets; i++)
		KT_EQ(v6_patches_inconsistent(v6_presets[i].patches), -1);
	KT_EQ(v6_patches_inconsistent(preset("v6.12") & ~SW(E0932B6C1F94)), V6_E6CF9E1C4CDE);
	KT_EQ(v6_patches_inconsistent(SW(9282012FC0AA)), V6_9282012FC0AA);
	KT_EQ(v6_patches_inconsistent(preset("v6.12") & ~SW(C928807F6F6B)), -1);
}

int main(void)
{
	test_table_complete();
	test_presets_nest();
	test_v61_contents();
	test_requirements();
	KT_MAIN_END();
}
