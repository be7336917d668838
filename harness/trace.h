/* SPDX-License-Identifier: MIT */
/*
 * trace.h - a hatrace trace: a header (geometry, default variant, expected
 * verdicts) and a stream of operations on the allocator model.  One trace
 * is one schedule: interleavings across logical CPUs are written out in
 * the stream.  The two encodings (text.h, binary.h) carry exactly this.
 */
#ifndef HATRACE_TRACE_H
#define HATRACE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gfp_bits.h"
#include "model.h"

enum op_kind {
	/* state set directly (spec §5 "initial state (set directly)") */
	OP_INIT_FREE,		/* init-free START END: node_free_range */
	OP_INIT_BUDDY,		/* init-buddy PFN ORDER MT: setup_free_buddy */
	OP_INIT_BLOCK,		/* init-block PFN MT: setup_pageblock_type */
	OP_INIT_COUNTER,	/* init-counter ZONE PAGES: setup_reserved_highatomic */
	OP_WATERMARKS,		/* watermarks ZONE MIN LOW HIGH: setup_watermarks */
	/* allocation and free */
	OP_ALLOC,		/* alloc hN cpu=C order=O gfp=G [rt] [lru]: __alloc_pages_nodemask */
	OP_FREE,		/* free hN cpu=C: __free_pages */
	OP_FREE_BEGIN,		/* free-begin hN cpu=C: __free_pages_ok up to the type read */
	OP_FREE_COMMIT,		/* free-commit hN: ... free_one_page with the type read */
	OP_DRAIN,		/* drain cpu=C: drain_pages */
	OP_DRAIN_ALL,		/* drain-all: drain_all_pages(NULL) */
	/* the reserve and its inputs */
	OP_UNRESERVE,		/* unreserve cpu=C gfp=G [force] loops=L */
	OP_RECLAIMABLE,		/* reclaimable ZONE PAGES: zone_reclaimable_pages() */
	OP_PROGRESS,		/* progress N|freed: try_to_free_pages() result */
	OP_SHRINK,		/* shrink N: LRU pages a reclaim round frees */
	OP_ISOLATE,		/* isolate PFN: set_migratetype_isolate */
	OP_UNISOLATE,		/* unisolate PFN MT: unset_migratetype_isolate */
	OP_ISOLATE_FREE,	/* isolate-free hN PFN ORDER: __isolate_free_page */
	OP_MANAGED,		/* managed ZONE DELTA: adjust_managed_page_count */
	OP_CHECK,		/* check: full invariant checks here */
	OP_INIT_ALLOC,		/* init-alloc hN PFN ORDER: an allocated page of the set state */
	OP_LOWMEM_RESERVE,	/* lowmem-reserve ZONE V0 V1 V2: zone->lowmem_reserve[] */
	/* an allocation whose slow path other CPUs interleave (spec §10.7) */
	OP_ALLOC_BEGIN,		/* alloc-begin hN cpu=C order=O gfp=G [rt] [lru]: to a stop */
	OP_ALLOC_STEP,		/* alloc-step hN: to the next lock-drop point */
	OP_ALLOC_END,		/* alloc-end hN: to its end, as alloc would */
	OP_NR_FREE_PAGES,	/* nr-free-pages ZONE PAGES: setup_nr_free_pages */
	/* era 2 only */
	OP_PCP_TRYLOCK,		/* pcp-trylock cpu=C fail|ok: pcp_spin_trylock() fails or not */
	OP_SYSCTL,		/* sysctl NAME VALUE: a = enum hat_sysctl, b = the value */
	NR_OP_KINDS
};

/* The ops that define a handle (the next number): allocations. */
static inline bool op_defines_handle(unsigned int kind)
{
	return kind == OP_ALLOC || kind == OP_ISOLATE_FREE || kind == OP_INIT_ALLOC ||
	       kind == OP_ALLOC_BEGIN;
}

/* The ops that use a defined handle. */
static inline bool op_uses_handle(unsigned int kind)
{
	return kind == OP_FREE || kind == OP_FREE_BEGIN || kind == OP_FREE_COMMIT ||
	       kind == OP_ALLOC_STEP || kind == OP_ALLOC_END;
}

/*
 * The ops that set state directly rather than reach it through the
 * allocator: fuzz mode drops them (only states the kernel can reach).
 */
static inline bool op_sets_state(unsigned int kind)
{
	return kind == OP_INIT_FREE || kind == OP_INIT_BUDDY || kind == OP_INIT_BLOCK ||
	       kind == OP_INIT_COUNTER || kind == OP_INIT_ALLOC || kind == OP_NR_FREE_PAGES;
}

