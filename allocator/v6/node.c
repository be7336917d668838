// SPDX-License-Identifier: MIT
/*
 * node.c - building the node from its geometry, and the sizing functions
 * of mm/page_alloc.c and mm/mm_init.c: free_area_init_core() /
 * memmap_init() (zones, memmap, pageblocks all MOVABLE),
 * build_all_zonelists() (mobility grouping), calculate_min_free_kbytes(),
 * __setup_per_zone_wmarks(), setup_per_zone_lowmem_reserve(),
 * zone_batchsize(), zone_highsize(), zone_set_pageset_high_and_batch().
 *
 * pcp sizing has two forms: v6.1's one high per pcp (low watermark split
 * over the CPUs), and since Huang Ying's auto-tuning (V6_PCP_AUTOTUNE,
 * v6.7) a [high_min, high_max] range whose upper end is 1/8 of the zone.
 */
#include "page_alloc.h"
#include "events.h"

#include <string.h>

struct pglist_data contig_page_data;

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal" };

/* The memmap's hard limit: a 64 GiB node of 4 KiB pages. */
#define HAT_MAX_NODE_PAGES	(1UL << 24)
/* MIN_PERCPU_PAGELIST_HIGH_FRACTION: the auto-tuned high_max is 1/8 */
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION	8

/* A buffer kept between nodes, grown when a node needs more. */
struct reusable_buf {
	void *mem;
	size_t size;
};

static struct reusable_buf memmap_buf, usemap_buf;

static void *reusable_get(struct reusable_buf *rb, size_t size)
{
	if (size > rb->size) {
		free(rb->mem);
		rb->mem = cacheline_alloc(size);
		rb->size = rb->mem ? size : 0;
	}
	return rb->mem;
}

bool node_buffers_hold(const struct page *memmap, const unsigned char *usemap,
		       unsigned long pages, unsigned long blocks)
{
	return memmap && memmap == memmap_buf.mem && usemap == usemap_buf.mem &&
	       pages * sizeof(struct page) <= memmap_buf.size && blocks <= usemap_buf.size;
}

static void reusable_put(struct reusable_buf *rb)
{
	free(rb->mem);
	rb->mem = NULL;
	rb->size = 0;
}

void node_geometry_preset(struct node_geometry *g, enum v6_arch arch)
{
	static const struct {
		unsigned int pb, orders, pmd;
		unsigned long page_kb;
	} arches[NR_V6_ARCHES] = {
		[ARCH_X86_64] = { 9, 11, 9, 4 },
		[ARCH_S390] = { 8, 11, 8, 4 },
		/* ARCH_FORCE_MAX_ORDER 13 for 64K pages, PMD = 512M */
		[ARCH_ARM64_64K] = { 13, 14, 13, 64 },
	};

	memset(g, 0, sizeof(*g));
	g->pb_order = arches[arch].pb;
	g->nr_page_orders = arches[arch].orders;
	g->hpage_pmd_order = arches[arch].pmd;
	g->page_size_kb = arches[arch].page_kb;
	g->thp = true;
	g->nr_cpus = 2;
}

struct zone *pfn_zone(unsigned long pfn)
{
	if (!pfn_valid(pfn))
		return NULL;
	return page_zone(pfn_to_page(pfn));
}

/* int_sqrt(): the integer square root, by Newton's method. */
static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = x, y;

	if (x < 2)
		return x;
	y = (r + x / r) / 2;
	while (y < r) {
		r = y;
		y = (r + x / r) / 2;
	}
	return r;
}

static unsigned long rounddown_pow_of_two(unsigned long n)
{
	return 1UL << (sizeof(long) * 8 - 1 - (unsigned int)__builtin_clzl(n));
}

