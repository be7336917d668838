/* SPDX-License-Identifier: MIT */
/*
 * model.h - the narrow interface between the allocator cores (one per
 * kernel era: allocator/v4/, ...) and everything else: the harness, the
 * importers, the tools, the fuzz targets and the benchmarks.
 *
 * Neutral types: the geometry of a node, a variant (era + patch set), a
 * per-zone snapshot; zones and migratetypes as numbers (the same in every
 * era).  Pages are named by pfn, never by a core's struct page.  A core
 * supplies one struct hat_model; the registry (model.c) picks it by the
 * variant's era, and hat_node_init() makes it the active one, whose node
 * the ops below act on.
 */
#ifndef HATRACE_MODEL_H
#define HATRACE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gfp_bits.h"
#include "violation.h"

/* Hard limits on the run-time geometry (array sizes). */
#define HAT_MAX_ORDER_LIMIT	14
#define HAT_MAX_CPUS		64

/* Zones (ZONE_DMA, ZONE_DMA32, ZONE_NORMAL) and migratetypes, by number. */
enum hat_zone { HAT_ZONE_DMA, HAT_ZONE_DMA32, HAT_ZONE_NORMAL, HAT_NR_ZONES };
enum hat_mt {
	HAT_MT_UNMOVABLE,
	HAT_MT_MOVABLE,
	HAT_MT_RECLAIMABLE,
	HAT_MT_HIGHATOMIC,
	HAT_MT_CMA,
	HAT_MT_ISOLATE,
	HAT_NR_MT
};
#define HAT_NR_PCPTYPES		HAT_MT_HIGHATOMIC	/* MIGRATE_PCPTYPES */

extern const char *const hat_zone_names[HAT_NR_ZONES];	/* "DMA", "DMA32", "Normal" */
extern const char *const hat_mt_names[HAT_NR_MT];	/* "Unmovable", ... */

#define HAT_NO_PFN		(~0UL)

/* The geometry of a node. */
struct hat_geometry {
	unsigned int pb_order;		/* pageblock_order */
	unsigned int max_order;		/* the NUMBER of orders (NR_PAGE_ORDERS) */
	unsigned int nr_cpus;
	/* [start_pfn, end_pfn) per zone; end <= start means not populated */
	unsigned long zone_start_pfn[HAT_NR_ZONES];
	unsigned long zone_end_pfn[HAT_NR_ZONES];
	/* boot-reserved pages per zone (managed = present - reserved) */
	unsigned long reserved_pages[HAT_NR_ZONES];
	unsigned long min_free_kbytes;	/* 0: computed as the kernel does */
	/* vm.percpu_pagelist_fraction: pcp high = managed / N (0: zone_batchsize) */
	unsigned long percpu_pagelist_fraction;
	unsigned long page_size_kb;	/* 4 */
};

/* x86-64 defaults: pageblock_order 9, 11 orders, 2 CPUs, no zones. */
void geometry_default(struct hat_geometry *g);
bool geometry_equal(const struct hat_geometry *a, const struct hat_geometry *b);

/* ---- variants: an era and a patch set of that era ---- */

#define HAT_ERA_DEFAULT		1	/* a variant of era 0 (zeroed) is era 1's */
#define HAT_DEFAULT_VARIANT	"v1"
#define HAT_VARIANT_NAME_MAX	512

struct hat_variant {
	uint8_t era;		/* 1: v4 core, 2: v6 core; 0 reads as HAT_ERA_DEFAULT */
	uint64_t patches;	/* bit n = the era's patch n applied */
};

struct hat_patch_desc {
	const char *name;	/* "v1-2", "4855e4a7f29d": a commit by 12 hex digits */
	const char *title;	/* one line */
};

struct hat_preset {
	const char *name;
	uint64_t patches;
};

/* A column of `hatrace matrix`: a variant and its short label. */
struct hat_column {
	const char *variant;
	const char *label;
};

