/* SPDX-License-Identifier: MIT */
/*
 * signature.h - what tells one finding from another: a violation's
 * signature, "ID:function[:detail]" (the invariant, the kernel function
 * that detected it, and for some invariants a tag that tells causes
 * apart: struct hat_violation.detail).  The one string that the report,
 * the fuzz targets (HAT_FUZZ_ONLY, _IGNORE, _KNOWN, the saved inputs),
 * `hatrace minimize --signature` and scripts/fuzz-triage use.
 *
 * A pattern "ID[:function[:detail]]" matches every signature it is, or
 * begins with up to a ':': "I6" matches each I6, "I6:__alloc_pages_may_oom"
 * each I6 detected there whatever its detail.
 */
#ifndef HATRACE_SIGNATURE_H
#define HATRACE_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* Room for any signature: an id, a function name and a detail. */
#define SIGNATURE_MAX	160

struct signature {
	enum hat_inv id;
	const char *func;	/* NULL: unknown */
	const char *detail;	/* NULL: none */
};

void signature_of(const struct hat_violation *v, struct signature *s);

/* "I6:__alloc_pages_may_oom:wmark-exit" into @buf; returns @buf. */
const char *signature_format(const struct signature *s, char *buf, size_t len);

/* The same signature (function and detail compared by name). */
bool signature_equal(const struct signature *a, const struct signature *b);

/* Does the pattern @pat (@len bytes, no ',') match @s? */
bool signature_match(const char *pat, size_t len, const struct signature *s);

/* Does one of the comma-separated patterns of @list (NULL: none) match @s? */
bool signature_list_match(const char *list, const struct signature *s);

/*
 * Is @list a comma-separated list of patterns, each of a known invariant
 * and at most three non-empty fields?  Returns 0, or -1 with a message
 * naming the bad pattern in @err.
 */
int signature_list_check(const char *list, char *err, size_t errlen);

/*
 * Which violations count: those that a pattern of @only matches (all if
 * @only is NULL or empty) and none of @ignore does.  The fuzz targets'
 * HAT_FUZZ_ONLY and HAT_FUZZ_IGNORE, `hatrace replay --only, --ignore`.
 */
struct signature_filter {
	const char *only, *ignore;
};

/* Whether @v counts under the struct signature_filter @filter (exec_opts.counts). */
bool signature_counts(const struct hat_violation *v, void *filter);

#endif /* HATRACE_SIGNATURE_H */
