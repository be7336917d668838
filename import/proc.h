/* SPDX-License-Identifier: MIT */
/*
 * proc.h - rebuilding a zone state from a /proc snapshot: /proc/zoneinfo
 * (zone spans, managed pages, watermarks, lowmem_reserve, CPUs),
 * /proc/pagetypeinfo (free buddies per order and type, pageblocks per
 * type), /proc/buddyinfo and, optionally, /proc/kpageflags (the exact
 * free pfns).  The result is a trace header with init-* ops; the rules
 * that fill in what /proc does not say are in docs/capture.md.
 */
#ifndef HATRACE_IMPORT_PROC_H
#define HATRACE_IMPORT_PROC_H

#include <stdbool.h>
#include <stdio.h>

#include "trace.h"

#define PROC_MAX_PROTECTION	8

struct proc_zone {
	bool seen;
	int file_index;		/* position in the file's zone list (protection: index) */
	unsigned long free, min, low, high, boost, spanned, present, managed, start_pfn;
	bool has_start_pfn, has_reserved_highatomic;
	unsigned long reserved_highatomic;
	long protection[PROC_MAX_PROTECTION];
	int nr_protection;
	unsigned long pcp_count;	/* pages on the per-cpu lists */
	unsigned long pcp_high, pcp_batch;	/* each CPU's high: and batch: (the greatest) */
	bool has_pcpset;		/* a high: line */
};

struct proc_zoneinfo {
	struct proc_zone z[HAT_NR_ZONES];
	unsigned int nr_cpus;		/* highest "cpu:" + 1 */
	int nr_file_zones;
};

struct proc_pagetypeinfo {
	bool has_pb_order, has_free, has_blocks, capped;
	unsigned int pb_order, nr_orders;
	bool zone_seen[HAT_NR_ZONES];
	unsigned long free[HAT_NR_ZONES][HAT_NR_MT][HAT_MAX_ORDER_LIMIT];
	bool block_col[HAT_NR_MT];	/* the block table has this type's column */
	unsigned long blocks[HAT_NR_ZONES][HAT_NR_MT];
	unsigned long reserve_blocks[HAT_NR_ZONES];	/* pre-4.4 "Reserve" */
};

struct proc_buddyinfo {
	bool zone_seen[HAT_NR_ZONES];
	unsigned int nr_orders;
	unsigned long nr_free[HAT_NR_ZONES][HAT_MAX_ORDER_LIMIT];
};

/* Each returns 0, or -1 with "FILE:LINE: message" (or "FILE: message") in @err. */
int proc_read_zoneinfo(const char *path, struct proc_zoneinfo *zi, char *err, size_t errlen);
int proc_read_pagetypeinfo(const char *path, struct proc_pagetypeinfo *pti, char *err,
			   size_t errlen);
int proc_read_buddyinfo(const char *path, struct proc_buddyinfo *bi, char *err, size_t errlen);
/* The same over an open input (import/input.h; the fuzz targets' entry points). */
struct instream;
int proc_parse_zoneinfo(struct instream *in, struct proc_zoneinfo *zi, char *err, size_t errlen);
int proc_parse_pagetypeinfo(struct instream *in, struct proc_pagetypeinfo *pti, char *err,
			    size_t errlen);
int proc_parse_buddyinfo(struct instream *in, struct proc_buddyinfo *bi, char *err, size_t errlen);

struct proc_files {
	const char *zoneinfo;		/* required */
	const char *pagetypeinfo;	/* optional: without it, every block and list Movable */
	const char *buddyinfo;		/* optional: a cross-check, or the counts */
	const char *kpageflags;		/* optional: the exact free pfns */
};

/*
 * Build the snapshot into @t (trace_init()ed): its header (geometry,
 * zones) and the ops watermarks, lowmem-reserve, init-block, init-buddy,
 * init-counter.  Without pagetypeinfo, buddyinfo and kpageflags every
 * managed page is free.  What had to be assumed or did not agree goes to
 * @notes, one line each (may be NULL).  Returns 0 or -1 with @err.
 */
int proc_import(const struct proc_files *in, struct trace *t, FILE *notes, char *err,
		size_t errlen);

/* What the files said: zoneinfo, pagetypeinfo and buddyinfo (each NULL if not given). */
struct proc_snapshot {
	const struct proc_zoneinfo *zi;		/* required */
	const struct proc_pagetypeinfo *pti;
	const struct proc_buddyinfo *bi;
};

/*
 * proc_import() after the reading: the same from the parsed files, @in
 * naming them in messages (and giving the kpageflags file, if any).
 */
int proc_build(const struct proc_files *in, const struct proc_snapshot *snap, struct trace *t,
	       FILE *notes, char *err, size_t errlen);

/* The block counts of the model's zones as /proc/pagetypeinfo would print them. */
void proc_model_blocks(unsigned long blocks[HAT_NR_ZONES][HAT_NR_MT]);

#endif /* HATRACE_IMPORT_PROC_H */
