#!/bin/sh
# The emulated Arm platforms (src/lib/sim/sim-arm.c, sim-iort.c): kunpeng920
# (a 6.12.118 kernel built with CONFIG_ARM_SMMU_V3_SVA=y and CONFIG_UACCE=m)
# and kunpeng920-debian (Debian's 6.12.118+deb12-arm64, whose
# config-6.12.118+deb12-arm64 says "# CONFIG_ARM_SMMU_V3_SVA is not set").
# Expected values come from the sources cited in sim-arm.c, not from the
# tool's output:
#   - the units are named "smmu3.%pa" after the SMMU base addresses
#     0x140000000 (the D06 sysfs link John Garry published) and 0x148000000;
#   - the feature words: 0x00000fef (the D06 boot line) | NESTING (1 << 19)
#     | SVA (1 << 17) where ARM_SMMU_V3_SVA is built (arm-smmu-v3.c
#     arm_smmu_device_hw_probe(), arm-smmu-v3.h:706-728): 0x000a0fef and
#     0x00080fef; ias = oas = 48;
#   - the ZIP 0000:75:00.0 is 19e5:a250 revision 0x21, bound to hisi_zip
#     with uacce hisi_zip-0 (api hisi_qm_v2, flags 1 = UACCE_DEV_SVA) only
#     on kunpeng920.
# Then, once the Arm reason chain exists (helper a17lib: rule
# kernel.smmu_sva), the answers of issue 17: SVA yes for the ZIP on
# kunpeng920; SVA no on kunpeng920-debian, by kernel.smmu_sva, naming
# CONFIG_ARM_SMMU_V3_SVA. Before that the test stops with status 77.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || {
	echo "SKIP: jq is needed"
	exit 77
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
on=$tmp/kunpeng920
off=$tmp/kunpeng920-debian

check "sim init --platform kunpeng920" "$IOASIDCTL" sim init "$on" --platform kunpeng920 --vms 1
check "sim init --platform kunpeng920-debian" \
	"$IOASIDCTL" sim init "$off" --platform kunpeng920-debian --vms 1
check "sim check kunpeng920" "$IOASIDCTL" sim check "$on"
check "sim check kunpeng920-debian" "$IOASIDCTL" sim check "$off"

for h in "$on" "$off"; do
	r=$h/current
	check "$(basename "$h"): units smmu3.0x0000000140000000, smmu3.0x0000000148000000" \
		[ "$(ls "$r/sys/class/iommu" | tr '\n' ' ')" = "smmu3.0x0000000140000000 smmu3.0x0000000148000000 " ]
	check "$(basename "$h"): the ZIP is 19e5:a250 revision 0x21" \
		[ "$(cat "$r/sys/bus/pci/devices/0000:75:00.0/vendor" \
			"$r/sys/bus/pci/devices/0000:75:00.0/device" \
			"$r/sys/bus/pci/devices/0000:75:00.0/revision" | tr '\n' ' ')" = "0x19e5 0xa250 0x21 " ]
	check "$(basename "$h"): the ZIP's iommu is the unit at 0x140000000" \
		match "$(readlink "$r/sys/bus/pci/devices/0000:75:00.0/iommu")" \
		'/arm-smmu-v3\.2\.auto/iommu/smmu3\.0x0000000140000000$'
	check "$(basename "$h"): no device tree on an ACPI host" \
		[ ! -e "$r/sys/firmware/devicetree" ]
	check "$(basename "$h"): the IORT table is there" [ -s "$r/sys/firmware/acpi/tables/IORT" ]
done
kmsg_on=$(cat "$on/current/dev/kmsg")
kmsg_off=$(cat "$off/current/dev/kmsg")
check "kunpeng920: features 0x000a0fef (SVA built)" match "$kmsg_on" \
	';arm-smmu-v3 arm-smmu-v3\.2\.auto: ias 48-bit, oas 48-bit \(features 0x000a0fef\)$'
check "kunpeng920-debian: features 0x00080fef (no SVA)" match "$kmsg_off" \
	';arm-smmu-v3 arm-smmu-v3\.2\.auto: ias 48-bit, oas 48-bit \(features 0x00080fef\)$'
check "kunpeng920: /proc/config.gz with CONFIG_ARM_SMMU_V3_SVA=y and CONFIG_UACCE=m" \
	[ "$(gzip -dc "$on/current/proc/config.gz" | grep -cE '^CONFIG_(ARM_SMMU_V3_SVA=y|UACCE=m)$')" = 2 ]
