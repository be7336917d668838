#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/import_smoke.sh TARGET DICT SEED_DIR RUNS SECONDS - a short libFuzzer
# run of an importer's target (fuzz_import_*): -seed=1, at most RUNS
# executions or SECONDS, from the inputs in SEED_DIR (read, never written)
# into a temporary corpus, with DICT.  Passes when the run ends without a
# crash, leak, timeout or out-of-memory; prints its execs and coverage.
set -euo pipefail

if [ $# -ne 5 ]; then
	echo "usage: $0 TARGET DICT SEED_DIR RUNS SECONDS" >&2
	exit 2
fi
target=$1 dict=$2 seeds=$3 runs=$4 secs=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"

rc=0
"$target" -seed=1 -runs="$runs" -max_total_time="$secs" -max_len=8192 -timeout=10 \
	-rss_limit_mb=2048 -dict="$dict" -print_final_stats=1 -artifact_prefix="$work/" \
	"$work/corpus" "$seeds" >"$work/log" 2>&1 || rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1)
if [ "$rc" -ne 0 ] || [ -z "$execs" ]; then
	tail -n 40 "$work/log"
	echo "FAIL: $(basename "$target") exited $rc after ${execs:-?} runs"
	exit 1
fi
echo "ok: $(basename "$target"): $execs runs, ${cov:-cov: ?}, no crash"
