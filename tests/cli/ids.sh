#!/bin/sh
# Numbers and IDs: every command that takes one reads it by the one rule
# of ioasidctl(8) "Numbers and IDs" (decimal digits only; no sign, no
# blank, no 0x; leading zeros are decimal; the argument's own range) and
# refuses everything else identically: exit 2 and one stderr line
#   PROG: NAME: 'VALUE' is not DESCRIPTION[ (0x is not accepted)]
# where NAME is the option, or the positional argument as the usage line
# names it, and DESCRIPTION is "a decimal number from MIN to MAX" (with
# ", or max" for limits, "of seconds" / "of bytes" for durations and
# sizes). The expected lines are built here from that template and the
# ranges in the table below (the man pages'), not taken from the programs.
#
# Which commands take a number is derived from the programs themselves:
# `ioasidctl --help` lists the commands, each command's --help its options
# (with their argument names) and its usage line (the positional
# arguments); `ioasidtop --help` its options. Every argument whose name is
# a number's (ID, PID, N, ...) must have a row in the table, so a new
# command or option is covered, or this test fails naming it as
# unclassified; an argument name the test does not know fails the same
# way. Everything runs on an emulated host (`sim init --vms 2`); the
# mutations run with --dry-run.
. "$(dirname "$0")/lib.sh"
TOP=${IOASIDTOP:-$(dirname "$IOASIDCTL")/ioasidtop}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
set -f
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null || { echo "sim init failed"; exit 1; }

# Argument names (as --help prints them) that are numbers, and those that
# are not; any other name is unclassified.
numeric=" ID PID N K S SEC SECONDS BYTES SIZE SPID IOASID N|max "
other=" LIST PATTERN NAME NAME... PATH FILE DIR CGROUP UNIT STATE BDF DEVICE DEVICE... dmarN"
other="$other null|mm ioasids|misc ioasids|misc|both DIR|ARCHIVE DIR|FILE VIEW COLSxROWS "
# diff A B, libvirt hook NAME OPERATION SUB-OPERATION [EXTRA]: hosts and libvirt's words
other="$other A B OPERATION SUB-OPERATION EXTRA "

