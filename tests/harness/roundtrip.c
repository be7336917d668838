// SPDX-License-Identifier: MIT
/*
 * roundtrip.c - on every corpus trace: text -> binary -> text gives the
 * canonical text (the binary read as a file, framing checked), and
 * binary -> text -> binary gives the same bytes.
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

static void roundtrip(const char *path)
{
	struct trace t, u, w;
	char err[512], *text1, *text2;
	uint8_t *bin1, *bin2;
	size_t tl1, tl2, bl1, bl2;

	KT_REQUIRE(trace_load(path, &t, err, sizeof(err)) == 0);
	text1 = print_text(&t, &tl1);
	KT_REQUIRE(text1 && trace_encode_binary(&t, &bin1, &bl1) == 0);

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
	KT_EQ(t.nr_ops, w.nr_ops);

	free(text1);
	free(text2);
	free(bin1);
	free(bin2);
	trace_free(&t);
	trace_free(&u);
	trace_free(&w);
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
	printf("%u corpus traces round-tripped\n", n);
	KT_ASSERT(n >= 14);
	KT_MAIN_END();
}
