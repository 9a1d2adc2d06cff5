#!/bin/sh
# The emulated host under hostile input (issue 13): exit statuses and
# messages of the sim commands (items 11, 12), sim check against same-length
# edits of the rendered files (item 6), the state file's ranges (item 7),
# a repeated option's leak (item 14).
# Expected statuses are ioasidctl-sim(8)'s EXIT STATUS; expected contents
# are the model's (what the state file says), never the tool's output.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null || exit 1

# lines on stderr, and whether one names OBJ exactly once
nlines() { printf '%s' "$1" | grep -c '' ; }
once() { [ "$(printf '%s\n' "$1" | grep -o -F -- "$2" | wc -l)" -eq 1 ]; }

# ---- item 11: a plain directory is not an emulated host: 4, named once ----
mkdir "$tmp/plain"
err=$("$IOASIDCTL" sim check "$tmp/plain" 2>&1 >/dev/null)
check "sim check on a plain directory: exit 4" [ $? -eq 4 ]
check "  one line, naming the directory once ($err)" eval \
	'[ "$(nlines "$err")" -eq 1 ] && once "$err" "$tmp/plain"'
err=$("$IOASIDCTL" --sim "$tmp/plain" vm add --pid 4100 --name x 2>&1 >/dev/null)
check "vm add on a plain directory: exit 4" [ $? -eq 4 ]
check "  one line, naming the directory once ($err)" eval \
	'[ "$(nlines "$err")" -eq 1 ] && once "$err" "$tmp/plain"'
err=$("$IOASIDCTL" --sim "$tmp/plain" set list 2>&1 >/dev/null)
check "set list on a plain directory: exit 4" [ $? -eq 4 ]
"$IOASIDCTL" sim check "$tmp/nonexistent" >/dev/null 2>&1
check "sim check on a missing directory: exit 3" [ $? -eq 3 ]
out=$("$IOASIDCTL" --sim "$d" sim check 2>&1)
check "sim check takes the host from --sim ($out)" [ "$out" = "$d: ok" ]
out=$(IOASIDCTL_SIM=$d "$IOASIDCTL" sim check 2>&1)
check "sim check takes the host from IOASIDCTL_SIM ($out)" [ "$out" = "$d: ok" ]
out=$(IOASIDCTL_SIM=$d "$IOASIDCTL" sim inject-prq --ioasid 1 --count 1 2>&1)
check "sim inject-prq takes the host from IOASIDCTL_SIM" [ $? -eq 0 ]
out=$(IOASIDCTL_SIM=$d "$IOASIDCTL" sim check "$tmp/plain" 2>&1)
check "  DIR wins over IOASIDCTL_SIM (a default): exit 4" [ $? -eq 4 ]
out=$("$IOASIDCTL" --sim "$d" sim check "$tmp/plain" 2>&1)
check "  and over --sim: exit 4" [ $? -eq 4 ]
out=$("$IOASIDCTL" --sim "$tmp/s2" sim init --vms 1 2>&1)
rc=$?
check "sim init takes the directory from --sim" eval '[ $rc -eq 0 ] && [ -L "$tmp/s2/current" ]'
out=$("$IOASIDCTL" sim check 2>&1)
check "sim check without any host: usage error" [ $? -eq 2 ]

# ---- item 12: counters, numbers, the PCI dump ----
h=$tmp/prq
"$IOASIDCTL" sim init "$h" --vms 1 >/dev/null
"$IOASIDCTL" sim inject-prq "$h" --ioasid 1 --count 18446744073709551615 >/dev/null
check "inject-prq of 2^64-1 page requests" [ $? -eq 0 ]
err=$("$IOASIDCTL" sim inject-prq "$h" --ioasid 1 --count 5 2>&1 >/dev/null)
check "then 5 more: refused, exit 1 (the counters would wrap)" [ $? -eq 1 ]
check "  one line naming --count ($err)" eval \
	'[ "$(nlines "$err")" -eq 1 ] && match "$err" "^ioasidctl: --count: .*past 18446744073709551615"'
# the counter is the model's: the state file's ioasid record (field 7, PRQ)
prq=$(awk '$1 == "ioasid" && $2 == 1 { print $7 }' "$h/current/.sim/state")
check "  nothing counted: ioasid 1's counter is 2^64-1 ($prq)" [ "$prq" = 18446744073709551615 ]
check "  sim check ok" eval '"$IOASIDCTL" sim check "$h" >/dev/null'
err=$("$IOASIDCTL" sim inject-prq "$h" --ioasid 999 --count 1 2>&1 >/dev/null)
check "an unallocated PASID on the full unit: refused too (exit 1)" [ $? -eq 1 ]
err=$("$IOASIDCTL" sim inject-prq "$h" --ioasid 1 --count 18446744073709551616 2>&1 >/dev/null)
check "a count past 64 bits: usage error" [ $? -eq 2 ]
check "  says it is too large for 64 bits ($err)" match "$err" 'too large for 64 bits'
for v in 0 '' -0 +1 ' 1' 65537 0x10; do
	"$IOASIDCTL" sim init "$tmp/k" --notify-keep "$v" >/dev/null 2>&1
	rc=$?
	check "sim init --notify-keep '$v': usage error" eval '[ $rc -eq 2 ] && [ ! -e "$tmp/k/current" ]'
