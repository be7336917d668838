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
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ftrace_int.h"
#include "model.h"

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
	ft_emit(c, &op, op.b ? "kswapd reclaims (its events): ZONE_RECLAIM_ACTIVE" :
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
		n.value = ft_opt_field(f, "pid");
	else if (ev == FEV_RECLAIM_END)
		n.value = ft_opt_field(f, "nr_reclaimed");
	else if (ev == FEV_PCPU_DRAIN || ev == FEV_ZONE_LOCKED)
		n.value = ft_opt_field(f, "migratetype");
	else if (ev == FEV_ALLOC)
		n.value = ft_opt_field(f, "pfn");
	sink->note(sink->arg, &n);
}

/* A task's direct reclaim ended: its progress goes to the task's next allocation. */
static void on_reclaim_end(struct ctx *c, const struct ftrace_line *fl, const struct fields *f)
{
	uint64_t nr;

	if (!ft_num_field(c, f, ftrace_event_names[FEV_RECLAIM_END], "nr_reclaimed", &nr, NULL))
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
	ft_problem(c, false, FR_LOST, "%s", p);
}

static void one_line(struct ctx *c, char *line, size_t len)
{
	const struct ftrace_import_opts *o = c->o;
	struct ftrace_stats *st = c->st;
	struct ftrace_line fl;
	struct fields f;
	enum ftrace_event ev;
	const char *why, *p = ft_skip_blanks(line);
	uint64_t pfn;

	if (strlen(line) != len) {
		ft_problem(c, true, 0, "a NUL byte at column %zu: binary data?", strlen(line) + 1);
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
		ft_problem(c, true, 0, "%s", why);
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
	ev = ft_event_kind(&fl);
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
	ft_split_fields(fl.payload, &f);
	note(c, &fl, ev, &f);
	switch (ev) {
	case FEV_ALLOC:
		ft_on_alloc(c, &fl, &f);
		break;
	case FEV_FREE:
		ft_on_free(c, &fl, &f);
		break;
	case FEV_FREE_BATCHED:
		ft_counted_event(c, ev, &f, &pfn);
		break;
	case FEV_PCPU_DRAIN:
		if (ft_free_event(c, &fl, ev, &f) &&
		    ft_opt_field(&f, "migratetype") == HAT_MT_HIGHATOMIC)
			st->drain_highatomic++;
		break;
	case FEV_ZONE_LOCKED:
		if (ft_free_event(c, &fl, ev, &f) &&
		    ft_opt_field(&f, "migratetype") == HAT_MT_HIGHATOMIC)
			st->zone_locked_highatomic++;
		break;
	case FEV_EXTFRAG:
		if (ft_counted_event(c, ev, &f, &pfn)) {
			if (ft_opt_field(&f, "change_ownership") == 1)
				st->extfrag_claimed++;
			if (ft_opt_field(&f, "fallback_migratetype") == HAT_MT_HIGHATOMIC)
				st->extfrag_from_highatomic++;
		}
		break;
	case FEV_BULK_ALLOC:
		ft_on_bulk_alloc(c, &fl, &f);
		break;
	case FEV_ISOLATE_FREE:
		ft_on_isolate_free(c, &f);
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
		ft_count_name(st->other_events, fl.event, fl.event_len);
		ft_problem(c, false, FR_EVENT, "%.*s: not an event the importer maps",
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
	ft_printable(c->start_name, sizeof(c->start_name), sn, strlen(sn));
	for (int z = 0; z < HAT_NR_ZONES; z++)
		if (c->geom.zone_end_pfn[z] > c->geom.zone_start_pfn[z])
			c->node_end = c->geom.zone_end_pfn[z];
	st->nr_cpus = c->geom.nr_cpus;
	if (ft_compute_prealloc(c, start)) {
		ret = -1;
		goto out;
	}
	if (o->data ? instream_open_mem(&c->in, o->path, o->data, o->data_len, err, errlen) :
		      instream_open(&c->in, o->path, err, errlen)) {
		ret = -1;
		goto out;
	}
	st->tool = c->in.tool;
	ft_write_start(c, start, start == &def);
	if (o->start_pcp && ft_seed_start_pcp(c)) {
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

		ft_printable(name, sizeof(name), o->path, strlen(o->path));
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
	free(c->start_mt);
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
