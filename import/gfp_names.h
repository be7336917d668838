/* SPDX-License-Identifier: MIT */
/*
 * gfp_names.h - the symbolic gfp_flags of kernel traces (show_gfp_flags(),
 * __def_gfpflag_names) of 3.x/4.x and 5.x/6.x kernels, mapped onto the
 * model's v4.8 bits (allocator/gfp_bits.h).  Names are mapped, never numbers:
 * the bit values moved between kernels, the names kept their meaning.
 * The table and the reasons for each mapping: docs/capture.md.
 */
#ifndef HATRACE_IMPORT_GFP_NAMES_H
#define HATRACE_IMPORT_GFP_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "gfp_bits.h"

enum gfp_name_kind {
	GFPN_SAME,	/* a v4.8 name with the v4.8 meaning */
	GFPN_NEAREST,	/* renamed or changed after v4.8: the nearest v4.8 bits */
	GFPN_DROPPED,	/* no effect on the allocator's choices (debug, KASAN, tags) */
};

struct gfp_name {
	const char *name;
	gfp_t set;		/* v4.8 bits the name stands for */
	gfp_t clear;		/* v4.8 bits it takes away (pre-4.4 __GFP_NO_KSWAPD) */
	enum gfp_name_kind kind;
	const char *note;	/* for the docs and --list-gfp */
};

extern const struct gfp_name gfp_names[];
extern const size_t nr_gfp_names;

/* The entry for one name (@len bytes), or NULL if unknown. */
const struct gfp_name *gfp_name_find(const char *name, size_t len);

/*
 * Decode a whole gfp_flags value ("GFP_KERNEL|__GFP_ZERO", "none",
 * "GFP_ATOMIC|0x4000000") into v4.8 bits.  Returns true if every term is
 * known; otherwise false with the first term that is not (a name this
 * table lacks, or a number: numbers are bits of an unknown layout) in
 * @bad / @badlen.  @nearest is set if a term was mapped approximately.
 */
bool gfp_decode(const char *s, size_t len, gfp_t *out, bool *nearest,
		const char **bad, size_t *badlen);

#endif /* HATRACE_IMPORT_GFP_NAMES_H */