# The table: PROG;COMMAND;ARGUMENT;FORM;MIN;MAX;COMMAND LINE;FILTER
# ARGUMENT: --option, or #K:WORD for the K-th positional argument WORD.
# FORM: num (MIN..MAX), limit (0..2^64-2 or max), sec (seconds), size
# (bytes, K/M suffixes). The command line has @ for the value (one word,
# whatever it contains); FILTER reduces its stdout before two runs are
# compared (default: all of it).
u32=4294967295
pidmax=2147483647
pasidmax=1048575
ok8=100000
table="ioasidctl;set show;#1:ID;num;0;$u32;set show -- @;
ioasidctl;set destroy;#1:ID;num;0;$u32;set destroy --dry-run -- @;
ioasidctl;set quota;#1:ID;num;0;$u32;set quota --dry-run -- @ 5;
ioasidctl;set quota;#2:N;num;0;$u32;set quota --dry-run -- 1 @;
ioasidctl;set create;--vm;num;1;$pidmax;set create --dry-run --type mm --quota 1 --vm @;
ioasidctl;set create;--quota;num;0;$u32;set create --dry-run --type null --quota @;
ioasidctl;list;--set;num;0;$u32;list --set @;
ioasidctl;list;--spid;num;0;$u32;list --spid @;
ioasidctl;list;--pid;num;1;$pidmax;list --pid @;
ioasidctl;spid list;--set;num;0;$u32;spid list --set @;
ioasidctl;spid find;--set;num;0;$u32;spid find --set @ -- 1;
ioasidctl;spid find;#1:SPID;num;0;$u32;spid find --set 2 -- @;
ioasidctl;alloc;--set;num;0;$u32;alloc --dry-run --set @;
ioasidctl;alloc;--vm;num;1;$pidmax;alloc --dry-run --vm @;
ioasidctl;alloc;--min;num;0;$u32;alloc --dry-run --set 1 --min @;
ioasidctl;alloc;--max;num;0;$u32;alloc --dry-run --set 1 --max @;
ioasidctl;alloc;--count;num;1;$pasidmax;alloc --dry-run --set 1 --count @;
ioasidctl;free;#1:IOASID;num;0;$u32;free --dry-run -- @;
ioasidctl;free;--set;num;0;$u32;free --dry-run --set @ -- 1;
ioasidctl;free;--vm;num;1;$pidmax;free --dry-run --vm @ -- 1;
ioasidctl;bind;#1:IOASID;num;0;$u32;bind --dry-run --vm 4001 --spid 1 -- @;
ioasidctl;bind;--vm;num;1;$pidmax;bind --dry-run --vm @ --spid 1 -- 1;
ioasidctl;bind;--spid;num;0;$u32;bind --dry-run --vm 4001 --spid @ -- 1;
ioasidctl;unbind;#1:IOASID;num;0;$u32;unbind --dry-run --vm 4001 -- @;
ioasidctl;unbind;--vm;num;1;$pidmax;unbind --dry-run --vm @ -- 1;
ioasidctl;capacity install;#1:N;num;0;$u32;capacity install --dry-run -- @;
ioasidctl;capacity reserve;#1:N;num;0;$u32;capacity reserve --dry-run -- @;
ioasidctl;capacity cancel;#1:N;num;0;$u32;capacity cancel --dry-run -- @;
ioasidctl;cgroup show;--pid;num;1;$pidmax;cgroup show --pid @;
ioasidctl;cgroup set-limit;#2:N|max;limit;0;18446744073709551614;cgroup set-limit --dry-run --form ioasids -- /machine.slice @;
ioasidctl;vm add;--pid;num;1;$pidmax;vm add --dry-run --name t --pid @;
ioasidctl;vm move;--pid;num;1;$pidmax;vm move --dry-run --cgroup /machine.slice --pid @;
ioasidctl;vm remove;--pid;num;1;$pidmax;vm remove --dry-run --pid @;
ioasidctl;sim init;--vms;num;0;$ok8;sim init $tmp/new --vms @;
ioasidctl;sim init;--notify-keep;num;1;65536;sim init $tmp/new --notify-keep @;
ioasidctl;sim inject-prq;--ioasid;num;0;$pasidmax;sim inject-prq $d --dry-run --count 1 --ioasid @;
ioasidctl;sim inject-prq;--count;num;1;18446744073709551615;sim inject-prq $d --dry-run --ioasid 1 --count @;
ioasidctl;uapi selftest;--vm;num;1;$pidmax;uapi selftest --dry-run --vm @;
ioasidctl;uapi selftest;--spid;num;0;4294967294;uapi selftest --dry-run --spid @;
ioasidctl;uapi selftest;--min;num;0;4294967294;uapi selftest --dry-run --min @;
ioasidctl;uapi selftest;--max;num;0;4294967294;uapi selftest --dry-run --max @;
ioasidctl;prq trace;--count;num;1;1000000000;prq trace --count @;
ioasidctl;prq trace;--duration;sec;0.001;1000000000;prq trace --duration @;
ioasidctl;prq trace;--interval;sec;0.001;1000000000;prq trace --interval @;
ioasidctl;monitor;--count;num;0;9223372036854775807;monitor --timeout 0.2 --count @;
ioasidctl;monitor;--timeout;sec;0;1000000000;monitor --timeout @;
ioasidctl;monitor;--buffer-size;num;0;$pidmax;monitor --timeout 0.2 --buffer-size @;
ioasidctl;dump;--max-file-size;size;1;1073741824;dump -o $tmp/d.tar.gz --max-file-size @;
ioasidtop;-;--iterations;num;0;$pidmax;-d 0.1 --plain --iterations @;grep -c ^.emulated.
ioasidtop;-;--delay;sec;0;1000000000;-n 1 --plain --delay @;grep -c ^.emulated."

