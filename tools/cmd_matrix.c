// SPDX-License-Identifier: MIT
/*
 * cmd_matrix.c - hatrace matrix: the verdict of each trace under every
 * preset and single patch of every era (and optionally the cumulative
 * columns, spec §4.2), checked against the trace's expect rules.  The
 * columns are the eras' (struct hat_era_names).
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "load.h"
#include "report.h"

/* Columns of every era: its single columns first, then the cumulative ones. */
#define MAX_COLS	64

static const struct hat_column *columns[MAX_COLS];
static unsigned int nr_single, nr_cols;

static void add_columns(const struct hat_column *c, unsigned int n)
{
	for (unsigned int i = 0; i < n && nr_cols < MAX_COLS; i++)
		columns[nr_cols++] = &c[i];
}

static void collect_columns(bool cumulative)
{
	nr_cols = 0;
	for (uint8_t e = 1; e <= hat_nr_eras(); e++)
		add_columns(era_names(e)->columns, era_names(e)->nr_columns);
	nr_single = nr_cols;
	for (uint8_t e = 1; cumulative && e <= hat_nr_eras(); e++)
		add_columns(era_names(e)->cumulative, era_names(e)->nr_cumulative);
}

/* The variants of columns [from, to), wrapped, as the usage lists them. */
static void print_variants(FILE *f, unsigned int from, unsigned int to)
{
	size_t w = 0;

	for (unsigned int i = from; i < to; i++) {
		const char *v = columns[i]->variant;

		if (w && w + strlen(v) + 2 > 78) {
			fputc('\n', f);
			w = 0;
		}
		w += (size_t)fprintf(f, "%s%s%s", w ? " " : "  ", v, i + 1 < to ? "," : "\n");
	}
}

void usage_matrix(FILE *f)
{
	collect_columns(true);
	fprintf(f,
		"usage: hatrace matrix [--json] [--cumulative] FILE...\n"
		"\n"
		"Replays each trace (to its end, through violations) under every preset and\n"
		"single patch of every era:\n");
	print_variants(f, 0, nr_single);
	fprintf(f,
		"and prints one row per file.  A cell is 'pass' or the invariants that fired;\n"
		"a trailing '!' marks a cell that differs from the trace's expect rules.\n"
		"For a trace imported from an OOM report (an alloc marked 'report') the cell\n"
		"adds what became of the report's request: /served, /OOM-kill, /stalled (at\n"
		"the livelock bound) or /failed, e.g. 'I6/OOM-kill'.\n"
		"\n"
		"options:\n"
		"  --json            a JSON array of {\"file\", \"variant\", \"fired\", \"expected\",\n"
		"                    [\"request\",] \"ok\"} objects instead of the table (expected\n"
		"                    is null when no expect rule matches the variant)\n"
		"  --cumulative      also the spec's cumulative columns (each series applied\n"
		"                    cumulatively):\n");
	print_variants(f, nr_single, nr_cols);
	fprintf(f,
		"  -h, --help        this text\n"
		"\n"
		"exit codes: 0 every cell as expected (or no expectation), 1 a cell differs\n"
		"from the expect rules, 2 a file could not be loaded (then only the errors\n"
		"are printed, before any replay) or run\n"
		"\n"
		"example:\n"
		"  hatrace matrix corpus/regression/*.trace\n");
}

struct cell {
	int status;		/* trace_exec(): 0, 1, 2 */
	hat_invset fired;
	enum request_outcome request;	/* of the report's request, if the trace has one */
	long expected;		/* -1: no rule */
};

struct row {
	const char *path;
	struct cell cells[MAX_COLS];
};

static bool cell_ok(const struct cell *c)
{
	return c->status != 2 && (c->expected < 0 || (unsigned long)c->expected == c->fired);
}

