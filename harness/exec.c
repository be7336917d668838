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
 * points (model.h: struct hat_request); alloc-step runs it to its next
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

struct lru_entry {
	uint32_t handle, seq;	/* stale once the handle's lru_seq differs */
};

/* A request between its alloc-begin and its end. */
struct flight {
	struct hat_request *rq;
	struct flight *prev, *next;	/* the session's requests in flight, in begin order */
	uint32_t handle, begin_op;
	uint8_t flags;		/* OPF_LRU */
};

struct exec_session {
	const struct exec_opts *o;
	struct exec_result *r;
	/* per handle, together: a free of a random handle is one cache miss */
	struct handle_state {
		unsigned long pfn;	/* its pages, HAT_NO_PFN none */
		struct flight *flight;	/* its request in flight, or NULL */
		uint32_t lru_seq;	/* seq of its entry in the LRU */
		uint8_t order;
		int8_t pending_mt;	/* type read by free-begin, -1 none */
	} *hs;
	uint32_t nr_handles;	/* size of hs */
	struct flight *first, *last;	/* requests in flight, in begin order */
	struct lru_entry *lru;	/* ring: the FIFO of LRU allocations */
	uint32_t lru_cap, lru_head, lru_n, lru_next_seq;
	uint32_t cur_op, total;
	bool stop, oom;
	bool boot_pending;	/* node_init() deferred: the boot cache may do */
	struct hat_geometry geom;	/* for a deferred node_init() */
	const struct hat_model *m;	/* the core of the variant's era */
};

static void on_violation(const struct hat_violation *v, void *arg)
{
	struct exec_session *c = arg;
	struct exec_result *r = c->r;

	if (c->o->counts && !c->o->counts(v, c->o->counts_arg)) {
		r->uncounted |= HAT_INV_BIT(v->id);
		return;
	}
	r->fired |= HAT_INV_BIT(v->id);
	r->nr_violations++;
	if (r->nr_recorded < EXEC_MAX_RECORDED) {
		r->recorded[r->nr_recorded].v = *v;
		r->recorded[r->nr_recorded].op_index = c->cur_op;
		r->nr_recorded++;
	}
	if (!c->o->keep_going)
		c->stop = true;
}

/* Handle @h holds [pfn, pfn + 2^order): the core marks the pages its owner's. */
static void own(struct exec_session *c, uint32_t h, unsigned long pfn, unsigned int order)
{
	c->hs[h].pfn = pfn;
	c->m->set_owner(pfn, order, h + 1);
}

static void release(struct exec_session *c, uint32_t h)
{
	c->m->set_owner(c->hs[h].pfn, c->hs[h].order, 0);
	c->hs[h].pfn = HAT_NO_PFN;
}

static bool held(const struct exec_session *c, uint32_t h)
{
	return c->hs[h].pfn != HAT_NO_PFN;
}

static bool lru_live(const struct exec_session *c, const struct lru_entry *e)
{
	return held(c, e->handle) && c->hs[e->handle].pending_mt < 0 &&
	       c->hs[e->handle].lru_seq == e->seq;
}

