#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/afl_stats_test.sh SOURCE_ROOT - scripts/afl-stats (scripts/fuzz's
# AFL++ progress line) on AFL++ output directories made here as AFL++ 4.04c
# leaves them: in the first minute fuzzer_stats holds the values of the
# start and plot_data no line, so the counts must come from the files as
# they are written; later from plot_data, whichever is ahead.
set -euo pipefail
source "$(dirname "$0")/../tests/lib.sh"
need_args 1 SOURCE_ROOT "$@"
stats=$1/scripts/afl-stats
make_tmpdir afl-stats

# instance DIR EXECS CORPUS EDGES: fuzzer_stats as afl-fuzz writes it at the start
instance() {
	mkdir -p "$1/queue" "$1/crashes" "$1/hangs"
	printf '%-18s: %s\n' start_time 1796524172 execs_done "$2" corpus_count "$3" \
		edges_found "$4" afl_version ++4.04c >"$1/fuzzer_stats"
	{
		printf '# relative_time, cycles_done, cur_item, corpus_count, pending_total, '
		printf 'pending_favs, map_size, saved_crashes, saved_hangs, max_depth, '
		printf 'execs_per_sec, total_execs, edges_found\n'
	} >"$1/plot_data"
}
# entry DIR N EXECS: a queue entry found after EXECS executions
entry() { : >"$1/id:$(printf %06d "$2"),src:000001,time:$2,execs:$3,op:havoc,rep:4"; }

instance afl/main 57 6 420
for i in 0 1 2 3 4 5; do entry afl/main/queue "$i" 0; done
for i in 6 7 8 9; do entry afl/main/queue "$i" $((i * 1000)); done
entry afl/main/queue 10 20000
echo "AFL++ writes a README here" >afl/main/crashes/README.txt
entry afl/main/crashes 0 15000
entry afl/main/hangs 0 18000
instance afl/sec1 30 6 300
for i in 0 1 2 3 4 5 6 7; do entry afl/sec1/queue "$i" $((i * 1000)); done

run 0 "$stats" afl
[[ $(cat out) == "27000 11 420 1 1" ]] ||
	fail "the first minute: '$(cat out)', not '27000 11 420 1 1'"
ok "the first minute: execs, corpus, crashes and hangs from the files as they come"

echo '75, 0, 214, 909, 901, 69, 18.24%, 94, 0, 3, 5933.30, 502146, 984' >>afl/main/plot_data
run 0 "$stats" afl
[[ $(cat out) == "509146 909 984 1 1" ]] ||
	fail "with plot_data: '$(cat out)', not '509146 909 984 1 1'"
ok "later: plot_data's execs, corpus and edges"

run 0 "$stats" empty-dir
[[ $(cat out) == "0 0 0 0 0" ]] || fail "no instance: '$(cat out)'"
ok "no instance yet: zeros"
