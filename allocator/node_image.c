// SPDX-License-Identifier: MIT
/*
 * node_image.c - save and restore the node in place (node_image.h).
 * Everything the allocator keeps is in contig_page_data and the two
 * buffers it points to; the checker's record is reset on restore.  (Era
 * 2's oracle keeps shadows of its own: model_v6.c saves them beside.)
 */
#include "node_image.h"
#include "page_alloc.h"
#include "violation.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Grow @buf to @n bytes; false when out of memory. */
static bool reserve(void **buf, unsigned long *cap, unsigned long n)
{
	void *p;

	if (n <= *cap)
		return true;
	p = realloc(*buf, n);
	if (!p)
		return false;
	*buf = p;
	*cap = n;
	return true;
}

/* [@from, @to) bytes of @src over @dst */
static void copy_range(void *dst, const void *src, size_t from, size_t to)
{
	memcpy((char *)dst + from, (const char *)src + from, to - from);
}

/*
 * @src's pgdat into @dst but for the per-cpu pagesets of the CPUs its node
 * does not have: most of pgdat (HAT_MAX_CPUS pagesets per zone), which
 * the node never reads nor writes.
 */
static void copy_pgdat(struct pglist_data *dst, const struct pglist_data *src)
{
	size_t zones = offsetof(struct pglist_data, node_zones);
	size_t pcps = offsetof(struct zone, NODE_IMAGE_ZONE_PCPS);
	size_t used = pcps + src->geom.nr_cpus * sizeof(struct per_cpu_pages);
	size_t end = pcps + HAT_MAX_CPUS * sizeof(struct per_cpu_pages);

	copy_range(dst, src, 0, zones);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		copy_range(&dst->node_zones[z], &src->node_zones[z], 0, used);
		copy_range(&dst->node_zones[z], &src->node_zones[z], end, sizeof(struct zone));
	}
	copy_range(dst, src, zones + sizeof(dst->node_zones), sizeof(*dst));
}

int node_image_save(struct node_image *img)
{
	const struct pglist_data *pgdat = &contig_page_data;
	unsigned long mbytes = pgdat->node_spanned_pages * sizeof(struct page);

	img->valid = false;
	if (!reserve((void **)&img->memmap, &img->memmap_cap, mbytes) ||
	    !reserve((void **)&img->usemap, &img->usemap_cap, pgdat->nr_pageblocks))
		return -1;
	copy_pgdat(&img->pgdat, pgdat);
	memcpy(img->memmap, pgdat->node_mem_map, mbytes);
	memcpy(img->usemap, pgdat->pageblock_flags, pgdat->nr_pageblocks);
	img->valid = true;
	return 0;
}

bool node_image_restore(const struct node_image *img)
{
	struct pglist_data *pgdat = &contig_page_data;

	if (!img->valid || !node_buffers_hold(img->pgdat.node_mem_map,
					      img->pgdat.pageblock_flags,
					      img->pgdat.node_spanned_pages,
					      img->pgdat.nr_pageblocks))
		return false;
	copy_pgdat(pgdat, &img->pgdat);
	memcpy(pgdat->node_mem_map, img->memmap,
	       pgdat->node_spanned_pages * sizeof(struct page));
	memcpy(pgdat->pageblock_flags, img->usemap, pgdat->nr_pageblocks);
	checker_reset();
	return true;
}

void node_image_free(struct node_image *img)
{
	free(img->memmap);
	free(img->usemap);
	memset(img, 0, sizeof(*img));
}
