#!/bin/sh
# uapi selftest and cgroup set-limit through the CLI.
# Emulated host: every step of the selftest is ok, and afterwards the host is
# as before by its own readers (list, set list, capacity show: byte for byte)
# and sim check. The expected step sequence is ioasid-abi(7) DEVICE's request
# list in the order the command documents (ioasidctl(8)). Live host: a stock
# kernel has no /dev/ioasid (exit 4, one line) and no misc "ioasid" resource
# nor ioasids controller (set-limit exit 4); a snapshot is read-only (4).
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/host
quiet() { "$@" >/dev/null; }

"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null 2>&1
check "sim init" [ $? -eq 0 ]
snap() {
	"$IOASIDCTL" --sim "$d" list -J >"$1.list" &&
		"$IOASIDCTL" --sim "$d" set list -J >"$1.sets" &&
		"$IOASIDCTL" --sim "$d" capacity show -J >"$1.cap"
}
snap "$tmp/before"

out=$("$IOASIDCTL" --sim "$d" uapi selftest -J -o request,result); rc=$?
check "selftest on the emulated host exits 0" [ "$rc" -eq 0 ]
flat=$(printf '%s' "$out" | tr -d ' \n')
steps=$(printf '%s' "$flat" | grep -o '"request":"[A-Za-z_]*"' | sed 's/.*:"//; s/"$//' | tr '\n' ' ')
want="open IOASID_GET_API_VERSION IOASID_GET_INFO IOASID_FIND_SPID IOASID_ALLOC IOASID_GET_INFO IOASID_BIND IOASID_FIND_SPID IOASID_UNBIND IOASID_FIND_SPID IOASID_FREE IOASID_GET_INFO verify verify "
check "selftest: open, version, info, alloc, bind, find, unbind, free, verify in order" [ "$steps" = "$want" ]
nok=$(printf '%s' "$flat" | grep -o '"result":"ok"' | wc -l)
check "selftest: every step ok (14)" [ "$nok" -eq 14 ]
check "selftest: no failed step" [ "$(printf '%s' "$flat" | grep -c '"result":"fail"')" -eq 0 ]
check "sim check after the selftest" quiet "$IOASIDCTL" sim check "$d"
snap "$tmp/after"
check "list unchanged" cmp -s "$tmp/before.list" "$tmp/after.list"
check "set list unchanged" cmp -s "$tmp/before.sets" "$tmp/after.sets"
check "capacity unchanged" cmp -s "$tmp/before.cap" "$tmp/after.cap"

# the second VM, an SPID of our own, the table form
out=$("$IOASIDCTL" --sim "$d" uapi selftest --vm 4002 --spid 119 -r -n -o request,result,value)
check "selftest --vm 4002: FIND_SPID after BIND gives the allocated IOASID" \
	match "$out" "$(printf '%s' "$out" | awk '$1 == "IOASID_ALLOC" { print "IOASID_FIND_SPID ok " $3 }')"
after_unbind=$(printf '%s\n' "$out" | awk 'u { print; exit } $1 == "IOASID_UNBIND" { u = 1 }')
check "selftest --vm 4002: the spid not bound after unbind (no IOASID)" [ "$after_unbind" = "IOASID_FIND_SPID ok -" ]
check "sim check after --vm 4002" quiet "$IOASIDCTL" sim check "$d"
out=$("$IOASIDCTL" --sim "$d" uapi selftest --dry-run -r -n -o result)
check "selftest --dry-run ok" [ "$(printf '%s\n' "$out" | grep -vc '^ok$')" -eq 0 ]
gen_before=$(readlink "$d/current")
"$IOASIDCTL" --sim "$d" uapi selftest --dry-run >/dev/null
check "selftest --dry-run commits nothing" [ "$(readlink "$d/current")" = "$gen_before" ]
snap "$tmp/after2"
check "list unchanged after three runs" cmp -s "$tmp/before.list" "$tmp/after2.list"

