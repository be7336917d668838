#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/tools/test_cli.sh HATRACE SOURCE_ROOT - the hatrace command line
# tool: exit codes 0/1/2, file:line messages for bad input, the convert
# round trip, minimize, gate (with JUnit XML), matrix, dump and --help.
# Writes its traces into a temporary directory; prints one line per check.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

need_args 2 "HATRACE SOURCE_ROOT" "$@"
hatrace_exe "$1"	# absolute: the test runs in $T
SRC=$2
make_tmpdir cli

# ---- traces ----

small_header='hatrace-trace 1
geometry pageblock_order=3 max_order=5 cpus=2
zone Normal 0 512'

cat >pass.trace <<EOF
$small_header
expect : pass

init-free 0 512
alloc h0 cpu=0 order=1 gfp=GFP_ATOMIC
alloc h1 cpu=1 order=0 gfp=GFP_KERNEL
free h0 cpu=0
drain-all
unreserve cpu=0 gfp=GFP_KERNEL loops=1 force
free h1 cpu=1
check
EOF

# Spec R2 (double decrement) with a real allocation: the order-1 GFP_ATOMIC
# request finds only block 10 free (F 512 <= low 640, the counter is
# subtracted) and takes pfn 5120-5121 from its HighAtomic list in the slow
# path; free-begin reads H, the unreserve retypes the block to Movable and
# decrements, free-commit puts the pages on an H list anyway, and the
# second unreserve decrements again (v4.8: I4).
r2_header='hatrace-trace 1
geometry pageblock_order=9 max_order=11 cpus=2
zone Normal 0 65536
variant v4.8
expect -v1-2 -4855e4a7f29d : I1 I4
expect : pass'

cat >r2.trace <<EOF
$r2_header

init-block 5120 HighAtomic
init-block 10240 HighAtomic
init-block 15360 HighAtomic
init-counter Normal 1536
init-free 5120 5632
alloc h0 cpu=0 order=1 gfp=GFP_ATOMIC
free-begin h0 cpu=0
unreserve cpu=1 gfp=GFP_HIGHUSER_MOVABLE loops=1
free-commit h0
unreserve cpu=1 gfp=GFP_HIGHUSER_MOVABLE loops=2
EOF

# The same, padded with benign ops (256 more free Movable pages keep the
# GFP_ATOMIC request off the fast path: F - 1 - C < low).
cat >padded.trace <<EOF
$r2_header

init-block 5120 HighAtomic
init-block 10240 HighAtomic
init-block 15360 HighAtomic
init-counter Normal 1536
init-free 5120 5632
init-free 40960 41216
alloc h0 cpu=1 order=0 gfp=GFP_HIGHUSER_MOVABLE
alloc h1 cpu=0 order=0 gfp=GFP_HIGHUSER_MOVABLE lru
check
free h0 cpu=1
alloc h2 cpu=0 order=1 gfp=GFP_ATOMIC
drain cpu=1
alloc h3 cpu=1 order=0 gfp=GFP_HIGHUSER_MOVABLE lru
free-begin h2 cpu=0
free h1 cpu=0
unreserve cpu=1 gfp=GFP_HIGHUSER_MOVABLE loops=1
alloc h4 cpu=0 order=0 gfp=GFP_HIGHUSER_MOVABLE
free-commit h2
free h3 cpu=1
check
unreserve cpu=1 gfp=GFP_HIGHUSER_MOVABLE loops=2
free h4 cpu=0
drain-all
EOF

# Bad input, each with the line of the error: name, text after the header.
printf '\x00\xff\xfe garbage \x01\x02\n' >bad-garbage.trace
printf '%s\ninit-free 0 512\nalloc h0 cpu=0 order=1 gfp=' "$small_header" >bad-truncated.trace
printf '%s\ninit-free 0 512\nfrobnicate 1 2\n' "$small_header" >bad-unknown-op.trace
printf '%s\ninit-free 0 512\nfree h3 cpu=0\n' "$small_header" >bad-no-handle.trace
printf '%s\ninit-free 0 512\nalloc h0 cpu=0 order=1 gfp=GFP_ATOMIC\nfree h0 cpu=0\nfree h0 cpu=1\n' \
	"$small_header" >bad-double-free.trace
printf '%s\ninit-free 0 512\nunreserve cpu=0 gfp=GFP_KERNEL loops=65\n' "$small_header" >bad-range.trace
printf '%s\ninit-free 0 512\nalloc h0 cpu=0 order=99999999999999999999 gfp=GFP_ATOMIC\n' \
	"$small_header" >bad-overflow.trace

