# SPDX-License-Identifier: MIT
# scripts/fuzz-targets.sh - sourced by the scripts that run the replay fuzz
# targets (scripts/fuzz, scripts/fuzz-triage, bench/fuzz/time-to-bug): the
# targets and their variants, read from the one table that builds them,
# fuzz_replay_targets in fuzz/meson.build ('NAME': 'VARIANT', a line each).
# Needs $root, the source tree.

# The replay targets' names, one a line, in the table's order.
fuzz_replay_target_names() {
	awk '/^fuzz_replay_targets = \{/ { on = 1; next } on && /^\}/ { exit }
		on && $1 ~ /^.fuzz_[a-z0-9_]+.:$/ { s = $1; gsub(/[^a-z0-9_]/, "", s); print s }' \
		"$root/fuzz/meson.build"
}

# fuzz_target_variant NAME: the variant of target NAME (or of its _bytes
# twin); returns 1 for a name that is not in the table.
fuzz_target_variant() {
	local t=${1%_bytes}
	awk -v t="$t" '/^fuzz_replay_targets = \{/ { on = 1; next } on && /^\}/ { exit }
		on && $1 ~ /^.fuzz_[a-z0-9_]+.:$/ && substr($1, 2, length($1) - 3) == t {
			v = substr($2, 2, length($2) - 3); print v; found = 1; exit }
		END { exit !found }' "$root/fuzz/meson.build"
}

# fuzz_find_test PREFIX: "TARGET SIGNATURE REFERENCE" of the first find-*
# test of fuzz/meson.build's fuzz_find_tests whose name begins with PREFIX
# (e.g. find-T5-: the hunting target of T5, its bug's signature pattern,
# the variant it runs differential against, or - for none); returns 1
# when there is none.
fuzz_find_test() {
	awk -v p="$1" '/^fuzz_find_tests = \{/ { on = 1; next } on && /^\}/ { exit }
		on && !/^ *#/ {
			e = e $0
			if ($0 !~ /\],? *$/)
				next
			n = split(e, q, "'"'"'")
			if (n >= 8 && index(q[2], p) == 1) {
				print q[4], q[6], (q[8] == "" ? "-" : q[8]); found = 1; exit
			}
			e = ""
		}
		END { exit !found }' "$root/fuzz/meson.build"
}

# fuzz_variant_target VARIANT: the first replay target that runs VARIANT
# (fuzz_mainline for mainline, fuzz_highatomic for v1); returns 1 for none.
fuzz_variant_target() {
	local t
	for t in $(fuzz_replay_target_names); do
		if [ "$(fuzz_target_variant "$t")" = "$1" ]; then
			echo "$t"
			return 0
		fi
	done
	return 1
}
