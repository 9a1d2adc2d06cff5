#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Benchmark (DESIGN.md 7), not part of `make check`: list the full 20-bit
# space, 1,048,575 IOASIDs in 10,000 sets, from stored GET_IOASID dump files
# (written by tests/ext/mkgenl with libnl), against `cat` of the same rows
# as text and an awk script doing the same filter. Prints times, ratios and
# peak RSS (GNU time -v); asserts nothing.
#   bench/list-1m.sh [BUILDDIR]     (default ./build)
set -eu
build=${1:-./build}
ioasidctl=$build/src/cmd/ioasidctl
mkgenl=$build/tests/ext/mkgenl
N=${N:-1048575}
SETS=${SETS:-10000}
[ -x "$mkgenl" ] || make -C "$build" tests/ext/mkgenl >/dev/null
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (GNU time) needed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/host/sys/kernel/ioasid"
t0=$(date +%s.%N)
"$mkgenl" --bench "$tmp/host" "$N" "$SETS"
t1=$(date +%s.%N)
dump_bytes=$(cat "$tmp/host"/genl/ioasid/GET_IOASID/* | wc -c)
echo "generated $N IOASIDs in $SETS sets: $(echo "$t1 - $t0" | bc) s, dump $dump_bytes bytes, text $(wc -c < "$tmp/host/list.txt") bytes"

# run NAME CMD...: wall seconds and peak RSS (KiB) of one run, output discarded
run() {
	name=$1
	shift
	# wall time from the clock (GNU time rounds to 10 ms), RSS from time -v
	s0=$(date +%s.%N)
	/usr/bin/time -v -o "$tmp/time" "$@" > "$tmp/out"
	s1=$(date +%s.%N)
	wall=$(echo "$s1 - $s0" | bc)
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
	rows=$(wc -l < "$tmp/out")
	printf '%-34s %8.3f s %9s KiB %8s rows\n' "$name" "$wall" "$rss" "$rows"
}
t() {	# t KEY NAME CMD...: run and keep the wall time in $T_KEY
	key=$1
	shift
	run "$@"
	eval "T_$key=$wall; R_$key=$rss"
}

echo "--- whole list (raw)"
t cat "cat list.txt" cat "$tmp/host/list.txt"
t awk "awk print all" awk '{ print }' "$tmp/host/list.txt"
t raw "ioasidctl list -r" "$ioasidctl" --sysroot "$tmp/host" list -r
t json "ioasidctl list -J" "$ioasidctl" --sysroot "$tmp/host" list -J
t table "ioasidctl list (table)" "$ioasidctl" --sysroot "$tmp/host" list
echo "--- one filter: state active, set 42"
t awkf "awk filter" awk '$3 == "active" && $2 == 42' "$tmp/host/list.txt"
t rawf "ioasidctl list -r --set 42 --state active" "$ioasidctl" --sysroot "$tmp/host" list -r --set 42 --state active
echo "--- ratios"
echo "list -r / cat:   $(echo "scale=1; $T_raw / $T_cat" | bc)"
echo "list -r / awk:   $(echo "scale=2; $T_raw / $T_awk" | bc)"
echo "list -J / awk:   $(echo "scale=2; $T_json / $T_awk" | bc)"
echo "table / awk:     $(echo "scale=2; $T_table / $T_awk" | bc)"
echo "filter / awk filter: $(echo "scale=2; $T_rawf / $T_awkf" | bc)"
echo "peak RSS per IOASID (list -r): $(echo "scale=4; $R_raw * 1024 / $N" | bc) bytes"