# ---- help and usage ----

run 0 "$H" --help
has 'replay'
has 'exit codes'
run 0 "$H" help
for cmd in replay matrix convert minimize gate dump; do
	run 0 "$H" "$cmd" --help
	has "usage: hatrace $cmd"
	has 'exit codes'
	has 'example'
	run 0 "$H" help "$cmd"
	has "usage: hatrace $cmd"
	run 2 "$H" "$cmd" --no-such-option pass.trace
	has "unknown option '--no-such-option'" err
done
ok "--help of the tool and of each subcommand exits 0; unknown options exit 2"
run 2 "$H"
run 2 "$H" frobnicate
has "unknown command 'frobnicate'" err
run 2 "$H" help frobnicate
run 2 "$H" replay
run 2 "$H" replay --variant
run 2 "$H" replay --variant v9 pass.trace
run 2 "$H" replay --check sometimes pass.trace
run 2 "$H" convert pass.trace
run 2 "$H" dump --format nope pass.trace
ok "usage errors exit 2"

# ---- replay ----

run 0 "$H" replay pass.trace
grep -Eq '^pass\.trace: pass \(variant v1, 8 ops, state [0-9a-f]{16}\)$' out ||
	fail "replay pass line: $(cat out)"
ok "replay: a passing trace exits 0 with the pass line"

run 1 "$H" replay r2.trace
has '^r2\.trace: FAIL I4 in unreserve_highatomic_pageblock at op 9 (line 17)'
has 'violation 1 of 2: I4 - '
has 'detected in  unreserve_highatomic_pageblock'
has 'pfn          5120 (pageblock 10)'
has 'at op        9 (r2.trace, line 17): unreserve cpu=1 gfp=GFP_HIGHUSER_MOVABLE loops=2'
has 'history of the pageblocks involved'
has 'unreserve_highatomic_pageblock: HighAtomic -> Movable'
has 'Normal free:'
has 'Free pages count per migrate type'
ok "replay: R2 fails I4 under v4.8 with the report"

for v in v4.8+v1-2 v4.8+4855e4a7f29d v1 v4.10; do
	run 0 "$H" replay --variant "$v" r2.trace
done
run 1 "$H" replay --variant v4.8+v1-1 --quiet r2.trace
[[ $(wc -l <out) -eq 1 ]] || fail "--quiet prints one line"
run 1 "$H" replay --check end r2.trace
run 1 "$H" replay --keep-going r2.trace
run 1 "$H" replay pass.trace r2.trace
run 2 "$H" replay pass.trace r2.trace bad-unknown-op.trace
run 2 "$H" replay missing.trace
has 'missing\.trace' err
ok "replay: variants that fix R2 pass; options; worst exit code of several files"

for name in garbage truncated unknown-op no-handle double-free range overflow; do
	f=bad-$name.trace
	run 2 "$H" replay "$f"
	grep -Eq "^$f:[0-9]+(:[0-9]+)?: " err || fail "$f: no file:line message: $(cat err)"
done
has 'order 99999999999999999999 out of range' err
run 2 "$H" replay bad-double-free.trace
has 'bad-double-free.trace:7:' err
run 2 "$H" replay bad-no-handle.trace
has 'bad-no-handle.trace:5:' err
run 2 "$H" replay bad-unknown-op.trace
has 'bad-unknown-op.trace:5:' err
ok "replay: each kind of bad input exits 2 naming file:line"

# ---- convert ----

run 0 "$H" convert r2.trace r2.bin
head -c 4 r2.bin | grep -q '^HTRB' || fail "r2.bin does not start with HTRB"
run 0 "$H" convert r2.bin r2-back.trace
run 0 "$H" convert r2.trace -
cp out canonical.trace
cmp -s canonical.trace r2-back.trace || fail "text -> binary -> text differs from the canonical text"
run 0 "$H" convert --to text canonical.trace canonical2.trace
cmp -s canonical.trace canonical2.trace || fail "the canonical text is not a fixed point"
run 0 "$H" convert padded.trace padded.bin
run 0 "$H" convert padded.bin -
"$H" convert padded.trace - >padded-canonical.trace
cmp -s out padded-canonical.trace || fail "padded: binary -> text differs from the canonical text"
run 0 "$H" convert --to binary r2.bin r2-again.bin
cmp -s r2.bin r2-again.bin || fail "binary -> binary is not canonical"
run 1 "$H" replay r2.bin
has 'at op 9 (offset '
ok "convert: text -> binary -> text gives the canonical text; binary replays the same"

