// SPDX-License-Identifier: MIT
/*
 * ftrace_start.c - the kmem import's start state (see ftrace_int.h): the
 * pages it holds allocated and owned by nobody, freed when the trace names
 * them or, with start_pcp, by a look-ahead for the per-cpu lists; and the
 * output's header with the start's ops.
 */
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "ftrace_int.h"
#include "text.h"

bool ft_prealloc_test(const struct ctx *c, uint64_t pfn, unsigned int order)
{
	if (!c->prealloc || pfn + (1ULL << order) > c->prealloc_pfns)
		return false;
	for (uint64_t p = pfn; p < pfn + (1ULL << order); p++)
		if (!(c->prealloc[p >> 3] & (1u << (p & 7))))
			return false;
	return true;
}

void ft_prealloc_clear(struct ctx *c, uint64_t pfn, unsigned int order)
{
	if (!c->prealloc)
		return;
	for (uint64_t p = pfn; p < pfn + (1ULL << order) && p < c->prealloc_pfns; p++)
		c->prealloc[p >> 3] &= (uint8_t)~(1u << (p & 7));
}

/*
 * Each pageblock's type at the start: Movable (node init's), or the last
 * init-block op's for it.
 */
static int start_block_types(struct ctx *c, const struct trace *start)
{
	unsigned long nr_blocks = (c->prealloc_pfns >> c->geom.pb_order) + 1;

	c->start_mt = malloc(nr_blocks);
	if (!c->start_mt)
		return -1;
	memset(c->start_mt, HAT_MT_MOVABLE, nr_blocks);
	for (uint32_t i = 0; i < start->nr_ops; i++) {
		const struct op *op = &start->ops[i];

		if (op->kind == OP_INIT_BLOCK && op->mt != HAT_MT_ISOLATE &&
		    (uint64_t)op->a >> c->geom.pb_order < nr_blocks)
			c->start_mt[(uint64_t)op->a >> c->geom.pb_order] = op->mt;
	}
	return 0;
}

/*
 * Which pages of the start state are allocated and owned by nobody: run
 * the start ops on the model and look.  A free of such a page that the
 * trace never allocated is a page allocated before the trace began.
 */
int ft_compute_prealloc(struct ctx *c, const struct trace *start)
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
	if (start_block_types(c, start)) {
		free(isfree);
		goto oom;
	}
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

/*
 * The kernel allocates pages the start state holds allocated: they were
 * free but not in the buddy lists when the snapshot was taken (on a per-cpu
 * list, or freed while /proc was read).  Free them in the model first, so
 * that the model's free memory follows the kernel's.
 */
void ft_free_start_pages(struct ctx *c, uint64_t pfn, unsigned int order, unsigned int cpu)
{
	struct op op = { .kind = OP_INIT_ALLOC, .a = (int64_t)pfn, .order = (uint8_t)order };
	uint32_t slot;

	if (!ft_prealloc_test(c, pfn, order))
		return;
	op.handle = ft_new_handle(c, &slot);
	ft_emit_slot(c, &op, slot, "free in the kernel, not in the snapshot's buddy lists");
	ft_emit_free(c, op.handle, slot, cpu);
	ft_prealloc_clear(c, pfn, order);
	c->st->start_pcp_pages += 1UL << order;
}

/* PAGE_ALLOC_COSTLY_ORDER: the orders 6.1's per-cpu lists keep */
#define PCP_MAX_ORDER	3

/*
 * A page of the start on a per-cpu list: where the look-ahead found it,
 * on the list of type @mt (the kernel's; -1: not said).
 */
struct start_pcp {
	uint64_t pfn;
	unsigned int order, cpu;
	int mt;
};

/* The per-cpu list a page of block type @mt goes on (free_unref_page()). */
static int pcp_list_type(int mt)
{
	return mt >= HAT_NR_PCPTYPES ? HAT_MT_MOVABLE : mt;
}

/*
 * Free @s onto the kernel's list of its CPU: the model frees a page onto
 * the list of its block's type (pcp_list_type()), the kernel's list is the
 * one its first allocation took it from (mm_page_alloc's migratetype: a
 * refill puts pages of any block on the requester's list) or its drain
 * names (mm_page_pcpu_drain's, the type the page was freed with).  When
 * they differ, the block takes the kernel's list type for the free and its
 * own back after it: the page keeps the list's type for a later drain, as
 * a refilled page in the kernel keeps its requester's.
 */
