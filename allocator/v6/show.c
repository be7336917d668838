// SPDX-License-Identifier: MIT
/*
 * show.c - the era-2 state as text (see show.h): show_free_areas()'s
 * zone lines in the v6.x layout (mm/show_mem.c) and a full dump.
 */
#include "show.h"
#include "page_alloc.h"

/* show_migration_types(): the letters of mm/show_mem.c */
static const char type_letters[MIGRATE_TYPES + 1] = "UMEHCI";

static unsigned long K(unsigned long pages)
{
	return pages * contig_page_data.geom.page_size_kb;
}

unsigned long zone_pcp_pages(const struct zone *zone)
{
	unsigned long n = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += (unsigned long)zone->per_cpu_pageset[cpu].count;
	return n;
}

unsigned long zone_count_blocks(const struct zone *zone, int mt)
{
	unsigned long n = 0;

	for (unsigned long pfn = pageblock_start_pfn(zone->zone_start_pfn); pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages) {
		unsigned long first = max(pfn, zone->zone_start_pfn);

		n += get_pfnblock_migratetype(pfn_to_page(first), first) == mt;
	}
	return n;
}

void show_zone_summary(FILE *f, const struct zone *zone)
{
	fprintf(f, "%s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB "
		"reserved_highatomic:%luKB free_highatomic:%luKB present:%lukB managed:%lukB "
		"free_pcp:%lukB local_pcp:%ukB free_cma:%lukB\n",
		zone->name, K(zone_page_state(zone, NR_FREE_PAGES)), K(zone->watermark_boost),
		K(min_wmark_pages(zone)), K(low_wmark_pages(zone)), K(high_wmark_pages(zone)),
		K(zone->nr_reserved_highatomic), K(zone->nr_free_highatomic),
		K(zone->present_pages), K(zone->managed_pages), K(zone_pcp_pages(zone)),
		(unsigned int)K((unsigned long)this_cpu_pcp((struct zone *)zone)->count),
		K(zone_page_state(zone, NR_FREE_CMA_PAGES)));
	fputs("lowmem_reserve[]:", f);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		fprintf(f, " %ld", zone->lowmem_reserve[i]);
	fputc('\n', f);
}

void show_zone_free_areas(FILE *f, const struct zone *zone)
{
	unsigned long total = 0;

	fprintf(f, "%s: ", zone->name);
	/* (the array bound only tells gcc what node_init() checked) */
	for (unsigned int order = 0; order < NR_PAGE_ORDERS && order < HAT_MAX_ORDER_LIMIT;
	     order++) {
		const struct free_area *area = &zone->free_area[order];
		char types[MIGRATE_TYPES + 1];
		int n = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (!free_area_empty(area, mt))
				types[n++] = type_letters[mt];
		types[n] = '\0';
		total += area->nr_free << order;
		fprintf(f, n ? "%lu*%lukB (%s) " : "%lu*%lukB %s", area->nr_free,
			K(1UL << order), types);
	}
	fprintf(f, "= %lukB\n", K(total));
}

/* "pcp cpu N count C high H [min..max] batch B lists ..." */
static void show_pcp(FILE *f, unsigned int cpu, const struct per_cpu_pages *pcp)
{
	fprintf(f, "  pcp cpu %u count %d high %d [%d..%d] batch %d lists", cpu, pcp->count,
		pcp->high, pcp->high_min, pcp->high_max, pcp->batch);
	for (unsigned int i = 0; i < pcp_nr_lists(); i++)
		fprintf(f, " %zu", list_count_nodes(&pcp->lists[i]));
	fputc('\n', f);
}

void show_zone_state(FILE *f, const struct zone *zone)
{
	show_zone_summary(f, zone);
	fprintf(f, "  NR_FREE_PAGES %ld NR_FREE_PAGES_BLOCKS %ld NR_FREE_CMA_PAGES %ld "
		"nr_reserved_highatomic %lu nr_free_highatomic %lu\n",
		zone->vm_stat[NR_FREE_PAGES], zone->vm_stat[NR_FREE_PAGES_BLOCKS],
		zone->vm_stat[NR_FREE_CMA_PAGES], zone->nr_reserved_highatomic,
		zone->nr_free_highatomic);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		fprintf(f, "  %-11s blocks %4lu free", migratetype_names[mt],
			zone_count_blocks(zone, mt));
		for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++)
			fprintf(f, " %zu", list_count_nodes(&zone->free_area[order].free_list[mt]));
		fputc('\n', f);
	}
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		show_pcp(f, cpu, &zone->per_cpu_pageset[cpu]);
	show_zone_free_areas(f, zone);
}

void show_node(FILE *f)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (populated_zone(&contig_page_data.node_zones[i]))
			show_zone_state(f, &contig_page_data.node_zones[i]);
}

/* FNV-1a, 64 bit, one byte at a time over @v's eight bytes (wraps by design). */
static __no_sanitize_unsigned_wrap uint64_t hash_u64(uint64_t h, uint64_t v)
{
	for (unsigned int shift = 0; shift < 64; shift += 8)
		h = (h ^ ((v >> shift) & 0xff)) * 0x100000001b3ULL;
	return h;
}

/* A list's pages in order; a pcp page also with its cached type (v6.1). */
static uint64_t hash_list(uint64_t h, uint64_t tag, const struct list_head *head)
{
	const struct list_head *pos;

	h = hash_u64(h, tag);
	list_for_each(pos, head) {
		const struct page *page = list_entry(pos, struct page, lru);

		h = hash_u64(h, page_to_pfn(page));
		if (page->flags & PG_pcp)
			h = hash_u64(h, (uint64_t)get_pcppage_migratetype(page));
	}
	return h;
}

static uint64_t hash_zone(uint64_t h, const struct zone *zone)
{
	const long counters[] = {
		zone->vm_stat[NR_FREE_PAGES], zone->vm_stat[NR_FREE_PAGES_BLOCKS],
		zone->vm_stat[NR_FREE_CMA_PAGES], (long)zone->nr_reserved_highatomic,
		(long)zone->nr_free_highatomic, (long)zone->managed_pages,
		(long)zone->_watermark[WMARK_MIN], (long)zone->_watermark[WMARK_LOW],
		(long)zone->_watermark[WMARK_HIGH], (long)zone->watermark_boost,
		zone->nr_isolate_pageblock, (long)zone->flags,
	};

	for (size_t i = 0; i < ARRAY_SIZE(counters); i++)
		h = hash_u64(h, (uint64_t)counters[i]);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		h = hash_u64(h, zone->free_area[o].nr_free);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			h = hash_list(h, 0x100 + (uint64_t)mt, &zone->free_area[o].free_list[mt]);
	}
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		h = hash_u64(h, (uint64_t)pcp->count);
		h = hash_u64(h, (uint64_t)pcp->high);
		for (unsigned int i = 0; i < pcp_nr_lists(); i++)
			h = hash_list(h, 0x200 + i, &pcp->lists[i]);
	}
	return h;
}

uint64_t node_state_hash(void)
{
	const struct pglist_data *pgdat = &contig_page_data;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (unsigned long b = 0; b < pgdat->nr_pageblocks; b++)
		h = hash_u64(h, pgdat->pageblock_flags[b]);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (populated_zone(&pgdat->node_zones[i]))
			h = hash_zone(h, &pgdat->node_zones[i]);
	return h;
}
