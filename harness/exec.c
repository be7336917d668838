// SPDX-License-Identifier: MIT
/*
 * exec.c - replaying a trace on the allocator model.
 *
 * The executor owns the handles: the pages each allocation got (NULL when
 * it failed, or once freed or reclaimed), the type read by a pending
 * free-begin, and an LRU of the allocations marked `lru`, which the
 * reclaim model's shrinker frees oldest first.  Ops that cannot apply at
 * run time (a free of a failed allocation, isolate-free of a page that is
 * not a free buddy of that order) do nothing and are counted; whether they
 * apply can depend on the variant, so they are not errors.
 *
 * An alloc-begin starts a request that stops at the slow path's lock-drop
 * points (allocator: struct alloc_request); alloc-step runs it to its next
 * point, alloc-end to its end.  It is in flight until then: the handle has
 * no pages yet.  Requests still in flight at the end of the trace run to
 * their end there, in the order they began, before the final checks.
 *
 * A session (exec_begin/exec_step/exec_end) holds that state for one run;
 * trace_exec() is one session over a whole trace.  The per-handle arrays
 * grow as handles are defined, and a handle may be defined again once its
 * page is gone, so a streaming producer that recycles handle numbers keeps
 * them bounded; the LRU is a ring of (handle, sequence) entries that drops
 * stale ones when it fills.
 */
#include "exec.h"

#include <stdlib.h>
#include <string.h>

#include "boot_cache.h"
#include "history.h"
#include "page_alloc.h"
#include "setup.h"

struct lru_entry {
	uint32_t handle, seq;	/* stale once the handle's lru_seq differs */
};

/* A request between its alloc-begin and its end. */
struct flight {
	struct alloc_request rq;
	struct list_head list;	/* the session's requests in flight, in begin order */
	uint32_t handle, begin_op;
	uint8_t flags;		/* OPF_LRU */
};

struct exec_session {
	const struct exec_opts *o;
	struct exec_result *r;
	struct page **page;	/* per handle */
	uint8_t *order;		/* per handle */
	int8_t *pending_mt;	/* per handle: type read by free-begin, -1 none */
	uint32_t *lru_seq;	/* per handle: seq of its entry in the LRU */
	struct flight **flight;	/* per handle: its request in flight, or NULL */
	uint32_t nr_handles;	/* size of the per-handle arrays */
	struct list_head flights;	/* requests in flight, in begin order */
	struct lru_entry *lru;	/* ring: the FIFO of LRU allocations */
	uint32_t lru_cap, lru_head, lru_n, lru_next_seq;
	uint32_t cur_op, total;
	bool stop, oom;
	bool boot_pending;	/* node_init() deferred: the boot cache may do */
	struct node_geometry geom;	/* for a deferred node_init() */
};

static void on_violation(const struct hat_violation *v, void *arg)
{
	struct exec_session *c = arg;
	struct exec_result *r = c->r;

	if (c->o->counts && !c->o->counts(v, c->o->counts_arg)) {
		r->uncounted |= 1u << v->id;
		return;
	}
	r->fired |= 1u << v->id;
	r->nr_violations++;
	if (r->nr_recorded < EXEC_MAX_RECORDED) {
		r->recorded[r->nr_recorded].v = *v;
		r->recorded[r->nr_recorded].op_index = c->cur_op;
		r->nr_recorded++;
	}
	if (!c->o->keep_going)
		c->stop = true;
}

static void own(struct page *page, unsigned int order, uint32_t handle)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		page[i].owner = handle + 1;
}

static void release(struct exec_session *c, uint32_t h)
{
	struct page *page = c->page[h];

	for (unsigned long i = 0; i < (1UL << c->order[h]); i++)
		page[i].owner = 0;
	c->page[h] = NULL;
}

static bool lru_live(const struct exec_session *c, const struct lru_entry *e)
{
	return c->page[e->handle] && c->pending_mt[e->handle] < 0 &&
	       c->lru_seq[e->handle] == e->seq;
}

