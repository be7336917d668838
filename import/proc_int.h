/* SPDX-License-Identifier: MIT */
/*
 * proc_int.h - what the /proc snapshot importer's build files share
 * (private to proc_*.c; proc.h is the public API): the free-buddy layout
 * of a zone and its per-zone build state.  proc_build.c builds the trace;
 * it calls proc_layout.c (the layout, from kpageflags or synthesised) and
 * proc_types.c (free lists and pageblock types), which call nothing of
 * each other.
 */
#ifndef HATRACE_IMPORT_PROC_INT_H
#define HATRACE_IMPORT_PROC_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "proc.h"
#include "model.h"

struct buddy {
	unsigned long pfn;
	uint8_t order;
	int8_t mt;
};

struct layout {
	struct buddy *b;
	size_t n, cap;
};

struct zone_build {
	int z;
	unsigned long zs, ze, nblocks;
	unsigned int pb, max_order;
	int8_t *btype;			/* per block of the zone walk, -1 untyped */
	unsigned long *bfree;		/* free pages in small buddies, per block */
	long need[HAT_NR_MT][HAT_MAX_ORDER_LIMIT];
	long budget[HAT_NR_MT];
};

/* A line of the notes, if any are asked for. */
__attribute__((format(printf, 2, 3)))
static inline void note(FILE *f, const char *fmt, ...)
{
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* ---- proc_layout.c ---- */

/* Maximal aligned buddies of the free run [s, e). */
int layout_decompose(struct layout *l, unsigned long s, unsigned long e,
		     unsigned int max_order);
/* Without kpageflags: @count[o] buddies of each order (see proc_layout.c). */
int synth_layout(struct layout *l, unsigned long zs, unsigned long ze,
		 const unsigned long *count, unsigned int max_order,
		 unsigned long *shortfall);
/*
 * The free pages /proc/kpageflags at @path marks (KPF_BUDDY), as bits of
 * @isfree below @node_end; @entries read, @beyond free past the node.
 */
int read_kpageflags(const char *path, uint8_t *isfree, unsigned long node_end,
		    unsigned long *entries, unsigned long *beyond, char *err, size_t errlen);

/* ---- proc_types.c ---- */

void assign_types(struct zone_build *zb, struct layout *l, FILE *notes);

#endif /* HATRACE_IMPORT_PROC_INT_H */
