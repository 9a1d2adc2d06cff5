#!/bin/sh
# mkfixture.sh -- regenerate the cgroup fixture sysroots in this directory
# (see README for what each file is and which kernel function writes it).
# Values are hand-derived, not taken from ioasidctl: an AMD EPYC host whose
# CPUID 0x8000001F reports ECX=509 (max SEV ASID) and EDX=100 (min SEV
# ASID), so arch/x86/kvm/svm/sev.c sev_hardware_setup() sets the misc
# capacities sev = 509 - 100 + 1 = 410 and sev_es = 100 - 1 = 99.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

w() {	# w FILE TEXT: TEXT with each two-character "\n" made a newline, and
	# nothing else interpreted (cgroup names keep their "\x2d")
	mkdir -p "$(dirname "$1")"
	printf '%s' "$2" | sed 's/\\n/\n/g' > "$1"
}

cg() {	# cg DIR CONTROLLERS SUBTREE [ROOT]: a cgroup's base files
	w "$1/cgroup.controllers" "$2"
	w "$1/cgroup.subtree_control" "$3"
	w "$1/cgroup.procs" ""
	[ "${4:-}" = root ] || w "$1/cgroup.type" "domain\n"
}

# Debian 12 systemd host (cgroup2 at /sys/fs/cgroup with systemd's
# nsdelegate,memory_recursiveprot), one mountpoint with an escaped space.
mountinfo_debian() {
	w "$1/proc/self/mountinfo" \
'22 28 0:20 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
23 28 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
24 28 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev rw,size=32838556k,nr_inodes=8209639,mode=755,inode64
25 24 0:22 / /dev/pts rw,nosuid,noexec,relatime shared:3 - devpts devpts rw,gid=5,mode=620,ptmxmode=000
26 28 0:23 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=6574388k,mode=755,inode64
28 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro
27 22 0:6 / /sys/kernel/security rw,nosuid,nodev,noexec,relatime shared:8 - securityfs securityfs rw
29 24 0:25 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw,inode64
30 26 0:26 / /run/lock rw,nosuid,nodev,noexec,relatime shared:6 - tmpfs tmpfs rw,size=5120k,inode64
31 22 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
32 22 0:28 / /sys/fs/pstore rw,nosuid,nodev,noexec,relatime shared:10 - pstore pstore rw
33 22 0:29 / /sys/firmware/efi/efivars rw,nosuid,nodev,noexec,relatime shared:11 - efivarfs efivarfs rw
34 22 0:30 / /sys/fs/bpf rw,nosuid,nodev,noexec,relatime shared:13 - bpf bpf rw,mode=700
35 23 0:31 / /proc/sys/fs/binfmt_misc rw,relatime shared:14 - autofs systemd-1 rw,fd=30,pgrp=1,timeout=0,minproto=5,maxproto=5,direct,pipe_ino=17747
36 24 0:19 / /dev/mqueue rw,nosuid,nodev,noexec,relatime shared:15 - mqueue mqueue rw
37 24 0:32 / /dev/hugepages rw,relatime shared:16 - hugetlbfs hugetlbfs rw,pagesize=2M
38 22 0:7 / /sys/kernel/debug rw,nosuid,nodev,noexec,relatime shared:17 - debugfs debugfs rw
39 22 0:12 / /sys/kernel/tracing rw,nosuid,nodev,noexec,relatime shared:18 - tracefs tracefs rw
40 22 0:33 / /sys/fs/fuse/connections rw,nosuid,nodev,noexec,relatime shared:19 - fusectl fusectl rw
41 22 0:34 / /sys/kernel/config rw,nosuid,nodev,noexec,relatime shared:20 - configfs configfs rw
62 28 259:1 / /boot/efi rw,relatime shared:31 - vfat /dev/nvme0n1p1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro
65 28 253:3 / /var/lib/vm\040images rw,relatime shared:33 - ext4 /dev/mapper/vg0-images rw
464 26 0:44 / /run/user/1000 rw,nosuid,nodev,relatime shared:245 - tmpfs tmpfs rw,size=6574384k,nr_inodes=1643596,mode=700,uid=1000,gid=1000,inode64
'
}

