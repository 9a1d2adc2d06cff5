#!/bin/sh
# Every C file of the project is as clang-format writes it, by the nearest
# .clang-format: the shipped one, or for the kernel code (kmod/ and the
# oracle module tests/vm/oracle/) their own, which adds the kernel's loop
# macros (scripts/checkpatch.pl judges them too).
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v clang-format >/dev/null ||
	{ echo "SKIP: clang-format not installed (scripts/install-deps.sh installs it)"; exit 77; }
src=${top_srcdir:-.}
files=$(cd "$src" && find src tests fuzz bench kmod -name '*.[ch]' | sort)
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