/* The shrinker of the reclaim model: free LRU allocations, oldest first. */
static unsigned long shrink_lru(void *arg, unsigned long nr)
{
	struct exec_session *c = arg;
	unsigned long freed = 0;

	while (freed < nr && c->lru_n) {
		struct lru_entry e = c->lru[c->lru_head];
		struct page *page;

		c->lru_head = (c->lru_head + 1) & (c->lru_cap - 1);
		c->lru_n--;
		if (!lru_live(c, &e))
			continue;	/* freed meanwhile, or being freed */
		page = c->page[e.handle];
		release(c, e.handle);
		__free_pages(page, c->order[e.handle]);
		freed += 1UL << c->order[e.handle];
	}
	return freed;
}

/*
 * Append @h to the LRU.  A full ring first drops its stale entries (freed,
 * being freed, or of a handle defined again: the shrinker would skip them),
 * and grows only if the live ones fill it: it stays within twice the live
 * LRU allocations.
 */
static int lru_push(struct exec_session *c, uint32_t h)
{
	uint32_t mask = c->lru_cap - 1;

	if (c->lru_n == c->lru_cap) {
		uint32_t n = 0;

		for (uint32_t i = 0; i < c->lru_n; i++) {
			struct lru_entry e = c->lru[(c->lru_head + i) & mask];

			if (lru_live(c, &e))
				c->lru[(c->lru_head + n++) & mask] = e;
		}
		c->lru_n = n;
		if (n * 2 > c->lru_cap) {
			uint32_t cap = c->lru_cap * 2;
			struct lru_entry *a = malloc(cap * sizeof(*a));

			if (!a)
				return -1;
			for (uint32_t i = 0; i < n; i++)
				a[i] = c->lru[(c->lru_head + i) & mask];
			free(c->lru);
			c->lru = a;
			c->lru_cap = cap;
			c->lru_head = 0;
			mask = cap - 1;
		}
	}
	c->lru_seq[h] = ++c->lru_next_seq;
	c->lru[(c->lru_head + c->lru_n) & mask] = (struct lru_entry){ h, c->lru_seq[h] };
	c->lru_n++;
	return 0;
}

static bool zone_ok(unsigned int zone)
{
	return zone < MAX_NR_ZONES && populated_zone(&contig_page_data.node_zones[zone]);
}

/* A mask the kernel would VM_WARN about: counted for the replay's warning. */
static void note_gfp(struct exec_session *c, gfp_t gfp)
{
	struct exec_stats *st = &c->r->stats;

	if (!gfp_mobility_invalid(gfp))
		return;
	if (!st->invalid_gfp++)
		st->invalid_gfp_op = c->cur_op;
}

const char *request_outcome_name(enum request_outcome o)
{
	static const char *const names[] = {
		[REQUEST_NONE] = "not-run", [REQUEST_SERVED] = "served",
		[REQUEST_OOM] = "OOM-kill", [REQUEST_STALLED] = "stalled",
		[REQUEST_FAILED] = "failed",
	};

	return (unsigned int)o < sizeof(names) / sizeof(names[0]) ? names[o] : "?";
}

/* The outcome of the report's request, from the slow path's own account. */
static void note_request(struct exec_session *c, bool served)
{
	const struct alloc_report *rep = &contig_page_data.last_alloc;
	struct exec_stats *st = &c->r->stats;

	st->request = rep->oom ? REQUEST_OOM : served ? REQUEST_SERVED :
		      rep->livelock ? REQUEST_STALLED : REQUEST_FAILED;
	st->request_op = c->cur_op;
	st->request_loops = rep->no_progress_loops;
}

/* The harness itself ran out of memory: stop, status 2. */
static void session_oom(struct exec_session *c)
{
	snprintf(c->r->err, sizeof(c->r->err), "out of memory");
	c->oom = c->stop = true;
}

/*
 * Allocation @h of @order (@flags: OPF_LRU, OPF_REPORT) has completed in an op of
 * @kind, with @page or none; last_alloc is its report.
 */
