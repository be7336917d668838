#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/oss_fuzz_test.sh SOURCE_ROOT - oss-fuzz/build.sh under OSS-Fuzz's
# environment for the libFuzzer engine (ASan+UBSan), into a temporary $OUT:
# the shipped set (fuzz_highatomic_ci, fuzz_mainline_ci, fuzz_trace_text,
# the importers, and whatever else build.sh ships), and none of the hunting
# targets (every other replay target of fuzz/meson.build), must land there,
# every fuzzer with its <fuzzer>_seed_corpus.zip, .dict and .options; the
# seed zip of each era's replay target holds that era's seeds converted
# (era 1: corpus/seeds/*, era 2: corpus/seeds/v6-*); each must run its
# unzipped seed corpus (`$OUT/<fuzzer> -runs=0 DIR`, exit 0) and fuzz from
# it for RUNS executions (-seed=1) without a crash, as batch fuzzing would.
# Needs clang with libFuzzer.
set -euo pipefail
src=$1 runs=${2:-5000}
root=$src
source "$src/scripts/fuzz-targets.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/out" "$work/work" "$work/src"
ln -s "$src" "$work/src/hatrace"	# $SRC/hatrace, as the Dockerfile lays it out

flags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
flags+=" -fsanitize=address,undefined -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
rc=0
env CC=clang CXX=clang++ CFLAGS="$flags" CXXFLAGS="$flags -stdlib=libstdc++" \
	LIB_FUZZING_ENGINE=-fsanitize=fuzzer SANITIZER=address FUZZING_ENGINE=libfuzzer \
	ARCHITECTURE=x86_64 FUZZING_LANGUAGE=c \
	OUT="$work/out" SRC="$work/src" WORK="$work/work" \
	bash "$src/oss-fuzz/build.sh" >"$work/build.log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
	tail -n 40 "$work/build.log"
	echo "FAIL: oss-fuzz/build.sh exited $rc"
	exit 1
fi
tail -n 1 "$work/build.log"

# the shipped set: what build.sh says, and what is in $OUT
read -r -a fuzzers < <(sed -n 's/^oss-fuzz\/build.sh: [0-9]* fuzzers in [^ ]*: //p' \
	"$work/build.log") ||
	{ echo "FAIL: no list of fuzzers at the end of build.sh's output"; exit 1; }
in_out=$(find "$work/out" -maxdepth 1 -type f -executable -printf '%f\n' | sort | paste -sd' ' -)
fail=0
[ "$(printf '%s\n' "${fuzzers[@]}" | sort | paste -sd' ' -)" = "$in_out" ] ||
	{ echo "FAIL: build.sh ships '${fuzzers[*]}', \$OUT holds '$in_out'"; fail=1; }
for f in fuzz_highatomic_ci fuzz_mainline_ci fuzz_trace_text fuzz_import_ftrace fuzz_import_oom \
	fuzz_import_zoneinfo fuzz_import_pagetypeinfo fuzz_import_buddyinfo; do
	case " $in_out " in *" $f "*) ;; *) echo "FAIL: $f is not shipped"; fail=1 ;; esac
done
hunting=" $(fuzz_replay_target_names | grep -v '_ci$' | paste -sd' ' -) "
for f in $in_out; do
	case "$hunting" in *" $f "*) echo "FAIL: $f (a hunting target) is shipped"; fail=1 ;; esac
	case "$f" in *_bytes) echo "FAIL: $f (a _bytes twin) is shipped"; fail=1 ;; esac
done
for f in "${fuzzers[@]}"; do
	o=$work/out/$f
	for x in "" _seed_corpus.zip .dict .options; do
		[ -s "$o$x" ] || { echo "FAIL: no $f$x in \$OUT"; fail=1; }
	done
	[ -x "$o" ] || { echo "FAIL: $f is not executable"; fail=1; continue; }
	grep -qx '\[libfuzzer\]' "$o.options" && grep -qx "dict = $f.dict" "$o.options" &&
		grep -qx 'max_len = [0-9]*' "$o.options" ||
		{ echo "FAIL: $f.options:"; cat "$o.options"; fail=1; }
	case $f in
	fuzz_import_ftrace | fuzz_import_oom) dict=${f#fuzz_}.dict ;;
	fuzz_import_*) dict=import_proc.dict ;;
	*) dict=hatrace.dict ;;
	esac
	cmp -s "$o.dict" "$src/fuzz/$dict" || { echo "FAIL: $f.dict is not fuzz/$dict"; fail=1; }
	mkdir "$work/seeds-$f"
	python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
		"${o}_seed_corpus.zip" "$work/seeds-$f"
	n=$(find "$work/seeds-$f" -type f | wc -l)
	[ "$n" -gt 0 ] || { echo "FAIL: $f: empty seed corpus"; fail=1; continue; }
	# an era's replay target: that era's seeds (converted, oss-fuzz/build.sh)
	case $f in
	fuzz_highatomic_ci) seeds=("$src"/corpus/seeds/*.trace) ;;
	fuzz_mainline_ci) seeds=("$src"/corpus/seeds/v6-*.trace) ;;
	*) seeds=() ;;
	esac
	if [ "${#seeds[@]}" -gt 0 ]; then
		want=$(for s in "${seeds[@]}"; do basename "$s" .trace; done | sed 's/$/.bin/' |
			sort | paste -sd' ' -)
		got=$(find "$work/seeds-$f" -type f -printf '%f\n' | sort | paste -sd' ' -)
		[ "$got" = "$want" ] ||
			{ echo "FAIL: $f's seed zip holds '$got', not '$want'"; fail=1; }
	fi
	rc=0
	"$o" -runs=0 "$work/seeds-$f" >"$work/run-$f.log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ] || ! grep -q 'INITED\|Done 0 runs' "$work/run-$f.log"; then
		tail -n 30 "$work/run-$f.log"
		echo "FAIL: $f -runs=0 on its $n seeds exited $rc"
		fail=1
		continue
	fi
	# (a crash would be reported by batch fuzzing for as long as it is there)
	mkdir "$work/corpus-$f"
	rc=0
	"$o" -seed=1 -runs="$runs" -max_len=1024 -dict="$o.dict" -artifact_prefix="$work/" \
		"$work/corpus-$f" "$work/seeds-$f" >"$work/fuzz-$f.log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		grep -m 3 '==hatrace fuzz==\|ERROR\|SUMMARY' "$work/fuzz-$f.log" ||
			tail -n 5 "$work/fuzz-$f.log"
		echo "FAIL: $f crashed within $runs runs from its seeds (exit $rc)"
		fail=1
		continue
	fi
	echo "ok: $f: binary, seed zip ($n inputs), dict, options; -runs=0 on the seeds exits 0;" \
		"$runs runs from them without a crash"
done
[ "$fail" -eq 0 ] || exit 1
echo "ok: ${#fuzzers[@]} fuzzers shipped by oss-fuzz/build.sh: ${fuzzers[*]}"
