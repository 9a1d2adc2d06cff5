#!/bin/sh
# ioasidctl stats: the Prometheus text format is accepted by promtool (the
# Prometheus project's own checker, lint included) on every kind of host,
# and the values are those of an oracle, never of the tool:
# - an emulated host after a scripted history, values derived by hand from
#   that history and from sim init's documented starting point
#   (src/lib/sim/sim.c initial_state(): per VM an mm set with the default quota
#   1024, an ioasids limit of 64 on its scope, two IOASIDs, the first bound
#   to guest PASID 1), and the emulated host's rendered files read with awk;
# - the real-kernel captures of tests/data/vm: the oracle module's
#   max_pasids and PASID state, and the capture's /proc/interrupts summed
#   with awk;
# - the live host: /proc/interrupts read before and after bound each counter;
# - a fixture cgroup whose name needs escaping;
# - -o FILE: atomic replacement, mode 0644, and on EACCES / a full
#   filesystem one stderr line, exit 5 / 1, nothing left behind.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v promtool >/dev/null ||
	{ echo "SKIP: promtool not installed (Debian package prometheus)"; exit 77; }
top=${top_srcdir:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# value FILE NAME LABELS: the value of the sample written exactly as
# NAME{LABELS} (LABELS empty: no braces), "" when there is none. awk gets
# the key through the environment: -v would undo the backslash escapes.
value() {
	if [ -n "$3" ]; then K="$2{$3}"; else K=$2; fi
	K=$K awk 'BEGIN { k = ENVIRON["K"] " " } index($0, k) == 1 { print substr($0, length(k) + 1) }' "$1"
}
# the label-value form of a string: \ -> \\, " -> \"
esc() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
# promtool on a file: no errors, no lint problems
prom_ok() { promtool check metrics <"$1" >"$tmp/promtool.out" 2>&1; }
series() { grep -c "^$2[{ ]" "$1"; }
# is VALUE equal to EXPECTED (and not empty)?
is() { [ -n "$1" ] && [ "$1" = "$2" ]; }

# ---- an emulated host after a scripted history ----
d=$tmp/sim
"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null || { echo "not ok - sim init"; exit 1; }
export IOASIDCTL_SIM="$d"
vm1='/machine.slice/machine-qemu\x2d1\x2dvm1.scope'
vm2='/machine.slice/machine-qemu\x2d2\x2dvm2.scope'
q() { "$@" >/dev/null 2>&1; }
q "$IOASIDCTL" set create --type null --quota 100	# set 4
q "$IOASIDCTL" alloc --set 4 --count 5			# 5..9 in set 4
q "$IOASIDCTL" free 7 --set 4				# set 4 keeps 4
q "$IOASIDCTL" cgroup set-limit "$vm1" --form misc 3	# vm1 holds 2
q "$IOASIDCTL" alloc --vm 4001 --count 2		# 1 fits, 1 refused
q "$IOASIDCTL" bind --vm 4001 2 --spid 55		# vm1's second: active
q "$IOASIDCTL" capacity reserve 1000
q "$IOASIDCTL" sim inject-prq "$d" --ioasid 1 --count 7 --unit dmar1
q "$IOASIDCTL" sim inject-prq "$d" --ioasid 3 --count 3 --unit dmar0
t0=$(date +%s)
"$IOASIDCTL" stats >"$tmp/sim.prom" 2>"$tmp/sim.err"; rc=$?
t1=$(date +%s)
f=$tmp/sim.prom
check "sim: stats exits 0" [ "$rc" -eq 0 ]
check "sim: nothing on stderr" [ ! -s "$tmp/sim.err" ]
check "sim: promtool check metrics passes" prom_ok "$f"
check "sim: every metric is ioasid_*" [ "$(grep -v '^#' "$f" | grep -vc '^ioasid_')" -eq 0 ]
check "sim: every family has HELP and TYPE" \
	[ "$(grep -c '^# HELP ioasid_' "$f")" -eq "$(grep -c '^# TYPE ioasid_' "$f")" ]
check "sim: no series per IOASID (no ioasid label)" [ "$(grep -c '[{,]ioasid=' "$f")" -eq 0 ]
check "sim: dmar1 page-request interrupts 7" \
	is "$(value "$f" ioasid_iommu_page_request_interrupts_total 'iommu="dmar1",irq="27"')" 7
check "sim: dmar0 page-request interrupts 3" \
	is "$(value "$f" ioasid_iommu_page_request_interrupts_total 'iommu="dmar0",irq="25"')" 3
check "sim: capacity 2^20" is "$(value "$f" ioasid_capacity)" 1048576
check "sim: default quota 1024 (sim.c initial_state)" is "$(value "$f" ioasid_default_quota)" 1024
# the clock read around the command bounds the scrape's timestamp
ts=$(value "$f" ioasid_scrape_timestamp_seconds)
check "sim: scrape timestamp within the date before..after ($t0..$t1)" \
	eval '[ -n "$ts" ] && [ "${ts%.*}" -ge "$t0" ] && [ "${ts%.*}" -le "$t1" ]'
check "sim: reserved 1000" is "$(value "$f" ioasid_capacity_reserved)" 1000
# available = total - reserved - quotas: 32768 (set 1) + 2 x 1024 + 100
check "sim: available 1048576-1000-32768-2048-100" \
	is "$(value "$f" ioasid_capacity_available)" $((1048576 - 1000 - 32768 - 2048 - 100))
check "sim: set 4 quota 100" is "$(value "$f" ioasid_set_quota 'set="4"')" 100
check "sim: set 4 allocated 5-1" is "$(value "$f" ioasid_set_allocated 'set="4"')" 4
check "sim: set 4 idle 4" is "$(value "$f" ioasid_set_ioasids 'set="4",state="idle"')" 4
check "sim: set 4 active 0" is "$(value "$f" ioasid_set_ioasids 'set="4",state="active"')" 0
check "sim: set 2 (vm1) allocated 2+1" is "$(value "$f" ioasid_set_allocated 'set="2"')" 3
check "sim: set 2 active 2 (spid 1, spid 55)" \
	is "$(value "$f" ioasid_set_ioasids 'set="2",state="active"')" 2
check "sim: set 2 idle 1" is "$(value "$f" ioasid_set_ioasids 'set="2",state="idle"')" 1
check "sim: set 2 spids 2" is "$(value "$f" ioasid_set_spids 'set="2"')" 2
check "sim: set 3 (vm2) spids 1" is "$(value "$f" ioasid_set_spids 'set="3"')" 1
check "sim: set 3 quota: default 1024" is "$(value "$f" ioasid_set_quota 'set="3"')" 1024
check "sim: set 2 info names vm1's cgroup, escaped" \
	is "$(value "$f" ioasid_set_info "set=\"2\",type=\"mm\",cgroup=\"$(esc "$vm1")\"")" 1
