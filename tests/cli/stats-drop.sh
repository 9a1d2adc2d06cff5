#!/bin/sh
# ioasidctl stats: a value left out because it could not be read (garbage,
# empty, unreadable) sets its source's ioasid_scrape_error to 1, as
# ioasidctl-stats(8) says ("A value that cannot be read is left out ...; the
# source it came from gets ioasid_scrape_error{source="..."} 1"). Issue 13
# item 9. The host is a sysroot copied from an emulated host's generation,
# then one file at a time is spoilt; an unreadable file is a directory in
# its place (EISDIR: root reads any file).
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$IOASIDCTL" sim init "$tmp/host" --vms 2 >/dev/null || exit 1
scope='machine.slice/machine-qemu\x2d1\x2dvm1.scope'

clean=$("$IOASIDCTL" --sim "$tmp/host" stats 2>/dev/null)
check "the emulated host: no source in error" eval \
	'! printf "%s\n" "$clean" | grep -q "^ioasid_scrape_error{.*} 1$"'

# spoil FILE HOW SOURCE METRIC: the series METRIC of the clean scrape is
# gone and ioasid_scrape_error{source=SOURCE} is 1
spoil() {
	file=$1 how=$2 src=$3 metric=$4
	rm -rf "$tmp/sr"
	cp -a "$tmp/host/current/." "$tmp/sr"
	# a set's values come from the set dump (ABI v2 GET_SET) where the
	# host stores one; without it (a v1 kernel) from sysfs, spoilt here
	case $file in sys/kernel/ioasid/sets/*) rm -rf "$tmp/sr/genl/ioasid/GET_SET" ;; esac
	case $how in
	garbage) printf 'garbage\n' >"$tmp/sr/$file" ;;
	empty) : >"$tmp/sr/$file" ;;
	unreadable) rm -f "$tmp/sr/$file" && mkdir "$tmp/sr/$file" ;;
	esac
	out=$("$IOASIDCTL" --sysroot "$tmp/sr" stats 2>"$tmp/err")
	rc=$?
	check "$file $how: exit 0" [ $rc -eq 0 ]
	check "  the series is in the clean scrape ($metric)" eval \
		'printf "%s\n" "$clean" | grep -qF -- "$metric "'
	check "  and left out" eval '! printf "%s\n" "$out" | grep -qF -- "$metric "'
	check "  ioasid_scrape_error{source=\"$src\"} 1" eval \
		'printf "%s\n" "$out" | grep -qxF "ioasid_scrape_error{source=\"$src\"} 1"'
	check "  one note on stderr" eval '[ "$(grep -c "could not be read" "$tmp/err")" -eq 1 ]'
}
for how in garbage empty unreadable; do
	spoil sys/kernel/ioasid/sets/2/quota $how sets 'ioasid_set_quota{set="2"}'
	spoil sys/kernel/ioasid/sets/3/allocated $how sets 'ioasid_set_allocated{set="3"}'
	spoil sys/kernel/ioasid/capacity/available $how extension 'ioasid_capacity_available'
	spoil "sys/fs/cgroup/$scope/ioasids.current" $how cgroup \
		'ioasid_cgroup_current{cgroup="/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope",controller="ioasids"}'
	# an empty misc.current is a value of 0 to the reader (the kernel
	# leaves out a resource of capacity 0 and usage 0): not spoilt here
	[ $how = empty ] && continue
	spoil "sys/fs/cgroup/$scope/misc.current" $how cgroup \
		'ioasid_cgroup_current{cgroup="/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope",controller="misc"}'
done
finish
