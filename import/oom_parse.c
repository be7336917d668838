// SPDX-License-Identifier: MIT
/*
 * oom_parse.c - oom_parse() (oom.h): splitting a dmesg into reports and
 * show_mems, picking the one asked for (--report N), and reading its
 * lines (oom_lines.c) into a struct oom_report, with the checks across
 * lines (one zone line and one per-order line per zone, fields present).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oom_int.h"

static bool ends_with_total(const char *s, size_t len)
{
	const char *eq = NULL;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '=')
			eq = s + i;
	return eq && len >= 2 && (s[len - 1] == 'B' && (s[len - 2] == 'k' || s[len - 2] == 'K'));
}

/* A line that continues a wrapped per-order line: entries, letters or the total. */
static bool order_continuation(const struct rline *l)
{
	const char *p = l->s, *end = l->s + l->len;
	unsigned long long v;

	if (!l->len)
		return false;
	if (*p == '=' || *p == '(')
		return true;
	return oom_read_dec(&p, end, &v) && p < end && *p == '*';
}

/* A line that continues a wrapped zone line: "key:valuekB" words. */
static bool zone_continuation(const struct rline *l)
{
	const char *s = l->s;
	size_t len = l->len;
	int node;

	if (!oom_is_kv_word(s, len))
		return false;
	if (oom_starts(s, len, "lowmem_reserve[]"))
		return false;
	return oom_zone_prefix(&s, &len, " free:", &node) < 0;
}

/* ---- the whole report ---- */

/* Join @count lines from @first with single spaces, skipping @skip bytes of the first. */
static int join_lines(const struct rline *lines, uint32_t first, uint32_t count, size_t skip,
		      char **buf, size_t *cap)
{
	size_t need = 1, at = 0;

	for (uint32_t k = 0; k < count; k++)
		need += lines[first + k].len + 1;
	if (need > *cap) {
		char *n = realloc(*buf, need);

		if (!n)
			return -1;
		*buf = n;
		*cap = need;
	}
	for (uint32_t k = 0; k < count; k++) {
		const struct rline *l = &lines[first + k];
		size_t off = k ? 0 : skip;

		if (k)
			(*buf)[at++] = ' ';
		memcpy(*buf + at, l->s + off, l->len - off);
		at += l->len - off;
	}
	(*buf)[at] = '\0';
	return 0;
}

static bool is_request_line(const struct rline *l)
{
	return oom_find(l->s, l->len, " invoked oom-killer: ") ||
	       oom_find(l->s, l->len, ": page allocation failure: ");
}

/* The lines that start or end a report (next_report()). */
enum line_kind { LK_OTHER, LK_REQUEST, LK_MEMINFO, LK_ZONE, LK_ORDERS };

static enum line_kind line_kind(const struct rline *l)
{
	const char *s = l->s;
	size_t sl = l->len;
	int node;

	if (is_request_line(l))
		return LK_REQUEST;
	if (oom_starts(s, sl, "Mem-Info:") || oom_find(s, sl, "Show Memory"))
		return LK_MEMINFO;
	if (oom_zone_prefix(&s, &sl, " free:", &node) >= 0)
		return LK_ZONE;
	s = l->s;
	sl = l->len;
	if (oom_zone_prefix(&s, &sl, ": ", &node) >= 0 && sl && isdigit((unsigned char)*s))
		return LK_ORDERS;
	return LK_OTHER;
}

/* One report of the file: line indices [first, end); a show_mem has no request. */
struct report_span {
	uint32_t first, end;
	bool request;
};

/*
 * The first report at or after line index @from.  A report starts at a
 * request line or -- a show_mem (sysrq-m) without one -- at "Mem-Info:",
 * a sysrq "Show Memory" line, or a zone or per-order line outside any
 * report.  It ends where the next one starts: at a request line (unless
 * its own per-order lines have not come yet: a second request line in
 * there is interleaved printk output), at "Mem-Info:" or "Show Memory"
 * after its zone lines, or at a zone line after its per-order lines
 * (show_free_areas() prints every zone line before the first per-order
 * line).  Returns false if there is none.
 */
static bool next_report(const struct rline *lines, uint32_t n, uint32_t from,
			struct report_span *rs)
{
	bool open = false, zones = false, orders = false;

	for (uint32_t i = from; i < n; i++) {
		enum line_kind k = line_kind(&lines[i]);
		bool start;

		if (k == LK_OTHER)
			continue;
		start = !open || (k == LK_REQUEST && (!rs->request || orders)) ||
			(k == LK_MEMINFO && (zones || orders)) || (k == LK_ZONE && orders);
		if (start && open) {
			rs->end = i;
			return true;
		}
		if (start) {
			open = true;
			rs->first = i;
			rs->request = k == LK_REQUEST;
		}
		zones |= k == LK_ZONE;
		orders |= k == LK_ORDERS;
	}
	rs->end = n;
	return open;
}

static const char *report_kind(const struct rline *lines, const struct report_span *rs)
{
	const struct rline *l = &lines[rs->first];

	if (!rs->request)
		return "show_mem";
	return oom_find(l->s, l->len, " invoked oom-killer: ") ? "OOM kill" : "allocation failure";
}

