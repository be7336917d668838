#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/scripts/test_setup_deps.sh SOURCE_ROOT - every script's packages
# come from scripts/setup-deps: each set lists the packages that hold the
# commands its scripts run (checked with dpkg -S for those installed), each
# script asks for its sets, and no other script runs apt-get.  Installs
# nothing (--list).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need_args 1 SOURCE_ROOT "$@"
src=$1
deps=$src/scripts/setup-deps
make_tmpdir setup-deps

# SET: COMMAND... (SET "" the packages every script gets)
sets=(
	":meson ninja gcc clang xz gzip addr2line"
	"--afl:afl-fuzz afl-clang-fast afl-tmin"
	"--coverage:llvm-profdata-14 llvm-cov-14"
	"--bench:gnuplot"
	"--capture:qemu-system-x86_64 busybox cpio xz"
)
for entry in "${sets[@]}"; do
	set_=${entry%%:*}
	run 0 "$deps" --list $set_
	[[ -s out ]] || fail "setup-deps --list $set_: no package"
	checked=0
	for c in ${entry#*:}; do
		p=$(command -v "$c") || continue	# (not installed here)
		# the package of the command (/bin: merged /usr), else of what its
		# symbolic links lead to
		pkg=$(dpkg -S "$p" 2>/dev/null || dpkg -S "/bin/$c" 2>/dev/null ||
			dpkg -S "$(readlink -f "$p")" 2>/dev/null) || continue
		pkg=${pkg%%:*}
		grep -qx "$pkg" out || fail "$c is in package $pkg, not in setup-deps --list $set_"
		checked=$((checked + 1))
	done
	ok "setup-deps --list $set_: $(paste -sd' ' out) ($checked command(s) checked)"
done
run 0 "$deps" --list --coverage
has '^llvm-14$'
ok "--coverage: llvm-14 (llvm-profdata-14, llvm-cov-14 of scripts/fuzz-coverage)"
run 2 "$deps" --bogus
has "unknown argument '--bogus'" err
ok "an unknown set: exit 2"

# each script asks for what it uses
while read -r script pattern; do
	grep -qE "setup-deps$pattern" "$src/$script" ||
		fail "$script does not call setup-deps$pattern"
	ok "$script: setup-deps$pattern"
done <<'LIST'
scripts/test [[:space:]]--afl
scripts/fuzz [[:space:]].*--afl
scripts/fuzz-coverage [[:space:]]--coverage
scripts/fuzz-triage ($|")
scripts/replay-real ($|")
bench/fuzz/execs ($|")
bench/fuzz/time-to-bug [[:space:]]--afl --bench
scripts/capture [[:space:]]--capture
LIST
# and no other script installs anything
others=$(grep -rlE 'apt-get +install|apt +install' "$src/scripts" "$src/bench" "$src/fuzz" \
	"$src/tests" | grep -v '/scripts/setup-deps$\|/tests/scripts/test_setup_deps.sh$' || true)
[[ -z $others ]] || fail "scripts that install packages themselves: $others"
ok "no other script runs apt-get install"
