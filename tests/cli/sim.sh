#!/bin/sh
# The emulated host through the CLI: sim init, the stock readers on it with
# values from the platform definitions (src/lib/sim/sim-platform.c: spr-dsa has
# the SPR boot line's cap and its ecap with PASID and PRS on, 3ef9ea6f050df;
# spr-dsa-pasid-off the boot line's own ecap 3ee9e86f050df, PASID=0 and
# PRS=0; DSA 8086:0b25 at 0000:6a:01.0 behind dmar1; dmar1-prq is irq 27),
# inject-prq, sim check; several processes mutating at once; kill -9 in the
# middle of mutations.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/host

out=$("$IOASIDCTL" sim init "$d" --vms 2 2>&1)
check "sim init" [ $? -eq 0 ]
out=$("$IOASIDCTL" sim init "$d" 2>&1)
check "sim init twice fails" [ $? -eq 1 ]
out=$("$IOASIDCTL" sim init "$tmp/x" --platform nosuch 2>&1)
check "unknown platform: not found" [ $? -eq 3 ]
check "sim check" "$IOASIDCTL" sim check "$d"

out=$("$IOASIDCTL" --sim "$d" iommu list -J -o name,pasid,prs)
check "iommu list: dmar0 dmar1 with PASID and PRS (ecap 3ef9ea6f050df)" \
	match "$(printf '%s' "$out" | tr -d ' \n')" \
	'"name":"dmar0","pasid":true,"prs":true.*"name":"dmar1","pasid":true,"prs":true'
out=$("$IOASIDCTL" --sim "$d" status)
check "status: an emulated host, named" match "$out" "^Host: +emulated $d\$"
out=$("$IOASIDCTL" --sim "$d" device why 0000:6a:01.0 2>&1)
check "device why: the DSA behind dmar1" match "$out" '\[8086:0b25\]'
check "device why: PASID yes" match "$out" '^PASID: +yes'
check "device why: page requests yes" match "$out" '^Page requests: +yes'
# the platform runs Debian 6.12.118-1~deb12u1 (sim-platform.c): from 6.12.64
# on, iommu_sva_bind_device() returns -EOPNOTSUPP on x86
# (drivers/iommu/iommu-sva.c:84); the release comes from /proc/version
check "device why: SVA no, by kernel.sva_x86 (6.12.118 >= 6.12.64)" \
	match "$out" '^SVA: +no +\(kernel.sva_x86, host: release 6.12.118 '
check "/proc/version: Debian's banner of 6.12.118-1~deb12u1" \
	[ "$(cat "$d/current/proc/version")" = "Linux version 6.12.118+deb12-amd64 (debian-kernel@lists.debian.org) (x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.12.118-1~deb12u1 (2026-11-28)" ]
out=$("$IOASIDCTL" --sim "$d" status)
check "status: SVA no, by kernel.sva_x86" match "$out" '^SVA: +no +\(kernel.sva_x86, host'
# the DMAR table sim-acpi.c writes (2 DRHD, the ATSR of root port 15:01.0,
# the SATC of the DSA, no RMRR, width 46, INTR_REMAP), as firmware.table reads it
out=$("$IOASIDCTL" --sim "$d" device why -v 0000:6a:01.0 2>&1)
check "device why: the DMAR table of the platform" match "$out" \
	'firmware.table +host +ACPI DMAR: 2 DRHD, 1 ATSR, 1 SATC, 0 RMRR; host address width 46; flags 0x1 INTR_REMAP'

# the same machine on Debian's 6.12.63-1~bpo12+1, before the x86 switch-off
# (6.12.64): the kernel binds process address spaces, SVA yes
old=$tmp/old
check "sim init --platform spr-dsa-6.12.63" \
	"$IOASIDCTL" sim init "$old" --platform spr-dsa-6.12.63
out=$("$IOASIDCTL" --sim "$old" device why -v 0000:6a:01.0 2>&1)
check "6.12.63: device why SVA yes" match "$out" '^SVA: +yes$'
check "6.12.63: kernel.sva_x86 ok, before 6.12.64" match "$out" \
	'ok +kernel.sva_x86 +host +release 6.12.63 is before 6.12.64'
out=$("$IOASIDCTL" --sim "$old" status)
check "6.12.63: status SVA yes" match "$out" '^SVA: +yes'
check "6.12.63: osrelease 6.12.63+deb12-amd64" \
	[ "$(cat "$old/current/proc/sys/kernel/osrelease")" = 6.12.63+deb12-amd64 ]
check "6.12.63: sim check" "$IOASIDCTL" sim check "$old"

# Debian 12's own 6.1.192-3: osrelease 6.1.0-57-amd64 names no stable
# release, /proc/version does ("Debian 6.1.192-3"); 6.1.192 >= 6.1.163
# switches SVA off (drivers/iommu/iommu.c:2803)
d61=$tmp/d61
check "sim init --platform spr-dsa-6.1" "$IOASIDCTL" sim init "$d61" --platform spr-dsa-6.1
check "6.1: osrelease without the stable release" \
	[ "$(cat "$d61/current/proc/sys/kernel/osrelease")" = 6.1.0-57-amd64 ]
