#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/triage_test.sh SOURCE_ROOT HATRACE CRASH_TARGET sanitize|plain -
# scripts/fuzz-triage on inputs made here:
#   - 300 AFL++ crash files of one violation, ten times: exit 0 each time,
#     one finding of 300 inputs;
#   - the table: its op counts are the trace's ops (not its header lines),
#     "known as" names existing reproducers by path, and the violation's
#     line says what its invariant means (allocator/violation.c);
#   - inputs on which fuzz/crash_target fails (a sanitizer report, a BUG_ON,
#     an abort, a hang) are findings of their own, named after the report
#     and the top frame, minimized under libFuzzer and AFL++, each with its
#     report and a reproduce command that fails the same way; without
#     --exe they are "(none)".
set -euo pipefail
source "$(dirname "$0")/../tests/lib.sh"
need_args 4 "SOURCE_ROOT HATRACE CRASH_TARGET sanitize|plain" "$@"
src=$1 san=$4
hatrace_exe "$2"
crash=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
triage=$src/scripts/fuzz-triage
make_tmpdir triage

# ---- 300 inputs, ten runs ----
found=$src/corpus/findings/v4.10-multiblock-steal-dynamic.trace
"$H" convert --to binary "$found" v.bin >/dev/null
mkdir -p many/main/crashes
echo "AFL++ writes a README here" >many/main/crashes/README.txt
for i in $(seq -w 0 299); do
	cp v.bin "many/main/crashes/id:000$i,sig:06,src:000001,time:$i,execs:$i,op:havoc,rep:2"
done
sig='I4-retype:change_pageblock_range:change_pageblock_range'
for r in $(seq 1 10); do
	run 0 "$triage" --variant v4.10 --hatrace "$H" -q many
	grep -q "^$sig  *300  " out || fail "run $r: no '$sig' with 300 inputs"
done
ok "300 inputs, ten runs: exit 0, one finding of 300 inputs"

# ---- the table (run from the source root: the paths it prints are relative) ----
run 0 bash -c 'cd "$1" && shift && "$@"' _ "$src" "$triage" --variant v4.10 --hatrace "$H" -q \
	--out "$T/many" "$T/many"
line=$(grep "^$sig " out)
f=many/findings/I4-retype-change_pageblock_range-change_pageblock_range.trace
# the ops: the lines after the header's blank line, neither comments nor blank
ops=$(awk 'body && !/^(#|$)/ { n++ } /^$/ { body = 1 } END { print n + 0 }' "$f")
inops=$(awk 'body && !/^(#|$)/ { n++ } /^$/ { body = 1 } END { print n + 0 }' "$found")
[[ $line == *"($inops -> $ops ops)" ]] ||
	fail "op counts: '$line', the input has $inops ops, $f $ops"
ok "op counts are ops ($inops -> $ops)"
known=$(grep -A6 "^$sig " out | sed -n 's/^ *known as \(.*\) (same signature under v4.10)$/\1/p')
[[ $known == *corpus/findings/v4.10-multiblock-steal-dynamic.trace* ]] ||
	fail "known as: '$known'"
