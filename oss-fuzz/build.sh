#!/bin/bash -eu
# SPDX-License-Identifier: MIT
# OSS-Fuzz / ClusterFuzzLite build script for hatrace
# (docs/fuzzing/oss-fuzz.md).  The contract: the compilers and flags
# come from the environment ($CC $CFLAGS $CXX $CXXFLAGS, with the
# sanitizer and coverage flags of the build), the fuzzers link
# $LIB_FUZZING_ENGINE through $CXX, and everything lands in $OUT:
#   <fuzzer>                 each shipped fuzz target (below)
#   <fuzzer>_seed_corpus.zip corpus/seeds converted to binary (the replay
#                            target); the seeds and the reproducers' text
#                            (fuzz_trace_text); fuzz/import-corpus/<fuzzer>
#                            (the importers)
#   <fuzzer>.dict            fuzz/hatrace.dict; fuzz/import_*.dict (importers)
#   <fuzzer>.options         [libfuzzer] dict, max_len
# The source tree is $SRC/hatrace when it exists (the Dockerfile's COPY),
# else the tree this script is in.  Meson builds in $WORK/hatrace-build.
# Runs the same here (tests: fuzz/oss_fuzz_test.sh) with the variables set.

: "${OUT:?OUT is not set}" "${LIB_FUZZING_ENGINE:?LIB_FUZZING_ENGINE is not set}"
: "${CC:=clang}" "${CXX:=clang++}"
export CC CXX
if [ -n "${SRC:-}" ] && [ -f "$SRC/hatrace/meson.build" ]; then
	src=$SRC/hatrace
else
	src=$(cd "$(dirname "$0")/.." && pwd)
fi
work=${WORK:-$(mktemp -d)}
bdir=$work/hatrace-build
max_len=1024	# docs/fuzzing/speed.md, "Input length"

# The shipped fuzzers: targets that should not crash, since batch fuzzing
# reports a crash for as long as it is there (docs/fuzzing/oss-fuzz.md).  Not the hunting targets (fuzz_highatomic,
# fuzz_v4_8, fuzz_v1_no_v1_*, fuzz_v4_10), which crash within seconds on
# the known holes: they are for local campaigns (scripts/fuzz).
fuzzers=(
	fuzz_highatomic_ci	# v1, its known holes ignored at build time (HAT_FUZZ_KNOWN)
	fuzz_trace_text		# the text parser
	# the importers: ftrace, OOM reports, /proc files
	fuzz_import_ftrace fuzz_import_oom fuzz_import_zoneinfo fuzz_import_pagetypeinfo
	fuzz_import_buddyinfo
)

# Meson reads CC, CFLAGS, CXX, CXXFLAGS (and LDFLAGS) from the environment;
# the targets link $LIB_FUZZING_ENGINE (-Dfuzz_engine=oss-fuzz).  The C
# flags go to the link too: they hold the sanitizers.
# (a fresh configure: a changed environment must not meet an old cache)
rm -rf "$bdir"
meson setup "$bdir" "$src" -Dfuzz_engine=oss-fuzz -Dsanitize=false -Db_lundef=false \
	--buildtype=plain -Dfuzzing_engine_lib="$LIB_FUZZING_ENGINE" \
	-Dc_link_args="${CFLAGS:-}" -Dcpp_link_args="${CXXFLAGS:-}"
meson compile -C "$bdir" "${fuzzers[@]/#/fuzz/}" tools/hatrace

mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/seeds" "$tmp/text"
for s in "$src"/corpus/seeds/*.trace; do
	# (hatrace is built with the sanitizer flags; a leak check at exit is not our point here)
	ASAN_OPTIONS=detect_leaks=0 "$bdir/tools/hatrace" convert --to binary "$s" \
		"$tmp/seeds/$(basename "$s" .trace).bin" >/dev/null
done
cp "$src"/corpus/seeds/*.trace "$src"/corpus/regression/*.trace "$tmp/text/"

# a zip of the files in DIR, flat (zip(1) or python3's zipfile)
mkzip() {
	local dir=$1 zip=$2
	rm -f "$zip"
	if command -v zip >/dev/null 2>&1; then
		(cd "$dir" && zip -q -X -j "$zip" ./*)
	else
		python3 - "$dir" "$zip" <<'PY'
import os, sys, zipfile
d, z = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as f:
    for n in sorted(os.listdir(d)):
        f.write(os.path.join(d, n), n)
PY
	fi
}

for f in "${fuzzers[@]}"; do
	cp "$bdir/fuzz/$f" "$OUT/$f"
	case $f in
	fuzz_import_ftrace | fuzz_import_oom) cp "$src/fuzz/${f#fuzz_}.dict" "$OUT/$f.dict" ;;
	fuzz_import_*) cp "$src/fuzz/import_proc.dict" "$OUT/$f.dict" ;;
	*) cp "$src/fuzz/hatrace.dict" "$OUT/$f.dict" ;;
	esac
	len=$max_len
	[[ $f != fuzz_import_* ]] || len=8192	# whole /proc files and trace excerpts
	printf '[libfuzzer]\ndict = %s.dict\nmax_len = %d\n' "$f" "$len" >"$OUT/$f.options"
	if [ "$f" = fuzz_trace_text ]; then
		mkzip "$tmp/text" "$OUT/${f}_seed_corpus.zip"
	elif [[ $f = fuzz_import_* ]]; then
		mkzip "$src/fuzz/import-corpus/$f" "$OUT/${f}_seed_corpus.zip"
	else
		mkzip "$tmp/seeds" "$OUT/${f}_seed_corpus.zip"
	fi
done
echo "oss-fuzz/build.sh: ${#fuzzers[@]} fuzzers in $OUT: ${fuzzers[*]}"
