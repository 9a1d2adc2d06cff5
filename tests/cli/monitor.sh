#!/bin/sh
# ioasidctl monitor.
#  (a) a real kernel uevent (root): `echo change > .../mem/null/uevent`
#      makes the kernel send "change@/devices/virtual/mem/null" with
#      SUBSYSTEM=mem (lib/kobject_uevent.c kobject_synth_uevent());
#  (b) on an emulated host, mutations from other processes (bind, unbind,
#      free of a bound IOASID: ioasid-abi(7) Notifications) arrive in order
#      with consecutive sequence numbers;
#  (c) an overrun: the event log keeps the last 4 notifications
#      (sim init --notify-keep 4); while the reader is stopped (SIGSTOP)
#      10 notifications happen, so the first 6 of them are gone: "lost 6";
#  usage and exit statuses: unknown kind 2, no source available 4.
# No timing assertions: a reader's readiness is probed by a mutation that
# it must report, repeated a bounded number of times.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
mon=
cleanup() {
	[ -n "$mon" ] && kill "$mon" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
j() { tr -d ' \n' <"$1"; }
# wait (bounded) until file $1 has a line matching $2
await() {
	i=0
	while ! grep -Eq -- "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 300 ] && return 1
		sleep 0.1
	done
}

out=$("$IOASIDCTL" monitor --kind nosuch 2>&1)
check "unknown kind: usage (2)" [ $? -eq 2 ]
out=$("$IOASIDCTL" monitor extra 2>&1)
check "unexpected argument: usage (2)" [ $? -eq 2 ]
mkdir "$tmp/empty"
out=$("$IOASIDCTL" --sysroot "$tmp/empty" monitor --kind uevent,kmsg,ioasid 2>&1)
check "a snapshot has no uevent/kmsg/ioasid source: unsupported (4)" [ $? -eq 4 ]
check "one line per unavailable source, then the summary" \
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 4 ]
out=$("$IOASIDCTL" --sysroot "$tmp/empty" monitor -J --kind uevent 2>/dev/null)
check "-J: the error is one JSON line" \
	match "$out" '^\{"schema_version":1,"error":\{"object":"monitor","errno":"EOPNOTSUPP",.*"exit_status":4\}\}$'
out=$("$IOASIDCTL" monitor --count -1 2>&1)
check "negative --count: usage (2)" [ $? -eq 2 ]
out=$("$IOASIDCTL" monitor --timeout soon 2>&1)
check "bad --timeout: usage (2)" [ $? -eq 2 ]
# each option error names the option that is wrong, not another one given
out=$("$IOASIDCTL" monitor --buffer-size 65536 --timeout -1 2>&1)
check "--buffer-size 65536 --timeout -1: usage (2)" [ $? -eq 2 ]
check "  one line" [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]
check "  naming --timeout" match "$out" '^ioasidctl: --timeout: '
out=$("$IOASIDCTL" monitor --count 3 --buffer-size -5 2>&1)
check "  --count 3 --buffer-size -5 names --buffer-size" match "$out" '^ioasidctl: --buffer-size: '
out=$("$IOASIDCTL" monitor --kind uevent,nosuch 2>&1)
check "  --kind uevent,nosuch names --kind and the word" match "$out" "^ioasidctl: --kind: 'nosuch' "

# (a) a real uevent
if [ "$(id -u)" != 0 ]; then
	echo "skip - real uevent: not root"
else
	"$IOASIDCTL" monitor -J --kind uevent --subsystem mem --object null --count 1 \
		>"$tmp/uev" 2>"$tmp/uev.err" &
	mon=$!
	i=0
	while kill -0 "$mon" 2>/dev/null && [ $i -lt 100 ]; do
		echo change >/sys/devices/virtual/mem/null/uevent 2>/dev/null
		i=$((i + 1))
		sleep 0.2
	done
	kill "$mon" 2>/dev/null
	wait "$mon"
	rc=$?
	mon=
	if [ $rc -eq 4 ] || [ $rc -eq 5 ]; then
		echo "skip - real uevent: $(cat "$tmp/uev.err")"
	else
		check "real uevent: monitor ended by --count 1 (0)" [ $rc -eq 0 ]
		check "real uevent: change of /devices/virtual/mem/null, subsystem mem, a SEQNUM" \
			match "$(j "$tmp/uev")" \
			'^\{"schema_version":1,.*"kind":"uevent","object":"null","action":"change","seq":[0-9]+,"lost":0,"fields":\{.*"devpath":"/devices/virtual/mem/null".*"subsystem":"mem"'
		check "real uevent: synthetic (SYNTH_UUID=0)" match "$(j "$tmp/uev")" '"synth_uuid":"0"'
		check "real uevent: one JSON line" [ "$(wc -l <"$tmp/uev")" -eq 1 ]
	fi
