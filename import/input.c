// SPDX-License-Identifier: MIT
/*
 * input.c - plain or compressed input as lines or bytes (see input.h).
 */
#define _POSIX_C_SOURCE 200809L

#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define INBUF_SIZE	(1u << 20)
#define MAX_LINE	(16u << 20)

static const struct {
	const char *tool;
	const char *magic;
	size_t len;
} magics[] = {
	{ "xz", "\xfd" "7zXZ\0", 6 },
	{ "gzip", "\x1f\x8b", 2 },
	{ "zstd", "\x28\xb5\x2f\xfd", 4 },
	{ "bzip2", "BZh", 3 },
};

const char *compression_tool(const unsigned char *magic, size_t n)
{
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (n >= magics[i].len && !memcmp(magic, magics[i].magic, magics[i].len))
			return magics[i].tool;
	return NULL;
}

static ssize_t read_some(int fd, void *dst, size_t n)
{
	ssize_t r;

	do
		r = read(fd, dst, n);
	while (r < 0 && errno == EINTR);
	return r;
}

static int spawn_tool(struct instream *s, char *err, size_t errlen)
{
	posix_spawn_file_actions_t fa;
	char *argv[5];
	int pfd[2], rc;

	if (pipe(pfd)) {
		snprintf(err, errlen, "%s: pipe: %s", s->path, strerror(errno));
		return -1;
	}
	argv[0] = (char *)s->tool;
	argv[1] = (char *)"-dc";
	argv[2] = (char *)"--";
	argv[3] = (char *)s->path;
	argv[4] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, pfd[0]);
	posix_spawn_file_actions_addclose(&fa, pfd[1]);
	rc = posix_spawnp(&s->pid, s->tool, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (rc) {
		close(pfd[0]);
		s->pid = 0;
		snprintf(err, errlen, "%s: cannot run '%s -dc' to decompress it: %s", s->path,
			 s->tool, strerror(rc));
		return -1;
	}
	s->fd = pfd[0];
	return 0;
}

int instream_open(struct instream *s, const char *path, char *err, size_t errlen)
{
	const char *tool;
	ssize_t n;

	memset(s, 0, sizeof(*s));
	s->path = path;
	s->fd = -1;
	s->buf = malloc(INBUF_SIZE);
	if (!s->buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	s->cap = INBUF_SIZE;
	if (!strcmp(path, "-")) {
		s->fd = STDIN_FILENO;
	} else {
		s->fd = open(path, O_RDONLY);
		if (s->fd < 0) {
			snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
			goto fail;
		}
	}
	/* the magic: up to 6 bytes, kept as the first unread bytes of a plain file */
	while (s->end < 6) {
		n = read_some(s->fd, s->buf + s->end, 6 - s->end);
		if (n < 0) {
			snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
			goto fail;
		}
		if (!n)
			break;
		s->end += (size_t)n;
	}
	tool = compression_tool((const unsigned char *)s->buf, s->end);
	if (!tool) {
		s->bytes = s->end;
		return 0;
	}
	if (s->fd == STDIN_FILENO) {
		snprintf(err, errlen, "-: compressed (%s) standard input: pass the file name, or decompress it first",
			 tool);
		s->fd = -1;
		goto fail;
	}
	close(s->fd);
	s->fd = -1;
	s->start = s->end = 0;
	s->tool = tool;
	if (spawn_tool(s, err, errlen))
		goto fail;
	return 0;
fail:
	if (s->fd > STDIN_FILENO)
		close(s->fd);
	s->fd = -1;
	free(s->buf);
	s->buf = NULL;
	return -1;
}

int instream_open_mem(struct instream *s, const char *name, const void *data, size_t len,
		      char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->path = name;
	s->fd = -1;
	s->buf = malloc(len + 1);	/* instream_line's spare byte */
	if (!s->buf) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	if (len)
		memcpy(s->buf, data, len);
	s->cap = len + 1;
	s->end = len;
	s->bytes = len;
	s->eof = true;
	return 0;
}

/* Read more into the buffer; false at the end or on an error. */
static bool refill(struct instream *s)
{
	ssize_t n;

	if (s->eof)
		return false;
	if (s->start) {
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->end -= s->start;
		s->start = 0;
	}
	if (s->end + 1 >= s->cap) {
		size_t cap = s->cap * 2;
		char *b;

		if (cap > MAX_LINE + 1 || !(b = realloc(s->buf, cap))) {
			s->read_errno = EFBIG;
			s->eof = true;
			return false;
		}
		s->buf = b;
		s->cap = cap;
	}
	n = read_some(s->fd, s->buf + s->end, s->cap - 1 - s->end);
	if (n <= 0) {
		if (n < 0)
			s->read_errno = errno;
		s->eof = true;
		return false;
	}
	s->end += (size_t)n;
	s->bytes += (uint64_t)n;
	return true;
}

char *instream_line(struct instream *s, size_t *len)
{
	for (;;) {
		char *line = s->buf + s->start;
		char *nl = memchr(line, '\n', s->end - s->start);
		size_t n;

		if (nl || (s->eof && s->start < s->end && !s->read_errno)) {
			if (nl) {
				n = (size_t)(nl - line);
				s->start += n + 1;
			} else {	/* the last line has no '\n' */
				n = s->end - s->start;
				s->start = s->end;
			}
			line[n] = '\0';	/* the buffer keeps one byte spare */
			if (n && line[n - 1] == '\r')
				line[--n] = '\0';
			s->lineno++;
			*len = n;
			return line;
		}
		if (!refill(s) && (s->read_errno || s->start == s->end))
			return NULL;
	}
}

size_t instream_read(struct instream *s, void *dst, size_t n)
{
	size_t got = 0;

	while (got < n) {
		size_t have = s->end - s->start;

		if (have) {
			size_t k = have < n - got ? have : n - got;

			memcpy((char *)dst + got, s->buf + s->start, k);
			s->start += k;
			got += k;
			continue;
		}
		s->start = s->end = 0;
		if (!refill(s))
			break;
	}
	return got;
}

int instream_close(struct instream *s, bool stopped_early, char *err, size_t errlen)
{
	int ret = 0, status;

	if (s->read_errno) {
		if (s->read_errno == EFBIG)
			snprintf(err, errlen, "%s: a line longer than %u MiB", s->path, MAX_LINE >> 20);
		else
			snprintf(err, errlen, "%s: read error: %s", s->path, strerror(s->read_errno));
		ret = -1;
	}
	if (s->fd > STDIN_FILENO)
		close(s->fd);
	s->fd = -1;
	if (s->pid > 0) {
		pid_t r;

		do
			r = waitpid(s->pid, &status, 0);
		while (r < 0 && errno == EINTR);
		if (r < 0) {
			if (!ret)
				snprintf(err, errlen, "%s: waiting for %s: %s", s->path, s->tool,
					 strerror(errno));
			ret = -1;
		} else if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
			if (!ret)
				snprintf(err, errlen, "%s: '%s' not found: it is needed to decompress this file",
					 s->path, s->tool);
			ret = -1;
		} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE && stopped_early) {
			/* we stopped reading: fine */
		} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			if (!ret && !stopped_early)
				snprintf(err, errlen, "%s: '%s -dc' failed (%s %d): the file is damaged or truncated",
					 s->path, s->tool, WIFEXITED(status) ? "exit" : "signal",
					 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
			if (!stopped_early)
				ret = -1;
		}
		s->pid = 0;
	}
	free(s->buf);
	s->buf = NULL;
	return ret;
}
