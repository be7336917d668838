// SPDX-License-Identifier: MIT
/*
 * variant_names.c - era 2's names (variant.c's table of switches and
 * presets) in model.h's form, for the one variant parser (model.c) and
 * hatrace matrix's columns.
 */
#include <stdio.h>

#include "model.h"
#include "mmzone.h"

static struct hat_patch_desc era2_patches[NR_V6_PATCHES];
static struct hat_preset era2_presets[8];
static struct hat_column era2_columns[8];	/* hatrace matrix: the presets */
static char era2_help[1024];

static uint64_t era2_requires[NR_V6_PATCHES];

struct hat_era_names v6_era_names = {
	.nr_patches = NR_V6_PATCHES,
	.patches = era2_patches,
	.presets = era2_presets,
	.help = era2_help,
	.columns = era2_columns,
	.legend = "the columns are era 2's presets.",
	.cumulative_legend = "",
	.requires = era2_requires,
	.names_remove = true,
};

/*
 * Fill v6_era_names from variant.c's table before anything parses a
 * name.  Presets stay in release order: a set is
 * named after the closest one (names_remove).
 */
__attribute__((constructor)) static void era2_names_init(void)
{
	size_t off;

	BUG_ON(nr_v6_presets > ARRAY_SIZE(era2_presets));
	for (int p = 0; p < NR_V6_PATCHES; p++) {
		era2_patches[p] = (struct hat_patch_desc){ v6_patches[p].name,
							   v6_patches[p].title };
		era2_requires[p] = v6_patches[p].requires;
	}
	for (size_t i = 0; i < nr_v6_presets; i++) {
		era2_presets[i] = (struct hat_preset){ v6_presets[i].name, v6_presets[i].patches };
		era2_columns[i] = (struct hat_column){ v6_presets[i].name, v6_presets[i].name };
	}
	v6_era_names.nr_presets = v6_era_names.nr_columns = (unsigned int)nr_v6_presets;
	off = (size_t)snprintf(era2_help, sizeof(era2_help), "presets:");
	for (size_t i = 0; i < nr_v6_presets && off < sizeof(era2_help); i++)
		off += (size_t)snprintf(era2_help + off, sizeof(era2_help) - off, " %s",
					v6_presets[i].name);
	if (off < sizeof(era2_help))
		off += (size_t)snprintf(era2_help + off, sizeof(era2_help) - off, "; patches:");
	for (int p = 0; p < NR_V6_PATCHES && off < sizeof(era2_help); p++)
		off += (size_t)snprintf(era2_help + off, sizeof(era2_help) - off, " %s",
					v6_patches[p].name);
}
