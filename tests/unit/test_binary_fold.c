// SPDX-License-Identifier: MIT
/*
 * test_binary_fold.c - how the binary decoder folds bytes into range
 * (harness/binary_header.c, binary_decode.c, binary_handles.c): the
 * rules of docs/binary-format.md byte by byte, exact remainders for every
 * divisor the header fixes, and selectors checked against a naive model.
 */
#include "binary_support.h"

#include <stdio.h>
#include <string.h>

/*
 * The header @base with byte @at set to @v, then @ops, decodes to @nwant
 * ops whose field a is @want.
 */
static void check_folded(const uint8_t *base, size_t nbase, size_t at, uint8_t v,
			 const uint8_t *ops, size_t nops, const int64_t *want, uint32_t nwant,
			 const char *ctx)
{
	uint8_t buf[256];
	struct trace d;

	KT_REQUIRE(nbase + nops <= sizeof(buf) && at < nbase);
	memcpy(buf, base, nbase);
	buf[at] = v;
	memcpy(buf + nbase, ops, nops);
	KT_REQUIRE(trace_decode_binary(buf, nbase + nops, ctx, &limits_small, &d) == 0);
	if (KT_EQ(d.nr_ops, nwant))
		for (uint32_t i = 0; i < nwant; i++)
			if (!KT_EQ(d.ops[i].a, want[i]))
				fprintf(stderr, "    %s: op %u\n", ctx, i);
	KT_ASSERT(check_decoded(buf, nbase + nops, &d, &limits_small, ctx));
	trace_free(&d);
}

