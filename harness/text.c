// SPDX-License-Identifier: MIT
/*
 * text.c - the readable encoding of a trace (text.h).  The grammar is
 * documented in docs/trace-format.md; this file is its reference.
 *
 * Parsing is one pass over the lines.  Everything trace_validate() checks
 * is checked here already, at the offending word, so that an error says
 * "NAME:LINE:COL: message"; trace_validate() still runs at the end as a
 * backstop.  The parser accepts what trace_validate() accepts and no more
 * than the binary decoder can produce, so that every trace a fuzzer
 * decoded from bytes prints to a text that parses back to the same trace.
 * (The one bound trace_validate() lacks: watermarks LOW and HIGH are
 * counts up to 2^40 like MIN, as the binary decoder folds them.)
 */
#include "text.h"
#include "invariants.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- names ---- */

static const char *const gfp_bit_names[] = {
	"__GFP_DMA", "__GFP_HIGHMEM", "__GFP_DMA32", "__GFP_MOVABLE",
	"__GFP_RECLAIMABLE", "__GFP_HIGH", "__GFP_IO", "__GFP_FS",
	"__GFP_COLD", "__GFP_NOWARN", "__GFP_REPEAT", "__GFP_NOFAIL",
	"__GFP_NORETRY", "__GFP_MEMALLOC", "__GFP_COMP", "__GFP_ZERO",
	"__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_ATOMIC",
	"__GFP_ACCOUNT", "__GFP_NOTRACK", "__GFP_DIRECT_RECLAIM", "__GFP_OTHER_NODE",
	"__GFP_WRITE", "__GFP_KSWAPD_RECLAIM",
};

_Static_assert(ARRAY_SIZE(gfp_bit_names) == 26 && (1u << 26) - 1 == __GFP_BITS_MASK,
	       "one name per GFP bit");

struct gfp_composite {
	const char *name;
	gfp_t mask;
};

/*
 * The composites gfp_print() may use, most bits first (ties: list order).
 * It prints the first one that is a subset of the mask, then single bits.
 */
static const struct gfp_composite gfp_composites[] = {
	{ "GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE },	/* 7 bits */
	{ "GFP_HIGHUSER", GFP_HIGHUSER },			/* 6 */
	{ "GFP_USER", GFP_USER },				/* 5 */
	{ "GFP_KERNEL", GFP_KERNEL },				/* 4 */
	{ "GFP_ATOMIC", GFP_ATOMIC },				/* 3 */
	{ "GFP_NOFS", GFP_NOFS },				/* 3 */
	{ "GFP_NOIO", GFP_NOIO },				/* 2 */
	{ "GFP_NOWAIT", GFP_NOWAIT },				/* 1 */
	{ "GFP_DMA", GFP_DMA },					/* 1 */
	{ "GFP_DMA32", GFP_DMA32 },				/* 1 */
};

/* Also accepted on input, never printed. */
static const struct gfp_composite gfp_input_only[] = {
	{ "__GFP_RECLAIM", __GFP_RECLAIM },
};

/* ---- printing ---- */

void gfp_print(FILE *f, gfp_t gfp)
{
	const char *sep = "";

	if (!gfp) {
		fputs("0", f);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(gfp_composites); i++) {
		if ((gfp & gfp_composites[i].mask) == gfp_composites[i].mask) {
			fputs(gfp_composites[i].name, f);
			gfp &= ~gfp_composites[i].mask;
			sep = "|";
			break;
		}
	}
	for (unsigned int bit = 0; bit < 32; bit++) {
		if (!(gfp & (1u << bit)))
			continue;
		if (bit < ARRAY_SIZE(gfp_bit_names))
			fprintf(f, "%s%s", sep, gfp_bit_names[bit]);
		else	/* not a v4.8 bit: printable, but the parser rejects it */
			fprintf(f, "%s0x%x", sep, 1u << bit);
		sep = "|";
	}
}

static void print_zone(FILE *f, unsigned int zone)
{
	if (zone < MAX_NR_ZONES)
		fputs(zone_names[zone], f);
	else
		fprintf(f, "%u", zone);
}

static void print_mt(FILE *f, unsigned int mt)
{
	if (mt < MIGRATE_TYPES)
		fputs(migratetype_names[mt], f);
	else
		fprintf(f, "%u", mt);
}

void op_print(FILE *f, const struct op *op)
{
	fputs(op_name((enum op_kind)op->kind), f);
	switch ((enum op_kind)op->kind) {
	case OP_INIT_FREE:
		fprintf(f, " %" PRId64 " %" PRId64, op->a, op->b);
		break;
	case OP_INIT_BUDDY:
		fprintf(f, " %" PRId64 " %u ", op->a, op->order);
		print_mt(f, op->mt);
		break;
	case OP_INIT_BLOCK:
	case OP_UNISOLATE:
		fprintf(f, " %" PRId64 " ", op->a);
		print_mt(f, op->mt);
		break;
	case OP_INIT_COUNTER:
	case OP_RECLAIMABLE:
	case OP_MANAGED:
	case OP_NR_FREE_PAGES:
		fputc(' ', f);
		print_zone(f, op->zone);
		fprintf(f, " %" PRId64, op->a);
		break;
	case OP_WATERMARKS:
	case OP_LOWMEM_RESERVE:
		fputc(' ', f);
		print_zone(f, op->zone);
		fprintf(f, " %" PRId64 " %" PRId64 " %" PRId64, op->a, op->b, op->c);
		break;
	case OP_ALLOC:
	case OP_ALLOC_BEGIN:
		fprintf(f, " h%" PRIu32 " cpu=%u order=%u gfp=", op->handle, op->cpu, op->order);
		gfp_print(f, op->gfp);
		if (op->flags & OPF_RT)
			fputs(" rt", f);
		if (op->flags & OPF_LRU)
			fputs(" lru", f);
		if (op->flags & OPF_REPORT)
			fputs(" report", f);
		break;
	case OP_FREE:
	case OP_FREE_BEGIN:
		fprintf(f, " h%" PRIu32 " cpu=%u", op->handle, op->cpu);
		break;
	case OP_FREE_COMMIT:
	case OP_ALLOC_STEP:
	case OP_ALLOC_END:
		fprintf(f, " h%" PRIu32, op->handle);
		break;
	case OP_DRAIN:
		fprintf(f, " cpu=%u", op->cpu);
		break;
	case OP_UNRESERVE:
		fprintf(f, " cpu=%u gfp=", op->cpu);
		gfp_print(f, op->gfp);
		fprintf(f, " loops=%" PRId64, op->a);
		if (op->flags & OPF_FORCE)
			fputs(" force", f);
		break;
	case OP_PROGRESS:
		if (op->flags & OPF_FREED)
			fputs(" freed", f);
		else
			fprintf(f, " %" PRId64, op->a);
		break;
	case OP_SHRINK:
	case OP_ISOLATE:
		fprintf(f, " %" PRId64, op->a);
		break;
	case OP_ISOLATE_FREE:
	case OP_INIT_ALLOC:
		fprintf(f, " h%" PRIu32 " %" PRId64 " %u", op->handle, op->a, op->order);
		break;
	case OP_DRAIN_ALL:
	case OP_CHECK:
	case NR_OP_KINDS:
		break;
	}
}

void trace_print_header(FILE *f, const struct trace *t)
{
	const struct trace_header *h = &t->hdr;
	const struct node_geometry *g = &h->geom;

	fputs("hatrace-trace 1\n", f);
	fprintf(f, "geometry pageblock_order=%u max_order=%u cpus=%u",
		g->pb_order, g->max_order, g->nr_cpus);
	if (g->min_free_kbytes)
		fprintf(f, " min_free_kbytes=%lu", g->min_free_kbytes);
	if (g->percpu_pagelist_fraction)
		fprintf(f, " percpu_pagelist_fraction=%lu", g->percpu_pagelist_fraction);
	fputc('\n', f);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (g->zone_end_pfn[z] <= g->zone_start_pfn[z])
			continue;
		fprintf(f, "zone %s %lu %lu", zone_names[z], g->zone_start_pfn[z],
			g->zone_end_pfn[z]);
		if (g->reserved_pages[z])
			fprintf(f, " reserved=%lu", g->reserved_pages[z]);
		fputc('\n', f);
	}
	if (h->has_variant) {
		char buf[HAT_VARIANT_NAME_MAX];

		buf[0] = 0;
		fprintf(f, "variant %s\n", variant_name(&h->variant, buf, sizeof(buf)));
	}
	for (unsigned int i = 0; i < h->nr_rules && i < TRACE_MAX_RULES; i++) {
		const struct expect_rule *r = &h->rules[i];

		fputs("expect", f);
		for (int p = 0; p < NR_HAT_PATCHES; p++)
			if (r->have & (1u << p))
				fprintf(f, " +%s", patch_name((enum hat_patch)p));
		for (int p = 0; p < NR_HAT_PATCHES; p++)
			if (r->lack & (1u << p))
				fprintf(f, " -%s", patch_name((enum hat_patch)p));
		fputs(" :", f);
		if (!r->fired)
			fputs(" pass", f);
		for (int i2 = 0; i2 < NR_HAT_INV; i2++)
			if (r->fired & (1u << i2))
				fprintf(f, " %s", inv_name((enum hat_inv)i2));
		fputc('\n', f);
	}
}

