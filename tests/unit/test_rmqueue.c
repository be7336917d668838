// SPDX-License-Identifier: MIT
/*
 * test_rmqueue.c - taking pages off the free lists (spec §2.2 - §2.8):
 * expand, __rmqueue_smallest, the fallbacks[] table, can_steal_fallback,
 * find_suitable_fallback, __rmqueue_fallback (largest first, stealing,
 * claiming, retyping), HIGHATOMIC never being a fallback, buffered_rmqueue
 * (pcp refill for order 0, H first for order > 0 with ALLOC_HARDER) and
 * the zone-span checks of move_freepages_block.
 *
 * Geometry unless stated: one Normal zone [0, 64), pageblock_order 3
 * (8-page blocks, so pageblock_order/2 = 1 and half a block = 4 pages),
 * MAX_ORDER 5 (orders 0..4), 2 CPUs; 64 >= pb x MIGRATE_TYPES = 48 keeps
 * mobility grouping on.  Expected values are derived from the spec by
 * hand in the comments.
 */
#include "support.h"

#define END	MIGRATE_TYPES

/* ---- helpers ---- */

/* The cached type of an allocated page, -1 for NULL (a failed check, not a crash). */
static int cached_mt(const struct page *page)
{
	return page ? get_pcppage_migratetype(page) : -1;
}

/*
 * What buffered_rmqueue does around __rmqueue*: the lock, and taking the
 * allocated pages out of NR_FREE_PAGES (so that check_node_full agrees).
 */
static struct page *take(struct page *(*rmq)(struct zone *, unsigned int, int),
			 struct zone *z, unsigned int order, int mt)
{
	struct page *page;

	spin_lock(&z->lock);
	page = rmq(z, order, mt);
	if (page)
		__mod_zone_freepage_state(z, -(1L << order), get_pcppage_migratetype(page));
	spin_unlock(&z->lock);
	return page;
}

static struct page *smallest(struct zone *z, unsigned int order, int mt)
{
	return take(__rmqueue_smallest, z, order, mt);
}

static struct page *fallback(struct zone *z, unsigned int order, int mt)
{
	return take(__rmqueue_fallback, z, order, mt);
}

static struct page *rmqueue(struct zone *z, unsigned int order, int mt)
{
	return take(__rmqueue, z, order, mt);
}

/* Unlink a free buddy head as __rmqueue_smallest does before expand(). */
static void unlink_buddy(struct zone *z, unsigned long pfn)
{
	struct page *page = pg(pfn);
	unsigned int order = page_order(page);

	list_del(&page->lru);
	z->free_area[order].nr_free--;
	rmv_page_order(page);
}

/* ---- expand, __rmqueue_smallest ---- */

/* Remainders go on the REQUESTED type's lists, not the block's or the source list's. */
static void test_expand(void)
{
	struct zone *z = boot_normal64();

	put_buddy(0, 3, M);			/* block 0 is MOVABLE */
	unlink_buddy(z, 0);
	expand(z, pg(0), 0, 3, &z->free_area[3], U);
	/* halves of 0..7: 4..7 (o2), 2..3 (o1), 1 (o0) */
	KT_EQ(list_pfn(buddy_list(z, 2, U), 0), 4);
	KT_EQ(list_pfn(buddy_list(z, 1, U), 0), 2);
	KT_EQ(list_pfn(buddy_list(z, 0, U), 0), 1);
	KT_EQ(page_order(pg(4)), 2);
	KT_EQ(page_order(pg(2)), 1);
	KT_ASSERT(PageBuddy(pg(1)) && page_order(pg(1)) == 0);
	KT_ASSERT(!PageBuddy(pg(0)));
	for (unsigned int o = 0; o < 3; o++) {
		KT_EQ(z->free_area[o].nr_free, 1);
		KT_EQ(list_len(buddy_list(z, o, M)), 0);
	}
	KT_EQ(z->free_area[3].nr_free, 0);
	KT_EQ(block_mt(0), M);			/* expand never retypes */
	__mod_zone_freepage_state(z, -1, U);	/* the caller's accounting */

	/* low > 0: an order-4 buddy split down to order 1 for RECLAIMABLE */
	put_buddy(16, 4, M);
	unlink_buddy(z, 16);
	expand(z, pg(16), 1, 4, &z->free_area[4], E);
	/* 24..31 (o3), 20..23 (o2), 18..19 (o1); 16..17 is the order-1 page */
	KT_EQ(list_pfn(buddy_list(z, 3, E), 0), 24);
	KT_EQ(list_pfn(buddy_list(z, 2, E), 0), 20);
	KT_EQ(list_pfn(buddy_list(z, 1, E), 0), 18);
	KT_EQ(list_len(buddy_list(z, 0, E)), 0);
	KT_ASSERT(!PageBuddy(pg(17)));
	KT_EQ(z->free_area[4].nr_free, 0);
	__mod_zone_freepage_state(z, -2, E);
	KT_EQ(nr_free_pages(z), 7 + 14);
	expect_clean();
}

