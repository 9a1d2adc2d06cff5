#!/bin/sh
# cgroup list | show on the fixture sysroots of tests/data/cgroup (see its
# README). Expected values are the ones mkfixture.sh writes, derived from
# kernel/cgroup/misc.c (which file exists where in 6.1 and 6.12, what a
# file omits) and arch/x86/kvm/svm/sev.c (capacities 410 and 99); none is
# copied from ioasidctl's output.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
data=${top_srcdir:-.}/tests/data/cgroup
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vm1='machine-qemu\x2d1\x2dvm1.scope'
vm2='machine-qemu\x2d2\x2dvm2.scope'

run() {	# run SYSROOT ARGS...: stdout in $out, stderr in $err, status in $rc
	_r=$1
	shift
	out=$("$IOASIDCTL" --sysroot "$_r" "$@" 2>"$tmp/err"); rc=$?
	err=$(cat "$tmp/err")
}
j() { printf '%s' "$out" | jq -r "$1"; }
# the value of KEY of resource RES of cgroup PATH in $out
rv() {
	printf '%s' "$out" | jq -r --arg p "$1" --arg n "$2" \
		".cgroups[] | select(.path==\$p) | .resources[] | select(.name==\$n) | .$3"
}
# whether misc file F of cgroup PATH exists
fp() {
	printf '%s' "$out" | jq -r --arg p "$1" --arg n "$2" \
		'.cgroups[] | select(.path==$p) | .files[] | select(.name==$n) | .present'
}

for v in 6.12 6.1; do
	r=$data/$v-sev
	run "$r" cgroup list -J
	check "$v list exits 0" [ "$rc" -eq 0 ]
	check "$v list: valid JSON" sh -c 'printf "%s" "$1" | jq -e . >/dev/null' _ "$out"
	check "$v list: schema_version 1" [ "$(j .schema_version)" = 1 ]
	# misc enabled: / (root), children of / (root's subtree has misc),
	# machine.slice's children; not system.slice's or user.slice's
	check "$v list: the misc cgroups, preorder" [ "$(j '[.cgroups[].path] | join(",")')" = \
		"/,/init.scope,/machine.slice,/machine.slice/$vm1,/machine.slice/$vm2,/system.slice,/user.slice" ]
	check "$v root is_root" [ "$(j '.cgroups[0].is_root')" = true ]
	check "$v root capacity sev 410" [ "$(rv / sev capacity)" = 410 ]
	check "$v root capacity sev_es 99" [ "$(rv / sev_es capacity)" = 99 ]
	check "$v root has no misc.max (NOT_ON_ROOT)" [ "$(fp / misc.max)" = false ]
	check "$v root max null, unlimited unknown" [ "$(rv / sev max)$(rv / sev max_is_unlimited)" = nullnull ]
	check "$v root has no misc.events" [ "$(fp / misc.events)" = false ]
	check "$v non-root has no misc.capacity (ONLY_ON_ROOT)" [ "$(fp /machine.slice misc.capacity)" = false ]
	check "$v non-root capacity null" [ "$(rv /machine.slice sev capacity)" = null ]
	check "$v vm1 sev max 2" [ "$(rv "/machine.slice/$vm1" sev max)" = 2 ]
	check "$v vm1 sev limited" [ "$(rv "/machine.slice/$vm1" sev max_is_unlimited)" = false ]
	check "$v vm1 sev_es max: null + unlimited" [ "$(rv "/machine.slice/$vm1" sev_es max)$(rv "/machine.slice/$vm1" sev_es max_is_unlimited)" = nulltrue ]
	check "$v vm1 current sev 2" [ "$(rv "/machine.slice/$vm1" sev current)" = 2 ]
	check "$v vm2 sev_es limit 0 is a number" [ "$(rv "/machine.slice/$vm2" sev_es max)" = 0 ]
	check "$v machine.slice events sev 2 (hierarchical)" [ "$(rv /machine.slice sev events)" = 2 ]
	check "$v numbers are JSON numbers" [ "$(j '.cgroups[0].resources[0].capacity | type')" = number ]
done

# the files that differ between the releases (misc_cg_files[])
run "$data/6.12-sev" cgroup list -J
check "6.12 root has misc.current (since 6.5)" [ "$(fp / misc.current)" = true ]
check "6.12 root current sev 3" [ "$(rv / sev current)" = 3 ]
check "6.12 root peak sev 4 (misc.peak, 6.11)" [ "$(rv / sev peak)" = 4 ]
check "6.12 vm1 events_local sev 2 (6.11)" [ "$(rv "/machine.slice/$vm1" sev events_local)" = 2 ]
check "6.12 machine.slice events_local sev 0" [ "$(rv /machine.slice sev events_local)" = 0 ]
run "$data/6.1-sev" cgroup list -J
check "6.1 root has no misc.current (NOT_ON_ROOT in 6.1)" [ "$(fp / misc.current)" = false ]
check "6.1 root current is null, not 0" [ "$(rv / sev current)" = null ]
check "6.1 has no misc.peak" [ "$(fp /machine.slice misc.peak)" = false ]
check "6.1 peak null" [ "$(rv /machine.slice sev peak)" = null ]
check "6.1 has no misc.events.local" [ "$(fp /machine.slice misc.events.local)" = false ]
check "6.1 events_local null" [ "$(rv "/machine.slice/$vm1" sev events_local)" = null ]
check "6.1 has misc.events" [ "$(rv "/machine.slice/$vm1" sev events)" = 2 ]