void trace_print_text(FILE *f, const struct trace *t)
{
	trace_print_header(f, t);
	fputc('\n', f);
	for (uint32_t i = 0; i < t->nr_ops; i++) {
		op_print(f, &t->ops[i]);
		fputc('\n', f);
	}
}

/* ---- parsing ---- */

#define MAX_TOKS	32	/* the longest line has 7 words */
#define COUNT_MAX	(INT64_C(1) << 40)	/* trace_validate()'s bound on counts */
#define NODE_PAGES_MAX	(1UL << 23)	/* node_init()'s HAT_MAX_NODE_PAGES */
#define MIN_FREE_KBYTES_MAX	INT32_MAX	/* vm.min_free_kbytes is an int */
#define PCP_FRACTION_MIN	8	/* node_init()'s bounds on percpu_pagelist_fraction */
#define PCP_FRACTION_MAX	(1UL << 20)

struct tok {
	const char *s;
	size_t len;
	size_t col;		/* 1-based */
};

enum { H_LIVE, H_FLIGHT, H_FREEING, H_FREED };

struct handle_info {
	const char *name;	/* points into the parsed buffer */
	size_t len;
	uint32_t def_line;	/* line of the defining op */
	uint32_t end_line;	/* line of the free / free-begin */
	uint8_t state;
	uint8_t order;
};

struct parser {
	const char *name;
	struct trace *t;
	char *err;
	size_t errlen;

	uint32_t line;
	struct tok toks[MAX_TOKS];
	int ntok;
	size_t end_col;		/* column just past the last word */

	uint32_t version_line, geometry_line, variant_line;
	uint32_t zone_line[MAX_NR_ZONES];
	uint32_t first_op_line;	/* 0 until the first op */
	unsigned long node_end;	/* end of the highest zone */
	int64_t managed[MAX_NR_ZONES];	/* managed_pages after the ops so far */

	struct handle_info *h;
	uint32_t nh, caph;
	uint32_t *tab;		/* open addressing: handle index + 1, 0 = empty */
	uint32_t tabcap;	/* power of two */
};

