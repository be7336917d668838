#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/scripts/test_new_variant.sh SOURCE_ROOT - scripts/new-variant in a
# copy of the source tree: bad and existing names exit 2 and change
# nothing, an edit that cannot be made changes nothing (every edit is
# prepared before any file is replaced); a new era-2 and a new era-1 switch
# are added; a minimal build of hatrace (gcc, no optimization) then parses
# PRESET+NAME and PRESET+no-NAME, replays and gates each template to
# "pass", and scripts/fuzz knows the hunting targets;
# scripts/gate-patch --time 0 then reports no regression for the empty
# switch (exit 0) and, once the switch is filled with a behaviour that
# never unreserves, the reproducers it breaks (exit 1).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
need_args 1 SOURCE_ROOT "$@"
src=$1
make_tmpdir new-variant
mkdir tree
tar -C "$src" --exclude=./build --exclude=./.git --exclude=./fuzz-out --exclude=./gate-out \
	-cf - . | tar -C tree -xf -
nv=tree/scripts/new-variant
edited=(allocator/v6/variant.h allocator/v6/variant.c allocator/v4/variant.h
	allocator/v4/variant.c fuzz/meson.build)
# unchanged: the files new-variant edits are as in the source, no template
# or temporary is left
unchanged() {
	local f
	for f in "${edited[@]}"; do
		cmp -s "$src/$f" "tree/$f" || fail "$1: $f changed"
	done
	[ -z "$(find tree -name '*.new-variant.*' -o -name 'TODO-*.template*')" ] ||
		fail "$1: left $(find tree -name '*.new-variant.*' -o -name 'TODO-*.template*')"
}

for bad in Bad_Name ab no-thing 'x--y' -leading mainline v4.10 pcp-no fastpath-highatomic \
	v1-2; do
	run 2 "$nv" -- "$bad"
	has "new-variant: .*'$bad'" err
	unchanged "new-variant $bad"
done
ok "bad names (case, length, no-, --, a preset, the start of a patch, existing ones): exit 2"
run 2 "$nv" some-fix --era 3
has '--era 1 or 2' err
run 2 "$nv" some-fix --preset v4.10
has "not a preset of era 2" err
run 2 "$nv" some-fix --requires no-such-patch
has "'no-such-patch' is not a patch of era 2" err
run 2 "$nv" some-fix --title 'a "quoted" title'
has '--title' err
unchanged "bad options"
ok "bad --era, --preset, --requires, --title: exit 2"

# the last edit (the fuzz dict) cannot be made: nothing is replaced
cp tree/fuzz/meson.build fuzz.meson.build
sed -i 's/^fuzz_replay_targets = {$/fuzz_targets_renamed = {/' tree/fuzz/meson.build
run 2 "$nv" some-fix
has 'fuzz/meson.build: expected 1 place' err
cp fuzz.meson.build tree/fuzz/meson.build
unchanged "a failed edit"
ok "an edit that cannot be made: exit 2, no file replaced, no temporary left"

run 0 "$nv" gate-demo-fix --title 'mm/page_alloc: a demo fix' --requires eb2e2b425c69 \
	--at reserve_highatomic_pageblock
has 'if (v6_has(V6_GATE_DEMO_FIX)) {'
has 'allocator/v6/highatomic.c:[0-9]*  reserve_highatomic_pageblock()'
has 'scripts/gate-patch gate-demo-fix$'
grep -q "^  'fuzz_mainline_gate_demo_fix': 'mainline+gate-demo-fix',$" tree/fuzz/meson.build ||
	fail "no hunting target line in fuzz/meson.build"
grep -q '^	V6_GATE_DEMO_FIX,.*NR_V6_PATCHES' <(grep -A1 V6_GATE_DEMO_FIX tree/allocator/v6/variant.h |
	paste -sd' ') || fail "V6_GATE_DEMO_FIX is not the last switch"
run 0 "$nv" old-fix --era 1 --preset v1
has 'if (variant_on(PATCH_OLD_FIX)) {'
[ -z "$(find tree -name '*.new-variant.*')" ] || fail "temporaries left"
ok "an era-2 switch (with --requires, --at) and an era-1 one: flag, table, dict, template"

cp tree/allocator/v6/variant.c variant.c.before
run 2 "$nv" gate-demo-fix
has "'gate-demo-fix' exists already: a patch of era 2" err
run 2 "$nv" old-fix --era 2
has "'old-fix' exists already: a patch of era 1" err
cmp -s variant.c.before tree/allocator/v6/variant.c || fail "a refused duplicate changed variant.c"
ok "a duplicate name: exit 2, nothing changed"

# a minimal build of hatrace with the two switches
# (build/release: where scripts/gate-patch --no-build finds hatrace)
build() {
	ninja -C tree/build/release tools/hatrace >build.log 2>&1 ||
		{ tail -n 30 build.log >&2; fail "the tree with the new switches does not build"; }
}
(cd tree && CC=gcc meson setup build/release --buildtype=plain -Dsanitize=false >../setup.log 2>&1) ||
	{ tail -n 30 setup.log >&2; fail "meson setup of the tree with the new switches failed"; }
