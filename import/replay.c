// SPDX-License-Identifier: MIT
/*
 * replay.c - replay of an imported trace with its comparison to the kernel
 * (see replay.h).
 */
#define _POSIX_C_SOURCE 200809L

#include "replay.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model.h"
#include "report.h"
#include "text.h"

static void on_alloc(uint32_t op_index, bool ok, void *arg)
{
	struct import_replay_stream *c = arg;
	struct import_replay *r = c->r;
	bool kernel_failed = c->cur_kernel_failed;
	struct hat_alloc_report rep;

	if (c->kfail) {
		kernel_failed = false;
		while (c->next < c->nkfail && c->kfail[c->next] < op_index)
			c->next++;
		if (c->next < c->nkfail && c->kfail[c->next] == op_index)
			kernel_failed = true;
	}
	r->allocs++;
	if (!ok) {
		hat_active->last_report(&rep);
		r->model_failed++;
		if (rep.oom && !r->in_oom_episode)
			r->oom_kills++;
		r->in_oom_episode |= rep.oom;
	} else if (c->cur && (c->cur->gfp & __GFP_DIRECT_RECLAIM)) {
		r->in_oom_episode = false;
	}
	if (!ok && !kernel_failed) {
		r->model_failed_kernel_ok++;
		r->model_failed_oom += rep.oom;
		if (r->nr_failed_ex < IMPORT_REPLAY_EXAMPLES) {
			r->failed_ex[r->nr_failed_ex] = op_index;
			r->failed_ex_op[r->nr_failed_ex++] = *c->cur;
		}
	}
	else if (!ok)
		r->both_failed++;
	else if (kernel_failed)
		r->kernel_failed_model_ok++;
}

static void on_event(const struct hat_event *e, void *arg)
{
	struct import_replay_stream *c = arg;

	if (e->kind == HAT_EV_INC)
		c->r->reserves++;
	else if (e->kind == HAT_EV_DEC)
		c->r->unreserves++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void import_replay_stream_init(struct import_replay_stream *s, const struct hat_variant *v,
			       struct import_replay *r)
{
	memset(s, 0, sizeof(*s));
	memset(r, 0, sizeof(*r));
	s->r = r;
	r->variant = *v;
	s->t0 = now();
	exec_opts_default(&s->o, NULL);
	s->o.variant = *v;
	s->o.check = CHECK_EVERY;
	s->o.keep_going = true;
	s->o.full_at_end = true;
	s->o.on_alloc = on_alloc;
	s->o.on_alloc_arg = s;
}

void import_replay_begin(struct import_replay_stream *s, const struct trace_header *hdr)
{
	if (s->begun)
		return;
	s->begun = true;
	s->res = malloc(sizeof(*s->res));
	if (!s->res) {
		snprintf(s->r->err, sizeof(s->r->err), "out of memory");
		return;
	}
	hat_checker.on_event = on_event;
	hat_checker.event_arg = s;
	s->s = exec_begin(hdr, &s->o, s->res);
	if (!s->s) {
		snprintf(s->r->err, sizeof(s->r->err), "%s", s->res->err);
		hat_checker.on_event = NULL;
		hat_checker.event_arg = NULL;
	}
}

void import_replay_op(struct import_replay_stream *s, const struct op *canon,
		      const struct op *op, bool kernel_failed)
{
	uint32_t index = s->res ? s->res->ops_run : 0;

	if (!s->s)
		return;
	s->cur = canon;
	s->cur_kernel_failed = kernel_failed;
	s->r->isolates += op->kind == OP_ISOLATE_FREE;
	exec_step(s->s, op);
	if (!s->have_first && s->res->nr_recorded) {
		s->have_first = true;
		if (s->res->recorded[0].op_index == index) {
			s->r->first_op = *canon;
			s->r->first_at_op = true;
		}
	}
}

static void sink_begin(void *arg, const struct trace_header *hdr)
{
	import_replay_begin(arg, hdr);
}

static void sink_op(void *arg, const struct op *canon, const struct op *op, bool kernel_failed)
{
	import_replay_op(arg, canon, op, kernel_failed);
}

struct ftrace_sink import_replay_sink(struct import_replay_stream *s)
{
	return (struct ftrace_sink){ .begin = sink_begin, .op = sink_op, .arg = s };
}

int import_replay_finish(struct import_replay_stream *s)
{
	struct import_replay *r = s->r;
	struct exec_result *res = s->res;

	if (!s->s) {
		if (!r->err[0])
			snprintf(r->err, sizeof(r->err), "the import stopped before the replay began");
		free(res);
		s->res = NULL;
		r->seconds = now() - s->t0;
		return r->status = 2;
	}
	r->status = exec_end(s->s);
	s->s = NULL;
	hat_checker.on_event = NULL;
	hat_checker.event_arg = NULL;
	r->seconds = now() - s->t0;
	if (r->status == 2) {
		snprintf(r->err, sizeof(r->err), "%s", res->err);
		free(res);
		s->res = NULL;
		return 2;
	}
	r->fired = res->fired;
	r->nr_violations = res->nr_violations;
	if (res->nr_recorded)
		r->first = res->recorded[0];	/* first_op was taken as it fired */
	r->stats = res->stats;
	r->isolates_failed = r->stats.alloc_failed - r->model_failed;
	r->ops_run = res->ops_run;
	r->state_hash = res->state_hash;
	free(res);
	s->res = NULL;
	proc_model_blocks(r->blocks);
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		struct hat_zone_snapshot zs;

		hat_active->zone_snapshot(z, &zs);
		if (!zs.populated)
			continue;
		r->reserved[z] = zs.nr_reserved_highatomic;
		r->free_pages[z] = zs.nr_free_pages;
		for (unsigned int cpu = 0; cpu < HAT_MAX_CPUS; cpu++)
			r->pcp_pages[z] += zs.pcp_count[cpu];
	}
	return r->status;
}

