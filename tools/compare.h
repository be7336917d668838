/* SPDX-License-Identifier: MIT */
/*
 * compare.h - `hatrace compare` (cmd_compare.c): its figures and their
 * tolerances (cmd_compare_tol.c), the tables (cmd_compare_table.c) and
 * the timeline picture (cmd_compare_plot.c).
 */
#ifndef HATRACE_TOOLS_COMPARE_H
#define HATRACE_TOOLS_COMPARE_H

#include <stdio.h>

#include "capture.h"
#include "compare_run.h"

/* The figures compared, each with a tolerance. */
enum cmp_fig {
	FIG_HBLOCKS,	/* HighAtomic pageblocks per zone */
	FIG_COUNTER,	/* nr_reserved_highatomic per zone, where the kernel prints it */
	FIG_FREE,	/* free pages on the buddy lists per zone */
	FIG_BLOCKS,	/* pageblocks of the other types per zone */
	FIG_ORDER,	/* free buddies per order */
	FIG_MT,		/* free pages per list type */
	FIG_PCP,	/* pages on the per-cpu lists */
	FIG_PCPSET,	/* the per-cpu lists' high and batch */
	FIG_OOMS,	/* the model's OOM decisions vs the kernel's OOM kills, so far */
	FIG_ALLOCS,	/* allocations one served and the other failed, so far */
	FIG_RESERVES,	/* reserves created and given back */
	NR_FIGS
};

struct cmp_tol {
	bool info;		/* shown, not judged */
	bool pct;		/* v is a percentage of the kernel's figure */
	double v;
};

struct cmp_tols {
	struct cmp_tol t[NR_FIGS];
};

extern const char *const cmp_fig_names[NR_FIGS];	/* "hblocks", ... as --tolerance takes them */

void cmp_tols_default(struct cmp_tols *t);
/* --tolerance NAME=N|N%|info[,...]: 0, or -1 with the message in @err. */
int cmp_tols_parse(struct cmp_tols *t, const char *arg, char *err, size_t errlen);
/* Is @model within @t of @kernel?  *allowed: the difference allowed. */
bool cmp_within(const struct cmp_tol *t, unsigned long kernel, unsigned long model,
		unsigned long *allowed);
/* "0", "0.5% (19)", "info" */
const char *cmp_tol_text(const struct cmp_tol *t, unsigned long kernel, char *buf, size_t len);

/* What the comparison works with. */
struct cmp_job {
	const struct capture *c;
	struct cmp_figs *kernel;	/* per snapshot */
	const struct cmp_tols *tols;
	unsigned int nr_runs;
	const struct hat_variant *variants;
	struct cmp_run *runs;
	/* the kernel's OOM kills: from the trace (per snapshot) or a total */
	bool kills_traced;
	long kills_total;		/* -1: unknown */
	const char *kills_from;
};

/* The tables per snapshot and the summary; returns how many judged figures lie outside. */
unsigned long cmp_print(FILE *f, const struct cmp_job *j);

/* PREFIX.dat, PREFIX.gp, then gnuplot: PREFIX.png and PREFIX.svg.  0, or -1 (printed). */
int cmp_plot(const struct cmp_job *j, const char *prefix);

#endif /* HATRACE_TOOLS_COMPARE_H */
