/* SPDX-License-Identifier: MIT */
/*
 * model_show.h - /proc/pagetypeinfo and /proc/buddyinfo of the active
 * node, from the neutral per-zone snapshot (any core's).
 */
#ifndef HATRACE_MODEL_SHOW_H
#define HATRACE_MODEL_SHOW_H

#include <stdio.h>

void hat_pagetypeinfo_show(FILE *f);
void hat_buddyinfo_show(FILE *f);

#endif /* HATRACE_MODEL_SHOW_H */
