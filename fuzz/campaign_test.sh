#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/campaign_test.sh SOURCE_ROOT BUILD_DIR HATRACE - scripts/fuzz end to
# end on the libFuzzer build (no build step): a short campaign on
# fuzz_v1_no_v1_2 (-seed=1, at most RUNS executions or SECONDS) from the
# seeds, then its triage, in a copy of the scripts (the default output
# directory is in the tree).  Passes when the output went to the
# libFuzzer default, fuzz-out/libfuzzer/<target>, the double decrement
# (I4:unreserve_highatomic_pageblock) is a finding, its minimized trace
# replays with `hatrace replay --variant v1+no-v1-2` (and its .repro
# command) to that signature, the report names R2 as known with that
# signature, and the crash inputs were left alone.
set -euo pipefail
src=$1 bdir=$2 hatrace=$3
runs=${4:-30000} secs=${5:-12}
sig='I4:unreserve_highatomic_pageblock'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tree/scripts" "$work/tree/fuzz"
cp "$src"/scripts/{fuzz,fuzz-triage,afl-stats,args.sh,fuzz-targets.sh} "$work/tree/scripts/"
cp "$src"/fuzz/{hatrace.dict,meson.build} "$work/tree/fuzz/"
ln -s "$src/corpus" "$work/tree/corpus"

"$work/tree/scripts/fuzz" --no-build --build-dir "$bdir" --hatrace "$hatrace" \
	--target fuzz_v1_no_v1_2 --seed 1 --runs "$runs" --time "$secs" \
	>"$work/report" 2>&1 || { cat "$work/report"; echo "FAIL: scripts/fuzz exited $?"; exit 1; }
cat "$work/report"
out=$work/tree/fuzz-out/libfuzzer/fuzz_v1_no_v1_2
[ -d "$out/corpus" ] && [ ! -e "$work/tree/fuzz-out/fuzz_v1_no_v1_2" ] ||
	{ ls "$work/tree/fuzz-out"; echo "FAIL: not in fuzz-out/libfuzzer/..."; exit 1; }
f=$out/findings/I4-unreserve_highatomic_pageblock
for x in trace repro input inputs; do
	[ -s "$f.$x" ] || { echo "FAIL: no $f.$x"; exit 1; }
done
grep -q "^$sig " "$work/report" || { echo "FAIL: '$sig' not in the report's table"; exit 1; }
# and named after the spec's reproducer with that signature
grep -A4 "^$sig " "$work/report" | grep -q 'known as .*R2-double-decrement' ||
	{ echo "FAIL: the finding is not marked as known (R2-double-decrement)"; exit 1; }
# every input the triage names is still there, unchanged in size
while IFS= read -r i; do
	[ -s "$i" ] || [ -s "$work/tree/$i" ] || { echo "FAIL: crash input $i is gone"; exit 1; }
done <"$f.inputs"
grep -q . "$f.inputs" || { echo "FAIL: $f.inputs is empty"; exit 1; }

# the minimized trace replays to the same signature
rc=0
"$hatrace" replay --keep-going --variant v1+no-v1-2 "$f.trace" >"$work/replay" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { cat "$work/replay"; echo "FAIL: hatrace replay exited $rc, not 1"; exit 1; }
grep -q "^  signature    $sig\$" "$work/replay" ||
	{ cat "$work/replay"; echo "FAIL: the minimized trace does not replay to $sig"; exit 1; }
# so does its one-line reproduce command (run from the source root)
repro=$(cat "$f.repro")
case "$repro" in *"replay"*"--variant v1+no-v1-2 "*) ;; *) echo "FAIL: .repro: $repro"; exit 1 ;; esac
rc=0
(cd "$work/tree" && eval "${repro/#*hatrace replay/\"$hatrace\" replay}") >"$work/repro" 2>&1 ||
	rc=$?
[ "$rc" -eq 1 ] && grep -q "^  signature    $sig\$" "$work/repro" ||
	{ cat "$work/repro"; echo "FAIL: the .repro command ($repro) exited $rc without $sig"; exit 1; }
ops=$(awk 'b && NF { n++ } !NF { b = 1 } END { print n }' "$f.trace")	# (after the header)
echo "ok: $sig found, triaged to $ops ops: $repro"
