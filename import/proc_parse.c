// SPDX-License-Identifier: MIT
/*
 * proc_parse.c - the /proc file parsers: /proc/zoneinfo, /proc/pagetypeinfo
 * and /proc/buddyinfo into their proc_* structures (see proc.h), each from
 * a stream (proc_parse_*) or a path (proc_read_*), with the word helpers
 * they share.  Building a state from them is proc_build.c's job.
 */
#define _POSIX_C_SOURCE 200809L

#include "proc.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

#define MAX_WORDS	64

struct words {
	int n;
	char *w[MAX_WORDS];
};

static void split_words(char *s, struct words *w)
{
	w->n = 0;
	while (*s && w->n < MAX_WORDS) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			break;
		w->w[w->n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
}

static bool is_word(const struct words *w, int i, const char *s)
{
	return i < w->n && !strcmp(w->w[i], s);
}

/* The largest count a file may give (pages, blocks, pfns): what a trace's ops hold. */
#define MAX_COUNT	(1UL << 40)

/*
 * A decimal count up to MAX_COUNT, ignoring a trailing ',' or ')' and a
 * leading '(' or '>' (@capped).
 */
static bool count_word(const char *s, unsigned long *out, bool *capped)
{
	char *end;

	*out = 0;	/* (defined on every path: gcc -O3 cannot see that callers skip it) */
	if (capped)
		*capped = false;
	while (*s == '(')
		s++;
	if (*s == '>' && capped) {
		*capped = true;
		s++;
	}
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || *out > MAX_COUNT)
		return false;
	while (*end == ',' || *end == ')')
		end++;
	return *end == '\0';
}

/*
 * The count of zone @z that zoneinfo's line @w gives ("min 177": &z->min),
 * its name in *@key and its word in *@val; NULL for another line.
 */
static unsigned long *zone_counter(struct proc_zone *z, const struct words *w, const char **key,
				   const char **val)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "min", offsetof(struct proc_zone, min) },
		{ "low", offsetof(struct proc_zone, low) },
		{ "high", offsetof(struct proc_zone, high) },
		{ "boost", offsetof(struct proc_zone, boost) },
		{ "spanned", offsetof(struct proc_zone, spanned) },
		{ "present", offsetof(struct proc_zone, present) },
		{ "managed", offsetof(struct proc_zone, managed) },
		{ "start_pfn:", offsetof(struct proc_zone, start_pfn) },
		{ "nr_reserved_highatomic", offsetof(struct proc_zone, reserved_highatomic) },
		{ "reserved_highatomic", offsetof(struct proc_zone, reserved_highatomic) },
	};

	if (is_word(w, 0, "pages") && is_word(w, 1, "free")) {
		*key = "pages free";
		*val = w->n > 2 ? w->w[2] : "";
		return &z->free;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (is_word(w, 0, keys[i].key)) {
			*key = keys[i].key;
			*val = w->w[1];
			return (unsigned long *)((char *)z + keys[i].off);
		}
	}
	return NULL;
}

/* "DMA32," -> HAT_ZONE_DMA32; -1 for zones the model lacks (Movable, HighMem, Device). */
static int zone_word(const char *s)
{
	size_t n = strlen(s);

	if (n && s[n - 1] == ',')
		n--;
	return zone_lookup(s, n);
}

