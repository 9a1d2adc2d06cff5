#!/bin/sh
# The IOASID extension's read commands (capacity show, set list|show, list,
# spid list|find) on a fixture host built here: sysfs files written by hand
# from ioasid-abi(7) SYSFS, genl dump files written by tests/ext/mkgenl
# (libnl's message builders) from the records below. Every expected value
# is derived from those records by hand, never from ioasidctl's output.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
MKGENL=${top_builddir:-./build}/tests/ext/mkgenl
[ -x "$MKGENL" ] || { echo "SKIP: $MKGENL not built"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
h=$tmp/host
s=$h/sys/kernel/ioasid
mkdir -p "$s/capacity" "$s/sets/0" "$s/sets/3" "$s/sets/12"
# capacity 1048576 = available + reserved + quotas: 1013664 + 1024 + 32768 + 1024 + 96
echo 1 > "$s/version"
echo 1024 > "$s/default_quota"
echo 1048576 > "$s/capacity/total"
echo 1013664 > "$s/capacity/available"
echo 1024 > "$s/capacity/reserved"
echo null > "$s/sets/0/type"; echo 32768 > "$s/sets/0/quota"; echo 1 > "$s/sets/0/allocated"
echo mm > "$s/sets/3/type"; echo 1024 > "$s/sets/3/quota"; echo 3 > "$s/sets/3/allocated"
echo 4242 > "$s/sets/3/owner_pid"; echo /machine.slice/vm1.scope > "$s/sets/3/cgroup"
# set 12: its owner's files missing (the owner exited): null, not 0
echo mm > "$s/sets/12/type"; echo 96 > "$s/sets/12/quota"; echo 1 > "$s/sets/12/allocated"
"$MKGENL" "$h" <<'SPEC' || exit 1
# ioasid ID SET STATE(0 idle,1 active,2 free_pending) REFS PRQ [opts]
ioasid 1 0 0 1 0
ioasid 4097 3 1 2 17 spid=16 pid=4242 cgroup=/machine.slice/vm1.scope device=0000:6a:01.0
ioasid 4098 3 0 1 0 pid=4242 cgroup=/machine.slice/vm1.scope
ioasid 8192 3 2 1 4294967296 spid=17 pid=4242 cgroup=/machine.slice/vm1.scope
ioasid 65536 12 1 2 5 spid=16 cgroup=/machine.slice/vm2.scope
binding 4097 3 16 pid=4242 device=0000:6a:01.0
binding 8192 3 17 pid=4242
binding 65536 12 16
SPEC

run() {	# stdout in $out, stderr in $err, status in $rc
	out=$("$IOASIDCTL" --sysroot "$h" "$@" 2>"$tmp/err"); rc=$?
	err=$(cat "$tmp/err")
}
j() { printf '%s' "$out" | jq -r "$1"; }

run capacity show -J
check "capacity exits 0" [ "$rc" -eq 0 ]
check "capacity total/available/reserved" [ "$(j '.capacity[0] | "\(.total) \(.available) \(.reserved)"')" = "1048576 1013664 1024" ]
check "capacity version, default_quota" [ "$(j '.capacity[0] | "\(.version) \(.default_quota)"')" = "1 1024" ]
check "capacity schema_version" [ "$(j .schema_version)" = 1 ]

run set list -J
check "set list: three sets in id order" [ "$(j '[.sets[].set] | join(",")')" = "0,3,12" ]
check "set 0 null, no owner" [ "$(j '.sets[0] | "\(.type) \(.owner_pid) \(.cgroup)"')" = "null null null" ]
check "set 3 mm 1024/3 owner 4242" [ "$(j '.sets[1] | "\(.type) \(.quota) \(.allocated) \(.owner_pid) \(.cgroup)"')" = "mm 1024 3 4242 /machine.slice/vm1.scope" ]
check "set 12 owner gone: null" [ "$(j '.sets[2].owner_pid')" = null ]
check "quotas are numbers" [ "$(j '.sets[1].quota | type')" = number ]
run set show 3 -J
check "set show 3" [ "$(j '.sets | length') $(j '.sets[0].owner_pid')" = "1 4242" ]
run set show 7
check "set show 7: not found, exit 3" [ "$rc" -eq 3 ]
check "set show 7: one line naming set 7" eval '[ "$(printf '\''%s\n'\'' "$err" | wc -l)" -eq 1 ] && match "$err" '\''^ioasidctl: set 7: '\'''
run set show x7
check "set show x7: usage" [ "$rc" -eq 2 ]

