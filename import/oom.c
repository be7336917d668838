// SPDX-License-Identifier: MIT
/*
 * oom.c - `hatrace import oom` (oom.h): a kernel OOM or allocation
 * failure report in, a trace that rebuilds its zones and replays its
 * failing request out.  The reconstruction rules are documented in
 * docs/oom-reports.md; each rule is implemented once, here:
 *
 *   - zone placement:   place_zones()
 *   - letter rule:      distribute()     (round-robin in letter order)
 *   - buddy placement:  place_buddies()  (blocks per type, lowest pfn first,
 *                                         one allocated "pin" page in the
 *                                         buddy of every free buddy)
 *   - counter:          zone_counter()
 *   - gfp decoding:     request_gfp()
 *   - reclaim model:    zone_reclaimable()
 *
 * The result is checked by replaying its set state (check_rebuilt()).
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */

#include "oom.h"

#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "gfp_names.h"
#include "page_alloc.h"
#include "show.h"
#include "text.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The model's node limit (node.c HAT_MAX_NODE_PAGES): 32 GiB of 4 KiB pages. */
#define NODE_PAGES_LIMIT	(1UL << 23)
/* ZONE_DMA on x86: the first 16 MiB */
#define DMA_END_PFN		4096UL

static const char type_letters[MIGRATE_TYPES + 1] = "UMEHCI";

/* Zone names a report may print; the model has the first three. */
static const char *const report_zone_names[] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

void oom_options_default(struct oom_options *o)
{
	memset(o, 0, sizeof(*o));
	o->reserved_highatomic = -1;
	o->zone = -1;
}

/* ---- messages ---- */

__attribute__((format(printf, 5, 6)))
static int fail(char *err, size_t errlen, const char *name, uint32_t line,
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
static void note(struct oom_report *r, uint32_t line, const char *fmt, ...)
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
static void copy_printable(char *dst, size_t size, const char *s, size_t len)
{
	size_t i;

	if (!size)
		return;
	for (i = 0; i < len && i + 1 < size; i++)
		dst[i] = s[i] >= 0x20 && s[i] <= 0x7e ? s[i] : '?';
	dst[i] = '\0';
}

/* ---- lines ---- */

struct rline {
	const char *s;		/* the text after any dmesg/syslog prefix */
	size_t len;
	uint32_t no;		/* 1-based line number in the file */
};

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

static struct rline *split_lines(const char *buf, size_t len, uint32_t *n)
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
static const char *find(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	if (n > len)
		return NULL;
	for (size_t i = 0; i + n <= len; i++)
		if (s[i] == needle[0] && !memcmp(s + i, needle, n))
			return s + i;
	return NULL;
}

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

/* Skip "Node N " at @s; returns the node or -1 (and leaves @s alone). */
static int skip_node(const char **s, size_t *len)
{
	const char *p = *s, *end = *s + *len;
	int node = 0;

	if (!starts(p, *len, "Node "))
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
 * report_zone_names and the node, and leaves *s just past @after.
 */
static int zone_prefix(const char **s, size_t *len, const char *after, int *node)
{
	const char *p = *s;
	size_t l = *len;
	int nd = skip_node(&p, &l);

	for (int z = (int)ARRAY_SIZE(report_zone_names) - 1; z >= 0; z--) {
		const char *name = report_zone_names[z];
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
static bool read_dec(const char **s, const char *end, unsigned long long *v)
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

static bool read_hex(const char **s, const char *end, unsigned long long *v)
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
static bool read_kb(const char **s, const char *end, unsigned long long *v)
{
	const char *p = *s;

	if (!read_dec(&p, end, v) || end - p < 2 || (p[0] != 'k' && p[0] != 'K') || p[1] != 'B')
		return false;
	*s = p + 2;
	return true;
}

/* ---- the request line ---- */

/* gfp at *p: "0xHEX" and/or "(NAMES)"; leaves *p after it. */
static void read_gfp(struct oom_report *r, const char **pp, const char *end)
{
	const char *p = *pp;
	unsigned long long v;

	if (read_hex(&p, end, &v)) {
		r->has_hex = true;
		r->gfp_hex = v;
	}
	if (p < end && *p == '(') {
		const char *q = memchr(p, ')', (size_t)(end - p));

		if (q) {
			r->has_names = q > p + 1;
			copy_printable(r->gfp_names, sizeof(r->gfp_names), p + 1, (size_t)(q - p - 1));
			p = q + 1;
		}
	}
	*pp = p;
}

/*
 * "COMM invoked oom-killer: gfp_mask=0x24280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), order=0, ..."
 * "COMM: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null)"
 * Returns 1 if the line is one of them (parsed), 0 if not, -1 on error.
 */
static int parse_request(struct oom_report *r, const struct rline *l, const struct rline *next,
			 char *err, size_t errlen)
{
	const char *s = l->s, *end = l->s + l->len, *p, *q;
	unsigned long long order;
	bool oom;

	if ((p = find(s, l->len, " invoked oom-killer: ")))
		oom = true;
	else if ((p = find(s, l->len, ": page allocation failure: ")))
		oom = false;
	else
		return 0;
	memset(r->comm, 0, sizeof(r->comm));
	copy_printable(r->comm, sizeof(r->comm), s, (size_t)(p - s));
	copy_printable(r->request_text, sizeof(r->request_text), s, l->len);
	r->is_oom = oom;
	r->request_line = l->no;
	r->has_hex = r->has_names = false;
	r->gfp_names[0] = '\0';

	q = find(p, (size_t)(end - p), oom ? "gfp_mask=" : "mode:");
	if (!q)
		return fail(err, errlen, r->name, l->no, "%s line without %s",
			    oom ? "'invoked oom-killer'" : "'page allocation failure'",
			    oom ? "'gfp_mask='" : "'mode:'");
	q += oom ? 9 : 5;
	read_gfp(r, &q, end);
	if (!r->has_hex && !r->has_names)
		return fail(err, errlen, r->name, l->no, "cannot read the gfp mask after '%s'",
			    oom ? "gfp_mask=" : "mode:");

	/* the order: on this line, or on a wrapped continuation */
	q = find(p, (size_t)(end - p), oom ? "order=" : "order:");
	if (!q && next) {
		q = find(next->s, next->len, oom ? "order=" : "order:");
		if (q)
			end = next->s + next->len;
	}
	if (!q)
		return fail(err, errlen, r->name, l->no, "no '%s' on the request line",
			    oom ? "order=" : "order:");
	q += 6;
	if (!read_dec(&q, end, &order) || order >= OOM_MAX_ORDERS)
		return fail(err, errlen, r->name, l->no, "bad order on the request line");
	r->order = (unsigned int)order;
	return 1;
}

/* "CPU: 1 PID: 8473 Comm: balloon Tainted: G W OE 4.8.0-rc7-00219-g3f74c9559583-dirty #3161" */
static void parse_cpu_line(struct oom_report *r, const struct rline *l)
{
	const char *s = l->s, *end = s + l->len, *p;
	unsigned long long cpu;

	p = s + 5;
	while (p < end && *p == ' ')
		p++;
	if (!read_dec(&p, end, &cpu))
		return;
	r->cpu = cpu < 100000 ? (int)cpu : 99999;
	r->cpu_line = l->no;
	p = find(s, l->len, " Comm: ");
	if (!p)
		return;
	/* the kernel version: the first word "D.D..." after the command name */
	for (p += 7; p < end; p++) {
		const char *w = p, *q = p;
		unsigned long long maj, min;

		if (p[-1] != ' ' || !isdigit((unsigned char)*p))
			continue;
		if (!read_dec(&q, end, &maj) || q >= end || *q != '.')
			continue;
		q++;
		if (!read_dec(&q, end, &min))
			continue;
		while (q < end && *q != ' ')
			q++;
		r->kver_major = maj < 1000 ? (int)maj : 0;
		r->kver_minor = min < 1000 ? (int)min : 0;
		copy_printable(r->kver, sizeof(r->kver), w, (size_t)(q - w));
		return;
	}
}

/* ---- the zone lines ---- */

struct kv {
	const char *key;
	size_t off;	/* offsetof in struct oom_zone, of a long long */
	bool v6;	/* a v6.x field */
};

static const struct kv zone_fields[] = {
	{ "free", offsetof(struct oom_zone, free_kb), false },
	{ "boost", offsetof(struct oom_zone, boost_kb), true },
	{ "min", offsetof(struct oom_zone, min_kb), false },
	{ "low", offsetof(struct oom_zone, low_kb), false },
	{ "high", offsetof(struct oom_zone, high_kb), false },
	{ "reserved_highatomic", offsetof(struct oom_zone, reserved_highatomic_kb), true },
	{ "free_highatomic", offsetof(struct oom_zone, free_highatomic_kb), true },
	{ "active_anon", offsetof(struct oom_zone, active_anon_kb), false },
	{ "inactive_anon", offsetof(struct oom_zone, inactive_anon_kb), false },
	{ "active_file", offsetof(struct oom_zone, active_file_kb), false },
	{ "inactive_file", offsetof(struct oom_zone, inactive_file_kb), false },
	{ "present", offsetof(struct oom_zone, present_kb), false },
	{ "managed", offsetof(struct oom_zone, managed_kb), false },
};

static void zone_clear(struct oom_zone *z)
{
	memset(z, 0, sizeof(*z));
	for (size_t i = 0; i < ARRAY_SIZE(zone_fields); i++)
		*(long long *)((char *)z + zone_fields[i].off) = -1;
}

/* A "key:value" word, the shape of a zone line's fields. */
static bool is_kv_word(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && (islower((unsigned char)s[i]) || s[i] == '_' || s[i] == '(' ||
			   s[i] == ')' || isdigit((unsigned char)s[i])))
		i++;
	return i > 0 && i + 1 < len && s[i] == ':' && isdigit((unsigned char)s[i + 1]);
}

/* Parse the fields of a zone line (already joined) into @z. */
static void zone_fields_parse(struct oom_report *r, struct oom_zone *z, const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		const char *w = p, *colon;
		unsigned long long v;

		while (p < end && *p != ' ')
			p++;
		colon = memchr(w, ':', (size_t)(p - w));
		if (colon) {
			const char *q = colon + 1;

			for (size_t i = 0; i < ARRAY_SIZE(zone_fields); i++) {
				size_t kl = strlen(zone_fields[i].key);

				if ((size_t)(colon - w) != kl || memcmp(w, zone_fields[i].key, kl))
					continue;
				if (read_kb(&q, p, &v) && v <= (1ULL << 50)) {
					*(long long *)((char *)z + zone_fields[i].off) = (long long)v;
					if (zone_fields[i].v6)
						r->v6_fields = true;
				}
				break;
			}
		}
		while (p < end && *p == ' ')
			p++;
	}
}

/* "lowmem_reserve[]: 0 1952 1952 1952" */
static int parse_lowmem(struct oom_report *r, struct oom_zone *z, const struct rline *l,
			char *err, size_t errlen)
{
	const char *p = l->s + 17, *end = l->s + l->len;

	z->nr_lowmem = 0;
	z->lowmem_line = l->no;
	for (;;) {
		unsigned long long v;

		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			break;
		if (!read_dec(&p, end, &v) || (p < end && *p != ' ') || v > (1ULL << 40))
			return fail(err, errlen, r->name, l->no, "bad lowmem_reserve[] value");
		if (z->nr_lowmem < OOM_MAX_LOWMEM)
			z->lowmem[z->nr_lowmem++] = (long long)v;
	}
	if (!z->nr_lowmem)
		return fail(err, errlen, r->name, l->no, "empty lowmem_reserve[] line");
	return 0;
}

/*
 * The per-order line "DMA32: 7*4kB (H) 8*8kB (H) ... 0*4096kB = 19484kB",
 * after the "ZONE: ".  @s holds the joined text (wrapped lines joined with
 * spaces).  Errors name @no, the line the entry started on.
 */
static int parse_orders(struct oom_report *r, struct oom_zone *z, const char *zname,
			const char *s, size_t len, uint32_t no, char *err, size_t errlen)
{
	const char *p = s, *end = s + len;
	unsigned long long sum = 0;
	unsigned int o = 0;

	z->orders_line = no;
	for (;;) {
		unsigned long long n, size, total;
		const char *w;

		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			return fail(err, errlen, r->name, no,
				    "%s: per-order line does not end with '= TOTALkB'", zname);
		if (*p == '=') {
			p++;
			while (p < end && *p == ' ')
				p++;
			if (!read_kb(&p, end, &total))
				return fail(err, errlen, r->name, no,
					    "%s: per-order line: bad total after '='", zname);
			while (p < end && *p == ' ')
				p++;
			if (p != end)
				return fail(err, errlen, r->name, no,
					    "%s: per-order line: unexpected text after the total", zname);
			if (!o)
				return fail(err, errlen, r->name, no,
					    "%s: per-order line without any N*SIZEkB entry", zname);
			if (total != sum)
				return fail(err, errlen, r->name, no,
					    "%s: per-order line: the entries add up to %llukB but the line says = %llukB (inconsistent totals)",
					    zname, sum, total);
			z->nr_orders = o;
			z->total_kb = total;
			return 0;
		}
		w = p;
		if (!read_dec(&p, end, &n) || p >= end || *p != '*') {
			const char *q = w;

			while (q < end && *q != ' ')
				q++;
			return fail(err, errlen, r->name, no,
				    "%s: bad per-order entry '%.*s' (expected N*SIZEkB)", zname,
				    (int)(q - w > 40 ? 40 : q - w), w);
		}
		p++;
		if (!read_kb(&p, end, &size))
			return fail(err, errlen, r->name, no,
				    "%s: bad per-order entry for order %u (expected N*SIZEkB)", zname, o);
		if (o >= OOM_MAX_ORDERS)
			return fail(err, errlen, r->name, no,
				    "%s: more than %d orders on the per-order line", zname, OOM_MAX_ORDERS);
		if (size != 4ULL << o)
			return fail(err, errlen, r->name, no,
				    o ? "%s: order %u has size %llukB, expected %llukB" :
					"%s: order %u has size %llukB, expected %llukB: only 4 KiB pages are modelled",
				    zname, o, size, 4ULL << o);
		if (n > (1ULL << 40))
			return fail(err, errlen, r->name, no, "%s: order %u: count %llu too large",
				    zname, o, n);
		z->nr[o] = n;
		z->letters[o] = 0;
		sum += n * size;
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == '(') {
			const char *q = p + 1;

			for (; q < end && *q != ')'; q++) {
				const char *c = strchr(type_letters, *q);

				if (*q == 'R')
					return fail(err, errlen, r->name, no,
						    "%s: order %u: type letter 'R' (MIGRATE_RESERVE) is from a pre-4.4 kernel, which has no HighAtomic reserve",
						    zname, o);
				if (!*q || !c)
					return fail(err, errlen, r->name, no,
						    "%s: order %u: unknown type letter '%c' (known: U M E H C I)",
						    zname, o, isprint((unsigned char)*q) ? *q : '?');
				z->letters[o] |= 1u << (c - type_letters);
			}
			if (q >= end)
				return fail(err, errlen, r->name, no,
					    "%s: order %u: unterminated '(' in the type letters", zname, o);
			p = q + 1;
			if (!n)
				return fail(err, errlen, r->name, no,
					    "%s: order %u: type letters for an empty order", zname, o);
			if ((unsigned int)__builtin_popcount(z->letters[o]) > n)
				return fail(err, errlen, r->name, no,
					    "%s: order %u: %u types named for %llu buddies (each named list holds at least one)",
					    zname, o, (unsigned int)__builtin_popcount(z->letters[o]), n);
		} else if (n) {
			return fail(err, errlen, r->name, no,
				    "%s: order %u: %llu free buddies without type letters", zname, o, n);
		}
		o++;
	}
}

static bool ends_with_total(const char *s, size_t len)
{
	const char *eq = NULL;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '=')
			eq = s + i;
	return eq && len >= 2 && (s[len - 1] == 'B' && (s[len - 2] == 'k' || s[len - 2] == 'K'));
}

