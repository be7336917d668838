// SPDX-License-Identifier: MIT
/*
 * fuzz_replay.c - the replay fuzz targets: one source, compiled once per
 * variant with -DHAT_FUZZ_VARIANT="..." (fuzz/meson.build): fuzz_highatomic
 * (v1), fuzz_v4_8, fuzz_v1_no_v1_1 .. fuzz_v1_no_v1_4, fuzz_v4_10; and
 * fuzz_highatomic_ci, v1 with -DHAT_FUZZ_KNOWN="I6,I6-stall": the invariants of the
 * known holes of its variant (corpus/findings), never a crash, whatever
 * the environment says (what OSS-Fuzz and ClusterFuzzLite run).
 *
 * The input is a binary trace decoded as fuzz input (decode_limits_fuzz:
 * a node of at most 4096 pages and 4 CPUs, starting with every page free,
 * without the ops that set state directly; docs/binary-format.md).  It is
 * replayed under the target's variant, whatever its header says, with the
 * invariant checker after every op (CHECK_EVERY) and the full checks at
 * the end.  On a violation the target replays it again with the pageblock
 * histories on, prints the report (harness/report.h) to stderr and calls
 * abort(), so that libFuzzer and AFL++ record a crash.
 *
 * Environment:
 *   HAT_FUZZ_NO_ABORT=1   report a violation and return instead of
 *                         aborting (replaying a corpus for its verdicts)
 *   HAT_FUZZ_QUIET=1      no report, only the one-line verdict on stderr
 *   HAT_FUZZ_ONLY=I4,I1   a crash only when one of these invariants fires
 *   HAT_FUZZ_IGNORE=I6    never a crash for these invariants
 *                         (either: the replay keeps going after a
 *                         violation, and the report shows the violations
 *                         that count; hunt for one bug past others that
 *                         are known: `hatrace replay --keep-going` then
 *                         shows them all)
 *   HAT_FUZZ_UNLESS=v1    differential: a violation counts only when this
 *                         variant passes the same input (none of the
 *                         invariants that count fire under it), so that a
 *                         target hunts for what a patch set fixes, not for
 *                         what the reference has too (bench/fuzz/time-to-bug)
 *   HAT_FUZZ_SAVE_DIR=DIR  with HAT_FUZZ_NO_ABORT: a campaign that goes on
 *                         past its findings (scripts/fuzz).  An input whose
 *                         violation counts is written to
 *                         DIR/crash-<ID>-<function>-<hash> (never over an
 *                         existing file) when its signature is new to the
 *                         process or the input is smaller than the ones
 *                         saved before (at most SAVE_MAX_PER_SIG each); the
 *                         report is printed for a new signature only
 */
#define _POSIX_C_SOURCE 200809L	/* getpid */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binary.h"
#include "exec.h"
#include "report.h"
#include "text.h"
#include "variant.h"

#include <unistd.h>

#ifndef HAT_FUZZ_VARIANT
#define HAT_FUZZ_VARIANT HAT_DEFAULT_VARIANT
#endif
#ifndef HAT_FUZZ_KNOWN
#define HAT_FUZZ_KNOWN ""
#endif

/* Print the whole trace with the report when it is this short. */
#define PRINT_TRACE_MAX_OPS	120

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *hat_fuzz_last_verdict(void);

static struct hat_variant fuzz_variant, unless_variant;
static bool have_unless;
static char variant_name_buf[HAT_VARIANT_NAME_MAX];
static bool inited, no_abort, quiet;
static unsigned int crash_mask = (1u << NR_HAT_INV) - 1;	/* what counts */
static char verdict[512];

/* HAT_FUZZ_SAVE_DIR: the signatures seen by this process */
#define SAVE_MAX_SIGS		64
#define SAVE_MAX_PER_SIG	16
static const char *save_dir;
static struct saved_sig {
	struct signature sig;
	size_t smallest;
	unsigned int saved;
} saved[SAVE_MAX_SIGS];
static unsigned int nr_saved;

static bool env_on(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0");
}

/* A comma-separated list of invariant names (from @what) as a mask; aborts if one is unknown. */
static unsigned int inv_mask(const char *what, const char *s)
{
	const char *e;
	unsigned int mask = 0;

	for (; s && *s; s = *e ? e + 1 : e) {
		int id;

		e = strchr(s, ',');
		if (!e)
			e = s + strlen(s);
		if (e == s)
			continue;
		id = inv_lookup(s, (size_t)(e - s));
		if (id < 0) {
			fprintf(stderr, "fuzz: %s: unknown invariant '%.*s'\n", what,
				(int)(e - s), s);
			abort();
		}
		mask |= 1u << id;
	}
	return mask;
}

