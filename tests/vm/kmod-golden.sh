#!/bin/bash
# The reference module (kmod/ioasid.ko) in the VM guests: what the guest's
# /init did after loading it (tests/vm/init, tests/vm/commands-kmod) checked
# against what the guest itself did and the module's own counters, never
# against ioasidctl's own output:
#   - ioasid-hold's record (kmod-hold.txt: its pid, the IOASIDs the device
#     returned, the binding it made, IOASID_GET_INFO's set, quota, capacity);
#   - the module's sysfs files read with grep (kmod-sysfs-before/after.txt);
#   - the ABI's rules (ioasid-abi(7)): a new IOASID is idle with one
#     reference, a binding takes one more and makes it active, a set's quota
#     comes from the available capacity, the set goes when its opener does;
#   - the conformance suite (conf_kmod) passes all tests RULES.md counts, and
#     conf_diff found no disagreement between model and module.
# usage: kmod-golden.sh [RUN-DIR...]   (default: every run of tests/data/vm)
# Exit 77 without jq or without any run that loaded the module.
set -euo pipefail
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
pass=0 fail=0 n=0
expect() { # NAME GOT WANT
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1: got '$2', want '$3'"
	fi
}
rc_of() { awk -F'\t' -v n="$2" '$1 == n { print $2 }' "$1/commands.tsv"; }
# sysfs FILE PATH: the value grep -r printed for /sys/kernel/ioasid/PATH
sysfs() { sed -n "s|^/sys/kernel/ioasid/$2:||p" "$1"; }
tests=$(sed -n 's/.* \([0-9][0-9]*\) tests\.$/\1/p' "$top/tests/conformance/RULES.md")

