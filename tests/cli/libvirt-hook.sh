#!/bin/sh
# The libvirt qemu hook (share/ioasidctl/libvirt-qemu-hook) invoked as
# libvirt invokes the scripts of /etc/libvirt/hooks/qemu.d/ (docs/hooks.rst:
# NAME OPERATION SUB-OPERATION EXTRA, the domain XML on stdin) against an
# emulated host whose VMs sit in the machine scopes systemd-machined gives
# libvirt's machines. The scope names expected here are derived from
# libvirt's virDomainDriverGenerateMachineName() and
# virDomainMachineNameAppendValid() (src/hypervisor/domain_driver.c):
# "qemu-ID-NAME" with only hostname characters kept and '.'/'-' runs
# kept once, '-' escaped as \x2d in the unit name.
. "$(dirname "$0")/lib.sh"
src=${top_srcdir:-.}
hook=$src/share/ioasidctl/libvirt-qemu-hook
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 1 >/dev/null || { echo "sim init failed"; exit 1; }
S() { "$IOASIDCTL" --sim "$d" "$@"; }
gen() { readlink "$d/current"; }
S vm add --pid 7 --name web-01 >/dev/null
# domain "my_vm.test--x", id 8: '_' dropped, "--" kept once -> qemu-8-myvm.test-x
odd='/machine.slice/machine-qemu\x2d8\x2dmyvm.test\x2dx.scope'
S vm add --pid 8 --name odd --cgroup "$odd" >/dev/null
IOASIDCTL=$(cd "$(dirname "$IOASIDCTL")" && pwd)/$(basename "$IOASIDCTL")
export IOASIDCTL

