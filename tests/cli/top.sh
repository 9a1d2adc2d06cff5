#!/bin/sh
# ioasidtop without a terminal: --snapshot and --loop JSON (two samples so
# rates are real), the plain-text fallback with -n (also the ASan/UBSan
# pass's `-n 20`: make check runs under the sanitizer build too), option
# errors, on an emulated host, a replayed real-kernel dump (tests/data/vm)
# and the live host. Expected values come from the commands' arguments and
# the platform definition (2 IOASIDs per VM, tests/cli/sim.sh), not from
# ioasidtop's own output.
. "$(dirname "$0")/lib.sh"
TOP=${IOASIDTOP:-$(dirname "$IOASIDCTL")/ioasidtop}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/host
flat() { tr -d ' \n'; }
"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null || { echo "sim init failed"; exit 1; }

out=$("$TOP" --sim "$d" --snapshot -d 0.1 | flat); rc=$?
check "snapshot exits 0" [ "$rc" -eq 0 ]
check "snapshot: schema_version 1, host kind emulated" \
	match "$out" '^\{"schema_version":1,"hosts":\[\{"kind":"emulated"'
check "snapshot: the interval" match "$out" '"interval_ms":100,"samples":2'
check "snapshot: 4 IOASIDs, 2 per VM (2 idle + 2 active)" \
	match "$out" '"ioasid_states":\[\{"state":"idle","count":2\},\{"state":"active","count":2\},\{"state":"free_pending","count":0\}\]'
check "snapshot: dmar1-prq is irq 27 (per_cpu_count), a real rate of 0, in the prq array" \
	match "$out" '"prq":\[.*"iommu":"dmar1","irq":27,"source":"per_cpu_count","interrupts":0,"interrupts_per_sec":0(\.0)?,'
check "snapshot: the sets array, set 2 of pid 4001 with 2" \
	match "$out" '"sets":\[.*\{"set":2,"type":"mm","owner_pid":4001,"quota":[0-9]+,"allocated":2,'
check "snapshot: cgroups as ioasidctl cgroup list -J has them, max unlimited" \
	match "$out" '"cgroups":\[\{"path":"/",.*"ioasids":\{"current":[0-9]+,"max":null,"max_is_unlimited":true,'
check "snapshot: sets count page requests as prq_count, the key of ioasidctl list" \
	match "$out" '"sets":\[.*"prq_count":0,"prq_per_sec":0'
out=$("$TOP" --sim "$d" --snapshot -d 0.1 --view devices | flat)
check "snapshot devices: pasid is a boolean, as in ioasidctl device list -J" \
	match "$out" '"devices":\[\{"device":"0000:6a:01\.0",.*"pasid":true,"pasid_enabled":true,'
out=$("$TOP" --sim "$d" --snapshot -d 0.1 --view sva | flat)
check "snapshot sva: dsa0 wq0.0, pasid true as in ioasidctl sva list -J" \
	match "$out" '"sva":\[\{"device":"dsa0","wq":"wq0\.0",.*"pasid":true,'

"$IOASIDCTL" --sim "$d" alloc --vm 4001 --count 3 >/dev/null
out=$("$TOP" --sim "$d" --snapshot -d 0.1 | flat)
check "after alloc 3: set 2 holds 5" match "$out" '"set":2,"type":"mm","owner_pid":4001,"quota":[0-9]+,"allocated":5,'
out=$("$TOP" --sim "$d" --snapshot -d 0.1 --view ioasids | flat)
check "--view ioasids: 7 IOASID rows" [ "$(printf '%s' "$out" | grep -o '"ioasid":[0-9]*,"set"' | wc -l)" -eq 7 ]

# page requests between two samples: a rate from the counts' difference
io=$("$IOASIDCTL" --sim "$d" list -r -n -o IOASID,SET | awk '$2==2 {print $1; exit}')
"$TOP" --sim "$d" --loop -n 3 -d 1 >"$tmp/loop.json" &
pid=$!
i=0
while [ $i -lt 300 ] && ! grep -q '"schema_version"' "$tmp/loop.json"; do sleep 0.1; i=$((i + 1)); done
"$IOASIDCTL" sim inject-prq "$d" --ioasid "$io" --count 40 --unit dmar1 >/dev/null
wait $pid
rc=$?
out=$(flat <"$tmp/loop.json")
check "--loop -n 3: exits 0, three documents" \
	[ "$rc" -eq 0 ] && [ "$(printf '%s' "$out" | grep -o '"schema_version":1' | wc -l)" -eq 3 ]
check "--loop: the 40 injected page requests on ioasid $io" \
	match "$out" "\"pasid_page_requests\":\[\{\"ioasid\":$io,\"set\":2,\"requests\":40,\"requests_per_sec\":[1-9]"
check "--loop: dmar1 counted 40 interrupts with a non-zero rate in that interval" \
	match "$out" '"iommu":"dmar1","irq":27,"source":"per_cpu_count","interrupts":40,"interrupts_per_sec":[1-9]'