# table forms
r=$data/6.12-sev
run "$r" cgroup show --unit "$vm1" -r -n -o RESOURCE,CURRENT,MAX,EVENTS_LOCAL
check "show --unit: raw rows" [ "$out" = "sev 2 2 2
sev_es 1 max 0" ]
run "$r" cgroup show --pid 4242 -r -n -o RESOURCE,MAX
check "show --pid: the pid's scope" [ "$out" = "sev 2
sev_es max" ]
run "$r" cgroup show -r -n -o RESOURCE,CURRENT,MAX,CAPACITY
check "show without CGROUP: the root" [ "$out" = "sev 3 - 410
sev_es 1 - 99" ]
run "$r" cgroup show /sys/fs/cgroup/machine.slice -J -o current
check "show a host path" [ "$(j '.cgroups[0].path')" = /machine.slice ]
check "-o current: only name and current" [ "$(j '.cgroups[0].resources[0] | keys | join(",")')" = current,name ]
run "$r" cgroup list -r -n -o CGROUP,RESOURCE,CAPACITY
check "list raw: one row per cgroup and resource" [ "$(printf '%s\n' "$out" | wc -l)" -eq 14 ]
run "$r" cgroup list -P -o CGROUP,RESOURCE
check "list pairs" match "$out" '^CGROUP="/" RESOURCE="sev"$'
run "$r" cgroup list --list-columns -r -n
check "--list-columns names EVENTS_LOCAL" match "$out" "EVENTS_LOCAL"

# errors and exit statuses
run "$r" cgroup show system.slice/dbus.service
check "+misc missing: exit 4" [ "$rc" -eq 4 ]
check "+misc missing: one stderr line" [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]
check "+misc missing: names the cgroup, the parent's file and the fix" [ "$err" = \
	"ioasidctl: /sys/fs/cgroup/system.slice/dbus.service: misc controller not enabled (+misc missing from /sys/fs/cgroup/system.slice/cgroup.subtree_control); enable with: echo +misc > /sys/fs/cgroup/system.slice/cgroup.subtree_control" ]
run "$r" cgroup show user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service -J
check "+misc missing at 4 levels: exit 4" [ "$rc" -eq 4 ]
check "+misc missing at 4 levels: every echo, top-down" match "$err" \
	"enable with: echo \+misc > /sys/fs/cgroup/user.slice/cgroup.subtree_control && echo \+misc > /sys/fs/cgroup/user.slice/user-1000.slice/cgroup.subtree_control && .* && echo \+misc > /sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/cgroup.subtree_control$"
check "-J error object EOPNOTSUPP" [ "$(j .error.errno)" = EOPNOTSUPP ]
run "$r" cgroup show --unit dbus.service
check "ambiguous unit: exit 2" [ "$rc" -eq 2 ]
check "ambiguous unit: lists both" match "$err" "2 cgroups match: /system.slice/dbus.service, /user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service"
run "$r" cgroup show --unit nope.service
check "unknown unit: exit 3" [ "$rc" -eq 3 ]
run "$r" cgroup show nothere
check "missing cgroup: exit 3" [ "$rc" -eq 3 ]
check "missing cgroup: names it" match "$err" "^ioasidctl: /sys/fs/cgroup/nothere: no such cgroup"
run "$r" cgroup show --pid 4444
check "zombie in a removed cgroup: exit 3" [ "$rc" -eq 3 ]
check "zombie: says removed" match "$err" "was removed"
run "$r" cgroup show --pid 99999
check "no such pid: exit 3" [ "$rc" -eq 3 ]
run "$r" cgroup show --pid x1
check "bad pid: exit 2" [ "$rc" -eq 2 ]
run "$r" cgroup show a b
check "two cgroups: exit 2" [ "$rc" -eq 2 ]
run "$r" cgroup show a --unit b
check "CGROUP and --unit: exit 2" [ "$rc" -eq 2 ]
run "$r" cgroup show ../etc
check "..: exit 2" [ "$rc" -eq 2 ]
run "$r" cgroup list extra
check "list with an argument: exit 2" [ "$rc" -eq 2 ]

# the VM guests' shape: misc enabled, no capacity, empty files
for v in 6.12 6.1; do
	run "$data/$v-nosev" cgroup list -J
	check "$v no-SEV list exits 0" [ "$rc" -eq 0 ]
	check "$v no-SEV: three cgroups" [ "$(j '[.cgroups[].path] | join(",")')" = "/,/machine.slice,/machine.slice/$vm1" ]
	check "$v no-SEV: no resources anywhere" [ "$(j '[.cgroups[].resources | length] | add')" = 0 ]
	check "$v no-SEV: no stderr" [ -z "$err" ]
	run "$data/$v-nosev" cgroup show --pid 77 -J
	check "$v no-SEV show --pid exits 0" [ "$rc" -eq 0 ]
	check "$v no-SEV show: empty resources" [ "$(j '.cgroups[0].resources | length')" = 0 ]
done

# hosts without a usable cgroup2 mount: exit 4; no mountinfo: exit 3
mkdir -p "$tmp/hyb/proc/self" "$tmp/v1/proc/self" "$tmp/none/proc/self" "$tmp/nomi"
printf '%s\n' "31 23 0:28 / /sys/fs/cgroup ro - tmpfs tmpfs ro,mode=755" \
	"32 31 0:29 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate" \
	"33 31 0:30 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd" \
	> "$tmp/hyb/proc/self/mountinfo"
printf '%s\n' "33 31 0:30 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory" \
	> "$tmp/v1/proc/self/mountinfo"
printf '%s\n' "28 1 254:0 / / rw - ext4 /dev/vda rw" > "$tmp/none/proc/self/mountinfo"
for h in hyb v1 none; do
	run "$tmp/$h" cgroup list
	check "$h: exit 4" [ "$rc" -eq 4 ]
	check "$h: names mountinfo" match "$err" "^ioasidctl: /proc/self/mountinfo: "
done
check "hybrid: says so" match "$(run "$tmp/hyb" cgroup list; echo "$err")" "hybrid"
run "$tmp/nomi" cgroup list
check "no mountinfo: exit 3" [ "$rc" -eq 3 ]
# a kernel without the misc controller
mkdir -p "$tmp/nomisc/proc/self" "$tmp/nomisc/sys/fs/cgroup/machine.slice"
cp "$data/6.12-sev/proc/self/mountinfo" "$tmp/nomisc/proc/self/"
echo "cpuset cpu io memory hugetlb pids rdma" > "$tmp/nomisc/sys/fs/cgroup/cgroup.controllers"
echo "cpu memory" > "$tmp/nomisc/sys/fs/cgroup/machine.slice/cgroup.controllers"
run "$tmp/nomisc" cgroup list
check "no misc controller: exit 4" [ "$rc" -eq 4 ]
check "no misc controller: says CONFIG_CGROUP_MISC" match "$err" "CONFIG_CGROUP_MISC"
run "$tmp/nomisc" cgroup show machine.slice
check "show, no misc controller: exit 4" [ "$rc" -eq 4 ]

# malformed misc files: values null, one line per damaged file, exit 0
cp -r "$data/6.12-sev" "$tmp/bad"
printf 'sev 99999999999999999999\nsev_es max\n' > "$tmp/bad/sys/fs/cgroup/machine.slice/misc.max"
printf 'garbage\n' > "$tmp/bad/sys/fs/cgroup/machine.slice/misc.current"
printf 'sev 2\000\n' > "$tmp/bad/sys/fs/cgroup/machine.slice/misc.peak"
run "$tmp/bad" cgroup show machine.slice -J
check "malformed: exit 0" [ "$rc" -eq 0 ]
check "malformed: huge max is null" [ "$(rv /machine.slice sev max)" = null ]
check "malformed: the good line stays" [ "$(rv /machine.slice sev_es max_is_unlimited)" = true ]
check "malformed: garbage current is null" [ "$(rv /machine.slice sev current)" = null ]
check "malformed: NUL in peak is null" [ "$(rv /machine.slice sev peak)" = null ]
check "malformed: file error EINVAL" [ "$(j '.cgroups[0].files[] | select(.name=="misc.max") | .error')" = EINVAL ]
check "malformed: one stderr line per file" [ "$(printf '%s\n' "$err" | grep -c 'malformed lines ignored')" -eq 3 ]

# not root: an unreadable misc file is "no perm", said once
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod -R a+rX "$tmp"
	chmod 0 "$tmp/bad/sys/fs/cgroup/machine.slice/misc.max"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$IOASIDCTL" --sysroot "$tmp/bad" \
		cgroup show machine.slice -P -o RESOURCE,MAX 2>"$tmp/err"); rc=$?
	if [ "$rc" -eq 3 ]; then
		echo "# EACCES case skipped: uid 65534 cannot reach $tmp"
	else
		check "no perm: exit 0" [ "$rc" -eq 0 ]
		check "no perm: shown as such" [ "$(printf '%s\n' "$out" | head -1)" = 'RESOURCE="sev" MAX="no perm"' ]
		check "no perm: one note" [ "$(grep -c 'not readable' "$tmp/err")" -eq 1 ]
	fi
fi
finish
