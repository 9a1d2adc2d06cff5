#!/bin/bash
# Boot Debian's real kernels under QEMU (TCG) with emulated IOMMUs and collect
# what the kernel computed (oracle), what ioasidctl prints in the guest, and a
# sysroot capture for host replay.  See tests/vm/README.md.
#
# usage: tests/vm/run.sh [--kernel 6.12|6.1|6.12-arm64|6.1-arm64|x86|arm64|all]
#                        [--config NAME|all]
#                        [--stage DIR | --build DIR] [--tests DIR] [--out DIR]
#                        [--timeout SEC] [--keep-raw]
#   --stage DIR  DESTDIR of `make install DESTDIR=DIR` (prefix /usr); without
#                it the guest has no ioasidctl and only oracle + capture run.
#   --build DIR  a configured build tree: install it (prefix /usr) into a
#                temporary stage and use that (the one-command re-capture:
#                tests/vm/run.sh --build build --out tests/data/vm); it is
#                also the --tests tree.
#   --tests DIR  a build tree whose conformance programs (conf_kmod,
#                conf_diff; built here if missing) the guest runs against
#                the reference module kmod/ (commands-kmod).
#   --stage-arm64 DIR  the same for the arm64 guests: an aarch64 build
#                installed into DIR (without it the arm64 guests run no
#                ioasidctl; the x86-64 --stage/--build tree cannot run there).
#                Without it, when --build or --tests names a tree, its
#                sources are cross-built for aarch64 (cross-arm64.sh, in
#                ${IOASID_VM_BUILD:-/tmp/ioasidctl-vm-build}/arm64/ioasidctl)
#                and installed into a temporary stage; when the :arm64
#                libraries are missing, a SKIP line says so and the arm64
#                guests run without ioasidctl (check.sh replays their
#                captures on the host only).
#   --out DIR    results (default ./vm-out); per run OUT/<kernel>-<config>/
#                (arm64: OUT/6.12-arm64-smmuv3/, ...):
#                serial.log (console, base64 payloads removed), oracle.txt,
#                <cmd>.json / <cmd>.txt / <cmd>.tar.gz (+ .stderr),
#                commands.tsv (name rc),
#                meta.txt, sysroot/ (unpacked capture).
# Exit: 0 all runs completed, 1 a run failed, 77 prerequisites missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${IOASID_VM_CACHE:-/var/cache/ioasidctl-vm}
KERNEL=all
CONFIG=all
STAGE=
BUILD_TREE=
TESTS_TREE=
OUT=./vm-out
# the vtd-sm runs also load the reference module (kmod/): ~30 s more
TIMEOUT=${IOASID_VM_TIMEOUT:-240}
KEEP_RAW=
STAGE_ARM64=

# ---- configuration table ------------------------------------------------------
# name | QEMU IOMMU device (must precede the PCI devices) | kernel command line
# QEMU 7.2 refuses x-pasid-mode together with device-iotlb ("PASID based device
# IOTLB is not supported"), so vtd-sm shows PASID and vtd-legacy/amd show ATS.
# Behind QEMU 7.2's amd-iommu the nvme controller's admin commands time out
# (DMA/interrupts do not work for it), so amd caps the admin timeout at 2 s
# instead of 60 s (the guest /init passes MODULE.param= options to insmod).
CONFIGS=(
  "vtd-sm|-device intel-iommu,intremap=on,x-scalable-mode=on,x-pasid-mode=on|intel_iommu=on,sm_on iommu.strict=1"
  "vtd-legacy|-device intel-iommu,intremap=on,device-iotlb=on|intel_iommu=on,sm_off"
  "amd|-device amd-iommu,intremap=on,device-iotlb=on|nvme_core.admin_timeout=2"
  "none||"
)
# PCIe endpoints behind root ports (identical in every configuration)
devices() {
    echo "-device pcie-root-port,id=rp1,chassis=1,slot=1"
    echo "-device virtio-net-pci,bus=rp1,disable-legacy=on,disable-modern=off,iommu_platform=on,ats=on,netdev=n0"
    echo "-netdev user,id=n0,restrict=on"
    echo "-device pcie-root-port,id=rp2,chassis=2,slot=2"
    echo "-drive file=$1,if=none,id=nv0,format=raw"
    echo "-device nvme,serial=ioasid0,drive=nv0,bus=rp2"
}
BASE_CMDLINE="console=ttyS0 panic=-1 log_buf_len=1M"