# review_cases RUN NAME: the cases of commands-kmod-load (kmod-load.sh),
# each loading the module with its own parameters (issue 18)
review_cases() {
	local run=$1 name=$2 v who sid p
	f() { cat "$run/kmod-load-$1.txt" 2>/dev/null; }
	for c in abi udiff strict capacity2 setid pidns cgroup-race account; do
		expect "$name $c exit" "$(rc_of "$run" "kmod-load-$c")" 0
		expect "$name $c load/unload" "$(f $c | sed -n '1p;$p' | tr '\n' ' ')" "insmod ok rmmod ok "
	done
	# IOASID_ALLOC writes back its output only: min 1 and max 0xfffffffe as
	# given (max_ioasid is 0xfffff), the word after argsz untouched; the ID
	# is in [1, capacity - 1]; FIND_SPID finds the bound IOASID and leaves
	# the SPID; argsz above PAGE_SIZE (4096 on x86-64) is E2BIG without a
	# read of the guard page (ioasid-abi(7) Argument structs)
	v=$(f abi | sed -n 's/^alloc \(.*\)$/\1/p')
	expect "$name abi: alloc write-back" "$(echo "$v" | awk '{ print $1, $2, $3, $5 }')" "ok 1 4294967294 kept"
	expect "$name abi: alloc in range" "$(echo "$v" | awk '{ print ($4 >= 1 && $4 <= 1048575) }')" 1
	expect "$name abi: find" "$(f abi | sed -n 's/^find //p')" "ok 77 bound"
	expect "$name abi: argsz cap" "$(f abi | grep '^argsz' | tr '\n' ' ')" \
		"argsz-page ok argsz-page+1 E2BIG argsz-huge E2BIG "
	# the ABI layer: /dev/ioasid against the model's device layer
	expect "$name udiff agreed" "$(f udiff | grep -c '^/dev/ioasid vs model: .* 0 mismatch(es)$')" 1
	# and so did their generic netlink dumps (GET_SET, the SET/PID/STATE
	# filters, tests/conformance/udiff-genl.c), compared every 100 requests
	# and twice at the end of each of the 40 sequences (at least 80)
	expect "$name udiff genl compared" \
		"$(f udiff | sed -n 's/^\/dev\/ioasid vs model: .* \([0-9]*\) genl comparisons .* with 0 genl mismatch(es), .*/\1/p' | awk '{ print ($1 >= 80) }')" 1
	# genl_header_check() for every command (resv_start_op 0)
	expect "$name strict" "$(f strict | sed '1d;$d' | tr '\n' ' ')" "dump ok reserved EINVAL flags EINVAL "
	# capacity=2 < the default quota 1024: default_quota lowered to 2 (and
	# said in the log), so the first opener gets IOASID 1 (max_ioasid =
	# capacity - 1), the second finds no capacity, and after the first
	# exits a new opener gets the next set ID (2)
	expect "$name capacity2: knobs" "$(f capacity2 | sed -n 's/^total //p')" "2 default_quota 2"
	expect "$name capacity2: logged" \
		"$(grep -c '^ioasid: default_quota 1024 above capacity 2: lowered to 2$' "$run/kmod-kmsg.txt")" 1
	expect "$name capacity2: first" "$(f capacity2 | sed -n 's/^a \(set [0-9]*\) pid [0-9]*$/\1/p;s/^a ioasid //p' | tr '\n' ' ')" "set 1 1 "
	expect "$name capacity2: second" "$(f capacity2 | sed -n 's/^b //p')" \
		"ioasid-hold: /dev/ioasid: No space left on device"
	expect "$name capacity2: after" "$(f capacity2 | sed -n 's/^c \(set [0-9]*\) pid [0-9]*$/\1/p;s/^available //p' | tr '\n' ' ')" "set 2 2 "
	# set IDs: cyclic from first_set_id=0xfffffffd to 0xfffffffe, then
	# wrapping to 1; the freed 0xfffffffd is not taken again before the
	# IDs above it; an open file of a destroyed set's directory is ENODEV
	# (kernfs), and every directory shows its own set's owner
	local -A sp
	while read -r who _ sid _ p; do sp[$who]="$sid $p"; done < <(f setid | grep -E '^[a-f] set ')
	for who in a b c e f; do sp[$who]=${sp[$who]:-none none}; done
	expect "$name setid: IDs" "${sp[a]%% *} ${sp[b]%% *} ${sp[c]%% *} ${sp[e]%% *} ${sp[f]%% *}" \
		"4294967293 4294967294 1 2 3"
	expect "$name setid: stale" "$(f setid | sed -n 's/^stale b //p')" "No such device"
	expect "$name setid: sysfs" "$(f setid | grep '^sets' | tr '\n' '|')" \
		"sets 1:${sp[c]#* } 2:${sp[e]#* } 3:${sp[f]#* }|sets|"
	# a holder in its own PID namespace (unshare -p -f): its PID in the
	# initial namespace, from /proc NSpid, everywhere (ioasid-abi(7) Process
	# IDs): sysfs read from there, from its namespace and from another one,
	# the dumps run from there and from its namespace, and its BIND, FREE
	# and UNBIND
	local ip
	ip=$(f pidns | sed -n 's/^nspid \([0-9]*\) 1$/\1/p')
	expect "$name pidns: holder found" "$([ -n "$ip" ] && [ "$ip" != 1 ] && echo yes)" yes
	expect "$name pidns: owner_pid" "$(f pidns | sed -n 's/^owner_pid //p' | tr '\n' ' ')" \
		"init $ip inside $ip other $ip "
	if f pidns | grep -q '^dump '; then
		expect "$name pidns: dumps" "$(f pidns | sed -n 's/^dump //p' | tr -s ' \n' ' ')" "init $ip inside $ip "
	fi
	# (ABI version 3: the holder's ALLOCs take the numbers before them, so
	# the BIND's is B > 1 and FREE and UNBIND follow it)
	local pn pb
	pn=$(f pidns | sed -n 's/^notify \([a-z]*\) seq \([0-9]*\) .* spid 9 pid \([0-9]*\)$/\1 \2 \3/p' | tr '\n' ' ')
	pb=$(printf '%s' "$pn" | sed -n 's/^bind \([0-9]*\) .*/\1/p')
	expect "$name pidns: ALLOCs before the BIND" "$([ "${pb:-0}" -gt 1 ] && echo yes)" yes
	expect "$name pidns: notifications" "$pn" \
		"bind ${pb:-?} $ip free $((${pb:-0} + 1)) $ip unbind $((${pb:-0} + 2)) $ip "
	expect "$name pidns: its ALLOCs carry its pid" \
		"$(f pidns | grep -c "^notify alloc seq [0-9]* ioasid [0-9]* set [0-9]* pid $ip\$")" \
		"$((${pb:-1} - 1))"
	# readers of sets/<id>/cgroup racing moves and mkdir/rmdir: each read
	# gave one of the owner's cgroups; kmod-kmsg (checked above for the
	# whole section) has no RCU report
	v=$(f cgroup-race | sed -n 's/^race reads \([0-9]*\) values \(.*\)$/\1|\2/p')
	expect "$name cgroup-race: reads" "$([ "${v%%|*}" -gt 0 ] 2>/dev/null && echo yes)" yes
	expect "$name cgroup-race: values" \
		"$(echo "${v#*|}" | tr ' ' '\n' | grep -v -x -E '/|/kmod-race-a|/kmod-race-b|' | head -n 3)" ""
	# GFP_KERNEL_ACCOUNT: 4000 IOASIDs charge at least 4000 struct
	# kio_ioasid (64 bytes on x86-64, kmalloc-64; the xarray's nodes come on
	# top) to the allocating process's memory cgroup (memory.stat slab)
	v=$(f account | sed -n 's/^account 4000 \([0-9]*\) \([0-9]*\)$/\1 \2/p')
	expect "$name account: charged" "$(echo "$v" | awk '{ print ($2 - $1 >= 4000 * 64) ? "yes" : "no " $2 - $1 }')" yes
}

if [ $# -gt 0 ]; then runs=("$@"); else runs=("$top"/tests/data/vm/*/); fi
for run in "${runs[@]}"; do
	run=${run%/}
	[ -f "$run/commands.tsv" ] || continue
	name=$(basename "$run")
	case $(rc_of "$run" kmod-insmod) in '' | skipped) loaded= ;; *) loaded=1 ;; esac
	if [ -z "$loaded" ]; then
		if grep -q '^===IOASID-SKIP kmod-insmod' "$run/serial.log" 2>/dev/null &&
			! grep -q 'kmod-insmod runs-in-vtd-sm-only' "$run/serial.log"; then
			echo "SKIP $name: $(sed -n 's/^===IOASID-SKIP kmod-insmod \(.*\)===$/\1/p' "$run/serial.log")"
		fi
		continue
	fi
	n=$((n + 1))
	expect "$name insmod" "$(rc_of "$run" kmod-insmod)" 0
	expect "$name rmmod" "$(rc_of "$run" kmod-rmmod)" 0
	expect "$name hold" "$(rc_of "$run" kmod-hold)" 0
	# the kernel's log while the module was loaded: its load line, no
	# warning, BUG or oops
	expect "$name kmsg: loaded" "$(grep -c '^ioasid: ABI version 2, capacity [0-9]*, conformance device$' "$run/kmod-kmsg.txt")" 1
	expect "$name kmsg: no warning" "$(grep -cv '^ioasid: ' "$run/kmod-kmsg.txt" || true)" 0

	# the conformance suite and the differential test
	expect "$name conf_kmod exit" "$(rc_of "$run" kmod-conf)" 0
	expect "$name conf_kmod tests" \
		"$(sed -n 's/^conformance against the kernel module: \([0-9]*\) of \([0-9]*\) tests failed$/\1 \2/p' "$run/kmod-conf.txt")" \
		"0 $tests"
	expect "$name conf_diff exit" "$(rc_of "$run" kmod-diff)" 0
	expect "$name conf_diff agreed" "$(grep -c ': 0 sequence(s) disagreed$' "$run/kmod-diff.txt")" 1

	# what the holder did
	h=$run/kmod-hold.txt
	pid=$(sed -n 's/^pid //p' "$h")
	mapfile -t ids < <(sed -n 's/^ioasid //p' "$h")
	read -r bound spid < <(sed -n 's/^bind //p' "$h")
	set=$(sed -n 's/^set //p' "$h")
	quota=$(sed -n 's/^quota //p' "$h")
	total=$(sed -n 's/^capacity //p' "$h")
	expect "$name holder allocated" "${#ids[@]}" 3
	expect "$name holder bound its second IOASID" "$bound" "${ids[1]}"

	# the refusals the holder tried (ioasid-abi(7) DEVICE: Opening, Errors
	# of every request, IOASID_BIND, IOASID_FIND_SPID)
	expect "$name device refusals" "$(sed -n 's/^check //p' "$h")" "second-open EBUSY
