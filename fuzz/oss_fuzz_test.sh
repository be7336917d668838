#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/oss_fuzz_test.sh SOURCE_ROOT - oss-fuzz/build.sh under OSS-Fuzz's
# environment for the libFuzzer engine (ASan+UBSan), into a temporary $OUT:
# every fuzzer with its <fuzzer>_seed_corpus.zip, .dict and .options must
# land there, and each fuzzer must run its unzipped seed corpus
# (`$OUT/<fuzzer> -runs=0 DIR`, exit 0).  Needs clang with libFuzzer.
set -euo pipefail
src=$1
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

fuzzers=(fuzz_highatomic fuzz_v4_8 fuzz_v1_no_v1_1 fuzz_v1_no_v1_2 fuzz_v1_no_v1_3
	fuzz_v1_no_v1_4 fuzz_v4_10 fuzz_trace_text)
fuzzers+=(fuzz_import_ftrace fuzz_import_oom fuzz_import_zoneinfo fuzz_import_pagetypeinfo
	fuzz_import_buddyinfo)
fail=0
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
	rc=0
	"$o" -runs=0 "$work/seeds-$f" >"$work/run-$f.log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ] || ! grep -q 'INITED\|Done 0 runs' "$work/run-$f.log"; then
		tail -n 30 "$work/run-$f.log"
		echo "FAIL: $f -runs=0 on its $n seeds exited $rc"
		fail=1
		continue
	fi
	echo "ok: $f: binary, seed zip ($n inputs), dict, options; -runs=0 on the seeds exits 0"
done
[ "$fail" -eq 0 ] || exit 1
echo "ok: ${#fuzzers[@]} fuzzers built by oss-fuzz/build.sh"
