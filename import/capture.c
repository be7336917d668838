// SPDX-License-Identifier: MIT
/*
 * capture.c - a capture directory: its manifest or the shared layout
 * (capture.h).
 */
#define _POSIX_C_SOURCE 200809L

#include "capture.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input.h"
#include "model.h"

#define MANIFEST	"manifest.txt"
#define SHARED_TRACE	"debian-6.1-kmem-trace.txt.xz"

static bool is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

static int join(char *buf, size_t len, const char *dir, const char *name)
{
	return snprintf(buf, len, "%s/%s", dir, name) >= (int)len ? -1 : 0;
}

bool capture_file(const struct capture *c, unsigned int i, const char *kind, char *buf,
		  size_t len)
{
	const char *fmt = strcmp(kind, "kpageflags") ? "%s/%s-%s.txt" : "%s/%s-%s.bin.xz";

	if (snprintf(buf, len, fmt, c->dir, kind, c->snap[i].name) >= (int)len)
		return false;
	return is_file(buf);
}

static const char *const required_kinds[] = { "zoneinfo", "pagetypeinfo" };

/* Snapshot @i's required files: 0, or -1 with the first one missing in @err. */
static int check_snapshot(const struct capture *c, unsigned int i, char *err, size_t errlen)
{
	char path[CAPTURE_PATH_MAX + 64];

	for (size_t k = 0; k < sizeof(required_kinds) / sizeof(required_kinds[0]); k++) {
		if (capture_file(c, i, required_kinds[k], path, sizeof(path)))
			continue;
		if (c->manifest[0])
			snprintf(err, errlen, "%s:%lu: snapshot %s: %s: not found", c->manifest,
				 c->snap[i].line, c->snap[i].name, path);
		else
			snprintf(err, errlen, "%s: not found (a capture directory without %s holds the snapshots pre and post)",
				 path, MANIFEST);
		return -1;
	}
	return 0;
}

