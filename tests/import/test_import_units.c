// SPDX-License-Identifier: MIT
/*
 * test_import_units.c - the importers' parts: gfp names, the ftrace line
 * splitter, the pfn map under churn (random alloc/free traces imported and
 * checked op by op), /proc layouts rebuilt exactly (random per-order and
 * per-type counts; random kpageflags free sets), plain and compressed input.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec.h"
#include "ftrace.h"
#include "gfp_names.h"
#include "input.h"
#include "load.h"
#include "ktest.h"
#include "model.h"
#include "proc.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static char *tmpfile_path(char *buf, size_t len)
{
	int fd;

	snprintf(buf, len, "%s/hatrace-import-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(buf);
	KT_REQUIRE(fd >= 0);
	close(fd);
	return buf;
}

static void test_gfp(void)
{
	const char *bad = NULL;
	size_t badlen = 0;
	bool nearest;
	gfp_t g;

#define DECODE(s) gfp_decode(s, strlen(s), &g, &nearest, &bad, &badlen)
	KT_ASSERT(DECODE("GFP_KERNEL|__GFP_ZERO"));
	KT_EQ(g, GFP_KERNEL | __GFP_ZERO);
	KT_ASSERT(!nearest);
	KT_ASSERT(DECODE("GFP_KERNEL_ACCOUNT|__GFP_ZERO"));
	KT_EQ(g, GFP_KERNEL | __GFP_ACCOUNT | __GFP_ZERO);
	KT_ASSERT(DECODE("GFP_TRANSHUGE_LIGHT|__GFP_NORETRY|__GFP_THISNODE"));
	KT_EQ(g, ((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) &
		  ~__GFP_RECLAIM) | __GFP_NORETRY | __GFP_THISNODE);
	KT_ASSERT(DECODE("GFP_TRANSHUGE"));
	KT_EQ(g & __GFP_RECLAIM, __GFP_DIRECT_RECLAIM);
	KT_ASSERT(DECODE("GFP_ATOMIC|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP"));
	KT_EQ(g, GFP_ATOMIC | __GFP_NOWARN | __GFP_NORETRY | __GFP_COMP);
	KT_ASSERT(DECODE("GFP_NOFS|__GFP_RETRY_MAYFAIL"));
	KT_EQ(g, GFP_NOFS | __GFP_REPEAT);
	KT_ASSERT(nearest);
	KT_ASSERT(DECODE("GFP_KERNEL|__GFP_SKIP_KASAN_POISON|__GFP_ZEROTAGS"));
	KT_EQ(g, GFP_KERNEL);
	KT_ASSERT(DECODE("__GFP_WAIT|__GFP_NO_KSWAPD|GFP_IOFS"));
	KT_EQ(g, __GFP_DIRECT_RECLAIM | __GFP_IO | __GFP_FS);
	KT_ASSERT(DECODE("GFP_TEMPORARY"));
	KT_EQ(g, GFP_KERNEL | __GFP_RECLAIMABLE);
	KT_ASSERT(DECODE("none"));
	KT_EQ(g, 0);
	KT_ASSERT(!DECODE("GFP_KERNEL|__GFP_BOGUS|__GFP_ZERO"));
	KT_ASSERT(badlen == 11 && !memcmp(bad, "__GFP_BOGUS", 11));
	KT_ASSERT(!DECODE("GFP_ATOMIC|0x4000000"));
	KT_ASSERT(badlen == 9 && !memcmp(bad, "0x4000000", 9));
	KT_ASSERT(!DECODE("GFP_KERNEL||__GFP_ZERO"));
	KT_EQ(badlen, 0);
	/* every table entry decodes to itself, inside the v4.8 mask */
	for (size_t i = 0; i < nr_gfp_names; i++) {
		KT_ASSERT(DECODE(gfp_names[i].name));
		KT_EQ(g, gfp_names[i].set & ~gfp_names[i].clear);
		KT_EQ(g & ~__GFP_BITS_MASK, 0);
		KT_ASSERT(gfp_name_find(gfp_names[i].name, strlen(gfp_names[i].name)) == &gfp_names[i]);
	}
#undef DECODE
}

