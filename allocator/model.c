// SPDX-License-Identifier: MIT
/*
 * model.c - the registry of the cores, the active node, the neutral
 * geometry, and the one parser and printer of variant names over the
 * eras' name tables.
 */
#include "model.h"

#include <string.h>

/*
 * The cores, by era (era n at index n - 1).  Every program has the default
 * era's; a later era's is weak: a program that links only era 1 (its unit
 * tests, the AFL++ mutator library) has no later eras (NULL).
 */
extern const struct hat_model hat_model_v4;
extern const struct hat_model hat_model_v6 __attribute__((weak));

static const struct hat_model *const cores[] = { &hat_model_v4, &hat_model_v6 };
#define NR_CORES	(sizeof(cores) / sizeof(cores[0]))

const char *const hat_zone_names[HAT_NR_ZONES] = { "DMA", "DMA32", "Normal" };
const char *const hat_mt_names[HAT_NR_MT] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};
/* proc_dointvec_minmax()'s ranges: 0 .. 1 (defrag_mode), 0 .. INT_MAX */
const struct hat_sysctl_desc hat_sysctls[HAT_NR_SYSCTLS] = {
	[HAT_SYSCTL_DEFRAG_MODE] = { "defrag_mode", 1 },
	[HAT_SYSCTL_WATERMARK_BOOST_FACTOR] = { "watermark_boost_factor", 2147483647 },
	[HAT_SYSCTL_CLAIM_SCAN_GUARD] = { "hatrace.claim_scan_guard", 1 },
	[HAT_SYSCTL_KSWAPD_ACTIVE] = { "hatrace.kswapd_active", 1 },
	[HAT_SYSCTL_PERCPU_PAGELIST_HIGH_FRACTION] = {
		"percpu_pagelist_high_fraction", 2147483647 },
};

const struct hat_model *hat_active;
struct hat_geometry hat_geom;

const struct hat_model *hat_model_of(uint8_t era)
{
	return era >= 1 && era <= hat_nr_eras() ? cores[era - 1] : NULL;
}

unsigned int hat_nr_eras(void)
{
	unsigned int n = NR_CORES;

	while (!cores[n - 1])
		n--;
	return n;
}

int hat_node_init(const struct hat_geometry *g, const struct hat_variant *v, char *err,
		  size_t errlen)
{
	const struct hat_model *m = hat_model_of(variant_era(v));

	if (!m) {
		snprintf(err, errlen, "no model of era %u", variant_era(v));
		return -1;
	}
	if (hat_active && hat_active != m)
		hat_active->node_exit();
	if (m->node_init(g, v, err, errlen))
		return -1;
	hat_node_activate(g, v);
	return 0;
}

void hat_node_activate(const struct hat_geometry *g, const struct hat_variant *v)
{
	hat_active = hat_model_of(variant_era(v));
	hat_geom = *g;
}

void hat_node_exit(void)
{
	if (hat_active)
		hat_active->node_exit();
	hat_active = NULL;
}

void geometry_default(struct hat_geometry *g)
{
	memset(g, 0, sizeof(*g));
	g->pb_order = 9;
	g->max_order = 11;
	g->nr_cpus = 2;
	g->page_size_kb = 4;
}

bool geometry_equal(const struct hat_geometry *a, const struct hat_geometry *b)
{
	if (a->pb_order != b->pb_order || a->max_order != b->max_order ||
	    a->nr_cpus != b->nr_cpus || a->min_free_kbytes != b->min_free_kbytes ||
	    a->percpu_pagelist_fraction != b->percpu_pagelist_fraction ||
	    a->page_size_kb != b->page_size_kb)
		return false;
	for (int i = 0; i < HAT_NR_ZONES; i++)
		if (a->zone_start_pfn[i] != b->zone_start_pfn[i] ||
		    a->zone_end_pfn[i] != b->zone_end_pfn[i] ||
		    a->reserved_pages[i] != b->reserved_pages[i])
			return false;
	return true;
}

/* ---- variant names ---- */

const struct hat_era_names *era_names(uint8_t era)
{
	const struct hat_model *m = hat_model_of(era);

	return m ? m->names : NULL;
}

const char *era_patch_name(uint8_t era, unsigned int p)
{
	const struct hat_era_names *n = era_names(era);

	return n && p < n->nr_patches ? n->patches[p].name : "?";
}

/* A commit may be named by any prefix of at least 4 hex digits. */
int era_patch_lookup(uint8_t era, const char *tok, size_t len)
{
	const struct hat_era_names *n = era_names(era);

	for (unsigned int p = 0; n && p < n->nr_patches; p++) {
		const char *name = n->patches[p].name;

		if (strlen(name) == len && !strncmp(name, tok, len))
			return (int)p;
		if (name[0] != 'v' && len >= 4 && len <= strlen(name) &&
		    !strncmp(name, tok, len))
			return (int)p;
	}
	return -1;
}

static int lookup_preset(const struct hat_era_names *n, const char *tok, size_t len)
{
	for (unsigned int i = 0; i < n->nr_presets; i++)
		if (strlen(n->presets[i].name) == len && !strncmp(n->presets[i].name, tok, len))
			return (int)i;
	return -1;
}

/* The era the first component @tok names: a preset's, else a patch's; 0 if none. */
static uint8_t era_of(const char *tok, size_t len)
{
	for (uint8_t e = 1; e <= hat_nr_eras(); e++)
		if (lookup_preset(era_names(e), tok, len) >= 0)
			return e;
	for (uint8_t e = 1; e <= hat_nr_eras(); e++)
		if (era_patch_lookup(e, tok, len) >= 0)
			return e;
	return 0;
}

