// SPDX-License-Identifier: MIT
/*
 * compare_run.c - a variant's replay of a capture, with the model's
 * figures at the snapshots' markers (compare_run.h).
 */
#include "compare_run.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SAMPLES	2048

struct cmp_ctx {
	const struct capture *c;
	struct cmp_run *run;
	struct import_replay_stream rs;
	bool any_note;
};

static void counts_now(struct cmp_ctx *x, struct cmp_counts *n)
{
	const struct import_replay *r = &x->run->r;

	n->ooms = r->oom_kills;
	n->reserves = r->reserves;
	n->unreserves = r->unreserves;
	n->model_failed = r->model_failed_kernel_ok - r->model_failed_oom;
	n->kernel_failed = r->kernel_failed_model_ok;
}

static void take_point(struct cmp_ctx *x, unsigned int i, const struct ftrace_note *n)
{
	struct cmp_point *p = &x->run->pt[i];

	p->seen = true;
	p->ts = n->ts;
	p->line = i ? n->line : 0;
	cmp_model_figs(&p->model);
	p->lo = p->hi = p->model;
	p->closed = !i;
	counts_now(x, &x->run->end);
	p->n = x->run->end;
}

/* Every state between a snapshot's markers counts. */
static void widen_open(struct cmp_ctx *x)
{
	struct cmp_figs now;
	bool have = false;

	for (unsigned int i = 1; i < x->c->nr_snapshots; i++) {
		struct cmp_point *p = &x->run->pt[i];

		if (!p->seen || p->closed)
			continue;
		if (!have)
			cmp_model_figs(&now);
		have = true;
		cmp_figs_widen(&p->lo, &p->hi, &now);
	}
}

static void take_sample(struct cmp_run *run, double ts)
{
	struct cmp_sample *s;

	if (run->nr_samples == MAX_SAMPLES) {	/* every other one goes, twice the spacing */
		for (size_t i = 0; i < MAX_SAMPLES / 2; i++)
			run->samples[i] = run->samples[2 * i];
		run->nr_samples = MAX_SAMPLES / 2;
		run->sample_every *= 2;
	}
	s = &run->samples[run->nr_samples++];
	s->ts = ts;
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		struct hat_zone_snapshot zs;

		hat_active->zone_snapshot(z, &zs);
		s->free[z] = s->hblocks[z] = 0;
		if (!zs.populated)
			continue;
		s->hblocks[z] = zs.blocks[HAT_MT_HIGHATOMIC];
		for (unsigned int o = 0; o < HAT_MAX_ORDER_LIMIT; o++)
			s->free[z] += zs.nr_free[o] << o;
	}
}

static void on_begin(void *arg, const struct trace_header *hdr)
{
	struct cmp_ctx *x = arg;

	import_replay_begin(&x->rs, hdr);
}

static void on_op(void *arg, const struct op *canon, const struct op *op, bool kernel_failed)
{
	struct cmp_ctx *x = arg;

	import_replay_op(&x->rs, canon, op, kernel_failed);
}

static void on_note(void *arg, const struct ftrace_note *n)
{
	struct cmp_ctx *x = arg;
	struct cmp_run *run = x->run;
	bool end;
	int i;

	if (!x->rs.res)
		return;		/* the replay could not begin */
	if (!x->any_note) {
		x->any_note = true;
		run->first_ts = n->ts;
		if (!run->pt[0].seen)
			take_point(x, 0, n);	/* the start: the first snapshot */
	}
	run->last_ts = n->ts;
	widen_open(x);
	/* the ops of this line's allocation take the kernel's page where they may */
	if (hat_active->alloc_hint) {
		bool page = n->ev == FEV_ALLOC && n->value > 0;

		hat_active->alloc_hint(page ? (unsigned long)n->value : HAT_NO_PFN);
	}
	switch (n->ev) {
	case FEV_MARKER:
		i = capture_marker_snapshot(x->c, n->text, &end);
		if (i > 0 && !end && !run->pt[i].seen)
			take_point(x, (unsigned int)i, n);
		else if (i > 0 && end)
			run->pt[i].closed = true;
		break;
	case FEV_OOM_VICTIM:
		run->end.kills++;
		break;
	case FEV_ZONE_LOCKED:
		run->end.h_allocs += n->value == HAT_MT_HIGHATOMIC;
		break;
	case FEV_PCPU_DRAIN:
		run->end.h_frees += n->value == HAT_MT_HIGHATOMIC;
		break;
	default:
		break;
	}
	if (x->rs.res->ops_run >= run->next_sample) {
		take_sample(run, n->ts);
		run->next_sample = x->rs.res->ops_run + run->sample_every;
	}
}

int cmp_run(const struct capture *c, const struct trace *start, const char *start_name,
	    const char *from_marker, const struct hat_variant *v, struct cmp_run *run, char *err,
	    size_t errlen)
{
	struct ftrace_import_opts o;
	struct ftrace_sink sink;
	struct cmp_ctx *x = calloc(1, sizeof(*x));
	int ret = -1;

	memset(run, 0, sizeof(*run));
	run->samples = calloc(MAX_SAMPLES, sizeof(*run->samples));
	if (!x || !run->samples) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	run->sample_every = 1000;
	x->c = c;
	x->run = run;
	import_replay_stream_init(&x->rs, v, &run->r);
	sink = (struct ftrace_sink){ .begin = on_begin, .op = on_op, .note = on_note, .arg = x };
	ftrace_import_opts_default(&o);
	o.path = c->trace;
	o.start = start;
	o.start_name = start_name;
	o.from_marker = from_marker;
	o.kswapd_ops = true;
	o.start_pcp = true;
	o.sink = &sink;
	if (ftrace_import(&o, &run->st, err, errlen)) {
		import_replay_finish(&x->rs);
		goto out;
	}
	if (x->rs.res) {
		counts_now(x, &run->end);
		take_sample(run, run->last_ts);
	}
	if (import_replay_finish(&x->rs) == 2) {
		snprintf(err, errlen, "%s: cannot replay under this variant: %s", c->trace, run->r.err);
		goto out;
	}
	for (unsigned int i = 1; i < c->nr_snapshots; i++) {
		if (run->pt[i].seen)
			continue;
		if (c->manifest[0])
			snprintf(err, errlen, "%s:%lu: snapshot %s: %s has no marker 'KTRACE_MARK snapshot %s begin'",
				 c->manifest, c->snap[i].line, c->snap[i].name, c->trace, c->snap[i].name);
		else
			snprintf(err, errlen, "%s: no marker 'KTRACE_MARK snapshot %s begin'", c->trace,
				 c->snap[i].name);
		goto out;
	}
	ret = 0;
out:
	free(x);
	return ret;
}

void cmp_run_free(struct cmp_run *run)
{
	free(run->samples);
	run->samples = NULL;
	ftrace_stats_free(&run->st);
}
