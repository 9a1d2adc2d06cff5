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
        *) echo "fetch-kernels: unknown kernel '$1'" >&2; return 1 ;;
    esac
}

# resolve META -> image package name (linux-image-<release>)
resolve() {
    local meta=$1 pkg
    pkg=$(apt-cache depends "$meta" 2>/dev/null |
          sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1)
    if [ -z "$pkg" ] && [ "$(id -u)" = 0 ] && [ -z "${IOASID_VM_NO_UPDATE:-}" ]; then
        apt-get update -qq >/dev/null 2>&1 || true
        pkg=$(apt-cache depends "$meta" 2>/dev/null |
              sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1)
    fi
    [ -n "$pkg" ] || return 1
    echo "$pkg"
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
    pkg=$(resolve "$meta") || skip "cannot resolve $meta through apt-cache"
    release=${pkg#linux-image-}
    dir=$CACHE/$k
    mkdir -p "$dir"
    if [ ! -s "$dir/vmlinuz-$release" ] || [ ! -s "$dir/config-$release" ] ||
       [ "$(cat "$dir/modules/release" 2>/dev/null)" != "$release" ]; then
        deb=$(find "$CACHE/debs" -maxdepth 1 -name "${pkg}_*.deb" | head -n1)
        if [ -z "$deb" ]; then
            (cd "$CACHE/debs" && apt-get download -q "$pkg" >&2) ||
                skip "apt-get download $pkg failed (no apt access?)"
            deb=$(find "$CACHE/debs" -maxdepth 1 -name "${pkg}_*.deb" | head -n1)
        fi
        [ -n "$deb" ] || skip "no .deb for $pkg"
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
    hdr=/usr/src/linux-headers-$release
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
