#!/bin/bash
# Golden test of the reason chain on the committed real-kernel captures
# (tests/data/vm/*): for each configuration, `status` and `device why` must
# name the rule the guest kernel itself shows to be the one that said no.
#
# The expectations are derived here from the guest, not from ioasidctl:
#   - the kernel's own boot lines in serial.log: "DMAR: dmar0: ... ecap X"
#     (ECAP SMTS bit 43, PASID bit 40, SMPWC bit 48, PRS bit 29, from
#     drivers/iommu/intel/iommu.h) and "AMD-Vi: Extended features (0xEFR,"
#     (EFR EPHSUP bit 50, amd_iommu_types.h), "Command line: ...";
#   - oracle.txt: what the kernel computed (iommu max_pasids, each device's
#     pasid/ats enable state and capability offsets);
#   - the captured /proc/interrupts (a dmarN-prq line exists only when the
#     kernel set up the page request queue);
#   - the captured /proc/version: Debian's package version (the stable
#     release), against the releases Debian's changelog.Debian.gz names for
#     72f98ef9a4be "iommu: disable SVA when CONFIG_X86 is set" (listed under
#     ChangeLog-6.12.64 and ChangeLog-6.1.163): from those on
#     iommu_sva_bind_device() returns -EOPNOTSUPP on x86.
set -euo pipefail
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
IOASIDCTL=${IOASIDCTL:-$top/build/src/cmd/ioasidctl}
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { # NAME GOT WANT
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}
expect_in() { # NAME GOT WANT1 WANT2...
	local n=$1 got=$2
	shift 2
	for w in "$@"; do [ "$got" = "$w" ] && { ok; return; }; done
	bad "$n: got '$got', want one of: $*"
}

