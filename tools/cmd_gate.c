// SPDX-License-Identifier: MIT
/*
 * cmd_gate.c - hatrace gate: replay every trace of a corpus and compare
 * the invariants that fired with the verdict its header expects, for CI
 * (one line per trace, a summary, optionally JUnit XML).
 */
#define _POSIX_C_SOURCE 200809L	/* opendir, lstat */

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "load.h"
#include "report.h"

void usage_gate(FILE *f)
{
	fprintf(f,
		"usage: hatrace gate [--variant V [--same-era]] [--junit FILE] DIR|FILE...\n"
		"\n"
		"Collects the *.trace and *.bin files under each DIR (recursively, sorted by\n"
		"path; symbolic links to directories are not followed) and each FILE, replays\n"
		"each to its end and compares the set of invariants that fired with the\n"
		"trace's expect rules for the variant.  A trace without a rule for the\n"
		"variant, or one that does not load, is an error.  Prints one line per\n"
		"trace (ok / UNEXPECTED: expected ..., got ... / ERROR: ...) and a summary:\n"
		"  gate: N traces, N as expected, N unexpected, N errors\n"
		"A DIR or FILE argument that cannot be read, a FILE that does not load, or\n"
		"an unwritable --junit FILE is reported before any replay.\n"
		"\n"
		"options:\n"
		"  --variant V       replay every trace under V (default: each trace's header\n"
		"                    variant, or v1 if it names none)\n"
		"  --same-era        with --variant V: judge only the traces of V's era (their\n"
		"                    expect rules name its patches); the others are listed as\n"
		"                    'skipped (era N)' and counted apart (JUnit <skipped/>)\n"
		"  --junit FILE      also write the results as JUnit XML to FILE (an\n"
		"                    unexpected verdict is a <failure>, a trace that could\n"
		"                    not be judged an <error>); FILE is replaced only once\n"
		"                    complete\n"
		"  -h, --help        this text\n"
		"\n"
		"exit codes: 0 every verdict as expected, 1 an unexpected verdict or an error\n"
		"in a trace found in a DIR, 2 usage, a FILE/DIR argument that cannot be\n"
		"read or loaded, an unwritable --junit FILE, or no trace found at all\n"
		"\n"
		"example:\n"
		"  hatrace gate --junit gate.xml corpus/\n");
}

enum verdict { V_OK, V_UNEXPECTED, V_ERROR, V_SKIPPED };

struct entry {
	char *path;
	bool from_arg;		/* named on the command line */
	enum verdict verdict;
	char msg[640];		/* the line after "PATH: " */
	double seconds;
};

struct list {
	struct entry *e;
	size_t n, cap;
};

static int add(struct list *l, const char *path, bool from_arg)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct entry *e = realloc(l->e, cap * sizeof(*e));

		if (!e)
			return -1;
		l->e = e;
		l->cap = cap;
	}
	memset(&l->e[l->n], 0, sizeof(l->e[0]));
	l->e[l->n].path = strdup(path);
	if (!l->e[l->n].path)
		return -1;
	l->e[l->n].from_arg = from_arg;
	l->n++;
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

/* Collect the traces under @dir into @l; 0, or -1 with a message printed. */
static int walk(struct list *l, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d) {
		fprintf(stderr, "hatrace gate: %s: cannot open directory: %s\n", dir, strerror(errno));
		return -1;
	}
	while (!ret && (de = readdir(d))) {
		size_t n = strlen(dir) + strlen(de->d_name) + 2;
		struct stat st;
		char *p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = malloc(n);
		if (!p) {
			fprintf(stderr, "hatrace gate: out of memory\n");
			ret = -1;
			break;
		}
		snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		if (lstat(p, &st)) {
			fprintf(stderr, "hatrace gate: %s: %s\n", p, strerror(errno));
			ret = -1;
		} else if (S_ISDIR(st.st_mode)) {
			ret = walk(l, p);
		} else if ((has_suffix(p, ".trace") || has_suffix(p, ".bin")) &&
			   (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) {
			if (add(l, p, false)) {
				fprintf(stderr, "hatrace gate: out of memory\n");
				ret = -1;
			}
		}
		free(p);
	}
	closedir(d);
	return ret;
}