static bool name_ok(const char *s)
{
	if (!*s || strlen(s) >= CAPTURE_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.'))
			return false;
	return true;
}

static int add_snapshot(struct capture *c, const char *name, unsigned long line, char *err,
			size_t errlen)
{
	if (!name_ok(name)) {
		snprintf(err, errlen, "%s:%lu: snapshot: '%.64s' is not a name (letters, digits, '_', '-', '.')",
			 c->manifest, line, name);
		return -1;
	}
	for (unsigned int i = 0; i < c->nr_snapshots; i++) {
		if (!strcmp(c->snap[i].name, name)) {
			snprintf(err, errlen, "%s:%lu: snapshot %s: named twice (line %lu)", c->manifest,
				 line, name, c->snap[i].line);
			return -1;
		}
	}
	if (c->nr_snapshots == CAPTURE_MAX_SNAPSHOTS) {
		snprintf(err, errlen, "%s:%lu: more than %d snapshots", c->manifest, line,
			 CAPTURE_MAX_SNAPSHOTS);
		return -1;
	}
	snprintf(c->snap[c->nr_snapshots].name, CAPTURE_NAME_MAX, "%s", name);
	c->snap[c->nr_snapshots++].line = line;
	return 0;
}

/* The shared layout: the one kmem trace, snapshots pre and post. */
static int open_shared(struct capture *c, char *err, size_t errlen)
{
	struct dirent *d;
	DIR *dir;
	int found = 0;

	if (join(c->trace, sizeof(c->trace), c->dir, SHARED_TRACE) || !is_file(c->trace)) {
		dir = opendir(c->dir);
		if (!dir) {
			snprintf(err, errlen, "%s: %s", c->dir, strerror(errno));
			return -1;
		}
		while ((d = readdir(dir))) {
			char p[CAPTURE_PATH_MAX];

			if (strstr(d->d_name, "kmem-trace.txt") && !join(p, sizeof(p), c->dir, d->d_name) &&
			    is_file(p) && !found++)
				memcpy(c->trace, p, sizeof(p));
		}
		closedir(dir);
		if (found != 1) {
			snprintf(err, errlen, "%s: no %s, and %s kmem trace (*kmem-trace.txt*)", c->dir,
				 MANIFEST, found ? "more than one" : "no");
			return -1;
		}
	}
	if (join(c->console, sizeof(c->console), c->dir, "console.txt") || !is_file(c->console))
		c->console[0] = '\0';
	add_snapshot(c, "pre", 0, err, errlen);
	add_snapshot(c, "post", 0, err, errlen);
	for (unsigned int i = 0; i < c->nr_snapshots; i++)
		if (check_snapshot(c, i, err, errlen))
			return -1;
	return 0;
}

/* sysctl NAME VALUE: a knob of the model's (vm. prefix optional), in its range. */
static int add_sysctl(struct capture *c, const char *val, unsigned long line, char *err,
		      size_t errlen)
{
	size_t n = strcspn(val, " \t");
	const char *name = val, *v = val + n + strspn(val + n, " \t");
	char *end;
	long x;
	int k;

	if (!strncmp(name, "vm.", 3)) {
		name += 3;
		n -= 3;
	}
	for (k = 0; k < HAT_NR_SYSCTLS; k++)
		if (strlen(hat_sysctls[k].name) == n && !strncmp(hat_sysctls[k].name, name, n))
			break;
	if (k == HAT_NR_SYSCTLS) {
		snprintf(err, errlen, "%s:%lu: sysctl '%.*s': not a knob the model has (the sysctl op's, docs/trace-format.md)",
			 c->manifest, line, (int)(n > 40 ? 40 : n), name);
		return -1;
	}
	errno = 0;
	x = strtol(v, &end, 10);
	if (*v < '0' || *v > '9' || *end || errno || x > hat_sysctls[k].max) {
		snprintf(err, errlen, "%s:%lu: sysctl %s: '%.20s' is not a number in [0, %ld]",
			 c->manifest, line, hat_sysctls[k].name, v, hat_sysctls[k].max);
		return -1;
	}
	if (c->nr_sysctls == CAPTURE_MAX_SYSCTLS) {
		snprintf(err, errlen, "%s:%lu: more than %d sysctl lines", c->manifest, line,
			 CAPTURE_MAX_SYSCTLS);
		return -1;
	}
	c->sysctl[c->nr_sysctls].knob = k;
	c->sysctl[c->nr_sysctls++].value = x;
	return 0;
}

/* The manifest's keys; a key of @once may come once. */
static const struct {
	const char *key;
	bool once, rest;	/* rest: the value is the rest of the line */
} keys[] = {
	{ "hatrace-capture", true, false }, { "workload", true, false },
	{ "kernel", true, false },	     { "package", true, false },
	{ "uname", true, true },	     { "cmdline", true, true },
	{ "qemu", true, true },		     { "trace", true, false },
	{ "console", true, false },	     { "showmem", true, false },
	{ "snapshot", false, false },	     { "oom-kills", true, false },
	{ "sysctl", false, true },
};
#define NR_KEYS	(sizeof(keys) / sizeof(keys[0]))

/* One manifest line, split into key and value (NUL-terminated in place). */
static int manifest_line(struct capture *c, char *p, unsigned long line, unsigned long seen[],
			 char *err, size_t errlen)
{
	char *key = p, *val, *end;
	size_t k;

	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p)
		*p++ = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	val = p;
	for (end = val + strlen(val); end > val && (end[-1] == ' ' || end[-1] == '\t'); end--)
		;
	*end = '\0';
	for (k = 0; k < NR_KEYS && strcmp(keys[k].key, key); k++)
		;
	if (k == NR_KEYS) {
		snprintf(err, errlen, "%s:%lu: unknown key '%.40s' (hatrace-capture, workload, kernel, package, uname, cmdline, qemu, trace, console, showmem, snapshot, oom-kills, sysctl)",
			 c->manifest, line, key);
		return -1;
	}
	if (!seen[0] && k) {
		snprintf(err, errlen, "%s:%lu: the first line must be 'hatrace-capture 1', not '%.40s'",
			 c->manifest, line, key);
		return -1;
	}
	if (keys[k].once && seen[k]) {
		snprintf(err, errlen, "%s:%lu: '%s' again (line %lu)", c->manifest, line, key, seen[k]);
		return -1;
	}
	seen[k] = line;
	if (!*val || (!keys[k].rest && strpbrk(val, " \t"))) {
		snprintf(err, errlen, "%s:%lu: %s: %s", c->manifest, line, key,
			 *val ? "one value expected" : "a value expected");
		return -1;
	}
	if (!strcmp(key, "hatrace-capture") && strcmp(val, "1")) {
		snprintf(err, errlen, "%s:%lu: hatrace-capture %.20s: only version 1 is known",
			 c->manifest, line, val);
		return -1;
	}
	if (!strcmp(key, "workload"))
		snprintf(c->workload, sizeof(c->workload), "%s", val);
	else if (!strcmp(key, "kernel"))
		snprintf(c->kernel, sizeof(c->kernel), "%s", val);
	else if (!strcmp(key, "snapshot"))
		return add_snapshot(c, val, line, err, errlen);
	else if (!strcmp(key, "sysctl"))
		return add_sysctl(c, val, line, err, errlen);
	else if (!strcmp(key, "oom-kills")) {
		char *e;

		errno = 0;
		c->oom_kills = strtoul(val, &e, 10);
		if (*val < '0' || *val > '9' || *e || errno) {
			snprintf(err, errlen, "%s:%lu: oom-kills: '%.20s' is not a number", c->manifest,
				 line, val);
			return -1;
		}
		c->has_oom_kills = true;
		c->oom_kills_line = line;
	} else if (!strcmp(key, "trace") || !strcmp(key, "console")) {
		char *dst = !strcmp(key, "trace") ? c->trace : c->console;

		if (join(dst, CAPTURE_PATH_MAX, c->dir, val) || !is_file(dst)) {
			snprintf(err, errlen, "%s:%lu: %s %.200s: not found in %s", c->manifest, line,
				 key, val, c->dir);
			return -1;
		}
	}
	return 0;
}

