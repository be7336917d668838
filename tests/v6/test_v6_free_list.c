// SPDX-License-Identifier: MIT
/*
 * test_v6_free_list.c - the lists and their counters (free_list.c):
 * account_freepages() per type (isolate, CMA, H with and without
 * c928807f6f6b), the hygiene check on add / del / move (only with
 * e0932b6c1f94, with the kernel's arguments), the v6.1 helpers that leave
 * the counters to their callers, NR_FREE_PAGES_BLOCKS (defrag_mode's
 * series), the list type a buddy carries, and a subscriber's counter_mask.
 *
 * Geometry: one Normal zone [0, 64), 8-page blocks, orders 0..4.
 */
#include "v6_support.h"

/* NR_FREE_PAGES for all but ISOLATE; CMA also its own; H its own since v6.12. */
static void test_account_freepages(void)
{
	small_node(64, 3, 5, SW_HYGIENE);
	spin_lock(&normal()->lock);
	account_freepages(normal(), 8, ISO);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 0);
	account_freepages(normal(), 8, CMA);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 8);
	KT_EQ(zone_page_state(normal(), NR_FREE_CMA_PAGES), 8);
	account_freepages(normal(), 4, H);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 12);
	KT_EQ(normal()->nr_free_highatomic, 0);
	spin_unlock(&normal()->lock);

	small_node(64, 3, 5, SW_HYGIENE | SW(C928807F6F6B));
	spin_lock(&normal()->lock);
	account_freepages(normal(), 4, H);
	account_freepages(normal(), -1, H);
	KT_EQ(normal()->nr_free_highatomic, 3);
	KT_EQ(ev.counter_sum[CNT_NR_FREE_HIGHATOMIC], 3);
	spin_unlock(&normal()->lock);
}

/* add/del with the hygiene series: warn on a type mismatch, keep nr_free and list_mt. */
static void test_add_del_hygiene(void)
{
	small_node(64, 3, 5, SW_HYGIENE);
	block_type(8, H);
	spin_lock(&normal()->lock);
	set_buddy_order(pg(8), 1);
	add_to_free_list(pg(8), normal(), 1, M, false);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 1);
	KT_EQ(ev.warn_args[0], H);		/* "page type is 3, */
	KT_EQ(ev.warn_args[1], M);		/*  passed migratetype is 1 */
	KT_EQ(ev.warn_args[2], 2);		/*  (nr=2)" */
	KT_EQ(normal()->free_area[1].nr_free, 1);
	KT_EQ(pg(8)->list_mt, M);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 2);
	del_page_from_free_list(pg(8), normal(), 1, M);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 2);
	KT_EQ(normal()->free_area[1].nr_free, 0);
	KT_EQ(PageBuddy(pg(8)), false);
	KT_EQ(pg(8)->list_mt, -1);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 0);
	/* the right type: silent */
	set_buddy_order(pg(8), 1);
	__add_to_free_list(pg(8), normal(), 1, H, true);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 2);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 0);	/* __add: list only */
	spin_unlock(&normal()->lock);
	KT_EQ(ev.list_mismatch, 2);
}

/* v6.1: no check, no counting in the list helpers; the event still tells. */
static void test_add_del_v61(void)
{
	small_node(64, 3, 5, SW_V610);
	block_type(8, H);
	spin_lock(&normal()->lock);
	set_buddy_order(pg(8), 1);
	add_to_free_list(pg(8), normal(), 1, M, false);
	del_page_from_free_list(pg(8), normal(), 1, M);
	spin_unlock(&normal()->lock);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 0);
	KT_EQ(ev.list_mismatch, 2);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 0);
	KT_EQ(ev.counter_sum[CNT_NR_FREE_PAGES], 0);
}

