// SPDX-License-Identifier: MIT
/*
 * test_v6_oracle.c - the oracle's event and section checks: each state
 * broken in one way fires exactly its check, the unbroken state none,
 * and a tolerance of one variant stays quiet for it.
 * Zone: Normal [0, 1024), blocks of 8, block [8, 16) H (oracle_support.h).
 */
#include "oracle_support.h"

static const char *const presets[] = { "v6.1", "v6.6", "v6.12", "v6.18", "mainline" };

static void test_names(void)
{
	for (int i = 0; i < NR_V6_INV; i++) {
		KT_ASSERT(v6_inv_desc[i].name && v6_inv_desc[i].title);
		KT_EQ(v6_inv_lookup(v6_inv_name(i)), i);
	}
	KT_STREQ(v6_inv_name(V6_W_FREELIST_TYPE), "W-freelist-type");
	KT_STREQ(v6_inv_desc[V6_I6].era1, "I6");
	KT_EQ(v6_inv_lookup("I2"), -1);
}

/* The good state, its reservations and frees: nothing fires, in any preset. */
static void test_clean(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(presets); i++) {
		struct zone *zone = oracle_node(preset(presets[i]));

		if (!KT_EQ(oracle_check_full(), 0))
			print_recorded();
		take_buddy(zone, 8, 3);		/* the reserve all used */
		alloc_by_hand(zone, 16, 3);	/* an order-3 page served from MOVABLE */
		reserve_by_hand(zone, 16);
		list_by_hand(zone, 8, 3, H);	/* freed again */
		if (!KT_EQ(oracle_check_full(), 0))
			print_recorded();
		KT_EQ(zone->nr_reserved_highatomic, 16);
		KT_EQ(v6_oracle.fired, 0);
		oracle_detach();
	}
}

/* A list op naming the wrong type: the kernel's warning, from v6.10 on. */
static void test_freelist_type(void)
{
	struct zone *zone = oracle_node(preset("v6.12"));
	const struct v6_violation *v;

	take_buddy(zone, 0, 3);
	KT_EQ(v6_oracle.fired, 0);
	list_by_hand(zone, 0, 3, U);	/* block [0, 8) is MOVABLE */
	KT_EQ(v6_oracle.fired, INV(V6_W_FREELIST_TYPE));
	v = recorded(V6_W_FREELIST_TYPE);
	KT_REQUIRE(v != NULL);
	KT_EQ(v->expected, M);
	KT_EQ(v->actual, U);
	KT_STREQ(v->msg, "page type is 1, passed migratetype is 0 (nr=8)");
	/* the full check sees the state: a buddy on a list not its block's */
	oracle_check_full();
	KT_EQ(v6_oracle.fired, INV(V6_W_FREELIST_TYPE) | INV(V6_I8));
	KT_STREQ(recorded(V6_I8)->detail, "list-type");
	oracle_detach();

	/* v6.1: a list type other than the block's is how it works */
	zone = oracle_node(preset("v6.1"));
	take_buddy(zone, 0, 3);
	list_by_hand(zone, 0, 3, U);
	KT_EQ(oracle_check_full(), 0);
	oracle_detach();
}

/* An H block's page on the MOVABLE list (T1): H-list, in v6.1 too. */
static void test_h_list(void)
{
	struct zone *zone = oracle_node(preset("v6.1"));

	take_buddy(zone, 8, 3);
	list_by_hand(zone, 8, 3, M);
	KT_EQ(v6_oracle.fired, INV(V6_H_LIST));
	oracle_reset();
	KT_EQ(oracle_check_full(), 1);
	KT_EQ(v6_oracle.fired, INV(V6_H_LIST));
	oracle_detach();

	/* the other way: a MOVABLE block's page on the H list (stale pcp type) */
	zone = oracle_node(preset("v6.1"));
	take_buddy(zone, 0, 3);
	list_by_hand(zone, 0, 3, H);
	KT_EQ(v6_oracle.fired, INV(V6_H_LIST));
	oracle_detach();
}

