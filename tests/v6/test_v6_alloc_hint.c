// SPDX-License-Identifier: MIT
/*
 * test_v6_alloc_hint.c - allocator/v6/alloc_hint.c, the replay's hint
 * (hatrace compare: the kernel's pfn of the allocation): a per-cpu list
 * hands out the hinted page when it holds it, the buddy search takes the
 * free buddy holding the hinted pfn on the list it searches; otherwise,
 * and without a hint, the first of the list as the kernel does.  Never
 * another list.
 *
 * Node: one Normal zone [0, 64), pageblock_order 3, orders 0..4; CPU 0's
 * pcp with a batch of 4.
 */
#include "rmq_support.h"

static long pcp_take(struct per_cpu_pages *pcp, int mt)
{
	return pfn_of(__rmqueue_pcplist(normal(), 0, mt, 0, pcp,
					&pcp->lists[order_to_pindex(mt, 0)]));
}

/* The refill's pages 0..3 on CPU 0's Movable list: the hinted one first. */
static void test_pcp(void)
{
	struct per_cpu_pages *pcp = pcp_node(SW_V610);

	put(0, 3, M);
	put(8, 3, U);
	alloc_hint_set(HAT_NO_PFN);
	KT_EQ(pcp_take(pcp, M), 0);
	alloc_hint_set(3);
	KT_EQ(pcp_take(pcp, M), 3);
	KT_EQ(pcp->count, 2);
	alloc_hint_set(6);		/* free in the buddy, not on the list */
	KT_EQ(pcp_take(pcp, M), 1);
	alloc_hint_set(9);		/* on the Unmovable list after this refill */
	KT_EQ(pcp_take(pcp, U), 9);
	KT_EQ(pcp_take(pcp, M), 2);	/* the hint 9 is not on Movable's list */
	alloc_hint_set(HAT_NO_PFN);
	KT_EQ(pcp_take(pcp, U), 8);
}

/* Two order-2 Movable buddies, 8 on top, and an Unmovable one; @order taken. */
static long buddy_take(unsigned long hint, unsigned int order, int mt)
{
	long pfn;

	pcp_node(SW_V610);
	put(0, 2, M);
	put(8, 2, M);
	put(16, 2, U);
	alloc_hint_set(hint);
	zlock();
	pfn = pfn_of(__rmqueue_smallest(normal(), order, mt));
	zunlock();
	alloc_hint_set(HAT_NO_PFN);
	return pfn;
}

static void test_buddy(void)
{
	KT_EQ(buddy_take(HAT_NO_PFN, 1, M), 8);
	KT_EQ(buddy_take(0, 1, M), 0);
	KT_EQ(buddy_take(2, 1, M), 0);		/* in the buddy at 0: its low half is taken */
	KT_EQ(buddy_take(17, 1, M), 8);		/* on Unmovable's list, not Movable's */
	KT_EQ(buddy_take(17, 1, U), 16);
	KT_EQ(buddy_take(9, 2, M), 8);
	KT_EQ(buddy_take(3, 2, M), 0);
}

int main(void)
{
	test_pcp();
	test_buddy();
	node_exit();
	KT_MAIN_END();
}
