#!/bin/sh
# ioasidctl diff on the captured real kernels of tests/data/vm. Expected
# differences come from the captures themselves, not from the tool: the
# kernel command line QEMU passed (meta.txt cmdline=), the kernel release
# (meta.txt kernel=), the oracle module's lines (oracle.txt: the IOMMU's
# max_pasids and each device's ats_enabled as the kernel computed them),
# the captured kernel config file. The host's PASID answer on the VT-d
# pair follows the oracle's dmar0 max_pasids: 2 (the kernel gives PASIDs,
# scalable mode) against 0 (legacy mode: none).
. "$(dirname "$0")/lib.sh"
src=${top_srcdir:-.}
v=$src/tests/data/vm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in 6.12-vtd-sm 6.12-vtd-legacy 6.1-amd 6.12-amd; do
	[ -f "$v/$r/oracle.txt" ] || { echo "SKIP: no capture $v/$r"; exit 77; }
done
meta() { sed -n "s/^$2=//p" "$v/$1/meta.txt"; }
iommu_max() { sed -n 's/^ioasid-oracle: iommu name=[^ ]* max_pasids=\([0-9]*\).*/\1/p' "$v/$1/oracle.txt"; }
ats() { sed -n "s/^ioasid-oracle: dev name=$2 .* ats_enabled=\([01]\).*/\1/p" "$v/$1/oracle.txt" | sed 's/1/yes/;s/0/no/'; }
# row SECTION SUBJECT KEY: "A|B" of that difference (the -P output in $tmp/out)
row() { grep -F "SECTION=\"$1\" SUBJECT=\"$2\" KEY=\"$3\" " "$tmp/out" | sed 's/.* A="\(.*\)" B="\(.*\)"$/\1|\2/'; }

# --- 6.12 scalable mode against legacy mode
a=6.12-vtd-sm b=6.12-vtd-legacy
"$IOASIDCTL" diff "$v/$a/sysroot" "$v/$b/sysroot" -P >"$tmp/out" 2>"$tmp/err"
rc=$?
check "$a vs $b: exit 1 (the answers differ)" [ $rc -eq 1 ]
check "  command lines as QEMU passed them" [ "$(row kernel host cmdline)" = "$(meta $a cmdline)|$(meta $b cmdline)" ]
check "  dmar0 max_pasids $(iommu_max $a) vs $(iommu_max $b) (oracle)" [ "$(row iommu dmar0 max_pasids)" = "$(iommu_max $a)|$(iommu_max $b)" ]
check "  0000:01:00.0 ATS enabled $(ats $a 0000:01:00.0) vs $(ats $b 0000:01:00.0) (oracle)" \
	[ "$(row device 0000:01:00.0 ats_enabled)" = "$(ats $a 0000:01:00.0)|$(ats $b 0000:01:00.0)" ]
check "  the host's PASID answer: yes vs no" match "$(row answer host pasid)" '^yes\|no '
check "  the scalable-mode step differs, both evidences shown" \
	match "$(row step dmar0 vtd.scalable_mode)" '^ok: scalable mode.*sm_on\|fail: legacy mode.*sm_off$'
check "  no release difference (both $(meta $a kernel))" [ -z "$(row kernel host release)" ]

# --- the AMD 6.1 guest against 6.12
a=6.1-amd b=6.12-amd
"$IOASIDCTL" diff "$v/$a/sysroot" "$v/$b/sysroot" -P >"$tmp/out" 2>"$tmp/err"
rc=$?
check "$a vs $b: exit 0 (PASID, SVA, page requests: no on both)" [ $rc -eq 0 ]
check "  releases $(meta $a kernel) vs $(meta $b kernel)" [ "$(row kernel host release)" = "$(meta $a kernel)|$(meta $b kernel)" ]
check "  ivhd0 max_pasids $(iommu_max $a) vs $(iommu_max $b) (oracle)" [ "$(row iommu ivhd0 max_pasids)" = "$(iommu_max $a)|$(iommu_max $b)" ]
check "  0000:01:00.0 ATS enabled $(ats $a 0000:01:00.0) vs $(ats $b 0000:01:00.0) (oracle)" \
	[ "$(row device 0000:01:00.0 ats_enabled)" = "$(ats $a 0000:01:00.0)|$(ats $b 0000:01:00.0)" ]
cfg() { sed -n "s/^CONFIG_AMD_IOMMU_V2=//p" "$v/$1"/sysroot/boot/config-* | head -1; }
check "  CONFIG_AMD_IOMMU_V2 $(cfg $a) vs absent (the captured config files)" \
	[ "$(row config host CONFIG_AMD_IOMMU_V2)" = "$(cfg $a)|(absent)" ] && [ -z "$(cfg $b)" ]