static void test_split(void)
{
	struct ftrace_line fl;
	const char *why;

	KT_EQ(ftrace_split_line("            init-1       [001] d.Z1.     3.370735: bulk_alloc_page: "
				"(__alloc_pages_bulk+0x305/0x6b0) page=0xffffea0000191c80", &fl, &why), 0);
	KT_EQ(fl.cpu, 1);
	KT_EQ(fl.irq, 'Z');
	KT_ASSERT(fl.event_len == 15 && !memcmp(fl.event, "bulk_alloc_page", 15));
	KT_ASSERT(fl.ts_len == 8 && !memcmp(fl.ts, "3.370735", 8));
	KT_ASSERT(!strncmp(fl.payload, "(__alloc_pages_bulk", 19));
	/* 4.x flags, a task name with blanks and brackets */
	KT_EQ(ftrace_split_line("  Web Content [x]-4711 [003] ..s1  512.338949: mm_page_alloc: page=(null) pfn=0",
				&fl, &why), 0);
	KT_EQ(fl.cpu, 3);
	KT_EQ(fl.irq, 's');
	KT_ASSERT(fl.event_len == 13 && !memcmp(fl.event, "mm_page_alloc", 13));
	/* a task name with a "[N] " of its own */
	KT_EQ(ftrace_split_line("  weird [7] task-12 [001] d..1 5.25: mm_page_free: pfn=0x1 order=0", &fl, &why), 0);
	KT_EQ(fl.cpu, 1);
	KT_ASSERT(fl.ts_len == 4 && !memcmp(fl.ts, "5.25", 4));
	/* no flags column; perf script's group:event: */
	KT_EQ(ftrace_split_line("bash 1234 [000] 99.5: kmem:mm_page_free: page=0x1 pfn=0x10 order=0",
				&fl, &why), 0);
	KT_ASSERT(fl.event_len == 12 && !memcmp(fl.event, "mm_page_free", 12));
	KT_EQ(fl.irq, 0);
	KT_ASSERT(!strcmp(fl.payload, "page=0x1 pfn=0x10 order=0"));
	KT_EQ(ftrace_split_line("bash-1 [000] .... 99.5 mm_page_free: pfn=1", &fl, &why), -1);
	KT_EQ(ftrace_split_line("no cpu field at all: x", &fl, &why), -1);
	KT_STREQ(why, "no [CPU] field");
	KT_EQ(ftrace_split_line("bash-1 [000] .... 99.5: ", &fl, &why), -1);
	KT_STREQ(why, "no event name after the timestamp");
}

/*
 * Random allocations and frees of random pfns (many colliding in the pfn
 * map, big blocks among them), some frees of never-allocated pfns: every
 * free must find its allocation, op for op.
 */
