#!/usr/bin/env bash
# The README's first command: install, build, and run ioasidctl on this
# host and on a captured real kernel (QEMU guest with an emulated VT-d in
# scalable mode, stored under tests/data/vm).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
ctl=$("$top/scripts/build.sh" | sed -n 's/^build: //p')
echo
echo "== ioasidctl status (this host) =="
"$ctl" status
snap="$top/tests/data/vm/6.12-vtd-sm/sysroot"
if [ -d "$snap" ]; then
	echo
	echo "== ioasidctl --sysroot tests/data/vm/6.12-vtd-sm/sysroot status (replay of a real 6.12 kernel) =="
	"$ctl" --sysroot "$snap" status
	echo
	"$ctl" --sysroot "$snap" iommu list
	echo
	"$ctl" --sysroot "$snap" device list
fi
echo
echo "== ioasidctl --pci-dump tests/data/pci/pri-pasid.dump device list (a real Intel DSA's config space) =="
"$ctl" --pci-dump "$top/tests/data/pci/pri-pasid.dump" device list -o +PRI_CAPACITY,ATS_QDEP
echo
echo "== ioasidctl --pci-dump tests/data/pci/pri-pasid.dump device why 6a:01.0 (the DSA's own rules) =="
"$ctl" --pci-dump "$top/tests/data/pci/pri-pasid.dump" device why 6a:01.0
arch="$top/tests/data/vm/6.12-amd/dump.tar.gz"
if [ -f "$arch" ]; then
	echo
	echo "== ioasidctl --sysroot tests/data/vm/6.12-amd/dump.tar.gz status (a guest's bug-report dump) =="
	"$ctl" --sysroot "$arch" status
fi
# the emulated host: the IOASID extension (sets, quotas, SPIDs) owned by
# the model of the seed's core, on a platform with real DSA config space
sim=$(mktemp -d /tmp/ioasidctl-sim.XXXXXX)
"$ctl" sim init "$sim/host" --vms 3 >/dev/null
echo
echo "== ioasidctl --sim $sim/host capacity show / set list / list / cgroup list (an emulated host) =="
"$ctl" --sim "$sim/host" capacity show
echo
"$ctl" --sim "$sim/host" set list
echo
"$ctl" --sim "$sim/host" list
echo
"$ctl" --sim "$sim/host" cgroup list
echo
"$ctl" sim check "$sim/host"
