// SPDX-License-Identifier: MIT
/*
 * bench_replay.c - replay throughput of a long random trace (ops/s) at the
 * fuzzing geometry and at a 2 GiB DMA32 geometry, with per-op cheap
 * checks (--check every) and with end-of-run checks only (--check end).
 * Figures, not a test: ratios are measured in the same run; the state
 * hash at the end of each replay shows that a speed-up kept the behaviour.
 * Each for era 1 (v1, v4.10) and era 2 (v6.1, mainline), in ops per CPU
 * second of the process.  Goals (issue 13): era 2 >= 5 million ops/s with
 * cheap checks at the fuzzing geometry and within 1.5x of era 1 per op,
 * and the 2 GiB geometry no more than 2x slower per op (per-op checks
 * never scan); the last lines say which are met.  Beside each rate: the
 * pages the pcp lists exchanged with the buddy (rmqueue_bulk() refills,
 * free_pcppages_bulk() drains) per op, the larger share of the cost at
 * 2 GiB, and the CPU time per op over them.
 *
 * Options pick a subset (e.g. for callgrind): --variant NAME (repeatable),
 * --geometry fuzz|2g, --repeats N.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec.h"
#include "zone_sum.h"

#define NR_OPS		2000000u
#define SEED		0x9e3779b97f4a7c15ULL
#define REPEATS		5

static uint64_t rng = SEED;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const gfp_t gfps[] = {
	GFP_KERNEL, GFP_KERNEL, GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER_MOVABLE,
	GFP_ATOMIC, GFP_NOWAIT, GFP_KERNEL | __GFP_RECLAIMABLE,
};

/*
 * A workload keeping about @live_pages pages allocated: mostly order-0,
 * some up to order 3, atomic requests among them, frees of random live
 * handles on random CPUs, now and then a drain or an unreserve.
 */
static int build(struct trace *t, unsigned long live_pages)
{
	static uint32_t live[1 << 20];
	static uint8_t order_of[NR_OPS];
	uint32_t nr_live = 0;
	unsigned long used = 0, end = 0;
	char why[128];
	struct op *op;

	for (int z = 0; z < HAT_NR_ZONES; z++)
		if (t->hdr.geom.zone_end_pfn[z] > end)
			end = t->hdr.geom.zone_end_pfn[z];
	op = trace_push(t);
	op->kind = OP_INIT_FREE;
	op->b = (int64_t)end;
	while (t->nr_ops < NR_OPS) {
		uint64_t r = next();

		op = trace_push(t);
		if (!op)
			return -1;
		op->cpu = (uint8_t)((r >> 8) % t->hdr.geom.nr_cpus);
		if ((r & 0xff) < 2) {
			op->kind = OP_DRAIN;
		} else if ((r & 0xff) < 3) {
			op->kind = OP_UNRESERVE;
			op->gfp = GFP_KERNEL;
			op->a = (int64_t)((r >> 16) % 18);
			op->flags = op->a > 16 /* MAX_RECLAIM_RETRIES */ ? OPF_FORCE : 0;
		} else if (nr_live && (used > live_pages || !(r & 0x300) ||
				       nr_live == (1u << 20))) {
			uint32_t k = (uint32_t)((r >> 20) % nr_live);

			op->kind = OP_FREE;
			op->handle = live[k];
			used -= 1UL << order_of[op->handle];
			live[k] = live[--nr_live];
		} else {
			op->kind = OP_ALLOC;
			op->order = (r >> 24) % 16 < 12 ? 0 : (uint8_t)(1 + (r >> 28) % 3);
			op->gfp = gfps[(r >> 32) % (sizeof(gfps) / sizeof(gfps[0]))];
			op->handle = t->nr_handles++;
			order_of[op->handle] = op->order;
			live[nr_live++] = op->handle;
			used += 1UL << op->order;
		}
	}
	if (trace_validate(t, why, sizeof(why)) >= 0) {
		fprintf(stderr, "bench_replay: generated an invalid trace: %s\n", why);
		return -1;
	}
	return 0;
}

static void geometry_fuzz(struct trace *t)
{
	struct hat_geometry *g = &t->hdr.geom;

	g->pb_order = 3;
	g->max_order = 5;
	g->nr_cpus = 2;
	g->percpu_pagelist_fraction = 8;
	g->zone_start_pfn[HAT_ZONE_NORMAL] = 0;
	g->zone_end_pfn[HAT_ZONE_NORMAL] = 4096;
}

static void geometry_2g(struct trace *t)
{
	struct hat_geometry *g = &t->hdr.geom;

	g->zone_start_pfn[HAT_ZONE_DMA] = 1;
	g->zone_end_pfn[HAT_ZONE_DMA] = 4096;
	g->zone_start_pfn[HAT_ZONE_DMA32] = 4096;
	g->zone_end_pfn[HAT_ZONE_DMA32] = 524288;
}

