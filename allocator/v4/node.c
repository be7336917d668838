// SPDX-License-Identifier: MIT
/*
 * node.c - building the node: memmap, zones, pageblock bits, and the
 * sizing functions of mm/page_alloc.c (free_area_init_core,
 * memmap_init_zone, zone_batchsize, pageset_set_batch,
 * __setup_per_zone_wmarks, setup_per_zone_lowmem_reserve,
 * init_per_zone_wmark_min, adjust_managed_page_count).  Spec §1, §2.23.
 */
#include "page_alloc.h"
#include "events.h"

#include <stdint.h>
#include <string.h>

struct pglist_data contig_page_data;
const struct model_events *model_events;

/* Large enough for a 32 GiB node of 4 KiB pages. */
#define HAT_MAX_NODE_PAGES	(1UL << 23)

struct zone *pfn_zone(unsigned long pfn)
{
	if (!pfn_valid(pfn))
		return NULL;
	return page_zone(pfn_to_page(pfn));
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

static unsigned long rounddown_pow_of_two(unsigned long n)
{
	unsigned long p = 1;

	while (p <= n / 2)
		p <<= 1;
	return p;
}

/* zone_batchsize(): ~1/4 of 1/1024 of the zone, capped at 512 KiB. */
unsigned long zone_batchsize(const struct zone *zone)
{
	unsigned long batch = zone->managed_pages / 1024;
	unsigned long cap = 512 / contig_page_data.geom.page_size_kb;

	if (batch > cap)
		batch = cap;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	/* a power of two minus one avoids cache aliasing (kernel comment gist) */
	return rounddown_pow_of_two(batch + batch / 2) - 1;
}

/* pageset_set_batch(): high = 6 x batch, batch at least 1. */
void pageset_set_batch(struct per_cpu_pages *pcp, unsigned long batch)
{
	pcp->high = (int)(6 * batch);
	pcp->batch = (int)max(1UL, batch);
}

/*
 * pageset_set_high(): the percpu_pagelist_fraction sizing: batch is a
 * quarter of high, at least 1, at most PAGE_SHIFT * 8.
 */
void pageset_set_high(struct per_cpu_pages *pcp, unsigned long high)
{
	unsigned long batch = max(1UL, high / 4);

	if ((high / 4) > (12 * 8))
		batch = 12 * 8;
	pcp->high = (int)high;
	pcp->batch = (int)batch;
}

void zone_pcp_update(struct zone *zone)
{
	unsigned long fraction = contig_page_data.geom.percpu_pagelist_fraction;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (fraction)
			pageset_set_high(&zone->pageset[cpu], zone->managed_pages / fraction);
		else
			pageset_set_batch(&zone->pageset[cpu], zone_batchsize(zone));
	}
}

/* __setup_per_zone_wmarks() */
void setup_per_zone_wmarks(void)
{
	struct pglist_data *pgdat = &contig_page_data;
	unsigned long pages_min = pgdat->min_free_kbytes / pgdat->geom.page_size_kb;
	unsigned long lowmem_pages = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		lowmem_pages += pgdat->node_zones[i].managed_pages;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];
		uint64_t tmp = 0, t;

		if (lowmem_pages)
			tmp = (uint64_t)pages_min * zone->managed_pages / lowmem_pages;
		zone->watermark[WMARK_MIN] = (unsigned long)tmp;
		t = (uint64_t)zone->managed_pages * (uint64_t)pgdat->watermark_scale_factor / 10000;
		tmp = max(tmp >> 2, t);
		zone->watermark[WMARK_LOW] = min_wmark_pages(zone) + (unsigned long)tmp;
		zone->watermark[WMARK_HIGH] = min_wmark_pages(zone) + (unsigned long)tmp * 2;
	}
}

/*
 * setup_per_zone_lowmem_reserve(): a lower zone i keeps, against requests
 * that could have used zone j > i, (managed of zones i+1..j) / ratio[i].
 */