int import_replay_run(const struct trace *t, const uint32_t *kfail, size_t nkfail,
		      const struct hat_variant *v, struct import_replay *r)
{
	struct import_replay_stream s;

	import_replay_stream_init(&s, v, r);
	s.o.variant = *v;
	s.kfail = kfail;
	s.nkfail = nkfail;
	import_replay_begin(&s, &t->hdr);
	for (uint32_t i = 0; i < t->nr_ops; i++)
		import_replay_op(&s, &t->ops[i], &t->ops[i], false);
	return import_replay_finish(&s);
}

/* "line N": where an op of the imported trace comes from */
static const char *where_of(const struct op *op, char *buf, size_t len)
{
	struct trace t;

	memset(&t, 0, sizeof(t));
	return report_where(&t, op, buf, len);
}

static void print_one(FILE *f, const struct trace_header *hdr, const struct import_replay *r)
{
	char vbuf[HAT_VARIANT_NAME_MAX], fired[128], where[48];
	const struct exec_stats *s = &r->stats;

	vbuf[0] = '\0';
	variant_name(&r->variant, vbuf, sizeof(vbuf));
	if (r->status == 2) {
		fprintf(f, "replay %s: cannot replay: %s\n", vbuf, r->err);
		return;
	}
	if (!r->nr_violations) {
		fprintf(f, "replay %s: pass (%u ops, %.2f s, state %016llx)\n", vbuf, r->ops_run,
			r->seconds, (unsigned long long)r->state_hash);
	} else {
		char msg[256];

		fprintf(f, "replay %s: FAIL %s: %lu violations (%u ops, %.2f s)\n", vbuf,
			report_fired(r->fired, fired, sizeof(fired)), r->nr_violations, r->ops_run,
			r->seconds);
		format_violation(&r->first.v, msg, sizeof(msg));
		if (r->first_at_op)
			fprintf(f, "  first: %s in %s at op %u (%s): %s\n", inv_name(r->first.v.id),
				r->first.v.func ? r->first.v.func : "?", r->first.op_index,
				where_of(&r->first_op, where, sizeof(where)), msg);
		else
			fprintf(f, "  first: %s in %s at the end: %s\n", inv_name(r->first.v.id),
				r->first.v.func ? r->first.v.func : "?", msg);
	}
	fprintf(f, "  allocations %lu: the model failed %lu, of which the kernel satisfied %lu"
		" (%lu at an OOM decision; and %lu the kernel failed too); %lu the kernel failed,"
		" the model satisfied\n", r->allocs, r->model_failed, r->model_failed_kernel_ok,
		r->model_failed_oom, r->both_failed, r->kernel_failed_model_ok);
	for (unsigned int i = 0; i < r->nr_failed_ex; i++) {
		const struct op *op = &r->failed_ex_op[i];

		fprintf(f, "    %s op %u (%s): ", i ? "then" : "first", r->failed_ex[i],
			where_of(op, where, sizeof(where)));
		op_print(f, op);
		fputc('\n', f);
	}
	if (r->isolates)
		fprintf(f, "  isolate-free (compaction): %lu of %lu found no free buddy at the kernel's pfn in the model\n",
			r->isolates_failed, r->isolates);
	fprintf(f, "  OOM decisions %lu (%lu OOM kills: episodes), livelocks %lu; frees %lu (%lu skipped: the allocation had failed)\n",
		s->ooms, r->oom_kills, s->livelocks, s->frees, s->frees_skipped);
	fprintf(f, "  highatomic: %lu reserves created, %lu released; at the end:", r->reserves,
		r->unreserves);
	for (int z = 0; z < HAT_NR_ZONES; z++)
		if (hdr->geom.zone_end_pfn[z] > hdr->geom.zone_start_pfn[z])
			fprintf(f, " %s %lu blocks (counter %lu)", hat_zone_names[z],
				r->blocks[z][HAT_MT_HIGHATOMIC], r->reserved[z]);
	fputc('\n', f);
}