fi

# (a2) a real overrun of the uevent socket: a 4 KiB buffer (the kernel
# doubles it: 8 KiB) cannot queue 300 uevents of ~160 bytes each (an skb's
# truesize is several hundred bytes), so the kernel drops some and
# recvmsg() fails with ENOBUFS: a "lost" record whose count is unknown
# (null); the monitor goes on after it.
if [ "$(id -u)" = 0 ] && [ -f "$tmp/uev" ] && [ -s "$tmp/uev" ]; then
	"$IOASIDCTL" monitor -J --kind uevent --subsystem mem --buffer-size 4096 \
		>"$tmp/ovf" 2>"$tmp/ovf.err" &
	mon=$!
	i=0
	until grep -q '"action":"change"' "$tmp/ovf" || [ $i -gt 100 ]; do
		echo change >/sys/devices/virtual/mem/null/uevent
		i=$((i + 1))
		sleep 0.1
	done
	kill -STOP "$mon"
	i=0
	while [ $i -lt 300 ]; do
		echo change >/sys/devices/virtual/mem/null/uevent
		i=$((i + 1))
	done
	kill -CONT "$mon"
	# the monitor goes on: a change after the lost record arrives
	i=0
	until sed -n '/"action":"lost"/,$p' "$tmp/ovf" | grep -q '"action":"change"' ||
		[ $i -gt 100 ]; do
		echo change >/sys/devices/virtual/mem/null/uevent
		i=$((i + 1))
		sleep 0.1
	done
	kill -INT "$mon"
	wait "$mon"
	mon=
	check "uevent overrun: a lost record, count unknown (null)" match "$(j "$tmp/ovf")" \
		'"kind":"uevent","object":"ueventsocket","action":"lost","seq":null,"lost":null,"fields":\{"reason":"receivequeueoverflow\(ENOBUFS\)"\}'
	check "uevent overrun: fewer than the 300 sent arrived" \
		[ "$(grep -c '"action":"change"' "$tmp/ovf")" -lt 300 ]
	after() { sed -n '/"action":"lost"/,$p' "$tmp/ovf" | grep -q '"action":"change"'; }
	check "uevent overrun: events go on after it" after
fi

# (b) the emulated host: events in order
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 1 >/dev/null
check "sim init" [ $? -eq 0 ]
out=$("$IOASIDCTL" --sim "$d" monitor --kind uevent 2>&1)
check "emulated host has no uevents: unsupported (4)" [ $? -eq 4 ]
: >"$tmp/b"
"$IOASIDCTL" --sim "$d" monitor -J --kind ioasid >"$tmp/b" 2>"$tmp/b.err" &
mon=$!
# readiness: bind/unbind IOASID 2 until the reader reports a bind
i=0
until grep -q '"action":"bind"' "$tmp/b"; do
	"$IOASIDCTL" --sim "$d" bind --vm 4001 2 --spid 100 >/dev/null &&
		"$IOASIDCTL" --sim "$d" unbind --vm 4001 2 >/dev/null
	i=$((i + 1))
	[ $i -gt 50 ] && break
	sleep 0.1
done
check "sim: the reader is up" grep -q '"action":"bind"' "$tmp/b"
await "$tmp/b" '"action":"unbind"'
: >"$tmp/b.mark"
n0=$(wc -l <"$tmp/b")
"$IOASIDCTL" --sim "$d" bind --vm 4001 2 --spid 7 >/dev/null
"$IOASIDCTL" --sim "$d" unbind --vm 4001 2 >/dev/null
"$IOASIDCTL" --sim "$d" free --vm 4001 1 >/dev/null # bound to SPID 1: free_pending, FREE_NTF
await "$tmp/b" '"action":"free"'
# ioasid-abi(7) version 3: ALLOC, for the IOASID the allocation answered
new_io=$("$IOASIDCTL" --sim "$d" alloc --vm 4001)
await "$tmp/b" '"action":"alloc"'
kill -TERM "$mon"
wait "$mon"
rc=$?
mon=
check "sim: SIGTERM ends the monitor cleanly (0)" [ $rc -eq 0 ]
tail -n +$((n0 + 1)) "$tmp/b" >"$tmp/b.new"
check "sim: four events" [ "$(wc -l <"$tmp/b.new")" -eq 4 ]
acts=$(sed -n 's/.*"object":"\([^"]*\)","action":"\([a-z]*\)".*/\1 \2/p' "$tmp/b.new" | tr '\n' ,)
check "sim: bind, unbind of ioasid 2, free of ioasid 1, alloc of $new_io (got $acts)" \
	[ "$acts" = "ioasid 2 bind,ioasid 2 unbind,ioasid 1 free,ioasid $new_io alloc," ]
