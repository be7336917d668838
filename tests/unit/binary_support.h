/* SPDX-License-Identifier: MIT */
/*
 * binary_support.h - what the binary encoding's tests (test_binary_*.c)
 * share: traces to encode (binary_traces.c) and the checks of a decoded
 * trace (binary_checks.c).  Those files check with KT_REQUIRE only (it
 * exits, whichever file's counters it counts in: ktest.h counts per source
 * file); a property that fails is counted in failures, which the tests
 * assert.
 */
#ifndef HATRACE_TESTS_UNIT_BINARY_SUPPORT_H
#define HATRACE_TESTS_UNIT_BINARY_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "binary.h"
#include "invariants.h"
#include "ktest.h"
#include "trace.h"

/* ---- traces (binary_traces.c) ---- */

/*
 * The fuzzing bounds without dynamic_only: every op kind round-trips
 * exactly under them (decode_limits_fuzz drops the init-* ops).
 */
extern const struct decode_limits limits_small;

/* A fixed-seed PRNG (splitmix64): the next value; uniform in [0, n), n > 0. */
uint64_t rnd(void);
uint64_t below(uint64_t n);
/* A value in [0, max], biased to the edges and to small numbers. */
uint64_t pick(uint64_t max);

/* Append an op of kind @k; one that defines the next handle; one that uses @h. */
struct op *push(struct trace *t, enum op_kind k);
struct op *push_def(struct trace *t, enum op_kind k, unsigned int order);
struct op *push_use(struct trace *t, enum op_kind k, uint32_t h, unsigned int cpu);

/* Every op kind of era 1, every header field, several rules. */
void build_full(struct trace *t);
/* Geometry edges: one zone at the file limit, largest orders and cpus. */
void build_edges(struct trace *t);
/* The default geometry (no zone given): trace_init's, plus one zone. */
void build_small(struct trace *t);
/* A random valid trace under @lim with about @nops ops. */
void gen_trace(struct trace *t, const struct decode_limits *lim, uint32_t nops);

/* ---- checks (binary_checks.c) ---- */

/* What the last comparison or check found different. */
extern char diff[256];
/* Properties that did not hold so far (each printed, the first ten). */
extern long failures;

void fail(const char *what, const char *ctx);
bool op_eq(const struct op *a, const struct op *b, uint32_t i);
/* Equal header, handle count and ops, op->line aside. */
bool trace_eq(const struct trace *a, const struct trace *b);
/* check_geometry() (node.c) and the decode limits. */
bool geom_ok(const struct hat_geometry *g, const struct decode_limits *lim);
unsigned long node_end_of(const struct hat_geometry *g);
/*
 * Everything a decoded trace must be: valid, within the limits, lines
 * pointing at the opcodes, and canonical (encode/decode is a fixed point).
 */
bool check_decoded(const uint8_t *buf, size_t len, const struct trace *d,
		   const struct decode_limits *lim, const char *ctx);

#endif /* HATRACE_TESTS_UNIT_BINARY_SUPPORT_H */
