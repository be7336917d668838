// SPDX-License-Identifier: MIT
/*
 * test_variant.c - variant names (variant.h, spec §4): presets, patch
 * combinations, removals, commit prefixes, errors and the canonical name.
 */
#include "ktest.h"
#include "variant.h"

#include <string.h>

#define B(p)	(1u << (p))

static char err[256];
static char name[HAT_VARIANT_NAME_MAX];

/* Parse @s; returns the patch set, or ~0u on error. */
static unsigned int parse(const char *s)
{
	struct hat_variant v = { .patches = 0xdeadu };

	err[0] = 0;
	if (variant_parse(s, &v, err, sizeof(err)))
		return ~0u;
	return v.patches;
}

static const char *canon(unsigned int patches)
{
	struct hat_variant v = { .patches = patches };

	memset(name, 0, sizeof(name));
	return variant_name(&v, name, sizeof(name));
}

static void test_presets(void)
{
	KT_EQ(parse("v4.8"), 0);
	/* v1 = v1-1..v1-4 */
	KT_EQ(parse("v1"), B(PATCH_V1_1) | B(PATCH_V1_2) | B(PATCH_V1_3) | B(PATCH_V1_4));
	/* v4.10 = the four merged commits */
	KT_EQ(parse("v4.10"), B(PATCH_88ED365EA227) | B(PATCH_4855E4A7F29D) |
	      B(PATCH_04C8716F7B00) | B(PATCH_29FAC03BEF72));
	KT_EQ(parse("v1"), PATCHES_V1);
	KT_EQ(parse("v4.10"), PATCHES_V4_10);
	KT_EQ(PATCHES_V1 & PATCHES_V4_10, 0);
	KT_EQ(NR_HAT_PATCHES, 9);
	KT_STREQ(HAT_DEFAULT_VARIANT, "v1");
	/* a preset's canonical name is the preset */
	KT_STREQ(canon(0), "v4.8");
	KT_STREQ(canon(PATCHES_V1), "v1");
	KT_STREQ(canon(PATCHES_V4_10), "v4.10");
}

static void test_combinations(void)
{
	KT_EQ(parse("v4.8+v1-1+v1-3"), B(PATCH_V1_1) | B(PATCH_V1_3));
	KT_STREQ(canon(parse("v4.8+v1-1+v1-3")), "v4.8+v1-1+v1-3");
	/* removal */
	KT_EQ(parse("v1+no-v1-2"), B(PATCH_V1_1) | B(PATCH_V1_3) | B(PATCH_V1_4));
	KT_STREQ(canon(parse("v1+no-v1-2")), "v4.8+v1-1+v1-3+v1-4");
	KT_EQ(parse("v4.10+no-29fac03bef72"),
	      B(PATCH_88ED365EA227) | B(PATCH_4855E4A7F29D) | B(PATCH_04C8716F7B00));
	KT_STREQ(canon(parse("v4.10+no-29fac03bef72")),
		 "v4.8+88ed365ea227+4855e4a7f29d+04c8716f7b00");
	/* removing what is absent changes nothing; adding twice is once */
	KT_EQ(parse("v4.8+no-v1-1"), 0);
	KT_EQ(parse("v4.8+v1-1+v1-1"), B(PATCH_V1_1));
	/* order of components: later ones win */
	KT_EQ(parse("v4.8+v1-1+no-v1-1"), 0);
	KT_EQ(parse("v4.8+no-v1-1+v1-1"), B(PATCH_V1_1));
	/* extras on a preset */
	KT_EQ(parse("v4.10+ac3f3b0a5518"), PATCHES_V4_10 | B(PATCH_AC3F3B0A5518));
	KT_STREQ(canon(parse("v4.10+ac3f3b0a5518")), "v4.10+ac3f3b0a5518");
	KT_STREQ(canon(PATCHES_V1 | B(PATCH_88ED365EA227)), "v1+88ed365ea227");
	/* both presets: the larger one (v4.10) names the set */
	KT_STREQ(canon(PATCHES_V1 | PATCHES_V4_10), "v4.10+v1-1+v1-2+v1-3+v1-4");
	/* a preset is recognised in a set built patch by patch */
	KT_STREQ(canon(parse("v4.8+v1-4+v1-3+v1-2+v1-1")), "v1");
	/* no preset needed */
	KT_EQ(parse("v1-2"), B(PATCH_V1_2));
	KT_EQ(parse("4855e4a7f29d+v1-4"), B(PATCH_4855E4A7F29D) | B(PATCH_V1_4));
	/* canonical order is patch order, whatever the input order */
	KT_STREQ(canon(parse("v4.8+29fac03bef72+v1-2")), "v4.8+v1-2+29fac03bef72");
}

