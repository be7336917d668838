// SPDX-License-Identifier: MIT
/*
 * text_header.c - the header lines of a text trace (text_parser.h):
 * version, geometry, zones, variant and expect, and the check that the
 * header is complete.
 */
#include "text_parser.h"

/* ---- header lines ---- */

const char *const header_words[] = {
	"hatrace-trace", "geometry", "zone", "variant", "expect",
};

bool is_header_word(const struct tok *tk)
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

int parse_version(struct parser *p)
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

int parse_geometry(struct parser *p)
{
	static const char *const keys[] = {
		"pageblock_order", "max_order", "cpus", "min_free_kbytes",
		"percpu_pagelist_fraction",
	};
	struct hat_geometry *g = &p->t->hdr.geom;
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

int parse_zone_line(struct parser *p)
{
	struct hat_geometry *g = &p->t->hdr.geom;
	const struct tok *tk;
	uint64_t start, end, reserved = 0;
	uint8_t z;

	if (!(tk = arg(p, 1, "NAME (DMA, DMA32 or Normal)")) || parse_zone(p, tk, false, &z))
		return -1;
	if (p->zone_line[z])
		return perr(p, tk->col, "duplicate zone %s (first at line %" PRIu32 ")",
			    hat_zone_names[z], p->zone_line[z]);
	if (!(tk = arg(p, 2, "START")) ||
	    parse_uint(p, tk, 0, NODE_PAGES_MAX - 1, "START", &start))
		return -1;
	if (!(tk = arg(p, 3, "END")) || parse_uint(p, tk, 0, NODE_PAGES_MAX, "END", &end))
		return -1;
	if (end <= start)
		return perr(p, tk->col, "zone %s is empty: END %" PRIu64 " must be above START %" PRIu64,
			    hat_zone_names[z], end, start);
	for (int o = 0; o < HAT_NR_ZONES; o++) {
		if (!p->zone_line[o])
			continue;
		if ((o < z && g->zone_end_pfn[o] > start) || (o > z && g->zone_start_pfn[o] < end))
			return perr(p, p->toks[2].col,
				    "zone %s [%" PRIu64 ", %" PRIu64 ") %s zone %s [%lu, %lu) (line %" PRIu32 "): zones must ascend DMA < DMA32 < Normal without overlap",
				    hat_zone_names[z], start, end,
				    o < z ? "starts below the end of" : "ends above the start of",
				    hat_zone_names[o], g->zone_start_pfn[o], g->zone_end_pfn[o],
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

int parse_variant_line(struct parser *p)
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
	if (p->t->hdr.nr_rules && variant_era(&p->t->hdr.variant) != HAT_ERA_DEFAULT)
		return perr(p, tk->col,
			    "variant: a variant of era %u must come before the expect rules (their patches are its era's)",
			    variant_era(&p->t->hdr.variant));
	p->t->hdr.has_variant = true;
	p->variant_line = p->line;
	return 0;
}

int parse_expect(struct parser *p)
{
	struct expect_rule r = { 0, 0, 0 };
	uint8_t era = trace_era(&p->t->hdr);
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
				pt = era_patch_lookup(era, name.s, name.len);
				if (pt < 0)
					return perr(p, name.col,
						    "expect: unknown patch '%s' (%s, or a prefix of 4+ hex digits)",
						    W(&name), era_names(era)->help);
				if (tk.s[0] == '+')
					r.have |= 1ULL << pt;
				else
					r.lack |= 1ULL << pt;
				if (r.have & r.lack)
					return perr(p, tk.col,
						    "expect: patch %s both required (+) and excluded (-)",
						    era_patch_name(era, (unsigned int)pt));
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
				r.fired |= HAT_INV_BIT(inv);
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

/*
 * The header is complete (first op, or end of input): check it, and start
 * the zones' managed pages.
 */
int finish_header(struct parser *p)
{
	trace_managed_start(&p->t->hdr.geom, p->managed);
	for (int z = 0; z < HAT_NR_ZONES; z++)
		if (p->zone_line[z])
			return 0;
	return perr(p, 1, "no zone: the header needs at least one 'zone NAME START END' line");
}
