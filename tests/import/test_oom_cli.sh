#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/import/test_oom_cli.sh HATRACE SOURCE_ROOT OUTDIR - `hatrace import oom`:
# every imported trace of corpus/regression regenerated from its report in
# corpus/reports (with the command its "# Command:" line records) into
# OUTDIR and diffed against the checked-in file, so the two cannot drift;
# the cover letter's matrix; malformed reports and bad usage (exit 2 with
# file:line); stdin and -o.  Prints one line per check.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

need_args 3 "HATRACE SOURCE_ROOT OUTDIR" "$@"
H=$1
SRC=$2
OUT=$3/import-oom
mkdir -p "$OUT"
rm -f "$OUT"/*
T=$OUT	# run: stdout to $OUT/out, stderr to $OUT/err
FAIL_LINES=40
# has STRING [out|err]: here a fixed string, not a regex
has() { grep -qF -e "$1" "$OUT/${2:-out}" || fail "no '$1' in std${2:-out}"; }

# ---- the corpus: regenerate every imported trace and diff ----

n=0
for t in "$SRC"/corpus/regression/*.trace; do
	head -n 1 "$t" | grep -q '^# Imported by `hatrace import oom`' || continue
	cmd=$(sed -n 's/^# Command: hatrace import oom //p' "$t" | head -n 1)
	[[ -n $cmd ]] || fail "$t: no '# Command:' line"
	eval "args=($cmd)"
	report=${args[0]}
	[[ -f $SRC/corpus/reports/$report ]] || fail "$t: report $report not in corpus/reports"
	args[0]=$SRC/corpus/reports/$report
	run 0 "$H" import oom "${args[@]}" -o "$OUT/$(basename "$t")"
	diff -u "$t" "$OUT/$(basename "$t")" >"$OUT/out" ||
		fail "$(basename "$t") differs from what 'hatrace import oom $cmd' writes now (regenerate it, see docs/oom-reports.md)"
	ok "$(basename "$t") regenerates from corpus/reports/$report"
	n=$((n + 1))
done
[[ $n -ge 2 ]] || fail "expected the cover-letter traces in corpus/regression, found $n"

# ---- the cover letter's reproduction, as the matrix shows it ----

CL=$SRC/corpus/regression/cover-letter-oom.trace
run 0 "$H" matrix "$CL"
row=$(grep '^cover-letter-oom.trace' "$OUT/out")
read -r -a cells <<<"$row"
# columns: v4.8 +v1-1 +v1-2 +v1-3 +v1-4 v1 +88ed +4855 +04c8 +29fa v4.10 v4.10+ac3f
[[ ${cells[1]} == I6/OOM-kill && ${cells[6]} == pass/served && ${cells[11]} == I6/OOM-kill &&
   ${cells[12]} == pass/served ]] || fail "matrix row: $row"
ok "matrix: v4.8 I6/OOM-kill, v1 pass/served, v4.10 I6/OOM-kill, v4.10+ac3f3b0a5518 pass/served"
run 1 "$H" replay --variant v4.8 "$CL"
has "I6 in __alloc_pages_may_oom: zone DMA32 pfn 4096: expected 0, actual 4871: OOM with 4871 free pages on HighAtomic lists (counter 5120) at L = 16, watermark exit"
has "cover-letter-oom.trace: the report's request (line 180): OOM-kill at no_progress_loops 16"
ok "replay v4.8: OOM with the DMA32 HighAtomic pages free"
run 0 "$H" replay --variant v1 "$CL"
has "cover-letter-oom.trace: the report's request (line 180): served at no_progress_loops 1"
ok "replay v1: the request succeeds"
run 0 "$H" matrix "$SRC/corpus/regression/cover-letter-oom-drifted.trace"
row=$(grep '^cover-letter-oom-drifted.trace' "$OUT/out")
read -r -a cells <<<"$row"
[[ ${cells[1]} == I6/OOM-kill && ${cells[11]} == pass/served ]] || fail "drifted matrix row: $row"
ok "matrix, drifted counter: v4.8 I6, v4.10 pass (forced unreserve)"

# ---- free: below min, the per-order lines above it: the kernel OOM-killed ----

D=$SRC/tests/import/data
run 0 "$H" import oom "$D/oom-v6.1-counter-drift.txt" -o "$OUT/drift.trace"
has "oom-v6.1-counter-drift.txt:35: warning: zone DMA32: free:1512kB (NR_FREE_PAGES, what the watermark checks read) is at or below min:1652kB, the free lists' 1692kB are above: per-cpu vmstat drift" err
grep -q '^nr-free-pages DMA32 378$' "$OUT/drift.trace" || fail "drift.trace: no nr-free-pages DMA32 378"
grep -q '^#   NR_FREE_PAGES 378 from free:1512kB: the lists hold 423, a per-cpu vmstat drift of -45;$' \
	"$OUT/drift.trace" || fail "drift.trace: the drift comment"
grep -q '^#   lowmem_reserve\[\]: 0 203 203 203 203 (DMA DMA32 Normal Movable Device);$' "$OUT/drift.trace" ||
	fail "drift.trace: DMA's lowmem_reserve[] as printed"
grep -q '^# DMA32 (lines 35, 38): pfns \[4096, 65501), present:245620kB (61405 pages), managed 52117;$' \
	"$OUT/drift.trace" || fail "drift.trace: present: as printed"
run 0 "$H" matrix "$OUT/drift.trace"
grep -Eq '^drift\.trace( +pass/OOM-kill){12} *$' "$OUT/out" || fail "drift matrix: $(grep drift "$OUT/out")"
run 0 "$H" dump "$OUT/drift.trace"
has "DMA32 free:1512kB min:1652kB"
grep -Eq '^DMA32: 87\*4kB \(UME\) 52\*8kB \(UME\) .* = 1692kB$' "$OUT/out" || fail "dump: DMA32's lists"
has "zone    DMA32 NR_FREE_PAGES 378, with the per-cpu deltas 423: the counter drifts -45 from the free lists"
ok "a 6.1 report with free: below min: OOM-killed as the kernel did; dump shows the drift"

# ---- reports: v4.x and v6.x, stdin, warnings ----

run 0 "$H" import oom "$D/oom-v6-ac3f3b0a5518.txt" --pageblock-order 10 --variant v4.10 \
	--expect '+ac3f : pass' -o "$OUT/v6.trace"
has "wrote $OUT/v6.trace" err
run 0 "$H" replay "$OUT/v6.trace"
ok "a v6.x report imports and replays"
grep -q '^geometry pageblock_order=10 ' "$OUT/v6.trace" || fail "no pageblock_order=10 in v6.trace"
grep -q '^variant v4.10$' "$OUT/v6.trace" || fail "no variant v4.10 in v6.trace"
grep -q '^expect +ac3f3b0a5518 : pass$' "$OUT/v6.trace" || fail "no canonical expect rule in v6.trace"
grep -q '^alloc h0 cpu=2 order=0 gfp=GFP_KERNEL report$' "$OUT/v6.trace" || fail "v6.trace: the request"
ok "options: --pageblock-order, --variant, --expect"
run 0 "$H" import oom - <"$D/oom-v6-numa-alloc-failure.txt"
has "zone Movable skipped: not modelled" err
has "<stdin>:20: warning:" err
has "# warning: line 20: zone Movable skipped"
has "hatrace-trace 1"
ok "stdin to stdout, warnings on stderr and in the trace"
run 0 "$H" import oom "$D/oom-v4-syslog-alloc-failure.txt" -o "$OUT/v4.trace"
run 0 "$H" replay "$OUT/v4.trace"
ok "a v4.x syslog report imports and replays"

# ---- a saved dmesg: several reports, a show_mem ----

run 0 "$H" import oom "$D/dmesg-v6.1-oom-then-sysrq-m.txt" -o "$OUT/d1.trace"
has "dmesg-v6.1-oom-then-sysrq-m.txt:4: warning: 2 reports in the file: line 4 (OOM kill), line 61 (show_mem); report 1 imported (--report N for another)" err
has "wrote $OUT/d1.trace (request line 4: OOM kill, order 0)" err
grep -q '^# Report 1 of the 2 in the file, from line 4\.$' "$OUT/d1.trace" || fail "d1.trace: which report"
run 0 "$H" replay "$OUT/d1.trace"
has "the report's request (line 253): OOM-kill at no_progress_loops 17"
ok "a dmesg with an OOM report and a later sysrq-m: the report, and how many were found"
run 0 "$H" import oom --report 2 "$D/dmesg-v6.1-oom-then-sysrq-m.txt" -o "$OUT/d2.trace"
has "wrote $OUT/d2.trace (show_mem at line 61: the zone state, no request)" err
grep -q '^# No request, line 61: a show_mem (sysrq-m): the zone state only\.$' "$OUT/d2.trace" ||
	fail "d2.trace: no show_mem comment"
! grep -q '^alloc ' "$OUT/d2.trace" || fail "d2.trace: an alloc op without a request"
grep -q '^# Command: hatrace import oom dmesg-v6.1-oom-then-sysrq-m.txt --report 2$' "$OUT/d2.trace" ||
	fail "d2.trace: the command"
run 0 "$H" replay "$OUT/d2.trace"
[[ $(wc -l <"$OUT/out") -eq 1 ]] || fail "replay of a state without a request: $(cat "$OUT/out")"
run 0 "$H" import oom "$D/sysrq-m-v6.1.txt" -o "$OUT/sysrq.trace"
has "wrote $OUT/sysrq.trace (show_mem at line 1: the zone state, no request)" err
! grep -q 'warning' "$OUT/err" || fail "a show_mem alone: $(cat "$OUT/err")"
ok "--report 2: the show_mem, a zone state without a request; a show_mem alone too"
run 2 "$H" import oom --report 3 "$D/dmesg-v4.9-two-reports.txt" -o "$OUT/x.trace"
has "dmesg-v4.9-two-reports.txt: --report 3: the file holds 2 reports: line 1 (OOM kill), line 51 (OOM kill)" err
[[ ! -e $OUT/x.trace ]] || fail "a trace was written for a report that is not there"
run 0 "$H" import oom --report 2 "$D/dmesg-v4.9-two-reports.txt" -o "$OUT/second.trace"
has "wrote $OUT/second.trace (request line 51: OOM kill, order 0)" err
grep -q '^alloc h0 cpu=1 order=0 gfp=GFP_HIGHUSER_MOVABLE|__GFP_COLD report$' "$OUT/second.trace" ||
	fail "second.trace: apache2's request on CPU 1"
ok "two OOM reports: --report picks the second; one that is not there: exit 2"

# ---- malformed reports: exit 2, file:line ----

run 2 "$H" import oom "$D/kmem-4x.txt"
has "kmem-4x.txt:40: end of file: no report: no 'COMM invoked oom-killer" err
[[ ! -s $OUT/out ]] || fail "output on error"
ok "no report at all: exit 2 with the line"
run 2 "$H" import oom "$D/oom-bad-order-line.txt" -o "$OUT/bad.trace"
has "oom-bad-order-line.txt:8: DMA32: bad per-order entry for order 3 (expected N*SIZEkB)" err
[[ ! -e $OUT/bad.trace ]] || fail "a trace was written for a bad report"
ok "bad per-order line: exit 2 with the line"
run 2 "$H" import oom "$D/oom-bad-total.txt"
has "oom-bad-total.txt:8: DMA32: per-order line: the entries add up to 2796kB but the line says = 2800kB (inconsistent totals)" err
ok "inconsistent totals: exit 2 with the line"

# ---- usage ----

run 0 "$H" import oom --help
has "--reserved-highatomic N"
ok "--help"
run 2 "$H" import oom
has "no REPORT given" err
run 2 "$H" import oom "$D/oom-v4-minimal.txt" --frobnicate
has "unknown option '--frobnicate'" err
run 2 "$H" import oom "$D/oom-v4-minimal.txt" --reserved-highatomic lots
has "'lots' is not a page count" err
run 2 "$H" import oom "$D/oom-v4-minimal.txt" --reserved-highatomic 100
has "--reserved-highatomic 100 is not a multiple of pageblock_nr_pages (512)" err
run 2 "$H" import oom "$D/oom-v4-minimal.txt" --report 0
has "--report: '0' is not a report number" err
run 2 "$H" import oom "$D/oom-v4-minimal.txt" --zone Highmem
has "unknown zone 'Highmem'" err
run 2 "$H" import oom "$D/oom-v4-minimal.txt" --zone DMA --reserved-highatomic 512
has "--zone DMA: the report has no such zone" err
run 2 "$H" import oom "$D/oom-v4-minimal.txt" --expect '+v1-9 : pass'
has "--expect: expect rule '+v1-9 : pass'" err
run 2 "$H" import oom "$D/oom-v4-minimal.txt" --pageblock-order 11
has "above pageblock_order 11" err
run 2 "$H" import oom "$D/nonexistent.txt"
has "cannot open" err
run 2 "$H" import oom "$D/oom-v4-minimal.txt" -o "$OUT/no/such/dir/x.trace"
has "cannot create" err
ok "usage errors: exit 2"

echo "$checks checks passed"
