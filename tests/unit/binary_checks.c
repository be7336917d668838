// SPDX-License-Identifier: MIT
/*
 * binary_checks.c - checks of the binary encoding's tests: traces compared
 * field by field, and everything a decoded trace must be (valid, within
 * the limits, fuzz mode's rules, canonical).  A property that does not
 * hold is counted in failures (fail()); the tests assert that count.
 */
#include "binary_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- comparing traces ---- */

char diff[256];

bool op_eq(const struct op *a, const struct op *b, uint32_t i)
{
#define F(f) if (a->f != b->f) { \
		snprintf(diff, sizeof(diff), "op %u (%s): " #f " %lld != %lld", i, \
			 op_name((enum op_kind)a->kind), (long long)a->f, (long long)b->f); \
		return false; }
	F(kind) F(cpu) F(order) F(flags) F(zone) F(mt) F(handle) F(gfp) F(a) F(b) F(c)
#undef F
	return true;
}

bool trace_eq(const struct trace *a, const struct trace *b)
{
	const struct hat_geometry *ga = &a->hdr.geom, *gb = &b->hdr.geom;

#define H(f) if ((long long)(a->f) != (long long)(b->f)) { \
		snprintf(diff, sizeof(diff), #f " %lld != %lld", \
			 (long long)(a->f), (long long)(b->f)); \
		return false; }
	H(hdr.geom.pb_order) H(hdr.geom.max_order) H(hdr.geom.nr_cpus)
	H(hdr.geom.min_free_kbytes) H(hdr.geom.percpu_pagelist_fraction) H(hdr.geom.page_size_kb)
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (ga->zone_start_pfn[z] != gb->zone_start_pfn[z] ||
		    ga->zone_end_pfn[z] != gb->zone_end_pfn[z] ||
		    ga->reserved_pages[z] != gb->reserved_pages[z]) {
			snprintf(diff, sizeof(diff), "zone %d: [%lu, %lu) r %lu != [%lu, %lu) r %lu", z,
				 ga->zone_start_pfn[z], ga->zone_end_pfn[z], ga->reserved_pages[z],
				 gb->zone_start_pfn[z], gb->zone_end_pfn[z], gb->reserved_pages[z]);
			return false;
		}
	}
	H(hdr.has_variant) H(hdr.variant.patches) H(hdr.nr_rules)
	for (unsigned int i = 0; i < a->hdr.nr_rules; i++) {
		H(hdr.rules[i].have) H(hdr.rules[i].lack) H(hdr.rules[i].fired)
	}
	H(nr_handles) H(nr_ops)
#undef H
	for (uint32_t i = 0; i < a->nr_ops; i++)
		if (!op_eq(&a->ops[i], &b->ops[i], i))
			return false;
	return true;
}

bool geom_ok(const struct hat_geometry *g, const struct decode_limits *lim)
{
	unsigned long prev_end = 0;
	bool any = false;

	if (g->max_order < 2 || g->max_order > HAT_MAX_ORDER_LIMIT ||
	    g->pb_order < 1 || g->pb_order > g->max_order - 1 ||
	    g->nr_cpus < 1 || g->nr_cpus > lim->max_cpus || g->page_size_kb != 4 ||
	    g->min_free_kbytes > 0x7fffffffUL ||
	    (g->percpu_pagelist_fraction && (g->percpu_pagelist_fraction < 8 ||
					     g->percpu_pagelist_fraction > (1UL << 20))))
		return false;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long s = g->zone_start_pfn[i], e = g->zone_end_pfn[i];

		if (e <= s)
			continue;
		if (s < prev_end || e > lim->max_node_pages || g->reserved_pages[i] > e - s)
			return false;
		prev_end = e;
		any = true;
	}
	return any;
}

unsigned long node_end_of(const struct hat_geometry *g)
{
	unsigned long end = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (g->zone_end_pfn[z] > g->zone_start_pfn[z])
			end = g->zone_end_pfn[z];
	return end;
}

/* ---- properties ---- */

long failures;

void fail(const char *what, const char *ctx)
{
	if (++failures <= 10)
		fprintf(stderr, "FAIL: %s (%s): %s\n", what, ctx, diff);
}

/* One zone spans the whole pageblock at @start. */
static bool block_spanned(const struct hat_geometry *g, unsigned long start)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (g->zone_end_pfn[z] > g->zone_start_pfn[z] && start >= g->zone_start_pfn[z] &&
		    start + (1UL << g->pb_order) <= g->zone_end_pfn[z])
			return true;
	return false;
}

/*
 * What fuzz mode (dynamic_only) guarantees: the first op frees the whole
 * node, no other op sets state directly, unisolate restores Movable, a
 * zone's lowmem_reserve is against higher zones only, its watermarks are
 * min <= low <= high, and the pcp lists can hold pages.
 */