v1=$(esc "$vm1")
v2=$(esc "$vm2")
check "sim: vm1 misc max 3" is "$(value "$f" ioasid_cgroup_max "cgroup=\"$v1\",controller=\"misc\"")" 3
check "sim: vm1 misc current 3" \
	is "$(value "$f" ioasid_cgroup_current "cgroup=\"$v1\",controller=\"misc\"")" 3
check "sim: vm1 misc events 1 (one refused)" \
	is "$(value "$f" ioasid_cgroup_events_total "cgroup=\"$v1\",controller=\"misc\"")" 1
check "sim: vm1 misc events.local 1" \
	is "$(value "$f" ioasid_cgroup_events_local_total "cgroup=\"$v1\",controller=\"misc\"")" 1
check "sim: machine.slice misc events 1 (hierarchical)" \
	is "$(value "$f" ioasid_cgroup_events_total 'cgroup="/machine.slice",controller="misc"')" 1
check "sim: vm2 misc max is max: +Inf" \
	is "$(value "$f" ioasid_cgroup_max "cgroup=\"$v2\",controller=\"misc\"")" +Inf
check "sim: vm2 ioasids max 64" \
	is "$(value "$f" ioasid_cgroup_max "cgroup=\"$v2\",controller=\"ioasids\"")" 64
check "sim: machine.slice ioasids max +Inf" \
	is "$(value "$f" ioasid_cgroup_max 'cgroup="/machine.slice",controller="ioasids"')" +Inf
check "sim: dsa0 wq0.0 0 clients" \
	is "$(value "$f" ioasid_idxd_wq_clients 'device="dsa0",wq="wq0.0",type="user",mode="dedicated"')" 0
check "sim: no scrape error" [ "$(grep -c '^ioasid_scrape_error{.*} 1$' "$f")" -eq 0 ]
check "sim: a scrape_error series per source (13)" [ "$(series "$f" ioasid_scrape_error)" -eq 13 ]

