/* SPDX-License-Identifier: MIT */
/*
 * support.h - what the allocator unit tests share: building a node (zone Z
 * of spec §5.0, R5's zone Y, the small fuzzing geometries, the three-zone
 * node), typed blocks and free buddies, list walking and free-page counts.
 * What only one test needs stays in that test.
 *
 * Helpers that check something (KT_REQUIRE, KT_EQ) are static inline here,
 * so that their checks count in the calling test's ktest counters (ktest.h
 * counts per source file); the rest is in support.c.
 */
#ifndef HATRACE_TESTS_UNIT_SUPPORT_H
#define HATRACE_TESTS_UNIT_SUPPORT_H

#include "core_support.h"
#include "invariants.h"
#include "ktest.h"
#include "page_alloc.h"
#include "setup.h"

#define LA	(contig_page_data.last_alloc)
#define RM	(contig_page_data.reclaim)

/* ---- geometries (support.c) ---- */

/* Zone Z of spec §5.0: Normal [0, 65536), min 512 / low 640 / high 768, cap max 1167. */
#define Z_END_PFN	65536UL
/* R5's zone Y: Normal [0, 16640); block 32 = [16384, 16896) crosses the zone end. */
#define Y_END_PFN	16640UL

/* geometry_default() with the one zone @idx spanning [start, end). */
void geom_one_zone(struct hat_geometry *g, int idx, unsigned long start, unsigned long end);
/*
 * The small geometries of the free-list tests: pageblock_order @pb_order,
 * MAX_ORDER @max_order, 2 CPUs, DMA [dma_s, dma_e) and Normal
 * [normal_s, normal_e); a zone with e <= s is empty.
 */
void geom_small(struct hat_geometry *g, unsigned int pb_order, unsigned int max_order,
		unsigned long dma_s, unsigned long dma_e,
		unsigned long normal_s, unsigned long normal_e);
/*
 * Three zones: DMA [1, 4096) with 118 boot-reserved pages (managed 3977),
 * DMA32 [4096, 524288) (520192), Normal [524288, 589824) (65536).
 */
void geom_three_zones(struct hat_geometry *g);
/* Two zones: DMA32 [0, 32768), Normal [32768, 65536). */
void geom_dma32_normal(struct hat_geometry *g);

/* ---- building the node ---- */

static inline struct zone *node_zone(int idx)
{
	return &contig_page_data.node_zones[idx];
}

/*
 * node_init(@g) under @variant, watched by the checker (subscribed to the
 * model's events), then run as CPU 0, not an RT task, with the
 * checker enabled and no violation callback; fatal on error.
 */
static inline void boot_node(const struct hat_geometry *g, const char *variant)
{
	struct hat_variant v;
	char err[256];

	KT_REQUIRE(variant_parse(variant, &v, err, sizeof(err)) == 0);
	checker_subscribe();
	KT_REQUIRE(node_init(g, &v, err, sizeof(err)) == 0);
	set_current(0, false);
	hat_checker.on_violation = NULL;
	hat_checker.enabled = true;
}

/* A node of the one zone @idx = [start, end), nothing free; returns the zone. */
static inline struct zone *boot_zone(const char *variant, int idx, unsigned long start,
				     unsigned long end)
{
	struct hat_geometry g;

	geom_one_zone(&g, idx, start, end);
	boot_node(&g, variant);
	return node_zone(idx);
}

/* Zone Z of §5.0 under @variant. */
static inline struct zone *boot_Z(const char *variant)
{
	return boot_zone(variant, ZONE_NORMAL, 0, Z_END_PFN);
}

/* R5's zone Y under @variant. */
static inline struct zone *boot_Y(const char *variant)
{
	return boot_zone(variant, ZONE_NORMAL, 0, Y_END_PFN);
}

/* geom_small() under v4.8. */
static inline void boot_small(unsigned int pb_order, unsigned int max_order,
			      unsigned long dma_s, unsigned long dma_e,
			      unsigned long normal_s, unsigned long normal_e)
{
	struct hat_geometry g;

	geom_small(&g, pb_order, max_order, dma_s, dma_e, normal_s, normal_e);
	boot_node(&g, "v4.8");
}

/*
 * The common small geometry: Normal [0, 64), pageblock_order 3 (8-page
 * blocks), MAX_ORDER 5, 2 CPUs; 64 >= pb x MIGRATE_TYPES = 48 keeps
 * mobility grouping on.  Returns the Normal zone.
 */
