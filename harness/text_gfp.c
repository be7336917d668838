// SPDX-License-Identifier: MIT
/*
 * text_gfp.c - the names of gfp bits and composites (GFP_KERNEL, ...):
 * printing a mask canonically, and looking a name up for the parser.
 */
#include "text_parser.h"

static const char *const gfp_bit_names[] = {
	"__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE",
	"__GFP_RECLAIMABLE", "__GFP_HIGH", "__GFP_IO", "__GFP_FS",
	"__GFP_COLD", "__GFP_NOWARN", "__GFP_REPEAT", "__GFP_NOFAIL",
	"__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_ZERO",
	"__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_ATOMIC",
	"__GFP_ACCOUNT", "__GFP_NOTRACK", "__GFP_DIRECT_RECLAIM", "__GFP_OTHER_NODE",
	"__GFP_WRITE", "__GFP_KSWAPD_RECLAIM",
};

_Static_assert(ARRAY_SIZE(gfp_bit_names) == 26 && (1u << 26) - 1 == __GFP_BITS_MASK,
	       "one name per GFP bit");

struct gfp_composite {
	const char *name;
	gfp_t mask;
};

/*
 * The composites gfp_print() may use, most bits first (ties: list order).
 * It prints the first one that is a subset of the mask, then single bits.
 */
static const struct gfp_composite gfp_composites[] = {
	{ "GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE },	/* 7 bits */
	{ "GFP_HIGHUSER", GFP_HIGHUSER },			/* 6 */
	{ "GFP_USER", GFP_USER },				/* 5 */
	{ "GFP_KERNEL", GFP_KERNEL },				/* 4 */
	{ "GFP_ATOMIC", GFP_ATOMIC },				/* 3 */
	{ "GFP_NOFS", GFP_NOFS },				/* 3 */
	{ "GFP_NOIO", GFP_NOIO },				/* 2 */
	{ "GFP_NOWAIT", GFP_NOWAIT },				/* 1 */
	{ "GFP_DMA", GFP_DMA },					/* 1 */
	{ "GFP_DMA32", GFP_DMA32 },				/* 1 */
};

/* Also accepted on input, never printed. */
static const struct gfp_composite gfp_input_only[] = {
	{ "__GFP_RECLAIM", __GFP_RECLAIM },
};

void gfp_print(FILE *f, gfp_t gfp)
{
	const char *sep = "";

	if (!gfp) {
		fputs("0", f);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(gfp_composites); i++) {
		if ((gfp & gfp_composites[i].mask) == gfp_composites[i].mask) {
			fputs(gfp_composites[i].name, f);
			gfp &= ~gfp_composites[i].mask;
			sep = "|";
			break;
		}
	}
	for (unsigned int bit = 0; bit < 32; bit++) {
		if (!(gfp & (1u << bit)))
			continue;
		if (bit < ARRAY_SIZE(gfp_bit_names))
			fprintf(f, "%s%s", sep, gfp_bit_names[bit]);
		else	/* not a v4.8 bit: printable, but the parser rejects it */
			fprintf(f, "%s0x%x", sep, 1u << bit);
		sep = "|";
	}
}

int lookup_gfp_name(const char *s, size_t len, gfp_t *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(gfp_bit_names); i++)
		if (strlen(gfp_bit_names[i]) == len && !memcmp(gfp_bit_names[i], s, len)) {
			*out = 1u << i;
			return 0;
		}
	for (size_t i = 0; i < ARRAY_SIZE(gfp_composites); i++)
		if (strlen(gfp_composites[i].name) == len &&
		    !memcmp(gfp_composites[i].name, s, len)) {
			*out = gfp_composites[i].mask;
			return 0;
		}
	for (size_t i = 0; i < ARRAY_SIZE(gfp_input_only); i++)
		if (strlen(gfp_input_only[i].name) == len &&
		    !memcmp(gfp_input_only[i].name, s, len)) {
			*out = gfp_input_only[i].mask;
			return 0;
		}
	return -1;
}