static void test_commit_prefixes(void)
{
	/* at least 4 hex digits of a commit id */
	KT_EQ(parse("88ed"), B(PATCH_88ED365EA227));
	KT_EQ(parse("v4.8+88ed"), B(PATCH_88ED365EA227));
	KT_EQ(parse("v4.8+4855e"), B(PATCH_4855E4A7F29D));
	KT_EQ(parse("v4.8+04c8716f"), B(PATCH_04C8716F7B00));
	KT_EQ(parse("v4.8+29fac03bef72"), B(PATCH_29FAC03BEF72));
	KT_EQ(parse("v4.10+ac3f"), PATCHES_V4_10 | B(PATCH_AC3F3B0A5518));
	KT_EQ(parse("v4.10+no-29fa"), PATCHES_V4_10 & ~B(PATCH_29FAC03BEF72));
	KT_STREQ(canon(parse("v4.8+88ed")), "v4.8+88ed365ea227");
	/* too short, or longer than the id */
	KT_EQ(parse("v4.8+88e"), ~0u);
	KT_EQ(parse("v4.8+88ed365ea2277"), ~0u);
	KT_EQ(parse("v4.8+88ee"), ~0u);
	/* v1 patch names are not prefixes */
	KT_EQ(parse("v4.8+v1-"), ~0u);
}

static void test_errors(void)
{
	struct hat_variant v = { .patches = 0 };

	KT_EQ(parse("v5.0"), ~0u);			/* unknown */
	KT_ASSERT(strlen(err) > 0);
	KT_ASSERT(strstr(err, "v5.0") != NULL);
	KT_EQ(parse("v4.8+v1-5"), ~0u);
	KT_ASSERT(strstr(err, "v1-5") != NULL);
	KT_EQ(parse(""), ~0u);				/* empty */
	KT_ASSERT(strlen(err) > 0);
	KT_EQ(variant_parse(NULL, &v, err, sizeof(err)), -1);
	KT_EQ(parse("v4.8+"), ~0u);			/* trailing '+' */
	KT_ASSERT(strstr(err, "trailing") != NULL);
	KT_EQ(parse("v1+"), ~0u);
	KT_EQ(parse("+v1-1"), ~0u);			/* empty component */
	KT_EQ(parse("v4.8++v1-1"), ~0u);
	KT_EQ(parse("v1-1+v1"), ~0u);			/* preset not first */
	KT_ASSERT(strstr(err, "first") != NULL);
	KT_EQ(parse("v4.8+v4.10"), ~0u);
	KT_EQ(parse("v1+no-v1"), ~0u);			/* a preset cannot be removed */
	KT_EQ(parse("no-"), ~0u);
	KT_EQ(parse("V4.8"), ~0u);			/* case matters */
	KT_EQ(parse("v4.8 "), ~0u);
}

static void test_patch_names(void)
{
	KT_STREQ(patch_name(PATCH_V1_1), "v1-1");
	KT_STREQ(patch_name(PATCH_V1_4), "v1-4");
	KT_STREQ(patch_name(PATCH_88ED365EA227), "88ed365ea227");
	KT_STREQ(patch_name(PATCH_4855E4A7F29D), "4855e4a7f29d");
	KT_STREQ(patch_name(PATCH_04C8716F7B00), "04c8716f7b00");
	KT_STREQ(patch_name(PATCH_29FAC03BEF72), "29fac03bef72");
	KT_STREQ(patch_name(PATCH_AC3F3B0A5518), "ac3f3b0a5518");
	KT_STREQ(patch_name(NR_HAT_PATCHES), "?");
	/* titles carry the patch subject (§3.0) */
	KT_ASSERT(strstr(patch_title(PATCH_88ED365EA227), "don't steal highatomic pageblock") != NULL);
	KT_ASSERT(strstr(patch_title(PATCH_V1_2), "prevent double decrease") != NULL);
	KT_ASSERT(strstr(patch_title(PATCH_29FAC03BEF72), "reliable") != NULL);
	KT_STREQ(patch_title(NR_HAT_PATCHES), "?");
	/* every patch name parses back to that one patch */
	for (int p = 0; p < NR_HAT_PATCHES; p++) {
		char buf[64];

		snprintf(buf, sizeof(buf), "v4.8+%s", patch_name((enum hat_patch)p));
		KT_EQ(parse(buf), B(p));
	}
}

static void test_round_trip(void)
{
	unsigned int bad = 0, bad_name = 0;

	/* every one of the 2^9 patch sets: name -> parse -> same set and name */
	for (unsigned int set = 0; set < (1u << NR_HAT_PATCHES); set++) {
		char first[HAT_VARIANT_NAME_MAX];
		unsigned int back;

		snprintf(first, sizeof(first), "%s", canon(set));
		back = parse(first);
		if (back != set)
			bad++;
		if (strcmp(canon(back), first))
			bad_name++;
	}
	KT_EQ(bad, 0);
	KT_EQ(bad_name, 0);
	/* names start with a preset and never end with '+' */
	for (unsigned int set = 0; set < (1u << NR_HAT_PATCHES); set++) {
		const char *n = canon(set);
		size_t len = strlen(n);

		if (!(len && n[len - 1] != '+' &&
		      (!strncmp(n, "v4.8", 4) || !strncmp(n, "v4.10", 5) ||
		       !strncmp(n, "v1", 2))))
			bad++;
	}
	KT_EQ(bad, 0);
}

int main(void)
{
	test_presets();
	test_combinations();
	test_commit_prefixes();
	test_errors();
	test_patch_names();
	test_round_trip();
	KT_MAIN_END();
}
