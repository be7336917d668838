// SPDX-License-Identifier: MIT
/*
 * cmd_matrix.c - hatrace matrix: the verdict of each trace under its
 * era's columns (struct hat_era_names: each preset and single patch, and
 * optionally the cumulative ones, spec §4.2), checked against the trace's
 * expect rules.  An era that names its sets as presets less patches
 * (names_remove, era 2) also has each preset without each of its patches
 * (variant_without()) run, shown where the verdict moves.
 */#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "load.h"
#include "report.h"

/* a later era: each preset, then each preset less each patch */
#define MAX_GRID_COLS	(8 * 65)

/* For the usage: every era's columns, its single ones first, then the cumulative ones. */
#define MAX_USAGE_COLS	64

static const struct hat_column *columns[MAX_USAGE_COLS];
static unsigned int nr_single, nr_cols;

static void add_columns(const struct hat_column *c, unsigned int n)
{
	for (unsigned int i = 0; i < n && nr_cols < MAX_USAGE_COLS; i++)
		columns[nr_cols++] = &c[i];
}

static void collect_columns(void)
{
	nr_cols = 0;
	for (uint8_t e = 1; e <= hat_nr_eras(); e++)
		add_columns(era_names(e)->columns, era_names(e)->nr_columns);
	nr_single = nr_cols;
	for (uint8_t e = 1; e <= hat_nr_eras(); e++)
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
	collect_columns();
	fprintf(f,
		"usage: hatrace matrix [--json] [--cumulative] FILE...\n"
		"\n"
		"Replays each trace (to its end, through violations) under every preset and\n"
		"single patch of its era:\n");
	print_variants(f, 0, nr_single);
	fprintf(f,
		"and for a trace of era 2 (a variant line such as 'variant v6.12') under each\n"
		"preset without each of its patches and the patches that need it too, listed\n"
		"where the verdict differs from the preset's or from the expect rules.\n"
		"Prints one row per file, a table per era.  A cell is 'pass' or the invariants\n"
		"that fired; a trailing '!' marks a cell that differs from the trace's expect\n"
		"rules.  For a trace imported from an OOM report (an alloc marked 'report')\n"
		"the cell adds what became of the report's request: /served, /OOM-kill,\n"
		"/stalled (at the livelock bound) or /failed, e.g. 'I6/OOM-kill'.\n"
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

/* A trace's columns: its era's variants, and for a later era each one's preset. */
struct colset {
	uint8_t era;
	unsigned int n;		/* columns run */
	unsigned int nr_table;	/* of which the table's: the era's columns */
	unsigned int nr_single;	/* ... of which its single ones, before the cumulative */
	const char *label[MAX_GRID_COLS];
	struct hat_variant vars[MAX_GRID_COLS];
	int preset[MAX_GRID_COLS];	/* the preset a preset-less-patch column comes from */
	int patch[MAX_GRID_COLS];	/* ... and the patch it lacks */
};

struct row {
	const char *path;
	const struct colset *cols;
	struct cell *cells;
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

/* @era's columns (and cumulative ones), then for a names_remove era each preset less a patch. */
static int era_cols(struct colset *cs, uint8_t era, bool cumulative)
{
	const struct hat_era_names *n = era_names(era);
	const unsigned int nr = n->nr_columns + (cumulative ? n->nr_cumulative : 0);

	cs->era = era;
	cs->n = 0;
	cs->nr_single = n->nr_columns;
	for (unsigned int c = 0; c < nr; c++) {
		const struct hat_column *col = c < n->nr_columns ? &n->columns[c] :
					       &n->cumulative[c - n->nr_columns];
		char err[256];

		cs->label[c] = col->label;
		cs->preset[c] = -1;
		if (variant_parse(col->variant, &cs->vars[c], err, sizeof(err))) {
			fprintf(stderr, "hatrace matrix: internal error: %s\n", err);
			return -1;
		}
	}
	cs->n = cs->nr_table = nr;
	for (unsigned int i = 0; n->names_remove && i < n->nr_presets; i++) {
		for (unsigned int p = 0; p < n->nr_patches && cs->n < MAX_GRID_COLS; p++) {
			if (!(n->presets[i].patches & (1ULL << p)))
				continue;
			cs->preset[cs->n] = (int)i;
			cs->patch[cs->n] = (int)p;
			cs->vars[cs->n++] = (struct hat_variant){
				era, variant_without(era, n->presets[i].patches, p) };
		}
	}
	return 0;
}

/* The columns of @era: one set per era, made on first use. */
static const struct colset *cols_of(uint8_t era, bool cumulative)
{
	static struct colset *sets[256];

	if (!sets[era]) {
		sets[era] = calloc(1, sizeof(*sets[era]));
		if (!sets[era])
			return NULL;
		if (era_cols(sets[era], era, cumulative)) {
			free(sets[era]);
			sets[era] = NULL;
		}
	}
	return sets[era];
}

static int run_row(struct row *row, bool cumulative)
{
	struct exec_result *r;
	struct exec_opts o;
	struct trace t;
	const struct hat_variant *vars;

	if (open_trace_exec(row->path, &t, &r))
		return -1;
	row->cols = cols_of(trace_era(&t.hdr), cumulative);
	row->cells = row->cols ? calloc(row->cols->n, sizeof(*row->cells)) : NULL;
	if (!row->cells) {
		fprintf(stderr, "hatrace matrix: out of memory\n");
		trace_free(&t);
		free(r);
		return -1;
	}
	vars = row->cols->vars;
	for (unsigned int c = 0; c < row->cols->n; c++) {
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

/* Columns [@from, @to) of the rows of @cs. */
static void print_table(const struct row *rows, unsigned int nrows, const struct colset *cs,
			unsigned int from, unsigned int to)
{
	size_t w0 = strlen("trace"), w[MAX_GRID_COLS];
	char buf[160];

	for (unsigned int i = 0; i < nrows; i++)
		if (rows[i].cols == cs && strlen(path_base(rows[i].path)) > w0)
			w0 = strlen(path_base(rows[i].path));
	for (unsigned int c = from; c < to; c++) {
		w[c] = strlen(cs->label[c]);
		for (unsigned int i = 0; i < nrows; i++) {
			if (rows[i].cols != cs)
				continue;
			cell_text(&rows[i].cells[c], buf, sizeof(buf));
			if (strlen(buf) > w[c])
				w[c] = strlen(buf);
		}
	}
	printf("%-*s", (int)w0, "trace");
	for (unsigned int c = from; c < to; c++)
		printf("  %-*s", (int)w[c], cs->label[c]);
	printf("\n");
	for (unsigned int i = 0; i < nrows; i++) {
		if (rows[i].cols != cs)
			continue;
		printf("%-*s", (int)w0, path_base(rows[i].path));
		for (unsigned int c = from; c < to; c++) {
			cell_text(&rows[i].cells[c], buf, sizeof(buf));
			printf("  %-*s", (int)w[c], buf);
		}
		printf("\n");
	}
}

/* The table column of preset @i (the first column of its patch set). */
static unsigned int preset_col(const struct colset *cs, int i)
{
	struct hat_variant v = { cs->era, era_names(cs->era)->presets[i].patches };
	unsigned int c;

	for (c = 0; c < cs->nr_table && !variant_equal(&cs->vars[c], &v); c++)
		;
	return c;
}

/*
 * A names_remove era's presets less a patch: per trace, the columns whose verdict
 * differs from their preset's or from the expect rules.
 */
static void print_grid_moves(const struct row *rows, unsigned int nrows, const struct colset *cs)
{
	const struct hat_era_names *n = era_names(cs->era);
	char buf[160], vbuf[HAT_VARIANT_NAME_MAX];

	printf("each preset less one patch (+no-X: and what needs X), where the verdict moves:\n");
	for (unsigned int i = 0; i < nrows; i++) {
		unsigned int shown = 0;

		if (rows[i].cols != cs)
			continue;
		printf("%s:", path_base(rows[i].path));
		for (unsigned int c = cs->nr_table; c < cs->n; c++) {
			const struct cell *cell = &rows[i].cells[c];
			const struct cell *base = &rows[i].cells[preset_col(cs, cs->preset[c])];

			if (cell->fired == base->fired && cell->status == base->status &&
			    cell_ok(cell))
				continue;
			cell_text(cell, buf, sizeof(buf));
			snprintf(vbuf, sizeof(vbuf), "%s+no-%s", n->presets[cs->preset[c]].name,
				 n->patches[cs->patch[c]].name);
			printf("\n  %-36s %s", vbuf, buf);
			shown++;
		}
		printf("%s\n", shown ? "" : " none");
	}
}

static void print_json(const struct row *rows, unsigned int nrows)
{
	char vbuf[HAT_VARIANT_NAME_MAX];
	bool first = true;

	printf("[");
	for (unsigned int i = 0; i < nrows; i++) {
		const struct hat_variant *vars = rows[i].cols->vars;

		for (unsigned int c = 0; c < rows[i].cols->n; c++) {
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

static void free_rows(struct row *rows, int n)
{
	for (int i = 0; i < n; i++)
		free(rows[i].cells);
	free(rows);
}

int cmd_matrix(int argc, char **argv)
{
	struct matrix_args a = { 0 };
	int nfiles, ret = EXIT_PASS;
	bool requests = false;
	unsigned int shown = 0;
	struct row *rows;

	if (parse_args("matrix", argc, argv, NULL, matrix_opt, &a, &nfiles))
		return EXIT_USAGE;
	if (!nfiles)
		return usage_error("matrix", "no trace file given");
	if (nfiles > 1 && check_traces(argv, nfiles))	/* (one: checked by run_row) */
		return EXIT_USAGE;
	rows = calloc((size_t)nfiles, sizeof(*rows));
	if (!rows) {
		fprintf(stderr, "hatrace matrix: out of memory\n");
		return EXIT_USAGE;
	}
	for (int i = 0; i < nfiles; i++) {
		rows[i].path = argv[i];
		if (run_row(&rows[i], a.cumulative)) {
			free_rows(rows, nfiles);	/* the error alone, no table */
			return EXIT_USAGE;
		}
		for (unsigned int c = 0; c < rows[i].cols->n; c++) {
			requests |= rows[i].cells[c].request != REQUEST_NONE;
			if (rows[i].cells[c].status == 2)
				ret = EXIT_USAGE;
			else if (!cell_ok(&rows[i].cells[c]) && ret == EXIT_PASS)
				ret = EXIT_VIOLATION;
		}
	}
	if (a.json) {
		print_json(rows, (unsigned int)nfiles);
		free_rows(rows, nfiles);
		return ret;
	}
	for (unsigned int e = 1; e <= hat_nr_eras(); e++) {
		const struct hat_era_names *n = era_names((uint8_t)e);
		const struct colset *cs = NULL;

		for (int i = 0; i < nfiles && !cs; i++)
			if (rows[i].cols->era == e)
				cs = rows[i].cols;
		if (!cs)
			continue;
		if (shown++)
			printf("\n");
		print_table(rows, (unsigned int)nfiles, cs, 0, cs->nr_single);
		printf("legend: pass = no invariant fired; I1,I4 = the invariants that fired (run to the end);\n"
		       "        ! = differs from the trace's expect rules; %s\n", n->legend);
		if (requests)
			printf("        /served, /OOM-kill, /stalled, /failed = what became of the request of an\n"
			       "        imported OOM report (the alloc marked 'report').\n");
		if (cs->nr_table > cs->nr_single) {
			printf("\nspec section 4.2 columns (each series applied cumulatively):\n");
			print_table(rows, (unsigned int)nfiles, cs, cs->nr_single, cs->nr_table);
			printf("legend: ..+X = the column to the left plus patch X; %s\n",
			       n->cumulative_legend);
		}
		if (cs->n > cs->nr_table)
			print_grid_moves(rows, (unsigned int)nfiles, cs);
	}
	free_rows(rows, nfiles);
	return ret;
}