static void seed_start_pcp(struct ctx *c, const struct start_pcp *s)
{
	uint8_t *bt = &c->start_mt[s->pfn >> c->geom.pb_order];
	struct op blk = { .kind = OP_INIT_BLOCK, .a = (int64_t)s->pfn };
	bool retype = s->mt >= 0 && s->mt < HAT_MT_ISOLATE &&
		      pcp_list_type(s->mt) != pcp_list_type(*bt) && *bt != HAT_MT_ISOLATE;

	if (retype) {
		blk.mt = (uint8_t)pcp_list_type(s->mt);
		ft_emit(c, &blk, "the kernel's per-cpu list, for the free below");
	}
	ft_free_start_pages(c, s->pfn, s->order, s->cpu);
	c->st->start_pcp_seeded += 1UL << s->order;
	if (retype) {
		blk.mt = *bt;
		ft_emit(c, &blk, "the block's own type back");
		c->st->start_pcp_retyped += 1UL << s->order;
	}
}

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
	int64_t pfn = ft_opt_field(f, "pfn"), order = ft_opt_field(f, "order");
	int64_t mt = ft_opt_field(f, "migratetype");

	if (pfn <= 0 || order < 0 || order >= c->geom.max_order ||
	    (uint64_t)pfn >= c->prealloc_pfns || named[pfn >> 3] & (1u << (pfn & 7)))
		return 0;
	for (uint64_t p = (uint64_t)pfn; p < (uint64_t)pfn + (1ULL << order) &&
	     p < c->prealloc_pfns; p++)
		named[p >> 3] |= (uint8_t)(1u << (p & 7));
	if (!(ev == FEV_PCPU_DRAIN || (ev == FEV_ALLOC && order <= PCP_MAX_ORDER)) ||
	    !ft_prealloc_test(c, (uint64_t)pfn, (unsigned int)order))
		return 0;
	if (*n == *cap) {
		size_t nc = *cap ? 2 * *cap : 256;
		struct start_pcp *a = realloc(*v, nc * sizeof(*a));

		if (!a)
			return -1;
		*v = a;
		*cap = nc;
	}
	(*v)[(*n)++] = (struct start_pcp){ (uint64_t)pfn, (unsigned int)order, cpu,
					   mt >= 0 && mt < HAT_NR_MT ? (int)mt : -1 };
	return 0;
}

/*
 * start_pcp: a look-ahead over the trace from the start for the pages on
 * the kernel's per-cpu lists at the start (start_pcp_event()), freed onto
 * the model's lists before the first op, the last used first (the lists
 * are LIFO), so that the model's pcp/buddy split and NR_FREE_PAGES start
 * as the kernel's.  Other pages the start holds allocated are freed when
 * the trace first names them (ft_free_start_pages()).
 */
int ft_seed_start_pcp(struct ctx *c)
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
		const char *why, *p = ft_skip_blanks(line);

		if (!*p || *p == '#' || ftrace_split_line(p, &fl, &why))
			continue;
		ev = ft_event_kind(&fl);
		if (!started) {
			started = ev == FEV_MARKER && strstr(fl.payload, o->from_marker);
			continue;
		}
		if (ev == FEV_MARKER || ev == FEV_OTHER)
			continue;
		ft_split_fields(fl.payload, &f);
		ret = start_pcp_event(c, named, ev, &f, fl.cpu % c->geom.nr_cpus, &v, &n, &cap);
	}
	if (instream_close(&in, ret != 0, cerr, sizeof(cerr)) && !ret) {
		snprintf(c->err, c->errlen, "%s", cerr);
		ret = -1;
	} else if (ret) {
		snprintf(c->err, c->errlen, "out of memory");
	}
	while (!ret && n--)
		seed_start_pcp(c, &v[n]);
	free(v);
	free(named);
	return ret;
}

void ft_write_start(struct ctx *c, const struct trace *start, bool is_default)
{
	const struct ftrace_import_opts *o = c->o;
	const char *sn = o->start_name ? o->start_name : "the snapshot";
	FILE *f = o->out;
	char name[512];

	if (f) {
		fprintf(f, "# imported by `hatrace import ftrace` from %s\n",
			ft_printable(name, sizeof(name), o->path, strlen(o->path)));
		if (is_default)
			fputs("# start: the default geometry (1 GiB x86-64: DMA [1, 4096), DMA32 [4096, 262144)),\n"
			      "# every page free (give --geometry-from for a real starting state)\n", f);
		else
			fprintf(f, "# start: the header and init ops of %s\n",
				ft_printable(name, sizeof(name), sn, strlen(sn)));
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
		ft_emit(c, &start->ops[i], NULL);
		c->st->start_ops++;
	}
}