/*
 * Which report of the file to import: the @which-th (1-based), or by
 * default the first with a request, else the first.  Fills *@rs and
 * r->nr_reports, r->report; notes the choice when the file holds more
 * than one.  Returns 0, or -1 with a message in @err.
 */
static int pick_report(struct oom_report *r, const struct rline *lines, uint32_t n,
		       unsigned int which, struct report_span *rs, char *err, size_t errlen)
{
	struct report_span cur = { 0, 0, false };
	char list[160] = "";
	unsigned int k = 0;

	r->report = 0;
	*rs = cur;
	for (uint32_t from = 0; next_report(lines, n, from, &cur); from = cur.end) {
		k++;
		if (k <= 3)
			snprintf(list + strlen(list), sizeof(list) - strlen(list),
				 "%sline %" PRIu32 " (%s)", k > 1 ? ", " : "", lines[cur.first].no,
				 report_kind(lines, &cur));
		if (which ? k == which : !r->report || (!rs->request && cur.request)) {
			*rs = cur;
			r->report = k;
		}
	}
	if (k > 3)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), ", ...");
	r->nr_reports = k;
	if (!k)
		return oom_fail(err, errlen, r->name, n,
				"end of file: no report: no 'COMM invoked oom-killer: gfp_mask=0x... order=N' or 'COMM: page allocation failure: order:N, mode:0x...' line, and no show_free_areas() zone lines");
	if (which > k)
		return oom_fail(err, errlen, r->name, 0, "--report %u: the file holds %u report%s: %s",
				which, k, k == 1 ? "" : "s", list);
	r->report_line = lines[rs->first].no;
	if (k > 1)
		oom_note(r, r->report_line, "%u reports in the file: %s; report %u imported (--report N for another)",
			 k, list, r->report);
	return 0;
}

int oom_parse(const char *buf, size_t len, const char *name, unsigned int which,
	      struct oom_report *r, char *err, size_t errlen)
{
	struct rline *lines;
	struct oom_zone *last_zone = NULL;
	struct report_span rs = { 0, 0, false };
	uint32_t n = 0, i;
	bool node_known = false, skipped_zone = false;
	char *joined = NULL;
	size_t joined_cap = 0;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	r->name = name;
	r->cpu = -1;
	r->swap_free_kb = -1;
	for (int z = 0; z < HAT_NR_ZONES; z++)
		oom_zone_clear(&r->zones[z]);
	lines = oom_split_lines(buf ? buf : "", buf ? len : 0, &n);
	if (!lines)
		return oom_fail(err, errlen, name, 0, "out of memory");
	r->nr_lines = n;
	if (pick_report(r, lines, n, which, &rs, err, errlen))
		goto out;

