#!/bin/sh
# Regenerate the SVA fixture sysroots (k612/, k61/, kunpeng/) in this
# directory. Every value is written by hand in the exact format of the
# kernel function named next to it (see README.md); nothing is copied from
# ioasidctl's output or from a machine. Run from anywhere:
#   sh tests/data/sva/mk-fixture.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
rm -rf k612 k61 kunpeng

w() {	# w FILE TEXT: the file holds TEXT and a newline (sysfs_emit "...\n")
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "$2" > "$1"
}
ln_s() {	# ln_s TARGET LINK
	mkdir -p "$(dirname "$2")"
	ln -s "$1" "$2"
}

# ---- one idxd conf device: idxd_dev ROOT PCIROOT BDF NAME KERNEL ----
# ROOT: sysroot; the device dir is /sys/devices/PCIROOT/BDF/NAME (init.c
# idxd_alloc(): conf_dev->parent = &pdev->dev, "%s%d"), linked from
# /sys/bus/dsa/devices/NAME (bus_add_device()).
idxd_dev() {
	r=$1 pr=$2 bdf=$3 name=$4
	d=$r/sys/devices/$pr/$bdf/$name
	mkdir -p "$d"
	ln_s "../../../devices/$pr/$bdf/$name" "$r/sys/bus/dsa/devices/$name"
	mkdir -p "$r/sys/bus/dsa/drivers/idxd"
	ln_s "../../../../bus/dsa/drivers/idxd" "$d/driver"
	echo "$d"
}
# ---- a work queue: idxd_wq ROOT DEVDIR WQNAME (init.c "wq%d.%d") ----
idxd_wq() {
	r=$1 dd=$2 wq=$3
	mkdir -p "$dd/$wq"
	rel=${dd#"$r"/sys/}
	ln_s "../../../$rel/$wq" "$r/sys/bus/dsa/devices/$wq"
	echo "$dd/$wq"
}
wq_driver() {	# wq_driver ROOT WQDIR DRIVER: bound dsa-bus driver link
	mkdir -p "$1/sys/bus/dsa/drivers/$3"
	ln_s "../../../../../bus/dsa/drivers/$3" "$2/driver"
}
# cdev.c idxd_wq_add_cdev(): dev_set_name("%s/wq%u.%u") -> sysfs "dsa!wq0.0",
# parent the WQ conf dev, on the dsa bus; "dev" is "%u:%u\n" (drivers/base/core.c dev_show)
wq_cdev() {	# wq_cdev ROOT WQDIR PREFIX WQ MAJOR MINOR
	c=$2/$3!$4
	w "$c/dev" "$5:$6"
	rel=${2#"$1"/sys/}
	ln_s "../../../$rel/$3!$4" "$1/sys/bus/dsa/devices/$3!$4"
	echo "$c"
}
# cdev.c idxd_cdev_open(): "file%d" under the cdev, attrs pid "%u",
# cr_faults/cr_fault_failures "%llu" (cdev_file_attr_visible(): only when
# wq_pasid_enabled())
wq_file() {	# wq_file ROOT CDEVDIR FILE PID FAULTS FAILS
	f=$2/$3
	w "$f/pid" "$4"
	w "$f/cr_faults" "$5"
	w "$f/cr_fault_failures" "$6"
	rel=${2#"$1"/sys/}
	ln_s "../../../$rel/$3" "$1/sys/bus/dsa/devices/$3"
}

# sysfs.c attribute sets. wq_attrs DIR VER clients state group mode size prio
#   bof threshold type name cdev_minor|- ats [prs driver_name]
wq_attrs() {
	d=$1 ver=$2
	w "$d/clients" "$3"			# wq_clients_show "%d\n"
	w "$d/state" "$4"			# wq_state_show
	w "$d/group_id" "$5"			# wq_group_id_show "%u\n" / "-1\n"
	w "$d/mode" "$6"			# wq_mode_show
	w "$d/size" "$7"			# wq_size_show "%u\n"
	w "$d/priority" "$8"			# wq_priority_show "%u\n"
	w "$d/block_on_fault" "$9"		# wq_block_on_fault_show "%u\n"
	shift 9
	w "$d/threshold" "$1"			# wq_threshold_show "%u\n"
	w "$d/type" "$2"			# wq_type_show idxd_wq_type_names[]
	w "$d/name" "$3"			# wq_name_show "%s\n"
	# wq_cdev_minor_show "%d\n"; -ENXIO without a cdev: the file exists
	# but read() fails, which a snapshot records by leaving it out
	[ "$4" = - ] || w "$d/cdev_minor" "$4"
	w "$d/max_transfer_size" "2097152"	# "%llu\n" wq->max_xfer_bytes
	w "$d/ats_disable" "$5"			# wq_ats_disable_show "%u\n"
	w "$d/occupancy" "0"
	w "$d/enqcmds_retries" "32"
	if [ "$ver" = 612 ]; then
		w "$d/prs_disable" "$6"		# wq_prs_disable_show "%u\n" (6.4+)
		w "$d/driver_name" "$7"		# wq_driver_name_show "%s\n" (6.7+)
	fi
}

# ======================= k612: Debian 6.12, x86 ==========================
r=k612
w "$r/proc/sys/kernel/osrelease" "6.12.117+deb12-amd64"
w "$r/sys/module/idxd/parameters/sva" "Y"	# kernel/params.c param_get_bool "%c\n"
mkdir -p "$r/sys/bus/dsa/drivers/user" "$r/sys/bus/dsa/drivers/dmaengine"

# dsa0: the Sapphire Rapids DSA 1.0 at 6a:01.0 (8086:0b25, as in
# tests/data/pci/pri-pasid.dump); version 0x100, no event log.
d=$(idxd_dev "$r" pci0000:6a 0000:6a:01.0 dsa0)
w "$d/version" "0x100"			# version_show "%#x\n"
w "$d/max_groups" "4"			# "%u\n"
w "$d/max_work_queues" "8"
w "$d/max_work_queues_size" "128"
w "$d/max_engines" "4"
w "$d/numa_node" "0"			# "%d\n"
w "$d/max_batch_size" "1024"
w "$d/max_transfer_size" "2147483648"	# "%llu\n"
# op_cap_show_common(): four "%*pb" of 64 bits, most significant first.
# Bits: NOOP 0 .. DUALCAST 9 (0x3ff), CRCGEN 0x10 .. DIF_UPDT 0x15
# (0x3f0000), CFLUSH 0x20 (bit 32) -- include/uapi/linux/idxd.h
w "$d/op_cap" "00000000,00000000,00000000,00000000,00000000,00000000,00000001,003f03ff"
# gen_cap "%#llx\n", union gen_cap_reg: bof|overlap|cc_mem|cc_cache|cmd_cap
# (0x1f), max_xfer_shift 31 <<16, max_batch_shift 10 <<21, ims mult 32 <<25,
# config_en <<31
w "$d/gen_cap" "0xc15f001f"
w "$d/configurable" "1"
w "$d/clients" "3"			# clients_show "%d\n": sum of WQ clients
w "$d/pasid_enabled" "1"		# pasid_enabled_show "%u\n"
w "$d/state" "enabled"			# state_show
# errors_show 6.12: "%*pb\n" of 256 bits; SWERR valid(0) desc_valid(2)
# wq_idx_valid(3), error 0x03 (15:8), wq_idx 1 (23:16), op 0x03 (39:32),
# pasid 5 (59:40) = 0x000005030001030d in bits[0]
w "$d/errors" "00000000,00000000,00000000,00000000,00000000,00000000,00000503,0001030d"
w "$d/max_tokens" "96"
w "$d/max_read_buffers" "96"
w "$d/token_limit" "0"
w "$d/read_buffer_limit" "0"
w "$d/cdev_major" "238"
w "$d/cmd_status" "0x0"
# wq0.0 dedicated user WQ with one client; wq0.1 shared user WQ, two
# clients; wq0.2 kernel WQ for dmaengine; wq0.3..7 unconfigured
q=$(idxd_wq "$r" "$d" wq0.0)
wq_attrs "$q" 612 1 enabled 0 dedicated 16 10 0 0 user app1 0 0 0 user
wq_driver "$r" "$q" user
c=$(wq_cdev "$r" "$q" dsa wq0.0 238 0)
wq_file "$r" "$c" file0 4242 2 0
q=$(idxd_wq "$r" "$d" wq0.1)
wq_attrs "$q" 612 2 enabled 1 shared 32 10 1 30 user swq 1 0 0 user
wq_driver "$r" "$q" user
c=$(wq_cdev "$r" "$q" dsa wq0.1 238 1)
wq_file "$r" "$c" file1 4300 0 0
wq_file "$r" "$c" file2 4301 17 1
q=$(idxd_wq "$r" "$d" wq0.2)
wq_attrs "$q" 612 0 enabled 2 dedicated 64 15 0 0 kernel dmaengine - 0 0 dmaengine
wq_driver "$r" "$q" dmaengine
for i in 3 4 5 6 7; do
	q=$(idxd_wq "$r" "$d" "wq0.$i")
	wq_attrs "$q" 612 0 disabled -1 dedicated 0 0 0 0 none "" - 0 0 ""
done
# /proc/PID/comm: fs/proc/base.c comm_show() "%s\n"; 4301 has exited
w "$r/proc/4242/comm" "dsa_test"
w "$r/proc/4300/comm" "dpdk-testpmd"

# iax1: the IAA at 6a:02.0 (8086:0cfe) with the iaa_crypto defaults of
# drivers/dma/idxd/defaults.c (name "iaa_crypto", driver_name "crypto").
# IAX hides max_batch_size and the read-buffer attributes (sysfs.c
# idxd_device_attr_*_invisible) and iaa_cap below version 2.
d=$(idxd_dev "$r" pci0000:6a 0000:6a:02.0 iax1)
w "$d/version" "0x100"
w "$d/max_groups" "4"
w "$d/max_work_queues" "8"
w "$d/max_work_queues_size" "128"
w "$d/max_engines" "8"
w "$d/numa_node" "0"
w "$d/max_transfer_size" "2097152"
# IAA opcodes (include/uapi/linux/idxd.h IAX_OPCODE_*): NOOP 0, DRAIN 2,
# MEMMOVE 3, DECOMPRESS 0x42, COMPRESS 0x43, CRC64 0x44, ZERO_DECOMP_32/16
# 0x48/0x49, ZERO_COMP_32/16 0x4c/0x4d, SCAN..EXPAND 0x50-0x56
w "$d/op_cap" "00000000,00000000,00000000,00000000,00000000,007f331c,00000000,0000000d"
# gen_cap: bof|overlap (0x3), max_xfer_shift 21 <<16, ims mult 32 <<25, config_en <<31
w "$d/gen_cap" "0xc0150003"
w "$d/configurable" "1"
w "$d/clients" "0"
w "$d/pasid_enabled" "1"
w "$d/state" "enabled"
w "$d/errors" "00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000"
w "$d/cdev_major" "237"
w "$d/cmd_status" "0x0"
mkdir -p "$r/sys/bus/dsa/drivers/crypto"
q=$(idxd_wq "$r" "$d" wq1.0)
wq_attrs "$q" 612 0 enabled 0 shared 128 10 0 128 kernel iaa_crypto - 0 0 crypto
wq_driver "$r" "$q" crypto
q=$(idxd_wq "$r" "$d" wq1.1)
wq_attrs "$q" 612 0 disabled -1 dedicated 0 0 0 0 none "" - 0 0 ""

# dsa2: a DSA 2.0 device (version 0x200, event log: gen_cap.evl_support 1
# -> 64-byte entries, evl_ent_size()) at e7:01.0. With an event log the
# device shows event_log_size (sysfs.c, visible with evl_support).
d=$(idxd_dev "$r" pci0000:e7 0000:e7:01.0 dsa2)
w "$d/version" "0x200"
w "$d/max_groups" "4"
w "$d/max_work_queues" "8"
w "$d/max_work_queues_size" "128"
w "$d/max_engines" "4"
w "$d/numa_node" "1"
w "$d/max_batch_size" "1024"
w "$d/max_transfer_size" "2147483648"
# DSA 2.0 adds TRANSL_FETCH 0x0a and DIX_GEN 0x17: 0x3ff|0x400, 0x3f0000|0x800000
w "$d/op_cap" "00000000,00000000,00000000,00000000,00000000,00000000,00000001,00bf07ff"
# gen_cap as dsa0 plus dest/drain readback (bits 8, 9) and evl_support 1 (13)
w "$d/gen_cap" "0xc15f231f"
w "$d/configurable" "1"
w "$d/clients" "1"
w "$d/pasid_enabled" "1"
w "$d/state" "enabled"
w "$d/errors" "00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000"
w "$d/max_tokens" "96"
w "$d/max_read_buffers" "96"
w "$d/token_limit" "0"
w "$d/read_buffer_limit" "0"
w "$d/cdev_major" "238"
w "$d/cmd_status" "0x0"
w "$d/event_log_size" "64"		# event_log_size_show "%u\n"
q=$(idxd_wq "$r" "$d" wq2.0)
wq_attrs "$q" 612 1 enabled 0 shared 64 10 1 60 user app2 2 0 0 user
wq_driver "$r" "$q" user
c=$(wq_cdev "$r" "$q" dsa wq2.0 238 2)
wq_file "$r" "$c" file3 5150 4 0
w "$r/proc/5150/comm" "memcpy_bench"
q=$(idxd_wq "$r" "$d" wq2.1)
wq_attrs "$q" 612 0 enabled 0 shared 64 10 1 60 user app3 3 0 0 user
wq_driver "$r" "$q" user
c=$(wq_cdev "$r" "$q" dsa wq2.1 238 3)
# debugfs.c debugfs_evl_show()/dump_event_entry(): two entries, both page
# faults (error 0x3 DSA_COMP_PAGE_FAULT_NOBOF) of MEMMOVE (op 0x3) on
# wq2.0 with PASID 7 and on wq2.1 with PASID 9; raw words encode the same
# fields (registers.h struct __evl_entry: desc_valid 2, wq_idx_valid 3,
# error 15:8, wq_idx 23:16, operation 39:32, pasid 59:40).
mkdir -p "$r/sys/kernel/debug/idxd/dsa2"
cat > "$r/sys/kernel/debug/idxd/dsa2/event_log" <<'EVL'
Event Log head 3 tail 3 interrupt pending 0

Event Log entry 0 (real index 1) processed: 1
desc valid 1 wq idx valid 1
batch 0 fault rw 0 priv 0 error 0x3
wq idx 0 op 0x3 pasid 7 batch idx 0
fault addr 0x7f3a2c400000
status 0x3 result 0x0 fault_info 0x0 bytes_completed 4096
fault addr 0x7f3a2c400000 inv flags 0x0

entry[0] = 0x7030000030c
entry[1] = 0x0
entry[2] = 0x7f3a2c400000
entry[3] = 0x0
entry[4] = 0x100000000003
entry[5] = 0x7f3a2c400000
entry[6] = 0x0
entry[7] = 0x0

Event Log entry 1 (real index 2) processed: 1
desc valid 1 wq idx valid 1
batch 0 fault rw 1 priv 0 error 0x3
wq idx 1 op 0x3 pasid 9 batch idx 0
fault addr 0x55d0c0de1000
status 0x3 result 0x0 fault_info 0x1 bytes_completed 0
fault addr 0x55d0c0de1000 inv flags 0x0

entry[0] = 0x9030001032c
entry[1] = 0x0
entry[2] = 0x55d0c0de1000
entry[3] = 0x0
entry[4] = 0x10003
entry[5] = 0x55d0c0de1000
entry[6] = 0x0
entry[7] = 0x0

EVL

# ======================= k61: Debian 6.1, x86 ===========================
# Same SPR DSA under 6.1: no prs_disable, driver_name, event_log_size,
# iaa_cap; "errors" is four "%#018llx " words, bits[0] first (6.1
# errors_show()); no per-file devices under the cdev.
r=k61
w "$r/proc/sys/kernel/osrelease" "6.1.0-41-amd64"
w "$r/sys/module/idxd/parameters/sva" "N"
mkdir -p "$r/sys/bus/dsa/drivers/user"
d=$(idxd_dev "$r" pci0000:6a 0000:6a:01.0 dsa0)
w "$d/version" "0x100"
w "$d/max_groups" "4"
w "$d/max_work_queues" "8"
w "$d/max_work_queues_size" "128"
w "$d/max_engines" "4"
w "$d/numa_node" "0"
w "$d/max_batch_size" "1024"
w "$d/max_transfer_size" "2147483648"
w "$d/op_cap" "00000000,00000000,00000000,00000000,00000000,00000000,00000001,003f03ff"
w "$d/gen_cap" "0xc15f001f"
w "$d/configurable" "1"
w "$d/clients" "1"
# sva=N: idxd_probe() never sets IDXD_FLAG_USER_PASID_ENABLED
w "$d/pasid_enabled" "0"
w "$d/state" "enabled"
w "$d/errors" "0x0000000000000000 0x0000000000000000 0x0000000000000000 0x0000000000000000"
w "$d/cdev_major" "238"
w "$d/cmd_status" "0x0"
q=$(idxd_wq "$r" "$d" wq0.0)
wq_attrs "$q" 61 1 enabled 0 dedicated 128 10 0 0 user nopasid 0 0
wq_driver "$r" "$q" user
wq_cdev "$r" "$q" dsa wq0.0 238 0 >/dev/null
q=$(idxd_wq "$r" "$d" wq0.1)
wq_attrs "$q" 61 0 disabled -1 dedicated 0 0 0 0 none "" - 0

# ==================== kunpeng: 6.12, HiSilicon uacce =====================
# uacce.c uacce_alloc(): "%s-%d", dev_driver_string() of the PCI function
# (hisi_qm_alloc_uacce()), a "device" link to the parent; api
# HISI_QM_API_VER3_BASE "hisi_qm_v3" (include/uapi/misc/uacce/hisi_qm.h);
# flags UACCE_DEV_SVA; algorithms from hisi_qm_set_algs() (zip_dev_algs[]:
# "zlib\ngzip\ndeflate\nlz77_zstd" after the last '\n' is cut, then
# algorithms_show() adds "\n").
r=kunpeng
w "$r/proc/sys/kernel/osrelease" "6.12.117+deb12-arm64"
u=$r/sys/devices/pci0000:74/0000:74:00.0/0000:75:00.0/uacce/hisi_zip-0
w "$u/api" "hisi_qm_v3"
w "$u/flags" "1"				# flags_show "%u\n"
w "$u/available_instances" "254"		# "%d\n": qp_num - qp_in_used
printf 'zlib\ngzip\ndeflate\nlz77_zstd\n' > "$u/algorithms"
w "$u/region_mmio_size" "8192"		# "%lu\n" pages << PAGE_SHIFT
w "$u/region_dus_size" "126976"
w "$u/isolate" "0"				# isolate_show "%d\n" (6.12)
w "$u/isolate_strategy" "0"			# isolate_strategy_show "%u\n"
ln_s ../../../0000:75:00.0 "$u/device"
mkdir -p "$r/sys/bus/pci/drivers/hisi_zip"
ln_s ../../../../../bus/pci/drivers/hisi_zip "$r/sys/devices/pci0000:74/0000:74:00.0/0000:75:00.0/driver"
ln_s ../../devices/pci0000:74/0000:74:00.0/0000:75:00.0/uacce/hisi_zip-0 "$r/sys/class/uacce/hisi_zip-0"
# a second device whose driver gave no SVA (flags 0: uacce_enable_sva()
# failed), no isolate ops, and no available_instances op: that attribute's
# read fails with ENODEV, recorded by leaving the file out
u=$r/sys/devices/pci0000:b4/0000:b4:00.0/0000:b5:00.0/uacce/hisi_sec2-1
w "$u/api" "hisi_qm_v3"
w "$u/flags" "0"
printf 'cipher\ndigest\naead\n' > "$u/algorithms"
w "$u/region_mmio_size" "8192"
w "$u/region_dus_size" "90112"
ln_s ../../../0000:b5:00.0 "$u/device"
mkdir -p "$r/sys/bus/pci/drivers/hisi_sec2"
ln_s ../../../../../bus/pci/drivers/hisi_sec2 "$r/sys/devices/pci0000:b4/0000:b4:00.0/0000:b5:00.0/driver"
ln_s ../../devices/pci0000:b4/0000:b4:00.0/0000:b5:00.0/uacce/hisi_sec2-1 "$r/sys/class/uacce/hisi_sec2-1"
echo "fixtures written under $here"