row_of() { # PROG CMD ARG -> the row
	printf '%s\n' "$table" | awk -F';' -v p="$1" -v c="$2" -v a="$3" '
		$1 == p && $2 == c && $3 == a { print; exit }'
}

# ---- what the programs say they take
derived=$tmp/derived
: >"$derived"
unclassified=0
classify() { # PROG CMD ARG NAME
	case "$numeric" in *" $4 "*)
		printf '%s;%s;%s\n' "$1" "$2" "$3" >>"$derived"
		return ;;
	esac
	case "$other" in *" $4 "*) return ;; esac
	echo "# $1 $2: argument $3 named '$4' is unclassified (add it to ids.sh)"
	unclassified=$((unclassified + 1))
}
cmds=$("$IOASIDCTL" --help | sed -n '/^Commands:/,/^$/p' | sed '1d;$d' | cut -c3-18 | sed 's/ *$//')
check "ioasidctl --help lists commands" [ -n "$cmds" ]
printf '%s\n' "$cmds" >"$tmp/cmds"
while read -r cmd; do
	# shellcheck disable=SC2086
	"$IOASIDCTL" $cmd --help >"$tmp/help" 2>&1
	sed -n '/^Command options:/,/^$/p' "$tmp/help" |
		sed -n 's/^ *\(-[A-Za-z?], \)\{0,1\}\(--[a-z-]*\)=\([^ ]*\).*/\2 \3/p' >"$tmp/opts"
	while read -r opt name; do
		classify ioasidctl "$cmd" "$opt" "$name"
	done <"$tmp/opts"
	# the usage line's positional words: not an option, not an option's
	# argument (the options taking one are those with =ARG above)
	usage=$(sed -n '1s/^Usage: [^ ]* *//p' "$tmp/help" | sed 's/\[OPTION\.\.\.\]//; s/[][]/ /g; s/|-/ -/g')
	k=0 skip=0
	for w in $usage; do
		if [ $skip = 1 ]; then
			skip=0
			continue
		fi
		case $w in
		-*) grep -q "^$w " "$tmp/opts" && skip=1; continue ;;
		'|') continue ;;
		esac
		k=$((k + 1))
		classify ioasidctl "$cmd" "#$k:$w" "$w"
	done
done <"$tmp/cmds"
"$TOP" --help | sed -n '/^Options:/,/^$/p' |
	sed -n 's/^ *\(-[A-Za-z?], \)\{0,1\}\(--[a-z-]*\) \([^ ]\{1,\}\) .*/\2 \3/p' >"$tmp/opts"
check "ioasidtop --help lists options with arguments" [ -s "$tmp/opts" ]
while read -r opt name; do
	classify ioasidtop - "$opt" "$name"
done <"$tmp/opts"
check "every argument name is classified" [ "$unclassified" -eq 0 ]
nderived=$(wc -l <"$derived")
check "numbers found in the help of the programs ($nderived)" [ "$nderived" -ge 40 ]
missing=0
while IFS=';' read -r prog cmd arg; do
	if [ -z "$(row_of "$prog" "$cmd" "$arg")" ]; then
		echo "# $prog $cmd $arg: takes a number but has no row in ids.sh (unclassified)"
		missing=$((missing + 1))
	fi
done <"$derived"
check "every command taking a number is classified in the table" [ "$missing" -eq 0 ]
stale=0
printf '%s\n' "$table" | cut -d';' -f1-3 >"$tmp/rows"
while read -r r; do
	grep -qxF "$r" "$derived" || { echo "# $r: in the table, not in --help"; stale=$((stale + 1)); }
done <"$tmp/rows"
check "every row of the table is a number the help names" [ "$stale" -eq 0 ]

