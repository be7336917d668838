// SPDX-License-Identifier: MIT
/*
 * fuzz_replay.c - the replay fuzz targets: one source, compiled once and
 * linked into every target with its variant (fuzz_variant.h, from
 * -DHAT_FUZZ_VARIANT="...", fuzz/meson.build): fuzz_highatomic (v1),
 * fuzz_v4_8, ..., fuzz_mainline, fuzz_v6_12_no_c928807f6f6b, ...; and
 * fuzz_highatomic_ci, v1 with -DHAT_FUZZ_KNOWN="...": the signatures of the
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
 *   HAT_FUZZ_ONLY=I4,I1   a crash only for a violation whose signature
 *                         one of these patterns matches (signature.h:
 *                         ID[:function[:detail]], e.g.
 *                         I6:__alloc_pages_may_oom:wmark-exit-L16)
 *   HAT_FUZZ_IGNORE=I6    never a crash for a violation these match
 *                         (either: the violations that do not count are
 *                         not reported and do not stop the replay; hunt
 *                         for one bug past others that are known:
 *                         `hatrace replay --only, --ignore` show the same)
 *   HAT_FUZZ_UNLESS=v1    differential: a violation counts only when this
 *                         variant passes the same input (no violation that
 *                         counts fires under it), so that a
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
#include "fuzz_variant.h"
#include "report.h"
#include "signature.h"
#include "text.h"
#include "model.h"

#include <unistd.h>

/* Print the whole trace with the report when it is this short. */
#define PRINT_TRACE_MAX_OPS	120

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *hat_fuzz_last_verdict(void);

static struct hat_variant fuzz_variant, unless_variant;
static bool have_unless;
static char variant_name_buf[HAT_VARIANT_NAME_MAX];
static bool inited, no_abort, quiet;
/* what counts: HAT_FUZZ_ONLY; HAT_FUZZ_IGNORE and HAT_FUZZ_KNOWN */
static struct signature_filter filter;
static bool filtering;
static char ignore_buf[1024];
static char verdict[512];
/* the options of every replay, set once (variant_parse() is not free) */
static struct exec_opts opts;

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

/* The patterns of @list (from @what), checked; aborts if one is bad. */
static const char *patterns(const char *what, const char *list)
{
	char err[160];

	if (signature_list_check(list, err, sizeof(err))) {
		fprintf(stderr, "fuzz: %s: %s\n", what, err);
		abort();
	}
	return list && *list ? list : NULL;
}

