#!/bin/sh
# ioasidctl sva list against the fixture sysroots of tests/data/sva (see
# its README: every file is in the format of the kernel function named
# there). Expected values are the fixture's hand-written inputs and what
# the kernel formats mean, never the tool's own output.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
data=${top_srcdir:-.}/tests/data/sva
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- 6.12 host: SPR DSA 1.0 dsa0, IAA iax1, DSA 2.0 dsa2 with event log
out=$("$IOASIDCTL" --sysroot "$data/k612" sva list -J 2>"$tmp/err"); rc=$?
check "k612 -J exits 0" [ "$rc" -eq 0 ]
check "k612 -J valid JSON" sh -c "printf '%s' '$out' | jq -e . >/dev/null"
j() { printf '%s' "$out" | jq -r "$1"; }
check "schema_version 1" [ "$(j .schema_version)" = 1 ]
check "devices in kernel id order (one ida: dsa0 iax1 dsa2)" \
	[ "$(j '[.idxd[].device] | join(" ")')" = "dsa0 iax1 dsa2" ]
check "dsa0 on 0000:6a:01.0 (parent dir of the bus link)" [ "$(j '.idxd[0].pci')" = 0000:6a:01.0 ]
check "dsa0 pasid_enabled true (\"1\")" [ "$(j '.idxd[0].pasid_enabled')" = true ]
check "dsa0 version 0x100 as hex string" [ "$(j '.idxd[0].version')" = 100 ]
check "dsa0 op_cap 0x1003f03ff from the 8-word bitmap" [ "$(j '.idxd[0].op_cap')" = 1003f03ff ]
check "dsa0 sw_error pasid 5 (SWERR bits 59:40)" [ "$(j '.idxd[0].sw_error.pasid')" = 5 ]
check "dsa0 sw_error wq_idx 1" [ "$(j '.idxd[0].sw_error.wq_idx')" = 1 ]
check "dsa0 has 8 WQs (max_work_queues)" [ "$(j '.idxd[0].wqs | length')" = 8 ]
check "dsa0 no event log: event_log_size null" [ "$(j '.idxd[0].event_log_size')" = null ]
check "wq0.0 dedicated user enabled" \
	[ "$(j '.idxd[0].wqs[0] | "\(.mode) \(.type) \(.state) \(.driver)"')" = "dedicated user enabled user" ]
check "wq0.0 cdev /dev/dsa/wq0.0" [ "$(j '.idxd[0].wqs[0].cdev')" = /dev/dsa/wq0.0 ]
check "wq0.0 client pid 4242 comm dsa_test" \
	[ "$(j '.idxd[0].wqs[0].clients[0] | "\(.pid) \(.comm) \(.cr_faults)"')" = "4242 dsa_test 2" ]
check "wq0.1 two clients" [ "$(j '.idxd[0].wqs[1].clients | length')" = 2 ]
check "exited client: comm null, counters kept" \
	[ "$(j '.idxd[0].wqs[1].clients[1] | "\(.comm) \(.cr_faults) \(.cr_fault_failures)"')" = "null 17 1" ]
check "kernel WQ without cdev: cdev_minor null, no clients" \
	[ "$(j '.idxd[0].wqs[2] | "\(.cdev_minor) \(.clients | length)"')" = "null 0" ]
check "unconfigured WQ: group_id -1, name null" \
	[ "$(j '.idxd[0].wqs[3] | "\(.group_id) \(.name)"')" = "-1 null" ]
check "iax1 type iax, wq1.0 driver crypto" \
	[ "$(j '.idxd[1] | "\(.type) \(.wqs[0].driver) \(.wqs[0].driver_name)"')" = "iax crypto crypto" ]
check "dsa2 event_log_size 64" [ "$(j '.idxd[2].event_log_size')" = 64 ]
check "dsa2 event log PASIDs 7 and 9" [ "$(j '.idxd[2].event_log_pasids | join(",")')" = "7,9" ]
check "dsa2 event log entry 1 on wq idx 1" [ "$(j '.idxd[2].event_log[1].wq_idx')" = 1 ]
check "idxd_sva_param true (\"Y\")" [ "$(j .idxd_sva_param)" = true ]
check "uacce empty on x86" [ "$(j '.uacce | length')" = 0 ]
check "no note when devices exist" [ ! -s "$tmp/err" ]