static void init_once(void)
{
	unsigned int only, ignore;
	const char *unless;
	char err[256];

	if (inited)
		return;
	if (variant_parse(HAT_FUZZ_VARIANT, &fuzz_variant, err, sizeof(err))) {
		fprintf(stderr, "fuzz: bad HAT_FUZZ_VARIANT '%s': %s\n", HAT_FUZZ_VARIANT, err);
		abort();
	}
	variant_name(&fuzz_variant, variant_name_buf, sizeof(variant_name_buf));
	no_abort = env_on("HAT_FUZZ_NO_ABORT");
	quiet = env_on("HAT_FUZZ_QUIET");
	only = inv_mask("HAT_FUZZ_ONLY", getenv("HAT_FUZZ_ONLY"));
	ignore = inv_mask("HAT_FUZZ_IGNORE", getenv("HAT_FUZZ_IGNORE")) |
		 inv_mask("HAT_FUZZ_KNOWN", HAT_FUZZ_KNOWN);
	unless = getenv("HAT_FUZZ_UNLESS");
	if (unless && *unless) {
		if (variant_parse(unless, &unless_variant, err, sizeof(err))) {
			fprintf(stderr, "fuzz: bad HAT_FUZZ_UNLESS '%s': %s\n", unless, err);
			abort();
		}
		have_unless = true;
	}
	save_dir = getenv("HAT_FUZZ_SAVE_DIR");
	if (save_dir && !*save_dir)
		save_dir = NULL;
	if (only)
		crash_mask = only;
	crash_mask &= ~ignore;
	inited = true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	init_once();
	return 0;
}

/* The verdict of the last input ("pass", "I4,I1 in f at op N"), for drivers. */
const char *hat_fuzz_last_verdict(void)
{
	return verdict;
}

/* Only the violations that count stay recorded (HAT_FUZZ_ONLY, _IGNORE). */
static void keep_counted(struct exec_result *r)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < r->nr_recorded; i++)
		if (crash_mask & (1u << r->recorded[i].v.id))
			r->recorded[n++] = r->recorded[i];
	r->nr_recorded = n;
}

static void report(const struct trace *t, const struct exec_result *r)
{
	const struct exec_violation *ev = &r->recorded[0];
	bool all = crash_mask == (1u << NR_HAT_INV) - 1;
	char fired[128], where[48] = "the end";

	report_fired(r->fired, fired, sizeof(fired));
	if (!r->nr_recorded) {
		/* past the first EXEC_MAX_RECORDED violations, which did not count */
		snprintf(verdict, sizeof(verdict), "%s (not among the first %d violations recorded)",
			 fired, EXEC_MAX_RECORDED);
	} else {
		if (ev->op_index < t->nr_ops)
			report_where(t, &t->ops[ev->op_index], where, sizeof(where));
		snprintf(verdict, sizeof(verdict), "%s in %s at op %u (%s)", fired,
			 ev->v.func ? ev->v.func : "?", ev->op_index, where);
	}
	fprintf(stderr, "==hatrace fuzz== variant %s: FAIL %s\n", variant_name_buf, verdict);
	/* what triage deduplicates by (exec.h's signature): one line to grep */
	if (r->nr_recorded)
		fprintf(stderr, "==hatrace fuzz== signature %s %s\n", inv_name(ev->v.id),
			ev->v.func ? ev->v.func : "?");
	if (quiet)
		return;
	if (r->nr_recorded)
		report_print(stderr, t, r, 0);
	if (t->nr_ops <= PRINT_TRACE_MAX_OPS) {
		fprintf(stderr, "\n==hatrace fuzz== the input as a text trace:\n");
		trace_print_text(stderr, t);
	}
	fprintf(stderr,
		"\n==hatrace fuzz== reproduce: hatrace convert --fuzz INPUT crash.trace && "
		"hatrace replay%s --variant %s crash.trace\n", all ? "" : " --keep-going",
		variant_name_buf);
}

/* A file name character of a signature. */
static char name_char(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-')
		return c;
	return '_';
}

/*
 * HAT_FUZZ_SAVE_DIR: save @data if its signature (the first violation
 * that counts in @r) is new or it is smaller than what was saved for it.
 * Returns whether the signature is new to this process.
 */