static void test_churn(void)
{
	enum { LIVE = 6000, EVENTS = 120000 };
	static uint64_t pfn[LIVE];
	static uint8_t ord[LIVE];
	static uint32_t expect_handle[LIVE];
	struct ftrace_import_opts o;
	struct ftrace_stats st;
	struct trace t;
	char path[256], err[512];
	unsigned long nlive = 0, allocs = 0, frees = 0, bogus = 0;
	uint32_t *free_handles = malloc(EVENTS * sizeof(uint32_t));
	unsigned long nfree_handles = 0;
	FILE *f;

	KT_REQUIRE(free_handles != NULL);
	tmpfile_path(path, sizeof(path));
	f = fopen(path, "w");
	KT_REQUIRE(f != NULL);
	fprintf(f, "# tracer: nop\n");
	for (unsigned long i = 0; i < EVENTS; i++) {
		bool do_alloc = nlive < LIVE && (nlive == 0 || rnd() % 100 < 52);

		if (do_alloc) {
			unsigned int o2 = rnd() % 50 == 0 ? (unsigned int)(rnd() % 10) : 0;
			uint64_t p;
			bool clash;

			do {	/* a pfn not inside a live block (the kernel never hands one out twice) */
				p = (rnd() % (1u << 22)) & ~((1ULL << o2) - 1);
				clash = false;
				for (unsigned long k = 0; k < nlive && !clash; k++)
					clash = p < pfn[k] + (1ULL << ord[k]) && pfn[k] < p + (1ULL << o2);
			} while (clash);
			pfn[nlive] = p;
			ord[nlive] = (uint8_t)o2;
			expect_handle[nlive] = (uint32_t)allocs;
			nlive++;
			allocs++;
			fprintf(f, "x-1 [%03d] .... %lu.000001: mm_page_alloc: page=(____ptrval____) pfn=0x%llx order=%u migratetype=0 gfp_flags=GFP_KERNEL\n",
				(int)(rnd() % 2), i, (unsigned long long)p, o2);
		} else if (rnd() % 200 == 0) {
			bogus++;	/* a pfn above every allocation: never seen */
			fprintf(f, "x-1 [000] .... %lu.000001: mm_page_free: page=(____ptrval____) pfn=0x%llx order=0\n",
				i, (unsigned long long)((1ULL << 23) + rnd() % 1000));
		} else {
			unsigned long k = rnd() % nlive;

			frees++;
			free_handles[nfree_handles++] = expect_handle[k];
			fprintf(f, "x-1 [001] .... %lu.000001: mm_page_free: page=(____ptrval____) pfn=0x%llx order=%u\n",
				i, (unsigned long long)pfn[k], ord[k]);
			nlive--;
			pfn[k] = pfn[nlive];
			ord[k] = ord[nlive];
			expect_handle[k] = expect_handle[nlive];
		}
	}
	KT_REQUIRE(fclose(f) == 0);

	ftrace_import_opts_default(&o);
	o.path = path;
	trace_init(&t, path);
	o.trace = &t;
	KT_EQ(ftrace_import(&o, &st, err, sizeof(err)), 0);
	KT_EQ(st.malformed, 0);
	KT_EQ(st.mapped[FEV_ALLOC], allocs);
	KT_EQ(st.mapped[FEV_FREE], frees);
	KT_EQ(st.unmapped[FEV_FREE], bogus);
	KT_EQ(st.reason[FR_FREE_UNKNOWN], bogus);
	KT_EQ(st.live_at_end, nlive);
	KT_EQ(st.alloc_of_live, 0);
	KT_EQ(t.nr_ops, 1 + allocs + frees);
	KT_EQ(t.nr_handles, allocs);
	{
		unsigned long fi = 0, bad = 0;
		char why[200];

		for (uint32_t i = 1; i < t.nr_ops; i++)
			if (t.ops[i].kind == OP_FREE && t.ops[i].handle != free_handles[fi++])
				bad++;
		KT_EQ(bad, 0);
		KT_EQ(trace_validate(&t, why, sizeof(why)), -1);
	}
	ftrace_stats_free(&st);
	trace_free(&t);
	free(free_handles);
	unlink(path);
}

/* Write a zoneinfo + pagetypeinfo for one DMA32 zone of @pages pages at 4096. */
static void write_snapshot(const char *zi, const char *pti, unsigned long pages,
			   unsigned long free_counts[HAT_NR_MT][11],
			   unsigned long blocks[HAT_NR_MT])
{
	static const char *const names[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic",
					     "CMA", "Isolate" };
	FILE *f = fopen(zi, "w");

	KT_REQUIRE(f != NULL);
	fprintf(f, "Node 0, zone      DMA\n  pages free     0\n        min      0\n        low      0\n"
		"        high     0\n        spanned  0\n        present  0\n        managed  0\n"
		"        protection: (0, 0, 0, 0)\n");
	fprintf(f, "Node 0, zone    DMA32\n  pages free     1\n        boost    0\n        min      100\n"
		"        low      125\n        high     150\n        spanned  %lu\n        present  %lu\n"
		"        managed  %lu\n        protection: (0, 0, 0, 0)\n  pagesets\n    cpu: 0\n"
		"              count: 0\n    cpu: 1\n              count: 0\n    cpu: 2\n"
		"  start_pfn:           4096\n", pages, pages, pages - 100);
	fprintf(f, "Node 0, zone   Normal\n  pages free     0\n        spanned  0\n        present  0\n"
		"        managed  0\n");
	KT_REQUIRE(fclose(f) == 0);
	f = fopen(pti, "w");
	KT_REQUIRE(f != NULL);
	fprintf(f, "Page block order: 9\nPages per block:  512\n\n"
		"Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n");
	for (int mt = 0; mt < HAT_NR_MT; mt++) {
		fprintf(f, "Node    0, zone    DMA32, type %12s ", names[mt]);
		for (int o = 0; o < 11; o++)
			fprintf(f, "%6lu ", free_counts[mt][o]);
		fputc('\n', f);
	}
	fprintf(f, "\nNumber of blocks type     Unmovable      Movable  Reclaimable   HighAtomic          CMA      Isolate \n"
		"Node 0, zone    DMA32 ");
	for (int mt = 0; mt < HAT_NR_MT; mt++)
		fprintf(f, "%12lu ", blocks[mt]);
	fputc('\n', f);
	KT_REQUIRE(fclose(f) == 0);
}