/* An era's names: what variant_parse() and variant_name() read, and its matrix. */
struct hat_era_names {
	unsigned int nr_patches;
	const struct hat_patch_desc *patches;
	unsigned int nr_presets;
	const struct hat_preset *presets;	/* longest first: the canonical name's */
	const char *help;	/* "presets: ...; patches: ..." for messages */
	/* hatrace matrix: each preset and single patch, and the cumulative columns */
	unsigned int nr_columns, nr_cumulative;
	const struct hat_column *columns, *cumulative;
	const char *legend, *cumulative_legend;	/* what their labels mean */
	/* per patch, the patches it needs (NULL: none needs any): "+no-X" removes
	 * what needs X too */
	const uint64_t *requires;
	/* a canonical name may take patches from its preset ("v6.12+no-X"): the
	 * preset closest to the set; else the largest preset the set holds */
	bool names_remove;
};

static inline uint8_t variant_era(const struct hat_variant *v)
{
	return v->era ? v->era : HAT_ERA_DEFAULT;
}

static inline bool variant_equal(const struct hat_variant *a, const struct hat_variant *b)
{
	return variant_era(a) == variant_era(b) && a->patches == b->patches;
}

/*
 * Parse @name; returns 0, or -1 with a message in @err (size @errlen).  The
 * first component picks the era: a preset of any era, else a patch, looked
 * up era by era; the rest are that era's patches ("+X", "+no-X").
 */
int variant_parse(const char *name, struct hat_variant *v, char *err, size_t errlen);
/* Canonical name: a preset name when the set is one, else "base+no-...+...". */
const char *variant_name(const struct hat_variant *v, char *buf, size_t len);
/* @set of era @era without patch @p and the patches that need it. */
uint64_t variant_without(uint8_t era, uint64_t set, unsigned int p);
/*
 * Every preset of era @era, then each preset without each of its patches
 * (variant_without()), each set once, into @out (at most @max); returns
 * how many.  HAT_GRID_MAX holds any era's.
 */
#define HAT_GRID_MAX		(8 * 65)
unsigned int era_variant_grid(uint8_t era, struct hat_variant *out, unsigned int max);
/* The names of era @era, NULL if there is no such era. */
const struct hat_era_names *era_names(uint8_t era);
/* Patch @p of era @era: "?" if none. */
const char *era_patch_name(uint8_t era, unsigned int p);
/* Patch @name (length @len) of era @era: its number, or -1. */
int era_patch_lookup(uint8_t era, const char *name, size_t len);

/* ---- what the ops report ---- */

/* What the last allocation call did (struct alloc_report of the cores). */
struct hat_alloc_report {
	bool slowpath;
	bool oom;		/* the slow path reached out_of_memory() */
	bool oom_skipped;	/* OOM path taken but the kill was not allowed */
	int oom_no_kill;	/* out_of_memory() returned without a kill (no __GFP_FS) */
	int no_progress_loops;	/* value when the slow path ended */
	int reclaim_rounds;
	int unreserve_calls;
	int retries;
	bool livelock;		/* stopped at the livelock bound */
};

/* One zone as /proc and an OOM report see it. */
struct hat_zone_snapshot {
	bool populated;
	const char *name;
	unsigned long start_pfn, spanned, present, managed;
	unsigned long watermark[3];		/* min, low, high */
	long lowmem_reserve[HAT_NR_ZONES];
	unsigned long nr_reserved_highatomic;
	unsigned long nr_free_pages;		/* zone_page_state(NR_FREE_PAGES) */
	unsigned long nr_free_pages_snapshot;	/* ... with the per-cpu deltas */
	long nr_free_pages_diff;		/* those deltas (vm_stat_diff) */
	/* free_area[o].nr_free, and the free buddies on each list */
	unsigned long nr_free[HAT_MAX_ORDER_LIMIT];
	unsigned long free_blocks[HAT_MAX_ORDER_LIMIT][HAT_NR_MT];
	unsigned long pcp_count[HAT_MAX_CPUS];	/* pages on each CPU's lists */
	/* pages moved between the buddy and the pcp lists since node_init (a cost) */
	unsigned long pcp_moved;
	unsigned long pcp_high, pcp_batch;	/* each CPU's pcp->high and ->batch (the greatest) */
	unsigned long blocks[HAT_NR_MT];	/* pageblocks of each type */
};

