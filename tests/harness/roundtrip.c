// SPDX-License-Identifier: MIT
/*
 * roundtrip.c - on every corpus trace: text -> binary -> text gives the
 * canonical text (the binary read as a file, framing checked), and
 * binary -> text -> binary gives the same bytes.  The same for era 2's
 * pcp-trylock and sysctl with every knob, their fields and canonical text.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "binary.h"
#include "ktest.h"
#include "load.h"
#include "text.h"
#include "trace_dir.h"

static char *print_text(const struct trace *t, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	trace_print_text(f, t);
	fclose(f);
	return buf;
}

/* @t (loaded from @path) round-trips; freed. */
static void roundtrip_trace(struct trace *t, const char *path)
{
	struct trace u, w;
	char err[512], *text1, *text2;
	uint8_t *bin1, *bin2;
	size_t tl1, tl2, bl1, bl2;

	text1 = print_text(t, &tl1);
	KT_REQUIRE(text1 && trace_encode_binary(t, &bin1, &bl1) == 0);

	/* text -> binary -> text, the binary read as a file */
	if (!KT_ASSERT(trace_read_binary(bin1, bl1, path, &u, err, sizeof(err)) == 0))
		fprintf(stderr, "    %s\n", err);
	text2 = print_text(&u, &tl2);
	KT_REQUIRE(text2 != NULL);
	if (!KT_STREQ(text1, text2))
		fprintf(stderr, "    %s: text -> binary -> text differs\n", path);

	/* binary -> text -> binary */
	trace_init(&w, path);
	KT_REQUIRE(trace_parse_text(text2, tl2, path, &w, err, sizeof(err)) == 0);
	KT_REQUIRE(trace_encode_binary(&w, &bin2, &bl2) == 0);
	KT_EQ(bl1, bl2);
	if (!KT_ASSERT(bl1 == bl2 && !memcmp(bin1, bin2, bl1)))
		fprintf(stderr, "    %s: binary -> text -> binary differs\n", path);
	KT_EQ(t->nr_ops, w.nr_ops);

	free(text1);
	free(text2);
	free(bin1);
	free(bin2);
	trace_free(t);
	trace_free(&u);
	trace_free(&w);
}

static void roundtrip(const char *path)
{
	struct trace t;
	char err[512];

	KT_REQUIRE(trace_load(path, &t, err, sizeof(err)) == 0);
	roundtrip_trace(&t, path);
}

/* pcp-trylock and sysctl: fields, canonical text, both round trips. */
static void era2_ops(void)
{
	static const char text[] =
		"hatrace-trace 1\ngeometry cpus=4\nzone Normal 0 4096\nvariant v6.18\n"
		"pcp-trylock\tfail cpu=3 # comment\npcp-trylock ok\n"
		"sysctl defrag_mode 0x1\nsysctl watermark_boost_factor 2147483647\n"
		"sysctl hatrace.claim_scan_guard 0\nsysctl percpu_pagelist_high_fraction 100\n";
	static const struct op want[] = {
		{ .kind = OP_PCP_TRYLOCK, .cpu = 3, .flags = OPF_FAIL },
		{ .kind = OP_PCP_TRYLOCK },
		{ .kind = OP_SYSCTL, .a = HAT_SYSCTL_DEFRAG_MODE, .b = 1 },
		{ .kind = OP_SYSCTL, .a = HAT_SYSCTL_WATERMARK_BOOST_FACTOR, .b = 2147483647 },
		{ .kind = OP_SYSCTL, .a = HAT_SYSCTL_CLAIM_SCAN_GUARD },
		{ .kind = OP_SYSCTL, .a = HAT_SYSCTL_PERCPU_PAGELIST_HIGH_FRACTION, .b = 100 },
	};
	struct trace t;
	char err[512], *canon;
	size_t len;

	trace_init(&t, "era2");
	KT_REQUIRE(trace_parse_text(text, sizeof(text) - 1, "era2", &t, err, sizeof(err)) == 0);
	KT_REQUIRE(t.nr_ops == sizeof(want) / sizeof(want[0]));
	for (uint32_t i = 0; i < t.nr_ops; i++) {
		KT_EQ(t.ops[i].kind, want[i].kind);
		KT_EQ(t.ops[i].cpu, want[i].cpu);
		KT_EQ(t.ops[i].flags, want[i].flags);
		KT_EQ(t.ops[i].a, want[i].a);
		KT_EQ(t.ops[i].b, want[i].b);
	}
	canon = print_text(&t, &len);
	KT_REQUIRE(canon != NULL);
	KT_ASSERT(strstr(canon, "\npcp-trylock fail cpu=3\npcp-trylock ok cpu=0\n"
			 "sysctl defrag_mode 1\nsysctl watermark_boost_factor 2147483647\n"
			 "sysctl hatrace.claim_scan_guard 0\n"
			 "sysctl percpu_pagelist_high_fraction 100\n") != NULL);
	free(canon);
	roundtrip_trace(&t, "era2");
}

int main(int argc, char **argv)
{
	unsigned int n = 0;

	for (int i = 1; i < argc; i++) {
		unsigned int nr;
		char **names = trace_dir_list(argv[i], &nr), path[4096];

		KT_REQUIRE(names != NULL);
		for (unsigned int k = 0; k < nr; k++) {
			snprintf(path, sizeof(path), "%s/%s", argv[i], names[k]);
			roundtrip(path);
		}
		trace_dir_free(names, nr);
		n += nr;
	}
	era2_ops();
	printf("%u corpus traces round-tripped\n", n);
	KT_ASSERT(n >= 14);
	KT_MAIN_END();
}
