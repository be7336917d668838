// SPDX-License-Identifier: MIT
/*
 * fuzz_import_proc.c - `hatrace import proc` over the bytes, one /proc
 * file per target (-DHAT_FUZZ_PROC=): 'z' fuzz_import_zoneinfo, 'p'
 * fuzz_import_pagetypeinfo, 'b' fuzz_import_buddyinfo.  The bytes go to
 * that file's parser (import/proc.h); a file it accepts is then built
 * into a snapshot trace (proc_build): a zoneinfo alone, a pagetypeinfo or
 * buddyinfo with the small zoneinfo below.  Rejecting the input is fine;
 * an internal error of the build (the trace it made is invalid) aborts.
 */
#define _POSIX_C_SOURCE 200809L	/* open_memstream */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "input.h"
#include "proc.h"

#ifndef HAT_FUZZ_PROC
#error "HAT_FUZZ_PROC ('z', 'p' or 'b') is not defined"
#endif

/* DMA [1, 4096) and DMA32 [4096, 65536): a 256 MiB node, 2 CPUs. */
static const char zoneinfo_text[] =
	"Node 0, zone      DMA\n"
	"  pages free     3808\n"
	"        min      177\n"
	"        low      221\n"
	"        high     265\n"
	"        spanned  4095\n"
	"        present  3998\n"
	"        managed  3840\n"
	"        protection: (0, 936, 936)\n"
	"  start_pfn:           1\n"
	"Node 0, zone    DMA32\n"
	"  pages free     52000\n"
	"        min      2700\n"
	"        low      3400\n"
	"        high     4000\n"
	"        spanned  61440\n"
	"        present  61440\n"
	"        managed  60000\n"
	"        protection: (0, 0, 0)\n"
	"    cpu: 0\n"
	"    cpu: 1\n"
	"  start_pfn:           4096\n";

static struct proc_zoneinfo zi;
static struct proc_pagetypeinfo pti;
static struct proc_buddyinfo bi;

/* Parse @len bytes of @data as file @which ('z', 'p', 'b'); 0 or -1. */
static int parse(char which, const char *name, const void *data, size_t len)
{
	struct instream in;
	char err[512];
	int ret;

	if (instream_open_mem(&in, name, data, len, err, sizeof(err)))
		return -1;
	if (which == 'z')
		ret = proc_parse_zoneinfo(&in, &zi, err, sizeof(err));
	else if (which == 'p')
		ret = proc_parse_pagetypeinfo(&in, &pti, err, sizeof(err));
	else
		ret = proc_parse_buddyinfo(&in, &bi, err, sizeof(err));
	instream_close(&in, ret != 0, err, sizeof(err));
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_files names = {
		.zoneinfo = "zoneinfo", .pagetypeinfo = "pagetypeinfo", .buddyinfo = "buddyinfo",
	};
	struct proc_snapshot snap = { .zi = &zi };
	const char *fuzzed = HAT_FUZZ_PROC == 'z' ? "zoneinfo" :
			     HAT_FUZZ_PROC == 'p' ? "pagetypeinfo" : "buddyinfo";
	char err[1024], *notes = NULL;
	size_t notes_len = 0;
	struct trace t;
	FILE *nf;
	int rc;

	if (HAT_FUZZ_PROC != 'z' &&
	    parse('z', "zoneinfo", zoneinfo_text, sizeof(zoneinfo_text) - 1))
		fuzz_mismatch("the fixed zoneinfo does not parse", zoneinfo_text, NULL);
	rc = parse(HAT_FUZZ_PROC, fuzzed, data, size);
	if (HAT_FUZZ_PROC == 'p')
		snap.pti = &pti;
	else if (HAT_FUZZ_PROC == 'b')
		snap.bi = &bi;
	if (rc) {
		fuzz_verdict("rejected by the parser");
		return 0;
	}
	nf = open_memstream(&notes, &notes_len);
	if (!nf)
		return 0;
	trace_init(&t, "snapshot");
	rc = proc_build(&names, &snap, &t, nf, err, sizeof(err));
	fclose(nf);
	fuzz_verdict(rc ? "parsed, not built" : "parsed, built");
	/* (by its prefix: the rest of a message may quote the input) */
	if (rc && !strncmp(err, "internal error", 14))
		fuzz_mismatch("import proc: internal error", err, notes);
	trace_free(&t);
	free(notes);
	return 0;
}
