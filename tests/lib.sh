# SPDX-License-Identifier: MIT
# tests/lib.sh - the helpers the bash tests share; a test sources it with
#   source "$(dirname "$0")/../lib.sh"
# `run` writes a command's stdout and stderr to $T/out and $T/err: a test
# sets T (make_tmpdir does) before it runs anything, and may set FAIL_LINES,
# how many lines of each fail shows (default 60).

# need_args N USAGE "$@": exit 2 with "usage: $0 USAGE" unless N arguments
need_args() {
	local n=$1 usage=$2
	shift 2
	if [[ $# -ne $n ]]; then
		echo "usage: $0 $usage" >&2
		exit 2
	fi
}

# hatrace_exe PATH: H, PATH made absolute (the tests cd into $T); exit 2
# unless it is executable
hatrace_exe() {
	H=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	[[ -x $H ]] || { echo "$0: $H is not executable" >&2; exit 2; }
}

# make_tmpdir NAME: T, a new temporary directory removed on exit; cd there
make_tmpdir() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/hatrace-$1.XXXXXX")
	trap 'rm -rf "$T"' EXIT
	cd "$T"
}

checks=0
fail() {
	echo "FAIL: $*" >&2
	for f in out err; do
		if [[ -s $T/$f ]]; then
			echo "--- std$f:" >&2
			head -n "${FAIL_LINES:-60}" "$T/$f" >&2
		fi
	done
	exit 1
}
ok() {
	checks=$((checks + 1))
	echo "ok $checks - $*"
}

# run WANT CMD...: run CMD with stdout in $T/out and stderr in $T/err and
# check its exit code.
run() {
	local want=$1 rc=0
	shift
	"$@" >"$T/out" 2>"$T/err" || rc=$?
	[[ $rc -eq $want ]] || fail "exit $rc, expected $want: $*"
}
# has REGEX [out|err]: the last run's stdout (or stderr) matches REGEX
has() { grep -q -e "$1" "$T/${2:-out}" || fail "no '$1' in std${2:-out}"; }
