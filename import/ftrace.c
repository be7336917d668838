// SPDX-License-Identifier: MIT
/*
 * ftrace.c - kmem ftrace text -> hatrace trace (see ftrace.h and
 * docs/capture.md).
 *
 * One pass over the input, line by line.  The only state that grows is
 * the map from a live allocation's pfn to its handle (bounded by the
 * traced machine's memory, not by the trace) and, if the caller asked for
 * one, the in-memory trace.  `--replay` does not: it takes the ops through
 * a sink (struct ftrace_sink) with handle slots recycled, and stays within
 * the live allocations too.
 *
 * The kernel's pfns pair each free with its allocation and nothing else:
 * the model picks its own pages, so an `alloc` replays whether or not the
 * model holds the kernel's page free.
 */
#define _POSIX_C_SOURCE 200809L

#include "ftrace.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec.h"
#include "ftrace_checks.h"
#include "ftrace_reclaim.h"
#include "gfp_names.h"
#include "input.h"
#include "model.h"
#include "text.h"

const char *const ftrace_event_names[NR_FEV] = {
	[FEV_ALLOC] = "mm_page_alloc",
	[FEV_FREE] = "mm_page_free",
	[FEV_FREE_BATCHED] = "mm_page_free_batched",
	[FEV_PCPU_DRAIN] = "mm_page_pcpu_drain",
	[FEV_ZONE_LOCKED] = "mm_page_alloc_zone_locked",
	[FEV_EXTFRAG] = "mm_page_alloc_extfrag",
	[FEV_BULK_ALLOC] = "bulk_alloc_page",
	[FEV_ISOLATE_FREE] = "isolate_free_page",
	[FEV_MARKER] = "tracing_mark_write",
	[FEV_OOM_VICTIM] = "mark_victim",
	[FEV_RECLAIM_BEGIN] = "mm_vmscan_direct_reclaim_begin",
	[FEV_RECLAIM_END] = "mm_vmscan_direct_reclaim_end",
	[FEV_OTHER] = "(other events)",
};

void ftrace_import_opts_default(struct ftrace_import_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->vmemmap_base = VMEMMAP_BASE_DEFAULT;
	o->struct_page_size = STRUCT_PAGE_SIZE_DEFAULT;
	o->bulk_gfp = GFP_KERNEL;
}

void ftrace_default_start(struct trace *t)
{
	struct hat_geometry *g = &t->hdr.geom;
	struct op *op;

	geometry_default(g);
	g->zone_start_pfn[HAT_ZONE_DMA] = 1;
	g->zone_end_pfn[HAT_ZONE_DMA] = 4096;
	g->zone_start_pfn[HAT_ZONE_DMA32] = 4096;
	g->zone_end_pfn[HAT_ZONE_DMA32] = 262144;
	op = trace_push(t);
	if (op) {
		op->kind = OP_INIT_FREE;
		op->a = 0;
		op->b = 262144;
	}
}

/* ---- pfn -> live allocation: open addressing, linear probing ---- */

_Static_assert(HAT_MAX_ORDER_LIMIT <= 15, "struct live's freed holds 2^(order+1) pages");

enum { LIVE_EMPTY, LIVE_ALLOC, LIVE_ISOLATE, LIVE_UNMAPPED };

struct live {
	uint64_t pfn;
	uint32_t handle;
	uint32_t slot;		/* the sink's handle: recycled after the free */
	uint32_t line;		/* source line of the allocation */
	uint16_t freed;		/* isolated blocks: pages freed so far (< 2^(HAT_MAX_ORDER_LIMIT+1)) */
	uint8_t order;
	uint8_t kind;		/* LIVE_* */
};

struct livemap {
	struct live *e;
	size_t cap, n;		/* cap: a power of two */
	size_t peak;
};

static size_t live_slot(const struct livemap *m, uint64_t pfn)
{
	return (size_t)((pfn * 0x9e3779b97f4a7c15ULL) >> 20) & (m->cap - 1);
}

static struct live *live_find(struct livemap *m, uint64_t pfn)
{
	if (!m->n)
		return NULL;
	for (size_t i = live_slot(m, pfn);; i = (i + 1) & (m->cap - 1)) {
		if (m->e[i].kind == LIVE_EMPTY)
			return NULL;
		if (m->e[i].pfn == pfn)
			return &m->e[i];
	}
}

static int live_grow(struct livemap *m)
{
	struct livemap g = { .cap = m->cap ? m->cap * 2 : 4096 };

	g.e = calloc(g.cap, sizeof(*g.e));
	if (!g.e)
		return -1;
	g.peak = m->peak;
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;

		if (m->e[i].kind == LIVE_EMPTY)
			continue;
		for (j = live_slot(&g, m->e[i].pfn); g.e[j].kind != LIVE_EMPTY; j = (j + 1) & (g.cap - 1))
			;
		g.e[j] = m->e[i];
		g.n++;
	}
	free(m->e);
	*m = g;
	return 0;
}

/* The entry for @pfn, new (kind LIVE_EMPTY) or existing; NULL if out of memory. */
static struct live *live_insert(struct livemap *m, uint64_t pfn)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap && live_grow(m))
		return NULL;
	for (i = live_slot(m, pfn); m->e[i].kind != LIVE_EMPTY; i = (i + 1) & (m->cap - 1))
		if (m->e[i].pfn == pfn)
			return &m->e[i];
	m->n++;
	if (m->n > m->peak)
		m->peak = m->n;
	m->e[i].pfn = pfn;
	return &m->e[i];
}

/* Remove @e (backward-shift deletion keeps every probe chain intact). */
static void live_erase(struct livemap *m, struct live *e)
{
	size_t i = (size_t)(e - m->e), j = i;

	m->n--;
	for (;;) {
		size_t k;

		m->e[i].kind = LIVE_EMPTY;
		for (;;) {
			j = (j + 1) & (m->cap - 1);
			if (m->e[j].kind == LIVE_EMPTY)
				return;
			k = live_slot(m, m->e[j].pfn);
			/* move e[j] into the hole unless its home lies cyclically in (i, j] */
			if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
				continue;
			break;
		}
		m->e[i] = m->e[j];
		i = j;
	}
}