build
H=tree/build/release/tools/hatrace
t2=tree/corpus/regression/TODO-gate-demo-fix.trace.template
t1=tree/corpus/regression/TODO-old-fix.trace.template
# VARIANT=CANONICAL NAME
for v in mainline+gate-demo-fix=mainline+gate-demo-fix mainline+no-gate-demo-fix=mainline \
	mainline+gate-demo-fix+no-gate-demo-fix=mainline v6.12+gate-demo-fix=v6.12+gate-demo-fix; do
	run 0 "$H" replay --variant "${v%=*}" "$t2"
	has ": pass (variant ${v#*=}, "
done
# --requires: +no-X removes what needs X; the switch without X is refused
run 0 "$H" replay --variant mainline+gate-demo-fix+no-eb2e2b425c69 "$t2"
has "variant [a-z0-9.]*+no-eb2e2b425c69+"
grep -q '(variant [^,]*gate-demo-fix' out && fail "+no-eb2e2b425c69 kept gate-demo-fix, which needs it"
run 2 "$H" replay --variant mainline+no-eb2e2b425c69+gate-demo-fix "$t2"
has 'gate-demo-fix needs a patch the variant lacks' err
run 2 "$H" replay --variant mainline+gate-demo-fixx "$t2"
has "unknown component 'gate-demo-fixx'" err
ok "mainline+gate-demo-fix and +no-gate-demo-fix parse (canonical names), replay the template"
run 0 "$H" replay "$t2"
has ': pass (variant mainline, '
run 0 "$H" gate --variant mainline+gate-demo-fix "$t2"
has '^gate: 1 trace, 1 as expected, 0 unexpected, 0 errors$'
run 0 "$H" replay "$t1"
has ': pass (variant v1, '
for v in v1+old-fix v4.10+old-fix; do
	run 0 "$H" gate --variant "$v" "$t1"
	has "ok (variant $v: pass)"
done
run 0 "$H" replay --variant v4.8+old-fix+no-old-fix "$t1"
has ': pass (variant v4.8, '
ok "the templates replay and gate to pass as generated; the era-1 switch parses"
for t in fuzz_mainline_gate_demo_fix fuzz_v1_old_fix_bytes; do
	run 2 tree/scripts/fuzz --no-build --build-dir "$T/no-build" --target "$t"
	has "$T/no-build/fuzz/$t not built" err
done
run 2 tree/scripts/fuzz --no-build --build-dir "$T/no-build" --target fuzz_v1_old_fixx
has "unknown target 'fuzz_v1_old_fixx'" err
ok "scripts/fuzz knows the hunting targets (fuzz/meson.build's table)"

# scripts/gate-patch on the empty switch: nothing moves
run 0 tree/scripts/gate-patch gate-demo-fix --time 0 --no-build --out "$T/gate1"
has '^# Gate report: gate-demo-fix$'
has '^- \*\*verdict: no regressions\*\* ([0-9]* traces of era 2: 0 fixed, 0 broken; no campaign)$'
has '^| regression/T2-ac3f3b0a5518-oom-with-reserve | pass | pass | pass |  |$'
has 'TODO-gate-demo-fix.trace.template is not'
has 'No trace names `gate-demo-fix` in its expect rules'
cmp -s out gate1/report.md || fail "the report printed is not gate1/report.md"
run 2 tree/scripts/gate-patch gate-demo-fix --time 0 --no-build --out "$T/gate1"
has 'is not empty' err
run 2 tree/scripts/gate-patch gate-demo-fix --in-preset --time 0 --no-build --out "$T/gate2"
has 'mainline has no gate-demo-fix' err
run 2 tree/scripts/gate-patch no-such-fix --time 0
has "no patch 'no-such-fix'" err
run 2 tree/scripts/gate-patch old-fix --no-build --out "$T/gate3"
has 'no fuzz target runs v4.10+old-fix' err	# (its target runs v1+old-fix)
run 2 tree/scripts/gate-patch gate-demo-fix --no-build --out "$T/gate3"
has 'fuzz_mainline_gate_demo_fix not built' err	# (a build without fuzz targets)
ok "gate-patch: the empty switch changes nothing (exit 0); bad uses exit 2"
# the switch filled: with it, unreserve never gives a block back
sed -i '/^bool unreserve_highatomic_pageblock(/,/^{$/ s/^{$/{\n\tif (v6_has(V6_GATE_DEMO_FIX))\n\t\treturn false;/' \
	tree/allocator/v6/highatomic.c
grep -q 'if (v6_has(V6_GATE_DEMO_FIX))' tree/allocator/v6/highatomic.c || fail "no behaviour injected"
build
run 1 tree/scripts/gate-patch gate-demo-fix --time 0 --no-build --out "$T/gate4"
has '^- \*\*verdict: the patch breaks something\*\* ([0-9]* traces of era 2: [0-9]* fixed, [1-9][0-9]* broken; no campaign)$'
has '^| regression/T2-ac3f3b0a5518-oom-with-reserve | pass | I6[^|]* | pass | \*\*BREAKS\*\* (not as its rules expect) |$'
ok "gate-patch: a switch that breaks T2 (no unreserve) exits 1, its row BREAKS"
