// SPDX-License-Identifier: MIT
/*
 * binary_file.c - reading a binary trace file strictly: the magic, the
 * version and the length of the rest must match the bytes exactly, and
 * no field may run past the end; else an error "NAME: byte offset N:
 * message".  The body is decoded as binary_decode.c decodes any bytes.
 */
#include "binary_codec.h"

#include <stdarg.h>
#include <stdio.h>

/* "NAME: byte offset AT: message"; returns -1. */
__attribute__((format(printf, 5, 6)))
static int read_error(char *err, size_t errlen, const char *name, size_t at,
		      const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "%s: byte offset %zu: ", name, at);

	if (n >= 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* The framing of a file: where its body starts and ends, or -1 with @err. */
static int read_framing(const uint8_t *buf, size_t len, const char *name, size_t *body,
			size_t *end, bool *v2, char *err, size_t errlen)
{
	const size_t at_len = BINARY_MAGIC_LEN + 1;	/* the length field's offset */
	struct rd r = { buf + at_len, buf + len, false };
	uint64_t size;

	if (len < BINARY_MAGIC_LEN || memcmp(buf, BINARY_MAGIC, BINARY_MAGIC_LEN)) {
		if (len < BINARY_MAGIC_LEN && !memcmp(buf, BINARY_MAGIC, len))
			return read_error(err, errlen, name, len,
					  "truncated: the file ends inside the magic \"%s\"",
					  BINARY_MAGIC);
		return read_error(err, errlen, name, 0, "not a binary trace (no \"%s\" magic)",
				  BINARY_MAGIC);
	}
	if (len == BINARY_MAGIC_LEN)
		return read_error(err, errlen, name, len,
				  "truncated: the file ends before the format version");
	if (buf[BINARY_MAGIC_LEN] < 8)
		return read_error(err, errlen, name, BINARY_MAGIC_LEN,
				  "a version 1 binary trace, which this hatrace no longer reads (it has no length field, so a file cut short could not be told from a shorter trace): convert the text trace again, or read a fuzzer's input with `hatrace convert --fuzz`");
	if (buf[BINARY_MAGIC_LEN] != BINARY_VERSION && buf[BINARY_MAGIC_LEN] != BINARY_VERSION_2)
		return read_error(err, errlen, name, BINARY_MAGIC_LEN,
				  "unknown binary trace version 0x%02x (this hatrace reads versions %c and %c)",
				  buf[BINARY_MAGIC_LEN], BINARY_VERSION_2, BINARY_VERSION);
	*v2 = buf[BINARY_MAGIC_LEN] == BINARY_VERSION_2;
	size = rd_varint(&r);
	*body = (size_t)(r.p - buf);
	if (r.cut)
		return read_error(err, errlen, name, len,
				  "truncated: the file ends inside the length field (at byte offset %zu)",
				  at_len);
	if (size > len - *body)
		return read_error(err, errlen, name, len,
				  "truncated: the file ends here, after %zu of the %llu bytes that its length field (at byte offset %zu) gives the trace",
				  len - *body, (unsigned long long)size, at_len);
	*end = *body + (size_t)size;
	if (*end < len)
		return read_error(err, errlen, name, *end,
				  "%zu bytes after the end of the trace (its length field, at byte offset %zu, says it ends here)",
				  len - *end, at_len);
	return 0;
}

int trace_read_binary(const uint8_t *buf, size_t len, const char *name, struct trace *t,
		      char *err, size_t errlen)
{
	size_t body = 0, end = 0;
	bool v2 = false;
	struct dec dc;

	trace_init(t, name);
	if (read_framing(buf, len, name, &body, &end, &v2, err, errlen))
		return -1;
	dc.r = (struct rd){ buf + body, buf + end, false };
	if (decode_body(&dc, buf, &decode_limits_file, v2, t)) {
		trace_init(t, name);
		snprintf(err, errlen, "%s: out of memory decoding the binary trace", name);
		return -1;
	}
	if (dc.cut || dc.r.p < dc.r.end) {
		size_t at = dc.cut ? dc.cut_at : (size_t)(dc.r.p - buf);

		trace_free(t);
		trace_init(t, name);
		if (!dc.cut)
			return read_error(err, errlen, name, at, "more than %u ops (TRACE_MAX_OPS)",
					  TRACE_MAX_OPS);
		return read_error(err, errlen, name, at,
				  "%s%s runs past the end of the trace, which its length field puts at byte offset %zu",
				  dc.cut_op < 0 ? "the header" : "op ",
				  dc.cut_op < 0 ? "" : op_name((enum op_kind)dc.cut_op), end);
	}
	return 0;
}
