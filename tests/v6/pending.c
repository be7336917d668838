// SPDX-License-Identifier: MIT
/*
 * pending.c - stand-ins for the core functions another helper (V6-B) is
 * writing in allocator/v6/watermark.c, so that the free path links in
 * these tests.  Weak, and they abort if reached: no test here sets
 * ZONE_BELOW_HIGH.  Delete this file when watermark.c is in the library.
 */
#include "page_alloc.h"

__attribute__((weak)) bool zone_watermark_ok(struct zone *z, unsigned int order,
					     unsigned long mark, int highest_zoneidx,
					     unsigned int alloc_flags)
{
	(void)z, (void)order, (void)mark, (void)highest_zoneidx, (void)alloc_flags;
	BUG_ON(1);
	return false;
}