child-alloc EPERM
child-version 1
argsz-small EINVAL
argsz-extra E2BIG
flags EINVAL
unknown-request ENOTTY
free-unknown ENOENT
bind-again EBUSY
find-invalid EINVAL
find-unbound ENOENT"

	# the module's own counters while it held them
	b=$run/kmod-sysfs-before.txt
	expect "$name sysfs version" "$(sysfs "$b" version)" 3
	expect "$name sysfs total" "$(sysfs "$b" capacity/total)" "$total"
	expect "$name sysfs reserved" "$(sysfs "$b" capacity/reserved)" 0
	# total = available + reserved + quotas, the holder's set the only one
	expect "$name sysfs available" "$(sysfs "$b" capacity/available)" $((total - quota))
	expect "$name sysfs set type" "$(sysfs "$b" "sets/$set/type")" mm
	expect "$name sysfs set quota" "$(sysfs "$b" "sets/$set/quota")" "$quota"
	expect "$name sysfs set quota = default_quota" "$quota" "$(sysfs "$b" default_quota)"
	expect "$name sysfs set allocated" "$(sysfs "$b" "sets/$set/allocated")" "${#ids[@]}"
	expect "$name sysfs set owner_pid" "$(sysfs "$b" "sets/$set/owner_pid")" "$pid"
	expect "$name sysfs one set" "$(grep -c '/type:' "$b")" 1

	# ioasidctl's reads of the same state
	c=$run/kmod-capacity-show.json
	expect "$name capacity show" \
		"$(jq -r '.capacity[0] | "\(.version) \(.total) \(.available) \(.reserved) \(.default_quota)"' "$c")" \
		"3 $total $((total - quota)) 0 $quota"
	s=$run/kmod-set-list.json
	expect "$name set list" \
		"$(jq -r '[.sets[] | "\(.set) \(.type) \(.quota) \(.allocated) \(.owner_pid)"] | join(",")' "$s")" \
		"$set mm $quota ${#ids[@]} $pid"
	l=$run/kmod-list.json
	want=""
	for id in "${ids[@]}"; do
		if [ "$id" = "$bound" ]; then
			want="$want$id $set active 2 $spid $pid,"
		else
			want="$want$id $set idle 1 null $pid,"
		fi
	done
	expect "$name list" \
		"$(jq -r '[.ioasids[] | "\(.ioasid) \(.set) \(.state) \(.refs) \(.spid) \(.pid)"] | join(",")' "$l")" \
		"${want%,}"
	expect "$name spid list" \
		"$(jq -r '[.bindings[] | "\(.set) \(.spid) \(.ioasid) \(.pid)"] | join(",")' "$run/kmod-spid-list.json")" \
		"$set $spid $bound $pid"

	# the filters: set IDs count up from 1 and the holder opened first
	expect "$name holder's set is the first" "$set" 1
	expect "$name list --set 1" "$(jq -r '[.ioasids[].ioasid] | join(" ")' "$run/kmod-list-set1.json")" "${ids[*]}"
	expect "$name list --set 99" "$(jq '.ioasids | length' "$run/kmod-list-set99.json")" 0
	expect "$name list --state active" "$(jq -r '[.ioasids[].ioasid] | join(" ")' "$run/kmod-list-active.json")" "$bound"
	# ioasid-abi(7) version 2: the STATE filter the module applies, and the
	# set list from the GET_SET dump carrying sysfs's cgroup file
	idle=""
	for id in "${ids[@]}"; do [ "$id" = "$bound" ] || idle="$idle $id"; done
	expect "$name list --set 1 --state idle" "$(jq -r '[.ioasids[].ioasid] | join(" ")' "$run/kmod-list-set1-idle.json")" "${idle# }"
	expect "$name set list cgroup (GET_SET) = sysfs cgroup" \
		"$(jq -r '.sets[0].cgroup' "$s")" "$(sed -n "s|^/sys/kernel/ioasid/sets/$set/cgroup:||p" "$b")"
	# the module's own answers (ioasid-notify --dump prints ID=VALUE per
	# attribute: 2 IOASID, 3 SET, 5 STATE, 8 PID, 9 CGROUP, 12 SET_TYPE,
	# 13 QUOTA, 14 ALLOCATED), against sysfs and the holder's record
	g=$run/kmod-genl
	expect "$name GET_SET" "$(cat "$g-set.txt")" \
		"get_set 3=$set 12=1 13=$quota 14=${#ids[@]} 8=$pid 9=$(sed -n "s|^/sys/kernel/ioasid/sets/$set/cgroup:||p" "$b")