static void alloc_done(struct exec_session *c, uint32_t h, unsigned int order, uint8_t flags,
		       struct page *page, enum op_kind kind)
{
	c->r->stats.allocs++;
	if (contig_page_data.last_alloc.oom)
		c->r->stats.ooms++;
	if (contig_page_data.last_alloc.livelock)
		c->r->stats.livelocks++;
	if (flags & OPF_REPORT)
		note_request(c, page != NULL);
	c->order[h] = (uint8_t)order;
	if (c->o->on_alloc)
		c->o->on_alloc(c->cur_op, page != NULL, c->o->on_alloc_arg);
	if (!page) {
		c->r->stats.alloc_failed++;
		return;
	}
	c->page[h] = page;
	own(page, order, h);
	if (c->o->history)
		history_note_page(page_to_pfn(page), order, op_name(kind));
	if ((flags & OPF_LRU) && lru_push(c, h))
		session_oom(c);
}

static void do_alloc(struct exec_session *c, const struct op *op)
{
	struct page *page;

	note_gfp(c, op->gfp);
	set_current(op->cpu, op->flags & OPF_RT);
	page = __alloc_pages_nodemask(op->gfp, op->order);
	alloc_done(c, op->handle, op->order, op->flags, page, OP_ALLOC);
}

/* The request of @f has completed, in an op of @kind. */
static void flight_done(struct exec_session *c, struct flight *f, enum op_kind kind)
{
	c->r->stats.stops += f->rq.stops;
	if (c->o->on_request) {
		struct exec_request er = {
			.handle = f->handle, .begin_op = f->begin_op, .end_op = c->cur_op,
			.rq = &f->rq,
		};

		c->o->on_request(&er, c->o->on_request_arg);
	}
	list_del(&f->list);
	c->flight[f->handle] = NULL;
	alloc_done(c, f->handle, f->rq.order, f->flags, f->rq.page, kind);
	free(f);
}

/* alloc-begin: __alloc_pages_nodemask() up to the first lock-drop point. */
static void do_alloc_begin(struct exec_session *c, const struct op *op)
{
	struct flight *f = calloc(1, sizeof(*f));

	if (!f) {
		session_oom(c);
		return;
	}
	note_gfp(c, op->gfp);
	c->r->stats.requests++;
	f->handle = op->handle;
	f->begin_op = c->cur_op;
	f->flags = op->flags & OPF_LRU;
	list_add_tail(&f->list, &c->flights);
	c->flight[op->handle] = f;
	set_current(op->cpu, op->flags & OPF_RT);
	if (alloc_request_begin(&f->rq, op->gfp, op->order, true))
		flight_done(c, f, OP_ALLOC_BEGIN);
}

/* alloc-step, alloc-end: nothing if the request is no longer in flight. */
static void do_alloc_resume(struct exec_session *c, const struct op *op)
{
	struct flight *f = c->flight[op->handle];

	if (!f) {
		c->r->stats.steps_skipped++;
		return;
	}
	if (alloc_request_resume(&f->rq, op->kind == OP_ALLOC_STEP))
		flight_done(c, f, (enum op_kind)op->kind);
}

static void do_free(struct exec_session *c, const struct op *op)
{
	struct page *page = c->page[op->handle];
	unsigned int order = c->order[op->handle];

	c->r->stats.frees++;
	if (!page) {
		c->r->stats.frees_skipped++;
		return;
	}
	if (c->o->history)
		history_note_page(page_to_pfn(page), order, op_name(op->kind));
	switch (op->kind) {
	case OP_FREE:
		release(c, op->handle);
		set_current(op->cpu, false);
		__free_pages(page, order);
		break;
	case OP_FREE_BEGIN:
		set_current(op->cpu, false);
		c->pending_mt[op->handle] = (int8_t)__free_pages_ok_prepare(page, order);
		page->owner = op->handle + 1;	/* still ours until the commit */
		break;
	default:	/* OP_FREE_COMMIT */
		release(c, op->handle);
		__free_pages_ok_commit(page, order, c->pending_mt[op->handle]);
		c->pending_mt[op->handle] = -1;
		break;
	}
}

