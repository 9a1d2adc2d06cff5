#!/bin/bash
# Golden test of `cgroup list` / `cgroup show --unit` on the committed
# real-kernel captures: each guest mounted cgroup2, enabled +misc in the
# root's and machine.slice's subtree_control and put a process in
# machine.slice/machine-qemu\x2d1\x2dvm1.scope (tests/vm/init).
#
# Expected, independently of ioasidctl:
#   - which misc files exist at the root and below, from kernel/cgroup/misc.c
#     misc_cg_files[] of each kernel: 6.12 root: capacity, current (v6.5,
#     e973dfe92994), peak (v6.11); non-root: max, current, peak, events,
#     events.local (v6.11). 6.1 root: capacity only (current is
#     CFTYPE_NOT_ON_ROOT); non-root: max, current, events;
#   - the same sets as `ls` of the captured directories;
#   - no resource: the guest has no SEV, so every misc show function prints
#     nothing (capacity 0), and the guest's own JSON says so too.
set -euo pipefail
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
IOASIDCTL=${IOASIDCTL:-$top/build/src/cmd/ioasidctl}
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
pass=0 fail=0
expect() { # NAME GOT WANT
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1: got '$2', want '$3'"; fi
}
scope='machine-qemu\x2d1\x2dvm1.scope'
n=0
for run in "$top"/tests/data/vm/*/; do
	root=$run/sysroot
	[ -f "$root/sys/fs/cgroup/cgroup.controllers" ] || continue
	name=$(basename "$run")
	n=$((n + 1))
	kernel=$(sed -n 's/^ioasid-oracle: begin kernel=\([^ ]*\).*/\1/p' "$run/oracle.txt")
	case $kernel in
	6.12.*)
		want_root="misc.capacity misc.current misc.peak"
		want_child="misc.current misc.events misc.events.local misc.max misc.peak" ;;
	6.1.*)
		want_root="misc.capacity"
		want_child="misc.current misc.events misc.max" ;;
	*) echo "SKIP $name: no file table for kernel $kernel"; continue ;;
	esac
	js=$("$IOASIDCTL" --sysroot "$root" cgroup list -J)
	expect "$name paths" "$(jq -r '[.cgroups[].path] | join(" ")' <<<"$js")" \
		"/ /machine.slice /machine.slice/$scope"
	expect "$name no resources" "$(jq '[.cgroups[].resources | length] | add' <<<"$js")" 0
	for cg in / /machine.slice "/machine.slice/$scope"; do
		dir=$root/sys/fs/cgroup${cg%/}
		want=$want_child
		[ "$cg" = / ] && want=$want_root
		on_disk=$(cd "$dir" && ls -d misc.* 2>/dev/null | sort | tr '\n' ' ' | sed 's/ $//')
		got=$(jq -r --arg p "$cg" '.cgroups[] | select(.path == $p) |
			[.files[] | select(.present) | .name] | sort | join(" ")' <<<"$js")
		expect "$name $cg files (kernel misc.c)" "$got" "$want"
		expect "$name $cg files (ls)" "$on_disk" "$want"
	done
	show=$("$IOASIDCTL" --sysroot "$root" cgroup show --unit "$scope" -J)
	expect "$name show --unit" "$(jq -r '.cgroups[0].path' <<<"$show")" "/machine.slice/$scope"
	# the process the guest put in the scope: /proc/PID/cgroup names it
	pidfile=$(grep -l "$scope" "$root"/proc/[0-9]*/cgroup 2>/dev/null | head -1 || true)
	if [ -n "$pidfile" ]; then
		pid=$(basename "$(dirname "$pidfile")")
		bypid=$("$IOASIDCTL" --sysroot "$root" cgroup show --pid "$pid" -J)
		expect "$name show --pid $pid" "$(jq -r '.cgroups[0].path' <<<"$bypid")" "/machine.slice/$scope"
	fi
	# the guest's own `cgroup set-limit --form misc`: its kernel's
	# misc.capacity lists no "ioasid" resource (misc.c has sev, sev_es), so
	# the write must be refused as unsupported (exit 4), never attempted
	if [ -f "$run/set-limit-misc.stderr" ]; then
		grep -q '^ioasid ' "$root/sys/fs/cgroup/misc.capacity" 2>/dev/null && has=yes || has=no
		expect "$name misc.capacity has no ioasid" "$has" no
		expect "$name guest set-limit exit" \
			"$(awk -F'\t' '$1 == "set-limit-misc" { print $2 }' "$run/commands.tsv")" 4
		expect "$name guest set-limit says unsupported" \
			"$(grep -c 'not supported by this kernel' "$run/set-limit-misc.stderr")" 1
	fi
	# no stock kernel has /dev/ioasid (the seed was never merged, DIGEST.md)
	if [ -f "$run/uapi-selftest.stderr" ]; then
		expect "$name guest uapi selftest exit" \
			"$(awk -F'\t' '$1 == "uapi-selftest" { print $2 }' "$run/commands.tsv")" 4
		expect "$name guest uapi selftest: one line" "$(wc -l <"$run/uapi-selftest.stderr")" 1
	fi
	if [ -f "$run/cgroup-list.json" ]; then
		expect "$name guest: no resources" \
			"$(jq '[.cgroups[].resources | length] | add' "$run/cgroup-list.json")" 0
	fi
done
[ "$n" -gt 0 ] || { echo "SKIP: no capture has a cgroup2 tree"; exit 77; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
