// SPDX-License-Identifier: MIT
/*
 * cmd_compare_plot.c - the timeline picture of `hatrace compare --plot
 * PREFIX`: free pages on the buddy lists and HighAtomic blocks per zone
 * over trace time, a line per variant and zone, the kernel's snapshots as
 * points.  PREFIX.dat (gnuplot data, an index per variant, the kernel's
 * last) and PREFIX.gp are written beside themselves and renamed into place;
 * gnuplot (scripts/setup-deps --bench) draws PREFIX.png and PREFIX.svg to
 * its standard output, a temporary file beside each, renamed the same way.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "compare.h"

#define CMD	"compare"
#define NR_PICS	2	/* PREFIX.png, PREFIX.svg */

extern char **environ;

static void write_data(FILE *f, const struct cmp_job *j)
{
	char vbuf[HAT_VARIANT_NAME_MAX];

	for (unsigned int r = 0; r < j->nr_runs; r++) {
		const struct cmp_run *run = &j->runs[r];

		fprintf(f, "# %s: time, free pages per zone, HighAtomic blocks per zone\n",
			vname(&j->variants[r], vbuf));
		for (size_t s = 0; s < run->nr_samples; s++) {
			fprintf(f, "%.6f", run->samples[s].ts);
			for (int z = 0; z < HAT_NR_ZONES; z++)
				fprintf(f, " %lu", run->samples[s].free[z]);
			for (int z = 0; z < HAT_NR_ZONES; z++)
				fprintf(f, " %lu", run->samples[s].hblocks[z]);
			fputc('\n', f);
		}
		fputs("\n\n", f);
	}
	fprintf(f, "# kernel: its snapshots\n");
	for (unsigned int i = 0; i < j->c->nr_snapshots; i++) {
		fprintf(f, "%.6f", j->runs[0].pt[i].ts);
		for (int z = 0; z < HAT_NR_ZONES; z++)
			fprintf(f, " %lu", j->kernel[i].z[z].free_pages);
		for (int z = 0; z < HAT_NR_ZONES; z++)
			fprintf(f, " %lu", j->kernel[i].z[z].blocks[HAT_MT_HIGHATOMIC]);
		fputc('\n', f);
	}
}

/* One panel: column @col0 + zone (1-based after the time) of every index. */
static void panel(FILE *f, const struct cmp_job *j, const char *dat, const char *ylabel, int col0)
{
	char vbuf[HAT_VARIANT_NAME_MAX];
	const char *sep = "plot";

	fprintf(f, "set ylabel '%s'\nset yrange [0:*]\nset offsets 0, 0, 1, 0\n", ylabel);
	for (int z = 0; z < HAT_NR_ZONES; z++) {
		if (!j->kernel[0].z[z].seen)
			continue;
		for (unsigned int r = 0; r < j->nr_runs; r++) {
			fprintf(f, "%s '%s' index %u using 1:%d with steps title '%s %s'", sep, dat, r,
				col0 + z, vname(&j->variants[r], vbuf), hat_zone_names[z]);
			sep = ", \\\n    ";
		}
		fprintf(f, "%s '%s' index %u using 1:%d with points pt 7 ps 1.5 title 'kernel %s'", sep,
			dat, j->nr_runs, col0 + z, hat_zone_names[z]);
	}
	fputc('\n', f);
}

/* One picture, its terminal by the first argument (gnuplot -c GP svg), to standard output. */
static void write_script(FILE *f, const struct cmp_job *j, const char *prefix, const char *dat)
{
	fprintf(f, "# hatrace compare --plot: gnuplot -c %s.gp png >%s.png draws the PNG,\n"
		"# gnuplot -c %s.gp svg >%s.svg the SVG\n", prefix, prefix, prefix, prefix);
	fprintf(f, "if (exists(\"ARG1\") && ARG1 eq \"svg\") {\n"
		"\tset terminal svg size 1200,900 dynamic\n"
		"} else {\n"
		"\tset terminal pngcairo size 1200,900\n"
		"}\n");
	fprintf(f, "set multiplot layout 2,1 title 'capture %s: the kernel (snapshots) and the model'\n",
		j->c->dir);
	fprintf(f, "set key outside right\nset grid\nset xlabel 'trace time (s)'\n");
	panel(f, j, dat, "free pages (buddy lists)", 2);
	panel(f, j, dat, "HighAtomic pageblocks", 2 + HAT_NR_ZONES);
	fprintf(f, "unset multiplot\n");
}