__attribute__((format(printf, 3, 4)))
static int perr(struct parser *p, size_t col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->errlen)
		return -1;
	n = snprintf(p->err, p->errlen, "%s:%" PRIu32 ":%zu: ", p->name, p->line,
		     col ? col : 1);
	if (n >= 0 && (size_t)n < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* A word for a message: at most 40 bytes, then "...". */
struct wordbuf {
	char s[48];
};

static const char *word(const char *s, size_t len, struct wordbuf *b)
{
	if (len > 40)
		snprintf(b->s, sizeof(b->s), "%.37s...", s);
	else
		snprintf(b->s, sizeof(b->s), "%.*s", (int)len, s);
	return b->s;
}

#define W(tk)	word((tk)->s, (tk)->len, &(struct wordbuf){ { 0 } })

static bool tok_is(const struct tok *tk, const char *s)
{
	return tk->len == strlen(s) && !memcmp(tk->s, s, tk->len);
}

/* The value of "KEY=VALUE" as a word of its own. */
static struct tok tok_value(const struct tok *tk, size_t keylen)
{
	struct tok v = { tk->s + keylen + 1, tk->len - keylen - 1, tk->col + keylen + 1 };

	return v;
}

static int digit(char c, int base)
{
	int d = c >= '0' && c <= '9' ? c - '0' :
		c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;

	return d < base ? d : -1;
}

/* Whether @tk is a number: [+-] then decimal digits or 0x hex digits. */
static bool scan_number(const struct tok *tk, bool *neg, uint64_t *val, bool *overflow)
{
	size_t i = 0;
	int base = 10;
	uint64_t v = 0;

	*neg = false;
	*overflow = false;
	if (i < tk->len && (tk->s[i] == '-' || tk->s[i] == '+'))
		*neg = tk->s[i++] == '-';
	if (tk->len - i > 2 && tk->s[i] == '0' && (tk->s[i + 1] == 'x' || tk->s[i + 1] == 'X')) {
		base = 16;
		i += 2;
	}
	if (i == tk->len)
		return false;
	for (; i < tk->len; i++) {
		int d = digit(tk->s[i], base);

		if (d < 0)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			*overflow = true;
		else
			v = v * (uint64_t)base + (uint64_t)d;
	}
	*val = v;
	return true;
}

/*
 * A number for @what, saturated to INT64_MIN or INT64_MAX when it does not
 * fit in 64 bits: every field's range lies strictly inside, so the caller's
 * range check refuses it and gives the field's own range.
 */
static int parse_int(struct parser *p, const struct tok *tk, const char *what, int64_t *out)
{
	bool neg, overflow;
	uint64_t v;

	if (!scan_number(tk, &neg, &v, &overflow))
		return perr(p, tk->col, "%s: '%s' is not a number (decimal or 0x hex)",
			    what, W(tk));
	if (overflow || v > (uint64_t)INT64_MAX + neg)
		*out = neg ? INT64_MIN : INT64_MAX;
	else
		*out = !neg ? (int64_t)v : v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	return 0;
}

/* Parse a number of [lo, hi] for @what (INT64_MIN < lo, hi < INT64_MAX). */
static int parse_num(struct parser *p, const struct tok *tk, int64_t lo, int64_t hi,
		     const char *what, int64_t *out)
{
	int64_t x = 0;

	if (parse_int(p, tk, what, &x))
		return -1;
	if (x < lo || x > hi)
		return perr(p, tk->col, "%s %s out of range [%" PRId64 ", %" PRId64 "]",
			    what, W(tk), lo, hi);
	*out = x;
	return 0;
}

static int parse_uint(struct parser *p, const struct tok *tk, uint64_t lo, uint64_t hi,
		      const char *what, uint64_t *out)
{
	int64_t x = 0;

	if (parse_num(p, tk, (int64_t)lo, (int64_t)hi, what, &x))
		return -1;
	*out = (uint64_t)x;
	return 0;
}

static bool is_ident(const struct tok *tk)
{
	if (!tk->len)
		return false;
	for (size_t i = 0; i < tk->len; i++) {
		char c = tk->s[i];
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

		if (!alpha && !(i && c >= '0' && c <= '9'))
			return false;
	}
	return true;
}

/* ---- gfp ---- */

static int lookup_gfp_name(const char *s, size_t len, gfp_t *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(gfp_bit_names); i++)
		if (strlen(gfp_bit_names[i]) == len && !memcmp(gfp_bit_names[i], s, len)) {
			*out = 1u << i;
			return 0;
		}
	for (size_t i = 0; i < ARRAY_SIZE(gfp_composites); i++)
		if (strlen(gfp_composites[i].name) == len &&
		    !memcmp(gfp_composites[i].name, s, len)) {
			*out = gfp_composites[i].mask;
			return 0;
		}
	for (size_t i = 0; i < ARRAY_SIZE(gfp_input_only); i++)
		if (strlen(gfp_input_only[i].name) == len &&
		    !memcmp(gfp_input_only[i].name, s, len)) {
			*out = gfp_input_only[i].mask;
			return 0;
		}
	return -1;
}

static int parse_gfp(struct parser *p, const struct tok *tk, gfp_t *out)
{
	gfp_t gfp = 0;
	size_t i = 0;

	if (!tk->len)
		return perr(p, tk->col, "empty gfp mask");
	for (;;) {
		const char *bar = memchr(tk->s + i, '|', tk->len - i);
		size_t end = bar ? (size_t)(bar - tk->s) : tk->len;
		struct tok term = { tk->s + i, end - i, tk->col + i };
		bool neg, overflow;
		uint64_t v;
		gfp_t bits;

		if (!term.len)
			return perr(p, term.col, "empty name in gfp mask '%s'", W(tk));
		if (term.s[0] >= '0' && term.s[0] <= '9') {
			if (!scan_number(&term, &neg, &v, &overflow))
				return perr(p, term.col, "gfp: '%s' is not a number", W(&term));
			if (overflow || v & ~(uint64_t)__GFP_BITS_MASK)
				return perr(p, term.col,
					    "gfp %s has bits outside __GFP_BITS_MASK 0x%x",
					    W(&term), __GFP_BITS_MASK);
			bits = (gfp_t)v;
		} else if (lookup_gfp_name(term.s, term.len, &bits)) {
			return perr(p, term.col,
				    "unknown gfp flag '%s' (v4.8 __GFP_* bits, GFP_KERNEL, GFP_ATOMIC, ... or 0x hex)",
				    W(&term));
		}
		gfp |= bits;
		if (!bar)
			break;
		i = end + 1;
	}
	*out = gfp;
	return 0;
}

/* ---- handles ---- */

static uint32_t hash_name(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct handle_info *handle_find(struct parser *p, const struct tok *tk)
{
	uint32_t mask = p->tabcap - 1;

	if (!p->tabcap)
		return NULL;
	for (uint32_t i = hash_name(tk->s, tk->len) & mask;; i = (i + 1) & mask) {
		uint32_t e = p->tab[i];

		if (!e)
			return NULL;
		if (p->h[e - 1].len == tk->len && !memcmp(p->h[e - 1].name, tk->s, tk->len))
			return &p->h[e - 1];
	}
}

static void tab_insert(uint32_t *tab, uint32_t cap, const struct handle_info *hi,
		       uint32_t idx)
{
	uint32_t i = hash_name(hi->name, hi->len) & (cap - 1);

	while (tab[i])
		i = (i + 1) & (cap - 1);
	tab[i] = idx + 1;
}

/* Add a new handle; returns it, or NULL when out of memory. */
static struct handle_info *handle_add(struct parser *p, const struct tok *tk)
{
	if (p->nh == p->caph) {
		uint32_t cap = p->caph ? p->caph * 2 : 64;
		struct handle_info *h = realloc(p->h, cap * sizeof(*h));

		if (!h)
			return NULL;
		p->h = h;
		p->caph = cap;
	}
	if ((p->nh + 1) * 2 > p->tabcap) {
		uint32_t cap = p->tabcap ? p->tabcap * 2 : 128;
		uint32_t *tab = calloc(cap, sizeof(*tab));

		if (!tab)
			return NULL;
		for (uint32_t i = 0; i < p->nh; i++)
			tab_insert(tab, cap, &p->h[i], i);
		free(p->tab);
		p->tab = tab;
		p->tabcap = cap;
	}
	p->h[p->nh] = (struct handle_info){ .name = tk->s, .len = tk->len };
	tab_insert(p->tab, p->tabcap, &p->h[p->nh], p->nh);
	return &p->h[p->nh++];
}

/* ---- lines ---- */

/* Length of the valid UTF-8 sequence at @s (1..4), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * Check the bytes of one line (without its newline) and split what comes
 * before a '#' into words.  Outside comments a line is printable ASCII and
 * tabs; a comment may also hold UTF-8.
 */
static int scan_line(struct parser *p, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t content = len;

	for (size_t i = 0; i < len;) {
		unsigned char c = u[i];
		bool comment = i >= content;

		if (c == '#' && !comment) {
			content = i++;
			continue;
		}
		if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
			i++;
			continue;
		}
		if (c == 0)
			return perr(p, i + 1, "NUL byte: this is not a text trace");
		if (c == '\r')
			return perr(p, i + 1, "carriage return inside a line (only CRLF line ends are allowed)");
		if (c < 0x20 || c == 0x7f)
			return perr(p, i + 1, "control byte 0x%02x: this is not a text trace", c);
		if (!comment)
			return perr(p, i + 1, "non-ASCII byte 0x%02x outside a comment", c);
		{
			size_t n = utf8_len(u + i, len - i);

			if (!n)
				return perr(p, i + 1, "invalid UTF-8 byte 0x%02x in a comment", c);
			i += n;
		}
	}

	p->ntok = 0;
	p->end_col = 1;
	for (size_t i = 0; i < content;) {
		size_t start;

		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		start = i;
		while (i < content && s[i] != ' ' && s[i] != '\t')
			i++;
		if (p->ntok == MAX_TOKS)
			return perr(p, start + 1, "too many words on one line (at most %d)", MAX_TOKS);
		p->toks[p->ntok++] = (struct tok){ s + start, i - start, start + 1 };
		p->end_col = i + 1;
	}
	return 0;
}

