// SPDX-License-Identifier: MIT
/*
 * cmd_matrix.c - hatrace matrix: the verdict of each trace under every
 * preset and single patch of its era, checked against the trace's expect
 * rules.  Era 1 has its spec's columns (and optionally the cumulative §4.2
 * ones); a later era's are its presets, and each preset without each of
 * its patches (variant_without()), shown where the verdict moves.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "load.h"
#include "report.h"

struct column {
	const char *variant;
	const char *label;
};

static const struct column single_cols[] = {
	{ "v4.8", "v4.8" },
	{ "v4.8+v1-1", "+v1-1" },
	{ "v4.8+v1-2", "+v1-2" },
	{ "v4.8+v1-3", "+v1-3" },
	{ "v4.8+v1-4", "+v1-4" },
	{ "v1", "v1" },
	{ "v4.8+88ed365ea227", "+88ed" },
	{ "v4.8+4855e4a7f29d", "+4855" },
	{ "v4.8+04c8716f7b00", "+04c8" },
	{ "v4.8+29fac03bef72", "+29fa" },
	{ "v4.10", "v4.10" },
	{ "v4.10+ac3f3b0a5518", "v4.10+ac3f" },
};

/* Spec §4.2: each series applied cumulatively up to the column. */
static const struct column cumulative_cols[] = {
	{ "v4.8", "v4.8" },
	{ "v4.8+v1-1", "+v1-1" },
	{ "v4.8+v1-1+v1-2", "..+v1-2" },
	{ "v4.8+v1-1+v1-2+v1-3", "..+v1-3" },
	{ "v1", "v1" },
	{ "v4.8+88ed365ea227", "+88ed" },
	{ "v4.8+88ed365ea227+4855e4a7f29d", "..+4855" },
	{ "v4.8+88ed365ea227+4855e4a7f29d+04c8716f7b00", "..+04c8" },
	{ "v4.10", "v4.10" },
};

#define NR_SINGLE	(sizeof(single_cols) / sizeof(single_cols[0]))
#define NR_CUMULATIVE	(sizeof(cumulative_cols) / sizeof(cumulative_cols[0]))
#define NR_COLS		(NR_SINGLE + NR_CUMULATIVE)
/* a later era: each preset, then each preset less each patch */
#define MAX_GRID_COLS	(8 * 65)