# --- every config option the rules read is compared (one list: the
# library's ioasid_kernel_config_options()): a copy of the 6.12 AMD capture
# whose config file (the kernel's .config format) says CONFIG_INTEL_IDXD_SVM
# and CONFIG_IOMMU_DEFAULT_PASSTHROUGH differently, options diff's own copy
# of the list used to lack (idxd.sva and amd.domain read them)
a=6.12-amd
cp -R "$v/$a/sysroot" "$tmp/cfgsys"
for f in "$tmp"/cfgsys/boot/config-*; do
	sed -i -e 's/^CONFIG_INTEL_IDXD_SVM=y$/# CONFIG_INTEL_IDXD_SVM is not set/' \
		-e 's/^# CONFIG_IOMMU_DEFAULT_PASSTHROUGH is not set$/CONFIG_IOMMU_DEFAULT_PASSTHROUGH=y/' "$f"
done
"$IOASIDCTL" diff "$v/$a/sysroot" "$tmp/cfgsys" -P >"$tmp/out" 2>"$tmp/err"
check "  CONFIG_INTEL_IDXD_SVM y vs n (is not set)" [ "$(row config host CONFIG_INTEL_IDXD_SVM)" = "y|n" ]
check "  CONFIG_IOMMU_DEFAULT_PASSTHROUGH n vs y" [ "$(row config host CONFIG_IOMMU_DEFAULT_PASSTHROUGH)" = "n|y" ]

# --- JSON, and a capture against its own dump archive (replays identically)
"$IOASIDCTL" diff "$v/6.12-vtd-sm/sysroot" "$v/6.12-vtd-legacy/sysroot" -J >"$tmp/j" 2>/dev/null
check "-J: the differences array with section, subject, key, a, b" \
	match "$(tr -d ' \n' <"$tmp/j")" '^\{"schema_version":1,"differences":\[\{"section":"kernel","subject":"host","key":"cmdline","a":"[^"]*","b":"[^"]*"\}'
if [ -f "$v/6.12-vtd-sm/dump.tar.gz" ]; then
	"$IOASIDCTL" diff "$v/6.12-vtd-sm/sysroot" "$v/6.12-vtd-sm/dump.tar.gz" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "a capture against its dump archive: exit 0" [ $rc -eq 0 ]
	check "  only the header: nothing differs" [ "$(wc -l <"$tmp/out")" -le 1 ]
fi

# --- emulated hosts and the live host
"$IOASIDCTL" sim init "$tmp/on" >/dev/null && "$IOASIDCTL" sim init "$tmp/off" --platform spr-dsa-pasid-off >/dev/null
"$IOASIDCTL" diff "$tmp/on" "$tmp/off" -P >"$tmp/out" 2>"$tmp/err"
check "emulated spr-dsa vs spr-dsa-pasid-off: exit 1" [ $? -eq 1 ]
check "  the ecap registers 0x3ef9ea6f050df vs 0x3ee9e86f050df (ioasidctl-sim(8))" \
	match "$(row iommu dmar0 ecap)" '^(0x)?3ef9ea6f050df\|(0x)?3ee9e86f050df$'
check "  the DSA 0000:6a:01.0 (PASID width 20, a real dump): PASID yes vs no, ecap.PASID clear" \
	match "$(row answer 0000:6a:01.0 pasid)" '^yes\|no \(vtd.pasid_hw on dmar'
check "  a device answer that agrees is not listed (its root port: no on both)" \
	[ "$(grep -c 'SECTION="answer" SUBJECT="0000:' "$tmp/out")" -eq 2 ]
"$IOASIDCTL" diff live live >/dev/null 2>&1
check "live against itself: exit 0" [ $? -eq 0 ]
"$IOASIDCTL" diff "$tmp/nosuch" live >/dev/null 2>"$tmp/err"
check "a side that does not exist: exit 3, one line" [ $? -eq 3 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]
"$IOASIDCTL" --sim "$tmp/on" diff live live >/dev/null 2>&1
check "a global --sim: exit 2 (the hosts are the arguments)" [ $? -eq 2 ]
# IOASIDCTL_SIM does not apply: "live" stays the running host, whose
# release is /proc/sys/kernel/osrelease (the emulated host's is Debian's 6.12)
IOASIDCTL_SIM=$tmp/on "$IOASIDCTL" diff "$tmp/off" live -P >"$tmp/out" 2>/dev/null
rel=$(cat /proc/sys/kernel/osrelease)
simrel=$(IOASIDCTL_SIM=$tmp/on "$IOASIDCTL" status -J 2>/dev/null | tr -d ' \n' | sed -n 's/.*"kernel":"\([^"]*\)".*/\1/p')
if [ -n "$simrel" ] && [ "$simrel" != "$rel" ]; then
	check "IOASIDCTL_SIM does not apply: live's release is $rel" [ "$(row kernel host release)" = "$simrel|$rel" ]
fi
"$IOASIDCTL" diff live >/dev/null 2>&1
check "one side only: exit 2" [ $? -eq 2 ]
finish
