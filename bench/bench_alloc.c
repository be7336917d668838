// SPDX-License-Identifier: MIT
/*
 * bench_alloc.c - what the allocator model costs, through its interface
 * (model.h): building a node (node_init + setup_free_range) and an
 * alloc+free pair, with the invariant checker off, with its cheap checks
 * (the default), and with the full check every 1000 pairs on top.
 *
 * Each for era 1 (v1) and era 2 (v6.1, mainline), in CPU time of the
 * process.  It prints figures and asserts no timing: the machine may be
 * noisy, so the checker modes of one workload are interleaved in rounds and
 * compared as ratios taken in the same run.  It fails (exit 1) only if the model
 * itself misbehaves: an invariant violation or pages lost at the end.
 *
 * Run it from a release build:
 *   meson setup build/release --buildtype=release && ninja -C build/release
 *   build/release/bench/bench_alloc
 */
#define _POSIX_C_SOURCE 200809L

#include "model.h"
#include "zone_sum.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- parameters ---- */

#define MEASURE_NS	300000000ULL	/* >= 0.3 s per measurement */
#define ROUNDS		3		/* the modes take turns, 0.1 s each */
#define SLICE_NS	(MEASURE_NS / ROUNDS)
#define WARMUP_NS	20000000ULL	/* 20 ms before a workload's rounds */
#define CHUNK		1000		/* pairs between clock reads / full checks */
#define RING_MAX	64		/* live allocations */
#define SEED		0x9e3779b97f4a7c15ULL

/* ---- clock and PRNG ---- */

