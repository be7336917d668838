// SPDX-License-Identifier: MIT
/*
 * report.c - the violation report of a replay: each violation with the op
 * that triggered it, how the pageblocks involved got there (history.h),
 * and the zone state as the kernel would print it in an OOM report and in
 * /proc/pagetypeinfo.
 */
#include "report.h"

#include <string.h>

#include "history.h"
#include "model.h"
#include "text.h"

const char *report_fired(hat_invset fired, char *buf, size_t len)
{
	size_t off = 0;

	if (!len)
		return buf;
	buf[0] = '\0';
	if (!fired) {
		snprintf(buf, len, "pass");
		return buf;
	}
	for (int i = 0; i < NR_HAT_INV && off < len; i++) {
		if (!(fired & HAT_INV_BIT(i)))
			continue;
		snprintf(buf + off, len - off, "%s%s", off ? "," : "", inv_name((enum hat_inv)i));
		off = strlen(buf);
	}
	return buf;
}

const char *report_where(const struct trace *t, const struct op *op, char *buf, size_t len)
{
	snprintf(buf, len, "%s %u", t->binary ? "offset" : "line", (unsigned int)op->line);
	return buf;
}

/* The requests of alloc-begin ops without their alloc-end. */
static uint32_t requests_at_end(const struct trace *t)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < t->nr_ops; i++)
		n += (t->ops[i].kind == OP_ALLOC_BEGIN) - (t->ops[i].kind == OP_ALLOC_END);
	return n;
}

void report_one_violation(FILE *f, const struct trace *t, const struct exec_violation *ev,
			  unsigned int index, unsigned long total)
{
	const struct hat_violation *v = &ev->v;
	char msg[512], where[48], sig[SIGNATURE_MAX];
	struct signature s;

	signature_of(v, &s);
	fprintf(f, "violation %u of %lu: %s - %s\n", index + 1, total, inv_name(v->id),
		inv_title(v->id));
	fprintf(f, "  detected in  %s\n", v->func ? v->func : "?");
	fprintf(f, "  signature    %s\n", signature_format(&s, sig, sizeof(sig)));
	if (v->zone >= 0 && v->zone < HAT_NR_ZONES)
		fprintf(f, "  zone         %s\n", hat_zone_names[v->zone]);
	if (v->pfn != ~0UL)
		fprintf(f, "  pfn          %lu (pageblock %lu)\n", v->pfn, v->pfn >> hat_geom.pb_order);
	fprintf(f, "  expected     %ld\n", v->expected);
	fprintf(f, "  actual       %ld\n", v->actual);
	format_violation(v, msg, sizeof(msg));
	fprintf(f, "  message      %s\n", msg);
	if (ev->op_index < t->nr_ops) {
		const struct op *op = &t->ops[ev->op_index];

		fprintf(f, "  at op        %u (%s, %s): ", ev->op_index,
			t->name ? t->name : "trace", report_where(t, op, where, sizeof(where)));
		op_print(f, op);
		fputc('\n', f);
	} else {
		uint32_t n = requests_at_end(t);

		fprintf(f, "  at op        end of trace (");
		if (n)
			fprintf(f, "%u request%s still in flight %s, then ", n, n == 1 ? "" : "s",
				n == 1 ? "runs to its end" : "run to their end");
		fprintf(f, "final checks after op %u)\n", t->nr_ops ? t->nr_ops - 1 : 0);
	}
}

void report_history(FILE *f, const struct exec_result *r, unsigned int max)
{
	unsigned long seen[EXEC_MAX_RECORDED];
	unsigned int nr_seen = 0;

	for (unsigned int i = 0; i < r->nr_recorded && i < max; i++) {
		unsigned long pfn = r->recorded[i].v.pfn;
		unsigned long block;
		bool dup = false;

		if (pfn == ~0UL || pfn >= hat_active->node_pages())
			continue;
		block = pfn >> hat_geom.pb_order;
		for (unsigned int j = 0; j < nr_seen; j++)
			dup |= seen[j] == block;
		if (dup)
			continue;
		seen[nr_seen++] = block;
		if (nr_seen == 1)
			fprintf(f, "history of the pageblocks involved:\n");
		history_print(f, pfn);
	}
}

void report_warnings(FILE *f, const struct trace *t, const struct exec_result *r)
{
	const struct exec_stats *st = &r->stats;
	char where[48] = "the end";

	if (!st->invalid_gfp)
		return;
	if (st->invalid_gfp_op < t->nr_ops)
		report_where(t, &t->ops[st->invalid_gfp_op], where, sizeof(where));
	fprintf(f, "%s: warning: %lu op%s with __GFP_MOVABLE|__GFP_RECLAIMABLE (first at %s): "
		"migratetype 3 (HighAtomic) as in the kernel, which VM_WARNs; at order 0 "
		"no page here (the kernel indexes past pcp->lists)\n",
		t->name ? t->name : "trace", st->invalid_gfp, st->invalid_gfp == 1 ? "" : "s",
		where);
}

void report_request(FILE *f, const struct trace *t, const struct exec_request *er)
{
	const struct hat_model *m = hat_active;
	struct hat_alloc_report rep;
	unsigned int stops = m->request_stops(er->rq);
	const struct op *begin = er->begin_op < t->nr_ops ? &t->ops[er->begin_op] : NULL;
	char where[48];

	fprintf(f, "request h%u", er->handle);
	if (begin) {
		fprintf(f, " (alloc-begin %s) cpu=%u order=%u gfp=",
			report_where(t, begin, where, sizeof(where)), begin->cpu, begin->order);
		gfp_print(f, begin->gfp);
	}
	m->request_report(er->rq, &rep);
	if (m->request_pfn(er->rq) != HAT_NO_PFN)
		fprintf(f, ": served%s", rep.oom ? " after an OOM kill" : "");
	else
		fprintf(f, ": failed%s", rep.livelock ? ", livelock bound" :
			rep.oom ? ", OOM kill" : rep.oom_skipped ? ", no OOM kill allowed" : "");
	fprintf(f, ", %u stop%s, %d reclaim round%s, L = %d, completed ", stops,
		stops == 1 ? "" : "s", rep.reclaim_rounds, rep.reclaim_rounds == 1 ? "" : "s",
		rep.no_progress_loops);
	if (er->end_op < t->nr_ops)
		fprintf(f, "by its %s at %s\n", op_name((enum op_kind)t->ops[er->end_op].kind),
			report_where(t, &t->ops[er->end_op], where, sizeof(where)));
	else
		fprintf(f, "at the end of the trace\n");
}

void report_state(FILE *f)
{
	fprintf(f, "zone state (show_free_areas):\n");
	hat_active->show_free_areas(f);
	fprintf(f, "\n/proc/pagetypeinfo:\n");
	hat_active->pagetypeinfo_show(f);
}

void report_print(FILE *f, const struct trace *t, const struct exec_result *r,
		  unsigned int max)
{
	unsigned int n;

	if (!max)
		max = REPORT_MAX_VIOLATIONS;
	n = r->nr_recorded < max ? r->nr_recorded : max;
	for (unsigned int i = 0; i < n; i++)
		report_one_violation(f, t, &r->recorded[i], i, r->nr_violations);
	if (r->nr_violations > n)
		fprintf(f, "(%lu more violation%s not shown)\n", r->nr_violations - n,
			r->nr_violations - n == 1 ? "" : "s");
	fputc('\n', f);
	report_history(f, r, n);
	fputc('\n', f);
	report_state(f);
}
