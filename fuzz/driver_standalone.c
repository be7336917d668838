// SPDX-License-Identifier: MIT
/*
 * driver_standalone.c - main() for the fuzz targets built without a
 * fuzzing engine (-Dfuzz_engine=none): runs LLVMFuzzerTestOneInput once
 * on each file named on the command line, and on every file under each
 * directory named (recursively, in sorted order), as OSS-Fuzz's
 * reproduce step runs a target.  Arguments that start with '-' (engine
 * options such as -runs=100) are ignored.  Prints one line per input:
 *
 *   PATH: VERDICT (N bytes)
 *
 * A violation aborts the process in the target (unless HAT_FUZZ_NO_ABORT
 * is set).  Exit codes: 0 every input ran, 2 usage or an input that could
 * not be read.
 */
#define _POSIX_C_SOURCE 200809L	/* scandir, alphasort, lstat */

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional in a target: weak, so that a target need not define them. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);
__attribute__((weak)) const char *hat_fuzz_last_verdict(void);

static unsigned long ran, errors;

static int read_file(const char *path, uint8_t **out, size_t *outlen)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, len = 0, n;
	uint8_t *buf;

	if (!f)
		return -1;
	buf = malloc(cap);
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (!buf || ferror(f)) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*out = buf;
	*outlen = len;
	return 0;
}

static void run_file(const char *path)
{
	uint8_t *data;
	size_t len;

	if (read_file(path, &data, &len)) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
		errors++;
		return;
	}
	/* flushed first: a crash in the target should follow its input's name */
	fprintf(stdout, "%s: ", path);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, len);
	printf("%s (%zu bytes)\n", hat_fuzz_last_verdict ? hat_fuzz_last_verdict() : "ran", len);
	fflush(stdout);
	free(data);
	ran++;
}

static int skip_dots(const struct dirent *d)
{
	return strcmp(d->d_name, ".") && strcmp(d->d_name, "..");
}

static void run_path(const char *path)
{
	struct stat st;
	struct dirent **names;
	int n;

	if (stat(path, &st)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		errors++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	n = scandir(path, &names, skip_dots, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: cannot list: %s\n", path, strerror(errno));
		errors++;
		return;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
		char *sub = malloc(len);
		struct stat sst;

		if (sub) {
			snprintf(sub, len, "%s/%s", path, names[i]->d_name);
			/* no symbolic links to directories: no cycles */
			if (!lstat(sub, &sst) && !(S_ISLNK(sst.st_mode) && !stat(sub, &sst) &&
						   S_ISDIR(sst.st_mode)))
				run_path(sub);
			free(sub);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	int inputs = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			continue;	/* an engine option */
		inputs++;
		run_path(argv[i]);
	}
	if (!inputs) {
		fprintf(stderr, "usage: %s FILE|DIR...\n"
			"Runs the fuzz target once on each input file (directories: every file\n"
			"in them, recursively).  Options starting with '-' are ignored.\n",
			argv[0]);
		return 2;
	}
	fprintf(stderr, "%s: %lu inputs run, %lu errors\n", argv[0], ran, errors);
	return errors ? 2 : 0;
}
