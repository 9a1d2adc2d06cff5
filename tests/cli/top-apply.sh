#!/bin/sh
# ioasidtop on an emulated host that changes while it runs (top-host.c:
# the changes the event log announces are applied to the last sample, the
# IOASIDs view replaces the rows of the sets that changed). After the
# changes the view shows what `ioasidctl list` shows (the model's state as
# the library reads it in full). A loss in the event log (more
# notifications between two frames than sim init --notify-keep keeps) is
# said in the change pane and the host is read in full, with the same
# result; changes the log holds completely are applied without it.
. "$(dirname "$0")/lib.sh"
TOP=${IOASIDTOP:-$(dirname "$IOASIDCTL")/ioasidtop}
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 2 --notify-keep 4 >/dev/null || { echo "sim init failed"; exit 1; }
frames() { grep -c '^\[emulated\] ioasidtop' "$tmp/out"; }
wait_frames() {
	i=0
	while [ "$(frames)" -lt "$1" ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ "$(frames)" -ge "$1" ]
}
: >"$tmp/out"
"$TOP" --sim "$d" --plain --screen 160x70 -d 1 -n 5 --view ioasids >"$tmp/out" 2>"$tmp/err" &
pid=$!
check "frame 1 drawn" wait_frames 1
# 3 notifications (2 ALLOC, BIND), fewer than the log keeps, and an idle
# IOASID released without one (seed:5456): its set's record says it
"$IOASIDCTL" --sim "$d" alloc --vm 4002 --count 2 >/dev/null
"$IOASIDCTL" --sim "$d" bind --vm 4001 2 --spid 9 >/dev/null
"$IOASIDCTL" --sim "$d" free 4 --vm 4002 >/dev/null
k=$(frames)
check "a frame after the first changes" wait_frames $((k + 1))
k=$(frames)
# 6 ALLOCs: more than the 4 the log keeps, a gap
"$IOASIDCTL" --sim "$d" alloc --vm 4001 --count 6 >/dev/null
wait "$pid"
rc=$?
pid=
check "ioasidtop exits 0" [ "$rc" -eq 0 ]
check "no error output" [ ! -s "$tmp/err" ]
# the frame in which the pane first says it read the host in full
first_full=$(awk '/^\[emulated\] ioasidtop/ { f++ } /notifications lost: the host read in full/ { print f; exit }' "$tmp/out")
check "the loss is said, after the gap ($first_full > $k)" [ "${first_full:-0}" -gt "$k" ]
check "the pane lists the ALLOCs (ioasid-abi(7) version 3)" \
	grep -Eq '^ [0-9:]{8} alloc ioasid [0-9]+ set [0-9]+ seq [0-9]+$' "$tmp/out"
# the last frame's rows (IOASID SET STATE REFS SPID PID PRQ_COUNT) against
# ioasidctl list -r
awk '/^\[emulated\] ioasidtop/ { n = 0; rows = "" }
	/^IOASID/ { t = 1; next }
	t && NF == 0 { t = 0 }
	t { rows = rows $1 " " $2 " " $3 " " $4 " " $5 " " $6 " " $7 "\n" }
	END { printf "%s", rows }' "$tmp/out" >"$tmp/got"
"$IOASIDCTL" --sim "$d" list -r | awk 'NR > 1 { print $1, $2, $3, $4, $5, $6, $7 }' >"$tmp/want"
check "the last frame shows what ioasidctl list shows ($(wc -l <"$tmp/want") IOASIDs)" \
	cmp -s "$tmp/got" "$tmp/want"
check "11 IOASIDs: 4 + 2 - 1 + 6 (the platform's 2 per VM)" [ "$(wc -l <"$tmp/want")" -eq 11 ]
finish