/* Smallest order first, head of the list, cached type = the list's type. */
static void test_rmqueue_smallest(void)
{
	struct zone *z = boot_normal64();
	struct page *p;

	setup_pageblock_type(0, U);		/* block 0 U, its buddies on M lists */
	put_buddy(2, 1, M);
	put_buddy(10, 1, M);			/* [1][M] = [10, 2] */
	put_buddy(16, 3, M);
	KT_EQ(list_pfn(buddy_list(z, 1, M), 0), 10);

	pg(10)->index = CMA;			/* garbage, to see it set */
	p = smallest(z, 0, M);			/* order 0 empty, order 1: head 10 */
	KT_EQ(pfn_of(p), 10);
	KT_EQ(get_pcppage_migratetype(pg(10)), M);
	KT_EQ(list_pfn(buddy_list(z, 0, M), 0), 11);	/* the remainder */
	KT_EQ(z->free_area[1].nr_free, 1);
	KT_EQ(z->free_area[3].nr_free, 1);	/* the order-3 buddy untouched */
	KT_ASSERT(PageBuddy(pg(16)) && page_order(pg(16)) == 3);

	pg(2)->index = CMA;
	p = smallest(z, 1, M);			/* 2..3 in a U block, taken off an M list */
	KT_EQ(pfn_of(p), 2);
	KT_EQ(get_pcppage_migratetype(pg(2)), M);
	KT_EQ(z->free_area[1].nr_free, 0);

	KT_EQ(pfn_of(smallest(z, 0, M)), 11);	/* order 0 again before any split */
	p = smallest(z, 0, M);			/* only 16 (o3) left: split */
	KT_EQ(pfn_of(p), 16);
	KT_EQ(list_pfn(buddy_list(z, 2, M), 0), 20);
	KT_EQ(list_pfn(buddy_list(z, 1, M), 0), 18);
	KT_EQ(list_pfn(buddy_list(z, 0, M), 0), 17);

	/* no fallback in __rmqueue_smallest: other types' lists are not its business */
	KT_ASSERT(smallest(z, 3, M) == NULL);	/* largest M buddy is order 2 now */
	KT_ASSERT(smallest(z, 0, U) == NULL);	/* block 0 is U, but no U list has pages */
	KT_ASSERT(smallest(z, 0, E) == NULL);
	KT_EQ(nr_free_pages(z), 7);		/* 17, 18..19, 20..23 */
	expect_clean();
}

/* ---- the fallback family ---- */

static void test_fallbacks_table(void)
{
	/* U -> E, M */
	KT_EQ(fallbacks[U][0], E);
	KT_EQ(fallbacks[U][1], M);
	KT_EQ(fallbacks[U][2], END);
	/* M -> E, U */
	KT_EQ(fallbacks[M][0], E);
	KT_EQ(fallbacks[M][1], U);
	KT_EQ(fallbacks[M][2], END);
	/* E -> U, M */
	KT_EQ(fallbacks[E][0], U);
	KT_EQ(fallbacks[E][1], M);
	KT_EQ(fallbacks[E][2], END);
	/* H: the kernel's row is zero-filled, UNMOVABLE (an invalid gfp mask) */
	KT_EQ(fallbacks[H][0], U);
	KT_EQ(fallbacks[H][1], END);
	/* CMA, ISOLATE: none */
	KT_EQ(fallbacks[CMA][0], END);
	KT_EQ(fallbacks[ISO][0], END);
	/* no row names H as a fallback */
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		for (int i = 0; i < 4 && fallbacks[mt][i] != END; i++)
			KT_NE(fallbacks[mt][i], H);
}

