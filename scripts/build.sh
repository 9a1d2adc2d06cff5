#!/usr/bin/env bash
# Configure and build in the source tree (or in $1 as a VPATH build dir,
# with further arguments passed to configure).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
[ -x configure ] || autoreconf -fi >/dev/null
builddir=${1:-$top/build}
shift || true
# a tree already configured in place cannot host a VPATH build: use it
if [ -f "$top/config.status" ] && [ "$builddir" = "$top/build" ]; then
	builddir=$top
fi
mkdir -p "$builddir"
cd "$builddir"
[ -f Makefile ] || "$top/configure" -q "$@"
make -j"$(nproc)" >/dev/null
echo "build: $builddir/src/cmd/ioasidctl"
