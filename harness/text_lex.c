// SPDX-License-Identifier: MIT
/*
 * text_lex.c - the parser's lexical layer (text_parser.h): error messages
 * at a line and column, words, numbers with their bounds, identifiers, and
 * the scan of one line into words.
 */
#include "text_parser.h"

#include <stdarg.h>
__attribute__((format(printf, 3, 4)))
int perr(struct parser *p, size_t col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->errlen)
		return -1;
	n = snprintf(p->err, p->errlen, "%s:%" PRIu32 ":%zu: ", p->name, p->line,
		     col ? col : 1);
	if (n >= 0 && (size_t)n < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

const char *word(const char *s, size_t len, struct wordbuf *b)
{
	if (len > 40)
		snprintf(b->s, sizeof(b->s), "%.37s...", s);
	else
		snprintf(b->s, sizeof(b->s), "%.*s", (int)len, s);
	return b->s;
}

bool tok_is(const struct tok *tk, const char *s)
{
	return tk->len == strlen(s) && !memcmp(tk->s, s, tk->len);
}

/* The value of "KEY=VALUE" as a word of its own. */
struct tok tok_value(const struct tok *tk, size_t keylen)
{
	struct tok v = { tk->s + keylen + 1, tk->len - keylen - 1, tk->col + keylen + 1 };

	return v;
}

static int digit(char c, int base)
{
	int d = c >= '0' && c <= '9' ? c - '0' :
		c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;

	return d < base ? d : -1;
}

/* Whether @tk is a number: [+-] then decimal digits or 0x hex digits. */
bool scan_number(const struct tok *tk, bool *neg, uint64_t *val, bool *overflow)
{
	size_t i = 0;
	int base = 10;
	uint64_t v = 0;

	*neg = false;
	*overflow = false;
	if (i < tk->len && (tk->s[i] == '-' || tk->s[i] == '+'))
		*neg = tk->s[i++] == '-';
	if (tk->len - i > 2 && tk->s[i] == '0' && (tk->s[i + 1] == 'x' || tk->s[i + 1] == 'X')) {
		base = 16;
		i += 2;
	}
	if (i == tk->len)
		return false;
	for (; i < tk->len; i++) {
		int d = digit(tk->s[i], base);

		if (d < 0)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			*overflow = true;
		else
			v = v * (uint64_t)base + (uint64_t)d;
	}
	*val = v;
	return true;
}

/*
 * A number for @what, saturated to INT64_MIN or INT64_MAX when it does not
 * fit in 64 bits: every field's range lies strictly inside, so the caller's
 * range check refuses it and gives the field's own range.
 */
int parse_int(struct parser *p, const struct tok *tk, const char *what, int64_t *out)
{
	bool neg, overflow;
	uint64_t v;

	if (!scan_number(tk, &neg, &v, &overflow))
		return perr(p, tk->col, "%s: '%s' is not a number (decimal or 0x hex)",
			    what, W(tk));
	if (overflow || v > (uint64_t)INT64_MAX + neg)
		*out = neg ? INT64_MIN : INT64_MAX;
	else
		*out = !neg ? (int64_t)v : v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	return 0;
}

/* Parse a number of [lo, hi] for @what (INT64_MIN < lo, hi < INT64_MAX). */
int parse_num(struct parser *p, const struct tok *tk, int64_t lo, int64_t hi,
	      const char *what, int64_t *out)
{
	int64_t x = 0;

	if (parse_int(p, tk, what, &x))
		return -1;
	if (x < lo || x > hi)
		return perr(p, tk->col, "%s %s out of range [%" PRId64 ", %" PRId64 "]",
			    what, W(tk), lo, hi);
	*out = x;
	return 0;
}

int parse_uint(struct parser *p, const struct tok *tk, uint64_t lo, uint64_t hi,
	       const char *what, uint64_t *out)
{
	int64_t x = 0;

	if (parse_num(p, tk, (int64_t)lo, (int64_t)hi, what, &x))
		return -1;
	*out = (uint64_t)x;
	return 0;
}

bool is_ident(const struct tok *tk)
{
	if (!tk->len)
		return false;
	for (size_t i = 0; i < tk->len; i++) {
		char c = tk->s[i];
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

		if (!alpha && !(i && c >= '0' && c <= '9'))
			return false;
	}
	return true;
}

/* ---- lines ---- */

/* Length of the valid UTF-8 sequence at @s (1..4), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * Check the bytes of one line (without its newline) and split what comes
 * before a '#' into words.  Outside comments a line is printable ASCII and
 * tabs; a comment may also hold UTF-8.
 */
int scan_line(struct parser *p, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t content = len;

	for (size_t i = 0; i < len;) {
		unsigned char c = u[i];
		bool comment = i >= content;

		if (c == '#' && !comment) {
			content = i++;
			continue;
		}
		if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
			i++;
			continue;
		}
		if (c == 0)
			return perr(p, i + 1, "NUL byte: this is not a text trace");
		if (c == '\r')
			return perr(p, i + 1, "carriage return inside a line (only CRLF line ends are allowed)");
		if (c < 0x20 || c == 0x7f)
			return perr(p, i + 1, "control byte 0x%02x: this is not a text trace", c);
		if (!comment)
			return perr(p, i + 1, "non-ASCII byte 0x%02x outside a comment", c);
		{
			size_t n = utf8_len(u + i, len - i);

			if (!n)
				return perr(p, i + 1, "invalid UTF-8 byte 0x%02x in a comment", c);
			i += n;
		}
	}

	p->ntok = 0;
	p->end_col = 1;
	for (size_t i = 0; i < content;) {
		size_t start;

		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		start = i;
		while (i < content && s[i] != ' ' && s[i] != '\t')
			i++;
		if (p->ntok == MAX_TOKS)
			return perr(p, start + 1, "too many words on one line (at most %d)", MAX_TOKS);
		p->toks[p->ntok++] = (struct tok){ s + start, i - start, start + 1 };
		p->end_col = i + 1;
	}
	return 0;
}