# The SEV host. $1 = sysroot, $2 = 6.1 or 6.12 (which misc files exist:
# kernel/cgroup/misc.c misc_cg_files[] of that release).
sev_host() {
	r=$1/sys/fs/cgroup
	v=$2
	mountinfo_debian "$1"
	# cgroup_print_ss_mask() order is the subsystem id order of
	# include/linux/cgroup_subsys.h (v1-only ones never appear on v2)
	all="cpuset cpu io memory hugetlb pids rdma misc\n"
	dom="cpu io memory pids misc\n"
	nomisc="cpu io memory pids\n"
	cg "$r" "$all" "$dom" root
	w "$r/misc.capacity" "sev 410\nsev_es 99\n"
	if [ "$v" = 6.12 ]; then
		# charges go up to the root (misc_cg_try_charge() loops to the
		# top): root current = sum of all VMs
		w "$r/misc.current" "sev 3\nsev_es 1\n"
		w "$r/misc.peak" "sev 4\nsev_es 1\n"
	fi
	cg "$r/init.scope" "$dom" ""
	w "$r/init.scope/cgroup.procs" "1\n"
	cg "$r/system.slice" "$dom" "$nomisc"
	cg "$r/system.slice/dbus.service" "$nomisc" ""
	cg "$r/user.slice" "$dom" "$nomisc"
	cg "$r/user.slice/user-1000.slice" "$nomisc" "$nomisc"
	cg "$r/user.slice/user-1000.slice/user@1000.service" "$nomisc" "$nomisc"
	cg "$r/user.slice/user-1000.slice/user@1000.service/app.slice" "$nomisc" "$nomisc"
	cg "$r/user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service" "$nomisc" ""
	cg "$r/machine.slice" "$dom" "$dom"
	vm1='machine-qemu\x2d1\x2dvm1.scope'
	vm2='machine-qemu\x2d2\x2dvm2.scope'
	cg "$r/machine.slice/$vm1" "$dom" ""
	cg "$r/machine.slice/$vm2" "$dom" ""
	w "$r/machine.slice/$vm1/cgroup.procs" "4242\n"
	w "$r/machine.slice/$vm2/cgroup.procs" "4300\n"
	# every cgroup where misc is enabled has the non-root files; values:
	# vm1 has a limit of 2 SEV ASIDs, uses 2 and was refused twice (its
	# own limit: events.local 2; events counts it at vm1 and machine.slice,
	# never at the root: misc_cg_event() stops below the root)
	for d in init.scope system.slice user.slice machine.slice "machine.slice/$vm1" \
	    "machine.slice/$vm2"; do
		w "$r/$d/misc.max" "sev max\nsev_es max\n"
		w "$r/$d/misc.current" "sev 0\nsev_es 0\n"
		w "$r/$d/misc.events" "sev.max 0\nsev_es.max 0\n"
		if [ "$v" = 6.12 ]; then
			w "$r/$d/misc.peak" "sev 0\nsev_es 0\n"
			w "$r/$d/misc.events.local" "sev.max 0\nsev_es.max 0\n"
		fi
	done
	w "$r/machine.slice/misc.current" "sev 3\nsev_es 1\n"
	w "$r/machine.slice/misc.events" "sev.max 2\nsev_es.max 0\n"
	w "$r/machine.slice/$vm1/misc.max" "sev 2\nsev_es max\n"
	w "$r/machine.slice/$vm1/misc.current" "sev 2\nsev_es 1\n"
	w "$r/machine.slice/$vm1/misc.events" "sev.max 2\nsev_es.max 0\n"
	w "$r/machine.slice/$vm2/misc.max" "sev 1\nsev_es 0\n"
	w "$r/machine.slice/$vm2/misc.current" "sev 1\nsev_es 0\n"
	if [ "$v" = 6.12 ]; then
		w "$r/machine.slice/misc.peak" "sev 4\nsev_es 1\n"
		w "$r/machine.slice/$vm1/misc.peak" "sev 2\nsev_es 1\n"
		w "$r/machine.slice/$vm1/misc.events.local" "sev.max 2\nsev_es.max 0\n"
		w "$r/machine.slice/$vm2/misc.peak" "sev 2\nsev_es 0\n"
	fi
	# /proc/PID/cgroup, proc_cgroup_show(): the unified line only on a
	# pure cgroup2 host; a zombie whose cgroup was removed gets " (deleted)"
	w "$1/proc/1/cgroup" "0::/init.scope\n"
	w "$1/proc/4242/cgroup" "0::/machine.slice/$vm1\n"
	w "$1/proc/4300/cgroup" "0::/machine.slice/$vm2\n"
	w "$1/proc/4444/cgroup" "0::/machine.slice/machine-qemu\\x2d3\\x2dvm3.scope (deleted)\n"
	w "$1/proc/900/cgroup" "0::/system.slice/dbus.service\n"
	w "$1/proc/sys/kernel/osrelease" "$3\n"
}

# The VM guests of tests/vm: a busybox init mounts cgroup2 itself (no
# systemd: no "shared:" tag), no SEV capacity, so every misc file is empty
# (all show functions print nothing when capacity and value are 0).
nosev_guest() {
	r=$1/sys/fs/cgroup
	v=$2
	w "$1/proc/self/mountinfo" \
'1 1 0:2 / / rw - rootfs rootfs rw,size=1011844k,nr_inodes=252961
13 1 0:4 / /proc rw,relatime - proc proc rw
14 1 0:21 / /sys rw,relatime - sysfs sysfs rw
15 1 0:5 / /dev rw,relatime - devtmpfs devtmpfs rw,size=1011852k,nr_inodes=252963,mode=755
16 14 0:7 / /sys/kernel/debug rw,relatime - debugfs debugfs rw
17 1 0:22 / /tmp rw,relatime - tmpfs tmpfs rw
18 14 0:23 / /sys/fs/cgroup rw,relatime - cgroup2 none rw
'
	cg "$r" "cpuset cpu io memory hugetlb pids rdma misc\n" "misc\n" root
	w "$r/misc.capacity" ""
	cg "$r/machine.slice" "misc\n" "misc\n"
	vm1='machine-qemu\x2d1\x2dvm1.scope'
	cg "$r/machine.slice/$vm1" "misc\n" ""
	w "$r/machine.slice/$vm1/cgroup.procs" "77\n"
	for d in "$r/machine.slice" "$r/machine.slice/$vm1"; do
		w "$d/misc.max" ""
		w "$d/misc.current" ""
		w "$d/misc.events" ""
		if [ "$v" = 6.12 ]; then
			w "$d/misc.peak" ""
			w "$d/misc.events.local" ""
		fi
	done
	if [ "$v" = 6.12 ]; then
		w "$r/misc.current" ""
		w "$r/misc.peak" ""
	fi
	w "$1/proc/77/cgroup" "0::/machine.slice/$vm1\n"
	w "$1/proc/sys/kernel/osrelease" "$3\n"
}

rm -rf 6.1-sev 6.12-sev 6.1-nosev 6.12-nosev
sev_host 6.1-sev 6.1 6.1.0-41-amd64
sev_host 6.12-sev 6.12 6.12.57+deb12-amd64
nosev_guest 6.1-nosev 6.1 6.1.0-41-amd64
nosev_guest 6.12-nosev 6.12 6.12.57+deb12-amd64
echo "fixtures written under $here"
