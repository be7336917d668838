/* SPDX-License-Identifier: MIT */
/*
 * load.h - reading a trace file of either encoding (binary if it starts
 * with BINARY_MAGIC) and writing one.
 */
#ifndef HATRACE_LOAD_H
#define HATRACE_LOAD_H

#include <stdio.h>

#include "trace.h"

/* Returns 0, or -1 with "PATH: message" / "PATH:LINE:COL: message" in @err. */
int trace_load(const char *path, struct trace *t, char *err, size_t errlen);
/*
 * A fuzzer's input: whatever the bytes, decoded as the fuzz targets decode
 * them (binary, magic or not, decode_limits_fuzz); an empty file is the
 * empty input.  Its canonical encoding replays the same under trace_load().
 */
int trace_load_fuzz_input(const char *path, struct trace *t, char *err, size_t errlen);
/* Write @t to @f as text or binary: 0, or -1 out of memory (write errors: ferror(@f)). */
int trace_write(FILE *f, const struct trace *t, bool binary);
/*
 * Write @t to @path as text or binary (an outfile, outfile.h: a regular
 * file is replaced only once the whole trace is written, "-" is standard
 * output); returns 0 or -1 with @err.
 */
int trace_save(const char *path, const struct trace *t, bool binary,
	       char *err, size_t errlen);

#endif /* HATRACE_LOAD_H */
