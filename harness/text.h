/* SPDX-License-Identifier: MIT */
/*
 * text.h - the readable encoding of a trace (grammar: docs/trace-format.md).
 * One op per line, '#' comments, stable and diff-friendly.  Printing gives
 * the canonical form: no comments, fixed field order, handles numbered in
 * order of allocation, gfp masks in a fixed symbolic decomposition.
 */
#ifndef HATRACE_TEXT_H
#define HATRACE_TEXT_H

#include <stdio.h>

#include "trace.h"

/*
 * Parse @len bytes of @buf as the text of trace @name into @t (which must
 * be trace_init()ed).  Returns 0, or -1 with "NAME:LINE:COL: message" in
 * @err.  Validates statically (trace_validate) too.
 */
int trace_parse_text(const char *buf, size_t len, const char *name,
		     struct trace *t, char *err, size_t errlen);
/* The canonical text of @t. */
void trace_print_text(FILE *f, const struct trace *t);
/* The canonical header lines. */
void trace_print_header(FILE *f, const struct trace *t);
/* One op, canonical, without the newline. */
void op_print(FILE *f, const struct op *op);
/* "GFP_ATOMIC|__GFP_DMA32" for @gfp, canonical. */
void gfp_print(FILE *f, gfp_t gfp);

#endif /* HATRACE_TEXT_H */