/* move_to_free_list(): moves the counts between types, checks the old type. */
static void test_move(void)
{
	small_node(64, 3, 5, SW_HYGIENE | SW(C928807F6F6B));
	spin_lock(&normal()->lock);
	set_buddy_order(pg(16), 2);
	add_to_free_list(pg(16), normal(), 2, M, false);
	move_to_free_list(pg(16), normal(), 2, M, H);
	KT_EQ(normal()->nr_free_highatomic, 4);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 4);
	KT_EQ(list_count(normal(), 2, H), 1);
	KT_EQ(list_count(normal(), 2, M), 0);
	KT_EQ(pg(16)->list_mt, H);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 0);	/* checked before the retype: M */
	move_to_free_list(pg(16), normal(), 2, H, ISO);
	KT_EQ(ev.warns[WARN_FREELIST_TYPE], 1);		/* block is M, passed H */
	KT_EQ(normal()->nr_free_highatomic, 0);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 0);
	spin_unlock(&normal()->lock);
}

/* NR_FREE_PAGES_BLOCKS: buddies of pageblock order or more, outside isolation. */
static void test_free_blocks_counter(void)
{
	small_node(64, 3, 5, SW_HYGIENE | SW(C2F6EA38FC1B) | SW(E3AA7DF331BC));
	spin_lock(&normal()->lock);
	set_buddy_order(pg(16), 3);
	__add_to_free_list(pg(16), normal(), 3, M, false);
	set_buddy_order(pg(4), 2);
	__add_to_free_list(pg(4), normal(), 2, M, false);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES_BLOCKS), 8);
	move_to_free_list(pg(16), normal(), 3, M, ISO);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES_BLOCKS), 0);
	move_to_free_list(pg(16), normal(), 3, ISO, M);
	__del_page_from_free_list(pg(16), normal(), 3, M);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES_BLOCKS), 0);
	spin_unlock(&normal()->lock);

	small_node(64, 3, 5, SW_HYGIENE);		/* before defrag_mode: no such counter */
	spin_lock(&normal()->lock);
	set_buddy_order(pg(16), 3);
	__add_to_free_list(pg(16), normal(), 3, M, false);
	spin_unlock(&normal()->lock);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES_BLOCKS), 0);
}

/* get_page_from_free_area(): the head of the list, NULL when empty. */
static void test_get_page(void)
{
	small_node(64, 3, 5, SW_V610);
	KT_ASSERT(get_page_from_free_area(&normal()->free_area[0], M) == NULL);
	KT_EQ(setup_free_buddy(5, 0, M), 0);
	KT_EQ(setup_free_buddy(7, 0, M), 0);
	KT_EQ(page_to_pfn(get_page_from_free_area(&normal()->free_area[0], M)), 7);
	KT_EQ(free_area_empty(&normal()->free_area[0], U), true);
}

/* Counter events seen by a subscriber that names one counter. */
static long masked_calls, masked_sum;

static void masked_counter(void *arg, const struct zone *zone, enum v6_counter c, long delta,
			   const char *func)
{
	(void)arg, (void)zone, (void)func;
	masked_calls++;
	masked_sum += c == CNT_NR_FREE_HIGHATOMIC ? delta : 1000;
}

/* counter_mask: only the named counters reach the callback (0: every one). */
static void test_counter_mask(void)
{
	static const struct v6_events masked = {
		.counter = masked_counter,
		.counter_mask = 1u << CNT_NR_FREE_HIGHATOMIC,
	};

	small_node(64, 3, 5, SW_HYGIENE | SW(C928807F6F6B));
	v6_events_subscribe(&masked, NULL);
	spin_lock(&normal()->lock);
	account_freepages(normal(), 8, M);
	account_freepages(normal(), 4, H);
	account_freepages(normal(), 2, CMA);
	spin_unlock(&normal()->lock);
	KT_EQ(masked_calls, 1);
	KT_EQ(masked_sum, 4);
	KT_EQ(zone_page_state(normal(), NR_FREE_PAGES), 14);
	ev_subscribe();
}

int main(void)
{
	test_account_freepages();
	test_add_del_hygiene();
	test_add_del_v61();
	test_move();
	test_free_blocks_counter();
	test_get_page();
	test_counter_mask();
	node_exit();
	KT_MAIN_END();
}
