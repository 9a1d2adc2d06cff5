#!/bin/sh
# Every C file of the project is as clang-format (the shipped .clang-format)
# writes it. kmod/ and the oracle module tests/vm/oracle/ are kernel code:
# they follow the kernel's coding style (the kernel's own .clang-format and
# scripts/checkpatch.pl judge them), not this project's file.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v clang-format >/dev/null ||
	{ echo "SKIP: clang-format not installed (scripts/install-deps.sh installs it)"; exit 77; }
src=${top_srcdir:-.}
files=$(cd "$src" && find src tests fuzz bench -name '*.[ch]' ! -path 'tests/vm/oracle/*' | sort)
check "there are C files to check" [ -n "$files" ]
formatted() {
	# the first differences go to the log, so the failure says where
	(cd "$src" && clang-format --dry-run -Werror --style=file "$1" 2>&1 | head -n 6 | sed 's/^/  /')
	(cd "$src" && clang-format --dry-run -Werror --style=file "$1" >/dev/null 2>&1)
}
for f in $files; do
	check "clang-format: $f" formatted "$f"
done
finish
