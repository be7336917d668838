/* SPDX-License-Identifier: MIT */
/*
 * ftrace.h - turning a kernel kmem trace (ftrace text output, 4.x and
 * 5.x/6.x layouts, plain or compressed) into a hatrace trace, streaming:
 * memory depends on the live allocations of the traced system, not on the
 * length of the trace.  The rules (which event becomes which op, gfp
 * names, what is unmappable): docs/capture.md.
 */
#ifndef HATRACE_IMPORT_FTRACE_H
#define HATRACE_IMPORT_FTRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "trace.h"

enum ftrace_event {
	FEV_ALLOC,		/* mm_page_alloc */
	FEV_FREE,		/* mm_page_free */
	FEV_FREE_BATCHED,	/* mm_page_free_batched */
	FEV_PCPU_DRAIN,		/* mm_page_pcpu_drain */
	FEV_ZONE_LOCKED,	/* mm_page_alloc_zone_locked */
	FEV_EXTFRAG,		/* mm_page_alloc_extfrag */
	FEV_BULK_ALLOC,		/* kmem_x/bulk_alloc_page (kprobe in __alloc_pages_bulk) */
	FEV_ISOLATE_FREE,	/* kmem_x/isolate_free_page (kprobe on __isolate_free_page) */
	FEV_MARKER,		/* tracing_mark_write */
	FEV_OOM_VICTIM,		/* oom/mark_victim: the kernel's OOM kill */
	FEV_RECLAIM_BEGIN,	/* vmscan/mm_vmscan_direct_reclaim_begin */
	FEV_RECLAIM_END,	/* vmscan/mm_vmscan_direct_reclaim_end: nr_reclaimed */
	FEV_OTHER,		/* any other event */
	NR_FEV
};

/* The events' names ("mm_page_alloc"); FEV_OTHER's is "(other events)". */
extern const char *const ftrace_event_names[NR_FEV];

/* Why an event could not be mapped (each is counted). */
enum ftrace_reason {
	FR_GFP,			/* gfp_flags holds a name (or number) v4.8 cannot map */
	FR_ORDER,		/* an order the geometry cannot hold (>= max_order) */
	FR_FREE_UNKNOWN,	/* free of a pfn never seen allocated */
	FR_FREE_ORDER,		/* free whose order disagrees with the allocation's */
	FR_FREE_INSIDE,		/* free inside a larger allocation (a split page) */
	FR_FREE_UNMAPPED,	/* free of an allocation that could not be mapped */
	FR_PFN_RANGE,		/* a pfn outside the node (isolate-free) */
	FR_PAGE_PTR,		/* a kprobe's struct page * outside the vmemmap */
	FR_EVENT,		/* an event the importer does not handle */
	FR_LOST,		/* "CPU:N [LOST M EVENTS]": the ring buffer overflowed */
	FR_TOO_MANY_OPS,	/* past TRACE_MAX_OPS: the in-memory trace stops */
	NR_FR
};

#define FTRACE_EXAMPLES	5
#define FTRACE_NAMES	6

struct ftrace_example {
	unsigned long line;
	char msg[200];
};

struct ftrace_named_count {
	char name[48];
	unsigned long count;
};

struct ftrace_stats {
	const char *tool;		/* decompressor, NULL for plain text */
	unsigned long lines, header_lines, events, malformed;
	unsigned long layout_4x, layout_6x;	/* events with decimal / 0x pfn= */
	unsigned long ev[NR_FEV], mapped[NR_FEV], unmapped[NR_FEV];
	unsigned long reason[NR_FR];
	struct ftrace_example unmapped_ex[FTRACE_EXAMPLES], malformed_ex[FTRACE_EXAMPLES];
	unsigned int nr_unmapped_ex, nr_malformed_ex;
	struct ftrace_named_count unknown_gfp[FTRACE_NAMES], other_events[FTRACE_NAMES];

