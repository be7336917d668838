#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hatrace compare on a small synthetic capture directory, built here from
# the checked-in excerpts of the shared Debian 6.1 capture
# (tests/import/data: its pre snapshot and the first lines of its trace),
# with markers and vmscan / oom events added:
#   - the kernel's snapshots at the markers mid and post are the model's own
#     state there (hatrace dump of the import cut at the marker): compare
#     exits 0, every judged figure equal, and the pcp high and batch the
#     start's watermarks give are zoneinfo's; the pages the trace first takes
#     from the per-cpu lists are on the model's at the start;
#   - a HighAtomic block, an OOM kill the model does not make, a free-page
#     count off by more than 0.5 %, a show_mem's reserved_highatomic: exit 1,
#     the row marked '!';
#   - the layout of ../shared/traces (no manifest): pre and post;
#   - a direct reclaim's nr_reclaimed becomes the task's allocation's
#     progress; oom/mark_victim is the kernel's kill;
#   - --plot: the data and gnuplot script, and with gnuplot the PNG and SVG;
#   - bad input: exit 2, the message naming the file and line.
# usage: test_compare.sh HATRACE SOURCE_ROOT
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need_args 2 "HATRACE SOURCE_ROOT" "$@"
hatrace_exe "$1"
SRC=$(cd "$2" && pwd)
D=$SRC/tests/import/data
make_tmpdir compare

# ---- the synthetic capture: pre .. mid .. post ----
mkdir syn
cp "$D/zoneinfo-pre.txt" "$D/pagetypeinfo-pre.txt" "$D/buddyinfo-pre.txt" \
	"$D/kpageflags-pre.bin.xz" syn/
# a line of task TASK-PID on CPU 1 at the timestamp of the line before it
ev() { echo "           $1      [001] .....     @TS@: $2"; }
{
	sed -n '1,13p' "$D/kmem-6x.txt"		# the header, 'snapshot pre begin'
	ev init-1 'tracing_mark_write: KTRACE_MARK snapshot pre end'
	sed -n '14,120p' "$D/kmem-6x.txt"
	ev dd-77 'mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_KERNEL'
	ev dd-77 'mm_vmscan_direct_reclaim_end: nr_reclaimed=7'
	ev dd-77 'mm_page_alloc: page=00000000c3b7c7f0 pfn=0x30000 order=0 migratetype=0 gfp_flags=GFP_KERNEL'
	ev init-1 'tracing_mark_write: KTRACE_MARK snapshot mid begin'
	ev init-1 'tracing_mark_write: KTRACE_MARK snapshot mid end'
	sed -n '121,200p' "$D/kmem-6x.txt"
	ev init-1 'tracing_mark_write: KTRACE_MARK snapshot post begin'
	ev init-1 'tracing_mark_write: KTRACE_MARK snapshot post end'
} | awk '/@TS@/ { sub(/@TS@/, ts) } { if (match($0, / [0-9]+\.[0-9]+: /)) ts = substr($0, RSTART + 1, RLENGTH - 3); print }' \
	>syn/kmem-trace.txt
cat >syn/manifest.txt <<'EOF'
hatrace-capture 1
# a synthetic capture: the shared trace's first lines (tests/tools/test_compare.sh)
workload synthetic
kernel 6.1.0-57-amd64
trace kmem-trace.txt
snapshot pre
snapshot mid
snapshot post
oom-kills 0
EOF
"$H" import proc --quiet -o pre.trace --zoneinfo syn/zoneinfo-pre.txt \
	--pagetypeinfo syn/pagetypeinfo-pre.txt --buddyinfo syn/buddyinfo-pre.txt \
	--kpageflags syn/kpageflags-pre.bin.xz
# the kernel's files at NAME: the model's state at its begin marker
for s in mid post; do
	n=$(grep -n "KTRACE_MARK snapshot $s begin" syn/kmem-trace.txt | cut -d: -f1)
	head -n "$((n - 1))" syn/kmem-trace.txt >part.txt
	run 0 "$H" import ftrace part.txt --quiet --geometry-from pre.trace \
		--from-marker "KTRACE_MARK snapshot pre end" -o "part-$s.trace"
	"$H" dump --variant v6.1 --format pagetypeinfo "part-$s.trace" 2>/dev/null |
		sed '/^zone /,$d' >"syn/pagetypeinfo-$s.txt"
	cp syn/zoneinfo-pre.txt "syn/zoneinfo-$s.txt"
