/* SPDX-License-Identifier: MIT */
/*
 * variant.h - which patches of the series are applied, chosen at run time.
 *
 * A variant is the v4.8 baseline plus any set of patches (spec §4):
 *   v1-1 .. v1-4        the v1 series as posted on 7 Oct 2016
 *   88ed365ea227 ...    the four commits merged for v4.10
 *   ac3f3b0a5518        v6.8: forced unreserve on every false return of
 *                       should_reclaim_retry (R6), as an extra patch
 * Presets: "v4.8" (none), "v1" (v1-1..v1-4, the default), "v4.10" (the
 * four merged commits).  Names parse as "base+patch+patch" and
 * "base+no-patch" removes one, e.g. "v1+no-v1-2".
 */
#ifndef HATRACE_VARIANT_H
#define HATRACE_VARIANT_H

#include <stdbool.h>
#include <stddef.h>

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

#define PATCHES_V1	((1u << PATCH_V1_1) | (1u << PATCH_V1_2) | \
			 (1u << PATCH_V1_3) | (1u << PATCH_V1_4))
#define PATCHES_V4_10	((1u << PATCH_88ED365EA227) | (1u << PATCH_4855E4A7F29D) | \
			 (1u << PATCH_04C8716F7B00) | (1u << PATCH_29FAC03BEF72))

#define HAT_DEFAULT_VARIANT	"v1"
#define HAT_VARIANT_NAME_MAX	160

struct hat_variant {
	unsigned int patches;	/* bit n = enum hat_patch n applied */
};

static inline bool variant_has(const struct hat_variant *v, enum hat_patch p)
{
	return v->patches & (1u << p);
}

/* Parse @name; returns 0, or -1 with a message in @err (size @errlen). */
int variant_parse(const char *name, struct hat_variant *v, char *err, size_t errlen);
/* Canonical name: a preset name when the set is one, else "v4.8+...". */
const char *variant_name(const struct hat_variant *v, char *buf, size_t len);
/* Short name of a patch ("v1-2", "4855e4a7f29d"). */
const char *patch_name(enum hat_patch p);
/* One line of what a patch does, for --help and reports. */
const char *patch_title(enum hat_patch p);

#endif /* HATRACE_VARIANT_H */