	/* how events were mapped */
	unsigned int nr_cpus, max_cpu;
	unsigned long cpu_folded;	/* events on a CPU >= nr_cpus, folded modulo */
	unsigned long kernel_failed;	/* failed allocations, replayed as alloc */
	unsigned long pretrace_frees;	/* init-alloc + free: allocated before the trace */
	unsigned long start_pcp_pages;	/* pages the kernel allocated that the start holds allocated */
	unsigned long start_pcp_seeded;	/* ... of them on per-cpu lists from the start */
	unsigned long start_pcp_retyped;	/* ... of them on a list unlike their block's */
	unsigned long isolate_pieces;	/* frees of parts of an isolated block */
	unsigned long gfp_nearest;	/* allocations whose gfp was mapped approximately */
	unsigned long irq_allocs;	/* allocations in softirq/hardirq context */
	unsigned long before_start;	/* events skipped before --from-marker */
	unsigned long lost_events;	/* what the [LOST N EVENTS] lines add up to */
	/* cross-checks */
	unsigned long alloc_of_live;	/* an allocation of a pfn still allocated */
	unsigned long mt_mismatch;	/* migratetype= differs from gfpflags_to_migratetype() */
	unsigned long drain_highatomic;	/* pcpu_drain with migratetype=3 */
	unsigned long zone_locked_highatomic;
	unsigned long extfrag_claimed;	/* change_ownership=1: the block was stolen */
	unsigned long extfrag_from_highatomic;	/* fallback_migratetype=3 */
	unsigned long reclaim_progress;	/* progress ops: a direct reclaim's nr_reclaimed */
	unsigned long kswapd_runs;	/* kswapd_ops: times kswapd began reclaiming */
	unsigned long live_at_end;	/* allocations never freed in the trace */
	unsigned long live_peak;	/* most allocations live at once: what memory grows with */
	/* warnings (ftrace_checks.h): how often, and the first time (its line, what) */
	unsigned long ts_backwards;	/* an event stamped before its CPU's previous one */
	unsigned long pfn_outside;	/* a pfn outside the zones of the start given */
	unsigned long gfp_invalid;	/* both mobility bits: migratetype 3 */
	struct ftrace_example ts_backwards_ex, pfn_outside_ex, gfp_invalid_ex;
	unsigned long layout_line[2];	/* first event of the 4.x [0], 5.x/6.x [1] layouts */

	unsigned long ops, op_kind[NR_OP_KINDS], start_ops, handles;
	uint64_t bytes;			/* of text read (decompressed) */
	double seconds;
	bool truncated;			/* stopped at --max-events */
	bool strict_stop;		/* stopped at the first problem (--strict) */
	bool too_many_ops;		/* the in-memory trace is incomplete */
	bool started;			/* --from-marker: the marker was seen */

	/* op indices (in the in-memory trace) of allocations that failed in the kernel */
	uint32_t *kernel_failed_ops;
	size_t nr_kernel_failed_ops, cap_kernel_failed_ops;
};

/*
 * A consumer of the ops as they are emitted (import ftrace --replay): it
 * needs no in-memory trace.  begin() comes once the start's header is known
 * (after the start state was built on the model, before the first op).  op() gets each op twice over: @canon as the
 * text output writes it (handles defined in order, never reused) and @op
 * the same with its handle replaced by a slot that is recycled once the
 * allocation is freed, so the slots stay bounded by the live allocations;
 * @kernel_failed marks an allocation that failed in the kernel.
 */
struct ftrace_note;

struct ftrace_sink {
	void (*begin)(void *arg, const struct trace_header *hdr);
	void (*op)(void *arg, const struct op *canon, const struct op *op, bool kernel_failed);
	/* every event line that parsed, before its ops (may be NULL): see struct ftrace_note */
	void (*note)(void *arg, const struct ftrace_note *n);
	void *arg;
};

/*
 * An event line as the sink's note() sees it: what `hatrace compare`
 * follows beside the ops (markers, the kernel's OOM kills, its reserve's
 * traces, the trace's clock).
 */
struct ftrace_note {
	enum ftrace_event ev;
	unsigned long line;	/* in the input */
	double ts;		/* the event's timestamp, seconds */
	const char *text;	/* FEV_MARKER: the marker's text */
	long value;		/* FEV_OOM_VICTIM: the victim's pid; FEV_RECLAIM_END:
				 * nr_reclaimed; FEV_PCPU_DRAIN, FEV_ZONE_LOCKED: the
				 * migratetype (-1 if none); FEV_ALLOC: the pfn (0:
				 * failed) */
};