run list -J
check "list exits 0" [ "$rc" -eq 0 ]
check "list: every IOASID in order" [ "$(j '[.ioasids[].ioasid] | join(",")')" = "1,4097,4098,8192,65536" ]
check "list: states" [ "$(j '[.ioasids[].state] | join(",")')" = "idle,active,idle,free_pending,active" ]
check "list: 2^32 page requests exact" [ "$(j '.ioasids[3].prq_count')" = 4294967296 ]
check "list: no SPID is null" [ "$(j '.ioasids[0].spid')" = null ]
check "list: no pid (owner gone) is null" [ "$(j '.ioasids[4].pid')" = null ]
check "list: null set has no cgroup" [ "$(j '.ioasids[0].cgroup')" = null ]
check "list: device of 4097" [ "$(j '.ioasids[1].device')" = 0000:6a:01.0 ]
run list -J --set 3
check "list --set 3" [ "$(j '[.ioasids[].ioasid] | join(",")')" = "4097,4098,8192" ]
run list -J --state active
check "list --state active" [ "$(j '[.ioasids[].ioasid] | join(",")')" = "4097,65536" ]
run list -J --spid 16
check "list --spid 16 (two sets)" [ "$(j '[.ioasids[].ioasid] | join(",")')" = "4097,65536" ]
run list -J --cgroup machine.slice
check "list --cgroup machine.slice (and below)" [ "$(j '[.ioasids[].ioasid] | join(",")')" = "4097,4098,8192,65536" ]
run list -J --cgroup /machine.slice/vm2.scope
check "list --cgroup vm2" [ "$(j '[.ioasids[].ioasid] | join(",")')" = 65536 ]
run list -J --pid 4242 --state idle
check "list --pid 4242 --state idle" [ "$(j '[.ioasids[].ioasid] | join(",")')" = 4098 ]
run list -J --device 6a:01.0
check "list --device short form" [ "$(j '[.ioasids[].ioasid] | join(",")')" = 4097 ]
run list -J --set 99
check "list: no match is an empty array" eval '[ "$rc" -eq 0 ] && [ "$(j '\''.ioasids | length'\'')" = 0 ]'
run list --state gone
check "list --state gone: usage" [ "$rc" -eq 2 ]
run list -r -n -o IOASID,STATE,CGROUP --set 3
check "list -r: raw rows" [ "$out" = "4097 active /machine.slice/vm1.scope
4098 idle /machine.slice/vm1.scope
8192 free_pending /machine.slice/vm1.scope" ]
run list -P -o IOASID,SPID --state active
check "list -P: pairs, null as -" [ "$out" = 'IOASID="4097" SPID="16"
IOASID="65536" SPID="16"' ]
run list -o IOASID,SET,STATE
check "list table: right-aligned numbers" [ "$(printf '%s\n' "$out" | sed -n 2p)" = "     1   0 idle" ]
check "list table: heading" [ "$(printf '%s\n' "$out" | sed -n 1p)" = "IOASID SET STATE" ]

run spid list -J
check "spid list: all bindings" [ "$(j '[.bindings[] | "\(.set):\(.spid)=\(.ioasid)"] | join(",")')" = "3:16=4097,3:17=8192,12:16=65536" ]
run spid list -J --set 12
check "spid list --set 12" [ "$(j '[.bindings[].ioasid] | join(",")')" = 65536 ]
run spid find --set 3 17 -J
check "spid find --set 3 17" eval '[ "$rc" -eq 0 ] && [ "$(j '\''.bindings[0].ioasid'\'')" = 8192 ]'
run spid find --set 3 18
check "spid find: unknown SPID exit 3" eval '[ "$rc" -eq 3 ] && match "$err" '\''^ioasidctl: set 3 spid 18: '\'''
run spid find 17
check "spid find without --set: usage" [ "$rc" -eq 2 ]

# both cgroup forms (ioasid-abi(7) CGROUP V2): the misc resource "ioasid"
# and the seed's ioasids controller, side by side; vm1 was moved in with
# 3 IOASIDs against a limit of 2 (moves are exempt: current > max)
cg=$h/sys/fs/cgroup
mkdir -p "$h/proc/self" "$cg/machine.slice/vm1.scope"
echo '29 24 0:24 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot' > "$h/proc/self/mountinfo"
echo 'cpu io memory pids misc ioasids' > "$cg/cgroup.controllers"
echo 'misc ioasids' > "$cg/cgroup.subtree_control"
echo 'ioasid 1048576' > "$cg/misc.capacity"
echo 'ioasid 4' > "$cg/misc.current"
for d in machine.slice machine.slice/vm1.scope; do
	echo 'misc ioasids' > "$cg/$d/cgroup.controllers"
	echo domain > "$cg/$d/cgroup.type"
done
echo 'misc ioasids' > "$cg/machine.slice/cgroup.subtree_control"
: > "$cg/machine.slice/vm1.scope/cgroup.subtree_control"
echo 'ioasid max' > "$cg/machine.slice/misc.max"
echo 'ioasid 4' > "$cg/machine.slice/misc.current"
echo 'ioasid.max 0' > "$cg/machine.slice/misc.events"
echo max > "$cg/machine.slice/ioasids.max"
echo 3 > "$cg/machine.slice/ioasids.current"
echo 'max 1' > "$cg/machine.slice/ioasids.events"
echo 'ioasid 8' > "$cg/machine.slice/vm1.scope/misc.max"
echo 'ioasid 4' > "$cg/machine.slice/vm1.scope/misc.current"
echo 2 > "$cg/machine.slice/vm1.scope/ioasids.max"
echo 3 > "$cg/machine.slice/vm1.scope/ioasids.current"
echo 'max 1' > "$cg/machine.slice/vm1.scope/ioasids.events"
run cgroup list -J
check "cgroup list exits 0" [ "$rc" -eq 0 ]
iox() { printf '%s' "$out" | jq -r --arg p "$1" ".cgroups[] | select(.path==\$p) | .ioasids$2"; }
check "root has no ioasids files" [ "$(iox / '')" = null ]
check "vm1 ioasids current 3 > max 2" [ "$(iox /machine.slice/vm1.scope '| "\(.current) \(.max) \(.max_is_unlimited) \(.events)"')" = "3 2 false 1" ]
check "machine.slice ioasids max unlimited" [ "$(iox /machine.slice '| "\(.max) \(.max_is_unlimited)"')" = "null true" ]
check "vm1 misc ioasid max 8" [ "$(printf '%s' "$out" | jq -r '.cgroups[] | select(.path=="/machine.slice/vm1.scope") | .resources[] | select(.name=="ioasid") | .max')" = 8 ]
run cgroup show /machine.slice/vm1.scope -r -n -o CONTROLLER,RESOURCE,CURRENT,MAX
check "cgroup show: both forms" [ "$out" = "misc ioasid 4 8
ioasids ioasid 3 2" ]
echo 'max 1 2' > "$cg/machine.slice/vm1.scope/ioasids.events"
run cgroup show /machine.slice/vm1.scope -J
check "garbage ioasids.events: null" [ "$(j '.cgroups[0].ioasids.events')" = null ]
check "garbage ioasids.events: said" match "$err" 'ioasids.events: not the format'

# a damaged dump: one garbage chunk is reported, the good records stay
printf 'garbage that is not netlink' > "$h/genl/ioasid/GET_IOASID/chunk-ff000"
run list -r -n -o IOASID
check "damaged chunk: still the five records" [ "$(printf '%s\n' "$out" | wc -l)" -eq 5 ]
check "damaged chunk: one warning" match "$err" 'GET_IOASID dump: 1 malformed message ignored'
rm "$h/genl/ioasid/GET_IOASID/done"
run list -r -n -o IOASID
check "no NLMSG_DONE: said" match "$err" 'without NLMSG_DONE'

# a stock kernel's snapshot: no /sys/kernel/ioasid, no dumps
mkdir -p "$tmp/stock/sys/kernel"
for c in "capacity show" "set list" "set show 1" "list" "spid list" "spid find --set 1 1"; do
	# shellcheck disable=SC2086
	out=$("$IOASIDCTL" --sysroot "$tmp/stock" $c 2>"$tmp/err"); rc=$?
	check "stock: $c exits 4" [ "$rc" -eq 4 ]
	check "stock: $c one stderr line" [ "$(wc -l < "$tmp/err")" -eq 1 ]
	check "stock: $c says not supported" grep -q 'not supported by this kernel' "$tmp/err"
done
out=$("$IOASIDCTL" --sysroot "$tmp/stock" list -J 2>/dev/null)
check "stock: -J error object EOPNOTSUPP" [ "$(j .error.errno)" = EOPNOTSUPP ]
finish
