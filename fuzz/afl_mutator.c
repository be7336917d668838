// SPDX-License-Identifier: MIT
/*
 * afl_mutator.c - the structure-aware mutator (mutator.h) as an AFL++
 * custom mutator library, libhatrace_afl_mutator.so (AFL++ never calls
 * libFuzzer's LLVMFuzzerCustomMutator):
 *
 *   AFL_CUSTOM_MUTATOR_LIBRARY=$build/fuzz/libhatrace_afl_mutator.so \
 *       afl-fuzz -i seeds -o out -- $build/fuzz/fuzz_v1_no_v1_2
 *
 * afl-fuzz runs it in its custom-mutation stage, before havoc; with
 * AFL_CUSTOM_MUTATOR_ONLY=1 it is the only mutator.  AFL++'s splice
 * partner (add_buf) is used for crossover, so the library does not define
 * afl_custom_splice_optout (AFL++ >= 4.05 would then pass no partner).
 * The library is built without AFL++ instrumentation and without
 * sanitizers: it is loaded into afl-fuzz itself, not into the target.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mutator.h"

struct afl_mut {
	uint64_t seed;
	uint8_t *buf;
	size_t cap;
};

/* afl_state_t is opaque here: only the seed is used. */
void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
		       uint8_t *add_buf, size_t add_buf_size, size_t max_size);
void afl_custom_deinit(void *data);

void *afl_custom_init(void *afl, unsigned int seed)
{
	struct afl_mut *m = calloc(1, sizeof(*m));

	(void)afl;
	if (!m)
		return NULL;
	m->seed = (uint64_t)seed * 0x9e3779b97f4a7c15ull + 1;
	return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
		       uint8_t *add_buf, size_t add_buf_size, size_t max_size)
{
	struct afl_mut *m = data;
	size_t n;

	if (!max_size) {
		*out_buf = buf;
		return 0;
	}
	if (m->cap < max_size) {
		uint8_t *nb = realloc(m->buf, max_size);

		if (!nb) {
			*out_buf = buf;
			return buf_size;
		}
		m->buf = nb;
		m->cap = max_size;
	}
	m->seed += 0x9e3779b97f4a7c15ull;
	n = hat_mutate(buf, buf_size, add_buf, add_buf ? add_buf_size : 0, m->buf, max_size,
		       m->seed);
	if (!n) {
		/* out of memory: hand the input back unchanged */
		*out_buf = buf;
		return buf_size < max_size ? buf_size : max_size;
	}
	*out_buf = m->buf;
	return n;
}

void afl_custom_deinit(void *data)
{
	struct afl_mut *m = data;

	if (m) {
		free(m->buf);
		free(m);
	}
}