/* The ops that run as a CPU (op->cpu); the others have cpu 0. */
static inline bool op_has_cpu(unsigned int kind)
{
	return kind == OP_ALLOC || kind == OP_FREE || kind == OP_FREE_BEGIN ||
	       kind == OP_DRAIN || kind == OP_UNRESERVE || kind == OP_ALLOC_BEGIN ||
	       kind == OP_PCP_TRYLOCK;
}

/* The first era whose core has the op (a trace of an earlier era may not use it). */
static inline uint8_t op_era(unsigned int kind)
{
	return kind == OP_PCP_TRYLOCK || kind == OP_SYSCTL ? 2 : 1;
}

struct op {
	uint8_t kind;		/* enum op_kind */
	uint8_t cpu;
	uint8_t order;
	uint8_t flags;		/* OPF_* */
	uint8_t zone;		/* enum zone_type */
	uint8_t mt;		/* migratetype */
	uint32_t handle;	/* allocations: index of the allocating op's handle */
	gfp_t gfp;
	int64_t a, b, c;	/* pfns, counts, deltas, watermarks, lowmem_reserve */
	uint32_t line;		/* text line (1-based) or binary offset, for reports */
};

#define OPF_RT		0x1	/* alloc, alloc-begin: the task is RT (ALLOC_HARDER) */
#define OPF_LRU		0x2	/* alloc, alloc-begin: the pages go on the LRU */
#define OPF_FORCE	0x4	/* unreserve: force */
#define OPF_FREED	0x8	/* progress: report what shrink freed */
#define OPF_REPORT	0x10	/* alloc: the request an imported OOM report is about */
#define OPF_FAIL	0x20	/* pcp-trylock: fail (else ok) */

/*
 * Expected verdict: under variants of the trace's era (trace_era()) with
 * all of @have and none of @lack.
 */
struct expect_rule {
	uint64_t have, lack;	/* patch masks of the trace's era */
	hat_invset fired;	/* invariants expected to fire (exact set) */
};

#define TRACE_MAX_RULES	32
#define TRACE_MAX_OPS	(1u << 22)

struct trace_header {
	struct hat_geometry geom;
	bool has_variant;
	struct hat_variant variant;	/* replay default; its era is the trace's */
	unsigned int nr_rules;
	struct expect_rule rules[TRACE_MAX_RULES];
};

struct trace {
	struct trace_header hdr;
	struct op *ops;
	uint32_t nr_ops, cap_ops;
	/*
	 * Handles are 0 .. nr_handles-1, numbered in the order the ops that
	 * define them come (text: h0, h1, ...).
	 */
	uint32_t nr_handles;
	const char *name;	/* file name for messages */
	bool binary;		/* op->line is a byte offset */
};

void trace_init(struct trace *t, const char *name);
void trace_free(struct trace *t);
/* Append; returns the op to fill, or NULL past TRACE_MAX_OPS. */
struct op *trace_push(struct trace *t);
/* The era of the trace: its variant's, else the default (its rules are that era's). */
static inline uint8_t trace_era(const struct trace_header *hdr)
{
	return hdr->has_variant ? variant_era(&hdr->variant) : HAT_ERA_DEFAULT;
}

/*
 * The expected fired set for @v, or -1 (as long) if no rule matches (or
 * @v is of another era than the trace's).
 */
long trace_expected(const struct trace *t, const struct hat_variant *v);
_Static_assert(NR_HAT_INV < 64, "an expected fired set is a non-negative long");

/*
 * Static validity (what a parser enforces and an encoder assumes): handles
 * defined in order, every handle used is allocated earlier and not freed yet, a free-commit follows
 * its free-begin, free-begin only for order > 0, alloc-step and alloc-end
 * only between a handle's alloc-begin and its alloc-end, no other use of it
 * there (a request still in flight at the end of the trace is fine: the
 * replay runs it to its end there), zones are populated,
 * pfns inside the node, orders below MAX_ORDER, cpus below nr_cpus,
 * init-counter values in whole pageblocks, managed_pages never below 0,
 * ops of the trace's era only (op_era()), sysctl knobs and values in range.
 * Expect rules may not both require and exclude a patch.  Returns the index
 * of the first bad op (0 for a bad header), or -1; @why says what.
 */
long trace_validate(const struct trace *t, char *why, size_t len);

/*
 * Each zone's managed_pages as node_init() leaves them (its pages less the
 * reserved ones; 0 if unpopulated).  Only `managed` ops change them, by
 * their DELTA, so they are known statically; no op may take them below 0.
 */
void trace_managed_start(const struct hat_geometry *g, int64_t managed[HAT_NR_ZONES]);

/* Names used by both encodings. */
const char *op_name(enum op_kind k);
int op_lookup(const char *name, size_t len);
int zone_lookup(const char *name, size_t len);
int migratetype_lookup(const char *name, size_t len);

#endif /* HATRACE_TRACE_H */
