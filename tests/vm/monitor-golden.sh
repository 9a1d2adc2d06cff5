#!/bin/bash
# Golden test of `ioasidctl monitor` on real kernels: each guest ran
# tests/vm/monitor-pci.sh (unbind + bind of the virtio-net function
# 0000:01:00.0 while `monitor -J --kind uevent` was running). Expected, from
# the kernel and not from ioasidctl:
#   - drivers/base/dd.c __device_release_driver() sends KOBJ_UNBIND after
#     device_unbind_cleanup() cleared dev->driver: an "unbind" uevent of
#     subsystem pci for the device, without DRIVER (drivers/base/core.c
#     dev_uevent() adds DRIVER= only while a driver is bound);
#   - driver_bound() sends KOBJ_BIND once bound: a "bind" with
#     DRIVER=virtio-pci (drivers/virtio/virtio_pci_common.c
#     virtio_pci_driver.name), after the unbind: a larger SEQNUM;
#   - DEVPATH is the device's sysfs path: it ends in /0000:01:00.0;
#   - nothing lost, SIGINT ended the monitor with status 0.
# usage: monitor-golden.sh [OUTDIR]  (default: the committed tests/data/vm)
set -uo pipefail
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
out=${1:-$top/tests/data/vm}
dev=0000:01:00.0
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
pass=0 fail=0
expect() { # NAME GOT WANT
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1: got '$2', want '$3'"
	fi
}
n=0
for run in "$out"/*/; do
	f=$run/monitor-pci.txt
	[ -f "$f" ] || continue
	name=$(basename "$run")
	n=$((n + 1))
	expect "$name monitor exit" \
		"$(awk -F'\t' '$1 == "monitor-pci" { print $2 }' "$run/commands.tsv")" 0
	expect "$name every line is a schema_version 1 object" \
		"$(jq -c 'select(.schema_version != 1)' "$f" | wc -l)" 0
	expect "$name nothing lost" "$(jq -c 'select(.action == "lost")' "$f" | wc -l)" 0
	unb=$(jq -c --arg d "$dev" 'select(.kind == "uevent" and .object == $d and .action == "unbind")' "$f")
	bnd=$(jq -c --arg d "$dev" 'select(.kind == "uevent" and .object == $d and .action == "bind")' "$f")
	expect "$name one unbind of $dev" "$(printf '%s' "$unb" | grep -c .)" 1
	expect "$name one bind of $dev" "$(printf '%s' "$bnd" | grep -c .)" 1
	expect "$name unbind: subsystem pci" "$(jq -r '.fields.subsystem' <<<"$unb")" pci
	expect "$name unbind: no driver" "$(jq -r '.fields.driver' <<<"$unb")" null
	expect "$name unbind: devpath ends in /$dev" \
		"$(jq -r '.fields.devpath | endswith("/'$dev'")' <<<"$unb")" true
	expect "$name bind: subsystem pci" "$(jq -r '.fields.subsystem' <<<"$bnd")" pci
	expect "$name bind: driver virtio-pci" "$(jq -r '.fields.driver' <<<"$bnd")" virtio-pci
	expect "$name bind: pci_slot_name" "$(jq -r '.fields.pci_slot_name' <<<"$bnd")" "$dev"
	expect "$name bind after unbind (SEQNUM)" \
		"$(jq -n --argjson u "$unb" --argjson b "$bnd" '$b.seq > $u.seq')" true
done
if [ $n -eq 0 ]; then
	echo "SKIP: no run under $out has monitor-pci.txt (re-capture with tests/vm/run.sh)"
	exit 77
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