/* ---- argument helpers ---- */

static int missing(struct parser *p, const char *what)
{
	return perr(p, p->end_col, "%s: missing %s",
		    W(&p->toks[0]), what);
}

static int no_more_args(struct parser *p, int n)
{
	if (p->ntok > n)
		return perr(p, p->toks[n].col, "%s: unexpected argument '%s'",
			    W(&p->toks[0]), W(&p->toks[n]));
	return 0;
}

/* Positional argument @i (1-based word index), or an error naming @what. */
static const struct tok *arg(struct parser *p, int i, const char *what)
{
	if (i >= p->ntok) {
		missing(p, what);
		return NULL;
	}
	return &p->toks[i];
}

static int parse_zone(struct parser *p, const struct tok *tk, bool populated, uint8_t *out)
{
	int z = zone_lookup(tk->s, tk->len);

	if (z < 0)
		return perr(p, tk->col, "unknown zone '%s' (DMA, DMA32, Normal)", W(tk));
	if (populated && !p->zone_line[z])
		return perr(p, tk->col, "zone %s is not populated (no 'zone %s' line)",
			    zone_names[z], zone_names[z]);
	*out = (uint8_t)z;
	return 0;
}

static int parse_mt(struct parser *p, const struct tok *tk, uint8_t *out)
{
	int mt = migratetype_lookup(tk->s, tk->len);

	if (mt < 0)
		return perr(p, tk->col,
			    "unknown migratetype '%s' (Unmovable, Movable, Reclaimable, HighAtomic, CMA, Isolate)",
			    W(tk));
	*out = (uint8_t)mt;
	return 0;
}

/* A pfn inside the node: [0, node_end), or [0, node_end] for a range end. */
static int parse_pfn(struct parser *p, const struct tok *tk, const char *what,
		     bool range, int64_t *out)
{
	int64_t x = 0;

	if (parse_int(p, tk, what, &x))
		return -1;
	if (x < 0 || (uint64_t)x > p->node_end || (!range && (uint64_t)x == p->node_end))
		return perr(p, tk->col, "%s %s outside the node [0, %lu)", what, W(tk),
			    p->node_end);
	*out = x;
	return 0;
}

static int parse_order(struct parser *p, const struct tok *tk, uint8_t *out)
{
	unsigned int max = p->t->hdr.geom.max_order;
	int64_t x = 0;

	if (parse_int(p, tk, "order", &x))
		return -1;
	if (x < 0 || x >= max)
		return perr(p, tk->col, "order %s out of range [0, max_order-1 = %u]",
			    W(tk), max - 1);
	*out = (uint8_t)x;
	return 0;
}

static int parse_cpu(struct parser *p, const struct tok *tk, uint8_t *out)
{
	unsigned int n = p->t->hdr.geom.nr_cpus;
	int64_t x = 0;

	if (parse_int(p, tk, "cpu", &x))
		return -1;
	if (x < 0 || x >= n)
		return perr(p, tk->col, "cpu %s out of range: the node has %u cpu%s (0..%u)",
			    W(tk), n, n == 1 ? "" : "s", n - 1);
	*out = (uint8_t)x;
	return 0;
}

/* KEY=VALUE and flag arguments of alloc, free, free-begin, drain, unreserve. */
enum {
	K_CPU = 1 << 0,
	K_ORDER = 1 << 1,
	K_GFP = 1 << 2,
	K_LOOPS = 1 << 3,
	F_RT = 1 << 4,
	F_LRU = 1 << 5,
	F_FORCE = 1 << 6,
	F_REPORT = 1 << 7,
};

static const struct {
	const char *name;
	unsigned int bit;
	bool flag;		/* a bare word, not KEY=VALUE */
} opt_names[] = {
	{ "cpu", K_CPU, false },
	{ "order", K_ORDER, false },
	{ "gfp", K_GFP, false },
	{ "loops", K_LOOPS, false },
	{ "rt", F_RT, true },
	{ "lru", F_LRU, true },
	{ "force", F_FORCE, true },
	{ "report", F_REPORT, true },
};

static int parse_opts(struct parser *p, int first, unsigned int allowed, struct op *op)
{
	unsigned int seen = 0;

	op->cpu = 0;
	if (allowed & K_GFP)
		op->gfp = GFP_KERNEL;
	for (int i = first; i < p->ntok; i++) {
		const struct tok *tk = &p->toks[i];
		const char *eq = memchr(tk->s, '=', tk->len);
		size_t klen = eq ? (size_t)(eq - tk->s) : tk->len;
		unsigned int bit = 0;
		struct tok v = *tk;

		for (size_t j = 0; j < ARRAY_SIZE(opt_names); j++)
			if ((opt_names[j].bit & allowed) && !eq == opt_names[j].flag &&
			    strlen(opt_names[j].name) == klen &&
			    !memcmp(opt_names[j].name, tk->s, klen))
				bit = opt_names[j].bit;
		if (!bit) {
			char list[96] = "";

			for (size_t j = 0; j < ARRAY_SIZE(opt_names); j++)
				if (opt_names[j].bit & allowed)
					snprintf(list + strlen(list), sizeof(list) - strlen(list),
						 "%s%s%s", list[0] ? ", " : "",
						 opt_names[j].name, opt_names[j].flag ? "" : "=");
			return perr(p, tk->col, "%s: unexpected argument '%s' (%s%s)",
				    W(&p->toks[0]), W(tk), list[0] ? "allowed: " : "none allowed",
				    list);
		}
		if (seen & bit)
			return perr(p, tk->col, "%s: duplicate argument '%.*s'",
				    W(&p->toks[0]), (int)klen, tk->s);
		seen |= bit;
		if (eq)
			v = tok_value(tk, klen);
		switch (bit) {
		case K_CPU:
			if (parse_cpu(p, &v, &op->cpu))
				return -1;
			break;
		case K_ORDER:
			if (parse_order(p, &v, &op->order))
				return -1;
			break;
		case K_GFP:
			if (parse_gfp(p, &v, &op->gfp))
				return -1;
			break;
		case K_LOOPS:
			if (parse_num(p, &v, 0, 64, "loops", &op->a))
				return -1;
			break;
		case F_RT:
			op->flags |= OPF_RT;
			break;
		case F_LRU:
			op->flags |= OPF_LRU;
			break;
		case F_FORCE:
			op->flags |= OPF_FORCE;
			break;
		case F_REPORT:
			op->flags |= OPF_REPORT;
			break;
		}
	}
	return 0;
}

