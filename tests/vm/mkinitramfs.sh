#!/bin/bash
# Build the busybox initramfs for one kernel.
#
# usage: tests/vm/mkinitramfs.sh [--stage DIR] [--commands FILE] [--cache DIR]
#                                [--build DIR] KERNEL-SHORT OUT.cpio.gz
#   KERNEL-SHORT  6.12, 6.1, 6.12-arm64 or 6.1-arm64 (as fetched by
#                 fetch-kernels.sh into CACHE/<short>)
#   --stage DIR   DESTDIR of `make install DESTDIR=DIR` (prefix /usr): every
#                 program in DIR/usr/bin and DIR/usr/sbin plus DIR/usr/lib is
#                 copied, with all shared libraries they need and the loader.
#                 Without it the initramfs has no ioasidctl (oracle + capture).
#   --commands F  command list for the guest (default tests/vm/commands)
#   --build DIR   where the oracle module is built (default
#                 ${TMPDIR:-/tmp}/ioasidctl-vm-build)
#   --tests DIR   a build tree: its conformance programs conf_kmod and
#                 conf_diff go to /usr/libexec/ioasidctl-tests (the guest
#                 runs them against the reference module, commands-kmod)
# Contents: busybox-static + applet links, /init, /capture.sh, /bin/kmsg-dump
# (static), /oracle/ioasid_oracle.ko (built against
# /usr/src/linux-headers-<release>), driver modules for the emulated devices,
# /boot/config-<release>, /usr/share/misc/pci.ids (+ /usr/share/hwdata),
# lspci from the host, /commands; the reference module /kmod/ioasid.ko (kmod/,
# built against the same headers; /kmod/SKIP with the reason if it does not
# build), the static /bin/ioasid-hold, /bin/ioasid-notify and
# /bin/ioasid-probe, /commands-kmod, /commands-kmod-load and kmod-load.sh.
# arm64 kernels (CACHE/<short>/arch = arm64): busybox-static:arm64 from
# CACHE/busybox-arm64 (its applet list read through qemu-aarch64-static),
# the oracle cross-built (ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
# against the unpacked headers named in CACHE/<short>/hdr, kmsg-dump
# cross-compiled static; no lspci, no reference module, no conformance
# programs (the host's are x86-64); --stage must hold an aarch64 build.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${IOASID_VM_CACHE:-/var/cache/ioasidctl-vm}
BUILD=${IOASID_VM_BUILD:-${TMPDIR:-/tmp}/ioasidctl-vm-build}
STAGE=
TESTS=
COMMANDS=$here/commands
top=$(cd "$here/../.." && pwd)

while [ $# -gt 0 ]; do
    case $1 in
        --stage) STAGE=$2; shift 2 ;;
        --commands) COMMANDS=$2; shift 2 ;;
        --cache) CACHE=$2; shift 2 ;;
        --build) BUILD=$2; shift 2 ;;
        --tests) TESTS=$2; shift 2 ;;
        -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
        -*) echo "mkinitramfs: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -eq 2 ] || { echo "usage: $0 [--stage DIR] KERNEL-SHORT OUT.cpio.gz" >&2; exit 2; }
short=$1
out=$2

skip() { echo "mkinitramfs: SKIP: $*" >&2; exit 77; }

kdir=$CACHE/$short
[ -f "$kdir/release" ] || skip "$kdir/release missing (run tests/vm/fetch-kernels.sh)"
release=$(cat "$kdir/release")
arch=$(cat "$kdir/arch" 2>/dev/null || echo amd64)
hdr=$(cat "$kdir/hdr" 2>/dev/null || echo "/usr/src/linux-headers-$release")
[ -f "$hdr/Makefile" ] || skip "$hdr missing (apt-get install linux-headers-$release)"
if [ "$arch" = arm64 ]; then
    KMAKE=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
    CC=aarch64-linux-gnu-gcc
    STRIP=aarch64-linux-gnu-strip
    command -v "$CC" >/dev/null || skip "$CC missing (apt-get install gcc-aarch64-linux-gnu)"
    command -v qemu-aarch64-static >/dev/null ||
        skip "qemu-aarch64-static missing (apt-get install qemu-user-static)"
    BUSYBOX=$CACHE/busybox-arm64/bin/busybox
    [ -x "$BUSYBOX" ] || skip "$BUSYBOX missing (tests/vm/fetch-kernels.sh unpacks busybox-static:arm64)"
    applets=$(qemu-aarch64-static "$BUSYBOX" --list)
    BUILD=$BUILD/arm64
else
    KMAKE=()
    CC=gcc
    STRIP='strip'
    BUSYBOX=$(command -v busybox || true)
    [ -n "$BUSYBOX" ] || skip "busybox not installed (apt-get install busybox-static)"
    if ldd "$BUSYBOX" >/dev/null 2>&1; then
        skip "$BUSYBOX is not static (apt-get install busybox-static)"
    fi
    applets=$("$BUSYBOX" --list)
fi

