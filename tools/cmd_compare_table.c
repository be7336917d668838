// SPDX-License-Identifier: MIT
/*
 * cmd_compare_table.c - the tables of `hatrace compare`: per snapshot,
 * each figure of the kernel beside each variant's, with its tolerance; a
 * summary over the run (compare.h).
 */
#include <string.h>

#include "cmd.h"
#include "compare.h"
#include "report.h"
#include "text.h"

#define MAX_RUNS	16

struct table {
	FILE *f;
	const struct cmp_job *j;
	unsigned long outside;	/* judged figures outside their tolerance */
};

/*
 * One row: the kernel's figure (@has_kernel) beside each run's @m, judged
 * against [@lo, @hi] (each run's range over the snapshot's window; NULL:
 * @m alone), an out-of-tolerance value marked '!'; a figure the kernel
 * does not give is shown, not judged.
 */
static void row(struct table *t, const char *zone, const char *what, enum cmp_fig fig,
		bool has_kernel, unsigned long k, const unsigned long *m, const unsigned long *lo,
		const unsigned long *hi)
{
	const struct cmp_tol *tol = &t->j->tols->t[fig];
	char buf[48];

	fprintf(t->f, "  %-6s %-36s", zone, what);
	if (has_kernel)
		fprintf(t->f, " %10lu", k);
	else
		fprintf(t->f, " %10s", "-");
	for (unsigned int r = 0; r < t->j->nr_runs; r++) {
		unsigned long l = lo ? lo[r] : m[r], h = hi ? hi[r] : m[r], allowed;
		bool ok = !has_kernel || cmp_within(tol, k, k < l ? l : k > h ? h : k, &allowed);

		if (l == h)
			snprintf(buf, sizeof(buf), "%lu", m[r]);
		else
			snprintf(buf, sizeof(buf), "%lu..%lu", l, h);
		fprintf(t->f, " %10s%c", buf, ok ? ' ' : '!');
		t->outside += !ok;
	}
	fprintf(t->f, "  %s\n", has_kernel ? cmp_tol_text(tol, k, buf, sizeof(buf)) :
					     "- (not in the kernel's files)");
}

static void header(struct table *t)
{
	char vbuf[HAT_VARIANT_NAME_MAX];

	fprintf(t->f, "  %-6s %-36s %10s", "zone", "figure", "kernel");
	for (unsigned int r = 0; r < t->j->nr_runs; r++)
		fprintf(t->f, " %10.10s ", vname(&t->j->variants[r], vbuf));
	fprintf(t->f, "  tolerance\n");
}

/* The free buddies per order of one source, on one line (shown, not judged). */
static void orders_line(FILE *f, const char *who, const struct cmp_zone *z, unsigned int n)
{
	fprintf(f, "  %-6s   %-10.10s", "", who);
	for (unsigned int o = 0; o < n; o++)
		fprintf(f, " %lu", z->free_order[o]);
	fputc('\n', f);
}

/* A zone's figure of type @mt: its pageblocks (FIG_BLOCKS) or the free pages on its lists. */
static unsigned long of_type(const struct cmp_zone *z, enum cmp_fig fig, int mt)
{
	return fig == FIG_BLOCKS ? z->blocks[mt] : z->free_mt[mt];
}

