/* SPDX-License-Identifier: MIT */
/*
 * outfile.h - an output file that never destroys what was there before.
 *
 * A regular OUT (or one that does not exist yet) is written to a temporary
 * file beside it (mkstemp in OUT's directory, with the permissions a new
 * file would get) that is renamed over OUT only by outfile_commit(); on
 * any failure the temporary file is removed and OUT is untouched.  A
 * symbolic link OUT is followed: the file it points to is replaced, the
 * link stays.  A character device or FIFO OUT, and "-" (standard output),
 * are written through: never truncated, removed or replaced.  Anything
 * else (a directory, a block device, a socket) is refused.
 */
#ifndef HATRACE_OUTFILE_H
#define HATRACE_OUTFILE_H

#include <stdio.h>

struct outfile {
	const char *path;	/* OUT as given */
	char *target;		/* what the temporary file replaces, NULL: written through */
	char *tmp;		/* the temporary file, NULL: written through */
	FILE *f;		/* write here */
};

/* Open @path ("-": standard output); 0, or -1 with "PATH: message" in @err. */
int outfile_open(struct outfile *o, const char *path, char *err, size_t errlen);
/*
 * Flush and close, rename the temporary file over OUT; 0, or -1 with
 * "PATH: message" in @err (then as outfile_abort()).
 */
int outfile_commit(struct outfile *o, char *err, size_t errlen);
/*
 * Close and remove the temporary file: OUT is as it was.  A no-op after
 * outfile_commit(), a failed outfile_open() or another outfile_abort().
 */
void outfile_abort(struct outfile *o);

#endif /* HATRACE_OUTFILE_H */