for k in ${known//,/ }; do
	[[ -f $src/$k ]] || fail "known as $k: no such file in the source tree"
done
ok "known as: paths ($known)"
gloss=$(grep -A1 "^$sig " out | sed -n '2s/^ *//p')
[[ $gloss == "I4-retype - "* ]] || fail "no gloss of I4-retype: '$gloss'"
grep -qF "\"${gloss#I4-retype - }\"" "$src/allocator/violation.c" ||
	fail "the gloss '$gloss' is not allocator/violation.c's"
ok "the invariant's gloss: $gloss"

# ---- signatures tell causes apart: I6 at two exits of the slow path ----
# Two OOMs with free H pages under v4.10 (fuzz/testdata): the watermark
# check fails at L = 1 (R6's exit) and at L = 16 (R3's).  Two findings,
# each "known as" the reproducers of its own exit only; --ignore with the
# detail leaves the other one.
mkdir -p exits
for x in wmark-exit wmark-exit-L16; do
	"$H" convert --to binary "$src/fuzz/testdata/i6-$x.trace" "exits/crash-$x" >/dev/null
done
run 0 bash -c 'cd "$1" && shift && "$@"' _ "$src" "$triage" --variant v4.10 --hatrace "$H" -q \
	--out "$T/exits" "$T/exits"
for s in wmark-exit wmark-exit-L16; do
	grep -q "^I6:__alloc_pages_may_oom:$s  *1  " out || fail "no finding I6:...:$s of 1 input"
done
known_of() {	# known_of DETAIL VARIANT
	grep -A6 "^I6:__alloc_pages_may_oom:$1 " out |
		sed -n "s/^ *known as \(.*\) (same signature under $2)\$/\1/p"
}
k0=$(known_of wmark-exit v4.10) k16=$(known_of wmark-exit-L16 v4.10)
[[ $k0 == *R6-watermark-exit-oom.trace* && $k0 != *R3-oom-reserve-untouched.trace* ]] ||
	fail "wmark-exit known as '$k0'"
[[ $k16 == *R3-oom-reserve-untouched.trace* && $k16 != *R6-watermark-exit-oom.trace* ]] ||
	fail "wmark-exit-L16 known as '$k16'"
run 0 "$triage" --variant v4.10 --hatrace "$H" -q --ignore I6:__alloc_pages_may_oom:wmark-exit \
	--out "$T/exits2" exits
grep -q "^I6:__alloc_pages_may_oom:wmark-exit-L16  *1  " out || fail "--ignore hid the L = 16 exit"
grep -q "^(none)  *1  no violation that counts" out || fail "--ignore did not drop the L = 0 exit"
grep -q 'repro .* replay --ignore I6:__alloc_pages_may_oom:wmark-exit --variant v4.10 ' out ||
	fail "the repro line does not replay with --ignore"
ok "I6 at two exits: two findings, each known as its own reproducers; --ignore with a detail"

# v1's exit after L > 16 (retries exhausted): the fuzzer's input, as its
# finding in corpus/findings has it, is known as that file alone
l17=corpus/findings/v1-stray-head-retries-exhausted-oom.trace
mkdir l17
"$H" convert --to binary "$src/$l17" l17/crash-l17 >/dev/null
run 0 bash -c 'cd "$1" && shift && "$@"' _ "$src" "$triage" --variant v1 --hatrace "$H" -q \
	--out "$T/l17" "$T/l17"
grep -q "^I6:__alloc_pages_may_oom:retries-exhausted  *1  " out ||
	fail "no finding I6:...:retries-exhausted of 1 input"
k17=$(known_of retries-exhausted v1)
[[ $k17 == "$l17" ]] || fail "retries-exhausted known as '$k17', not $l17"
ok "I6 after L > 16 on v1: known as $l17"

# a caller bug is not a reserve bug: as a fuzzer's input, a gfp with both
# mobility bits reads as __GFP_MOVABLE (gfp_fuzz_fold), so the steal into
# HighAtomic it makes as a file (I5 in steal_suitable_fallback) is no finding
mkdir warned
"$H" convert --to binary "$src/fuzz/testdata/invalid-gfp-steal.trace" warned/crash-w >/dev/null
run 1 "$H" replay --variant v4.10 warned/crash-w
has "I5" out
run 0 "$triage" --variant v4.10 --hatrace "$H" -q warned
grep -q "1 crash input(s), 0 distinct finding(s)" out || fail "the invalid mask is a finding"
ok "an invalid mobility mask: a violation as a file, no finding as a fuzzer's input"

# ---- crashes of the target ----
# (named as libFuzzer names its artifacts)
mkdir crashes
art() { printf '%s' "$2" >"crashes/$1-$(printf '%s' "$2" | sha1sum | cut -c1-40)"; }
art crash HEAPxxxxxxxxxxxxxxxxxxxx
art crash SHIFTyy
art crash BUGzz
art crash ABORTqq
art timeout HANG
"$H" convert --to binary "$src/corpus/seeds/basic-alloc-free.trace" crashes/crash-benign >/dev/null
run 0 "$triage" --variant v4.10 --hatrace "$H" --exe "$crash" --timeout 2 --max-replays 500 \
	-q crashes
abort='abort:LLVMFuzzerTestOneInput'
if [[ $san == sanitize ]]; then
	want=(ASan:heap-buffer-overflow:crash_heap_read UBSan:invalid-shift-exponent:crash_shift
		BUG:crash_bug "$abort" timeout)
	none=1
else
	# (no sanitizer: the overflow and the shift go unseen; an abort has no
	# stack but under libFuzzer)
	grep -q '^signal:SIGABRT ' out && abort=signal:SIGABRT
	want=(BUG:crash_bug "$abort" timeout)
	none=3
fi
for s in "${want[@]}"; do
	grep -q "^$s  *1  crashes/findings/" out || fail "no finding '$s'"
	n=crashes/findings/$(tr ':' '-' <<<"$s")
	for x in input inputs log repro trace; do
		[[ -e $n.$x ]] || fail "$s: no $n.$x"
	done
	grep -A3 "^$s " out | grep -q "repro .*$(basename "$n").input" || fail "$s: no repro line"
	if [[ $s == timeout ]]; then
		ok "$s: a finding, with its files and repro line"
		continue
	fi
	rc=0
	bash -c "$(cat "$n.repro"); exit \$?" >repro.log 2>&1 </dev/null || rc=$?
	[[ $rc -ne 0 ]] || fail "$s: its repro command exits 0: $(cat "$n.repro")"
	ok "$s: a finding, $(wc -c <"$n.input") bytes, its repro fails (exit $rc)"
done
grep -q "^(none)  *$none  no violation under v4.10, and no crash in" out ||
	fail "not $none input(s) without a violation or a crash"
# (libFuzzer's -minimize_crash, afl-tmin; the standalone driver has neither)
if [[ $san == sanitize ]] && grep -qa -- '-minimize_crash\|__AFL_SHM_ID' "$crash"; then
	n=crashes/findings/ASan-heap-buffer-overflow-crash_heap_read.input
	[[ $(wc -c <"$n") -lt 24 ]] || fail "the heap overflow's input is $(wc -c <"$n") bytes"
	ok "minimized: the overflow in $(wc -c <"$n") bytes (of 24)"
fi

# without --exe: (none), with a hint
rm -rf crashes/findings
run 0 "$triage" --variant v4.10 --hatrace "$H" -q crashes
has '^(none)  *6  no violation under v4.10 (give --exe TARGET'
ok "without --exe: 6 inputs without a violation, and the hint"
