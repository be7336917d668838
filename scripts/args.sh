# SPDX-License-Identifier: MIT
# scripts/args.sh - sourced by the scripts that read options (scripts/,
# bench/fuzz/): what they share to read them.

# need_value "$@": $1 is an option that takes a value, $2; exit 2 (a usage
# error) naming the option when there is none
need_value() {
	if [ $# -lt 2 ] || [ -z "$2" ]; then
		echo "${0##*/}: $1 needs a value (see --help)" >&2
		exit 2
	fi
}
