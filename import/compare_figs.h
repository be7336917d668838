/* SPDX-License-Identifier: MIT */
/*
 * compare_figs.h - the figures `hatrace compare` holds the model to, per
 * zone, as the kernel's /proc files give them (zoneinfo, pagetypeinfo,
 * buddyinfo) and as the model's zones give them at the same point.
 */
#ifndef HATRACE_IMPORT_COMPARE_FIGS_H
#define HATRACE_IMPORT_COMPARE_FIGS_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct cmp_zone {
	bool seen;
	bool has_blocks, has_mt, has_counter, has_pcp;
	unsigned long blocks[HAT_NR_MT];	/* pageblocks of each type */
	unsigned long counter;			/* nr_reserved_highatomic, pages */
	unsigned long free_pages;		/* on the buddy lists */
	unsigned long free_order[HAT_MAX_ORDER_LIMIT];	/* free buddies of each order */
	unsigned long free_mt[HAT_NR_MT];	/* free pages on each type's lists */
	unsigned long pcp;			/* pages on the per-cpu lists */
	bool has_pcpset;
	unsigned long pcp_high, pcp_batch;	/* each CPU's pcp high and batch (the greatest) */
};

struct cmp_figs {
	unsigned int nr_orders;
	struct cmp_zone z[HAT_NR_ZONES];
};

/* A snapshot's files (NULL: not there). */
struct cmp_files {
	const char *zoneinfo, *pagetypeinfo;	/* required */
	const char *buddyinfo;	/* the free counts if pagetypeinfo has none */
	const char *showmem;	/* sysrq-m: reserved_highatomic (6.1's zoneinfo lacks it) */
};

/* The kernel's figures from a snapshot's files.  Returns 0, or -1 with "FILE:LINE: message" in @err. */
int cmp_kernel_figs(const struct cmp_files *in, struct cmp_figs *k, char *err, size_t errlen);

/* The model's figures now (hat_active's zones). */
void cmp_model_figs(struct cmp_figs *m);
/* Widen [@lo, @hi], figure by figure, to hold @m. */
void cmp_figs_widen(struct cmp_figs *lo, struct cmp_figs *hi, const struct cmp_figs *m);

#endif /* HATRACE_IMPORT_COMPARE_FIGS_H */
