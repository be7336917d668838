// SPDX-License-Identifier: MIT
/*
 * libfuzzer_mutator.c - the structure-aware mutator (mutator.h) as
 * libFuzzer's custom mutator hooks.  Linked only into the structure-aware
 * targets (fuzz_<name>); the byte-level builds (fuzz_<name>_bytes) leave
 * it out, so libFuzzer mutates bytes with its own mutators and the
 * dictionary (fuzz/hatrace.dict).
 *
 * Now and then (1 call in 8) the bytes are mutated by libFuzzer's own
 * LLVMFuzzerMutate and then canonicalised: byte flips reach values the
 * op-level mutations do not generate (odd gfp bits, big counts), and the
 * re-encoding keeps the corpus canonical.
 *
 * HAT_FUZZ_BYTE_LEVEL=1 in the environment makes the hooks byte-level
 * (LLVMFuzzerMutate only, and a plain splice for crossover), for
 * comparisons with a structure-aware binary at hand.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mutator.h"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
				 size_t size2, uint8_t *out, size_t max_out_size,
				 unsigned int seed);

static int byte_level = -1;

static bool bytes_only(void)
{
	if (byte_level < 0) {
		const char *v = getenv("HAT_FUZZ_BYTE_LEVEL");

		byte_level = v && *v && strcmp(v, "0");
	}
	return byte_level;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	size_t n;

	if (bytes_only())
		return LLVMFuzzerMutate(data, size, max_size);
	if (seed % 8 == 7) {
		size = LLVMFuzzerMutate(data, size, max_size);
		n = hat_canonicalize(data, size, data, max_size);
		return n ? n : size;
	}
	n = hat_mutate(data, size, NULL, 0, data, max_size, seed);
	return n ? n : LLVMFuzzerMutate(data, size, max_size);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
				 size_t size2, uint8_t *out, size_t max_out_size,
				 unsigned int seed)
{
	if (bytes_only()) {
		/* a prefix of one and a suffix of the other */
		size_t a = size1 ? seed % (size1 + 1) : 0;
		size_t b = size2 ? (seed / 7) % (size2 + 1) : 0;
		size_t n = 0;

		if (a > max_out_size)
			a = max_out_size;
		memcpy(out, data1, a);
		n = a;
		if (size2 - b > max_out_size - n)
			b = size2 - (max_out_size - n);
		memcpy(out + n, data2 + b, size2 - b);
		return n + size2 - b;
	}
	return hat_crossover(data1, size1, data2, size2, out, max_out_size, seed);
}
