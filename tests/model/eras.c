// SPDX-License-Identifier: MIT
/*
 * eras.c - both eras behind the interface in one program: era 2's names
 * (presets, '+no-X' removing what needs X, canonical names from the
 * closest preset, the preset grid), its core through the model table
 * (node, setup ops, allocation, free, snapshot, checks, the oracle's
 * violations in the shared recorder), switching eras in one process, and
 * each era's boot image.
 */
#include <string.h>

#include "ktest.h"
#include "model.h"

static struct hat_variant parse(const char *name)
{
	struct hat_variant v;
	char err[256];

	KT_REQUIRE(variant_parse(name, &v, err, sizeof(err)) == 0);
	return v;
}

static const char *name_of(const char *name)
{
	static char buf[HAT_VARIANT_NAME_MAX];
	struct hat_variant v = parse(name);

	return variant_name(&v, buf, sizeof(buf));
}

static void names(void)
{
	struct hat_variant v = parse("v6.12"), w;
	struct hat_variant grid[HAT_GRID_MAX];
	const struct hat_era_names *n = era_names(2);
	int hygiene = era_patch_lookup(2, "e0932b6c1f94", 12);
	int multiblock = era_patch_lookup(2, "7cc5a5d65011", 12);
	int free_h = era_patch_lookup(2, "c928807f6f6b", 12);
	unsigned int nr, in_presets = 0;
	char err[256];

	KT_EQ(hat_nr_eras(), 2);
	KT_EQ(v.era, 2);
	KT_REQUIRE(n != NULL && hygiene >= 0 && multiblock >= 0 && free_h >= 0);
	KT_EQ(strcmp(n->presets[0].name, "v6.1"), 0);
	KT_EQ(strcmp(name_of("v6.12"), "v6.12"), 0);
	KT_EQ(strcmp(name_of("v6.12+no-c928807f6f6b"), "v6.12+no-c928807f6f6b"), 0);
	KT_EQ(strcmp(name_of("v6.1+no-9282012fc0aa"), "v6.1+no-9282012fc0aa"), 0);
	/* era 1 keeps its names */
	KT_EQ(strcmp(name_of("v1+no-v1-2"), "v4.8+v1-1+v1-3+v1-4"), 0);
	KT_EQ(parse("ac3f3b0a5518").era, 1);
	/* removing the hygiene commit removes what builds on it */
	w = parse("v6.12+no-e0932b6c1f94");
	KT_ASSERT(!(w.patches & (1ULL << hygiene)));
	KT_ASSERT(!(w.patches & (1ULL << multiblock)));
	KT_ASSERT(!(w.patches & (1ULL << free_h)));
	KT_EQ(w.patches, variant_without(2, v.patches, (unsigned int)hygiene));
	KT_ASSERT(variant_equal(&w, &(struct hat_variant){ 2, parse(name_of(
		"v6.12+no-e0932b6c1f94")).patches }));
	/* and a removal that nothing needs removes one patch */
	KT_EQ(variant_without(2, v.patches, (unsigned int)free_h), v.patches & ~(1ULL << free_h));
	KT_ASSERT(variant_parse("v6.12+v4.8", &w, err, sizeof(err)) < 0);
	KT_ASSERT(strstr(err, "mainline") != NULL);	/* era 2's help */
	/* the grid: every preset, then each less each of its patches, once */
	for (unsigned int i = 0; i < n->nr_presets; i++)
		in_presets += (unsigned int)__builtin_popcountll(n->presets[i].patches);
	nr = era_variant_grid(2, grid, HAT_GRID_MAX);
	KT_ASSERT(nr > n->nr_presets && nr <= n->nr_presets + in_presets);
	for (unsigned int i = 0; i < n->nr_presets; i++)
		KT_EQ(grid[i].patches, n->presets[i].patches);
	for (unsigned int i = 0; i < nr; i++)
		for (unsigned int j = i + 1; j < nr; j++)
			KT_ASSERT(!variant_equal(&grid[i], &grid[j]));
}

