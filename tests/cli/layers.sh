#!/bin/sh
# The layer check: every #include "..." of src/lib and src/cmd obeys the
# rule of its folder. Each folder's Makemodule.am names what it may include
# on its "layer-may-include:" line (folders of the same tree, or single
# headers such as core/export.h). Besides those, a file may include:
#   - headers of its own folder (plain "x.h" or "folder/x.h");
#   - the library's public headers (src/lib/include: "ioasid-*.h",
#     "uapi/ioasid.h"), which are the only library headers src/cmd sees.
# Never "../". The include paths are checked too: only the library's own
# objects have src/lib on theirs; src/cmd, the fragments of src/cmd and
# kmod/Kbuild name src/lib/include alone.
#
# Two more rules of the folders: each folder's Makemodule.am builds only
# that folder's files (libioasidcli is cli/ alone), and ioasidctl's
# commands and ioasidtop (ctl/, top/) keep no static variable in a function
# (dump runs commands again in one process).
#
#   layers.sh [ROOT]      check the tree at ROOT (default: top_srcdir)
#   layers.sh --self-test plant violations in a copy: each must be caught
# make check runs both (no argument: the tree, then the self-test).
#
# Exit 0 when every include is allowed; 1 with one line per violation
# ("FILE: includes "X": FOLDER may include only: ...").
set -u