# the same values from the emulated host's rendered files (awk, cat)
root=$(cd "$d/current" && pwd -P)
bad=0
for s in "$root"/sys/kernel/ioasid/sets/*; do
	id=${s##*/}
	[ "$(value "$f" ioasid_set_quota "set=\"$id\"")" = "$(cat "$s/quota")" ] || bad=$((bad + 1))
	[ "$(value "$f" ioasid_set_allocated "set=\"$id\"")" = "$(cat "$s/allocated")" ] || bad=$((bad + 1))
done
check "sim: every set's quota and allocated as its sysfs files" [ "$bad" -eq 0 ]
check "sim: one ioasid_set_info per set directory" \
	[ "$(series "$f" ioasid_set_info)" -eq "$(ls "$root/sys/kernel/ioasid/sets" | wc -l)" ]
bad=0
n=0
(cd "$root/sys/fs/cgroup" && find . -name misc.current) | sed 's|^\.||; s|/misc.current$||' >"$tmp/cgs"
while IFS= read -r c; do
	rel=${c:-/}
	want=$(awk '$1 == "ioasid" { print $2 }' "$root/sys/fs/cgroup$c/misc.current")
	[ -n "$want" ] || continue
	n=$((n + 1))
	got=$(value "$f" ioasid_cgroup_current "cgroup=\"$(esc "$rel")\",controller=\"misc\"")
	[ "$got" = "$want" ] || { bad=$((bad + 1)); echo "# $rel: misc.current $want, metric '$got'"; }
	[ -f "$root/sys/fs/cgroup$c/ioasids.current" ] || continue
	want=$(cat "$root/sys/fs/cgroup$c/ioasids.current")
	got=$(value "$f" ioasid_cgroup_current "cgroup=\"$(esc "$rel")\",controller=\"ioasids\"")
	[ "$got" = "$want" ] || { bad=$((bad + 1)); echo "# $rel: ioasids.current $want, metric '$got'"; }
done <"$tmp/cgs"
check "sim: every cgroup's current as misc.current / ioasids.current ($n cgroups)" \
	eval '[ "$bad" -eq 0 ] && [ "$n" -eq 4 ]'
check "sim: capacity files" \
	is "$(value "$f" ioasid_capacity_available)" "$(cat "$root/sys/kernel/ioasid/capacity/available")"
check "sim: default_quota file" \
	is "$(value "$f" ioasid_default_quota)" "$(cat "$root/sys/kernel/ioasid/default_quota")"

# interrupts: the per-CPU columns of /proc/interrupts summed, per irq
# (kernel/irq/proc.c show_interrupts(): "%*d: " then one "%10u " per CPU)
irq_oracle() {	# FILE: "irq sum action" for page-request interrupt lines
	awk 'NR == 1 { ncpu = NF; next }
	     $1 ~ /^[0-9]+:$/ && ($NF ~ /^dmar[0-9]+-prq$/ || $NF ~ /^AMD-Vi[0-9]*(-PPR)?$/ ||
	                          $NF ~ /^arm-smmu-v3-priq$/) {
		s = 0; for (i = 2; i <= ncpu + 1; i++) s += $i
		sub(":", "", $1); print $1, s, $NF }' "$1"
}
fault_oracle() {	# FILE: "dmarN sum" for VT-d fault interrupt lines
	awk 'NR == 1 { ncpu = NF; next }
	     $1 ~ /^[0-9]+:$/ && $NF ~ /^dmar[0-9]+$/ {
		s = 0; for (i = 2; i <= ncpu + 1; i++) s += $i; print $NF, s }' "$1"
}
irq_value() {	# METRICS IRQ: the interrupt counter of that irq
	grep "^ioasid_iommu_page_request_interrupts_total{.*irq=\"$2\"" "$1" | awk '{ print $NF }'
}
# irq_agree METRICS PROC_INTERRUPTS: each page-request line of the oracle
# has its counter with the same sum, and there are no others
irq_agree() {
	irq_oracle "$2" >"$tmp/irqs"
	while read -r irq sum _; do
		[ "$(irq_value "$1" "$irq")" = "$sum" ] || { echo "# irq $irq: $sum in $2"; return 1; }
	done <"$tmp/irqs"
	[ "$(series "$1" ioasid_iommu_page_request_interrupts_total)" -eq "$(wc -l <"$tmp/irqs")" ]
}
fault_agree() {
	fault_oracle "$2" >"$tmp/faults"
	while read -r unit sum; do
		[ "$(value "$1" ioasid_iommu_fault_interrupts_total "iommu=\"$unit\"")" = "$sum" ] || return 1
	done <"$tmp/faults"
	[ "$(series "$1" ioasid_iommu_fault_interrupts_total)" -eq "$(wc -l <"$tmp/faults")" ]
}
# bounded METRICS BEFORE AFTER: counters only grow, so each page-request
# and fault counter lies between two readings of /proc/interrupts taken
# before and after the metrics; and each line of the oracle has its series
bounded() {
	irq_oracle "$2" >"$tmp/lo"
	irq_oracle "$3" >"$tmp/hi"
	[ "$(wc -l <"$tmp/lo")" -eq "$(series "$1" ioasid_iommu_page_request_interrupts_total)" ] || return 1
	while read -r irq lo _; do
		hi=$(awk -v i="$irq" '$1 == i { print $2 }' "$tmp/hi")
		v=$(irq_value "$1" "$irq")
		[ -n "$v" ] && [ -n "$hi" ] && [ "$v" -ge "$lo" ] && [ "$v" -le "$hi" ] || return 1
	done <"$tmp/lo"
	fault_oracle "$2" >"$tmp/lo"
	fault_oracle "$3" >"$tmp/hi"
	[ "$(wc -l <"$tmp/lo")" -eq "$(series "$1" ioasid_iommu_fault_interrupts_total)" ] || return 1
	while read -r unit lo; do
		hi=$(awk -v u="$unit" '$1 == u { print $2 }' "$tmp/hi")
		v=$(value "$1" ioasid_iommu_fault_interrupts_total "iommu=\"$unit\"")
		[ -n "$v" ] && [ -n "$hi" ] && [ "$v" -ge "$lo" ] && [ "$v" -le "$hi" ] || return 1
	done <"$tmp/lo"
}
check "sim: interrupt counters = the host's /proc/interrupts (awk)" irq_agree "$f" "$root/proc/interrupts"
check "sim: fault counters = /proc/interrupts dmarN lines" fault_agree "$f" "$root/proc/interrupts"

