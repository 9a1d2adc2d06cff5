#!/bin/sh
# The symbol file lists the exported symbols: src/lib/libioasid.sym names,
# sorted (LC_ALL=C), every function marked IOASID_EXPORT in src/lib, and no
# name the built library does not define; the library exports nothing the
# file does not name. The expected names come from the sources (the
# IOASID_EXPORT marks) and from the built binary (nm -D --defined-only of
# $top_builddir/src/lib/.libs/libioasid.so), not from the file under test.
#
#   symbols.sh              the shipped file, then the self-test
#   symbols.sh --self-test  plants a missing, a stray and an unsorted name
#                           in copies of the file: each must be caught
. "${top_srcdir:-.}/tests/cli/lib.sh"
src=${top_srcdir:-.}
lib=${top_builddir:-build}/src/lib/.libs/libioasid.so
command -v nm >/dev/null || { echo "SKIP: nm (binutils) not installed"; exit 77; }
[ -f "$lib" ] || { echo "SKIP: no shared library $lib (configured with --disable-shared?)"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C
export LC_ALL

# the names of a version script's "global:" section, in file order
listed() {
	sed -n '/^[[:space:]]*global:/,/^[[:space:]]*local:/p' "$1" | sed '1d;$d' |
		tr -d ' \t;' | grep -v '^$'
}

# the functions marked IOASID_EXPORT where they are defined (the mark and
# the name on one line, as clang-format writes a definition)
grep -rh --include='*.[ch]' 'IOASID_EXPORT' "$src/src/lib" | grep -v '^[[:space:]]*#' >"$tmp/marks"
sed -nE 's/.*IOASID_EXPORT[^(]*[^a-z0-9_]([a-z_][a-z0-9_]*)\(.*/\1/p' "$tmp/marks" | sort >"$tmp/marked"
# every dynamic symbol the library defines, without its version
# ("@@LIBIOASID_0"); the version node itself is an absolute symbol
nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort >"$tmp/defined"

check "IOASID_EXPORT marks found in src/lib ($(wc -l <"$tmp/marked"))" [ -s "$tmp/marked" ]
check "every IOASID_EXPORT line names its function (mark and name on one line)" \
	[ "$(wc -l <"$tmp/marks")" -eq "$(wc -l <"$tmp/marked")" ]
check "the library defines dynamic symbols ($(wc -l <"$tmp/defined"))" [ -s "$tmp/defined" ]

# check_file SYMFILE: prints one line per problem; fails when there is one
check_file() {
	listed "$1" >"$tmp/listed"
	sort -u "$tmp/listed" >"$tmp/listed.sorted"
	bad=0
	if ! cmp -s "$tmp/listed" "$tmp/listed.sorted"; then
		echo "  $1: names not sorted (LC_ALL=C) or repeated"
		bad=1
	fi
	for s in $(comm -23 "$tmp/marked" "$tmp/listed.sorted"); do
		echo "  $1: IOASID_EXPORT function $s is missing"
		bad=1
	done
	for s in $(comm -23 "$tmp/listed.sorted" "$tmp/defined"); do
		echo "  $1: names $s, which $lib does not define"
		bad=1
	done
	for s in $(comm -13 "$tmp/listed.sorted" "$tmp/defined"); do
		echo "  $lib: exports $s, which $1 does not name"
		bad=1
	done
	return "$bad"
}

if [ "${1:-}" = --self-test ]; then
	sym=$src/src/lib/libioasid.sym
	first=$(listed "$sym" | head -n 1)
	caught() {
		# $1: what was planted, $2: the message expected, $3: the file
		out=$(check_file "$3")
		rc=$?
		echo "$out"
		[ "$rc" -ne 0 ] && printf '%s\n' "$out" | grep -q -- "$2"
	}
	grep -v "^[[:space:]]*$first;" "$sym" >"$tmp/missing.sym"
	check "self-test: a missing IOASID_EXPORT function ($first) is caught" \
		caught missing "function $first is missing" "$tmp/missing.sym"
	sed 's/^\([[:space:]]*\)local:/\1ioasid_zz_planted_no_such;\n\1local:/' "$sym" >"$tmp/stray.sym"
	check "self-test: a name the library does not define is caught" \
		caught stray "names ioasid_zz_planted_no_such, which" "$tmp/stray.sym"
	second=$(listed "$sym" | sed -n 2p)
	sed "s/^\([[:space:]]*\)$first;/\1$second;/; t; s/^\([[:space:]]*\)$second;/\1$first;/" "$sym" >"$tmp/unsorted.sym"
	check "self-test: two names out of order are caught" \
		caught unsorted "not sorted" "$tmp/unsorted.sym"
	finish
	exit
fi

check "src/lib/libioasid.sym names exactly the IOASID_EXPORT functions the library defines" \
	check_file "$src/src/lib/libioasid.sym"
finish || exit 1
[ $# -eq 0 ] && exec "$0" --self-test
exit 0