/* The counter against the H blocks. */
static void test_i1(void)
{
	struct zone *zone = oracle_node(preset("v6.6"));

	KT_EQ(oracle_check_cheap(), 0);
	zone->nr_reserved_highatomic = 16;	/* one block, counted twice */
	KT_EQ(oracle_check_cheap(), 1);
	KT_EQ(v6_oracle.fired, INV(V6_I1));
	KT_EQ(recorded(V6_I1)->expected, 8);
	KT_EQ(recorded(V6_I1)->actual, 16);
	KT_EQ(oracle_check_cheap(), 0);	/* the same mismatch is not reported again */
	/* a state set so on purpose is the baseline */
	oracle_resync();
	oracle_reset();
	KT_EQ(oracle_check_full(), 0);
	oracle_detach();
}

/* An order-3 allocation of the block at @pfn, and its reservation. */
static void reserve_block(struct zone *zone, unsigned long pfn)
{
	alloc_by_hand(zone, pfn, 3);
	reserve_by_hand(zone, pfn);
}

/*
 * A block straddling two zones (DMA32 [0, 516), Normal [516, 1024)), H and
 * counted in Normal as v6.1 reserves it: each zone's counter lies between
 * its blocks inside and its blocks touching; its DMA32 pages on a MOVABLE
 * list are no H-list before v6.10.
 */
static void test_straddle_tolerated(void)
{
	straddle_node(preset("v6.1"));
	KT_REQUIRE(setup_free_buddy(512, 2, M) == 0);
	block_type(512, H);
	setup_reserved_highatomic(zone_of(ZONE_NORMAL), 8);
	oracle_attach();
	KT_EQ(oracle_check_full(), 0);
	zone_of(ZONE_DMA32)->nr_reserved_highatomic = 8;	/* counted in both */
	KT_EQ(oracle_check_cheap(), 0);
	zone_of(ZONE_DMA32)->nr_reserved_highatomic = 16;	/* more than touch it */
	KT_EQ(oracle_check_cheap(), 1);
	KT_EQ(v6_oracle.fired, INV(V6_I1));
	oracle_detach();

	/* v6.10 never leaves an H block's pages on another list */
	straddle_node(preset("v6.12"));
	KT_REQUIRE(setup_free_buddy(512, 2, M) == 0);
	block_type(512, H);
	setup_reserved_highatomic(zone_of(ZONE_NORMAL), 8);
	oracle_attach();
	oracle_check_full();
	KT_ASSERT(v6_inv_fired(V6_H_LIST));
	oracle_detach();
}

/* A reservation past the cap, and in a zone under 100 blocks. */
static void test_cap(void)
{
	struct zone *zone = oracle_node(preset("v6.6"));

	take_buddy(zone, 8, 3);	/* no free H page: the reserve grows rightly */
	reserve_block(zone, 16);	/* 16: at the cap ALIGN(1024/100, 8) */
	KT_EQ(v6_oracle.fired, 0);
	reserve_block(zone, 24);	/* 24 */
	KT_EQ(v6_oracle.fired, INV(V6_H_CAP));
	KT_STREQ(recorded(V6_H_CAP)->detail, "over-cap");
	KT_EQ(recorded(V6_H_CAP)->expected, 16);
	oracle_detach();

	/* 7cc5a5d65011: an order-4 (two block) reservation may end a block past */
	zone = oracle_node(preset("v6.12"));
	take_buddy(zone, 8, 3);
	alloc_by_hand(zone, 16, 4);
	reserve_highatomic_pageblock(pg(16), 4, zone);
	KT_EQ(zone->nr_reserved_highatomic, 24);
	KT_EQ(v6_oracle.fired, 0);
	reserve_block(zone, 32);	/* one block more: past what a block may add */
	KT_EQ(v6_oracle.fired, INV(V6_H_CAP));
	KT_EQ(recorded(V6_H_CAP)->expected, 16);
	oracle_detach();

	/* 64 pages: no reserve at all (9cd20f3fe045) */
	small_node(64, 3, 5, preset("v6.1"));
	setup_free_range(0, 64);
	oracle_attach();
	reserve_block(zone_of(ZONE_NORMAL), 8);
	KT_EQ(v6_oracle.fired, INV(V6_H_CAP));
	KT_STREQ(recorded(V6_H_CAP)->detail, "small-zone");
	oracle_detach();
}