/* The CPU time of the process: other programs on the machine do not count. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t rng_state;

/* xorshift64 (Marsaglia) */
static inline uint64_t xorshift64(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

/* uniform enough in [0, n) without a division */
static inline unsigned int rng_below(unsigned int n)
{
	return (unsigned int)(((xorshift64() >> 32) * n) >> 32);
}

/* ---- geometries ---- */

struct geometry {
	const char *name;
	const char *desc;
	void (*fill)(struct hat_geometry *g);
};

/* x86-64 defaults with a 2 GiB DMA32-style node. */
static void geom_x86(struct hat_geometry *g)
{
	geometry_default(g);	/* pb_order 9, max_order 11, 2 CPUs */
	g->zone_start_pfn[HAT_ZONE_DMA] = 1;
	g->zone_end_pfn[HAT_ZONE_DMA] = 4096;
	g->zone_start_pfn[HAT_ZONE_DMA32] = 4096;
	g->zone_end_pfn[HAT_ZONE_DMA32] = 524288;
}

/* The fuzzer's small node: tiny blocks and orders, two zones. */
static void geom_fuzz(struct hat_geometry *g)
{
	geometry_default(g);
	g->pb_order = 3;
	g->max_order = 5;
	g->nr_cpus = 2;
	g->zone_start_pfn[HAT_ZONE_DMA] = 1;
	g->zone_end_pfn[HAT_ZONE_DMA] = 64;
	g->zone_start_pfn[HAT_ZONE_NORMAL] = 64;
	g->zone_end_pfn[HAT_ZONE_NORMAL] = 512;
}

static const struct geometry geometries[] = {
	{ "x86-64", "pb_order 9, max_order 11, 2 CPUs, DMA [1,4096) + DMA32 [4096,524288)",
	  geom_x86 },
	{ "fuzz", "pb_order 3, max_order 5, 2 CPUs, DMA [1,64) + Normal [64,512)",
	  geom_fuzz },
};
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NR_GEOMS	((int)ARRAY_SIZE(geometries))

static struct hat_variant variant;	/* the one measured */
static bool variant_churn_holes;	/* its known holes fire in the reserve churn */

static void build_node(const struct geometry *geo)
{
	struct hat_geometry g;
	char err[256];

	geo->fill(&g);
	if (hat_node_init(&g, &variant, err, sizeof(err))) {
		fprintf(stderr, "bench_alloc: node_init (%s): %s\n", geo->name, err);
		exit(2);
	}
	hat_active->setup_free_range(0, hat_active->node_pages());
	checker_reset();	/* era 2's node_init() leaves the recorder as it was */
}

static unsigned long total_managed(void)
{
	return ZONE_SUM(managed);
}

static unsigned long total_free(void)
{
	return ZONE_SUM(nr_free_pages);
}

static int sanity_failures;
/*
 * The workload drives the variant into holes it is known to have (v6.1
 * under the reserve churn: H-cap, fixed by 9cd20f3fe045, H-grow, H-unused,
 * H-list): what the checker finds then is counted apart, not as a failure
 * of the model.
 */
static bool holes_known;
static unsigned long holes_seen;

/* A finding of the checker or a lost page: false if it is a known hole's. */
static bool failure(void)
{
	if (holes_known) {
		holes_seen++;
		return false;
	}
	sanity_failures++;
	return true;
}

/* The node as built must pass the full check with every page free. */
static void check_fresh_node(const char *what)
{
	unsigned long v = hat_active->check_full();

	if ((v || total_free() != total_managed()) && failure())
		fprintf(stderr, "bench_alloc: %s: %lu violations, %lu free of %lu managed\n",
			what, v, total_free(), total_managed());
}

/* ---- 1. node initialisation ---- */

static void bench_init(const struct geometry *geo)
{
	uint64_t t_init = 0, t_free = 0, start = now_ns();
	unsigned long reps = 0;

	hat_checker.enabled = true;
	do {
		struct hat_geometry g;
		char err[256];
		uint64_t t0, t1, t2;

		geo->fill(&g);
		t0 = now_ns();
		if (hat_node_init(&g, &variant, err, sizeof(err))) {
			fprintf(stderr, "bench_alloc: node_init (%s): %s\n", geo->name, err);
			exit(2);
		}
		t1 = now_ns();
		hat_active->setup_free_range(0, hat_active->node_pages());
		t2 = now_ns();
		t_init += t1 - t0;
		t_free += t2 - t1;
		reps++;
	} while (now_ns() - start < MEASURE_NS || reps < 3);

	check_fresh_node(geo->name);
	printf("%-8s %9lu %9lu %8lu %12.1f %12.1f %12.1f %8.2f\n",
	       geo->name, hat_active->node_pages(), total_managed(), reps,
	       (double)t_init / (double)reps / 1e3, (double)t_free / (double)reps / 1e3,
	       (double)(t_init + t_free) / (double)reps / 1e3,
	       (double)(t_init + t_free) / (double)reps /
	       (double)hat_active->node_pages());
	hat_node_exit();
}

/* ---- 2. alloc+free pairs ---- */

struct op {
	const char *name;
	gfp_t gfp;
	unsigned int order;
	/*
	 * Reserve churn: watermarks raised so every request takes the slow
	 * path with ALLOC_HARDER (reserving blocks), and a forced unreserve
	 * every UNRESERVE_EVERY pairs: the cheap checks run on real events.
	 */
	bool churn;
};

#define UNRESERVE_EVERY	64

static const struct op ops[] = {
	{ "order-0 GFP_KERNEL (pcp)", GFP_KERNEL, 0, false },
	{ "order-3 GFP_KERNEL", GFP_KERNEL, 3, false },
	{ "order-1 GFP_ATOMIC", GFP_ATOMIC, 1, false },
	{ "order-1 GFP_ATOMIC, reserve churn", GFP_ATOMIC, 1, true },
};
#define NR_OPS	((int)ARRAY_SIZE(ops))

enum mode { MODE_OFF, MODE_CHEAP, MODE_FULL, NR_MODES };

static const char *const mode_names[NR_MODES] = {
	"disabled", "cheap", "cheap+full/1000",
};

struct result {
	uint64_t ns;		/* all of it, full checks included */
	uint64_t full_ns;	/* inside check_full() */
	unsigned long pairs;
	unsigned long fulls;
};

static unsigned long ring[RING_MAX];	/* pfns, HAT_NO_PFN none */
static unsigned int ring_n;
static unsigned long alloc_failures, slowpath_entries;


/* @n pairs: allocate, then free a random live allocation in its place. */
static void do_pairs(const struct op *op, unsigned long n)
{
	const struct hat_model *m = hat_active;
	gfp_t gfp = op->gfp;
	unsigned int order = op->order;

	for (unsigned long i = 0; i < n; i++) {
		unsigned long pfn = m->alloc(gfp, order);
		unsigned int j = rng_below(ring_n);
		struct hat_alloc_report rep;

		/* forced, past MAX_RECLAIM_RETRIES (16) */
		if (op->churn && i % UNRESERVE_EVERY == 0)
			m->unreserve(0, GFP_KERNEL, true, 17);

		if (pfn == HAT_NO_PFN)
			alloc_failures++;
		m->last_report(&rep);
		if (rep.slowpath)
			slowpath_entries++;
		if (ring[j] != HAT_NO_PFN)
			m->free(ring[j], order);
		ring[j] = pfn;
	}
}

/* Run one mode for one slice, in chunks of CHUNK pairs. */
static void run_slice(const struct op *op, enum mode mode, struct result *r)
{
	uint64_t start, t;

	hat_checker.enabled = mode != MODE_OFF;
	start = now_ns();
	do {
		do_pairs(op, CHUNK);
		r->pairs += CHUNK;
		if (mode == MODE_FULL) {
			uint64_t t0 = now_ns();

			if (hat_active->check_full() && failure())
				fprintf(stderr, "bench_alloc: check_node_full found violations\n");
			r->full_ns += now_ns() - t0;
			r->fulls++;
		}
		t = now_ns();
	} while (t - start < SLICE_NS);
	r->ns += t - start;
}

static double ns_per_pair(const struct result *r)
{
	return (double)r->ns / (double)r->pairs;
}

static double ns_per_pair_excl(const struct result *r)
{
	return (double)(r->ns - r->full_ns) / (double)r->pairs;
}

static void bench_pairs(const struct geometry *geo, const struct op *op,
			struct result res[NR_MODES])
{
	unsigned long limit;
	uint64_t start;

	build_node(geo);
	holes_known = op->churn && variant_churn_holes;
	holes_seen = 0;
	hat_active->set_current(0, false);
	hat_checker.enabled = true;
	rng_state = SEED;
	alloc_failures = 0;
	slowpath_entries = 0;
	memset(res, 0, NR_MODES * sizeof(*res));
	if (op->churn) {
		for (int i = 0; i < HAT_NR_ZONES; i++) {
			struct hat_zone_snapshot zs;

			hat_active->zone_snapshot(i, &zs);
			hat_active->setup_watermarks(i, zs.managed / 2, zs.managed, zs.managed + 1);
		}
	}

	/* at most a quarter of the node live, so the fast path keeps working */
	limit = (total_managed() / 4) >> op->order;
	ring_n = limit < 1 ? 1 : limit < RING_MAX ? (unsigned int)limit : RING_MAX;
	for (unsigned int j = 0; j < ring_n; j++)
		ring[j] = hat_active->alloc(op->gfp, op->order);

	/* warm up: caches, pcp lists, the fragmentation of the steady state */
	start = now_ns();
	while (now_ns() - start < WARMUP_NS)
		do_pairs(op, CHUNK);

	for (int round = 0; round < ROUNDS; round++)
		for (int m = 0; m < NR_MODES; m++)
			run_slice(op, (enum mode)m, &res[m]);

	/* everything back: no violation, no page lost */
	hat_checker.enabled = true;
	for (unsigned int j = 0; j < ring_n; j++) {
		if (ring[j] != HAT_NO_PFN)
			hat_active->free(ring[j], op->order);
		ring[j] = HAT_NO_PFN;
	}
	hat_active->drain_all();
	if (hat_checker.count && failure()) {
		char buf[512];

		format_violation(&hat_checker.recorded[0], buf, sizeof(buf));
		fprintf(stderr, "bench_alloc: %s %s: %lu violations, first: %s\n",
			geo->name, op->name, hat_checker.count, buf);
	}
	check_fresh_node(op->name);
	/* not errors, but the figures would not be those of the fast path */
	if (op->churn) {
		printf("  (%s %s: %lu of the pairs took the slow path", geo->name, op->name,
		       slowpath_entries);
		if (holes_seen)
			printf("; the variant's holes, not counted:");
		for (int i = 0; holes_seen && i < NR_HAT_INV; i++)
			if (inv_fired((enum hat_inv)i))
				printf(" %s", inv_name((enum hat_inv)i));
		printf(")\n");
	}
	else if (alloc_failures || slowpath_entries)
		fprintf(stderr, "bench_alloc: %s %s: %lu slow-path entries, %lu failures\n",
			geo->name, op->name, slowpath_entries, alloc_failures);
	holes_known = false;
	hat_node_exit();
}

/* The variants compared: era 1's first (the reference of the ratios), then era 2's. */
static const char *const variant_names[] = { "v1", "v6.1", "mainline" };
#define NR_VARIANTS	((int)ARRAY_SIZE(variant_names))
#define CHURN_HOLES	"v6.1"	/* the variant with known holes in the churn */

int main(void)
{
	static struct result results[NR_VARIANTS][NR_GEOMS][NR_OPS][NR_MODES];
	struct hat_variant variants[NR_VARIANTS];
	char err[256];

	for (int v = 0; v < NR_VARIANTS; v++) {
		if (variant_parse(variant_names[v], &variants[v], err, sizeof(err))) {
			fprintf(stderr, "bench_alloc: %s\n", err);
			return 2;
		}
	}

	printf("bench_alloc: allocator model, variants");
	for (int v = 0; v < NR_VARIANTS; v++)
		printf(" %s", variant_names[v]);
	printf(", seed %#llx, >= %.1f s per measurement\n", (unsigned long long)SEED,
	       (double)MEASURE_NS / 1e9);
	for (int g = 0; g < NR_GEOMS; g++)
		printf("  %-7s %s\n", geometries[g].name, geometries[g].desc);

	printf("\n1. node_init + setup_free_range (cheap checks on)\n");
	printf("%-8s %-8s %9s %9s %8s %12s %12s %12s %8s\n", "variant", "geometry", "spanned",
	       "managed", "reps", "init us", "free us", "total us", "ns/page");
	for (int v = 0; v < NR_VARIANTS; v++) {
		variant = variants[v];
		for (int g = 0; g < NR_GEOMS; g++) {
			printf("%-8s ", variant_names[v]);
			bench_init(&geometries[g]);
		}
	}

	printf("\n2. alloc+free pair: alloc then free of a random\n"
	       "   one of <ring> live allocations (xorshift64); modes interleaved in %d rounds\n",
	       ROUNDS);
	printf("%-8s %-8s %-34s %4s %-16s %10s %12s %9s\n", "variant", "geometry", "op", "ring",
	       "mode", "ns/pair", "vs disabled", "pairs");
	for (int v = 0; v < NR_VARIANTS; v++) {
		variant = variants[v];
		variant_churn_holes = !strcmp(variant_names[v], CHURN_HOLES);
		for (int g = 0; g < NR_GEOMS; g++) {
			for (int o = 0; o < NR_OPS; o++) {
				struct result *res = results[v][g][o];
				double base;

				bench_pairs(&geometries[g], &ops[o], res);
				base = ns_per_pair(&res[MODE_OFF]);
				for (int m = 0; m < NR_MODES; m++)
					printf("%-8s %-8s %-34s %4u %-16s %10.1f %11.2fx %9lu\n",
					       variant_names[v], geometries[g].name, ops[o].name,
					       ring_n, mode_names[m], ns_per_pair(&res[m]),
					       ns_per_pair(&res[m]) / base, res[m].pairs);
			}
		}
	}

	printf("\n3. check_full() every %d pairs, counted apart\n", CHUNK);
	printf("%-8s %-8s %-34s %8s %14s %18s %12s\n", "variant", "geometry", "op", "checks",
	       "us per check", "pairs w/o checks", "vs disabled");
	for (int v = 0; v < NR_VARIANTS; v++) {
		for (int g = 0; g < NR_GEOMS; g++) {
			for (int o = 0; o < NR_OPS; o++) {
				const struct result *f = &results[v][g][o][MODE_FULL];
				double off = ns_per_pair(&results[v][g][o][MODE_OFF]);

				printf("%-8s %-8s %-34s %8lu %14.2f %15.1f ns %11.2fx\n",
				       variant_names[v], geometries[g].name, ops[o].name, f->fulls,
				       (double)f->full_ns / (double)f->fulls / 1e3,
				       ns_per_pair_excl(f), ns_per_pair_excl(f) / off);
			}
		}
	}

	printf("\nsummary: ns per pair with cheap checks (x cheap/disabled), same run;\n"
	       "x86/fuzz: the 2 GiB node's cost per pair over the fuzzing node's;\n"
	       "/%s: each variant's cost per pair over era 1's (%s)\n", variant_names[0],
	       variant_names[0]);
	for (int o = 0; o < NR_OPS; o++) {
		printf("  %s\n", ops[o].name);
		for (int v = 0; v < NR_VARIANTS; v++) {
			printf("    %-8s", variant_names[v]);
			for (int g = 0; g < NR_GEOMS; g++) {
				const struct result *res = results[v][g][o];

				printf("  %s %.1f ns (%.2fx", geometries[g].name,
				       ns_per_pair(&res[MODE_CHEAP]),
				       ns_per_pair(&res[MODE_CHEAP]) / ns_per_pair(&res[MODE_OFF]));
				if (v)
					printf(", /%s %.2fx", variant_names[0],
					       ns_per_pair(&res[MODE_CHEAP]) /
					       ns_per_pair(&results[0][g][o][MODE_CHEAP]));
				printf(")");
			}
			printf("  x86/fuzz %.2fx\n", ns_per_pair(&results[v][0][o][MODE_CHEAP]) /
			       ns_per_pair(&results[v][1][o][MODE_CHEAP]));
		}
	}
	printf("goal: alloc+free pair ~100 ns without full checks; cheap-check overhead < 2x;\n"
	       "era 2 within 1.5x of era 1; x86 no more than 2x the fuzzing node's cost\n");

	if (sanity_failures) {
		fprintf(stderr, "bench_alloc: %d sanity failures (model, not timing)\n",
			sanity_failures);
		return 1;
	}
	return 0;
}