static int handle_word(struct parser *p, const struct tok **out)
{
	const struct tok *tk = arg(p, 1, "HANDLE");

	if (!tk)
		return -1;
	if (!is_ident(tk))
		return perr(p, tk->col,
			    "%s: expected a handle name ([A-Za-z_][A-Za-z0-9_]*), got '%s'",
			    W(&p->toks[0]), W(tk));
	*out = tk;
	return 0;
}

/* alloc, isolate-free and init-alloc: a new handle. */
static int define_handle(struct parser *p, struct op *op, struct handle_info **out)
{
	const struct tok *tk;
	struct handle_info *h;

	if (handle_word(p, &tk))
		return -1;
	h = handle_find(p, tk);
	if (h)
		return perr(p, tk->col, "handle '%s' already defined at line %" PRIu32,
			    W(tk), h->def_line);
	h = handle_add(p, tk);
	if (!h)
		return perr(p, tk->col, "out of memory");
	h->def_line = p->line;
	h->state = op->kind == OP_ALLOC_BEGIN ? H_FLIGHT : H_LIVE;
	op->handle = (uint32_t)(h - p->h);
	*out = h;
	return 0;
}

/* free, free-begin, free-commit: a live handle; alloc-step, alloc-end: one in flight. */
static int use_handle(struct parser *p, struct op *op)
{
	const struct tok *tk;
	struct handle_info *h;
	const char *opname = op_name((enum op_kind)op->kind);

	if (handle_word(p, &tk))
		return -1;
	h = handle_find(p, tk);
	if (!h)
		return perr(p, tk->col, "handle '%s' was never allocated (no alloc, alloc-begin, isolate-free or init-alloc defines it)",
			    W(tk));
	op->handle = (uint32_t)(h - p->h);
	if (h->state == H_FLIGHT && op->kind != OP_ALLOC_STEP && op->kind != OP_ALLOC_END)
		return perr(p, tk->col,
			    "handle '%s' is used before its request completes (alloc-begin at line %" PRIu32 " needs its alloc-end first)",
			    W(tk), h->def_line);
	switch ((enum op_kind)op->kind) {
	case OP_ALLOC_STEP:
	case OP_ALLOC_END:
		if (h->state != H_FLIGHT)
			return perr(p, tk->col,
				    "%s of handle '%s', which is not in flight (defined at line %" PRIu32 "): a request is in flight from its alloc-begin to its alloc-end",
				    opname, W(tk), h->def_line);
		if (op->kind == OP_ALLOC_END)
			h->state = H_LIVE;
		break;
	case OP_FREE:
	case OP_FREE_BEGIN:
		if (h->state == H_FREED)
			return perr(p, tk->col, "double free of handle '%s' (freed at line %" PRIu32 ")",
				    W(tk), h->end_line);
		if (h->state == H_FREEING)
			return perr(p, tk->col,
				    "double free of handle '%s' (free-begin at line %" PRIu32 " awaits its free-commit)",
				    W(tk), h->end_line);
		if (op->kind == OP_FREE_BEGIN && h->order == 0)
			return perr(p, tk->col,
				    "free-begin of order-0 handle '%s' (order-0 frees go through the pcp lists; use free)",
				    W(tk));
		h->state = op->kind == OP_FREE ? H_FREED : H_FREEING;
		h->end_line = p->line;
		break;
	case OP_FREE_COMMIT:
		if (h->state != H_FREEING)
			return perr(p, tk->col, "%s of handle '%s' without its free-begin%s",
				    opname, W(tk), h->state == H_FREED ? " (already freed)" : "");
		h->state = H_FREED;
		break;
	default:
		break;
	}
	return 0;
}

/* ---- header lines ---- */

static const char *const header_words[] = {
	"hatrace-trace", "geometry", "zone", "variant", "expect",
};

static bool is_header_word(const struct tok *tk)
{
	for (size_t i = 0; i < ARRAY_SIZE(header_words); i++)
		if (tok_is(tk, header_words[i]))
			return true;
	return false;
}

static int dup_line(struct parser *p, uint32_t first)
{
	return perr(p, p->toks[0].col, "duplicate '%s' line (first at line %" PRIu32 ")",
		    W(&p->toks[0]), first);
}

static int parse_version(struct parser *p)
{
	const struct tok *tk;
	int64_t v;

	if (p->version_line)
		return dup_line(p, p->version_line);
	if (!(tk = arg(p, 1, "version (hatrace-trace 1)")))
		return -1;
	if (parse_int(p, tk, "version", &v))
		return -1;
	if (v != 1)
		return perr(p, tk->col, "unsupported trace version %s (this hatrace reads version 1)",
			    W(tk));
	if (no_more_args(p, 2))
		return -1;
	p->version_line = p->line;
	return 0;
}

