// SPDX-License-Identifier: MIT
/*
 * two_cores.c - two cores with the same kernel names in one program: the
 * v4 core's partially linked object (allocator/partial-link) twice, the
 * second with its table renamed.  Each keeps its own node (its own
 * contig_page_data, struct zone, ...): building, allocating on and
 * freeing the second node leaves the first exactly as it was.
 */
#include <string.h>

#include "ktest.h"
#include "model.h"

extern const struct hat_model hat_model_v4, hat_model_v4_twin;

static void build(const struct hat_model *m, unsigned long end)
{
	struct hat_geometry g;
	struct hat_variant v = { .era = 1 };
	char err[128];

	geometry_default(&g);
	g.zone_end_pfn[HAT_ZONE_NORMAL] = end;
	KT_REQUIRE(m->node_init(&g, &v, err, sizeof(err)) == 0);
	KT_EQ(m->setup_free_range(0, end), end);
	m->set_current(0, false);
}

int main(void)
{
	const struct hat_model *a = &hat_model_v4, *b = &hat_model_v4_twin;
	struct hat_zone_snapshot za, zb;
	unsigned long pa, pb;
	uint64_t hash;

	KT_ASSERT(a != b && a->node_init != b->node_init);
	build(a, 4096);
	pa = a->alloc(GFP_KERNEL, 3);
	KT_ASSERT(pa != HAT_NO_PFN);
	hash = a->state_hash();
	a->zone_snapshot(HAT_ZONE_NORMAL, &za);

	build(b, 8192);		/* another geometry: the first node's memmap would move */
	KT_EQ(b->node_pages(), 8192);
	pb = b->alloc(GFP_KERNEL, 0);
	KT_ASSERT(pb != HAT_NO_PFN);
	b->zone_snapshot(HAT_ZONE_NORMAL, &zb);
	KT_EQ(zb.spanned, 8192);

	/* the first node is untouched */
	KT_EQ(a->node_pages(), 4096);
	KT_ASSERT(a->state_hash() == hash);
	a->zone_snapshot(HAT_ZONE_NORMAL, &zb);
	KT_ASSERT(!memcmp(&za, &zb, sizeof(za)));
	a->free(pa, 3);
	a->drain_all();
	KT_EQ(a->check_full(), 0);
	b->free(pb, 0);
	b->drain_all();
	KT_EQ(b->check_full(), 0);
	a->node_exit();
	b->node_exit();
	KT_MAIN_END();
}
