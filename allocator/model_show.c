// SPDX-License-Identifier: MIT
/*
 * model_show.c - /proc/pagetypeinfo and /proc/buddyinfo (the kernel's
 * pagetypeinfo_show() and frag_show() layouts) over the active core's
 * zone snapshots.
 */
#include "model_show.h"
#include "model.h"

/* Each populated zone's snapshot in turn, into @s. */
#define for_each_zone_snapshot(z, s)						\
	for ((z) = 0; (z) < HAT_NR_ZONES; (z)++)				\
		if (hat_active->zone_snapshot((z), (s)), !(s)->populated) {} else

void hat_pagetypeinfo_show(FILE *f)
{
	struct hat_zone_snapshot s;
	int z;

	fprintf(f, "Page block order: %u\n", hat_geom.pb_order);
	fprintf(f, "Pages per block:  %lu\n\n", hat_pageblock_pages());
	fprintf(f, "Free pages count per migrate type at order ");
	for (unsigned int o = 0; o < hat_geom.max_order; o++)
		fprintf(f, "%6u ", o);
	fprintf(f, "\n");
	for_each_zone_snapshot(z, &s) {
		for (int mt = 0; mt < HAT_NR_MT; mt++) {
			fprintf(f, "Node %4d, zone %8s, type %12s ", 0, s.name, hat_mt_names[mt]);
			for (unsigned int o = 0; o < hat_geom.max_order; o++)
				fprintf(f, "%6lu ", s.free_blocks[o][mt]);
			fprintf(f, "\n");
		}
	}
	fprintf(f, "\nNumber of blocks type    ");
	for (int mt = 0; mt < HAT_NR_MT; mt++)
		fprintf(f, " %12s", hat_mt_names[mt]);
	fprintf(f, "\n");
	for_each_zone_snapshot(z, &s) {
		fprintf(f, "Node %d, zone %8s ", 0, s.name);
		for (int mt = 0; mt < HAT_NR_MT; mt++)
			fprintf(f, "%12lu ", s.blocks[mt]);
		fprintf(f, "\n");
	}
}

void hat_buddyinfo_show(FILE *f)
{
	struct hat_zone_snapshot s;
	int z;

	for_each_zone_snapshot(z, &s) {
		fprintf(f, "Node %d, zone %8s ", 0, s.name);
		for (unsigned int o = 0; o < hat_geom.max_order; o++)
			fprintf(f, "%6lu ", s.nr_free[o]);
		fprintf(f, "\n");
	}
}
