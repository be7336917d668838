// SPDX-License-Identifier: MIT
/*
 * ftrace_pages.c - the kmem import's page events (see ftrace_int.h):
 * allocations, bulk allocations and isolations tracked by pfn in the live
 * map, frees paired with them (or with the start's pages), and the events
 * that are only counted.
 */
#include <stdlib.h>
#include <string.h>

#include "ftrace_int.h"
#include "gfp_names.h"

static bool gfp_lookup(struct ctx *c, const char *s, size_t len, gfp_t *gfp, bool *nearest,
		       const char **bad, size_t *badlen)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	struct gfp_cache_entry *e;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	e = &c->gfp_cache[h % GFP_CACHE];
	if (e->len != len || len >= GFP_CACHE_LEN || memcmp(e->s, s, len)) {
		if (len >= GFP_CACHE_LEN)
			return gfp_decode(s, len, gfp, nearest, bad, badlen);
		e->len = len;
		memcpy(e->s, s, len);
		e->ok = gfp_decode(s, len, &e->gfp, &e->nearest, bad, badlen);
		if (!e->ok) {
			e->bad_off = (size_t)(*bad - s);
			e->bad_len = *badlen;
		}
	}
	*gfp = e->gfp;
	*nearest = e->nearest;
	if (!e->ok) {
		*bad = s + e->bad_off;
		*badlen = e->bad_len;
	}
	return e->ok;
}

static unsigned int fold_cpu(struct ctx *c, unsigned int cpu)
{
	if (cpu > c->st->max_cpu)
		c->st->max_cpu = cpu;
	if (cpu < c->geom.nr_cpus)
		return cpu;
	c->st->cpu_folded++;
	return cpu % c->geom.nr_cpus;
}

/* Is "page=" a NULL pointer, as a failed allocation prints it? */
static bool null_page(const struct fields *f)
{
	const char *v;
	size_t vl;

	if (!ft_field(f, "page", &v, &vl))
		return true;	/* no page= at all: go by pfn alone */
	if ((vl == 6 && !memcmp(v, "(null)", 6)) || (vl == 5 && !memcmp(v, "(nil)", 5)))
		return true;
	if (vl > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		v += 2;
		vl -= 2;
	}
	for (size_t i = 0; i < vl; i++)
		if (v[i] != '0')
			return false;
	return vl > 0;
}

static void note_layout(struct ctx *c, bool hex)
{
	ftrace_note_layout(c->st, c->line, hex);
}

/* A pfn of the input: is it in the start's zones?  (Given a start: the default's are a guess.) */
static void check_pfn(struct ctx *c, uint64_t pfn, unsigned int order, bool hex)
{
	if (c->o->start)
		ftrace_check_pfn(c->st, c->line, &c->geom, c->start_name, pfn, order, hex);
}

static const char *fmt_pfn(char *buf, size_t len, uint64_t pfn, bool hex)
{
	snprintf(buf, len, hex ? "0x%llx" : "%llu", (unsigned long long)pfn);
	return buf;
}

static void track(struct ctx *c, uint64_t pfn, unsigned int order, int kind, uint32_t handle,
		  uint32_t slot)
{
	struct live *e = live_insert(&c->live, pfn);

	if (!e) {
		snprintf(c->err, c->errlen, "out of memory");
		c->stop = c->failed = true;
		return;
	}
	if (e->kind != LIVE_EMPTY)
		c->st->alloc_of_live++;
	e->kind = (uint8_t)kind;
	e->handle = handle;
	e->slot = slot;
	e->order = (uint8_t)order;
	e->line = (uint32_t)c->line;
	e->freed = 0;
}

static void note_kernel_failed(struct ctx *c)
{
	struct ftrace_stats *st = c->st;

	st->kernel_failed++;
	if (!c->o->trace || st->too_many_ops)
		return;
	if (st->nr_kernel_failed_ops == st->cap_kernel_failed_ops) {
		size_t cap = st->cap_kernel_failed_ops ? st->cap_kernel_failed_ops * 2 : 64;
		uint32_t *a = realloc(st->kernel_failed_ops, cap * sizeof(*a));

		if (!a) {
			snprintf(c->err, c->errlen, "out of memory");
			c->stop = c->failed = true;
			return;
		}
		st->kernel_failed_ops = a;
		st->cap_kernel_failed_ops = cap;
	}
	/* the index the alloc op is about to get */
	st->kernel_failed_ops[st->nr_kernel_failed_ops++] = c->o->trace->nr_ops;
}

