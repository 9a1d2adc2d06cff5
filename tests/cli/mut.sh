#!/bin/sh
# The emulated host's mutation commands on a fresh `sim init --vms 2`.
# Expected values are derived from the operations below and from sim
# init's documented initial state (ioasidctl(8) SIM, src/lib/sim/sim.c
# initial_state): capacity total 2^20 = 1048576 (PCI_PASID_MAX); set 1 is
# VT-d's null set with quota 32768; VMs 4001 and 4002 hold mm sets 2 and 3
# with the default quota 1024, IOASIDs 1,2 and 3,4 (the lowest free IDs),
# each in its machine.slice scope with ioasids.max 64. The errno of each
# refusal is the rule quoted next to it.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null || { echo "sim init failed"; exit 1; }
S() { "$IOASIDCTL" --sim "$d" "$@"; }
J() { "$IOASIDCTL" --sim "$d" "$@" -J 2>/dev/null | tr -d ' \n'; }
gen() { readlink "$d/current" | sed 's/^gen-//'; }
errno_is() { match "$out" "\"errno\":\"$1\""; }

total=1048576
avail=$((total - 32768 - 2 * 1024))
reserved=0

# run CMD...: $rc and $out (stdout, with -J the compact JSON)
run() { out=$("$IOASIDCTL" --sim "$d" "$@" 2>"$tmp/err" | tr -d ' \n'); rc=$?; }
# `run` loses the status in the pipe: take it from a second form
runj() { "$IOASIDCTL" --sim "$d" "$@" -J >"$tmp/out" 2>"$tmp/err"; rc=$?; out=$(tr -d ' \n' <"$tmp/out"); }
oneline() { [ "$(wc -l <"$tmp/err")" -eq 1 ]; }

# --- set create
runj set create --type null --quota 100
check "set create null: set 4 (IDs count up from 1; 3 sets exist)" match "$out" '"set":4,"type":"null","quota":100'
avail=$((avail - 100))
runj set create --type null --quota 0
check "set create quota 0: EINVAL (seed:4291), exit 1" [ "$rc" -eq 1 ]
check "  errno EINVAL in the JSON error object" errno_is EINVAL
check "  one stderr line" oneline
runj set create --type null --quota $((avail + 1))
check "set create quota past available: ENOSPC (seed:7926)" errno_is ENOSPC
runj set create --type mm --vm 4001 --quota 5
check "set create mm for a VM with a set: EEXIST" errno_is EEXIST
runj set create --type mm --vm 9999 --quota 5
check "set create mm for an unknown VM: exit 3" [ "$rc" -eq 3 ]
g=$(gen)
runj set create --type null --quota 7 --dry-run
check "set create --dry-run reports set 5" match "$out" '"dry_run":true.*"set":5'
check "  and publishes nothing (generation $g)" [ "$(gen)" = "$g" ]
check "  set 5 does not exist" [ "$(S set show 5 >/dev/null 2>&1; echo $?)" -eq 3 ]

# --- vm add, mm set of a new VM
scope='/machine.slice/machine-qemu\x2d5000\x2dtest\x2dvm.scope'
runj vm add --pid 5000 --name test-vm
check "vm add: default scope machine-qemu\\x2d5000\\x2dtest\\x2dvm.scope" \
	match "$out" '"cgroup":"/machine.slice/machine-qemu\\\\x2d5000\\\\x2dtest\\\\x2dvm.scope"'
runj vm add --pid 5000 --name again
check "vm add twice: EEXIST, exit 1" [ "$rc" -eq 1 ]
runj set create --type mm --vm 5000 --quota 3
check "set create mm --vm 5000: set 5, the VM opened /dev/ioasid" \
	match "$out" '"set":5,"type":"mm","quota":3,"allocated":0,"owner_pid":5000,"opened_device":true'
avail=$((avail - 3))

