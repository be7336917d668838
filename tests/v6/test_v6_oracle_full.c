// SPDX-License-Identifier: MIT
/*
 * test_v6_oracle_full.c - the oracle's full checks: free lists (I8), pcp
 * lists (I11), list types of merged buddies, and events the core did not
 * send.  Each state broken in one way fires exactly its check.
 * Zone: Normal [0, 1024), blocks of 8, block [8, 16) H (oracle_support.h).
 */
#include "oracle_support.h"

/* The detail of the first I8 (NULL if none). */
static const char *i8_detail(void)
{
	const struct v6_violation *v = recorded(V6_I8);

	return v ? v->detail : NULL;
}

static void test_nr_free(void)
{
	struct zone *zone = oracle_node(preset("v6.12"));

	zone->free_area[3].nr_free++;
	KT_EQ(oracle_check_full(), 1);
	KT_EQ(v6_oracle.fired, INV(V6_I8));
	KT_STREQ(i8_detail(), "nr_free");
	oracle_detach();
}

static void test_head(void)
{
	struct zone *zone = oracle_node(preset("v6.12"));

	pg(0)->private = 2;	/* the order-3 head says order 2 */
	oracle_check_full();
	KT_EQ(v6_oracle.fired, INV(V6_I8));
	KT_STREQ(i8_detail(), "head");
	pg(0)->private = 3;
	oracle_detach();

	zone = oracle_node(preset("v6.12"));
	pg(0)->list_mt = U;
	KT_EQ(oracle_check_full(), 1);
	KT_STREQ(i8_detail(), "list_mt");
	(void)zone;
	oracle_detach();
}

/* Two free halves of one block not merged. */
static void test_missed_merge(void)
{
	struct zone *zone = oracle_node(preset("v6.1"));

	take_buddy(zone, 0, 3);
	list_by_hand(zone, 0, 2, M);
	list_by_hand(zone, 4, 2, M);
	KT_EQ(oracle_check_full(), 1);
	KT_EQ(v6_oracle.fired, INV(V6_I8));
	KT_STREQ(i8_detail(), "merge");
	oracle_detach();
}

/* A buddy page on no list, and a list op the core did not report. */
static void test_unlisted_and_events(void)
{
	struct zone *zone = oracle_node(preset("v6.12"));

	/* page 0 leaves its list with no event: the lists and counters disagree */
	list_del(&pg(0)->lru);
	zone->free_area[3].nr_free--;
	oracle_check_full();
	KT_EQ(v6_oracle.fired, INV(V6_I8) | INV(V6_I9));
	KT_STREQ(i8_detail(), "unlisted");
	oracle_detach();
}

/* A merged multi-block buddy retyped in its first block only (T8's state). */
static void test_multiblock_list_type(void)
{
	struct zone *zone = oracle_node(preset("v6.18"));

	take_buddy(zone, 16, 4);	/* blocks [16, 24) and [24, 32), MOVABLE */
	block_type(24, E);
	list_by_hand(zone, 16, 4, M);
	KT_EQ(v6_oracle.fired, 0);	/* the head's block is MOVABLE: no warning */
	KT_EQ(oracle_check_full(), 1);
	KT_STREQ(i8_detail(), "list-type");
	KT_EQ(recorded(V6_I8)->expected, E);
	oracle_detach();
}

/* pcp count against its lists. */
static void test_pcp(void)
{
	struct zone *zone = oracle_node(preset("v6.6"));
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[1];

	take_buddy(zone, 0, 3);
	list_by_hand(zone, 4, 2, M);
	KT_REQUIRE(setup_pcp_page(0, 1, 1) == 0);
	KT_REQUIRE(setup_pcp_page(2, 0, 1) == 0);
	KT_REQUIRE(setup_pcp_page(3, 0, 1) == 0);
	KT_EQ(pcp->count, 4);
	KT_EQ(oracle_check_full(), 0);
	pcp->count++;
	KT_EQ(oracle_check_full(), 1);
	KT_EQ(v6_oracle.fired, INV(V6_I11));
	pcp->count--;
	oracle_reset();
	pg(2)->private = 1;	/* an order-1 page on an order-0 list */
	KT_EQ(oracle_check_full(), 1);
	KT_EQ(v6_oracle.fired, INV(V6_I11));
	pg(2)->private = 0;
	oracle_reset();
	pg(3)->flags &= (unsigned char)~PG_pcp;
	KT_EQ(oracle_check_full(), 1);
	KT_EQ(v6_oracle.fired, INV(V6_I11));
	oracle_detach();
}

/* A cycle in a list is reported, not walked for ever. */
static void test_broken_list(void)
{
	struct zone *zone = oracle_node(preset("v6.12"));
	struct list_head *head = &zone->free_area[3].free_list[H];

	head->next->next = head->next;	/* the H buddy points at itself */
	oracle_check_full();
	KT_ASSERT(v6_inv_fired(V6_I8));
	KT_STREQ(i8_detail(), "list");
	head->next->next = head;
	oracle_detach();
}

int main(void)
{
	test_nr_free();
	test_head();
	test_missed_merge();
	test_unlisted_and_events();
	test_multiblock_list_type();
	test_pcp();
	test_broken_list();
	KT_MAIN_END();
}
