/*
 * regression.c - replay every trace of corpus/regression under its era's
 * patch sets and compare the invariants that fire with the expected
 * verdicts in the trace's header.  The traces are the one source of truth
 * for the spec's reproducers (§5); their expect rules encode the outcome
 * table (§4.2) for every combination of patches.  An era with up to
 * MAX_EXHAUSTIVE patches is replayed under every set (era 1: 512), a
 * larger one under every preset and each preset without each single patch
 * (era_variant_grid()).  Also: the bug must show without its fix (era 1:
 * on v4.8, not on the v1 series; a trace named for its fixing commit,
 * T6-281dd25c1a01-...: under its header variant, not with that commit
 * added), and a replay must be deterministic.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "ktest.h"
#include "load.h"
#include "trace_dir.h"

#define MAX_EXHAUSTIVE	12

/* Replay @t under @v to its end; false (reported) when the verdict is not the expected one. */
static bool as_expected(const struct trace *t, const struct hat_variant *v, const char *name,
			unsigned int *bad)
{
	struct exec_opts o;
	struct exec_result r;
	long want = trace_expected(t, v);
	char vname[HAT_VARIANT_NAME_MAX];

	exec_opts_default(&o, t);
	o.variant = *v;
	o.keep_going = true;	/* the expected set is what fires over the whole run */
	KT_REQUIRE(trace_exec(t, &o, &r) != 2);
	if (KT_ASSERT(want >= 0 && r.fired == (unsigned long)want))
		return true;
	if ((*bad)++ < 4) {
		fprintf(stderr, "    %s under %s: fired", name,
			variant_name(v, vname, sizeof(vname)));
		for (int i = 0; i < NR_HAT_INV; i++)
			if (r.fired & HAT_INV_BIT(i))
				fprintf(stderr, " %s", inv_name((enum hat_inv)i));
		fprintf(stderr, ", expected %#lx\n", want);
	}
	return false;
}

static void check_all_patch_sets(const struct trace *t, const char *name)
{
	static struct hat_variant grid[HAT_GRID_MAX];
	uint8_t era = trace_era(&t->hdr);
	unsigned int bad = 0, nr_patches = era_names(era)->nr_patches, n;

	if (nr_patches <= MAX_EXHAUSTIVE) {
		n = 1u << nr_patches;
		for (unsigned int set = 0; set < n; set++)
			as_expected(t, &(struct hat_variant){ .era = era, .patches = set }, name,
				    &bad);
		printf("%-40s %u of %u patch sets as expected\n", name, n - bad, n);
		return;
	}
	n = era_variant_grid(era, grid, HAT_GRID_MAX);
	for (unsigned int i = 0; i < n; i++)
		as_expected(t, &grid[i], name, &bad);
	printf("%-40s %u of %u presets and presets less a patch as expected\n", name, n - bad, n);
}

/* A finding shows on the patch set it was found on (its header's variant). */
static void check_finding(const struct trace *t)
{
	KT_ASSERT(t->hdr.has_variant);
	KT_ASSERT(trace_expected(t, &t->hdr.variant) > 0);
}

/*
 * The fixing commit a trace is named for ("T6-281dd25c1a01-atomic-order0-h"):
 * the longest run of the name's words after the first that is a patch of
 * @era; -1 if none.
 */
static int fix_of_name(const char *name, uint8_t era)
{
	const char *rest = strchr(name, '-');
	size_t len;

	if (!rest++)
		return -1;
	for (len = strcspn(rest, "."); len; ) {
		int p = era_patch_lookup(era, rest, len);

		if (p >= 0)
			return p;
		while (len && rest[--len] != '-')
			;
	}
	return -1;
}

static void check_point_of_the_series(const struct trace *t, const char *name)
{
	struct hat_variant base = { 0 }, fixed_v;
	int fix = fix_of_name(name, trace_era(&t->hdr));
	unsigned int bad = 0;
	long bug, fixed;

	if (fix >= 0) {
		/* the bug shows under the header's variant, and not with the fix */
		KT_ASSERT(t->hdr.has_variant);
		base = t->hdr.variant;
		fixed_v = base;
		fixed_v.patches |= 1ULL << fix;
		KT_ASSERT(!(base.patches & (1ULL << fix)));
		as_expected(t, &fixed_v, name, &bad);
	} else {
		KT_REQUIRE(variant_parse("v1", &fixed_v, NULL, 0) == 0);
	}
	bug = trace_expected(t, &base);
	fixed = trace_expected(t, &fixed_v);

	KT_ASSERT(bug > 0);		/* the bug shows on v4.8 (without the fix) */
	KT_ASSERT(fixed >= 0);
	KT_EQ(bug & fixed, 0);		/* and none of its invariants fire with v1 (the fix) */
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
			check_point_of_the_series(&t, names[i]);
		check_deterministic(&t);
		trace_free(&t);
	}
	trace_dir_free(names, n);
	KT_MAIN_END();
}