check_tree() {
	root=$1
	bad=0
	for tree in src/lib src/cmd; do
		for dir in "$root/$tree"/*/; do
			dir=${dir%/}
			layer=${dir##*/}
			mk=$dir/Makemodule.am
			if [ ! -f "$mk" ]; then
				echo "$tree/$layer: no Makemodule.am stating the folder's rule"
				bad=1
				continue
			fi
			if ! grep -q '^# layer-may-include:' "$mk"; then
				echo "$tree/$layer/Makemodule.am: no \"# layer-may-include:\" line"
				bad=1
				continue
			fi
			allowed=$(sed -n 's/^# layer-may-include:[[:space:]]*//p' "$mk")
			for f in $(find "$dir" -name '*.[ch]' | sort); do
				rel=${f#"$root"/}
				for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
					why=$(judge "$root" "$tree" "$layer" "$allowed" "$f" "$inc")
					if [ -n "$why" ]; then
						echo "$rel: includes \"$inc\": $why"
						bad=1
					fi
				done
			done
		done
	done
	# sources: a folder's library or program is built from that folder's
	# files alone (libioasidcli from cli/, not from the commands of ctl/)
	for mk in "$root"/src/lib/*/Makemodule.am "$root"/src/cmd/*/Makemodule.am; do
		[ -f "$mk" ] || continue
		dir=${mk%/Makemodule.am}
		dir=${dir#"$root"/}
		for f in $(grep -o 'src/[A-Za-z0-9_/.-]*\.[ch]' "$mk"); do
			case $f in
			"$dir"/*) ;;
			*)
				echo "${mk#"$root"/}: builds $f, a file of another folder"
				bad=1
				;;
			esac
		done
	done
	# ioasidctl's commands and ioasidtop keep no state between runs (dump
	# runs commands again in one process): no static variable in a
	# function, such as the option variables popt writes (constant tables
	# are fine)
	for f in $(find "$root/src/cmd/ctl" "$root/src/cmd/top" -name '*.c' 2>/dev/null | sort); do
		grep -nE '^[[:space:]]+static (volatile )?(char|int|long|short|double|float|bool|unsigned|size_t|u?int[0-9]+_t)[[:space:]*]' "$f" |
			while IFS=: read -r n line; do
				echo "${f#"$root"/}: line $n: a static variable in a function (make it a local):$line"
			done | grep . && bad=1
	done
	# include paths: only the library's objects (and tests) reach src/lib
	for mk in "$root"/src/cmd/Makemodule.am "$root"/src/cmd/*/Makemodule.am "$root"/kmod/Kbuild; do
		[ -f "$mk" ] || continue
		if grep -n -- '-I[^ ]*src/lib\($\|[^/]\|/[^i]\)' "$mk" >/dev/null; then
			echo "${mk#"$root"/}: puts a private library folder on the include path (only src/lib/include is public)"
			bad=1
		fi
	done
	return $bad
}

# prints why an include is refused, nothing when allowed
judge() {
	root=$1 tree=$2 layer=$3 allowed=$4 file=$5 inc=$6
	case $inc in
	../* | */../*) echo "climbs out of its folder"; return ;;
	esac
	case $inc in
	*/*)
		top=${inc%%/*}
		# the public uapi header
		[ "$inc" = uapi/ioasid.h ] && [ -f "$root/src/lib/include/$inc" ] && return
		[ "$top" = "$layer" ] && return
		for a in $allowed; do
			[ "$a" = "$top" ] && return
			[ "$a" = "$inc" ] && return
		done
		if [ "$tree" = src/cmd ] && [ -d "$root/src/lib/$top" ]; then
			echo "a private header of the library; src/cmd sees only src/lib/include"
		else
			echo "$tree/$layer may include only: its own folder, the public headers${allowed:+, $allowed}"
		fi
		;;
	*)
		# same folder, or a public header
		[ -f "$(dirname "$file")/$inc" ] && return
		[ -f "$root/src/lib/include/$inc" ] && return
		echo "neither in its folder nor a public header (name private headers by folder: \"core/x.h\")"
		;;
	esac
}

if [ "${1:-}" = --self-test ]; then
	src=${top_srcdir:-.}
	tmp=$(mktemp -d) || exit 1
	trap 'rm -rf "$tmp"' EXIT
	(cd "$src" && tar -cf - src kmod) | (cd "$tmp" && tar -xf -)
	status=0
	if ! out=$(check_tree "$tmp"); then
		echo "FAIL: the unmodified tree does not pass:"
		echo "$out"
		exit 1
	fi
	# each plant must be caught, naming the file
	plant() {
		what=$1 file=$2 line=$3
		cp "$tmp/$file" "$tmp/$file.orig"
		printf '%s\n' "$line" >>"$tmp/$file"
		if out=$(check_tree "$tmp"); then
			echo "FAIL: planted violation not caught: $what"
			status=1
		elif echo "$out" | grep -q "^$file: "; then
			echo "ok - caught: $what: $(echo "$out" | head -n 1)"
		else
			echo "FAIL: $what: caught, but the message does not name $file: $out"
			status=1
		fi
		mv "$tmp/$file.orig" "$tmp/$file"
	}
	plant "the pure model includes the path layer" src/lib/model/model.c '#include "core/internal.h"'
	plant "a stock reader includes the emulator" src/lib/stock/vtd.c '#include "sim/sim.h"'
	plant "a command includes a private library header" src/cmd/ctl/iommu.c '#include "stock/kernel.h"'
	plant "ioasidtop includes an ioasidctl command" src/cmd/top/top-action.c '#include "ctl/stats.h"'
	plant "the printer includes the CLI" src/cmd/print/printer.c '#include "cli/cli.h"'
	plant "a public header includes a private one" src/lib/include/ioasid-ctx.h '#include "core/internal.h"'
	plant "a relative climb" src/lib/core/path.c '#include "../sim/sim.h"'
	plant "a command keeps an option in a static variable" src/cmd/ctl/iommu.c \
		"$(printf '\tstatic char *opt_set;')"
	plant "the CLI library builds a command" src/cmd/cli/Makemodule.am \
		'src_cmd_cli_libioasidcli_la_SOURCES += src/cmd/ctl/alloc.c'
	cp "$tmp/kmod/Kbuild" "$tmp/kbuild.orig"
	echo 'ccflags-y += -I$(src)/../src/lib' >>"$tmp/kmod/Kbuild"
	if check_tree "$tmp" >/dev/null; then
		echo "FAIL: kmod/Kbuild with src/lib on its include path not caught"
		status=1
	else
		echo "ok - caught: kmod/Kbuild with a private library folder on its include path"
	fi
	exit $status
fi

if ! out=$(check_tree "${1:-${top_srcdir:-.}}"); then
	echo "$out"
	exit 1
fi
echo "ok - every include obeys its folder's rule"
[ $# -eq 0 ] && exec "$0" --self-test
exit 0
