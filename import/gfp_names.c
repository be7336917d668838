// SPDX-License-Identifier: MIT
/*
 * gfp_names.c - symbolic gfp_flags of 3.x .. 6.x traces onto v4.8 bits.
 *
 * The names are those of __def_gfpflag_names (include/trace/events/
 * mmflags.h, 4.8 .. 6.x) and of show_gfp_flags() before it.  Composites
 * keep their v4.8 definitions (include/linux/gfp.h, v4.8): a 6.1
 * "GFP_KERNEL" is the v4.8 GFP_KERNEL even though 6.1's bit values differ.
 */
#include "gfp_names.h"

#include <string.h>

/* v4.8 composites the model's gfp.h does not define */
#define V48_GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)
#define V48_GFP_TEMPORARY	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_RECLAIMABLE)
#define V48_GFP_TRANSHUGE_LIGHT	((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | \
				  __GFP_NOWARN) & ~__GFP_RECLAIM)
#define V48_GFP_TRANSHUGE	(V48_GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)

#define SAME(n, m)		{ n, m, 0, GFPN_SAME, "v4.8" }
#define NEAR(n, m, c, why)	{ n, m, c, GFPN_NEAREST, why }
#define DROP(n, why)		{ n, 0, 0, GFPN_DROPPED, why }

