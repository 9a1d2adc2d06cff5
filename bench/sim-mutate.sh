#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Benchmark (DESIGN.md 7), not part of `make check`: the cost of one
# mutation of an emulated host with many VMs. Each mutation publishes a new
# generation (src/lib/sim/sim.c): unchanged files are hard links to the
# previous generation, changed ones are written. Baseline in the same run:
# `cp -al` of one generation (linking every file, the floor of any
# generation scheme) and `cp -a` (writing every file). Prints times, the
# ratios, and the bytes a generation adds; asserts nothing.
#   bench/sim-mutate.sh [BUILDDIR]     (default ./build; VMS=900 ROUNDS=10)
set -eu
build=${1:-./build}
ioasidctl=$build/src/cmd/ioasidctl
VMS=${VMS:-900}
ROUNDS=${ROUNDS:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/host
"$ioasidctl" sim init "$d" --vms "$VMS" >/dev/null
files=$(find "$d/$(readlink "$d/current")" -type f | wc -l)
now() { date +%s.%N; }

t0=$(now)
i=0
while [ $i -lt "$ROUNDS" ]; do
	"$ioasidctl" --sim "$d" alloc --set 2 >/dev/null
	i=$((i + 1))
done
t1=$(now)
mut=$(echo "($t1 - $t0) / $ROUNDS" | bc -l)
g=$(readlink "$d/current")
# blocks used by files of the newest generation that no other one shares
new_kib=$(find "$d/$g" -type f -links 1 -printf '%k\n' | awk '{s += $1} END {print s + 0}')

t0=$(now)
cp -al "$d/$g" "$tmp/linked"
t1=$(now)
cpal=$(echo "$t1 - $t0" | bc -l)
t0=$(now)
cp -a "$d/$g" "$tmp/copied"
t1=$(now)
cpa=$(echo "$t1 - $t0" | bc -l)

printf 'host: %s VMs, %s files per generation\n' "$VMS" "$files"
printf '%-36s %8.3f s\n' "one mutation (mean of $ROUNDS)" "$mut" "cp -al of a generation" "$cpal" \
	"cp -a of a generation" "$cpa"
printf 'ratio mutation / cp -al: %.2f   mutation / cp -a: %.2f\n' \
	"$(echo "$mut / $cpal" | bc -l)" "$(echo "$mut / $cpa" | bc -l)"
printf 'a generation adds %s KiB of unshared files\n' "$new_kib"
"$ioasidctl" sim check "$d"