# ---- the real-kernel captures ----
nrun=0
# maxp_ok FILE UNIT MP: the unit's ioasid_iommu_max_pasids is the kernel's MP;
# an Arm SMMUv3 (smmu3.*) may have none: its 1 << SSIDSIZE is in no sysfs
# file of 6.1/6.12 (the oracle reads iommu_device.max_pasids), so the tool
# reports it unknown (issue 17 contract: max_pasids null)
maxp_ok() {
	local v
	v=$(value "$1" ioasid_iommu_max_pasids "iommu=\"$2\"")
	[ "$v" = "$3" ] && return 0
	case $2 in smmu3.*) [ -z "$v" ] ;; *) return 1 ;; esac
}
for run in "${IOASID_STATS_VM_DATA:-$top/tests/data/vm}"/*/; do
	[ -f "$run/oracle.txt" ] && [ -d "$run/sysroot" ] || continue
	nrun=$((nrun + 1))
	rn=$(basename "$run")
	f=$tmp/$rn.prom
	"$IOASIDCTL" --sysroot "$run/sysroot" stats >"$f" 2>/dev/null; rc=$?
	check "$rn: exits 0" [ "$rc" -eq 0 ]
	check "$rn: promtool check metrics passes" prom_ok "$f"
	# oracle lines: "ioasid-oracle: iommu name=dmar0 max_pasids=2"
	bad=0
	n=$(grep -c 'ioasid-oracle: iommu ' "$run/oracle.txt")
	grep 'ioasid-oracle: iommu ' "$run/oracle.txt" | sed 's/.*name=\([^ ]*\) max_pasids=\([0-9-]*\).*/\1 \2/' >"$tmp/units"
	while read -r unit mp; do
		maxp_ok "$f" "$unit" "$mp" || bad=$((bad + 1))
	done <"$tmp/units"
	check "$rn: max_pasids of each unit as the kernel's ($n units)" [ "$bad" -eq 0 ]
	check "$rn: one ioasid_iommu_info per unit" [ "$(series "$f" ioasid_iommu_info)" -eq "$n" ]
	# devices with a PASID capability, and whether the kernel enabled it
	grep 'ioasid-oracle: dev ' "$run/oracle.txt" | grep -v 'pasid_cap=0x0 ' |
		sed 's/.*name=\([^ ]*\) .*pasid_enabled=\([01]\).*/\1 \2/' >"$tmp/devs"
	bad=0
	while read -r dev en; do
		[ "$(value "$f" ioasid_device_pasid_enabled "device=\"$dev\"")" = "$en" ] || bad=$((bad + 1))
	done <"$tmp/devs"
	check "$rn: PASID devices and their state as the kernel's ($(wc -l <"$tmp/devs"))" \
		eval '[ "$bad" -eq 0 ] && [ "$(series "$f" ioasid_device_info)" -eq "$(wc -l <"$tmp/devs")" ]'
	check "$rn: interrupt counters = the capture's /proc/interrupts" \
		irq_agree "$f" "$run/sysroot/proc/interrupts"
	check "$rn: fault counters = the capture's /proc/interrupts" \
		fault_agree "$f" "$run/sysroot/proc/interrupts"
	check "$rn: no extension (no /sys/kernel/ioasid): present 0" \
		is "$(value "$f" ioasid_extension_present)" 0
	check "$rn: no sets" [ "$(series "$f" ioasid_set_quota)" -eq 0 ]
	check "$rn: no scrape error" [ "$(grep -c '^ioasid_scrape_error{.*} 1$' "$f")" -eq 0 ]
	# the guest's own run (tests/vm/commands), on its live kernel
	g=$run/stats.txt
	if [ -f "$g" ]; then
		check "$rn: the guest's stats pass promtool" prom_ok "$g"
		check "$rn: the guest's interrupt counters within its /proc/interrupts readings" \
			bounded "$g" "$run/stats-interrupts-before.txt" "$run/stats-interrupts-after.txt"
		bad=0
		while read -r unit mp; do
			maxp_ok "$g" "$unit" "$mp" || bad=$((bad + 1))
		done <"$tmp/units"
		check "$rn: the guest's max_pasids as the kernel's" [ "$bad" -eq 0 ]
		check "$rn: the guest's stats: no scrape error" \
			[ "$(grep -c '^ioasid_scrape_error{.*} 1$' "$g")" -eq 0 ]
	else
		echo "# $rn: no guest stats.txt (captured before tests/vm/commands ran stats)"
	fi
