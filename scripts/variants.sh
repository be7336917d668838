# SPDX-License-Identifier: MIT
# shellcheck shell=bash disable=SC2154
# scripts/variants.sh - sourced by the scripts that name patches and fuzz
# targets (scripts/new-variant, scripts/gate-patch, scripts/fuzz-triage):
# the eras' patch and preset names as their tables in the source spell
# them, and the fuzz targets' variants from fuzz/meson.build's
# fuzz_replay_targets dict (one 'NAME': 'VARIANT', line per target).
# $root is the source tree.

# The source of era $1's table of switches and presets.
variants_file() {
	case "$1" in
	1) echo "$root/allocator/v4/variant.c" ;;
	2) echo "$root/allocator/v6/variant.c" ;;
	*) return 1 ;;
	esac
}

# The patch names of era $1, one a line, in table order.
patch_names() {
	sed -n 's/^\t\[\(PATCH\|V6\)_[A-Z0-9_]*\] = { "\([^"]*\)".*/\2/p' "$(variants_file "$1")"
}

# The preset names of era $1, one a line.
preset_names() {
	awk '/^(static )?const struct (hat|v6)_preset [a-z0-9_]*presets\[\] = \{/ { in_t = 1; next }
		in_t && /^\};/ { exit }
		in_t && match($0, /^\t\{ "[^"]*"/) { print substr($0, RSTART + 4, RLENGTH - 5) }' \
		"$(variants_file "$1")"
}

# The era (1 or 2) whose list $1 (patch_names, preset_names) holds $2;
# nothing, and a failure, if none
era_of() {
	local e
	for e in 1 2; do
		if "$1" "$e" | grep -qxF -- "$2"; then
			echo "$e"
			return 0
		fi
	done
	return 1
}

# The preset a new patch of era $1 is gated against by default: the newest
# kernel of the era (era 1: the merged v4.10).
default_preset() {
	case "$1" in
	1) echo v4.10 ;;
	2) echo mainline ;;
	esac
}

# The fuzz_replay_targets dict of fuzz/meson.build as "NAME<TAB>VARIANT" lines.
fuzz_target_lines() {
	awk '/^fuzz_replay_targets = \{/ { in_d = 1; next }
		in_d && /^\}/ { exit }
		in_d && match($0, /^  '\''[^'\'']*'\'': '\''[^'\'']*'\'',/) {
			split(substr($0, RSTART, RLENGTH), w, "'\''")
			print w[2] "\t" w[4]
		}' "$root/fuzz/meson.build"
}

# The variant of fuzz target $1 (a _bytes twin: its target's); fails if none.
target_variant() {
	local t=${1%_bytes} v
	v=$(fuzz_target_lines | awk -F'\t' -v t="$t" '$1 == t { print $2; exit }')
	[ -n "$v" ] && echo "$v"
}

# The first fuzz target whose variant is spelt $1; fails if none.
target_of_variant() {
	local t
	t=$(fuzz_target_lines | awk -F'\t' -v v="$1" '$2 == v { print $1; exit }')
	[ -n "$t" ] && echo "$t"
}

# The hunting target scripts/new-variant names for PRESET $1 plus patch $2.
hunting_target_name() {
	printf 'fuzz_%s_%s\n' "$(tr -c 'a-z0-9\n' '_' <<<"$1")" "$(tr -c 'a-z0-9\n' '_' <<<"$2")"
}

# The title of patch $2 of era $1, as its table entry gives it.
patch_title() {
	awk -v n="$2" 'index($0, "] = { \"" n "\",") { on = 1 }
		on { s = s $0 }
		on && /\}/ { exit }
		END {
			sub(/^[^"]*"[^"]*"[^"]*"/, "", s)
			sub(/".*/, "", s)
			print s
		}' "$(variants_file "$1")"
}
