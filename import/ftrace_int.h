/* SPDX-License-Identifier: MIT */
/*
 * ftrace_int.h - what the kmem importer's files share (private to
 * import/ftrace*.c; ftrace.h is the public API): the import's state
 * (struct ctx) and the ft_* functions of ftrace_emit.c (problems, ops),
 * ftrace_line.c (line and field parsing), ftrace_start.c (the start
 * state) and ftrace_pages.c (the page events).  Calls go one way, each
 * file calling only those after it: ftrace.c (the driver, the other
 * events), ftrace_pages.c, ftrace_start.c, ftrace_line.c, ftrace_emit.c;
 * the map of live allocations is ftrace_live.h.
 */
#ifndef HATRACE_IMPORT_FTRACE_INT_H
#define HATRACE_IMPORT_FTRACE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ftrace.h"
#include "ftrace_checks.h"
#include "ftrace_live.h"
#include "ftrace_reclaim.h"
#include "gfp_bits.h"
#include "input.h"

#define GFP_CACHE	64
#define GFP_CACHE_LEN	184

struct gfp_cache_entry {
	size_t len;
	char s[GFP_CACHE_LEN];
	gfp_t gfp;
	bool ok, nearest;
	size_t bad_off, bad_len;
};

struct ctx {
	const struct ftrace_import_opts *o;
	struct ftrace_stats *st;
	struct instream in;
	struct hat_geometry geom;
	unsigned long node_end;
	uint32_t next_handle;
	uint32_t next_slot;	/* the sink's handles: recycled from free_slots */
	uint32_t *free_slots;
	size_t nr_free_slots, cap_free_slots;
	bool kernel_failed_op;	/* the op being emitted is a kernel-failed alloc */
	unsigned long out_line;
	struct livemap live;
	uint8_t *prealloc;	/* bit per pfn: allocated, owned by nobody, at the start */
	unsigned long prealloc_pfns;
	uint8_t *start_mt;	/* each pageblock's type at the start */
	char *err;
	size_t errlen;
	bool stop;		/* strict error, or out of memory */
	bool failed;
	unsigned long line;
	struct ftrace_clocks clocks;	/* each CPU's last timestamp */
	struct ftrace_reclaim reclaim;	/* direct reclaims awaiting their task's allocation */
	bool kswapd_active;		/* kswapd_ops: the last one written was 1 */
	double kswapd_last;		/* the timestamp of kswapd's last event */
	char start_name[128];		/* printable */
	struct gfp_cache_entry gfp_cache[GFP_CACHE];
};

/* ---- ftrace_emit.c ---- */

char *ft_printable(char *dst, size_t size, const char *src, size_t len);
void ft_count_name(struct ftrace_named_count *tab, const char *s, size_t len);
__attribute__((format(printf, 4, 5)))
void ft_problem(struct ctx *c, bool malformed, enum ftrace_reason why, const char *fmt, ...);
__attribute__((format(printf, 4, 5)))
void ft_unmapped(struct ctx *c, enum ftrace_event ev, enum ftrace_reason why, const char *fmt, ...);
void ft_emit_slot(struct ctx *c, const struct op *op, uint32_t slot, const char *comment);
void ft_emit(struct ctx *c, const struct op *op, const char *comment);
uint32_t ft_new_handle(struct ctx *c, uint32_t *slot);
void ft_emit_free(struct ctx *c, uint32_t handle, uint32_t slot, unsigned int cpu);

/* ---- ftrace_line.c ---- */

#define MAX_FIELDS	16

/* An event's payload: its key=value words. */
struct fields {
	int n;
	const char *k[MAX_FIELDS], *v[MAX_FIELDS];
	size_t kl[MAX_FIELDS], vl[MAX_FIELDS];
};

const char *ft_skip_blanks(const char *p);
void ft_split_fields(const char *p, struct fields *f);
bool ft_field(const struct fields *f, const char *key, const char **v, size_t *vl);
bool ft_num_field(struct ctx *c, const struct fields *f, const char *ev, const char *key,
		  uint64_t *out, bool *hex);
int64_t ft_opt_field(const struct fields *f, const char *key);
enum ftrace_event ft_event_kind(const struct ftrace_line *fl);

/* ---- ftrace_start.c ---- */

bool ft_prealloc_test(const struct ctx *c, uint64_t pfn, unsigned int order);
void ft_prealloc_clear(struct ctx *c, uint64_t pfn, unsigned int order);
int ft_compute_prealloc(struct ctx *c, const struct trace *start);
void ft_free_start_pages(struct ctx *c, uint64_t pfn, unsigned int order, unsigned int cpu);
int ft_seed_start_pcp(struct ctx *c);
void ft_write_start(struct ctx *c, const struct trace *start, bool is_default);

/* ---- ftrace_pages.c ---- */

void ft_on_alloc(struct ctx *c, const struct ftrace_line *fl, const struct fields *f);
void ft_on_free(struct ctx *c, const struct ftrace_line *fl, const struct fields *f);
bool ft_counted_event(struct ctx *c, enum ftrace_event ev, const struct fields *f, uint64_t *pfn);
bool ft_free_event(struct ctx *c, const struct ftrace_line *fl, enum ftrace_event ev,
		   const struct fields *f);
void ft_on_bulk_alloc(struct ctx *c, const struct ftrace_line *fl, const struct fields *f);
void ft_on_isolate_free(struct ctx *c, const struct fields *f);

#endif /* HATRACE_IMPORT_FTRACE_INT_H */
