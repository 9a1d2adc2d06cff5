#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Every benchmark of bench/ in one run (DESIGN.md 7; bench/RESULTS.md holds
# the figures and the commands). Each script generates its own data and
# prints a table with its baseline measured in the same run.
#   bench/run.sh [--quick] [BUILDDIR]    (default ./build)
# --quick: small sizes and one run per figure, about a minute; it checks
# only that each benchmark ran (scripts/test.sh runs it in CI): figures from
# it mean nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
quick=
if [ "${1:-}" = --quick ]; then
	quick=1
	shift
fi
build=${1:-./build}
make -C "$build" bench/top-mkhost bench/model-ops tests/ext/mkgenl >/dev/null
failed=
run() {
	echo "=== $*"
	if ! sh "$here/$@"; then
		echo "bench: $1 did not run" >&2
		failed="$failed $1"
	fi
}
if [ -n "$quick" ]; then
	export REPEAT=1
	N=20000 SETS=200 run list-1m.sh "$build"
	SETS=200 PER_SET=5 N=3 run top-frame.sh "$build"
	SETS=200 PER_SET=5 run stats.sh "$build"
	CPUS=16 IRQS=60 run prq.sh "$build"
	VMS=20 ROUNDS=2 run sim-mutate.sh "$build"
	N=50 run device-list.sh "$build"
	SETS=200 PER_SET=5 run dump.sh "$build"
	echo "=== model-ops"
	"$build/bench/model-ops" 2000 || failed="$failed model-ops"
else
	run list-1m.sh "$build"
	run top-frame.sh "$build"
	run stats.sh "$build"
	run prq.sh "$build"
	run sim-mutate.sh "$build"
	run device-list.sh "$build"
	run dump.sh "$build"
	echo "=== model-ops"
	"$build/bench/model-ops" 100000 || failed="$failed model-ops"
fi
if [ -n "$failed" ]; then
	echo "bench: failed:$failed" >&2
	exit 1
fi
