#!/bin/sh
# An arm64 host end to end (issue 17): a sysroot laid out as the kernel
# shows an SMMUv3 (arm-smmu-v3.c "smmu3.%pa" class device, child of its
# platform device), its boot line in /dev/kmsg (arm_smmu_device_hw_probe(),
# 6.12 :4405: QEMU virt's "ias 44-bit, oas 44-bit (features 0x00008305)"
# under Debian's 6.12.118), a device tree (drivers/of/kobj.c) and the
# config of the GB10 report (siderolabs/talos#14087: ARM_SMMU_V3=y,
# "# CONFIG_ARM_SMMU_V3_SVA is not set", no iommu_sva_* in /proc/kallsyms).
# Oracles: the word decodes per 6.12's arm-smmu-v3.h (:706-728) to
# 2_lvl_strtab tt_le coherency trans_s1 range_inv; without
# CONFIG_ARM_SMMU_V3_SVA arm_smmu_sva_supported() is the stub returning
# false (arm-smmu-v3.h :907), so `status` says SVA no in one line naming
# the option, and no x86 rule appears. A dump of the host replays to the
# same answers; a hostile IORT next to it changes nothing and crashes
# nothing.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
r=$(mktemp -d)
trap 'rm -rf "$r"' EXIT
u=smmu3.0x0000000009050000
mkdir -p "$r/proc/sys/kernel" "$r/boot" "$r/dev" "$r/sys/class/iommu" \
	"$r/sys/devices/platform/9050000.smmuv3/iommu/$u/devices" \
	"$r/sys/firmware/devicetree/base/smmuv3@9050000"
echo 6.12.118+deb13-arm64 >"$r/proc/sys/kernel/osrelease"
echo console=ttyAMA0 >"$r/proc/cmdline"
printf 'CONFIG_ARM64=y\nCONFIG_PCI_PASID=y\nCONFIG_PCI_ATS=y\nCONFIG_PCI_PRI=y\nCONFIG_ARM_SMMU_V3=y\n# CONFIG_ARM_SMMU_V3_SVA is not set\n' \
	>"$r/boot/config-6.12.118+deb13-arm64"
ln -s "../../devices/platform/9050000.smmuv3/iommu/$u" "$r/sys/class/iommu/$u"
printf '6,300,800000,-;arm-smmu-v3 9050000.smmuv3: option mask 0x0\n6,301,800100,-;arm-smmu-v3 9050000.smmuv3: ias 44-bit, oas 44-bit (features 0x00008305)\n' \
	>"$r/dev/kmsg"
printf '0000000000000000 T iommu_group_get\n0000000000000000 t os_iommu_sva_bind\t[nvidia]\n' \
	>"$r/proc/kallsyms"
printf 'arm,smmu-v3\0' >"$r/sys/firmware/devicetree/base/smmuv3@9050000/compatible"
printf '\0\0\0\0\011\005\0\0\0\0\0\0\0\002\0\0' >"$r/sys/firmware/devicetree/base/smmuv3@9050000/reg"

out=$("$IOASIDCTL" --sysroot "$r" status 2>&1); rc=$?
check "status exits 0" [ "$rc" -eq 0 ]
check "SVA: no, one line naming CONFIG_ARM_SMMU_V3_SVA" \
	match "$out" "^SVA: +no +\(kernel\.smmu_sva, host: not built: CONFIG_ARM_SMMU_V3_SVA is not set"
check "the SMMUv3 line" match "$out" "^SMMUv3: +$u: features 0x00008305 \(6\.12 table\), ias 44, oas 44, SVA bit clear; firmware devicetree$"
check "no x86 rule" sh -c "! printf '%s\n' \"\$1\" | grep -Eq 'kernel\.sva_x86|cpu\.enqcmd|vtd\.|amd\.'" - "$out"

j=$("$IOASIDCTL" --sysroot "$r" iommu list -J 2>/dev/null)
f() { printf '%s' "$j" | jq -c ".iommus[0].$1"; }
check "type smmu3" [ "$(f type)" = '"smmu3"' ]
check "address" [ "$(f address)" = '"9050000"' ]
check "smmu_features" [ "$(f smmu_features)" = '"00008305"' ]
check "smmu_features_table" [ "$(f smmu_features_table)" = '"6.12"' ]
check "smmu_feature_names" [ "$(f smmu_feature_names)" = '["2_lvl_strtab","tt_le","coherency","trans_s1","range_inv"]' ]
check "ias, oas" [ "$(f ias) $(f oas)" = "44 44" ]
check "smmu_sva false, smmu_coherent true" [ "$(f smmu_sva) $(f smmu_coherent)" = "false true" ]
check "smmu_ats, smmu_pri, smmu_stalls false" [ "$(f smmu_ats) $(f smmu_pri) $(f smmu_stalls)" = "false false false" ]
check "firmware devicetree" [ "$(f firmware)" = '"devicetree"' ]
check "max_pasids null (SSIDSIZE not exported)" [ "$(f max_pasids)" = null ]

# dump and replay: the same answers
"$IOASIDCTL" --sysroot "$r" dump -o "$r/d.tar" 2>/dev/null
check "dump written" [ -s "$r/d.tar" ]
for c in "status -v" "iommu list -J"; do
	# shellcheck disable=SC2086
	a=$("$IOASIDCTL" --sysroot "$r" $c 2>&1 | grep -v '^Host:')
	# shellcheck disable=SC2086
	b=$("$IOASIDCTL" --sysroot "$r/d.tar" $c 2>&1 | grep -v '^Host:')
	check "replay: $c" [ "$a" = "$b" ]
done

# an IORT whose nine nodes would start at its very end (iort.c: "iort node pointer
# overflows, bad table"): refused, the unit still listed, the answer
# unchanged
mkdir -p "$r/sys/firmware/acpi/tables"
printf 'IORT\060\0\0\0\005\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\011\0\0\0\060\0\0\0\0\0\0\0' \
	>"$r/sys/firmware/acpi/tables/IORT"
out=$("$IOASIDCTL" --sysroot "$r" status 2>&1); rc=$?
check "hostile IORT: status exits 0" [ "$rc" -eq 0 ]
check "hostile IORT: the same SVA answer" \
	match "$out" "^SVA: +no +\(kernel\.smmu_sva, host: not built: CONFIG_ARM_SMMU_V3_SVA is not set"
j=$("$IOASIDCTL" --sysroot "$r" iommu list -J 2>/dev/null)
check "hostile IORT: firmware iort, word still decoded" [ "$(f firmware) $(f smmu_features)" = '"iort" "00008305"' ]
finish
