#!/bin/sh
# ioasidctl dump -o on a full filesystem: a 64 KiB tmpfs (needs root and a
# mount namespace, else skipped) cannot hold the dump of a real capture
# (~75 KiB compressed). The dump must fail with one stderr line and exit 1,
# leaving neither the archive nor its temporary file behind.
. "${top_srcdir:-.}/tests/cli/lib.sh"
src=${top_srcdir:-.}/tests/data/vm/6.12-vtd-sm/sysroot
[ -d "$src" ] || { echo "SKIP: no capture at $src"; exit 77; }
[ "$(id -u)" -eq 0 ] || { echo "SKIP: mounting a tiny tmpfs needs root"; exit 77; }
command -v unshare >/dev/null || { echo "SKIP: unshare (util-linux) not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/full"
# in a private mount namespace, so nothing stays mounted if we die
unshare -m sh -c '
	mount -t tmpfs -o size=64k tmpfs "$1/full" || exit 77
	"$2" --sysroot "$3" dump -o "$1/full/d.tar.gz" 2>"$1/err"
	echo $? >"$1/rc"
	ls -A "$1/full" >"$1/left"
' sh "$tmp" "$IOASIDCTL" "$src"
rc=$?
[ "$rc" -eq 77 ] && { echo "SKIP: cannot mount a tmpfs here"; exit 77; }
check "full filesystem exits 1" [ "$(cat "$tmp/rc")" -eq 1 ]
check "full filesystem: one stderr line" [ "$(wc -l <"$tmp/err")" -eq 1 ]
check "full filesystem: says why" match "$(cat "$tmp/err")" "No space left on device"
check "full filesystem: no file left" [ ! -s "$tmp/left" ]
finish