/* can_steal_fallback with pageblock_order 9 (the x86-64 value: pb/2 = 4), 3, and grouping off. */
static void test_can_steal_fallback(void)
{
	boot_small(9, 11, 0, 0, 0, 4096);	/* 4096 >= 512 x 6: grouping on */
	KT_ASSERT(!page_group_by_mobility_disabled);
	KT_ASSERT(can_steal_fallback(9, M));	/* >= pageblock_order */
	KT_ASSERT(can_steal_fallback(10, M));
	KT_ASSERT(can_steal_fallback(8, M));	/* >= pageblock_order / 2 */
	KT_ASSERT(can_steal_fallback(4, M));
	KT_ASSERT(!can_steal_fallback(3, M));
	KT_ASSERT(!can_steal_fallback(0, M));
	KT_ASSERT(can_steal_fallback(0, U));	/* unmovable and reclaimable: always */
	KT_ASSERT(can_steal_fallback(0, E));
	KT_ASSERT(can_steal_fallback(3, E));

	boot_normal64();			/* pageblock_order 3: pb/2 = 1 */
	KT_ASSERT(!can_steal_fallback(0, M));
	KT_ASSERT(can_steal_fallback(1, M));
	KT_ASSERT(can_steal_fallback(0, U));

	boot_small(3, 5, 0, 0, 0, 40);		/* 40 < 8 x 6: grouping disabled */
	KT_ASSERT(page_group_by_mobility_disabled);
	KT_ASSERT(can_steal_fallback(0, M));
}

/* find_suitable_fallback: the first non-empty fallback list, in table order. */
static void test_find_suitable_fallback(void)
{
	struct zone *z = boot_normal64();
	struct free_area *a0 = &z->free_area[0];
	bool can_steal = true;

	KT_EQ(find_suitable_fallback(a0, 0, U, false, &can_steal), -1);	/* nr_free 0 */
	KT_ASSERT(!can_steal);

	put_buddy(1, 0, E);
	put_buddy(3, 0, M);
	KT_EQ(find_suitable_fallback(a0, 0, U, false, &can_steal), E);	/* E before M */
	KT_ASSERT(can_steal);						/* U start */
	KT_EQ(find_suitable_fallback(a0, 0, M, false, &can_steal), E);
	KT_ASSERT(!can_steal);						/* M, order 0 < pb/2 */
	KT_EQ(find_suitable_fallback(a0, 0, M, true, &can_steal), -1);	/* only stealable */
	KT_EQ(find_suitable_fallback(a0, 0, E, false, &can_steal), M);	/* U empty: M */
	put_buddy(5, 0, U);
	KT_EQ(find_suitable_fallback(a0, 0, E, false, &can_steal), U);	/* U before M */

	put_buddy(9, 0, H);
	put_buddy(11, 0, CMA);
	KT_EQ(find_suitable_fallback(a0, 0, H, false, &can_steal), U);	/* the zero row */
	KT_ASSERT(!can_steal);						/* H, order 0 */
	KT_EQ(find_suitable_fallback(a0, 0, CMA, false, &can_steal), -1);
	KT_EQ(find_suitable_fallback(a0, 0, ISO, false, &can_steal), -1);
	expect_clean();
}

