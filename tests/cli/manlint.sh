#!/bin/sh
# Every man page is mandoc -Tlint clean (warnings count), every page is
# installed (man/Makemodule.am), and every command of the dispatch table
# (as `ioasidctl --help` lists it) is described in a command group's page
# (an ".It Cm GROUP NAME" item or the SYNOPSIS of a page other than
# ioasidctl.8) and listed in ioasidctl(8)'s COMMANDS.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v mandoc >/dev/null || { echo "SKIP: mandoc not installed"; exit 77; }
man=${top_srcdir:-.}/man
for m in "$man"/*.[1-8]; do
	check "mandoc -Tlint -W warning $(basename "$m")" mandoc -Tlint -W warning "$m"
	check "$(basename "$m") is installed (man/Makemodule.am)" \
		grep -q "man/$(basename "$m")" "$man/Makemodule.am"
done
# the commands a page describes: its ".It Cm GROUP NAME ..." items and the
# ".Cm GROUP NAME" lines of its SYNOPSIS; mdoc's "\-" read as "-"
items() {
	awk '/^\.Sh /{ syn = ($2 == "SYNOPSIS") } /^\.It Cm / || (syn && /^\.Cm /)' "$@" |
		sed 's/^\.It Cm //; s/^\.Cm //; s/\\-/-/g'
}
cmds=$("$IOASIDCTL" --help | sed -n '/^Commands:/,/^$/s/^  \(.\{16\}\) .*/\1/p' | sed 's/ *$//')
check "ioasidctl --help lists commands" [ -n "$cmds" ]
pages=$(ls "$man"/ioasidctl-*.8)
IFS='
'
for cmd in $cmds; do
	# the item starts with the command's words: "set show Ar id"
	# shellcheck disable=SC2086
	check "$cmd: described in a group page" eval 'items $pages | grep -Eq "^$cmd( |\$)"'
	check "$cmd: listed in ioasidctl.8" eval 'items "$man/ioasidctl.8" | grep -Eq "^$cmd\$"'
done
finish
