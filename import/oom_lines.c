// SPDX-License-Identifier: MIT
/*
 * oom_lines.c - one line of an OOM report each (oom_int.h): the request
 * line (order, gfp), the task's CPU line, a zone line's fields, the
 * lowmem_reserve[] line and the per-order line (free buddies per order
 * and migrate type letters).
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "oom_int.h"

/* ---- the request line ---- */

/* gfp at *p: "0xHEX" and/or "(NAMES)"; leaves *p after it. */
static void read_gfp(struct oom_report *r, const char **pp, const char *end)
{
	const char *p = *pp;
	unsigned long long v;

	if (oom_read_hex(&p, end, &v)) {
		r->has_hex = true;
		r->gfp_hex = v;
	}
	if (p < end && *p == '(') {
		const char *q = memchr(p, ')', (size_t)(end - p));

		if (q) {
			r->has_names = q > p + 1;
			oom_copy_printable(r->gfp_names, sizeof(r->gfp_names), p + 1,
					   (size_t)(q - p - 1));
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
int oom_parse_request(struct oom_report *r, const struct rline *l, const struct rline *next,
		      char *err, size_t errlen)
{
	const char *s = l->s, *end = l->s + l->len, *p, *q;
	unsigned long long order;
	bool oom;

	if ((p = oom_find(s, l->len, " invoked oom-killer: ")))
		oom = true;
	else if ((p = oom_find(s, l->len, ": page allocation failure: ")))
		oom = false;
	else
		return 0;
	memset(r->comm, 0, sizeof(r->comm));
	oom_copy_printable(r->comm, sizeof(r->comm), s, (size_t)(p - s));
	oom_copy_printable(r->request_text, sizeof(r->request_text), s, l->len);
	r->is_oom = oom;
	r->request_line = l->no;
	r->has_hex = r->has_names = false;
	r->gfp_names[0] = '\0';

	q = oom_find(p, (size_t)(end - p), oom ? "gfp_mask=" : "mode:");
	if (!q)
		return oom_fail(err, errlen, r->name, l->no, "%s line without %s",
				oom ? "'invoked oom-killer'" : "'page allocation failure'",
				oom ? "'gfp_mask='" : "'mode:'");
	q += oom ? 9 : 5;
	read_gfp(r, &q, end);
	if (!r->has_hex && !r->has_names)
		return oom_fail(err, errlen, r->name, l->no, "cannot read the gfp mask after '%s'",
				oom ? "gfp_mask=" : "mode:");

	/* the order: on this line, or on a wrapped continuation */
	q = oom_find(p, (size_t)(end - p), oom ? "order=" : "order:");
	if (!q && next) {
		q = oom_find(next->s, next->len, oom ? "order=" : "order:");
		if (q)
			end = next->s + next->len;
	}
	if (!q)
		return oom_fail(err, errlen, r->name, l->no, "no '%s' on the request line",
				oom ? "order=" : "order:");
	q += 6;
	if (!oom_read_dec(&q, end, &order) || order >= OOM_MAX_ORDERS)
		return oom_fail(err, errlen, r->name, l->no, "bad order on the request line");
	r->order = (unsigned int)order;
	return 1;
}

/* "CPU: 1 PID: 8473 Comm: balloon Tainted: G W OE 4.8.0-rc7-00219-g3f74c9559583-dirty #3161" */
void oom_parse_cpu_line(struct oom_report *r, const struct rline *l)
{
	const char *s = l->s, *end = s + l->len, *p;
	unsigned long long cpu;

	p = s + 5;
	while (p < end && *p == ' ')
		p++;
	if (!oom_read_dec(&p, end, &cpu))
		return;
	r->cpu = cpu < 100000 ? (int)cpu : 99999;
	r->cpu_line = l->no;
	p = oom_find(s, l->len, " Comm: ");
	if (!p)
		return;
	/* the kernel version: the first word "D.D..." after the command name */
	for (p += 7; p < end; p++) {
		const char *w = p, *q = p;
		unsigned long long maj, min;

		if (p[-1] != ' ' || !isdigit((unsigned char)*p))
			continue;
		if (!oom_read_dec(&q, end, &maj) || q >= end || *q != '.')
			continue;
		q++;
		if (!oom_read_dec(&q, end, &min))
			continue;
		while (q < end && *q != ' ')
			q++;
		r->kver_major = maj < 1000 ? (int)maj : 0;
		r->kver_minor = min < 1000 ? (int)min : 0;
		oom_copy_printable(r->kver, sizeof(r->kver), w, (size_t)(q - w));
		return;
	}
}

/* ---- the zone lines ---- */

const struct kv oom_zone_fields[OOM_NR_ZONE_FIELDS] = {
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

void oom_zone_clear(struct oom_zone *z)
{
	memset(z, 0, sizeof(*z));
	for (size_t i = 0; i < ARRAY_SIZE(oom_zone_fields); i++)
		*(long long *)((char *)z + oom_zone_fields[i].off) = -1;
}

/* A "key:value" word, the shape of a zone line's fields. */
bool oom_is_kv_word(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && (islower((unsigned char)s[i]) || s[i] == '_' || s[i] == '(' ||
			   s[i] == ')' || isdigit((unsigned char)s[i])))
		i++;
	return i > 0 && i + 1 < len && s[i] == ':' && isdigit((unsigned char)s[i + 1]);
}

/* Parse the fields of a zone line (already joined) into @z. */
void oom_zone_fields_parse(struct oom_report *r, struct oom_zone *z, const char *s, size_t len)
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

			for (size_t i = 0; i < ARRAY_SIZE(oom_zone_fields); i++) {
				size_t kl = strlen(oom_zone_fields[i].key);

				if ((size_t)(colon - w) != kl ||
				    memcmp(w, oom_zone_fields[i].key, kl))
					continue;
				if (oom_read_kb(&q, p, &v) && v <= (1ULL << 50)) {
					*(long long *)((char *)z + oom_zone_fields[i].off) =
						(long long)v;
					if (oom_zone_fields[i].v6)
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
int oom_parse_lowmem(struct oom_report *r, struct oom_zone *z, const struct rline *l,
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
		if (!oom_read_dec(&p, end, &v) || (p < end && *p != ' ') || v > (1ULL << 40))
			return oom_fail(err, errlen, r->name, l->no, "bad lowmem_reserve[] value");
		if (z->nr_lowmem < OOM_MAX_LOWMEM)
			z->lowmem[z->nr_lowmem++] = (long long)v;
	}
	if (!z->nr_lowmem)
		return oom_fail(err, errlen, r->name, l->no, "empty lowmem_reserve[] line");
	return 0;
}

/*
 * The per-order line "DMA32: 7*4kB (H) 8*8kB (H) ... 0*4096kB = 19484kB",
 * after the "ZONE: ".  @s holds the joined text (wrapped lines joined with
 * spaces).  Errors name @no, the line the entry started on.
 */
int oom_parse_orders(struct oom_report *r, struct oom_zone *z, const char *zname,
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
			return oom_fail(err, errlen, r->name, no,
					"%s: per-order line does not end with '= TOTALkB'", zname);
		if (*p == '=') {
			p++;
			while (p < end && *p == ' ')
				p++;
			if (!oom_read_kb(&p, end, &total))
				return oom_fail(err, errlen, r->name, no,
						"%s: per-order line: bad total after '='", zname);
			while (p < end && *p == ' ')
				p++;
			if (p != end)
				return oom_fail(err, errlen, r->name, no,
						"%s: per-order line: unexpected text after the total", zname);
			if (!o)
				return oom_fail(err, errlen, r->name, no,
						"%s: per-order line without any N*SIZEkB entry", zname);
			if (total != sum)
				return oom_fail(err, errlen, r->name, no,
						"%s: per-order line: the entries add up to %llukB but the line says = %llukB (inconsistent totals)",
						zname, sum, total);
			z->nr_orders = o;
			z->total_kb = total;
			return 0;
		}
		w = p;
		if (!oom_read_dec(&p, end, &n) || p >= end || *p != '*') {
			const char *q = w;

			while (q < end && *q != ' ')
				q++;
			return oom_fail(err, errlen, r->name, no,
					"%s: bad per-order entry '%.*s' (expected N*SIZEkB)", zname,
					(int)(q - w > 40 ? 40 : q - w), w);
		}
		p++;
		if (!oom_read_kb(&p, end, &size))
			return oom_fail(err, errlen, r->name, no,
					"%s: bad per-order entry for order %u (expected N*SIZEkB)", zname, o);
		if (o >= OOM_MAX_ORDERS)
			return oom_fail(err, errlen, r->name, no,
					"%s: more than %d orders on the per-order line", zname, OOM_MAX_ORDERS);
		if (size != 4ULL << o)
			return oom_fail(err, errlen, r->name, no,
					o ? "%s: order %u has size %llukB, expected %llukB" :
					"%s: order %u has size %llukB, expected %llukB: only 4 KiB pages are modelled",
				    zname, o, size, 4ULL << o);
		if (n > (1ULL << 40))
			return oom_fail(err, errlen, r->name, no, "%s: order %u: count %llu too large",
					zname, o, n);
		z->nr[o] = n;
		z->letters[o] = 0;
		sum += n * size;
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == '(') {
			const char *q = p + 1;

			for (; q < end && *q != ')'; q++) {
				const char *c = strchr(oom_type_letters, *q);

				if (*q == 'R')
					return oom_fail(err, errlen, r->name, no,
							"%s: order %u: type letter 'R' (MIGRATE_RESERVE) is from a pre-4.4 kernel, which has no HighAtomic reserve",
							zname, o);
				if (!*q || !c)
					return oom_fail(err, errlen, r->name, no,
							"%s: order %u: unknown type letter '%c' (known: U M E H C I)",
							zname, o,
							isprint((unsigned char)*q) ? *q : '?');
				z->letters[o] |= 1u << (c - oom_type_letters);
			}
			if (q >= end)
				return oom_fail(err, errlen, r->name, no,
						"%s: order %u: unterminated '(' in the type letters", zname, o);
			p = q + 1;
			if (!n)
				return oom_fail(err, errlen, r->name, no,
						"%s: order %u: type letters for an empty order", zname, o);
			if ((unsigned int)__builtin_popcount(z->letters[o]) > n)
				return oom_fail(err, errlen, r->name, no,
						"%s: order %u: %u types named for %llu buddies (each named list holds at least one)",
						zname, o,
						(unsigned int)__builtin_popcount(z->letters[o]), n);
		} else if (n) {
			return oom_fail(err, errlen, r->name, no,
					"%s: order %u: %llu free buddies without type letters", zname, o, n);
		}
		o++;
	}
}