/* The LARGEST fallback buddy first; a whole-block buddy retypes its block. */
static void test_fallback_largest_first(void)
{
	struct zone *z = boot_normal64();
	struct page *p;

	put_buddy(1, 0, M);			/* block 0 */
	put_buddy(12, 2, M);			/* block 1 */
	put_buddy(16, 3, M);			/* block 2, whole */
	p = fallback(z, 0, U);
	/* orders 4..0 from the top: order 3 (16) is the largest M buddy */
	KT_EQ(pfn_of(p), 16);
	KT_EQ(cached_mt(p), U);	/* the requested type */
	/* 3 >= pageblock_order: change_pageblock_range retypes block 2 */
	KT_EQ(block_mt(16), U);
	KT_EQ(block_mt(0), M);
	KT_EQ(block_mt(8), M);
	/* remainders 20 (o2), 18 (o1), 17 (o0) on the U lists */
	KT_EQ(list_pfn(buddy_list(z, 2, U), 0), 20);
	KT_EQ(list_pfn(buddy_list(z, 1, U), 0), 18);
	KT_EQ(list_pfn(buddy_list(z, 0, U), 0), 17);
	/* the other blocks' buddies untouched */
	KT_EQ(list_pfn(buddy_list(z, 0, M), 0), 1);
	KT_EQ(list_pfn(buddy_list(z, 2, M), 0), 12);
	KT_EQ(z->free_area[3].nr_free, 0);
	KT_EQ(z->free_area[2].nr_free, 2);
	KT_EQ(z->free_area[0].nr_free, 2);
	expect_clean();

	/* an order-4 buddy covers two blocks: both retyped */
	z = boot_normal64();
	put_buddy(0, 4, M);
	put_buddy(16, 0, M);
	p = fallback(z, 0, E);
	KT_EQ(pfn_of(p), 0);
	KT_EQ(block_mt(0), E);
	KT_EQ(block_mt(8), E);
	KT_EQ(block_mt(16), M);
	KT_EQ(list_pfn(buddy_list(z, 3, E), 0), 8);
	KT_EQ(list_pfn(buddy_list(z, 2, E), 0), 4);
	KT_EQ(list_pfn(buddy_list(z, 1, E), 0), 2);
	KT_EQ(list_pfn(buddy_list(z, 0, E), 0), 1);
	KT_EQ(list_pfn(buddy_list(z, 0, M), 0), 16);
	KT_EQ(nr_free_pages(z), 16);		/* 17 - 1 */
	expect_clean();
}

/* A buddy below a block: move the block's free pages; claim at >= half a block. */
static void test_fallback_steal_claim(void)
{
	struct zone *z = boot_normal64();
	struct page *p;

	/* exactly half: 8..11 free in block 1 -> moved 4 = pb/2 -> claimed */
	put_buddy(8, 2, M);
	put_buddy(17, 0, M);			/* block 2: not involved */
	p = fallback(z, 0, U);
	KT_EQ(pfn_of(p), 8);
	KT_EQ(block_mt(8), U);
	KT_EQ(block_mt(16), M);
	KT_EQ(list_pfn(buddy_list(z, 1, U), 0), 10);
	KT_EQ(list_pfn(buddy_list(z, 0, U), 0), 9);
	KT_EQ(list_pfn(buddy_list(z, 0, M), 0), 17);
	KT_EQ(list_len(buddy_list(z, 2, M)), 0);
	expect_clean();

	/* below half: 8..9 and 14 -> moved 3 < 4: block stays M, pages moved anyway */
	z = boot_normal64();
	put_buddy(8, 1, M);
	put_buddy(14, 0, M);
	p = fallback(z, 0, U);
	KT_EQ(pfn_of(p), 8);			/* order 1 is the largest */
	KT_EQ(block_mt(8), M);
	KT_ASSERT(list_has_pfn(buddy_list(z, 0, U), 9));	/* remainder */
	KT_ASSERT(list_has_pfn(buddy_list(z, 0, U), 14));	/* moved by move_freepages_block */
	KT_EQ(list_len(buddy_list(z, 0, U)), 2);
	KT_EQ(list_len(buddy_list(z, 0, M)), 0);
	KT_EQ(list_len(buddy_list(z, 1, M)), 0);
	expect_clean();

	/* MOVABLE start, order-0 buddy: can_steal(0, M) false -> nothing moved */
	z = boot_normal64();
	setup_pageblock_type(24, U);
	put_buddy(24, 0, U);
	put_buddy(30, 0, U);			/* [0][U] = [30, 24] */
	p = fallback(z, 0, M);
	KT_EQ(pfn_of(p), 30);
	KT_EQ(cached_mt(p), M);	/* the start type, not the block's U */
	KT_EQ(block_mt(24), U);
	KT_EQ(list_pfn(buddy_list(z, 0, U), 0), 24);	/* left where it was */
	KT_EQ(list_len(buddy_list(z, 0, M)), 0);
	expect_clean();

	/*
	 * Grouping disabled (40 < 8 x 6 pages): any steal claims the block,
	 * and set_pageblock_migratetype stores E as UNMOVABLE (spec §2.1).
	 */
	boot_small(3, 5, 0, 0, 0, 40);
	z = node_zone(ZONE_NORMAL);
	KT_ASSERT(page_group_by_mobility_disabled);
	put_buddy(8, 0, M);			/* block 1 is MOVABLE from boot */
	p = fallback(z, 0, E);			/* moved 1 < 4, claimed anyway */
	KT_EQ(pfn_of(p), 8);
	KT_EQ(block_mt(8), U);
	KT_EQ(block_mt(0), M);
	expect_clean();
}

