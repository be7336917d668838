// SPDX-License-Identifier: MIT
/*
 * show.c - printing the model's state as the kernel prints its own:
 * show_free_areas() (mm/page_alloc.c) and pagetypeinfo/buddyinfo
 * (mm/vmstat.c), 4.x layout.
 */
#include "show.h"
#include "page_alloc.h"

static const char type_letters[MIGRATE_TYPES] = { 'U', 'M', 'E', 'H', 'C', 'I' };

static unsigned long K(unsigned long pages)
{
	return pages * contig_page_data.geom.page_size_kb;
}

static unsigned long zone_pcp_pages(const struct zone *zone)
{
	unsigned long n = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += (unsigned long)zone->pageset[cpu].count;
	return n;
}

void show_zone_summary(FILE *f, const struct zone *zone)
{
	fprintf(f, "%s free:%lukB min:%lukB low:%lukB high:%lukB present:%lukB managed:%lukB free_pcp:%lukB local_pcp:%lukB free_cma:%lukB\n",
		zone->name, K(zone_page_state(zone, NR_FREE_PAGES)),
		K(min_wmark_pages(zone)), K(low_wmark_pages(zone)),
		K(high_wmark_pages(zone)), K(zone->present_pages),
		K(zone->managed_pages), K(zone_pcp_pages(zone)),
		K((unsigned long)zone->pageset[smp_processor_id()].count),
		K(zone_page_state(zone, NR_FREE_CMA_PAGES)));
	fprintf(f, "lowmem_reserve[]:");
	for (int i = 0; i < MAX_NR_ZONES; i++)
		fprintf(f, " %ld", zone->lowmem_reserve[i]);
	fprintf(f, "\n");
}

void show_zone_free_areas(FILE *f, const struct zone *zone)
{
	unsigned long total = 0;

	fprintf(f, "%s: ", zone->name);
	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		unsigned long nr = zone->free_area[order].nr_free;

		total += nr << order;
		fprintf(f, "%lu*%lukB ", nr, K(1UL << order));
		if (nr) {
			fputc('(', f);
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				if (!list_empty(&zone->free_area[order].free_list[mt]))
					fputc(type_letters[mt], f);
			fputs(") ", f);
		}
	}
	fprintf(f, "= %lukB\n", K(total));
}

void show_free_areas(FILE *f)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (populated_zone(&contig_page_data.node_zones[i]))
			show_zone_summary(f, &contig_page_data.node_zones[i]);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (populated_zone(&contig_page_data.node_zones[i]))
			show_zone_free_areas(f, &contig_page_data.node_zones[i]);
}

/* The walk of pagetypeinfo_showblockcount_print(): pb steps from the zone start. */
unsigned long zone_count_blocks(const struct zone *zone, int mt)
{
	unsigned long n = 0;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages)
		if (get_pageblock_migratetype(pfn_to_page(pfn)) == mt)
			n++;
	return n;
}

void pagetypeinfo_show(FILE *f)
{
	fprintf(f, "Page block order: %u\n", pageblock_order);
	fprintf(f, "Pages per block:  %lu\n\n", pageblock_nr_pages);
	fprintf(f, "Free pages count per migrate type at order ");
	for (unsigned int order = 0; order < MAX_ORDER; order++)
		fprintf(f, "%6u ", order);
	fprintf(f, "\n");
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *zone = &contig_page_data.node_zones[i];

		if (!populated_zone(zone))
			continue;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			fprintf(f, "Node %4d, zone %8s, type %12s ", 0, zone->name,
				migratetype_names[mt]);
			for (unsigned int order = 0; order < MAX_ORDER; order++)
				fprintf(f, "%6zu ",
					list_count_nodes(&zone->free_area[order].free_list[mt]));
			fprintf(f, "\n");
		}
	}
	fprintf(f, "\nNumber of blocks type    ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		fprintf(f, " %12s", migratetype_names[mt]);
	fprintf(f, "\n");
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *zone = &contig_page_data.node_zones[i];

		if (!populated_zone(zone))
			continue;
		fprintf(f, "Node %d, zone %8s ", 0, zone->name);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			fprintf(f, "%12lu ", zone_count_blocks(zone, mt));
		fprintf(f, "\n");
	}
}

void buddyinfo_show(FILE *f)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *zone = &contig_page_data.node_zones[i];

		if (!populated_zone(zone))
			continue;
		fprintf(f, "Node %d, zone %8s ", 0, zone->name);
		for (unsigned int order = 0; order < MAX_ORDER; order++)
			fprintf(f, "%6lu ", zone->free_area[order].nr_free);
		fprintf(f, "\n");
	}
}