/* mult_frac(x, n, d) without the intermediate overflow of x * n */
static unsigned long mult_frac(unsigned long x, unsigned long n, unsigned long d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

/*
 * zone_batchsize(): about 1/4096 of the zone, at most 256 KiB of pages,
 * rounded down to 2^n - 1; 1 for small zones.  v6.1 wrote it as
 * min(managed >> 10, 1M) / 4: the same numbers.
 */
int zone_batchsize(const struct zone *zone)
{
	unsigned long cap = 256 / contig_page_data.geom.page_size_kb;
	unsigned long batch = min(zone_managed_pages(zone) >> 12, cap);

	if (batch <= 1)
		return 1;
	return (int)(rounddown_pow_of_two(batch + batch / 2) - 1);
}

/*
 * zone_highsize(): the low watermark (or managed / @high_fraction) split
 * over the node's CPUs, at least 4 batches.  Every CPU of the model is
 * online and local to the node, so the split is nr_cpu_ids + @cpu_online.
 */
int zone_highsize(const struct zone *zone, int batch, int cpu_online, int high_fraction)
{
	unsigned long total_pages;
	int high;

	if (!high_fraction)
		total_pages = low_wmark_pages(zone);
	else
		total_pages = zone_managed_pages(zone) / (unsigned long)high_fraction;
	high = (int)(total_pages / (nr_cpu_ids + (unsigned int)cpu_online));
	return max(high, batch << 2);
}

/*
 * pageset_update(): the auto-tuned pcp keeps its current high (clamped on
 * use); v6.1's pcp has one high, which the update sets.
 */
void pageset_update(struct per_cpu_pages *pcp, int high_min, int high_max, int batch)
{
	pcp->batch = batch;
	pcp->high_min = high_min;
	pcp->high_max = high_max;
	if (!v6_has(V6_PCP_AUTOTUNE))
		pcp->high = high_min;
}

void per_cpu_pages_init(struct per_cpu_pages *pcp)
{
	memset(pcp, 0, sizeof(*pcp));
	for (unsigned int i = 0; i < NR_PCP_LISTS; i++)
		INIT_LIST_HEAD(&pcp->lists[i]);
	pcp->high_min = BOOT_PAGESET_HIGH;
	pcp->high_max = BOOT_PAGESET_HIGH;
	pcp->high = BOOT_PAGESET_HIGH;
	pcp->batch = BOOT_PAGESET_BATCH;
}

/* zone_set_pageset_high_and_batch(), zone_pcp_update() */
void zone_set_pageset_high_and_batch(struct zone *zone, int cpu_online)
{
	int fraction = contig_page_data.percpu_pagelist_high_fraction;
	int batch = zone_batchsize(zone);
	int high_min, high_max;

	high_min = zone_highsize(zone, batch, cpu_online, fraction);
	high_max = high_min;
	if (v6_has(V6_PCP_AUTOTUNE) && !fraction)
		high_max = zone_highsize(zone, batch, cpu_online,
					 MIN_PERCPU_PAGELIST_HIGH_FRACTION);
	if (zone->pageset_high_min == high_min && zone->pageset_high_max == high_max &&
	    zone->pageset_batch == batch)
		return;
	zone->pageset_high_min = high_min;
	zone->pageset_high_max = high_max;
	zone->pageset_batch = batch;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		pageset_update(&zone->per_cpu_pageset[cpu], high_min, high_max, batch);
}

void zone_pcp_update(struct zone *zone, int cpu_online)
{
	zone_set_pageset_high_and_batch(zone, cpu_online);
}

/*
 * Writing vm.percpu_pagelist_high_fraction: a fraction of 1 .. 7 is
 * refused (-EINVAL, the knob keeps its value); a new one resizes the
 * per-CPU lists of every populated zone.  Pages above a lowered high stay
 * on a list until its next free trims it.
 */
void percpu_pagelist_high_fraction_set(int fraction)
{
	struct pglist_data *pgdat = &contig_page_data;

	if (fraction && fraction < MIN_PERCPU_PAGELIST_HIGH_FRACTION)
		return;
	if (fraction == pgdat->percpu_pagelist_high_fraction)
		return;
	pgdat->percpu_pagelist_high_fraction = fraction;
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (populated_zone(&pgdat->node_zones[i]))
			zone_set_pageset_high_and_batch(&pgdat->node_zones[i], 0);
}

/* nr_free_buffer_pages(): pages above the high watermark, DMA..NORMAL */
static unsigned long nr_free_buffer_pages(void)
{
	unsigned long sum = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *zone = &contig_page_data.node_zones[i];
		unsigned long high = high_wmark_pages(zone);

		if (zone_managed_pages(zone) > high)
			sum += zone_managed_pages(zone) - high;
	}
	return sum;
}

