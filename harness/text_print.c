// SPDX-License-Identifier: MIT
/*
 * text_print.c - printing a trace as canonical text (text.h): the header
 * lines, then one op per line.
 */
#include "text_parser.h"

static void print_zone(FILE *f, unsigned int zone)
{
	if (zone < HAT_NR_ZONES)
		fputs(hat_zone_names[zone], f);
	else
		fprintf(f, "%u", zone);
}

static void print_mt(FILE *f, unsigned int mt)
{
	if (mt < HAT_NR_MT)
		fputs(hat_mt_names[mt], f);
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
	case OP_PCP_TRYLOCK:
		fprintf(f, " %s cpu=%u", op->flags & OPF_FAIL ? "fail" : "ok", op->cpu);
		break;
	case OP_SYSCTL:
		fprintf(f, " %s %" PRId64, op->a >= 0 && op->a < HAT_NR_SYSCTLS ?
			hat_sysctls[op->a].name : "?", op->b);
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
	const struct hat_geometry *g = &h->geom;

	fputs("hatrace-trace 1\n", f);
	fprintf(f, "geometry pageblock_order=%u max_order=%u cpus=%u",
		g->pb_order, g->max_order, g->nr_cpus);
	if (g->min_free_kbytes)
		fprintf(f, " min_free_kbytes=%lu", g->min_free_kbytes);
	if (g->percpu_pagelist_fraction)
		fprintf(f, " percpu_pagelist_fraction=%lu", g->percpu_pagelist_fraction);
	fputc('\n', f);
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		if (g->zone_end_pfn[z] <= g->zone_start_pfn[z])
			continue;
		fprintf(f, "zone %s %lu %lu", hat_zone_names[z], g->zone_start_pfn[z],
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
		for (unsigned int p = 0; p < 64; p++)
			if (r->have & (1ULL << p))
				fprintf(f, " +%s", era_patch_name(trace_era(h), p));
		for (unsigned int p = 0; p < 64; p++)
			if (r->lack & (1ULL << p))
				fprintf(f, " -%s", era_patch_name(trace_era(h), p));
		fputs(" :", f);
		if (!r->fired)
			fputs(" pass", f);
		for (int i2 = 0; i2 < NR_HAT_INV; i2++)
			if (r->fired & HAT_INV_BIT(i2))
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
