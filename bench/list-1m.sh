#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Benchmark (DESIGN.md 7), not a test: list the full 20-bit space,
# 1,048,575 IOASIDs in 10,000 sets, from stored GET_IOASID dump files
# (written by tests/ext/mkgenl with libnl, in the emulated host's layout:
# chunks and one file per set), against `cat` and awk on the same rows as
# text, and the filters against the same filter in awk. Each figure is the
# median of 3 runs (bench/lib.sh); prints a table and peak RSS; asserts
# nothing.
#   bench/list-1m.sh [BUILDDIR]     (default ./build; N=, SETS= for the size)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-./build}
mkgenl=$build/tests/ext/mkgenl
N=${N:-1048575}
SETS=${SETS:-10000}
[ -x "$mkgenl" ] || make -C "$build" tests/ext/mkgenl >/dev/null
BENCH_TMP=$(mktemp -d)
trap 'rm -rf "$BENCH_TMP"' EXIT
. "$here/lib.sh"
use_build "$build"
ioasidctl=$BIN/ioasidctl
h=$BENCH_TMP/host
mkdir -p "$h/sys/kernel/ioasid"
"$mkgenl" --bench "$h" "$N" "$SETS"
txt=$h/list.txt
echo "list: $N IOASIDs in $SETS sets, dump $(cat "$h"/genl/ioasid/GET_IOASID/chunk-* | wc -c) bytes, text $(wc -c <"$txt") bytes"
# word-split on purpose: the paths are mktemp and build directories
L="$ioasidctl --sysroot $h list"
header
measure cat cat "$txt"
row "cat list.txt" cat
measure awk awk '{ print }' "$txt"
row "awk print all" awk
measure raw $L -r
row "ioasidctl list -r" raw awk
measure json $L -J
row "ioasidctl list -J" json awk
measure table $L
row "ioasidctl list (table)" table awk
echo "peak RSS of list -r: $RSS_raw KiB, $(echo "scale=2; $RSS_raw * 1024 / $N" | bc) bytes per IOASID"
# set 42's IOASIDs (the text's columns: IOASID SET STATE REFS SPID PID ...)
measure awkset awk '$2 == 42' "$txt"
row "awk filter: set 42" awkset
measure set $L -r --set 42
row "ioasidctl list -r --set 42" set awkset
measure awksa awk '$3 == "active" && $2 == 42' "$txt"
row "awk filter: set 42, active" awksa
measure setact $L -r --set 42 --state active
row "ioasidctl list -r --set 42 --state active" setact awksa
measure awkpid awk '$6 == 1042' "$txt"
row "awk filter: pid 1042" awkpid
measure pid $L -r --pid 1042
row "ioasidctl list -r --pid 1042" pid awkpid
measure awkst awk '$3 == "free_pending"' "$txt"
row "awk filter: state free_pending" awkst
measure st $L -r --state free_pending
row "ioasidctl list -r --state free_pending" st awkst