/* @same_era: a trace of another era than --variant's is skipped, not judged. */
static void run_entry(struct entry *e, const struct variant_opt *variant, bool same_era,
		      struct exec_result *r)
{
	char err[512], vbuf[HAT_VARIANT_NAME_MAX], got[128], want[128];
	double t0 = now_seconds();
	struct exec_opts o;
	struct trace t;
	long expected;

	if (trace_load(e->path, &t, err, sizeof(err))) {
		e->verdict = V_ERROR;
		snprintf(e->msg, sizeof(e->msg), "ERROR: %s", err);
		goto out;
	}
	if (same_era && trace_era(&t.hdr) != variant_era(&variant->v)) {
		e->verdict = V_SKIPPED;
		snprintf(e->msg, sizeof(e->msg), "skipped (era %u)", trace_era(&t.hdr));
		goto out;
	}
	exec_opts_for(&o, &t, variant);
	o.keep_going = true;
	vname(&o.variant, vbuf);
	expected = trace_expected(&t, &o.variant);
	if (trace_exec(&t, &o, r) == 2) {
		e->verdict = V_ERROR;
		snprintf(e->msg, sizeof(e->msg), "ERROR: cannot replay: %s", r->err);
	} else if (expected < 0) {
		e->verdict = V_ERROR;
		snprintf(e->msg, sizeof(e->msg), "ERROR: no expected verdict for variant %s (got %s)",
			 vbuf, report_fired(r->fired, got, sizeof(got)));
	} else if ((unsigned long)expected != r->fired) {
		e->verdict = V_UNEXPECTED;
		snprintf(e->msg, sizeof(e->msg), "UNEXPECTED: expected %s, got %s (variant %s)",
			 report_fired((hat_invset)expected, want, sizeof(want)),
			 report_fired(r->fired, got, sizeof(got)), vbuf);
	} else {
		e->verdict = V_OK;
		snprintf(e->msg, sizeof(e->msg), "ok (variant %s: %s)", vbuf,
			 report_fired(r->fired, got, sizeof(got)));
	}
out:
	trace_free(&t);
	e->seconds = now_seconds() - t0;
}

/*
 * The results as JUnit XML: an unexpected verdict is a <failure>, a trace
 * that could not be judged (not loaded, not replayed, no expect rule for
 * the variant) an <error>.
 */
static void write_junit(FILE *f, const struct list *l, size_t unexpected, size_t errors,
			size_t skipped, double seconds)
{
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites name=\"hatrace gate\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%.3f\">\n",
		l->n, unexpected, errors, seconds);
	fprintf(f, "  <testsuite name=\"hatrace.gate\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
		l->n, unexpected, errors, skipped, seconds);
	for (size_t i = 0; i < l->n; i++) {
		const struct entry *e = &l->e[i];
		const char *tag = e->verdict == V_ERROR ? "error" : "failure";

		fprintf(f, "    <testcase classname=\"hatrace.gate\" name=\"");
		xml_string(f, e->path);
		fprintf(f, "\" time=\"%.3f\"", e->seconds);
		if (e->verdict == V_OK) {
			fprintf(f, "/>\n");
			continue;
		}
		if (e->verdict == V_SKIPPED) {
			fprintf(f, ">\n      <skipped message=\"");
			xml_string(f, e->msg);
			fprintf(f, "\"/>\n    </testcase>\n");
			continue;
		}
		fprintf(f, ">\n      <%s type=\"%s\" message=\"", tag,
			e->verdict == V_ERROR ? "error" : "unexpected");
		xml_string(f, e->msg);
		fprintf(f, "\">");
		xml_string(f, e->path);
		fprintf(f, ": ");
		xml_string(f, e->msg);
		fprintf(f, "</%s>\n    </testcase>\n", tag);
	}
	fprintf(f, "  </testsuite>\n</testsuites>\n");
}

struct gate_args {
	const char *junit;
	bool same_era;
};

