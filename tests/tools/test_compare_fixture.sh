#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hatrace compare on the real highatomic capture checked in as a fixture
# (tests/fixtures/capture-highatomic: Debian 6.1 under QEMU, 384 MiB, the
# HighAtomic reserve built by loopback pings and given back before an OOM
# kill; its README).  Under v6.1 the model's HighAtomic blocks and its
# nr_reserved_highatomic (the kernel's from each snapshot's show_mem) equal
# the kernel's in each zone at every snapshot, judged with tolerance 0 (exit
# 0 with the figures that are not the reserve shown as info), the reserve
# is there at some snapshot, and the reserves created and given back are at
# least the kernel's, and the model makes the kernel's one OOM kill (read
# from the trace: oom/mark_victim) in one episode, judged with tolerance 0:
# its DMA32 buddy lists hold within a few pages of the kernel's when the
# kernel's tail fails its min watermark (docs/compare.md).
# A missing fixture is a failure.
# usage: test_compare_fixture.sh HATRACE SOURCE_ROOT
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need_args 2 "HATRACE SOURCE_ROOT" "$@"
hatrace_exe "$1"
FIX=$(cd "$2" && pwd)/tests/fixtures/capture-highatomic
[[ -f $FIX/manifest.txt ]] || { echo "FAIL: $FIX/manifest.txt: no fixture" >&2; exit 1; }
make_tmpdir compare-fixture

run 0 "$H" compare "$FIX" --variant v6.1 --tolerance free=info,blocks=info,allocs=info,pcpset=0
has '^capture .*: highatomic, kernel 6.1.0-57-amd64, .* 6 snapshots, from pre; direct reclaim progress from the trace$'
has "the kernel's OOM kills: 1 oom/mark_victim events in the trace"
grep -q '!' out && fail "a judged figure outside its tolerance"
# every snapshot: a HighAtomic row and a counter row per zone, the kernel's
# figure equal to the model's (a range over the snapshot's window: within it)
awk '
/^snapshot / { snap = $2 }
/  (HighAtomic blocks|nr_reserved_highatomic \(pages\)) / {
	k = $(NF - 2); m = $(NF - 1); lo = m; hi = m
	if (m ~ /\.\./) { split(m, r, /\.\./); lo = r[1]; hi = r[2] }
	if (k !~ /^[0-9]+$/ || k < lo + 0 || k > hi + 0) { print "FAIL: " snap ": " $0; bad = 1 }
	rows++; if ($0 ~ /HighAtomic/ && k > 0) reserved++
}
END {
	if (rows != 24) { print "FAIL: " rows " reserve rows, expected 6 snapshots x 2 zones x 2"; bad = 1 }
	if (!reserved) { print "FAIL: no snapshot with a HighAtomic block"; bad = 1 }
	exit bad
}' out >check.txt || { cat check.txt >&2; fail "the reserve differs from the kernel's"; }
ok "v6.1: HighAtomic blocks and nr_reserved_highatomic per zone equal the kernel's at every snapshot"
awk '/^over the run/ { r = 1 } r' out >run.txt
for w in created 'given back'; do
	grep -q "^  run    reserves $w (kernel: at least)  *\([0-9]*\)  *\([0-9]*\) " run.txt ||
		fail "no reserves $w row"
	read -r k m < <(sed -n "s/^  run    reserves $w (kernel: at least) *\([0-9]*\) *\([0-9]*\) .*/\1 \2/p" run.txt)
	[[ $m -ge $k && $k -gt 0 ]] || fail "reserves $w: the model's $m, the kernel's at least $k"
done
ok "v6.1: reserves created and given back, at least the kernel's"
grep -q "^  run    OOM kills (model: OOM episodes)  *1  *1   0$" run.txt ||
	fail "OOM kills: not the kernel's 1: $(grep '^  run    OOM kills' run.txt)"
ok "v6.1: the kernel's OOM kill (oom/mark_victim), one OOM episode in the model"
echo "compare-fixture: $checks checks passed"
