// SPDX-License-Identifier: MIT
/*
 * variant.c - the era-2 switches: names, titles, versions, what each
 * needs, and the presets.  [U] marks what was not seen in a source, log
 * or posted patch (ids from memory, versions inferred).
 */
#include "variant.h"

#include <string.h>

#define B(p)	V6_BIT(V6_##p)

/* The hygiene series builds on itself: a later piece needs the earlier ones. */
#define HYGIENE_BASE	(B(17EDEB5D3F76) | B(55612E80E722) | B(C0CD6F557B90))

const struct v6_patch_desc v6_patches[NR_V6_PATCHES] = {
	[V6_F27CE0E14088] = { "f27ce0e14088",
		"mm/page_alloc: consider highatomic reserve in watermark fast", "v5.9", true, 0 },
	[V6_9282012FC0AA] = { "9282012fc0aa",
		"mm/page_alloc: fix invalid watermark check on a negative value", "v5.19", true,
		B(F27CE0E14088) },
	[V6_EB2E2B425C69] = { "eb2e2b425c69",
		"mm/page_alloc: explicitly record high-order atomic allocations in alloc_flags",
		"v6.3", true, 0 },
	[V6_1EBBB21811B7] = { "1ebbb21811b7",
		"mm/page_alloc: explicitly define how __GFP_HIGH non-blocking allocations accesses reserves",
		"v6.3", true, B(EB2E2B425C69) },
	[V6_2973D8229B78] = { "2973d8229b78", "mm: discard __GFP_ATOMIC", "v6.3", true,
		B(EB2E2B425C69) | B(1EBBB21811B7) },
	[V6_7B086755FB8C] = { "7b086755fb8c",
		"mm: page_alloc: fix CMA and HIGHATOMIC landing on the wrong buddy list", "v6.6",
		true, 0 },
	[V6_PCP_AUTOTUNE] = { "pcp-autotune",
		"mm: tune PCP high automatically (Huang Ying's series, 51a755c56dc0 [U])", "v6.7",
		false, 0 },
	[V6_AC3F3B0A5518] = { "ac3f3b0a5518",
		"mm: page_alloc: unreserve highatomic page blocks before oom", "v6.8", true, 0 },
	[V6_9CD20F3FE045] = { "9cd20f3fe045",
		"mm: page_alloc: enforce minimum zone size to do high atomic reserves", "v6.8",
		true, 0 },
	[V6_D68E39FC45F7] = { "d68e39fc45f7",
		"mm: page_alloc: correct high atomic reserve calculations", "v6.8", true, 0 },
	[V6_17EDEB5D3F76] = { "17edeb5d3f76",
		"mm: page_alloc: remove pcppage migratetype caching", "v6.10", true, 0 },
	[V6_55612E80E722] = { "55612e80e722",
		"mm: page_alloc: close migratetype race between freeing and stealing", "v6.10",
		true, 0 },
	[V6_C0CD6F557B90] = { "c0cd6f557b90",
		"mm: page_alloc: fix freelist movement during block conversion", "v6.10", true, 0 },
	[V6_E0932B6C1F94] = { "e0932b6c1f94",
		"mm: page_alloc: consolidate free page accounting", "v6.10", true, HYGIENE_BASE },
	[V6_E6CF9E1C4CDE] = { "e6cf9e1c4cde",
		"mm: page_alloc: fix up block types when merging compatible blocks", "v6.10", true,
		HYGIENE_BASE | B(E0932B6C1F94) },
	[V6_7CC5A5D65011] = { "7cc5a5d65011",
		"mm/page_alloc: fix highatomic typing in multi-block buddies", "v6.10", true,
		HYGIENE_BASE | B(E0932B6C1F94) },
	[V6_BF14ED81F571] = { "bf14ed81f571",
		"mm/page_alloc: Separate THP PCP into movable and non-movable categories",
		"v6.10", true, 0 },
	[V6_ISOLATE_BIT] = { "isolate-bit",
		"mm/page_isolation: make page isolation a standalone bit (Zi Yan) [U id]",
		"v6.16 [U]", false, 0 },
	[V6_6A204D4B14C9] = { "6a204d4b14c9",
		"mm/page_alloc: only set ALLOC_HIGHATOMIC for __GPF_HIGH allocations", "v6.17",
		true, B(1EBBB21811B7) },
	[V6_C928807F6F6B] = { "c928807f6f6b",
		"mm/page_alloc: keep track of free highatomic", "v6.12", true,
		HYGIENE_BASE | B(E0932B6C1F94) },
	[V6_281DD25C1A01] = { "281dd25c1a01",
		"mm/page_alloc: let GFP_ATOMIC order-0 allocs access highatomic reserves", "v6.12",
		true, B(EB2E2B425C69) | B(1EBBB21811B7) },
	[V6_C2F6EA38FC1B] = { "c2f6ea38fc1b",
		"mm: page_alloc: don't steal single pages from biggest buddy", "v6.15", true,
		HYGIENE_BASE | B(E0932B6C1F94) },
	[V6_90ABEE6D7895] = { "90abee6d7895",
		"mm: page_alloc: speed up fallbacks in rmqueue_bulk()", "v6.15", true,
		B(C2F6EA38FC1B) },
	[V6_UNDERFLOW_WARN] = { "underflow-warn",
		"mm/page_alloc: warn on nr_reserved_highatomic underflow [U id]", "v6.15 [U]",
		false, 0 },
	[V6_E3AA7DF331BC] = { "e3aa7df331bc", "mm: page_alloc: defrag_mode", "v6.15 [U]", true,
		B(C2F6EA38FC1B) },
	[V6_DEFRAG_MODE_OOM_FIX] = { "defrag-mode-oom-fix",
		"mm: page_alloc: fix defrag_mode's retry & OOM path [U id]", "v6.15 [U]", false,
		B(E3AA7DF331BC) },
	[V6_COALESCE_RETYPE_ALL] = { "coalesce-retype-all",
		"mm/page_alloc: change all pageblocks migrate type on coalescing [U id]",
		"v6.19 [U]", false, B(E6CF9E1C4CDE) },
	[V6_PCP_NO_RESERVE_GROWTH] = { "pcp-no-reserve-growth",
		"mm/page_alloc: don't increase highatomic reserve after pcp alloc (mm-unstable 68374c501678)",
		"v7.1 [U]", false, B(EB2E2B425C69) },
	[V6_FASTPATH_HIGHATOMIC] = { "fastpath-highatomic",
		"mm/page_alloc: use existing highatomic reserves on the buddy fastpath (v3, mm-new 7a496b133)",
		"v7.3 [U]", false, B(EB2E2B425C69) | B(1EBBB21811B7) | B(2973D8229B78) },
};

