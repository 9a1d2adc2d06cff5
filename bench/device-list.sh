#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Benchmark (DESIGN.md 7), not a test: `ioasidctl device list` over N PCI
# functions (default 1,000: a DSA PF's 4096 config bytes, the lspci -xxxx
# dump tests/data/pci/pri-pasid.dump, at N addresses) against `lspci -vvv`
# on the same config-space bytes in the same run, two ways:
#   dump    one lspci -xxxx dump file: ioasidctl --pci-dump FILE, lspci -F FILE
#   sysfs   a sysroot of N sys/bus/pci/devices/*/config files (the files
#           libpci's sysfs method opens, pciutils lib/sysfs.c):
#           ioasidctl --sysroot DIR, lspci -A linux-sysfs -O sysfs.path=...
# and the config-space reads of each tool in the sysfs case counted with
# strace (read/pread64 calls on a config file; issue 14: at most one per
# function). CPU is user+system from GNU time, the median of 3 runs
# (bench/lib.sh). Prints a table; asserts nothing.
#   bench/device-list.sh [BUILDDIR]     (default ./build; N=)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-./build}
N=${N:-1000}
template=$here/../tests/data/pci/pri-pasid.dump
LSPCI=${LSPCI:-$(command -v lspci || ls /usr/bin/lspci /usr/sbin/lspci /sbin/lspci 2>/dev/null | head -n1)}
[ -n "$LSPCI" ] || { echo "bench: device-list: lspci (pciutils) needed" >&2; exit 1; }
BENCH_TMP=$(mktemp -d)
trap 'rm -rf "$BENCH_TMP"' EXIT
. "$here/lib.sh"
use_build "$build"

# the template function: its hex lines, and the same bytes as a binary file
sed -n '/^[0-9a-f]*: /p' "$template" >"$BENCH_TMP/hex"
# (each byte as printf's octal escape: no xxd needed)
sed 's/^[^:]*: //' "$BENCH_TMP/hex" | tr ' ' '\n' | awk -v x=0123456789abcdef 'NF {
	printf "\\%03o", (index(x, substr($1, 1, 1)) - 1) * 16 + index(x, substr($1, 2, 1)) - 1 }' >"$BENCH_TMP/fmt"
# shellcheck disable=SC2059  # the format is the data, made above
printf "$(cat "$BENCH_TMP/fmt")" >"$BENCH_TMP/config"
[ "$(wc -c <"$BENCH_TMP/config")" -eq 4096 ] || { echo "bench: device-list: $template is not an lspci -xxxx dump" >&2; exit 1; }
# N addresses: 256 functions a bus (32 devices x 8 functions) from bus 0x10
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "%02x:%02x.%x\n", 16 + int(i / 256), int(i % 256 / 8), i % 8 }' >"$BENCH_TMP/bdfs"
while read -r bdf; do
	echo "$bdf Class 0880: Device 8086:0b25"
	cat "$BENCH_TMP/hex"
	echo
done <"$BENCH_TMP/bdfs" >"$BENCH_TMP/pci.dump"
root=$BENCH_TMP/root
devs=$root/sys/bus/pci/devices
mkdir -p "$devs"
# resource, which libpci's sysfs method reads: an endpoint's 13 lines (6.12
# drivers/pci/pci-sysfs.c resource_show() prints PCI_BRIDGE_RESOURCES of
# them, include/linux/pci.h: 6 BARs, the ROM, 6 IOV BARs with Debian's
# CONFIG_PCI_IOV), all unset here
awk 'BEGIN { for (r = 0; r < 13; r++) print "0x0000000000000000 0x0000000000000000 0x0000000000000000" }' >"$BENCH_TMP/resource"
while read -r bdf; do
	d=$devs/0000:$bdf
	mkdir "$d"
	cp "$BENCH_TMP/config" "$d/config"
	echo 0x8086 >"$d/vendor"
	echo 0x0b25 >"$d/device"
	echo 0x088000 >"$d/class"
	echo 0 >"$d/irq"
	cp "$BENCH_TMP/resource" "$d/resource"
done <"$BENCH_TMP/bdfs"
echo "$N PCI functions of 4096 config bytes: one dump of $(wc -c <"$BENCH_TMP/pci.dump") bytes, and a sysroot"

# reads NAME CMD...: read/pread64 calls on config files, per function
reads() {
	name=$1
	shift
	if ! command -v strace >/dev/null; then
		echo "$name: config-space reads not counted (no strace)"
		return
	fi
	strace -f -y -e trace=read,pread64 -o "$BENCH_TMP/strace" "$@" >/dev/null 2>&1
	k=$(grep -c '/config>' "$BENCH_TMP/strace" || true)
	echo "$name: $k config-space reads for $N functions ($(echo "scale=2; $k / $N" | bc | sed 's/^\./0./') per function)"
}

header
measure lspcid "$LSPCI" -F "$BENCH_TMP/pci.dump" -vvv
row "lspci -vvv -F DUMP" lspcid
measure devd "$BIN/ioasidctl" --pci-dump "$BENCH_TMP/pci.dump" device list
row "ioasidctl --pci-dump DUMP device list" devd lspcid
measure devdj "$BIN/ioasidctl" --pci-dump "$BENCH_TMP/pci.dump" device list -J
row "ioasidctl --pci-dump DUMP device list -J" devdj lspcid
measure lspcis "$LSPCI" -A linux-sysfs -O "sysfs.path=$root/sys/bus/pci" -vvv
row "lspci -vvv (sysfs)" lspcis
measure devs "$BIN/ioasidctl" --sysroot "$root" device list
row "ioasidctl --sysroot device list" devs lspcis
reads "lspci -vvv (sysfs)" "$LSPCI" -A linux-sysfs -O "sysfs.path=$root/sys/bus/pci" -vvv
reads "ioasidctl --sysroot device list" "$BIN/ioasidctl" --sysroot "$root" device list
