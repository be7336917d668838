// SPDX-License-Identifier: MIT
/*
 * regression.c - replay every trace of corpus/regression under all 512
 * patch sets and compare the invariants that fire with the expected
 * verdicts in the trace's header.  The traces are the one source of truth
 * for the spec's reproducers (§5); their expect rules encode the outcome
 * table (§4.2) for every combination of patches.  Also: the bug must show
 * on v4.8 and not on the v1 series, and a replay must be deterministic.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "ktest.h"
#include "load.h"
#include "trace_dir.h"

static void check_all_patch_sets(const struct trace *t, const char *name)
{
	uint8_t era = trace_era(&t->hdr);
	unsigned int bad = 0, n = 1u << era_names(era)->nr_patches;

	for (unsigned int set = 0; set < n; set++) {
		struct hat_variant v = { .era = era, .patches = set };
		struct exec_opts o;
		struct exec_result r;
		long want = trace_expected(t, &v);
		char vname[HAT_VARIANT_NAME_MAX];

		exec_opts_default(&o, t);
		o.variant = v;
		o.keep_going = true;	/* the expected set is what fires over the whole run */
		KT_REQUIRE(trace_exec(t, &o, &r) != 2);
		if (!KT_ASSERT(want >= 0 && r.fired == (unsigned long)want) && bad++ < 4) {
			fprintf(stderr, "    %s under %s: fired", name,
				variant_name(&v, vname, sizeof(vname)));
			for (int i = 0; i < NR_HAT_INV; i++)
				if (r.fired & HAT_INV_BIT(i))
					fprintf(stderr, " %s", inv_name((enum hat_inv)i));
			fprintf(stderr, ", expected %#lx\n", want);
		}
	}
	printf("%-40s %u of %u patch sets as expected\n", name, n - bad, n);
}

/* A finding shows on the patch set it was found on (its header's variant). */
static void check_finding(const struct trace *t)
{
	KT_ASSERT(t->hdr.has_variant);
	KT_ASSERT(trace_expected(t, &t->hdr.variant) > 0);
}

static void check_point_of_the_series(const struct trace *t)
{
	struct hat_variant base = { 0 }, v1;
	long bug, fixed;

	KT_REQUIRE(variant_parse("v1", &v1, NULL, 0) == 0);
	bug = trace_expected(t, &base);
	fixed = trace_expected(t, &v1);

	KT_ASSERT(bug > 0);		/* the bug shows on v4.8 */
	KT_ASSERT(fixed >= 0);
	KT_EQ(bug & fixed, 0);		/* and none of its invariants fire with v1 */
}

static void check_deterministic(const struct trace *t)
{
	struct exec_opts o;
	struct exec_result a, b;

	exec_opts_default(&o, t);
	o.keep_going = true;
	trace_exec(t, &o, &a);
	trace_exec(t, &o, &b);
	KT_EQ(a.fired, b.fired);
	KT_ASSERT(a.state_hash == b.state_hash);
	KT_EQ(a.ops_run, b.ops_run);
}

int main(int argc, char **argv)
{
	char **names, path[4096], err[512];
	unsigned int n;
	bool findings;

	KT_REQUIRE(argc == 4);
	findings = !strcmp(argv[1], "findings");
	KT_REQUIRE(findings || !strcmp(argv[1], "series"));
	names = trace_dir_list(argv[3], &n);
	KT_REQUIRE(names != NULL);
	KT_ASSERT(n >= (unsigned int)atoi(argv[2]));

	for (unsigned int i = 0; i < n; i++) {
		struct trace t;

		snprintf(path, sizeof(path), "%s/%s", argv[3], names[i]);
		trace_init(&t, path);
		if (!KT_ASSERT(trace_load(path, &t, err, sizeof(err)) == 0)) {
			fprintf(stderr, "    %s\n", err);
			continue;
		}
		check_all_patch_sets(&t, names[i]);
		if (findings)
			check_finding(&t);
		else
			check_point_of_the_series(&t);
		check_deterministic(&t);
		trace_free(&t);
	}
	trace_dir_free(names, n);
	KT_MAIN_END();
}
