// SPDX-License-Identifier: MIT
/*
 * oom_build.c - `hatrace import oom` (oom.h): oom_build() rebuilds the
 * zones of a parsed report (oom_parse.c) into a trace that replays its
 * failing request; oom_import() does both.  The reconstruction rules are
 * documented in docs/oom-reports.md; placement is in oom_place.c, the
 * gfp decoding in oom_gfp.c, here:
 *
 *   - counter:          zone_counter()
 *   - reclaim model:    zone_reclaimable()
 *
 * The result is checked by replaying its set state (check_rebuilt()).
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "oom_int.h"
#include "model.h"
#include "text.h"

void oom_options_default(struct oom_options *o)
{
	memset(o, 0, sizeof(*o));
	o->reserved_highatomic = -1;
	o->zone = -1;
}

/*
 * The kernel's zone of lowmem_reserve[] entry i, as an index of
 * oom_report_zone_names[].  With 4 or more entries, the x86-64 order DMA,
 * DMA32, Normal, Movable (, Device); with fewer, the report's zones of the
 * model in order, then Movable and Device (e.g. an arm64 node with Normal
 * only prints "lowmem_reserve[]: 0 32").  -1 past those.
 */
static int lowmem_entry_kzone(const struct oom_report *r, const struct oom_zone *zz, unsigned int i)
{
	unsigned int k = 0;

	if (zz->nr_lowmem >= 4)
		return i < HAT_NR_ZONES ? (int)i : i < HAT_NR_ZONES + 2 ? (int)i + 1 : -1;
	for (int z = 0; z < HAT_NR_ZONES; z++) {
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

	return kz < HAT_NR_ZONES ? kz : -1;
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

	for (int z = 0; z < HAT_NR_ZONES; z++) {
		const struct oom_zone *zz = &r->zones[z];

		if (!zz->line)
			continue;
		for (unsigned int o = 0; o < zz->nr_orders; o++)
			if (zz->letters[o] & (1u << HAT_MT_HIGHATOMIC))
				best = z;
	}
	if (best < 0)
		for (int z = 0; z < HAT_NR_ZONES; z++)
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

	zb->hblocks = zb->nclaimed[HAT_MT_HIGHATOMIC];
	if (o->reserved_highatomic >= 0 && zb->zone == counter_zone) {
		want = o->reserved_highatomic;
		zb->counter_from_option = true;
	} else if (zz->reserved_highatomic_kb >= 0) {
		want = zz->reserved_highatomic_kb / 4;
		if (zz->reserved_highatomic_kb % 4 || want % (long long)zb->pb)
			return oom_fail(err, errlen, r->name, zz->line,
					"zone %s: reserved_highatomic:%lldKB is not a whole number of %lu-page pageblocks: wrong --pageblock-order?",
					hat_zone_names[zb->zone], zz->reserved_highatomic_kb, zb->pb);
		zb->counter_from_report = true;
		/* a reserve without the free pages to show for it: H blocks, all allocated */
		while ((unsigned long long)want > zb->pb * zb->hblocks) {
			unsigned long blk;

			for (blk = zb->unclaimed; blk < zb->lb && zb->claim[blk] >= 0; blk++)
				;
			if (blk >= zb->lb) {
				oom_note(r, zz->line, "zone %s: no block left for the reserve's %llu H blocks: the counter starts drifted",
					 hat_zone_names[zb->zone], (unsigned long long)want / zb->pb);
				break;
			}
			if (oom_claim_block(zb, blk, HAT_MT_HIGHATOMIC))
				return oom_fail(err, errlen, r->name, 0, "out of memory");
			zb->hblocks++;
			zb->empty_hblocks++;
		}
	}
	zb->counter = want >= 0 ? (unsigned long)want : zb->pb * zb->hblocks;
	if (zb->counter != zb->pb * zb->hblocks && !zb->counter_from_option)
		oom_note(r, zz->line, "zone %s: %lu HighAtomic blocks rebuilt, counter %lu pages: the counter starts drifted by %ld",
			 hat_zone_names[zb->zone], zb->hblocks, zb->counter,
			 (long)zb->counter - (long)(zb->pb * zb->hblocks));
	return 0;
}

/* ---- output ---- */

static void letters_of(unsigned int set, char *buf)
{
	int k = 0;

	for (int mt = 0; mt < HAT_NR_MT; mt++)
		if (set & (1u << mt))
			buf[k++] = oom_type_letters[mt];
	buf[k] = '\0';
}

/* The per-order line as show_zone_free_areas() prints it. */
static void expected_orders(FILE *f, int zone, const struct oom_zone *zz, unsigned int max_order)
{
	char l[HAT_NR_MT + 1];

	fprintf(f, "%s: ", hat_zone_names[zone]);
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
		return oom_fail(err, errlen, r->name, 0, "internal error: the trace does not parse: %s", perr);
	init = t;
	init.nr_ops = n_init;
	exec_opts_default(&o, &init);
	variant_parse("v4.8", &o.variant, NULL, 0);
	o.keep_going = true;
	if (trace_exec(&init, &o, &res) == 2) {
		oom_fail(err, errlen, r->name, 0, "internal error: replay: %s", res.err);
		goto out;
	}
	if (res.fired) {
		char v[256];

		format_violation(&res.recorded[0].v, v, sizeof(v));
		oom_fail(err, errlen, r->name, 0, "internal error: the rebuilt state violates an invariant: %s", v);
		goto out;
	}
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		const struct zbuild *zb = &zbs[z];
		struct hat_zone_snapshot zs;
		char *want = NULL, *got = NULL;
		size_t wl = 0, gl = 0;
		FILE *fw, *fg;
		bool same;

		if (!r->zones[z].line)
			continue;
		hat_active->zone_snapshot(z, &zs);
		fw = open_memstream(&want, &wl);
		fg = open_memstream(&got, &gl);
		if (!fw || !fg) {
			if (fw)
				fclose(fw);
			if (fg)
				fclose(fg);
			free(want);
			free(got);
			oom_fail(err, errlen, r->name, 0, "out of memory");
			goto out;
		}
		expected_orders(fw, z, &r->zones[z], hat_geom.max_order);
		hat_active->show_zone_free_areas(fg, z);
		fclose(fw);
		fclose(fg);
		same = !strcmp(want, got);
		if (!same)
			oom_fail(err, errlen, r->name, r->zones[z].orders_line,
				 "internal error: zone %s rebuilt as\n  %s  instead of\n  %s", hat_zone_names[z],
				 got, want);
		free(want);
		free(got);
		if (!same)
			goto out;
		if ((long long)zs.nr_free_pages != r->zones[z].free_kb / 4) {
			oom_fail(err, errlen, r->name, 0,
				 "internal error: zone %s rebuilt with NR_FREE_PAGES %lu instead of free: %lld",
				 hat_zone_names[z], zs.nr_free_pages, r->zones[z].free_kb / 4);
			goto out;
		}
		if (zs.nr_reserved_highatomic != zb->counter ||
		    zs.blocks[HAT_MT_HIGHATOMIC] != zb->hblocks) {
			oom_fail(err, errlen, r->name, 0,
				 "internal error: zone %s rebuilt with counter %lu and %lu H blocks instead of %lu and %lu",
				 hat_zone_names[z], zs.nr_reserved_highatomic,
				 zs.blocks[HAT_MT_HIGHATOMIC], zb->counter,
				 zb->hblocks);
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

	for (int mt = 0; mt < HAT_NR_MT; mt++)
		if (mt != HAT_MT_ISOLATE)
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
		      const struct hat_geometry *g, int z, int counter_zone,
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
		return oom_fail(err, errlen, r->name, 0, "out of memory");
	memset(zb->claim, -1, zb->nblocks + 1);
	oom_distribute(zb, zz);
	if (oom_place_buddies(zb, r->name, zz->orders_line, err, errlen) ||
	    zone_counter(r, o, zb, counter_zone, err, errlen))
		return -1;
	if (zz->free_highatomic_kb >= 0 &&
	    (unsigned long long)zz->free_highatomic_kb != 4ULL * zb->free_pages[HAT_MT_HIGHATOMIC])
		oom_note(r, zz->line,
			 "zone %s: free_highatomic:%lldKB, but the letter rule put %lukB on HighAtomic lists",
			 hat_zone_names[z], zz->free_highatomic_kb,
			 4 * zb->free_pages[HAT_MT_HIGHATOMIC]);
	if (!zz->lowmem_line)
		oom_note(r, zz->line, "zone %s: no lowmem_reserve[] line: the model's computed values stay",
			 hat_zone_names[z]);
	if ((zz->free_kb <= zz->min_kb) != (lists_counted(zb) <= zz->min_kb / 4))
		oom_note(r, zz->line,
			 "zone %s: free:%lldkB (NR_FREE_PAGES, what the watermark checks read) is %s min:%lldkB, the free lists' %ldkB %s: per-cpu vmstat drift",
			 hat_zone_names[z], zz->free_kb, zz->free_kb <= zz->min_kb ? "at or below" : "above",
			 zz->min_kb, 4 * lists_counted(zb),
			 zz->free_kb <= zz->min_kb ? "are above" : "are not");
	zb->reclaimable = zone_reclaimable(r, zz, &anon);
	/* the ops list blocks and buddies by pfn */
	if (zb->nb)
		qsort(zb->b, zb->nb, sizeof(zb->b[0]), oom_cmp_buddy);
	for (int mt = 0; mt < HAT_NR_MT; mt++)
		if (zb->nclaimed[mt])
			qsort(zb->claimed[mt], zb->nclaimed[mt], sizeof(unsigned long),
			      oom_cmp_ulong);
	return 0;
}

/* " (DMA DMA32 Normal Movable)": the kernel's zone of each lowmem_reserve[] entry. */
static void lowmem_names(FILE *f, const struct oom_report *r, const struct oom_zone *zz)
{
	fputs(" (", f);
	for (unsigned int i = 0; i < zz->nr_lowmem; i++) {
		int kz = lowmem_entry_kzone(r, zz, i);

		fprintf(f, "%s%s", i ? " " : "", kz >= 0 ? oom_report_zone_names[kz] : "?");
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
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		const struct zbuild *zb = &zbs[z];
		const struct oom_zone *zz = &r->zones[z];
		unsigned long free_pages = 0;
		bool anon;

		if (!zz->line)
			continue;
		for (int mt = 0; mt < HAT_NR_MT; mt++)
			free_pages += zb->free_pages[mt];
		zone_reclaimable(r, zz, &anon);
		fprintf(f, "# %s (lines %" PRIu32 ", %" PRIu32 "): pfns [%lu, %lu), present:%lldkB (%lld pages",
			hat_zone_names[z], zz->line, zz->orders_line, zb->start, zb->end,
			zz->present_kb, zz->present_kb / 4);
		if ((long long)(zb->end - zb->start) != zz->present_kb / 4)
			fprintf(f, "; span %lu: the holes count as reserved", zb->end - zb->start);
		fprintf(f, "), managed %lld;\n", zz->managed_kb / 4);
		fprintf(f, "#   min/low/high %lld/%lld/%lld pages; %lu free pages in %lu buddies",
			zz->min_kb / 4, zz->low_kb / 4, zz->high_kb / 4, free_pages, zb->nb);
		if (zb->free_pages[HAT_MT_HIGHATOMIC])
			fprintf(f, ", %lu on HighAtomic lists", zb->free_pages[HAT_MT_HIGHATOMIC]);
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
/* The @k-th block claimed for @mt, by its first pfn in the zone (a block may cross its start). */
static unsigned long claimed_pfn(const struct zbuild *zb, int mt, unsigned long k)
{
	unsigned long pfn = zb->claimed[mt][k] * zb->pb;

	return pfn > zb->start ? pfn : zb->start;
}

static void emit_zone(FILE *f, const struct oom_report *r, const struct zbuild *zb,
		      uint32_t *n)
{
	const struct oom_zone *zz = &r->zones[zb->zone];
	struct op op = { .kind = OP_WATERMARKS, .zone = (uint8_t)zb->zone };

	fprintf(f, "# %s\n", hat_zone_names[zb->zone]);
	op.a = zz->min_kb / 4;
	op.b = zz->low_kb / 4;
	op.c = zz->high_kb / 4;
	emit(f, &op, n);
	if (zz->lowmem_line) {
		long long v[HAT_NR_ZONES] = { 0 };

		for (unsigned int i = 0; i < zz->nr_lowmem; i++) {
			int mz = lowmem_entry_zone(r, zz, i);

			if (mz >= 0)
				v[mz] = zz->lowmem[i];
		}
		op = (struct op){ .kind = OP_LOWMEM_RESERVE, .zone = (uint8_t)zb->zone,
				  .a = v[0], .b = v[1], .c = v[2] };
		emit(f, &op, n);
	}
	for (int mt = 0; mt < HAT_NR_MT; mt++) {
		if (mt == HAT_MT_MOVABLE || mt == HAT_MT_ISOLATE)
			continue;	/* Movable: every block's boot type */
		for (unsigned long k = 0; k < zb->nclaimed[mt]; k++) {
			op = (struct op){ .kind = OP_INIT_BLOCK, .mt = (uint8_t)mt,
					  .a = (int64_t)claimed_pfn(zb, mt, k) };
			emit(f, &op, n);
		}
	}
	for (unsigned long k = 0; k < zb->nb; k++) {
		int mt = zb->b[k].mt;

		op = (struct op){ .kind = OP_INIT_BUDDY, .a = (int64_t)zb->b[k].pfn,
				  .order = (uint8_t)zb->b[k].order,
				  .mt = (uint8_t)(mt == HAT_MT_ISOLATE ? HAT_MT_MOVABLE : mt) };
		emit(f, &op, n);
	}
	/* Isolate lists: freed onto Movable, then the block is isolated */
	for (unsigned long k = 0; k < zb->nclaimed[HAT_MT_ISOLATE]; k++) {
		op = (struct op){ .kind = OP_ISOLATE,
				  .a = (int64_t)claimed_pfn(zb, HAT_MT_ISOLATE, k) };
		emit(f, &op, n);
	}
	/* free: is the counter; the lists above are the per-order line */
	op = (struct op){ .kind = OP_NR_FREE_PAGES, .zone = (uint8_t)zb->zone,
			  .a = zz->free_kb / 4 };
	emit(f, &op, n);
}

/* The geometry: MAX_ORDER from the per-order lines (which must agree), cpus, zones. */
static int build_geometry(struct oom_report *r, const struct oom_options *o,
			  struct hat_geometry *g, int *cpu, char *err, size_t errlen)
{
	unsigned int max_order = 0;
	char gerr[256];

	g->pb_order = o->pb_order ? o->pb_order : 9;
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		const struct oom_zone *zz = &r->zones[z];

		if (!zz->line)
			continue;
		if (max_order && zz->nr_orders != max_order)
			return oom_fail(err, errlen, r->name, zz->orders_line,
					"zone %s has %u orders, another zone %u", hat_zone_names[z],
					zz->nr_orders, max_order);
		max_order = zz->nr_orders;
	}
	if (max_order < 2 || max_order > HAT_MAX_ORDER_LIMIT || g->pb_order >= max_order)
		return oom_fail(err, errlen, r->name, 0,
				"the per-order lines have %u orders: the model needs 2 .. %d, above pageblock_order %u",
				max_order, HAT_MAX_ORDER_LIMIT, g->pb_order);
	g->max_order = max_order;
	if (r->order >= max_order)
		return oom_fail(err, errlen, r->name, r->request_line,
				"request order %u beyond MAX_ORDER %u", r->order, max_order);
	*cpu = 0;
	if (r->cpu >= HAT_MAX_CPUS)
		oom_note(r, r->cpu_line, "CPU %d beyond the model's %d: the request runs on CPU 0",
			 r->cpu, HAT_MAX_CPUS);
	else if (r->cpu >= 0)
		*cpu = r->cpu;
	g->nr_cpus = *cpu + 1 > 2 ? (unsigned int)*cpu + 1 : 2;
	if (oom_place_zones(r, g, err, errlen))
		return -1;
	if (hat_node_init(g, &(struct hat_variant){ 0 }, gerr, sizeof(gerr)))
		return oom_fail(err, errlen, r->name, 0, "the rebuilt geometry is invalid: %s", gerr);
	return 0;
}

int oom_build(struct oom_report *r, const struct oom_options *o, char **text,
	      char *err, size_t errlen)
{
	struct zbuild zbs[HAT_NR_ZONES];
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
	    (r->request_line && oom_request_gfp(r, &gfp, &gfp_how, err, errlen)))
		return -1;
	if (gfp_mobility_invalid(gfp))
		oom_note(r, r->request_line,
			 "the gfp mask has both __GFP_MOVABLE and __GFP_RECLAIMABLE: gfpflags_to_migratetype() makes it 3, MIGRATE_HIGHATOMIC, a caller bug the kernel VM_WARNs about; replayed so");
	if (o->zone >= 0 && !r->zones[o->zone].line)
		return oom_fail(err, errlen, r->name, 0, "--zone %s: the report has no such zone",
				hat_zone_names[o->zone]);
	if (o->reserved_highatomic >= 0 && o->reserved_highatomic % (1LL << t.hdr.geom.pb_order))
		return oom_fail(err, errlen, r->name, 0,
				"--reserved-highatomic %lld is not a multiple of pageblock_nr_pages (%lu)",
				o->reserved_highatomic, 1UL << t.hdr.geom.pb_order);
	counter_zone = o->zone >= 0 ? o->zone : default_counter_zone(r);
	for (int z = 0; z < HAT_NR_ZONES; z++)
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
		oom_fail(err, errlen, r->name, 0, "out of memory");
		goto out;
	}
	print_comments(f, r, o, zbs, gfp_how);
	trace_print_header(f, &t);
	fputc('\n', f);

	/* the set state */
	for (int z = 0; z < HAT_NR_ZONES; z++)
		if (r->zones[z].line)
			emit_zone(f, r, &zbs[z], &n_init);
	fprintf(f, "# the reserve counters, after every block is typed\n");
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		if (!r->zones[z].line)
			continue;
		op = (struct op){ .kind = OP_INIT_COUNTER, .zone = (uint8_t)z,
				  .a = (int64_t)zbs[z].counter };
		emit(f, &op, &n_init);
	}
	/* the reclaim model and the request */
	fprintf(f, "# reclaim makes no progress while the LRU still counts as reclaimable\n");
	for (int z = 0; z < HAT_NR_ZONES; z++) {
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
		oom_fail(err, errlen, r->name, 0, "out of memory");
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
	for (int z = 0; z < HAT_NR_ZONES; z++)
		oom_zb_free(&zbs[z]);
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
