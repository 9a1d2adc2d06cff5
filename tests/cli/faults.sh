#!/bin/sh
# Fault injection, systematic (issue 13, "Make it systematic"): every
# file-system step of a mutation of the emulated host is, in turn, the point
# where the process is killed (SIGKILL), and the point where the step fails
# (EIO; ENOSPC for writes); the same for the atomic writers stats -o and
# dump -o. The steps are counted, not guessed: tests/fault/fault.c (an
# LD_PRELOAD shim) counts the calls of one operation (write, rename, fsync,
# syncfs, link, symlink, mkdir) in a clean run, then stops the Nth one for
# every N. After each: sim check is ok, the host is exactly as before or as
# after the mutation (ioasidctl-sim(8): "a mutation killed at any point
# leaves the previous generation current and whole"), the replay of its
# dump lists the same IOASIDs, and the next mutation works and leaves no
# temporary generation; a failed mutation says so in one line.
. "$(dirname "$0")/lib.sh"
shim=$(dirname "$IOASIDCTL")/../../tests/fault/.libs/libfault.so
[ -f "$shim" ] || { echo "SKIP: $shim not built (make check builds it)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export TMPDIR=$tmp
# killed at every call: the steps of the commit protocol (src/lib/sim/sim.c
# publish(): the files written, syncfs, the renames of the generation and of
# current, fsync of the directory, the symlink .current.tmp); the hard links
# and directories of the new generation (150 and 60 calls, all made in
# .tmp-gen-M before anything is renamed, so alike) at their first, middle
# and last call. Failing: every write, rename, fsync and syncfs.
kill_every="write rename fsync syncfs symlink"
kill_some="link mkdir"
fail_every="write rename fsync syncfs"

p=$tmp/pristine
"$IOASIDCTL" sim init "$p" --vms 2 >/dev/null || exit 1
# the mutation: VM 1 allocates one more IOASID (a new chunk message, set,
# cgroup counters, notify unchanged: most files linked, a few written)
mutate() { "$IOASIDCTL" --sim "$1" alloc --vm 4001 --count 1; }
listing() { "$IOASIDCTL" --sim "$1" list -r -n -o ioasid,set,state 2>&1; }
before=$(listing "$p")
cp -a "$p" "$tmp/after"
mutate "$tmp/after" >/dev/null || exit 1
after=$(listing "$tmp/after")
check "the mutation changes the listing" [ "$before" != "$after" ]

fresh() {
	rm -rf "$tmp/h"
	cp -a "$p" "$tmp/h"
}
# verify WHAT: the host after a fault
verify() {
	what=$1
	ok=1 why=
	"$IOASIDCTL" sim check "$tmp/h" >/dev/null 2>"$tmp/check" || {
		ok=0
		why="sim check: $(cat "$tmp/check")"
	}
	now=$(listing "$tmp/h")
	[ "$now" = "$before" ] || [ "$now" = "$after" ] || {
		ok=0
		why="$why; neither before nor after: $now"
	}
	rm -f "$tmp/d.tar.gz"
	"$IOASIDCTL" --sim "$tmp/h" dump -o "$tmp/d.tar.gz" 2>/dev/null &&
		[ "$("$IOASIDCTL" --sysroot "$tmp/d.tar.gz" list -r -n -o ioasid,set,state 2>&1)" = "$now" ] || {
		ok=0
		why="$why; the replay of its dump lists other IOASIDs"
	}
	mutate "$tmp/h" >/dev/null 2>"$tmp/next" || {
		ok=0
		why="$why; the next mutation failed: $(cat "$tmp/next")"
	}
	if ls -a "$tmp/h" | grep -q '^\.tmp-gen-'; then
		ok=0
		why="$why; a temporary generation is left"
	fi
	"$IOASIDCTL" sim check "$tmp/h" >/dev/null 2>&1 || {
		ok=0
		why="$why; sim check after the next mutation"
	}
	[ $ok -eq 1 ] || echo "# $what: $why"
	[ $ok -eq 1 ]
}

# steps OP: the calls of OP in a clean run of the mutation
steps() {
	fresh
	FAULT_OP=$1 FAULT_COUNT=$tmp/count LD_PRELOAD=$shim mutate "$tmp/h" >/dev/null 2>&1
	cat "$tmp/count"
}
for op in $kill_every $kill_some; do
	n=$(steps $op)
	case " $kill_some " in
	*" $op "*) which="1 $(((n + 1) / 2)) $n" ;;
	*) which=$(seq 1 "$n") ;;
	esac
	bad=0 tried=0
	for k in $which; do
		fresh
		FAULT_OP=$op FAULT_N=$k FAULT_KILL=1 LD_PRELOAD=$shim mutate "$tmp/h" >/dev/null 2>&1
		tried=$((tried + 1))
		verify "SIGKILL at $op $k/$n" || bad=$((bad + 1))
	done
	check "alloc killed at $tried of its $n ${op}s: the host whole, before or after" [ $bad -eq 0 ]
done
for op in $fail_every; do
	n=$(steps $op)
	bad=0
	for k in $(seq 1 "$n"); do
		fresh
		e=5 # EIO
		[ "$op" = write ] && e=28 # ENOSPC
		FAULT_OP=$op FAULT_N=$k FAULT_ERRNO=$e LD_PRELOAD=$shim mutate "$tmp/h" \
			>/dev/null 2>"$tmp/err"
		rc=$?
		if [ $rc -ne 0 ] && [ "$(grep -c '' "$tmp/err")" -ne 1 ]; then
			echo "# $op $k/$n failing: exit $rc with $(grep -c '' "$tmp/err") lines"
			bad=$((bad + 1))
		fi
		verify "$op $k/$n failing (exit $rc)" || bad=$((bad + 1))
	done
	check "alloc with each of its $n ${op}s failing: the host whole, one line" [ $bad -eq 0 ]
done

# ---- the atomic writers: a failure leaves the old file and nothing else
out=$tmp/out
mkdir "$out"
for cmd in stats dump; do
	for op in write rename fsync; do
		printf 'old\n' >"$out/x.prom"
		FAULT_OP=$op FAULT_COUNT=$tmp/count LD_PRELOAD=$shim \
			"$IOASIDCTL" --sim "$p" $cmd -o "$out/x.prom" >/dev/null 2>&1
		n=$(cat "$tmp/count")
		bad=0
		k=1
		while [ "$k" -le "$n" ]; do
			printf 'old\n' >"$out/x.prom"
			FAULT_OP=$op FAULT_N=$k LD_PRELOAD=$shim \
				"$IOASIDCTL" --sim "$p" $cmd -o "$out/x.prom" >/dev/null 2>"$tmp/err"
			rc=$?
			if [ $rc -eq 0 ] || [ "$(grep -c '' "$tmp/err")" -ne 1 ] ||
				[ "$(cat "$out/x.prom")" != old ] || [ "$(ls -A "$out")" != x.prom ]; then
				echo "# $cmd -o, $op $k/$n failing: exit $rc, $(ls -A "$out" | tr '\n' ' ')"
				bad=$((bad + 1))
			fi
			k=$((k + 1))
		done
		check "$cmd -o with each of its $n ${op}s failing: exit 1, one line, the old file, nothing else" \
			[ $bad -eq 0 ]
	done
done
finish
