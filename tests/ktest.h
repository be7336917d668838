/* SPDX-License-Identifier: MIT */
/*
 * ktest.h - a tiny assertion kit for hatrace's tests, no dependencies.
 *   int main(void) { KT_EQ(zone->nr_reserved_highatomic, 0); KT_MAIN_END(); }
 * KT_MAIN_END() prints "N checks, M failed" and returns 1 if M > 0.  Checks
 * go on after a failure (KT_REQUIRE exits at once) and yield 1 if they held.
 * KT_EQ & co. compare as long.  Counters are per source file.
 */
#ifndef HATRACE_KTEST_H
#define HATRACE_KTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kt_counts { long checks, failed; };

static inline struct kt_counts *kt_counts(void)
{
	static struct kt_counts c;
	return &c;
}

/* Count a check; on failure print "file:line: FAIL: what" to stderr. */
static inline int kt_check_(int ok, const char *file, int line, const char *what)
{
	kt_counts()->checks++;
	if (!ok) {
		kt_counts()->failed++;
		fprintf(stderr, "%s:%d: FAIL: %s\n", file, line, what);
	}
	return ok;
}

/* @op: "==", "!=", "<=" or "<". */
static inline int kt_cmp_(long a, long b, const char *op, const char *what,
			  const char *ea, const char *eb, const char *file, int line)
{
	int ok = op[0] == '=' ? a == b : op[0] == '!' ? a != b : op[1] ? a <= b : a < b;

	if (!kt_check_(ok, file, line, what))
		fprintf(stderr, "    %s = %ld (%#lx)\n    %s = %ld (%#lx)\n",
			ea, a, (unsigned long)a, eb, b, (unsigned long)b);
	return ok;
}

static inline int kt_streq_(const char *a, const char *b, const char *what,
			    const char *ea, const char *eb, const char *file, int line)
{
	int ok = a && b ? strcmp(a, b) == 0 : a == b;

	if (!kt_check_(ok, file, line, what))
		fprintf(stderr, "    %s = \"%s\"\n    %s = \"%s\"\n",
			ea, a ? a : "(null)", eb, b ? b : "(null)");
	return ok;
}

static inline int kt_end_(void)
{
	printf("%ld checks, %ld failed\n", kt_counts()->checks, kt_counts()->failed);
	fflush(stdout);
	return kt_counts()->failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#define KT_ASSERT(cond) kt_check_(!!(cond), __FILE__, __LINE__, "KT_ASSERT(" #cond ")")
#define KT_CMP_(name, op, a, b) kt_cmp_((long)(a), (long)(b), op, \
	name "(" #a ", " #b ")", #a, #b, __FILE__, __LINE__)
#define KT_EQ(a, b) KT_CMP_("KT_EQ", "==", a, b)
#define KT_NE(a, b) KT_CMP_("KT_NE", "!=", a, b)
#define KT_LE(a, b) KT_CMP_("KT_LE", "<=", a, b)
#define KT_LT(a, b) KT_CMP_("KT_LT", "<", a, b)
#define KT_STREQ(a, b) kt_streq_((a), (b), "KT_STREQ(" #a ", " #b ")", #a, #b, \
	__FILE__, __LINE__)
/* Fatal: on failure print the summary and exit(1) at once. */
#define KT_REQUIRE(cond) ((void)(KT_ASSERT(cond) || (kt_end_(), exit(EXIT_FAILURE), 0)))
#define KT_MAIN_END() return kt_end_()

#endif /* HATRACE_KTEST_H */
