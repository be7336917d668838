// SPDX-License-Identifier: MIT
/*
 * oom_gfp.c - the request's gfp mask: oom_gfp_from_names() (oom.h), the
 * symbolic names mapped to v4.8 bits, and oom_request_gfp() (oom_int.h),
 * the mask a report's request line means to the v4.8 model.
 */
#include <string.h>

#include "gfp_names.h"
#include "oom_int.h"

/* ---- gfp ---- */

static void append_word(char *buf, size_t size, const char *w, size_t len)
{
	size_t n = strlen(buf);

	if (!size)
		return;
	if (n && n + 1 < size)
		buf[n++] = ' ';
	if (n + len >= size)
		len = n + 1 < size ? size - n - 1 : 0;
	memcpy(buf + n, w, len);
	buf[n + len] = '\0';
}

/*
 * The names are mapped by the table the ftrace importer uses
 * (gfp_names.h, docs/capture.md): a later kernel's "GFP_KERNEL" is the
 * v4.8 GFP_KERNEL whatever its bit values.  Numbers in the parentheses
 * (bits the printing kernel had no name for) and names that do not
 * affect the allocator are left out and listed in @ignored; names mapped
 * to their nearest v4.8 bits are listed in @nearest.
 */
int oom_gfp_from_names(const char *names, gfp_t *gfp, char *unknown, size_t unknown_len,
		       char *ignored, size_t ignored_len, char *nearest, size_t nearest_len)
{
	const char *p = names;
	gfp_t set = 0, clear = 0;
	int bad = 0;

	if (unknown_len)
		unknown[0] = '\0';
	if (ignored_len)
		ignored[0] = '\0';
	if (nearest_len)
		nearest[0] = '\0';
	while (*p) {
		const char *w = p;
		const struct gfp_name *g;
		size_t len;

		while (*p && *p != '|')
			p++;
		len = (size_t)(p - w);
		if (*p)
			p++;
		if (!len || (len == 4 && !memcmp(w, "none", 4)))
			continue;
		g = gfp_name_find(w, len);
		if (g) {
			set |= g->set;
			clear |= g->clear;
			if (g->kind == GFPN_DROPPED)
				append_word(ignored, ignored_len, w, len);
			else if (g->kind == GFPN_NEAREST)
				append_word(nearest, nearest_len, w, len);
		} else if (len > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
			append_word(ignored, ignored_len, w, len);
		} else {
			append_word(unknown, unknown_len, w, len);
			bad++;
		}
	}
	*gfp = set & ~clear & __GFP_BITS_MASK;
	return bad ? -1 : 0;
}

/*
 * The request's mask as v4.8 bits.  A v4.4 .. v4.9 report's hex mask has
 * the v4.8 layout and is taken as is; later kernels renumbered the bits,
 * so their symbolic names are mapped instead.  Without a kernel version,
 * a report with v6.x-only fields (boost:, reserved_highatomic:,
 * free_highatomic:) counts as a later kernel.
 */
int oom_request_gfp(struct oom_report *r, gfp_t *gfp, const char **how, char *err, size_t errlen)
{
	bool later = r->kver_major ? (r->kver_major > 4 || (r->kver_major == 4 && r->kver_minor >= 10))
				   : r->v6_fields;
	char unknown[256], ignored[256], nearest[256];
	gfp_t named = 0;
	int names_ok = -1;

	if (r->has_names)
		names_ok = oom_gfp_from_names(r->gfp_names, &named, unknown, sizeof(unknown),
					      ignored, sizeof(ignored), nearest, sizeof(nearest));
	if (!later && r->has_hex && !(r->gfp_hex & ~(unsigned long long)__GFP_BITS_MASK)) {
		*gfp = (gfp_t)r->gfp_hex;
		*how = "the hex mask (v4.8 bit layout)";
		if (names_ok == 0 && named != *gfp)
			oom_note(r, r->request_line,
				 "the gfp names (%s) mean %#x in v4.8 bits, the hex mask says %#x: the hex mask is used",
				 r->gfp_names, named, *gfp);
		return 0;
	}
	if (!later && r->has_hex && r->has_names)
		oom_note(r, r->request_line,
			 "gfp mask %#llx has bits beyond the v4.8 layout: its names (%s) are used",
			 r->gfp_hex, r->gfp_names);
	if (!r->has_names)
		return oom_fail(err, errlen, r->name, r->request_line,
				r->has_hex && !later ?
				"gfp mask %#llx has bits beyond the v4.8 layout and no symbolic names to map" :
				"gfp mask %#llx of a later kernel (bits renumbered since v4.10) without its symbolic names in parentheses",
				r->gfp_hex);
	if (names_ok)
		return oom_fail(err, errlen, r->name, r->request_line,
				"unknown gfp flag(s) %s in (%s): no v4.8 equivalent known", unknown,
				r->gfp_names);
	if (ignored[0])
		oom_note(r, r->request_line, "gfp flag(s) %s have no effect on the v4.8 allocator: left out",
			 ignored);
	if (nearest[0])
		oom_note(r, r->request_line, "gfp flag(s) %s mapped to their nearest v4.8 bits (docs/capture.md)",
			 nearest);
	*gfp = named;
	*how = later ? "the symbolic names, mapped to v4.8 bits (the hex layout differs after v4.9)" :
		       "the symbolic names, mapped to v4.8 bits";
	return 0;
}
