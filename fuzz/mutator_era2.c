// SPDX-License-Identifier: MIT
/*
 * mutator_era2.c - what the mutator generates for an era-2 trace (its
 * header's variant is of the v6 core; mutator_int.h): the request classes
 * of the v6.3 ALLOC_* split, orders for the pcp lists of 6.x (0 to 3 and
 * the THP order) and for multi-block buddies, sysctl values that turn a
 * knob on, the geometries of today's architectures (pageblock_order below
 * MAX_PAGE_ORDER - 1 among them), and two multi-op mutations: a burst of
 * the same request (repeated atomic requests grow the reserve; a run of
 * large ones fills the zone) and a window of pcp-trylock fail ... ok
 * around ops of one CPU.
 */
#include "mutator_int.h"

/*
 * gfp masks by the ALLOC_* flags they give since v6.3 (gfp_to_alloc_flags();
 * v6.1 reads __GFP_ATOMIC instead, so both forms of GFP_ATOMIC are here).
 */
static const gfp_t era2_gfp[] = {
	/* NON_BLOCK | MIN_RESERVE, HIGHATOMIC at order > 0: GFP_ATOMIC */
	GFP_ATOMIC,
	GFP_ATOMIC,
	GFP_ATOMIC | __GFP_NOWARN | __GFP_COMP,
	__GFP_HIGH | __GFP_KSWAPD_RECLAIM,		/* GFP_ATOMIC since 2973d8229b78 */
	__GFP_HIGH,					/* no kswapd either */
	GFP_ATOMIC | __GFP_MOVABLE,			/* atomic, movable pcp list */
	GFP_ATOMIC | __GFP_RECLAIMABLE,
	/* NON_BLOCK only: HIGHATOMIC at order > 0 until 6a204d4b14c9 */
	GFP_NOWAIT,
	GFP_NOWAIT | __GFP_NOWARN | __GFP_COMP,
	GFP_NOWAIT | __GFP_MOVABLE,
	/* no reserve access: __GFP_NOMEMALLOC */
	GFP_ATOMIC | __GFP_NOMEMALLOC,
	/* MIN_RESERVE only: a blocking __GFP_HIGH */
	GFP_KERNEL | __GFP_HIGH,
	/* ALLOC_NO_WATERMARKS */
	GFP_ATOMIC | __GFP_MEMALLOC,
	/* blocking, at the min watermark */
	GFP_KERNEL,
	GFP_KERNEL,
	GFP_HIGHUSER_MOVABLE,
	GFP_HIGHUSER_MOVABLE,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_KERNEL | __GFP_COMP | __GFP_NORETRY,
	GFP_KERNEL | __GFP_REPEAT,			/* __GFP_RETRY_MAYFAIL */
	GFP_KERNEL | __GFP_NOFAIL,
	GFP_NOFS,
	/* THP: GFP_TRANSHUGE_LIGHT, GFP_TRANSHUGE */
	(GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM,
	GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN,
	GFP_KERNEL | __GFP_DMA32,
	GFP_ATOMIC | __GFP_DMA32,
};

#define NR_ERA2_GFP	(sizeof(era2_gfp) / sizeof(era2_gfp[0]))

/*
 * Geometries: pageblock_order, the number of orders.  x86 (9, 11), s390
 * (8, 11: MAX_PAGE_ORDER 10), arm64 with 64K pages (13, 14), and scaled
 * ones with at least 100 blocks in the fuzzing node (a reserve needs 100
 * since 9cd20f3fe045), several with pageblock_order < MAX_PAGE_ORDER - 1.
 */
static const uint8_t era2_geom[][2] = {
	{ 9, 11 }, { 8, 11 }, { 13, 14 }, { 9, 10 },
	{ 3, 5 }, { 3, 8 }, { 4, 7 }, { 5, 8 }, { 2, 6 }, { 4, 6 },
};

/* Zone sizes: a few blocks, around 100 blocks, the whole node. */
static const unsigned long era2_zone_pages[] = { 64, 256, 1024, 2048, 3200, 4096 };

gfp_t gen_gfp_era2(struct mctx *c)
{
	return era2_gfp[below(&c->r, NR_ERA2_GFP)];
}

/*
 * An order: through the pcp lists (0 .. 3, and the THP order when it is
 * above 3), a whole block, a buddy of several blocks, or any.
 */
unsigned int gen_order_era2(struct mctx *c)
{
	unsigned int r = below(&c->r, 100), o;

	if (r < 55)
		o = below(&c->r, 4);
	else if (r < 70)
		o = c->pb_order;
	else if (r < 88 && c->max_order > c->pb_order + 1)
		o = c->pb_order + 1 + below(&c->r, c->max_order - c->pb_order - 1);
	else
		o = below(&c->r, c->max_order);
	return o < c->max_order ? o : c->max_order - 1;
}

/* A sysctl value: most often the one that turns the knob on. */
int64_t gen_sysctl_value(struct mctx *c, unsigned int knob)
{
	static const int64_t boost[] = { 0, 1, 15000, 100000 };

	if (knob == HAT_SYSCTL_WATERMARK_BOOST_FACTOR)
		return boost[below(&c->r, sizeof(boost) / sizeof(boost[0]))];
	return chance(&c->r, 80) ? hat_sysctls[knob].max : 0;
}

/* One of the era's geometries, its zones rescaled to fit the node. */
void header_era2(struct mctx *c)
{
	struct hat_geometry *g = &c->t->hdr.geom;
	const uint8_t *p = era2_geom[below(&c->r, sizeof(era2_geom) / sizeof(era2_geom[0]))];
	int z = c->pop[c->npop - 1];
	unsigned long s = g->zone_start_pfn[z], e;

	g->pb_order = p[0];
	g->max_order = p[1];
	if (chance(&c->r, 50)) {
		e = s + era2_zone_pages[below(&c->r, sizeof(era2_zone_pages) /
					    sizeof(era2_zone_pages[0]))];
		if (e > decode_limits_fuzz.max_node_pages)
			e = decode_limits_fuzz.max_node_pages;
		if (e > s) {
			g->zone_end_pfn[z] = e;
			if (g->reserved_pages[z] > e - s)
				g->reserved_pages[z] = e - s;
		}
	}
}

/*
 * The same request @n times in a row at @pos (fresh handles): repeated
 * atomic requests, or a zone filled.
 */
static bool burst_at(struct mctx *c, uint32_t pos, const struct op *proto, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++) {
		struct op *op = insert_at(c->t, pos + k);

		if (!op)
			return k > 0;
		*op = *proto;
		op->kind = OP_ALLOC;
		op->handle = c->next_id++;
	}
	return true;
}

