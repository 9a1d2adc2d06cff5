#!/bin/bash
# Oracle comparison for the VM runs (see tests/vm/README.md).
#
# usage: tests/vm/check.sh [--ioasidctl PATH] [--commands FILE] OUTDIR
#   OUTDIR  output of tests/vm/run.sh (OUTDIR/<kernel>-<config>/...), e.g.
#           tests/data/vm for the committed captures.
#   --ioasidctl PATH  host binary for the replay check (default
#           ./src/cmd/ioasidctl); replay is skipped when it does not exist.
#
# Per run it checks
#   capture vs oracle   the sysfs/config-space snapshot agrees with what the
#                       kernel computed (groups, iommu links, ATS/PASID/PRI
#                       enable bits in config space, DMAR cap/ecap and AMD EFR
#                       boot lines vs sysfs);
#   ioasidctl vs oracle iommu-list.json / device-list.json / group-list.json
#                       against oracle.txt and the kernel's boot lines;
#   replay              host `ioasidctl --sysroot RUN/sysroot ARGS` output is
#                       byte-identical to the guest's output (-J commands);
#   dump replay         host `ioasidctl --sysroot RUN/dump.tar.gz KEY` equals
#                       the guest's JSON in the dump's manifest for every
#                       command KEY there (after jq -S), and that equals the
#                       guest's own run of KEY.
# Every mismatch is one "FAIL <run>: ..." line; runs or parts without data are
# "SKIP <run>: ..." lines.  Ends with "N passed, N failed"; exit 1 on failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
IOASIDCTL=./src/cmd/ioasidctl
COMMANDS=$here/commands
VERBOSE=${IOASID_VM_VERBOSE:-}

while [ $# -gt 0 ]; do
    case $1 in
        --ioasidctl) IOASIDCTL=$2; shift 2 ;;
        --commands) COMMANDS=$2; shift 2 ;;
        -v | --verbose) VERBOSE=1; shift ;;
        -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
        -*) echo "check.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -eq 1 ] || { echo "usage: $0 [--ioasidctl PATH] OUTDIR" >&2; exit 2; }
OUT=$1
command -v jq >/dev/null || { echo "check.sh: SKIP: jq not installed"; exit 77; }

npass=0
nfail=0
run=
pass() { npass=$((npass + 1)); [ -z "$VERBOSE" ] || echo "ok   $run: $*"; }
fail() { nfail=$((nfail + 1)); echo "FAIL $run: $*"; }
skipm() { echo "SKIP $run: $*"; }
# expect WHAT EXPECTED GOT
expect() {
    if [ "$2" = "$3" ]; then pass "$1 = $2"; else fail "$1: expected $2, got $3"; fi
}

# read 16-bit little-endian config word at OFFSET of a config file
cfg16() {
    local v
    v=$(od -An -tu2 -j "$2" -N 2 "$1" 2>/dev/null | tr -d ' ')
    echo "${v:-}"
}

# oracle value -> JSON text as ioasidctl should print it
bool_json() { case $1 in 1) echo true ;; 0) echo false ;; *) echo null ;; esac; }

