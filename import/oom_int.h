/* SPDX-License-Identifier: MIT */
/*
 * oom_int.h - what the OOM importer's files share (private to oom_*.c;
 * oom.h is the public API): the report's lines, the zone rebuild state,
 * and the functions of oom_text.c (messages, line splitting, tokens),
 * oom_lines.c (one report line each), oom_gfp.c (the request's gfp) and
 * oom_place.c (zone and buddy placement).  Calls go one way:
 * oom_build.c -> oom_parse.c (oom_import()), oom_place.c, oom_gfp.c;
 * oom_parse.c -> oom_lines.c; and all of them -> oom_text.c.
 */
#ifndef HATRACE_IMPORT_OOM_INT_H
#define HATRACE_IMPORT_OOM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oom.h"
#include "model.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The model's node limit (node.c HAT_MAX_NODE_PAGES): 32 GiB of 4 KiB pages. */
#define NODE_PAGES_LIMIT	(1UL << 23)
/* HAT_ZONE_DMA on x86: the first 16 MiB */
#define DMA_END_PFN		4096UL

/* "UMEHCI": the report's letter of each migrate type */
extern const char oom_type_letters[HAT_NR_MT + 1];
/* Zone names a report may print; the model has the first three. */
extern const char *const oom_report_zone_names[6];

/* ---- oom_text.c ---- */

struct rline {
	const char *s;		/* the text after any dmesg/syslog prefix */
	size_t len;
	uint32_t no;		/* 1-based line number in the file */
};


__attribute__((format(printf, 5, 6)))
int oom_fail(char *err, size_t errlen, const char *name, uint32_t line, const char *fmt, ...);
__attribute__((format(printf, 3, 4)))
void oom_note(struct oom_report *r, uint32_t line, const char *fmt, ...);
void oom_copy_printable(char *dst, size_t size, const char *s, size_t len);
struct rline *oom_split_lines(const char *buf, size_t len, uint32_t *n);
const char *oom_find(const char *s, size_t len, const char *needle);
bool oom_starts(const char *s, size_t len, const char *prefix);
int oom_zone_prefix(const char **s, size_t *len, const char *after, int *node);
bool oom_read_dec(const char **s, const char *end, unsigned long long *v);
bool oom_read_hex(const char **s, const char *end, unsigned long long *v);
bool oom_read_kb(const char **s, const char *end, unsigned long long *v);

/* ---- oom_lines.c ---- */

/* The numeric fields of a zone line ("free:", "min:", ...) */
struct kv {
	const char *key;
	size_t off;	/* offsetof in struct oom_zone, of a long long */
	bool v6;	/* a v6.x field */
};
#define OOM_NR_ZONE_FIELDS	13
extern const struct kv oom_zone_fields[OOM_NR_ZONE_FIELDS];

int oom_parse_request(struct oom_report *r, const struct rline *l, const struct rline *next,
		      char *err, size_t errlen);
void oom_parse_cpu_line(struct oom_report *r, const struct rline *l);
void oom_zone_clear(struct oom_zone *z);
bool oom_is_kv_word(const char *s, size_t len);
void oom_zone_fields_parse(struct oom_report *r, struct oom_zone *z, const char *s, size_t len);
int oom_parse_lowmem(struct oom_report *r, struct oom_zone *z, const struct rline *l,
		     char *err, size_t errlen);
int oom_parse_orders(struct oom_report *r, struct oom_zone *z, const char *zname,
		     const char *s, size_t len, uint32_t no, char *err, size_t errlen);

/* ---- oom_gfp.c ---- */

int oom_request_gfp(struct oom_report *r, gfp_t *gfp, const char **how, char *err, size_t errlen);

/* ---- oom_place.c ---- */

struct buddy {
	unsigned long pfn;
	unsigned int order;
	int mt;
};

enum { PG_ALLOC, PG_FREE, PG_PIN };	/* placement state of a page */

struct zbuild {
	int zone;
	unsigned long start, end;	/* pfns */
	unsigned long fb, lb;		/* blocks fully inside: [fb, lb) */
	unsigned long nblocks;		/* blocks touching the zone: [start / pb, nblocks) */
	unsigned long pb;
	unsigned int pbo, max_order;
	uint8_t *pg;			/* per page of [start, end) */
	int8_t *claim;			/* per block < lb: -1, or the type */
	unsigned long *claimed[HAT_NR_MT];
	unsigned long nclaimed[HAT_NR_MT], capclaimed[HAT_NR_MT];
	unsigned long unclaimed;	/* lowest block that may be unclaimed */
	struct buddy *b;
	unsigned long nb, capb;
	unsigned long long cnt[OOM_MAX_ORDERS][HAT_NR_MT];
	/* results */
	unsigned long free_pages[HAT_NR_MT];
	unsigned long hblocks, empty_hblocks, counter, reclaimable;
	bool counter_from_report, counter_from_option;
};

void oom_zb_free(struct zbuild *zb);
int oom_claim_block(struct zbuild *zb, unsigned long blk, int mt);
void oom_distribute(struct zbuild *zb, const struct oom_zone *z);
int oom_place_buddies(struct zbuild *zb, const char *name, uint32_t line, char *err,
		      size_t errlen);
int oom_cmp_buddy(const void *a, const void *b);
int oom_cmp_ulong(const void *a, const void *b);
int oom_place_zones(const struct oom_report *r, struct hat_geometry *g, char *err,
		    size_t errlen);

#endif
