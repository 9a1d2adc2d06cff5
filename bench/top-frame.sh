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
# Prints a table; asserts nothing.
#   bench/top-frame.sh [BUILDDIR]  (default ./build; SETS= PER_SET= N=)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-./build}
SETS=${SETS:-10000}
PER_SET=${PER_SET:-10}
N=${N:-11}
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
measure snap "$top" --sim "$h" --snapshot -d 0.1
row "ioasidtop --snapshot -d 0.1" snap setj