/* An H block retyped in a section without a decrement: claimed. */
static void test_claim(void)
{
	struct zone *zone = oracle_node(preset("v6.12"));

	spin_lock(&zone->lock);
	move_freepages_block(zone, pg(8), H, U);	/* try_to_claim_block's steps */
	spin_unlock(&zone->lock);
	KT_EQ(v6_oracle.fired, INV(V6_H_CLAIM));
	KT_STREQ(recorded(V6_H_CLAIM)->detail, "move_freepages_block");
	if (!KT_EQ(oracle_check_full(), 0))	/* the phantom block is the claim's, not I1's */
		print_recorded();
	oracle_detach();

	/* the same with the decrement: unreserve */
	zone = oracle_node(preset("v6.12"));
	spin_lock(&zone->lock);
	zone->nr_reserved_highatomic -= 8;
	V6_EVENT(counter, zone, CNT_NR_RESERVED_HIGHATOMIC, -8L, "unreserve_highatomic_pageblock");
	move_freepages_block(zone, pg(8), H, U);
	spin_unlock(&zone->lock);
	KT_EQ(oracle_check_full(), 0);
	oracle_detach();

	/* a counter already short (I1), clamped at zero by unreserve: no claim */
	zone = oracle_node(preset("v6.12"));
	zone->nr_reserved_highatomic = 2;
	KT_EQ(oracle_check_cheap(), 1);
	spin_lock(&zone->lock);
	zone->nr_reserved_highatomic = 0;
	V6_EVENT(counter, zone, CNT_NR_RESERVED_HIGHATOMIC, -2L, "unreserve_highatomic_pageblock");
	move_freepages_block(zone, pg(8), H, U);
	spin_unlock(&zone->lock);
	KT_EQ(v6_oracle.fired, INV(V6_I1));
	KT_EQ(oracle_check_full(), 0);
	oracle_detach();
}

/* Isolating an H block is no claim; v6.1 writes ISOLATE as its type. */
static void test_isolation_tolerated(void)
{
	struct zone *zone = oracle_node(preset("v6.1"));

	spin_lock(&zone->lock);
	set_pageblock_migratetype(pg(8), ISO);
	move_freepages_block(zone, pg(8), H, ISO);
	__mod_zone_freepage_state(zone, -8, H);
	spin_unlock(&zone->lock);
	KT_EQ(oracle_check_full(), 0);
	spin_lock(&zone->lock);
	set_pageblock_migratetype(pg(8), H);
	move_freepages_block(zone, pg(8), ISO, H);
	__mod_zone_freepage_state(zone, 8, H);
	spin_unlock(&zone->lock);
	KT_EQ(oracle_check_full(), 0);
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();

	/* the isolate bit (moves, then toggles the bit): the block stays H under it */
	zone = oracle_node(preset("v6.18") | V6_BIT(V6_ISOLATE_BIT));
	spin_lock(&zone->lock);
	__move_freepages_block(zone, 8, H, ISO);
	set_pageblock_isolate(pg(8));
	spin_unlock(&zone->lock);
	KT_EQ(get_pageblock_migratetype(pg(8)), ISO);
	KT_EQ(oracle_check_full(), 0);
	spin_lock(&zone->lock);
	__move_freepages_block(zone, 8, ISO, H);
	clear_pageblock_isolate(pg(8));
	spin_unlock(&zone->lock);
	KT_EQ(oracle_check_full(), 0);
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();
}