static void zone_rows(struct table *t, unsigned int i, int z)
{
	const struct cmp_job *j = t->j;
	const struct cmp_zone *k = &j->kernel[i].z[z];
	const char *zn = hat_zone_names[z];
	unsigned long m[MAX_RUNS], lo[MAX_RUNS], hi[MAX_RUNS];
	char what[64], vbuf[HAT_VARIANT_NAME_MAX];

	/* @expr of the model's zone mz at the begin marker, its least and greatest in the window */
#define EACH(expr)						\
	for (unsigned int r = 0; r < j->nr_runs; r++) {		\
		const struct cmp_point *p = &j->runs[r].pt[i];		\
		const struct cmp_zone *mz = &p->model.z[z];		\
		m[r] = (expr);					\
		mz = &p->lo.z[z];				\
		lo[r] = (expr);					\
		mz = &p->hi.z[z];				\
		hi[r] = (expr);					\
	}
	EACH(mz->blocks[HAT_MT_HIGHATOMIC]);
	row(t, zn, "HighAtomic blocks", FIG_HBLOCKS, k->has_blocks, k->blocks[HAT_MT_HIGHATOMIC], m, lo, hi);
	EACH(mz->counter);
	row(t, zn, "nr_reserved_highatomic (pages)", FIG_COUNTER, k->has_counter, k->counter, m, lo, hi);
	EACH(mz->free_pages);
	row(t, zn, "free pages on the buddy lists", FIG_FREE, true, k->free_pages, m, lo, hi);
	for (int f = 0; f < 2; f++) {	/* the other types' blocks, then each type's free pages */
		enum cmp_fig fig = f ? FIG_MT : FIG_BLOCKS;

		for (int mt = 0; mt < HAT_NR_MT; mt++) {
			bool any = of_type(k, fig, mt);

			if (fig == FIG_BLOCKS && mt == HAT_MT_HIGHATOMIC)
				continue;
			EACH(of_type(mz, fig, mt));
			for (unsigned int r = 0; r < j->nr_runs; r++)
				any |= m[r] != 0;
			snprintf(what, sizeof(what), f ? "free pages on %s lists" : "pageblocks %s",
				 hat_mt_names[mt]);
			if (any)
				row(t, zn, what, fig, f ? k->has_mt : k->has_blocks, of_type(k, fig, mt),
				    m, lo, hi);
		}
	}
	EACH(mz->pcp);
	row(t, zn, "pages on the per-cpu lists", FIG_PCP, k->has_pcp, k->pcp, m, lo, hi);
	EACH(mz->pcp_high);
	row(t, zn, "per-cpu high (greatest CPU's)", FIG_PCPSET, k->has_pcpset, k->pcp_high, m, lo, hi);
	EACH(mz->pcp_batch);
	row(t, zn, "per-cpu batch (greatest CPU's)", FIG_PCPSET, k->has_pcpset, k->pcp_batch, m, lo,
	    hi);
	if (j->tols->t[FIG_ORDER].info) {
		fprintf(t->f, "  %-6s free buddies of order 0 .. %u (info):\n", zn,
			j->kernel[i].nr_orders - 1);
		orders_line(t->f, "kernel", k, j->kernel[i].nr_orders);
		for (unsigned int r = 0; r < j->nr_runs; r++)
			orders_line(t->f, vname(&j->variants[r], vbuf), &j->runs[r].pt[i].model.z[z],
				    j->kernel[i].nr_orders);
		return;
	}
	for (unsigned int o = 0; o < j->kernel[i].nr_orders; o++) {
		EACH(mz->free_order[o]);
		snprintf(what, sizeof(what), "free buddies of order %u", o);
		row(t, zn, what, FIG_ORDER, true, k->free_order[o], m, lo, hi);
	}
#undef EACH
}

/* The kernel's reserves created (@up) or given back, at least: the snapshots' H-block steps. */
static unsigned long kernel_steps(const struct cmp_job *j, unsigned int upto, bool up)
{
	unsigned long n = 0;

	for (unsigned int i = 1; i <= upto; i++)
		for (int z = 0; z < HAT_NR_ZONES; z++) {
			unsigned long a = j->kernel[i - 1].z[z].blocks[HAT_MT_HIGHATOMIC];
			unsigned long b = j->kernel[i].z[z].blocks[HAT_MT_HIGHATOMIC];

			n += up ? (b > a ? b - a : 0) : (a > b ? a - b : 0);
		}
	return n;
}