n=0
for run in "$top"/tests/data/vm/*/; do
	[ -d "$run/sysroot" ] || continue
	name=$(basename "$run")
	root=$run/sysroot
	n=$((n + 1))
	serial=$run/serial.log
	oracle=$run/oracle.txt
	kernel=$(sed -n 's/^ioasid-oracle: begin kernel=\([^ ]*\).*/\1/p' "$oracle")
	cmdline=$(sed -n 's/^\[[ 0-9.]*\] Command line: //p' "$serial" | head -1)
	ecap=$(sed -n 's/.*DMAR: dmar0: reg_base_addr .* ecap \([0-9a-f]*\).*/\1/p' "$serial" | head -1)
	efr=$(sed -n 's/.*AMD-Vi: Extended features (0x\([0-9a-f]*\),.*/\1/p' "$serial" | head -1)
	niommu=$(sed -n 's/^ioasid-oracle: end .* iommus=\([0-9]*\).*/\1/p' "$oracle")
	omax=$(sed -n 's/^ioasid-oracle: iommu name=[^ ]* max_pasids=\([0-9]*\).*/\1/p' "$oracle" | head -1)
	# the stable release: the last "Debian a.b.c" of the banner (the
	# compiler's "(Debian 12.2.0-14...)" comes first)
	stable=$(grep -o 'Debian [0-9]*\.[0-9]*\.[0-9]*' "$root/proc/version" 2>/dev/null | tail -1 |
		cut -d' ' -f2)
	sva_off=unknown
	case $stable in
	6.12.*) sva_off=$([ "${stable##*.}" -ge 64 ] && echo yes || echo no) ;;
	6.1.*) sva_off=$([ "${stable##*.}" -ge 163 ] && echo yes || echo no) ;;
	esac

	# --- the host: which rule decides PASID
	if [ "${niommu:-0}" -eq 0 ]; then
		want_pasid=no want_rule="firmware.table iommu.units"
	elif [ -n "$ecap" ]; then
		smts=$(((0x$ecap >> 43) & 1)) pasid=$(((0x$ecap >> 40) & 1))
		if [ "$smts" -eq 0 ] || [ "$pasid" -eq 0 ]; then
			want_pasid=no want_rule=vtd.pasid_hw
		elif [[ $cmdline == *sm_off* ]]; then
			want_pasid=no want_rule=vtd.scalable_mode
		elif [ "${omax:-0}" -gt 0 ]; then
			want_pasid=yes want_rule=null
		else
			want_pasid=no want_rule=vtd.max_pasids
		fi
	elif [ -n "$efr" ]; then
		case $kernel in
		6.12.*)
			# 6.12: max_pasids 1 (PASmax 0) is PASID 0 alone, and
			# devices get PASIDs from 1 (iommu.c
			# iommu_alloc_global_pasid()); then every device
			# capability is gated on GT, PPR and EPHSUP
			if [ "${omax:-0}" -le 1 ]; then
				want_pasid=no want_rule=amd.max_pasids
			elif [ $(((0x$efr >> 50) & 1)) -eq 0 ]; then
				want_pasid=no want_rule=amd.ephsup
			else
				want_pasid=yes want_rule=null
			fi ;;
		*)
			# 6.1 leaves iommu.max_pasids at 0: the oracle shows it
			if [ "${omax:-0}" -eq 0 ]; then
				want_pasid=no want_rule=amd.max_pasids
			else
				want_pasid=yes want_rule=null
			fi ;;
		esac
	else
		echo "SKIP $name: no DMAR/AMD-Vi boot line to derive from"
		continue
	fi
	st=$("$IOASIDCTL" --sysroot "$root" status -J)
	expect "$name status pasid" "$(jq -r .host.answers.pasid.answer <<<"$st")" "$want_pasid"
	# shellcheck disable=SC2086  # want_rule may list alternatives
	expect_in "$name status pasid rule" "$(jq -r .host.answers.pasid.rule <<<"$st")" $want_rule
	host_rule=$(jq -r .host.answers.pasid.rule <<<"$st")

	# VT-d page requests: the kernel creates dmarN-prq only when
	# pasid_supported() && ecap_prs() (init_dmars()); SVA needs SMPWC
	if [ -n "$ecap" ] && [ "$want_pasid" = yes ]; then
		prq_irq=no
		grep -q 'dmar0-prq' "$root/proc/interrupts" && prq_irq=yes
		expect "$name page requests vs dmar0-prq" \
			"$(jq -r .host.answers.page_requests.answer <<<"$st")" "$prq_irq"
		if [ $(((0x$ecap >> 48) & 1)) -eq 0 ]; then
			expect "$name vtd.svm fails (SMPWC=0)" \
				"$(jq -r '.chain[] | select(.rule == "vtd.svm") | .result' <<<"$st")" fail
			# drivers enable SVA before they bind: without SMPWC
			# intel_iommu_enable_sva() returns -ENODEV (6.12
			# intel/iommu.c:4132-4133, 6.1 :4721-4722) before the
			# bind's x86 switch-off, whatever the release
			expect "$name sva rule (SMPWC=0, x86 SVA off: $sva_off)" \
				"$(jq -r .host.answers.sva.rule <<<"$st")" vtd.svm
		fi
	fi
	# AMD: 6.1's amd_iommu_ops has no dev_enable_feat or sva_bind
	# (amd/iommu.c:2467-2490): the enable and the bind return -ENODEV
	# (iommu.c:2752, :2796) before the x86 check (:2802); 6.12's enable
	# checks nothing (amd/iommu.c:3063-3076), so the switch-off decides
	if [ -n "$efr" ] && [ "${niommu:-0}" -gt 0 ]; then
		case $kernel in
		6.1.*) expect "$name amd sva rule (6.1)" "$(jq -r .host.answers.sva.rule <<<"$st")" amd.sva_ops ;;
		6.12.*) [ "$sva_off" != yes ] ||
			expect "$name amd sva rule (6.12, x86 SVA off)" \
				"$(jq -r .host.answers.sva.rule <<<"$st")" kernel.sva_x86 ;;
		esac
	fi
	# every x86 host with an IOMMU: SVA is no where the release switches
	# it off, and the step says so
	if [ "${niommu:-0}" -gt 0 ] && [ "$sva_off" = yes ]; then
		expect "$name kernel.sva_x86 ($stable)" \
			"$(jq -r '.chain[] | select(.rule == "kernel.sva_x86") | .result' <<<"$st")" fail
		expect "$name sva ($stable)" "$(jq -r .host.answers.sva.answer <<<"$st")" no
	fi

	# --- every device the oracle saw behind an IOMMU
	while read -r line; do
		dev=$(sed -n 's/.* name=\([^ ]*\) .*/\1/p' <<<"$line")
		iommu=$(sed -n 's/.* iommu=\([^ ]*\) .*/\1/p' <<<"$line")
		[ "$iommu" != - ] || continue
		pen=$(sed -n 's/.* pasid_enabled=\([01]\).*/\1/p' <<<"$line")
		aen=$(sed -n 's/.* ats_enabled=\([01]\).*/\1/p' <<<"$line")
		pcap=$(sed -n 's/.* pasid_cap=\(0x[0-9a-f]*\).*/\1/p' <<<"$line")
		acap=$(sed -n 's/.* ats_cap=\(0x[0-9a-f]*\).*/\1/p' <<<"$line")
		why=$("$IOASIDCTL" --sysroot "$root" device why -J "$dev")
		d='.devices[0]'
		expect "$name $dev pasid" "$(jq -r "$d.answers.pasid.answer" <<<"$why")" \
			"$([ "$pen" = 1 ] && echo yes || echo no)"
		if [ "$pen" = 0 ]; then
			# the host's rule comes first; else the missing capability
			if [ "$host_rule" != null ]; then
				want=$host_rule
			elif [ "$pcap" = 0x0 ]; then
				want=pci.pasid_cap
			else
				want=pci.pasid_enabled
			fi
			expect "$name $dev pasid rule" "$(jq -r "$d.answers.pasid.rule" <<<"$why")" "$want"
		fi
		ats=$(jq -r "$d.chain[] | select(.rule == \"pci.ats\") | .result" <<<"$why")
		if [ "$aen" = 1 ]; then
			expect "$name $dev ats (oracle: enabled)" "$ats" ok
		elif [ "$acap" = 0x0 ]; then
			expect "$name $dev ats (oracle: no capability)" "$ats" fail
		else
			# capable but the kernel did not enable it: the chain must
			# say no (fail), not "would be enabled" (warn)
			expect "$name $dev ats (oracle: capable, not enabled)" "$ats" fail
		fi
	done < <(grep '^ioasid-oracle: dev ' "$oracle")
done
[ "$n" -gt 0 ] || { echo "SKIP: no captures under tests/data/vm"; exit 77; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
