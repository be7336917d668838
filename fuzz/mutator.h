/* SPDX-License-Identifier: MIT */
/*
 * mutator.h - structure-aware mutation of binary traces, shared by the
 * libFuzzer hooks (libfuzzer_mutator.c: LLVMFuzzerCustomMutator and
 * LLVMFuzzerCustomCrossOver) and the AFL++ custom mutator library
 * (afl_mutator.c: afl_custom_fuzz).
 *
 * An input is decoded as the fuzz targets decode it (decode_limits_fuzz,
 * docs/binary-format.md), one to a few op-level mutations chosen by a PRNG
 * seeded from the engine's seed are applied (insert, delete, duplicate or
 * swap ops, change an op's CPU or arguments, splice with another trace,
 * move a drain, drain-all, unreserve, alloc-step or alloc-end elsewhere
 * in the interleaving, split a free into free-begin ... free-commit around
 * other ops or join it back, step an alloc through its slow path with
 * alloc-begin ... [alloc-step ...] alloc-end around other ops or join it
 * back, and now and then the header; in an era-2 trace also bursts of one
 * request and pcp-trylock windows, with that era's orders, request classes,
 * knobs and geometries: mutator_era2.c), the handles are renumbered and
 * the uses that lost their handle dropped, and the trace is re-encoded
 * canonically (trace_encode_binary), without the ops that do not fit.
 *
 * Every output decodes (as every byte string does) and is canonical:
 * encode(decode(out)) == out under decode_limits_fuzz.  Deterministic: the
 * same input, partner and seed give the same output.
 */
#ifndef HATRACE_FUZZ_MUTATOR_H
#define HATRACE_FUZZ_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

/*
 * Mutate @in (@len bytes) into @out (room for @max_out bytes); returns the
 * length written (0 only when @max_out is too small for any output, or out
 * of memory: then @out is left unchanged).  @other (may be NULL) is a
 * second input for crossover.  @in and @out may be the same buffer.
 */
size_t hat_mutate(const uint8_t *in, size_t len, const uint8_t *other, size_t olen,
		  uint8_t *out, size_t max_out, uint64_t seed);

/*
 * Crossover only: a splice of the ops of @a and @b (the header of @a), into
 * @out as hat_mutate() writes it.
 */
size_t hat_crossover(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
		     uint8_t *out, size_t max_out, uint64_t seed);

/*
 * Encode the canonical form of @in (decoded under decode_limits_fuzz),
 * without the ops that would take it past @max_out bytes.  Returns the length, 0
 * as for hat_mutate().  Used to start from canonical seeds.
 */
size_t hat_canonicalize(const uint8_t *in, size_t len, uint8_t *out, size_t max_out);

#endif /* HATRACE_FUZZ_MUTATOR_H */
