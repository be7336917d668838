#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/coverage_scope_test.sh TARGET SEED_DIR ERA_DIR OTHER_DIR - what a
# libFuzzer replay target instruments (fuzz/meson.build,
# fuzz/coverage-ignore.txt): its seeds replayed with -print_coverage=1
# must cover functions of its own era's core (allocator/ERA_DIR), and no
# function of the other era's core (allocator/OTHER_DIR) nor of the
# replay's plumbing (the executor, the boot cache, the node image, the
# model table, the trace helpers, the binary decoder) may be instrumented
# at all: libFuzzer books every edge a run hits.
set -euo pipefail

if [ $# -ne 4 ]; then
	echo "usage: $0 TARGET SEED_DIR ERA_DIR OTHER_DIR" >&2
	exit 2
fi
target=$1 seeds=$2 own=$3 other=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

HAT_FUZZ_NO_ABORT=1 HAT_FUZZ_QUIET=1 "$target" -runs=0 -print_coverage=1 "$seeds" \
	>"$work/log" 2>&1 || { tail -n 20 "$work/log"; echo "FAIL: $target exited $?"; exit 1; }
# "COVERED_FUNC: hits: H edges: E/T name path:line" (UNCOVERED_FUNC alike):
# the source path, relative to the source tree
sed -n 's/^\(UN\)\{0,1\}COVERED_FUNC: .* \([^ ]*\):[0-9]*$/\1COVERED \2/p' "$work/log" |
	sed -E 's# .*/(allocator|harness|fuzz)/# \1/#' >"$work/funcs"

fail=0
n=$(grep -c "^COVERED allocator/$own/" "$work/funcs" || true)
if [ "$n" -eq 0 ]; then
	echo "FAIL: the seeds cover no function of allocator/$own"
	fail=1
fi
plumbing="allocator/$other/|harness/(exec|boot_cache|trace|binary[a-z_]*)\.c|allocator/(model|node_image|violation)\.c"
if grep -E " ($plumbing)" "$work/funcs" | sort -u | head -n 5 | grep .; then
	echo "FAIL: instrumented, but must not be (above, the first few)"
	fail=1
fi
[ "$fail" -eq 0 ] || exit 1
echo "ok: $(basename "$target"): $n covered functions of allocator/$own, nothing of allocator/$other nor of the plumbing"
