#!/bin/sh
# Untrusted strings on their way out (issue 13 items 2-4). A copy of a
# real 6.12 capture (tests/data/vm/6.12-vtd-sm/sysroot) gets an IOMMU unit
# and an IOMMU group whose names hold a byte that is not UTF-8 (0xff), ESC
# sequences, a newline and a C1 control (U+009B, CSI):
# - every -J document is valid UTF-8 (iconv -f UTF-8 fails on anything
#   else) and valid JSON (jq), the bad byte as U+FFFD;
# - tables and the text of status and device why print no ESC, C1 or
#   invalid byte, one line per row (the
#   table printer used to loop forever on this unit name: a timeout here);
# - stderr lines naming such a thing (an archive member, a device given on
#   the command line) stay one line with no ESC byte;
# - --sysroot "", --sim "" and --pci-dump "" are usage errors (exit 2, one
#   line naming the option) for ioasidctl and ioasidtop, never the live host;
# - a device whose sysfs config leads out of the root is not read by libpci.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
command -v iconv >/dev/null || { echo "SKIP: iconv not installed"; exit 77; }
command -v tar >/dev/null || { echo "SKIP: tar not installed"; exit 77; }
TOP=${IOASIDTOP:-$(dirname "$IOASIDCTL")/ioasidtop}
src=${top_srcdir:-.}/tests/data/vm/6.12-vtd-sm/sysroot
[ -d "$src" ] || { echo "SKIP: no capture at $src"; exit 77; }
tmp=$(mktemp -d)
export TMPDIR="$tmp/tmpdir"
mkdir -p "$TMPDIR"
trap 'rm -rf "$tmp"' EXIT

esc=$(printf '\033')
bad=$(printf '\377\033[2J\nx\302\233y') # 0xff, ESC [2J, LF, U+009B
h=$tmp/host
cp -a "$src" "$h"
unit="dmar7$bad"
cp -a "$h/sys/devices/virtual/iommu/dmar0" "$h/sys/devices/virtual/iommu/$unit"
ln -s "../../devices/virtual/iommu/$unit" "$h/sys/class/iommu/$unit"
mkdir -p "$h/sys/kernel/iommu_groups/77/devices"
printf 'grp%s\n' "$bad" >"$h/sys/kernel/iommu_groups/77/name"
echo DMA >"$h/sys/kernel/iommu_groups/77/type"

# strict: iconv refuses invalid UTF-8; jq then parses the document
valid_json() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 && jq empty "$1" >/dev/null 2>&1; }
no_raw() {	# no ESC, no 0xff, no C1 (0xc2 0x80-0x9f) in the file
	! LC_ALL=C grep -q "$esc" "$1" && ! LC_ALL=C grep -q "$(printf '\377')" "$1" &&
		! LC_ALL=C grep -q "$(printf '\302')[$(printf '\200')-$(printf '\237')]" "$1"
}
for c in "iommu list" "status" "group list" "device list --all"; do
	# shellcheck disable=SC2086
	timeout 60 "$IOASIDCTL" --sysroot "$h" $c -J >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "'$c -J' exits 0" [ "$rc" -eq 0 ]
	check "'$c -J' is valid UTF-8 JSON" valid_json "$tmp/out"
done
"$IOASIDCTL" --sysroot "$h" iommu list -J >"$tmp/out"
check "iommu list -J: the bad byte is U+FFFD, controls are JSON escapes" \
	[ "$(jq -j '.iommus[1].name' "$tmp/out" | od -An -tx1 | tr -d ' \n')" = \
	646d617237efbfbd1b5b324a0a78c29b79 ]
"$IOASIDCTL" --sysroot "$h" group list -J >"$tmp/out"
check "group list -J: the group name kept as far as UTF-8 allows" \
	match "$(jq -r '.groups[] | select(.group == 77) | .name' "$tmp/out" | head -n 1)" '^grp'
for f in "" "-n" "-o NAME"; do
	# shellcheck disable=SC2086
	timeout 60 "$IOASIDCTL" --sysroot "$h" iommu list $f >"$tmp/out" 2>&1; rc=$?
	check "iommu list table '$f': finishes, exit 0" [ "$rc" -eq 0 ]
	check "iommu list table '$f': no control or invalid byte" no_raw "$tmp/out"
	check "iommu list table '$f': one line per unit" [ "$(grep -c dmar "$tmp/out")" -eq 2 ]
done
timeout 60 "$IOASIDCTL" --sysroot "$h" group list >"$tmp/out" 2>&1
check "group list table: no control or invalid byte" no_raw "$tmp/out"
# text outputs that name units and carry evidence from the host
for c in "status" "status -v" "device why 0000:00:01.0"; do
	# shellcheck disable=SC2086
	timeout 60 "$IOASIDCTL" --sysroot "$h" $c >"$tmp/out" 2>&1
	check "'$c' text: no control or invalid byte" no_raw "$tmp/out"