static void do_unreserve(struct exec_session *c, const struct op *op)
{
	struct alloc_context ac = {
		.high_zoneidx = gfp_zone(op->gfp),
		.migratetype = gfpflags_to_migratetype(op->gfp),
		.classzone_idx = -1,
	};

	for (int z = (int)ac.high_zoneidx; z >= 0; z--) {
		if (zone_ok((unsigned int)z)) {
			ac.classzone_idx = z;
			break;
		}
	}
	if (ac.classzone_idx < 0)
		return;
	note_gfp(c, op->gfp);
	set_current(op->cpu, false);
	unreserve_highatomic_pageblock(&ac, op->flags & OPF_FORCE, (int)op->a);
}

static void do_isolate_free(struct exec_session *c, const struct op *op)
{
	struct page *page = pfn_to_page((unsigned long)op->a);

	c->order[op->handle] = op->order;
	if (!page_zone(page) || !PageBuddy(page) || page_order(page) != op->order ||
	    !__isolate_free_page(page, op->order)) {
		c->r->stats.alloc_failed++;
		return;
	}
	c->page[op->handle] = page;
	own(page, op->order, op->handle);
	if (c->o->history)
		history_note_page(page_to_pfn(page), op->order, "isolate-free");
}

/*
 * init-alloc: name an allocated page of the constructed state, so that the
 * trace can free it later.  The range must be aligned, in one zone,
 * allocated and owned by nobody; otherwise the handle stays empty.
 */
static void do_init_alloc(struct exec_session *c, const struct op *op)
{
	unsigned long pfn = (unsigned long)op->a, n = 1UL << op->order;
	struct zone *zone = pfn_zone(pfn);

	c->order[op->handle] = op->order;
	if (!zone || (pfn & (n - 1)) || pfn + n > zone_end_pfn(zone))
		return;
	for (unsigned long i = 0; i < n; i++) {
		const struct page *p = pfn_to_page(pfn + i);

		if (p->flags || p->owner || pfn_is_free(pfn + i))
			return;
	}
	c->page[op->handle] = pfn_to_page(pfn);
	own(pfn_to_page(pfn), op->order, op->handle);
}

/* init-block never makes or unmakes ISOLATE: nr_isolate_pageblock would lie. */
static void do_init_block(const struct op *op)
{
	struct page *page = pfn_to_page((unsigned long)op->a);

	if (op->mt == MIGRATE_ISOLATE || !page_zone(page) ||
	    get_pageblock_migratetype(page) == MIGRATE_ISOLATE)
		return;
	setup_pageblock_type((unsigned long)op->a, op->mt);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (zone_ok((unsigned int)z))
			note_counter_set(&contig_page_data.node_zones[z]);
}

