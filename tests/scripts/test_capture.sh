#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/scripts/test_capture.sh SOURCE_ROOT HATRACE - scripts/capture without
# QEMU: its usage errors (exit 2, before it boots anything, leaving no file
# behind: a bad workload, an OUTDIR that is a file or not empty, a kernel
# package apt cannot fetch, a .deb that does not exist); every knob a
# workload sets (its manifest's sysctl lines) is one the model's `sysctl`
# op takes; and the checked-in
# capture tests/fixtures/capture-highatomic is well-formed (scripts/capture-check)
# with the kernel's HighAtomic blocks at its markers, while copies of it
# broken one way each are refused, naming the problem.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need_args 2 "SOURCE_ROOT HATRACE" "$@"
src=$1
hatrace=$2
cap=$src/scripts/capture
check=$src/scripts/capture-check
fixture=$src/tests/fixtures/capture-highatomic
make_tmpdir capture

# leaves_nothing: no new directory, no temporary capture beside it
leaves_nothing() {
	[[ ! -e new ]] || fail "$*: created new"
	[[ -z $(ls -A | grep '^\.capture-' || true) ]] || fail "$*: left $(ls -A | grep '^\.capture-')"
}

run 2 "$cap" bogus new
has "unknown workload 'bogus': one of mixed oom highatomic" err
leaves_nothing "a bad workload"
ok "a bad workload: exit 2, the workloads named"

mkdir full
echo keep > full/mine
run 2 "$cap" highatomic full
has "full is not empty" err
[[ $(cat full/mine) == keep ]] || fail "the user's file changed"
echo keep > afile
run 2 "$cap" highatomic afile
has "afile exists and is not a directory" err
[[ $(cat afile) == keep ]] || fail "the user's file changed"
run 2 "$cap" highatomic nowhere/new
has "nowhere: no such directory" err
ok "OUTDIR not empty, a file, or in no directory: exit 2, untouched"

for bad in "--mem 0" "--mem 12x" "--smp -1" "--kprobes maybe"; do
	run 2 "$cap" $bad highatomic new
	has "${bad%% *} takes" err
done
# --bufkb is the buffer of all CPUs: each gets KIB / N
run 2 "$cap" --bufkb 3 --smp 4 highatomic new
has "bufkb 3 is less than 1 KiB for each of 4 CPUs" err
leaves_nothing "bad numbers"
ok "--mem 0, --mem 12x, --smp -1, --kprobes maybe, --bufkb 3 for 4 CPUs: exit 2"

run 2 "$cap" --kernel "$T/nowhere/linux.deb" highatomic new
has "nowhere/linux.deb: no such file" err
# apt-get download refuses an unknown package from its local lists, offline
run 2 "$cap" --cache "$T/cache" --kernel linux-image-hatrace-no-such-kernel highatomic new
has "cannot fetch kernel package 'linux-image-hatrace-no-such-kernel'" err
leaves_nothing "an unknown kernel package"
[[ -z $(ls -A cache) ]] || fail "the cache holds $(ls -A cache)"
ok "a .deb that does not exist, a package apt cannot fetch: exit 2, nothing left"

# the knobs of the workloads (knob NAME VALUE: the manifest's "sysctl vm.NAME
# VALUE"), each replayed as the era-2 op; a knob the model lacks is refused
knobs=$(sed -n 's/^[[:space:]]*knob \([a-z_]*\) \([0-9]*\).*/\1 \2/p' \
	"$src/scripts/capture-workloads.sh")
[[ $knobs == *"percpu_pagelist_high_fraction 100"* ]] || fail "the workloads set no percpu_pagelist_high_fraction: $knobs"
# knob_trace NAME VALUE: an era-2 trace that sets it
knob_trace() {
	printf 'hatrace-trace 1\nzone Normal 0 65536\nvariant v6.1\nsysctl %s %s\n' "$1" "$2" \
		> knob.txt
}
while read -r name value; do
	knob_trace "$name" "$value"
	run 0 "$hatrace" dump knob.txt
done <<<"$knobs"
knob_trace percpu_pagelist_fraction 100
run 2 "$hatrace" dump knob.txt
has "knob.txt:4:8: unknown sysctl 'percpu_pagelist_fraction'" err
ok "the workloads' knobs are the model's: $(echo $knobs)"

# the fixture: well-formed, and the kernel reserved HighAtomic blocks and
# gave them back by the OOM kill
run 0 "$check" "$fixture"
has "highatomic under 6.1.0-57-amd64, 6 snapshots, 1 OOM kill(s)"
grep -qx 'sysctl vm.watermark_boost_factor 0' "$fixture/manifest.txt" ||
	fail "the fixture's manifest does not say vm.watermark_boost_factor 0"
