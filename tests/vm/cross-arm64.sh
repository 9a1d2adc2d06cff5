#!/bin/bash
# Cross-build ioasidctl for the arm64 guests (tests/vm/README.md, "arm64").
#
# usage: tests/vm/cross-arm64.sh SRCDIR BUILDDIR DESTDIR
#   SRCDIR   a source tree with configure (autoreconf -fi done), not
#            configured in-tree
#   BUILDDIR where to configure --host=aarch64-linux-gnu and build (reused:
#            make is incremental; reconfigured when SRCDIR changes)
#   DESTDIR  `make install prefix=/usr DESTDIR=DESTDIR` of the result
# Needs gcc-aarch64-linux-gnu and the :arm64 -dev packages of configure.ac's
# libraries installed multiarch (scripts/install-deps.sh); pkg-config reads
# their .pc files through PKG_CONFIG_LIBDIR (bookworm has no
# aarch64-linux-gnu-pkg-config wrapper).
# Exit 0 built and installed, 77 a prerequisite is missing (one line why),
# 1 configure or make failed (its log on stderr).
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 SRCDIR BUILDDIR DESTDIR" >&2; exit 2; }
src=$(cd "$1" && pwd)
bld=$2
dest=$3
# the :arm64 -dev packages of configure.ac's IOASID_REQUIRE lines
ARM64_DEV="libpci-dev:arm64 libsmartcols-dev:arm64 libjson-c-dev:arm64 libarchive-dev:arm64
libpopt-dev:arm64 libnl-3-dev:arm64 libnl-genl-3-dev:arm64 libncurses-dev:arm64"
export PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig

skip() { echo "cross-arm64: SKIP: $*" >&2; exit 77; }
command -v aarch64-linux-gnu-gcc >/dev/null || skip "aarch64-linux-gnu-gcc missing (apt-get install gcc-aarch64-linux-gnu)"
[ -x "$src/configure" ] || skip "$src/configure missing (autoreconf -fi)"
pkg-config --exists libpci smartcols json-c libarchive popt libnl-3.0 libnl-genl-3.0 ncursesw ||
    skip "arm64 libraries missing (dpkg --add-architecture arm64; apt-get install $(echo $ARM64_DEV))"

mkdir -p "$bld"
bld=$(cd "$bld" && pwd)
if [ ! -f "$bld/Makefile" ] || [ "$(cat "$bld/.srcdir" 2>/dev/null)" != "$src" ]; then
    find "$bld" -mindepth 1 -delete
    (cd "$bld" && "$src/configure" -q --host=aarch64-linux-gnu --prefix=/usr) >"$bld/.configure.log" 2>&1 ||
        { cat "$bld/.configure.log" >&2; echo "cross-arm64: configure --host=aarch64-linux-gnu failed" >&2; exit 1; }
    echo "$src" >"$bld/.srcdir"
fi
make -C "$bld" -j2 >"$bld/.make.log" 2>&1 ||
    { tail -n 40 "$bld/.make.log" >&2; echo "cross-arm64: make failed" >&2; exit 1; }
rm -rf "$dest"
make -C "$bld" install prefix=/usr DESTDIR="$dest" >"$bld/.install.log" 2>&1 ||
    { tail -n 20 "$bld/.install.log" >&2; echo "cross-arm64: make install failed" >&2; exit 1; }