/*
 * The knobs of `sysctl NAME VALUE` (era 2): vm.defrag_mode,
 * vm.watermark_boost_factor, hatrace.claim_scan_guard, the oracle's
 * own: judge C-claim-scans (a pcp refill's cost, not a wrong state);
 * hatrace.kswapd_active, reclaim's state the allocator reads: kswapd is
 * balancing the node (ZONE_RECLAIM_ACTIVE, which caps the pcp lists); and
 * vm.percpu_pagelist_high_fraction (1 .. 7 refused as the kernel does).
 */
enum hat_sysctl {
	HAT_SYSCTL_DEFRAG_MODE,
	HAT_SYSCTL_WATERMARK_BOOST_FACTOR,
	HAT_SYSCTL_CLAIM_SCAN_GUARD,
	HAT_SYSCTL_KSWAPD_ACTIVE,
	HAT_SYSCTL_PERCPU_PAGELIST_HIGH_FRACTION,
	HAT_NR_SYSCTLS
};

struct hat_sysctl_desc {
	const char *name;	/* "defrag_mode" */
	long max;		/* values 0 .. max */
};

extern const struct hat_sysctl_desc hat_sysctls[HAT_NR_SYSCTLS];

/* The reclaim model's shrinker: frees up to @nr pages the caller owns. */
typedef unsigned long (*hat_shrink_fn)(void *arg, unsigned long nr);

/* A boot image (a copy of the node) and an allocation request: the core's. */
struct hat_image;
struct hat_request;

/*
 * A core's operations.  Zones are indices, migratetypes numbers, pages pfns
 * (HAT_NO_PFN: none).  Unless said otherwise they act on the node of the
 * last node_init() or image_restore(), as the CPU and task of the last
 * set_current().
 */
struct hat_model {
	uint8_t era;
	const char *name;			/* "v4" */
	const struct hat_era_names *names;

	/*
	 * the node: built for a geometry and variant (every page allocated,
	 * owner 0; -1 with a message for a geometry refused), released
	 */
	int (*node_init)(const struct hat_geometry *g, const struct hat_variant *v,
			 char *err, size_t errlen);
	void (*node_exit)(void);
	unsigned long (*node_pages)(void);	/* pfns 0 .. node_pages-1 */

	/* a copy of the node, restored in place (false: it cannot be) */
	struct hat_image *(*image_new)(void);
	int (*image_save)(struct hat_image *img);
	bool (*image_restore)(const struct hat_image *img);
	void (*image_free)(struct hat_image *img);

	/* state set directly (setup.h of era 1: what each stands for) */
	unsigned long (*setup_free_range)(unsigned long start_pfn, unsigned long end_pfn);
	int (*setup_free_buddy)(unsigned long pfn, unsigned int order, int mt);
	void (*setup_block)(unsigned long pfn, int mt);	/* never to/from ISOLATE */
	void (*setup_counter)(int zone, unsigned long pages);
	void (*setup_watermarks)(int zone, unsigned long min, unsigned long low,
				 unsigned long high);
	void (*setup_nr_free_pages)(int zone, unsigned long pages);
	void (*setup_lowmem_reserve)(int zone, const long reserve[HAT_NR_ZONES]);

	/* pages the harness holds: @owner != 0 marks [pfn, pfn + 2^order), 0 unmarks */
	void (*set_owner)(unsigned long pfn, unsigned int order, uint32_t owner);
	/* [pfn, pfn + 2^order) aligned, in one zone, allocated and owned by nobody */
	bool (*range_unowned)(unsigned long pfn, unsigned int order);

	/* the running task */
	void (*set_current)(unsigned int cpu, bool rt);

	/* allocation: the whole call, or a request stepped at the lock-drop points */
	unsigned long (*alloc)(gfp_t gfp, unsigned int order);
	struct hat_request *(*request_new)(void);
	void (*request_free)(struct hat_request *rq);
	/* begin runs as current; both return true once the request is done */
	bool (*request_begin)(struct hat_request *rq, gfp_t gfp, unsigned int order,
			      bool stepped);
	bool (*request_resume)(struct hat_request *rq, bool stepped);
	unsigned long (*request_pfn)(const struct hat_request *rq);
	unsigned int (*request_order)(const struct hat_request *rq);
	unsigned int (*request_stops)(const struct hat_request *rq);
	void (*request_report)(const struct hat_request *rq, struct hat_alloc_report *rep);
	/* the report of the last allocation that completed */
	void (*last_report)(struct hat_alloc_report *rep);

