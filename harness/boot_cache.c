// SPDX-License-Identifier: MIT
/*
 * boot_cache.c - the boot states of recent geometries (boot_cache.h), the
 * least recently used replaced first, each kept from its second sight.
 */
#include "boot_cache.h"
#include "model.h"

#include <stdint.h>

/*
 * A fuzz corpus holds hundreds of geometries, a few of them in most
 * inputs (a structure-aware corpus of 6296 inputs held 337, the most
 * common in 19% of them); an entry holds up to a 4096-page node (about
 * 115 KiB in era 1, 190 KiB in era 2).
 */
#define BOOT_CACHE_ENTRIES	64

/*
 * A boot state is kept when its geometry, variant and range come back:
 * under byte-level mutation most inputs bring a geometry of their own (a
 * mutated header), and keeping each one's state would cost a copy of the
 * node and evict a state that comes back.  The keys seen once wait here,
 * one per slot of their hash (a collision forgets one).
 */
#define BOOT_SEEN_SLOTS		256

struct boot_key {
	struct hat_geometry geom;
	struct hat_variant variant;
	unsigned long start, end;
};

static struct boot_key seen[BOOT_SEEN_SLOTS];
static bool seen_valid[BOOT_SEEN_SLOTS];

static struct boot_entry {
	struct boot_key key;
	struct hat_image *img;		/* of the variant's core */
	bool valid;
	unsigned long last_used;
} cache[BOOT_CACHE_ENTRIES];
static unsigned long clock;

static bool key_equal(const struct boot_key *k, const struct hat_geometry *g,
		      const struct hat_variant *v, bool any_range, unsigned long start,
		      unsigned long end)
{
	return variant_equal(&k->variant, v) && geometry_equal(&k->geom, g) &&
	       (any_range || (k->start == start && k->end == end));
}

static struct boot_entry *lookup(const struct hat_geometry *g, const struct hat_variant *v,
				 bool any_range, unsigned long start, unsigned long end)
{
	for (unsigned int i = 0; i < BOOT_CACHE_ENTRIES; i++) {
		struct boot_entry *e = &cache[i];

		if (e->valid && key_equal(&e->key, g, v, any_range, start, end))
			return e;
	}
	return NULL;
}

/* an FNV-1a step, a word at a time */
static uint64_t mix(uint64_t h, uint64_t x)
{
	return (h ^ x) * 0x100000001b3ULL;
}

/* The slot of seen[] of a key. */
static unsigned int seen_slot(const struct hat_geometry *g, const struct hat_variant *v,
			      unsigned long start, unsigned long end)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = mix(mix(mix(h, g->pb_order), g->max_order), g->nr_cpus);
	h = mix(mix(mix(h, g->min_free_kbytes), g->percpu_pagelist_fraction), g->page_size_kb);
	for (int i = 0; i < HAT_NR_ZONES; i++)
		h = mix(mix(mix(h, g->zone_start_pfn[i]), g->zone_end_pfn[i]), g->reserved_pages[i]);
	h = mix(mix(mix(mix(h, variant_era(v)), v->patches), start), end);
	return (unsigned int)(h >> 32) % BOOT_SEEN_SLOTS;
}

/* Whether the key was seen once before (it is forgotten then); else remember it. */
static bool seen_before(const struct hat_geometry *g, const struct hat_variant *v,
			unsigned long start, unsigned long end)
{
	unsigned int slot = seen_slot(g, v, start, end);

	if (seen_valid[slot] && key_equal(&seen[slot], g, v, false, start, end)) {
		seen_valid[slot] = false;
		return true;
	}
	seen[slot] = (struct boot_key){ .geom = *g, .variant = *v, .start = start, .end = end };
	seen_valid[slot] = true;
	return false;
}

bool boot_cache_has(const struct hat_geometry *g, const struct hat_variant *v)
{
	return lookup(g, v, true, 0, 0);
}

bool boot_cache_restore(const struct hat_geometry *g, const struct hat_variant *v,
			unsigned long start, unsigned long end)
{
	struct boot_entry *e = lookup(g, v, false, start, end);

	if (!e)
		return false;
	e->last_used = ++clock;
	if (!hat_model_of(variant_era(v))->image_restore(e->img)) {
		e->valid = false;	/* the node's buffers moved: stale */
		return false;
	}
	hat_node_activate(g, v);
	return true;
}

void boot_cache_save(const struct hat_geometry *g, const struct hat_variant *v,
		     unsigned long start, unsigned long end)
{
	const struct hat_model *m = hat_model_of(variant_era(v));
	struct boot_entry *e = lookup(g, v, false, start, end);

	if (!e) {
		if (!seen_before(g, v, start, end))
			return;
		/* an unused entry, else the least recently used */
		e = &cache[0];
		for (unsigned int i = 1; i < BOOT_CACHE_ENTRIES; i++)
			if (!cache[i].valid ? e->valid :
			    e->valid && cache[i].last_used < e->last_used)
				e = &cache[i];
	}
	if (e->img && variant_era(&e->key.variant) != variant_era(v)) {
		hat_model_of(variant_era(&e->key.variant))->image_free(e->img);
		e->img = NULL;
	}
	e->key = (struct boot_key){ .geom = *g, .variant = *v, .start = start, .end = end };
	e->last_used = ++clock;
	if (!e->img)
		e->img = m->image_new();
	/* out of memory: left invalid */
	e->valid = e->img && !m->image_save(e->img);
}