static int open_manifest(struct capture *c, char *err, size_t errlen)
{
	unsigned long seen[NR_KEYS] = { 0 };
	struct instream in;
	char cerr[256];
	size_t len;
	char *line;
	int ret = 0;

	if (instream_open(&in, c->manifest, err, errlen))
		return -1;
	while (!ret && (line = instream_line(&in, &len))) {
		char *p = line;

		if (strlen(line) != len) {
			snprintf(err, errlen, "%s:%lu: a NUL byte: not a manifest", c->manifest,
				 in.lineno);
			ret = -1;
			break;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != '#')
			ret = manifest_line(c, p, in.lineno, seen, err, errlen);
	}
	if (instream_close(&in, ret != 0, cerr, sizeof(cerr)) && !ret) {
		snprintf(err, errlen, "%s", cerr);
		ret = -1;
	}
	if (ret)
		return -1;
	if (!seen[0] || !c->trace[0] || !c->nr_snapshots) {
		snprintf(err, errlen, "%s: %s", c->manifest,
			 !seen[0] ? "empty: no 'hatrace-capture 1' line" :
			 !c->trace[0] ? "no 'trace FILE' line" : "no 'snapshot NAME' line");
		return -1;
	}
	for (unsigned int i = 0; i < c->nr_snapshots; i++)
		if (check_snapshot(c, i, err, errlen))
			return -1;
	return 0;
}

int capture_open(const char *dir, struct capture *c, char *err, size_t errlen)
{
	struct stat st;

	memset(c, 0, sizeof(*c));
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", dir,
			 stat(dir, &st) ? strerror(errno) : "not a directory (a capture directory)");
		return -1;
	}
	if (snprintf(c->dir, sizeof(c->dir), "%s", dir) >= (int)sizeof(c->dir) ||
	    join(c->manifest, sizeof(c->manifest), c->dir, MANIFEST)) {
		snprintf(err, errlen, "%.200s...: path too long", dir);
		return -1;
	}
	if (!is_file(c->manifest)) {
		c->manifest[0] = '\0';
		return open_shared(c, err, errlen);
	}
	return open_manifest(c, err, errlen);
}

int capture_marker_snapshot(const struct capture *c, const char *text, bool *end)
{
	const char *p = strstr(text, "KTRACE_MARK snapshot "), *w;
	size_t n, wl;

	if (!p)
		return -1;
	p += strlen("KTRACE_MARK snapshot ");
	n = strcspn(p, " \t");
	w = p + n + strspn(p + n, " \t");
	wl = strcspn(w, " \t");
	*end = wl == 3 && !strncmp(w, "end", 3);
	if (!*end && (wl != 5 || strncmp(w, "begin", 5)))
		return -1;
	for (unsigned int i = 0; i < c->nr_snapshots; i++)
		if (strlen(c->snap[i].name) == n && !memcmp(c->snap[i].name, p, n))
			return (int)i;
	return -1;
}

long capture_console_kills(const struct capture *c)
{
	struct instream in;
	char err[256];
	size_t len;
	char *line;
	long n = 0;

	if (!c->console[0] || instream_open(&in, c->console, err, sizeof(err)))
		return -1;
	while ((line = instream_line(&in, &len)))
		if (strstr(line, "out of memory: Killed process") ||
		    strstr(line, "Out of memory: Killed process"))
			n++;
	return instream_close(&in, false, err, sizeof(err)) ? -1 : n;
}
