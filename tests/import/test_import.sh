#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/import/test_import.sh HATRACE SOURCE_ROOT - hatrace import ftrace and
# import proc on the checked-in excerpts (tests/import/data): the 4.x and
# 6.x kmem layouts with malformed and unmappable lines (counted and skipped;
# --strict: FILE:LINE: message, exit 2), compressed input, the summary, the
# /proc snapshot rebuilt exactly, the imported traces replaying.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

need_args 2 "HATRACE SOURCE_ROOT" "$@"
D=$(cd "$2/tests/import/data" && pwd)
hatrace_exe "$1"
make_tmpdir import
FAIL_LINES=80

hasnt() { ! grep -q -e "$1" "$T/${2:-out}" || fail "'$1' in std${2:-out}"; }
# the summary row of an event: "name events mapped unmapped"
row() { grep -q -E "^ *$1 +$2 +$3 +$4( |\$)" "$T/err" || fail "summary row '$1 $2 $3 $4' missing"; }

# ---- 4.x layout ----

run 0 "$H" import ftrace "$D/kmem-4x.txt" -o 4x.trace
has 'kmem-4x.txt: 40 lines, 26 events, 2 malformed, 4 unmapped' err
has '0 with 4.x\|23 with 4.x decimal pfn=' err
row mm_page_alloc 11 10 1
row mm_page_free 8 5 3
row mm_page_free_batched 1 1 0
row mm_page_pcpu_drain 1 1 0
row mm_page_alloc_zone_locked 1 1 0
row mm_page_alloc_extfrag 1 1 0
row tracing_mark_write 2 2 0
has 'gfp name .__GFP_BOGUS. unknown: 1 events' err
has 'kmem-4x.txt:29: mm_page_alloc: gfp_flags=GFP_KERNEL|__GFP_BOGUS' err
has 'kmem-4x.txt:30: mm_page_free: pfn 65536: its allocation at line 29 was not mapped' err
has 'kmem-4x.txt:31: mm_page_free: pfn 222222 order 0 was never seen allocated' err
has 'kmem-4x.txt:33: mm_page_free: pfn 90000 order 1, allocated with order 2 at line 32' err
has 'kmem-4x.txt:34: no timestamp after \[CPU\]' err
has 'kmem-4x.txt:35: mm_page_free: pfn=12x45 is not a number' err
has 'LOST 12 events' err
has '5 events on CPUs >= 2 folded modulo 2 (highest CPU 3)' err
has '1 allocations failed in the kernel' err
ok "4.x excerpt: counts per event, reasons and line numbers, malformed lines counted"
grep -q '^alloc h4 cpu=1 order=3 gfp=GFP_ATOMIC|__GFP_NOWARN|__GFP_COMP # kernel: failed$' 4x.trace ||
	fail "the kernel's failed allocation is not an alloc marked '# kernel: failed'"
grep -q '^alloc h2 cpu=0 order=1 gfp=GFP_KERNEL|__GFP_RECLAIMABLE|__GFP_REPEAT$' 4x.trace ||
	fail "GFP_TEMPORARY|__GFP_REPEAT (cpu 2 folded to 0) not mapped"
grep -q '^alloc h6 cpu=1 order=0 gfp=GFP_KERNEL|__GFP_DMA$' 4x.trace ||
	fail "pre-4.4 GFP_IOFS|__GFP_WAIT|__GFP_DMA not mapped"
grep -q '^alloc h7 cpu=1 order=0 gfp=0$' 4x.trace || fail "gfp_flags=none not mapped to 0"
grep -q '^# marker (line 12, 512.338884): phase begin: 4.x excerpt$' 4x.trace || fail "marker not a comment"
grep -q '^free h5 cpu=0$' 4x.trace || fail "order-9 free not paired with its allocation"
ok "4.x excerpt: ops, gfp mapping, CPU folding, markers as comments"
run 0 "$H" replay 4x.trace
has 'pass'
ok "4.x excerpt: the imported trace replays"

