#!/bin/sh
# Every read command gives the same output on a host and on the replay of its
# dump (issue 13 item 5; ioasidctl-dump(8): the archive holds "every file the
# read commands use"). The commands come from the dispatch table
# (`ioasidctl __complete commands`): each must be classified below as a read
# (run here, with the arguments it needs taken from the host itself) or as a
# write/live-only command; an unclassified one fails the test, so a new
# command cannot be left out silently. Host kinds: an emulated host of every
# platform (`__complete values platform`) with VMs, a sysroot (a copied
# generation of one), and the captured guests' dumps in tests/data/vm (the
# host is the archive, the replay the dump of it). Outputs are compared after
# normalising only the host's kind and path (and stats' scrape duration,
# which is a time).
. "$(dirname "$0")/lib.sh"
TOP=${TOP:-$(dirname "$IOASIDCTL")/ioasidtop}
srcdir=${srcdir:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- the commands, from the dispatch table
"$IOASIDCTL" __complete commands | cut -f1 >"$tmp/commands"
check "the dispatch table lists commands" [ "$(wc -l <"$tmp/commands")" -ge 20 ]
# not reads of a snapshot: the emulated host's writes, the live host's
# tracers and monitors, the writers of files; diff reads the two hosts
# given as its arguments (tests/cli/diff.sh compares a capture with its dump)
notread='config apply|libvirt hook|diff|sim init|sim check|sim inject-prq|set create|set destroy|set quota|alloc|free|bind|unbind|capacity install|capacity reserve|capacity cancel|cgroup set-limit|cgroup create|vm add|vm move|vm remove|uapi selftest|prq trace|monitor|dump'
# reads taking no argument, and those taking one (expanded per host below)
noargs='config save|status|iommu list|device list|group list|sva list|cgroup list|prq stats|capacity show|set list|list|spid list|stats'
withargs='device why|cgroup show|set show|spid find'
unclassified=
while read -r cmd; do
	case "|$notread|$noargs|$withargs|" in
	*"|$cmd|"*) ;;
	*) unclassified="$unclassified '$cmd'" ;;
	esac
done <"$tmp/commands"
check "every command of the dispatch table is classified ($unclassified)" [ -z "$unclassified" ]

# runs HOSTOPTS...: one line per read command and its arguments, into runs
runs() {
	: >"$tmp/runs"
	printf '%s\n' "$noargs" | tr '|' '\n' | while read -r cmd; do
		echo "$cmd" >>"$tmp/runs"
		[ "$cmd" = stats ] || echo "$cmd -J" >>"$tmp/runs"
	done
	# a filter by state alone reads the per-state dump files (ABI v2)
	for st in idle active free_pending; do
		echo "list -r --state $st" >>"$tmp/runs"
	done
	"$IOASIDCTL" "$@" device list -r -n -o device 2>/dev/null | head -3 | while read -r dev; do
		echo "device why $dev" >>"$tmp/runs"
	done
	"$IOASIDCTL" "$@" set list -r -n -o set,owner_pid 2>/dev/null | while read -r set pid; do
		echo "set show $set" >>"$tmp/runs"
		echo "set show $set -J" >>"$tmp/runs"
		case $pid in [0-9]*) echo "cgroup show --pid $pid" >>"$tmp/runs" ;; esac
	done
	"$IOASIDCTL" "$@" spid list -r -n -o set,spid 2>/dev/null | head -4 | while read -r set spid; do
		echo "spid find --set $set $spid" >>"$tmp/runs"
	done
	"$IOASIDCTL" "$@" cgroup list -r -n -o cgroup 2>/dev/null | head -4 | while read -r cg; do
		echo "cgroup show $cg" >>"$tmp/runs"
	done
}

# normalise PATH: the host's path and kind words, stats' duration
norm() {
	sed -e "s|$1|HOST|g" \
		-e 's/^\(Host: *\)\(emulated\|sysroot\|dump\|snapshot\|captured\)\b/\1KIND/' \
		-e 's/"\(host_kind\|kind\)": *"[a-z]*"/"\1": "KIND"/' \
		-e 's/^\(ioasid_scrape_duration_seconds\) .*/\1 T/' \
		-e 's/^\(ioasid_scrape_timestamp_seconds\) .*/\1 T/'
}

