#!/bin/sh
# Bad input never crashes: a sysroot with garbage, empty, truncated,
# oversized and looping sysfs files. Expected values are derived by hand
# from the kernel's formulas (drivers/iommu/intel/dmar.c alloc_iommu():
# max_pasids = 2UL << ecap_pss when sm && SMTS && PASID), not from the tool.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/proc/sys/kernel" "$root/sys/kernel/iommu_groups/7/devices"
echo "6.12.117+deb12-amd64" > "$root/proc/sys/kernel/osrelease"
echo "BOOT_IMAGE=/vmlinuz root=/dev/sda1 intel_iommu=on,sm_on" > "$root/proc/cmdline"
unit() {	# unit NAME CAP ECAP
	d="$root/sys/devices/virtual/iommu/$1"
	mkdir -p "$d/intel-iommu" "$d/devices" "$root/sys/class/iommu"
	printf '%s\n' "1:0" > "$d/intel-iommu/version"
	printf '%s\n' "fed90000" > "$d/intel-iommu/address"
	printf '%s' "$2" > "$d/intel-iommu/cap"
	printf '%s' "$3" > "$d/intel-iommu/ecap"
	echo 256 > "$d/intel-iommu/domains_supported"
	echo 3 > "$d/intel-iommu/domains_used"
	ln -s "../../devices/virtual/iommu/$1" "$root/sys/class/iommu/$1"
}
# ecap: SMTS(43) PASID(40) PSS=19 (39:35) PRS(29) -> 0x99a0000000 | 1<<29
ecap=$(printf '%x' $(( (1 << 43) | (1 << 40) | (19 << 35) | (1 << 29) )))
unit dmar0 "d2008c22260286
" "$ecap
"
unit dmar1 "garbage!
" "$ecap
"
unit dmar2 "d2008c22260286
" ""
unit dmar4 "" "$ecap
"
# shell strings cannot hold NUL: write the byte directly
printf 'd2008c22260286\000ff\n' > "$root/sys/devices/virtual/iommu/dmar4/intel-iommu/cap"
head -c 20000000 /dev/zero | tr '\0' 'f' > "$root/sys/devices/virtual/iommu/dmar4/intel-iommu/domains_used"
ln -s dmar3 "$root/sys/class/iommu/dmar3"	# a symlink loop
printf '0x00000000fee00000 0x00000000feefffff msi\nnot a region\n' \
	> "$root/sys/kernel/iommu_groups/7/reserved_regions"
echo DMA > "$root/sys/kernel/iommu_groups/7/type"

out=$("$IOASIDCTL" --sysroot "$root" iommu list -J 2>"$root/err"); rc=$?
check "iommu list survives garbage (exit 0)" [ "$rc" -eq 0 ]
check "valid JSON" sh -c "printf '%s' '$out' | jq -e . >/dev/null"
j() { printf '%s' "$out" | jq -r "$1"; }
check "dmar0 scalable (cmdline sm_on)" [ "$(j '.iommus[] | select(.name=="dmar0") | .mode')" = scalable ]
check "dmar0 max_pasids = 2<<19" [ "$(j '.iommus[] | select(.name=="dmar0") | .max_pasids')" = 1048576 ]
check "dmar0 pasid_bits = PSS+1" [ "$(j '.iommus[] | select(.name=="dmar0") | .pasid_bits')" = 20 ]
check "dmar0 cap is a hex string" [ "$(j '.iommus[] | select(.name=="dmar0") | .cap')" = d2008c22260286 ]
check "dmar1 garbage cap is null" [ "$(j '.iommus[] | select(.name=="dmar1") | .cap')" = null ]
check "dmar1 max_pasids unknown is null" [ "$(j '.iommus[] | select(.name=="dmar1") | .max_pasids')" = null ]
check "dmar2 empty ecap is null" [ "$(j '.iommus[] | select(.name=="dmar2") | .ecap')" = null ]
check "dmar4 NUL byte in cap is null" [ "$(j '.iommus[] | select(.name=="dmar4") | .cap')" = null ]
check "dmar4 oversized file is null" [ "$(j '.iommus[] | select(.name=="dmar4") | .domains_used')" = null ]
check "dmar3 symlink loop listed as other" [ "$(j '.iommus[] | select(.name=="dmar3") | .type')" = other ]

