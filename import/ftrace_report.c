// SPDX-License-Identifier: MIT
/*
 * ftrace_report.c - what `import ftrace` says about its input as a whole
 * (see ftrace.h): the summary of the events mapped and not, the warnings,
 * and the verdict that the input is not a kmem trace at all.
 */
#include "ftrace.h"


static const char *const reason_texts[NR_FR] = {
	[FR_GFP] = "gfp_flags with a name v4.8 cannot map",
	[FR_ORDER] = "order beyond the geometry's max_order",
	[FR_FREE_UNKNOWN] = "free of a pfn never seen allocated",
	[FR_FREE_ORDER] = "free of an order other than the allocation's",
	[FR_FREE_INSIDE] = "free inside a larger allocation (split page)",
	[FR_FREE_UNMAPPED] = "free of an allocation that was not mapped",
	[FR_PFN_RANGE] = "pfn outside the node",
	[FR_PAGE_PTR] = "struct page pointer outside the vmemmap",
	[FR_EVENT] = "event the importer does not handle",
	[FR_LOST] = "lost events (ring buffer overrun)",
	[FR_TOO_MANY_OPS] = "beyond 2^22 ops: not in the in-memory trace",
};

static const char *const event_notes[NR_FEV] = {
	[FEV_ALLOC] = "alloc (failed ones too)",
	[FEV_FREE] = "free of the allocation's handle",
	[FEV_FREE_BATCHED] = "no op: counted with its mm_page_free",
	[FEV_PCPU_DRAIN] = "no op: the model drains by itself",
	[FEV_ZONE_LOCKED] = "no op: the model refills by itself",
	[FEV_EXTFRAG] = "no op: the model steals by itself",
	[FEV_BULK_ALLOC] = "alloc order=0",
	[FEV_ISOLATE_FREE] = "isolate-free",
	[FEV_MARKER] = "comment",
	[FEV_OOM_VICTIM] = "no op: the kernel's OOM kill (hatrace compare counts it)",
	[FEV_RECLAIM_BEGIN] = "no op: counted",
	[FEV_RECLAIM_END] = "progress N before the task's next alloc",
	[FEV_OTHER] = "",
};

