// SPDX-License-Identifier: MIT
/*
 * bench_replay.c - replay throughput of a long random trace (ops/s) at the
 * fuzzing geometry and at a 2 GiB DMA32 geometry, with per-op cheap
 * checks (--check every) and with end-of-run checks only (--check end).
 * Figures, not a test: ratios are measured in the same run.
 * Goal: >= 5 million ops/s with cheap checks at the fuzzing geometry, and
 * the 2 GiB geometry no more than 2x slower (per-op checks never scan).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "exec.h"

#define NR_OPS		2000000u
#define SEED		0x9e3779b97f4a7c15ULL
#define REPEATS		3

static uint64_t rng = SEED;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
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

static double run(const struct trace *t, enum check_mode mode, struct exec_result *r)
{
	struct exec_opts o;
	double best = 0;

	exec_opts_default(&o, t);
	o.check = mode;
	o.keep_going = true;
	for (int i = 0; i < REPEATS; i++) {
		double t0 = now(), rate;

		trace_exec(t, &o, r);
		rate = (double)r->ops_run / (now() - t0);
		if (rate > best)
			best = rate;
	}
	return best;
}

int main(void)
{
	struct {
		const char *name;
		void (*geometry)(struct trace *t);
		unsigned long live;
		double rate[2];
	} geo[] = {
		{ "fuzz (4096 pages, pb_order 3)", geometry_fuzz, 2048, { 0, 0 } },
		{ "2 GiB DMA32 (pb_order 9)", geometry_2g, 262144, { 0, 0 } },
	};
	const char *modes[2] = { "every (cheap per op)", "end" };

	printf("bench_replay: %u-op random traces, variant %s, best of %d\n\n",
	       NR_OPS, HAT_DEFAULT_VARIANT, REPEATS);
	printf("%-32s %-22s %12s %10s %10s\n", "geometry", "checks", "Mops/s",
	       "allocs", "failed");
	for (unsigned int g = 0; g < 2; g++) {
		struct trace t;

		trace_init(&t, geo[g].name);
		geo[g].geometry(&t);
		if (build(&t, geo[g].live)) {
			fprintf(stderr, "bench_replay: could not build the trace\n");
			return 2;
		}
		for (int m = 0; m < 2; m++) {
			struct exec_result r;

			geo[g].rate[m] = run(&t, m ? CHECK_END : CHECK_EVERY, &r);
			if (r.status == 2) {
				fprintf(stderr, "bench_replay: %s\n", r.err);
				return 2;
			}
			printf("%-32s %-22s %12.2f %10lu %10lu%s\n", geo[g].name, modes[m],
			       geo[g].rate[m] / 1e6, r.stats.allocs, r.stats.alloc_failed,
			       r.fired ? "  (invariant violated!)" : "");
		}
		trace_free(&t);
	}
	printf("\nratios (same run): fuzz every/end %.2fx, 2GiB every/end %.2fx, "
	       "fuzz/2GiB with cheap checks %.2fx\n",
	       geo[0].rate[1] / geo[0].rate[0], geo[1].rate[1] / geo[1].rate[0],
	       geo[0].rate[0] / geo[1].rate[0]);
	printf("goal: >= 5 Mops/s with cheap checks at the fuzzing geometry; 2 GiB no more than 2x slower\n");
	return 0;
}
