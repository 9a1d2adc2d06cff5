#!/bin/bash
# Fetch the Debian kernels the VM harness boots (see tests/vm/README.md).
#
# usage: tests/vm/fetch-kernels.sh [CACHE]
#   CACHE defaults to ${IOASID_VM_CACHE:-/var/cache/ioasidctl-vm} (outside the repo).
#
# Resolves the exact kernel releases through Debian's meta packages (never
# hard-coded, Debian rotates them):
#   6.12: linux-image-6.12-amd64 -> linux-image-<release>
#   6.1 : linux-image-amd64      -> linux-image-6.1.0-NN-amd64
#   6.12-arm64: linux-image-6.12-arm64:arm64 -> linux-image-<release>:arm64
#   6.1-arm64 : linux-image-arm64:arm64      -> linux-image-6.1.0-NN-arm64:arm64
# The arm64 kernels (short names ending in -arm64) need `dpkg
# --add-architecture arm64` (scripts/install-deps.sh); nothing of arm64 is
# installed: the image, linux-headers-<release>:arm64, its
# linux-headers-<version>-common and busybox-static:arm64 are downloaded
# (apt-get download) and unpacked (dpkg-deb -x) into the cache.  The headers
# go to CACHE/<short>/headers/usr/src/ (their Makefile's absolute include of
# the -common tree rewritten to the cache, their scripts/ and tools/ links
# resolved through CACHE/<short>/headers/usr/lib/linux-kbuild-<version> ->
# the host's amd64 /usr/lib/linux-kbuild-<version>, installed if missing), so
# the oracle cross-builds with
#   make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -C $(cat CACHE/<short>/hdr) M=...
# busybox-static:arm64 goes to CACHE/busybox-arm64/bin/busybox.
# downloads the image .debs into CACHE, extracts vmlinuz and /boot/config-* into
# CACHE/<short>/, the guest driver modules ($GUEST_MODULES and their
# dependencies, decompressed) into CACHE/<short>/modules/ with a load order in
# CACHE/<short>/modules/load-order, and (as root) installs
# linux-headers-<release> so the oracle module can be built.  Idempotent.  Writes CACHE/<short>/release and prints
#   <short> <release> <CACHE>/<short>
# per kernel.  Exit 77 (skip) when apt cannot provide what is needed.
set -euo pipefail

CACHE=${1:-${IOASID_VM_CACHE:-/var/cache/ioasidctl-vm}}
KERNELS=${IOASID_VM_KERNELS:-"6.12 6.1"}

# drivers for the emulated devices (virtio_pci is =m in 6.1, =y in 6.12);
# missing names are ignored (built in).
GUEST_MODULES=${IOASID_VM_MODULES:-"virtio_pci virtio_net nvme"}

skip() { echo "fetch-kernels: SKIP: $*" >&2; exit 77; }

command -v apt-cache >/dev/null || skip "apt-cache not available"
command -v dpkg-deb >/dev/null || skip "dpkg-deb not available"
mkdir -p "$CACHE/debs"

meta_for() {
    case $1 in
        6.12) echo linux-image-6.12-amd64 ;;
        6.1) echo linux-image-amd64 ;;
        6.12-arm64) echo linux-image-6.12-arm64:arm64 ;;
        6.1-arm64) echo linux-image-arm64:arm64 ;;
        *) echo "fetch-kernels: unknown kernel '$1'" >&2; return 1 ;;
    esac
}

# arch_of SHORT: the Debian architecture of a kernel short name
arch_of() { case $1 in *-arm64) echo arm64 ;; *) echo amd64 ;; esac; }

# resolve META ARCH -> image package name (linux-image-<release>, no :arch)
resolve() {
    local meta=$1 arch=$2 pkg re
    re="s/^ *Depends: \(linux-image-[0-9][^ :]*-$arch\)\(:$arch\)\{0,1\}\$/\1/p"
    pkg=$(apt-cache depends "$meta" 2>/dev/null | sed -n "$re" | head -n1)
    if [ -z "$pkg" ] && [ "$(id -u)" = 0 ] && [ -z "${IOASID_VM_NO_UPDATE:-}" ]; then
        apt-get update -qq >/dev/null 2>&1 || true
        pkg=$(apt-cache depends "$meta" 2>/dev/null | sed -n "$re" | head -n1)
    fi
    [ -n "$pkg" ] || return 1
    echo "$pkg"
}