out=$("$IOASIDCTL" --sim "$d61" device why -v 0000:6a:01.0 2>&1)
check "6.1: SVA no by kernel.sva_x86, release 6.1.192 from /proc/version" match "$out" \
	'^SVA: +no +\(kernel.sva_x86, host: release 6.1.192 '
check "6.1: the step read /proc/version" match "$out" 'read: /proc/version$'
out=$("$IOASIDCTL" --sim "$d" sva list -J -o device,wq,pasid)
check "sva list: dsa0 wq0.0 with PASID" match "$(printf '%s' "$out" | tr -d ' \n')" \
	'"device":"dsa0","wq":"wq0.0","pasid":true'
out=$(IOASIDCTL_SIM=$d "$IOASIDCTL" prq stats -J -o iommu,irq,interrupts)
check "prq stats via IOASIDCTL_SIM: dmar1-prq irq 27, 0" \
	match "$(printf '%s' "$out" | tr -d ' \n')" '"iommu":"dmar1","irq":27,"interrupts":0'

# the same machine with PASID off in the BIOS: the kernel enables neither
# PASIDs nor the page-request queue, so there is no dmarN-prq to count
off=$tmp/off
check "sim init --platform spr-dsa-pasid-off" \
	"$IOASIDCTL" sim init "$off" --platform spr-dsa-pasid-off
out=$("$IOASIDCTL" --sim "$off" iommu list -J -o name,pasid,prs)
check "pasid-off: no PASID, no PRS (ecap 3ee9e86f050df)" \
	match "$(printf '%s' "$out" | tr -d ' \n')" \
	'"name":"dmar0","pasid":false,"prs":false.*"name":"dmar1","pasid":false,"prs":false'
out=$("$IOASIDCTL" --sim "$off" device why 0000:6a:01.0 2>&1)
check "pasid-off: device why PASID no, hardware" match "$out" \
	'PASID: +no .*dmar1: ecap 0x3ee9e86f050df'
out=$("$IOASIDCTL" --sim "$off" sva list -J -o device,wq,pasid)
check "pasid-off: dsa0 wq0.0 without PASID" match "$(printf '%s' "$out" | tr -d ' \n')" \
	'"device":"dsa0","wq":"wq0.0","pasid":false'
check "pasid-off: no dmarN-prq in /proc/interrupts" \
	sh -c "! grep -q prq '$off/current/proc/interrupts'"
out=$("$IOASIDCTL" sim inject-prq "$off" --ioasid 1 --count 1 2>&1)
check "pasid-off: inject-prq unsupported (exit 4)" [ $? -eq 4 ]
check "pasid-off: one line naming the cause" match "$out" 'dmar1: no page-request queue'
check "pasid-off: sim check" "$IOASIDCTL" sim check "$off"

out=$("$IOASIDCTL" --sim "$d" cgroup list -r -o CGROUP,CONTROLLER,CURRENT)
cg_ok() { [ "$(printf '%s\n' "$out" | grep -c 'vm[12].scope misc 2$')" -eq 2 ] && match "$out" '^/ misc 4$'; }
check "cgroup list: 2 IOASIDs per VM scope (misc form), 4 at the root" cg_ok
cg_ioasids() { [ "$(printf '%s\n' "$out" | grep -c 'vm[12].scope ioasids 2$')" -eq 2 ]; }
check "cgroup list: the same 2 per VM scope in the ioasids form" cg_ioasids

check "inject-prq" "$IOASIDCTL" sim inject-prq "$d" --ioasid 1 --count 7 --unit dmar1
out=$("$IOASIDCTL" --sim "$d" prq stats -J -o iommu,interrupts)
check "prq stats: 7 after inject" match "$(printf '%s' "$out" | tr -d ' \n')" \
	'"iommu":"dmar1","interrupts":7'
out=$("$IOASIDCTL" sim inject-prq "$d" --ioasid 1 --count 7 --unit dmar9 2>&1)
check "inject-prq unknown unit: not found" [ $? -eq 3 ]
out=$("$IOASIDCTL" sim inject-prq "$d" --ioasid 1 --count 3 --dry-run)
out=$("$IOASIDCTL" --sim "$d" prq stats -J -o iommu,interrupts)
check "dry run changes nothing" match "$(printf '%s' "$out" | tr -d ' \n')" \
	'"iommu":"dmar1","interrupts":7'

# concurrency: 4 processes x 10 injections of 1 at once
for p in 1 2 3 4; do
	(for i in 1 2 3 4 5 6 7 8 9 10; do
		"$IOASIDCTL" sim inject-prq "$d" --ioasid 2 --count 1 >/dev/null || exit 1
	done) &
