/* SPDX-License-Identifier: MIT */
/*
 * capture.h - a capture directory (docs/capture.md, "Capture directories"):
 * its manifest.txt (which kernel, which trace, the snapshots in time order,
 * the kernel's OOM kills) or, without one, the layout of ../shared/traces
 * (a `*kmem-trace.txt*` file and the snapshots pre and post).  Per
 * snapshot NAME the /proc files KIND-NAME.txt (zoneinfo and pagetypeinfo
 * required; buddyinfo, kpageflags-NAME.bin.xz optional).
 */
#ifndef HATRACE_IMPORT_CAPTURE_H
#define HATRACE_IMPORT_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

#define CAPTURE_PATH_MAX	4096
#define CAPTURE_MAX_SNAPSHOTS	64
#define CAPTURE_NAME_MAX	64
#define CAPTURE_MAX_SYSCTLS	8

struct capture_snapshot {
	char name[CAPTURE_NAME_MAX];
	unsigned long line;	/* its manifest line (0: the shared layout) */
};

struct capture {
	char dir[CAPTURE_PATH_MAX];
	char manifest[CAPTURE_PATH_MAX];	/* "" in the shared layout */
	char workload[CAPTURE_NAME_MAX], kernel[128];
	char trace[CAPTURE_PATH_MAX];
	char console[CAPTURE_PATH_MAX];		/* "" if none */
	unsigned int nr_snapshots;
	struct capture_snapshot snap[CAPTURE_MAX_SNAPSHOTS];
	bool has_oom_kills;		/* the manifest's oom-kills N */
	unsigned long oom_kills;
	unsigned long oom_kills_line;
	/* sysctl NAME VALUE: knobs the workload set before the first snapshot (model.h's) */
	unsigned int nr_sysctls;
	struct {
		int knob;		/* enum hat_sysctl */
		long value;
	} sysctl[CAPTURE_MAX_SYSCTLS];
};

/*
 * Read the capture directory @dir: the manifest (every line checked) or
 * the shared layout, and check that the trace and each snapshot's required
 * files exist.  Returns 0, or -1 with "FILE:LINE: message" (or "FILE:
 * message") in @err.
 */
int capture_open(const char *dir, struct capture *c, char *err, size_t errlen);

/*
 * The path of snapshot @i's file of @kind ("zoneinfo", "pagetypeinfo",
 * "buddyinfo" as KIND-NAME.txt, "kpageflags" as kpageflags-NAME.bin.xz)
 * into @buf; whether it exists.
 */
bool capture_file(const struct capture *c, unsigned int i, const char *kind, char *buf,
		  size_t len);

/*
 * The snapshot named by marker text "KTRACE_MARK snapshot NAME begin" (or
 * "... end": *@end set): its index, or -1.
 */
int capture_marker_snapshot(const struct capture *c, const char *text, bool *end);

/*
 * The kernel's OOM kills in the console ("Out of memory: Killed process",
 * "Memory cgroup out of memory: Killed process"): the count, or -1 if
 * there is no console or it cannot be read.
 */
long capture_console_kills(const struct capture *c);

#endif /* HATRACE_IMPORT_CAPTURE_H */
