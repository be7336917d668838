/* SPDX-License-Identifier: MIT */
/*
 * oom_support.h - what the tests of `hatrace import oom` (test_oom_*.c)
 * share: the source root and an error buffer, reading and importing a
 * report, finding and counting ops, replaying, the node's zones after a
 * run.  Helpers that check are static inline, so that their checks count
 * in the calling test's ktest counters.  Include after defining
 * _POSIX_C_SOURCE 200809L (open_memstream).
 */
#ifndef HATRACE_TESTS_IMPORT_OOM_SUPPORT_H
#define HATRACE_TESTS_IMPORT_OOM_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "ktest.h"
#include "oom.h"
#include "model.h"
#include "text.h"

static const char *src;
static char err[2048];

static inline char *slurp(const char *rel, size_t *len)
{
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", src, rel);
	f = fopen(path, "rb");
	KT_REQUIRE(f != NULL);
	KT_REQUIRE(fseek(f, 0, SEEK_END) == 0);
	n = ftell(f);
	KT_REQUIRE(n >= 0 && fseek(f, 0, SEEK_SET) == 0);
	buf = malloc((size_t)n + 1);
	KT_REQUIRE(buf != NULL);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

#define DATA	"tests/import/data/"

/* Import @rel under @o into @t (parsed back); the report in @r. */
static inline void import(const char *rel, const struct oom_options *o, struct oom_report *r,
		   struct trace *t, char **textp)
{
	size_t len;
	char *buf = slurp(rel, &len), *text = NULL;
	int rc = oom_import(buf, len, rel, o, r, &text, err, sizeof(err));

	if (!KT_EQ(rc, 0))
		fprintf(stderr, "    %s\n", err);
	KT_REQUIRE(rc == 0 && text);
	trace_init(t, rel);
	rc = trace_parse_text(text, strlen(text), rel, t, err, sizeof(err));
	if (!KT_EQ(rc, 0))
		fprintf(stderr, "    %s\n", err);
	KT_REQUIRE(rc == 0);
	free(buf);
	if (textp)
		*textp = text;
	else
		free(text);
}

/* oom_import() of @text must fail; returns the message. */
static inline const char *import_fails(const char *text, const struct oom_options *o)
{
	static struct oom_report r;
	char *out = NULL;

	err[0] = '\0';
	KT_EQ(oom_import(text, strlen(text), "r.txt", o, &r, &out, err, sizeof(err)), -1);
	KT_ASSERT(out == NULL);
	free(out);
	return err;
}

static inline bool has(const char *s, const char *sub)
{
	if (strstr(s, sub))
		return true;
	fprintf(stderr, "    '%s' not in '%s'\n", sub, s);
	return false;
}

/* The first op of @kind (for @zone if >= 0). */
static inline const struct op *find_op(const struct trace *t, enum op_kind kind, int zone)
{
	for (uint32_t i = 0; i < t->nr_ops; i++)
		if (t->ops[i].kind == kind && (zone < 0 || t->ops[i].zone == zone))
			return &t->ops[i];
	return NULL;
}

static inline unsigned long count_ops(const struct trace *t, enum op_kind kind, int mt)
{
	unsigned long n = 0;

	for (uint32_t i = 0; i < t->nr_ops; i++)
		n += t->ops[i].kind == kind && (mt < 0 || t->ops[i].mt == mt);
	return n;
}

static inline int run(const struct trace *t, const char *variant, struct exec_result *r)
{
	struct exec_opts o;

	exec_opts_default(&o, t);
	KT_REQUIRE(variant_parse(variant, &o.variant, err, sizeof(err)) == 0);
	o.keep_going = true;
	return trace_exec(t, &o, r);
}

/* Run the set state only: the ops up to the last init-counter. */
static inline int run_init(const struct trace *t, struct exec_result *r)
{
	struct trace init = *t;

	while (init.nr_ops && init.ops[init.nr_ops - 1].kind != OP_INIT_COUNTER)
		init.nr_ops--;
	return run(&init, "v4.8", r);
}

/* Zone @z of the node as it is now (a fresh snapshot each call). */
static inline const struct hat_zone_snapshot *Z(int z)
{
	static struct hat_zone_snapshot zs;

	hat_active->zone_snapshot(z, &zs);
	return &zs;
}

/* What the last allocation did. */
static inline const struct hat_alloc_report *last_alloc(void)
{
	static struct hat_alloc_report rep;

	hat_active->last_report(&rep);
	return &rep;
}

static inline unsigned long h_free(int z)
{
	unsigned long n = 0;

	for (unsigned int o = 0; o < hat_geom.max_order; o++)
		n += Z(z)->free_blocks[o][HAT_MT_HIGHATOMIC] << o;
	return n;
}

/* show_zone_free_areas() of zone @z, malloc()ed. */
static inline char *orders_line(int z)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	KT_REQUIRE(f != NULL);
	hat_active->show_zone_free_areas(f, z);
	fclose(f);
	return s;
}

/* The main() of a test_oom_*.c: @tests in order, with SOURCE_ROOT the only argument. */
static inline int oom_test_main(int argc, char **argv, void (*const tests[])(void), size_t n)
{
	KT_REQUIRE(argc == 2);
	src = argv[1];
	for (size_t i = 0; i < n; i++)
		tests[i]();
	hat_node_exit();
	KT_MAIN_END();
}

#endif /* HATRACE_TESTS_IMPORT_OOM_SUPPORT_H */
