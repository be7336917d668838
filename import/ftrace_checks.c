// SPDX-License-Identifier: MIT
/*
 * ftrace_checks.c - the cross-checks of `import ftrace` on every event
 * (see ftrace_checks.h).
 */
#include "ftrace_checks.h"
#include "gfp_bits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "SECONDS.FRACTION" -> seconds (saturated) and nanoseconds (digits past the ninth dropped). */
static void parse_ts(const char *s, size_t n, uint64_t *sec, uint32_t *ns)
{
	size_t i = 0;
	uint32_t scale = 100000000;

	*sec = 0;
	*ns = 0;
	for (; i < n && s[i] != '.'; i++) {
		uint64_t d = (uint64_t)(s[i] - '0');

		*sec = *sec > (UINT64_MAX - 9) / 10 ? UINT64_MAX : *sec * 10 + d;
	}
	for (i++; i < n && s[i] != '.' && scale; i++, scale /= 10)
		*ns += (uint32_t)(s[i] - '0') * scale;
}

/* "3.797472": at least 6 decimals, as ftrace prints them, 9 if needed. */
static const char *fmt_ts(char *buf, size_t len, uint64_t sec, uint32_t ns)
{
	int digits = 9;
	uint32_t frac = ns;

	while (digits > 6 && !(frac % 10)) {
		frac /= 10;
		digits--;
	}
	snprintf(buf, len, "%llu.%0*u", (unsigned long long)sec, digits, frac);
	return buf;
}

void ftrace_check_clock(struct ftrace_clocks *k, struct ftrace_stats *st, unsigned long line,
			const struct ftrace_line *fl)
{
	struct ftrace_clock *c;
	uint64_t sec;
	uint32_t ns;

	if (fl->cpu >= FTRACE_MAX_CLOCKS)
		return;
	if (fl->cpu >= k->n) {
		unsigned int n = fl->cpu < 32 ? 64 : fl->cpu * 2;
		struct ftrace_clock *a;

		if (n > FTRACE_MAX_CLOCKS)
			n = FTRACE_MAX_CLOCKS;
		a = realloc(k->cpu, n * sizeof(*a));
		if (!a)
			return;	/* unchecked: only the check lost */
		memset(a + k->n, 0, (n - k->n) * sizeof(*a));
		k->cpu = a;
		k->n = n;
	}
	parse_ts(fl->ts, fl->ts_len, &sec, &ns);
	c = &k->cpu[fl->cpu];
	if (c->seen && (sec < c->sec || (sec == c->sec && ns < c->ns)) && !st->ts_backwards++) {
		char was[32], now[32];

		st->ts_backwards_ex.line = line;
		snprintf(st->ts_backwards_ex.msg, sizeof(st->ts_backwards_ex.msg),
			 "CPU %u at %s, after %s at line %lu", fl->cpu,
			 fmt_ts(now, sizeof(now), sec, ns), fmt_ts(was, sizeof(was), c->sec, c->ns),
			 c->line);
	}
	c->sec = sec;
	c->ns = ns;
	c->line = line;
	c->seen = true;
}

void ftrace_clocks_free(struct ftrace_clocks *k)
{
	free(k->cpu);
	k->cpu = NULL;
	k->n = 0;
}

void ftrace_check_pfn(struct ftrace_stats *st, unsigned long line, const struct hat_geometry *g,
		      const char *start_name, uint64_t pfn, unsigned int order, bool hex)
{
	char zones[160];
	int len = 0;

	for (int z = 0; z < HAT_NR_ZONES; z++) {
		uint64_t s = g->zone_start_pfn[z], e = g->zone_end_pfn[z];

		if (e > s && pfn >= s && pfn < e && e - pfn >= (1ULL << order))
			return;
	}
	if (st->pfn_outside++)
		return;
	zones[0] = '\0';
	for (int z = 0; z < HAT_NR_ZONES; z++)
		if (g->zone_end_pfn[z] > g->zone_start_pfn[z] && len < (int)sizeof(zones) - 50)
			len += snprintf(zones + len, sizeof(zones) - (size_t)len, "%s%s [%lu, %lu)",
					len ? ", " : "", hat_zone_names[z], g->zone_start_pfn[z],
					g->zone_end_pfn[z]);
	st->pfn_outside_ex.line = line;
	snprintf(st->pfn_outside_ex.msg, sizeof(st->pfn_outside_ex.msg),
		 hex ? "pfn 0x%llx order %u lies outside the zones of %s (%s)" :
		       "pfn %llu order %u lies outside the zones of %s (%s)",
		 (unsigned long long)pfn, order, start_name, zones);
}

void ftrace_check_gfp(struct ftrace_stats *st, unsigned long line, gfp_t gfp, const char *text,
		      size_t len)
{
	if (!gfp_mobility_invalid(gfp) || st->gfp_invalid++)
		return;
	st->gfp_invalid_ex.line = line;
	snprintf(st->gfp_invalid_ex.msg, sizeof(st->gfp_invalid_ex.msg),
		 "gfp_flags=%.*s has both __GFP_MOVABLE and __GFP_RECLAIMABLE",
		 (int)(len > 80 ? 80 : len), text);
}

void ftrace_note_layout(struct ftrace_stats *st, unsigned long line, bool hex)
{
	if (hex)
		st->layout_6x++;
	else
		st->layout_4x++;
	if (!st->layout_line[hex])
		st->layout_line[hex] = line;
}