/* calculate_min_free_kbytes(): sqrt(16 x lowmem KiB), within [128 KiB, 256 MiB]. */
static unsigned long calculate_min_free_kbytes(void)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages() * contig_page_data.geom.page_size_kb;

	return min(max(int_sqrt(lowmem_kbytes * 16), 128UL), 262144UL);
}

/*
 * __setup_per_zone_wmarks(): min_free_kbytes shared out by managed size;
 * low and high one step further each, the step being a quarter of min or
 * watermark_scale_factor / 10000 of the zone, whichever is larger.  The
 * boost is reset.
 */
void setup_per_zone_wmarks(void)
{
	struct pglist_data *pgdat = &contig_page_data;
	unsigned long page_shift_10 = (unsigned long)__builtin_ctzl(pgdat->geom.page_size_kb);
	unsigned long pages_min = pgdat->min_free_kbytes >> page_shift_10;
	unsigned long lowmem_pages = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		lowmem_pages += zone_managed_pages(&pgdat->node_zones[i]);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];
		unsigned long tmp = 0;

		if (lowmem_pages)
			tmp = pages_min * zone_managed_pages(zone) / lowmem_pages;
		zone->_watermark[WMARK_MIN] = tmp;
		tmp = max(tmp >> 2, mult_frac(zone_managed_pages(zone),
					      (unsigned long)pgdat->watermark_scale_factor,
					      10000));
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_LOW] = min_wmark_pages(zone) + tmp;
		zone->_watermark[WMARK_HIGH] = low_wmark_pages(zone) + tmp;
		zone->_watermark[WMARK_PROMO] = high_wmark_pages(zone) + tmp;
	}
	for (int i = 0; i < MAX_NR_ZONES; i++)
		zone_pcp_update(&pgdat->node_zones[i], 0);
}

/*
 * setup_per_zone_lowmem_reserve(): what zone i keeps back from a request
 * that may use zones up to j: the managed pages of zones i+1..j over
 * zone i's ratio.
 */
void setup_per_zone_lowmem_reserve(void)
{
	struct pglist_data *pgdat = &contig_page_data;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];
		int ratio = pgdat->lowmem_reserve_ratio[i];
		bool clear = !ratio || !zone_managed_pages(zone);
		unsigned long managed_pages = 0;

		for (int j = i + 1; j < MAX_NR_ZONES; j++) {
			managed_pages += zone_managed_pages(&pgdat->node_zones[j]);
			zone->lowmem_reserve[j] = clear ? 0 : (long)(managed_pages /
								     (unsigned long)ratio);
		}
	}
}

/*
 * set_recommended_min_free_kbytes() (mm/khugepaged.c, when THP is
 * "always" or "madvise", as Debian's is): at least 2 free blocks per zone
 * up to Normal and 9 more for the fallbacks between the pcp types,
 * capped at 5 % of the pages above the high watermarks; raises
 * min_free_kbytes, never lowers it.
 */
static void set_recommended_min_free_kbytes(void)
{
	struct pglist_data *pgdat = &contig_page_data;
	unsigned long nr_zones = 0, recommended_min;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		nr_zones += populated_zone(&pgdat->node_zones[i]);
	recommended_min = pageblock_nr_pages * nr_zones * (2 + MIGRATE_PCPTYPES * MIGRATE_PCPTYPES);
	recommended_min = min(recommended_min, nr_free_buffer_pages() / 20);
	recommended_min *= pgdat->geom.page_size_kb;
	if (recommended_min > pgdat->min_free_kbytes) {
		pgdat->min_free_kbytes = recommended_min;
		setup_per_zone_wmarks();
	}
}

/*
 * init_per_zone_wmark_min(), then khugepaged's raise on a THP kernel.  A
 * geometry's own min_free_kbytes is taken as the final value (what
 * /proc/sys/vm/min_free_kbytes shows after boot): neither runs then.
 */
