#!/bin/sh
# Interrupted writes leave nothing behind (issue 13 item 8; cli/tmpfile.h):
# - SIGINT, SIGTERM, SIGHUP, SIGPIPE while an archive is unpacked, and
#   before the rename of stats -o / dump -o, remove the unpack directory
#   and the temporary file, and end the process by that signal;
# - a SIGKILL at those points leaves them under a fixed prefix
#   (TMPDIR/ioasidctl-dump.PID.*, .ioasidctl-tmp.PID.NAME.*), which the next
#   run removes when provably ours and stale (this user's, unlocked,
#   unchanged for a minute), and only then.
# The process is stopped exactly there by the fault shim (tests/fault/fault.c:
# FAULT_STOP raises SIGSTOP before the Nth write or rename; FAULT_KILL
# raises SIGKILL), not at a random moment.
. "$(dirname "$0")/lib.sh"
shim=$(dirname "$IOASIDCTL")/../../tests/fault/.libs/libfault.so
[ -f "$shim" ] || { echo "SKIP: $shim not built (make check builds it)"; exit 77; }
command -v flock >/dev/null || { echo "SKIP: no flock(1) (util-linux)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the sanitizer build (scripts/test.sh pass 2): the shim comes before ASan
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export TMPDIR=$tmp/tmpdir
mkdir "$TMPDIR"
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null || exit 1
"$IOASIDCTL" --sim "$d" dump -o "$tmp/host.tar.gz" 2>/dev/null || exit 1
out=$tmp/out
mkdir "$out"

# run_stopped OP N CMD...: start CMD (signals at their defaults, as from a
# terminal: a background job of sh has SIGINT ignored) stopped before its
# Nth OP; $pid
run_stopped() {
	fop=$1 fn=$2
	shift 2
	FAULT_OP=$fop FAULT_N=$fn FAULT_STOP=1 LD_PRELOAD=$shim \
		env --default-signal=INT,TERM,HUP,PIPE "$@" >/dev/null 2>"$tmp/err" &
	pid=$!
	i=0
	# /proc/PID/stat's third field: T when stopped (fs/proc/array.c)
	until [ "$(sed 's/.*) //' /proc/$pid/stat 2>/dev/null | cut -d' ' -f1)" = T ] ||
		[ $i -gt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}
# interrupt SIG: send it to the stopped process, let it go on; $rc
interrupt() {
	kill -"$1" $pid
	kill -CONT $pid
	wait $pid 2>/dev/null
	rc=$?
}
leftovers() { find "$TMPDIR" "$out" -mindepth 1 -maxdepth 1 | sed "s|^$tmp/||" | tr '\n' ' '; }

for signum in INT:2 TERM:15 HUP:1 PIPE:13; do
	sig=${signum%:*} num=${signum#*:}
	run_stopped write 5 "$IOASIDCTL" --sysroot "$tmp/host.tar.gz" set list
	check "SIG$sig while unpacking: stopped in the middle" eval \
		'ls "$TMPDIR" | grep -q "^ioasidctl-dump\.$pid\.......$"'
	interrupt $sig
	check "  ends by SIG$sig ($rc)" [ "$rc" -eq $((128 + num)) ]
	check "  nothing left in TMPDIR ($(leftovers))" [ -z "$(leftovers)" ]
	for cmd in stats dump; do
		run_stopped rename 1 "$IOASIDCTL" --sim "$d" $cmd -o "$out/x.prom"
		check "SIG$sig before the rename of $cmd -o: stopped with its temporary file" eval \
			'ls -a "$out" | grep -q "^\.ioasidctl-tmp\.$pid\.x\.prom\.......$"'
		interrupt $sig
		check "  ends by SIG$sig ($rc)" [ "$rc" -eq $((128 + num)) ]
		check "  nothing left ($(leftovers))" [ -z "$(leftovers)" ]
	done
done

# ---- SIGKILL: recognisable leftovers, removed by the next run when stale
FAULT_OP=write FAULT_N=5 FAULT_KILL=1 LD_PRELOAD=$shim \
	"$IOASIDCTL" --sysroot "$tmp/host.tar.gz" set list >/dev/null 2>&1
left=$(ls "$TMPDIR")
check "SIGKILL while unpacking leaves ioasidctl-dump.PID.XXXXXX ($left)" \
	match "$left" '^ioasidctl-dump\.[0-9]+\.......$'
"$IOASIDCTL" --sysroot "$tmp/host.tar.gz" set list >/dev/null
check "  a fresh one is not removed (it may be starting)" [ "$(ls "$TMPDIR")" = "$left" ]
touch -d '2 minutes ago' "$TMPDIR/$left"
# -o: the lock is flock(1)'s own, gone when it is killed (not sleep's)
flock -o "$TMPDIR/$left" sleep 30 &
holder=$!
sleep 0.3
"$IOASIDCTL" --sysroot "$tmp/host.tar.gz" set list >/dev/null
check "  a locked one is not removed (its reader lives)" [ "$(ls "$TMPDIR")" = "$left" ]
kill $holder
wait $holder 2>/dev/null
touch -d '2 minutes ago' "$TMPDIR/$left"
mkdir "$TMPDIR/ioasidctl-dump.XXXXXX" "$TMPDIR/ioasidctl-dump.123.ab"
touch -d '2 minutes ago' "$TMPDIR/ioasidctl-dump.XXXXXX" "$TMPDIR/ioasidctl-dump.123.ab"
"$IOASIDCTL" --sysroot "$tmp/host.tar.gz" set list >/dev/null
check "  an old unlocked one is removed by the next unpack" [ ! -e "$TMPDIR/$left" ]
check "  names of another form are not ours: kept" eval \
	'[ -d "$TMPDIR/ioasidctl-dump.XXXXXX" ] && [ -d "$TMPDIR/ioasidctl-dump.123.ab" ]'
rm -rf "${TMPDIR:?}"/*

for cmd in stats dump; do
	FAULT_OP=rename FAULT_N=1 FAULT_KILL=1 LD_PRELOAD=$shim \
		"$IOASIDCTL" --sim "$d" $cmd -o "$out/x.prom" >/dev/null 2>&1
	left=$(ls -A "$out")
	check "SIGKILL before the rename of $cmd -o leaves .ioasidctl-tmp.PID.x.prom.XXXXXX ($left)" \
		match "$left" '^\.ioasidctl-tmp\.[0-9]+\.x\.prom\.......$'
	"$IOASIDCTL" --sim "$d" $cmd -o "$out/x.prom" >/dev/null 2>&1
	check "  a fresh one is kept by the next $cmd -o" [ -e "$out/$left" ]
	touch -d '2 minutes ago' "$out/$left"
	cp -p "$out/$left" "$out/.ioasidctl-tmp.1.other.prom.abcdef"
	chown nobody "$out/.ioasidctl-tmp.1.other.prom.abcdef" 2>/dev/null
	"$IOASIDCTL" --sim "$d" $cmd -o "$out/x.prom" >/dev/null 2>&1
	check "  an old unlocked one is removed by the next $cmd -o" [ ! -e "$out/$left" ]
	if [ "$(stat -c %U "$out/.ioasidctl-tmp.1.other.prom.abcdef")" = nobody ]; then
		check "  another user's is kept" [ -e "$out/.ioasidctl-tmp.1.other.prom.abcdef" ]
	fi
	rm -f "$out"/.ioasidctl-tmp.* "$out/x.prom"
done
finish
