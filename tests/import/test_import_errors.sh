#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/import/test_import_errors.sh HATRACE SOURCE_ROOT - the early error
# paths of `hatrace import ftrace|proc|oom`: an output that cannot be
# created, OUT equal to the input, a missing, empty, NUL-containing or
# directory input or --geometry-from.  Each exits 2 with one message that
# names the file, before anything else on stderr (no summary table), and
# with no sanitizer report (run under the ASan+UBSan builds).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

need_args 2 "HATRACE SOURCE_ROOT" "$@"
D=$(cd "$2/tests/import/data" && pwd)
hatrace_exe "$1"
make_tmpdir import-errors

# err_is PATTERN: the last run's stderr is one line, matching PATTERN, and
# no sanitizer report
err_is() {
	! grep -q 'Sanitizer\|runtime error:\|LeakSanitizer' "$T/err" || fail "a sanitizer report"
	[[ $(wc -l <"$T/err") -eq 1 ]] || fail "stderr is not one line"
	grep -q -e "$1" "$T/err" || fail "no '$1' in stderr"
}

cp "$D/kmem-6x.txt" in.txt
: >empty
printf 'zone DMA\0 1 4096\n' >nul
mkdir adir

# ---- import ftrace ----

run 2 "$H" import ftrace in.txt -o nodir/x.trace
err_is 'nodir/x.trace: cannot create'
run 2 "$H" import ftrace in.txt -o adir
err_is 'adir: is a directory'
ok "import ftrace: an output that cannot be created"
run 2 "$H" import ftrace in.txt -o in.txt
err_is 'in.txt: refusing to overwrite the input'
cmp -s in.txt "$D/kmem-6x.txt" || fail "the input was changed"
ok "import ftrace: OUT is the input, left as it was"
run 2 "$H" import ftrace in.txt --geometry-from empty -o x.trace
err_is '^empty: empty trace'
run 2 "$H" import ftrace in.txt --geometry-from nul -o x.trace
err_is '^nul:1:[0-9]*: NUL byte'
run 2 "$H" import ftrace in.txt --geometry-from missing -o x.trace
err_is 'missing: cannot open'
run 2 "$H" import ftrace in.txt --geometry-from adir -o x.trace
err_is 'adir: '
[[ ! -e x.trace ]] || fail "an output was left behind"
ok "import ftrace: --geometry-from missing, empty, with a NUL byte, a directory"
run 2 "$H" import ftrace missing -o x.trace
err_is 'missing: cannot open'
run 2 "$H" import ftrace adir -o x.trace
err_is 'adir: '
ok "import ftrace: the input missing or a directory"
run 2 "$H" import ftrace --strict "$D/kmem-4x.txt" -o x.trace
err_is 'kmem-4x.txt:29: mm_page_alloc: gfp_flags='
xz -c "$D/kmem-6x.txt" | head -c 2000 >cut.xz
run 2 "$H" import ftrace cut.xz -o x.trace
sed -i '/^xz: /d' "$T/err"	# xz's own message
err_is "cut.xz: 'xz -dc' failed"
[[ ! -e x.trace ]] || fail "an output was left behind"
ok "import ftrace: --strict's first problem, a truncated xz: the error alone, no summary"

# ---- import proc ----

run 2 "$H" import proc --zoneinfo "$D/zoneinfo-pre.txt" -o nodir/x.trace
err_is 'nodir/x.trace: cannot create'
for f in missing empty nul adir; do
	run 2 "$H" import proc --zoneinfo $f -o x.trace
	err_is "$f"
	run 2 "$H" import proc --zoneinfo "$D/zoneinfo-pre.txt" --pagetypeinfo $f -o x.trace
	err_is "$f"
	run 2 "$H" import proc --zoneinfo "$D/zoneinfo-pre.txt" --buddyinfo $f -o x.trace
	err_is "$f"
done
[[ ! -e x.trace ]] || fail "an output was left behind"
ok "import proc: an output that cannot be created; inputs missing, empty, with a NUL, a directory"

# ---- import oom ----

run 2 "$H" import oom "$D/oom-v4-minimal.txt" -o nodir/x.trace
grep -q 'nodir/x.trace: cannot create' "$T/err" || fail "import oom -o nodir/x.trace"
! grep -q 'Sanitizer\|runtime error:' "$T/err" || fail "a sanitizer report"
for f in missing empty nul adir; do
	run 2 "$H" import oom $f -o x.trace
	err_is "$f"
done
[[ ! -e x.trace ]] || fail "an output was left behind"
ok "import oom: an output that cannot be created; the report missing, empty, with a NUL, a directory"

echo "$checks checks passed"
