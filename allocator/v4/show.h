/* SPDX-License-Identifier: MIT */
/*
 * show.h - the zone state in the kernel's own formats (spec §8.3, §8.4):
 * show_free_areas() as in an OOM report, /proc/pagetypeinfo and
 * /proc/buddyinfo.  Values are in the 4.x layout.
 */
#ifndef HATRACE_SHOW_H
#define HATRACE_SHOW_H

#include <stdio.h>

#include "mmzone.h"

/* "Normal free:...kB min:...kB ..." + "lowmem_reserve[]: ..." for one zone. */
void show_zone_summary(FILE *f, const struct zone *zone);
/* "Normal: 3*4kB (UH) 0*8kB ... = 12kB" */
void show_zone_free_areas(FILE *f, const struct zone *zone);
/* Both, for every populated zone, in zone order. */
void show_free_areas(FILE *f);
void pagetypeinfo_show(FILE *f);
void buddyinfo_show(FILE *f);
/* Blocks of @zone whose type is @mt (the pagetypeinfo block count walk). */
unsigned long zone_count_blocks(const struct zone *zone, int mt);

#endif /* HATRACE_SHOW_H */