done"
	expect "$name GET_SET pid=999999" "$(cat "$g-set-nopid.txt")" done
	expect "$name GET_IOASID state=0" "$(sed -n 's/^get_ioasid 2=\([0-9]*\) .*/\1/p' "$g-idle.txt" | tr '\n' ' ')" "${idle# } "
	expect "$name GET_IOASID state=0 only idle" "$(grep -c ' 5=0 ' "$g-idle.txt")" "$(grep -c '^get_ioasid' "$g-idle.txt")"
	expect "$name GET_IOASID set=1 state=1" "$(sed -n 's/^get_ioasid 2=\([0-9]*\) .*/\1/p' "$g-set1-active.txt")" "$bound"
	expect "$name GET_BINDING pid=999999" "$(cat "$g-binding-nopid.txt")" done
	expect "$name spid find --set 1 7" "$(jq -r '[.. | objects | select(has("ioasid")) | .ioasid] | join(" ")' "$run/kmod-spid-find.json")" "$bound"
	expect "$name set show 1" \
		"$(jq -r '.sets[0] | "\(.set) \(.type) \(.quota) \(.allocated) \(.owner_pid)"' "$run/kmod-set-show.json")" \
		"$set mm $quota ${#ids[@]} $pid"

	# the admin knobs (kmod-knobs.sh), expected from ioasid-abi(7) SYSFS:
	# reserve N takes N of available, 0 takes all, more than available is
	# ENOSPC; cancel more than reserved is EINVAL; a set's quota below its
	# allocated count or <= 0 is EINVAL, an increase past available ENOSPC,
	# numbers in base 0; default_quota 1..total
	a0=$((total - quota)) E=Invalid_argument S=No_space_left_on_device
	q=quota=$quota d=default=$quota
	want="reserve-4096 ok avail=$((a0 - 4096)) reserved=4096 $q $d