/* The shrinker of the reclaim model: free LRU allocations, oldest first. */
static unsigned long shrink_lru(void *arg, unsigned long nr)
{
	struct exec_session *c = arg;
	unsigned long freed = 0;

	while (freed < nr && c->lru_n) {
		struct lru_entry e = c->lru[c->lru_head];
		unsigned long pfn;

		c->lru_head = (c->lru_head + 1) & (c->lru_cap - 1);
		c->lru_n--;
		if (!lru_live(c, &e))
			continue;	/* freed meanwhile, or being freed */
		pfn = c->hs[e.handle].pfn;
		release(c, e.handle);
		c->m->free(pfn, c->hs[e.handle].order);
		freed += 1UL << c->hs[e.handle].order;
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
	c->hs[h].lru_seq = ++c->lru_next_seq;
	c->lru[(c->lru_head + c->lru_n) & mask] = (struct lru_entry){ h, c->hs[h].lru_seq };
	c->lru_n++;
	return 0;
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
	struct exec_stats *st = &c->r->stats;
	struct hat_alloc_report rep;

	c->m->last_report(&rep);
	st->request = rep.oom ? REQUEST_OOM : served ? REQUEST_SERVED :
		      rep.livelock ? REQUEST_STALLED : REQUEST_FAILED;
	st->request_op = c->cur_op;
	st->request_loops = rep.no_progress_loops;
}

/* The harness itself ran out of memory: stop, status 2. */
static void session_oom(struct exec_session *c)
{
	snprintf(c->r->err, sizeof(c->r->err), "out of memory");
	c->oom = c->stop = true;
}

/*
 * Allocation @h of @order (@flags: OPF_LRU, OPF_REPORT) has completed in an op of
 * @kind, with the pages at @pfn or none; the core's last report is its.
 */
static void alloc_done(struct exec_session *c, uint32_t h, unsigned int order, uint8_t flags,
		       unsigned long pfn, enum op_kind kind)
{
	bool ok = pfn != HAT_NO_PFN;
	struct hat_alloc_report rep;

	c->m->last_report(&rep);
	c->r->stats.allocs++;
	if (rep.oom)
		c->r->stats.ooms++;
	if (rep.livelock)
		c->r->stats.livelocks++;
	if (flags & OPF_REPORT)
		note_request(c, ok);
	c->hs[h].order = (uint8_t)order;
	if (c->o->on_alloc)
		c->o->on_alloc(c->cur_op, ok, c->o->on_alloc_arg);
	if (!ok) {
		c->r->stats.alloc_failed++;
		return;
	}
	own(c, h, pfn, order);
	if (c->o->history)
		history_note_page(pfn, order, op_name(kind));
	if ((flags & OPF_LRU) && lru_push(c, h))
		session_oom(c);
}

static void do_alloc(struct exec_session *c, const struct op *op)
{
	unsigned long pfn;

	note_gfp(c, op->gfp);
	c->m->set_current(op->cpu, op->flags & OPF_RT);
	pfn = c->m->alloc(op->gfp, op->order);
	alloc_done(c, op->handle, op->order, op->flags, pfn, OP_ALLOC);
}

static void flight_unlink(struct exec_session *c, struct flight *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else
		c->first = f->next;
	if (f->next)
		f->next->prev = f->prev;
	else
		c->last = f->prev;
}

/* The request of @f has completed, in an op of @kind. */
static void flight_done(struct exec_session *c, struct flight *f, enum op_kind kind)
{
	c->r->stats.stops += c->m->request_stops(f->rq);
	if (c->o->on_request) {
		struct exec_request er = {
			.handle = f->handle, .begin_op = f->begin_op, .end_op = c->cur_op,
			.rq = f->rq,
		};

		c->o->on_request(&er, c->o->on_request_arg);
	}
	flight_unlink(c, f);
	c->hs[f->handle].flight = NULL;
	alloc_done(c, f->handle, c->m->request_order(f->rq), f->flags, c->m->request_pfn(f->rq),
		   kind);
	c->m->request_free(f->rq);
	free(f);
}

/* alloc-begin: __alloc_pages_nodemask() up to the first lock-drop point. */
static void do_alloc_begin(struct exec_session *c, const struct op *op)
{
	struct flight *f = calloc(1, sizeof(*f));

	if (!f || !(f->rq = c->m->request_new())) {
		free(f);
		session_oom(c);
		return;
	}
	note_gfp(c, op->gfp);
	c->r->stats.requests++;
	f->handle = op->handle;
	f->begin_op = c->cur_op;
	f->flags = op->flags & OPF_LRU;
	f->prev = c->last;
	if (c->last)
		c->last->next = f;
	else
		c->first = f;
	c->last = f;
	c->hs[op->handle].flight = f;
	c->m->set_current(op->cpu, op->flags & OPF_RT);
	if (c->m->request_begin(f->rq, op->gfp, op->order, true))
		flight_done(c, f, OP_ALLOC_BEGIN);
}

/* alloc-step, alloc-end: nothing if the request is no longer in flight. */
static void do_alloc_resume(struct exec_session *c, const struct op *op)
{
	struct flight *f = c->hs[op->handle].flight;

	if (!f) {
		c->r->stats.steps_skipped++;
		return;
	}
	if (c->m->request_resume(f->rq, op->kind == OP_ALLOC_STEP))
		flight_done(c, f, (enum op_kind)op->kind);
}

static void do_free(struct exec_session *c, const struct op *op)
{
	unsigned long pfn = c->hs[op->handle].pfn;
	unsigned int order = c->hs[op->handle].order;

	c->r->stats.frees++;
	if (pfn == HAT_NO_PFN) {
		c->r->stats.frees_skipped++;
		return;
	}
	if (c->o->history)
		history_note_page(pfn, order, op_name(op->kind));
	switch (op->kind) {
	case OP_FREE:
		release(c, op->handle);
		c->m->set_current(op->cpu, false);
		c->m->free(pfn, order);
		break;
	case OP_FREE_BEGIN:
		c->m->set_current(op->cpu, false);
		c->hs[op->handle].pending_mt = (int8_t)c->m->free_begin(pfn, order);
		c->m->set_owner(pfn, 0, op->handle + 1);	/* still ours until the commit */
		break;
	default:	/* OP_FREE_COMMIT */
		release(c, op->handle);
		c->m->free_commit(pfn, order, c->hs[op->handle].pending_mt);
		c->hs[op->handle].pending_mt = -1;
		break;
	}
}

static void do_unreserve(struct exec_session *c, const struct op *op)
{
	if (c->m->unreserve(op->cpu, op->gfp, op->flags & OPF_FORCE, (int)op->a))
		note_gfp(c, op->gfp);
}

static void do_isolate_free(struct exec_session *c, const struct op *op)
{
	unsigned long pfn = (unsigned long)op->a;

	c->hs[op->handle].order = op->order;
	if (!c->m->isolate_free(pfn, op->order)) {
		c->r->stats.alloc_failed++;
		return;
	}
	own(c, op->handle, pfn, op->order);
	if (c->o->history)
		history_note_page(pfn, op->order, "isolate-free");
}

/*
 * init-alloc: name an allocated page of the constructed state, so that the
 * trace can free it later.  The range must be aligned, in one zone,
 * allocated and owned by nobody; otherwise the handle stays empty.
 */
static void do_init_alloc(struct exec_session *c, const struct op *op)
{
	c->hs[op->handle].order = op->order;
	if (c->m->range_unowned((unsigned long)op->a, op->order))
		own(c, op->handle, (unsigned long)op->a, op->order);
}

static void run_op(struct exec_session *c, const struct op *op)
{
	const struct hat_model *m = c->m;
	int zone = op->zone < HAT_NR_ZONES ? op->zone : 0;

	switch (op->kind) {
	case OP_INIT_FREE:
		m->setup_free_range((unsigned long)op->a, (unsigned long)op->b);
		break;
	case OP_INIT_BUDDY:
		m->setup_free_buddy((unsigned long)op->a, op->order, op->mt);
		break;
	case OP_INIT_BLOCK:
		m->setup_block((unsigned long)op->a, op->mt);
		break;
	case OP_INIT_COUNTER:
		m->setup_counter(zone, (unsigned long)op->a);
		break;
	case OP_WATERMARKS:
		m->setup_watermarks(zone, (unsigned long)op->a, (unsigned long)op->b,
				    (unsigned long)op->c);
		break;
	case OP_NR_FREE_PAGES:
		m->setup_nr_free_pages(zone, (unsigned long)op->a);
		break;
	case OP_LOWMEM_RESERVE:
		m->setup_lowmem_reserve(zone, (const long[HAT_NR_ZONES]){
			(long)op->a, (long)op->b, (long)op->c });
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
		m->drain(op->cpu);
		break;
	case OP_DRAIN_ALL:
		m->drain_all();
		break;
	case OP_UNRESERVE:
		do_unreserve(c, op);
		break;
	case OP_RECLAIMABLE:
		m->set_reclaimable(zone, (unsigned long)op->a);
		break;
	case OP_PROGRESS:
		m->set_progress(op->a, op->flags & OPF_FREED);
		break;
	case OP_SHRINK:
		m->set_shrink((unsigned long)op->a);
		break;
	/* era 2's: an era-1 core (a replay under another era's variant) has none */
	case OP_PCP_TRYLOCK:
		if (m->pcp_trylock)
			m->pcp_trylock(op->cpu, op->flags & OPF_FAIL);
		break;
	case OP_SYSCTL:
		if (m->sysctl)
			m->sysctl((int)op->a, (long)op->b);
		break;
	case OP_ISOLATE:
		m->isolate((unsigned long)op->a);
		break;
	case OP_UNISOLATE:
		m->unisolate((unsigned long)op->a, op->mt);
		break;
	case OP_ISOLATE_FREE:
		do_isolate_free(c, op);
		break;
	case OP_MANAGED:
		m->managed(zone, (long)op->a);
		break;
	case OP_CHECK:
		m->check_full();
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
	while (c->first) {
		struct flight *f = c->first;

		flight_unlink(c, f);
		c->m->request_free(f->rq);
		free(f);
	}
	free(c->hs);
	free(c->lru);
}

/* Make room for handle @h in the per-handle states (doubling). */
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
	if (!(p = realloc(c->hs, n * sizeof(*c->hs))))
		return -1;
	c->hs = p;
	for (uint32_t i = c->nr_handles; i < n; i++)
		c->hs[i] = (struct handle_state){ .pfn = HAT_NO_PFN, .pending_mt = -1 };
	c->nr_handles = n;
	return 0;
}

/* After node_init() or a restore: the session's hooks into the node. */
static void node_attach(struct exec_session *c)
{
	c->m->set_shrinker(shrink_lru, c);
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
		if (hat_node_init(&c->geom, &c->o->variant, err, sizeof(err)))
			abort();
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
	c->m = hat_model_of(variant_era(&o->variant));
	if (reuse_boot(o) && boot_cache_has(&hdr->geom, &o->variant)) {
		c->boot_pending = true;
	} else if (hat_node_init(&hdr->geom, &o->variant, r->err, sizeof(r->err))) {
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
		if (held(c, op->handle) || c->hs[op->handle].pending_mt >= 0 ||
		    c->hs[op->handle].flight)
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
		c->m->check_cheap();
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
	while (c->first && !c->stop) {
		struct flight *f = c->first;

		c->r->stats.ended_at_end++;
		c->m->request_resume(f->rq, false);
		flight_done(c, f, OP_ALLOC_END);
		if (c->o->check == CHECK_EVERY)
			c->m->check_cheap();
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
			c->m->check_cheap();
		if (o->full_at_end || o->check == CHECK_END)
			c->m->check_full();
	}
	hat_checker.on_violation = NULL;
	hat_checker.arg = NULL;
	hat_checker.enabled = true;
	c->m->set_shrinker(NULL, NULL);
	if (o->history)
		history_stop();
	r->state_hash = o->skip_state_hash ? 0 : c->m->state_hash();
	status = c->oom ? 2 : r->fired ? 1 : 0;
	ctx_free(c);
	free(c);
	r->status = status;
	return status;
}

/*
 * The handle state of an op some way ahead: on a big node the handles are
 * megabytes apart and a free of a random one is a cache miss (bench_replay
 * at the 2 GiB geometry spent a third of era 1's time there).
 */
#define EXEC_PREFETCH_AHEAD	16

static inline void prefetch_handle(const struct exec_session *s, const struct op *op)
{
	if (op->handle < s->nr_handles)
		__builtin_prefetch(&s->hs[op->handle]);
}

int trace_exec(const struct trace *t, const struct exec_opts *o, struct exec_result *r)
{
	struct exec_session *s = exec_begin(&t->hdr, o, r);

	if (!s)
		return 2;
	s->total = t->nr_ops;
	for (uint32_t i = 0; i < t->nr_ops; i++) {
		if (i + EXEC_PREFETCH_AHEAD < t->nr_ops)
			prefetch_handle(s, &t->ops[i + EXEC_PREFETCH_AHEAD]);
		if (!exec_step(s, &t->ops[i]))
			break;
	}
	s->cur_op = t->nr_ops;	/* end-of-run violations: op_index nr_ops */
	return exec_end(s);
}

bool exec_signature(const struct exec_result *r, struct signature *s)
{
	if (!r->nr_recorded)
		return false;
	signature_of(&r->recorded[0].v, s);
	return true;
}
