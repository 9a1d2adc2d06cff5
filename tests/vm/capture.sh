#!/bin/sh
# capture.sh OUTDIR -- snapshot the kernel interfaces ioasidctl reads into a
# sysroot directory that mirrors the real paths (OUTDIR/sys/..., OUTDIR/proc/...,
# OUTDIR/dev/kmsg, OUTDIR/boot/config-<release>).  Replay on the host with
# `ioasidctl --sysroot OUTDIR`.  Runs in the guest under busybox sh (no bash).
#
# Symlinks are recreated with their exact (relative) sysfs targets, so they
# resolve inside the snapshot.  Write-only files are skipped; files that fail
# to read are listed in OUTDIR/.capture-errors as "path: error".
# PCI BAR files (resourceN*), rom and vpd are never read (reading them touches
# the device, and they are not attributes).
set -eu

OUT=${1:?usage: capture.sh OUTDIR}
mkdir -p "$OUT"
ERR=$OUT/.capture-errors
: >"$ERR"

# copy one regular file (by content) to the same path under $OUT
cfile() {
    _src=$1
    _dst=$OUT$_src
    [ -e "$_dst" ] && return 0
    mkdir -p "${_dst%/*}"
    # owner-read bit off => write-only attribute: skip
    _mode=$(stat -c %a "$_src" 2>/dev/null || echo 0)
    case $_mode in
        [0-3]??) return 0 ;;
    esac
    if ! cat "$_src" >"$_dst" 2>"$OUT/.cerr"; then
        printf '%s: %s\n' "$_src" "$(tr '\n' ' ' <"$OUT/.cerr")" >>"$ERR"
        rm -f "$_dst"
    fi
    rm -f "$OUT/.cerr"
}

# recreate one symlink with its exact target
clink() {
    _src=$1
    _dst=$OUT$_src
    [ -L "$_dst" ] && return 0
    mkdir -p "${_dst%/*}"
    ln -s "$(readlink "$_src")" "$_dst"
}

# regular files directly inside a directory (no recursion)
cfiles() {
    _d=$1
    mkdir -p "$OUT$_d"
    for _f in "$_d"/*; do
        if [ ! -f "$_f" ] || [ -L "$_f" ]; then continue; fi
        case ${_f##*/} in
            rom | vpd | resource[0-9]*) continue ;;
        esac
        cfile "$_f"
    done
}

# symlinks directly inside a directory
clinks() {
    for _f in "$1"/*; do
        [ -L "$_f" ] && clink "$_f"
    done
    return 0
}

# ---- /proc, /boot -----------------------------------------------------------
for f in /proc/cmdline /proc/sys/kernel/osrelease /proc/version /proc/cpuinfo /proc/interrupts; do
    cfile "$f"
done
# /proc/kallsyms (some 200,000 lines) reduced, as `ioasidctl dump` reduces it,
# to the lines of the symbols src/lib/stock/kallsyms.c watches (kernel.sva_x86),
# and arm_smmu_sva_supported (arm-smmu-v3-sva.c, built only with
# CONFIG_ARM_SMMU_V3_SVA: the build evidence of the Arm chain, kernel.smmu_sva)
if [ -r /proc/kallsyms ]; then
    grep -E ' (iommu_sva_bind_device|iommu_sva_iopf_handler|iommu_sva_handle_iopf|iommu_dev_enable_feature|arm_smmu_sva_supported)(	|$)' \
        /proc/kallsyms >"$OUT/proc/kallsyms" || true
fi
rel=$(cat /proc/sys/kernel/osrelease)
if [ -f "/boot/config-$rel" ]; then
    cfile "/boot/config-$rel"
else
    echo "/boot/config-$rel: missing" >>"$ERR"
fi

# ---- kernel log in /dev/kmsg record format ---------------------------------
mkdir -p "$OUT/dev"
if command -v kmsg-dump >/dev/null 2>&1; then
    kmsg-dump >"$OUT/dev/kmsg" 2>>"$ERR" || echo "/dev/kmsg: kmsg-dump failed" >>"$ERR"
else
    # fallback: blocking reader stopped after 2 s (records are read whole)
    timeout 2 cat /dev/kmsg >"$OUT/dev/kmsg" 2>/dev/null || true
fi

# ---- IOMMU units: /sys/class/iommu/* and their device directories ----------
if [ -d /sys/class/iommu ]; then
    mkdir -p "$OUT/sys/class/iommu"
    for l in /sys/class/iommu/*; do
        [ -L "$l" ] || continue
        clink "$l"
        d=$(readlink -f "$l")
        cfiles "$d"
        for sub in "$d"/*; do
            if [ ! -d "$sub" ] || [ -L "$sub" ]; then continue; fi
            case ${sub##*/} in
                power) continue ;;
                devices) clinks "$sub" ;;
                *) cfiles "$sub" ;;
            esac
        done
    done