done
for v in '' -0 -1 100001 1e3; do
	"$IOASIDCTL" sim init "$tmp/v" --vms "$v" >/dev/null 2>&1
	rc=$?
	check "sim init --vms '$v': usage error" eval '[ $rc -eq 2 ] && [ ! -e "$tmp/v/current" ]'
done
for cmd in status "device list" "iommu list"; do
	# shellcheck disable=SC2086
	"$IOASIDCTL" --sim "$d" --pci-dump "$tmp/nonexistent" $cmd >/dev/null 2>&1
	check "--pci-dump of a missing file on an emulated host ($cmd): exit 3" [ $? -eq 3 ]
	# shellcheck disable=SC2086
	"$IOASIDCTL" --sysroot "$d/current" --pci-dump "$tmp/nonexistent" $cmd >/dev/null 2>&1
	check "  as on a sysroot" [ $? -eq 3 ]
done

# ---- item 7: every ID and count of the state file is range-checked on load.
# A one-number edit of a set ID (set 3 -> set 268435459, the fuzzer's find,
# kept in fuzz/corpus/sim_state/set-id-268435459) made the model size its
# set array by the ID: 2.1 GB and seconds, under a 512 MiB address-space
# limit here an allocation failure; it is refused by its line instead, and
# no mutation publishes from it. ----
h=$tmp/range
"$IOASIDCTL" sim init "$h" --vms 2 >/dev/null
st=$h/current/.sim/state
cp "$st" "$tmp/state.good"
# edit VALUE in the record KIND ID: a field of the state file
edit() {
	awk -v r="$1" -v old="$2" -v new="$3" -v f="$4" \
		'$1 == r && $2 == old && !done { $f = new; done = 1 } { print }' \
		"$tmp/state.good" >"$st.new" && mv "$st.new" "$st"
}
# a 512 MiB address-space limit, where the program runs under one (ASan's
# shadow memory does not: the sanitizer pass runs without it)
limit=
probe=$(sh -c 'ulimit -v 524288 && "$0" --version >/dev/null 2>&1; echo $?' "$IOASIDCTL" 2>/dev/null)
[ "$probe" = 0 ] && limit='ulimit -v 524288;'
refused() {
	what=$1 want=$2
	gen=$(readlink "$h/current")
	err=$( (eval "$limit" "$IOASIDCTL" sim check "$h") 2>&1 >/dev/null)
	rc=$?
	check "$what: sim check exits 1 ($rc)" [ $rc -eq 1 ]
	check "  names the line and the range ($err)" match "$err" "state line [0-9]+: $want"
	err=$( (eval "$limit" "$IOASIDCTL" --sim "$h" alloc --set 1 --count 1) 2>&1 >/dev/null)
	check "  alloc refuses to publish from it" eval '[ "$(readlink "$h/current")" = "$gen" ]'
	cp "$tmp/state.good" "$st"
}
edit set 3 268435459 2
refused "set 3 -> set 268435459" "set ID 268435459 out of range"
edit set 3 4294967294 2
refused "set 3 -> set 4294967294" "set ID 4294967294 out of range"
edit counters 1048576 4294967294 4
refused "next set ID 4294967294" "next set ID 4294967294 out of range"
edit ioasid 1 4000000 3
refused "IOASID 1 in set 4000000" "IOASID 1 in set 4000000, out of range"
edit ioasid 1 1048576 2
refused "IOASID 1048576" "IOASID 1048576 out of range"
edit set 2 1048577 5
refused "set 2 quota 1048577" "set 2 quota 1048577 out of range"
edit default_quota 1024 2000000 2
refused "default_quota 2000000" "bad default_quota"
check "the untouched state still checks" eval '"$IOASIDCTL" sim check "$h" >/dev/null'

# ---- item 14: a repeated string option (the last wins) leaks nothing. The
# leak shows under LeakSanitizer: scripts/test.sh's pass 2 runs this file in
# the --enable-sanitizers build with ASAN_OPTIONS=detect_leaks=1:abort_on_error=1,
# where the 2 bytes of the first copy made the command abort. ----
h=$tmp/rep
"$IOASIDCTL" sim init "$h" --vms 1 >/dev/null
out=$("$IOASIDCTL" sim inject-prq "$h" --ioasid 1 --ioasid 2 --count 3 --count 4 \
	--unit dmar0 --unit dmar1 2>&1)
check "inject-prq with each option twice: the last wins ($out)" \
	[ "$out" = "dmar1: 4 page requests for ioasid 2" ]
out=$("$IOASIDCTL" --sim "$h" set list -o set -o set,type --sim "$h" -n 2>&1)
check "set list with --sim and -o twice: the last wins" match "$out" '^ +1 +null$'

finish