reserve-too-many $S avail=$((a0 - 4096)) reserved=4096 $q $d
cancel-too-many $E avail=$((a0 - 4096)) reserved=4096 $q $d
cancel-4096 ok avail=$a0 reserved=0 $q $d
reserve-all ok avail=0 reserved=$a0 $q $d
cancel-all ok avail=$a0 reserved=0 $q $d
reserve-garbage $E avail=$a0 reserved=0 $q $d
quota-below-allocated $E avail=$a0 reserved=0 $q $d
quota-zero $E avail=$a0 reserved=0 $q $d
quota-negative $E avail=$a0 reserved=0 $q $d
quota-2048 ok avail=$((a0 + quota - 2048)) reserved=0 quota=2048 $d
quota-hex ok avail=$a0 reserved=0 quota=1024 $d
quota-too-big $S avail=$a0 reserved=0 quota=1024 $d
default-zero $E avail=$a0 reserved=0 quota=1024 $d
default-2048 ok avail=$a0 reserved=0 quota=1024 default=2048
default-1024 ok avail=$a0 reserved=0 quota=1024 default=1024"
	expect "$name knobs exit" "$(rc_of "$run" kmod-knobs)" 0
	expect "$name knobs" "$(cat "$run/kmod-knobs.txt")" "$want"

	# the same knobs through ioasidctl: exit statuses of ioasidctl(8) and the
	# counts before and after as the rules above give them (the knobs left
	# everything as it was: available a0, reserved 0, quota 1024)
	j() { jq -r "$2" "$run/$1.json"; }
	expect "$name cli reserve 16" "$(rc_of "$run" kmod-cli-reserve-json) $(j kmod-cli-reserve \
		'.mutation[0] | "\(.file) \(.value) \(.old_available) \(.new_available) \(.old_reserved) \(.new_reserved)"')" \
		"0 capacity/reserve 16 $a0 $((a0 - 16)) 0 16"
	expect "$name cli cancel 16" "$(rc_of "$run" kmod-cli-cancel-json) $(j kmod-cli-cancel \
		'.mutation[0] | "\(.new_available) \(.new_reserved)"')" "0 $a0 0"
	expect "$name cli cancel too many" "$(rc_of "$run" kmod-cli-cancel-bad-json) $(j kmod-cli-cancel-bad \
		'.error.errno')" "1 EINVAL"
	expect "$name cli set quota 2048" "$(rc_of "$run" kmod-cli-quota-json) $(j kmod-cli-quota \
		'.mutation[0] | "\(.set) \(.old_quota) \(.new_quota)"')" "0 1 1024 2048"
	expect "$name cli set quota back" "$(rc_of "$run" kmod-cli-quota-back-json) $(j kmod-cli-quota-back \
		'.mutation[0].new_quota')" "0 1024"
	expect "$name cli set quota, no such set" "$(rc_of "$run" kmod-cli-quota-nosuch-json) $(j kmod-cli-quota-nosuch \
		'.error.errno')" "3 ENOENT"

	# the selftest against the real device: every step ok
	expect "$name uapi selftest exit" "$(rc_of "$run" kmod-uapi-selftest-json)" 0
	expect "$name uapi selftest steps ok" \
		"$(jq -r '[.steps[] | select(.result != "ok")] | length' "$run/kmod-uapi-selftest.json")" 0

	# the genl group "notify" (ioasid-notify, listening from before the
	# holder to after it exited): the holder's three ALLOCs (seq 1-3, ABI
	# version 3) and its BIND (4); the selftest's ALLOCs, then its BIND and
	# UNBIND of its default SPID 0xfffe5 in its own set (consecutive); the
	# holder's release: free_all sends FREE for the bound IOASID only (the
	# others had no other user, seed:5455-5461), then the file lets go of
	# its binding: UNBIND still carrying the SPID (the last two). Numbers
	# from 1, no gap (ioasid-abi(7) Sequence numbers).
	nt=$run/kmod-notify.txt
	expect "$name notify: joined" "$(sed -n 1p "$nt")" ready
	expect "$name notify: holder allocs" "$(sed -n 2,4p "$nt")" \
		"alloc seq 1 ioasid ${ids[0]} set $set pid $pid