run 2 "$H" import ftrace --strict "$D/kmem-4x.txt" -o strict.trace
head -n 1 "$T/err" | grep -q "^$D/kmem-4x.txt:29: mm_page_alloc: gfp_flags=GFP_KERNEL|__GFP_BOGUS: '__GFP_BOGUS' has no v4.8 meaning\$" ||
	fail "--strict: first line of stderr is not FILE:29: message"
[[ ! -e strict.trace ]] || fail "--strict left a partial trace behind"
ok "4.x excerpt --strict: exit 2 with FILE:LINE: message, no output left"
head -n 34 "$D/kmem-4x.txt" | tail -n 34 >malformed-first.txt
sed -n '1,28p' "$D/kmem-4x.txt" >malformed-first.txt
sed -n '34p' "$D/kmem-4x.txt" >>malformed-first.txt
run 2 "$H" import ftrace --strict malformed-first.txt
head -n 1 "$T/err" | grep -q '^malformed-first.txt:29: malformed line: no timestamp after \[CPU\]$' ||
	fail "--strict on a malformed line"
ok "--strict: a malformed line is an error with its line number"

# ---- 5.x/6.x layout (a slice of the shared Debian 6.1 trace + crafted lines) ----

run 0 "$H" import ftrace "$D/kmem-6x.txt" -o 6x.trace
has 'kmem-6x.txt: 236 lines, 223 events, 1 malformed, 7 unmapped' err
has '214 events with 5.x/6.x hex pfn=0x.., 0 with 4.x' err
row mm_page_alloc 88 87 1
row mm_page_free 75 70 5
row mm_page_free_batched 38 38 0
row bulk_alloc_page 3 3 0
row isolate_free_page 1 1 0
has "event 'kmalloc' not handled: 1 events" err
has 'kmem-6x.txt:233: mm_page_free: no pfn= field' err
has '1 allocations failed in the kernel' err
has '4 frees of parts of isolated blocks' err
grep -q '^alloc h[0-9]* cpu=0 order=3 gfp=GFP_ATOMIC|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP # kernel: failed$' 6x.trace ||
	fail "6.x failed allocation (page=0000000000000000 pfn=0x0)"
grep -q '^isolate-free h[0-9]* 261808 2$' 6x.trace || fail "isolate_free_page: pfn from struct page *"
n=$(grep -c '^alloc h[0-9]* cpu=1 order=0 gfp=GFP_KERNEL$' 6x.trace)
[[ $n -eq 3 ]] || fail "bulk_alloc_page: $n allocs with GFP_KERNEL, expected 3"
ok "6.x excerpt: counts, kprobe events, compaction pieces, failed allocation"
run 0 "$H" replay 6x.trace
ok "6.x excerpt: the imported trace replays"
run 2 "$H" import ftrace --strict "$D/kmem-6x.txt"
head -n 1 "$T/err" | grep -q "^$D/kmem-6x.txt:22: mm_page_free: pfn 0x53a2 order 1 was never seen allocated" ||
	fail "6.x --strict"
ok "6.x excerpt --strict: exit 2 at line 22"

# ---- bytes outside printable ASCII (found by fuzz_import_ftrace) ----

F=$D/../../../fuzz/import-corpus/fuzz_import_ftrace/found-bytes-in-comments.txt
run 0 "$H" import ftrace "$F" -o bytes.trace
! LC_ALL=C grep -q '[^ -~]' bytes.trace || fail "bytes outside printable ASCII in the trace"
! LC_ALL=C grep -q $'\e' "$T/err" || fail "an escape sequence of the input on stderr"
has "gfp name '??\[31m' unknown" err
run 0 "$H" replay bytes.trace
ok "input bytes outside printable ASCII: '?' in the summary and the trace's comments"

# ---- compressed input, stdin, options ----

strip() { grep -v '^#' "$1"; }
strip 6x.trace >6x.ops
for tool in xz gzip; do
	command -v $tool >/dev/null || fail "$tool not installed"
	$tool -c "$D/kmem-6x.txt" >in.$tool
	run 0 "$H" import ftrace in.$tool -o z.trace
	has "in.$tool ($tool): 236 lines, 223 events" err
	strip z.trace | cmp -s - 6x.ops || fail "$tool input gives another trace"
