#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/scripts/test_usage.sh SOURCE_ROOT - the scripts' usage errors: each
# option that takes a value, given none, and an unknown option make every
# script exit 2 with a message naming the option, before it does anything.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need_args 1 SOURCE_ROOT "$@"
src=$1
make_tmpdir usage
scripts=(scripts/fuzz scripts/fuzz-triage scripts/fuzz-coverage scripts/replay-real
	scripts/test scripts/setup-deps bench/fuzz/execs bench/fuzz/time-to-bug scripts/capture
	scripts/capture-check scripts/new-variant scripts/gate-patch)
for s in "${scripts[@]}"; do
	opts=$(sed -n 's/^\t\(--[a-z-]*\)) need_value "\$@".*/\1/p' "$src/$s" | paste -sd' ' -)
	for o in $opts; do
		run 2 "$src/$s" "$o"
		has "$o needs a value" err
	done
	run 2 "$src/$s" --no-such-option
	has 'no-such-option\|usage' err
	ok "$s: ${opts:-no option with a value}; an unknown option"
done
run 2 "$src/scripts/fuzz-triage" --target	# (on a line of its own)
has "--target needs a value" err
ok "scripts/fuzz-triage --target: exit 2"
# a target is a name of fuzz/meson.build's table (era 2's too), or its _bytes twin
run 2 "$src/scripts/fuzz" --no-build --target fuzz_v6_12_no_nothing
has "unknown target 'fuzz_v6_12_no_nothing'" err
has "fuzz_mainline_no_fastpath_highatomic" err
run 2 "$src/scripts/fuzz-triage" --target fuzz_v9 "$T"
has "no variant for target 'fuzz_v9'" err
for t in fuzz_mainline fuzz_v6_12_no_c928807f6f6b_bytes; do
	run 2 "$src/scripts/fuzz" --no-build --build-dir "$T/no-build" --target "$t"
	has "$T/no-build/fuzz/$t not built" err
done
ok "scripts/fuzz --target: era 2's targets known, an unknown one listed against: exit 2"
run 2 "$src/scripts/replay-real" --events many
has '--events takes a number' err
ok "replay-real --events many: exit 2"