struct ftrace_import_opts {
	const char *path;		/* input; "-" = standard input */
	const void *data;		/* if set: the input, @data_len bytes, named @path */
	size_t data_len;
	bool strict;			/* the first unmappable or malformed line is an error */
	bool annotate;			/* "# L<line>" after every op */
	unsigned long max_events;	/* stop after this many events; 0 = all */
	const char *from_marker;	/* skip events before the first marker containing it */
	uint64_t vmemmap_base;		/* kprobes' struct page * -> pfn */
	unsigned int struct_page_size;
	gfp_t bulk_gfp;			/* gfp of bulk_alloc_page allocations */
	/*
	 * Header and ops to start from (e.g. `import proc`'s snapshot); NULL:
	 * the default 1 GiB geometry with every page free.  Its free pages
	 * also decide which frees of unseen pfns are pages allocated before
	 * the trace (init-alloc + free).
	 */
	const struct trace *start;
	const char *start_name;		/* for the output's comments */
	FILE *out;			/* canonical text output; NULL = none */
	const char *out_name;		/* op->line refers to it if set */
	struct trace *trace;		/* in-memory copy (trace_init()ed); NULL = none */
	const struct ftrace_sink *sink;	/* ops as they come, with recycled handles; NULL = none */
	/*
	 * `sysctl hatrace.kswapd_active 1` at the kswapd task's first event,
	 * `... 0` at the first event FTRACE_KSWAPD_IDLE seconds after its last
	 * (ZONE_RECLAIM_ACTIVE: kswapd's balance_pgdat() caps the pcp lists).
	 * Ops of era 2: off unless asked (hatrace compare; the text output of
	 * a trace without a variant would not load).
	 */
	bool kswapd_ops;
	/*
	 * Read the trace twice: first for the pages on the kernel's per-cpu
	 * lists at the start (those the start holds allocated that the trace
	 * first allocates from or drains from a per-cpu list), which begin on
	 * the model's.  Not for standard input.
	 */
	bool start_pcp;
};

#define FTRACE_KSWAPD_IDLE	0.001

#define VMEMMAP_BASE_DEFAULT	0xffffea0000000000ULL	/* x86-64, 4-level, nokaslr */
#define STRUCT_PAGE_SIZE_DEFAULT	64

void ftrace_import_opts_default(struct ftrace_import_opts *o);
/*
 * Import.  Returns 0 (the summary lists what was not mapped), or -1 with
 * a message in @err: "FILE:LINE: message" under --strict, or an input or
 * output error.  @st is filled either way; free it with ftrace_stats_free().
 */
int ftrace_import(const struct ftrace_import_opts *o, struct ftrace_stats *st,
		  char *err, size_t errlen);
void ftrace_stats_free(struct ftrace_stats *st);
/*
 * Is the input a kmem trace at all?  Not if no kmem event parsed (an empty
 * file, binary data, a report of another kind, the --from-marker never
 * seen), nor if its malformed lines outnumber its kmem events.  Returns 0,
 * or -1 with the reason in @err.  ftrace_import() fails so.
 */
int ftrace_verdict(const struct ftrace_import_opts *o, const struct ftrace_stats *st, char *err,
		   size_t errlen);
/*
 * The warnings of an import, one line each, "PREFIX PATH:LINE: warning: ...":
 * the first malformed line, timestamps going backwards, pfns outside the
 * start's zones, two layouts in one file.
 */
void ftrace_print_warnings(FILE *f, const char *prefix, const char *path,
			   const struct ftrace_stats *st);
/* The summary (what the importer writes on stderr, and as comments at the end of its output). */
void ftrace_print_summary(FILE *f, const char *path, const struct ftrace_stats *st);
/* The same, each line starting with @prefix, without the timing line. */
void ftrace_print_summary_prefixed(FILE *f, const char *path, const struct ftrace_stats *st,
				   const char *prefix);

/* The default start: 1 GiB x86-64 (DMA [1, 4096), DMA32 [4096, 262144)), all free. */
void ftrace_default_start(struct trace *t);

/* ---- exposed for tests ---- */

struct ftrace_line {
	unsigned int cpu;
	char irq;		/* 's' softirq, 'h'/'H' hardirq, 0 task */
	const char *ts;		/* timestamp, without the ':' */
	size_t ts_len;
	const char *event;	/* name without a "group:" prefix */
	size_t event_len;
	const char *payload;	/* rest of the line */
	long pid;		/* the task's pid (TASK-PID), -1 if the line has none */
};

/*
 * Split "TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: payload" (FLAGS optional,
 * perf's "COMM PID [CPU] TIMESTAMP: group:event:" too).  Returns 0, or -1
 * with what is wrong in @why.
 */
int ftrace_split_line(const char *s, struct ftrace_line *fl, const char **why);

#endif /* HATRACE_IMPORT_FTRACE_H */