sum_before=$(cksum <r2.trace)
run 2 "$H" convert --to text r2.trace r2.trace
run 2 "$H" convert r2.bin ./r2.bin
ln -s r2.trace link.trace
run 2 "$H" convert --to text r2.trace link.trace
has 'refusing to overwrite the input' err
ln r2.bin hardlink.bin
run 2 "$H" convert --to binary r2.bin hardlink.bin
[[ $(cksum <r2.trace) == "$sum_before" ]] || fail "convert modified its input"
run 2 "$H" convert --to binary r2.trace -
run 2 "$H" convert bad-unknown-op.trace x.bin
has 'bad-unknown-op.trace:5:' err
ok "convert: refuses to overwrite its input (same path, symlink, hard link)"

# ---- minimize ----

run 1 "$H" replay --quiet padded.trace
has 'FAIL I4 in unreserve_highatomic_pageblock'
sum_before=$(cksum <padded.trace)
run 0 "$H" minimize padded.trace min.trace
[[ $(cksum <padded.trace) == "$sum_before" ]] || fail "minimize modified its input"
sig=I4:unreserve_highatomic_pageblock
grep -Eq "^minimize: 23 ops -> [0-9]+ ops \\(removed [0-9]+\\), signature $sig\$" out ||
	fail "minimize line: $(cat out)"
n=$(sed -E 's/.*-> ([0-9]+) ops.*/\1/' out)
[[ $n -lt 23 && $n -gt 0 ]] || fail "minimize did not shrink: $n ops"
[[ $(grep -Ec '^(init-|alloc|free|drain|unreserve|check)' min.trace) -eq $n ]] ||
	fail "min.trace does not hold $n ops"
for line in 'geometry pageblock_order=9 max_order=11 cpus=2' 'zone Normal 0 65536' \
	'variant v4.8' 'expect -v1-2 -4855e4a7f29d : I1 I4' 'expect : pass'; do
	grep -qx "$line" min.trace || fail "min.trace lost its header line '$line'"
done
run 1 "$H" replay --quiet min.trace
has 'FAIL I4 in unreserve_highatomic_pageblock'
run 0 "$H" replay --variant v4.8+v1-2 min.trace
"$H" minimize padded.trace min2.trace >/dev/null
cmp -s min.trace min2.trace || fail "minimize is not deterministic"
ok "minimize: $((23 - n)) of 23 ops removed, same signature, input untouched, deterministic"

run 0 "$H" minimize padded.bin min.bin
head -c 4 min.bin | grep -q '^HTRB' || fail "minimize of a binary trace wrote text"
run 0 "$H" minimize padded.bin min-from-bin.trace
cmp -s min.trace min-from-bin.trace || fail "minimize: binary and text inputs differ"
run 2 "$H" minimize padded.trace padded.trace
run 2 "$H" minimize pass.trace nothing.trace
has 'pass.trace: no violation to keep' err
[[ ! -e nothing.trace ]] || fail "minimize wrote a trace without a violation"
run 2 "$H" minimize --variant v4.10 r2.trace nothing.trace
run 0 "$H" minimize --max-replays 3 padded.trace capped.trace
has 'stopped after' err
run 1 "$H" replay --quiet capped.trace
ok "minimize: binary in/out, refusals, no-violation exit 2, replay cap"

# --unless V2: the minimized trace stays one that V2 passes (a differential
# finding, HAT_FUZZ_UNLESS); an input that V2 does not pass is refused
run 0 "$H" minimize --unless v1 padded.trace unless.trace
has "signature $sig"
run 0 "$H" replay --quiet --variant v1 unless.trace
run 1 "$H" replay --quiet unless.trace
has 'FAIL I4 in unreserve_highatomic_pageblock'
run 2 "$H" minimize --unless v4.8+v1-1 padded.trace nothing.trace
has 'no violation to keep (variant v4.8) that v4.8+v1-1 passes' err
[[ ! -e nothing.trace ]] || fail "minimize --unless wrote a trace V2 does not pass"
run 2 "$H" minimize --unless v9 padded.trace nothing.trace
has "unknown component 'v9'" err
ok "minimize --unless: differential findings stay differential; refusals exit 2"

