// SPDX-License-Identifier: MIT
/*
 * fuzz_variant.c - a replay target's variant and known signatures
 * (fuzz_variant.h), from -DHAT_FUZZ_VARIANT="..." and -DHAT_FUZZ_KNOWN="..."
 * (fuzz/meson.build): the only source compiled per target.
 */
#include "fuzz_variant.h"

#include "model.h"

#ifndef HAT_FUZZ_VARIANT
#define HAT_FUZZ_VARIANT HAT_DEFAULT_VARIANT
#endif
#ifndef HAT_FUZZ_KNOWN
#define HAT_FUZZ_KNOWN ""
#endif

const char hat_fuzz_variant[] = HAT_FUZZ_VARIANT;
const char hat_fuzz_known[] = HAT_FUZZ_KNOWN;