/*
 * v6.1.0 had the two watermark commits.  Debian's 6.1.192 adds what 6.1.y
 * took: read in a late 6.1.y mm/page_alloc.c (unifreq/linux-6.1.y at
 * 07badeaa490f, sublevel not stored, with 281dd25c1a01 so >= Nov 2024):
 * Mel Gorman's v6.3 series without 2973d8229b78 (__GFP_ATOMIC still read
 * by zone_watermark_fast), 7b086755fb8c, ac3f3b0a5518, bf14ed81f571,
 * 281dd25c1a01; and
 * 6a204d4b14c9 from its 6.1-stable review ("[PATCH 6.1 125/168]", Oct
 * 2025).  Not in that copy: the v6.8 cap fixes, the hygiene series, the
 * pcp auto-tuning.  [U] whether 6.1.192 took anything later.
 */
#define P_V6_1_0	(B(F27CE0E14088) | B(9282012FC0AA))
#define P_V6_1		(P_V6_1_0 | B(EB2E2B425C69) | B(1EBBB21811B7) | B(7B086755FB8C) | \
			 B(AC3F3B0A5518) | B(BF14ED81F571) | B(281DD25C1A01) | \
			 B(6A204D4B14C9))
/* The other presets are the tagged releases (no later stable backports). */
#define P_V6_6		(P_V6_1_0 | B(EB2E2B425C69) | B(1EBBB21811B7) | B(2973D8229B78) | \
			 B(7B086755FB8C))
#define P_V6_12		(P_V6_6 | B(PCP_AUTOTUNE) | B(AC3F3B0A5518) | B(9CD20F3FE045) | \
			 B(D68E39FC45F7) | HYGIENE_BASE | B(E0932B6C1F94) | B(E6CF9E1C4CDE) | \
			 B(7CC5A5D65011) | B(BF14ED81F571) | B(C928807F6F6B) | \
			 B(281DD25C1A01))
#define P_V6_18		(P_V6_12 | B(C2F6EA38FC1B) | B(90ABEE6D7895) | B(UNDERFLOW_WARN) | \
			 B(E3AA7DF331BC) | B(DEFRAG_MODE_OOM_FIX) | B(ISOLATE_BIT) | \
			 B(6A204D4B14C9))
#define P_MAINLINE	(P_V6_18 | B(COALESCE_RETYPE_ALL) | B(PCP_NO_RESERVE_GROWTH) | \
			 B(FASTPATH_HIGHATOMIC))

const struct v6_preset v6_presets[] = {
	{ "v6.1", "Debian bookworm 6.1.192: v6.1 and the 6.1.y backports above", P_V6_1 },
	{ "v6.6", "v6.6 as tagged", P_V6_6 },
	{ "v6.12", "v6.12 as tagged", P_V6_12 },
	{ "v6.18", "v6.18 as tagged", P_V6_18 },
	{ "mainline", "mainline, late 2026, with the 2026 patches as posted", P_MAINLINE },
};

const size_t nr_v6_presets = sizeof(v6_presets) / sizeof(v6_presets[0]);

const struct v6_preset *v6_preset_find(const char *name)
{
	for (size_t i = 0; i < nr_v6_presets; i++)
		if (!strcmp(v6_presets[i].name, name))
			return &v6_presets[i];
	return NULL;
}

int v6_patches_inconsistent(uint64_t patches)
{
	for (int p = 0; p < NR_V6_PATCHES; p++)
		if ((patches & V6_BIT(p)) &&
		    (v6_patches[p].requires & patches) != v6_patches[p].requires)
			return p;
	return -1;
}