# ---- arm64 configurations ---------------------------------------------------------
# name | -machine | kernel command line | firmware
# QEMU's virt board with its SMMUv3 (hw/arm/smmuv3.c, QEMU 7.2: no ATS, PRI,
# stalls, SSIDSIZE 0) in front of the PCIe host; the same endpoints as x86.
# smmuv3: -kernel boot, QEMU generates the device tree (smmuv3 node
# "arm,smmu-v3" at 0x9050000, the PCIe node's iommu-map).  smmuv3-acpi:
# UEFI (qemu-efi-aarch64's QEMU_EFI.fd) loads the same kernel; QEMU's ACPI
# tables include an IORT (SMMUv3 node + root complex), acpi=force makes the
# kernel use them instead of the DT the stub would generate.
# -cpu max as the issue says; pauth-impdef=on only swaps the pointer
# authentication hash for QEMU's cheap one (TCG time), the CPU's features
# are the same.
ARM_CONFIGS=(
  "smmuv3|virt,iommu=smmuv3||"
  "smmuv3-acpi|virt,iommu=smmuv3|acpi=force|uefi"
)
ARM_BASE_CMDLINE="console=ttyAMA0 panic=-1 log_buf_len=1M"
ARM_EFI=${IOASID_VM_EFI:-/usr/share/qemu-efi-aarch64/QEMU_EFI.fd}

while [ $# -gt 0 ]; do
    case $1 in
        --kernel) KERNEL=$2; shift 2 ;;
        --config) CONFIG=$2; shift 2 ;;
        --stage) STAGE=$(cd "$2" && pwd); shift 2 ;;
        --stage-arm64) STAGE_ARM64=$(cd "$2" && pwd); shift 2 ;;
        --build) BUILD_TREE=$(cd "$2" && pwd); shift 2 ;;
        --tests) TESTS_TREE=$(cd "$2" && pwd); shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --timeout) TIMEOUT=$2; shift 2 ;;
        --keep-raw) KEEP_RAW=1; shift ;;
        -h | --help) sed -n '2,31p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

skip() { echo "run.sh: SKIP: $*"; exit 77; }

command -v cpio >/dev/null || skip "cpio not installed"

# arm64 prerequisites: why they are missing, empty when all are there
arm64_missing() {
    local c
    for c in qemu-system-aarch64 aarch64-linux-gnu-gcc qemu-aarch64-static; do
        command -v "$c" >/dev/null || { echo "$c not installed"; return; }
    done
    [ -f "$ARM_EFI" ] || echo "$ARM_EFI missing (qemu-efi-aarch64)"
}

case $KERNEL in
    all) kernels="6.12 6.1 6.12-arm64 6.1-arm64" ;;
    x86) kernels="6.12 6.1" ;;
    arm64) kernels="6.12-arm64 6.1-arm64" ;;
    6.12 | 6.1 | 6.12-arm64 | 6.1-arm64) kernels=$KERNEL ;;
    *) echo "run.sh: --kernel 6.12|6.1|6.12-arm64|6.1-arm64|x86|arm64|all" >&2; exit 2 ;;
