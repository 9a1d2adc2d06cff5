# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by the bench/*.sh scripts (sourced): timing a command three times
# and keeping the median, so that a neighbour's noise on a shared machine
# moves one run, not the figure. Every figure is meant as a ratio against a
# baseline measured by the same script in the same run (DESIGN.md 7).
#   measure KEY CMD...   runs CMD 3 times (REPEAT), output to $BENCH_TMP/out;
#                        sets WALL_KEY, CPU_KEY (user+sys) in seconds (the
#                        medians), RSS_KEY (KiB, the median), ROWS_KEY
#   row NAME KEY [BASEKEY]  prints a table row: wall, CPU, and the ratio of
#                        CPU (wall when CPU is 0) to BASEKEY's
#   ratio A B            A / B to two decimals ("-" when B is 0)
#   instr KEY CMD...     instructions CMD executes (valgrind's callgrind,
#                        start-up included) into IR_KEY; empty without
#                        valgrind. Counts do not move with the machine's
#                        load, where times of a few ms do.
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (GNU time) needed" >&2; exit 1; }
REPEAT=${REPEAT:-3}
BENCH_TMP=${BENCH_TMP:-$(mktemp -d)}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

measure() {
	key=$1
	shift
	: >"$BENCH_TMP/walls"
	: >"$BENCH_TMP/cpus"
	: >"$BENCH_TMP/rsss"
	i=0
	while [ $i -lt "$REPEAT" ]; do
		s0=$(date +%s.%N)
		/usr/bin/time -f '%U %S %M' -o "$BENCH_TMP/time" "$@" >"$BENCH_TMP/out" 2>"$BENCH_TMP/err" || {
			echo "bench: $key: $* failed:" >&2
			cat "$BENCH_TMP/err" >&2
			exit 1
		}
		s1=$(date +%s.%N)
		echo "$s1 - $s0" | bc >>"$BENCH_TMP/walls"
		tail -n 1 "$BENCH_TMP/time" | awk '{ print $1 + $2 }' >>"$BENCH_TMP/cpus"
		tail -n 1 "$BENCH_TMP/time" | awk '{ print $3 }' >>"$BENCH_TMP/rsss"
		i=$((i + 1))
	done
	eval "WALL_$key=$(median <"$BENCH_TMP/walls")"
	eval "CPU_$key=$(median <"$BENCH_TMP/cpus")"
	eval "RSS_$key=$(median <"$BENCH_TMP/rsss")"
	eval "ROWS_$key=$(wc -l <"$BENCH_TMP/out")"
}

instr() {
	key=$1
	shift
	eval "IR_$key="
	command -v valgrind >/dev/null || return 0
	n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		sed -n 's/.*I *refs: *//p' | tr -d ,)
	eval "IR_$key=$n"
}

ratio() {
	if [ "$(echo "$2 == 0" | bc)" -eq 1 ]; then
		echo -
	else
		echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'
	fi
}

header() {
	printf '%-46s %9s %9s %9s  %s\n' "work" "wall s" "CPU s" "rows" "ratio to baseline"
}

row() {
	eval "w=\$WALL_$2 c=\$CPU_$2 n=\$ROWS_$2"
	r=
	if [ -n "${3:-}" ]; then
		eval "bw=\$WALL_$3 bc_=\$CPU_$3"		# CPU is what a shared machine measures best; a figure too
		# short for the 10 ms clock of time(1) is compared by wall time
		if [ "$(echo "$bc_ >= 0.05 && $c >= 0.05" | bc)" -eq 1 ]; then
			r="$(ratio "$c" "$bc_") x (CPU, vs $3)"
		else
			r="$(ratio "$w" "$bw") x (wall, vs $3)"
		fi
	fi
	printf '%-46s %9.3f %9.3f %9s  %s\n' "$1" "$w" "$c" "$n" "$r"
}

# use_build BUILDDIR: BIN is the directory of the programs themselves, not
# libtool's wrapper scripts (a wrapper costs a shell start per run, which a
# baseline like awk does not pay); the uninstalled library is then found
# through LD_LIBRARY_PATH.
use_build() {
	b=$(cd "$1" && pwd)
	BIN=$b/src/cmd
	if [ -x "$b/src/cmd/.libs/ioasidctl" ]; then
		BIN=$b/src/cmd/.libs
		LD_LIBRARY_PATH=$b/src/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
		export LD_LIBRARY_PATH
	fi
}

# build_host BUILDDIR DIR SETS PER_SET: DIR becomes the emulated host of
# SETS sets with PER_SET IOASIDs each, built by the model in one mutation
# (bench/top-mkhost, made first when missing); MKHOST is that program.
build_host() {
	MKHOST=$1/bench/top-mkhost
	[ -x "$MKHOST" ] || make -C "$1" bench/top-mkhost >/dev/null
	"$MKHOST" "$2" "$3" "$4"
}
