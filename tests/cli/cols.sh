#!/bin/sh
# One JSON name and type per key across the two programs: on an emulated
# host, each record type ioasidtop --snapshot shares with an ioasidctl
# command (sets, IOASIDs, devices, SVA endpoints, capacity, page-request
# interrupts, cgroups) has the same keys with the same JSON types in both
# (null, "unknown", matches any type); nested keys are compared by path.
# An array of the snapshot named like an array of an ioasidctl command
# holds the same record: its keys are that command's, or one of the few
# ioasidtop adds (rates, counts from its samples; ioasidtop(8) JSON names
# them, listed here). The oracle is ioasidctl's documented output
# (ioasidctl-*(8), README: booleans are JSON booleans), not ioasidtop's.
. "$(dirname "$0")/lib.sh"
TOP=${IOASIDTOP:-$(dirname "$IOASIDCTL")/ioasidtop}
command -v jq >/dev/null || { echo "jq not installed"; exit 77; }
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null || { echo "sim init failed"; exit 1; }
# page requests, so the rates and counts are not all zero
io=$("$IOASIDCTL" --sim "$d" list -r -n -o IOASID,SET | awk '$2==2 {print $1; exit}')
"$IOASIDCTL" sim inject-prq "$d" --ioasid "$io" --count 5 --unit dmar1 >/dev/null

# ioasidctl: each shared record type's command; sva list -J without -o is
# its nested document, with every column named it is the flat "sva" array
sva_all=$("$IOASIDCTL" sva list --list-columns -J | jq -r '[.columns[].name] | join(",")')
i=0
for cmd in "set list" "list" "device list --all" "sva list -o $sva_all" "capacity show" \
	"prq stats" "cgroup list" "iommu list"; do
	i=$((i + 1))
	# shellcheck disable=SC2086  # the command line splits on purpose
	"$IOASIDCTL" --sim "$d" $cmd -J >"$tmp/ctl$i.json" ||
		{ echo "ioasidctl $cmd -J failed"; exit 1; }
done
# ioasidtop: one snapshot per view (each carries the header arrays too)
for v in sets ioasids cgroups devices sva; do
	"$TOP" --sim "$d" --snapshot -d 0.1 --view $v >"$tmp/top-$v.json" ||
		{ echo "ioasidtop --snapshot --view $v failed"; exit 1; }
done

# every array of a document as {array, key path, JSON type} lines: array
# indices become [], so the rows of an array and nested lists collapse
sig='to_entries[] | select(.value | type == "array") | .key as $a | .value[] |
	paths as $p | [$a, ($p | map(if type == "number" then "[]" else . end) | join(".")),
	(getpath($p) | type)] | @tsv'
for f in "$tmp"/ctl*.json; do jq -r "$sig" "$f"; done | sort -u >"$tmp/ctl.sig"
for f in "$tmp"/top-*.json; do jq -r "$sig" "$f"; done | sort -u >"$tmp/top.sig"
cut -f1 "$tmp/ctl.sig" | sort -u >"$tmp/ctl.arrays"
cut -f1 "$tmp/top.sig" | sort -u >"$tmp/top.arrays"

# the keys ioasidtop adds to a shared record (ioasidtop(8) JSON)
top_only() {
	case $1 in
	sets) echo "use_pct active prq_count prq_per_sec" ;;
	ioasids) echo "prq_per_sec" ;;
	capacity) echo "in_quotas" ;;
	prq) echo "interrupts_per_sec rate_partial" ;;
	cgroups) echo "use_pct" ;;
	esac
}

# same_record ARRAY: every top-level key of ioasidtop's rows is one of
# ioasidctl's for that array, or one ioasidtop adds
same_record() {
	extra=$(top_only "$1")
	bad=
	for k in $(awk -F'\t' -v a="$1" '$1 == a && $2 !~ /\./ {print $2}' "$tmp/top.sig" | sort -u); do
		awk -F'\t' -v a="$1" -v k="$k" '$1 == a && $2 == k {f=1} END {exit !f}' "$tmp/ctl.sig" &&
			continue
		case " $extra " in *" $k "*) continue ;; esac
		bad="$bad $k"
	done
	[ -z "$bad" ] || echo "  $1: keys not in ioasidctl's $1:$bad"
	[ -z "$bad" ]
}

# one_type ARRAY FILE...: each key path of ARRAY has one non-null JSON type
# over the rows of the files
one_type() {
	a=$1
	shift
	bad=$(awk -F'\t' -v a="$a" '$1 == a && $3 != "null"' "$@" | sort -u | cut -f2 | uniq -d)
	for k in $bad; do
		echo "  $a.$k: $(awk -F'\t' -v a="$a" -v k="$k" \
			'$1 == a && $2 == k && $3 != "null" {print FILENAME ": " $3}' "$@" |
			sed "s|$tmp/||" | sort -u | tr '\n' ' ')"
	done
	[ -z "$bad" ]
}

rows() { awk -F'\t' -v a="$2" '$1 == a' "$1" | grep -q .; }

# the record types both programs print: rows on both sides
for a in sets ioasids devices sva capacity prq cgroups; do
	check "ioasidctl has $a rows" rows "$tmp/ctl.sig" "$a"
	check "ioasidtop --snapshot has $a rows" rows "$tmp/top.sig" "$a"
done
# every array name the two programs share: one record, one type per key
for a in $(comm -12 "$tmp/ctl.arrays" "$tmp/top.arrays"); do
	check "$a: ioasidtop's keys are ioasidctl's (or its own rates)" same_record "$a"
	check "$a: one JSON type per key in both programs" one_type "$a" "$tmp/ctl.sig" "$tmp/top.sig"
done
# and the snapshot's own arrays agree across its views
for a in $(cat "$tmp/top.arrays"); do
	check "ioasidtop $a: one JSON type per key" one_type "$a" "$tmp/top.sig"
done
finish
