// SPDX-License-Identifier: MIT
/*
 * signature.c - a violation's signature as a string, and the patterns that
 * select signatures (signature.h).
 */
#include "signature.h"

#include <stdio.h>
#include <string.h>

void signature_of(const struct hat_violation *v, struct signature *s)
{
	s->id = v->id;
	s->func = v->func;
	s->detail = v->detail;
}

const char *signature_format(const struct signature *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%s%s%s", inv_name(s->id), s->func ? s->func : "?",
		 s->detail ? ":" : "", s->detail ? s->detail : "");
	return buf;
}

static bool same_name(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool signature_equal(const struct signature *a, const struct signature *b)
{
	return a->id == b->id && same_name(a->func, b->func) && same_name(a->detail, b->detail);
}

bool signature_match(const char *pat, size_t len, const struct signature *s)
{
	char buf[SIGNATURE_MAX];
	size_t n = strlen(signature_format(s, buf, sizeof(buf)));

	return len <= n && !memcmp(pat, buf, len) && (len == n || buf[len] == ':');
}

/* Each pattern of @list in turn: @fn(pattern, length, @arg) until it returns true. */
static bool each_pattern(const char *list, bool (*fn)(const char *, size_t, void *), void *arg)
{
	const char *e;

	for (const char *p = list; p && *p; p = *e ? e + 1 : e) {
		e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		if (fn(p, (size_t)(e - p), arg))
			return true;
	}
	return false;
}

static bool match_one(const char *pat, size_t len, void *s)
{
	return len && signature_match(pat, len, s);
}

bool signature_list_match(const char *list, const struct signature *s)
{
	return each_pattern(list, match_one, (void *)s);
}

struct check_ctx {
	char *err;
	size_t errlen;
};

/* A bad pattern: the message into the context, and stop. */
static bool bad_pattern(const char *pat, size_t len, void *arg)
{
	struct check_ctx *c = arg;
	const char *colon = memchr(pat, ':', len);
	size_t id_len = colon ? (size_t)(colon - pat) : len;
	unsigned int fields = 1;
	bool empty = !id_len;

	if (!len)
		return false;	/* "I4,,I1": an empty entry is skipped */
	for (size_t i = 0; i < len; i++) {
		if (pat[i] != ':')
			continue;
		fields++;
		empty |= i + 1 == len || pat[i + 1] == ':';
	}
	if (empty || fields > 3)
		snprintf(c->err, c->errlen, "'%.*s' is not ID[:FUNCTION[:DETAIL]]", (int)len, pat);
	else if (inv_lookup(pat, id_len) < 0)
		snprintf(c->err, c->errlen, "unknown invariant '%.*s'", (int)id_len, pat);
	else
		return false;
	return true;
}

int signature_list_check(const char *list, char *err, size_t errlen)
{
	struct check_ctx c = { err, errlen };

	return list && each_pattern(list, bad_pattern, &c) ? -1 : 0;
}

bool signature_counts(const struct hat_violation *v, void *filter)
{
	const struct signature_filter *f = filter;
	struct signature s;

	signature_of(v, &s);
	return (!f->only || !*f->only || signature_list_match(f->only, &s)) &&
	       !signature_list_match(f->ignore, &s);
}