void setup_per_zone_lowmem_reserve(void)
{
	struct pglist_data *pgdat = &contig_page_data;

	for (int j = 0; j < MAX_NR_ZONES; j++) {
		struct zone *zone = &pgdat->node_zones[j];
		unsigned long managed_pages = zone->managed_pages;
		int idx = j;

		zone->lowmem_reserve[j] = 0;
		while (idx) {
			struct zone *lower_zone;
			int ratio;

			idx--;
			ratio = max(pgdat->lowmem_reserve_ratio[idx], 1);
			lower_zone = &pgdat->node_zones[idx];
			lower_zone->lowmem_reserve[j] = (long)(managed_pages / (unsigned long)ratio);
			managed_pages += lower_zone->managed_pages;
		}
	}
}

/* init_per_zone_wmark_min(): min_free_kbytes = sqrt(16 x lowmem kB). */
void init_per_zone_wmark_min(void)
{
	struct pglist_data *pgdat = &contig_page_data;
	unsigned long lowmem_kbytes = 0;

	if (pgdat->geom.min_free_kbytes) {
		pgdat->min_free_kbytes = pgdat->geom.min_free_kbytes;
	} else {
		/* nr_free_buffer_pages(): managed minus high watermark */
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *z = &pgdat->node_zones[i];

			if (z->managed_pages > high_wmark_pages(z))
				lowmem_kbytes += (z->managed_pages - high_wmark_pages(z)) *
						 pgdat->geom.page_size_kb;
		}
		pgdat->min_free_kbytes = int_sqrt(lowmem_kbytes * 16);
		pgdat->min_free_kbytes = max(pgdat->min_free_kbytes, 128UL);
		pgdat->min_free_kbytes = min(pgdat->min_free_kbytes, 65536UL);
	}
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
}

/*
 * adjust_managed_page_count(): balloon, hotplug and CMA change what a
 * zone manages.  As in the kernel, watermarks, pcp sizes and the reserve
 * counter are left alone (callers recompute them if they want).
 */
void adjust_managed_page_count(struct zone *zone, long count)
{
	if (count < 0 && (unsigned long)-count > zone->managed_pages)
		zone->managed_pages = 0;
	else
		zone->managed_pages = (unsigned long)((long)zone->managed_pages + count);
}

/*
 * The memmap and the usemap outlive one node_init(): a fuzzer or a test
 * matrix re-initialises thousands of times, so the buffers are kept and
 * cleared rather than freed and allocated again.
 */
static struct page *memmap_buf;
static unsigned char *usemap_buf;
static unsigned long memmap_cap, usemap_cap;

static int memmap_alloc(struct pglist_data *pgdat)
{
	if (pgdat->node_spanned_pages > memmap_cap) {
		free(memmap_buf);
		memmap_buf = cacheline_alloc(pgdat->node_spanned_pages * sizeof(struct page));
		memmap_cap = memmap_buf ? pgdat->node_spanned_pages : 0;
	}
	if (pgdat->nr_pageblocks > usemap_cap) {
		free(usemap_buf);
		usemap_buf = malloc(pgdat->nr_pageblocks);
		usemap_cap = usemap_buf ? pgdat->nr_pageblocks : 0;
	}
	if (!memmap_buf || !usemap_buf)
		return -1;
	pgdat->node_mem_map = memmap_buf;
	pgdat->pageblock_flags = usemap_buf;
	memset(memmap_buf, 0, pgdat->node_spanned_pages * sizeof(struct page));
	return 0;
}

bool node_buffers_hold(const struct page *memmap, const unsigned char *usemap,
		       unsigned long pages, unsigned long blocks)
{
	return memmap && memmap == memmap_buf && usemap == usemap_buf &&
	       pages <= memmap_cap && blocks <= usemap_cap;
}