/* __rmqueue: own type, then CMA (MOVABLE only), then the fallback lists. */
static void test_rmqueue_order(void)
{
	struct zone *z = boot_normal64();
	struct page *p;

	/* order-3 buddies 0 (U, block 0), 16 and 48 (E, blocks 2, 6), 32 (CMA, block 4) */
	setup_pageblock_type(0, U);
	setup_pageblock_type(32, CMA);
	put_buddy(0, 3, U);
	put_buddy(16, 3, E);
	put_buddy(32, 3, CMA);
	put_buddy(48, 3, E);			/* [3][E] = [48, 16] */
	KT_EQ(z->vm_stat[NR_FREE_CMA_PAGES], 8);

	KT_EQ(pfn_of(rmqueue(z, 3, U)), 0);	/* own type first */
	KT_EQ(block_mt(48), M);
	/* U: no CMA step, so the fallback (E first): head 48, whole block retyped */
	KT_EQ(pfn_of(rmqueue(z, 3, U)), 48);
	KT_EQ(block_mt(48), U);
	KT_EQ(list_pfn(buddy_list(z, 3, CMA), 0), 32);

	p = rmqueue(z, 3, M);			/* M: CMA before any fallback */
	KT_EQ(pfn_of(p), 32);
	KT_EQ(cached_mt(p), CMA);
	KT_EQ(block_mt(32), CMA);
	KT_EQ(list_pfn(buddy_list(z, 3, E), 0), 16);
	KT_EQ(z->vm_stat[NR_FREE_CMA_PAGES], 0);

	p = rmqueue(z, 3, M);			/* CMA empty: fallback E, retyped M */
	KT_EQ(pfn_of(p), 16);
	KT_EQ(cached_mt(p), M);
	KT_EQ(block_mt(16), M);
	KT_ASSERT(rmqueue(z, 0, U) == NULL);
	KT_EQ(nr_free_pages(z), 0);
	expect_clean();
}

/*
 * HIGHATOMIC is never a fallback: with free pages only on H lists,
 * order 0 and non-HARDER order > 0 fail; ALLOC_HARDER order > 0 succeeds.
 */
