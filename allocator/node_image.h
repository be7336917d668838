/* SPDX-License-Identifier: MIT */
/*
 * node_image.h - a copy of the whole node (pglist_data, memmap, usemap)
 * restored in place, so that a replay loop (the fuzz targets) builds the
 * boot state of a geometry once, not once per input.  Whole but for the
 * per-cpu pagesets of the CPUs the node does not have (most of pglist_data),
 * which it never reads nor writes: those keep what they hold.  A core's file: each
 * core compiles node_image.c against its own mmzone.h and page_alloc.h
 * (contig_page_data, node_buffers_hold()), as the model table's image ops
 * of both use it.
 */
#ifndef HAT_NODE_IMAGE_H
#define HAT_NODE_IMAGE_H

#include <stdbool.h>

#include "mmzone.h"

struct node_image {
	struct pglist_data pgdat;
	struct page *memmap;		/* copies of node_mem_map ... */
	unsigned char *usemap;		/* ... and pageblock_flags */
	unsigned long memmap_cap, usemap_cap;
	bool valid;
};

/* Copy the node into @img; -1 when out of memory (@img is then invalid). */
int node_image_save(struct node_image *img);

/*
 * Put the node back as it was at node_image_save(), checker reset.  The
 * lists point into the node's own buffers: false (nothing done) when those
 * moved since, as node_init() of a larger geometry moves them.
 */
bool node_image_restore(const struct node_image *img);

void node_image_free(struct node_image *img);

#endif