void usage_matrix(FILE *f)
{
	fprintf(f,
		"usage: hatrace matrix [--json] [--cumulative] FILE...\n"
		"\n"
		"Replays each trace (to its end, through violations) under every preset and\n"
		"single patch:\n"
		"  v4.8, v4.8+v1-1 .. v4.8+v1-4, v1, v4.8+88ed365ea227, v4.8+4855e4a7f29d,\n"
		"  v4.8+04c8716f7b00, v4.8+29fac03bef72, v4.10, v4.10+ac3f3b0a5518\n"
		"for an era-1 trace; for a later era's (a variant line such as 'variant v6.12'),\n"
		"under each preset of its era (one table) and each preset without each of its\n"
		"patches and the patches that need it (listed where the verdict differs from the\n"
		"preset's, or from the expect rules).\n"
		"Prints one row per file.  A cell is 'pass' or the invariants that fired;\n"
		"a trailing '!' marks a cell that differs from the trace's expect rules.\n"
		"For a trace imported from an OOM report (an alloc marked 'report') the cell\n"
		"adds what became of the report's request: /served, /OOM-kill, /stalled (at\n"
		"the livelock bound) or /failed, e.g. 'I6/OOM-kill'.\n"
		"\n"
		"options:\n"
		"  --json            a JSON array of {\"file\", \"variant\", \"fired\", \"expected\",\n"
		"                    [\"request\",] \"ok\"} objects instead of the table (expected\n"
		"                    is null when no expect rule matches the variant)\n"
		"  --cumulative      also the spec's section 4.2 columns (each series applied\n"
		"                    cumulatively): v4.8, +v1-1, +v1-2, +v1-3, v1, +88ed,\n"
		"                    +4855, +04c8, v4.10\n"
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
	unsigned int n;
	struct hat_variant vars[MAX_GRID_COLS];
	int preset[MAX_GRID_COLS];	/* the preset a later era's column comes from */
	int patch[MAX_GRID_COLS];	/* ... and the patch it lacks, -1 for none */
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

static const struct column *col(unsigned int i)
{
	return i < NR_SINGLE ? &single_cols[i] : &cumulative_cols[i - NR_SINGLE];
}

/* Era 1's columns: the spec's single ones (and the cumulative ones). */
static int era1_cols(struct colset *cs, bool cumulative)
{
	cs->era = 1;
	cs->n = cumulative ? NR_COLS : NR_SINGLE;
	for (unsigned int c = 0; c < cs->n; c++) {
		char err[256];

		cs->preset[c] = -1;
		if (variant_parse(col(c)->variant, &cs->vars[c], err, sizeof(err))) {
			fprintf(stderr, "hatrace matrix: internal error: %s\n", err);
			return -1;
		}
	}
	return 0;
}

/* A later era's columns: its presets, then each preset less each of its patches. */
static void grid_cols(struct colset *cs, uint8_t era)
{
	const struct hat_era_names *n = era_names(era);

	cs->era = era;
	cs->n = 0;
	for (unsigned int i = 0; i < n->nr_presets; i++) {
		cs->preset[cs->n] = (int)i;
		cs->patch[cs->n] = -1;
		cs->vars[cs->n++] = (struct hat_variant){ era, n->presets[i].patches };
	}
	for (unsigned int i = 0; i < n->nr_presets; i++) {
		for (unsigned int p = 0; p < n->nr_patches; p++) {
			if (!(n->presets[i].patches & (1ULL << p)))
				continue;
			cs->preset[cs->n] = (int)i;
			cs->patch[cs->n] = (int)p;
			cs->vars[cs->n++] = (struct hat_variant){
				era, variant_without(era, n->presets[i].patches, p) };
		}
	}
}

/* The columns of @era: one set per era, made on first use. */
static const struct colset *cols_of(uint8_t era, bool cumulative)
{
	static struct colset *sets[256];

	if (!sets[era]) {
		sets[era] = calloc(1, sizeof(*sets[era]));
		if (!sets[era])
			return NULL;
		if (era == 1 ? era1_cols(sets[era], cumulative) : (grid_cols(sets[era], era), 0)) {
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

/* Column @c's label: era 1's own, a later era's preset name. */
static const char *label(const struct colset *cs, unsigned int c)
{
	return cs->era == 1 ? col(c)->label : era_names(cs->era)->presets[cs->preset[c]].name;
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
		w[c] = strlen(label(cs, c));
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
		printf("  %-*s", (int)w[c], label(cs, c));
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

/*
 * A later era's presets less a patch: per trace, the columns whose verdict
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
		for (unsigned int c = n->nr_presets; c < cs->n; c++) {
			const struct cell *cell = &rows[i].cells[c];
			const struct cell *base = &rows[i].cells[cs->preset[c]];

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
	const struct colset *era1 = NULL;
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
		if (rows[i].cols->era == 1)
			era1 = rows[i].cols;
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
	if (era1) {
		print_table(rows, (unsigned int)nfiles, era1, 0, NR_SINGLE);
		printf("legend: pass = no invariant fired; I1,I4 = the invariants that fired (run to the end);\n"
		       "        ! = differs from the trace's expect rules; +X = v4.8 plus patch X alone.\n");
		if (requests)
			printf("        /served, /OOM-kill, /stalled, /failed = what became of the request of an\n"
			       "        imported OOM report (the alloc marked 'report').\n");
		if (a.cumulative) {
			printf("\nspec section 4.2 columns (each series applied cumulatively):\n");
			print_table(rows, (unsigned int)nfiles, era1, NR_SINGLE, NR_COLS);
			printf("legend: ..+X = the column to the left plus patch X; v1 = all of v1-1..v1-4;\n"
			       "        v4.10 = 88ed365ea227+4855e4a7f29d+04c8716f7b00+29fac03bef72.\n");
		}
	}
	for (unsigned int e = 2; e <= hat_nr_eras(); e++) {
		const struct colset *cs = NULL;

		for (int i = 0; i < nfiles && !cs; i++)
			if (rows[i].cols->era == e)
				cs = rows[i].cols;
		if (!cs)
			continue;
		if (era1 || e > 2)
			printf("\n");
		printf("era %u presets:\n", e);
		print_table(rows, (unsigned int)nfiles, cs, 0, era_names((uint8_t)e)->nr_presets);
		printf("legend: pass = no invariant fired; I1,H-free = the invariants that\n"
		       "        fired (run to the end); ! = differs from the trace's expect rules.\n");
		print_grid_moves(rows, (unsigned int)nfiles, cs);
	}
	free_rows(rows, nfiles);
	return ret;
}