/* A line that continues a wrapped per-order line: entries, letters or the total. */
static bool order_continuation(const struct rline *l)
{
	const char *p = l->s, *end = l->s + l->len;
	unsigned long long v;

	if (!l->len)
		return false;
	if (*p == '=' || *p == '(')
		return true;
	return read_dec(&p, end, &v) && p < end && *p == '*';
}

/* A line that continues a wrapped zone line: "key:valuekB" words. */
static bool zone_continuation(const struct rline *l)
{
	const char *s = l->s;
	size_t len = l->len;
	int node;

	if (!is_kv_word(s, len))
		return false;
	if (starts(s, len, "lowmem_reserve[]"))
		return false;
	return zone_prefix(&s, &len, " free:", &node) < 0;
}

/* ---- the whole report ---- */

/* Join @count lines from @first with single spaces, skipping @skip bytes of the first. */
static int join_lines(const struct rline *lines, uint32_t first, uint32_t count, size_t skip,
		      char **buf, size_t *cap)
{
	size_t need = 1, at = 0;

	for (uint32_t k = 0; k < count; k++)
		need += lines[first + k].len + 1;
	if (need > *cap) {
		char *n = realloc(*buf, need);

		if (!n)
			return -1;
		*buf = n;
		*cap = need;
	}
	for (uint32_t k = 0; k < count; k++) {
		const struct rline *l = &lines[first + k];
		size_t off = k ? 0 : skip;

		if (k)
			(*buf)[at++] = ' ';
		memcpy(*buf + at, l->s + off, l->len - off);
		at += l->len - off;
	}
	(*buf)[at] = '\0';
	return 0;
}

static bool is_request_line(const struct rline *l)
{
	return find(l->s, l->len, " invoked oom-killer: ") ||
	       find(l->s, l->len, ": page allocation failure: ");
}

/* The lines that start or end a report (next_report()). */
enum line_kind { LK_OTHER, LK_REQUEST, LK_MEMINFO, LK_ZONE, LK_ORDERS };

static enum line_kind line_kind(const struct rline *l)
{
	const char *s = l->s;
	size_t sl = l->len;
	int node;

	if (is_request_line(l))
		return LK_REQUEST;
	if (starts(s, sl, "Mem-Info:") || find(s, sl, "Show Memory"))
		return LK_MEMINFO;
	if (zone_prefix(&s, &sl, " free:", &node) >= 0)
		return LK_ZONE;
	s = l->s;
	sl = l->len;
	if (zone_prefix(&s, &sl, ": ", &node) >= 0 && sl && isdigit((unsigned char)*s))
		return LK_ORDERS;
	return LK_OTHER;
}

/* One report of the file: line indices [first, end); a show_mem has no request. */
struct report_span {
	uint32_t first, end;
	bool request;
};