# fetch_deb PKG[:ARCH]: the path of its .deb in CACHE/debs, downloaded if missing
fetch_deb() {
    local spec=$1 name=${1%%:*} arch deb
    case $spec in *:*) arch=${spec#*:} ;; *) arch= ;; esac
    deb=$(find "$CACHE/debs" -maxdepth 1 -name "${name}_*${arch:+_$arch}.deb" | sort | tail -n1)
    if [ -z "$deb" ]; then
        (cd "$CACHE/debs" && apt-get download -q "$spec" >&2 2>/dev/null) || return 1
        deb=$(find "$CACHE/debs" -maxdepth 1 -name "${name}_*${arch:+_$arch}.deb" | sort | tail -n1)
    fi
    [ -n "$deb" ] || return 1
    echo "$deb"
}

# arm64_headers RELEASE DIR: linux-headers-RELEASE:arm64 and its -common
# unpacked into DIR/headers, usable from the amd64 host (see the top).
# Prints the headers directory.
arm64_headers() {
    local release=$1 dir=$2 hdeb cdeb common kb h
    h=$dir/headers/usr/src/linux-headers-$release
    if [ ! -f "$h/Makefile" ] || [ "$(cat "$dir/headers/release" 2>/dev/null)" != "$release" ]; then
        hdeb=$(fetch_deb "linux-headers-$release:arm64") ||
            { echo "fetch-kernels: apt-get download linux-headers-$release:arm64 failed" >&2; return 77; }
        # linux-headers-<version>-common (Architecture: all), named by the
        # arch package's Depends
        common=$(dpkg-deb -f "$hdeb" Depends | tr ',' '\n' |
                 sed -n 's/^ *\(linux-headers-[^ ]*-common\)\( .*\)\{0,1\}$/\1/p' | head -n1)
        [ -n "$common" ] || { echo "fetch-kernels: $hdeb names no -common package" >&2; return 1; }
        cdeb=$(fetch_deb "$common") ||
            { echo "fetch-kernels: apt-get download $common failed" >&2; return 77; }
        rm -rf "$dir/headers"
        mkdir -p "$dir/headers"
        dpkg-deb -x "$hdeb" "$dir/headers"
        dpkg-deb -x "$cdeb" "$dir/headers"
        # "include /usr/src/linux-headers-<version>-common/Makefile"
        sed -i "s|^include /usr/src/|include $dir/headers/usr/src/|" "$h/Makefile"
        echo "$release" >"$dir/headers/release"
    fi
    # scripts -> ../../lib/linux-kbuild-<version>/scripts: the amd64 host tools
    kb=$(readlink "$h/scripts" | sed -n 's|^\.\./\.\./lib/\(linux-kbuild-[^/]*\)/scripts$|\1|p')
    [ -n "$kb" ] || { echo "fetch-kernels: $h/scripts is not a linux-kbuild link" >&2; return 1; }
    if [ ! -d "/usr/lib/$kb/scripts" ]; then
        if [ "$(id -u)" = 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$kb" >&2 ||
                { echo "fetch-kernels: apt-get install $kb failed" >&2; return 77; }
        else
            echo "fetch-kernels: /usr/lib/$kb missing and not root (apt-get install $kb)" >&2
            return 77
        fi
    fi
    mkdir -p "$dir/headers/usr/lib"
    ln -sfn "/usr/lib/$kb" "$dir/headers/usr/lib/$kb"
    echo "$h"
}

# busybox-static:arm64 unpacked into CACHE/busybox-arm64 (never installed)
arm64_busybox() {
    local deb d=$CACHE/busybox-arm64
    [ -x "$d/bin/busybox" ] && return 0
    deb=$(fetch_deb busybox-static:arm64) ||
        { echo "fetch-kernels: apt-get download busybox-static:arm64 failed" >&2; return 77; }
    rm -rf "$d"
    mkdir -p "$d"
    dpkg-deb -x "$deb" "$d"
}

# extract_modules MODDIR DEST: copy GUEST_MODULES + dependency closure,
# decompressed, and write DEST/load-order (dependencies first)
extract_modules() {
    local moddir=$1 dest=$2 m
    rm -rf "$dest"
    mkdir -p "$dest"
    : >"$dest/load-order"
    local -A seen_mod=() path_of=()
    local p b
    while read -r p; do
        b=${p##*/}; b=${b%%.ko*}; b=${b//-/_}
        path_of[$b]=$p
    done < <(find "$moddir" -name '*.ko*')
    add_module() {
        local name=${1//-/_} f dep
        [ -n "${seen_mod[$name]:-}" ] && return 0
        seen_mod[$name]=1
        f=${path_of[$name]:-}
        [ -n "$f" ] || return 0        # built in
        for dep in $(modinfo -F depends "$f" | tr ',' ' '); do
            add_module "$dep"
        done
        case $f in
            *.ko.xz) xz -dc "$f" >"$dest/$name.ko" ;;
            *.ko.zst) zstd -qdc "$f" >"$dest/$name.ko" ;;
            *.ko.gz) gzip -dc "$f" >"$dest/$name.ko" ;;
            *) cp "$f" "$dest/$name.ko" ;;
        esac
        echo "$name.ko" >>"$dest/load-order"
    }
    for m in $GUEST_MODULES; do
        add_module "$m"
    done
}

