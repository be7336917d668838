#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/import/test_import_garbage.sh HATRACE SOURCE_ROOT - `hatrace import
# ftrace` of what is not a kmem trace (random bytes, a binary kpageflags, an
# OOM report, an empty file, a tracer header alone, a --from-marker never
# seen, more malformed lines than events): exit 2 with the reason, alone; and
# of a kmem trace with something wrong (some malformed lines, a CPU's
# timestamps going backwards, pfns outside the zones of --geometry-from, the
# 4.x and 6.x layouts in one file): exit 0 with a warning FILE:LINE on
# stderr (--quiet too) and in the trace's comments.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

need_args 2 "HATRACE SOURCE_ROOT" "$@"
D=$(cd "$2/tests/import/data" && pwd)
hatrace_exe "$1"
make_tmpdir import-garbage

# refused FILE PATTERN: exit 2, one line on stderr matching PATTERN, no trace left
refused() {
	run 2 "$H" import ftrace "$1" -o x.trace
	[[ $(wc -l <"$T/err") -eq 1 ]] || fail "$1: stderr is not one line"
	has "$2" err
	[[ ! -e x.trace ]] || fail "$1: a trace was left behind"
}

# ---- not a kmem trace: exit 2 ----

LC_ALL=C awk 'BEGIN { srand(1); for (i = 0; i < 4096; i++) printf "%c", int(rand() * 256) }' >random.bin
refused random.bin '^random.bin: not a kmem trace: no kmem event .*; the first: random.bin:[0-9]*: '
xz -dc "$D/kpageflags-pre.bin.xz" | head -c 65536 >kpageflags.bin || true	# (xz: SIGPIPE)
[[ $(wc -c <kpageflags.bin) -eq 65536 ]] || fail "kpageflags.bin: not 64 KiB"
refused kpageflags.bin '^kpageflags.bin: not a kmem trace: .*kpageflags.bin:1: a NUL byte at column [0-9]*: binary data?'
cp "$D/oom-v4-minimal.txt" oom.txt
refused oom.txt '^oom.txt: not a kmem trace: no kmem event (mm_page_alloc, mm_page_free, ...) among its 0 events and 10 malformed lines; the first: oom.txt:1: no \[CPU\] field$'
: >empty.txt
refused empty.txt '^empty.txt: no events in its 0 lines: not an ftrace text output (empty)$'
grep '^#' "$D/kmem-6x.txt" >header.txt
refused header.txt '^header.txt: no events in its 13 lines'
ok "random bytes, a kpageflags, an OOM report, an empty file, a header alone: exit 2, the reason alone"

run 2 "$H" import ftrace "$D/kmem-6x.txt" --from-marker 'never written' -o x.trace
[[ $(wc -l <"$T/err") -eq 1 ]] || fail "--from-marker: stderr is not one line"
has "--from-marker 'never written': no trace_marker line holds it (223 events skipped)" err
ok "--from-marker never seen: exit 2"

{ sed -n '13,15p' "$D/kmem-6x.txt"; printf 'garbage %d\n' 1 2 3 4; } >mostly-garbage.txt
refused mostly-garbage.txt '^mostly-garbage.txt: not a kmem trace: 4 malformed lines outnumber its 2 kmem events; the first: mostly-garbage.txt:4: no \[CPU\] field$'
{ sed -n '13,15p' "$D/kmem-6x.txt"; printf 'garbage %d\n' 1; } >some-garbage.txt
run 0 "$H" import ftrace some-garbage.txt -o x.trace
has '^hatrace import ftrace: some-garbage.txt:4: warning: malformed line: no \[CPU\] field (malformed lines: 1, counted and skipped)$' err
ok "malformed lines outnumbering the events: exit 2; fewer: a warning with the first one's FILE:LINE"

# ---- a kmem trace with something wrong: warnings ----