static void run_op(struct exec_session *c, const struct op *op)
{
	struct pglist_data *pgdat = &contig_page_data;
	struct zone *zone = &pgdat->node_zones[op->zone < MAX_NR_ZONES ? op->zone : 0];
	struct page *page;

	switch (op->kind) {
	case OP_INIT_FREE:
		setup_free_range((unsigned long)op->a, (unsigned long)op->b);
		break;
	case OP_INIT_BUDDY:
		setup_free_buddy((unsigned long)op->a, op->order, op->mt);
		break;
	case OP_INIT_BLOCK:
		do_init_block(op);
		break;
	case OP_INIT_COUNTER:
		setup_reserved_highatomic(zone, (unsigned long)op->a);
		break;
	case OP_WATERMARKS:
		setup_watermarks(zone, (unsigned long)op->a, (unsigned long)op->b,
				 (unsigned long)op->c);
		break;
	case OP_NR_FREE_PAGES:
		setup_nr_free_pages(zone, (unsigned long)op->a);
		break;
	case OP_LOWMEM_RESERVE:
		/* as setup_per_zone_lowmem_reserve() left it, e.g. from an OOM report */
		zone->lowmem_reserve[ZONE_DMA] = (long)op->a;
		zone->lowmem_reserve[ZONE_DMA32] = (long)op->b;
		zone->lowmem_reserve[ZONE_NORMAL] = (long)op->c;
		break;
	case OP_ALLOC:
		do_alloc(c, op);
		break;
	case OP_FREE:
	case OP_FREE_BEGIN:
	case OP_FREE_COMMIT:
		do_free(c, op);
		break;
	case OP_DRAIN:
		drain_pages(op->cpu);
		break;
	case OP_DRAIN_ALL:
		drain_all_pages(NULL);
		break;
	case OP_UNRESERVE:
		do_unreserve(c, op);
		break;
	case OP_RECLAIMABLE:
		pgdat->reclaim.reclaimable[zone->idx] = (unsigned long)op->a;
		break;
	case OP_PROGRESS:
		pgdat->reclaim.progress = (op->flags & OPF_FREED) ? RECLAIM_PROGRESS_FREED : op->a;
		break;
	case OP_SHRINK:
		pgdat->reclaim.nr_to_reclaim = (unsigned long)op->a;
		break;
	case OP_ISOLATE:
		page = pfn_to_page((unsigned long)op->a);
		if (page_zone(page))
			set_migratetype_isolate(page);
		break;
	case OP_UNISOLATE:
		page = pfn_to_page((unsigned long)op->a);
		if (page_zone(page) && op->mt != MIGRATE_ISOLATE)
			unset_migratetype_isolate(page, op->mt);
		break;
	case OP_ISOLATE_FREE:
		do_isolate_free(c, op);
		break;
	case OP_MANAGED:
		adjust_managed_page_count(zone, (long)op->a);
		break;
	case OP_CHECK:
		check_node_full();
		break;
	case OP_INIT_ALLOC:
		do_init_alloc(c, op);
		break;
	case OP_ALLOC_BEGIN:
		do_alloc_begin(c, op);
		break;
	case OP_ALLOC_STEP:
	case OP_ALLOC_END:
		do_alloc_resume(c, op);
		break;
	default:
		break;
	}
}

void exec_opts_default(struct exec_opts *o, const struct trace *t)
{
	memset(o, 0, sizeof(*o));
	if (t && t->hdr.has_variant)
		o->variant = t->hdr.variant;
	else
		variant_parse(HAT_DEFAULT_VARIANT, &o->variant, NULL, 0);
	o->check = CHECK_EVERY;
	o->full_at_end = true;
}

static void ctx_free(struct exec_session *c)
{
	while (!list_empty(&c->flights)) {
		struct flight *f = list_first_entry(&c->flights, struct flight, list);

		list_del(&f->list);
		free(f);
	}
	free(c->flight);
	free(c->page);
	free(c->order);
	free(c->pending_mt);
	free(c->lru_seq);
	free(c->lru);
}

/* Make room for handle @h in the per-handle arrays (doubling). */
static int ctx_reserve(struct exec_session *c, uint32_t h)
{
	uint32_t n = c->nr_handles ? c->nr_handles : 64;
	void *p;

	if (h < c->nr_handles)
		return 0;
	while (n <= h) {
		if (n > UINT32_MAX / 2)
			return -1;
		n *= 2;
	}
	if (!(p = realloc(c->page, n * sizeof(*c->page))))
		return -1;
	c->page = p;
	if (!(p = realloc(c->order, n)))
		return -1;
	c->order = p;
	if (!(p = realloc(c->pending_mt, n)))
		return -1;
	c->pending_mt = p;
	if (!(p = realloc(c->lru_seq, n * sizeof(*c->lru_seq))))
		return -1;
	c->lru_seq = p;
	if (!(p = realloc(c->flight, n * sizeof(*c->flight))))
		return -1;
	c->flight = p;
	memset(c->page + c->nr_handles, 0, (n - c->nr_handles) * sizeof(*c->page));
	memset(c->order + c->nr_handles, 0, n - c->nr_handles);
	memset(c->pending_mt + c->nr_handles, -1, n - c->nr_handles);
	memset(c->lru_seq + c->nr_handles, 0, (n - c->nr_handles) * sizeof(*c->lru_seq));
	memset(c->flight + c->nr_handles, 0, (n - c->nr_handles) * sizeof(*c->flight));
	c->nr_handles = n;
	return 0;
}

