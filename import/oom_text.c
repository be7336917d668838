// SPDX-License-Identifier: MIT
/*
 * oom_text.c - the OOM importer's text layer (oom_int.h): error and note
 * messages, splitting a dmesg into lines without their dmesg/syslog
 * prefixes, and the tokens the report's lines are read with (zone
 * prefixes, decimal, hex and kB numbers).
 */
#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oom_int.h"

const char oom_type_letters[HAT_NR_MT + 1] = "UMEHCI";

const char *const oom_report_zone_names[6] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

/* ---- messages ---- */

__attribute__((format(printf, 5, 6)))
int oom_fail(char *err, size_t errlen, const char *name, uint32_t line,
	     const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!errlen)
		return -1;
	if (line)
		n = snprintf(err, errlen, "%s:%" PRIu32 ": ", name, line);
	else
		n = snprintf(err, errlen, "%s: ", name);
	if (n >= 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

__attribute__((format(printf, 3, 4)))
void oom_note(struct oom_report *r, uint32_t line, const char *fmt, ...)
{
	va_list ap;

	if (r->nr_notes >= OOM_MAX_NOTES)
		return;
	r->note_line[r->nr_notes] = line;
	va_start(ap, fmt);
	vsnprintf(r->notes[r->nr_notes], sizeof(r->notes[0]), fmt, ap);
	va_end(ap);
	r->nr_notes++;
}

/* Copy @s (@len bytes) as printable ASCII ('?' for anything else). */
void oom_copy_printable(char *dst, size_t size, const char *s, size_t len)
{
	size_t i;

	if (!size)
		return;
	for (i = 0; i < len && i + 1 < size; i++)
		dst[i] = s[i] >= 0x20 && s[i] <= 0x7e ? s[i] : '?';
	dst[i] = '\0';
}

/* ---- lines ---- */

static bool is_ts_char(char c)
{
	return isdigit((unsigned char)c) || c == '.' || c == ' ' || c == ':' ||
	       c == 'T' || c == 'C';
}

/*
 * Strip what dmesg, the console and syslog put before a kernel message:
 * "<4>", "Oct  7 01:45:49 host kernel: ", "[  295.998653] ", a printk
 * caller id "[  T123] ", in that order.
 */
static void strip_prefix(const char **ps, size_t *plen)
{
	const char *s = *ps, *end = s + *plen;
	const char *k;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s < end && *s == '<') {
		const char *q = s + 1;

		while (q < end && isdigit((unsigned char)*q))
			q++;
		if (q > s + 1 && q < end && *q == '>')
			s = q + 1;
	}
	/* syslog / journal: "... kernel: " within the first 96 bytes */
	for (k = s; k + 8 <= end && k < s + 96; k++) {
		if (!memcmp(k, " kernel: ", k + 9 <= end ? 9 : 8)) {
			s = k + 9 <= end ? k + 9 : end;
			break;
		}
	}
	for (;;) {
		const char *q;

		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s >= end || *s != '[')
			break;
		for (q = s + 1; q < end && q < s + 32 && *q != ']' && is_ts_char(*q); q++)
			;
		if (q >= end || *q != ']' || q == s + 1)
			break;
		s = q + 1;
	}
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	*ps = s;
	*plen = (size_t)(end - s);
}

struct rline *oom_split_lines(const char *buf, size_t len, uint32_t *n)
{
	struct rline *l;
	size_t cap = 1, i = 0;
	const char *s = buf, *end = buf + len;

	for (size_t k = 0; k < len; k++)
		cap += buf[k] == '\n';
	l = calloc(cap, sizeof(*l));
	if (!l)
		return NULL;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t ll = (size_t)((nl ? nl : end) - s);

		l[i].s = s;
		l[i].len = ll;
		l[i].no = (uint32_t)(i + 1);
		strip_prefix(&l[i].s, &l[i].len);
		i++;
		s = nl ? nl + 1 : end;
	}
	*n = (uint32_t)i;
	return l;
}

/* Find @needle in the @len bytes at @s. */
const char *oom_find(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	if (n > len)
		return NULL;
	for (size_t i = 0; i + n <= len; i++)
		if (s[i] == needle[0] && !memcmp(s + i, needle, n))
			return s + i;
	return NULL;
}

bool oom_starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

/* Skip "Node N " at @s; returns the node or -1 (and leaves @s alone). */
static int skip_node(const char **s, size_t *len)
{
	const char *p = *s, *end = *s + *len;
	int node = 0;

	if (!oom_starts(p, *len, "Node "))
		return -1;
	p += 5;
	if (p >= end || !isdigit((unsigned char)*p))
		return -1;
	while (p < end && isdigit((unsigned char)*p)) {
		if (node < 100000)
			node = node * 10 + (*p - '0');
		p++;
	}
	if (p >= end || *p != ' ')
		return -1;
	p++;
	*len -= (size_t)(p - *s);
	*s = p;
	return node;
}

/*
 * Does the line start with a zone name followed by @after ("free:" for the
 * zone line, ": " for the per-order line)?  Returns the index into
 * oom_report_zone_names and the node, and leaves *s just past @after.
 */
int oom_zone_prefix(const char **s, size_t *len, const char *after, int *node)
{
	const char *p = *s;
	size_t l = *len;
	int nd = skip_node(&p, &l);

	for (int z = (int)ARRAY_SIZE(oom_report_zone_names) - 1; z >= 0; z--) {
		const char *name = oom_report_zone_names[z];
		size_t n = strlen(name), a = strlen(after);

		if (l >= n + a && !memcmp(p, name, n) && !memcmp(p + n, after, a)) {
			*s = p + n + a;
			*len = l - n - a;
			*node = nd < 0 ? 0 : nd;
			return z;
		}
	}
	return -1;
}

/* ---- numbers ---- */

/* A decimal number at *s (no sign); false if none or it overflows. */
bool oom_read_dec(const char **s, const char *end, unsigned long long *v)
{
	const char *p = *s;
	unsigned long long x = 0;

	if (p >= end || !isdigit((unsigned char)*p))
		return false;
	while (p < end && isdigit((unsigned char)*p)) {
		unsigned int d = (unsigned int)(*p - '0');

		if (x > (ULLONG_MAX - d) / 10)
			return false;
		x = x * 10 + d;
		p++;
	}
	*s = p;
	*v = x;
	return true;
}

bool oom_read_hex(const char **s, const char *end, unsigned long long *v)
{
	const char *p = *s;
	unsigned long long x = 0;
	int n = 0;

	if (end - p < 3 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
		return false;
	p += 2;
	while (p < end && isxdigit((unsigned char)*p)) {
		if (++n > 16)
			return false;
		x = x * 16 + (unsigned long long)(isdigit((unsigned char)*p) ? *p - '0' :
						  tolower((unsigned char)*p) - 'a' + 10);
		p++;
	}
	if (!n)
		return false;
	*s = p;
	*v = x;
	return true;
}

/* "NkB" / "NKB" (as reserved_highatomic prints it). */
bool oom_read_kb(const char **s, const char *end, unsigned long long *v)
{
	const char *p = *s;

	if (!oom_read_dec(&p, end, v) || end - p < 2 || (p[0] != 'k' && p[0] != 'K') || p[1] != 'B')
		return false;
	*s = p + 2;
	return true;
}
