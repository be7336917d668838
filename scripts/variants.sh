# SPDX-License-Identifier: MIT
# shellcheck shell=bash disable=SC2154
# scripts/variants.sh - sourced by the scripts that name patches and fuzz
# targets (scripts/new-variant, scripts/gate-patch):
# the eras' patch and preset names as their tables in the source spell
# them; and, through scripts/fuzz-targets.sh, the fuzz targets and their
# variants (fuzz/meson.build's fuzz_replay_targets, one 'NAME': 'VARIANT',
# line per target).  $root is the source tree.
source "$root/scripts/fuzz-targets.sh"

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
