/* SPDX-License-Identifier: MIT */
/*
 * variant.h - the era-2 core's patch switches and presets.
 *
 * Each switch is one commit (or posted patch) that changes what the
 * highatomic reserve, its accounting or its neighbours do.  The node holds
 * a 64-bit mask of them (contig_page_data.patches, read with v6_has()).
 * A switch is named by its commit id (12 hex) where the id is known, else
 * by a short name (the table's id_known says which).  [U] in a title or
 * comment: not verified in a source or log (see variant.c).
 *
 * Presets: v6.1 (Debian bookworm 6.1.192, the shared traces' kernel),
 * v6.6, v6.12, v6.18, mainline (late 2026, with the 2026 patches as
 * posted).  Parsing "v6.12+no-c928807f6f6b" is model.c's job (one parser
 * for both eras); this file supplies the table it reads.
 */
#ifndef HATRACE_V6_VARIANT_H
#define HATRACE_V6_VARIANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum v6_patch {
	/* already in v6.1 */
	V6_F27CE0E14088,	/* v5.9  fast watermark subtracts the unusable free (T4) */
	V6_9282012FC0AA,	/* v5.19 clamp of that subtraction (T4) */
	/*
	 * v6.3, Mel Gorman's "Discard __GFP_ATOMIC" series, as three
	 * switches (its other pieces change nothing the model sees, or only
	 * together with these: 524c48072e56 renames ALLOC_HIGH, c988dcbecf3f
	 * (RT tasks get MIN_RESERVE, not HARDER) and ab3508854353 (ALLOC_OOM
	 * in ALLOC_RESERVES) are folded into 1ebbb21811b7).
	 */
	V6_EB2E2B425C69,	/* ALLOC_HIGHATOMIC: H access/reserve no longer = order && HARDER */
	V6_1EBBB21811B7,	/* NON_BLOCK = !DIRECT_RECLAIM, its reserve depths */
	V6_2973D8229B78,	/* __GFP_ATOMIC gone: the boosted-min retry keys on MIN_RESERVE */
	/* v6.6 */
	V6_7B086755FB8C,	/* pcp trylock-fail free uses the block type (T1) */
	/* v6.7, Huang Ying's pcp auto-tuning */
	V6_PCP_AUTOTUNE,	/* high_min/high_max, free_count, alloc_factor */
	/* v6.8 */
	V6_AC3F3B0A5518,	/* forced unreserve on any false should_reclaim_retry (T2) */
	V6_9CD20F3FE045,	/* no reserve in zones under 100 blocks (T3) */
	V6_D68E39FC45F7,	/* cap = ALIGN(managed/100, pageblock) (T3) */
	/* v6.10, Johannes Weiner's free-list hygiene series (T13) */
	V6_17EDEB5D3F76,	/* no pcp migratetype cache */
	V6_55612E80E722,	/* free paths read the block type under zone->lock */
	V6_C0CD6F557B90,	/* block conversion moves the free pages; steal keeps the type */
	V6_E0932B6C1F94,	/* list type == block type, account_freepages() */
	V6_E6CF9E1C4CDE,	/* retype on compatible merge (first block) */
	V6_7CC5A5D65011,	/* multi-block highatomic typing (T7) */
	/* v6.10 (Cc stable: in 6.1.y and 6.6.y) */
	V6_BF14ED81F571,	/* two THP pcp lists (movable, other) */
	/* v6.16 [U] */
	V6_ISOLATE_BIT,		/* Zi Yan: isolation a standalone pageblock bit */
	/* v6.17 (Cc stable: in 6.1.y, 6.6.y, 6.12.y) */
	V6_6A204D4B14C9,	/* ALLOC_HIGHATOMIC only for __GFP_HIGH */
	/* v6.12 */
	V6_C928807F6F6B,	/* nr_free_highatomic in the watermark (T5) */
	V6_281DD25C1A01,	/* order-0 atomic access to H (T6) */
	/* v6.15 */
	V6_C2F6EA38FC1B,	/* claim/steal split: no single pages from the biggest buddy */
	V6_90ABEE6D7895,	/* rmqueue modes: "speed up fallbacks in rmqueue_bulk()" (T11) */
	V6_UNDERFLOW_WARN,	/* WARN on nr_reserved_highatomic underflow */
	V6_E3AA7DF331BC,	/* defrag_mode */
	V6_DEFRAG_MODE_OOM_FIX,	/* "fix defrag_mode's retry & OOM path" (T12) */
	/* v6.19 */
	V6_COALESCE_RETYPE_ALL,	/* Gordeev: retype every block on coalescing (T8) */
	/* 2026 */
	V6_PCP_NO_RESERVE_GROWTH,	/* van der Linden, mm-unstable 68374c501678 (T9) */
	V6_FASTPATH_HIGHATOMIC,	/* Kobryn v3, mm-new 7a496b133 (T10) */
	NR_V6_PATCHES
};

_Static_assert(NR_V6_PATCHES <= 64, "the variant is a 64-bit mask");

#define V6_BIT(p)	(UINT64_C(1) << (p))

struct v6_patch_desc {
	const char *name;	/* "c928807f6f6b", or a short name */
	const char *title;	/* the commit's title, [U] where unverified */
	const char *version;	/* the first release carrying it ("v6.12", "mm-new") */
	bool id_known;		/* name is a commit id seen in a log */
	uint64_t requires;	/* switches it needs to make sense (V6_BIT mask) */
};

struct v6_preset {
	const char *name;	/* "v6.1" */
	const char *what;	/* one line: which kernel */
	uint64_t patches;
};

extern const struct v6_patch_desc v6_patches[NR_V6_PATCHES];
extern const struct v6_preset v6_presets[];
extern const size_t nr_v6_presets;

/* The preset named @name, or NULL. */
const struct v6_preset *v6_preset_find(const char *name);

/* Era 2's names in model.h's form (variant_names.c). */
struct hat_era_names;
extern struct hat_era_names v6_era_names;
/*
 * The first switch of @patches whose requirements are not all in
 * @patches, or -1: a set that mixes a commit with the absence of one it
 * builds on ("v6.12+no-e0932b6c1f94" keeps e6cf9e1c4cde, which needs it).
 */
int v6_patches_inconsistent(uint64_t patches);

#endif /* HATRACE_V6_VARIANT_H */