/* The live allocation that holds @pfn without starting there, if any. */
static struct live *live_containing(struct livemap *m, uint64_t pfn)
{
	for (unsigned int k = 1; k < HAT_MAX_ORDER_LIMIT; k++) {
		uint64_t head = pfn & ~((1ULL << k) - 1);
		struct live *e;

		if (head == pfn)
			continue;
		e = live_find(m, head);
		if (e && e->order >= k)
			return e;
	}
	return NULL;
}

/* ---- the import ---- */

#define GFP_CACHE	64
#define GFP_CACHE_LEN	184

struct gfp_cache_entry {
	size_t len;
	char s[GFP_CACHE_LEN];
	gfp_t gfp;
	bool ok, nearest;
	size_t bad_off, bad_len;
};

struct ctx {
	const struct ftrace_import_opts *o;
	struct ftrace_stats *st;
	struct instream in;
	struct hat_geometry geom;
	unsigned long node_end;
	uint32_t next_handle;
	uint32_t next_slot;	/* the sink's handles: recycled from free_slots */
	uint32_t *free_slots;
	size_t nr_free_slots, cap_free_slots;
	bool kernel_failed_op;	/* the op being emitted is a kernel-failed alloc */
	unsigned long out_line;
	struct livemap live;
	uint8_t *prealloc;	/* bit per pfn: allocated, owned by nobody, at the start */
	unsigned long prealloc_pfns;
	char *err;
	size_t errlen;
	bool stop;		/* strict error, or out of memory */
	bool failed;
	unsigned long line;
	struct ftrace_clocks clocks;	/* each CPU's last timestamp */
	struct ftrace_reclaim reclaim;	/* direct reclaims awaiting their task's allocation */
	bool kswapd_active;		/* kswapd_ops: the last one written was 1 */
	double kswapd_last;		/* the timestamp of kswapd's last event */
	char start_name[128];		/* printable */
	struct gfp_cache_entry gfp_cache[GFP_CACHE];
};

/*
 * @len bytes of @src into @dst (@size > 0), cut to fit, every byte outside
 * printable ASCII as '?': what comes from the input goes to a terminal and
 * into the output's comments (where the text format wants UTF-8) so.
 * In place if @dst is @src.  Returns @dst.
 */