/* After node_init() or a restore: the session's hooks into the node. */
static void node_attach(struct exec_session *c)
{
	contig_page_data.reclaim.shrink = shrink_lru;
	contig_page_data.reclaim.shrink_arg = c;
}

static bool reuse_boot(const struct exec_opts *o)
{
	return o->reuse_boot && !o->history;
}

/*
 * The node of a deferred node_init(): restored from the boot cache when
 * the first op is the init-free it holds (true: the op is done), built
 * otherwise.  The geometry was valid when the cache saved it.
 */
static bool boot(struct exec_session *c, const struct op *op)
{
	bool restored;
	char err[8];

	c->boot_pending = false;
	restored = op && op->kind == OP_INIT_FREE &&
		   boot_cache_restore(&c->geom, &c->o->variant, (unsigned long)op->a,
				      (unsigned long)op->b);
	if (!restored) {
		int ret = node_init(&c->geom, &c->o->variant, err, sizeof(err));

		BUG_ON(ret);
	}
	node_attach(c);
	return restored;
}

struct exec_session *exec_begin(const struct trace_header *hdr, const struct exec_opts *o,
				struct exec_result *r)
{
	struct exec_session *c;

	memset(r, 0, sizeof(*r));
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		r->status = 2;
		return NULL;
	}
	c->o = o;
	c->r = r;
	c->geom = hdr->geom;
	INIT_LIST_HEAD(&c->flights);
	if (reuse_boot(o) && boot_cache_has(&hdr->geom, &o->variant)) {
		c->boot_pending = true;
	} else if (node_init(&hdr->geom, &o->variant, r->err, sizeof(r->err))) {
		free(c);
		r->status = 2;
		return NULL;
	}
	c->lru_cap = 64;
	c->lru = malloc(c->lru_cap * sizeof(*c->lru));
	if (!c->lru || ctx_reserve(c, 0) || (o->history && history_start())) {
		ctx_free(c);
		free(c);
		snprintf(r->err, sizeof(r->err), "out of memory");
		r->status = 2;
		return NULL;
	}
	if (!c->boot_pending)
		node_attach(c);
	hat_checker.on_violation = on_violation;
	hat_checker.arg = c;
	hat_checker.enabled = o->check == CHECK_EVERY;
	return c;
}

bool exec_step(struct exec_session *c, const struct op *op)
{
	const struct exec_opts *o = c->o;
	uint32_t i = c->cur_op;

	if (c->stop)
		return false;
	if (c->boot_pending && boot(c, i == 0 ? op : NULL))
		goto next;	/* the init-free is restored done */
	if (op_defines_handle(op->kind)) {
		if (ctx_reserve(c, op->handle)) {
			session_oom(c);
			return false;
		}
		/* a slot still held is not redefined: the op is skipped */
		if (c->page[op->handle] || c->pending_mt[op->handle] >= 0 ||
		    c->flight[op->handle])
			goto next;
	} else if (op_uses_handle(op->kind) && op->handle >= c->nr_handles) {
		/* a handle never defined: as a failed allocation's, a completed request's */
		if (op->kind == OP_ALLOC_STEP || op->kind == OP_ALLOC_END) {
			c->r->stats.steps_skipped++;
		} else {
			c->r->stats.frees++;
			c->r->stats.frees_skipped++;
		}
		goto next;
	}
	if (o->history)
		history_set_op(i);
	run_op(c, op);
	if (i == 0 && op->kind == OP_INIT_FREE && reuse_boot(o) && !hat_checker.count)
		boot_cache_save(&c->geom, &o->variant, (unsigned long)op->a,
				(unsigned long)op->b);
next:
	if (o->check == CHECK_EVERY)
		check_node_cheap();
	if (o->progress && !(i & 0xffff))
		o->progress(i, c->total, o->progress_arg);
	c->cur_op = ++i;
	c->r->ops_run = i;
	return !c->stop;
}