/*
 * The first report at or after line index @from.  A report starts at a
 * request line or -- a show_mem (sysrq-m) without one -- at "Mem-Info:",
 * a sysrq "Show Memory" line, or a zone or per-order line outside any
 * report.  It ends where the next one starts: at a request line (unless
 * its own per-order lines have not come yet: a second request line in
 * there is interleaved printk output), at "Mem-Info:" or "Show Memory"
 * after its zone lines, or at a zone line after its per-order lines
 * (show_free_areas() prints every zone line before the first per-order
 * line).  Returns false if there is none.
 */
static bool next_report(const struct rline *lines, uint32_t n, uint32_t from,
			struct report_span *rs)
{
	bool open = false, zones = false, orders = false;

	for (uint32_t i = from; i < n; i++) {
		enum line_kind k = line_kind(&lines[i]);
		bool start;

		if (k == LK_OTHER)
			continue;
		start = !open || (k == LK_REQUEST && (!rs->request || orders)) ||
			(k == LK_MEMINFO && (zones || orders)) || (k == LK_ZONE && orders);
		if (start && open) {
			rs->end = i;
			return true;
		}
		if (start) {
			open = true;
			rs->first = i;
			rs->request = k == LK_REQUEST;
		}
		zones |= k == LK_ZONE;
		orders |= k == LK_ORDERS;
	}
	rs->end = n;
	return open;
}

static const char *report_kind(const struct rline *lines, const struct report_span *rs)
{
	const struct rline *l = &lines[rs->first];

	if (!rs->request)
		return "show_mem";
	return find(l->s, l->len, " invoked oom-killer: ") ? "OOM kill" : "allocation failure";
}

/*
 * Which report of the file to import: the @which-th (1-based), or by
 * default the first with a request, else the first.  Fills *@rs and
 * r->nr_reports, r->report; notes the choice when the file holds more
 * than one.  Returns 0, or -1 with a message in @err.
 */
static int pick_report(struct oom_report *r, const struct rline *lines, uint32_t n,
		       unsigned int which, struct report_span *rs, char *err, size_t errlen)
{
	struct report_span cur = { 0, 0, false };
	char list[160] = "";
	unsigned int k = 0;

	r->report = 0;
	*rs = cur;
	for (uint32_t from = 0; next_report(lines, n, from, &cur); from = cur.end) {
		k++;
		if (k <= 3)
			snprintf(list + strlen(list), sizeof(list) - strlen(list),
				 "%sline %" PRIu32 " (%s)", k > 1 ? ", " : "", lines[cur.first].no,
				 report_kind(lines, &cur));
		if (which ? k == which : !r->report || (!rs->request && cur.request)) {
			*rs = cur;
			r->report = k;
		}
	}
	if (k > 3)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), ", ...");
	r->nr_reports = k;
	if (!k)
		return fail(err, errlen, r->name, n,
			    "end of file: no report: no 'COMM invoked oom-killer: gfp_mask=0x... order=N' or 'COMM: page allocation failure: order:N, mode:0x...' line, and no show_free_areas() zone lines");
	if (which > k)
		return fail(err, errlen, r->name, 0, "--report %u: the file holds %u report%s: %s",
			    which, k, k == 1 ? "" : "s", list);
	r->report_line = lines[rs->first].no;
	if (k > 1)
		note(r, r->report_line, "%u reports in the file: %s; report %u imported (--report N for another)",
		     k, list, r->report);
	return 0;
}

int oom_parse(const char *buf, size_t len, const char *name, unsigned int which,
	      struct oom_report *r, char *err, size_t errlen)
{
	struct rline *lines;
	struct oom_zone *last_zone = NULL;
	struct report_span rs = { 0, 0, false };
	uint32_t n = 0, i;
	bool node_known = false, skipped_zone = false;
	char *joined = NULL;
	size_t joined_cap = 0;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	r->name = name;
	r->cpu = -1;
	r->swap_free_kb = -1;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		zone_clear(&r->zones[z]);
	lines = split_lines(buf ? buf : "", buf ? len : 0, &n);
	if (!lines)
		return fail(err, errlen, name, 0, "out of memory");
	r->nr_lines = n;
	if (pick_report(r, lines, n, which, &rs, err, errlen))
		goto out;

	for (i = rs.first; i < rs.end; i++) {
		const struct rline *l = &lines[i];
		const char *s = l->s;
		size_t sl = l->len;
		int z, node;

		if (is_request_line(l)) {
			if (!r->request_line) {
				if (parse_request(r, l, i + 1 < rs.end ? &lines[i + 1] : NULL, err,
						  errlen) < 0)
					goto out;
				continue;
			}
			note(r, l->no, "a second request line before any per-order line: ignored (the request is line %" PRIu32 ")",
			     r->request_line);
			continue;
		}
		if (starts(s, sl, "CPU: ")) {
			if (r->cpu < 0)
				parse_cpu_line(r, l);
			continue;
		}
		if (starts(s, sl, "Free swap")) {
			const char *p = s + 9, *end = s + sl;
			unsigned long long v;

			while (p < end && (*p == ' ' || *p == '='))
				p++;
			if (read_kb(&p, end, &v))
				r->swap_free_kb = (long long)v;
			continue;
		}
		if (starts(s, sl, "lowmem_reserve[]:")) {
			if (!last_zone) {
				if (skipped_zone)
					continue;
				ret = fail(err, errlen, name, l->no,
					   "lowmem_reserve[] line without a zone line before it");
				goto out;
			}
			if (parse_lowmem(r, last_zone, l, err, errlen))
				goto out;
			last_zone = NULL;
			continue;
		}
		z = zone_prefix(&s, &sl, " free:", &node);
		if (z >= 0) {
			uint32_t k = 1;
			const char *js;
			size_t jl;
			int jn;

			while (i + k < rs.end && k < 8 && zone_continuation(&lines[i + k]))
				k++;
			if (!node_known) {
				r->node = node;
				node_known = true;
			}
			last_zone = NULL;
			skipped_zone = false;
			if (node != r->node || z >= MAX_NR_ZONES) {
				if (node != r->node)
					note(r, l->no, "zone %s of node %d skipped: only node %d is imported",
					     report_zone_names[z], node, r->node);
				else
					note(r, l->no, "zone %s skipped: not modelled (only DMA, DMA32 and Normal are)",
					     report_zone_names[z]);
				skipped_zone = true;
				i += k - 1;
				continue;
			}
			if (r->zones[z].line) {
				ret = fail(err, errlen, name, l->no,
					   "a second %s zone line (the first is at line %" PRIu32 ")",
					   report_zone_names[z], r->zones[z].line);
				goto out;
			}
			r->zones[z].line = l->no;
			if (join_lines(lines, i, k, 0, &joined, &joined_cap)) {
				fail(err, errlen, name, 0, "out of memory");
				goto out;
			}
			js = joined;
			jl = strlen(joined);
			zone_prefix(&js, &jl, " ", &jn);
			zone_fields_parse(r, &r->zones[z], js, jl);
			last_zone = &r->zones[z];
			i += k - 1;
			continue;
		}
		s = l->s;
		sl = l->len;
		z = zone_prefix(&s, &sl, ": ", &node);
		if (z >= 0 && sl && isdigit((unsigned char)*s)) {
			uint32_t k = 1;
			size_t off = (size_t)(s - l->s);

			while (!ends_with_total(lines[i + k - 1].s, lines[i + k - 1].len) &&
			       i + k < rs.end && k < 16 && order_continuation(&lines[i + k]))
				k++;
			if ((node_known && node != r->node) || z >= MAX_NR_ZONES) {
				if (z >= MAX_NR_ZONES)
					note(r, l->no, "per-order line of zone %s skipped: not modelled",
					     report_zone_names[z]);
				else
					note(r, l->no, "per-order line of %s, node %d, skipped",
					     report_zone_names[z], node);
				i += k - 1;
				continue;
			}
			if (r->zones[z].orders_line) {
				ret = fail(err, errlen, name, l->no,
					   "a second per-order line for %s (the first is at line %" PRIu32 ")",
					   report_zone_names[z], r->zones[z].orders_line);
				goto out;
			}
			if (join_lines(lines, i, k, off, &joined, &joined_cap)) {
				fail(err, errlen, name, 0, "out of memory");
				goto out;
			}
			if (parse_orders(r, &r->zones[z], report_zone_names[z], joined, strlen(joined),
					 l->no, err, errlen))
				goto out;
			i += k - 1;
			continue;
		}
	}

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct oom_zone *zz = &r->zones[z];
		static const char *const need[] = { "free", "min", "low", "high", "present", "managed" };
		const long long *val[] = { &zz->free_kb, &zz->min_kb, &zz->low_kb, &zz->high_kb,
					   &zz->present_kb, &zz->managed_kb };