static unsigned long kernel_free(const struct proc_pagetypeinfo *k, int z)
{
	unsigned long n = 0;

	for (int mt = 0; mt < HAT_NR_MT; mt++)
		for (unsigned int o = 0; o < k->nr_orders && o < HAT_MAX_ORDER_LIMIT; o++)
			n += k->free[z][mt][o] << o;
	return n;
}

void import_replay_print(FILE *f, const struct trace_header *hdr, const struct import_replay *r,
			 unsigned int n, const struct proc_pagetypeinfo *kernel,
			 const char *kernel_name)
{
	const struct hat_geometry *g = &hdr->geom;

	for (unsigned int i = 0; i < n; i++)
		print_one(f, hdr, &r[i]);
	fprintf(f, "pageblocks by type at the end of the trace (model per variant%s%s):\n",
		kernel ? " vs the kernel's " : "", kernel ? kernel_name : "");
	fprintf(f, "  %-6s %-14s", "zone", "");
	for (int mt = 0; mt < HAT_NR_MT; mt++)
		fprintf(f, " %11s", hat_mt_names[mt]);
	fprintf(f, " %11s %11s\n", "free pages", "pcp pages");
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		if (g->zone_end_pfn[z] <= g->zone_start_pfn[z])
			continue;
		if (kernel && kernel->zone_seen[z]) {
			fprintf(f, "  %-6s %-14s", hat_zone_names[z], "kernel");
			for (int mt = 0; mt < HAT_NR_MT; mt++) {
				if (kernel->has_blocks && kernel->block_col[mt])
					fprintf(f, " %11lu", kernel->blocks[z][mt]);
				else
					fprintf(f, " %11s", "-");
			}
			if (kernel->has_free)
				fprintf(f, " %11lu %11s\n", kernel_free(kernel, z), "-");
			else
				fprintf(f, " %11s %11s\n", "-", "-");
		}
		for (unsigned int i = 0; i < n; i++) {
			char vbuf[HAT_VARIANT_NAME_MAX];

			if (r[i].status == 2)
				continue;
			vbuf[0] = '\0';
			variant_name(&r[i].variant, vbuf, sizeof(vbuf));
			fprintf(f, "  %-6s %-14.14s", hat_zone_names[z], vbuf);
			for (int mt = 0; mt < HAT_NR_MT; mt++)
				fprintf(f, " %11lu", r[i].blocks[z][mt]);
			fprintf(f, " %11lu %11lu\n", r[i].free_pages[z], r[i].pcp_pages[z]);
		}
	}
}
