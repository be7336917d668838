// SPDX-License-Identifier: MIT
/*
 * determinism.c - the same trace gives the same verdict and final state
 * on every build.  Replays every corpus trace under v4.8, v1 and v4.10,
 * twice, and compares "file variant verdict hash" lines with the golden
 * file that every build (gcc and clang, -O0 and -O2, with and without
 * sanitizers: scripts/test builds them) must reproduce byte for byte.
 *   determinism GOLDEN DIR...            check
 *   determinism --update GOLDEN DIR...   rewrite GOLDEN (after a model change)
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "ktest.h"
#include "load.h"

static const char *const variants[] = { "v4.8", "v1", "v4.10" };

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append "name variant fired hash" lines for every trace of @dir to @out. */
static void replay_dir(const char *dir, FILE *out)
{
	char *names[512], path[4096], err[512];
	unsigned int n = 0;
	struct dirent *de;
	DIR *d = opendir(dir);

	KT_REQUIRE(d != NULL);
	while ((de = readdir(d)) && n < 512) {
		size_t len = strlen(de->d_name);

		if (len > 6 && !strcmp(de->d_name + len - 6, ".trace"))
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp);
	for (unsigned int i = 0; i < n; i++) {
		struct trace t;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		trace_init(&t, path);
		KT_REQUIRE(trace_load(path, &t, err, sizeof(err)) == 0);
		for (unsigned int v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
			struct exec_opts o;
			struct exec_result a, b;

			exec_opts_default(&o, &t);
			o.keep_going = true;
			KT_REQUIRE(variant_parse(variants[v], &o.variant, err, sizeof(err)) == 0);
			trace_exec(&t, &o, &a);
			trace_exec(&t, &o, &b);
			KT_EQ(a.fired, b.fired);
			KT_ASSERT(a.state_hash == b.state_hash);
			fprintf(out, "%s %s %#x %016llx\n", names[i], variants[v], a.fired,
				(unsigned long long)a.state_hash);
		}
		trace_free(&t);
		free(names[i]);
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);

		if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
			*len = fread(buf, 1, (size_t)n, f);
			buf[*len] = '\0';
		}
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	bool update = argc > 1 && !strcmp(argv[1], "--update");
	int first = update ? 2 : 1;
	char *got, *want;
	size_t got_len = 0, want_len = 0;
	FILE *mem;

	KT_REQUIRE(argc >= first + 2);
	mem = tmpfile();
	KT_REQUIRE(mem != NULL);
	for (int i = first + 1; i < argc; i++)
		replay_dir(argv[i], mem);
	rewind(mem);
	got = malloc(1 << 20);
	KT_REQUIRE(got != NULL);
	got_len = fread(got, 1, (1 << 20) - 1, mem);
	got[got_len] = '\0';
	fclose(mem);

	if (update) {
		FILE *f = fopen(argv[first], "w");

		KT_REQUIRE(f != NULL);
		fputs("# file variant fired-invariants state-hash (tests/harness/determinism.c)\n", f);
		fwrite(got, 1, got_len, f);
		fclose(f);
		printf("wrote %s\n", argv[first]);
		free(got);
		KT_MAIN_END();
	}
	want = slurp(argv[first], &want_len);
	KT_REQUIRE(want != NULL);
	/* skip the comment line */
	{
		char *body = strchr(want, '\n');

		KT_REQUIRE(body != NULL);
		if (!KT_STREQ(got, body + 1))
			fprintf(stderr, "state hashes differ from %s: a model change needs "
				"`determinism --update`, anything else is non-determinism\n",
				argv[first]);
	}
	free(got);
	free(want);
	KT_MAIN_END();
}
