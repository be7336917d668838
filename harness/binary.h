/* SPDX-License-Identifier: MIT */
/*
 * binary.h - the compact encoding of a trace, for fuzzers.  Decoding is
 * total: every byte string decodes to a valid trace; bytes that make no
 * sense are folded into range (or the op dropped), never rejected.
 * Encoding writes the canonical form of a file: BINARY_MAGIC, the format
 * version and the length of the rest, which trace_read_binary() checks
 * so that a file cut short or with bytes appended is an error; the total
 * decoder skips that framing when present and does not need it.
 */
#ifndef HATRACE_BINARY_H
#define HATRACE_BINARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gfp_bits.h"
#include "trace.h"

#define BINARY_MAGIC		"HTRB"
#define BINARY_MAGIC_LEN	4
/*
 * The byte after the magic: the format version, as an ASCII digit.  Version
 * 1 had no version byte (its fifth byte is its header flags, 0 to 7).
 * Version 3 adds the header's era and 64-bit masks (flag HDR_WIDE); a
 * version 2 file is still read.
 */
#define BINARY_VERSION		'3'
#define BINARY_VERSION_2	'2'

/* Bounds a decoder folds into, so a fuzzer's node stays small and fast. */
struct decode_limits {
	unsigned long max_node_pages;	/* largest zone end pfn */
	unsigned int max_cpus;
	uint32_t max_ops;
	/*
	 * Fuzz mode: only states the kernel can reach.  The state-setting
	 * ops (init-free, init-buddy, init-block, init-counter, init-alloc,
	 * nr-free-pages) are dropped, the trace starts with an implicit `init-free 0 END`
	 * (the whole node free, as after boot), unisolate restores Movable,
	 * and percpu_pagelist_fraction 0 reads as 8 (docs/binary-format.md).
	 */
	bool dynamic_only;
};

/*
 * A gfp mask as fuzz mode reads it: the mask bits only, and a correct
 * caller's mobility (both mobility bits, gfp_mobility_invalid(), a
 * VM_WARN in the kernel, read as __GFP_MOVABLE alone), so the fuzzers do
 * not report what such a caller bug does to the reserve.
 */
static inline gfp_t gfp_fuzz_fold(uint64_t gfp)
{
	gfp_t g = (gfp_t)(gfp & __GFP_BITS_MASK);

	return gfp_mobility_invalid(g) ? g & ~(gfp_t)__GFP_RECLAIMABLE : g;
}

/* Order two values ascending. */
static inline void s64_order2(int64_t *a, int64_t *b)
{
	int64_t t = *a;

	if (t > *b) {
		*a = *b;
		*b = t;
	}
}

/*
 * A watermarks op as fuzz mode reads it: min <= low <= high, sorted
 * (__setup_per_zone_wmarks() builds low = min + a step and high = low +
 * the same step).
 */
static inline void watermarks_fuzz_fold(struct op *o)
{
	s64_order2(&o->a, &o->b);
	s64_order2(&o->b, &o->c);
	s64_order2(&o->a, &o->b);
}

/*
 * A managed op's delta against @managed (the zones' managed_pages so far,
 * updated): never below 0 pages, nor above @max.
 */
static inline void managed_fold(int64_t managed[HAT_NR_ZONES], struct op *o, int64_t max)
{
	int64_t *m = &managed[o->zone];

	if (o->a < -*m)
		o->a = -*m;
	else if (o->a > max - *m)
		o->a = max - *m;
	*m += o->a;
}

/*
 * Reclaim's inputs as fuzz mode reads them, op after op, as the kernel
 * relates them (the decoder and the mutator's canonical form alike): a
 * zone's managed pages and zone_reclaimable_pages() stay within the pages
 * it spans, and reclaim's progress follows what the shrinker freed: a
 * fixed `progress 0` reads as `progress freed` (0 without a shrinker), and
 * a `shrink N > 0` while reclaim still reports boot's fixed 0 is dropped.
 */
struct fuzz_reclaim {
	int64_t managed[HAT_NR_ZONES];	/* managed_pages after the ops so far */
	int64_t span[HAT_NR_ZONES];	/* the pages each zone spans */
	bool fixed_zero;		/* progress is still boot's fixed 0 */
};

void fuzz_reclaim_start(struct fuzz_reclaim *fr, const struct hat_geometry *g);
/* Fold @o as fuzz mode reads it; false: it is dropped. */
bool fuzz_reclaim_fold(struct fuzz_reclaim *fr, struct op *o);

/* The limits of trace files: anything node_init() accepts. */
extern const struct decode_limits decode_limits_file;
/*
 * The fuzzing limits: a node of at most 4096 pages, 4 CPUs, 4096 ops,
 * dynamic_only.  The canonical encoding of a trace decoded this way
 * decodes to the same trace under decode_limits_file, so a fuzzer's
 * input converted once (`hatrace convert --fuzz`) replays the same in
 * every hatrace command.
 */
extern const struct decode_limits decode_limits_fuzz;

/* Decode any bytes, totally; returns 0, or -1 only when out of memory. */
int trace_decode_binary(const uint8_t *buf, size_t len, const char *name,
			const struct decode_limits *lim, struct trace *t);
/*
 * Read a binary trace file (decode_limits_file): @buf must be exactly one
 * trace of version BINARY_VERSION, whole (its length field matches the
 * bytes that follow, and no field runs past them).  Returns 0, or -1 with
 * "NAME: byte offset N: message" in @err and @t empty (trace_init()ed).
 */
int trace_read_binary(const uint8_t *buf, size_t len, const char *name, struct trace *t,
		      char *err, size_t errlen);
/* Encode @t (valid) into a malloc()ed buffer; returns 0 or -1 (memory). */
int trace_encode_binary(const struct trace *t, uint8_t **out, size_t *outlen);
bool trace_is_binary(const uint8_t *buf, size_t len);

#endif /* HATRACE_BINARY_H */
