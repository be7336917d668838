#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# find_bug.sh TARGET SIGNATURE HATRACE VARIANT SEED_DIR [RUNS] [SECONDS]
#
# A short deterministic libFuzzer run (-seed=1, at most RUNS executions or
# SECONDS) of TARGET from the seeds in SEED_DIR only, into a fresh corpus
# directory, with HAT_FUZZ_ONLY=SIGNATURE (a signature pattern,
# ID[:FUNCTION[:DETAIL]], docs/fuzzing/signatures.md): only that bug is a crash.
# Passes when the run crashes with a signature the pattern matches, and the
# crash input, converted with `hatrace convert --fuzz`, replays under
# VARIANT with `hatrace replay --only SIGNATURE` to such a violation.  With
# HAT_FUZZ_UNLESS=REF in the environment (the differential mode of the
# targets), also that REF passes it (`hatrace replay --only SIGNATURE`
# under REF).  Prints the runs and seconds it took.  A change of the model
# that hides the bug (or makes it much harder to reach) fails it.
set -euo pipefail

if [ $# -lt 5 ]; then
	echo "usage: $0 TARGET SIGNATURE HATRACE VARIANT SEED_DIR [RUNS] [SECONDS]" >&2
	exit 2
fi
target=$1 want=$2 hatrace=$3 variant=$4 seeds=$5
runs=${6:-500000}
secs=${7:-90}
export HAT_FUZZ_ONLY=$want

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"

# matches SIGNATURE: the pattern matches it (it, or it cut before a ':')
matches() { [[ $1 == "$want" || $1 == "$want":* ]]; }

start=$(date +%s%N)
rc=0
"$target" -seed=1 -runs="$runs" -max_total_time="$secs" -print_final_stats=1 -max_len=1024 \
	-artifact_prefix="$work/" "$work/corpus" "$seeds" >"$work/log" 2>&1 || rc=$?
end=$(date +%s%N)
ms=$(((end - start) / 1000000))

crash=$(find "$work" -maxdepth 1 -name 'crash-*' | head -n 1)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
if [ -z "$crash" ]; then
	tail -n 20 "$work/log"
	echo "FAIL: no $want in ${execs:-?} runs, $((ms / 1000)).$((ms % 1000 / 100)) s (exit $rc)"
	exit 1
fi
verdict=$(sed -n 's/^==hatrace fuzz== variant [^ ]*: FAIL //p' "$work/log" | head -n 1)
sig=$(sed -n 's/^==hatrace fuzz== signature //p' "$work/log" | head -n 1)
echo "crash after ${execs:-?} runs, $((ms / 1000)).$((ms % 1000 / 100)) s: $verdict, $sig"
if ! matches "$sig"; then
	sed -n '/^==hatrace fuzz==/,$p' "$work/log" | head -n 60
	echo "FAIL: the crash is not $want (signature: ${sig:-none})"
	exit 1
fi

# The triage path: the input converted once replays the same everywhere.
"$hatrace" convert --fuzz "$crash" "$work/crash.trace"
cat "$work/crash.trace"
rc=0
"$hatrace" replay --only "$want" --variant "$variant" "$work/crash.trace" >"$work/replay" ||
	rc=$?
first=$(sed -n 's/^  signature    //p' "$work/replay" | head -n 1)
if [ "$rc" -ne 1 ] || ! matches "$first"; then
	cat "$work/replay"
	echo "FAIL: hatrace replay of the converted crash exited $rc (${first:-no violation}), not $want"
	exit 1
fi
if [ -n "${HAT_FUZZ_UNLESS:-}" ]; then
	# differential: the reference passes the input as far as SIGNATURE goes
	rc=0
	"$hatrace" replay --only "$want" --variant "$HAT_FUZZ_UNLESS" "$work/crash.trace" \
		>"$work/ref" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		cat "$work/ref"
		echo "FAIL: $want fires under $HAT_FUZZ_UNLESS too (HAT_FUZZ_UNLESS)"
		exit 1
	fi
	echo "ok: $HAT_FUZZ_UNLESS passes it"
fi
rc=0
HAT_FUZZ_QUIET=1 "$target" "$crash" >"$work/rerun" 2>&1 || rc=$?
if [ "$rc" -eq 0 ]; then
	echo "FAIL: the target does not crash again on its crash input"
	exit 1
fi
echo "ok: $sig found and reproduced"