done
wait
check "concurrent mutations: sim check" "$IOASIDCTL" sim check "$d"
out=$("$IOASIDCTL" --sim "$d" prq stats -J -o iommu,interrupts)
check "concurrent mutations: 7 + 40 = 47 page requests" \
	match "$(printf '%s' "$out" | tr -d ' \n')" '"iommu":"dmar1","interrupts":47'

# a mutation writes only what changed: files it does not touch are hard
# links to the previous generation's (same inode), the ones it changes and
# the per-generation reader lock are new
g1=$(readlink "$d/current")
"$IOASIDCTL" --sim "$d" alloc --vm 4001 >/dev/null
g2=$(readlink "$d/current")
ino() { stat -c %i "$d/$1/$2"; }
vm2=$(ls -d "$d/$g2"/sys/fs/cgroup/machine.slice/*vm2.scope | sed "s|^$d/$g2/||")
check "mutation: untouched VM's misc.current shared with $g1" \
	[ "$(ino "$g1" "$vm2/misc.current")" = "$(ino "$g2" "$vm2/misc.current")" ]
check "mutation: set 2's allocated file rewritten" \
	[ "$(ino "$g1" sys/kernel/ioasid/sets/2/allocated)" != "$(ino "$g2" sys/kernel/ioasid/sets/2/allocated)" ]
check "mutation: set 2 allocated 3 (was 2)" [ "$(cat "$d/$g2/sys/kernel/ioasid/sets/2/allocated")" = 3 ]
check "mutation: reader lock not shared" \
	[ "$(ino "$g1" .sim/readers)" != "$(ino "$g2" .sim/readers)" ]

# kill -9 at arbitrary points of a mutation loop
for k in 1 2 3 4 5 6 7 8; do
	(while :; do "$IOASIDCTL" sim inject-prq "$d" --ioasid 1 --count 1 >/dev/null 2>&1; done) &
	pid=$!
	sleep "0.0$k"
	# stop the loop, kill its ioasidctl (mid-mutation), then the loop
	kill -STOP $pid 2>/dev/null
	pkill -9 -P $pid 2>/dev/null
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
done
check "after kill -9 of mutations: sim check" "$IOASIDCTL" sim check "$d"
n=$(ls -d "$d"/gen-* | wc -l)
check "old generations collected ($n left)" [ "$n" -le 3 ]
# sim init --bare and --cgroup-form (ioasidctl(8) sim init): no set, no VM,
# only the root cgroup, the capacity the uninstalled default 2^20; the
# forms chosen are the only ones rendered, and later generations keep them
b=$tmp/bare
out=$("$IOASIDCTL" sim init "$b" --bare --cgroup-form misc 2>&1)
check "sim init --bare --cgroup-form misc" [ $? -eq 0 ]
check "  sim check" "$IOASIDCTL" sim check "$b"
out=$("$IOASIDCTL" --sim "$b" set list -J | tr -d ' \n')
check "  no set" match "$out" '"sets":\[\]'
out=$("$IOASIDCTL" --sim "$b" capacity show -J | tr -d ' \n')
check "  capacity 1048576, all available" match "$out" '"total":1048576,"available":1048576,"reserved":0'
check "  only the root cgroup" [ "$(find "$b/current/sys/fs/cgroup" -type d | wc -l)" -eq 1 ]
check "  root controllers: misc, no ioasids" [ "$(cat "$b/current/sys/fs/cgroup/cgroup.controllers")" = "cpuset cpu io memory hugetlb pids rdma misc" ]
"$IOASIDCTL" --sim "$b" cgroup create /a >/dev/null
check "  a later cgroup: misc.max ioasid max (misc_cg_alloc)" [ "$(cat "$b/current/sys/fs/cgroup/a/misc.max")" = "ioasid max" ]
check "  and no ioasids.max" [ ! -e "$b/current/sys/fs/cgroup/a/ioasids.max" ]
out=$("$IOASIDCTL" --sim "$b" cgroup set-limit /a --form ioasids 5 2>&1)
check "  set-limit of the absent form: exit 4" [ $? -eq 4 ]
b2=$tmp/bare2
"$IOASIDCTL" sim init "$b2" --bare --cgroup-form ioasids >/dev/null
"$IOASIDCTL" --sim "$b2" cgroup create /a >/dev/null
check "--cgroup-form ioasids: a new cgroup's ioasids.max is 0 (seed:4294)" [ "$(cat "$b2/current/sys/fs/cgroup/a/ioasids.max")" = 0 ]
check "  and no misc files" [ ! -e "$b2/current/sys/fs/cgroup/a/misc.max" ]
out=$("$IOASIDCTL" sim init "$tmp/b3" --bare --vms 1 2>&1)
check "sim init --bare --vms 1: usage, exit 2" [ $? -eq 2 ]
out=$("$IOASIDCTL" sim init "$tmp/b4" --cgroup-form cpu 2>&1)
check "sim init --cgroup-form cpu: usage, exit 2" [ $? -eq 2 ]
finish
