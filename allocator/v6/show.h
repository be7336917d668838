/* SPDX-License-Identifier: MIT */
/*
 * show.h - the era-2 state in text: the zone lines of show_free_areas()
 * in the v6.x layout (as an OOM report prints them), and a full dump of
 * one zone (counters, free buddies per order and type, blocks per type,
 * every pcp), plus the state hash that says whether two runs ended alike.
 */
#ifndef HATRACE_V6_SHOW_H
#define HATRACE_V6_SHOW_H

#include <stdint.h>
#include <stdio.h>

#include "mmzone.h"

/* "Normal free:...kB boost:...kB min:...kB ..." and "lowmem_reserve[]: ..." */
void show_zone_summary(FILE *f, const struct zone *zone);
/* "Normal: 3*4kB (UH) 0*8kB ... = 12kB" */
void show_zone_free_areas(FILE *f, const struct zone *zone);
/* Everything the model holds for @zone, one item a line. */
void show_zone_state(FILE *f, const struct zone *zone);
/* show_zone_state() for every populated zone. */
void show_node(FILE *f);
/* Blocks of @zone whose type (get_pageblock_migratetype()) is @mt. */
unsigned long zone_count_blocks(const struct zone *zone, int mt);
/* Pages on @zone's pcp lists, all CPUs. */
unsigned long zone_pcp_pages(const struct zone *zone);
/*
 * FNV-1a over the node's state: block bytes, each zone's counters and
 * watermarks, every free list in list order, every pcp list in order.
 */
uint64_t node_state_hash(void);

#endif /* HATRACE_V6_SHOW_H */