int init_per_zone_wmark_min(void)
{
	struct pglist_data *pgdat = &contig_page_data;

	pgdat->min_free_kbytes = pgdat->geom.min_free_kbytes;
	if (!pgdat->min_free_kbytes)
		pgdat->min_free_kbytes = calculate_min_free_kbytes();
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
	if (!pgdat->geom.min_free_kbytes && pgdat->geom.thp)
		set_recommended_min_free_kbytes();
	return 0;
}

/* adjust_managed_page_count() */
void adjust_managed_page_count(struct zone *zone, long count)
{
	zone->managed_pages = (unsigned long)((long)zone->managed_pages + count);
	setup_per_zone_lowmem_reserve();
}

static int check_geometry(const struct node_geometry *g, char *err, size_t errlen)
{
	unsigned long prev_end = 0;

	if (g->nr_page_orders < 1 || g->nr_page_orders > HAT_MAX_ORDER_LIMIT) {
		snprintf(err, errlen, "nr_page_orders %u is not in 1..%d", g->nr_page_orders,
			 HAT_MAX_ORDER_LIMIT);
		return -1;
	}
	if (g->pb_order >= g->nr_page_orders) {
		snprintf(err, errlen, "pageblock_order %u is above MAX_PAGE_ORDER %u",
			 g->pb_order, g->nr_page_orders - 1);
		return -1;
	}
	if (g->thp && (g->hpage_pmd_order <= PAGE_ALLOC_COSTLY_ORDER ||
		       g->hpage_pmd_order >= g->nr_page_orders)) {
		snprintf(err, errlen, "HPAGE_PMD_ORDER %u is not in %d..%u", g->hpage_pmd_order,
			 PAGE_ALLOC_COSTLY_ORDER + 1, g->nr_page_orders - 1);
		return -1;
	}
	if (g->nr_cpus < 1 || g->nr_cpus > HAT_MAX_CPUS) {
		snprintf(err, errlen, "nr_cpus %u is not in 1..%d", g->nr_cpus, HAT_MAX_CPUS);
		return -1;
	}
	if (g->page_size_kb != 4 && g->page_size_kb != 16 && g->page_size_kb != 64) {
		snprintf(err, errlen, "page size %lu KiB is not 4, 16 or 64", g->page_size_kb);
		return -1;
	}
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long start = g->zone_start_pfn[i], end = g->zone_end_pfn[i];

		if (end <= start)
			continue;
		if (start < prev_end || end > HAT_MAX_NODE_PAGES) {
			snprintf(err, errlen, "zone %s [%lu, %lu) overlaps a lower zone or "
				 "ends past %lu pages", zone_names[i], start, end,
				 HAT_MAX_NODE_PAGES);
			return -1;
		}
		if (g->reserved_pages[i] > end - start) {
			snprintf(err, errlen, "zone %s reserves %lu of its %lu pages",
				 zone_names[i], g->reserved_pages[i], end - start);
			return -1;
		}
		prev_end = end;
	}
	return 0;
}

/* memmap_alloc(): the memmap and usemap, reused between nodes. */
static int memmap_alloc(struct pglist_data *pgdat)
{
	pgdat->node_mem_map = reusable_get(&memmap_buf,
					   pgdat->node_spanned_pages * sizeof(struct page));
	pgdat->pageblock_flags = reusable_get(&usemap_buf, pgdat->nr_pageblocks);
	return pgdat->node_mem_map && pgdat->pageblock_flags ? 0 : -1;
}

/* The zone->lock critical section ends: the checker's hook. */
static void zone_unlocked(void *arg)
{
	V6_EVENT(unlock, (const struct zone *)arg);
}

/* zone_init_free_lists(), zone_pcp_init() and the zone's spans */
static void zone_init(struct zone *zone, int idx, const struct node_geometry *g)
{
	zone->zone_pgdat = &contig_page_data;
	zone->name = zone_names[idx];
	zone->idx = (enum zone_type)idx;
	zone->lock.on_unlock = zone_unlocked;
	zone->lock.arg = zone;
	for (struct free_area *area = zone->free_area;
	     area < zone->free_area + HAT_MAX_ORDER_LIMIT; area++)
		for (int t = 0; t < MIGRATE_TYPES; t++)
			INIT_LIST_HEAD(&area->free_list[t]);
	for (unsigned int cpu = 0; cpu < HAT_MAX_CPUS; cpu++)
		per_cpu_pages_init(&zone->per_cpu_pageset[cpu]);
	zone->populated = g->zone_end_pfn[idx] > g->zone_start_pfn[idx];
	if (zone->populated) {
		zone->zone_start_pfn = g->zone_start_pfn[idx];
		zone->present_pages = zone->spanned_pages = g->zone_end_pfn[idx] -
							    zone->zone_start_pfn;
		zone->managed_pages = zone->present_pages - g->reserved_pages[idx];
	}
}