seqs=$(sed -n 's/.*"seq":\([0-9]*\),.*/\1/p' "$tmp/b.new" | tr '\n' ' ')
consecutive() {
	set -- $seqs
	[ $# -eq 4 ] && [ "$2" -eq $(($1 + 1)) ] && [ "$3" -eq $(($2 + 1)) ] &&
		[ "$4" -eq $(($3 + 1)) ]
}
check "sim: consecutive increasing seq ($seqs)" consecutive
nolost() { ! grep -q '"action":"lost"' "$1"; }
check "sim: nothing lost" nolost "$tmp/b"
check "sim: bind carries set, spid and the VM's pid" match "$(sed -n 1p "$tmp/b.new")" \
	'"fields":\{"ioasid":"2","set":"2","spid":"7","pid":"4001"\}'
check "sim: alloc carries set and the VM's pid, no spid" match "$(sed -n 4p "$tmp/b.new")" \
	"\"fields\":\\{\"ioasid\":\"$new_io\",\"set\":\"2\",\"pid\":\"4001\"\\}"

# text output, --object filter, --count
"$IOASIDCTL" --sim "$d" monitor --kind ioasid --object 'ioasid 2' --count 1 >"$tmp/t" &
mon=$!
i=0
until [ -s "$tmp/t" ] || [ $i -gt 50 ]; do
	"$IOASIDCTL" --sim "$d" bind --vm 4001 2 --spid 8 >/dev/null &&
		"$IOASIDCTL" --sim "$d" unbind --vm 4001 2 >/dev/null
	i=$((i + 1))
done
wait "$mon"
check "text: --count 1 ends with 0" [ $? -eq 0 ]
mon=
check "text: TIME KIND ACTION OBJECT seq= fields" match "$(cat "$tmp/t")" \
	'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6}[+-][0-9]{4} ioasid (bind|unbind) "ioasid 2" seq=[0-9]+ ioasid=2 set=2 spid=8 pid=4001$'

# (c) overrun of the event log
d=$tmp/host2
"$IOASIDCTL" sim init "$d" --vms 1 --notify-keep 4 >/dev/null
check "sim init --notify-keep 4" [ $? -eq 0 ]
"$IOASIDCTL" --sim "$d" monitor -J --kind ioasid >"$tmp/c" 2>"$tmp/c.err" &
mon=$!
i=0
: >"$tmp/c"
until grep -q '"action":"bind"' "$tmp/c"; do
	"$IOASIDCTL" --sim "$d" bind --vm 4001 2 --spid 100 >/dev/null &&
		"$IOASIDCTL" --sim "$d" unbind --vm 4001 2 >/dev/null
	i=$((i + 1))
	[ $i -gt 50 ] && break
	sleep 0.1
done
await "$tmp/c" '"action":"unbind"'
last=$(sed -n 's/.*"seq":\([0-9]*\),.*/\1/p' "$tmp/c" | tail -1)
kill -STOP "$mon"
for s in 11 12 13 14 15; do
	"$IOASIDCTL" --sim "$d" bind --vm 4001 2 --spid $s >/dev/null
	"$IOASIDCTL" --sim "$d" unbind --vm 4001 2 >/dev/null
done
kill -CONT "$mon"
want=$((last + 10))
await "$tmp/c" "\"seq\":$want,"
kill -INT "$mon"
wait "$mon"
rc=$?
mon=
check "overrun: SIGINT ends the monitor cleanly (0)" [ $rc -eq 0 ]
check "overrun: lost 6 (10 events, 4 kept) at seq $((last + 7))" match "$(j "$tmp/c")" \
	"\"object\":\"eventlog\",\"action\":\"lost\",\"seq\":$((last + 7)),\"lost\":6,"
after=$(sed -n '/"action":"lost"/,$p' "$tmp/c" | sed -n 's/.*"seq":\([0-9]*\),.*/\1/p' | tr '\n' ' ')
check "overrun: then the 4 kept, in order ($after)" \
	[ "$after" = "$((last + 7)) $((last + 7)) $((last + 8)) $((last + 9)) $((last + 10)) " ]
out=$("$IOASIDCTL" sim check "$d" 2>&1)
check "overrun: sim check" [ $? -eq 0 ]
finish