# ---- running them
bound=
command -v timeout >/dev/null && bound="timeout 20"
# run PROG LINE VALUE: $rc, $out (stdout, through $filter), $err
run() {
	prog=$1 line=$2 val=$3
	set --
	for w in $line; do
		if [ "$w" = @ ]; then set -- "$@" "$val"; else set -- "$@" "$w"; fi
	done
	rm -rf "$tmp/new"
	# bounded: a value read wrongly must not make a monitor wait for long
	if [ "$prog" = ioasidtop ]; then
		$bound "$TOP" --sim "$d" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	else
		$bound "$IOASIDCTL" --sim "$d" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	fi
	rc=$?
	# shellcheck disable=SC2086
	[ -n "$filter" ] && { $filter <"$tmp/out" >"$tmp/f"; mv "$tmp/f" "$tmp/out"; }
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
# the checks: refused as the template says; two runs alike, not refused
refused() { [ "$rc" -eq 2 ] && [ "$err" = "$expect" ]; }
same() { [ "$a_rc" -eq "$rc" ] && [ "$a_out" = "$out" ] && [ "$a_err" = "$err" ] && [ "$rc" -ne 2 ]; }
# a decimal string plus one (past 2^64 as well)
incr() {
	printf '%s\n' "$1" | awk '{
		n = $0; i = length(n)
		while (i > 0 && substr(n, i, 1) == "9") { n = substr(n, 1, i - 1) "0" substr(n, i + 1); i-- }
		if (i == 0) n = "1" n
		else n = substr(n, 1, i - 1) (substr(n, i, 1) + 1) substr(n, i + 1)
		print n }'
}
# whether decimal a < b (strings of any length)
less() { [ ${#1} -lt ${#2} ] || { [ ${#1} -eq ${#2} ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort | head -1)" != "$2" ]; }; }

nrows=0
while IFS=';' read -r prog cmd arg form min max line filter; do
	nrows=$((nrows + 1))
	aname=${arg#\#*:}
	what="$prog${cmd:+ $cmd} $arg"
	[ "$cmd" = - ] && what="$prog $arg"
	case $form in
	num) desc="a decimal number from $min to $max" ;;
	limit) desc="a decimal number from 0 to 18446744073709551614, or max" ;;
	sec) desc="a decimal number of seconds from $min to $max" ;;
	size) desc="a decimal number of bytes from $min to $max, or of KiB or MiB with K or M" ;;
	esac
	bad="0x1|-1|+1| 1|1 ||abc|0X10"
	case $form in
	num | size)
		bad="$bad|$(incr "$max")"
		less "$(incr "$max")" 4294967296 && bad="$bad|4294967296"
		[ "$min" = 1 ] && bad="$bad|0"
		[ "$form" = size ] && bad="$bad|1G|1KB|$(incr "$max")K"
		;;
	limit) bad="$bad|18446744073709551615|18446744073709551616|MAX" ;;
	sec) bad="$bad|1e3|.5|5.|inf|1,5|$(incr "$max")" ;;
	esac
	# refused, each with the one line of the template
	oldifs=$IFS
	IFS='|'
	# shellcheck disable=SC2086
	set -- $bad
	IFS=$oldifs
	for v in "$@"; do
		run "$prog" "$line" "$v"
		expect="$prog: $aname: '$v' is not $desc"
		case $v in 0x* | 0X*) expect="$expect (0x is not accepted)" ;; esac
		case $v in *[!0-9]* | '') ;; *) less 18446744073709551615 "$v" &&
			expect="$expect (too large for 64 bits)" ;; esac
		check "$what '$v': exit 2, one line: $expect" refused
	done
	# accepted: leading zeros are decimal (08 is 8: base 0 would refuse
	# it, read as octal; 010 is ten, not eight)
	case $form in
	sec) pairs="00.5=0.5" ;;
	size) pairs="010=10 08K=8K" ;;
	*) pairs="010=10 08=8" ;;
	esac
	for p in $pairs; do
		run "$prog" "$line" "${p%%=*}"
		a_rc=$rc a_out=$out a_err=$err
		run "$prog" "$line" "${p#*=}"
		check "$what '${p%%=*}' is '${p#*=}' (exit $rc)" same
	done
done <<EOF
$table
EOF
check "the table was run ($nrows rows)" [ "$nrows" -eq "$(printf '%s\n' "$table" | wc -l)" ]
check "the emulated host is unchanged (sim check)" "$IOASIDCTL" sim check "$d" >/dev/null
finish