done
grep -q '^Number of blocks type' syn/pagetypeinfo-post.txt || fail "hatrace dump wrote no block table"
# the task's direct reclaim: its allocation replays with the kernel's progress
grep -B1 -A1 '^alloc .* gfp=GFP_KERNEL$' part-mid.trace | tail -3 >reclaim.txt
grep -q '^progress 7 ' reclaim.txt && grep -q '^progress 0' reclaim.txt ||
	{ cat reclaim.txt; fail "no 'progress 7' before the reclaiming task's alloc, 'progress 0' after"; }
ok "import ftrace: mm_vmscan_direct_reclaim_end nr_reclaimed=7 -> progress 7 before dd's alloc"

run 0 "$H" compare syn --tolerance pcpset=0
has '^capture syn: synthetic, kernel 6.1.0-57-amd64'
has '^snapshot mid (trace line 125, '
has '^snapshot post (trace line 207, '
has '^  DMA32  HighAtomic blocks  *0  *0   0$'
has '^  DMA32  free pages on the buddy lists  *[0-9]*  *[0-9]*   0.5% ([0-9]*)$'
has '^  run    OOM kills (model: OOM episodes)  *0  *0   0$'
# the start's per-cpu pages: those the start holds allocated that the trace
# first allocates from a per-cpu list or drains (a look-ahead) begin on the
# model's lists (zoneinfo's 2832 were counted before kpageflags was read)
sed -n '/^snapshot pre/,/^snapshot mid/p' out >pre.txt
grep -q '^  DMA32  pages on the per-cpu lists  *2832  *67   info$' pre.txt ||
	{ cat pre.txt; fail "pre: not the 67 pages the trace takes from the per-cpu lists first"; }
# the kernel's pcp high (6.1: the low mark over the CPUs) as zoneinfo has it
has '^  DMA32  per-cpu high (greatest CPU.s)  *6928  *6928   0$'
has '^  DMA32  per-cpu batch (greatest CPU.s)  *63  *63   0$'
has '^0 judged figures outside their tolerance'
grep -q '!' out && fail "a figure marked outside its tolerance"
ok "compare: the model's own state as the kernel's snapshots (pcp high and batch judged): exit 0, no '!'"

run 0 "$H" compare syn --variant v6.1,v4.10 --variant mainline
has '^  zone   figure  *kernel  *v6.1  *v4.10  *mainline  *tolerance$'
ok "compare: three variants, a column each"

# ---- out of tolerance: each marked '!', exit 1 ----
cp -r syn bad
sed -i 's/^\(Node 0, zone    DMA32 *[0-9]* *[0-9]* *[0-9]*\) *0 /\1 1 /' bad/pagetypeinfo-mid.txt
run 1 "$H" compare bad
has '^  DMA32  HighAtomic blocks  *1  *0!  0$'
ok "a HighAtomic block the model lacks: exit 1, marked"
cp -r syn oom
sed -i 's/^oom-kills 0/oom-kills 1/' oom/manifest.txt
run 1 "$H" compare oom
has "the kernel's OOM kills: oom/manifest.txt:9: oom-kills 1"
has '^  run    OOM kills (model: OOM episodes)  *1  *0!  0$'
run 0 "$H" compare oom --tolerance ooms=info
ok "an OOM kill the model does not make: exit 1 (0 with --tolerance ooms=info)"
cp -r syn victim
sed -i 's/^oom-kills 0/oom-kills 1/' victim/manifest.txt
ts=$(tail -n 1 syn/kmem-trace.txt | grep -o ' [0-9]*\.[0-9]*: ' | tr -d ' :')
echo "            tail-230     [000] ...1.     $ts: mark_victim: pid=230" >>victim/kmem-trace.txt
run 1 "$H" compare victim
has "the kernel's OOM kills: 1 oom/mark_victim events in the trace"
ok "oom/mark_victim: the kernel's kill, from the trace"
cp -r syn counter	# a show_mem: the kernel's nr_reserved_highatomic, one block in DMA32
cp "$D/sysrq-m-v6.1.txt" counter/showmem-post.txt
run 1 "$H" compare counter
has '^  DMA32  nr_reserved_highatomic (pages)  *512  *0!  0$'
has '^  DMA    nr_reserved_highatomic (pages)  *0  *0   0$'
has '^  DMA32  nr_reserved_highatomic (pages)  *-  *0   - (not in the kernel' 
ok "showmem-NAME.txt: the kernel's reserved_highatomic (2048 kB in DMA32), judged"
cp -r syn free
awk '/zone    DMA32, type      Movable/ { $NF = $NF + 10 } { print }' syn/pagetypeinfo-post.txt \
	>free/pagetypeinfo-post.txt
