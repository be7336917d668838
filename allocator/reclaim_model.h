/* SPDX-License-Identifier: MIT */
/*
 * reclaim_model.h - the reclaim model both cores share (spec §1.11
 * "inputs from outside"): what zone_reclaimable_pages() estimates is kept
 * apart from what a reclaim round frees and reports, so that the cover
 * letter's case (anon still counted while swap is nearly full, yet no
 * progress) can be expressed.  Each core keeps one in its pglist_data and
 * calls reclaim_model_round() from its try_to_free_pages().
 */
#ifndef HATRACE_RECLAIM_MODEL_H
#define HATRACE_RECLAIM_MODEL_H

#include "model.h"

#define RECLAIM_PROGRESS_FREED	(-1L)

struct reclaim_model {
	unsigned long reclaimable[HAT_NR_ZONES];  /* zone_reclaimable_pages() */
	long progress;		/* try_to_free_pages() result; _FREED = what shrink freed */
	unsigned long nr_to_reclaim;		  /* asked of shrink per round */
	/* frees up to @nr pages the caller owns (e.g. its LRU); returns how many */
	hat_shrink_fn shrink;
	void *shrink_arg;
};

/*
 * One reclaim round: the shrinker (if any) frees what it can; the round
 * reports either that, or a fixed progress value that need not match
 * anything freed.
 */
unsigned long reclaim_model_round(const struct reclaim_model *rm);

#endif /* HATRACE_RECLAIM_MODEL_H */
