// SPDX-License-Identifier: MIT
/*
 * fuzz_text.c - what the text-level fuzz targets share (fuzz_text.h).
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */

#include "fuzz_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char *verdict = "";

const char *hat_fuzz_last_verdict(void)
{
	return verdict;
}

void fuzz_verdict(const char *v)
{
	verdict = v;
}

char *fuzz_print_trace(const struct trace *t, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	trace_print_text(f, t);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

void fuzz_mismatch(const char *what, const char *a, const char *b)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0;

	fprintf(stderr, "==hatrace fuzz== %s\n---- first ----\n%s%s---- second ----\n%s%s----\n",
		what, a, la && a[la - 1] != '\n' ? "\n" : "", b ? b : "(none)\n",
		lb && b[lb - 1] != '\n' ? "\n" : "");
	abort();
}