# --signature ID[:FUNCTION[:DETAIL]]: keep a violation that is not the first one.
# R5b under v4.8 fails first with I5-span in reserve_highatomic_pageblock
# (a block across the zone end), then I4 in unreserve_highatomic_pageblock
# (replayed with --keep-going).
r5b=$SRC/corpus/regression/R5b-zone-end-repeated-decrement.trace
sum_r5b=$(cksum <"$r5b")
run 0 "$H" minimize --variant v4.8 "$r5b" first.trace
has 'signature I5-span:reserve_highatomic_pageblock:zone-end' out
run 0 "$H" minimize --variant v4.8 --signature I4:unreserve_highatomic_pageblock "$r5b" sig.trace
has 'signature I4:unreserve_highatomic_pageblock' out
[[ $(cksum <"$r5b") == "$sum_r5b" ]] || fail "minimize --signature modified its input"
run 1 "$H" replay --keep-going --variant v4.8 sig.trace
grep -A1 '^violation [0-9]* of [0-9]*: I4 ' out | grep -q 'detected in  unreserve_highatomic_pageblock' ||
	fail "minimize --signature: the output lost I4 in unreserve_highatomic_pageblock"
n_first=$(grep -c '^[a-z]' first.trace || true)
n_sig=$(grep -c '^[a-z]' sig.trace || true)
[[ $n_sig -gt $n_first ]] || fail "minimize --signature kept no more than the first violation needs ($n_sig ops)"
"$H" minimize --variant v4.8 --signature I4:unreserve_highatomic_pageblock "$r5b" sig2.trace >/dev/null
cmp -s sig.trace sig2.trace || fail "minimize --signature is not deterministic"
run 2 "$H" minimize --variant v4.10 --signature I4:unreserve_highatomic_pageblock "$r5b" nothing.trace
has 'no violation I4:unreserve_highatomic_pageblock to keep' err
[[ ! -e nothing.trace ]] || fail "minimize --signature wrote a trace without that violation"
# a pattern without the detail matches every detail, one with it only its own
run 0 "$H" minimize --variant v4.8 --signature I5-span "$r5b" span.trace
has 'signature I5-span:reserve_highatomic_pageblock:zone-end' out
span=I5-span:reserve_highatomic_pageblock
run 0 "$H" minimize --variant v4.8 --force --signature $span:zone-end "$r5b" span.trace
run 2 "$H" minimize --variant v4.8 --signature $span:zone-start "$r5b" nothing.trace
has "no violation $span:zone-start to keep" err
for bad in I99:f I4: I4::zone-end I4:f:d:x I4,I1 ''; do
	run 2 "$H" minimize --signature "$bad" "$r5b" nothing.trace
	has 'hatrace minimize: --signature:' err
done
[[ ! -e nothing.trace ]] || fail "minimize --signature wrote a trace without that violation"
ok "minimize --signature: keeps a later violation (I4 behind I5-span), details, refusals"

# replay --only / --ignore: the patterns of HAT_FUZZ_ONLY / HAT_FUZZ_IGNORE.
# R5 under v4.8: I5-span at the zone end, then I6-stranded at the L > 16 exit.
r5=$SRC/corpus/regression/R5-zone-end-stranded.trace
run 1 "$H" replay --variant v4.8 --keep-going "$r5"
has '  signature    I5-span:reserve_highatomic_pageblock:zone-end'
has '  signature    I6-stranded:__alloc_pages_may_oom:retries-exhausted'
run 1 "$H" replay --variant v4.8 --only I6-stranded "$r5"
has 'FAIL I6-stranded in __alloc_pages_may_oom at op 4'
has 'fired I6-stranded (variant v4.8, 1 violation'
run 1 "$H" replay --variant v4.8 --ignore I5-span:reserve_highatomic_pageblock:zone-end "$r5"
has 'FAIL I6-stranded in __alloc_pages_may_oom'
run 1 "$H" replay --variant v4.8 --ignore I5-span:reserve_highatomic_pageblock:zone-start "$r5"
has 'FAIL I5-span in reserve_highatomic_pageblock'
run 0 "$H" replay --variant v4.8 --only I6-stranded:__alloc_pages_may_oom:wmark-exit "$r5"
has 'pass (variant v4.8, 5 ops, state [0-9a-f]*; not counted: I5-span,I6-stranded)'
run 0 "$H" replay --variant v4.8 --ignore I5-span,I6-stranded:__alloc_pages_may_oom "$r5"
run 2 "$H" replay --only I6::x "$r5"
has "replay: --only: 'I6::x' is not ID\[:FUNCTION\[:DETAIL\]\]" err
run 2 "$H" replay --ignore I7 "$r5"
has "replay: --ignore: unknown invariant 'I7'" err
ok "replay --only, --ignore: signature patterns with and without the detail"