run 1 "$H" compare free
has '^  DMA32  free pages on the buddy lists  *[0-9]*  *[0-9]*!  0.5% ([0-9]*)$'
run 0 "$H" compare free --tolerance free=10%
ok "10 free order-10 buddies more in the kernel: outside 0.5 %, within 10 %"

# ---- the layout of ../shared/traces: no manifest, snapshots pre and post ----
mkdir shared
cp syn/*-pre.* syn/pagetypeinfo-post.txt syn/zoneinfo-post.txt shared/
grep -v 'snapshot mid' syn/kmem-trace.txt >shared/x-kmem-trace.txt
run 0 "$H" compare shared
has '^capture shared: (no manifest), trace shared/x-kmem-trace.txt, 2 snapshots, from pre'
has '^snapshot post '
ok "a directory without a manifest: pre and post"

# ---- --plot ----
if command -v gnuplot >/dev/null; then
	run 0 "$H" compare syn --plot tl
	for f in tl.dat tl.gp tl.png tl.svg; do [[ -s $f ]] || fail "--plot wrote no $f"; done
	[[ $(head -c 4 tl.png | od -An -c | tr -d ' ') == '211PNG' ]] || fail "tl.png is not a PNG"
	grep -q '<svg' tl.svg || fail "tl.svg is not an SVG"
	ok "--plot: tl.png and tl.svg drawn by gnuplot"
else
	run 2 env PATH=/nonexistent "$H" compare syn --plot tl
	has 'gnuplot: .* (scripts/setup-deps --bench installs it)' err
	ok "--plot without gnuplot: exit 2, said"
fi
grep -q "index 1 using 1:3 with points" tl.gp || fail "no kernel points in tl.gp"
# the pictures go through temporaries beside them (never a fixed name),
# and never replace nor write through a FIFO or a device: refused before
# anything is written.  A reader on the FIFO (at most 60 s), so that
# writing through it would end, and fail the test, rather than hang.
mkfifo fifo.png
timeout 60 cat fifo.png >fifo.read &
reader=$!
run 2 "$H" compare syn --plot fifo
kill "$reader" 2>/dev/null || true
wait "$reader" || true
has 'fifo.png is not a regular file: not replaced' err
[[ -p fifo.png && ! -s fifo.read ]] || fail "--plot wrote through or replaced the FIFO fifo.png"
mknod dev.svg c 1 3
run 2 "$H" compare syn --plot dev
has 'dev.svg is not a regular file: not replaced' err
[[ -c dev.svg ]] || fail "--plot replaced the device dev.svg"
for f in fifo.dat fifo.gp fifo.svg dev.dat dev.gp dev.png; do
	[[ ! -e $f ]] || fail "--plot wrote $f though a picture was refused"
done
[[ -z $(find . -name '.*.png.*' -o -name '.*.svg.*') ]] || fail "--plot left a temporary file"
ok "--plot: a FIFO PREFIX.png, a device PREFIX.svg: exit 2, nothing written, left as they were"
if command -v gnuplot >/dev/null; then
	echo mine >mine.svg.tmp
	run 0 "$H" compare syn --plot mine
	[[ $(cat mine.svg.tmp) == mine ]] || fail "--plot wrote over mine.svg.tmp"
	grep -q '<svg' mine.svg || fail "mine.svg is not an SVG"
	[[ -z $(find . -name '.*.png.*' -o -name '.*.svg.*') ]] || fail "--plot left a temporary file"
	ok "--plot: a file PREFIX.svg.tmp is left alone, no temporary left"
fi
[[ $(grep -c '^[0-9]' tl.dat) -gt 3 ]] || fail "tl.dat holds no samples"

# ---- bad input: exit 2, FILE:LINE ----
err() {		# err DIR PATTERN: compare DIR exits 2 with PATTERN on stderr, nothing on stdout
	run 2 "$H" compare "$1"
	has "$2" err
	[[ ! -s out ]] || fail "compare $1 printed a table before its error"
	ok "bad input $1: $2"
}
err nonexistent '^hatrace compare: nonexistent: No such file or directory$'
err syn/manifest.txt 'syn/manifest.txt: not a directory'
mk() {		# mk NAME: a copy of syn whose manifest is stdin
	rm -rf "$1"
	cp -r syn "$1"
	cat >"$1/manifest.txt"
}
mk empty </dev/null
err empty "empty/manifest.txt: empty: no 'hatrace-capture 1' line"
printf 'workload x\nhatrace-capture 1\n' | mk first
err first "first/manifest.txt:1: the first line must be 'hatrace-capture 1'"
printf 'hatrace-capture 2\n' | mk version
err version "version/manifest.txt:1: hatrace-capture 2: only version 1 is known"
printf 'hatrace-capture 1\ntrace kmem-trace.txt\nfrobnicate 3\n' | mk key
err key "key/manifest.txt:3: unknown key 'frobnicate'"
printf 'hatrace-capture 1\n# no trace\nsnapshot pre\n' | mk notrace
err notrace "notrace/manifest.txt: no 'trace FILE' line"
printf 'hatrace-capture 1\ntrace nope.txt\n' | mk missing
err missing "missing/manifest.txt:2: trace nope.txt: not found"
printf 'hatrace-capture 1\ntrace kmem-trace.txt\nsnapshot pre\nsnapshot late\n' | mk nofiles
err nofiles "nofiles/manifest.txt:4: snapshot late: nofiles/zoneinfo-late.txt: not found"
mk nomarker < <(sed 's/^snapshot post/snapshot late/' syn/manifest.txt)
cp syn/zoneinfo-post.txt nomarker/zoneinfo-late.txt
cp syn/pagetypeinfo-post.txt nomarker/pagetypeinfo-late.txt
err nomarker "nomarker/manifest.txt:8: snapshot late: nomarker/kmem-trace.txt has no marker 'KTRACE_MARK snapshot late begin'"
mk twice < <(sed 's/^snapshot post/snapshot mid/' syn/manifest.txt)
err twice "twice/manifest.txt:8: snapshot mid: named twice (line 7)"
mk kills < <(sed 's/^oom-kills 0/oom-kills many/' syn/manifest.txt)
err kills "kills/manifest.txt:9: oom-kills: 'many' is not a number"
mk knob < <(echo 'sysctl vm.swappiness 60' | cat syn/manifest.txt -)
err knob "knob/manifest.txt:10: sysctl 'swappiness': not a knob the model has"
mk knobval < <(echo 'sysctl vm.defrag_mode 2' | cat syn/manifest.txt -)
err knobval "knobval/manifest.txt:10: sysctl defrag_mode: '2' is not a number in \[0, 1\]"
mk garbage < <(cat syn/manifest.txt)
printf 'Page block order: 9\n\nFree pages count per migrate type at order  0  1\nNode 0, zone DMA32, type Movable 1 x\n' \
	>garbage/pagetypeinfo-mid.txt
err garbage "garbage/pagetypeinfo-mid.txt:4: 'x' is not a count"
mk notkmem < <(cat syn/manifest.txt)
grep -v 'mm_page_\|bulk_alloc\|isolate_free' syn/kmem-trace.txt >notkmem/kmem-trace.txt
err notkmem 'notkmem/kmem-trace.txt: not a kmem trace'

run 2 "$H" compare syn --tolerance free=lots
has "free: 'lots' is not a number" err
run 2 "$H" compare syn --tolerance wobble=1
has "'wobble=1': expected FIGURE=N" err
run 2 "$H" compare syn --variant v9.9
run 2 "$H" compare syn syn
has 'expected one CAPTURE_DIR, got 2' err
run 2 "$H" compare
ok "usage errors: exit 2"
echo "compare: $checks checks passed"
