#!/bin/sh
# prq stats on the fixture trees of tests/data/prq and on the real guest
# captures of tests/data/vm. Expected values are computed here with awk
# from the files themselves (the formats of kernel/irq/proc.c
# show_interrupts() and kernel/irq/irqdesc.c per_cpu_count_show()), never
# taken from ioasidctl. Also: prq trace refuses non-root (5), --sysroot (2)
# and bad numbers (2).
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
data=${top_srcdir:-.}/tests/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# sum of the per-CPU counts of the /proc/interrupts row of IRQ $2
proc_sum() {
	awk -v irq="$2" 'NR == 1 { n = NF; next }
		$1 == irq ":" { s = 0; for (i = 2; i <= n + 1; i++) s += $i; print s }' "$1"
}
# sum of a per_cpu_count file
pcc_sum() { tr ',' '\n' < "$1" | awk '{ s += $1 } END { print s }'; }
j() { printf '%s' "$out" | jq -r "$1"; }

# --- vtd-sysfs
r=$data/prq/vtd-sysfs
out=$("$IOASIDCTL" --sysroot "$r" prq stats -J --per-cpu); rc=$?
check "vtd-sysfs: exit 0" [ "$rc" -eq 0 ]
check "vtd-sysfs: two units" [ "$(j '.prq | length')" = 2 ]
check "dmar0: irq 25 (the dmar0-prq row)" [ "$(j '.prq[] | select(.iommu=="dmar0") | .irq')" = \
	"$(awk '$NF == "dmar0-prq" { sub(":", "", $1); print $1 }' "$r/proc/interrupts")" ]
check "dmar0: per_cpu_count preferred" [ "$(j '.prq[] | select(.iommu=="dmar0") | .source')" = per_cpu_count ]
check "dmar0: interrupts = sum of per_cpu_count" \
	[ "$(j '.prq[] | select(.iommu=="dmar0") | .interrupts')" = "$(pcc_sum "$r/sys/kernel/irq/25/per_cpu_count")" ]
check "dmar0: per_cpu has one entry per possible CPU" \
	[ "$(j '.prq[] | select(.iommu=="dmar0") | .per_cpu | length')" = "$(tr ',' '\n' < "$r/sys/kernel/irq/25/per_cpu_count" | wc -l)" ]
check "dmar1: cut per_cpu_count -> proc_interrupts" [ "$(j '.prq[] | select(.iommu=="dmar1") | .source')" = proc_interrupts ]
check "dmar1: interrupts = the /proc/interrupts row" \
	[ "$(j '.prq[] | select(.iommu=="dmar1") | .interrupts')" = "$(proc_sum "$r/proc/interrupts" 27)" ]
check "dmar0: overflows = 'PRQ overflow detected' lines" \
	[ "$(j '.prq[] | select(.iommu=="dmar0") | .overflows')" = "$(grep -c 'IOMMU: dmar0: PRQ overflow detected$' "$r/dev/kmsg")" ]
check "dmar0: overflow time from the record" \
	[ "$(j '.prq[] | select(.iommu=="dmar0") | .overflow_events[1].usec')" = \
	"$(awk -F'[,;]' '/PRQ overflow detected/ { t = $3 } END { print t }' "$r/dev/kmsg")" ]
check "dmar1: a 'cleared' line is no overflow" [ "$(j '.prq[] | select(.iommu=="dmar1") | .overflows')" = 0 ]
# (PQT - PQH) / 32 with the regset's own numbers
reg() { awk -v r="$1" '/^IOMMU: dmar0 / { u = 1 } /^IOMMU: dmar1 / { u = 0 } u && $1 == r { print $3 }' \
	"$r/sys/kernel/debug/iommu/intel/iommu_regset"; }