static int parse_geometry(struct parser *p)
{
	static const char *const keys[] = {
		"pageblock_order", "max_order", "cpus", "min_free_kbytes",
		"percpu_pagelist_fraction",
	};
	struct node_geometry *g = &p->t->hdr.geom;
	const struct tok *seen[ARRAY_SIZE(keys)] = { NULL };

	if (p->geometry_line)
		return dup_line(p, p->geometry_line);
	for (int i = 1; i < p->ntok; i++) {
		const struct tok *tk = &p->toks[i];
		const char *eq = memchr(tk->s, '=', tk->len);
		size_t klen = eq ? (size_t)(eq - tk->s) : tk->len;
		size_t k;
		struct tok v;
		uint64_t x = 0;

		for (k = 0; k < ARRAY_SIZE(keys); k++)
			if (strlen(keys[k]) == klen && !memcmp(keys[k], tk->s, klen))
				break;
		if (k == ARRAY_SIZE(keys) || !eq)
			return perr(p, tk->col,
				    "geometry: unexpected argument '%s' (pageblock_order=N max_order=N cpus=N [min_free_kbytes=N] [percpu_pagelist_fraction=N])",
				    W(tk));
		if (seen[k])
			return perr(p, tk->col, "geometry: duplicate field '%s'", keys[k]);
		seen[k] = tk;
		v = tok_value(tk, klen);
		switch (k) {
		case 0:
			if (parse_uint(p, &v, 1, HAT_MAX_ORDER_LIMIT - 1, keys[k], &x))
				return -1;
			g->pb_order = (unsigned int)x;
			break;
		case 1:
			if (parse_uint(p, &v, 2, HAT_MAX_ORDER_LIMIT, keys[k], &x))
				return -1;
			g->max_order = (unsigned int)x;
			break;
		case 2:
			if (parse_uint(p, &v, 1, HAT_MAX_CPUS, keys[k], &x))
				return -1;
			g->nr_cpus = (unsigned int)x;
			break;
		case 3:
			if (parse_uint(p, &v, 0, MIN_FREE_KBYTES_MAX, keys[k], &x))
				return -1;
			g->min_free_kbytes = (unsigned long)x;
			break;
		default:
			if (parse_uint(p, &v, 0, PCP_FRACTION_MAX, keys[k], &x))
				return -1;
			if (x && x < PCP_FRACTION_MIN)
				return perr(p, v.col,
					    "percpu_pagelist_fraction %" PRIu64 " out of range: 0 (default sizing) or [%d, %lu]",
					    x, PCP_FRACTION_MIN, PCP_FRACTION_MAX);
			g->percpu_pagelist_fraction = (unsigned long)x;
			break;
		}
	}
	if (g->pb_order > g->max_order - 1) {
		const struct tok *tk = seen[0] ? seen[0] : seen[1] ? seen[1] : &p->toks[0];

		return perr(p, tk->col, "pageblock_order %u must be below max_order %u",
			    g->pb_order, g->max_order);
	}
	p->geometry_line = p->line;
	return 0;
}

static int parse_zone_line(struct parser *p)
{
	struct node_geometry *g = &p->t->hdr.geom;
	const struct tok *tk;
	uint64_t start, end, reserved = 0;
	uint8_t z;

	if (!(tk = arg(p, 1, "NAME (DMA, DMA32 or Normal)")) || parse_zone(p, tk, false, &z))
		return -1;
	if (p->zone_line[z])
		return perr(p, tk->col, "duplicate zone %s (first at line %" PRIu32 ")",
			    zone_names[z], p->zone_line[z]);
	if (!(tk = arg(p, 2, "START")) ||
	    parse_uint(p, tk, 0, NODE_PAGES_MAX - 1, "START", &start))
		return -1;
	if (!(tk = arg(p, 3, "END")) || parse_uint(p, tk, 0, NODE_PAGES_MAX, "END", &end))
		return -1;
	if (end <= start)
		return perr(p, tk->col, "zone %s is empty: END %" PRIu64 " must be above START %" PRIu64,
			    zone_names[z], end, start);
	for (int o = 0; o < MAX_NR_ZONES; o++) {
		if (!p->zone_line[o])
			continue;
		if ((o < z && g->zone_end_pfn[o] > start) || (o > z && g->zone_start_pfn[o] < end))
			return perr(p, p->toks[2].col,
				    "zone %s [%" PRIu64 ", %" PRIu64 ") %s zone %s [%lu, %lu) (line %" PRIu32 "): zones must ascend DMA < DMA32 < Normal without overlap",
				    zone_names[z], start, end,
				    o < z ? "starts below the end of" : "ends above the start of",
				    zone_names[o], g->zone_start_pfn[o], g->zone_end_pfn[o],
				    p->zone_line[o]);
	}
	if (p->ntok > 4) {
		tk = &p->toks[4];
		if (tk->len < 9 || memcmp(tk->s, "reserved=", 9))
			return perr(p, tk->col, "zone: unexpected argument '%s' (only reserved=N)",
				    W(tk));
		struct tok v = tok_value(tk, 8);
		int64_t x = 0;

		if (parse_int(p, &v, "reserved", &x))
			return -1;
		if (x < 0 || (uint64_t)x > end - start)
			return perr(p, v.col,
				    "reserved %s out of range [0, %" PRIu64 "] (the zone's pages)",
				    W(&v), end - start);
		reserved = (uint64_t)x;
	}
	if (no_more_args(p, 5))
		return -1;
	g->zone_start_pfn[z] = (unsigned long)start;
	g->zone_end_pfn[z] = (unsigned long)end;
	g->reserved_pages[z] = (unsigned long)reserved;
	p->zone_line[z] = p->line;
	if (end > p->node_end)
		p->node_end = (unsigned long)end;
	return 0;
}

static int parse_variant_line(struct parser *p)
{
	const struct tok *tk;
	char name[HAT_VARIANT_NAME_MAX], why[256];

	if (p->variant_line)
		return dup_line(p, p->variant_line);
	if (!(tk = arg(p, 1, "NAME (e.g. v1, v4.10, v4.8+v1-2)")))
		return -1;
	if (tk->len >= sizeof(name))
		return perr(p, tk->col, "variant name too long");
	memcpy(name, tk->s, tk->len);
	name[tk->len] = 0;
	if (variant_parse(name, &p->t->hdr.variant, why, sizeof(why)))
		return perr(p, tk->col, "bad variant: %s", why);
	if (no_more_args(p, 2))
		return -1;
	p->t->hdr.has_variant = true;
	p->variant_line = p->line;
	return 0;
}

/* One patch name; exactly one patch, by the rules of variant_parse(). */
static int lookup_one_patch(const struct tok *tk)
{
	char name[80];
	struct hat_variant v;
	char why[256];

	if (!tk->len || tk->len > 40)
		return -1;
	snprintf(name, sizeof(name), "v4.8+%.*s", (int)tk->len, tk->s);
	if (variant_parse(name, &v, why, sizeof(why)) || !v.patches ||
	    (v.patches & (v.patches - 1)))
		return -1;
	for (int i = 0; i < NR_HAT_PATCHES; i++)
		if (v.patches == 1u << i)
			return i;
	return -1;
}