static void build(const char *variant, unsigned long end)
{
	struct hat_geometry g;
	struct hat_variant v = parse(variant);
	char err[256];

	geometry_default(&g);
	g.zone_end_pfn[HAT_ZONE_NORMAL] = end;
	KT_REQUIRE(hat_node_init(&g, &v, err, sizeof(err)) == 0);
	KT_EQ(hat_active->era, v.era);
	KT_EQ(hat_active->setup_free_range(0, end), end);
	hat_active->set_current(0, false);
}

/* The era-2 core through its table: what it holds adds up. */
static void era2_ops(void)
{
	struct hat_zone_snapshot s;
	struct hat_alloc_report rep;
	unsigned long p0, p3, pcp = 0;
	uint64_t hash;

	build("v6.12", 8192);
	KT_EQ(hat_active->node_pages(), 8192);
	checker_reset();
	p0 = hat_active->alloc(GFP_KERNEL, 0);
	p3 = hat_active->alloc(GFP_ATOMIC, 3);
	KT_ASSERT(p0 != HAT_NO_PFN && p3 != HAT_NO_PFN && p0 != p3);
	KT_ASSERT(hat_active->range_unowned(p3, 3));
	hat_active->set_owner(p3, 3, 7);
	KT_ASSERT(!hat_active->range_unowned(p3, 3));
	hat_active->last_report(&rep);
	KT_ASSERT(!rep.slowpath && !rep.oom);
	hat_active->zone_snapshot(HAT_ZONE_NORMAL, &s);
	KT_ASSERT(s.populated);
	KT_EQ(s.spanned, 8192);
	for (unsigned int cpu = 0; cpu < HAT_MAX_CPUS; cpu++)
		pcp += s.pcp_count[cpu];
	/* the pcp refills hold pages beside the two allocations */
	KT_EQ(s.nr_free_pages + pcp + 1 + 8, 8192);
	hat_active->set_owner(p3, 3, 0);
	hat_active->free(p3, 3);
	hat_active->free(p0, 0);
	hat_active->drain_all();
	hat_active->zone_snapshot(HAT_ZONE_NORMAL, &s);
	KT_EQ(s.nr_free_pages, 8192);
	KT_EQ(s.pcp_count[0], 0);
	KT_EQ(hat_active->check_full(), 0);
	KT_EQ(hat_checker.fired, 0);
	hash = hat_active->state_hash();
	/* the same again: the same state */
	build("v6.12", 8192);
	p0 = hat_active->alloc(GFP_KERNEL, 0);
	p3 = hat_active->alloc(GFP_ATOMIC, 3);
	hat_active->free(p3, 3);
	hat_active->free(p0, 0);
	hat_active->drain_all();
	KT_ASSERT(hat_active->state_hash() == hash);
}

/* A node of @variant whose only free memory is block 1, HighAtomic, counter 512. */
static void build_t6(const char *variant)
{
	struct hat_geometry g;
	struct hat_variant v = parse(variant);
	char err[256];

	geometry_default(&g);
	g.zone_end_pfn[HAT_ZONE_NORMAL] = 8192;
	KT_REQUIRE(hat_node_init(&g, &v, err, sizeof(err)) == 0);
	hat_active->setup_watermarks(HAT_ZONE_NORMAL, 512, 640, 768);
	hat_active->setup_block(512, HAT_MT_HIGHATOMIC);
	KT_EQ(hat_active->setup_free_buddy(512, 9, HAT_MT_HIGHATOMIC), 0);
	hat_active->setup_counter(HAT_ZONE_NORMAL, 512);
	hat_active->set_current(0, false);
	checker_reset();
}