done
run 0 "$H" import ftrace - -o stdin.trace <"$D/kmem-6x.txt"
strip stdin.trace | cmp -s - 6x.ops || fail "stdin gives another trace"
xz -c "$D/kmem-6x.txt" | run 2 "$H" import ftrace - -o x.trace
has 'compressed (xz) standard input' err
ok "xz, gzip and stdin input give the same trace; compressed stdin refused"
run 0 "$H" import ftrace "$D/kmem-6x.txt" --max-events 10 -o max.trace
has '(stopped at --max-events)' err
has ': 22 lines, 10 events' err
run 0 "$H" import ftrace "$D/kmem-6x.txt" --from-marker 'excerpt: kprobes' --annotate -o from.trace
has '201 events before the start marker skipped' err
grep -q '^alloc h0 cpu=1 order=0 gfp=GFP_KERNEL # L215$' from.trace || fail "--from-marker/--annotate"
grep -q '^alloc h4 cpu=0 order=3 gfp=GFP_ATOMIC|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP # L219: kernel: failed$' from.trace ||
	fail "--annotate of a failed allocation"
ok "--max-events, --from-marker, --annotate"
run 2 "$H" import ftrace
has 'expected one FILE' err
run 2 "$H" import ftrace "$D/kmem-6x.txt" --bogus
has "unknown option '--bogus'" err
run 2 "$H" import ftrace /nonexistent/kmem.txt
has '/nonexistent/kmem.txt: cannot open' err
run 2 "$H" import ftrace "$D/kmem-6x.txt" --replay v9.9
run 2 "$H" import nothing
has "unknown input 'nothing'" err
run 0 "$H" import --help
has 'hatrace import ftrace FILE'
run 0 "$H" import ftrace --help
has 'geometry-from SNAP'
run 0 "$H" import proc --help
has 'kpageflags F'
run 0 "$H" help import
ok "usage errors exit 2, --help"

# ---- /proc snapshot ----

run 0 "$H" import proc --zoneinfo "$D/zoneinfo-pre.txt" --pagetypeinfo "$D/pagetypeinfo-pre.txt" \
	--buddyinfo "$D/buddyinfo-pre.txt" --kpageflags "$D/kpageflags-pre.bin.xz" -o snap.trace
cp "$T/err" "$T/proc.err"
has 'zone DMA32 \[4096, 262106): spanned 258010, present 258010, managed 242028 -> reserved=15982' err
grep -q '^zone DMA 1 4096 reserved=255$' snap.trace || fail "DMA zone line"
grep -q '^zone DMA32 4096 262106 reserved=15982$' snap.trace || fail "DMA32 zone line"
grep -q '^watermarks DMA32 11086 13857 16628$' snap.trace || fail "watermarks"
grep -q '^lowmem-reserve DMA 0 936 936$' snap.trace || fail "lowmem-reserve from protection:"
run 0 "$H" dump --format pagetypeinfo snap.trace
# block counts exactly as pagetypeinfo says
blocks() { awk '/^Node 0, zone/ && NF >= 8 { print $4, $5, $6, $7, $8 }' "$1"; }
blocks "$T/out" >model.blocks
blocks "$D/pagetypeinfo-pre.txt" >kernel.blocks
cmp -s model.blocks kernel.blocks || { diff model.blocks kernel.blocks >&2; fail "block counts"; }
# the free buddies are kpageflags' (read last, 0.1 s after buddyinfo): the same
# pageblock-sized buddies as buddyinfo, the smaller ones moved meanwhile
run 0 "$H" dump --format buddyinfo snap.trace
awk '/^Node/ { print $4, $14, $15 }' "$T/out" >model.high
awk '{ print $4, $14, $15 }' "$D/buddyinfo-pre.txt" >kernel.high
cmp -s model.high kernel.high || { diff model.high kernel.high >&2; fail "buddies of order 9 and 10"; }
grep -q '^Node 0, zone    DMA32      0      0      1      2      1      1      1      0      0      3    176 $' "$T/out" ||
	fail "DMA32's buddies are not kpageflags' maximal aligned blocks"