# dom NAME ID LIMIT-ELEMENT: a domain XML as virDomainDefFormat writes it
dom() {
	cat <<X
<domain type='kvm' id='$2'>
  <name>$1</name>
  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
  <metadata>
    <app1:foo xmlns:app1="http://app1.org/app1/">..</app1:foo>
    $3
  </metadata>
  <memory unit='KiB'>1048576</memory>
  <devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices>
</domain>
X
}
lim='<ioasid:limit xmlns:ioasid="https://ioasidctl.example/xmlns/1">48</ioasid:limit>'
# run NAME OP XML: the hook as libvirt runs it; $rc, stdout in out, stderr in err
run() {
	printf '%s\n' "$3" | IOASIDCTL_SIM=$d sh "$hook" "$1" "$2" begin - >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
# cgroup show -J: resources[{"name":"ioasid",...,"max":N|null,"max_is_unlimited":B}]
misc_max() { S cgroup show --unit "$1" -J | tr -d ' \n' | sed -n 's/.*"name":"ioasid",[^}]*"max":\([0-9a-z]*\),"max_is_unlimited":\([a-z]*\).*/\1 \2/p'; }

g=$(gen)
run web-01 prepare "$(dom web-01 7 "$lim")"
check "prepare begin: exit 0, nothing on stdout" [ $rc -eq 0 ] && [ ! -s "$tmp/out" ]
check "  writes nothing (the VM's cgroup does not exist yet at prepare)" [ "$(gen)" = "$g" ]
run web-01 start "$(dom web-01 7 "$lim")"
check "start begin: exit 0, nothing written" [ $rc -eq 0 ] && [ "$(gen)" = "$g" ]
run web-01 started "$(dom web-01 7 "$lim")"
check "started begin: exit 0, nothing on stdout (qemu.d filters)" [ $rc -eq 0 ] && [ ! -s "$tmp/out" ]
check "  misc.max ioasid of machine-qemu\\x2d7\\x2dweb\\x2d01.scope is 48" [ "$(misc_max 'machine-qemu\x2d7\x2dweb\x2d01.scope')" = "48 false" ]
check "  one line logged naming the scope" [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF 'machine-qemu\x2d7\x2dweb\x2d01.scope: misc.max max -> 48' "$tmp/err"
g=$(gen)
run web-01 reconnect "$(dom web-01 7 "$lim")"
check "reconnect begin: already 48, nothing written" [ $rc -eq 0 ] && [ "$(gen)" = "$g" ] && grep -q 'already 48' "$tmp/err"

run 'my_vm.test--x' started "$(dom 'my_vm.test--x' 8 '<l:limit xmlns:l="https://ioasidctl.example/xmlns/1" form="ioasids">12</l:limit>')"
check "libvirt's machine name rules and another prefix, form ioasids: ioasids.max 12" \
	match "$(S cgroup show "$odd" -J | tr -d ' \n')" '"ioasids":\{"current":[0-9]*,"max":12,'
run 'my_vm.test--x' started "$(dom 'my_vm.test--x' 8 '<limit xmlns="https://ioasidctl.example/xmlns/1">5</limit>')"
check "a default namespace (misc): misc.max 5" [ "$(misc_max "$(basename "$odd")")" = "5 false" ]

# refused or ignored: the hook still exits 0 and never writes
nowrite() {
	g=$(gen)
	run "$2" started "$3"
	check "$1: exit 0, nothing written" [ $rc -eq 0 ] && [ "$(gen)" = "$g" ] && [ ! -s "$tmp/out" ]
}
nowrite "no limit in the metadata" web-01 "$(dom web-01 7 '')"
check "  and nothing logged" [ ! -s "$tmp/err" ]
nowrite "another application's <limit>" web-01 "$(dom web-01 7 '<x:limit xmlns:x="http://other.example/">3</x:limit>')"
check "  and nothing logged" [ ! -s "$tmp/err" ]
nowrite "a malformed limit" web-01 "$(dom web-01 7 '<ioasid:limit xmlns:ioasid="https://ioasidctl.example/xmlns/1">4x8</ioasid:limit>')"
check "  one line: malformed" [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "malformed IOASID limit '4x8'" "$tmp/err"
nowrite "a malformed form" web-01 "$(dom web-01 7 '<ioasid:limit xmlns:ioasid="https://ioasidctl.example/xmlns/1" form="v1">4</ioasid:limit>')"
check "  one line: malformed" grep -q "form='v1'" "$tmp/err"
nowrite "two limits" web-01 "$(dom web-01 7 "$lim$lim")"
check "  one line: malformed" grep -q "2 <limit> elements" "$tmp/err"
nowrite "mismatched tags" web-01 "<domain id='7'><name>web-01</nam></domain>"
check "  one line naming the tags" grep -q "</nam> closes <name>" "$tmp/err"
nowrite "a DOCTYPE (entities refused)" web-01 '<!DOCTYPE d [<!ENTITY e "1">]><domain id="7"><name>web-01</name></domain>'
check "  one line" grep -q "DOCTYPE" "$tmp/err"
nowrite "truncated XML" web-01 "<domain id='7'><name>web-01</name><metadata>"
check "  one line" grep -q "ends inside <metadata>" "$tmp/err"
nowrite "not running (no id)" web-01 "$(dom web-01 '' "$lim" | sed "s/ id=''//")"
check "  one line" grep -q "has no id" "$tmp/err"
nowrite "a VM whose scope does not exist" gone "$(dom gone 99 "$lim")"
check "  one line naming the unit" grep -qF 'unit machine-qemu\x2d99\x2dgone.scope' "$tmp/err"
nowrite "a limit above the capacity (ENOSPC)" web-01 "$(dom web-01 7 '<ioasid:limit xmlns:ioasid="https://ioasidctl.example/xmlns/1" form="ioasids">2000000</ioasid:limit>')"
check "  one line: not applied" grep -q "not applied.*capacity" "$tmp/err"
# character references decode (&#52;&#x38; is "48"), blanks trimmed
run web-01 started "$(dom web-01 7 '<ioasid:limit xmlns:ioasid="https://ioasidctl.example/xmlns/1"> &#52;&#x38; </ioasid:limit>')"
check "  applied as 48" grep -q 'already 48' "$tmp/err"

# the XML a real libvirtd 9.0 (Debian 12) gave its qemu.d hooks at
# "started begin" (tests/data/libvirt/started-libvirt-9.0.xml: domain
# i16-web-01, id 1, limit 48 in the project's metadata)
real=$src/tests/data/libvirt/started-libvirt-9.0.xml
S vm add --pid 1 --name i16-web-01 >/dev/null
run i16-web-01 started "$(cat "$real")"
check "libvirt 9.0's own XML: exit 0, nothing on stdout" [ $rc -eq 0 ] && [ ! -s "$tmp/out" ]
check "  misc.max of machine-qemu\\x2d1\\x2di16\\x2dweb\\x2d01.scope is 48" [ "$(misc_max 'machine-qemu\x2d1\x2di16\x2dweb\x2d01.scope')" = "48 false" ]
# without systemd-machined libvirt names the cgroup MACHINE.libvirt-qemu
# under /machine (what that libvirtd made on a host without systemd)
S cgroup create /machine >/dev/null
S vm add --pid 2 --name x --cgroup /machine/qemu-2-i16-web-01.libvirt-qemu >/dev/null
run i16-web-01 started "$(sed "s/id='1'/id='2'/" "$real")"
check "no machined: libvirt's own cgroup /machine/qemu-2-i16-web-01.libvirt-qemu gets 48" \
	[ "$(misc_max 'qemu-2-i16-web-01.libvirt-qemu')" = "48 false" ]

# the live host lacks the interface: one line, exit 0 (the VM starts)
printf '%s\n' "$(dom web-01 7 "$lim")" | env -u IOASIDCTL_SIM sh "$hook" web-01 started begin - >"$tmp/out" 2>"$tmp/err"
rc=$?
check "live host without the interface: exit 0, nothing on stdout" [ $rc -eq 0 ] && [ ! -s "$tmp/out" ]
check "  one line: not applied" [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'not applied' "$tmp/err"
printf '%s\n' "$(dom web-01 7 "$lim")" | IOASIDCTL=/nonexistent/ioasidctl sh "$hook" web-01 started begin - >"$tmp/out" 2>"$tmp/err"
check "ioasidctl not installed: exit 0, one line" [ $? -eq 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]
run web-01 migrate "$(dom web-01 7 "$lim")"
check "migrate begin (a filter): exit 0, empty output (XML unchanged)" [ $rc -eq 0 ] && [ ! -s "$tmp/out" ]
"$IOASIDCTL" libvirt hook web-01 >/dev/null 2>&1 </dev/null
check "ioasidctl libvirt hook with too few arguments: exit 2" [ $? -eq 2 ]
finish