/* The requests still in flight at the end: each to its end, in begin order. */
static void land_flights(struct exec_session *c)
{
	if (c->o->history)
		history_set_op(c->cur_op);
	while (!list_empty(&c->flights) && !c->stop) {
		struct flight *f = list_first_entry(&c->flights, struct flight, list);

		c->r->stats.ended_at_end++;
		alloc_request_resume(&f->rq, false);
		flight_done(c, f, OP_ALLOC_END);
		if (c->o->check == CHECK_EVERY)
			check_node_cheap();
	}
}

int exec_end(struct exec_session *c)
{
	const struct exec_opts *o = c->o;
	struct exec_result *r = c->r;
	int status;

	if (c->boot_pending)
		boot(c, NULL);	/* no op ran */
	land_flights(c);
	if (!c->stop) {
		hat_checker.enabled = true;
		if (o->check == CHECK_END)
			check_node_cheap();
		if (o->full_at_end || o->check == CHECK_END)
			check_node_full();
	}
	hat_checker.on_violation = NULL;
	hat_checker.arg = NULL;
	hat_checker.enabled = true;
	contig_page_data.reclaim.shrink = NULL;
	contig_page_data.reclaim.shrink_arg = NULL;
	if (o->history)
		history_stop();
	r->state_hash = node_state_hash();
	status = c->oom ? 2 : r->fired ? 1 : 0;
	ctx_free(c);
	free(c);
	r->status = status;
	return status;
}

int trace_exec(const struct trace *t, const struct exec_opts *o, struct exec_result *r)
{
	struct exec_session *s = exec_begin(&t->hdr, o, r);

	if (!s)
		return 2;
	s->total = t->nr_ops;
	for (uint32_t i = 0; i < t->nr_ops; i++)
		if (!exec_step(s, &t->ops[i]))
			break;
	s->cur_op = t->nr_ops;	/* end-of-run violations: op_index nr_ops */
	return exec_end(s);
}

/* FNV-1a, 64 bit, over the values that make up the allocator's state. */
static uint64_t fnv(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t node_state_hash(void)
{
	struct pglist_data *pgdat = &contig_page_data;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (unsigned long b = 0; b < pgdat->nr_pageblocks; b++)
		h = fnv(h, pgdat->pageblock_flags[b]);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (!populated_zone(zone))
			continue;
		h = fnv(h, zone->nr_reserved_highatomic);
		h = fnv(h, zone->managed_pages);
		h = fnv(h, (uint64_t)zone->vm_stat[NR_FREE_PAGES]);
		h = fnv(h, (uint64_t)zone->vm_stat[NR_FREE_CMA_PAGES]);
		h = fnv(h, (uint64_t)zone->nr_isolate_pageblock);
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			h = fnv(h, zone->free_area[o].nr_free);
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				struct list_head *pos;

				h = fnv(h, 0x100 + (uint64_t)mt);
				list_for_each(pos, &zone->free_area[o].free_list[mt])
					h = fnv(h, page_to_pfn(list_entry(pos, struct page, lru)));
			}
		}
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			struct per_cpu_pages *pcp = &zone->pageset[cpu];

			h = fnv(h, (uint64_t)pcp->count);
			for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
				struct list_head *pos;

				h = fnv(h, 0x200 + (uint64_t)mt);
				list_for_each(pos, &pcp->lists[mt]) {
					struct page *p = list_entry(pos, struct page, lru);

					h = fnv(h, page_to_pfn(p));
					h = fnv(h, (uint64_t)p->index);
				}
			}
		}
	}
	return h;
}

bool exec_signature(const struct exec_result *r, struct signature *s)
{
	if (!r->nr_recorded)
		return false;
	signature_of(&r->recorded[0].v, s);
	return true;
}
