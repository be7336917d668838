// SPDX-License-Identifier: MIT
/*
 * proc_build.c - a parsed /proc snapshot -> trace header + init ops (see
 * proc.h and docs/capture.md, "From a /proc snapshot"): the geometry, the
 * watermarks and counters, the ops that build the layout (proc_layout.c)
 * with its types (proc_types.c), the model's block counts, proc_build()
 * and proc_import().  The file parsers are in proc_parse.c.
 */
#define _POSIX_C_SOURCE 200809L

#include "proc_int.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "input.h"
#include "model.h"

static struct op *push(struct trace *t, enum op_kind kind)
{
	struct op *op = trace_push(t);

	if (op)
		op->kind = (uint8_t)kind;
	return op;
}

void proc_model_blocks(unsigned long blocks[HAT_NR_ZONES][HAT_NR_MT])
{
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		struct hat_zone_snapshot zs;

		hat_active->zone_snapshot(z, &zs);
		for (int mt = 0; mt < HAT_NR_MT; mt++)
			blocks[z][mt] = zs.blocks[mt];
	}
}

int proc_build(const struct proc_files *in, const struct proc_snapshot *snap, struct trace *t,
	       FILE *notes, char *err, size_t errlen)
{
	const struct proc_zoneinfo *zi = snap->zi;
	const struct proc_pagetypeinfo *pti = snap->pti;
	const struct proc_buddyinfo *bi = snap->bi;
	struct hat_geometry *g = &t->hdr.geom;
	struct layout lay[HAT_NR_ZONES] = { { 0 } };
	struct zone_build zb[HAT_NR_ZONES];
	uint8_t *isfree = NULL;
	unsigned long node_end = 0;
	unsigned int max_order = 11;
	int ret = -1;

	memset(zb, 0, sizeof(zb));

	/* geometry */
	geometry_default(g);
	if (pti && pti->has_pb_order)
		g->pb_order = pti->pb_order;
	if (pti && pti->has_free)
		max_order = pti->nr_orders;
	else if (bi)
		max_order = bi->nr_orders;
	if (pti && pti->has_free && bi && bi->nr_orders != pti->nr_orders) {
		snprintf(err, errlen, "%s has %u orders, %s %u", in->pagetypeinfo, pti->nr_orders,
			 in->buddyinfo, bi->nr_orders);
		return -1;
	}
	g->max_order = max_order;
	if (g->pb_order >= g->max_order) {
		snprintf(err, errlen, "pageblock order %u with %u orders: not a geometry the model takes",
			 g->pb_order, g->max_order);
		return -1;
	}
	if (zi->nr_cpus > HAT_MAX_CPUS) {
		note(notes, "%u CPUs: the model has at most %d, ftrace import folds the others modulo",
		     zi->nr_cpus, HAT_MAX_CPUS);
		g->nr_cpus = HAT_MAX_CPUS;
	} else if (zi->nr_cpus) {
		g->nr_cpus = zi->nr_cpus;
	}
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		const struct proc_zone *pz = &zi->z[z];

		if (!pz->seen || !pz->present)
			continue;
		if (!pz->has_start_pfn) {
			snprintf(err, errlen, "%s: zone %s has no start_pfn", in->zoneinfo, hat_zone_names[z]);
			return -1;
		}
		if (pz->managed > pz->spanned || pz->present > pz->spanned) {
			snprintf(err, errlen, "%s: zone %s: managed %lu or present %lu above spanned %lu",
				 in->zoneinfo, hat_zone_names[z], pz->managed, pz->present, pz->spanned);
			return -1;
		}
		if (pz->start_pfn + pz->spanned > (1UL << 23)) {
			snprintf(err, errlen, "%s: zone %s ends at pfn %lu: the model holds a node of 2^23 pages (32 GiB) at most",
				 in->zoneinfo, hat_zone_names[z], pz->start_pfn + pz->spanned);
			return -1;
		}
		if (pz->start_pfn < node_end) {
			snprintf(err, errlen, "%s: zone %s starts at pfn %lu inside a lower zone",
				 in->zoneinfo, hat_zone_names[z], pz->start_pfn);
			return -1;
		}
		g->zone_start_pfn[z] = pz->start_pfn;
		g->zone_end_pfn[z] = pz->start_pfn + pz->spanned;
		g->reserved_pages[z] = pz->spanned - pz->managed;
		node_end = g->zone_end_pfn[z];
		note(notes, "zone %s [%lu, %lu): spanned %lu, present %lu, managed %lu -> reserved=%lu%s",
		     hat_zone_names[z], g->zone_start_pfn[z], g->zone_end_pfn[z], pz->spanned,
		     pz->present, pz->managed, g->reserved_pages[z],
		     pz->present < pz->spanned ? " (the model counts the holes as present)" : "");
	}
	if (!node_end) {
		snprintf(err, errlen, "%s: no populated DMA, DMA32 or Normal zone", in->zoneinfo);
		return -1;
	}

	/* watermarks and lowmem_reserve as the kernel had them */
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		const struct proc_zone *pz = &zi->z[z];
		struct op *op;

		if (g->zone_end_pfn[z] <= g->zone_start_pfn[z])
			continue;
		if (!(op = push(t, OP_WATERMARKS)))
			goto oom;
		op->zone = (uint8_t)z;
		op->a = (int64_t)pz->min;
		op->b = (int64_t)pz->low;
		op->c = (int64_t)pz->high;
		if (pz->boost)
			note(notes, "zone %s: watermark_boost %lu is part of min/low/high as zoneinfo prints them",
			     hat_zone_names[z], pz->boost);
		if (pz->nr_protection) {
			int64_t v[HAT_NR_ZONES] = { 0 };

			for (int k = 0; k < HAT_NR_ZONES; k++)
				if (zi->z[k].seen && zi->z[k].file_index < pz->nr_protection)
					v[k] = pz->protection[zi->z[k].file_index];
			if (!(op = push(t, OP_LOWMEM_RESERVE)))
				goto oom;
			op->zone = (uint8_t)z;
			op->a = v[HAT_ZONE_DMA];
			op->b = v[HAT_ZONE_DMA32];
			op->c = v[HAT_ZONE_NORMAL];
		}
		if (pz->pcp_count)
			note(notes, "zone %s: %lu pages on the kernel's per-cpu lists (free, but not KPF_BUDDY and not in buddyinfo): allocated in the model",
			     hat_zone_names[z], pz->pcp_count);
	}

	/* the free buddies */
	if (in->kpageflags) {
		unsigned long entries, beyond;

		isfree = calloc((node_end + 7) / 8, 1);
		if (!isfree)
			goto oom;
		if (read_kpageflags(in->kpageflags, isfree, node_end, &entries, &beyond, err, errlen))
			goto out;
		if (entries < node_end)
			note(notes, "kpageflags: %lu entries, the node has %lu pfns: the rest counts as allocated",
			     entries, node_end);
		if (beyond)
			note(notes, "kpageflags: %lu free pages beyond the last zone ignored", beyond);
	}
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		struct zone_build *b = &zb[z];
		unsigned long count[HAT_MAX_ORDER_LIMIT] = { 0 }, shortfall[HAT_MAX_ORDER_LIMIT] = { 0 };
		unsigned long pages = 0, cmp[HAT_MAX_ORDER_LIMIT];
		bool counts_from_pti = pti && pti->has_free && pti->zone_seen[z];

		if (g->zone_end_pfn[z] <= g->zone_start_pfn[z])
			continue;
		b->z = z;
		b->zs = g->zone_start_pfn[z];
		b->ze = g->zone_end_pfn[z];
		b->pb = g->pb_order;
		b->max_order = max_order;
		for (unsigned int o = 0; o < max_order; o++) {
			for (int mt = 0; mt < HAT_NR_MT; mt++)
				count[o] += counts_from_pti ? pti->free[z][mt][o] : 0;
			if (!counts_from_pti && bi)
				count[o] = bi->nr_free[z][o];
		}
		if (isfree) {
			unsigned long pfn = b->zs;

			while (pfn < b->ze) {
				unsigned long e;

				if (!(isfree[pfn >> 3] & (1u << (pfn & 7)))) {
					pfn++;
					continue;
				}
				for (e = pfn; e < b->ze && (isfree[e >> 3] & (1u << (e & 7))); e++)
					;
				if (layout_decompose(&lay[z], pfn, e, max_order))
					goto oom;
				pfn = e;
			}
		} else if (counts_from_pti || bi) {
			if (synth_layout(&lay[z], b->zs, b->ze, count, max_order, shortfall))
				goto oom;
			for (unsigned int o = 0; o < max_order; o++)
				if (shortfall[o])
					note(notes, "zone %s: no room for %lu free buddies of order %u that do not merge",
					     hat_zone_names[z], shortfall[o], o);
		} else {
			/* zoneinfo only: every managed page free, the reserved ones at the zone start */
			if (layout_decompose(&lay[z], b->zs + g->reserved_pages[z], b->ze, max_order))
				goto oom;
			note(notes, "zone %s: no pagetypeinfo, buddyinfo or kpageflags: every managed page free, the %lu reserved pages at the zone start allocated",
			     hat_zone_names[z], g->reserved_pages[z]);
		}
		memset(cmp, 0, sizeof(cmp));
		for (size_t i = 0; i < lay[z].n; i++) {
			cmp[lay[z].b[i].order]++;
			pages += 1UL << lay[z].b[i].order;
		}
		note(notes, "zone %s: %lu free pages in %zu buddies (zoneinfo: %lu free)%s", hat_zone_names[z],
		     pages, lay[z].n, zi->z[z].free,
		     isfree ? ", from kpageflags" : (counts_from_pti || bi) ? ", laid out from the counts" : "");
		if (bi && bi->zone_seen[z]) {
			char diff[512];
			int len = 0;

			diff[0] = '\0';
			for (unsigned int o = 0; o < max_order && len < (int)sizeof(diff) - 40; o++)
				if (cmp[o] != bi->nr_free[z][o])
					len += snprintf(diff + len, sizeof(diff) - (size_t)len, " o%u %lu/%lu", o,
							cmp[o], bi->nr_free[z][o]);
			note(notes, "zone %s: buddies per order vs buddyinfo:%s", hat_zone_names[z],
			     len ? diff : " equal");
		}

		/* types */
		/* every pageblock the zone touches (the kernel's walk counts one per pb step) */
		b->nblocks = ((b->ze - 1) >> b->pb) - (b->zs >> b->pb) + 1;
		b->btype = malloc(b->nblocks);
		b->bfree = calloc(b->nblocks, sizeof(*b->bfree));
		if (!b->btype || !b->bfree)
			goto oom;
		for (int mt = 0; mt < HAT_NR_MT; mt++) {
			for (unsigned int o = 0; o < max_order; o++)
				b->need[mt][o] = counts_from_pti ? (long)pti->free[z][mt][o] : 0;
			b->budget[mt] = pti && pti->has_blocks && pti->zone_seen[z] ?
					(long)pti->blocks[z][mt] : 0;
		}
		if (!counts_from_pti)
			for (unsigned int o = 0; o < max_order; o++)
				b->need[HAT_MT_MOVABLE][o] = (long)cmp[o];
		if (!(pti && pti->has_blocks && pti->zone_seen[z]))
			b->budget[HAT_MT_MOVABLE] = (long)b->nblocks;
		if (pti && pti->reserve_blocks[z]) {
			note(notes, "zone %s: %lu pre-4.4 Reserve pageblocks typed Movable", hat_zone_names[z],
			     pti->reserve_blocks[z]);
			b->budget[HAT_MT_MOVABLE] += (long)pti->reserve_blocks[z];
		}
		for (unsigned int o = 0; o < max_order; o++) {
			if (b->need[HAT_MT_ISOLATE][o]) {	/* a transient state: no Isolate in init ops */
				b->need[HAT_MT_MOVABLE][o] += b->need[HAT_MT_ISOLATE][o];
				b->need[HAT_MT_ISOLATE][o] = 0;
			}
		}
		if (b->budget[HAT_MT_ISOLATE]) {
			note(notes, "zone %s: %ld Isolate pageblocks typed Movable (isolation is transient)",
			     hat_zone_names[z], b->budget[HAT_MT_ISOLATE]);
			b->budget[HAT_MT_MOVABLE] += b->budget[HAT_MT_ISOLATE];
			b->budget[HAT_MT_ISOLATE] = 0;
		}
		assign_types(b, &lay[z], notes);
	}

	/* the ops: block types, then buddies, then the counter */
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		struct zone_build *b = &zb[z];
		unsigned long k;

		if (!b->btype)
			continue;
		for (k = 0; k < b->nblocks; k++) {
			unsigned long pfn = ((b->zs >> b->pb) + k) << b->pb;
			struct op *op;

			if (b->btype[k] == HAT_MT_MOVABLE)
				continue;
			if (pfn < b->zs)	/* the zone's first block: name a pfn inside the zone */
				pfn = b->zs;
			if (!(op = push(t, OP_INIT_BLOCK)))
				goto oom;
			op->a = (int64_t)pfn;
			op->mt = (uint8_t)b->btype[k];
		}
	}
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		for (size_t i = 0; i < lay[z].n; i++) {
			struct op *op = push(t, OP_INIT_BUDDY);

			if (!op)
				goto oom;
			op->a = (int64_t)lay[z].b[i].pfn;
			op->order = lay[z].b[i].order;
			op->mt = (uint8_t)lay[z].b[i].mt;
		}
	}
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		struct zone_build *b = &zb[z];
		unsigned long h = 0, counter;
		struct op *op;

		if (!b->btype)
			continue;
		for (unsigned long k = 0; k < b->nblocks; k++)
			h += b->btype[k] == HAT_MT_HIGHATOMIC;
		counter = h << b->pb;
		if (zi->z[z].has_reserved_highatomic) {
			if (zi->z[z].reserved_highatomic != counter)
				note(notes, "zone %s: zoneinfo's nr_reserved_highatomic %lu, %lu HighAtomic blocks (%lu pages): a drift the checker takes as the start",
				     hat_zone_names[z], zi->z[z].reserved_highatomic, h, counter);
			counter = zi->z[z].reserved_highatomic;
		} else if (h) {
			note(notes, "zone %s: the counter is not in zoneinfo: nr_reserved_highatomic = %lu x %lu HighAtomic blocks (exact accounting)",
			     hat_zone_names[z], 1UL << b->pb, h);
		}
		if (!counter)
			continue;
		if (!(op = push(t, OP_INIT_COUNTER)))
			goto oom;
		op->zone = (uint8_t)z;
		op->a = (int64_t)counter;
	}

	/* check: does the model hold the free lists we meant? */
	{
		struct exec_result *r = malloc(sizeof(*r));
		struct exec_opts eo;
		char why[200];

		if (!r)
			goto oom;
		if (trace_validate(t, why, sizeof(why)) >= 0) {
			snprintf(err, errlen, "internal error: the snapshot trace is invalid: %s", why);
			free(r);
			goto out;
		}
		exec_opts_default(&eo, t);
		eo.check = CHECK_END;
		eo.keep_going = true;
		if (trace_exec(t, &eo, r) == 2) {
			snprintf(err, errlen, "the snapshot does not give a node the model can build: %s",
				 r->err);
			free(r);
			goto out;
		}
		if (r->fired)
			note(notes, "the model's invariant checks fired on the snapshot state (%lu violations)",
			     r->nr_violations);
		free(r);
		for (int z = 0; z < HAT_NR_ZONES; z++) {
			unsigned long want[HAT_MAX_ORDER_LIMIT] = { 0 };
			struct hat_zone_snapshot zs;

			if (!lay[z].n)
				continue;
			hat_active->zone_snapshot(z, &zs);
			for (size_t i = 0; i < lay[z].n; i++)
				want[lay[z].b[i].order]++;
			for (unsigned int o = 0; o < max_order; o++)
				if (zs.nr_free[o] != want[o])
					note(notes, "zone %s: the model holds %lu free buddies of order %u, the layout %lu",
					     hat_zone_names[z], zs.nr_free[o], o, want[o]);
		}
	}
	ret = 0;
	goto out;
oom:
	snprintf(err, errlen, "out of memory");
out:
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		free(lay[z].b);
		free(zb[z].btype);
		free(zb[z].bfree);
	}
	free(isfree);
	return ret;
}

int proc_import(const struct proc_files *in, struct trace *t, FILE *notes, char *err,
		size_t errlen)
{
	struct proc_zoneinfo zi;
	struct proc_pagetypeinfo pti;
	struct proc_buddyinfo bi;
	struct proc_snapshot snap = { .zi = &zi };

	if (proc_read_zoneinfo(in->zoneinfo, &zi, err, errlen))
		return -1;
	if (in->pagetypeinfo) {
		if (proc_read_pagetypeinfo(in->pagetypeinfo, &pti, err, errlen))
			return -1;
		snap.pti = &pti;
	}
	if (in->buddyinfo) {
		if (proc_read_buddyinfo(in->buddyinfo, &bi, err, errlen))
			return -1;
		snap.bi = &bi;
	}
	return proc_build(in, &snap, t, notes, err, errlen);
}