static bool check_dynamic(const struct trace *d, const struct decode_limits *lim,
			  const char *ctx)
{
	if (!d->hdr.geom.percpu_pagelist_fraction) {
		snprintf(diff, sizeof(diff), "percpu_pagelist_fraction 0");
		fail("fuzz mode: default pcp sizing", ctx);
		return false;
	}
	if (lim->max_ops && (!d->nr_ops || d->ops[0].kind != OP_INIT_FREE || d->ops[0].a != 0 ||
			     (unsigned long)d->ops[0].b != node_end_of(&d->hdr.geom))) {
		snprintf(diff, sizeof(diff), "%u ops", d->nr_ops);
		fail("fuzz mode: the first op is not init-free of the whole node", ctx);
		return false;
	}
	for (uint32_t i = 1; i < d->nr_ops; i++) {
		const struct op *op = &d->ops[i];
		bool bad;

		switch (op->kind) {
		case OP_INIT_FREE:
		case OP_INIT_BUDDY:
		case OP_INIT_BLOCK:
		case OP_INIT_COUNTER:
		case OP_INIT_ALLOC:
		case OP_NR_FREE_PAGES:
			bad = true;
			break;
		case OP_UNISOLATE:
		case OP_ISOLATE:
			bad = (op->kind == OP_UNISOLATE && op->mt != MIGRATE_MOVABLE) ||
			      (op->a & ((1L << d->hdr.geom.pb_order) - 1)) ||
			      d->hdr.geom.max_order - 1 > d->hdr.geom.pb_order ||
			      !block_spanned(&d->hdr.geom, (unsigned long)op->a);
			break;
		case OP_LOWMEM_RESERVE:
			bad = op->a || (op->zone >= ZONE_DMA32 && op->b) ||
			      (op->zone >= ZONE_NORMAL && op->c);
			break;
		case OP_WATERMARKS:
			bad = op->a > op->b || op->b > op->c;
			break;
		default:
			bad = false;
			break;
		}
		if (bad) {
			snprintf(diff, sizeof(diff), "op %u: %s", i, op_name((enum op_kind)op->kind));
			fail("fuzz mode: an op that sets state directly", ctx);
			return false;
		}
	}
	return true;
}

bool check_decoded(const uint8_t *buf, size_t len, const struct trace *d,
		   const struct decode_limits *lim, const char *ctx)
{
	char why[160];
	long bad = trace_validate(d, why, sizeof(why));
	struct trace d2;
	uint8_t *e1, *e2;
	size_t l1, l2;
	bool ok = true;

	if (bad >= 0) {
		snprintf(diff, sizeof(diff), "op %ld: %s", bad, why);
		fail("decoded trace invalid", ctx);
		return false;
	}
	if (!geom_ok(&d->hdr.geom, lim) || d->nr_ops > lim->max_ops || !d->binary) {
		snprintf(diff, sizeof(diff), "geometry or limits");
		fail("decoded trace outside the limits", ctx);
		return false;
	}
	if (lim->dynamic_only && !check_dynamic(d, lim, ctx))
		return false;
	for (uint32_t i = lim->dynamic_only; i < d->nr_ops; i++)
		if (d->ops[i].line >= len || buf[d->ops[i].line] % NR_OP_KINDS != d->ops[i].kind ||
		    (i > lim->dynamic_only && d->ops[i].line <= d->ops[i - 1].line)) {
			snprintf(diff, sizeof(diff), "op %u line %u", i, d->ops[i].line);
			fail("op->line is not the opcode offset", ctx);
			return false;
		}
	KT_REQUIRE(trace_encode_binary(d, &e1, &l1) == 0);
	KT_REQUIRE(trace_is_binary(e1, l1));
	KT_REQUIRE(trace_decode_binary(e1, l1, "d2", lim, &d2) == 0);
	if (!trace_eq(d, &d2)) {
		fail("decode(encode(decode(x))) != decode(x)", ctx);
		ok = false;
	}
	KT_REQUIRE(trace_encode_binary(&d2, &e2, &l2) == 0);
	if (l1 != l2 || memcmp(e1, e2, l1)) {
		snprintf(diff, sizeof(diff), "%zu vs %zu bytes", l1, l2);
		fail("encode(decode(encode(t))) != encode(t)", ctx);
		ok = false;
	}
	if (lim->dynamic_only) {
		/* a fuzzer's input, written canonically, replays the same as a file */
		struct trace f;
		char err[256];

		if (trace_read_binary(e1, l1, "file", &f, err, sizeof(err))) {
			snprintf(diff, sizeof(diff), "%.200s", err);
			fail("encode(decode_fuzz(x)) is not a whole file", ctx);
			ok = false;
		} else if (!trace_eq(d, &f)) {
			fail("decode_file(encode(decode_fuzz(x))) != decode_fuzz(x)", ctx);
			ok = false;
		}
		trace_free(&f);
	}
	free(e1);
	free(e2);
	trace_free(&d2);
	return ok;
}
