// SPDX-License-Identifier: MIT
/*
 * support.c - the unit tests' shared helpers that check nothing themselves
 * (support.h): geometries, list walking, free-page counts.
 */
#include "support.h"

static void span(struct hat_geometry *g, int idx, unsigned long start, unsigned long end)
{
	g->zone_start_pfn[idx] = start;
	g->zone_end_pfn[idx] = end;
}

void geom_one_zone(struct hat_geometry *g, int idx, unsigned long start, unsigned long end)
{
	geometry_default(g);
	span(g, idx, start, end);
}

void geom_small(struct hat_geometry *g, unsigned int pb_order, unsigned int max_order,
		unsigned long dma_s, unsigned long dma_e,
		unsigned long normal_s, unsigned long normal_e)
{
	geometry_default(g);
	g->pb_order = pb_order;
	g->max_order = max_order;
	g->nr_cpus = 2;
	span(g, ZONE_DMA, dma_s, dma_e);
	span(g, ZONE_NORMAL, normal_s, normal_e);
}

void geom_three_zones(struct hat_geometry *g)
{
	geometry_default(g);
	span(g, ZONE_DMA, 1, 4096);
	g->reserved_pages[ZONE_DMA] = 118;
	span(g, ZONE_DMA32, 4096, 524288);
	span(g, ZONE_NORMAL, 524288, 589824);
}

void geom_dma32_normal(struct hat_geometry *g)
{
	geometry_default(g);
	span(g, ZONE_DMA32, 0, 32768);
	span(g, ZONE_NORMAL, 32768, 65536);
}

struct page *fallback_locked(struct zone *z, unsigned int order, int mt)
{
	struct page *page;

	spin_lock(&z->lock);
	page = __rmqueue_fallback(z, order, mt);
	spin_unlock(&z->lock);
	return page;
}

void reserve_blocks(struct zone *z, unsigned int nr)
{
	for (unsigned long blk = 10; blk <= 10UL * nr; blk += 10)
		reserve_highatomic_pageblock(pg(blk * PB), z, 1);
}

void free_page_on_cpu(unsigned long pfn, unsigned int cpu)
{
	set_current(cpu, false);
	__free_pages(pg(pfn), 0);
	set_current(0, false);
}

long list_len(const struct list_head *head)
{
	return (long)list_count_nodes(head);
}

long list_pfn(const struct list_head *head, long idx)
{
	long n = list_len(head);
	const struct list_head *pos;

	if (idx < 0)
		idx += n;
	if (idx < 0 || idx >= n)
		return -1;
	list_for_each(pos, head)
		if (idx-- == 0)
			return (long)page_to_pfn(list_entry(pos, struct page, lru));
	return -1;
}

bool list_has_pfn(const struct list_head *head, unsigned long pfn)
{
	const struct list_head *pos;

	list_for_each(pos, head)
		if (page_to_pfn(list_entry(pos, struct page, lru)) == pfn)
			return true;
	return false;
}

bool on_buddy_list(struct zone *z, unsigned long pfn, unsigned int order, int mt)
{
	return list_has_pfn(buddy_list(z, order, mt), pfn);
}

unsigned long buddy_list_pages(struct zone *z, int mt)
{
	unsigned long n = 0;

	for (unsigned int o = 0; o < MAX_ORDER; o++)
		n += (unsigned long)list_len(buddy_list(z, o, mt)) << o;
	return n;
}