static int check_geometry(const struct hat_geometry *g, char *err, size_t errlen)
{
	unsigned long prev_end = 0;
	bool any = false;

	if (g->max_order < 2 || g->max_order > HAT_MAX_ORDER_LIMIT) {
		snprintf(err, errlen, "max_order %u out of range [2, %d]",
			 g->max_order, HAT_MAX_ORDER_LIMIT);
		return -1;
	}
	if (g->pb_order < 1 || g->pb_order > g->max_order - 1) {
		snprintf(err, errlen, "pageblock_order %u out of range [1, max_order-1 = %u]",
			 g->pb_order, g->max_order - 1);
		return -1;
	}
	if (g->nr_cpus < 1 || g->nr_cpus > HAT_MAX_CPUS) {
		snprintf(err, errlen, "nr_cpus %u out of range [1, %d]",
			 g->nr_cpus, HAT_MAX_CPUS);
		return -1;
	}
	if (g->percpu_pagelist_fraction && (g->percpu_pagelist_fraction < 8 ||
					     g->percpu_pagelist_fraction > (1UL << 20))) {
		snprintf(err, errlen, "percpu_pagelist_fraction %lu out of range [8, %lu] (0: default sizing)",
			 g->percpu_pagelist_fraction, 1UL << 20);
		return -1;
	}
	if (g->page_size_kb != 4) {
		snprintf(err, errlen, "page size %lu kB unsupported (4 only)", g->page_size_kb);
		return -1;
	}
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long s = g->zone_start_pfn[i], e = g->zone_end_pfn[i];

		if (e <= s)
			continue;
		if (s < prev_end) {
			snprintf(err, errlen, "zone %s [%lu, %lu) overlaps a lower zone",
				 zone_names[i], s, e);
			return -1;
		}
		if (e > HAT_MAX_NODE_PAGES) {
			snprintf(err, errlen, "zone %s ends at pfn %lu, beyond the limit %lu",
				 zone_names[i], e, HAT_MAX_NODE_PAGES);
			return -1;
		}
		if (g->reserved_pages[i] > e - s) {
			snprintf(err, errlen, "zone %s: %lu reserved pages > %lu present",
				 zone_names[i], g->reserved_pages[i], e - s);
			return -1;
		}
		prev_end = e;
		any = true;
	}
	if (!any) {
		snprintf(err, errlen, "no populated zone");
		return -1;
	}
	return 0;
}

/* zone->lock's section closes: an event (spin_unlock() calls it). */
static void zone_lock_released(void *zone)
{
	model_event(zone_unlocked, zone);
}

static void zone_init(struct zone *zone, int idx, const struct hat_geometry *g)
{
	zone->zone_pgdat = &contig_page_data;
	zone->name = zone_names[idx];
	zone->idx = (enum zone_type)idx;
	zone->lock.on_unlock = zone_lock_released;
	zone->lock.arg = zone;
	for (unsigned int o = 0; o < HAT_MAX_ORDER_LIMIT; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&zone->free_area[o].free_list[mt]);
	for (int cpu = 0; cpu < HAT_MAX_CPUS; cpu++)
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			INIT_LIST_HEAD(&zone->pageset[cpu].lists[mt]);
	if (g->zone_end_pfn[idx] <= g->zone_start_pfn[idx])
		return;
	zone->populated = true;
	zone->zone_start_pfn = g->zone_start_pfn[idx];
	zone->spanned_pages = g->zone_end_pfn[idx] - g->zone_start_pfn[idx];
	zone->present_pages = zone->spanned_pages;
	zone->managed_pages = zone->present_pages - g->reserved_pages[idx];
}

/*
 * memmap_init_zone(): the block of every block-aligned pfn inside the zone
 * starts MOVABLE, whatever build_all_zonelists() later decides about
 * mobility grouping.  A block whose first pfn lies in no zone, such as
 * x86's DMA block 0 when the zone starts at pfn 1, keeps UNMOVABLE
 * (spec §10.8).
 */
static void memmap_init_zone(struct pglist_data *pgdat, const struct zone *zone)
{
	unsigned long pfn = (zone->zone_start_pfn + pageblock_nr_pages - 1) &
			    ~(pageblock_nr_pages - 1);

	for (; pfn < zone_end_pfn(zone); pfn += pageblock_nr_pages)
		pgdat->pageblock_flags[pfn >> pageblock_order] = MIGRATE_MOVABLE;
}