esac
# the configurations of one kernel (x86 rows for 6.12/6.1, arm64 rows for
# *-arm64) that --config selects
rows_for() {
    local row
    case $1 in
        *-arm64) for row in "${ARM_CONFIGS[@]}"; do
                     if [ "$CONFIG" = all ] || [ "$CONFIG" = "${row%%|*}" ]; then echo "$row"; fi
                 done ;;
        *) for row in "${CONFIGS[@]}"; do
               if [ "$CONFIG" = all ] || [ "$CONFIG" = "${row%%|*}" ]; then echo "$row"; fi
           done ;;
    esac
}
# drop kernels without a selected configuration; an arm64 kernel whose tools
# are missing is skipped with its reason when other kernels run (--kernel
# all), and makes the whole run skip when asked for alone
want=
had_rows=
for k in $kernels; do
    [ -n "$(rows_for "$k")" ] || continue
    had_rows=1
    case $k in
        *-arm64)
            why=$(arm64_missing)
            if [ -n "$why" ]; then
                echo "run.sh: SKIP $k: $why (apt-get install $(grep -v '^#' "$here/DEPENDENCIES" | grep -E 'arm|aarch64|qemu-user' | tr '\n' ' '))" >&2
                continue
            fi ;;
        *)
            command -v qemu-system-x86_64 >/dev/null || { echo "run.sh: SKIP $k: qemu-system-x86_64 not installed" >&2; continue; }
            command -v busybox >/dev/null || { echo "run.sh: SKIP $k: busybox-static not installed" >&2; continue; } ;;
    esac
    want="$want $k"
done
kernels=${want# }
if [ -z "$kernels" ]; then
    found=
    for k in 6.12 6.12-arm64; do [ -n "$(rows_for "$k")" ] && found=1; done
    [ -n "$found" ] || { echo "run.sh: unknown --config $CONFIG" >&2; exit 2; }
    [ -n "$had_rows" ] || { echo "run.sh: --config $CONFIG is no configuration of --kernel $KERNEL" >&2; exit 2; }
    skip "no kernel of --kernel $KERNEL --config $CONFIG can run here (see above)"
fi

rc=0
IOASID_VM_KERNELS=$kernels "$here/fetch-kernels.sh" "$CACHE" >/dev/null || rc=$?
[ $rc -eq 77 ] && skip "kernels or headers unavailable (see fetch-kernels.sh)"
[ $rc -eq 0 ] || { echo "run.sh: fetch-kernels.sh failed" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ioasidctl-vm.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -n "$BUILD_TREE" ]; then
    # the guest runs /usr/bin/ioasidctl: install with prefix /usr whatever
    # the build's prefix (libtool relinks for it)
    make -C "$BUILD_TREE" install prefix=/usr DESTDIR="$work/stage" >"$work/install.log" 2>&1 ||
        { cat "$work/install.log" >&2; echo "run.sh: make install of $BUILD_TREE failed" >&2; exit 1; }
    STAGE=$work/stage
    [ -n "$TESTS_TREE" ] || TESTS_TREE=$BUILD_TREE
fi
if [ -n "$TESTS_TREE" ]; then
    make -C "$TESTS_TREE" tests/conformance/conf_kmod tests/conformance/conf_diff tests/conformance/conf_udiff \
        >"$work/tests.log" 2>&1 ||
        { cat "$work/tests.log" >&2; echo "run.sh: building the conformance programs failed" >&2; exit 1; }
fi
case " $kernels " in *-arm64*) arm_run=1 ;; *) arm_run= ;; esac
if [ -n "$arm_run" ] && [ -z "$STAGE_ARM64" ] && [ -n "${BUILD_TREE:-$TESTS_TREE}" ]; then
    tree=${BUILD_TREE:-$TESTS_TREE}
    srcdir=$(sed -n 's/^abs_top_srcdir = //p' "$tree/Makefile")
    t_cross=$(date +%s)
    crc=0
    "$here/cross-arm64.sh" "$srcdir" "${IOASID_VM_BUILD:-${TMPDIR:-/tmp}/ioasidctl-vm-build}/arm64/ioasidctl" \
        "$work/stage-arm64" || crc=$?
    case $crc in
        0) STAGE_ARM64=$work/stage-arm64
           echo "run.sh: ioasidctl cross-built for arm64 in $(($(date +%s) - t_cross)) s" >&2 ;;
        77) echo "run.sh: SKIP ioasidctl in the arm64 guests (see above): they run oracle and capture only" >&2 ;;
        *) echo "run.sh: cross-building ioasidctl for arm64 failed" >&2; exit 1 ;;
    esac
