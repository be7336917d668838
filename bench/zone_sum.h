/* SPDX-License-Identifier: MIT */
/*
 * zone_sum.h - the benchmarks' node totals: one unsigned long field of
 * struct hat_zone_snapshot summed over the zones of the active model.
 */
#ifndef HATRACE_BENCH_ZONE_SUM_H
#define HATRACE_BENCH_ZONE_SUM_H

#include <stddef.h>
#include <string.h>

#include "model.h"

static inline unsigned long zone_snapshot_sum(size_t offset)
{
	unsigned long n = 0;

	for (int i = 0; i < HAT_NR_ZONES; i++) {
		struct hat_zone_snapshot zs;
		unsigned long v;

		hat_active->zone_snapshot(i, &zs);
		memcpy(&v, (const char *)&zs + offset, sizeof(v));
		n += v;
	}
	return n;
}

/* e.g. ZONE_SUM(managed): the node's managed pages */
#define ZONE_SUM(field)	zone_snapshot_sum(offsetof(struct hat_zone_snapshot, field))

#endif /* HATRACE_BENCH_ZONE_SUM_H */