		if (!zz->line && !zz->orders_line)
			continue;
		if (!zz->line) {
			ret = fail(err, errlen, name, zz->orders_line,
				   "per-order line of %s without its zone line ('%s free:... min:... present:... managed:...')",
				   zone_names[z], zone_names[z]);
			goto out;
		}
		if (!zz->orders_line) {
			ret = fail(err, errlen, name, zz->line,
				   "zone %s has no per-order line ('%s: N*4kB (LETTERS) ... = TOTALkB')",
				   zone_names[z], zone_names[z]);
			goto out;
		}
		for (size_t k = 0; k < ARRAY_SIZE(need); k++) {
			if (*val[k] < 0) {
				ret = fail(err, errlen, name, zz->line,
					   "zone %s: the zone line has no '%s:' field (cut short?)",
					   zone_names[z], need[k]);
				goto out;
			}
		}
		if (zz->present_kb % 4 || zz->managed_kb % 4 || zz->free_kb % 4) {
			ret = fail(err, errlen, name, zz->line,
				   "zone %s: free/present/managed are not whole 4 KiB pages", zone_names[z]);
			goto out;
		}
		/* pages of the zone, counted or wanted: none can exceed it */
		for (size_t k = 0; k < ARRAY_SIZE(zone_fields); k++) {
			long long v = *(long long *)((char *)zz + zone_fields[k].off);

			if (v > zz->present_kb) {
				ret = fail(err, errlen, name, zz->line,
					   "zone %s: %s:%lldkB exceeds present:%lldkB", zone_names[z],
					   zone_fields[k].key, v, zz->present_kb);
				goto out;
			}
		}
		if (!zz->present_kb) {
			ret = fail(err, errlen, name, zz->line, "zone %s: present:0kB", zone_names[z]);
			goto out;
		}
	}
	{
		bool any = false;

		for (int z = 0; z < MAX_NR_ZONES; z++)
			any |= r->zones[z].line != 0;
		if (!any) {
			ret = fail(err, errlen, name, lines[rs.end - 1].no,
				   "end of report: no zone of the model (DMA, DMA32, Normal) in the report at line %" PRIu32,
				   r->report_line);
			goto out;
		}
	}
	ret = 0;
out:
	free(joined);
	free(lines);
	return ret;
}

/* ---- gfp ---- */

static void append_word(char *buf, size_t size, const char *w, size_t len)
{
	size_t n = strlen(buf);

	if (!size)
		return;
	if (n && n + 1 < size)
		buf[n++] = ' ';
	if (n + len >= size)
		len = n + 1 < size ? size - n - 1 : 0;
	memcpy(buf + n, w, len);
	buf[n + len] = '\0';
}

/*
 * The names are mapped by the table the ftrace importer uses
 * (gfp_names.h, docs/capture.md): a later kernel's "GFP_KERNEL" is the
 * v4.8 GFP_KERNEL whatever its bit values.  Numbers in the parentheses
 * (bits the printing kernel had no name for) and names that do not
 * affect the allocator are left out and listed in @ignored; names mapped
 * to their nearest v4.8 bits are listed in @nearest.
 */
int oom_gfp_from_names(const char *names, gfp_t *gfp, char *unknown, size_t unknown_len,
		       char *ignored, size_t ignored_len, char *nearest, size_t nearest_len)
{
	const char *p = names;
	gfp_t set = 0, clear = 0;
	int bad = 0;

	if (unknown_len)
		unknown[0] = '\0';
	if (ignored_len)
		ignored[0] = '\0';
	if (nearest_len)
		nearest[0] = '\0';
	while (*p) {
		const char *w = p;
		const struct gfp_name *g;
		size_t len;

		while (*p && *p != '|')
			p++;
		len = (size_t)(p - w);
		if (*p)
			p++;
		if (!len || (len == 4 && !memcmp(w, "none", 4)))
			continue;
		g = gfp_name_find(w, len);
		if (g) {
			set |= g->set;
			clear |= g->clear;
			if (g->kind == GFPN_DROPPED)
				append_word(ignored, ignored_len, w, len);
			else if (g->kind == GFPN_NEAREST)
				append_word(nearest, nearest_len, w, len);
		} else if (len > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
			append_word(ignored, ignored_len, w, len);
		} else {
			append_word(unknown, unknown_len, w, len);
			bad++;
		}
	}
	*gfp = set & ~clear & __GFP_BITS_MASK;
	return bad ? -1 : 0;
}

/*
 * The request's mask as v4.8 bits.  A v4.4 .. v4.9 report's hex mask has
 * the v4.8 layout and is taken as is; later kernels renumbered the bits,
 * so their symbolic names are mapped instead.  Without a kernel version,
 * a report with v6.x-only fields (boost:, reserved_highatomic:,
 * free_highatomic:) counts as a later kernel.
 */
static int request_gfp(struct oom_report *r, gfp_t *gfp, const char **how, char *err, size_t errlen)
{
	bool later = r->kver_major ? (r->kver_major > 4 || (r->kver_major == 4 && r->kver_minor >= 10))
				   : r->v6_fields;
	char unknown[256], ignored[256], nearest[256];
	gfp_t named = 0;
	int names_ok = -1;

	if (r->has_names)
		names_ok = oom_gfp_from_names(r->gfp_names, &named, unknown, sizeof(unknown),
					      ignored, sizeof(ignored), nearest, sizeof(nearest));
	if (!later && r->has_hex && !(r->gfp_hex & ~(unsigned long long)__GFP_BITS_MASK)) {
		*gfp = (gfp_t)r->gfp_hex;
		*how = "the hex mask (v4.8 bit layout)";
		if (names_ok == 0 && named != *gfp)
			note(r, r->request_line,
			     "the gfp names (%s) mean %#x in v4.8 bits, the hex mask says %#x: the hex mask is used",
			     r->gfp_names, named, *gfp);
		return 0;
	}
	if (!later && r->has_hex && r->has_names)
		note(r, r->request_line,
		     "gfp mask %#llx has bits beyond the v4.8 layout: its names (%s) are used",
		     r->gfp_hex, r->gfp_names);
	if (!r->has_names)
		return fail(err, errlen, r->name, r->request_line,
			    r->has_hex && !later ?
			    "gfp mask %#llx has bits beyond the v4.8 layout and no symbolic names to map" :
			    "gfp mask %#llx of a later kernel (bits renumbered since v4.10) without its symbolic names in parentheses",
			    r->gfp_hex);
	if (names_ok)
		return fail(err, errlen, r->name, r->request_line,
			    "unknown gfp flag(s) %s in (%s): no v4.8 equivalent known", unknown,
			    r->gfp_names);
	if (ignored[0])
		note(r, r->request_line, "gfp flag(s) %s have no effect on the v4.8 allocator: left out",
		     ignored);
	if (nearest[0])
		note(r, r->request_line, "gfp flag(s) %s mapped to their nearest v4.8 bits (docs/capture.md)",
		     nearest);
	*gfp = named;
	*how = later ? "the symbolic names, mapped to v4.8 bits (the hex layout differs after v4.9)" :
		       "the symbolic names, mapped to v4.8 bits";
	return 0;
}

/* ---- reconstruction ---- */

struct buddy {
	unsigned long pfn;
	unsigned int order;
	int mt;
};

enum { PG_ALLOC, PG_FREE, PG_PIN };	/* placement state of a page */

struct zbuild {
	int zone;
	unsigned long start, end;	/* pfns */
	unsigned long fb, lb;		/* blocks fully inside: [fb, lb) */
	unsigned long nblocks;		/* blocks touching the zone: [start / pb, nblocks) */
	unsigned long pb;
	unsigned int pbo, max_order;
	uint8_t *pg;			/* per page of [start, end) */
	int8_t *claim;			/* per block < lb: -1, or the type */
	unsigned long *claimed[MIGRATE_TYPES];
	unsigned long nclaimed[MIGRATE_TYPES], capclaimed[MIGRATE_TYPES];
	unsigned long unclaimed;	/* lowest block that may be unclaimed */
	struct buddy *b;
	unsigned long nb, capb;
	unsigned long long cnt[OOM_MAX_ORDERS][MIGRATE_TYPES];
	/* results */
	unsigned long free_pages[MIGRATE_TYPES];
	unsigned long hblocks, empty_hblocks, counter, reclaimable;
	bool counter_from_report, counter_from_option;
};

static void zb_free(struct zbuild *zb)
{
	free(zb->pg);
	free(zb->claim);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		free(zb->claimed[mt]);
	free(zb->b);
}

static int claim_block(struct zbuild *zb, unsigned long blk, int mt)
{
	if (zb->nclaimed[mt] == zb->capclaimed[mt]) {
		unsigned long cap = zb->capclaimed[mt] ? 2 * zb->capclaimed[mt] : 16;
		unsigned long *n = realloc(zb->claimed[mt], cap * sizeof(*n));

		if (!n)
			return -1;
		zb->claimed[mt] = n;
		zb->capclaimed[mt] = cap;
	}
	zb->claimed[mt][zb->nclaimed[mt]++] = blk;
	zb->claim[blk] = (int8_t)mt;
	while (zb->unclaimed < zb->lb && zb->claim[zb->unclaimed] >= 0)
		zb->unclaimed++;
	return 0;
}

static int add_buddy(struct zbuild *zb, unsigned long pfn, unsigned int order, int mt)
{
	if (zb->nb == zb->capb) {
		unsigned long cap = zb->capb ? 2 * zb->capb : 64;
		struct buddy *n = realloc(zb->b, cap * sizeof(*n));

		if (!n)
			return -1;
		zb->b = n;
		zb->capb = cap;
	}
	zb->b[zb->nb++] = (struct buddy){ pfn, order, mt };
	memset(zb->pg + (pfn - zb->start), PG_FREE, 1UL << order);
	zb->free_pages[mt] += 1UL << order;
	return 0;
}

static bool range_is(const struct zbuild *zb, unsigned long pfn, unsigned long n, uint8_t st)
{
	const uint8_t *p = zb->pg + (pfn - zb->start);

	for (unsigned long i = 0; i < n; i++)
		if (p[i] != st)
			return false;
	return true;
}

/*
 * The buddy of [pfn, pfn + 2^order) must never be a whole free buddy of
 * the same order, or the two would merge: keep one page of it allocated
 * (a "pin"; the last one that is not free).  Returns the pin's pfn, ~0UL
 * if none is needed (the buddy lies outside the zone, or is pinned
 * already), or -2UL if impossible (the buddy is all free).
 */