static void init_once(void)
{
	const char *unless, *ignore, *known;
	char err[256];

	if (inited)
		return;
	if (variant_parse(hat_fuzz_variant, &fuzz_variant, err, sizeof(err))) {
		fprintf(stderr, "fuzz: bad HAT_FUZZ_VARIANT '%s': %s\n", hat_fuzz_variant, err);
		abort();
	}
	variant_name(&fuzz_variant, variant_name_buf, sizeof(variant_name_buf));
	no_abort = env_on("HAT_FUZZ_NO_ABORT");
	quiet = env_on("HAT_FUZZ_QUIET");
	filter.only = patterns("HAT_FUZZ_ONLY", getenv("HAT_FUZZ_ONLY"));
	ignore = patterns("HAT_FUZZ_IGNORE", getenv("HAT_FUZZ_IGNORE"));
	known = patterns("HAT_FUZZ_KNOWN", hat_fuzz_known);
	if (ignore || known) {
		if ((size_t)snprintf(ignore_buf, sizeof(ignore_buf), "%s%s%s", known ? known : "",
				     known && ignore ? "," : "", ignore ? ignore : "") >=
		    sizeof(ignore_buf)) {
			fprintf(stderr, "fuzz: HAT_FUZZ_IGNORE: too long\n");
			abort();
		}
		filter.ignore = ignore_buf;
	}
	filtering = filter.only || filter.ignore;
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
	exec_opts_default(&opts, NULL);
	opts.variant = fuzz_variant;
	opts.check = CHECK_EVERY;
	opts.reuse_boot = true;	/* the boot state of a geometry is built once */
	opts.skip_state_hash = true;	/* nothing here reads it */
	if (filtering) {
		/* past the violations that do not count, to those that do */
		opts.counts = signature_counts;
		opts.counts_arg = &filter;
	}
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

/* A failing @r (status 1: its first recorded violation counts). */
static void report(const struct trace *t, const struct exec_result *r)
{
	const struct exec_violation *ev = &r->recorded[0];
	char fired[128], where[48] = "the end", sig[SIGNATURE_MAX];
	struct signature s;

	report_fired(r->fired, fired, sizeof(fired));
	if (ev->op_index < t->nr_ops)
		report_where(t, &t->ops[ev->op_index], where, sizeof(where));
	snprintf(verdict, sizeof(verdict), "%s in %s at op %u (%s)", fired,
		 ev->v.func ? ev->v.func : "?", ev->op_index, where);
	fprintf(stderr, "==hatrace fuzz== variant %s: FAIL %s\n", variant_name_buf, verdict);
	/* what triage deduplicates by (signature.h): one line to grep */
	signature_of(&ev->v, &s);
	fprintf(stderr, "==hatrace fuzz== signature %s\n", signature_format(&s, sig, sizeof(sig)));
	if (quiet)
		return;
	report_print(stderr, t, r, 0);
	if (t->nr_ops <= PRINT_TRACE_MAX_OPS) {
		fprintf(stderr, "\n==hatrace fuzz== the input as a text trace:\n");
		trace_print_text(stderr, t);
	}
	fprintf(stderr,
		"\n==hatrace fuzz== reproduce: hatrace convert --fuzz INPUT crash.trace && "
		"hatrace replay%s%s%s%s --variant %s crash.trace\n",
		filter.only ? " --only " : "", filter.only ? filter.only : "",
		filter.ignore ? " --ignore " : "", filter.ignore ? filter.ignore : "",
		variant_name_buf);
}

/* A file name character of a signature: ':' becomes '-'. */
static char name_char(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-')
		return c;
	return c == ':' ? '-' : '_';
}

/*
 * HAT_FUZZ_SAVE_DIR: save @data if its signature (the first violation of
 * @r, which counts) is new or it is smaller than what was saved for it.
 * Returns whether the signature is new to this process.
 */
static bool save_input(const uint8_t *data, size_t size, const struct exec_result *r)
{
	struct signature sig;
	struct saved_sig *ss = NULL;
	bool fresh = false;
	uint64_t h = 1469598103934665603ull;
	char path[4096], name[SIGNATURE_MAX];
	size_t n;
	FILE *f;

	signature_of(&r->recorded[0].v, &sig);
	for (unsigned int i = 0; i < nr_saved; i++)
		if (signature_equal(&saved[i].sig, &sig))
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
	signature_format(&sig, name, sizeof(name));
	for (n = 0; name[n]; n++)
		name[n] = name_char(name[n]);
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

/* HAT_FUZZ_UNLESS: whether no violation that counts fires under the reference. */
static bool reference_passes(const struct trace *t, const struct exec_opts *o)
{
	static struct exec_result ref;
	struct exec_opts ro = *o;

	ro.variant = unless_variant;
	trace_exec(t, &ro, &ref);
	return ref.status == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct exec_result r;	/* large: keep it off the stack */
	struct exec_opts o;
	struct trace t;

	init_once();
	if (trace_decode_binary(data, size, "fuzz-input", &decode_limits_fuzz, &t))
		return 0;	/* out of memory: not the input's fault */
	o = opts;	/* the replay with the histories below changes its copy */
	trace_exec(&t, &o, &r);
	if (r.status == 1 && have_unless && !reference_passes(&t, &o)) {
		snprintf(verdict, sizeof(verdict), "pass (the reference fails too)");
		trace_free(&t);
		return 0;
	}
	if (r.status == 2) {
		/* decoding is total: a geometry node_init() refuses is a harness bug */
		fprintf(stderr, "==hatrace fuzz== replay setup failed: %s\n", r.err);
		abort();
	}
	if (r.status == 1) {
		if (save_dir && no_abort) {
			if (!save_input(data, size, &r)) {
				snprintf(verdict, sizeof(verdict), "FAIL (a signature already reported)");
				trace_free(&t);
				return 0;	/* known signature: no report */
			}
		}
		/* again, with the pageblock histories for the report */
		o.history = true;
		trace_exec(&t, &o, &r);
		report(&t, &r);
		if (!no_abort)
			abort();
	} else if (r.uncounted) {
		char fired[128];

		snprintf(verdict, sizeof(verdict), "pass (not counted: %s)",
			 report_fired(r.uncounted, fired, sizeof(fired)));
	} else {
		snprintf(verdict, sizeof(verdict), "pass");
	}
	trace_free(&t);
	return 0;
}