pend=$(( ($(reg PQT) - $(reg PQH)) / 32 ))
check "dmar0: pending from debugfs" [ "$(j '.prq[] | select(.iommu=="dmar0") | .pending')" = "$pend" ]
check "dmar0: PRS.PRO set" [ "$(j '.prq[] | select(.iommu=="dmar0") | .pro')" = true ]
check "dmar1: PQA 0 -> pending null" [ "$(j '.prq[] | select(.iommu=="dmar1") | .pending')" = null ]
check "dmar0: fault irq 24" [ "$(j '.prq[] | select(.iommu=="dmar0") | .fault_irq')" = 24 ]
out=$("$IOASIDCTL" --sysroot "$r" prq stats -J)
check "no --per-cpu: no per_cpu key" [ "$(j '.prq[0] | has("per_cpu")')" = false ]
out=$("$IOASIDCTL" --sysroot "$r" prq stats -r -n -o IOMMU,INTERRUPTS,SOURCE dmar0 2>/dev/null); rc=$?
check "an argument is a usage error" [ "$rc" -eq 2 ]
out=$("$IOASIDCTL" --sysroot "$r" prq stats -r -n -o IOMMU,IRQ,SHARED)
check "raw -o output" [ "$out" = "dmar0 25 no
dmar1 27 no" ]

# --- amd-x2apic: CPU2 offline; the PPR interrupt alone, not shared
r=$data/prq/amd-x2apic
out=$("$IOASIDCTL" --sysroot "$r" prq stats -J --per-cpu)
check "amd: AMD-Vi0-PPR -> ivhd0" [ "$(j '.prq[0].iommu + " " + .prq[0].irq_name')" = "ivhd0 AMD-Vi0-PPR" ]
check "amd: not shared" [ "$(j '.prq[0].shared')" = false ]
check "amd: interrupts = the row's sum" [ "$(j '.prq[0].interrupts')" = "$(proc_sum "$r/proc/interrupts" 41)" ]
check "amd: per_cpu names the online CPUs" [ "$(j '[.prq[0].per_cpu[].cpu] | map(tostring) | join(",")')" = \
	"$(head -1 "$r/proc/interrupts" | tr -s ' ' '\n' | sed -n 's/^CPU//p' | paste -sd,)" ]
check "amd: PPR log restarting counted" [ "$(j '.prq[0].overflows')" = "$(grep -c 'PPR log restarting' "$r/dev/kmsg")" ]
check "amd: pending is null (no debugfs on AMD)" [ "$(j '.prq[0].pending')" = null ]

# --- arm-combined: shared, unit unknown
r=$data/prq/arm-combined
out=$("$IOASIDCTL" --sysroot "$r" prq stats -J)
check "arm: combined irq is shared" [ "$(j '.prq[0].shared')" = true ]
check "arm: unit unknown is null" [ "$(j '.prq[0].iommu')" = null ]
check "arm: interrupts" [ "$(j '.prq[0].interrupts')" = "$(proc_sum "$r/proc/interrupts" 40)" ]

# --- the real guest captures: every page-request row of /proc/interrupts
for d in "$data"/vm/*/sysroot; do
	name=$(basename "$(dirname "$d")")
	out=$("$IOASIDCTL" --sysroot "$d" prq stats -J 2>/dev/null); rc=$?
	check "$name: exit 0" [ "$rc" -eq 0 ]
	want=$(awk 'NR == 1 { n = NF; next }
		$1 ~ /^[0-9]+:$/ && $NF ~ /^(dmar[0-9]+-prq|AMD-Vi[0-9]*-PPR|AMD-Vi|arm-smmu-v3-priq)$/ {
			s = 0; for (i = 2; i <= n + 1; i++) s += $i; sub(":", "", $1); print $1, s }' \
		"$d/proc/interrupts" | sort)
	got=$(j '.prq[] | select(.irq != null) | "\(.irq) \(.interrupts)"' | sort)
	check "$name: page-request irqs and counts match /proc/interrupts" [ "$got" = "$want" ]
	units=$(ls "$d/sys/class/iommu" 2>/dev/null | wc -l)
	check "$name: one row per IOMMU unit" [ "$(j '[.prq[] | select(.iommu != null)] | length')" = "$units" ]
	# the VT-d units of these guests have no PRS (QEMU 7.2): no dmarN-prq
	if [ -n "$(ls "$d/sys/class/iommu" 2>/dev/null | grep dmar)" ]; then
		check "$name: no dmar0-prq row, a note says why" \
			sh -c "! grep -q 'dmar0-prq' '$d/proc/interrupts' && [ \"\$(printf '%s' '$out' | jq -r '.prq[0].note')\" != null ]"
	fi
	if grep -q ' AMD-Vi$' "$d/proc/interrupts"; then
		check "$name: the MSI-mode AMD-Vi interrupt is shared" [ "$(j '.prq[0].shared')" = true ]
		check "$name: mapped to ivhd0 by its PCI function's msi_irqs" [ "$(j '.prq[0].iommu')" = ivhd0 ]
	fi
done

# --- prq trace refusals (no tracing happens here)
"$IOASIDCTL" --sysroot "$data/prq/vtd-sysfs" prq trace --duration 1 >/dev/null 2>"$tmp/err"; rc=$?
check "prq trace --sysroot exits 2" [ "$rc" -eq 2 ]
check "prq trace --sysroot: one stderr line" [ "$(wc -l < "$tmp/err")" -eq 1 ]
"$IOASIDCTL" prq trace --duration -1 >/dev/null 2>&1; rc=$?
check "prq trace --duration -1 exits 2" [ "$rc" -eq 2 ]
"$IOASIDCTL" prq trace --count 1.5 >/dev/null 2>&1; rc=$?
check "prq trace --count 1.5 exits 2" [ "$rc" -eq 2 ]
asuser=
if [ "$(id -u)" -ne 0 ]; then
	asuser=" "
elif command -v setpriv >/dev/null; then
	asuser="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ -n "$asuser" ]; then
	# shellcheck disable=SC2086
	$asuser "$IOASIDCTL" prq trace --duration 1 >/dev/null 2>"$tmp/err"; rc=$?
	check "prq trace as non-root exits 5" [ "$rc" -eq 5 ]
	check "prq trace as non-root: one stderr line" [ "$(wc -l < "$tmp/err")" -eq 1 ]
	# shellcheck disable=SC2086
	out=$($asuser "$IOASIDCTL" prq trace -J 2>/dev/null)
	check "prq trace as non-root -J: error object EPERM" [ "$(j '.error.errno')" = EPERM ]
else
	echo "# skipped the non-root check: no setpriv"
fi
finish
