/* SPDX-License-Identifier: MIT */
/*
 * compare_run.h - one variant's replay of a capture (capture.h) with the
 * model's figures taken at each snapshot's marker ("KTRACE_MARK snapshot
 * NAME begin"; the first snapshot, the start, before the first event replayed), the
 * model's and the kernel's running counts there, and a timeline of the
 * model's free pages and HighAtomic blocks over trace time.
 */
#ifndef HATRACE_IMPORT_COMPARE_RUN_H
#define HATRACE_IMPORT_COMPARE_RUN_H

#include "capture.h"
#include "compare_figs.h"
#include "ftrace.h"
#include "replay.h"

/* Running counts, from the start to a point of the trace. */
struct cmp_counts {
	unsigned long ooms;		/* the model's OOM kills (replay.h: episodes) */
	unsigned long reserves, unreserves;	/* the model's counter went up / down */
	unsigned long model_failed;	/* allocations the kernel served, the model failed (no OOM) */
	unsigned long kernel_failed;	/* allocations the kernel failed, the model served */
	unsigned long kills;		/* the kernel's OOM kills (oom/mark_victim) */
	unsigned long h_allocs;		/* kernel: zone_locked with migratetype=3 (pages off H lists) */
	unsigned long h_frees;		/* kernel: pcpu_drain with migratetype=3 */
};

/*
 * The kernel read the snapshot's files at some moment between its begin
 * and end markers: the model is shown at the begin marker and judged
 * against every state it passed through up to the end marker ([lo, hi]).
 */
struct cmp_point {
	bool seen, closed;
	double ts;			/* trace time */
	unsigned long line;		/* of the marker in the trace (0: the start) */
	struct cmp_figs model;		/* at the begin marker */
	struct cmp_figs lo, hi;		/* each figure's least and greatest, begin .. end */
	struct cmp_counts n;
};

struct cmp_sample {
	double ts;
	unsigned long free[HAT_NR_ZONES];	/* pages on the buddy lists */
	unsigned long hblocks[HAT_NR_ZONES];
};

struct cmp_run {
	struct import_replay r;		/* the replay's summary, at the end */
	struct cmp_point pt[CAPTURE_MAX_SNAPSHOTS];
	struct cmp_counts end;		/* at the end of the trace */
	double first_ts, last_ts;
	struct cmp_sample *samples;
	size_t nr_samples;
	unsigned long sample_every;	/* ops between samples */
	unsigned long next_sample;	/* ops run at the next one */
	struct ftrace_stats st;		/* the import's */
};

/*
 * Import @c's trace from @start (the first snapshot, `import proc`'s
 * trace; @from_marker: the events before the first marker holding it are
 * in the start already, or NULL) and replay it under @v.  Returns 0, or -1
 * with the message in @err: the trace cannot be imported (FILE:LINE), or a
 * snapshot of @c has no marker in it (MANIFEST:LINE).  Free with
 * cmp_run_free().
 */
int cmp_run(const struct capture *c, const struct trace *start, const char *start_name,
	    const char *from_marker, const struct hat_variant *v, struct cmp_run *run, char *err,
	    size_t errlen);
void cmp_run_free(struct cmp_run *run);

#endif /* HATRACE_IMPORT_COMPARE_RUN_H */
