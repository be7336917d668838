// SPDX-License-Identifier: MIT
/*
 * test_signature.c - a violation's signature (harness/signature.h): the
 * string "ID:function[:detail]", equality, the patterns of HAT_FUZZ_ONLY,
 * HAT_FUZZ_IGNORE, `hatrace replay --only` and `minimize --signature` (a
 * pattern matches the signatures it is, or begins with up to a ':'), their
 * checks, and which violations count under a filter.
 */
#include "ktest.h"
#include "signature.h"

#include <string.h>

static const char *fmt(const struct signature *s)
{
	static char buf[SIGNATURE_MAX];

	return signature_format(s, buf, sizeof(buf));
}

static bool match(const char *pat, const struct signature *s)
{
	return signature_match(pat, strlen(pat), s);
}

static const struct signature i6 = { INV_I6, "__alloc_pages_may_oom", "wmark-exit" };
static const struct signature i6_l16 = { INV_I6, "__alloc_pages_may_oom", "wmark-exit-L16" };
static const struct signature stranded = { INV_I6_STRANDED, "__alloc_pages_may_oom",
					   "wmark-exit" };
static const struct signature i4 = { INV_I4, "unreserve_highatomic_pageblock", NULL };

static void test_format(void)
{
	const struct signature unknown = { INV_I1, NULL, NULL };
	char small[8];

	KT_STREQ(fmt(&i6), "I6:__alloc_pages_may_oom:wmark-exit");
	KT_STREQ(fmt(&i4), "I4:unreserve_highatomic_pageblock");
	KT_STREQ(fmt(&unknown), "I1:?");
	/* cut, never overrun */
	KT_STREQ(signature_format(&i6, small, sizeof(small)), "I6:__al");
}

static void test_of_and_equal(void)
{
	struct hat_violation v = { .id = INV_I6, .func = "__alloc_pages_may_oom" };
	struct signature s, copy = i6;
	char name[] = "wmark-exit";

	v.detail = name;	/* compared by name, not by pointer */
	signature_of(&v, &s);
	KT_ASSERT(signature_equal(&s, &i6));
	KT_ASSERT(!signature_equal(&s, &i6_l16));
	KT_ASSERT(!signature_equal(&s, &stranded));
	copy.detail = NULL;
	KT_ASSERT(!signature_equal(&copy, &i6));	/* no detail is a detail of its own */
	v.detail = NULL;
	signature_of(&v, &s);
	KT_ASSERT(signature_equal(&s, &copy));
}

static void test_match(void)
{
	static const struct {
		const char *pat;
		const struct signature *s;
		bool want;
	} cases[] = {
		{ "I6", &i6, true },
		{ "I6:__alloc_pages_may_oom", &i6, true },
		{ "I6:__alloc_pages_may_oom:wmark-exit", &i6, true },
		{ "I6:__alloc_pages_may_oom:wmark-exit", &i6_l16, false },	/* not a prefix */
		{ "I6:__alloc_pages_may_oom:wmark-exit-L16", &i6_l16, true },
		{ "I6", &stranded, false },			/* I6-stranded is its own id */
		{ "I6-stranded", &stranded, true },
		{ "I6:__alloc_pages", &i6, false },		/* only whole fields */
		{ "I6:__alloc_pages_may_oom:wmark", &i6, false },
		{ "I4:unreserve_highatomic_pageblock", &i4, true },
		{ "I4:unreserve_highatomic_pageblock:x", &i4, false },
		{ "I4-retype", &i4, false },
		{ "", &i4, false },	/* (nothing; lists skip empty patterns) */
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!KT_EQ(match(cases[i].pat, cases[i].s), cases[i].want))
			fprintf(stderr, "    pattern '%s', signature %s\n", cases[i].pat,
				fmt(cases[i].s));

	KT_ASSERT(signature_list_match("I4,I6", &i6));
	KT_ASSERT(signature_list_match("I1,,I6:__alloc_pages_may_oom:wmark-exit,", &i6));
	KT_ASSERT(!signature_list_match("I1,I6:__alloc_pages_may_oom:wmark-exit", &i6_l16));
	KT_ASSERT(!signature_list_match("", &i6));
	KT_ASSERT(!signature_list_match(NULL, &i6));
	KT_ASSERT(!signature_list_match(",", &i6));
}

static void test_check(void)
{
	static const struct {
		const char *list, *err;
	} bad[] = {
		{ "I99", "unknown invariant 'I99'" },
		{ "I4,I7:f", "unknown invariant 'I7'" },
		{ "I4:", "'I4:' is not ID[:FUNCTION[:DETAIL]]" },
		{ "I4::d", "'I4::d' is not ID[:FUNCTION[:DETAIL]]" },
		{ ":f", "':f' is not ID[:FUNCTION[:DETAIL]]" },
		{ "I4,I6:f:d:e", "'I6:f:d:e' is not ID[:FUNCTION[:DETAIL]]" },
	};
	char err[160];

	KT_EQ(signature_list_check(NULL, err, sizeof(err)), 0);
	KT_EQ(signature_list_check("", err, sizeof(err)), 0);
	KT_EQ(signature_list_check("I4,I1", err, sizeof(err)), 0);
	KT_EQ(signature_list_check("I4,,I6-stall:__alloc_pages_slowpath:oom-no-kill,", err,
				   sizeof(err)), 0);
	KT_EQ(signature_list_check("I6:__alloc_pages_may_oom:wmark-exit-L16", err, sizeof(err)),
	      0);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		KT_EQ(signature_list_check(bad[i].list, err, sizeof(err)), -1);
		KT_STREQ(err, bad[i].err);
	}
}

static void test_counts(void)
{
	struct hat_violation v6 = { .id = INV_I6, .func = "__alloc_pages_may_oom",
				    .detail = "wmark-exit" };
	struct hat_violation v6_l16 = v6, v4 = { .id = INV_I4, .func = "f" };
	struct signature_filter all = { NULL, NULL }, empty = { "", "" };
	struct signature_filter only_i4 = { "I4", NULL };
	struct signature_filter known = { NULL, "I6:__alloc_pages_may_oom:wmark-exit" };
	struct signature_filter both = { "I6", "I6:__alloc_pages_may_oom:wmark-exit" };

	v6_l16.detail = "wmark-exit-L16";
	KT_ASSERT(signature_counts(&v6, &all) && signature_counts(&v4, &all));
	KT_ASSERT(signature_counts(&v6, &empty) && signature_counts(&v4, &empty));
	KT_ASSERT(!signature_counts(&v6, &only_i4) && signature_counts(&v4, &only_i4));
	/* a known cause ignored, another cause of the same id and function counts */
	KT_ASSERT(!signature_counts(&v6, &known));
	KT_ASSERT(signature_counts(&v6_l16, &known));
	KT_ASSERT(signature_counts(&v4, &known));
	KT_ASSERT(!signature_counts(&v6, &both));
	KT_ASSERT(signature_counts(&v6_l16, &both));
	KT_ASSERT(!signature_counts(&v4, &both));
}

int main(void)
{
	test_format();
	test_of_and_equal();
	test_match();
	test_check();
	test_counts();
	KT_MAIN_END();
}