/*
 * memmap_init_range(): the zone's pages are allocated and nobody's; each
 * block that starts inside the zone is MOVABLE.
 */
static void memmap_init_zone(struct pglist_data *pgdat, const struct zone *zone)
{
	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn++) {
		struct page *page = &pgdat->node_mem_map[pfn];

		page->zone = (signed char)zone->idx;
		page->flags = 0;
		if (pageblock_aligned(pfn))
			pgdat->pageblock_flags[pfn >> pageblock_order] = MIGRATE_MOVABLE;
	}
}

/* The defaults of vm.lowmem_reserve_ratio (DMA, DMA32, Normal). */
static const int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES] = { 256, 256, 32 };

/* What init_unavailable_range() leaves in a hole. */
static const struct page hole_page = { .zone = -1, .flags = PG_reserved, .list_mt = -1 };

/* The node's pfn span: the highest zone end, in whole MAX_PAGE_ORDER buddies. */
static unsigned long node_span(const struct node_geometry *g)
{
	unsigned long align = 1UL << (g->nr_page_orders - 1), end = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (g->zone_end_pfn[i] > g->zone_start_pfn[i])
			end = max(end, g->zone_end_pfn[i]);
	return DIV_ROUND_UP(end, align) * align;
}

int node_init(const struct node_geometry *g, uint64_t patches, char *err, size_t errlen)
{
	struct pglist_data *pgdat = &contig_page_data;
	unsigned long total_managed = 0;

	if (check_geometry(g, err, errlen))
		return -1;
	memset(pgdat, 0, sizeof(*pgdat));
	pgdat->geom = *g;
	pgdat->patches = patches;
	pgdat->watermark_scale_factor = g->watermark_scale_factor ? (int)g->watermark_scale_factor
								   : 10;
	pgdat->watermark_boost_factor = 15000;
	pgdat->percpu_pagelist_high_fraction = (int)g->percpu_pagelist_high_fraction;
	memcpy(pgdat->lowmem_reserve_ratio, sysctl_lowmem_reserve_ratio,
	       sizeof(sysctl_lowmem_reserve_ratio));
	pgdat->node_spanned_pages = node_span(g);
	pgdat->nr_pageblocks = pgdat->node_spanned_pages >> g->pb_order;
	if (memmap_alloc(pgdat)) {
		snprintf(err, errlen, "out of memory for a %lu-page memmap",
			 pgdat->node_spanned_pages);
		return -1;
	}
	/* the usemap of a fresh node: all zeroes, i.e. UNMOVABLE */
	memset(pgdat->pageblock_flags, 0, pgdat->nr_pageblocks);
	for (unsigned long pfn = 0; pfn < pgdat->node_spanned_pages; pfn++)
		pgdat->node_mem_map[pfn] = hole_page;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		zone_init(zone, i, g);
		if (!populated_zone(zone))
			continue;
		memmap_init_zone(pgdat, zone);
		total_managed += zone->managed_pages;
	}
	/* build_all_zonelists(): grouping needs a block of each type */
	pgdat->mobility_disabled = total_managed < pageblock_nr_pages * MIGRATE_TYPES;
	init_per_zone_wmark_min();
	return 0;
}

void node_exit(void)
{
	reusable_put(&memmap_buf);
	reusable_put(&usemap_buf);
	memset(&contig_page_data, 0, sizeof(contig_page_data));
}

void set_current(unsigned int cpu, bool rt)
{
	BUG_ON(cpu >= nr_cpu_ids);
	current->cpu = cpu;
	current->rt = rt;
	current->pcp_trylock_fails = contig_page_data.pcp_trylock_fails >> cpu & 1;
}
