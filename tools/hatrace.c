// SPDX-License-Identifier: MIT
/*
 * hatrace.c - the hatrace command line tool: subcommand dispatch, the
 * top-level usage and the helpers the subcommands share.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd.h"
#include "load.h"

#ifndef HATRACE_VERSION
#define HATRACE_VERSION "unknown"
#endif

const struct command commands[] = {
	{ "replay", "replay traces with the invariant checker, report violations",
	  cmd_replay, usage_replay },
	{ "matrix", "verdict of traces under every preset and single patch",
	  cmd_matrix, usage_matrix },
	{ "convert", "convert a trace between the text and binary encodings",
	  cmd_convert, usage_convert },
	{ "minimize", "shrink a failing trace, keeping its failure signature",
	  cmd_minimize, usage_minimize },
	{ "gate", "check directories of traces against their expected verdicts",
	  cmd_gate, usage_gate },
	{ "dump", "run a trace and print the final zone state in kernel formats",
	  cmd_dump, usage_dump },
	{ "import", "turn a kmem ftrace, a /proc snapshot or an OOM report into a trace",
	  cmd_import, usage_import },
	{ "compare", "replay a capture directory and compare the model with the kernel's snapshots",
	  cmd_compare, usage_compare },
};
const unsigned int nr_commands = sizeof(commands) / sizeof(commands[0]);

static void usage_main(FILE *f)
{
	fprintf(f,
		"usage: hatrace COMMAND [OPTION]... ARG...\n"
		"       hatrace help COMMAND | hatrace COMMAND --help | hatrace --version\n"
		"\n"
		"Trace replay for the userspace model of the Linux v4.8 page allocator's\n"
		"MIGRATE_HIGHATOMIC reserve, with the invariant checker on.\n"
		"\n"
		"commands:\n");
	for (unsigned int i = 0; i < nr_commands; i++)
		fprintf(f, "  %-9s  %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\n"
		"Traces are text (docs/trace-format.md) or binary (starting with \"HTRB\");\n"
		"every command reads both.\n"
		"\n"
		"variants (--variant V): presets v4.8, v1 (the default), v4.10; single\n"
		"patches v1-1 .. v1-4, 88ed365ea227, 4855e4a7f29d, 04c8716f7b00,\n"
		"29fac03bef72, ac3f3b0a5518 (commits by a prefix of 4+ hex digits);\n"
		"combined as v4.8+v1-2, v4.10+ac3f, v1+no-v1-2.  Without --variant a\n"
		"trace runs under the variant in its header, else v1.\n"
		"\n"
		"exit codes:\n"
		"  0  all invariants held / success\n"
		"  1  an invariant was violated (gate, matrix: an unexpected verdict)\n"
		"  2  bad input or usage (the message names file and line or offset)\n"
		"\n"
		"example:\n"
		"  hatrace replay --variant v4.8 r2.trace\n");
}

static const struct command *find_command(const char *name)
{
	for (unsigned int i = 0; i < nr_commands; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	if (is_help(argv[1])) {
		usage_main(stdout);
		return EXIT_PASS;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("hatrace %s\n", HATRACE_VERSION);
		return EXIT_PASS;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc == 2) {
			usage_main(stdout);
			return EXIT_PASS;
		}
		if (argc > 3)
			return usage_error("help", "too many arguments");
		c = find_command(argv[2]);
		if (!c)
			return usage_error("help", "unknown command '%s' (commands: replay matrix convert minimize gate dump import compare)",
					   argv[2]);
		c->usage(stdout);
		return EXIT_PASS;
	}
	c = find_command(argv[1]);
	if (!c) {
		fprintf(stderr, "hatrace: unknown command '%s'\n", argv[1]);
		fprintf(stderr, "Try 'hatrace --help' for the list of commands.\n");
		return EXIT_USAGE;
	}
	/* import has subcommands with their own --help */
	for (int i = 2; i < argc && c->run != cmd_import; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (is_help(argv[i])) {
			c->usage(stdout);
			return EXIT_PASS;
		}
	}
	return c->run(argc - 1, argv + 1);
}

/* ---- helpers ---- */

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hatrace %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (find_command(cmd))
		fprintf(stderr, "Try 'hatrace %s --help'.\n", cmd);
	else
		fprintf(stderr, "Try 'hatrace --help'.\n");
	return EXIT_USAGE;
}

