#!/bin/bash
# Boot Debian's real kernels under QEMU (TCG) with emulated IOMMUs and collect
# what the kernel computed (oracle), what ioasidctl prints in the guest, and a
# sysroot capture for host replay.  See tests/vm/README.md.
#
# usage: tests/vm/run.sh [--kernel 6.12|6.1|all] [--config NAME|all]
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
#   --out DIR    results (default ./vm-out); per run OUT/<kernel>-<config>/:
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

while [ $# -gt 0 ]; do
    case $1 in
        --kernel) KERNEL=$2; shift 2 ;;
        --config) CONFIG=$2; shift 2 ;;
        --stage) STAGE=$(cd "$2" && pwd); shift 2 ;;
        --build) BUILD_TREE=$(cd "$2" && pwd); shift 2 ;;
        --tests) TESTS_TREE=$(cd "$2" && pwd); shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --timeout) TIMEOUT=$2; shift 2 ;;
        --keep-raw) KEEP_RAW=1; shift ;;
        -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

skip() { echo "run.sh: SKIP: $*"; exit 77; }

command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not installed"
command -v cpio >/dev/null || skip "cpio not installed"
command -v busybox >/dev/null || skip "busybox-static not installed"

case $KERNEL in
    all) kernels="6.12 6.1" ;;
    6.12 | 6.1) kernels=$KERNEL ;;
    *) echo "run.sh: --kernel 6.12|6.1|all" >&2; exit 2 ;;
esac
selected=()
for row in "${CONFIGS[@]}"; do
    name=${row%%|*}
    if [ "$CONFIG" = all ] || [ "$CONFIG" = "$name" ]; then
        selected+=("$row")
    fi
done
[ ${#selected[@]} -gt 0 ] || { echo "run.sh: unknown --config $CONFIG" >&2; exit 2; }

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
truncate -s 16M "$work/nvme.img"
mkdir -p "$OUT"
qver=$(qemu-system-x86_64 --version | head -n1)

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
    rc=0
    "$here/mkinitramfs.sh" --cache "$CACHE" ${STAGE:+--stage "$STAGE"} \
        ${TESTS_TREE:+--tests "$TESTS_TREE"} "$k" "$initrd" >&2 || rc=$?
    [ $rc -eq 77 ] && skip "initramfs prerequisites missing for $k"
    [ $rc -eq 0 ] || { echo "run.sh: mkinitramfs failed for $k" >&2; exit 1; }
    for row in "${selected[@]}"; do
        IFS='|' read -r cname iommu_dev kcmd <<<"$row"
        run=$k-$cname
        dir=$OUT/$run
        mkdir -p "$dir"
        find "$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
        read -ra iommu_args <<<"$iommu_dev"
        mapfile -t dev_lines < <(devices "$work/nvme.img")
        dev_args=()
        for l in "${dev_lines[@]}"; do dev_args+=("${l%% *}" "${l#* }"); done
        # shellcheck disable=SC2054  # commas are QEMU option syntax
        args=(-machine q35,kernel-irqchip=split -accel tcg -m 512M -nodefaults
              -display none -no-reboot -monitor none -serial "file:$work/serial-$run.raw"
              "${iommu_args[@]}" "${dev_args[@]}"
              -kernel "$CACHE/$k/vmlinuz-$release" -initrd "$initrd"
              -append "$BASE_CMDLINE${kcmd:+ $kcmd}")
        t0=$(date +%s)
        qrc=0
        timeout "$TIMEOUT" qemu-system-x86_64 "${args[@]}" </dev/null >"$work/qemu.out" 2>&1 || qrc=$?
        t1=$(date +%s)
        {
            echo "run=$run"
            echo "kernel=$release"
            echo "qemu=$qver"
            echo "qemu_args=${args[*]}"
            echo "cmdline=$BASE_CMDLINE${kcmd:+ $kcmd}"
            echo "stage=${STAGE:+yes}"
            echo "boot_seconds=$((t1 - t0))"
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