for k in $KERNELS; do
    meta=$(meta_for "$k")
    arch=$(arch_of "$k")
    pkg=$(resolve "$meta" "$arch") || skip "cannot resolve $meta through apt-cache"
    release=${pkg#linux-image-}
    dir=$CACHE/$k
    mkdir -p "$dir"
    if [ ! -s "$dir/vmlinuz-$release" ] || [ ! -s "$dir/config-$release" ] ||
       [ "$(cat "$dir/modules/release" 2>/dev/null)" != "$release" ]; then
        deb=$(fetch_deb "$pkg:$arch") || skip "apt-get download $pkg:$arch failed (no apt access?)"
        tmp=$(mktemp -d "$CACHE/x.XXXXXX")
        dpkg-deb -x "$deb" "$tmp"
        cp "$tmp/boot/vmlinuz-$release" "$dir/vmlinuz-$release"
        cp "$tmp/boot/config-$release" "$dir/config-$release"
        extract_modules "$tmp/lib/modules/$release" "$dir/modules"
        echo "$release" >"$dir/modules/release"
        rm -rf "$tmp"
    fi
    # drop stale extractions of older (rotated) releases
    find "$dir" -maxdepth 1 \( -name 'vmlinuz-*' -o -name 'config-*' \) \
        ! -name "*-$release" -delete
    echo "$release" >"$dir/release"
    echo "$arch" >"$dir/arch"
    if [ "$arch" = arm64 ]; then
        hrc=0
        hdr=$(arm64_headers "$release" "$dir") || hrc=$?
        [ $hrc -eq 77 ] && skip "arm64 headers for $release unavailable"
        [ $hrc -eq 0 ] || exit 1
        echo "$hdr" >"$dir/hdr"
        brc=0
        arm64_busybox || brc=$?
        [ $brc -eq 77 ] && skip "busybox-static:arm64 unavailable"
        [ $brc -eq 0 ] || exit 1
        echo "$k $release $dir"
        continue
    fi
    hdr=/usr/src/linux-headers-$release
    echo "$hdr" >"$dir/hdr"
    if [ ! -f "$hdr/Makefile" ]; then
        if [ "$(id -u)" = 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                "linux-headers-$release" >&2 ||
                skip "apt-get install linux-headers-$release failed"
        else
            skip "$hdr missing and not root (apt-get install linux-headers-$release)"
        fi
    fi
    echo "$k $release $dir"
done
