// SPDX-License-Identifier: MIT
/*
 * boot_cache.c - the boot states of recent geometries (boot_cache.h), the
 * least recently used replaced first.
 */
#include "boot_cache.h"
#include "model.h"

/*
 * A fuzz corpus holds hundreds of geometries, a few of them in most
 * inputs (a structure-aware corpus of 6296 inputs held 337, the most
 * common in 19% of them); an entry holds up to a 4096-page node (about
 * 115 KiB in era 1, 190 KiB in era 2).
 */
#define BOOT_CACHE_ENTRIES	64

static struct boot_entry {
	struct hat_geometry geom;
	struct hat_variant variant;
	unsigned long start, end;
	struct hat_image *img;		/* of the variant's core */
	bool valid;
	unsigned long last_used;
} cache[BOOT_CACHE_ENTRIES];
static unsigned long clock;

static struct boot_entry *lookup(const struct hat_geometry *g, const struct hat_variant *v,
				 bool any_range, unsigned long start, unsigned long end)
{
	for (unsigned int i = 0; i < BOOT_CACHE_ENTRIES; i++) {
		struct boot_entry *e = &cache[i];

		if (e->valid && variant_equal(&e->variant, v) &&
		    geometry_equal(&e->geom, g) &&
		    (any_range || (e->start == start && e->end == end)))
			return e;
	}
	return NULL;
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
		/* an unused entry, else the least recently used */
		e = &cache[0];
		for (unsigned int i = 1; i < BOOT_CACHE_ENTRIES; i++)
			if (!cache[i].valid ? e->valid :
			    e->valid && cache[i].last_used < e->last_used)
				e = &cache[i];
	}
	if (e->img && variant_era(&e->variant) != variant_era(v)) {
		hat_model_of(variant_era(&e->variant))->image_free(e->img);
		e->img = NULL;
	}
	e->geom = *g;
	e->variant = *v;
	e->start = start;
	e->end = end;
	e->last_used = ++clock;
	if (!e->img)
		e->img = m->image_new();
	/* out of memory: left invalid */
	e->valid = e->img && !m->image_save(e->img);
}