# --- alloc against the cgroup limit: the ioasids form defaults to 0
runj alloc --vm 5000
check "alloc in a scope with ioasids.max 0 (default, seed): EBUSY" errno_is EBUSY
run cgroup show "$scope" -J
check "  ioasids.events counts the refusal: max 1" match "$out" '"ioasids":\{"current":0,"max":0,.*"events":1'
g=$(gen)
runj cgroup set-limit "$scope" --form ioasids 2
check "cgroup set-limit ioasids 0 -> 2" match "$out" '"changed":true.*"old_limit":0,"limit":2'
g2=$(gen)
runj cgroup set-limit "$scope" --form ioasids 2
check "cgroup set-limit again: exit 0, unchanged (idempotent)" [ "$rc" -eq 0 ]
check "  reported unchanged, nothing published" match "$out" '"changed":false'
check "  generation stays $g2" [ "$(gen)" = "$g2" ]
check "  and the first one published one generation" [ "$g2" -eq $((g + 1)) ]
out=$(S alloc --vm 5000 --count 2)
check "alloc --vm --count 2: IOASIDs 5 and 6 (lowest free; 1-4 used)" [ "$out" = "5
6" ]
runj alloc --vm 5000
check "alloc past ioasids.max 2: EBUSY" errno_is EBUSY
run cgroup show "$scope" -J
check "  ioasids current 2, events 2" match "$out" '"ioasids":\{"current":2,"max":2,.*"events":2'
S cgroup set-limit "$scope" --form ioasids 10 >/dev/null
out=$(S alloc --vm 5000 --count 2 2>"$tmp/err")
rc=$?
check "alloc --count 2 past quota 3: 7 allocated, then ENOSPC (seed:4500), exit 1" \
	[ "$out" = 7 ] && [ "$rc" -eq 1 ] && grep -q ENOSPC "$tmp/err"
runj alloc --set 4 --min 100 --max 101
check "alloc --set 4 --min 100: 100" match "$out" '"ioasids":\[100\],"set":4'
runj alloc --set 4 --min 0
check "alloc --min 0: EINVAL (never 0, seed:7461)" errno_is EINVAL
runj alloc --set 77
check "alloc in an unknown set: exit 3" [ "$rc" -eq 3 ]
runj alloc --vm 4001 --dry-run --count 3
check "alloc --dry-run: would be 8 9 10 (1-7 used; 100 is past them)" match "$out" '"ioasids":\[8,9,10\]'
run list --set 2 -J -o ioasid
check "  and nothing was allocated" match "$out" '^\{"schema_version":1,"ioasids":\[\{"ioasid":1\},\{"ioasid":2\}\]\}$'

# --- set quota (v3 ioasid_adjust_set, seed:7904-7933)
runj set quota 5 2
check "set quota below the 3 outstanding: EINVAL" errno_is EINVAL
runj set quota 5 0
check "set quota 0: EINVAL" errno_is EINVAL
runj set quota 5 $((3 + avail + 1))
check "set quota raise past available: ENOSPC" errno_is ENOSPC
runj set quota 5 5
check "set quota 5: 3 -> 5" match "$out" '"quota":5,.*"old_quota":3'
avail=$((avail - 2))
runj set quota 99 5
check "set quota of an unknown set: exit 3" [ "$rc" -eq 3 ]

# --- bind / unbind through /dev/ioasid (ioasid-abi(7) DEVICE)
runj bind --vm 5000 5 --spid 9
check "bind 5 to SPID 9" match "$out" '"ioasid":5,"vm":5000,"spid":9,"state":"active","refs":2'
runj bind --vm 5000 6 --spid 9
check "bind a second IOASID to SPID 9: EINVAL (unique in the set)" errno_is EINVAL
runj bind --vm 5000 5 --spid 11
check "bind a bound IOASID: EBUSY" errno_is EBUSY
runj bind --vm 4001 5 --spid 10
check "bind another VM's IOASID: EPERM (get_if_owned), exit 5" eval '[ "$rc" -eq 5 ] && errno_is EPERM'
runj bind --vm 5000 4242 --spid 1
check "bind an unknown IOASID: ENOENT, exit 3" eval '[ "$rc" -eq 3 ] && errno_is ENOENT'
out=$(S spid find --set 5 9 -r -o ioasid 2>&1)
check "spid find --set 5 9: 5" match "$out" '^ *5$|IOASID.*5'
runj unbind --vm 5000 6
check "unbind an unbound IOASID: EINVAL" errno_is EINVAL
runj unbind --vm 5000 5
# a state follows its users: active with a second reference or an SPID,
# idle with only the allocation's (ioasid-abi(7) DESCRIPTION, states)
check "unbind 5: back to one reference, idle" match "$out" '"ioasid":5,"vm":5000,"state":"idle","refs":1'

# --- free
runj free 6 --set 2
check "free in the wrong set: EACCES (seed:5443), exit 5" eval '[ "$rc" -eq 5 ] && errno_is EACCES'
runj free 4242
check "free an unknown IOASID: exit 3" [ "$rc" -eq 3 ]
runj free 6 --vm 4001
check "free another VM's IOASID via /dev/ioasid: EPERM" errno_is EPERM
g=$(gen)
runj free 6 --vm 5000 --dry-run
check "free --dry-run: would release" match "$out" '"dry_run":true.*"state":"released"'
check "  generation unchanged" [ "$(gen)" = "$g" ]
runj free 6 --vm 5000
check "free 6 (one reference): released" match "$out" '"state":"released","refs":0'
runj free 100
check "free 100 (admin, its own set 4)" match "$out" '"ioasid":100,"state":"released"'

# --- set destroy
runj set destroy 5
check "set destroy with IOASIDs 5 and 7: EBUSY" errno_is EBUSY
runj set create --type null --quota 1
s6=$(printf '%s' "$out" | sed 's/.*"set":\([0-9]*\).*/\1/')
check "a new set gets 6 (set 4 emptied by the last free went, seed:4516)" [ "$s6" = 6 ]
avail=$((avail - 1 + 100))
runj set destroy 6
check "set destroy 6" match "$out" '"set":6'
avail=$((avail + 1))
runj set destroy 6
check "set destroy of a destroyed set: exit 3" [ "$rc" -eq 3 ]

# --- capacity (seed:6416-6458)
runj capacity reserve $((avail + 1))
check "capacity reserve past available: ENOSPC" errno_is ENOSPC
g=$(gen)
runj capacity reserve 100 --dry-run
check "capacity reserve --dry-run: generation unchanged" [ "$(gen)" = "$g" ]
runj capacity reserve 100
check "capacity reserve 100" match "$out" "\"count\":100,\"total\":$total,\"available\":$((avail - 100)),\"reserved\":100"
avail=$((avail - 100)); reserved=100
runj capacity cancel 101
check "capacity cancel past reserved: EINVAL" errno_is EINVAL
runj capacity cancel 40
avail=$((avail + 40)); reserved=60
check "capacity cancel 40" match "$out" "\"available\":$avail,\"reserved\":$reserved"
runj capacity reserve 0
check "capacity reserve 0 reserves all available ($avail)" match "$out" "\"count\":$avail,.*\"available\":0"
runj set create --type null --quota 1
check "  a set cannot be made with nothing available: ENOSPC" errno_is ENOSPC
runj capacity cancel "$avail"
check "  cancel gives it back" match "$out" "\"available\":$avail,\"reserved\":$reserved"

# --- cgroup limits: root, unknown, capacity, misc form
runj cgroup set-limit / --form ioasids 5
check "set-limit on the root: EINVAL (no limit files), exit 1" eval '[ "$rc" -eq 1 ] && errno_is EINVAL'
runj cgroup set-limit /nosuch --form misc 5
check "set-limit on an unknown cgroup: exit 3" [ "$rc" -eq 3 ]
runj cgroup set-limit "$scope" --form ioasids $((avail + 1))
check "ioasids limit above available: ENOSPC (seed:4292)" errno_is ENOSPC
runj cgroup set-limit "$scope" --form misc 2
check "misc limit max -> 2" match "$out" '"form":"misc","resource":"ioasid","file":"misc.max","old_limit":"max","limit":2,"action":"set"'
runj alloc --vm 5000
check "alloc past misc.max 2 (2 charged): EBUSY" errno_is EBUSY
run cgroup show "$scope" -J
check "  misc.events ioasid.max 1" match "$out" '"name":"ioasid",.*"current":2,.*"max":2,.*"events":1'
runj cgroup set-limit "$scope" --form misc max
check "misc limit back to max" match "$out" '"old_limit":2,"limit":"max"'

# --- vm move: the ioasids charge moves, misc stays (seed:4263-4267)
runj vm move --pid 5000 --cgroup /machine.slice/moved
check "vm move to a new cgroup" match "$out" '"cgroup_created":true.*"cgroup":"/machine.slice/moved"'
run cgroup show /machine.slice/moved -J
check "  ioasids current 2 moved with it, misc 0 (no migration)" \
	match "$out" '"name":"ioasid",.*"current":0.*"ioasids":\{"current":2,"max":0'
runj vm move --pid 7777 --cgroup /machine.slice
check "vm move of an unknown VM: exit 3" [ "$rc" -eq 3 ]

# --- other hosts say why not (exit 4)
for c in "set create --type null --quota 1" "set destroy 1" "set quota 1 2" \
	"alloc --set 1" "free 1" "bind --vm 1 1 --spid 1" "unbind --vm 1 1" \
	"capacity reserve 1" "capacity cancel 1" \
	"vm add --pid 9 --name x" "vm move --pid 9 --cgroup /a"; do
	# shellcheck disable=SC2086
	IOASIDCTL_SIM= "$IOASIDCTL" $c >/dev/null 2>"$tmp/err"
	check "live host: $c exits 4 with one line" eval "[ $? -eq 4 ] && oneline"
	# shellcheck disable=SC2086
	IOASIDCTL_SIM= "$IOASIDCTL" --sysroot "$tmp" $c >/dev/null 2>&1
	check "snapshot: $c exits 4" [ $? -eq 4 ]
done
# cgroup set-limit writes a live host's cgroupfs (tests/cli/uapi.sh); a
# snapshot still refuses it
IOASIDCTL_SIM= "$IOASIDCTL" --sysroot "$tmp" cgroup set-limit /a --form misc 1 >/dev/null 2>&1
check "snapshot: cgroup set-limit exits 4" [ $? -eq 4 ]
# one decision for every write (cli_write_target): --sim with --sysroot is
# a usage error, IOASIDCTL_SIM gives way to --sysroot (a snapshot: 4)
for c in "set create --type null --quota 1" "set destroy 1" "set quota 1 2" \
	"alloc --set 1" "free 1" "bind --vm 1 1 --spid 1" "unbind --vm 1 1" \
	"capacity install 2" "capacity reserve 1" "capacity cancel 1" \
	"cgroup create /a" "cgroup set-limit /a --form misc 1" \
	"vm add --pid 9 --name x" "vm move --pid 9 --cgroup /a" "vm remove --pid 9" \
	"uapi selftest"; do
	# shellcheck disable=SC2086
	"$IOASIDCTL" --sim "$d" --sysroot "$tmp" $c >/dev/null 2>"$tmp/err"
	check "--sim and --sysroot: $c exits 2" [ $? -eq 2 ]
	check "  with one line saying so" grep -qx "ioasidctl: $d: --sim and --sysroot exclude each other" "$tmp/err"
	# shellcheck disable=SC2086
	IOASIDCTL_SIM=$d "$IOASIDCTL" --sysroot "$tmp" $c >/dev/null 2>&1
	check "IOASIDCTL_SIM and --sysroot: $c exits 4 (the snapshot)" [ $? -eq 4 ]
done
runj alloc --vm 5000 --count 0
check "alloc --count 0: usage, exit 2" [ "$rc" -eq 2 ]

# --- afterwards: sim check and the read commands
check "sim check after everything" "$IOASIDCTL" sim check "$d" >/dev/null
run capacity show -J
check "capacity show: $total total, $avail available, $reserved reserved" \
	match "$out" "\"total\":$total,\"available\":$avail,\"reserved\":$reserved"
run set list -J
check "set list: sets 1 2 3 5 (4 and 6 gone)" \
	[ "$(printf '%s' "$out" | grep -o '"set":[0-9]*' | tr '\n' ' ')" = '"set":1 "set":2 "set":3 "set":5 ' ]
check "  set 5: mm, quota 5, 2 allocated, owner 5000, in /machine.slice/moved" \
	match "$out" '"set":5,"type":"mm","quota":5,"allocated":2,"owner_pid":5000,"cgroup":"/machine.slice/moved"'
run list --set 5 -J -o ioasid,state,refs,spid
check "list --set 5: 5 and 7 idle with one reference, no SPIDs" \
	match "$out" '\[\{"ioasid":5,"state":"idle","refs":1,"spid":null\},\{"ioasid":7,"state":"idle","refs":1,"spid":null\}\]'
# --- a bare host (sim init --bare): capacity install, cgroup create, vm
# remove; values follow from the operations and the rules quoted
b=$tmp/bare
"$IOASIDCTL" sim init "$b" --bare >/dev/null
B() { "$IOASIDCTL" --sim "$b" "$@" -J >"$tmp/out" 2>"$tmp/err"; rc=$?; out=$(tr -d ' \n' <"$tmp/out"); }
B capacity install 1
check "capacity install 1: EINVAL (2..0x100000)" eval '[ "$rc" -eq 1 ] && errno_is EINVAL'
B capacity install 100
check "capacity install 100: total = available = 100 (seed:6402)" match "$out" '"changed":true.*"installed":true,"total":100,"available":100'
B capacity install 200
check "a second install is ignored (seed:6399), exit 0" eval '[ "$rc" -eq 0 ] && match "$out" '\''"changed":false.*"installed":false,"total":100,"available":100'\'''
B cgroup create /a/b
check "cgroup create under a missing parent: ENOENT, exit 3" eval '[ "$rc" -eq 3 ] && errno_is ENOENT'
B cgroup create /a
check "cgroup create /a: ioasids.max 0 (seed:4294), misc.max max" match "$out" '"cgroup":"/a","ioasids_max":0,"misc_max":"max"'
B cgroup create /a
check "cgroup create twice: EEXIST, exit 1" eval '[ "$rc" -eq 1 ] && errno_is EEXIST'
B cgroup create "/a/x y"
check "cgroup create with a space: EINVAL" eval '[ "$rc" -eq 1 ] && errno_is EINVAL'
B vm add --pid 10 --name t --cgroup "/a/x y"
check "vm add into a cgroup with a space: EINVAL, nothing created" eval 'errno_is EINVAL && [ ! -e "$b/current/sys/fs/cgroup/a/x y" ]'
B cgroup set-limit /a --form ioasids 10
B vm add --pid 10 --name t --cgroup /a
B set create --type mm --vm 10 --quota 5
check "the first set of a bare host is set 1" match "$out" '"set":1,"type":"mm","quota":5'
out=$("$IOASIDCTL" --sim "$b" alloc --set 1 --count 3 | tr '\n' ' ')
check "alloc 3: 1 2 3" [ "$out" = "1 2 3 " ]
B bind --vm 10 2 --spid 7
check "bind 2: two references" match "$out" '"refs":2'
B vm remove --pid 10
check "vm remove: set 1 freed as ioasid_free_all_in_set, 2 released, 1 pending (bound)" \
	match "$out" '"pid":10,"cgroup":"/a","set":1,"released":2,"free_pending":1'
B list -o ioasid,state,refs
check "  left: IOASID 2 free_pending, one reference" match "$out" '"ioasids":\[\{"ioasid":2,"state":"free_pending","refs":1\}\]'
B cgroup show /a
check "  it keeps its charge until the real free (seed:4510-4514)" match "$out" '"ioasids":\{"current":1,'
B vm remove --pid 10
check "vm remove again: ESRCH, exit 3" eval '[ "$rc" -eq 3 ] && errno_is ESRCH'
B set create --type null --quota 96
check "set 1 still holds its quota 5: 96 of 95 available, ENOSPC" errno_is ENOSPC
B capacity install 50
check "installed before: a later install is ignored even with sets" eval '[ "$rc" -eq 0 ] && match "$out" '\''"installed":false,"total":100'\'''
runj capacity install 50
check "capacity install on the sim init host (set 1 exists, none installed): EBUSY" eval '[ "$rc" -eq 1 ] && errno_is EBUSY'
B cgroup set-limit / --form misc max
check "set-limit max on the root: EINVAL (no file), not unchanged" eval '[ "$rc" -eq 1 ] && errno_is EINVAL'
B spid find --set 99 1
check "spid find in an unknown set: EINVAL (as ioasid_find_by_spid), exit 3" eval '[ "$rc" -eq 3 ] && errno_is EINVAL'
check "sim check of the bare host" "$IOASIDCTL" sim check "$b" >/dev/null
for c in "capacity install 2" "cgroup create /a" "vm remove --pid 9"; do
	# shellcheck disable=SC2086
	IOASIDCTL_SIM= "$IOASIDCTL" $c >/dev/null 2>"$tmp/err"
	check "live host: $c exits 4 with one line" eval "[ $? -eq 4 ] && oneline"
done
finish
