#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (DESIGN.md 7), not part of `make check`: ioasidtop's CPU per
# frame on an emulated host of 10,000 sets and 100,000 IOASIDs, drawn on a
# virtual screen (--screen), against `ioasidctl set list -J` (and `list -r`)
# on the same host in the same run. CPU is user+system from GNU time; a
# frame is the difference between runs of -n N and -n 1, divided by N-1, so
# start-up is not counted. Prints figures and ratios; asserts nothing.
#   bench/top-frame.sh [BUILDDIR]     (default ./build)
set -eu
build=${1:-./build}
ioasidctl=$build/src/cmd/ioasidctl
top=$build/src/cmd/ioasidtop
mkhost=$build/bench/top-mkhost
SETS=${SETS:-10000}
PER_SET=${PER_SET:-10}
N=${N:-11}
[ -x "$mkhost" ] || make -C "$build" bench/top-mkhost >/dev/null
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (GNU time) needed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
h=$tmp/host
t0=$(date +%s.%N)
"$mkhost" "$h" "$SETS" "$PER_SET"
t1=$(date +%s.%N)
sets=$("$ioasidctl" --sim "$h" set list -r -n -o SET | wc -l)
ios=$("$ioasidctl" --sim "$h" list -r -n -o IOASID | wc -l)
echo "emulated host: $sets sets, $ios IOASIDs (made in $(echo "$t1 - $t0" | bc) s)"

# cpu CMD...: user+system seconds of one run, output discarded
cpu() {
	/usr/bin/time -f '%U %S' -o "$tmp/time" "$@" >/dev/null
	awk '{ print $1 + $2 }' "$tmp/time"
}
# best of 3, to keep a neighbour's noise out
best() {
	b=
	for _ in 1 2 3; do
		c=$(cpu "$@")
		if [ -z "$b" ] || [ "$(echo "$c < $b" | bc)" -eq 1 ]; then b=$c; fi
	done
	echo "$b"
}

base=$(best "$ioasidctl" --sim "$h" set list -J)
list=$(best "$ioasidctl" --sim "$h" list -r)
printf '%-44s %8.3f s CPU\n' "ioasidctl set list -J" "$base"
printf '%-44s %8.3f s CPU\n' "ioasidctl list -r" "$list"
for view in sets ioasids cgroups; do
	one=$(best "$top" --sim "$h" --screen 200x60 -d 0.1 -n 1 --view $view)
	many=$(best "$top" --sim "$h" --screen 200x60 -d 0.1 -n "$N" --view $view)
	frame=$(echo "scale=4; ($many - $one) / ($N - 1)" | bc)
	printf '%-44s %8.1f ms CPU per frame  (%s x set list -J, %s x list -r)\n' \
		"ioasidtop --view $view (200x60, -n $N)" "$(echo "$frame * 1000" | bc)" \
		"$(echo "scale=2; $frame / $base" | bc)" "$(echo "scale=2; $frame / $list" | bc)"
done
one=$(best "$top" --sim "$h" --snapshot -d 0.1)
printf '%-44s %8.3f s CPU (two samples)\n' "ioasidtop --snapshot" "$one"