# ---- gate ----

mkdir -p gate/sub gate/deeper/still
cp pass.trace gate/
cp r2.trace gate/sub/
cp r2.bin gate/sub/
cp min.trace gate/deeper/still/
echo 'not a trace' >gate/README.txt
run 0 "$H" gate --junit gate.xml gate
has '^gate: 4 traces, 4 as expected, 0 unexpected, 0 errors$'
# sorted by path
grep -o '^gate/[^:]*' out >order.txt
sort order.txt | cmp -s - order.txt || fail "gate: not sorted by path"
has '^gate/sub/r2.trace: ok (variant v4.8: I1,I4)$'
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' gate.xml ||
		fail "gate.xml is not XML"
fi
ok "gate: a directory of traces with correct expectations passes"

run 0 "$H" gate --variant v4.10 gate
sed 's/^expect -v1-2 -4855e4a7f29d : I1 I4$/expect -v1-2 -4855e4a7f29d : I4/' r2.trace >gate/sub/wrong\&\<expect\>.trace
run 1 "$H" gate --junit gate.xml gate
has 'UNEXPECTED: expected I4, got I1,I4'
has '^gate: 5 traces, 4 as expected, 1 unexpected, 0 errors$'
if command -v python3 >/dev/null 2>&1; then
	python3 - gate.xml <<'PY' || fail "gate.xml: wrong JUnit content"
import sys, xml.dom.minidom
d = xml.dom.minidom.parse(sys.argv[1])
cases = d.getElementsByTagName("testcase")
failures = [c for c in cases if c.getElementsByTagName("failure")]
assert len(cases) == 5, len(cases)
assert len(failures) == 1, len(failures)
assert failures[0].getAttribute("name").endswith("wrong&<expect>.trace")
assert "UNEXPECTED" in failures[0].getElementsByTagName("failure")[0].getAttribute("message")
PY
fi
ok "gate: one wrong expectation exits 1 and writes valid JUnit XML"

cp bad-unknown-op.trace gate/deeper/
printf '%s\nexpect +ac3f3b0a5518 : pass\n\ninit-free 0 512\n' "$small_header" >gate/norule.trace
run 1 "$H" gate --junit gate.xml gate
has '^gate/deeper/bad-unknown-op.trace: ERROR: gate/deeper/bad-unknown-op.trace:5:'
has '^gate/norule.trace: ERROR: no expected verdict for variant v1'
has '^gate: 7 traces, 4 as expected, 1 unexpected, 2 errors$'
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' gate.xml ||
		fail "gate.xml is not XML"
fi
grep -q 'bad-unknown-op.trace:5:' gate.xml || fail "gate.xml does not name file:line"
# a trace that could not be judged is an <error>, an unexpected verdict a <failure>
[[ $(grep -c '<error type="error" message="ERROR: ' gate.xml) -eq 2 ]] ||
	fail "gate.xml: the 2 traces that could not be judged are not <error> elements"
[[ $(grep -c '<failure type="unexpected" message="UNEXPECTED: ' gate.xml) -eq 1 ]] ||
	fail "gate.xml: the unexpected verdict is not the one <failure>"
[[ $(grep -c 'tests="7" failures="1" errors="2"' gate.xml) -eq 2 ]] ||
	fail "gate.xml: testsuites/testsuite do not count failures=1 errors=2"
run 2 "$H" gate no-such-dir
run 2 "$H" gate bad-unknown-op.trace
run 2 "$H" gate
mkdir empty
run 2 "$H" gate empty
ok "gate: bad traces in a DIR are errors (exit 1); bad arguments exit 2"

if [[ -d $SRC/corpus/regression ]]; then
	run 0 "$H" gate "$SRC/corpus/regression"
	has ' 0 unexpected, 0 errors$'
	ok "gate: the regression corpus holds its expectations"
fi