static int perr(char *err, size_t errlen, const struct instream *in, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int perr(char *err, size_t errlen, const struct instream *in, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%lu: %s", in->path, in->lineno, msg);
	return -1;
}

/*
 * Reads w->w[i], a count of zone z (from node_zone), into *v.  Returns 0 to
 * use it, 1 to skip it (a zone hatrace does not model, with no pages), -1
 * on error (in err): not a count, or pages in a zone hatrace does not model
 * ("zone NAME has WHAT").
 */
static int zone_count(const struct words *w, int i, int z, const char *what, const struct instream *in,
		      char *err, size_t errlen, unsigned long *v, bool *capped)
{
	if (!count_word(w->w[i], v, capped))
		return perr(err, errlen, in, "'%s' is not a count", w->w[i]);
	if (z < 0 && *v)
		return perr(err, errlen, in, "zone %s has %s: hatrace models DMA, DMA32 and Normal only", w->w[3],
			    what);
	return z < 0;
}

/* The words of the next line of in that has any; false at the end (or on a read error). */
static bool next_words(struct instream *in, struct words *w)
{
	char *line;
	size_t len;

	while ((line = instream_line(in, &len))) {
		split_words(line, w);
		if (w->n)
			return true;
	}
	return false;
}

/* Closes in after a read that returned ret; returns ret, or -1 if closing failed (in err). */
static int close_input(struct instream *in, int ret, char *err, size_t errlen)
{
	if (instream_close(in, ret != 0, ret ? NULL : err, ret ? 0 : errlen) && !ret)
		ret = -1;
	return ret;
}

/* Node 0 only; returns the zone index, -1 for an unmodelled zone, -2 on error. */
static int node_zone(const struct words *w, const struct instream *in, char *err, size_t errlen)
{
	unsigned long node;

	if (w->n < 4 || !count_word(w->w[1], &node, NULL) || !is_word(w, 2, "zone")) {
		perr(err, errlen, in, "expected 'Node N, zone NAME'");
		return -2;
	}
	if (node) {
		perr(err, errlen, in, "NUMA node %lu: hatrace models one node (node 0)", node);
		return -2;
	}
	return zone_word(w->w[3]);
}

int proc_parse_zoneinfo(struct instream *in, struct proc_zoneinfo *zi, char *err, size_t errlen)
{
	struct proc_zone other, *cur = NULL;
	char other_name[32] = "";
	const char *key, *val;
	unsigned long v, *counter;
	struct words w;
	int ret = 0;

	memset(zi, 0, sizeof(*zi));
	while (next_words(in, &w)) {
		if (is_word(&w, 0, "Node")) {
			int z;

			if (cur == &other && other.present)
				break;
			if (w.n != 4) {
				ret = perr(err, errlen, in, "expected 'Node N, zone NAME': not a /proc/zoneinfo");
				goto out;
			}
			z = node_zone(&w, in, err, errlen);
			if (z == -2) {
				ret = -1;
				goto out;
			}
			if (z < 0) {
				memset(&other, 0, sizeof(other));
				snprintf(other_name, sizeof(other_name), "%s", w.w[3]);
				cur = &other;
			} else {
				cur = &zi->z[z];
				if (cur->seen) {
					ret = perr(err, errlen, in, "zone %s twice", hat_zone_names[z]);
					goto out;
				}
			}
			cur->seen = true;
			cur->file_index = zi->nr_file_zones++;
			continue;
		}
		if (!cur || w.n < 2)
			continue;
		if ((counter = zone_counter(cur, &w, &key, &val))) {
			if (!count_word(val, counter, NULL)) {
				ret = perr(err, errlen, in, "'%s %s': not a count (0 .. 2^40)", key, val);
				goto out;
			}
			cur->has_start_pfn |= counter == &cur->start_pfn;
			cur->has_reserved_highatomic |= counter == &cur->reserved_highatomic;
		} else if (is_word(&w, 0, "protection:")) {
			cur->nr_protection = 0;
			for (int i = 1; i < w.n && cur->nr_protection < PROC_MAX_PROTECTION; i++) {
				if (!count_word(w.w[i], &v, NULL)) {
					ret = perr(err, errlen, in, "protection: '%s': not a count (0 .. 2^40)",
						   w.w[i]);
					goto out;
				}
				cur->protection[cur->nr_protection++] = (long)v;
			}
		} else if (is_word(&w, 0, "cpu:") || is_word(&w, 0, "count:") ||
			   is_word(&w, 0, "high:") || is_word(&w, 0, "batch:")) {
			if (!count_word(w.w[1], &v, NULL)) {
				ret = perr(err, errlen, in, "'%s %s': not a count (0 .. 2^40)", w.w[0], w.w[1]);
				goto out;
			}
			cur->has_pcpset |= is_word(&w, 0, "high:");
			if (is_word(&w, 0, "count:"))
				cur->pcp_count += v;
			else if (is_word(&w, 0, "high:"))
				cur->pcp_high = v > cur->pcp_high ? v : cur->pcp_high;
			else if (is_word(&w, 0, "batch:"))
				cur->pcp_batch = v > cur->pcp_batch ? v : cur->pcp_batch;
			else if (v + 1 > zi->nr_cpus)
				zi->nr_cpus = (unsigned int)(v + 1 > 100000 ? 100000 : v + 1);
		}
	}
	if (cur == &other && other.present) {
		ret = perr(err, errlen, in, "zone %s has %lu present pages: hatrace models DMA, DMA32 and Normal only",
			   other_name, other.present);
		goto out;
	}
	if (in->read_errno || !zi->nr_file_zones) {
		if (!in->read_errno)
			snprintf(err, errlen, "%s: no 'Node 0, zone' sections: not a /proc/zoneinfo", in->path);
		else
			snprintf(err, errlen, "%s: read error", in->path);
		ret = -1;
	}
out:
	return ret;
}

int proc_read_zoneinfo(const char *path, struct proc_zoneinfo *zi, char *err, size_t errlen)
{
	struct instream in;

	if (instream_open(&in, path, err, errlen))
		return -1;
	return close_input(&in, proc_parse_zoneinfo(&in, zi, err, errlen), err, errlen);
}

enum { SEC_NONE, SEC_FREE, SEC_BLOCKS, SEC_OTHER };

static int type_word(const char *s)
{
	if (!strcmp(s, "Reserve"))
		return HAT_NR_MT;	/* pre-4.4 MIGRATE_RESERVE */
	return migratetype_lookup(s, strlen(s));
}

int proc_parse_pagetypeinfo(struct instream *in, struct proc_pagetypeinfo *pti, char *err,
			    size_t errlen)
{
	int cols[HAT_NR_MT + 1], ncols = 0, sec = SEC_NONE, ret = 0;
	struct words w;
	unsigned long v;
	bool capped;

	memset(pti, 0, sizeof(*pti));
	while (next_words(in, &w)) {
		if (is_word(&w, 0, "Page") && is_word(&w, 1, "block") && is_word(&w, 2, "order:")) {
			if (w.n < 4 || !count_word(w.w[3], &v, NULL) || v < 1 || v >= HAT_MAX_ORDER_LIMIT) {
				ret = perr(err, errlen, in, "bad page block order");
				goto out;
			}
			pti->pb_order = (unsigned int)v;
			pti->has_pb_order = true;
		} else if (is_word(&w, 0, "Free") && is_word(&w, 1, "pages")) {
			int i = 0;

			while (i < w.n && strcmp(w.w[i], "order"))
				i++;
			pti->nr_orders = (unsigned int)(w.n - i - 1);
			if (i == w.n || pti->nr_orders < 2 || pti->nr_orders > HAT_MAX_ORDER_LIMIT) {
				ret = perr(err, errlen, in, "cannot read the orders of the free pages table");
				goto out;
			}
			sec = SEC_FREE;
			pti->has_free = true;
		} else if (is_word(&w, 0, "Number") && is_word(&w, 2, "blocks") && is_word(&w, 3, "type")) {
			ncols = 0;
			for (int i = 4; i < w.n && ncols <= HAT_NR_MT; i++) {
				int mt = type_word(w.w[i]);

				if (mt < 0) {
					ret = perr(err, errlen, in, "unknown migratetype '%s'", w.w[i]);
					goto out;
				}
				cols[ncols++] = mt;
				if (mt < HAT_NR_MT)
					pti->block_col[mt] = true;
			}
			sec = SEC_BLOCKS;
			pti->has_blocks = true;
		} else if (is_word(&w, 0, "Number")) {
			sec = SEC_OTHER;	/* "Number of mixed blocks" (CONFIG_PAGE_OWNER) */
		} else if (is_word(&w, 0, "Node") && (sec == SEC_FREE || sec == SEC_BLOCKS)) {
			int z = node_zone(&w, in, err, errlen), first, mt;

			if (z == -2) {
				ret = -1;
				goto out;
			}
			if (sec == SEC_FREE) {
				if (w.n < 6 || !is_word(&w, 4, "type")) {
					ret = perr(err, errlen, in, "expected 'Node N, zone NAME, type TYPE counts'");
					goto out;
				}
				mt = type_word(w.w[5]);
				if (mt < 0) {
					ret = perr(err, errlen, in, "unknown migratetype '%s'", w.w[5]);
					goto out;
				}
				first = 6;
				if (w.n - first != (int)pti->nr_orders) {
					ret = perr(err, errlen, in, "%d counts for %u orders", w.n - first,
						   pti->nr_orders);
					goto out;
				}
			} else {
				first = 4;
				mt = 0;
				if (w.n - first != ncols) {
					ret = perr(err, errlen, in, "%d block counts for %d types", w.n - first,
						   ncols);
					goto out;
				}
			}
			for (int i = first; i < w.n; i++) {
				int skip = zone_count(&w, i, z, "pages", in, err, errlen, &v, &capped);

				if (skip < 0) {
					ret = -1;
					goto out;
				}
				if (skip)
					continue;
				pti->zone_seen[z] = true;
				pti->capped |= capped;
				if (sec == SEC_FREE) {
					/* pre-4.4 Reserve lists count as Movable */
					pti->free[z][mt == HAT_NR_MT ? HAT_MT_MOVABLE : mt][i - first] += v;
				} else if (cols[i - first] == HAT_NR_MT) {
					pti->reserve_blocks[z] += v;
				} else {
					pti->blocks[z][cols[i - first]] += v;
				}
			}
		}
	}
	if (in->read_errno) {
		snprintf(err, errlen, "%s: read error", in->path);
		ret = -1;
	} else if (!pti->has_free && !pti->has_blocks) {
		snprintf(err, errlen, "%s: neither free page counts nor block counts: not a /proc/pagetypeinfo",
			 in->path);
		ret = -1;
	}
out:
	return ret;
}

int proc_read_pagetypeinfo(const char *path, struct proc_pagetypeinfo *pti, char *err,
			   size_t errlen)
{
	struct instream in;

	if (instream_open(&in, path, err, errlen))
		return -1;
	return close_input(&in, proc_parse_pagetypeinfo(&in, pti, err, errlen), err, errlen);
}

int proc_parse_buddyinfo(struct instream *in, struct proc_buddyinfo *bi, char *err, size_t errlen)
{
	struct words w;
	unsigned long v;
	int ret = 0;

	memset(bi, 0, sizeof(*bi));
	while (next_words(in, &w)) {
		int z;

		if (!is_word(&w, 0, "Node")) {
			ret = perr(err, errlen, in, "expected 'Node N, zone NAME counts': not a /proc/buddyinfo");
			goto out;
		}
		z = node_zone(&w, in, err, errlen);
		if (z == -2) {
			ret = -1;
			goto out;
		}
		if (w.n - 4 < 2 || w.n - 4 > HAT_MAX_ORDER_LIMIT ||
		    (bi->nr_orders && (unsigned int)(w.n - 4) != bi->nr_orders)) {
			ret = perr(err, errlen, in, "%d orders", w.n - 4);
			goto out;
		}
		bi->nr_orders = (unsigned int)(w.n - 4);
		for (int i = 4; i < w.n; i++) {
			int skip = zone_count(&w, i, z, "free pages", in, err, errlen, &v, NULL);

			if (skip < 0) {
				ret = -1;
				goto out;
			}
			if (skip)
				continue;
			bi->zone_seen[z] = true;
			bi->nr_free[z][i - 4] = v;
		}
	}
	if (in->read_errno) {
		snprintf(err, errlen, "%s: read error", in->path);
		ret = -1;
	} else if (!bi->nr_orders) {
		snprintf(err, errlen, "%s: empty: not a /proc/buddyinfo", in->path);
		ret = -1;
	}
out:
	return ret;
}

int proc_read_buddyinfo(const char *path, struct proc_buddyinfo *bi, char *err, size_t errlen)
{
	struct instream in;

	if (instream_open(&in, path, err, errlen))
		return -1;
	return close_input(&in, proc_parse_buddyinfo(&in, bi, err, errlen), err, errlen);
}