static inline struct zone *boot_normal64(void)
{
	boot_small(3, 5, 0, 0, 0, 64);
	return node_zone(ZONE_NORMAL);
}

/* geom_three_zones() under v4.8. */
static inline void boot_three_zones(void)
{
	struct hat_geometry g;

	geom_three_zones(&g);
	boot_node(&g, "v4.8");
}

/* geom_dma32_normal() under @variant. */
static inline void boot_dma32_normal(const char *variant)
{
	struct hat_geometry g;

	geom_dma32_normal(&g);
	boot_node(&g, variant);
}

/* ---- pages, blocks, buddies ---- */

/* NR_FREE_PAGES of @z. */
static inline long nr_free_pages(const struct zone *z)
{
	return z->vm_stat[NR_FREE_PAGES];
}

/* ---- prepared states of zone Z ---- */

/*
 * Zone Z under @variant with the @nr blocks 10, 20, .., 10 x nr made H by
 * make_h(blk, @order) (9: the whole block free, -1: nothing free), then
 * nr_reserved_highatomic set to @c.
 */
static inline struct zone *boot_Z_h(const char *variant, unsigned int nr, int order,
				    unsigned long c)
{
	struct zone *z = boot_Z(variant);

	for (unsigned long blk = 10; blk <= 10UL * nr; blk += 10)
		make_h(blk, order);
	setup_reserved_highatomic(z, c);
	return z;
}

/*
 * The stray page of spec §3.2 step 5: zone Z under @variant with blocks 20
 * and 30 H (nothing free, C = 1024) and the free page 5120 of the MOVABLE
 * block 10 on an order-0 H list.
 */
static inline struct zone *boot_Z_stray_h(const char *variant)
{
	struct zone *z = boot_Z(variant);

	make_h(20, -1);
	make_h(30, -1);
	setup_reserved_highatomic(z, 1024);
	put_buddy(10 * PB, 0, H);
	return z;
}

/* ---- allocator calls ---- */

/* A request for the Normal zone of type @mt. */
static inline struct alloc_context ac_normal(int mt)
{
	struct alloc_context ac = {
		.high_zoneidx = ZONE_NORMAL, .migratetype = mt, .classzone_idx = ZONE_NORMAL,
	};
	return ac;
}

/* reserve_highatomic_pageblock(order 1) for the blocks 10, 20, .., 10 x @nr in turn. */
void reserve_blocks(struct zone *z, unsigned int nr);
/* Free the order-0 page @pfn to the pcp list of @cpu (as a task on it), then be CPU 0 again. */
void free_page_on_cpu(unsigned long pfn, unsigned int cpu);
/* __rmqueue_fallback() under zone->lock, without any accounting. */
struct page *fallback_locked(struct zone *z, unsigned int order, int mt);

/* ---- free lists and pcp lists ---- */

static inline struct list_head *buddy_list(struct zone *z, unsigned int order, int mt)
{
	return &z->free_area[order].free_list[mt];
}

static inline struct list_head *pcp_list(struct zone *z, unsigned int cpu, int mt)
{
	return &z->pageset[cpu].lists[mt];
}

/* The number of entries on @head. */
long list_len(const struct list_head *head);
/* pfn of the entry at @idx from the head (idx >= 0) or from the tail (-1 = last); -1 if none. */
long list_pfn(const struct list_head *head, long idx);
bool list_has_pfn(const struct list_head *head, unsigned long pfn);
/* Whether a buddy headed by @pfn is on free_list[@order][@mt] of @z. */
bool on_buddy_list(struct zone *z, unsigned long pfn, unsigned int order, int mt);
/* Free pages on @mt's buddy lists of @z, all orders together. */
unsigned long buddy_list_pages(struct zone *z, int mt);

/* ---- checks ---- */

/* The full structural checks pass and no invariant has fired. */
static inline void expect_clean(void)
{
	KT_EQ(check_node_full(), 0);
	KT_EQ(hat_checker.fired, 0);
}

/*
 * Table-driven checks: take kt_failed() before a case and hand it to
 * kt_case_end() after it, which names the case on stderr if one of its
 * checks failed (the check's own line is the loop's).
 */
static inline long kt_failed(void)
{
	return kt_counts()->failed;
}

static inline void kt_case_end(long failed_before, unsigned int i, const char *what)
{
	if (kt_counts()->failed != failed_before)
		fprintf(stderr, "    in case %u: %s\n", i, what);
}

#endif /* HATRACE_TESTS_UNIT_SUPPORT_H */
