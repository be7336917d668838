// SPDX-License-Identifier: MIT
/*
 * oracle.c - the era-2 checker's ids, its recorder, and its view of the
 * node: subscribing to the core's events and taking the shadows from the
 * state (oracle_resync()).  The checks are in oracle_events.c (as things
 * happen), oracle_section.c (as zone->lock is released), oracle_oom.c
 * (slow-path decisions) and oracle_full.c (walks).
 */
#include "oracle_int.h"

#include <stdarg.h>
#include <string.h>

struct v6_oracle v6_oracle = { .enabled = true };

/*
 * Tolerances (what the variant's kernel allows, not reported for it) are
 * named in the title after "tol:".
 */
const struct v6_inv_desc v6_inv_desc[NR_V6_INV] = {
	[V6_W_FREELIST_TYPE] = { "W-freelist-type",
		"a free-list add/del/move names a type other than the block's (\"page type is %d, passed migratetype is %d\"); tol: before e0932b6c1f94 list != block type is normal",
		NULL },
	[V6_W_RESERVE_UNDERFLOW] = { "W-reserve-underflow",
		"unreserve would take more than nr_reserved_highatomic (WARN_ON_ONCE, Jackman 2025); tol: before it the clamp is silent (I1 reports the drift)",
		"I2-underflow" },
	[V6_W_UNRESERVE_MOVE] = { "W-unreserve-move",
		"unreserve's move_freepages_block() failed on a zone boundary (WARN_ON_ONCE(ret == -1), v6.10+)",
		NULL },
	[V6_I1] = { "I1",
		"nr_reserved_highatomic == pageblock_nr_pages x HIGHATOMIC blocks (every block of a multi-block reserve: 7cc5a5d65011); tol: a block straddling the zone may or may not count",
		"I1" },
	[V6_H_CAP] = { "H-cap",
		"at a reservation, the counter within ALIGN(managed/100, pageblock) and none below 100 blocks (d68e39fc45f7, 9cd20f3fe045); tol: one multi-block buddy past the cap with 7cc5a5d65011",
		NULL },
	[V6_H_CLAIM] = { "H-claim",
		"a HIGHATOMIC block left H in a section without a counter decrement (claimed, retyped by a merge), or a request that may sleep got an H page from the buddy (stolen); tol: isolation, H pages on the MOVABLE pcp list",
		"I4-retype" },
	[V6_H_LIST] = { "H-list",
		"free pages of an H block sit on H lists only, and H lists hold pages of H blocks only; tol: a block straddling the zone before v6.10",
		NULL },
	[V6_H_FREE] = { "H-free",
		"nr_free_highatomic == free pages on the H lists (c928807f6f6b; the counter does not exist before it)",
		NULL },
	[V6_H_GROW] = { "H-grow",
		"the reserve grows while the zone's H lists hold a free buddy the served order fits (the 2026 pcp creep)",
		NULL },
	[V6_I8] = { "I8",
		"free lists: entries, nr_free, buddy heads, alignment, zone span, list == block type (v6.10+), merging inside a pageblock; tol: neighbours >= pageblock_order left apart",
		"I8" },
	[V6_I9] = { "I9",
		"NR_FREE_PAGES (+ per-cpu deltas), NR_FREE_CMA_PAGES, NR_FREE_PAGES_BLOCKS == the free pages on the lists they count",
		"I9" },
	[V6_I11] = { "I11", "pcp count == pages on the pcp lists, each entry a pcp page of its list's order",
		"I11" },
	[V6_I6] = { "I6",
		"no OOM decision while an eligible zone holds free H pages the variant's unreserve can move (after a forced unreserve that gave nothing back: then and still)",
		"I6" },
	[V6_I6_STRANDED] = { "I6-stranded",
		"no OOM decision while free H pages sit in a block unreserve cannot move (zone edge)",
		"I6-stranded" },
	[V6_I6_STALL] = { "I6-stall",
		"no request gives up at the livelock bound while an eligible zone holds free H pages",
		"I6-stall" },
	[V6_I6_NOPAGE] = { "I6-nopage",
		"a request with reserve access (NON_BLOCK, OOM, HIGHATOMIC) fails while a zone passing its watermark holds a free H buddy of its order (281dd25c1a01)",
		NULL },
	[V6_LIVELOCK] = { "livelock",
		"the slow path ends within its bound unless reclaim or the OOM killer claims progress",
		NULL },
	[V6_I6_WMARK] = { "I6-wmark",
		"no OOM decision while an eligible zone whose reserve counts more than its free H pages passes its min watermark with only those held back (c928807f6f6b) and holds a buddy the request may take (after a forced unreserve: then and still)",
		NULL },
	[V6_WMARK_FAST] = { "wmark-fast",
		"the fast path serves a zone only if its free pages less the unusable reserve exceed the mark (9282012fc0aa's clamp)",
		NULL },
	[V6_H_UNUSED] = { "H-unused",
		"a non-blocking __GFP_HIGH order > 0 request is served from the reserve when it has a fitting free buddy (fastpath-highatomic); tol: a pcp list that held a page without a refill",
		NULL },
	[V6_C_CLAIM_SCANS] = { "C-claim-scans",
		"one rmqueue_bulk() call scans the claim orders at most once (90abee6d7895); checked only with claim_scan_guard",
		NULL },
};