/* nr_free_highatomic (c928807f6f6b) against the H lists. */
static void test_h_free(void)
{
	struct zone *zone = oracle_node(preset("v6.12"));

	KT_EQ(zone->nr_free_highatomic, 8);
	zone->nr_free_highatomic--;
	KT_EQ(oracle_check_cheap(), 1);
	KT_EQ(v6_oracle.fired, INV(V6_H_FREE));
	oracle_detach();

	/* v6.6 has no such counter: whatever it holds is not judged */
	zone = oracle_node(preset("v6.6"));
	zone->nr_free_highatomic = 5;
	KT_EQ(oracle_check_cheap(), 0);
	oracle_detach();
}

/* NR_FREE_PAGES, CMA, blocks: the counters against the lists. */
static void test_i9(void)
{
	struct zone *zone = oracle_node(preset("v6.18"));

	setup_nr_free_pages(zone, 100);	/* the difference is per-cpu deltas */
	KT_EQ(oracle_check_cheap(), 0);
	zone->vm_stat[NR_FREE_PAGES]++;
	KT_EQ(oracle_check_cheap(), 1);
	KT_EQ(v6_oracle.fired, INV(V6_I9));
	oracle_reset();
	zone->vm_stat[NR_FREE_PAGES]--;
	zone->vm_stat[NR_FREE_PAGES_BLOCKS] += 8;
	KT_EQ(oracle_check_cheap(), 1);
	KT_EQ(v6_oracle.fired, INV(V6_I9));
	oracle_detach();

	/* before defrag_mode's series the blocks counter is not kept */
	zone = oracle_node(preset("v6.12"));
	zone->vm_stat[NR_FREE_PAGES_BLOCKS] += 8;
	KT_EQ(oracle_check_cheap(), 0);
	oracle_detach();
}

/* Growing the reserve while an H buddy could have served the order. */
static void test_grow(void)
{
	struct zone *zone = oracle_node(preset("v6.18"));

	alloc_by_hand(zone, 16, 1);	/* an order-1 page served from MOVABLE */
	reserve_by_hand(zone, 16);
	KT_EQ(v6_oracle.fired, INV(V6_H_GROW));
	KT_EQ(recorded(V6_H_GROW)->actual, 8);	/* block [8, 16) was free */
	oracle_detach();

	/* the reserve's only free page is order 0: order 1 did not fit */
	zone = oracle_node(preset("v6.18"));
	take_buddy(zone, 8, 3);
	list_by_hand(zone, 8, 0, H);
	alloc_by_hand(zone, 16, 1);
	reserve_by_hand(zone, 16);
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();
}

/* The kernel's own warnings, as the core emits them. */
static void test_warnings(void)
{
	long args[3] = { 3, 1, 8 };

	oracle_node(preset("v6.18"));
	v6_warn(WARN_RESERVE_UNDERFLOW, 8, NULL, 0);
	KT_EQ(v6_oracle.fired, INV(V6_W_RESERVE_UNDERFLOW));
	v6_warn(WARN_UNRESERVE_MOVE_FAILED, 8, NULL, 0);
	KT_EQ(v6_oracle.fired, INV(V6_W_RESERVE_UNDERFLOW) | INV(V6_W_UNRESERVE_MOVE));
	/* the type warning is the oracle's own judgement, not the core's word */
	oracle_reset();
	v6_warn(WARN_FREELIST_TYPE, 8, args, 3);
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();
}

/* The fast path served a zone whose reserve exceeds its free pages (T4). */
static void test_wmark_fast(void)
{
	struct zone *zone = oracle_node(preset("v6.6"));

	alloc_by_hand(zone, 16, 0);
	oracle_alloc_done(GFP_KERNEL, 0, 16, false);
	KT_EQ(v6_oracle.fired, 0);
	zone->nr_reserved_highatomic = 2048;	/* v6.6 holds back the whole reserve */
	oracle_resync();			/* a drifted state, as T4 starts */
	alloc_by_hand(zone, 17, 0);
	oracle_alloc_done(GFP_KERNEL, 0, 17, true);	/* the slow path: its own rules */
	KT_EQ(v6_oracle.fired, 0);
	alloc_by_hand(zone, 18, 0);
	oracle_alloc_done(GFP_KERNEL, 0, 18, false);
	KT_EQ(v6_oracle.fired, INV(V6_WMARK_FAST));
	oracle_detach();

	/* v6.12 holds back the free H pages only */
	zone = oracle_node(preset("v6.12"));
	zone->nr_reserved_highatomic = 2048;
	oracle_resync();
	alloc_by_hand(zone, 16, 0);
	oracle_alloc_done(GFP_KERNEL, 0, 16, false);
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();
}

