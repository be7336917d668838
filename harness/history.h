/* SPDX-License-Identifier: MIT */
/*
 * history.h - the recent events of each pageblock (retypes, counter
 * changes), kept during a replay so a violation report can show how the
 * block got there.
 */
#ifndef HATRACE_HISTORY_H
#define HATRACE_HISTORY_H

#include <stdint.h>
#include <stdio.h>

#include "model.h"

#define HISTORY_DEPTH	8

/* Start recording (hooks the checker's event observer); sized for the node. */
int history_start(void);
void history_stop(void);
/* The op index events are attributed to from now on. */
void history_set_op(uint32_t op_index);
/* A page operation on the block holding @pfn ("alloc h3", "free h3 -> pcp"). */
void history_note_page(unsigned long pfn, unsigned int order, const char *what);
/* Print the recorded events of the block holding @pfn, oldest first. */
void history_print(FILE *f, unsigned long pfn);

#endif /* HATRACE_HISTORY_H */
