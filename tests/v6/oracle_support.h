/* SPDX-License-Identifier: MIT */
/*
 * oracle_support.h - what the oracle's tests share: a zone whose state is
 * known good, reservations done by hand (the reserve as the kernel of the
 * variant orders its steps), and reading what the oracle fired.
 */
#ifndef HATRACE_TESTS_V6_ORACLE_SUPPORT_H
#define HATRACE_TESTS_V6_ORACLE_SUPPORT_H

#include "oracle.h"
#include "v6_support.h"

#define NODE_PAGES	1024UL	/* 128 blocks of 8: the cap is 2 blocks */
#define INV(id)		(UINT32_C(1) << (id))

/*
 * Normal [0, 1024), pageblock_order 3, orders 0..4: everything free, block
 * [8, 16) HIGHATOMIC with its 8 pages on the H list and counted.  The
 * oracle attached, nothing fired.
 */
static inline struct zone *oracle_node(uint64_t patches)
{
	struct zone *zone;

	small_node(NODE_PAGES, 3, 5, patches);
	zone = zone_of(ZONE_NORMAL);
	block_type(8, H);
	/* block by block: setup_free_range() would merge [0, 16) as MOVABLE */
	for (unsigned long pfn = 0; pfn < NODE_PAGES; pfn += 8)
		KT_REQUIRE(setup_free_buddy(pfn, 3, pfn == 8 ? H : M) == 0);
	setup_reserved_highatomic(zone, 8);
	setup_watermarks(zone, 16, 20, 24);
	oracle_attach();
	oracle_reset();
	return zone;
}

/*
 * Two zones meeting inside a block: DMA32 [0, 516), Normal [516, 1024),
 * pageblock_order 3, orders 0..4; nothing free, the oracle not attached.
 */
static inline void straddle_node(uint64_t patches)
{
	struct node_geometry g = {
		.pb_order = 3, .nr_page_orders = 5, .nr_cpus = 2, .page_size_kb = 4,
		.zone_start_pfn = { [ZONE_DMA32] = 0, [ZONE_NORMAL] = 516 },
		.zone_end_pfn = { [ZONE_DMA32] = 516, [ZONE_NORMAL] = 1024 },
	};
	char err[256];

	KT_REQUIRE(node_init(&g, patches, err, sizeof(err)) == 0);
}

/*
 * reserve_highatomic_pageblock()'s steps for the block of @pfn, by hand:
 * v6.1 types the block before it moves the free pages, v6.10 moves and
 * then types (move_freepages_block() does both); the counter grows by a
 * block in the same section.
 */
static inline void reserve_by_hand(struct zone *zone, unsigned long pfn)
{
	struct page *page = pg(pageblock_start_pfn(pfn));
	int mt = get_pageblock_migratetype(page);

	spin_lock(&zone->lock);
	if (!v6_has(V6_C0CD6F557B90))
		set_pageblock_migratetype(page, H);
	move_freepages_block(zone, page, mt, H);
	zone->nr_reserved_highatomic += pageblock_nr_pages;
	V6_EVENT(counter, zone, CNT_NR_RESERVED_HIGHATOMIC, (long)pageblock_nr_pages,
		 "reserve_highatomic_pageblock");
	spin_unlock(&zone->lock);
}

/* Take the free buddy at @pfn of @order off its list, as an allocation does. */
static inline void take_buddy(struct zone *zone, unsigned long pfn, unsigned int order)
{
	spin_lock(&zone->lock);
	del_page_from_free_list(pg(pfn), zone, order, pg(pfn)->list_mt);
	if (!v6_has(V6_E0932B6C1F94))
		__mod_zone_freepage_state(zone, -(1L << order), get_pageblock_migratetype(pg(pfn)));
	spin_unlock(&zone->lock);
}

/* Put the allocated page at @pfn of @order on free_list[@mt], no merging. */
static inline void list_by_hand(struct zone *zone, unsigned long pfn, unsigned int order, int mt)
{
	spin_lock(&zone->lock);
	set_buddy_order(pg(pfn), order);
	add_to_free_list(pg(pfn), zone, order, mt, false);
	if (!v6_has(V6_E0932B6C1F94) && !is_migrate_isolate(mt))
		__mod_zone_freepage_state(zone, 1L << order, mt);
	spin_unlock(&zone->lock);
}

/*
 * Allocate [@pfn, @pfn + 2^@order) out of the free buddy covering it, as
 * __rmqueue_smallest() and expand() do: the halves it does not take go
 * back to the list of their block's type.
 */
static inline void alloc_by_hand(struct zone *zone, unsigned long pfn, unsigned int order)
{
	unsigned long head = pfn;
	unsigned int o = order;

	while (!PageBuddy(pg(head)) || buddy_order(pg(head)) < o) {
		o++;
		KT_REQUIRE(o < NR_PAGE_ORDERS);
		head = pfn & ~((1UL << o) - 1);
	}
	o = buddy_order(pg(head));
	take_buddy(zone, head, o);
	while (o > order) {
		unsigned long half;

		if (pfn & (1UL << --o)) {
			half = head;
			head += 1UL << o;
		} else {
			half = head + (1UL << o);
		}
		list_by_hand(zone, half, o, get_pageblock_migratetype(pg(half)));
	}
}

/* The first recorded violation of @id, or NULL. */
static inline const struct v6_violation *recorded(enum v6_inv id)
{
	for (unsigned int i = 0; i < v6_oracle.nr_recorded; i++)
		if (v6_oracle.recorded[i].id == id)
			return &v6_oracle.recorded[i];
	return NULL;
}

/* Print what fired (a failing test's context). */
static inline void print_recorded(void)
{
	char buf[320];

	for (unsigned int i = 0; i < v6_oracle.nr_recorded; i++) {
		oracle_format(&v6_oracle.recorded[i], buf, sizeof(buf));
		fprintf(stderr, "    %s\n", buf);
	}
}

#endif /* HATRACE_TESTS_V6_ORACLE_SUPPORT_H */
