#!/bin/sh
# Every command answers --help and --version on stdout with status 0, and
# an unknown option with a usage line on stderr and status 2 (the idea of
# util-linux tools/checkusage.sh).
. "${top_srcdir:-.}/tests/cli/lib.sh"

# The commands: the list `ioasidctl --help` prints (names in a 16-column
# field, "  %-16s %s"), so a command added to the dispatch table is checked
# without editing this file.
cmds=$("$IOASIDCTL" --help | sed -n '/^Commands:/,/^$/s/^  \(.\{16\}\) .*/\1/p' | sed 's/ *$//')
ncmds=$(printf '%s\n' "$cmds" | grep -c .)
check "--help lists the commands ($ncmds)" [ "$ncmds" -gt 20 ]
version=$("$IOASIDCTL" --version)
IFS='
'
for cmd in $cmds; do
	IFS=' '
	# shellcheck disable=SC2086
	out=$("$IOASIDCTL" $cmd --version 2>/dev/null); rc=$?
	check "$cmd --version exits 0" [ "$rc" -eq 0 ]
	check "$cmd --version prints the program's version" eval '[ "$out" = "$version" ] && match "$out" "^ioasidctl [0-9]"'
	# shellcheck disable=SC2086
	out=$("$IOASIDCTL" $cmd --help 2>/dev/null); rc=$?
	check "$cmd --help exits 0" [ "$rc" -eq 0 ]
	check "$cmd --help prints usage on stdout" match "$out" "Usage:"
	# shellcheck disable=SC2086
	err=$("$IOASIDCTL" $cmd --no-such-option 2>&1 >/dev/null); rc=$?
	check "$cmd bad option exits 2" [ "$rc" -eq 2 ]
	check "$cmd bad option names it on stderr" match "$err" "no-such-option"
	check "$cmd bad option: a usage line on stderr" match "$err" "(Usage:|Try 'ioasidctl $cmd --help')"
	# shellcheck disable=SC2086
	out=$("$IOASIDCTL" $cmd --list-columns 2>/dev/null); rc=$?
	IFS='
'
	# the commands with a table describe its columns
	case $cmd in *" list" | list | *" show" | "prq stats" | "prq trace" | "spid find" | "uapi selftest") check "$cmd --list-columns exits 0" [ "$rc" -eq 0 ] ;; esac
done
# ioasidtop: the same contract
TOP=${IOASIDTOP:-$(dirname "$IOASIDCTL")/ioasidtop}
out=$("$TOP" --help 2>/dev/null); rc=$?
check "ioasidtop --help exits 0" [ "$rc" -eq 0 ]
check "ioasidtop --help prints usage on stdout" match "$out" "Usage:"
out=$("$TOP" --version 2>/dev/null); rc=$?
check "ioasidtop --version exits 0" [ "$rc" -eq 0 ]
check "ioasidtop --version names the program" match "$out" "^ioasidtop [0-9]"
err=$("$TOP" --no-such-option 2>&1 >/dev/null); rc=$?
check "ioasidtop bad option exits 2" [ "$rc" -eq 2 ]
check "ioasidtop bad option names it on stderr" match "$err" "no-such-option"
out=$("$IOASIDCTL" --version); rc=$?
check "--version exits 0" [ "$rc" -eq 0 ]
check "--version names the program" match "$out" "^ioasidctl [0-9]"
out=$("$IOASIDCTL" --help); rc=$?
check "--help exits 0" [ "$rc" -eq 0 ]
"$IOASIDCTL" >/dev/null 2>&1; rc=$?
check "no command exits 2" [ "$rc" -eq 2 ]
"$IOASIDCTL" frobnicate >/dev/null 2>&1; rc=$?
check "unknown command exits 2" [ "$rc" -eq 2 ]
finish