out=$("$IOASIDCTL" --sysroot "$data/k612" sva list -r -n -o DEVICE,WQ,MODE,TYPE,PASID,CLIENTS 2>&1)
check "table: one row per WQ (8 + 2 + 2)" [ "$(printf '%s\n' "$out" | wc -l)" -eq 12 ]
check "table row of wq0.1" match "$out" "^dsa0 wq0.1 shared user yes 2$"
check "table row of an unconfigured WQ" match "$out" "^dsa0 wq0.7 dedicated none yes 0$"
out=$("$IOASIDCTL" --sysroot "$data/k612" sva list -r -n -o WQ,EVENT_LOG_PASIDS)
check "per-WQ event log PASIDs" match "$out" "^wq2.1 9$"
out=$("$IOASIDCTL" --sysroot "$data/k612" sva list --clients -r -n)
check "--clients: 4 rows" [ "$(printf '%s\n' "$out" | wc -l)" -eq 4 ]
check "--clients row" match "$out" "^dsa2 wq2.0 5150 memcpy_bench 4 0$"
out=$("$IOASIDCTL" --sysroot "$data/k612" sva list --clients -J -o WQ,PID)
check "--clients -J -o: flat rows" [ "$(j '.clients[3].pid')" = 5150 ]

# ---- 6.1 host: sva=N, pasid_enabled 0, 6.1 errors form, no file devices
out=$("$IOASIDCTL" --sysroot "$data/k61" sva list -J); rc=$?
check "k61 exits 0" [ "$rc" -eq 0 ]
check "k61 idxd_sva_param false (\"N\")" [ "$(j .idxd_sva_param)" = false ]
check "k61 pasid_enabled false" [ "$(j '.idxd[0].pasid_enabled')" = false ]
check "k61 errors in 6.1 form parse to zero" [ "$(j '.idxd[0].errors')" = 0 ]
check "k61 prs_disable/driver_name absent: null" \
	[ "$(j '.idxd[0].wqs[0] | "\(.prs_disable) \(.driver_name)"')" = "null null" ]
check "k61 clients unknown (null), count 1" \
	[ "$(j '.idxd[0].wqs[0] | "\(.clients) \(.clients_count)"')" = "null 1" ]
err=$("$IOASIDCTL" --sysroot "$data/k61" sva list --clients 2>&1 >/dev/null)
check "k61 --clients says the kernel cannot list them" match "$err" "wq0.0 has 1 open file.*6.4"

# ---- Kunpeng: uacce
out=$("$IOASIDCTL" --sysroot "$data/kunpeng" sva list -J)
check "uacce: 2 devices, idxd empty" [ "$(j '"\(.uacce | length) \(.idxd | length)"')" = "2 0" ]
check "uacce: no idxd module: sva param null" [ "$(j .idxd_sva_param)" = null ]
check "hisi_zip-0 sva true (flags bit 0)" \
	[ "$(j '.uacce[] | select(.device=="hisi_zip-0") | .sva')" = true ]
check "hisi_zip-0 algorithms (one per line)" \
	[ "$(j '.uacce[] | select(.device=="hisi_zip-0") | .algorithms | join(",")')" = "zlib,gzip,deflate,lz77_zstd" ]
check "hisi_zip-0 pci and parent driver" \
	[ "$(j '.uacce[] | select(.device=="hisi_zip-0") | "\(.pci) \(.parent_driver)"')" = "0000:75:00.0 hisi_zip" ]
check "hisi_sec2-1 sva false, no isolate (hidden), no available_instances op" \
	[ "$(j '.uacce[] | select(.device=="hisi_sec2-1") | "\(.sva) \(.isolate) \(.available_instances)"')" = "false null null" ]
out=$("$IOASIDCTL" --sysroot "$data/kunpeng" sva list -r -n -o DEVICE,KIND,PASID,STATE)
check "uacce table rows" match "$out" "^hisi_zip-0 uacce yes normal$"
# a uacce device whose parent is a platform device, not a PCI function: no
# PCI value, and not for want of permission
cp -a "$data/kunpeng" "$tmp/plat"
mkdir -p "$tmp/plat/sys/devices/platform/HISI0001:00"
ln -sfn ../../../../../platform/HISI0001:00 \
	"$tmp/plat/sys/devices/pci0000:74/0000:74:00.0/0000:75:00.0/uacce/hisi_zip-0/device"
out=$("$IOASIDCTL" --sysroot "$tmp/plat" sva list -r -n -o DEVICE,PCI)
check "uacce with a platform parent: PCI \"-\" (not \"no perm\")" match "$out" "^hisi_zip-0 -$"
out=$("$IOASIDCTL" --sysroot "$tmp/plat" sva list -J -o DEVICE,PCI)
check "uacce with a platform parent: pci null" \
	[ "$(j '.sva[] | select(.device=="hisi_zip-0") | .pci')" = null ]

