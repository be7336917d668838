// SPDX-License-Identifier: MIT
/*
 * cmd_import_oom.c - hatrace import oom: a kernel OOM or page allocation
 * failure report in, a trace that rebuilds its zones and replays the
 * failing request out (import/oom.h, docs/oom-reports.md).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "oom.h"

#define NAME		"import oom"
#define REPORT_MAX	(64u << 20)	/* reports are kilobytes; refuse anything absurd */

void usage_import_oom(FILE *f);

void usage_import_oom(FILE *f)
{
	fprintf(f,
		"usage: hatrace import oom [OPTION]... REPORT\n"
		"\n"
		"Read a kernel OOM report ('COMM invoked oom-killer: gfp_mask=... order=N')\n"
		"or page allocation failure report ('page allocation failure: order:N,\n"
		"mode:...') with its show_free_areas() lines, or a show_mem (sysrq-m) alone,\n"
		"v4.x or v6.x layout, dmesg or syslog prefixes and wrapped lines allowed,\n"
		"and write a trace whose header rebuilds each zone (span, managed pages,\n"
		"watermarks, lowmem_reserve, NR_FREE_PAGES from free:, the free buddies on\n"
		"the lists the type letters name, the HighAtomic blocks and counter) and\n"
		"whose ops replay the failing request with a reclaim model that makes no\n"
		"progress (docs/oom-reports.md).  REPORT '-' is stdin.\n"
		"\n"
		"options:\n"
		"  -o, --output OUT            write the trace to OUT (default: stdout)\n"
		"  --report N                  the N-th report of the file (a saved dmesg may\n"
		"                              hold several; a show_mem counts); default: the\n"
		"                              first with a request line, else a show_mem,\n"
		"                              imported as the zone state without a request\n"
		"  --reserved-highatomic N     nr_reserved_highatomic of the zone, in pages (a\n"
		"                              multiple of pageblock_nr_pages): a drifted\n"
		"                              counter; default: reserved_highatomic: of a\n"
		"                              v6.x report, else exact accounting\n"
		"  --zone Z                    the zone --reserved-highatomic applies to (DMA,\n"
		"                              DMA32, Normal; default: the highest zone with\n"
		"                              free HighAtomic pages)\n"
		"  --pageblock-order N         the machine's pageblock_order (default 9, x86-64)\n"
		"  --variant V                 the trace's default variant (default v4.8)\n"
		"  --expect RULE               add an expect rule, e.g. '+v1-3 : pass' (repeat;\n"
		"                              the first matching rule wins)\n"
		"\n"
		"Warnings (zones or lines skipped, a drifted counter, flags without a v4.8\n"
		"equivalent) go to stderr and into the trace as comments.\n"
		"\n"
		"exit codes: 0 written, 2 bad usage or a malformed report (REPORT:LINE: why)\n"
		"\n"
		"example:\n"
		"  hatrace import oom dmesg.txt -o oom.trace && hatrace matrix oom.trace\n");
}

static int oom_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "hatrace " NAME ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'hatrace " NAME " --help'.\n");
	return EXIT_USAGE;
}

static int read_all(const char *path, char **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 1 << 16, n = 0;
	char *b;

	if (!f) {
		fprintf(stderr, "hatrace " NAME ": %s: cannot open: %s\n", path, strerror(errno));
		return -1;
	}
	b = malloc(cap);
	while (b) {
		size_t got = fread(b + n, 1, cap - n, f);

		n += got;
		if (n < cap)
			break;
		if (cap >= REPORT_MAX) {
			fprintf(stderr, "hatrace " NAME ": %s: larger than %u MiB: not a report\n",
				path, REPORT_MAX >> 20);
			free(b);
			b = NULL;
			goto out;
		}
		cap *= 2;
		{
			char *nb = realloc(b, cap);

			if (!nb)
				free(b);
			b = nb;
		}
	}
	if (!b) {
		fprintf(stderr, "hatrace " NAME ": out of memory\n");
		goto out;
	}
	if (ferror(f)) {
		fprintf(stderr, "hatrace " NAME ": %s: cannot read: %s\n", path, strerror(errno));
		free(b);
		b = NULL;
	}
out:
	if (f != stdin)
		fclose(f);
	*buf = b;
	*len = n;
	return b ? 0 : -1;
}