static void test_highatomic_never_fallback(void)
{
	struct zone *z = boot_normal64();
	unsigned long pgalloc;
	struct page *p;

	setup_pageblock_type(16, H);
	setup_reserved_highatomic(z, 8);
	put_buddy(16, 3, H);
	KT_EQ(nr_free_pages(z), 8);

	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
		KT_ASSERT(rmqueue(z, 0, mt) == NULL);
		KT_ASSERT(rmqueue(z, 1, mt) == NULL);
		KT_ASSERT(fallback(z, 0, mt) == NULL);
		KT_ASSERT(buffered_rmqueue(z, z, 0, GFP_ATOMIC, ALLOC_WMARK_MIN | ALLOC_HARDER |
					   ALLOC_HIGH, mt) == NULL);	/* order 0: never H */
		KT_ASSERT(buffered_rmqueue(z, z, 1, GFP_KERNEL, ALLOC_WMARK_MIN, mt) == NULL);
	}
	KT_EQ(z->pageset[0].count, 0);
	KT_EQ(list_pfn(buddy_list(z, 3, H), 0), 16);
	KT_EQ(z->free_area[3].nr_free, 1);
	KT_EQ(nr_free_pages(z), 8);
	KT_EQ(block_mt(16), H);

	pgalloc = contig_page_data.pgalloc;
	p = buffered_rmqueue(z, z, 1, GFP_ATOMIC, ALLOC_WMARK_MIN | ALLOC_HARDER | ALLOC_HIGH, U);
	KT_EQ(pfn_of(p), 16);
	KT_EQ(cached_mt(p), H);
	KT_EQ(list_pfn(buddy_list(z, 1, H), 0), 18);	/* remainders stay H */
	KT_EQ(list_pfn(buddy_list(z, 2, H), 0), 20);
	KT_EQ(list_len(buddy_list(z, 1, U)), 0);
	KT_EQ(block_mt(16), H);
	KT_EQ(nr_free_pages(z), 6);
	KT_EQ(contig_page_data.pgalloc, pgalloc + 2);
	expect_clean();
}

/* ---- buffered_rmqueue ---- */

/* Order 0: refill this CPU's pcp list with rmqueue_bulk(batch), take the head. */
static void test_buffered_order0(void)
{
	struct zone *z = boot_normal64();
	struct list_head *l0 = pcp_list(z, 0, M);
	struct page *p;

	for (unsigned int cpu = 0; cpu < 2; cpu++) {
		z->pageset[cpu].batch = 3;
		z->pageset[cpu].high = 100;
	}
	put_buddy(8, 2, M);
	/*
	 * bulk(3): 8 (split: 10 o1, 9 o0), then 9 (order 0), then 10 (split:
	 * 11 o0); appended in that order: [8, 9, 10]; hot takes the head 8.
	 */
	p = buffered_rmqueue(z, z, 0, GFP_HIGHUSER_MOVABLE, ALLOC_WMARK_LOW, M);
	KT_EQ(pfn_of(p), 8);
	KT_ASSERT(!(pg(8)->flags & PG_pcp));
	KT_EQ(z->pageset[0].count, 2);
	KT_EQ(list_pfn(l0, 0), 9);
	KT_EQ(list_pfn(l0, 1), 10);
	KT_EQ(list_len(l0), 2);
	KT_ASSERT(pg(9)->flags & PG_pcp);
	KT_EQ(get_pcppage_migratetype(pg(10)), M);
	KT_EQ(list_pfn(buddy_list(z, 0, M), 0), 11);
	KT_EQ(nr_free_pages(z), 1);		/* 4 - 3 taken by the bulk */

	p = buffered_rmqueue(z, z, 0, GFP_HIGHUSER_MOVABLE, ALLOC_WMARK_LOW, M);
	KT_EQ(pfn_of(p), 9);			/* from the list, no refill */
	KT_EQ(z->pageset[0].count, 1);
	KT_EQ(nr_free_pages(z), 1);

	/* another CPU has its own list: refill gets only 11 (then nothing left) */
	set_current(1, false);
	p = buffered_rmqueue(z, z, 0, GFP_HIGHUSER_MOVABLE, ALLOC_WMARK_LOW, M);
	KT_EQ(pfn_of(p), 11);
	KT_EQ(z->pageset[1].count, 0);
	KT_EQ(z->pageset[0].count, 1);
	KT_EQ(list_pfn(l0, 0), 10);
	KT_EQ(nr_free_pages(z), 0);
	KT_ASSERT(buffered_rmqueue(z, z, 0, GFP_HIGHUSER_MOVABLE, ALLOC_WMARK_LOW, M) == NULL);
	set_current(0, false);
	expect_clean();

	/* the refill lands on the REQUESTED type's list even when it fell back */
	z = boot_normal64();
	z->pageset[0].batch = 2;
	z->pageset[0].high = 100;
	setup_pageblock_type(24, U);
	put_buddy(24, 1, U);
	p = buffered_rmqueue(z, z, 0, GFP_KERNEL, ALLOC_WMARK_LOW, E);
	/* bulk: fallback E -> U takes 24 (order 1 split, 25 to the E list; block claimed? 2 < 4: no), then 25 */
	KT_EQ(pfn_of(p), 24);
	KT_EQ(list_pfn(pcp_list(z, 0, E), 0), 25);
	KT_EQ(get_pcppage_migratetype(pg(25)), E);
	KT_EQ(list_len(pcp_list(z, 0, U)), 0);
	KT_EQ(block_mt(24), U);
	expect_clean();
}

