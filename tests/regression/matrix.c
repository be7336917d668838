// SPDX-License-Identifier: MIT
/*
 * matrix.c - hatrace-matrix: run the spec's reproducers under the presets,
 * each single patch and the spec's cumulative columns, and print the
 * bug x variant table.  Exit 1 if any cell differs from the expected
 * outcome.
 */
#include "scenarios.h"

#include <string.h>

int main(int argc, char **argv)
{
	int bad;

	if (argc > 1) {
		fprintf(stderr, "usage: %s\n%s", argv[0],
			"Runs the reproducers R1..R6 of the spec under every preset and patch\n"
			"and prints which bug each variant shows.\n");
		return strcmp(argv[1], "--help") ? 2 : 0;
	}
	printf("hatrace: bug x variant matrix (v4.8 plus one patch; presets)\n\n");
	bad = print_matrix(stdout, matrix_single, nr_matrix_single);
	if (bad < 0)
		return 2;
	printf("\nspec section 4.2 columns (series applied cumulatively):\n\n");
	bad += print_matrix(stdout, matrix_cumulative, nr_matrix_cumulative);
	printf("\nscenarios:\n");
	for (unsigned int i = 0; i < nr_scenarios; i++)
		printf("  %-4s %-50s bug invariant %s: %s\n", scenarios[i].id,
		       scenarios[i].title, inv_name(scenarios[i].bug),
		       inv_title(scenarios[i].bug));
	return bad ? 1 : 0;
}