static unsigned long pin_for(const struct zbuild *zb, unsigned long pfn, unsigned int order)
{
	unsigned long n = 1UL << order, q = pfn ^ n;

	if (order + 1 >= zb->max_order)
		return ~0UL;	/* MAX_ORDER-1 buddies never merge */
	if (q < zb->start || q + n > zb->end)
		return ~0UL;	/* outside the zone: __free_one_page will not merge */
	for (unsigned long i = 0; i < n; i++)
		if (zb->pg[q + i - zb->start] == PG_PIN)
			return ~0UL;
	for (unsigned long i = n; i-- > 0;)
		if (zb->pg[q + i - zb->start] == PG_ALLOC)
			return q + i;
	return ~1UL;
}

/* Place a free buddy of order < pageblock_order at @pfn if the rules allow. */
static bool try_place(struct zbuild *zb, unsigned long pfn, unsigned int order, int mt, int *err)
{
	unsigned long pin;

	if (pfn < zb->start || pfn + (1UL << order) > zb->end ||
	    !range_is(zb, pfn, 1UL << order, PG_ALLOC))
		return false;
	pin = pin_for(zb, pfn, order);
	if (pin == ~1UL)
		return false;
	if (pin != ~0UL)
		zb->pg[pin - zb->start] = PG_PIN;
	if (add_buddy(zb, pfn, order, mt))
		*err = -1;
	return true;
}

struct cursor {
	unsigned long idx, pos;
};

/* Whether a buddy of @order fits at @pfn of an unclaimed block (no side effects). */
static bool fits(const struct zbuild *zb, unsigned long pfn, unsigned int order)
{
	return pfn >= zb->start && pfn + (1UL << order) <= zb->end &&
	       range_is(zb, pfn, 1UL << order, PG_ALLOC) && pin_for(zb, pfn, order) != ~1UL;
}

/* Claim @blk for @mt if a buddy of @order fits in it, and place it. */
static int try_new_block(struct zbuild *zb, unsigned long blk, unsigned int order, int mt,
			 struct cursor *c)
{
	unsigned long size = 1UL << order, base = blk * zb->pb;
	int e = 0;

	if (zb->claim[blk] >= 0)
		return 1;
	for (unsigned long pos = 0; pos < zb->pb; pos += size) {
		if (!fits(zb, base + pos, order))
			continue;
		if (claim_block(zb, blk, mt))
			return -1;
		c->idx = zb->nclaimed[mt] - 1;
		c->pos = pos;
		try_place(zb, base + pos, order, mt, &e);
		c->pos += size;
		return e;
	}
	return 1;
}

/*
 * A buddy smaller than a block: in the type's blocks, lowest position
 * first, else in a new block: the lowest unclaimed block fully inside the
 * zone, else (not for HighAtomic) the in-zone part of a block that
 * straddles the zone's start or end.
 */
static int place_small(struct zbuild *zb, unsigned int order, int mt, struct cursor *c)
{
	unsigned long size = 1UL << order;
	unsigned long first = zb->start / zb->pb, last = zb->nblocks - 1;
	int e = 0, rc;

	for (; c->idx < zb->nclaimed[mt]; c->idx++, c->pos = 0) {
		unsigned long base = zb->claimed[mt][c->idx] * zb->pb;

		for (; c->pos < zb->pb; c->pos += size) {
			if (try_place(zb, base + c->pos, order, mt, &e)) {
				c->pos += size;
				return e;
			}
		}
	}
	for (unsigned long blk = zb->unclaimed; blk < zb->lb; blk++)
		if ((rc = try_new_block(zb, blk, order, mt, c)) <= 0)
			return rc;
	if (mt == MIGRATE_HIGHATOMIC)
		return 1;	/* never an H block across a zone edge (spec R4, R5) */
	if (first < zb->fb && (rc = try_new_block(zb, first, order, mt, c)) <= 0)
		return rc;
	if (last >= zb->lb && last != first && (rc = try_new_block(zb, last, order, mt, c)) <= 0)
		return rc;
	return 1;	/* no room */
}

/* A buddy of a block or more: the lowest aligned group of unclaimed blocks. */
static int place_big(struct zbuild *zb, unsigned int order, int mt)
{
	unsigned long nblk = 1UL << (order - zb->pbo);
	unsigned long g = (zb->fb + nblk - 1) / nblk * nblk;

	for (; g + nblk <= zb->lb; g += nblk) {
		unsigned long pfn = g * zb->pb, pin;
		bool free_group = true;

		for (unsigned long k = 0; k < nblk && free_group; k++)
			free_group = zb->claim[g + k] < 0;
		if (!free_group || !range_is(zb, pfn, nblk * zb->pb, PG_ALLOC))
			continue;
		pin = pin_for(zb, pfn, order);
		if (pin == ~1UL)
			continue;
		if (pin != ~0UL)
			zb->pg[pin - zb->start] = PG_PIN;
		for (unsigned long k = 0; k < nblk; k++)
			if (claim_block(zb, g + k, mt))
				return -1;
		if (add_buddy(zb, pfn, order, mt))
			return -1;
		return 0;
	}
	return 1;
}

/*
 * The letter rule: the N buddies of an order go to the types its letters
 * name, round-robin in letter order (U M E H C I): buddy i to the
 * (i mod k)-th of the k letters.  Every named list gets at least one.
 */
static void distribute(struct zbuild *zb, const struct oom_zone *z)
{
	for (unsigned int o = 0; o < z->nr_orders; o++) {
		int types[MIGRATE_TYPES], k = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (z->letters[o] & (1u << mt))
				types[k++] = mt;
		for (int j = 0; j < k; j++)
			zb->cnt[o][types[j]] = z->nr[o] / (unsigned int)k +
					       ((unsigned long long)j < z->nr[o] % (unsigned int)k);
	}
}

/*
 * Place every buddy: orders from the largest down, within an order the
 * types in letter order; see docs/oom-reports.md "Free pages".
 */
static int place_buddies(struct zbuild *zb, const char *name, uint32_t line, char *err, size_t errlen)
{
	for (unsigned int o = zb->max_order; o-- > 0;) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct cursor c = { 0, 0 };

			for (unsigned long long k = 0; k < zb->cnt[o][mt]; k++) {
				int rc = o >= zb->pbo ? place_big(zb, o, mt) : place_small(zb, o, mt, &c);

				if (rc < 0)
					return fail(err, errlen, name, 0, "out of memory");
				if (rc > 0)
					return fail(err, errlen, name, line,
						    "zone %s: no room for free buddy %llu of %llu of order %u (%s) in [%lu, %lu): the free lists do not fit in the zone as rebuilt",
						    zone_names[zb->zone], k + 1, zb->cnt[o][mt], o,
						    migratetype_names[mt], zb->start, zb->end);
			}
		}
	}
	return 0;
}

static int cmp_buddy(const void *a, const void *b)
{
	const struct buddy *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/*
 * Zone placement: present pages become a span without holes.  DMA starts
 * at pfn 1 (pfn 0 is reserved on x86) and, as on x86, spans at least the
 * first 16 MiB, [1, 4096): its holes there (the BIOS and ISA areas: a
 * present of 3998 pages) count as reserved pages, so managed stays
 * exact.  Every other zone starts at the first MAX_ORDER-aligned pfn at or
 * after the end of the zone below it (pfn 0 for the lowest zone).  On
 * x86-64 this puts DMA32 at 16 MiB (pfn 4096), as the kernel has it.
 */
static int place_zones(const struct oom_report *r, struct node_geometry *g, char *err, size_t errlen)
{
	unsigned long prev_end = 0, align = 1UL << (g->max_order - 1);
	bool first = true;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct oom_zone *zz = &r->zones[z];
		unsigned long present, start;

		if (!zz->line)
			continue;
		present = (unsigned long)(zz->present_kb / 4);
		if (z == ZONE_DMA)
			start = 1;
		else if (first)
			start = 0;
		else
			start = (prev_end + align - 1) / align * align;
		if (start > NODE_PAGES_LIMIT || present > NODE_PAGES_LIMIT - start)
			return fail(err, errlen, r->name, zz->line,
				    "zone %s: %lu present pages from pfn %lu end beyond the model's node limit of %lu pages (32 GiB)",
				    zone_names[z], present, start, NODE_PAGES_LIMIT);
		if (z == ZONE_DMA && present < DMA_END_PFN - start)
			present = DMA_END_PFN - start;	/* the holes below 16 MiB */
		g->zone_start_pfn[z] = start;
		g->zone_end_pfn[z] = start + present;
		g->reserved_pages[z] = present - (unsigned long)(zz->managed_kb / 4);
		prev_end = start + present;
		first = false;
	}
	return 0;
}

/*
 * The kernel's zone of lowmem_reserve[] entry i, as an index of
 * report_zone_names[].  With 4 or more entries, the x86-64 order DMA,
 * DMA32, Normal, Movable (, Device); with fewer, the report's zones of the
 * model in order, then Movable and Device (e.g. an arm64 node with Normal
 * only prints "lowmem_reserve[]: 0 32").  -1 past those.
 */
static int lowmem_entry_kzone(const struct oom_report *r, const struct oom_zone *zz, unsigned int i)
{
	unsigned int k = 0;

	if (zz->nr_lowmem >= 4)
		return i < MAX_NR_ZONES ? (int)i : i < MAX_NR_ZONES + 2 ? (int)i + 1 : -1;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!r->zones[z].line)
			continue;
		if (k++ == i)
			return z;
	}
	i -= k;
	return i < 2 ? 4 + (int)i : -1;		/* Movable, Device */
}