# ---- amdxdna (drivers/accel/amdxdna, upstream 6.14+; torvalds/linux
# 063db451 amdxdna_pci_drv.c, 0b119045 amdxdna_sysfs.c): a Ryzen AI NPU
# 1022:1502 (pci_ids[]; npu1_regs.c vbnv "RyzenAI-npu1", device_type
# AMDXDNA_DEV_TYPE_KMQ 0) bound to the PCI driver "amdxdna", which the
# driver core links by BDF into /sys/bus/pci/drivers/amdxdna
# (bus.c driver_sysfs_add()); the attributes are on the PCI function
# (amdxdna_sysfs_init() on ddev.dev = &pdev->dev): vbnv "%s\n",
# device_type "%d\n", fw_version "%d.%d.%d.%d\n"; the accel minor
# "accel%d" (drm_accel.c) sits below it. The driver dir also holds
# bind/unbind/new_id/module, which are not devices.
x=$tmp/xdna/sys
fn=$x/devices/pci0000:00/0000:00:08.2/0000:c5:00.1
mkdir -p "$fn/accel/accel0" "$x/bus/pci/drivers/amdxdna" "$x/bus/pci/devices" "$x/module/amdxdna"
printf '0x1022\n' >"$fn/vendor"; printf '0x1502\n' >"$fn/device"
printf 'RyzenAI-npu1\n' >"$fn/vbnv"; printf '0\n' >"$fn/device_type"
printf '1.5.2.380\n' >"$fn/fw_version"
ln -s ../../../devices/pci0000:00/0000:00:08.2/0000:c5:00.1 "$x/bus/pci/devices/0000:c5:00.1"
ln -s ../../../../devices/pci0000:00/0000:00:08.2/0000:c5:00.1 "$x/bus/pci/drivers/amdxdna/0000:c5:00.1"
ln -s ../../../../module/amdxdna "$x/bus/pci/drivers/amdxdna/module"
: >"$x/bus/pci/drivers/amdxdna/bind"; : >"$x/bus/pci/drivers/amdxdna/new_id"
out=$("$IOASIDCTL" --sysroot "$tmp/xdna" sva list -J 2>"$tmp/err"); rc=$?
check "amdxdna -J exits 0" [ "$rc" -eq 0 ]
check "amdxdna: one device (bind/new_id/module are not)" [ "$(j '.amdxdna | length')" = 1 ]
check "amdxdna: pci, accel node, vbnv, device_type, fw_version as the kernel wrote them" \
	[ "$(j '.amdxdna[0] | "\(.pci) \(.accel) \(.vbnv) \(.device_type) \(.fw_version) \(.sva)"')" = \
	"0000:c5:00.1 accel0 RyzenAI-npu1 0 1.5.2.380 true" ]
out=$("$IOASIDCTL" --sysroot "$tmp/xdna" sva list -o DEVICE,PCI,KIND,NAME,DRIVER,PASID)
check "amdxdna table row" match "$out" "^accel0 +0000:c5:00.1 +amdxdna +RyzenAI-npu1 +amdxdna +yes$"
# a fw_version not in the kernel's "%d.%d.%d.%d" form is not read as one
printf 'garbage\n' >"$fn/fw_version"; rm -r "$fn/accel"
out=$("$IOASIDCTL" --sysroot "$tmp/xdna" sva list -J)
check "amdxdna: bad fw_version null, no accel node: accel null" \
	[ "$(j '.amdxdna[0] | "\(.fw_version) \(.accel)"')" = "null null" ]

# ---- a host without idxd/uacce
mkdir -p "$tmp/empty/sys"
out=$("$IOASIDCTL" --sysroot "$tmp/empty" sva list -J 2>"$tmp/err"); rc=$?
check "empty host -J exits 0" [ "$rc" -eq 0 ]
check "empty host -J: empty lists" [ "$(j '"\(.idxd | length) \(.uacce | length) \(.amdxdna | length) \(.idxd_sva_param)"')" = "0 0 0 null" ]
check "empty host -J: no note" [ ! -s "$tmp/err" ]
"$IOASIDCTL" --sysroot "$tmp/empty" sva list >"$tmp/out" 2>"$tmp/err"; rc=$?
check "empty host table exits 0" [ "$rc" -eq 0 ]
check "empty host: one stderr note" [ "$(wc -l < "$tmp/err")" -eq 1 ]
check "empty host: the note names idxd, uacce and amdxdna" grep -q "no idxd, uacce or amdxdna devices" "$tmp/err"

# ---- bad input
"$IOASIDCTL" --sysroot "$data/k612" sva list extra >/dev/null 2>&1; rc=$?
check "unexpected argument exits 2" [ "$rc" -eq 2 ]
"$IOASIDCTL" --sysroot "$data/k612" sva list -o BOGUS >/dev/null 2>&1; rc=$?
check "unknown column exits 2" [ "$rc" -eq 2 ]
mkdir -p "$tmp/bad/sys/bus/dsa" && : > "$tmp/bad/sys/bus/dsa/devices"
out=$("$IOASIDCTL" --sysroot "$tmp/bad" sva list -J 2>"$tmp/err"); rc=$?
check "/sys/bus/dsa/devices not a directory: exit 1" [ "$rc" -eq 1 ]
check "... one stderr line naming it" [ "$(wc -l < "$tmp/err")" -eq 1 ] 
check "... JSON error object" [ "$(j .error.errno)" = ENOTDIR ]
finish
