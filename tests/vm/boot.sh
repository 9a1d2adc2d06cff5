#!/bin/bash
# The real-kernel test: install this build into a staging tree, boot
# Debian's 6.12 and 6.1 kernels under QEMU/TCG with each IOMMU
# configuration (x86-64: VT-d, AMD, none; arm64: SMMUv3 with a device tree
# and with ACPI/IORT, ioasidctl cross-built from this tree's sources by
# run.sh), run ioasidctl in the guest next to the oracle module, and
# compare (check.sh): guest JSON vs oracle and boot lines, and the guest's
# capture replayed on the host vs the guest's own output.
set -euo pipefail
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$top/build}
IOASIDCTL=${IOASIDCTL:-$builddir/src/cmd/ioasidctl}
if [ -n "${IOASID_SKIP_VM:-}" ]; then
	echo "SKIP: $IOASID_SKIP_VM"
	exit 77
fi
if [ ! -w "$top" ]; then
	echo "SKIP: read-only source tree (make distcheck): the vm tests run in make check"
	exit 77
fi
[ "$(id -u)" -eq 0 ] || { echo "SKIP: the vm tests need root (apt-get download, headers)"; exit 77; }
builddir=$(cd "$builddir" && pwd)
stage=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$stage" "$out"' EXIT
# the guest runs /usr/bin/ioasidctl: install with prefix /usr whatever the
# build's prefix (libtool relinks for it)
make -C "$builddir" install prefix=/usr DESTDIR="$stage" >/dev/null
rc=0
"$top/tests/vm/run.sh" --stage "$stage" --tests "$builddir" --out "$out" || rc=$?
[ "$rc" -eq 77 ] && exit 77
[ "$rc" -eq 0 ] || { echo "run.sh failed ($rc)"; exit 1; }
rc=0
"$top/tests/vm/check.sh" --ioasidctl "$IOASIDCTL" "$out" || rc=$?
# the reference module's runs (kmod/, commands-kmod); 77: it loaded nowhere
krc=0
"$top/tests/vm/kmod-golden.sh" "$out"/*/ || krc=$?
[ "$krc" -eq 77 ] && krc=0
[ "$rc" -eq 0 ] && [ "$krc" -eq 0 ]
