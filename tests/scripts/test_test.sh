#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/scripts/test_test.sh SOURCE_ROOT - scripts/test on a failing build:
# in a copy of the source tree whose allocator/kshim.h does not compile
# (and whose setup-deps installs nothing), `scripts/test --quick` exits 1
# and prints a few lines: its configuration's line with the failing step,
# the end of the build log (the compiler's error), the summary, "0 passed,
# 1 failed"; the whole build output is in build/test-clang.log.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need_args 1 SOURCE_ROOT "$@"
src=$1
make_tmpdir scripts-test
mkdir tree
tar -C "$src" --exclude=./build --exclude=./.git --exclude=./fuzz-out -cf - . | tar -C tree -xf -
printf '#!/bin/sh\nexit 0\n' >tree/scripts/setup-deps
echo '#error deliberately broken by tests/scripts/test_test.sh' >>tree/allocator/kshim.h

run 1 tree/scripts/test --quick
n=$(wc -l <out)
[[ $n -le 60 ]] || fail "$n lines on stdout"
has '^build/test-clang  *clang .*: build FAILED after [0-9]*s$'
has 'deliberately broken by tests/scripts/test_test.sh'
has '^build/test-clang: build failed (counted as 1 failure; build/test-clang.log)$'
has '^0 passed, 1 failed$'
ok "a failing build: exit 1, $n lines: the step, the compiler's error, the summary"
log=tree/build/test-clang.log
grep -q 'The Meson build system' "$log" && grep -q 'deliberately broken' "$log" ||
	fail "$log does not hold the configure and build output"
grep -q 'The Meson build system' out && fail "the configure output is on stdout"
ok "the configure and build output in build/test-clang.log ($(wc -l <"$log") lines)"