static int parse_expect(struct parser *p)
{
	struct expect_rule r = { 0, 0, 0 };
	bool colon = false, pass = false, any = false;

	if (p->t->hdr.nr_rules >= TRACE_MAX_RULES)
		return perr(p, p->toks[0].col, "too many expect rules (at most %d)",
			    TRACE_MAX_RULES);
	for (int i = 1; i < p->ntok; i++) {
		const struct tok *w = &p->toks[i];

		/* a ':' need not stand apart: split words at it */
		for (size_t off = 0; off < w->len;) {
			const char *c = memchr(w->s + off, ':', w->len - off);
			size_t len = c == w->s + off ? 1 : c ? (size_t)(c - w->s) - off : w->len - off;
			struct tok tk = { w->s + off, len, w->col + off };

			off += len;
			if (tok_is(&tk, ":")) {
				if (colon)
					return perr(p, tk.col, "expect: a second ':'");
				colon = true;
				continue;
			}
			if (!colon) {
				struct tok name = { tk.s + 1, tk.len - 1, tk.col + 1 };
				int pt;

				if (tk.s[0] != '+' && tk.s[0] != '-')
					return perr(p, tk.col,
						    "expect: expected +PATCH, -PATCH or ':', got '%s'",
						    W(&tk));
				pt = lookup_one_patch(&name);
				if (pt < 0)
					return perr(p, name.col,
						    "expect: unknown patch '%s' (v1-1..v1-4, 88ed365ea227, 4855e4a7f29d, 04c8716f7b00, 29fac03bef72, ac3f3b0a5518, or a prefix of 4+ hex digits)",
						    W(&name));
				if (tk.s[0] == '+')
					r.have |= (uint16_t)(1u << pt);
				else
					r.lack |= (uint16_t)(1u << pt);
				if (r.have & r.lack)
					return perr(p, tk.col,
						    "expect: patch %s both required (+) and excluded (-)",
						    patch_name((enum hat_patch)pt));
				continue;
			}
			if (tok_is(&tk, "pass")) {
				if (any)
					return perr(p, tk.col,
						    "expect: 'pass' cannot be combined with invariant names");
				pass = any = true;
				continue;
			}
			{
				int inv = inv_lookup(tk.s, tk.len);

				if (inv < 0) {
					char list[160] = "";

					for (int j = 0; j < NR_HAT_INV; j++)
						snprintf(list + strlen(list), sizeof(list) - strlen(list),
							 "%s%s", j ? " " : "", inv_name((enum hat_inv)j));
					return perr(p, tk.col,
						    "expect: unknown invariant '%s' (pass, or some of: %s)",
						    W(&tk), list);
				}
				if (pass)
					return perr(p, tk.col,
						    "expect: 'pass' cannot be combined with invariant names");
				r.fired |= 1u << inv;
				any = true;
			}
		}
	}
	if (!colon)
		return perr(p, p->end_col,
			    "expect: missing ':' (expect [+PATCH|-PATCH]... : pass|INVARIANT...)");
	if (!any)
		return perr(p, p->end_col,
			    "expect: missing verdict after ':' (pass, or invariant names such as I1 I4)");
	p->t->hdr.rules[p->t->hdr.nr_rules++] = r;
	return 0;
}

/* The header is complete (first op, or end of input). */
/* The header is complete: check it, and start the zones' managed pages. */
static int finish_header(struct parser *p)
{
	trace_managed_start(&p->t->hdr.geom, p->managed);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (p->zone_line[z])
			return 0;
	return perr(p, 1, "no zone: the header needs at least one 'zone NAME START END' line");
}

/* ---- ops ---- */

static int edit_distance(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b);
	int row[32];

	if (la >= 31 || lb >= 31)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];

		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

static int unknown_word(struct parser *p)
{
	const struct tok *tk = &p->toks[0];
	const char *best = NULL;
	int bestd = 3;

	for (int k = 0; k < NR_OP_KINDS; k++) {
		int d = edit_distance(tk->s, tk->len, op_name((enum op_kind)k));

		if (d < bestd) {
			bestd = d;
			best = op_name((enum op_kind)k);
		}
	}
	if (!p->first_op_line)
		for (size_t i = 0; i < ARRAY_SIZE(header_words); i++) {
			int d = edit_distance(tk->s, tk->len, header_words[i]);

			if (d < bestd) {
				bestd = d;
				best = header_words[i];
			}
		}
	if (best)
		return perr(p, tk->col, "unknown op%s '%s' (did you mean '%s'?)",
			    p->first_op_line ? "" : " or header line", W(tk), best);
	return perr(p, tk->col, "unknown op%s '%s'",
		    p->first_op_line ? "" : " or header line", W(tk));
}

