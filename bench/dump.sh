#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Benchmark (DESIGN.md 7), not a test: `ioasidctl dump` of the full-scale
# emulated host (bench/top-mkhost: 10,000 sets, 100,000 IOASIDs) against
# `tar czf` of the same host's current generation (every file the emulated
# host holds, which is more than a dump collects) in the same run: time,
# archive size, and entries. CPU is user+system from GNU time, the median
# of 3 runs (bench/lib.sh). Prints a table; asserts nothing.
#   bench/dump.sh [BUILDDIR]     (default ./build; SETS= PER_SET=)
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
gen=$(cd "$h/current" && pwd -P)
echo "emulated host: $SETS sets x $PER_SET IOASIDs; its generation holds $(find "$gen" -type f | wc -l) files, $(du -sk "$gen" | cut -f1) KiB"
header
measure tar tar czf "$BENCH_TMP/gen.tar.gz" -C "$gen" .
row "tar czf of the generation" tar
measure dump "$BIN/ioasidctl" --sim "$h" dump -o "$BENCH_TMP/dump.tar.gz"
row "ioasidctl dump" dump tar
# sizes and entries (the last run of each)
printf '%-46s %12s %9s\n' "archive" "bytes" "entries"
printf '%-46s %12s %9s\n' "tar czf of the generation" "$(wc -c <"$BENCH_TMP/gen.tar.gz")" \
	"$(tar tzf "$BENCH_TMP/gen.tar.gz" | wc -l)"
printf '%-46s %12s %9s\n' "ioasidctl dump" "$(wc -c <"$BENCH_TMP/dump.tar.gz")" \
	"$(tar tzf "$BENCH_TMP/dump.tar.gz" | wc -l)"
echo "size ratio dump / tar: $(ratio "$(wc -c <"$BENCH_TMP/dump.tar.gz")" "$(wc -c <"$BENCH_TMP/gen.tar.gz")")"