const char *v6_inv_name(enum v6_inv id)
{
	return (unsigned int)id < NR_V6_INV ? v6_inv_desc[id].name : "?";
}

int v6_inv_lookup(const char *name)
{
	for (int i = 0; i < NR_V6_INV; i++)
		if (!strcmp(v6_inv_desc[i].name, name))
			return i;
	return -1;
}

void oracle_reset(void)
{
	v6_oracle.fired = 0;
	v6_oracle.count = 0;
	v6_oracle.nr_recorded = 0;
	for (int i = 0; i < MAX_NR_ZONES; i++)
		v6_oracle.zone[i].i1_reported = 0;
}

void oracle_report(enum v6_inv id, const char *func, const char *detail,
		   const struct zone *zone, unsigned long pfn, long expected, long actual,
		   const char *fmt, ...)
{
	struct v6_violation v = {
		.id = id, .func = func, .detail = detail, .zone = zone ? (int)zone->idx : -1,
		.pfn = pfn, .expected = expected, .actual = actual,
	};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v.msg, sizeof(v.msg), fmt, ap);
	va_end(ap);
	v6_oracle.fired |= UINT32_C(1) << id;
	v6_oracle.count++;
	if (v6_oracle.nr_recorded < V6_MAX_RECORDED)
		v6_oracle.recorded[v6_oracle.nr_recorded++] = v;
	if (v6_oracle.on_violation)
		v6_oracle.on_violation(&v, v6_oracle.arg);
}

void oracle_format(const struct v6_violation *v, char *buf, size_t len)
{
	char where[64] = "";

	if (v->zone >= 0 && v->pfn != ~0UL)
		snprintf(where, sizeof(where), "zone %s pfn %lu", zone_names[v->zone], v->pfn);
	else if (v->zone >= 0)
		snprintf(where, sizeof(where), "zone %s", zone_names[v->zone]);
	snprintf(buf, len, "%s in %s: %s: expected %ld, actual %ld: %s",
		 v6_inv_name(v->id), v->func, where, v->expected, v->actual, v->msg);
}

/* Free pages on @zone's lists, into the shadows. */
static void resync_lists(struct zone *zone, struct v6_oracle_zone *oz)
{
	oz->free = (struct v6_free_counts){ 0 };
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			const struct list_head *head = &zone->free_area[o].free_list[mt];
			const struct list_head *pos;
			long n = 0;

			for (pos = head->next; pos != head; pos = pos->next)
				n++;
			free_counts_add(&oz->free, o, mt, n << o);
		}
	}
}

