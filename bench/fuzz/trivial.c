// SPDX-License-Identifier: MIT
/*
 * trivial.c - the yardstick of bench/fuzz/execs: a libFuzzer target that
 * does next to nothing (a few branches on the first bytes, so that
 * libFuzzer has some coverage to follow), built with the replay targets'
 * flags.  A target's execs per CPU second as a fraction of this one's, in
 * the same run, compares across loads and machines.
 */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* what it computes, so that the branches stay */
volatile unsigned int trivial_sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int n = 0;

	if (size >= 4 && data[0] == 'H') {
		n++;
		if (data[1] == 'T')
			n += data[2] == 'R' ? 2u : 1u;
	}
	trivial_sink = n + (unsigned int)size;
	return 0;
}
