/* SPDX-License-Identifier: MIT */
/*
 * oom.h - `hatrace import oom`: turn a kernel OOM report (or a page
 * allocation failure report) into a trace whose header rebuilds each zone
 * and whose ops replay the failing request (docs/oom-reports.md).
 *
 * Two steps, both deterministic:
 *   oom_parse()  reads the report: the request line, the task's CPU and
 *                kernel version, "Free swap", and per zone the
 *                show_free_areas() lines (zone line, lowmem_reserve[],
 *                per-order line), in the v4.x or the v6.x layout, with
 *                dmesg/syslog prefixes and wrapped lines tolerated;
 *   oom_build()  reconstructs each zone (geometry, watermarks,
 *                lowmem_reserve, free buddies on the lists the type
 *                letters name, HighAtomic blocks and counter), adds the
 *                reclaim model and the request, checks the rebuilt state
 *                by replaying it, and returns the trace as text.
 * oom_import() does both.
 */
#ifndef HATRACE_IMPORT_OOM_H
#define HATRACE_IMPORT_OOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace.h"

/* At most this many orders on a per-order line (HAT_MAX_ORDER_LIMIT). */
#define OOM_MAX_ORDERS		14
/* lowmem_reserve[] entries kept (the kernel prints HAT_NR_ZONES of its config) */
#define OOM_MAX_LOWMEM		8
#define OOM_MAX_NOTES		64
#define OOM_NOTE_MAX		256

/* What one zone's show_free_areas() lines say (kB unless stated; -1: absent). */
struct oom_zone {
	uint32_t line;			/* the zone line, 0 if none */
	uint32_t orders_line;		/* the per-order line, 0 if none */
	uint32_t lowmem_line;		/* the lowmem_reserve[] line, 0 if none */
	long long free_kb, min_kb, low_kb, high_kb, present_kb, managed_kb;
	long long active_anon_kb, inactive_anon_kb, active_file_kb, inactive_file_kb;
	long long reserved_highatomic_kb, free_highatomic_kb, boost_kb;
	unsigned int nr_lowmem;
	long long lowmem[OOM_MAX_LOWMEM];	/* pages, as printed */
	unsigned int nr_orders;			/* entries on the per-order line */
	unsigned long long nr[OOM_MAX_ORDERS];	/* free buddies per order */
	unsigned int letters[OOM_MAX_ORDERS];	/* bit per migratetype: lists non-empty */
	unsigned long long total_kb;		/* the "= TOTALkB" */
};

struct oom_report {
	const char *name;		/* for messages */
	uint32_t nr_lines;
	/* the reports in the file (a show_mem counts) and the one imported, 1-based */
	unsigned int nr_reports, report;
	uint32_t report_line;		/* its first line */
	/* the failing request; request_line 0: a show_mem (sysrq-m) without one */
	uint32_t request_line;
	bool is_oom;			/* "invoked oom-killer" (else an allocation failure) */
	char comm[64];
	char request_text[512];		/* the request line, printable ASCII */
	bool has_hex;
	unsigned long long gfp_hex;
	bool has_names;
	char gfp_names[512];		/* "GFP_HIGHUSER_MOVABLE|__GFP_ZERO" */
	unsigned int order;
	/* the task and kernel */
	int cpu;			/* "CPU: N", -1 if not found */
	uint32_t cpu_line;
	int kver_major, kver_minor;	/* 0 0 if not found */
	char kver[64];
	bool v6_fields;			/* boost:, reserved_highatomic: or free_highatomic: seen */
	long long swap_free_kb;		/* "Free swap  = NkB", -1 if absent */
	int node;			/* the NUMA node whose zones are imported */
	/* per zone of the model (DMA, DMA32, Normal) */
	struct oom_zone zones[HAT_NR_ZONES];
	/* warnings: "LINE: text" (LINE 0: none) */
	unsigned int nr_notes;
	uint32_t note_line[OOM_MAX_NOTES];
	char notes[OOM_MAX_NOTES][OOM_NOTE_MAX];
};

struct oom_options {
	unsigned int report;		/* which report, 1-based; 0: the first with a request */
	unsigned int pb_order;		/* pageblock_order of the machine; 0: 9 (x86-64) */
	long long reserved_highatomic;	/* pages for --zone (or the default zone); -1: none */
	int zone;			/* enum zone_type for --reserved-highatomic, -1: default */
	bool has_variant;
	struct hat_variant variant;	/* header default; v4.8 without has_variant */
	unsigned int nr_rules;
	struct expect_rule rules[TRACE_MAX_RULES];
	const char *source;		/* report name recorded in the trace (a base name) */
	const char *command;		/* the command line recorded in the trace, or NULL */
};

void oom_options_default(struct oom_options *o);

/*
 * Parse report @which (1-based; 0: the first with a request line, else the
 * first show_mem) of the @len bytes of file @name.  A file (a saved dmesg)
 * may hold several OOM reports, allocation failure reports and show_mem
 * (sysrq-m) outputs; r->nr_reports counts them.  Returns 0, or -1 with
 * "NAME:LINE: message" in @err (LINE: where the problem is, or the last
 * line for something missing).  Warnings go to r->notes.
 */
int oom_parse(const char *buf, size_t len, const char *name, unsigned int which,
	      struct oom_report *r, char *err, size_t errlen);

/*
 * Reconstruct the trace of @r under @o.  Returns 0 with the trace text
 * (malloc()ed, NUL-terminated) in *@text, or -1 with a message in @err.
 * More warnings may be added to r->notes.  The text is parsed back and its
 * set state replayed under v4.8 to check that it rebuilds the report's
 * free lists with no invariant firing; a mismatch is an internal error.
 */
int oom_build(struct oom_report *r, const struct oom_options *o, char **text,
	      char *err, size_t errlen);

/* oom_parse() then oom_build(). */
int oom_import(const char *buf, size_t len, const char *name, const struct oom_options *o,
	       struct oom_report *r, char **text, char *err, size_t errlen);

/*
 * One expect rule in the trace syntax ("+v1-3 : pass", "-ac3f : I6"), for
 * --expect.  Returns 0, or -1 with a message in @err.
 */
int oom_parse_expect(const char *rule, struct expect_rule *out, char *err, size_t errlen);

/*
 * The v4.8 mask for the symbolic names of a report ("GFP_KERNEL|__GFP_ZERO"),
 * by the table of gfp_names.h.  Returns 0, or -1 with the unknown names in
 * @unknown; names without allocator effect and numbers go to @ignored,
 * names mapped approximately to @nearest (space-separated).
 */
int oom_gfp_from_names(const char *names, gfp_t *gfp, char *unknown, size_t unknown_len,
		       char *ignored, size_t ignored_len, char *nearest, size_t nearest_len);

#endif /* HATRACE_IMPORT_OOM_H */
