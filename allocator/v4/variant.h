/* SPDX-License-Identifier: MIT */
/*
 * variant.h - the patches of era 1 (v4.8 .. v4.10), chosen at run time.
 *
 * A variant is the v4.8 baseline plus any set of patches (spec §4):
 *   v1-1 .. v1-4        the v1 series as posted on 7 Oct 2016
 *   88ed365ea227 ...    the four commits merged for v4.10
 *   ac3f3b0a5518        v6.8: forced unreserve on every false return of
 *                       should_reclaim_retry (R6), as an extra patch
 * Presets: "v4.8" (none), "v1" (v1-1..v1-4, the default), "v4.10" (the
 * four merged commits).  Names parse as "base+patch+patch" and
 * "base+no-patch" removes one, e.g. "v1+no-v1-2" (model.c parses them).
 */
#ifndef HATRACE_VARIANT_H
#define HATRACE_VARIANT_H

#include "model.h"

enum hat_patch {
	PATCH_V1_1,		/* mm: adjust reserved highatomic count */
	PATCH_V1_2,		/* mm: prevent double decrease of nr_reserved_highatomic */
	PATCH_V1_3,		/* mm: unreserve highatomic free pages fully before OOM */
	PATCH_V1_4,		/* mm: skip to reserve pageblock crossed zone boundary */
	PATCH_88ED365EA227,	/* mm: don't steal highatomic pageblock */
	PATCH_4855E4A7F29D,	/* mm: prevent double decrease of nr_reserved_highatomic */
	PATCH_04C8716F7B00,	/* mm: try to exhaust highatomic reserve before the OOM */
	PATCH_29FAC03BEF72,	/* mm: make unreserve highatomic functions reliable */
	PATCH_AC3F3B0A5518,	/* mm: page_alloc: unreserve highatomic page blocks before oom */
	NR_HAT_PATCHES
};

#define PATCHES_V1	((1ULL << PATCH_V1_1) | (1ULL << PATCH_V1_2) | \
			 (1ULL << PATCH_V1_3) | (1ULL << PATCH_V1_4))
#define PATCHES_V4_10	((1ULL << PATCH_88ED365EA227) | (1ULL << PATCH_4855E4A7F29D) | \
			 (1ULL << PATCH_04C8716F7B00) | (1ULL << PATCH_29FAC03BEF72))

static inline bool variant_has(const struct hat_variant *v, enum hat_patch p)
{
	return v->patches & (1ULL << p);
}

/* Era 1's names (model.h: variant_parse(), variant_name() read them). */
extern const struct hat_era_names era1_names;
/* Short name of a patch ("v1-2", "4855e4a7f29d"). */
const char *patch_name(enum hat_patch p);
/* One line of what a patch does, for --help and reports. */
const char *patch_title(enum hat_patch p);

#endif /* HATRACE_VARIANT_H */
