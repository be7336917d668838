// SPDX-License-Identifier: MIT
/*
 * variant_names.c - era 2's names (variant.c's table of switches and
 * presets) in model.h's form, for the one variant parser (model.c).
 */
#include <stdio.h>

#include "model.h"
#include "mmzone.h"

static struct hat_patch_desc era2_patches[NR_V6_PATCHES];
static struct hat_preset era2_presets[8];
static char era2_help[1024];

struct hat_era_names v6_era_names = {
	.nr_patches = NR_V6_PATCHES,
	.patches = era2_patches,
	.presets = era2_presets,
	.help = era2_help,
};

/*
 * Fill v6_era_names from variant.c's table before anything parses a name.
 * Presets go longest first (a set is named after the largest preset it
 * holds).
 */
__attribute__((constructor)) static void era2_names_init(void)
{
	size_t off;

	BUG_ON(nr_v6_presets > ARRAY_SIZE(era2_presets));
	for (int p = 0; p < NR_V6_PATCHES; p++)
		era2_patches[p] = (struct hat_patch_desc){ v6_patches[p].name,
							   v6_patches[p].title };
	for (size_t i = 0; i < nr_v6_presets; i++) {
		size_t j = i;

		while (j && __builtin_popcountll(era2_presets[j - 1].patches) <
			    __builtin_popcountll(v6_presets[i].patches)) {
			era2_presets[j] = era2_presets[j - 1];
			j--;
		}
		era2_presets[j] = (struct hat_preset){ v6_presets[i].name, v6_presets[i].patches };
	}
	v6_era_names.nr_presets = (unsigned int)nr_v6_presets;
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