/* The raw type of every block, and the H blocks of each zone. */
static void resync_blocks(void)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		v6_oracle.zone[i].h_inside = v6_oracle.zone[i].h_touching = 0;
	for (unsigned long b = 0; b < v6_oracle.nr_blocks; b++) {
		unsigned long block_pfn = b << pageblock_order;
		bool h = oracle_block_raw(block_pfn) == MIGRATE_HIGHATOMIC;

		v6_oracle.h_block[b] = h;
		if (!h)
			continue;
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			const struct zone *zone = &contig_page_data.node_zones[i];

			v6_oracle.zone[i].h_touching += oracle_block_touches_zone(zone, block_pfn);
			v6_oracle.zone[i].h_inside += populated_zone(zone) &&
						      oracle_block_in_zone(zone, block_pfn);
		}
	}
}

/* h_block of @nr_blocks blocks (its contents undefined when it changes size). */
static void h_block_size(unsigned long nr_blocks)
{
	if (nr_blocks != v6_oracle.nr_blocks) {
		free(v6_oracle.h_block);
		v6_oracle.h_block = calloc(nr_blocks ? nr_blocks : 1, 1);
		BUG_ON(!v6_oracle.h_block);
		v6_oracle.nr_blocks = nr_blocks;
	}
}

void oracle_resync(void)
{
	h_block_size(contig_page_data.nr_pageblocks);
	resync_blocks();
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &contig_page_data.node_zones[i];
		struct v6_oracle_zone *oz = &v6_oracle.zone[i];

		if (!populated_zone(zone))
			continue;
		resync_lists(zone, oz);
		oz->drift_free = zone->vm_stat[NR_FREE_PAGES] + zone->vm_stat_diff[NR_FREE_PAGES] -
				 oz->free.listed;
		oz->drift_cma = zone->vm_stat[NR_FREE_CMA_PAGES] - oz->free.cma;
		oz->drift_blocks = zone->vm_stat[NR_FREE_PAGES_BLOCKS] - oz->free.blocks;
		oz->drift_h = (long)zone->nr_free_highatomic - oz->free.h;
		/* a counter between the inside and touching blocks is no drift */
		oz->drift_reserved = 0;
		if ((long)zone->nr_reserved_highatomic < oz->h_inside * (long)pageblock_nr_pages ||
		    (long)zone->nr_reserved_highatomic > oz->h_touching * (long)pageblock_nr_pages)
			oz->drift_reserved = (long)zone->nr_reserved_highatomic -
					     oz->h_inside * (long)pageblock_nr_pages;
		oz->i1_reported = 0;
		oracle_section_reset(oz);
	}
}

void oracle_attach(void)
{
	oracle_reset();
	v6_oracle.claim_scan_guard = false;
	oracle_resync();
	v6_events_subscribe(&oracle_events, NULL);
}

void oracle_detach(void)
{
	v6_events_subscribe(NULL, NULL);
	free(v6_oracle.h_block);
	v6_oracle.h_block = NULL;
	v6_oracle.nr_blocks = 0;
}

int oracle_image_save(struct v6_oracle_image *img)
{
	unsigned long n = v6_oracle.nr_blocks;

	if (n > img->h_cap) {
		uint8_t *p = realloc(img->h_block, n);

		if (!p)
			return -1;
		img->h_block = p;
		img->h_cap = n;
	}
	img->o = v6_oracle;
	if (n)
		memcpy(img->h_block, v6_oracle.h_block, n);
	return 0;
}

void oracle_image_restore(const struct v6_oracle_image *img)
{
	uint8_t *h_block;

	h_block_size(img->o.nr_blocks);
	h_block = v6_oracle.h_block;
	v6_oracle = img->o;
	v6_oracle.h_block = h_block;
	if (img->o.nr_blocks)
		memcpy(h_block, img->h_block, img->o.nr_blocks);
	v6_events_subscribe(&oracle_events, NULL);
}

void oracle_image_free(struct v6_oracle_image *img)
{
	free(img->h_block);
	memset(img, 0, sizeof(*img));
}
