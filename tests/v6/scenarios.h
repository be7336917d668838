/* SPDX-License-Identifier: MIT */
/*
 * scenarios.h - T1-T13 of the spec (§3) as scenarios on the era-2 core,
 * judged by the oracle.  Each scenario builds its state on a fresh node
 * of the given switches, drives the core through the trigger and returns
 * what the oracle fired (and, for T11, the claim scans).  The table of
 * fixes and expected verdicts is test_scenarios.c's.
 *
 * Each scenario's comment gives its event sequence in the trace language
 * (docs/trace-format.md).  Ops the language does not have yet are marked
 * "(new op)": init-pcp PFN ORDER cpu=C (setup_pcp_page), trylock-fail
 * cpu=C on|off (the pcp trylock fails), sysctl defrag_mode=1 and
 * watermark_boost_factor=0, init-movable START END (allocated pages
 * compaction could move: PG_movable), and
 * reserve HANDLE (reserve_highatomic_pageblock() after an allocation,
 * as get_page_from_freelist() calls it).
 */
#ifndef HATRACE_TESTS_V6_SCENARIOS_H
#define HATRACE_TESTS_V6_SCENARIOS_H

#include "v6_support.h"
#include "oracle.h"

#define SCEN_END	(128 * PB)	/* the fixture's zone: 128 blocks */

struct scen_result {
	uint32_t fired;		/* bit per enum v6_inv */
	unsigned long scans;	/* T11: claim scans of one pcp refill */
};

typedef void (*scen_fn)(uint64_t patches, struct scen_result *r);

/* Blocks [from, to) free as MOVABLE. */
static inline void scen_free_blocks(unsigned long from, unsigned long to)
{
	KT_REQUIRE(setup_free_range(from * PB, to * PB) == (to - from) * PB);
}

/* The state is built: the oracle judges from here. */
static inline void scen_watch(void)
{
	oracle_attach();
}

/* One allocation through __alloc_pages(), judged when done; its pfn or ~0UL. */
static inline unsigned long scen_alloc(gfp_t gfp, unsigned int order)
{
	struct page *page = __alloc_pages(gfp, order);
	unsigned long pfn = page ? page_to_pfn(page) : ~0UL;

	oracle_alloc_done(gfp, order, pfn, contig_page_data.last_alloc.slowpath);
	return pfn;
}

/* The end: the full checks, what fired, unsubscribed. */
static inline void scen_finish(struct scen_result *r)
{
	oracle_check_full();
	r->fired = v6_oracle.fired;
	oracle_detach();
}

void t1_pcp_trylock_fail(uint64_t patches, struct scen_result *r);
void t2_oom_with_reserve(uint64_t patches, struct scen_result *r);
void t3a_small_zone(uint64_t patches, struct scen_result *r);
void t3b_cap(uint64_t patches, struct scen_result *r);
void t4_fast_negative(uint64_t patches, struct scen_result *r);
void t5_reserved_not_free(uint64_t patches, struct scen_result *r);
void t6_atomic_order0(uint64_t patches, struct scen_result *r);
void t7_multiblock(uint64_t patches, struct scen_result *r);
void t8_coalesce(uint64_t patches, struct scen_result *r);
void t9_pcp_creep(uint64_t patches, struct scen_result *r);
void t10_fastpath(uint64_t patches, struct scen_result *r);
void t11_claim_scans(uint64_t patches, struct scen_result *r);
void t12_defrag_mode(uint64_t patches, struct scen_result *r);
void t13_stale_pcp_type(uint64_t patches, struct scen_result *r);

#endif /* HATRACE_TESTS_V6_SCENARIOS_H */
