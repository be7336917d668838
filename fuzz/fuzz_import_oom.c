// SPDX-License-Identifier: MIT
/*
 * fuzz_import_oom.c - `hatrace import oom` over the bytes: the OOM and
 * allocation failure report parser and the rebuild of its zones
 * (import/oom.h).  Rejecting the report is fine; an internal error (the
 * rebuilt trace does not parse, does not replay, or does not hold the
 * report's free lists: oom_build's own check) aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "oom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct oom_report r;
	struct oom_options o;
	char err[1024], *text = NULL;
	int rc;

	oom_options_default(&o);
	o.source = "fuzz-input";
	rc = oom_import((const char *)data, size, "fuzz-input", &o, &r, &text, err, sizeof(err));
	fuzz_verdict(rc ? "rejected" : "imported");
	/* (by its prefix: the rest of a message may quote the input) */
	if (rc && !strncmp(err, "fuzz-input: internal error", 26))
		fuzz_mismatch("import oom: internal error", err, NULL);
	free(text);
	return 0;
}