has 'zone DMA32: 181892 free pages in 185 buddies (zoneinfo: 182200 free), from kpageflags' proc.err
has 'zone DMA: buddies per order vs buddyinfo: equal' proc.err
has 'zone DMA32: buddies per order vs buddyinfo: o0 0/1 o1 0/1 o4 1/2 o5 1/2 o6 1/0 o7 0/1 o8 0/1' proc.err
ok "import proc with kpageflags: zones, watermarks, lowmem_reserve, block counts, buddies"

run 0 "$H" import proc --zoneinfo "$D/zoneinfo-pre.txt" --pagetypeinfo "$D/pagetypeinfo-pre.txt" \
	--buddyinfo "$D/buddyinfo-pre.txt" -o counts.trace
run 0 "$H" dump --format pagetypeinfo counts.trace
# without kpageflags every free-list count is pagetypeinfo's
awk '/type/ && NF > 10 { $1 = $2 = ""; print }' "$T/out" | grep -v ' CMA ' >model.free
awk '/type/ && NF > 10 { $1 = $2 = ""; print }' "$D/pagetypeinfo-pre.txt" >kernel.free
cmp -s model.free kernel.free || { diff model.free kernel.free >&2; fail "free counts per type and order"; }
blocks "$T/out" >model.blocks
cmp -s model.blocks kernel.blocks || fail "block counts without kpageflags"
ok "import proc without kpageflags: free lists per order and type and block counts exactly pagetypeinfo's"

run 0 "$H" import proc --zoneinfo "$D/zoneinfo-pre.txt" -o zi.trace
has 'every managed page free' err
run 0 "$H" dump --format buddyinfo zi.trace
run 2 "$H" import proc --pagetypeinfo "$D/pagetypeinfo-pre.txt"
has 'zoneinfo F is required' err
run 2 "$H" import proc --zoneinfo "$D/pagetypeinfo-pre.txt"
has 'not a /proc/zoneinfo' err
# numbers a trace cannot hold, or no number: FILE:LINE, not an internal
# error, a zone wrapping around, or the field ignored.
# bad_zoneinfo FILE LINE FROM TO WHY: zoneinfo-pre.txt with FROM replaced by
# TO on LINE, as FILE, is refused: FILE:LINE: WHY
bad_zoneinfo() {
	sed "$2s/$3/$4/" "$D/zoneinfo-pre.txt" >"$1"
	run 2 "$H" import proc --zoneinfo "$1"
	has "^hatrace import proc: $1:$2: $5" err
}
bad_zoneinfo big.txt 48 177 9223372036854775808 "'min 9223372036854775808': not a count (0 .. 2^40)\$"
bad_zoneinfo wrap.txt 85 '1$' 18446744073709551615 "'start_pfn: 18446744073709551615': not a count"
bad_zoneinfo nan.txt 48 177 17x "'min 17x': not a count"
sed 's/^Node 0, zone    DMA32/Node 1, zone    DMA32/' "$D/zoneinfo-pre.txt" >numa.txt
run 2 "$H" import proc --zoneinfo numa.txt
has 'numa.txt:[0-9]*: NUMA node 1: hatrace models one node' err
ok "import proc: zoneinfo alone; bad files with FILE:LINE"

# ---- a real starting state and --replay ----

run 0 "$H" import ftrace "$D/kmem-6x.txt" --geometry-from snap.trace --replay presets \
	--compare-pagetypeinfo "$D/pagetypeinfo-post.txt"
has '5 frees of pages allocated before the trace (init-alloc + free)' err
row mm_page_free 75 75 0
for v in v4.8 v1 v4.10; do
	has "^replay $v: pass"
done
has '1 the kernel failed, the model satisfied'
has '^  DMA32  kernel  *447  *51  *6  *0  *-  *0  *177393  *-$'
ok "--geometry-from an import proc snapshot: pre-trace frees mapped; --replay presets with the kernel's pagetypeinfo"
run 0 "$H" import ftrace "$D/kmem-6x.txt" --geometry-from "$D/zoneinfo-pre.txt" -o zg.trace
grep -q '^zone DMA32 4096 262106 reserved=15982$' zg.trace || fail "--geometry-from zoneinfo"
run 0 "$H" replay zg.trace
ok "--geometry-from a zoneinfo"

echo "$checks checks passed"