mkdir -p "$BUILD"
# ---- oracle module (rebuilt when its sources change) ------------------------
ob=$BUILD/oracle-$release
if [ ! -f "$ob/ioasid_oracle.ko" ] ||
   ! cmp -s "$here/oracle/oracle.c" "$ob/oracle.c" ||
   ! cmp -s "$here/oracle/Kbuild" "$ob/Kbuild"; then
    rm -rf "$ob"
    mkdir -p "$ob"
    cp "$here/oracle/oracle.c" "$here/oracle/Kbuild" "$here/oracle/Makefile" "$ob/"
    make -s -C "$hdr" "${KMAKE[@]}" M="$ob" modules >"$ob/build.log" 2>&1 || {
        cat "$ob/build.log" >&2
        echo "mkinitramfs: oracle build failed for $release" >&2
        exit 1
    }
    $STRIP --strip-debug "$ob/ioasid_oracle.ko"
fi
# ---- the reference module (kmod/), rebuilt when its sources change ----------
# Built out of a copy (M= needs a writable tree): kmod/ and the ABI header
# it includes from src/lib/include/uapi.
kb=$BUILD/kmod-$release
kmod_skip=
ksum=$(cat "$top"/kmod/Kbuild "$top"/kmod/*.[ch] "$top"/kmod/uapi/*.h \
    "$top/src/lib/include/uapi/ioasid.h" | md5sum | cut -d' ' -f1)
if [ "$arch" != amd64 ]; then
    # init loads it in the vtd-sm runs only (x86-64)
    kmod_skip=runs-in-vtd-sm-only
elif [ ! -f "$kb/kmod/ioasid.ko" ] || [ "$(cat "$kb/sum" 2>/dev/null)" != "$ksum" ]; then
    rm -rf "$kb"
    mkdir -p "$kb/kmod/uapi" "$kb/src/lib/include/uapi"
    cp "$top"/kmod/Kbuild "$top"/kmod/*.[ch] "$kb/kmod/"
    cp "$top"/kmod/uapi/*.h "$kb/kmod/uapi/"
    cp "$top/src/lib/include/uapi/ioasid.h" "$kb/src/lib/include/uapi/"
    if make -s -C "$hdr" M="$kb/kmod" modules >"$kb/build.log" 2>&1; then
        strip --strip-debug "$kb/kmod/ioasid.ko"
        echo "$ksum" >"$kb/sum"
    else
        kmod_skip="ioasid.ko does not build against $release"
        echo "mkinitramfs: $kmod_skip:" >&2
        cat "$kb/build.log" >&2
    fi
fi
for h in ioasid-hold ioasid-notify ioasid-probe; do
    [ "$arch" = amd64 ] || break
    if [ ! -x "$BUILD/$h" ] || [ "$here/$h.c" -nt "$BUILD/$h" ] ||
       [ "$top/src/lib/include/uapi/ioasid.h" -nt "$BUILD/$h" ]; then
        gcc -static -Os -Wall -Wextra -I"$top/src/lib/include" -o "$BUILD/$h" "$here/$h.c"
        strip "$BUILD/$h"
    fi
done
# ---- static kmsg reader -------------------------------------------------------
if [ ! -x "$BUILD/kmsg-dump" ] || [ "$here/kmsg-dump.c" -nt "$BUILD/kmsg-dump" ]; then
    $CC -static -Os -Wall -Wextra -o "$BUILD/kmsg-dump" "$here/kmsg-dump.c"
    $STRIP "$BUILD/kmsg-dump"
fi

# ---- tree -----------------------------------------------------------------------
root=$(mktemp -d "$BUILD/root.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/lib,usr/share/misc,boot,oracle,proc,sys,dev,tmp,run,etc}
mkdir -p "$root/lib/modules/ioasid-vm"
ln -s usr/lib "$root/lib64"   # merged-/usr layout for the loader path
cp "$BUSYBOX" "$root/bin/busybox"
for a in $applets; do
    [ "$a" = busybox ] || ln -s busybox "$root/bin/$a"
done
cp "$here/init" "$root/init"
cp "$here/capture.sh" "$root/capture.sh"
cp "$here/monitor-pci.sh" "$root/monitor-pci.sh"
cp "$here/why-all.sh" "$root/why-all.sh"
chmod 755 "$root/init" "$root/capture.sh" "$root/monitor-pci.sh" "$root/why-all.sh"
cp "$BUILD/kmsg-dump" "$root/bin/kmsg-dump"
cp "$ob/ioasid_oracle.ko" "$root/oracle/"
mkdir -p "$root/kmod"
if [ -z "$kmod_skip" ]; then
    cp "$kb/kmod/ioasid.ko" "$root/kmod/"
else
    echo "$kmod_skip" >"$root/kmod/SKIP"
fi
[ "$arch" = amd64 ] && cp "$BUILD/ioasid-hold" "$BUILD/ioasid-notify" "$BUILD/ioasid-probe" "$root/bin/"
grep -v '^[[:space:]]*\(#\|$\)' "$here/commands-kmod" >"$root/commands-kmod" || true
grep -v '^[[:space:]]*\(#\|$\)' "$here/commands-kmod-load" >"$root/commands-kmod-load" || true
cp "$here/kmod-knobs.sh" "$root/kmod/kmod-knobs.sh"
cp "$here/kmod-load.sh" "$root/kmod/kmod-load.sh"
cp "$kdir/config-$release" "$root/boot/config-$release"
if [ -f "$kdir/modules/load-order" ]; then
    cp "$kdir"/modules/*.ko "$kdir/modules/load-order" "$root/lib/modules/ioasid-vm/" 2>/dev/null ||
        cp "$kdir/modules/load-order" "$root/lib/modules/ioasid-vm/"
fi
grep -v '^[[:space:]]*\(#\|$\)' "$COMMANDS" >"$root/commands" || true
[ -f /usr/share/misc/pci.ids ] && cp -L /usr/share/misc/pci.ids "$root/usr/share/misc/pci.ids"
[ -d /usr/share/hwdata ] && cp -aL /usr/share/hwdata "$root/usr/share/hwdata"
echo "root:x:0:0:root:/:/bin/sh" >"$root/etc/passwd"

# list_libs ELF: ldd's output for it; arm64: the aarch64 loader's --list run
# through qemu-aarch64-static (the multiarch libraries of the :arm64 -dev
# packages are in /usr/lib/aarch64-linux-gnu, found by the loader's own path)
ARM64_LOADER=/usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1
list_libs() {
    if [ "$arch" = arm64 ]; then
        qemu-aarch64-static "$ARM64_LOADER" ${STAGE:+--library-path "$STAGE/usr/lib"} --list "$1"
    else
        LD_LIBRARY_PATH=${STAGE:+$STAGE/usr/lib} ldd "$1"
    fi
}

# copy_libs ELF...: the shared libraries and loader each ELF needs, at their paths
copy_libs() {
    local f lib
    for f in "$@"; do
        # ldd fails on static binaries and non-ELF files
        list_libs "$f" >/dev/null 2>&1 || continue
        list_libs "$f" | awk '
            /=> \// { print $3; next }
            /^[[:space:]]*\/[^ ]+ \(0x/ { print $1 }' |
        while read -r lib; do
            case $lib in "$STAGE"/*) [ -n "$STAGE" ] && continue ;; esac
            [ -e "$root$lib" ] && continue
            mkdir -p "$root$(dirname "$lib")"
            cp -L "$lib" "$root$lib"
        done
    done
}

# host lspci (pciutils) for a decode to compare against
if [ "$arch" = amd64 ] && command -v lspci >/dev/null; then
    cp -L "$(command -v lspci)" "$root/usr/bin/lspci"
    copy_libs "$root/usr/bin/lspci"
fi

if [ -n "$TESTS" ] && [ "$arch" = amd64 ]; then
    mkdir -p "$root/usr/libexec/ioasidctl-tests"
    for t in conf_kmod conf_diff conf_udiff; do
        f=$TESTS/tests/conformance/$t
        [ -x "$f" ] || { echo "mkinitramfs: $f missing (make -C $TESTS check)" >&2; exit 2; }
        cp -L "$f" "$root/usr/libexec/ioasidctl-tests/$t"
    done
    copy_libs "$root"/usr/libexec/ioasidctl-tests/*
fi

if [ -n "$STAGE" ]; then
    [ -d "$STAGE/usr" ] || { echo "mkinitramfs: $STAGE/usr missing" >&2; exit 2; }
    if [ ! -d "$STAGE/usr/bin" ] && [ -d "$STAGE/usr/local" ]; then
        echo "mkinitramfs: $STAGE has usr/local only: configure with --prefix=/usr" >&2
        exit 2
    fi
    (cd "$STAGE" && tar cf - --exclude='usr/include' --exclude='usr/share/man' \
        --exclude='usr/share/doc' --exclude='*.a' --exclude='*.la' usr) |
        (cd "$root" && tar xf -)
    mapfile -t elves < <(find "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib" \
        -maxdepth 1 -type f \( -perm -u+x -o -name '*.so*' \) 2>/dev/null)
    if [ "$arch" = arm64 ]; then
        # the programs must be aarch64 (run.sh --stage-arm64)
        if [ -f "$STAGE/usr/bin/ioasidctl" ] &&
           ! readelf -h "$STAGE/usr/bin/ioasidctl" 2>/dev/null | grep -q 'Machine:.*AArch64'; then
            echo "mkinitramfs: $STAGE/usr/bin/ioasidctl is not an aarch64 program" >&2
            exit 2
        fi
        [ -f "$ARM64_LOADER" ] || { echo "mkinitramfs: $ARM64_LOADER missing (apt-get install libc6:arm64)" >&2; exit 2; }
        # PT_INTERP of aarch64 programs: /lib/ld-linux-aarch64.so.1
        cp -L "$ARM64_LOADER" "$root/lib/ld-linux-aarch64.so.1"
    fi
    [ ${#elves[@]} -eq 0 ] || copy_libs "${elves[@]}"
fi

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: $out ($short $release, $(du -k "$out" | cut -f1) KiB${STAGE:+, stage $STAGE})"
