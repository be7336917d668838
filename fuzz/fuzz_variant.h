/* SPDX-License-Identifier: MIT */
/*
 * fuzz_variant.h - what makes one replay target another (fuzz/meson.build):
 * its variant and its known signatures, defined by fuzz_variant.c, which
 * each target compiles with its own -DHAT_FUZZ_VARIANT and
 * -DHAT_FUZZ_KNOWN, while fuzz_replay.c is compiled once for all.
 */
#ifndef HATRACE_FUZZ_VARIANT_H
#define HATRACE_FUZZ_VARIANT_H

/* The variant the target replays under ("v1", "v6.12+no-c928807f6f6b"). */
extern const char hat_fuzz_variant[];
/* The signature patterns it never reports (HAT_FUZZ_KNOWN; "" for none). */
extern const char hat_fuzz_known[];

#endif /* HATRACE_FUZZ_VARIANT_H */
