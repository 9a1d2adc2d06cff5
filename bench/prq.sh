#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Benchmark (DESIGN.md 7), not a test: `ioasidctl prq stats` on a host of
# 384 CPUs and 600 interrupt lines (8 VT-d units, each with its dmarN and
# dmarN-prq line), against grep over the same files in the same run; the
# median of 3 runs (bench/lib.sh). Two layouts of the same counts:
#   /proc/interrupts only        (kernel/irq/proc.c show_interrupts():
#                                 "%*d: ", "%10u " per online CPU, chip
#                                 " %8s", hwirq " %*lu", "-%-8s" of the
#                                 flow name, "  " and the actions)
#   and /sys/kernel/irq/N/       (kernel/irq/irqdesc.c per_cpu_count_show():
#                                 "%u" per possible CPU joined by ',', and
#                                 actions_show(): the names joined by ',')
# Prints a table; asserts nothing.
#   bench/prq.sh [BUILDDIR]     (default ./build; CPUS= IRQS=)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-./build}
CPUS=${CPUS:-384}
IRQS=${IRQS:-600}
BENCH_TMP=$(mktemp -d)
trap 'rm -rf "$BENCH_TMP"' EXIT
. "$here/lib.sh"
use_build "$build"
p=$BENCH_TMP/proc-only
s=$BENCH_TMP/with-sysfs
mkdir -p "$p/proc" "$s/proc"
for u in 0 1 2 3 4 5 6 7; do
	mkdir -p "$p/sys/class/iommu/dmar$u" "$s/sys/class/iommu/dmar$u"
done
awk -v ncpu="$CPUS" -v nirq="$IRQS" -v sys="$s/sys/kernel/irq" -v out="$p/proc/interrupts" '
BEGIN {
	# the first column is as wide as the largest IRQ number needs
	prec = 3
	for (j = 1000; prec < 10 && j <= nirq; prec++)
		j *= 10
	line = sprintf("%*s", prec + 8, "")
	for (c = 0; c < ncpu; c++)
		line = line sprintf("CPU%-8d", c)
	print line > out
	for (i = 0; i < nirq; i++) {
		if (i >= 40 && i < 56) {
			u = int((i - 40) / 2); chip = "DMAR-MSI"; hw = (i - 40) % 2
			act = hw ? "dmar" u "-prq" : "dmar" u
		} else {
			chip = "IR-PCI-MSI"; hw = i * 32; act = "nvme" i "q1"
		}
		l = sprintf("%*d: ", prec, i)
		pc = ""
		for (c = 0; c < ncpu; c++) {
			v = (i * 7919 + c * 104729) % 100000
			l = l sprintf("%10u ", v)
			pc = pc (c ? "," : "") v
		}
		print l sprintf(" %8s", chip) sprintf(" %*d", prec, hw) sprintf("-%-8s", "edge") "  " act > out
		d = sys "/" i
		system("mkdir -p " d)
		print pc > (d "/per_cpu_count"); close(d "/per_cpu_count")
		print act > (d "/actions"); close(d "/actions")
	}
}'
cp "$p/proc/interrupts" "$s/proc/interrupts"
echo "$CPUS CPUs, $IRQS interrupt lines: /proc/interrupts $(wc -c <"$p/proc/interrupts") bytes"
header
measure grep grep -E 'dmar[0-9]+-prq' "$p/proc/interrupts"
row "grep dmarN-prq /proc/interrupts" grep
measure prq "$BIN/ioasidctl" --sysroot "$p" prq stats
row "ioasidctl prq stats (/proc/interrupts)" prq grep
measure grepsys grep -l -E 'dmar[0-9]+-prq' -r "$s/sys/kernel/irq" --include=actions
row "grep -r dmarN-prq sys/kernel/irq/*/actions" grepsys
measure prqsys "$BIN/ioasidctl" --sysroot "$s" prq stats
row "ioasidctl prq stats (per_cpu_count)" prqsys grepsys
# what any run of ioasidctl costs before it reads a file (its libraries:
# libsmartcols, json-c, libnl, libpci, popt), for the ratios above
measure start "$BIN/ioasidctl" --version
row "ioasidctl --version (start-up alone)" start grep
# the same in instructions (bench/lib.sh instr): stable where the times
# above are a few ms on a loaded machine
if command -v valgrind >/dev/null; then
	instr grep grep -E 'dmar[0-9]+-prq' "$p/proc/interrupts"
	instr prq "$BIN/ioasidctl" --sysroot "$p" prq stats
	instr start "$BIN/ioasidctl" --version
	printf '%-46s %12s  %s\n' "instructions (callgrind)" "count" "ratio to grep"
	printf '%-46s %12s\n' "grep dmarN-prq /proc/interrupts" "$IR_grep"
	printf '%-46s %12s  %s x\n' "ioasidctl prq stats (/proc/interrupts)" "$IR_prq" \
		"$(ratio "$IR_prq" "$IR_grep")"
	printf '%-46s %12s  %s x\n' "ioasidctl --version (start-up alone)" "$IR_start" \
		"$(ratio "$IR_start" "$IR_grep")"
fi
