#!/bin/bash
# Golden test on the committed real-kernel captures (tests/data/vm): replay
# each captured guest with the host's ioasidctl (--sysroot) and compare its
# JSON with what the guest kernel itself computed (oracle.txt from the oracle
# module, and the kernel's DMAR / AMD-Vi boot lines in serial.log), through
# check.sh. Needs no QEMU: it runs everywhere, in every pass.
set -euo pipefail
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
IOASIDCTL=${IOASIDCTL:-$top/build/src/cmd/ioasidctl}
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for run in "$top"/tests/data/vm/*/; do
	[ -d "$run/sysroot" ] || continue
	name=$(basename "$run")
	mkdir -p "$tmp/$name"
	# the oracle and the boot log come from the guest; the JSON from us
	cp "$run/oracle.txt" "$run/serial.log" "$tmp/$name/"
	[ -f "$run/meta.txt" ] && cp "$run/meta.txt" "$tmp/$name/"
	# the guest's dump archive: check.sh replays it against its manifest
	[ -f "$run/dump.tar.gz" ] && cp "$run/dump.tar.gz" "$tmp/$name/"
	ln -s "$(cd "$run/sysroot" && pwd)" "$tmp/$name/sysroot"
	"$IOASIDCTL" --sysroot "$run/sysroot" iommu list -J >"$tmp/$name/iommu-list.json"
	"$IOASIDCTL" --sysroot "$run/sysroot" device list --all -J >"$tmp/$name/device-list.json"
	"$IOASIDCTL" --sysroot "$run/sysroot" group list -J >"$tmp/$name/group-list.json"
	# the chain of every PCI function, as tests/vm/why-all.sh records it in
	# the guest: check.sh holds the kernel's SVA errnos (oracle.txt) against
	# this build's chain on the replayed capture (its status says the answer,
	# the document is what counts)
	# shellcheck disable=SC2046  # one argument per function
	"$IOASIDCTL" --sysroot "$run/sysroot" device why -J \
		$(ls "$run/sysroot/sys/bus/pci/devices") >"$tmp/$name/device-why-all.json" || :
	n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "SKIP: no captures under tests/data/vm"; exit 77; }
echo "replayed $n captures"
exec "$top/tests/vm/check.sh" --ioasidctl "$IOASIDCTL" "$tmp"
