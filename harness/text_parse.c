// SPDX-License-Identifier: MIT
/*
 * text_parse.c - parsing a text trace (text.h): the ops, one line at a
 * time, and the whole text.  The grammar is documented in
 * docs/trace-format.md; the text_*.c files of the parser are its reference.
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
#include "text_parser.h"

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
	if (op_era(kind) > trace_era(&t->hdr))
		return perr(p, p->toks[0].col,
			    "'%s' is an op of era %u (v6.1 and later): this trace's variant is of era %u",
			    op_name(kind), op_era(kind), trace_era(&t->hdr));
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
				    W(tk), hat_zone_names[op->zone], p->managed[op->zone]);
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
	case OP_PCP_TRYLOCK:
		if (!(tk = arg(p, 1, "'fail' or 'ok'")))
			return -1;
		if (tok_is(tk, "fail"))
			op->flags |= OPF_FAIL;
		else if (!tok_is(tk, "ok"))
			return perr(p, tk->col, "pcp-trylock: '%s' is neither 'fail' nor 'ok'",
				    W(tk));
		if (parse_opts(p, 2, K_CPU, op))
			return -1;
		n = p->ntok;
		break;
	case OP_SYSCTL:
		if (!(tk = arg(p, 1, "NAME")) || parse_sysctl(p, tk, &op->a) ||
		    !(tk = arg(p, 2, "VALUE")) ||
		    parse_num(p, tk, 0, hat_sysctls[op->a].max, hat_sysctls[op->a].name, &op->b))
			return -1;
		n = 3;
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