bool is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

bool is_option(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0';
}

int opt_value(const char *cmd, int argc, char **argv, int *i, const char *name,
	      const char **val)
{
	const char *arg = argv[*i];
	size_t len = strlen(name);

	if (strncmp(arg, name, len))
		return 0;
	if (arg[len] == '=') {
		*val = arg + len + 1;
		return 1;
	}
	if (arg[len] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		usage_error(cmd, "option '%s' needs a value", name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

int parse_variant_arg(const char *cmd, const char *name, struct hat_variant *v)
{
	char err[256];

	if (variant_parse(name, v, err, sizeof(err)))
		return usage_error(cmd, "%s", err);
	return 0;
}

const char *vname(const struct hat_variant *v, char buf[HAT_VARIANT_NAME_MAX])
{
	buf[0] = '\0';
	return variant_name(v, buf, HAT_VARIANT_NAME_MAX);
}

bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) || stat(b, &sb))
		return false;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

const char *path_base(const char *path)
{
	const char *s = strrchr(path, '/');

	if (s && s[1])
		return s + 1;
	return path;
}

bool has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	return n >= m && !strcmp(path + n - m, suffix);
}

int refuse_input(const char *cmd, const char *out, const char *in)
{
	if (!in || !strcmp(out, "-") || (strcmp(in, out) && !same_file(in, out)))
		return 0;
	fprintf(stderr, "hatrace %s: %s: refusing to overwrite the input (OUT is the same file as %s)\n",
		cmd, out, in);
	return EXIT_USAGE;
}

int refuse_existing(const char *cmd, const char *out, bool force)
{
	struct stat st;

	/* a regular file, or a dangling link; the rest is outfile_open()'s */
	if (force || lstat(out, &st) || (!stat(out, &st) && !S_ISREG(st.st_mode)))
		return 0;
	fprintf(stderr, "hatrace %s: %s: already exists (--force replaces it)\n", cmd, out);
	return EXIT_USAGE;
}

int open_output(const char *cmd, struct outfile *o, const char *out)
{
	char err[512];

	if (!outfile_open(o, out, err, sizeof(err)))
		return 0;
	fprintf(stderr, "hatrace %s: %s\n", cmd, err);
	return EXIT_USAGE;
}

int commit_output(const char *cmd, struct outfile *o)
{
	char err[512];

	if (!outfile_commit(o, err, sizeof(err)))
		return 0;
	fprintf(stderr, "hatrace %s: %s\n", cmd, err);
	return EXIT_USAGE;
}

int load_trace(const char *path, struct trace *t)
{
	char err[512];

	if (trace_load(path, t, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

/* Length of the valid UTF-8 sequence at @s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * Writes s to f: valid multi-byte UTF-8 sequences as they are, a byte that
 * starts no valid sequence as bad, each single-byte character through esc.
 */
static void write_escaped(FILE *f, const char *s, const char *bad, void (*esc)(FILE *, unsigned char))
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_len(p);

		if (!n) {
			fputs(bad, f);
			p++;
			continue;
		}
		if (n > 1) {
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		esc(f, *p);
		p++;
	}
}

static void json_char(FILE *f, unsigned char c)
{
	switch (c) {
	case '"': fputs("\\\"", f); break;
	case '\\': fputs("\\\\", f); break;
	case '\n': fputs("\\n", f); break;
	case '\r': fputs("\\r", f); break;
	case '\t': fputs("\\t", f); break;
	default:
		if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

static void xml_char(FILE *f, unsigned char c)
{
	switch (c) {
	case '&': fputs("&amp;", f); break;
	case '<': fputs("&lt;", f); break;
	case '>': fputs("&gt;", f); break;
	case '"': fputs("&quot;", f); break;
	case '\'': fputs("&apos;", f); break;
	case '\n': fputs("&#10;", f); break;
	case '\t': fputs("&#9;", f); break;
	case '\r': fputs("&#13;", f); break;
	default:
		/* XML 1.0 has no way to carry other control characters */
		fputc(c < 0x20 ? '?' : c, f);
	}
}

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	write_escaped(f, s, "\\ufffd", json_char);
	fputc('"', f);
}

void xml_string(FILE *f, const char *s)
{
	write_escaped(f, s, "&#xFFFD;", xml_char);
}

double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
