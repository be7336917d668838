// SPDX-License-Identifier: MIT
/*
 * binary_header.c - the header of a binary trace, both ways: flags,
 * orders, cpus, the sysctls, the zones as gaps and lengths, the variant
 * and the expect rules; its masks are u16 (version 2) or, with HDR_WIDE,
 * varints (version 3).  Reading folds every field into range.
 */
#include "binary_codec.h"

/* The patches era @era knows. */
static uint64_t patch_mask(uint8_t era)
{
	unsigned int n = era_names(era)->nr_patches;

	return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/*
 * A mask of the header: u16 in version 2 (era 1 then), a varint with
 * HDR_WIDE (version 3 and a fuzzer's input).
 */
static uint64_t rd_mask(struct rd *r, bool wide, uint64_t mask)
{
	return (wide ? rd_varint(r) : rd_u16(r)) & mask;
}

void decode_header(struct rd *r, const struct dec_geom *lim, bool v2, struct trace_header *hdr)
{
	struct hat_geometry *g = &hdr->geom;
	uint8_t flags = rd_u8(r), orders = rd_u8(r);
	bool wide = (flags & HDR_WIDE) && !v2;
	uint64_t pmask;
	unsigned long prev_end = 0;
	bool any = false;

	geometry_default(g);
	g->max_order = 2 + (orders & 0xf) % 13;
	g->pb_order = 1 + (unsigned int)(orders >> 4) % (g->max_order - 1);
	g->nr_cpus = 1 + (unsigned int)rd_fold(r, lim->max_cpus);
	if (flags & HDR_HAS_MIN_FREE) {
		uint64_t v = rd_varint(r);

		g->min_free_kbytes = v > MIN_FREE_KBYTES_MAX ? MIN_FREE_KBYTES_MAX :
				     (unsigned long)v;
	}
	if (flags & HDR_HAS_PCP_FRACTION)
		g->percpu_pagelist_fraction = PCP_FRACTION_MIN +
			rd_fold(r, PCP_FRACTION_MAX - PCP_FRACTION_MIN + 1);
	for (int i = 0; i < HAT_NR_ZONES; i++) {
		uint64_t gap = rd_varint(r), len = rd_varint(r), resv = rd_varint(r);
		unsigned long start, end;

		if (gap >= lim->max_pages - prev_end || !len)
			continue;	/* starts past the limit, or empty */
		start = prev_end + (unsigned long)gap;
		end = len > lim->max_pages - start ? lim->max_pages : start + (unsigned long)len;
		g->zone_start_pfn[i] = start;
		g->zone_end_pfn[i] = end;
		g->reserved_pages[i] = resv > end - start ? end - start : (unsigned long)resv;
		prev_end = end;
		any = true;
	}
	if (!any) {
		unsigned long n = 8UL << g->pb_order;

		g->zone_end_pfn[HAT_ZONE_NORMAL] = n < lim->max_pages ? n : lim->max_pages;
	}
	if (flags & HDR_HAS_VARIANT) {
		hdr->has_variant = true;
		hdr->variant.era = wide ? (uint8_t)(1 + rd_u8(r) % hat_nr_eras()) : HAT_ERA_DEFAULT;
		hdr->variant.patches = rd_mask(r, wide, patch_mask(hdr->variant.era));
	}
	pmask = patch_mask(trace_era(hdr));
	hdr->nr_rules = rd_u8(r) % (TRACE_MAX_RULES + 1);
	for (unsigned int i = 0; i < hdr->nr_rules; i++) {
		struct expect_rule *e = &hdr->rules[i];

		e->have = rd_mask(r, wide, pmask);
		/* a patch both required and excluded: the text cannot say it */
		e->lack = rd_mask(r, wide, pmask & ~e->have);
		e->fired = rd_mask(r, wide, INV_MASK);
	}
}

/*
 * Whether the header needs HDR_WIDE: a variant of another era than the
 * default, or a mask beyond 16 bits; else it is written as version 2 had it.
 */
static bool header_wide(const struct trace_header *hdr)
{
	uint64_t bits = 0;

	if (hdr->has_variant && variant_era(&hdr->variant) != HAT_ERA_DEFAULT)
		return true;
	if (hdr->has_variant)
		bits |= hdr->variant.patches;
	for (unsigned int i = 0; i < hdr->nr_rules && i < TRACE_MAX_RULES; i++)
		bits |= hdr->rules[i].have | hdr->rules[i].lack | hdr->rules[i].fired;
	return bits >> 16;
}

static void wr_mask(struct wr *w, bool wide, uint64_t v)
{
	if (wide)
		wr_varint(w, v);
	else
		wr_u16(w, (unsigned int)v);
}

void encode_header(struct wr *w, const struct trace_header *hdr)
{
	const struct hat_geometry *g = &hdr->geom;
	unsigned long prev_end = 0;
	unsigned int flags = 0;

	if (hdr->has_variant)
		flags |= HDR_HAS_VARIANT;
	if (header_wide(hdr))
		flags |= HDR_WIDE;
	if (g->min_free_kbytes)
		flags |= HDR_HAS_MIN_FREE;
	if (g->percpu_pagelist_fraction)
		flags |= HDR_HAS_PCP_FRACTION;
	wr_u8(w, flags);
	wr_u8(w, ((g->max_order - 2) & 0xf) | ((g->pb_order - 1) & 0xf) << 4);
	wr_varint(w, g->nr_cpus ? g->nr_cpus - 1 : 0);
	if (flags & HDR_HAS_MIN_FREE)
		wr_varint(w, g->min_free_kbytes);
	if (flags & HDR_HAS_PCP_FRACTION)
		wr_varint(w, g->percpu_pagelist_fraction >= PCP_FRACTION_MIN ?
			     g->percpu_pagelist_fraction - PCP_FRACTION_MIN : 0);
	for (int i = 0; i < HAT_NR_ZONES; i++) {
		unsigned long s = g->zone_start_pfn[i], e = g->zone_end_pfn[i];

		if (e <= s || s < prev_end) {
			wr_varint(w, 0);
			wr_varint(w, 0);
			wr_varint(w, 0);
			continue;
		}
		wr_varint(w, s - prev_end);
		wr_varint(w, e - s);
		wr_varint(w, g->reserved_pages[i]);
		prev_end = e;
	}
	if (hdr->has_variant) {
		if (flags & HDR_WIDE)
			wr_u8(w, variant_era(&hdr->variant) - 1);
		wr_mask(w, flags & HDR_WIDE, hdr->variant.patches);
	}
	wr_u8(w, hdr->nr_rules <= TRACE_MAX_RULES ? hdr->nr_rules : TRACE_MAX_RULES);
	for (unsigned int i = 0; i < hdr->nr_rules && i < TRACE_MAX_RULES; i++) {
		wr_mask(w, flags & HDR_WIDE, hdr->rules[i].have);
		wr_mask(w, flags & HDR_WIDE, hdr->rules[i].lack);
		wr_mask(w, flags & HDR_WIDE, hdr->rules[i].fired & INV_MASK);
	}
}