	/* free: whole, or in two steps with the block type read in between */
	void (*free)(unsigned long pfn, unsigned int order);
	int (*free_begin)(unsigned long pfn, unsigned int order);
	void (*free_commit)(unsigned long pfn, unsigned int order, int mt);
	void (*drain)(unsigned int cpu);
	void (*drain_all)(void);

	/*
	 * the reserve and its inputs; unreserve runs as @cpu for a request of
	 * @gfp, false (nothing done) if no zone is eligible
	 */
	bool (*unreserve)(unsigned int cpu, gfp_t gfp, bool force, int no_progress_loops);
	void (*set_reclaimable)(int zone, unsigned long pages);
	void (*set_progress)(long pages, bool freed);	/* freed: what shrink freed */
	void (*set_shrink)(unsigned long nr_to_reclaim);
	void (*set_shrinker)(hat_shrink_fn fn, void *arg);
	/*
	 * era 2 (NULL in era 1): a knob (enum hat_sysctl) set to @value (within
	 * its range); CPU @cpu's pcp_spin_trylock() fails from now on, or not
	 */
	void (*sysctl)(int knob, long value);
	void (*pcp_trylock)(unsigned int cpu, bool fail);
	/*
	 * era 2 (NULL in era 1): the pfn the kernel's next allocation got
	 * (HAT_NO_PFN: none), taken among the buddies or pcp pages of the list
	 * the model takes from when it is there (hatrace compare)
	 */
	void (*alloc_hint)(unsigned long pfn);

	/* isolation, memory hotplug */
	void (*isolate)(unsigned long pfn);
	void (*unisolate)(unsigned long pfn, int mt);
	bool (*isolate_free)(unsigned long pfn, unsigned int order);
	void (*managed)(int zone, long delta);

	/* checks (reporting to hat_checker), the state hash and snapshot */
	unsigned long (*check_cheap)(void);
	unsigned long (*check_full)(void);
	uint64_t (*state_hash)(void);
	void (*zone_snapshot)(int zone, struct hat_zone_snapshot *s);
	/* which pfns are free (buddy or per-cpu): a bit per pfn in @map */
	void (*free_map)(uint8_t *map);
	/* the zone in the kernel's formats: show_free_areas(), pagetypeinfo, buddyinfo */
	void (*show_free_areas)(FILE *f);
	void (*show_zone_free_areas)(FILE *f, int zone);
	void (*pagetypeinfo_show)(FILE *f);
	void (*buddyinfo_show)(FILE *f);
};

/*
 * A core is compiled with -fvisibility=hidden and linked into programs as
 * one partially linked object whose only global symbol is its table
 * (allocator/meson.build), so cores with the same kernel names link side
 * by side: the table is marked HAT_MODEL_EXPORT.
 */
#define HAT_MODEL_EXPORT	__attribute__((visibility("default")))

/* The core of @era, NULL if none; eras are 1 .. hat_nr_eras(). */
const struct hat_model *hat_model_of(uint8_t era);
unsigned int hat_nr_eras(void);

/* The core whose node the ops act on (hat_node_init()'s). */
extern const struct hat_model *hat_active;
extern struct hat_geometry hat_geom;	/* its geometry */

/* The core of @v's era builds its node; it becomes the active one. */
int hat_node_init(const struct hat_geometry *g, const struct hat_variant *v, char *err,
		  size_t errlen);
/* Make the core of @v's era active again over a node it restored. */
void hat_node_activate(const struct hat_geometry *g, const struct hat_variant *v);
void hat_node_exit(void);

static inline unsigned long hat_pageblock_pages(void)
{
	return 1UL << hat_geom.pb_order;
}

#endif /* HATRACE_MODEL_H */
