#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Benchmark (DESIGN.md 7), not a test: one `ioasidctl stats` scrape (the
# Prometheus text of ioasidctl-stats(8)) of an emulated host of 10,000 sets
# and 100,000 IOASIDs (bench/top-mkhost), against `cat` of the same text
# stored in a file, in the same run; the median of 3 runs (bench/lib.sh).
# Prints a table; asserts nothing.
#   bench/stats.sh [BUILDDIR]     (default ./build; SETS= PER_SET=)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-./build}
SETS=${SETS:-10000}
PER_SET=${PER_SET:-10}
BENCH_TMP=$(mktemp -d)
trap 'rm -rf "$BENCH_TMP"' EXIT
. "$here/lib.sh"
use_build "$build"
h=$BENCH_TMP/host
build_host "$build" "$h" "$SETS" "$PER_SET"
"$BIN/ioasidctl" --sim "$h" stats >"$BENCH_TMP/stats.prom"
echo "stats of $SETS sets: $(wc -l <"$BENCH_TMP/stats.prom") lines, $(wc -c <"$BENCH_TMP/stats.prom") bytes"
header
measure cat cat "$BENCH_TMP/stats.prom"
row "cat of the stats text" cat
measure stats "$BIN/ioasidctl" --sim "$h" stats
row "ioasidctl stats" stats cat
measure setl "$BIN/ioasidctl" --sim "$h" set list -r
row "ioasidctl set list -r" setl cat