/* The model's zone of lowmem_reserve[] entry i, or -1 for a zone the model lacks. */
static int lowmem_entry_zone(const struct oom_report *r, const struct oom_zone *zz, unsigned int i)
{
	int kz = lowmem_entry_kzone(r, zz, i);

	return kz < MAX_NR_ZONES ? kz : -1;
}

/* zone_reclaimable_pages(): file LRU, plus anon while swap space is left. */
static unsigned long zone_reclaimable(const struct oom_report *r, const struct oom_zone *zz,
				      bool *anon)
{
	long long kb = 0;

	*anon = r->swap_free_kb != 0;
	if (zz->active_file_kb > 0)
		kb += zz->active_file_kb;
	if (zz->inactive_file_kb > 0)
		kb += zz->inactive_file_kb;
	if (*anon) {
		if (zz->active_anon_kb > 0)
			kb += zz->active_anon_kb;
		if (zz->inactive_anon_kb > 0)
			kb += zz->inactive_anon_kb;
	}
	return (unsigned long)(kb / 4);
}

/* The default zone of --reserved-highatomic: the highest with H buddies, else the highest. */
static int default_counter_zone(const struct oom_report *r)
{
	int best = -1;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct oom_zone *zz = &r->zones[z];

		if (!zz->line)
			continue;
		for (unsigned int o = 0; o < zz->nr_orders; o++)
			if (zz->letters[o] & (1u << MIGRATE_HIGHATOMIC))
				best = z;
	}
	if (best < 0)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (r->zones[z].line)
				best = z;
	return best;
}

/*
 * The counter: --reserved-highatomic for its zone; else a v6.x report's
 * reserved_highatomic:; else exact accounting, pageblock_nr_pages x the H
 * blocks rebuilt.  A counter above the H blocks gets the missing blocks
 * as H blocks without free pages (reserved, all allocated).
 */
static int zone_counter(struct oom_report *r, const struct oom_options *o, struct zbuild *zb,
			int counter_zone, char *err, size_t errlen)
{
	const struct oom_zone *zz = &r->zones[zb->zone];
	long long want = -1;

	zb->hblocks = zb->nclaimed[MIGRATE_HIGHATOMIC];
	if (o->reserved_highatomic >= 0 && zb->zone == counter_zone) {
		want = o->reserved_highatomic;
		zb->counter_from_option = true;
	} else if (zz->reserved_highatomic_kb >= 0) {
		want = zz->reserved_highatomic_kb / 4;
		if (zz->reserved_highatomic_kb % 4 || want % (long long)zb->pb)
			return fail(err, errlen, r->name, zz->line,
				    "zone %s: reserved_highatomic:%lldKB is not a whole number of %lu-page pageblocks: wrong --pageblock-order?",
				    zone_names[zb->zone], zz->reserved_highatomic_kb, zb->pb);
		zb->counter_from_report = true;
		/* a reserve without the free pages to show for it: H blocks, all allocated */
		while ((unsigned long long)want > zb->pb * zb->hblocks) {
			unsigned long blk;

			for (blk = zb->unclaimed; blk < zb->lb && zb->claim[blk] >= 0; blk++)
				;
			if (blk >= zb->lb) {
				note(r, zz->line, "zone %s: no block left for the reserve's %llu H blocks: the counter starts drifted",
				     zone_names[zb->zone], (unsigned long long)want / zb->pb);
				break;
			}
			if (claim_block(zb, blk, MIGRATE_HIGHATOMIC))
				return fail(err, errlen, r->name, 0, "out of memory");
			zb->hblocks++;
			zb->empty_hblocks++;
		}
	}
	zb->counter = want >= 0 ? (unsigned long)want : zb->pb * zb->hblocks;
	if (zb->counter != zb->pb * zb->hblocks && !zb->counter_from_option)
		note(r, zz->line, "zone %s: %lu HighAtomic blocks rebuilt, counter %lu pages: the counter starts drifted by %ld",
		     zone_names[zb->zone], zb->hblocks, zb->counter,
		     (long)zb->counter - (long)(zb->pb * zb->hblocks));
	return 0;
}

/* ---- output ---- */

static void letters_of(unsigned int set, char *buf)
{
	int k = 0;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (set & (1u << mt))
			buf[k++] = type_letters[mt];
	buf[k] = '\0';
}

/* The per-order line as show_zone_free_areas() prints it. */
static void expected_orders(FILE *f, int zone, const struct oom_zone *zz, unsigned int max_order)
{
	char l[MIGRATE_TYPES + 1];

	fprintf(f, "%s: ", zone_names[zone]);
	for (unsigned int o = 0; o < max_order; o++) {
		unsigned long long n = o < zz->nr_orders ? zz->nr[o] : 0;

		fprintf(f, "%llu*%llukB ", n, 4ULL << o);
		if (n) {
			letters_of(zz->letters[o], l);
			fprintf(f, "(%s) ", l);
		}
	}
	fprintf(f, "= %llukB\n", zz->total_kb);
}

/*
 * Replay the set state (the ops before the first `reclaimable`) under
 * v4.8 with every check on: nothing may fire, and the zones must print
 * the report's per-order lines and hold the counters chosen.
 */
static int check_rebuilt(struct oom_report *r, const char *text, size_t len,
			 struct zbuild *zbs, uint32_t n_init, char *err, size_t errlen)
{
	struct trace t, init;
	struct exec_opts o;
	struct exec_result res;
	char perr[512];
	int ret = -1;

	trace_init(&t, r->name);
	if (trace_parse_text(text, len, "<imported trace>", &t, perr, sizeof(perr)))
		return fail(err, errlen, r->name, 0, "internal error: the trace does not parse: %s", perr);
	init = t;
	init.nr_ops = n_init;
	exec_opts_default(&o, &init);
	variant_parse("v4.8", &o.variant, NULL, 0);
	o.keep_going = true;
	if (trace_exec(&init, &o, &res) == 2) {
		fail(err, errlen, r->name, 0, "internal error: replay: %s", res.err);
		goto out;
	}
	if (res.fired) {
		char v[256];

		format_violation(&res.recorded[0].v, v, sizeof(v));
		fail(err, errlen, r->name, 0, "internal error: the rebuilt state violates an invariant: %s", v);
		goto out;
	}
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zbuild *zb = &zbs[z];
		const struct zone *zone = &contig_page_data.node_zones[z];
		char *want = NULL, *got = NULL;
		size_t wl = 0, gl = 0;
		FILE *fw, *fg;
		bool same;

		if (!r->zones[z].line)
			continue;
		fw = open_memstream(&want, &wl);
		fg = open_memstream(&got, &gl);
		if (!fw || !fg) {
			if (fw)
				fclose(fw);
			if (fg)
				fclose(fg);
			free(want);
			free(got);
			fail(err, errlen, r->name, 0, "out of memory");
			goto out;
		}
		expected_orders(fw, z, &r->zones[z], contig_page_data.geom.max_order);
		show_zone_free_areas(fg, zone);
		fclose(fw);
		fclose(fg);
		same = !strcmp(want, got);
		if (!same)
			fail(err, errlen, r->name, r->zones[z].orders_line,
			     "internal error: zone %s rebuilt as\n  %s  instead of\n  %s", zone_names[z],
			     got, want);
		free(want);
		free(got);
		if (!same)
			goto out;
		if ((long long)zone_page_state(zone, NR_FREE_PAGES) != r->zones[z].free_kb / 4) {
			fail(err, errlen, r->name, 0,
			     "internal error: zone %s rebuilt with NR_FREE_PAGES %lu instead of free: %lld",
			     zone_names[z], zone_page_state(zone, NR_FREE_PAGES),
			     r->zones[z].free_kb / 4);
			goto out;
		}
		if (zone->nr_reserved_highatomic != zb->counter ||
		    zone_count_blocks(zone, MIGRATE_HIGHATOMIC) != zb->hblocks) {
			fail(err, errlen, r->name, 0,
			     "internal error: zone %s rebuilt with counter %lu and %lu H blocks instead of %lu and %lu",
			     zone_names[z], zone->nr_reserved_highatomic,
			     zone_count_blocks(zone, MIGRATE_HIGHATOMIC), zb->counter, zb->hblocks);
			goto out;
		}
	}
	ret = 0;
out:
	trace_free(&t);
	return ret;
}

static void print_note_comments(FILE *f, const struct oom_report *r)
{
	for (unsigned int i = 0; i < r->nr_notes; i++) {
		if (r->note_line[i])
			fprintf(f, "# warning: line %" PRIu32 ": %s\n", r->note_line[i], r->notes[i]);
		else
			fprintf(f, "# warning: %s\n", r->notes[i]);
	}
}

/* Print @op canonically, on its own line, and count it in *@n (if @n). */
static void emit(FILE *f, const struct op *op, uint32_t *n)
{
	op_print(f, op);
	fputc('\n', f);
	if (n)
		(*n)++;
}

/* NR_FREE_PAGES as the rebuilt lists give it: every list but Isolate's. */
static long lists_counted(const struct zbuild *zb)
{
	long n = 0;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (mt != MIGRATE_ISOLATE)
			n += (long)zb->free_pages[mt];
	return n;
}

/* free: less the lists: per-cpu vmstat deltas the kernel had not folded in yet. */
static long counter_drift(const struct oom_zone *zz, const struct zbuild *zb)
{
	return (long)(zz->free_kb / 4) - lists_counted(zb);
}