/* --junit FILE, --same-era into the struct gate_args @ctx (opt_fn). */
static int gate_opt(const char *cmd, int argc, char **argv, int *i, void *ctx)
{
	struct gate_args *a = ctx;
	const char *val;
	int k;

	if (!strcmp(argv[*i], "--same-era")) {
		a->same_era = true;
		return 1;
	}
	k = opt_value(cmd, argc, argv, i, "--junit", &val);
	if (k <= 0)
		return k;
	if (!*val) {
		usage_error(cmd, "--junit needs a file name");
		return -1;
	}
	a->junit = val;
	return 1;
}

/*
 * The traces of the DIR and FILE arguments into @l, each FILE loaded once
 * to check it: 0, or -1 with every bad argument reported.
 */
static int collect(struct list *l, int nargs, char **argv)
{
	bool bad = false;

	for (int i = 0; i < nargs; i++) {
		struct stat st;
		size_t first = l->n;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "hatrace gate: %s: cannot open: %s\n", argv[i], strerror(errno));
			bad = true;
		} else if (S_ISDIR(st.st_mode)) {
			if (walk(l, argv[i]))
				bad = true;
			else if (l->n > first)
				qsort(l->e + first, l->n - first, sizeof(*l->e), by_path);
		} else if (check_traces(&argv[i], 1)) {
			bad = true;
		} else if (add(l, argv[i], true)) {
			fprintf(stderr, "hatrace gate: out of memory\n");
			return -1;
		}
	}
	if (!bad && !l->n) {
		fprintf(stderr, "hatrace gate: no *.trace or *.bin file found\n");
		bad = true;
	}
	return bad ? -1 : 0;
}

/* --junit FILE: not one of the traces, and created before any replay. */
static int open_junit(struct outfile *of, const char *junit, const struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (refuse_input("gate", junit, l->e[i].path))
			return EXIT_USAGE;
	return open_output("gate", of, junit);
}

int cmd_gate(int argc, char **argv)
{
	struct variant_opt variant = { 0 };
	bool arg_error = false;
	struct gate_args a = { 0 };
	size_t as_expected = 0, unexpected = 0, errors = 0, skipped = 0;
	struct outfile of = { 0 };
	struct list l = { 0 };
	struct exec_result *r = NULL;
	int nargs, ret = EXIT_USAGE;
	double t0 = now_seconds();

	if (parse_args("gate", argc, argv, &variant, gate_opt, &a, &nargs))
		return EXIT_USAGE;
	if (!nargs)
		return usage_error("gate", "no directory or trace file given");
	if (a.same_era && !variant.given)
		return usage_error("gate", "--same-era needs --variant");
	if (collect(&l, nargs, argv) || (a.junit && open_junit(&of, a.junit, &l)))
		goto out;
	r = malloc(sizeof(*r));
	if (!r) {
		fprintf(stderr, "hatrace gate: out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		struct entry *e = &l.e[i];

		run_entry(e, &variant, a.same_era, r);
		printf("%s: %s\n", e->path, e->msg);
		fflush(stdout);
		switch (e->verdict) {
		case V_OK:
			as_expected++;
			break;
		case V_UNEXPECTED:
			unexpected++;
			break;
		case V_ERROR:
			errors++;
			arg_error |= e->from_arg;
			break;
		case V_SKIPPED:
			skipped++;
			break;
		}
	}
	printf("gate: %zu trace%s, %zu as expected, %zu unexpected, %zu error%s", l.n,
	       l.n == 1 ? "" : "s", as_expected, unexpected, errors, errors == 1 ? "" : "s");
	if (a.same_era)
		printf(", %zu skipped (another era)", skipped);
	printf("\n");
	if (a.junit) {
		write_junit(of.f, &l, unexpected, errors, skipped, now_seconds() - t0);
		if (commit_output("gate", &of))
			goto out;
	}
	ret = arg_error ? EXIT_USAGE : unexpected || errors ? EXIT_VIOLATION : EXIT_PASS;
out:
	if (a.junit)
		outfile_abort(&of);
	free(r);
	for (size_t i = 0; i < l.n; i++)
		free(l.e[i].path);
	free(l.e);
	return ret;
}
