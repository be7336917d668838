// SPDX-License-Identifier: MIT
/*
 * test_v6_pcp_alloc.c - the allocation side of the per-cpu lists:
 * nr_pcp_alloc() (v6.1's batch, v6.7's auto-tuned one), __rmqueue_pcplist()
 * (refill by batch, the 2026 no-refill rule for ALLOC_HIGHATOMIC) and
 * rmqueue_pcplist() (the pcp trylock failing, the free batching factor).
 *
 * Node: one Normal zone [0, 64), pageblock_order 3, orders 0..4; CPU 0's
 * pcp with a batch of 4 and high, high_min, high_max 64 unless a test
 * sets others.
 */
#include "rmq_support.h"

/* v6.1: the batch, shifted down by the order, at least 2; a batch of 1 stays 1. */
static void test_nr_pcp_alloc_v61(void)
{
	struct per_cpu_pages *pcp = pcp_node(SW_V610);

	pcp->batch = 8;
	KT_EQ(nr_pcp_alloc(pcp, normal(), 0), 8);
	KT_EQ(nr_pcp_alloc(pcp, normal(), 1), 4);
	KT_EQ(nr_pcp_alloc(pcp, normal(), 3), 2);
	pcp->batch = 1;
	KT_EQ(nr_pcp_alloc(pcp, normal(), 0), 1);
	KT_EQ(nr_pcp_alloc(pcp, normal(), 2), 1);
}

/*
 * v6.7 auto-tuning: order-0 refills double while nothing is freed, up to
 * what fits under high; pcp->high grows by a batch towards high_max while
 * the zone is not below its high watermark; a pcp whose high is under
 * the batch refills one page.
 */
static void test_nr_pcp_alloc_autotune(void)
{
	static const int order0[] = { 8, 16, 32, 56 };
	struct per_cpu_pages *pcp = pcp_node(SW_V610 | SW(PCP_AUTOTUNE));

	pcp->batch = 8;
	pcp->count = 0;
	pcp->alloc_factor = 0;
	for (size_t i = 0; i < ARRAY_SIZE(order0); i++)
		KT_EQ(nr_pcp_alloc(pcp, normal(), 0), order0[i]);
	KT_EQ(pcp->alloc_factor, 3);
	KT_EQ(nr_pcp_alloc(pcp, normal(), 1), 4);

	pcp->high_min = 0;
	pcp->high = 10;
	KT_EQ(nr_pcp_alloc(pcp, normal(), 1), 4);
	KT_EQ(pcp->high, 18);
	zone_set_flag(normal(), ZONE_BELOW_HIGH);
	KT_EQ(nr_pcp_alloc(pcp, normal(), 1), 4);
	KT_EQ(pcp->high, 18);

	pcp->high = pcp->high_min = pcp->high_max = 4;
	KT_EQ(nr_pcp_alloc(pcp, normal(), 0), 1);
}

static struct list_head *pcp_list(struct per_cpu_pages *pcp, int mt, unsigned int order)
{
	return &pcp->lists[order_to_pindex(mt, order)];
}

/*
 * An empty list is refilled with a batch (4: pages 0..3 in physical
 * order) and its head handed out; the next call takes the next page
 * without a refill.
 */
static void test_rmqueue_pcplist_refill(void)
{
	struct per_cpu_pages *pcp = pcp_node(SW_V610);
	struct page *page;

	put(0, 3, M);
	ev_reset();
	page = __rmqueue_pcplist(normal(), 0, M, 0, pcp, pcp_list(pcp, M, 0));
	KT_EQ(pfn_of(page), 0);
	KT_ASSERT(page && !(page->flags & PG_pcp));
	KT_EQ(pcp->count, 3);
	KT_ASSERT(pg(1)->flags & PG_pcp);
	KT_EQ(nr_free(), 4);
	KT_EQ(ev.pcp_adds, 4);
	KT_EQ(ev.pcp_dels, 1);
	KT_EQ(pfn_of(__rmqueue_pcplist(normal(), 0, M, 0, pcp, pcp_list(pcp, M, 0))), 1);
	KT_EQ(ev.pcp_adds, 4);
	KT_EQ(pcp->count, 2);
}

/*
 * V6_PCP_NO_RESERVE_GROWTH: an ALLOC_HIGHATOMIC request does not refill
 * an empty list (it goes to the buddy, H first); a filled list still
 * serves it.  Without the switch the order-1 list is refilled with 2.
 */
