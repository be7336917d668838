// SPDX-License-Identifier: MIT
/*
 * boot_cache.c - a few boot states (boot_cache.h), replaced round robin.
 */
#include "boot_cache.h"
#include "node_image.h"

/* Fuzz inputs pick among few geometries at a time; more costs memory. */
#define BOOT_CACHE_ENTRIES	16

static struct boot_entry {
	struct node_geometry geom;
	struct hat_variant variant;
	unsigned long start, end;
	struct node_image img;
} cache[BOOT_CACHE_ENTRIES];
static unsigned int next_victim;

static struct boot_entry *lookup(const struct node_geometry *g, const struct hat_variant *v,
				 bool any_range, unsigned long start, unsigned long end)
{
	for (unsigned int i = 0; i < BOOT_CACHE_ENTRIES; i++) {
		struct boot_entry *e = &cache[i];

		if (e->img.valid && e->variant.patches == v->patches &&
		    node_geometry_equal(&e->geom, g) &&
		    (any_range || (e->start == start && e->end == end)))
			return e;
	}
	return NULL;
}

bool boot_cache_has(const struct node_geometry *g, const struct hat_variant *v)
{
	return lookup(g, v, true, 0, 0);
}

bool boot_cache_restore(const struct node_geometry *g, const struct hat_variant *v,
			unsigned long start, unsigned long end)
{
	struct boot_entry *e = lookup(g, v, false, start, end);

	if (!e)
		return false;
	if (!node_image_restore(&e->img)) {
		e->img.valid = false;	/* the node's buffers moved: stale */
		return false;
	}
	return true;
}

void boot_cache_save(const struct node_geometry *g, const struct hat_variant *v,
		     unsigned long start, unsigned long end)
{
	struct boot_entry *e = lookup(g, v, false, start, end);

	if (!e) {
		e = &cache[next_victim];
		next_victim = (next_victim + 1) % BOOT_CACHE_ENTRIES;
	}
	e->geom = *g;
	e->variant = *v;
	e->start = start;
	e->end = end;
	node_image_save(&e->img);	/* out of memory: left invalid */
}
