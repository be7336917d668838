// SPDX-License-Identifier: MIT
/*
 * test_start_pcp.c - the kmem import's start_pcp look-ahead (hatrace
 * compare's): pages the start holds allocated that the kernel first takes
 * from a per-cpu list, or drains from one, begin on the model's list of the
 * type the kernel names (mm_page_alloc's migratetype: the list a refill put
 * them on, whatever their block; mm_page_pcpu_drain's), not on the list of
 * their block's type; the block keeps its type.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec.h"
#include "ftrace.h"
#include "ktest.h"
#include "model.h"

#define HOLE	0x20000UL	/* 8 pages the start holds allocated, in a Movable block */

/* The default 1 GiB geometry under v6.1, every page free but the hole. */
static void make_start(struct trace *t)
{
	char err[200];
	struct op *op;

	trace_init(t, "start");
	ftrace_default_start(t);
	t->ops[0].b = (int64_t)HOLE;
	op = trace_push(t);
	KT_REQUIRE(op != NULL);
	*op = (struct op){ .kind = OP_INIT_FREE, .a = (int64_t)HOLE + 8, .b = 262144 };
	KT_REQUIRE(variant_parse("v6.1", &t->hdr.variant, err, sizeof(err)) == 0);
	t->hdr.has_variant = true;
}

/* The model's allocation of @gfp order 0 on @cpu after the start's ops. */
static unsigned long alloc_on(unsigned int cpu, gfp_t gfp)
{
	hat_active->set_current(cpu, false);
	return hat_active->alloc(gfp, 0);
}

int main(void)
{
	static const char *const lines[] = {
		/* the kernel's Unmovable list on CPU 1 held HOLE: a refill's page */
		"a-1 [001] .... 1.000001: mm_page_alloc: page=x pfn=0x20000 order=0 "
		"migratetype=0 gfp_flags=GFP_KERNEL\n",
		/* its Reclaimable list on CPU 0 held HOLE + 1: drained from there */
		"a-1 [000] .... 1.000002: mm_page_pcpu_drain: page=x pfn=0x20001 order=0 "
		"migratetype=2\n",
		/* its Movable list on CPU 0 held HOLE + 2: the block's own type */
		"a-1 [000] .... 1.000003: mm_page_alloc: page=x pfn=0x20002 order=0 "
		"migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE\n",
	};
	struct exec_result *r = malloc(sizeof(*r));
	struct ftrace_import_opts o;
	struct ftrace_stats st;
	struct trace start, t;
	struct hat_zone_snapshot zs;
	struct exec_opts eo;
	char path[256], err[512];
	uint32_t first_alloc = 0;
	int fd;
	FILE *f;

	KT_REQUIRE(r != NULL);
	snprintf(path, sizeof(path), "%s/hatrace-start-pcp-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(path);
	KT_REQUIRE(fd >= 0);
	f = fdopen(fd, "w");
	KT_REQUIRE(f != NULL);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		fputs(lines[i], f);
	KT_REQUIRE(fclose(f) == 0);

	make_start(&start);
	ftrace_import_opts_default(&o);
	o.path = path;
	o.start = &start;
	o.start_pcp = true;
	trace_init(&t, path);
	o.trace = &t;
	KT_EQ(ftrace_import(&o, &st, err, sizeof(err)), 0);
	KT_EQ(st.start_pcp_seeded, 3);
	KT_EQ(st.start_pcp_retyped, 2);

	/* the import's ops up to the trace's first allocation: the start, seeded */
	while (first_alloc < t.nr_ops && t.ops[first_alloc].kind != OP_ALLOC)
		first_alloc++;
	KT_REQUIRE(first_alloc < t.nr_ops);
	t.nr_ops = first_alloc;
	exec_opts_default(&eo, &t);
	eo.keep_going = true;
	KT_EQ(trace_exec(&t, &eo, r), 0);
	hat_active->zone_snapshot(HAT_ZONE_DMA32, &zs);
	KT_EQ(zs.pcp_count[0], 2);
	KT_EQ(zs.pcp_count[1], 1);
	KT_EQ(zs.blocks[HAT_MT_UNMOVABLE] + zs.blocks[HAT_MT_RECLAIMABLE], 0);
	/* each list hands out the page the kernel's did */
	KT_EQ(alloc_on(1, GFP_KERNEL), HOLE);
	KT_EQ(alloc_on(0, GFP_KERNEL | __GFP_RECLAIMABLE), HOLE + 1);
	KT_EQ(alloc_on(0, GFP_KERNEL | __GFP_MOVABLE), HOLE + 2);

	ftrace_stats_free(&st);
	trace_free(&t);
	trace_free(&start);
	free(r);
	unlink(path);
	KT_MAIN_END();
}
