/* SPDX-License-Identifier: MIT */
/*
 * input.h - reading an input file of the importers, plain or compressed,
 * as a stream of lines or bytes in constant memory.
 *
 * Compression is recognised by its magic bytes, not by the file name: xz
 * (FD 37 7A 58 5A 00), gzip (1F 8B), zstd (28 B5 2F FD) and bzip2 ("BZh")
 * are decompressed by the system's own tool (`xz -dc`, `gzip -dc`, ...)
 * run as a child process whose output is read through a pipe.  So the
 * decompressor runs on another core beside the parser, nothing but a
 * buffer is held in memory, and no library is linked.  "-" is standard
 * input (plain only).
 */
#ifndef HATRACE_IMPORT_INPUT_H
#define HATRACE_IMPORT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct instream {
	const char *path;
	const char *tool;	/* decompressor ("xz"), NULL for a plain file */
	int fd;
	pid_t pid;		/* decompressor, 0 if none */
	char *buf;		/* read buffer */
	size_t cap, start, end;	/* unread bytes are buf[start, end) */
	bool eof;
	bool stopped;		/* closed before the end (the child may get SIGPIPE) */
	int read_errno;
	unsigned long lineno;	/* of the line last returned */
	uint64_t bytes;		/* decompressed bytes read so far */
};

/* Returns 0, or -1 with "PATH: message" in @err. */
int instream_open(struct instream *s, const char *path, char *err, size_t errlen);
/*
 * The same over @len bytes in memory (copied; never decompressed), @name
 * in messages: what the fuzz targets read.  Returns 0, or -1 (out of
 * memory) with the message in @err.
 */
int instream_open_mem(struct instream *s, const char *name, const void *data, size_t len,
		      char *err, size_t errlen);
/*
 * The next line, without its '\n' (and a '\r' before it), NUL-terminated
 * in place; NULL at the end or on a read error (see instream_close).
 * @len gets its length.  The line stays valid until the next call.
 */
char *instream_line(struct instream *s, size_t *len);
/* Up to @n bytes; returns how many (0 at the end or on an error). */
size_t instream_read(struct instream *s, void *dst, size_t n);
/*
 * Close; reap the decompressor.  Returns 0, or -1 with the reason (a read
 * error, the decompressor failed or was not found) in @err.  With
 * @stopped_early the decompressor dying of SIGPIPE is not an error.
 */
int instream_close(struct instream *s, bool stopped_early, char *err, size_t errlen);
/* Which tool a file needs, from its first bytes: "xz", "gzip", ... or NULL. */
const char *compression_tool(const unsigned char *magic, size_t n);

#endif /* HATRACE_IMPORT_INPUT_H */
