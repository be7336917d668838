// SPDX-License-Identifier: MIT
/*
 * load.c - reading and writing trace files (load.h).  A file that starts
 * with BINARY_MAGIC (or is cut inside it) is the binary encoding, read
 * whole or not at all (trace_read_binary, binary.h); anything else is the
 * text encoding (text.h).  A fuzzer's input is decoded totally instead.
 *
 * trace_load() initialises @t itself (trace_init with @path as its name):
 * pass a fresh or trace_free()d trace.  On error @t is left empty.  The
 * trace keeps @path as its name, so @path must outlive it.
 */
#define _POSIX_C_SOURCE 200809L	/* fileno */

#include "load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "binary.h"
#include "outfile.h"
#include "text.h"

#define TRACE_FILE_MAX	((size_t)1 << 30)	/* 1 GiB */

/* Read all of @f (at most TRACE_FILE_MAX bytes) into a malloc()ed buffer. */
static int read_all(FILE *f, const char *path, char **out, size_t *outlen,
		    char *err, size_t errlen)
{
	struct stat st;
	size_t cap = 1 << 16, len = 0;
	char *buf;

	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > TRACE_FILE_MAX) {
			snprintf(err, errlen, "%s: file too large (%lld bytes; the limit is 1 GiB)",
				 path, (long long)st.st_size);
			return -1;
		}
		cap = (size_t)st.st_size + 1;	/* +1: see EOF without a regrow */
	}
	buf = malloc(cap);
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			size_t ncap = cap * 2;
			char *nbuf;

			if (cap > TRACE_FILE_MAX) {
				snprintf(err, errlen, "%s: file too large (over 1 GiB)", path);
				free(buf);
				return -1;
			}
			nbuf = realloc(buf, ncap);
			if (!nbuf) {
				snprintf(err, errlen, "%s: out of memory", path);
				free(buf);
				return -1;
			}
			buf = nbuf;
			cap = ncap;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0) {
			if (ferror(f)) {
				snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
				free(buf);
				return -1;
			}
			break;
		}
	}
	if (len > TRACE_FILE_MAX) {
		snprintf(err, errlen, "%s: file too large (over 1 GiB)", path);
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = len;
	return 0;
}

/*
 * @lim NULL: a trace file (binary if it starts with the magic, else text);
 * otherwise a fuzzer input, always binary under @lim (it may be empty).
 */
static int load(const char *path, const struct decode_limits *lim, struct trace *t,
		char *err, size_t errlen)
{
	FILE *f;
	char *buf;
	size_t len;
	int ret;

	trace_init(t, path);
	if (!path || !*path) {
		snprintf(err, errlen, "%s: no file name", path ? path : "(null)");
		return -1;
	}
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	errno = 0;
	ret = read_all(f, path, &buf, &len, err, errlen);
	fclose(f);
	if (ret)
		return -1;
	if (!len && !lim) {
		snprintf(err, errlen, "%s: empty trace", path);
		free(buf);
		return -1;
	}
	if (lim) {
		ret = trace_decode_binary((const uint8_t *)buf, len, path, lim, t);
		if (ret) {
			trace_init(t, path);
			snprintf(err, errlen, "%s: out of memory decoding the binary trace", path);
		}
	} else if (!memcmp(buf, BINARY_MAGIC, len < BINARY_MAGIC_LEN ? len : BINARY_MAGIC_LEN)) {
		/* the magic, or a file cut inside it */
		ret = trace_read_binary((const uint8_t *)buf, len, path, t, err, errlen);
	} else {
		ret = trace_parse_text(buf, len, path, t, err, errlen);
	}
	free(buf);
	if (!ret)
		t->name = path;
	return ret ? -1 : 0;
}

int trace_load(const char *path, struct trace *t, char *err, size_t errlen)
{
	return load(path, NULL, t, err, errlen);
}

int trace_load_fuzz_input(const char *path, struct trace *t, char *err, size_t errlen)
{
	return load(path, &decode_limits_fuzz, t, err, errlen);
}

int trace_write(FILE *f, const struct trace *t, bool binary)
{
	uint8_t *bin;
	size_t binlen;

	if (!binary) {
		trace_print_text(f, t);
		return 0;
	}
	if (trace_encode_binary(t, &bin, &binlen))
		return -1;
	fwrite(bin, 1, binlen, f);	/* a short write shows in ferror(f) */
	free(bin);
	return 0;
}

int trace_save(const char *path, const struct trace *t, bool binary,
	       char *err, size_t errlen)
{
	struct outfile o;

	if (outfile_open(&o, path, err, errlen))
		return -1;
	if (trace_write(o.f, t, binary)) {
		outfile_abort(&o);
		snprintf(err, errlen, "%s: out of memory encoding the trace", path);
		return -1;
	}
	return outfile_commit(&o, err, errlen);
}