fi

# ---- IOMMU groups -----------------------------------------------------------
if [ -d /sys/kernel/iommu_groups ]; then
    mkdir -p "$OUT/sys/kernel/iommu_groups"
    for g in /sys/kernel/iommu_groups/*; do
        [ -d "$g" ] || continue
        for a in type reserved_regions name; do
            [ -e "$g/$a" ] && cfile "$g/$a"
        done
        mkdir -p "$OUT$g/devices"
        clinks "$g/devices"
    done
fi

# ---- PCI ----------------------------------------------------------------------
mkdir -p "$OUT/sys/bus/pci/devices" "$OUT/sys/bus/pci/drivers"
clinks /sys/bus/pci/devices
# every PCI function directory: under /sys/devices/pci* on x86, under the
# host controller's platform device on arm64 device-tree machines
# (/sys/devices/platform/4010000000.pcie/pci0000:00/...); the bus's links
# name them all
for l in /sys/bus/pci/devices/*; do
    [ -L "$l" ] && readlink -f "$l"
done | sort | while read -r d; do
    cfiles "$d"
    for a in driver iommu iommu_group physfn "$d"/virtfn*; do
        case $a in /*) ;; *) a=$d/$a ;; esac
        [ -L "$a" ] && clink "$a"
    done
    if [ -d "$d/msi_irqs" ]; then
        cfiles "$d/msi_irqs"
    fi
    if [ -L "$d/driver" ]; then
        drv=$(readlink -f "$d/driver")
        mkdir -p "$OUT$drv"
    fi
done

# ---- firmware tables, module parameters -------------------------------------
# every table's name (the reason chain tells "no DMAR among N tables" from
# "no ACPI"), the bytes of the IOMMU ones only
if [ -d /sys/firmware/acpi/tables ]; then
    for t in /sys/firmware/acpi/tables/*; do
        if [ -d "$t" ]; then
            mkdir -p "$OUT$t"
            continue
        fi
        case ${t##*/} in
        DMAR | IVRS | IORT) cfile "$t" ;;
        *) mkdir -p "$OUT/sys/firmware/acpi/tables" && : >"$OUT$t" ;;
        esac
    done
fi
# the flattened device tree as the kernel unflattened it (arm64 without ACPI:
# drivers/of/base.c of_core_init() -> /sys/firmware/devicetree/base, where
# /proc/device-tree points): every node directory and property file (binary,
# big-endian cells), small (~100 files on QEMU virt)
if [ -d /sys/firmware/devicetree/base ]; then
    find /sys/firmware/devicetree/base -type d | while read -r d; do
        cfiles "$d"
    done
fi
for m in intel_iommu amd_iommu amd_iommu_v2 iommu idxd vfio iommufd; do
    [ -d "/sys/module/$m/parameters" ] && cfiles "/sys/module/$m/parameters"
done

# ---- cgroup v2 (small: every readable file), mounts, the VM scope's process --
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    find /sys/fs/cgroup -type d | while read -r d; do
        cfiles "$d"
    done
fi
cfile /proc/self/mountinfo
if [ -n "${VM1_PID:-}" ] && [ -f "/proc/$VM1_PID/cgroup" ]; then
    cfile "/proc/$VM1_PID/cgroup"
fi

# ---- interrupts: /sys/kernel/irq/N/ (kernel/irq/irqdesc.c irq_sysfs_init) ----
for d in /sys/kernel/irq/*; do
    [ -d "$d" ] || continue
    for a in per_cpu_count actions chip_name hwirq name type wakeup; do
        [ -f "$d/$a" ] && cfile "$d/$a"
    done
done

exit 0
