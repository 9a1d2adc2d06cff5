#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (DESIGN.md 7), not a test: ioasidtop's CPU per frame on an
# emulated host of 10,000 sets and 100,000 IOASIDs (bench/top-mkhost builds
# it in one mutation through the model), drawn on a virtual screen
# (--screen), against `ioasidctl set list -J` and `list -r` on the same
# host in the same run. CPU is user+system from GNU time, the median of 3
# runs (bench/lib.sh). Two kinds of frame:
#   first frame   -n 1: start-up and one full read of the host (what a
#                 frame costs when the host changed: every frame before
#                 ioasid-abi v2 and the unchanged-host frame)
#   steady frame  (-n N minus -n 1) / (N - 1): frames of a host that did
#                 not change between them
#   changed frame -n 3 -d CD, minus -n 2 -d CD: the third frame, after one
#                 mutation (bench/top-mutate: CHANGES allocations in set 1
#                 and CHANGES frees of another set's IOASIDs, a new set each
#                 run) made beside ioasidtop between its second and third
#                 frame (the mutation's own CPU is not counted; one
#                 mutation of this host takes seconds, hence the long -d).
#                 The third frame, not the second: the second turns every
#                 rate from unknown to 0, which redraws every row anyway.
#                 The third frame must show one set fewer (the freed set
#                 is gone), else the run fails (the mutation was too
#                 late: a loaded machine needs a larger CD; 2 x CD must
#                 stay under ioasidtop's 30 s full-read period).
# Prints a table; asserts nothing else.
#   bench/top-frame.sh [BUILDDIR]  (default ./build; SETS= PER_SET= N=
#                      CD= CHANGES= MUTATE=, the top-mutate to use: a
#                      build without one takes another build's)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-./build}
SETS=${SETS:-10000}
PER_SET=${PER_SET:-10}
N=${N:-11}
# a mutation of the 10,000-set host takes seconds, of a small one little
CD=${CD:-$([ "$SETS" -ge 2000 ] && echo 13 || echo 1.5)}
CHANGES=${CHANGES:-10}
MUTATE=${MUTATE:-$build/bench/top-mutate}
[ -x "$MUTATE" ] || make -C "$build" bench/top-mutate >/dev/null
MUTATE=$(cd "$(dirname "$MUTATE")" && pwd)/$(basename "$MUTATE")
BENCH_TMP=$(mktemp -d)
trap 'rm -rf "$BENCH_TMP"' EXIT
. "$here/lib.sh"
use_build "$build"
ioasidctl=$BIN/ioasidctl
top=$BIN/ioasidtop
h=$BENCH_TMP/host
build_host "$build" "$h" "$SETS" "$PER_SET"
# the model building the host in one mutation, from scratch each time
# (a new directory per run: removing the last one is not its cost)
measure mkhost sh -c 'exec "$2" "$1.$$" "$3" "$4"' mkhost "$h.m" "$MKHOST" "$SETS" "$PER_SET"
rm -rf "$h".m.*
sets=$("$ioasidctl" --sim "$h" set list -r -n -o SET | wc -l)
ios=$("$ioasidctl" --sim "$h" list -r -n -o IOASID | wc -l)
echo "emulated host: $sets sets, $ios IOASIDs"
header
row "bench/top-mkhost (model: build the host)" mkhost
measure setj "$ioasidctl" --sim "$h" set list -J
row "ioasidctl set list -J" setj
measure listr "$ioasidctl" --sim "$h" list -r
row "ioasidctl list -r" listr
for view in sets ioasids cgroups; do
	measure one "$top" --sim "$h" --screen 200x60 -d 0.1 -n 1 --view $view
	measure many "$top" --sim "$h" --screen 200x60 -d 0.1 -n "$N" --view $view
	row "ioasidtop --view $view: first frame" one setj
	f=$(echo "scale=4; ($CPU_many - $CPU_one) / ($N - 1)" | bc)
	[ "$(echo "$f < 0" | bc)" -eq 0 ] || f=0
	printf '%-46s %9s %9.4f %9s  %s\n' "ioasidtop --view $view: steady frame" - "$f" - \
		"$(echo "scale=1; $f * 1000 / 1" | bc) ms CPU per frame (-n $N vs -n 1)"
done
# the changed frame: the mutator sleeps past the second frame (at CD
# seconds) and mutates once, freeing from the next set each time; it runs
# beside ioasidtop, so GNU time counts ioasidtop's CPU alone
echo 100 >"$BENCH_TMP/next-free"
changed_cpu() { # VIEW FRAMES: the median CPU of REPEAT runs, changed or not
	: >"$BENCH_TMP/cpus"
	i=0
	while [ $i -lt "$REPEAT" ]; do
		mpid=
		if [ "$2" -eq 3 ]; then
			fs=$(cat "$BENCH_TMP/next-free")
			echo $((fs + 1)) >"$BENCH_TMP/next-free"
			(sleep "$(echo "$CD * 1.15" | bc)" &&
				exec "$MUTATE" "$h" 1 "$fs" "$CHANGES") >"$BENCH_TMP/mutator" 2>&1 &
			mpid=$!
		fi
		/usr/bin/time -f '%U %S' -o "$BENCH_TMP/time" "$top" --sim "$h" --plain \
			--screen 200x60 -d "$CD" -n "$2" --view "$1" >"$BENCH_TMP/frames"
		if [ -n "$mpid" ]; then
			wait "$mpid" || { cat "$BENCH_TMP/mutator" >&2; return 1; }
			# the freed set is gone by the third frame: one set fewer
			[ "$(grep '^Sets ' "$BENCH_TMP/frames" | sed -n '1p;$p' | uniq | wc -l)" -eq 2 ] || {
				echo "bench: the mutation came after the third frame (CD=$CD too short)" >&2
				return 1
			}
		fi
		tail -n 1 "$BENCH_TMP/time" | awk '{ print $1 + $2 }' >>"$BENCH_TMP/cpus"
		i=$((i + 1))
	done
	median <"$BENCH_TMP/cpus" >"$BENCH_TMP/cpu"
}
for view in sets ioasids cgroups; do
	changed_cpu $view 2 || exit 1
	two=$(cat "$BENCH_TMP/cpu")
	changed_cpu $view 3 || exit 1
	three=$(cat "$BENCH_TMP/cpu")
	f=$(echo "scale=4; $three - $two" | bc)
	[ "$(echo "$f < 0" | bc)" -eq 0 ] || f=0
	printf '%-46s %9s %9.4f %9s  %s\n' "ioasidtop --view $view: changed frame" - "$f" - \
		"$(echo "scale=1; $f * 1000 / 1" | bc) ms CPU ($CHANGES allocs + $CHANGES frees; -n 3 vs -n 2)"
done
measure snap "$top" --sim "$h" --snapshot -d 0.1
row "ioasidtop --snapshot -d 0.1" snap setj