static void run_state(const struct trace *t)
{
	struct exec_result *r = malloc(sizeof(*r));
	struct exec_opts eo;

	KT_REQUIRE(r != NULL);
	exec_opts_default(&eo, t);
	eo.keep_going = true;
	KT_EQ(trace_exec(t, &eo, r), 0);
	free(r);
}

/* Without kpageflags: random counts come back exactly, lists and blocks. */
static void test_layout_counts(void)
{
	char zi[256], pti[256], err[512];

	tmpfile_path(zi, sizeof(zi));
	tmpfile_path(pti, sizeof(pti));
	for (int round = 0; round < 25; round++) {
		unsigned long fc[HAT_NR_MT][11] = { { 0 } }, blocks[HAT_NR_MT] = { 0 };
		unsigned long pages = 512UL * (64 + rnd() % 200) + (round % 2 ? rnd() % 512 : 0);
		unsigned long nblocks = (pages + 511) / 512, used = 0;
		struct proc_files pf = { .zoneinfo = zi, .pagetypeinfo = pti };
		struct hat_zone_snapshot zs;
		struct trace t;

		/* free memory up to ~40% of the zone, small orders in any type */
		for (int o = 10; o >= 0; o--) {
			for (int mt = 0; mt < 4; mt++) {
				unsigned long n = rnd() % (o >= 9 ? 4 : 12);

				if ((used + n * 2 * (1UL << o)) * 10 > pages * 4)
					continue;
				fc[mt][o] = n;
				used += n * 2 * (1UL << o);
			}
		}
		blocks[HAT_MT_UNMOVABLE] = nblocks / 4;
		blocks[HAT_MT_RECLAIMABLE] = nblocks / 16;
		blocks[HAT_MT_HIGHATOMIC] = rnd() % 3;
		blocks[HAT_MT_MOVABLE] = nblocks - blocks[0] - blocks[2] - blocks[3];
		/* whole free blocks need that many blocks of their type */
		for (int mt = 0; mt < 4; mt++) {
			unsigned long whole = fc[mt][9] + 2 * fc[mt][10];

			if (blocks[mt] < whole) {
				blocks[HAT_MT_MOVABLE] -= whole - blocks[mt];
				blocks[mt] = whole;
			}
		}
		write_snapshot(zi, pti, pages, fc, blocks);
		trace_init(&t, "layout");
		KT_REQUIRE(proc_import(&pf, &t, NULL, err, sizeof(err)) == 0);
		run_state(&t);
		hat_active->zone_snapshot(HAT_ZONE_DMA32, &zs);
		for (int mt = 0; mt < HAT_NR_MT; mt++) {
			for (int o = 0; o < 11; o++)
				if (!KT_EQ(zs.free_blocks[o][mt], fc[mt][o]))
					fprintf(stderr, "  round %d: type %d order %d\n", round, mt, o);
			KT_EQ(zs.blocks[mt], blocks[mt]);
		}
		KT_EQ(zs.nr_reserved_highatomic, blocks[HAT_MT_HIGHATOMIC] * 512);
		KT_EQ(zs.managed, pages - 100);
		KT_EQ(zs.watermark[1], 125);	/* low */
		KT_EQ(hat_geom.nr_cpus, 3);
		trace_free(&t);
	}
	unlink(zi);
	unlink(pti);
}