alloc seq 2 ioasid ${ids[1]} set $set pid $pid
alloc seq 3 ioasid ${ids[2]} set $set pid $pid"
	expect "$name notify: holder bind" "$(sed -n 5p "$nt")" "bind seq 4 ioasid $bound set $set spid $spid pid $pid"
	bseq=$(sed -n 's/^bind seq \([0-9]*\) ioasid [0-9]* set [0-9]* spid 1048549 pid [0-9]*$/\1/p' "$nt")
	sb=$(sed -n 's/^bind seq [0-9]* ioasid \([0-9]*\) set \([0-9]*\) spid 1048549 pid [0-9]*$/\1 \2/p' "$nt")
	su=$(sed -n "s/^unbind seq $((${bseq:-0} + 1)) ioasid \([0-9]*\) set \([0-9]*\) spid 1048549 pid [0-9]*\$/\1 \2/p" "$nt")
	expect "$name notify: selftest bind/unbind" "${sb:-none}" "${su:-missing}"
	expect "$name notify: selftest's own set" "$([ "${sb#* }" != "$set" ] && echo other)" other
	expect "$name notify: selftest allocated before its bind" \
		"$(grep -c "^alloc seq [0-9]* ioasid ${sb%% *} set ${sb#* } " "$nt")" 1
	# the holder is still the set's owner while its file is released in
	# its exit (exit_files() before exit_notify()): both carry its PID,
	# the UNBIND that releases the set's last bound IOASID too
	last=$(($(wc -l <"$nt") - 1))
	expect "$name notify: release FREE" \
		"$(tail -n 2 "$nt" | sed -n 1p)" "free seq $((last - 1)) ioasid $bound set $set spid $spid pid $pid"
	expect "$name notify: release UNBIND" \
		"$(tail -n 1 "$nt")" "unbind seq $last ioasid $bound set $set spid $spid pid $pid"
	expect "$name notify: numbers 1..$last, no gap" \
		"$(sed -n '2,$s/^[a-z]* seq \([0-9]*\) .*/\1/p' "$nt" | tr '\n' ' ')" "$(seq -s ' ' 1 "$last") "
	# ioasidctl monitor --kind ioasid -J on the same group: exit 0 on
	# SIGTERM, no lost record, and exactly ioasid-notify's notifications
	# from the first one it saw (it may have joined after seq 1)
	mj=$run/kmod-monitor.json
	expect "$name monitor exit" "$(rc_of "$run" kmod-monitor-json)" 0
	mon=$(jq -r 'select(.kind == "ioasid" and .action != "lost") |
		"\(.action) seq \(.seq) ioasid \(.fields.ioasid) set \(.fields.set)\(if .fields.spid then " spid \(.fields.spid)" else "" end) pid \(.fields.pid)"' "$mj")
	first=$(printf '%s\n' "$mon" | sed -n '1s/^[a-z]* seq \([0-9]*\) .*/\1/p')
	expect "$name monitor: lost records" "$(jq -r 'select(.action == "lost")' "$mj" | wc -l)" 0
	expect "$name monitor: saw the release" "$(printf '%s\n' "$mon" | grep -c '^free seq ')" 1
	expect "$name monitor = notify from seq ${first:-?}" "$mon" \
		"$(sed -n '2,$p' "$nt" | awk -v f="${first:-0}" '$3 >= f')"

	# the holder exited: its set went with it, the capacity is whole again
	a=$run/kmod-sysfs-after.txt
	expect "$name after: available" "$(sysfs "$a" capacity/available)" "$total"
	expect "$name after: no set" "$(grep -c '/sets/' "$a" || true)" 0
	expect "$name after: set list" "$(jq '.sets | length' "$run/kmod-set-list-after.json")" 0

	review_cases "$run" "$name"
done
[ "$n" -gt 0 ] || { echo "SKIP: no run loaded the reference module"; exit 77; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