for want in "pre: HighAtomic blocks DMA 0 DMA32 0;" "ping1: HighAtomic blocks DMA 0 DMA32 [1-9];" \
	"oom: HighAtomic blocks DMA 0 DMA32 0;"; do
	has "snapshot $want"
done
# the reserve counter of each snapshot's show_mem: 2048 KiB per HighAtomic block
sed -n 's/.*snapshot \([a-z0-9]*\): HighAtomic blocks DMA \([0-9]*\) DMA32 \([0-9]*\);.*reserved_highatomic (KiB) DMA \([0-9]*\) DMA32 \([0-9]*\)$/\1 \2 \3 \4 \5/p' \
	out > counters
[[ $(wc -l < counters) -eq 6 ]] || fail "not 6 snapshots with a reserved_highatomic"
while read -r snap dma dma32 kdma kdma32; do
	[[ $kdma -eq $((dma * 2048)) && $kdma32 -eq $((dma32 * 2048)) ]] ||
		fail "snapshot $snap: blocks $dma/$dma32, reserved_highatomic $kdma/$kdma32 KiB"
done < counters
ok "the fixture is well-formed: $(grep -c '^  snapshot' out) snapshots, HighAtomic $(sed -n \
	's/.*snapshot \([a-z0-9]*\): HighAtomic blocks DMA 0 DMA32 \([0-9]*\);.*/\1 \2/p' out | paste -sd' ')"

# broken copies (the trace is linked, not copied)
# broken WHAT REGEX: scripts/capture-check refuses the copy in b/, naming WHAT
broken() {
	run 2 "$check" b
	has "$2" err
	ok "refused: $1"
	rm -rf b
}
copy() {
	mkdir b
	for f in "$fixture"/*; do ln -s "$f" "b/${f##*/}"; done
	rm b/manifest.txt
	cp "$fixture/manifest.txt" b/
}
copy; rm b/zoneinfo-ping1.txt
broken "a snapshot file missing" "b/zoneinfo-ping1.txt: not found or empty (snapshot ping1)"
# manifest edits (sed script, what, the error), one per line, tab-separated
while IFS=$'\t' read -r script what err; do
	copy
	sed -i "$script" b/manifest.txt
	broken "$what" "$err"
done <<'EDITS'
s/^snapshot ping2$/snapshot later/	a snapshot without its files	b/buddyinfo-later.txt: not found
/^snapshot ping1$/d; s/^snapshot ping2$/snapshot ping2\nsnapshot ping1/	snapshots out of the trace's order	the snapshot markers are \[.*\], the manifest wants
s/^oom-kills 1$/oom-kills 2/	an OOM kill count the console does not have	oom-kills 2, but console.txt has 1
$a colour blue	an unknown key	b/manifest.txt:[0-9]*: unknown key 'colour'
s/^hatrace-capture 1$/hatrace-capture 2/	another format version	b/manifest.txt:1: not 'hatrace-capture 1'
/^trace /d	no trace line	b/manifest.txt: no 'trace' line
s/^sysctl .*/sysctl vm.watermark_boost_factor many/	a sysctl without a number	sysctl 'vm.watermark_boost_factor many' is not 'NAME VALUE'
s|^trace .*|trace ../elsewhere.txt|	a file outside the directory	trace ../elsewhere.txt: not a file of the directory
EDITS
copy; rm b/trace-stats.txt
sed 's/^overrun: 0$/overrun: 7/' "$fixture/trace-stats.txt" > b/trace-stats.txt
broken "a ring buffer overrun" "b/trace-stats.txt:[0-9]*: overrun: 7: the trace lost events"
# a trace of the fixture's markers only is well-formed; with a LOST line not
copy
xz -dc "$fixture/kmem-trace.txt.xz" | grep 'KTRACE_MARK snapshot' > b/marks.txt
sed -i 's/^trace .*/trace marks.txt/' b/manifest.txt
run 0 "$check" b
sed -i '3i\ CPU:1 [LOST 12 EVENTS]' b/marks.txt
broken "a trace with lost events" "b/marks.txt: the ring buffer lost events (CPU:1 \[LOST 12 EVENTS\])"
copy; rm b/kmem-trace.txt.xz
broken "the trace missing" "trace kmem-trace.txt.xz: not found"
copy; head -c 100000 "$fixture/kmem-trace.txt.xz" > b/trace.xz
sed -i 's/^trace .*/trace trace.xz/' b/manifest.txt
broken "a truncated trace" "b/trace.xz: cannot read"