/* With kpageflags: the model's free pfns are exactly the KPF_BUDDY ones. */
static void test_layout_kpageflags(void)
{
	char zi[256], pti[256], kpf[256], err[512];
	unsigned long fc[HAT_NR_MT][11] = { { 0 } }, blocks[HAT_NR_MT] = { 0 };
	unsigned long pages = 512UL * 100, end = 4096 + pages;
	struct proc_files pf = { .zoneinfo = zi, .pagetypeinfo = pti, .kpageflags = kpf };
	uint8_t *isfree = calloc(end, 1), *map;
	unsigned long wrong = 0, nfree = 0;
	struct hat_zone_snapshot zs;
	struct trace t;
	FILE *f;

	KT_REQUIRE(isfree != NULL);
	tmpfile_path(zi, sizeof(zi));
	tmpfile_path(pti, sizeof(pti));
	tmpfile_path(kpf, sizeof(kpf));
	blocks[HAT_MT_MOVABLE] = 100;
	write_snapshot(zi, pti, pages, fc, blocks);
	/* runs of random length and alignment */
	for (unsigned long p = 4096; p < end;) {
		unsigned long run = 1 + rnd() % 3000;

		if (rnd() % 2)
			for (unsigned long q = p; q < p + run && q < end; q++)
				isfree[q] = 1;
		p += run;
	}
	f = fopen(kpf, "wb");
	KT_REQUIRE(f != NULL);
	for (unsigned long p = 0; p < end + 1000; p++) {
		uint64_t v = (p < end && isfree[p]) ? (1ULL << 10) : (1ULL << 5);
		uint8_t b[8];

		for (int k = 0; k < 8; k++)
			b[k] = (uint8_t)(v >> (8 * k));
		fwrite(b, 1, 8, f);
	}
	KT_REQUIRE(fclose(f) == 0);
	trace_init(&t, "kpageflags");
	KT_REQUIRE(proc_import(&pf, &t, NULL, err, sizeof(err)) == 0);
	run_state(&t);
	map = calloc(hat_active->node_pages() / 8 + 1, 1);
	KT_REQUIRE(map != NULL);
	hat_active->free_map(map);
	for (unsigned long p = 4096; p < end; p++) {
		nfree += isfree[p];
		wrong += (bool)(map[p >> 3] & (1u << (p & 7))) != (bool)isfree[p];
	}
	free(map);
	KT_EQ(wrong, 0);
	hat_active->zone_snapshot(HAT_ZONE_DMA32, &zs);
	KT_EQ(zs.nr_free_pages, nfree);
	trace_free(&t);
	free(isfree);
	unlink(zi);
	unlink(pti);
	unlink(kpf);
}

/* Lines across buffer refills, a last line without '\n', CRLF, and xz. */
static void test_input(void)
{
	char path[256], xzpath[300], cmd[700], err[256];
	struct instream in;
	size_t len;
	char *line;
	unsigned long n = 0, bad = 0;
	FILE *f;

	tmpfile_path(path, sizeof(path));
	f = fopen(path, "w");
	KT_REQUIRE(f != NULL);
	for (unsigned long i = 0; i < 300000; i++)
		fprintf(f, "line %lu %s\r\n", i, i % 1000 ? "" : "with some more text to vary the length");
	fprintf(f, "last");
	KT_REQUIRE(fclose(f) == 0);
	snprintf(xzpath, sizeof(xzpath), "%s.xz", path);
	snprintf(cmd, sizeof(cmd), "xz -c '%s' > '%s'", path, xzpath);
	KT_REQUIRE(system(cmd) == 0);
	for (int pass = 0; pass < 2; pass++) {
		KT_REQUIRE(instream_open(&in, pass ? xzpath : path, err, sizeof(err)) == 0);
		KT_STREQ(in.tool, pass ? "xz" : NULL);
		n = bad = 0;
		while ((line = instream_line(&in, &len))) {
			char want[100];

			if (n == 300000)
				snprintf(want, sizeof(want), "last");
			else
				snprintf(want, sizeof(want), "line %lu %s", n,
					 n % 1000 ? "" : "with some more text to vary the length");
			bad += strcmp(line, want) != 0 || strlen(line) != len;
			n++;
		}
		KT_EQ(n, 300001);
		KT_EQ(bad, 0);
		KT_EQ(instream_close(&in, false, err, sizeof(err)), 0);
	}
	/* a truncated xz file: the decompressor's failure is an error */
	snprintf(cmd, sizeof(cmd), "head -c 2000 '%s' > '%s.cut'", xzpath, xzpath);
	KT_REQUIRE(system(cmd) == 0);
	snprintf(cmd, sizeof(cmd), "%s.cut", xzpath);
	KT_REQUIRE(instream_open(&in, cmd, err, sizeof(err)) == 0);
	while (instream_line(&in, &len))
		;
	KT_EQ(instream_close(&in, false, err, sizeof(err)), -1);
	KT_ASSERT(strstr(err, "damaged or truncated") != NULL);
	unlink(cmd);
	unlink(xzpath);
	unlink(path);
}