/* The variants compared by default: era 1 first, era 2 after. */
static const char *const default_variants[] = { "v1", "v4.10", "v6.1", "mainline" };
#define MAX_VARIANTS	8

enum { GEO_FUZZ, GEO_2G, NR_GEOS };
enum { MODE_EVERY, MODE_END, NR_MODES };

static const char *const mode_names[NR_MODES] = { "every (cheap per op)", "end" };

static const struct {
	const char *name, *opt;
	void (*geometry)(struct trace *t);
	unsigned long live;
} geo[NR_GEOS] = {
	{ "fuzz (4096 pages, pb_order 3)", "fuzz", geometry_fuzz, 2048 },
	{ "2 GiB DMA32 (pb_order 9)", "2g", geometry_2g, 262144 },
};

/* What to run: the command line's choice. */
struct bench {
	unsigned int nr_variants;
	const char *names[MAX_VARIANTS];
	struct hat_variant var[MAX_VARIANTS];
	bool geo_on[NR_GEOS];
	int repeats;
	/* best rate per geometry, variant and mode, over the interleaved rounds */
	double rate[NR_GEOS][MAX_VARIANTS][NR_MODES];
	/* pages moved between the buddy and the pcp lists per op (the same each round) */
	double moved[NR_GEOS][MAX_VARIANTS];
};

/* The CPU time of the process: other programs on the machine do not count. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One replay of @t under @v: ops per CPU second. */
static double run(const struct trace *t, const struct hat_variant *v, enum check_mode mode,
		  struct exec_result *r)
{
	struct exec_opts o;
	double t0;

	exec_opts_default(&o, t);
	o.variant = *v;
	o.check = mode;
	o.keep_going = true;
	t0 = cpu_now();
	trace_exec(t, &o, r);
	return (double)r->ops_run / (cpu_now() - t0);
}

/* The variants that miss a goal, "" if none. */
static void miss(char *list, const char *variant)
{
	if (!strstr(list, variant))
		sprintf(list + strlen(list), " %s", variant);
}

static void verdict(const char *goal, const char *missed)
{
	printf("goal: %s: %s%s\n", goal, *missed ? "MISSED by" : "met", missed);
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_replay [--variant NAME]... [--geometry fuzz|2g] "
		"[--repeats N]\n");
	return 2;
}

static int parse_args(struct bench *b, int argc, char **argv)
{
	char err[256];

	for (int i = 1; i < argc; i += 2) {
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			return usage();
		if (!strcmp(argv[i], "--variant") && b->nr_variants < MAX_VARIANTS) {
			b->names[b->nr_variants++] = val;
		} else if (!strcmp(argv[i], "--geometry")) {
			for (int g = 0; g < NR_GEOS; g++)
				b->geo_on[g] = !strcmp(val, geo[g].opt);
			if (!b->geo_on[GEO_FUZZ] && !b->geo_on[GEO_2G])
				return usage();
		} else if (!strcmp(argv[i], "--repeats")) {
			b->repeats = atoi(val);
			if (b->repeats < 1)
				return usage();
		} else {
			return usage();
		}
	}
	if (!b->nr_variants) {
		b->nr_variants = sizeof(default_variants) / sizeof(default_variants[0]);
		memcpy(b->names, default_variants, sizeof(default_variants));
	}
	for (unsigned int v = 0; v < b->nr_variants; v++) {
		if (variant_parse(b->names[v], &b->var[v], err, sizeof(err))) {
			fprintf(stderr, "bench_replay: %s\n", err);
			return 2;
		}
	}
	return 0;
}

/* Replay geometry @g's trace under every variant, @b->repeats interleaved rounds. */
static int bench_geometry(struct bench *b, unsigned int g)
{
	static struct exec_result r;
	struct trace t;

	trace_init(&t, geo[g].name);
	geo[g].geometry(&t);
	rng = SEED;
	if (build(&t, geo[g].live)) {
		fprintf(stderr, "bench_replay: could not build the trace\n");
		return 2;
	}
	for (int i = 0; i < b->repeats; i++) {
		for (unsigned int v = 0; v < b->nr_variants; v++) {
			for (int m = 0; m < NR_MODES; m++) {
				double x = run(&t, &b->var[v], m ? CHECK_END : CHECK_EVERY, &r);

				if (r.status == 2) {
					fprintf(stderr, "bench_replay: %s\n", r.err);
					trace_free(&t);
					return 2;
				}
				if (x > b->rate[g][v][m])
					b->rate[g][v][m] = x;
				/* what the node's pcp lists exchanged with the buddy */
				b->moved[g][v] = (double)ZONE_SUM(pcp_moved) / r.ops_run;
				if (i + 1 < b->repeats)
					continue;
				printf("%-30s %-9s %-21s %10.2f %9lu %8lu %016llx%s\n",
				       geo[g].name, b->names[v], mode_names[m],
				       b->rate[g][v][m] / 1e6, r.stats.allocs,
				       r.stats.alloc_failed, (unsigned long long)r.state_hash,
				       r.fired ? "  (invariant violated!)" : "");
			}
		}
	}
	trace_free(&t);
	return 0;
}

