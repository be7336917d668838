/* SPDX-License-Identifier: MIT */
/*
 * binary.h - the compact encoding of a trace, for fuzzers.  Decoding is
 * total: every byte string decodes to a valid trace; bytes that make no
 * sense are folded into range (or the op dropped), never rejected.
 * Encoding writes the canonical form, which starts with BINARY_MAGIC;
 * the decoder skips the magic when present and does not need it.
 */
#ifndef HATRACE_BINARY_H
#define HATRACE_BINARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace.h"

#define BINARY_MAGIC		"HTRB"
#define BINARY_MAGIC_LEN	4

/* Bounds a decoder folds into, so a fuzzer's node stays small and fast. */
struct decode_limits {
	unsigned long max_node_pages;	/* largest zone end pfn */
	unsigned int max_cpus;
	uint32_t max_ops;
	/*
	 * Fuzz mode: only states the kernel can reach.  The state-setting
	 * ops (init-free, init-buddy, init-block, init-counter, init-alloc)
	 * are dropped, the trace starts with an implicit `init-free 0 END`
	 * (the whole node free, as after boot), unisolate restores Movable,
	 * and percpu_pagelist_fraction 0 reads as 8 (docs/binary-format.md).
	 */
	bool dynamic_only;
};

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

/* Decode; returns 0, or -1 only when out of memory. */
int trace_decode_binary(const uint8_t *buf, size_t len, const char *name,
			const struct decode_limits *lim, struct trace *t);
/* Encode @t (valid) into a malloc()ed buffer; returns 0 or -1 (memory). */
int trace_encode_binary(const struct trace *t, uint8_t **out, size_t *outlen);
bool trace_is_binary(const uint8_t *buf, size_t len);

#endif /* HATRACE_BINARY_H */