static void cell_text(const struct cell *c, char *buf, size_t len)
{
	if (c->status == 2) {
		snprintf(buf, len, "error");
		return;
	}
	report_fired(c->fired, buf, len);
	if (c->request != REQUEST_NONE)
		snprintf(buf + strlen(buf), len - strlen(buf), "/%s",
			 request_outcome_name(c->request));
	if (!cell_ok(c))
		strncat(buf, "!", len - strlen(buf) - 1);
}

static int run_row(struct row *row, const struct hat_variant *vars, unsigned int ncols)
{
	struct exec_result *r;
	struct exec_opts o;
	struct trace t;

	if (open_trace_exec(row->path, &t, &r))
		return -1;
	for (unsigned int c = 0; c < ncols; c++) {
		struct cell *cell = &row->cells[c];
		unsigned int prev;

		/* the same patch set as an earlier column: same verdict */
		for (prev = 0; prev < c; prev++)
			if (variant_equal(&vars[prev], &vars[c]))
				break;
		if (prev < c) {
			*cell = row->cells[prev];
			continue;
		}
		exec_opts_default(&o, &t);
		o.variant = vars[c];
		o.keep_going = true;
		cell->status = trace_exec(&t, &o, r);
		cell->fired = r->fired;
		cell->request = r->stats.request;
		cell->expected = trace_expected(&t, &vars[c]);
		if (cell->status == 2)
			fprintf(stderr, "%s: cannot replay: %s\n", row->path, r->err);
	}
	trace_free(&t);
	free(r);
	return 0;
}

static void print_table(const struct row *rows, unsigned int nrows, unsigned int from,
			unsigned int to)
{
	size_t w0 = strlen("trace"), w[MAX_COLS];
	char buf[160];

	for (unsigned int i = 0; i < nrows; i++)
		if (strlen(path_base(rows[i].path)) > w0)
			w0 = strlen(path_base(rows[i].path));
	for (unsigned int c = from; c < to; c++) {
		w[c] = strlen(columns[c]->label);
		for (unsigned int i = 0; i < nrows; i++) {
			cell_text(&rows[i].cells[c], buf, sizeof(buf));
			if (strlen(buf) > w[c])
				w[c] = strlen(buf);
		}
	}
	printf("%-*s", (int)w0, "trace");
	for (unsigned int c = from; c < to; c++)
		printf("  %-*s", (int)w[c], columns[c]->label);
	printf("\n");
	for (unsigned int i = 0; i < nrows; i++) {
		printf("%-*s", (int)w0, path_base(rows[i].path));
		for (unsigned int c = from; c < to; c++) {
			cell_text(&rows[i].cells[c], buf, sizeof(buf));
			printf("  %-*s", (int)w[c], buf);
		}
		printf("\n");
	}
}

static void print_json(const struct row *rows, unsigned int nrows,
		       const struct hat_variant *vars, unsigned int ncols)
{
	char vbuf[HAT_VARIANT_NAME_MAX];
	bool first = true;

	printf("[");
	for (unsigned int i = 0; i < nrows; i++) {
		for (unsigned int c = 0; c < ncols; c++) {
			const struct cell *cell = &rows[i].cells[c];
			unsigned int prev;

			for (prev = 0; prev < c; prev++)
				if (variant_equal(&vars[prev], &vars[c]))
					break;
			if (prev < c)
				continue;	/* one object per distinct variant */
			printf("%s\n  {\"file\": ", first ? "" : ",");
			first = false;
			json_string(stdout, rows[i].path);
			printf(", \"variant\": ");
			json_string(stdout, vname(&vars[c], vbuf));
			printf(", \"fired\": [");
			for (int k = 0, n = 0; k < NR_HAT_INV; k++)
				if (cell->fired & HAT_INV_BIT(k))
					printf("%s\"%s\"", n++ ? ", " : "", inv_name((enum hat_inv)k));
			printf("], \"expected\": ");
			if (cell->expected < 0) {
				printf("null");
			} else {
				printf("[");
				for (int k = 0, n = 0; k < NR_HAT_INV; k++)
					if ((hat_invset)cell->expected & HAT_INV_BIT(k))
						printf("%s\"%s\"", n++ ? ", " : "",
						       inv_name((enum hat_inv)k));
				printf("]");
			}
			if (cell->request != REQUEST_NONE)
				printf(", \"request\": \"%s\"", request_outcome_name(cell->request));
			if (cell->status == 2)
				printf(", \"error\": true");
			printf(", \"ok\": %s}", cell_ok(cell) ? "true" : "false");
		}
	}
	printf("%s]\n", first ? "" : "\n");
}