# The kernel checks behind each errno of the two SVA calls the oracle makes
# (tests/vm/oracle/oracle.c), read in Debian's 6.12.118 and 6.1.192 sources:
# sva_explain SERIES DRIVER CALL ERRNO [BUILD] prints the rules whose failure
# mirrors the check, "|", the kernel line; nothing when no row was read.
# BUILD (smmu3 only) is "nosva" when the captured config lacks
# CONFIG_ARM_SMMU_V3_SVA=y, "sva" otherwise: on Debian's arm64 6.1 and 6.12
# kernels it is unset (so is CONFIG_IOMMU_SVA, which only ARM_SMMU_V3_SVA
# selects on arm64: 6.12 drivers/iommu/Kconfig:407), and the one rule that
# mirrors those errnos is kernel.smmu_sva.
sva_explain() {
    case "$1 $2 $3 $4${5:+ $5}" in
    # arm64, Debian 6.12.118 / 6.1.192 arm64 (read in /tmp/ksrc sources)
    "6.12 smmu3 enable -22 nosva") echo "kernel.smmu_sva|arm-smmu-v3.c:3472 arm_smmu_dev_enable_feature(): !arm_smmu_master_sva_supported(), the arm-smmu-v3.h:912 stub without CONFIG_ARM_SMMU_V3_SVA" ;;
    "6.12 smmu3 enable -22 sva") echo "smmu.sva smmu.ssid pci.pasid_cap|arm-smmu-v3.c:3472 arm_smmu_dev_enable_feature(): arm-smmu-v3-sva.c:258/262 arm_smmu_master_sva_supported(): no ARM_SMMU_FEAT_SVA, or master ssid_bits 0 (min of SSIDSIZE and the PCI PASID width)" ;;
    "6.12 smmu3 bind -19 nosva") echo "kernel.smmu_sva|include/linux/iommu.h:1533 iommu_sva_bind_device() inline stub: CONFIG_IOMMU_MM_DATA unset (no IOMMU_SVA without ARM_SMMU_V3_SVA, Kconfig:407)" ;;
    "6.1 smmu3 enable -22 nosva") echo "kernel.smmu_sva|arm-smmu-v3.c:2827 arm_smmu_dev_enable_feature(): !arm_smmu_master_sva_supported(), the arm-smmu-v3.h:776 stub without CONFIG_ARM_SMMU_V3_SVA" ;;
    "6.1 smmu3 enable -22 sva") echo "smmu.sva smmu.ssid pci.pasid_cap|arm-smmu-v3.c:2827 arm_smmu_dev_enable_feature(): arm-smmu-v3-sva.c:483/487 arm_smmu_master_sva_supported(): no ARM_SMMU_FEAT_SVA, or master ssid_bits 0" ;;
    "6.1 smmu3 bind -22 "*) echo "iommu.group|iommu.c:2814 iommu_sva_bind_device(): the group holds more than one device (checked before ops->sva_bind)" ;;
    "6.1 smmu3 bind -19 nosva") echo "kernel.smmu_sva|iommu.c:2817 ops->sva_bind = arm_smmu_sva_bind (arm-smmu-v3.c:2892), the arm-smmu-v3.h:802 stub without CONFIG_ARM_SMMU_V3_SVA" ;;
    "6.12 "*" bind -95") echo "kernel.sva_x86|iommu-sva.c:84 iommu_sva_bind_device(): IS_ENABLED(CONFIG_X86)" ;;
    "6.12 "*" bind -19") echo "pci.iommu|iommu-sva.c:81 iommu_sva_bind_device(): no group" ;;
    "6.1 "*" bind -95") echo "kernel.sva_x86|iommu.c:2803 iommu_sva_bind_device(): IS_ENABLED(CONFIG_X86)" ;;
    "6.1 amd bind -19") echo "amd.sva_ops amd.max_pasids|iommu.c:2796 iommu_sva_bind_device(): amd_iommu_ops (amd/iommu.c:2467) has no sva_bind" ;;
    "6.1 "*" bind -19") echo "pci.iommu|iommu.c:2800 iommu_sva_bind_device(): no group" ;;
    "6.12 vtd enable -19") echo "vtd.svm vtd.pasid_hw vtd.scalable_mode|intel/iommu.c:4133 intel_iommu_enable_sva(): no VTD_FLAG_SVM_CAPABLE (intel/svm.c:28 intel_svm_check())" ;;
    "6.12 vtd enable -22") echo "pci.pasid_cap pci.pasid_enabled pci.vf pci.acs pci.eetlp_prefix pci.ats pci.pri iommu.units|intel/iommu.c:4125/4136/4150 intel_iommu_enable_sva(): dmar_disabled, PASID or ATS not enabled, PRI supported but not enabled" ;;
    "6.12 "*" enable -19") echo "pci.iommu|iommu.c:2920 iommu_dev_enable_feature(): no IOMMU ops" ;;
    "6.1 vtd enable -19") echo "vtd.svm vtd.pasid_hw vtd.scalable_mode|intel/iommu.c:4722 intel_iommu_enable_sva(): no VTD_FLAG_SVM_CAPABLE (intel/svm.c:154 intel_svm_check())" ;;
    "6.1 vtd enable -22") echo "pci.pasid_cap pci.pasid_enabled pci.vf pci.acs pci.eetlp_prefix pci.ats pci.pri iommu.units|intel/iommu.c:4715/4724 intel_iommu_enable_sva(): dmar_disabled, PASID, PRI or ATS not enabled" ;;
    "6.1 amd enable -19") echo "amd.sva_ops amd.max_pasids|iommu.c:2752 iommu_dev_enable_feature(): amd_iommu_ops (amd/iommu.c:2467) has no dev_enable_feat" ;;
    esac
}
# The rules an enable that returned 0 has passed (6.12 amd/iommu.c:3063
# amd_iommu_dev_enable_feature() checks nothing for SVA).
sva_enable_rules() {
    case "$1 $2" in
    "6.12 vtd") echo "vtd.svm vtd.pasid_hw vtd.scalable_mode pci.pasid_cap pci.pasid_enabled pci.ats pci.pri" ;;
    "6.1 vtd") echo "vtd.svm vtd.pasid_hw vtd.scalable_mode pci.pasid_cap pci.pasid_enabled pci.ats pci.pri" ;;
    esac
}

# The ARM_SMMU_FEAT_* bit table of drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h,
# written here from the kernel sources (not from ioasidctl): bits 0-19 are the
# same in 6.1 (lines 629-648) and 6.12 (lines 706-725); 6.12 adds 20-22
# (ATTR_TYPES_OVR, HA, HD; lines 726-728).  Names lower case without the
# prefix, as the JSON contract spells them.  smmu_feature_names SERIES WORD
# prints the names of the set bits, one per line; nothing for another series.
SMMU_FEAT_612=(2_lvl_strtab 2_lvl_cdtab tt_le tt_be pri ats sev msi coherency trans_s1
               trans_s2 stalls hyp stall_force vax range_inv btm sva e2h nesting
               attr_types_ovr ha hd)
smmu_feature_names() {
    local n i w=$((16#$2))
    case $1 in 6.1) n=20 ;; 6.12) n=23 ;; *) return 0 ;; esac
    for ((i = 0; i < n; i++)); do
        [ $(((w >> i) & 1)) -eq 1 ] && echo "${SMMU_FEAT_612[$i]}"
    done
    return 0
}
# u32/u64/u8/u16 little-endian at OFFSET of FILE (decimal)
le() { od -An -t"u$3" -j "$2" -N "$3" "$1" 2>/dev/null | tr -d ' '; }
# iort_nodes FILE: "TYPE OFFSET REVISION" per node of an ACPI IORT table
# (include/acpi/actbl2.h: acpi_table_iort = 36-byte header, node_count @36,
# node_offset @40; acpi_iort_node: type u8 @0, length u16 @1, revision u8 @3,
# node_data @16)
iort_nodes() {
    local f=$1 n off i t len
    n=$(le "$f" 36 4)
    off=$(le "$f" 40 4)
    for ((i = 0; i < ${n:-0}; i++)); do
        t=$(le "$f" "$off" 1)
        len=$(le "$f" $((off + 1)) 2)
        [ -n "$t" ] && [ "${len:-0}" -gt 0 ] || return 0
        echo "$t $off $(le "$f" $((off + 3)) 1)"
        off=$((off + len))
    done
}

