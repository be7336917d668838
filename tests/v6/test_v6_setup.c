// SPDX-License-Identifier: MIT
/*
 * test_v6_setup.c - direct state construction (setup.c), the show output
 * and the state hash (show.c).
 *
 * Geometry: one Normal zone [0, 64), 8-page blocks, orders 0..4, 2 CPUs.
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream() */
#include "v6_support.h"

#include <stdlib.h>
#include <string.h>

/* The largest aligned chunks, skipping owned and already free pages. */
static void test_free_range(void)
{
	small_node(64, 3, 5, SW_HYGIENE);
	pg(20)->owner = 7;
	KT_EQ(setup_free_buddy(40, 2, M), 0);
	/* [0, 16) order 4; [16, 20) order 2; 20 owned; 21, 22-23, 24-31, 32-39; 40-43 free */
	KT_EQ(setup_free_range(0, 48), 47 - 4);
	KT_EQ(list_count(normal(), 4, M), 2);		/* [0, 16) and [32, 48) merged */
	KT_EQ(first_on(normal(), 2, M), 16);
	KT_EQ(pfn_is_free(20), false);
	KT_EQ(pfn_is_free(21), true);
	KT_EQ(pfn_is_free(43), true);
	KT_EQ(pfn_is_free(48), false);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 47);
	KT_EQ(setup_free_range(0, 64), 16);	/* only [48, 64) is left */
}

static void test_free_buddy_rejects(void)
{
	small_node(64, 3, 5, SW_HYGIENE);
	KT_EQ(setup_free_buddy(2, 2, M), -1);		/* not aligned */
	KT_EQ(setup_free_buddy(0, 5, M), -1);		/* no such order */
	KT_EQ(setup_free_buddy(0, 0, MIGRATE_TYPES), -1);
	KT_EQ(setup_free_buddy(64, 0, M), -1);		/* past the zone */
	KT_EQ(setup_free_buddy(8, 1, M), 0);
	KT_EQ(setup_free_buddy(8, 0, M), -1);		/* already free */
	pg(13)->owner = 1;
	KT_EQ(setup_free_buddy(12, 2, M), -1);		/* owned page inside */
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 2);
}

/* A pcp page: on its type's list (H rides MOVABLE), counted, free; errors. */
static void test_pcp_page(void)
{
	struct per_cpu_pages *pcp;

	small_node(64, 3, 5, SW_V610);
	block_type(8, H);
	block_type(16, ISO);
	KT_EQ(setup_pcp_page(8, 1, 1), 0);
	pcp = &normal()->per_cpu_pageset[1];
	KT_EQ(pcp->count, 2);
	KT_ASSERT(!list_empty(&pcp->lists[order_to_pindex(M, 1)]));
	KT_EQ(get_pcppage_migratetype(pg(8)), H);
	KT_EQ(pfn_is_free(9), true);
	KT_EQ(setup_pcp_page(8, 1, 0), -1);		/* already free */
	KT_EQ(setup_pcp_page(16, 0, 0), -1);		/* isolated */
	KT_EQ(setup_pcp_page(24, 4, 0), -1);		/* not a pcp order */
	KT_EQ(setup_pcp_page(24, 0, 2), -1);		/* no CPU 2 */
	drain_pages(1);
	KT_EQ(list_count(normal(), 1, H), 1);
}

static void test_counters(void)
{
	small_node(64, 3, 5, SW_HYGIENE);
	setup_reserved_highatomic(normal(), 8);
	KT_EQ(normal()->nr_reserved_highatomic, 8);
	KT_EQ(ev.counter_sum[CNT_NR_RESERVED_HIGHATOMIC], 8);
	KT_EQ(setup_free_buddy(0, 3, M), 0);
	setup_nr_free_pages(normal(), 5);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 5);
	KT_EQ(zone_page_state_snapshot(normal(), NR_FREE_PAGES), 8);
	setup_watermarks(normal(), 1, 2, 3);
	KT_EQ(low_wmark_pages(normal()), 2);
}

/* Print @fn's output into a string (freed by the caller). */
static char *capture(void (*fn)(FILE *f))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	KT_REQUIRE(f != NULL);
	fn(f);
	fclose(f);
	return buf;
}

static void show_normal_areas(FILE *f)
{
	show_zone_free_areas(f, zone_of(ZONE_NORMAL));
}

static void test_show(void)
{
	char *s;

	small_node(64, 3, 5, SW_HYGIENE | SW(C928807F6F6B));
	block_type(8, H);
	KT_EQ(setup_free_buddy(8, 3, H), 0);
	KT_EQ(setup_free_buddy(1, 0, M), 0);
	KT_EQ(setup_pcp_page(2, 0, 1), 0);
	s = capture(show_normal_areas);
	KT_STREQ(s, "Normal: 1*4kB (M) 0*8kB 0*16kB 1*32kB (H) 0*64kB = 36kB\n");
	free(s);
	s = capture(show_node);
	KT_ASSERT(strstr(s, "Normal free:36kB ") != NULL);
	KT_ASSERT(strstr(s, " free_highatomic:32KB ") != NULL);
	KT_ASSERT(strstr(s, "  HighAtomic  blocks    1 free 0 0 0 1 0\n") != NULL);
	KT_ASSERT(strstr(s, "  pcp cpu 1 count 1 ") != NULL);
	free(s);
}

/* The hash: equal for equal histories, different after any change. */
static void test_hash(void)
{
	uint64_t a, b;

	small_node(64, 3, 5, SW_HYGIENE);
	KT_EQ(setup_free_buddy(8, 3, M), 0);
	a = node_state_hash();
	small_node(64, 3, 5, SW_HYGIENE);
	KT_EQ(setup_free_buddy(8, 3, M), 0);
	KT_EQ(node_state_hash(), a);
	block_type(16, U);
	b = node_state_hash();
	KT_NE(b, a);
	KT_EQ(setup_pcp_page(0, 0, 0), 0);
	b = node_state_hash();
	KT_NE(b, a);
	set_pcppage_migratetype(pg(0), H);	/* only the cached type differs */
	KT_NE(node_state_hash(), b);
}

int main(void)
{
	test_free_range();
	test_free_buddy_rejects();
	test_pcp_page();
	test_counters();
	test_show();
	test_hash();
	node_exit();
	KT_MAIN_END();
}