/* Order > 0: ALLOC_HARDER tries the H lists first; without it H is never used. */
static void test_buffered_harder(void)
{
	struct zone *z = boot_normal64();
	struct page *p;

	setup_pageblock_type(16, H);
	setup_reserved_highatomic(z, 8);
	put_buddy(8, 1, M);
	put_buddy(12, 1, M);			/* [1][M] = [12, 8] */
	put_buddy(16, 1, H);
	KT_EQ(nr_free_pages(z), 6);

	p = buffered_rmqueue(z, z, 1, GFP_KERNEL | __GFP_MOVABLE, ALLOC_WMARK_MIN, M);
	KT_EQ(pfn_of(p), 12);
	KT_EQ(list_pfn(buddy_list(z, 1, H), 0), 16);
	KT_EQ(nr_free_pages(z), 4);

	p = buffered_rmqueue(z, z, 1, GFP_ATOMIC | __GFP_MOVABLE, ALLOC_WMARK_MIN | ALLOC_HARDER, M);
	KT_EQ(pfn_of(p), 16);			/* H first although M has 8 */
	KT_EQ(cached_mt(p), H);
	KT_EQ(list_pfn(buddy_list(z, 1, M), 0), 8);
	KT_EQ(nr_free_pages(z), 2);

	p = buffered_rmqueue(z, z, 1, GFP_ATOMIC | __GFP_MOVABLE, ALLOC_WMARK_MIN | ALLOC_HARDER, M);
	KT_EQ(pfn_of(p), 8);			/* H empty: the normal path */
	KT_EQ(cached_mt(p), M);
	KT_EQ(nr_free_pages(z), 0);
	expect_clean();
}

/* ---- move_freepages_block zone-span checks ---- */

