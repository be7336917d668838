// SPDX-License-Identifier: MIT
/*
 * cmd_compare_tol.c - the figures of `hatrace compare` and their
 * tolerances (compare.h).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "compare.h"

const char *const cmp_fig_names[NR_FIGS] = {
	[FIG_HBLOCKS] = "hblocks", [FIG_COUNTER] = "counter", [FIG_FREE] = "free",
	[FIG_BLOCKS] = "blocks",   [FIG_ORDER] = "order",     [FIG_MT] = "mt",
	[FIG_PCP] = "pcp",	   [FIG_PCPSET] = "pcpset",   [FIG_OOMS] = "ooms",
	[FIG_ALLOCS] = "allocs",   [FIG_RESERVES] = "reserves",
};

/*
 * Judged by default: the reserve exactly, the free pages on the buddy lists
 * within 0.5 %, the block types within one block, the OOM kills and the
 * allocations' outcomes exactly.  Shown only: how the free pages split by
 * order and type (the model picks its own pages), the per-cpu lists (their
 * high moves with kswapd, which the model does not run), the reserves'
 * history (the kernel's is seen only through the snapshots), the per-cpu
 * lists' high and batch (each variant's own rule: judge them, 0, against
 * the variant's own kernel).
 */
void cmp_tols_default(struct cmp_tols *t)
{
	memset(t, 0, sizeof(*t));
	t->t[FIG_FREE] = (struct cmp_tol){ .pct = true, .v = 0.5 };
	t->t[FIG_BLOCKS].v = 1;
	t->t[FIG_ORDER].info = t->t[FIG_MT].info = t->t[FIG_PCP].info = true;
	t->t[FIG_PCPSET].info = true;
	t->t[FIG_RESERVES].info = true;
}

static int parse_one(struct cmp_tols *t, const char *s, size_t n, char *err, size_t errlen)
{
	const char *eq = memchr(s, '=', n);
	struct cmp_tol v = { 0 };
	char val[32], *end;
	size_t vl;
	int f;

	for (f = 0; eq && f < NR_FIGS; f++)
		if (strlen(cmp_fig_names[f]) == (size_t)(eq - s) &&
		    !memcmp(cmp_fig_names[f], s, (size_t)(eq - s)))
			break;
	if (!eq || f == NR_FIGS) {
		snprintf(err, errlen, "--tolerance: '%.*s': expected FIGURE=N, FIGURE=N%% or FIGURE=info, FIGURE one of hblocks counter free blocks order mt pcp pcpset ooms allocs reserves",
			 (int)(n > 40 ? 40 : n), s);
		return -1;
	}
	vl = n - (size_t)(eq + 1 - s);
	if (vl >= sizeof(val))
		vl = sizeof(val) - 1;
	memcpy(val, eq + 1, vl);
	val[vl] = '\0';
	if (!strcmp(val, "info")) {
		v.info = true;
	} else {
		if (vl && val[vl - 1] == '%') {
			v.pct = true;
			val[--vl] = '\0';
		}
		v.v = strtod(val, &end);
		if (!vl || *end || !(v.v >= 0) || v.v > 1e12 || (v.pct && v.v > 100)) {
			snprintf(err, errlen, "--tolerance %s: '%s%s' is not a number >= 0%s",
				 cmp_fig_names[f], val, v.pct ? "%" : "", v.pct ? " and <= 100" : "");
			return -1;
		}
	}
	t->t[f] = v;
	return 0;
}

int cmp_tols_parse(struct cmp_tols *t, const char *arg, char *err, size_t errlen)
{
	const char *p = arg;

	for (;;) {
		size_t n = strcspn(p, ",");

		if (parse_one(t, p, n, err, errlen))
			return -1;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

bool cmp_within(const struct cmp_tol *t, unsigned long kernel, unsigned long model,
		unsigned long *allowed)
{
	unsigned long d = kernel > model ? kernel - model : model - kernel;

	*allowed = (unsigned long)(t->pct ? (double)kernel * t->v / 100.0 : t->v);	/* >= 0: floor */
	return t->info || d <= *allowed;
}

const char *cmp_tol_text(const struct cmp_tol *t, unsigned long kernel, char *buf, size_t len)
{
	unsigned long allowed;

	if (t->info)
		snprintf(buf, len, "info");
	else if (cmp_within(t, kernel, kernel, &allowed), t->pct)
		snprintf(buf, len, "%g%% (%lu)", t->v, allowed);
	else
		snprintf(buf, len, "%lu", allowed);
	return buf;
}