out=$("$IOASIDCTL" --sysroot "$root" group list -J); rc=$?
check "group list with a garbage region line exits 0" [ "$rc" -eq 0 ]
check "group 7 keeps its good region" [ "$(j '.groups[0].reserved_regions[0].type')" = msi ]

"$IOASIDCTL" --sysroot "$root" cgroup list >/dev/null 2>"$root/err"; rc=$?
check "cgroup list without mountinfo exits 3" [ "$rc" -eq 3 ]
check "cgroup list without mountinfo: one line naming it" \
	[ "$(grep -c /proc/self/mountinfo "$root/err")" -eq 1 ]
printf 'garbage\0\n1 2\n' > "$root/proc/self-mountinfo" && mkdir -p "$root/proc/self" &&
	mv "$root/proc/self-mountinfo" "$root/proc/self/mountinfo"
"$IOASIDCTL" --sysroot "$root" cgroup list >/dev/null 2>"$root/err"; rc=$?
check "cgroup list on garbage mountinfo exits 4 (no cgroup2)" [ "$rc" -eq 4 ]
"$IOASIDCTL" --sysroot "$root/nonexistent" status >/dev/null 2>"$root/err"; rc=$?
check "missing sysroot exits 3 (not found)" [ "$rc" -eq 3 ]
check "missing sysroot: one stderr line naming it" [ "$(wc -l < "$root/err")" -eq 1 ]
check "missing sysroot: the line names the path" grep -q nonexistent "$root/err"
out=$("$IOASIDCTL" --sysroot "$root/nonexistent" status -J 2>/dev/null)
check "-J error object has the errno name" [ "$(j '.error.errno')" = ENOENT ]
"$IOASIDCTL" --sysroot "$root" iommu list -o NAME,BOGUS >/dev/null 2>&1; rc=$?
check "unknown column exits 2" [ "$rc" -eq 2 ]
"$IOASIDCTL" --sysroot "$root" iommu list dmar77 >/dev/null 2>&1; rc=$?
check "unknown unit exits 3" [ "$rc" -eq 3 ]
out=$("$IOASIDCTL" --sysroot "$root" iommu list -r -n -o NAME,MAX_PASIDS dmar0)
check "raw -o output" [ "$out" = "dmar0 1048576" ]
# a terminal escape in a sysfs string never reaches the terminal; a
# backslash prints as itself in tables (systemd's \x2d names)
mkdir -p "$root/sys/kernel/iommu_groups/77/devices"
printf 'a\033[31mb\\x2d\n' >"$root/sys/kernel/iommu_groups/77/name"
echo DMA >"$root/sys/kernel/iommu_groups/77/type"
out=$("$IOASIDCTL" --sysroot "$root" group list -n -o NAME 2>/dev/null | tail -n 1)
check "table: control characters shown as ?" [ "$out" = 'a?[31mb\x2d' ]
out=$("$IOASIDCTL" --sysroot "$root" group list -J -o NAME 2>/dev/null)
check "JSON keeps the exact name" [ "$(j '.groups[-1].name')" = "$(printf 'a\033[31mb\\x2d')" ]
# stats on the same garbage: exit 0, unknown values left out (never 0)
out=$("$IOASIDCTL" --sysroot "$root" stats 2>/dev/null); rc=$?
check "stats survives garbage (exit 0)" [ "$rc" -eq 0 ]
check "stats: dmar0 max_pasids 2<<19" match "$out" '^ioasid_iommu_max_pasids\{iommu="dmar0"\} 1048576$'
check "stats: dmar1's unknown max_pasids left out" \
	[ "$(printf '%s\n' "$out" | grep -c '^ioasid_iommu_max_pasids{iommu="dmar1"}')" -eq 0 ]
if command -v promtool >/dev/null; then
	check "stats on garbage: promtool accepts" sh -c 'printf "%s\n" "$1" | promtool check metrics' sh "$out"
fi
finish