static void test_move_freepages_block_span(void)
{
	struct zone *dma, *nor;
	struct page *p;

	/*
	 * DMA [1, 32) starts inside block 0 (pfn 0 is a hole, as on x86);
	 * Normal [32, 92) ends inside block 11 (88..95).
	 */
	boot_small(3, 5, 1, 32, 32, 92);
	dma = node_zone(ZONE_DMA);
	nor = node_zone(ZONE_NORMAL);

	/* block 0 starts outside every zone: memmap_init_zone left it UNMOVABLE */
	KT_EQ(block_mt(0), U);
	KT_EQ(block_mt(8), M);
	node_free_range(1, 16);			/* 1 (o0), 2 (o1), 4 (o2), 8 (o3) */
	KT_EQ(list_pfn(buddy_list(dma, 0, U), 0), 1);
	KT_EQ(list_pfn(buddy_list(dma, 1, U), 0), 2);
	KT_EQ(list_pfn(buddy_list(dma, 2, U), 0), 4);
	KT_EQ(list_pfn(buddy_list(dma, 3, M), 0), 8);

	/* block start 0 outside DMA: walk from the page (2), not from the zone start (1) */
	KT_EQ(move_freepages_block(dma, pg(2), M), 6);	/* 2..3 + 4..7 */
	KT_EQ(list_pfn(buddy_list(dma, 1, M), 0), 2);
	KT_EQ(list_pfn(buddy_list(dma, 2, M), 0), 4);
	KT_EQ(list_pfn(buddy_list(dma, 0, U), 0), 1);	/* before the page: left alone */
	KT_EQ(list_len(buddy_list(dma, 0, M)), 0);
	/* from a tail page: 6 and 7 are not buddy heads */
	KT_EQ(move_freepages_block(dma, pg(6), E), 0);
	KT_EQ(list_pfn(buddy_list(dma, 2, M), 0), 4);
	/* from the zone's first page: everything in the block */
	KT_EQ(move_freepages_block(dma, pg(1), E), 7);
	KT_EQ(list_pfn(buddy_list(dma, 0, E), 0), 1);
	KT_EQ(list_pfn(buddy_list(dma, 2, E), 0), 4);
	/* a block fully inside the zone: from its start whatever the page */
	KT_EQ(move_freepages_block(dma, pg(13), U), 8);
	KT_EQ(list_pfn(buddy_list(dma, 3, U), 0), 8);
	/* nothing of this changes nr_free or NR_FREE_PAGES */
	KT_EQ(dma->free_area[0].nr_free + dma->free_area[1].nr_free +
	      dma->free_area[2].nr_free + dma->free_area[3].nr_free, 4);
	KT_EQ(nr_free_pages(dma), 15);
	KT_EQ(block_mt(0), U);			/* no block flags changed */
	KT_EQ(block_mt(8), M);

	/* block end 95 outside Normal: 0, nothing moved */
	node_free_range(80, 92);		/* 80 (o3), 88 (o2) */
	KT_EQ(list_pfn(buddy_list(nor, 2, M), 0), 88);
	KT_EQ(move_freepages_block(nor, pg(88), U), 0);
	KT_EQ(move_freepages_block(nor, pg(90), U), 0);
	KT_EQ(list_pfn(buddy_list(nor, 2, M), 0), 88);
	KT_EQ(list_len(buddy_list(nor, 2, U)), 0);
	KT_EQ(move_freepages_block(nor, pg(84), U), 8);	/* block 10 is whole */
	KT_EQ(list_pfn(buddy_list(nor, 3, U), 0), 80);

	/* so stealing from that block never claims it: 0 < pb/2 */
	p = fallback(nor, 0, U);		/* M lists of Normal: only 88 (o2) */
	KT_EQ(pfn_of(p), 88);
	KT_EQ(block_mt(88), M);
	KT_EQ(list_pfn(buddy_list(nor, 1, U), 0), 90);	/* remainders still to U */
	KT_EQ(list_pfn(buddy_list(nor, 0, U), 0), 89);
	expect_clean();

	/*
	 * Exactly at the end: block 11 = 88..95 out of Normal [32, 95) by its
	 * last pfn is never walked; exactly inside Normal [32, 96) it is,
	 * from its start whatever the page.
	 */
	boot_small(3, 5, 1, 32, 32, 95);
	nor = node_zone(ZONE_NORMAL);
	node_free_range(88, 95);		/* 88 (o2), 92 (o1), 94 (o0) */
	KT_EQ(move_freepages_block(nor, pg(88), U), 0);
	KT_EQ(move_freepages_block(nor, pg(94), U), 0);
	KT_EQ(list_len(buddy_list(nor, 0, U)) + list_len(buddy_list(nor, 1, U)) +
	      list_len(buddy_list(nor, 2, U)), 0);
	boot_small(3, 5, 1, 32, 32, 96);
	nor = node_zone(ZONE_NORMAL);
	node_free_range(88, 95);
	KT_EQ(move_freepages_block(nor, pg(94), U), 7);
	KT_EQ(list_pfn(buddy_list(nor, 2, U), 0), 88);
	KT_EQ(list_pfn(buddy_list(nor, 0, U), 0), 94);
}

int main(void)
{
	test_expand();
	test_rmqueue_smallest();
	test_fallbacks_table();
	test_can_steal_fallback();
	test_find_suitable_fallback();
	test_fallback_largest_first();
	test_fallback_steal_claim();
	test_rmqueue_order();
	test_highatomic_never_fallback();
	test_buffered_order0();
	test_buffered_harder();
	test_move_freepages_block_span();
	node_exit();
	KT_MAIN_END();
}