/* Append @arg to the recorded command line, quoted for a POSIX shell if needed. */
static void cmdline_add(char *buf, size_t size, const char *arg)
{
	size_t n = strlen(buf);
	bool plain = *arg != '\0';

	for (const char *p = arg; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-=/:,", *p))
			plain = false;
	if (n + 1 < size)
		buf[n++] = ' ';
	if (plain) {
		snprintf(buf + n, size - n, "%s", arg);
		return;
	}
	if (n + 1 < size)
		buf[n++] = '\'';
	for (const char *p = arg; *p && n + 5 < size; p++) {
		if (*p == '\'') {
			memcpy(buf + n, "'\\''", 4);
			n += 4;
		} else {
			buf[n++] = *p >= 0x20 && *p <= 0x7e ? *p : '?';
		}
	}
	if (n + 1 < size)
		buf[n++] = '\'';
	buf[n < size ? n : size - 1] = '\0';
}

static bool parse_count(const char *s, long long max, long long *v)
{
	char *end;
	long long x;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	x = strtoll(s, &end, 0);
	if (errno || *end || x < 0 || x > max)
		return false;
	*v = x;
	return true;
}

int cmd_import_oom(int argc, char **argv);

int cmd_import_oom(int argc, char **argv)
{
	struct oom_options o;
	struct oom_report *r = NULL;
	struct outfile of;
	const char *report = NULL, *shown, *out = NULL, *val;
	char opts[1024] = "", cmdline[1536], err[1024];
	char *buf = NULL, *text = NULL;
	size_t len = 0;
	bool operands = false;
	int rc, ret = EXIT_USAGE;

	oom_options_default(&o);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		long long v;

		if (!operands && !strcmp(a, "--")) {
			operands = true;
			continue;
		}
		if (!operands && is_help(a)) {
			usage_import_oom(stdout);
			return EXIT_PASS;
		}
		if (!operands && (!strcmp(a, "-o") || !strncmp(a, "--output", 8))) {
			if (!strcmp(a, "-o")) {
				if (i + 1 >= argc)
					return oom_usage_error("option '%s' needs a value", a);
				out = argv[++i];
				continue;
			}
			rc = opt_value(NAME, argc, argv, &i, "--output", &val);
			if (rc < 0)
				return EXIT_USAGE;
			if (rc > 0) {
				out = val;
				continue;
			}
		}
		if (!operands && (rc = opt_value(NAME, argc, argv, &i, "--reserved-highatomic", &val))) {
			if (rc < 0)
				return EXIT_USAGE;
			if (!parse_count(val, 1LL << 40, &v))
				return oom_usage_error("--reserved-highatomic: '%s' is not a page count", val);
			o.reserved_highatomic = v;
			cmdline_add(opts, sizeof(opts), "--reserved-highatomic");
			cmdline_add(opts, sizeof(opts), val);
			continue;
		}
		if (!operands && (rc = opt_value(NAME, argc, argv, &i, "--report", &val))) {
			if (rc < 0)
				return EXIT_USAGE;
			if (!parse_count(val, 1 << 20, &v) || v < 1)
				return oom_usage_error(
					"--report: '%s' is not a report number (1, 2, ...)", val);
			o.report = (unsigned int)v;
			cmdline_add(opts, sizeof(opts), "--report");
			cmdline_add(opts, sizeof(opts), val);
			continue;
		}
		if (!operands && (rc = opt_value(NAME, argc, argv, &i, "--zone", &val))) {
			if (rc < 0)
				return EXIT_USAGE;
			o.zone = zone_lookup(val, strlen(val));
			if (o.zone < 0)
				return oom_usage_error("--zone: unknown zone '%s' (DMA, DMA32, Normal)", val);
			cmdline_add(opts, sizeof(opts), "--zone");
			cmdline_add(opts, sizeof(opts), val);
			continue;
		}
		if (!operands && (rc = opt_value(NAME, argc, argv, &i, "--pageblock-order", &val))) {
			if (rc < 0)
				return EXIT_USAGE;
			if (!parse_count(val, HAT_MAX_ORDER_LIMIT - 1, &v) || v < 1)
				return oom_usage_error("--pageblock-order: '%s' is not in 1 .. 13", val);
			o.pb_order = (unsigned int)v;
			cmdline_add(opts, sizeof(opts), "--pageblock-order");
			cmdline_add(opts, sizeof(opts), val);
			continue;
		}
		if (!operands && (rc = opt_value(NAME, argc, argv, &i, "--variant", &val))) {
			if (rc < 0)
				return EXIT_USAGE;
			if (variant_parse(val, &o.variant, err, sizeof(err))) {
				fprintf(stderr, "hatrace " NAME ": --variant: %s\n", err);
				return EXIT_USAGE;
			}
			o.has_variant = true;
			cmdline_add(opts, sizeof(opts), "--variant");
			cmdline_add(opts, sizeof(opts), val);
			continue;
		}
		if (!operands && (rc = opt_value(NAME, argc, argv, &i, "--expect", &val))) {
			if (rc < 0)
				return EXIT_USAGE;
			if (o.nr_rules >= TRACE_MAX_RULES)
				return oom_usage_error("--expect: more than %s rules", "32");
			if (oom_parse_expect(val, &o.rules[o.nr_rules], err, sizeof(err))) {
				fprintf(stderr, "hatrace " NAME ": --expect: %s\n", err);
				return EXIT_USAGE;
			}
			o.nr_rules++;
			cmdline_add(opts, sizeof(opts), "--expect");
			cmdline_add(opts, sizeof(opts), val);
			continue;
		}
		if (!operands && is_option(a))
			return oom_usage_error("unknown option '%s'", a);
		if (report)
			return oom_usage_error("more than one REPORT ('%s')", a);
		report = a;
	}
	if (!report)
		return oom_usage_error("%s", "no REPORT given");
	if (refuse_input(NAME, out ? out : "-", strcmp(report, "-") ? report : NULL) ||
	    open_output(NAME, &of, out ? out : "-"))
		return EXIT_USAGE;
	if (read_all(report, &buf, &len))
		goto out;
	o.source = strcmp(report, "-") ? path_base(report) : "<stdin>";
	{
		/* the report first, as it would be typed from its directory */
		size_t n, m = strlen(opts);

		strcpy(cmdline, "hatrace import oom");
		cmdline_add(cmdline, sizeof(cmdline) - sizeof(opts), o.source);
		n = strlen(cmdline);
		memcpy(cmdline + n, opts, m + 1);
	}
	o.command = cmdline;
	r = calloc(1, sizeof(*r));
	if (!r) {
		fprintf(stderr, "hatrace " NAME ": out of memory\n");
		goto out;
	}
	shown = strcmp(report, "-") ? report : "<stdin>";
	rc = oom_import(buf, len, shown, &o, r, &text, err, sizeof(err));
	for (unsigned int i = 0; i < r->nr_notes; i++) {
		if (r->note_line[i])
			fprintf(stderr, "hatrace " NAME ": %s:%u: warning: %s\n", shown,
				r->note_line[i], r->notes[i]);
		else
			fprintf(stderr, "hatrace " NAME ": %s: warning: %s\n", shown, r->notes[i]);
	}
	if (rc) {
		fprintf(stderr, "hatrace " NAME ": %s\n", err);
		goto out;
	}
	fputs(text, of.f);
	if (commit_output(NAME, &of))
		goto out;
	if (out && strcmp(out, "-") && r->request_line)
		fprintf(stderr, "hatrace " NAME ": %s: wrote %s (request line %u: %s, order %u)\n",
			shown, out, r->request_line, r->is_oom ? "OOM kill" : "allocation failure",
			r->order);
	else if (out && strcmp(out, "-"))
		fprintf(stderr, "hatrace " NAME ": %s: wrote %s (show_mem at line %u: the zone state, no request)\n",
			shown, out, r->report_line);
	ret = EXIT_PASS;
out:
	outfile_abort(&of);
	free(text);
	free(buf);
	free(r);
	return ret;
}
