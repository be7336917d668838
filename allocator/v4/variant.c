// SPDX-License-Identifier: MIT
/*
 * variant.c - the names of era 1's patches and presets (spec §4).
 */
#include "variant.h"

static const struct hat_patch_desc patches[NR_HAT_PATCHES] = {
	[PATCH_V1_1] = { "v1-1", "v1 1/4 mm: adjust reserved highatomic count" },
	[PATCH_V1_2] = { "v1-2", "v1 2/4 mm: prevent double decrease of nr_reserved_highatomic" },
	[PATCH_V1_3] = { "v1-3", "v1 3/4 mm: unreserve highatomic free pages fully before OOM" },
	[PATCH_V1_4] = { "v1-4", "v1 4/4 mm: skip to reserve pageblock crossed zone boundary for HIGHATOMIC" },
	[PATCH_88ED365EA227] = { "88ed365ea227", "mm: don't steal highatomic pageblock" },
	[PATCH_4855E4A7F29D] = { "4855e4a7f29d", "mm: prevent double decrease of nr_reserved_highatomic" },
	[PATCH_04C8716F7B00] = { "04c8716f7b00", "mm: try to exhaust highatomic reserve before the OOM" },
	[PATCH_29FAC03BEF72] = { "29fac03bef72", "mm: make unreserve highatomic functions reliable" },
	[PATCH_AC3F3B0A5518] = { "ac3f3b0a5518", "mm: page_alloc: unreserve highatomic page blocks before oom (v6.8)" },
};

/* Longest first, so that the canonical name prefers the biggest preset. */
static const struct hat_preset presets[] = {
	{ "v4.10", PATCHES_V4_10 },
	{ "v1", PATCHES_V1 },
	{ "v4.8", 0 },
};

/* hatrace matrix: every preset and single patch */
static const struct hat_column columns[] = {
	{ "v4.8", "v4.8" },
	{ "v4.8+v1-1", "+v1-1" },
	{ "v4.8+v1-2", "+v1-2" },
	{ "v4.8+v1-3", "+v1-3" },
	{ "v4.8+v1-4", "+v1-4" },
	{ "v1", "v1" },
	{ "v4.8+88ed365ea227", "+88ed" },
	{ "v4.8+4855e4a7f29d", "+4855" },
	{ "v4.8+04c8716f7b00", "+04c8" },
	{ "v4.8+29fac03bef72", "+29fa" },
	{ "v4.10", "v4.10" },
	{ "v4.10+ac3f3b0a5518", "v4.10+ac3f" },
};

/* Spec §4.2: each series applied cumulatively up to the column. */
static const struct hat_column cumulative[] = {
	{ "v4.8", "v4.8" },
	{ "v4.8+v1-1", "+v1-1" },
	{ "v4.8+v1-1+v1-2", "..+v1-2" },
	{ "v4.8+v1-1+v1-2+v1-3", "..+v1-3" },
	{ "v1", "v1" },
	{ "v4.8+88ed365ea227", "+88ed" },
	{ "v4.8+88ed365ea227+4855e4a7f29d", "..+4855" },
	{ "v4.8+88ed365ea227+4855e4a7f29d+04c8716f7b00", "..+04c8" },
	{ "v4.10", "v4.10" },
};

const struct hat_era_names era1_names = {
	.nr_patches = NR_HAT_PATCHES,
	.patches = patches,
	.nr_presets = sizeof(presets) / sizeof(presets[0]),
	.presets = presets,
	.help = "presets: v4.8 v1 v4.10; patches: v1-1..v1-4 88ed365ea227 4855e4a7f29d 04c8716f7b00 29fac03bef72 ac3f3b0a5518",
	.nr_columns = sizeof(columns) / sizeof(columns[0]),
	.columns = columns,
	.nr_cumulative = sizeof(cumulative) / sizeof(cumulative[0]),
	.cumulative = cumulative,
	.legend = "+X = v4.8 plus patch X alone.",
	.cumulative_legend = "v1 = all of v1-1..v1-4;\n"
		"        v4.10 = 88ed365ea227+4855e4a7f29d+04c8716f7b00+29fac03bef72.",
};

const char *patch_name(enum hat_patch p)
{
	return (unsigned int)p < NR_HAT_PATCHES ? patches[p].name : "?";
}

const char *patch_title(enum hat_patch p)
{
	return (unsigned int)p < NR_HAT_PATCHES ? patches[p].title : "?";
}
