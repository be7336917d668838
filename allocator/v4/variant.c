// SPDX-License-Identifier: MIT
/*
 * variant.c - names of the patch sets a run applies (spec §4).
 */
#include "variant.h"

#include <stdio.h>
#include <string.h>

struct patch_desc {
	const char *name;
	const char *title;
};

static const struct patch_desc patches[NR_HAT_PATCHES] = {
	[PATCH_V1_1] = { "v1-1", "v1 1/4 mm: adjust reserved highatomic count" },
	[PATCH_V1_2] = { "v1-2", "v1 2/4 mm: prevent double decrease of nr_reserved_highatomic" },
	[PATCH_V1_3] = { "v1-3", "v1 3/4 mm: unreserve highatomic free pages fully before OOM" },
	[PATCH_V1_4] = { "v1-4", "v1 4/4 mm: skip to reserve pageblock crossed zone boundary for HIGHATOMIC" },
	[PATCH_88ED365EA227] = { "88ed365ea227", "mm: don't steal highatomic pageblock" },
	[PATCH_4855E4A7F29D] = { "4855e4a7f29d", "mm: prevent double decrease of nr_reserved_highatomic" },
	[PATCH_04C8716F7B00] = { "04c8716f7b00", "mm: try to exhaust highatomic reserve before the OOM" },
	[PATCH_29FAC03BEF72] = { "29fac03bef72", "mm: make unreserve highatomic functions reliable" },
	[PATCH_AC3F3B0A5518] = { "ac3f3b0a5518", "mm: page_alloc: unreserve highatomic page blocks before oom (v6.8)" },
};

struct preset {
	const char *name;
	unsigned int patches;
};

/* Longest first, so that the canonical name prefers the biggest preset. */
static const struct preset presets[] = {
	{ "v4.10", PATCHES_V4_10 },
	{ "v1", PATCHES_V1 },
	{ "v4.8", 0 },
};

const char *patch_name(enum hat_patch p)
{
	return (unsigned int)p < NR_HAT_PATCHES ? patches[p].name : "?";
}

const char *patch_title(enum hat_patch p)
{
	return (unsigned int)p < NR_HAT_PATCHES ? patches[p].title : "?";
}

/* A commit may be named by any prefix of at least 4 hex digits. */
static int lookup_patch(const char *tok, size_t len)
{
	for (int p = 0; p < NR_HAT_PATCHES; p++) {
		const char *n = patches[p].name;

		if (strlen(n) == len && !strncmp(n, tok, len))
			return p;
		if (n[0] != 'v' && len >= 4 && len <= strlen(n) &&
		    !strncmp(n, tok, len))
			return p;
	}
	return -1;
}

static int lookup_preset(const char *tok, size_t len)
{
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
		if (strlen(presets[i].name) == len &&
		    !strncmp(presets[i].name, tok, len))
			return (int)i;
	return -1;
}

int variant_parse(const char *name, struct hat_variant *v, char *err,
		  size_t errlen)
{
	const char *s = name;
	unsigned int set = 0;
	bool first = true;

	if (!name || !*name) {
		snprintf(err, errlen, "empty variant name");
		return -1;
	}
	while (*s) {
		const char *end = strchr(s, '+');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		bool remove = len > 3 && !strncmp(s, "no-", 3);
		const char *tok = remove ? s + 3 : s;
		size_t tlen = remove ? len - 3 : len;
		int idx;

		if (!len) {
			snprintf(err, errlen, "variant '%s': empty component at offset %zu",
				 name, (size_t)(s - name));
			return -1;
		}
		idx = lookup_preset(tok, tlen);
		if (idx >= 0 && !remove) {
			if (!first) {
				snprintf(err, errlen,
					 "variant '%s': preset '%.*s' must come first",
					 name, (int)tlen, tok);
				return -1;
			}
			set |= presets[idx].patches;
		} else if ((idx = lookup_patch(tok, tlen)) >= 0) {
			if (remove)
				set &= ~(1u << idx);
			else
				set |= 1u << idx;
		} else {
			snprintf(err, errlen,
				 "variant '%s': unknown component '%.*s' (presets: v4.8 v1 v4.10; patches: v1-1..v1-4 88ed365ea227 4855e4a7f29d 04c8716f7b00 29fac03bef72 ac3f3b0a5518)",
				 name, (int)len, s);
			return -1;
		}
		first = false;
		s += len;
		if (*s == '+') {
			s++;
			if (!*s) {
				snprintf(err, errlen, "variant '%s': trailing '+'", name);
				return -1;
			}
		}
	}
	v->patches = set;
	return 0;
}

const char *variant_name(const struct hat_variant *v, char *buf, size_t len)
{
	unsigned int rest = v->patches;
	size_t off;

	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		if ((rest & presets[i].patches) == presets[i].patches) {
			snprintf(buf, len, "%s", presets[i].name);
			rest &= ~presets[i].patches;
			break;
		}
	}
	off = strlen(buf);
	for (int p = 0; p < NR_HAT_PATCHES && off < len; p++) {
		if (rest & (1u << p)) {
			snprintf(buf + off, len - off, "+%s", patches[p].name);
			off = strlen(buf);
		}
	}
	return buf;
}