struct matrix_args {
	bool json, cumulative;
};

/* --json, --cumulative into the struct matrix_args @ctx (opt_fn). */
static int matrix_opt(const char *cmd, int argc, char **argv, int *i, void *ctx)
{
	struct matrix_args *a = ctx;

	(void)cmd;
	(void)argc;
	if (!strcmp(argv[*i], "--json"))
		a->json = true;
	else if (!strcmp(argv[*i], "--cumulative"))
		a->cumulative = true;
	else
		return 0;
	return 1;
}

int cmd_matrix(int argc, char **argv)
{
	struct hat_variant vars[MAX_COLS];
	struct matrix_args a = { 0 };
	int nfiles, ret = EXIT_PASS;
	bool requests = false;
	unsigned int ncols;
	struct row *rows;

	if (parse_args("matrix", argc, argv, NULL, matrix_opt, &a, &nfiles))
		return EXIT_USAGE;
	if (!nfiles)
		return usage_error("matrix", "no trace file given");
	collect_columns(a.cumulative);
	ncols = nr_cols;
	for (unsigned int c = 0; c < ncols; c++) {
		char err[256];

		if (variant_parse(columns[c]->variant, &vars[c], err, sizeof(err))) {
			fprintf(stderr, "hatrace matrix: internal error: %s\n", err);
			return EXIT_USAGE;
		}
	}
	if (nfiles > 1 && check_traces(argv, nfiles))	/* (one: checked by run_row) */
		return EXIT_USAGE;
	rows = calloc((size_t)nfiles, sizeof(*rows));
	if (!rows) {
		fprintf(stderr, "hatrace matrix: out of memory\n");
		return EXIT_USAGE;
	}
	for (int i = 0; i < nfiles; i++) {
		rows[i].path = argv[i];
		if (run_row(&rows[i], vars, ncols)) {
			free(rows);	/* the error alone, no table */
			return EXIT_USAGE;
		}
		for (unsigned int c = 0; c < ncols; c++) {
			requests |= rows[i].cells[c].request != REQUEST_NONE;
			if (rows[i].cells[c].status == 2)
				ret = EXIT_USAGE;
			else if (!cell_ok(&rows[i].cells[c]) && ret == EXIT_PASS)
				ret = EXIT_VIOLATION;
		}
	}
	if (a.json) {
		print_json(rows, (unsigned int)nfiles, vars, ncols);
	} else {
		print_table(rows, (unsigned int)nfiles, 0, nr_single);
		printf("legend: pass = no invariant fired; I1,I4 = the invariants that fired (run to the end);\n"
		       "        ! = differs from the trace's expect rules;");
		for (uint8_t e = 1; e <= hat_nr_eras(); e++)
			printf(" %s", era_names(e)->legend);
		printf("\n");
		if (requests)
			printf("        /served, /OOM-kill, /stalled, /failed = what became of the request of an\n"
			       "        imported OOM report (the alloc marked 'report').\n");
		if (a.cumulative) {
			printf("\nspec section 4.2 columns (each series applied cumulatively):\n");
			print_table(rows, (unsigned int)nfiles, nr_single, nr_cols);
			printf("legend: ..+X = the column to the left plus patch X;");
			for (uint8_t e = 1; e <= hat_nr_eras(); e++)
				printf(" %s", era_names(e)->cumulative_legend);
			printf("\n");
		}
	}
	free(rows);
	return ret;
}
