// SPDX-License-Identifier: MIT
/*
 * fuzz_trace_text.c - the tool's own input handling: the bytes go to the
 * text parser (trace_parse_text) as a trace file would.  Rejecting them
 * is fine; a trace it accepts must be valid (trace_validate), its
 * canonical text must be a fixed point (print -> parse -> print gives the
 * same bytes), and text -> binary -> text must give the same text
 * (trace_encode_binary, trace_decode_binary with decode_limits_file).  A
 * mismatch prints both texts and aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binary.h"
#include "fuzz_text.h"
#include "text.h"
#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace t, t2, t3;
	char err[512], why[160];
	char *p1 = NULL, *p2 = NULL, *p3 = NULL;
	size_t l1 = 0, l2 = 0, l3 = 0, blen;
	uint8_t *bin = NULL;
	long bad;

	trace_init(&t, "fuzz-input");
	trace_init(&t2, "printed");
	if (trace_parse_text((const char *)data, size, "fuzz-input", &t, err, sizeof(err))) {
		trace_free(&t);
		trace_free(&t2);
		fuzz_verdict("rejected");
		return 0;
	}
	fuzz_verdict("parsed, round trips");
	bad = trace_validate(&t, why, sizeof(why));
	if (bad >= 0) {
		fprintf(stderr, "==hatrace fuzz== the parser accepted an invalid trace: op %ld: %s\n",
			bad, why);
		abort();
	}
	p1 = fuzz_print_trace(&t, &l1);
	if (!p1)
		goto oom;

	/* print -> parse -> print */
	if (trace_parse_text(p1, l1, "printed", &t2, err, sizeof(err))) {
		fprintf(stderr, "==hatrace fuzz== canonical text rejected: %s\n", err);
		fuzz_mismatch("the canonical text does not parse", p1, NULL);
	}
	p2 = fuzz_print_trace(&t2, &l2);
	if (!p2)
		goto oom;
	if (l1 != l2 || memcmp(p1, p2, l1))
		fuzz_mismatch("print(parse(print(t))) != print(t)", p1, p2);

	/* text -> binary -> text */
	if (trace_encode_binary(&t, &bin, &blen))
		goto oom;
	if (trace_decode_binary(bin, blen, "binary", &decode_limits_file, &t3))
		goto oom;
	p3 = fuzz_print_trace(&t3, &l3);
	trace_free(&t3);
	if (!p3)
		goto oom;
	if (l1 != l3 || memcmp(p1, p3, l1))
		fuzz_mismatch("print(decode(encode(t))) != print(t)", p1, p3);
oom:
	free(bin);
	free(p1);
	free(p2);
	free(p3);
	trace_free(&t2);
	trace_free(&t);
	return 0;
}