static char *printable(char *dst, size_t size, const char *src, size_t len)
{
	size_t n = len < size - 1 ? len : size - 1;

	for (size_t i = 0; i < n; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[n] = '\0';
	return dst;
}

static void count_name(struct ftrace_named_count *tab, const char *s, size_t len)
{
	char name[sizeof(tab[0].name)];
	size_t n = strlen(printable(name, sizeof(name), s, len));

	for (int i = 0; i < FTRACE_NAMES; i++) {
		if (!tab[i].count) {
			memcpy(tab[i].name, name, n + 1);
			tab[i].count = 1;
			return;
		}
		if (!strcmp(tab[i].name, name)) {
			tab[i].count++;
			return;
		}
	}
}

__attribute__((format(printf, 4, 5)))
static void problem(struct ctx *c, bool malformed, enum ftrace_reason why, const char *fmt, ...)
{
	struct ftrace_stats *st = c->st;
	struct ftrace_example *ex = NULL;
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printable(msg, sizeof(msg), msg, strlen(msg));
	if (malformed) {
		st->malformed++;
		if (st->nr_malformed_ex < FTRACE_EXAMPLES)
			ex = &st->malformed_ex[st->nr_malformed_ex++];
	} else {
		st->reason[why]++;
		if (st->nr_unmapped_ex < FTRACE_EXAMPLES)
			ex = &st->unmapped_ex[st->nr_unmapped_ex++];
	}
	if (ex) {
		ex->line = c->line;
		snprintf(ex->msg, sizeof(ex->msg), "%s", msg);
	}
	if (c->o->strict && !c->stop) {
		snprintf(c->err, c->errlen, "%s:%lu: %s%s", c->o->path, c->line,
			 malformed ? "malformed line: " : "", msg);
		c->stop = true;
		c->failed = true;
		st->strict_stop = true;
	}
}

static void unmapped(struct ctx *c, enum ftrace_event ev, enum ftrace_reason why,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void unmapped(struct ctx *c, enum ftrace_event ev, enum ftrace_reason why,
		     const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->st->unmapped[ev]++;
	problem(c, false, why, "%s: %s", ftrace_event_names[ev], msg);
}

/*
 * Write one op (keep it in the in-memory trace, give it to the sink with
 * handle slot @slot).  The output's line count runs without an output too:
 * op->line refers to it whenever o->out_name is set.
 */
static void emit_slot(struct ctx *c, const struct op *op, uint32_t slot, const char *comment)
{
	const struct ftrace_import_opts *o = c->o;
	struct ftrace_stats *st = c->st;

	st->ops++;
	st->op_kind[op->kind]++;
	c->out_line++;
	if (o->sink) {
		struct op canon = *op, s;

		canon.line = (uint32_t)(o->out_name ? c->out_line : c->line);
		s = canon;
		switch (op->kind) {
		case OP_ALLOC:
		case OP_ISOLATE_FREE:
		case OP_INIT_ALLOC:
		case OP_FREE:
		case OP_FREE_BEGIN:
		case OP_FREE_COMMIT:
			s.handle = slot;
			break;
		default:
			break;
		}
		o->sink->op(o->sink->arg, &canon, &s, c->kernel_failed_op);
	}
	if (o->out) {
		op_print(o->out, op);
		if (o->annotate && c->line)
			fprintf(o->out, " # L%lu%s%s", c->line, comment ? ": " : "", comment ? comment : "");
		else if (comment)
			fprintf(o->out, " # %s", comment);
		fputc('\n', o->out);
	}
	if (o->trace && !st->too_many_ops) {
		struct op *d = trace_push(o->trace);

		if (!d) {
			st->too_many_ops = true;
			st->reason[FR_TOO_MANY_OPS]++;
			return;
		}
		*d = *op;
		d->line = (uint32_t)(o->out_name ? c->out_line : c->line);
		switch (op->kind) {
		case OP_ALLOC:
		case OP_ISOLATE_FREE:
		case OP_INIT_ALLOC:
			o->trace->nr_handles = op->handle + 1;
			break;
		default:
			break;
		}
	}
}

/* An op without a recycled slot of its own (the start's, non-handle ops). */
static void emit(struct ctx *c, const struct op *op, const char *comment)
{
	emit_slot(c, op, op->handle, comment);
}

/* A new handle, and its slot for the sink (*slot; recycled by put_slot()). */
static uint32_t new_handle(struct ctx *c, uint32_t *slot)
{
	c->st->handles++;
	if (c->nr_free_slots)
		*slot = c->free_slots[--c->nr_free_slots];
	else
		*slot = c->next_slot++;
	return c->next_handle++;
}

/* The slot's allocation was freed (the free op emitted): reuse it. */
static void put_slot(struct ctx *c, uint32_t slot)
{
	if (!c->o->sink)
		return;
	if (c->nr_free_slots == c->cap_free_slots) {
		size_t cap = c->cap_free_slots ? c->cap_free_slots * 2 : 1024;
		uint32_t *a = realloc(c->free_slots, cap * sizeof(*a));

		if (!a)
			return;	/* not reused: only memory lost */
		c->free_slots = a;
		c->cap_free_slots = cap;
	}
	c->free_slots[c->nr_free_slots++] = slot;
}

static bool prealloc_test(const struct ctx *c, uint64_t pfn, unsigned int order)
{
	if (!c->prealloc || pfn + (1ULL << order) > c->prealloc_pfns)
		return false;
	for (uint64_t p = pfn; p < pfn + (1ULL << order); p++)
		if (!(c->prealloc[p >> 3] & (1u << (p & 7))))
			return false;
	return true;
}

static void prealloc_clear(struct ctx *c, uint64_t pfn, unsigned int order)
{
	if (!c->prealloc)
		return;
	for (uint64_t p = pfn; p < pfn + (1ULL << order) && p < c->prealloc_pfns; p++)
		c->prealloc[p >> 3] &= (uint8_t)~(1u << (p & 7));
}

/*
 * Which pages of the start state are allocated and owned by nobody: run
 * the start ops on the model and look.  A free of such a page that the
 * trace never allocated is a page allocated before the trace began.
 */
static int compute_prealloc(struct ctx *c, const struct trace *start)
{
	struct exec_result *r = malloc(sizeof(*r));
	struct exec_opts eo;
	uint8_t *isfree;
	unsigned long n;

	if (!r)
		goto oom;
	exec_opts_default(&eo, start);
	eo.check = CHECK_END;
	eo.keep_going = true;
	eo.full_at_end = false;
	if (trace_exec(start, &eo, r) == 2) {
		snprintf(c->err, c->errlen, "%s: cannot build the start state: %s",
			 c->o->start_name ? c->o->start_name : "start", r->err);
		free(r);
		return -1;
	}
	free(r);
	n = hat_active->node_pages();
	c->prealloc = calloc((n + 7) / 8, 1);
	isfree = calloc((n + 7) / 8, 1);
	if (!c->prealloc || !isfree) {
		free(isfree);
		goto oom;
	}
	c->prealloc_pfns = n;
	hat_active->free_map(isfree);
	for (unsigned long pfn = 0; pfn < n; pfn++)
		if (!(isfree[pfn >> 3] & (1u << (pfn & 7))) && hat_active->range_unowned(pfn, 0))
			c->prealloc[pfn >> 3] |= (uint8_t)(1u << (pfn & 7));
	free(isfree);
	return 0;
oom:
	snprintf(c->err, c->errlen, "out of memory");
	return -1;
}

/* ---- line parsing ---- */

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* What follows "[CPU]": [FLAGS] TIMESTAMP: EVENT: payload */
static int split_rest(const char *p, struct ftrace_line *fl, const char **why)
{
	for (int i = 0;; i++) {
		const char *tok;
		size_t n;
		bool num = true;

		p = skip_blanks(p);
		tok = p;
		while (*p && !is_blank(*p))
			p++;
		n = (size_t)(p - tok);
		if (!n || i == 2) {
			*why = "no timestamp after [CPU]";
			return -1;
		}
		if (tok[n - 1] == ':' && n > 1) {
			for (size_t k = 0; k + 1 < n; k++)
				if (!is_digit(tok[k]) && tok[k] != '.')
					num = false;
			if (num) {
				fl->ts = tok;
				fl->ts_len = n - 1;
				break;
			}
		}
		/* the flags column: hardirq/softirq is the third character */
		if (i == 0 && n >= 3 && strchr("hHsZz", tok[2]))
			fl->irq = tok[2];
	}
	/* EVENT: (perf script: group:event:) */
	p = skip_blanks(p);
	fl->event = p;
	while (*p && !is_blank(*p))
		p++;
	if (p == fl->event || p[-1] != ':') {
		*why = "no event name after the timestamp";
		return -1;
	}
	fl->event_len = (size_t)(p - fl->event) - 1;
	for (size_t k = fl->event_len; k > 0; k--) {
		if (fl->event[k - 1] == ':') {
			fl->event += k;
			fl->event_len -= k;
			break;
		}
	}
	if (!fl->event_len) {
		*why = "empty event name";
		return -1;
	}
	fl->payload = skip_blanks(p);
	return 0;
}

/* TASK-PID (ftrace) or COMM PID (perf) right before the "[CPU]" at @b: the pid, or -1. */
static long task_pid(const char *s, const char *b)
{
	const char *e = b, *d;
	long pid = 0;

	while (e > s && is_blank(e[-1]))
		e--;
	for (d = e; d > s && is_digit(d[-1]); d--)
		;
	if (d == e || e - d > 9 || (d > s && d[-1] != '-' && !is_blank(d[-1])))
		return -1;
	for (; d < e; d++)
		pid = pid * 10 + (*d - '0');
	return pid;
}

int ftrace_split_line(const char *s, struct ftrace_line *fl, const char **why)
{
	const char *b, *first_why = NULL;

	/*
	 * [CPU]: a "[digits]" followed by a blank; the task name before it may
	 * hold one too, so each candidate is tried until the rest parses.
	 */
	for (b = strchr(s, '['); b; b = strchr(b + 1, '[')) {
		const char *q = b + 1;
		unsigned long cpu = 0;

		if (!is_digit(*q))
			continue;
		while (is_digit(*q) && cpu < 1000000)
			cpu = cpu * 10 + (unsigned long)(*q++ - '0');
		if (*q != ']' || !is_blank(q[1]))
			continue;
		memset(fl, 0, sizeof(*fl));
		fl->cpu = (unsigned int)cpu;
		fl->pid = task_pid(s, b);
		if (!split_rest(q + 1, fl, why))
			return 0;
		if (!first_why)
			first_why = *why;
	}
	*why = first_why ? first_why : "no [CPU] field";
	return -1;
}

#define MAX_FIELDS	16

struct fields {
	int n;
	const char *k[MAX_FIELDS], *v[MAX_FIELDS];
	size_t kl[MAX_FIELDS], vl[MAX_FIELDS];
};

static void split_fields(const char *p, struct fields *f)
{
	f->n = 0;
	while (*p && f->n < MAX_FIELDS) {
		const char *tok, *eq = NULL;

		p = skip_blanks(p);
		tok = p;
		while (*p && !is_blank(*p)) {
			if (*p == '=' && !eq)
				eq = p;
			p++;
		}
		if (eq && eq > tok) {
			f->k[f->n] = tok;
			f->kl[f->n] = (size_t)(eq - tok);
			f->v[f->n] = eq + 1;
			f->vl[f->n] = (size_t)(p - eq - 1);
			f->n++;
		}
	}
}

static bool field(const struct fields *f, const char *key, const char **v, size_t *vl)
{
	size_t kl = strlen(key);

	for (int i = 0; i < f->n; i++) {
		if (f->kl[i] == kl && !memcmp(f->k[i], key, kl)) {
			*v = f->v[i];
			*vl = f->vl[i];
			return true;
		}
	}
	return false;
}

/* An unsigned number, 0x hex or decimal: the whole word. */
static bool parse_num(const char *s, size_t n, uint64_t *out, bool *hex)
{
	uint64_t v = 0;
	size_t i = 0;

	*hex = false;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		*hex = true;
		i = 2;
	}
	if (i >= n)
		return false;
	for (; i < n; i++) {
		unsigned int d;
		char ch = s[i];

		if (is_digit(ch))
			d = (unsigned int)(ch - '0');
		else if (*hex && ch >= 'a' && ch <= 'f')
			d = (unsigned int)(ch - 'a' + 10);
		else if (*hex && ch >= 'A' && ch <= 'F')
			d = (unsigned int)(ch - 'A' + 10);
		else
			return false;
		if (v > (UINT64_MAX - d) / (*hex ? 16 : 10))
			return false;
		v = v * (*hex ? 16 : 10) + d;
	}
	*out = v;
	return true;
}

/* A required numeric field; false (and a malformed line) if missing or bad. */
static bool num_field(struct ctx *c, const struct fields *f, const char *ev, const char *key,
		      uint64_t *out, bool *hex)
{
	const char *v;
	size_t vl;
	bool h;

	if (!field(f, key, &v, &vl)) {
		problem(c, true, 0, "%s: no %s= field", ev, key);
		return false;
	}
	if (!parse_num(v, vl, out, hex ? hex : &h)) {
		problem(c, true, 0, "%s: %s=%.*s is not a number", ev, key, (int)(vl > 40 ? 40 : vl), v);
		return false;
	}
	return true;
}

/* An optional numeric field: -1 if missing or not a number. */
static int64_t opt_field(const struct fields *f, const char *key)
{
	const char *v;
	size_t vl;
	uint64_t x;
	bool h;

	if (!field(f, key, &v, &vl) || !parse_num(v, vl, &x, &h) || x > INT32_MAX)
		return -1;
	return (int64_t)x;
}

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

	if (!field(f, "page", &v, &vl))
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

static void emit_free(struct ctx *c, uint32_t handle, uint32_t slot, unsigned int cpu);

/*
 * The kernel allocates pages the start state holds allocated: they were
 * free but not in the buddy lists when the snapshot was taken (on a per-cpu
 * list, or freed while /proc was read).  Free them in the model first, so
 * that the model's free memory follows the kernel's.
 */
static void free_start_pages(struct ctx *c, uint64_t pfn, unsigned int order, unsigned int cpu)
{
	struct op op = { .kind = OP_INIT_ALLOC, .a = (int64_t)pfn, .order = (uint8_t)order };
	uint32_t slot;

	if (!prealloc_test(c, pfn, order))
		return;
	op.handle = new_handle(c, &slot);
	emit_slot(c, &op, slot, "free in the kernel, not in the snapshot's buddy lists");
	emit_free(c, op.handle, slot, cpu);
	prealloc_clear(c, pfn, order);
	c->st->start_pcp_pages += 1UL << order;
}

static enum ftrace_event event_kind(const struct ftrace_line *fl)
{
	for (int e = 0; e < FEV_OTHER; e++)
		if (strlen(ftrace_event_names[e]) == fl->event_len &&
		    !memcmp(ftrace_event_names[e], fl->event, fl->event_len))
			return (enum ftrace_event)e;
	return FEV_OTHER;
}

/* PAGE_ALLOC_COSTLY_ORDER: the orders 6.1's per-cpu lists keep */
#define PCP_MAX_ORDER	3

/* A page of the start on a per-cpu list: where the look-ahead found it. */
struct start_pcp {
	uint64_t pfn;
	unsigned int order, cpu;
};

/*
 * The first event after the start that names @pfn (@ev, @order, on @cpu):
 * a page the start holds allocated that the kernel allocates from a
 * per-cpu list (an order the lists keep, without a buddy-list event before
 * it) or drains from one was on that list at the start.  Appended to @v.
 */
static int start_pcp_event(struct ctx *c, uint8_t *named, enum ftrace_event ev,
			   const struct fields *f, unsigned int cpu, struct start_pcp **v,
			   size_t *n, size_t *cap)
{
	int64_t pfn = opt_field(f, "pfn"), order = opt_field(f, "order");

	if (pfn <= 0 || order < 0 || order >= c->geom.max_order ||
	    (uint64_t)pfn >= c->prealloc_pfns || named[pfn >> 3] & (1u << (pfn & 7)))
		return 0;
	for (uint64_t p = (uint64_t)pfn; p < (uint64_t)pfn + (1ULL << order) &&
	     p < c->prealloc_pfns; p++)
		named[p >> 3] |= (uint8_t)(1u << (p & 7));
	if (!(ev == FEV_PCPU_DRAIN || (ev == FEV_ALLOC && order <= PCP_MAX_ORDER)) ||
	    !prealloc_test(c, (uint64_t)pfn, (unsigned int)order))
		return 0;
	if (*n == *cap) {
		size_t nc = *cap ? 2 * *cap : 256;
		struct start_pcp *a = realloc(*v, nc * sizeof(*a));

		if (!a)
			return -1;
		*v = a;
		*cap = nc;
	}
	(*v)[(*n)++] = (struct start_pcp){ (uint64_t)pfn, (unsigned int)order, cpu };
	return 0;
}

/*
 * start_pcp: a look-ahead over the trace from the start for the pages on
 * the kernel's per-cpu lists at the start (start_pcp_event()), freed onto
 * the model's lists before the first op, the last used first (the lists
 * are LIFO), so that the model's pcp/buddy split and NR_FREE_PAGES start
 * as the kernel's.  Other pages the start holds allocated are freed when
 * the trace first names them (free_start_pages()).
 */
static int seed_start_pcp(struct ctx *c)
{
	const struct ftrace_import_opts *o = c->o;
	struct start_pcp *v = NULL;
	size_t n = 0, cap = 0, len;
	struct instream in;
	uint8_t *named = calloc((c->prealloc_pfns + 7) / 8, 1);
	bool started = !o->from_marker;
	char cerr[256], *line;
	int ret = 0;

	if (!named) {
		snprintf(c->err, c->errlen, "out of memory");
		return -1;
	}
	if (!o->data && !strcmp(o->path, "-")) {
		snprintf(c->err, c->errlen,
			 "standard input: cannot be read twice (the start's per-cpu pages)");
		free(named);
		return -1;
	}
	if (o->data ? instream_open_mem(&in, o->path, o->data, o->data_len, c->err, c->errlen) :
		      instream_open(&in, o->path, c->err, c->errlen)) {
		free(named);
		return -1;
	}
	while (!ret && (line = instream_line(&in, &len))) {
		struct ftrace_line fl;
		struct fields f;
		enum ftrace_event ev;
		const char *why, *p = skip_blanks(line);

		if (!*p || *p == '#' || ftrace_split_line(p, &fl, &why))
			continue;
		ev = event_kind(&fl);
		if (!started) {
			started = ev == FEV_MARKER && strstr(fl.payload, o->from_marker);
			continue;
		}
		if (ev == FEV_MARKER || ev == FEV_OTHER)
			continue;
		split_fields(fl.payload, &f);
		ret = start_pcp_event(c, named, ev, &f, fl.cpu % c->geom.nr_cpus, &v, &n, &cap);
	}
	if (instream_close(&in, ret != 0, cerr, sizeof(cerr)) && !ret) {
		snprintf(c->err, c->errlen, "%s", cerr);
		ret = -1;
	} else if (ret) {
		snprintf(c->err, c->errlen, "out of memory");
	}
	while (!ret && n--) {
		free_start_pages(c, v[n].pfn, v[n].order, v[n].cpu);
		c->st->start_pcp_seeded += 1UL << v[n].order;
	}
	free(v);
	free(named);
	return ret;
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
	emit(c, &op, before ? "the task's direct reclaim: nr_reclaimed" : NULL);
	return true;
}

static void on_alloc(struct ctx *c, const struct ftrace_line *fl, const struct fields *f)
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

	if (!num_field(c, f, "mm_page_alloc", "pfn", &pfn, &hex) ||
	    !num_field(c, f, "mm_page_alloc", "order", &order, NULL))
		return;
	if (!field(f, "gfp_flags", &gv, &gl)) {
		problem(c, true, 0, "mm_page_alloc: no gfp_flags= field");
		return;
	}
	if (order >= HAT_MAX_ORDER_LIMIT) {
		problem(c, true, 0, "mm_page_alloc: order=%llu out of range", (unsigned long long)order);
		return;
	}
	mt = opt_field(f, "migratetype");
	note_layout(c, hex);
	st->ev[FEV_ALLOC]++;
	/* 4.x: page=(null) pfn=0; 5.x/6.x: page=0000000000000000 pfn=0x0 */
	failed = pfn == 0 && null_page(f);
	if (!failed)
		check_pfn(c, pfn, (unsigned int)order, hex);
	if (!gfp_lookup(c, gv, gl, &gfp, &nearest, &bad, &badlen)) {
		count_name(st->unknown_gfp, bad, badlen);
		unmapped(c, FEV_ALLOC, FR_GFP, "gfp_flags=%.*s: '%.*s' has no v4.8 meaning",
			 (int)(gl > 80 ? 80 : gl), gv, (int)(badlen > 40 ? 40 : badlen), bad);
		if (!failed)
			track(c, pfn, (unsigned int)order, LIVE_UNMAPPED, 0, 0);
		return;
	}
	if (order >= c->geom.max_order) {
		unmapped(c, FEV_ALLOC, FR_ORDER, "order %llu, but the geometry has max_order %u",
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
		op.handle = new_handle(c, &slot);
		note_kernel_failed(c);
		c->kernel_failed_op = true;
		emit_slot(c, &op, slot, "kernel: failed");
		c->kernel_failed_op = false;
	} else {
		free_start_pages(c, pfn, (unsigned int)order, op.cpu);
		op.handle = new_handle(c, &slot);
		emit_slot(c, &op, slot, NULL);
		track(c, pfn, (unsigned int)order, LIVE_ALLOC, op.handle, slot);
	}
	if (reclaimed)
		reclaim_progress(c, fl, false);
}

/* A free of @handle; its slot is free again. */
static void emit_free(struct ctx *c, uint32_t handle, uint32_t slot, unsigned int cpu)
{
	struct op op = { .kind = OP_FREE, .handle = handle, .cpu = (uint8_t)cpu };

	emit_slot(c, &op, slot, NULL);
	put_slot(c, slot);
}

/* A free of (part of) an isolated block: the block is freed with its last page. */
static void free_piece(struct ctx *c, struct live *e, unsigned int order, unsigned int cpu)
{
	c->st->mapped[FEV_FREE]++;
	if (order >= e->order && !e->freed) {
		emit_free(c, e->handle, e->slot, cpu);
		live_erase(&c->live, e);
		return;
	}
	c->st->isolate_pieces++;
	e->freed = (uint16_t)(e->freed + (1u << order));
	if (e->freed >= (1u << e->order)) {
		emit_free(c, e->handle, e->slot, cpu);
		live_erase(&c->live, e);
	}
}

static void on_free(struct ctx *c, const struct ftrace_line *fl, const struct fields *f)
{
	struct ftrace_stats *st = c->st;
	uint64_t pfn, order;
	unsigned int cpu;
	struct live *e;
	char pb[32], hb[32];
	bool hex;

	if (!num_field(c, f, "mm_page_free", "pfn", &pfn, &hex) ||
	    !num_field(c, f, "mm_page_free", "order", &order, NULL))
		return;
	if (order >= HAT_MAX_ORDER_LIMIT) {
		problem(c, true, 0, "mm_page_free: order=%llu out of range", (unsigned long long)order);
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
				emit_free(c, e->handle, e->slot, cpu);
				live_erase(&c->live, e);
			} else {
				unmapped(c, FEV_FREE, FR_FREE_ORDER,
					 "pfn %s order %llu, allocated with order %u at line %u",
					 pb, (unsigned long long)order, e->order, e->line);
			}
			return;
		case LIVE_ISOLATE:
			free_piece(c, e, (unsigned int)order, cpu);
			return;
		default:
			unmapped(c, FEV_FREE, FR_FREE_UNMAPPED,
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
			unmapped(c, FEV_FREE, FR_FREE_INSIDE,
				 "pfn %s order %llu lies inside the order-%u allocation of pfn %s at line %u",
				 pb, (unsigned long long)order, e->order,
				 fmt_pfn(hb, sizeof(hb), e->pfn, hex), e->line);
			return;
		default:
			unmapped(c, FEV_FREE, FR_FREE_UNMAPPED,
				 "pfn %s: its allocation at line %u was not mapped", pb, e->line);
			return;
		}
	}
	if (order < c->geom.max_order && prealloc_test(c, pfn, (unsigned int)order)) {
		/* allocated before the trace began: name it, then free it */
		struct op op = { .kind = OP_INIT_ALLOC, .a = (int64_t)pfn, .order = (uint8_t)order };
		uint32_t slot;

		op.handle = new_handle(c, &slot);
		emit_slot(c, &op, slot, NULL);
		emit_free(c, op.handle, slot, cpu);
		prealloc_clear(c, pfn, (unsigned int)order);
		st->pretrace_frees++;
		st->mapped[FEV_FREE]++;
		return;
	}
	unmapped(c, FEV_FREE, FR_FREE_UNKNOWN, "pfn %s order %llu was never seen allocated%s", pb,
		 (unsigned long long)order,
		 c->prealloc ? " (nor allocated in the start state)" : "");
}