/* "unknown component" with the help of era @era, or of every era (0). */
static void unknown(const char *name, const char *s, size_t len, uint8_t era, char *err,
		    size_t errlen)
{
	const char *sep = "";
	size_t off;

	snprintf(err, errlen, "variant '%s': unknown component '%.*s' (", name, (int)len, s);
	off = strlen(err);
	for (uint8_t e = 1; e <= hat_nr_eras() && off < errlen; e++) {
		if (era && e != era)
			continue;
		snprintf(err + off, errlen - off, "%s%s", sep, era_names(e)->help);
		sep = "; ";
		off = strlen(err);
	}
	if (off < errlen)
		snprintf(err + off, errlen - off, ")");
}

int variant_parse(const char *name, struct hat_variant *v, char *err, size_t errlen)
{
	const struct hat_era_names *n = NULL;
	const char *s = name;
	uint64_t set = 0;
	uint8_t era = 0;

	if (!name || !*name) {
		snprintf(err, errlen, "empty variant name");
		return -1;
	}
	while (*s) {
		const char *end = strchr(s, '+');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		bool remove = len > 3 && !strncmp(s, "no-", 3);
		const char *tok = remove ? s + 3 : s;
		size_t tlen = remove ? len - 3 : len;
		int idx;

		if (!len) {
			snprintf(err, errlen, "variant '%s': empty component at offset %zu",
				 name, (size_t)(s - name));
			return -1;
		}
		if (!era && !(era = era_of(tok, tlen))) {
			unknown(name, s, len, 0, err, errlen);
			return -1;
		}
		n = era_names(era);
		idx = lookup_preset(n, tok, tlen);
		if (idx >= 0 && !remove) {
			if (s != name) {
				snprintf(err, errlen,
					 "variant '%s': preset '%.*s' must come first",
					 name, (int)tlen, tok);
				return -1;
			}
			set |= n->presets[idx].patches;
		} else if ((idx = era_patch_lookup(era, tok, tlen)) >= 0) {
			if (remove)
				set = variant_without(era, set, (unsigned int)idx);
			else
				set |= 1ULL << idx;
		} else {
			unknown(name, s, len, era, err, errlen);
			return -1;
		}
		s += len;
		if (*s == '+') {
			s++;
			if (!*s) {
				snprintf(err, errlen, "variant '%s': trailing '+'", name);
				return -1;
			}
		}
	}
	v->era = era;
	v->patches = set;
	return 0;
}

/* Patches of @set that need @p, directly or through another: removed with it. */
uint64_t variant_without(uint8_t era, uint64_t set, unsigned int p)
{
	const struct hat_era_names *n = era_names(era);
	uint64_t gone = 1ULL << p, more;

	do {
		more = 0;
		for (unsigned int q = 0; n && n->requires && q < n->nr_patches; q++)
			if ((set & ~gone & (1ULL << q)) && (n->requires[q] & gone))
				more |= 1ULL << q;
		gone |= more;
	} while (more);
	return set & ~gone;
}

/* The preset a name of @set starts from, -1 for none (the era's rule). */
static int name_base(const struct hat_era_names *n, uint64_t set)
{
	int best = -1, best_cost = 65;

	for (unsigned int i = 0; i < n->nr_presets; i++) {
		uint64_t p = n->presets[i].patches;
		int cost = __builtin_popcountll(set ^ p);

		if (!n->names_remove) {
			if ((set & p) == p)
				return (int)i;
		} else if (cost < best_cost) {
			best = (int)i;
			best_cost = cost;
		}
	}
	return best;
}

static void name_patches(const struct hat_era_names *n, uint64_t mask, const char *prefix,
			 char *buf, size_t len)
{
	size_t off = strlen(buf);

	for (unsigned int p = 0; p < n->nr_patches && off < len; p++) {
		if (mask & (1ULL << p)) {
			snprintf(buf + off, len - off, "+%s%s", prefix, n->patches[p].name);
			off = strlen(buf);
		}
	}
}

/* The removals before the additions: "+no-X" also removes what needs X. */
const char *variant_name(const struct hat_variant *v, char *buf, size_t len)
{
	const struct hat_era_names *n = era_names(variant_era(v));
	uint64_t base = 0;
	int i;

	if (!len)
		return buf;
	buf[0] = '\0';
	if (!n) {
		snprintf(buf, len, "era%u", variant_era(v));
		return buf;
	}
	i = name_base(n, v->patches);
	if (i >= 0) {
		base = n->presets[i].patches;
		snprintf(buf, len, "%s", n->presets[i].name);
	}
	name_patches(n, base & ~v->patches, "no-", buf, len);
	name_patches(n, v->patches & ~base, "", buf, len);
	return buf;
}

/* @v into @out unless it is there already. */
static void grid_add(struct hat_variant *out, unsigned int *nr, unsigned int max,
		     const struct hat_variant *v)
{
	for (unsigned int k = 0; k < *nr; k++)
		if (variant_equal(&out[k], v))
			return;
	if (*nr < max)
		out[(*nr)++] = *v;
}

unsigned int era_variant_grid(uint8_t era, struct hat_variant *out, unsigned int max)
{
	const struct hat_era_names *n = era_names(era);
	unsigned int nr = 0;

	for (unsigned int i = 0; n && i < n->nr_presets; i++)
		grid_add(out, &nr, max, &(struct hat_variant){ era, n->presets[i].patches });
	for (unsigned int i = 0; n && i < n->nr_presets; i++) {
		uint64_t p = n->presets[i].patches;

		for (unsigned int q = 0; q < n->nr_patches; q++)
			if (p & (1ULL << q))
				grid_add(out, &nr, max, &(struct hat_variant){
					era, variant_without(era, p, q) });
	}
	return nr;
}