/*
 * Before an allocation (@before): if its task's direct reclaim ended just
 * before (mm_vmscan_direct_reclaim_end), `progress N` with the kernel's
 * nr_reclaimed, so that the model's slow path sees the progress the
 * kernel's saw; returns whether it did.  After it: `progress 0` again, the
 * import's default (reclaim is an input).
 */
static bool reclaim_progress(struct ctx *c, const struct ftrace_line *fl, bool before)
{
	struct op op = { .kind = OP_PROGRESS };
	long nr = 0;

	if (before) {
		if (fl->pid < 0 || !ftrace_reclaim_take(&c->reclaim, fl->pid, &nr))
			return false;
		op.a = nr;
		c->st->reclaim_progress++;
	}
	ft_emit(c, &op, before ? "the task's direct reclaim: nr_reclaimed" : NULL);
	return true;
}

void ft_on_alloc(struct ctx *c, const struct ftrace_line *fl, const struct fields *f)
{
	struct ftrace_stats *st = c->st;
	struct op op = { .kind = OP_ALLOC };
	const char *gv, *bad;
	size_t gl, badlen;
	uint64_t pfn, order;
	bool hex, nearest, failed, reclaimed;
	uint32_t slot;
	int64_t mt;
	gfp_t gfp;

	if (!ft_num_field(c, f, "mm_page_alloc", "pfn", &pfn, &hex) ||
	    !ft_num_field(c, f, "mm_page_alloc", "order", &order, NULL))
		return;
	if (!ft_field(f, "gfp_flags", &gv, &gl)) {
		ft_problem(c, true, 0, "mm_page_alloc: no gfp_flags= field");
		return;
	}
	if (order >= HAT_MAX_ORDER_LIMIT) {
		ft_problem(c, true, 0, "mm_page_alloc: order=%llu out of range", (unsigned long long)order);
		return;
	}
	mt = ft_opt_field(f, "migratetype");
	note_layout(c, hex);
	st->ev[FEV_ALLOC]++;
	/* 4.x: page=(null) pfn=0; 5.x/6.x: page=0000000000000000 pfn=0x0 */
	failed = pfn == 0 && null_page(f);
	if (!failed)
		check_pfn(c, pfn, (unsigned int)order, hex);
	if (!gfp_lookup(c, gv, gl, &gfp, &nearest, &bad, &badlen)) {
		ft_count_name(st->unknown_gfp, bad, badlen);
		ft_unmapped(c, FEV_ALLOC, FR_GFP, "gfp_flags=%.*s: '%.*s' has no v4.8 meaning",
			    (int)(gl > 80 ? 80 : gl), gv, (int)(badlen > 40 ? 40 : badlen), bad);
		if (!failed)
			track(c, pfn, (unsigned int)order, LIVE_UNMAPPED, 0, 0);
		return;
	}
	if (order >= c->geom.max_order) {
		ft_unmapped(c, FEV_ALLOC, FR_ORDER, "order %llu, but the geometry has max_order %u",
			    (unsigned long long)order, c->geom.max_order);
		if (!failed)
			track(c, pfn, (unsigned int)order, LIVE_UNMAPPED, 0, 0);
		return;
	}
	if (nearest)
		st->gfp_nearest++;
	ftrace_check_gfp(st, c->line, gfp, gv, gl);
	if (mt >= 0 && mt != gfp_mobility_type(gfp))
		st->mt_mismatch++;
	if (fl->irq)
		st->irq_allocs++;
	op.cpu = (uint8_t)fold_cpu(c, fl->cpu);
	op.order = (uint8_t)order;
	op.gfp = gfp;
	st->mapped[FEV_ALLOC]++;
	reclaimed = reclaim_progress(c, fl, true);
	if (failed) {
		/*
		 * The trace never frees it; its slot is not reused (the model
		 * may have given it pages).
		 */
		op.handle = ft_new_handle(c, &slot);
		note_kernel_failed(c);
		c->kernel_failed_op = true;
		ft_emit_slot(c, &op, slot, "kernel: failed");
		c->kernel_failed_op = false;
	} else {
		ft_free_start_pages(c, pfn, (unsigned int)order, op.cpu);
		op.handle = ft_new_handle(c, &slot);
		ft_emit_slot(c, &op, slot, NULL);
		track(c, pfn, (unsigned int)order, LIVE_ALLOC, op.handle, slot);
	}
	if (reclaimed)
		reclaim_progress(c, fl, false);
}

