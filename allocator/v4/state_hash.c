// SPDX-License-Identifier: MIT
/*
 * state_hash.c - a hash of the node, for the determinism tests' golden
 * values: free lists in list order, pcp lists, block types, counters.
 */
#include "page_alloc.h"

/* FNV-1a, 64 bit (wraps on purpose), over the values that make up the allocator's state. */
static __no_sanitize_unsigned_wrap uint64_t fnv(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t node_state_hash(void)
{
	struct pglist_data *pgdat = &contig_page_data;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (unsigned long b = 0; b < pgdat->nr_pageblocks; b++)
		h = fnv(h, pgdat->pageblock_flags[b]);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (!populated_zone(zone))
			continue;
		h = fnv(h, zone->nr_reserved_highatomic);
		h = fnv(h, zone->managed_pages);
		h = fnv(h, (uint64_t)zone->vm_stat[NR_FREE_PAGES]);
		h = fnv(h, (uint64_t)zone->vm_stat[NR_FREE_CMA_PAGES]);
		h = fnv(h, (uint64_t)zone->nr_isolate_pageblock);
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			h = fnv(h, zone->free_area[o].nr_free);
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				struct list_head *pos;

				h = fnv(h, 0x100 + (uint64_t)mt);
				list_for_each(pos, &zone->free_area[o].free_list[mt])
					h = fnv(h, page_to_pfn(list_entry(pos, struct page, lru)));
			}
		}
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			struct per_cpu_pages *pcp = &zone->pageset[cpu];

			h = fnv(h, (uint64_t)pcp->count);
			for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
				struct list_head *pos;

				h = fnv(h, 0x200 + (uint64_t)mt);
				list_for_each(pos, &pcp->lists[mt]) {
					struct page *p = list_entry(pos, struct page, lru);

					h = fnv(h, page_to_pfn(p));
					h = fnv(h, (uint64_t)p->index);
				}
			}
		}
	}
	return h;
}
