#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/filter_test.sh SOURCE_ROOT HATRACE TARGET - what counts in a replay
# target (fuzz/fuzz_replay.c), on two inputs whose OOMs leave free H pages
# under v4.10 at two exits of the slow path (fuzz/testdata: signatures
# I6:__alloc_pages_may_oom:wmark-exit and ...:wmark-exit-L16).  TARGET runs
# v4.10 (fuzz_v4_10, any engine: each runs the files it is given).
#   - the signature line names the detail;
#   - HAT_FUZZ_IGNORE / HAT_FUZZ_ONLY with a detail select one exit, a bare
#     id (the settings before details) still selects both;
#   - HAT_FUZZ_SAVE_DIR saves one input per signature: both, apart;
#   - a bad pattern stops the target with a message naming it.
set -euo pipefail
source "$(dirname "$0")/../tests/lib.sh"
need_args 3 "SOURCE_ROOT HATRACE TARGET" "$@"
src=$1
hatrace_exe "$2"
target=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
make_tmpdir fuzz-filter

l1=I6:__alloc_pages_may_oom:wmark-exit l16=I6:__alloc_pages_may_oom:wmark-exit-L16
for x in wmark-exit wmark-exit-L16; do
	"$H" convert --to binary "$src/fuzz/testdata/i6-$x.trace" "$x.bin" >/dev/null
done

# crashes ENV... INPUT: the target aborts on INPUT under ENV (HAT_FUZZ_QUIET=1 unless
# ENV says otherwise); its output in $T/out
crashes() {
	local rc=0
	# (the shell's own "Aborted" line goes to /dev/null)
	(env HAT_FUZZ_QUIET=1 "${@:1:$#-1}" "$target" "${@: -1}" >"$T/out" 2>&1; exit $?) \
		2>/dev/null || rc=$?
	[[ $rc -ne 0 ]] || fail "no crash on ${*: -1} under ${*:1:$#-1}"
}
# passes ENV... INPUT: it does not
passes() {
	env HAT_FUZZ_QUIET=1 "${@:1:$#-1}" "$target" "${@: -1}" >"$T/out" 2>&1 ||
		fail "a crash on ${*: -1} under ${*:1:$#-1}"
}

crashes HAT_FUZZ_IGNORE= wmark-exit.bin
has "^==hatrace fuzz== signature $l1\$"
crashes HAT_FUZZ_IGNORE= wmark-exit-L16.bin
has "^==hatrace fuzz== signature $l16\$"
ok "the signature line names the exit"

# a known cause ignored: another cause of the same id and function counts
passes HAT_FUZZ_IGNORE=$l1 wmark-exit.bin
crashes HAT_FUZZ_IGNORE=$l1 HAT_FUZZ_QUIET=0 wmark-exit-L16.bin
has "^==hatrace fuzz== signature $l16\$"
has "^  signature    $l16\$"
has "reproduce: .* hatrace replay --ignore $l1 --variant v4.10 crash.trace"
passes HAT_FUZZ_ONLY=$l16 wmark-exit.bin
crashes HAT_FUZZ_ONLY=$l16 wmark-exit-L16.bin
crashes HAT_FUZZ_ONLY=I1,I6:__alloc_pages_may_oom HAT_FUZZ_IGNORE=$l16 wmark-exit.bin
passes HAT_FUZZ_ONLY=I1,I6:__alloc_pages_may_oom HAT_FUZZ_IGNORE=$l16 wmark-exit-L16.bin
ok "HAT_FUZZ_IGNORE, HAT_FUZZ_ONLY with a detail select one exit"

for x in wmark-exit wmark-exit-L16; do
	passes HAT_FUZZ_IGNORE=I6 $x.bin
	passes HAT_FUZZ_ONLY=I4 $x.bin
	crashes HAT_FUZZ_ONLY=I4,I6 $x.bin
done
passes HAT_FUZZ_IGNORE=I6:__alloc_pages_may_oom wmark-exit.bin
ok "an id alone, or an id and a function, select every detail (the settings before details)"

mkdir saved
for x in wmark-exit wmark-exit-L16 wmark-exit; do
	passes HAT_FUZZ_NO_ABORT=1 HAT_FUZZ_SAVE_DIR="$T/saved" $x.bin
done
ls saved >names
[[ $(grep -c . names) -eq 2 ]] || fail "saved: $(tr '\n' ' ' <names)"
grep -Eq '^crash-I6-__alloc_pages_may_oom-wmark-exit-[0-9a-f]{16}$' names &&
	grep -Eq '^crash-I6-__alloc_pages_may_oom-wmark-exit-L16-[0-9a-f]{16}$' names ||
	fail "saved: $(tr '\n' ' ' <names)"
ok "HAT_FUZZ_SAVE_DIR: one input per signature, the detail in its name"

for bad in I6::wmark-exit I7 I6:f:d:x; do
	crashes HAT_FUZZ_ONLY=$bad wmark-exit.bin
	has "^fuzz: HAT_FUZZ_ONLY: .*'${bad%%:*}"
done
crashes HAT_FUZZ_IGNORE=I6: wmark-exit.bin
has "^fuzz: HAT_FUZZ_IGNORE: 'I6:' is not ID\[:FUNCTION\[:DETAIL\]\]"
ok "a bad pattern stops the target, named"
echo "all $checks checks passed"