static void test_rmqueue_pcplist_highatomic(void)
{
	uint64_t v618 = preset("v6.18");
	struct per_cpu_pages *pcp;
	struct page *page;

	pcp = pcp_node(v618 | SW(PCP_NO_RESERVE_GROWTH));
	put(0, 3, U);
	page = __rmqueue_pcplist(normal(), 1, U, ALLOC_HIGHATOMIC, pcp, pcp_list(pcp, U, 1));
	KT_EQ(pfn_of(page), -1);
	KT_EQ(pcp->count, 0);
	KT_EQ(nr_free(), 8);
	KT_EQ(pfn_of(__rmqueue_pcplist(normal(), 1, U, 0, pcp, pcp_list(pcp, U, 1))), 0);
	page = __rmqueue_pcplist(normal(), 1, U, ALLOC_HIGHATOMIC, pcp, pcp_list(pcp, U, 1));
	KT_EQ(pfn_of(page), 2);

	pcp = pcp_node(v618);
	put(0, 3, U);
	page = __rmqueue_pcplist(normal(), 1, U, ALLOC_HIGHATOMIC, pcp, pcp_list(pcp, U, 1));
	KT_EQ(pfn_of(page), 0);
	KT_EQ(pcp->count, 2);
}

/*
 * rmqueue_pcplist(): a failed pcp_spin_trylock() gives NULL and touches
 * nothing; an allocation halves free_factor (v6.1) or free_count (v6.7)
 * and counts PGALLOC.
 */
static void test_rmqueue_pcplist(void)
{
	struct per_cpu_pages *pcp = pcp_node(SW_V610);
	unsigned long pgalloc;

	put(0, 3, M);
	pcp->free_factor = 4;
	current->pcp_trylock_fails = true;
	KT_EQ(pfn_of(rmqueue_pcplist(normal(), normal(), 0, M, 0)), -1);
	KT_EQ(pcp->count, 0);
	KT_EQ(pcp->free_factor, 4);
	KT_EQ(nr_free(), 8);
	current->pcp_trylock_fails = false;
	pgalloc = contig_page_data.pgalloc;
	KT_EQ(pfn_of(rmqueue_pcplist(normal(), normal(), 1, M, 0)), 0);
	KT_EQ(contig_page_data.pgalloc, pgalloc + 2);
	KT_EQ(pcp->free_factor, 2);
	KT_ASSERT(!pcp->lock.locked);

	pcp = pcp_node(SW_V610 | SW(PCP_AUTOTUNE));
	put(0, 3, M);
	pcp->free_count = 6;
	pcp->free_factor = 4;
	KT_EQ(pfn_of(rmqueue_pcplist(normal(), normal(), 0, M, 0)), 0);
	KT_EQ(pcp->free_count, 3);
	KT_EQ(pcp->free_factor, 4);
}

/*
 * With THP the pmd order (4 here: pageblock_order 4, orders 0..5, 128
 * pages) has its own pcp list(s): movable ones on the second of two
 * (bf14ed81f571), on the only one before.  A refill takes 2.
 */
static void test_rmqueue_pcplist_thp(void)
{
	static const struct {
		uint64_t patches;
		unsigned int pindex;
	} cases[] = {
		{ SW_V610, NR_LOWORDER_PCP_LISTS },
		{ SW_V610 | SW(BF14ED81F571), NR_LOWORDER_PCP_LISTS + 1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct node_geometry g = {
			.pb_order = 4, .nr_page_orders = 6, .hpage_pmd_order = 4, .thp = true,
			.nr_cpus = 2, .page_size_kb = 4, .zone_end_pfn[ZONE_NORMAL] = 128,
		};
		struct per_cpu_pages *pcp;
		char err[256];

		KT_REQUIRE(node_init(&g, cases[i].patches, err, sizeof(err)) == 0);
		set_current(0, false);
		pcp = this_cpu_pcp(normal());
		pcp->batch = 4;
		put(0, 5, M);
		KT_EQ(pfn_of(rmqueue(normal(), normal(), 4, GFP_HIGHUSER_MOVABLE, 0, M)), 0);
		KT_EQ(pcp->count, 16);
		KT_EQ(pfn_of(list_first_entry_or_null(&pcp->lists[cases[i].pindex], struct page,
						      lru)), 16);
	}
}

int main(void)
{
	test_nr_pcp_alloc_v61();
	test_nr_pcp_alloc_autotune();
	test_rmqueue_pcplist_refill();
	test_rmqueue_pcplist_highatomic();
	test_rmqueue_pcplist();
	test_rmqueue_pcplist_thp();
	KT_MAIN_END();
}