err=$("$IOASIDCTL" --sim "$d" uapi selftest --vm 9999 2>&1 >/dev/null); rc=$?
check "selftest --vm of no VM: exit 3" [ "$rc" -eq 3 ]
check "selftest --vm of no VM names it" match "$err" "pid 9999"
"$IOASIDCTL" --sim "$d" uapi selftest --vm abc >/dev/null 2>&1
check "selftest --vm garbage: exit 2" [ $? -eq 2 ]
# an SPID already bound: sim init binds SPIDs in the VMs' sets; find one
spid=$("$IOASIDCTL" --sim "$d" spid list -r -n -o spid,pid 2>/dev/null | awk '$2 == 4001 { print $1; exit }')
if [ -n "$spid" ]; then
	err=$("$IOASIDCTL" --sim "$d" uapi selftest --vm 4001 --spid "$spid" 2>&1 >/dev/null); rc=$?
	check "selftest with a bound SPID fails (exit 1) and says so" [ "$rc" -eq 1 ]
	check "... naming the step" match "$err" "selftest failed at step IOASID_FIND_SPID"
	snap "$tmp/after3"
	check "... and leaves the host as it was" cmp -s "$tmp/before.list" "$tmp/after3.list"
fi

# live host
if [ -e /dev/ioasid ]; then
	echo "ok - # SKIP live selftest: this kernel has /dev/ioasid"
else
	err=$(IOASIDCTL_SIM= "$IOASIDCTL" uapi selftest 2>&1 >/dev/null); rc=$?
	check "live selftest without /dev/ioasid: exit 4" [ "$rc" -eq 4 ]
	check "... one line: not supported by this kernel" \
		[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]
	check "... saying so" match "$err" "^ioasidctl: /dev/ioasid: not supported by this kernel$"
	out=$(IOASIDCTL_SIM= "$IOASIDCTL" uapi selftest -J 2>/dev/null)
	check "... -J: the error object with ENOENT" match "$(printf '%s' "$out" | tr -d ' \n')" \
		'"errno":"ENOENT".*"exit_status":4'
fi
"$IOASIDCTL" --sysroot "$tmp" uapi selftest >/dev/null 2>&1
check "selftest on a snapshot: exit 4" [ $? -eq 4 ]
"$IOASIDCTL" uapi selftest --vm 4001 >/dev/null 2>&1
check "selftest --vm without --sim: exit 2" [ $? -eq 2 ]

# cgroup set-limit: usage and the live host
"$IOASIDCTL" cgroup set-limit /x 5 >/dev/null 2>&1
check "set-limit without --form: exit 2" [ $? -eq 2 ]
"$IOASIDCTL" cgroup set-limit /x --form misc 5x >/dev/null 2>&1
check "set-limit with a bad value: exit 2" [ $? -eq 2 ]
"$IOASIDCTL" cgroup set-limit /x --form pids 5 >/dev/null 2>&1
check "set-limit with a bad form: exit 2" [ $? -eq 2 ]
err=$("$IOASIDCTL" --sysroot "$tmp" cgroup set-limit /x --form misc 5 2>&1); rc=$?
check "set-limit on a snapshot: exit 4" [ "$rc" -eq 4 ]
check "... saying why" match "$err" "read-only"
mine=$(sed -n 's/^0:://p' /proc/self/cgroup)
if [ -n "$mine" ] && ! grep -qs '^ioasid ' /sys/fs/cgroup/misc.capacity; then
	for form in misc ioasids; do
		err=$(IOASIDCTL_SIM= "$IOASIDCTL" cgroup set-limit "$mine" --form $form 5 --dry-run 2>&1); rc=$?
		check "live set-limit --form $form on a stock kernel: exit 4" [ "$rc" -eq 4 ]
		check "... one line" [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]
	done
else
	echo "ok - # SKIP live set-limit: no cgroup2 line in /proc/self/cgroup, or a kernel with misc ioasid"
fi
finish