/* pfn= (into *@pfn) of an event that is only counted (batched, drain, zone_locked, extfrag). */
static bool counted_event(struct ctx *c, enum ftrace_event ev, const struct fields *f,
			  uint64_t *pfn)
{
	bool hex;

	if (!num_field(c, f, ftrace_event_names[ev], "pfn", pfn, &hex))
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
 * now, as an allocation of it would.  Counted as counted_event().
 */
static bool free_event(struct ctx *c, const struct ftrace_line *fl, enum ftrace_event ev,
		       const struct fields *f)
{
	uint64_t pfn;
	int64_t order = opt_field(f, "order");

	if (!counted_event(c, ev, f, &pfn))
		return false;
	if (order >= 0 && order < c->geom.max_order)
		free_start_pages(c, pfn, (unsigned int)order, fold_cpu(c, fl->cpu));
	return true;
}

/* struct page * of a kprobe event -> pfn */
static bool page_ptr_pfn(struct ctx *c, enum ftrace_event ev, const struct fields *f,
			 uint64_t *pfn)
{
	const struct ftrace_import_opts *o = c->o;
	uint64_t ptr;
	bool hex;

	if (!num_field(c, f, ftrace_event_names[ev], "page", &ptr, &hex))
		return false;
	c->st->ev[ev]++;
	if (ptr < o->vmemmap_base || (ptr - o->vmemmap_base) % o->struct_page_size) {
		unmapped(c, ev, FR_PAGE_PTR, "page=0x%llx is not a struct page at 0x%llx + %u x pfn",
			 (unsigned long long)ptr, (unsigned long long)o->vmemmap_base,
			 o->struct_page_size);
		return false;
	}
	*pfn = (ptr - o->vmemmap_base) / o->struct_page_size;
	return true;
}

static void on_bulk_alloc(struct ctx *c, const struct ftrace_line *fl, const struct fields *f)
{
	struct op op = { .kind = OP_ALLOC, .gfp = c->o->bulk_gfp };
	uint32_t slot;
	uint64_t pfn;

	if (!page_ptr_pfn(c, FEV_BULK_ALLOC, f, &pfn))
		return;
	check_pfn(c, pfn, 0, true);
	op.cpu = (uint8_t)fold_cpu(c, fl->cpu);
	c->st->mapped[FEV_BULK_ALLOC]++;
	free_start_pages(c, pfn, 0, op.cpu);
	op.handle = new_handle(c, &slot);
	emit_slot(c, &op, slot, NULL);
	track(c, pfn, 0, LIVE_ALLOC, op.handle, slot);
}

static void on_isolate_free(struct ctx *c, const struct fields *f)
{
	struct op op = { .kind = OP_ISOLATE_FREE };
	uint32_t slot;
	uint64_t pfn, order;
	bool hex;

	if (!num_field(c, f, "isolate_free_page", "order", &order, &hex))
		return;
	if (!page_ptr_pfn(c, FEV_ISOLATE_FREE, f, &pfn))
		return;
	if (order >= c->geom.max_order) {
		unmapped(c, FEV_ISOLATE_FREE, FR_ORDER, "order %llu, but the geometry has max_order %u",
			 (unsigned long long)order, c->geom.max_order);
		return;
	}
	if (pfn + (1ULL << order) > c->node_end) {
		unmapped(c, FEV_ISOLATE_FREE, FR_PFN_RANGE, "pfn 0x%llx order %llu beyond the node's end %lu",
			 (unsigned long long)pfn, (unsigned long long)order, c->node_end);
		return;
	}
	op.a = (int64_t)pfn;
	op.order = (uint8_t)order;
	op.handle = new_handle(c, &slot);
	c->st->mapped[FEV_ISOLATE_FREE]++;
	emit_slot(c, &op, slot, NULL);
	prealloc_clear(c, pfn, (unsigned int)order);
	track(c, pfn, (unsigned int)order, LIVE_ISOLATE, op.handle, slot);
}

/* A comment line in the output (markers, notes): printable ASCII only. */
static void out_comment(struct ctx *c, const char *prefix, const char *text)
{
	FILE *f = c->o->out;

	c->out_line++;
	if (!f)
		return;
	fputs("# ", f);
	fputs(prefix, f);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		fputc(*p >= 0x20 && *p < 0x7f ? *p : '?', f);
	fputc('\n', f);
}

static void on_marker(struct ctx *c, const struct ftrace_line *fl)
{
	char prefix[96];

	c->st->ev[FEV_MARKER]++;
	c->st->mapped[FEV_MARKER]++;
	snprintf(prefix, sizeof(prefix), "marker (line %lu, %.*s): ", c->line,
		 (int)(fl->ts_len > 40 ? 40 : fl->ts_len), fl->ts);
	out_comment(c, prefix, fl->payload);
}

/*
 * kswapd_ops: whether kswapd reclaims, from its task's events (@task: the
 * line from its task name on): on at its first event, off at the first
 * event FTRACE_KSWAPD_IDLE seconds after its last.
 */
static void kswapd_track(struct ctx *c, const char *task, const struct ftrace_line *fl)
{
	struct op op = { .kind = OP_SYSCTL, .a = HAT_SYSCTL_KSWAPD_ACTIVE };
	bool kswapd = !strncmp(task, "kswapd", 6);
	double ts;

	if (!kswapd && !c->kswapd_active)
		return;
	ts = strtod(fl->ts, NULL);
	if (kswapd) {
		c->kswapd_last = ts;
		if (c->kswapd_active)
			return;
		op.b = 1;
		c->st->kswapd_runs++;
	} else if (ts - c->kswapd_last < FTRACE_KSWAPD_IDLE) {
		return;
	}
	c->kswapd_active = op.b;
	emit(c, &op, op.b ? "kswapd reclaims (its events): ZONE_RECLAIM_ACTIVE" :
			    "kswapd idle since its last event");
}

/* The sink's view of an event line (struct ftrace_note); @f: its fields (NULL: a marker). */
static void note(struct ctx *c, const struct ftrace_line *fl, enum ftrace_event ev,
		 const struct fields *f)
{
	const struct ftrace_sink *sink = c->o->sink;
	struct ftrace_note n = { .ev = ev, .line = c->line, .value = -1 };

	if (!sink || !sink->note)
		return;
	n.ts = strtod(fl->ts, NULL);
	if (!f)
		n.text = fl->payload;
	else if (ev == FEV_OOM_VICTIM)
		n.value = opt_field(f, "pid");
	else if (ev == FEV_RECLAIM_END)
		n.value = opt_field(f, "nr_reclaimed");
	else if (ev == FEV_PCPU_DRAIN || ev == FEV_ZONE_LOCKED)
		n.value = opt_field(f, "migratetype");
	sink->note(sink->arg, &n);
}

/* A task's direct reclaim ended: its progress goes to the task's next allocation. */
static void on_reclaim_end(struct ctx *c, const struct ftrace_line *fl, const struct fields *f)
{
	uint64_t nr;

	if (!num_field(c, f, ftrace_event_names[FEV_RECLAIM_END], "nr_reclaimed", &nr, NULL))
		return;
	c->st->ev[FEV_RECLAIM_END]++;
	c->st->mapped[FEV_RECLAIM_END]++;
	if (fl->pid >= 0)
		ftrace_reclaim_end(&c->reclaim, fl->pid, nr > LONG_MAX ? LONG_MAX : (long)nr);
}

static void on_lost(struct ctx *c, const char *p)
{
	const char *q = strstr(p, "[LOST ");
	unsigned long n = 0;

	if (q)
		n = strtoul(q + 6, NULL, 10);
	c->st->lost_events += n;
	problem(c, false, FR_LOST, "%s", p);
}

static void one_line(struct ctx *c, char *line, size_t len)
{
	const struct ftrace_import_opts *o = c->o;
	struct ftrace_stats *st = c->st;
	struct ftrace_line fl;
	struct fields f;
	enum ftrace_event ev;
	const char *why, *p = skip_blanks(line);
	uint64_t pfn;

	if (strlen(line) != len) {
		problem(c, true, 0, "a NUL byte at column %zu: binary data?", strlen(line) + 1);
		return;
	}
	if (!*p || *p == '#') {	/* blank, or the tracer's header and "##### CPU 2 buffer started" */
		st->header_lines++;
		return;
	}
	if (!strncmp(p, "CPU:", 4) && strstr(p, "[LOST ")) {
		on_lost(c, p);
		return;
	}
	if (ftrace_split_line(p, &fl, &why)) {
		problem(c, true, 0, "%s", why);
		return;
	}
	if (o->max_events && st->events >= o->max_events) {
		st->lines--;	/* not read, as far as the summary goes */
		st->truncated = true;
		c->stop = true;
		return;
	}
	st->events++;
	ftrace_check_clock(&c->clocks, st, c->line, &fl);
	ev = event_kind(&fl);
	if (o->from_marker && !st->started) {
		if (ev != FEV_MARKER || !strstr(fl.payload, o->from_marker)) {
			st->before_start++;
			return;
		}
		st->started = true;
	}
	if (o->kswapd_ops)
		kswapd_track(c, p, &fl);
	if (ev == FEV_MARKER) {
		note(c, &fl, ev, NULL);
		on_marker(c, &fl);
		return;
	}
	split_fields(fl.payload, &f);
	note(c, &fl, ev, &f);
	switch (ev) {
	case FEV_ALLOC:
		on_alloc(c, &fl, &f);
		break;
	case FEV_FREE:
		on_free(c, &fl, &f);
		break;
	case FEV_FREE_BATCHED:
		counted_event(c, ev, &f, &pfn);
		break;
	case FEV_PCPU_DRAIN:
		if (free_event(c, &fl, ev, &f) && opt_field(&f, "migratetype") == HAT_MT_HIGHATOMIC)
			st->drain_highatomic++;
		break;
	case FEV_ZONE_LOCKED:
		if (free_event(c, &fl, ev, &f) && opt_field(&f, "migratetype") == HAT_MT_HIGHATOMIC)
			st->zone_locked_highatomic++;
		break;
	case FEV_EXTFRAG:
		if (counted_event(c, ev, &f, &pfn)) {
			if (opt_field(&f, "change_ownership") == 1)
				st->extfrag_claimed++;
			if (opt_field(&f, "fallback_migratetype") == HAT_MT_HIGHATOMIC)
				st->extfrag_from_highatomic++;
		}
		break;
	case FEV_BULK_ALLOC:
		on_bulk_alloc(c, &fl, &f);
		break;
	case FEV_ISOLATE_FREE:
		on_isolate_free(c, &f);
		break;
	case FEV_OOM_VICTIM:
	case FEV_RECLAIM_BEGIN:
		st->ev[ev]++;
		st->mapped[ev]++;
		break;
	case FEV_RECLAIM_END:
		on_reclaim_end(c, &fl, &f);
		break;
	default:
		st->ev[FEV_OTHER]++;
		st->unmapped[FEV_OTHER]++;
		count_name(st->other_events, fl.event, fl.event_len);
		problem(c, false, FR_EVENT, "%.*s: not an event the importer maps",
			(int)(fl.event_len > 60 ? 60 : fl.event_len), fl.event);
		break;
	}
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void write_start(struct ctx *c, const struct trace *start, bool is_default)
{
	const struct ftrace_import_opts *o = c->o;
	const char *sn = o->start_name ? o->start_name : "the snapshot";
	FILE *f = o->out;
	char name[512];

	if (f) {
		fprintf(f, "# imported by `hatrace import ftrace` from %s\n",
			printable(name, sizeof(name), o->path, strlen(o->path)));
		if (is_default)
			fputs("# start: the default geometry (1 GiB x86-64: DMA [1, 4096), DMA32 [4096, 262144)),\n"
			      "# every page free (give --geometry-from for a real starting state)\n", f);
		else
			fprintf(f, "# start: the header and init ops of %s\n",
				printable(name, sizeof(name), sn, strlen(sn)));
		fputs("# alloc = mm_page_alloc / bulk_alloc_page, free = mm_page_free, isolate-free =\n"
		      "# isolate_free_page; the kernel's pfns only pair each free with its allocation\n"
		      "# (the model picks its own pages).  Rules: docs/capture.md\n", f);
		trace_print_header(f, start);
		fputc('\n', f);
	}
	/* the lines written above, counted without an output too */
	c->out_line += 6 - (is_default ? 0 : 1);
	c->out_line += 2 + (start->hdr.has_variant ? 1 : 0) + start->hdr.nr_rules;
	for (int z = 0; z < HAT_NR_ZONES; z++)
		if (start->hdr.geom.zone_end_pfn[z] > start->hdr.geom.zone_start_pfn[z])
			c->out_line++;
	c->out_line++;
	if (o->trace)
		o->trace->hdr = start->hdr;
	c->next_handle = c->next_slot = start->nr_handles;
	if (o->sink)
		o->sink->begin(o->sink->arg, &start->hdr);
	if (o->trace)
		o->trace->nr_handles = start->nr_handles;
	for (uint32_t i = 0; i < start->nr_ops; i++) {
		emit(c, &start->ops[i], NULL);
		c->st->start_ops++;
	}
}

int ftrace_import(const struct ftrace_import_opts *o, struct ftrace_stats *st,
		  char *err, size_t errlen)
{
	struct ctx *c;
	struct trace def;
	const struct trace *start = o->start;
	const char *sn;
	double t0 = seconds_now();
	char cerr[256];
	char *line;
	size_t len;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	c->o = o;
	c->st = st;
	c->err = err;
	c->errlen = errlen;
	trace_init(&def, "default");
	if (!start) {
		ftrace_default_start(&def);
		start = &def;
	}
	c->geom = start->hdr.geom;
	sn = o->start_name ? o->start_name : "the start";
	printable(c->start_name, sizeof(c->start_name), sn, strlen(sn));
	for (int z = 0; z < HAT_NR_ZONES; z++)
		if (c->geom.zone_end_pfn[z] > c->geom.zone_start_pfn[z])
			c->node_end = c->geom.zone_end_pfn[z];
	st->nr_cpus = c->geom.nr_cpus;
	if (compute_prealloc(c, start)) {
		ret = -1;
		goto out;
	}
	if (o->data ? instream_open_mem(&c->in, o->path, o->data, o->data_len, err, errlen) :
		      instream_open(&c->in, o->path, err, errlen)) {
		ret = -1;
		goto out;
	}
	st->tool = c->in.tool;
	write_start(c, start, start == &def);
	if (o->start_pcp && seed_start_pcp(c)) {
		instream_close(&c->in, true, cerr, sizeof(cerr));
		ret = -1;
		goto out;
	}
	while (!c->stop && (line = instream_line(&c->in, &len))) {
		c->line = c->in.lineno;
		st->lines++;
		one_line(c, line, len);
	}
	st->bytes = c->in.bytes;
	if (instream_close(&c->in, c->stop, cerr, sizeof(cerr)) && !c->failed) {
		snprintf(err, errlen, "%s", cerr);
		ret = -1;
	}
	if (c->failed)
		ret = -1;
	st->live_at_end = c->live.n;
	st->live_peak = c->live.peak;
	if (!ret && ftrace_verdict(o, st, err, errlen))
		ret = -1;
	if (o->out && !ret) {
		char name[512];

		printable(name, sizeof(name), o->path, strlen(o->path));
		fputs("\n", o->out);
		ftrace_print_warnings(o->out, "# ", name, st);
		ftrace_print_summary_prefixed(o->out, name, st, "# ");
	}
	if (o->out && fflush(o->out) && !ret) {
		snprintf(err, errlen, "%s: write error: %s", o->out_name ? o->out_name : "output",
			 strerror(errno));
		ret = -1;
	}
	st->seconds = seconds_now() - t0;
out:
	trace_free(&def);
	free(c->live.e);
	free(c->prealloc);
	free(c->free_slots);
	ftrace_clocks_free(&c->clocks);
	free(c);
	return ret;
}

void ftrace_stats_free(struct ftrace_stats *st)
{
	free(st->kernel_failed_ops);
	st->kernel_failed_ops = NULL;
	st->nr_kernel_failed_ops = st->cap_kernel_failed_ops = 0;
}
