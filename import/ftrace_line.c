// SPDX-License-Identifier: MIT
/*
 * ftrace_line.c - the kmem importer's line parsing (see ftrace_int.h):
 * an event line split into task, CPU, flags, timestamp, event and payload
 * (ftrace_split_line(), ftrace.h), the payload's key=value fields and
 * their numbers.
 */
#include <stdint.h>
#include <string.h>

#include "ftrace_int.h"

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

const char *ft_skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* What follows "[CPU]": [FLAGS] TIMESTAMP: EVENT: payload */
static int split_rest(const char *p, struct ftrace_line *fl, const char **why)
{
	for (int i = 0;; i++) {
		const char *tok;
		size_t n;
		bool num = true;

		p = ft_skip_blanks(p);
		tok = p;
		while (*p && !is_blank(*p))
			p++;
		n = (size_t)(p - tok);
		if (!n || i == 2) {
			*why = "no timestamp after [CPU]";
			return -1;
		}
		if (tok[n - 1] == ':' && n > 1) {
			for (size_t k = 0; k + 1 < n; k++)
				if (!is_digit(tok[k]) && tok[k] != '.')
					num = false;
			if (num) {
				fl->ts = tok;
				fl->ts_len = n - 1;
				break;
			}
		}
		/* the flags column: hardirq/softirq is the third character */
		if (i == 0 && n >= 3 && strchr("hHsZz", tok[2]))
			fl->irq = tok[2];
	}
	/* EVENT: (perf script: group:event:) */
	p = ft_skip_blanks(p);
	fl->event = p;
	while (*p && !is_blank(*p))
		p++;
	if (p == fl->event || p[-1] != ':') {
		*why = "no event name after the timestamp";
		return -1;
	}
	fl->event_len = (size_t)(p - fl->event) - 1;
	for (size_t k = fl->event_len; k > 0; k--) {
		if (fl->event[k - 1] == ':') {
			fl->event += k;
			fl->event_len -= k;
			break;
		}
	}
	if (!fl->event_len) {
		*why = "empty event name";
		return -1;
	}
	fl->payload = ft_skip_blanks(p);
	return 0;
}

/* TASK-PID (ftrace) or COMM PID (perf) right before the "[CPU]" at @b: the pid, or -1. */
static long task_pid(const char *s, const char *b)
{
	const char *e = b, *d;
	long pid = 0;

	while (e > s && is_blank(e[-1]))
		e--;
	for (d = e; d > s && is_digit(d[-1]); d--)
		;
	if (d == e || e - d > 9 || (d > s && d[-1] != '-' && !is_blank(d[-1])))
		return -1;
	for (; d < e; d++)
		pid = pid * 10 + (*d - '0');
	return pid;
}

int ftrace_split_line(const char *s, struct ftrace_line *fl, const char **why)
{
	const char *b, *first_why = NULL;

	/*
	 * [CPU]: a "[digits]" followed by a blank; the task name before it may
	 * hold one too, so each candidate is tried until the rest parses.
	 */
	for (b = strchr(s, '['); b; b = strchr(b + 1, '[')) {
		const char *q = b + 1;
		unsigned long cpu = 0;

		if (!is_digit(*q))
			continue;
		while (is_digit(*q) && cpu < 1000000)
			cpu = cpu * 10 + (unsigned long)(*q++ - '0');
		if (*q != ']' || !is_blank(q[1]))
			continue;
		memset(fl, 0, sizeof(*fl));
		fl->cpu = (unsigned int)cpu;
		fl->pid = task_pid(s, b);
		if (!split_rest(q + 1, fl, why))
			return 0;
		if (!first_why)
			first_why = *why;
	}
	*why = first_why ? first_why : "no [CPU] field";
	return -1;
}

void ft_split_fields(const char *p, struct fields *f)
{
	f->n = 0;
	while (*p && f->n < MAX_FIELDS) {
		const char *tok, *eq = NULL;

		p = ft_skip_blanks(p);
		tok = p;
		while (*p && !is_blank(*p)) {
			if (*p == '=' && !eq)
				eq = p;
			p++;
		}
		if (eq && eq > tok) {
			f->k[f->n] = tok;
			f->kl[f->n] = (size_t)(eq - tok);
			f->v[f->n] = eq + 1;
			f->vl[f->n] = (size_t)(p - eq - 1);
			f->n++;
		}
	}
}

bool ft_field(const struct fields *f, const char *key, const char **v, size_t *vl)
{
	size_t kl = strlen(key);

	for (int i = 0; i < f->n; i++) {
		if (f->kl[i] == kl && !memcmp(f->k[i], key, kl)) {
			*v = f->v[i];
			*vl = f->vl[i];
			return true;
		}
	}
	return false;
}

/* An unsigned number, 0x hex or decimal: the whole word. */
static bool parse_num(const char *s, size_t n, uint64_t *out, bool *hex)
{
	uint64_t v = 0;
	size_t i = 0;

	*hex = false;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		*hex = true;
		i = 2;
	}
	if (i >= n)
		return false;
	for (; i < n; i++) {
		unsigned int d;
		char ch = s[i];

		if (is_digit(ch))
			d = (unsigned int)(ch - '0');
		else if (*hex && ch >= 'a' && ch <= 'f')
			d = (unsigned int)(ch - 'a' + 10);
		else if (*hex && ch >= 'A' && ch <= 'F')
			d = (unsigned int)(ch - 'A' + 10);
		else
			return false;
		if (v > (UINT64_MAX - d) / (*hex ? 16 : 10))
			return false;
		v = v * (*hex ? 16 : 10) + d;
	}
	*out = v;
	return true;
}

/* A required numeric field; false (and a malformed line) if missing or bad. */
bool ft_num_field(struct ctx *c, const struct fields *f, const char *ev, const char *key,
		      uint64_t *out, bool *hex)
{
	const char *v;
	size_t vl;
	bool h;

	if (!ft_field(f, key, &v, &vl)) {
		ft_problem(c, true, 0, "%s: no %s= field", ev, key);
		return false;
	}
	if (!parse_num(v, vl, out, hex ? hex : &h)) {
		ft_problem(c, true, 0, "%s: %s=%.*s is not a number", ev, key, (int)(vl > 40 ? 40 : vl), v);
		return false;
	}
	return true;
}

/* An optional numeric field: -1 if missing or not a number. */
int64_t ft_opt_field(const struct fields *f, const char *key)
{
	const char *v;
	size_t vl;
	uint64_t x;
	bool h;

	if (!ft_field(f, key, &v, &vl) || !parse_num(v, vl, &x, &h) || x > INT32_MAX)
		return -1;
	return (int64_t)x;
}

enum ftrace_event ft_event_kind(const struct ftrace_line *fl)
{
	for (int e = 0; e < FEV_OTHER; e++)
		if (strlen(ftrace_event_names[e]) == fl->event_len &&
		    !memcmp(ftrace_event_names[e], fl->event, fl->event_len))
			return (enum ftrace_event)e;
	return FEV_OTHER;
}