void ftrace_print_summary_prefixed(FILE *f, const char *path, const struct ftrace_stats *st,
				   const char *px)
{
	unsigned long unmapped_total = 0;

	for (int e = 0; e < NR_FEV; e++)
		unmapped_total += st->unmapped[e];
	fprintf(f, "%simport ftrace: %s%s%s%s: %lu lines, %lu events, %lu malformed, %lu unmapped%s\n",
		px, path, st->tool ? " (" : "", st->tool ? st->tool : "", st->tool ? ")" : "",
		st->lines, st->events, st->malformed, unmapped_total,
		st->truncated ? " (stopped at --max-events)" : st->strict_stop ? " (stopped: --strict)" : "");
	fprintf(f, "%s  layout: %lu events with 5.x/6.x hex pfn=0x.., %lu with 4.x decimal pfn=\n",
		px, st->layout_6x, st->layout_4x);
	fprintf(f, "%s  %-30s %10s %10s %10s  %s\n", px, "event", "events", "mapped", "unmapped", "becomes");
	for (int e = 0; e < NR_FEV; e++) {
		if (!st->ev[e] && e != FEV_ALLOC && e != FEV_FREE)
			continue;
		fprintf(f, "%s  %-30s %10lu %10lu %10lu  %s\n", px, ftrace_event_names[e], st->ev[e],
			st->mapped[e], st->unmapped[e], event_notes[e]);
	}
	if (unmapped_total || st->reason[FR_LOST] || st->reason[FR_TOO_MANY_OPS]) {
		fprintf(f, "%s  unmapped, by reason:\n", px);
		for (int r = 0; r < NR_FR; r++)
			if (st->reason[r])
				fprintf(f, "%s    %10lu  %s\n", px, st->reason[r], reason_texts[r]);
	}
	for (int i = 0; i < FTRACE_NAMES && st->unknown_gfp[i].count; i++)
		fprintf(f, "%s    gfp name '%s' unknown: %lu events\n", px, st->unknown_gfp[i].name,
			st->unknown_gfp[i].count);
	for (int i = 0; i < FTRACE_NAMES && st->other_events[i].count; i++)
		fprintf(f, "%s    event '%s' not handled: %lu events\n", px, st->other_events[i].name,
			st->other_events[i].count);
	if (st->nr_unmapped_ex) {
		fprintf(f, "%s  first unmapped lines:\n", px);
		for (unsigned int i = 0; i < st->nr_unmapped_ex; i++)
			fprintf(f, "%s    %s:%lu: %s\n", px, path, st->unmapped_ex[i].line,
				st->unmapped_ex[i].msg);
	}
	if (st->nr_malformed_ex) {
		fprintf(f, "%s  malformed lines (counted and skipped), first ones:\n", px);
		for (unsigned int i = 0; i < st->nr_malformed_ex; i++)
			fprintf(f, "%s    %s:%lu: %s\n", px, path, st->malformed_ex[i].line,
				st->malformed_ex[i].msg);
	}
	fprintf(f, "%s  notes:\n", px);
	if (st->before_start)
		fprintf(f, "%s    %lu events before the start marker skipped%s\n", px, st->before_start,
			st->started ? "" : ": the marker never came");
	if (st->cpu_folded)
		fprintf(f, "%s    %lu events on CPUs >= %u folded modulo %u (highest CPU %u)\n", px,
			st->cpu_folded, st->nr_cpus, st->nr_cpus, st->max_cpu);
	else
		fprintf(f, "%s    CPUs 0..%u, all within the geometry's %u\n", px, st->max_cpu, st->nr_cpus);
	fprintf(f, "%s    %lu allocations failed in the kernel (replayed as alloc, marked '# kernel: failed')\n",
		px, st->kernel_failed);
	fprintf(f, "%s    %lu frees of pages allocated before the trace (init-alloc + free)\n", px,
		st->pretrace_frees);
	if (st->start_pcp_pages)
		fprintf(f, "%s    %lu pages allocated by the kernel that the start state holds allocated (on per-cpu lists\n"
			"%s      at the snapshot, or freed while it was read; or drained, refilled): freed in the model\n"
			"%s      first (init-alloc + free)\n",
			px, st->start_pcp_pages, px, px);
	if (st->start_pcp_seeded)
		fprintf(f, "%s    %lu of them on per-cpu lists from the start (first taken from one)\n",
			px, st->start_pcp_seeded);
	if (st->start_pcp_retyped)
		fprintf(f, "%s    %lu of those on the kernel's list unlike their block's type\n"
			"%s      (init-block around the free)\n", px, st->start_pcp_retyped, px);
	if (st->isolate_pieces)
		fprintf(f, "%s    %lu frees of parts of isolated blocks (the block is freed with its last page)\n",
			px, st->isolate_pieces);
	if (st->gfp_nearest)
		fprintf(f, "%s    %lu allocations with a gfp name mapped to the nearest v4.8 bits\n", px,
			st->gfp_nearest);
	if (st->irq_allocs)
		fprintf(f, "%s    %lu allocations in softirq/hardirq context\n", px, st->irq_allocs);
	if (st->kswapd_runs)
		fprintf(f, "%s    kswapd reclaimed %lu times (sysctl hatrace.kswapd_active 1 .. 0 around its events)\n",
			px, st->kswapd_runs);
	if (st->ev[FEV_RECLAIM_END])
		fprintf(f, "%s    %lu allocations after their task's direct reclaim: `progress N` (its nr_reclaimed)\n"
			"%s      before each, `progress 0` after\n", px, st->reclaim_progress, px);
	if (st->lost_events)
		fprintf(f, "%s    the ring buffer LOST %lu events: pairs of alloc/free are missing\n", px,
			st->lost_events);
	fprintf(f, "%s    cross-checks: %lu allocations of a pfn still allocated, %lu migratetype= unlike the gfp's\n",
		px, st->alloc_of_live, st->mt_mismatch);
	fprintf(f, "%s    kernel HighAtomic traces: %lu pcpu_drain and %lu zone_locked with migratetype=3,"
		" %lu extfrag from HighAtomic; %lu extfrag claimed the block\n", px,
		st->drain_highatomic, st->zone_locked_highatomic, st->extfrag_from_highatomic,
		st->extfrag_claimed);
	fprintf(f, "%s    %lu allocations still live at the end of the trace, %lu at most (the importer's memory\n"
		"%s      grows with these, which the traced machine's memory bounds, not with the trace)\n",
		px, st->live_at_end, st->live_peak, px);
	if (st->ops > TRACE_MAX_OPS)
		fprintf(f, "%s    more than 2^22 ops: a trace loads at most that many; cut the input with --max-events\n"
			"%s      or --from-marker to replay it\n", px, px);
	fprintf(f, "%s  ops: %lu (start %lu, alloc %lu, free %lu, isolate-free %lu, init-alloc %lu), %lu handles%s\n",
		px, st->ops, st->start_ops, st->op_kind[OP_ALLOC], st->op_kind[OP_FREE],
		st->op_kind[OP_ISOLATE_FREE], st->op_kind[OP_INIT_ALLOC], st->handles,
		st->too_many_ops ? " (in-memory trace cut at 2^22 ops)" : "");
}