# compare NAME HOSTPATH HOSTOPTS -- REPLAYPATH: every run on both
compare() {
	name=$1 hpath=$2 hopt=$3 harg=$4 rpath=$5
	runs "$hopt" "$harg"
	total=0 diffs=0 failed=
	while read -r line; do
		total=$((total + 1))
		# shellcheck disable=SC2086
		"$IOASIDCTL" "$hopt" "$harg" $line >"$tmp/a" 2>"$tmp/ae"
		a=$?
		# shellcheck disable=SC2086
		"$IOASIDCTL" --sysroot "$rpath" $line >"$tmp/b" 2>"$tmp/be"
		b=$?
		norm "$hpath" <"$tmp/a" >"$tmp/an"
		norm "$rpath" <"$tmp/b" >"$tmp/bn"
		norm "$hpath" <"$tmp/ae" >"$tmp/aen"
		norm "$rpath" <"$tmp/be" >"$tmp/ben"
		if [ $a -ne $b ] || ! cmp -s "$tmp/an" "$tmp/bn" || ! cmp -s "$tmp/aen" "$tmp/ben"; then
			diffs=$((diffs + 1))
			failed="$failed '$line'"
			echo "# $name: $line: exit $a on the host, $b on the replay"
			diff "$tmp/an" "$tmp/bn" | head -6 | sed 's/^/#   /'
			diff "$tmp/aen" "$tmp/ben" | head -4 | sed 's/^/#   /'
		fi
	done <"$tmp/runs"
	check "$name: $total runs alike on the host and the replay of its dump${failed:+ (not:$failed)}" \
		[ "$diffs" -eq 0 ]
	if [ -x "$TOP" ]; then
		"$TOP" "$hopt" "$harg" --snapshot 2>&1 | norm "$hpath" |
			sed 's/"\(time\|ts\|timestamp\|elapsed[a-z_]*\)": *[0-9.e+-]*/"\1": T/g' >"$tmp/ta"
		"$TOP" --sysroot "$rpath" --snapshot 2>&1 | norm "$rpath" |
			sed 's/"\(time\|ts\|timestamp\|elapsed[a-z_]*\)": *[0-9.e+-]*/"\1": T/g' >"$tmp/tb"
		check "$name: ioasidtop --snapshot alike" cmp -s "$tmp/ta" "$tmp/tb"
	fi
}

# ---- emulated hosts, one per platform, with VMs and some history
for pf in $("$IOASIDCTL" __complete values platform); do
	h=$tmp/sim-$pf
	"$IOASIDCTL" sim init "$h" --platform "$pf" --vms 2 >/dev/null || {
		check "sim init --platform $pf" false
		continue
	}
	"$IOASIDCTL" --sim "$h" set create --type null --quota 8 >/dev/null
	"$IOASIDCTL" --sim "$h" vm add --pid 4100 --name vm3 >/dev/null
	"$IOASIDCTL" sim inject-prq "$h" --ioasid 1 --count 3 >/dev/null 2>&1
	"$IOASIDCTL" --sim "$h" dump -o "$tmp/sim-$pf.tar.gz" 2>/dev/null
	check "dump of the emulated $pf host" [ -s "$tmp/sim-$pf.tar.gz" ]
	compare "emulated $pf" "$h" --sim "$h" "$tmp/sim-$pf.tar.gz"
done

# ---- a sysroot: a copy of an emulated host's generation
first=$("$IOASIDCTL" __complete values platform | head -1)
cp -a "$tmp/sim-$first/current/." "$tmp/sysroot"
"$IOASIDCTL" --sysroot "$tmp/sysroot" dump -o "$tmp/sysroot.tar.gz" 2>/dev/null
check "dump of a sysroot" [ -s "$tmp/sysroot.tar.gz" ]
compare "sysroot" "$tmp/sysroot" --sysroot "$tmp/sysroot" "$tmp/sysroot.tar.gz"

# ---- the captured guests: their dump is the host, its dump the replay
for a in "$srcdir"/tests/data/vm/*/dump.tar.gz; do
	[ -f "$a" ] || continue
	g=$(basename "$(dirname "$a")")
	"$IOASIDCTL" --sysroot "$a" dump -o "$tmp/vm-$g.tar.gz" 2>/dev/null
	check "dump of the captured guest $g" [ -s "$tmp/vm-$g.tar.gz" ]
	compare "guest $g" "$a" --sysroot "$a" "$tmp/vm-$g.tar.gz"
done
finish
