#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/import/test_real_trace.sh HATRACE SOURCE_ROOT - the real Debian 6.1
# kmem trace of ../shared/traces (beside the clone), its first 200k events
# extracted now, imported from the real /proc snapshot and replayed under
# every preset of every era (v6.1: the trace's kernel) with the invariant
# checker on at every op (scripts/replay-real).
# The shared traces are an input of this test: without them it fails.
set -euo pipefail

if [[ $# -ne 2 ]]; then
	echo "usage: $0 HATRACE SOURCE_ROOT" >&2
	exit 2
fi
H=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
TR=$SRC/../shared/traces
EVENTS=200000
HEADER=12	# "# tracer: nop" and the column legend of the trace file

if [[ ! -f $TR/debian-6.1-kmem-trace.txt.xz ]]; then
	echo "FAIL: $TR/debian-6.1-kmem-trace.txt.xz not found." >&2
	echo "      This test replays the shared real kernel trace, which lives beside the" >&2
	echo "      clone in ../shared/traces (CI copies it there).  It is not optional." >&2
	exit 1
fi
command -v xz >/dev/null || { echo "FAIL: xz is not installed" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/hatrace-real.XXXXXX")
trap 'rm -rf "$T"' EXIT

fail() {
	echo "FAIL: $*" >&2
	for f in out err; do
		[[ -s $T/$f ]] && { echo "--- std$f:" >&2; head -n 80 "$T/$f" >&2; }
	done
	exit 1
}
has() { grep -q -e "$1" "$T/${2:-out}" || fail "no '$1' in std${2:-out}"; }

# the slice, extracted at test time (xz stops on SIGPIPE once head has enough)
set +o pipefail
xz -dc "$TR/debian-6.1-kmem-trace.txt.xz" | head -n $((EVENTS + HEADER)) >"$T/slice.txt"
set -o pipefail
n=$(wc -l <"$T/slice.txt")
[[ $n -eq $((EVENTS + HEADER)) ]] || fail "extracted $n lines, expected $((EVENTS + HEADER))"

start=$(date +%s)
rc=0
"$SRC/scripts/replay-real" --hatrace "$H" --input "$T/slice.txt" --keep "$T/work" \
	>"$T/out" 2>"$T/err" || rc=$?
[[ $rc -eq 0 ]] || fail "scripts/replay-real exit $rc"
has "slice.txt: $((EVENTS + HEADER)) lines, $EVENTS events, 0 malformed, 0 unmapped" err
has 'pages allocated by the kernel that the start state holds allocated' err
for v in v4.8 v1 v4.10 v6.1; do
	has "^replay $v: pass"
done
n=$(grep -c '^replay ' "$T/out")
[[ $n -ge 8 ]] || fail "$n variants replayed, expected every era's presets"
grep -c 'the model failed 0, ' "$T/out" | grep -qx "$n" ||
	fail "the model failed allocations the kernel satisfied"
has '^  DMA32  kernel  *447  *51  *6  *0  *-  *0  *177393  *-$'
has '^  DMA32  v4.10 '
has '^  DMA32  v6.1 '
# the imported trace is a text trace like any other: it replays the same
"$H" replay --variant v4.10 --quiet "$T/work/real.trace" >"$T/replay.out" 2>&1 ||
	fail "hatrace replay of the imported trace"
hash=$(grep -o 'state [0-9a-f]*' "$T/replay.out")
grep -q "^replay v4.10: pass (.*$hash)" "$T/out" || fail "in-memory and text replays differ ($hash)"
cat "$T/out"
echo "real trace: $EVENTS events imported and replayed under every preset in $(($(date +%s) - start)) s"