bool mut_burst(struct mctx *c)
{
	struct op proto = { 0 };
	uint32_t i = op_pos(c);
	unsigned int n = 2 + below(&c->r, 7);

	if (i && c->t->ops[i].kind == OP_ALLOC && chance(&c->r, 60)) {
		proto = c->t->ops[i];
	} else {
		gen_op(c, &proto, OP_ALLOC);
		c->next_id--;	/* burst_at() numbers them */
	}
	return burst_at(c, i ? i + 1 : insert_pos(c), &proto, n);
}

/*
 * pcp-trylock fail on a CPU, then one to three ops (frees and allocations
 * of that CPU, new or moved there), then pcp-trylock ok: those ops find
 * the pcp lock held (an IRQ interrupted its owner) and use the buddy lists.
 */
bool mut_trylock_window(struct mctx *c)
{
	uint32_t pos = op_pos(c), end;
	unsigned int cpu;
	struct op *op;

	if (!pos)
		return false;
	cpu = op_has_cpu(c->t->ops[pos].kind) ? c->t->ops[pos].cpu : gen_cpu(c);
	end = pos + 1 + below(&c->r, 3);
	if (end > c->t->nr_ops)
		end = c->t->nr_ops;
	for (uint32_t j = pos; j < end; j++)
		if (op_has_cpu(c->t->ops[j].kind))
			c->t->ops[j].cpu = (uint8_t)cpu;
	if ((op = insert_at(c->t, end))) {
		op->kind = OP_PCP_TRYLOCK;
		op->cpu = (uint8_t)cpu;
	}
	if (!(op = insert_at(c->t, pos)))
		return true;
	op->kind = OP_PCP_TRYLOCK;
	op->cpu = (uint8_t)cpu;
	op->flags = OPF_FAIL;
	return true;
}