static int parse_op(struct parser *p, enum op_kind kind)
{
	struct trace *t = p->t;
	const struct tok *tk;
	struct handle_info *h;
	struct op *op;
	int n = 1;		/* words used */

	if (t->nr_ops >= TRACE_MAX_OPS)
		return perr(p, p->toks[0].col, "too many ops (at most %u)", TRACE_MAX_OPS);
	op = trace_push(t);
	if (!op)
		return perr(p, p->toks[0].col, "out of memory");
	op->kind = (uint8_t)kind;
	op->line = p->line;

	switch (kind) {
	case OP_INIT_FREE:
		if (!(tk = arg(p, 1, "START")) ||
		    parse_pfn(p, tk, "START", true, &op->a))
			return -1;
		if (!(tk = arg(p, 2, "END")) || parse_pfn(p, tk, "END", true, &op->b))
			return -1;
		if (op->b < op->a)
			return perr(p, tk->col, "init-free: END %" PRId64 " below START %" PRId64,
				    op->b, op->a);
		n = 3;
		break;
	case OP_INIT_BUDDY:
		if (!(tk = arg(p, 1, "PFN")) || parse_pfn(p, tk, "pfn", false, &op->a) ||
		    !(tk = arg(p, 2, "ORDER")) || parse_order(p, tk, &op->order) ||
		    !(tk = arg(p, 3, "MT")) || parse_mt(p, tk, &op->mt))
			return -1;
		n = 4;
		break;
	case OP_INIT_BLOCK:
	case OP_UNISOLATE:
		if (!(tk = arg(p, 1, "PFN")) || parse_pfn(p, tk, "pfn", false, &op->a) ||
		    !(tk = arg(p, 2, "MT")) || parse_mt(p, tk, &op->mt))
			return -1;
		n = 3;
		break;
	case OP_INIT_COUNTER:
	case OP_RECLAIMABLE:
	case OP_NR_FREE_PAGES:
		if (!(tk = arg(p, 1, "ZONE")) || parse_zone(p, tk, true, &op->zone) ||
		    !(tk = arg(p, 2, "PAGES")) || parse_num(p, tk, 0, COUNT_MAX, "PAGES", &op->a))
			return -1;
		if (op->kind == OP_INIT_COUNTER && op->a % (1LL << p->t->hdr.geom.pb_order))
			return perr(p, tk->col,
				    "init-counter %s is not a multiple of pageblock_nr_pages (%lu): the kernel moves nr_reserved_highatomic by whole pageblocks",
				    W(tk), 1UL << p->t->hdr.geom.pb_order);
		n = 3;
		break;
	case OP_WATERMARKS:
		if (!(tk = arg(p, 1, "ZONE")) || parse_zone(p, tk, true, &op->zone) ||
		    !(tk = arg(p, 2, "MIN")) || parse_num(p, tk, 0, COUNT_MAX, "MIN", &op->a) ||
		    !(tk = arg(p, 3, "LOW")) || parse_num(p, tk, 0, COUNT_MAX, "LOW", &op->b) ||
		    !(tk = arg(p, 4, "HIGH")) || parse_num(p, tk, 0, COUNT_MAX, "HIGH", &op->c))
			return -1;
		n = 5;
		break;
	case OP_LOWMEM_RESERVE:
		if (!(tk = arg(p, 1, "ZONE")) || parse_zone(p, tk, true, &op->zone) ||
		    !(tk = arg(p, 2, "V0")) || parse_num(p, tk, 0, COUNT_MAX, "V0", &op->a) ||
		    !(tk = arg(p, 3, "V1")) || parse_num(p, tk, 0, COUNT_MAX, "V1", &op->b) ||
		    !(tk = arg(p, 4, "V2")) || parse_num(p, tk, 0, COUNT_MAX, "V2", &op->c))
			return -1;
		n = 5;
		break;
	case OP_MANAGED:
		if (!(tk = arg(p, 1, "ZONE")) || parse_zone(p, tk, true, &op->zone) ||
		    !(tk = arg(p, 2, "DELTA")) ||
		    parse_num(p, tk, -COUNT_MAX, COUNT_MAX, "DELTA", &op->a))
			return -1;
		if (op->a < -p->managed[op->zone])
			return perr(p, tk->col,
				    "DELTA %s takes zone %s's managed pages below 0: it manages %" PRId64 " here",
				    W(tk), zone_names[op->zone], p->managed[op->zone]);
		p->managed[op->zone] += op->a;
		n = 3;
		break;
	case OP_ALLOC:
	case OP_ALLOC_BEGIN:
		if (define_handle(p, op, &h) ||
		    parse_opts(p, 2, K_CPU | K_ORDER | K_GFP | F_RT | F_LRU | F_REPORT, op))
			return -1;
		h->order = op->order;
		n = p->ntok;
		break;
	case OP_FREE:
	case OP_FREE_BEGIN:
		if (use_handle(p, op) || parse_opts(p, 2, K_CPU, op))
			return -1;
		n = p->ntok;
		break;
	case OP_FREE_COMMIT:
	case OP_ALLOC_STEP:
	case OP_ALLOC_END:
		if (use_handle(p, op))
			return -1;
		n = 2;
		break;
	case OP_DRAIN:
		if (parse_opts(p, 1, K_CPU, op))
			return -1;
		n = p->ntok;
		break;
	case OP_UNRESERVE:
		if (parse_opts(p, 1, K_CPU | K_GFP | K_LOOPS | F_FORCE, op))
			return -1;
		n = p->ntok;
		break;
	case OP_PROGRESS:
		if (!(tk = arg(p, 1, "N or 'freed'")))
			return -1;
		if (tok_is(tk, "freed"))
			op->flags |= OPF_FREED;
		else if (parse_num(p, tk, 0, COUNT_MAX, "progress", &op->a))
			return -1;
		n = 2;
		break;
	case OP_SHRINK:
		if (!(tk = arg(p, 1, "N")) || parse_num(p, tk, 0, COUNT_MAX, "shrink", &op->a))
			return -1;
		n = 2;
		break;
	case OP_ISOLATE:
		if (!(tk = arg(p, 1, "PFN")) || parse_pfn(p, tk, "pfn", false, &op->a))
			return -1;
		n = 2;
		break;
	case OP_ISOLATE_FREE:
	case OP_INIT_ALLOC:
		if (define_handle(p, op, &h) ||
		    !(tk = arg(p, 2, "PFN")) || parse_pfn(p, tk, "pfn", false, &op->a) ||
		    !(tk = arg(p, 3, "ORDER")) || parse_order(p, tk, &op->order))
			return -1;
		h->order = op->order;
		n = 4;
		break;
	case OP_DRAIN_ALL:
	case OP_CHECK:
	case NR_OP_KINDS:
		break;
	}
	return no_more_args(p, n);
}

static int parse_line(struct parser *p)
{
	const struct tok *w = &p->toks[0];
	int kind;

	if (!p->version_line && !tok_is(w, "hatrace-trace"))
		return perr(p, w->col,
			    "missing header: a trace starts with the line 'hatrace-trace 1', not '%s'",
			    W(w));
	if (is_header_word(w)) {
		if (p->first_op_line)
			return perr(p, w->col,
				    "header line '%s' after the first op (line %" PRIu32 "): header lines come first",
				    W(w), p->first_op_line);
		if (tok_is(w, "hatrace-trace"))
			return parse_version(p);
		if (tok_is(w, "geometry"))
			return parse_geometry(p);
		if (tok_is(w, "zone"))
			return parse_zone_line(p);
		if (tok_is(w, "variant"))
			return parse_variant_line(p);
		return parse_expect(p);
	}
	kind = op_lookup(w->s, w->len);
	if (kind < 0)
		return unknown_word(p);
	if (!p->first_op_line) {
		if (finish_header(p))
			return -1;
		p->first_op_line = p->line;
	}
	return parse_op(p, (enum op_kind)kind);
}

static int parse_all(struct parser *p, const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len;
	char why[256];
	long bad;

	/* a UTF-8 byte order mark is tolerated */
	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t ll = (size_t)((nl ? nl : end) - s);

		if (p->line == UINT32_MAX)
			return perr(p, 1, "too many lines");
		p->line++;
		if (ll && s[ll - 1] == '\r')
			ll--;
		if (scan_line(p, s, ll))
			return -1;
		if (p->ntok && parse_line(p))
			return -1;
		s = nl ? nl + 1 : end;
	}

	/* end of input */
	if (!p->version_line) {
		p->line = 1;
		return perr(p, 1, "missing header: a trace starts with the line 'hatrace-trace 1'");
	}
	if (!p->first_op_line) {
		/* the position of the end of input */
		if (len && buf[len - 1] == '\n')
			p->line++;
		if (finish_header(p))
			return -1;
	}
	p->t->nr_handles = p->nh;

	bad = trace_validate(p->t, why, sizeof(why));
	if (bad >= 0) {
		p->line = bad < (long)p->t->nr_ops ? p->t->ops[bad].line : p->line;
		return perr(p, 1, "%s", why);
	}
	return 0;
}

int trace_parse_text(const char *buf, size_t len, const char *name,
		     struct trace *t, char *err, size_t errlen)
{
	struct parser p = {
		.name = name ? name : "<trace>",
		.t = t,
		.err = err,
		.errlen = err ? errlen : 0,
	};
	int ret;

	t->name = name;
	t->binary = false;
	ret = parse_all(&p, buf ? buf : "", buf ? len : 0);
	free(p.h);
	free(p.tab);
	if (ret) {
		trace_free(t);
		trace_init(t, name);
	}
	return ret;
}