# --same-era: the traces of another era than --variant's are skipped, not
# errors (without it an era-1 trace has no rule for an era-2 variant)
if [[ -f $SRC/corpus/regression/T9-pcp-no-reserve-growth-creep.trace ]]; then
	mkdir same-era
	cp r2.trace pass.trace same-era/
	cp "$SRC/corpus/regression/T9-pcp-no-reserve-growth-creep.trace" same-era/t9.trace
	run 1 "$H" gate --variant mainline same-era
	has '^same-era/r2.trace: ERROR: no expected verdict for variant mainline'
	run 0 "$H" gate --same-era --variant mainline --junit gate.xml same-era
	has '^same-era/r2.trace: skipped (era 1)$'
	has '^same-era/t9.trace: ok (variant mainline: pass)$'
	has '^gate: 3 traces, 1 as expected, 0 unexpected, 0 errors, 2 skipped (another era)$'
	grep -q '<skipped message="skipped (era 1)"/>' gate.xml || fail "gate.xml: no <skipped/>"
	grep -q 'skipped="2"' gate.xml || fail "gate.xml: not 2 skipped"
	run 0 "$H" gate --same-era --variant mainline+no-pcp-no-reserve-growth same-era
	has '^same-era/t9.trace: ok (variant mainline+no-pcp-no-reserve-growth: H-grow)$'
	run 2 "$H" gate --same-era same-era
	has '--same-era needs --variant' err
	ok "gate --same-era: another era's traces skipped (JUnit <skipped/>), needs --variant"
fi

# ---- matrix ----

run 0 "$H" matrix r2.trace pass.trace
head -n 1 out | grep -Eq '^trace +v4\.8 +\+v1-1 +\+v1-2 +\+v1-3 +\+v1-4 +v1 +\+88ed +\+4855 +\+04c8 +\+29fa +v4\.10 +v4\.10\+ac3f *$' ||
	fail "matrix header: $(head -n 1 out)"
grep -Eq '^r2\.trace +I1,I4 +I1,I4 +pass +I1,I4 +I1,I4 +pass +I1,I4 +pass +I1,I4 +I1,I4 +pass +pass *$' out ||
	fail "matrix r2 row: $(grep r2 out)"
grep -Eq '^pass\.trace( +pass){12} *$' out || fail "matrix pass row"
has '^legend:'
run 0 "$H" matrix --cumulative r2.trace
has 'spec section 4.2'
grep -Eq '^r2\.trace +I1,I4 +I1,I4 +pass +pass +pass +I1,I4 +pass +pass +pass *$' out ||
	fail "matrix cumulative r2 row: $(grep r2 out | tail -n 1)"
run 1 "$H" matrix "gate/sub/wrong&<expect>.trace"
grep -q 'I1,I4!' out || fail "matrix does not mark the unexpected cell"
run 2 "$H" matrix bad-unknown-op.trace
has 'bad-unknown-op.trace:5:' err
if command -v python3 >/dev/null 2>&1; then
	run 1 "$H" matrix --json --cumulative r2.trace "gate/sub/wrong&<expect>.trace"
	python3 - out <<'PY' || fail "matrix --json"
import json, sys
rows = json.load(open(sys.argv[1]))
assert all(set(r) == {"file", "variant", "fired", "expected", "ok"} for r in rows), rows[0]
r2 = {r["variant"]: r for r in rows if r["file"] == "r2.trace"}
assert r2["v4.8"]["fired"] == ["I1", "I4"] and r2["v4.8"]["ok"], r2["v4.8"]
assert r2["v4.8+v1-2"]["fired"] == [] and r2["v4.8+v1-2"]["expected"] == [], r2["v4.8+v1-2"]
assert "v4.8+v1-1+v1-2" in r2 and r2["v4.8+v1-1+v1-2"]["fired"] == []
assert len(r2) == 12 + 4, sorted(r2)
wrong = [r for r in rows if r["file"].startswith("gate/")]
assert any(not r["ok"] for r in wrong)
PY
fi
ok "matrix: verdicts per variant, '!' on unexpected cells, --cumulative, --json"

