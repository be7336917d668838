// SPDX-License-Identifier: MIT
/*
 * reclaim_model.c - one round of the reclaim model both cores share.
 */
#include "reclaim_model.h"

unsigned long reclaim_model_round(const struct reclaim_model *rm)
{
	unsigned long freed = 0;

	if (rm->shrink && rm->nr_to_reclaim)
		freed = rm->shrink(rm->shrink_arg, rm->nr_to_reclaim);
	if (rm->progress == RECLAIM_PROGRESS_FREED)
		return freed;
	return rm->progress > 0 ? (unsigned long)rm->progress : 0;
}