# warned FILE PATTERN [OPTION...]: exit 0, the warning on stderr (with --quiet
# too; kept in $T/warned) and as a comment in the trace, which replays
warned() {
	local f=$1 want=$2
	shift 2
	run 0 "$H" import ftrace "$f" -o w.trace --quiet "$@"
	has "^hatrace import ftrace: $want" err
	grep -q "^# $want" w.trace || fail "$f: the warning is not in the trace's comments"
	cp "$T/err" "$T/warned"
	run 0 "$H" replay w.trace
}

run 0 "$H" import ftrace "$D/kmem-6x.txt" -o x.trace
! grep -q 'warning: .*timestamps\|warning: .*layouts' "$T/err" || fail "kmem-6x.txt: a warning"
sed -n '1,40p' "$D/kmem-6x.txt" >back.txt
sed -n '30p' "$D/kmem-6x.txt" >>back.txt	# line 41: CPU 1 at 3.350406, after line 40's 3.351862
sed -n '41,60p' "$D/kmem-6x.txt" >>back.txt
sed -n '40p;41p' back.txt | grep -c '\[001\] .* 3.35\(1862\|0406\): ' | grep -qx 2 || fail "back.txt: not the lines meant"
warned back.txt 'back.txt:41: warning: CPU 1 at 3.350406, after 3.351862 at line 40: timestamps go backwards (1 steps back in all)'
ok "a CPU's timestamps going backwards: a warning with the line"

cat "$D/kmem-4x.txt" "$D/kmem-6x.txt" >mixed.txt
warned mixed.txt 'mixed.txt:54: warning: a 5.x/6.x (hex pfn=0x..) event after 4.x ones (from line 13): one file, two layouts (23 4.x, 214 5.x/6.x events)'
has 'mixed.txt:53: warning: CPU 0 at 3.347131, after 512.339196 at line 39: timestamps go backwards (2 steps' warned
ok "the 4.x and 6.x layouts in one file: a warning"

run 0 "$H" import proc --zoneinfo "$D/zoneinfo-pre.txt" --pagetypeinfo "$D/pagetypeinfo-pre.txt" \
	--quiet -o snap.trace
run 0 "$H" import ftrace "$D/kmem-6x.txt" --geometry-from snap.trace -o x.trace
! grep -q 'outside the zones' "$T/err" || fail "the right snapshot: pfns outside its zones"
printf 'hatrace-trace 1\nzone DMA32 4096 65536\ninit-free 4096 65536\n' >small.trace
cp "$D/kmem-6x.txt" k6.txt
warned k6.txt 'k6.txt:15: warning: pfn 0x10f4c order 0 lies outside the zones of small.trace (DMA32 \[4096, 65536)) (50 events): is it the snapshot of the traced machine?' \
	--geometry-from small.trace
ok "pfns outside the zones of --geometry-from: a warning; none with the right snapshot"

# a caller's mask with both mobility bits: the tracepoint's migratetype=3 is what the kernel used
! grep -q 'MOVABLE and __GFP_RECLAIMABLE' "$T/err" || fail "kmem-6x.txt: a mobility warning"
{ sed -n '1,59p' "$D/kmem-6x.txt"
  printf '%s\n' '       buggy-drv-77      [000] .....     3.352300: mm_page_alloc: page=(____ptrval____) pfn=0x5400 order=0 migratetype=3 gfp_flags=GFP_KERNEL|__GFP_RECLAIMABLE|__GFP_MOVABLE'
  sed -n '60,$p' "$D/kmem-6x.txt"; } >mobility.txt
warned mobility.txt 'mobility.txt:60: warning: gfp_flags=GFP_KERNEL|__GFP_RECLAIMABLE|__GFP_MOVABLE has both __GFP_MOVABLE and __GFP_RECLAIMABLE (1 allocations): gfpflags_to_migratetype() makes it 3, MIGRATE_HIGHATOMIC'
grep -q ' 0 migratetype= unlike the gfp.s$' w.trace || fail "mobility.txt: migratetype=3 counted as unlike the gfp's"
ok "a gfp with both mobility bits: a warning with the line; migratetype=3 is the model's too"

echo "$checks checks passed"