/* A free of (part of) an isolated block: the block is freed with its last page. */
static void free_piece(struct ctx *c, struct live *e, unsigned int order, unsigned int cpu)
{
	c->st->mapped[FEV_FREE]++;
	if (order >= e->order && !e->freed) {
		ft_emit_free(c, e->handle, e->slot, cpu);
		live_erase(&c->live, e);
		return;
	}
	c->st->isolate_pieces++;
	e->freed = (uint16_t)(e->freed + (1u << order));
	if (e->freed >= (1u << e->order)) {
		ft_emit_free(c, e->handle, e->slot, cpu);
		live_erase(&c->live, e);
	}
}

void ft_on_free(struct ctx *c, const struct ftrace_line *fl, const struct fields *f)
{
	struct ftrace_stats *st = c->st;
	uint64_t pfn, order;
	unsigned int cpu;
	struct live *e;
	char pb[32], hb[32];
	bool hex;

	if (!ft_num_field(c, f, "mm_page_free", "pfn", &pfn, &hex) ||
	    !ft_num_field(c, f, "mm_page_free", "order", &order, NULL))
		return;
	if (order >= HAT_MAX_ORDER_LIMIT) {
		ft_problem(c, true, 0, "mm_page_free: order=%llu out of range", (unsigned long long)order);
		return;
	}
	note_layout(c, hex);
	check_pfn(c, pfn, (unsigned int)order, hex);
	st->ev[FEV_FREE]++;
	cpu = fold_cpu(c, fl->cpu);
	fmt_pfn(pb, sizeof(pb), pfn, hex);
	e = live_find(&c->live, pfn);
	if (e) {
		switch (e->kind) {
		case LIVE_ALLOC:
			if (e->order == order) {
				st->mapped[FEV_FREE]++;
				ft_emit_free(c, e->handle, e->slot, cpu);
				live_erase(&c->live, e);
			} else {
				ft_unmapped(c, FEV_FREE, FR_FREE_ORDER,
					    "pfn %s order %llu, allocated with order %u at line %u",
					    pb, (unsigned long long)order, e->order, e->line);
			}
			return;
		case LIVE_ISOLATE:
			free_piece(c, e, (unsigned int)order, cpu);
			return;
		default:
			ft_unmapped(c, FEV_FREE, FR_FREE_UNMAPPED,
				    "pfn %s: its allocation at line %u was not mapped", pb, e->line);
			if (order >= e->order)
				live_erase(&c->live, e);
			return;
		}
	}
	e = live_containing(&c->live, pfn);
	if (e) {
		switch (e->kind) {
		case LIVE_ISOLATE:
			free_piece(c, e, (unsigned int)order, cpu);
			return;
		case LIVE_ALLOC:
			ft_unmapped(c, FEV_FREE, FR_FREE_INSIDE,
				    "pfn %s order %llu lies inside the order-%u allocation of pfn %s at line %u",
				    pb, (unsigned long long)order, e->order,
				    fmt_pfn(hb, sizeof(hb), e->pfn, hex), e->line);
			return;
		default:
			ft_unmapped(c, FEV_FREE, FR_FREE_UNMAPPED,
				    "pfn %s: its allocation at line %u was not mapped", pb, e->line);
			return;
		}
	}
	if (order < c->geom.max_order && ft_prealloc_test(c, pfn, (unsigned int)order)) {
		/* allocated before the trace began: name it, then free it */
		struct op op = { .kind = OP_INIT_ALLOC, .a = (int64_t)pfn, .order = (uint8_t)order };
		uint32_t slot;

		op.handle = ft_new_handle(c, &slot);
		ft_emit_slot(c, &op, slot, NULL);
		ft_emit_free(c, op.handle, slot, cpu);
		ft_prealloc_clear(c, pfn, (unsigned int)order);
		st->pretrace_frees++;
		st->mapped[FEV_FREE]++;
		return;
	}
	ft_unmapped(c, FEV_FREE, FR_FREE_UNKNOWN, "pfn %s order %llu was never seen allocated%s",
		    pb, (unsigned long long)order,
		    c->prealloc ? " (nor allocated in the start state)" : "");
}