fi
truncate -s 16M "$work/nvme.img"
mkdir -p "$OUT"

# parse SERIAL RUNDIR: split the serial log into the result files
parse_serial() {
    local serial=$1 dir=$2
    tr -d '\r' <"$serial" >"$work/serial.txt"
    # console text without the base64 payloads
    awk '
        /^===IOASID-(STDOUT|STDERR) .*===$/ { print; skip = 1; next }
        /^===IOASID-CAPTURE-BEGIN===$/ { print; skip = 1; next }
        /^===IOASID-(END|CAPTURE-END)/ { skip = 0 }
        skip && /^[A-Za-z0-9+\/=]*$/ { next }
        { skip = 0; print }' "$work/serial.txt" >"$dir/serial.log"
    # payload blocks -> $work/blk/NAME.{out,err,rc}, capture -> $work/blk/capture.b64
    rm -rf "$work/blk"
    mkdir -p "$work/blk"
    awk -v d="$work/blk" '
        match($0, /^===IOASID-STDOUT (.*)===$/) { f = d "/" substr($0, 18, length($0) - 20) ".out"; printf "" > f; next }
        match($0, /^===IOASID-STDERR (.*)===$/) { f = d "/" substr($0, 18, length($0) - 20) ".err"; printf "" > f; next }
        /^===IOASID-END / { split($0, a, " "); n = a[2]; r = a[3]; sub(/^rc=/, "", r); sub(/===$/, "", r)
                            print r > (d "/" n ".rc"); print n "\t" r >> (d "/commands.tsv"); f = ""; next }
        /^===IOASID-SKIP / { split($0, a, " "); print a[2] "\tskipped" >> (d "/commands.tsv"); next }
        /^===IOASID-CAPTURE-BEGIN===$/ { f = d "/capture.b64"; printf "" > f; next }
        /^===IOASID-CAPTURE-END / { r = $2; sub(/^rc=/, "", r); sub(/===$/, "", r); print r > (d "/capture.rc"); f = ""; next }
        /^===IOASID-DONE===$/ { print "done" > (d "/done"); f = ""; next }
        f != "" && /^[A-Za-z0-9+\/=]+$/ { print >> f; next }
        f != "" { f = "" }' "$work/serial.txt"
    [ -f "$work/blk/done" ] || return 1
    local n base
    for f in "$work"/blk/*.rc; do
        n=$(basename "$f" .rc)
        [ "$n" = capture ] && continue
        case $n in
            oracle) base=oracle; base64 -d "$work/blk/$n.out" >"$dir/oracle.txt" ;;
            *-json) base=${n%-json}; base64 -d "$work/blk/$n.out" >"$dir/$base.json" ;;
            *-archive) base=${n%-archive}; base64 -d "$work/blk/$n.out" >"$dir/$base.tar.gz" ;;
            *) base=$n; base64 -d "$work/blk/$n.out" >"$dir/$base.txt" ;;
        esac
        base64 -d "$work/blk/$n.err" >"$work/err"
        if [ -s "$work/err" ]; then cp "$work/err" "$dir/$base.stderr"; fi
    done
    [ -f "$work/blk/commands.tsv" ] && cp "$work/blk/commands.tsv" "$dir/commands.tsv"
    rm -rf "$dir/sysroot"
    mkdir -p "$dir/sysroot"
    base64 -d "$work/blk/capture.b64" | tar xzf - -C "$dir/sysroot"
}

failed=0
t_all=$(date +%s)
for k in $kernels; do
    release=$(cat "$CACHE/$k/release")
    initrd=$work/initrd-$k.cpio.gz
    case $k in
        *-arm64) arch=arm64 kstage=$STAGE_ARM64 ktests='' qemu=qemu-system-aarch64 ;;
        *) arch=x86_64 kstage=$STAGE ktests=$TESTS_TREE qemu=qemu-system-x86_64 ;;
    esac
    qver=$($qemu --version | head -n1)
    rc=0
    t_init=$(date +%s)
    "$here/mkinitramfs.sh" --cache "$CACHE" ${kstage:+--stage "$kstage"} \
        ${ktests:+--tests "$ktests"} "$k" "$initrd" >&2 || rc=$?
    [ $rc -eq 77 ] && skip "initramfs prerequisites missing for $k"
    [ $rc -eq 0 ] || { echo "run.sh: mkinitramfs failed for $k" >&2; exit 1; }
    t_init=$(($(date +%s) - t_init))
    mapfile -t krows < <(rows_for "$k")
    for row in "${krows[@]}"; do
        mapfile -t dev_lines < <(devices "$work/nvme.img")
        dev_args=()
        for l in "${dev_lines[@]}"; do dev_args+=("${l%% *}" "${l#* }"); done
        if [ "$arch" = arm64 ]; then
            IFS='|' read -r cname machine kcmd firmware <<<"$row"
            cmdline="$ARM_BASE_CMDLINE${kcmd:+ $kcmd}"
            fw_args=()
            [ "$firmware" = uefi ] && fw_args=(-bios "$ARM_EFI")
            # shellcheck disable=SC2054  # commas are QEMU option syntax
            args=(-machine "$machine" -cpu max,pauth-impdef=on -accel tcg -m 512M -nodefaults
                  -display none -no-reboot -monitor none "${fw_args[@]}"
                  -serial "file:$work/serial-$k-$cname.raw"
                  "${dev_args[@]}"
                  -kernel "$CACHE/$k/vmlinuz-$release" -initrd "$initrd"
                  -append "$cmdline")
        else
            IFS='|' read -r cname iommu_dev kcmd <<<"$row"
            cmdline="$BASE_CMDLINE${kcmd:+ $kcmd}"
            read -ra iommu_args <<<"$iommu_dev"
            # shellcheck disable=SC2054  # commas are QEMU option syntax
            args=(-machine q35,kernel-irqchip=split -accel tcg -m 512M -nodefaults
                  -display none -no-reboot -monitor none -serial "file:$work/serial-$k-$cname.raw"
                  "${iommu_args[@]}" "${dev_args[@]}"
                  -kernel "$CACHE/$k/vmlinuz-$release" -initrd "$initrd"
                  -append "$cmdline")
        fi
        run=$k-$cname
        dir=$OUT/$run
        mkdir -p "$dir"
        find "$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
        t0=$(date +%s)
        qrc=0
        timeout "$TIMEOUT" $qemu "${args[@]}" </dev/null >"$work/qemu.out" 2>&1 || qrc=$?
        t1=$(date +%s)
        {
            echo "run=$run"
            echo "kernel=$release"
            echo "arch=$arch"
            echo "qemu=$qver"
            echo "qemu_args=${args[*]}"
            echo "cmdline=$cmdline"
            echo "stage=${kstage:+yes}"
            echo "boot_seconds=$((t1 - t0))"
            echo "initramfs_seconds=$t_init"
        } | sed "s|$work/||g" >"$dir/meta.txt"
        if parse_serial "$work/serial-$run.raw" "$dir"; then
            status=ok
        else
            status=FAILED
            failed=1
            cp "$work/serial-$run.raw" "$dir/serial.raw.log"
            cat "$work/qemu.out" >&2
        fi
        [ -n "$KEEP_RAW" ] && cp "$work/serial-$run.raw" "$dir/serial.raw.log"
        [ $qrc -eq 124 ] && status="$status (timeout ${TIMEOUT}s)"
        echo "run.sh: $run: $status in $((t1 - t0)) s -> $dir"
    done
done
echo "run.sh: matrix took $(($(date +%s) - t_all)) s"
exit $failed