/* Specific folding rules of docs/binary-format.md. */
static void test_folding(void)
{
	struct trace d;
	/* flags 0, orders 0 (max 2, pb 1), cpus 0 (1), zones empty, 0 rules */
	const uint8_t base[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t buf[64];
	size_t n = sizeof(base);

	/* no zone: the default Normal [0, 8 << pb) */
	KT_REQUIRE(trace_decode_binary(base, n, "f", &limits_small, &d) == 0);
	KT_EQ(d.hdr.geom.max_order, 2);
	KT_EQ(d.hdr.geom.pb_order, 1);
	KT_EQ(d.hdr.geom.nr_cpus, 1);
	KT_EQ(d.hdr.geom.zone_start_pfn[ZONE_NORMAL], 0);
	KT_EQ(d.hdr.geom.zone_end_pfn[ZONE_NORMAL], 16);
	trace_free(&d);

	/* orders 0xff: max 2 + 15 % 13 = 4, pb 1 + 15 % 3 = 1; cpus 9 % 4 + 1 */
	memcpy(buf, base, n);
	buf[1] = 0xff;
	buf[2] = 9;
	/* DMA: gap 5000 (past the fuzz limit: empty), DMA32: gap 3, len 9999, resv 99999 */
	{
		const uint8_t z[] = { 0x88, 0x27, 7, 7, 3, 0x8f, 0x4e, 0x9f, 0x8d, 0x06 };

		memcpy(buf + 3, z, sizeof(z));
		buf[13] = 0; buf[14] = 0; buf[15] = 0;	/* Normal: empty */
		buf[16] = 40;				/* 40 % 33 = 7 rules, all zero */
		n = 17;
	}
	KT_REQUIRE(trace_decode_binary(buf, n, "f", &limits_small, &d) == 0);
	KT_EQ(d.hdr.geom.max_order, 4);
	KT_EQ(d.hdr.geom.pb_order, 1);
	KT_EQ(d.hdr.geom.nr_cpus, 2);
	KT_EQ(d.hdr.geom.zone_end_pfn[ZONE_DMA], 0);
	KT_EQ(d.hdr.geom.zone_start_pfn[ZONE_DMA32], 3);
	KT_EQ(d.hdr.geom.zone_end_pfn[ZONE_DMA32], 4096);
	KT_EQ(d.hdr.geom.reserved_pages[ZONE_DMA32], 4093);
	KT_EQ(d.hdr.geom.zone_end_pfn[ZONE_NORMAL], 0);
	KT_EQ(d.hdr.nr_rules, 7);
	trace_free(&d);

	/* ops: handles by position, newest first; dropped ops; truncated varint */
	memcpy(buf, base, sizeof(base));
	n = sizeof(base);
	{
		const uint8_t ops[] = {
			OP_FREE_COMMIT, 5,		/* nothing pending: dropped */
			OP_FREE, 0, 0,			/* nothing live: dropped */
			OP_ALLOC, 0, 1, 0, 0,		/* h0 order 1 */
			OP_ALLOC, 0, 0, 0, 0,		/* h1 order 0 */
			OP_ALLOC + NR_OP_KINDS, 0, 1, 0, 0, /* h2 order 1 (opcode folded) */
			OP_FREE_BEGIN, 0, 0,		/* newest of order > 0: h2 */
			OP_FREE, 1, 0,			/* live {h0, h1}: 1 from newest: h0 */
			OP_FREE_BEGIN, 7, 0,		/* none of order > 0 live: dropped */
			OP_FREE_COMMIT, 3,		/* h2 */
			OP_PCP_TRYLOCK, 1, 1,		/* era 2's: dropped in era 1 */
			OP_SYSCTL, 0, 1,		/* era 2's: dropped in era 1 */
			OP_SHRINK, 0x85,		/* truncated varint: 5 */
		};

		memcpy(buf + n, ops, sizeof(ops));
		n += sizeof(ops);
	}
	KT_REQUIRE(trace_decode_binary(buf, n, "f", &limits_small, &d) == 0);
	KT_REQUIRE(d.nr_ops == 7);
	KT_EQ(d.nr_handles, 3);
	KT_EQ(d.ops[0].kind, OP_ALLOC);
	KT_EQ(d.ops[0].line, sizeof(base) + 5);
	KT_EQ(d.ops[2].kind, OP_ALLOC);
	KT_EQ(d.ops[2].handle, 2);
	KT_EQ(d.ops[3].kind, OP_FREE_BEGIN);
	KT_EQ(d.ops[3].handle, 2);
	KT_EQ(d.ops[4].kind, OP_FREE);
	KT_EQ(d.ops[4].handle, 0);
	KT_EQ(d.ops[5].kind, OP_FREE_COMMIT);
	KT_EQ(d.ops[5].handle, 2);
	KT_EQ(d.ops[6].kind, OP_SHRINK);
	KT_EQ(d.ops[6].a, 5);
	KT_ASSERT(check_decoded(buf, n, &d, &limits_small, "ops"));
	trace_free(&d);

	/* requests: in flight from alloc-begin to alloc-end, not live before */
	memcpy(buf, base, sizeof(base));
	n = sizeof(base);
	{
		const uint8_t ops[] = {
			OP_ALLOC_STEP, 0,		/* nothing in flight: dropped */
			OP_ALLOC_BEGIN, 0, 1, 0, 0,	/* h0 order 1, in flight */
			OP_FREE, 0, 0,			/* nothing live: dropped */
			OP_ALLOC_BEGIN, 0, 0, 0, 0,	/* h1 */
			OP_ALLOC_STEP, 1,		/* in flight {h0, h1}: h0 */
			OP_ALLOC_END, 2,		/* 2 % 2 from newest: h1 */
			OP_FREE_BEGIN, 0, 0,		/* live of order > 0: none */
			OP_ALLOC_END, 5,		/* h0 */
			OP_FREE_BEGIN, 0, 0,		/* h0 */
			OP_ALLOC_END, 0,		/* nothing in flight: dropped */
		};

		memcpy(buf + n, ops, sizeof(ops));
		n += sizeof(ops);
	}
	KT_REQUIRE(trace_decode_binary(buf, n, "f", &limits_small, &d) == 0);
	KT_REQUIRE(d.nr_ops == 6);
	KT_EQ(d.nr_handles, 2);
	KT_EQ(d.ops[0].order, 1);
	{
		static const uint8_t kinds[] = {
			OP_ALLOC_BEGIN, OP_ALLOC_BEGIN, OP_ALLOC_STEP, OP_ALLOC_END, OP_ALLOC_END,
			OP_FREE_BEGIN,
		};
		static const uint32_t handles[] = { 0, 1, 0, 1, 0, 0 };

		for (uint32_t i = 0; i < 6; i++)
			if (!KT_EQ(d.ops[i].kind, kinds[i]) || !KT_EQ(d.ops[i].handle, handles[i]))
				fprintf(stderr, "    requests: op %u\n", i);
	}
	KT_ASSERT(check_decoded(buf, n, &d, &limits_small, "requests"));
	trace_free(&d);

	/* field folding: pfn % node_end, order % max_order, loops % 65, clamps */
	memcpy(buf, base, sizeof(base));
	buf[3 + 6 + 1] = 100;		/* Normal: gap 0, len 100 */
	n = sizeof(base);
	{
		const uint8_t ops[] = {
			OP_INIT_BUDDY, 0xe9, 0x07, 3, 13,	/* pfn 1001 % 100, order 3 % 2, mt 13 % 6 */
			OP_UNRESERVE, 0, 0xff, 0x7f, 0xff, 0x01, 66,	/* gfp, flags 0xff & FORCE, 66 % 65 */
			OP_MANAGED, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
			OP_INIT_FREE, 90, 50,			/* [90, 90 + 50 % 11) */
			OP_SHRINK, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1,
		};

		memcpy(buf + n, ops, sizeof(ops));
		n += sizeof(ops);
	}
	KT_REQUIRE(trace_decode_binary(buf, n, "f", &limits_small, &d) == 0);
	KT_REQUIRE(d.nr_ops >= 5);
	KT_EQ(d.ops[0].a, 1);
	KT_EQ(d.ops[0].order, 1);
	KT_EQ(d.ops[0].mt, 1);
	KT_EQ(d.ops[1].gfp, 0x3fff);
	KT_EQ(d.ops[1].flags, OPF_FORCE);
	KT_EQ(d.ops[1].a, 1);
	KT_EQ(d.ops[2].zone, ZONE_NORMAL);	/* the only populated zone */
	KT_EQ(d.ops[2].a, -100);		/* -2^63, clamped: Normal manages 100 */
	KT_EQ(d.ops[3].a, 90);
	KT_EQ(d.ops[3].b, 96);
	KT_EQ(d.ops[4].a, 1LL << 40);		/* 10-byte varint, clamped */
	KT_EQ(d.ops[5].kind, 0xff % NR_OP_KINDS);	/* the 11th 0xff starts an op */
	KT_ASSERT(check_decoded(buf, n, &d, &limits_small, "fold"));
	trace_free(&d);

	/* init-counter: rounded down to whole pageblocks (8 pages here) */
	{
		static const uint8_t ops[] = {
			OP_INIT_COUNTER, 0, 13,
			OP_INIT_COUNTER, 0, 7,
			OP_INIT_COUNTER, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1,
		};
		static const int64_t want[] = { 8, 0, 1LL << 40 };

		/* orders 0x23: max_order 5, pageblock_order 3 */
		check_folded(base, sizeof(base), 1, 0x23, ops, sizeof(ops), want, 3, "init-counter");
	}
	/* managed: clamped to [-2^40, 2^40], and never below 0 pages */
	{
		static const uint8_t ops[] = {
			OP_MANAGED, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
			OP_MANAGED, 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
			OP_MANAGED, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
			OP_MANAGED, 0, 1,	/* -1: nothing left */
			OP_MANAGED, 0, 6,	/* +3 */
			OP_MANAGED, 0, 9,	/* -5: 3 left */
		};
		static const int64_t want[] = { -100, 1LL << 40, -(1LL << 40), 0, 3, -3 };

		/* Normal: gap 0, len 100 */
		check_folded(base, sizeof(base), 3 + 6 + 1, 100, ops, sizeof(ops), want, 6, "managed");
	}

	/* max_ops: the rest of the input is ignored */
	{
		static uint8_t big[8192];
		struct decode_limits lim = { 4096, 4, 10, false };

		memset(big, OP_CHECK, sizeof(big));
		memcpy(big, base, sizeof(base));
		KT_REQUIRE(trace_decode_binary(big, sizeof(big), "f", &lim, &d) == 0);
		KT_EQ(d.nr_ops, 10);
		trace_free(&d);
		KT_REQUIRE(trace_decode_binary(big, sizeof(big), "f", &limits_small, &d) == 0);
		KT_EQ(d.nr_ops, 4096);
		trace_free(&d);
	}
}

static size_t put_varint(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* Folding is the exact remainder, for every divisor the header fixes. */
static void test_modulo(void)
{
	static uint8_t buf[1 << 16];
	uint64_t want[2000][3];
	long bad = 0;

	for (int round = 0; round < 300; round++) {
		unsigned int max_order = 2 + (unsigned int)below(13);
		unsigned int cpus = 1 + (unsigned int)below(64);
		unsigned long end = 1 + (unsigned long)pick((1UL << 23) - 1);
		unsigned int nops = (unsigned int)below(2000);
		struct trace d;
		size_t n = 0;

		buf[n++] = 0;				/* flags */
		buf[n++] = (uint8_t)(max_order - 2);	/* pageblock_order 1 */
		n += put_varint(buf + n, cpus - 1 + 64 * below(1000));
		for (int z = 0; z < 2; z++)
			buf[n++] = 0, buf[n++] = 0, buf[n++] = 0;
		buf[n++] = 0;
		n += put_varint(buf + n, end);
		buf[n++] = 0;
		buf[n++] = 0;				/* no rules */
		for (unsigned int i = 0; i < nops; i++) {
			uint64_t v[3];

			for (int f = 0; f < 3; f++)
				v[f] = below(4) ? rnd() >> (below(64)) : rnd() & 0xffffffffu;
			if (i & 1) {
				buf[n++] = OP_ISOLATE;
				n += put_varint(buf + n, v[0]);
				want[i][0] = v[0] % end;
			} else {
				buf[n++] = OP_ALLOC;
				n += put_varint(buf + n, v[1]);
				n += put_varint(buf + n, v[2]);
				buf[n++] = 0;
				buf[n++] = 0;
				want[i][1] = v[1] % cpus;
				want[i][2] = v[2] % max_order;
			}
		}
		KT_REQUIRE(trace_decode_binary(buf, n, "mod", &decode_limits_file, &d) == 0);
		KT_REQUIRE(d.nr_ops == nops && d.hdr.geom.nr_cpus == cpus &&
			   d.hdr.geom.max_order == max_order &&
			   d.hdr.geom.zone_end_pfn[ZONE_NORMAL] == end);
		for (unsigned int i = 0; i < nops; i++) {
			const struct op *op = &d.ops[i];

			if (i & 1)
				bad += (uint64_t)op->a != want[i][0];
			else
				bad += op->cpu != want[i][1] || op->order != want[i][2];
		}
		trace_free(&d);
	}
	KT_EQ(bad, 0);
	/* a NULL buffer is the empty input */
	{
		struct trace d;

		KT_REQUIRE(trace_decode_binary(NULL, 0, "null", &limits_small, &d) == 0);
		KT_EQ(d.nr_ops, 0);
		KT_ASSERT(geom_ok(&d.hdr.geom, &limits_small));
		trace_free(&d);
	}
}

/* Selectors pick the (k mod n)-th newest candidate (checked naively). */
static void test_selectors(void)
{
	static uint8_t buf[1 << 20];
	static uint32_t want[1 << 17];
	/* 1 live, 2 freeing, 3 freed, 4 in flight */
	static uint8_t state[1 << 17], order[1 << 17];
	long bad = 0;

	for (int round = 0; round < 20; round++) {
		uint32_t nh = 0, nops = 0, cand[1 << 15];
		struct trace d;
		size_t n = 0;

		buf[n++] = 0;
		buf[n++] = 0xa; /* max_order 12, pageblock_order 1 */
		buf[n++] = 0;
		for (int z = 0; z < 3; z++)
			buf[n++] = 0, buf[n++] = 0, buf[n++] = 0;
		buf[n++] = 0;
		while (nops < 30000) {
			static const uint8_t kinds[] = {
				OP_ALLOC, OP_ALLOC, OP_ALLOC, OP_FREE, OP_FREE_BEGIN,
				OP_FREE_BEGIN, OP_FREE_COMMIT, OP_FREE_COMMIT,
				OP_ALLOC_BEGIN, OP_ALLOC_STEP, OP_ALLOC_END,
			};
			enum op_kind kind = kinds[below(round & 1 ? 4 : sizeof(kinds))];
			uint64_t sel = below(3) ? below(4) : rnd() >> below(64);
			uint32_t c = 0;

			buf[n++] = (uint8_t)kind;
			if (op_defines_handle(kind)) {
				order[nh] = (uint8_t)below(3);
				buf[n++] = 0;
				buf[n++] = order[nh];
				buf[n++] = 0;
				buf[n++] = 0;
				state[nh] = kind == OP_ALLOC ? 1 : 4;
				want[nops++] = nh++;
				continue;
			}
			n += put_varint(buf + n, sel);
			if (op_has_cpu(kind))
				buf[n++] = 0;
			for (uint32_t x = nh; x-- > 0 && c < (1 << 15);)	/* newest first */
				if ((kind == OP_FREE && state[x] == 1) ||
				    (kind == OP_FREE_BEGIN && state[x] == 1 && order[x]) ||
				    (kind == OP_FREE_COMMIT && state[x] == 2) ||
				    ((kind == OP_ALLOC_STEP || kind == OP_ALLOC_END) &&
				     state[x] == 4))
					cand[c++] = x;
			if (!c)
				continue;	/* dropped */
			want[nops] = cand[sel % c];
			if (kind != OP_ALLOC_STEP)
				state[want[nops]] = kind == OP_FREE_BEGIN ? 2 :
						    kind == OP_ALLOC_END ? 1 : 3;
			nops++;
		}
		KT_REQUIRE(trace_decode_binary(buf, n, "sel", &decode_limits_file, &d) == 0);
		KT_REQUIRE(d.nr_ops == nops);
		for (uint32_t i = 0; i < nops; i++)
			bad += d.ops[i].handle != want[i];
		KT_ASSERT(check_decoded(buf, n, &d, &decode_limits_file, "selectors"));
		trace_free(&d);
	}
	KT_EQ(bad, 0);
}

int main(void)
{
	test_folding();
	test_modulo();
	test_selectors();
	KT_MAIN_END();
}
