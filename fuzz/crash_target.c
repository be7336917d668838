// SPDX-License-Identifier: MIT
/*
 * crash_target.c - a fuzz target for the tests of scripts/fuzz-triage only
 * (fuzz/triage_test.sh), never fuzzed nor shipped: it fails as a bug of
 * the harness would, on a magic input, so that the triage of sanitizer
 * reports, aborts and hangs is checked against what the engines and the
 * sanitizers really print.  An input that starts with
 *   HEAP    reads past a heap buffer (ASan: heap-buffer-overflow)
 *   SHIFT   shifts by more than the width (UBSan: shift-exponent)
 *   BUG     fails a BUG_ON (allocator/kshim.h: a message, then abort())
 *   ABORT   calls abort()
 *   HANG    never returns (a timeout)
 * and any other input returns at once.
 */
#include <stdint.h>
#include <string.h>

#include "kshim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int starts(const uint8_t *data, size_t size, const char *magic)
{
	return size >= strlen(magic) && !memcmp(data, magic, strlen(magic));
}

/* (size >= 4: the index is past the end; the compilers do not follow q) */
__attribute__((noinline)) static int crash_heap_read(size_t size)
{
	char *p = calloc(4, 1), *volatile q = p;
	int v;

	if (!p)
		return 0;
	v = q[size];
	free(p);
	return v;
}

__attribute__((noinline)) static unsigned int crash_shift(size_t size)
{
	volatile unsigned int n = 32 + (unsigned int)size % 8;

	return 1u << n;
}

__attribute__((noinline)) static void crash_bug(size_t size)
{
	BUG_ON(size > 0);
}

__attribute__((noinline)) static void crash_hang(void)
{
	volatile int forever = 1;

	while (forever)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (starts(data, size, "HEAP"))
		return crash_heap_read(size) == 1;
	if (starts(data, size, "SHIFT"))
		return crash_shift(size) == 1;
	if (starts(data, size, "BUG"))
		crash_bug(size);
	if (starts(data, size, "ABORT"))
		abort();
	if (starts(data, size, "HANG"))
		crash_hang();
	return 0;
}
