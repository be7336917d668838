// SPDX-License-Identifier: MIT
/*
 * outfile.c - an output file written beside OUT and renamed over it on
 * success; devices, FIFOs and standard output written through (outfile.h).
 */
#define _XOPEN_SOURCE 700	/* mkstemp, realpath, fdopen */

#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_through(const struct stat *st)
{
	return S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode);
}

/* An existing character device or FIFO, opened without O_CREAT or O_TRUNC. */
static int open_through(struct outfile *o, char *err, size_t errlen)
{
	int fd = open(o->path, O_WRONLY | O_NOCTTY);

	if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "%s: cannot open: %s", o->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return 0;
}

/* The temporary file beside o->target, with the mode of a new file. */
static int open_tmp(struct outfile *o, char *err, size_t errlen)
{
	const char *slash = strrchr(o->target, '/');
	int dirlen = slash ? (int)(slash - o->target) + 1 : 0;
	const char *base = o->target + dirlen;
	size_t n = strlen(o->target) + sizeof("/..XXXXXX");
	mode_t mask;
	int fd;

	o->tmp = malloc(n);
	if (!o->tmp) {
		snprintf(err, errlen, "%s: out of memory", o->path);
		return -1;
	}
	snprintf(o->tmp, n, "%.*s.%s.XXXXXX", dirlen, o->target, base);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", o->path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) || !(o->f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "%s: cannot create: %s", o->path, strerror(errno));
		close(fd);
		outfile_abort(o);
		return -1;
	}
	return 0;
}

int outfile_open(struct outfile *o, const char *path, char *err, size_t errlen)
{
	struct stat st;

	memset(o, 0, sizeof(*o));
	o->path = path;
	if (!strcmp(path, "-")) {
		o->f = stdout;
		return 0;
	}
	if (!*path) {
		snprintf(err, errlen, "(empty): no file name");
		return -1;
	}
	if (!lstat(path, &st) && S_ISLNK(st.st_mode)) {
		o->target = realpath(path, NULL);	/* replace the file, keep the link */
		if (!o->target) {
			snprintf(err, errlen, "%s: cannot follow the symbolic link: %s", path,
				 strerror(errno));
			return -1;
		}
	} else {
		o->target = strdup(path);
		if (!o->target) {
			snprintf(err, errlen, "%s: out of memory", path);
			return -1;
		}
	}
	if (!stat(o->target, &st) && !S_ISREG(st.st_mode)) {
		free(o->target);
		o->target = NULL;
		if (is_through(&st))
			return open_through(o, err, errlen);
		snprintf(err, errlen, "%s: %s", path, S_ISDIR(st.st_mode) ? "is a directory" :
			 "not a regular file, character device or FIFO");
		return -1;
	}
	if (open_tmp(o, err, errlen)) {
		free(o->target);
		o->target = NULL;
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *o, char *err, size_t errlen)
{
	int werr = 0;

	errno = 0;
	if (fflush(o->f) || ferror(o->f))
		werr = errno ? errno : EIO;
	if (o->f != stdout) {
		if (fclose(o->f) && !werr)
			werr = errno ? errno : EIO;
		o->f = NULL;
	}
	if (!werr && o->tmp && rename(o->tmp, o->target))
		werr = errno;
	if (werr) {
		snprintf(err, errlen, "%s: cannot write: %s", o->f == stdout ? "<stdout>" : o->path,
			 strerror(werr));
		outfile_abort(o);
		return -1;
	}
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp)
		unlink(o->tmp);	/* ours: made by mkstemp */
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
}
