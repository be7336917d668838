#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# find_bug.sh TARGET INV HATRACE VARIANT SEED_DIR [RUNS] [SECONDS]
#
# A short deterministic libFuzzer run (-seed=1, at most RUNS executions or
# SECONDS) of TARGET from the seeds in SEED_DIR only, into a fresh corpus
# directory.  Passes when the run crashes with invariant INV among the
# violations reported, and the crash input, converted with `hatrace convert
# --fuzz`, replays under VARIANT with `hatrace replay` to the same
# verdict.  With HAT_FUZZ_UNLESS=REF in the environment (the differential
# mode of the targets), also that INV does not fire under REF.  Prints the
# runs and seconds it took.
set -euo pipefail

if [ $# -lt 5 ]; then
	echo "usage: $0 TARGET INV HATRACE VARIANT SEED_DIR [RUNS] [SECONDS]" >&2
	exit 2
fi
target=$1 inv=$2 hatrace=$3 variant=$4 seeds=$5
runs=${6:-500000}
secs=${7:-90}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"

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
	echo "FAIL: no crash in ${execs:-?} runs, $((ms / 1000)).$((ms % 1000 / 100)) s (exit $rc)"
	exit 1
fi
verdict=$(sed -n 's/^==hatrace fuzz== variant [^ ]*: FAIL //p' "$work/log" | head -n 1)
echo "crash after ${execs:-?} runs, $((ms / 1000)).$((ms % 1000 / 100)) s: $verdict"
fired=${verdict%% *}
case ",$fired," in
*",$inv,"*) ;;
*)
	sed -n '/^==hatrace fuzz==/,$p' "$work/log" | head -n 60
	echo "FAIL: the crash is not $inv (fired: $fired)"
	exit 1
	;;
esac

# The triage path: the input converted once replays the same everywhere.
"$hatrace" convert --fuzz "$crash" "$work/crash.trace"
cat "$work/crash.trace"
rc=0
"$hatrace" replay --quiet --variant "$variant" "$work/crash.trace" || rc=$?
if [ "$rc" -ne 1 ]; then
	echo "FAIL: hatrace replay of the converted crash exited $rc, not 1"
	exit 1
fi
if [ -n "${HAT_FUZZ_UNLESS:-}" ]; then
	# differential: the reference passes the input as far as INV goes
	"$hatrace" replay --keep-going --variant "$HAT_FUZZ_UNLESS" "$work/crash.trace" \
		>"$work/ref" 2>&1 || true
	if grep -q "^violation [0-9]* of [0-9]*: $inv " "$work/ref"; then
		cat "$work/ref"
		echo "FAIL: $inv fires under $HAT_FUZZ_UNLESS too (HAT_FUZZ_UNLESS)"
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
echo "ok: $inv found and reproduced"
