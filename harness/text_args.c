// SPDX-License-Identifier: MIT
/*
 * text_args.c - an op's arguments (text_parser.h): gfp masks, zones,
 * migratetypes, pfns, orders, cpus, KEY=VALUE options, and the handles
 * (defined by one op, used by later ones) with their states.
 */
#include "text_parser.h"

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

/* ---- argument helpers ---- */

static int missing(struct parser *p, const char *what)
{
	return perr(p, p->end_col, "%s: missing %s",
		    W(&p->toks[0]), what);
}

int no_more_args(struct parser *p, int n)
{
	if (p->ntok > n)
		return perr(p, p->toks[n].col, "%s: unexpected argument '%s'",
			    W(&p->toks[0]), W(&p->toks[n]));
	return 0;
}

/* Positional argument @i (1-based word index), or an error naming @what. */
const struct tok *arg(struct parser *p, int i, const char *what)
{
	if (i >= p->ntok) {
		missing(p, what);
		return NULL;
	}
	return &p->toks[i];
}

int parse_zone(struct parser *p, const struct tok *tk, bool populated, uint8_t *out)
{
	int z = zone_lookup(tk->s, tk->len);

	if (z < 0)
		return perr(p, tk->col, "unknown zone '%s' (DMA, DMA32, Normal)", W(tk));
	if (populated && !p->zone_line[z])
		return perr(p, tk->col, "zone %s is not populated (no 'zone %s' line)",
			    hat_zone_names[z], hat_zone_names[z]);
	*out = (uint8_t)z;
	return 0;
}

int parse_mt(struct parser *p, const struct tok *tk, uint8_t *out)
{
	int mt = migratetype_lookup(tk->s, tk->len);

	if (mt < 0)
		return perr(p, tk->col,
			    "unknown migratetype '%s' (Unmovable, Movable, Reclaimable, HighAtomic, CMA, Isolate)",
			    W(tk));
	*out = (uint8_t)mt;
	return 0;
}

/* A knob of `sysctl` by its name (hat_sysctls[]). */
int parse_sysctl(struct parser *p, const struct tok *tk, int64_t *out)
{
	for (int k = 0; k < HAT_NR_SYSCTLS; k++)
		if (tok_is(tk, hat_sysctls[k].name)) {
			*out = k;
			return 0;
		}
	return perr(p, tk->col,
		    "unknown sysctl '%s' (defrag_mode, watermark_boost_factor, "
		    "hatrace.claim_scan_guard, percpu_pagelist_high_fraction)", W(tk));
}

/* A pfn inside the node: [0, node_end), or [0, node_end] for a range end. */
int parse_pfn(struct parser *p, const struct tok *tk, const char *what,
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

int parse_order(struct parser *p, const struct tok *tk, uint8_t *out)
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

int parse_opts(struct parser *p, int first, unsigned int allowed, struct op *op)
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
int define_handle(struct parser *p, struct op *op, struct handle_info **out)
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
int use_handle(struct parser *p, struct op *op)
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
