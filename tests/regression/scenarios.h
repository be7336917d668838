/* SPDX-License-Identifier: MIT */
/*
 * scenarios.h - the spec's reproducer sketches (§5: R1 - R6 with R3a/R3b,
 * plus the order>0 form of R2 and the zone-edge double decrement R5b),
 * each driving the allocator API through its minimal event sequence, and
 * each with its expected outcome as a function of the patch set, derived
 * from the spec's outcome table (§4.2) and the step-by-step sections.
 */
#ifndef HATRACE_SCENARIOS_H
#define HATRACE_SCENARIOS_H

#include <stdio.h>

#include "invariants.h"
#include "variant.h"

/* What a run ended with; -1 where a scenario does not say. */
struct scenario_outcome {
	unsigned int fired;	/* invariants that fired (bit per enum hat_inv) */
	int alloc;		/* final request: 1 page, 0 failed, -1 none */
	int oom;		/* final request reached out_of_memory() */
	int loops;		/* no_progress_loops when the request ended */
	long counter;		/* nr_reserved_highatomic of the zone */
	long h_blocks;		/* HighAtomic blocks of the zone (pagetypeinfo walk) */
};

struct scenario {
	const char *id;		/* "R1" */
	const char *title;
	enum hat_inv bug;	/* the invariant that marks this bug */
	/* run under the node's current variant; fills @out */
	void (*run)(const struct hat_variant *v, struct scenario_outcome *out);
	/* what the spec says should happen under @v */
	void (*expect)(const struct hat_variant *v, struct scenario_outcome *out);
};

extern const struct scenario scenarios[];
extern const unsigned int nr_scenarios;

/* Run @s under @v (builds its own node).  Returns 0, or -1 on setup failure. */
int scenario_run(const struct scenario *s, const struct hat_variant *v,
		 struct scenario_outcome *out);
/* "BUG I4 C=512 H=2" / "ok OOM@16" style cell, at most @len bytes. */
void scenario_cell(const struct scenario *s, const struct scenario_outcome *o,
		   char *buf, size_t len);
/* Compare the fields @exp specifies; describe the first difference in @why. */
bool scenario_matches(const struct scenario_outcome *got,
		      const struct scenario_outcome *exp, char *why, size_t len);

/* A column of the printed matrix: a variant name and a header label. */
struct matrix_column {
	const char *variant;
	const char *label;
};

extern const struct matrix_column matrix_single[];	/* v4.8 + one patch, presets */
extern const struct matrix_column matrix_cumulative[];	/* spec §4.2 columns */
extern const unsigned int nr_matrix_single, nr_matrix_cumulative;

/*
 * Run every scenario under every column and print the bug x variant table.
 * Returns the number of cells whose outcome differs from expect(), or -1
 * if a variant name does not parse or a scenario cannot be set up.
 */
int print_matrix(FILE *f, const struct matrix_column *cols, unsigned int n);

#endif /* HATRACE_SCENARIOS_H */
