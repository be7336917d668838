// SPDX-License-Identifier: MIT
/*
 * pageblock.c - the pageblock bits: set_pageblock_migratetype() and the
 * isolate bit (mm/page_alloc.c; get_pfnblock_migratetype() is inline in
 * page_alloc.h), change_pageblock_range().  Moving a block's free pages
 * is in move_freepages.c.
 *
 * Each block has one byte: the migratetype in bits 0-2 and, apart from
 * it, PB_migrate_isolate.  Before Zi Yan's 2025 rework (V6_ISOLATE_BIT)
 * isolation wrote MIGRATE_ISOLATE as the type itself, and the caller of
 * unset_migratetype_isolate() said which type to go back to; the model
 * stores it the same way in that form.  Every change of what
 * get_pageblock_migratetype() reports is a retype event.
 */
#include "page_alloc.h"
#include "events.h"

static unsigned char *pfnblock_flags(unsigned long pfn)
{
	return &contig_page_data.pageblock_flags[pfn >> pageblock_order];
}

int get_pageblock_type_raw(const struct page *page)
{
	return *pfnblock_flags(page_to_pfn(page)) & MIGRATETYPE_MASK;
}

bool get_pageblock_isolate(const struct page *page)
{
	return *pfnblock_flags(page_to_pfn(page)) & PB_ISOLATE_BIT;
}

/* __set_pfnblock_flags_mask(): write @flags under @mask, report a retype */
static void set_pfnblock_flags(const struct page *page, unsigned char flags,
			       unsigned char mask, const char *caller)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned char *word = pfnblock_flags(pfn);
	int old_mt = pageblock_flags_migratetype(*word);
	int new_mt;

	*word = (unsigned char)((*word & ~mask) | flags);
	new_mt = pageblock_flags_migratetype(*word);
	if (old_mt != new_mt)
		V6_EVENT(retype, pageblock_start_pfn(pfn), old_mt, new_mt, caller);
}

void __set_pageblock_migratetype(struct page *page, int migratetype, const char *caller)
{
	if (unlikely(page_group_by_mobility_disabled && migratetype < MIGRATE_PCPTYPES))
		migratetype = MIGRATE_UNMOVABLE;
	if (v6_has(V6_ISOLATE_BIT)) {
		if (migratetype == MIGRATE_ISOLATE) {
			v6_warn(WARN_SET_ISOLATE_TYPE, page_to_pfn(page), NULL, 0);
			return;
		}
		if (get_pageblock_isolate(page))
			v6_warn(WARN_UNISOLATE_TYPE, page_to_pfn(page), NULL, 0);
		/* MIGRATETYPE_AND_ISO_MASK: the isolate bit goes too */
		set_pfnblock_flags(page, (unsigned char)migratetype, MIGRATETYPE_AND_ISO_MASK,
				   caller);
		return;
	}
	set_pfnblock_flags(page, (unsigned char)migratetype, MIGRATETYPE_MASK, caller);
}

void set_pageblock_isolate(struct page *page)
{
	set_pfnblock_flags(page, PB_ISOLATE_BIT, PB_ISOLATE_BIT, __func__);
}

void clear_pageblock_isolate(struct page *page)
{
	set_pfnblock_flags(page, 0, PB_ISOLATE_BIT, __func__);
}

/* change_pageblock_range(): retype the 2^(order - pageblock_order) blocks. */
void change_pageblock_range(struct page *pageblock_page, int start_order, int migratetype)
{
	unsigned long nr_pageblocks = 1UL << (start_order - (int)pageblock_order);

	for (unsigned long i = 0; i < nr_pageblocks; i++)
		set_pageblock_migratetype(pageblock_page + i * pageblock_nr_pages, migratetype);
}