done
check "captures replayed: $nrun" [ "$nrun" -ge 1 ]

# ---- the live host ----
if [ -r /proc/interrupts ]; then
	unset IOASIDCTL_SIM
	cp /proc/interrupts "$tmp/before"
	"$IOASIDCTL" stats >"$tmp/live.prom" 2>/dev/null; rc=$?
	cp /proc/interrupts "$tmp/after"
	check "live: exits 0" [ "$rc" -eq 0 ]
	check "live: promtool check metrics passes" prom_ok "$tmp/live.prom"
	check "live: interrupt counters within /proc/interrupts before..after" \
		bounded "$tmp/live.prom" "$tmp/before" "$tmp/after"
	export IOASIDCTL_SIM="$d"
fi

# ---- a cgroup name that needs escaping (fixture) ----
fx=$tmp/fx
weird='/we"ird\x2d
line'
mkdir -p "$fx/proc/self" "$fx/sys/fs/cgroup/$weird"
echo '29 24 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw' >"$fx/proc/self/mountinfo"
echo misc >"$fx/sys/fs/cgroup/cgroup.controllers"
echo misc >"$fx/sys/fs/cgroup/cgroup.subtree_control"
echo misc >"$fx/sys/fs/cgroup/$weird/cgroup.controllers"
# kernel/cgroup/misc.c: misc_cg_current_show() "%s %lu\n",
# misc_cg_max_show() "%s max\n" or "%s %u\n", misc_events_show() "%s.max %llu\n"
printf 'ioasid 3\n' >"$fx/sys/fs/cgroup/$weird/misc.current"
printf 'ioasid 5\n' >"$fx/sys/fs/cgroup/$weird/misc.max"
printf 'ioasid.max 2\n' >"$fx/sys/fs/cgroup/$weird/misc.events"
unset IOASIDCTL_SIM
"$IOASIDCTL" --sysroot "$fx" stats >"$tmp/fx.prom" 2>/dev/null; rc=$?
check "escaping: exits 0" [ "$rc" -eq 0 ]
check "escaping: promtool accepts a cgroup with \", \\ and a newline" prom_ok "$tmp/fx.prom"
ew='/we\"ird\\x2d\nline'
check "escaping: current 3 under the escaped name" \
	is "$(value "$tmp/fx.prom" ioasid_cgroup_current "cgroup=\"$ew\",controller=\"misc\"")" 3