/* Reconstruct zone @z of @r into @zb: free lists, blocks, counter, reclaim. */
static int build_zone(struct oom_report *r, const struct oom_options *o,
		      const struct node_geometry *g, int z, int counter_zone,
		      struct zbuild *zb, char *err, size_t errlen)
{
	const struct oom_zone *zz = &r->zones[z];
	bool anon;

	zb->zone = z;
	zb->start = g->zone_start_pfn[z];
	zb->end = g->zone_end_pfn[z];
	zb->pbo = g->pb_order;
	zb->pb = 1UL << g->pb_order;
	zb->max_order = g->max_order;
	zb->fb = (zb->start + zb->pb - 1) / zb->pb;
	zb->lb = zb->end / zb->pb;
	if (zb->lb < zb->fb)
		zb->lb = zb->fb;
	zb->nblocks = (zb->end + zb->pb - 1) / zb->pb;
	zb->unclaimed = zb->fb;
	zb->pg = calloc(zb->end - zb->start, 1);
	zb->claim = malloc(zb->nblocks + 1);
	if (!zb->pg || !zb->claim)
		return fail(err, errlen, r->name, 0, "out of memory");
	memset(zb->claim, -1, zb->nblocks + 1);
	distribute(zb, zz);
	if (place_buddies(zb, r->name, zz->orders_line, err, errlen) ||
	    zone_counter(r, o, zb, counter_zone, err, errlen))
		return -1;
	if (zz->free_highatomic_kb >= 0 &&
	    (unsigned long long)zz->free_highatomic_kb != 4ULL * zb->free_pages[MIGRATE_HIGHATOMIC])
		note(r, zz->line,
		     "zone %s: free_highatomic:%lldKB, but the letter rule put %lukB on HighAtomic lists",
		     zone_names[z], zz->free_highatomic_kb, 4 * zb->free_pages[MIGRATE_HIGHATOMIC]);
	if (!zz->lowmem_line)
		note(r, zz->line, "zone %s: no lowmem_reserve[] line: the model's computed values stay",
		     zone_names[z]);
	if ((zz->free_kb <= zz->min_kb) != (lists_counted(zb) <= zz->min_kb / 4))
		note(r, zz->line,
		     "zone %s: free:%lldkB (NR_FREE_PAGES, what the watermark checks read) is %s min:%lldkB, the free lists' %ldkB %s: per-cpu vmstat drift",
		     zone_names[z], zz->free_kb, zz->free_kb <= zz->min_kb ? "at or below" : "above",
		     zz->min_kb, 4 * lists_counted(zb),
		     zz->free_kb <= zz->min_kb ? "are above" : "are not");
	zb->reclaimable = zone_reclaimable(r, zz, &anon);
	/* the ops list blocks and buddies by pfn */
	if (zb->nb)
		qsort(zb->b, zb->nb, sizeof(zb->b[0]), cmp_buddy);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (zb->nclaimed[mt])
			qsort(zb->claimed[mt], zb->nclaimed[mt], sizeof(unsigned long), cmp_ulong);
	return 0;
}

/* " (DMA DMA32 Normal Movable)": the kernel's zone of each lowmem_reserve[] entry. */
static void lowmem_names(FILE *f, const struct oom_report *r, const struct oom_zone *zz)
{
	fputs(" (", f);
	for (unsigned int i = 0; i < zz->nr_lowmem; i++) {
		int kz = lowmem_entry_kzone(r, zz, i);

		fprintf(f, "%s%s", i ? " " : "", kz >= 0 ? report_zone_names[kz] : "?");
	}
	fputc(')', f);
}

/* The comment block at the top of the trace: source, rules, per-zone summary, warnings. */
static void print_comments(FILE *f, const struct oom_report *r, const struct oom_options *o,
			   const struct zbuild *zbs, const char *gfp_how)
{
	fprintf(f, "# Imported by `hatrace import oom` from %s (docs/oom-reports.md).\n",
		o->source ? o->source : r->name);
	if (o->command)
		fprintf(f, "# Command: %s\n", o->command);
	if (r->nr_reports > 1)
		fprintf(f, "# Report %u of the %u in the file, from line %" PRIu32 ".\n", r->report,
			r->nr_reports, r->report_line);
	if (r->request_line)
		fprintf(f, "# Request, line %" PRIu32 ": %s\n", r->request_line, r->request_text);
	else
		fprintf(f, "# No request, line %" PRIu32 ": a show_mem (sysrq-m): the zone state only.\n",
			r->report_line);
	fprintf(f, "# Kernel: %s; %s layout", r->kver[0] ? r->kver : "version not in the report",
		r->v6_fields ? "v6.x (boost:/reserved_highatomic: fields)" : "v4.x");
	if (r->request_line)
		fprintf(f, "; gfp from %s", gfp_how);
	fprintf(f, ".\n");
	fprintf(f, "# Zones: present pages as a span without holes; DMA from pfn 1 over at least\n"
		   "# the first 16 MiB (its holes reserved), each other zone from the next\n"
		   "# MAX_ORDER-aligned pfn; managed pages from the report.\n"
		   "# Free lists: the per-order lines; the N buddies of an order are dealt\n"
		   "# round-robin over its type letters (U M E H C I order), each type in its\n"
		   "# own pageblocks (lowest pfn first), one page kept allocated in the buddy of\n"
		   "# every free buddy so that nothing merges; all other pages are allocated.\n"
		   "# Reclaim: reclaimable = the zone's LRU pages (anon only while swap is\n"
		   "# left), no progress: the cover letter's \"swap nearly full\" case.\n");
	fprintf(f, "#\n");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zbuild *zb = &zbs[z];
		const struct oom_zone *zz = &r->zones[z];
		unsigned long free_pages = 0;
		bool anon;

		if (!zz->line)
			continue;
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			free_pages += zb->free_pages[mt];
		zone_reclaimable(r, zz, &anon);
		fprintf(f, "# %s (lines %" PRIu32 ", %" PRIu32 "): pfns [%lu, %lu), present:%lldkB (%lld pages",
			zone_names[z], zz->line, zz->orders_line, zb->start, zb->end,
			zz->present_kb, zz->present_kb / 4);
		if ((long long)(zb->end - zb->start) != zz->present_kb / 4)
			fprintf(f, "; span %lu: the holes count as reserved", zb->end - zb->start);
		fprintf(f, "), managed %lld;\n", zz->managed_kb / 4);
		fprintf(f, "#   min/low/high %lld/%lld/%lld pages; %lu free pages in %lu buddies",
			zz->min_kb / 4, zz->low_kb / 4, zz->high_kb / 4, free_pages, zb->nb);
		if (zb->free_pages[MIGRATE_HIGHATOMIC])
			fprintf(f, ", %lu on HighAtomic lists", zb->free_pages[MIGRATE_HIGHATOMIC]);
		fprintf(f, ";\n#   NR_FREE_PAGES %lld from free:%lldkB", zz->free_kb / 4,
			zz->free_kb);
		if (counter_drift(zz, zb))
			fprintf(f, ": the lists hold %ld, a per-cpu vmstat drift of %+ld",
				lists_counted(zb), counter_drift(zz, zb));
		fprintf(f, ";\n#   lowmem_reserve[]:");
		for (unsigned int i = 0; i < zz->nr_lowmem; i++)
			fprintf(f, " %lld", zz->lowmem[i]);
		if (zz->nr_lowmem)
			lowmem_names(f, r, zz);
		else
			fprintf(f, " not in the report");
		fprintf(f, ";\n#   %lu HighAtomic block%s", zb->hblocks, zb->hblocks == 1 ? "" : "s");
		if (zb->empty_hblocks)
			fprintf(f, " (%lu of them without free pages)", zb->empty_hblocks);
		if (zb->counter_from_option)
			fprintf(f, ", counter %lu from --reserved-highatomic (%+ld from exact)",
				zb->counter, (long)zb->counter - (long)(zb->pb * zb->hblocks));
		else if (zb->counter_from_report)
			fprintf(f, ", counter %lu from reserved_highatomic:", zb->counter);
		else
			fprintf(f, ", counter %lu (exact: the report does not print it)", zb->counter);
		fprintf(f, ";\n#   reclaimable %lu pages (%s).\n", zb->reclaimable,
			anon ? "anon + file: swap is left" : "file only: no swap left");
	}
	print_note_comments(f, r);
}

