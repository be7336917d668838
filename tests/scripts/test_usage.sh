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
for o in --target --print-variant; do	# (on lines of their own)
	run 2 "$src/scripts/fuzz-triage" "$o"
	has "$o needs a value" err
done
ok "scripts/fuzz-triage --target, --print-variant: exit 2"
run 2 "$src/scripts/replay-real" --events many
has '--events takes a number' err
ok "replay-real --events many: exit 2"