check "escaping: max 5" is "$(value "$tmp/fx.prom" ioasid_cgroup_max "cgroup=\"$ew\",controller=\"misc\"")" 5
check "escaping: events 2" \
	is "$(value "$tmp/fx.prom" ioasid_cgroup_events_total "cgroup=\"$ew\",controller=\"misc\"")" 2
export IOASIDCTL_SIM="$d"

# ---- -o FILE ----
mkdir "$tmp/out"
out=$tmp/out/ioasid.prom
"$IOASIDCTL" stats -o "$out" 2>"$tmp/err"; rc=$?
check "-o: exits 0" [ "$rc" -eq 0 ]
check "-o: no stderr" [ ! -s "$tmp/err" ]
check "-o: mode 0644" [ "$(stat -c %a "$out")" = 644 ]
check "-o: only the file in its directory" [ "$(ls -A "$tmp/out")" = ioasid.prom ]
check "-o: promtool passes" prom_ok "$out"
"$IOASIDCTL" stats | grep -Ev '^ioasid_scrape_(duration|timestamp)_seconds ' >"$tmp/stdout.prom"
check "-o: the same text as stdout (but the duration and timestamp)" \
	sh -c "grep -Ev '^ioasid_scrape_(duration|timestamp)_seconds ' '$out' | cmp -s - '$tmp/stdout.prom'"
ino=$(stat -c %i "$out")
"$IOASIDCTL" stats --output="$out" 2>/dev/null
check "-o again: replaced by rename (a new inode)" [ "$(stat -c %i "$out")" != "$ino" ]
check "-o again: still one file" [ "$(ls -A "$tmp/out")" = ioasid.prom ]
"$IOASIDCTL" stats -o "$tmp/out/ioasid.txt" 2>"$tmp/err"; rc=$?
check "-o not .prom: exits 0" [ "$rc" -eq 0 ]
check "-o not .prom: one warning naming the rule" \
	eval '[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "\.prom" "$tmp/err"'
"$IOASIDCTL" stats -o "$tmp/nodir/x.prom" 2>"$tmp/err"; rc=$?
check "-o in a missing directory: exit 1" [ "$rc" -eq 1 ]
check "-o in a missing directory: one line naming the file" \
	eval '[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "nodir/x.prom: " "$tmp/err"'
"$IOASIDCTL" stats extra >/dev/null 2>&1; rc=$?
check "an argument: exit 2" [ "$rc" -eq 2 ]

# EACCES: a directory the caller cannot write (as root: run as nobody)
mkdir "$tmp/ro"
chmod 755 "$tmp" "$tmp/ro"
chmod -R a+rX "$d"
as_user=""
if [ "$(id -u)" -eq 0 ]; then
	command -v setpriv >/dev/null && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	chmod 555 "$tmp/ro"
fi
if [ "$(id -u)" -ne 0 ] || [ -n "$as_user" ]; then
	$as_user "$IOASIDCTL" stats -o "$tmp/ro/ioasid.prom" 2>"$tmp/err"; rc=$?
	check "-o unwritable: exit 5" [ "$rc" -eq 5 ]
	check "-o unwritable: one stderr line naming the file" \
		eval '[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "ro/ioasid.prom: .*Permission denied" "$tmp/err"'
	check "-o unwritable: nothing left" [ -z "$(ls -A "$tmp/ro")" ]
else
	echo "# skipped: -o unwritable (root without setpriv)"
fi

# a full filesystem: a one-page tmpfs (needs root and a mount namespace)
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	mkdir "$tmp/full"
	unshare -m sh -c '
		mount -t tmpfs -o size=4k tmpfs "$1/full" || exit 77
		"$2" stats -o "$1/full/ioasid.prom" 2>"$1/err"
		echo $? >"$1/rc"
		ls -A "$1/full" >"$1/left"
	' sh "$tmp" "$IOASIDCTL"
	if [ $? -ne 77 ] && [ -f "$tmp/rc" ]; then
		check "full filesystem: exit 1" [ "$(cat "$tmp/rc")" -eq 1 ]
		check "full filesystem: one stderr line" [ "$(wc -l <"$tmp/err")" -eq 1 ]
		check "full filesystem: says why" grep -q "ioasid.prom: .*No space left on device" "$tmp/err"
		check "full filesystem: nothing left" [ ! -s "$tmp/left" ]
	else
		echo "# skipped: full filesystem (cannot mount a tmpfs here)"
	fi
else
	echo "# skipped: full filesystem (needs root and unshare)"
fi
finish