/* The oracle's violation reaches the shared recorder under a shared id (T6). */
static void era2_violation(void)
{
	build_t6("v6.1+no-281dd25c1a01");
	KT_EQ(hat_active->alloc(GFP_ATOMIC, 0), HAT_NO_PFN);
	KT_EQ(hat_checker.fired, HAT_INV_BIT(INV_I6_NOPAGE));
	KT_REQUIRE(hat_checker.nr_recorded == 1);
	KT_EQ(hat_checker.recorded[0].id, INV_I6_NOPAGE);
	KT_EQ(hat_checker.recorded[0].zone, HAT_ZONE_NORMAL);
	KT_EQ(strcmp(inv_name(INV_I6_NOPAGE), "I6-nopage"), 0);
	/* a new node starts with an empty recorder, as era 1's does */
	build("v6.1", 8192);
	KT_EQ(hat_checker.fired, 0);
	KT_EQ(hat_checker.count, 0);
	KT_EQ(hat_checker.nr_recorded, 0);
	/* with the fix the H page serves it */
	build_t6("v6.1");
	KT_ASSERT(hat_active->alloc(GFP_ATOMIC, 0) / 512 == 1);
	KT_EQ(hat_checker.fired, 0);
	KT_EQ(hat_active->check_full(), 0);
}

/* Both eras in one process, taking turns: each node as its own. */
static void switching(void)
{
	uint64_t h1, h2;
	unsigned long p;

	build("v4.8", 4096);
	p = hat_active->alloc(GFP_KERNEL, 2);
	KT_ASSERT(p != HAT_NO_PFN);
	h1 = hat_active->state_hash();
	build("v6.1", 4096);
	p = hat_active->alloc(GFP_KERNEL, 2);
	KT_ASSERT(p != HAT_NO_PFN);
	h2 = hat_active->state_hash();
	build("v4.8", 4096);
	hat_active->alloc(GFP_KERNEL, 2);
	KT_ASSERT(hat_active->state_hash() == h1);
	build("v6.1", 4096);
	hat_active->alloc(GFP_KERNEL, 2);
	KT_ASSERT(hat_active->state_hash() == h2);
	hat_node_exit();
}

/* Kernel and atomic allocations of orders 0-3, every other one freed. */
static void traffic(void)
{
	unsigned long p[8];

	for (unsigned int i = 0; i < 8; i++)
		p[i] = hat_active->alloc(i & 1 ? GFP_ATOMIC : GFP_KERNEL, i % 4);
	for (unsigned int i = 0; i < 8; i += 2)
		if (p[i] != HAT_NO_PFN)
			hat_active->free(p[i], i % 4);
}

/*
 * A boot image of each era restored over a node that ran traffic: the node
 * it saved (its state hash), with nothing amiss for the checks (era 2's
 * oracle took its shadows back with it), and the same traffic after it
 * ends where it ended on the fresh node.
 */
static void images(void)
{
	static const char *const variants[] = { "v1", "mainline", "v6.1" };

	for (unsigned int i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		const struct hat_model *m;
		struct hat_image *img;
		uint64_t boot, after;

		build(variants[i], 4096);
		m = hat_active;
		boot = m->state_hash();
		img = m->image_new();
		KT_REQUIRE(img != NULL);
		KT_EQ(m->image_save(img), 0);
		traffic();
		after = m->state_hash();
		KT_ASSERT(after != boot);
		KT_ASSERT(m->image_restore(img));
		KT_ASSERT(m->state_hash() == boot);
		KT_EQ(m->check_full(), 0);
		KT_EQ(hat_checker.fired, 0);
		traffic();
		KT_ASSERT(m->state_hash() == after);
		KT_EQ(m->check_full(), 0);
		KT_EQ(hat_checker.fired, 0);
		/* over a larger node: restored only where the buffers still are */
		build(variants[i], 16384);
		if (m->image_restore(img)) {
			KT_EQ(m->node_pages(), 4096);
			KT_ASSERT(m->state_hash() == boot);
		}
		m->image_free(img);
	}
}

int main(void)
{
	names();
	era2_ops();
	era2_violation();
	switching();
	images();
	KT_MAIN_END();
}
