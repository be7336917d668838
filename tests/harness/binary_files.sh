#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/harness/binary_files.sh HATRACE SOURCE_ROOT - binary trace files
# (docs/binary-format.md) through the command line: a file cut at any
# byte, or with bytes after its end, is exit 2 with a message naming the
# file and the byte offset, never a replay of what is left; a version 1
# file is refused as a file and still converts as a fuzzer's input; an
# init-counter folds to whole pageblocks.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

need_args 2 "HATRACE SOURCE_ROOT" "$@"
hatrace_exe "$1"	# absolute: the test runs in $T
SRC=$2
make_tmpdir binary

# two reproducers (one passes under v1, one fails) and a seed, whole
for name in regression/R2-double-decrement seeds/basic-alloc-free regression/R4-zone-start-block; do
	b=$(basename "$name")
	run 0 "$H" convert "$SRC/corpus/$name.trace" "$b.bin"
	run 0 "$H" convert "$b.bin" "$b.back.trace"
	run 0 "$H" convert --to text "$SRC/corpus/$name.trace" "$b.trace"
	cmp -s "$b.trace" "$b.back.trace" || fail "$b: text -> binary -> text differs"
done
ok "corpus traces convert to binary and back"

# every prefix of a whole file: exit 2 at the offset where it ends
for b in R2-double-decrement basic-alloc-free; do
	size=$(wc -c <"$b.bin")
	for ((n = 0; n < size; n++)); do
		head -c "$n" "$b.bin" >cut.bin
		run 2 "$H" replay --variant v1 cut.bin
		if ((n == 0)); then
			has '^cut.bin: empty trace' err
		else
			has "^cut.bin: byte offset $n: truncated" err
		fi
	done
	ok "$b.bin ($size bytes) cut at every byte: exit 2 at the offset"
done

# bytes after the end: a newline, garbage, the file twice
b=R4-zone-start-block.bin
size=$(wc -c <"$b")
{ cat "$b"; echo; } >nl.bin
{ cat "$b"; printf 'junk'; } >junk.bin
cat "$b" "$b" >twice.bin
for f in nl junk twice; do
	run 2 "$H" replay "$f.bin"
	has "^$f.bin: byte offset $size: [0-9]* bytes after the end of the trace" err
	run 2 "$H" convert "$f.bin" "$f.trace"
	[[ ! -e $f.trace ]] || fail "convert of $f.bin wrote $f.trace"
done
ok "bytes after the end: exit 2 at the offset (replay, convert)"

# every command that reads a trace file refuses a cut one
head -c 40 R2-double-decrement.bin >cut.bin
for cmd in "replay" "dump" "minimize --variant v4.8" "matrix" "gate --variant v4.8"; do
	# shellcheck disable=SC2086
	case $cmd in
	minimize*) run 2 "$H" $cmd cut.bin min.trace ;;
	*) run 2 "$H" $cmd cut.bin ;;
	esac
	# every command, gate too, refuses it on stderr before any replay
	has "cut.bin: byte offset 40: truncated" err
done
ok "replay, dump, minimize, matrix, gate: a cut file is exit 2"

# version 1: the magic, then straight the header (no version, no length)
hdr=$(od -A n -t u1 -j 5 -N 1 R2-double-decrement.bin | tr -d ' ')
((hdr < 128)) || fail "R2's length field is not one byte"
{ head -c 4 R2-double-decrement.bin; tail -c +7 R2-double-decrement.bin; } >v1.bin
run 2 "$H" replay v1.bin
has '^v1.bin: byte offset 4: a version 1 binary trace' err
# a fuzzer's input of either version decodes the same (fuzz mode)
run 0 "$H" convert --fuzz v1.bin v1.trace
run 0 "$H" convert --fuzz R2-double-decrement.bin v2.trace
cmp -s v1.trace v2.trace || fail "version 1 and 2 decode differently as fuzz inputs"
# and stays total: a cut fuzzer's input still converts
run 0 "$H" convert --fuzz cut.bin cut.trace
ok "version 1: refused as a file, read as a fuzzer's input"

# init-counter 13 with 8-page pageblocks: the kernel's counter moves by
# whole blocks, so the file's value folds to 8 (no I2 from the set state),
# and the text form is refused
# (framing; header: max_order 5, pageblock_order 3, Normal [0, 64);
# init-free 0 64, init-counter Normal 13, check)
printf '%b' 'HTRB2\x14' '\x00\x23\x00\x00\x00\x00\x00\x00\x00\x00\x40\x00\x00' \
	'\x00\x00\x40' '\x03\x00\x0d' '\x13' >counter.bin
run 0 "$H" replay counter.bin
has '^counter.bin: pass'
run 0 "$H" convert counter.bin counter.trace
grep -qx 'init-counter Normal 8' counter.trace || fail "init-counter 13 did not fold to 8"
sed -i 's/^init-counter Normal 8$/init-counter Normal 13/' counter.trace
run 2 "$H" replay counter.trace
has '^counter.trace:6:21: init-counter 13 is not a multiple of pageblock_nr_pages (8)' err
ok "init-counter: whole pageblocks (binary: folded, text: exit 2)"

echo "binary_files: $checks checks passed"
