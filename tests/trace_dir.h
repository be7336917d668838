/* SPDX-License-Identifier: MIT */
/*
 * trace_dir.h - the corpus directories the tests replay: the names of
 * the *.trace files of a directory, sorted by name (the order of the
 * golden files), however many there are.  The includer defines
 * _POSIX_C_SOURCE 200809L (opendir, strdup).
 */
#ifndef HATRACE_TEST_TRACE_DIR_H
#define HATRACE_TEST_TRACE_DIR_H

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static inline int trace_dir_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.trace names of @dir (*n of them), or NULL if it cannot be read. */
static inline char **trace_dir_list(const char *dir, unsigned int *n)
{
	char **names = NULL;
	unsigned int cap = 0;
	struct dirent *de;
	DIR *d = opendir(dir);

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len <= 6 || strcmp(de->d_name + len - 6, ".trace"))
			continue;
		if (*n == cap) {
			char **p = realloc(names, (cap = cap ? 2 * cap : 32) * sizeof(*names));

			if (!p)
				abort();
			names = p;
		}
		if (!(names[(*n)++] = strdup(de->d_name)))
			abort();
	}
	closedir(d);
	if (!names)	/* an empty directory: an empty list, not an error */
		names = malloc(sizeof(*names));
	qsort(names, *n, sizeof(*names), trace_dir_cmp);
	return names;
}

static inline void trace_dir_free(char **names, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

#endif /* HATRACE_TEST_TRACE_DIR_H */
