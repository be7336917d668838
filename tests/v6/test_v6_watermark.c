// SPDX-License-Identifier: MIT
/*
 * test_v6_watermark.c - allocator/v6/watermark.c: the unusable free
 * (reserved vs free H, T5), the min reductions of v6.1.0 and v6.3, the
 * order>0 list check, zone_watermark_ok, zone_watermark_fast with and
 * without f27ce0e14088 / 9282012fc0aa (T4) and its boost rule, kswapd's
 * window taking the boost back.
 */
#include "v6_support.h"

#define END	(64 * PB)	/* 64 blocks */

static bool wm(struct zone *z, unsigned int order, unsigned long mark, unsigned int flags,
	       long free)
{
	return __zone_watermark_ok(z, order, mark, ZONE_NORMAL, flags, free);
}

/* __zone_watermark_ok passes with @free pages and fails with one fewer. */
#define wm_edge(z, order, mark, flags, free)				\
	do {								\
		KT_EQ(wm((z), (order), (mark), (flags), (free)), 1);	\
		KT_EQ(wm((z), (order), (mark), (flags), (free) - 1), 0); \
	} while (0)

static void test_unusable_free(void)
{
	struct zone *z = fixture_zone(preset("v6.6"), END);

	setup_reserved_highatomic(z, 1024);
	z->nr_free_highatomic = 100;
	z->vm_stat[NR_FREE_CMA_PAGES] = 50;
	/* v6.6: the reserved blocks, free or not (T5's pre-c928807f6f6b form) */
	KT_EQ(__zone_watermark_unusable_free(z, 0, ALLOC_CMA), 1024);
	KT_EQ(__zone_watermark_unusable_free(z, 3, ALLOC_CMA), 1024 + 7);
	KT_EQ(__zone_watermark_unusable_free(z, 0, 0), 1024 + 50);
	/* any of ALLOC_RESERVES is exempt from the H term */
	KT_EQ(__zone_watermark_unusable_free(z, 0, ALLOC_CMA | ALLOC_NON_BLOCK), 0);
	KT_EQ(__zone_watermark_unusable_free(z, 0, ALLOC_CMA | ALLOC_MIN_RESERVE), 0);
	KT_EQ(__zone_watermark_unusable_free(z, 0, ALLOC_CMA | ALLOC_HIGHATOMIC), 0);
	KT_EQ(__zone_watermark_unusable_free(z, 0, ALLOC_CMA | ALLOC_OOM), 0);
	KT_EQ(__zone_watermark_unusable_free(z, 1, ALLOC_CMA | ALLOC_WMARK_HIGH | ALLOC_CPUSET),
	      1024 + 1);

	/* c928807f6f6b (v6.12): only the free H pages */
	z = fixture_zone(preset("v6.12"), END);
	setup_reserved_highatomic(z, 1024);
	z->nr_free_highatomic = 100;
	KT_EQ(__zone_watermark_unusable_free(z, 0, ALLOC_CMA), 100);
	KT_EQ(__zone_watermark_unusable_free(z, 0, ALLOC_CMA | ALLOC_OOM), 0);

	/* v6.1.0: only HARDER or OOM exempt; a blocking __GFP_HIGH still pays */
	z = fixture_zone(V66_OLD_FLAGS, END);
	setup_reserved_highatomic(z, 1024);
	KT_EQ(__zone_watermark_unusable_free(z, 0, ALLOC_CMA | ALLOC_HIGH), 1024);
	KT_EQ(__zone_watermark_unusable_free(z, 0, ALLOC_CMA | ALLOC_HARDER), 0);
	KT_EQ(__zone_watermark_unusable_free(z, 0, ALLOC_CMA | ALLOC_OOM), 0);
	KT_EQ(__zone_watermark_unusable_free(z, 0, ALLOC_CMA | ALLOC_HIGHATOMIC), 1024);
}