const struct gfp_name gfp_names[] = {
	/* composites, as __def_gfpflag_names lists them */
	SAME("GFP_TRANSHUGE", V48_GFP_TRANSHUGE),
	SAME("GFP_TRANSHUGE_LIGHT", V48_GFP_TRANSHUGE_LIGHT),
	SAME("GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE),
	SAME("GFP_HIGHUSER", GFP_HIGHUSER),
	SAME("GFP_USER", GFP_USER),
	SAME("GFP_TEMPORARY", V48_GFP_TEMPORARY),
	SAME("GFP_KERNEL_ACCOUNT", V48_GFP_KERNEL_ACCOUNT),
	SAME("GFP_KERNEL", GFP_KERNEL),
	SAME("GFP_NOFS", GFP_NOFS),
	SAME("GFP_ATOMIC", GFP_ATOMIC),
	SAME("GFP_NOIO", GFP_NOIO),
	SAME("GFP_NOWAIT", GFP_NOWAIT),
	SAME("GFP_DMA", GFP_DMA),
	SAME("GFP_DMA32", GFP_DMA32),
	/* v4.8 bits */
	SAME("__GFP_DMA", __GFP_DMA),
	SAME("__GFP_HIGHMEM", __GFP_HIGHMEM),
	SAME("__GFP_DMA32", __GFP_DMA32),
	SAME("__GFP_MOVABLE", __GFP_MOVABLE),
	SAME("__GFP_RECLAIMABLE", __GFP_RECLAIMABLE),
	SAME("__GFP_HIGH", __GFP_HIGH),
	SAME("__GFP_IO", __GFP_IO),
	SAME("__GFP_FS", __GFP_FS),
	SAME("__GFP_COLD", __GFP_COLD),
	SAME("__GFP_NOWARN", __GFP_NOWARN),
	SAME("__GFP_REPEAT", __GFP_REPEAT),
	SAME("__GFP_NOFAIL", __GFP_NOFAIL),
	SAME("__GFP_NORETRY", __GFP_NORETRY),
	SAME("__GFP_MEMALLOC", __GFP_MEMALLOC),
	SAME("__GFP_COMP", __GFP_COMP),
	SAME("__GFP_ZERO", __GFP_ZERO),
	SAME("__GFP_NOMEMALLOC", __GFP_NOMEMALLOC),
	SAME("__GFP_HARDWALL", __GFP_HARDWALL),
	SAME("__GFP_THISNODE", __GFP_THISNODE),
	SAME("__GFP_ATOMIC", __GFP_ATOMIC),
	SAME("__GFP_ACCOUNT", __GFP_ACCOUNT),
	SAME("__GFP_NOTRACK", __GFP_NOTRACK),
	SAME("__GFP_DIRECT_RECLAIM", __GFP_DIRECT_RECLAIM),
	SAME("__GFP_OTHER_NODE", __GFP_OTHER_NODE),
	SAME("__GFP_WRITE", __GFP_WRITE),
	SAME("__GFP_KSWAPD_RECLAIM", __GFP_KSWAPD_RECLAIM),
	SAME("__GFP_RECLAIM", __GFP_RECLAIM),
	/* after v4.8 */
	NEAR("__GFP_RETRY_MAYFAIL", __GFP_REPEAT, 0,
	     "4.13 renamed __GFP_REPEAT (retry, may fail; the allocator treats both as 'try harder')"),
	DROP("__GFP_NOLOCKDEP", "4.12+: lockdep annotation only"),
	DROP("__GFP_ZEROTAGS", "5.12+: zero memory tags (arm64 MTE) with __GFP_ZERO"),
	DROP("__GFP_SKIP_ZERO", "5.19+: skip init_on_alloc zeroing (KASAN HW tags)"),
	DROP("__GFP_SKIP_KASAN_UNPOISON", "5.19-6.3: KASAN only"),
	DROP("__GFP_SKIP_KASAN_POISON", "5.19-6.3: KASAN only"),
	DROP("__GFP_SKIP_KASAN", "6.4+: KASAN only"),
	DROP("__GFP_NO_OBJ_EXT", "6.10+: slab object extensions (memory allocation profiling)"),
	/* before v4.4 */
	NEAR("__GFP_WAIT", __GFP_RECLAIM, 0,
	     "before 4.4: may sleep; 4.4 turned it into __GFP_RECLAIM (direct + kswapd)"),
	NEAR("__GFP_NO_KSWAPD", 0, __GFP_KSWAPD_RECLAIM,
	     "before 4.4: do not wake kswapd; takes __GFP_KSWAPD_RECLAIM away"),
	NEAR("GFP_IOFS", __GFP_IO | __GFP_FS, 0, "before 4.4: __GFP_IO|__GFP_FS"),
	NEAR("GFP_THISNODE", __GFP_THISNODE | __GFP_NOWARN | __GFP_NORETRY, 0,
	     "3.x composite: __GFP_THISNODE|__GFP_NOWARN|__GFP_NORETRY"),
	NEAR("__GFP_NOTRACK_FALSE_POSITIVE", __GFP_NOTRACK, 0, "kmemcheck, before 4.15"),
	NEAR("GFP_NOTRACK_FALSE_POSITIVE", __GFP_NOTRACK, 0, "kmemcheck, before 4.15"),
	DROP("__GFP_NOACCOUNT", "4.2-4.5: the default (not accounted)"),
};
const size_t nr_gfp_names = sizeof(gfp_names) / sizeof(gfp_names[0]);

const struct gfp_name *gfp_name_find(const char *name, size_t len)
{
	for (size_t i = 0; i < nr_gfp_names; i++)
		if (strlen(gfp_names[i].name) == len && !memcmp(gfp_names[i].name, name, len))
			return &gfp_names[i];
	return NULL;
}

bool gfp_decode(const char *s, size_t len, gfp_t *out, bool *nearest,
		const char **bad, size_t *badlen)
{
	gfp_t set = 0, clear = 0;
	size_t i = 0;

	*nearest = false;
	if ((len == 4 && !memcmp(s, "none", 4)) || (len == 1 && s[0] == '0')) {
		*out = 0;
		return true;
	}
	while (i <= len) {
		size_t j = i;
		const struct gfp_name *g;

		while (j < len && s[j] != '|')
			j++;
		g = j > i ? gfp_name_find(s + i, j - i) : NULL;
		if (!g) {	/* unknown, empty, or a number (bits of an unknown layout) */
			*bad = s + i;
			*badlen = j - i;
			return false;
		}
		set |= g->set;
		clear |= g->clear;
		if (g->kind == GFPN_NEAREST)
			*nearest = true;
		i = j + 1;
	}
	*out = set & ~clear & __GFP_BITS_MASK;
	return true;
}