# the plain-text fallback: no terminal here
out=$("$TOP" --sim "$d" -n 2 -d 0.1 2>&1); rc=$?
check "-n 2 without a tty: exits 0" [ "$rc" -eq 0 ]
check "-n 2: two plain frames with the host kind" [ "$(printf '%s\n' "$out" | grep -c '^\[emulated\] ioasidtop')" -eq 2 ]
check "plain: no escape sequences" sh -c "! printf '%s' \"\$1\" | grep -q \"\$(printf '\\033')\"" _ "$out"
check "plain: set 2 with 5 allocated" match "$out" '^ +2 mm +4001 +[0-9]+ +5 '
# the event pane: the emulated host's notifications (its event log) as
# they happen, with their sequence numbers, beside the frame-to-frame changes
# (the set's last IOASID: the first is bound to SPID 1 since sim init)
io2=$("$IOASIDCTL" --sim "$d" list -r -n -o IOASID,SET | awk '$2==2 {x=$1} END {print x}')
"$TOP" --sim "$d" -n 4 -d 1 >"$tmp/ev.txt" 2>&1 &
pid=$!
i=0
while [ $i -lt 300 ] && ! grep -q '^\[emulated\]' "$tmp/ev.txt"; do sleep 0.1; i=$((i + 1)); done
"$IOASIDCTL" --sim "$d" bind --vm 4001 "$io2" --spid 77 >/dev/null
"$IOASIDCTL" --sim "$d" unbind --vm 4001 "$io2" >/dev/null
wait $pid
out=$(cat "$tmp/ev.txt")
check "event pane: the bind notification, SPID 77" match "$out" "bind ioasid $io2 set 2 spid 77 seq [0-9]+"
check "event pane: then the unbind" match "$(printf '%s\n' "$out" | grep -A9 'spid 77 seq' | tail -n +2)" \
	"unbind ioasid $io2 set 2 spid 77 seq [0-9]+"
out=$(TERM=dumb "$TOP" --sim "$d" -n 1 -d 0.1 --view cgroups 2>&1); rc=$?
check "TERM=dumb: plain, exits 0" [ "$rc" -eq 0 ]
check "--view cgroups: the VM scopes" match "$out" 'vm1\.scope'
out=$("$TOP" --sim "$d" -n 20 -d 0.1 --view ioasids 2>&1); rc=$?
check "-n 20 (the sanitizer run): exits 0" [ "$rc" -eq 0 ]
check "-n 20: twenty frames" [ "$(printf '%s\n' "$out" | grep -c '^\[emulated\] ioasidtop')" -eq 20 ]
out=$("$TOP" --sim "$d" -n 1 -d 0.1 --screen 60x15 --plain 2>&1)
check "--screen 60x15: no line wider than 60" [ "$(printf '%s\n' "$out" | awk 'length > 60' | wc -l)" -eq 0 ]
check "--screen 60x15: at most 15 lines" [ "$(printf '%s\n' "$out" | wc -l)" -le 15 ]
out=$("$TOP" --sim "$d" -n 1 -d 0.1 --screen 30x5 --plain 2>&1)
check "--screen 30x5: too small, still names the host" match "$out" '^\[emulated\] terminal too small'
for v in sets ioasids cgroups devices sva; do
	"$TOP" --sim "$d" -n 1 -d 0.1 --view $v >/dev/null 2>&1
	check "--view $v exits 0" [ $? -eq 0 ]
done

# options
out=$("$TOP" --sim "$d" --snapshot -d 0.001 | flat)
check "-d below 0.1 is clamped to 0.1" match "$out" '"interval_ms":100,'
"$TOP" --sim "$d" -d abc -n 1 >/dev/null 2>&1
check "-d abc: exit 2" [ $? -eq 2 ]
"$TOP" --sim "$d" --view nosuch >/dev/null 2>&1
check "--view nosuch: exit 2" [ $? -eq 2 ]
"$TOP" --sim "$d" --snapshot --loop >/dev/null 2>&1
check "--snapshot --loop: exit 2" [ $? -eq 2 ]
"$TOP" --sim "$d" extra >/dev/null 2>&1
check "an argument: exit 2" [ $? -eq 2 ]
"$TOP" --sim "$tmp/none" -n 1 >/dev/null 2>&1
check "--sim on a missing directory fails" [ $? -ne 0 ]
"$TOP" --sim "$d" --sysroot / -n 1 >/dev/null 2>&1
check "--sim with --sysroot: exit 2" [ $? -eq 2 ]
out=$(IOASIDCTL_SIM=$d "$TOP" --snapshot -d 0.1 | flat)
check "IOASIDCTL_SIM selects the emulated host" match "$out" '"kind":"emulated"'

# a replayed real-kernel dump: no extension there, the stock readers work
dump=${top_srcdir:-.}/tests/data/vm/6.12-vtd-sm/dump.tar.gz
if [ -f "$dump" ]; then
	out=$("$TOP" --sysroot "$dump" --snapshot -d 0.1 | flat); rc=$?
	check "replay snapshot exits 0" [ "$rc" -eq 0 ]
	check "replay: host kind replay" match "$out" '"hosts":\[\{"kind":"replay"'
	check "replay: no extension, empty capacity and sets" \
		match "$out" '"capacity":\[\],"ioasid_states":\[\],.*"sets":\[\]'
	check "replay: dmar0 (VT-d guest) without a page-request interrupt" \
		match "$out" '"prq":\[\{"iommu":"dmar0","irq":null'
	out=$("$TOP" --sysroot "$dump" -n 3 -d 0.1 2>&1); rc=$?
	check "replay -n 3 exits 0" [ "$rc" -eq 0 ]
	check "replay -n 3: three frames" [ "$(printf '%s\n' "$out" | grep -c '^\[replay\] ioasidtop')" -eq 3 ]
	out=$("$TOP" --sysroot "$dump" -n 1 -d 0.1 --view devices 2>&1)
	check "replay devices: the virtio NIC has ATS, not enabled (0000:01:00.0)" \
		match "$out" '^0000:01:00\.0 .* yes +no +0$'
fi

# the live host: whatever it has, the view starts and says so
out=$("$TOP" -n 1 -d 0.1 2>&1); rc=$?
check "live -n 1 exits 0" [ "$rc" -eq 0 ]
check "live: host kind live" match "$out" '^\[live\] ioasidtop'
finish