void ftrace_print_summary(FILE *f, const char *path, const struct ftrace_stats *st)
{
	ftrace_print_summary_prefixed(f, path, st, "");
	if (st->seconds > 0)
		fprintf(f, "  time: %.2f s, %.0f events/s, %.0f MB/s of text\n", st->seconds,
			st->events / st->seconds, (double)st->bytes / 1e6 / st->seconds);
}

/* Events of the kmem group (and its kprobes) that parsed: not markers, not other events. */
static unsigned long kmem_events(const struct ftrace_stats *st)
{
	unsigned long n = 0;

	for (int e = 0; e < FEV_MARKER; e++)
		n += st->ev[e];
	return n;
}

int ftrace_verdict(const struct ftrace_import_opts *o, const struct ftrace_stats *st, char *err,
		   size_t errlen)
{
	unsigned long kmem = kmem_events(st);
	char first[300] = "";

	if (st->nr_malformed_ex)
		snprintf(first, sizeof(first), "; the first: %s:%lu: %s", o->path,
			 st->malformed_ex[0].line, st->malformed_ex[0].msg);
	if (!st->events && !st->malformed)
		snprintf(err, errlen, "%s: no events in its %lu lines: not an ftrace text output%s",
			 o->path, st->lines, st->lines ? "" : " (empty)");
	else if (!kmem && o->from_marker && !st->started)
		snprintf(err, errlen, "%s: --from-marker '%s': no trace_marker line holds it (%lu events skipped)",
			 o->path, o->from_marker, st->before_start);
	else if (!kmem)
		snprintf(err, errlen, "%s: not a kmem trace: no kmem event (%s, %s, ...) among its %lu events and %lu malformed lines%s",
			 o->path, ftrace_event_names[FEV_ALLOC], ftrace_event_names[FEV_FREE],
			 st->events, st->malformed, first);
	else if (st->malformed > kmem)
		snprintf(err, errlen, "%s: not a kmem trace: %lu malformed lines outnumber its %lu kmem events%s",
			 o->path, st->malformed, kmem, first);
	else
		return 0;
	return -1;
}

void ftrace_print_warnings(FILE *f, const char *px, const char *path,
			   const struct ftrace_stats *st)
{
	if (st->nr_malformed_ex)
		fprintf(f, "%s%s:%lu: warning: malformed line: %s (malformed lines: %lu, counted and skipped)\n",
			px, path, st->malformed_ex[0].line, st->malformed_ex[0].msg, st->malformed);
	if (st->ts_backwards)
		fprintf(f, "%s%s:%lu: warning: %s: timestamps go backwards (%lu steps back in all): traces joined, or lines out of order?\n",
			px, path, st->ts_backwards_ex.line, st->ts_backwards_ex.msg,
			st->ts_backwards);
	if (st->pfn_outside)
		fprintf(f, "%s%s:%lu: warning: %s (%lu events): is it the snapshot of the traced machine?\n",
			px, path, st->pfn_outside_ex.line, st->pfn_outside_ex.msg, st->pfn_outside);
	if (st->gfp_invalid)
		fprintf(f, "%s%s:%lu: warning: %s (%lu allocations): gfpflags_to_migratetype() makes it 3, MIGRATE_HIGHATOMIC, a caller bug the kernel VM_WARNs about; replayed so\n",
			px, path, st->gfp_invalid_ex.line, st->gfp_invalid_ex.msg, st->gfp_invalid);
	if (st->layout_4x && st->layout_6x) {
		bool hex_later = st->layout_line[1] > st->layout_line[0];

		fprintf(f, "%s%s:%lu: warning: a %s event after %s ones (from line %lu): one file, two layouts (%lu 4.x, %lu 5.x/6.x events): two traces in one?\n",
			px, path, st->layout_line[hex_later],
			hex_later ? "5.x/6.x (hex pfn=0x..)" : "4.x (decimal pfn=)",
			hex_later ? "4.x" : "5.x/6.x", st->layout_line[!hex_later], st->layout_4x,
			st->layout_6x);
	}
}