/* Where the time goes, per geometry: ns per op, pcp pages moved per op. */
static void print_moves(const struct bench *b)
{
	printf("\npcp <-> buddy pages moved (refills + drains), cheap checks:\n");
	for (unsigned int v = 0; v < b->nr_variants; v++) {
		printf("  %-9s", b->names[v]);
		for (unsigned int g = 0; g < NR_GEOS; g++) {
			double ns = 1e9 / b->rate[g][v][MODE_EVERY];

			if (b->geo_on[g])
				printf("  %-4s %6.1f ns/op %6.2f pages/op %6.1f ns/page moved",
				       geo[g].opt, ns, b->moved[g][v], ns / b->moved[g][v]);
		}
		printf("\n");
	}
}

/* The ratios and the goals, when both geometries ran. */
static void print_goals(const struct bench *b)
{
	/* the variants missing each goal: room for every name */
	char slow_2g[MAX_VARIANTS * 32] = "", era_ratio[MAX_VARIANTS * 32] = "";
	char fast[MAX_VARIANTS * 32] = "";

	printf("\ncost per op, cheap checks (same run):\n");
	for (unsigned int v = 0; v < b->nr_variants; v++) {
		double ratio = b->rate[GEO_FUZZ][v][MODE_EVERY] / b->rate[GEO_2G][v][MODE_EVERY];

		printf("  %-9s 2GiB/fuzz %.2fx (pages moved/op %.2fx), fuzz every/end %.2fx, "
		       "2GiB every/end %.2fx\n", b->names[v], ratio,
		       b->moved[GEO_2G][v] / b->moved[GEO_FUZZ][v],
		       b->rate[GEO_FUZZ][v][MODE_END] / b->rate[GEO_FUZZ][v][MODE_EVERY],
		       b->rate[GEO_2G][v][MODE_END] / b->rate[GEO_2G][v][MODE_EVERY]);
		if (ratio > 2.0)
			miss(slow_2g, b->names[v]);
	}
	for (unsigned int g = 0; g < NR_GEOS; g++) {
		for (unsigned int v = 0; v < b->nr_variants; v++) {
			if (variant_era(&b->var[v]) == 1)
				continue;
			printf("  %-9s era2/era1 %-4s", b->names[v], g ? "2GiB" : "fuzz");
			for (unsigned int e = 0; e < b->nr_variants; e++) {
				double ratio = b->rate[g][e][MODE_EVERY] / b->rate[g][v][MODE_EVERY];

				if (variant_era(&b->var[e]) != 1)
					continue;
				printf(" vs %s %.2fx", b->names[e], ratio);
				if (g == GEO_FUZZ && ratio > 1.5)
					miss(era_ratio, b->names[v]);
			}
			printf("\n");
		}
	}
	printf("\n");
	for (unsigned int v = 0; v < b->nr_variants; v++)
		if (variant_era(&b->var[v]) != 1 && b->rate[GEO_FUZZ][v][MODE_EVERY] < 5e6)
			miss(fast, b->names[v]);
	verdict("era 2 >= 5 Mops/cpu-s with cheap checks at the fuzzing geometry", fast);
	verdict("era 2 within 1.5x of era 1 per op at the fuzzing geometry (cheap checks)",
		era_ratio);
	verdict("2 GiB no more than 2x slower per op than fuzz (cheap checks)", slow_2g);
}

int main(int argc, char **argv)
{
	static struct bench b = { .geo_on = { true, true }, .repeats = 5 };
	int ret = parse_args(&b, argc, argv);

	if (ret)
		return ret;
	printf("bench_replay: %u-op random traces, ops per CPU second of the process, "
	       "best of %d interleaved rounds\n\n", NR_OPS, b.repeats);
	printf("%-30s %-9s %-21s %10s %9s %8s %16s\n", "geometry", "variant", "checks",
	       "Mops/cpu-s", "allocs", "failed", "state hash");
	for (unsigned int g = 0; g < NR_GEOS; g++) {
		if (b.geo_on[g] && (ret = bench_geometry(&b, g)))
			return ret;
	}
	print_moves(&b);
	if (b.geo_on[GEO_FUZZ] && b.geo_on[GEO_2G])
		print_goals(&b);
	return 0;
}
