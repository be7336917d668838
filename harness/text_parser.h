/* SPDX-License-Identifier: MIT */
/*
 * text_parser.h - private to the text encoding (text.h): the parser's state
 * and tokens, and what its files share.  text_lex.c scans lines into words
 * and reads numbers; text_args.c reads an op's arguments and tracks handles;
 * text_header.c parses the header lines; text_parse.c the ops and the whole
 * text.  text_gfp.c holds the gfp names for both printing and parsing.
 */
#ifndef HATRACE_TEXT_PARSER_H
#define HATRACE_TEXT_PARSER_H

#include "text.h"
#include "model.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define MAX_TOKS	32	/* the longest line has 7 words */
#define COUNT_MAX	(INT64_C(1) << 40)	/* trace_validate()'s bound on counts */
#define NODE_PAGES_MAX	(1UL << 23)	/* node_init()'s HAT_MAX_NODE_PAGES */
#define MIN_FREE_KBYTES_MAX	INT32_MAX	/* vm.min_free_kbytes is an int */
#define PCP_FRACTION_MIN	8	/* node_init()'s bounds on percpu_pagelist_fraction */
#define PCP_FRACTION_MAX	(1UL << 20)

struct tok {
	const char *s;
	size_t len;
	size_t col;		/* 1-based */
};

enum { H_LIVE, H_FLIGHT, H_FREEING, H_FREED };

struct handle_info {
	const char *name;	/* points into the parsed buffer */
	size_t len;
	uint32_t def_line;	/* line of the defining op */
	uint32_t end_line;	/* line of the free / free-begin */
	uint8_t state;
	uint8_t order;
};

struct parser {
	const char *name;
	struct trace *t;
	char *err;
	size_t errlen;

	uint32_t line;
	struct tok toks[MAX_TOKS];
	int ntok;
	size_t end_col;		/* column just past the last word */

	uint32_t version_line, geometry_line, variant_line;
	uint32_t zone_line[HAT_NR_ZONES];
	uint32_t first_op_line;	/* 0 until the first op */
	unsigned long node_end;	/* end of the highest zone */
	int64_t managed[HAT_NR_ZONES];	/* managed_pages after the ops so far */

	struct handle_info *h;
	uint32_t nh, caph;
	uint32_t *tab;		/* open addressing: handle index + 1, 0 = empty */
	uint32_t tabcap;	/* power of two */
};

/* KEY=VALUE and flag arguments of alloc, free, free-begin, drain, unreserve. */
enum {
	K_CPU = 1 << 0,
	K_ORDER = 1 << 1,
	K_GFP = 1 << 2,
	K_LOOPS = 1 << 3,
	F_RT = 1 << 4,
	F_LRU = 1 << 5,
	F_FORCE = 1 << 6,
	F_REPORT = 1 << 7,
};

/* A word for a message: at most 40 bytes, then "...". */
struct wordbuf {
	char s[48];
};

#define W(tk)	word((tk)->s, (tk)->len, &(struct wordbuf){ { 0 } })

/* text_gfp.c: a gfp name (bit or composite) to its mask; -1 if unknown. */
int lookup_gfp_name(const char *s, size_t len, gfp_t *out);

/* text_lex.c: errors, words, numbers, lines. */
__attribute__((format(printf, 3, 4)))
int perr(struct parser *p, size_t col, const char *fmt, ...);
const char *word(const char *s, size_t len, struct wordbuf *b);
bool tok_is(const struct tok *tk, const char *s);
struct tok tok_value(const struct tok *tk, size_t keylen);
bool scan_number(const struct tok *tk, bool *neg, uint64_t *val, bool *overflow);
int parse_int(struct parser *p, const struct tok *tk, const char *what, int64_t *out);
int parse_num(struct parser *p, const struct tok *tk, int64_t lo, int64_t hi,
	      const char *what, int64_t *out);
int parse_uint(struct parser *p, const struct tok *tk, uint64_t lo, uint64_t hi,
	       const char *what, uint64_t *out);
bool is_ident(const struct tok *tk);
int scan_line(struct parser *p, const char *s, size_t len);

/* text_args.c: arguments, options and handles of ops. */
int no_more_args(struct parser *p, int n);
const struct tok *arg(struct parser *p, int i, const char *what);
int parse_zone(struct parser *p, const struct tok *tk, bool populated, uint8_t *out);
int parse_mt(struct parser *p, const struct tok *tk, uint8_t *out);
int parse_pfn(struct parser *p, const struct tok *tk, const char *what,
	      bool range, int64_t *out);
int parse_order(struct parser *p, const struct tok *tk, uint8_t *out);
int parse_sysctl(struct parser *p, const struct tok *tk, int64_t *out);
int parse_opts(struct parser *p, int first, unsigned int allowed, struct op *op);
int define_handle(struct parser *p, struct op *op, struct handle_info **out);
int use_handle(struct parser *p, struct op *op);

/* text_header.c: the header lines; the words that start them. */
extern const char *const header_words[5];
bool is_header_word(const struct tok *tk);
int parse_version(struct parser *p);
int parse_geometry(struct parser *p);
int parse_zone_line(struct parser *p);
int parse_variant_line(struct parser *p);
int parse_expect(struct parser *p);
int finish_header(struct parser *p);

#endif /* HATRACE_TEXT_PARSER_H */