static int write_file(const char *path, const struct cmp_job *j, const char *prefix,
		      const char *dat, bool script)
{
	struct outfile of;

	if (open_output(CMD, &of, path))
		return -1;
	if (script)
		write_script(of.f, j, prefix, dat);
	else
		write_data(of.f, j);
	if (commit_output(CMD, &of)) {
		outfile_abort(&of);
		return -1;
	}
	outfile_abort(&of);
	return 0;
}

/*
 * PREFIX.EXT, opened as an output file (a temporary beside it, renamed on
 * success).  Refused when it is there and not a regular file: a picture
 * is never written through a FIFO or a device, nor a symbolic link.
 */
static int open_picture(struct outfile *of, const char *path)
{
	struct stat st;

	if (!lstat(path, &st) && !S_ISREG(st.st_mode)) {
		fprintf(stderr, "hatrace " CMD ": --plot: %s is not a regular file: not replaced\n",
			path);
		return -1;
	}
	return open_output(CMD, of, path) ? -1 : 0;
}

/* gnuplot -c GP EXT, its standard output @out; 0, or -1 (printed). */
static int run_gnuplot(const char *gp, const char *dat, const char *ext, FILE *out)
{
	char *argv[] = { "gnuplot", "-c", (char *)gp, (char *)ext, NULL };
	posix_spawn_file_actions_t fa;
	struct stat st;
	int status, err;
	pid_t pid;

	err = posix_spawn_file_actions_init(&fa);
	if (!err) {
		err = posix_spawn_file_actions_adddup2(&fa, fileno(out), STDOUT_FILENO);
		if (!err)
			err = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
		posix_spawn_file_actions_destroy(&fa);
	}
	if (err) {
		fprintf(stderr, "hatrace " CMD ": gnuplot: %s (scripts/setup-deps --bench installs it); %s and %s are written\n",
			strerror(err), dat, gp);
		return -1;
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) ||
	    fstat(fileno(out), &st) || !st.st_size) {
		fprintf(stderr, "hatrace " CMD ": gnuplot -c %s %s failed\n", gp, ext);
		return -1;
	}
	return 0;
}

int cmp_plot(const struct cmp_job *j, const char *prefix)
{
	static const char *const ext[NR_PICS] = { "png", "svg" };
	char dat[4096], gp[4096], pic[NR_PICS][4200];
	struct outfile of[NR_PICS];
	int e, opened = 0, ret = -1;

	if (snprintf(dat, sizeof(dat), "%s.dat", prefix) >= (int)sizeof(dat) ||
	    snprintf(gp, sizeof(gp), "%s.gp", prefix) >= (int)sizeof(gp)) {
		fprintf(stderr, "hatrace " CMD ": --plot %s: too long\n", prefix);
		return -1;
	}
	for (e = 0; e < NR_PICS; e++)
		snprintf(pic[e], sizeof(pic[e]), "%s.%s", prefix, ext[e]);
	/* the pictures first: when one is refused, nothing is written */
	for (; opened < NR_PICS; opened++)
		if (open_picture(&of[opened], pic[opened]))
			goto out;
	if (write_file(dat, j, prefix, dat, false) || write_file(gp, j, prefix, dat, true))
		goto out;
	for (e = 0; e < NR_PICS; e++)
		if (run_gnuplot(gp, dat, ext[e], of[e].f))
			goto out;
	for (e = 0; e < NR_PICS; e++)
		if (commit_output(CMD, &of[e]))
			goto out;
	fprintf(stderr, "hatrace " CMD ": the timeline: %s, %s (gnuplot -c %s png|svg)\n",
		pic[0], pic[1], gp);
	ret = 0;
out:
	for (e = 0; e < opened; e++)
		outfile_abort(&of[e]);	/* a no-op once committed */
	return ret;
}
