// SPDX-License-Identifier: MIT
/*
 * compare_figs.c - the kernel's and the model's figures (compare_figs.h).
 */
#include "compare_figs.h"

#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "oom.h"
#include "proc.h"

#define SHOWMEM_MAX	(4u << 20)	/* a sysrq-m output is a few KiB */

/* The counter from a sysrq-m's zone lines: "reserved_highatomic:NkB" (4 KiB pages). */
static int showmem_counters(const char *path, struct cmp_figs *k, char *err, size_t errlen)
{
	struct oom_report *r = malloc(sizeof(*r));
	char *buf = malloc(SHOWMEM_MAX), cerr[256];
	struct instream in;
	size_t len = 0, got;
	int ret = -1;

	if (!r || !buf) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (instream_open(&in, path, err, errlen))
		goto out;
	while (len < SHOWMEM_MAX && (got = instream_read(&in, buf + len, SHOWMEM_MAX - len)))
		len += got;
	if (instream_close(&in, len == SHOWMEM_MAX, cerr, sizeof(cerr))) {
		snprintf(err, errlen, "%s", cerr);
		goto out;
	}
	if (len == SHOWMEM_MAX) {
		snprintf(err, errlen, "%s: larger than %u MiB: not a show_mem", path, SHOWMEM_MAX >> 20);
		goto out;
	}
	if (oom_parse(buf, len, path, 0, r, err, errlen))
		goto out;
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		if (!k->z[z].seen || !r->zones[z].line || r->zones[z].reserved_highatomic_kb < 0)
			continue;
		k->z[z].has_counter = true;
		k->z[z].counter = (unsigned long)r->zones[z].reserved_highatomic_kb / 4;
	}
	ret = 0;
out:
	free(buf);
	free(r);
	return ret;
}

int cmp_kernel_figs(const struct cmp_files *in, struct cmp_figs *k, char *err, size_t errlen)
{
	const char *zoneinfo = in->zoneinfo, *pagetypeinfo = in->pagetypeinfo;
	const char *buddyinfo = in->buddyinfo;
	struct proc_zoneinfo *zi = malloc(sizeof(*zi));
	struct proc_pagetypeinfo *pti = malloc(sizeof(*pti));
	struct proc_buddyinfo *bi = malloc(sizeof(*bi));
	int ret = -1;

	memset(k, 0, sizeof(*k));
	if (!zi || !pti || !bi) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (proc_read_zoneinfo(zoneinfo, zi, err, errlen) ||
	    proc_read_pagetypeinfo(pagetypeinfo, pti, err, errlen) ||
	    (buddyinfo && proc_read_buddyinfo(buddyinfo, bi, err, errlen)))
		goto out;
	if (!pti->has_free && !buddyinfo) {
		snprintf(err, errlen, "%s: no free table (and no buddyinfo)", pagetypeinfo);
		goto out;
	}
	k->nr_orders = pti->has_free ? pti->nr_orders : bi->nr_orders;
	if (k->nr_orders > HAT_MAX_ORDER_LIMIT)
		k->nr_orders = HAT_MAX_ORDER_LIMIT;
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		struct cmp_zone *cz = &k->z[z];

		if (!zi->z[z].seen || !zi->z[z].managed)
			continue;
		cz->seen = true;
		cz->has_counter = zi->z[z].has_reserved_highatomic;
		cz->counter = zi->z[z].reserved_highatomic;
		cz->has_pcp = true;
		cz->pcp = zi->z[z].pcp_count;
		cz->has_pcpset = zi->z[z].has_pcpset;
		cz->pcp_high = zi->z[z].pcp_high;
		cz->pcp_batch = zi->z[z].pcp_batch;
		cz->has_blocks = pti->has_blocks && pti->zone_seen[z];
		for (int mt = 0; mt < HAT_NR_MT && cz->has_blocks; mt++)
			cz->blocks[mt] = pti->blocks[z][mt];
		cz->has_mt = pti->has_free && pti->zone_seen[z];
		for (unsigned int o = 0; o < k->nr_orders; o++) {
			for (int mt = 0; mt < HAT_NR_MT && cz->has_mt; mt++) {
				cz->free_order[o] += pti->free[z][mt][o];
				cz->free_mt[mt] += pti->free[z][mt][o] << o;
			}
			if (!cz->has_mt && buddyinfo)
				cz->free_order[o] = bi->nr_free[z][o];
			cz->free_pages += cz->free_order[o] << o;
		}
	}
	ret = in->showmem ? showmem_counters(in->showmem, k, err, errlen) : 0;
out:
	free(zi);
	free(pti);
	free(bi);
	return ret;
}

void cmp_model_figs(struct cmp_figs *m)
{
	memset(m, 0, sizeof(*m));
	m->nr_orders = HAT_MAX_ORDER_LIMIT;
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		struct cmp_zone *cz = &m->z[z];
		struct hat_zone_snapshot zs;

		hat_active->zone_snapshot(z, &zs);
		if (!zs.populated)
			continue;
		cz->seen = cz->has_blocks = cz->has_mt = cz->has_counter = cz->has_pcp = true;
		cz->has_pcpset = true;
		cz->pcp_high = zs.pcp_high;
		cz->pcp_batch = zs.pcp_batch;
		memcpy(cz->blocks, zs.blocks, sizeof(cz->blocks));
		cz->counter = zs.nr_reserved_highatomic;
		for (unsigned int o = 0; o < HAT_MAX_ORDER_LIMIT; o++) {
			for (int mt = 0; mt < HAT_NR_MT; mt++) {
				cz->free_order[o] += zs.free_blocks[o][mt];
				cz->free_mt[mt] += zs.free_blocks[o][mt] << o;
			}
			cz->free_pages += cz->free_order[o] << o;
		}
		for (unsigned int cpu = 0; cpu < HAT_MAX_CPUS; cpu++)
			cz->pcp += zs.pcp_count[cpu];
	}
}

static void widen(unsigned long *lo, unsigned long *hi, unsigned long v)
{
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

void cmp_figs_widen(struct cmp_figs *lo, struct cmp_figs *hi, const struct cmp_figs *m)
{
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		struct cmp_zone *l = &lo->z[z], *h = &hi->z[z];
		const struct cmp_zone *v = &m->z[z];

		for (int mt = 0; mt < HAT_NR_MT; mt++) {
			widen(&l->blocks[mt], &h->blocks[mt], v->blocks[mt]);
			widen(&l->free_mt[mt], &h->free_mt[mt], v->free_mt[mt]);
		}
		for (unsigned int o = 0; o < HAT_MAX_ORDER_LIMIT; o++)
			widen(&l->free_order[o], &h->free_order[o], v->free_order[o]);
		widen(&l->counter, &h->counter, v->counter);
		widen(&l->free_pages, &h->free_pages, v->free_pages);
		widen(&l->pcp, &h->pcp, v->pcp);
		widen(&l->pcp_high, &h->pcp_high, v->pcp_high);
		widen(&l->pcp_batch, &h->pcp_batch, v->pcp_batch);
	}
}