int node_init(const struct hat_geometry *g, const struct hat_variant *v,
	      char *err, size_t errlen)
{
	struct pglist_data *pgdat = &contig_page_data;
	unsigned long end = 0, align, total_managed = 0;

	if (check_geometry(g, err, errlen))
		return -1;
	memset(pgdat, 0, sizeof(*pgdat));
	pgdat->geom = *g;
	pgdat->variant = *v;
	pgdat->watermark_scale_factor = 10;
	pgdat->lowmem_reserve_ratio[ZONE_DMA] = 256;
	pgdat->lowmem_reserve_ratio[ZONE_DMA32] = 256;
	pgdat->lowmem_reserve_ratio[ZONE_NORMAL] = 32;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (g->zone_end_pfn[i] > g->zone_start_pfn[i])
			end = g->zone_end_pfn[i];
	/* the memmap covers whole MAX_ORDER buddies, as SPARSEMEM sections do */
	align = 1UL << (g->max_order - 1);
	pgdat->node_spanned_pages = (end + align - 1) / align * align;
	pgdat->nr_pageblocks = pgdat->node_spanned_pages >> g->pb_order;
	if (memmap_alloc(pgdat)) {
		snprintf(err, errlen, "out of memory for a %lu-page memmap",
			 pgdat->node_spanned_pages);
		return -1;
	}
	/* the usemap starts zeroed: 0 = MIGRATE_UNMOVABLE */
	memset(pgdat->pageblock_flags, MIGRATE_UNMOVABLE, pgdat->nr_pageblocks);

	for (unsigned long pfn = 0; pfn < pgdat->node_spanned_pages; pfn++) {
		struct page *page = &pgdat->node_mem_map[pfn];

		page->zone = -1;
		page->flags = PG_reserved;
	}
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		zone_init(zone, i, g);
		if (!populated_zone(zone))
			continue;
		for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn++) {
			pgdat->node_mem_map[pfn].zone = (signed char)i;
			pgdat->node_mem_map[pfn].flags = 0;
		}
		memmap_init_zone(pgdat, zone);
		total_managed += zone->managed_pages;
	}
	/* build_all_zonelists(): grouping needs at least one block per type */
	pgdat->mobility_disabled =
		total_managed < (pageblock_nr_pages * MIGRATE_TYPES);
	init_per_zone_wmark_min();
	for (int i = 0; i < MAX_NR_ZONES; i++)
		zone_pcp_update(&pgdat->node_zones[i]);
	pgdat->current_task.cpu = 0;
	checker_reset();
	return 0;
}

void node_exit(void)
{
	struct pglist_data *pgdat = &contig_page_data;

	free(memmap_buf);
	free(usemap_buf);
	memmap_buf = NULL;
	usemap_buf = NULL;
	memmap_cap = usemap_cap = 0;
	pgdat->node_mem_map = NULL;
	pgdat->pageblock_flags = NULL;
	pgdat->node_spanned_pages = 0;
}

/*
 * Hand [start_pfn, end_pfn) to the buddy allocator in the largest aligned
 * chunks that stay inside one zone (__free_pages_boot_core without pcp).
 * The pages must be allocated and owned by nobody; holes are skipped.
 */
void node_free_range(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn = start_pfn;

	while (pfn < end_pfn) {
		struct zone *zone = pfn_zone(pfn);
		unsigned int order = 0;

		if (!zone) {
			pfn++;
			continue;
		}
		while (order + 1 < MAX_ORDER &&
		       !(pfn & ((1UL << (order + 1)) - 1)) &&
		       pfn + (1UL << (order + 1)) <= end_pfn &&
		       pfn + (1UL << (order + 1)) <= zone_end_pfn(zone))
			order++;
		BUG_ON(pfn_to_page(pfn)->flags & (PG_buddy | PG_pcp));
		free_one_page(zone, pfn_to_page(pfn), pfn, order,
			      get_pageblock_migratetype(pfn_to_page(pfn)));
		pfn += 1UL << order;
	}
}

void set_current(unsigned int cpu, bool rt)
{
	BUG_ON(cpu >= nr_cpu_ids);
	current->cpu = cpu;
	current->rt = rt;
}
