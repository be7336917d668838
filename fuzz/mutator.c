// SPDX-License-Identifier: MIT
/*
 * mutator.c - structure-aware mutation of binary traces (mutator.h): the
 * entry points, which decode, apply the mutations of mutator_ops.c and
 * write the output of mutator_canon.c.
 *
 * Works on the decoded trace.  While mutating, op->handle is a handle *id*
 * rather than a number: a defining op (alloc, isolate-free) carries a
 * unique id and the ops that free it carry the same id, so ops can be
 * inserted, copied, moved and spliced without renumbering.  normalize()
 * then walks the ops once: it numbers the handles in definition order,
 * drops the uses that no longer have a live handle (a free before its
 * alloc, a second free, a free-commit without its free-begin), turns a
 * free-begin of an order-0 handle into a free, and folds every field into
 * the range the decoder would fold it to, so that the encoding is the
 * canonical one and decodes to exactly this trace.
 *
 * The ops chosen are the ones the highatomic reserve reacts to: atomic
 * high-order allocations (they create the reserve), order-0 traffic
 * through the pcp lists on several CPUs (the stale cached types), drains
 * and unreserves placed anywhere in the interleaving, the split order>0
 * free (the type read outside zone->lock), and allocations stepped
 * through their slow path's lock-drop points with other CPUs' ops in
 * between (alloc-begin, alloc-step, alloc-end).
 */
#include "mutator.h"

#include <string.h>

#include "mutator_int.h"

#define MAX_MUTATIONS	4

/* ---- entry points ---- */

static size_t run(const uint8_t *in, size_t len, const uint8_t *other, size_t olen,
		  uint8_t *out, size_t max_out, uint64_t seed, bool splice_only)
{
	struct trace t, o;
	struct mctx c;
	bool have_other = false;
	size_t ret = 0;
	unsigned int n;

	if (!max_out)
		return 0;
	if (trace_decode_binary(in, len, "mutate", &decode_limits_fuzz, &t))
		return 0;
	if (other && olen) {
		if (trace_decode_binary(other, olen, "other", &decode_limits_fuzz, &o)) {
			trace_free(&t);
			return 0;
		}
		have_other = true;
	}
	memset(&c, 0, sizeof(c));
	c.r.s = seed ^ 0x6a09e667f3bcc909ull;
	c.t = &t;
	c.next_id = t.nr_handles;
	geom_refresh(&c);
	if (!t.nr_ops && !trace_push(&t))
		goto out;

	if (splice_only) {
		if (!have_other || !mut_splice(&c, &o))
			mut_insert(&c);
	} else {
		/* 1 mutation half the time, 2 a quarter, ... up to MAX_MUTATIONS */
		for (n = 1; n < MAX_MUTATIONS && chance(&c.r, 50); n++)
			;
		for (unsigned int done = 0, tries = 0; done < n && tries < 4 * n; tries++) {
			unsigned int x = below(&c.r, 100);
			bool ok;

			/* era 2: repeated requests, the pcp lock held */
			if (c.era >= 2 && chance(&c.r, 15))
				x = chance(&c.r, 65) ? 100 : 101;
			if (x == 100)
				ok = mut_burst(&c);
			else if (x == 101)
				ok = mut_trylock_window(&c);
			else if (x < 22)
				ok = mut_insert(&c);
			else if (x < 32)
				ok = mut_delete(&c);
			else if (x < 42)
				ok = mut_duplicate(&c);
			else if (x < 50)
				ok = mut_swap(&c);
			else if (x < 58)
				ok = mut_cpu(&c);
			else if (x < 72)
				ok = mut_args(&c);
			else if (x < 83)
				ok = mut_move_sync(&c);
			else if (x < 87)
				ok = mut_toggle_split(&c);
			else if (x < 91)
				ok = mut_toggle_step(&c);
			else if (x < 97)
				ok = have_other ? mut_splice(&c, &o) : mut_insert(&c);
			else
				ok = mut_header(&c);
			done += ok;
		}
	}
	if (normalize(&c))
		goto out;
	ret = encode_fit(&t, out, max_out);
out:
	trace_free(&t);
	if (have_other)
		trace_free(&o);
	return ret;
}

size_t hat_mutate(const uint8_t *in, size_t len, const uint8_t *other, size_t olen,
		  uint8_t *out, size_t max_out, uint64_t seed)
{
	return run(in, len, other, olen, out, max_out, seed, false);
}

size_t hat_crossover(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
		     uint8_t *out, size_t max_out, uint64_t seed)
{
	return run(a, alen, b, blen, out, max_out, seed, true);
}

size_t hat_canonicalize(const uint8_t *in, size_t len, uint8_t *out, size_t max_out)
{
	struct trace t;
	size_t ret;

	if (!max_out || trace_decode_binary(in, len, "canon", &decode_limits_fuzz, &t))
		return 0;
	ret = encode_fit(&t, out, max_out);
	trace_free(&t);
	return ret;
}