static bool save_input(const uint8_t *data, size_t size, const struct exec_result *r)
{
	struct signature sig = { 0 };
	struct saved_sig *ss = NULL;
	bool fresh = false;
	uint64_t h = 1469598103934665603ull;
	char path[4096], name[96];
	size_t n = 0;
	FILE *f;

	if (r->nr_recorded) {
		sig.id = r->recorded[0].v.id;
		sig.func = r->recorded[0].v.func;
	}
	for (unsigned int i = 0; i < nr_saved; i++)
		if (saved[i].sig.id == sig.id &&
		    (saved[i].sig.func == sig.func ||
		     (saved[i].sig.func && sig.func && !strcmp(saved[i].sig.func, sig.func))))
			ss = &saved[i];
	if (!ss) {
		if (nr_saved == SAVE_MAX_SIGS)
			return false;
		ss = &saved[nr_saved++];
		ss->sig = sig;
		ss->smallest = size;
		fresh = true;
	} else if (size >= ss->smallest || ss->saved >= SAVE_MAX_PER_SIG) {
		return false;
	}
	ss->smallest = size;
	ss->saved++;
	for (size_t i = 0; i < size; i++) {
		h ^= data[i];
		h *= 1099511628211ull;
	}
	for (const char *c = r->nr_recorded ? inv_name(sig.id) : "none"; *c && n < 24; c++)
		name[n++] = name_char(*c);
	name[n++] = '-';
	for (const char *c = sig.func ? sig.func : "unknown"; *c && n < 80; c++)
		name[n++] = name_char(*c);
	name[n] = 0;
	snprintf(path, sizeof(path), "%s/crash-%s-%016llx", save_dir, name, (unsigned long long)h);
	f = fopen(path, "wbx");	/* never over an existing file */
	if (f) {
		if (fwrite(data, 1, size, f) != size)
			fprintf(stderr, "==hatrace fuzz== %s: short write\n", path);
		fclose(f);
		if (fresh)
			fprintf(stderr, "==hatrace fuzz== saved %s (pid %ld)\n", path, (long)getpid());
	}
	return fresh;
}

/* HAT_FUZZ_UNLESS: whether none of the invariants that count fire under the reference. */
static bool reference_passes(const struct trace *t, const struct exec_opts *o)
{
	static struct exec_result ref;
	struct exec_opts ro = *o;

	ro.variant = unless_variant;
	ro.keep_going = true;	/* what fires over the whole run */
	trace_exec(t, &ro, &ref);
	return ref.status != 2 && !(ref.fired & crash_mask);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct exec_result r;	/* large: keep it off the stack */
	struct exec_opts o;
	struct trace t;

	init_once();
	if (trace_decode_binary(data, size, "fuzz-input", &decode_limits_fuzz, &t))
		return 0;	/* out of memory: not the input's fault */
	exec_opts_default(&o, &t);
	o.variant = fuzz_variant;
	o.check = CHECK_EVERY;
	o.reuse_boot = true;	/* the boot state of a geometry is built once */
	/* past the violations that do not count, to those that do */
	o.keep_going = crash_mask != (1u << NR_HAT_INV) - 1;
	trace_exec(&t, &o, &r);
	if (r.status == 1 && (r.fired & crash_mask) && have_unless &&
	    !reference_passes(&t, &o)) {
		snprintf(verdict, sizeof(verdict), "pass (the reference fails too)");
		trace_free(&t);
		return 0;
	}
	if (r.status == 2) {
		/* decoding is total: a geometry node_init() refuses is a harness bug */
		fprintf(stderr, "==hatrace fuzz== replay setup failed: %s\n", r.err);
		abort();
	}
	if (r.status == 1 && (r.fired & crash_mask)) {
		if (save_dir && no_abort) {
			keep_counted(&r);
			if (!save_input(data, size, &r)) {
				snprintf(verdict, sizeof(verdict), "FAIL (a signature already reported)");
				trace_free(&t);
				return 0;	/* known signature: no report */
			}
		}
		/* again, with the pageblock histories for the report */
		o.history = true;
		trace_exec(&t, &o, &r);
		keep_counted(&r);
		report(&t, &r);
		if (!no_abort)
			abort();
	} else if (r.status == 1) {
		char fired[128];

		snprintf(verdict, sizeof(verdict), "pass (not counted: %s)",
			 report_fired(r.fired, fired, sizeof(fired)));
	} else {
		snprintf(verdict, sizeof(verdict), "pass");
	}
	trace_free(&t);
	return 0;
}
