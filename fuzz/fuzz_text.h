/* SPDX-License-Identifier: MIT */
/*
 * fuzz_text.h - what the text-level fuzz targets share (fuzz_trace_text,
 * the importers' fuzz_import_*): the verdict of the last input for the
 * standalone driver, a trace's canonical text in memory, the abort on a
 * broken property.
 */
#ifndef HATRACE_FUZZ_TEXT_H
#define HATRACE_FUZZ_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* What the last input did ("rejected", "imported", ...): driver_standalone.c prints it. */
const char *hat_fuzz_last_verdict(void);
void fuzz_verdict(const char *v);

/* The canonical text of @t, malloc()ed, its length in *@len; NULL if out of memory. */
char *fuzz_print_trace(const struct trace *t, size_t *len);

/* Print "==hatrace fuzz== WHAT" and the texts @a and @b (NULL: "(none)"), then abort. */
__attribute__((noreturn)) void fuzz_mismatch(const char *what, const char *a, const char *b);

#endif /* HATRACE_FUZZ_TEXT_H */