/* An atomic order-1 request served outside a reserve that had room (T10). */
static void test_h_unused(void)
{
	struct zone *zone = oracle_node(preset("mainline"));
	struct page *page;

	alloc_by_hand(zone, 16, 1);
	oracle_alloc_done(GFP_KERNEL, 1, 16, false);	/* not what the reserve is for */
	KT_EQ(v6_oracle.fired, 0);
	alloc_by_hand(zone, 8, 1);
	oracle_alloc_done(GFP_ATOMIC, 1, 8, true);	/* served from it */
	KT_EQ(v6_oracle.fired, 0);
	/* a pcp list that held the page: served first in every kernel */
	V6_EVENT(pcp, zone, 0, 24, 1, order_to_pindex(U, 1), false);
	oracle_alloc_done(GFP_ATOMIC, 1, 24, false);
	KT_EQ(v6_oracle.fired, 0);
	alloc_by_hand(zone, 18, 1);
	oracle_alloc_done(GFP_ATOMIC, 1, 18, false);
	KT_EQ(v6_oracle.fired, INV(V6_H_UNUSED));
	KT_EQ(recorded(V6_H_UNUSED)->actual, 6);	/* [10, 16) of the H block */
	oracle_detach();

	/*
	 * Served by the slow path's no-watermarks retry (__GFP_MEMALLOC),
	 * whose flags drop ALLOC_HIGHATOMIC: the kernel does not try H.
	 */
	zone = oracle_node(preset("mainline"));
	setup_watermarks(zone, 4000, 4100, 4200);
	set_current(0, false);
	page = __alloc_pages(GFP_ATOMIC | __GFP_MEMALLOC, 1);
	KT_REQUIRE(page != NULL);
	KT_EQ(contig_page_data.last_alloc.alloc_flags & ALLOC_NO_WATERMARKS, ALLOC_NO_WATERMARKS);
	KT_ASSERT(get_pageblock_migratetype(page) != H);
	oracle_alloc_done(GFP_ATOMIC | __GFP_MEMALLOC, 1, page_to_pfn(page), true);
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();
}

/* A request that may sleep served from an H block by the buddy: stolen. */
static void test_stolen(void)
{
	struct zone *zone = oracle_node(preset("v6.18"));

	alloc_by_hand(zone, 8, 0);
	oracle_alloc_done(GFP_ATOMIC, 0, 8, true);	/* 281dd25c1a01's fallback */
	KT_EQ(v6_oracle.fired, 0);
	alloc_by_hand(zone, 9, 0);
	oracle_alloc_done(GFP_KERNEL, 0, 9, true);
	KT_EQ(v6_oracle.fired, INV(V6_H_CLAIM));
	KT_STREQ(recorded(V6_H_CLAIM)->detail, "stolen");
	oracle_reset();
	/* off the MOVABLE pcp list, where H pages ride: any movable request */
	V6_EVENT(pcp, zone, 0, 10, 0, order_to_pindex(M, 0), false);
	oracle_alloc_done(GFP_HIGHUSER_MOVABLE, 0, 10, false);
	KT_EQ(v6_oracle.fired, 0);
	oracle_detach();
}

int main(void)
{
	test_names();
	test_clean();
	test_freelist_type();
	test_h_list();
	test_i1();
	test_straddle_tolerated();
	test_cap();
	test_claim();
	test_isolation_tolerated();
	test_h_free();
	test_i9();
	test_grow();
	test_warnings();
	test_wmark_fast();
	test_h_unused();
	test_stolen();
	KT_MAIN_END();
}
