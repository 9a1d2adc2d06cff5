#!/bin/sh
# status --pci-dump FILE without --sysroot (issue 12): a config-space dump
# (lspci -xxx text, tests/data/pci) holds bytes only, no kernel, no IOMMU
# unit, no command line. The header must say so, in the table and in -J,
# and nothing of the machine running the test may appear in it: its kernel
# release (uname -r) and its IOMMU units (/sys/class/iommu) are the oracle
# of what must be absent. The device line comes from the dump's bytes
# (00:02.0 with a PASID capability, enabled, as lspci decodes the file).
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
dump=${top_srcdir:-.}/tests/data/pci/cap-pasid-pri.dump
rel=$(uname -r)

out=$("$IOASIDCTL" --pci-dump "$dump" status 2>/dev/null); rc=$?
check "table exits 0" [ "$rc" -eq 0 ]
check "Host: none, the dump named" match "$out" "^Host: +none: a config-space dump holds no host \(.*cap-pasid-pri.dump\)$"
check "Kernel: unknown, no host" match "$out" "^Kernel: +unknown: a config-space dump holds no host$"
check "IOMMU: unknown, no host" match "$out" "^IOMMU: +unknown: a config-space dump holds no host$"
check "no VT-d mode or PASID space line" sh -c "! printf '%s\n' '$out' | grep -Eq '^(VT-d mode|PASID space):'"
check "this machine's release ($rel) not shown" sh -c "! printf '%s\n' '$out' | grep -qF -- '$rel'"
for u in /sys/class/iommu/*; do
	[ -e "$u" ] || continue
	u=${u##*/}
	check "this machine's unit $u not shown" sh -c "! printf '%s\n' '$out' | grep -qw -- '$u'"
done
check "the dump's device with PASID" match "$out" "^  0000:00:02.0 .* PASID enabled"

out=$("$IOASIDCTL" --pci-dump "$dump" status -J 2>/dev/null); rc=$?
check "-J exits 0" [ "$rc" -eq 0 ]
j() { printf '%s' "$out" | jq -r "$1"; }
check "-J host.kind none" [ "$(j .host.kind)" = none ]
check "-J host.no_host says why" [ "$(j .host.no_host)" = "a config-space dump holds no host" ]
check "-J kernel, units, PASID space null" \
	[ "$(j '.host | "\(.kernel) \(.iommu_units) \(.pasid_units) \(.max_pasids) \(.vtd_mode)"')" = "null null null null null" ]
check "-J no IOMMU unit listed" [ "$(j '.iommus | length')" = 0 ]
check "-J answers unknown (no host)" [ "$(j '.host.answers.pasid.answer')" = unknown ]
check "-J the dump's device" [ "$(j '.pasid_devices[0].device')" = 0000:00:02.0 ]

# with --sysroot the dump's host is that root: a snapshot, as before
out=$("$IOASIDCTL" --sysroot "${top_srcdir:-.}/tests/data/vm/6.12-vtd-sm/sysroot" --pci-dump "$dump" status -J 2>/dev/null)
check "--sysroot with --pci-dump: kind snapshot, no no_host" \
	[ "$(j '"\(.host.kind) \(.host.no_host)"')" = "snapshot null" ]
finish