done
check "status text: the unit masked on the IOMMU line" \
	match "$("$IOASIDCTL" --sysroot "$h" status | grep '^IOMMU:')" 'dmar7\?\?\[2J\?x\?\?y \(vtd\)$'

# libpci reads config space below the root by itself, following links: a
# device whose config leads out of a --sysroot directory is not read (on
# main, libpci read the file outside: the device was listed from it)
cp -a "$src" "$tmp/pci"
dev=$(ls "$tmp/pci/sys/bus/pci/devices" | head -n 1)
cfg=$(cd "$tmp/pci/sys/bus/pci/devices/$dev" && pwd -P)/config
mkdir -p "$tmp/outside"
cp "$cfg" "$tmp/outside/config"
rm "$cfg"
ln -s "$tmp/outside/config" "$cfg"
"$IOASIDCTL" --sysroot "$tmp/pci" device list --all -r -n -o DEVICE >"$tmp/out" 2>/dev/null
check "device list: $dev, whose config leads out, is not read" [ "$(grep -c "^$dev\$" "$tmp/out")" -eq 0 ]
check "device list: the other devices still are" \
	[ "$(wc -l <"$tmp/out")" -eq "$(($(ls "$tmp/pci/sys/bus/pci/devices" | wc -l) - 1))" ]

# messages: a hostile archive member name, a hostile argument
mkdir -p "$tmp/evil/ioasid-dump"
ln -s /etc "$tmp/evil/ioasid-dump/l$bad"
tar cf "$tmp/evil.tar" -C "$tmp/evil" ioasid-dump
"$IOASIDCTL" --sysroot "$tmp/evil.tar" status >"$tmp/out" 2>"$tmp/err"; rc=$?
check "member name with ESC and newline: exit 1" [ "$rc" -eq 1 ]
check "member name with ESC and newline: one stderr line" [ "$(wc -l <"$tmp/err")" -eq 1 ]
check "member name with ESC and newline: escaped" no_raw "$tmp/err"
check "member name with ESC and newline: shown as backslash escapes" \
	match "$(cat "$tmp/err")" 'ioasid-dump/l\\xff\\x1b\[2J\\nx\\xc2\\x9by: archive member refused'
"$IOASIDCTL" --sysroot "$tmp/evil.tar" status -J >"$tmp/out" 2>/dev/null
check "member name: the -J error is valid UTF-8 JSON" valid_json "$tmp/out"
"$IOASIDCTL" --sysroot "$h" device why "0000:00:1f.$bad" >/dev/null 2>"$tmp/err"
check "hostile device argument: one stderr line, escaped" \
	eval '[ "$(wc -l <"$tmp/err")" -eq 1 ] && no_raw "$tmp/err"'
"$TOP" --sysroot "$tmp/evil.tar" --snapshot >/dev/null 2>"$tmp/err"
check "ioasidtop: hostile member name, one stderr line, escaped" \
	eval '[ "$(wc -l <"$tmp/err")" -eq 1 ] && no_raw "$tmp/err"'

# empty host paths: usage errors, never the live host
for o in --sysroot --sim --pci-dump; do
	"$IOASIDCTL" "$o" "" status >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "ioasidctl $o '': exit 2" [ "$rc" -eq 2 ]
	check "ioasidctl $o '': one line naming $o" \
		eval '[ "$(wc -l <"$tmp/err")" -eq 1 ] && match "$(cat "$tmp/err")" "^ioasidctl: $o: empty path"'
	check "ioasidctl $o '': nothing on stdout" [ ! -s "$tmp/out" ]
	"$IOASIDCTL" status "$o" "" -J >"$tmp/out" 2>/dev/null; rc=$?
	check "ioasidctl status $o '' -J: exit 2 in the error object" \
		[ "$(jq .error.exit_status "$tmp/out")" = 2 ] && [ "$rc" -eq 2 ]
	"$TOP" "$o" "" --snapshot >"$tmp/out" 2>"$tmp/err"; rc=$?
	check "ioasidtop $o '': exit 2, one line" \
		eval '[ "$rc" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -s "$tmp/out" ]'
done
"$IOASIDCTL" --sysroot "" cgroup set-limit /x --form misc 1 >/dev/null 2>"$tmp/err"; rc=$?
check "a write with --sysroot '': exit 2 naming --sysroot" \
	eval '[ "$rc" -eq 2 ] && match "$(cat "$tmp/err")" "^ioasidctl: --sysroot: empty path"'
finish