/* The set state of one zone: watermarks, lowmem_reserve, block types, free buddies. */
static void emit_zone(FILE *f, const struct oom_report *r, const struct zbuild *zb,
		      uint32_t *n)
{
	const struct oom_zone *zz = &r->zones[zb->zone];
	struct op op = { .kind = OP_WATERMARKS, .zone = (uint8_t)zb->zone };

	fprintf(f, "# %s\n", zone_names[zb->zone]);
	op.a = zz->min_kb / 4;
	op.b = zz->low_kb / 4;
	op.c = zz->high_kb / 4;
	emit(f, &op, n);
	if (zz->lowmem_line) {
		long long v[MAX_NR_ZONES] = { 0 };

		for (unsigned int i = 0; i < zz->nr_lowmem; i++) {
			int mz = lowmem_entry_zone(r, zz, i);

			if (mz >= 0)
				v[mz] = zz->lowmem[i];
		}
		op = (struct op){ .kind = OP_LOWMEM_RESERVE, .zone = (uint8_t)zb->zone,
				  .a = v[0], .b = v[1], .c = v[2] };
		emit(f, &op, n);
	}
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		if (mt == MIGRATE_MOVABLE || mt == MIGRATE_ISOLATE)
			continue;	/* Movable: every block's boot type */
		for (unsigned long k = 0; k < zb->nclaimed[mt]; k++) {
			/* a block across the zone start is named by its first pfn in the zone */
			op = (struct op){ .kind = OP_INIT_BLOCK, .mt = (uint8_t)mt,
					  .a = (int64_t)max(zb->claimed[mt][k] * zb->pb, zb->start) };
			emit(f, &op, n);
		}
	}
	for (unsigned long k = 0; k < zb->nb; k++) {
		int mt = zb->b[k].mt;

		op = (struct op){ .kind = OP_INIT_BUDDY, .a = (int64_t)zb->b[k].pfn,
				  .order = (uint8_t)zb->b[k].order,
				  .mt = (uint8_t)(mt == MIGRATE_ISOLATE ? MIGRATE_MOVABLE : mt) };
		emit(f, &op, n);
	}
	/* Isolate lists: freed onto Movable, then the block is isolated */
	for (unsigned long k = 0; k < zb->nclaimed[MIGRATE_ISOLATE]; k++) {
		op = (struct op){ .kind = OP_ISOLATE,
				  .a = (int64_t)max(zb->claimed[MIGRATE_ISOLATE][k] * zb->pb, zb->start) };
		emit(f, &op, n);
	}
	/* free: is the counter; the lists above are the per-order line */
	op = (struct op){ .kind = OP_NR_FREE_PAGES, .zone = (uint8_t)zb->zone,
			  .a = zz->free_kb / 4 };
	emit(f, &op, n);
}

/* The geometry: MAX_ORDER from the per-order lines (which must agree), cpus, zones. */
static int build_geometry(struct oom_report *r, const struct oom_options *o,
			  struct node_geometry *g, int *cpu, char *err, size_t errlen)
{
	unsigned int max_order = 0;
	char gerr[256];

	g->pb_order = o->pb_order ? o->pb_order : 9;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct oom_zone *zz = &r->zones[z];

		if (!zz->line)
			continue;
		if (max_order && zz->nr_orders != max_order)
			return fail(err, errlen, r->name, zz->orders_line,
				    "zone %s has %u orders, another zone %u", zone_names[z],
				    zz->nr_orders, max_order);
		max_order = zz->nr_orders;
	}
	if (max_order < 2 || max_order > HAT_MAX_ORDER_LIMIT || g->pb_order >= max_order)
		return fail(err, errlen, r->name, 0,
			    "the per-order lines have %u orders: the model needs 2 .. %d, above pageblock_order %u",
			    max_order, HAT_MAX_ORDER_LIMIT, g->pb_order);
	g->max_order = max_order;
	if (r->order >= max_order)
		return fail(err, errlen, r->name, r->request_line,
			    "request order %u beyond MAX_ORDER %u", r->order, max_order);
	*cpu = 0;
	if (r->cpu >= HAT_MAX_CPUS)
		note(r, r->cpu_line, "CPU %d beyond the model's %d: the request runs on CPU 0",
		     r->cpu, HAT_MAX_CPUS);
	else if (r->cpu >= 0)
		*cpu = r->cpu;
	g->nr_cpus = *cpu + 1 > 2 ? (unsigned int)*cpu + 1 : 2;
	if (place_zones(r, g, err, errlen))
		return -1;
	if (node_init(g, &(struct hat_variant){ 0 }, gerr, sizeof(gerr)))
		return fail(err, errlen, r->name, 0, "the rebuilt geometry is invalid: %s", gerr);
	return 0;
}

int oom_build(struct oom_report *r, const struct oom_options *o, char **text,
	      char *err, size_t errlen)
{
	struct zbuild zbs[MAX_NR_ZONES];
	struct trace t;
	const char *gfp_how = "";
	gfp_t gfp = 0;
	int counter_zone, cpu = 0, ret = -1;
	FILE *f = NULL;
	char *buf = NULL;
	size_t len = 0;
	uint32_t n_init = 0;
	struct op op;

	*text = NULL;
	memset(zbs, 0, sizeof(zbs));
	trace_init(&t, r->name);
	if (build_geometry(r, o, &t.hdr.geom, &cpu, err, errlen) ||
	    (r->request_line && request_gfp(r, &gfp, &gfp_how, err, errlen)))
		return -1;
	if (gfp_mobility_invalid(gfp))
		note(r, r->request_line,
		     "the gfp mask has both __GFP_MOVABLE and __GFP_RECLAIMABLE: gfpflags_to_migratetype() makes it 3, MIGRATE_HIGHATOMIC, a caller bug the kernel VM_WARNs about; replayed so");
	if (o->zone >= 0 && !r->zones[o->zone].line)
		return fail(err, errlen, r->name, 0, "--zone %s: the report has no such zone",
			    zone_names[o->zone]);
	if (o->reserved_highatomic >= 0 && o->reserved_highatomic % (1LL << t.hdr.geom.pb_order))
		return fail(err, errlen, r->name, 0,
			    "--reserved-highatomic %lld is not a multiple of pageblock_nr_pages (%lu)",
			    o->reserved_highatomic, 1UL << t.hdr.geom.pb_order);
	counter_zone = o->zone >= 0 ? o->zone : default_counter_zone(r);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (r->zones[z].line &&
		    build_zone(r, o, &t.hdr.geom, z, counter_zone, &zbs[z], err, errlen))
			goto out;

	/* the header */
	t.hdr.has_variant = true;
	if (o->has_variant)
		t.hdr.variant = o->variant;
	else
		variant_parse("v4.8", &t.hdr.variant, NULL, 0);
	t.hdr.nr_rules = o->nr_rules;
	memcpy(t.hdr.rules, o->rules, sizeof(o->rules[0]) * o->nr_rules);

	f = open_memstream(&buf, &len);
	if (!f) {
		fail(err, errlen, r->name, 0, "out of memory");
		goto out;
	}
	print_comments(f, r, o, zbs, gfp_how);
	trace_print_header(f, &t);
	fputc('\n', f);

	/* the set state */
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (r->zones[z].line)
			emit_zone(f, r, &zbs[z], &n_init);
	fprintf(f, "# the reserve counters, after every block is typed\n");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!r->zones[z].line)
			continue;
		op = (struct op){ .kind = OP_INIT_COUNTER, .zone = (uint8_t)z,
				  .a = (int64_t)zbs[z].counter };
		emit(f, &op, &n_init);
	}
	/* the reclaim model and the request */
	fprintf(f, "# reclaim makes no progress while the LRU still counts as reclaimable\n");
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!r->zones[z].line)
			continue;
		op = (struct op){ .kind = OP_RECLAIMABLE, .zone = (uint8_t)z,
				  .a = (int64_t)zbs[z].reclaimable };
		emit(f, &op, NULL);
	}
	op = (struct op){ .kind = OP_PROGRESS, .a = 0 };
	emit(f, &op, NULL);
	if (r->request_line) {
		fprintf(f, "# the failing request (%s, order %u, on CPU %d)\n",
			r->is_oom ? "invoked the OOM killer" : "page allocation failure", r->order,
			cpu);
		op = (struct op){ .kind = OP_ALLOC, .cpu = (uint8_t)cpu,
				  .order = (uint8_t)r->order, .gfp = gfp, .flags = OPF_REPORT };
		emit(f, &op, NULL);
	} else {
		fprintf(f, "# no request: a show_mem; append an alloc to replay one\n");
	}
	if (fclose(f)) {
		f = NULL;
		fail(err, errlen, r->name, 0, "out of memory");
		goto out;
	}
	f = NULL;
	if (check_rebuilt(r, buf, len, zbs, n_init, err, errlen))
		goto out;
	*text = buf;
	buf = NULL;
	ret = 0;
out:
	if (f)
		fclose(f);
	free(buf);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		zb_free(&zbs[z]);
	return ret;
}

int oom_import(const char *buf, size_t len, const char *name, const struct oom_options *o,
	       struct oom_report *r, char **text, char *err, size_t errlen)
{
	*text = NULL;
	if (oom_parse(buf, len, name, o->report, r, err, errlen))
		return -1;
	return oom_build(r, o, text, err, errlen);
}

int oom_parse_expect(const char *rule, struct expect_rule *out, char *err, size_t errlen)
{
	static const char head[] = "hatrace-trace 1\nzone Normal 0 512\nexpect ";
	struct trace t;
	char perr[512];
	char *text;
	size_t n = strlen(rule);
	int ret;

	if (memchr(rule, '\n', n) || memchr(rule, '#', n)) {
		snprintf(err, errlen, "expect rule '%s': one line, no comment", rule);
		return -1;
	}
	text = malloc(sizeof(head) + n + 2);
	if (!text) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(text, head, sizeof(head) - 1);
	memcpy(text + sizeof(head) - 1, rule, n);
	text[sizeof(head) - 1 + n] = '\n';
	text[sizeof(head) + n] = '\0';
	trace_init(&t, "--expect");
	ret = trace_parse_text(text, sizeof(head) + n, "--expect", &t, perr, sizeof(perr));
	if (!ret && t.hdr.nr_rules == 1) {
		*out = t.hdr.rules[0];
	} else {
		/* "--expect:3:COL: message": keep the message, the column counts from "expect " */
		const char *m = strstr(perr, ": ");

		m = m ? strstr(m + 2, ": ") : NULL;
		m = m ? strstr(m + 2, ": ") : NULL;
		snprintf(err, errlen, "expect rule '%s': %s", rule, m ? m + 2 : perr);
		ret = -1;
	}
	trace_free(&t);
	free(text);
	return ret;
}
