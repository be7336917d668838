// SPDX-License-Identifier: MIT
/*
 * cmd_convert.c - hatrace convert: a trace from one encoding to the other.
 * The output is canonical (text.h, binary.h), so converting a text trace
 * to text normalises it.
 */
#include <string.h>

#include "binary.h"
#include "cmd.h"
#include "load.h"
#include "text.h"

void usage_convert(FILE *f)
{
	fprintf(f,
		"usage: hatrace convert [--to text|binary] [--fuzz] [--force] IN OUT\n"
		"\n"
		"Writes trace IN to OUT in the other encoding than IN's (text -> binary,\n"
		"binary -> text), or in the one --to names.  The output is canonical: no\n"
		"comments, fixed field order, handles renamed h0, h1, ... in order of\n"
		"definition.  OUT '-' is standard output, for text only (the default there,\n"
		"whatever IN is).  OUT must not be IN (the same file under any name is\n"
		"refused), nor an existing file unless --force; OUT is written beside\n"
		"itself and renamed into place only once complete (a character device or\n"
		"FIFO is written through).\n"
		"\n"
		"options:\n"
		"  --to text         write the text encoding\n"
		"  --to binary       write the binary encoding\n"
		"  --fuzz            IN is a fuzzer's input (a crash, a corpus entry): decode\n"
		"                    it as the fuzz targets do (binary, with or without the\n"
		"                    magic, the fuzzing limits, dynamic ops only from an\n"
		"                    all-free node); OUT then replays the same way in every\n"
		"                    command (write text unless --to binary)\n"
		"  --force           replace OUT if it exists\n"
		"  -h, --help        this text\n"
		"\n"
		"exit codes: 0 written, 2 bad input, usage, OUT is IN or exists already\n"
		"\n"
		"example:\n"
		"  hatrace convert r2.trace r2.bin && hatrace convert r2.bin -\n"
		"  hatrace convert --fuzz crash-0a1b2c crash.trace\n");
}

int cmd_convert(int argc, char **argv)
{
	const char *val, *in, *out;
	int nargs = 0, to = -1;	/* -1: the other encoding; 0 text; 1 binary */
	bool operands = false, fuzz = false, force = false;
	char err[512];
	struct trace t;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int m;

		if (operands || !is_option(arg)) {
			argv[nargs++] = argv[i];
		} else if (!strcmp(arg, "--")) {
			operands = true;
		} else if (!strcmp(arg, "--fuzz")) {
			fuzz = true;
		} else if (!strcmp(arg, "--force")) {
			force = true;
		} else if ((m = opt_value("convert", argc, argv, &i, "--to", &val))) {
			if (m < 0)
				return EXIT_USAGE;
			if (!strcmp(val, "text"))
				to = 0;
			else if (!strcmp(val, "binary") || !strcmp(val, "bin"))
				to = 1;
			else
				return usage_error("convert", "--to: '%s' is neither 'text' nor 'binary'", val);
		} else {
			return usage_error("convert", "unknown option '%s'", arg);
		}
	}
	if (nargs != 2)
		return usage_error("convert", "expected IN and OUT, got %d argument%s", nargs,
				   nargs == 1 ? "" : "s");
	in = argv[0];
	out = argv[1];
	if (!strcmp(in, "-"))
		return usage_error("convert", "IN must be a file ('-' is only for OUT)");
	if (refuse_input("convert", out, in) || refuse_existing("convert", out, force))
		return EXIT_USAGE;
	if (fuzz) {
		if (trace_load_fuzz_input(in, &t, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			trace_free(&t);
			return EXIT_USAGE;
		}
		if (to < 0)
			to = 0;	/* a fuzzer's input is written as text by default */
	} else if (load_trace(in, &t)) {
		trace_free(&t);
		return EXIT_USAGE;
	}
	if (to < 0)	/* the other encoding; standard output takes text only */
		to = t.binary || !strcmp(out, "-") ? 0 : 1;
	if (to && !strcmp(out, "-")) {
		trace_free(&t);
		return usage_error("convert", "OUT '-' (standard output) is for text only");
	}
	if (trace_save(out, &t, to == 1, err, sizeof(err))) {
		fprintf(stderr, "hatrace convert: %s\n", err);
		trace_free(&t);
		return EXIT_USAGE;
	}
	trace_free(&t);
	return EXIT_PASS;
}