	for (i = rs.first; i < rs.end; i++) {
		const struct rline *l = &lines[i];
		const char *s = l->s;
		size_t sl = l->len;
		int z, node;

		if (is_request_line(l)) {
			if (!r->request_line) {
				if (oom_parse_request(r, l, i + 1 < rs.end ? &lines[i + 1] : NULL,
						      err, errlen) < 0)
					goto out;
				continue;
			}
			oom_note(r, l->no, "a second request line before any per-order line: ignored (the request is line %" PRIu32 ")",
				 r->request_line);
			continue;
		}
		if (oom_starts(s, sl, "CPU: ")) {
			if (r->cpu < 0)
				oom_parse_cpu_line(r, l);
			continue;
		}
		if (oom_starts(s, sl, "Free swap")) {
			const char *p = s + 9, *end = s + sl;
			unsigned long long v;

			while (p < end && (*p == ' ' || *p == '='))
				p++;
			if (oom_read_kb(&p, end, &v))
				r->swap_free_kb = (long long)v;
			continue;
		}
		if (oom_starts(s, sl, "lowmem_reserve[]:")) {
			if (!last_zone) {
				if (skipped_zone)
					continue;
				ret = oom_fail(err, errlen, name, l->no,
					       "lowmem_reserve[] line without a zone line before it");
				goto out;
			}
			if (oom_parse_lowmem(r, last_zone, l, err, errlen))
				goto out;
			last_zone = NULL;
			continue;
		}
		z = oom_zone_prefix(&s, &sl, " free:", &node);
		if (z >= 0) {
			uint32_t k = 1;
			const char *js;
			size_t jl;
			int jn;

			while (i + k < rs.end && k < 8 && zone_continuation(&lines[i + k]))
				k++;
			if (!node_known) {
				r->node = node;
				node_known = true;
			}
			last_zone = NULL;
			skipped_zone = false;
			if (node != r->node || z >= HAT_NR_ZONES) {
				if (node != r->node)
					oom_note(r, l->no, "zone %s of node %d skipped: only node %d is imported",
						 oom_report_zone_names[z], node, r->node);
				else
					oom_note(r, l->no, "zone %s skipped: not modelled (only DMA, DMA32 and Normal are)",
						 oom_report_zone_names[z]);
				skipped_zone = true;
				i += k - 1;
				continue;
			}
			if (r->zones[z].line) {
				ret = oom_fail(err, errlen, name, l->no,
					       "a second %s zone line (the first is at line %" PRIu32 ")",
					       oom_report_zone_names[z], r->zones[z].line);
				goto out;
			}
			r->zones[z].line = l->no;
			if (join_lines(lines, i, k, 0, &joined, &joined_cap)) {
				oom_fail(err, errlen, name, 0, "out of memory");
				goto out;
			}
			js = joined;
			jl = strlen(joined);
			oom_zone_prefix(&js, &jl, " ", &jn);
			oom_zone_fields_parse(r, &r->zones[z], js, jl);
			last_zone = &r->zones[z];
			i += k - 1;
			continue;
		}
		s = l->s;
		sl = l->len;
		z = oom_zone_prefix(&s, &sl, ": ", &node);
		if (z >= 0 && sl && isdigit((unsigned char)*s)) {
			uint32_t k = 1;
			size_t off = (size_t)(s - l->s);

			while (!ends_with_total(lines[i + k - 1].s, lines[i + k - 1].len) &&
			       i + k < rs.end && k < 16 && order_continuation(&lines[i + k]))
				k++;
			if ((node_known && node != r->node) || z >= HAT_NR_ZONES) {
				if (z >= HAT_NR_ZONES)
					oom_note(r, l->no, "per-order line of zone %s skipped: not modelled",
						 oom_report_zone_names[z]);
				else
					oom_note(r, l->no, "per-order line of %s, node %d, skipped",
						 oom_report_zone_names[z], node);
				i += k - 1;
				continue;
			}
			if (r->zones[z].orders_line) {
				ret = oom_fail(err, errlen, name, l->no,
					       "a second per-order line for %s (the first is at line %" PRIu32 ")",
					       oom_report_zone_names[z], r->zones[z].orders_line);
				goto out;
			}
			if (join_lines(lines, i, k, off, &joined, &joined_cap)) {
				oom_fail(err, errlen, name, 0, "out of memory");
				goto out;
			}
			if (oom_parse_orders(r, &r->zones[z], oom_report_zone_names[z], joined,
					     strlen(joined), l->no, err, errlen))
				goto out;
			i += k - 1;
			continue;
		}
	}

	for (int z = 0; z < HAT_NR_ZONES; z++) {
		struct oom_zone *zz = &r->zones[z];
		static const char *const need[] = { "free", "min", "low", "high", "present", "managed" };
		const long long *val[] = { &zz->free_kb, &zz->min_kb, &zz->low_kb, &zz->high_kb,
					   &zz->present_kb, &zz->managed_kb };

		if (!zz->line && !zz->orders_line)
			continue;
		if (!zz->line) {
			ret = oom_fail(err, errlen, name, zz->orders_line,
				       "per-order line of %s without its zone line ('%s free:... min:... present:... managed:...')",
				       hat_zone_names[z], hat_zone_names[z]);
			goto out;
		}
		if (!zz->orders_line) {
			ret = oom_fail(err, errlen, name, zz->line,
				       "zone %s has no per-order line ('%s: N*4kB (LETTERS) ... = TOTALkB')",
				       hat_zone_names[z], hat_zone_names[z]);
			goto out;
		}
		for (size_t k = 0; k < ARRAY_SIZE(need); k++) {
			if (*val[k] < 0) {
				ret = oom_fail(err, errlen, name, zz->line,
					       "zone %s: the zone line has no '%s:' field (cut short?)",
					       hat_zone_names[z], need[k]);
				goto out;
			}
		}
		if (zz->present_kb % 4 || zz->managed_kb % 4 || zz->free_kb % 4) {
			ret = oom_fail(err, errlen, name, zz->line,
				       "zone %s: free/present/managed are not whole 4 KiB pages", hat_zone_names[z]);
			goto out;
		}
		/* pages of the zone, counted or wanted: none can exceed it */
		for (size_t k = 0; k < ARRAY_SIZE(oom_zone_fields); k++) {
			long long v = *(long long *)((char *)zz + oom_zone_fields[k].off);

			if (v > zz->present_kb) {
				ret = oom_fail(err, errlen, name, zz->line,
					       "zone %s: %s:%lldkB exceeds present:%lldkB", hat_zone_names[z],
					       oom_zone_fields[k].key, v, zz->present_kb);
				goto out;
			}
		}
		if (!zz->present_kb) {
			ret = oom_fail(err, errlen, name, zz->line, "zone %s: present:0kB", hat_zone_names[z]);
			goto out;
		}
	}
	{
		bool any = false;

		for (int z = 0; z < HAT_NR_ZONES; z++)
			any |= r->zones[z].line != 0;
		if (!any) {
			ret = oom_fail(err, errlen, name, lines[rs.end - 1].no,
				       "end of report: no zone of the model (DMA, DMA32, Normal) in the report at line %" PRIu32,
				       r->report_line);
			goto out;
		}
	}
	ret = 0;
out:
	free(joined);
	free(lines);
	return ret;
}