/* The rows over the run so far (to snapshot @i, or the end if @end). */
static void run_rows(struct table *t, unsigned int i, bool end)
{
	const struct cmp_job *j = t->j;
	unsigned long m[MAX_RUNS];
	unsigned long kills = end ? j->runs[0].end.kills : j->runs[0].pt[i].n.kills;
	bool has_kills = j->kills_traced || (end && j->kills_total >= 0);

	if (!j->kills_traced && end && j->kills_total >= 0)
		kills = (unsigned long)j->kills_total;
#define EACH(field)						\
	for (unsigned int r = 0; r < j->nr_runs; r++)		\
		m[r] = end ? j->runs[r].end.field : j->runs[r].pt[i].n.field;
	EACH(ooms);
	row(t, "run", "OOM kills (model: OOM episodes)", FIG_OOMS, has_kills, kills, m, NULL, NULL);
	EACH(model_failed);
	row(t, "run", "allocs served by kernel, model failed", FIG_ALLOCS, true, 0, m, NULL, NULL);
	EACH(kernel_failed);
	row(t, "run", "allocs failed by kernel, model served", FIG_ALLOCS, true, 0, m, NULL, NULL);
	if (end) {
		EACH(reserves);
		row(t, "run", "reserves created (kernel: at least)", FIG_RESERVES, true,
		    kernel_steps(j, j->c->nr_snapshots - 1, true), m, NULL, NULL);
		EACH(unreserves);
		row(t, "run", "reserves given back (kernel: at least)", FIG_RESERVES, true,
		    kernel_steps(j, j->c->nr_snapshots - 1, false), m, NULL, NULL);
	} else if (i) {
		EACH(reserves);
		row(t, "run", "reserves created (kernel: at least)", FIG_RESERVES, true,
		    kernel_steps(j, i, true), m, NULL, NULL);
		EACH(unreserves);
		row(t, "run", "reserves given back (kernel: at least)", FIG_RESERVES, true,
		    kernel_steps(j, i, false), m, NULL, NULL);
	}
#undef EACH
}

static void violations(struct table *t)
{
	char vbuf[HAT_VARIANT_NAME_MAX], fired[128];

	for (unsigned int r = 0; r < t->j->nr_runs; r++) {
		const struct import_replay *ir = &t->j->runs[r].r;

		fprintf(t->f, "  %s: %u ops, invariants %s", vname(&t->j->variants[r], vbuf),
			ir->ops_run, ir->nr_violations ? "violated:" : "held");
		if (ir->nr_violations)
			fprintf(t->f, " %s (%lu)", report_fired(ir->fired, fired, sizeof(fired)),
				ir->nr_violations);
		fprintf(t->f, "; %lu OOM decisions in %lu episodes; livelocks %lu\n", ir->stats.ooms,
			ir->oom_kills, ir->stats.livelocks);
		for (unsigned int e = 0; e < ir->nr_failed_ex; e++) {
			fprintf(t->f, "    %s allocation the kernel served, the model failed: trace line %u: ",
				e ? "then" : "first", ir->failed_ex_op[e].line);
			op_print(t->f, &ir->failed_ex_op[e]);
			fputc('\n', t->f);
		}
	}
}

unsigned long cmp_print(FILE *f, const struct cmp_job *j)
{
	struct table t = { .f = f, .j = j };
	const struct cmp_run *r0 = &j->runs[0];

	for (unsigned int i = 0; i < j->c->nr_snapshots; i++) {
		const struct cmp_point *p = &r0->pt[i];

		if (i)
			fprintf(f, "\nsnapshot %s (trace line %lu, %.6f s):\n", j->c->snap[i].name,
				p->line, p->ts);
		else
			fprintf(f, "snapshot %s (the start: the model is built from it):\n",
				j->c->snap[i].name);
		header(&t);
		for (int z = 0; z < HAT_NR_ZONES; z++)
			if (j->kernel[i].z[z].seen || p->model.z[z].seen)
				zone_rows(&t, i, z);
		run_rows(&t, i, false);
	}
	fprintf(f, "\nover the run (trace time %.6f .. %.6f s; the kernel's OOM kills: %s):\n",
		r0->first_ts, r0->last_ts, j->kills_from);
	header(&t);
	run_rows(&t, 0, true);
	fprintf(f, "  kernel HighAtomic traces: %lu pages taken off H lists (zone_locked migratetype=3),"
		" %lu drained from pcp (pcpu_drain migratetype=3)\n", r0->end.h_allocs, r0->end.h_frees);
	violations(&t);
	return t.outside;
}