check "kunpeng920-debian: no /proc/config.gz (# CONFIG_IKCONFIG is not set)" \
	[ ! -e "$off/current/proc/config.gz" ]
check "kunpeng920-debian: Debian's config says ARM_SMMU_V3_SVA and UACCE are not set" \
	[ "$(grep -cE '^# CONFIG_(ARM_SMMU_V3_SVA|UACCE) is not set$' \
		"$off/current/boot/config-6.12.118+deb12-arm64")" = 2 ]
check "kunpeng920: uacce hisi_zip-0, hisi_qm_v2, flags 1" \
	[ "$(cat "$on/current/sys/class/uacce/hisi_zip-0/api" \
		"$on/current/sys/class/uacce/hisi_zip-0/flags" | tr '\n' ' ')" = "hisi_qm_v2 1 " ]
check "kunpeng920-debian: no uacce, no ZIP driver" \
	[ ! -e "$off/current/sys/class/uacce" ] && [ ! -e "$off/current/sys/bus/pci/devices/0000:75:00.0/driver" ]
out=$("$IOASIDCTL" --sim "$on" iommu list -J)
check "iommu list: two smmu3 units at 140000000 and 148000000" \
	[ "$(printf '%s' "$out" | jq -r '[.iommus[] | .type + ":" + .address] | join(" ")' 2>/dev/null)" = \
		"smmu3:140000000 smmu3:148000000" ]
[ "$nfail" -eq 0 ] || {
	finish
	exit 1
}

# ---- the Arm reason chain (a17lib) ----
why_on=$("$IOASIDCTL" --sim "$on" device why -J 0000:75:00.0)
why_off=$("$IOASIDCTL" --sim "$off" device why -J 0000:75:00.0)
if ! printf '%s\n%s\n' "$why_on" "$why_off" | grep -q '"rule": *"kernel\.smmu_sva"'; then
	finish
	echo "SKIP: needs the Arm chain (a17lib): device why shows no rule kernel.smmu_sva"
	exit 77
fi
dev='.devices[0]'
check "kunpeng920: SVA yes for the ZIP" \
	[ "$(printf '%s' "$why_on" | jq -r "$dev.answers.sva.answer")" = yes ]
check "kunpeng920: kernel.smmu_sva ok" \
	[ "$(printf '%s' "$why_on" | jq -r "[$dev.chain[] | select(.rule == \"kernel.smmu_sva\") | .result] | first")" = ok ]
check "kunpeng920-debian: SVA no" \
	[ "$(printf '%s' "$why_off" | jq -r "$dev.answers.sva.answer")" = no ]
check "kunpeng920-debian: SVA decided by kernel.smmu_sva" \
	[ "$(printf '%s' "$why_off" | jq -r "$dev.answers.sva.rule")" = kernel.smmu_sva ]
check "kunpeng920-debian: the step names CONFIG_ARM_SMMU_V3_SVA" \
	match "$(printf '%s' "$why_off" | jq -r "$dev.chain[] | select(.rule == \"kernel.smmu_sva\") | [.evidence, .fix // \"\"] | join(\" \")")" \
	'ARM_SMMU_V3_SVA'
for h in "$on" "$off"; do
	j=$("$IOASIDCTL" --sim "$h" iommu list -J)
	check "$(basename "$h"): ias 48, oas 48, firmware iort, table 6.12" \
		[ "$(printf '%s' "$j" | jq -r '[.iommus[] | "\(.ias) \(.oas) \(.firmware) \(.smmu_features_table)"] | unique | join(",")')" = "48 48 iort 6.12" ]
	check "$(basename "$h"): ATS and stalls, no PRI" \
		[ "$(printf '%s' "$j" | jq -r '[.iommus[] | "\(.smmu_ats) \(.smmu_stalls) \(.smmu_pri)"] | unique | join(",")')" = "true true false" ]
done
check "kunpeng920: smmu_features 000a0fef, smmu_sva true" \
	[ "$("$IOASIDCTL" --sim "$on" iommu list -J | jq -r '[.iommus[] | "\(.smmu_features) \(.smmu_sva)"] | unique | join(",")')" = "000a0fef true" ]
check "kunpeng920-debian: smmu_features 00080fef, smmu_sva false" \
	[ "$("$IOASIDCTL" --sim "$off" iommu list -J | jq -r '[.iommus[] | "\(.smmu_features) \(.smmu_sva)"] | unique | join(",")')" = "00080fef false" ]
finish