# an imported report's request: NR_FREE_PAGES (free:) below min, the lists above it
cat >report.trace <<EOF
hatrace-trace 1
zone Normal 0 4096
expect : pass
init-free 0 1024
nr-free-pages Normal 3
alloc a gfp=GFP_KERNEL report
EOF
run 0 "$H" replay report.trace
has "^report.trace: the report's request (line 6): OOM-kill at no_progress_loops 17$"
run 0 "$H" replay pass.trace
[[ $(wc -l <out) -eq 1 ]] || fail "a request line for a trace without one: $(cat out)"
run 0 "$H" matrix report.trace pass.trace
grep -Eq '^report\.trace( +pass/OOM-kill){12} *$' out || fail "matrix report row: $(grep report out)"
grep -Eq '^pass\.trace( +pass){12} *$' out || fail "matrix pass row beside a report row"
has 'what became of the request'
if command -v python3 >/dev/null 2>&1; then
	run 0 "$H" matrix --json report.trace pass.trace
	python3 - out <<'PY' || fail "matrix --json: request"
import json, sys
rows = json.load(open(sys.argv[1]))
assert all(r["request"] == "OOM-kill" for r in rows if r["file"] == "report.trace"), rows[0]
assert all("request" not in r for r in rows if r["file"] == "pass.trace"), rows[-1]
PY
fi
ok "replay and matrix: what became of the report's request (alloc ... report)"

# ---- dump ----

run 1 "$H" dump r2.trace
has 'Free pages count per migrate type'
has '^Normal: .*kB = [0-9]*kB$'
has '^Node 0, zone   Normal '
has 'nr_reserved_highatomic 512 HighAtomic blocks 2'
run 0 "$H" dump --variant v4.10 r2.trace
has 'nr_reserved_highatomic 1024 HighAtomic blocks 2'
run 0 "$H" dump --format buddyinfo pass.trace
has '^Node 0, zone   Normal '
grep -q 'Free pages count' out && fail "--format buddyinfo printed pagetypeinfo"
run 0 "$H" dump --format free_areas pass.trace
has '^Normal: '
run 0 "$H" dump --format pagetypeinfo pass.trace
has 'Free pages count per migrate type'
run 2 "$H" dump bad-range.trace
has 'bad-range.trace:5:' err
ok "dump: kernel formats and the reserve line"

# ---- requests other CPUs interleave (alloc-begin, alloc-step, alloc-end) ----

R7=$SRC/corpus/regression/R7-unreserved-stolen-before-retry.trace
run 1 "$H" replay "$R7"
has 'FAIL I6 in __alloc_pages_may_oom at op 11 (line [0-9]*)'
has 'at op        11 (.*alloc-end h0$'
run 0 "$H" replay --variant v1 "$R7"
run 1 "$H" dump "$R7"
has '^# requests$'
has '^request h0 (alloc-begin line [0-9]*) cpu=1 order=0 gfp=GFP_HIGHUSER_MOVABLE: failed, OOM kill, 1 stop, 1 reclaim round, L = 0, completed by its alloc-end at line [0-9]*$'
run 0 "$H" dump --variant v4.10+ac3f3b0a5518 "$R7"
has ': served, 1 stop, 1 reclaim round, L = 0, completed by its alloc-end'
run 0 "$H" dump --format free_areas --variant v1 "$R7"
grep -q '^request ' out && fail "--format free_areas printed the requests"
run 0 "$H" convert "$R7" r7.bin
run 0 "$H" convert r7.bin r7.trace
run 0 "$H" convert r7.trace r7.bin2
cmp -s r7.bin r7.bin2 || fail "convert: R7 text -> binary -> text -> binary differs"
grep -q '^alloc-begin h0 cpu=1 order=0 gfp=GFP_HIGHUSER_MOVABLE$' r7.trace ||
	fail "convert: no alloc-begin in the text"
# still in flight at the end: it lands there
sed '/^alloc-end/d' "$R7" >r7-open.trace
run 1 "$H" replay --variant v4.10 r7-open.trace
has 'end of trace (1 request still in flight runs to its end, then final checks after op 10)'
run 1 "$H" dump r7-open.trace
has 'completed at the end of the trace$'
# a step of a request not in flight, a free of one in flight: exit 2, file:line:col
sed 's/^alloc-end A$/alloc-end A\nalloc-step A/' "$R7" >r7-late.trace
run 2 "$H" replay r7-late.trace
has "r7-late.trace:[0-9]*:12: alloc-step of handle 'A', which is not in flight" err
sed 's/^alloc T cpu=0/free A\n&/' "$R7" >r7-early.trace
run 2 "$H" gate r7-early.trace
has "r7-early.trace:[0-9]*:6: handle 'A' is used before its request completes" err
ok "requests: R7 replayed, dumped, converted; in flight at the end; misuse refused"

echo "all $checks checks passed"