runs=()
for d in "$OUT"/*/; do
    [ -f "$d/oracle.txt" ] || [ -f "$d/serial.log" ] || continue
    runs+=("${d%/}")
done
[ ${#runs[@]} -gt 0 ] || { echo "check.sh: no runs under $OUT" >&2; exit 2; }

for rd in "${runs[@]}"; do
    run=${rd##*/}
    sys=$rd/sysroot
    kmsg=$sys/dev/kmsg
    [ -f "$kmsg" ] || kmsg=$rd/serial.log
    if [ ! -s "$rd/oracle.txt" ]; then
        fail "oracle.txt missing or empty (guest did not load the oracle?)"
        continue
    fi
    if ! grep -q '^ioasid-oracle: end ' "$rd/oracle.txt"; then
        fail "oracle.txt has no end line"
    fi

    # ---- load the oracle ---------------------------------------------------------
    declare -A O=() OI=()
    devs=()
    iommus=()
    while read -r _ kind rest; do
        case $kind in
            dev | iommu) ;;
            *) continue ;;
        esac
        name=
        for kv in $rest; do
            k=${kv%%=*}
            v=${kv#*=}
            if [ "$k" = name ]; then
                name=$v
                if [ "$kind" = dev ]; then devs+=("$v"); else iommus+=("$v"); fi
            elif [ "$kind" = dev ]; then
                O[$name|$k]=$v
            else
                OI[$name|$k]=$v
            fi
        done
    done <"$rd/oracle.txt"
    dev_maxp_known=$(sed -n 's/^ioasid-oracle: begin .*dev_max_pasids=\([01]\).*/\1/p' "$rd/oracle.txt")

    # ---- kernel boot lines ---------------------------------------------------------
    declare -A BCAP=() BECAP=()
    while read -r n c e; do
        BCAP[$n]=$c
        BECAP[$n]=$e
    done < <(sed -n 's/.*DMAR: \(dmar[0-9]*\): reg_base_addr [0-9a-f]* ver [0-9:]* cap \([0-9a-f]*\) ecap \([0-9a-f]*\).*/\1 \2 \3/p' "$kmsg")
    efr=$(sed -n 's/.*AMD-Vi: Extended features (0x\([0-9a-f]*\)[,)].*/\1/p' "$kmsg" | head -n1)
    efr2=$(sed -n 's/.*AMD-Vi: Extended features (0x[0-9a-f]*, 0x\([0-9a-f]*\)).*/\1/p' "$kmsg" | head -n1)

    # ---- capture vs oracle (harness self-consistency) ---------------------------
    if [ -d "$sys" ]; then
        for dv in "${devs[@]}"; do
            p=$sys/sys/bus/pci/devices/$dv
            if [ ! -e "$p/config" ]; then
                fail "capture: $dv has no config in the snapshot"
                continue
            fi
            pass "capture: $dv present"
            g=${O[$dv|group]}
            if [ "$g" = - ]; then
                expect "capture: $dv iommu_group link" absent "$([ -L "$p/iommu_group" ] && echo present || echo absent)"
            else
                expect "capture: $dv iommu_group" "$g" "$(basename "$(readlink "$p/iommu_group" 2>/dev/null)" 2>/dev/null)"
                expect "capture: group $g type" "${O[$dv|group_type]}" "$(cat "$sys/sys/kernel/iommu_groups/$g/type" 2>/dev/null)"
                expect "capture: group $g lists $dv" yes "$([ -L "$sys/sys/kernel/iommu_groups/$g/devices/$dv" ] && echo yes || echo no)"
            fi
            io=${O[$dv|iommu]}
            if [ "$io" != - ]; then
                expect "capture: $dv iommu link" "$io" "$(basename "$(readlink "$p/iommu" 2>/dev/null)" 2>/dev/null)"
                expect "capture: $io/devices lists $dv" yes "$([ -e "$sys/sys/class/iommu/$io/devices/$dv/config" ] && echo yes || echo no)"
            fi
            # enable bits in the captured config space vs the kernel's flags
            for cap in ats:6:32768 pasid:6:1 pri:4:1; do
                IFS=: read -r cn coff cbit <<<"$cap"
                off=$(( ${O[$dv|${cn}_cap]:-0} ))
                en=${O[$dv|${cn}_enabled]:--}
                if [ "$off" -eq 0 ] || [ "$en" = - ]; then continue; fi
                w=$(cfg16 "$p/config" $((off + coff)))
                if [ -z "$w" ]; then
                    fail "capture: $dv config too short for $cn cap at $off"
                    continue
                fi
                expect "capture: $dv ${cn} enable bit (config @$((off + coff)))" "$en" "$(( (w & cbit) != 0 ))"
            done
        done
        for n in "${!BCAP[@]}"; do
            expect "capture: $n sysfs cap vs boot line" "${BCAP[$n]}" "$(cat "$sys/sys/class/iommu/$n/intel-iommu/cap" 2>/dev/null)"
            expect "capture: $n sysfs ecap vs boot line" "${BECAP[$n]}" "$(cat "$sys/sys/class/iommu/$n/intel-iommu/ecap" 2>/dev/null)"
        done
        if [ -n "$efr" ]; then
            for f in "$sys"/sys/class/iommu/*/amd-iommu/features; do
                [ -f "$f" ] || continue
                feat=$(cat "$f")
                # 6.12: "EFR:EFR2"; 6.1: "EFR2:EFR" (see kernel-interfaces.md)
                expect "capture: amd-iommu/features contains boot EFR" yes \
                    "$(case ":$feat:" in *":$efr:"*) echo yes ;; *) echo "no ($feat)" ;; esac)"
            done
        fi
        if [ -s "$sys/.capture-errors" ]; then
            skipm "capture errors: $(tr '\n' ';' <"$sys/.capture-errors" | head -c 300)"
        fi
    else
        skipm "no sysroot capture"
    fi

    # ---- Arm SMMUv3 (arm64 runs) -------------------------------------------------
    # The kernel's own numbers: the oracle (machine, iommu_device.max_pasids,
    # fwspec flags, *_enabled), the line arm_smmu_device_hw_probe() prints
    # (6.12 arm-smmu-v3.c:4405, 6.1 :3727) "arm-smmu-v3 <dev>: ias %lu-bit,
    # oas %lu-bit (features 0x%08x)", and the firmware's description of the
    # unit captured in the guest (device tree or ACPI IORT), decoded here
    # from the kernel's structures, never from ioasidctl.
    machine=$(sed -n 's/^ioasid-oracle: begin .*machine=\([^ ]*\).*/\1/p' "$rd/oracle.txt")
    smmu_boot=$(sed -n 's/.*arm-smmu-v3 \([^ :]*\): ias \([0-9]*\)-bit, oas \([0-9]*\)-bit (features 0x\([0-9a-f]*\)).*/\1 \2 \3 \4/p' "$kmsg" | head -n1)
    smmu_fields=
    declare -A UADDR=()
    if [ "$machine" = aarch64 ] || [ -n "$smmu_boot" ]; then
        sdev='' sias='' soas='' sfeat='' sdev_addr='' bunit=''
        read -r sdev sias soas sfeat <<<"$smmu_boot"
        [ -n "$smmu_boot" ] || fail "arm64: no 'arm-smmu-v3 ...: ias ..., oas ... (features 0x...)' boot line"
        kser_arm=$(sed -n 's/^ioasid-oracle: begin kernel=\([0-9]*\.[0-9]*\)[.+-].*/\1/p' "$rd/oracle.txt")
        cfgf=$(ls "$sys"/boot/config-* 2>/dev/null | head -n1)
        if grep -q '^CONFIG_ARM_SMMU_V3_SVA=y' "$cfgf" 2>/dev/null; then build=sva; else build=nosva; fi
        # arm-smmu-v3.c arm_smmu_device_hw_probe(): FEAT_SVA only when
        # arm_smmu_sva_supported(), a stub returning false without
        # CONFIG_ARM_SMMU_V3_SVA (6.12 arm-smmu-v3.h:907, 6.1 :770)
        mapfile -t fnames < <(smmu_feature_names "$kser_arm" "${sfeat:-0}")
        has_feat() { printf '%s\n' "${fnames[@]}" | grep -qx "$1"; }
        if [ "$build" = nosva ] && [ -n "$sfeat" ]; then
            expect "arm64: feature word without SVA bit 17 (CONFIG_ARM_SMMU_V3_SVA unset)" 0 $(((16#$sfeat >> 17) & 1))
        fi
        # the units: oracle names, sysfs class, address from the name
        # (arm-smmu-v3.c arm_smmu_device_probe(): "smmu3.%pa")
        for n in "${iommus[@]}"; do
            if [[ $n =~ ^smmu3\.0x([0-9a-f]{16})$ ]]; then
                pass "arm64: unit $n named smmu3.%pa"
                UADDR[$n]=$((16#${BASH_REMATCH[1]}))
            else
                fail "arm64: unit $n is not named smmu3.0x%016llx"
                continue
            fi
            expect "arm64: capture has /sys/class/iommu/$n" yes "$([ -L "$sys/sys/class/iommu/$n" ] && echo yes || echo no)"
        done
        dt=$sys/sys/firmware/devicetree/base
        iort=$sys/sys/firmware/acpi/tables/IORT
        rc_ats_fw=
        if [ -d "$dt" ]; then
            fw=devicetree
            # SMMU nodes: compatible "arm,smmu-v3", reg = <addr-hi addr-lo ...>
            nsm=0
            for nd in "$dt"/*/; do
                nd=${nd%/}
                grep -qa 'arm,smmu-v3' "$nd/compatible" 2>/dev/null || continue
                nsm=$((nsm + 1))
                ua=$((16#${nd##*@}))
                reg=$(od -An -tx1 -N 8 "$nd/reg" | tr -d ' \n')
                expect "arm64: DT ${nd##*/} reg = unit address" "$ua" "$((16#$reg))"
                found=
                for n in "${!UADDR[@]}"; do [ "${UADDR[$n]}" = "$ua" ] && found=$n; done
                expect "arm64: DT ${nd##*/} is a sysfs unit" yes "$([ -n "$found" ] && echo yes || echo no)"
                # the boot line's device is the node: "<unit-address>.<node name>"
                # (of_device_make_bus_id(): "%llx.%pOFn", 6.12 drivers/of/device.c:308,
                # 6.1 drivers/of/platform.c:94:
                # the translated reg address and the node name without @unit)
                nname=${nd##*/}
                [ "$sdev" = "$(printf '%x' "$ua").${nname%@*}" ] && sdev_addr=$ua
                # PCIe hosts whose iommu-map points at this node (its phandle)
                ph=$(od -An -tx1 "$nd/phandle" 2>/dev/null | tr -d ' \n')
                for pn in "$dt"/pcie@*/; do
                    pn=${pn%/}
                    [ -f "$pn/iommu-map" ] || continue
                    # iommu-map = <rid-base phandle iommu-base length>...
                    mph=$(od -An -tx1 -j 4 -N 4 "$pn/iommu-map" | tr -d ' \n')
                    expect "arm64: DT ${pn##*/} iommu-map names ${nd##*/}" "$ph" "$mph"
                    # 6.12 of_iommu.c:103 of_pci_check_device_ats(): "ats-supported";
                    # 6.1 sets IOMMU_FWSPEC_PCI_RC_ATS from IORT only
                    if [ "$kser_arm" = 6.1 ]; then rc_ats_fw=0
                    elif [ -f "$pn/ats-supported" ]; then rc_ats_fw=1
                    else rc_ats_fw=0; fi
                done
            done
            expect "arm64: DT SMMUv3 nodes = oracle units" "${#UADDR[@]}" "$nsm"
        elif [ -f "$iort" ]; then
            fw=iort
            nsm=0
            while read -r t off rev; do
                case $t in
                4) # ACPI_IORT_NODE_SMMU_V3: acpi_iort_smmu_v3.base_address @16
                   nsm=$((nsm + 1))
                   ba=$(le "$iort" $((off + 16)) 8)
                   found=
                   for n in "${!UADDR[@]}"; do [ "${UADDR[$n]}" = "$ba" ] && found=$n; done
                   expect "arm64: IORT SMMUv3 node @$off base $(printf '0x%x' "$ba") is a sysfs unit" yes "$([ -n "$found" ] && echo yes || echo no)"
                   sdev_addr=$ba ;;
                2) # ACPI_IORT_NODE_PCI_ROOT_COMPLEX: ats_attribute @16+8;
                   # iort.c iort_pci_rc_supports_ats() (6.1:1206, 6.12:1215)
                   rc_ats_fw=$(( $(le "$iort" $((off + 24)) 4) & 1 ))
                   if [ "$rev" -ge 4 ]; then
                       pass "arm64: IORT root complex rev $rev pasid_capabilities $(le "$iort" $((off + 33)) 2)"
                   else
                       pass "arm64: IORT root complex rev $rev (no pasid_capabilities before rev 4)"
                   fi ;;
                esac
            done < <(iort_nodes "$iort")
            expect "arm64: IORT SMMUv3 nodes = oracle units" "${#UADDR[@]}" "$nsm"
        else
            fw=
            fail "arm64: the capture has neither /sys/firmware/devicetree/base nor the IORT table"
        fi
        # the boot line belongs to the unit whose address the firmware gave
        if [ -n "$sdev" ]; then
            bunit=
            for n in "${!UADDR[@]}"; do [ "${UADDR[$n]}" = "${sdev_addr:-x}" ] && bunit=$n; done
            expect "arm64: boot line $sdev matched to a unit by address" yes "$([ -n "$bunit" ] && echo yes || echo no)"
        fi
        # per device behind an SMMU: the fwspec ATS flag is the firmware's,
        # and ATS/PRI are enabled only where arm_smmu_ats_supported() (FEAT_ATS
        # + IOMMU_FWSPEC_PCI_RC_ATS) and FEAT_PRI allow
        for dv in "${devs[@]}"; do
            case ${O[$dv|iommu]} in smmu3.*) ;; *) continue ;; esac
            if [ -n "$rc_ats_fw" ]; then
                expect "arm64: $dv fwspec RC_ATS = firmware's ($fw)" "$rc_ats_fw" "${O[$dv|rc_ats]:-(missing)}"
            fi
            if ! has_feat ats || [ "${O[$dv|rc_ats]:-0}" != 1 ]; then
                expect "arm64: $dv ats_enabled without FEAT_ATS+RC_ATS" 0 "${O[$dv|ats_enabled]}"
            fi
            has_feat pri || expect "arm64: $dv pri_enabled without FEAT_PRI" 0 "${O[$dv|pri_enabled]}"
        done
        # ioasidctl: the a17lib fields (issue 17) when this build has them
        j=$rd/iommu-list.json
        if [ -f "$j" ] && jq -e . "$j" >/dev/null 2>&1; then
            if jq -e '[.iommus[]? | select(.type == "smmu3") | has("smmu_features")] | any' "$j" >/dev/null; then
                smmu_fields=1
            fi
            for n in "${!UADDR[@]}"; do
                u=$(jq -c --arg n "$n" '[.iommus[]? | select(.name == $n)][0]' "$j")
                expect "arm64: iommu $n type" '"smmu3"' "$(jq -c '.type' <<<"$u")"
                ad=$(jq -r '.address // "null"' <<<"$u")
                if [[ $ad =~ ^[0-9a-fA-F]+$ ]]; then
                    expect "arm64: iommu $n address (unit name)" "${UADDR[$n]}" "$((16#$ad))"
                else
                    fail "arm64: iommu $n address: expected hex, got $ad"
                fi
                if [ -z "$smmu_fields" ]; then
                    continue
                fi
                [ "$n" = "${bunit:-}" ] || continue
                expect "arm64: iommu $n smmu_features (boot line)" "\"$sfeat\"" "$(jq -c '.smmu_features' <<<"$u")"
                case $kser_arm in 6.1 | 6.12) want="\"$kser_arm\"" ;; *) want=null ;; esac
                expect "arm64: iommu $n smmu_features_table" "$want" "$(jq -c '.smmu_features_table' <<<"$u")"
                expect "arm64: iommu $n smmu_feature_names (arm-smmu-v3.h $kser_arm)" \
                    "$(printf '%s\n' "${fnames[@]}" | sed '/^$/d' | sort | tr '\n' ' ')" \
                    "$(jq -r '.smmu_feature_names[]?' <<<"$u" | sort | tr '\n' ' ')"
                expect "arm64: iommu $n ias (boot line)" "$sias" "$(jq -c '.ias' <<<"$u")"
                expect "arm64: iommu $n oas (boot line)" "$soas" "$(jq -c '.oas' <<<"$u")"
                for fb in sva:sva ats:ats pri:pri stalls:stalls stall_force:stall_force coherent:coherency; do
                    f=${fb%%:*}
                    b=${fb#*:}
                    if has_feat "$b"; then want=true; else want=false; fi
                    expect "arm64: iommu $n smmu_$f (feature $b)" "$want" "$(jq -c ".smmu_$f" <<<"$u")"
                done
                expect "arm64: iommu $n firmware" "\"$fw\"" "$(jq -c '.firmware' <<<"$u")"
            done
            [ -n "$smmu_fields" ] ||
                skipm "arm64: iommu-list.json has no smmu_features (the issue 17 library fields): feature word, ias/oas, smmu_* and firmware not compared"
        fi
    fi

    # ---- ioasidctl vs oracle -------------------------------------------------------
    j=$rd/iommu-list.json
    if [ -f "$j" ]; then
        if ! jq -e . "$j" >/dev/null 2>&1; then
            fail "iommu-list.json is not valid JSON"
        else
            expect "iommu-list schema_version" 1 "$(jq -c '.schema_version' "$j")"
            declare -A JI=()
            while IFS=$'\t' read -r n k v; do JI[$n|$k]=$v; done < <(jq -r '.iommus[]? | .name as $n | to_entries[] | [$n, .key, (.value | tojson)] | @tsv' "$j")
            got_names=$(jq -r '[.iommus[]?.name] | sort | join(" ")' "$j")
            want_names=$(printf '%s\n' "${iommus[@]}" "${!BCAP[@]}" | sed "/^$/d" | sort -u | tr '\n' ' ' | sed 's/ $//')
            expect "iommu-list names" "$want_names" "$got_names"
            for n in "${iommus[@]}"; do
                got=${JI[$n|max_pasids]:-(missing)}
                # an SMMUv3's 1 << SSIDSIZE is in no sysfs file of 6.1/6.12:
                # null is right there, a number must be the kernel's
                if [[ $n == smmu3.* ]] && [ "$got" = null ]; then
                    pass "iommu $n max_pasids null (kernel: ${OI[$n|max_pasids]}, not exposed)"
                    continue
                fi
                expect "iommu $n max_pasids" "${OI[$n|max_pasids]}" "$got"
            done
            for n in "${!BCAP[@]}"; do
                expect "iommu $n type" '"vtd"' "${JI[$n|type]:-(missing)}"
                expect "iommu $n cap (boot line)" "\"${BCAP[$n]}\"" "${JI[$n|cap]:-(missing)}"
                expect "iommu $n ecap (boot line)" "\"${BECAP[$n]}\"" "${JI[$n|ecap]:-(missing)}"
            done
            if [ -n "$efr" ]; then
                for n in "${iommus[@]}"; do
                    case $n in ivhd*) ;; *) continue ;; esac
                    expect "iommu $n type" '"amd"' "${JI[$n|type]:-(missing)}"
                    got=${JI[$n|efr]:-${JI[$n|features]:-(missing)}}
                    expect "iommu $n efr (boot line)" "\"$efr\"" "$got"
                    if [ -n "$efr2" ] && [ -n "${JI[$n|efr2]:-}" ]; then
                        expect "iommu $n efr2 (boot line)" "\"$efr2\"" "${JI[$n|efr2]}"
                    fi
                done
            fi
            unset JI
        fi
    else
        skipm "iommu-list.json absent (no ioasidctl in the guest): iommu comparison skipped"
    fi

    j=$rd/device-list.json
    if [ -f "$j" ]; then
        if ! jq -e . "$j" >/dev/null 2>&1; then
            fail "device-list.json is not valid JSON"
        else
            expect "device-list schema_version" 1 "$(jq -c '.schema_version' "$j")"
            declare -A JD=()
            while IFS=$'\t' read -r n k v; do JD[$n|$k]=$v; done < <(jq -r '.devices[]? | .device as $n | to_entries[] | [$n, .key, (.value | tojson)] | @tsv' "$j")
            got_names=$(jq -r '[.devices[]?.device] | sort | join(" ")' "$j")
            want_names=$(printf '%s\n' "${devs[@]}" | sort | tr '\n' ' ' | sed 's/ $//')
            expect "device-list devices" "$want_names" "$got_names"
            for dv in "${devs[@]}"; do
                io=${O[$dv|iommu]}
                if [ "$io" = - ]; then want=null; else want="\"$io\""; fi
                expect "device $dv iommu" "$want" "${JD[$dv|iommu]:-(missing)}"
                mp=${O[$dv|max_pasids]}
                got=${JD[$dv|max_pasids]:-(missing)}
                if [ "$mp" != - ]; then
                    expect "device $dv max_pasids" "$mp" "$got"
                elif [ "$io" = - ]; then
                    # no IOMMU: 0 or null are both right
                    case $got in 0 | null) pass "device $dv max_pasids $got" ;;
                        *) fail "device $dv max_pasids: expected 0 or null (no IOMMU), got $got" ;; esac
                elif [ "$dev_maxp_known" = 0 ]; then
                    : # kernel < 6.3 computes no per-device max_pasids: nothing to compare
                fi
                for f in pasid_enabled ats_enabled pri_enabled; do
                    expect "device $dv $f" "$(bool_json "${O[$dv|$f]}")" "${JD[$dv|$f]:-(missing)}"
                done
            done
            unset JD
        fi
    else
        skipm "device-list.json absent: device comparison skipped"
    fi

    j=$rd/group-list.json
    if [ -f "$j" ]; then
        if ! jq -e . "$j" >/dev/null 2>&1; then
            fail "group-list.json is not valid JSON"
        else
            # assumed shape: {"groups":[{"id":N,"type":"DMA","devices":["0000:..",...]}]}
            declare -A GT=() GD=()
            for dv in "${devs[@]}"; do
                g=${O[$dv|group]}
                [ "$g" = - ] && continue
                GT[$g]=${O[$dv|group_type]}
                GD[$g]="${GD[$g]:-} $dv"
            done
            for g in "${!GT[@]}"; do
                ent=$(jq -c --argjson g "$g" '[.groups[]? | select((.id // .group) == $g)] | first' "$j")
                if [ "$ent" = null ]; then
                    fail "group $g missing from group-list.json"
                    continue
                fi
                expect "group $g type" "\"${GT[$g]}\"" "$(jq -c '.type' <<<"$ent")"
                want=$(tr ' ' '\n' <<<"${GD[$g]}" | sed "/^$/d" | sort | tr '\n' ' ' | sed 's/ $//')
                got=$(jq -r '[.devices[]? | if type == "object" then (.device // .name) else . end] | sort | join(" ")' <<<"$ent")
                expect "group $g devices" "$want" "$got"
            done
            expect "group count" "${#GT[@]}" "$(jq '[.groups[]?] | length' "$j")"
            unset GT GD
        fi
    else
        skipm "group-list.json absent: group comparison skipped"
    fi

    # ---- the kernel's own SVA answer vs the reason chain -----------------------------
    # The oracle asked the kernel, per device with an IOMMU, the errno of
    # iommu_dev_enable_feature(dev, IOMMU_DEV_FEAT_SVA) and of
    # iommu_sva_bind_device(dev, insmod's mm).  Every errno must be explained
    # by a failing SVA step of that device's chain (device-why-all.json,
    # `ioasidctl device why -J` over every PCI function in the guest): a rule
    # that mirrors the kernel check returning it (sva_explain).  A bind that
    # succeeded needs the chain's SVA answer yes; an enable that succeeded
    # needs none of the rules of that driver's enable checks failing.
    kser=$(sed -n 's/^ioasid-oracle: begin kernel=\([0-9]*\.[0-9]*\)[.+-].*/\1/p' "$rd/oracle.txt")
    j=$rd/device-why-all.json
    nsva=0
    for dv in "${devs[@]}"; do
        en=${O[$dv|sva_enable]:-}
        bd=${O[$dv|sva_bind]:-}
        [ -n "$en" ] && [ "$en" != - ] || continue
        nsva=$((nsva + 1))
        [ -f "$j" ] || break
        case ${O[$dv|iommu]} in dmar*) drv=vtd ;; ivhd*) drv=amd ;; smmu3.*) drv=smmu3 ;; *) drv=other ;; esac
        if [ "$drv" = smmu3 ] && [ -z "$smmu_fields" ]; then
            # the Arm chain (kernel.smmu_sva, smmu.*) comes with the issue 17
            # library: without it the errnos cannot be held against it
            skipm "sva $dv: enable $en bind $bd on arm64: this build has no Arm chain (no smmu_features in iommu-list.json)"
            continue
        fi
        ans=$(jq -r --arg d "$dv" '[.devices[]? | select(.device == $d)][0].answers.sva.answer // "(missing)"' "$j")
        first=$(jq -r --arg d "$dv" '[.devices[]? | select(.device == $d)][0].answers.sva.rule // "-"' "$j")
        fails=" $(jq -r --arg d "$dv" '[.devices[]? | select(.device == $d)][0] | [.chain[]? | select(.result == "fail" and (.affects | index("sva"))) | .rule] | join(" ")' "$j") "
        for call in enable bind; do
            if [ "$call" = enable ]; then e=$en; else e=$bd; fi
            if [ "$e" = 0 ]; then
                if [ "$call" = bind ]; then
                    expect "sva $dv: the kernel bound an mm, chain SVA" yes "$ans"
                    continue
                fi
                # the checks the enable passed must not fail in the chain
                bad=
                for r in $(sva_enable_rules "$kser" "$drv"); do
                    case $fails in *" $r "*) bad="$bad $r" ;; esac
                done
                expect "sva $dv: enable returned 0, chain fails none of its checks" "" "${bad# }"
                continue
            fi
            row=$(sva_explain "$kser" "$drv" "$call" "$e" "${build:-}")
            if [ -z "$row" ]; then
                fail "sva $dv: $call returned $e on $kser/$drv: no row in sva_explain (read the kernel and add it)"
                continue
            fi
            hit=
            for r in ${row%%|*}; do
                case $fails in *" $r "*) hit=$r; break ;; esac
            done
            if [ "$ans" = no ] && [ -n "$hit" ]; then
                pass "sva $dv: $call $e (${row#*|}) explained by $hit"
            else
                fail "sva $dv: $call returned $e (${row#*|}): chain SVA $ans, failing SVA rules [$(echo $fails)], none of [${row%%|*}]"
            fi
        done
        # the rule the answer names must be one that mirrors the kernel's
        # FIRST error: drivers enable before they bind (idxd_enable_sva()),
        # so a failed enable decides, else the failed bind
        if [ "$en" != 0 ]; then call=enable e=$en; else call=bind e=$bd; fi
        if [ "$e" != 0 ] && [ -n "$e" ] && [ "$e" != - ]; then
            row=$(sva_explain "$kser" "$drv" "$call" "$e" "${build:-}")
            if [ -n "$row" ]; then
                case " ${row%%|*} " in
                *" $first "*) pass "sva $dv: answer names $first, the kernel's first error ($call $e)" ;;
                *) fail "sva $dv: answer names $first, but the kernel's first error is $call $e (${row#*|}): one of [${row%%|*}]" ;;
                esac
            fi
        fi
        [ -z "$VERBOSE" ] || echo "sva  $run: $dv enable=$en bind=$bd chain=$ans first=$first fails=[$(echo $fails)]"
    done
    if [ "$nsva" -eq 0 ]; then
        if grep -q '^ioasid-oracle: dev .* sva_enable=' "$rd/oracle.txt" ||
           ! grep -q '^ioasid-oracle: dev ' "$rd/oracle.txt"; then
            pass "sva: no device behind an IOMMU to ask"
        else
            skipm "sva: the oracle predates sva_enable/sva_bind (re-record this run)"
        fi
    elif [ ! -f "$j" ]; then
        if [ -f "$rd/iommu-list.json" ]; then
            fail "sva: device-why-all.json absent: the kernel's SVA errnos cannot be held against the chain"
        else
            skipm "sva: no ioasidctl in the guest: the kernel's SVA errnos are not compared"
        fi
    fi

    # ---- replay on the host ----------------------------------------------------------
    if [ ! -x "$IOASIDCTL" ]; then
        skipm "replay: host ioasidctl $IOASIDCTL not built"
    elif [ ! -d "$sys" ]; then
        skipm "replay: no sysroot"
    else
        nrep=0
        while read -r name prog args; do
            case $name in '' | '#'*) continue ;; esac
            [ "$prog" = ioasidctl ] || continue
            case " $args " in *" -J "*) ;; *) continue ;; esac
            guest=$rd/${name%-json}.json
            [ -f "$guest" ] || continue
            nrep=$((nrep + 1))
            # the guest's exit status: a command that failed there (exit 4
            # on a kernel without the IOASID extension) must fail the same
            # way on the replay, with the same JSON error object
            grc=$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$rd/commands.tsv" 2>/dev/null || true)
            hrc=0
            # shellcheck disable=SC2086  # args split on purpose
            "$IOASIDCTL" --sysroot "$sys" $args >"$rd/.replay.out" 2>"$rd/.replay.err" || hrc=$?
            if [ "$hrc" -eq "${grc:-0}" ]; then
                # status names how the host was read (live in the guest,
                # a snapshot on the host): everything else must be identical
                if [ "$name" = status-json ]; then
                    jq -S 'del(.host.kind, .host.root)' "$guest" >"$rd/.replay.guest"
                    jq -S 'del(.host.kind, .host.root)' "$rd/.replay.out" >"$rd/.replay.host"
                else
                    cp "$guest" "$rd/.replay.guest"
                    cp "$rd/.replay.out" "$rd/.replay.host"
                fi
                if cmp -s "$rd/.replay.guest" "$rd/.replay.host"; then
                    pass "replay $name identical"
                else
                    fail "replay $name: host output differs from guest ($(diff "$guest" "$rd/.replay.out" | head -n 3 | tr '\n' ' '))"
                fi
            else
                fail "replay $name: host exit $hrc, guest exit ${grc:-0}: $(head -c 200 "$rd/.replay.err")"
            fi
            rm -f "$rd/.replay.out" "$rd/.replay.err" "$rd/.replay.guest" "$rd/.replay.host"
        done <"$COMMANDS"
        [ "$nrep" -gt 0 ] || skipm "replay: no guest -J outputs to compare"
    fi

    # ---- the guest's dump archive replayed on the host ---------------------------------
    # Every command in the manifest (run in the guest by `ioasidctl dump`, on
    # the live guest kernel) against the host's ioasidctl --sysroot ARCHIVE.
    # The manifest holds each output as parsed JSON, so both sides are
    # compared after jq -S (sorted keys, same number formatting); status also
    # drops host.kind/host.root (live in the guest, a snapshot here).
    arch=$rd/dump.tar.gz
    if [ ! -s "$arch" ]; then
        skipm "dump replay: no dump.tar.gz"
    elif [ ! -x "$IOASIDCTL" ]; then
        skipm "dump replay: host ioasidctl $IOASIDCTL not built"
    elif ! tar xzOf "$arch" ioasid-dump/manifest.json >"$rd/.manifest" 2>/dev/null; then
        fail "dump replay: dump.tar.gz has no ioasid-dump/manifest.json"
    else
        ndump=0
        norm='del(.host.kind, .host.root)'
        while IFS= read -r key; do
            ndump=$((ndump + 1))
            jq -S --arg k "$key" ".commands[\$k].output | $norm" "$rd/.manifest" >"$rd/.dump.guest"
            # shellcheck disable=SC2086  # the key is the command line
            if "$IOASIDCTL" --sysroot "$arch" $key >"$rd/.dump.out" 2>"$rd/.dump.err"; then
                jq -S "$norm" "$rd/.dump.out" >"$rd/.dump.host"
                if cmp -s "$rd/.dump.guest" "$rd/.dump.host"; then
                    pass "dump replay '$key' identical"
                else
                    fail "dump replay '$key': host differs from guest ($(diff "$rd/.dump.guest" "$rd/.dump.host" | head -n 3 | tr '\n' ' '))"
                fi
            else
                fail "dump replay '$key': host ioasidctl failed: $(head -c 200 "$rd/.dump.err")"
            fi
            # the guest's own separate run of the same command line, if any
            while read -r name prog args; do
                case $name in '' | '#'*) continue ;; esac
                [ "$prog" = ioasidctl ] && [ "$args" = "$key" ] || continue
                [ -f "$rd/${name%-json}.json" ] || continue
                jq -S "$norm" "$rd/${name%-json}.json" >"$rd/.dump.live"
                if cmp -s "$rd/.dump.guest" "$rd/.dump.live"; then
                    pass "dump manifest '$key' = the guest's own run"
                else
                    fail "dump manifest '$key' differs from the guest's own run ${name%-json}.json"
                fi
            done <"$COMMANDS"
        done < <(jq -r '.commands | keys[]' "$rd/.manifest")
        [ "$ndump" -gt 0 ] || fail "dump replay: the manifest lists no command"
        rm -f "$rd/.manifest" "$rd/.dump.guest" "$rd/.dump.host" "$rd/.dump.out" \
            "$rd/.dump.err" "$rd/.dump.live"
    fi
    unset O OI BCAP BECAP UADDR
    build=
done

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