/*
 * With both a text output and the in-memory trace, each op's line is its
 * line in the text (markers and comments in between): reports point there.
 */
static void test_lines(void)
{
	struct ftrace_import_opts o;
	struct ftrace_stats st;
	struct trace mem, loaded;
	char in[256], out[256], err[512];
	FILE *f;

	tmpfile_path(in, sizeof(in));
	tmpfile_path(out, sizeof(out));
	f = fopen(in, "w");
	KT_REQUIRE(f != NULL);
	for (int i = 0; i < 200; i++) {
		fprintf(f, "a-1 [000] .... 1.%06d: mm_page_alloc: page=x pfn=0x%x order=%d migratetype=0 gfp_flags=GFP_KERNEL\n",
			i, 0x1000 + 8 * i, i % 3);
		if (i % 7 == 0)
			fprintf(f, "a-1 [000] .... 1.%06d: tracing_mark_write: step %d\n", i, i);
		if (i % 11 == 0)
			fprintf(f, "a-1 [001] .... 1.%06d: mm_page_alloc: page=(null) pfn=0 order=1 migratetype=0 gfp_flags=GFP_ATOMIC\n", i);
		if (i % 2)
			fprintf(f, "a-1 [001] .... 1.%06d: mm_page_free: page=x pfn=0x%x order=%d\n",
				i, 0x1000 + 8 * (i - 1), (i - 1) % 3);
	}
	KT_REQUIRE(fclose(f) == 0);
	ftrace_import_opts_default(&o);
	o.path = in;
	f = fopen(out, "w");
	KT_REQUIRE(f != NULL);
	o.out = f;
	o.out_name = out;
	trace_init(&mem, out);
	o.trace = &mem;
	KT_EQ(ftrace_import(&o, &st, err, sizeof(err)), 0);
	KT_REQUIRE(fclose(f) == 0);
	KT_EQ(st.kernel_failed, 19);
	KT_EQ(st.nr_kernel_failed_ops, 19);
	trace_init(&loaded, out);
	KT_REQUIRE(trace_load(out, &loaded, err, sizeof(err)) == 0);
	KT_EQ(loaded.nr_ops, mem.nr_ops);
	KT_EQ(loaded.nr_handles, mem.nr_handles);
	{
		unsigned long bad = 0;

		for (uint32_t i = 0; i < mem.nr_ops && i < loaded.nr_ops; i++)
			bad += mem.ops[i].line != loaded.ops[i].line || mem.ops[i].kind != loaded.ops[i].kind ||
			       mem.ops[i].handle != loaded.ops[i].handle;
		KT_EQ(bad, 0);
		/* the failed allocations are where the importer says they are */
		bad = 0;
		for (size_t k = 0; k < st.nr_kernel_failed_ops; k++)
			bad += mem.ops[st.kernel_failed_ops[k]].kind != OP_ALLOC ||
			       mem.ops[st.kernel_failed_ops[k]].order != 1;
		KT_EQ(bad, 0);
	}
	ftrace_stats_free(&st);
	trace_free(&mem);
	trace_free(&loaded);
	unlink(in);
	unlink(out);
}

int main(void)
{
	test_gfp();
	test_split();
	test_churn();
	test_lines();
	test_layout_counts();
	test_layout_kpageflags();
	test_input();
	KT_MAIN_END();
}
