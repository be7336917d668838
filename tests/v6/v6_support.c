// SPDX-License-Identifier: MIT
/*
 * v6_support.c - the event log and the nodes of the era-2 tests.
 */
#include "v6_support.h"

#include <string.h>

struct ev_log ev;

void ev_reset(void)
{
	memset(&ev, 0, sizeof(ev));
}

static void on_list(long list_mt, long block_mt)
{
	if (list_mt != block_mt)
		ev.list_mismatch++;
}

static void ev_add(void *arg, const struct zone *zone, unsigned long pfn, unsigned int order,
		   int list_mt, int block_mt)
{
	(void)arg, (void)zone, (void)pfn, (void)order;
	ev.adds++;
	on_list(list_mt, block_mt);
}

static void ev_del(void *arg, const struct zone *zone, unsigned long pfn, unsigned int order,
		   int list_mt, int block_mt)
{
	(void)arg, (void)zone, (void)pfn, (void)order;
	ev.dels++;
	on_list(list_mt, block_mt);
}

static void ev_move(void *arg, const struct zone *zone, unsigned long pfn, unsigned int order,
		    int old_mt, int new_mt, int block_mt)
{
	(void)arg, (void)zone, (void)pfn, (void)order, (void)new_mt;
	ev.moves++;
	on_list(old_mt, block_mt);
}

static void ev_counter(void *arg, const struct zone *zone, enum v6_counter c, long delta,
		       const char *func)
{
	(void)arg, (void)zone, (void)func;
	ev.counter_sum[c] += delta;
}

static void ev_retype(void *arg, unsigned long block_pfn, int old_mt, int new_mt,
		      const char *func)
{
	(void)arg, (void)block_pfn, (void)old_mt, (void)new_mt, (void)func;
	ev.retypes++;
}

static void ev_pcp(void *arg, const struct zone *zone, unsigned int cpu, unsigned long pfn,
		   unsigned int order, unsigned int pindex, bool add)
{
	(void)arg, (void)zone, (void)pfn, (void)order, (void)pindex;
	if (add) {
		ev.pcp_adds++;
	} else {
		ev.pcp_dels++;
		ev.pcp_del_cpus |= 1u << cpu;
	}
}

static void ev_warn(void *arg, enum v6_warning w, unsigned long pfn, const long *args,
		    int nr_args, bool once)
{
	(void)arg, (void)pfn, (void)once;
	ev.warns[w]++;
	for (int i = 0; i < nr_args && i < 3; i++)
		ev.warn_args[i] = args[i];
}

static void ev_decision(void *arg, enum v6_decision d, unsigned int order, unsigned int gfp,
			unsigned int alloc_flags)
{
	(void)arg, (void)order, (void)gfp, (void)alloc_flags;
	ev.decisions[d]++;
}

static void ev_unlock(void *arg, const struct zone *zone)
{
	(void)arg, (void)zone;
	ev.unlocks++;
}

static const struct v6_events ev_ops = {
	.free_list_add = ev_add,
	.free_list_del = ev_del,
	.free_list_move = ev_move,
	.counter = ev_counter,
	.retype = ev_retype,
	.pcp = ev_pcp,
	.decision = ev_decision,
	.warn = ev_warn,
	.unlock = ev_unlock,
};

void ev_subscribe(void)
{
	ev_reset();
	v6_events_subscribe(&ev_ops, NULL);
}

void small_node(unsigned long pages, unsigned int pb, unsigned int orders, uint64_t patches)
{
	struct node_geometry g = {
		.pb_order = pb,
		.nr_page_orders = orders,
		.nr_cpus = 2,
		.page_size_kb = 4,
		.zone_end_pfn[ZONE_NORMAL] = pages,
	};
	char err[256];

	ev_subscribe();
	KT_REQUIRE(node_init(&g, patches, err, sizeof(err)) == 0);
	set_current(0, false);
	ev_reset();
}
