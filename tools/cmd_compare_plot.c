// SPDX-License-Identifier: MIT
/*
 * cmd_compare_plot.c - the timeline picture of `hatrace compare --plot
 * PREFIX`: free pages on the buddy lists and HighAtomic blocks per zone
 * over trace time, a line per variant and zone, the kernel's snapshots as
 * points.  PREFIX.dat (gnuplot data, an index per variant, the kernel's
 * last) and PREFIX.gp are written beside themselves and renamed into place;
 * gnuplot (scripts/setup-deps --bench) draws PREFIX.png and PREFIX.svg the
 * same way.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cmd.h"
#include "compare.h"

#define CMD	"compare"

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

static void write_script(FILE *f, const struct cmp_job *j, const char *prefix, const char *dat)
{
	static const char *const term[2][2] = {
		{ "pngcairo size 1200,900", "png" }, { "svg size 1200,900 dynamic", "svg" } };

	fprintf(f, "# hatrace compare --plot: gnuplot %s.gp draws %s.png and %s.svg\n", prefix,
		prefix, prefix);
	for (int t = 0; t < 2; t++) {
		fprintf(f, "set terminal %s\nset output '%s.%s.tmp'\n", term[t][0], prefix, term[t][1]);
		fprintf(f, "set multiplot layout 2,1 title 'capture %s: the kernel (snapshots) and the model'\n",
			j->c->dir);
		fprintf(f, "set key outside right\nset grid\nset xlabel 'trace time (s)'\n");
		panel(f, j, dat, "free pages (buddy lists)", 2);
		panel(f, j, dat, "HighAtomic pageblocks", 2 + HAT_NR_ZONES);
		fprintf(f, "unset multiplot\nset output\n");
	}
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

int cmp_plot(const struct cmp_job *j, const char *prefix)
{
	char dat[4096], gp[4096], tmp[4200], out[4200];
	char *argv[] = { "gnuplot", gp, NULL };
	static const char *const ext[] = { "png", "svg" };
	int status;
	pid_t pid;

	if (snprintf(dat, sizeof(dat), "%s.dat", prefix) >= (int)sizeof(dat) ||
	    snprintf(gp, sizeof(gp), "%s.gp", prefix) >= (int)sizeof(gp)) {
		fprintf(stderr, "hatrace " CMD ": --plot %s: too long\n", prefix);
		return -1;
	}
	/*
	 * gnuplot writes PREFIX.EXT.tmp, renamed over PREFIX.EXT: neither may
	 * be anything of the user's but a regular PREFIX.EXT (never a device,
	 * a FIFO or a file that happens to have the temporary's name).
	 */
	for (int e = 0; e < 2; e++) {
		struct stat st;

		snprintf(tmp, sizeof(tmp), "%s.%s.tmp", prefix, ext[e]);
		snprintf(out, sizeof(out), "%s.%s", prefix, ext[e]);
		if (!lstat(tmp, &st) || (!lstat(out, &st) && !S_ISREG(st.st_mode))) {
			fprintf(stderr, "hatrace " CMD ": --plot %s: %s exists, or %s is not a regular file: not replaced\n",
				prefix, tmp, out);
			return -1;
		}
	}
	if (write_file(dat, j, prefix, dat, false) || write_file(gp, j, prefix, dat, true))
		return -1;
	errno = posix_spawnp(&pid, "gnuplot", NULL, NULL, argv, environ);
	if (errno) {
		fprintf(stderr, "hatrace " CMD ": gnuplot: %s (scripts/setup-deps --bench installs it); %s and %s are written\n",
			strerror(errno), dat, gp);
		return -1;
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "hatrace " CMD ": gnuplot %s failed\n", gp);
		return -1;
	}
	for (int e = 0; e < 2; e++) {
		snprintf(tmp, sizeof(tmp), "%s.%s.tmp", prefix, ext[e]);
		snprintf(out, sizeof(out), "%s.%s", prefix, ext[e]);
		if (rename(tmp, out)) {
			fprintf(stderr, "hatrace " CMD ": %s: %s\n", out, strerror(errno));
			return -1;
		}
	}
	fprintf(stderr, "hatrace " CMD ": the timeline: %s.png, %s.svg (gnuplot %s)\n", prefix,
		prefix, gp);
	return 0;
}