static void test_min_reductions(void)
{
	const unsigned int c = ALLOC_CMA;
	struct zone *z = fixture_zone(preset("v6.12"), END);

	/* v6.3: fail if free <= min */
	wm_edge(z, 0, 512, c, 513);
	wm_edge(z, 0, 512, c | ALLOC_MIN_RESERVE, 257);
	wm_edge(z, 0, 512, c | ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 193);	/* GFP_ATOMIC */
	wm_edge(z, 0, 512, c | ALLOC_NON_BLOCK, 513);	/* GFP_NOWAIT: no reduction */
	wm_edge(z, 0, 512, c | ALLOC_HIGHATOMIC, 513);
	wm_edge(z, 0, 512, c | ALLOC_OOM, 257);
	wm_edge(z, 0, 512, c | ALLOC_OOM | ALLOC_MIN_RESERVE, 129);
	wm_edge(z, 0, 513, c | ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 194);	/* 513-256-64 */
	/* the lowmem reserve of the request's highest zone adds to min */
	z->lowmem_reserve[ZONE_NORMAL] = 10;
	wm_edge(z, 0, 512, c, 523);
	z->lowmem_reserve[ZONE_NORMAL] = 0;
	/* the unusable free comes off first: 1024 reserved, v6.6 */
	z = fixture_zone(preset("v6.6"), END);
	setup_reserved_highatomic(z, 1024);
	wm_edge(z, 0, 512, c, 513 + 1024);
	wm_edge(z, 0, 512, c | ALLOC_NON_BLOCK, 513);

	/* v6.1.0: HIGH halves; OOM halves, else HARDER takes a quarter */
	z = fixture_zone(V66_OLD_FLAGS, END);
	wm_edge(z, 0, 512, c | ALLOC_HIGH, 257);
	wm_edge(z, 0, 512, c | ALLOC_HARDER, 385);
	wm_edge(z, 0, 512, c | ALLOC_HIGH | ALLOC_HARDER, 193);
	wm_edge(z, 0, 512, c | ALLOC_HARDER | ALLOC_OOM, 257);
	wm_edge(z, 0, 512, c | ALLOC_HIGH | ALLOC_OOM, 129);
}

static void test_high_order_lists(void)
{
	struct zone *z = fixture_zone(preset("v6.12"), END);
	const long plenty = 100000;

	make_h(2, 3);	/* the only free buddy: order 3, on H */
	KT_EQ(wm(z, 2, 0, ALLOC_HIGHATOMIC, plenty), 1);
	KT_EQ(wm(z, 3, 0, ALLOC_OOM, plenty), 1);
	KT_EQ(wm(z, 2, 0, ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE, plenty), 0);
	KT_EQ(wm(z, 2, 0, ALLOC_CMA, plenty), 0);
	KT_EQ(wm(z, 4, 0, ALLOC_HIGHATOMIC, plenty), 0);	/* nothing of order 4+ */
	/* order 0 only counts pages */
	KT_EQ(wm(z, 0, 0, 0, plenty), 1);
	/* an M buddy of order 1: order 1 yes, order 2 only through H */
	KT_REQUIRE(setup_free_buddy(10 * PB, 1, M) == 0);
	KT_EQ(wm(z, 1, 0, ALLOC_CMA, plenty), 1);
	KT_EQ(wm(z, 2, 0, ALLOC_CMA, plenty), 0);

	/* v6.1.0: the H lists are for HARDER or OOM */
	z = fixture_zone(V66_OLD_FLAGS, END);
	make_h(2, 3);
	KT_EQ(wm(z, 2, 0, ALLOC_HARDER, plenty), 1);
	KT_EQ(wm(z, 2, 0, ALLOC_HIGHATOMIC, plenty), 0);
	KT_EQ(wm(z, 2, 0, ALLOC_HIGH, plenty), 0);
}

static void test_zone_watermark_ok(void)
{
	struct zone *z = fixture_zone(preset("v6.12"), END);

	setup_nr_free_pages(z, 513);
	KT_EQ(zone_watermark_ok(z, 0, 512, ZONE_NORMAL, ALLOC_CMA), 1);
	setup_nr_free_pages(z, 512);
	KT_EQ(zone_watermark_ok(z, 0, 512, ZONE_NORMAL, ALLOC_CMA), 0);
}

/* T4: a reserve above the free pages, an order-0 request at the low mark */
static bool t4_fast(uint64_t patches, unsigned long free)
{
	struct zone *z = fixture_zone(patches, END);

	setup_reserved_highatomic(z, 1024);
	setup_nr_free_pages(z, free);
	return zone_watermark_fast(z, 0, 640, ZONE_NORMAL, ALLOC_WMARK_LOW | ALLOC_CMA, 0);
}

