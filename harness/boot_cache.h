/* SPDX-License-Identifier: MIT */
/*
 * boot_cache.h - the node right after a trace's first op, when that op is
 * an init-free, kept per (geometry, variant, range): a replay loop (the
 * fuzz targets, exec_opts.reuse_boot) restores it instead of running
 * node_init() and freeing every page again.  The state restored is the one
 * those two would build, byte for byte but for the per-cpu pagesets of
 * CPUs the node does not have (node_image.h; tests/harness/determinism).
 */
#ifndef HAT_BOOT_CACHE_H
#define HAT_BOOT_CACHE_H

#include <stdbool.h>

#include "model.h"

/* Whether a boot state of this geometry and variant is kept. */
bool boot_cache_has(const struct hat_geometry *g, const struct hat_variant *v);

/* Restore the boot state after init-free [start, end); false if none. */
bool boot_cache_restore(const struct hat_geometry *g, const struct hat_variant *v,
			unsigned long start, unsigned long end);

/*
 * Keep the node as it is now: the boot state after init-free [start, end)
 * (from the second time this key is offered: boot_cache.c).
 */
void boot_cache_save(const struct hat_geometry *g, const struct hat_variant *v,
		     unsigned long start, unsigned long end);

#endif
