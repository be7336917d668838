/* SPDX-License-Identifier: MIT */
/*
 * mutator_int.h - what the mutator's files share (private to mutator*.c):
 * the PRNG, the mutation context and handle states, and the functions of
 * mutator_gen.c (building blocks), mutator_ops.c (the mutations) and
 * mutator_canon.c (normalising and encoding the output), mutator_era2.c
 * (what an era-2 trace gets).  Calls go one way: mutator.c ->
 * mutator_ops.c -> mutator_gen.c <-> mutator_era2.c, and mutator.c ->
 * mutator_era2.c, mutator_gen.c (geom_refresh) and mutator_canon.c.
 */
#ifndef HATRACE_FUZZ_MUTATOR_INT_H
#define HATRACE_FUZZ_MUTATOR_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "binary.h"
#include "gfp_bits.h"
#include "model.h"
#include "trace.h"

#define MAX_LOOPS	64		/* unreserve loops: 0 .. 64 */

/* ---- the PRNG: splitmix64 ---- */

struct rng {
	uint64_t s;
};

static inline uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); 0 when n is 0. */
static inline uint32_t below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnd(r) % n) : 0;
}

static inline bool chance(struct rng *r, unsigned int percent)
{
	return below(r, 100) < percent;
}

/* ---- the mutation context ---- */

struct mctx {
	struct rng r;
	struct trace *t;
	uint32_t next_id;		/* the next fresh handle id */
	/* the geometry, refreshed after a header change */
	unsigned int nr_cpus, max_order, pb_order;
	uint8_t era;			/* the trace's (its header's variant) */
	unsigned long node_end;
	unsigned int npop;
	uint8_t pop[HAT_NR_ZONES];
};

/* handle states at a point of the stream */
enum { HS_NONE, HS_LIVE, HS_PEND, HS_FREED, HS_FLIGHT };

/* ---- mutator_gen.c ---- */

void geom_refresh(struct mctx *c);
struct op *insert_at(struct trace *t, uint32_t pos);
void delete_range(struct trace *t, uint32_t pos, uint32_t n);
uint32_t insert_pos(struct mctx *c);
uint32_t op_pos(struct mctx *c);
long pick_live(struct mctx *c, uint32_t pos, bool big);
unsigned int gen_order(struct mctx *c);
gfp_t gen_gfp(struct mctx *c);
unsigned int gen_cpu(struct mctx *c);
int64_t gen_pfn(struct mctx *c, unsigned int align_order);
void gen_op(struct mctx *c, struct op *op, enum op_kind kind);
uint32_t gen_loops(struct mctx *c, unsigned int percent);
enum op_kind gen_kind(struct mctx *c);

/* ---- mutator_era2.c: an era-2 trace's ---- */

gfp_t gen_gfp_era2(struct mctx *c);
unsigned int gen_order_era2(struct mctx *c);
int64_t gen_sysctl_value(struct mctx *c, unsigned int knob);
void header_era2(struct mctx *c);
bool mut_burst(struct mctx *c);
bool mut_trylock_window(struct mctx *c);

/* ---- mutator_ops.c: true when the trace changed ---- */

bool mut_insert(struct mctx *c);
bool mut_delete(struct mctx *c);
bool mut_duplicate(struct mctx *c);
bool mut_swap(struct mctx *c);
bool mut_cpu(struct mctx *c);
bool mut_args(struct mctx *c);
bool mut_move_sync(struct mctx *c);
bool mut_toggle_split(struct mctx *c);
bool mut_toggle_step(struct mctx *c);
bool mut_splice(struct mctx *c, const struct trace *o);
bool mut_header(struct mctx *c);

/* ---- mutator_canon.c ---- */

int normalize(struct mctx *c);
size_t encode_fit(const struct trace *t, uint8_t *out, size_t max_out);

#endif /* HATRACE_FUZZ_MUTATOR_INT_H */