static void test_fast_t4(void)
{
	uint64_t v66 = preset("v6.6");

	KT_EQ(t4_fast(v66, 600), 0);			/* clamped: usable 0 */
	KT_EQ(t4_fast(v66, 1024 + 641), 1);
	KT_EQ(t4_fast(v66, 1024 + 640), 0);
	/* without the clamp 600 - 1024 goes negative and passes as unsigned */
	KT_EQ(t4_fast(v66 & ~SW(9282012FC0AA), 600), 1);
	KT_EQ(t4_fast(v66 & ~SW(9282012FC0AA), 1024 + 640), 0);
	/* before f27ce0e14088 the shortcut ignored the reserve */
	KT_EQ(t4_fast(v66 & ~(SW(9282012FC0AA) | SW(F27CE0E14088)), 641), 1);
	KT_EQ(t4_fast(v66 & ~(SW(9282012FC0AA) | SW(F27CE0E14088)), 640), 0);
	/* order > 0 never takes the shortcut */
	{
		struct zone *z = fixture_zone(v66 & ~SW(9282012FC0AA), END);

		setup_reserved_highatomic(z, 1024);
		setup_nr_free_pages(z, 600);
		KT_EQ(zone_watermark_fast(z, 1, 640, ZONE_NORMAL, ALLOC_CMA, 0), 0);
	}
}

/* A boosted zone: min 512 + boost 100; 300 free pages (or @free). */
static bool boosted_fast_free(uint64_t patches, unsigned int order, unsigned int flags,
			      gfp_t gfp, unsigned long free)
{
	struct zone *z = fixture_zone(patches, END);

	z->watermark_boost = 100;
	setup_nr_free_pages(z, free);
	return zone_watermark_fast(z, order, min_wmark_pages(z), ZONE_NORMAL, flags | ALLOC_CMA,
				   gfp);
}

static bool boosted_fast(uint64_t patches, unsigned int order, unsigned int flags, gfp_t gfp)
{
	return boosted_fast_free(patches, order, flags, gfp, 300);
}

static void test_fast_boost(void)
{
	uint64_t v66 = preset("v6.6"), v61 = preset("v6.1");

	/* 300 <= 612/2, but > 512/2: only the unboosted min lets it pass */
	KT_EQ(boosted_fast(v66, 0, ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE, 0), 1);
	KT_EQ(boosted_fast(v66, 0, ALLOC_WMARK_MIN, 0), 0);
	/* 550: above the unboosted min, but only __GFP_HIGH may use that */
	KT_EQ(boosted_fast_free(v66, 0, ALLOC_WMARK_MIN, 0, 550), 0);
	KT_EQ(boosted_fast_free(v66, 0, ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 0,
				550), 1);
	KT_EQ(boosted_fast(v66, 0, ALLOC_WMARK_LOW | ALLOC_MIN_RESERVE, 0), 0);
	KT_EQ(boosted_fast(v66, 1, ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE, 0), 0);
	/* 6.1.y kept __GFP_ATOMIC (no 2973d8229b78): the gfp bit decides */
	KT_EQ(boosted_fast(v61, 0, ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE, 0), 0);
	KT_EQ(boosted_fast(v61, 0, ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE, __GFP_ATOMIC), 1);
}

/*
 * kswapd's window: ZONE_RECLAIM_ACTIVE while it runs; when it is done the
 * boost is taken back (balance_pgdat()), so the next fallback's boost
 * starts from the unboosted marks again.
 */
static void test_kswapd_boost(void)
{
	struct zone *z = fixture_zone(preset("v6.1"), END);
	unsigned long high = z->_watermark[WMARK_HIGH];

	z->watermark_boost = 0;
	KT_ASSERT(boost_watermark(z));
	KT_EQ(z->watermark_boost, PB);
	kswapd_set_active(true);
	KT_ASSERT(zone_test_flag(z, ZONE_RECLAIM_ACTIVE));
	KT_EQ(z->watermark_boost, PB);		/* kept while kswapd reclaims */
	KT_EQ(high_wmark_pages(z), high + PB);
	kswapd_set_active(false);
	KT_ASSERT(!zone_test_flag(z, ZONE_RECLAIM_ACTIVE));
	KT_EQ(z->watermark_boost, 0);
	KT_EQ(high_wmark_pages(z), high);
}

int main(void)
{
	test_unusable_free();
	test_min_reductions();
	test_high_order_lists();
	test_zone_watermark_ok();
	test_fast_t4();
	test_fast_boost();
	test_kswapd_boost();
	node_exit();
	KT_MAIN_END();
}