/* pfn= (into *@pfn) of an event that is only counted (batched, drain, zone_locked, extfrag). */
bool ft_counted_event(struct ctx *c, enum ftrace_event ev, const struct fields *f,
			  uint64_t *pfn)
{
	bool hex;

	if (!ft_num_field(c, f, ftrace_event_names[ev], "pfn", pfn, &hex))
		return false;
	note_layout(c, hex);
	check_pfn(c, *pfn, 0, hex);
	c->st->ev[ev]++;
	c->st->mapped[ev]++;
	return true;
}

/*
 * A drain (pcp -> buddy) or a refill (buddy -> pcp): the page is free in
 * the kernel.  If the start state holds it allocated, it was on a per-cpu
 * list at the snapshot (or the snapshot missed it): free it in the model
 * now, as an allocation of it would.  Counted as ft_counted_event().
 */
bool ft_free_event(struct ctx *c, const struct ftrace_line *fl, enum ftrace_event ev,
		       const struct fields *f)
{
	uint64_t pfn;
	int64_t order = ft_opt_field(f, "order");

	if (!ft_counted_event(c, ev, f, &pfn))
		return false;
	if (order >= 0 && order < c->geom.max_order)
		ft_free_start_pages(c, pfn, (unsigned int)order, fold_cpu(c, fl->cpu));
	return true;
}

/* struct page * of a kprobe event -> pfn */
static bool page_ptr_pfn(struct ctx *c, enum ftrace_event ev, const struct fields *f,
			 uint64_t *pfn)
{
	const struct ftrace_import_opts *o = c->o;
	uint64_t ptr;
	bool hex;

	if (!ft_num_field(c, f, ftrace_event_names[ev], "page", &ptr, &hex))
		return false;
	c->st->ev[ev]++;
	if (ptr < o->vmemmap_base || (ptr - o->vmemmap_base) % o->struct_page_size) {
		ft_unmapped(c, ev, FR_PAGE_PTR, "page=0x%llx is not a struct page at 0x%llx + %u x pfn",
			    (unsigned long long)ptr, (unsigned long long)o->vmemmap_base,
			    o->struct_page_size);
		return false;
	}
	*pfn = (ptr - o->vmemmap_base) / o->struct_page_size;
	return true;
}

void ft_on_bulk_alloc(struct ctx *c, const struct ftrace_line *fl, const struct fields *f)
{
	struct op op = { .kind = OP_ALLOC, .gfp = c->o->bulk_gfp };
	uint32_t slot;
	uint64_t pfn;

	if (!page_ptr_pfn(c, FEV_BULK_ALLOC, f, &pfn))
		return;
	check_pfn(c, pfn, 0, true);
	op.cpu = (uint8_t)fold_cpu(c, fl->cpu);
	c->st->mapped[FEV_BULK_ALLOC]++;
	ft_free_start_pages(c, pfn, 0, op.cpu);
	op.handle = ft_new_handle(c, &slot);
	ft_emit_slot(c, &op, slot, NULL);
	track(c, pfn, 0, LIVE_ALLOC, op.handle, slot);
}

void ft_on_isolate_free(struct ctx *c, const struct fields *f)
{
	struct op op = { .kind = OP_ISOLATE_FREE };
	uint32_t slot;
	uint64_t pfn, order;
	bool hex;

	if (!ft_num_field(c, f, "isolate_free_page", "order", &order, &hex))
		return;
	if (!page_ptr_pfn(c, FEV_ISOLATE_FREE, f, &pfn))
		return;
	if (order >= c->geom.max_order) {
		ft_unmapped(c, FEV_ISOLATE_FREE, FR_ORDER, "order %llu, but the geometry has max_order %u",
			    (unsigned long long)order, c->geom.max_order);
		return;
	}
	if (pfn + (1ULL << order) > c->node_end) {
		ft_unmapped(c, FEV_ISOLATE_FREE, FR_PFN_RANGE, "pfn 0x%llx order %llu beyond the node's end %lu",
			    (unsigned long long)pfn, (unsigned long long)order, c->node_end);
		return;
	}
	op.a = (int64_t)pfn;
	op.order = (uint8_t)order;
	op.handle = ft_new_handle(c, &slot);
	c->st->mapped[FEV_ISOLATE_FREE]++;
	ft_emit_slot(c, &op, slot, NULL);
	ft_prealloc_clear(c, pfn, (unsigned int)order);
	track(c, pfn, (unsigned int)order, LIVE_ISOLATE, op.handle, slot);
}
